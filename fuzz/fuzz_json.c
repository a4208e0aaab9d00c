/* Fuzz target for the JSON layer: parse; when the input parses, the compact and
 * pretty writers must produce text that parses back to an equal tree, a deep copy
 * must be equal, and JCS must succeed and be a fixpoint (canonicalising its own
 * output gives the same bytes). Any violation aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what, const struct mc_err *err)
{
	if (!ok) {
		fprintf(stderr, "fuzz_json: %s%s%s\n", what, err && err->msg[0] ? ": " : "",
		        err ? err->msg : "");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_json *v, *back;
	struct mc_buf out, jcs, jcs2;

	mc_arena_init(&a, 0);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	mc_buf_init(&jcs, MC_BUF_NOLIMIT);
	mc_buf_init(&jcs2, MC_BUF_NOLIMIT);

	int rc = mc_json_parse(&a, (const char *)data, size, NULL, &v, &err);
	if (rc != 0) {
		/* Errors are one line with a position (or a size/depth limit message). */
		check(rc == MC_EINVAL || rc == MC_ELIMIT, "unexpected error code", &err);
		check(v == NULL, "*out not NULL after an error", NULL);
		check(strncmp(err.msg, "line ", 5) == 0 || rc == MC_ELIMIT, "error without a line", &err);
		check(strchr(err.msg, '\n') == NULL, "multi-line error message", &err);
		goto out;
	}

	for (unsigned flags = MC_JSON_COMPACT; flags <= MC_JSON_PRETTY; flags++) {
		mc_buf_clear(&out);
		check(mc_json_write(&out, v, flags) == 0, "mc_json_write failed", NULL);
		check(mc_json_parse(&a, out.ptr, out.len, NULL, &back, &err) == 0,
		      "written JSON does not parse", &err);
		check(mc_json_equal(v, back), "written JSON parses to a different tree", NULL);
	}
	check(mc_json_equal(v, mc_json_copy(&a, v)), "copy differs", NULL);

	/* A parsed tree is valid UTF-8, unique keys and finite numbers: JCS must take it. */
	check(mc_jcs_write(&jcs, v, &err) == 0, "JCS refused a parsed document", &err);
	check(mc_json_parse(&a, jcs.ptr, jcs.len, NULL, &back, &err) == 0, "JCS output does not parse", &err);
	check(mc_jcs_write(&jcs2, back, &err) == 0, "JCS refused its own output", &err);
	check(jcs.len == jcs2.len && memcmp(jcs.ptr, jcs2.ptr, jcs.len) == 0, "JCS is not a fixpoint", NULL);

out:
	mc_buf_release(&jcs2);
	mc_buf_release(&jcs);
	mc_buf_release(&out);
	mc_arena_release(&a);
	return 0;
}
