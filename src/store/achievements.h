/* Private to src/store and src/app: rows of achievements, alignments and
 * requirements — the only place their SQL lives. Strings come back allocated in the
 * arena given; the JSON columns (outcomes, tags, config) are parsed on the way in
 * and written on the way out. */
#ifndef MC_STORE_ACHIEVEMENTS_H
#define MC_STORE_ACHIEVEMENTS_H

#include "microcred/achievement.h"

int mc__store_achievement_insert(struct mc_db *db, const struct mc_achievement *ach, struct mc_err *err);
/* Rewrites every column but id, issuer_id and created_at. */
int mc__store_achievement_update(struct mc_db *db, const struct mc_achievement *ach, struct mc_err *err);
/* By id or slug, with its alignments; MC_ENOTFOUND when there is none. */
/* The identifying columns of a micro-credential, by id or slug — without the rest of
 * the row or its alignments — for services that only check that it exists, its state
 * or its issuer (enrolment, awards, pathways, endorsements). 0, MC_ENOTFOUND, or an
 * error. */
struct mc__achievement_ref {
	const char *id, *issuer_id, *slug, *kind, *title, *state;
};
int mc__store_achievement_ref(struct mc_db *db, struct mc_arena *a, const char *ref,
                              struct mc__achievement_ref *out, struct mc_err *err);

int mc__store_achievement_find(struct mc_db *db, struct mc_arena *a, const char *ref,
                               struct mc_achievement **out, struct mc_err *err);

/* f->issuer_ref must already be an issuer id (or NULL). Alignments are not loaded. */
int mc__store_achievement_list(struct mc_db *db, struct mc_arena *a, const struct mc_achievement_filter *f,
                               struct mc_achievement ***out, size_t *n, size_t *total, struct mc_err *err);

/* Replaces the alignments of ach with ach->alignments. */
int mc__store_alignments_replace(struct mc_db *db, const struct mc_achievement *ach, struct mc_err *err);

int mc__store_requirement_insert(struct mc_db *db, const struct mc_requirement *r, struct mc_err *err);
int mc__store_requirement_list(struct mc_db *db, struct mc_arena *a, const char *achievement_id,
                               struct mc_requirement **out, size_t *n, struct mc_err *err);
int mc__store_requirement_delete(struct mc_db *db, const char *id, struct mc_err *err);
/* The position after the last one (1 for the first requirement). */
int mc__store_requirement_next_position(struct mc_db *db, const char *achievement_id, int64_t *pos,
                                        struct mc_err *err);
/* How many evidence, attendance and result rows refer to the requirement. */
int mc__store_requirement_uses(struct mc_db *db, const char *id, int64_t *uses, struct mc_err *err);

#endif
