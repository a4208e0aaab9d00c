/* RFC 3339 date-times: valid and invalid forms, leap years, offsets, fractions,
 * ordering, and the calendar arithmetic checked against independent day counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* cmocka.h needs the headers above first. */
/* clang-format off */
#include <cmocka.h>
/* clang-format on */

#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/time.h"

static struct mc_time parse_ok(const char *s)
{
	struct mc_time t;
	struct mc_err err = {0};
	memset(&t, 0x5a, sizeof(t));
	if (mc_time_parse(&t, s, strlen(s), &err) != 0)
		fail_msg("\"%s\" should parse: %s", s, err.msg);
	return t;
}

static void check_format(const struct mc_time *t, const char *want)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	assert_int_equal(mc_time_format(&b, t), 0);
	assert_string_equal(b.ptr, want);
	mc_buf_release(&b);
}

/* Parses s, expects unix seconds sec, nanoseconds nsec, and the UTC re-print. */
static void check(const char *s, int64_t sec, int32_t nsec, const char *utc)
{
	struct mc_time t = parse_ok(s);
	if (t.sec != sec)
		fail_msg("\"%s\": sec %lld, expected %lld", s, (long long)t.sec, (long long)sec);
	assert_int_equal(t.nsec, nsec);
	check_format(&t, utc);
}

static void check_reject(const char *s, const char *needle)
{
	struct mc_time t;
	struct mc_err err = {0};
	int rc = mc_time_parse(&t, s, strlen(s), &err);
	if (rc != MC_EINVAL)
		fail_msg("\"%s\" should be rejected, got %d", s, rc);
	if (!strstr(err.msg, needle))
		fail_msg("message for \"%s\" lacks \"%s\": %s", s, needle, err.msg);
	/* Every message shows a valid example. */
	if (!strstr(err.msg, "2025-01-15T09:00:00Z"))
		fail_msg("message for \"%s\" lacks an example: %s", s, err.msg);
}

static void valid_forms(void **state)
{
	check("1970-01-01T00:00:00Z", 0, 0, "1970-01-01T00:00:00Z");
	check("2025-01-15T09:00:00Z", 1736931600, 0, "2025-01-15T09:00:00Z");
	check("2025-01-15t09:00:00z", 1736931600, 0, "2025-01-15T09:00:00Z"); /* lower case allowed */
	check("2023-02-24T23:36:38Z", 1677281798, 0, "2023-02-24T23:36:38Z");
	check("1969-12-31T23:59:59Z", -1, 0, "1969-12-31T23:59:59Z");
	check("2000-02-29T12:00:00Z", 951825600, 0, "2000-02-29T12:00:00Z");
	check("2038-01-19T03:14:08Z", INT64_C(2147483648), 0, "2038-01-19T03:14:08Z");
	check("9999-12-31T23:59:59Z", INT64_C(253402300799), 0, "9999-12-31T23:59:59Z");
	check("0001-01-01T00:00:00Z", INT64_C(-62135596800), 0, "0001-01-01T00:00:00Z");
	check("0000-03-01T00:00:00Z", INT64_C(-62162035200), 0, "0000-03-01T00:00:00Z");
}

static void offsets(void **state)
{
	check("2025-01-15T10:00:00+01:00", 1736931600, 0, "2025-01-15T09:00:00Z");
	check("2025-01-15T04:30:00-04:30", 1736931600, 0, "2025-01-15T09:00:00Z");
	check("2025-01-15T09:00:00-00:00", 1736931600, 0, "2025-01-15T09:00:00Z");
	check("2025-01-15T09:00:00+00:00", 1736931600, 0, "2025-01-15T09:00:00Z");
	/* Offsets that cross a day, month and year boundary. */
	check("2025-01-01T00:30:00+01:00", 1735687800, 0, "2024-12-31T23:30:00Z");
	check("2024-12-31T23:30:00-23:59", 1735774140, 0, "2025-01-01T23:29:00Z");
	struct mc_time t = parse_ok("2025-01-15T10:00:00+05:45");
	assert_int_equal(t.offset, 345);
	t = parse_ok("2025-01-15T10:00:00-03:30");
	assert_int_equal(t.offset, -210);
	t = parse_ok("2025-01-15T10:00:00Z");
	assert_int_equal(t.offset, 0);
}

static void fractions(void **state)
{
	check("2025-01-15T09:00:00.5Z", 1736931600, 500000000, "2025-01-15T09:00:00.5Z");
	check("2025-01-15T09:00:00.50Z", 1736931600, 500000000, "2025-01-15T09:00:00.50Z");
	check("2025-01-15T09:00:00.000Z", 1736931600, 0, "2025-01-15T09:00:00.000Z");
	check("2025-01-15T09:00:00.123456789Z", 1736931600, 123456789, "2025-01-15T09:00:00.123456789Z");
	check("2025-01-15T09:00:00.000000001Z", 1736931600, 1, "2025-01-15T09:00:00.000000001Z");
	check("2025-01-15T09:00:00.0123Z", 1736931600, 12300000, "2025-01-15T09:00:00.0123Z");
	/* Below a nanosecond is dropped. */
	check("2025-01-15T09:00:00.1234567891234Z", 1736931600, 123456789, "2025-01-15T09:00:00.123456789Z");
	check("2025-01-15T10:00:00.25+01:00", 1736931600, 250000000, "2025-01-15T09:00:00.25Z");
	/* Before 1970 the fraction still counts forward from the second. */
	check("1969-12-31T23:59:59.75Z", -1, 750000000, "1969-12-31T23:59:59.75Z");
	struct mc_time t = parse_ok("2025-01-15T09:00:00.120Z");
	assert_int_equal(t.frac_digits, 3);
}

static void leap_years(void **state)
{
	/* Feb 29 exists in years divisible by 4, except centuries not divisible by 400. */
	static const struct {
		int year;
		int leap;
	} years[] = {{1900, 0}, {1996, 1}, {1999, 0}, {2000, 1}, {2023, 0}, {2024, 1},
	             {2100, 0}, {2400, 1}, {0, 1},    {4, 1},    {100, 0},  {9996, 1}};
	for (size_t i = 0; i < sizeof(years) / sizeof(years[0]); i++) {
		char s[40];
		struct mc_time t;
		struct mc_err err = {0};
		snprintf(s, sizeof(s), "%04d-02-29T00:00:00Z", years[i].year);
		int rc = mc_time_parse(&t, s, strlen(s), &err);
		if (years[i].leap) {
			if (rc != 0)
				fail_msg("%s: %s", s, err.msg);
			/* Feb 29 is one day after Feb 28 and one before Mar 1. */
			struct mc_time feb28, mar1;
			snprintf(s, sizeof(s), "%04d-02-28T00:00:00Z", years[i].year);
			feb28 = parse_ok(s);
			snprintf(s, sizeof(s), "%04d-03-01T00:00:00Z", years[i].year);
			mar1 = parse_ok(s);
			assert_true(t.sec - feb28.sec == 86400);
			assert_true(mar1.sec - t.sec == 86400);
		} else {
			if (rc != MC_EINVAL)
				fail_msg("%s should be rejected", s);
			assert_non_null(strstr(err.msg, "which has 28 days"));
		}
	}
}

/* Every day from 1600 to 2400 against a day counter that walks the calendar one
 * day at a time (independent of the closed-form arithmetic in time.c). */
static void calendar_walk(void **state)
{
	static const int dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	/* Days from 1600-01-01 to 1970-01-01: 370 years, 90 leap years (1600..1968,
	 * minus 1700, 1800, 1900). */
	int64_t day = -(int64_t)(370 * 365 + 90);
	int checked = 0;
	for (int y = 1600; y < 2400; y++) {
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		for (int m = 1; m <= 12; m++) {
			int nd = dim[m - 1] + (m == 2 && leap);
			for (int d = 1; d <= nd; d++, day++) {
				/* Sample the walk (every 7th day plus month edges) to keep it fast. */
				if (d != 1 && d != nd && day % 7 != 0)
					continue;
				char s[40], want[40];
				snprintf(s, sizeof(s), "%04d-%02d-%02dT12:34:56Z", y, m, d);
				struct mc_time t = parse_ok(s);
				if (t.sec != day * 86400 + 12 * 3600 + 34 * 60 + 56)
					fail_msg("%s: sec %lld, expected day %lld", s, (long long)t.sec,
					         (long long)day);
				snprintf(want, sizeof(want), "%s", s);
				check_format(&t, want);
				checked++;
			}
			char bad[40];
			snprintf(bad, sizeof(bad), "%04d-%02d-%02dT00:00:00Z", y, m, nd + 1);
			struct mc_time t;
			assert_int_equal(mc_time_parse(&t, bad, strlen(bad), NULL), MC_EINVAL);
		}
	}
	assert_true(checked > 40000);
}

static void leap_second(void **state)
{
	/* 23:59:60 folds into the next second. */
	struct mc_time a = parse_ok("2016-12-31T23:59:60Z");
	struct mc_time b = parse_ok("2017-01-01T00:00:00Z");
	assert_true(a.sec == b.sec);
	check_format(&a, "2017-01-01T00:00:00Z");
	a = parse_ok("1998-12-31T18:59:60.5-05:00");
	b = parse_ok("1999-01-01T00:00:00Z");
	assert_true(a.sec == b.sec);
	assert_int_equal(a.nsec, 500000000);
	check_format(&a, "1999-01-01T00:00:00.5Z");
}

static void invalid_forms(void **state)
{
	check_reject("", "empty");
	check_reject("2025-01-15", "time zone are required");
	check_reject("2025-01-15T09:00:00", "time zone is required");
	check_reject("2025-01-15 09:00:00Z", "not a space");
	check_reject("2025-01-15X09:00:00Z", "expected 'T'");
	check_reject("2025-1-15T09:00:00Z", "month must be two digits");
	check_reject("25-01-15T09:00:00Z", "year must be four digits");
	check_reject("2025-13-15T09:00:00Z", "month 13 is out of range");
	check_reject("2025-00-15T09:00:00Z", "month 00 is out of range");
	check_reject("2025-01-00T09:00:00Z", "day 00 is out of range");
	check_reject("2025-04-31T09:00:00Z", "day 31 is out of range for 2025-04");
	check_reject("2025-02-29T09:00:00Z", "which has 28 days");
	check_reject("2025-01-15T24:00:00Z", "hour 24");
	check_reject("2025-01-15T09:60:00Z", "minute 60");
	check_reject("2025-01-15T09:00:61Z", "second 61");
	check_reject("2025-01-15T09:00Z", "seconds are required");
	check_reject("2025-01-15T09:00:00.Z", "digits after the decimal point");
	check_reject("2025-01-15T09:00:00,5Z", "expected a time zone");
	check_reject("2025-01-15T09:00:00+0100", "+hh:mm");
	check_reject("2025-01-15T09:00:00+1:00", "+hh:mm");
	check_reject("2025-01-15T09:00:00+24:00", "offset is out of range");
	check_reject("2025-01-15T09:00:00+01:60", "offset is out of range");
	check_reject("2025-01-15T09:00:00ZZ", "unexpected text after");
	check_reject("2025-01-15T09:00:00Z ", "unexpected text after");
	check_reject("+2025-01-15T09:00:00Z", "four digits");
	check_reject("2025-01-15T09:00:00UTC", "expected a time zone");
	/* The input is quoted, with unprintable bytes escaped. */
	check_reject("2025-01-15T09:00:00\nZ", "\\x0a");
	/* Length is honoured: a valid prefix of a longer string is not enough. */
	struct mc_time t;
	const char *s = "2025-01-15T09:00:00Zjunk";
	assert_int_equal(mc_time_parse(&t, s, 20, NULL), 0);
	assert_int_equal(mc_time_parse(&t, s, 19, NULL), MC_EINVAL);
}

static void ordering(void **state)
{
	static const char *const sorted[] = {
	    "0001-01-01T00:00:00Z",           "1969-12-31T23:59:59.999999999Z", "1970-01-01T00:00:00Z",
	    "1970-01-01T00:00:00.000000001Z", "2025-01-15T10:00:00.5+01:00", /* 09:00:00.5Z */
	    "2025-01-15T09:00:01Z",           "2025-01-15T05:00:01.1-04:00", /* 09:00:01.1Z */
	    "2025-01-16T00:00:00+14:00",                                     /* 2025-01-15T10:00:00Z */
	    "2025-01-15T23:00:00Z",           "9999-12-31T23:59:59Z",
	};
	size_t n = sizeof(sorted) / sizeof(sorted[0]);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			struct mc_time a = parse_ok(sorted[i]), b = parse_ok(sorted[j]);
			int c = mc_time_cmp(&a, &b);
			int want = i < j ? -1 : i > j ? 1 : 0;
			if ((c > 0) - (c < 0) != want)
				fail_msg("cmp(%s, %s) = %d", sorted[i], sorted[j], c);
		}
	}
	/* Same instant written in two zones compares equal. */
	struct mc_time a = parse_ok("2025-01-15T10:00:00+01:00"), b = parse_ok("2025-01-15T09:00:00Z");
	assert_int_equal(mc_time_cmp(&a, &b), 0);
}

static void now_and_unix(void **state)
{
	struct mc_time t = mc_time_from_unix(1736931600);
	assert_int_equal(t.nsec, 0);
	assert_int_equal(t.frac_digits, 0);
	check_format(&t, "2025-01-15T09:00:00Z");
	t = mc_time_from_unix(-86400);
	check_format(&t, "1969-12-31T00:00:00Z");

	struct mc_time now = mc_time_now();
	time_t sys = time(NULL);
	assert_int_equal(now.nsec, 0);
	assert_true(now.sec >= (int64_t)sys - 2 && now.sec <= (int64_t)sys + 2);
	/* Round trip through text. */
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	assert_int_equal(mc_time_format(&b, &now), 0);
	struct mc_time back = parse_ok(b.ptr);
	assert_int_equal(mc_time_cmp(&now, &back), 0);
	mc_buf_release(&b);

	/* Years past 9999 cannot be written in RFC 3339. */
	t = mc_time_from_unix(INT64_C(253402300800));
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	assert_int_equal(mc_time_format(&b, &t), MC_EINVAL);
	mc_buf_release(&b);
}

/* The result does not depend on the TZ environment. */
static void tz_independent(void **state)
{
	setenv("TZ", "Pacific/Chatham", 1);
	tzset();
	check("2025-01-15T09:00:00Z", 1736931600, 0, "2025-01-15T09:00:00Z");
	check("2025-07-01T00:00:00+02:00", 1751320800, 0, "2025-06-30T22:00:00Z");
	unsetenv("TZ");
	tzset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(valid_forms),    cmocka_unit_test(offsets),       cmocka_unit_test(fractions),
	    cmocka_unit_test(leap_years),     cmocka_unit_test(calendar_walk), cmocka_unit_test(leap_second),
	    cmocka_unit_test(invalid_forms),  cmocka_unit_test(ordering),      cmocka_unit_test(now_and_unix),
	    cmocka_unit_test(tz_independent),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
