/* Private to microcred (src/canon, used by src/vc/proof_common.c): memoized
 * canonicalization of small flat JSON-LD objects — the Data Integrity proof
 * configuration, which every signature and every verification canonicalizes and
 * which differs from one proof to the next only in a few string values. */
#ifndef MC_CANON_JSONLD_MEMO_H
#define MC_CANON_JSONLD_MEMO_H

#include "microcred/jsonld.h"

/* Exactly mc_jsonld_canonize(a, doc, NULL, out, err): the same bytes appended to
 * out, the same errors. doc is borrowed. For a flat object (string members and a
 * @context of context URLs) whose shape was canonicalized before, the result is
 * made from a remembered canonical form; anything else takes the general path,
 * whose result may then be remembered. Thread-safe. */
int mc__jsonld_canonize_memo(struct mc_arena *a, const struct mc_json *doc, struct mc_buf *out,
                             struct mc_err *err);

/* How many canonical forms are remembered (for tests). */
size_t mc__jsonld_memo_entries(void);

#endif
