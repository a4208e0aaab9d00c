/* What the domain stores rely on from either backend (SQLite here, PostgreSQL in
 * pg/unit/store/backend): blobs round-trip byte for byte (NUL and 0xff included),
 * a failing statement inside a transaction fails alone and the transaction goes
 * on, unique violations are MC_EEXIST naming the constraint, changes() counts
 * ON CONFLICT DO NOTHING as 0, booleans read as 1/0, NULL parameters, a write
 * conflict between two connections is retryable (PostgreSQL SERIALIZABLE), and a
 * database URL's password never appears in an error message. */
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

#include "microcred/db.h"

#include "support/testdb.h"

static char path[512];

static int setup(void **state)
{
	static int n;
	snprintf(path, sizeof(path), "/tmp/mc-test-backend-%d-%d.db", (int)getpid(), n++);
	unlink(path);
	mc_test_db_fresh(path, sizeof(path));
	return 0;
}

static int teardown(void **state)
{
	char p[600];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	return 0;
}

static struct mc_db *open_db(void)
{
	struct mc_db *db;
	struct mc_err err = {0};
	if (mc_db_open(path, &db, &err))
		fail_msg("open %s: %s", path, err.msg);
	assert_string_equal(mc_db_backend(db), mc_test_db_backend());
	return db;
}

static void blobs_round_trip(void **state)
{
	struct mc_db *db = open_db();
	struct mc_err err = {0};
	struct mc_db_stmt *st;
	unsigned char bytes[300];
	for (size_t i = 0; i < sizeof(bytes); i++)
		bytes[i] = (unsigned char)(255 - i % 256);
	bytes[7] = 0;
	assert_int_equal(mc_db_prepare(db,
	                               "INSERT INTO files (sha256, size, media_type, content, created_at) "
	                               "VALUES ($1, $2, $3, $4, $5)",
	                               &st, &err),
	                 0);
	mc_db_bind_text(st, 1, "f1");
	mc_db_bind_int(st, 2, (int64_t)sizeof(bytes));
	mc_db_bind_text(st, 3, "application/octet-stream");
	mc_db_bind_blob(st, 4, bytes, sizeof(bytes));
	mc_db_bind_text(st, 5, "2025-01-01T00:00:00Z");
	assert_int_equal(mc_db_run(st, &err), 0);
	/* and an empty blob */
	assert_int_equal(mc_db_prepare(db,
	                               "INSERT INTO files (sha256, size, media_type, content, created_at) "
	                               "VALUES ($1, $2, $3, $4, $5)",
	                               &st, &err),
	                 0);
	mc_db_bind_text(st, 1, "f0");
	mc_db_bind_int(st, 2, 0);
	mc_db_bind_text(st, 3, "text/plain");
	mc_db_bind_blob(st, 4, "", 0);
	mc_db_bind_text(st, 5, "2025-01-01T00:00:00Z");
	assert_int_equal(mc_db_run(st, &err), 0);

	assert_int_equal(mc_db_prepare(db, "SELECT content, size FROM files WHERE sha256 = $1", &st, &err),
	                 0);
	mc_db_bind_text(st, 1, "f1");
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	size_t n = 0;
	const unsigned char *p = mc_db_col_blob(st, 0, &n);
	assert_int_equal(n, sizeof(bytes));
	assert_memory_equal(p, bytes, sizeof(bytes));
	assert_int_equal(mc_db_col_len(st, 0), sizeof(bytes));
	assert_int_equal(mc_db_col_int(st, 1), 300);
	assert_int_equal(mc_db_step(st, &err), MC_DB_DONE);
	assert_int_equal(mc_db_prepare(db, "SELECT content, size FROM files WHERE sha256 = $1", &st, &err),
	                 0);
	mc_db_bind_text(st, 1, "f0");
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	assert_false(mc_db_col_null(st, 0));
	mc_db_col_blob(st, 0, &n);
	assert_int_equal(n, 0);
	mc_db_reset(st);
	mc_db_close(db);
}

static void failed_statement_keeps_transaction(void **state)
{
	struct mc_db *db = open_db();
	struct mc_err err = {0};
	struct mc_db_stmt *st;
	static const char ins[] = "INSERT INTO settings (key, value) VALUES ($1, $2)";
	assert_int_equal(mc_db_begin(db, MC_TX_WRITE, &err), 0);
	assert_int_equal(mc_db_prepare(db, ins, &st, &err), 0);
	mc_db_bind_text(st, 1, "k");
	mc_db_bind_text(st, 2, "first");
	assert_int_equal(mc_db_run(st, &err), 0);
	assert_int_equal(mc_db_prepare(db, ins, &st, &err), 0);
	mc_db_bind_text(st, 1, "k");
	mc_db_bind_text(st, 2, "second");
	assert_int_equal(mc_db_run(st, &err), MC_EEXIST);
	assert_non_null(strstr(err.msg, "already exists"));
	assert_false(mc_db_retryable(db));
	/* the transaction goes on: the first row is there, more can be written */
	assert_int_equal(mc_db_prepare(db, ins, &st, &err), 0);
	mc_db_bind_text(st, 1, "k2");
	mc_db_bind_text(st, 2, "third");
	assert_int_equal(mc_db_run(st, &err), 0);
	assert_int_equal(mc_db_commit(db, &err), 0);
	assert_int_equal(
	    mc_db_prepare(db, "SELECT value FROM settings WHERE key IN ('k', 'k2') ORDER BY key", &st, &err),
	    0);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	assert_string_equal(mc_db_col_text(st, 0), "first");
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	assert_string_equal(mc_db_col_text(st, 0), "third");
	assert_int_equal(mc_db_step(st, &err), MC_DB_DONE);
	mc_db_close(db);
}

static void changes_nulls_booleans(void **state)
{
	struct mc_db *db = open_db();
	struct mc_err err = {0};
	struct mc_db_stmt *st;
	static const char ins[] =
	    "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING";
	for (int i = 0; i < 2; i++) {
		assert_int_equal(mc_db_prepare(db, ins, &st, &err), 0);
		mc_db_bind_text(st, 1, "once");
		mc_db_bind_text(st, 2, "v");
		assert_int_equal(mc_db_run(st, &err), 0);
		assert_int_equal(mc_db_changes(db), i == 0 ? 1 : 0);
	}
	assert_int_equal(
	    mc_db_prepare(db, "UPDATE counters SET value = value WHERE name IN ('credential', 'tlog')", &st,
	                  &err),
	    0);
	assert_int_equal(mc_db_run(st, &err), 0);
	assert_int_equal(mc_db_changes(db), 2);
	/* a NULL parameter, an integer compared as text, a comparison read as 1/0 */
	assert_int_equal(
	    mc_db_prepare(db, "SELECT COUNT(*) > 0, CAST($1 AS TEXT) IS NULL FROM settings WHERE key = $2",
	                  &st, &err),
	    0);
	mc_db_bind_null(st, 1);
	mc_db_bind_text(st, 2, "once");
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	assert_int_equal(mc_db_col_int(st, 0), 1);
	assert_int_equal(mc_db_col_int(st, 1), 1);
	mc_db_reset(st);
	/* a value with a quote and a $1 inside is data */
	assert_int_equal(mc_db_prepare(db, ins, &st, &err), 0);
	mc_db_bind_text(st, 1, "q");
	mc_db_bind_text(st, 2, "it's $1 \"quoted\"");
	assert_int_equal(mc_db_run(st, &err), 0);
	assert_int_equal(mc_db_prepare(db, "SELECT value FROM settings WHERE key = $1", &st, &err), 0);
	mc_db_bind_text(st, 1, "q");
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	assert_string_equal(mc_db_col_text(st, 0), "it's $1 \"quoted\"");
	mc_db_reset(st);
	mc_db_close(db);
}

static int64_t read_counter(struct mc_db *db, struct mc_err *err)
{
	struct mc_db_stmt *st;
	if (mc_db_prepare(db, "SELECT value FROM counters WHERE name = 'credential'", &st, err) ||
	    mc_db_step(st, err) != MC_DB_ROW)
		fail_msg("read counter: %s", err->msg);
	int64_t v = mc_db_col_int(st, 0);
	mc_db_reset(st);
	return v;
}

/* Two connections: the second's write to a row the first changed under SERIALIZABLE
 * is a conflict worth retrying (PostgreSQL); on SQLite the second waits for the
 * write lock instead, so the check there is that nothing is lost. */
static void write_conflict_is_retryable(void **state)
{
	struct mc_db *a = open_db(), *b = open_db();
	struct mc_err err = {0};
	struct mc_db_stmt *st;
	static const char bump[] =
	    "UPDATE counters SET value = value + 1 WHERE name = 'credential' RETURNING value";
	if (strcmp(mc_test_db_backend(), "postgres") != 0) {
		for (int i = 0; i < 3; i++) {
			struct mc_db *c = i % 2 ? a : b;
			assert_int_equal(mc_db_begin(c, MC_TX_SERIAL, &err), 0);
			assert_int_equal(mc_db_prepare(c, bump, &st, &err), 0);
			assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
			mc_db_reset(st);
			assert_int_equal(mc_db_commit(c, &err), 0);
		}
		assert_int_equal(read_counter(a, &err), 3);
		mc_db_close(a);
		mc_db_close(b);
		return;
	}
	assert_int_equal(mc_db_begin(a, MC_TX_SERIAL, &err), 0);
	assert_int_equal(mc_db_begin(b, MC_TX_SERIAL, &err), 0);
	assert_int_equal(read_counter(b, &err), 0); /* b's snapshot starts here */
	assert_int_equal(mc_db_prepare(a, bump, &st, &err), 0);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	mc_db_reset(st);
	assert_int_equal(mc_db_commit(a, &err), 0);
	assert_int_equal(mc_db_prepare(b, bump, &st, &err), 0);
	assert_int_equal(mc_db_step(st, &err), MC_ESTATE);
	assert_true(mc_db_retryable(b));
	assert_non_null(strstr(err.msg, "retry"));
	mc_db_rollback(b);
	/* the retry succeeds and sees a's number */
	assert_int_equal(mc_db_begin(b, MC_TX_SERIAL, &err), 0);
	assert_false(mc_db_retryable(b));
	assert_int_equal(mc_db_prepare(b, bump, &st, &err), 0);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	assert_int_equal(mc_db_col_int(st, 0), 2);
	mc_db_reset(st);
	assert_int_equal(mc_db_commit(b, &err), 0);
	mc_db_close(a);
	mc_db_close(b);
}

static void bad_postgres_url(void **state)
{
	struct mc_db *db;
	struct mc_err err = {0};
	/* nothing listens on port 1 */
	int rc = mc_db_open("postgresql://alice:s3cret-pw@127.0.0.1:1/x?connect_timeout=2", &db, &err);
	assert_int_equal(rc, MC_EIO);
	assert_non_null(strstr(err.msg, "cannot connect to the PostgreSQL database"));
	assert_non_null(strstr(err.msg, "alice:***@127.0.0.1:1"));
	assert_null(strstr(err.msg, "s3cret-pw"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(blobs_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(failed_statement_keeps_transaction, setup, teardown),
	    cmocka_unit_test_setup_teardown(changes_nulls_booleans, setup, teardown),
	    cmocka_unit_test_setup_teardown(write_conflict_is_retryable, setup, teardown),
	    cmocka_unit_test(bad_postgres_url),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
