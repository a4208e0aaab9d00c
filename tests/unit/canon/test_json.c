/* The JSON parser and writers: strictness (every malformed input is an error with a
 * line and column), exactness (int64 and doubles, member order, U+0000), limits
 * (depth, size), and compact/pretty output that parses back to an equal tree. */
#include <inttypes.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* cmocka needs the standard headers above; keep clang-format from sorting it first. */
/* clang-format off */
#include <cmocka.h>
/* clang-format on */

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/json.h"

/* Parses exactly len bytes from a heap copy of that size, so the sanitizers see any
 * read past the end. */
static int parse_n(struct mc_arena *a, const char *text, size_t len, const struct mc_json_parse_opts *opts,
                   struct mc_json **out, struct mc_err *err)
{
	char *copy = malloc(len ? len : 1);
	memcpy(copy, text, len);
	int rc = mc_json_parse(a, copy, len, opts, out, err);
	free(copy);
	return rc;
}

static struct mc_json *parse_ok(struct mc_arena *a, const char *text, size_t len)
{
	struct mc_err err = {0};
	struct mc_json *v = NULL;
	if (parse_n(a, text, len, NULL, &v, &err) != 0)
		fail_msg("parse of %.*s failed: %s", (int)len, text, err.msg);
	assert_non_null(v);
	return v;
}

#define PARSE_OK(a, lit) parse_ok((a), (lit), sizeof(lit) - 1)

/* Expects an error with code, a message starting "line L, column C: " (L and C > 0)
 * and containing needle (when not NULL). Returns the line and column. */
static void expect_error_n(const char *text, size_t len, int code, const char *needle, long want_line,
                           long want_col)
{
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_json *v = (struct mc_json *)1;
	long line = 0, col = 0;
	int used = 0;

	/* The arena is released before any assertion: a failed one jumps out. */
	mc_arena_init(&a, 0);
	int rc = parse_n(&a, text, len, NULL, &v, &err);
	mc_arena_release(&a);
	if (rc != code)
		fail_msg("input %.*s: want code %d, got %d (%s)", (int)len, text, code, rc, err.msg);
	if (v != NULL)
		fail_msg("input %.*s: *out must be NULL on error", (int)len, text);
	if (sscanf(err.msg, "line %ld, column %ld: %n", &line, &col, &used) != 2 || used == 0 || line < 1 ||
	    col < 1)
		fail_msg("input %.*s: message lacks \"line L, column C: \": %s", (int)len, text, err.msg);
	if (needle && !strstr(err.msg, needle))
		fail_msg("input %.*s: want \"%s\" in the message: %s", (int)len, text, needle, err.msg);
	if (want_line && (line != want_line || col != want_col))
		fail_msg("input %.*s: want line %ld, column %ld: %s", (int)len, text, want_line, want_col,
		         err.msg);
	/* One printable line: no newline, and no other control character (a terminal
	 * escape in a key must not reach the user's terminal through the message). */
	for (const char *m = err.msg; *m; m++)
		if ((unsigned char)*m < 0x20 || *m == 0x7f)
			fail_msg("input %.*s: message has control character 0x%02x: %s", (int)len, text,
			         (unsigned char)*m, err.msg);
}

#define BAD(lit, needle) expect_error_n((lit), sizeof(lit) - 1, MC_EINVAL, (needle), 0, 0)
#define BAD_AT(lit, needle, l, c) expect_error_n((lit), sizeof(lit) - 1, MC_EINVAL, (needle), (l), (c))

static void duplicate_keys(void **state)
{
	BAD_AT("{\"a\":1,\"a\":2}", "duplicate key \"a\"", 1, 8);
	BAD_AT("{\n  \"id\": 1,\n  \"x\": {},\n  \"id\": 2\n}", "duplicate key \"id\"", 4, 3);
	/* Keys are compared after unescaping. */
	BAD("{\"a\":1,\"\\u0061\":2}", "duplicate key");
	BAD("{\"\\u00e9\":1,\"\xc3\xa9\":2}", "duplicate key");
	/* Same key in different objects, and keys differing after U+0000, are fine. */
	struct mc_arena a;
	mc_arena_init(&a, 0);
	PARSE_OK(&a, "{\"a\":{\"a\":1},\"b\":{\"a\":{\"a\":2}},\"c\":[{\"a\":3},{\"a\":4}]}");
	struct mc_json *v = PARSE_OK(&a, "{\"a\\u0000b\":1,\"a\\u0000c\":2,\"a\":3}");
	assert_int_equal(v->len, 3);
	mc_arena_release(&a);

	/* Large objects (the parser switches to a sort-based check): the duplicate may
	 * be far from the original, nested objects must not confuse it, and the error
	 * names the later occurrence. */
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	for (int dup_at = 0; dup_at < 3; dup_at++) {
		mc_buf_clear(&b);
		mc_buf_puts(&b, "{");
		for (int i = 0; i < 100; i++) {
			if (i)
				mc_buf_puts(&b, ",\n");
			if (i == 70 && dup_at < 2)
				mc_buf_printf(&b, "\"k%d\":{\"k1\":1,\"k2\":{}}", dup_at == 0 ? 5 : 45);
			else
				mc_buf_printf(&b, "\"k%d\":{\"k1\":1,\"k2\":{}}", i);
		}
		mc_buf_puts(&b, "}");
		if (dup_at == 2) {
			mc_arena_init(&a, 0);
			struct mc_json *big = parse_ok(&a, b.ptr, b.len);
			assert_int_equal(big->len, 100);
			assert_string_equal(big->v.members[99].key.ptr, "k99");
			mc_arena_release(&a);
		} else {
			expect_error_n(b.ptr, b.len, MC_EINVAL,
			               dup_at == 0 ? "duplicate key \"k5\"" : "\"k45\"", 71, 1);
		}
	}
	/* 32 and 33 members (the boundary of the two strategies), duplicate last. */
	for (int n = 31; n <= 34; n++) {
		mc_buf_clear(&b);
		mc_buf_puts(&b, "{");
		for (int i = 0; i < n; i++)
			mc_buf_printf(&b, "%s\"m%d\":%d", i ? "," : "", i, i);
		mc_buf_puts(&b, ",\"m0\":0}");
		expect_error_n(b.ptr, b.len, MC_EINVAL, "duplicate key \"m0\"", 0, 0);
	}
	mc_buf_release(&b);
}

static void invalid_utf8(void **state)
{
	/* overlong encodings */
	BAD_AT("[\"\xc0\xaf\"]", "UTF-8", 1, 3);
	BAD("[\"\xc1\xbf\"]", "UTF-8");
	BAD("[\"\xe0\x80\xaf\"]", "UTF-8");
	BAD("[\"\xe0\x9f\xbf\"]", "UTF-8");
	BAD("[\"\xf0\x80\x80\xaf\"]", "UTF-8");
	BAD("[\"\xf0\x8f\xbf\xbf\"]", "UTF-8");
	/* UTF-16 surrogates encoded in UTF-8 (CESU-8 style) */
	BAD("[\"\xed\xa0\x80\"]", "UTF-8");
	BAD("[\"\xed\xbf\xbf\"]", "UTF-8");
	BAD("[\"\xed\xa0\xbd\xed\xb8\x80\"]", "UTF-8");
	/* above U+10FFFF */
	BAD("[\"\xf4\x90\x80\x80\"]", "UTF-8");
	BAD("[\"\xf5\x80\x80\x80\"]", "UTF-8");
	BAD("[\"\xf7\xbf\xbf\xbf\"]", "UTF-8");
	BAD("[\"\xf8\x88\x80\x80\x80\"]", "UTF-8");
	BAD("[\"\xff\"]", "UTF-8");
	BAD("[\"\xfe\"]", "UTF-8");
	/* truncated sequences: before the quote, at the end of the input */
	BAD("[\"\xc3\"]", "UTF-8");
	BAD("[\"\xe2\x82\"]", "UTF-8");
	BAD("[\"\xf0\x9f\x98\"]", "UTF-8");
	BAD("[\"a\xc3", NULL);
	BAD("[\"a\xf0\x9f\x98", NULL);
	/* stray continuation bytes, a lead byte followed by ASCII */
	BAD("[\"\x80\"]", "UTF-8");
	BAD("[\"\xbf\"]", "UTF-8");
	BAD_AT("{\"bad\": \"\xc3\x28\"}", "UTF-8", 1, 10);
	/* in a key, and outside strings */
	BAD("{\"\xc0\x80\":1}", "UTF-8");
	BAD("[\xc3\xa9]", NULL);
	/* The column counts characters, not bytes. */
	BAD_AT("[\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\", x]", "unexpected 'x'", 1, 9);

	/* The valid extremes of each length. */
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_json *v =
	    PARSE_OK(&a, "[\"\x7f\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbf"
	                 "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\xef\xbb\xbf\"]");
	assert_int_equal(v->v.items[0].len, 1 + 2 + 2 + 3 + 3 + 3 + 3 + 4 + 4 + 3);
	mc_arena_release(&a);
}

static void escapes(void **state)
{
	/* lone surrogates */
	BAD_AT("[\"\\ud800\"]", "surrogate", 1, 3);
	BAD("[\"\\udbff\"]", "surrogate");
	BAD("[\"\\udc00\"]", "surrogate");
	BAD("[\"\\udfff\\ud800\"]", "surrogate");
	BAD("[\"\\ud800\\ud800\"]", "surrogate");
	BAD("[\"\\ud800\\u0041\"]", "surrogate");
	BAD("[\"\\ud800x\\udc00\"]", "surrogate");
	BAD("[\"\\ud800\\n\"]", "surrogate");
	BAD("[\"\\ud800\\udc0\"]", NULL);
	BAD("{\"\\ud800\":1}", "surrogate");
	/* malformed escapes */
	BAD("[\"\\x41\"]", "escape");
	BAD("[\"\\u12\"]", "four hex digits");
	BAD("[\"\\u12g4\"]", "four hex digits");
	BAD("[\"\\U0041\"]", "escape");
	BAD("[\"\\'\"]", "escape");
	BAD("[\"\\", NULL);
	BAD("[\"\\\"]", NULL);

	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_json *v =
	    PARSE_OK(&a, "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00E9\\u20aC\\uD83D\\uDE00\"]");
	assert_int_equal(v->v.items[0].len, 8 + 1 + 2 + 3 + 4);
	assert_memory_equal(v->v.items[0].v.str, "\"\\/\b\f\n\r\tA\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 18);
	mc_arena_release(&a);
}

static void control_characters(void **state)
{
	for (int c = 0; c < 0x20; c++) {
		char text[8] = {'[', '"', 'a', (char)c, '"', ']'};
		expect_error_n(text, 6, MC_EINVAL, "control character", 1, 4);
	}
	/* DEL is not a control character for JSON. */
	struct mc_arena a;
	mc_arena_init(&a, 0);
	PARSE_OK(&a, "\"\x7f\"");
	mc_arena_release(&a);
}

static void numbers_strict(void **state)
{
	BAD("-", NULL);
	BAD("[-]", NULL);
	BAD("[- 1]", NULL);
	BAD("1.", NULL);
	BAD("[1.]", NULL);
	BAD("[1.e5]", NULL);
	BAD(".5", NULL);
	BAD("[.5]", NULL);
	BAD("1e", NULL);
	BAD("[1e]", NULL);
	BAD("[1e+]", NULL);
	BAD("[1E-]", NULL);
	BAD("+1", NULL);
	BAD_AT("[01]", "leading zero", 1, 2);
	BAD("[-01]", "leading zero");
	BAD("[00]", "leading zero");
	BAD("[0x10]", NULL);
	BAD("[1_000]", NULL);
	BAD("[NaN]", NULL);
	BAD("[Infinity]", NULL);
	BAD("[-Infinity]", NULL);
	BAD("[1e400]", "too large");
	BAD("[-1e400]", "too large");
	BAD("[1"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "0000000000"
	    "00000000000]",
	    "too large");
}

static void structure_strict(void **state)
{
	/* trailing commas, missing separators */
	BAD_AT("[1,]", "trailing comma", 1, 4);
	BAD("[1,2,]", "trailing comma");
	BAD_AT("{\"a\":1,}", "trailing comma", 1, 8);
	BAD("[,1]", NULL);
	BAD("[1,,2]", NULL);
	BAD("[1 2]", NULL);
	BAD("{\"a\" 1}", "':'");
	BAD("{\"a\":1 \"b\":2}", NULL);
	BAD("{a:1}", "string key");
	BAD("{'a':1}", NULL);
	BAD("{\"a\"}", NULL);
	BAD("{1:2}", NULL);
	BAD("[}", NULL);
	BAD("{]", NULL);
	/* literals */
	BAD("tru", NULL);
	BAD("nul", NULL);
	BAD("True", NULL);
	BAD("[NULL]", NULL);
	BAD("[falsey]", NULL);
	/* trailing garbage */
	BAD_AT("{\"a\": 1} x", "after the end", 1, 10);
	BAD("1 2", "after the end");
	BAD("{} {}", "after the end");
	BAD("[]]", "after the end");
	BAD("nullx", NULL);
	BAD("[] \x00", NULL);
	BAD("\"a\"\"b\"", NULL);
	/* empty and whitespace-only input, non-JSON whitespace */
	BAD_AT("", "end of input", 1, 1);
	BAD_AT(" \n\t\r ", "end of input", 2, 4);
	BAD("\f[]", NULL);
	BAD("[\v]", NULL);
	BAD("\xc2\xa0[]", NULL);
	/* comments are not JSON */
	BAD("[1] // c", NULL);
	BAD("/* c */ [1]", NULL);
	/* a byte order mark is not allowed (RFC 8259 §8.1 lets parsers ignore it;
	 * microcred rejects it so that what is signed is what is parsed) */
	BAD_AT("\xef\xbb\xbf{}", "byte order mark", 1, 1);
	BAD("\xef\xbb\xbf", "byte order mark");
	BAD("\xfe\xff{}", NULL);
	/* Position over several lines. */
	BAD_AT("{\n  \"a\": tru\n}", "invalid literal", 2, 8);
	BAD_AT("[\r\n1,\r\n2,\r\n]", "trailing comma", 4, 1);
}

/* Every proper prefix of a document is an error (and never reads past its end). */
static void truncated_input(void **state)
{
	static const char doc[] =
	    "{\"a\": [1, -2.5e+3, true, false, null, \"s\\u00e9\\n\xc3\xa9\xf0\x9f\x98\x80\"], "
	    "\"b\": {\"c\": {}, \"d\": []}, \"e\": \"\\ud83d\\ude00\"}";
	for (size_t n = 0; n < sizeof(doc) - 1; n++)
		expect_error_n(doc, n, MC_EINVAL, NULL, 0, 0);
	struct mc_arena a;
	mc_arena_init(&a, 0);
	PARSE_OK(&a, doc);
	mc_arena_release(&a);
}

static void depth_limit(void **state)
{
	struct mc_buf b;
	struct mc_arena a;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_arena_init(&a, 0);

	/* 10,000 nested arrays and objects: an MC_ELIMIT error, not a crash. */
	for (int i = 0; i < 10000; i++)
		mc_buf_putc(&b, '[');
	for (int i = 0; i < 10000; i++)
		mc_buf_putc(&b, ']');
	expect_error_n(b.ptr, b.len, MC_ELIMIT, "nesting deeper than 512", 1, 513);
	mc_buf_clear(&b);
	for (int i = 0; i < 10000; i++)
		mc_buf_puts(&b, "{\"a\":");
	mc_buf_puts(&b, "1");
	for (int i = 0; i < 10000; i++)
		mc_buf_putc(&b, '}');
	expect_error_n(b.ptr, b.len, MC_ELIMIT, "nesting", 0, 0);
	/* ... even unterminated */
	mc_buf_clear(&b);
	for (int i = 0; i < 10000; i++)
		mc_buf_puts(&b, "[{\"a\":");
	expect_error_n(b.ptr, b.len, MC_ELIMIT, "nesting", 0, 0);

	/* Exactly the default limit (512) parses; one more does not. */
	mc_buf_clear(&b);
	for (int i = 0; i < 512; i++)
		mc_buf_putc(&b, '[');
	for (int i = 0; i < 512; i++)
		mc_buf_putc(&b, ']');
	parse_ok(&a, b.ptr, b.len);
	mc_buf_clear(&b);
	for (int i = 0; i < 513; i++)
		mc_buf_putc(&b, '[');
	for (int i = 0; i < 513; i++)
		mc_buf_putc(&b, ']');
	expect_error_n(b.ptr, b.len, MC_ELIMIT, "nesting", 0, 0);

	/* A caller's own limits. */
	struct mc_err err = {0};
	struct mc_json *v;
	struct mc_json_parse_opts opts = {.max_depth = 3};
	assert_int_equal(mc_json_parse(&a, "[[{\"a\":1}]]", 11, &opts, &v, &err), 0);
	assert_int_equal(mc_json_parse(&a, "[[[[1]]]]", 9, &opts, &v, &err), MC_ELIMIT);
	assert_non_null(strstr(err.msg, "line 1, column 4"));
	opts = (struct mc_json_parse_opts){.max_size = 10};
	assert_int_equal(mc_json_parse(&a, "[1,2,3,4,5]", 11, &opts, &v, &err), MC_ELIMIT);
	assert_null(v);
	assert_int_equal(mc_json_parse(&a, "[1,2,3,45]", 10, &opts, &v, &err), 0);

	mc_arena_release(&a);
	mc_buf_release(&b);
}

static void integers_exact(void **state)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_json *v =
	    PARSE_OK(&a, "[9223372036854775807, -9223372036854775808, 9223372036854775808, "
	                 "-9223372036854775809, 0, -0, 9007199254740993, 123456789012345678, 1.0, "
	                 "1e2, 18446744073709551616]");
	const struct mc_json *it = v->v.items;
	assert_int_equal(v->len, 11);
	assert_true(it[0].flags & MC_JSON_F_INT);
	assert_true(it[0].n.i == INT64_MAX);
	assert_true(it[1].flags & MC_JSON_F_INT);
	assert_true(it[1].n.i == INT64_MIN);
	/* One beyond int64 either way: a double, raw text kept. */
	assert_false(it[2].flags & MC_JSON_F_INT);
	assert_true(it[2].n.d == 9223372036854775808.0);
	assert_false(it[3].flags & MC_JSON_F_INT);
	assert_true(it[3].n.d == -9223372036854775808.0);
	assert_int_equal(it[3].len, 20);
	assert_memory_equal(it[3].v.raw, "-9223372036854775809", 20);
	assert_true((it[4].flags & MC_JSON_F_INT) && it[4].n.i == 0);
	assert_true(mc_json_number(&it[5]) == 0);
	/* Integers beyond 2^53 stay exact as int64. */
	assert_true((it[6].flags & MC_JSON_F_INT) && it[6].n.i == 9007199254740993);
	assert_true((it[7].flags & MC_JSON_F_INT) && it[7].n.i == 123456789012345678);
	/* Integer values written as non-integers are doubles, but as_int sees them. */
	int64_t i;
	assert_false(it[8].flags & MC_JSON_F_INT);
	assert_true(mc_json_number_as_int(&it[8], &i) && i == 1);
	assert_true(mc_json_number_as_int(&it[9], &i) && i == 100);
	assert_false(mc_json_number_as_int(&it[10], &i));
	assert_true(mc_json_number(&it[10]) == 18446744073709551616.0);
	mc_arena_release(&a);
}

static void doubles_round_trip(void **state)
{
	static const char *texts[] = {"0.1",
	                              "-0.0",
	                              "1e-7",
	                              "5e-324",
	                              "2.2250738585072014e-308",
	                              "1.7976931348623157e308",
	                              "0.30000000000000004",
	                              "333333333.33333329",
	                              "1E30",
	                              "4.50",
	                              "2e-3",
	                              "1e-400",
	                              "123456789.123456789e-5",
	                              "0.000000000000000000000000001",
	                              "1424953923781206.25"};
	struct mc_arena a;
	mc_arena_init(&a, 0);
	for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
		struct mc_json *v = parse_ok(&a, texts[k], strlen(texts[k]));
		assert_int_equal(v->type, MC_JSON_NUMBER);
		assert_false(v->flags & MC_JSON_F_INT);
		/* Bit-exact with strtod (correctly rounded), and -0 keeps its sign. */
		double want = strtod(texts[k], NULL);
		if (memcmp(&v->n.d, &want, sizeof(want)) != 0)
			fail_msg("%s parsed as %.17g, want %.17g", texts[k], v->n.d, want);
		assert_int_equal(v->len, strlen(texts[k]));
		assert_string_equal(v->v.raw, texts[k]);
		/* Shortest form parses back to the same double. */
		char s[32];
		mc_jcs_format_double(v->n.d, s);
		struct mc_json *back = parse_ok(&a, s, strlen(s));
		assert_true(mc_json_number(back) == v->n.d);
	}
	mc_arena_release(&a);
}

static void order_and_nul(void **state)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_json *v = PARSE_OK(&a, "{\"z\":1,\"a\":2,\"m\":3,\"a\\u0000b\":\"x\\u0000y\",\"\":4}");
	assert_int_equal(v->type, MC_JSON_OBJECT);
	assert_int_equal(v->len, 5);
	assert_string_equal(v->v.members[0].key.ptr, "z");
	assert_string_equal(v->v.members[1].key.ptr, "a");
	assert_string_equal(v->v.members[2].key.ptr, "m");
	assert_int_equal(v->v.members[3].key.len, 3);
	assert_memory_equal(v->v.members[3].key.ptr, "a\0b", 4); /* NUL-terminated too */
	assert_int_equal(v->v.members[4].key.len, 0);
	const struct mc_json *s = mc_json_getn(v, "a\0b", 3);
	assert_non_null(s);
	assert_int_equal(s->len, 3);
	assert_memory_equal(s->v.str, "x\0y", 4);
	assert_true(mc_json_number(mc_json_get(v, "a")) == 2);
	assert_null(mc_json_get(v, "b"));

	struct mc_json *arr = PARSE_OK(&a, "[3,1,2,\"\\u0000\"]");
	assert_int_equal(arr->len, 4);
	assert_int_equal(arr->v.items[0].n.i, 3);
	assert_int_equal(arr->v.items[3].len, 1);
	assert_int_equal(arr->v.items[3].v.str[0], '\0');
	mc_arena_release(&a);
}

/* Writes v, compares with want (when given), and parses the text back to an equal tree. */
static void check_written(struct mc_arena *a, const struct mc_json *v, unsigned flags, const char *want)
{
	struct mc_buf out;
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	assert_int_equal(mc_json_write(&out, v, flags), 0);
	if (want && strcmp(out.ptr, want) != 0)
		fail_msg("written as\n%s\nwant\n%s", out.ptr, want);
	struct mc_json *back = parse_ok(a, out.ptr, out.len);
	assert_true(mc_json_equal(v, back));
	mc_buf_release(&out);
}

static void writers_round_trip(void **state)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_json *v = PARSE_OK(
	    &a, "{\"b\" : [1, -0, 2.50, 1E+2, 9223372036854775807, -9223372036854775809],\n"
	        " \"a\": {\"s\": \"\\u0000\\u001f\\\"\\\\\\/\\b\\f\\n\\r\\t\xc3\xa9\\ud83d\\ude00\x7f\","
	        " \"e\": {}, \"f\": [], \"t\": true, \"n\": null, \"x\": false}}");
	/* Compact keeps order and the numbers' written text, escapes minimally. */
	check_written(
	    &a, v, MC_JSON_COMPACT,
	    "{\"b\":[1,-0,2.50,1E+2,9223372036854775807,-9223372036854775809],\"a\":{\"s\":"
	    "\"\\u0000\\u001f\\\""
	    "\\\\/\\b\\f\\n\\r\\t\xc3\xa9\xf0\x9f\x98\x80\x7f\",\"e\":{},\"f\":[],\"t\":true,\"n\":null,"
	    "\"x\":false}}");
	check_written(
	    &a, v, MC_JSON_PRETTY,
	    "{\n  \"b\": [\n    1,\n    -0,\n    2.50,\n    1E+2,\n    9223372036854775807,\n"
	    "    -9223372036854775809\n  ],\n  \"a\": {\n    \"s\": \"\\u0000\\u001f\\\"\\\\/\\b\\f\\n\\r\\t"
	    "\xc3\xa9\xf0\x9f\x98\x80\x7f\",\n    \"e\": {},\n    \"f\": [],\n    \"t\": true,\n"
	    "    \"n\": null,\n    \"x\": false\n  }\n}");
	check_written(&a, PARSE_OK(&a, "[]"), MC_JSON_PRETTY, "[]");
	check_written(&a, PARSE_OK(&a, "\"\""), MC_JSON_COMPACT, "\"\"");

	/* Built trees: numbers get generated text, strings are escaped. */
	struct mc_json *o = mc_json_new_object(&a);
	mc_json_object_set(&a, o, "i", 1, mc_json_new_int(&a, INT64_MIN));
	mc_json_object_set(&a, o, "d", 1, mc_json_new_double(&a, 0.1 + 0.2));
	mc_json_object_set(&a, o, "tiny", 4, mc_json_new_double(&a, 5e-324));
	mc_json_object_set(&a, o, "big", 3, mc_json_new_double(&a, 1e300));
	mc_json_object_set(&a, o, "s\n", 2, mc_json_new_string(&a, "a\0\"", 3));
	check_written(&a, o, MC_JSON_COMPACT,
	              "{\"i\":-9223372036854775808,\"d\":0.30000000000000004,\"tiny\":5e-324,\"big\":1e+300,"
	              "\"s\\n\":\"a\\u0000\\\"\"}");
	check_written(&a, o, MC_JSON_PRETTY, NULL);

	/* Every byte value a string can hold survives compact writing and re-parsing. */
	char all[128];
	for (int c = 0; c < 128; c++)
		all[c] = (char)c;
	check_written(&a, mc_json_new_string(&a, all, sizeof(all)), MC_JSON_COMPACT, NULL);
	mc_arena_release(&a);
}

/* An invalid escape whose next character is multi-byte UTF-8 must be reported as an
 * invalid escape at the backslash, not as invalid UTF-8 (the text is valid UTF-8). */
static void escape_before_multibyte(void **state)
{
	BAD_AT("[\"\\\xc3\xa9\"]", "escape", 1, 3);
	BAD_AT("[\"ab\\\xe2\x82\xac\"]", "escape", 1, 5);
}

/* Messages quote keys; a key holding a newline or an escape sequence must not make
 * the message span lines or drive the terminal. */
static void error_messages_printable(void **state)
{
	BAD("{\"a\\nb\":1,\"a\\nb\":2}", "duplicate key");
	BAD("{\"\\u001b[31mred\":1,\"\\u001b[31mred\":2}", "duplicate key");
	BAD("{\"a\\r\\nb\" 1}", "':'");
	BAD("{\"\\u0007\"}", "':'");
	BAD("[\"\\\n\"]", "escape");
	BAD("[\"\\\x1b\"]", "escape");
}

/* A caller's large max_depth must not let deep input overflow the stack: the parser
 * recurses once per level, so it needs a ceiling of its own (or no recursion). Run
 * in a child so that a crash fails this test instead of killing the runner. */
static void huge_max_depth_no_crash(void **state)
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		size_t n = 1000000;
		char *t = malloc(2 * n);
		memset(t, '[', n);
		memset(t + n, ']', n);
		struct mc_arena a;
		struct mc_err err = {0};
		struct mc_json *v;
		struct mc_json_parse_opts opts = {.max_depth = (size_t)-1};
		mc_arena_init(&a, 0);
		int rc = mc_json_parse(&a, t, 2 * n, &opts, &v, &err);
		/* Either it parses, or it refuses with a limit error. */
		_exit(rc == 0 || rc == MC_ELIMIT ? 0 : 1);
	}
	int status = 0;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFSIGNALED(status))
		fail_msg("1,000,000 nested arrays with max_depth = SIZE_MAX crashed the parser (signal %d): "
		         "stack overflow in the recursive descent",
		         WTERMSIG(status));
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(duplicate_keys),
	    cmocka_unit_test(invalid_utf8),
	    cmocka_unit_test(escapes),
	    cmocka_unit_test(control_characters),
	    cmocka_unit_test(numbers_strict),
	    cmocka_unit_test(structure_strict),
	    cmocka_unit_test(truncated_input),
	    cmocka_unit_test(depth_limit),
	    cmocka_unit_test(integers_exact),
	    cmocka_unit_test(doubles_round_trip),
	    cmocka_unit_test(order_and_nul),
	    cmocka_unit_test(writers_round_trip),
	    cmocka_unit_test(escape_before_multibyte),
	    cmocka_unit_test(error_messages_printable),
	    cmocka_unit_test(huge_max_depth_no_crash),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
