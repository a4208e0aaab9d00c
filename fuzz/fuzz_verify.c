/* Fuzz target: the whole verification pipeline (mc_verify) on arbitrary bytes —
 * JSON credentials with any proof shape, JWTs, garbage — offline, with a trusted key
 * and a status list resolver that knows nothing. Whatever the input, the result is a
 * report or an "is not a credential" error, never a crash, and a report is never
 * "verified" unless a signature check passed. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/report.h"
#include "microcred/resolver.h"
#include "microcred/verify.h"

/* The public key of the interop harness's fixed seed 01..01, so that corpus entries
 * signed with it exercise the passing paths too. */
static const char trusted[] =
	"{\"id\": \"https://example.edu/issuers/565049#z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX\","
	"\"type\": \"Multikey\", \"controller\": \"https://example.edu/issuers/565049\","
	"\"publicKeyMultibase\": \"z6Mkon3Necd6NkkyfoGoHxid2znGc59LU3K7mubaRcFbLfLX\"}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct mc_local_resolver local;
	static struct mc_resolver resolver;
	static int ready;
	if (!ready) {
		struct mc_arena ka;
		struct mc_json *k;
		struct mc_err err = {0};
		mc_arena_init(&ka, 0);
		mc_local_resolver_init(&local);
		if (mc_json_parse(&ka, trusted, sizeof(trusted) - 1, NULL, &k, &err) ||
		    mc_local_resolver_add_keys_json(&local, k, &err))
			abort();
		mc_arena_release(&ka);
		resolver = mc_local_resolver(&local);
		ready = 1;
	}
	struct mc_arena a;
	struct mc_report report;
	struct mc_err err = {0};
	struct mc_time now = mc_time_from_unix(1767225600); /* 2026-01-01 */
	struct mc_verify_opts opts = {.resolver = &resolver, .now = &now, .recipient = "learner@example.com"};
	mc_arena_init(&a, 0);
	mc_report_init(&report, &a);
	int rc = mc_verify(&a, (const char *)data, size, &opts, &report, NULL, &err);
	if (rc == 0) {
		/* Every check has an id and a sentence. */
		for (size_t i = 0; i < report.len; i++)
			if (!report.checks[i].id || !report.checks[i].message || !report.checks[i].message[0])
				abort();
		if (mc_report_verified(&report)) {
			bool signed_ok = false;
			for (size_t i = 0; i < report.len; i++)
				if (report.checks[i].status == MC_CHECK_PASSED &&
				    (strstr(report.checks[i].id, "signature") != NULL))
					signed_ok = true;
			if (!signed_ok)
				abort(); /* verified without any passing signature check */
		}
	} else if (!err.msg[0]) {
		abort(); /* an error must say why */
	}
	mc_arena_release(&a);
	return 0;
}
