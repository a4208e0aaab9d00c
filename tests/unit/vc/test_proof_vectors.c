/* Data Integrity proofs against published vectors (tests/vectors/vc-di-eddsa and
 * tests/vectors/ob3-test-vectors): each signed document is reproduced byte for byte —
 * canonical document, canonical proof configuration, both hashes, signature and
 * proofValue — from the unsigned input, the key and the proof options, and verifies. */
#include "unit/vc/proof_testutil.h"

#define VEC "tests/vectors/vc-di-eddsa/TestVectors/"
#define OB3 "tests/vectors/ob3-test-vectors/"

struct fixture {
	struct mc_arena a;
	struct mc_local_resolver lr;
	struct mc_resolver resolver;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	mc_arena_init(&f->a, 0);
	mc_local_resolver_init(&f->lr);
	f->resolver = mc_local_resolver(&f->lr);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	mc_local_resolver_release(&f->lr);
	mc_arena_release(&f->a);
	free(f);
	return 0;
}

/* Verifies doc and requires every proof to verify. */
static void expect_verified(struct fixture *f, const struct mc_json *doc, size_t n_proofs, const char *what)
{
	struct mc_report rep;
	struct mc_err err = {0};
	struct mc_proof_result *res;
	size_t n;
	struct mc_proof_verify_opts o = {.results = &res, .n_results = &n, .trace_index = -1};
	mc_report_init(&rep, &f->a);
	int rc = mc_proof_verify_all(&f->a, doc, &f->resolver, &rep, &o, &err);
	if (rc != 0 || !mc_report_verified(&rep))
		fail_msg("%s: not verified (%s)\n%s", what, err.msg, tu_report_text(&f->a, &rep));
	assert_int_equal(n, n_proofs);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(res[i].status, MC_PROOF_VERIFIED);
	char id[48];
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "proof[%zu].signature", i);
		assert_int_equal(tu_check_status(&rep, id), MC_CHECK_PASSED);
	}
}

/* Signs unsigned with the options of config (a proof configuration file) and checks
 * every intermediate against the vector's files (NULL names are skipped). */
struct expect {
	const char *canon_doc, *canon_cfg, *doc_hash, *cfg_hash, *sig_hex, *proof_value;
};

static struct mc_json *sign_like(struct fixture *f, const struct mc_json *unsigned_doc,
                                 const struct mc_key *key, const struct mc_json *config,
                                 const struct expect *ex)
{
	struct mc_buf cdoc, ccfg;
	struct mc_proof_trace tr = {.canonical_document = &cdoc, .canonical_config = &ccfg};
	struct mc_err err = {0};
	struct mc_json *signed_doc;
	struct mc_proof_opts o = {0};
	const char *prev[8];

	mc_buf_init(&cdoc, MC_BUF_NOLIMIT);
	mc_buf_init(&ccfg, MC_BUF_NOLIMIT);
	assert_int_equal(mc_cryptosuite_parse(mc_json_get_str(config, "cryptosuite"), &o.cryptosuite, &err),
	                 0);
	o.created = mc_json_get_str(config, "created");
	o.verification_method = mc_json_get_str(config, "verificationMethod");
	o.proof_purpose = mc_json_get_str(config, "proofPurpose");
	o.id = mc_json_get_str(config, "id");
	const struct mc_json *pp = mc_json_get(config, "previousProof");
	if (mc_json_is_string(pp)) {
		o.previous_proof = pp->v.str;
	} else if (mc_json_is_array(pp)) {
		for (uint32_t i = 0; i < pp->len && i < 8; i++)
			prev[i] = pp->v.items[i].v.str;
		o.previous_proofs = prev;
		o.n_previous_proofs = pp->len;
	}
	o.trace = &tr;
	if (mc_proof_add(&f->a, unsigned_doc, key, &o, &signed_doc, &err) != 0)
		fail_msg("sign: %s", err.msg);
	if (ex->canon_doc)
		assert_string_equal(cdoc.ptr, tu_read(&f->a, ex->canon_doc, NULL));
	if (ex->canon_cfg)
		assert_string_equal(ccfg.ptr, tu_read(&f->a, ex->canon_cfg, NULL));
	if (ex->doc_hash)
		assert_string_equal(tu_hex(&f->a, tr.document_hash, 32), tu_text_trim(&f->a, ex->doc_hash));
	if (ex->cfg_hash)
		assert_string_equal(tu_hex(&f->a, tr.config_hash, 32), tu_text_trim(&f->a, ex->cfg_hash));
	if (ex->sig_hex)
		assert_string_equal(tu_hex(&f->a, tr.signature, 64), tu_text_trim(&f->a, ex->sig_hex));
	if (ex->proof_value) {
		const struct mc_json *proofs = mc_json_get(signed_doc, "proof");
		const struct mc_json *last =
		    mc_json_is_array(proofs) ? &proofs->v.items[proofs->len - 1] : proofs;
		assert_string_equal(mc_json_get_str(last, "proofValue"),
		                    tu_text_trim(&f->a, ex->proof_value));
	}
	mc_buf_release(&cdoc);
	mc_buf_release(&ccfg);
	return signed_doc;
}

static void test_rdfc(void **state)
{
	struct fixture *f = *state;
	struct mc_key key;
	mc_key_init(&key);
	tu_key_from_secret_multibase(
	    &key, mc_json_get_str(tu_json(&f->a, VEC "keyPair.json"), "privateKeyMultibase"));
	struct expect ex = {
	    VEC "eddsa-rdfc-2022/canonDocDataInt.txt", VEC "eddsa-rdfc-2022/proofCanonDataInt.txt",
	    VEC "eddsa-rdfc-2022/docHashDataInt.txt",  VEC "eddsa-rdfc-2022/proofHashDataInt.txt",
	    VEC "eddsa-rdfc-2022/sigHexDataInt.txt",   VEC "eddsa-rdfc-2022/sigBTC58DataInt.txt"};
	struct mc_json *s = sign_like(f, tu_json(&f->a, VEC "unsigned.json"), &key,
	                              tu_json(&f->a, VEC "eddsa-rdfc-2022/proofConfigDataInt.json"), &ex);
	const struct mc_json *expected = tu_json(&f->a, VEC "eddsa-rdfc-2022/signedDataInt.json");
	assert_true(mc_json_equal(s, expected));
	expect_verified(f, expected, 1, "signedDataInt.json");
	expect_verified(f, s, 1, "our signed document");
	mc_key_release(&key);
}

static void test_rdfc_employ(void **state)
{
	struct fixture *f = *state;
	struct mc_key key;
	mc_key_init(&key);
	tu_key_from_secret_multibase(
	    &key, mc_json_get_str(tu_json(&f->a, VEC "keyPair.json"), "privateKeyMultibase"));
	struct expect ex = {VEC "eddsa-rdfc-2022/employ/canonDocDataInt.txt",
	                    VEC "eddsa-rdfc-2022/employ/proofCanonDataInt.txt",
	                    VEC "eddsa-rdfc-2022/employ/docHashDataInt.txt",
	                    VEC "eddsa-rdfc-2022/employ/proofHashDataInt.txt",
	                    VEC "eddsa-rdfc-2022/employ/sigHexDataInt.txt",
	                    VEC "eddsa-rdfc-2022/employ/sigBTC58DataInt.txt"};
	struct mc_json *s =
	    sign_like(f, tu_json(&f->a, VEC "employmentAuth.json"), &key,
	              tu_json(&f->a, VEC "eddsa-rdfc-2022/employ/proofConfigDataInt.json"), &ex);
	const struct mc_json *expected = tu_json(&f->a, VEC "eddsa-rdfc-2022/employ/signedDataInt.json");
	assert_true(mc_json_equal(s, expected));
	expect_verified(f, expected, 1, "employ/signedDataInt.json");
	mc_key_release(&key);
}

static void test_jcs(void **state)
{
	struct fixture *f = *state;
	struct mc_key key;
	mc_key_init(&key);
	tu_key_from_secret_multibase(
	    &key, mc_json_get_str(tu_json(&f->a, VEC "keyPair.json"), "privateKeyMultibase"));
	struct expect ex = {VEC "eddsa-jcs-2022/canonDocJCS.txt", VEC "eddsa-jcs-2022/proofCanonJCS.txt",
	                    VEC "eddsa-jcs-2022/docHashJCS.txt",  VEC "eddsa-jcs-2022/proofHashJCS.txt",
	                    VEC "eddsa-jcs-2022/sigHexJCS.txt",   VEC "eddsa-jcs-2022/sigBTC58JCS.txt"};
	struct mc_json *s = sign_like(f, tu_json(&f->a, VEC "unsigned.json"), &key,
	                              tu_json(&f->a, VEC "eddsa-jcs-2022/proofConfigJCS.json"), &ex);
	const struct mc_json *expected = tu_json(&f->a, VEC "eddsa-jcs-2022/signedJCS.json");
	assert_true(mc_json_equal(s, expected));
	expect_verified(f, expected, 1, "signedJCS.json");
	mc_key_release(&key);
}

/* Ed25519Signature2020 is verify-only: the hash data is reproduced with the building
 * block, the signature with the key, and the signed vector verifies. */
static void test_ed25519_2020(void **state)
{
	static const char *const strip[] = {"proof"};
	struct fixture *f = *state;
	struct mc_key key;
	struct mc_buf cdoc, ccfg;
	struct mc_proof_trace tr = {.canonical_document = &cdoc, .canonical_config = &ccfg};
	struct mc_err err = {0};
	unsigned char hash[64], sig[64];
	size_t sig_len;

	mc_key_init(&key);
	mc_buf_init(&cdoc, MC_BUF_NOLIMIT);
	mc_buf_init(&ccfg, MC_BUF_NOLIMIT);
	tu_key_from_secret_multibase(
	    &key, mc_json_get_str(tu_json(&f->a, VEC "keyPair.json"), "privateKeyMultibase"));
	struct mc_json *signed_doc = tu_json(&f->a, VEC "Ed25519Signature2020/signedEdSig.json");
	struct mc_json *doc = mc_json_copy(&f->a, signed_doc);
	assert_true(mc_json_object_remove(doc, strip[0]));
	struct mc_json *cfg = tu_json(&f->a, VEC "Ed25519Signature2020/proofConfigEdSig.json");
	/* Without its own @context the document's is used: the same result. */
	assert_true(mc_json_object_remove(cfg, "@context"));
	if (mc_proof_hash_data(&f->a, MC_CRYPTOSUITE_ED25519_SIGNATURE_2020, doc, cfg, NULL, hash, &tr,
	                       &err) != 0)
		fail_msg("%s", err.msg);
	assert_string_equal(cdoc.ptr, tu_read(&f->a, VEC "Ed25519Signature2020/canonDocEdSig.txt", NULL));
	assert_string_equal(ccfg.ptr, tu_read(&f->a, VEC "Ed25519Signature2020/proofCanonEdSig.txt", NULL));
	assert_string_equal(tu_hex(&f->a, hash, 64),
	                    tu_text_trim(&f->a, VEC "Ed25519Signature2020/combinedHashEdSig.txt"));
	assert_int_equal(mc_key_sign(&key, hash, 64, sig, &sig_len, &err), 0);
	assert_string_equal(tu_hex(&f->a, sig, 64),
	                    tu_text_trim(&f->a, VEC "Ed25519Signature2020/sigHexEdSig.txt"));
	expect_verified(f, signed_doc, 1, "signedEdSig.json");

	/* It cannot be made. */
	struct mc_proof_opts o = {.cryptosuite = MC_CRYPTOSUITE_ED25519_SIGNATURE_2020};
	struct mc_json *out;
	assert_int_equal(mc_proof_add(&f->a, doc, &key, &o, &out, &err), MC_EUNSUPPORTED);
	mc_buf_release(&cdoc);
	mc_buf_release(&ccfg);
	mc_key_release(&key);
}

/* Proof sets and chains: build signedProofSet1 -> Set2 -> Chain1 -> Chain2 step by step
 * with the four keys, each step equal to the published document. */
static void test_proof_set_chain(void **state)
{
	struct fixture *f = *state;
	struct mc_key keys[4];
	const struct mc_json *pairs = tu_json(&f->a, VEC "proof-set-chain/multiKeyPairs.json");
	static const char *const configs[4] = {"proofSetConfig1.json", "proofSetConfig2.json",
	                                       "proofChainConfig1.json", "proofChainConfig2.json"};
	static const char *const signed_files[4] = {"signedProofSet1.json", "signedProofSet2.json",
	                                            "signedProofChain1.json", "signedProofChain2.json"};
	struct mc_json *doc = tu_json(&f->a, VEC "proof-set-chain/unsigned.json");
	for (int i = 0; i < 4; i++) {
		char name[16], path[128];
		snprintf(name, sizeof(name), "keyPair%d", i + 1);
		mc_key_init(&keys[i]);
		tu_key_from_secret_multibase(
		    &keys[i], mc_json_get_str(mc_json_get(pairs, name), "privateKeyMultibase"));
		snprintf(path, sizeof(path), VEC "proof-set-chain/%s", configs[i]);
		struct expect ex = {0};
		doc = sign_like(f, doc, &keys[i], tu_json(&f->a, path), &ex);
		snprintf(path, sizeof(path), VEC "proof-set-chain/%s", signed_files[i]);
		const struct mc_json *expected = tu_json(&f->a, path);
		if (!mc_json_equal(doc, expected)) {
			struct mc_buf b;
			mc_buf_init(&b, MC_BUF_NOLIMIT);
			mc_json_write(&b, doc, MC_JSON_PRETTY);
			fail_msg("%s differs; we made:\n%s", signed_files[i], b.ptr);
		}
		expect_verified(f, expected, (size_t)i + 1, signed_files[i]);
	}
	for (int i = 0; i < 4; i++)
		mc_key_release(&keys[i]);
}

/* A chain is broken when a proof it builds on is removed or fails. */
static void test_chain_broken(void **state)
{
	struct fixture *f = *state;
	struct mc_report rep;
	struct mc_err err = {0};
	struct mc_proof_result *res;
	size_t n;
	struct mc_proof_verify_opts o = {.results = &res, .n_results = &n, .trace_index = -1};

	/* Drop proof[1] (an earlier proof of the chain): proof[2] must fail. */
	struct mc_json *doc = tu_json(&f->a, VEC "proof-set-chain/signedProofChain1.json");
	struct mc_json *proofs = (struct mc_json *)mc_json_get(doc, "proof");
	proofs->v.items[1] = proofs->v.items[2];
	proofs->len = 2;
	mc_report_init(&rep, &f->a);
	assert_int_equal(mc_proof_verify_all(&f->a, doc, &f->resolver, &rep, &o, &err), MC_EVERIFY);
	assert_int_equal(res[0].status, MC_PROOF_VERIFIED);
	assert_int_equal(res[1].status, MC_PROOF_ERROR);
	assert_int_equal(tu_check_status(&rep, "proof[1].chain"), MC_CHECK_FAILED);
	assert_non_null(strstr(tu_check_message(&rep, "proof[1].chain"), "not in the credential"));

	/* Break the first proof's signature: it fails, and so does proof[2] building on it. */
	doc = tu_json(&f->a, VEC "proof-set-chain/signedProofChain2.json");
	proofs = (struct mc_json *)mc_json_get(doc, "proof");
	struct mc_json *pv = (struct mc_json *)mc_json_get(&proofs->v.items[0], "proofValue");
	struct mc_json *pv1 = (struct mc_json *)mc_json_get(&proofs->v.items[1], "proofValue");
	*pv = *pv1; /* another valid-looking signature, by another key */
	mc_report_init(&rep, &f->a);
	assert_int_equal(mc_proof_verify_all(&f->a, doc, &f->resolver, &rep, &o, &err), MC_EVERIFY);
	assert_int_equal(n, 4);
	assert_int_equal(res[0].status, MC_PROOF_BAD_SIGNATURE);
	assert_int_equal(res[1].status, MC_PROOF_VERIFIED);
	/* proof[2]'s signature covers proof[0] as it was: its signature fails too. */
	assert_int_not_equal(res[2].status, MC_PROOF_VERIFIED);
	assert_int_not_equal(res[3].status, MC_PROOF_VERIFIED);
}

/* OB 3.0 and CLR 2.0: the 1EdTech vectors, with the key as a trusted key. */
static void ob3_vector(struct fixture *f, const char *dir)
{
	char p[160];
	struct mc_key key;
	struct mc_err err = {0};
	struct mc_buf seed;

	snprintf(p, sizeof(p), OB3 "%s/keypair.json", dir);
	const struct mc_json *kp = tu_json(&f->a, p);
	mc_key_init(&key);
	mc_buf_init(&seed, 128);
	const char *hex = mc_json_get_str(kp, "privateKeyHex(seed||pub)");
	assert_int_equal(mc_hex_decode(&seed, hex, 64, &err), 0);
	assert_int_equal(mc_key_from_ed25519_seed(&key, (const unsigned char *)seed.ptr, &err), 0);
	mc_buf_release(&seed);
	assert_int_equal(mc_local_resolver_add_key(&f->lr, &key, mc_json_get_str(kp, "id"),
	                                           mc_json_get_str(kp, "controller"), true, &err),
	                 0);

	snprintf(p, sizeof(p), OB3 "%s/hashes.json", dir);
	const struct mc_json *h = tu_json(&f->a, p);
	char canon_doc[160], canon_cfg[160];
	snprintf(canon_doc, sizeof(canon_doc), OB3 "%s/document-canon.txt", dir);
	snprintf(canon_cfg, sizeof(canon_cfg), OB3 "%s/proof-canon.txt", dir);

	struct mc_buf cdoc, ccfg;
	struct mc_proof_trace tr = {.canonical_document = &cdoc, .canonical_config = &ccfg};
	mc_buf_init(&cdoc, MC_BUF_NOLIMIT);
	mc_buf_init(&ccfg, MC_BUF_NOLIMIT);
	snprintf(p, sizeof(p), OB3 "%s/proof-options.json", dir);
	const struct mc_json *cfg = tu_json(&f->a, p);
	snprintf(p, sizeof(p), OB3 "%s/unsigned.json", dir);
	struct mc_proof_opts o = {.cryptosuite = MC_CRYPTOSUITE_EDDSA_RDFC_2022,
	                          .created = mc_json_get_str(cfg, "created"),
	                          .verification_method = mc_json_get_str(cfg, "verificationMethod"),
	                          .proof_purpose = mc_json_get_str(cfg, "proofPurpose"),
	                          .trace = &tr};
	struct mc_json *s;
	if (mc_proof_add(&f->a, tu_json(&f->a, p), &key, &o, &s, &err) != 0)
		fail_msg("%s: %s", dir, err.msg);
	assert_string_equal(cdoc.ptr, tu_read(&f->a, canon_doc, NULL));
	assert_string_equal(ccfg.ptr, tu_read(&f->a, canon_cfg, NULL));
	assert_string_equal(tu_hex(&f->a, tr.document_hash, 32), mc_json_get_str(h, "Document hash (hex)"));
	assert_string_equal(tu_hex(&f->a, tr.config_hash, 32), mc_json_get_str(h, "Proof hash (hex)"));
	assert_string_equal(tu_hex(&f->a, tr.signature, 64), mc_json_get_str(h, "Signature (hex)"));
	assert_string_equal(mc_json_get_str(mc_json_get(s, "proof"), "proofValue"),
	                    mc_json_get_str(h, "Proof value (hex)"));
	snprintf(p, sizeof(p), OB3 "%s/signed.json", dir);
	struct mc_json *expected = tu_json(&f->a, p);
	/* The CLR vector writes its one proof as an array of one: the same proof set. */
	struct mc_json *eproof = (struct mc_json *)mc_json_get(expected, "proof");
	if (mc_json_is_array(eproof) && eproof->len == 1)
		*eproof = eproof->v.items[0];
	assert_true(mc_json_equal(s, expected));
	expect_verified(f, tu_json(&f->a, p), 1, p);
	mc_buf_release(&cdoc);
	mc_buf_release(&ccfg);
	mc_key_release(&key);
}

static void test_ob3(void **state)
{
	ob3_vector(*state, "obv3p0");
}

static void test_clr2(void **state)
{
	ob3_vector(*state, "clrv2p0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_rdfc, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rdfc_employ, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_jcs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ed25519_2020, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_proof_set_chain, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_chain_broken, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_ob3, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_clr2, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
