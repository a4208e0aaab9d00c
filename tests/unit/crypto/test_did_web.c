/* did:web: URL <-> DID per the did:web method examples (ports as %3A, paths as
 * colons, /.well-known for a bare domain), rejection of bad input, and the DID
 * document made for a set of keys. */
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
#include "microcred/json.h"
#include "microcred/keys.h"

static void check_from_url(const char *url, const char *want)
{
	struct mc_buf b;
	struct mc_err err = {0};
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	if (mc_did_web_from_url(url, &b, &err) != 0)
		fail_msg("%s: %s", url, err.msg);
	assert_string_equal(b.ptr, want);
	mc_buf_release(&b);
}

static void check_to_url(const char *did, const char *want)
{
	struct mc_buf b;
	struct mc_err err = {0};
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	if (mc_did_web_to_url(did, strlen(did), &b, &err) != 0)
		fail_msg("%s: %s", did, err.msg);
	assert_string_equal(b.ptr, want);
	mc_buf_release(&b);
}

static void test_spec_examples(void **state)
{
	(void)state;
	/* did:web spec §3.2 examples. */
	check_to_url("did:web:w3c-ccg.github.io", "https://w3c-ccg.github.io/.well-known/did.json");
	check_to_url("did:web:w3c-ccg.github.io:user:alice", "https://w3c-ccg.github.io/user/alice/did.json");
	check_to_url("did:web:example.com%3A3000:user:alice", "https://example.com:3000/user/alice/did.json");
	check_to_url("did:web:example.com:issuers:42#key-1", "https://example.com/issuers/42/did.json");

	check_from_url("https://w3c-ccg.github.io/.well-known/did.json", "did:web:w3c-ccg.github.io");
	check_from_url("https://w3c-ccg.github.io", "did:web:w3c-ccg.github.io");
	check_from_url("https://w3c-ccg.github.io/", "did:web:w3c-ccg.github.io");
	check_from_url("https://example.com/issuers/42", "did:web:example.com:issuers:42");
	check_from_url("https://example.com/issuers/42/", "did:web:example.com:issuers:42");
	check_from_url("https://example.com/issuers/42/did.json", "did:web:example.com:issuers:42");
	check_from_url("https://Example.COM:3000/user/alice", "did:web:example.com%3A3000:user:alice");
	check_from_url("https://example.com/a~b/c%20d", "did:web:example.com:a%7Eb:c%20d");
}

static void test_round_trip(void **state)
{
	(void)state;
	static const char *const dids[] = {"did:web:example.com", "did:web:example.com:issuers:42",
	                                   "did:web:localhost%3A8443:u:x-y_z.1"};
	for (size_t i = 0; i < sizeof(dids) / sizeof(dids[0]); i++) {
		struct mc_buf url, did;
		mc_buf_init(&url, MC_BUF_NOLIMIT);
		mc_buf_init(&did, MC_BUF_NOLIMIT);
		assert_int_equal(mc_did_web_to_url(dids[i], strlen(dids[i]), &url, NULL), 0);
		assert_int_equal(mc_did_web_from_url(url.ptr, &did, NULL), 0);
		assert_string_equal(did.ptr, dids[i]);
		mc_buf_release(&url);
		mc_buf_release(&did);
	}
}

static void test_bad(void **state)
{
	(void)state;
	static const char *const urls[] = {
	    "http://example.com/x",       "https://",
	    "https://example.com/x?y=1",  "https://example.com/x#k",
	    "https://user@example.com/",  "https://192.168.1.1/x",
	    "https://example.com:99999/", "https://example.com//x",
	    "ftp://example.com",
	};
	for (size_t i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		struct mc_buf b;
		struct mc_err err = {0};
		mc_buf_init(&b, MC_BUF_NOLIMIT);
		if (mc_did_web_from_url(urls[i], &b, &err) != MC_EINVAL)
			fail_msg("%s was accepted as %s", urls[i], b.ptr);
		assert_true(err.msg[0] != '\0');
		mc_buf_release(&b);
	}
	static const char *const dids[] = {"did:key:z6Mk",
	                                   "did:web:",
	                                   "did:web::x",
	                                   "did:web:example.com:",
	                                   "did:web:example.com::x",
	                                   "did:web:exa mple.com",
	                                   "did:web:ex%41mple.com"};
	for (size_t i = 0; i < sizeof(dids) / sizeof(dids[0]); i++) {
		struct mc_buf b;
		struct mc_err err = {0};
		mc_buf_init(&b, MC_BUF_NOLIMIT);
		if (mc_did_web_to_url(dids[i], strlen(dids[i]), &b, &err) != MC_EINVAL)
			fail_msg("%s was accepted as %s", dids[i], b.ptr);
		mc_buf_release(&b);
	}
}

static void test_document(void **state)
{
	(void)state;
	struct mc_key ed, rsa;
	struct mc_arena a;
	struct mc_json *doc;
	struct mc_err err = {0};
	struct mc_buf mb;
	static const char did[] = "did:web:example.edu:issuers:565049";

	mc_key_init(&ed);
	mc_key_init(&rsa);
	mc_arena_init(&a, 0);
	mc_buf_init(&mb, MC_BUF_NOLIMIT);
	assert_int_equal(mc_key_generate(&ed, MC_KEY_ED25519, 0, NULL), 0);
	assert_int_equal(mc_key_generate(&rsa, MC_KEY_RSA, 2048, NULL), 0);
	mc_key_set_id(&rsa, "did:web:example.edu:issuers:565049#rsa", NULL);
	const struct mc_key *keys[] = {&ed, &rsa};
	assert_int_equal(mc_did_web_document(&a, did, keys, 2, &doc, &err), 0);

	assert_string_equal(mc_json_get_str(doc, "id"), did);
	const struct mc_json *ctx = mc_json_get(doc, "@context");
	assert_int_equal(ctx->len, 3);
	const struct mc_json *vms = mc_json_get(doc, "verificationMethod");
	assert_int_equal(vms->len, 2);
	mc_key_public_multibase(&ed, &mb);
	char want_id[256];
	snprintf(want_id, sizeof(want_id), "%s#%s", did, mb.ptr);
	assert_string_equal(mc_json_get_str(&vms->v.items[0], "id"), want_id);
	assert_string_equal(mc_json_get_str(&vms->v.items[0], "type"), "Multikey");
	assert_string_equal(mc_json_get_str(&vms->v.items[0], "controller"), did);
	assert_string_equal(mc_json_get_str(&vms->v.items[0], "publicKeyMultibase"), mb.ptr);
	assert_null(mc_json_get(&vms->v.items[0], "secretKeyMultibase"));
	assert_string_equal(mc_json_get_str(&vms->v.items[1], "id"),
	                    "did:web:example.edu:issuers:565049#rsa");
	assert_string_equal(mc_json_get_str(&vms->v.items[1], "type"), "JsonWebKey");
	assert_null(mc_json_get(&vms->v.items[1], "secretKeyJwk"));
	assert_null(mc_json_get(mc_json_get(&vms->v.items[1], "publicKeyJwk"), "d"));
	const struct mc_json *am = mc_json_get(doc, "assertionMethod");
	assert_int_equal(am->len, 2);
	assert_string_equal(am->v.items[0].v.str, want_id);

	/* The document's keys read back as the same public keys. */
	struct mc_key back;
	mc_key_init(&back);
	assert_int_equal(mc_key_from_json(&back, &vms->v.items[0], &err), 0);
	assert_memory_equal(back.pub, ed.pub, 32);
	assert_int_equal(mc_key_from_json(&back, &vms->v.items[1], &err), 0);
	assert_int_equal(back.pub_len, rsa.pub_len);
	assert_memory_equal(back.pub, rsa.pub, rsa.pub_len);
	mc_key_release(&back);

	assert_int_equal(mc_did_web_document(&a, did, keys, 0, &doc, &err), MC_EINVAL);
	assert_int_equal(mc_did_web_document(&a, "example.edu", keys, 1, &doc, &err), MC_EINVAL);

	mc_buf_release(&mb);
	mc_arena_release(&a);
	mc_key_release(&ed);
	mc_key_release(&rsa);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spec_examples),
	    cmocka_unit_test(test_round_trip),
	    cmocka_unit_test(test_bad),
	    cmocka_unit_test(test_document),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
