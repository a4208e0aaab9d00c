/* The learner's own view of the platform (src/app/learner.c): what the learner
 * dashboard and backpack show. Every function takes the learner's user id and
 * answers only about that learner's data: an enrolment or evidence of someone else
 * is MC_ENOTFOUND, exactly like one that does not exist, so ids cannot be probed.
 *
 * Results are allocated in the arena given; inputs are borrowed. */
#ifndef MICROCRED_LEARNER_H
#define MICROCRED_LEARNER_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "award.h"
#include "learning.h"

/* The learner's enrolments with their progress: active ones first, then completed,
 * then withdrawn (include_withdrawn false leaves those out); newest first within
 * each group. At most 200. */
int mc_learner_enrolments(struct mc_app *app, struct mc_arena *a, const char *user_id, bool include_withdrawn,
                          struct mc_progress ***out, size_t *n, struct mc_err *err);

/* One enrolment of the learner, with its progress and the evidence submitted for
 * it (oldest first, with the latest review of each). */
struct mc_learner_enrolment {
	struct mc_progress *progress; /* ->enrolment is the enrolment */
	struct mc_evidence **evidence;
	size_t n_evidence;
};
int mc_learner_enrolment(struct mc_app *app, struct mc_arena *a, const char *user_id,
                         const char *enrolment_id, struct mc_learner_enrolment **out, struct mc_err *err);

/* Withdraws the learner's own active enrolment. MC_ESTATE when it is not active. */
int mc_learner_withdraw(struct mc_app *app, struct mc_arena *a, const char *user_id, const char *enrolment_id,
                        struct mc_enrolment **out, struct mc_err *err);

/* Submits evidence for the learner's own enrolment (in->enrolment_id); the checks
 * of mc_evidence_submit apply (kinds, sizes, file types). */
int mc_learner_submit_evidence(struct mc_app *app, struct mc_arena *a, const char *user_id,
                               const struct mc_evidence_input *in, struct mc_evidence **out,
                               struct mc_err *err);

/* A file of the learner's own evidence: its bytes, media type and name. */
int mc_learner_evidence_file(struct mc_app *app, struct mc_arena *a, const char *user_id,
                             const char *evidence_id, const void **bytes, size_t *len,
                             const char **media_type, const char **file_name, struct mc_err *err);

/* The learner's credentials (awarded to their user id or to their email), newest
 * first, each with its signed document (json, and jwt when issued) and the state to show
 * (mc_credential_effective_state: "active", "revoked", "suspended", "expired"). At most 500. */
struct mc_backpack_item {
	struct mc_award *award;
	const char *shown_state;
};
int mc_learner_backpack(struct mc_app *app, struct mc_arena *a, const char *user_id,
                        struct mc_backpack_item **out, size_t *n, struct mc_err *err);

#endif
