/* Bulk awards from CSV: see include/microcred/bulk.h.
 *
 * The file is parsed whole first (so the header is checked and the rows counted
 * before anything is awarded), then each row is checked and awarded in its own
 * transaction through the award engine, with its bulk_rows record written in the
 * same transaction (award_internal.h's hook). A per-row arena is cleared after
 * every row, so memory stays flat however long the file. */
#include "microcred/bulk.h"

#include <sodium.h>
#include <string.h>

#include "microcred/award.h"
#include "microcred/encoding.h"
#include "microcred/issuer.h"
#include "microcred/lifecycle.h"

#include "app/award_internal.h"
#include "app/csv.h"
#include "store/achievements.h"
#include "store/awards.h"

enum col { COL_EMAIL, COL_NAME, COL_MC, COL_EVIDENCE, COL_DATE, N_COLS };

static const char *const col_names[N_COLS] = {"email", "name", "micro_credential", "evidence_url", "date"};

/* "Micro-credential " -> "micro_credential". */
static const char *norm_header(struct mc_arena *a, const struct mc__csv_field *f)
{
	char *s = mc_arena_strndup(a, f->s, f->n);
	for (char *p = s; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
		else if (*p == ' ' || *p == '-')
			*p = '_';
	}
	return s;
}

static int header_col(const char *h)
{
	static const struct {
		const char *name;
		int col;
	} names[] = {
	    {"email", COL_EMAIL},         {"email_address", COL_EMAIL},
	    {"e_mail", COL_EMAIL},        {"name", COL_NAME},
	    {"recipient_name", COL_NAME}, {"micro_credential", COL_MC},
	    {"microcredential", COL_MC},  {"credential", COL_MC},
	    {"achievement", COL_MC},      {"evidence_url", COL_EVIDENCE},
	    {"evidence", COL_EVIDENCE},   {"date", COL_DATE},
	    {"awarded", COL_DATE},        {"issued", COL_DATE},
	    {"award_date", COL_DATE},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(h, names[i].name) == 0)
			return names[i].col;
	return -1;
}

/* ---- the run ---- */

struct mc_entry {
	const char *ref;
	const char *id;      /* NULL when the row cannot use it */
	const char *problem; /* why not */
};

struct run {
	struct mc_app *app;
	struct mc_arena *a;
	const char *issuer_id, *issuer_slug;
	struct mc_entry *mcs;
	size_t n_mcs, cap_mcs;
	const char *job_id;
	int64_t row; /* for the hook */
	struct mc_bulk_result *res;
	size_t err_cap;
	struct mc__award_cache keys;
};

static void add_error(struct run *r, int64_t row, const char *column, const char *msg)
{
	struct mc_bulk_result *res = r->res;
	res->errors = mc_arena_grow(r->a, res->errors, res->n_errors, &r->err_cap, sizeof(*res->errors));
	res->errors[res->n_errors++] = (struct mc_bulk_error){row, column, mc_arena_strdup(r->a, msg)};
}

/* Looks a micro-credential up once per distinct reference. */
static const struct mc_entry *lookup_mc(struct run *r, const char *ref, struct mc_err *err, int *fatal)
{
	for (size_t i = 0; i < r->n_mcs; i++)
		if (strcmp(r->mcs[i].ref, ref) == 0)
			return &r->mcs[i];
	struct mc__achievement_ref achv, *ach = &achv;
	struct mc_entry e = {.ref = mc_arena_strdup(r->a, ref)};
	int rc = mc__store_achievement_ref(r->app->db, r->a, ref, ach, err);
	if (rc == MC_ENOTFOUND)
		e.problem = mc_arena_printf(
		    r->a,
		    "no micro-credential '%s' (give its slug or id; 'microcred credential list' "
		    "shows them)",
		    ref);
	else if (rc) {
		*fatal = rc;
		return NULL;
	} else if (strcmp(ach->state, "published") != 0)
		e.problem = mc_arena_printf(r->a,
		                            "micro-credential '%s' is %s, not published; publish it first "
		                            "('microcred credential publish %s')",
		                            ach->slug, ach->state, ach->slug);
	else if (r->issuer_id && strcmp(ach->issuer_id, r->issuer_id) != 0)
		e.problem = mc_arena_printf(r->a, "micro-credential '%s' is not issued by %s", ach->slug,
		                            r->issuer_slug);
	else
		e.id = ach->id;
	r->mcs = mc_arena_grow(r->a, r->mcs, r->n_mcs, &r->cap_mcs, sizeof(*r->mcs));
	r->mcs[r->n_mcs] = e;
	return &r->mcs[r->n_mcs++];
}

static int record_awarded(struct mc_app *app, void *ctx, const struct mc_award *award, struct mc_err *err)
{
	struct run *r = ctx;
	return mc__store_bulk_row_set(app->db, r->job_id, r->row, "awarded", award->id, NULL, err);
}

static bool http_url(const char *s)
{
	if (strncmp(s, "https://", 8) != 0 && strncmp(s, "http://", 7) != 0)
		return false;
	const char *host = s + (s[4] == 's' ? 8 : 7);
	if (!*host || *host == '/')
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '\\')
			return false;
	return true;
}

/* Checks and awards one data row. Returns 0 (the outcome is counted in r->res), or
 * an error that stops the run. */
static int do_row(struct run *r, const struct mc__csv_row *row, const int cols[N_COLS], size_t n_header,
                  struct mc_arena *ra, const char *now, struct mc_err *fatal_err)
{
	struct mc_err err = {0};
	struct mc_bulk_result *res = r->res;
	const char *column = NULL;
	const char *problem = NULL;
	const char *v[N_COLS] = {0};
	if (row->error) {
		problem = row->error;
	} else if (row->nf != n_header) {
		problem = mc_arena_printf(ra,
		                          "the row has %zu fields but the header has %zu; check the commas "
		                          "(a field containing a comma must be in double quotes)",
		                          row->nf, n_header);
	} else {
		for (int c = 0; c < N_COLS; c++)
			v[c] = cols[c] >= 0 && row->f[cols[c]].n ? row->f[cols[c]].s : NULL;
	}
	const struct mc_entry *mc = NULL;
	const char *date = NULL;
	if (!problem && (!v[COL_EMAIL] || mc_email_check(v[COL_EMAIL], &err))) {
		column = col_names[COL_EMAIL];
		problem = v[COL_EMAIL] ? err.msg
		                       : "the email is empty; every row needs the recipient's email address";
	}
	if (!problem && v[COL_NAME] && strlen(v[COL_NAME]) > 500) {
		column = col_names[COL_NAME];
		problem = "the name is longer than 500 bytes";
	}
	if (!problem && !v[COL_MC]) {
		column = col_names[COL_MC];
		problem = "the micro-credential is empty; give its slug or id";
	}
	if (!problem) {
		int fatal = 0;
		mc = lookup_mc(r, v[COL_MC], fatal_err, &fatal);
		if (fatal)
			return fatal;
		if (mc->problem) {
			column = col_names[COL_MC];
			problem = mc->problem;
		}
	}
	if (!problem && v[COL_EVIDENCE] && !http_url(v[COL_EVIDENCE])) {
		column = col_names[COL_EVIDENCE];
		problem = mc_arena_printf(ra,
		                          "'%s' is not an http(s) URL; give the full address, e.g. "
		                          "https://example.edu/evidence/123",
		                          v[COL_EVIDENCE]);
	}
	if (!problem && v[COL_DATE]) {
		if (mc__award_date(ra, v[COL_DATE], &date, &err)) {
			column = col_names[COL_DATE];
			problem = err.msg;
		} else if (strcmp(date, now) > 0 && strncmp(date, now, 10) > 0) {
			column = col_names[COL_DATE];
			problem = mc_arena_printf(
			    ra, "date %s is in the future; give the date the learner earned it", v[COL_DATE]);
		}
	}
	if (!problem) {
		struct mc_award_request req = {
		    .achievement_ref = mc->id,
		    .email = v[COL_EMAIL],
		    .name = v[COL_NAME],
		    .issued_at = date,
		    .award_key = mc_arena_printf(ra, "csv:%s:%lld", r->job_id, (long long)row->num),
		};
		if (v[COL_EVIDENCE]) {
			struct mc_json *evs = mc_json_new_array(ra);
			struct mc_json *e = mc_json_new_object(ra);
			struct mc_json *t = mc_json_new_array(ra);
			mc_json_array_append(ra, t, mc_json_new_cstr(ra, "Evidence"));
			mc_json_object_set(ra, e, "id", 2, mc_json_new_cstr(ra, v[COL_EVIDENCE]));
			mc_json_object_set(ra, e, "type", 4, t);
			mc_json_array_append(ra, evs, e);
			req.evidence = evs;
		}
		struct mc__award_hook hook = {.after = record_awarded, .ctx = r, .cache = &r->keys};
		struct mc_award *w;
		r->row = row->num;
		int rc = mc__award_issue_ex(r->app, ra, &req, &hook, &w, &err);
		if (rc == MC_EIO) {
			/* The database, not the row: stop here; a re-run resumes. */
			*fatal_err = err;
			return mc_err_prefix(fatal_err, "row %lld", (long long)row->num);
		}
		if (!rc) {
			if (!w->created) {
				res->skipped++;
				return 0;
			}
			res->awarded++;
			/* A new credential may complete a pathway; its award is idempotent too,
			 * so a re-run after an interruption here catches up. */
			size_t pw = 0;
			struct mc_err pe = {0};
			if (mc_pathways_on_award_n(r->app, ra, w->user_id, w->achievement_id, &pw, &pe) !=
			    0) {
				if (!res->pathway_failures++)
					res->pathway_error = mc_arena_printf(r->a, "row %lld: %s",
					                                     (long long)row->num, pe.msg);
			}
			res->pathways += pw;
			return 0;
		}
		problem = err.msg;
	}
	res->failed++;
	add_error(r, row->num, column, problem);
	char *stored = column ? mc_arena_printf(ra, "%s: %s", column, problem) : (char *)problem;
	return mc__store_bulk_row_set(r->app->db, r->job_id, row->num, "failed", NULL, stored, fatal_err);
}

int mc_bulk_award_csv(struct mc_app *app, struct mc_arena *a, const char *data, size_t len,
                      const struct mc_bulk_opts *opts, struct mc_bulk_result *res, struct mc_err *err)
{
	static const struct mc_bulk_opts no_opts;
	if (!opts)
		opts = &no_opts;
	memset(res, 0, sizeof(*res));
	if (len > MC_BULK_MAX_FILE)
		return mc_err_set(err, MC_ELIMIT,
		                  "the CSV file is %zu bytes; at most %zu are allowed (split it)", len,
		                  MC_BULK_MAX_FILE);
	/* The job is the file's bytes as given, byte-order mark and all. */
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)data, len);

	/* Parse everything first: the header and the row count come before any award. */
	struct mc__csv_row *rows;
	size_t n;
	int rc = mc__csv_parse(a, data, len, (size_t)MC_BULK_MAX_ROWS + 1, MC_BULK_MAX_FIELD, &rows, &n, err);
	if (rc == MC_ELIMIT)
		return mc_err_set(err, MC_ELIMIT, "the CSV file has more than %d rows; split it",
		                  MC_BULK_MAX_ROWS);
	if (rc)
		return rc;
	if (n == 0 || rows[0].num != 1)
		return mc_err_set(err, MC_EINVAL,
		                  "the CSV file %s; it needs a header row first: "
		                  "email,name,micro_credential,evidence_url,date",
		                  n == 0 ? "is empty" : "starts with a blank line");
	if (rows[0].error)
		return mc_err_set(err, MC_EINVAL, "the header row (row 1) is malformed: %s", rows[0].error);

	int cols[N_COLS];
	for (int c = 0; c < N_COLS; c++)
		cols[c] = -1;
	for (size_t i = 0; i < rows[0].nf; i++) {
		const char *h = norm_header(a, &rows[0].f[i]);
		int c = header_col(h);
		if (c < 0)
			return mc_err_set(
			    err, MC_EINVAL,
			    "row 1, column %zu: unknown column '%s'; the columns are email, name, "
			    "micro_credential, evidence_url and date",
			    i + 1, rows[0].f[i].s);
		if (cols[c] >= 0)
			return mc_err_set(err, MC_EINVAL,
			                  "row 1: the column %s appears twice (columns %d and %zu)",
			                  col_names[c], cols[c] + 1, i + 1);
		cols[c] = (int)i;
	}
	if (cols[COL_EMAIL] < 0 || cols[COL_MC] < 0)
		return mc_err_set(err, MC_EINVAL,
		                  "row 1: the header has no %s column; the header needs at least "
		                  "email,micro_credential",
		                  cols[COL_EMAIL] < 0 ? "email" : "micro_credential");

	struct run r = {.app = app, .a = a, .res = res};
	if (opts->issuer_ref) {
		struct mc_issuer *is;
		if ((rc = mc_issuer_get(app, a, opts->issuer_ref, &is, err)))
			return rc;
		r.issuer_id = is->id;
		r.issuer_slug = is->slug;
	}

	res->total = n - 1;
	char now[32];
	mc_app_now_text(app, now);
	struct mc_buf hex;
	mc_buf_init(&hex, 80);
	mc_hex_encode(&hex, digest, sizeof(digest));
	char *job_id;
	int created = 0;
	rc = mc__store_bulk_job_ensure(app->db, a, mc_app_new_id(a), r.issuer_id, hex.ptr, opts->file_name,
	                               (int64_t)res->total, now, &job_id, &created, err);
	mc_buf_release(&hex);
	if (rc)
		return rc;
	r.job_id = res->job_id = job_id;
	res->resumed = !created;

	/* Rows an earlier run awarded: a byte per row number. */
	int64_t *done;
	size_t n_done;
	if ((rc = mc__store_bulk_awarded_rows(app->db, a, job_id, &done, &n_done, err)))
		return rc;
	int64_t max_num = rows[n - 1].num;
	unsigned char *is_done = mc_arena_zalloc(a, (size_t)max_num + 1);
	for (size_t i = 0; i < n_done; i++)
		if (done[i] >= 0 && done[i] <= max_num)
			is_done[done[i]] = 1;

	struct mc_arena ra;
	mc_arena_init(&ra, 0);
	mc__award_cache_init(&r.keys);
	rc = 0;
	for (size_t i = 1; i < n && !rc; i++) {
		if (is_done[rows[i].num]) {
			res->skipped++;
		} else {
			mc_app_now_text(app, now);
			rc = do_row(&r, &rows[i], cols, rows[0].nf, &ra, now, err);
			mc_arena_clear(&ra);
		}
		if (opts->progress)
			opts->progress(opts->progress_ctx, i, res->total);
	}
	mc_arena_release(&ra);
	mc__award_cache_release(&r.keys);
	if (rc)
		return rc;
	if (res->failed == 0) {
		mc_app_now_text(app, now);
		rc = mc__store_bulk_job_finish(app->db, job_id, "done", now, err);
	}
	return rc;
}
