/* microcred award (direct, or --csv FILE) | award list */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "microcred/achievement.h"
#include "microcred/app.h"
#include "microcred/award.h"
#include "microcred/bulk.h"
#include "microcred/issuer.h"
#include "microcred/json.h"
#include "microcred/lifecycle.h"

#include "cli/cli.h"

enum {
	OPT_DB = 256,
	OPT_BASE_URL,
	OPT_JSON,
	OPT_ISSUER,
	OPT_CREDENTIAL,
	OPT_EMAIL,
	OPT_NAME,
	OPT_DID,
	OPT_EVIDENCE_URL,
	OPT_DATE,
	OPT_KEY,
	OPT_CSV,
	OPT_STATE,
	OPT_LIMIT,
	OPT_OFFSET,
	OPT_QUIET,
};

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: microcred award --credential MICRO-CREDENTIAL --email EMAIL [--name NAME]\n"
	        "                       [--did DID] [--evidence-url URL] [--date DATE] [--key AWARD_KEY]\n"
	        "                       [--issuer ISSUER] [--json]\n"
	        "       microcred award --csv FILE [--issuer ISSUER] [--quiet] [--json]\n"
	        "       microcred award list [--issuer I] [--credential MC] [--email E] [--state S]\n"
	        "                       [--limit N] [--offset N] [--json]\n"
	        "(all take --db PATH and --base-url URL)\n\n"
	        "Awards a published micro-credential: builds the Open Badges 3.0 credential (the\n"
	        "recipient's email salted and hashed, a revocation entry in the issuer's status\n"
	        "list), signs it (eddsa-rdfc-2022, plus a VC-JWT when the issuer wants one) and\n"
	        "stores it. Awarding is idempotent by award key: the same --key never yields a\n"
	        "second credential (without --key every award is new).\n\n"
	        "Direct award options:\n"
	        "  --credential MC      the micro-credential's slug or id (required)\n"
	        "  --email EMAIL        the recipient (required); --name NAME, --did DID optional\n"
	        "  --evidence-url URL   evidence to embed (an Evidence object with this id)\n"
	        "  --date DATE          when it was earned: 2025-01-15 or 2025-01-15T09:00:00Z\n"
	        "  --key KEY            the award key (default: direct:<new uuid>)\n"
	        "  --issuer ISSUER      refuse unless the micro-credential is this issuer's\n\n"
	        "Bulk award (--csv FILE, '-' for standard input): UTF-8 CSV (RFC 4180) with a\n"
	        "header row; columns email, micro_credential (required), name, evidence_url,\n"
	        "date (optional), in any order. Each row is awarded on its own: a bad row is\n"
	        "reported (row number, column, what is wrong) and changes nothing. Running the\n"
	        "same file again resumes: rows already awarded are skipped. A progress bar is\n"
	        "shown on a terminal (--quiet hides it). Exit 1 when a row failed.\n\n"
	        "list: awarded credentials, newest first (id, number, recipient, micro-credential,\n"
	        "status, issued); --state active|revoked|suspended.\n\n"
	        "Examples:\n"
	        "  microcred award --credential data-analysis-101 --email ada@example.com --name \"Ada L.\"\n"
	        "  microcred award --csv cohort-2025.csv --issuer university-of-example\n"
	        "    (cohort-2025.csv: email,name,micro_credential,evidence_url,date\n"
	        "                      ada@example.com,Ada L.,data-analysis-101,,2025-01-15)\n"
	        "  microcred award list --credential data-analysis-101 --json\n");
}

static void put_str(struct mc_arena *a, struct mc_json *o, const char *k, const char *v)
{
	struct mc_json j;
	if (!v)
		mc_json_set_null(&j);
	else
		mc_json_set_string(a, &j, v, strlen(v));
	mc_json_object_set(a, o, k, strlen(k), &j);
}

static void put_int(struct mc_arena *a, struct mc_json *o, const char *k, int64_t v)
{
	mc_json_object_set(a, o, k, strlen(k), mc_json_new_int(a, v));
}

/* The slug of a micro-credential by id, looked up once per id. */
struct slugs {
	const char **ids, **slugs;
	size_t n, cap;
};

static const char *slug_of(struct mc_app *app, struct mc_arena *a, struct slugs *c, const char *id)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->ids[i], id) == 0)
			return c->slugs[i];
	struct mc_achievement *ach;
	struct mc_err err = {0};
	const char *slug = mc_achievement_get(app, a, id, &ach, &err) == 0 ? ach->slug : id;
	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 8;
		c->ids =
		    mc_arena_realloc(a, (void *)c->ids, c->cap * sizeof(*c->ids), ncap * sizeof(*c->ids));
		c->slugs = mc_arena_realloc(a, (void *)c->slugs, c->cap * sizeof(*c->slugs),
		                            ncap * sizeof(*c->slugs));
		c->cap = ncap;
	}
	c->ids[c->n] = id;
	c->slugs[c->n++] = slug;
	return slug;
}

static struct mc_json *award_json(struct mc_arena *a, const struct mc_award *w, const char *slug,
                                  bool with_created)
{
	struct mc_json *o = mc_json_new_object(a);
	put_str(a, o, "id", w->id);
	put_int(a, o, "number", w->number);
	put_str(a, o, "recipient", w->email);
	put_str(a, o, "recipientName", w->name);
	put_str(a, o, "microCredential", slug);
	put_str(a, o, "microCredentialId", w->achievement_id);
	put_str(a, o, "issuer", w->issuer_id);
	put_str(a, o, "status", mc_credential_effective_state(w, NULL)); /* "expired" past validUntil */
	put_str(a, o, "issued", w->issued_at);
	put_str(a, o, "validUntil", w->valid_until);
	put_str(a, o, "awardKey", w->award_key);
	put_str(a, o, "sha256", w->sha256);
	if (with_created)
		mc_json_object_set(a, o, "created", 7, mc_json_new_bool(a, w->created));
	return o;
}

/* ---- progress bar (stderr, terminals only) ---- */

struct progress {
	struct timespec start, last;
	bool drawn;
};

static double seconds_since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void draw_progress(void *ctx, size_t done, size_t total)
{
	struct progress *p = ctx;
	/* Redraw at most ten times a second, and always at the end. */
	if (done < total && p->drawn && seconds_since(&p->last) < 0.1)
		return;
	clock_gettime(CLOCK_MONOTONIC, &p->last);
	p->drawn = true;
	int width = 30;
	int fill = total ? (int)((double)done / (double)total * width) : width;
	double el = seconds_since(&p->start);
	char bar[64];
	for (int i = 0; i < width; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[width] = '\0';
	fprintf(stderr, "\r[%s] %zu/%zu rows %3d%%  %.0f rows/s ", bar, done, total,
	        total ? (int)(done * 100 / total) : 100, el > 0 ? (double)done / el : 0.0);
	if (done >= total)
		fputc('\n', stderr);
	fflush(stderr);
}

static int run_csv(struct mc_app *app, const char *file, const char *issuer, bool quiet, bool json)
{
	struct mc_buf data;
	struct mc_err err = {0};
	struct mc_arena a;
	struct mc_bulk_result res;
	struct progress prog = {0};
	mc_buf_init(&data, MC_BULK_MAX_FILE);
	if (mc__cli_read(file, &data, &err) != 0) {
		mc_buf_release(&data);
		return mc__cli_fail("award", &err);
	}
	mc_arena_init(&a, 0);
	struct mc_bulk_opts o = {.issuer_ref = issuer, .file_name = file};
	if (!quiet && isatty(STDERR_FILENO)) {
		clock_gettime(CLOCK_MONOTONIC, &prog.start);
		o.progress = draw_progress;
		o.progress_ctx = &prog;
	}
	int rc = mc_bulk_award_csv(app, &a, data.ptr, data.len, &o, &res, &err);
	mc_buf_release(&data);
	int st = 0;
	if (rc) {
		if (prog.drawn)
			fputc('\n', stderr);
		st = mc__cli_fail("award", &err);
		if (res.job_id && (res.awarded || res.skipped))
			fprintf(stderr,
			        "microcred award: %zu rows were awarded before the error; run the same "
			        "command again to resume\n",
			        res.awarded);
		mc_arena_release(&a);
		return st;
	}
	for (size_t i = 0; i < res.n_errors; i++) {
		const struct mc_bulk_error *e = &res.errors[i];
		if (e->column)
			fprintf(stderr, "%s: row %lld, column %s: %s\n", file, (long long)e->row, e->column,
			        e->message);
		else
			fprintf(stderr, "%s: row %lld: %s\n", file, (long long)e->row, e->message);
	}
	if (json) {
		struct mc_json *o2 = mc_json_new_object(&a);
		put_str(&a, o2, "job", res.job_id);
		mc_json_object_set(&a, o2, "resumed", 7, mc_json_new_bool(&a, res.resumed));
		put_int(&a, o2, "rows", (int64_t)res.total);
		put_int(&a, o2, "awarded", (int64_t)res.awarded);
		put_int(&a, o2, "skipped", (int64_t)res.skipped);
		put_int(&a, o2, "failed", (int64_t)res.failed);
		put_int(&a, o2, "pathways", (int64_t)res.pathways);
		struct mc_json *errs = mc_json_new_array(&a);
		for (size_t i = 0; i < res.n_errors; i++) {
			struct mc_json *e = mc_json_new_object(&a);
			put_int(&a, e, "row", res.errors[i].row);
			put_str(&a, e, "column", res.errors[i].column);
			put_str(&a, e, "message", res.errors[i].message);
			mc_json_array_append(&a, errs, e);
		}
		mc_json_object_set(&a, o2, "errors", 6, errs);
		st = mc__cli_print_json("award", o2);
	} else {
		printf("%zu rows: %zu awarded, %zu skipped (already awarded), %zu failed%s (job %s)\n",
		       res.total, res.awarded, res.skipped, res.failed,
		       res.resumed ? "; resumed an earlier run" : "", res.job_id);
		if (res.pathways)
			printf("%zu pathway credential%s completed by these awards\n", res.pathways,
			       res.pathways == 1 ? "" : "s");
	}
	if (res.pathway_failures)
		fprintf(stderr,
		        "microcred award: %zu pathway award%s failed (the rows stay awarded); first: %s\n",
		        res.pathway_failures, res.pathway_failures == 1 ? "" : "s", res.pathway_error);
	if (!st && res.failed)
		st = MC_EXIT_NEGATIVE;
	mc_arena_release(&a);
	return st;
}

static int run_list(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, OPT_DB},
	                                     {"base-url", required_argument, NULL, OPT_BASE_URL},
	                                     {"json", no_argument, NULL, OPT_JSON},
	                                     {"issuer", required_argument, NULL, OPT_ISSUER},
	                                     {"credential", required_argument, NULL, OPT_CREDENTIAL},
	                                     {"email", required_argument, NULL, OPT_EMAIL},
	                                     {"state", required_argument, NULL, OPT_STATE},
	                                     {"limit", required_argument, NULL, OPT_LIMIT},
	                                     {"offset", required_argument, NULL, OPT_OFFSET},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	const char *db = NULL, *base_url = NULL;
	struct mc_award_filter f = {0};
	bool json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		char *end;
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_BASE_URL: base_url = optarg; break;
		case OPT_JSON: json = true; break;
		case OPT_ISSUER: f.issuer_ref = optarg; break;
		case OPT_CREDENTIAL: f.achievement_ref = optarg; break;
		case OPT_EMAIL: f.email = optarg; break;
		case OPT_STATE: f.state = optarg; break;
		case OPT_LIMIT:
		case OPT_OFFSET: {
			unsigned long long v = strtoull(optarg, &end, 10);
			if (*end || !*optarg || v > 100000)
				return mc__cli_usage_error("award list",
				                           "--%s wants a number from 0 to 100000, not '%s'",
				                           c == OPT_LIMIT ? "limit" : "offset", optarg);
			if (c == OPT_LIMIT)
				f.limit = (size_t)v;
			else
				f.offset = (size_t)v;
			break;
		}
		case 'h': usage(stdout); return 0;
		default: return mc__cli_usage_error("award list", "unknown option");
		}
	}
	if (optind < argc)
		return mc__cli_usage_error("award list", "unexpected argument '%s'", argv[optind]);
	struct mc_app app;
	int st = mc__cli_open_app("award list", &app, db, base_url);
	if (st)
		return st;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_award **list;
	size_t n;
	struct slugs sl = {0};
	mc_arena_init(&a, 0);
	if (mc_award_list(&app, &a, &f, &list, &n, &err) != 0) {
		st = mc__cli_fail("award list", &err);
	} else if (json) {
		struct mc_json *arr = mc_json_new_array(&a);
		for (size_t i = 0; i < n; i++)
			mc_json_array_append(
			    &a, arr,
			    award_json(&a, list[i], slug_of(&app, &a, &sl, list[i]->achievement_id), false));
		st = mc__cli_print_json("award list", arr);
	} else {
		if (n == 0)
			printf("no credentials awarded%s\n",
			       f.issuer_ref || f.achievement_ref || f.email || f.state ? " that match"
			                                                               : " yet");
		for (size_t i = 0; i < n; i++)
			printf("%-6lld %s  %-9s %s  %s  %s\n", (long long)list[i]->number, list[i]->id,
			       mc_credential_effective_state(list[i], NULL), list[i]->issued_at,
			       list[i]->email, slug_of(&app, &a, &sl, list[i]->achievement_id));
	}
	mc_arena_release(&a);
	mc_app_close(&app);
	return st;
}

int mc__cmd_award(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "list") == 0)
		return run_list(argc - 1, argv + 1);
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"base-url", required_argument, NULL, OPT_BASE_URL},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"issuer", required_argument, NULL, OPT_ISSUER},
	    {"credential", required_argument, NULL, OPT_CREDENTIAL},
	    {"email", required_argument, NULL, OPT_EMAIL},
	    {"name", required_argument, NULL, OPT_NAME},
	    {"did", required_argument, NULL, OPT_DID},
	    {"evidence-url", required_argument, NULL, OPT_EVIDENCE_URL},
	    {"date", required_argument, NULL, OPT_DATE},
	    {"key", required_argument, NULL, OPT_KEY},
	    {"csv", required_argument, NULL, OPT_CSV},
	    {"quiet", no_argument, NULL, OPT_QUIET},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *db = NULL, *base_url = NULL, *issuer = NULL, *csv = NULL, *evidence_url = NULL;
	struct mc_award_request req = {0};
	bool json = false, quiet = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_BASE_URL: base_url = optarg; break;
		case OPT_JSON: json = true; break;
		case OPT_ISSUER: issuer = optarg; break;
		case OPT_CREDENTIAL: req.achievement_ref = optarg; break;
		case OPT_EMAIL: req.email = optarg; break;
		case OPT_NAME: req.name = optarg; break;
		case OPT_DID: req.did = optarg; break;
		case OPT_EVIDENCE_URL: evidence_url = optarg; break;
		case OPT_DATE: req.issued_at = optarg; break;
		case OPT_KEY: req.award_key = optarg; break;
		case OPT_CSV: csv = optarg; break;
		case OPT_QUIET: quiet = true; break;
		case 'h': usage(stdout); return 0;
		default: return mc__cli_usage_error("award", "unknown option");
		}
	}
	if (optind < argc)
		return mc__cli_usage_error("award", "unexpected argument '%s' (did you mean 'award list'?)",
		                           argv[optind]);
	if (csv && (req.achievement_ref || req.email || req.name || req.did || evidence_url ||
	            req.issued_at || req.award_key))
		return mc__cli_usage_error("award",
		                           "--csv takes the recipients from the file; drop --credential, "
		                           "--email, --name, --did, --evidence-url, --date and --key");
	if (!csv && !req.achievement_ref)
		return mc__cli_usage_error("award",
		                           "which micro-credential? give --credential SLUG (or --csv FILE)");
	if (!csv && !req.email)
		return mc__cli_usage_error("award", "who receives it? give --email ADDRESS");

	struct mc_app app;
	int st = mc__cli_open_app("award", &app, db, base_url);
	if (st)
		return st;
	if (csv) {
		st = run_csv(&app, csv, issuer, quiet, json);
		mc_app_close(&app);
		return st;
	}
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_award *w;
	mc_arena_init(&a, 0);
	if (evidence_url) {
		struct mc_json *evs = mc_json_new_array(&a), *e = mc_json_new_object(&a),
		               *t = mc_json_new_array(&a);
		mc_json_array_append(&a, t, mc_json_new_cstr(&a, "Evidence"));
		put_str(&a, e, "id", evidence_url);
		mc_json_object_set(&a, e, "type", 4, t);
		mc_json_array_append(&a, evs, e);
		req.evidence = evs;
	}
	int rc = 0;
	if (issuer) {
		struct mc_issuer *is;
		struct mc_achievement *ach;
		if (!(rc = mc_issuer_get(&app, &a, issuer, &is, &err)) &&
		    !(rc = mc_achievement_get(&app, &a, req.achievement_ref, &ach, &err)) &&
		    strcmp(ach->issuer_id, is->id) != 0)
			rc = mc_err_set(&err, MC_EINVAL,
			                "micro-credential '%s' is not issued by %s (it is %s's)", ach->slug,
			                is->slug, ach->issuer_slug ? ach->issuer_slug : ach->issuer_id);
	}
	if (!rc)
		rc = mc_award_issue(&app, &a, &req, &w, &err);
	size_t pathways = 0;
	if (!rc && w->created) {
		/* The new credential may complete a pathway (a stacked credential). */
		struct mc_err pe = {0};
		if (mc_pathways_on_award_n(&app, &a, w->user_id, w->achievement_id, &pathways, &pe) != 0)
			fprintf(stderr,
			        "microcred award: the credential was awarded, but a pathway it completes "
			        "could not be: %s\n",
			        pe.msg);
	}
	if (rc) {
		st = mc__cli_fail("award", &err);
	} else if (json) {
		struct slugs sl = {0};
		st = mc__cli_print_json("award",
		                        award_json(&a, w, slug_of(&app, &a, &sl, w->achievement_id), true));
	} else if (w->created) {
		printf("awarded credential #%lld %s to %s\n", (long long)w->number, w->id, w->email);
		if (pathways)
			printf("and %zu pathway credential%s it completes\n", pathways,
			       pathways == 1 ? "" : "s");
	} else {
		printf("already awarded (award key %s): credential #%lld %s to %s\n", w->award_key,
		       (long long)w->number, w->id, w->email);
	}
	mc_arena_release(&a);
	mc_app_close(&app);
	return st;
}
