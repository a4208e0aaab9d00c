/* RDFC-1.0 speed: canonicalizes N-Quads N times and prints microseconds per call.
 *
 * usage: bench_rdfc [FILE.nq [N]]
 *        bench_rdfc FILE.json [N]     (a JSON-LD document: times every phase of
 *                                      mc_jsonld_canonize, e.g. on
 *                                      ../shared/interop/example-unsigned.json)
 * Default input: bench/data/rdfc-ob3-example.nq — the 57 quads of the interop
 * harness's OB 3.0 example credential (node canon.mjs example-unsigned.json), with
 * its blank nodes relabeled and its lines shuffled, so the work is that of a
 * credential fresh from JSON-LD to RDF. Reports parse, canonicalize (the RDFC part
 * of the Data Integrity path) and parse+canonicalize separately. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/json.h"
#include "microcred/jsonld.h"
#include "microcred/rdf.h"

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); /* CPU time: stable on a busy machine */
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* JSON-LD → canonical N-Quads, phase by phase, with Data Integrity options. */
static int bench_jsonld(const char *path, const struct mc_buf *text, long n)
{
	const struct mc_jsonld_opts jo = {.safe = true,
	                                  .rdf_direction = MC_JSONLD_RDF_DIRECTION_I18N_DATATYPE};
	struct mc_arena a;
	struct mc_buf out;
	struct mc_err err = {0};
	double t[5] = {0};
	size_t nquads = 0, out_len = 0;

	mc_arena_init(&a, 0);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	for (long i = -n / 10 - 1; i < n; i++) { /* negative i: warm-up */
		struct mc_json *doc, *expanded;
		struct mc_rdf_dataset ds = {0};
		mc_arena_clear(&a);
		mc_buf_clear(&out);
		double t0 = now();
		if (mc_json_parse(&a, text->ptr, text->len, NULL, &doc, &err) != 0)
			goto fail;
		double t1 = now();
		if (mc_jsonld_expand(&a, doc, &jo, &expanded, &err) != 0)
			goto fail;
		double t2 = now();
		if (mc_jsonld_to_rdf(&a, expanded, &jo, &ds, &err) != 0)
			goto fail;
		double t3 = now();
		if (mc_rdfc_canonize(&a, &ds, NULL, &out, NULL, &err) != 0)
			goto fail;
		double t4 = now();
		if (i >= 0) {
			t[0] += t1 - t0, t[1] += t2 - t1, t[2] += t3 - t2, t[3] += t4 - t3, t[4] += t4 - t0;
		}
		nquads = ds.len;
		out_len = out.len;
	}
	printf("bench_rdfc: %s: JSON-LD, %zu quads, %zu bytes canonical, %ld runs\n", path, nquads, out_len,
	       n);
	printf("  JSON parse             %8.2f us\n", t[0] / (double)n * 1e6);
	printf("  JSON-LD expand         %8.2f us\n", t[1] / (double)n * 1e6);
	printf("  JSON-LD to RDF         %8.2f us\n", t[2] / (double)n * 1e6);
	printf("  RDFC-1.0 canonicalize  %8.2f us\n", t[3] / (double)n * 1e6);
	printf("  total                  %8.2f us\n", t[4] / (double)n * 1e6);
	mc_arena_release(&a);
	mc_buf_release(&out);
	return 0;
fail:
	fprintf(stderr, "bench_rdfc: %s: %s\n", path, err.msg);
	return 1;
}

int main(int argc, char **argv)
{
	char def[4096];
	const char *path = argc > 1 ? argv[1] : NULL;
	long n = argc > 2 ? atol(argv[2]) : 100000;
	struct mc_buf text, out;
	struct mc_err err = {0};
	struct mc_arena a, scratch;
	struct mc_rdf_dataset ds = {0};

	if (!path) {
		/* The data sits next to this source file. */
		const char *slash = strrchr(__FILE__, '/');
		int dir = slash ? (int)(slash - __FILE__) : 1;
		snprintf(def, sizeof(def), "%.*s/data/rdfc-ob3-example.nq", dir, slash ? __FILE__ : ".");
		path = def;
	}
	if (n <= 0)
		n = 1;
	mc_buf_init(&text, 64 << 20);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	if (mc_buf_read_file(&text, path, &err) != 0) {
		fprintf(stderr, "bench_rdfc: %s\n", err.msg);
		return 1;
	}
	if (ends_with(path, ".json") || ends_with(path, ".jsonld")) {
		int rc = bench_jsonld(path, &text, n);
		mc_buf_release(&text);
		return rc;
	}
	mc_arena_init(&a, 0);
	mc_arena_init(&scratch, 0);
	if (mc_nquads_parse(&a, text.ptr, text.len, &ds, &err) != 0 ||
	    mc_rdfc_canonize(&scratch, &ds, NULL, &out, NULL, &err) != 0) {
		fprintf(stderr, "bench_rdfc: %s: %s\n", path, err.msg);
		return 1;
	}
	size_t out_len = out.len;

	/* Warm up, then time each phase. */
	for (long i = 0; i < n / 10 + 1; i++) {
		mc_arena_clear(&scratch);
		mc_buf_clear(&out);
		mc_rdfc_canonize(&scratch, &ds, NULL, &out, NULL, &err);
	}
	double t0 = now();
	for (long i = 0; i < n; i++) {
		struct mc_rdf_dataset d2 = {0};
		mc_arena_clear(&scratch);
		mc_nquads_parse(&scratch, text.ptr, text.len, &d2, &err);
	}
	double t_parse = (now() - t0) / (double)n;

	t0 = now();
	for (long i = 0; i < n; i++) {
		mc_arena_clear(&scratch);
		mc_buf_clear(&out);
		if (mc_rdfc_canonize(&scratch, &ds, NULL, &out, NULL, &err) != 0 || out.len != out_len) {
			fprintf(stderr, "bench_rdfc: run %ld differs: %s\n", i, err.msg);
			return 1;
		}
	}
	double t_canon = (now() - t0) / (double)n;

	t0 = now();
	for (long i = 0; i < n; i++) {
		struct mc_rdf_dataset d2 = {0};
		mc_arena_clear(&scratch);
		mc_buf_clear(&out);
		mc_nquads_parse(&scratch, text.ptr, text.len, &d2, &err);
		mc_rdfc_canonize(&scratch, &d2, NULL, &out, NULL, &err);
	}
	double t_both = (now() - t0) / (double)n;

	printf("bench_rdfc: %s: %zu quads, %zu bytes canonical, %ld runs\n", path, ds.len, out_len, n);
	printf("  parse N-Quads          %8.2f us\n", t_parse * 1e6);
	printf("  RDFC-1.0 canonicalize  %8.2f us\n", t_canon * 1e6);
	printf("  parse + canonicalize   %8.2f us\n", t_both * 1e6);
	mc_arena_release(&a);
	mc_arena_release(&scratch);
	mc_buf_release(&text);
	mc_buf_release(&out);
	return 0;
}
