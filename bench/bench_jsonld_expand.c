/* Benchmark: JSON-LD expansion (safe mode, no base) of the Open Badges 3.0 interop
 * example, the first step of eddsa-rdfc-2022. The document is parsed once; each
 * iteration expands it into an arena that is cleared between iterations, so the
 * numbers show expansion alone with warm context caches (what a long-running
 * issuer or verifier sees).
 *
 * usage: bench_jsonld_expand [-n ITERATIONS] [-r ROUNDS] [FILE] */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/json.h"
#include "microcred/jsonld.h"

#define DEFAULT_FILE "tests/vectors/jsonld-safe/baseline.json"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return a < b ? -1 : a > b;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: bench_jsonld_expand [-n ITERATIONS] [-r ROUNDS] [FILE]\n\n"
	           "Times mc_jsonld_expand (safe mode, no base) on FILE (default " DEFAULT_FILE ",\n"
	           "run from the project root) and prints the median time per expansion.\n\n"
	           "Example:\n"
	           "  $ build/bench_jsonld_expand -n 20000 -r 5\n");
}

int main(int argc, char **argv)
{
	long iters = 20000, rounds = 5;
	int c;
	while ((c = getopt(argc, argv, "n:r:h")) != -1) {
		switch (c) {
		case 'n': iters = atol(optarg); break;
		case 'r': rounds = atol(optarg); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (getenv("BENCH_QUICK"))
		iters = 200, rounds = 1;
	if (iters < 1 || rounds < 1 || rounds > 100) {
		usage(stderr);
		return 2;
	}
	const char *path = optind < argc ? argv[optind] : DEFAULT_FILE;
	struct mc_err err = {0};
	struct mc_buf text;
	mc_buf_init(&text, MC_BUF_NOLIMIT);
	if (mc_buf_read_file(&text, path, &err) != 0) {
		fprintf(stderr, "bench_jsonld_expand: %s: %s\n", path, err.msg);
		return 3;
	}
	struct mc_arena doc_arena, a;
	mc_arena_init(&doc_arena, 0);
	mc_arena_init(&a, 64 * 1024);
	struct mc_json *doc, *out;
	if (mc_json_parse(&doc_arena, text.ptr, text.len, NULL, &doc, &err) != 0) {
		fprintf(stderr, "bench_jsonld_expand: %s: %s\n", path, err.msg);
		return 2;
	}
	struct mc_jsonld_opts opts = {.safe = true};
	long warm = iters / 5 > 200 ? iters / 5 : 200;
	for (long i = 0; i < warm; i++) {
		if (mc_jsonld_expand(&a, doc, &opts, &out, &err) != 0) {
			fprintf(stderr, "bench_jsonld_expand: %s: %s\n", path, err.msg);
			return 1;
		}
		mc_arena_clear(&a);
	}
	double *t = calloc((size_t)rounds, sizeof *t);
	for (long r = 0; r < rounds; r++) {
		double t0 = now_s();
		for (long i = 0; i < iters; i++) {
			mc_jsonld_expand(&a, doc, &opts, &out, &err);
			mc_arena_clear(&a);
		}
		t[r] = (now_s() - t0) / (double)iters;
	}
	qsort(t, (size_t)rounds, sizeof *t, cmp_double);
	printf(
	    "jsonld expand (safe, %zu-byte document): median %.2f us/op (min %.2f, max %.2f), %.0f ops/s\n",
	    text.len, t[rounds / 2] * 1e6, t[0] * 1e6, t[rounds - 1] * 1e6, 1.0 / t[rounds / 2]);
	free(t);
	mc_arena_release(&a);
	mc_arena_release(&doc_arena);
	mc_buf_release(&text);
	return 0;
}
