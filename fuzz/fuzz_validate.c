/* Fuzz target for the credential model (src/vc/validate.c, model_*.c): any JSON that
 * parses is validated as found and as an Open Badge, summarised into a report,
 * checked for validity and for a recipient. Invariants: the error count agrees with
 * the return value, every stored problem has a path starting with '$', a known
 * severity and a non-empty message, and a report "structure" check exists. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/credential.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_validate: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_json *v;
	struct mc_json_parse_opts po = {.max_depth = 256, .max_size = 1 << 20};

	mc_arena_init(&a, 0);
	if (mc_json_parse(&a, (const char *)data, size, &po, &v, &err) != 0)
		goto out;
	for (int kind = MC_CRED_UNKNOWN; kind <= MC_CRED_ENDORSEMENT; kind++) {
		struct mc_problems p;
		struct mc_cred_info info;
		struct mc_validate_opts o = {(enum mc_cred_kind)kind};
		mc_problems_init(&p, &a);
		int rc = mc_credential_validate(v, &o, &p, &info);
		check((rc == 0) == (p.errors == 0), "return value disagrees with the error count");
		check(p.len <= p.errors + p.warnings, "more problems stored than counted");
		for (size_t i = 0; i < p.len; i++) {
			check(p.items[i].path[0] == '$', "problem path does not start with $");
			check(p.items[i].message[0] != 0, "empty problem message");
			check(p.items[i].severity == MC_SEVERITY_ERROR ||
			          p.items[i].severity == MC_SEVERITY_WARNING,
			      "bad severity");
		}
	}
	struct mc_report r;
	mc_report_init(&r, &a);
	mc_credential_check_structure(&r, v, NULL);
	check(r.len >= 1 && strcmp(r.checks[0].id, "structure") == 0, "no structure check");
	struct mc_time now = mc_time_from_unix(1767225600); /* 2026-01-01 */
	mc_credential_check_validity(&r, v, &now);
	mc_credential_check_recipient(&r, v, NULL, "a@example.com");
	mc_credential_check_recipient(&r, v, "emailAddress", "A@Example.com");
out:
	mc_arena_release(&a);
	return 0;
}
