/* RFC 8785 JSON Canonicalization Scheme (JCS).
 *
 * Three pieces: numbers in ECMAScript Number::toString form (shortest round-trip
 * digits, laid out by ECMA-262 7.1.12.1), strings escaped as JSON.stringify does,
 * and object members sorted by the UTF-16 code units of their keys. */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/json.h"

/* ---- numbers ---- */

/* Splits "%.*e" output ("D.DDDe+XX", or "De+XX" for one digit) into its digits and
 * decimal exponent; returns the number of digits. The point is whatever the locale
 * says, so only digits are kept. */
static int split_sci(const char *tmp, char digits[18], int *exp10)
{
	int k = 0;
	const char *s = tmp;
	for (; *s && *s != 'e'; s++)
		if (*s >= '0' && *s <= '9' && k < 17)
			digits[k++] = *s;
	*exp10 = atoi(s + 1);
	return k;
}

/* Does the decimal digits[0..k) x 10^(exp10-k+1) read back as d? */
static bool round_trips(const char *digits, int k, int exp10, double d)
{
	char tmp[48];
	snprintf(tmp, sizeof(tmp), "%.*se%d", k, digits, exp10 - k + 1);
	return strtod(tmp, NULL) == d;
}

/* Shortest round-trip decimal digits of finite, positive d, as ECMAScript chooses
 * them: digits[0..k) (no trailing zeros) and n with d ~ 0.d1d2..dk x 10^n, i.e. the
 * s x 10^(n-k) of ECMA-262 7.1.12.1. Returns k.
 *
 * "%.*e" with precision p-1 gives the p-digit decimal nearest to d (ties to even,
 * ECMAScript's "Note 2" choice). Whether some p-digit decimal reads back as d is
 * monotone in p, and the nearest p-digit decimal is the one ECMAScript wants when it
 * does. It usually is the one that reads back, because d's rounding interval is
 * symmetric; except at a power of two, whose interval reaches twice as far up as
 * down, so the p-digit decimal just above d may read back when the nearest (below)
 * does not.
 *
 * Any decimal of at most 15 significant digits survives decimal -> double -> nearest
 * 15-digit decimal unchanged for normal doubles (DBL_DIG). So when the nearest 15
 * digits read back, the shortest digits are those with trailing zeros removed; and
 * when they do not, only 16 and 17 digits remain to try (17 always read back). */
static int shortest_digits(double d, char digits[18], int *n)
{
	char tmp[48];
	int k, e;

	if (d >= DBL_MIN) {
		snprintf(tmp, sizeof(tmp), "%.*e", DBL_DIG - 1, d);
		if (strtod(tmp, NULL) == d)
			goto done;
		snprintf(tmp, sizeof(tmp), "%.*e", DBL_DIG, d);
		double back = strtod(tmp, NULL);
		if (back == d)
			goto done;
		uint64_t bits;
		memcpy(&bits, &d, sizeof(bits));
		if ((bits & 0x000fffffffffffffu) == 0 && back < d) {
			/* Power of two, nearest 16 digits below it and outside the narrow
			 * lower half-interval: try one unit up, into the wide upper half. */
			k = split_sci(tmp, digits, &e);
			int i = k - 1;
			while (i >= 0 && digits[i] == '9')
				digits[i--] = '0';
			if (i >= 0) {
				digits[i]++;
			} else {
				digits[0] = '1';
				e++;
			}
			if (round_trips(digits, k, e, d))
				goto strip;
		}
		snprintf(tmp, sizeof(tmp), "%.*e", DBL_DIG + 1, d);
	} else {
		/* Subnormals are evenly spaced (symmetric intervals) but have fewer
		 * significant digits, so DBL_DIG does not apply: try every length. */
		for (int p = 1; p <= 17; p++) {
			snprintf(tmp, sizeof(tmp), "%.*e", p - 1, d);
			if (strtod(tmp, NULL) == d)
				break;
		}
	}
done:
	k = split_sci(tmp, digits, &e);
strip:
	while (k > 1 && digits[k - 1] == '0')
		k--;
	digits[k] = '\0';
	*n = e + 1;
	return k;
}

/* Writes the decimal digits of v (< 10^20) into out; returns the count. */
static size_t put_uint(uint64_t v, char *out)
{
	char rev[24];
	size_t k = 0;
	do {
		rev[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (size_t i = 0; i < k; i++)
		out[i] = rev[k - 1 - i];
	return k;
}

size_t mc_jcs_format_double(double d, char out[32])
{
	size_t len = 0;

	if (isnan(d)) {
		memcpy(out, "NaN", 4);
		return 3;
	}
	if (d == 0) { /* +0 and -0 both print "0" */
		memcpy(out, "0", 2);
		return 1;
	}
	if (d < 0) {
		out[len++] = '-';
		d = -d;
	}
	if (isinf(d)) {
		memcpy(out + len, "Infinity", 9);
		return len + 8;
	}

	/* Integers below 2^53 are exact, and their own digits are the shortest that
	 * round-trip (a shorter digit string would name a different, representable
	 * integer), so they skip the search. */
	if (d < 9007199254740992.0 && d == (double)(uint64_t)d) {
		len += put_uint((uint64_t)d, out + len);
		out[len] = '\0';
		return len;
	}

	char digits[18];
	int n;
	int k = shortest_digits(d, digits, &n);

	if (k <= n && n <= 21) {
		/* Integer: the digits, then n-k zeros. */
		memcpy(out + len, digits, (size_t)k);
		len += (size_t)k;
		for (int i = k; i < n; i++)
			out[len++] = '0';
	} else if (0 < n && n <= 21) {
		/* Fraction with the point inside the digits. */
		memcpy(out + len, digits, (size_t)n);
		len += (size_t)n;
		out[len++] = '.';
		memcpy(out + len, digits + n, (size_t)(k - n));
		len += (size_t)(k - n);
	} else if (-6 < n && n <= 0) {
		/* Small: "0.", -n zeros, the digits. */
		out[len++] = '0';
		out[len++] = '.';
		for (int i = 0; i < -n; i++)
			out[len++] = '0';
		memcpy(out + len, digits, (size_t)k);
		len += (size_t)k;
	} else {
		/* Exponent form: d[.ddd]e(+|-)x. */
		int e = n - 1;
		out[len++] = digits[0];
		if (k > 1) {
			out[len++] = '.';
			memcpy(out + len, digits + 1, (size_t)(k - 1));
			len += (size_t)(k - 1);
		}
		out[len++] = 'e';
		out[len++] = e < 0 ? '-' : '+';
		len += put_uint((uint64_t)(e < 0 ? -e : e), out + len);
	}
	out[len] = '\0';
	return len;
}

/* ---- strings ---- */

/* Decodes one UTF-8 sequence at s[0..len) (len >= 1). Returns its length, or 0 when
 * it is not well-formed UTF-8 (overlong, surrogate, above U+10FFFF, truncated). */
static size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t need;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xc2 && c <= 0xdf) {
		need = 2, v = c & 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 3, v = c & 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len < need)
		return 0;
	for (size_t i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return need;
}

static int put_string(struct mc_buf *out, const char *str, size_t len, struct mc_err *err)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t run = 0; /* start of the pending run of bytes copied as they are */
	int rc;

	if ((rc = mc_buf_putc(out, '"')) != 0)
		goto limit;
	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];
		char esc[6];
		size_t esc_len = 2;

		if (c >= 0x80) {
			uint32_t cp;
			size_t n = utf8_decode(s + i, len - i, &cp);
			if (n == 0)
				return mc_err_set(
				    err, MC_EINVAL,
				    "JCS: string has invalid UTF-8 at byte %zu (0x%02x); RFC 8785 needs "
				    "well-formed Unicode, so fix the string's encoding",
				    i, c);
			i += n;
			continue;
		}
		if (c >= 0x20 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		esc[0] = '\\';
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			esc_len = 6;
		}
		if ((rc = mc_buf_append(out, s + run, i - run)) != 0 ||
		    (rc = mc_buf_append(out, esc, esc_len)) != 0)
			goto limit;
		run = ++i;
	}
	if ((rc = mc_buf_append(out, s + run, len - run)) != 0 || (rc = mc_buf_putc(out, '"')) != 0)
		goto limit;
	return 0;
limit:
	return mc_err_set(err, rc, "JCS: output exceeds the buffer limit of %zu bytes", out->max);
}

/* ---- member order ---- */

/* A code point's position in UTF-16 code-unit order. UTF-8 bytes order code points
 * by value, but UTF-16 puts U+10000..U+10FFFF (surrogate pairs, D800..DFFF) before
 * U+E000..U+FFFF: move the former down and the latter up. Invalid bytes (which the
 * writer rejects later) get a key of their own so the order stays total. */
static uint32_t utf16_rank(const unsigned char *s, size_t len)
{
	uint32_t cp;
	if (utf8_decode(s, len, &cp) == 0)
		return 0x200000u + s[0];
	if (cp >= 0x10000)
		return 0xe000 + (cp - 0x10000);
	if (cp >= 0xe000)
		return 0x100000 + cp;
	return cp;
}

static int compare_keys(const void *pa, const void *pb)
{
	const struct mc_slice *a = &(*(const struct mc_json_member *const *)pa)->key;
	const struct mc_slice *b = &(*(const struct mc_json_member *const *)pb)->key;
	const unsigned char *x = (const unsigned char *)a->ptr, *y = (const unsigned char *)b->ptr;
	size_t n = a->len < b->len ? a->len : b->len;
	size_t i = 0;

	while (i < n && x[i] == y[i])
		i++;
	if (i == n)
		return a->len < b->len ? -1 : a->len > b->len;
	/* Both keys agree before i: back up to the start of the character that differs
	 * (the same place in both) and compare whole characters there. */
	size_t c = i;
	while (c > 0 && (x[c] & 0xc0) == 0x80)
		c--;
	uint32_t rx = utf16_rank(x + c, a->len - c), ry = utf16_rank(y + c, b->len - c);
	if (rx != ry)
		return rx < ry ? -1 : 1;
	/* Equal ranks for different bytes: both invalid with the same lead byte. */
	return x[i] < y[i] ? -1 : 1;
}

/* ---- tree ---- */

/* A key for an error message: at most 60 bytes, cut at a character boundary, with
 * control characters shown as '?', so the message stays one printable line. */
static const char *key_for_message(struct mc_slice key, char out[64])
{
	size_t n = key.len > 60 ? 60 : key.len;
	while (n < key.len && n > 0 && ((unsigned char)key.ptr[n] & 0xc0) == 0x80)
		n--;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)key.ptr[i];
		out[i] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	out[n] = '\0';
	return out;
}

/* Deeper than any document the parser accepts by default (512); stops a
 * programmatically built cycle-free but absurdly deep tree from exhausting the stack. */
#define JCS_MAX_DEPTH 4096

static int write_value(struct mc_buf *out, const struct mc_json *v, unsigned depth, struct mc_err *err);

static int write_object(struct mc_buf *out, const struct mc_json *v, unsigned depth, struct mc_err *err)
{
	const struct mc_json_member *small[16];
	const struct mc_json_member **order = small;
	uint32_t count = v->len;
	int rc = 0;

	if (count > sizeof(small) / sizeof(small[0]))
		order = mc_xmalloc(sizeof(*order) * count);
	for (uint32_t i = 0; i < count; i++)
		order[i] = &v->v.members[i];
	qsort(order, count, sizeof(*order), compare_keys);

	if ((rc = mc_buf_putc(out, '{')) != 0)
		goto limit;
	for (uint32_t i = 0; i < count; i++) {
		if (i > 0 && mc_slice_eq(order[i - 1]->key, order[i]->key)) {
			char shown[64];
			rc = mc_err_set(
			    err, MC_EINVAL,
			    "JCS: object has the key \"%s\" twice; RFC 8785 (I-JSON) needs unique keys",
			    key_for_message(order[i]->key, shown));
			goto out;
		}
		if (i > 0 && (rc = mc_buf_putc(out, ',')) != 0)
			goto limit;
		if ((rc = put_string(out, order[i]->key.ptr, order[i]->key.len, err)) != 0)
			goto out;
		if ((rc = mc_buf_putc(out, ':')) != 0)
			goto limit;
		if ((rc = write_value(out, &order[i]->value, depth + 1, err)) != 0)
			goto out;
	}
	if ((rc = mc_buf_putc(out, '}')) != 0)
		goto limit;
	goto out;
limit:
	rc = mc_err_set(err, rc, "JCS: output exceeds the buffer limit of %zu bytes", out->max);
out:
	if (order != small)
		free(order);
	return rc;
}

static int write_value(struct mc_buf *out, const struct mc_json *v, unsigned depth, struct mc_err *err)
{
	char num[32];
	size_t n;
	int rc;

	if (depth > JCS_MAX_DEPTH)
		return mc_err_set(err, MC_ELIMIT, "JCS: value nested deeper than %d levels", JCS_MAX_DEPTH);
	switch (v->type) {
	case MC_JSON_NULL: rc = mc_buf_append(out, "null", 4); break;
	case MC_JSON_FALSE: rc = mc_buf_append(out, "false", 5); break;
	case MC_JSON_TRUE: rc = mc_buf_append(out, "true", 4); break;
	case MC_JSON_NUMBER: {
		/* JCS numbers are IEEE doubles: an int64 beyond 2^53 prints as the double
		 * it rounds to, as JSON.parse + JSON.stringify would. */
		double d = (v->flags & MC_JSON_F_INT) ? (double)v->n.i : v->n.d;
		if (!isfinite(d))
			return mc_err_set(err, MC_EINVAL,
			                  "JCS: number is not finite; JSON has no NaN or Infinity");
		n = mc_jcs_format_double(d, num);
		rc = mc_buf_append(out, num, n);
		break;
	}
	case MC_JSON_STRING: return put_string(out, v->v.str, v->len, err);
	case MC_JSON_ARRAY:
		if ((rc = mc_buf_putc(out, '[')) != 0)
			break;
		for (uint32_t i = 0; i < v->len; i++) {
			if (i > 0 && (rc = mc_buf_putc(out, ',')) != 0)
				goto limit;
			if ((rc = write_value(out, &v->v.items[i], depth + 1, err)) != 0)
				return rc;
		}
		rc = mc_buf_putc(out, ']');
		break;
	case MC_JSON_OBJECT: return write_object(out, v, depth, err);
	default: return mc_err_set(err, MC_EINVAL, "JCS: value has unknown type %d", v->type);
	}
	if (rc == 0)
		return 0;
limit:
	return mc_err_set(err, rc, "JCS: output exceeds the buffer limit of %zu bytes", out->max);
}

int mc_jcs_write(struct mc_buf *out, const struct mc_json *v, struct mc_err *err)
{
	size_t start = out->len;
	int rc = write_value(out, v, 0, err);
	if (rc != 0) {
		/* Leave no half-written document behind. */
		out->len = start;
		out->ptr[start] = '\0';
	}
	return rc;
}
