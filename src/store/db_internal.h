/* Private to src/store: the backend interface behind include/microcred/db.h.
 *
 * db.c holds what is common (URL parsing, the statement cache, migrations, macro
 * expansion); each backend (sqlite.c, postgres.c) fills a struct mc__db_ops. */
#ifndef MC_STORE_DB_INTERNAL_H
#define MC_STORE_DB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "microcred/db.h"

struct mc__migration {
	int number;
	const char *name;
	const char *sql;
};
extern const struct mc__migration mc__migrations[]; /* generated; ends with number 0 */

struct mc__db_ops {
	const char *name;
	/* Expansions of the migration macros. */
	const char *autoinc_pk, *blob, *now;
	int (*open)(struct mc_db *db, const char *target, struct mc_err *err);
	void (*close)(struct mc_db *db);
	int (*exec)(struct mc_db *db, const char *sql, struct mc_err *err);
	int (*begin)(struct mc_db *db, enum mc_tx mode, struct mc_err *err);
	/* Optional: serialises migrations between processes opening the same database
	 * at once (on = take, off = release). SQLite needs none: its write lock does. */
	int (*migration_lock)(struct mc_db *db, bool on, struct mc_err *err);
	int (*prepare)(struct mc_db *db, const char *sql, void **impl, struct mc_err *err);
	void (*finalize)(void *impl);
	void (*reset)(void *impl);
	int (*bind_text)(void *impl, int i, const char *s, size_t n);
	int (*bind_int)(void *impl, int i, int64_t v);
	int (*bind_blob)(void *impl, int i, const void *p, size_t n);
	int (*bind_null)(void *impl, int i);
	int (*step)(struct mc_db *db, void *impl, struct mc_err *err);
	bool (*col_null)(void *impl, int i);
	const char *(*col_text)(void *impl, int i);
	size_t (*col_len)(void *impl, int i);
	int64_t (*col_int)(void *impl, int i);
	const void *(*col_blob)(void *impl, int i, size_t *n);
	int64_t (*changes)(struct mc_db *db);
};

struct mc_db_stmt {
	struct mc_db *db;
	const char *key; /* the SQL text's address, the cache key */
	void *impl;
	struct mc_db_stmt *next; /* hash chain */
};

#define MC__DB_CACHE_BUCKETS 256

struct mc_db {
	const struct mc__db_ops *ops;
	void *impl;
	bool in_tx;
	bool retryable; /* the last error was a transient conflict */
	struct mc_db_stmt *cache[MC__DB_CACHE_BUCKETS];
};

extern const struct mc__db_ops mc__sqlite_ops;
extern const struct mc__db_ops mc__postgres_ops;

#endif
