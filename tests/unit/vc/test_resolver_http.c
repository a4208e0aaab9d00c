/* The HTTP resolver (include/microcred/resolver_http.h) over real HTTP on loopback
 * (tests/support/http_fixture): did:web documents (served through
 * did_web_base_override), https:// controller and key documents, the assertionMethod
 * rule (also end to end through a Data Integrity proof), the errors (404, timeout,
 * size, wrong id, foreign controller, insecure redirect, plain http), the cache,
 * offline mode, chaining with the local resolver, and status lists. */
/* cmocka needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
/* clang-format on */

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/fetch.h"
#include "microcred/json.h"
#include "microcred/keys.h"
#include "microcred/proof.h"
#include "microcred/report.h"
#include "microcred/resolver.h"
#include "microcred/resolver_http.h"

#include "support/http_fixture.h"

#define DID1 "did:web:example.com:issuers:1"

static struct mc_http_fixture *fx;
static struct mc_key k1, k2;    /* Ed25519, with secrets (for signing) */
static char mb1[128], mb2[128]; /* their publicKeyMultibase */
static char jwk1[512];          /* k1 as a bare public JWK */

struct t {
	struct mc_http_resolver r;
	struct mc_resolver res;
	struct mc_arena a;
	struct mc_resolved_method m;
	struct mc_err e;
};

static void gen(struct mc_key *k, char *mb)
{
	struct mc_err e = {0};
	struct mc_buf b;
	if (mc_key_generate(k, MC_KEY_ED25519, 0, &e) != 0)
		fail_msg("keygen: %s", e.msg);
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	assert_int_equal(mc_key_public_multibase(k, &b), 0);
	snprintf(mb, 128, "%s", b.ptr);
	mc_buf_release(&b);
}

static int setup(void **state)
{
	struct mc_arena a;
	struct mc_json *j;
	struct mc_buf b;
	struct mc_err e = {0};

	fx = mc_http_fixture_start();
	if (!fx)
		return -1;
	mc_key_init(&k1);
	mc_key_init(&k2);
	gen(&k1, mb1);
	gen(&k2, mb2);
	mc_arena_init(&a, 0);
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	if (mc_key_to_jwk(&a, &k1, 0, false, &j, &e) != 0 || mc_json_write(&b, j, MC_JSON_COMPACT) != 0)
		return -1;
	snprintf(jwk1, sizeof(jwk1), "%s", b.ptr);
	mc_buf_release(&b);
	mc_arena_release(&a);
	return 0;
}

static int teardown(void **state)
{
	mc_key_release(&k1);
	mc_key_release(&k2);
	mc_http_fixture_stop(fx);
	return 0;
}

static int t_setup(void **state)
{
	struct t *t = calloc(1, sizeof(*t));
	mc_http_resolver_init(&t->r);
	t->r.did_web_base_override = mc_http_fixture_base(fx);
	t->res = mc_http_resolver(&t->r);
	mc_arena_init(&t->a, 0);
	mc_key_init(&t->m.key);
	*state = t;
	return 0;
}

static int t_teardown(void **state)
{
	struct t *t = *state;
	mc_key_release(&t->m.key);
	mc_arena_release(&t->a);
	mc_http_resolver_release(&t->r);
	free(t);
	return 0;
}

static int resolve(struct t *t, const char *vm_id)
{
	mc_key_release(&t->m.key);
	mc_err_clear(&t->e);
	return t->res.method(t->res.ctx, vm_id, &t->a, &t->m, &t->e);
}

/* Resolves vm_id and fails the test, with the resolver's message, unless it succeeds. */
#define assert_resolves(t, vm_id)                                                                            \
	do {                                                                                                 \
		if (resolve((t), (vm_id)) != 0)                                                              \
			fail_msg("%s: %s", (vm_id), (t)->e.msg);                                             \
	} while (0)

static const char *url(const char *path)
{
	static char buf[4][256];
	static int i;
	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s%s", mc_http_fixture_base(fx), path);
	return buf[i];
}

#define assert_contains(hay, needle)                                                                         \
	do {                                                                                                 \
		if (!strstr((hay), (needle)))                                                                \
			fail_msg("expected \"%s\" in \"%s\"", (needle), (hay));                              \
	} while (0)

static bool same_pub(const struct mc_key *a, const struct mc_key *b)
{
	return a->type == b->type && a->pub_len == b->pub_len && memcmp(a->pub, b->pub, a->pub_len) == 0;
}

/* A DID document for did with k1 as "#key-1" (relative id) and k2 as an absolute
 * "<did>#key-2"; rel1 / rel2 are the relationships listing each. */
static void serve_did(const char *path, const char *did, const char *rel1, const char *rel2)
{
	char doc[4096], rels[512];
	if (strcmp(rel1, rel2) == 0)
		snprintf(rels, sizeof(rels), "\"%s\": [\"#key-1\", \"%s#key-2\"]", rel1, did);
	else
		snprintf(rels, sizeof(rels), "\"%s\": [\"#key-1\"], \"%s\": [\"%s#key-2\"]", rel1, rel2, did);
	snprintf(
	    doc, sizeof(doc),
	    "{\"@context\": [\"https://www.w3.org/ns/did/v1\", \"https://w3id.org/security/multikey/v1\"],"
	    " \"id\": \"%s\","
	    " \"verificationMethod\": ["
	    "  {\"id\": \"#key-1\", \"type\": \"Multikey\", \"controller\": \"%s\", \"publicKeyMultibase\": "
	    "\"%s\"},"
	    "  {\"id\": \"%s#key-2\", \"type\": \"Multikey\", \"controller\": \"%s\", "
	    "\"publicKeyMultibase\": \"%s\"}"
	    " ],"
	    " %s}",
	    did, did, mb1, did, did, mb2, rels);
	mc_http_fixture_json(fx, path, doc);
}

static void test_did_web(void **state)
{
	struct t *t = *state;
	char v[256];

	serve_did("/issuers/1/did.json", DID1, "assertionMethod", "assertionMethod");
	assert_resolves(t, DID1 "#key-1");
	assert_true(same_pub(&t->m.key, &k1));
	assert_null(t->m.key.secret);
	assert_string_equal(t->m.id, DID1 "#key-1");
	assert_string_equal(t->m.controller, DID1);
	assert_true(t->m.assertion_method);
	assert_true(mc_http_fixture_last_header(fx, "Accept", v, sizeof(v)));
	assert_string_equal(v, MC_FETCH_ACCEPT_DID);

	assert_resolves(t, DID1 "#key-2");
	assert_true(same_pub(&t->m.key, &k2));
	assert_true(t->m.assertion_method);

	/* A bare DID names the first assertionMethod. */
	assert_resolves(t, DID1);
	assert_string_equal(t->m.id, DID1 "#key-1");
	assert_true(same_pub(&t->m.key, &k1));

	/* A domain-only DID is at /.well-known/did.json. */
	serve_did("/.well-known/did.json", "did:web:example.org", "assertionMethod", "authentication");
	assert_resolves(t, "did:web:example.org#key-1");
	assert_true(same_pub(&t->m.key, &k1));
	assert_int_equal(mc_http_fixture_hits(fx, "/.well-known/did.json"), 1);
}

static void test_did_web_key_forms(void **state)
{
	struct t *t = *state;
	char doc[4096];

	/* JsonWebKey with publicKeyJwk, embedded in assertionMethod; and the older
	 * Ed25519VerificationKey2020. */
	snprintf(
	    doc, sizeof(doc),
	    "{\"id\": \"did:web:example.com:forms\","
	    " \"verificationMethod\": [{\"id\": \"did:web:example.com:forms#ed2020\","
	    "  \"type\": \"Ed25519VerificationKey2020\", \"controller\": \"did:web:example.com:forms\","
	    "  \"publicKeyMultibase\": \"%s\"}],"
	    " \"assertionMethod\": [{\"id\": \"did:web:example.com:forms#jwk\", \"type\": \"JsonWebKey\","
	    "  \"controller\": \"did:web:example.com:forms\", \"publicKeyJwk\": %s},"
	    "  \"did:web:example.com:forms#ed2020\"]}",
	    mb2, jwk1);
	mc_http_fixture_json(fx, "/forms/did.json", doc);
	assert_resolves(t, "did:web:example.com:forms#jwk");
	assert_true(same_pub(&t->m.key, &k1));
	assert_true(t->m.assertion_method);
	assert_resolves(t, "did:web:example.com:forms#ed2020");
	assert_true(same_pub(&t->m.key, &k2));
	assert_true(t->m.assertion_method);
}

static void test_not_assertion_method(void **state)
{
	struct t *t = *state;

	serve_did("/issuers/auth/did.json", "did:web:example.com:issuers:auth", "assertionMethod",
	          "authentication");
	assert_resolves(t, "did:web:example.com:issuers:auth#key-2");
	assert_true(same_pub(&t->m.key, &k2));
	assert_false(t->m.assertion_method);
	assert_resolves(t, "did:web:example.com:issuers:auth#key-1");
	assert_true(t->m.assertion_method);
}

/* End to end: a credential signed by a did:web key verifies through the resolver
 * only when the DID document lists the key under assertionMethod, and the report
 * says why not otherwise. */
static void test_proof_end_to_end(void **state)
{
	struct t *t = *state;
	static const char cred[] = "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"],"
	                           " \"type\": [\"VerifiableCredential\"],"
	                           " \"issuer\": \"did:web:example.com:issuers:e2e\","
	                           " \"credentialSubject\": {\"id\": \"did:example:learner\"}}";
	struct mc_json *doc, *signed_doc;
	struct mc_report rep;

	serve_did("/issuers/e2e/did.json", "did:web:example.com:issuers:e2e", "assertionMethod",
	          "authentication");
	assert_int_equal(mc_json_parse(&t->a, cred, sizeof(cred) - 1, NULL, &doc, &t->e), 0);

	for (int which = 1; which <= 2; which++) {
		struct mc_proof_opts po = {.cryptosuite = MC_CRYPTOSUITE_EDDSA_JCS_2022};
		po.verification_method = which == 1 ? "did:web:example.com:issuers:e2e#key-1"
		                                    : "did:web:example.com:issuers:e2e#key-2";
		if (mc_proof_add(&t->a, doc, which == 1 ? &k1 : &k2, &po, &signed_doc, &t->e) != 0)
			fail_msg("signing: %s", t->e.msg);
		mc_report_init(&rep, &t->a);
		int rc = mc_proof_verify_all(&t->a, signed_doc, &t->res, &rep, NULL, &t->e);
		bool found = false;
		for (size_t i = 0; i < rep.len; i++)
			if (rep.checks[i].status == MC_CHECK_FAILED &&
			    strstr(rep.checks[i].message, "not authorised"))
				found = true;
		if (which == 1) {
			if (rc != 0)
				fail_msg("key-1 (assertionMethod) did not verify: %s", t->e.msg);
			assert_false(found);
		} else {
			assert_int_equal(rc, MC_EVERIFY);
			assert_true(found);
		}
	}
}

static void test_did_web_bad_documents(void **state)
{
	struct t *t = *state;
	char doc[2048];

	/* The document claims another DID. */
	serve_did("/issuers/liar/did.json", "did:web:evil.example", "assertionMethod", "assertionMethod");
	assert_int_equal(resolve(t, "did:web:example.com:issuers:liar#key-1"), MC_EVERIFY);
	assert_contains(t->e.msg,
	                "says it is \"did:web:evil.example\", not did:web:example.com:issuers:liar");

	/* No such key in it. */
	assert_int_equal(resolve(t, DID1 "#key-9"), MC_ENOTFOUND);
	assert_contains(t->e.msg, "has no verification method " DID1 "#key-9");

	/* A key whose controller is someone else. */
	snprintf(doc, sizeof(doc),
	         "{\"id\": \"did:web:example.com:ctl\", \"verificationMethod\": [{\"id\": \"#k\", \"type\": "
	         "\"Multikey\", \"controller\": \"did:web:other.example\", \"publicKeyMultibase\": \"%s\"}],"
	         " \"assertionMethod\": [\"#k\"]}",
	         mb1);
	mc_http_fixture_json(fx, "/ctl/did.json", doc);
	assert_int_equal(resolve(t, "did:web:example.com:ctl#k"), MC_EVERIFY);
	assert_contains(t->e.msg, "says its controller is did:web:other.example");

	/* Not JSON. */
	struct mc_http_response html = {.body = "<html>hello</html>", .content_type = "text/html"};
	mc_http_fixture_set(fx, "/html/did.json", &html);
	assert_int_equal(resolve(t, "did:web:example.com:html#k"), MC_EINVAL);
	assert_contains(t->e.msg, "is not JSON (Content-Type text/html)");

	/* A key that is not a key. */
	mc_http_fixture_json(
	    fx, "/badkey/did.json",
	    "{\"id\": \"did:web:example.com:badkey\", \"verificationMethod\": [{\"id\": \"#k\","
	    " \"type\": \"Multikey\", \"publicKeyMultibase\": \"zNotAKey\"}],"
	    " \"assertionMethod\": [\"#k\"]}");
	assert_int_equal(resolve(t, "did:web:example.com:badkey#k") != 0, 1);
	assert_contains(t->e.msg, "the key did:web:example.com:badkey#k published at");

	/* Some other DID method. */
	assert_int_equal(resolve(t, "did:ion:abc#k"), MC_ENOTFOUND);
	assert_contains(t->e.msg, "microcred resolves did:key, did:web and https://");
}

static void test_http_errors(void **state)
{
	struct t *t = *state;

	/* 404. */
	assert_int_equal(resolve(t, "did:web:example.com:missing#k"), MC_ENOTFOUND);
	assert_contains(t->e.msg, "could not get the DID document of did:web:example.com:missing: ");
	assert_contains(t->e.msg, url("/missing/did.json answered 404"));

	/* A server slower than the configured timeout. */
	struct mc_http_response slow = {.body = "{}", .delay_ms = 3000};
	mc_http_fixture_set(fx, "/slow/did.json", &slow);
	t->r.fetch.timeout_ms = 300;
	assert_int_equal(resolve(t, "did:web:example.com:slow#k"), MC_EIO);
	assert_contains(t->e.msg, "no complete answer within 0.3 s");

	/* An oversized document. */
	size_t big = 70000;
	char *body = malloc(big);
	memset(body, ' ', big);
	memcpy(body, "{\"id\": \"did:web:example.com:big\"", 32);
	body[big - 1] = '}';
	struct mc_http_response bigr = {.body = body, .body_len = big};
	mc_http_fixture_set(fx, "/big/did.json", &bigr);
	t->r.fetch.max_size = 64 * 1024;
	assert_int_equal(resolve(t, "did:web:example.com:big#k"), MC_ELIMIT);
	assert_contains(t->e.msg, "sent 70.0 kB; the limit is 64 KiB");
	free(body);

	/* A redirect to plain http elsewhere is refused. */
	mc_http_fixture_redirect(fx, "/moved/did.json", 301, "http://example.com/moved/did.json");
	assert_int_equal(resolve(t, "did:web:example.com:moved#k"), MC_EINVAL);
	assert_contains(t->e.msg, "refusing to fetch http://example.com/moved/did.json");

	/* A redirect to loopback is followed. */
	serve_did("/issuers/new/did.json", "did:web:example.com:issuers:old", "assertionMethod",
	          "assertionMethod");
	mc_http_fixture_redirect(fx, "/issuers/old/did.json", 302, "/issuers/new/did.json");
	assert_resolves(t, "did:web:example.com:issuers:old#key-1");

	/* Plain http to another host: refused without any request. */
	unsigned before = mc_http_fixture_requests(fx);
	assert_int_equal(resolve(t, "http://example.com/keys/1#k"), MC_EINVAL);
	assert_contains(t->e.msg, "refusing to fetch http://example.com/keys/1: plain http:// is not secure");
	assert_int_equal(mc_http_fixture_requests(fx), before);
}

static void test_https_controller_document(void **state)
{
	struct t *t = *state;
	char doc[4096];
	const char *ctl = url("/orgs/2");

	snprintf(doc, sizeof(doc),
	         "{\"id\": \"%s\", \"verificationMethod\": ["
	         " {\"id\": \"%s#key-1\", \"type\": \"Multikey\", \"controller\": \"%s\", "
	         "\"publicKeyMultibase\": \"%s\"},"
	         " {\"id\": \"#key-2\", \"type\": \"Multikey\", \"controller\": \"%s\", "
	         "\"publicKeyMultibase\": \"%s\"}],"
	         " \"assertionMethod\": [\"%s#key-1\"], \"authentication\": [\"#key-2\"]}",
	         ctl, ctl, ctl, mb1, ctl, mb2, ctl);
	mc_http_fixture_json(fx, "/orgs/2", doc);

	char vm[300];
	snprintf(vm, sizeof(vm), "%s#key-1", ctl);
	assert_resolves(t, vm);
	assert_true(same_pub(&t->m.key, &k1));
	assert_string_equal(t->m.controller, ctl);
	assert_true(t->m.assertion_method);
	snprintf(vm, sizeof(vm), "%s#key-2", ctl);
	assert_resolves(t, vm);
	assert_true(same_pub(&t->m.key, &k2));
	assert_false(t->m.assertion_method);
	/* Both from one fetch. */
	assert_int_equal(mc_http_fixture_hits(fx, "/orgs/2"), 1);
}

static void test_https_key_document(void **state)
{
	struct t *t = *state;
	char doc[4096];
	const char *key = url("/keys/3");
	const char *ctl = url("/orgs/3");
	const char *ctl_not = url("/orgs/3-not");

	snprintf(doc, sizeof(doc),
	         "{\"id\": \"%s\", \"type\": \"Multikey\", \"controller\": \"%s\", \"publicKeyMultibase\": "
	         "\"%s\"}",
	         key, ctl, mb1);
	mc_http_fixture_json(fx, "/keys/3", doc);
	snprintf(doc, sizeof(doc), "{\"id\": \"%s\", \"assertionMethod\": [\"%s\"]}", ctl, key);
	mc_http_fixture_json(fx, "/orgs/3", doc);

	assert_resolves(t, key);
	assert_true(same_pub(&t->m.key, &k1));
	assert_string_equal(t->m.controller, ctl);
	assert_true(t->m.assertion_method);
	assert_int_equal(mc_http_fixture_hits(fx, "/orgs/3"), 1);

	/* A controller that does not list the key. */
	snprintf(doc, sizeof(doc),
	         "{\"id\": \"%s\", \"type\": \"Multikey\", \"controller\": \"%s\", \"publicKeyMultibase\": "
	         "\"%s\"}",
	         url("/keys/4"), ctl_not, mb1);
	mc_http_fixture_json(fx, "/keys/4", doc);
	snprintf(doc, sizeof(doc), "{\"id\": \"%s\", \"assertionMethod\": []}", ctl_not);
	mc_http_fixture_json(fx, "/orgs/3-not", doc);
	assert_int_equal(resolve(t, url("/keys/4")), MC_EVERIFY);
	assert_contains(t->e.msg, "does not list it");

	/* A key that names no controller. */
	snprintf(doc, sizeof(doc), "{\"id\": \"%s\", \"type\": \"Multikey\", \"publicKeyMultibase\": \"%s\"}",
	         url("/keys/5"), mb1);
	mc_http_fixture_json(fx, "/keys/5", doc);
	assert_int_equal(resolve(t, url("/keys/5")), MC_EVERIFY);
	assert_contains(t->e.msg, "does not name its controller");

	/* A document that is about something else. */
	snprintf(doc, sizeof(doc), "{\"id\": \"https://example.com/other\", \"publicKeyMultibase\": \"%s\"}",
	         mb1);
	mc_http_fixture_json(fx, "/keys/6", doc);
	assert_int_equal(resolve(t, url("/keys/6")), MC_EVERIFY);
	assert_contains(t->e.msg, "which is neither the key");
}

static void test_cache(void **state)
{
	struct t *t = *state;

	serve_did("/cache/did.json", "did:web:example.com:cache", "assertionMethod", "assertionMethod");
	unsigned before = mc_http_fixture_hits(fx, "/cache/did.json");
	assert_resolves(t, "did:web:example.com:cache#key-1");
	assert_resolves(t, "did:web:example.com:cache#key-2");
	assert_resolves(t, "did:web:example.com:cache#key-1");
	assert_int_equal(mc_http_fixture_hits(fx, "/cache/did.json"), before + 1);

	/* Without a cache, every resolution fetches. */
	mc_fetch_cache_free(t->r.cache);
	t->r.cache = NULL;
	assert_resolves(t, "did:web:example.com:cache#key-1");
	assert_resolves(t, "did:web:example.com:cache#key-1");
	assert_int_equal(mc_http_fixture_hits(fx, "/cache/did.json"), before + 3);
}

static void test_offline(void **state)
{
	struct t *t = *state;
	struct mc_local_resolver local;
	struct mc_buf b;
	char want[300];

	serve_did("/off/did.json", "did:web:example.com:off", "assertionMethod", "assertionMethod");
	t->r.offline = true;
	unsigned before = mc_http_fixture_requests(fx);
	assert_int_equal(resolve(t, "did:web:example.com:off#key-1"), MC_EUNSUPPORTED);
	snprintf(want, sizeof(want), "offline mode: would need to fetch %s", url("/off/did.json"));
	assert_string_equal(t->e.msg, want);
	assert_int_equal(resolve(t, url("/orgs/2#key-1")), MC_EUNSUPPORTED);
	snprintf(want, sizeof(want), "offline mode: would need to fetch %s", url("/orgs/2"));
	assert_string_equal(t->e.msg, want);

	/* Without the test override the URL is the real did:web one. */
	t->r.did_web_base_override = NULL;
	assert_int_equal(resolve(t, "did:web:example.com%3A8443:u:alice#key-1"), MC_EUNSUPPORTED);
	assert_string_equal(t->e.msg,
	                    "offline mode: would need to fetch https://example.com:8443/u/alice/did.json");

	const struct mc_json *sl;
	assert_int_equal(
	    t->res.status_list(t->res.ctx, "https://example.com/status/1#list", &t->a, &sl, &t->e),
	    MC_EUNSUPPORTED);
	assert_string_equal(t->e.msg, "offline mode: would need to fetch https://example.com/status/1");
	assert_int_equal(mc_http_fixture_requests(fx), before);

	/* did:key still resolves offline, through the local resolver chained in front. */
	mc_local_resolver_init(&local);
	t->r.next = mc_local_resolver(&local);
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	assert_int_equal(mc_key_did_key(&k1, &b), 0);
	assert_resolves(t, b.ptr);
	assert_true(same_pub(&t->m.key, &k1));
	mc_buf_release(&b);
	mc_local_resolver_release(&local);
	t->r.next = (struct mc_resolver){0};
}

static void test_chaining(void **state)
{
	struct t *t = *state;
	struct mc_local_resolver local;
	char vm[300];

	mc_local_resolver_init(&local);
	t->r.next = mc_local_resolver(&local);

	/* A trusted key for an https URL is used without any request. */
	snprintf(vm, sizeof(vm), "%s#trusted", url("/orgs/local"));
	assert_int_equal(mc_local_resolver_add_key(&local, &k2, vm, NULL, true, &t->e), 0);
	unsigned before = mc_http_fixture_requests(fx);
	assert_resolves(t, vm);
	assert_true(same_pub(&t->m.key, &k2));
	assert_int_equal(mc_http_fixture_requests(fx), before);

	/* What the local resolver does not know goes to the network. */
	serve_did("/chain/did.json", "did:web:example.com:chain", "assertionMethod", "assertionMethod");
	assert_resolves(t, "did:web:example.com:chain#key-1");
	assert_true(same_pub(&t->m.key, &k1));
	assert_int_equal(mc_http_fixture_hits(fx, "/chain/did.json"), 1);

	/* A malformed did:key is the local resolver's error, not a network lookup. */
	assert_true(resolve(t, "did:key:zNotAKey") != 0);
	assert_int_equal(mc_http_fixture_requests(fx), before + 1);

	mc_local_resolver_release(&local);
	t->r.next = (struct mc_resolver){0};
}

static void test_status_list(void **state)
{
	struct t *t = *state;
	const struct mc_json *sl;
	char v[256];
	struct mc_http_response cached = {.body =
	                                      "{\"id\": \"urn:sl:1\", \"type\": [\"VerifiableCredential\", "
	                                      "\"BitstringStatusListCredential\"]}",
	                                  .headers = "Cache-Control: max-age=600\r\n"};
	struct mc_http_response nostore = {.body = "{\"id\": \"urn:sl:2\"}",
	                                   .headers = "Cache-Control: no-store\r\n"};

	mc_http_fixture_set(fx, "/status/1", &cached);
	mc_http_fixture_set(fx, "/status/2", &nostore);

	assert_int_equal(t->res.status_list(t->res.ctx, url("/status/1"), &t->a, &sl, &t->e), 0);
	assert_string_equal(mc_json_get_str(sl, "id"), "urn:sl:1");
	assert_true(mc_http_fixture_last_header(fx, "Accept", v, sizeof(v)));
	assert_contains(v, "application/vc");
	assert_int_equal(t->res.status_list(t->res.ctx, url("/status/1"), &t->a, &sl, &t->e), 0);
	assert_int_equal(mc_http_fixture_hits(fx, "/status/1"), 1);

	assert_int_equal(t->res.status_list(t->res.ctx, url("/status/2"), &t->a, &sl, &t->e), 0);
	assert_int_equal(t->res.status_list(t->res.ctx, url("/status/2"), &t->a, &sl, &t->e), 0);
	assert_string_equal(mc_json_get_str(sl, "id"), "urn:sl:2");
	assert_int_equal(mc_http_fixture_hits(fx, "/status/2"), 2);

	assert_int_equal(t->res.status_list(t->res.ctx, url("/status/none"), &t->a, &sl, &t->e),
	                 MC_ENOTFOUND);
	assert_contains(t->e.msg, "could not get the status list");
	assert_contains(t->e.msg, "answered 404");

	/* A JWT-secured list is named as such. */
	mc_http_fixture_set(fx, "/status/jwt",
	                    &(struct mc_http_response){.body = "eyJhbGciOiJFUzI1NiJ9.e30.sig",
	                                               .content_type = "application/vc+jwt"});
	assert_int_equal(t->res.status_list(t->res.ctx, url("/status/jwt"), &t->a, &sl, &t->e),
	                 MC_EUNSUPPORTED);
	assert_contains(t->e.msg, "sent a JWT");
}

static void test_document_api(void **state)
{
	struct t *t = *state;
	const struct mc_json *doc;

	serve_did("/doc/did.json", "did:web:example.com:doc", "assertionMethod", "assertionMethod");
	assert_int_equal(
	    mc_http_resolver_document(&t->r, "did:web:example.com:doc#key-1", &t->a, &doc, &t->e), 0);
	assert_string_equal(mc_json_get_str(doc, "id"), "did:web:example.com:doc");
	assert_int_equal(mc_http_resolver_document(&t->r, url("/orgs/2"), &t->a, &doc, &t->e), 0);
	assert_int_equal(
	    mc_http_resolver_document(&t->r, "did:web:example.com:issuers:liar", &t->a, &doc, &t->e),
	    MC_EVERIFY);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, t_setup, t_teardown)
	const struct CMUnitTest tests[] = {
	    T(test_did_web),
	    T(test_did_web_key_forms),
	    T(test_not_assertion_method),
	    T(test_proof_end_to_end),
	    T(test_did_web_bad_documents),
	    T(test_http_errors),
	    T(test_https_controller_document),
	    T(test_https_key_document),
	    T(test_cache),
	    T(test_offline),
	    T(test_chaining),
	    T(test_status_list),
	    T(test_document_api),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
