/* microcred verify: verifies credentials (JSON with Data Integrity proofs, VC-JWT)
 * and prints one report per input, in words or as JSON (docs/verify-report.md). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "microcred/app.h"
#include "microcred/arena.h"
#include "microcred/bake.h"
#include "microcred/fetch.h"
#include "microcred/json.h"
#include "microcred/report.h"
#include "microcred/resolver.h"
#include "microcred/resolver_http.h"
#include "microcred/tlog.h"
#include "microcred/verify.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: microcred verify [--json] [--offline] [--keys FILE]... [--status FILE]...\n"
		"                        [--now ISO] [--recipient EMAIL|DID|URL] INPUT...\n"
		"\n"
		"Verifies each INPUT — a JSON credential (Data Integrity proof), a compact JWS\n"
		"(VC-JWT), a baked badge image (PNG or SVG), an https:// URL to fetch any of\n"
		"these from, or '-' for standard input — and\n"
		"prints a report of every check in\n"
		"plain words: format, structure, each proof, the signing key and its owner,\n"
		"validity period, revocation/suspension status, recipient, endorsements.\n"
		"\n"
		"Options:\n"
		"  --json              print the reports as JSON (schema: docs/verify-report.md)\n"
		"  --offline           never use the network; checks that would need it are\n"
		"                      reported as skipped (never as passed)\n"
		"  --keys FILE         trust the keys in FILE (a key file, an array of them, a DID or\n"
		"                      controller document, or a map {\"<key id>\": \"z6Mk...\"});\n"
		"                      repeatable. did:key needs no file.\n"
		"  --status FILE       use the status list credential in FILE instead of fetching\n"
		"                      it (matched by its id); repeatable\n"
		"  --now ISO           verify as of this RFC 3339 date-time instead of now\n"
		"  --recipient VALUE   also check that the credential was issued to this email\n"
		"                      address, DID or URL (compared with the salted hash)\n"
		"  --trust-fragment-keys  accept a key URL whose fragment is the key itself\n"
		"                      (https://issuer.example/1#z6Mk...), as the 1EdTech validator\n"
		"                      does; proves nothing about who holds the key\n"
		"  --strict-jwt        treat missing OB 3.0 JWT claims (nbf, exp) as failures\n"
		"  --db PATH           also check that the credential is recorded in the transparency\n"
		"                      log of this installation's database (an inclusion proof\n"
		"                      against a signed tree head)\n"
		"  --did-web-base URL  fetch did:web documents from URL instead of https://<domain>\n"
		"                      (a local mirror, or a test server on loopback)\n"
		"\n"
		"Exit status: 0 every input verified, 1 some input not verified, 2 an input that\n"
		"is not a credential at all (or bad usage), 3 an input that could not be read.\n"
		"\n"
		"Examples:\n"
		"  microcred verify badge.json\n"
		"  microcred verify --offline --keys issuer-key.pub.json --status list.json a.json b.jwt\n"
		"  microcred verify --json --recipient learner@example.com badge.json\n");
}

/* The status list credentials given with --status, served by their "id". */
struct status_files {
	struct mc_arena arena;
	const struct mc_json **lists;
	const char **ids;
	size_t len;
	struct mc_resolver next;
	bool offline;
};

static int status_files_list(void *ctx, const char *url, struct mc_arena *a, const struct mc_json **out,
			     struct mc_err *err)
{
	struct status_files *sf = ctx;
	for (size_t i = 0; i < sf->len; i++) {
		if (strcmp(sf->ids[i], url) == 0) {
			*out = sf->lists[i];
			return 0;
		}
	}
	if (sf->next.status_list)
		return sf->next.status_list(sf->next.ctx, url, a, out, err);
	if (sf->offline)
		return mc_err_set(err, MC_EUNSUPPORTED, "offline mode: would need to fetch %s", url);
	return mc_err_set(err, MC_ENOTFOUND, "status list %s was not given (use --status FILE)", url);
}

static int status_files_method(void *ctx, const char *vm, struct mc_arena *a, struct mc_resolved_method *out,
			       struct mc_err *err)
{
	struct status_files *sf = ctx;
	if (sf->next.method)
		return sf->next.method(sf->next.ctx, vm, a, out, err);
	return mc_err_set(err, MC_ENOTFOUND, "no key is known for %s", vm);
}

static int load_status_file(struct status_files *sf, const char *path, struct mc_err *err)
{
	struct mc_buf b;
	struct mc_json *v;
	mc_buf_init(&b, MC_CLI_MAX_INPUT);
	int rc = mc__cli_read(path, &b, err);
	if (!rc)
		rc = mc_json_parse(&sf->arena, b.ptr, b.len, NULL, &v, err);
	mc_buf_release(&b);
	if (rc)
		return mc_err_prefix(err, "--status %s", path);
	const char *id = mc_json_get_str(v, "id");
	if (!id)
		return mc_err_set(err, MC_EINVAL,
				  "--status %s: not a status list credential (it has no \"id\" to match "
				  "statusListCredential against)",
				  path);
	sf->lists = mc_arena_realloc(&sf->arena, sf->lists, sf->len * sizeof(*sf->lists),
				     (sf->len + 1) * sizeof(*sf->lists));
	sf->ids = mc_arena_realloc(&sf->arena, sf->ids, sf->len * sizeof(*sf->ids), (sf->len + 1) * sizeof(*sf->ids));
	sf->lists[sf->len] = v;
	sf->ids[sf->len] = id;
	sf->len++;
	return 0;
}

enum {
	OPT_JSON = 1,
	OPT_OFFLINE,
	OPT_KEYS,
	OPT_STATUS,
	OPT_NOW,
	OPT_RECIPIENT,
	OPT_FRAGMENT,
	OPT_STRICT_JWT,
	OPT_DID_WEB_BASE,
	OPT_DB
};

/* Adds the "log" check: the credential's digest is in the installation's
 * transparency log, proven by an inclusion proof against a signed tree head. */
static void check_log(struct mc_app *app, struct mc_arena *a, const struct mc_json *cred, struct mc_report *r)
{
	struct mc_err err = {0};
	struct mc_tlog_record rec;
	uint8_t digest[MC_TLOG_HASH_SIZE];
	const char *id = mc_json_get_str(cred, "id");
	if (!id) {
		mc_report_add(r, "log", MC_CHECK_SKIPPED, "The credential has no id, so its log entry cannot be looked up.");
		return;
	}
	int rc = mc_tlog_credential_digest(cred, digest, &err);
	if (!rc)
		rc = mc_tlog_check_credential(app, a, id, digest, &rec, &err);
	if (!rc)
		mc_report_add(r, "log", MC_CHECK_PASSED,
			      "The credential is recorded in the issuer's transparency log at index %lld (tree size "
			      "%lld), proven against a signed tree head.",
			      (long long)rec.index, (long long)rec.sth.tree_size);
	else if (rc == MC_ESTATE)
		mc_report_add(r, "log", MC_CHECK_WARNING,
			      "The credential's log entry is not yet covered by a signed tree head: %s", err.msg);
	else if (rc == MC_ENOTFOUND)
		mc_report_add(r, "log", MC_CHECK_FAILED,
			      "The credential is not recorded in this installation's transparency log: it was not "
			      "issued here, or its record was removed.");
	else
		mc_report_add(r, "log", MC_CHECK_FAILED, "The transparency log does not confirm this credential: %s",
			      err.msg);
}

/* Reads INPUT: a file, "-", or an http(s) URL (fetched with the same rules as keys). */
static int read_input(const char *path, bool offline, struct mc_buf *in, struct mc_err *err)
{
	if (strncmp(path, "https://", 8) == 0 || strncmp(path, "http://", 7) == 0) {
		if (offline)
			return mc_err_set(err, MC_EINVAL, "offline mode: cannot fetch the input %s", path);
		struct mc_fetch_opts fo = {.max_size = MC_VERIFY_MAX_INPUT_DEFAULT,
					   .accept = "application/vc+ld+json, application/ld+json, application/json, "
						     "application/vc+jwt, application/jwt;q=0.9, */*;q=0.5"};
		return mc_fetch(path, &fo, in, NULL, err);
	}
	return mc__cli_read(path, in, err);
}

int mc__cmd_verify(int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, OPT_JSON},
		{"offline", no_argument, NULL, OPT_OFFLINE},
		{"keys", required_argument, NULL, OPT_KEYS},
		{"status", required_argument, NULL, OPT_STATUS},
		{"now", required_argument, NULL, OPT_NOW},
		{"recipient", required_argument, NULL, OPT_RECIPIENT},
		{"trust-fragment-keys", no_argument, NULL, OPT_FRAGMENT},
		{"strict-jwt", no_argument, NULL, OPT_STRICT_JWT},
		{"did-web-base", required_argument, NULL, OPT_DID_WEB_BASE},
		{"db", required_argument, NULL, OPT_DB},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct mc_err err = {0};
	struct mc_local_resolver local;
	struct mc_http_resolver http;
	struct status_files sf = {0};
	struct mc_verify_opts vo = {0};
	struct mc_time now;
	const char *db = NULL;
	bool json = false;
	int c, status = MC_EXIT_OK;

	mc_local_resolver_init(&local);
	mc_http_resolver_init(&http);
	mc_arena_init(&sf.arena, 0);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_JSON: json = true; break;
		case OPT_OFFLINE: sf.offline = true; break;
		case OPT_KEYS:
			if (mc_local_resolver_add_keys_file(&local, optarg, &err)) {
				status = mc__cli_fail("verify", &err);
				goto out;
			}
			break;
		case OPT_STATUS:
			if (load_status_file(&sf, optarg, &err)) {
				status = mc__cli_fail("verify", &err);
				goto out;
			}
			break;
		case OPT_NOW:
			if (mc_time_parse(&now, optarg, strlen(optarg), &err)) {
				status = mc__cli_usage_error("verify", "--now: %s", err.msg);
				goto out;
			}
			vo.now = &now;
			break;
		case OPT_RECIPIENT: vo.recipient = optarg; break;
		case OPT_FRAGMENT: local.fragment_keys = true; break;
		case OPT_STRICT_JWT: vo.strict_jwt = true; break;
		case OPT_DID_WEB_BASE: http.did_web_base_override = optarg; break;
		case OPT_DB: db = optarg; break;
		case 'h': usage(stdout); goto out;
		default: status = mc__cli_usage_error("verify", "unknown option"); goto out;
		}
	}
	if (optind >= argc) {
		status = mc__cli_usage_error("verify", "give at least one INPUT (a file, or - for standard input)");
		goto out;
	}
	/* Resolution order: --status files, then did:key and --keys (local), then the
	 * network (did:web, https key URLs, status lists) unless --offline. */
	http.next = mc_local_resolver(&local);
	http.offline = sf.offline;
	sf.next = mc_http_resolver(&http);
	struct mc_resolver resolver = {.method = status_files_method, .status_list = status_files_list, .ctx = &sf};
	vo.resolver = &resolver;

	struct mc_app app = {0};
	if (db && (status = mc__cli_open_app("verify", &app, db, NULL)) != 0)
		goto out;
	struct mc_arena a;
	struct mc_buf out, in;
	mc_arena_init(&a, 0);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	struct mc_json *all = mc_json_new_array(&a);
	bool all_verified = true;
	for (int i = optind; i < argc; i++) {
		const char *path = argv[i];
		struct mc_report report;
		struct mc_err verr = {0};
		int rc;

		mc_report_init(&report, &a);
		mc_buf_init(&in, MC_CLI_MAX_INPUT);
		rc = read_input(path, sf.offline, &in, &verr);
		/* A baked badge (PNG or SVG) carries the credential inside; anything else
		 * comes back unchanged. */
		const char *text = NULL, *from = NULL;
		size_t text_len = 0;
		if (!rc)
			rc = mc_unbake_for_verify(&a, in.ptr, in.len, &text, &text_len, &from, &verr);
		struct mc_json *cred = NULL;
		if (!rc)
			rc = mc_verify(&a, text, text_len, &vo, &report, &cred, &verr);
		if (!rc && db && cred)
			check_log(&app, &a, cred, &report);
		mc_buf_release(&in);
		bool verified = !rc && mc_report_verified(&report);
		all_verified = all_verified && verified;
		int st = rc ? mc_err_exit_status(rc) : verified ? MC_EXIT_OK : MC_EXIT_NEGATIVE;
		if (st > status)
			status = st;
		if (json) {
			struct mc_json *r, v;
			if (rc) {
				r = mc_json_new_object(&a);
				mc_json_set_bool(&v, false);
				mc_json_object_set(&a, r, "verified", 8, &v);
				mc_json_set_string(&a, &v, verr.msg, strlen(verr.msg));
				mc_json_object_set(&a, r, "error", 5, &v);
			} else {
				mc_report_to_json(&report, &r);
				if (from) {
					mc_json_set_string(&a, &v, from, strlen(from));
					mc_json_object_set(&a, r, "bakedIn", 7, &v);
				}
			}
			mc_json_set_string(&a, &v, path, strlen(path));
			mc_json_object_set(&a, r, "input", 5, &v);
			mc_json_array_append(&a, all, r);
		} else if (rc) {
			fprintf(stderr, "microcred verify: %s: %s\n", path, verr.msg);
		} else {
			mc_buf_printf(&out, "%s: %s (%s%s%s)\n", path, verified ? "VERIFIED" : "NOT VERIFIED",
				      report.format ? report.format : "unknown format", from ? ", baked in a " : "",
				      from ? from : "");
			mc_report_write_text(&report, &out);
			if (i + 1 < argc)
				mc_buf_putc(&out, '\n');
		}
	}
	if (json) {
		struct mc_json *doc = mc_json_new_object(&a), v;
		mc_json_set_bool(&v, all_verified && status == MC_EXIT_OK);
		mc_json_object_set(&a, doc, "verified", 8, &v);
		mc_json_object_set(&a, doc, "reports", 7, all);
		mc_json_write(&out, doc, MC_JSON_PRETTY);
		mc_buf_putc(&out, '\n');
	}
	if (mc__cli_write_stdout(out.ptr, out.len, &err))
		status = mc__cli_fail("verify", &err);
	mc_buf_release(&out);
	mc_arena_release(&a);
	if (db)
		mc_app_close(&app);
out:
	mc_http_resolver_release(&http);
	mc_local_resolver_release(&local);
	mc_arena_release(&sf.arena);
	return status;
}
