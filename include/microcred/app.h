/* The application context every domain service (src/app) takes: the database
 * connection, the installation's base URL, and an injectable clock.
 *
 * Conventions of the domain services (include/microcred/<area>.h):
 *   - functions take (struct mc_app *app, struct mc_arena *a, ..., struct mc_err *err);
 *     results are allocated in a; inputs are borrowed;
 *   - every change that writes several rows runs in one transaction (mc_app_tx),
 *     so a failure leaves nothing half-written;
 *   - things are looked up by id or by slug (mc_*_get accept either);
 *   - bad input is MC_EINVAL with a message naming the field and how to fix it,
 *     an unknown id is MC_ENOTFOUND naming what was looked for. */
#ifndef MICROCRED_APP_H
#define MICROCRED_APP_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "db.h"
#include "err.h"
#include "time.h"

struct mc_app {
	struct mc_db *db;
	char *base_url; /* no trailing slash, e.g. "http://127.0.0.1:8080" */
	/* The clock; NULL = the system clock. Tests set a fixed time. */
	struct mc_time (*clock)(void *ctx);
	void *clock_ctx;
};

/* Opens the database (db_url NULL = mc_db_default_url()) and reads the base URL from
 * the settings (set by mc_app_init). base_url, when not NULL, overrides it for this
 * process. */
int mc_app_open(struct mc_app *app, const char *db_url, const char *base_url, struct mc_err *err);
void mc_app_close(struct mc_app *app);

/* Records installation settings (base URL); idempotent. */
int mc_app_init(struct mc_app *app, const char *base_url, struct mc_err *err);

struct mc_time mc_app_now(const struct mc_app *app);
/* The current time as RFC 3339 UTC text, whole seconds: "2025-01-15T09:00:00Z". */
void mc_app_now_text(const struct mc_app *app, char out[32]);

/* Runs fn(app, ctx, err) inside a transaction of the given mode, committing when it
 * returns 0 and rolling back otherwise. Transient conflicts (another process holds
 * the lock, a serialization failure) are retried a few times with back-off. */
int mc_app_tx(struct mc_app *app, enum mc_tx mode, int (*fn)(struct mc_app *app, void *ctx, struct mc_err *err),
	      void *ctx, struct mc_err *err);

/* A new id (UUID v7 text) in a. */
char *mc_app_new_id(struct mc_arena *a);
/* A URL-safe slug from a name ("Data Analysis 101" -> "data-analysis-101"), in a. */
char *mc_app_slugify(struct mc_arena *a, const char *name);

/* Settings (installation-wide key/value). get returns NULL when unset. */
int mc_setting_get(struct mc_app *app, struct mc_arena *a, const char *key, char **value, struct mc_err *err);
int mc_setting_set(struct mc_app *app, const char *key, const char *value, struct mc_err *err);

#endif
