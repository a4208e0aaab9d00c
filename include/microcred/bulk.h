/* Bulk awards from a CSV file (src/app/bulk.c): one credential per row, each row
 * all-or-nothing, resumable.
 *
 * The file: UTF-8 (a leading byte-order mark is ignored), RFC 4180 (fields separated
 * by commas, records by CRLF or LF, fields containing commas, quotes or line breaks
 * enclosed in double quotes, a quote inside them doubled), a header row naming the
 * columns in any order:
 *   email             required  the recipient's email address
 *   name              optional  the recipient's name
 *   micro_credential  required  the micro-credential's slug or id (published)
 *   evidence_url      optional  an https:// URL of evidence, embedded as Evidence
 *   date              optional  when it was earned: 2025-01-15 or an RFC 3339
 *                               date-time; empty = now
 * Header names are matched ignoring case, surrounding spaces, and '-' / ' ' versus
 * '_' ("Micro-credential" works); "credential" and "achievement" are accepted for
 * micro_credential, "evidence" for evidence_url, "awarded" / "issued" for date.
 * Blank lines are skipped. Rows are numbered as a spreadsheet shows them: the header
 * is row 1. Limits: MC_BULK_MAX_FILE bytes, MC_BULK_MAX_ROWS rows, MC_BULK_MAX_FIELD
 * bytes a field.
 *
 * Resuming: a job is keyed by the SHA-256 of the file's bytes. Each row is awarded
 * with award key "csv:<job id>:<row>" and recorded in bulk_rows in the same
 * transaction, so running the same file again (after an interruption, or at the same
 * time in another process) skips the rows already awarded and never awards a row
 * twice; rows that failed are tried again. */
#ifndef MICROCRED_BULK_H
#define MICROCRED_BULK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"

#define MC_BULK_MAX_FILE ((size_t)256 * 1024 * 1024)
#define MC_BULK_MAX_ROWS 1000000
#define MC_BULK_MAX_FIELD 4096

/* What is wrong with one row. */
struct mc_bulk_error {
	int64_t row;        /* the header is row 1 */
	const char *column; /* "email", "micro_credential", ...; NULL for the row as a whole */
	const char *message;
};

struct mc_bulk_opts {
	const char *issuer_ref; /* optional: every micro-credential must be this issuer's */
	const char *file_name;  /* recorded with the job (optional) */
	/* Called after each row (done = rows finished, including skipped and failed). */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
};

struct mc_bulk_result {
	const char *job_id;
	bool resumed;   /* the job existed: an earlier run of the same file */
	size_t total;   /* data rows */
	size_t awarded; /* credentials created by this run */
	size_t skipped; /* rows awarded before (an earlier run or another process) */
	size_t failed;
	/* Pathway (stacked) credentials the new awards completed (lifecycle.h's
	 * mc_pathways_on_award, run after each row's transaction), and how many of
	 * those hooks failed (the row stays awarded; pathway_error is the first). */
	size_t pathways, pathway_failures;
	const char *pathway_error;
	struct mc_bulk_error *errors; /* one per failed row, in row order */
	size_t n_errors;
};

/* Awards the rows of the CSV text data[0..len) (borrowed). Returns 0 when the file
 * was processed — rows may still have failed (result->failed, result->errors);
 * MC_EINVAL / MC_ELIMIT for problems of the whole file (no header, an unknown or
 * missing column, too large), with nothing awarded; other errors (database) stop the
 * run where it is (rows done so far stay done; a re-run resumes). Results in a. */
int mc_bulk_award_csv(struct mc_app *app, struct mc_arena *a, const char *data, size_t len,
                      const struct mc_bulk_opts *opts, struct mc_bulk_result *result, struct mc_err *err);

#endif
