/* Memoized canonicalization (src/canon/jsonld_memo.c): for every object, the result
 * of mc__jsonld_canonize_memo must be byte-identical to mc_jsonld_canonize with the
 * Data Integrity defaults, errors included — whether the object fills a remembered
 * template, builds one, or falls back. Each case runs twice, so the second run goes
 * through whatever the first one remembered, and then against templates made from
 * other objects of the same shape. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka needs the headers above first */
#include <cmocka.h>

#include "microcred/jsonld.h"

#include "canon/jsonld_memo.h"

static struct mc_arena arena;

#define CTX "[\"https://www.w3.org/ns/credentials/v2\"]"
#define CTX_OB                                                                                               \
	"[\"https://www.w3.org/ns/credentials/v2\","                                                         \
	"\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"]"
#define VM                                                                                                   \
	"did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH#"                                          \
	"z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH"

/* A proof configuration with the given @context (JSON), created and
 * verificationMethod values (JSON string bodies, already escaped), and purpose. */
static char *config(const char *ctx, const char *created, const char *vm, const char *purpose)
{
	return mc_arena_printf(
	    &arena,
	    "{\"@context\":%s,\"type\":\"DataIntegrityProof\",\"cryptosuite\":\"eddsa-rdfc-2022\","
	    "\"created\":\"%s\",\"verificationMethod\":\"%s\",\"proofPurpose\":\"%s\"}",
	    ctx, created, vm, purpose);
}

/* Canonicalizes json both ways and checks the outcomes are identical. Returns the
 * status (0 or the error code). */
static int same(const char *json)
{
	struct mc_json *doc;
	struct mc_err e1 = {0}, e2 = {0};
	assert_int_equal(mc_json_parse(&arena, json, strlen(json), NULL, &doc, &e1), 0);
	struct mc_buf b1, b2;
	mc_buf_init(&b1, MC_BUF_NOLIMIT);
	mc_buf_init(&b2, MC_BUF_NOLIMIT);
	mc_buf_puts(&b1, "prefix\n");
	mc_buf_puts(&b2, "prefix\n");
	int r1 = mc_jsonld_canonize(&arena, doc, NULL, &b1, &e1);
	int r2 = mc__jsonld_canonize_memo(&arena, doc, &b2, &e2);
	if (r1 != r2 || (r1 == 0 && strcmp(b1.ptr, b2.ptr) != 0) || (r1 != 0 && strcmp(e1.msg, e2.msg) != 0))
		fail_msg("memo differs for %s\n general (%d): %s%s\n memo (%d): %s%s", json, r1, b1.ptr,
		         e1.msg, r2, b2.ptr, e2.msg);
	mc_buf_release(&b1);
	mc_buf_release(&b2);
	return r1;
}

static void twice(const char *json, int want)
{
	int got = same(json);
	if (got != want)
		fail_msg("%s: status %d, expected %d", json, got, want);
	assert_int_equal(same(json), want);
}

static void proof_configs(void **state)
{
	(void)state;
	/* the common shape: the second and later ones fill the template */
	twice(config(CTX_OB, "2025-01-15T09:00:00Z", VM, "assertionMethod"), 0);
	size_t before = mc__jsonld_memo_entries();
	twice(
	    config(CTX_OB, "2024-02-29T23:59:59.123+02:00", "did:key:z6Mkother#z6Mkother", "assertionMethod"),
	    0);
	twice(config(CTX_OB, "", "https://example.edu/issuers/1#key-1", "assertionMethod"), 0);
	assert_int_equal(mc__jsonld_memo_entries(), before); /* same shape: no new entry */

	/* literal values that need N-Quads escapes */
	twice(config(CTX_OB, "a \\\"quoted\\\" \\\\ value\\nwith\\ttabs \\u0001 \\u007f \\uffff é", VM,
	             "assertionMethod"),
	      0);
	/* IRI values that the general path rejects or treats differently: relative,
	 * keyword-like, blank node, not well-formed, compact IRIs with defined prefixes */
	twice(config(CTX_OB, "2025-01-15T09:00:00Z", "relative/key", "assertionMethod"), MC_EINVAL);
	twice(config(CTX_OB, "2025-01-15T09:00:00Z", "@keyish", "assertionMethod"), MC_EINVAL);
	twice(config(CTX_OB, "2025-01-15T09:00:00Z", "_:b0", "assertionMethod"), 0);
	twice(config(CTX_OB, "2025-01-15T09:00:00Z", "https://example.edu/a b", "assertionMethod"),
	      MC_EINVAL);
	twice(config(CTX_OB, "2025-01-15T09:00:00Z", "https://example.edu/a#b#c", "assertionMethod"),
	      MC_EINVAL);
	twice(config(CTX_OB, "2025-01-15T09:00:00Z", "https://example.edu/<x>", "assertionMethod"),
	      MC_EINVAL);
	twice(config(CTX_OB, "2025-01-15T09:00:00Z", "xsd:string", "assertionMethod"), 0);
	twice(config(CTX_OB, "2025-01-15T09:00:00Z", "sec:key", "assertionMethod"), 0);
	twice(config(CTX_OB, "2025-01-15T09:00:00Z", "urn:uuid:1234", "assertionMethod"), 0);
	twice(config(CTX_OB, "2025-01-15T09:00:00Z", "http://[::1]/é#k", "assertionMethod"), 0);
	twice(config(CTX_OB, "2025-01-15T09:00:00Z", "did:key://x", "assertionMethod"), 0);
	/* other purposes and contexts are other shapes */
	twice(config(CTX_OB, "2025-01-15T09:00:00Z", VM, "authentication"), 0);
	twice(config(CTX, "2025-01-15T09:00:00Z", VM, "assertionMethod"), 0);
	twice(
	    config("\"https://www.w3.org/ns/credentials/v2\"", "2025-01-15T09:00:00Z", VM, "assertionMethod"),
	    0);
	twice(config(CTX, "2025-01-15T09:00:00Z", "did:example:123", "assertionMethod"), 0);
	twice(config(CTX, "2025-01-15T09:00:00Z", VM, "undefinedPurpose"), MC_EINVAL);
}

static void other_shapes(void **state)
{
	(void)state;
	/* members in another order, extra members, an id, a proof chain */
	twice("{\"type\":\"DataIntegrityProof\",\"@context\":" CTX ",\"verificationMethod\":\"" VM
	      "\",\"created\":\"2025-01-15T09:00:00Z\",\"proofPurpose\":\"assertionMethod\",\"cryptosuite\":"
	      "\"eddsa-rdfc-2022\"}",
	      0);
	twice("{\"@context\":" CTX ",\"type\":\"DataIntegrityProof\",\"cryptosuite\":\"eddsa-rdfc-2022\","
	      "\"created\":\"2025-01-15T09:00:00Z\",\"expires\":\"2026-01-15T09:00:00Z\","
	      "\"verificationMethod\":\"" VM "\",\"proofPurpose\":\"assertionMethod\",\"domain\":\"https://"
	                                     "example.org\",\"challenge\":\"abc\"}",
	      0);
	twice("{\"@context\":" CTX ",\"type\":\"DataIntegrityProof\",\"cryptosuite\":\"eddsa-rdfc-2022\","
	      "\"created\":\"2025-01-15T09:00:00Z\",\"expires\":\"2026-01-15T09:00:00Z\","
	      "\"verificationMethod\":\"" VM "\",\"proofPurpose\":\"assertionMethod\",\"domain\":\"https://"
	                                     "example.org/x\",\"challenge\":\"def\"}",
	      0);
	twice("{\"@context\":" CTX ",\"id\":\"urn:uuid:1\",\"type\":\"DataIntegrityProof\",\"cryptosuite\":"
	      "\"eddsa-rdfc-2022\",\"created\":\"2025-01-15T09:00:00Z\",\"verificationMethod\":\"" VM
	      "\",\"proofPurpose\":\"assertionMethod\",\"previousProof\":\"urn:uuid:0\"}",
	      0);
	/* two members that expand to one property: values must not be templated apart */
	twice("{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",{\"a\":\"https://schema.org/name\","
	      "\"b\":\"https://schema.org/name\"}],\"a\":\"x\",\"b\":\"y\"}",
	      0);
	twice("{\"@context\":[\"https://www.w3.org/ns/credentials/v2\",{\"a\":\"https://schema.org/name\","
	      "\"b\":\"https://schema.org/name\"}],\"a\":\"y\",\"b\":\"y\"}",
	      0);
	/* inline contexts, non-string members and undefined terms take the general path */
	twice("{\"@context\":" CTX ",\"type\":\"DataIntegrityProof\",\"created\":42}", 0);
	twice("{\"@context\":" CTX ",\"type\":\"DataIntegrityProof\",\"nope\":\"x\"}", MC_EINVAL);
	twice("{\"@context\":[\"https://example.org/not-built-in\"],\"name\":\"x\"}", MC_EINVAL);
	twice("{}", MC_EINVAL); /* safe mode: an empty object has nothing to sign */
	twice("{\"@context\":" CTX ",\"type\":[\"DataIntegrityProof\"],\"created\":\"x\"}", 0);
}

/* Many shapes: the table evicts, and every answer stays identical. */
static void eviction(void **state)
{
	(void)state;
	for (int i = 0; i < 40; i++) {
		char purpose[64];
		snprintf(purpose, sizeof(purpose), "https://example.org/purpose/%d", i);
		twice(config(CTX, "2025-01-15T09:00:00Z", VM, purpose), 0);
		twice(config(CTX, "2025-01-15T09:00:01Z", "did:key:z6Mkx#y", purpose), 0);
	}
	assert_true(mc__jsonld_memo_entries() <= 16);
	twice(config(CTX_OB, "2025-01-15T09:00:00Z", VM, "assertionMethod"), 0);
}

static int setup(void **state)
{
	(void)state;
	mc_arena_init(&arena, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	mc_arena_release(&arena);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(proof_configs),
	    cmocka_unit_test(other_shapes),
	    cmocka_unit_test(eviction),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
