/* VC-JWT (include/microcred/jwt.h): the OB 3.0 spec examples and 1EdTech validator
 * tokens (tests/vectors/jwt/README.md), byte-identical signing against tokens the JS
 * reference made, and the rejections: alg none, HMAC, crit, wrong key, tampering,
 * oversized and malformed input, claims that disagree with the credential. */
/* cmocka needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/encoding.h"
#include "microcred/err.h"
#include "microcred/json.h"
#include "microcred/jwt.h"
#include "microcred/keys.h"
#include "microcred/report.h"
#include "microcred/time.h"

#define VEC "tests/vectors/jwt/"

static const char *const spec_examples[] = {
    "D1-basic",        "D2-complete",   "D3-endorsement", "D4-alignment-case",
    "D5-alignment-ce", "D6-skill-case", "D7-skill-ce",
};

/* A fixed "now" inside every vector's validity (validUntil 2030 / 2035). */
static struct mc_time test_now(void)
{
	return mc_time_from_unix(1767225600); /* 2026-01-01T00:00:00Z */
}

static char *slurp(struct mc_arena *a, const char *path, size_t *len)
{
	struct mc_buf b;
	struct mc_err e = {0};
	mc_buf_init(&b, (size_t)16 << 20);
	if (mc_buf_read_file(&b, path, &e))
		fail_msg("%s: %s (run from the project root)", path, e.msg);
	char *s = mc_arena_memdup(a, b.ptr, b.len + 1);
	if (len)
		*len = b.len;
	mc_buf_release(&b);
	return s;
}

static struct mc_json *load_json(struct mc_arena *a, const char *path)
{
	size_t n;
	char *s = slurp(a, path, &n);
	struct mc_json *v;
	struct mc_err e = {0};
	if (mc_json_parse(a, s, n, NULL, &v, &e))
		fail_msg("%s: %s", path, e.msg);
	return v;
}

static void load_key(struct mc_arena *a, const char *path, struct mc_key *k)
{
	struct mc_err e = {0};
	struct mc_json *v = load_json(a, path);
	if (mc_key_from_json(k, v, &e))
		fail_msg("%s: %s", path, e.msg);
	mc_key_json_wipe(v);
}

static const struct mc_check *find_check(const struct mc_report *r, const char *id)
{
	for (size_t i = 0; i < r->len; i++)
		if (strcmp(r->checks[i].id, id) == 0)
			return &r->checks[i];
	return NULL;
}

static void dump(const struct mc_report *r)
{
	for (size_t i = 0; i < r->len; i++)
		print_message("  %-16s %-8s %s\n", r->checks[i].id, mc_check_status_name(r->checks[i].status),
		              r->checks[i].message);
}

static void want_check(const struct mc_report *r, const char *id, enum mc_check_status st, const char *needle)
{
	const struct mc_check *c = find_check(r, id);
	if (!c) {
		dump(r);
		fail_msg("no check \"%s\"", id);
	}
	if (c->status != st || (needle && !strstr(c->message, needle))) {
		dump(r);
		fail_msg("check %s: got %s \"%s\", want %s containing \"%s\"", id,
		         mc_check_status_name(c->status), c->message, mc_check_status_name(st),
		         needle ? needle : "");
	}
}

/* ---- a resolver over a set of keys ---- */

struct keyring {
	const struct mc_key *keys[4];
	const char *controller[4]; /* NULL: the key's own */
	size_t n;
	int fail_with; /* nonzero: every lookup returns this */
	bool not_assertion;
};

static int ring_method(void *ctx, const char *vm_id, struct mc_arena *a, struct mc_resolved_method *out,
                       struct mc_err *err)
{
	struct keyring *kr = ctx;
	if (kr->fail_with)
		return mc_err_set(err, kr->fail_with, "test resolver refuses %s", vm_id);
	for (size_t i = 0; i < kr->n; i++) {
		if (!kr->keys[i]->id || strcmp(kr->keys[i]->id, vm_id) != 0)
			continue;
		struct mc_json *jwk;
		if (mc_key_to_jwk(a, kr->keys[i], 0, false, &jwk, err) ||
		    mc_key_from_json(&out->key, jwk, err))
			return MC_EINVAL;
		out->id = mc_arena_strdup(a, vm_id);
		out->controller =
		    mc_arena_strdup(a, kr->controller[i] ? kr->controller[i] : kr->keys[i]->controller);
		out->assertion_method = !kr->not_assertion;
		return 0;
	}
	return mc_err_set(err, MC_ENOTFOUND, "unknown key %s", vm_id);
}

struct fixture {
	struct mc_arena a;
	struct mc_key ed, rsa;
	struct mc_json *cred;
	struct keyring ring;
	struct mc_resolver res;
	struct mc_time now;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mc_arena_init(&f->a, 0);
	mc_key_init(&f->ed);
	mc_key_init(&f->rsa);
	load_key(&f->a, VEC "harness/ed25519-key.json", &f->ed);
	load_key(&f->a, VEC "harness/rsa-key.json", &f->rsa);
	f->cred = load_json(&f->a, VEC "harness/credential.json");
	f->ring.keys[0] = &f->ed;
	f->ring.keys[1] = &f->rsa;
	f->ring.n = 2;
	f->res.method = ring_method;
	f->res.ctx = &f->ring;
	f->now = test_now();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	mc_key_release(&f->ed);
	mc_key_release(&f->rsa);
	mc_arena_release(&f->a);
	free(f);
	return 0;
}

/* Verifies text; returns mc_jwt_verify's code, fills r. */
static int verify(struct fixture *f, const char *text, const struct mc_jwt_verify_opts *o,
                  struct mc_report *r, struct mc_json **cred)
{
	struct mc_jwt_verify_opts def = {.now = &f->now};
	struct mc_err e = {0};
	mc_report_init(r, &f->a);
	return mc_jwt_verify(&f->a, text, strlen(text), &f->res, r, o ? o : &def, cred, &e);
}

static void assert_verified(const struct mc_report *r, bool want)
{
	if (mc_report_verified(r) != want) {
		dump(r);
		fail_msg("expected %s", want ? "VERIFIED" : "NOT VERIFIED");
	}
}

/* ---- spec and validator vectors ---- */

static void spec_examples_verify(void **state)
{
	struct fixture *f = *state;
	for (size_t i = 0; i < sizeof(spec_examples) / sizeof(spec_examples[0]); i++) {
		char path[128];
		struct mc_report r;
		struct mc_json *cred;
		snprintf(path, sizeof(path), VEC "spec/%s.jwt", spec_examples[i]);
		print_message("%s\n", path);
		char *tok = slurp(&f->a, path, NULL);
		assert_int_equal(verify(f, tok, NULL, &r, &cred), 0);
		assert_verified(&r, true);
		want_check(&r, "jwt.signature", MC_CHECK_PASSED, NULL);
		want_check(&r, "jwt.key", MC_CHECK_PASSED, "RSA public key in the token header");
		want_check(&r, "jwt.key.issuer", MC_CHECK_WARNING, "nothing ties it");
		want_check(&r, "jwt.claims.iss", MC_CHECK_PASSED, NULL);
		want_check(&r, "jwt.claims.jti", MC_CHECK_PASSED, NULL);
		want_check(&r, "jwt.claims.sub", MC_CHECK_PASSED, NULL);
		want_check(&r, "jwt.claims.nbf", MC_CHECK_WARNING, "no \"nbf\"");
		assert_string_equal(r.format, "vc-jwt");
		/* The credential comes back without the JWT claims. */
		assert_non_null(cred);
		assert_null(mc_json_get(cred, "iss"));
		assert_null(mc_json_get(cred, "jti"));
		assert_non_null(mc_json_get_str(cred, "validFrom"));

		/* strict = the JS reference's reading: nbf is required. */
		struct mc_jwt_verify_opts strict = {.now = &f->now, .strict = true};
		assert_int_equal(verify(f, tok, &strict, &r, NULL), 0);
		assert_verified(&r, false);
		want_check(&r, "jwt.claims.nbf", MC_CHECK_FAILED, "no \"nbf\"");
		want_check(&r, "jwt.signature", MC_CHECK_PASSED, NULL);
	}
}

static void validator_simple_no_key(void **state)
{
	struct fixture *f = *state;
	struct mc_report r;
	struct mc_json *cred;
	char *tok = slurp(&f->a, VEC "validator/simple.jwt", NULL);
	assert_int_equal(verify(f, tok, NULL, &r, &cred), 0);
	assert_verified(&r, false);
	want_check(&r, "jwt.key", MC_CHECK_FAILED, "neither \"kid\" nor \"jwk\"");
	want_check(&r, "jwt.signature", MC_CHECK_FAILED, "could not be checked");
	want_check(&r, "jwt.payload", MC_CHECK_PASSED, "VC 1.1");
	want_check(&r, "jwt.claims.nbf", MC_CHECK_PASSED, "issuanceDate");
	assert_non_null(cred);
	assert_string_equal(mc_json_get_str(cred, "id"), "http://example.edu/credentials/3732");
}

static void validator_velocity_unresolvable(void **state)
{
	struct fixture *f = *state;
	struct mc_report r;
	char *tok = slurp(&f->a, VEC "validator/velocity.jwt", NULL);
	assert_int_equal(verify(f, tok, NULL, &r, NULL), 0);
	assert_verified(&r, false);
	want_check(&r, "jwt.key", MC_CHECK_FAILED, "did:velocity:");
	want_check(&r, "jwt.claims.nbf", MC_CHECK_PASSED, "issuanceDate");

	/* Offline resolver: skipped lookup, and still not verified. */
	f->ring.fail_with = MC_EUNSUPPORTED;
	assert_int_equal(verify(f, tok, NULL, &r, NULL), 0);
	f->ring.fail_with = 0;
	want_check(&r, "jwt.key", MC_CHECK_SKIPPED, "could not be fetched");
	want_check(&r, "jwt.signature", MC_CHECK_FAILED, "could not be checked");
	assert_verified(&r, false);

	/* No resolver at all. */
	struct mc_jwt_verify_opts o = {.now = &f->now};
	mc_report_init(&r, &f->a);
	assert_int_equal(mc_jwt_verify(&f->a, tok, strlen(tok), NULL, &r, &o, NULL, NULL), 0);
	want_check(&r, "jwt.key", MC_CHECK_SKIPPED, "no key source");
	assert_verified(&r, false);
}

/* ---- signing: byte-identical to the JS reference ---- */

static void sign_matches_reference(void **state)
{
	struct fixture *f = *state;
	static const char *const profiles[] = {"ob3", "vc-jose-cose"};
	for (size_t p = 0; p < 2; p++) {
		for (int rsa = 0; rsa < 2; rsa++) {
			for (int jwk = 0; jwk < 2; jwk++) {
				char path[160];
				struct mc_jwt_sign_opts o = {.embed_jwk = jwk};
				struct mc_err e = {0};
				const char *out;
				size_t n;
				snprintf(path, sizeof(path), VEC "harness/%s-%s%s.jwt", profiles[p],
				         rsa ? "rsa" : "ed25519", jwk ? "--jwk" : "");
				assert_int_equal(mc_jwt_profile_parse(profiles[p], &o.profile, &e), 0);
				char *want = slurp(&f->a, path, &n);
				while (n && (want[n - 1] == '\n'))
					want[--n] = 0;
				struct mc_key *k = rsa ? &f->rsa : &f->ed;
				if (mc_jwt_sign_credential(&f->a, f->cred, k, &o, &out, &e))
					fail_msg("%s: %s", path, e.msg);
				if (strcmp(out, want) != 0)
					fail_msg("%s: microcred's token differs from the reference's\n got  "
					         "%.200s\n want "
					         "%.200s",
					         path, out, want);
				/* And the reference's token verifies here. */
				struct mc_report r;
				assert_int_equal(verify(f, want, NULL, &r, NULL), 0);
				assert_verified(&r, true);
				want_check(&r, "jwt.signature", MC_CHECK_PASSED, NULL);
				if (!jwk)
					want_check(&r, "jwt.key.issuer", MC_CHECK_PASSED,
					           "belongs to the issuer");
				if (p == 0) {
					want_check(&r, "jwt.claims.nbf", MC_CHECK_PASSED, "validFrom");
					want_check(&r, "jwt.claims.exp", MC_CHECK_PASSED, "validUntil");
				}
			}
		}
	}
}

static void sign_es256_and_did_key(void **state)
{
	struct fixture *f = *state;
	struct mc_key k;
	struct mc_err e = {0};
	struct mc_buf did;
	mc_key_init(&k);
	mc_buf_init(&did, 256);
	assert_int_equal(mc_key_generate(&k, MC_KEY_P256, 0, &e), 0);
	assert_int_equal(mc_key_did_key(&k, &did), 0);
	char *kid = mc_arena_printf(&f->a, "%s#%s", did.ptr, did.ptr + 8);
	mc_key_set_id(&k, kid, did.ptr);

	/* The credential's issuer becomes the did:key; the key resolves locally. */
	struct mc_json *cred = mc_json_copy(&f->a, f->cred);
	struct mc_json *issuer = (struct mc_json *)mc_json_get(cred, "issuer");
	struct mc_json v;
	mc_json_set_string(&f->a, &v, did.ptr, did.len);
	mc_json_object_set(&f->a, issuer, "id", 2, &v);
	const char *tok;
	assert_int_equal(mc_jwt_sign_credential(&f->a, cred, &k, NULL, &tok, &e), 0);
	struct mc_report r;
	struct mc_jwt_verify_opts o = {.now = &f->now};
	mc_report_init(&r, &f->a);
	assert_int_equal(mc_jwt_verify(&f->a, tok, strlen(tok), NULL, &r, &o, NULL, &e), 0);
	assert_verified(&r, true);
	want_check(&r, "jwt.header", MC_CHECK_PASSED, "ES256");
	want_check(&r, "jwt.key.issuer", MC_CHECK_PASSED, NULL);

	/* A did:key kid whose fragment is not the key's own multibase. */
	struct mc_jwt_sign_opts wrong = {.kid = mc_arena_printf(&f->a, "%s#key-1", did.ptr)};
	assert_int_equal(mc_jwt_sign_credential(&f->a, cred, &k, &wrong, &tok, &e), 0);
	assert_int_equal(verify(f, tok, NULL, &r, NULL), 0);
	want_check(&r, "jwt.key", MC_CHECK_FAILED, "has only the key");
	assert_verified(&r, false);

	/* Embedded jwk + did:key issuer: the jwk must be that did:key. */
	struct mc_jwt_sign_opts so = {.embed_jwk = true};
	assert_int_equal(mc_jwt_sign_credential(&f->a, cred, &k, &so, &tok, &e), 0);
	assert_int_equal(verify(f, tok, NULL, &r, NULL), 0);
	want_check(&r, "jwt.key.issuer", MC_CHECK_PASSED, "did:key");
	/* The issuer is the P-256 did:key, but the token carries (and is signed by)
	 * another key. */
	assert_int_equal(mc_jwt_sign_credential(&f->a, cred, &f->ed, &so, &tok, &e), 0);
	assert_int_equal(verify(f, tok, NULL, &r, NULL), 0);
	want_check(&r, "jwt.key.issuer", MC_CHECK_FAILED, "not the issuer's did:key");
	assert_verified(&r, false);

	/* A public key cannot sign; a wrong alg for the key is refused. */
	struct mc_jwt_sign_opts bad = {.alg = "RS256"};
	assert_int_equal(mc_jwt_sign_credential(&f->a, cred, &k, &bad, &tok, &e), MC_EINVAL);
	assert_non_null(strstr(e.msg, "does not fit"));
	mc_key_drop_secret(&k);
	assert_int_equal(mc_jwt_sign_credential(&f->a, cred, &k, NULL, &tok, &e), MC_EINVAL);
	assert_non_null(strstr(e.msg, "cannot sign"));
	mc_buf_release(&did);
	mc_key_release(&k);
}

/* ---- rejections ---- */

static char *b64u(struct mc_arena *a, const char *s)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_base64url_encode(&b, s, strlen(s));
	char *r = mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return r;
}

/* header.payload.signature with JSON texts for the first two. */
static char *forge(struct mc_arena *a, const char *header, const char *payload, const char *sig_b64)
{
	return mc_arena_printf(a, "%s.%s.%s", b64u(a, header), b64u(a, payload), sig_b64);
}

/* Signs a payload text with key under a header text (for claims tests). */
static const char *sign_raw(struct fixture *f, const struct mc_key *k, const char *header,
                            const char *payload)
{
	struct mc_json *h;
	struct mc_err e = {0};
	const char *out = NULL;
	if (mc_json_parse(&f->a, header, strlen(header), NULL, &h, &e) ||
	    mc_jws_sign(&f->a, h, payload, strlen(payload), k, &out, NULL, &e))
		fail_msg("sign_raw: %s", e.msg);
	return out;
}

static void alg_none_and_hmac_rejected(void **state)
{
	struct fixture *f = *state;
	struct mc_report r;
	const char *payload = "{\"iss\":\"https://example.edu/issuers/565049\"}";
	/* The textbook unsigned JWT: empty signature part. */
	char *tok = forge(&f->a, "{\"alg\":\"none\",\"typ\":\"JWT\"}", payload, "");
	assert_int_equal(verify(f, tok, NULL, &r, NULL), MC_EINVAL);
	want_check(&r, "jwt.format", MC_CHECK_FAILED, "not signed");
	assert_verified(&r, false);
	/* alg none with something in the signature part. */
	tok = forge(&f->a, "{\"alg\":\"none\",\"typ\":\"JWT\"}", payload, "AAAA");
	assert_int_equal(verify(f, tok, NULL, &r, NULL), 0);
	want_check(&r, "jwt.header", MC_CHECK_FAILED, "alg \"none\" means the token is not signed");
	assert_verified(&r, false);
	tok = forge(&f->a, "{\"alg\":\"NONE\"}", payload, "AAAA");
	assert_int_equal(verify(f, tok, NULL, &r, NULL), 0);
	want_check(&r, "jwt.header", MC_CHECK_FAILED, "not signed");
	tok = forge(&f->a, "{\"alg\":\"HS256\",\"kid\":\"x\"}", payload, "AAAA");
	assert_int_equal(verify(f, tok, NULL, &r, NULL), 0);
	want_check(&r, "jwt.header", MC_CHECK_FAILED, "shared-secret");
	tok = forge(&f->a, "{\"alg\":\"PS256\",\"kid\":\"x\"}", payload, "AAAA");
	assert_int_equal(verify(f, tok, NULL, &r, NULL), 0);
	want_check(&r, "jwt.header", MC_CHECK_FAILED, "not supported");
	tok = forge(&f->a, "{\"typ\":\"JWT\"}", payload, "AAAA");
	assert_int_equal(verify(f, tok, NULL, &r, NULL), 0);
	want_check(&r, "jwt.header", MC_CHECK_FAILED, "no \"alg\"");
	tok = forge(&f->a, "{\"alg\":\"RS256\",\"crit\":[\"b64\"],\"b64\":false}", payload, "AAAA");
	assert_int_equal(verify(f, tok, NULL, &r, NULL), 0);
	want_check(&r, "jwt.header", MC_CHECK_FAILED, "\"b64\"");
	tok = forge(&f->a, "{\"alg\":\"EdDSA\",\"typ\":\"vp+jwt\",\"kid\":\"x\"}", payload, "AAAA");
	assert_int_equal(verify(f, tok, NULL, &r, NULL), 0);
	want_check(&r, "jwt.header", MC_CHECK_FAILED, "vp+jwt");
	tok = forge(
	    &f->a,
	    "{\"alg\":\"EdDSA\",\"jwk\":{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AA\",\"d\":\"AA\"}}",
	    payload, "AAAA");
	assert_int_equal(verify(f, tok, NULL, &r, NULL), 0);
	want_check(&r, "jwt.header", MC_CHECK_FAILED, "private key");
}

static void mismatched_key_rejected(void **state)
{
	struct fixture *f = *state;
	struct mc_report r;
	struct mc_err e = {0};
	const char *tok;
	char *rs = slurp(&f->a, VEC "harness/ob3-rsa.jwt", NULL);

	/* The caller's key is Ed25519, the token says RS256. */
	struct mc_jwt_verify_opts o = {.now = &f->now, .key = &f->ed};
	assert_int_equal(verify(f, rs, &o, &r, NULL), 0);
	want_check(&r, "jwt.signature", MC_CHECK_FAILED, "does not fit the key");
	assert_verified(&r, false);

	/* Another RSA key under the same kid: the signature does not match. */
	struct mc_key other;
	mc_key_init(&other);
	assert_int_equal(mc_key_generate(&other, MC_KEY_RSA, 2048, &e), 0);
	mc_key_set_id(&other, f->rsa.id, f->rsa.controller);
	const struct mc_key *saved = f->ring.keys[1];
	f->ring.keys[1] = &other;
	assert_int_equal(verify(f, rs, NULL, &r, NULL), 0);
	f->ring.keys[1] = saved;
	want_check(&r, "jwt.signature", MC_CHECK_FAILED, "does not match");
	assert_verified(&r, false);

	/* The token's alg relabelled to EdDSA over an RSA jwk: refused before any math. */
	struct mc_jwt_sign_opts so = {.embed_jwk = true};
	assert_int_equal(mc_jwt_sign_credential(&f->a, f->cred, &f->rsa, &so, &tok, &e), 0);
	const char *dot = strchr(tok, '.');
	struct mc_buf h;
	mc_buf_init(&h, MC_BUF_NOLIMIT);
	assert_int_equal(mc_base64url_decode(&h, tok, (size_t)(dot - tok), &e), 0);
	char *hs = mc_arena_strdup(&f->a, h.ptr);
	char *at = strstr(hs, "RS256");
	assert_non_null(at);
	memcpy(at, "EdDSA", 5);
	char *relabelled = mc_arena_printf(&f->a, "%s%s", b64u(&f->a, hs), dot);
	assert_int_equal(verify(f, relabelled, NULL, &r, NULL), 0);
	want_check(&r, "jwt.signature", MC_CHECK_FAILED, "does not fit the key");
	mc_buf_release(&h);

	/* Key controlled by someone else than the issuer. */
	f->ring.controller[0] = "https://evil.example/issuer";
	char *ed = slurp(&f->a, VEC "harness/ob3-ed25519.jwt", NULL);
	assert_int_equal(verify(f, ed, NULL, &r, NULL), 0);
	f->ring.controller[0] = NULL;
	want_check(&r, "jwt.signature", MC_CHECK_PASSED, NULL);
	want_check(&r, "jwt.key.issuer", MC_CHECK_FAILED, "not to the issuer");
	assert_verified(&r, false);

	/* Key not authorised for assertionMethod. */
	f->ring.not_assertion = true;
	assert_int_equal(verify(f, ed, NULL, &r, NULL), 0);
	f->ring.not_assertion = false;
	want_check(&r, "jwt.key", MC_CHECK_FAILED, "assertionMethod");
	assert_verified(&r, false);

	/* Unknown kid. */
	f->ring.n = 0;
	assert_int_equal(verify(f, ed, NULL, &r, NULL), 0);
	f->ring.n = 2;
	want_check(&r, "jwt.key", MC_CHECK_FAILED, "not found");
	assert_verified(&r, false);
	mc_key_release(&other);
}

static void tampered_rejected(void **state)
{
	struct fixture *f = *state;
	struct mc_report r;
	struct mc_err e = {0};
	static const char *const files[] = {VEC "harness/ob3-ed25519.jwt", VEC "harness/ob3-rsa--jwk.jwt",
	                                    VEC "spec/D1-basic.jwt"};
	for (size_t i = 0; i < 3; i++) {
		char *tok = slurp(&f->a, files[i], NULL);
		char *d1 = strchr(tok, '.'), *d2 = strchr(d1 + 1, '.');
		/* Change one payload field and re-encode it, as an attacker would. */
		struct mc_buf p;
		mc_buf_init(&p, MC_BUF_NOLIMIT);
		assert_int_equal(mc_base64url_decode(&p, d1 + 1, (size_t)(d2 - d1 - 1), &e), 0);
		char *name = strstr(p.ptr, "\"name\":\"");
		assert_non_null(name);
		name[8] ^= 0x01;
		char *forged =
		    mc_arena_printf(&f->a, "%.*s.%s%s", (int)(d1 - tok), tok, b64u(&f->a, p.ptr), d2);
		mc_buf_release(&p);
		assert_int_equal(verify(f, forged, NULL, &r, NULL), 0);
		want_check(&r, "jwt.signature", MC_CHECK_FAILED, "changed after it was signed");
		assert_verified(&r, false);
		assert_null(find_check(&r, "jwt.claims.iss")); /* nothing after a bad signature */

		/* A flipped signature bit. */
		char *sig = strdup(tok);
		char *last = sig + strlen(sig) - 3;
		*last = *last == 'A' ? 'B' : 'A';
		assert_int_equal(verify(f, sig, NULL, &r, NULL), 0);
		want_check(&r, "jwt.signature", MC_CHECK_FAILED, NULL);
		free(sig);
	}
}

static void oversized_and_malformed(void **state)
{
	struct fixture *f = *state;
	struct mc_report r;
	struct mc_err e = {0};
	struct mc_jws jws;
	char *d2 = slurp(&f->a, VEC "spec/D2-complete.jwt", NULL);
	struct mc_jwt_verify_opts o = {.now = &f->now, .max_size = 4096};
	mc_report_init(&r, &f->a);
	assert_int_equal(mc_jwt_verify(&f->a, d2, strlen(d2), &f->res, &r, &o, NULL, &e), MC_ELIMIT);
	assert_non_null(strstr(e.msg, "limit of 4096 bytes"));
	want_check(&r, "jwt.format", MC_CHECK_FAILED, "limit");

	/* 9 MiB of base64url against the default limit: refused before decoding. */
	size_t big = (size_t)9 << 20;
	char *huge = malloc(big + 1);
	memset(huge, 'A', big);
	huge[10] = '.';
	huge[big - 10] = '.';
	huge[big] = 0;
	assert_int_equal(mc_jws_parse(&f->a, huge, big, 0, &jws, &e), MC_ELIMIT);
	assert_non_null(strstr(e.msg, "more than the limit"));
	free(huge);

	static const struct {
		const char *text, *needle;
		int rc;
	} bad[] = {
	    {"", "empty input", MC_EINVAL},
	    {"abc", "three base64url parts", MC_EINVAL},
	    {"abc.def", "three base64url parts", MC_EINVAL},
	    {"a.b.c.d.e", "JWE", MC_EINVAL},
	    {"eyJhbGciOiJFZERTQSJ9.eyJ9.AAAA=", "padding", MC_EINVAL},
	    {"eyJhbGciOiJFZERTQSJ9.e+J9.AAAA", "standard base64", MC_EINVAL},
	    {"eyJhbGciOiJFZERTQSJ9..AAAA", "detached", MC_EINVAL},
	    {".eyJ9.AAAA", "header is empty", MC_EINVAL},
	    {"WyJhIl0.eyJ9.AAAA", "must be a JSON object", MC_EINVAL},       /* header ["a"] */
	    {"eyJhbGciOiJFZERTQSIK.eyJ9.AAAA", "not valid JSON", MC_EINVAL}, /* {"alg":"EdDSA"\n */
	    {"eyJhbGciOiJFZERTQSJ9.eyJ9.A", "signature", MC_EINVAL},         /* 1 char: bad length */
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		e.msg[0] = 0;
		int rc = mc_jws_parse(&f->a, bad[i].text, strlen(bad[i].text), 0, &jws, &e);
		if (rc != bad[i].rc || !strstr(e.msg, bad[i].needle))
			fail_msg("\"%s\": got %d \"%s\", want %d containing \"%s\"", bad[i].text, rc, e.msg,
			         bad[i].rc, bad[i].needle);
	}
	/* A huge header is refused before decoding. */
	size_t hn = MC_JWS_HEADER_MAX + 10;
	char *hh = mc_arena_alloc(&f->a, hn + 16);
	memset(hh, 'e', hn);
	memcpy(hh + hn, ".eyJ9.AAAA", 11);
	assert_int_equal(mc_jws_parse(&f->a, hh, strlen(hh), 0, &jws, &e), MC_ELIMIT);

	/* Payload that is not a JSON object. */
	const char *tok = sign_raw(f, &f->ed, "{\"alg\":\"EdDSA\",\"kid\":\"x\"}", "[1,2]");
	assert_int_equal(verify(f, tok, NULL, &r, NULL), 0);
	want_check(&r, "jwt.payload", MC_CHECK_FAILED, "not an object");
	tok = sign_raw(f, &f->ed, "{\"alg\":\"EdDSA\",\"kid\":\"x\"}", "{\"a\":");
	assert_int_equal(verify(f, tok, NULL, &r, NULL), 0);
	want_check(&r, "jwt.payload", MC_CHECK_FAILED, "not JSON");

	assert_true(mc_jws_looks_compact("a.b.c\n", 6));
	assert_true(mc_jws_looks_compact(d2, strlen(d2)));
	assert_false(mc_jws_looks_compact("{\"a\":1}", 7));
	assert_false(mc_jws_looks_compact("a.b", 3));
	assert_false(mc_jws_looks_compact("a.b.", 4));
}

static void claims_checked(void **state)
{
	struct fixture *f = *state;
	struct mc_report r;
	const char *kid_hdr =
	    mc_arena_printf(&f->a, "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"%s\"}", f->ed.id);
	const char *base = "\"id\":\"urn:uuid:1\",\"issuer\":{\"id\":\"https://example.edu/issuers/565049\"},"
	                   "\"validFrom\":\"2025-01-15T09:00:00.5Z\",\"validUntil\":\"2035-01-15T09:00:00Z\","
	                   "\"credentialSubject\":{\"id\":\"did:example:alice\"}";
	struct {
		const char *claims, *id, *needle;
		enum mc_check_status st;
	} cases[] = {
	    {"\"iss\":\"https://evil.example\"", "jwt.claims.iss", "not the credential's issuer id",
	     MC_CHECK_FAILED},
	    {"\"iss\":7", "jwt.claims.iss", "not a string", MC_CHECK_FAILED},
	    {"\"jti\":\"urn:uuid:2\"", "jwt.claims.jti", "not the credential's id", MC_CHECK_FAILED},
	    {"\"sub\":\"did:example:bob\"", "jwt.claims.sub", "did:example:alice", MC_CHECK_FAILED},
	    {"\"nbf\":1736931601", "jwt.claims.nbf", "is not the credential's validFrom", MC_CHECK_FAILED},
	    {"\"nbf\":\"1736931600\"", "jwt.claims.nbf", "not a number", MC_CHECK_FAILED},
	    {"\"exp\":2052320400", "jwt.claims.exp", "validUntil", MC_CHECK_FAILED},
	    {"\"nbf\":1736931600", "jwt.claims.nbf", "matches the credential's validFrom", MC_CHECK_PASSED},
	    {"\"nbf\":1736931600.5", "jwt.claims.nbf", "matches", MC_CHECK_PASSED},
	    {"\"exp\":2052464400", "jwt.claims.exp", "matches the credential's validUntil", MC_CHECK_PASSED},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *payload = mc_arena_printf(&f->a, "{%s,%s}", base, cases[i].claims);
		const char *tok = sign_raw(f, &f->ed, kid_hdr, payload);
		assert_int_equal(verify(f, tok, NULL, &r, NULL), 0);
		want_check(&r, "jwt.signature", MC_CHECK_PASSED, NULL);
		want_check(&r, cases[i].id, cases[i].st, cases[i].needle);
		/* iss/jti/sub are absent in most cases: OB 3.0 requires them. */
		assert_verified(&r, false);
	}
	/* Time: a token not yet valid, and an expired one. */
	const char *all = "\"iss\":\"https://example.edu/issuers/565049\",\"jti\":\"urn:uuid:1\","
	                  "\"sub\":\"did:example:alice\"";
	const char *p = mc_arena_printf(&f->a, "{%s,%s,\"nbf\":1736931600,\"exp\":2052464400}", base, all);
	assert_int_equal(verify(f, sign_raw(f, &f->ed, kid_hdr, p), NULL, &r, NULL), 0);
	assert_verified(&r, true);
	struct mc_time early = mc_time_from_unix(1736931600 - 301), late = mc_time_from_unix(2052464401);
	struct mc_jwt_verify_opts o = {.now = &early};
	assert_int_equal(verify(f, sign_raw(f, &f->ed, kid_hdr, p), &o, &r, NULL), 0);
	want_check(&r, "jwt.claims.nbf", MC_CHECK_FAILED, "not valid before 2025-01-15T09:00:00Z");
	assert_verified(&r, false);
	early = mc_time_from_unix(1736931600 - 299); /* within the 300 s leeway */
	assert_int_equal(verify(f, sign_raw(f, &f->ed, kid_hdr, p), &o, &r, NULL), 0);
	assert_verified(&r, true);
	o.now = &late;
	assert_int_equal(verify(f, sign_raw(f, &f->ed, kid_hdr, p), &o, &r, NULL), 0);
	want_check(&r, "jwt.claims.exp", MC_CHECK_FAILED, "expired on 2035-01-15T09:00:00Z");
	assert_verified(&r, false);

	/* exp without validUntil sets validUntil (OB 3.0 §8.2). */
	struct mc_json *cred;
	p = mc_arena_printf(
	    &f->a,
	    "{\"id\":\"urn:uuid:1\",\"issuer\":\"https://example.edu/issuers/565049\","
	    "\"validFrom\":\"2025-01-15T09:00:00Z\",\"credentialSubject\":{\"id\":\"did:example:alice\"},"
	    "%s,\"nbf\":1736931600,\"exp\":2052464400}",
	    all);
	assert_int_equal(verify(f, sign_raw(f, &f->ed, kid_hdr, p), NULL, &r, &cred), 0);
	assert_verified(&r, true);
	assert_string_equal(mc_json_get_str(cred, "validUntil"), "2035-01-15T09:00:00Z");
	assert_null(mc_json_get(cred, "exp"));
}

static void vc_claim_and_vc_jose_cose(void **state)
{
	struct fixture *f = *state;
	struct mc_report r;
	struct mc_json *cred;
	const char *hdr =
	    mc_arena_printf(&f->a, "{\"alg\":\"EdDSA\",\"typ\":\"JWT\",\"kid\":\"%s\"}", f->ed.id);
	/* VC 1.1: claims fill what vc leaves out. */
	const char *p =
	    "{\"vc\":{\"type\":[\"VerifiableCredential\"],\"credentialSubject\":{\"name\":\"A\"}},"
	    "\"iss\":\"https://example.edu/issuers/565049\",\"jti\":\"urn:uuid:9\",\"sub\":\"did:example:a\","
	    "\"nbf\":1262304000,\"exp\":1893456000}";
	assert_int_equal(verify(f, sign_raw(f, &f->ed, hdr, p), NULL, &r, &cred), 0);
	assert_verified(&r, true);
	want_check(&r, "jwt.payload", MC_CHECK_PASSED, "VC 1.1");
	assert_string_equal(mc_json_get_str(cred, "issuer"), "https://example.edu/issuers/565049");
	assert_string_equal(mc_json_get_str(cred, "id"), "urn:uuid:9");
	assert_string_equal(mc_json_get_str(cred, "issuanceDate"), "2010-01-01T00:00:00Z");
	assert_string_equal(mc_json_get_str(cred, "expirationDate"), "2030-01-01T00:00:00Z");
	assert_string_equal(mc_json_get_str(mc_json_get(cred, "credentialSubject"), "id"), "did:example:a");

	/* VC-JOSE-COSE: claims optional, but a present one must match. */
	const char *vh = mc_arena_printf(
	    &f->a, "{\"alg\":\"EdDSA\",\"typ\":\"vc+jwt\",\"cty\":\"vc\",\"kid\":\"%s\"}", f->ed.id);
	p = "{\"id\":\"urn:uuid:1\",\"issuer\":\"https://example.edu/issuers/565049\"}";
	assert_int_equal(verify(f, sign_raw(f, &f->ed, vh, p), NULL, &r, &cred), 0);
	assert_verified(&r, true);
	assert_null(find_check(&r, "jwt.claims.iss"));
	p = "{\"id\":\"urn:uuid:1\",\"issuer\":\"https://example.edu/issuers/565049\",\"iss\":\"https://"
	    "x.example\"}";
	assert_int_equal(verify(f, sign_raw(f, &f->ed, vh, p), NULL, &r, &cred), 0);
	want_check(&r, "jwt.claims.iss", MC_CHECK_FAILED, NULL);
	assert_verified(&r, false);
	/* application/vc+ld+json+jwt (older drafts) is the same profile. */
	vh = mc_arena_printf(
	    &f->a, "{\"alg\":\"EdDSA\",\"typ\":\"application/vc+ld+json+jwt\",\"kid\":\"%s\"}", f->ed.id);
	p = "{\"id\":\"urn:uuid:1\",\"issuer\":\"https://example.edu/issuers/565049\"}";
	assert_int_equal(verify(f, sign_raw(f, &f->ed, vh, p), NULL, &r, &cred), 0);
	assert_verified(&r, true);
}

static void js_json_write(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *in, *out;
	} cases[] = {
	    {"{\"b\":1,\"2\":true,\"10\":0,\"a\":1.50,\"01\":2,\"1\":null}",
	     "{\"1\":null,\"2\":true,\"10\":0,\"b\":1,\"a\":1.5,\"01\":2}"},
	    {"[1E2,-0,0.000001,1e-7,12345678901234567890,\"\\u00e9/\\u2028\"]",
	     "[100,0,0.000001,1e-7,12345678901234567000,\"\xc3\xa9/\xe2\x80\xa8\"]"},
	    {"{\"4294967295\":1,\"4294967294\":2}", "{\"4294967294\":2,\"4294967295\":1}"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mc_json *v;
		struct mc_err e = {0};
		struct mc_buf b;
		mc_buf_init(&b, MC_BUF_NOLIMIT);
		assert_int_equal(mc_json_parse(&f->a, cases[i].in, strlen(cases[i].in), NULL, &v, &e), 0);
		assert_int_equal(mc_jwt_json_write(&f->a, &b, v), 0);
		assert_string_equal(b.ptr, cases[i].out);
		mc_buf_release(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(spec_examples_verify, setup, teardown),
	    cmocka_unit_test_setup_teardown(validator_simple_no_key, setup, teardown),
	    cmocka_unit_test_setup_teardown(validator_velocity_unresolvable, setup, teardown),
	    cmocka_unit_test_setup_teardown(sign_matches_reference, setup, teardown),
	    cmocka_unit_test_setup_teardown(sign_es256_and_did_key, setup, teardown),
	    cmocka_unit_test_setup_teardown(alg_none_and_hmac_rejected, setup, teardown),
	    cmocka_unit_test_setup_teardown(mismatched_key_rejected, setup, teardown),
	    cmocka_unit_test_setup_teardown(tampered_rejected, setup, teardown),
	    cmocka_unit_test_setup_teardown(oversized_and_malformed, setup, teardown),
	    cmocka_unit_test_setup_teardown(claims_checked, setup, teardown),
	    cmocka_unit_test_setup_teardown(vc_claim_and_vc_jose_cose, setup, teardown),
	    cmocka_unit_test_setup_teardown(js_json_write, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
