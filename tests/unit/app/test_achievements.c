/* The micro-credential catalogue on a real SQLite file: create / publish / update /
 * archive; every missing EU mandatory element named in the publish error; each bad
 * value and each bad requirement config refused with its own message and nothing
 * written; listing with filters and pages; the OB 3.0 Achievement canonicalizes in
 * JSON-LD safe mode and validates inside a credential. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "microcred/achievement.h"
#include "microcred/credential.h"
#include "microcred/issuer.h"
#include "microcred/jsonld.h"
#include "support/testdb.h"

static char path[256];
static struct mc_app app;
static struct mc_arena arena;
static struct mc_issuer *issuer, *nocountry;

static struct mc_time fixed_clock(void *ctx)
{
	(void)ctx;
	return mc_time_from_unix(1767225600); /* 2026-01-01T00:00:00Z */
}

static struct mc_json *J(const char *text)
{
	struct mc_json *v;
	struct mc_err err = {0};
	if (mc_json_parse(&arena, text, strlen(text), NULL, &v, &err) != 0)
		fail_msg("test JSON: %s: %s", err.msg, text);
	return v;
}

static int64_t count(const char *table)
{
	struct mc_err err = {0};
	struct mc_db_stmt *st;
	char *sql = mc_arena_printf(&arena, "SELECT COUNT(*) FROM %s", table);
	assert_int_equal(mc_db_prepare(app.db, sql, &st, &err), 0);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	int64_t n = mc_db_col_int(st, 0);
	mc_db_reset(st);
	return n;
}

/* Rows of the three catalogue tables, to show that a refused change wrote nothing. */
struct counts {
	int64_t ach, al, req;
};
static struct counts counts(void)
{
	return (struct counts){count("achievements"), count("alignments"), count("requirements")};
}
static void assert_counts(struct counts c)
{
	struct counts now = counts();
	assert_int_equal(now.ach, c.ach);
	assert_int_equal(now.al, c.al);
	assert_int_equal(now.req, c.req);
}

static const char *FULL =
    "{\"title\": \"Data Analysis with Python\", \"slug\": \"data-analysis\","
    " \"description\": \"Cleans, analyses and visualises data sets in Python.\","
    " \"criteria\": \"Complete every requirement below.\","
    " \"outcomes\": [\"Clean a messy data set with pandas\", \"Choose and draw the right chart\"],"
    " \"alignments\": [{\"framework\": \"ESCO\", \"code\": \"S5.6.1\", \"name\": \"use spreadsheets "
    "software\","
    "   \"url\": \"http://data.europa.eu/esco/skill/1973c966-f236-40c9-b2d4-5d71a89019be\"},"
    "  {\"framework\": \"O*NET\", \"code\": \"15-2051.00\", \"name\": \"Data Scientists\","
    "   \"url\": \"https://www.onetonline.org/link/summary/15-2051.00\", \"type\": \"ext:Occupation\"}],"
    " \"eqf_level\": 6, \"workload_hours\": 125, \"ects\": 5, \"cost\": 49.5, \"currency\": \"EUR\","
    " \"delivery_mode\": \"online\", \"duration\": \"P6W\", \"assessment_type\": \"project and proctored "
    "test\","
    " \"participation_form\": \"online, self-paced\", \"quality_assurance\": \"internal QA, accredited by "
    "ZEvA\","
    " \"prerequisites\": \"Basic Python\", \"category\": \"digital-skills\", \"language\": \"en-GB\","
    " \"tags\": [\"python\", \"data\"], \"image\": \"https://example.edu/badges/data.png\", "
    "\"validity_months\": 36,"
    " \"requirements\": [{\"kind\": \"assessment\", \"title\": \"Skill test\", \"config\": {\"pass_score\": "
    "70,"
    "   \"max_score\": 100, \"max_attempts\": 3, \"proctored\": true, \"identity_verification\": "
    "\"online-proctoring\"}}]}";

static int setup(void **state)
{
	(void)state;
	struct mc_err err = {0};
	snprintf(path, sizeof(path), "/tmp/mc-test-achievements-%d.db", (int)getpid());
	unlink(path);
	mc_test_db_fresh(path, sizeof(path));
	mc_arena_init(&arena, 0);
	if (mc_app_open(&app, path, "http://127.0.0.1:8080", &err) != 0 || mc_app_init(&app, NULL, &err) != 0)
		fail_msg("open: %s", err.msg);
	app.clock = fixed_clock;
	struct mc_issuer_input in = {.name = "Example University",
	                             .url = "https://example.edu",
	                             .email = "badges@example.edu",
	                             .country = "DE",
	                             .region = "Berlin"};
	if (mc_issuer_create(&app, &arena, &in, &issuer, &err) != 0)
		fail_msg("issuer: %s", err.msg);
	struct mc_issuer_input in2 = {.name = "Nowhere Academy"};
	if (mc_issuer_create(&app, &arena, &in2, &nocountry, &err) != 0)
		fail_msg("issuer: %s", err.msg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char p[300];
	mc_app_close(&app);
	mc_arena_release(&arena);
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	return 0;
}

static void lifecycle(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_achievement *x, *y;
	assert_int_equal(mc_achievement_create(&app, &arena, "example-university", J(FULL), &x, &err), 0);
	assert_string_equal(x->state, "draft");
	assert_string_equal(x->slug, "data-analysis");
	assert_int_equal(count("alignments"), 2);
	assert_int_equal(count("requirements"), 1);

	/* Read back: every field survives the round trip. */
	assert_int_equal(mc_achievement_get(&app, &arena, "data-analysis", &y, &err), 0);
	assert_string_equal(y->issuer_slug, "example-university");
	assert_int_equal(y->level_eqf, 6);
	assert_true(y->has_ects && y->ects == 5);
	assert_true(y->has_cost && y->cost_amount == 49.5);
	assert_string_equal(y->cost_currency, "EUR");
	assert_string_equal(y->duration, "P6W");
	assert_string_equal(y->language, "en-GB");
	assert_int_equal(y->n_outcomes, 2);
	assert_string_equal(y->outcomes[1], "Choose and draw the right chart");
	assert_int_equal(y->n_tags, 2);
	assert_int_equal(y->n_alignments, 2);
	assert_string_equal(y->alignments[1].target_type, "ext:Occupation");
	assert_int_equal(y->validity_months, 36);

	/* The same slug again is refused by name. */
	struct counts before = counts();
	assert_int_equal(mc_achievement_create(&app, &arena, "example-university", J(FULL), &x, &err),
	                 MC_EEXIST);
	assert_non_null(strstr(err.msg, "slug 'data-analysis' already exists"));
	assert_counts(before);

	assert_int_equal(mc_achievement_publish(&app, &arena, "data-analysis", &x, &err), 0);
	assert_string_equal(x->state, "published");
	assert_string_equal(x->published_at, "2026-01-01T00:00:00Z");
	assert_int_equal(mc_achievement_publish(&app, &arena, "data-analysis", &x, &err), MC_ESTATE);
	assert_non_null(strstr(err.msg, "already published"));

	/* A published one takes changes that keep it complete... */
	assert_int_equal(mc_achievement_update(&app, &arena, "data-analysis",
	                                       J("{\"title\": \"Data Analysis in Python\", \"ects\": 6}"), &x,
	                                       &err),
	                 0);
	assert_string_equal(x->title, "Data Analysis in Python");
	/* ...and refuses the others, naming what would go missing, changing nothing. */
	before = counts();
	assert_int_equal(mc_achievement_update(&app, &arena, "data-analysis",
	                                       J("{\"outcomes\": null, \"quality_assurance\": null}"), &x,
	                                       &err),
	                 MC_ESTATE);
	assert_string_equal(err.msg,
	                    "'data-analysis' is published and must stay complete; this change leaves missing "
	                    "EU mandatory elements: learning outcomes (outcomes); type of quality assurance "
	                    "(quality_assurance). Keep these elements, or archive it first");
	assert_int_equal(mc_achievement_get(&app, &arena, "data-analysis", &y, &err), 0);
	assert_int_equal(y->n_outcomes, 2);
	assert_non_null(y->quality_assurance);
	/* The slug is in issued credentials' ids: fixed once published. */
	assert_int_equal(
	    mc_achievement_update(&app, &arena, "data-analysis", J("{\"slug\": \"new-slug\"}"), &x, &err),
	    MC_ESTATE);
	assert_non_null(strstr(err.msg, "slug of 'data-analysis' cannot change"));
	/* Requirements are changed by their own commands. */
	assert_int_equal(
	    mc_achievement_update(&app, &arena, "data-analysis", J("{\"requirements\": []}"), &x, &err),
	    MC_EINVAL);
	/* The last requirement of a published one stays. */
	assert_int_equal(mc_requirement_remove(&app, "data-analysis", "1", &err), MC_ESTATE);
	assert_non_null(strstr(err.msg, "only one"));
	assert_counts(before);

	/* Archive hides it from the catalogue, publish brings it back. */
	struct mc_achievement **list;
	size_t n, total;
	struct mc_achievement_filter f = {0};
	assert_int_equal(mc_achievement_archive(&app, &arena, "data-analysis", &x, &err), 0);
	assert_string_equal(x->state, "archived");
	assert_int_equal(mc_achievement_list(&app, &arena, &f, &list, &n, &total, &err), 0);
	assert_int_equal(n, 0);
	f.state = "archived";
	assert_int_equal(mc_achievement_list(&app, &arena, &f, &list, &n, &total, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(mc_achievement_archive(&app, &arena, "data-analysis", &x, &err), MC_ESTATE);
	assert_int_equal(mc_achievement_publish(&app, &arena, "data-analysis", &x, &err), 0);
	assert_string_equal(x->published_at, "2026-01-01T00:00:00Z");

	/* Unknown names. */
	assert_int_equal(mc_achievement_get(&app, &arena, "nope", &x, &err), MC_ENOTFOUND);
	assert_non_null(strstr(err.msg, "no micro-credential 'nope'"));
	assert_int_equal(mc_achievement_create(&app, &arena, "no-issuer", J("{\"title\": \"X\"}"), &x, &err),
	                 MC_ENOTFOUND);
}

/* Each EU element, the description and the requirement, taken away one at a time,
 * is named in the publish error; all at once, all are named in order. */
static void publish_names_each_missing_element(void **state)
{
	(void)state;
	static const struct {
		const char *drop; /* members set to null */
		const char *msg;  /* the expected list */
	} cases[] = {
	    {"\"outcomes\": null", "missing EU mandatory elements: learning outcomes (outcomes)"},
	    {"\"ects\": null, \"workload_hours\": null", "missing EU mandatory elements: notional workload "
	                                                 "(ECTS where possible) (ects or workload_hours)"},
	    {"\"eqf_level\": null", "missing EU mandatory elements: level (EQF) (eqf_level)"},
	    {"\"assessment_type\": null",
	     "missing EU mandatory elements: type of assessment (assessment_type)"},
	    {"\"participation_form\": null, \"delivery_mode\": null",
	     "missing EU mandatory elements: form of participation (participation_form or delivery_mode)"},
	    {"\"quality_assurance\": null",
	     "missing EU mandatory elements: type of quality assurance (quality_assurance)"},
	    {"\"description\": null", "needed: description (required by Open Badges 3.0) (description)"},
	};
	struct mc_err err = {0};
	struct mc_achievement *x;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *slug = mc_arena_printf(&arena, "drop-%zu", i);
		struct mc_json *spec = J(FULL);
		mc_json_object_set(&arena, spec, "slug", 4, mc_json_new_cstr(&arena, slug));
		assert_int_equal(mc_achievement_create(&app, &arena, "example-university", spec, &x, &err),
		                 0);
		assert_int_equal(mc_achievement_update(&app, &arena, slug,
		                                       J(mc_arena_printf(&arena, "{%s}", cases[i].drop)), &x,
		                                       &err),
		                 0);
		struct counts before = counts();
		assert_int_equal(mc_achievement_publish(&app, &arena, slug, &x, &err), MC_ESTATE);
		char *want = mc_arena_printf(&arena, "cannot publish '%s': %s", slug, cases[i].msg);
		if (strcmp(err.msg, want) != 0)
			fail_msg("case %zu:\n got: %s\nwant: %s", i, err.msg, want);
		assert_counts(before);
		assert_int_equal(mc_achievement_get(&app, &arena, slug, &x, &err), 0);
		assert_string_equal(x->state, "draft");
	}

	/* The form of participation is given by either member. */
	assert_int_equal(
	    mc_achievement_update(&app, &arena, "drop-4", J("{\"delivery_mode\": \"blended\"}"), &x, &err),
	    0);
	assert_int_equal(mc_achievement_publish(&app, &arena, "drop-4", &x, &err), 0);

	/* No requirement. */
	struct mc_json *spec = J(FULL);
	mc_json_object_remove(spec, "requirements");
	mc_json_object_set(&arena, spec, "slug", 4, mc_json_new_cstr(&arena, "no-reqs"));
	assert_int_equal(mc_achievement_create(&app, &arena, "example-university", spec, &x, &err), 0);
	assert_int_equal(mc_achievement_publish(&app, &arena, "no-reqs", &x, &err), MC_ESTATE);
	assert_string_equal(
	    err.msg,
	    "cannot publish 'no-reqs': needed: at least one requirement (microcred requirement add)");

	/* Everything missing, at an issuer without a country. */
	assert_int_equal(
	    mc_achievement_create(&app, &arena, "nowhere-academy", J("{\"title\": \"Bare\"}"), &x, &err), 0);
	assert_int_equal(mc_achievement_publish(&app, &arena, "bare", &x, &err), MC_ESTATE);
	assert_string_equal(
	    err.msg,
	    "cannot publish 'bare': missing EU mandatory elements: country/region of the issuer (the "
	    "issuer's country); learning outcomes (outcomes); notional workload (ECTS where possible) "
	    "(ects or workload_hours); level (EQF) (eqf_level); type of assessment (assessment_type); "
	    "form of participation (participation_form or delivery_mode); type of quality assurance "
	    "(quality_assurance); also needed: description (required by Open Badges 3.0) (description); "
	    "at least one requirement (microcred requirement add)");

	/* The structured list says the same, with flags. */
	const struct mc_eu_element **missing;
	size_t n;
	assert_int_equal(mc_achievement_get(&app, &arena, "bare", &x, &err), 0);
	assert_int_equal(mc_achievement_missing(&app, &arena, x, &missing, &n, &err), 0);
	assert_int_equal(n, 9);
	assert_string_equal(missing[0]->flag, "microcred issuer create --country");
	assert_string_equal(missing[2]->flag, "--ects or --workload-hours");
	assert_true(missing[8]->eu == false);
	size_t total;
	const struct mc_eu_element *all = mc_eu_elements(&total);
	size_t eu = 0;
	for (size_t i = 0; i < total; i++)
		eu += all[i].eu;
	assert_int_equal(eu, 11); /* Annex I lists eleven mandatory elements */
}

static void bad_values_are_refused(void **state)
{
	(void)state;
	static const struct {
		const char *spec;
		const char *msg; /* a part of the message */
	} cases[] = {
	    {"{\"title\": \"T\", \"colour\": 1, \"levels\": 2}", "unknown members 'colour', 'levels'"},
	    {"{\"description\": \"no title\"}", "needs a title"},
	    {"{\"title\": \"\"}", "title (--title) is empty"},
	    {"{\"title\": \"T\", \"slug\": \"Bad Slug\"}", "slug (--slug) 'Bad Slug' may contain only"},
	    {"{\"title\": \"T\", \"eqf_level\": 9}",
	     "eqf_level (--eqf-level) must be a whole number from 1 to 8"},
	    {"{\"title\": \"T\", \"eqf_level\": 2.5}", "eqf_level (--eqf-level) must be a whole number"},
	    {"{\"title\": \"T\", \"ects\": 75}",
	     "ects (--ects) is 75; it must be greater than 0 and at most 60"},
	    {"{\"title\": \"T\", \"ects\": 0}", "ects (--ects) is 0"},
	    {"{\"title\": \"T\", \"ects\": \"five\"}", "ects (--ects) must be a number, not the text five"},
	    {"{\"title\": \"T\", \"workload_hours\": -3}", "workload_hours (--workload-hours) is -3"},
	    {"{\"title\": \"T\", \"cost\": 10}", "cost (--cost) 10 needs a currency"},
	    {"{\"title\": \"T\", \"currency\": \"EUR\"}", "without a cost"},
	    {"{\"title\": \"T\", \"cost\": 10, \"currency\": \"EURO\"}",
	     "'EURO' is not an ISO 4217 currency code"},
	    {"{\"title\": \"T\", \"cost\": 10, \"currency\": \"XYZ\"}", "'XYZ' is not an ISO 4217"},
	    {"{\"title\": \"T\", \"duration\": \"6 weeks\"}", "'6 weeks' is not an ISO 8601 duration"},
	    {"{\"title\": \"T\", \"duration\": \"P\"}", "'P' is not an ISO 8601 duration"},
	    {"{\"title\": \"T\", \"duration\": \"P1WT2H\"}", "not an ISO 8601 duration"},
	    {"{\"title\": \"T\", \"duration\": \"P0D\"}", "not an ISO 8601 duration"},
	    {"{\"title\": \"T\", \"duration\": \"PT\"}", "not an ISO 8601 duration"},
	    {"{\"title\": \"T\", \"language\": \"english\"}", "'english' is not a BCP 47 language tag"},
	    {"{\"title\": \"T\", \"language\": \"en_GB\"}", "'en_GB' is not a BCP 47"},
	    {"{\"title\": \"T\", \"delivery_mode\": \"in person\"}",
	     "delivery_mode (--delivery-mode) must be one of online"},
	    {"{\"title\": \"T\", \"category\": \"cooking\"}",
	     "category (--category) must be one of digital-skills"},
	    {"{\"title\": \"T\", \"image\": \"badge.png\"}", "image (--image) must be an absolute"},
	    {"{\"title\": \"T\", \"validity_months\": 0}",
	     "validity_months (--validity-months) must be a whole number from 1"},
	    {"{\"title\": \"T\", \"outcomes\": \"one\"}", "outcomes must be an array of texts (--outcome"},
	    {"{\"title\": \"T\", \"outcomes\": [\"a\", \"a\"]}", "outcomes[1]: 'a' appears twice"},
	    {"{\"title\": \"T\", \"tags\": [\"ok\", 3]}", "tags[1]: tags (--tag) must be a text"},
	    {"{\"title\": \"T\", \"alignments\": [{\"name\": \"x\", \"url\": \"esco/skill\"}]}",
	     "alignments[0] ('x'): url 'esco/skill' is not an absolute http(s) URL"},
	    {"{\"title\": \"T\", \"alignments\": [{\"name\": \"x\"}]}", "alignments[0] ('x') needs a url"},
	    {"{\"title\": \"T\", \"alignments\": [{\"url\": \"https://x.example/s\"}]}",
	     "alignments[0] needs a name"},
	    {"{\"title\": \"T\", \"alignments\": [{\"name\": \"x\", \"url\": \"https://x.example/s\", "
	     "\"level\": 1}]}",
	     "alignments[0] has an unknown member 'level'"},
	    {"{\"title\": \"T\", \"alignments\": [{\"name\": \"x\", \"url\": \"https://x.example/s\", "
	     "\"type\": \"Skill\"}]}",
	     "type 'Skill' is not an OB 3.0 alignment target type"},
	    {"{\"title\": \"T\", \"kind\": \"course\"}", "kind (--kind) must be one of micro or pathway"},
	    {"{\"title\": \"T\", \"requirements\": [{\"kind\": \"portfolio\", \"config\": {\"min_items\": "
	     "0}}]}",
	     "requirements[0]: portfolio requirement: min_items (--min-items) is 0; it must be from 1 to "
	     "100"},
	    {"[1]", "must be given as a JSON object"},
	};
	struct mc_err err = {0};
	struct mc_achievement *x;
	struct counts before = counts();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc =
		    mc_achievement_create(&app, &arena, "example-university", J(cases[i].spec), &x, &err);
		if (rc != MC_EINVAL || !strstr(err.msg, cases[i].msg))
			fail_msg("case %zu (%s): rc %d, message: %s\nwant: %s", i, cases[i].spec, rc, err.msg,
			         cases[i].msg);
		assert_counts(before);
	}
	/* Good forms of the checked values. */
	static const char *const good[] = {
	    "{\"title\": \"G1\", \"duration\": \"P1Y\", \"language\": \"de-AT\", \"cost\": 0}",
	    "{\"title\": \"G2\", \"duration\": \"P1M15D\", \"language\": \"sr-Latn-RS\", \"cost\": 120, "
	    "\"currency\": \"CHF\"}",
	    "{\"title\": \"G3\", \"duration\": \"PT40H\", \"language\": \"zh-Hant-TW\", \"image\": "
	    "\"data:image/png;base64,AA==\"}",
	    "{\"title\": \"G4\", \"duration\": \"P2Y6M\", \"language\": \"es-419\", \"ects\": 2.5}",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (mc_achievement_create(&app, &arena, "example-university", J(good[i]), &x, &err) != 0)
			fail_msg("good %zu refused: %s", i, err.msg);
}

static void bad_requirements_are_refused(void **state)
{
	(void)state;
	static const struct {
		const char *req;
		const char *msg;
	} cases[] = {
	    {"{\"title\": \"x\"}", "a requirement needs a kind (--kind)"},
	    {"{\"kind\": \"essay\"}", "unknown requirement kind 'essay'"},
	    {"{\"kind\": \"portfolio\", \"points\": 3}", "unknown requirement member 'points'"},
	    {"{\"kind\": \"portfolio\", \"mode\": \"hybrid\"}", "mode (--mode) must be online or in-person"},
	    {"{\"kind\": \"assignment\", \"config\": {\"pass_threshold\": 5}}",
	     "an assignment requirement needs a rubric"},
	    {"{\"kind\": \"assignment\", \"config\": {\"rubric\": [{\"criterion\": \"A\", \"points\": 0}], "
	     "\"pass_threshold\": 1}}",
	     "rubric criterion 'A' needs points greater than 0"},
	    {"{\"kind\": \"assignment\", \"config\": {\"rubric\": [{\"criterion\": \"A\", \"points\": 10}, "
	     "{\"criterion\": \"A\", "
	     "\"points\": 5}], \"pass_threshold\": 1}}",
	     "rubric criterion 'A' appears twice"},
	    {"{\"kind\": \"assignment\", \"config\": {\"rubric\": [{\"points\": 10}], \"pass_threshold\": "
	     "1}}",
	     "rubric[0] needs a criterion name"},
	    {"{\"kind\": \"assignment\", \"config\": {\"rubric\": [{\"criterion\": \"A\", \"points\": 40}, "
	     "{\"criterion\": "
	     "\"B\", \"points\": 60}]}}",
	     "an assignment requirement needs pass_threshold (--pass-threshold)"},
	    {"{\"kind\": \"assignment\", \"config\": {\"rubric\": [{\"criterion\": \"A\", \"points\": 40}, "
	     "{\"criterion\": "
	     "\"B\", \"points\": 60}], \"pass_threshold\": 120}}",
	     "pass_threshold (--pass-threshold) 120 is more than the rubric's 100 points in total"},
	    {"{\"kind\": \"attendance\", \"config\": {}}",
	     "an attendance requirement needs sessions (--sessions)"},
	    {"{\"kind\": \"attendance\", \"config\": {\"sessions\": 0}}",
	     "sessions (--sessions) is 0; it must be from 1 to 500"},
	    {"{\"kind\": \"attendance\", \"config\": {\"sessions\": 2.5}}",
	     "sessions (--sessions) must be a whole number"},
	    {"{\"kind\": \"attendance\", \"config\": {\"sessions\": 4, \"session_type\": \"workshop\"}}",
	     "session_type (--session-type) must be lecture or seminar"},
	    {"{\"kind\": \"attendance\", \"config\": {\"sessions\": 4, \"min_items\": 2}}",
	     "config member 'min_items' (--min-items) is not used by attendance requirements"},
	    {"{\"kind\": \"portfolio\", \"config\": {\"min_items\": 101}}", "min_items (--min-items) is 101"},
	    {"{\"kind\": \"assessment\", \"config\": {\"pass_score\": 70}}", "needs max_score (--max-score)"},
	    {"{\"kind\": \"assessment\", \"config\": {\"pass_score\": 120, \"max_score\": 100}}",
	     "pass_score (--pass-score) 120 is more than max_score (--max-score) 100"},
	    {"{\"kind\": \"assessment\", \"config\": {\"pass_score\": 0, \"max_score\": 100}}",
	     "pass_score (--pass-score) is 0"},
	    {"{\"kind\": \"assessment\", \"config\": {\"pass_score\": 50, \"max_score\": 100, "
	     "\"max_attempts\": 0}}",
	     "max_attempts (--max-attempts) is 0; it must be from 1 to 100"},
	    {"{\"kind\": \"assessment\", \"config\": {\"pass_score\": 50, \"max_score\": 100, \"proctored\": "
	     "\"yes\"}}",
	     "proctored (--proctored) must be true or false"},
	    {"{\"kind\": \"assessment\", \"config\": {\"pass_score\": 50, \"max_score\": 100, \"proctored\": "
	     "true}}",
	     "a proctored assessment must say how the learner's identity is verified"},
	    {"{\"kind\": \"assessment\", \"config\": {\"pass_score\": 50, \"max_score\": 100, "
	     "\"identity_verification\": "
	     "\"selfie\"}}",
	     "identity_verification (--identity-verification) must be none, photo-id"},
	    {"{\"kind\": \"assessment\", \"mode\": \"in-person\", \"config\": {\"pass_score\": 50, "
	     "\"max_score\": 100, "
	     "\"proctored\": true, \"identity_verification\": \"online-proctoring\"}}",
	     "online-proctoring needs mode online"},
	    {"{\"kind\": \"conference\", \"config\": {\"count\": 51}}",
	     "count (--count) is 51; it must be from 1 to 50"},
	    {"{\"kind\": \"workplace\", \"config\": {\"supervisor_required\": false}}",
	     "attested by a named supervisor"},
	    {"{\"kind\": \"workplace\", \"config\": [1]}",
	     "workplace requirement: config must be a JSON object"},
	};
	struct mc_err err = {0};
	struct mc_achievement *x;
	struct mc_requirement *r;
	assert_int_equal(mc_achievement_create(&app, &arena, "example-university",
	                                       J("{\"title\": \"Req host\"}"), &x, &err),
	                 0);
	struct counts before = counts();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int rc = mc_requirement_add(&app, &arena, "req-host", J(cases[i].req), &r, &err);
		if (rc != MC_EINVAL || !strstr(err.msg, cases[i].msg))
			fail_msg("case %zu (%s): rc %d, message: %s\nwant: %s", i, cases[i].req, rc, err.msg,
			         cases[i].msg);
		assert_counts(before);
	}

	/* All six kinds, well formed; defaults are filled in. */
	static const char *const good[] = {
	    "{\"kind\": \"assignment\", \"title\": \"Project\", \"config\": {\"rubric\": [{\"criterion\": "
	    "\"Analysis\", "
	    "\"points\": 40}, {\"criterion\": \"Presentation\", \"points\": 60}], \"pass_threshold\": 60}}",
	    "{\"kind\": \"attendance\", \"mode\": \"in-person\", \"config\": {\"sessions\": 6, "
	    "\"session_type\": \"seminar\"}}",
	    "{\"kind\": \"portfolio\", \"config\": {\"min_items\": 5}}",
	    "{\"kind\": \"assessment\", \"config\": {\"pass_score\": 70, \"max_score\": 100}}",
	    "{\"kind\": \"conference\", \"mode\": \"in-person\", \"config\": {\"count\": 1}}",
	    "{\"kind\": \"workplace\", \"mode\": \"in-person\"}",
	};
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		if (mc_requirement_add(&app, &arena, "req-host", J(good[i]), &r, &err) != 0)
			fail_msg("good %zu refused: %s", i, err.msg);
	struct mc_requirement *reqs;
	size_t n;
	assert_int_equal(mc_requirement_list(&app, &arena, "req-host", &reqs, &n, &err), 0);
	assert_int_equal(n, 6);
	assert_int_equal(reqs[5].position, 6);
	assert_string_equal(reqs[1].title, "Seminar attendance");
	assert_string_equal(reqs[5].title, "Workplace demonstration");
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_json_write(&b, reqs[3].config, MC_JSON_COMPACT);
	assert_string_equal(b.ptr,
	                    "{\"pass_score\":70,\"max_score\":100,\"max_attempts\":1,\"proctored\":false,"
	                    "\"identity_verification\":\"none\"}");
	mc_buf_release(&b);
	assert_string_equal(
	    mc_requirement_summary(&arena, &reqs[0]),
	    "assignment, online: rubric Analysis 40, Presentation 60; pass with 60 of 100 points");
	/* Remove by number and by id. */
	assert_int_equal(mc_requirement_remove(&app, "req-host", "2", &err), 0);
	assert_int_equal(mc_requirement_remove(&app, "req-host", reqs[0].id, &err), 0);
	assert_int_equal(mc_requirement_remove(&app, "req-host", "9", &err), MC_ENOTFOUND);
	assert_int_equal(mc_requirement_list(&app, &arena, "req-host", &reqs, &n, &err), 0);
	assert_int_equal(n, 4);
}

static void listing(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_achievement *x;
	struct mc_achievement **list;
	size_t n, total;
	static const char *const specs[] = {
	    "{\"title\": \"Alpha 100% Cloud\", \"category\": \"emerging-technologies\", \"language\": "
	    "\"en\", "
	    "\"delivery_mode\": \"online\"}",
	    "{\"title\": \"Beta Teamwork\", \"category\": \"soft-skills\", \"language\": \"en-GB\", "
	    "\"delivery_mode\": "
	    "\"blended\"}",
	    "{\"title\": \"Gamma Welding\", \"category\": \"industry-specific\", \"language\": \"de\", "
	    "\"delivery_mode\": "
	    "\"in-person\"}",
	    "{\"title\": \"Delta Cloud Security\", \"category\": \"emerging-technologies\", \"language\": "
	    "\"en-US\"}",
	};
	struct mc_issuer *lister;
	struct mc_issuer_input in = {.name = "List Institute"};
	assert_int_equal(mc_issuer_create(&app, &arena, &in, &lister, &err), 0);
	for (size_t i = 0; i < 4; i++)
		assert_int_equal(mc_achievement_create(&app, &arena, "list-institute", J(specs[i]), &x, &err),
		                 0);
	struct mc_achievement_filter f = {.issuer_ref = "list-institute"};
	assert_int_equal(mc_achievement_list(&app, &arena, &f, &list, &n, &total, &err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(list[0]->title, "Alpha 100% Cloud");
	assert_string_equal(list[3]->title, "Gamma Welding");
	f.category = "emerging-technologies";
	assert_int_equal(mc_achievement_list(&app, &arena, &f, &list, &n, &total, &err), 0);
	assert_int_equal(n, 2);
	f.category = NULL;
	f.language = "en";
	assert_int_equal(mc_achievement_list(&app, &arena, &f, &list, &n, &total, &err), 0);
	assert_int_equal(n, 3);
	f.language = NULL;
	f.delivery_mode = "in-person";
	assert_int_equal(mc_achievement_list(&app, &arena, &f, &list, &n, &total, &err), 0);
	assert_int_equal(n, 1);
	f.delivery_mode = NULL;
	f.text = "CLOUD";
	assert_int_equal(mc_achievement_list(&app, &arena, &f, &list, &n, &total, &err), 0);
	assert_int_equal(n, 2);
	f.text = "100%"; /* % is matched literally */
	assert_int_equal(mc_achievement_list(&app, &arena, &f, &list, &n, &total, &err), 0);
	assert_int_equal(n, 1);
	f.text = "0%";
	assert_int_equal(mc_achievement_list(&app, &arena, &f, &list, &n, &total, &err), 0);
	assert_int_equal(n, 1);
	f.text = "_";
	assert_int_equal(mc_achievement_list(&app, &arena, &f, &list, &n, &total, &err), 0);
	assert_int_equal(n, 0);
	f.text = NULL;
	f.limit = 2;
	f.offset = 1;
	assert_int_equal(mc_achievement_list(&app, &arena, &f, &list, &n, &total, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(total, 4);
	assert_string_equal(list[0]->title, "Beta Teamwork");
	f.state = "published";
	assert_int_equal(mc_achievement_list(&app, &arena, &f, &list, &n, &total, &err), 0);
	assert_int_equal(total, 0);
	f.state = "gone";
	assert_int_equal(mc_achievement_list(&app, &arena, &f, &list, &n, &total, &err), MC_EINVAL);
	f.state = NULL;
	f.issuer_ref = "nobody";
	assert_int_equal(mc_achievement_list(&app, &arena, &f, &list, &n, &total, &err), MC_ENOTFOUND);
}

/* The Achievement inside a credential: safe-mode canonicalization (every term is
 * defined by the built-in contexts) and the OB 3.0 model checks. */
static void achievement_json_in_a_credential(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_achievement *x;
	struct mc_json *ach, *profile;
	struct mc_json *spec = J(FULL);
	mc_json_object_set(&arena, spec, "slug", 4, mc_json_new_cstr(&arena, "json-check"));
	assert_int_equal(mc_achievement_create(&app, &arena, "example-university", spec, &x, &err), 0);
	assert_int_equal(mc_achievement_json(&app, &arena, x, &ach, &err), 0);
	assert_string_equal(mc_json_get_str(ach, "id"), "http://127.0.0.1:8080/achievements/json-check");
	assert_string_equal(mc_json_get_str(ach, "achievementType"), "MicroCredential");
	assert_string_equal(mc_json_get_str(ach, "inLanguage"), "en-GB");
	assert_string_equal(mc_json_get_str(ach, "fieldOfStudy"), "Digital skills");
	assert_int_equal(mc_json_number(mc_json_get(ach, "creditsAvailable")), 5);
	const struct mc_json *al = mc_json_get(ach, "alignment");
	assert_int_equal(al->len, 3);
	assert_string_equal(mc_json_get_str(&al->v.items[2], "targetUrl"), "http://data.europa.eu/snb/eqf/6");
	const char *narr = mc_json_get_str(mc_json_get(ach, "criteria"), "narrative");
	assert_non_null(strstr(narr,
	                       "1. Skill test (assessment, online: pass score 70 of 100, at most 3 attempts, "
	                       "proctored, identity verified by online-proctoring)"));
	assert_non_null(strstr(narr, "- Clean a messy data set with pandas"));
	assert_non_null(strstr(narr, "- Type of quality assurance: internal QA, accredited by ZEvA"));
	assert_non_null(strstr(narr, "- Typical duration: 6 weeks"));
	assert_string_equal(mc_json_get_str(mc_json_get(ach, "creator"), "id"), issuer->did);

	assert_int_equal(mc_issuer_profile_json(&app, &arena, issuer, &profile, &err), 0);
	struct mc_json *cred =
	    J("{\"@context\": [\"https://www.w3.org/ns/credentials/v2\", "
	      "\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"], "
	      "\"id\": \"urn:uuid:0195ab5e-7d2a-7c4e-9a4b-3f1e2d3c4b5a\", "
	      "\"type\": [\"VerifiableCredential\", \"OpenBadgeCredential\"], "
	      "\"name\": \"Data Analysis with Python\", \"validFrom\": \"2026-01-01T00:00:00Z\", "
	      "\"credentialSubject\": {\"id\": \"did:example:learner\", "
	      "\"type\": [\"AchievementSubject\"]}}");
	mc_json_object_set(&arena, cred, "issuer", 6, profile);
	struct mc_json *subj = (struct mc_json *)mc_json_get(cred, "credentialSubject");
	mc_json_object_set(&arena, subj, "achievement", 11, ach);

	struct mc_problems probs;
	mc_problems_init(&probs, &arena);
	int vrc = mc_credential_validate(cred, NULL, &probs, NULL);
	for (size_t i = 0; i < probs.len; i++)
		print_message("problem %s %s: %s\n", probs.items[i].path, probs.items[i].code,
		              probs.items[i].message);
	assert_int_equal(vrc, 0);
	assert_int_equal(probs.errors, 0);

	struct mc_buf nq;
	mc_buf_init(&nq, MC_BUF_NOLIMIT);
	int crc = mc_jsonld_canonize(&arena, cred, NULL, &nq, &err);
	if (crc != 0)
		fail_msg("canonize: %s", err.msg);
	if (getenv("MC_TEST_VERBOSE"))
		fputs(nq.ptr, stderr);
	assert_non_null(strstr(nq.ptr, "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#achievementType> "
	                               "\"MicroCredential\""));
	assert_non_null(strstr(
	    nq.ptr, "<https://schema.org/targetUrl> "
	            "\"http://data.europa.eu/snb/eqf/6\"^^<https://www.w3.org/2001/XMLSchema#anyURI>"));
	assert_non_null(strstr(nq.ptr, "<https://purl.imsglobal.org/spec/vc/ob/vocab.html#creditsAvailable> "
	                               "\"5\"^^<https://www.w3.org/2001/XMLSchema#float>"));
	/* Nothing fell back to the undefined-terms vocabulary of VC 2.0. */
	assert_null(strstr(nq.ptr, "issuer-dependent"));
	mc_buf_release(&nq);

	/* A term the contexts do not define is caught: safe mode is on, so the checks
	 * above would have failed had the Achievement used one. */
	struct mc_json v;
	mc_json_set_string(&arena, &v, "x", 1);
	mc_json_object_set(&arena, (struct mc_json *)mc_json_get(subj, "achievement"), "ectsCredits", 11, &v);
	mc_buf_init(&nq, MC_BUF_NOLIMIT);
	assert_int_equal(mc_jsonld_canonize(&arena, cred, NULL, &nq, &err), MC_EINVAL);
	assert_string_equal(mc_jsonld_error_code(&err), "safe mode violation");
	assert_non_null(strstr(err.msg, "ectsCredits"));
	mc_buf_release(&nq);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(lifecycle),
	    cmocka_unit_test(publish_names_each_missing_element),
	    cmocka_unit_test(bad_values_are_refused),
	    cmocka_unit_test(bad_requirements_are_refused),
	    cmocka_unit_test(listing),
	    cmocka_unit_test(achievement_json_in_a_credential),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
