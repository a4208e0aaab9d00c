/* JSON parse benchmark: microcred's mc_json_parse against jansson's json_loadb on
 * the same file, in the same process.
 *
 *   bench_json_parse [-n ITERATIONS] [-r ROUNDS] [FILE]
 *
 * Each variant is warmed up, then timed for ROUNDS rounds of ITERATIONS parses with
 * CLOCK_MONOTONIC; the median round is reported (the median resists the odd round
 * disturbed by another process). jansson is compiled in only when bench/json.cmake
 * found it (MC_HAVE_JANSSON). */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/json.h"

#ifdef MC_HAVE_JANSSON
#include <jansson.h>
#endif

#ifndef MC_BENCH_SOURCE_DIR
#define MC_BENCH_SOURCE_DIR "."
#endif
#define DEFAULT_FILE "tests/vectors/interop/example-unsigned.json"
#define MAX_ROUNDS 101

/* Results feed this so the compiler cannot drop a parse as unused. */
static volatile uint64_t sink;

static const char *text;
static size_t text_len;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* One variant: run() parses `iterations` times. */
struct variant {
	const char *name;
	void (*run)(long iterations);
	double median_us; /* per parse */
	double min_us, max_us;
};

/* ---- microcred ---- */

static struct mc_arena reused;

static void parse_or_die(struct mc_arena *a)
{
	struct mc_json *v;
	struct mc_err err = {0};
	if (mc_json_parse(a, text, text_len, NULL, &v, &err) != 0) {
		fprintf(stderr, "bench_json_parse: mc_json_parse failed: %s\n", err.msg);
		exit(2);
	}
	sink += v->len;
}

/* One arena for all parses, cleared in between: what a long-lived worker does. */
static void run_mc_cleared(long iterations)
{
	for (long i = 0; i < iterations; i++) {
		mc_arena_clear(&reused);
		parse_or_die(&reused);
	}
}

/* A new arena per parse, released after: what a one-off verification does. */
static void run_mc_fresh(long iterations)
{
	for (long i = 0; i < iterations; i++) {
		struct mc_arena a;
		mc_arena_init(&a, 0);
		parse_or_die(&a);
		mc_arena_release(&a);
	}
}

/* ---- jansson ---- */

#ifdef MC_HAVE_JANSSON
static void run_jansson(long iterations)
{
	for (long i = 0; i < iterations; i++) {
		json_error_t error;
		json_t *v = json_loadb(text, text_len, 0, &error);
		if (!v) {
			fprintf(stderr, "bench_json_parse: jansson failed: line %d, column %d: %s\n",
			        error.line, error.column, error.text);
			exit(2);
		}
		sink += json_object_size(v);
		json_decref(v);
	}
}
#endif

static void measure(struct variant *v, long iterations, int rounds)
{
	double per[MAX_ROUNDS];

	/* Warm-up: caches, branch predictors, the allocator's free lists, CPU clock. */
	long warm = iterations / 5 > 200 ? iterations / 5 : 200;
	v->run(warm);
	for (int r = 0; r < rounds; r++) {
		double t0 = now_s();
		v->run(iterations);
		per[r] = (now_s() - t0) * 1e6 / (double)iterations;
	}
	qsort(per, (size_t)rounds, sizeof(per[0]), cmp_double);
	v->median_us = per[rounds / 2];
	v->min_us = per[0];
	v->max_us = per[rounds - 1];
}

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: bench_json_parse [-n ITERATIONS] [-r ROUNDS] [FILE]\n"
	        "Times mc_json_parse against jansson's json_loadb on FILE (default %s).\n"
	        "  -n  parses per round (default 5000)\n"
	        "  -r  rounds; the median round is reported (default 7, odd, at most %d)\n"
	        "example: bench_json_parse -n 20000 -r 9 tests/vectors/interop/example-unsigned.json\n",
	        DEFAULT_FILE, MAX_ROUNDS);
}

int main(int argc, char **argv)
{
	long iterations = 5000;
	int rounds = 7;
	int c;
	static const struct option longopts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};

	while ((c = getopt_long(argc, argv, "n:r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n': iterations = strtol(optarg, NULL, 10); break;
		case 'r': rounds = (int)strtol(optarg, NULL, 10); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (iterations < 1 || rounds < 1 || rounds > MAX_ROUNDS || argc - optind > 1) {
		usage(stderr);
		return 2;
	}

	char path[4096];
	if (optind < argc)
		snprintf(path, sizeof(path), "%s", argv[optind]);
	else
		snprintf(path, sizeof(path), "%s/%s", MC_BENCH_SOURCE_DIR, DEFAULT_FILE);

	struct mc_buf file;
	struct mc_err err = {0};
	mc_buf_init(&file, 256u << 20);
	if (mc_buf_read_file(&file, path, &err) != 0) {
		fprintf(stderr, "bench_json_parse: %s\n", err.msg);
		return 3;
	}
	text = file.ptr;
	text_len = file.len;
	mc_arena_init(&reused, 0);

	struct variant variants[] = {
	    {"microcred mc_json_parse, cleared arena", run_mc_cleared, 0, 0, 0},
	    {"microcred mc_json_parse, fresh arena", run_mc_fresh, 0, 0, 0},
#ifdef MC_HAVE_JANSSON
	    {"jansson " JANSSON_VERSION " json_loadb", run_jansson, 0, 0, 0},
#endif
	};
	size_t nv = sizeof(variants) / sizeof(variants[0]);

	printf("file: %s (%zu bytes)\n", path, text_len);
	printf("%ld parses per round, %d rounds, median round reported (min..max in brackets)\n", iterations,
	       rounds);
	for (size_t i = 0; i < nv; i++) {
		struct variant *v = &variants[i];
		measure(v, iterations, rounds);
		printf("%-42s %9.2f µs/parse  [%.2f..%.2f]  %10.0f parses/s  %7.1f MB/s\n", v->name,
		       v->median_us, v->min_us, v->max_us, 1e6 / v->median_us,
		       (double)text_len / v->median_us);
	}
#ifdef MC_HAVE_JANSSON
	printf("ratio jansson / microcred (cleared arena): %.2fx\n",
	       variants[2].median_us / variants[0].median_us);
	printf("ratio jansson / microcred (fresh arena):   %.2fx\n",
	       variants[2].median_us / variants[1].median_us);
#else
	printf("jansson: not built in (libjansson-dev not found when configuring); no ratio\n");
#endif
	mc_arena_release(&reused);
	mc_buf_release(&file);
	return 0;
}
