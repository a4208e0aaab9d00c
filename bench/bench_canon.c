/* Benchmark: RDFC-1.0 canonicalization of realistic Open Badges 3.0 credentials, the
 * work eddsa-rdfc-2022 does for every sign and verify.
 *
 * Builds N distinct credentials from the interop example exactly as
 * ../shared/interop/bench.mjs does (fresh id, issuer did:key, subject DID, salted
 * email hash, name, evidence id, status index), serialises each to JSON text, warms
 * up, then times, one credential at a time on one thread: parse the JSON text,
 * expand, convert to RDF, canonicalize (SHA-256). The JS reference's "canon" phase
 * starts from already-parsed objects, so this measures strictly more work.
 *
 * --stages also times the pipeline cumulatively (parse; + expand; + to RDF; + RDFC-1.0)
 * to show what each stage adds.
 *
 * usage: bench_canon [--json] [--stages] [--warmup K] [--template FILE] N */
#include <getopt.h>
#include <openssl/sha.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/encoding.h"
#include "microcred/id.h"
#include "microcred/json.h"
#include "microcred/jsonld.h"
#include "microcred/rdf.h"

#define DEFAULT_TEMPLATE "tests/vectors/canon-credentials/inputs/interop__example-unsigned.json"

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sha256_hex(const char *s, size_t n, char out[65])
{
	unsigned char d[32];
	SHA256((const unsigned char *)s, n, d);
	for (int i = 0; i < 32; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void set_str(struct mc_arena *a, struct mc_json *obj, const char *key, const char *val)
{
	struct mc_json v;
	mc_json_set_string(a, &v, val, strlen(val));
	mc_json_object_set(a, obj, key, strlen(key), &v);
}

/* The same edits as makeCredential() in bench.mjs. */
static char *make_credential(const struct mc_json *tmpl, int i, const char *issuer_id)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_json *c = mc_json_copy(&a, tmpl);
	char uuid[MC_UUID_STR_LEN + 1], buf[512], email[64], hex[65], salt[13];
	mc_uuid_v4(uuid);

	snprintf(buf, sizeof(buf), "urn:uuid:%s", uuid);
	set_str(&a, c, "id", buf);
	set_str(&a, (struct mc_json *)mc_json_get(c, "issuer"), "id", issuer_id);
	snprintf(email, sizeof(email), "learner%d@example.com", i);
	memcpy(salt, uuid, 12);
	salt[12] = '\0';
	struct mc_json *subj = (struct mc_json *)mc_json_get(c, "credentialSubject");
	sha256_hex(email, strlen(email), hex);
	snprintf(buf, sizeof(buf), "did:example:%.32s", hex);
	set_str(&a, subj, "id", buf);
	struct mc_json *ident = &((struct mc_json *)mc_json_get(subj, "identifier"))->v.items[0];
	set_str(&a, ident, "salt", salt);
	snprintf(buf, sizeof(buf), "%s%s", email, salt);
	sha256_hex(buf, strlen(buf), hex);
	snprintf(buf, sizeof(buf), "sha256$%s", hex);
	set_str(&a, ident, "identityHash", buf);
	snprintf(buf, sizeof(buf), "%s (#%d)", mc_json_get_str(tmpl, "name"), i);
	set_str(&a, c, "name", buf);
	struct mc_json *ev = &((struct mc_json *)mc_json_get(c, "evidence"))->v.items[0];
	snprintf(buf, sizeof(buf), "https://example.edu/evidence/cs-214/%s", uuid);
	set_str(&a, ev, "id", buf);
	struct mc_json *st = (struct mc_json *)mc_json_get(c, "credentialStatus");
	snprintf(buf, sizeof(buf), "%d", i);
	set_str(&a, st, "statusListIndex", buf);
	snprintf(buf, sizeof(buf), "%s#%d", mc_json_get_str(st, "statusListCredential"), i);
	set_str(&a, st, "id", buf);

	struct mc_buf out;
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	mc_json_write(&out, c, MC_JSON_COMPACT);
	mc_arena_release(&a);
	return mc_buf_detach(&out, NULL);
}

enum stage { PARSE, EXPAND, TO_RDF, CANON };

/* Runs the pipeline on text up to and including stage (CANON: all of it). */
static int canon_one(struct mc_arena *a, struct mc_buf *out, const char *text, enum stage stage,
                     struct mc_err *err)
{
	/* what mc_jsonld_canonize does */
	static const struct mc_jsonld_opts di = {
	    .safe = true, .rdf_direction = MC_JSONLD_RDF_DIRECTION_I18N_DATATYPE, .as_set = true};
	struct mc_json *doc, *expanded;
	struct mc_rdf_dataset ds = {0};
	mc_arena_clear(a);
	mc_buf_clear(out);
	int rc = mc_json_parse(a, text, strlen(text), NULL, &doc, err);
	if (rc || stage == PARSE)
		return rc;
	if (stage == CANON)
		return mc_jsonld_canonize(a, doc, NULL, out, err);
	rc = mc_jsonld_expand(a, doc, &di, &expanded, err);
	if (rc || stage == EXPAND)
		return rc;
	return mc_jsonld_to_rdf(a, expanded, &di, &ds, err);
}

/* Seconds for canon_one(stage) over creds[from..to). */
static double time_stage(struct mc_arena *a, struct mc_buf *out, char **creds, int from, int to,
                         enum stage stage)
{
	struct mc_err err = {0};
	double t0 = now_s();
	for (int i = from; i < to; i++)
		if (canon_one(a, out, creds[i], stage, &err)) {
			fprintf(stderr, "bench_canon: canonicalization failed: %s\n", err.msg);
			exit(1);
		}
	return now_s() - t0;
}

int main(int argc, char **argv)
{
	const char *template_path = DEFAULT_TEMPLATE;
	int json = 0, warmup = 100, stages = 0;
	static const struct option opts[] = {
	    {"json", no_argument, NULL, 'j'},
	    {"warmup", required_argument, NULL, 'w'},
	    {"template", required_argument, NULL, 't'},
	    {"stages", no_argument, NULL, 's'},
	    {NULL, 0, NULL, 0},
	};
	int c;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'j': json = 1; break;
		case 'w': warmup = atoi(optarg); break;
		case 't': template_path = optarg; break;
		case 's': stages = 1; break;
		default:
			fprintf(stderr,
			        "usage: bench_canon [--json] [--stages] [--warmup K] [--template FILE] N\n");
			return 2;
		}
	}
	int n = optind < argc ? atoi(argv[optind]) : 1000;
	if (n < 1) {
		fprintf(stderr, "bench_canon: N must be a positive integer\n");
		return 2;
	}

	struct mc_err err = {0};
	struct mc_buf text;
	mc_buf_init(&text, MC_BUF_NOLIMIT);
	if (mc_buf_read_file(&text, template_path, &err)) {
		fprintf(stderr, "bench_canon: %s (run from the project root)\n", err.msg);
		return 3;
	}
	struct mc_arena ta;
	mc_arena_init(&ta, 0);
	struct mc_json *tmpl;
	if (mc_json_parse(&ta, text.ptr, text.len, NULL, &tmpl, &err)) {
		fprintf(stderr, "bench_canon: %s: %s\n", template_path, err.msg);
		return 2;
	}
	/* A did:key issuer, as bench.mjs uses (a fixed one: its bytes do not matter). */
	const char *issuer = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK";
	char **creds = mc_xmalloc(sizeof(char *) * (size_t)(n + warmup));
	size_t total_bytes = 0;
	for (int i = 0; i < n + warmup; i++) {
		creds[i] = make_credential(tmpl, i < warmup ? n + i : i - warmup, issuer);
		if (i >= warmup)
			total_bytes += strlen(creds[i]);
	}

	struct mc_arena a;
	/* one first chunk that holds a whole run, as a long-lived worker's arena does */
	mc_arena_init(&a, (size_t)256 * 1024);
	struct mc_buf out;
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	size_t quads = 0;
	for (int i = 0; i < warmup; i++) {
		if (canon_one(&a, &out, creds[i], CANON, &err)) {
			fprintf(stderr, "bench_canon: canonicalization failed: %s\n", err.msg);
			return 1;
		}
	}
	double t0 = now_s();
	for (int i = warmup; i < n + warmup; i++) {
		if (canon_one(&a, &out, creds[i], CANON, &err)) {
			fprintf(stderr, "bench_canon: canonicalization failed: %s\n", err.msg);
			return 1;
		}
		if (i == warmup)
			for (size_t k = 0; k < out.len; k++)
				quads += out.ptr[k] == '\n';
	}
	double dt = now_s() - t0;

	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double per_s = n / dt, us = dt * 1e6 / n;
	if (json) {
		printf("{\"n\":%d,\"warmup\":%d,\"perSecond\":%.1f,\"usPerCredential\":%.2f,\"quads\":%zu,"
		       "\"avgCredentialBytes\":%zu,\"peakRssMiB\":%.1f}\n",
		       n, warmup, per_s, us, quads, total_bytes / (size_t)n, ru.ru_maxrss / 1024.0);
	} else {
		printf("N=%d (warm-up %d), avg credential %zu bytes JSON, %zu quads\n", n, warmup,
		       total_bytes / (size_t)n, quads);
		printf("parse + canon (RDFC-1.0)  %10.0f creds/s  %8.2f us/cred\n", per_s, us);
		printf("peak RSS: %.1f MiB\n", ru.ru_maxrss / 1024.0);
	}
	if (stages) {
		/* Each stage timed cumulatively (parse, parse + expand, ...), the best of
		 * five passes; the differences are what each stage adds. */
		static const char *const names[] = {"parse JSON", "  + expand", "  + to RDF",
		                                    "  + RDFC-1.0 (canonize)"};
		double prev = 0;
		for (int st = PARSE; st <= CANON; st++) {
			double best = 1e30;
			for (int pass = 0; pass < 5; pass++) {
				double d = time_stage(&a, &out, creds, warmup, n + warmup, (enum stage)st);
				best = d < best ? d : best;
			}
			double us_st = best * 1e6 / n;
			printf("%-24s %8.2f us/cred (stage adds %.2f us)\n", names[st], us_st, us_st - prev);
			prev = us_st;
		}
	}
	for (int i = 0; i < n + warmup; i++)
		free(creds[i]);
	free(creds);
	mc_buf_release(&out);
	mc_buf_release(&text);
	mc_arena_release(&a);
	mc_arena_release(&ta);
	return 0;
}
