/* microcred jsonld expand|torrdf FILE — JSON-LD 1.1 expansion and deserialization to
 * RDF (N-Quads), with the built-in contexts only. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/json.h"
#include "microcred/jsonld.h"
#include "microcred/rdf.h"

#include "cli/cli.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: microcred jsonld expand FILE [--base IRI] [--expand-context FILE] [--safe]\n"
	           "       microcred jsonld torrdf FILE [--base IRI] [--expand-context FILE] [--safe]\n\n"
	           "expand  prints the JSON-LD 1.1 expanded form of the document in FILE ('-' for\n"
	           "        standard input), pretty-printed.\n"
	           "torrdf  prints its RDF dataset as N-Quads (blank node labels as generated, not\n"
	           "        canonical: use 'microcred canon' for RDFC-1.0).\n\n"
	           "Contexts are never fetched: only the built-in ones (VC 1.1/2.0, Data Integrity,\n"
	           "Multikey, Bitstring Status List, DID, Open Badges 3.0, CLR 2.0, ...) and those given\n"
	           "with --expand-context are available.\n\n"
	           "Options:\n"
	           "  --base IRI              resolve relative IRIs against IRI (default: none)\n"
	           "  --expand-context FILE   apply the context in FILE before the document's own\n"
	           "  --safe                  fail, naming the JSON path, wherever data would be\n"
	           "                          dropped (what Data Integrity signing requires)\n\n"
	           "Example:\n"
	           "  $ microcred jsonld expand --safe credential.json\n"
	           "  $ echo '{\"@context\": {\"@vocab\": \"https://ex.org/\"}, \"name\": \"Ada\"}' \\\n"
	           "      | microcred jsonld torrdf -\n"
	           "  _:b0 <https://ex.org/name> \"Ada\" .\n");
}

static int load_json(struct mc_arena *a, const char *path, struct mc_json **doc, struct mc_err *err)
{
	struct mc_buf in;
	mc_buf_init(&in, MC_CLI_MAX_INPUT);
	int rc = mc__cli_read(path, &in, err);
	if (rc == 0) {
		/* The tree borrows nothing from the text, so the buffer can go. */
		rc = mc_json_parse(a, in.ptr, in.len, NULL, doc, err);
		if (rc)
			mc_err_prefix(err, "%s", strcmp(path, "-") == 0 ? "<stdin>" : path);
	}
	mc_buf_release(&in);
	return rc;
}

int mc__cmd_jsonld(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'},
	                                     {"base", required_argument, NULL, 'b'},
	                                     {"expand-context", required_argument, NULL, 'c'},
	                                     {"safe", no_argument, NULL, 's'},
	                                     {NULL, 0, NULL, 0}};
	struct mc_err err = {0};
	struct mc_jsonld_opts o = {0};
	const char *ctx_path = NULL;
	int c, status;

	if (mc__cli_wants_help(argc, argv)) {
		usage(stdout);
		return MC_EXIT_OK;
	}
	/* glibc getopt permutes argv, so options may also follow the subcommand and FILE. */
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h': usage(stdout); return MC_EXIT_OK;
		case 'b': o.base = optarg; break;
		case 'c': ctx_path = optarg; break;
		case 's': o.safe = true; break;
		default:
			return mc__cli_usage_error("jsonld", "unknown option or missing value: '%s'",
			                           argv[optind - 1]);
		}
	}
	const char *sub = optind < argc ? argv[optind] : NULL;
	const char *path = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (optind + 2 < argc)
		return mc__cli_usage_error("jsonld", "unexpected argument '%s'", argv[optind + 2]);
	if (!sub)
		return mc__cli_usage_error("jsonld", "missing subcommand (expand or torrdf)");
	bool to_rdf;
	if (strcmp(sub, "expand") == 0)
		to_rdf = false;
	else if (strcmp(sub, "torrdf") == 0)
		to_rdf = true;
	else
		return mc__cli_usage_error("jsonld", "unknown subcommand '%s' (expand or torrdf)", sub);
	if (!path)
		return mc__cli_usage_error("jsonld", "%s needs a FILE ('-' for standard input)", sub);

	struct mc_arena a;
	struct mc_buf out;
	struct mc_json *doc, *ctx = NULL, *expanded;
	mc_arena_init(&a, 0);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	if (ctx_path) {
		if (load_json(&a, ctx_path, &ctx, &err) != 0)
			goto fail;
		o.expand_context = ctx;
	}
	if (load_json(&a, path, &doc, &err) != 0)
		goto fail;
	if (mc_jsonld_expand(&a, doc, &o, &expanded, &err) != 0) {
		mc_err_prefix(&err, "%s", strcmp(path, "-") == 0 ? "<stdin>" : path);
		goto fail;
	}
	if (to_rdf) {
		struct mc_rdf_dataset ds = {0};
		if (mc_jsonld_to_rdf(&a, expanded, &o, &ds, &err) != 0) {
			mc_err_prefix(&err, "%s", strcmp(path, "-") == 0 ? "<stdin>" : path);
			goto fail;
		}
		if (mc_nquads_write(&out, &ds) != 0) {
			mc_err_set(&err, MC_ELIMIT, "N-Quads output too large");
			goto fail;
		}
	} else {
		if (mc_json_write(&out, expanded, MC_JSON_PRETTY) != 0 || mc_buf_putc(&out, '\n') != 0) {
			mc_err_set(&err, MC_ELIMIT, "expanded output too large");
			goto fail;
		}
	}
	if (mc__cli_write_stdout(out.ptr, out.len, &err) != 0)
		goto fail;
	status = MC_EXIT_OK;
	goto out;
fail:
	status = mc__cli_fail("jsonld", &err);
out:
	mc_buf_release(&out);
	mc_arena_release(&a);
	return status;
}
