/* What happens to credentials after award, on a real SQLite file: revocation,
 * suspension and reinstatement through the status lists (checked with the
 * verifier), pathways awarded automatically with component digests, cycles and
 * other bad rules refused, endorsements signed, verified and embedded, expiry. */
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
#include "microcred/encoding.h"
#include "microcred/issuer.h"
#include "microcred/learning.h"
#include "microcred/lifecycle.h"
#include "microcred/resolver.h"
#include "microcred/statuslist_service.h"
#include "microcred/verify.h"

#include "store/achievements.h"
#include "support/testdb.h"

static char path[256];

struct fx {
	struct mc_app app;
	struct mc_arena a;
	struct mc_issuer *uni, *body;
};

static void rm_db(void)
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
	static int n;
	struct fx *f = calloc(1, sizeof(*f));
	struct mc_err err = {0};
	snprintf(path, sizeof(path), "/tmp/mc-test-lifecycle-%d-%d.db", (int)getpid(), n++);
	rm_db();
	mc_test_db_fresh(path, sizeof(path));
	if (mc_app_open(&f->app, path, "http://127.0.0.1:8080", &err) != 0) {
		fprintf(stderr, "open: %s\n", err.msg);
		return -1;
	}
	mc_arena_init(&f->a, 0);
	struct mc_issuer_input u = {.name = "University of Testing", .country = "DE", .did_method = "key"};
	struct mc_issuer_input b = {.name = "Council of Testers", .country = "FR", .did_method = "key"};
	if (mc_issuer_create(&f->app, &f->a, &u, &f->uni, &err) ||
	    mc_issuer_create(&f->app, &f->a, &b, &f->body, &err)) {
		fprintf(stderr, "issuer: %s\n", err.msg);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	mc_arena_release(&f->a);
	mc_app_close(&f->app);
	free(f);
	rm_db();
	return 0;
}

/* A published micro-credential inserted directly: these tests are about what
 * happens after award, not about the catalogue's publishing rules. */
static const char *achievement(struct fx *f, const struct mc_issuer *is, const char *slug,
                               int validity_months)
{
	struct mc_err err = {0};
	struct mc_achievement *x = MC_ARENA_NEW(&f->a, struct mc_achievement);
	x->id = mc_app_new_id(&f->a);
	x->issuer_id = is->id;
	x->slug = slug;
	x->kind = "micro";
	x->title = mc_arena_printf(&f->a, "Title of %s", slug);
	x->description = mc_arena_printf(&f->a, "Description of %s", slug);
	x->criteria = "Pass every requirement.";
	x->language = "en";
	x->validity_months = validity_months;
	x->state = "published";
	x->published_at = x->created_at = x->updated_at = "2025-01-01T00:00:00Z";
	assert_int_equal(mc__store_achievement_insert(f->app.db, x, &err), 0);
	return x->id;
}

static struct mc_award *award(struct fx *f, const char *slug, const char *email)
{
	struct mc_err err = {0};
	struct mc_award *w;
	struct mc_award_request req = {.achievement_ref = slug, .email = email, .name = "Ada Learner"};
	int rc = mc_award_issue(&f->app, &f->a, &req, &w, &err);
	if (rc)
		fail_msg("award %s: %s", slug, err.msg);
	assert_true(w->created);
	return w;
}

static int64_t count(struct fx *f, const char *sql)
{
	struct mc_db_stmt *st;
	struct mc_err err = {0};
	assert_int_equal(mc_db_prepare(f->app.db, sql, &st, &err), 0);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	int64_t n = mc_db_col_int(st, 0);
	mc_db_reset(st);
	return n;
}

/* ---- verification through the installation's own status lists ---- */

struct vctx {
	struct mc_local_resolver lr;
	struct mc_resolver keys;
	struct mc_app *app;
};

static int v_method(void *ctx, const char *vm, struct mc_arena *a, struct mc_resolved_method *out,
                    struct mc_err *err)
{
	struct vctx *v = ctx;
	return v->keys.method(v->keys.ctx, vm, a, out, err);
}

static int v_list(void *ctx, const char *url, struct mc_arena *a, const struct mc_json **out,
                  struct mc_err *err)
{
	struct vctx *v = ctx;
	return mc_statuslist_resolve(v->app, url, a, out, err);
}

/* Verifies json; returns the report's verdict, and the message of check_id (when
 * asked) in *msg. */
static bool verify(struct fx *f, const char *json, const char *check_id, const char **msg)
{
	struct vctx v;
	struct mc_report r;
	struct mc_err err = {0};
	mc_local_resolver_init(&v.lr);
	v.keys = mc_local_resolver(&v.lr);
	v.app = &f->app;
	struct mc_resolver res = {v_method, v_list, &v};
	struct mc_verify_opts o = {.resolver = &res};
	mc_report_init(&r, &f->a);
	assert_int_equal(mc_verify(&f->a, json, strlen(json), &o, &r, NULL, &err), 0);
	bool ok = mc_report_verified(&r);
	if (msg)
		*msg = NULL;
	for (size_t i = 0; i < r.len; i++) {
		if (check_id && msg && strcmp(r.checks[i].id, check_id) == 0)
			*msg = r.checks[i].message;
		if (getenv("MC_TEST_VERBOSE"))
			fprintf(stderr, "  %s %s: %s\n", mc_check_status_name(r.checks[i].status),
			        r.checks[i].id, r.checks[i].message);
		if (r.checks[i].status == MC_CHECK_FAILED && !check_id)
			fprintf(stderr, "  failed %s: %s\n", r.checks[i].id, r.checks[i].message);
	}
	mc_local_resolver_release(&v.lr);
	return ok;
}

/* ---- revocation, suspension, reinstatement ---- */

static void revoke_then_verify_says_revoked(void **state)
{
	struct fx *f = *state;
	struct mc_err err = {0};
	achievement(f, f->uni, "python-basics", 0);
	struct mc_award *w = award(f, "python-basics", "ada@example.org"), *r;
	assert_true(verify(f, w->json, NULL, NULL));

	struct mc_state_change in = {.credential_ref = w->id, .reason = "awarded in error"};
	assert_int_equal(mc_credential_revoke(&f->app, &f->a, &in, &r, &err), 0);
	assert_string_equal(r->state, "revoked");
	assert_string_equal(r->state_reason, "awarded in error");

	/* The stored credential is unchanged; its status list now says revoked. */
	struct mc_award *again;
	assert_int_equal(mc_award_get(&f->app, &f->a, w->id, &again, &err), 0);
	assert_string_equal(again->json, w->json);
	assert_string_equal(again->state, "revoked");
	const char *msg;
	assert_false(verify(f, w->json, "status.revocation", &msg));
	assert_non_null(msg);
	assert_non_null(strstr(msg, "revoked this credential"));
	assert_int_equal(count(f, "SELECT COUNT(*) FROM events WHERE type = 'credential.revoked'"), 1);

	/* Revoking again, suspending or reinstating a revoked credential: refused. */
	int64_t events = count(f, "SELECT COUNT(*) FROM events");
	assert_int_equal(mc_credential_revoke(&f->app, &f->a, &in, &r, &err), MC_ESTATE);
	assert_non_null(strstr(err.msg, "already revoked"));
	in.reason = "try";
	assert_int_equal(mc_credential_suspend(&f->app, &f->a, &in, &r, &err), MC_ESTATE);
	assert_int_equal(mc_credential_reinstate(&f->app, &f->a, &in, &r, &err), MC_ESTATE);
	assert_non_null(strstr(err.msg, "revocation is permanent"));
	assert_int_equal(count(f, "SELECT COUNT(*) FROM events"), events);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM credentials WHERE state = 'revoked' AND "
	                          "state_reason = 'awarded in error'"),
	                 1);
}

/* The suspension bit of credential id, read from the database. */
static bool suspension_bit(struct fx *f, const char *id)
{
	struct mc_db_stmt *st;
	struct mc_err err = {0};
	bool v = false;
	assert_int_equal(
	    mc_db_prepare(f->app.db,
	                  "SELECT suspension_list, suspension_index FROM credentials WHERE id = $1", &st,
	                  &err),
	    0);
	mc_db_bind_text(st, 1, id);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	char *list = mc_db_col_dup(st, 0, &f->a);
	int64_t index = mc_db_col_int(st, 1);
	mc_db_reset(st);
	assert_int_equal(mc_statuslist_get_bit(&f->app, list, index, &v, &err), 0);
	return v;
}

/* The signed suspension list of the test university, checked by the verifier. */
static void suspension_list_verifies(struct fx *f)
{
	const char *json;
	struct mc_err err = {0};
	char *p = mc_arena_printf(&f->a, "%s/suspension-1", f->uni->slug);
	assert_int_equal(mc_statuslist_get_by_path(&f->app, &f->a, p, &json, &err), 0);
	assert_true(verify(f, json, NULL, NULL));
}

static void suspend_and_reinstate_round_trip(void **state)
{
	struct fx *f = *state;
	struct mc_err err = {0};
	achievement(f, f->uni, "statistics", 0);
	struct mc_award *w = award(f, "statistics", "bob@example.org"), *r;
	struct mc_award *other = award(f, "statistics", "carol@example.org");
	char num[32];
	snprintf(num, sizeof(num), "%lld", (long long)w->number);
	/* OB 3.0 allows one credentialStatus, so the award engine may embed only the
	 * revocation entry: then suspension shows in the list and the database, not to
	 * a verifier holding the credential alone. */
	bool embedded = strstr(w->json, "\"suspension\"") != NULL;
	assert_false(suspension_bit(f, w->id));

	struct mc_state_change in = {.credential_ref = num, .reason = "plagiarism complaint under review"};
	assert_int_equal(mc_credential_suspend(&f->app, &f->a, &in, &r, &err), 0);
	assert_string_equal(r->state, "suspended");
	assert_true(suspension_bit(f, w->id));
	assert_false(suspension_bit(f, other->id));
	suspension_list_verifies(f);
	const char *msg;
	if (embedded) {
		assert_false(verify(f, w->json, "status.suspension", &msg));
		assert_non_null(msg);
	}
	assert_int_equal(mc_credential_suspend(&f->app, &f->a, &in, &r, &err), MC_ESTATE);
	assert_non_null(strstr(err.msg, "already suspended"));

	in.reason = NULL; /* optional for reinstatement */
	assert_int_equal(mc_credential_reinstate(&f->app, &f->a, &in, &r, &err), 0);
	assert_string_equal(r->state, "active");
	assert_false(suspension_bit(f, w->id));
	suspension_list_verifies(f);
	assert_true(verify(f, w->json, NULL, NULL));
	assert_int_equal(mc_credential_reinstate(&f->app, &f->a, &in, &r, &err), MC_ESTATE);
	assert_non_null(strstr(err.msg, "not suspended"));
	assert_int_equal(count(f, "SELECT COUNT(*) FROM events WHERE type IN ('credential.suspended', "
	                          "'credential.reinstated')"),
	                 2);
	/* The other learner's credential never changed. */
	assert_int_equal(count(f, "SELECT COUNT(*) FROM credentials WHERE state = 'active'"), 2);

	/* Suspended, then revoked: revocation wins for good. */
	in.reason = "review closed: misconduct";
	assert_int_equal(mc_credential_suspend(&f->app, &f->a, &in, &r, &err), 0);
	assert_int_equal(mc_credential_revoke(&f->app, &f->a, &in, &r, &err), 0);
	assert_false(verify(f, w->json, "status.revocation", &msg));
	assert_int_equal(mc_credential_reinstate(&f->app, &f->a, &in, &r, &err), MC_ESTATE);
	assert_true(verify(f, other->json, NULL, NULL));
}

static void bad_input_changes_nothing(void **state)
{
	struct fx *f = *state;
	struct mc_err err = {0};
	struct mc_award *r;
	achievement(f, f->uni, "sql", 0);
	struct mc_award *w = award(f, "sql", "dan@example.org");
	int64_t events = count(f, "SELECT COUNT(*) FROM events");
	int64_t lists = count(f, "SELECT COUNT(*) FROM status_lists");

	struct mc_state_change in = {.credential_ref = "urn:uuid:00000000-0000-4000-8000-000000000000",
	                             .reason = "x"};
	assert_int_equal(mc_credential_revoke(&f->app, &f->a, &in, &r, &err), MC_ENOTFOUND);
	assert_non_null(strstr(err.msg, "no credential"));
	in.credential_ref = "999";
	assert_int_equal(mc_credential_suspend(&f->app, &f->a, &in, &r, &err), MC_ENOTFOUND);
	in.credential_ref = w->id;
	in.reason = NULL;
	assert_int_equal(mc_credential_revoke(&f->app, &f->a, &in, &r, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "--reason"));
	in.reason = "bad\x01reason";
	assert_int_equal(mc_credential_suspend(&f->app, &f->a, &in, &r, &err), MC_EINVAL);
	in.reason = "ok reason";
	assert_int_equal(mc_credential_reinstate(&f->app, &f->a, &in, &r, &err), MC_ESTATE);

	/* An assessor may not revoke; an editor may. */
	assert_int_equal(
	    mc_staff_set(&f->app, f->uni->slug, "assessor@example.org", "Ass", MC_ROLE_ASSESSOR, &err), 0);
	assert_int_equal(
	    mc_staff_set(&f->app, f->uni->slug, "editor@example.org", "Ed", MC_ROLE_EDITOR, &err), 0);
	in.actor = "assessor@example.org";
	assert_int_equal(mc_credential_revoke(&f->app, &f->a, &in, &r, &err), MC_EAUTH);
	assert_non_null(strstr(err.msg, "owner or editor"));
	assert_int_equal(count(f, "SELECT COUNT(*) FROM events"), events);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM credentials WHERE state <> 'active'"), 0);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM status_lists"), lists);
	assert_true(verify(f, w->json, NULL, NULL));
	in.actor = "editor@example.org";
	assert_int_equal(mc_credential_revoke(&f->app, &f->a, &in, &r, &err), 0);
}

static struct mc_time fixed_clock(void *ctx)
{
	return mc_time_from_unix(*(int64_t *)ctx);
}

static void expiry_is_reported(void **state)
{
	struct fx *f = *state;
	achievement(f, f->uni, "first-aid", 12);
	struct mc_award *w = award(f, "first-aid", "eve@example.org");
	assert_non_null(w->valid_until);
	struct mc_time now = mc_app_now(&f->app), later = now;
	later.sec += 400LL * 86400;
	assert_string_equal(mc_credential_effective_state(w, &now), "active");
	assert_string_equal(mc_credential_effective_state(w, &later), "expired");

	/* Pathways do not count an expired credential. */
	struct mc_err err = {0};
	struct mc_pathway *p;
	struct mc_pathway_input in = {.issuer_ref = f->uni->slug,
	                              .title = "Safety",
	                              .rule = mc_pathway_rule_from_list(&f->a, "all", 0, "first-aid")};
	assert_int_equal(mc_pathway_create(&f->app, &f->a, &in, &p, &err), 0);
	struct mc_pathway_status ps;
	assert_int_equal(mc_pathway_evaluate(&f->app, &f->a, p, w->user_id, &ps, &err), 0);
	assert_true(ps.satisfied);
	int64_t t = later.sec;
	f->app.clock = fixed_clock;
	f->app.clock_ctx = &t;
	assert_int_equal(mc_pathway_evaluate(&f->app, &f->a, p, w->user_id, &ps, &err), 0);
	assert_false(ps.satisfied);
	f->app.clock = NULL;
}

/* ---- pathways ---- */

/* The SHA-256 digest (SRI form) of text. */
static char *sri(struct mc_arena *a, const char *text)
{
	unsigned char h[32];
	struct mc_buf b;
	crypto_hash_sha256(h, (const unsigned char *)text, strlen(text));
	mc_buf_init(&b, 128);
	mc_base64_encode(&b, h, sizeof(h));
	char *s = mc_arena_printf(a, "sha256-%s", b.ptr);
	mc_buf_release(&b);
	return s;
}

static struct mc_award *pathway_award(struct fx *f, const struct mc_pathway *p, const char *user_id)
{
	struct mc_award **list;
	size_t n;
	struct mc_err err = {0};
	struct mc_award_filter flt = {.achievement_ref = p->achievement_id, .user_id = user_id};
	assert_int_equal(mc_award_list(&f->app, &f->a, &flt, &list, &n, &err), 0);
	if (n == 0)
		return NULL;
	assert_int_equal(n, 1);
	struct mc_award *w;
	assert_int_equal(mc_award_get(&f->app, &f->a, list[0]->id, &w, &err), 0);
	return w;
}

/* Adds one assessment requirement (pass 50 of 100) to an achievement. */
static void exam_requirement(struct fx *f, const char *achievement_id)
{
	struct mc_err err = {0};
	struct mc_requirement r = {.id = mc_app_new_id(&f->a),
	                           .achievement_id = achievement_id,
	                           .position = 1,
	                           .kind = "assessment",
	                           .title = "Final test",
	                           .mode = "online",
	                           .created_at = "2025-01-01T00:00:00Z"};
	const char *cfg =
	    "{\"pass_score\": 50, \"max_score\": 100, \"max_attempts\": 3, \"proctored\": false}";
	struct mc_json *c;
	assert_int_equal(mc_json_parse(&f->a, cfg, strlen(cfg), NULL, &c, &err), 0);
	r.config = c;
	assert_int_equal(mc__store_requirement_insert(f->app.db, &r, &err), 0);
}

/* Enrols the learner and passes the test: the learning services complete the
 * enrolment and award it. Returns the credential. */
static struct mc_award *earn(struct fx *f, const char *slug, const char *email)
{
	struct mc_err err = {0};
	struct mc_enrolment *e;
	struct mc_enrol_input in = {.achievement_ref = slug, .email = email, .name = "Fay Learner"};
	if (mc_enrol(&f->app, &f->a, &in, &e, &err))
		fail_msg("enrol %s: %s", slug, err.msg);
	struct mc_learning_outcome *o;
	struct mc_result_input r = {.enrolment_id = e->id,
	                            .requirement_ref = "1",
	                            .staff = "assessor@example.org",
	                            .has_score = true,
	                            .score = 80};
	if (mc_result_record(&f->app, &f->a, &r, &o, &err))
		fail_msg("result %s: %s", slug, err.msg);
	if (o->award_rc || !o->credential_id)
		fail_msg("completing %s awarded nothing: %s", slug, o->award_err.msg);
	struct mc_award *w;
	assert_int_equal(mc_award_get(&f->app, &f->a, o->credential_id, &w, &err), 0);
	return w;
}

static void pathway_of_three_awarded_automatically(void **state)
{
	struct fx *f = *state;
	struct mc_err err = {0};
	const char *slugs[] = {"python", "stats", "dataviz"};
	for (size_t i = 0; i < 3; i++)
		exam_requirement(f, achievement(f, f->uni, slugs[i], 0));
	assert_int_equal(
	    mc_staff_set(&f->app, f->uni->slug, "assessor@example.org", "Ass", MC_ROLE_ASSESSOR, &err), 0);
	struct mc_pathway *p;
	struct mc_pathway_input in = {
	    .issuer_ref = f->uni->slug,
	    .title = "Data Science Foundations",
	    .rule = mc_pathway_rule_from_list(&f->a, "all", 0, "python, stats,dataviz")};
	assert_int_equal(mc_pathway_create(&f->app, &f->a, &in, &p, &err), 0);
	assert_string_equal(p->slug, "data-science-foundations");
	assert_string_equal(p->state, "published");

	/* Earned the way learners earn them: enrolment, result, completion, award. */
	struct mc_award *c1 = earn(f, "python", "fay@example.org");
	struct mc_award *c2 = earn(f, "stats", "fay@example.org");
	assert_null(pathway_award(f, p, c1->user_id));
	earn(f, "python", "gus@example.org"); /* another learner, one component only */
	struct mc_award *c3 = earn(f, "dataviz", "fay@example.org");

	/* Completing the last component awarded the pathway (the completion runs
	 * mc_pathways_on_award after the new award). */
	struct mc_award *pw = pathway_award(f, p, c1->user_id);
	if (!pw)
		fail_msg("the pathway was not awarded automatically when the last component was earned: the "
		         "enrolment completion (src/app/progress.c) must call mc_pathways_on_award after a "
		         "new award");
	char key[200];
	snprintf(key, sizeof(key), "pathway:%s:%s", p->id, c1->user_id);
	assert_string_equal(pw->award_key, key);
	assert_true(verify(f, pw->json, NULL, NULL));

	/* Each component is named with the digest of its stored JSON. */
	struct mc_json *doc;
	assert_int_equal(mc_json_parse(&f->a, pw->json, strlen(pw->json), NULL, &doc, &err), 0);
	const struct mc_json *ev = mc_json_get(doc, "evidence");
	assert_true(mc_json_is_array(ev));
	const struct mc_award *comps[] = {c1, c2, c3};
	size_t found = 0;
	for (size_t i = 0; i < 3; i++) {
		struct mc_award *stored;
		assert_int_equal(mc_award_get(&f->app, &f->a, comps[i]->id, &stored, &err), 0);
		for (uint32_t j = 0; j < ev->len; j++) {
			const char *id = mc_json_get_str(&ev->v.items[j], "id");
			if (id && strcmp(id, stored->id) == 0) {
				assert_string_equal(mc_json_get_str(&ev->v.items[j], "digestSRI"),
				                    sri(&f->a, stored->json));
				found++;
			}
		}
	}
	assert_int_equal(found, 3);

	/* Idempotent: the hook again awards nothing; the other learner has none. */
	size_t n = 9;
	assert_int_equal(mc_pathways_on_award_n(&f->app, &f->a, c1->user_id, c3->achievement_id, &n, &err),
	                 0);
	assert_int_equal(n, 0);
	struct mc_user *gus;
	assert_int_equal(mc_user_get(&f->app, &f->a, "gus@example.org", &gus, &err), 0);
	assert_null(pathway_award(f, p, gus->id));
}

/* Direct awards (what `microcred award` and bulk awards do): the caller runs the
 * hook after each new award. */
static void direct_awards_and_the_hook(void **state)
{
	struct fx *f = *state;
	struct mc_err err = {0};
	achievement(f, f->uni, "one", 0);
	achievement(f, f->uni, "two", 0);
	struct mc_pathway *p;
	struct mc_pathway_input in = {.issuer_ref = f->uni->slug,
	                              .title = "Pair",
	                              .rule = mc_pathway_rule_from_list(&f->a, "n", 2, "one,two")};
	assert_int_equal(mc_pathway_create(&f->app, &f->a, &in, &p, &err), 0);
	struct mc_award *w1 = award(f, "one", "kim@example.org");
	size_t n = 9;
	assert_int_equal(mc_pathways_on_award_n(&f->app, &f->a, w1->user_id, w1->achievement_id, &n, &err),
	                 0);
	assert_int_equal(n, 0);
	struct mc_award *w2 = award(f, "two", "kim@example.org");
	assert_int_equal(mc_pathways_on_award_n(&f->app, &f->a, w2->user_id, w2->achievement_id, &n, &err),
	                 0);
	assert_int_equal(n, 1);
	struct mc_award *pw = pathway_award(f, p, w1->user_id);
	assert_non_null(pw);
	assert_non_null(strstr(pw->json, sri(&f->a, w1->json)));
	assert_non_null(strstr(pw->json, sri(&f->a, w2->json)));
	/* A pathway whose achievement is archived is not awarded. */
	struct mc_award *w3 = award(f, "one", "lea@example.org");
	assert_int_equal(
	    mc_db_exec_script(f->app.db, "UPDATE achievements SET state = 'archived' WHERE kind = 'pathway'",
	                      &err),
	    0);
	struct mc_award *w4 = award(f, "two", "lea@example.org");
	assert_int_equal(mc_pathways_on_award_n(&f->app, &f->a, w4->user_id, w4->achievement_id, &n, &err),
	                 0);
	assert_int_equal(n, 0);
	assert_null(pathway_award(f, p, w3->user_id));
}

static void nested_rule_names_what_earned_it(void **state)
{
	struct fx *f = *state;
	struct mc_err err = {0};
	const char *a = achievement(f, f->uni, "a", 0);
	achievement(f, f->uni, "b", 0);
	achievement(f, f->uni, "c", 0);
	achievement(f, f->body, "d", 0);
	const char *text =
	    "{\"all\": [{\"achievement\": \"a\"}, {\"n\": 2, \"of\": [{\"achievement\": \"b\"}, "
	    "{\"achievement\": \"c\"}, {\"any\": [{\"achievement\": \"d\"}]}]}]}";
	struct mc_json *rule;
	assert_int_equal(mc_json_parse(&f->a, text, strlen(text), NULL, &rule, &err), 0);
	struct mc_pathway *p;
	struct mc_pathway_input in = {
	    .issuer_ref = f->uni->slug, .title = "Nested", .slug = "nested", .rule = rule};
	assert_int_equal(mc_pathway_create(&f->app, &f->a, &in, &p, &err), 0);
	/* Stored with ids, not slugs. */
	const struct mc_json *first = &mc_json_get(p->rule, "all")->v.items[0];
	assert_string_equal(mc_json_get_str(first, "achievement"), a);

	/* Direct calls of the hook: it is what the award engine runs. */
	struct mc_award *wa = award(f, "a", "hal@example.org");
	struct mc_award *wd = award(f, "d", "hal@example.org");
	size_t n = 0;
	assert_int_equal(mc_pathways_on_award_n(&f->app, &f->a, wa->user_id, wd->achievement_id, &n, &err),
	                 0);
	assert_null(pathway_award(f, p, wa->user_id));
	struct mc_award *wc = award(f, "c", "hal@example.org");
	mc_pathways_on_award_n(&f->app, &f->a, wa->user_id, wc->achievement_id, &n, &err);
	struct mc_award *pw = pathway_award(f, p, wa->user_id);
	assert_non_null(pw);
	struct mc_json *doc;
	assert_int_equal(mc_json_parse(&f->a, pw->json, strlen(pw->json), NULL, &doc, &err), 0);
	const struct mc_json *ev = mc_json_get(doc, "evidence");
	assert_int_equal(ev->len, 3); /* a, c and d: b was never earned */
	assert_string_equal(mc_json_get_str(&ev->v.items[0], "id"), wa->id);

	/* A revoked component no longer counts towards a pathway. */
	struct mc_award *r;
	struct mc_state_change sc = {.credential_ref = wa->id, .reason = "error"};
	assert_int_equal(mc_credential_revoke(&f->app, &f->a, &sc, &r, &err), 0);
	struct mc_pathway_status ps;
	assert_int_equal(mc_pathway_evaluate(&f->app, &f->a, p, wa->user_id, &ps, &err), 0);
	assert_false(ps.satisfied);
	assert_int_equal(ps.needed_total, 4);
}

static void bad_rules_are_refused(void **state)
{
	struct fx *f = *state;
	struct mc_err err = {0};
	achievement(f, f->uni, "x", 0);
	achievement(f, f->uni, "y", 0);
	achievement(f, f->uni, "z", 0);
	struct mc_pathway *p1, *p2, *p;
	struct mc_pathway_input in = {.issuer_ref = f->uni->slug,
	                              .title = "P one",
	                              .slug = "p1",
	                              .rule = mc_pathway_rule_from_list(&f->a, "all", 0, "x,y")};
	assert_int_equal(mc_pathway_create(&f->app, &f->a, &in, &p1, &err), 0);
	in.title = "P two", in.slug = "p2", in.rule = mc_pathway_rule_from_list(&f->a, "all", 0, "p1,z");
	assert_int_equal(mc_pathway_create(&f->app, &f->a, &in, &p2, &err), 0);
	int64_t achievements = count(f, "SELECT COUNT(*) FROM achievements");
	int64_t events = count(f, "SELECT COUNT(*) FROM events");

	/* p1 requiring p2, which requires p1: a cycle. */
	assert_int_equal(mc_pathway_set_rule(&f->app, &f->a, "p1",
	                                     mc_pathway_rule_from_list(&f->a, "any", 0, "x,p2"), &p, &err),
	                 MC_EINVAL);
	assert_non_null(strstr(err.msg, "cycle"));
	assert_non_null(strstr(err.msg, "p2"));
	struct mc_pathway *again;
	assert_int_equal(mc_pathway_get(&f->app, &f->a, "p1", &again, &err), 0);
	assert_true(mc_json_equal(again->rule, p1->rule));

	/* A new pathway naming itself by its slug. */
	in.title = "Self", in.slug = "self", in.rule = mc_pathway_rule_from_list(&f->a, "all", 0, "x,self");
	assert_int_equal(mc_pathway_create(&f->app, &f->a, &in, &p, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "cycle"));
	/* Unknown achievement, n too large, duplicates, bad shapes. */
	in.slug = "bad", in.rule = mc_pathway_rule_from_list(&f->a, "all", 0, "x,nope");
	assert_int_equal(mc_pathway_create(&f->app, &f->a, &in, &p, &err), MC_ENOTFOUND);
	assert_non_null(strstr(err.msg, "rule.all[1]: no micro-credential or pathway 'nope'"));
	in.rule = mc_pathway_rule_from_list(&f->a, "n", 4, "x,y,z");
	assert_int_equal(mc_pathway_create(&f->app, &f->a, &in, &p, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "between 1 and 3"));
	in.rule = mc_pathway_rule_from_list(&f->a, "all", 0, "x,y,x");
	assert_int_equal(mc_pathway_create(&f->app, &f->a, &in, &p, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "same achievement"));
	const char *bad[] = {
	    "[]",         "{\"all\": []}",   "{\"all\": [{\"achievement\": \"x\"}], \"any\": []}",
	    "{\"n\": 1}", "{\"every\": []}", "{\"n\": 1.5, \"of\": [{\"achievement\": \"x\"}]}"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct mc_json *r;
		assert_int_equal(mc_json_parse(&f->a, bad[i], strlen(bad[i]), NULL, &r, &err), 0);
		in.rule = r;
		assert_int_equal(mc_pathway_create(&f->app, &f->a, &in, &p, &err), MC_EINVAL);
	}
	/* Slug taken. */
	in.slug = "x", in.rule = mc_pathway_rule_from_list(&f->a, "all", 0, "y");
	assert_int_equal(mc_pathway_create(&f->app, &f->a, &in, &p, &err), MC_EEXIST);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM achievements"), achievements);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM pathways"), 2);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM events"), events);

	struct mc_pathway **list;
	size_t n;
	assert_int_equal(mc_pathway_list(&f->app, &f->a, f->uni->slug, &list, &n, &err), 0);
	assert_int_equal(n, 2);
}

/* ---- endorsements ---- */

static void endorsement_signed_verified_embedded(void **state)
{
	struct fx *f = *state;
	struct mc_err err = {0};
	const char *ach = achievement(f, f->uni, "cloud-security", 0);
	struct mc_endorsement *e, *e2;
	struct mc_endorse_input in = {.endorser_ref = f->body->slug,
	                              .subject_type = "issuer",
	                              .subject_ref = f->uni->slug,
	                              .comment =
	                                  "An accredited provider of continuing professional development."};
	assert_int_equal(mc_endorse(&f->app, &f->a, &in, &e, &err), 0);
	assert_true(verify(f, e->json, NULL, NULL));
	struct mc_json *doc;
	assert_int_equal(mc_json_parse(&f->a, e->json, strlen(e->json), NULL, &doc, &err), 0);
	const struct mc_json *cs = mc_json_get(doc, "credentialSubject");
	assert_string_equal(mc_json_get_str(cs, "id"), f->uni->did);
	assert_string_equal(mc_json_get_str(mc_json_get(doc, "issuer"), "id"), f->body->did);

	in.subject_type = "achievement", in.subject_ref = "cloud-security",
	in.comment = "Meets our CPD standard.";
	assert_int_equal(mc_endorse(&f->app, &f->a, &in, &e2, &err), 0);
	struct mc_json *arr;
	assert_int_equal(mc_endorsements_for(&f->app, &f->a, "achievement", ach, &arr, &err), 0);
	assert_int_equal(arr->len, 1);

	/* A later award embeds both, and still verifies (embedded ones included). */
	struct mc_award *w = award(f, "cloud-security", "ivy@example.org");
	assert_non_null(strstr(w->json, e->id));
	assert_non_null(strstr(w->json, e2->id));
	assert_true(verify(f, w->json, NULL, NULL));

	/* Endorsing again replaces; withdrawing stops the embedding. */
	struct mc_endorsement *e3;
	assert_int_equal(mc_endorse(&f->app, &f->a, &in, &e3, &err), 0);
	assert_int_equal(mc_endorsements_for(&f->app, &f->a, "achievement", ach, &arr, &err), 0);
	assert_int_equal(arr->len, 1);
	assert_string_equal(mc_json_get_str(&arr->v.items[0], "id"), e3->id);
	assert_int_equal(mc_endorsement_withdraw(&f->app, e3->id, &err), 0);
	assert_int_equal(mc_endorsement_withdraw(&f->app, e3->id, &err), MC_ENOTFOUND);
	w = award(f, "cloud-security", "jon@example.org");
	assert_null(strstr(w->json, e3->id));
	assert_non_null(strstr(w->json, e->id));

	/* Self-endorsement, unknown subject, no comment: refused, nothing stored. */
	int64_t before = count(f, "SELECT COUNT(*) FROM endorsements");
	in.endorser_ref = f->uni->slug;
	assert_int_equal(mc_endorse(&f->app, &f->a, &in, &e, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "another organisation"));
	in.endorser_ref = f->body->slug, in.subject_ref = "nope";
	assert_int_equal(mc_endorse(&f->app, &f->a, &in, &e, &err), MC_ENOTFOUND);
	in.subject_ref = "cloud-security", in.comment = "";
	assert_int_equal(mc_endorse(&f->app, &f->a, &in, &e, &err), MC_EINVAL);
	assert_int_equal(count(f, "SELECT COUNT(*) FROM endorsements"), before);
	struct mc_endorsement **list;
	size_t n;
	assert_int_equal(
	    mc_endorsement_list(&f->app, &f->a, f->body->slug, NULL, NULL, true, &list, &n, &err), 0);
	assert_int_equal(n, 3);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(revoke_then_verify_says_revoked, setup, teardown),
	    cmocka_unit_test_setup_teardown(suspend_and_reinstate_round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(bad_input_changes_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(expiry_is_reported, setup, teardown),
	    cmocka_unit_test_setup_teardown(pathway_of_three_awarded_automatically, setup, teardown),
	    cmocka_unit_test_setup_teardown(direct_awards_and_the_hook, setup, teardown),
	    cmocka_unit_test_setup_teardown(nested_rule_names_what_earned_it, setup, teardown),
	    cmocka_unit_test_setup_teardown(bad_rules_are_refused, setup, teardown),
	    cmocka_unit_test_setup_teardown(endorsement_signed_verified_embedded, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
