/* did:key: every vector of w3c-ccg/did-method-key (tests/vectors/did-key/) resolves to
 * its expected DID document; the default Multikey form equals the JavaScript
 * reference resolver's; bad DIDs are rejected with the spec's error names. */
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

static struct mc_json *load(struct mc_arena *a, const char *path)
{
	struct mc_buf b;
	struct mc_err err = {0};
	struct mc_json *v = NULL;
	mc_buf_init(&b, 1 << 20);
	if (mc_buf_read_file(&b, path, &err) != 0 || mc_json_parse(a, b.ptr, b.len, NULL, &v, &err) != 0)
		fail_msg("%s: %s", path, err.msg);
	mc_buf_release(&b);
	return v;
}

static void print_json(const char *label, const struct mc_json *v)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_json_write(&b, v, MC_JSON_PRETTY);
	fprintf(stderr, "%s:\n%s\n", label, b.ptr);
	mc_buf_release(&b);
}

/* Resolves did in the form the expected document uses and compares. */
static bool check_vector(const char *did, const struct mc_json *want)
{
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_json *got = NULL;
	struct mc_did_key_opts opts = {0};
	const struct mc_json *vms = mc_json_get(want, "verificationMethod");
	const char *type = mc_json_get_str(&vms->v.items[0], "type");
	bool ok;

	if (strcmp(type, "Multikey") == 0)
		opts.format = MC_DID_KEY_MULTIKEY;
	else if (strcmp(type, "Ed25519VerificationKey2020") == 0 ||
	         strcmp(type, "X25519KeyAgreementKey2020") == 0)
		opts.format = MC_DID_KEY_ED25519_2020;
	else if (strcmp(type, "JsonWebKey2020") == 0)
		opts.format = MC_DID_KEY_JWK_2020;
	else
		opts.format = MC_DID_KEY_LEGACY;
	opts.derive_key_agreement = vms->len == 2;

	mc_arena_init(&a, 0);
	if (mc_did_key_resolve(&a, did, strlen(did), &opts, &got, &err) != 0) {
		fprintf(stderr, "%s: %s\n", did, err.msg);
		ok = false;
	} else {
		ok = mc_json_equal(got, want);
		if (!ok) {
			fprintf(stderr, "MISMATCH %s\n", did);
			print_json("want", want);
			print_json("got", got);
		}
	}
	mc_arena_release(&a);
	return ok;
}

static void test_spec_vectors(void **state)
{
	(void)state;
	static const char *const files[] = {"bls12381.json", "ed25519-x25519.json", "nist-curves.json",
	                                    "rsa.json",      "secp256k1.json",      "x25519.json"};
	int total = 0, passed = 0;
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		char path[256];
		struct mc_arena a;
		snprintf(path, sizeof(path), "tests/vectors/did-key/%s", files[f]);
		mc_arena_init(&a, 0);
		struct mc_json *root = load(&a, path);
		/* x25519.json nests the documents under "didDocument". */
		const struct mc_json *docs = mc_json_get(root, "didDocument");
		bool nested = docs != NULL;
		if (!nested)
			docs = root;
		for (uint32_t i = 0; i < docs->len; i++) {
			const char *did = docs->v.members[i].key.ptr;
			const struct mc_json *want =
			    nested ? &docs->v.members[i].value
			           : mc_json_get(&docs->v.members[i].value, "didDocument");
			assert_non_null(want);
			total++;
			passed += check_vector(did, want);
		}
		mc_arena_release(&a);
	}
	fprintf(stderr, "did:key vectors: %d of %d resolve to the expected document\n", passed, total);
	assert_int_equal(total, 30);
	assert_int_equal(passed, total);
}

static void test_multikey_reference(void **state)
{
	(void)state;
	struct mc_arena a;
	int n = 0;
	mc_arena_init(&a, 0);
	struct mc_json *root = load(&a, "tests/vectors/did-key/multikey-reference.json");
	for (uint32_t i = 0; i < root->len; i++) {
		const char *did = root->v.members[i].key.ptr;
		struct mc_json *got;
		struct mc_err err = {0};
		if (mc_did_key_resolve(&a, did, strlen(did), NULL, &got, &err) != 0)
			fail_msg("%s: %s", did, err.msg);
		if (!mc_json_equal(got, &root->v.members[i].value)) {
			print_json("want", &root->v.members[i].value);
			print_json("got", got);
			fail_msg("%s differs from the reference resolver", did);
		}
		n++;
	}
	assert_int_equal(n, 3);
	mc_arena_release(&a);
}

static void test_did_url_and_decode(void **state)
{
	(void)state;
	static const char url[] = "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"
	                          "#z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
	struct mc_did_key dk;
	struct mc_arena a;
	struct mc_json *doc;
	struct mc_key k;
	struct mc_err err = {0};

	assert_int_equal(mc_did_key_decode(url, strlen(url), &dk, &err), 0);
	assert_int_equal(dk.codec, MC_CODEC_ED25519_PUB);
	assert_int_equal(dk.len, 32);
	assert_int_equal(dk.did_len, 56);
	/* The same bytes as the vector's publicKeyBase58. */
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	assert_int_equal(mc_base58btc_decode(&b, "4zvwRjXUKGfvwnParsHAS3HuSVzV5cA4McphgmoCtajS", 44, NULL),
	                 0);
	assert_int_equal(b.len, 32);
	assert_memory_equal(b.ptr, dk.bytes, 32);
	mc_buf_release(&b);

	mc_arena_init(&a, 0);
	assert_int_equal(mc_did_key_resolve(&a, url, strlen(url), NULL, &doc, &err), 0);
	assert_string_equal(mc_json_get_str(doc, "id"),
	                    "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp");
	assert_null(mc_json_get(doc, "keyAgreement"));

	/* Ed25519VerificationKey2020 with derivation: spec example 4's X25519 key. */
	struct mc_did_key_opts opts = {MC_DID_KEY_ED25519_2020, true};
	assert_int_equal(mc_did_key_resolve(&a, url, 56, &opts, &doc, &err), 0);
	const struct mc_json *vms = mc_json_get(doc, "verificationMethod");
	assert_int_equal(vms->len, 2);
	assert_string_equal(mc_json_get_str(&vms->v.items[0], "type"), "Ed25519VerificationKey2020");
	assert_string_equal(mc_json_get_str(&vms->v.items[1], "type"), "X25519KeyAgreementKey2020");
	assert_string_equal(mc_json_get_str(&vms->v.items[1], "publicKeyMultibase"),
	                    "z6LShs9GGnqk85isEBzzshkuVWrVKsRp24GnDuHk8QWkARMW");
	const struct mc_json *ctx = mc_json_get(doc, "@context");
	assert_int_equal(ctx->len, 3);
	assert_string_equal(ctx->v.items[2].v.str, "https://w3id.org/security/suites/x25519-2020/v1");
	mc_arena_release(&a);

	mc_key_init(&k);
	assert_int_equal(mc_key_from_did_key(&k, url, strlen(url), &err), 0);
	assert_string_equal(k.id, url);
	assert_string_equal(k.controller, "did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp");
	mc_key_release(&k);
}

/* did:key for raw bytes with a given codec. */
static char *make_did(uint64_t codec, const unsigned char *p, size_t n)
{
	struct mc_buf raw, did;
	mc_buf_init(&raw, MC_BUF_NOLIMIT);
	mc_buf_init(&did, MC_BUF_NOLIMIT);
	mc_varint_encode(&raw, codec);
	mc_buf_append(&raw, p, n);
	mc_buf_puts(&did, "did:key:");
	mc_multibase_encode(&did, MC_MULTIBASE_BASE58BTC, raw.ptr, raw.len);
	mc_buf_release(&raw);
	return mc_buf_detach(&did, NULL);
}

static void test_bad_dids(void **state)
{
	(void)state;
	unsigned char ff[32], p256[33];
	memset(ff, 0xff, sizeof(ff));
	memset(p256, 0x07, sizeof(p256));
	p256[0] = 0x02;
	struct {
		char *did;
		int code;
		const char *needle;
	} cases[] = {
	    {mc_xstrdup("did:web:example.com"), MC_EINVAL, "invalidDid"},
	    {mc_xstrdup("did:key:"), MC_EINVAL, "did:key"},
	    {mc_xstrdup("did:key:6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp"), MC_EINVAL, "'z'"},
	    {mc_xstrdup("did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooW0"), MC_EINVAL, "base58btc"},
	    {make_did(MC_CODEC_ED25519_PUB, ff, 31), MC_EINVAL, "must be 32 bytes"},
	    {make_did(MC_CODEC_ED25519_PUB, ff, 32), MC_EINVAL, "invalidPublicKey"},
	    {make_did(MC_CODEC_P256_PUB, p256, 33), MC_EINVAL, "invalidPublicKey"},
	    {make_did(0x300, ff, 32), MC_EUNSUPPORTED, "unknown multicodec"},
	    {make_did(MC_CODEC_ED25519_PRIV, ff, 32), MC_EINVAL, "secret"},
	    {make_did(MC_CODEC_RSA_PUB, ff, 32), MC_EINVAL, "RSA"},
	};
	struct mc_arena a;
	mc_arena_init(&a, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mc_err err = {0};
		struct mc_json *doc = NULL;
		int rc = mc_did_key_resolve(&a, cases[i].did, strlen(cases[i].did), NULL, &doc, &err);
		if (rc != cases[i].code || !strstr(err.msg, cases[i].needle))
			fail_msg("case %zu (%s): got %d '%s', want %d with '%s'", i, cases[i].did, rc,
			         err.msg, cases[i].code, cases[i].needle);
		free(cases[i].did);
	}
	/* Format not available for the key type. */
	struct mc_did_key_opts opts = {MC_DID_KEY_ED25519_2020, false};
	struct mc_json *doc;
	struct mc_err err = {0};
	static const char p256did[] = "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169";
	assert_int_equal(mc_did_key_resolve(&a, p256did, strlen(p256did), &opts, &doc, &err),
	                 MC_EUNSUPPORTED);
	assert_non_null(strstr(err.msg, "unsupportedPublicKeyType"));
	mc_arena_release(&a);

	enum mc_did_key_format f;
	assert_int_equal(mc_did_key_format_parse("jwk", &f, NULL), 0);
	assert_int_equal(f, MC_DID_KEY_JWK_2020);
	assert_int_equal(mc_did_key_format_parse("pgp", &f, &err), MC_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spec_vectors),
	    cmocka_unit_test(test_multikey_reference),
	    cmocka_unit_test(test_did_url_and_decode),
	    cmocka_unit_test(test_bad_dids),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
