/* Benchmark: Data Integrity proofs on realistic Open Badges 3.0 credentials — the
 * verification rate against the raw Ed25519 verify rate (the floor: a verifier
 * cannot beat its signature check) and the signing rate.
 *
 * Makes N distinct credentials from the interop example (fresh id, subject and name
 * each), signs them with a did:key issuer key, and keeps them as JSON text. Then,
 * one credential at a time on one thread, times:
 *   - raw Ed25519 verify of 64 bytes (mc_ed25519_verify), N distinct messages and
 *     signatures, as a verifier meets them: the floor; also, for comparison, one
 *     message and signature verified over and over, which runs about 4% faster
 *     because the CPU learns the branches of libsodium's variable-time scalar
 *     multiplication for that one signature;
 *   - verify eddsa-rdfc-2022: parse the text + mc_proof_verify_all (did:key resolved
 *     locally, full report), arena cleared per credential;
 *   - verify eddsa-jcs-2022: the same with JCS proofs;
 *   - sign eddsa-rdfc-2022: parse + mc_proof_add + write the signed JSON.
 * Each phase: ROUNDS rounds of N, median round reported with [min..max].
 *
 * usage: bench_proof [-n N] [-r ROUNDS] [--js-verify RATE] [--js-sign RATE] [--only PHASE] [--template FILE]
 * (--only 0..6 runs one phase, for profiling). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/json.h"
#include "microcred/keys.h"
#include "microcred/proof.h"
#include "microcred/report.h"
#include "microcred/resolver.h"

#define NPHASES 7
#define DEFAULT_TEMPLATE "tests/vectors/interop/example-unsigned.json"

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

static void die(const char *what, const struct mc_err *err)
{
	fprintf(stderr, "bench_proof: %s: %s\n", what, err->msg);
	exit(1);
}

static void set_str(struct mc_arena *a, struct mc_json *obj, const char *key, const char *val)
{
	struct mc_json v;
	mc_json_set_string(a, &v, val, strlen(val));
	mc_json_object_set(a, obj, key, strlen(key), &v);
}

/* N signed credentials as JSON text. */
static char **make_signed(const struct mc_json *tmpl, const struct mc_key *key, const char *did,
                          enum mc_cryptosuite suite, int n)
{
	char **out = mc_xmalloc(sizeof(char *) * (size_t)n);
	struct mc_err err = {0};
	for (int i = 0; i < n; i++) {
		struct mc_arena a;
		char buf[256];
		mc_arena_init(&a, 0);
		struct mc_json *c = mc_json_copy(&a, tmpl);
		snprintf(buf, sizeof(buf), "urn:uuid:00000000-0000-4000-8000-%012d", i);
		set_str(&a, c, "id", buf);
		struct mc_json *issuer = (struct mc_json *)mc_json_get(c, "issuer");
		if (mc_json_is_object(issuer))
			set_str(&a, issuer, "id", did);
		struct mc_json *subj = (struct mc_json *)mc_json_get(c, "credentialSubject");
		snprintf(buf, sizeof(buf), "did:example:learner-%d", i);
		if (mc_json_is_object(subj))
			set_str(&a, subj, "id", buf);
		snprintf(buf, sizeof(buf), "%s (#%d)", mc_json_get_str(tmpl, "name"), i);
		set_str(&a, c, "name", buf);
		struct mc_proof_opts o = {.cryptosuite = suite, .created = "2025-01-15T09:00:00Z"};
		struct mc_json *s;
		if (mc_proof_add(&a, c, key, &o, &s, &err) != 0)
			die("sign", &err);
		struct mc_buf text;
		mc_buf_init(&text, MC_BUF_NOLIMIT);
		mc_json_write(&text, s, MC_JSON_COMPACT);
		out[i] = mc_buf_detach(&text, NULL);
		mc_arena_release(&a);
	}
	return out;
}

struct phase {
	const char *name;
	double median, min, max; /* operations per second */
};

static int verify_one(struct mc_arena *a, const struct mc_resolver *r, const char *text)
{
	struct mc_err err = {0};
	struct mc_json *doc;
	struct mc_report rep;
	mc_arena_clear(a);
	if (mc_json_parse(a, text, strlen(text), NULL, &doc, &err) != 0)
		die("parse", &err);
	mc_report_init(&rep, a);
	int rc = mc_proof_verify_all(a, doc, r, &rep, NULL, &err);
	if (rc != 0)
		die("verify", &err);
	return rc;
}

/* The parts of an rdfc verification the signature check does not need: parse, and
 * (with hash) the hash data the signature covers. */
static void hash_one(struct mc_arena *a, const char *text, bool hash)
{
	struct mc_err err = {0};
	struct mc_json *doc;
	unsigned char h[64];
	mc_arena_clear(a);
	if (mc_json_parse(a, text, strlen(text), NULL, &doc, &err) != 0)
		die("parse", &err);
	if (!hash)
		return;
	const struct mc_json *proof = mc_json_get(doc, "proof");
	struct mc_json *config = mc_json_copy(a, proof);
	mc_json_object_remove(config, "proofValue");
	mc_json_object_remove(doc, "proof");
	if (mc_proof_hash_data(a, MC_CRYPTOSUITE_EDDSA_RDFC_2022, doc, config, NULL, h, NULL, &err) != 0)
		die("hash", &err);
}

/* What one operation of each phase needs. */
static struct {
	struct mc_arena *a;
	const struct mc_resolver *resolver;
	const struct mc_key *key;
	char **rdfc, **jcs;
	const unsigned char *dmsg, *dsig, *msg, *sig;
} B;

/* One operation of phase p on credential (or message) i. */
static void run_one(int p, int i)
{
	struct mc_err err = {0};
	switch (p) {
	case 0:
		if (mc_ed25519_verify(B.key->pub, B.dmsg + 64 * (size_t)i, 64, B.dsig + 64 * (size_t)i) != 0)
			die("raw verify", &err);
		break;
	case 1: verify_one(B.a, B.resolver, B.rdfc[i]); break;
	case 2: verify_one(B.a, B.resolver, B.jcs[i]); break;
	case 3: {
		struct mc_json *doc, *s;
		struct mc_buf out;
		struct mc_proof_opts o = {.created = "2025-01-15T09:00:00Z"};
		mc_arena_clear(B.a);
		mc_json_parse(B.a, B.rdfc[i], strlen(B.rdfc[i]), NULL, &doc, &err);
		mc_json_object_remove(doc, "proof");
		if (mc_proof_add(B.a, doc, B.key, &o, &s, &err) != 0)
			die("sign", &err);
		mc_buf_init(&out, MC_BUF_NOLIMIT);
		mc_json_write(&out, s, MC_JSON_COMPACT);
		mc_buf_release(&out);
		break;
	}
	case 4:
	case 5: hash_one(B.a, B.rdfc[i], p == 5); break;
	default:
		if (mc_ed25519_verify(B.key->pub, B.msg, 64, B.sig) != 0)
			die("raw verify", &err);
	}
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"template", required_argument, NULL, 't'}, {"js-verify", required_argument, NULL, 'j'},
	    {"js-sign", required_argument, NULL, 's'},  {"only", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0},
	};
	const char *template_path = DEFAULT_TEMPLATE;
	int n = 1000, rounds = 5, only = -1, c;
	double js_verify = 0, js_sign = 0;
	while ((c = getopt_long(argc, argv, "n:r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'n': n = atoi(optarg); break;
		case 'r': rounds = atoi(optarg); break;
		case 't': template_path = optarg; break;
		case 'j': js_verify = atof(optarg); break;
		case 's': js_sign = atof(optarg); break;
		case 'o': only = atoi(optarg); break;
		default:
			printf(
			    "usage: bench_proof [-n N] [-r ROUNDS] [--js-verify RATE] [--js-sign RATE] "
			    "[--only PHASE] "
			    "[--template FILE]\n"
			    "Times Data Integrity verification (parse + verify all proofs, did:key) against\n"
			    "raw Ed25519 verification, and signing. --js-verify and --js-sign give the JS\n"
			    "reference's eddsa-rdfc-2022 rates (creds/s, from ../shared/interop bench.mjs)\n"
			    "to print the ratios. Run from the project root.\n"
			    "Example: bench_proof -n 1000 -r 5 --js-verify 279 --js-sign 271\n");
			return c == 'h' ? 0 : 2;
		}
	}
	if (n < 1 || rounds < 1) {
		fprintf(stderr, "bench_proof: -n and -r must be positive\n");
		return 2;
	}
	mc_malloc_keep_freed(); /* as the microcred program does */
	const char *quick = getenv("BENCH_QUICK");
	if (quick && *quick) {
		n = n < 50 ? n : 50;
		rounds = 1;
	}

	struct mc_err err = {0};
	struct mc_buf text;
	struct mc_arena ta, a;
	struct mc_json *tmpl;
	mc_buf_init(&text, MC_BUF_NOLIMIT);
	mc_arena_init(&ta, 0);
	if (mc_buf_read_file(&text, template_path, &err) != 0 ||
	    mc_json_parse(&ta, text.ptr, text.len, NULL, &tmpl, &err) != 0) {
		fprintf(stderr, "bench_proof: %s: %s (run from the project root)\n", template_path, err.msg);
		return 3;
	}
	static const unsigned char seed[32] = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
	                                       7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7};
	struct mc_key key;
	struct mc_buf did;
	mc_key_init(&key);
	mc_buf_init(&did, 256);
	if (mc_key_from_ed25519_seed(&key, seed, &err) != 0)
		die("key", &err);
	mc_key_did_key(&key, &did);
	char **rdfc = make_signed(tmpl, &key, did.ptr, MC_CRYPTOSUITE_EDDSA_RDFC_2022, n);
	char **jcs = make_signed(tmpl, &key, did.ptr, MC_CRYPTOSUITE_EDDSA_JCS_2022, n);

	struct mc_local_resolver lr;
	mc_local_resolver_init(&lr);
	struct mc_resolver resolver = mc_local_resolver(&lr);
	/* One chunk big enough for a whole verification, as a long-lived worker would keep
	 * (the default 4 KiB first chunk makes every clear free and re-malloc the rest). */
	mc_arena_init(&a, (size_t)256 * 1024);
	unsigned char msg[64], sig[64];
	size_t sig_len;
	memset(msg, 0x5a, sizeof(msg));
	mc_key_sign(&key, msg, sizeof(msg), sig, &sig_len, &err);
	/* N distinct 64-byte messages (the size of eddsa hash data) and their signatures */
	unsigned char *dmsg = mc_xmalloc(64 * (size_t)n), *dsig = mc_xmalloc(64 * (size_t)n);
	for (int i = 0; i < n; i++) {
		for (int k = 0; k < 64; k++)
			dmsg[64 * (size_t)i + (size_t)k] = (unsigned char)(i * 131 + k * 7 + (i >> 8));
		if (mc_key_sign(&key, dmsg + 64 * (size_t)i, 64, dsig + 64 * (size_t)i, &sig_len, &err) != 0)
			die("sign", &err);
	}

	B.a = &a;
	B.resolver = &resolver;
	B.key = &key;
	B.rdfc = rdfc;
	B.jcs = jcs;
	B.dmsg = dmsg;
	B.dsig = dsig;
	B.msg = msg;
	B.sig = sig;
	struct phase ph[NPHASES] = {{"raw Ed25519 verify (64 bytes, distinct)", 0, 0, 0},
	                            {"verify eddsa-rdfc-2022 (parse + all checks)", 0, 0, 0},
	                            {"verify eddsa-jcs-2022 (parse + all checks)", 0, 0, 0},
	                            {"sign eddsa-rdfc-2022 (parse + sign + write)", 0, 0, 0},
	                            {"  of which: parse the JSON text", 0, 0, 0},
	                            {"  of which: parse + canonicalize + SHA-256", 0, 0, 0},
	                            {"raw Ed25519 verify (one signature, repeated)", 0, 0, 0}};
	/* Rounds are interleaved (round r of every phase, then round r + 1), so a slow
	 * spell of the machine falls on all phases alike instead of on one. */
	double *rates = mc_xmalloc(sizeof(double) * (size_t)rounds * NPHASES);
	for (int r = -1; r < rounds; r++) {
		for (int p = 0; p < NPHASES; p++) {
			if (only >= 0 && p != only)
				continue;
			/* warm-up (r = -1): a fifth of a round */
			int count = r < 0 ? (n / 5 ? n / 5 : 1) : n;
			double t0 = now_s();
			for (int i = 0; i < count; i++)
				run_one(p, i);
			if (r >= 0)
				rates[p * rounds + r] = count / (now_s() - t0);
		}
	}
	for (int p = 0; p < NPHASES; p++) {
		if (only >= 0 && p != only)
			continue;
		double *pr = rates + p * rounds;
		qsort(pr, (size_t)rounds, sizeof(double), cmp_double);
		ph[p].median = pr[rounds / 2];
		ph[p].min = pr[0];
		ph[p].max = pr[rounds - 1];
	}

	printf("N=%d credentials per round, %d rounds; %zu bytes per rdfc credential\n", n, rounds,
	       strlen(rdfc[0]));
	for (int p = 0; p < NPHASES; p++)
		printf("%-46s %9.0f /s  %8.2f us  [%.0f..%.0f /s]\n", ph[p].name, ph[p].median,
		       1e6 / ph[p].median, ph[p].min, ph[p].max);
	printf("verify rdfc / raw Ed25519: %.1f%% (target >= 65%%; %.1f%% of the repeated-signature rate)\n",
	       100.0 * ph[1].median / ph[0].median, 100.0 * ph[1].median / ph[6].median);
	printf("verify jcs  / raw Ed25519: %.1f%%\n", 100.0 * ph[2].median / ph[0].median);
	if (js_verify > 0)
		printf("verify rdfc vs JS reference (%.0f /s): %.0fx (target >= 60x)\n", js_verify,
		       ph[1].median / js_verify);
	if (js_sign > 0)
		printf("sign rdfc vs JS reference (%.0f /s): %.0fx (target >= 60x)\n", js_sign,
		       ph[3].median / js_sign);

	for (int i = 0; i < n; i++) {
		free(rdfc[i]);
		free(jcs[i]);
	}
	free(rdfc);
	free(jcs);
	free(rates);
	free(dmsg);
	free(dsig);
	mc_local_resolver_release(&lr);
	mc_key_release(&key);
	mc_buf_release(&did);
	mc_buf_release(&text);
	mc_arena_release(&a);
	mc_arena_release(&ta);
	return 0;
}
