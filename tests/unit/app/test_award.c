/* The award engine on a real SQLite file: an awarded credential is valid OB 3.0,
 * its proof verifies, its status entries point into signed lists of the issuer;
 * awarding is idempotent by award key; bad input changes nothing; status bits flip
 * and the list is re-signed; full lists roll over; endorsements are embedded. */
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
#include <unistd.h>

#include "microcred/award.h"
#include "microcred/bulk.h"
#include "microcred/credential.h"
#include "microcred/encoding.h"
#include "microcred/issuer.h"
#include "microcred/jwt.h"
#include "microcred/lifecycle.h"
#include "microcred/proof.h"
#include "microcred/resolver.h"
#include "microcred/status.h"
#include "microcred/statuslist_service.h"

#include "app/award_internal.h"
#include "support/testdb.h"

static char path[256];
static struct mc_app app;
static struct mc_arena arena;
static struct mc_issuer *issuer;

static void exec(const char *sql)
{
	struct mc_err err = {0};
	if (mc_db_exec_script(app.db, sql, &err) != 0)
		fail_msg("%s: %s", sql, err.msg);
}

static int64_t count(const char *table)
{
	struct mc_err err = {0};
	struct mc_db_stmt *st;
	char *sql = mc_arena_printf(&arena, "SELECT COUNT(*) FROM %s", table);
	/* Not a literal: prepare caches by address, so each count gets its own entry;
	 * fine for a test. */
	assert_int_equal(mc_db_prepare(app.db, sql, &st, &err), 0);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	int64_t n = mc_db_col_int(st, 0);
	mc_db_reset(st);
	return n;
}

/* The revocation index recorded for a credential, as text. */
static const char *rev_index(const char *id)
{
	struct mc_err err = {0};
	struct mc_db_stmt *st;
	assert_int_equal(
	    mc_db_prepare(app.db, "SELECT revocation_index FROM credentials WHERE id = $1", &st, &err), 0);
	mc_db_bind_text(st, 1, id);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	char *s = mc_arena_printf(&arena, "%lld", (long long)mc_db_col_int(st, 0));
	mc_db_reset(st);
	return s;
}

static void insert_achievement(const char *id, const char *slug, const char *state, const char *validity)
{
	exec(mc_arena_printf(
	    &arena,
	    "INSERT INTO achievements (id, issuer_id, slug, title, description, criteria, tags, "
	    "language, state, validity_months, created_at, updated_at) VALUES ('%s', '%s', '%s', "
	    "'Data Analysis with Python', 'Cleans, analyses and visualises data sets in Python.', "
	    "'Pass the final project and the skill test.', '[\"python\",\"data\"]', 'en', '%s', %s, "
	    "'2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z')",
	    id, issuer->id, slug, state, validity));
}

static int setup(void **state)
{
	(void)state;
	struct mc_err err = {0};
	snprintf(path, sizeof(path), "/tmp/mc-test-award-%d.db", (int)getpid());
	unlink(path);
	mc_test_db_fresh(path, sizeof(path));
	mc_arena_init(&arena, 0);
	if (mc_app_open(&app, path, "http://127.0.0.1:8080", &err) != 0 || mc_app_init(&app, NULL, &err) != 0)
		fail_msg("open: %s", err.msg);
	struct mc_issuer_input in = {.name = "Example University",
	                             .url = "https://example.edu",
	                             .email = "badges@example.edu",
	                             .country = "DE"};
	if (mc_issuer_create(&app, &arena, &in, &issuer, &err) != 0)
		fail_msg("issuer: %s", err.msg);
	insert_achievement("a1", "data-analysis", "published", "NULL");
	insert_achievement("a2", "draft-one", "draft", "NULL");
	insert_achievement("a3", "first-aid", "published", "24");
	exec("INSERT INTO alignments (id, achievement_id, position, framework, code, name, url, target_type) "
	     "VALUES ('al1', 'a1', 1, 'ESCO', 'S5.6.1', 'analyse big data', "
	     "'http://data.europa.eu/esco/skill/2d6ea5b8-6e1b-4e44-9d0b-d4e0f1f3f9a1', 'ceasn:Competency')");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char p[300];
	mc_app_close(&app);
	mc_arena_release(&arena);
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	return 0;
}

/* A resolver with the installation's keys (did:key resolves locally anyway) and
 * its status lists. */
struct both {
	struct mc_local_resolver lr;
	struct mc_resolver inner;
};

static int both_method(void *ctx, const char *vm, struct mc_arena *a, struct mc_resolved_method *out,
                       struct mc_err *err)
{
	struct both *b = ctx;
	return b->inner.method(b->inner.ctx, vm, a, out, err);
}

static int both_status(void *ctx, const char *url, struct mc_arena *a, const struct mc_json **out,
                       struct mc_err *err)
{
	(void)ctx;
	return mc_statuslist_resolve(&app, url, a, out, err);
}

static struct mc_json *parse(const char *text)
{
	struct mc_json *v;
	struct mc_err err = {0};
	if (mc_json_parse(&arena, text, strlen(text), NULL, &v, &err) != 0)
		fail_msg("parse: %s", err.msg);
	return v;
}

/* Verifies proof and status of a stored credential; returns whether the status
 * check passed (0) or failed (MC_EVERIFY). */
static int verify(const char *json, struct mc_report *rep)
{
	struct mc_err err = {0};
	struct both b;
	mc_local_resolver_init(&b.lr);
	b.inner = mc_local_resolver(&b.lr);
	struct mc_resolver r = {.method = both_method, .status_list = both_status, .ctx = &b};
	struct mc_json *doc = parse(json);
	if (mc_proof_verify_all(&arena, doc, &r, rep, NULL, &err) != 0)
		fail_msg("proof: %s", err.msg);
	int rc = mc_status_check(&arena, doc, &r, rep, NULL, &err);
	mc_local_resolver_release(&b.lr);
	return rc;
}

static const struct mc_check *find_check(const struct mc_report *r, const char *id)
{
	for (size_t i = 0; i < r->len; i++)
		if (strcmp(r->checks[i].id, id) == 0)
			return &r->checks[i];
	return NULL;
}

static void award_is_valid_signed_and_idempotent(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_award *w, *w2;
	struct mc_award_request req = {.achievement_ref = "data-analysis",
	                               .email = "Ada@Example.com",
	                               .name = "Ada Lovelace",
	                               .did = "did:example:ada",
	                               .award_key = "direct:test-1",
	                               .issued_at = "2025-03-01"};
	if (mc_award_issue(&app, &arena, &req, &w, &err) != 0)
		fail_msg("award: %s", err.msg);
	assert_true(w->created);
	assert_int_equal(w->number, 1);
	assert_string_equal(w->state, "active");
	assert_string_equal(w->issued_at, "2025-03-01T00:00:00Z");
	assert_null(w->valid_until);
	assert_null(w->jwt);
	assert_string_equal(w->email, "ada@example.com");
	assert_true(strncmp(w->id, "urn:uuid:", 9) == 0);

	/* sha256 is of the stored bytes. */
	unsigned char h[32];
	struct mc_buf hex;
	crypto_hash_sha256(h, (const unsigned char *)w->json, strlen(w->json));
	mc_buf_init(&hex, 100);
	mc_hex_encode(&hex, h, 32);
	assert_string_equal(hex.ptr, w->sha256);
	mc_buf_release(&hex);

	struct mc_json *doc = parse(w->json);
	struct mc_problems probs;
	mc_problems_init(&probs, &arena);
	assert_int_equal(mc_credential_validate(doc, NULL, &probs, NULL), 0);
	assert_int_equal(probs.errors, 0);
	const struct mc_json *subj = mc_json_get(doc, "credentialSubject");
	assert_string_equal(mc_json_get_str(subj, "id"), "did:example:ada");
	const struct mc_json *ach = mc_json_get(subj, "achievement");
	assert_string_equal(mc_json_get_str(ach, "achievementType"), "MicroCredential");
	assert_string_equal(mc_json_get_str(ach, "id"), "http://127.0.0.1:8080/achievements/data-analysis");
	assert_non_null(mc_json_get(ach, "alignment"));
	assert_string_equal(mc_json_get_str(mc_json_get(doc, "issuer"), "id"), issuer->did);
	/* The recipient is the hashed email, found case-insensitively. */
	struct mc_recipient_match m;
	assert_int_equal(
	    mc_credential_match_recipient(doc, "emailAddress", "ada@example.com", 15, &arena, &m, &err), 0);
	assert_true(m.matched);
	assert_null(strstr(w->json, "ada@example.com"));

	/* One entry (OB 3.0 allows one credentialStatus): revocation. */
	const struct mc_json *cs = mc_json_get(doc, "credentialStatus");
	assert_true(mc_json_is_object(cs));
	assert_string_equal(mc_json_get_str(cs, "statusPurpose"), "revocation");
	const char *first_index = mc_json_get_str(cs, "statusListIndex");
	assert_string_equal(first_index, rev_index(w->id));
	assert_string_equal(
	    mc_json_get_str(cs, "statusListCredential"),
	    mc_arena_printf(&arena, "http://127.0.0.1:8080/status/%s/revocation-1", issuer->slug));

	struct mc_report rep;
	mc_report_init(&rep, &arena);
	assert_int_equal(verify(w->json, &rep), 0);
	assert_true(mc_report_verified(&rep));

	/* Same key: the same credential back, nothing new written. */
	req.email = "someone-else@example.com";
	if (mc_award_issue(&app, &arena, &req, &w2, &err) != 0)
		fail_msg("award again: %s", err.msg);
	assert_false(w2->created);
	assert_string_equal(w2->id, w->id);
	assert_string_equal(w2->json, w->json);
	assert_int_equal(count("credentials"), 1);
	assert_int_equal(count("events WHERE type = 'credential.awarded'"), 1);
	assert_int_equal(count("users"), 1);

	/* A second award gets the next number and the next status indexes. */
	struct mc_award_request req2 = {.achievement_ref = "a1", .email = "grace@example.com"};
	if (mc_award_issue(&app, &arena, &req2, &w2, &err) != 0)
		fail_msg("award 2: %s", err.msg);
	assert_int_equal(w2->number, 2);
	assert_true(strncmp(w2->award_key, "direct:", 7) == 0);
	doc = parse(w2->json);
	cs = mc_json_get(doc, "credentialStatus");
	assert_string_equal(mc_json_get_str(cs, "statusListIndex"), rev_index(w2->id));
	assert_string_not_equal(mc_json_get_str(cs, "statusListIndex"), first_index);
	assert_null(mc_json_get_str(mc_json_get(doc, "credentialSubject"), "id"));

	struct mc_award *got;
	assert_int_equal(mc_award_get(&app, &arena, "1", &got, &err), 0);
	assert_string_equal(got->id, w->id);
	assert_int_equal(mc_award_get(&app, &arena, w->id + 9, &got, &err), 0);
	assert_int_equal(got->number, 1);
	assert_int_equal(
	    mc_award_get(&app, &arena, "urn:uuid:00000000-0000-4000-8000-000000000000", &got, &err),
	    MC_ENOTFOUND);

	struct mc_award **list;
	size_t n;
	struct mc_award_filter f = {.email = "GRACE@example.com"};
	assert_int_equal(mc_award_list(&app, &arena, &f, &list, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0]->id, w2->id);
	struct mc_award_filter all = {.achievement_ref = "data-analysis", .state = "active"};
	assert_int_equal(mc_award_list(&app, &arena, &all, &list, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[0]->number, 2); /* newest first */
}

static void bad_input_changes_nothing(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_award *w;
	struct mc_award_request req = {.achievement_ref = "no-such-thing", .email = "ada@example.com"};
	assert_int_equal(mc_award_issue(&app, &arena, &req, &w, &err), MC_ENOTFOUND);
	assert_non_null(strstr(err.msg, "no micro-credential 'no-such-thing'"));
	req.achievement_ref = "draft-one";
	assert_int_equal(mc_award_issue(&app, &arena, &req, &w, &err), MC_ESTATE);
	assert_non_null(strstr(err.msg, "draft, not published"));
	req.achievement_ref = "data-analysis";
	req.email = "not-an-email";
	assert_int_equal(mc_award_issue(&app, &arena, &req, &w, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "not an email address"));
	req.email = "ada@example.com";
	req.issued_at = "15/01/2025";
	assert_int_equal(mc_award_issue(&app, &arena, &req, &w, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "2025-01-15"));
	req.issued_at = "2999-01-01";
	assert_int_equal(mc_award_issue(&app, &arena, &req, &w, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "future"));
	req.issued_at = NULL;
	req.name = "Ada \xff";
	assert_int_equal(mc_award_issue(&app, &arena, &req, &w, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "not UTF-8"));
	req.name = NULL;
	req.did = "did:nothing";
	assert_int_equal(mc_award_issue(&app, &arena, &req, &w, &err), MC_EINVAL);
	req.did = "did:example:\xc3\xa9";
	assert_int_equal(mc_award_issue(&app, &arena, &req, &w, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "is not a DID"));
	req.did = NULL;
	/* A Result naming a ResultDescription the achievement does not have. */
	req.results =
	    parse("[{\"type\": [\"Result\"], \"resultDescription\": \"urn:uuid:nope\", \"value\": \"A\"}]");
	assert_int_equal(mc_award_issue(&app, &arena, &req, &w, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "resultDescription urn:uuid:nope"));
	/* Evidence that breaks the model is caught before signing. */
	req.results = NULL;
	req.evidence = parse("[{\"type\": [\"Evidence\"], \"id\": \"not a uri\"}]");
	assert_int_equal(mc_award_issue(&app, &arena, &req, &w, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "$.evidence[0].id"));
	assert_int_equal(count("credentials"), 0);
	assert_int_equal(count("users"), 0);
	assert_int_equal(count("status_lists"), 0);
	assert_int_equal(count("events"), 0);
	struct mc_award_filter f = {.state = "gone"};
	struct mc_award **list;
	size_t n;
	assert_int_equal(mc_award_list(&app, &arena, &f, &list, &n, &err), MC_EINVAL);
}

static void revocation_bit_flips_and_list_is_resigned(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_award *w;
	struct mc_award_request req = {.achievement_ref = "data-analysis", .email = "ada@example.com"};
	assert_int_equal(mc_award_issue(&app, &arena, &req, &w, &err), 0);
	struct mc_json *doc = parse(w->json);
	const struct mc_json *entry = mc_json_get(doc, "credentialStatus");
	const char *url = mc_json_get_str(entry, "statusListCredential");
	const char *before, *after;
	assert_int_equal(mc_statuslist_get_by_url(&app, &arena, url, &before, &err), 0);

	/* Find the list id through the store-facing path: the URL's list. */
	struct mc_db_stmt *st;
	assert_int_equal(
	    mc_db_prepare(app.db, "SELECT revocation_list, revocation_index FROM credentials", &st, &err), 0);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	char *list_id = mc_db_col_dup(st, 0, &arena);
	int64_t index = mc_db_col_int(st, 1);
	mc_db_reset(st);

	assert_int_equal(mc_statuslist_set(&app, list_id, index, true, &err), 0);
	bool bit = false;
	assert_int_equal(mc_statuslist_get_bit(&app, list_id, index, &bit, &err), 0);
	assert_true(bit);
	assert_int_equal(mc_statuslist_get_by_url(&app, &arena, url, &after, &err), 0);
	assert_string_not_equal(before, after);

	struct mc_report rep;
	mc_report_init(&rep, &arena);
	assert_int_equal(verify(w->json, &rep), MC_EVERIFY);
	const struct mc_check *c = find_check(&rep, "status.revocation");
	assert_non_null(c);
	assert_int_equal(c->status, MC_CHECK_FAILED);

	/* Cleared again: verifies. */
	assert_int_equal(mc_statuslist_set(&app, list_id, index, false, &err), 0);
	mc_report_init(&rep, &arena);
	assert_int_equal(verify(w->json, &rep), 0);

	/* Index outside the list, a bad path, an unknown list. */
	assert_int_equal(mc_statuslist_set(&app, list_id, 131072, true, &err), MC_EINVAL);
	assert_int_equal(mc_statuslist_get_by_path(&app, &arena, "x/other-1", &after, &err), MC_EINVAL);
	assert_int_equal(mc_statuslist_get_by_path(&app, &arena,
	                                           mc_arena_printf(&arena, "%s/revocation-9", issuer->slug),
	                                           &after, &err),
	                 MC_ENOTFOUND);
	/* _tx outside a transaction is refused. */
	assert_int_equal(mc_statuslist_set_tx(&app, list_id, index, true, &err), MC_ESTATE);
}

static void full_list_rolls_over(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_award *w;
	struct mc_award_request req = {.achievement_ref = "data-analysis", .email = "ada@example.com"};
	assert_int_equal(mc_award_issue(&app, &arena, &req, &w, &err), 0);
	exec("UPDATE status_lists SET next_index = size WHERE purpose = 'revocation'");
	req.email = "grace@example.com";
	assert_int_equal(mc_award_issue(&app, &arena, &req, &w, &err), 0);
	struct mc_json *doc = parse(w->json);
	const struct mc_json *cs = mc_json_get(doc, "credentialStatus");
	assert_string_equal(
	    mc_json_get_str(cs, "statusListCredential"),
	    mc_arena_printf(&arena, "http://127.0.0.1:8080/status/%s/revocation-2", issuer->slug));
	assert_string_equal(mc_json_get_str(cs, "statusListIndex"), rev_index(w->id));
	assert_int_equal(count("status_lists"), 3);
	/* The suspension list was not full: both credentials have entries in list 1. */
	assert_int_equal(count("status_lists WHERE purpose = 'suspension' AND seq = 1 AND next_index = 2"),
	                 1);
	assert_int_equal(count("(SELECT DISTINCT suspension_list FROM credentials) x"), 1);
	assert_int_equal(count("(SELECT DISTINCT revocation_list FROM credentials) x"), 2);
	struct mc_report rep;
	mc_report_init(&rep, &arena);
	assert_int_equal(verify(w->json, &rep), 0);
}

static void validity_jwt_evidence_and_endorsements(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_award *w;
	/* The issuer now wants VC-JWTs too. */
	exec("UPDATE issuers SET issue_jwt = 1");
	/* An endorsement of the micro-credential by another organisation. */
	struct mc_issuer *endorser;
	struct mc_issuer_input in = {.name = "Quality Agency"};
	assert_int_equal(mc_issuer_create(&app, &arena, &in, &endorser, &err), 0);
	struct mc_json *e =
	    parse("{\"@context\": [\"https://www.w3.org/ns/credentials/v2\", "
	          "\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"], "
	          "\"id\": \"urn:uuid:5b0c4c2e-4f43-4a8e-8f2a-7f1b0f0e7a11\", "
	          "\"type\": [\"VerifiableCredential\", \"EndorsementCredential\"], "
	          "\"name\": \"Quality Agency endorses First Aid\", \"validFrom\": \"2025-01-01T00:00:00Z\", "
	          "\"credentialSubject\": {\"id\": \"http://127.0.0.1:8080/achievements/first-aid\", "
	          "\"type\": [\"EndorsementSubject\"], \"endorsementComment\": \"Well designed.\"}}");
	struct mc_json *issuer_obj;
	assert_int_equal(mc_issuer_profile_json(&app, &arena, endorser, &issuer_obj, &err), 0);
	mc_json_object_set(&arena, e, "issuer", 6, issuer_obj);
	struct mc_key key;
	struct mc_json *signed_e;
	mc_key_init(&key);
	assert_int_equal(mc_issuer_signing_key(&app, endorser, &key, &err), 0);
	assert_int_equal(mc_proof_add(&arena, e, &key, NULL, &signed_e, &err), 0);
	mc_key_release(&key);
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_json_write(&b, signed_e, MC_JSON_COMPACT);
	struct mc_db_stmt *st;
	assert_int_equal(
	    mc_db_prepare(app.db,
	                  "INSERT INTO endorsements (id, endorser_id, subject_type, subject_id, json, "
	                  "created_at) VALUES ('urn:uuid:5b0c4c2e-4f43-4a8e-8f2a-7f1b0f0e7a11', $1, "
	                  "'achievement', 'a3', $2, '2025-01-01T00:00:00Z')",
	                  &st, &err),
	    0);
	mc_db_bind_text(st, 1, endorser->id);
	mc_db_bind_text(st, 2, b.ptr);
	assert_int_equal(mc_db_run(st, &err), 0);
	mc_buf_release(&b);

	struct mc_award_request req = {
	    .achievement_ref = "first-aid",
	    .email = "ada@example.com",
	    .issued_at = "2024-01-31T10:00:00+02:00",
	    .narrative = "Demonstrated CPR on a manikin.",
	    .evidence = parse("[{\"id\": \"https://example.edu/evidence/1\", \"type\": [\"Evidence\"], "
	                      "\"name\": \"Practical test\", \"digestSRI\": "
	                      "\"sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\"}]"),
	    .results = parse("[{\"type\": [\"Result\"], \"value\": \"pass\"}]"),
	    .components = parse("[{\"id\": \"urn:uuid:8e0f2a60-7a8b-4a0d-9f3e-1c2b3a4d5e6f\", \"sha256\": "
	                        "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}]"),
	};
	if (mc_award_issue(&app, &arena, &req, &w, &err) != 0)
		fail_msg("award: %s", err.msg);
	/* 31 January + 24 months, clamped; the time is kept in UTC. */
	assert_string_equal(w->issued_at, "2024-01-31T08:00:00Z");
	assert_string_equal(w->valid_until, "2026-01-31T08:00:00Z");
	assert_non_null(w->jwt);
	struct mc_json *doc = parse(w->json);
	struct mc_problems probs;
	mc_problems_init(&probs, &arena);
	assert_int_equal(mc_credential_validate(doc, NULL, &probs, NULL), 0);
	const struct mc_json *ach = mc_json_get(mc_json_get(doc, "credentialSubject"), "achievement");
	const struct mc_json *end = mc_json_get(ach, "endorsement");
	assert_true(mc_json_is_array(end));
	assert_int_equal(end->len, 1);
	const struct mc_json *ev = mc_json_get(doc, "evidence");
	assert_int_equal(ev->len, 2);
	assert_string_equal(mc_json_get_str(&ev->v.items[1], "digestSRI"),
	                    "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
	struct mc_report rep;
	mc_report_init(&rep, &arena);
	assert_int_equal(verify(w->json, &rep), 0);
	assert_true(mc_report_verified(&rep));

	/* The VC-JWT verifies too (did:key kid resolves locally). */
	struct mc_local_resolver lr;
	mc_local_resolver_init(&lr);
	struct mc_resolver r = mc_local_resolver(&lr);
	struct mc_report jrep;
	mc_report_init(&jrep, &arena);
	struct mc_time now = mc_time_from_unix(1735689600 + 86400 * 30); /* inside the validity period */
	struct mc_jwt_verify_opts jo = {.now = &now};
	assert_int_equal(mc_jwt_verify(&arena, w->jwt, strlen(w->jwt), &r, &jrep, &jo, NULL, &err), 0);
	assert_true(mc_report_verified(&jrep));
	mc_local_resolver_release(&lr);
}

static void bulk_csv_rows_resume_and_pathways(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_pathway *pw;
	struct mc_pathway_input pin = {.issuer_ref = issuer->slug,
	                               .title = "Data and First Aid",
	                               .rule = parse("{\"all\": [{\"achievement\": \"data-analysis\"}, "
	                                             "{\"achievement\": \"first-aid\"}]}")};
	if (mc_pathway_create(&app, &arena, &pin, &pw, &err) != 0)
		fail_msg("pathway: %s", err.msg);
	const char *csv = "\xef\xbb\xbf"
	                  "E-mail, Micro Credential ,name\n"
	                  "ada@example.com,data-analysis,\"Lovelace, Ada\"\n"
	                  "\n"
	                  "ada@example.com,first-aid,Ada\r\n"
	                  "bob@example.com,draft-one,Bob\n"
	                  "x@example.com,data-analysis,\"bad\"quote\"\n"
	                  "y@example.com,data-analysis,Y";
	struct mc_bulk_result res;
	if (mc_bulk_award_csv(&app, &arena, csv, strlen(csv), NULL, &res, &err) != 0)
		fail_msg("bulk: %s", err.msg);
	assert_int_equal(res.total, 5);
	assert_int_equal(res.awarded, 3);
	assert_int_equal(res.failed, 2);
	assert_int_equal(res.skipped, 0);
	assert_int_equal(res.pathways, 1);
	assert_false(res.resumed);
	assert_int_equal(res.n_errors, 2);
	assert_int_equal(res.errors[0].row, 5);
	assert_string_equal(res.errors[0].column, "micro_credential");
	assert_int_equal(res.errors[1].row, 6);
	assert_null(res.errors[1].column);
	assert_non_null(strstr(res.errors[1].message, "text after a closing quote"));
	assert_int_equal(count("credentials"), 4); /* 3 rows + the pathway */
	assert_int_equal(count("bulk_rows WHERE state = 'awarded'"), 3);
	assert_int_equal(count("bulk_rows WHERE state = 'failed'"), 2);
	assert_int_equal(count("users WHERE email = 'bob@example.com'"), 0);
	assert_int_equal(count("credentials WHERE award_key LIKE 'csv:%:7'"), 1);

	/* The pathway credential names both components with their digests. */
	struct mc_award **list;
	size_t n;
	struct mc_award_filter f = {.achievement_ref = pw->achievement_id};
	assert_int_equal(mc_award_list(&app, &arena, &f, &list, &n, &err), 0);
	assert_int_equal(n, 1);
	struct mc_award *pa;
	assert_int_equal(mc_award_get(&app, &arena, list[0]->id, &pa, &err), 0);
	struct mc_json *doc = parse(pa->json);
	const struct mc_json *ev = mc_json_get(doc, "evidence");
	assert_non_null(ev);
	assert_int_equal(ev->len, 2);
	struct mc_award_filter fa = {.email = "ada@example.com", .achievement_ref = "data-analysis"};
	assert_int_equal(mc_award_list(&app, &arena, &fa, &list, &n, &err), 0);
	assert_int_equal(n, 1);
	struct mc_buf raw, sri;
	mc_buf_init(&raw, 64);
	mc_buf_init(&sri, 128);
	assert_int_equal(mc_hex_decode(&raw, list[0]->sha256, 64, &err), 0);
	mc_buf_puts(&sri, "sha256-");
	mc_base64_encode(&sri, raw.ptr, raw.len);
	bool found = false;
	for (uint32_t i = 0; i < ev->len; i++)
		if (strcmp(mc_json_get_str(&ev->v.items[i], "id"), list[0]->id) == 0)
			found = strcmp(mc_json_get_str(&ev->v.items[i], "digestSRI"), sri.ptr) == 0;
	assert_true(found);
	mc_buf_release(&raw);
	mc_buf_release(&sri);
	struct mc_report rep;
	mc_report_init(&rep, &arena);
	assert_int_equal(verify(pa->json, &rep), 0);

	/* The same bytes again: a resumed job, nothing awarded twice. */
	if (mc_bulk_award_csv(&app, &arena, csv, strlen(csv), NULL, &res, &err) != 0)
		fail_msg("bulk again: %s", err.msg);
	assert_true(res.resumed);
	assert_int_equal(res.awarded, 0);
	assert_int_equal(res.skipped, 3);
	assert_int_equal(res.failed, 2);
	assert_int_equal(count("credentials"), 4);

	/* Whole-file problems: nothing happens. */
	assert_int_equal(
	    mc_bulk_award_csv(&app, &arena, "email,course\nx@example.com,y\n", 29, NULL, &res, &err),
	    MC_EINVAL);
	assert_non_null(strstr(err.msg, "unknown column 'course'"));
	assert_int_equal(
	    mc_bulk_award_csv(&app, &arena, "email,name\nx@example.com,y\n", 27, NULL, &res, &err),
	    MC_EINVAL);
	assert_non_null(strstr(err.msg, "no micro_credential column"));
	assert_int_equal(mc_bulk_award_csv(&app, &arena, "", 0, NULL, &res, &err), MC_EINVAL);
	struct mc_bulk_opts o = {.issuer_ref = "nobody"};
	assert_int_equal(mc_bulk_award_csv(&app, &arena, csv, strlen(csv), &o, &res, &err), MC_ENOTFOUND);
	assert_int_equal(count("credentials"), 4);
	assert_int_equal(count("bulk_jobs"), 1);
}

struct alloc_ctx {
	unsigned char *seen;
	size_t dups, out_of_range;
	struct mc_status_alloc last;
};

static int allocate_all(struct mc_app *a, void *p, struct mc_err *err)
{
	struct alloc_ctx *c = p;
	struct mc_arena ar;
	mc_arena_init(&ar, 0);
	int rc = 0;
	for (size_t i = 0; i < MC_STATUS_MIN_ENTRIES && !rc; i++) {
		struct mc_status_alloc s;
		rc = mc_statuslist_allocate_tx(a, &ar, issuer, MC_STATUS_PURPOSE_SUSPENSION, &s, err);
		if (rc)
			break;
		if (s.seq != 1 || s.index < 0 || s.index >= (int64_t)MC_STATUS_MIN_ENTRIES)
			c->out_of_range++;
		else if (c->seen[s.index]++)
			c->dups++;
		mc_arena_clear(&ar);
	}
	if (!rc)
		rc =
		    mc_statuslist_allocate_tx(a, &arena, issuer, MC_STATUS_PURPOSE_SUSPENSION, &c->last, err);
	mc_arena_release(&ar);
	return rc;
}

/* Entries come in a scattered order, yet every one of a list's 131,072 is handed out
 * exactly once before the next list starts. */
static void allocation_is_a_scattered_permutation(void **state)
{
	(void)state;
	/* PostgreSQL keeps every version of a row updated within one transaction, so
	 * taking all 131072 indexes of a list in one transaction is quadratic there
	 * (awards take one or two per transaction); the permutation is the store's
	 * arithmetic, checked on SQLite. */
	if (mc_test_db_server())
		skip();
	struct mc_err err = {0};
	struct alloc_ctx c = {.seen = calloc(MC_STATUS_MIN_ENTRIES, 1)};
	if (mc_app_tx(&app, MC_TX_WRITE, allocate_all, &c, &err) != 0)
		fail_msg("allocate: %s", err.msg);
	assert_int_equal(c.dups, 0);
	assert_int_equal(c.out_of_range, 0);
	for (size_t i = 0; i < MC_STATUS_MIN_ENTRIES; i++)
		assert_int_equal(c.seen[i], 1);
	assert_int_equal(c.last.seq, 2);
	assert_string_equal(
	    c.last.list_url,
	    mc_arena_printf(&arena, "http://127.0.0.1:8080/status/%s/suspension-2", issuer->slug));
	free(c.seen);
	assert_int_equal(mc_statuslist_allocate_tx(&app, &arena, issuer, "refresh", &c.last, &err),
	                 MC_EINVAL);
}

static int no_op(struct mc_app *a, void *ctx, const struct mc_award *w, struct mc_err *err)
{
	(void)a, (void)ctx, (void)w, (void)err;
	return 0;
}

static const char *vm_of(const char *json)
{
	return mc_json_get_str(mc_json_get(parse(json), "proof"), "verificationMethod");
}

/* A cached signing key is used while it is the issuer's active key, and dropped
 * when the key rotates. */
static void signing_key_cache_follows_rotation(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc__award_cache cache;
	mc__award_cache_init(&cache);
	struct mc__award_hook hook = {.after = no_op, .cache = &cache};
	struct mc_award *w1, *w2, *w3;
	struct mc_award_request req = {.achievement_ref = "data-analysis", .email = "ada@example.com"};
	assert_int_equal(mc__award_issue_ex(&app, &arena, &req, &hook, &w1, &err), 0);
	assert_true(cache.have);
	assert_int_equal(mc__award_issue_ex(&app, &arena, &req, &hook, &w2, &err), 0);
	assert_string_equal(vm_of(w1->json), vm_of(w2->json));
	struct mc_issuer_key *nk;
	assert_int_equal(mc_issuer_rotate_key(&app, &arena, issuer->slug, NULL, &nk, &err), 0);
	/* did:key issuers get a new DID with a new key: re-read the issuer. */
	struct mc_issuer *is2;
	assert_int_equal(mc_issuer_get(&app, &arena, issuer->id, &is2, &err), 0);
	assert_int_equal(mc__award_issue_ex(&app, &arena, &req, &hook, &w3, &err), 0);
	assert_string_equal(vm_of(w3->json), nk->id);
	assert_string_not_equal(vm_of(w3->json), vm_of(w1->json));
	struct mc_report rep;
	mc_report_init(&rep, &arena);
	assert_int_equal(verify(w3->json, &rep), 0);
	assert_true(mc_report_verified(&rep));
	/* The issuer's DID changed with its key (did:key): the new credential's entry is
	 * in a new list of the new DID, and the old list stays the old DID's. */
	const struct mc_json *st3 = mc_json_get(parse(w3->json), "credentialStatus");
	assert_non_null(strstr(mc_json_get_str(st3, "statusListCredential"), "/revocation-2"));
	/* Revoking an old credential re-signs its list with the old DID's key. */
	struct mc_db_stmt *st;
	assert_int_equal(
	    mc_db_prepare(app.db, "SELECT revocation_list, revocation_index FROM credentials WHERE id = $1",
	                  &st, &err),
	    0);
	mc_db_bind_text(st, 1, w1->id);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	char *list = mc_db_col_dup(st, 0, &arena);
	int64_t index = mc_db_col_int(st, 1);
	mc_db_reset(st);
	assert_int_equal(mc_statuslist_set(&app, list, index, true, &err), 0);
	mc_report_init(&rep, &arena);
	assert_int_equal(verify(w1->json, &rep), MC_EVERIFY);
	const struct mc_check *c = find_check(&rep, "status.revocation");
	assert_non_null(c);
	assert_int_equal(c->status, MC_CHECK_FAILED);
	assert_non_null(strstr(c->message, "revoked"));
	mc_report_init(&rep, &arena);
	assert_int_equal(verify(w2->json, &rep), 0);
	mc__award_cache_release(&cache);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(award_is_valid_signed_and_idempotent, setup, teardown),
	    cmocka_unit_test_setup_teardown(bad_input_changes_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(revocation_bit_flips_and_list_is_resigned, setup, teardown),
	    cmocka_unit_test_setup_teardown(full_list_rolls_over, setup, teardown),
	    cmocka_unit_test_setup_teardown(validity_jwt_evidence_and_endorsements, setup, teardown),
	    cmocka_unit_test_setup_teardown(bulk_csv_rows_resume_and_pathways, setup, teardown),
	    cmocka_unit_test_setup_teardown(allocation_is_a_scattered_permutation, setup, teardown),
	    cmocka_unit_test_setup_teardown(signing_key_cache_follows_rotation, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
