/* Bulk award throughput: N CSV rows awarded through mc_bulk_award_csv into a fresh
 * SQLite database (one transaction, one eddsa-rdfc-2022 signature per row), then
 * the same file again (every row skipped: the resume path). Prints wall time,
 * rows/s, and the process's peak RSS.
 *
 *   bench_bulk_award [-n ROWS] [-k] [DIR]
 *
 * DIR (default /tmp) holds the temporary database, removed afterwards unless -k. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "microcred/app.h"
#include "microcred/bulk.h"
#include "microcred/issuer.h"

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static long peak_rss_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* CPU seconds (user + system) of this process: on a busy machine wall time also
 * counts other processes' turns. */
static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void die(const char *what, const struct mc_err *err)
{
	fprintf(stderr, "bench_bulk_award: %s: %s\n", what, err->msg);
	exit(1);
}

int main(int argc, char **argv)
{
	long rows = 10000;
	int keep = 0, opt;
	while ((opt = getopt(argc, argv, "n:k")) != -1) {
		if (opt == 'n')
			rows = strtol(optarg, NULL, 10);
		else if (opt == 'k')
			keep = 1;
		else {
			fprintf(stderr, "usage: bench_bulk_award [-n ROWS] [-k] [DIR]\n");
			return 2;
		}
	}
	const char *dir = optind < argc ? argv[optind] : "/tmp";
	char path[512], p2[600];
	snprintf(path, sizeof(path), "%s/mc-bench-bulk-%d.db", dir, (int)getpid());

	struct mc_app app;
	struct mc_err err = {0};
	struct mc_arena a;
	mc_arena_init(&a, 0);
	if (mc_app_open(&app, path, "https://badges.example.edu", &err) || mc_app_init(&app, NULL, &err))
		die("open", &err);
	struct mc_issuer *is;
	struct mc_issuer_input in = {
	    .name = "Bench University", .url = "https://example.edu", .country = "DE"};
	if (mc_issuer_create(&app, &a, &in, &is, &err))
		die("issuer", &err);
	/* A published micro-credential, written directly (the catalogue's publishing
	 * rules are not what is measured). */
	char *sql = mc_arena_printf(
	    &a,
	    "INSERT INTO achievements (id, issuer_id, slug, title, description, criteria, tags, "
	    "language, state, validity_months, created_at, updated_at) VALUES ('bench-a', '%s', "
	    "'data-analysis', 'Data Analysis with Python', 'Cleans, analyses and visualises data.', "
	    "'Pass the final project.', '[\"python\"]', 'en', 'published', 36, "
	    "'2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')",
	    is->id);
	if (mc_db_exec_script(app.db, sql, &err))
		die("achievement", &err);

	struct mc_buf csv;
	mc_buf_init(&csv, MC_BUF_NOLIMIT);
	mc_buf_puts(&csv, "email,name,micro_credential,evidence_url,date\r\n");
	for (long i = 0; i < rows; i++)
		mc_buf_printf(&csv,
		              "learner%ld@example.com,\"Learner %ld, "
		              "Jr.\",data-analysis,https://example.edu/e/%ld,2025-01-15\r\n",
		              i, i, i);

	long rss0 = peak_rss_kib();
	struct mc_bulk_result res;
	double t0 = now_s(), c0 = cpu_s();
	if (mc_bulk_award_csv(&app, &a, csv.ptr, csv.len, NULL, &res, &err))
		die("bulk award", &err);
	double t1 = now_s(), c1 = cpu_s();
	long rss1 = peak_rss_kib();
	if (res.awarded != (size_t)rows || res.failed) {
		fprintf(stderr, "bench_bulk_award: awarded %zu of %ld rows, %zu failed (%s)\n", res.awarded,
		        rows, res.failed, res.n_errors ? res.errors[0].message : "");
		return 1;
	}
	struct mc_arena a2;
	mc_arena_init(&a2, 0);
	double t2 = now_s();
	if (mc_bulk_award_csv(&app, &a2, csv.ptr, csv.len, NULL, &res, &err))
		die("bulk award (resume)", &err);
	double t3 = now_s();
	if (res.skipped != (size_t)rows) {
		fprintf(stderr, "bench_bulk_award: the re-run skipped %zu of %ld rows\n", res.skipped, rows);
		return 1;
	}
	printf("bulk award: %ld CSV rows (%.1f MB) in %.2f s wall = %.0f rows/s, %.0f us/row; CPU %.2f s "
	       "(%.0f us/row); peak RSS %.1f MiB (%.1f MiB before the run)\n",
	       rows, (double)csv.len / 1e6, t1 - t0, (double)rows / (t1 - t0), (t1 - t0) / (double)rows * 1e6,
	       c1 - c0, (c1 - c0) / (double)rows * 1e6, (double)rss1 / 1024.0, (double)rss0 / 1024.0);
	printf("bulk award re-run (all rows already awarded, skipped): %.2f s\n", t3 - t2);
	mc_buf_release(&csv);
	mc_arena_release(&a2);
	mc_arena_release(&a);
	mc_app_close(&app);
	if (!keep) {
		unlink(path);
		snprintf(p2, sizeof(p2), "%s-wal", path);
		unlink(p2);
		snprintf(p2, sizeof(p2), "%s-shm", path);
		unlink(p2);
	} else {
		printf("database kept: %s\n", path);
	}
	return 0;
}
