/* Encoding benchmark: the text forms every signature and key goes through.
 *
 *   bench_encoding [-n ITERATIONS] [-r ROUNDS]
 *
 * Times base58btc, base64url and hex encode and decode of a 64-byte value (an
 * Ed25519 signature, as proofValue carries it) and base58btc of a 34-byte value
 * (a multicodec Ed25519 public key, as in did:key). Warm-up, then the median of
 * ROUNDS rounds timed with CLOCK_MONOTONIC. */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "microcred/buf.h"
#include "microcred/encoding.h"
#include "microcred/err.h"

#define MAX_ROUNDS 101

static volatile uint64_t sink;
static unsigned char value[64];
static size_t value_len;
static char text[256];
static size_t text_len;

typedef int (*encode_fn)(struct mc_buf *, const void *, size_t);
typedef int (*decode_fn)(struct mc_buf *, const char *, size_t, struct mc_err *);

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

static struct mc_buf out;

static void run_encode(encode_fn enc, long n)
{
	for (long i = 0; i < n; i++) {
		mc_buf_clear(&out);
		if (enc(&out, value, value_len) != 0)
			exit(2);
		sink += out.len;
	}
}

static void run_decode(decode_fn dec, long n)
{
	for (long i = 0; i < n; i++) {
		struct mc_err err;
		mc_buf_clear(&out);
		if (dec(&out, text, text_len, &err) != 0) {
			fprintf(stderr, "bench_encoding: %s\n", err.msg);
			exit(2);
		}
		sink += out.len;
	}
}

/* Median ns per operation over rounds of n operations. */
static double measure(encode_fn enc, decode_fn dec, long n, int rounds)
{
	double per[MAX_ROUNDS];
	if (enc)
		run_encode(enc, n / 5 + 100);
	else
		run_decode(dec, n / 5 + 100);
	for (int r = 0; r < rounds; r++) {
		double t0 = now_s();
		if (enc)
			run_encode(enc, n);
		else
			run_decode(dec, n);
		per[r] = (now_s() - t0) * 1e9 / (double)n;
	}
	qsort(per, (size_t)rounds, sizeof(per[0]), cmp_double);
	return per[rounds / 2];
}

static void bench(const char *name, encode_fn enc, decode_fn dec, size_t len, long n, int rounds)
{
	value_len = len;
	for (size_t i = 0; i < len; i++)
		value[i] = (unsigned char)(i * 167 + 13);
	if (len == 34) {
		value[0] = 0xed; /* multicodec ed25519-pub, as did:key starts */
		value[1] = 0x01;
	}
	mc_buf_clear(&out);
	enc(&out, value, len);
	memcpy(text, out.ptr, out.len);
	text_len = out.len;
	double e = measure(enc, NULL, n, rounds);
	double d = measure(NULL, dec, n, rounds);
	printf("%-10s %2zu bytes -> %3zu chars   encode %8.1f ns  (%9.0f/s)   decode %8.1f ns  (%9.0f/s)\n",
	       name, len, text_len, e, 1e9 / e, d, 1e9 / d);
}

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: bench_encoding [-n ITERATIONS] [-r ROUNDS]\n"
	        "  -n  operations per round (default 200000)\n"
	        "  -r  rounds; the median is reported (default 7, at most %d)\n"
	        "example: bench_encoding -n 100000 -r 5\n",
	        MAX_ROUNDS);
}

int main(int argc, char **argv)
{
	long n = 200000;
	int rounds = 7, c;
	static const struct option longopts[] = {{"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};

	while ((c = getopt_long(argc, argv, "n:r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n': n = strtol(optarg, NULL, 10); break;
		case 'r': rounds = (int)strtol(optarg, NULL, 10); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (n < 1 || rounds < 1 || rounds > MAX_ROUNDS || optind != argc) {
		usage(stderr);
		return 2;
	}
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	printf("%ld operations per round, %d rounds, median reported\n", n, rounds);
	bench("base58btc", mc_base58btc_encode, mc_base58btc_decode, 64, n, rounds);
	bench("base58btc", mc_base58btc_encode, mc_base58btc_decode, 34, n, rounds);
	bench("base64url", mc_base64url_encode, mc_base64url_decode, 64, n, rounds);
	bench("hex", mc_hex_encode, mc_hex_decode, 64, n, rounds);
	mc_buf_release(&out);
	return 0;
}
