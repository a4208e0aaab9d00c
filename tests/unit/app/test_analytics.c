/* The console's numbers on a hand-built data set (a real SQLite file, rows written
 * with SQL so that every date is known): enrolments, completion rate, median time
 * to earn, the histogram, awards per month, the per-micro-credential table, the
 * review queue and the staff list; and the SVG charts (well-formed, escaped). */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "microcred/analytics.h"
#include "microcred/issuer.h"

#include "web/svgchart.h"

static char path[256];
static struct mc_app app;
static struct mc_arena arena;
static struct mc_issuer *uni, *other;
static int64_t number;

static void rm_db(void)
{
	char p[300];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static void exec(const char *sql)
{
	struct mc_err err = {0};
	if (mc_db_exec_script(app.db, sql, &err) != 0)
		fail_msg("%s: %s", sql, err.msg);
}

static void achievement(const char *id, const struct mc_issuer *is, const char *slug, const char *title)
{
	exec(mc_arena_printf(
	    &arena,
	    "INSERT INTO achievements (id, issuer_id, slug, title, state, created_at, updated_at) "
	    "VALUES ('%s', '%s', '%s', '%s', 'published', '2024-12-01T00:00:00Z', "
	    "'2024-12-01T00:00:00Z')",
	    id, is->id, slug, title));
}

static void user(const char *id, const char *email)
{
	exec(mc_arena_printf(
	    &arena,
	    "INSERT INTO users (id, email, name, created_at) VALUES ('%s', '%s', 'Learner %s', "
	    "'2024-12-01T00:00:00Z')",
	    id, email, id));
}

static void enrol(const char *id, const char *ach, const char *usr, const char *state, const char *started)
{
	exec(mc_arena_printf(
	    &arena,
	    "INSERT INTO enrolments (id, achievement_id, user_id, state, started_at, created_at) "
	    "VALUES ('%s', '%s', '%s', '%s', '%s', '%s')",
	    id, ach, usr, state, started, started));
}

/* A credential row (the JSON is not what these tests look at). enrolment may be NULL. */
static void credential(const struct mc_issuer *is, const char *ach, const char *enrolment, const char *state,
                       const char *issued)
{
	number++;
	exec(mc_arena_printf(
	    &arena,
	    "INSERT INTO credentials (id, number, issuer_id, achievement_id, recipient_email, "
	    "award_key, enrolment_id, state, json, sha256, issued_at) VALUES "
	    "('urn:uuid:test-%lld', %lld, '%s', '%s', 'x@example.org', 'test:%lld', %s%s%s, '%s', "
	    "'{}', '00', '%s')",
	    (long long)number, (long long)number, is->id, ach, (long long)number, enrolment ? "'" : "",
	    enrolment ? enrolment : "NULL", enrolment ? "'" : "", state, issued));
}

static struct mc_time fixed_clock(void *ctx)
{
	(void)ctx;
	struct mc_time t = {0};
	struct mc_err err = {0};
	mc_time_parse(&t, "2025-10-15T12:00:00Z", 20, &err);
	return t;
}

static int setup(void **state)
{
	(void)state;
	struct mc_err err = {0};
	snprintf(path, sizeof(path), "/tmp/mc-test-analytics-%d.db", (int)getpid());
	rm_db();
	if (mc_app_open(&app, path, "http://127.0.0.1:8080", &err) != 0) {
		fprintf(stderr, "open: %s\n", err.msg);
		return -1;
	}
	app.clock = fixed_clock;
	mc_arena_init(&arena, 0);
	struct mc_issuer_input u = {.name = "University of Testing", .country = "DE", .did_method = "key"};
	struct mc_issuer_input o = {.name = "Other Body", .country = "FR", .did_method = "key"};
	if (mc_issuer_create(&app, &arena, &u, &uni, &err) ||
	    mc_issuer_create(&app, &arena, &o, &other, &err)) {
		fprintf(stderr, "issuer: %s\n", err.msg);
		return -1;
	}
	achievement("a1", uni, "data-basics", "Data Basics");
	achievement("a2", uni, "advanced-data", "Advanced Data");
	achievement("a3", other, "elsewhere", "Elsewhere");
	for (int i = 1; i <= 8; i++)
		user(mc_arena_printf(&arena, "u%d", i), mc_arena_printf(&arena, "u%d@example.org", i));
	/* a1: three completions (3, 10 and 45 days), one active, one withdrawn. */
	enrol("e1", "a1", "u1", "completed", "2025-01-01T00:00:00Z");
	credential(uni, "a1", "e1", "active", "2025-01-04T00:00:00Z");
	enrol("e2", "a1", "u2", "completed", "2025-01-01T00:00:00Z");
	credential(uni, "a1", "e2", "active", "2025-01-11T00:00:00Z");
	enrol("e3", "a1", "u3", "completed", "2025-02-01T00:00:00Z");
	credential(uni, "a1", "e3", "suspended", "2025-03-18T00:00:00Z");
	enrol("e4", "a1", "u4", "active", "2025-04-01T00:00:00Z");
	enrol("e5", "a1", "u5", "withdrawn", "2025-04-01T00:00:00Z");
	/* a2: one completion after 184 days, one active, a revoked direct award. */
	enrol("e6", "a2", "u6", "completed", "2025-03-01T00:00:00Z");
	credential(uni, "a2", "e6", "active", "2025-09-01T00:00:00Z");
	enrol("e7", "a2", "u7", "active", "2025-05-01T00:00:00Z");
	credential(uni, "a2", NULL, "revoked", "2025-06-15T10:00:00Z");
	/* Another issuer's data, and an award too old for the month series. */
	enrol("e8", "a3", "u8", "completed", "2025-05-01T00:00:00Z");
	credential(other, "a3", "e8", "active", "2025-05-02T00:00:00Z");
	credential(uni, "a2", NULL, "active", "2024-10-31T23:59:59Z");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	mc_arena_release(&arena);
	mc_app_close(&app);
	rm_db();
	return 0;
}

static int64_t month(const struct mc_analytics *r, const char *m)
{
	for (int i = 0; i < MC_ANALYTICS_MONTHS; i++)
		if (strcmp(r->months[i].month, m) == 0)
			return r->months[i].awards;
	fail_msg("month %s is not in the series (%s .. %s)", m, r->months[0].month,
	         r->months[MC_ANALYTICS_MONTHS - 1].month);
	return -1;
}

static void issuer_numbers(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_analytics *r;
	assert_int_equal(mc_analytics_issuer(&app, &arena, uni->slug, &r, &err), 0);
	assert_int_equal(r->enrolments, 7);
	assert_int_equal(r->completed, 4);
	assert_int_equal(r->active, 2);
	assert_int_equal(r->withdrawn, 1);
	assert_true(fabs(r->completion_rate - 4.0 / 7.0) < 1e-9);
	assert_int_equal(r->awards, 6);
	assert_int_equal(r->awards_active, 4);
	assert_int_equal(r->awards_revoked, 1);
	assert_int_equal(r->awards_suspended, 1);
	/* Times to earn 3, 10, 45, 184 days: the median is (10 + 45) / 2. */
	assert_int_equal(r->earned, 4);
	assert_true(r->has_median);
	assert_true(fabs(r->median_days - 27.5) < 1e-9);
	int64_t want[MC_ANALYTICS_BUCKETS] = {1, 1, 0, 1, 0, 0, 1};
	for (int b = 0; b < MC_ANALYTICS_BUCKETS; b++)
		assert_int_equal(r->histogram[b].count, want[b]);
	/* Twelve months ending with the clock's (2025-10). */
	assert_string_equal(r->months[0].month, "2024-11");
	assert_string_equal(r->months[MC_ANALYTICS_MONTHS - 1].month, "2025-10");
	assert_int_equal(month(r, "2025-01"), 2);
	assert_int_equal(month(r, "2025-02"), 0);
	assert_int_equal(month(r, "2025-03"), 1);
	assert_int_equal(month(r, "2025-05"), 0); /* the other issuer's */
	assert_int_equal(month(r, "2025-06"), 1);
	assert_int_equal(month(r, "2025-09"), 1);
	int64_t sum = 0;
	for (int i = 0; i < MC_ANALYTICS_MONTHS; i++)
		sum += r->months[i].awards;
	assert_int_equal(sum, 5); /* the award of 2024-10 is outside the window */
}

static void achievement_numbers(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_analytics *r;
	assert_int_equal(mc_analytics_achievement(&app, &arena, "data-basics", &r, &err), 0);
	assert_string_equal(r->achievement_id, "a1");
	assert_int_equal(r->enrolments, 5);
	assert_int_equal(r->completed, 3);
	assert_true(fabs(r->completion_rate - 0.6) < 1e-9);
	assert_true(r->has_median);
	assert_true(fabs(r->median_days - 10) < 1e-9);
	assert_int_equal(r->awards, 3);
	assert_int_equal(month(r, "2025-06"), 0);

	assert_int_equal(mc_analytics_achievement(&app, &arena, "no-such-thing", &r, &err), MC_ENOTFOUND);

	struct mc_analytics_row *rows;
	size_t n;
	assert_int_equal(mc_analytics_by_achievement(&app, &arena, uni->id, &rows, &n, &err), 0);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].title, "Advanced Data"); /* title order */
	assert_int_equal(rows[0].enrolments, 2);
	assert_int_equal(rows[0].completed, 1);
	assert_int_equal(rows[0].awards, 3);
	assert_true(fabs(rows[0].median_days - 184) < 1e-9);
	assert_string_equal(rows[1].slug, "data-basics");
	assert_true(fabs(rows[1].completion_rate - 0.6) < 1e-9);

	/* An issuer with nothing: zeros, no median, no division by zero. */
	struct mc_issuer *empty;
	struct mc_issuer_input e = {.name = "Empty Academy", .country = "IE", .did_method = "key"};
	assert_int_equal(mc_issuer_create(&app, &arena, &e, &empty, &err), 0);
	assert_int_equal(mc_analytics_issuer(&app, &arena, empty->id, &r, &err), 0);
	assert_int_equal(r->enrolments, 0);
	assert_true(r->completion_rate == 0);
	assert_false(r->has_median);
}

static void arithmetic(void **state)
{
	(void)state;
	double v[] = {5, 1, 3}, m;
	assert_true(mc_analytics_median(v, 3, &m));
	assert_true(m == 3);
	double w[] = {4, 1, 3, 2};
	assert_true(mc_analytics_median(w, 4, &m));
	assert_true(m == 2.5);
	assert_false(mc_analytics_median(w, 0, &m));

	struct mc_analytics_bucket h[MC_ANALYTICS_BUCKETS];
	double days[] = {0, 6.99, 7, 13.9, 14, 27.99, 28, 59, 60, 90, 179.9, 180, 1000, -1};
	mc_analytics_histogram(days, sizeof days / sizeof days[0], h);
	int64_t want[MC_ANALYTICS_BUCKETS] = {3, 2, 2, 2, 1, 2, 2};
	for (int b = 0; b < MC_ANALYTICS_BUCKETS; b++)
		assert_int_equal(h[b].count, want[b]);
	assert_string_equal(h[0].label, "under 1 week");
	assert_true(h[6].hi_days == 0);

	struct mc_err err = {0};
	double d;
	assert_int_equal(mc_analytics_days_between("2025-01-01T00:00:00Z", "2025-01-02T12:00:00Z", &d, &err),
	                 0);
	assert_true(fabs(d - 1.5) < 1e-9);
	assert_int_equal(mc_analytics_days_between("2024-02-28T00:00:00Z", "2024-03-01T00:00:00Z", &d, &err),
	                 0);
	assert_true(fabs(d - 2) < 1e-9); /* leap year */
	assert_int_equal(mc_analytics_days_between("yesterday", "2025-01-02T00:00:00Z", &d, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "time to earn"));
}

static void console_lists(void **state)
{
	(void)state;
	struct mc_err err = {0};
	exec("INSERT INTO requirements (id, achievement_id, position, kind, title, created_at) VALUES "
	     "('r1', 'a1', 1, 'assignment', 'Project', '2024-12-01T00:00:00Z'),"
	     "('r3', 'a3', 1, 'assignment', 'Other project', '2024-12-01T00:00:00Z')");
	exec(
	    "INSERT INTO evidence (id, enrolment_id, requirement_id, kind, text, state, submitted_at) VALUES "
	    "('v2', 'e4', 'r1', 'text', 'second', 'submitted', '2025-04-03T00:00:00Z'),"
	    "('v1', 'e4', 'r1', 'text', 'first', 'submitted', '2025-04-02T00:00:00Z'),"
	    "('v0', 'e4', 'r1', 'text', 'done', 'accepted', '2025-04-01T00:00:00Z'),"
	    "('v9', 'e8', 'r3', 'text', 'other issuer', 'submitted', '2025-04-01T00:00:00Z')");
	struct mc_console_review_item *q;
	size_t n, total;
	assert_int_equal(mc_console_review_queue(&app, &arena, uni->slug, 0, &q, &n, &total, &err), 0);
	assert_int_equal(total, 2);
	assert_int_equal(n, 2);
	assert_string_equal(q[0].evidence_id, "v1"); /* oldest first */
	assert_string_equal(q[1].evidence_id, "v2");
	assert_string_equal(q[0].learner_email, "u4@example.org");
	assert_string_equal(q[0].achievement_title, "Data Basics");
	assert_int_equal(mc_console_review_queue(&app, &arena, uni->slug, 1, &q, &n, &total, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(total, 2);

	assert_int_equal(mc_staff_set(&app, uni->slug, "zed@example.org", "Zed", MC_ROLE_ASSESSOR, &err), 0);
	assert_int_equal(mc_staff_set(&app, uni->slug, "amy@example.org", "Amy", MC_ROLE_EDITOR, &err), 0);
	assert_int_equal(mc_staff_set(&app, uni->slug, "owen@example.org", "Owen", MC_ROLE_OWNER, &err), 0);
	assert_int_equal(mc_staff_set(&app, other->slug, "bob@example.org", "Bob", MC_ROLE_OWNER, &err), 0);
	struct mc_console_staff_member *s;
	assert_int_equal(mc_console_staff(&app, &arena, uni->slug, &s, &n, &err), 0);
	assert_int_equal(n, 3);
	assert_string_equal(s[0].role, "owner");
	assert_string_equal(s[1].email, "amy@example.org");
	assert_string_equal(s[2].role, "assessor");
}

/* A small well-formedness check: every tag closes in order, attributes are quoted,
 * no raw '<' or '&' outside markup and entities. */
static void assert_well_formed(const char *s)
{
	const char *stack[64];
	size_t sn[64], depth = 0;
	const char *p = s;
	while (*p) {
		if (*p == '<') {
			bool closing = p[1] == '/';
			const char *name = p + 1 + closing;
			size_t nl = strcspn(name, " />");
			const char *end = strchr(p, '>');
			assert_non_null(end);
			for (const char *q = p + 1; q < end; q++) {
				if (*q == '"') { /* skip the quoted value */
					q = strchr(q + 1, '"');
					assert_non_null(q);
					assert_true(q < end || (end = strchr(q, '>')));
				}
				assert_true(*q != '<');
			}
			if (closing) {
				assert_true(depth > 0);
				depth--;
				assert_int_equal(sn[depth], nl);
				assert_memory_equal(stack[depth], name, nl);
			} else if (end[-1] != '/') {
				assert_true(depth < 64);
				stack[depth] = name;
				sn[depth++] = nl;
			}
			p = end + 1;
		} else if (*p == '&') {
			size_t el = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz#0123456789");
			assert_true(el > 0 && p[1 + el] == ';');
			p += el + 2;
		} else {
			p++;
		}
	}
	assert_int_equal(depth, 0);
}

static void svg_charts(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_svg_bar bars[] = {
	    {"Jan", "January <2025>", 3}, {"Feb & \"Mar\"", NULL, 0}, {"<script>", NULL, 12}};
	struct mc_svg_chart c = {.id = "awards",
	                         .title = "Awards per month <b>",
	                         .desc = "Bars: 3, 0 and 12 awards & more",
	                         .x_label = "Month",
	                         .y_label = "Credentials awarded",
	                         .bars = bars,
	                         .n = 3,
	                         .unit = "awards"};
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	assert_int_equal(mc__svg_bar_chart(&b, &c, &err), 0);
	assert_well_formed(b.ptr);
	assert_true(strncmp(b.ptr, "<svg ", 5) == 0);
	assert_non_null(strstr(b.ptr, "role=\"img\""));
	assert_non_null(strstr(b.ptr, "aria-labelledby=\"awards-title awards-desc\""));
	assert_non_null(strstr(b.ptr, "<title id=\"awards-title\">Awards per month &lt;b&gt;</title>"));
	assert_non_null(strstr(b.ptr, "<desc id=\"awards-desc\">Bars: 3, 0 and 12 awards &amp; more</desc>"));
	assert_non_null(strstr(b.ptr, "&lt;script&gt;"));
	assert_null(strstr(b.ptr, "<script"));
	assert_null(strstr(b.ptr, "<b>"));
	assert_non_null(strstr(b.ptr, "Feb &amp; &quot;Mar&quot;"));
	assert_non_null(strstr(b.ptr, "<title>January &lt;2025&gt;: 3 awards</title>"));
	assert_non_null(strstr(b.ptr, ">Credentials awarded</text>"));
	assert_non_null(strstr(b.ptr, ">Month</text>"));
	/* Three bars; the y axis goes to a round 12 with ticks 0, 5, 10 ... or 0, 2, 4 ... */
	size_t rects = 0;
	for (const char *p = b.ptr; (p = strstr(p, "<rect ")); p++)
		rects++;
	assert_int_equal(rects, 3);
	assert_non_null(strstr(b.ptr, ">12</text>"));
	/* The tallest bar reaches the top of the plot, the empty one has height 0. */
	assert_non_null(strstr(b.ptr, "height=\"0.0\""));

	/* Fractional values keep one decimal; all-zero data still draws an axis. */
	struct mc_svg_bar z[] = {{"a", NULL, 0}, {"b", NULL, 0}};
	struct mc_svg_chart cz = {.id = "z", .title = "t", .desc = "d", .bars = z, .n = 2};
	mc_buf_clear(&b);
	assert_int_equal(mc__svg_bar_chart(&b, &cz, &err), 0);
	assert_well_formed(b.ptr);
	struct mc_svg_bar fr[] = {{"a", NULL, 2.25}};
	struct mc_svg_chart cf = {.id = "f", .title = "t", .desc = "d", .bars = fr, .n = 1};
	mc_buf_clear(&b);
	assert_int_equal(mc__svg_bar_chart(&b, &cf, &err), 0);
	assert_non_null(strstr(b.ptr, ">2.2</text>") ? strstr(b.ptr, ">2.2</text>")
	                                             : strstr(b.ptr, ">2.3</text>"));

	/* Refused: no description, a hostile id, a negative value, no bars. */
	struct mc_svg_chart bad = c;
	bad.desc = NULL;
	assert_int_equal(mc__svg_bar_chart(&b, &bad, &err), MC_EINVAL);
	bad = c;
	bad.id = "x\" onload=\"alert(1)";
	assert_int_equal(mc__svg_bar_chart(&b, &bad, &err), MC_EINVAL);
	struct mc_svg_bar neg[] = {{"a", NULL, -1}};
	bad = c;
	bad.bars = neg;
	bad.n = 1;
	assert_int_equal(mc__svg_bar_chart(&b, &bad, &err), MC_EINVAL);
	bad.n = 0;
	assert_int_equal(mc__svg_bar_chart(&b, &bad, &err), MC_EINVAL);

	/* A full buffer is an error and leaves it unchanged, never half a chart. */
	struct mc_buf small;
	mc_buf_init(&small, 100);
	assert_int_equal(mc__svg_bar_chart(&small, &c, &err), MC_ELIMIT);
	assert_int_equal(small.len, 0);
	mc_buf_release(&small);
	mc_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(issuer_numbers), cmocka_unit_test(achievement_numbers),
	    cmocka_unit_test(arithmetic),     cmocka_unit_test(console_lists),
	    cmocka_unit_test(svg_charts),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
