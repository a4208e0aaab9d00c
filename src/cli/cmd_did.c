/* microcred did: resolve a did:key locally; make a did:web identifier and document. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/did.h"
#include "microcred/json.h"
#include "microcred/keys.h"

#include "cli/cli.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: microcred did resolve DID [--format FORMAT] [--key-agreement]\n"
	           "       microcred did web URL [KEYFILE...] [-o FILE]\n"
	           "       microcred did url DID\n"
	           "\n"
	           "resolve  prints the DID document of a did:key (or a did:key DID URL), made\n"
	           "         locally without network. FORMAT: multikey (default, as VC Data\n"
	           "         Integrity 2.0 uses), ed25519-2020 (Ed25519VerificationKey2020), jwk\n"
	           "         (JsonWebKey2020) or legacy (the 2018-2021 suites with publicKeyBase58).\n"
	           "         --key-agreement adds the X25519 key derived from an Ed25519 key.\n"
	           "web      turns the https URL where the DID document will live into its did:web\n"
	           "         identifier (https://example.com/issuers/42 -> did:web:example.com:issuers:42;\n"
	           "         a port's colon becomes %%3A). With key files (from 'microcred keys new'),\n"
	           "         prints the DID document to publish at URL/did.json (or\n"
	           "         /.well-known/did.json for a bare domain), public keys only.\n"
	           "url      prints the URL a did:web DID document is fetched from.\n"
	           "\n"
	           "Examples:\n"
	           "  microcred did resolve did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK\n"
	           "  microcred did web https://example.edu/issuers/42 issuer.key -o did.json\n"
	           "  microcred did url did:web:example.edu:issuers:42\n"
	           "\n"
	           "Exit status: 0 ok, 2 bad usage or invalid DID / key file, 3 I/O error.\n");
}

static int write_doc(const struct mc_json *doc, const char *path, struct mc_err *err)
{
	struct mc_buf out;
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	int rc = mc_json_write(&out, doc, MC_JSON_PRETTY);
	if (!rc)
		rc = mc_buf_putc(&out, '\n');
	if (!rc)
		rc = mc__cli_write_file(path, out.ptr, out.len, 0644, err);
	else
		mc_err_set(err, rc, "cannot format the DID document");
	mc_buf_release(&out);
	return rc;
}

static int cmd_resolve(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"key-agreement", no_argument, NULL, 'k'},
	    {NULL, 0, NULL, 0},
	};
	struct mc_did_key_opts o = {MC_DID_KEY_MULTIKEY, false};
	struct mc_err err = {0};
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (mc_did_key_format_parse(optarg, &o.format, &err))
				return mc__cli_usage_error("did resolve", "%s", err.msg);
			break;
		case 'k': o.derive_key_agreement = true; break;
		default:
			return mc__cli_usage_error("did resolve", "unknown or incomplete option '%s'",
			                           argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return mc__cli_usage_error("did resolve", "give exactly one DID");
	const char *did = argv[optind];
	if (strncmp(did, "did:", 4) == 0 && strncmp(did, "did:key:", 8) != 0) {
		mc_err_set(&err, MC_EUNSUPPORTED,
		           "'%.*s' is not a did:key; only did:key resolves offline (did:web: use 'microcred "
		           "did url')",
		           (int)(strlen(did) > 60 ? 60 : strlen(did)), did);
		return mc__cli_fail("did resolve", &err);
	}

	struct mc_arena a;
	struct mc_json *doc;
	int status = 0;
	mc_arena_init(&a, 0);
	if (mc_did_key_resolve(&a, did, strlen(did), &o, &doc, &err) || write_doc(doc, NULL, &err))
		status = mc__cli_fail("did resolve", &err);
	mc_arena_release(&a);
	return status;
}

static int cmd_web(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {NULL, 0, NULL, 0},
	};
	const char *out = NULL;
	struct mc_err err = {0};
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		default:
			return mc__cli_usage_error("did web", "unknown or incomplete option '%s'",
			                           argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return mc__cli_usage_error("did web", "give the https URL of the DID document");

	struct mc_buf did;
	int status = 0;
	mc_buf_init(&did, MC_BUF_NOLIMIT);
	if (mc_did_web_from_url(argv[optind], &did, &err)) {
		mc_buf_release(&did);
		return mc__cli_fail("did web", &err);
	}
	size_t nkeys = (size_t)(argc - optind - 1);
	if (nkeys == 0) {
		mc_buf_putc(&did, '\n');
		if (mc__cli_write_file(out, did.ptr, did.len, 0644, &err))
			status = mc__cli_fail("did web", &err);
		mc_buf_release(&did);
		return status;
	}

	struct mc_key *keys = mc_xcalloc(nkeys, sizeof(*keys));
	const struct mc_key **ptrs = mc_xcalloc(nkeys, sizeof(*ptrs));
	struct mc_arena a;
	struct mc_json *doc;
	mc_arena_init(&a, 0);
	for (size_t i = 0; i < nkeys; i++) {
		const char *path = argv[optind + 1 + i];
		struct mc_buf in;
		mc_key_init(&keys[i]);
		ptrs[i] = &keys[i];
		mc_buf_init(&in, MC_CLI_MAX_INPUT);
		int rc = mc__cli_read(path, &in, &err);
		if (!rc && (rc = mc_key_parse(&keys[i], in.ptr, in.len, &err)))
			mc_err_prefix(&err, "%s", path);
		mc_key_wipe(in.ptr, in.len);
		mc_buf_release(&in);
		if (rc) {
			status = mc__cli_fail("did web", &err);
			goto out;
		}
		mc_key_drop_secret(&keys[i]);
	}
	if (mc_did_web_document(&a, did.ptr, ptrs, nkeys, &doc, &err) || write_doc(doc, out, &err))
		status = mc__cli_fail("did web", &err);
out:
	for (size_t i = 0; i < nkeys; i++)
		mc_key_release(&keys[i]);
	free(keys);
	free(ptrs);
	mc_arena_release(&a);
	mc_buf_release(&did);
	return status;
}

static int cmd_url(int argc, char **argv)
{
	if (argc != 2)
		return mc__cli_usage_error("did url", "give exactly one did:web DID");
	struct mc_err err = {0};
	struct mc_buf url;
	int status = 0;
	mc_buf_init(&url, MC_BUF_NOLIMIT);
	if (mc_did_web_to_url(argv[1], strlen(argv[1]), &url, &err) || mc_buf_putc(&url, '\n') ||
	    mc__cli_write_stdout(url.ptr, url.len, &err))
		status = mc__cli_fail("did url", &err);
	mc_buf_release(&url);
	return status;
}

int mc__cmd_did(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? MC_EXIT_USAGE : MC_EXIT_OK;
	}
	if (mc__cli_wants_help(argc, argv)) {
		usage(stdout);
		return MC_EXIT_OK;
	}
	if (strcmp(argv[1], "resolve") == 0)
		return cmd_resolve(argc - 1, argv + 1);
	if (strcmp(argv[1], "web") == 0)
		return cmd_web(argc - 1, argv + 1);
	if (strcmp(argv[1], "url") == 0)
		return cmd_url(argc - 1, argv + 1);
	return mc__cli_usage_error("did", "unknown subcommand '%s'; use resolve, web or url", argv[1]);
}
