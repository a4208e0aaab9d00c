/* Private to src/app: helpers shared by the catalogue's files (achievements.c,
 * requirements.c, eu_elements.c). */
#ifndef MC_APP_CATALOGUE_H
#define MC_APP_CATALOGUE_H

#include "microcred/achievement.h"

/* The CLI flag of a spec member: "workload_hours" -> "--workload-hours"; the lists
 * outcomes, tags and alignments are --outcome, --tag and --align. Static strings. */
const char *mc__catalogue_flag(const char *member);

/* An absolute http(s) URL with a host and no spaces or control characters. */
bool mc__catalogue_url_ok(const char *s);

/* Number formatting for texts: shortest form ("5", "2.5"), in a. */
char *mc__catalogue_num(struct mc_arena *a, double d);

/* Requirements of an achievement by id, in position order (requirements.c). */
int mc__catalogue_requirements(struct mc_app *app, struct mc_arena *a, const char *achievement_id,
                               struct mc_requirement **out, size_t *n, struct mc_err *err);

/* Adds the requirement object req to the achievement with this id, inside the
 * caller's transaction (requirements.c). */
int mc__catalogue_requirement_insert(struct mc_app *app, struct mc_arena *a, const char *achievement_id,
                                     const struct mc_json *req, const char *where,
                                     struct mc_requirement **out, struct mc_err *err);

/* The missing-element list as one sentence:
 * "missing EU mandatory elements: a (f), b (f); also needed: ..." (eu_elements.c). */
char *mc__catalogue_missing_text(struct mc_arena *a, const struct mc_eu_element *const *missing, size_t n);

#endif
