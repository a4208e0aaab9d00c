/* RFC 8785 (JCS): number formatting (Appendix B and the ECMAScript layout rules),
 * member order by UTF-16 code units, string escaping, and the errors JCS requires
 * (non-finite numbers, invalid Unicode, duplicate keys). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka needs the standard headers above; keep clang-format from sorting it first. */
/* clang-format off */
#include <cmocka.h>
/* clang-format on */

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/json.h"

static double from_bits(uint64_t u)
{
	double d;
	memcpy(&d, &u, sizeof(d));
	return d;
}

static void check_double(double d, const char *want)
{
	char got[32];
	memset(got, 'x', sizeof(got));
	size_t n = mc_jcs_format_double(d, got);
	if (strcmp(got, want) != 0 || n != strlen(want))
		fail_msg("mc_jcs_format_double(%.17g): got \"%s\" (length %zu), want \"%s\"", d, got, n,
		         want);
}

/* RFC 8785 Appendix B, Table 1 (the NaN and Infinity rows are errors, tested below). */
static void appendix_b(void **state)
{
	static const struct {
		uint64_t bits;
		const char *json;
	} rows[] = {
	    {0x0000000000000000u, "0"},
	    {0x8000000000000000u, "0"},
	    {0x0000000000000001u, "5e-324"},
	    {0x8000000000000001u, "-5e-324"},
	    {0x7fefffffffffffffu, "1.7976931348623157e+308"},
	    {0xffefffffffffffffu, "-1.7976931348623157e+308"},
	    {0x4340000000000000u, "9007199254740992"},
	    {0xc340000000000000u, "-9007199254740992"},
	    {0x4430000000000000u, "295147905179352830000"},
	    {0x44b52d02c7e14af5u, "9.999999999999997e+22"},
	    {0x44b52d02c7e14af6u, "1e+23"},
	    {0x44b52d02c7e14af7u, "1.0000000000000001e+23"},
	    {0x444b1ae4d6e2ef4eu, "999999999999999700000"},
	    {0x444b1ae4d6e2ef4fu, "999999999999999900000"},
	    {0x444b1ae4d6e2ef50u, "1e+21"},
	    {0x3eb0c6f7a0b5ed8cu, "9.999999999999997e-7"},
	    {0x3eb0c6f7a0b5ed8du, "0.000001"},
	    {0x41b3de4355555553u, "333333333.3333332"},
	    {0x41b3de4355555554u, "333333333.33333325"},
	    {0x41b3de4355555555u, "333333333.3333333"},
	    {0x41b3de4355555556u, "333333333.3333334"},
	    {0x41b3de4355555557u, "333333333.33333343"},
	    {0xbecbf647612f3696u, "-0.0000033333333333333333"},
	    {0x43143ff3c1cb0959u, "1424953923781206.2"}, /* ties to even ("Note 2") */
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		check_double(from_bits(rows[i].bits), rows[i].json);
}

/* Each branch of ECMA-262 Number::toString, at and around its boundaries. */
static void number_layout(void **state)
{
	/* integers (k <= n <= 21) */
	check_double(1, "1");
	check_double(-1, "-1");
	check_double(100, "100");
	check_double(1e20, "100000000000000000000");
	check_double(123e18, "123000000000000000000");
	check_double(9007199254740993.0, "9007199254740992"); /* not representable */
	check_double(18014398509481988.0, "18014398509481988");
	check_double(9223372036854775807.0, "9223372036854776000");
	/* point inside the digits (0 < n <= 21) */
	check_double(1.5, "1.5");
	check_double(-0.5 - 100, "-100.5");
	check_double(0.1 + 0.2, "0.30000000000000004");
	check_double(123456789012345680000.5, "123456789012345680000");
	check_double(4.35, "4.35");
	check_double(1.0 / 3, "0.3333333333333333");
	check_double(2.0 / 3, "0.6666666666666666");
	/* small (-6 < n <= 0) */
	check_double(0.1, "0.1");
	check_double(0.000001, "0.000001");
	check_double(0.0000015, "0.0000015");
	check_double(-0.00000123, "-0.00000123");
	/* exponent form (n > 21 or n <= -6) */
	check_double(1e21, "1e+21");
	check_double(1.5e21, "1.5e+21");
	check_double(1e-7, "1e-7");
	check_double(1.5e-7, "1.5e-7");
	check_double(-1.5e-7, "-1.5e-7");
	check_double(1e100, "1e+100");
	check_double(1.2345e-100, "1.2345e-100");
	check_double(5e-324, "5e-324");
	check_double(2.2250738585072014e-308, "2.2250738585072014e-308"); /* DBL_MIN */
	check_double(2.225073858507201e-308, "2.225073858507201e-308");   /* largest subnormal */
	/* powers of two, whose rounding interval is lopsided: the shortest digits lie
	 * above the value */
	check_double(ldexp(1, -1017), "7.120236347223045e-307");
	check_double(ldexp(1, -1000), "9.332636185032189e-302");
	check_double(ldexp(1, 1023), "8.98846567431158e+307");
	check_double(ldexp(1, 60), "1152921504606847000");
	check_double(ldexp(1, 70), "1.1805916207174113e+21");
	/* zero, and the non-finite values JSON cannot hold (as Number::toString names them) */
	check_double(0.0, "0");
	check_double(-0.0, "0");
	check_double(NAN, "NaN");
	check_double(INFINITY, "Infinity");
	check_double(-INFINITY, "-Infinity");
}

/* Parses text, canonicalises, compares; also checks the result is a fixpoint and,
 * when lossless, parses back to an equal tree. */
static void check_jcs_text(const char *text, size_t len, const char *want, size_t want_len, bool lossless)
{
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_json *v, *again;
	struct mc_buf out, out2;

	mc_arena_init(&a, 0);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	mc_buf_init(&out2, MC_BUF_NOLIMIT);
	if (mc_json_parse(&a, text, len, NULL, &v, &err) != 0)
		fail_msg("parse %s: %s", text, err.msg);
	if (mc_jcs_write(&out, v, &err) != 0)
		fail_msg("jcs %s: %s", text, err.msg);
	if (out.len != want_len || memcmp(out.ptr, want, want_len) != 0)
		fail_msg("jcs of %s:\n  got  %s\n  want %s", text, out.ptr, want);
	assert_int_equal(mc_json_parse(&a, out.ptr, out.len, NULL, &again, &err), 0);
	if (lossless)
		assert_true(mc_json_equal(v, again));
	assert_int_equal(mc_jcs_write(&out2, again, &err), 0);
	assert_int_equal(out2.len, out.len);
	assert_memory_equal(out2.ptr, out.ptr, out.len);
	mc_buf_release(&out2);
	mc_buf_release(&out);
	mc_arena_release(&a);
}

#define CHECK_JCS(text, want) check_jcs_text(text, sizeof(text) - 1, want, sizeof(want) - 1, true)
/* For numbers that lose precision as doubles (not equal after a round trip). */
#define CHECK_JCS_LOSSY(text, want) check_jcs_text(text, sizeof(text) - 1, want, sizeof(want) - 1, false)

static void key_order(void **state)
{
	/* RFC 8785 §3.2.3's sorting example. */
	CHECK_JCS(
	    "{\"\\u20ac\": \"Euro Sign\", \"\\r\": \"Carriage Return\", \"\\ufb33\": \"Hebrew Letter Dalet "
	    "With Dagesh\", \"1\": \"One\", \"\\ud83d\\ude00\": \"Emoji: Grinning Face\", \"\\u0080\": "
	    "\"Control\", \"\\u00f6\": \"Latin Small Letter O With Diaeresis\"}",
	    "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\",\"\xc3\xb6\":\"Latin Small "
	    "Letter O With Diaeresis\",\"\xe2\x82\xac\":\"Euro Sign\",\"\xf0\x9f\x98\x80\":\"Emoji: Grinning "
	    "Face\",\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
	/* Where UTF-16 and UTF-8 disagree: U+10000 and up (surrogates D800..DFFF in
	 * UTF-16) sort before U+E000..U+FFFF, though their UTF-8 bytes are larger. */
	CHECK_JCS("{\"\\uffff\":1,\"\\ue000\":2,\"\\ud800\\udc00\":3,\"\\udbff\\udfff\":4,\"\\ud7ff\":5}",
	          "{\"\xed\x9f\xbf\":5,\"\xf0\x90\x80\x80\":3,\"\xf4\x8f\xbf\xbf\":4,\"\xee\x80\x80\":2,"
	          "\"\xef\xbf\xbf\":1}");
	/* The difference can sit after a shared prefix, and inside a multi-byte character
	 * whose lead byte is shared (U+E000 = EE 80 80 vs U+E001 = EE 80 81). */
	CHECK_JCS("{\"x\\ue001\":1,\"x\\ud83d\\ude00\":2,\"x\\ue000\":3,\"x\":4}",
	          "{\"x\":4,\"x\xf0\x9f\x98\x80\":2,\"x\xee\x80\x80\":3,\"x\xee\x80\x81\":1}");
	/* Prefixes, empty key, case, digits, U+0000 inside keys. */
	CHECK_JCS("{\"ab\":1,\"a\":2,\"\":3,\"aa\":4,\"B\":5,\"b\":6,\"10\":7,\"9\":8,\"a\\u0000\":9}",
	          "{\"\":3,\"10\":7,\"9\":8,\"B\":5,\"a\":2,\"a\\u0000\":9,\"aa\":4,\"ab\":1,\"b\":6}");
	/* Recursively, through arrays; array order kept. */
	CHECK_JCS("[{\"b\":[{\"d\":1,\"c\":2}],\"a\":{}},[],{\"z\":null,\"y\":[true,false]}]",
	          "[{\"a\":{},\"b\":[{\"c\":2,\"d\":1}]},[],{\"y\":[true,false],\"z\":null}]");
	/* An object large enough to leave the small-array path. */
	CHECK_JCS("{\"t\":0,\"s\":0,\"r\":0,\"q\":0,\"p\":0,\"o\":0,\"n\":0,\"m\":0,\"l\":0,\"k\":0,\"j\":0,"
	          "\"i\":0,\"h\":0,\"g\":0,\"f\":0,\"e\":0,\"d\":0,\"c\":0,\"b\":0,\"a\":0}",
	          "{\"a\":0,\"b\":0,\"c\":0,\"d\":0,\"e\":0,\"f\":0,\"g\":0,\"h\":0,\"i\":0,\"j\":0,\"k\":0,"
	          "\"l\":0,\"m\":0,\"n\":0,\"o\":0,\"p\":0,\"q\":0,\"r\":0,\"s\":0,\"t\":0}");
}

static void strings_and_values(void **state)
{
	/* RFC 8785 §3.2.2's example. */
	CHECK_JCS("{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
	          "\"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
	          "\"literals\": [null, true, false]}",
	          "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
	          "\"string\":\"\xe2\x82\xac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
	/* Every control character; DEL, U+2028/2029 and '/' stay literal. */
	CHECK_JCS(
	    "\"\\u0000\\u0001\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u001f\\u0020\\u007f\\u2028\\u2029\\/\"",
	    "\"\\u0000\\u0001\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u001f \x7f\xe2\x80\xa8\xe2\x80\xa9/\"");
	/* Numbers are doubles: big integers print as the double they round to. */
	CHECK_JCS_LOSSY(
	    "[9007199254740993, -9223372036854775808, 9223372036854775807, 1.0, -0, -0.0, 1e-400, 0.1e1]",
	    "[9007199254740992,-9223372036854776000,9223372036854776000,1,0,0,0,1]");
	CHECK_JCS(" null ", "null");
	CHECK_JCS("\"\"", "\"\"");
	CHECK_JCS("{ }", "{}");
}

static void built_trees(void **state)
{
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_buf out;

	mc_arena_init(&a, 0);
	mc_buf_init(&out, MC_BUF_NOLIMIT);

	struct mc_json *o = mc_json_new_object(&a);
	mc_json_object_set(&a, o, "n", 1, mc_json_new_int(&a, INT64_MAX));
	mc_json_object_set(&a, o, "d", 1, mc_json_new_double(&a, 0.1 + 0.2));
	mc_json_object_set(&a, o, "s", 1, mc_json_new_string(&a, "a\0b", 3));
	mc_json_object_set(&a, o, "\xee\x80\x80", 3, mc_json_new_bool(&a, true));
	mc_json_object_set(&a, o, "\xf0\x9f\x98\x80", 4, mc_json_new_null(&a));
	assert_int_equal(mc_jcs_write(&out, o, &err), 0);
	assert_string_equal(out.ptr,
	                    "{\"d\":0.30000000000000004,\"n\":9223372036854776000,\"s\":\"a\\u0000b\","
	                    "\"\xf0\x9f\x98\x80\":null,\"\xee\x80\x80\":true}");

	/* Appends after what the buffer already holds. */
	mc_buf_clear(&out);
	mc_buf_puts(&out, "prefix:");
	assert_int_equal(mc_jcs_write(&out, mc_json_new_int(&a, -42), &err), 0);
	assert_string_equal(out.ptr, "prefix:-42");

	mc_buf_release(&out);
	mc_arena_release(&a);
}

/* JCS must refuse what it cannot represent, and leave the buffer as it was. */
static void check_refused(const struct mc_json *v, int code, const char *needle)
{
	struct mc_err err = {0};
	struct mc_buf out;
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	mc_buf_puts(&out, "keep");
	int rc = mc_jcs_write(&out, v, &err);
	if (rc != code || !strstr(err.msg, needle))
		fail_msg("want code %d and \"%s\" in the message; got %d: %s", code, needle, rc, err.msg);
	assert_string_equal(out.ptr, "keep");
	assert_int_equal(out.len, 4);
	mc_buf_release(&out);
}

static void refusals(void **state)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);

	/* Non-finite numbers (built by hand: the builders and parser never make them). */
	struct mc_json *arr = mc_json_new_array(&a);
	struct mc_json *num = mc_json_array_push(&a, arr);
	mc_json_set_double(&a, num, 1);
	num->n.d = NAN;
	check_refused(arr, MC_EINVAL, "not finite");
	num->n.d = -INFINITY;
	check_refused(arr, MC_EINVAL, "not finite");

	/* Invalid Unicode in strings and keys: overlong, surrogate, too large, truncated. */
	static const char *bad[] = {"\xc0\xaf",     "\xed\xa0\x80", "\xed\xbf\xbf", "\xf4\x90\x80\x80",
	                            "\xf0\x9f\x98", "a\x80",        "\xff"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		check_refused(mc_json_new_cstr(&a, bad[i]), MC_EINVAL, "invalid UTF-8");
		struct mc_json *o = mc_json_new_object(&a);
		mc_json_object_set(&a, o, "ok", 2, mc_json_new_null(&a));
		mc_json_object_set(&a, o, bad[i], strlen(bad[i]), mc_json_new_null(&a));
		check_refused(o, MC_EINVAL, "invalid UTF-8");
	}

	/* Duplicate keys (possible only by building with object_push_ref). */
	struct mc_json *o = mc_json_new_object(&a);
	mc_json_set_null(mc_json_object_push_ref(&a, o, "k", 1));
	mc_json_set_null(mc_json_object_push_ref(&a, o, "j", 1));
	mc_json_set_null(mc_json_object_push_ref(&a, o, "k", 1));
	check_refused(o, MC_EINVAL, "\"k\" twice");
	/* The key shown in the message stays on one printable line. */
	o = mc_json_new_object(&a);
	mc_json_set_null(mc_json_object_push_ref(&a, o, "a\nb\x1b", 4));
	mc_json_set_null(mc_json_object_push_ref(&a, o, "a\nb\x1b", 4));
	check_refused(o, MC_EINVAL, "\"a?b?\" twice");

	/* Absurd depth: an error, not a stack overflow. */
	struct mc_json *top = mc_json_new_array(&a), *cur = top;
	for (int i = 0; i < 100000; i++) {
		struct mc_json *child = mc_json_array_push(&a, cur);
		mc_json_set_array(child);
		cur = child;
	}
	check_refused(top, MC_ELIMIT, "deeper");

	/* Output cap: MC_ELIMIT, buffer untouched. */
	struct mc_err err = {0};
	struct mc_buf small;
	mc_buf_init(&small, 8);
	assert_int_equal(mc_jcs_write(&small, mc_json_new_cstr(&a, "0123456789"), &err), MC_ELIMIT);
	assert_int_equal(small.len, 0);
	assert_int_equal(mc_jcs_write(&small, mc_json_new_cstr(&a, "012345"), &err), 0);
	assert_string_equal(small.ptr, "\"012345\"");
	mc_buf_release(&small);

	mc_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(appendix_b),  cmocka_unit_test(number_layout),
	    cmocka_unit_test(key_order),   cmocka_unit_test(strings_and_values),
	    cmocka_unit_test(built_trees), cmocka_unit_test(refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
