/* Keys: known answers (RFC 8032, keygen.mjs seeds, did:key vectors' private keys),
 * sign/verify round trips for Ed25519, ES256 and RS256, Multikey / JWK / PEM round
 * trips, ES256 signature forms, key files from keygen.mjs, and bad keys. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* clang-format off */
#include <cmocka.h>
/* clang-format on */

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/did.h"
#include "microcred/encoding.h"
#include "microcred/json.h"
#include "microcred/keys.h"

#define S1 "0101010101010101010101010101010101010101010101010101010101010101"
#define S1_PUB "z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX"
#define S1_SECRET "z3u2RHj5hRUAqd2AGVStkvCty1KjGWyk5SeUkBjfVp51Wh3e"

static void hex(const char *s, unsigned char *out, size_t n)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	assert_int_equal(mc_hex_decode(&b, s, strlen(s), NULL), 0);
	assert_int_equal(b.len, n);
	memcpy(out, b.ptr, n);
	mc_buf_release(&b);
}

static char *read_text(const char *path, size_t *n)
{
	struct mc_buf b;
	struct mc_err err = {0};
	mc_buf_init(&b, 1 << 20);
	if (mc_buf_read_file(&b, path, &err) != 0)
		fail_msg("%s", err.msg);
	return mc_buf_detach(&b, n);
}

static void parse_key_text(struct mc_key *k, const char *text)
{
	struct mc_err err = {0};
	if (mc_key_parse(k, text, strlen(text), &err) != 0)
		fail_msg("parse failed: %s", err.msg);
}

/* Serialises v (pretty) into a fresh C string. */
static char *json_text(const struct mc_json *v)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	assert_int_equal(mc_json_write(&b, v, MC_JSON_PRETTY), 0);
	return mc_buf_detach(&b, NULL);
}

static void sign_verify(const struct mc_key *signer, const struct mc_key *verifier)
{
	static const char msg[] = "micro-credential: one skill, one badge";
	unsigned char sig[MC_KEY_SIG_MAX];
	size_t n = 0;
	struct mc_err err = {0};

	if (mc_key_sign(signer, msg, sizeof(msg) - 1, sig, &n, &err) != 0)
		fail_msg("sign: %s", err.msg);
	assert_int_equal(n, mc_key_sig_len(signer));
	if (mc_key_verify(verifier, msg, sizeof(msg) - 1, sig, n, &err) != 0)
		fail_msg("verify: %s", err.msg);
	/* Any change to message or signature must fail. */
	assert_int_equal(mc_key_verify(verifier, msg, sizeof(msg) - 2, sig, n, NULL), MC_EVERIFY);
	sig[n / 2] ^= 0x01;
	assert_int_equal(mc_key_verify(verifier, msg, sizeof(msg) - 1, sig, n, NULL), MC_EVERIFY);
	sig[n / 2] ^= 0x01;
	assert_int_equal(mc_key_verify(verifier, msg, sizeof(msg) - 1, sig, n - 1, NULL), MC_EVERIFY);
}

/* ---- known answers ---- */

static void test_rfc8032_test1(void **state)
{
	(void)state;
	unsigned char seed[32], pub[32], want[64], sig[64];
	size_t n;
	struct mc_key k;

	hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", seed, 32);
	hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", pub, 32);
	hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46b"
	    "d25bf5f"
	    "0595bbe24655141438e7a100b",
	    want, 64);
	mc_key_init(&k);
	assert_int_equal(mc_key_from_ed25519_seed(&k, seed, NULL), 0);
	assert_memory_equal(k.pub, pub, 32);
	assert_int_equal(mc_key_sign(&k, "", 0, sig, &n, NULL), 0);
	assert_memory_equal(sig, want, 64);
	assert_int_equal(mc_ed25519_verify(pub, "", 0, want), 0);
	want[0] ^= 1;
	assert_int_equal(mc_ed25519_verify(pub, "", 0, want), MC_EVERIFY);
	mc_key_release(&k);
}

static void test_keygen_seed_multikey(void **state)
{
	(void)state;
	unsigned char seed[32];
	struct mc_key k;
	struct mc_buf b;

	hex(S1, seed, 32);
	mc_key_init(&k);
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	assert_int_equal(mc_key_from_ed25519_seed(&k, seed, NULL), 0);
	assert_int_equal(mc_key_public_multibase(&k, &b), 0);
	assert_string_equal(b.ptr, S1_PUB);
	mc_buf_clear(&b);
	assert_int_equal(mc_key_secret_multibase(&k, &b, NULL), 0);
	assert_string_equal(b.ptr, S1_SECRET);
	mc_buf_clear(&b);
	assert_int_equal(mc_key_did_key(&k, &b), 0);
	assert_string_equal(b.ptr, "did:key:" S1_PUB);
	mc_buf_release(&b);
	mc_key_release(&k);
}

/* The did:key vectors come with private keys: importing those must give the DID. */
static void test_vector_private_keys(void **state)
{
	(void)state;
	static const char *const files[] = {"tests/vectors/did-key/nist-curves.json",
	                                    "tests/vectors/did-key/rsa.json",
	                                    "tests/vectors/did-key/ed25519-x25519.json"};
	int checked = 0;
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		size_t n;
		char *text = read_text(files[f], &n);
		struct mc_arena a;
		struct mc_json *root;
		mc_arena_init(&a, 0);
		assert_int_equal(mc_json_parse(&a, text, n, NULL, &root, NULL), 0);
		for (uint32_t i = 0; i < root->len; i++) {
			const char *did = root->v.members[i].key.ptr;
			const struct mc_json *vec = &root->v.members[i].value;
			const struct mc_json *jwk = mc_json_get(vec, "privateKeyJwk");
			if (!jwk)
				jwk = mc_json_get(mc_json_get(vec, "verificationMethod"), "privateKeyJwk");
			const char *seedhex = mc_json_get_str(vec, "seed");
			struct mc_key k;
			struct mc_err err = {0};
			struct mc_buf b;
			mc_key_init(&k);
			if (jwk) {
				const char *crv = mc_json_get_str(jwk, "crv");
				if (crv && strcmp(crv, "P-256") != 0)
					continue; /* P-384 / P-521: resolvable, not signing keys here */
				if (mc_key_from_json(&k, jwk, &err) != 0)
					fail_msg("%s: %s", did, err.msg);
			} else if (seedhex) {
				unsigned char seed[32];
				hex(seedhex, seed, 32);
				assert_int_equal(mc_key_from_ed25519_seed(&k, seed, NULL), 0);
			} else {
				continue;
			}
			mc_buf_init(&b, MC_BUF_NOLIMIT);
			assert_int_equal(mc_key_did_key(&k, &b), 0);
			assert_string_equal(b.ptr, did);
			sign_verify(&k, &k);
			mc_buf_release(&b);
			mc_key_release(&k);
			checked++;
		}
		mc_arena_release(&a);
		free(text);
	}
	/* 2 P-256 (JWK) + 2 RSA + 5 Ed25519 seeds. */
	assert_int_equal(checked, 9);
}

/* ---- round trips ---- */

static void roundtrip(enum mc_key_type type, unsigned bits)
{
	struct mc_key k, k2, pub;
	struct mc_err err = {0};
	struct mc_arena a;
	struct mc_json *v;
	struct mc_buf pem;

	mc_key_init(&k);
	mc_key_init(&k2);
	mc_key_init(&pub);
	mc_arena_init(&a, 0);
	if (mc_key_generate(&k, type, bits, &err) != 0)
		fail_msg("generate: %s", err.msg);
	assert_true(k.has_secret);
	sign_verify(&k, &k);
	mc_key_set_id(&k, "https://example.edu/issuers/1#key-1", "https://example.edu/issuers/1");

	/* The key file form with secret: parses back to the same key, which signs. */
	assert_int_equal(mc_key_to_json(&a, &k, MC_KEY_EXPORT_SECRET | MC_KEY_EXPORT_CONTEXT, &v, &err), 0);
	char *text = json_text(v);
	parse_key_text(&k2, text);
	free(text);
	assert_true(k2.has_secret);
	assert_int_equal(k2.pub_len, k.pub_len);
	assert_memory_equal(k2.pub, k.pub, k.pub_len);
	assert_string_equal(k2.id, "https://example.edu/issuers/1#key-1");
	assert_string_equal(k2.controller, "https://example.edu/issuers/1");
	sign_verify(&k2, &k);
	sign_verify(&k, &k2);

	/* Public forms: Multikey, JWK, PEM, did:key. None can sign. */
	unsigned char sig[MC_KEY_SIG_MAX];
	size_t n;
	assert_int_equal(mc_key_to_multikey_json(&a, &k, 0, &v, &err), 0);
	assert_null(mc_json_get(v, "secretKeyMultibase"));
	assert_int_equal(mc_key_from_json(&pub, v, &err), 0);
	assert_false(pub.has_secret);
	assert_int_equal(mc_key_sign(&pub, "x", 1, sig, &n, &err), MC_EINVAL);
	sign_verify(&k, &pub);

	assert_int_equal(mc_key_to_jwk(&a, &k, 0, true, &v, &err), 0);
	assert_null(mc_json_get(v, "d"));
	assert_int_equal(mc_key_from_json(&pub, v, &err), 0);
	sign_verify(&k, &pub);
	assert_int_equal(mc_key_to_jwk(&a, &k, MC_KEY_EXPORT_SECRET, false, &v, &err), 0);
	assert_non_null(mc_json_get(v, "d"));
	assert_int_equal(mc_key_from_json(&k2, v, &err), 0);
	sign_verify(&k2, &pub);

	mc_buf_init(&pem, MC_BUF_NOLIMIT);
	assert_int_equal(mc_key_to_pem(&k, 0, &pem, &err), 0);
	assert_non_null(strstr(pem.ptr, "-----BEGIN PUBLIC KEY-----"));
	if (mc_key_parse(&pub, pem.ptr, pem.len, &err) != 0)
		fail_msg("PEM public: %s", err.msg);
	assert_false(pub.has_secret);
	sign_verify(&k, &pub);
	mc_buf_clear(&pem);
	assert_int_equal(mc_key_to_pem(&k, MC_KEY_EXPORT_SECRET, &pem, &err), 0);
	assert_non_null(strstr(pem.ptr, "-----BEGIN PRIVATE KEY-----"));
	if (mc_key_parse(&k2, pem.ptr, pem.len, &err) != 0)
		fail_msg("PEM private: %s", err.msg);
	sign_verify(&k2, &pub);
	mc_buf_release(&pem);

	struct mc_buf did;
	mc_buf_init(&did, MC_BUF_NOLIMIT);
	assert_int_equal(mc_key_did_key(&k, &did), 0);
	assert_int_equal(mc_key_from_did_key(&pub, did.ptr, did.len, &err), 0);
	sign_verify(&k, &pub);
	mc_buf_release(&did);

	/* Dropping the secret leaves a working verifier that cannot sign. */
	mc_key_drop_secret(&k);
	assert_int_equal(mc_key_sign(&k, "x", 1, sig, &n, NULL), MC_EINVAL);
	sign_verify(&k2, &k);

	mc_arena_release(&a);
	mc_key_release(&k);
	mc_key_release(&k2);
	mc_key_release(&pub);
}

static void test_roundtrip_ed25519(void **state)
{
	(void)state;
	roundtrip(MC_KEY_ED25519, 0);
}

static void test_roundtrip_p256(void **state)
{
	(void)state;
	roundtrip(MC_KEY_P256, 0);
}

static void test_roundtrip_rsa2048(void **state)
{
	(void)state;
	roundtrip(MC_KEY_RSA, 2048);
}

static void test_multikey_prefixes(void **state)
{
	(void)state;
	struct mc_key k;
	struct mc_buf b;
	mc_key_init(&k);
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	assert_int_equal(mc_key_generate(&k, MC_KEY_P256, 0, NULL), 0);
	assert_int_equal(mc_key_public_multibase(&k, &b), 0);
	assert_int_equal(strncmp(b.ptr, "zDn", 3), 0);
	assert_int_equal(k.pub_len, 33);
	mc_buf_clear(&b);
	assert_int_equal(mc_key_generate(&k, MC_KEY_ED25519, 0, NULL), 0);
	assert_int_equal(mc_key_public_multibase(&k, &b), 0);
	assert_int_equal(strncmp(b.ptr, "z6Mk", 4), 0);
	mc_buf_clear(&b);
	assert_int_equal(mc_key_secret_multibase(&k, &b, NULL), 0);
	assert_int_equal(strncmp(b.ptr, "z3u2", 4), 0);
	mc_buf_clear(&b);
	assert_int_equal(mc_key_generate(&k, MC_KEY_RSA, 3072, NULL), 0);
	assert_int_equal(k.bits, 3072);
	assert_int_equal(mc_key_sig_len(&k), 384);
	sign_verify(&k, &k);
	mc_buf_release(&b);
	mc_key_release(&k);
}

/* ---- ES256 signature forms ---- */

static void test_ecdsa_sig_forms(void **state)
{
	(void)state;
	unsigned char raw[64] = {0}, back[64];
	struct mc_buf der;
	struct mc_err err = {0};

	raw[31] = 1;
	raw[63] = 2;
	mc_buf_init(&der, MC_BUF_NOLIMIT);
	assert_int_equal(mc_ecdsa_sig_raw_to_der(raw, 32, &der, &err), 0);
	static const unsigned char small[] = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02};
	assert_int_equal(der.len, sizeof(small));
	assert_memory_equal(der.ptr, small, sizeof(small));
	assert_int_equal(mc_ecdsa_sig_der_to_raw(small, sizeof(small), 32, back, &err), 0);
	assert_memory_equal(back, raw, 64);

	/* High bit set: DER needs a 0x00 pad, raw stays 32 bytes each. */
	memset(raw, 0xff, 64);
	mc_buf_clear(&der);
	assert_int_equal(mc_ecdsa_sig_raw_to_der(raw, 32, &der, &err), 0);
	assert_int_equal(der.len, 2 + 2 * (2 + 33));
	assert_int_equal(mc_ecdsa_sig_der_to_raw((unsigned char *)der.ptr, der.len, 32, back, &err), 0);
	assert_memory_equal(back, raw, 64);
	mc_buf_release(&der);

	/* Non-canonical (padded INTEGER), trailing bytes, oversized values. */
	static const unsigned char padded[] = {0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x02};
	assert_int_equal(mc_ecdsa_sig_der_to_raw(padded, sizeof(padded), 32, back, &err), MC_EINVAL);
	static const unsigned char trailing[] = {0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02, 0x00};
	assert_int_equal(mc_ecdsa_sig_der_to_raw(trailing, sizeof(trailing), 32, back, &err), MC_EINVAL);
	assert_int_equal(mc_ecdsa_sig_der_to_raw(small, sizeof(small), 0, back, &err), MC_EINVAL);
}

/* ---- key files from keygen.mjs ---- */

static void test_keygen_files(void **state)
{
	(void)state;
	struct mc_key k, pub;
	struct mc_err err = {0};
	struct mc_buf b;
	size_t n;
	char *text;

	mc_key_init(&k);
	mc_key_init(&pub);
	mc_buf_init(&b, MC_BUF_NOLIMIT);

	text = read_text("tests/vectors/keys/keygen-ed25519-controller.json", &n);
	if (mc_key_parse(&k, text, n, &err))
		fail_msg("%s", err.msg);
	free(text);
	assert_int_equal(k.type, MC_KEY_ED25519);
	assert_true(k.has_secret);
	assert_string_equal(k.id, "https://example.edu/issuers/565049#" S1_PUB);
	assert_string_equal(k.controller, "https://example.edu/issuers/565049");
	text = read_text("tests/vectors/keys/keygen-ed25519-public.json", &n);
	assert_int_equal(mc_key_parse(&pub, text, n, &err), 0);
	free(text);
	assert_false(pub.has_secret);
	sign_verify(&k, &pub);

	/* Writing it back gives keygen's members, byte for byte in each value. */
	struct mc_arena a;
	struct mc_json *v, *orig;
	mc_arena_init(&a, 0);
	text = read_text("tests/vectors/keys/keygen-ed25519-controller.json", &n);
	assert_int_equal(mc_json_parse(&a, text, n, NULL, &orig, NULL), 0);
	free(text);
	assert_int_equal(mc_key_to_json(&a, &k, MC_KEY_EXPORT_SECRET | MC_KEY_EXPORT_CONTEXT, &v, &err), 0);
	assert_true(mc_json_equal(v, orig));
	mc_arena_release(&a);

	/* ed25519-multikey's default export: a 64-byte (seed || public) secret, "zru...". */
	text = read_text("tests/vectors/keys/ed25519-multikey-legacy-secret.json", &n);
	if (mc_key_parse(&k, text, n, &err))
		fail_msg("%s", err.msg);
	free(text);
	mc_buf_clear(&b);
	assert_int_equal(mc_key_secret_multibase(&k, &b, NULL), 0);
	assert_string_equal(b.ptr, S1_SECRET);
	mc_buf_clear(&b);

	text = read_text("tests/vectors/keys/keygen-ed25519-didkey.json", &n);
	assert_int_equal(mc_key_parse(&k, text, n, &err), 0);
	free(text);
	assert_int_equal(mc_key_did_key(&k, &b), 0);
	assert_string_equal(b.ptr, k.controller);

	text = read_text("tests/vectors/keys/keygen-rsa.json", &n);
	if (mc_key_parse(&k, text, n, &err))
		fail_msg("%s", err.msg);
	free(text);
	assert_int_equal(k.type, MC_KEY_RSA);
	assert_int_equal(k.bits, 2048);
	assert_true(k.has_secret);
	assert_string_equal(k.id, "https://example.edu/issuers/565049#key-rsa-1");
	sign_verify(&k, &k);
	text = read_text("tests/vectors/keys/keygen-rsa-public.json", &n);
	assert_int_equal(mc_key_parse(&pub, text, n, &err), 0);
	free(text);
	assert_int_equal(pub.type, MC_KEY_RSA);
	assert_false(pub.has_secret);

	mc_buf_release(&b);
	mc_key_release(&k);
	mc_key_release(&pub);
}

/* ---- bad keys ---- */

struct bad_case {
	const char *text;
	int code;
	const char *needle; /* must appear in the message */
};

static void test_bad_keys(void **state)
{
	(void)state;
	static const struct bad_case cases[] = {
	    {"", MC_EINVAL, "empty"},
	    {"{\"publicKeyMultibase\": ", MC_EINVAL, "not valid JSON"},
	    {"[1,2]", MC_EINVAL, "must be an object"},
	    {"{\"id\": \"x\"}", MC_EINVAL, "no key found"},
	    {"{\"type\": \"Bogus2099\", \"publicKeyMultibase\": \"" S1_PUB "\"}", MC_EUNSUPPORTED,
	     "Bogus2099"},
	    {"{\"publicKeyMultibase\": 42}", MC_EINVAL, "must be a string"},
	    {"{\"publicKeyMultibase\": \"u7QE\"}", MC_EINVAL, "starting with 'z'"},
	    {"{\"publicKeyMultibase\": \"z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfL0\"}", MC_EINVAL,
	     "base58btc"},
	    /* ed25519-pub with 31 bytes */
	    {"{\"publicKeyMultibase\": \"z2DQUyFVAEfvDjYRPtvHSJtztMsCSrYpntBE51RxhhkqQhb\"}", MC_EINVAL,
	     "must be 32 bytes"},
	    {"{\"publicKeyMultibase\": \"z6LSeu9HkTHSfLLeUs2nnzUSNedgDUevfNQgQjQC23ZCit6F\"}",
	     MC_EUNSUPPORTED, "x25519-pub"},
	    {"{\"publicKeyMultibase\": \"" S1_SECRET "\"}", MC_EINVAL, "secret key"},
	    {"{\"publicKeyMultibase\": \"" S1_PUB "\", \"secretKeyMultibase\": "
	     "\"zf4wtpbbXvHH11GEw2LRuPBR1yojV69rVU52B8rWBfX2Hn\"}",
	     MC_EINVAL, "secretKeyMultibase"},
	    {"{\"publicKeyMultibase\": \"" S1_PUB "\", \"secretKeyMultibase\": "
	     "\"z3u2RhErZEGEPQoX72wwNiAQiFxJjUEx7pmQ6djbr6Lbzgyt\"}",
	     MC_EINVAL, "does not match"},
	    {"{\"kty\": \"OKP\", \"crv\": \"X25519\", \"x\": \"AAAA\"}", MC_EUNSUPPORTED, "X25519"},
	    {"{\"kty\": \"oct\", \"k\": \"AAAA\"}", MC_EUNSUPPORTED, "kty"},
	    {"{\"kty\": \"OKP\", \"crv\": \"Ed25519\", \"x\": \"AAAA\"}", MC_EINVAL, "32 bytes"},
	    {"{\"kty\": \"EC\", \"crv\": \"P-256\", \"x\": \"AAAA\"}", MC_EINVAL, "\"y\""},
	    {"{\"kty\": \"EC\", \"crv\": \"P-384\", \"x\": \"AAAA\", \"y\": \"AAAA\"}", MC_EUNSUPPORTED,
	     "P-384"},
	    {"{\"kty\": \"RSA\", \"n\": \"AQAB\", \"e\": \"AQAB\"}", MC_EINVAL, "RSA"},
	    {"{\"kty\": \"OKP\", \"crv\": \"Ed25519\", \"alg\": \"ES256\", \"x\": "
	     "\"O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2ik\"}",
	     MC_EINVAL, "alg"},
	    {"{\"kty\": \"OKP\", \"crv\": \"Ed25519\", \"x\": "
	     "\"O2onvM62pC1io6jQKm8Nc2UyFXcd4kOmOsBIoYtZ2i+\"}",
	     MC_EINVAL, "JWK.x"},
	    {"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n", MC_EINVAL, "PEM"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mc_key k;
		struct mc_err err = {0};
		mc_key_init(&k);
		int rc = mc_key_parse(&k, cases[i].text, strlen(cases[i].text), &err);
		if (rc != cases[i].code || !strstr(err.msg, cases[i].needle))
			fail_msg("case %zu (%s): got %d '%s', want %d with '%s'", i, cases[i].text, rc,
			         err.msg, cases[i].code, cases[i].needle);
		assert_int_equal(k.type, MC_KEY_NONE);
		assert_null(strchr(err.msg, '\n'));
		mc_key_release(&k);
	}
}

static void test_type_parse(void **state)
{
	(void)state;
	enum mc_key_type t;
	unsigned bits;
	assert_int_equal(mc_key_type_parse("rsa3072", &t, &bits, NULL), 0);
	assert_int_equal(t, MC_KEY_RSA);
	assert_int_equal(bits, 3072);
	assert_int_equal(mc_key_type_parse("P256", &t, &bits, NULL), 0);
	assert_int_equal(t, MC_KEY_P256);
	struct mc_err err = {0};
	assert_int_equal(mc_key_type_parse("dsa", &t, &bits, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "dsa"));
	struct mc_key k;
	mc_key_init(&k);
	assert_int_equal(mc_key_generate(&k, MC_KEY_RSA, 1024, &err), MC_EINVAL);
	mc_key_release(&k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_rfc8032_test1),       cmocka_unit_test(test_keygen_seed_multikey),
	    cmocka_unit_test(test_vector_private_keys), cmocka_unit_test(test_roundtrip_ed25519),
	    cmocka_unit_test(test_roundtrip_p256),      cmocka_unit_test(test_roundtrip_rsa2048),
	    cmocka_unit_test(test_multikey_prefixes),   cmocka_unit_test(test_ecdsa_sig_forms),
	    cmocka_unit_test(test_keygen_files),        cmocka_unit_test(test_bad_keys),
	    cmocka_unit_test(test_type_parse),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
