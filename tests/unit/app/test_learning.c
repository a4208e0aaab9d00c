/* The learner's path on a real SQLite file: enrolment (one live per learner),
 * evidence (text, URL, content-addressed files with type and size limits, privacy),
 * reviews with rubrics, attendance, assessment attempts, workplace attestations,
 * progress in words, and completion -> one award, even when two processes complete
 * the same enrolment at once. Bad input gets a specific message and writes nothing. */
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
#include <sys/wait.h>
#include <unistd.h>

#include "microcred/achievement.h"
#include "microcred/award.h"
#include "microcred/issuer.h"
#include "microcred/learning.h"

#include "app/learning_internal.h"
#include "support/testdb.h"

static char path[256];
static struct mc_app app;
static struct mc_arena arena;
static struct mc_issuer *issuer, *other_issuer;

static struct mc_time fixed_clock(void *ctx)
{
	(void)ctx;
	return mc_time_from_unix(1767225600); /* 2026-01-01T00:00:00Z */
}

static struct mc_json *J(const char *text)
{
	struct mc_json *v;
	struct mc_err err = {0};
	if (mc_json_parse(&arena, text, strlen(text), NULL, &v, &err) != 0)
		fail_msg("test JSON: %s: %s", err.msg, text);
	return v;
}

static int64_t count_where(const char *sql_tail)
{
	struct mc_err err = {0};
	struct mc_db_stmt *st;
	/* Not a literal: prepare caches by address; fine for a test. */
	char *sql = mc_arena_printf(&arena, "SELECT COUNT(*) FROM %s", sql_tail);
	if (mc_db_prepare(app.db, sql, &st, &err) != 0)
		fail_msg("%s: %s", sql, err.msg);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	int64_t n = mc_db_col_int(st, 0);
	mc_db_reset(st);
	return n;
}

/* Every kind of requirement, in this order (numbers 1..6). */
static const char *SIX =
    "[{\"kind\": \"assignment\", \"title\": \"Final project\", \"config\": {\"rubric\": ["
    "   {\"criterion\": \"Design\", \"points\": 10}, {\"criterion\": \"Code\", \"points\": 10}],"
    "   \"pass_threshold\": 14}},"
    " {\"kind\": \"attendance\", \"title\": \"Lectures\", \"mode\": \"in-person\", \"config\": "
    "{\"sessions\": 3}},"
    " {\"kind\": \"portfolio\", \"title\": \"Portfolio\", \"config\": {\"min_items\": 2}},"
    " {\"kind\": \"assessment\", \"title\": \"Skill test\", \"config\": {\"pass_score\": 70, \"max_score\": "
    "100,"
    "   \"max_attempts\": 2, \"proctored\": true, \"identity_verification\": \"online-proctoring\"}},"
    " {\"kind\": \"conference\", \"title\": \"Data conference\", \"mode\": \"in-person\", \"config\": "
    "{\"count\": 1}},"
    " {\"kind\": \"workplace\", \"title\": \"Analysis at work\", \"mode\": \"in-person\"}]";

static void make_credential(const char *issuer_slug, const char *slug, const char *reqs, bool publish)
{
	struct mc_err err = {0};
	struct mc_achievement *x;
	char *spec = mc_arena_printf(
	    &arena,
	    "{\"title\": \"Data Analysis %s\", \"slug\": \"%s\","
	    " \"description\": \"Cleans, analyses and visualises data sets in Python.\","
	    " \"criteria\": \"Complete every requirement below.\","
	    " \"outcomes\": [\"Clean a messy data set with pandas\"],"
	    " \"alignments\": [{\"framework\": \"ESCO\", \"code\": \"S5.6.1\", \"name\": \"use spreadsheets "
	    "software\","
	    "   \"url\": \"http://data.europa.eu/esco/skill/1973c966-f236-40c9-b2d4-5d71a89019be\"}],"
	    " \"eqf_level\": 6, \"workload_hours\": 125, \"ects\": 5, \"cost\": 49.5, \"currency\": \"EUR\","
	    " \"delivery_mode\": \"blended\", \"duration\": \"P6W\", \"assessment_type\": \"project and "
	    "proctored test\","
	    " \"participation_form\": \"online, self-paced\", \"quality_assurance\": \"internal QA\","
	    " \"prerequisites\": \"Basic Python\", \"category\": \"digital-skills\", \"language\": \"en\","
	    " \"tags\": [\"python\"], \"requirements\": %s}",
	    slug, slug, reqs);
	if (mc_achievement_create(&app, &arena, issuer_slug, J(spec), &x, &err) != 0)
		fail_msg("create %s: %s", slug, err.msg);
	if (publish && mc_achievement_publish(&app, &arena, slug, &x, &err) != 0)
		fail_msg("publish %s: %s", slug, err.msg);
}

static int setup(void **state)
{
	(void)state;
	struct mc_err err = {0};
	snprintf(path, sizeof(path), "/tmp/mc-test-learning-%d.db", (int)getpid());
	unlink(path);
	mc_test_db_fresh(path, sizeof(path));
	mc_arena_init(&arena, 0);
	if (mc_app_open(&app, path, "http://127.0.0.1:8080", &err) != 0 || mc_app_init(&app, NULL, &err) != 0)
		fail_msg("open: %s", err.msg);
	app.clock = fixed_clock;
	struct mc_issuer_input in = {.name = "Example University",
	                             .url = "https://example.edu",
	                             .email = "badges@example.edu",
	                             .country = "DE",
	                             .owner_email = "dean@example.edu"};
	struct mc_issuer_input in2 = {.name = "Other School", .country = "FR"};
	if (mc_issuer_create(&app, &arena, &in, &issuer, &err) != 0 ||
	    mc_issuer_create(&app, &arena, &in2, &other_issuer, &err) != 0)
		fail_msg("issuer: %s", err.msg);
	if (mc_staff_set(&app, "example-university", "tutor@example.edu", "Tina Tutor", MC_ROLE_ASSESSOR,
	                 &err) != 0 ||
	    mc_staff_set(&app, "other-school", "rival@other.example", NULL, MC_ROLE_OWNER, &err) != 0)
		fail_msg("staff: %s", err.msg);
	make_credential("example-university", "data-analysis", SIX, true);
	make_credential("example-university", "draft-course", SIX, false);
	make_credential("other-school", "other-course",
	                "[{\"kind\": \"portfolio\", \"title\": \"Essay\", \"config\": {\"min_items\": 1}}]",
	                true);
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
	struct mc_enrol_input in = {.achievement_ref = slug, .email = email, .name = "Ada Lovelace"};
	if (mc_enrol(&app, &arena, &in, &e, &err) != 0)
		fail_msg("enrol: %s", err.msg);
	return e;
}

static struct mc_evidence *submit_text(const char *enrolment, const char *req, const char *text, bool pub)
{
	struct mc_err err = {0};
	struct mc_evidence *ev;
	struct mc_evidence_input in = {
	    .enrolment_id = enrolment, .requirement_ref = req, .text = text, .is_public = pub};
	if (mc_evidence_submit(&app, &arena, &in, &ev, &err) != 0)
		fail_msg("submit: %s", err.msg);
	return ev;
}

static struct mc_learning_outcome *review(const char *evidence, bool accept, const char *rubric,
                                          const char *as)
{
	struct mc_err err = {0};
	struct mc_learning_outcome *o;
	struct mc_review_input in = {.evidence_id = evidence, .reviewer = as, .accept = accept};
	struct mc_rubric_score *rs = NULL;
	if (rubric && mc_rubric_parse(&arena, rubric, &rs, &in.rubric_n, &err) != 0)
		fail_msg("rubric: %s", err.msg);
	in.rubric = rs;
	if (mc_review_record(&app, &arena, &in, &o, &err) != 0)
		fail_msg("review: %s", err.msg);
	return o;
}

static struct mc_learning_outcome *attend(const char *enrolment, const char *req, const char *session)
{
	struct mc_err err = {0};
	struct mc_learning_outcome *o;
	struct mc_attendance_input in = {.enrolment_id = enrolment,
	                                 .requirement_ref = req,
	                                 .session = session,
	                                 .staff = "tutor@example.edu"};
	if (mc_attendance_record(&app, &arena, &in, &o, &err) != 0)
		fail_msg("attendance: %s", err.msg);
	return o;
}

static void expect_err(int rc, int want, const struct mc_err *err, const char *fragment)
{
	if (rc != want || !strstr(err->msg, fragment))
		fail_msg("want %d and /%s/, got %d: %s", want, fragment, rc, err->msg);
}

static const struct mc_requirement_progress *req_progress(const char *enrolment, int number)
{
	struct mc_err err = {0};
	struct mc_progress *p;
	if (mc_progress_get(&app, &arena, enrolment, &p, &err) != 0)
		fail_msg("progress: %s", err.msg);
	assert_true(number >= 1 && (size_t)number <= p->n);
	return &p->reqs[number - 1];
}

/* ---- enrolment ---- */

static void enrolment_rules(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_enrolment *e, *e2;
	struct mc_enrol_input in = {.achievement_ref = "nope", .email = "ada@example.org"};
	int64_t before = count_where("enrolments"), users = count_where("users");
	expect_err(mc_enrol(&app, &arena, &in, &e, &err), MC_ENOTFOUND, &err, "no micro-credential 'nope'");
	in.achievement_ref = "draft-course";
	expect_err(mc_enrol(&app, &arena, &in, &e, &err), MC_ESTATE, &err, "is draft, not published");
	in.achievement_ref = "data-analysis";
	in.email = "not-an-email";
	expect_err(mc_enrol(&app, &arena, &in, &e, &err), MC_EINVAL, &err, "is not an email address");
	in.email = "ada@example.org";
	in.target_date = "next week";
	expect_err(mc_enrol(&app, &arena, &in, &e, &err), MC_EINVAL, &err,
	           "target date 'next week' is not a date");
	in.target_date = "2025-06-30";
	expect_err(mc_enrol(&app, &arena, &in, &e, &err), MC_EINVAL, &err, "is before the start");
	assert_int_equal(count_where("enrolments"), before);
	assert_int_equal(count_where("users"), users); /* a refused enrolment creates no learner */

	in.target_date = "2026-06-30";
	assert_int_equal(mc_enrol(&app, &arena, &in, &e, &err), 0);
	assert_string_equal(e->state, "active");
	assert_string_equal(e->started_at, "2026-01-01T00:00:00Z");
	assert_string_equal(e->target_date, "2026-06-30T00:00:00Z");
	in.email = "ADA@example.org"; /* the same learner */
	expect_err(mc_enrol(&app, &arena, &in, &e2, &err), MC_EEXIST, &err,
	           "is already enrolled in data-analysis");
	assert_non_null(strstr(err.msg, e->id));
	assert_int_equal(mc_enrolment_find(&app, &arena, "data-analysis", "ada@example.org", &e2, &err), 0);
	assert_string_equal(e2->id, e->id);

	assert_int_equal(mc_enrolment_withdraw(&app, &arena, e->id, &e2, &err), 0);
	assert_string_equal(e2->state, "withdrawn");
	expect_err(mc_enrolment_withdraw(&app, &arena, e->id, &e2, &err), MC_ESTATE, &err,
	           "only an active enrolment");
	struct mc_evidence_input ev = {.enrolment_id = e->id, .requirement_ref = "1", .text = "late"};
	struct mc_evidence *evo;
	expect_err(mc_evidence_submit(&app, &arena, &ev, &evo, &err), MC_ESTATE, &err, "was withdrawn");
	/* Withdrawn: enrolling again is allowed (the unique index covers live ones). */
	assert_int_equal(mc_enrol(&app, &arena, &in, &e2, &err), 0);
	assert_string_not_equal(e2->id, e->id);
}

/* ---- evidence ---- */

static void file_types_from_content(void **state)
{
	(void)state;
	struct mc_err err = {0};
	const char *mt;
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};
	static const unsigned char jpg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 0x10};
	static const unsigned char junk[] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
	assert_int_equal(mc_evidence_detect_type("%PDF-1.7\n...", 12, "report.pdf", &mt, &err), 0);
	assert_string_equal(mt, "application/pdf");
	assert_int_equal(mc_evidence_detect_type(png, sizeof(png), "shot.PNG", &mt, &err), 0);
	assert_string_equal(mt, "image/png");
	assert_int_equal(mc_evidence_detect_type(jpg, sizeof(jpg), "photo.jpeg", &mt, &err), 0);
	assert_string_equal(mt, "image/jpeg");
	assert_int_equal(mc_evidence_detect_type("RIFF\0\0\0\0WEBPVP8 ", 16, "a.webp", &mt, &err), 0);
	assert_string_equal(mt, "image/webp");
	assert_int_equal(mc_evidence_detect_type("PK\3\4rest", 8, "code.zip", &mt, &err), 0);
	assert_string_equal(mt, "application/zip");
	assert_int_equal(mc_evidence_detect_type("# Notes\nCaf\xc3\xa9\n", 14, "notes.md", &mt, &err), 0);
	assert_string_equal(mt, "text/markdown");
	assert_int_equal(mc_evidence_detect_type("plain words\n", 12, "README", &mt, &err), 0);
	assert_string_equal(mt, "text/plain");
	/* The name must not lie about the content, and only listed types pass. */
	expect_err(mc_evidence_detect_type(png, sizeof(png), "report.pdf", &mt, &err), MC_EINVAL, &err,
	           "report.pdf is named as a PDF document but its content is a PNG image");
	expect_err(mc_evidence_detect_type("PK\3\4rest", 8, "essay.docx", &mt, &err), MC_EINVAL, &err,
	           "files named '*.docx' are not accepted");
	expect_err(mc_evidence_detect_type("<svg/>", 6, "x.svg", &mt, &err), MC_EINVAL, &err,
	           "'*.svg' are not accepted");
	expect_err(mc_evidence_detect_type(junk, sizeof(junk), "tool", &mt, &err), MC_EINVAL, &err,
	           "binary data of no accepted kind");
	expect_err(mc_evidence_detect_type("bad \xc3\x28 utf8", 11, "a.txt", &mt, &err), MC_EINVAL, &err,
	           "not of an accepted type");
	expect_err(mc_evidence_detect_type("", 0, "empty.txt", &mt, &err), MC_EINVAL, &err,
	           "empty.txt is empty");
}

static void evidence_rules(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_enrolment *e = enrol("data-analysis", "bob@example.org");
	struct mc_evidence *ev, *ev2;
	const char pdf[] = "%PDF-1.4\nfake but typed\n";
	struct mc_evidence_input in = {.enrolment_id = e->id,
	                               .requirement_ref = "1",
	                               .file = pdf,
	                               .file_len = sizeof(pdf) - 1,
	                               .file_name = "/home/bob/report.pdf"};
	int64_t files = count_where("files"), evs = count_where("evidence");

	assert_int_equal(mc_evidence_submit(&app, &arena, &in, &ev, &err), 0);
	assert_string_equal(ev->kind, "file");
	assert_string_equal(ev->file_name, "report.pdf");
	assert_string_equal(ev->file_media_type, "application/pdf");
	assert_int_equal(strlen(ev->file_sha256), 64);
	/* The same bytes again: a second evidence row, one stored file. */
	in.requirement_ref = "3";
	assert_int_equal(mc_evidence_submit(&app, &arena, &in, &ev2, &err), 0);
	assert_string_equal(ev2->file_sha256, ev->file_sha256);
	assert_int_equal(count_where("files"), files + 1);
	assert_int_equal(count_where("evidence"), evs + 2);
	const void *bytes;
	size_t len;
	const char *mt;
	assert_int_equal(mc_evidence_file(&app, &arena, ev->file_sha256, &bytes, &len, &mt, &err), 0);
	assert_int_equal(len, sizeof(pdf) - 1);
	assert_memory_equal(bytes, pdf, len);

	/* Refusals, each writing nothing. */
	evs = count_where("evidence");
	files = count_where("files");
	assert_int_equal(mc_setting_set(&app, "evidence.max_file_bytes", "16", &err), 0);
	in.file_name = "big.pdf";
	expect_err(mc_evidence_submit(&app, &arena, &in, &ev2, &err), MC_ELIMIT, &err,
	           "big.pdf is 24 bytes, over the upload limit of 16 bytes");
	assert_int_equal(mc_setting_set(&app, "evidence.max_file_bytes", "10485760", &err), 0);
	in.file_name = "photo.png";
	expect_err(mc_evidence_submit(&app, &arena, &in, &ev2, &err), MC_EINVAL, &err,
	           "named as a PNG image but its content is a PDF document");
	struct mc_evidence_input t = {.enrolment_id = e->id, .requirement_ref = "2", .text = "I was there"};
	expect_err(mc_evidence_submit(&app, &arena, &t, &ev2, &err), MC_EINVAL, &err,
	           "requirement 2 (Lectures) is a attendance requirement and takes no submitted evidence");
	t.requirement_ref = "7";
	expect_err(mc_evidence_submit(&app, &arena, &t, &ev2, &err), MC_EINVAL, &err,
	           "has 6 requirements; requirement 7 does not exist");
	struct mc_requirement *oreqs;
	size_t on;
	assert_int_equal(mc_requirement_list(&app, &arena, "other-course", &oreqs, &on, &err), 0);
	t.requirement_ref = oreqs[0].id;
	expect_err(mc_evidence_submit(&app, &arena, &t, &ev2, &err), MC_EINVAL, &err,
	           "belongs to micro-credential other-course, not to data-analysis");
	t.requirement_ref = "1";
	t.text = NULL;
	t.url = "ftp://example.org/x";
	expect_err(mc_evidence_submit(&app, &arena, &t, &ev2, &err), MC_EINVAL, &err,
	           "must be an absolute http(s) URL");
	t.url = "https://example.org/a b";
	expect_err(mc_evidence_submit(&app, &arena, &t, &ev2, &err), MC_EINVAL, &err, "contains a space");
	t.text = "both";
	expect_err(mc_evidence_submit(&app, &arena, &t, &ev2, &err), MC_EINVAL, &err,
	           "exactly one of text, URL or file");
	assert_int_equal(count_where("evidence"), evs);
	assert_int_equal(count_where("files"), files);

	/* Privacy: private evidence is for the learner and the issuer's staff. */
	struct mc_evidence *pub = submit_text(e->id, "3", "My public write-up", true);
	expect_err(mc_evidence_get(&app, &arena, ev->id, NULL, &ev2, &err), MC_EAUTH, &err, "is private");
	expect_err(mc_evidence_get(&app, &arena, ev->id, "rival@other.example", &ev2, &err), MC_EAUTH, &err,
	           "is private");
	assert_int_equal(mc_evidence_get(&app, &arena, ev->id, "bob@example.org", &ev2, &err), 0);
	assert_int_equal(ev2->requirement_number, 1);
	assert_int_equal(mc_evidence_get(&app, &arena, ev->id, "tutor@example.edu", &ev2, &err), 0);
	assert_int_equal(mc_evidence_get(&app, &arena, pub->id, NULL, &ev2, &err), 0);
	struct mc_evidence **list;
	size_t n, hidden;
	assert_int_equal(mc_evidence_list(&app, &arena, e->id, NULL, &list, &n, &hidden, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(hidden, 2);
	assert_int_equal(mc_evidence_list(&app, &arena, e->id, "dean@example.edu", &list, &n, &hidden, &err),
	                 0);
	assert_int_equal(n, 3);
	assert_int_equal(hidden, 0);
}

/* ---- reviews ---- */

static void review_rules(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_enrolment *e = enrol("data-analysis", "cleo@example.org");
	struct mc_evidence *ev = submit_text(e->id, "1", "My project", true);
	struct mc_learning_outcome *o;
	struct mc_rubric_score *rs;
	size_t n;
	struct mc_review_input in = {
	    .evidence_id = ev->id, .reviewer = "rival@other.example", .accept = true};
	int64_t reviews = count_where("reviews");

	expect_err(
	    mc_review_record(&app, &arena, &in, &o, &err), MC_EAUTH, &err,
	    "rival@other.example is not staff of issuer example-university, so may not review evidence");
	in.reviewer = "stranger@example.org";
	expect_err(mc_review_record(&app, &arena, &in, &o, &err), MC_EAUTH, &err, "is not a known user");
	in.reviewer = "cleo@example.org"; /* learners do not review their own work */
	expect_err(mc_review_record(&app, &arena, &in, &o, &err), MC_EAUTH, &err, "is not staff");
	in.reviewer = "tutor@example.edu";
	expect_err(mc_review_record(&app, &arena, &in, &o, &err), MC_EINVAL, &err,
	           "has a pass threshold of 14: give the score");
	expect_err(mc_rubric_parse(&arena, "Design:8", &rs, &n, &err), MC_EINVAL, &err,
	           "is not criterion=points");
	assert_int_equal(mc_rubric_parse(&arena, "Style=3", &rs, &n, &err), 0);
	in.rubric = rs;
	in.rubric_n = n;
	expect_err(
	    mc_review_record(&app, &arena, &in, &o, &err), MC_EINVAL, &err,
	    "'Style' is not a criterion of the rubric of requirement 1 (Final project); its criteria are "
	    "'Design', 'Code'");
	assert_int_equal(mc_rubric_parse(&arena, "Design=11,Code=5", &rs, &n, &err), 0);
	in.rubric = rs;
	in.rubric_n = n;
	expect_err(mc_review_record(&app, &arena, &in, &o, &err), MC_EINVAL, &err,
	           "gets 11 points; it has 0 to 10");
	assert_int_equal(mc_rubric_parse(&arena, "Design=8", &rs, &n, &err), 0);
	in.rubric = rs;
	in.rubric_n = n;
	expect_err(mc_review_record(&app, &arena, &in, &o, &err), MC_EINVAL, &err,
	           "'Code' of requirement 1 is not scored");
	assert_int_equal(mc_rubric_parse(&arena, "Design=8,Code=5", &rs, &n, &err), 0);
	in.rubric = rs;
	in.rubric_n = n;
	expect_err(mc_review_record(&app, &arena, &in, &o, &err), MC_EINVAL, &err,
	           "score 13 is below the pass threshold 14 of requirement 1");
	in.has_score = true;
	in.score = 15;
	expect_err(mc_review_record(&app, &arena, &in, &o, &err), MC_EINVAL, &err,
	           "--score 15 differs from the sum of the rubric points (13)");
	assert_int_equal(count_where("reviews"), reviews);
	assert_string_equal(req_progress(e->id, 1)->description, "awaiting review");
	assert_int_equal(req_progress(e->id, 1)->state, MC_REQ_SUBMITTED);

	/* Rejecting below the threshold is fine; the learner submits again. */
	in.accept = false;
	in.has_score = false;
	in.comment = "Tests are missing";
	assert_int_equal(mc_review_record(&app, &arena, &in, &o, &err), 0);
	assert_string_equal(req_progress(e->id, 1)->description,
	                    "rejected (score 13 / pass 14) — submit again");
	expect_err(mc_review_record(&app, &arena, &in, &o, &err), MC_ESTATE, &err,
	           "was already rejected by tutor@example.edu");
	struct mc_evidence *shown;
	assert_int_equal(mc_evidence_get(&app, &arena, ev->id, "cleo@example.org", &shown, &err), 0);
	assert_string_equal(shown->decision, "reject");
	assert_true(shown->has_score);
	assert_true(shown->score == 13);
	assert_non_null(strstr(shown->feedback_json, "\"comment\":\"Tests are missing\""));
	assert_non_null(strstr(shown->feedback_json, "{\"criterion\":\"Code\",\"points\":5}"));

	struct mc_evidence *ev2 = submit_text(e->id, "1", "My project, with tests", true);
	o = review(ev2->id, true, "Design=9,Code=8", "dean@example.edu"); /* owners review too */
	assert_non_null(o->progress);
	assert_int_equal(o->progress->reqs[0].state, MC_REQ_MET);
	assert_string_equal(o->progress->reqs[0].description, "accepted, score 17 / pass 14");
	assert_null(o->credential_id);
}

/* ---- attendance and results ---- */

static void attendance_and_results(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_enrolment *e = enrol("data-analysis", "dan@example.org");
	struct mc_learning_outcome *o;
	assert_string_equal(req_progress(e->id, 2)->description, "0 of 3 sessions attended");
	o = attend(e->id, "2", "Lecture 1");
	assert_false(o->duplicate);
	attend(e->id, "2", "Lecture 2");
	o = attend(e->id, "2", "Lecture 2"); /* a replay */
	assert_true(o->duplicate);
	assert_int_equal(count_where(mc_arena_printf(&arena, "attendance WHERE enrolment_id = '%s'", e->id)),
	                 2);
	assert_string_equal(req_progress(e->id, 2)->description, "2 of 3 sessions attended");
	assert_int_equal(req_progress(e->id, 2)->state, MC_REQ_IN_PROGRESS);

	struct mc_attendance_input at = {
	    .enrolment_id = e->id, .requirement_ref = "4", .session = "x", .staff = "tutor@example.edu"};
	expect_err(mc_attendance_record(&app, &arena, &at, &o, &err), MC_EINVAL, &err,
	           "is a assessment requirement, not attendance");
	at.requirement_ref = "5";
	at.staff = "dan@example.org";
	expect_err(mc_attendance_record(&app, &arena, &at, &o, &err), MC_EAUTH, &err,
	           "may not record attendance");
	at.staff = "tutor@example.edu";
	at.session = "";
	expect_err(mc_attendance_record(&app, &arena, &at, &o, &err), MC_EINVAL, &err, "name the session");

	int64_t results = count_where("results");
	struct mc_result_input r = {.enrolment_id = e->id,
	                            .requirement_ref = "4",
	                            .staff = "tutor@example.edu",
	                            .has_score = true,
	                            .score = 55};
	expect_err(mc_result_record(&app, &arena, &r, &o, &err), MC_EINVAL, &err, "must be proctored");
	r.proctored = true;
	r.identity_verification = "photo-id";
	expect_err(mc_result_record(&app, &arena, &r, &o, &err), MC_EINVAL, &err,
	           "verifies identity by online-proctoring; this result says 'photo-id'");
	r.identity_verification = NULL; /* the requirement's way */
	r.score = 101;
	expect_err(mc_result_record(&app, &arena, &r, &o, &err), MC_EINVAL, &err,
	           "score 101 is outside 0..100");
	r.score = 55;
	r.supervisor_name = "Sam";
	expect_err(mc_result_record(&app, &arena, &r, &o, &err), MC_EINVAL, &err,
	           "not a supervisor's attestation");
	r.supervisor_name = NULL;
	assert_int_equal(count_where("results"), results);
	assert_string_equal(req_progress(e->id, 4)->description,
	                    "not taken yet (pass score 70, at most 2 attempts)");

	assert_int_equal(mc_result_record(&app, &arena, &r, &o, &err), 0);
	assert_string_equal(req_progress(e->id, 4)->description,
	                    "score 55 / pass 70 — failed; 1 attempt left");
	assert_int_equal(mc_result_record(&app, &arena, &r, &o, &err), 0);
	assert_int_equal(req_progress(e->id, 4)->state, MC_REQ_FAILED);
	assert_string_equal(req_progress(e->id, 4)->description,
	                    "score 55 / pass 70 — failed; all 2 attempts used");
	expect_err(mc_result_record(&app, &arena, &r, &o, &err), MC_ESTATE, &err,
	           "all 2 attempts at requirement 4");
	assert_int_equal(count_where("results"), results + 2);

	/* Workplace demonstration: a named supervisor attests. */
	struct mc_result_input w = {.enrolment_id = e->id,
	                            .requirement_ref = "6",
	                            .staff = "tutor@example.edu",
	                            .supervisor_name = "Grace Hopper"};
	expect_err(mc_result_record(&app, &arena, &w, &o, &err), MC_EINVAL, &err,
	           "attested by a named supervisor");
	w.supervisor_email = "grace@acme";
	w.statement = "Dan ran the monthly analysis on his own.";
	expect_err(mc_result_record(&app, &arena, &w, &o, &err), MC_EINVAL, &err, "supervisor email");
	w.supervisor_email = "grace@acme.example";
	w.has_score = true;
	expect_err(mc_result_record(&app, &arena, &w, &o, &err), MC_EINVAL, &err, "not a score");
	w.has_score = false;
	assert_int_equal(mc_result_record(&app, &arena, &w, &o, &err), 0);
	assert_string_equal(req_progress(e->id, 6)->description,
	                    "attested by Grace Hopper (grace@acme.example)");
	expect_err(mc_result_record(&app, &arena, &w, &o, &err), MC_ESTATE, &err,
	           "was already attested by Grace Hopper");
}

/* ---- completion -> award ---- */

static void completion_awards_once(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_enrolment *e = enrol("data-analysis", "eve@example.org");
	struct mc_learning_outcome *o;
	const char png[] = "\x89PNG\r\n\x1a\nnot really an image";
	struct mc_evidence_input fin = {.enrolment_id = e->id,
	                                .requirement_ref = "1",
	                                .file = png,
	                                .file_len = sizeof(png) - 1,
	                                .file_name = "diagram.png",
	                                .is_public = true,
	                                .title = "Architecture diagram"};
	struct mc_evidence *proj, *p1, *p2;
	assert_int_equal(mc_evidence_submit(&app, &arena, &fin, &proj, &err), 0);
	p1 = submit_text(e->id, "3", "Cleaned the city bike data set", true);
	struct mc_evidence_input uin = {.enrolment_id = e->id,
	                                .requirement_ref = "3",
	                                .url = "https://github.com/eve/charts",
	                                .is_public = false};
	assert_int_equal(mc_evidence_submit(&app, &arena, &uin, &p2, &err), 0);
	assert_string_equal(req_progress(e->id, 3)->description, "0 of 2 items accepted, 2 awaiting review");
	assert_int_equal(req_progress(e->id, 3)->state, MC_REQ_SUBMITTED);

	review(proj->id, true, "Design=9,Code=9", "tutor@example.edu");
	review(p1->id, true, NULL, "tutor@example.edu");
	review(p2->id, true, NULL, "tutor@example.edu");
	attend(e->id, "2", "Lecture 1");
	attend(e->id, "2", "Lecture 2");
	attend(e->id, "2", "Lecture 3");
	struct mc_result_input r = {.enrolment_id = e->id,
	                            .requirement_ref = "4",
	                            .staff = "tutor@example.edu",
	                            .has_score = true,
	                            .score = 78,
	                            .proctored = true};
	assert_int_equal(mc_result_record(&app, &arena, &r, &o, &err), 0);
	assert_string_equal(req_progress(e->id, 4)->description,
	                    "score 78 / pass 70 — passed (proctored, identity: online-proctoring)");
	struct mc_result_input w = {.enrolment_id = e->id,
	                            .requirement_ref = "6",
	                            .staff = "tutor@example.edu",
	                            .supervisor_name = "Grace Hopper",
	                            .supervisor_email = "grace@acme.example",
	                            .statement = "Eve built our dashboards."};
	assert_int_equal(mc_result_record(&app, &arena, &w, &o, &err), 0);
	assert_null(o->credential_id);
	assert_int_equal(o->progress->percent, 83); /* 5 of 6 */
	assert_false(o->progress->complete);
	expect_err(mc_enrolment_complete(&app, &arena, e->id, &o, &err), MC_ESTATE, &err,
	           "open requirements: 5 (Data conference: 0 of 1 event attended)");
	int64_t creds = count_where("credentials");

	/* The last event completes the enrolment and awards. */
	o = attend(e->id, "5", "DataConf 2026");
	assert_int_equal(o->award_rc, 0);
	assert_non_null(o->credential_id);
	assert_true(o->awarded_now);
	assert_true(o->progress->complete);
	assert_int_equal(o->progress->percent, 100);
	assert_int_equal(count_where("credentials"), creds + 1);
	const char *cred_id = o->credential_id;
	struct mc_enrolment *done;
	assert_int_equal(mc_enrolment_get(&app, &arena, e->id, &done, &err), 0);
	assert_string_equal(done->state, "completed");
	assert_string_equal(done->completed_at, "2026-01-01T00:00:00Z");

	struct mc_award *aw;
	assert_int_equal(mc_award_get(&app, &arena, cred_id, &aw, &err), 0);
	assert_string_equal(aw->award_key, mc_arena_printf(&arena, "enrolment:%s", e->id));
	struct mc_json *vc = J(aw->json);
	const struct mc_json *evid = mc_json_get(vc, "evidence");
	assert_true(mc_json_is_array(evid));
	assert_int_equal(evid->len, 2); /* the private URL item stays out */
	const struct mc_json *first = &evid->v.items[0];
	assert_string_equal(mc_json_get_str(first, "id"),
	                    mc_arena_printf(&arena, "http://127.0.0.1:8080/evidence/%s", proj->id));
	assert_string_equal(mc_json_get_str(first, "name"), "Architecture diagram");
	assert_string_equal(mc_json_get_str(first, "genre"), "Assignment");
	assert_non_null(mc_json_get_str(first, "digestSRI"));
	assert_true(strncmp(mc_json_get_str(first, "digestSRI"), "sha256-", 7) == 0);
	assert_string_equal(mc_json_get_str(&evid->v.items[1], "narrative"),
	                    "Cleaned the city bike data set");
	assert_string_equal(mc_json_get_str(&evid->v.items[1], "genre"), "Portfolio item");
	assert_null(strstr(aw->json, "github.com/eve"));
	assert_null(mc_json_get(mc_json_get(vc, "credentialSubject"), "result"));

	/* Replays: the same credential, never a second one. */
	o = attend(e->id, "5", "DataConf 2026");
	assert_true(o->duplicate);
	assert_string_equal(o->credential_id, cred_id);
	assert_false(o->awarded_now);
	assert_int_equal(mc_enrolment_complete(&app, &arena, e->id, &o, &err), 0);
	assert_string_equal(o->credential_id, cred_id);
	assert_false(o->awarded_now);
	struct mc_progress *p;
	assert_int_equal(mc_progress_get(&app, &arena, e->id, &p, &err), 0);
	assert_string_equal(p->credential_id, cred_id);
	assert_int_equal(count_where("credentials"), creds + 1);
	/* Nothing new is recorded on a completed enrolment. */
	struct mc_attendance_input at = {.enrolment_id = e->id,
	                                 .requirement_ref = "5",
	                                 .session = "Another",
	                                 .staff = "tutor@example.edu"};
	expect_err(mc_attendance_record(&app, &arena, &at, &o, &err), MC_ESTATE, &err,
	           "is already completed");
	assert_int_equal(mc_enrolment_complete(&app, &arena, e->id, &o, &err), 0);
}

/* Two processes complete the same enrolment at once: one credential. */
static void concurrent_completion(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_enrolment *e = enrol("other-course", "fay@example.org");
	struct mc_evidence *ev = submit_text(e->id, "1", "Essay text", false);
	/* Accept behind the service's back so that nobody has awarded yet. */
	struct mc_db_stmt *st;
	assert_int_equal(
	    mc_db_prepare(app.db, "UPDATE evidence SET state = 'accepted' WHERE id = $1", &st, &err), 0);
	mc_db_bind_text(st, 1, ev->id);
	assert_int_equal(mc_db_run(st, &err), 0);
	int64_t creds = count_where("credentials");

	int fds[2][2];
	pid_t pids[2];
	for (int i = 0; i < 2; i++) {
		assert_int_equal(pipe(fds[i]), 0);
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			struct mc_app child;
			struct mc_arena a;
			struct mc_learning_outcome *o;
			struct mc_err e2 = {0};
			mc_arena_init(&a, 0);
			char msg[600] = "ERR";
			if (mc_app_open(&child, path, "http://127.0.0.1:8080", &e2) == 0 &&
			    mc_enrolment_complete(&child, &a, e->id, &o, &e2) == 0)
				snprintf(msg, sizeof(msg), "%s %d", o->credential_id, o->awarded_now);
			else
				snprintf(msg, sizeof(msg), "ERR %s", e2.msg);
			if (write(fds[i][1], msg, strlen(msg) + 1) < 0)
				_exit(2);
			_exit(0);
		}
		close(fds[i][1]);
	}
	char got[2][600];
	for (int i = 0; i < 2; i++) {
		int status;
		ssize_t n = read(fds[i][0], got[i], sizeof(got[i]) - 1);
		got[i][n > 0 ? n : 0] = '\0';
		close(fds[i][0]);
		waitpid(pids[i], &status, 0);
		if (strncmp(got[i], "ERR", 3) == 0)
			fail_msg("child %d: %s", i, got[i]);
	}
	/* Same credential id; exactly one of them created it. */
	size_t idlen = strcspn(got[0], " ");
	assert_int_equal(strncmp(got[0], got[1], idlen + 1), 0);
	assert_int_equal((got[0][idlen + 1] - '0') + (got[1][idlen + 1] - '0'), 1);
	assert_int_equal(count_where("credentials"), creds + 1);
	struct mc_enrolment *done;
	assert_int_equal(mc_enrolment_get(&app, &arena, e->id, &done, &err), 0);
	assert_string_equal(done->state, "completed");
}

/* Results go in only when the achievement describes them. */
static void results_need_descriptions(void **state)
{
	(void)state;
	struct mc_requirement_progress reqs[2] = {
	    {.id = "r-test", .number = 1, .kind = "assessment", .title = "Skill test", .state = MC_REQ_MET},
	    {.id = "r-other", .number = 2, .kind = "assessment", .title = "Other test", .state = MC_REQ_MET},
	};
	struct mc_progress p = {.reqs = reqs, .n = 2};
	struct mc__result_row res[2] = {
	    {.requirement_id = "r-test", .attempt = 1, .has_score = true, .score = 78, .passed = true},
	    {.requirement_id = "r-other", .attempt = 1, .has_score = true, .score = 90, .passed = true},
	};
	struct mc_json *none = mc__learning_results(&arena, J("{\"id\": \"x\"}"), &p, res, 2);
	assert_int_equal(none->len, 0);
	struct mc_json *some = mc__learning_results(
	    &arena,
	    J("{\"resultDescription\": [{\"id\": \"https://x.example/a#requirement-1\", \"type\": "
	      "[\"ResultDescription\"], \"name\": \"Skill test\", \"resultType\": \"ScaledScore\"}]}"),
	    &p, res, 2);
	assert_int_equal(some->len, 1);
	assert_string_equal(mc_json_get_str(&some->v.items[0], "resultDescription"),
	                    "https://x.example/a#requirement-1");
	assert_string_equal(mc_json_get_str(&some->v.items[0], "value"), "78");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(enrolment_rules),        cmocka_unit_test(file_types_from_content),
	    cmocka_unit_test(evidence_rules),         cmocka_unit_test(review_rules),
	    cmocka_unit_test(attendance_and_results), cmocka_unit_test(completion_awards_once),
	    cmocka_unit_test(concurrent_completion),  cmocka_unit_test(results_need_descriptions),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
