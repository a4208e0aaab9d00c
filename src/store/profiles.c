/* SQL of public learner profiles: see src/store/profiles.h. */
#include "store/profiles.h"

int mc__store_public_user(struct mc_db *db, struct mc_arena *a, const char *user_id, const char **name,
                          const char **since, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "SELECT name, created_at FROM users WHERE id = $1 AND public_profile <> 0",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, user_id);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	*name = mc_db_col_dup(st, 0, a);
	*since = mc_db_col_dup(st, 1, a);
	mc_db_reset(st);
	return 0;
}

int mc__store_profile_matches(struct mc_db *db, struct mc_arena *a, const char *pattern, size_t limit,
                              struct mc__profile_match **out, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc =
	    mc_db_prepare(db,
	                  "SELECT u.id, u.name, c.id, a.title FROM credentials c "
	                  "JOIN users u ON u.id = c.user_id "
	                  "JOIN achievements a ON a.id = c.achievement_id "
	                  "WHERE u.public_profile <> 0 AND c.state = 'active' "
	                  "AND (lower(a.title) LIKE $1 ESCAPE '\\' OR EXISTS (SELECT 1 FROM alignments al "
	                  "WHERE al.achievement_id = a.id AND lower(al.name) LIKE $1 ESCAPE '\\')) "
	                  "ORDER BY lower(u.name), u.id, c.issued_at DESC LIMIT $2",
	                  &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, pattern);
	mc_db_bind_int(st, 2, (int64_t)limit);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			*out = mc_arena_realloc(a, *out, cap * sizeof(**out), ncap * sizeof(**out));
			cap = ncap;
		}
		struct mc__profile_match *m = &(*out)[(*n)++];
		m->user_id = mc_db_col_dup(st, 0, a);
		m->name = mc_db_col_dup(st, 1, a);
		m->credential_id = mc_db_col_dup(st, 2, a);
		m->title = mc_db_col_dup(st, 3, a);
	}
	return rc < 0 ? rc : 0;
}
