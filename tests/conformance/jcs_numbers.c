/* conformance/jcs-numbers: mc_jcs_format_double against JSON.stringify in Node.
 *
 * Generates doubles (targeted edge cases, then random bit patterns from a fixed
 * seed), writes their bit patterns as hex to a temporary file, runs
 * tests/conformance/jcs_numbers.mjs on it and compares Node's output line by line
 * with ours. Exit 0 when every line matches, 1 on any difference (the first ones
 * are printed), 77 (skip) when node is not installed.
 *
 * usage: conformance_jcs_numbers [COUNT]   (default 1,000,000, also in the
 * sanitizer build, where it takes about 5 s; env MC_JCS_NUMBERS=N overrides) */
#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "microcred/json.h"

struct gen {
	double *v;
	size_t len, cap;
};

static void add(struct gen *g, double d)
{
	if (!isfinite(d))
		return;
	if (g->len == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 4096;
		g->v = realloc(g->v, g->cap * sizeof(double));
		if (!g->v) {
			fprintf(stderr, "out of memory\n");
			exit(1);
		}
	}
	g->v[g->len++] = d;
}

static double from_bits(uint64_t u)
{
	double d;
	memcpy(&d, &u, sizeof(d));
	return d;
}

static uint64_t to_bits(double d)
{
	uint64_t u;
	memcpy(&u, &d, sizeof(u));
	return u;
}

/* d and its neighbours up to k ulps away on each side, both signs. */
static void add_around(struct gen *g, double d, int k)
{
	double up = d, down = d;
	add(g, d);
	add(g, -d);
	for (int i = 0; i < k; i++) {
		up = nextafter(up, INFINITY);
		down = nextafter(down, -INFINITY);
		add(g, up);
		add(g, -up);
		add(g, down);
		add(g, -down);
	}
}

static uint64_t rng_state = 0x9e3779b97f4a7c15u;

static uint64_t rng(void)
{
	/* xorshift64*: deterministic, good enough to spread bit patterns. */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1du;
}

static void targeted(struct gen *g)
{
	/* Zero, subnormals, the normal boundary, the largest values. */
	add(g, 0.0);
	add(g, -0.0);
	for (uint64_t i = 1; i <= 2000; i++)
		add(g, from_bits(i));
	for (uint64_t i = 0; i < 2000; i++) /* the smallest normals and the subnormals below */
		add(g, from_bits(0x0010000000000000u + i)), add(g, from_bits(0x0010000000000000u - 1 - i));
	for (int i = 0; i < 5000; i++)
		add(g, from_bits(rng() & 0x000fffffffffffffu)); /* random subnormals */
	add_around(g, DBL_MIN, 5);
	add_around(g, DBL_MAX, 5);
	add_around(g, DBL_EPSILON, 3);

	/* Powers of two over the whole exponent range, and their neighbours. */
	for (int e = -1074; e <= 1023; e++)
		add_around(g, ldexp(1.0, e), 2);

	/* Powers of ten as written in JSON ("1eX" through strtod), and neighbours; also
	 * 2..9 x 10^X, which exercise the one-digit exponent form. */
	for (int e = -324; e <= 308; e++) {
		char s[32];
		snprintf(s, sizeof(s), "1e%d", e);
		add_around(g, strtod(s, NULL), 3);
		for (int m = 2; m <= 9; m++) {
			snprintf(s, sizeof(s), "%de%d", m, e);
			add(g, strtod(s, NULL));
		}
		snprintf(s, sizeof(s), "1.5e%d", e);
		add(g, strtod(s, NULL));
	}

	/* Integers near 2^53 (where doubles stop being dense in the integers), 2^63,
	 * 2^64, and the 1e21 switch to exponent form. */
	for (int i = -1000; i <= 1000; i++) {
		add(g, 9007199254740992.0 + i);
		add(g, -9007199254740992.0 + i);
		add(g, 18014398509481984.0 + 2.0 * i);
	}
	add_around(g, 9223372036854775808.0, 10);
	add_around(g, 18446744073709551616.0, 10);
	add_around(g, 1e21, 100);
	add_around(g, 1e20, 20);
	add_around(g, 999999999999999900000.0, 10);
	/* The other layout switches: 1e-6 / 1e-7 and 1. */
	add_around(g, 1e-6, 100);
	add_around(g, 1e-7, 20);
	add_around(g, 1.0, 20);
	add_around(g, 0.5, 5);

	/* Values people type, and arithmetic that famously does not round-trip short. */
	add(g, 0.1 + 0.2);
	add(g, 0.1 * 3);
	add(g, 1.0 / 3);
	add(g, 2.0 / 3);
	add(g, 100.0 / 3);
	add(g, 1.1 * 1.1);
	add(g, 4.35 * 100);
	add(g, 1424953923781206.25);
	add(g, 333333333.33333329);
	for (int i = 1; i < 10000; i++) {
		add(g, i / 10.0);
		add(g, i / 100.0);
		add(g, i / 1000.0);
		add(g, i * 0.01);
		add(g, i * 1e15);
		add(g, i * 1e-10);
	}
	for (int j = 0; j <= 22; j++)
		for (int i = 1; i <= 100; i++)
			add(g, (double)i / pow(10, j));

	/* Random integers of every magnitude below 2^64, and random decimals of up to
	 * 17 digits with a moderate exponent (the shapes of real documents). */
	for (int i = 0; i < 20000; i++) {
		uint64_t u = rng() >> (rng() % 64);
		add(g, (double)u);
		add(g, -(double)u);
	}
	for (int i = 0; i < 20000; i++) {
		char s[64];
		uint64_t scale = 10;
		for (int d = (int)(rng() % 17); d > 0; d--)
			scale *= 10;
		snprintf(s, sizeof(s), "%" PRIu64 "e%d", rng() % scale, (int)(rng() % 61) - 30);
		add(g, strtod(s, NULL));
	}
	/* Random mantissas with exponents around 1 (the fixed-point layouts). */
	for (int i = 0; i < 20000; i++) {
		uint64_t exp = 1023 - 30 + rng() % 110;
		add(g, from_bits((exp << 52) | (rng() & 0x000fffffffffffffu)));
	}
}

int main(int argc, char **argv)
{
	size_t count = 1000000;
	const char *env = getenv("MC_JCS_NUMBERS");
	if (argc > 1)
		count = strtoull(argv[1], NULL, 10);
	else if (env && *env)
		count = strtoull(env, NULL, 10);

	const char *node = getenv("MC_NODE");
	if (!node || !*node)
		node = "node";
	char cmd[4096];
	snprintf(cmd, sizeof(cmd), "%s --version >/dev/null 2>&1", node);
	if (system(cmd) != 0) {
		printf("SKIP: node is not installed (or MC_NODE=%s does not run); conformance/jcs-numbers "
		       "compares with Node's JSON.stringify\n",
		       node);
		return 77;
	}
	const char *src = getenv("MC_SOURCE_DIR");
	char script[2048];
	snprintf(script, sizeof(script), "%s/tests/conformance/jcs_numbers.mjs", src && *src ? src : ".");
	if (access(script, R_OK) != 0) {
		fprintf(stderr, "FAIL: cannot read %s (set MC_SOURCE_DIR to the project root)\n", script);
		return 1;
	}

	struct gen g = {0};
	targeted(&g);
	size_t n_targeted = g.len;
	while (g.len < count) {
		double d = from_bits(rng());
		if (isfinite(d))
			add(&g, d);
	}
	if (g.len > count && count >= n_targeted)
		g.len = count;

	char path[] = "/tmp/mc-jcs-numbers-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!f) {
		fprintf(stderr, "FAIL: cannot create a temporary file in /tmp\n");
		return 1;
	}
	for (size_t i = 0; i < g.len; i++)
		fprintf(f, "%016" PRIx64 "\n", to_bits(g.v[i]));
	if (fclose(f) != 0) {
		fprintf(stderr, "FAIL: cannot write %s\n", path);
		unlink(path);
		return 1;
	}

	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	snprintf(cmd, sizeof(cmd), "'%s' '%s' '%s'", node, script, path);
	FILE *p = popen(cmd, "r");
	if (!p) {
		fprintf(stderr, "FAIL: cannot run %s\n", cmd);
		unlink(path);
		return 1;
	}
	char line[128], ours[32];
	size_t i = 0, bad = 0;
	double ours_ns = 0;
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		if (i >= g.len) {
			i++;
			continue;
		}
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		mc_jcs_format_double(g.v[i], ours);
		clock_gettime(CLOCK_MONOTONIC, &b);
		ours_ns += (double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec);
		if (strcmp(line, ours) != 0) {
			if (bad < 20)
				printf("DIFF #%zu bits %016" PRIx64 ": node %s, microcred %s\n", i,
				       to_bits(g.v[i]), line, ours);
			bad++;
		}
		i++;
	}
	int status = pclose(p);
	unlink(path);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;

	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "FAIL: %s exited abnormally (status %d)\n", cmd, status);
		return 1;
	}
	if (i != g.len) {
		fprintf(stderr, "FAIL: node printed %zu lines for %zu numbers\n", i, g.len);
		return 1;
	}
	printf("%zu doubles (%zu targeted, %zu random bit patterns): %zu differences from JSON.stringify; "
	       "%.0f ns per number in microcred, %.1f s in all\n",
	       g.len, n_targeted < g.len ? n_targeted : g.len, g.len > n_targeted ? g.len - n_targeted : 0,
	       bad, ours_ns / (double)g.len, secs);
	free(g.v);
	return bad ? 1 : 0;
}
