/* Fuzz target for JSON-LD: parse the input as JSON, expand it in safe and unsafe
 * mode (built-in contexts only, plus a base IRI on every other input), and convert
 * each successful expansion to RDF. Checks: errors carry a message; safe mode never
 * succeeds where unsafe mode fails; a safe-mode success expands to the same tree as
 * unsafe mode (safe mode only adds errors); expanding an expanded document again
 * gives the same tree when nothing is dropped. Any violation aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/err.h"
#include "microcred/json.h"
#include "microcred/jsonld.h"
#include "microcred/rdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what, const struct mc_err *err)
{
	if (!ok) {
		fprintf(stderr, "fuzz_jsonld: %s%s%s\n", what, err && err->msg[0] ? ": " : "",
		        err ? err->msg : "");
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_json *doc, *unsafe_out = NULL, *safe_out = NULL;
	struct mc_json_parse_opts po = {.max_depth = 64, .max_size = 1 << 20};

	mc_arena_init(&a, 0);
	if (mc_json_parse(&a, (const char *)data, size, &po, &doc, &err) != 0)
		goto out;

	struct mc_jsonld_opts o = {.base = size % 2 ? "https://ex.org/base/doc" : NULL};
	int urc = mc_jsonld_expand(&a, doc, &o, &unsafe_out, &err);
	if (urc != 0)
		check(err.msg[0] != '\0', "error without a message", NULL);

	o.safe = true;
	int src = mc_jsonld_expand(&a, doc, &o, &safe_out, &err);
	if (src != 0) {
		check(err.msg[0] != '\0', "error without a message", NULL);
	} else {
		check(urc == 0, "safe mode succeeded where unsafe mode failed", NULL);
		check(mc_json_equal(safe_out, unsafe_out), "safe and unsafe expansions differ", NULL);
	}

	if (urc == 0) {
		struct mc_rdf_dataset ds = {0};
		o.safe = false;
		(void)mc_jsonld_to_rdf(&a, unsafe_out, &o, &ds, &err);
		/* Expanded form is a fixpoint of expansion (no contexts left to apply),
		 * unless re-expansion drops something (a value under a graph container
		 * becomes free-floating), which safe mode reports. */
		struct mc_json *again = NULL;
		o.base = NULL;
		o.safe = true;
		if (src == 0 && mc_jsonld_expand(&a, unsafe_out, &o, &again, &err) == 0)
			check(mc_json_equal(again, unsafe_out), "expansion is not idempotent", NULL);
	}
	if (src == 0) {
		struct mc_rdf_dataset ds = {0};
		o.safe = true;
		(void)mc_jsonld_to_rdf(&a, safe_out, &o, &ds, &err);
	}
out:
	mc_arena_release(&a);
	return 0;
}
