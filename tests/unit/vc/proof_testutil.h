/* Helpers shared by the Data Integrity proof tests (tests/unit/vc/test_proof*.c).
 * Private to the tests; every function is static so each test program takes what it
 * uses. Failures end the test through cmocka's fail_msg. */
#ifndef MC_TESTS_PROOF_TESTUTIL_H
#define MC_TESTS_PROOF_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/encoding.h"
#include "microcred/json.h"
#include "microcred/keys.h"
#include "microcred/proof.h"
#include "microcred/report.h"
#include "microcred/resolver.h"

/* Path of a file under the source tree (tests run from the project root, but honour
 * MC_SOURCE_DIR when set). */
static inline const char *tu_path(struct mc_arena *a, const char *rel)
{
	const char *root = getenv("MC_SOURCE_DIR");
	return root ? mc_arena_printf(a, "%s/%s", root, rel) : rel;
}

/* The bytes of a file, NUL-terminated, in the arena. */
static inline char *tu_read(struct mc_arena *a, const char *rel, size_t *len)
{
	struct mc_buf b;
	struct mc_err err = {0};
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	if (mc_buf_read_file(&b, tu_path(a, rel), &err) != 0)
		fail_msg("%s: %s", rel, err.msg);
	char *s = mc_arena_memdup(a, b.ptr, b.len + 1);
	if (len)
		*len = b.len;
	mc_buf_release(&b);
	return s;
}

static inline struct mc_json *tu_json(struct mc_arena *a, const char *rel)
{
	struct mc_err err = {0};
	struct mc_json *v;
	size_t n;
	char *s = tu_read(a, rel, &n);
	if (mc_json_parse(a, s, n, NULL, &v, &err) != 0)
		fail_msg("%s: %s", rel, err.msg);
	return v;
}

/* A text file without trailing whitespace (the vectors' .txt hashes). */
static inline char *tu_text_trim(struct mc_arena *a, const char *rel)
{
	size_t n;
	char *s = tu_read(a, rel, &n);
	while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
		s[--n] = 0;
	return s;
}

static inline char *tu_hex(struct mc_arena *a, const unsigned char *p, size_t n)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_hex_encode(&b, p, n);
	char *s = mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return s;
}

/* An Ed25519 signing key from a Multikey secret: 'z' + base58btc(0x1300 varint + 32-byte
 * seed), the "privateKeyMultibase"/"secretKeyMultibase" of the vectors. */
static inline void tu_key_from_secret_multibase(struct mc_key *k, const char *mb)
{
	struct mc_buf b;
	struct mc_err err = {0};
	mc_buf_init(&b, 256);
	if (mc_multibase_decode(&b, mb, strlen(mb), &err) != 0)
		fail_msg("%s: %s", mb, err.msg);
	if (b.len != 34 || (unsigned char)b.ptr[0] != 0x80 || (unsigned char)b.ptr[1] != 0x26)
		fail_msg("%s: not an Ed25519 secret key multibase (0x1300 + 32 bytes)", mb);
	if (mc_key_from_ed25519_seed(k, (const unsigned char *)b.ptr + 2, &err) != 0)
		fail_msg("seed: %s", err.msg);
	mc_buf_release(&b);
}

/* Writes the report's checks into a string, for failure messages. */
static inline const char *tu_report_text(struct mc_arena *a, const struct mc_report *r)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	for (size_t i = 0; i < r->len; i++)
		mc_buf_printf(&b, "  %s %s: %s\n", mc_check_status_name(r->checks[i].status), r->checks[i].id,
		              r->checks[i].message);
	char *s = mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return s;
}

/* The status of the check with this id, or -1 when absent. */
static inline int tu_check_status(const struct mc_report *r, const char *id)
{
	for (size_t i = 0; i < r->len; i++)
		if (strcmp(r->checks[i].id, id) == 0)
			return (int)r->checks[i].status;
	return -1;
}

static inline const char *tu_check_message(const struct mc_report *r, const char *id)
{
	for (size_t i = 0; i < r->len; i++)
		if (strcmp(r->checks[i].id, id) == 0)
			return r->checks[i].message;
	return NULL;
}

#endif
