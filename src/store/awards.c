/* SQL for credentials, the credential counter, endorsements read for awards,
 * events and bulk jobs: see src/store/awards.h. */
#include "store/awards.h"

#include <stdlib.h>
#include <string.h>

int mc__store_award_counter_next(struct mc_db *db, const char *name, int64_t *value, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "UPDATE counters SET value = value + 1 WHERE name = $1 RETURNING value",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, name);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return mc_err_set(err, MC_ESTATE,
		                  "the counter '%s' is missing from the database (migration 1 adds it)",
		                  name);
	*value = mc_db_col_int(st, 0);
	mc_db_reset(st);
	return 0;
}

int mc__store_credential_insert(struct mc_db *db, const struct mc__credential_row *r, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db,
	    "INSERT INTO credentials (id, number, issuer_id, achievement_id, user_id, recipient_email, "
	    "recipient_name, award_key, enrolment_id, state, revocation_list, revocation_index, "
	    "suspension_list, "
	    "suspension_index, json, jwt, sha256, issued_at, valid_until) "
	    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
	    &st, err);
	if (rc)
		return rc;
	const struct mc_award *w = &r->a;
	mc_db_bind_text(st, 1, w->id);
	mc_db_bind_int(st, 2, w->number);
	mc_db_bind_text(st, 3, w->issuer_id);
	mc_db_bind_text(st, 4, w->achievement_id);
	mc_db_bind_text(st, 5, w->user_id);
	mc_db_bind_text(st, 6, w->email);
	mc_db_bind_text(st, 7, w->name);
	mc_db_bind_text(st, 8, w->award_key);
	mc_db_bind_text(st, 9, r->enrolment_id);
	mc_db_bind_text(st, 10, w->state);
	mc_db_bind_text(st, 11, r->revocation_list);
	if (r->revocation_list)
		mc_db_bind_int(st, 12, r->revocation_index);
	else
		mc_db_bind_null(st, 12);
	mc_db_bind_text(st, 13, r->suspension_list);
	if (r->suspension_list)
		mc_db_bind_int(st, 14, r->suspension_index);
	else
		mc_db_bind_null(st, 14);
	mc_db_bind_text(st, 15, w->json);
	mc_db_bind_text(st, 16, w->jwt);
	mc_db_bind_text(st, 17, w->sha256);
	mc_db_bind_text(st, 18, w->issued_at);
	mc_db_bind_text(st, 19, w->valid_until);
	return mc_db_run(st, err);
}

#define CRED_COLS                                                                                            \
	"id, number, issuer_id, achievement_id, user_id, recipient_email, recipient_name, award_key, "       \
	"enrolment_id, state, revocation_list, revocation_index, suspension_list, suspension_index, "        \
	"sha256, "                                                                                           \
	"issued_at, valid_until, state_reason"

static void read_cred(struct mc_db_stmt *st, struct mc_arena *a, bool with_doc, struct mc__credential_row *r)
{
	memset(r, 0, sizeof(*r));
	r->a.id = mc_db_col_dup(st, 0, a);
	r->a.number = mc_db_col_int(st, 1);
	r->a.issuer_id = mc_db_col_dup(st, 2, a);
	r->a.achievement_id = mc_db_col_dup(st, 3, a);
	r->a.user_id = mc_db_col_dup(st, 4, a);
	r->a.email = mc_db_col_dup(st, 5, a);
	r->a.name = mc_db_col_dup(st, 6, a);
	r->a.award_key = mc_db_col_dup(st, 7, a);
	r->enrolment_id = mc_db_col_dup(st, 8, a);
	r->a.state = mc_db_col_dup(st, 9, a);
	r->revocation_list = mc_db_col_dup(st, 10, a);
	r->revocation_index = mc_db_col_null(st, 11) ? -1 : mc_db_col_int(st, 11);
	r->suspension_list = mc_db_col_dup(st, 12, a);
	r->suspension_index = mc_db_col_null(st, 13) ? -1 : mc_db_col_int(st, 13);
	r->a.sha256 = mc_db_col_dup(st, 14, a);
	r->a.issued_at = mc_db_col_dup(st, 15, a);
	r->a.valid_until = mc_db_col_dup(st, 16, a);
	r->a.state_reason = mc_db_col_dup(st, 17, a);
	if (with_doc) {
		r->a.json = mc_db_col_dup(st, 18, a);
		r->a.jwt = mc_db_col_dup(st, 19, a);
	}
}

int mc__store_credential_find(struct mc_db *db, struct mc_arena *a, enum mc__credential_key by,
                              const char *ref, struct mc__credential_row **out, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc;
	switch (by) {
	case MC__CRED_BY_ID:
		rc = mc_db_prepare(db, "SELECT " CRED_COLS ", json, jwt FROM credentials WHERE id = $1", &st,
		                   err);
		break;
	case MC__CRED_BY_AWARD_KEY:
		rc = mc_db_prepare(
		    db, "SELECT " CRED_COLS ", json, jwt FROM credentials WHERE award_key = $1", &st, err);
		break;
	default:
		rc = mc_db_prepare(db, "SELECT " CRED_COLS ", json, jwt FROM credentials WHERE number = $1",
		                   &st, err);
		break;
	}
	if (rc)
		return rc;
	if (by == MC__CRED_BY_NUMBER)
		mc_db_bind_int(st, 1, strtoll(ref, NULL, 10));
	else
		mc_db_bind_text(st, 1, ref);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	*out = MC_ARENA_NEW(a, struct mc__credential_row);
	read_cred(st, a, true, *out);
	mc_db_reset(st);
	return 0;
}

int mc__store_credential_list(struct mc_db *db, struct mc_arena *a, const struct mc__credential_query *q,
                              struct mc__credential_row **out, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	/* One statement for every combination of filters (statements are cached by
	 * their text); the CASTs give PostgreSQL the parameters' types. */
	int rc = mc_db_prepare(db,
	                       "SELECT " CRED_COLS " FROM credentials "
	                       "WHERE (CAST($1 AS TEXT) IS NULL OR issuer_id = $1) "
	                       "AND (CAST($2 AS TEXT) IS NULL OR achievement_id = $2) "
	                       "AND (CAST($3 AS TEXT) IS NULL OR recipient_email = lower($3)) "
	                       "AND (CAST($4 AS TEXT) IS NULL OR user_id = $4) "
	                       "AND (CAST($5 AS TEXT) IS NULL OR state = $5) "
	                       "ORDER BY number DESC LIMIT $6 OFFSET $7",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, q->issuer_id);
	mc_db_bind_text(st, 2, q->achievement_id);
	mc_db_bind_text(st, 3, q->email);
	mc_db_bind_text(st, 4, q->user_id);
	mc_db_bind_text(st, 5, q->state);
	mc_db_bind_int(st, 6, q->limit);
	mc_db_bind_int(st, 7, q->offset);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			*out = mc_arena_realloc(a, *out, cap * sizeof(**out), ncap * sizeof(**out));
			cap = ncap;
		}
		read_cred(st, a, false, &(*out)[(*n)++]);
	}
	return rc < 0 ? rc : 0;
}

int mc__store_award_endorsements(struct mc_db *db, struct mc_arena *a, const char *subject_type,
                                 const char *subject_id, const char ***json, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	size_t cap = 0;
	*json = NULL;
	*n = 0;
	int rc = mc_db_prepare(db,
	                       "SELECT json FROM endorsements WHERE subject_type = $1 AND subject_id = $2 "
	                       "AND withdrawn_at IS NULL ORDER BY created_at, id",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, subject_type);
	mc_db_bind_text(st, 2, subject_id);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			*json =
			    mc_arena_realloc(a, (void *)*json, cap * sizeof(**json), ncap * sizeof(**json));
			cap = ncap;
		}
		(*json)[(*n)++] = mc_db_col_dup(st, 0, a);
	}
	return rc < 0 ? rc : 0;
}

int mc__store_award_event(struct mc_db *db, const char *type, const char *subject, const char *payload,
                          const char *now, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db, "INSERT INTO events (type, subject, payload, created_at) VALUES ($1, $2, $3, $4)", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, type);
	mc_db_bind_text(st, 2, subject);
	mc_db_bind_text(st, 3, payload ? payload : "{}");
	mc_db_bind_text(st, 4, now);
	return mc_db_run(st, err);
}

/* ---- bulk jobs ---- */

int mc__store_bulk_job_ensure(struct mc_db *db, struct mc_arena *a, const char *new_id, const char *issuer_id,
                              const char *file_sha256, const char *file_name, int64_t total_rows,
                              const char *now, char **job_id, int *created, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc =
	    mc_db_prepare(db,
	                  "INSERT INTO bulk_jobs (id, issuer_id, file_sha256, file_name, total_rows, state, "
	                  "created_at) VALUES ($1, $2, $3, $4, $5, 'running', $6) "
	                  "ON CONFLICT (file_sha256) DO NOTHING",
	                  &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, new_id);
	mc_db_bind_text(st, 2, issuer_id);
	mc_db_bind_text(st, 3, file_sha256);
	mc_db_bind_text(st, 4, file_name);
	mc_db_bind_int(st, 5, total_rows);
	mc_db_bind_text(st, 6, now);
	if ((rc = mc_db_run(st, err)))
		return rc;
	*created = mc_db_changes(db) > 0;
	if ((rc = mc_db_prepare(db, "SELECT id FROM bulk_jobs WHERE file_sha256 = $1", &st, err)))
		return rc;
	mc_db_bind_text(st, 1, file_sha256);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return mc_err_set(err, MC_ESTATE, "the bulk job of file %s vanished while starting it",
		                  file_sha256);
	*job_id = mc_db_col_dup(st, 0, a);
	mc_db_reset(st);
	return 0;
}

int mc__store_bulk_awarded_rows(struct mc_db *db, struct mc_arena *a, const char *job_id, int64_t **rows,
                                size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	size_t cap = 0;
	*rows = NULL;
	*n = 0;
	int rc = mc_db_prepare(db,
	                       "SELECT row_number FROM bulk_rows WHERE job_id = $1 AND state = 'awarded' "
	                       "ORDER BY row_number",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, job_id);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			*rows = mc_arena_realloc(a, *rows, cap * sizeof(**rows), ncap * sizeof(**rows));
			cap = ncap;
		}
		(*rows)[(*n)++] = mc_db_col_int(st, 0);
	}
	return rc < 0 ? rc : 0;
}

int mc__store_bulk_row_set(struct mc_db *db, const char *job_id, int64_t row, const char *state,
                           const char *credential_id, const char *error, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db,
	    "INSERT INTO bulk_rows (job_id, row_number, state, credential_id, error) "
	    "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (job_id, row_number) DO UPDATE SET "
	    "state = excluded.state, credential_id = excluded.credential_id, error = excluded.error",
	    &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, job_id);
	mc_db_bind_int(st, 2, row);
	mc_db_bind_text(st, 3, state);
	mc_db_bind_text(st, 4, credential_id);
	mc_db_bind_text(st, 5, error);
	return mc_db_run(st, err);
}

int mc__store_bulk_job_finish(struct mc_db *db, const char *job_id, const char *state, const char *now,
                              struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc =
	    mc_db_prepare(db, "UPDATE bulk_jobs SET state = $2, finished_at = $3 WHERE id = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, job_id);
	mc_db_bind_text(st, 2, state);
	mc_db_bind_text(st, 3, now);
	return mc_db_run(st, err);
}
