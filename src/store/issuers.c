/* SQL for users, issuers, issuer_keys and staff: see src/store/issuers.h. */
#include "store/issuers.h"

#include <string.h>

#define USER_COLS "id, email, name, did, is_admin, created_at"

static void read_user(struct mc_db_stmt *st, struct mc_arena *a, struct mc_user *u)
{
	u->id = mc_db_col_dup(st, 0, a);
	u->email = mc_db_col_dup(st, 1, a);
	u->name = mc_db_col_dup(st, 2, a);
	u->did = mc_db_col_dup(st, 3, a);
	u->is_admin = mc_db_col_int(st, 4) != 0;
	u->created_at = mc_db_col_dup(st, 5, a);
}

int mc__store_user_find(struct mc_db *db, struct mc_arena *a, const char *id_or_email, struct mc_user **out,
			struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "SELECT " USER_COLS " FROM users WHERE id = $1 OR email = lower($1)", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id_or_email);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	*out = MC_ARENA_NEW(a, struct mc_user);
	read_user(st, a, *out);
	mc_db_reset(st);
	return 0;
}

int mc__store_user_insert(struct mc_db *db, const struct mc_user *u, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
			       "INSERT INTO users (id, email, name, did, is_admin, created_at) "
			       "VALUES ($1, lower($2), $3, $4, $5, $6)",
			       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, u->id);
	mc_db_bind_text(st, 2, u->email);
	mc_db_bind_text(st, 3, u->name);
	mc_db_bind_text(st, 4, u->did);
	mc_db_bind_int(st, 5, u->is_admin);
	mc_db_bind_text(st, 6, u->created_at);
	return mc_db_run(st, err);
}

int mc__store_user_set_did(struct mc_db *db, const char *id, const char *did, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "UPDATE users SET did = $2 WHERE id = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	mc_db_bind_text(st, 2, did);
	return mc_db_run(st, err);
}

#define ISSUER_COLS                                                                                             \
	"id, slug, name, url, email, country, region, description, image, did, issue_jwt, created_at, "           \
	"updated_at"

static void read_issuer(struct mc_db_stmt *st, struct mc_arena *a, struct mc_issuer *is)
{
	is->id = mc_db_col_dup(st, 0, a);
	is->slug = mc_db_col_dup(st, 1, a);
	is->name = mc_db_col_dup(st, 2, a);
	is->url = mc_db_col_dup(st, 3, a);
	is->email = mc_db_col_dup(st, 4, a);
	is->country = mc_db_col_dup(st, 5, a);
	is->region = mc_db_col_dup(st, 6, a);
	is->description = mc_db_col_dup(st, 7, a);
	is->image = mc_db_col_dup(st, 8, a);
	is->did = mc_db_col_dup(st, 9, a);
	is->issue_jwt = mc_db_col_int(st, 10) != 0;
	is->created_at = mc_db_col_dup(st, 11, a);
	is->updated_at = mc_db_col_dup(st, 12, a);
}

int mc__store_issuer_insert(struct mc_db *db, const struct mc_issuer *is, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
			       "INSERT INTO issuers (" ISSUER_COLS ") "
			       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
			       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, is->id);
	mc_db_bind_text(st, 2, is->slug);
	mc_db_bind_text(st, 3, is->name);
	mc_db_bind_text(st, 4, is->url);
	mc_db_bind_text(st, 5, is->email);
	mc_db_bind_text(st, 6, is->country);
	mc_db_bind_text(st, 7, is->region);
	mc_db_bind_text(st, 8, is->description);
	mc_db_bind_text(st, 9, is->image);
	mc_db_bind_text(st, 10, is->did);
	mc_db_bind_int(st, 11, is->issue_jwt);
	mc_db_bind_text(st, 12, is->created_at);
	mc_db_bind_text(st, 13, is->updated_at);
	return mc_db_run(st, err);
}

int mc__store_issuer_find(struct mc_db *db, struct mc_arena *a, const char *ref, struct mc_issuer **out,
			  struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "SELECT " ISSUER_COLS " FROM issuers WHERE id = $1 OR slug = $1 OR did = $1", &st,
			       err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, ref);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	*out = MC_ARENA_NEW(a, struct mc_issuer);
	read_issuer(st, a, *out);
	mc_db_reset(st);
	return 0;
}

int mc__store_issuer_list(struct mc_db *db, struct mc_arena *a, struct mc_issuer ***out, size_t *n,
			  struct mc_err *err)
{
	struct mc_db_stmt *st;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc = mc_db_prepare(db, "SELECT " ISSUER_COLS " FROM issuers ORDER BY name, id", &st, err);
	if (rc)
		return rc;
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			*out = mc_arena_realloc(a, *out, cap * sizeof(**out), ncap * sizeof(**out));
			cap = ncap;
		}
		struct mc_issuer *is = MC_ARENA_NEW(a, struct mc_issuer);
		read_issuer(st, a, is);
		(*out)[(*n)++] = is;
	}
	return rc < 0 ? rc : 0;
}

int mc__store_issuer_set_did(struct mc_db *db, const char *id, const char *did, const char *now, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "UPDATE issuers SET did = $2, updated_at = $3 WHERE id = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	mc_db_bind_text(st, 2, did);
	mc_db_bind_text(st, 3, now);
	return mc_db_run(st, err);
}

#define KEY_COLS "id, issuer_id, type, public_json, secret_json, state, created_at, retired_at"

static void read_key(struct mc_db_stmt *st, struct mc_arena *a, struct mc__key_row *k)
{
	k->id = mc_db_col_dup(st, 0, a);
	k->issuer_id = mc_db_col_dup(st, 1, a);
	k->type = mc_db_col_dup(st, 2, a);
	k->public_json = mc_db_col_dup(st, 3, a);
	k->secret_json = mc_db_col_dup(st, 4, a);
	k->state = mc_db_col_dup(st, 5, a);
	k->created_at = mc_db_col_dup(st, 6, a);
	k->retired_at = mc_db_col_dup(st, 7, a);
}

int mc__store_key_insert(struct mc_db *db, const struct mc__key_row *k, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "INSERT INTO issuer_keys (" KEY_COLS ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
			       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, k->id);
	mc_db_bind_text(st, 2, k->issuer_id);
	mc_db_bind_text(st, 3, k->type);
	mc_db_bind_text(st, 4, k->public_json);
	mc_db_bind_text(st, 5, k->secret_json);
	mc_db_bind_text(st, 6, k->state);
	mc_db_bind_text(st, 7, k->created_at);
	mc_db_bind_text(st, 8, k->retired_at);
	return mc_db_run(st, err);
}

int mc__store_key_list(struct mc_db *db, struct mc_arena *a, const char *issuer_id, struct mc__key_row **out,
		       size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	/* The secret is never read for a listing. */
	int rc = mc_db_prepare(db,
			       "SELECT id, issuer_id, type, public_json, NULL, state, created_at, retired_at "
			       "FROM issuer_keys WHERE issuer_id = $1 ORDER BY created_at, id",
			       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			*out = mc_arena_realloc(a, *out, cap * sizeof(**out), ncap * sizeof(**out));
			cap = ncap;
		}
		read_key(st, a, &(*out)[(*n)++]);
	}
	return rc < 0 ? rc : 0;
}

int mc__store_key_active(struct mc_db *db, struct mc_arena *a, const char *issuer_id, struct mc__key_row *out,
			 struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "SELECT " KEY_COLS " FROM issuer_keys WHERE issuer_id = $1 AND state = 'active'",
			       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	read_key(st, a, out);
	mc_db_reset(st);
	return 0;
}

int mc__store_key_retire(struct mc_db *db, const char *issuer_id, const char *now, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
			       "UPDATE issuer_keys SET state = 'retired', retired_at = $2 "
			       "WHERE issuer_id = $1 AND state = 'active'",
			       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	mc_db_bind_text(st, 2, now);
	return mc_db_run(st, err);
}

int mc__store_staff_upsert(struct mc_db *db, const char *issuer_id, const char *user_id, const char *role,
			   const char *now, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
			       "INSERT INTO staff (issuer_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) "
			       "ON CONFLICT (issuer_id, user_id) DO UPDATE SET role = excluded.role",
			       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	mc_db_bind_text(st, 2, user_id);
	mc_db_bind_text(st, 3, role);
	mc_db_bind_text(st, 4, now);
	return mc_db_run(st, err);
}

int mc__store_staff_role(struct mc_db *db, struct mc_arena *a, const char *issuer_id, const char *user_id,
			 char **role, struct mc_err *err)
{
	struct mc_db_stmt *st;
	*role = NULL;
	int rc = mc_db_prepare(db, "SELECT role FROM staff WHERE issuer_id = $1 AND user_id = $2", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	mc_db_bind_text(st, 2, user_id);
	rc = mc_db_step(st, err);
	if (rc == MC_DB_ROW) {
		*role = mc_db_col_dup(st, 0, a);
		mc_db_reset(st);
	}
	return rc < 0 ? rc : 0;
}

int mc__store_staff_count(struct mc_db *db, const char *user_id, int64_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	*n = 0;
	int rc = mc_db_prepare(db, "SELECT COUNT(*) FROM staff WHERE user_id = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, user_id);
	rc = mc_db_step(st, err);
	if (rc == MC_DB_ROW) {
		*n = mc_db_col_int(st, 0);
		mc_db_reset(st);
	}
	return rc < 0 ? rc : 0;
}
