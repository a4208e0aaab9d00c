/* microcred canon — RDFC-1.0 canonical N-Quads of a JSON-LD document (the Data
 * Integrity path) or of an N-Quads document. */
#include <getopt.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/encoding.h"
#include "microcred/json.h"
#include "microcred/jsonld.h"
#include "microcred/rdf.h"

#include "cli/cli.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: microcred canon [OPTIONS] FILE|-\n\n"
	           "Writes the RDFC-1.0 canonical N-Quads of FILE (standard input for '-').\n"
	           "FILE is a JSON-LD document, processed as the eddsa-rdfc-2022 cryptosuite does:\n"
	           "JSON-LD safe mode, no base IRI, rdfDirection i18n-datatype, built-in contexts only.\n"
	           "With --nquads, FILE is an N-Quads document and is canonicalized as it is.\n\n"
	           "Options:\n"
	           "  --nquads            FILE is N-Quads, not JSON-LD\n"
	           "  --unsafe            JSON-LD safe mode off: undefined terms, relative IRIs and\n"
	           "                      other data JSON-LD would drop are dropped silently\n"
	           "  --no-proof          delete the top-level \"proof\" member first (what\n"
	           "                      eddsa-rdfc-2022 hashes as the document)\n"
	           "  --hash ALG          RDFC-1.0 hash algorithm: sha256 (default) or sha384\n"
	           "  --map               print the issued blank node identifier map instead, as\n"
	           "                      pretty-printed JSON {\"input label\": \"c14nN\", ...}\n"
	           "                      (input labels of a JSON-LD document are those JSON-LD to RDF\n"
	           "                      assigned: b0, b1, ...)\n"
	           "  --hash-out          also write \"sha256 HEX\" of the canonical N-Quads to standard\n"
	           "                      error, like the reference harness's canon.mjs --hash\n"
	           "  --max-work N        bound on blank node hashing work (default: scales with the\n"
	           "                      graph; poison graphs fail with exit status 2)\n\n"
	           "Examples:\n"
	           "  $ microcred canon credential.json\n"
	           "  $ printf '_:x <http://ex.org/p> \"v\" .\\n' | microcred canon --nquads -\n"
	           "  _:c14n0 <http://ex.org/p> \"v\" .\n"
	           "  $ microcred canon --nquads --map data.nq\n\n"
	           "Exit status: 0 ok, 2 invalid input (JSON, JSON-LD safe mode, N-Quads syntax, a\n"
	           "graph too complex to canonicalize), 3 I/O error.\n");
}

enum { OPT_NQUADS = 256, OPT_UNSAFE, OPT_NO_PROOF, OPT_HASH, OPT_MAP, OPT_HASH_OUT, OPT_MAX_WORK };

struct canon_args {
	bool nquads, unsafe, no_proof, map, hash_out;
	struct mc_rdfc_opts rdfc;
	const char *path;
};

static int parse_args(int argc, char **argv, struct canon_args *ca)
{
	static const struct option opts[] = {
	    {"nquads", no_argument, NULL, OPT_NQUADS},
	    {"unsafe", no_argument, NULL, OPT_UNSAFE},
	    {"no-proof", no_argument, NULL, OPT_NO_PROOF},
	    {"hash", required_argument, NULL, OPT_HASH},
	    {"map", no_argument, NULL, OPT_MAP},
	    {"hash-out", no_argument, NULL, OPT_HASH_OUT},
	    {"max-work", required_argument, NULL, OPT_MAX_WORK},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_NQUADS: ca->nquads = true; break;
		case OPT_UNSAFE: ca->unsafe = true; break;
		case OPT_NO_PROOF: ca->no_proof = true; break;
		case OPT_MAP: ca->map = true; break;
		case OPT_HASH_OUT: ca->hash_out = true; break;
		case OPT_HASH:
			if (strcmp(optarg, "sha256") == 0 || strcmp(optarg, "SHA256") == 0)
				ca->rdfc.hash = MC_RDFC_SHA256;
			else if (strcmp(optarg, "sha384") == 0 || strcmp(optarg, "SHA384") == 0)
				ca->rdfc.hash = MC_RDFC_SHA384;
			else
				return mc__cli_usage_error("canon", "--hash takes sha256 or sha384, not '%s'",
				                           optarg);
			break;
		case OPT_MAX_WORK: {
			char *end;
			unsigned long long v = strtoull(optarg, &end, 10);
			if (!*optarg || *end || v == 0 || optarg[0] == '-')
				return mc__cli_usage_error(
				    "canon", "--max-work takes a positive integer, not '%s'", optarg);
			ca->rdfc.max_work = (size_t)v;
			break;
		}
		default:
			if (optopt == OPT_HASH || optopt == OPT_MAX_WORK)
				return mc__cli_usage_error("canon", "'%s' needs a value", argv[optind - 1]);
			return mc__cli_usage_error("canon", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return mc__cli_usage_error("canon", "give a FILE to canonicalize ('-' for standard input)");
	if (argc - optind > 1)
		return mc__cli_usage_error("canon", "takes one FILE (got '%s' too)", argv[optind + 1]);
	if (ca->nquads && (ca->unsafe || ca->no_proof))
		return mc__cli_usage_error("canon",
		                           "--unsafe and --no-proof apply to JSON-LD input, not --nquads");
	ca->path = argv[optind];
	return 0;
}

/* JSON-LD → RDF dataset, with the Data Integrity options (safe unless --unsafe). */
static int jsonld_dataset(struct mc_arena *a, const struct canon_args *ca, const struct mc_buf *in,
                          struct mc_rdf_dataset *ds, struct mc_err *err)
{
	struct mc_jsonld_opts jo = {
	    .safe = !ca->unsafe,
	    .rdf_direction = MC_JSONLD_RDF_DIRECTION_I18N_DATATYPE,
	    /* RDFC-1.0 takes a set; --map shows the input labels, which are jsonld.js's
	     * only in the node map's order */
	    .as_set = !ca->map,
	};
	struct mc_json *doc, *expanded;
	int rc = mc_json_parse(a, in->ptr, in->len, NULL, &doc, err);
	if (rc)
		return rc;
	if (ca->no_proof)
		mc_json_object_remove(doc, "proof");
	rc = mc_jsonld_expand(a, doc, &jo, &expanded, err);
	if (rc)
		return rc;
	return mc_jsonld_to_rdf(a, expanded, &jo, ds, err);
}

int mc__cmd_canon(int argc, char **argv)
{
	struct canon_args ca = {0};
	struct mc_err err = {0};
	struct mc_buf in, out;
	struct mc_arena a;
	struct mc_rdf_dataset ds = {0};
	struct mc_json *map = NULL;
	int status;

	if (mc__cli_wants_help(argc, argv)) {
		usage(stdout);
		return MC_EXIT_OK;
	}
	if ((status = parse_args(argc, argv, &ca)) != 0)
		return status;

	mc_buf_init(&in, MC_CLI_MAX_INPUT);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	mc_arena_init(&a, 0);
	const char *name = strcmp(ca.path, "-") == 0 ? "<stdin>" : ca.path;
	if (mc__cli_read(ca.path, &in, &err) != 0)
		goto fail;
	if (ca.nquads ? mc_nquads_parse(&a, in.ptr, in.len, &ds, &err)
	              : jsonld_dataset(&a, &ca, &in, &ds, &err)) {
		mc_err_prefix(&err, "%s", name);
		goto fail;
	}
	if (mc_rdfc_canonize(&a, &ds, &ca.rdfc, &out, ca.map ? &map : NULL, &err) != 0) {
		mc_err_prefix(&err, "%s", name);
		goto fail;
	}
	if (ca.hash_out) {
		unsigned char md[EVP_MAX_MD_SIZE];
		unsigned int n = 0;
		struct mc_buf hex;
		if (EVP_Digest(out.ptr, out.len, md, &n, EVP_sha256(), NULL) != 1) {
			mc_err_set(&err, MC_EIO, "SHA-256 failed inside OpenSSL");
			goto fail;
		}
		mc_buf_init(&hex, MC_BUF_NOLIMIT);
		mc_hex_encode(&hex, md, n);
		fprintf(stderr, "sha256 %s\n", hex.ptr);
		mc_buf_release(&hex);
	}
	if (ca.map) {
		mc_buf_clear(&out);
		if (mc_json_write(&out, map, MC_JSON_PRETTY) != 0 || mc_buf_putc(&out, '\n') != 0) {
			mc_err_set(&err, MC_ELIMIT, "the identifier map is too large to write");
			goto fail;
		}
	}
	if (mc__cli_write_stdout(out.ptr, out.len, &err) != 0)
		goto fail;
	status = MC_EXIT_OK;
	goto out;
fail:
	status = mc__cli_fail("canon", &err);
out:
	mc_arena_release(&a);
	mc_buf_release(&out);
	mc_buf_release(&in);
	return status;
}
