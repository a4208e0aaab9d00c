/* SQL for credential state changes, pathways, endorsements and lifecycle events:
 * see src/store/lifecycle.h. */
#include "store/lifecycle.h"

#include <string.h>

/* The next slot of an arena array of *n items, grown as needed. */
static void *push(struct mc_arena *a, void **arr, size_t *n, size_t *cap, size_t size)
{
	*arr = mc_arena_grow(a, *arr, *n, cap, size);
	return (char *)*arr + (*n)++ * size;
}

int mc__store_credential_lock(struct mc_db *db, const char *id, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "UPDATE credentials SET state = state WHERE id = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	return mc_db_run(st, err);
}

int mc__store_credential_set_state(struct mc_db *db, const char *id, const char *from_state,
                                   const char *to_state, const char *reason, const char *now, bool *changed,
                                   struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "UPDATE credentials SET state = $3, state_reason = $4, state_changed_at = $5 "
	                       "WHERE id = $1 AND state = $2",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	mc_db_bind_text(st, 2, from_state);
	mc_db_bind_text(st, 3, to_state);
	mc_db_bind_text(st, 4, reason);
	mc_db_bind_text(st, 5, now);
	if ((rc = mc_db_run(st, err)))
		return rc;
	*changed = mc_db_changes(db) == 1;
	return 0;
}

int mc__store_lifecycle_event(struct mc_db *db, const char *type, const char *subject, const char *payload,
                              const char *now, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db, "INSERT INTO events (type, subject, payload, created_at) VALUES ($1, $2, $3, $4)", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, type);
	mc_db_bind_text(st, 2, subject);
	mc_db_bind_text(st, 3, payload);
	mc_db_bind_text(st, 4, now);
	return mc_db_run(st, err);
}

/* ---- pathways ---- */

int mc__store_pathway_insert(struct mc_db *db, const char *id, const char *achievement_id, const char *rule,
                             const char *now, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db, "INSERT INTO pathways (id, achievement_id, rule, created_at) VALUES ($1, $2, $3, $4)", &st,
	    err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	mc_db_bind_text(st, 2, achievement_id);
	mc_db_bind_text(st, 3, rule);
	mc_db_bind_text(st, 4, now);
	return mc_db_run(st, err);
}

int mc__store_pathway_set_rule(struct mc_db *db, const char *id, const char *rule, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "UPDATE pathways SET rule = $2 WHERE id = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	mc_db_bind_text(st, 2, rule);
	return mc_db_run(st, err);
}

#define PATHWAY_COLS "p.id, p.achievement_id, a.slug, a.title, a.issuer_id, a.state, p.rule, p.created_at"

static void read_pathway(struct mc_db_stmt *st, struct mc_arena *a, struct mc__pathway_row *r)
{
	r->id = mc_db_col_dup(st, 0, a);
	r->achievement_id = mc_db_col_dup(st, 1, a);
	r->slug = mc_db_col_dup(st, 2, a);
	r->title = mc_db_col_dup(st, 3, a);
	r->issuer_id = mc_db_col_dup(st, 4, a);
	r->state = mc_db_col_dup(st, 5, a);
	r->rule = mc_db_col_dup(st, 6, a);
	r->created_at = mc_db_col_dup(st, 7, a);
}

static int read_pathways(struct mc_db_stmt *st, struct mc_arena *a, struct mc__pathway_row **out, size_t *n,
                         struct mc_err *err)
{
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW)
		read_pathway(st, a, push(a, (void **)out, n, &cap, sizeof(**out)));
	return rc < 0 ? rc : 0;
}

int mc__store_pathway_find(struct mc_db *db, struct mc_arena *a, const char *ref,
                           struct mc__pathway_row **out, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "SELECT " PATHWAY_COLS
	                       " FROM pathways p JOIN achievements a ON a.id = p.achievement_id "
	                       "WHERE p.id = $1 OR a.id = $1 OR a.slug = $1",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, ref);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	*out = MC_ARENA_NEW(a, struct mc__pathway_row);
	read_pathway(st, a, *out);
	mc_db_reset(st);
	return 0;
}

int mc__store_pathway_list(struct mc_db *db, struct mc_arena *a, const char *issuer_id,
                           struct mc__pathway_row **out, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "SELECT " PATHWAY_COLS
	                       " FROM pathways p JOIN achievements a ON a.id = p.achievement_id "
	                       "WHERE (CAST($1 AS TEXT) IS NULL OR a.issuer_id = $1) ORDER BY a.title, p.id",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	return read_pathways(st, a, out, n, err);
}

int mc__store_pathways_mentioning(struct mc_db *db, struct mc_arena *a, const char *achievement_id,
                                  struct mc__pathway_row **out, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	/* Rules are stored normalised as JSON with achievement ids in quotes, so a
	 * substring match finds every candidate (ids have no LIKE wildcards: UUIDs). The
	 * caller evaluates the rule anyway. */
	int rc = mc_db_prepare(db,
	                       "SELECT " PATHWAY_COLS
	                       " FROM pathways p JOIN achievements a ON a.id = p.achievement_id "
	                       "WHERE p.rule LIKE $1 ORDER BY p.created_at, p.id",
	                       &st, err);
	if (rc)
		return rc;
	struct mc_arena tmp;
	mc_arena_init(&tmp, 0);
	mc_db_bind_text(st, 1, mc_arena_printf(&tmp, "%%\"%s\"%%", achievement_id));
	mc_arena_release(&tmp);
	return read_pathways(st, a, out, n, err);
}

int mc__store_held_credentials(struct mc_db *db, struct mc_arena *a, const char *user_id,
                               struct mc__held_credential **out, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc = mc_db_prepare(db,
	                       "SELECT achievement_id, id, sha256, valid_until FROM credentials "
	                       "WHERE user_id = $1 AND state = 'active' ORDER BY number",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, user_id);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		struct mc__held_credential *h = push(a, (void **)out, n, &cap, sizeof(**out));
		h->achievement_id = mc_db_col_dup(st, 0, a);
		h->credential_id = mc_db_col_dup(st, 1, a);
		h->sha256 = mc_db_col_dup(st, 2, a);
		h->valid_until = mc_db_col_dup(st, 3, a);
	}
	return rc < 0 ? rc : 0;
}

/* ---- endorsements ---- */

int mc__store_endorsement_insert(struct mc_db *db, const struct mc__endorsement_row *r, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db,
	    "INSERT INTO endorsements (id, endorser_id, subject_type, subject_id, comment, json, "
	    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
	    &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, r->id);
	mc_db_bind_text(st, 2, r->endorser_id);
	mc_db_bind_text(st, 3, r->subject_type);
	mc_db_bind_text(st, 4, r->subject_id);
	mc_db_bind_text(st, 5, r->comment);
	mc_db_bind_text(st, 6, r->json);
	mc_db_bind_text(st, 7, r->created_at);
	return mc_db_run(st, err);
}

int mc__store_endorsement_withdraw_current(struct mc_db *db, const char *endorser_id,
                                           const char *subject_type, const char *subject_id, const char *now,
                                           int64_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db,
	    "UPDATE endorsements SET withdrawn_at = $4 WHERE endorser_id = $1 AND subject_type = $2 "
	    "AND subject_id = $3 AND withdrawn_at IS NULL",
	    &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, endorser_id);
	mc_db_bind_text(st, 2, subject_type);
	mc_db_bind_text(st, 3, subject_id);
	mc_db_bind_text(st, 4, now);
	if ((rc = mc_db_run(st, err)))
		return rc;
	*n = mc_db_changes(db);
	return 0;
}

int mc__store_endorsement_withdraw(struct mc_db *db, const char *id, const char *now, bool *changed,
                                   struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db, "UPDATE endorsements SET withdrawn_at = $2 WHERE id = $1 AND withdrawn_at IS NULL", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	mc_db_bind_text(st, 2, now);
	if ((rc = mc_db_run(st, err)))
		return rc;
	*changed = mc_db_changes(db) == 1;
	return 0;
}

int mc__store_endorsement_list(struct mc_db *db, struct mc_arena *a, const char *endorser_id,
                               const char *subject_type, const char *subject_id, bool include_withdrawn,
                               struct mc__endorsement_row **out, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc = mc_db_prepare(
	    db,
	    "SELECT id, endorser_id, subject_type, subject_id, comment, json, created_at, withdrawn_at "
	    "FROM endorsements WHERE (CAST($1 AS TEXT) IS NULL OR endorser_id = $1) "
	    "AND (CAST($2 AS TEXT) IS NULL OR subject_type = $2) "
	    "AND (CAST($3 AS TEXT) IS NULL OR subject_id = $3) "
	    "AND ($4 = 1 OR withdrawn_at IS NULL) ORDER BY created_at DESC, id DESC",
	    &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, endorser_id);
	mc_db_bind_text(st, 2, subject_type);
	mc_db_bind_text(st, 3, subject_id);
	mc_db_bind_int(st, 4, include_withdrawn ? 1 : 0);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		struct mc__endorsement_row *r = push(a, (void **)out, n, &cap, sizeof(**out));
		r->id = mc_db_col_dup(st, 0, a);
		r->endorser_id = mc_db_col_dup(st, 1, a);
		r->subject_type = mc_db_col_dup(st, 2, a);
		r->subject_id = mc_db_col_dup(st, 3, a);
		r->comment = mc_db_col_dup(st, 4, a);
		r->json = mc_db_col_dup(st, 5, a);
		r->created_at = mc_db_col_dup(st, 6, a);
		r->withdrawn_at = mc_db_col_dup(st, 7, a);
	}
	return rc < 0 ? rc : 0;
}

/* ---- demo ---- */

int mc__store_issuer_count(struct mc_db *db, int64_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "SELECT COUNT(*) FROM issuers", &st, err);
	if (rc)
		return rc;
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	*n = rc == MC_DB_ROW ? mc_db_col_int(st, 0) : 0;
	mc_db_reset(st);
	return 0;
}
