/* The application context: see include/microcred/app.h. */
#include "microcred/app.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "microcred/buf.h"
#include "microcred/id.h"

#define DEFAULT_BASE_URL "http://127.0.0.1:8080"
#define TX_ATTEMPTS 8

int mc_setting_get(struct mc_app *app, struct mc_arena *a, const char *key, char **value, struct mc_err *err)
{
	struct mc_db_stmt *st;
	*value = NULL;
	int rc = mc_db_prepare(app->db, "SELECT value FROM settings WHERE key = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, key);
	rc = mc_db_step(st, err);
	if (rc == MC_DB_ROW)
		*value = mc_db_col_dup(st, 0, a);
	mc_db_reset(st);
	return rc < 0 ? rc : 0;
}

int mc_setting_set(struct mc_app *app, const char *key, const char *value, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(app->db,
			       "INSERT INTO settings (key, value) VALUES ($1, $2) "
			       "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
			       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, key);
	mc_db_bind_text(st, 2, value);
	return mc_db_run(st, err);
}

static int check_base_url(const char *url, struct mc_err *err)
{
	if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)
		return mc_err_set(err, MC_EINVAL,
				  "base URL '%s' must start with https:// (or http:// for a local installation), "
				  "e.g. https://badges.example.edu",
				  url);
	return 0;
}

int mc_app_open(struct mc_app *app, const char *db_url, const char *base_url, struct mc_err *err)
{
	memset(app, 0, sizeof(*app));
	if (base_url && check_base_url(base_url, err))
		return MC_EINVAL;
	int rc = mc_db_open(db_url, &app->db, err);
	if (rc)
		return rc;
	if (base_url) {
		app->base_url = mc_xstrdup(base_url);
	} else {
		struct mc_arena a;
		char *v = NULL;
		mc_arena_init(&a, 0);
		rc = mc_setting_get(app, &a, "base_url", &v, err);
		app->base_url = mc_xstrdup(v ? v : DEFAULT_BASE_URL);
		mc_arena_release(&a);
		if (rc) {
			mc_app_close(app);
			return rc;
		}
	}
	size_t n = strlen(app->base_url);
	while (n > 0 && app->base_url[n - 1] == '/')
		app->base_url[--n] = '\0';
	return 0;
}

void mc_app_close(struct mc_app *app)
{
	mc_db_close(app->db);
	free(app->base_url);
	memset(app, 0, sizeof(*app));
}

int mc_app_init(struct mc_app *app, const char *base_url, struct mc_err *err)
{
	if (base_url && check_base_url(base_url, err))
		return MC_EINVAL;
	return mc_setting_set(app, "base_url", base_url ? base_url : app->base_url, err);
}

struct mc_time mc_app_now(const struct mc_app *app)
{
	if (app->clock)
		return app->clock(app->clock_ctx);
	return mc_time_now();
}

void mc_app_now_text(const struct mc_app *app, char out[32])
{
	struct mc_time t = mc_app_now(app);
	struct mc_buf b;
	t.nsec = 0;
	t.frac_digits = 0;
	mc_buf_init(&b, 31);
	mc_time_format(&b, &t);
	snprintf(out, 32, "%s", b.ptr);
	mc_buf_release(&b);
}

int mc_app_tx(struct mc_app *app, enum mc_tx mode, int (*fn)(struct mc_app *app, void *ctx, struct mc_err *err),
	      void *ctx, struct mc_err *err)
{
	int rc = 0;
	for (int attempt = 0; attempt < TX_ATTEMPTS; attempt++) {
		if (attempt) {
			/* Back off 10, 20, 40 ... ms, with jitter, before retrying. */
			unsigned r;
			mc_random_bytes(&r, sizeof(r));
			long ms = (10L << (attempt - 1)) + (long)(r % 10);
			struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
			nanosleep(&ts, NULL);
		}
		rc = mc_db_begin(app->db, mode, err);
		if (!rc) {
			rc = fn(app, ctx, err);
			if (!rc)
				rc = mc_db_commit(app->db, err);
			else
				mc_db_rollback(app->db);
		}
		if (!rc || !mc_db_retryable(app->db))
			return rc;
	}
	return rc;
}

char *mc_app_new_id(struct mc_arena *a)
{
	char id[MC_UUID_STR_LEN + 1];
	mc_uuid_v7(id);
	return mc_arena_strdup(a, id);
}

char *mc_app_slugify(struct mc_arena *a, const char *name)
{
	size_t n = strlen(name);
	char *s = mc_arena_alloc(a, n + 1);
	size_t o = 0;
	bool dash = false;
	for (size_t i = 0; i < n && o < 60; i++) {
		unsigned char c = (unsigned char)name[i];
		if (isalnum(c)) {
			if (dash && o)
				s[o++] = '-';
			s[o++] = (char)tolower(c);
			dash = false;
		} else {
			dash = true; /* spaces, punctuation and non-ASCII letters separate words */
		}
	}
	s[o] = '\0';
	return s;
}
