/* Private to src/store and src/app: rows of enrolments, files, evidence, reviews,
 * attendance and results, and the read-only view of achievements and requirements
 * the learning services need. The only place their SQL lives. Strings come back
 * allocated in the arena given. */
#ifndef MC_STORE_LEARNING_H
#define MC_STORE_LEARNING_H

#include "microcred/learning.h"
#include "store/achievements.h"

struct mc__req_row {
	const char *id;
	int64_t position;
	const char *kind, *title, *description, *mode, *config;
};
/* The requirements of an achievement in their order (position, then id). */
int mc__store_learning_requirements(struct mc_db *db, struct mc_arena *a, const char *achievement_id,
                                    struct mc__req_row **out, size_t *n, struct mc_err *err);

int mc__store_enrolment_insert(struct mc_db *db, const struct mc_enrolment *e, struct mc_err *err);
/* With the achievement's slug, title and issuer and the learner's email and name. */
int mc__store_enrolment_get(struct mc_db *db, struct mc_arena *a, const char *id, struct mc_enrolment **out,
                            struct mc_err *err);
/* The live (not withdrawn) enrolment; MC_ENOTFOUND when there is none. */
int mc__store_enrolment_live(struct mc_db *db, struct mc_arena *a, const char *achievement_id,
                             const char *user_id, struct mc_enrolment **out, struct mc_err *err);
/* Moves an active enrolment to "withdrawn" / "completed"; *changed says whether it
 * was active. */
int mc__store_enrolment_withdraw(struct mc_db *db, const char *id, const char *now, bool *changed,
                                 struct mc_err *err);
int mc__store_enrolment_complete(struct mc_db *db, const char *id, const char *now, bool *changed,
                                 struct mc_err *err);
/* The credential awarded under award_key (*id NULL when none). */
int mc__store_credential_by_key(struct mc_db *db, struct mc_arena *a, const char *award_key, char **id,
                                struct mc_err *err);

/* Stores the bytes unless a file with this digest is there already. */
int mc__store_file_put(struct mc_db *db, const char *sha256_hex, const void *p, size_t n,
                       const char *media_type, const char *now, struct mc_err *err);
int mc__store_file_get(struct mc_db *db, struct mc_arena *a, const char *sha256_hex, const void **p,
                       size_t *n, const char **media_type, struct mc_err *err);

int mc__store_evidence_insert(struct mc_db *db, const struct mc_evidence *e, struct mc_err *err);
/* With the requirement's title and kind, the file's size and type, and the latest
 * review (requirement_number is left 0: the caller numbers). */
int mc__store_evidence_get(struct mc_db *db, struct mc_arena *a, const char *id, struct mc_evidence **out,
                           struct mc_err *err);
int mc__store_evidence_list(struct mc_db *db, struct mc_arena *a, const char *enrolment_id,
                            struct mc_evidence ***out, size_t *n, struct mc_err *err);
/* Moves evidence from "submitted" to state; *changed false when it was not submitted. */
int mc__store_evidence_decide(struct mc_db *db, const char *id, const char *state, bool *changed,
                              struct mc_err *err);

struct mc__review_row {
	const char *id, *evidence_id, *reviewer_id, *decision;
	bool has_score;
	double score;
	const char *feedback, *created_at;
};
int mc__store_review_insert(struct mc_db *db, const struct mc__review_row *r, struct mc_err *err);

/* *inserted false when (enrolment, requirement, session) was recorded before. */
int mc__store_attendance_insert(struct mc_db *db, const char *id, const char *enrolment_id,
                                const char *requirement_id, const char *session, const char *recorded_by,
                                const char *now, bool *inserted, struct mc_err *err);
/* The id of the existing row for (enrolment, requirement, session). */
int mc__store_attendance_find(struct mc_db *db, struct mc_arena *a, const char *enrolment_id,
                              const char *requirement_id, const char *session, char **id, struct mc_err *err);

struct mc__count_row {
	const char *requirement_id;
	int64_t count;
};
int mc__store_attendance_counts(struct mc_db *db, struct mc_arena *a, const char *enrolment_id,
                                struct mc__count_row **out, size_t *n, struct mc_err *err);

struct mc__result_row {
	const char *id, *enrolment_id, *requirement_id;
	int64_t attempt;
	bool has_score;
	double score;
	bool passed, proctored;
	const char *identity_verification, *supervisor_name, *supervisor_email, *statement, *recorded_by,
	    *created_at;
};
int mc__store_result_insert(struct mc_db *db, const struct mc__result_row *r, struct mc_err *err);
/* The enrolment's results, by requirement and attempt. */
int mc__store_result_list(struct mc_db *db, struct mc_arena *a, const char *enrolment_id,
                          struct mc__result_row **out, size_t *n, struct mc_err *err);

#endif
