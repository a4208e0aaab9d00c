/* SQL for enrolments, files, evidence, reviews, attendance and results: see
 * src/store/learning.h.
 *
 * Scores are DOUBLE PRECISION columns but the driver binds no doubles: they travel
 * as text ("%.17g", exact round trip), which both SQLite (REAL affinity) and
 * PostgreSQL (an untyped parameter) convert to the column's type. */
#include "store/learning.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void bind_double(struct mc_db_stmt *st, int i, bool has, double v)
{
	char buf[40];
	if (!has) {
		mc_db_bind_null(st, i);
		return;
	}
	snprintf(buf, sizeof(buf), "%.17g", v);
	mc_db_bind_text(st, i, buf);
}

static bool col_double(struct mc_db_stmt *st, int i, double *v)
{
	const char *s = mc_db_col_null(st, i) ? NULL : mc_db_col_text(st, i);
	*v = s ? strtod(s, NULL) : 0;
	return s != NULL;
}

/* ---- requirements (read only: the catalogue owns them) ---- */

int mc__store_learning_requirements(struct mc_db *db, struct mc_arena *a, const char *achievement_id,
                                    struct mc__req_row **out, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc =
	    mc_db_prepare(db,
	                  "SELECT id, position, kind, title, description, mode, config FROM requirements "
	                  "WHERE achievement_id = $1 ORDER BY position, id",
	                  &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, achievement_id);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		*out = mc_arena_grow(a, *out, *n, &cap, sizeof(**out));
		struct mc__req_row *r = &(*out)[(*n)++];
		r->id = mc_db_col_dup(st, 0, a);
		r->position = mc_db_col_int(st, 1);
		r->kind = mc_db_col_dup(st, 2, a);
		r->title = mc_db_col_dup(st, 3, a);
		r->description = mc_db_col_dup(st, 4, a);
		r->mode = mc_db_col_dup(st, 5, a);
		r->config = mc_db_col_dup(st, 6, a);
	}
	return rc < 0 ? rc : 0;
}

/* ---- enrolments ---- */

int mc__store_enrolment_insert(struct mc_db *db, const struct mc_enrolment *e, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db,
	    "INSERT INTO enrolments (id, achievement_id, user_id, state, started_at, target_date, "
	    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
	    &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, e->id);
	mc_db_bind_text(st, 2, e->achievement_id);
	mc_db_bind_text(st, 3, e->user_id);
	mc_db_bind_text(st, 4, e->state);
	mc_db_bind_text(st, 5, e->started_at);
	mc_db_bind_text(st, 6, e->target_date);
	mc_db_bind_text(st, 7, e->created_at);
	return mc_db_run(st, err);
}

#define ENROLMENT_SELECT                                                                                     \
	"SELECT e.id, e.achievement_id, a.slug, a.title, a.issuer_id, e.user_id, u.email, u.name, e.state, " \
	"e.started_at, e.target_date, e.completed_at, e.withdrawn_at, e.created_at "                         \
	"FROM enrolments e JOIN achievements a ON a.id = e.achievement_id JOIN users u ON u.id = e.user_id "

static struct mc_enrolment *read_enrolment(struct mc_db_stmt *st, struct mc_arena *a)
{
	struct mc_enrolment *e = MC_ARENA_NEW(a, struct mc_enrolment);
	e->id = mc_db_col_dup(st, 0, a);
	e->achievement_id = mc_db_col_dup(st, 1, a);
	e->achievement_slug = mc_db_col_dup(st, 2, a);
	e->achievement_title = mc_db_col_dup(st, 3, a);
	e->issuer_id = mc_db_col_dup(st, 4, a);
	e->user_id = mc_db_col_dup(st, 5, a);
	e->email = mc_db_col_dup(st, 6, a);
	e->name = mc_db_col_dup(st, 7, a);
	e->state = mc_db_col_dup(st, 8, a);
	e->started_at = mc_db_col_dup(st, 9, a);
	e->target_date = mc_db_col_dup(st, 10, a);
	e->completed_at = mc_db_col_dup(st, 11, a);
	e->withdrawn_at = mc_db_col_dup(st, 12, a);
	e->created_at = mc_db_col_dup(st, 13, a);
	return e;
}

static int one_enrolment(struct mc_db_stmt *st, struct mc_arena *a, struct mc_enrolment **out,
                         struct mc_err *err)
{
	int rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	*out = read_enrolment(st, a);
	mc_db_reset(st);
	return 0;
}

int mc__store_enrolment_get(struct mc_db *db, struct mc_arena *a, const char *id, struct mc_enrolment **out,
                            struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, ENROLMENT_SELECT "WHERE e.id = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	return one_enrolment(st, a, out, err);
}

int mc__store_enrolment_live(struct mc_db *db, struct mc_arena *a, const char *achievement_id,
                             const char *user_id, struct mc_enrolment **out, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db, ENROLMENT_SELECT "WHERE e.achievement_id = $1 AND e.user_id = $2 AND e.state <> 'withdrawn'",
	    &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, achievement_id);
	mc_db_bind_text(st, 2, user_id);
	return one_enrolment(st, a, out, err);
}

/* Runs an UPDATE whose WHERE guards a state change ($1 the row id, $2 the new value);
 * *changed says whether a row was in the expected state and changed. */
static int update_if(struct mc_db *db, const char *sql, const char *id, const char *value, bool *changed,
                     struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, sql, &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	mc_db_bind_text(st, 2, value);
	if ((rc = mc_db_run(st, err)))
		return rc;
	*changed = mc_db_changes(db) > 0;
	return 0;
}

int mc__store_enrolment_withdraw(struct mc_db *db, const char *id, const char *now, bool *changed,
                                 struct mc_err *err)
{
	return update_if(db,
	                 "UPDATE enrolments SET state = 'withdrawn', withdrawn_at = $2 "
	                 "WHERE id = $1 AND state = 'active'",
	                 id, now, changed, err);
}

int mc__store_enrolment_complete(struct mc_db *db, const char *id, const char *now, bool *changed,
                                 struct mc_err *err)
{
	return update_if(db,
	                 "UPDATE enrolments SET state = 'completed', completed_at = $2 "
	                 "WHERE id = $1 AND state = 'active'",
	                 id, now, changed, err);
}

int mc__store_credential_by_key(struct mc_db *db, struct mc_arena *a, const char *award_key, char **id,
                                struct mc_err *err)
{
	struct mc_db_stmt *st;
	*id = NULL;
	int rc = mc_db_prepare(db, "SELECT id FROM credentials WHERE award_key = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, award_key);
	rc = mc_db_step(st, err);
	if (rc == MC_DB_ROW)
		*id = mc_db_col_dup(st, 0, a);
	mc_db_reset(st);
	return rc < 0 ? rc : 0;
}

/* ---- files ---- */

int mc__store_file_put(struct mc_db *db, const char *sha256_hex, const void *p, size_t n,
                       const char *media_type, const char *now, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "INSERT INTO files (sha256, size, media_type, content, created_at) "
	                       "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (sha256) DO NOTHING",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, sha256_hex);
	mc_db_bind_int(st, 2, (int64_t)n);
	mc_db_bind_text(st, 3, media_type);
	mc_db_bind_blob(st, 4, p, n);
	mc_db_bind_text(st, 5, now);
	return mc_db_run(st, err);
}

int mc__store_file_get(struct mc_db *db, struct mc_arena *a, const char *sha256_hex, const void **p,
                       size_t *n, const char **media_type, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "SELECT media_type, content FROM files WHERE sha256 = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, sha256_hex);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	*media_type = mc_db_col_dup(st, 0, a);
	const void *b = mc_db_col_blob(st, 1, n);
	*p = mc_arena_memdup(a, b ? b : "", *n);
	mc_db_reset(st);
	return 0;
}

/* ---- evidence and reviews ---- */

int mc__store_evidence_insert(struct mc_db *db, const struct mc_evidence *e, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc =
	    mc_db_prepare(db,
	                  "INSERT INTO evidence (id, enrolment_id, requirement_id, kind, title, text, url, "
	                  "file_sha256, file_name, state, is_public, submitted_at) "
	                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
	                  &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, e->id);
	mc_db_bind_text(st, 2, e->enrolment_id);
	mc_db_bind_text(st, 3, e->requirement_id);
	mc_db_bind_text(st, 4, e->kind);
	mc_db_bind_text(st, 5, e->title);
	mc_db_bind_text(st, 6, e->text);
	mc_db_bind_text(st, 7, e->url);
	mc_db_bind_text(st, 8, e->file_sha256);
	mc_db_bind_text(st, 9, e->file_name);
	mc_db_bind_text(st, 10, e->state);
	mc_db_bind_int(st, 11, e->is_public);
	mc_db_bind_text(st, 12, e->submitted_at);
	return mc_db_run(st, err);
}

/* The latest review is picked by a correlated subquery (portable; LIMIT 1 works on
 * both backends). */
#define EVIDENCE_SELECT                                                                                      \
	"SELECT e.id, e.enrolment_id, e.requirement_id, q.title, q.kind, e.kind, e.title, e.text, e.url, "   \
	"e.file_sha256, e.file_name, f.media_type, f.size, e.state, e.is_public, e.submitted_at, "           \
	"r.id, u.email, r.decision, r.score, r.feedback, r.created_at "                                      \
	"FROM evidence e JOIN requirements q ON q.id = e.requirement_id "                                    \
	"LEFT JOIN files f ON f.sha256 = e.file_sha256 "                                                     \
	"LEFT JOIN reviews r ON r.id = (SELECT r2.id FROM reviews r2 WHERE r2.evidence_id = e.id "           \
	"ORDER BY r2.created_at DESC, r2.id DESC LIMIT 1) "                                                  \
	"LEFT JOIN users u ON u.id = r.reviewer_id "

static struct mc_evidence *read_evidence(struct mc_db_stmt *st, struct mc_arena *a)
{
	struct mc_evidence *e = MC_ARENA_NEW(a, struct mc_evidence);
	e->id = mc_db_col_dup(st, 0, a);
	e->enrolment_id = mc_db_col_dup(st, 1, a);
	e->requirement_id = mc_db_col_dup(st, 2, a);
	e->requirement_title = mc_db_col_dup(st, 3, a);
	e->requirement_kind = mc_db_col_dup(st, 4, a);
	e->kind = mc_db_col_dup(st, 5, a);
	e->title = mc_db_col_dup(st, 6, a);
	e->text = mc_db_col_dup(st, 7, a);
	e->url = mc_db_col_dup(st, 8, a);
	e->file_sha256 = mc_db_col_dup(st, 9, a);
	e->file_name = mc_db_col_dup(st, 10, a);
	e->file_media_type = mc_db_col_dup(st, 11, a);
	e->file_size = mc_db_col_null(st, 12) ? 0 : mc_db_col_int(st, 12);
	e->state = mc_db_col_dup(st, 13, a);
	e->is_public = mc_db_col_int(st, 14) != 0;
	e->submitted_at = mc_db_col_dup(st, 15, a);
	e->review_id = mc_db_col_dup(st, 16, a);
	e->reviewer_email = mc_db_col_dup(st, 17, a);
	e->decision = mc_db_col_dup(st, 18, a);
	e->has_score = col_double(st, 19, &e->score);
	e->feedback_json = mc_db_col_dup(st, 20, a);
	e->reviewed_at = mc_db_col_dup(st, 21, a);
	return e;
}

int mc__store_evidence_get(struct mc_db *db, struct mc_arena *a, const char *id, struct mc_evidence **out,
                           struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, EVIDENCE_SELECT "WHERE e.id = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	*out = read_evidence(st, a);
	mc_db_reset(st);
	return 0;
}

int mc__store_evidence_list(struct mc_db *db, struct mc_arena *a, const char *enrolment_id,
                            struct mc_evidence ***out, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc = mc_db_prepare(db, EVIDENCE_SELECT "WHERE e.enrolment_id = $1 ORDER BY e.submitted_at, e.id",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, enrolment_id);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		*out = mc_arena_grow(a, *out, *n, &cap, sizeof(**out));
		(*out)[(*n)++] = read_evidence(st, a);
	}
	return rc < 0 ? rc : 0;
}

int mc__store_evidence_decide(struct mc_db *db, const char *id, const char *state, bool *changed,
                              struct mc_err *err)
{
	return update_if(db, "UPDATE evidence SET state = $2 WHERE id = $1 AND state = 'submitted'", id,
	                 state, changed, err);
}

int mc__store_review_insert(struct mc_db *db, const struct mc__review_row *r, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc =
	    mc_db_prepare(db,
	                  "INSERT INTO reviews (id, evidence_id, reviewer_id, decision, score, feedback, "
	                  "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
	                  &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, r->id);
	mc_db_bind_text(st, 2, r->evidence_id);
	mc_db_bind_text(st, 3, r->reviewer_id);
	mc_db_bind_text(st, 4, r->decision);
	bind_double(st, 5, r->has_score, r->score);
	mc_db_bind_text(st, 6, r->feedback);
	mc_db_bind_text(st, 7, r->created_at);
	return mc_db_run(st, err);
}

/* ---- attendance ---- */

int mc__store_attendance_insert(struct mc_db *db, const char *id, const char *enrolment_id,
                                const char *requirement_id, const char *session, const char *recorded_by,
                                const char *now, bool *inserted, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc =
	    mc_db_prepare(db,
	                  "INSERT INTO attendance (id, enrolment_id, requirement_id, session, recorded_by, "
	                  "created_at) VALUES ($1, $2, $3, $4, $5, $6) "
	                  "ON CONFLICT (enrolment_id, requirement_id, session) DO NOTHING",
	                  &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	mc_db_bind_text(st, 2, enrolment_id);
	mc_db_bind_text(st, 3, requirement_id);
	mc_db_bind_text(st, 4, session);
	mc_db_bind_text(st, 5, recorded_by);
	mc_db_bind_text(st, 6, now);
	if ((rc = mc_db_run(st, err)))
		return rc;
	*inserted = mc_db_changes(db) > 0;
	return 0;
}

int mc__store_attendance_find(struct mc_db *db, struct mc_arena *a, const char *enrolment_id,
                              const char *requirement_id, const char *session, char **id, struct mc_err *err)
{
	struct mc_db_stmt *st;
	*id = NULL;
	int rc = mc_db_prepare(db,
	                       "SELECT id FROM attendance WHERE enrolment_id = $1 AND requirement_id = $2 "
	                       "AND session = $3",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, enrolment_id);
	mc_db_bind_text(st, 2, requirement_id);
	mc_db_bind_text(st, 3, session);
	rc = mc_db_step(st, err);
	if (rc == MC_DB_ROW)
		*id = mc_db_col_dup(st, 0, a);
	mc_db_reset(st);
	return rc < 0 ? rc : (*id ? 0 : MC_ENOTFOUND);
}

int mc__store_attendance_counts(struct mc_db *db, struct mc_arena *a, const char *enrolment_id,
                                struct mc__count_row **out, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc = mc_db_prepare(db,
	                       "SELECT requirement_id, COUNT(*) FROM attendance WHERE enrolment_id = $1 "
	                       "GROUP BY requirement_id",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, enrolment_id);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		*out = mc_arena_grow(a, *out, *n, &cap, sizeof(**out));
		(*out)[*n].requirement_id = mc_db_col_dup(st, 0, a);
		(*out)[*n].count = mc_db_col_int(st, 1);
		(*n)++;
	}
	return rc < 0 ? rc : 0;
}

/* ---- results ---- */

int mc__store_result_insert(struct mc_db *db, const struct mc__result_row *r, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db,
	    "INSERT INTO results (id, enrolment_id, requirement_id, attempt, score, passed, "
	    "proctored, identity_verification, supervisor_name, supervisor_email, statement, "
	    "recorded_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
	    &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, r->id);
	mc_db_bind_text(st, 2, r->enrolment_id);
	mc_db_bind_text(st, 3, r->requirement_id);
	mc_db_bind_int(st, 4, r->attempt);
	bind_double(st, 5, r->has_score, r->score);
	mc_db_bind_int(st, 6, r->passed);
	mc_db_bind_int(st, 7, r->proctored);
	mc_db_bind_text(st, 8, r->identity_verification);
	mc_db_bind_text(st, 9, r->supervisor_name);
	mc_db_bind_text(st, 10, r->supervisor_email);
	mc_db_bind_text(st, 11, r->statement);
	mc_db_bind_text(st, 12, r->recorded_by);
	mc_db_bind_text(st, 13, r->created_at);
	return mc_db_run(st, err);
}

int mc__store_result_list(struct mc_db *db, struct mc_arena *a, const char *enrolment_id,
                          struct mc__result_row **out, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc = mc_db_prepare(
	    db,
	    "SELECT id, requirement_id, attempt, score, passed, proctored, identity_verification, "
	    "supervisor_name, supervisor_email, statement, recorded_by, created_at FROM results "
	    "WHERE enrolment_id = $1 ORDER BY requirement_id, attempt",
	    &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, enrolment_id);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		*out = mc_arena_grow(a, *out, *n, &cap, sizeof(**out));
		struct mc__result_row *r = &(*out)[(*n)++];
		memset(r, 0, sizeof(*r));
		r->id = mc_db_col_dup(st, 0, a);
		r->enrolment_id = enrolment_id;
		r->requirement_id = mc_db_col_dup(st, 1, a);
		r->attempt = mc_db_col_int(st, 2);
		r->has_score = col_double(st, 3, &r->score);
		r->passed = mc_db_col_int(st, 4) != 0;
		r->proctored = mc_db_col_int(st, 5) != 0;
		r->identity_verification = mc_db_col_dup(st, 6, a);
		r->supervisor_name = mc_db_col_dup(st, 7, a);
		r->supervisor_email = mc_db_col_dup(st, 8, a);
		r->statement = mc_db_col_dup(st, 9, a);
		r->recorded_by = mc_db_col_dup(st, 10, a);
		r->created_at = mc_db_col_dup(st, 11, a);
	}
	return rc < 0 ? rc : 0;
}
