/* SQL for the console's numbers and lists: see src/store/analytics.h. */
#include "store/analytics.h"

#include <string.h>

static int64_t *state_slot(int64_t counts[3], const char *state, const char *s0, const char *s1,
                           const char *s2)
{
	if (!state)
		return NULL;
	if (strcmp(state, s0) == 0)
		return &counts[0];
	if (strcmp(state, s1) == 0)
		return &counts[1];
	if (strcmp(state, s2) == 0)
		return &counts[2];
	return NULL;
}

int mc__store_analytics_enrolments(struct mc_db *db, const char *issuer_id, const char *achievement_id,
                                   int64_t counts[3], struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "SELECT e.state, COUNT(*) FROM enrolments e "
	                       "JOIN achievements a ON a.id = e.achievement_id "
	                       "WHERE a.issuer_id = $1 AND (a.id = $2 OR $2 = '') GROUP BY e.state",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	mc_db_bind_text(st, 2, achievement_id ? achievement_id : "");
	counts[0] = counts[1] = counts[2] = 0;
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		int64_t *slot = state_slot(counts, mc_db_col_text(st, 0), "active", "completed", "withdrawn");
		if (slot)
			*slot += mc_db_col_int(st, 1);
	}
	return rc < 0 ? rc : 0;
}

int mc__store_analytics_awards(struct mc_db *db, const char *issuer_id, const char *achievement_id,
                               int64_t counts[3], struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "SELECT state, COUNT(*) FROM credentials "
	                       "WHERE issuer_id = $1 AND (achievement_id = $2 OR $2 = '') GROUP BY state",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	mc_db_bind_text(st, 2, achievement_id ? achievement_id : "");
	counts[0] = counts[1] = counts[2] = 0;
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		int64_t *slot = state_slot(counts, mc_db_col_text(st, 0), "active", "revoked", "suspended");
		if (slot)
			*slot += mc_db_col_int(st, 1);
	}
	return rc < 0 ? rc : 0;
}

int mc__store_analytics_earn_times(struct mc_db *db, struct mc_arena *a, const char *issuer_id,
                                   const char *achievement_id, const char ***started, const char ***issued,
                                   size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "SELECT e.started_at, c.issued_at FROM credentials c "
	                       "JOIN enrolments e ON e.id = c.enrolment_id "
	                       "WHERE c.issuer_id = $1 AND (c.achievement_id = $2 OR $2 = '') "
	                       "ORDER BY c.number",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	mc_db_bind_text(st, 2, achievement_id ? achievement_id : "");
	const char **s = NULL, **i = NULL;
	size_t cnt = 0, cap_s = 0, cap_i = 0;
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		s = mc_arena_grow(a, s, cnt, &cap_s, sizeof *s);
		i = mc_arena_grow(a, i, cnt, &cap_i, sizeof *i);
		s[cnt] = mc_db_col_dup(st, 0, a);
		i[cnt] = mc_db_col_dup(st, 1, a);
		cnt++;
	}
	if (rc < 0)
		return rc;
	*started = s;
	*issued = i;
	*n = cnt;
	return 0;
}

int mc__store_analytics_awards_by_month(struct mc_db *db, struct mc_arena *a, const char *issuer_id,
                                        const char *achievement_id, const char *since, char ***months,
                                        int64_t **counts, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc =
	    mc_db_prepare(db,
	                  "SELECT substr(issued_at, 1, 7), COUNT(*) FROM credentials "
	                  "WHERE issuer_id = $1 AND (achievement_id = $2 OR $2 = '') AND issued_at >= $3 "
	                  "GROUP BY substr(issued_at, 1, 7) ORDER BY 1",
	                  &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	mc_db_bind_text(st, 2, achievement_id ? achievement_id : "");
	mc_db_bind_text(st, 3, since);
	char **m = NULL;
	int64_t *c = NULL;
	size_t cnt = 0, cap_m = 0, cap_c = 0;
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		m = mc_arena_grow(a, m, cnt, &cap_m, sizeof *m);
		c = mc_arena_grow(a, c, cnt, &cap_c, sizeof *c);
		m[cnt] = mc_db_col_dup(st, 0, a);
		c[cnt] = mc_db_col_int(st, 1);
		cnt++;
	}
	if (rc < 0)
		return rc;
	*months = m;
	*counts = c;
	*n = cnt;
	return 0;
}

int mc__store_analytics_achievements(struct mc_db *db, struct mc_arena *a, const char *issuer_id,
                                     struct mc_analytics_row **out, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "SELECT id, slug, title, kind, state FROM achievements WHERE issuer_id = $1 "
	                       "ORDER BY title, id",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	struct mc_analytics_row *rows = NULL;
	size_t cnt = 0, cap = 0;
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		rows = mc_arena_grow(a, rows, cnt, &cap, sizeof *rows);
		struct mc_analytics_row *r = &rows[cnt++];
		memset(r, 0, sizeof *r);
		r->achievement_id = mc_db_col_dup(st, 0, a);
		r->slug = mc_db_col_dup(st, 1, a);
		r->title = mc_db_col_dup(st, 2, a);
		r->kind = mc_db_col_dup(st, 3, a);
		r->state = mc_db_col_dup(st, 4, a);
	}
	if (rc < 0)
		return rc;
	*out = rows;
	*n = cnt;
	return 0;
}

int mc__store_review_queue(struct mc_db *db, struct mc_arena *a, const char *issuer_id, size_t limit,
                           struct mc_console_review_item **out, size_t *n, size_t *total, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "SELECT COUNT(*) FROM evidence v JOIN enrolments e ON e.id = v.enrolment_id "
	                       "JOIN achievements a ON a.id = e.achievement_id "
	                       "WHERE a.issuer_id = $1 AND v.state = 'submitted'",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	if ((rc = mc_db_step(st, err)) < 0)
		return rc;
	*total = rc == MC_DB_ROW ? (size_t)mc_db_col_int(st, 0) : 0;
	mc_db_reset(st);

	rc = mc_db_prepare(db,
	                   "SELECT v.id, v.enrolment_id, u.email, u.name, a.slug, a.title, v.submitted_at "
	                   "FROM evidence v JOIN enrolments e ON e.id = v.enrolment_id "
	                   "JOIN users u ON u.id = e.user_id JOIN achievements a ON a.id = e.achievement_id "
	                   "WHERE a.issuer_id = $1 AND v.state = 'submitted' "
	                   "ORDER BY v.submitted_at, v.id LIMIT $2",
	                   &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	mc_db_bind_int(st, 2, (int64_t)limit);
	struct mc_console_review_item *items = NULL;
	size_t cnt = 0, cap = 0;
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		items = mc_arena_grow(a, items, cnt, &cap, sizeof *items);
		struct mc_console_review_item *it = &items[cnt++];
		it->evidence_id = mc_db_col_dup(st, 0, a);
		it->enrolment_id = mc_db_col_dup(st, 1, a);
		it->learner_email = mc_db_col_dup(st, 2, a);
		it->learner_name = mc_db_col_dup(st, 3, a);
		it->achievement_slug = mc_db_col_dup(st, 4, a);
		it->achievement_title = mc_db_col_dup(st, 5, a);
		it->submitted_at = mc_db_col_dup(st, 6, a);
	}
	if (rc < 0)
		return rc;
	*out = items;
	*n = cnt;
	return 0;
}

int mc__store_staff_list(struct mc_db *db, struct mc_arena *a, const char *issuer_id,
                         struct mc_console_staff_member **out, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc =
	    mc_db_prepare(db,
	                  "SELECT s.user_id, u.email, u.name, s.role, s.created_at FROM staff s "
	                  "JOIN users u ON u.id = s.user_id WHERE s.issuer_id = $1 "
	                  "ORDER BY CASE s.role WHEN 'owner' THEN 0 WHEN 'editor' THEN 1 ELSE 2 END, u.email",
	                  &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	struct mc_console_staff_member *m = NULL;
	size_t cnt = 0, cap = 0;
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		m = mc_arena_grow(a, m, cnt, &cap, sizeof *m);
		struct mc_console_staff_member *s = &m[cnt++];
		s->user_id = mc_db_col_dup(st, 0, a);
		s->email = mc_db_col_dup(st, 1, a);
		s->name = mc_db_col_dup(st, 2, a);
		s->role = mc_db_col_dup(st, 3, a);
		s->since = mc_db_col_dup(st, 4, a);
	}
	if (rc < 0)
		return rc;
	*out = m;
	*n = cnt;
	return 0;
}
