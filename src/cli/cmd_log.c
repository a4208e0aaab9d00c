/* microcred log sth|prove|audit|entries|append: the transparency log
 * (include/microcred/tlog.h, docs/transparency-log.md). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "microcred/app.h"
#include "microcred/encoding.h"
#include "microcred/json.h"
#include "microcred/time.h"
#include "microcred/tlog.h"

#include "cli/cli.h"

enum {
	OPT_DB = 256,
	OPT_BASE_URL,
	OPT_JSON,
	OPT_URL,
	OPT_SINCE,
	OPT_TYPE,
	OPT_CREDENTIAL,
	OPT_SHA256,
	OPT_FILE,
	OPT_TIME,
	OPT_START,
	OPT_END,
};

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: microcred log sth [--json]\n"
	        "       microcred log prove CREDENTIAL_ID [--json]\n"
	        "       microcred log audit [--db PATH | --url BASE] [--since-sth FILE] [--json]\n"
	        "       microcred log entries [--start N] [--end N]\n"
	        "       microcred log append --type TYPE --credential ID (--sha256 HEX | --file "
	        "CREDENTIAL.json)\n"
	        "                            [--time RFC3339]\n"
	        "(all but 'audit --url' take --db PATH)\n\n"
	        "The installation's transparency log (RFC 9162 Merkle tree): every issuance,\n"
	        "revocation, suspension and reinstatement is appended as an entry, and signed tree\n"
	        "heads (Ed25519, the log's own key) commit to all entries so far.\n\n"
	        "  sth      sign a new tree head if entries were added, and print the latest\n"
	        "           (--json: the /log/v1/sth document; keep one to audit against later)\n"
	        "  prove    the inclusion proof of a credential's issue entry against the latest\n"
	        "           signed tree head, checked before it is printed\n"
	        "  audit    replay the whole log: every entry against its leaf hash, every stored\n"
	        "           block hash, every signed tree head, and consistency with the tree head\n"
	        "           in FILE; a rewritten, removed or reordered entry is reported with the\n"
	        "           first bad index (exit 1). --url audits a server's /log/v1 documents\n"
	        "           (BASE like https://badges.example.edu/log/v1)\n"
	        "  entries  the /log/v1/entries document (end inclusive, at most %d)\n"
	        "  append   add an entry by hand (awards append their own); TYPE is issue, revoke,\n"
	        "           suspend or reinstate; --file computes the digest (SHA-256 of the JCS form)\n\n"
	        "Examples:\n"
	        "  microcred log sth --json > sth-today.json\n"
	        "  microcred log prove urn:uuid:0190b1c4-8c2e-7a1e-9a57-3c2d1e0f4a5b\n"
	        "  microcred log audit --since-sth sth-today.json\n",
	        MC_TLOG_ENTRIES_MAX);
}

static void put(struct mc_arena *a, struct mc_json *o, const char *k, struct mc_json *v)
{
	mc_json_object_set(a, o, k, strlen(k), v);
}

static const char *b64(struct mc_arena *a, const void *p, size_t n)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_base64_encode(&b, p, n);
	const char *s = mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return s;
}

static void time_text(int64_t ms, char out[40])
{
	struct mc_time t = mc_time_from_unix(ms / 1000);
	struct mc_buf b;
	t.nsec = (int32_t)(ms % 1000) * 1000000;
	t.frac_digits = 3;
	mc_buf_init(&b, 39);
	mc_time_format(&b, &t);
	snprintf(out, 40, "%s", b.ptr);
	mc_buf_release(&b);
}

static void print_sth(const struct mc_tlog_sth *sth, struct mc_arena *a)
{
	char t[40];
	time_text(sth->timestamp, t);
	printf("tree size  %lld\n", (long long)sth->tree_size);
	printf("root hash  %s\n", b64(a, sth->root, sizeof(sth->root)));
	printf("timestamp  %s (%lld)\n", t, (long long)sth->timestamp);
	printf("log id     %s\n", b64(a, sth->log_id, sizeof(sth->log_id)));
	printf("signature  verified (Ed25519)\n");
}

static int cmd_sth(struct mc_app *app, struct mc_arena *a, bool json)
{
	struct mc_tlog_sth sth;
	struct mc_err err = {0};
	if (mc_tlog_sth_update(app, 0, &sth, NULL, &err) || mc_tlog_sth_verify(&sth, &err))
		return mc__cli_fail("log sth", &err);
	if (json)
		return mc__cli_print_json("log sth", mc_tlog_sth_to_json(a, &sth));
	print_sth(&sth, a);
	return 0;
}

static int cmd_prove(struct mc_app *app, struct mc_arena *a, const char *id, bool json)
{
	struct mc_err err = {0};
	struct mc_tlog_leaf *leaves;
	size_t n;
	if (mc_tlog_leaves_of(app, a, id, &leaves, &n, &err))
		return mc__cli_fail("log prove", &err);
	const struct mc_tlog_leaf *leaf = NULL;
	struct mc_tlog_entry e;
	for (size_t i = 0; i < n && !leaf; i++)
		if (!mc_tlog_entry_decode(a, leaves[i].entry, leaves[i].entry_len, &e, NULL) &&
		    e.type == MC_TLOG_ISSUE)
			leaf = &leaves[i];
	if (!leaf) {
		mc_err_set(&err, MC_ENOTFOUND,
		           "the log has no issue entry for credential '%s'; check the id (urn:uuid:...)", id);
		return mc__cli_fail("log prove", &err);
	}
	/* Prove against a head that covers the entry, signing one if needed. */
	struct mc_tlog_sth sth;
	struct mc_tlog_path path;
	uint8_t h[MC_TLOG_HASH_SIZE];
	mc_tlog_leaf_hash(leaf->entry, leaf->entry_len, h);
	if (mc_tlog_sth_update(app, 0, &sth, NULL, &err) || mc_tlog_sth_verify(&sth, &err) ||
	    mc_tlog_prove_inclusion(app, leaf->index, sth.tree_size, &path, &err) ||
	    mc_tlog_verify_inclusion((uint64_t)leaf->index, (uint64_t)sth.tree_size, h, &path, sth.root,
	                             &err))
		return mc__cli_fail("log prove", &err);
	if (json) {
		struct mc_json *o = mc_json_new_object(a), *entry;
		put(a, o, "credential", mc_json_new_cstr(a, id));
		put(a, o, "leaf_index", mc_json_new_int(a, leaf->index));
		put(a, o, "tree_size", mc_json_new_int(a, sth.tree_size));
		put(a, o, "leaf_input", mc_json_new_cstr(a, b64(a, leaf->entry, leaf->entry_len)));
		if (!mc_json_parse(a, leaf->entry, leaf->entry_len, NULL, &entry, NULL))
			put(a, o, "entry", entry);
		put(a, o, "leaf_hash", mc_json_new_cstr(a, b64(a, h, sizeof(h))));
		put(a, o, "audit_path", mc_tlog_path_to_json(a, &path));
		put(a, o, "sth", mc_tlog_sth_to_json(a, &sth));
		return mc__cli_print_json("log prove", o);
	}
	char t[40];
	time_text(sth.timestamp, t);
	printf("credential %s\n", id);
	printf("recorded in the log at index %lld (%s, %s)\n", (long long)leaf->index,
	       mc_tlog_type_name(e.type), e.time);
	printf("inclusion proof of %zu nodes verified against the tree head of size %lld signed %s\n",
	       path.len, (long long)sth.tree_size, t);
	for (size_t i = 0; i < path.len; i++)
		printf("  %s\n", b64(a, path.node[i], MC_TLOG_HASH_SIZE));
	return 0;
}

static int read_since(const char *file, struct mc_arena *a, struct mc_tlog_sth *since)
{
	struct mc_buf b;
	struct mc_err err = {0};
	struct mc_json *v;
	mc_buf_init(&b, 1 << 20);
	int rc = mc__cli_read(file, &b, &err);
	if (!rc && (rc = mc_json_parse(a, b.ptr, b.len, NULL, &v, &err)) == 0)
		rc = mc_tlog_sth_from_json(v, since, &err);
	mc_buf_release(&b);
	if (rc) {
		mc_err_prefix(&err, "%s", file);
		return mc__cli_fail("log audit", &err);
	}
	return 0;
}

static int cmd_audit(struct mc_app *app, struct mc_arena *a, const char *url, const char *since_file,
                     bool json)
{
	struct mc_tlog_sth since;
	struct mc_tlog_audit r;
	struct mc_err err = {0};
	int st;
	if (since_file && (st = read_since(since_file, a, &since)))
		return st;
	int rc = url ? mc_tlog_audit_url(a, url, since_file ? &since : NULL, &r, &err)
	             : mc_tlog_audit_db(app, a, since_file ? &since : NULL, &r, &err);
	if (rc)
		return mc__cli_fail("log audit", &err);
	if (json) {
		struct mc_json *o = mc_json_new_object(a), *f = mc_json_new_array(a);
		put(a, o, "ok", mc_json_new_bool(a, r.ok));
		put(a, o, "tree_size", mc_json_new_int(a, r.tree_size));
		put(a, o, "root_hash", mc_json_new_cstr(a, b64(a, r.root, sizeof(r.root))));
		put(a, o, "sths_checked", mc_json_new_int(a, r.sths_checked));
		put(a, o, "first_bad_index",
		    r.first_bad_index >= 0 ? mc_json_new_int(a, r.first_bad_index) : mc_json_new_null(a));
		for (size_t i = 0; i < r.n_findings; i++)
			mc_json_array_append(a, f, mc_json_new_cstr(a, r.findings[i]));
		put(a, o, "findings", f);
		st = mc__cli_print_json("log audit", o);
		return st ? st : r.ok ? 0 : MC_EXIT_NEGATIVE;
	}
	if (r.ok) {
		printf("audit passed: %lld entries replayed, %lld signed tree heads checked%s\n",
		       (long long)r.tree_size, (long long)r.sths_checked,
		       since_file ? ", consistent with the saved tree head" : "");
		printf("root hash %s\n", b64(a, r.root, sizeof(r.root)));
		return 0;
	}
	if (r.first_bad_index >= 0)
		printf("audit FAILED: first bad index %lld\n", (long long)r.first_bad_index);
	else
		printf("audit FAILED\n");
	for (size_t i = 0; i < r.n_findings; i++)
		printf("  - %s\n", r.findings[i]);
	return MC_EXIT_NEGATIVE;
}

static int cmd_append(struct mc_app *app, struct mc_arena *a, const char *type, const char *cred,
                      const char *hex, const char *file, const char *time)
{
	struct mc_err err = {0};
	struct mc_tlog_entry e = {0};
	int64_t index;
	if (!type || !cred || (!hex) == (!file))
		return mc__cli_usage_error("log append",
		                           "needs --type, --credential and one of --sha256 or --file");
	if (mc_tlog_type_parse(type, &e.type, &err))
		return mc__cli_fail("log append", &err);
	e.credential_id = cred;
	e.time = time;
	if (hex) {
		struct mc_buf raw;
		mc_buf_init(&raw, 64);
		int rc = strlen(hex) == 64 ? mc_hex_decode(&raw, hex, 64, &err)
		                           : mc_err_set(&err, MC_EINVAL, "--sha256 must be 64 hex digits");
		if (!rc)
			memcpy(e.sha256, raw.ptr, 32);
		mc_buf_release(&raw);
		if (rc)
			return mc__cli_fail("log append", &err);
	} else {
		struct mc_buf b;
		mc_buf_init(&b, MC_CLI_MAX_INPUT);
		int rc = mc__cli_read(file, &b, &err);
		if (!rc)
			rc = mc_tlog_credential_digest_text(b.ptr, b.len, e.sha256, &err);
		mc_buf_release(&b);
		if (rc) {
			mc_err_prefix(&err, "%s", file);
			return mc__cli_fail("log append", &err);
		}
	}
	if (mc_tlog_append(app, &e, &index, &err) ||
	    mc_tlog_sth_update(app, MC_TLOG_STH_INTERVAL_MS, NULL, NULL, &err))
		return mc__cli_fail("log append", &err);
	printf("appended entry %lld (%s %s)\n", (long long)index, type, cred);
	return 0;
}

static int cmd_entries(struct mc_app *app, struct mc_arena *a, const char *start, const char *end)
{
	struct mc_err err = {0};
	struct mc_json *doc;
	if (mc_tlog_json_entries(app, a, start ? start : "0", end, &doc, &err))
		return mc__cli_fail("log entries", &err);
	return mc__cli_print_json("log entries", doc);
}

int mc__cmd_log(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, OPT_DB},
	    {"base-url", required_argument, NULL, OPT_BASE_URL},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"url", required_argument, NULL, OPT_URL},
	    {"since-sth", required_argument, NULL, OPT_SINCE},
	    {"type", required_argument, NULL, OPT_TYPE},
	    {"credential", required_argument, NULL, OPT_CREDENTIAL},
	    {"sha256", required_argument, NULL, OPT_SHA256},
	    {"file", required_argument, NULL, OPT_FILE},
	    {"time", required_argument, NULL, OPT_TIME},
	    {"start", required_argument, NULL, OPT_START},
	    {"end", required_argument, NULL, OPT_END},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *db = NULL, *base_url = NULL, *url = NULL, *since = NULL, *type = NULL, *cred = NULL,
	           *hex = NULL, *file = NULL, *time = NULL, *start = NULL, *end = NULL;
	bool json = false;
	int c;
	if (mc__cli_wants_help(argc, argv)) {
		usage(stdout);
		return 0;
	}
	if (argc < 2) {
		usage(stderr);
		return MC_EXIT_USAGE;
	}
	const char *sub = argv[1];
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_BASE_URL: base_url = optarg; break;
		case OPT_JSON: json = true; break;
		case OPT_URL: url = optarg; break;
		case OPT_SINCE: since = optarg; break;
		case OPT_TYPE: type = optarg; break;
		case OPT_CREDENTIAL: cred = optarg; break;
		case OPT_SHA256: hex = optarg; break;
		case OPT_FILE: file = optarg; break;
		case OPT_TIME: time = optarg; break;
		case OPT_START: start = optarg; break;
		case OPT_END: end = optarg; break;
		default: return mc__cli_usage_error("log", "unknown option");
		}
	}
	const char *arg = optind < argc ? argv[optind++] : NULL;
	if (optind < argc)
		return mc__cli_usage_error("log", "unexpected argument '%s'", argv[optind]);
	bool known = strcmp(sub, "sth") == 0 || strcmp(sub, "prove") == 0 || strcmp(sub, "audit") == 0 ||
	             strcmp(sub, "append") == 0 || strcmp(sub, "entries") == 0;
	if (!known)
		return mc__cli_usage_error(
		    "log", "unknown subcommand '%s'; use sth, prove, audit, entries or append", sub);
	if (strcmp(sub, "prove") == 0 ? !arg : arg != NULL)
		return arg ? mc__cli_usage_error("log", "unexpected argument '%s'", arg)
		           : mc__cli_usage_error("log prove", "needs a credential id, e.g. urn:uuid:...");
	if (url && strcmp(sub, "audit") != 0)
		return mc__cli_usage_error("log", "--url is for 'log audit' only");
	if (url && db)
		return mc__cli_usage_error("log audit", "give --db PATH or --url BASE, not both");
	struct mc_arena a;
	mc_arena_init(&a, 0);
	int st;
	if (url) {
		st = cmd_audit(NULL, &a, url, since, json);
		mc_arena_release(&a);
		return st;
	}
	struct mc_app app;
	if ((st = mc__cli_open_app("log", &app, db, base_url))) {
		mc_arena_release(&a);
		return st;
	}
	if (strcmp(sub, "sth") == 0)
		st = cmd_sth(&app, &a, json);
	else if (strcmp(sub, "prove") == 0)
		st = cmd_prove(&app, &a, arg, json);
	else if (strcmp(sub, "audit") == 0)
		st = cmd_audit(&app, &a, NULL, since, json);
	else if (strcmp(sub, "append") == 0)
		st = cmd_append(&app, &a, type, cred, hex, file, time);
	else
		st = cmd_entries(&app, &a, start, end);
	mc_app_close(&app);
	mc_arena_release(&a);
	return st;
}
