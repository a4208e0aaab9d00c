/* Private to src/store and src/app: the queries behind the learner's own view
 * (microcred/learner.h). The only place their SQL lives. */
#ifndef MC_STORE_LEARNER_H
#define MC_STORE_LEARNER_H

#include <stdbool.h>
#include <stddef.h>

#include "microcred/app.h"

/* The ids of the user's enrolments: active, completed, then withdrawn (unless
 * include_withdrawn is false), newest first within each state; at most limit. */
int mc__store_learner_enrolment_ids(struct mc_db *db, struct mc_arena *a, const char *user_id,
                                    bool include_withdrawn, size_t limit, char ***ids, size_t *n,
                                    struct mc_err *err);

#endif
