/* microcred revoke | suspend | reinstate | pathway | endorse | demo:
 * what happens to credentials after award (include/microcred/lifecycle.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/achievement.h"
#include "microcred/app.h"
#include "microcred/award.h"
#include "microcred/issuer.h"
#include "microcred/json.h"
#include "microcred/lifecycle.h"

#include "cli/cli.h"

enum {
	OPT_DB = 256,
	OPT_BASE_URL,
	OPT_JSON,
	OPT_REASON,
	OPT_ACTOR,
	OPT_ISSUER,
	OPT_TITLE,
	OPT_SLUG,
	OPT_DESCRIPTION,
	OPT_RULE,
	OPT_ALL,
	OPT_ANY,
	OPT_N,
	OPT_OF,
	OPT_USER,
	OPT_BY,
	OPT_CREDENTIAL,
	OPT_COMMENT,
	OPT_NAME,
	OPT_WITHDRAWN,
};

#define COMMON_OPTS                                                                                          \
	{"db", required_argument, NULL, OPT_DB}, {"base-url", required_argument, NULL, OPT_BASE_URL},        \
	    {"json", no_argument, NULL, OPT_JSON}, {"help", no_argument, NULL, 'h'},

/* The options every platform command shares, filled by parse(). */
struct common {
	const char *db, *base_url;
	bool json;
};

/* Runs getopt_long over argv; common options are consumed here, the others go to
 * opt(c, optarg, ctx) which returns 0 or a usage-error status. Returns -1 after
 * printing help, a status > 0 on a usage error, or 0. */
static int parse(const char *cmd, int argc, char **argv, const struct option *opts, const char *shortopts,
                 struct common *co, int (*opt)(int c, const char *arg, void *ctx), void *ctx,
                 void (*help)(FILE *))
{
	int c;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: co->db = optarg; break;
		case OPT_BASE_URL: co->base_url = optarg; break;
		case OPT_JSON: co->json = true; break;
		case 'h': help(stdout); return -1;
		case '?':
		case ':':
			return mc__cli_usage_error(cmd, "unknown option or missing value: '%s'",
			                           argv[optind - 1]);
		default: {
			int st = opt ? opt(c, optarg, ctx) : mc__cli_usage_error(cmd, "unknown option");
			if (st)
				return st;
		}
		}
	}
	return 0;
}

static void put_str(struct mc_arena *a, struct mc_json *o, const char *k, const char *v)
{
	struct mc_json j;
	if (v)
		mc_json_set_string(a, &j, v, strlen(v));
	else
		mc_json_set_null(&j);
	mc_json_object_set(a, o, k, strlen(k), &j);
}

/* ---- revoke / suspend / reinstate ---- */

enum change_op { CH_REVOKE, CH_SUSPEND, CH_REINSTATE };

static enum change_op g_change_op;

static void change_usage(FILE *f)
{
	static const char *const verbs[] = {"revoke", "suspend", "reinstate"};
	const char *v = verbs[g_change_op];
	fprintf(f,
	        "usage: microcred %s CREDENTIAL %s[--actor EMAIL] [--json] [--db PATH] [--base-url URL]\n\n",
	        v, g_change_op == CH_REINSTATE ? "[--reason TEXT] " : "--reason TEXT ");
	switch (g_change_op) {
	case CH_REVOKE:
		fprintf(f,
		        "Revokes an awarded credential for good: its bit in the issuer's revocation status\n"
		        "list is set and the list credential re-signed, so every verifier that checks the\n"
		        "status (microcred verify, wallets, verify.mjs --status) reports it revoked. A\n"
		        "revoked credential can never be reinstated.\n\n");
		break;
	case CH_SUSPEND:
		fprintf(f,
		        "Suspends an awarded credential (e.g. while a complaint is investigated): its bit\n"
		        "in the issuer's suspension status list is set and the list re-signed. 'microcred\n"
		        "reinstate' lifts the suspension.\n\n");
		break;
	case CH_REINSTATE:
		fprintf(f,
		        "Lifts the suspension of a credential: its suspension bit is cleared and the list\n"
		        "re-signed. Revoked credentials cannot be reinstated.\n\n");
		break;
	}
	fprintf(f,
	        "CREDENTIAL is the credential's id (urn:uuid:...), its bare uuid, or its number\n"
	        "('microcred award list' shows them).\n\n"
	        "Options:\n"
	        "  --reason TEXT   why (recorded with the change and shown to the learner)\n"
	        "  --actor EMAIL   who does it: must be an owner or editor of the issuer\n"
	        "  --json          print the credential's new state as JSON\n\n"
	        "Example:\n"
	        "  microcred %s 42 --reason \"%s\"\n",
	        v,
	        g_change_op == CH_REVOKE    ? "awarded in error: the assessment was not passed"
	        : g_change_op == CH_SUSPEND ? "under review after a plagiarism complaint"
	                                    : "review closed: no plagiarism found");
}

struct change_opts {
	const char *reason, *actor;
};

static int change_opt(int c, const char *arg, void *ctx)
{
	struct change_opts *o = ctx;
	if (c == OPT_REASON)
		o->reason = arg;
	else if (c == OPT_ACTOR)
		o->actor = arg;
	return 0;
}

static int run_change(int argc, char **argv, enum change_op op)
{
	static const struct option opts[] = {COMMON_OPTS{"reason", required_argument, NULL, OPT_REASON},
	                                     {"actor", required_argument, NULL, OPT_ACTOR},
	                                     {NULL, 0, NULL, 0}};
	const char *cmd = argv[0];
	struct common co = {0};
	struct change_opts o = {0};
	g_change_op = op;
	int st = parse(cmd, argc, argv, opts, "h", &co, change_opt, &o, change_usage);
	if (st)
		return st < 0 ? 0 : st;
	if (optind >= argc)
		return mc__cli_usage_error(cmd, "which credential? give its id, uuid or number");
	if (optind + 1 < argc)
		return mc__cli_usage_error(cmd, "unexpected argument '%s' (one credential at a time)",
		                           argv[optind + 1]);
	struct mc_app app;
	if ((st = mc__cli_open_app(cmd, &app, co.db, co.base_url)))
		return st;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_award *w;
	struct mc_state_change in = {.credential_ref = argv[optind], .reason = o.reason, .actor = o.actor};
	mc_arena_init(&a, 0);
	int rc = op == CH_REVOKE    ? mc_credential_revoke(&app, &a, &in, &w, &err)
	         : op == CH_SUSPEND ? mc_credential_suspend(&app, &a, &in, &w, &err)
	                            : mc_credential_reinstate(&app, &a, &in, &w, &err);
	if (rc) {
		st = mc__cli_fail(cmd, &err);
	} else if (co.json) {
		struct mc_json *j = mc_json_new_object(&a);
		put_str(&a, j, "id", w->id);
		mc_json_object_set(&a, j, "number", 6, mc_json_new_int(&a, w->number));
		put_str(&a, j, "state", w->state);
		put_str(&a, j, "reason", w->state_reason);
		put_str(&a, j, "recipient", w->email);
		st = mc__cli_print_json(cmd, j);
	} else {
		printf("credential %s (no. %lld, %s) is now %s%s%s%s\n", w->id, (long long)w->number,
		       w->email, w->state, w->state_reason ? " — reason: " : "",
		       w->state_reason ? w->state_reason : "",
		       op == CH_REINSTATE ? "; its suspension bit was cleared and the list re-signed"
		       : op == CH_REVOKE  ? "; its revocation bit was set and the list re-signed"
		                          : "; its suspension bit was set and the list re-signed");
	}
	mc_arena_release(&a);
	mc_app_close(&app);
	return st;
}

int mc__cmd_revoke(int argc, char **argv)
{
	return run_change(argc, argv, CH_REVOKE);
}

int mc__cmd_suspend(int argc, char **argv)
{
	return run_change(argc, argv, CH_SUSPEND);
}

int mc__cmd_reinstate(int argc, char **argv)
{
	return run_change(argc, argv, CH_REINSTATE);
}

/* ---- pathway ---- */

static void pathway_usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: microcred pathway create --issuer ISSUER --title TITLE RULE [--slug SLUG]\n"
	    "                                [--description TEXT] [--json]\n"
	    "       microcred pathway set-rule PATHWAY RULE\n"
	    "       microcred pathway list [--issuer ISSUER] [--json]\n"
	    "       microcred pathway show PATHWAY [--user EMAIL] [--json]\n"
	    "(all take --db PATH and --base-url URL)\n\n"
	    "A pathway is a stacked credential: earned by holding other micro-credentials (or\n"
	    "pathways) as a rule says, and awarded AUTOMATICALLY when a learner's new award\n"
	    "satisfies it. The pathway credential lists every component credential as\n"
	    "evidence with the SHA-256 digest (digestSRI) of its stored JSON, so a verifier\n"
	    "can check the whole stack. Only active, unexpired credentials count.\n\n"
	    "RULE is one of:\n"
	    "  --all A,B,C        every one of these micro-credentials (slugs or ids)\n"
	    "  --any A,B          any one of them\n"
	    "  --n N --of A,B,C   at least N of them\n"
	    "  --rule FILE.json   a rule tree, nested as deep as needed:\n"
	    "      {\"all\": [R...]} | {\"any\": [R...]} | {\"n\": N, \"of\": [R...]} | {\"achievement\": "
	    "\"slug\"}\n"
	    "Every named achievement must exist, N must be between 1 and the number of\n"
	    "choices, and no pathway may require itself (directly or through others).\n\n"
	    "'show --user EMAIL' tells how far a learner is.\n\n"
	    "Examples:\n"
	    "  microcred pathway create --issuer uni --title \"Data Science Foundations\" \\\n"
	    "      --all python-basics,statistics-101,data-visualisation\n"
	    "  echo '{\"all\": [{\"achievement\": \"python-basics\"}, {\"n\": 1, \"of\": [{\"achievement\": "
	    "\"sql\"}, {\"achievement\": \"r\"}]}]}' > rule.json\n"
	    "  microcred pathway create --issuer uni --title \"Data Analyst\" --rule rule.json\n"
	    "  microcred pathway show data-science-foundations --user ada@example.org\n");
}

struct pw_opts {
	const char *issuer, *title, *slug, *description, *rule_file, *all, *any, *of, *user;
	const char *n;
};

static int pw_opt(int c, const char *arg, void *ctx)
{
	struct pw_opts *o = ctx;
	switch (c) {
	case OPT_ISSUER: o->issuer = arg; break;
	case OPT_TITLE: o->title = arg; break;
	case OPT_SLUG: o->slug = arg; break;
	case OPT_DESCRIPTION: o->description = arg; break;
	case OPT_RULE: o->rule_file = arg; break;
	case OPT_ALL: o->all = arg; break;
	case OPT_ANY: o->any = arg; break;
	case OPT_OF: o->of = arg; break;
	case OPT_N: o->n = arg; break;
	case OPT_USER: o->user = arg; break;
	default: break;
	}
	return 0;
}

/* The rule from the options, in a; *st set to a usage status on a mistake. */
static int rule_from_opts(const char *cmd, struct mc_arena *a, const struct pw_opts *o, struct mc_json **rule)
{
	int given =
	    (o->rule_file != NULL) + (o->all != NULL) + (o->any != NULL) + (o->of != NULL || o->n != NULL);
	if (given != 1)
		return mc__cli_usage_error(
		    cmd, "give exactly one rule: --all A,B,C, --any A,B, --n N --of A,B,C, or "
		         "--rule FILE.json");
	if (o->all || o->any) {
		*rule = mc_pathway_rule_from_list(a, o->all ? "all" : "any", 0, o->all ? o->all : o->any);
		return 0;
	}
	if (o->n || o->of) {
		char *end;
		long long n = o->n ? strtoll(o->n, &end, 10) : 0;
		if (!o->n || !o->of || *end || n < 1)
			return mc__cli_usage_error(cmd,
			                           "--n N and --of A,B,C go together, N a positive number");
		*rule = mc_pathway_rule_from_list(a, "n", n, o->of);
		return 0;
	}
	struct mc_buf b;
	struct mc_err err = {0};
	mc_buf_init(&b, 1024 * 1024);
	int rc = mc__cli_read(o->rule_file, &b, &err);
	if (!rc)
		rc = mc_json_parse(a, b.ptr, b.len, NULL, rule, &err);
	mc_buf_release(&b);
	if (rc) {
		mc_err_prefix(&err, "%s", o->rule_file);
		return mc__cli_fail(cmd, &err);
	}
	return 0;
}

static void print_pathway(struct mc_app *app, const struct mc_pathway *p)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_json_write(&b, p->rule, MC_JSON_COMPACT);
	printf("%s  %s\n  id %s, achievement %s/achievements/%s (%s)\n  rule %s\n", p->slug, p->title, p->id,
	       app->base_url, p->slug, p->state, b.ptr);
	mc_buf_release(&b);
}

int mc__cmd_pathway(int argc, char **argv)
{
	static const struct option opts[] = {COMMON_OPTS{"issuer", required_argument, NULL, OPT_ISSUER},
	                                     {"title", required_argument, NULL, OPT_TITLE},
	                                     {"slug", required_argument, NULL, OPT_SLUG},
	                                     {"description", required_argument, NULL, OPT_DESCRIPTION},
	                                     {"rule", required_argument, NULL, OPT_RULE},
	                                     {"all", required_argument, NULL, OPT_ALL},
	                                     {"any", required_argument, NULL, OPT_ANY},
	                                     {"n", required_argument, NULL, OPT_N},
	                                     {"of", required_argument, NULL, OPT_OF},
	                                     {"user", required_argument, NULL, OPT_USER},
	                                     {NULL, 0, NULL, 0}};
	const char *cmd = "pathway";
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		pathway_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? MC_EXIT_USAGE : 0;
	}
	const char *sub = argv[1];
	if (strcmp(sub, "create") && strcmp(sub, "list") && strcmp(sub, "show") && strcmp(sub, "set-rule"))
		return mc__cli_usage_error(cmd, "unknown subcommand '%s'; use create, set-rule, list or show",
		                           sub);
	struct common co = {0};
	struct pw_opts o = {0};
	int st = parse(cmd, argc - 1, argv + 1, opts, "h", &co, pw_opt, &o, pathway_usage);
	if (st)
		return st < 0 ? 0 : st;
	int nargs = argc - 1 - optind;
	char **args = argv + 1 + optind;
	bool needs_ref = strcmp(sub, "show") == 0 || strcmp(sub, "set-rule") == 0;
	if (needs_ref && nargs != 1)
		return mc__cli_usage_error(cmd, "%s takes one PATHWAY (its slug or id)", sub);
	if (!needs_ref && nargs)
		return mc__cli_usage_error(cmd, "unexpected argument '%s'", args[0]);

	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_json *rule = NULL;
	mc_arena_init(&a, 0);
	if (strcmp(sub, "create") == 0 || strcmp(sub, "set-rule") == 0) {
		if ((st = rule_from_opts(cmd, &a, &o, &rule))) {
			mc_arena_release(&a);
			return st;
		}
	}
	struct mc_app app;
	if ((st = mc__cli_open_app(cmd, &app, co.db, co.base_url))) {
		mc_arena_release(&a);
		return st;
	}
	int rc = 0;
	struct mc_pathway *p = NULL;
	if (strcmp(sub, "create") == 0) {
		struct mc_pathway_input in = {.issuer_ref = o.issuer,
		                              .title = o.title,
		                              .slug = o.slug,
		                              .description = o.description,
		                              .rule = rule};
		rc = mc_pathway_create(&app, &a, &in, &p, &err);
	} else if (strcmp(sub, "set-rule") == 0) {
		rc = mc_pathway_set_rule(&app, &a, args[0], rule, &p, &err);
	} else if (strcmp(sub, "show") == 0) {
		rc = mc_pathway_get(&app, &a, args[0], &p, &err);
	}
	if (rc) {
		st = mc__cli_fail(cmd, &err);
	} else if (strcmp(sub, "list") == 0) {
		struct mc_pathway **list;
		size_t n;
		if (mc_pathway_list(&app, &a, o.issuer, &list, &n, &err)) {
			st = mc__cli_fail(cmd, &err);
		} else if (co.json) {
			struct mc_json *arr = mc_json_new_array(&a);
			for (size_t i = 0; i < n; i++)
				mc_json_array_append(&a, arr, mc_pathway_json(&app, &a, list[i]));
			st = mc__cli_print_json(cmd, arr);
		} else {
			for (size_t i = 0; i < n; i++)
				print_pathway(&app, list[i]);
			if (!n)
				printf("no pathways yet ('microcred pathway create --help')\n");
		}
	} else {
		struct mc_json *j = mc_pathway_json(&app, &a, p);
		struct mc_pathway_status ps = {0};
		struct mc_user *u = NULL;
		if (o.user && !strcmp(sub, "show")) {
			if (mc_user_get(&app, &a, o.user, &u, &err) ||
			    mc_pathway_evaluate(&app, &a, p, u->id, &ps, &err)) {
				st = mc__cli_fail(cmd, &err);
				goto done;
			}
			struct mc_json *prog = mc_json_new_object(&a), *comps = mc_json_new_array(&a);
			put_str(&a, prog, "user", u->email);
			mc_json_object_set(&a, prog, "satisfied", 9, mc_json_new_bool(&a, ps.satisfied));
			for (size_t i = 0; i < ps.n; i++) {
				struct mc_json *c = mc_json_new_object(&a);
				put_str(&a, c, "achievement", ps.components[i].achievement_id);
				put_str(&a, c, "credential", ps.components[i].credential_id);
				put_str(&a, c, "sha256", ps.components[i].sha256);
				mc_json_array_append(&a, comps, c);
			}
			mc_json_object_set(&a, prog, "components", 10, comps);
			mc_json_object_set(&a, j, "progress", 8, prog);
		}
		if (co.json) {
			st = mc__cli_print_json(cmd, j);
		} else {
			if (!strcmp(sub, "create"))
				printf("pathway created: ");
			else if (!strcmp(sub, "set-rule"))
				printf("rule replaced: ");
			print_pathway(&app, p);
			if (u)
				printf("  %s: %s, %zu component credential(s) held towards %zu in the rule\n",
				       u->email, ps.satisfied ? "satisfied" : "not yet satisfied", ps.n,
				       ps.needed_total);
		}
	}
done:
	mc_arena_release(&a);
	mc_app_close(&app);
	return st;
}

/* ---- endorse ---- */

static void endorse_usage(FILE *f)
{
	fprintf(f,
	        "usage: microcred endorse --by ENDORSER (--issuer ISSUER | --credential MICRO-CREDENTIAL)\n"
	        "                         --comment TEXT [--name TEXT] [-o FILE] [--json]\n"
	        "       microcred endorse list [--by ENDORSER] [--issuer I | --credential C] [--withdrawn] "
	        "[--json]\n"
	        "       microcred endorse show ENDORSEMENT-ID\n"
	        "       microcred endorse withdraw ENDORSEMENT-ID\n"
	        "(all take --db PATH and --base-url URL)\n\n"
	        "An organisation registered here as an issuer (ENDORSER) vouches for another\n"
	        "issuer or for a micro-credential with an Open Badges 3.0 EndorsementCredential\n"
	        "signed with its own key. Credentials awarded afterwards embed the current\n"
	        "endorsements (in the issuer Profile or the Achievement). Endorsing the same\n"
	        "subject again replaces the earlier endorsement; 'withdraw' stops later awards from\n"
	        "embedding it. 'show' prints the signed credential ('microcred verify' checks it).\n\n"
	        "Examples:\n"
	        "  microcred endorse --by engineering-council --issuer university-of-example \\\n"
	        "      --comment \"Accredited provider of continuing professional development.\"\n"
	        "  microcred endorse --by engineering-council --credential cloud-security-basics \\\n"
	        "      --comment \"Meets the council's CPD standard.\" -o endorsement.json\n"
	        "  microcred verify endorsement.json\n");
}

struct en_opts {
	const char *by, *issuer, *credential, *comment, *name, *output;
	bool withdrawn;
};

static int en_opt(int c, const char *arg, void *ctx)
{
	struct en_opts *o = ctx;
	switch (c) {
	case OPT_BY: o->by = arg; break;
	case OPT_ISSUER: o->issuer = arg; break;
	case OPT_CREDENTIAL: o->credential = arg; break;
	case OPT_COMMENT: o->comment = arg; break;
	case OPT_NAME: o->name = arg; break;
	case OPT_WITHDRAWN: o->withdrawn = true; break;
	case 'o': o->output = arg; break;
	default: break;
	}
	return 0;
}

static struct mc_json *endorsement_json(struct mc_arena *a, const struct mc_endorsement *e)
{
	struct mc_json *j = mc_json_new_object(a);
	put_str(a, j, "id", e->id);
	put_str(a, j, "endorser", e->endorser_id);
	put_str(a, j, "subjectType", e->subject_type);
	put_str(a, j, "subject", e->subject_id);
	put_str(a, j, "comment", e->comment);
	put_str(a, j, "created", e->created_at);
	put_str(a, j, "withdrawn", e->withdrawn_at);
	return j;
}

static const char *issuer_slug(struct mc_app *app, struct mc_arena *a, const char *id)
{
	struct mc_issuer *is;
	struct mc_err err = {0};
	return mc_issuer_get(app, a, id, &is, &err) == 0 ? is->slug : id;
}

/* The endorsed issuer's or micro-credential's slug, for listings. */
static const char *subject_name(struct mc_app *app, struct mc_arena *a, const struct mc_endorsement *e)
{
	struct mc_achievement *ach;
	struct mc_err err = {0};
	if (strcmp(e->subject_type, "issuer") == 0)
		return issuer_slug(app, a, e->subject_id);
	return mc_achievement_get(app, a, e->subject_id, &ach, &err) == 0 ? ach->slug : e->subject_id;
}

static int write_text(const char *cmd, const char *path, const char *text)
{
	struct mc_buf b;
	struct mc_err err = {0};
	int rc;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_buf_puts(&b, text);
	mc_buf_putc(&b, '\n');
	if (path && strcmp(path, "-") != 0)
		rc = mc__cli_write_file(path, b.ptr, b.len, 0644, &err);
	else
		rc = mc__cli_write_stdout(b.ptr, b.len, &err);
	mc_buf_release(&b);
	return rc ? mc__cli_fail(cmd, &err) : 0;
}

int mc__cmd_endorse(int argc, char **argv)
{
	static const struct option opts[] = {COMMON_OPTS{"by", required_argument, NULL, OPT_BY},
	                                     {"issuer", required_argument, NULL, OPT_ISSUER},
	                                     {"credential", required_argument, NULL, OPT_CREDENTIAL},
	                                     {"comment", required_argument, NULL, OPT_COMMENT},
	                                     {"name", required_argument, NULL, OPT_NAME},
	                                     {"withdrawn", no_argument, NULL, OPT_WITHDRAWN},
	                                     {"output", required_argument, NULL, 'o'},
	                                     {NULL, 0, NULL, 0}};
	const char *cmd = "endorse";
	const char *sub = "create";
	int shift = 0;
	if (argc >= 2 &&
	    (!strcmp(argv[1], "list") || !strcmp(argv[1], "show") || !strcmp(argv[1], "withdraw"))) {
		sub = argv[1];
		shift = 1;
	}
	struct common co = {0};
	struct en_opts o = {0};
	if (argc < 2) {
		endorse_usage(stderr);
		return MC_EXIT_USAGE;
	}
	int st = parse(cmd, argc - shift, argv + shift, opts, "ho:", &co, en_opt, &o, endorse_usage);
	if (st)
		return st < 0 ? 0 : st;
	int nargs = argc - shift - optind;
	char **args = argv + shift + optind;
	bool one = !strcmp(sub, "show") || !strcmp(sub, "withdraw");
	if (one && nargs != 1)
		return mc__cli_usage_error(
		    cmd, "%s takes one ENDORSEMENT-ID ('microcred endorse list' shows them)", sub);
	if (!one && nargs)
		return mc__cli_usage_error(cmd, "unexpected argument '%s'", args[0]);
	if (o.issuer && o.credential)
		return mc__cli_usage_error(
		    cmd, "endorse either an issuer (--issuer) or a micro-credential (--credential)");
	if (!strcmp(sub, "create") && !o.issuer && !o.credential)
		return mc__cli_usage_error(
		    cmd, "what is endorsed? give --issuer ISSUER or --credential MICRO-CREDENTIAL");

	struct mc_app app;
	if ((st = mc__cli_open_app(cmd, &app, co.db, co.base_url)))
		return st;
	struct mc_arena a;
	struct mc_err err = {0};
	mc_arena_init(&a, 0);
	const char *stype = o.issuer ? "issuer" : o.credential ? "achievement" : NULL;
	const char *sref = o.issuer ? o.issuer : o.credential;
	if (!strcmp(sub, "create")) {
		struct mc_endorse_input in = {.endorser_ref = o.by,
		                              .subject_type = stype,
		                              .subject_ref = sref,
		                              .comment = o.comment,
		                              .name = o.name};
		struct mc_endorsement *e;
		if (mc_endorse(&app, &a, &in, &e, &err)) {
			st = mc__cli_fail(cmd, &err);
		} else if (o.output) {
			st = write_text(cmd, o.output, e->json);
			if (!st && strcmp(o.output, "-") != 0)
				printf("endorsement %s issued; written to %s\n", e->id, o.output);
		} else if (co.json) {
			st = mc__cli_print_json(cmd, endorsement_json(&a, e));
		} else {
			printf("endorsement %s issued by %s for %s %s; later awards embed it\n", e->id, o.by,
			       stype, sref);
		}
	} else if (!strcmp(sub, "withdraw")) {
		if (mc_endorsement_withdraw(&app, args[0], &err))
			st = mc__cli_fail(cmd, &err);
		else
			printf("endorsement %s withdrawn: later awards no longer embed it\n", args[0]);
	} else {
		struct mc_endorsement **list;
		size_t n;
		bool show = !strcmp(sub, "show");
		if (mc_endorsement_list(&app, &a, show ? NULL : o.by, show ? NULL : stype, show ? NULL : sref,
		                        show || o.withdrawn, &list, &n, &err)) {
			st = mc__cli_fail(cmd, &err);
		} else if (show) {
			size_t i = 0;
			while (i < n && strcmp(list[i]->id, args[0]) != 0)
				i++;
			if (i == n) {
				mc_err_set(&err, MC_ENOTFOUND,
				           "no endorsement '%s' ('microcred endorse list' shows them)",
				           args[0]);
				st = mc__cli_fail(cmd, &err);
			} else {
				st = write_text(cmd, o.output, list[i]->json);
			}
		} else if (co.json) {
			struct mc_json *arr = mc_json_new_array(&a);
			for (size_t i = 0; i < n; i++)
				mc_json_array_append(&a, arr, endorsement_json(&a, list[i]));
			st = mc__cli_print_json(cmd, arr);
		} else {
			for (size_t i = 0; i < n; i++)
				printf("%s  %s %s  by %s  %s%s\n", list[i]->id, list[i]->subject_type,
				       subject_name(&app, &a, list[i]),
				       issuer_slug(&app, &a, list[i]->endorser_id), list[i]->created_at,
				       list[i]->withdrawn_at ? "  (withdrawn)" : "");
			if (!n)
				printf("no endorsements\n");
		}
	}
	mc_arena_release(&a);
	mc_app_close(&app);
	return st;
}

/* ---- demo ---- */

static void demo_usage(FILE *f)
{
	fprintf(f, "usage: microcred demo [--db PATH] [--base-url URL] [--json]\n\n"
	           "Seeds a realistic demo into an empty database: two issuers (a university and a\n"
	           "professional body that endorses it), a dozen published micro-credentials across\n"
	           "the four categories with every EU element, requirements of all kinds, skills\n"
	           "aligned to ESCO and O*NET, a pathway of three, and learners at various stages\n"
	           "(enrolled with partial progress, awarded, one credential revoked, one\n"
	           "suspended). Prints the demo accounts and URLs. A database that already holds the\n"
	           "demo is left as it is; one that holds other issuers is refused.\n\n"
	           "Example:\n"
	           "  microcred demo --db demo.db --base-url http://127.0.0.1:8080\n");
}

int mc__cmd_demo(int argc, char **argv)
{
	static const struct option opts[] = {COMMON_OPTS{NULL, 0, NULL, 0}};
	const char *cmd = "demo";
	struct common co = {0};
	int st = parse(cmd, argc, argv, opts, "h", &co, NULL, NULL, demo_usage);
	if (st)
		return st < 0 ? 0 : st;
	if (optind < argc)
		return mc__cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
	struct mc_app app;
	if ((st = mc__cli_open_app(cmd, &app, co.db, co.base_url)))
		return st;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_demo_summary s = {0};
	mc_arena_init(&a, 0);
	if (co.base_url && mc_app_init(&app, co.base_url, &err)) {
		st = mc__cli_fail(cmd, &err);
	} else if (mc_demo_seed(&app, &a, &s, &err)) {
		st = mc__cli_fail(cmd, &err);
	} else if (co.json) {
		struct mc_json *j = mc_json_new_object(&a), *arr;
		put_str(&a, j, "baseUrl", s.base_url);
		mc_json_object_set(&a, j, "already", 7, mc_json_new_bool(&a, s.already));
		const char **lists[] = {s.issuers, s.accounts, s.urls};
		size_t ns[] = {s.n_issuers, s.n_accounts, s.n_urls};
		const char *names[] = {"issuers", "accounts", "urls"};
		for (int k = 0; k < 3; k++) {
			arr = mc_json_new_array(&a);
			for (size_t i = 0; i < ns[k]; i++)
				mc_json_array_append(&a, arr, mc_json_new_cstr(&a, lists[k][i]));
			mc_json_object_set(&a, j, names[k], strlen(names[k]), arr);
		}
		st = mc__cli_print_json(cmd, j);
	} else {
		printf("%s\n\n",
		       s.already ? "The demo was seeded before; nothing changed." : "Demo data seeded.");
		printf("Base URL: %s\n", s.base_url);
		if (!s.already)
			printf(
			    "%zu micro-credentials and pathways, %zu enrolments, %zu credentials awarded\n",
			    s.n_achievements, s.n_enrolments, s.n_credentials);
		printf("\nIssuers:\n");
		for (size_t i = 0; i < s.n_issuers; i++)
			printf("  %s\n", s.issuers[i]);
		printf("\nDemo accounts:\n");
		for (size_t i = 0; i < s.n_accounts; i++)
			printf("  %s\n", s.accounts[i]);
		printf("\nTry:\n");
		for (size_t i = 0; i < s.n_urls; i++)
			printf("  %s\n", s.urls[i]);
	}
	mc_arena_release(&a);
	mc_app_close(&app);
	return st;
}
