/* The database driver's common part: see include/microcred/db.h. Backends live in
 * sqlite.c and postgres.c; this file picks one from the URL, caches prepared
 * statements, and applies migrations. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/buf.h"
#include "microcred/time.h"
#include "store/db_internal.h"

static void reset_all(struct mc_db *db);

const char *mc_db_default_url(void)
{
	const char *env = getenv("MICROCRED_DB");
	return env && *env ? env : "./microcred.db";
}

static const struct mc__db_ops *pick_backend(const char *url, const char **target, struct mc_err *err)
{
	if (strncmp(url, "postgres://", 11) == 0 || strncmp(url, "postgresql://", 13) == 0) {
		*target = url; /* libpq parses the URL itself */
		return &mc__postgres_ops;
	}
	if (strncmp(url, "sqlite:", 7) == 0)
		url += 7;
	if (!*url) {
		mc_err_set(err, MC_EINVAL, "empty database path; give a file such as ./microcred.db");
		return NULL;
	}
	*target = url;
	return &mc__sqlite_ops;
}

/* Expands the portable macros of migration files for one backend. */
static char *expand_macros(const struct mc__db_ops *ops, const char *sql)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	const char *p = sql;
	while (*p) {
		const char *m = strstr(p, "{{");
		if (!m) {
			mc_buf_puts(&b, p);
			break;
		}
		mc_buf_append(&b, p, (size_t)(m - p));
		const char *e = strstr(m, "}}");
		if (!e) {
			mc_buf_puts(&b, m);
			break;
		}
		size_t n = (size_t)(e - m - 2);
		const char *rep = NULL;
		if (n == 10 && memcmp(m + 2, "AUTOINC_PK", 10) == 0)
			rep = ops->autoinc_pk;
		else if (n == 4 && memcmp(m + 2, "BLOB", 4) == 0)
			rep = ops->blob;
		else if (n == 3 && memcmp(m + 2, "NOW", 3) == 0)
			rep = ops->now;
		if (rep)
			mc_buf_puts(&b, rep);
		else
			mc_buf_append(&b, m, (size_t)(e + 2 - m));
		p = e + 2;
	}
	return mc_buf_detach(&b, NULL);
}

static int migrate_locked(struct mc_db *db, struct mc_err *err);

static int migrate(struct mc_db *db, struct mc_err *err)
{
	if (!db->ops->migration_lock)
		return migrate_locked(db, err);
	int rc = db->ops->migration_lock(db, true, err);
	if (rc)
		return rc;
	rc = migrate_locked(db, err);
	db->ops->migration_lock(db, false, NULL);
	return rc;
}

static int migrate_locked(struct mc_db *db, struct mc_err *err)
{
	int rc = db->ops->exec(db,
			       "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT "
			       "NULL, applied_at TEXT NOT NULL)",
			       err);
	if (rc)
		return rc;
	for (const struct mc__migration *m = mc__migrations; m->number; m++) {
		struct mc_db_stmt *st;
		if ((rc = mc_db_begin(db, MC_TX_WRITE, err)))
			return rc;
		if ((rc = mc_db_prepare(db, "SELECT 1 FROM schema_migrations WHERE version = $1", &st, err)))
			goto fail;
		mc_db_bind_int(st, 1, m->number);
		rc = mc_db_step(st, err);
		if (rc < 0)
			goto fail;
		if (rc == MC_DB_ROW) {
			mc_db_rollback(db);
			continue;
		}
		char *sql = expand_macros(db->ops, m->sql);
		rc = db->ops->exec(db, sql, err);
		free(sql);
		if (rc) {
			mc_err_prefix(err, "migration %s", m->name);
			goto fail;
		}
		char now[40];
		struct mc_buf nb;
		struct mc_time t = mc_time_now();
		mc_buf_init(&nb, sizeof(now) - 1);
		mc_time_format(&nb, &t);
		snprintf(now, sizeof(now), "%s", nb.ptr);
		mc_buf_release(&nb);
		if ((rc = mc_db_prepare(db, "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
					&st, err)))
			goto fail;
		mc_db_bind_int(st, 1, m->number);
		mc_db_bind_text(st, 2, m->name);
		mc_db_bind_text(st, 3, now);
		if ((rc = mc_db_run(st, err)) || (rc = mc_db_commit(db, err)))
			goto fail;
	}
	return 0;
fail:
	mc_db_rollback(db);
	return rc;
}

int mc_db_open(const char *url, struct mc_db **out, struct mc_err *err)
{
	const char *target = NULL;
	*out = NULL;
	if (!url)
		url = mc_db_default_url();
	const struct mc__db_ops *ops = pick_backend(url, &target, err);
	if (!ops)
		return err ? err->code : MC_EINVAL;
	struct mc_db *db = mc_xcalloc(1, sizeof(*db));
	db->ops = ops;
	int rc = ops->open(db, target, err);
	if (rc) {
		free(db);
		return rc;
	}
	if ((rc = migrate(db, err))) {
		mc_db_close(db);
		return rc;
	}
	*out = db;
	return 0;
}

void mc_db_close(struct mc_db *db)
{
	if (!db)
		return;
	if (db->in_tx)
		mc_db_rollback(db);
	for (size_t i = 0; i < MC__DB_CACHE_BUCKETS; i++) {
		struct mc_db_stmt *st = db->cache[i];
		while (st) {
			struct mc_db_stmt *next = st->next;
			db->ops->finalize(st->impl);
			free(st);
			st = next;
		}
	}
	db->ops->close(db);
	free(db);
}

const char *mc_db_backend(const struct mc_db *db)
{
	return db->ops->name;
}

int mc_db_schema_version(struct mc_db *db, int *version, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", &st, err);
	if (rc)
		return rc;
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	*version = (int)mc_db_col_int(st, 0);
	return 0;
}

int mc_db_begin(struct mc_db *db, enum mc_tx mode, struct mc_err *err)
{
	if (db->in_tx)
		return mc_err_set(err, MC_ESTATE, "a transaction is already open on this connection");
	db->retryable = false;
	reset_all(db); /* no statement may hold an older snapshot into the transaction */
	int rc = db->ops->begin(db, mode, err);
	if (!rc)
		db->in_tx = true;
	return rc;
}

int mc_db_commit(struct mc_db *db, struct mc_err *err)
{
	if (!db->in_tx)
		return mc_err_set(err, MC_ESTATE, "commit without a transaction");
	reset_all(db);
	int rc = db->ops->exec(db, "COMMIT", err);
	if (rc) {
		mc_db_rollback(db);
		return rc;
	}
	db->in_tx = false;
	return 0;
}

void mc_db_rollback(struct mc_db *db)
{
	if (!db->in_tx)
		return;
	/* Statements still stepping would keep SQLite's read lock: reset them all. */
	reset_all(db);
	db->ops->exec(db, "ROLLBACK", NULL);
	db->in_tx = false;
}

bool mc_db_in_tx(const struct mc_db *db)
{
	return db->in_tx;
}

bool mc_db_retryable(const struct mc_db *db)
{
	return db->retryable;
}

int mc_db_prepare(struct mc_db *db, const char *sql, struct mc_db_stmt **out, struct mc_err *err)
{
	size_t h = ((uintptr_t)sql >> 4) % MC__DB_CACHE_BUCKETS;
	for (struct mc_db_stmt *st = db->cache[h]; st; st = st->next) {
		if (st->key == sql) {
			db->ops->reset(st->impl);
			*out = st;
			return 0;
		}
	}
	void *impl;
	int rc = db->ops->prepare(db, sql, &impl, err);
	if (rc)
		return rc;
	struct mc_db_stmt *st = mc_xcalloc(1, sizeof(*st));
	st->db = db;
	st->key = sql;
	st->impl = impl;
	st->next = db->cache[h];
	db->cache[h] = st;
	*out = st;
	return 0;
}

int mc_db_bind_text(struct mc_db_stmt *st, int i, const char *s)
{
	return s ? st->db->ops->bind_text(st->impl, i, s, strlen(s)) : st->db->ops->bind_null(st->impl, i);
}

int mc_db_bind_textn(struct mc_db_stmt *st, int i, const char *s, size_t n)
{
	return s ? st->db->ops->bind_text(st->impl, i, s, n) : st->db->ops->bind_null(st->impl, i);
}

int mc_db_bind_int(struct mc_db_stmt *st, int i, int64_t v)
{
	return st->db->ops->bind_int(st->impl, i, v);
}

int mc_db_bind_blob(struct mc_db_stmt *st, int i, const void *p, size_t n)
{
	return st->db->ops->bind_blob(st->impl, i, p, n);
}

int mc_db_bind_null(struct mc_db_stmt *st, int i)
{
	return st->db->ops->bind_null(st->impl, i);
}

int mc_db_step(struct mc_db_stmt *st, struct mc_err *err)
{
	return st->db->ops->step(st->db, st->impl, err);
}

void mc_db_reset(struct mc_db_stmt *st)
{
	st->db->ops->reset(st->impl);
}

static void reset_all(struct mc_db *db)
{
	for (size_t i = 0; i < MC__DB_CACHE_BUCKETS; i++)
		for (struct mc_db_stmt *st = db->cache[i]; st; st = st->next)
			db->ops->reset(st->impl);
}

int mc_db_run(struct mc_db_stmt *st, struct mc_err *err)
{
	int rc;
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW)
		;
	return rc;
}

int64_t mc_db_changes(struct mc_db *db)
{
	return db->ops->changes(db);
}

bool mc_db_col_null(struct mc_db_stmt *st, int i)
{
	return st->db->ops->col_null(st->impl, i);
}

const char *mc_db_col_text(struct mc_db_stmt *st, int i)
{
	return st->db->ops->col_text(st->impl, i);
}

size_t mc_db_col_len(struct mc_db_stmt *st, int i)
{
	return st->db->ops->col_len(st->impl, i);
}

int64_t mc_db_col_int(struct mc_db_stmt *st, int i)
{
	return st->db->ops->col_int(st->impl, i);
}

const void *mc_db_col_blob(struct mc_db_stmt *st, int i, size_t *n)
{
	return st->db->ops->col_blob(st->impl, i, n);
}

char *mc_db_col_dup(struct mc_db_stmt *st, int i, struct mc_arena *a)
{
	const char *s = mc_db_col_text(st, i);
	return s ? mc_arena_strndup(a, s, mc_db_col_len(st, i)) : NULL;
}

int mc_db_exec_script(struct mc_db *db, const char *sql, struct mc_err *err)
{
	char *expanded = expand_macros(db->ops, sql);
	int rc = db->ops->exec(db, expanded, err);
	free(expanded);
	return rc;
}
