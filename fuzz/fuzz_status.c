/* Fuzz target for status lists: the first byte picks what the rest is.
 *   'e' (or anything else): an encodedList text for mc_bitstring_decode;
 *   'g': raw compressed bytes, base64url-encoded then decoded (reaches zlib with
 *        arbitrary GZIP / zlib data: headers, bombs, truncation, trailing bytes);
 *   'c': a credential for mc_status_check against a fixed unsigned list served for
 *        every URL, and the same JSON read as a status list credential.
 * Invariants, any violation aborts:
 * - a decoded list has a whole, non-zero number of bytes within the size limit, and
 *   re-encodes and decodes to the same bits;
 * - mc_status_check returns MC_EVERIFY exactly when its report has a failed check,
 *   and every check carries an id and a message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/encoding.h"
#include "microcred/err.h"
#include "microcred/json.h"
#include "microcred/report.h"
#include "microcred/status.h"
#include "microcred/time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_status: %s\n", what);
		abort();
	}
}

static void decode_and_roundtrip(struct mc_arena *a, const char *s, size_t n)
{
	struct mc_bitstring bs, back;
	struct mc_err err = {0};
	struct mc_buf enc;
	if (mc_bitstring_decode(a, s, n, &bs, &err) != 0) {
		check(err.msg[0] != 0, "decode error without a message");
		return;
	}
	check(bs.nbits > 0 && bs.nbits % 8 == 0, "decoded list of a bad size");
	check(bs.nbits / 8 <= MC_STATUS_MAX_LIST_BYTES, "decoded list over the limit");
	mc_buf_init(&enc, MC_BUF_NOLIMIT);
	check(mc_bitstring_encode(&bs, &enc, &err) == 0, "re-encoding failed");
	check(mc_bitstring_decode(a, enc.ptr, enc.len, &back, &err) == 0, "re-encoded list does not decode");
	check(back.nbits == bs.nbits && memcmp(back.bits, bs.bits, bs.nbits / 8) == 0,
	      "round trip changed bits");
	mc_buf_release(&enc);
}

static const struct mc_json *fixed_list;

static int serve(void *ctx, const char *url, struct mc_arena *a, const struct mc_json **out,
                 struct mc_err *err)
{
	(void)ctx;
	(void)a;
	if (strstr(url, "offline"))
		return mc_err_set(err, MC_EUNSUPPORTED, "offline");
	if (strstr(url, "missing"))
		return mc_err_set(err, MC_ENOTFOUND, "missing");
	*out = fixed_list;
	return 0;
}

static void check_credential(struct mc_arena *a, const char *s, size_t n)
{
	struct mc_err err = {0};
	struct mc_json *cred, *list;
	struct mc_report r;
	struct mc_status_list l;
	if (mc_json_parse(a, s, n, NULL, &cred, &err) != 0)
		return;
	/* A list of the credential's issuer with bits 1 and 94567 set, valid from 2021. */
	struct mc_bitstring bs;
	const struct mc_json *iss = mc_json_get(cred, "issuer");
	struct mc_status_list_opts o = {.id = "https://example.com/status/3",
	                                .issuer = mc_json_is_string(iss) ? iss->v.str : "did:example:12345",
	                                .valid_from = "2021-04-05T14:27:40Z"};
	if (!*o.issuer)
		o.issuer = "did:example:12345";
	check(mc_bitstring_new(a, 131072, &bs, &err) == 0, "new bitstring");
	mc_bitstring_set(&bs, 1, 1, 1, &err);
	mc_bitstring_set(&bs, 94567, 1, 1, &err);
	check(mc_status_list_new(a, &o, &bs, &list, &err) == 0, "new list");
	fixed_list = list;
	struct mc_resolver res = {.status_list = serve};
	struct mc_time now = mc_time_from_unix(1767225600); /* 2026-01-01 */
	struct mc_status_check_opts so = {.skip_list_proof = true, .now = &now};
	mc_report_init(&r, a);
	int rc = mc_status_check(a, cred, &res, &r, &so, &err);
	check(rc == 0 || rc == MC_EVERIFY || rc == MC_EINVAL, "unexpected return code");
	check((rc == MC_EVERIFY) == (mc_report_count(&r, MC_CHECK_FAILED) > 0),
	      "return code and report disagree");
	for (size_t i = 0; i < r.len; i++)
		check(r.checks[i].id && r.checks[i].id[0] && r.checks[i].message && r.checks[i].message[0],
		      "check without id or message");
	if (mc_status_list_read(a, cred, &l, &err) == 0)
		check(l.bits.nbits > 0 && l.bits.nbits % 8 == 0, "read list of a bad size");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc_arena a;
	if (size == 0)
		return 0;
	mc_arena_init(&a, 0);
	const char *rest = (const char *)data + 1;
	size_t n = size - 1;
	if (data[0] == 'g') {
		struct mc_buf b;
		mc_buf_init(&b, MC_BUF_NOLIMIT);
		mc_multibase_encode(&b, MC_MULTIBASE_BASE64URL, rest, n);
		decode_and_roundtrip(&a, b.ptr, b.len);
		mc_buf_release(&b);
	} else if (data[0] == 'c') {
		check_credential(&a, rest, n);
	} else {
		decode_and_roundtrip(&a, rest, n);
	}
	mc_arena_release(&a);
	return 0;
}
