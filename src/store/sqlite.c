/* The SQLite backend of the database driver (db_internal.h): WAL journal,
 * synchronous=NORMAL, foreign keys on, extension loading off, a busy timeout so
 * that concurrent writers (several processes) queue instead of failing. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/buf.h"
#include "store/db_internal.h"

#define BUSY_TIMEOUT_MS 10000

static sqlite3 *handle(struct mc_db *db)
{
	return db->impl;
}

static int fail(struct mc_db *db, int src, struct mc_err *err, const char *what)
{
	sqlite3 *h = handle(db);
	int ext = sqlite3_extended_errcode(h);
	const char *msg = sqlite3_errmsg(h);
	if ((ext & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_LOCKED) {
		db->retryable = true;
		return mc_err_set(err, MC_ESTATE, "the database is busy (another process holds the write lock); retry");
	}
	if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
		return mc_err_set(err, MC_EEXIST, "already exists (%s)", msg);
	if ((ext & 0xff) == SQLITE_CONSTRAINT)
		return mc_err_set(err, MC_EINVAL, "refused by the database (%s)", msg);
	(void)src;
	return mc_err_set(err, MC_EIO, "database error while %s: %s", what, msg);
}

static int sq_open(struct mc_db *db, const char *path, struct mc_err *err)
{
	sqlite3 *h = NULL;
	int rc = sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		mc_err_set(err, MC_EIO, "cannot open the database %s: %s", path, h ? sqlite3_errmsg(h) : sqlite3_errstr(rc));
		sqlite3_close(h);
		return MC_EIO;
	}
	db->impl = h;
	sqlite3_extended_result_codes(h, 1);
	sqlite3_busy_timeout(h, BUSY_TIMEOUT_MS);
	sqlite3_db_config(h, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	char *msg = NULL;
	rc = sqlite3_exec(h,
			  "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
			  "PRAGMA trusted_schema=OFF;",
			  NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		mc_err_set(err, MC_EIO, "cannot set up the database %s: %s", path, msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		sqlite3_close(h);
		db->impl = NULL;
		return MC_EIO;
	}
	return 0;
}

static void sq_close(struct mc_db *db)
{
	sqlite3_close(handle(db));
	db->impl = NULL;
}

static int sq_exec(struct mc_db *db, const char *sql, struct mc_err *err)
{
	int rc = sqlite3_exec(handle(db), sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : fail(db, rc, err, "running SQL");
}

static int sq_begin(struct mc_db *db, enum mc_tx mode, struct mc_err *err)
{
	/* IMMEDIATE takes the write lock now, so a read-then-write transaction cannot
	 * deadlock against another writer half-way through. */
	return sq_exec(db, mode == MC_TX_READ ? "BEGIN" : "BEGIN IMMEDIATE", err);
}

/* $1 .. $N become ?1 .. ?N, outside quoted strings and identifiers. */
static char *rewrite_params(const char *sql)
{
	size_t n = strlen(sql);
	char *out = mc_xmalloc(n + 1);
	char quote = 0;
	for (size_t i = 0; i <= n; i++) {
		char c = sql[i];
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '\'' || c == '"') {
			quote = c;
		} else if (c == '$' && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
			c = '?';
		}
		out[i] = c;
	}
	return out;
}

static int sq_prepare(struct mc_db *db, const char *sql, void **impl, struct mc_err *err)
{
	char *text = rewrite_params(sql);
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(handle(db), text, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	free(text);
	if (rc != SQLITE_OK)
		return fail(db, rc, err, "preparing a statement");
	*impl = st;
	return 0;
}

static void sq_finalize(void *impl)
{
	sqlite3_finalize(impl);
}

static void sq_reset(void *impl)
{
	sqlite3_reset(impl);
	sqlite3_clear_bindings(impl);
}

static int bind_rc(int rc)
{
	return rc == SQLITE_OK ? 0 : rc == SQLITE_TOOBIG ? MC_ELIMIT : MC_EINVAL;
}

static int sq_bind_text(void *impl, int i, const char *s, size_t n)
{
	return bind_rc(sqlite3_bind_text64(impl, i, s, n, SQLITE_TRANSIENT, SQLITE_UTF8));
}

static int sq_bind_int(void *impl, int i, int64_t v)
{
	return bind_rc(sqlite3_bind_int64(impl, i, v));
}

static int sq_bind_blob(void *impl, int i, const void *p, size_t n)
{
	return bind_rc(sqlite3_bind_blob64(impl, i, n ? p : "", n, SQLITE_TRANSIENT));
}

static int sq_bind_null(void *impl, int i)
{
	return bind_rc(sqlite3_bind_null(impl, i));
}

static int sq_step(struct mc_db *db, void *impl, struct mc_err *err)
{
	int rc = sqlite3_step(impl);
	if (rc == SQLITE_ROW)
		return MC_DB_ROW;
	if (rc == SQLITE_DONE) {
		sqlite3_reset(impl);
		return MC_DB_DONE;
	}
	int r = fail(db, rc, err, "running a statement");
	sqlite3_reset(impl);
	return r;
}

static bool sq_col_null(void *impl, int i)
{
	return sqlite3_column_type(impl, i) == SQLITE_NULL;
}

static const char *sq_col_text(void *impl, int i)
{
	return (const char *)sqlite3_column_text(impl, i);
}

static size_t sq_col_len(void *impl, int i)
{
	return (size_t)sqlite3_column_bytes(impl, i);
}

static int64_t sq_col_int(void *impl, int i)
{
	return sqlite3_column_int64(impl, i);
}

static const void *sq_col_blob(void *impl, int i, size_t *n)
{
	const void *p = sqlite3_column_blob(impl, i);
	*n = (size_t)sqlite3_column_bytes(impl, i);
	return p;
}

static int64_t sq_changes(struct mc_db *db)
{
	return sqlite3_changes64(handle(db));
}

const struct mc__db_ops mc__sqlite_ops = {
	.name = "sqlite",
	.autoinc_pk = "INTEGER PRIMARY KEY AUTOINCREMENT",
	.blob = "BLOB",
	.now = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
	.open = sq_open,
	.close = sq_close,
	.exec = sq_exec,
	.begin = sq_begin,
	.prepare = sq_prepare,
	.finalize = sq_finalize,
	.reset = sq_reset,
	.bind_text = sq_bind_text,
	.bind_int = sq_bind_int,
	.bind_blob = sq_bind_blob,
	.bind_null = sq_bind_null,
	.step = sq_step,
	.col_null = sq_col_null,
	.col_text = sq_col_text,
	.col_len = sq_col_len,
	.col_int = sq_col_int,
	.col_blob = sq_col_blob,
	.changes = sq_changes,
};
