/* The W3C RDFC-1.0 test suite (tests/vectors/rdf-canon), driven by its
 * manifest.jsonld: evaluation tests compare the canonical N-Quads byte for byte, map
 * tests compare the issued identifier map, the negative test (a poison graph) must
 * fail with MC_ELIMIT. Prints passed / failed / skipped, names every failure and
 * skip, and exits non-zero unless every entry passed.
 *
 * usage: rdfc_suite [-v] [--max-work N] [SUITE_DIR]   (default $MC_SOURCE_DIR/tests/vectors/rdf-canon) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/json.h"
#include "microcred/rdf.h"

static int verbose;
static size_t max_work; /* --max-work N: 0 = the library default */

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int read_file(const char *dir, const char *name, struct mc_buf *b, struct mc_err *err)
{
	char path[8192];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	mc_buf_init(b, 64 * 1024 * 1024);
	return mc_buf_read_file(b, path, err);
}

/* Shows where two texts first differ. */
static void show_diff(const char *got, size_t gn, const char *want, size_t wn)
{
	size_t i = 0;
	while (i < gn && i < wn && got[i] == want[i])
		i++;
	size_t ls = i;
	while (ls > 0 && got[ls - 1] != '\n')
		ls--;
	const char *ge = memchr(got + ls, '\n', gn - ls),
	           *we = memchr(want + ls, '\n', wn > ls ? wn - ls : 0);
	int gl = (int)(ge ? (size_t)(ge - got) - ls : gn - ls),
	    wl = (int)(we ? (size_t)(we - want) - ls : wn - ls);
	fprintf(stderr, "    first difference at byte %zu\n    got:  %.*s\n    want: %.*s\n", i, gl, got + ls,
	        wl, want + ls);
}

enum kind { EVAL, MAP, NEGATIVE, UNKNOWN };

/* Runs one entry; returns 1 passed, 0 failed. */
static int run_entry(const char *dir, const char *id, enum kind kind, const char *action, const char *result,
                     enum mc_rdfc_hash hash)
{
	struct mc_arena a;
	struct mc_buf in, want, out;
	struct mc_err err = {0};
	struct mc_rdf_dataset ds = {0};
	struct mc_json *map = NULL;
	int ok = 0;

	mc_arena_init(&a, 0);
	mc_buf_init(&want, MC_BUF_NOLIMIT);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	if (read_file(dir, action, &in, &err) != 0) {
		fprintf(stderr, "FAIL %s: %s\n", id, err.msg);
		goto done;
	}
	if (mc_nquads_parse(&a, in.ptr, in.len, &ds, &err) != 0) {
		fprintf(stderr, "FAIL %s: cannot parse %s: %s\n", id, action, err.msg);
		goto done;
	}
	struct mc_rdfc_opts opts = {.hash = hash, .max_work = max_work};
	double t0 = now();
	int rc = mc_rdfc_canonize(&a, &ds, &opts, &out, kind == MAP ? &map : NULL, &err);
	double dt = now() - t0;
	if (verbose)
		fprintf(stderr, "     %s: %.1f us\n", id, dt * 1e6);

	if (kind == NEGATIVE) {
		if (rc == MC_ELIMIT && dt < 1.0) {
			ok = 1;
			if (verbose)
				fprintf(stderr, "     %s rejected in %.1f ms: %s\n", id, dt * 1e3, err.msg);
		} else if (rc == MC_ELIMIT) {
			fprintf(stderr, "FAIL %s: rejected, but only after %.2f s (want well under 1 s)\n",
			        id, dt);
		} else {
			fprintf(stderr, "FAIL %s: expected MC_ELIMIT, got %s\n", id,
			        rc ? mc_err_name(rc) : "success");
		}
		goto done;
	}
	if (rc != 0) {
		fprintf(stderr, "FAIL %s: %s\n", id, err.msg);
		goto done;
	}
	if (read_file(dir, result, &want, &err) != 0) {
		fprintf(stderr, "FAIL %s: %s\n", id, err.msg);
		goto done;
	}
	if (kind == EVAL) {
		if (out.len == want.len && memcmp(out.ptr, want.ptr, out.len) == 0) {
			ok = 1;
		} else {
			fprintf(stderr, "FAIL %s: canonical N-Quads differ from %s\n", id, result);
			show_diff(out.ptr, out.len, want.ptr, want.len);
		}
	} else {
		struct mc_json *expected;
		if (mc_json_parse(&a, want.ptr, want.len, NULL, &expected, &err) != 0) {
			fprintf(stderr, "FAIL %s: cannot parse %s: %s\n", id, result, err.msg);
			goto done;
		}
		if (mc_json_equal(map, expected)) {
			ok = 1;
		} else {
			struct mc_buf got;
			mc_buf_init(&got, MC_BUF_NOLIMIT);
			mc_json_write(&got, map, MC_JSON_COMPACT);
			fprintf(stderr, "FAIL %s: issued map differs from %s\n    got:  %s\n    want: %s\n",
			        id, result, got.ptr, want.ptr);
			mc_buf_release(&got);
		}
	}
done:
	mc_buf_release(&in);
	mc_buf_release(&want);
	mc_buf_release(&out);
	mc_arena_release(&a);
	return ok;
}

int main(int argc, char **argv)
{
	char dir[4096];
	const char *arg_dir = NULL;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-v") == 0)
			verbose = 1;
		else if (strcmp(argv[i], "--max-work") == 0 && i + 1 < argc)
			max_work = strtoull(argv[++i], NULL, 10);
		else
			arg_dir = argv[i];
	}
	if (arg_dir) {
		snprintf(dir, sizeof(dir), "%s", arg_dir);
	} else {
		const char *src = getenv("MC_SOURCE_DIR");
		snprintf(dir, sizeof(dir), "%s/tests/vectors/rdf-canon", src ? src : ".");
	}

	struct mc_arena a;
	struct mc_buf text;
	struct mc_err err = {0};
	struct mc_json *manifest;
	mc_arena_init(&a, 0);
	if (read_file(dir, "manifest.jsonld", &text, &err) != 0 ||
	    mc_json_parse(&a, text.ptr, text.len, NULL, &manifest, &err) != 0) {
		fprintf(stderr, "rdfc_suite: %s/manifest.jsonld: %s\n", dir, err.msg);
		return 1;
	}
	const struct mc_json *entries = mc_json_get(manifest, "entries");
	if (!mc_json_is_array(entries)) {
		fprintf(stderr, "rdfc_suite: %s/manifest.jsonld has no \"entries\" array\n", dir);
		return 1;
	}

	int passed = 0, failed = 0, skipped = 0;
	for (uint32_t i = 0; i < entries->len; i++) {
		const struct mc_json *e = &entries->v.items[i];
		const char *id = mc_json_get_str(e, "id"), *type = mc_json_get_str(e, "type");
		const char *action = mc_json_get_str(e, "action"), *result = mc_json_get_str(e, "result");
		const char *alg = mc_json_get_str(e, "hashAlgorithm");
		enum kind kind = UNKNOWN;
		enum mc_rdfc_hash hash = MC_RDFC_SHA256;

		if (!id)
			id = "(no id)";
		if (type && strcmp(type, "rdfc:RDFC10EvalTest") == 0)
			kind = EVAL;
		else if (type && strcmp(type, "rdfc:RDFC10MapTest") == 0)
			kind = MAP;
		else if (type && strcmp(type, "rdfc:RDFC10NegativeEvalTest") == 0)
			kind = NEGATIVE;
		if (kind == UNKNOWN) {
			printf("SKIP %s: unknown test type %s\n", id, type ? type : "(none)");
			skipped++;
			continue;
		}
		if (alg && strcmp(alg, "SHA384") == 0) {
			hash = MC_RDFC_SHA384;
		} else if (alg && strcmp(alg, "SHA256") != 0) {
			printf("SKIP %s: hash algorithm %s is not supported\n", id, alg);
			skipped++;
			continue;
		}
		if (!action || (kind != NEGATIVE && !result)) {
			printf("SKIP %s: manifest entry lacks action or result\n", id);
			skipped++;
			continue;
		}
		if (run_entry(dir, id, kind, action, result, hash)) {
			passed++;
			if (verbose)
				printf("pass %s\n", id);
		} else {
			failed++;
		}
	}
	int total = (int)entries->len;
	printf("RDFC-1.0 suite: %d passed, %d failed, %d skipped (of %d)\n", passed, failed, skipped, total);
	mc_buf_release(&text);
	mc_arena_release(&a);
	return (failed == 0 && skipped == 0 && passed == total) ? 0 : 1;
}
