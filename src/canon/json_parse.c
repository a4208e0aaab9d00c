/* Strict JSON parser into the arena tree of include/microcred/json.h.
 *
 * Recursive descent with an explicit depth limit. Children of the container being
 * parsed are collected on a scratch stack (one for array items, one for object
 * members) and copied into an exact-size arena array when the container closes, so
 * a parse makes one arena allocation per container and per string/number, and
 * none for scalars. Line and column are computed only when reporting an error. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/json.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define DEFAULT_MAX_DEPTH 512
#define DEFAULT_MAX_SIZE ((size_t)64 * 1024 * 1024)
/* Objects with more members than this are checked for duplicate keys by sorting
 * once at the end instead of scanning on every insertion. */
#define LINEAR_DUP_CHECK 32
/* The parser recurses once per nesting level; whatever depth a caller asks for, the
 * C stack must survive it (the web server's threads have smaller stacks). */
#define HARD_MAX_DEPTH 4096

struct parser {
	struct mc_arena *a;
	const char *start;
	const char *p;
	const char *end;
	size_t depth;
	size_t max_depth;
	struct mc_err *err;
	/* scratch stacks, heap-allocated, reused across containers */
	struct mc_json *items;
	size_t n_items, cap_items;
	struct mc_json_member *members;
	size_t *key_offsets; /* source offset of each member's key, for error positions */
	size_t n_members, cap_members;
};

static int fail_at(struct parser *ps, const char *at, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail_at(struct parser *ps, const char *at, int code, const char *fmt, ...)
{
	size_t line = 1, col = 1;
	char what[MC_ERR_MSG_MAX - 64];
	va_list ap;

	if (at > ps->end)
		at = ps->end;
	for (const char *q = ps->start; q < at; q++) {
		if (*q == '\n') {
			line++;
			col = 1;
		} else if (((unsigned char)*q & 0xC0) != 0x80) {
			col++; /* count characters, not UTF-8 continuation bytes */
		}
	}
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return mc_err_set(ps->err, code, "line %zu, column %zu: %s", line, col, what);
}

/* Writes key for an error message: at most 60 characters, control characters and
 * DEL shown as \\n, \\uXXXX, so a message stays one printable line. */
static const char *quote_key(const char *key, size_t n, char out[400])
{
	size_t o = 0;
	for (size_t i = 0; i < n && o < 380; i++) {
		unsigned char c = (unsigned char)key[i];
		if (i >= 60) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (c == '\n') {
			out[o++] = '\\';
			out[o++] = 'n';
		} else if (c < 0x20 || c == 0x7f) {
			o += (size_t)snprintf(out + o, 8, "\\u%04x", c);
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return out;
}

static const char *describe(struct parser *ps, const char *at, char buf[32])
{
	if (at >= ps->end)
		return "the end of the input";
	unsigned char c = (unsigned char)*at;
	if (c >= 0x20 && c < 0x7f)
		snprintf(buf, 32, "'%c'", c);
	else
		snprintf(buf, 32, "byte 0x%02x", c);
	return buf;
}

static inline void skip_ws(struct parser *ps)
{
	const char *p = ps->p;
	while (p < ps->end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	ps->p = p;
}

/* Validates one UTF-8 sequence starting at p (a byte >= 0x80); returns its length,
 * or 0 when invalid (overlong, surrogate, > U+10FFFF, truncated). */
static size_t utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0];
	if (c >= 0xC2 && c <= 0xDF) {
		if (end - p >= 2 && (p[1] & 0xC0) == 0x80)
			return 2;
	} else if (c >= 0xE0 && c <= 0xEF) {
		if (end - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
			if (c == 0xE0 && p[1] < 0xA0)
				return 0; /* overlong */
			if (c == 0xED && p[1] >= 0xA0)
				return 0; /* UTF-16 surrogate encoded in UTF-8 */
			return 3;
		}
	} else if (c >= 0xF0 && c <= 0xF4) {
		if (end - p >= 4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 && (p[3] & 0xC0) == 0x80) {
			if (c == 0xF0 && p[1] < 0x90)
				return 0; /* overlong */
			if (c == 0xF4 && p[1] >= 0x90)
				return 0; /* above U+10FFFF */
			return 4;
		}
	}
	return 0;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static char *put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xC0 | (cp >> 6));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xE0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (char)(0xF0 | (cp >> 18));
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	}
	return o;
}

/* The first byte at or after p that needs a look in a string: '"', '\\', a
 * control character or a byte >= 0x80; end if none. Whole 16-byte (or 8-byte)
 * blocks are tested at once: most strings have no such byte before their end. */
static inline const unsigned char *plain_run(const unsigned char *p, const unsigned char *end)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)p);
		/* signed compare: bytes >= 0x80 are negative, so "< 0x20" catches them too */
		__m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, bslash)),
		                         _mm_cmplt_epi8(v, space));
		int bits = _mm_movemask_epi8(m);
		if (bits)
			return p + __builtin_ctz((unsigned)bits);
		p += 16;
	}
#else
	const uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
	while (end - p >= 8) {
		uint64_t w;
		memcpy(&w, p, 8);
		uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
		/* a byte of x is zero / below 0x20 / has its top bit set */
		uint64_t hit = ((q - ones) & ~q) | ((b - ones) & ~b) | ((w - ones * 0x20) & ~w) | w;
		if (hit & highs)
			break;
		p += 8;
	}
#endif
	while (p < end && *p != '"' && *p != '\\' && *p >= 0x20 && *p < 0x80)
		p++;
	return p;
}

/* Parses a string whose opening quote is at ps->p. Sets *out / *out_len to a
 * NUL-terminated arena copy with escapes decoded. */
static int parse_string(struct parser *ps, const char **out, size_t *out_len)
{
	const char *open = ps->p;
	const unsigned char *p = (const unsigned char *)ps->p + 1;
	const unsigned char *end = (const unsigned char *)ps->end;
	bool escapes = false;

	/* Pass 1: find the closing quote, validate UTF-8 and control characters. */
	for (;;) {
		p = plain_run(p, end);
		if (p >= end)
			return fail_at(ps, open, MC_EINVAL, "unterminated string (missing closing '\"')");
		unsigned char c = *p;
		if (c == '"')
			break;
		if (c == '\\') {
			escapes = true;
			if (p + 1 < end && !strchr("\"\\/bfnrtu", p[1] ? p[1] : 'x'))
				return fail_at(ps, (const char *)p, MC_EINVAL,
					       "invalid escape sequence (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r "
					       "\\t \\uXXXX)");
			p += 2;
			continue;
		}
		if (c < 0x20)
			return fail_at(ps, (const char *)p, MC_EINVAL,
				       "control character 0x%02x inside a string; write it as \\u%04x", c, c);
		if (c >= 0x80) {
			size_t n = utf8_len(p, end);
			if (n == 0)
				return fail_at(ps, (const char *)p, MC_EINVAL,
					       "invalid UTF-8 byte sequence in a string (JSON text must be UTF-8)");
			p += n;
			continue;
		}
		p++;
	}
	const char *s = ps->p + 1;
	size_t raw_len = (size_t)((const char *)p - s);
	ps->p = (const char *)p + 1;
	if (!escapes) {
		*out = mc_arena_strndup(ps->a, s, raw_len);
		*out_len = raw_len;
		return 0;
	}

	/* Pass 2: decode escapes. The result is never longer than the source. */
	char *buf = mc_arena_alloc(ps->a, raw_len + 1);
	char *o = buf;
	const char *q = s, *qend = s + raw_len;
	while (q < qend) {
		if (*q != '\\') {
			*o++ = *q++;
			continue;
		}
		const char *esc = q;
		if (q + 1 >= qend)
			return fail_at(ps, esc, MC_EINVAL, "unfinished escape sequence");
		char e = q[1];
		q += 2;
		switch (e) {
		case '"': *o++ = '"'; break;
		case '\\': *o++ = '\\'; break;
		case '/': *o++ = '/'; break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u': {
			unsigned cp, lo;
			if (qend - q < 4 || hex4(q, &cp) != 0)
				return fail_at(ps, esc, MC_EINVAL, "\\u must be followed by four hex digits");
			q += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (qend - q < 6 || q[0] != '\\' || q[1] != 'u' || hex4(q + 2, &lo) != 0 || lo < 0xDC00 ||
				    lo > 0xDFFF)
					return fail_at(ps, esc, MC_EINVAL,
						       "lone UTF-16 surrogate \\u%04X (a high surrogate must be "
						       "followed by a \\uDC00-\\uDFFF low surrogate)",
						       cp);
				q += 6;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
				return fail_at(ps, esc, MC_EINVAL, "lone UTF-16 low surrogate \\u%04X", cp);
			}
			o = put_utf8(o, cp);
			break;
		}
		default:
			/* Pass 1 already refused unknown escapes; kept as a guard. */
			return fail_at(ps, esc, MC_EINVAL, "invalid escape sequence");
		}
	}
	*o = '\0';
	*out = buf;
	*out_len = (size_t)(o - buf);
	return 0;
}

static int parse_number(struct parser *ps, struct mc_json *v)
{
	const char *s = ps->p, *p = s, *end = ps->end;
	bool neg = false, is_int = true;
	char tmp[64];

	if (p < end && *p == '-') {
		neg = true;
		p++;
	}
	if (p >= end || *p < '0' || *p > '9')
		return fail_at(ps, s, MC_EINVAL, "invalid number: a digit must follow '-'");
	if (*p == '0') {
		p++;
		if (p < end && *p >= '0' && *p <= '9')
			return fail_at(ps, s, MC_EINVAL, "invalid number: leading zeros are not allowed");
	} else {
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	const char *int_end = p;
	if (p < end && *p == '.') {
		is_int = false;
		p++;
		if (p >= end || *p < '0' || *p > '9')
			return fail_at(ps, s, MC_EINVAL, "invalid number: a digit must follow the decimal point");
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		is_int = false;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9')
			return fail_at(ps, s, MC_EINVAL, "invalid number: the exponent needs digits");
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	size_t len = (size_t)(p - s);
	ps->p = p;
	v->type = MC_JSON_NUMBER;
	v->flags = 0;
	v->len = (uint32_t)len;
	v->v.raw = mc_arena_strndup(ps->a, s, len);

	if (is_int) {
		const char *d = s + (neg ? 1 : 0);
		size_t nd = (size_t)(int_end - d);
		if (nd <= 18) {
			int64_t x = 0;
			while (d < int_end)
				x = x * 10 + (*d++ - '0');
			v->flags = MC_JSON_F_INT;
			v->n.i = neg ? -x : x;
			return 0;
		}
		if (nd == 19) {
			/* Up to 9223372036854775807 (or ...808 negative) still fits. */
			uint64_t x = 0;
			while (d < int_end)
				x = x * 10 + (uint64_t)(*d++ - '0');
			if ((!neg && x <= (uint64_t)INT64_MAX) || (neg && x <= (uint64_t)INT64_MAX + 1)) {
				v->flags = MC_JSON_F_INT;
				v->n.i = neg ? (int64_t)(0 - x) : (int64_t)x;
				return 0;
			}
		}
	}
	/* strtod needs a NUL-terminated copy; the raw copy is one. The C locale is in
	 * effect (microcred never changes LC_NUMERIC), so '.' is the decimal point. */
	(void)tmp;
	errno = 0;
	double d = strtod(v->v.raw, NULL);
	if (isinf(d))
		return fail_at(ps, s, MC_EINVAL, "number %.*s is too large for a double", (int)(len > 40 ? 40 : len), s);
	v->n.d = d;
	return 0;
}

static int parse_value(struct parser *ps, struct mc_json *v);

static void push_item(struct parser *ps, const struct mc_json *v)
{
	if (ps->n_items == ps->cap_items) {
		ps->cap_items = ps->cap_items ? ps->cap_items * 2 : 64;
		ps->items = mc_xrealloc(ps->items, ps->cap_items * sizeof(*ps->items));
	}
	ps->items[ps->n_items++] = *v;
}

static struct mc_json_member *push_member(struct parser *ps, size_t key_offset)
{
	if (ps->n_members == ps->cap_members) {
		ps->cap_members = ps->cap_members ? ps->cap_members * 2 : 64;
		ps->members = mc_xrealloc(ps->members, ps->cap_members * sizeof(*ps->members));
		ps->key_offsets = mc_xrealloc(ps->key_offsets, ps->cap_members * sizeof(*ps->key_offsets));
	}
	ps->key_offsets[ps->n_members] = key_offset;
	return &ps->members[ps->n_members++];
}

static int parse_array(struct parser *ps, struct mc_json *v)
{
	const char *open = ps->p;
	size_t base = ps->n_items;

	if (++ps->depth > ps->max_depth)
		return fail_at(ps, open, MC_ELIMIT, "nesting deeper than %zu levels", ps->max_depth);
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
	} else {
		for (;;) {
			struct mc_json item;
			int rc = parse_value(ps, &item);
			if (rc)
				return rc;
			push_item(ps, &item);
			skip_ws(ps);
			if (ps->p >= ps->end)
				return fail_at(ps, open, MC_EINVAL, "unterminated array (missing ']')");
			if (*ps->p == ',') {
				ps->p++;
				skip_ws(ps);
				if (ps->p < ps->end && *ps->p == ']')
					return fail_at(ps, ps->p, MC_EINVAL, "trailing comma before ']'");
				continue;
			}
			if (*ps->p == ']') {
				ps->p++;
				break;
			}
			char b[32];
			return fail_at(ps, ps->p, MC_EINVAL, "expected ',' or ']' in an array, found %s",
				       describe(ps, ps->p, b));
		}
	}
	size_t n = ps->n_items - base;
	v->type = MC_JSON_ARRAY;
	v->flags = 0;
	v->len = (uint32_t)n;
	v->n.cap = (uint32_t)n;
	v->v.items = n ? mc_arena_memdup(ps->a, ps->items + base, n * sizeof(struct mc_json)) : NULL;
	ps->n_items = base;
	ps->depth--;
	return 0;
}

static int cmp_member_key(const void *x, const void *y)
{
	const struct mc_json_member *const *a = x, *const *b = y;
	size_t n = (*a)->key.len < (*b)->key.len ? (*a)->key.len : (*b)->key.len;
	int c = memcmp((*a)->key.ptr, (*b)->key.ptr, n);
	if (c)
		return c;
	return (*a)->key.len < (*b)->key.len ? -1 : (*a)->key.len > (*b)->key.len;
}

/* Duplicate check for large objects: sort pointers, compare neighbours, report the
 * later occurrence in document order. */
static int check_dups_sorted(struct parser *ps, size_t base, size_t n)
{
	struct mc_json_member **idx = mc_xmalloc(n * sizeof(*idx));
	for (size_t i = 0; i < n; i++)
		idx[i] = &ps->members[base + i];
	qsort(idx, n, sizeof(*idx), cmp_member_key);
	const struct mc_json_member *dup = NULL;
	for (size_t i = 1; i < n; i++) {
		if (mc_slice_eq(idx[i - 1]->key, idx[i]->key)) {
			const struct mc_json_member *later = idx[i] > idx[i - 1] ? idx[i] : idx[i - 1];
			if (!dup || later < dup)
				dup = later;
		}
	}
	free(idx);
	if (!dup)
		return 0;
	size_t off = ps->key_offsets[dup - ps->members];
	char q[400];
	return fail_at(ps, ps->start + off, MC_EINVAL, "duplicate key \"%s\" in an object",
		       quote_key(dup->key.ptr, dup->key.len, q));
}

static int parse_object(struct parser *ps, struct mc_json *v)
{
	const char *open = ps->p;
	size_t base = ps->n_members;

	if (++ps->depth > ps->max_depth)
		return fail_at(ps, open, MC_ELIMIT, "nesting deeper than %zu levels", ps->max_depth);
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
	} else {
		for (;;) {
			char b[32], q[400];
			if (ps->p >= ps->end)
				return fail_at(ps, open, MC_EINVAL, "unterminated object (missing '}')");
			if (*ps->p != '"')
				return fail_at(ps, ps->p, MC_EINVAL, "expected a string key in an object, found %s",
					       describe(ps, ps->p, b));
			const char *key_at = ps->p;
			const char *key;
			size_t key_len;
			int rc = parse_string(ps, &key, &key_len);
			if (rc)
				return rc;
			size_t count = ps->n_members - base;
			if (count < LINEAR_DUP_CHECK) {
				for (size_t i = base; i < ps->n_members; i++) {
					if (ps->members[i].key.len == key_len &&
					    memcmp(ps->members[i].key.ptr, key, key_len) == 0)
						return fail_at(ps, key_at, MC_EINVAL, "duplicate key \"%s\" in an object",
							       quote_key(key, key_len, q));
				}
			}
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':')
				return fail_at(ps, ps->p, MC_EINVAL, "expected ':' after the key \"%s\", found %s",
					       quote_key(key, key_len, q), describe(ps, ps->p, b));
			ps->p++;
			struct mc_json value;
			rc = parse_value(ps, &value);
			if (rc)
				return rc;
			struct mc_json_member *m = push_member(ps, (size_t)(key_at - ps->start));
			m->key.ptr = key;
			m->key.len = key_len;
			m->value = value;
			skip_ws(ps);
			if (ps->p >= ps->end)
				return fail_at(ps, open, MC_EINVAL, "unterminated object (missing '}')");
			if (*ps->p == ',') {
				ps->p++;
				skip_ws(ps);
				if (ps->p < ps->end && *ps->p == '}')
					return fail_at(ps, ps->p, MC_EINVAL, "trailing comma before '}'");
				continue;
			}
			if (*ps->p == '}') {
				ps->p++;
				break;
			}
			return fail_at(ps, ps->p, MC_EINVAL, "expected ',' or '}' in an object, found %s",
				       describe(ps, ps->p, b));
		}
	}
	size_t n = ps->n_members - base;
	if (n > LINEAR_DUP_CHECK) {
		int rc = check_dups_sorted(ps, base, n);
		if (rc)
			return rc;
	}
	v->type = MC_JSON_OBJECT;
	v->flags = 0;
	v->len = (uint32_t)n;
	v->n.cap = (uint32_t)n;
	v->v.members = n ? mc_arena_memdup(ps->a, ps->members + base, n * sizeof(struct mc_json_member)) : NULL;
	ps->n_members = base;
	ps->depth--;
	return 0;
}

static int literal(struct parser *ps, const char *word, size_t n)
{
	if ((size_t)(ps->end - ps->p) >= n && memcmp(ps->p, word, n) == 0) {
		ps->p += n;
		return 0;
	}
	return fail_at(ps, ps->p, MC_EINVAL, "invalid literal (expected %s)", word);
}

static int parse_value(struct parser *ps, struct mc_json *v)
{
	char b[32];
	skip_ws(ps);
	if (ps->p >= ps->end)
		return fail_at(ps, ps->p, MC_EINVAL, "unexpected end of input (a value is missing)");
	switch (*ps->p) {
	case '{':
		return parse_object(ps, v);
	case '[':
		return parse_array(ps, v);
	case '"': {
		const char *s;
		size_t n;
		int rc = parse_string(ps, &s, &n);
		if (rc)
			return rc;
		v->type = MC_JSON_STRING;
		v->flags = 0;
		v->len = (uint32_t)n;
		v->v.str = s;
		v->n.i = 0;
		return 0;
	}
	case 't':
		v->type = MC_JSON_TRUE;
		v->flags = 0;
		v->len = 0;
		return literal(ps, "true", 4);
	case 'f':
		v->type = MC_JSON_FALSE;
		v->flags = 0;
		v->len = 0;
		return literal(ps, "false", 5);
	case 'n':
		v->type = MC_JSON_NULL;
		v->flags = 0;
		v->len = 0;
		return literal(ps, "null", 4);
	case '-':
	case '0' ... '9':
		return parse_number(ps, v);
	default:
		return fail_at(ps, ps->p, MC_EINVAL, "unexpected %s (expected a JSON value)", describe(ps, ps->p, b));
	}
}

int mc_json_parse(struct mc_arena *a, const char *text, size_t len, const struct mc_json_parse_opts *opts,
		  struct mc_json **out, struct mc_err *err)
{
	struct parser ps = {0};
	size_t max_size = opts && opts->max_size ? opts->max_size : DEFAULT_MAX_SIZE;
	int rc;

	*out = NULL;
	if (len > max_size)
		return mc_err_set(err, MC_ELIMIT, "JSON document of %zu bytes exceeds the limit of %zu bytes", len,
				  max_size);
	if (len > UINT32_MAX)
		return mc_err_set(err, MC_ELIMIT, "JSON document larger than 4 GiB");
	ps.a = a;
	ps.start = ps.p = text;
	ps.end = text + len;
	ps.max_depth = opts && opts->max_depth ? opts->max_depth : DEFAULT_MAX_DEPTH;
	if (ps.max_depth > HARD_MAX_DEPTH)
		ps.max_depth = HARD_MAX_DEPTH;
	ps.err = err;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		rc = fail_at(&ps, text, MC_EINVAL, "byte order mark (U+FEFF) at the start; remove it");
		goto out;
	}
	struct mc_json *v = mc_arena_alloc(a, sizeof(*v));
	rc = parse_value(&ps, v);
	if (rc)
		goto out;
	skip_ws(&ps);
	if (ps.p < ps.end) {
		char b[32];
		rc = fail_at(&ps, ps.p, MC_EINVAL, "unexpected %s after the end of the JSON value",
			     describe(&ps, ps.p, b));
		goto out;
	}
	*out = v;
out:
	free(ps.items);
	free(ps.members);
	free(ps.key_offsets);
	return rc;
}
