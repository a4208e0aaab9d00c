/* SQL for passwords, sessions and API tokens: see src/store/accounts.h. */
#include "store/accounts.h"

#include <string.h>

int mc__store_password_get(struct mc_db *db, struct mc_arena *a, const char *user_id, char **hash,
                           struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "SELECT hash FROM user_passwords WHERE user_id = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, user_id);
	*hash = NULL;
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_ROW) {
		*hash = mc_db_col_dup(st, 0, a);
		mc_db_reset(st);
	}
	return 0;
}

int mc__store_password_set(struct mc_db *db, const char *user_id, const char *hash, const char *now,
                           struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "INSERT INTO user_passwords (user_id, hash, updated_at) VALUES ($1, $2, $3) "
	                       "ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash, updated_at = "
	                       "excluded.updated_at",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, user_id);
	mc_db_bind_text(st, 2, hash);
	mc_db_bind_text(st, 3, now);
	return mc_db_run(st, err);
}

int mc__store_user_public_profile(struct mc_db *db, const char *user_id, bool *on, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "SELECT public_profile FROM users WHERE id = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, user_id);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	*on = mc_db_col_int(st, 0) != 0;
	mc_db_reset(st);
	return 0;
}

int mc__store_user_update(struct mc_db *db, const char *user_id, const char *name, const char *did,
                          bool set_did, int public_profile, struct mc_err *err)
{
	struct mc_db_stmt *st;
	/* NULL / -1 keep the column as it is. */
	int rc =
	    mc_db_prepare(db,
	                  "UPDATE users SET name = COALESCE($2, name), "
	                  "did = CASE WHEN $3 = 1 THEN $4 ELSE did END, "
	                  "public_profile = CASE WHEN $5 < 0 THEN public_profile ELSE $5 END WHERE id = $1",
	                  &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, user_id);
	mc_db_bind_text(st, 2, name);
	mc_db_bind_int(st, 3, set_did ? 1 : 0);
	mc_db_bind_text(st, 4, did && *did ? did : NULL);
	mc_db_bind_int(st, 5, public_profile);
	if ((rc = mc_db_run(st, err)))
		return rc;
	return mc_db_changes(db) ? 0 : MC_ENOTFOUND;
}

/* ---- sessions ---- */

int mc__store_session_insert(struct mc_db *db, const char *id_hash, const char *user_id, const char *now,
                             const char *expires_at, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc =
	    mc_db_prepare(db,
	                  "INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, expires_at) "
	                  "VALUES ($1, $2, $3, $3, $4)",
	                  &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id_hash);
	mc_db_bind_text(st, 2, user_id);
	mc_db_bind_text(st, 3, now);
	mc_db_bind_text(st, 4, expires_at);
	return mc_db_run(st, err);
}

int mc__store_session_find(struct mc_db *db, struct mc_arena *a, const char *id_hash, const char *now,
                           struct mc_session **out, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db,
	    "SELECT u.id, u.email, u.name, u.did, u.is_admin, u.created_at, s.created_at, "
	    "s.last_seen_at, s.expires_at, u.public_profile FROM sessions s JOIN users u ON u.id = s.user_id "
	    "WHERE s.id_hash = $1 AND s.expires_at > $2",
	    &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id_hash);
	mc_db_bind_text(st, 2, now);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	struct mc_session *s = MC_ARENA_NEW(a, struct mc_session);
	struct mc_user *u = MC_ARENA_NEW(a, struct mc_user);
	u->id = mc_db_col_dup(st, 0, a);
	u->email = mc_db_col_dup(st, 1, a);
	u->name = mc_db_col_dup(st, 2, a);
	u->did = mc_db_col_dup(st, 3, a);
	u->is_admin = mc_db_col_int(st, 4) != 0;
	u->created_at = mc_db_col_dup(st, 5, a);
	s->user = u;
	s->created_at = mc_db_col_dup(st, 6, a);
	s->last_seen_at = mc_db_col_dup(st, 7, a);
	s->expires_at = mc_db_col_dup(st, 8, a);
	s->public_profile = mc_db_col_int(st, 9) != 0;
	mc_db_reset(st);
	*out = s;
	return 0;
}

int mc__store_session_touch(struct mc_db *db, const char *id_hash, const char *now, const char *expires_at,
                            struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db, "UPDATE sessions SET last_seen_at = $2, expires_at = $3 WHERE id_hash = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id_hash);
	mc_db_bind_text(st, 2, now);
	mc_db_bind_text(st, 3, expires_at);
	return mc_db_run(st, err);
}

int mc__store_session_delete(struct mc_db *db, const char *id_hash, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "DELETE FROM sessions WHERE id_hash = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id_hash);
	return mc_db_run(st, err);
}

int mc__store_session_delete_user(struct mc_db *db, const char *user_id, const char *keep_hash,
                                  struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> COALESCE($2, '')",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, user_id);
	mc_db_bind_text(st, 2, keep_hash);
	return mc_db_run(st, err);
}

int mc__store_session_purge(struct mc_db *db, const char *now, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "DELETE FROM sessions WHERE expires_at <= $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, now);
	if ((rc = mc_db_run(st, err)))
		return rc;
	if (n)
		*n = (size_t)mc_db_changes(db);
	return 0;
}

/* ---- API tokens ---- */

#define TOKEN_COLS                                                                                           \
	"t.id, t.issuer_id, i.slug, t.role, t.name, t.prefix, t.user_id, u.email, t.created_at, "            \
	"t.last_used_at, "                                                                                   \
	"t.revoked_at FROM api_tokens t JOIN issuers i ON i.id = t.issuer_id JOIN users u ON u.id = "        \
	"t.user_id "

static struct mc_api_token *read_token(struct mc_db_stmt *st, struct mc_arena *a)
{
	struct mc_api_token *t = MC_ARENA_NEW(a, struct mc_api_token);
	t->id = mc_db_col_dup(st, 0, a);
	t->issuer_id = mc_db_col_dup(st, 1, a);
	t->issuer_slug = mc_db_col_dup(st, 2, a);
	const char *role = mc_db_col_text(st, 3);
	t->role = !role                         ? MC_ROLE_NONE
	          : strcmp(role, "owner") == 0  ? MC_ROLE_OWNER
	          : strcmp(role, "editor") == 0 ? MC_ROLE_EDITOR
	                                        : MC_ROLE_ASSESSOR;
	t->name = mc_db_col_dup(st, 4, a);
	t->prefix = mc_db_col_dup(st, 5, a);
	t->user_id = mc_db_col_dup(st, 6, a);
	t->user_email = mc_db_col_dup(st, 7, a);
	t->created_at = mc_db_col_dup(st, 8, a);
	t->last_used_at = mc_db_col_dup(st, 9, a);
	t->revoked_at = mc_db_col_dup(st, 10, a);
	return t;
}

int mc__store_token_insert(struct mc_db *db, const struct mc_api_token *t, const char *token_hash,
                           struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc =
	    mc_db_prepare(db,
	                  "INSERT INTO api_tokens (id, token_hash, prefix, issuer_id, role, name, user_id, "
	                  "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	                  &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, t->id);
	mc_db_bind_text(st, 2, token_hash);
	mc_db_bind_text(st, 3, t->prefix);
	mc_db_bind_text(st, 4, t->issuer_id);
	mc_db_bind_text(st, 5, mc_role_name(t->role));
	mc_db_bind_text(st, 6, t->name);
	mc_db_bind_text(st, 7, t->user_id);
	mc_db_bind_text(st, 8, t->created_at);
	return mc_db_run(st, err);
}

int mc__store_token_list(struct mc_db *db, struct mc_arena *a, const char *issuer_id,
                         struct mc_api_token ***out, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db, "SELECT " TOKEN_COLS "WHERE t.issuer_id = $1 ORDER BY t.created_at DESC, t.id DESC", &st,
	    err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	size_t cap = 8, k = 0;
	struct mc_api_token **v = mc_arena_alloc(a, cap * sizeof *v);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		if (k == cap) {
			struct mc_api_token **w = mc_arena_alloc(a, 2 * cap * sizeof *w);
			memcpy(w, v, k * sizeof *v);
			v = w, cap *= 2;
		}
		v[k++] = read_token(st, a);
	}
	if (rc < 0)
		return rc;
	*out = v;
	*n = k;
	return 0;
}

int mc__store_token_find(struct mc_db *db, struct mc_arena *a, const char *token_hash,
                         struct mc_api_token **out, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "SELECT " TOKEN_COLS "WHERE t.token_hash = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, token_hash);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	*out = read_token(st, a);
	mc_db_reset(st);
	return 0;
}

int mc__store_token_revoke(struct mc_db *db, const char *issuer_id, const char *ref, const char *now,
                           struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db,
	    "UPDATE api_tokens SET revoked_at = $3 WHERE issuer_id = $1 AND (id = $2 OR prefix = $2) "
	    "AND revoked_at IS NULL",
	    &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	mc_db_bind_text(st, 2, ref);
	mc_db_bind_text(st, 3, now);
	if ((rc = mc_db_run(st, err)))
		return rc;
	return mc_db_changes(db) ? 0 : MC_ENOTFOUND;
}

int mc__store_token_touch(struct mc_db *db, const char *id, const char *now, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "UPDATE api_tokens SET last_used_at = $2 WHERE id = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	mc_db_bind_text(st, 2, now);
	return mc_db_run(st, err);
}

int mc__store_first_owner(struct mc_db *db, struct mc_arena *a, const char *issuer_id, char **user_id,
                          struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "SELECT user_id FROM staff WHERE issuer_id = $1 AND role = 'owner' "
	                       "ORDER BY created_at, user_id",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	*user_id = mc_db_col_dup(st, 0, a);
	mc_db_reset(st);
	return 0;
}
