/* microcred token create|list|revoke (issuers' API tokens) and microcred user
 * passwd (set a password, e.g. for demo or claimed accounts). */
#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "microcred/account.h"
#include "microcred/app.h"
#include "microcred/json.h"

#include "cli/cli.h"

enum { OPT_DB = 256, OPT_BASE_URL, OPT_JSON, OPT_ROLE, OPT_NAME, OPT_USER, OPT_STDIN };

#define COMMON_OPTS                                                                                          \
	{"db", required_argument, NULL, OPT_DB}, {"base-url", required_argument, NULL, OPT_BASE_URL},        \
	    {"json", no_argument, NULL, OPT_JSON}, {"help", no_argument, NULL, 'h'},

/* ---- token ---- */

static void token_usage(FILE *f)
{
	fprintf(f, "usage: microcred token create ISSUER --role ROLE --name NAME [--user EMAIL] [--json]\n"
	           "       microcred token list ISSUER [--json]\n"
	           "       microcred token revoke ISSUER TOKEN\n"
	           "(all take --db PATH)\n\n"
	           "API tokens let an issuer's systems (a student information system, an LMS) call\n"
	           "the JSON API with 'Authorization: Bearer mc_...'. Each token is scoped to one\n"
	           "issuer and one role (assessor, editor, owner) and acts for a member of its staff\n"
	           "(--user; default: the issuer's first owner). 'create' prints the token once: it is\n"
	           "stored only as a hash. 'revoke' takes the token's id or its prefix (mc_XXXXXXXX).\n\n"
	           "Examples:\n"
	           "  microcred token create university-of-example --role editor --name \"SIS integration\"\n"
	           "  microcred token list university-of-example\n"
	           "  microcred token revoke university-of-example mc_Ab12Cd34\n");
}

static void put(struct mc_arena *a, struct mc_json *o, const char *k, const char *v)
{
	if (v)
		mc_json_object_set(a, o, k, strlen(k), mc_json_new_cstr(a, v));
	else
		mc_json_object_set(a, o, k, strlen(k), mc_json_new_null(a));
}

static struct mc_json *token_json(struct mc_arena *a, const struct mc_api_token *t)
{
	struct mc_json *o = mc_json_new_object(a);
	put(a, o, "id", t->id);
	put(a, o, "issuer", t->issuer_slug);
	put(a, o, "role", mc_role_name(t->role));
	put(a, o, "name", t->name);
	put(a, o, "prefix", t->prefix);
	put(a, o, "user", t->user_email);
	put(a, o, "created", t->created_at);
	put(a, o, "lastUsed", t->last_used_at);
	put(a, o, "revoked", t->revoked_at);
	return o;
}

int mc__cmd_token(int argc, char **argv)
{
	static const struct option opts[] = {COMMON_OPTS{"role", required_argument, NULL, OPT_ROLE},
	                                     {"name", required_argument, NULL, OPT_NAME},
	                                     {"user", required_argument, NULL, OPT_USER},
	                                     {NULL, 0, NULL, 0}};
	const char *db = NULL, *base_url = NULL, *role = NULL, *name = NULL, *user = NULL;
	bool json = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_BASE_URL: base_url = optarg; break;
		case OPT_JSON: json = true; break;
		case OPT_ROLE: role = optarg; break;
		case OPT_NAME: name = optarg; break;
		case OPT_USER: user = optarg; break;
		case 'h': token_usage(stdout); return MC_EXIT_OK;
		default: return mc__cli_usage_error("token", "unknown option");
		}
	}
	int nargs = argc - optind;
	const char *sub = nargs > 0 ? argv[optind] : NULL;
	if (!sub)
		return mc__cli_usage_error("token", "say what to do: create, list or revoke");
	bool create = strcmp(sub, "create") == 0, list = strcmp(sub, "list") == 0,
	     revoke = strcmp(sub, "revoke") == 0;
	if (!create && !list && !revoke)
		return mc__cli_usage_error("token", "unknown subcommand '%s'; use create, list or revoke",
		                           sub);
	if (nargs < 2)
		return mc__cli_usage_error("token", "%s: name the issuer (its slug or id)", sub);
	if (nargs != (revoke ? 3 : 2))
		return mc__cli_usage_error("token",
		                           revoke ? "revoke: give ISSUER and TOKEN (id or prefix)"
		                                  : "%s: unexpected argument '%s'",
		                           sub, argv[optind + 2]);
	const char *issuer = argv[optind + 1];
	struct mc_api_token_input in = {.issuer_ref = issuer, .name = name, .user_ref = user};
	struct mc_err err = {0};
	if (create) {
		if (!role)
			return mc__cli_usage_error("token", "create: give the token a role with --role "
			                                    "assessor|editor|owner");
		if (mc_role_parse(role, &in.role, &err))
			return mc__cli_usage_error("token", "--role: %s", err.msg);
		if (!name)
			return mc__cli_usage_error("token",
			                           "create: say what the token is for with --name, e.g. "
			                           "--name \"SIS integration\"");
	}
	struct mc_app app;
	int st = mc__cli_open_app("token", &app, db, base_url);
	if (st)
		return st;
	struct mc_arena a;
	mc_arena_init(&a, 4096);
	if (create) {
		char *secret = NULL;
		struct mc_api_token *t;
		if (mc_api_token_create(&app, &a, &in, &secret, &t, &err)) {
			st = mc__cli_fail("token", &err);
		} else if (json) {
			struct mc_json *o = token_json(&a, t);
			put(&a, o, "token", secret);
			st = mc__cli_print_json("token", o);
		} else {
			printf("%s\n", secret);
			fprintf(
			    stderr,
			    "token %s (%s... '%s', %s at %s, acting for %s): shown once, keep it secret\n",
			    t->id, t->prefix, t->name, mc_role_name(t->role), t->issuer_slug, t->user_email);
		}
		if (secret) /* only set when the token was created */
			sodium_memzero(secret, strlen(secret));
	} else if (list) {
		struct mc_api_token **v;
		size_t n;
		if (mc_api_token_list(&app, &a, issuer, &v, &n, &err)) {
			st = mc__cli_fail("token", &err);
		} else if (json) {
			struct mc_json *arr = mc_json_new_array(&a);
			for (size_t i = 0; i < n; i++)
				mc_json_array_append(&a, arr, token_json(&a, v[i]));
			st = mc__cli_print_json("token", arr);
		} else {
			for (size_t i = 0; i < n; i++)
				printf("%s  %s  %-8s  %-8s  %s  created %s  %s\n", v[i]->id, v[i]->prefix,
				       mc_role_name(v[i]->role), v[i]->revoked_at ? "revoked" : "live",
				       v[i]->name, v[i]->created_at,
				       v[i]->last_used_at ? v[i]->last_used_at : "never used");
			if (n == 0)
				fprintf(stderr, "issuer %s has no API tokens\n", issuer);
		}
	} else {
		if (mc_api_token_revoke(&app, issuer, argv[optind + 2], &err))
			st = mc__cli_fail("token", &err);
		else
			printf("revoked %s\n", argv[optind + 2]);
	}
	mc_arena_release(&a);
	mc_app_close(&app);
	return st;
}

/* ---- user passwd ---- */

static void user_usage(FILE *f)
{
	fprintf(f, "usage: microcred user passwd EMAIL [--db PATH]\n\n"
	           "Sets the password of an account (a learner or staff member created by enrolment,\n"
	           "award or 'staff add', or a demo account), without knowing the old one, and logs it\n"
	           "out everywhere. The password is read from the terminal (asked twice, not shown) or,\n"
	           "when standard input is not a terminal, from its first line. At least 10\n"
	           "characters, not one of the most common passwords.\n\n"
	           "Examples:\n"
	           "  microcred user passwd learner@example.com\n"
	           "  printf '%%s\\n' \"$PASSWORD\" | microcred user passwd learner@example.com\n");
}

/* Reads one line (without its newline) into buf; prompts with echo off on a tty. */
static int read_password(const char *prompt, char *buf, size_t n, struct mc_err *err)
{
	bool tty = isatty(STDIN_FILENO);
	struct termios old, quiet;
	if (tty) {
		fprintf(stderr, "%s", prompt);
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		} else {
			tty = false;
		}
	}
	char *r = fgets(buf, (int)n, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (!r)
		return mc_err_set(err, MC_EINVAL, "no password given on standard input");
	size_t len = strlen(buf);
	if (len == n - 1 && buf[len - 1] != '\n')
		return mc_err_set(err, MC_EINVAL, "password: too long; use at most %d bytes",
		                  MC_PASSWORD_MAX);
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = 0;
	return 0;
}

int mc__cmd_user(int argc, char **argv)
{
	static const struct option opts[] = {COMMON_OPTS{NULL, 0, NULL, 0}};
	const char *db = NULL, *base_url = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_BASE_URL: base_url = optarg; break;
		case OPT_JSON: break;
		case 'h': user_usage(stdout); return MC_EXIT_OK;
		default: return mc__cli_usage_error("user", "unknown option");
		}
	}
	if (argc - optind < 1 || strcmp(argv[optind], "passwd") != 0)
		return mc__cli_usage_error("user", "say what to do: passwd EMAIL");
	if (argc - optind != 2)
		return mc__cli_usage_error("user", "passwd: give exactly one EMAIL");
	const char *email = argv[optind + 1];
	char pw[MC_PASSWORD_MAX + 2], again[MC_PASSWORD_MAX + 2];
	struct mc_err err = {0};
	int st = 0;
	if (read_password("New password: ", pw, sizeof pw, &err))
		return mc__cli_fail("user", &err);
	if (isatty(STDIN_FILENO)) {
		if (read_password("Again: ", again, sizeof again, &err)) {
			st = mc__cli_fail("user", &err);
			goto out;
		}
		if (strcmp(pw, again) != 0) {
			mc_err_set(&err, MC_EINVAL, "the two passwords differ; nothing was changed");
			st = mc__cli_fail("user", &err);
			goto out;
		}
	}
	/* Check before opening (and perhaps creating) the database. */
	if (mc_password_check(pw, &err)) {
		st = mc__cli_fail("user", &err);
		goto out;
	}
	struct mc_app app;
	if ((st = mc__cli_open_app("user", &app, db, base_url)))
		goto out;
	if (mc_account_set_password(&app, email, pw, &err))
		st = mc__cli_fail("user", &err);
	else
		printf("password set for %s; its sessions were ended\n", email);
	mc_app_close(&app);
out:
	sodium_memzero(pw, sizeof pw);
	sodium_memzero(again, sizeof again);
	return st;
}
