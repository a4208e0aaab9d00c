/* microcred export CREDENTIAL_ID [--format json|jwt] [-o FILE] */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "microcred/app.h"
#include "microcred/award.h"
#include "microcred/statuslist_service.h"

#include "cli/cli.h"

enum { OPT_DB = 256, OPT_BASE_URL, OPT_FORMAT, OPT_STATUS_LIST };

static void usage(FILE *f)
{
	fprintf(f, "usage: microcred export CREDENTIAL [--format json|jwt] [-o FILE] [--db PATH]\n"
	           "       microcred export --status-list URL [-o FILE] [--db PATH]\n\n"
	           "Prints an awarded credential as it was signed: 'json' (the default) writes the\n"
	           "stored bytes exactly (an Open Badges 3.0 credential with an eddsa-rdfc-2022\n"
	           "proof; their SHA-256 is the credential's digest), 'jwt' the VC-JWT, which exists\n"
	           "only when the issuer issues VC-JWTs ('microcred issuer create --jwt').\n"
	           "CREDENTIAL is the id (urn:uuid:...), the bare uuid, or the number that\n"
	           "'microcred award list' shows.\n\n"
	           "--status-list prints the signed status list credential a credential's\n"
	           "credentialStatus points to (its statusListCredential URL, or the part after\n"
	           "<base>/status/, e.g. university-of-example/revocation-1), for verifying\n"
	           "offline ('microcred verify --status FILE').\n\n"
	           "Examples:\n"
	           "  microcred export 42 -o badge.json && microcred verify badge.json\n"
	           "  microcred export urn:uuid:0b6a5c1e-3f0e-4d6b-9a51-2f5c8d7e9a10 --format jwt\n"
	           "  microcred export --status-list university-of-example/revocation-1 -o list.json\n");
}

int mc__cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {{"db", required_argument, NULL, OPT_DB},
	                                     {"base-url", required_argument, NULL, OPT_BASE_URL},
	                                     {"format", required_argument, NULL, OPT_FORMAT},
	                                     {"output", required_argument, NULL, 'o'},
	                                     {"status-list", required_argument, NULL, OPT_STATUS_LIST},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	const char *db = NULL, *base_url = NULL, *format = "json", *output = NULL, *list = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_BASE_URL: base_url = optarg; break;
		case OPT_FORMAT: format = optarg; break;
		case 'o': output = optarg; break;
		case OPT_STATUS_LIST: list = optarg; break;
		case 'h': usage(stdout); return 0;
		default: return mc__cli_usage_error("export", "unknown option");
		}
	}
	if (strcmp(format, "json") != 0 && strcmp(format, "jwt") != 0)
		return mc__cli_usage_error("export", "unknown --format '%s'; use json or jwt", format);
	if (list && optind < argc)
		return mc__cli_usage_error("export", "give either a credential or --status-list, not both");
	if (!list && optind >= argc)
		return mc__cli_usage_error(
		    "export", "which credential? give its id or number (see 'microcred award list')");
	if (optind + 1 < argc)
		return mc__cli_usage_error("export", "unexpected argument '%s'", argv[optind + 1]);
	const char *ref = list ? list : argv[optind];

	struct mc_app app;
	int st = mc__cli_open_app("export", &app, db, base_url);
	if (st)
		return st;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_award *w;
	mc_arena_init(&a, 0);
	if (list) {
		const char *text;
		bool url = strncmp(list, "http://", 7) == 0 || strncmp(list, "https://", 8) == 0;
		int rc = url ? mc_statuslist_get_by_url(&app, &a, list, &text, &err)
		             : mc_statuslist_get_by_path(&app, &a, list, &text, &err);
		if (rc)
			st = mc__cli_fail("export", &err);
		else if (output ? mc__cli_write_file(output, text, strlen(text), 0644, &err)
		                : mc__cli_write_stdout(text, strlen(text), &err))
			st = mc__cli_fail("export", &err);
	} else if (mc_award_get(&app, &a, ref, &w, &err) != 0) {
		st = mc__cli_fail("export", &err);
	} else if (strcmp(format, "jwt") == 0 && !w->jwt) {
		mc_err_set(
		    &err, MC_ESTATE,
		    "credential %s has no VC-JWT: its issuer did not issue VC-JWTs when it was awarded; "
		    "export it with --format json (a Data Integrity credential), or have the issuer issue "
		    "VC-JWTs for later awards",
		    w->id);
		st = mc__cli_fail("export", &err);
	} else {
		const char *text = strcmp(format, "jwt") == 0 ? mc_arena_printf(&a, "%s\n", w->jwt) : w->json;
		/* json: exactly the stored bytes (no newline added), so their SHA-256 is
		 * the credential's recorded digest. */
		if (output)
			st = mc__cli_write_file(output, text, strlen(text), 0644, &err)
			         ? mc__cli_fail("export", &err)
			         : 0;
		else if (mc__cli_write_stdout(text, strlen(text), &err) != 0)
			st = mc__cli_fail("export", &err);
	}
	mc_arena_release(&a);
	mc_app_close(&app);
	return st;
}
