/* Private to src/app: helpers shared by the learning services (enrolment.c,
 * evidence.c, assessment.c, progress.c). */
#ifndef MC_APP_LEARNING_INTERNAL_H
#define MC_APP_LEARNING_INTERNAL_H

#include "microcred/issuer.h"
#include "microcred/learning.h"

#include "store/learning.h"

/* The requirement of achievement_id named by ref: its id, or its 1-based number.
 * *number gets the number. MC_EINVAL (naming the achievement and the valid range)
 * when ref is neither, or belongs to another micro-credential. */
int mc__learning_requirement(struct mc_app *app, struct mc_arena *a, const struct mc_enrolment *e,
                             const char *ref, struct mc__req_row **req, int *number, struct mc_err *err);
/* The number (1-based) of requirement_id among the achievement's requirements, 0 if absent. */
int mc__learning_requirement_number(const struct mc__req_row *reqs, size_t n, const char *requirement_id);

/* Resolves the acting user (email or id) and checks that they are staff (any role)
 * of issuer_id: MC_EAUTH otherwise, naming what they tried to do. */
int mc__learning_staff(struct mc_app *app, struct mc_arena *a, const char *issuer_id, const char *actor,
                       const char *action, struct mc_user **out, struct mc_err *err);

/* The enrolment, which must be active for recording something (MC_ESTATE with the
 * reason otherwise). */
int mc__learning_active_enrolment(struct mc_app *app, struct mc_arena *a, const char *id,
                                  struct mc_enrolment **out, struct mc_err *err);

/* The requirement's config object (an empty object when the stored text is not an
 * object). */
struct mc_json *mc__learning_config(struct mc_arena *a, const struct mc__req_row *r);
/* A number member of a config, or def. */
double mc__learning_cfg_num(const struct mc_json *cfg, const char *key, double def);
bool mc__learning_cfg_has(const struct mc_json *cfg, const char *key);
bool mc__learning_cfg_bool(const struct mc_json *cfg, const char *key);

/* After a staff action committed: fills out->progress, and completes and awards
 * the enrolment when every requirement is met. Never fails the action: award
 * trouble goes to out->award_rc / award_err. */
void mc__learning_after_event(struct mc_app *app, struct mc_arena *a, struct mc_learning_outcome *out);

/* OB 3.0 Results for the passed assessments of p whose ResultDescription the
 * achievement (its OB 3.0 JSON) defines; an empty array when it defines none. */
struct mc_json *mc__learning_results(struct mc_arena *a, const struct mc_json *achievement,
                                     const struct mc_progress *p, const struct mc__result_row *res,
                                     size_t nres);

/* Formats a score without trailing zeros ("78", "78.5"). */
const char *mc__learning_num(struct mc_arena *a, double v);

#endif
