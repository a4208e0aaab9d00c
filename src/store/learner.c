/* The SQL of the learner's own view (see learner.h). */
#include "store/learner.h"

#include "microcred/db.h"

int mc__store_learner_enrolment_ids(struct mc_db *db, struct mc_arena *a, const char *user_id,
                                    bool include_withdrawn, size_t limit, char ***ids, size_t *n,
                                    struct mc_err *err)
{
	struct mc_db_stmt *st;
	size_t cap = 0;
	*ids = NULL;
	*n = 0;
	int rc =
	    mc_db_prepare(db,
	                  "SELECT id FROM enrolments WHERE user_id = $1 AND ($2 = 1 OR state <> 'withdrawn') "
	                  "ORDER BY CASE state WHEN 'active' THEN 0 WHEN 'completed' THEN 1 ELSE 2 END, "
	                  "created_at DESC, id DESC LIMIT $3",
	                  &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, user_id);
	mc_db_bind_int(st, 2, include_withdrawn ? 1 : 0);
	mc_db_bind_int(st, 3, (int64_t)limit);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			*ids = mc_arena_realloc(a, *ids, cap * sizeof(**ids), ncap * sizeof(**ids));
			cap = ncap;
		}
		(*ids)[(*n)++] = mc_db_col_dup(st, 0, a);
	}
	return rc < 0 ? rc : 0;
}
