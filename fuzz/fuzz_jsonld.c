/* Fuzz target for JSON-LD: parse the input as JSON, expand it in safe and unsafe
 * mode (built-in contexts only, plus a base IRI on every other input), and convert
 * each successful expansion to RDF. Checks: errors carry a message; safe mode never
 * succeeds where unsafe mode fails; a safe-mode success expands to the same tree as
 * unsafe mode (safe mode only adds errors); expanding an expanded document again
 * gives the same tree when nothing is dropped (an empty @reverse map is); the set
 * mode of mc_jsonld_to_rdf succeeds exactly when the node map does, and its dataset
 * canonicalizes to the same N-Quads. Any violation aborts. */
#include <stdbool.h>
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

/* Whether v holds "@reverse": {} — which expansion leaves for a reverse property with
 * no values (as the spec and jsonld.js do) and drops when expanding again. */
static bool has_empty_reverse(const struct mc_json *v)
{
	if (mc_json_is_array(v)) {
		for (uint32_t i = 0; i < v->len; i++)
			if (has_empty_reverse(&v->v.items[i]))
				return true;
	} else if (mc_json_is_object(v)) {
		for (uint32_t i = 0; i < v->len; i++) {
			const struct mc_json_member *m = &v->v.members[i];
			if ((mc_slice_eq_cstr(m->key, "@reverse") && mc_json_is_object(&m->value) &&
			     m->value.len == 0) ||
			    has_empty_reverse(&m->value))
				return true;
		}
	}
	return false;
}

/* mc_jsonld_to_rdf in node-map and in set mode: same verdict, same canonical form. */
static void to_rdf_both(struct mc_arena *a, const struct mc_json *expanded, struct mc_jsonld_opts o)
{
	struct mc_rdf_dataset ds = {0}, ds_set = {0};
	struct mc_err err = {0}, err_set = {0};
	o.as_set = false;
	int rc = mc_jsonld_to_rdf(a, expanded, &o, &ds, &err);
	o.as_set = true;
	int rc_set = mc_jsonld_to_rdf(a, expanded, &o, &ds_set, &err_set);
	check((rc == 0) == (rc_set == 0),
	      rc ? "set mode succeeded where the node map failed"
	         : "set mode failed where the node map succeeded",
	      rc ? &err : &err_set);
	if (rc || o.produce_generalized_rdf)
		return;
	struct mc_buf c1, c2;
	mc_buf_init(&c1, MC_BUF_NOLIMIT);
	mc_buf_init(&c2, MC_BUF_NOLIMIT);
	struct mc_rdfc_opts ro = {.max_work = 1 << 16};
	if (mc_rdfc_canonize(a, &ds, &ro, &c1, NULL, &err) == 0 &&
	    mc_rdfc_canonize(a, &ds_set, &ro, &c2, NULL, &err) == 0)
		check(c1.len == c2.len && memcmp(c1.ptr, c2.ptr, c1.len) == 0,
		      "set mode and node map canonicalize differently", NULL);
	mc_buf_release(&c1);
	mc_buf_release(&c2);
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
		o.safe = false;
		to_rdf_both(&a, unsafe_out, o);
		/* Expanded form is a fixpoint of expansion (no contexts left to apply),
		 * unless re-expansion drops something (a value under a graph container
		 * becomes free-floating), which safe mode reports. */
		struct mc_json *again = NULL;
		o.base = NULL;
		o.safe = true;
		if (src == 0 && !has_empty_reverse(unsafe_out) &&
		    mc_jsonld_expand(&a, unsafe_out, &o, &again, &err) == 0)
			check(mc_json_equal(again, unsafe_out), "expansion is not idempotent", NULL);
	}
	if (src == 0) {
		o.safe = true;
		to_rdf_both(&a, safe_out, o);
	}
out:
	mc_arena_release(&a);
	return 0;
}
