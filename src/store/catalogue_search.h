/* Private to src/store and src/app: the catalogue's text search, the one place its
 * SQL lives (src/store/catalogue_search.c). A backend with its own text index
 * (PostgreSQL: tsvector) replaces the body of mc__store_catalogue_search and
 * nothing else. Strings come back allocated in the arena given. */
#ifndef MC_STORE_CATALOGUE_SEARCH_H
#define MC_STORE_CATALOGUE_SEARCH_H

#include <stdbool.h>
#include <stddef.h>

#include "microcred/catalogue.h"
#include "microcred/db.h"

/* Every published micro-credential that matches all the words (every one when
 * nwords is 0), with its skills and, for a text query, its rank (lower is more
 * relevant). Words are plain text (no query syntax); the store quotes them.
 * *full_text tells whether the FTS5 index answered (false: the LIKE fallback).
 * On SQLite the FTS5 index (table catalogue_fts and the triggers that keep it in
 * sync) is created on first use when the FTS5 module is available; that needs a
 * write transaction, so do not call this inside one (it then uses LIKE). */
int mc__store_catalogue_search(struct mc_db *db, struct mc_arena *a, const char *const *words, size_t nwords,
                               struct mc_catalogue_item **out, size_t *n, bool *full_text,
                               struct mc_err *err);

/* Drops and refills the FTS5 index from the catalogue tables (SQLite with FTS5;
 * a no-op elsewhere). For repair after restoring a database by hand. */
int mc__store_catalogue_reindex(struct mc_db *db, struct mc_err *err);

/* Tests: false makes this process answer every search with LIKE, as on an SQLite
 * without FTS5; true restores the default. */
void mc__store_catalogue_use_fts(bool on);

#endif
