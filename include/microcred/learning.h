/* The learner's path through a micro-credential: enrolment, evidence, assessment,
 * progress, and completion -> award. Services of src/app/enrolment.c, evidence.c,
 * assessment.c and progress.c.
 *
 * Requirements and their config are defined in sql/001_core.sql (table
 * requirements). They are named either by id or by number: the 1-based place of
 * the requirement in the micro-credential's list (ordered by position), as
 * `microcred progress` shows it.
 *
 * What meets each kind of requirement:
 *   assignment  accepted evidence whose score reaches pass_threshold (when set)
 *   attendance  `sessions` distinct sessions recorded by staff
 *   portfolio   `min_items` accepted evidence items
 *   assessment  a passed attempt (score >= pass_score); failed when max_attempts
 *               attempts all failed
 *   conference  `count` distinct events recorded by staff
 *   workplace   an attestation by a named supervisor (name, email, statement)
 *               recorded by staff
 *
 * Staff actions (review, attendance, results) take the acting user and check,
 * here in the service, that they are staff (owner, editor or assessor) of the
 * issuer of the micro-credential: MC_EAUTH otherwise.
 *
 * Completion: every staff action ends by recomputing progress (after its own
 * transaction commits); when every requirement is met, mc_award_issue is called with
 * award_key "enrolment:<id>" and the enrolment is marked completed. The award key
 * makes this idempotent: replaying an event, or two processes completing the same
 * enrolment at once, yields one credential. mc_enrolment_complete retries a
 * completion whose award failed (e.g. the issuer had no signing key then).
 *
 * Files (evidence): stored once per content in the files table, keyed by the hex
 * SHA-256 of the bytes. At most mc_evidence_max_file_size() bytes (default 10 MiB,
 * setting "evidence.max_file_bytes"). Accepted types, detected from the content
 * (magic bytes), never from the name alone:
 *   application/pdf (.pdf)   image/png (.png)   image/jpeg (.jpg, .jpeg)
 *   image/webp (.webp)       application/zip (.zip)
 *   text/plain (.txt, or no extension) and text/markdown (.md, .markdown): valid
 *   UTF-8 without NUL or other control characters than tab, CR and LF.
 * A name whose extension names another type than the content's is an error, and so
 * is an extension outside this list. Not accepted on purpose: SVG and HTML (they
 * can carry scripts shown to assessors), office documents (send a PDF), executables.
 *
 * Evidence is private to the learner and the issuer's staff unless it is marked
 * public; only accepted public evidence goes into the credential. */
#ifndef MICROCRED_LEARNING_H
#define MICROCRED_LEARNING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "json.h"

#define MC_EVIDENCE_DEFAULT_MAX_FILE ((size_t)10 * 1024 * 1024)
#define MC_EVIDENCE_MAX_TEXT ((size_t)100 * 1000)
#define MC_EVIDENCE_MAX_URL ((size_t)2048)

/* ---- enrolment ---- */

struct mc_enrolment {
	const char *id;
	const char *achievement_id;
	const char *achievement_slug;
	const char *achievement_title;
	const char *issuer_id;
	const char *user_id;
	const char *email;
	const char *name;
	const char *state; /* "active", "completed", "withdrawn" */
	const char *started_at;
	const char *target_date; /* may be NULL */
	const char *completed_at;
	const char *withdrawn_at;
	const char *created_at;
};

struct mc_enrol_input {
	const char *achievement_ref; /* id or slug of a published micro-credential */
	const char *email;           /* the learner; created as a user if needed */
	const char *name;            /* the learner's name for a new user (optional) */
	const char *start_date;      /* YYYY-MM-DD or RFC 3339; NULL = now */
	const char *target_date;     /* YYYY-MM-DD or RFC 3339; optional, not before the start */
};

/* Enrols a learner. MC_EEXIST when they already have a live (active or completed)
 * enrolment in that micro-credential; the message names it. */
int mc_enrol(struct mc_app *app, struct mc_arena *a, const struct mc_enrol_input *in,
             struct mc_enrolment **out, struct mc_err *err);
int mc_enrolment_get(struct mc_app *app, struct mc_arena *a, const char *id, struct mc_enrolment **out,
                     struct mc_err *err);
/* The live enrolment of the learner with this email in the micro-credential. */
int mc_enrolment_find(struct mc_app *app, struct mc_arena *a, const char *achievement_ref, const char *email,
                      struct mc_enrolment **out, struct mc_err *err);
/* Withdraws an active enrolment (the learner may enrol again later). */
int mc_enrolment_withdraw(struct mc_app *app, struct mc_arena *a, const char *id, struct mc_enrolment **out,
                          struct mc_err *err);

/* ---- evidence ---- */

struct mc_evidence {
	const char *id;
	const char *enrolment_id;
	const char *requirement_id;
	const char *requirement_title;
	const char *requirement_kind;
	int requirement_number; /* 1-based */
	const char *kind;       /* "text", "url", "file" */
	const char *title;
	const char *text;
	const char *url;
	const char *file_sha256; /* hex */
	const char *file_name;
	const char *file_media_type;
	int64_t file_size;
	const char *state; /* "submitted", "accepted", "rejected" */
	bool is_public;
	const char *submitted_at;
	/* The latest review, when there is one (review_id NULL otherwise). */
	const char *review_id;
	const char *reviewer_email;
	const char *decision; /* "accept" | "reject" */
	bool has_score;
	double score;
	const char *feedback_json; /* {"comment", "rubric": [{"criterion", "points"}]} */
	const char *reviewed_at;
};

struct mc_evidence_input {
	const char *enrolment_id;
	const char *requirement_ref; /* requirement id or number */
	const char *title;           /* optional */
	/* Exactly one of text, url, file. */
	const char *text;
	const char *url;
	const void *file; /* borrowed bytes */
	size_t file_len;
	const char *file_name; /* required with file: its extension is checked */
	bool is_public;
};

/* Submits evidence for an assignment or portfolio requirement of the enrolment's
 * micro-credential. */
int mc_evidence_submit(struct mc_app *app, struct mc_arena *a, const struct mc_evidence_input *in,
                       struct mc_evidence **out, struct mc_err *err);
/* viewer_user_id: who is looking (NULL = anyone). Private evidence is shown only to
 * the learner and the issuer's staff: MC_EAUTH otherwise. */
int mc_evidence_get(struct mc_app *app, struct mc_arena *a, const char *id, const char *viewer_user_id,
                    struct mc_evidence **out, struct mc_err *err);
/* The enrolment's evidence, oldest first, that viewer may see; *hidden counts the
 * private items left out. */
int mc_evidence_list(struct mc_app *app, struct mc_arena *a, const char *enrolment_id,
                     const char *viewer_user_id, struct mc_evidence ***out, size_t *n, size_t *hidden,
                     struct mc_err *err);
/* A stored file's bytes (borrowed from a) and media type. */
int mc_evidence_file(struct mc_app *app, struct mc_arena *a, const char *sha256_hex, const void **bytes,
                     size_t *len, const char **media_type, struct mc_err *err);
/* The upload size limit in bytes (setting "evidence.max_file_bytes", default 10 MiB). */
int mc_evidence_max_file_size(struct mc_app *app, size_t *max, struct mc_err *err);
/* Detects an accepted media type from the content (and checks that name, when
 * given, has a matching extension). MC_EINVAL with the reason otherwise. */
int mc_evidence_detect_type(const void *p, size_t n, const char *name, const char **media_type,
                            struct mc_err *err);

/* ---- what a staff action returns ---- */

struct mc_progress;

struct mc_learning_outcome {
	const char *id;               /* the review, attendance or result row */
	const char *enrolment_id;     /* whose progress it changed */
	bool duplicate;               /* attendance: the session had been recorded before */
	struct mc_progress *progress; /* after the action (NULL if it could not be computed) */
	/* Set when the enrolment is complete and awarded (now or before). */
	const char *credential_id;
	bool awarded_now; /* this call created the credential */
	/* The action was recorded but awarding failed: award_err says why (the action
	 * itself still returns 0). mc_enrolment_complete retries. */
	int award_rc;
	struct mc_err award_err;
};

/* ---- review ---- */

struct mc_rubric_score {
	const char *criterion;
	double points;
};

struct mc_review_input {
	const char *evidence_id;
	const char *reviewer; /* email or user id of the acting assessor */
	bool accept;
	bool has_score;
	double score; /* with a rubric and no score: the sum of the points */
	const struct mc_rubric_score *rubric;
	size_t rubric_n;
	const char *comment;
};

/* Parses "criterion=points,criterion=points" into scores allocated in a. */
int mc_rubric_parse(struct mc_arena *a, const char *s, struct mc_rubric_score **out, size_t *n,
                    struct mc_err *err);

/* Accepts or rejects submitted evidence. Rubric scores are checked against the
 * assignment's rubric (known criteria, 0..points each, all scored); accepting needs
 * a score reaching the pass threshold when the requirement has one. */
int mc_review_record(struct mc_app *app, struct mc_arena *a, const struct mc_review_input *in,
                     struct mc_learning_outcome **out, struct mc_err *err);

/* ---- attendance and results ---- */

struct mc_attendance_input {
	const char *enrolment_id;
	const char *requirement_ref; /* an attendance or conference requirement */
	const char *session;         /* session or event name / date */
	const char *staff;           /* acting staff: email or user id */
};
/* Records one attended session or event. Recording the same session again is not
 * an error: the outcome says duplicate. */
int mc_attendance_record(struct mc_app *app, struct mc_arena *a, const struct mc_attendance_input *in,
                         struct mc_learning_outcome **out, struct mc_err *err);

struct mc_result_input {
	const char *enrolment_id;
	const char *requirement_ref; /* an assessment or workplace requirement */
	const char *staff;
	/* assessment */
	bool has_score;
	double score; /* 0..max_score; passed = score >= pass_score */
	bool proctored;
	const char *identity_verification; /* required when proctored */
	/* workplace */
	const char *supervisor_name;
	const char *supervisor_email;
	const char *statement;
};
/* Records an assessment attempt (numbered; at most max_attempts; none after a pass)
 * or a workplace attestation. */
int mc_result_record(struct mc_app *app, struct mc_arena *a, const struct mc_result_input *in,
                     struct mc_learning_outcome **out, struct mc_err *err);

/* ---- progress ---- */

enum mc_req_state {
	MC_REQ_NOT_STARTED = 0,
	MC_REQ_IN_PROGRESS,
	MC_REQ_SUBMITTED, /* waiting for an assessor */
	MC_REQ_MET,
	MC_REQ_FAILED, /* no way left to meet it (all attempts used) */
};
/* "not started", "in progress", "submitted", "met", "failed" */
const char *mc_req_state_name(enum mc_req_state s);

struct mc_requirement_progress {
	const char *id;
	int number; /* 1-based */
	const char *kind;
	const char *title;
	const char *mode; /* "online" | "in-person" */
	enum mc_req_state state;
	const char *description; /* "2 of 3 sessions attended", "score 78 / pass 70 — passed" */
	double fraction;         /* 0..1: met = 1; counted kinds in proportion */
};

struct mc_progress {
	struct mc_enrolment *enrolment;
	struct mc_requirement_progress *reqs;
	size_t n;
	int percent;               /* rounded mean of the fractions */
	bool complete;             /* every requirement met (and there is at least one) */
	const char *credential_id; /* the award, when there is one */
};

int mc_progress_get(struct mc_app *app, struct mc_arena *a, const char *enrolment_id,
                    struct mc_progress **out, struct mc_err *err);
/* As JSON: {"enrolment": {...}, "percent", "complete", "credential", "requirements": [...]} */
struct mc_json *mc_progress_json(struct mc_arena *a, const struct mc_progress *p);

/* Awards the enrolment if every requirement is met and it has not been awarded
 * yet (idempotent); the outcome has the credential id. MC_ESTATE when requirements
 * are still open. */
int mc_enrolment_complete(struct mc_app *app, struct mc_arena *a, const char *enrolment_id,
                          struct mc_learning_outcome **out, struct mc_err *err);

#endif
