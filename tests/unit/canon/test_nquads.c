/* N-Quads parsing (grammar, escapes, errors with line and column), canonical
 * serialization (RDFC-1.0 Appendix A escaping), and RDFC-1.0 properties that the
 * W3C suite does not pin down directly (label and order independence, duplicates,
 * the work bound, the issued map). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/json.h"
#include "microcred/rdf.h"

struct fx {
	struct mc_arena a;
	struct mc_buf out;
	struct mc_err err;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	mc_arena_init(&f->a, 0);
	mc_buf_init(&f->out, MC_BUF_NOLIMIT);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	mc_buf_release(&f->out);
	mc_arena_release(&f->a);
	free(f);
	return 0;
}

static void parse_ok(struct fx *f, const char *text, struct mc_rdf_dataset *ds)
{
	memset(ds, 0, sizeof(*ds));
	int rc = mc_nquads_parse(&f->a, text, strlen(text), ds, &f->err);
	if (rc)
		fail_msg("unexpected parse error: %s", f->err.msg);
}

static void assert_slice(struct mc_slice s, const char *want, size_t want_len)
{
	if (s.len != want_len || memcmp(s.ptr, want, want_len) != 0)
		fail_msg("got \"%.*s\" (%zu bytes), want \"%.*s\" (%zu bytes)", (int)s.len, s.ptr, s.len,
		         (int)want_len, want, want_len);
}

#define ASSERT_SLICE(s, lit) assert_slice((s), (lit), sizeof(lit) - 1)

/* Parses text, expects MC_EINVAL and a message containing each needle. */
static void parse_fails(struct fx *f, const char *text, const char *needle1, const char *needle2)
{
	struct mc_rdf_dataset ds = {0};
	int rc = mc_nquads_parse(&f->a, text, strlen(text), &ds, &f->err);
	if (rc != MC_EINVAL)
		fail_msg("parsing %s: want MC_EINVAL, got %d", text, rc);
	if (!strstr(f->err.msg, needle1) || (needle2 && !strstr(f->err.msg, needle2)))
		fail_msg("parsing %s: message \"%s\" lacks \"%s\"/\"%s\"", text, f->err.msg, needle1,
		         needle2 ? needle2 : "");
}

static void parse_terms(void **state)
{
	struct fx *f = *state;
	struct mc_rdf_dataset ds;
	parse_ok(f,
	         "<http://ex.org/s> <http://ex.org/p> <http://ex.org/o> .\n"
	         "_:b0 <http://ex.org/p> \"plain\" <http://ex.org/g> .\n"
	         "_:b0 <http://ex.org/p> \"chat\"@fr-BE _:g1 .\n"
	         "<http://ex.org/s> <http://ex.org/p> \"5\"^^<http://www.w3.org/2001/XMLSchema#integer> .\n",
	         &ds);
	assert_int_equal(ds.len, 4);
	const struct mc_quad *q = ds.quads;
	assert_int_equal(q[0].s.kind, MC_RDF_IRI);
	ASSERT_SLICE(q[0].s.value, "http://ex.org/s");
	ASSERT_SLICE(q[0].o.value, "http://ex.org/o");
	assert_int_equal(q[0].g.kind, MC_RDF_NONE);
	assert_int_equal(q[1].s.kind, MC_RDF_BLANK);
	ASSERT_SLICE(q[1].s.value, "b0");
	assert_int_equal(q[1].o.kind, MC_RDF_LITERAL);
	ASSERT_SLICE(q[1].o.value, "plain");
	ASSERT_SLICE(q[1].o.datatype, MC_XSD_STRING);
	assert_int_equal(q[1].o.lang.len, 0);
	assert_int_equal(q[1].g.kind, MC_RDF_IRI);
	ASSERT_SLICE(q[2].o.lang, "fr-BE");
	ASSERT_SLICE(q[2].o.datatype, MC_RDF_LANGSTRING);
	assert_int_equal(q[2].g.kind, MC_RDF_BLANK);
	ASSERT_SLICE(q[2].g.value, "g1");
	ASSERT_SLICE(q[3].o.datatype, "http://www.w3.org/2001/XMLSchema#integer");
}

static void parse_escapes(void **state)
{
	struct fx *f = *state;
	struct mc_rdf_dataset ds;
	parse_ok(
	    f,
	    "<http://ex.org/\\u0041\\U00000042> <http://ex.org/p> \"t\\tb\\bn\\nr\\rf\\fq\\\"a\\'s\\\\\" .\n"
	    "<http://ex.org/s> <http://ex.org/p> \"\\u00e9\\U0001F600 nul:\\u0000.\" .\n"
	    "<http://ex.org/s> <http://ex.org/p> \"raw \xc3\xa9 \xf0\x9f\x98\x80\" .\n",
	    &ds);
	assert_int_equal(ds.len, 3);
	ASSERT_SLICE(ds.quads[0].s.value, "http://ex.org/AB");
	ASSERT_SLICE(ds.quads[0].o.value, "t\tb\bn\nr\rf\fq\"a's\\");
	ASSERT_SLICE(ds.quads[1].o.value, "\xc3\xa9\xf0\x9f\x98\x80 nul:\0.");
	ASSERT_SLICE(ds.quads[2].o.value, "raw \xc3\xa9 \xf0\x9f\x98\x80");
}

static void parse_layout(void **state)
{
	struct fx *f = *state;
	struct mc_rdf_dataset ds;
	/* Comments, blank lines, CR LF, tabs, no spaces between terms, no final EOL,
	 * dots inside blank node labels, a label ending right before the final '.'. */
	parse_ok(f,
	         "# a comment\r\n\r\n"
	         "\t<urn:x:s><urn:x:p><urn:x:o>.# trailing comment\r\n"
	         "_:a.b <urn:x:p> _:c.\n"
	         "  _:d-1 <urn:x:p> \"x\"@en . \n"
	         "_:e <urn:x:p> _:f _:g.",
	         &ds);
	assert_int_equal(ds.len, 4);
	ASSERT_SLICE(ds.quads[0].s.value, "urn:x:s");
	ASSERT_SLICE(ds.quads[1].s.value, "a.b");
	ASSERT_SLICE(ds.quads[1].o.value, "c");
	ASSERT_SLICE(ds.quads[2].s.value, "d-1");
	ASSERT_SLICE(ds.quads[3].g.value, "g");

	/* Empty input and comment-only input are empty datasets. */
	parse_ok(f, "", &ds);
	assert_int_equal(ds.len, 0);
	parse_ok(f, "# nothing\n\n", &ds);
	assert_int_equal(ds.len, 0);
}

static void parse_errors(void **state)
{
	struct fx *f = *state;
	parse_fails(f, "<urn:x:s> <urn:x:p> <urn:x:o>\n", "line 1, column 30", "expected '.'");
	parse_fails(f, "\n\n<urn:x:s> <urn:x:p> <urn:x:o .\n", "line 3, column 29", "close the IRI");
	parse_fails(f, "<urn:x:s> <urn:x:p> <urn:x:o", "line 1, column 21", "not closed");
	parse_fails(f, "<urn:x:s> <urn:x:p> \"abc .\n", "line 1, column 21", "not closed");
	parse_fails(f, "<urn:x:s> <urn:x:p> \"a\\qb\" .\n", "line 1, column 23", "unknown escape");
	parse_fails(f, "<s> <urn:x:p> <urn:x:o> .\n", "line 1, column 1", "absolute IRI");
	parse_fails(f, "<urn:x:s> <urn:x:p> \"\xff\" .\n", "line 1, column 22", "UTF-8");
	parse_fails(f, "<urn:x:s> <urn:x:p> <urn:x:o> . <urn:x:s> <urn:x:p> <urn:x:o> .\n",
	            "line 1, column 33", "end of the line");
	parse_fails(f, "\"lit\" <urn:x:p> <urn:x:o> .\n", "line 1, column 1", "subject");
	parse_fails(f, "<urn:x:s> _:p <urn:x:o> .\n", "line 1, column 11", "predicate");
	parse_fails(f, "<urn:x:s> <urn:x:p> \"x\"@ .\n", "line 1, column 24", "language tag");
	parse_fails(f, "<urn:x:s> <urn:x:p> \"x\"@en- .\n", "language tag", NULL);
	parse_fails(f, "<urn:x:s> <urn:x:p> \"\\uD800\" .\n", "line 1, column 22", "surrogate");
	parse_fails(f, "<urn:x:s> <urn:x:p> \"\\u12\" .\n", "hex digits", NULL);
	parse_fails(f, "<urn:x:a b> <urn:x:p> <urn:x:o> .\n", "line 1, column 9", "space is not allowed");
	parse_fails(f, "<urn:x:a{b> <urn:x:p> <urn:x:o> .\n", "line 1, column 9", "U+007B is not allowed");
	parse_fails(f,
	            "<urn:x:s> <urn:x:p> \"x\"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString> .\n",
	            "language tag", NULL);
	parse_fails(f, "_: <urn:x:p> <urn:x:o> .\n", "blank node", NULL);
	/* The column counts characters, not bytes: "é" is one column. */
	parse_fails(f, "<urn:x:\xc3\xa9> <urn:x:p> <urn:x:o> <urn:x:g> <urn:x:h> .\n", "line 1, column 41",
	            "expected '.'");
}

static void write_one(struct fx *f, const struct mc_quad *q, const char *want)
{
	mc_buf_clear(&f->out);
	assert_int_equal(mc_nquads_write_quad(&f->out, q), 0);
	assert_string_equal(f->out.ptr, want);
}

static void serialize_canonical(void **state)
{
	struct fx *f = *state;
	struct mc_quad q = {
	    .s = {.kind = MC_RDF_BLANK, .value = MC_SLICE_LIT("b0")},
	    .p = {.kind = MC_RDF_IRI, .value = MC_SLICE_LIT("http://ex.org/p")},
	    .o = {.kind = MC_RDF_LITERAL,
	          .value = {"\b\t\n\f\r\"\\\x01\x1f\x7f\0 \xc3\xa9\xef\xbf\xbe\xef\xbf\xbf\xef\xbf\xbd'", 24},
	          .datatype = MC_SLICE_LIT(MC_XSD_STRING)},
	};
	/* ECHAR for \b \t \n \f \r \" \\; \u00XX (upper-case hex) for other controls
	 * and DEL; U+FFFE and U+FFFF are not XML 1.1 Chars; U+FFFD and é stay raw. */
	write_one(f, &q,
	          "_:b0 <http://ex.org/p> \"\\b\\t\\n\\f\\r\\\"\\\\\\u0001\\u001F\\u007F\\u0000 "
	          "\xc3\xa9\\uFFFE\\uFFFF"
	          "\xef\xbf\xbd'\" .\n");

	q.o.value = MC_SLICE_LIT("x");
	q.o.lang = MC_SLICE_LIT("en-GB");
	q.o.datatype = MC_SLICE_LIT(MC_RDF_LANGSTRING);
	q.g = (struct mc_rdf_term){.kind = MC_RDF_IRI, .value = MC_SLICE_LIT("http://ex.org/g")};
	write_one(f, &q, "_:b0 <http://ex.org/p> \"x\"@en-GB <http://ex.org/g> .\n");

	q.o.lang = (struct mc_slice){NULL, 0};
	q.o.datatype = MC_SLICE_LIT("http://www.w3.org/2001/XMLSchema#boolean");
	q.g.kind = MC_RDF_NONE;
	write_one(f, &q, "_:b0 <http://ex.org/p> \"x\"^^<http://www.w3.org/2001/XMLSchema#boolean> .\n");

	/* Characters IRIREF forbids are written as UCHAR. */
	q.o = (struct mc_rdf_term){.kind = MC_RDF_IRI, .value = MC_SLICE_LIT("urn:a b<c>\xc3\xa9")};
	write_one(f, &q, "_:b0 <http://ex.org/p> <urn:a\\u0020b\\u003Cc\\u003E\xc3\xa9> .\n");
}

/* Serializing what was parsed gives the canonical form; parsing it again is stable. */
static void round_trip(void **state)
{
	struct fx *f = *state;
	const char *in = "<urn:x:s>\t<urn:x:p>   "
	                 "\"a\\u0009b\\U0000000A\\'\"^^<http://www.w3.org/2001/XMLSchema#string> .\n"
	                 "_:x <urn:x:\\u0070> \"\\u00E9\"@de <urn:x:g> .\n";
	const char *want = "<urn:x:s> <urn:x:p> \"a\\tb\\n'\" .\n"
	                   "_:x <urn:x:p> \"\xc3\xa9\"@de <urn:x:g> .\n";
	struct mc_rdf_dataset ds, ds2;
	parse_ok(f, in, &ds);
	assert_int_equal(mc_nquads_write(&f->out, &ds), 0);
	assert_string_equal(f->out.ptr, want);
	char *again = mc_arena_strdup(&f->a, f->out.ptr);
	parse_ok(f, again, &ds2);
	mc_buf_clear(&f->out);
	assert_int_equal(mc_nquads_write(&f->out, &ds2), 0);
	assert_string_equal(f->out.ptr, want);
}

static const char *canon(struct fx *f, const char *nq, const struct mc_rdfc_opts *opts, struct mc_json **map)
{
	struct mc_rdf_dataset ds;
	parse_ok(f, nq, &ds);
	mc_buf_clear(&f->out);
	int rc = mc_rdfc_canonize(&f->a, &ds, opts, &f->out, map, &f->err);
	if (rc)
		fail_msg("canonize failed: %s", f->err.msg);
	return mc_arena_strdup(&f->a, f->out.ptr);
}

static void rdfc_label_and_order_independent(void **state)
{
	struct fx *f = *state;
	/* A diamond with a shared first-degree hash, so Hash N-Degree Quads runs. */
	const char *a = "_:a <urn:p> _:b .\n_:a <urn:p> _:c .\n_:b <urn:p> _:d .\n_:c <urn:p> _:d .\n"
	                "_:d <urn:name> \"end\" .\n<urn:s> <urn:q> _:a .\n";
	const char *b = "_:n4 <urn:name> \"end\" .\n_:n2 <urn:p> _:n4 .\n<urn:s> <urn:q> _:n1 .\n"
	                "_:n1 <urn:p> _:n3 .\n_:n3 <urn:p> _:n4 .\n_:n1 <urn:p> _:n2 .\n";
	const char *ca = canon(f, a, NULL, NULL);
	const char *cb = canon(f, b, NULL, NULL);
	assert_string_equal(ca, cb);
	assert_non_null(strstr(ca, "_:c14n0"));
	assert_null(strstr(ca, "_:a "));

	/* SHA-384 labels the same graph through different hashes: still the same for
	 * both inputs, and a valid canonical form. */
	struct mc_rdfc_opts o384 = {.hash = MC_RDFC_SHA384};
	assert_string_equal(canon(f, a, &o384, NULL), canon(f, b, &o384, NULL));
}

static void rdfc_duplicates_and_empty(void **state)
{
	struct fx *f = *state;
	const char *dup = "_:x <urn:p> \"v\" .\n<urn:s> <urn:p> <urn:o> .\n_:x <urn:p> \"v\" .\n"
	                  "<urn:s> <urn:p> <urn:o> .\n_:x <urn:q> _:y .\n";
	const char *one = "_:x <urn:p> \"v\" .\n<urn:s> <urn:p> <urn:o> .\n_:x <urn:q> _:y .\n";
	assert_string_equal(canon(f, dup, NULL, NULL), canon(f, one, NULL, NULL));
	assert_string_equal(canon(f, "", NULL, NULL), "");
	assert_string_equal(canon(f, "<urn:b> <urn:p> <urn:o> .\n<urn:a> <urn:p> \"\" .\n", NULL, NULL),
	                    "<urn:a> <urn:p> \"\" .\n<urn:b> <urn:p> <urn:o> .\n");
}

static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Many lines with long shared prefixes, prefixes of each other's terms, and
 * duplicates: the output is exactly the sorted, unique set of input lines. */
static void rdfc_sorts_lines(void **state)
{
	struct fx *f = *state;
	struct mc_buf nq;
	char *lines[600];
	size_t n = 0;
	unsigned seed = 12345;

	mc_buf_init(&nq, MC_BUF_NOLIMIT);
	for (int i = 0; i < 600; i++) {
		seed = seed * 1103515245u + 12345u;
		unsigned r = (seed >> 8) % 1000;
		char line[256];
		/* Subjects share a 40-byte prefix and differ in length; objects are
		 * literals that are prefixes of one another, or IRIs. */
		snprintf(line, sizeof(line),
		         "<http://example.org/long/shared/prefix/%u> <urn:p%u> %s%.*s%s .\n", r % 37, r % 3,
		         r % 2 ? "\"" : "<urn:o:", (int)(r % 11), "aaaaaaaaaaa", r % 2 ? "\"" : ">");
		mc_buf_puts(&nq, line);
		lines[n++] = mc_arena_strdup(&f->a, line);
	}
	qsort(lines, n, sizeof(*lines), cmp_cstr);
	struct mc_buf want;
	mc_buf_init(&want, MC_BUF_NOLIMIT);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(lines[i], lines[i - 1]) != 0)
			mc_buf_puts(&want, lines[i]);
	assert_string_equal(canon(f, nq.ptr, NULL, NULL), want.ptr);
	mc_buf_release(&want);
	mc_buf_release(&nq);
}

static void rdfc_issued_map(void **state)
{
	struct fx *f = *state;
	struct mc_json *map = NULL;
	canon(f, "<urn:s> <urn:p> _:first .\n_:first <urn:p> _:second .\n", NULL, &map);
	assert_true(mc_json_is_object(map));
	assert_int_equal(map->len, 2);
	const char *l1 = mc_json_get_str(map, "first"), *l2 = mc_json_get_str(map, "second");
	assert_non_null(l1);
	assert_non_null(l2);
	assert_true(strncmp(l1, "c14n", 4) == 0 && strncmp(l2, "c14n", 4) == 0);
	assert_string_not_equal(l1, l2);
	/* The canonical output uses exactly the labels of the map. */
	char want[64];
	snprintf(want, sizeof(want), "<urn:s> <urn:p> _:%s .\n", l1);
	assert_non_null(strstr(f->out.ptr, want));
}

static void rdfc_work_bound(void **state)
{
	struct fx *f = *state;
	/* A 5-clique: every node looks the same until N-degree hashing. */
	struct mc_buf nq;
	mc_buf_init(&nq, MC_BUF_NOLIMIT);
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 5; j++)
			if (i != j)
				mc_buf_printf(&nq, "_:n%d <urn:p> _:n%d .\n", i, j);
	struct mc_rdf_dataset ds = {0};
	assert_int_equal(mc_nquads_parse(&f->a, nq.ptr, nq.len, &ds, &f->err), 0);

	struct mc_rdfc_opts tight = {.max_work = 50};
	assert_int_equal(mc_rdfc_canonize(&f->a, &ds, &tight, &f->out, NULL, &f->err), MC_ELIMIT);
	assert_non_null(strstr(f->err.msg, "too complex to canonicalize"));
	assert_non_null(strstr(f->err.msg, "poison"));

	/* The default bound lets this small clique through. */
	mc_buf_clear(&f->out);
	assert_int_equal(mc_rdfc_canonize(&f->a, &ds, NULL, &f->out, NULL, &f->err), 0);
	assert_non_null(strstr(f->out.ptr, "_:c14n4"));
	assert_true(mc_rdfc_default_max_work(1) >= 65536);
	assert_true(mc_rdfc_default_max_work(1000000) <= ((size_t)1 << 20));
	mc_buf_release(&nq);
}

static void rdfc_rejects_generalized(void **state)
{
	struct fx *f = *state;
	struct mc_quad q = {
	    .s = {.kind = MC_RDF_IRI, .value = MC_SLICE_LIT("urn:s")},
	    .p = {.kind = MC_RDF_BLANK, .value = MC_SLICE_LIT("p")},
	    .o = {.kind = MC_RDF_IRI, .value = MC_SLICE_LIT("urn:o")},
	};
	struct mc_rdf_dataset ds = {0};
	mc_rdf_dataset_add(&f->a, &ds, &q);
	assert_int_equal(mc_rdfc_canonize(&f->a, &ds, NULL, &f->out, NULL, &f->err), MC_EUNSUPPORTED);
	assert_non_null(strstr(f->err.msg, "predicate"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(parse_terms, setup, teardown),
	    cmocka_unit_test_setup_teardown(parse_escapes, setup, teardown),
	    cmocka_unit_test_setup_teardown(parse_layout, setup, teardown),
	    cmocka_unit_test_setup_teardown(parse_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(serialize_canonical, setup, teardown),
	    cmocka_unit_test_setup_teardown(round_trip, setup, teardown),
	    cmocka_unit_test_setup_teardown(rdfc_label_and_order_independent, setup, teardown),
	    cmocka_unit_test_setup_teardown(rdfc_duplicates_and_empty, setup, teardown),
	    cmocka_unit_test_setup_teardown(rdfc_sorts_lines, setup, teardown),
	    cmocka_unit_test_setup_teardown(rdfc_issued_map, setup, teardown),
	    cmocka_unit_test_setup_teardown(rdfc_work_bound, setup, teardown),
	    cmocka_unit_test_setup_teardown(rdfc_rejects_generalized, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
