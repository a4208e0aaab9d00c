/* The learner's own view (microcred/learner.h) on a real database: a learner sees,
 * withdraws and submits evidence only for their own enrolments (someone else's is
 * "not found", like a missing one), enrolments come active -> completed ->
 * withdrawn, and the backpack holds the credentials awarded to the user id or to
 * the email, once each, newest first, with the state to show. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "microcred/achievement.h"
#include "microcred/award.h"
#include "microcred/issuer.h"
#include "microcred/learner.h"
#include "microcred/lifecycle.h"

#include "support/testdb.h"

static char path[256];
static struct mc_app app;
static struct mc_arena arena;
static struct mc_user *ada, *ben;

static struct mc_time fixed_clock(void *ctx)
{
	(void)ctx;
	return mc_time_from_unix(1767225600); /* 2026-01-01T00:00:00Z */
}

static void make_credential(const char *slug, const char *reqs)
{
	struct mc_err err = {0};
	struct mc_achievement *x;
	struct mc_json *spec;
	char *text =
	    mc_arena_printf(&arena,
	                    "{\"title\": \"Course %s\", \"slug\": \"%s\", \"description\": \"A course.\","
	                    " \"criteria\": \"Do the work.\", \"outcomes\": [\"Write clearly\"], \"ects\": 1,"
	                    " \"eqf_level\": 5, \"assessment_type\": \"review\", \"delivery_mode\": "
	                    "\"online\", \"quality_assurance\": \"internal\", \"requirements\": %s}",
	                    slug, slug, reqs);
	if (mc_json_parse(&arena, text, strlen(text), NULL, &spec, &err) != 0 ||
	    mc_achievement_create(&app, &arena, "example-university", spec, &x, &err) != 0 ||
	    mc_achievement_publish(&app, &arena, slug, &x, &err) != 0)
		fail_msg("credential %s: %s", slug, err.msg);
}

static int setup(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_issuer *is;
	snprintf(path, sizeof(path), "/tmp/mc-test-learner-%d.db", (int)getpid());
	unlink(path);
	mc_test_db_fresh(path, sizeof(path));
	mc_arena_init(&arena, 0);
	if (mc_app_open(&app, path, "http://127.0.0.1:8080", &err) != 0 || mc_app_init(&app, NULL, &err) != 0)
		fail_msg("open: %s", err.msg);
	app.clock = fixed_clock;
	struct mc_issuer_input in = {
	    .name = "Example University", .country = "DE", .owner_email = "dean@example.edu"};
	if (mc_issuer_create(&app, &arena, &in, &is, &err) != 0 ||
	    mc_staff_set(&app, "example-university", "tutor@example.edu", "Tina Tutor", MC_ROLE_ASSESSOR,
	                 &err) != 0)
		fail_msg("issuer: %s", err.msg);
	make_credential("essay",
	                "[{\"kind\": \"portfolio\", \"title\": \"Essay\", \"config\": {\"min_items\": 1}}]");
	make_credential(
	    "project", "[{\"kind\": \"portfolio\", \"title\": \"Project\", \"config\": {\"min_items\": 1}}]");
	make_credential("talk",
	                "[{\"kind\": \"portfolio\", \"title\": \"Talk\", \"config\": {\"min_items\": 1}}]");
	if (mc_user_ensure(&app, &arena, "ada@learners.example", "Ada", &ada, &err) != 0 ||
	    mc_user_ensure(&app, &arena, "ben@learners.example", "Ben", &ben, &err) != 0)
		fail_msg("users: %s", err.msg);
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

static struct mc_enrolment *enrol(const char *slug, const char *email)
{
	struct mc_err err = {0};
	struct mc_enrolment *e;
	struct mc_enrol_input in = {.achievement_ref = slug, .email = email};
	if (mc_enrol(&app, &arena, &in, &e, &err) != 0)
		fail_msg("enrol: %s", err.msg);
	return e;
}

static void own_data_only(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_enrolment *a1 = enrol("essay", "ada@learners.example");
	struct mc_enrolment *a2 = enrol("project", "ada@learners.example");
	struct mc_enrolment *b1 = enrol("essay", "ben@learners.example");
	struct mc_progress **list;
	size_t n;

	assert_int_equal(mc_learner_enrolments(&app, &arena, ada->id, true, &list, &n, &err), 0);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(list[i]->enrolment->user_id, ada->id);
	assert_int_equal(mc_learner_enrolments(&app, &arena, ben->id, true, &list, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(list[0]->enrolment->id, b1->id);

	/* Someone else's enrolment looks exactly like a missing one. */
	struct mc_learner_enrolment *le;
	assert_int_equal(mc_learner_enrolment(&app, &arena, ada->id, b1->id, &le, &err), MC_ENOTFOUND);
	assert_non_null(strstr(err.msg, "you have no enrolment"));
	assert_int_equal(mc_learner_enrolment(&app, &arena, ada->id, "no-such-id", &le, &err), MC_ENOTFOUND);
	assert_int_equal(mc_learner_enrolment(&app, &arena, NULL, a1->id, &le, &err), MC_EAUTH);
	struct mc_enrolment *w;
	assert_int_equal(mc_learner_withdraw(&app, &arena, ada->id, b1->id, &w, &err), MC_ENOTFOUND);
	struct mc_evidence *ev;
	struct mc_evidence_input in = {.enrolment_id = b1->id, .requirement_ref = "1", .text = "Not mine"};
	assert_int_equal(mc_learner_submit_evidence(&app, &arena, ada->id, &in, &ev, &err), MC_ENOTFOUND);

	/* Own evidence: text and a file; the file comes back only to its owner. */
	in.enrolment_id = a1->id;
	in.text = "My essay on data ethics.";
	assert_int_equal(mc_learner_submit_evidence(&app, &arena, ada->id, &in, &ev, &err), 0);
	struct mc_evidence_input fin = {.enrolment_id = a1->id,
	                                .requirement_ref = "1",
	                                .file = "# Notes\nplain text\n",
	                                .file_len = 19,
	                                .file_name = "notes.md"};
	struct mc_evidence *fev;
	assert_int_equal(mc_learner_submit_evidence(&app, &arena, ada->id, &fin, &fev, &err), 0);
	const void *bytes;
	size_t len;
	const char *type, *name;
	assert_int_equal(
	    mc_learner_evidence_file(&app, &arena, ada->id, fev->id, &bytes, &len, &type, &name, &err), 0);
	assert_int_equal(len, 19);
	assert_memory_equal(bytes, "# Notes\nplain text\n", 19);
	assert_string_equal(type, "text/markdown");
	assert_string_equal(name, "notes.md");
	assert_int_equal(
	    mc_learner_evidence_file(&app, &arena, ben->id, fev->id, &bytes, &len, &type, &name, &err),
	    MC_ENOTFOUND);
	/* Text evidence has no file. */
	assert_int_equal(
	    mc_learner_evidence_file(&app, &arena, ada->id, ev->id, &bytes, &len, &type, &name, &err),
	    MC_ENOTFOUND);
	/* A file of a type the evidence service refuses: its message comes through. */
	fin.file = "<svg xmlns='http://www.w3.org/2000/svg'/>";
	fin.file_len = strlen(fin.file);
	fin.file_name = "x.svg";
	assert_int_equal(mc_learner_submit_evidence(&app, &arena, ada->id, &fin, &fev, &err), MC_EINVAL);

	assert_int_equal(mc_learner_enrolment(&app, &arena, ada->id, a1->id, &le, &err), 0);
	assert_int_equal(le->n_evidence, 2);
	assert_int_equal(le->progress->reqs[0].state, MC_REQ_SUBMITTED);

	/* Withdraw: own active one only, once; the order puts it last. */
	assert_int_equal(mc_learner_withdraw(&app, &arena, ada->id, a2->id, &w, &err), 0);
	assert_string_equal(w->state, "withdrawn");
	assert_int_equal(mc_learner_withdraw(&app, &arena, ada->id, a2->id, &w, &err), MC_ESTATE);
	assert_int_equal(mc_learner_enrolments(&app, &arena, ada->id, true, &list, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0]->enrolment->state, "active");
	assert_string_equal(list[1]->enrolment->state, "withdrawn");
	assert_int_equal(mc_learner_enrolments(&app, &arena, ada->id, false, &list, &n, &err), 0);
	assert_int_equal(n, 1);
}

static void backpack(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_backpack_item *items;
	size_t n;
	assert_int_equal(mc_learner_backpack(&app, &arena, ben->id, &items, &n, &err), 0);
	assert_int_equal(n, 0);

	/* Completing an enrolment puts its badge in the backpack. */
	struct mc_enrolment *e = enrol("talk", "ben@learners.example");
	struct mc_evidence *ev;
	struct mc_evidence_input in = {
	    .enrolment_id = e->id, .requirement_ref = "1", .url = "https://example.org/t"};
	assert_int_equal(mc_learner_submit_evidence(&app, &arena, ben->id, &in, &ev, &err), 0);
	struct mc_learning_outcome *o;
	struct mc_review_input rv = {.evidence_id = ev->id, .reviewer = "tutor@example.edu", .accept = true};
	assert_int_equal(mc_review_record(&app, &arena, &rv, &o, &err), 0);
	assert_non_null(o->credential_id);
	assert_int_equal(mc_learner_backpack(&app, &arena, ben->id, &items, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].award->id, o->credential_id);
	assert_string_equal(items[0].shown_state, "active");
	assert_non_null(items[0].award->json);
	assert_non_null(strstr(items[0].award->json, "OpenBadgeCredential"));

	/* A direct award by email, then revoked: listed once, newest first, "revoked". */
	struct mc_award *w;
	struct mc_award_request rq = {.achievement_ref = "project", .email = "BEN@learners.example"};
	assert_int_equal(mc_award_issue(&app, &arena, &rq, &w, &err), 0);
	struct mc_state_change sc = {.credential_ref = w->id, .reason = "Test of revocation."};
	struct mc_award *rev;
	assert_int_equal(mc_credential_revoke(&app, &arena, &sc, &rev, &err), 0);
	assert_int_equal(mc_learner_backpack(&app, &arena, ben->id, &items, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(items[0].award->id, w->id);
	assert_string_equal(items[0].shown_state, "revoked");
	assert_string_equal(items[1].shown_state, "active");
	/* Ada has none of Ben's. */
	assert_int_equal(mc_learner_backpack(&app, &arena, ada->id, &items, &n, &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(mc_learner_backpack(&app, &arena, NULL, &items, &n, &err), MC_EAUTH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(own_data_only),
	    cmocka_unit_test(backpack),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
