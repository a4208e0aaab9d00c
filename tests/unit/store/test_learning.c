/* The learning store on a real SQLite file: content-addressed files stored once,
 * the one-live-enrolment index, attendance replays, evidence decided once, scores
 * (bound as text) read back exactly, the latest review joined to its evidence. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "microcred/app.h"

#include "store/learning.h"
#include "support/testdb.h"

static char path[256];
static struct mc_app app;
static struct mc_arena arena;

static void exec(const char *sql)
{
	struct mc_err err = {0};
	if (mc_db_exec_script(app.db, sql, &err) != 0)
		fail_msg("%s: %s", sql, err.msg);
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

static int setup(void **state)
{
	(void)state;
	struct mc_err err = {0};
	snprintf(path, sizeof(path), "/tmp/mc-test-store-learning-%d.db", (int)getpid());
	unlink(path);
	mc_test_db_fresh(path, sizeof(path));
	mc_arena_init(&arena, 0);
	if (mc_app_open(&app, path, "http://127.0.0.1:8080", &err) != 0)
		fail_msg("open: %s", err.msg);
	const char *T = "'2026-01-01T00:00:00Z'";
	exec(mc_arena_printf(
	    &arena,
	    "INSERT INTO users (id, email, name, created_at) VALUES ('u1', 'ada@example.org', 'Ada', %s);"
	    "INSERT INTO users (id, email, name, created_at) VALUES ('s1', 'tina@example.edu', 'Tina', %s);"
	    "INSERT INTO issuers (id, slug, name, did, created_at, updated_at) VALUES ('i1', 'uni', "
	    "'Uni', 'did:key:z6Mk', %s, %s);"
	    "INSERT INTO achievements (id, issuer_id, slug, title, state, created_at, updated_at) VALUES "
	    "('a1', 'i1', 'data', 'Data', 'published', %s, %s);"
	    "INSERT INTO requirements (id, achievement_id, position, kind, title, config, created_at) VALUES "
	    "('r2', 'a1', 2, 'attendance', 'Lectures', '{\"sessions\": 2}', %s),"
	    "('r1', 'a1', 1, 'assignment', 'Project', '{}', %s);",
	    T, T, T, T, T, T, T, T));
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

static void requirements_in_order(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc__achievement_ref ach;
	struct mc__req_row *reqs;
	size_t n;
	assert_int_equal(mc__store_achievement_ref(app.db, &arena, "data", &ach, &err), 0);
	assert_string_equal(ach.id, "a1");
	assert_string_equal(ach.state, "published");
	assert_int_equal(mc__store_achievement_ref(app.db, &arena, "nope", &ach, &err), MC_ENOTFOUND);
	assert_int_equal(mc__store_learning_requirements(app.db, &arena, "a1", &reqs, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(reqs[0].id, "r1");
	assert_string_equal(reqs[1].config, "{\"sessions\": 2}");
}

static void enrolments_files_evidence(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_enrolment e = {.id = "e1",
	                         .achievement_id = "a1",
	                         .user_id = "u1",
	                         .state = "active",
	                         .started_at = "2026-01-01T00:00:00Z",
	                         .created_at = "2026-01-01T00:00:00Z"};
	assert_int_equal(mc__store_enrolment_insert(app.db, &e, &err), 0);
	e.id = "e2";
	assert_int_equal(mc__store_enrolment_insert(app.db, &e, &err), MC_EEXIST); /* one live per learner */
	struct mc_enrolment *got;
	assert_int_equal(mc__store_enrolment_live(app.db, &arena, "a1", "u1", &got, &err), 0);
	assert_string_equal(got->id, "e1");
	assert_string_equal(got->email, "ada@example.org");
	assert_string_equal(got->achievement_slug, "data");
	assert_string_equal(got->issuer_id, "i1");

	/* Files: the same digest is stored once. */
	assert_int_equal(
	    mc__store_file_put(app.db, "ab12", "hello", 5, "text/plain", "2026-01-01T00:00:00Z", &err), 0);
	assert_int_equal(
	    mc__store_file_put(app.db, "ab12", "hello", 5, "text/plain", "2026-01-01T00:00:00Z", &err), 0);
	assert_int_equal(count("files"), 1);
	const void *p;
	size_t len;
	const char *mt;
	assert_int_equal(mc__store_file_get(app.db, &arena, "ab12", &p, &len, &mt, &err), 0);
	assert_int_equal(len, 5);
	assert_memory_equal(p, "hello", 5);
	assert_int_equal(mc__store_file_get(app.db, &arena, "ffff", &p, &len, &mt, &err), MC_ENOTFOUND);

	struct mc_evidence ev = {.id = "v1",
	                         .enrolment_id = "e1",
	                         .requirement_id = "r1",
	                         .kind = "file",
	                         .file_sha256 = "ab12",
	                         .file_name = "a.txt",
	                         .state = "submitted",
	                         .submitted_at = "2026-01-01T00:00:00Z"};
	assert_int_equal(mc__store_evidence_insert(app.db, &ev, &err), 0);
	bool changed;
	assert_int_equal(mc__store_evidence_decide(app.db, "v1", "accepted", &changed, &err), 0);
	assert_true(changed);
	assert_int_equal(mc__store_evidence_decide(app.db, "v1", "rejected", &changed, &err), 0);
	assert_false(changed); /* decided once */
	struct mc__review_row r = {.id = "w1",
	                           .evidence_id = "v1",
	                           .reviewer_id = "s1",
	                           .decision = "accept",
	                           .has_score = true,
	                           .score = 78.5,
	                           .feedback = "{}",
	                           .created_at = "2026-01-01T00:00:01Z"};
	assert_int_equal(mc__store_review_insert(app.db, &r, &err), 0);
	struct mc_evidence *e2;
	assert_int_equal(mc__store_evidence_get(app.db, &arena, "v1", &e2, &err), 0);
	assert_string_equal(e2->state, "accepted");
	assert_string_equal(e2->file_media_type, "text/plain");
	assert_int_equal(e2->file_size, 5);
	assert_string_equal(e2->reviewer_email, "tina@example.edu");
	assert_true(e2->has_score);
	assert_true(e2->score == 78.5);
	assert_string_equal(e2->requirement_title, "Project");

	/* Attendance: a replayed session inserts nothing. */
	bool inserted;
	assert_int_equal(mc__store_attendance_insert(app.db, "t1", "e1", "r2", "L1", "s1",
	                                             "2026-01-01T00:00:00Z", &inserted, &err),
	                 0);
	assert_true(inserted);
	assert_int_equal(mc__store_attendance_insert(app.db, "t2", "e1", "r2", "L1", "s1",
	                                             "2026-01-01T00:00:00Z", &inserted, &err),
	                 0);
	assert_false(inserted);
	char *id;
	assert_int_equal(mc__store_attendance_find(app.db, &arena, "e1", "r2", "L1", &id, &err), 0);
	assert_string_equal(id, "t1");
	struct mc__count_row *counts;
	size_t n;
	assert_int_equal(mc__store_attendance_counts(app.db, &arena, "e1", &counts, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(counts[0].count, 1);

	/* Results: scores round-trip exactly; attempts are unique. */
	struct mc__result_row res = {.id = "x1",
	                             .enrolment_id = "e1",
	                             .requirement_id = "r1",
	                             .attempt = 1,
	                             .has_score = true,
	                             .score = 0.1,
	                             .recorded_by = "s1",
	                             .created_at = "2026-01-01T00:00:00Z"};
	assert_int_equal(mc__store_result_insert(app.db, &res, &err), 0);
	res.id = "x2";
	assert_int_equal(mc__store_result_insert(app.db, &res, &err), MC_EEXIST);
	struct mc__result_row *rows;
	assert_int_equal(mc__store_result_list(app.db, &arena, "e1", &rows, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_true(rows[0].score == 0.1);
	assert_false(rows[0].passed);

	assert_int_equal(mc__store_enrolment_complete(app.db, "e1", "2026-01-02T00:00:00Z", &changed, &err),
	                 0);
	assert_true(changed);
	assert_int_equal(mc__store_enrolment_complete(app.db, "e1", "2026-01-03T00:00:00Z", &changed, &err),
	                 0);
	assert_false(changed);
	assert_int_equal(mc__store_enrolment_withdraw(app.db, "e1", "2026-01-03T00:00:00Z", &changed, &err),
	                 0);
	assert_false(changed);
	assert_int_equal(mc__store_enrolment_get(app.db, &arena, "e1", &got, &err), 0);
	assert_string_equal(got->completed_at, "2026-01-02T00:00:00Z");
	char *cred;
	assert_int_equal(mc__store_credential_by_key(app.db, &arena, "enrolment:e1", &cred, &err), 0);
	assert_null(cred);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(requirements_in_order),
	    cmocka_unit_test(enrolments_files_evidence),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
