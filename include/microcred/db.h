/* The database driver under store/: one small interface, two backends (SQLite now,
 * PostgreSQL later), so the SQL of the domain stores (src/store/<area>.c) is written
 * once.
 *
 * SQL conventions (portable between SQLite and PostgreSQL):
 *   - parameters are written $1, $2, ... (the SQLite driver rewrites them to ?1, ?2);
 *   - ids are TEXT (UUID v7, or URLs), counters and flags BIGINT, times TEXT in
 *     RFC 3339 UTC with 'Z' (they sort as strings), JSON documents TEXT;
 *   - migration files may use the macros {{AUTOINC_PK}} (a 64-bit auto-increment
 *     primary key column type), {{BLOB}} (bytes) and {{NOW}} (current UTC time as
 *     RFC 3339 text), which each backend expands;
 *   - "INSERT ... ON CONFLICT DO NOTHING" and "RETURNING" work on both.
 *
 * A struct mc_db is one connection and is not thread-safe: each thread (or each
 * request, through a pool) uses its own. Prepared statements are cached per
 * connection, keyed by the SQL text's address — pass string literals. */
#ifndef MICROCRED_DB_H
#define MICROCRED_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "err.h"

struct mc_db;
struct mc_db_stmt;

/* Where the database is: a file path or "sqlite:PATH" (SQLite), or
 * "postgres://..." / "postgresql://..." (PostgreSQL). NULL = $MICROCRED_DB, else
 * "./microcred.db". */
const char *mc_db_default_url(void);

/* Opens (creating an SQLite file if needed) and applies pending migrations from
 * the compiled-in sql/ files. */
int mc_db_open(const char *url, struct mc_db **out, struct mc_err *err);
void mc_db_close(struct mc_db *db);
/* "sqlite" or "postgres". */
const char *mc_db_backend(const struct mc_db *db);
/* The number of the last applied migration. */
int mc_db_schema_version(struct mc_db *db, int *version, struct mc_err *err);

enum mc_tx {
	MC_TX_READ = 0, /* a consistent snapshot for several reads */
	MC_TX_WRITE,    /* takes the write lock at once (SQLite BEGIN IMMEDIATE; PostgreSQL
			   READ COMMITTED with row locks taken by the statements) */
	MC_TX_SERIAL,   /* serializable (PostgreSQL); same as WRITE on SQLite */
};

/* Transactions do not nest: begin while one is open is MC_ESTATE. A conflict
 * (SQLITE_BUSY after the busy timeout, a PostgreSQL serialization failure or
 * deadlock) is MC_ESTATE, and mc_db_retryable() then returns true. */
int mc_db_begin(struct mc_db *db, enum mc_tx mode, struct mc_err *err);
int mc_db_commit(struct mc_db *db, struct mc_err *err);
/* Never fails in a way the caller can act on; safe to call with no transaction. */
void mc_db_rollback(struct mc_db *db);
bool mc_db_in_tx(const struct mc_db *db);
/* True when the last error was a transient conflict worth retrying the whole
 * transaction for. */
bool mc_db_retryable(const struct mc_db *db);

/* ---- statements ----
 *
 * mc_db_prepare returns a cached statement, reset and with no bindings. Bind with
 * 1-based indexes ($1 is index 1), step through rows, read columns (0-based). Text
 * and blob pointers returned by the column readers stay valid until the next step
 * or reset of that statement — copy them (e.g. into an arena) to keep them. */
int mc_db_prepare(struct mc_db *db, const char *sql, struct mc_db_stmt **st, struct mc_err *err);

int mc_db_bind_text(struct mc_db_stmt *st, int i, const char *s); /* NULL binds NULL */
int mc_db_bind_textn(struct mc_db_stmt *st, int i, const char *s, size_t n);
int mc_db_bind_int(struct mc_db_stmt *st, int i, int64_t v);
int mc_db_bind_blob(struct mc_db_stmt *st, int i, const void *p, size_t n);
int mc_db_bind_null(struct mc_db_stmt *st, int i);

enum { MC_DB_DONE = 0, MC_DB_ROW = 1 };
/* Returns MC_DB_ROW, MC_DB_DONE, or a negative error. A unique-constraint violation
 * is MC_EEXIST (with the constraint named in the message). */
int mc_db_step(struct mc_db_stmt *st, struct mc_err *err);
/* Ends a statement early (after reading only some rows), releasing its snapshot. */
void mc_db_reset(struct mc_db_stmt *st);
/* Runs to completion (for INSERT/UPDATE/DELETE); returns 0 or an error. */
int mc_db_run(struct mc_db_stmt *st, struct mc_err *err);
/* Rows changed by the last INSERT/UPDATE/DELETE run on this connection. */
int64_t mc_db_changes(struct mc_db *db);

bool mc_db_col_null(struct mc_db_stmt *st, int i);
const char *mc_db_col_text(struct mc_db_stmt *st, int i); /* NULL for SQL NULL */
size_t mc_db_col_len(struct mc_db_stmt *st, int i);
int64_t mc_db_col_int(struct mc_db_stmt *st, int i);
const void *mc_db_col_blob(struct mc_db_stmt *st, int i, size_t *n);
/* The text of column i copied into a (NULL for SQL NULL). */
char *mc_db_col_dup(struct mc_db_stmt *st, int i, struct mc_arena *a);

/* Runs sql (no parameters, possibly several statements) — for migrations and tests. */
int mc_db_exec_script(struct mc_db *db, const char *sql, struct mc_err *err);

#endif
