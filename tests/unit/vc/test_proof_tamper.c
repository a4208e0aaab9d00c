/* Tampering: changing any field of a signed credential (eddsa-rdfc-2022,
 * eddsa-jcs-2022, Ed25519Signature2020, proof sets and chains) makes verification
 * fail with a clear message; plus the rules around the signature (purpose, expiry,
 * domain, challenge, unknown keys, unsupported proofs) and the local resolver. */
#include "microcred/time.h"

#include "unit/vc/proof_testutil.h"

#define VEC "tests/vectors/vc-di-eddsa/TestVectors/"

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

static int verify(struct fixture *f, const struct mc_json *doc, struct mc_report *rep,
                  const struct mc_proof_verify_opts *o)
{
	struct mc_err err = {0};
	mc_report_init(rep, &f->a);
	int rc = mc_proof_verify_all(&f->a, doc, &f->resolver, rep, o, &err);
	/* The return value and the report agree. */
	assert_int_equal(rc == 0, mc_report_verified(rep));
	if (getenv("MC_TEST_VERBOSE"))
		fprintf(stderr, "rc %d\n%s", rc, tu_report_text(&f->a, rep));
	if (rc)
		assert_int_equal(rc, MC_EVERIFY);
	return rc;
}

/* Every string, number and boolean leaf of v, mutated in turn, must break
 * verification of root. */
static size_t tamper_leaves(struct fixture *f, struct mc_json *root, struct mc_json *v, const char *path)
{
	struct mc_report rep;
	size_t n = 0;
	switch (v->type) {
	case MC_JSON_OBJECT:
		for (uint32_t i = 0; i < v->len; i++)
			n += tamper_leaves(f, root, &v->v.members[i].value,
			                   mc_arena_printf(&f->a, "%s.%s", path, v->v.members[i].key.ptr));
		return n;
	case MC_JSON_ARRAY:
		for (uint32_t i = 0; i < v->len; i++)
			n +=
			    tamper_leaves(f, root, &v->v.items[i], mc_arena_printf(&f->a, "%s[%u]", path, i));
		return n;
	case MC_JSON_STRING: {
		struct mc_json saved = *v;
		/* Change one character in the middle, keeping the form (a URL stays a URL
		 * with a different ending, a date stays a date where the digit allows). */
		char *s = mc_arena_strndup(&f->a, v->v.str, v->len);
		size_t at = v->len > 1 ? v->len - 1 : 0;
		if (v->len == 0) {
			mc_json_set_string(&f->a, v, "x", 1);
		} else {
			s[at] = s[at] == 'A' ? 'B' : s[at] == '2' ? '3' : 'A';
			mc_json_set_string_ref(v, s, saved.len);
		}
		struct mc_proof_result *res;
		size_t nres;
		struct mc_proof_verify_opts o = {.results = &res, .n_results = &nres, .trace_index = -1};
		int rc = verify(f, root, &rep, &o);
		*v = saved;
		/* Turning one proof of a set into an unknown type only drops that proof
		 * (as removing it would): the report shows it skipped. */
		bool dropped = false;
		for (size_t i = 0; rc == 0 && i < nres; i++)
			dropped = dropped || res[i].status == MC_PROOF_UNSUPPORTED;
		if (rc == 0 && !(dropped && nres > 1 && mc_report_count(&rep, MC_CHECK_SKIPPED) > 0))
			fail_msg("changing %s to \"%s\" still verifies", path, s);
		return 1;
	}
	default: return 0;
	}
}

static void tamper_file(void **state, const char *rel, size_t min_leaves)
{
	struct fixture *f = *state;
	struct mc_report rep;
	struct mc_json *doc = tu_json(&f->a, rel);
	assert_int_equal(verify(f, doc, &rep, NULL), 0);
	size_t n = tamper_leaves(f, doc, doc, "$");
	assert_true(n >= min_leaves);
	/* After all that, the untouched document still verifies. */
	assert_int_equal(verify(f, doc, &rep, NULL), 0);
}

static void test_tamper_rdfc(void **state)
{
	tamper_file(state, VEC "eddsa-rdfc-2022/signedDataInt.json", 15);
}

static void test_tamper_jcs(void **state)
{
	tamper_file(state, VEC "eddsa-jcs-2022/signedJCS.json", 15);
}

static void test_tamper_2020(void **state)
{
	tamper_file(state, VEC "Ed25519Signature2020/signedEdSig.json", 15);
}

static void test_tamper_chain(void **state)
{
	tamper_file(state, VEC "proof-set-chain/signedProofChain2.json", 30);
}

/* The messages say what happened. */
static void test_messages(void **state)
{
	struct fixture *f = *state;
	struct mc_report rep;
	struct mc_json *doc = tu_json(&f->a, VEC "eddsa-rdfc-2022/signedDataInt.json");
	struct mc_json *cs = (struct mc_json *)mc_json_get(doc, "credentialSubject");
	struct mc_json *alumni = (struct mc_json *)mc_json_get(cs, "alumniOf");
	mc_json_set_string(&f->a, alumni, "The School of Forgery", 21);
	assert_int_equal(verify(f, doc, &rep, NULL), MC_EVERIFY);
	assert_int_equal(tu_check_status(&rep, "proof[0].signature"), MC_CHECK_FAILED);
	assert_string_equal(
	    tu_check_message(&rep, "proof[0].signature"),
	    "The signature does not match: the credential was changed after signing, or it was "
	    "signed with another key.");
	assert_int_equal(tu_check_status(&rep, "proof[0].method"), MC_CHECK_PASSED);
	assert_int_equal(tu_check_status(&rep, "proof[0].purpose"), MC_CHECK_PASSED);
	assert_int_equal(tu_check_status(&rep, "proof[0].created"), MC_CHECK_PASSED);

	/* Valid: the sentence names the signer. */
	doc = tu_json(&f->a, VEC "eddsa-rdfc-2022/signedDataInt.json");
	assert_int_equal(verify(f, doc, &rep, NULL), 0);
	assert_string_equal(
	    tu_check_message(&rep, "proof[0].signature"),
	    "The signature by did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2 is valid: "
	    "the credential has not been changed since it was signed.");

	/* A relative IRI (no base in Data Integrity): the signature cannot be checked, and
	 * the message says why. */
	mc_json_object_set(&f->a, doc, "id", 2, mc_json_new_cstr(&f->a, "credential-42"));
	assert_int_equal(verify(f, doc, &rep, NULL), MC_EVERIFY);
	assert_non_null(strstr(tu_check_message(&rep, "proof[0].signature"), "could not be checked"));

	/* No proof at all. */
	assert_true(mc_json_object_remove(doc, "proof"));
	assert_int_equal(verify(f, doc, &rep, NULL), MC_EVERIFY);
	assert_int_equal(tu_check_status(&rep, "proof"), MC_CHECK_FAILED);
}

static void test_rules(void **state)
{
	struct fixture *f = *state;
	struct mc_report rep;
	struct mc_err err = {0};
	struct mc_key key;
	struct mc_json *s;
	struct mc_time now;
	const struct mc_json *unsigned_doc = tu_json(&f->a, VEC "unsigned.json");

	mc_key_init(&key);
	tu_key_from_secret_multibase(
	    &key, mc_json_get_str(tu_json(&f->a, VEC "keyPair.json"), "privateKeyMultibase"));

	/* Purpose: made for authentication, expected assertionMethod. */
	struct mc_proof_opts so = {.proof_purpose = "authentication", .created = "2024-01-01T00:00:00Z"};
	assert_int_equal(mc_proof_add(&f->a, unsigned_doc, &key, &so, &s, &err), 0);
	assert_int_equal(verify(f, s, &rep, NULL), MC_EVERIFY);
	assert_int_equal(tu_check_status(&rep, "proof[0].purpose"), MC_CHECK_FAILED);
	assert_int_equal(tu_check_status(&rep, "proof[0].signature"), MC_CHECK_PASSED);
	struct mc_proof_verify_opts vo = {.expected_purpose = "authentication", .trace_index = -1};
	assert_int_equal(verify(f, s, &rep, &vo), 0);

	/* Expiry, domain and challenge. */
	so = (struct mc_proof_opts){.created = "2024-01-01T00:00:00Z",
	                            .expires = "2024-02-01T00:00:00Z",
	                            .domain = "example.org",
	                            .challenge = "abc123",
	                            .cryptosuite = MC_CRYPTOSUITE_EDDSA_JCS_2022};
	assert_int_equal(mc_proof_add(&f->a, unsigned_doc, &key, &so, &s, &err), 0);
	assert_int_equal(mc_time_parse(&now, "2024-01-15T00:00:00Z", 20, &err), 0);
	vo = (struct mc_proof_verify_opts){
	    .now = &now, .domain = "example.org", .challenge = "abc123", .trace_index = -1};
	assert_int_equal(verify(f, s, &rep, &vo), 0);
	assert_int_equal(tu_check_status(&rep, "proof[0].expires"), MC_CHECK_PASSED);
	assert_int_equal(tu_check_status(&rep, "proof[0].domain"), MC_CHECK_PASSED);
	vo.challenge = "other";
	assert_int_equal(verify(f, s, &rep, &vo), MC_EVERIFY);
	assert_int_equal(tu_check_status(&rep, "proof[0].challenge"), MC_CHECK_FAILED);
	vo.challenge = NULL;
	vo.domain = "evil.example";
	assert_int_equal(verify(f, s, &rep, &vo), MC_EVERIFY);
	assert_int_equal(tu_check_status(&rep, "proof[0].domain"), MC_CHECK_FAILED);
	vo.domain = NULL;
	assert_int_equal(mc_time_parse(&now, "2024-03-01T00:00:00Z", 20, &err), 0);
	assert_int_equal(verify(f, s, &rep, &vo), MC_EVERIFY);
	assert_int_equal(tu_check_status(&rep, "proof[0].expires"), MC_CHECK_FAILED);
	assert_string_equal(tu_check_message(&rep, "proof[0].expires"),
	                    "The proof expired on 2024-02-01T00:00:00Z.");

	/* A JCS proof whose @context is no longer the start of the document's. */
	assert_int_equal(mc_proof_add(&f->a, unsigned_doc, &key, NULL, &s, &err), 0);
	so = (struct mc_proof_opts){.cryptosuite = MC_CRYPTOSUITE_EDDSA_JCS_2022};
	assert_int_equal(mc_proof_add(&f->a, unsigned_doc, &key, &so, &s, &err), 0);
	struct mc_json *ctx = (struct mc_json *)mc_json_get(s, "@context");
	struct mc_json *first = &ctx->v.items[0];
	ctx->v.items[0] = ctx->v.items[1];
	ctx->v.items[1] = *first;
	assert_int_equal(verify(f, s, &rep, NULL), MC_EVERIFY);

	/* Unknown key (not did:key, not trusted): the method check says so. */
	so = (struct mc_proof_opts){.verification_method = "https://vc.example/issuers/5678#key-1"};
	assert_int_equal(mc_proof_add(&f->a, unsigned_doc, &key, &so, &s, &err), 0);
	assert_int_equal(verify(f, s, &rep, NULL), MC_EVERIFY);
	assert_int_equal(tu_check_status(&rep, "proof[0].method"), MC_CHECK_FAILED);
	assert_non_null(strstr(tu_check_message(&rep, "proof[0].method"), "could not be found"));
	/* ... trusted, it verifies. */
	assert_int_equal(mc_local_resolver_add_key(&f->lr, &key, "https://vc.example/issuers/5678#key-1",
	                                           NULL, true, &err),
	                 0);
	assert_int_equal(verify(f, s, &rep, NULL), 0);
	/* ... trusted but not for assertionMethod, it does not. */
	mc_local_resolver_release(&f->lr);
	mc_local_resolver_init(&f->lr);
	assert_int_equal(mc_local_resolver_add_key(&f->lr, &key, "https://vc.example/issuers/5678#key-1",
	                                           NULL, false, &err),
	                 0);
	assert_int_equal(verify(f, s, &rep, NULL), MC_EVERIFY);
	assert_int_equal(tu_check_status(&rep, "proof[0].method"), MC_CHECK_FAILED);

	/* A public key cannot sign; an existing proof makes a set. */
	struct mc_key pub;
	mc_key_init(&pub);
	assert_int_equal(mc_key_from_public(&pub, MC_KEY_ED25519, key.pub, 32, &err), 0);
	assert_int_equal(mc_proof_add(&f->a, unsigned_doc, &pub, NULL, &s, &err), MC_EINVAL);
	mc_key_release(&pub);
	assert_int_equal(mc_proof_add(&f->a, unsigned_doc, &key, NULL, &s, &err), 0);
	assert_true(mc_json_is_object(mc_json_get(s, "proof")));
	/* created defaults to now, whole seconds, Z. */
	const char *created = mc_json_get_str(mc_json_get(s, "proof"), "created");
	assert_int_equal(strlen(created), 20);
	assert_int_equal(created[19], 'Z');
	so = (struct mc_proof_opts){.cryptosuite = MC_CRYPTOSUITE_EDDSA_JCS_2022};
	assert_int_equal(mc_proof_add(&f->a, s, &key, &so, &s, &err), 0);
	assert_int_equal(mc_json_get(s, "proof")->len, 2);
	assert_int_equal(verify(f, s, &rep, NULL), 0);
	/* previousProof must name a proof that is there. */
	so.previous_proof = "urn:uuid:missing";
	assert_int_equal(mc_proof_add(&f->a, s, &key, &so, &s, &err), MC_EINVAL);
	mc_key_release(&key);
}

/* An unknown proof type next to a valid proof is skipped; alone, nothing verifies. */
static void test_unsupported(void **state)
{
	struct fixture *f = *state;
	struct mc_report rep;
	struct mc_proof_result *res;
	size_t n;
	struct mc_proof_verify_opts vo = {.results = &res, .n_results = &n, .trace_index = -1};
	struct mc_json *doc = tu_json(&f->a, VEC "proof-set-chain/signedProofSet2.json");
	struct mc_json *proofs = (struct mc_json *)mc_json_get(doc, "proof");
	struct mc_json *type = (struct mc_json *)mc_json_get(&proofs->v.items[0], "type");
	mc_json_set_string(&f->a, type, "SomeProofType", 13);
	assert_int_equal(verify(f, doc, &rep, &vo), 0);
	assert_int_equal(res[0].status, MC_PROOF_UNSUPPORTED);
	assert_int_equal(res[1].status, MC_PROOF_VERIFIED);
	assert_int_equal(tu_check_status(&rep, "proof[0].type"), MC_CHECK_SKIPPED);
	type = (struct mc_json *)mc_json_get(&proofs->v.items[1], "type");
	mc_json_set_string(&f->a, type, "SomeProofType", 13);
	assert_int_equal(verify(f, doc, &rep, &vo), MC_EVERIFY);
	assert_int_equal(tu_check_status(&rep, "proof"), MC_CHECK_FAILED);
}

/* The local resolver: every --keys shape of the interop harness, DID documents with
 * embedded methods, and the fragment-key rule behind its option. */
static void test_resolver(void **state)
{
	struct fixture *f = *state;
	struct mc_err err = {0};
	struct mc_resolved_method m;
	struct mc_json *v;
	static const char *const shapes[] = {
	    /* keygen.mjs key file */
	    "{\"@context\":\"https://w3id.org/security/multikey/v1\",\"id\":\"https://example.edu/issuers/1#"
	    "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2\",\"type\":\"Multikey\",\"controller\":"
	    "\"https://example.edu/issuers/"
	    "1\",\"publicKeyMultibase\":\"z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2\"}",
	    /* map to a multibase */
	    "{\"https://example.edu/issuers/2#k\":\"z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2\"}",
	    /* map to a JWK with a controller */
	    "{\"https://example.edu/issuers/"
	    "3#k\":{\"publicKeyJwk\":{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":"
	    "\"sA2Nk45_dz1RVlqtNqYj9TRPf10ZYPnPPo4SYg6igQ8\"},\"controller\":\"https://example.edu/c3\"}}",
	    /* controller document with relative references */
	    "[{\"id\":\"did:web:example.edu:4\",\"verificationMethod\":[{\"id\":\"#k\",\"type\":\"Multikey\","
	    "\"controller\":\"did:web:example.edu:4\",\"publicKeyMultibase\":"
	    "\"z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2\"},{\"id\":\"#other\",\"type\":\"Multikey\","
	    "\"publicKeyMultibase\":\"z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2\"}],"
	    "\"assertionMethod\":[\"#k\"]}]",
	};
	static const struct {
		const char *id, *controller;
		bool am;
	} want[] = {
	    {"https://example.edu/issuers/1#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
	     "https://example.edu/issuers/1", true},
	    {"https://example.edu/issuers/2#k", "https://example.edu/issuers/2", true},
	    {"https://example.edu/issuers/3#k", "https://example.edu/c3", true},
	    {"did:web:example.edu:4#k", "did:web:example.edu:4", true},
	    {"did:web:example.edu:4#other", "did:web:example.edu:4", false},
	};
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		assert_int_equal(mc_json_parse(&f->a, shapes[i], strlen(shapes[i]), NULL, &v, &err), 0);
		if (mc_local_resolver_add_keys_json(&f->lr, v, &err) != 0)
			fail_msg("shape %zu: %s", i, err.msg);
	}
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		if (f->resolver.method(f->resolver.ctx, want[i].id, &f->a, &m, &err) != 0)
			fail_msg("%s: %s", want[i].id, err.msg);
		assert_string_equal(m.controller, want[i].controller);
		assert_int_equal(m.assertion_method, want[i].am);
		assert_int_equal(m.key.type, MC_KEY_ED25519);
		mc_key_release(&m.key);
	}
	/* did:key, with and without the fragment; a wrong fragment is not found. */
	const char *dk = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
	assert_int_equal(f->resolver.method(f->resolver.ctx, dk, &f->a, &m, &err), 0);
	assert_string_equal(m.controller, dk);
	assert_true(m.assertion_method);
	mc_key_release(&m.key);
	assert_int_equal(
	    f->resolver.method(f->resolver.ctx, mc_arena_printf(&f->a, "%s#key-2", dk), &f->a, &m, &err),
	    MC_ENOTFOUND);
	/* The fragment rule is off by default. */
	const char *fk = "https://other.example/issuer#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
	assert_int_equal(f->resolver.method(f->resolver.ctx, fk, &f->a, &m, &err), MC_ENOTFOUND);
	f->lr.fragment_keys = true;
	assert_int_equal(f->resolver.method(f->resolver.ctx, fk, &f->a, &m, &err), 0);
	assert_string_equal(m.controller, "https://other.example/issuer");
	mc_key_release(&m.key);
	/* Bad input is an error with a message. */
	const char *bad = "{\"https://x.example#k\": 42}";
	assert_int_equal(mc_json_parse(&f->a, bad, strlen(bad), NULL, &v, &err), 0);
	assert_int_equal(mc_local_resolver_add_keys_json(&f->lr, v, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "https://x.example#k"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_tamper_rdfc, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tamper_jcs, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tamper_2020, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_tamper_chain, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_messages, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_rules, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_unsupported, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_resolver, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
