/* RFC 3339 date-times: see include/microcred/time.h.
 *
 * The calendar arithmetic is done here (days from civil and back, proleptic
 * Gregorian) rather than with timegm/gmtime, so results never depend on TZ, the C
 * library's time_t range or locale. */
#include "microcred/time.h"

#include <stdio.h>
#include <time.h>

#define EXAMPLE "2025-01-15T09:00:00Z"

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int64_t y, int m)
{
	static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : dim[m - 1];
}

/* Days since 1970-01-01 of a proleptic Gregorian date. Eras of 400 years (146097
 * days) make the leap rule regular; the year is shifted to start in March so that
 * the leap day falls at the end. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;                                   /* 0..399 */
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1; /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;           /* 0..146096 */
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Reads exactly k digits at s[*i]; returns -1 when any is not a digit. */
static int digits(const char *s, size_t n, size_t *i, int k)
{
	int v = 0;
	if (*i + (size_t)k > n)
		return -1;
	for (int j = 0; j < k; j++) {
		char c = s[*i + (size_t)j];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*i += (size_t)k;
	return v;
}

/* Formats the error: quotes (up to 40 bytes of) the input, says what is wrong and
 * shows a valid example. */
static int fail(struct mc_err *err, const char *s, size_t n, const char *what)
{
	char shown[41 * 4 + 4];
	size_t o = 0;
	for (size_t i = 0; i < n && i < 40; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			shown[o++] = (char)c;
		} else {
			o += (size_t)snprintf(shown + o, sizeof(shown) - o, "\\x%02x", c);
		}
	}
	if (n > 40) {
		shown[o++] = '.';
		shown[o++] = '.';
		shown[o++] = '.';
	}
	shown[o] = '\0';
	return mc_err_set(err, MC_EINVAL, "invalid date-time \"%s\": %s; expected RFC 3339 such as %s", shown,
	                  what, EXAMPLE);
}

static bool expect(const char *s, size_t n, size_t *i, char c)
{
	if (*i < n && s[*i] == c) {
		(*i)++;
		return true;
	}
	return false;
}

int mc_time_parse(struct mc_time *t, const char *s, size_t n, struct mc_err *err)
{
	size_t i = 0;
	char msg[128];
	int year, mon, day, hour, min, sec;
	int32_t nsec = 0;
	int frac = 0;
	int off = 0;

	if (n == 0)
		return fail(err, s, n, "the value is empty");
	if ((year = digits(s, n, &i, 4)) < 0)
		return fail(err, s, n, "the year must be four digits");
	if (!expect(s, n, &i, '-'))
		return fail(err, s, n, "expected '-' after the year");
	if ((mon = digits(s, n, &i, 2)) < 0)
		return fail(err, s, n, "the month must be two digits");
	if (!expect(s, n, &i, '-'))
		return fail(err, s, n, "expected '-' after the month");
	if ((day = digits(s, n, &i, 2)) < 0)
		return fail(err, s, n, "the day must be two digits");
	if (mon < 1 || mon > 12) {
		snprintf(msg, sizeof(msg), "month %02d is out of range 01..12", mon);
		return fail(err, s, n, msg);
	}
	if (day < 1 || day > days_in_month(year, mon)) {
		snprintf(msg, sizeof(msg), "day %02d is out of range for %04d-%02d (which has %d days)", day,
		         year, mon, days_in_month(year, mon));
		return fail(err, s, n, msg);
	}
	if (i == n)
		return fail(err, s, n, "a time of day and a time zone are required after the date");
	if (s[i] != 'T' && s[i] != 't')
		return fail(err, s, n,
		            s[i] == ' ' ? "the date and time must be separated by 'T', not a space"
		                        : "expected 'T' between the date and the time");
	i++;
	if ((hour = digits(s, n, &i, 2)) < 0)
		return fail(err, s, n, "the hour must be two digits");
	if (!expect(s, n, &i, ':'))
		return fail(err, s, n, "expected ':' after the hour");
	if ((min = digits(s, n, &i, 2)) < 0)
		return fail(err, s, n, "the minutes must be two digits");
	if (!expect(s, n, &i, ':'))
		return fail(err, s, n, "expected ':' and seconds after the minutes (seconds are required)");
	if ((sec = digits(s, n, &i, 2)) < 0)
		return fail(err, s, n, "the seconds must be two digits");
	if (hour > 23) {
		snprintf(msg, sizeof(msg), "hour %02d is out of range 00..23", hour);
		return fail(err, s, n, msg);
	}
	if (min > 59) {
		snprintf(msg, sizeof(msg), "minute %02d is out of range 00..59", min);
		return fail(err, s, n, msg);
	}
	if (sec > 60) {
		snprintf(msg, sizeof(msg), "second %02d is out of range 00..60", sec);
		return fail(err, s, n, msg);
	}
	if (i < n && s[i] == '.') {
		i++;
		size_t start = i;
		while (i < n && s[i] >= '0' && s[i] <= '9') {
			/* Digits past the ninth (below a nanosecond) are read and dropped. */
			if (frac < 9) {
				nsec = nsec * 10 + (s[i] - '0');
				frac++;
			}
			i++;
		}
		if (i == start)
			return fail(err, s, n, "expected digits after the decimal point");
		for (int k = frac; k < 9; k++)
			nsec *= 10;
	}
	if (i == n)
		return fail(err, s, n, "a time zone is required: add 'Z' for UTC or an offset like +01:00");
	if (s[i] == 'Z' || s[i] == 'z') {
		i++;
	} else if (s[i] == '+' || s[i] == '-') {
		int sign = s[i] == '-' ? -1 : 1;
		i++;
		int oh, om;
		if ((oh = digits(s, n, &i, 2)) < 0 || !expect(s, n, &i, ':') ||
		    (om = digits(s, n, &i, 2)) < 0)
			return fail(err, s, n, "the time zone offset must be written as +hh:mm or -hh:mm");
		if (oh > 23 || om > 59)
			return fail(err, s, n,
			            "the time zone offset is out of range (hours 00..23, minutes 00..59)");
		off = sign * (oh * 60 + om);
	} else {
		return fail(err, s, n, "expected a time zone ('Z' or +hh:mm) after the time");
	}
	if (i != n)
		return fail(err, s, n, "unexpected text after the time zone");

	/* A leap second is folded into the next second: 23:59:60Z == next day 00:00:00Z. */
	int64_t secs = days_from_civil(year, mon, day) * 86400 + hour * 3600 + min * 60 + sec;
	t->sec = secs - (int64_t)off * 60;
	t->nsec = nsec;
	t->offset = (int16_t)off;
	t->frac_digits = (uint8_t)frac;
	return 0;
}

int mc_time_format(struct mc_buf *out, const struct mc_time *t)
{
	int64_t days = t->sec / 86400, rem = t->sec % 86400;
	int64_t y;
	int m, d;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	if (t->nsec < 0 || t->nsec > 999999999 || t->frac_digits > 9)
		return MC_EINVAL;
	civil_from_days(days, &y, &m, &d);
	/* RFC 3339 has four-digit years only. */
	if (y < 0 || y > 9999)
		return MC_EINVAL;
	char tmp[48];
	int len = snprintf(tmp, sizeof(tmp), "%04d-%02d-%02dT%02d:%02d:%02d", (int)y, m, d, (int)(rem / 3600),
	                   (int)(rem / 60 % 60), (int)(rem % 60));
	if (t->frac_digits) {
		int32_t v = t->nsec;
		for (int k = t->frac_digits; k < 9; k++)
			v /= 10;
		len += snprintf(tmp + len, sizeof(tmp) - (size_t)len, ".%0*d", t->frac_digits, (int)v);
	}
	tmp[len++] = 'Z';
	return mc_buf_append(out, tmp, (size_t)len);
}

struct mc_time mc_time_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return mc_time_from_unix((int64_t)ts.tv_sec);
}

int mc_time_cmp(const struct mc_time *a, const struct mc_time *b)
{
	if (a->sec != b->sec)
		return a->sec < b->sec ? -1 : 1;
	if (a->nsec != b->nsec)
		return a->nsec < b->nsec ? -1 : 1;
	return 0;
}

struct mc_time mc_time_from_unix(int64_t sec)
{
	return (struct mc_time){.sec = sec, .nsec = 0, .offset = 0, .frac_digits = 0};
}
