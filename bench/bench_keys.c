/* Signature benchmark: the verify rates the credential engine is measured against.
 *
 *   bench_keys [-n ITERATIONS] [-r ROUNDS]
 *
 * Times, on a 64-byte message (the size eddsa-rdfc-2022 signs: two SHA-256 hashes):
 * Ed25519 verify straight through libsodium (the floor), through mc_key_verify, and
 * with the key taken from a did:key string each time (mc_did_key_decode, no
 * allocation, then verify); ES256 and RS256 (2048) verify; and signing for each
 * type. Warm-up, then the median of ROUNDS rounds timed with CLOCK_MONOTONIC. */
#include <getopt.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "microcred/buf.h"
#include "microcred/did.h"
#include "microcred/keys.h"

#define MAX_ROUNDS 101

static volatile uint64_t sink;
static unsigned char msg[64];
static struct mc_key keys[3];
static unsigned char sigs[3][MC_KEY_SIG_MAX];
static size_t sig_lens[3];
static char did[128];

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

static void raw_ed25519(long n)
{
	for (long i = 0; i < n; i++)
		sink += crypto_sign_verify_detached(sigs[0], msg, sizeof(msg), keys[0].pub) == 0;
}

static void key_verify(int which, long n)
{
	for (long i = 0; i < n; i++)
		sink +=
		    mc_key_verify(&keys[which], msg, sizeof(msg), sigs[which], sig_lens[which], NULL) == 0;
}

static void mc_ed25519(long n)
{
	key_verify(0, n);
}

static void mc_es256(long n)
{
	key_verify(1, n);
}

static void mc_rs256(long n)
{
	key_verify(2, n);
}

static void didkey_ed25519(long n)
{
	size_t len = strlen(did);
	for (long i = 0; i < n; i++) {
		struct mc_did_key dk;
		if (mc_did_key_decode(did, len, &dk, NULL) != 0)
			exit(2);
		sink += mc_ed25519_verify(dk.bytes, msg, sizeof(msg), sigs[0]) == 0;
	}
}

static void sign_with(int which, long n)
{
	unsigned char sig[MC_KEY_SIG_MAX];
	size_t len;
	for (long i = 0; i < n; i++) {
		if (mc_key_sign(&keys[which], msg, sizeof(msg), sig, &len, NULL) != 0)
			exit(2);
		sink += sig[0];
	}
}

static void sign_ed25519(long n)
{
	sign_with(0, n);
}

static void sign_es256(long n)
{
	sign_with(1, n);
}

static void sign_rs256(long n)
{
	sign_with(2, n);
}

static double measure(const char *label, void (*fn)(long), long n, int rounds)
{
	double t[MAX_ROUNDS];
	fn(n / 5 > 50 ? n / 5 : 50);
	for (int r = 0; r < rounds; r++) {
		double t0 = now_s();
		fn(n);
		t[r] = (now_s() - t0) / (double)n;
	}
	qsort(t, (size_t)rounds, sizeof(t[0]), cmp_double);
	double med = t[rounds / 2];
	printf("%-44s %9.2f µs/op  [%.2f..%.2f]  %10.0f ops/s\n", label, med * 1e6, t[0] * 1e6,
	       t[rounds - 1] * 1e6, 1.0 / med);
	return med;
}

int main(int argc, char **argv)
{
	long n = 5000;
	int rounds = 7, c;

	while ((c = getopt(argc, argv, "n:r:h")) != -1) {
		switch (c) {
		case 'n': n = atol(optarg); break;
		case 'r': rounds = atoi(optarg); break;
		default:
			printf("usage: bench_keys [-n ITERATIONS] [-r ROUNDS]\n"
			       "Example: bench_keys -n 2000 -r 5\n");
			return c == 'h' ? 0 : 2;
		}
	}
	if (n < 1 || rounds < 1 || rounds > MAX_ROUNDS) {
		fprintf(stderr, "bench_keys: -n must be >= 1 and -r between 1 and %d\n", MAX_ROUNDS);
		return 2;
	}
	randombytes_buf(msg, sizeof(msg));
	static const enum mc_key_type types[3] = {MC_KEY_ED25519, MC_KEY_P256, MC_KEY_RSA};
	for (int i = 0; i < 3; i++) {
		mc_key_init(&keys[i]);
		if (mc_key_generate(&keys[i], types[i], 2048, NULL) != 0 ||
		    mc_key_sign(&keys[i], msg, sizeof(msg), sigs[i], &sig_lens[i], NULL) != 0)
			return 3;
	}
	struct mc_buf b;
	mc_buf_init(&b, sizeof(did) - 1);
	mc_key_did_key(&keys[0], &b);
	memcpy(did, b.ptr, b.len + 1);
	mc_buf_release(&b);

	printf("%ld operations per round, %d rounds, median round reported (min..max in brackets)\n", n,
	       rounds);
	double floor = measure("Ed25519 verify, libsodium directly", raw_ed25519, n, rounds);
	double mk = measure("Ed25519 verify, mc_key_verify", mc_ed25519, n, rounds);
	double dk = measure("Ed25519 verify, key from did:key each time", didkey_ed25519, n, rounds);
	measure("ES256 verify, mc_key_verify", mc_es256, n / 2 > 0 ? n / 2 : 1, rounds);
	measure("RS256-2048 verify, mc_key_verify", mc_rs256, n, rounds);
	measure("Ed25519 sign", sign_ed25519, n, rounds);
	measure("ES256 sign", sign_es256, n / 2 > 0 ? n / 2 : 1, rounds);
	measure("RS256-2048 sign", sign_rs256, n / 20 > 0 ? n / 20 : 1, rounds);
	printf("overhead over libsodium: mc_key_verify %+.1f%%, did:key decode + verify %+.1f%%\n",
	       (mk / floor - 1) * 100, (dk / floor - 1) * 100);
	for (int i = 0; i < 3; i++)
		mc_key_release(&keys[i]);
	return sink == 0 ? 1 : 0;
}
