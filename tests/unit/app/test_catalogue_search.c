/* Catalogue search on a real SQLite file, with the FTS5 index and with the LIKE
 * fallback: words over titles, descriptions, skills, tags and issuer names (all
 * must match, prefixes match), relevance order, facets with disjunctive counts,
 * buckets, pagination, the index following every change (title, skills, issuer
 * name, archive, publish), query syntax that is only ever text, and bad filters. */
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
#include "microcred/catalogue.h"
#include "microcred/issuer.h"

#include "store/catalogue_search.h"
#include "support/testdb.h"

static char path[256];
static struct mc_app app;
static struct mc_arena arena;

static struct mc_json *J(const char *text)
{
	struct mc_json *v;
	struct mc_err err = {0};
	if (mc_json_parse(&arena, text, strlen(text), NULL, &v, &err) != 0)
		fail_msg("test JSON: %s: %s", err.msg, text);
	return v;
}

/* A publishable micro-credential with the given distinguishing fields. */
static void add(const char *issuer, const char *slug, const char *title, const char *description,
                const char *skill, const char *tag, const char *category, int level, const char *mode,
                const char *duration, const char *cost, const char *language)
{
	struct mc_err err = {0};
	struct mc_achievement *x;
	char *spec = mc_arena_printf(
	    &arena,
	    "{\"title\": \"%s\", \"slug\": \"%s\", \"description\": \"%s\", \"criteria\": \"Do it.\","
	    " \"outcomes\": [\"An outcome\"],"
	    " \"alignments\": [{\"framework\": \"ESCO\", \"name\": \"%s\", \"url\": "
	    "\"https://esco.example/%s\"}],"
	    " \"eqf_level\": %d, \"workload_hours\": 20, \"ects\": 1, \"cost\": %s, \"currency\": \"EUR\","
	    " \"delivery_mode\": \"%s\", \"duration\": \"%s\", \"assessment_type\": \"test\","
	    " \"participation_form\": \"online\", \"quality_assurance\": \"internal\", \"prerequisites\": "
	    "\"none\","
	    " \"category\": \"%s\", \"language\": \"%s\", \"tags\": [\"%s\"],"
	    " \"requirements\": [{\"kind\": \"portfolio\", \"title\": \"Portfolio\", \"config\": "
	    "{\"min_items\": 1}}]}",
	    title, slug, description, skill, slug, level, cost, mode, duration, category, language, tag);
	if (mc_achievement_create(&app, &arena, issuer, J(spec), &x, &err) != 0)
		fail_msg("create %s: %s", slug, err.msg);
	if (mc_achievement_publish(&app, &arena, slug, &x, &err) != 0)
		fail_msg("publish %s: %s", slug, err.msg);
}

static int setup(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_issuer *is;
	snprintf(path, sizeof(path), "/tmp/mc-test-catalogue-search-%d.db", (int)getpid());
	unlink(path);
	mc_test_db_fresh(path, sizeof(path));
	mc_arena_init(&arena, 0);
	if (mc_app_open(&app, path, "http://127.0.0.1:8080", &err) != 0 || mc_app_init(&app, NULL, &err) != 0)
		fail_msg("open: %s", err.msg);
	struct mc_issuer_input a = {.name = "Northbridge University",
	                            .url = "https://nb.example",
	                            .email = "b@nb.example",
	                            .country = "DE"};
	struct mc_issuer_input b = {
	    .name = "Skills Council", .url = "https://sc.example", .email = "b@sc.example", .country = "FR"};
	if (mc_issuer_create(&app, &arena, &a, &is, &err) || mc_issuer_create(&app, &arena, &b, &is, &err))
		fail_msg("issuer: %s", err.msg);
	add("northbridge-university", "python-data", "Data Analysis with Python",
	    "Clean and analyse data sets.", "Data Scientists", "pandas", "digital-skills", 5, "online", "P6W",
	    "450", "en");
	add("northbridge-university", "stats", "Applied Statistics", "Estimate and test with data.",
	    "Statisticians", "inference", "digital-skills", 6, "blended", "P2M", "90", "en-GB");
	add("northbridge-university", "leadership", "Team Leadership", "Lead a small team through change.",
	    "Managers", "people", "soft-skills", 5, "in-person", "P4M", "0", "de");
	add("skills-council", "haccp", "Food Safety (HACCP)", "Hazard analysis in kitchens.",
	    "Food Service Managers", "hygiene", "industry-specific", 4, "in-person", "P1Y6M", "600", "fr");
	add("skills-council", "cafe", "Café Management", "Run a café: données, stock and staff.",
	    "Cafe Managers", "hospitality", "industry-specific", 4, "online", "P10D", "120", "fr-CA");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char p[300];
	mc__store_catalogue_use_fts(true);
	mc_app_close(&app);
	mc_arena_release(&arena);
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	return 0;
}

static struct mc_catalogue_result run(const struct mc_catalogue_query *q)
{
	struct mc_catalogue_result r;
	struct mc_err err = {0};
	if (mc_catalogue_search(&app, &arena, q, &r, &err) != 0)
		fail_msg("search '%s': %s", q->text ? q->text : "", err.msg);
	return r;
}

static struct mc_catalogue_result text(const char *t)
{
	struct mc_catalogue_query q = {.text = t};
	return run(&q);
}

static bool lists(const struct mc_catalogue_result *r, const char *slug)
{
	for (size_t i = 0; i < r->n; i++)
		if (strcmp(r->items[i].slug, slug) == 0)
			return true;
	return false;
}

static const struct mc_catalogue_facet_value *value(const struct mc_catalogue_result *r, const char *facet,
                                                    const char *v)
{
	for (int f = 0; f < MC_CATALOGUE_FACETS; f++)
		if (strcmp(r->facets[f].name, facet) == 0)
			for (size_t i = 0; i < r->facets[f].n; i++)
				if (strcmp(r->facets[f].values[i].value, v) == 0)
					return &r->facets[f].values[i];
	return NULL;
}

/* Each search behaviour, on whichever engine is selected. */
static void searches(bool fts)
{
	mc__store_catalogue_use_fts(fts);
	/* Full text on both backends (SQLite FTS5, PostgreSQL tsvector), else LIKE. */
	fts = fts && (strcmp(mc_db_backend(app.db), "sqlite") == 0 || strcmp(mc_db_backend(app.db), "postgres") == 0);
	struct mc_catalogue_result r = text(NULL);
	assert_int_equal(r.total, 5);
	assert_false(r.full_text);                     /* no words: no index needed */
	assert_string_equal(r.items[0].slug, "stats"); /* title order: Applied, Café, Data, ... */
	assert_string_equal(r.items[1].slug, "cafe");

	r = text("python");
	assert_int_equal(r.full_text, fts);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.items[0].slug, "python-data");
	assert_string_equal(r.items[0].issuer_name, "Northbridge University");
	assert_int_equal(r.items[0].n_skills, 1);
	assert_string_equal(r.items[0].skills[0], "Data Scientists");
	assert_int_equal(text("statistic").total, 1);     /* a prefix (and a substring) */
	assert_int_equal(text("statisticians").total, 1); /* a skill */
	r = text("hygiene");                              /* a tag */
	assert_int_equal(r.total, 1);
	assert_string_equal(r.items[0].slug, "haccp");
	r = text("council"); /* the issuer's name */
	assert_int_equal(r.total, 2);
	assert_true(lists(&r, "haccp") && lists(&r, "cafe"));
	assert_int_equal(text("data python").total, 1); /* every word must match */
	assert_int_equal(text("python zebra").total, 0);
	r = text("DATA"); /* case does not matter */
	assert_int_equal(r.total, 2);
	if (fts) /* relevance: the title match first */
		assert_string_equal(r.items[0].slug, "python-data");
	/* Query syntax is text: nothing is an operator, a column or a quote. */
	const char *hostile[] = {"\"",
	                         "data\" OR \"x",
	                         "NEAR(data python)",
	                         "title:python",
	                         "python*",
	                         "AND OR NOT",
	                         "^data",
	                         "(((",
	                         "'; DROP TABLE achievements; --",
	                         "%",
	                         "_"};
	for (size_t i = 0; i < sizeof hostile / sizeof hostile[0]; i++)
		text(hostile[i]);
	assert_int_equal(text("title:python").total, 0); /* two words, "title" matches nothing */
	assert_int_equal(text("(python*)").total, 1);
	assert_int_equal(text("%").total, 5); /* punctuation only: no words, everything */
	assert_int_equal(text("100%").total, 0);
	if (fts)
		assert_int_equal(text("cafe").total, 1); /* diacritics folded by the tokenizer */
	assert_int_equal(text("café").total, 1);
}

static void fts_and_like(void **state)
{
	(void)state;
	searches(true);
	searches(false);
}

static void facets(void **state)
{
	(void)state;
	struct mc_catalogue_query q = {.category = "digital-skills"};
	struct mc_catalogue_result r = run(&q);
	assert_int_equal(r.total, 2);
	/* Disjunctive: the category facet still counts the other categories... */
	assert_int_equal(value(&r, "category", "digital-skills")->count, 2);
	assert_true(value(&r, "category", "digital-skills")->selected);
	assert_int_equal(value(&r, "category", "industry-specific")->count, 2);
	assert_int_equal(value(&r, "category", "soft-skills")->count, 1);
	/* ...while the other facets count within the selected category. */
	assert_int_equal(value(&r, "mode", "online")->count, 1);
	assert_int_equal(value(&r, "mode", "blended")->count, 1);
	assert_null(value(&r, "mode", "in-person"));
	assert_int_equal(value(&r, "issuer", "northbridge-university")->count, 2);
	assert_string_equal(value(&r, "issuer", "northbridge-university")->label, "Northbridge University");

	/* Buckets: duration and cost. */
	r = run(&(struct mc_catalogue_query){0});
	assert_int_equal(value(&r, "duration", "1m")->count, 1);   /* P10D */
	assert_int_equal(value(&r, "duration", "3m")->count, 2);   /* P6W, P2M */
	assert_int_equal(value(&r, "duration", "6m")->count, 1);   /* P4M */
	assert_int_equal(value(&r, "duration", "long")->count, 1); /* P1Y6M */
	assert_int_equal(value(&r, "cost", "free")->count, 1);
	assert_int_equal(value(&r, "cost", "lt100")->count, 1);
	assert_int_equal(value(&r, "cost", "100-500")->count, 2);
	assert_int_equal(value(&r, "cost", "gt500")->count, 1);
	assert_string_equal(value(&r, "cost", "lt100")->label, "Under 100");
	/* Languages by primary subtag; levels by number. */
	assert_int_equal(value(&r, "language", "en")->count, 2);
	assert_int_equal(value(&r, "language", "fr")->count, 2);
	assert_string_equal(value(&r, "language", "fr")->label, "French");
	assert_int_equal(value(&r, "level", "4")->count, 2);
	assert_int_equal(value(&r, "skill", "Statisticians")->count, 1);

	q = (struct mc_catalogue_query){.cost = "free"};
	r = run(&q);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.items[0].slug, "leadership");
	q = (struct mc_catalogue_query){.language = "FR", .duration = "long"};
	r = run(&q);
	assert_int_equal(r.total, 1);
	assert_string_equal(r.items[0].slug, "haccp");
	q = (struct mc_catalogue_query){.skill = "Managers", .level = 5};
	r = run(&q);
	assert_int_equal(r.total, 1);
	q = (struct mc_catalogue_query){.text = "data", .issuer = "skills-council"};
	r = run(&q);
	assert_int_equal(r.total, 0);
	/* A selected value with no matches stays listed, to be unselected. */
	assert_non_null(value(&r, "issuer", "skills-council"));
	assert_int_equal(value(&r, "issuer", "skills-council")->count, 0);
	assert_true(value(&r, "issuer", "skills-council")->selected);

	/* Pages. */
	q = (struct mc_catalogue_query){.per_page = 2, .page = 3};
	r = run(&q);
	assert_int_equal(r.total, 5);
	assert_int_equal(r.pages, 3);
	assert_int_equal(r.n, 1);
	q.page = 4;
	r = run(&q);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.total, 5);
	q.page = (size_t)-1; /* absurd pages do not overflow */
	r = run(&q);
	assert_int_equal(r.n, 0);

	/* Bad filters name themselves. */
	struct mc_err err = {0};
	struct mc_catalogue_query bad[] = {{.level = 9},
	                                   {.cost = "cheap"},
	                                   {.duration = "P6W"},
	                                   {.category = "cooking"},
	                                   {.delivery_mode = "radio"}};
	const char *words[] = {"EQF level", "cost", "duration", "category", "delivery mode"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(mc_catalogue_search(&app, &arena, &bad[i], &r, &err), MC_EINVAL);
		assert_non_null(strstr(err.msg, words[i]));
	}
}

static void follows_changes(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_achievement *x;
	mc__store_catalogue_use_fts(true);
	assert_int_equal(text("python").total, 1); /* indexes everything */

	/* A new title, in the same second as the indexing. */
	assert_int_equal(mc_achievement_update(&app, &arena, "python-data",
	                                       J("{\"title\": \"Data Wrangling in R\"}"), &x, &err),
	                 0);
	assert_int_equal(text("python").total, 0);
	assert_int_equal(text("wrangling").total, 1);
	/* New skills replace the old ones. */
	assert_int_equal(mc_achievement_update(&app, &arena, "stats",
	                                       J("{\"alignments\": [{\"name\": \"Actuaries\", \"url\": "
	                                         "\"https://esco.example/actuaries\"}]}"),
	                                       &x, &err),
	                 0);
	assert_int_equal(text("statisticians").total, 0);
	assert_int_equal(text("actuaries").total, 1);
	/* The issuer's name (no service renames issuers yet: straight SQL). */
	assert_int_equal(
	    mc_db_exec_script(
	        app.db, "UPDATE issuers SET name = 'Guild of Cooks' WHERE slug = 'skills-council'", &err),
	    0);
	assert_int_equal(text("council").total, 0);
	assert_int_equal(text("guild").total, 2);
	/* Archived ones leave the catalogue; publishing again brings them back. */
	assert_int_equal(mc_achievement_archive(&app, &arena, "haccp", &x, &err), 0);
	assert_int_equal(text("hygiene").total, 0);
	assert_int_equal(text(NULL).total, 4);
	assert_int_equal(mc_achievement_publish(&app, &arena, "haccp", &x, &err), 0);
	assert_int_equal(text("hygiene").total, 1);
	/* A draft is never listed. */
	assert_int_equal(mc_achievement_create(&app, &arena, "northbridge-university",
	                                       J("{\"title\": \"Hygiene Draft\", \"slug\": \"draft-one\"}"),
	                                       &x, &err),
	                 0);
	assert_int_equal(text("hygiene").total, 1);
	/* Rebuilding the index from scratch gives the same answers. */
	assert_int_equal(mc__store_catalogue_reindex(app.db, &err), 0);
	assert_int_equal(text("hygiene").total, 1);
	assert_int_equal(text("guild").total, 2);
	/* The LIKE fallback sees the same catalogue. */
	mc__store_catalogue_use_fts(false);
	assert_int_equal(text("guild").total, 2);
	assert_int_equal(text("wrangling").total, 1);
	mc__store_catalogue_use_fts(true);
}

static void helpers(void **state)
{
	(void)state;
	mc_arena_init(&arena, 0);
	assert_string_equal(mc_catalogue_duration_words(&arena, "P6W"), "6 weeks");
	assert_string_equal(mc_catalogue_duration_words(&arena, "P1Y6M"), "1 year 6 months");
	assert_string_equal(mc_catalogue_duration_words(&arena, "P1D"), "1 day");
	assert_string_equal(mc_catalogue_duration_words(&arena, "soon"), "soon");
	assert_null(mc_catalogue_duration_bucket("6 weeks"));
	assert_null(mc_catalogue_duration_bucket("P"));
	assert_string_equal(mc_catalogue_duration_bucket("PT40H"), "1m");
	assert_string_equal(mc_catalogue_duration_bucket("P12M"), "12m");
	assert_string_equal(mc_catalogue_duration_bucket("P13M"), "long");
	assert_string_equal(mc_catalogue_duration_bucket("P52W"), "12m");
	assert_null(mc_catalogue_cost_bucket(false, 0));
	assert_string_equal(mc_catalogue_cost_bucket(true, 0), "free");
	assert_string_equal(mc_catalogue_cost_bucket(true, 99.99), "lt100");
	assert_string_equal(mc_catalogue_cost_bucket(true, 500), "100-500");
	assert_string_equal(mc_catalogue_cost_bucket(true, 500.01), "gt500");
	mc_arena_release(&arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(fts_and_like, setup, teardown),
	    cmocka_unit_test_setup_teardown(facets, setup, teardown),
	    cmocka_unit_test_setup_teardown(follows_changes, setup, teardown),
	    cmocka_unit_test(helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
