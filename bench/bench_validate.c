/* Credential model benchmark: mc_credential_validate on a parsed credential (the
 * parse is outside the timing; bench_json_parse measures it).
 *
 *   bench_validate [-n ITERATIONS] [-r ROUNDS] [FILE]
 *
 * ROUNDS rounds of ITERATIONS validations, CLOCK_MONOTONIC; prints the median round
 * per validation. Default input: the interop example (3.5 KB OpenBadgeCredential). */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "microcred/credential.h"

#ifndef MC_BENCH_SOURCE_DIR
#define MC_BENCH_SOURCE_DIR "."
#endif
#define DEFAULT_FILE "tests/vectors/interop/example-unsigned.json"
#define MAX_ROUNDS 101

static volatile size_t sink;

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

int main(int argc, char **argv)
{
	long iters = 20000, rounds = 21;
	int opt;
	while ((opt = getopt(argc, argv, "n:r:h")) != -1) {
		switch (opt) {
		case 'n': iters = atol(optarg); break;
		case 'r': rounds = atol(optarg); break;
		default:
			fprintf(
			    stderr,
			    "usage: bench_validate [-n ITERATIONS] [-r ROUNDS] [FILE]\n"
			    "example: bench_validate -n 50000 tests/vectors/interop/example-unsigned.json\n");
			return opt == 'h' ? 0 : 2;
		}
	}
	if (iters < 1 || rounds < 1 || rounds > MAX_ROUNDS) {
		fprintf(stderr, "bench_validate: -n must be >= 1 and -r within 1..%d\n", MAX_ROUNDS);
		return 2;
	}
	const char *file = optind < argc ? argv[optind] : DEFAULT_FILE;
	struct mc_buf b;
	struct mc_err err = {0};
	struct mc_arena a;
	struct mc_json *cred;
	mc_buf_init(&b, 64u << 20);
	if (mc_buf_read_file(&b, file, &err) != 0) {
		fprintf(stderr, "bench_validate: %s\n", err.msg);
		return 3;
	}
	mc_arena_init(&a, 0);
	if (mc_json_parse(&a, b.ptr, b.len, NULL, &cred, &err) != 0) {
		fprintf(stderr, "bench_validate: %s: %s\n", file, err.msg);
		return 2;
	}
	struct mc_problems p;
	mc_problems_init(&p, &a);
	mc_credential_validate(cred, NULL, &p, NULL);
	printf("%s: %zu bytes, %zu errors, %zu warnings\n", file, b.len, p.errors, p.warnings);
	double per[MAX_ROUNDS];
	for (long r = 0; r < rounds; r++) {
		double t0 = now_s();
		for (long i = 0; i < iters; i++) {
			mc_problems_init(&p, &a);
			mc_credential_validate(cred, NULL, &p, NULL);
			sink += p.errors + p.warnings;
		}
		per[r] = (now_s() - t0) / (double)iters;
		mc_arena_clear(&a);
		/* The tree lives in the arena: re-parse after clearing. */
		if (mc_json_parse(&a, b.ptr, b.len, NULL, &cred, &err) != 0)
			return 2;
	}
	qsort(per, (size_t)rounds, sizeof per[0], cmp_double);
	printf("mc_credential_validate: %.3f us per credential (median of %ld rounds of %ld)\n",
	       per[rounds / 2] * 1e6, rounds, iters);
	mc_buf_release(&b);
	mc_arena_release(&a);
	return 0;
}
