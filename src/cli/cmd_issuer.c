/* microcred init | issuer create|list|show|keys|rotate-key | staff add */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "microcred/app.h"
#include "microcred/issuer.h"
#include "microcred/json.h"

enum {
	OPT_DB = 256,
	OPT_BASE_URL,
	OPT_JSON,
	OPT_NAME,
	OPT_SLUG,
	OPT_URL,
	OPT_EMAIL,
	OPT_COUNTRY,
	OPT_REGION,
	OPT_DESCRIPTION,
	OPT_IMAGE,
	OPT_DID_METHOD,
	OPT_KEY_TYPE,
	OPT_JWT,
	OPT_OWNER,
	OPT_ROLE,
	OPT_DID_DOC,
};

#define COMMON_OPTS                                                                                             \
	{"db", required_argument, NULL, OPT_DB}, {"base-url", required_argument, NULL, OPT_BASE_URL},             \
		{"json", no_argument, NULL, OPT_JSON}, {"help", no_argument, NULL, 'h'},

/* ---- init ---- */

int mc__cmd_init(int argc, char **argv)
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
		case 'h':
			printf("usage: microcred init [--db PATH] [--base-url URL]\n\n"
			       "Creates the database (SQLite file; default ./microcred.db, or $MICROCRED_DB)\n"
			       "and applies every migration; records the installation's public base URL, under\n"
			       "which credentials, issuer profiles, DID documents and status lists are served.\n"
			       "Running it again only applies new migrations.\n\n"
			       "Example:\n  microcred init --db /var/lib/microcred/microcred.db --base-url "
			       "https://badges.example.edu\n");
			return 0;
		default: return mc__cli_usage_error("init", "unknown option");
		}
	}
	if (optind < argc)
		return mc__cli_usage_error("init", "unexpected argument '%s'", argv[optind]);
	struct mc_app app;
	struct mc_err err = {0};
	int st = mc__cli_open_app("init", &app, db, base_url);
	if (st)
		return st;
	int version = 0;
	if (mc_app_init(&app, base_url, &err) || mc_db_schema_version(app.db, &version, &err))
		st = mc__cli_fail("init", &err);
	else
		printf("database ready (schema version %d), base URL %s\n", version, app.base_url);
	mc_app_close(&app);
	return st;
}

/* ---- issuer ---- */

static void issuer_usage(FILE *f)
{
	fprintf(f,
		"usage: microcred issuer create --name NAME [options]\n"
		"       microcred issuer list [--json]\n"
		"       microcred issuer show ISSUER [--json] [--did-document]\n"
		"       microcred issuer keys ISSUER [--json]\n"
		"       microcred issuer rotate-key ISSUER [--key-type ed25519]\n"
		"(all take --db PATH and --base-url URL)\n\n"
		"Issuers are the organisations that award micro-credentials (an Open Badges 3.0\n"
		"Profile). Each gets a DID — did:web under the base URL when it is https, else\n"
		"did:key — and an Ed25519 signing key. 'rotate-key' retires the active key (old\n"
		"credentials keep verifying) and makes a new one. 'keys --json' prints the current\n"
		"and retired public keys in the form 'microcred verify --keys' and the interop\n"
		"harness's verify.mjs --keys accept.\n\n"
		"create options:\n"
		"  --name NAME          the organisation's name (required)\n"
		"  --slug SLUG          URL name (default: from the name)\n"
		"  --url URL --email E --country CC --region R --description TEXT --image URL\n"
		"  --did-method web|key identifier method (default: web for https base URLs)\n"
		"  --jwt                also issue a VC-JWT with each credential\n"
		"  --owner EMAIL        make this person the issuer's owner\n\n"
		"Examples:\n"
		"  microcred issuer create --name \"University of Example\" --country DE --url https://example.edu\n"
		"  microcred issuer keys university-of-example --json > issuer-keys.json\n");
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

static struct mc_json *issuer_json(struct mc_app *app, struct mc_arena *a, const struct mc_issuer *is)
{
	struct mc_json *o = mc_json_new_object(a), b;
	set_str(a, o, "id", is->id);
	set_str(a, o, "slug", is->slug);
	set_str(a, o, "name", is->name);
	set_str(a, o, "did", is->did);
	set_str(a, o, "profileUrl", mc_issuer_url(app, a, is));
	set_str(a, o, "url", is->url);
	set_str(a, o, "email", is->email);
	set_str(a, o, "country", is->country);
	set_str(a, o, "region", is->region);
	set_str(a, o, "description", is->description);
	set_str(a, o, "image", is->image);
	mc_json_set_bool(&b, is->issue_jwt);
	mc_json_object_set(a, o, "issueJwt", 8, &b);
	set_str(a, o, "created", is->created_at);
	return o;
}

int mc__cmd_issuer(int argc, char **argv)
{
	static const struct option opts[] = {COMMON_OPTS{"name", required_argument, NULL, OPT_NAME},
					     {"slug", required_argument, NULL, OPT_SLUG},
					     {"url", required_argument, NULL, OPT_URL},
					     {"email", required_argument, NULL, OPT_EMAIL},
					     {"country", required_argument, NULL, OPT_COUNTRY},
					     {"region", required_argument, NULL, OPT_REGION},
					     {"description", required_argument, NULL, OPT_DESCRIPTION},
					     {"image", required_argument, NULL, OPT_IMAGE},
					     {"did-method", required_argument, NULL, OPT_DID_METHOD},
					     {"key-type", required_argument, NULL, OPT_KEY_TYPE},
					     {"jwt", no_argument, NULL, OPT_JWT},
					     {"owner", required_argument, NULL, OPT_OWNER},
					     {"did-document", no_argument, NULL, OPT_DID_DOC},
					     {NULL, 0, NULL, 0}};
	struct mc_issuer_input in = {0};
	const char *db = NULL, *base_url = NULL;
	bool json = false, did_doc = false;
	int c;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		issuer_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? MC_EXIT_USAGE : 0;
	}
	const char *sub = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_BASE_URL: base_url = optarg; break;
		case OPT_JSON: json = true; break;
		case OPT_NAME: in.name = optarg; break;
		case OPT_SLUG: in.slug = optarg; break;
		case OPT_URL: in.url = optarg; break;
		case OPT_EMAIL: in.email = optarg; break;
		case OPT_COUNTRY: in.country = optarg; break;
		case OPT_REGION: in.region = optarg; break;
		case OPT_DESCRIPTION: in.description = optarg; break;
		case OPT_IMAGE: in.image = optarg; break;
		case OPT_DID_METHOD: in.did_method = optarg; break;
		case OPT_KEY_TYPE: in.key_type = optarg; break;
		case OPT_JWT: in.issue_jwt = true; break;
		case OPT_OWNER: in.owner_email = optarg; break;
		case OPT_DID_DOC: did_doc = true; break;
		case 'h': issuer_usage(stdout); return 0;
		default: return mc__cli_usage_error("issuer", "unknown option '%s'", argv[optind - 1]);
		}
	}
	bool needs_ref = strcmp(sub, "show") == 0 || strcmp(sub, "keys") == 0 || strcmp(sub, "rotate-key") == 0;
	if (strcmp(sub, "create") != 0 && strcmp(sub, "list") != 0 && !needs_ref)
		return mc__cli_usage_error("issuer", "unknown subcommand '%s' (create, list, show, keys, rotate-key)",
					   sub);
	if (needs_ref && optind != argc - 1)
		return mc__cli_usage_error("issuer", "%s needs one ISSUER (its slug, id or DID)", sub);
	if (!needs_ref && optind != argc)
		return mc__cli_usage_error("issuer", "unexpected argument '%s'", argv[optind]);

	struct mc_app app;
	struct mc_arena a;
	struct mc_err err = {0};
	int st = mc__cli_open_app("issuer", &app, db, base_url);
	if (st)
		return st;
	mc_arena_init(&a, 0);
	struct mc_issuer *is = NULL;
	if (strcmp(sub, "create") == 0) {
		if (mc_issuer_create(&app, &a, &in, &is, &err))
			goto fail;
		if (json)
			st = mc__cli_print_json("issuer", issuer_json(&app, &a, is));
		else
			printf("created issuer %s (%s)\n  DID: %s\n  profile: %s\n", is->slug, is->name, is->did,
			       mc_issuer_url(&app, &a, is));
	} else if (strcmp(sub, "list") == 0) {
		struct mc_issuer **list;
		size_t n;
		if (mc_issuer_list(&app, &a, &list, &n, &err))
			goto fail;
		if (json) {
			struct mc_json *arr = mc_json_new_array(&a);
			for (size_t i = 0; i < n; i++)
				mc_json_array_append(&a, arr, issuer_json(&app, &a, list[i]));
			st = mc__cli_print_json("issuer", arr);
		} else {
			if (n == 0)
				printf("no issuers yet; create one with 'microcred issuer create --name NAME'\n");
			for (size_t i = 0; i < n; i++)
				printf("%-30s %-40s %s\n", list[i]->slug, list[i]->name, list[i]->did);
		}
	} else {
		if (mc_issuer_get(&app, &a, argv[optind], &is, &err))
			goto fail;
		if (strcmp(sub, "show") == 0) {
			struct mc_json *doc;
			if (did_doc) {
				if (mc_issuer_did_document(&app, &a, is, &doc, &err))
					goto fail;
				st = mc__cli_print_json("issuer", doc);
			} else if (json) {
				st = mc__cli_print_json("issuer", issuer_json(&app, &a, is));
			} else {
				printf("%s\n  slug: %s\n  DID: %s\n  profile: %s\n", is->name, is->slug, is->did,
				       mc_issuer_url(&app, &a, is));
				if (is->url)
					printf("  website: %s\n", is->url);
				if (is->email)
					printf("  email: %s\n", is->email);
				if (is->country)
					printf("  country: %s%s%s\n", is->country, is->region ? ", " : "",
					       is->region ? is->region : "");
				printf("  VC-JWT: %s\n", is->issue_jwt ? "yes" : "no");
			}
		} else if (strcmp(sub, "keys") == 0) {
			if (json) {
				struct mc_json *keys;
				if (mc_issuer_keys_json(&app, &a, is, &keys, &err))
					goto fail;
				st = mc__cli_print_json("issuer", keys);
			} else {
				struct mc_issuer_key *keys;
				size_t n;
				if (mc_issuer_keys(&app, &a, is, &keys, &n, &err))
					goto fail;
				for (size_t i = 0; i < n; i++)
					printf("%-8s %-8s %s (since %s%s%s)\n", keys[i].state, keys[i].type, keys[i].id,
					       keys[i].created_at, keys[i].retired_at ? ", retired " : "",
					       keys[i].retired_at ? keys[i].retired_at : "");
			}
		} else {
			struct mc_issuer_key *k;
			if (mc_issuer_rotate_key(&app, &a, argv[optind], in.key_type, &k, &err))
				goto fail;
			printf("new active key %s; the previous key is retired (it still verifies old "
			       "credentials)\n",
			       k->id);
		}
	}
	goto out;
fail:
	st = mc__cli_fail("issuer", &err);
out:
	mc_arena_release(&a);
	mc_app_close(&app);
	return st;
}

/* ---- staff ---- */

int mc__cmd_staff(int argc, char **argv)
{
	static const struct option opts[] = {COMMON_OPTS{"role", required_argument, NULL, OPT_ROLE},
					     {"name", required_argument, NULL, OPT_NAME},
					     {NULL, 0, NULL, 0}};
	const char *db = NULL, *base_url = NULL, *role_s = NULL, *name = NULL;
	int c;
	if (argc < 2 || strcmp(argv[1], "add") != 0) {
		FILE *f = mc__cli_wants_help(argc, argv) ? stdout : stderr;
		fprintf(f, "usage: microcred staff add ISSUER EMAIL --role owner|editor|assessor [--name NAME] [--db PATH]\n\n"
			   "Gives a person a role at an issuer: owners manage everything, editors edit\n"
			   "micro-credentials and award, assessors review evidence and record results.\n"
			   "The person's account is created from the email address if needed.\n\n"
			   "Example:\n  microcred staff add university-of-example ada@example.edu --role assessor\n");
		return f == stdout ? 0 : MC_EXIT_USAGE;
	}
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_BASE_URL: base_url = optarg; break;
		case OPT_ROLE: role_s = optarg; break;
		case OPT_NAME: name = optarg; break;
		case OPT_JSON: break;
		case 'h': return mc__cmd_staff(1, argv);
		default: return mc__cli_usage_error("staff", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 2)
		return mc__cli_usage_error("staff", "add needs ISSUER and EMAIL");
	enum mc_role role;
	struct mc_err err = {0};
	if (mc_role_parse(role_s, &role, &err))
		return mc__cli_usage_error("staff", "--role: %s", err.msg);
	struct mc_app app;
	int st = mc__cli_open_app("staff", &app, db, base_url);
	if (st)
		return st;
	if (mc_staff_set(&app, argv[optind], argv[optind + 1], name, role, &err))
		st = mc__cli_fail("staff", &err);
	else
		printf("%s is now %s at %s\n", argv[optind + 1], mc_role_name(role), argv[optind]);
	mc_app_close(&app);
	return st;
}
