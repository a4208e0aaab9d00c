/* Private to src/canon: canonical N-Quads term writing, shared by the N-Quads
 * serializer (nquads.c) and RDFC-1.0 (rdfc.c), which builds its lines from
 * pre-serialized terms. */
#ifndef MC_CANON_RDF_INTERNAL_H
#define MC_CANON_RDF_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "microcred/rdf.h"

/* Length of the leading run of s[0..n) that needs no attention: for IRIs (iri =
 * true), bytes that canonical N-Quads writes as they are (not <= 0x20 nor one of
 * <>"{}|^`\); for literals, bytes other than controls, '"', '\\', DEL and 0xEF.
 * stop_high also stops at bytes >= 0x80 (the parser validates UTF-8 there). */
size_t mc__nquads_plain_run(const unsigned char *s, size_t n, bool iri, bool stop_high);

/* An upper bound on the bytes mc__nquads_put_term writes for t (every byte of a
 * value can become a 6-byte \u00XX escape). */
static inline size_t mc__nquads_term_max(const struct mc_rdf_term *t)
{
	return 6 * t->value.len + 6 * t->datatype.len + t->lang.len + 16;
}

/* Writes t in canonical N-Quads form at dst (no NUL) and returns the byte count;
 * dst must have room for mc__nquads_term_max(t) bytes. Blank nodes are written as
 * "_:" + label; MC_RDF_NONE writes nothing. */
size_t mc__nquads_put_term(char *dst, const struct mc_rdf_term *t);

#endif
