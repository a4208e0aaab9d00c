/* Fuzz target for VC-JWT: arbitrary input through mc_jws_parse and mc_jwt_verify,
 * once with a fixed trusted key (the Ed25519 key of seed 01..01, which signed the
 * corpus's harness tokens, so mutations reach the signature and claims checks) and
 * once resolving the key from the token (header jwk, did:key kid, or a kid that a
 * resolver maps to the fixed key). Invariants, any violation aborts:
 * - parse and verify agree on whether the input is a JWS;
 * - a report is verified only if its signature check passed;
 * - every failed check and every error carries a message;
 * - a parsed header rewrites through mc_jwt_json_write as JSON that parses back equal. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/json.h"
#include "microcred/jwt.h"
#include "microcred/keys.h"
#include "microcred/report.h"
#include "microcred/time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct mc_key fixed;
static bool have_fixed;

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_jwt: %s\n", what);
		abort();
	}
}

static int method(void *ctx, const char *vm_id, struct mc_arena *a, struct mc_resolved_method *out,
                  struct mc_err *err)
{
	(void)ctx;
	if (strncmp(vm_id, "https://example.edu/", 20) != 0)
		return mc_err_set(err, MC_ENOTFOUND, "unknown key");
	if (mc_key_from_public(&out->key, MC_KEY_ED25519, fixed.pub, 32, err))
		return MC_EINVAL;
	out->id = mc_arena_strdup(a, vm_id);
	out->controller = "https://example.edu/issuers/565049";
	out->assertion_method = true;
	return 0;
}

static void check_report(const struct mc_report *r)
{
	bool sig_passed = false;
	for (size_t i = 0; i < r->len; i++) {
		check(r->checks[i].id && r->checks[i].message && r->checks[i].message[0],
		      "check without a message");
		if (strcmp(r->checks[i].id, "jwt.signature") == 0 && r->checks[i].status == MC_CHECK_PASSED)
			sig_passed = true;
	}
	check(!mc_report_verified(r) || sig_passed, "verified without a valid signature");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_jws jws;
	struct mc_report r;
	struct mc_json *cred;
	struct mc_time now = mc_time_from_unix(1767225600);

	if (!have_fixed) {
		unsigned char seed[32];
		memset(seed, 1, sizeof(seed));
		mc_key_init(&fixed);
		check(mc_key_from_ed25519_seed(&fixed, seed, &err) == 0, "fixed key");
		mc_key_drop_secret(&fixed);
		have_fixed = true;
	}
	mc_arena_init(&a, 0);
	const char *text = (const char *)data;
	int prc = mc_jws_parse(&a, text, size, 64 << 10, &jws, &err);
	check(prc == 0 || err.msg[0], "parse error without a message");
	if (prc == 0) {
		struct mc_buf b;
		struct mc_json *back;
		mc_buf_init(&b, MC_BUF_NOLIMIT);
		check(mc_jwt_json_write(&a, &b, jws.header) == 0, "header rewrite");
		check(mc_json_parse(&a, b.ptr, b.len, NULL, &back, &err) == 0,
		      "rewritten header does not parse");
		check(mc_json_equal(back, jws.header), "rewritten header differs");
		mc_buf_release(&b);
		(void)mc_jws_check_header(&jws, &err);
	}

	struct mc_jwt_verify_opts o = {.now = &now, .max_size = 64 << 10, .key = &fixed};
	mc_report_init(&r, &a);
	int vrc = mc_jwt_verify(&a, text, size, NULL, &r, &o, &cred, &err);
	check((vrc == 0) == (prc == 0), "parse and verify disagree");
	check_report(&r);

	struct mc_resolver res = {.method = method};
	o.key = NULL;
	o.strict = true;
	mc_report_init(&r, &a);
	vrc = mc_jwt_verify(&a, text, size, &res, &r, &o, &cred, &err);
	check((vrc == 0) == (prc == 0), "parse and verify disagree (resolver)");
	check_report(&r);

	mc_arena_release(&a);
	return 0;
}
