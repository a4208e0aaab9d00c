/* Test fixture for the award CLI tests (tests/cli/award.sh,
 * tests/concurrency/award_race.sh): adds micro-credentials to an initialised
 * database directly, so that those tests do not depend on the catalogue's
 * publishing rules (the EU elements), which its own tests cover.
 *
 *   award_fixture DB ISSUER_SLUG
 *     adds "data-analysis" (published, valid 24 months, one ESCO alignment) and
 *     "draft-one" (a draft) for the issuer. Exit 0, or 3 with a message.
 *   award_fixture DB --check
 *     prints "credentials=N keys=N revocation=N suspension=N max_number=N events=N
 *     mismatched=N": distinct award keys, distinct (list, index) status entries, the
 *     highest credential number, credential.awarded events, and credentials whose
 *     JSON statusListIndex differs from the recorded revocation index. */
#include <stdio.h>
#include <string.h>

#include "microcred/app.h"
#include "microcred/issuer.h"
#include "microcred/json.h"

static long long scalar(struct mc_db *db, const char *sql, struct mc_err *err)
{
	struct mc_db_stmt *st;
	if (mc_db_prepare(db, sql, &st, err) || mc_db_step(st, err) != MC_DB_ROW)
		return -1;
	long long v = mc_db_col_int(st, 0);
	mc_db_reset(st);
	return v;
}

static int check(struct mc_app *app, struct mc_err *err)
{
	struct mc_db *db = app->db;
	long long mismatched = 0;
	struct mc_db_stmt *st;
	struct mc_arena a;
	mc_arena_init(&a, 0);
	if (mc_db_prepare(db, "SELECT json, revocation_index FROM credentials", &st, err))
		return 3;
	while (mc_db_step(st, err) == MC_DB_ROW) {
		struct mc_json *v;
		const char *text = mc_db_col_text(st, 0);
		char want[32];
		snprintf(want, sizeof(want), "%lld", (long long)mc_db_col_int(st, 1));
		const char *idx = NULL;
		if (mc_json_parse(&a, text, strlen(text), NULL, &v, err) == 0)
			idx = mc_json_get_str(mc_json_get(v, "credentialStatus"), "statusListIndex");
		if (!idx || strcmp(idx, want) != 0)
			mismatched++;
		mc_arena_clear(&a);
	}
	mc_arena_release(&a);
	printf(
	    "credentials=%lld keys=%lld revocation=%lld suspension=%lld max_number=%lld events=%lld "
	    "mismatched=%lld\n",
	    scalar(db, "SELECT COUNT(*) FROM credentials", err),
	    scalar(db, "SELECT COUNT(DISTINCT award_key) FROM credentials", err),
	    scalar(
	        db,
	        "SELECT COUNT(*) FROM (SELECT DISTINCT revocation_list, revocation_index FROM credentials) x",
	        err),
	    scalar(
	        db,
	        "SELECT COUNT(*) FROM (SELECT DISTINCT suspension_list, suspension_index FROM credentials) x",
	        err),
	    scalar(db, "SELECT COALESCE(MAX(number), 0) FROM credentials", err),
	    scalar(db, "SELECT COUNT(*) FROM events WHERE type = 'credential.awarded'", err), mismatched);
	return 0;
}

int main(int argc, char **argv)
{
	struct mc_app app;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_issuer *is;
	if (argc != 3) {
		fprintf(stderr, "usage: award_fixture DB ISSUER_SLUG | award_fixture DB --check\n");
		return 2;
	}
	mc_arena_init(&a, 0);
	if (mc_app_open(&app, argv[1], NULL, &err))
		goto fail;
	if (strcmp(argv[2], "--check") == 0) {
		int st = check(&app, &err);
		mc_app_close(&app);
		mc_arena_release(&a);
		return st;
	}
	if (mc_issuer_get(&app, &a, argv[2], &is, &err))
		goto fail;
	const char *sql = mc_arena_printf(
	    &a,
	    "INSERT INTO achievements (id, issuer_id, slug, title, description, criteria, tags, language, "
	    "state, "
	    "validity_months, published_at, created_at, updated_at) VALUES "
	    "('%s-da', '%s', 'data-analysis', 'Data Analysis with Python', "
	    "'Cleans, analyses and visualises data sets with Python.', 'Pass the final project and the skill "
	    "test.', "
	    "'[\"python\",\"data\"]', 'en', 'published', 24, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', "
	    "'2025-01-01T00:00:00Z'), "
	    "('%s-dr', '%s', 'draft-one', 'A Draft', 'Not yet published.', 'TBD', '[]', 'en', 'draft', NULL, "
	    "NULL, "
	    "'2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');"
	    "INSERT INTO alignments (id, achievement_id, position, framework, code, name, url, target_type) "
	    "VALUES "
	    "('%s-al', '%s-da', 1, 'ESCO', 'S5.6.1', 'analyse big data', "
	    "'http://data.europa.eu/esco/skill/2d6ea5b8-6e1b-4e44-9d0b-d4e0f1f3f9a1', 'ceasn:Competency');",
	    is->slug, is->id, is->slug, is->id, is->slug, is->slug);
	if (mc_db_exec_script(app.db, sql, &err))
		goto fail;
	mc_app_close(&app);
	mc_arena_release(&a);
	return 0;
fail:
	fprintf(stderr, "award_fixture: %s\n", err.msg);
	return 3;
}
