/* Transparency log benchmark: appending entries to the log in an SQLite file, then
 * signed tree heads, proofs and the audit at that size.
 *
 *   bench_tlog [-n ENTRIES] [-b BATCH] [-s SINGLE] [-p PROOFS] [--db PATH] [--keep]
 *
 *   -n  entries to append (default 1,000,000), BATCH per transaction (default 1000:
 *       a bulk award commits rows in batches; one award is one transaction)
 *   -s  further entries appended one per transaction, as single awards do (default
 *       2000), to show the per-transaction cost
 *   -p  inclusion and consistency proofs generated (and verified) at the final size
 *       (default 10000); median and 99th percentile per proof
 *   --db PATH  the SQLite file (default a temporary file, removed unless --keep)
 *
 * Reports time and rate of the appends, peak RSS, the database size, time to sign a
 * tree head, proof generation and verification times, and a full audit's time. */
#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "microcred/app.h"
#include "microcred/tlog.h"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU time of this process (user + system): on a busy machine the wall clock also
 * counts waiting for a core. */
static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
	       (double)ru.ru_stime.tv_usec * 1e-6;
}

static double peak_rss_mib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_maxrss / 1024.0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static void die(const char *what, const struct mc_err *err)
{
	fprintf(stderr, "bench_tlog: %s: %s\n", what, err->msg);
	exit(1);
}

struct batch {
	long from, n;
};

static void make_entry(long i, struct mc_tlog_entry *e, char id[64])
{
	snprintf(id, 64, "urn:uuid:0190b1c4-8c2e-7a1e-9a57-%012ld", i);
	e->type = MC_TLOG_ISSUE;
	e->credential_id = id;
	crypto_hash_sha256(e->sha256, (const unsigned char *)id, strlen(id));
	e->time = "2025-01-15T09:00:00Z";
}

static int append_batch(struct mc_app *app, void *p, struct mc_err *err)
{
	struct batch *b = p;
	for (long i = b->from; i < b->from + b->n; i++) {
		struct mc_tlog_entry e;
		char id[64];
		make_entry(i, &e, id);
		int rc = mc_tlog_append_tx(app, &e, NULL, err);
		if (rc)
			return rc;
	}
	return 0;
}

static uint64_t rnd_state = 88172645463325252ull;
static uint64_t rnd(uint64_t bound)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state % bound;
}

static void report_times(const char *what, double *t, long n)
{
	qsort(t, (size_t)n, sizeof(double), cmp_double);
	printf("  %-34s median %7.1f us   p99 %7.1f us   max %8.1f us   (%ld)\n", what, t[n / 2] * 1e6,
	       t[n * 99 / 100] * 1e6, t[n - 1] * 1e6, n);
}

int main(int argc, char **argv)
{
	long n = 1000000, batch = 1000, single = 2000, proofs = 10000;
	const char *db_path = NULL;
	int keep = 0, c;
	static const struct option opts[] = {{"db", required_argument, NULL, 'd'},
	                                     {"keep", no_argument, NULL, 'k'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	while ((c = getopt_long(argc, argv, "n:b:s:p:r:h", opts, NULL)) != -1) {
		switch (c) {
		case 'n': n = atol(optarg); break;
		case 'b': batch = atol(optarg); break;
		case 's': single = atol(optarg); break;
		case 'p': proofs = atol(optarg); break;
		case 'r': break; /* bench/run passes -r to every program; one round here */
		case 'd': db_path = optarg; break;
		case 'k': keep = 1; break;
		default:
			printf("usage: bench_tlog [-n ENTRIES] [-b BATCH] [-s SINGLE] [-p PROOFS] [--db "
			       "PATH] [--keep]\n"
			       "example: bench_tlog -n 1000000 -b 1000 -p 10000\n");
			return c == 'h' ? 0 : 2;
		}
	}
	if (n < 1 || batch < 1 || proofs < 1 || single < 0) {
		fprintf(stderr, "bench_tlog: -n, -b and -p must be positive\n");
		return 2;
	}
	char tmp[256];
	if (!db_path) {
		snprintf(tmp, sizeof(tmp), "/tmp/bench-tlog-%d.db", (int)getpid());
		db_path = tmp;
	}
	struct mc_app app;
	struct mc_err err = {0};
	if (mc_app_open(&app, db_path, "https://badges.example.org", &err))
		die("open", &err);

	printf("appending %ld entries in transactions of %ld to %s\n", n, batch, db_path);
	double t0 = now_s(), c0 = cpu_s();
	for (long from = 0; from < n; from += batch) {
		struct batch b = {from, from + batch <= n ? batch : n - from};
		if (mc_app_tx(&app, MC_TX_WRITE, append_batch, &b, &err))
			die("append", &err);
	}
	double t_append = now_s() - t0, c_append = cpu_s() - c0;
	printf("  %-34s %8.2f s   %9.0f entries/s   %6.2f us/entry   (CPU %.2f s, %.2f us/entry)\n",
	       "append (batched)", t_append, n / t_append, t_append / n * 1e6, c_append, c_append / n * 1e6);
	if (single > 0) {
		t0 = now_s();
		c0 = cpu_s();
		for (long i = 0; i < single; i++) {
			struct batch b = {n + i, 1};
			if (mc_app_tx(&app, MC_TX_WRITE, append_batch, &b, &err))
				die("append", &err);
		}
		double t = now_s() - t0, ct = cpu_s() - c0;
		printf("  %-34s %8.2f s   %9.0f entries/s   %6.1f us/entry   (CPU %.1f us/entry)\n",
		       "append (one per transaction)", t, single / t, t / single * 1e6, ct / single * 1e6);
	}
	long size = n + single;
	struct stat sb;
	double db_mib = stat(db_path, &sb) == 0 ? (double)sb.st_size / (1 << 20) : 0;
	printf("  %-34s %8.1f MiB   database %.1f MiB (%.0f bytes/entry)\n", "peak RSS after appends",
	       peak_rss_mib(), db_mib, db_mib * (1 << 20) / (double)size);

	struct mc_tlog_sth sth;
	t0 = now_s();
	if (mc_tlog_sth_update(&app, 0, &sth, NULL, &err))
		die("sth", &err);
	printf("  %-34s %8.1f us  (tree size %lld, first head: key made too)\n", "sign a tree head",
	       (now_s() - t0) * 1e6, (long long)sth.tree_size);

	/* Proofs at this size: generation from the stored tree, then verification. */
	double *tg = malloc(sizeof(double) * (size_t)proofs), *tv = malloc(sizeof(double) * (size_t)proofs),
	       *tc = malloc(sizeof(double) * (size_t)proofs);
	struct mc_arena a;
	mc_arena_init(&a, 0);
	size_t total_len = 0;
	for (long i = 0; i < proofs; i++) {
		int64_t idx = (int64_t)rnd((uint64_t)size);
		struct mc_tlog_path p;
		struct mc_tlog_leaf leaf;
		mc_arena_clear(&a);
		double s = now_s();
		if (mc_tlog_prove_inclusion(&app, idx, sth.tree_size, &p, &err))
			die("inclusion proof", &err);
		tg[i] = now_s() - s;
		total_len += p.len;
		if (mc_tlog_leaf_get(&app, &a, idx, &leaf, &err))
			die("leaf", &err);
		s = now_s();
		if (mc_tlog_verify_inclusion((uint64_t)idx, (uint64_t)sth.tree_size, leaf.leaf_hash, &p,
		                             sth.root, &err))
			die("verify inclusion", &err);
		tv[i] = now_s() - s;
		int64_t first = 1 + (int64_t)rnd((uint64_t)size);
		s = now_s();
		if (mc_tlog_prove_consistency(&app, first, sth.tree_size, &p, &err))
			die("consistency proof", &err);
		tc[i] = now_s() - s;
	}
	printf("proofs at tree size %lld (%.1f nodes per inclusion path on average):\n",
	       (long long)sth.tree_size, (double)total_len / (double)proofs);
	report_times("inclusion proof (generate)", tg, proofs);
	report_times("inclusion proof (verify)", tv, proofs);
	report_times("consistency proof (generate)", tc, proofs);

	/* The hook a verifier's check goes through: look-up by credential, proof, verify. */
	for (long i = 0; i < proofs && i < 2000; i++) {
		struct mc_tlog_entry e;
		struct mc_tlog_record rec;
		char id[64];
		make_entry((long)rnd((uint64_t)size), &e, id);
		mc_arena_clear(&a);
		double s = now_s();
		if (mc_tlog_check_credential(&app, &a, id, e.sha256, &rec, &err))
			die("check credential", &err);
		tg[i] = now_s() - s;
	}
	report_times("verify hook (mc_tlog_check_credential)", tg, proofs < 2000 ? proofs : 2000);

	struct mc_tlog_audit r;
	mc_arena_clear(&a);
	t0 = now_s();
	c0 = cpu_s();
	if (mc_tlog_audit_db(&app, &a, &sth, &r, &err))
		die("audit", &err);
	double t_audit = now_s() - t0;
	printf("  %-34s %8.2f s   %9.0f entries/s   (CPU %.2f s)   %s\n", "audit (replay everything)",
	       t_audit, size / t_audit, cpu_s() - c0, r.ok ? "passed" : "FAILED");
	printf("  %-34s %8.1f MiB\n", "peak RSS at the end", peak_rss_mib());
	mc_arena_release(&a);
	free(tg);
	free(tv);
	free(tc);
	mc_app_close(&app);
	if (!keep && db_path == tmp) {
		char p[300];
		unlink(tmp);
		snprintf(p, sizeof(p), "%s-wal", tmp);
		unlink(p);
		snprintf(p, sizeof(p), "%s-shm", tmp);
		unlink(p);
	}
	return r.ok ? 0 : 1;
}
