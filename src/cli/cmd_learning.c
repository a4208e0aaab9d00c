/* microcred enrol | evidence submit|list|show | review | attendance record |
 * result record | progress: the learner's path through a micro-credential. Thin
 * handlers: parse, call one service of include/microcred/learning.h, render. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "microcred/app.h"
#include "microcred/json.h"
#include "microcred/learning.h"

#include "cli/cli.h"

enum {
	OPT_DB = 256,
	OPT_BASE_URL,
	OPT_JSON,
	OPT_CREDENTIAL,
	OPT_EMAIL,
	OPT_NAME,
	OPT_START,
	OPT_TARGET,
	OPT_WITHDRAW,
	OPT_ENROLMENT,
	OPT_REQUIREMENT,
	OPT_TEXT,
	OPT_URL,
	OPT_FILE,
	OPT_TITLE,
	OPT_PUBLIC,
	OPT_AS,
	OPT_ACCEPT,
	OPT_REJECT,
	OPT_SCORE,
	OPT_RUBRIC,
	OPT_COMMENT,
	OPT_SESSION,
	OPT_PROCTORED,
	OPT_IDV,
	OPT_SUPERVISOR,
	OPT_SUPERVISOR_EMAIL,
	OPT_STATEMENT,
	OPT_AWARD,
};

static const struct option OPTS[] = {
    {"db", required_argument, NULL, OPT_DB},
    {"base-url", required_argument, NULL, OPT_BASE_URL},
    {"json", no_argument, NULL, OPT_JSON},
    {"help", no_argument, NULL, 'h'},
    {"credential", required_argument, NULL, OPT_CREDENTIAL},
    {"email", required_argument, NULL, OPT_EMAIL},
    {"name", required_argument, NULL, OPT_NAME},
    {"start-date", required_argument, NULL, OPT_START},
    {"target-date", required_argument, NULL, OPT_TARGET},
    {"withdraw", required_argument, NULL, OPT_WITHDRAW},
    {"enrolment", required_argument, NULL, OPT_ENROLMENT},
    {"requirement", required_argument, NULL, OPT_REQUIREMENT},
    {"text", required_argument, NULL, OPT_TEXT},
    {"url", required_argument, NULL, OPT_URL},
    {"file", required_argument, NULL, OPT_FILE},
    {"title", required_argument, NULL, OPT_TITLE},
    {"public", no_argument, NULL, OPT_PUBLIC},
    {"as", required_argument, NULL, OPT_AS},
    {"accept", no_argument, NULL, OPT_ACCEPT},
    {"reject", no_argument, NULL, OPT_REJECT},
    {"score", required_argument, NULL, OPT_SCORE},
    {"rubric", required_argument, NULL, OPT_RUBRIC},
    {"comment", required_argument, NULL, OPT_COMMENT},
    {"session", required_argument, NULL, OPT_SESSION},
    {"proctored", no_argument, NULL, OPT_PROCTORED},
    {"identity-verification", required_argument, NULL, OPT_IDV},
    {"supervisor", required_argument, NULL, OPT_SUPERVISOR},
    {"supervisor-email", required_argument, NULL, OPT_SUPERVISOR_EMAIL},
    {"statement", required_argument, NULL, OPT_STATEMENT},
    {"award", no_argument, NULL, OPT_AWARD},
    {NULL, 0, NULL, 0},
};

/* Every option of these commands, parsed once; each command checks that it got
 * only the ones it takes. */
struct args {
	const char *db, *base_url;
	bool json, help;
	const char *credential, *email, *name, *start, *target, *withdraw, *enrolment, *requirement;
	const char *text, *url, *file, *title;
	bool is_public;
	const char *as;
	bool accept, reject;
	const char *score, *rubric, *comment, *session;
	bool proctored;
	const char *idv, *supervisor, *supervisor_email, *statement;
	bool award;
	unsigned seen; /* bit (opt - OPT_CREDENTIAL) for each command-specific option given */
	const char *pos[4];
	int npos;
};

#define BIT(o) (1u << ((o)-OPT_CREDENTIAL))

static int parse(const char *cmd, int argc, char **argv, int first, struct args *g)
{
	int c;
	memset(g, 0, sizeof(*g));
	optind = first;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", OPTS, NULL)) != -1) {
		if (c >= OPT_CREDENTIAL)
			g->seen |= BIT(c);
		switch (c) {
		case OPT_DB: g->db = optarg; break;
		case OPT_BASE_URL: g->base_url = optarg; break;
		case OPT_JSON: g->json = true; break;
		case 'h': g->help = true; break;
		case OPT_CREDENTIAL: g->credential = optarg; break;
		case OPT_EMAIL: g->email = optarg; break;
		case OPT_NAME: g->name = optarg; break;
		case OPT_START: g->start = optarg; break;
		case OPT_TARGET: g->target = optarg; break;
		case OPT_WITHDRAW: g->withdraw = optarg; break;
		case OPT_ENROLMENT: g->enrolment = optarg; break;
		case OPT_REQUIREMENT: g->requirement = optarg; break;
		case OPT_TEXT: g->text = optarg; break;
		case OPT_URL: g->url = optarg; break;
		case OPT_FILE: g->file = optarg; break;
		case OPT_TITLE: g->title = optarg; break;
		case OPT_PUBLIC: g->is_public = true; break;
		case OPT_AS: g->as = optarg; break;
		case OPT_ACCEPT: g->accept = true; break;
		case OPT_REJECT: g->reject = true; break;
		case OPT_SCORE: g->score = optarg; break;
		case OPT_RUBRIC: g->rubric = optarg; break;
		case OPT_COMMENT: g->comment = optarg; break;
		case OPT_SESSION: g->session = optarg; break;
		case OPT_PROCTORED: g->proctored = true; break;
		case OPT_IDV: g->idv = optarg; break;
		case OPT_SUPERVISOR: g->supervisor = optarg; break;
		case OPT_SUPERVISOR_EMAIL: g->supervisor_email = optarg; break;
		case OPT_STATEMENT: g->statement = optarg; break;
		case OPT_AWARD: g->award = true; break;
		case ':': return mc__cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
		default: return mc__cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
		}
	}
	/* getopt_long moved the positional arguments behind the options. */
	while (optind < argc && g->npos < 4)
		g->pos[g->npos++] = argv[optind++];
	if (optind < argc)
		return mc__cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	return 0;
}

/* Options outside allowed are a usage error naming the first one. */
static int only(const char *cmd, const struct args *g, unsigned allowed)
{
	unsigned extra = g->seen & ~allowed;
	if (!extra)
		return 0;
	for (const struct option *o = OPTS; o->name; o++)
		if (o->val >= OPT_CREDENTIAL && (extra & BIT(o->val)))
			return mc__cli_usage_error(cmd, "option --%s does not apply here", o->name);
	return MC_EXIT_USAGE;
}

static int parse_score(const char *cmd, const char *s, double *v)
{
	char *end;
	*v = strtod(s, &end);
	if (!*s || *end)
		return mc__cli_usage_error(cmd, "--score '%s' is not a number", s);
	return 0;
}

static void set_str(struct mc_arena *a, struct mc_json *o, const char *k, const char *v)
{
	struct mc_json j;
	if (!v)
		mc_json_set_null(&j);
	else
		mc_json_set_string(a, &j, v, strlen(v));
	mc_json_object_set(a, o, k, strlen(k), &j);
}

/* The enrolment named by --enrolment ID, or by --credential SLUG --email E. */
static int resolve_enrolment(struct mc_app *app, struct mc_arena *a, const struct args *g, const char **id,
                             struct mc_err *err)
{
	if (g->enrolment) {
		*id = g->enrolment;
		return 0;
	}
	if (!g->credential || !g->email)
		return mc_err_set(err, MC_EINVAL,
		                  "name the enrolment: --enrolment ID, or --credential SLUG --email E");
	struct mc_enrolment *e;
	int rc = mc_enrolment_find(app, a, g->credential, g->email, &e, err);
	if (!rc)
		*id = e->id;
	return rc;
}

static struct mc_json *enrolment_json(struct mc_arena *a, const struct mc_enrolment *e)
{
	struct mc_json *o = mc_json_new_object(a);
	set_str(a, o, "id", e->id);
	set_str(a, o, "credential", e->achievement_slug);
	set_str(a, o, "title", e->achievement_title);
	set_str(a, o, "email", e->email);
	set_str(a, o, "name", e->name);
	set_str(a, o, "state", e->state);
	set_str(a, o, "started", e->started_at);
	set_str(a, o, "targetDate", e->target_date);
	set_str(a, o, "completed", e->completed_at);
	set_str(a, o, "withdrawn", e->withdrawn_at);
	return o;
}

static size_t count_met(const struct mc_progress *p)
{
	size_t met = 0;
	for (size_t i = 0; i < p->n; i++)
		met += p->reqs[i].state == MC_REQ_MET;
	return met;
}

/* Prints what a staff action did, its effect on progress, and the award. */
static int print_outcome(const char *cmd, struct mc_arena *a, const char *what,
                         const struct mc_learning_outcome *o, bool json)
{
	int st = 0;
	if (json) {
		struct mc_json *j = mc_json_new_object(a);
		set_str(a, j, "id", o->id);
		set_str(a, j, "enrolment", o->enrolment_id);
		mc_json_object_set(a, j, "duplicate", 9, mc_json_new_bool(a, o->duplicate));
		set_str(a, j, "credentialId", o->credential_id);
		mc_json_object_set(a, j, "awardedNow", 10, mc_json_new_bool(a, o->awarded_now));
		set_str(a, j, "awardError", o->award_rc ? o->award_err.msg : NULL);
		if (o->progress)
			mc_json_object_set(a, j, "progress", 8, mc_progress_json(a, o->progress));
		st = mc__cli_print_json(cmd, j);
	} else {
		printf("%s\n", what);
		if (o->progress)
			printf("progress: %d%% (%zu of %zu requirements met)\n", o->progress->percent,
			       count_met(o->progress), o->progress->n);
		if (o->credential_id)
			printf("%s: %s\n",
			       o->awarded_now ? "completed; credential awarded"
			                      : "completed; credential (awarded before)",
			       o->credential_id);
	}
	if (o->award_rc) {
		fprintf(stderr,
		        "microcred %s: error: recorded, but awarding the completed enrolment failed: %s "
		        "(retry with 'microcred progress %s --award')\n",
		        cmd, o->award_err.msg, o->enrolment_id);
		st = mc_err_exit_status(o->award_rc);
	}
	return st;
}

/* ---- enrol ---- */

static void enrol_usage(FILE *f)
{
	fprintf(f, "usage: microcred enrol --credential SLUG --email EMAIL [--name NAME]\n"
	           "                       [--start-date DATE] [--target-date DATE] [--json]\n"
	           "       microcred enrol --withdraw ENROLMENT_ID [--json]\n"
	           "(both take --db PATH)\n\n"
	           "Enrols a learner (created from the email if new) in a published micro-credential.\n"
	           "Enrolment is self-paced: the start defaults to now, the target date is optional\n"
	           "(dates as 2025-06-30 or RFC 3339). A learner has at most one live enrolment per\n"
	           "micro-credential; --withdraw ends an active one (they may enrol again later).\n"
	           "Prints the enrolment id, which the evidence, attendance, result and progress\n"
	           "commands take.\n\n"
	           "Examples:\n"
	           "  microcred enrol --credential data-analysis --email ada@example.org --name \"Ada L.\" "
	           "--target-date 2025-09-30\n"
	           "  microcred enrol --withdraw 0193c1d2-7e4f-7a00-8b1e-2f3c4d5e6f70\n");
}

int mc__cmd_enrol(int argc, char **argv)
{
	struct args g;
	int st = parse("enrol", argc, argv, 1, &g);
	if (st)
		return st;
	if (g.help) {
		enrol_usage(stdout);
		return 0;
	}
	if ((st = only("enrol", &g,
	               BIT(OPT_CREDENTIAL) | BIT(OPT_EMAIL) | BIT(OPT_NAME) | BIT(OPT_START) |
	                   BIT(OPT_TARGET) | BIT(OPT_WITHDRAW))))
		return st;
	if (g.npos)
		return mc__cli_usage_error("enrol", "unexpected argument '%s'", g.pos[0]);
	if (!g.withdraw && (!g.credential || !g.email))
		return mc__cli_usage_error("enrol",
		                           "give --credential SLUG and --email EMAIL (or --withdraw ID)");
	if (g.withdraw && (g.credential || g.email || g.name || g.start || g.target))
		return mc__cli_usage_error("enrol", "--withdraw takes only the enrolment id");

	struct mc_app app;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_enrolment *e;
	if ((st = mc__cli_open_app("enrol", &app, g.db, g.base_url)))
		return st;
	mc_arena_init(&a, 0);
	if (g.withdraw) {
		if (mc_enrolment_withdraw(&app, &a, g.withdraw, &e, &err))
			st = mc__cli_fail("enrol", &err);
		else if (g.json)
			st = mc__cli_print_json("enrol", enrolment_json(&a, e));
		else
			printf("withdrew %s from %s (enrolment %s)\n", e->email, e->achievement_slug, e->id);
	} else {
		struct mc_enrol_input in = {.achievement_ref = g.credential,
		                            .email = g.email,
		                            .name = g.name,
		                            .start_date = g.start,
		                            .target_date = g.target};
		if (mc_enrol(&app, &a, &in, &e, &err))
			st = mc__cli_fail("enrol", &err);
		else if (g.json)
			st = mc__cli_print_json("enrol", enrolment_json(&a, e));
		else
			printf("enrolled %s in %s (%s)\nenrolment: %s\n%s%s%snext: 'microcred progress %s' "
			       "shows what "
			       "earning it takes\n",
			       e->email, e->achievement_slug, e->achievement_title, e->id,
			       e->target_date ? "target date: " : "", e->target_date ? e->target_date : "",
			       e->target_date ? "\n" : "", e->id);
	}
	mc_arena_release(&a);
	mc_app_close(&app);
	return st;
}

/* ---- evidence ---- */

static void evidence_usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: microcred evidence submit (--enrolment ID | --credential SLUG --email E)\n"
	    "                                --requirement N|ID (--text T | --url U | --file PATH)\n"
	    "                                [--title T] [--public] [--json]\n"
	    "       microcred evidence list (--enrolment ID | --credential SLUG --email E) [--as EMAIL] "
	    "[--json]\n"
	    "       microcred evidence show EVIDENCE_ID [--as EMAIL] [--json]\n"
	    "(all take --db PATH)\n\n"
	    "Learners submit evidence for assignment and portfolio requirements (N is the\n"
	    "requirement's number in 'microcred progress'). A file is stored once per content\n"
	    "(SHA-256), up to 10 MiB by default (setting evidence.max_file_bytes); accepted\n"
	    "types, checked from the content: PDF, PNG, JPEG, WebP, ZIP, plain text (.txt) and\n"
	    "Markdown (.md). Evidence is private to the learner and the issuer's staff unless\n"
	    "--public; only accepted public evidence appears in the awarded credential.\n"
	    "list/show without --as show public evidence only.\n\n"
	    "Examples:\n"
	    "  microcred evidence submit --enrolment ID --requirement 1 --file report.pdf --public\n"
	    "  microcred evidence submit --credential data-analysis --email ada@example.org --requirement 3 "
	    "--url https://github.com/ada/analysis\n"
	    "  microcred evidence list --enrolment ID --as assessor@example.edu\n");
}

static struct mc_json *evidence_json(struct mc_arena *a, const struct mc_evidence *ev)
{
	struct mc_json *o = mc_json_new_object(a);
	set_str(a, o, "id", ev->id);
	set_str(a, o, "enrolment", ev->enrolment_id);
	mc_json_object_set(a, o, "requirement", 11, mc_json_new_int(a, ev->requirement_number));
	set_str(a, o, "requirementId", ev->requirement_id);
	set_str(a, o, "requirementTitle", ev->requirement_title);
	set_str(a, o, "kind", ev->kind);
	set_str(a, o, "title", ev->title);
	set_str(a, o, "text", ev->text);
	set_str(a, o, "url", ev->url);
	if (ev->file_sha256) {
		struct mc_json *f = mc_json_new_object(a);
		set_str(a, f, "name", ev->file_name);
		set_str(a, f, "sha256", ev->file_sha256);
		set_str(a, f, "mediaType", ev->file_media_type);
		mc_json_object_set(a, f, "size", 4, mc_json_new_int(a, ev->file_size));
		mc_json_object_set(a, o, "file", 4, f);
	}
	set_str(a, o, "state", ev->state);
	mc_json_object_set(a, o, "public", 6, mc_json_new_bool(a, ev->is_public));
	set_str(a, o, "submitted", ev->submitted_at);
	if (ev->review_id) {
		struct mc_json *r = mc_json_new_object(a), *fb = NULL;
		struct mc_err e2;
		set_str(a, r, "id", ev->review_id);
		set_str(a, r, "reviewer", ev->reviewer_email);
		set_str(a, r, "decision", ev->decision);
		if (ev->has_score)
			mc_json_object_set(a, r, "score", 5, mc_json_new_double(a, ev->score));
		if (ev->feedback_json &&
		    mc_json_parse(a, ev->feedback_json, strlen(ev->feedback_json), NULL, &fb, &e2) == 0)
			mc_json_object_set(a, r, "feedback", 8, fb);
		set_str(a, r, "reviewed", ev->reviewed_at);
		mc_json_object_set(a, o, "review", 6, r);
	}
	return o;
}

static void evidence_line(const struct mc_evidence *ev)
{
	const char *what = ev->title ? ev->title : ev->file_name ? ev->file_name : ev->url ? ev->url : "text";
	printf("%s  req %d  %-9s %-5s %s%s\n", ev->id, ev->requirement_number, ev->state, ev->kind, what,
	       ev->is_public ? "  (public)" : "");
}

static int read_evidence_file(struct mc_app *app, const char *path, struct mc_buf *b, struct mc_err *err)
{
	size_t max;
	struct stat sb;
	int rc = mc_evidence_max_file_size(app, &max, err);
	if (rc)
		return rc;
	/* Limits at the edge: an oversized upload is refused before it is read. */
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode) && (unsigned long long)sb.st_size > max)
		return mc_err_set(
		    err, MC_ELIMIT,
		    "%s is %lld bytes, over the upload limit of %zu bytes (%.1f MiB); make it smaller", path,
		    (long long)sb.st_size, max, (double)max / (1024.0 * 1024.0));
	mc_buf_init(b, max);
	if ((rc = mc__cli_read(path, b, err)) == MC_ELIMIT)
		return mc_err_set(err, MC_ELIMIT, "%s is over the upload limit of %zu bytes; make it smaller",
		                  path, max);
	return rc;
}

int mc__cmd_evidence(int argc, char **argv)
{
	struct args g;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		evidence_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? MC_EXIT_USAGE : 0;
	}
	const char *sub = argv[1];
	int st = parse("evidence", argc, argv, 2, &g);
	if (st)
		return st;
	if (g.help) {
		evidence_usage(stdout);
		return 0;
	}
	bool submit = strcmp(sub, "submit") == 0, list = strcmp(sub, "list") == 0,
	     show = strcmp(sub, "show") == 0;
	if (!submit && !list && !show)
		return mc__cli_usage_error("evidence", "unknown subcommand '%s' (submit, list, show)", sub);
	unsigned who = BIT(OPT_ENROLMENT) | BIT(OPT_CREDENTIAL) | BIT(OPT_EMAIL);
	if (submit) {
		st = only("evidence", &g,
		          who | BIT(OPT_REQUIREMENT) | BIT(OPT_TEXT) | BIT(OPT_URL) | BIT(OPT_FILE) |
		              BIT(OPT_TITLE) | BIT(OPT_PUBLIC));
		if (!st && !g.requirement)
			st = mc__cli_usage_error("evidence", "submit needs --requirement N|ID");
		if (!st && (g.text != NULL) + (g.url != NULL) + (g.file != NULL) != 1)
			st = mc__cli_usage_error("evidence",
			                         "submit needs exactly one of --text, --url or --file");
	} else {
		st = only("evidence", &g, (list ? who : 0) | BIT(OPT_AS));
		if (!st && show && g.npos != 1)
			st = mc__cli_usage_error("evidence", "show needs one EVIDENCE_ID");
	}
	if (!st && !show && g.npos)
		st = mc__cli_usage_error("evidence", "unexpected argument '%s'", g.pos[0]);
	if (st)
		return st;

	struct mc_app app;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_buf file;
	const char *eid;
	mc_buf_init(&file, 0);
	if ((st = mc__cli_open_app("evidence", &app, g.db, g.base_url)))
		return st;
	mc_arena_init(&a, 0);
	if (show) {
		struct mc_evidence *ev;
		if (mc_evidence_get(&app, &a, g.pos[0], g.as, &ev, &err))
			goto fail;
		if (g.json) {
			st = mc__cli_print_json("evidence", evidence_json(&a, ev));
		} else {
			evidence_line(ev);
			printf("  requirement %d: %s (%s)\n  submitted: %s\n", ev->requirement_number,
			       ev->requirement_title, ev->requirement_kind, ev->submitted_at);
			if (ev->text)
				printf("  text: %s\n", ev->text);
			if (ev->url)
				printf("  url: %s\n", ev->url);
			if (ev->file_sha256)
				printf("  file: %s (%s, %lld bytes, sha256 %s)\n", ev->file_name,
				       ev->file_media_type, (long long)ev->file_size, ev->file_sha256);
			if (ev->review_id)
				printf("  review: %s by %s on %s%s%s\n  feedback: %s\n", ev->decision,
				       ev->reviewer_email, ev->reviewed_at, ev->has_score ? ", score " : "",
				       ev->has_score ? mc_arena_printf(&a, "%g", ev->score) : "",
				       ev->feedback_json);
		}
	} else if (resolve_enrolment(&app, &a, &g, &eid, &err)) {
		goto fail;
	} else if (list) {
		struct mc_evidence **evs;
		size_t n, hidden;
		if (mc_evidence_list(&app, &a, eid, g.as, &evs, &n, &hidden, &err))
			goto fail;
		if (g.json) {
			struct mc_json *arr = mc_json_new_array(&a);
			for (size_t i = 0; i < n; i++)
				mc_json_array_append(&a, arr, evidence_json(&a, evs[i]));
			st = mc__cli_print_json("evidence", arr);
		} else {
			if (n == 0 && hidden == 0)
				printf("no evidence submitted yet\n");
			for (size_t i = 0; i < n; i++)
				evidence_line(evs[i]);
			if (hidden)
				printf("(%zu private item%s hidden; view as the learner or issuer staff with "
				       "--as EMAIL)\n",
				       hidden, hidden == 1 ? "" : "s");
		}
	} else {
		struct mc_evidence_input in = {.enrolment_id = eid,
		                               .requirement_ref = g.requirement,
		                               .title = g.title,
		                               .text = g.text,
		                               .url = g.url,
		                               .is_public = g.is_public};
		if (g.file) {
			if (read_evidence_file(&app, g.file, &file, &err))
				goto fail;
			in.file = file.ptr;
			in.file_len = file.len;
			in.file_name = g.file;
		}
		struct mc_evidence *ev;
		if (mc_evidence_submit(&app, &a, &in, &ev, &err))
			goto fail;
		if (g.json)
			st = mc__cli_print_json("evidence", evidence_json(&a, ev));
		else
			printf("submitted evidence %s for requirement %d (%s): awaiting review%s\n", ev->id,
			       ev->requirement_number, ev->requirement_title,
			       ev->is_public ? "" : " (private)");
	}
	goto out;
fail:
	st = mc__cli_fail("evidence", &err);
out:
	mc_buf_release(&file);
	mc_arena_release(&a);
	mc_app_close(&app);
	return st;
}

/* ---- review ---- */

static void review_usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: microcred review EVIDENCE_ID --as ASSESSOR_EMAIL (--accept | --reject)\n"
	    "                        [--score S] [--rubric 'criterion=points,...'] [--comment C] [--json]\n"
	    "(takes --db PATH)\n\n"
	    "An assessor (staff of the issuer: owner, editor or assessor) accepts or rejects\n"
	    "submitted evidence. For an assignment with a rubric, score every criterion (the\n"
	    "score is their sum); accepting needs a score reaching the pass threshold. When\n"
	    "the review meets the last open requirement, the credential is awarded and its\n"
	    "id printed.\n\n"
	    "Examples:\n"
	    "  microcred review 0193c1d2-... --as assessor@example.edu --accept --rubric 'Design=8,Code=9' "
	    "--comment 'Clear and well tested'\n"
	    "  microcred review 0193c1d2-... --as assessor@example.edu --reject --comment 'The link is "
	    "broken'\n");
}

int mc__cmd_review(int argc, char **argv)
{
	struct args g;
	int st = parse("review", argc, argv, 1, &g);
	if (st)
		return st;
	if (g.help) {
		review_usage(stdout);
		return 0;
	}
	if ((st = only("review", &g,
	               BIT(OPT_AS) | BIT(OPT_ACCEPT) | BIT(OPT_REJECT) | BIT(OPT_SCORE) | BIT(OPT_RUBRIC) |
	                   BIT(OPT_COMMENT))))
		return st;
	if (g.npos != 1)
		return mc__cli_usage_error("review", "give one EVIDENCE_ID");
	if (g.accept == g.reject)
		return mc__cli_usage_error("review", "give exactly one of --accept or --reject");
	if (!g.as)
		return mc__cli_usage_error("review", "give the reviewing assessor with --as EMAIL");
	struct mc_review_input in = {
	    .evidence_id = g.pos[0], .reviewer = g.as, .accept = g.accept, .comment = g.comment};
	if (g.score && (st = parse_score("review", g.score, &in.score)))
		return st;
	in.has_score = g.score != NULL;

	struct mc_app app;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_rubric_score *rubric = NULL;
	struct mc_learning_outcome *o;
	mc_arena_init(&a, 0);
	if (g.rubric && mc_rubric_parse(&a, g.rubric, &rubric, &in.rubric_n, &err)) {
		mc_arena_release(&a);
		return mc__cli_fail("review", &err);
	}
	in.rubric = rubric;
	if ((st = mc__cli_open_app("review", &app, g.db, g.base_url))) {
		mc_arena_release(&a);
		return st;
	}
	if (mc_review_record(&app, &a, &in, &o, &err))
		st = mc__cli_fail("review", &err);
	else
		st = print_outcome(
		    "review", &a,
		    mc_arena_printf(&a, "%s evidence %s", g.accept ? "accepted" : "rejected", g.pos[0]), o,
		    g.json);
	mc_arena_release(&a);
	mc_app_close(&app);
	return st;
}

/* ---- attendance ---- */

static void attendance_usage(FILE *f)
{
	fprintf(
	    f, "usage: microcred attendance record (--enrolment ID | --credential SLUG --email E)\n"
	       "                                   --requirement N|ID --session S --as STAFF_EMAIL [--json]\n"
	       "(takes --db PATH)\n\n"
	       "Staff of the issuer record one attended lecture or seminar session, or one\n"
	       "conference event, for an attendance or conference requirement. Recording the\n"
	       "same session again changes nothing. When it meets the last open requirement, the\n"
	       "credential is awarded and its id printed.\n\n"
	       "Example:\n"
	       "  microcred attendance record --enrolment 0193c1d2-... --requirement 2 --session 'Lecture 1 "
	       "(2025-03-04)' --as tutor@example.edu\n");
}

int mc__cmd_attendance(int argc, char **argv)
{
	struct args g;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		attendance_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? MC_EXIT_USAGE : 0;
	}
	if (strcmp(argv[1], "record") != 0)
		return mc__cli_usage_error("attendance", "unknown subcommand '%s' (record)", argv[1]);
	int st = parse("attendance", argc, argv, 2, &g);
	if (st)
		return st;
	if (g.help) {
		attendance_usage(stdout);
		return 0;
	}
	if ((st = only("attendance", &g,
	               BIT(OPT_ENROLMENT) | BIT(OPT_CREDENTIAL) | BIT(OPT_EMAIL) | BIT(OPT_REQUIREMENT) |
	                   BIT(OPT_SESSION) | BIT(OPT_AS))))
		return st;
	if (g.npos)
		return mc__cli_usage_error("attendance", "unexpected argument '%s'", g.pos[0]);
	if (!g.requirement || !g.session || !g.as)
		return mc__cli_usage_error("attendance",
		                           "record needs --requirement N, --session S and --as STAFF_EMAIL");

	struct mc_app app;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_learning_outcome *o;
	const char *eid;
	if ((st = mc__cli_open_app("attendance", &app, g.db, g.base_url)))
		return st;
	mc_arena_init(&a, 0);
	struct mc_attendance_input in = {
	    .requirement_ref = g.requirement, .session = g.session, .staff = g.as};
	if (resolve_enrolment(&app, &a, &g, &eid, &err) ||
	    (in.enrolment_id = eid, mc_attendance_record(&app, &a, &in, &o, &err)))
		st = mc__cli_fail("attendance", &err);
	else
		st = print_outcome("attendance", &a,
		                   mc_arena_printf(&a, "%s attendance of '%s' for requirement %s",
		                                   o->duplicate ? "already recorded:" : "recorded", g.session,
		                                   g.requirement),
		                   o, g.json);
	mc_arena_release(&a);
	mc_app_close(&app);
	return st;
}

/* ---- result ---- */

static void result_usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: microcred result record (--enrolment ID | --credential SLUG --email E)\n"
	    "                               --requirement N|ID --as STAFF_EMAIL [--json]\n"
	    "                               (--score S [--proctored --identity-verification METHOD]\n"
	    "                                | --supervisor NAME --supervisor-email E --statement T)\n"
	    "(takes --db PATH)\n\n"
	    "Staff of the issuer record an assessment attempt (numbered; passed when the score\n"
	    "reaches the pass score; at most the requirement's maximum attempts; a proctored\n"
	    "requirement needs --proctored and how identity was verified), or a workplace\n"
	    "demonstration attested by a named supervisor. When it meets the last open\n"
	    "requirement, the credential is awarded and its id printed.\n\n"
	    "Examples:\n"
	    "  microcred result record --enrolment 0193c1d2-... --requirement 4 --score 78 --proctored "
	    "--identity-verification 'photo ID' --as tutor@example.edu\n"
	    "  microcred result record --enrolment 0193c1d2-... --requirement 6 --supervisor 'Grace Hopper' "
	    "--supervisor-email grace@acme.example --statement 'Ran the quarterly analysis alone' --as "
	    "tutor@example.edu\n");
}

int mc__cmd_result(int argc, char **argv)
{
	struct args g;
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		result_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? MC_EXIT_USAGE : 0;
	}
	if (strcmp(argv[1], "record") != 0)
		return mc__cli_usage_error("result", "unknown subcommand '%s' (record)", argv[1]);
	int st = parse("result", argc, argv, 2, &g);
	if (st)
		return st;
	if (g.help) {
		result_usage(stdout);
		return 0;
	}
	if ((st = only("result", &g,
	               BIT(OPT_ENROLMENT) | BIT(OPT_CREDENTIAL) | BIT(OPT_EMAIL) | BIT(OPT_REQUIREMENT) |
	                   BIT(OPT_AS) | BIT(OPT_SCORE) | BIT(OPT_PROCTORED) | BIT(OPT_IDV) |
	                   BIT(OPT_SUPERVISOR) | BIT(OPT_SUPERVISOR_EMAIL) | BIT(OPT_STATEMENT))))
		return st;
	if (g.npos)
		return mc__cli_usage_error("result", "unexpected argument '%s'", g.pos[0]);
	if (!g.requirement || !g.as)
		return mc__cli_usage_error("result", "record needs --requirement N and --as STAFF_EMAIL");
	struct mc_result_input in = {.requirement_ref = g.requirement,
	                             .staff = g.as,
	                             .proctored = g.proctored,
	                             .identity_verification = g.idv,
	                             .supervisor_name = g.supervisor,
	                             .supervisor_email = g.supervisor_email,
	                             .statement = g.statement};
	if (g.score && (st = parse_score("result", g.score, &in.score)))
		return st;
	in.has_score = g.score != NULL;

	struct mc_app app;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_learning_outcome *o;
	const char *eid;
	if ((st = mc__cli_open_app("result", &app, g.db, g.base_url)))
		return st;
	mc_arena_init(&a, 0);
	if (resolve_enrolment(&app, &a, &g, &eid, &err) ||
	    (in.enrolment_id = eid, mc_result_record(&app, &a, &in, &o, &err))) {
		st = mc__cli_fail("result", &err);
	} else {
		const char *what =
		    g.supervisor
		        ? mc_arena_printf(&a, "recorded the attestation of %s for requirement %s",
		                          g.supervisor, g.requirement)
		        : mc_arena_printf(&a, "recorded score %s for requirement %s", g.score, g.requirement);
		if (o->progress)
			for (size_t i = 0; i < o->progress->n; i++)
				if (strcmp(o->progress->reqs[i].id, g.requirement) == 0 ||
				    o->progress->reqs[i].number == atoi(g.requirement))
					what = mc_arena_printf(&a, "%s: %s", what,
					                       o->progress->reqs[i].description);
		st = print_outcome("result", &a, what, o, g.json);
	}
	mc_arena_release(&a);
	mc_app_close(&app);
	return st;
}

/* ---- progress ---- */

static void progress_usage(FILE *f)
{
	fprintf(f, "usage: microcred progress ENROLMENT_ID [--json] [--award]\n"
	           "       microcred progress --email EMAIL --credential SLUG [--json] [--award]\n"
	           "(takes --db PATH)\n\n"
	           "Shows each requirement of the enrolment with its state (not started, in\n"
	           "progress, submitted, met, failed) and what is done, the overall percentage, and\n"
	           "the credential once awarded. --award awards a complete enrolment whose award did\n"
	           "not happen (e.g. the issuer had no signing key then); it never awards twice.\n\n"
	           "Examples:\n"
	           "  microcred progress 0193c1d2-7e4f-7a00-8b1e-2f3c4d5e6f70\n"
	           "  microcred progress --email ada@example.org --credential data-analysis --json\n");
}

int mc__cmd_progress(int argc, char **argv)
{
	struct args g;
	int st = parse("progress", argc, argv, 1, &g);
	if (st)
		return st;
	if (g.help) {
		progress_usage(stdout);
		return 0;
	}
	if ((st = only("progress", &g,
	               BIT(OPT_EMAIL) | BIT(OPT_CREDENTIAL) | BIT(OPT_ENROLMENT) | BIT(OPT_AWARD))))
		return st;
	if (g.npos > 1)
		return mc__cli_usage_error("progress", "unexpected argument '%s'", g.pos[1]);
	if (g.npos == 1) {
		if (g.enrolment || g.email || g.credential)
			return mc__cli_usage_error(
			    "progress", "give the ENROLMENT_ID or --email and --credential, not both");
		g.enrolment = g.pos[0];
	} else if (!g.enrolment && (!g.email || !g.credential)) {
		return mc__cli_usage_error("progress",
		                           "give an ENROLMENT_ID, or --email EMAIL and --credential SLUG");
	}

	struct mc_app app;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_progress *p;
	const char *eid;
	if ((st = mc__cli_open_app("progress", &app, g.db, g.base_url)))
		return st;
	mc_arena_init(&a, 0);
	if (resolve_enrolment(&app, &a, &g, &eid, &err))
		goto fail;
	if (g.award) {
		struct mc_learning_outcome *o;
		if (mc_enrolment_complete(&app, &a, eid, &o, &err))
			goto fail;
		p = o->progress;
		if (!g.json)
			printf("%s: %s\n",
			       o->awarded_now ? "credential awarded" : "credential (awarded before)",
			       o->credential_id);
	} else if (mc_progress_get(&app, &a, eid, &p, &err)) {
		goto fail;
	}
	if (g.json) {
		st = mc__cli_print_json("progress", mc_progress_json(&a, p));
	} else {
		const struct mc_enrolment *e = p->enrolment;
		printf("%s — %s (%s)\nenrolment %s: %s, started %s%s%s\n", e->achievement_title, e->name,
		       e->email, e->id, e->state, e->started_at, e->target_date ? ", target " : "",
		       e->target_date ? e->target_date : "");
		for (size_t i = 0; i < p->n; i++) {
			const struct mc_requirement_progress *r = &p->reqs[i];
			printf("  %d. %-12s %-40s [%s] %s\n", r->number, r->kind, r->title,
			       mc_req_state_name(r->state), r->description);
		}
		printf("progress: %d%% (%zu of %zu requirements met)\n", p->percent, count_met(p), p->n);
		if (p->credential_id)
			printf("credential: %s\n", p->credential_id);
		else if (p->complete)
			printf("every requirement is met; award it with 'microcred progress %s --award'\n",
			       e->id);
	}
	goto out;
fail:
	st = mc__cli_fail("progress", &err);
out:
	mc_arena_release(&a);
	mc_app_close(&app);
	return st;
}
