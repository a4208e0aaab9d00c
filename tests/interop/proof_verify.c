/* proof_verify [--keys FILE]... [--fragment-keys] [--purpose P] SIGNED.json
 *
 * A small test driver for the interop tests: verifies every Data Integrity proof of
 * SIGNED.json with mc_proof_verify_all (did:key locally, other keys from --keys files
 * in the shapes the JS harness's verify.mjs --keys accepts), prints the report, and
 * exits 0 when verified, 1 when not, 2 on bad input. Not the `microcred verify`
 * command (which also checks the credential itself). */
#include <stdio.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/json.h"
#include "microcred/proof.h"
#include "microcred/report.h"
#include "microcred/resolver.h"

int main(int argc, char **argv)
{
	struct mc_local_resolver lr;
	struct mc_arena a;
	struct mc_buf in, out;
	struct mc_err err = {0};
	struct mc_report rep;
	struct mc_json *doc;
	struct mc_proof_verify_opts o = {.trace_index = -1};
	const char *path = NULL;
	int status = 2;

	mc_local_resolver_init(&lr);
	mc_arena_init(&a, 0);
	mc_buf_init(&in, (size_t)64 * 1024 * 1024);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--keys") == 0 && i + 1 < argc) {
			if (mc_local_resolver_add_keys_file(&lr, argv[++i], &err) != 0)
				goto fail;
		} else if (strcmp(argv[i], "--fragment-keys") == 0) {
			lr.fragment_keys = true;
		} else if (strcmp(argv[i], "--purpose") == 0 && i + 1 < argc) {
			o.expected_purpose = argv[++i];
		} else if (!path && argv[i][0] != '-') {
			path = argv[i];
		} else {
			fprintf(stderr, "usage: proof_verify [--keys FILE]... [--fragment-keys] [--purpose "
			                "P] SIGNED.json\n");
			goto out;
		}
	}
	if (!path) {
		fprintf(stderr,
		        "usage: proof_verify [--keys FILE]... [--fragment-keys] [--purpose P] SIGNED.json\n");
		goto out;
	}
	if (mc_buf_read_file(&in, path, &err) != 0 ||
	    mc_json_parse(&a, in.ptr, in.len, NULL, &doc, &err) != 0)
		goto fail;
	struct mc_resolver resolver = mc_local_resolver(&lr);
	mc_report_init(&rep, &a);
	int rc = mc_proof_verify_all(&a, doc, &resolver, &rep, &o, &err);
	mc_report_write_text(&rep, &out);
	fputs(out.ptr, stdout);
	status = rc == 0 ? 0 : rc == MC_EVERIFY ? 1 : 2;
	goto out;
fail:
	fprintf(stderr, "proof_verify: %s\n", err.msg);
out:
	mc_buf_release(&out);
	mc_buf_release(&in);
	mc_arena_release(&a);
	mc_local_resolver_release(&lr);
	return status;
}
