/* The transparency log over a real SQLite file: entries, appends inside the
 * caller's transaction (rollback leaves no hole; two processes never collide),
 * stored block hashes, signed tree heads (rate limit, strictly increasing
 * timestamps), proofs from the database checked against the heads, the JSON
 * documents of the HTTP interface, the verify hook, and the audit finding the
 * first bad index after rows are edited, deleted or reordered with SQL. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "microcred/app.h"
#include "microcred/encoding.h"
#include "microcred/tlog.h"

#include "support/http_fixture.h"
#include "support/testdb.h"

static char path[256];
static struct mc_app app;
static int64_t clock_sec = 1736931600; /* 2025-01-15T09:00:00Z */

static struct mc_time test_clock(void *ctx)
{
	(void)ctx;
	return mc_time_from_unix(clock_sec);
}

static void remove_db(void)
{
	char p[300];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static int setup(void **state)
{
	struct mc_err err = {0};
	snprintf(path, sizeof(path), "/tmp/mc-test-tlog-%d.db", (int)getpid());
	mc_test_db_fresh(path, sizeof(path));
	remove_db();
	if (mc_app_open(&app, path, "https://badges.example.org", &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	app.clock = test_clock;
	return 0;
}

static int teardown(void **state)
{
	mc_app_close(&app);
	remove_db();
	return 0;
}

static void entry_for(int i, struct mc_tlog_entry *e, char id[64])
{
	snprintf(id, 64, "urn:uuid:00000000-0000-4000-8000-%012d", i);
	memset(e, 0, sizeof(*e));
	e->type = i % 7 == 3 ? MC_TLOG_REVOKE : MC_TLOG_ISSUE;
	e->credential_id = id;
	crypto_hash_sha256(e->sha256, (const unsigned char *)id, strlen(id));
	e->time = "2025-01-15T09:00:00Z";
}

static void append_n(int from, int n)
{
	struct mc_err err = {0};
	for (int i = from; i < from + n; i++) {
		struct mc_tlog_entry e;
		char id[64];
		int64_t idx = -1;
		entry_for(i, &e, id);
		assert_int_equal(mc_tlog_append(&app, &e, &idx, &err), 0);
		assert_int_equal(idx, i);
	}
}

static void exec(const char *sql)
{
	struct mc_err err = {0};
	if (mc_db_exec_script(app.db, sql, &err))
		fail_msg("%s: %s", sql, err.msg);
}

/* ---- entries ---- */

static void entry_canonical_form(void **state)
{
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_tlog_entry e, d;
	char *text;
	size_t len;
	mc_arena_init(&a, 0);
	memset(&e, 0, sizeof(e));
	e.type = MC_TLOG_ISSUE;
	e.credential_id = "urn:uuid:1";
	memset(e.sha256, 0xab, sizeof(e.sha256));
	e.time = "2025-01-15T10:00:00.5+01:00";
	assert_int_equal(mc_tlog_entry_encode(&a, &e, &text, &len, &err), 0);
	char want[256];
	snprintf(want, sizeof(want),
	         "{\"credential\":\"urn:uuid:1\",\"sha256\":\"%s%s\",\"time\":\"2025-01-15T09:00:00Z\","
	         "\"type\":\"issue\",\"v\":1}",
	         "abababababababababababababababab", "abababababababababababababababab");
	assert_string_equal(text, want);
	assert_int_equal(mc_tlog_entry_decode(&a, text, len, &d, &err), 0);
	assert_int_equal(d.type, MC_TLOG_ISSUE);
	assert_string_equal(d.credential_id, "urn:uuid:1");
	assert_memory_equal(d.sha256, e.sha256, 32);
	/* Only the canonical text is an entry. */
	char spaced[256];
	snprintf(spaced, sizeof(spaced), "%s", want);
	memmove(spaced + 14, spaced + 13, strlen(spaced + 13) + 1);
	spaced[13] = ' '; /* {"credential": "urn... */
	assert_int_equal(mc_tlog_entry_decode(&a, spaced, strlen(spaced), &d, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "canonical"));
	const char *v2 = "{\"credential\":\"x\",\"sha256\":\"00\",\"time\":\"t\",\"type\":\"issue\",\"v\":2}";
	assert_int_equal(mc_tlog_entry_decode(&a, v2, strlen(v2), &d, &err), MC_EUNSUPPORTED);
	e.credential_id = "has space";
	assert_int_equal(mc_tlog_entry_encode(&a, &e, &text, &len, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "offset 3"));
	e.credential_id = "urn:uuid:1";
	e.time = "yesterday";
	assert_int_equal(mc_tlog_entry_encode(&a, &e, &text, &len, &err), MC_EINVAL);
	enum mc_tlog_type t;
	assert_int_equal(mc_tlog_type_parse("expire", &t, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "issue, revoke, suspend or reinstate"));
	/* The credential digest ignores member order and whitespace (JCS). */
	uint8_t d1[32], d2[32];
	const char *c1 = "{\"id\":\"urn:x\",\"type\":[\"VerifiableCredential\"],\"n\":1.0}";
	const char *c2 = "{ \"n\": 1, \"type\": [\"VerifiableCredential\"], \"id\": \"urn:x\" }";
	assert_int_equal(mc_tlog_credential_digest_text(c1, strlen(c1), d1, &err), 0);
	assert_int_equal(mc_tlog_credential_digest_text(c2, strlen(c2), d2, &err), 0);
	assert_memory_equal(d1, d2, 32);
	mc_arena_release(&a);
}

/* ---- appending ---- */

static int append_then_fail(struct mc_app *ap, void *ctx, struct mc_err *err)
{
	struct mc_tlog_entry e;
	char id[64];
	int64_t idx;
	entry_for(1000, &e, id);
	assert_int_equal(mc_tlog_append_tx(ap, &e, &idx, err), 0);
	return mc_err_set(err, MC_EINVAL, "the award failed after logging");
}

static void append_in_caller_tx(void **state)
{
	struct mc_err err = {0};
	struct mc_tlog_entry e;
	char id[64];
	entry_for(0, &e, id);
	assert_int_equal(mc_tlog_append_tx(&app, &e, NULL, &err), MC_ESTATE);
	assert_non_null(strstr(err.msg, "inside a write transaction"));
	append_n(0, 5);
	/* A rolled-back award takes its entry (and index) with it. */
	assert_int_equal(mc_app_tx(&app, MC_TX_WRITE, append_then_fail, NULL, &err), MC_EINVAL);
	append_n(5, 1);
	int64_t size;
	assert_int_equal(mc_tlog_size(&app, &size, &err), 0);
	assert_int_equal(size, 6);
	/* Leaves 0..5 complete blocks 0-1, 2-3, 4-5 and 0-3. */
	struct mc_db_stmt *st;
	assert_int_equal(mc_db_prepare(app.db, "SELECT COUNT(*) FROM tlog_nodes", &st, &err), 0);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	assert_int_equal(mc_db_col_int(st, 0), 4);
	mc_db_reset(st);
}

static void two_processes_never_collide(void **state)
{
	struct mc_err err = {0};
	fflush(NULL);
	pid_t kids[2];
	for (int k = 0; k < 2; k++) {
		kids[k] = fork();
		assert_true(kids[k] >= 0);
		if (kids[k] == 0) {
			struct mc_app a2;
			if (mc_app_open(&a2, path, NULL, &err))
				_exit(3);
			for (int i = 0; i < 150; i++) {
				struct mc_tlog_entry e;
				char id[64];
				entry_for(k * 1000 + i, &e, id);
				if (mc_tlog_append(&a2, &e, NULL, &err)) {
					fprintf(stderr, "child %d: %s\n", k, err.msg);
					_exit(1);
				}
			}
			mc_app_close(&a2);
			_exit(0);
		}
	}
	for (int k = 0; k < 2; k++) {
		int status;
		waitpid(kids[k], &status, 0);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	struct mc_db_stmt *st;
	assert_int_equal(mc_db_prepare(app.db,
	                               "SELECT COUNT(*), MIN(leaf_index), MAX(leaf_index) FROM tlog_leaves",
	                               &st, &err),
	                 0);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	assert_int_equal(mc_db_col_int(st, 0), 300);
	assert_int_equal(mc_db_col_int(st, 1), 0);
	assert_int_equal(mc_db_col_int(st, 2), 299);
	mc_db_reset(st);
	struct mc_arena a;
	struct mc_tlog_audit r;
	mc_arena_init(&a, 0);
	assert_int_equal(mc_tlog_audit_db(&app, &a, NULL, &r, &err), 0);
	assert_true(r.ok);
	assert_int_equal(r.tree_size, 300);
	mc_arena_release(&a);
}

/* ---- tree heads and proofs ---- */

static void heads_and_proofs(void **state)
{
	struct mc_err err = {0};
	struct mc_tlog_sth s0, s1, s2, s3;
	bool created;
	assert_int_equal(mc_tlog_sth_latest(&app, &s0, &err), MC_ENOTFOUND);
	/* The empty log's head, with a key made on first use. */
	assert_int_equal(mc_tlog_sth_update(&app, 0, &s0, &created, &err), 0);
	assert_true(created);
	assert_int_equal(s0.tree_size, 0);
	assert_int_equal(mc_tlog_sth_verify(&s0, &err), 0);
	append_n(0, 37);
	/* Within the interval of the last head, even the empty one: it stands. */
	assert_int_equal(mc_tlog_sth_update(&app, 5000, &s1, &created, &err), 0);
	assert_false(created);
	assert_int_equal(s1.tree_size, 0);
	clock_sec += 5;
	assert_int_equal(mc_tlog_sth_update(&app, 5000, &s1, &created, &err), 0);
	assert_true(created);
	assert_int_equal(s1.tree_size, 37);
	assert_true(s1.timestamp > s0.timestamp); /* same clock second: still increasing */
	assert_memory_equal(s1.public_key, s0.public_key, 32);
	append_n(37, 30);
	/* Within the interval: the latest head stands. */
	assert_int_equal(mc_tlog_sth_update(&app, 5000, &s2, &created, &err), 0);
	assert_false(created);
	assert_int_equal(s2.tree_size, 37);
	clock_sec += 6;
	assert_int_equal(mc_tlog_sth_update(&app, 5000, &s2, &created, &err), 0);
	assert_true(created);
	assert_int_equal(s2.tree_size, 67);
	assert_int_equal(mc_tlog_sth_verify(&s2, &err), 0);
	/* Nothing new: no new head, whatever the interval. */
	assert_int_equal(mc_tlog_sth_update(&app, 0, &s3, &created, &err), 0);
	assert_false(created);
	assert_int_equal(s3.timestamp, s2.timestamp);
	/* A head with any byte changed does not verify. */
	s3.root[0] ^= 1;
	assert_int_equal(mc_tlog_sth_verify(&s3, &err), MC_EVERIFY);
	s3 = s2;
	s3.tree_size++;
	assert_int_equal(mc_tlog_sth_verify(&s3, &err), MC_EVERIFY);

	/* Proofs from the stored tree against the signed heads. */
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_tlog_path p;
	for (int64_t i = 0; i < 67; i++) {
		struct mc_tlog_leaf leaf;
		assert_int_equal(mc_tlog_leaf_get(&app, &a, i, &leaf, &err), 0);
		assert_int_equal(mc_tlog_prove_inclusion(&app, i, 67, &p, &err), 0);
		assert_int_equal(mc_tlog_verify_inclusion((uint64_t)i, 67, leaf.leaf_hash, &p, s2.root, &err),
		                 0);
		if (i < 37) {
			assert_int_equal(mc_tlog_prove_inclusion(&app, i, 37, &p, &err), 0);
			assert_int_equal(
			    mc_tlog_verify_inclusion((uint64_t)i, 37, leaf.leaf_hash, &p, s1.root, &err), 0);
		}
	}
	assert_int_equal(mc_tlog_prove_consistency(&app, 37, 67, &p, &err), 0);
	assert_int_equal(mc_tlog_verify_consistency(37, 67, s1.root, s2.root, &p, &err), 0);
	assert_int_equal(mc_tlog_prove_inclusion(&app, 67, 68, &p, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "outside the log of 67 entries"));

	/* The verify hook. */
	struct mc_tlog_record rec;
	struct mc_tlog_entry e;
	char id[64];
	entry_for(40, &e, id);
	assert_int_equal(mc_tlog_check_credential(&app, &a, id, e.sha256, &rec, &err), 0);
	assert_int_equal(rec.index, 40);
	assert_int_equal(rec.sth.tree_size, 67);
	uint8_t other[32] = {1};
	assert_int_equal(mc_tlog_check_credential(&app, &a, id, other, &rec, &err), MC_EVERIFY);
	assert_non_null(strstr(err.msg, "different digest"));
	assert_int_equal(mc_tlog_check_credential(&app, &a, "urn:uuid:nope", other, &rec, &err),
	                 MC_ENOTFOUND);
	append_n(67, 1);
	entry_for(67, &e, id);
	assert_int_equal(mc_tlog_check_credential(&app, &a, id, e.sha256, &rec, &err), MC_ESTATE);
	assert_non_null(strstr(err.msg, "not yet covered by a signed tree head"));
	mc_arena_release(&a);
}

/* ---- the JSON documents ---- */

static const char *b64(struct mc_arena *a, const uint8_t *p, size_t n)
{
	struct mc_buf b;
	mc_buf_init(&b, 256);
	mc_base64_encode(&b, p, n);
	const char *s = mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return s;
}

static void json_documents(void **state)
{
	struct mc_err err = {0};
	struct mc_arena a;
	struct mc_json *doc;
	mc_arena_init(&a, 0);
	append_n(0, 21);
	assert_int_equal(mc_tlog_json_sth(&app, &a, &doc, &err), 0);
	struct mc_tlog_sth sth;
	assert_int_equal(mc_tlog_sth_from_json(doc, &sth, &err), 0);
	assert_int_equal(sth.tree_size, 21);
	assert_int_equal(mc_tlog_sth_verify(&sth, &err), 0);

	struct mc_tlog_leaf leaf;
	assert_int_equal(mc_tlog_leaf_get(&app, &a, 13, &leaf, &err), 0);
	assert_int_equal(mc_tlog_json_inclusion(&app, &a, b64(&a, leaf.leaf_hash, 32), "21", &doc, &err), 0);
	int64_t idx;
	assert_true(mc_json_number_as_int(mc_json_get(doc, "leaf_index"), &idx));
	assert_int_equal(idx, 13);
	struct mc_tlog_path p;
	assert_int_equal(mc_tlog_path_from_json(mc_json_get(doc, "audit_path"), &p, &err), 0);
	assert_int_equal(mc_tlog_verify_inclusion(13, 21, leaf.leaf_hash, &p, sth.root, &err), 0);
	/* Errors name the parameter. */
	assert_int_equal(mc_tlog_json_inclusion(&app, &a, "abc", "21", &doc, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "hash must be base64"));
	assert_int_equal(mc_tlog_json_inclusion(&app, &a, b64(&a, leaf.leaf_hash, 32), "022", &doc, &err),
	                 MC_EINVAL);
	assert_non_null(strstr(err.msg, "tree_size=022"));
	assert_int_equal(mc_tlog_json_inclusion(&app, &a, b64(&a, leaf.leaf_hash, 32), "99", &doc, &err),
	                 MC_EINVAL);
	assert_non_null(strstr(err.msg, "beyond the latest signed tree head"));
	uint8_t zero[32] = {0};
	assert_int_equal(mc_tlog_json_inclusion(&app, &a, b64(&a, zero, 32), NULL, &doc, &err), MC_ENOTFOUND);

	assert_int_equal(mc_tlog_json_consistency(&app, &a, "8", "21", &doc, &err), 0);
	assert_int_equal(mc_tlog_path_from_json(mc_json_get(doc, "consistency"), &p, &err), 0);
	struct mc_tlog_source dummy;
	(void)dummy;
	uint8_t r8[32];
	{
		/* The head of the first 8 entries, from the entries themselves. */
		struct mc_tlog_stack st;
		mc_tlog_stack_init(&st);
		for (int64_t i = 0; i < 8; i++) {
			assert_int_equal(mc_tlog_leaf_get(&app, &a, i, &leaf, &err), 0);
			mc_tlog_stack_push(&st, leaf.leaf_hash, NULL, NULL);
		}
		mc_tlog_stack_root(&st, r8);
	}
	assert_int_equal(mc_tlog_verify_consistency(8, 21, r8, sth.root, &p, &err), 0);
	assert_int_equal(mc_tlog_json_consistency(&app, &a, "0", "21", &doc, &err), MC_EINVAL);
	assert_int_equal(mc_tlog_json_consistency(&app, &a, NULL, "21", &doc, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "first is missing"));

	assert_int_equal(mc_tlog_json_entries(&app, &a, "19", "25", &doc, &err), 0);
	const struct mc_json *entries = mc_json_get(doc, "entries");
	assert_int_equal(entries->len, 2); /* clipped to the log */
	assert_int_equal(mc_tlog_json_entries(&app, &a, "21", NULL, &doc, &err), MC_EINVAL);
	assert_int_equal(mc_tlog_json_entries(&app, &a, "5", "4", &doc, &err), MC_EINVAL);
	assert_int_equal(mc_tlog_json_entries(&app, &a, "-1", NULL, &doc, &err), MC_EINVAL);
	mc_arena_release(&a);
}

/* ---- audit ---- */

static int64_t audit(struct mc_arena *a, const struct mc_tlog_sth *since, struct mc_tlog_audit *r)
{
	struct mc_err err = {0};
	assert_int_equal(mc_tlog_audit_db(&app, a, since, r, &err), 0);
	return r->first_bad_index;
}

static void audit_finds_first_bad_index(void **state)
{
	struct mc_err err = {0};
	struct mc_arena a;
	struct mc_tlog_audit r;
	struct mc_tlog_sth early, late;
	mc_arena_init(&a, 0);
	append_n(0, 20);
	assert_int_equal(mc_tlog_sth_update(&app, 0, &early, NULL, &err), 0);
	append_n(20, 30);
	clock_sec++;
	assert_int_equal(mc_tlog_sth_update(&app, 0, &late, NULL, &err), 0);
	assert_int_equal(audit(&a, &early, &r), -1);
	assert_true(r.ok);
	assert_int_equal(r.tree_size, 50);
	assert_int_equal(r.sths_checked, 2);
	assert_memory_equal(r.root, late.root, 32);

	/* Rewrite entry 33 (not its hash). */
	exec("BEGIN; CREATE TEMP TABLE saved AS SELECT * FROM tlog_leaves;"
	     "UPDATE tlog_leaves SET entry = replace(entry, '\"issue\"', '\"revoke\"') WHERE leaf_index = "
	     "33; COMMIT");
	assert_int_equal(audit(&a, NULL, &r), 33);
	assert_false(r.ok);
	assert_non_null(strstr(r.findings[0], "entry 33 does not match its leaf hash"));
	exec("UPDATE tlog_leaves SET entry = (SELECT entry FROM saved WHERE saved.leaf_index = 33) WHERE "
	     "leaf_index = 33");
	assert_int_equal(audit(&a, NULL, &r), -1);

	/* Rewrite entry 12 and its leaf hash: the stored block hash and both signed
	 * heads give it away; the block of 12..13 is as fine as can be named. */
	exec("UPDATE tlog_leaves SET leaf_hash = (SELECT leaf_hash FROM tlog_leaves WHERE leaf_index = 40), "
	     "entry = (SELECT entry FROM tlog_leaves WHERE leaf_index = 40) WHERE leaf_index = 12");
	assert_int_equal(audit(&a, &early, &r), 12);
	exec("DELETE FROM tlog_leaves WHERE leaf_index = 12; INSERT INTO tlog_leaves SELECT * FROM saved "
	     "WHERE "
	     "leaf_index = 12");
	assert_int_equal(audit(&a, &early, &r), -1);

	/* Reorder: swap entries 6 and 7 with their hashes. */
	exec("UPDATE tlog_leaves SET leaf_index = -1 WHERE leaf_index = 6;"
	     "UPDATE tlog_leaves SET leaf_index = 6 WHERE leaf_index = 7;"
	     "UPDATE tlog_leaves SET leaf_index = 7 WHERE leaf_index = -1");
	assert_int_equal(audit(&a, NULL, &r), 6);
	exec("DELETE FROM tlog_leaves; INSERT INTO tlog_leaves SELECT * FROM saved");
	assert_int_equal(audit(&a, NULL, &r), -1);

	/* Delete entry 25: a gap. */
	exec("DELETE FROM tlog_leaves WHERE leaf_index = 25");
	assert_int_equal(audit(&a, NULL, &r), 25);
	assert_non_null(strstr(r.findings[0], "entry 25 is missing"));
	/* Delete the last entry: the counter and the signed head still cover it. */
	exec("DELETE FROM tlog_leaves; INSERT INTO tlog_leaves SELECT * FROM saved WHERE leaf_index <> 49");
	assert_int_equal(audit(&a, NULL, &r), 49);
	/* Delete it and hide it from the counter and the stored heads: the saved head
	 * from an auditor still shows it (when it covered it). */
	exec(
	    "UPDATE counters SET value = 49 WHERE name = 'tlog'; DELETE FROM tlog_sths WHERE tree_size = 50");
	assert_int_equal(audit(&a, &early, &r), -1);
	assert_int_equal(audit(&a, &late, &r), 49);
	exec("DELETE FROM tlog_leaves; INSERT INTO tlog_leaves SELECT * FROM saved;"
	     "UPDATE counters SET value = 50 WHERE name = 'tlog'");

	/* A saved head from another log is refused. */
	struct mc_tlog_sth foreign = late;
	unsigned char pk[32], sk[64];
	crypto_sign_keypair(pk, sk);
	memcpy(foreign.public_key, pk, 32);
	crypto_hash_sha256(foreign.log_id, pk, 32);
	uint8_t msg[MC_TLOG_STH_MESSAGE_LEN];
	mc_tlog_sth_message(&foreign, msg);
	crypto_sign_detached(foreign.signature, NULL, msg, sizeof(msg), sk);
	assert_int_equal(mc_tlog_sth_verify(&foreign, &err), 0);
	audit(&a, &foreign, &r);
	assert_false(r.ok);
	assert_non_null(strstr(r.findings[0], "another log"));
	/* A forged stored head (bad signature) is reported. */
	exec("UPDATE tlog_sths SET root_hash = (SELECT leaf_hash FROM tlog_leaves WHERE leaf_index = 0)");
	audit(&a, NULL, &r);
	assert_false(r.ok);
	assert_non_null(strstr(r.findings[0], "does not verify"));
	mc_arena_release(&a);
}

/* ---- audit over HTTP: the documents served by a loopback server ---- */

static void serve(struct mc_http_fixture *f, struct mc_arena *a, const char *where, const struct mc_json *doc)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_json_write(&b, doc, MC_JSON_COMPACT);
	mc_http_fixture_json(f, where, b.ptr);
	mc_buf_release(&b);
}

static void audit_over_http(void **state)
{
	struct mc_http_fixture *f = mc_http_fixture_start();
	if (!f)
		skip();
	struct mc_err err = {0};
	struct mc_arena a;
	struct mc_json *doc;
	struct mc_tlog_sth early;
	struct mc_tlog_audit r;
	mc_arena_init(&a, 0);
	append_n(0, 20);
	assert_int_equal(mc_tlog_sth_update(&app, 0, &early, NULL, &err), 0);
	append_n(20, 30);
	clock_sec += 10;
	assert_int_equal(mc_tlog_json_sth(&app, &a, &doc, &err), 0);
	serve(f, &a, "/log/v1/sth", doc);
	assert_int_equal(mc_tlog_json_entries(&app, &a, "0", "49", &doc, &err), 0);
	serve(f, &a, "/log/v1/entries?start=0&end=49", doc);
	assert_int_equal(mc_tlog_json_consistency(&app, &a, "20", "50", &doc, &err), 0);
	serve(f, &a, "/log/v1/proof/consistency?first=20&second=50", doc);
	const char *base = mc_arena_printf(&a, "%s/log/v1/", mc_http_fixture_base(f));
	assert_int_equal(mc_tlog_audit_url(&a, base, &early, &r, &err), 0);
	assert_true(r.ok);
	assert_int_equal(r.tree_size, 50);
	/* The server rewrites entry 33: the latest head no longer matches; the saved
	 * head still does, so the change is after index 20. */
	assert_int_equal(mc_tlog_json_entries(&app, &a, "0", "49", &doc, &err), 0);
	struct mc_json *entries = (struct mc_json *)mc_json_get(doc, "entries");
	struct mc_json *e33 = (struct mc_json *)mc_json_get(&entries->v.items[33], "leaf_input");
	struct mc_tlog_leaf leaf;
	assert_int_equal(mc_tlog_leaf_get(&app, &a, 40, &leaf, &err), 0);
	mc_json_set_string(&a, e33, b64(&a, (const uint8_t *)leaf.entry, leaf.entry_len),
	                   strlen(b64(&a, (const uint8_t *)leaf.entry, leaf.entry_len)));
	serve(f, &a, "/log/v1/entries?start=0&end=49", doc);
	assert_int_equal(mc_tlog_audit_url(&a, base, &early, &r, &err), 0);
	assert_false(r.ok);
	assert_int_equal(r.first_bad_index, 20);
	mc_arena_release(&a);
	mc_http_fixture_stop(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(entry_canonical_form),
	    cmocka_unit_test_setup_teardown(append_in_caller_tx, setup, teardown),
	    cmocka_unit_test_setup_teardown(two_processes_never_collide, setup, teardown),
	    cmocka_unit_test_setup_teardown(heads_and_proofs, setup, teardown),
	    cmocka_unit_test_setup_teardown(json_documents, setup, teardown),
	    cmocka_unit_test_setup_teardown(audit_finds_first_bad_index, setup, teardown),
	    cmocka_unit_test_setup_teardown(audit_over_http, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
