/* The multipart/form-data parser (src/web/multipart.c): what browsers send (text
 * fields, files with a path in their name, an empty file input), and the strict
 * refusals with their messages: no boundary, a preamble, a missing closing
 * boundary, a part without Content-Disposition or name, bare LF header lines, too
 * many parts, over-long headers, data after the close. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "microcred/arena.h"

#include "web/multipart.h"

#define CT "multipart/form-data; boundary=----WebKitFormBoundaryx7Yz"
#define B "------WebKitFormBoundaryx7Yz"

static struct mc_arena arena;

static int parse(const char *ct, const char *body, size_t len, struct mc_web_part **parts, size_t *n,
                 struct mc_err *err)
{
	memset(err, 0, sizeof *err);
	return mc__web_multipart_parse(&arena, ct, body, len, parts, n, err);
}

static void browser_form(void **state)
{
	(void)state;
	static const char body[] = B
	    "\r\n"
	    "Content-Disposition: form-data; name=\"csrf\"\r\n\r\n"
	    "tok123\r\n" B "\r\n"
	    "Content-Disposition: form-data; name=\"text\"\r\n\r\n"
	    "line one\r\nline two\r\n" B "\r\n"
	    "Content-Disposition: form-data; name=\"file\"; filename=\"C:\\\\Users\\\\ada\\\\report.pdf\"\r\n"
	    "Content-Type: application/pdf\r\n\r\n"
	    "%PDF-1.4\r\n\x00\x01"
	    "binary\r\n" B "\r\n"
	    "content-disposition: FORM-DATA; name=empty; filename=\"\"\r\n"
	    "Content-Type: application/octet-stream\r\n\r\n"
	    "\r\n" B "--\r\n";
	struct mc_web_part *p;
	size_t n;
	struct mc_err err;
	assert_int_equal(parse(CT, body, sizeof body - 1, &p, &n, &err), 0);
	assert_int_equal(n, 4);
	assert_string_equal(mc__web_part_text(&arena, p, n, "csrf"), "tok123");
	assert_string_equal(mc__web_part_text(&arena, p, n, "text"), "line one\r\nline two");
	const struct mc_web_part *f = mc__web_part(p, n, "file");
	assert_non_null(f);
	/* The escaped backslashes of the quoted string are path separators: base name only. */
	assert_string_equal(f->filename, "report.pdf");
	assert_string_equal(f->content_type, "application/pdf");
	assert_int_equal(f->data.len, 18);
	assert_memory_equal(f->data.ptr,
	                    "%PDF-1.4\r\n\x00\x01"
	                    "binary",
	                    18);
	assert_null(mc__web_part_text(&arena, p, n, "file")); /* has a NUL byte */
	const struct mc_web_part *e = mc__web_part(p, n, "empty");
	assert_non_null(e);
	assert_string_equal(e->filename, "");
	assert_int_equal(e->data.len, 0);
	assert_null(mc__web_part(p, n, "missing"));
	/* A quoted boundary, and no final CRLF. */
	static const char body2[] = "--a b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\nv\r\n--a b--";
	assert_int_equal(parse("multipart/form-data; charset=utf-8; boundary=\"a b\"", body2,
	                       sizeof body2 - 1, &p, &n, &err),
	                 0);
	assert_int_equal(n, 1);
	assert_string_equal(mc__web_part_text(&arena, p, n, "x"), "v");
}

struct refusal {
	const char *ct, *body, *message;
	int code;
};

static void refusals(void **state)
{
	(void)state;
	static const struct refusal cases[] = {
	    {"application/x-www-form-urlencoded", "a=b", "must be sent as multipart/form-data", MC_EINVAL},
	    {"multipart/form-data", "--x--", "has no boundary parameter", MC_EINVAL},
	    {"multipart/form-data; boundary=", "--x--", "1 to 70 characters", MC_EINVAL},
	    {"multipart/form-data; boundary=a<b", "--x--", "does not allow", MC_EINVAL},
	    {"multipart/form-data; boundary=xyz", "preamble\r\n--xyz--", "does not begin with its boundary",
	     MC_EINVAL},
	    {"multipart/form-data; boundary=xyz",
	     "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv", "not followed by a boundary",
	     MC_EINVAL},
	    {"multipart/form-data; boundary=xyz", "--xyz\r\nContent-Type: text/plain\r\n\r\nv\r\n--xyz--",
	     "no Content-Disposition", MC_EINVAL},
	    {"multipart/form-data; boundary=xyz",
	     "--xyz\r\nContent-Disposition: form-data\r\n\r\nv\r\n--xyz--", "has no name", MC_EINVAL},
	    {"multipart/form-data; boundary=xyz",
	     "--xyz\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--xyz--", "must be form-data",
	     MC_EINVAL},
	    {"multipart/form-data; boundary=xyz",
	     "--xyz\r\nX: 1\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--xyz--", "bare LF",
	     MC_EINVAL},
	    {"multipart/form-data; boundary=xyz",
	     "--xyz\r\nContent-Disposition: form-data; name=\"a\"; name=\"b\"\r\n\r\nv\r\n--xyz--", "twice",
	     MC_EINVAL},
	    {"multipart/form-data; boundary=xyz",
	     "--xyz\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--xyz--", "no closing quote",
	     MC_EINVAL},
	    {"multipart/form-data; boundary=xyz",
	     "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--xyz--junk",
	     "data after its closing boundary", MC_EINVAL},
	    {"multipart/form-data; boundary=xyz", "--xyzjunk", "not followed by CRLF", MC_EINVAL},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct mc_web_part *p;
		size_t n;
		struct mc_err err;
		int rc = parse(cases[i].ct, cases[i].body, strlen(cases[i].body), &p, &n, &err);
		if (rc != cases[i].code || !strstr(err.msg, cases[i].message))
			fail_msg("case %zu: got %d '%s', want %d '%s'", i, rc, err.msg, cases[i].code,
			         cases[i].message);
	}
}

static void limits(void **state)
{
	(void)state;
	struct mc_buf b;
	struct mc_web_part *p;
	size_t n;
	struct mc_err err;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	for (int i = 0; i < MC_MULTIPART_MAX_PARTS + 1; i++)
		mc_buf_printf(&b, "--xyz\r\nContent-Disposition: form-data; name=\"f%d\"\r\n\r\n%d\r\n", i,
		              i);
	mc_buf_printf(&b, "--xyz--\r\n");
	assert_int_equal(parse("multipart/form-data; boundary=xyz", b.ptr, b.len, &p, &n, &err), MC_ELIMIT);
	assert_non_null(strstr(err.msg, "more than 32 parts"));
	mc_buf_clear(&b);
	mc_buf_printf(&b, "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\nX-Long: ");
	for (int i = 0; i < MC_MULTIPART_MAX_HEADER; i++)
		mc_buf_putc(&b, 'x');
	mc_buf_printf(&b, "\r\n\r\nv\r\n--xyz--\r\n");
	assert_int_equal(parse("multipart/form-data; boundary=xyz", b.ptr, b.len, &p, &n, &err), MC_ELIMIT);
	assert_non_null(strstr(err.msg, "longer than 4096 bytes"));
	mc_buf_release(&b);
}

int main(void)
{
	mc_arena_init(&arena, 0);
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(browser_form),
	    cmocka_unit_test(refusals),
	    cmocka_unit_test(limits),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	mc_arena_release(&arena);
	return rc;
}
