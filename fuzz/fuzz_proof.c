/* Fuzz target for Data Integrity proofs: arbitrary input parsed as JSON and run through
 * mc_proof_verify_all with the local resolver (did:key, plus the fragment-key rule so
 * https://example.edu/issuers/565049#z6Mk... URLs reach the signature check), and, when
 * the input is an object, signed again with mc_proof_add (rdfc and jcs) and verified.
 * Invariants, any violation aborts:
 * - the return value and the report agree (0 <=> verified), and every error and every
 *   failed check carries a message;
 * - a proof counted as verified has a passed "proof[i].signature" check;
 * - a document mc_proof_add signed (when it can be canonicalized) verifies. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/json.h"
#include "microcred/keys.h"
#include "microcred/proof.h"
#include "microcred/report.h"
#include "microcred/resolver.h"
#include "microcred/time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_proof: %s\n", what);
		abort();
	}
}

static int verify(struct mc_arena *a, const struct mc_json *doc, const struct mc_resolver *r)
{
	struct mc_report rep;
	struct mc_err err = {0};
	struct mc_proof_result *res = NULL;
	size_t n = 0;
	struct mc_time now = mc_time_from_unix(1767225600); /* 2026-01-01 */
	struct mc_proof_verify_opts o = {.now = &now, .results = &res, .n_results = &n, .trace_index = -1};
	mc_report_init(&rep, a);
	int rc = mc_proof_verify_all(a, doc, r, &rep, &o, &err);
	check(rc == 0 || rc == MC_EVERIFY || rc == MC_EINVAL, "unexpected return code");
	if (rc == MC_EINVAL) {
		check(err.msg[0] != 0, "error without a message");
		return rc;
	}
	check((rc == 0) == mc_report_verified(&rep), "return value and report disagree");
	if (rc)
		check(err.msg[0] != 0, "error without a message");
	for (size_t i = 0; i < rep.len; i++)
		check(rep.checks[i].message && rep.checks[i].message[0], "check without a message");
	for (size_t i = 0; i < n; i++) {
		if (res[i].status != MC_PROOF_VERIFIED)
			continue;
		char id[48];
		snprintf(id, sizeof(id), "proof[%zu].signature", i);
		int passed = 0;
		for (size_t k = 0; k < rep.len; k++)
			passed |=
			    strcmp(rep.checks[k].id, id) == 0 && rep.checks[k].status == MC_CHECK_PASSED;
		check(passed, "a verified proof without a passed signature check");
	}
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mc_key key;
	static struct mc_local_resolver lr;
	static struct mc_resolver resolver;
	static int ready;
	if (!ready) {
		static const unsigned char seed[32] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
		                                       1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
		struct mc_err err = {0};
		mc_key_init(&key);
		check(mc_key_from_ed25519_seed(&key, seed, &err) == 0, "key");
		mc_local_resolver_init(&lr);
		lr.fragment_keys = true;
		resolver = mc_local_resolver(&lr);
		ready = 1;
	}
	struct mc_arena a;
	struct mc_json *doc;
	struct mc_err err = {0};
	struct mc_json_parse_opts po = {.max_depth = 64, .max_size = 1 << 20};
	mc_arena_init(&a, 0);
	if (mc_json_parse(&a, (const char *)data, size, &po, &doc, &err) == 0) {
		verify(&a, doc, &resolver);
		if (mc_json_is_object(doc)) {
			for (int s = 0; s < 2; s++) {
				struct mc_proof_opts o = {.cryptosuite = s ? MC_CRYPTOSUITE_EDDSA_JCS_2022
				                                           : MC_CRYPTOSUITE_EDDSA_RDFC_2022,
				                          .created = "2025-01-15T09:00:00Z"};
				struct mc_json *signed_doc;
				/* Only documents without proofs of their own: an existing bad proof
				 * would rightly fail the set. */
				if (mc_json_get(doc, "proof"))
					break;
				if (mc_proof_add(&a, doc, &key, &o, &signed_doc, &err) == 0)
					check(verify(&a, signed_doc, &resolver) == 0,
					      "a document we signed does not verify");
			}
		}
	}
	mc_arena_release(&a);
	return 0;
}
