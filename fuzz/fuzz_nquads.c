/* Fuzz target for the N-Quads parser and RDFC-1.0.
 *
 * Parses the input; when it is accepted, canonicalizes it with a small work bound
 * (poison graphs must fail with MC_ELIMIT, quickly), then checks two invariants and
 * aborts when one breaks:
 * - the serialized dataset parses again (the writer only emits valid N-Quads);
 * - the re-parsed dataset has the same canonical form (serializing loses nothing
 *   that canonicalization sees);
 * - the canonical lines are strictly increasing in code point order. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/rdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what, const struct mc_err *err)
{
	if (!ok) {
		fprintf(stderr, "fuzz_nquads: invariant broken: %s (%s)\n", what, err ? err->msg : "");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_rdf_dataset ds = {0}, ds2 = {0};
	struct mc_buf text, c1, c2;
	const struct mc_rdfc_opts opts = {.hash = size % 2 ? MC_RDFC_SHA384 : MC_RDFC_SHA256,
	                                  .max_work = 5000};

	if (size > 1 << 16)
		return 0;
	mc_arena_init(&a, 0);
	mc_buf_init(&text, MC_BUF_NOLIMIT);
	mc_buf_init(&c1, MC_BUF_NOLIMIT);
	mc_buf_init(&c2, MC_BUF_NOLIMIT);
	if (mc_nquads_parse(&a, (const char *)data, size, &ds, &err) != 0) {
		check(err.code == MC_EINVAL && strncmp(err.msg, "N-Quads line ", 13) == 0,
		      "parse errors are MC_EINVAL with a line number", &err);
		goto out;
	}
	check(mc_nquads_write(&text, &ds) == 0, "write", NULL);
	int rc1 = mc_rdfc_canonize(&a, &ds, &opts, &c1, NULL, &err);
	check(rc1 == 0 || rc1 == MC_ELIMIT, "canonicalize succeeds or hits the work bound", &err);

	int rc = mc_nquads_parse(&a, text.ptr, text.len, &ds2, &err);
	check(rc == 0, "serialized N-Quads parse again", &err);
	check(ds2.len == ds.len, "same number of quads after a round trip", NULL);
	int rc2 = mc_rdfc_canonize(&a, &ds2, &opts, &c2, NULL, &err);
	check(rc1 == rc2, "same canonicalization result after a round trip", &err);
	if (rc1 == 0) {
		check(c1.len == c2.len && memcmp(c1.ptr, c2.ptr, c1.len) == 0,
		      "same canonical form after a round trip", NULL);
		/* Lines strictly increasing in code point order (sorted, no duplicates). */
		const char *prev = NULL, *p = c1.ptr, *end = c1.ptr + c1.len;
		size_t prev_len = 0;
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			check(nl != NULL, "canonical output ends with a newline", NULL);
			size_t len = (size_t)(nl - p) + 1;
			if (prev) {
				int c = memcmp(prev, p, prev_len < len ? prev_len : len);
				check(c < 0 || (c == 0 && prev_len < len),
				      "canonical lines are sorted and unique", NULL);
			}
			prev = p;
			prev_len = len;
			p = nl + 1;
		}
	}
out:
	mc_buf_release(&text);
	mc_buf_release(&c1);
	mc_buf_release(&c2);
	mc_arena_release(&a);
	return 0;
}
