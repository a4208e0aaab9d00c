/* microcred jcs [FILE|-] — the RFC 8785 canonical bytes of a JSON document. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/json.h"

#include "cli/cli.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: microcred jcs [FILE|-]\n\n"
	           "Writes the RFC 8785 (JSON Canonicalization Scheme) form of the JSON document in\n"
	           "FILE, or standard input when FILE is '-' or absent: no whitespace, object members\n"
	           "sorted by their UTF-16 code units, numbers as ECMAScript prints them, minimal\n"
	           "string escapes. The output is the exact bytes to hash or sign, with no trailing\n"
	           "newline. The input must be strict JSON (UTF-8, no duplicate keys); anything else\n"
	           "is rejected with its line and column (exit status 2).\n\n"
	           "Example:\n"
	           "  $ echo '{\"b\": 1.50, \"a\": [1e21, -0]}' | microcred jcs\n"
	           "  {\"a\":[1e+21,0],\"b\":1.5}\n");
}

int mc__cmd_jcs(int argc, char **argv)
{
	static const struct option opts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
	struct mc_err err = {0};
	struct mc_buf in, out;
	struct mc_arena a;
	struct mc_json *doc;
	int c, status;

	if (mc__cli_wants_help(argc, argv)) {
		usage(stdout);
		return MC_EXIT_OK;
	}
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return MC_EXIT_OK;
		}
		return mc__cli_usage_error("jcs", "unknown option '%s'", argv[optind - 1]);
	}
	if (argc - optind > 1)
		return mc__cli_usage_error("jcs", "takes one FILE (got '%s' too)", argv[optind + 1]);
	const char *path = optind < argc ? argv[optind] : "-";

	mc_buf_init(&in, MC_CLI_MAX_INPUT);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	mc_arena_init(&a, 0);
	if (mc__cli_read(path, &in, &err) != 0)
		goto fail;
	if (mc_json_parse(&a, in.ptr, in.len, NULL, &doc, &err) != 0) {
		mc_err_prefix(&err, "%s", strcmp(path, "-") == 0 ? "<stdin>" : path);
		goto fail;
	}
	if (mc_jcs_write(&out, doc, &err) != 0 || mc__cli_write_stdout(out.ptr, out.len, &err) != 0)
		goto fail;
	status = MC_EXIT_OK;
	goto out;
fail:
	status = mc__cli_fail("jcs", &err);
out:
	mc_arena_release(&a);
	mc_buf_release(&out);
	mc_buf_release(&in);
	return status;
}
