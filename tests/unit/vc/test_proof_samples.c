/* Expected verdicts: every Data Integrity sample listed in
 * tests/vectors/proof-samples/expected-proof-results.tsv (produced with jsonld.js +
 * Node crypto, see that folder's README) is verified with mc_proof_verify_all, and
 * each proof's verdict compared with the expected one. Where microcred disagrees on
 * purpose, disagreements.tsv names the proof and our verdict, and DISAGREEMENTS.md
 * gives the reason; a disagreement not listed there fails the test, and so does a
 * listed one that no longer happens. */
#include "microcred/time.h"

#include "unit/vc/proof_testutil.h"

#define DIR "tests/vectors/proof-samples/"

static enum mc_proof_status parse_status(const char *s, size_t n)
{
	if (n == 2 && memcmp(s, "OK", 2) == 0)
		return MC_PROOF_VERIFIED;
	if (n == 6 && memcmp(s, "BADSIG", 6) == 0)
		return MC_PROOF_BAD_SIGNATURE;
	if (n == 3 && memcmp(s, "ERR", 3) == 0)
		return MC_PROOF_ERROR;
	if (n == 11 && memcmp(s, "unsupported", 11) == 0)
		return MC_PROOF_UNSUPPORTED;
	return (enum mc_proof_status) - 1;
}

static const char *status_name(enum mc_proof_status s)
{
	switch (s) {
	case MC_PROOF_VERIFIED: return "OK";
	case MC_PROOF_BAD_SIGNATURE: return "BADSIG";
	case MC_PROOF_ERROR: return "ERR";
	case MC_PROOF_UNSUPPORTED: return "unsupported";
	}
	return "?";
}

/* The expected verdicts of a result column: entries "<suite>:<VERDICT>[ detail...]",
 * each starting at a word of the form name:VERDICT. */
static size_t parse_expected(const char *col, enum mc_proof_status *out, size_t max)
{
	size_t n = 0;
	const char *p = col;
	while (*p && n < max) {
		const char *end = p + strcspn(p, " ");
		const char *colon = memchr(p, ':', (size_t)(end - p));
		if (colon) {
			int st = (int)parse_status(colon + 1, (size_t)(end - colon - 1));
			if (st >= 0)
				out[n++] = (enum mc_proof_status)st;
		}
		p = *end ? end + 1 : end;
	}
	return n;
}

struct override {
	const char *file;
	size_t index;
	enum mc_proof_status ours;
	bool seen;
};

static size_t load_overrides(struct mc_arena *a, struct override *ov, size_t max)
{
	size_t n = 0, len;
	char *text = tu_read(a, DIR "disagreements.tsv", &len);
	for (char *line = strtok(text, "\n"); line && n < max; line = strtok(NULL, "\n")) {
		if (line[0] == '#' || !line[0])
			continue;
		char *f1 = line, *f2 = strchr(f1, '\t');
		assert_non_null(f2);
		*f2++ = 0;
		char *f3 = strchr(f2, '\t');
		assert_non_null(f3);
		*f3++ = 0;
		char *f4 = strchr(f3, '\t');
		if (f4)
			*f4 = 0;
		ov[n].file = f1;
		ov[n].index = (size_t)atoi(f2);
		int st = (int)parse_status(f3, strlen(f3));
		assert_true(st >= 0);
		ov[n].ours = (enum mc_proof_status)st;
		ov[n].seen = false;
		n++;
	}
	return n;
}

static void test_expected_verdicts(void **state)
{
	(void)state;
	struct mc_arena a, la;
	struct mc_local_resolver lr;
	struct mc_err err = {0};
	struct override ov[64];
	struct mc_time now;
	size_t len, files = 0, proofs = 0, agree = 0, listed = 0, problems = 0;

	mc_arena_init(&a, 0);
	mc_local_resolver_init(&lr);
	/* The validators' rule: https://example.edu/issuers/565049#z6Mk... names its key. */
	lr.fragment_keys = true;
	if (mc_local_resolver_add_keys_file(&lr, tu_path(&a, DIR "dcc-vc-test-fixtures/dids/legacy/did.json"),
	                                    &err) ||
	    mc_local_resolver_add_keys_file(&lr, tu_path(&a, DIR "dcc-vc-test-fixtures/dids/oidf/did.json"),
	                                    &err))
		fail_msg("%s", err.msg);
	struct mc_resolver resolver = mc_local_resolver(&lr);
	assert_int_equal(mc_time_parse(&now, "2026-01-01T00:00:00Z", 20, &err), 0);
	size_t n_ov = load_overrides(&a, ov, 64);

	char *tsv = tu_read(&a, DIR "expected-proof-results.tsv", &len);
	char *save = NULL;
	for (char *line = strtok_r(tsv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		char *tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = 0;
		const char *file = line;
		enum mc_proof_status want[16];
		size_t n_want = parse_expected(tab + 1, want, 16);
		assert_true(n_want > 0);

		/* One arena per credential, as a verifier would use. */
		mc_arena_init(&la, 0);
		size_t n;
		char *text = tu_read(&la, mc_arena_printf(&la, DIR "%s", file), &n);
		struct mc_json *doc;
		if (mc_json_parse(&la, text, n, NULL, &doc, &err) != 0)
			fail_msg("%s: %s", file, err.msg);
		struct mc_report rep;
		struct mc_proof_result *res = NULL;
		size_t n_res = 0;
		struct mc_proof_verify_opts o = {
		    .now = &now, .results = &res, .n_results = &n_res, .trace_index = -1};
		mc_report_init(&rep, &la);
		int rc = mc_proof_verify_all(&la, doc, &resolver, &rep, &o, &err);
		assert_true(rc == 0 || rc == MC_EVERIFY);
		files++;
		if (n_res != n_want) {
			fprintf(stderr, "MISMATCH %s: %zu proofs, expected %zu verdicts\n", file, n_res,
			        n_want);
			problems++;
		}
		for (size_t i = 0; i < n_res && i < n_want; i++) {
			proofs++;
			struct override *hit = NULL;
			for (size_t k = 0; k < n_ov; k++)
				if (strcmp(ov[k].file, file) == 0 && ov[k].index == i)
					hit = &ov[k];
			if (res[i].status == want[i] && !hit) {
				agree++;
				continue;
			}
			if (hit && res[i].status == hit->ours && hit->ours != want[i]) {
				hit->seen = true;
				listed++;
				continue;
			}
			problems++;
			fprintf(stderr, "MISMATCH %s proof[%zu] (%s): microcred %s, expected %s%s%s\n%s",
			        file, i, res[i].cryptosuite ? res[i].cryptosuite : "?",
			        status_name(res[i].status), status_name(want[i]),
			        hit ? ", listed in disagreements.tsv as " : "",
			        hit ? status_name(hit->ours) : "", tu_report_text(&la, &rep));
		}
		mc_arena_release(&la);
	}
	for (size_t k = 0; k < n_ov; k++)
		if (!ov[k].seen) {
			fprintf(stderr, "STALE disagreements.tsv entry: %s proof[%zu]\n", ov[k].file,
			        ov[k].index);
			problems++;
		}
	fprintf(
	    stderr,
	    "expected verdicts: %zu files, %zu proofs: %zu agree, %zu listed disagreements, %zu problems\n",
	    files, proofs, agree, listed, problems);
	assert_int_equal(problems, 0);
	assert_true(files >= 150);
	mc_local_resolver_release(&lr);
	mc_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_expected_verdicts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
