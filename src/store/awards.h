/* Private to src/store and src/app: rows of credentials (awards), the credential
 * counter, the award engine's reads of achievements, alignments and endorsements,
 * its events, and the bulk award jobs (bulk_jobs, bulk_rows). The only place their
 * SQL lives. Strings come back allocated in the arena given. */
#ifndef MC_STORE_AWARDS_H
#define MC_STORE_AWARDS_H

#include <stddef.h>
#include <stdint.h>

#include "microcred/award.h"

/* A credentials row: the public struct plus the status entries. */
struct mc__credential_row {
	struct mc_award a;
	const char *enrolment_id;
	const char *revocation_list;
	int64_t revocation_index;
	const char *suspension_list;
	int64_t suspension_index;
};

/* Increments counter name and returns the new value, in the caller's transaction
 * (gap-free: a rollback gives the number back). */
int mc__store_award_counter_next(struct mc_db *db, const char *name, int64_t *value, struct mc_err *err);
int mc__store_credential_insert(struct mc_db *db, const struct mc__credential_row *r, struct mc_err *err);

enum mc__credential_key {
	MC__CRED_BY_ID,        /* urn:uuid:... */
	MC__CRED_BY_AWARD_KEY, /* award_key */
	MC__CRED_BY_NUMBER,    /* ref is the number as text */
};
/* 0, MC_ENOTFOUND, or an error. */
int mc__store_credential_find(struct mc_db *db, struct mc_arena *a, enum mc__credential_key by,
                              const char *ref, struct mc__credential_row **out, struct mc_err *err);

/* Filters: NULL = any. Newest first. Omits json and jwt (a listing). */
struct mc__credential_query {
	const char *issuer_id, *achievement_id, *email, *user_id, *state;
	int64_t limit, offset;
};
int mc__store_credential_list(struct mc_db *db, struct mc_arena *a, const struct mc__credential_query *q,
                              struct mc__credential_row **out, size_t *n, struct mc_err *err);

/* What the award engine reads of a micro-credential. */
/* The JSON texts of the current (not withdrawn) endorsements of a subject
 * ("issuer" or "achievement"), oldest first. */
int mc__store_award_endorsements(struct mc_db *db, struct mc_arena *a, const char *subject_type,
                                 const char *subject_id, const char ***json, size_t *n, struct mc_err *err);

/* Appends a domain event (the outbox). */
int mc__store_award_event(struct mc_db *db, const char *type, const char *subject, const char *payload,
                          const char *now, struct mc_err *err);

/* ---- bulk jobs ---- */

/* The job of a file (by its SHA-256), creating it with new_id when there is none;
 * *created says which. */
int mc__store_bulk_job_ensure(struct mc_db *db, struct mc_arena *a, const char *new_id, const char *issuer_id,
                              const char *file_sha256, const char *file_name, int64_t total_rows,
                              const char *now, char **job_id, int *created, struct mc_err *err);
/* The row numbers already awarded in a job, ascending. */
int mc__store_bulk_awarded_rows(struct mc_db *db, struct mc_arena *a, const char *job_id, int64_t **rows,
                                size_t *n, struct mc_err *err);
/* Records a row's outcome ("awarded" or "failed"), replacing an earlier one. */
int mc__store_bulk_row_set(struct mc_db *db, const char *job_id, int64_t row, const char *state,
                           const char *credential_id, const char *error, struct mc_err *err);
int mc__store_bulk_job_finish(struct mc_db *db, const char *job_id, const char *state, const char *now,
                              struct mc_err *err);

#endif
