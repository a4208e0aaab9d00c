/* The database driver on a real SQLite file: migrations, parameters, transactions,
 * constraint errors, the statement cache. */
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

static char path[256];

static int setup(void **state)
{
	snprintf(path, sizeof(path), "/tmp/mc-test-db-%d.db", (int)getpid());
	unlink(path);
	mc_test_db_fresh(path, sizeof(path));
	return 0;
}

static int teardown(void **state)
{
	char p[300];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	return 0;
}

static void migrations_applied_once(void **state)
{
	struct mc_db *db;
	struct mc_err err = {0};
	int v = 0;
	assert_int_equal(mc_db_open(path, &db, &err), 0);
	assert_string_equal(mc_db_backend(db), mc_test_db_backend());
	assert_int_equal(mc_db_schema_version(db, &v, &err), 0);
	assert_true(v >= 1);
	mc_db_close(db);
	/* Re-opening applies nothing again (the counters row would clash). */
	assert_int_equal(mc_db_open(path, &db, &err), 0);
	struct mc_db_stmt *st;
	assert_int_equal(mc_db_prepare(db, "SELECT COUNT(*) FROM counters WHERE name = 'credential'", &st, &err), 0);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	assert_int_equal(mc_db_col_int(st, 0), 1);
	mc_db_reset(st);
	mc_db_close(db);
}

static void params_and_constraints(void **state)
{
	struct mc_db *db;
	struct mc_err err = {0};
	struct mc_db_stmt *st;
	assert_int_equal(mc_db_open(path, &db, &err), 0);
	static const char ins[] = "INSERT INTO settings (key, value) VALUES ($2, $1)";
	assert_int_equal(mc_db_prepare(db, ins, &st, &err), 0);
	mc_db_bind_text(st, 1, "a value with '$1' inside");
	mc_db_bind_text(st, 2, "k1");
	assert_int_equal(mc_db_run(st, &err), 0);
	assert_int_equal(mc_db_changes(db), 1);
	/* the same key again: a unique violation is MC_EEXIST */
	assert_int_equal(mc_db_prepare(db, ins, &st, &err), 0);
	mc_db_bind_text(st, 1, "other");
	mc_db_bind_text(st, 2, "k1");
	assert_int_equal(mc_db_run(st, &err), MC_EEXIST);
	assert_non_null(strstr(err.msg, "already exists"));
	/* a literal '$1' in SQL text is not a parameter */
	assert_int_equal(mc_db_prepare(db, "SELECT value, '$1' FROM settings WHERE key = $1", &st, &err), 0);
	mc_db_bind_text(st, 1, "k1");
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	assert_string_equal(mc_db_col_text(st, 0), "a value with '$1' inside");
	assert_string_equal(mc_db_col_text(st, 1), "$1");
	assert_int_equal(mc_db_step(st, &err), MC_DB_DONE);
	/* a CHECK constraint is invalid input */
	assert_int_equal(mc_db_prepare(db,
				       "INSERT INTO users (id, email, name, created_at) VALUES ('u1', 'a@example.com', 'A', "
				       "'2025-01-01T00:00:00Z')",
				       &st, &err),
			 0);
	assert_int_equal(mc_db_run(st, &err), 0);
	assert_int_equal(mc_db_prepare(db,
				       "INSERT INTO issuers (id, slug, name, did, created_at, updated_at) VALUES ('i1', 'i', "
				       "'I', 'did:key:x', 'now', 'now')",
				       &st, &err),
			 0);
	assert_int_equal(mc_db_run(st, &err), 0);
	assert_int_equal(mc_db_prepare(db,
				       "INSERT INTO staff (issuer_id, user_id, role, created_at) VALUES ('i1', 'u1', "
				       "'janitor', 'now')",
				       &st, &err),
			 0);
	assert_int_equal(mc_db_run(st, &err), MC_EINVAL);
	/* a foreign key violation too */
	assert_int_equal(mc_db_prepare(db,
				       "INSERT INTO staff (issuer_id, user_id, role, created_at) VALUES ('nope', 'u1', "
				       "'owner', 'now')",
				       &st, &err),
			 0);
	assert_int_equal(mc_db_run(st, &err), MC_EINVAL);
	mc_db_close(db);
}

static void transactions(void **state)
{
	struct mc_db *db;
	struct mc_err err = {0};
	struct mc_db_stmt *st;
	assert_int_equal(mc_db_open(path, &db, &err), 0);
	assert_int_equal(mc_db_begin(db, MC_TX_WRITE, &err), 0);
	assert_int_equal(mc_db_begin(db, MC_TX_WRITE, &err), MC_ESTATE);
	assert_int_equal(mc_db_prepare(db, "INSERT INTO settings (key, value) VALUES ($1, $2)", &st, &err), 0);
	mc_db_bind_text(st, 1, "rolled");
	mc_db_bind_text(st, 2, "back");
	assert_int_equal(mc_db_run(st, &err), 0);
	mc_db_rollback(db);
	assert_int_equal(mc_db_prepare(db, "SELECT COUNT(*) FROM settings WHERE key = $1", &st, &err), 0);
	mc_db_bind_text(st, 1, "rolled");
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	assert_int_equal(mc_db_col_int(st, 0), 0);
	mc_db_reset(st);
	/* gap-free counter inside a transaction */
	for (int i = 1; i <= 3; i++) {
		assert_int_equal(mc_db_begin(db, MC_TX_WRITE, &err), 0);
		assert_int_equal(mc_db_prepare(db,
					       "UPDATE counters SET value = value + 1 WHERE name = 'credential' RETURNING value",
					       &st, &err),
				 0);
		assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
		int64_t v = mc_db_col_int(st, 0);
		mc_db_reset(st);
		if (i == 2) {
			mc_db_rollback(db); /* gives the number back */
			continue;
		}
		assert_int_equal(v, i == 1 ? 1 : 2);
		assert_int_equal(mc_db_commit(db, &err), 0);
	}
	assert_int_equal(mc_db_commit(db, &err), MC_ESTATE);
	mc_db_close(db);
}

static void bad_urls(void **state)
{
	struct mc_db *db;
	struct mc_err err = {0};
	assert_int_equal(mc_db_open("", &db, &err), MC_EINVAL);
	assert_int_equal(mc_db_open("/nonexistent-dir/x/y.db", &db, &err), MC_EIO);
	assert_non_null(strstr(err.msg, "/nonexistent-dir/x/y.db"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(migrations_applied_once, setup, teardown),
		cmocka_unit_test_setup_teardown(params_and_constraints, setup, teardown),
		cmocka_unit_test_setup_teardown(transactions, setup, teardown),
		cmocka_unit_test(bad_urls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
