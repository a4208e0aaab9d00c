/* JSON-LD to RDF (mc_jsonld_to_rdf) on hand-written expanded documents: native
 * number forms, @json, lists, @direction, node map details, safe-mode drops. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* cmocka needs the headers above first */
#include <cmocka.h>

#include "microcred/jsonld.h"
#include "microcred/rdf.h"

#define XSD "http://www.w3.org/2001/XMLSchema#"
#define RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

static struct mc_arena arena;

static int cmp_line(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Runs mc_jsonld_to_rdf on expanded JSON text; on success *nq is the N-Quads with
 * lines sorted (labels are deterministic: the spec's _:b0, _:b1, ...). */
static int to_rdf(const char *json, const struct mc_jsonld_opts *opts, char **nq, struct mc_err *err)
{
	struct mc_json *doc;
	assert_int_equal(mc_json_parse(&arena, json, strlen(json), NULL, &doc, err), 0);
	struct mc_rdf_dataset ds = {0};
	int rc = mc_jsonld_to_rdf(&arena, doc, opts, &ds, err);
	if (rc)
		return rc;
	char **lines = mc_arena_alloc(&arena, (ds.len + 1) * sizeof(char *));
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	for (size_t i = 0; i < ds.len; i++) {
		mc_buf_clear(&b);
		assert_int_equal(mc_nquads_write_quad(&b, &ds.quads[i]), 0);
		lines[i] = mc_arena_strdup(&arena, b.ptr);
	}
	qsort(lines, ds.len, sizeof(char *), cmp_line);
	mc_buf_clear(&b);
	for (size_t i = 0; i < ds.len; i++)
		mc_buf_puts(&b, lines[i]);
	*nq = mc_arena_strdup(&arena, b.ptr);
	mc_buf_release(&b);
	return 0;
}

static void check_nq(const char *json, const struct mc_jsonld_opts *opts, const char *want)
{
	char *nq = NULL;
	struct mc_err err = {0};
	int rc = to_rdf(json, opts, &nq, &err);
	if (rc)
		fail_msg("mc_jsonld_to_rdf failed: %s", err.msg);
	assert_string_equal(nq, want);
}

static void check_error(const char *json, const struct mc_jsonld_opts *opts, const char *code,
                        const char *mention)
{
	char *nq = NULL;
	struct mc_err err = {0};
	int rc = to_rdf(json, opts, &nq, &err);
	if (rc == 0)
		fail_msg("expected error %s, got:\n%s", code, nq);
	assert_int_equal(rc, MC_EINVAL);
	const char *got = mc_jsonld_error_code(&err);
	assert_non_null(got);
	assert_string_equal(got, code);
	if (mention && !strstr(err.msg, mention))
		fail_msg("message does not name \"%s\": %s", mention, err.msg);
}

/* One value object as the only value of <http://p> on <http://s>. */
static void check_value(const char *value_obj, const char *object_nq)
{
	char *json = mc_arena_printf(&arena, "[{\"@id\":\"http://s\",\"http://p\":[%s]}]", value_obj);
	char *want = mc_arena_printf(&arena, "<http://s> <http://p> %s .\n", object_nq);
	check_nq(json, NULL, want);
}

static void numbers(void **state)
{
	check_value("{\"@value\":3}", "\"3\"^^<" XSD "integer>");
	check_value("{\"@value\":-42}", "\"-42\"^^<" XSD "integer>");
	check_value("{\"@value\":3.5}", "\"3.5E0\"^^<" XSD "double>");
	check_value("{\"@value\":-0.001}", "\"-1.0E-3\"^^<" XSD "double>");
	check_value("{\"@value\":1e21}", "\"1.0E21\"^^<" XSD "double>");
	check_value("{\"@value\":1e20}", "\"100000000000000000000\"^^<" XSD "integer>");
	check_value("{\"@value\":2.0}", "\"2\"^^<" XSD "integer>");
	check_value("{\"@value\":-0.0}", "\"0\"^^<" XSD "integer>");
	check_value("{\"@value\":0.1}", "\"1.0E-1\"^^<" XSD "double>");
	check_value("{\"@value\":123456.789}", "\"1.23456789E5\"^^<" XSD "double>");
	/* toExponential(15) rounds to 16 digits, ties up (printf would round to even) */
	check_value("{\"@value\":1234567890123456.5}", "\"1.234567890123457E15\"^^<" XSD "double>");
	check_value("{\"@value\":0.30000000000000004}", "\"3.0E-1\"^^<" XSD "double>");
	/* as jsonld.js (IEEE doubles): an integer beyond 2^53 is rounded */
	check_value("{\"@value\":9007199254740993}", "\"9007199254740992\"^^<" XSD "integer>");
	check_value("{\"@value\":true}", "\"true\"^^<" XSD "boolean>");
	check_value("{\"@value\":false}", "\"false\"^^<" XSD "boolean>");
	/* a coerced native number keeps its form; only xsd:double forces the double form */
	check_value("{\"@value\":3,\"@type\":\"" XSD "float\"}", "\"3\"^^<" XSD "float>");
	check_value("{\"@value\":3.5,\"@type\":\"" XSD "float\"}", "\"3.5E0\"^^<" XSD "float>");
	check_value("{\"@value\":3,\"@type\":\"" XSD "double\"}", "\"3.0E0\"^^<" XSD "double>");
	check_value("{\"@value\":9.9,\"@type\":\"" XSD "integer\"}", "\"9.9E0\"^^<" XSD "integer>");
	check_value("{\"@value\":true,\"@type\":\"http://t\"}", "\"true\"^^<http://t>");
	/* a string stays as written whatever its type */
	check_value("{\"@value\":\"3\",\"@type\":\"" XSD "double\"}", "\"3\"^^<" XSD "double>");
	/* the OB 3.0.3 context's undefined prefix: the literal IRI "xsd:dateTime" */
	check_value("{\"@value\":\"2024-01-01T00:00:00Z\",\"@type\":\"xsd:dateTime\"}",
	            "\"2024-01-01T00:00:00Z\"^^<xsd:dateTime>");
}

static void strings_and_json(void **state)
{
	check_value("{\"@value\":\"plain\"}", "\"plain\"");
	check_value("{\"@value\":\"chat\",\"@language\":\"fr-CA\"}", "\"chat\"@fr-CA");
	/* @json: RFC 8785 form, rdf:JSON */
	check_value("{\"@value\":{\"b\":[1.0,\"x\",null],\"a\":true},\"@type\":\"@json\"}",
	            "\"{\\\"a\\\":true,\\\"b\\\":[1,\\\"x\\\",null]}\"^^<" RDF "JSON>");
	check_value("{\"@value\":\"text\",\"@type\":\"@json\"}", "\"\\\"text\\\"\"^^<" RDF "JSON>");
	check_value("{\"@value\":1e2,\"@type\":\"@json\"}", "\"100\"^^<" RDF "JSON>");
	check_value("{\"@value\":null,\"@type\":\"@json\"}", "\"null\"^^<" RDF "JSON>");
}

static void lists(void **state)
{
	struct mc_jsonld_opts unsafe = {0};
	check_nq("[{\"@id\":\"http://s\",\"http://p\":[{\"@list\":[]}]}]", NULL,
	         "<http://s> <http://p> <" RDF "nil> .\n");
	check_nq(
	    "[{\"@id\":\"http://s\",\"http://p\":[{\"@list\":[{\"@value\":1},{\"@id\":\"http://o\"}]}]}]",
	    NULL,
	    "<http://s> <http://p> _:b0 .\n"
	    "_:b0 <" RDF "first> \"1\"^^<" XSD "integer> .\n"
	    "_:b0 <" RDF "rest> _:b1 .\n"
	    "_:b1 <" RDF "first> <http://o> .\n"
	    "_:b1 <" RDF "rest> <" RDF "nil> .\n");
	/* a list of lists, and a list item that is not well-formed (no rdf:first) */
	check_nq("[{\"@id\":\"http://s\",\"http://p\":[{\"@list\":[{\"@list\":[{\"@value\":\"x\"}]},"
	         "{\"@id\":\"rel\"}]}]}]",
	         &unsafe,
	         "<http://s> <http://p> _:b0 .\n"
	         "_:b0 <" RDF "first> _:b2 .\n"
	         "_:b0 <" RDF "rest> _:b1 .\n"
	         "_:b1 <" RDF "rest> <" RDF "nil> .\n"
	         "_:b2 <" RDF "first> \"x\" .\n"
	         "_:b2 <" RDF "rest> <" RDF "nil> .\n");
	/* lists are never merged, values are */
	check_nq("[{\"@id\":\"http://s\",\"http://p\":[{\"@list\":[]},{\"@list\":[]},{\"@value\":\"v\"},"
	         "{\"@value\":\"v\"}]}]",
	         NULL,
	         "<http://s> <http://p> \"v\" .\n"
	         "<http://s> <http://p> <" RDF "nil> .\n"
	         "<http://s> <http://p> <" RDF "nil> .\n");
}

static void direction(void **state)
{
	const char *doc = "[{\"@id\":\"http://s\",\"http://p\":[{\"@value\":\"x\",\"@language\":\"en-US\","
	                  "\"@direction\":\"rtl\"},{\"@value\":\"y\",\"@direction\":\"ltr\"}]}]";
	struct mc_jsonld_opts o = {.rdf_direction = MC_JSONLD_RDF_DIRECTION_I18N_DATATYPE};
	check_nq(doc, &o,
	         "<http://s> <http://p> \"x\"^^<https://www.w3.org/ns/i18n#en-us_rtl> .\n"
	         "<http://s> <http://p> \"y\"^^<https://www.w3.org/ns/i18n#_ltr> .\n");
	o.rdf_direction = MC_JSONLD_RDF_DIRECTION_COMPOUND_LITERAL;
	check_nq(doc, &o,
	         "<http://s> <http://p> _:b0 .\n"
	         "<http://s> <http://p> _:b1 .\n"
	         "_:b0 <" RDF "direction> \"rtl\" .\n"
	         "_:b0 <" RDF "language> \"en-us\" .\n"
	         "_:b0 <" RDF "value> \"x\" .\n"
	         "_:b1 <" RDF "direction> \"ltr\" .\n"
	         "_:b1 <" RDF "value> \"y\" .\n");
	o.rdf_direction = MC_JSONLD_RDF_DIRECTION_NONE;
	check_nq(doc, &o, "<http://s> <http://p> \"x\"@en-US .\n<http://s> <http://p> \"y\" .\n");
	o.safe = true;
	check_error(doc, &o, "safe mode violation", "rdfDirection");
}

static void node_map(void **state)
{
	/* input blank labels are reissued in the spec's order: @id, then properties
	 * sorted (b before c), nested nodes depth first */
	check_nq("[{\"@id\":\"_:x\",\"@type\":[\"_:t\",\"http://T\"],\"http://c\":[{\"@id\":\"_:x\"}],"
	         "\"http://b\":[{\"http://p\":[{\"@value\":1}]}]}]",
	         NULL,
	         "_:b0 <http://b> _:b2 .\n"
	         "_:b0 <http://c> _:b0 .\n"
	         "_:b0 <" RDF "type> <http://T> .\n"
	         "_:b0 <" RDF "type> _:b1 .\n"
	         "_:b2 <http://p> \"1\"^^<" XSD "integer> .\n");
	/* a node described in two places is merged; duplicates collapse */
	check_nq("[{\"@id\":\"http://a\",\"http://p\":[{\"@value\":\"v\"}]},"
	         "{\"@id\":\"http://a\",\"http://p\":[{\"@value\":\"v\"},{\"@value\":\"w\"}]}]",
	         NULL,
	         "<http://a> <http://p> \"v\" .\n"
	         "<http://a> <http://p> \"w\" .\n");
	/* @reverse, named @graph, @included */
	check_nq("[{\"@id\":\"http://a\",\"@reverse\":{\"http://knows\":[{\"@id\":\"http://b\"}]},"
	         "\"@graph\":[{\"@id\":\"http://g1\",\"http://p\":[{\"@value\":\"in\"}]}],"
	         "\"@included\":[{\"@id\":\"http://i\",\"http://p\":[{\"@value\":\"inc\"}]}]}]",
	         NULL,
	         "<http://b> <http://knows> <http://a> .\n"
	         "<http://g1> <http://p> \"in\" <http://a> .\n"
	         "<http://i> <http://p> \"inc\" .\n");
	/* @index must agree */
	check_error("[{\"@id\":\"http://a\",\"@index\":\"1\"},{\"@id\":\"http://a\",\"@index\":\"2\"}]", NULL,
	            "conflicting indexes", "http://a");
}

static void drops_and_safe_mode(void **state)
{
	static const struct {
		const char *doc;
		const char *mention;
	} cases[] = {
	    {"[{\"@id\":\"rel\",\"http://p\":[{\"@value\":1}]}]", "relative subject reference"},
	    {"[{\"@id\":\"http://s\",\"rel\":[{\"@value\":1}]}]", "relative predicate reference"},
	    {"[{\"@id\":\"http://s\",\"http://p\":[{\"@id\":\"rel\"}]}]", "relative object reference"},
	    {"[{\"@id\":\"http://s\",\"http://p\":[{\"@id\":\"http://a b\"}]}]", "http://a b"},
	    /* "@id": null, left by expansion for an ignored keyword-like IRI */
	    {"[{\"@id\":\"http://s\",\"http://p\":[{\"@id\":null}]}]", "null"},
	    {"[{\"@id\":\"http://s\",\"@type\":[\"Rel\"]}]", "relative type reference"},
	    {"[{\"@id\":\"http://s\",\"_:p\":[{\"@value\":1}]}]", "blank node predicate"},
	    {"[{\"@id\":\"http://s\",\"http://p\":[{\"@value\":\"x\",\"@language\":\"a b\"}]}]", "language"},
	    {"[{\"@id\":\"rel\",\"@graph\":[{\"@id\":\"http://s\",\"http://p\":[{\"@value\":1}]}]}]",
	     "relative graph reference"},
	};
	struct mc_jsonld_opts unsafe = {0}, safe = {.safe = true};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		check_nq(cases[i].doc, &unsafe, ""); /* dropped silently */
		check_error(cases[i].doc, &safe, "safe mode violation", cases[i].mention);
		check_error(cases[i].doc, NULL, "safe mode violation", cases[i].mention); /* NULL = safe */
	}
	/* produceGeneralizedRdf keeps blank node predicates */
	struct mc_jsonld_opts gen = {.produce_generalized_rdf = true, .safe = true};
	check_nq("[{\"@id\":\"http://s\",\"_:p\":[{\"@value\":1}]}]", &gen,
	         "<http://s> _:b0 \"1\"^^<" XSD "integer> .\n");
	/* a node that is only referenced says nothing, so its IRI is not checked */
	check_nq("[{\"@id\":\"http://s\",\"http://p\":[{\"@id\":\"http://o\"}]}]", &safe,
	         "<http://s> <http://p> <http://o> .\n");
	/* an ordinary credential-like node passes safe mode */
	check_nq("[{\"@id\":\"urn:uuid:1\",\"@type\":[\"https://w3id.org/T\"],\"https://w3id.org/n\":"
	         "[{\"@value\":\"Badge\",\"@language\":\"en\"}]}]",
	         &safe,
	         "<urn:uuid:1> <" RDF "type> <https://w3id.org/T> .\n"
	         "<urn:uuid:1> <https://w3id.org/n> \"Badge\"@en .\n");
}

/* RDFC-1.0 canonical form of expanded JSON text through mc_jsonld_to_rdf with opts;
 * returns its status (the error in *err) and the N-Quads in *out. */
static int canon_of(const char *json, struct mc_jsonld_opts opts, bool as_set, char **out, struct mc_err *err)
{
	struct mc_json *doc;
	assert_int_equal(mc_json_parse(&arena, json, strlen(json), NULL, &doc, err), 0);
	struct mc_rdf_dataset ds = {0};
	opts.as_set = as_set;
	int rc = mc_jsonld_to_rdf(&arena, doc, &opts, &ds, err);
	if (rc)
		return rc;
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	assert_int_equal(mc_rdfc_canonize(&arena, &ds, NULL, &b, NULL, err), 0);
	*out = mc_arena_strdup(&arena, b.ptr ? b.ptr : "");
	mc_buf_release(&b);
	return 0;
}

/* Set mode (what canonicalization uses) keeps, drops and refuses exactly what the
 * node map does: same canonical form, same errors. */
static void set_mode(void **state)
{
	static const char *const docs[] = {
	    /* merged nodes, repeats, blank labels, types */
	    "[{\"@id\":\"_:x\",\"@type\":[\"_:t\",\"http://T\"],\"http://c\":[{\"@id\":\"_:x\"}],"
	    "\"http://b\":[{\"http://p\":[{\"@value\":1}]}]},"
	    "{\"@id\":\"_:x\",\"http://c\":[{\"@id\":\"_:x\"}],\"http://"
	    "d\":[{\"@value\":\"v\"},{\"@value\":\"v\"}]}]",
	    /* @reverse, named graphs (one nested in another), @included */
	    "[{\"@id\":\"http://a\",\"@reverse\":{\"http://knows\":[{\"@id\":\"http://b\"}]},"
	    "\"@graph\":[{\"@id\":\"http://g1\",\"http://p\":[{\"@value\":\"in\"}],"
	    "\"@graph\":[{\"@id\":\"http://s\",\"http://p\":[{\"@value\":2}]}]}],"
	    "\"@included\":[{\"@id\":\"http://i\",\"http://p\":[{\"@value\":\"inc\"}]}]}]",
	    /* lists: nested, with nodes, empty, free-floating at the top */
	    "[{\"@id\":\"http://s\",\"http://p\":[{\"@list\":[{\"@value\":1},{\"@list\":[{\"@id\":\"http://"
	    "o\"}]},"
	    "{\"http://q\":[{\"@value\":\"n\"}]}]},{\"@list\":[]}]},"
	    "{\"@list\":[{\"@id\":\"http://f\",\"http://q\":[{\"@value\":\"floating list node\"}]}]}]",
	    /* a relative subject: its statements go, its nested nodes stay (a fuzzer find) */
	    "[{\"@id\":\"rel\",\"@type\":[\"http://T\"],\"http://p\":[{\"@id\":\"http://"
	    "n\",\"@type\":[\"http://U\"],"
	    "\"http://q\":[{\"@list\":[{\"@value\":1}]}]}]}]",
	    /* a relative predicate holding a list: neither the statement nor the list */
	    "[{\"@id\":\"http://s\",\"rel\":[{\"@list\":[{\"@value\":1},{\"@id\":\"http://o\"}]}],"
	    "\"http://p\":[{\"@value\":\"kept\"}]}]",
	    /* a graph with a relative name, holding a graph with a good one */
	    "[{\"@id\":\"rel\",\"@graph\":[{\"@id\":\"http://g\",\"http://p\":[{\"@value\":1}],"
	    "\"@graph\":[{\"@id\":\"http://s\",\"http://p\":[{\"@value\":2}]}]}]}]",
	};
	struct mc_jsonld_opts modes[] = {{.safe = false}, {.safe = true}};
	for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
		for (size_t m = 0; m < 2; m++) {
			char *c1 = NULL, *c2 = NULL;
			struct mc_err e1 = {0}, e2 = {0};
			int r1 = canon_of(docs[i], modes[m], false, &c1, &e1);
			int r2 = canon_of(docs[i], modes[m], true, &c2, &e2);
			if ((r1 == 0) != (r2 == 0))
				fail_msg("doc %zu, safe %zu: node map %s, set mode %s", i, m,
				         r1 ? e1.msg : "ok", r2 ? e2.msg : "ok");
			if (r1 == 0)
				assert_string_equal(c1, c2);
			else
				assert_string_equal(mc_jsonld_error_code(&e1), mc_jsonld_error_code(&e2));
		}
	/* the node map's errors, in set mode */
	struct mc_jsonld_opts set = {.as_set = true}, safe_set = {.safe = true, .as_set = true};
	check_error("[{\"@id\":\"http://a\",\"@index\":\"1\"},{\"@id\":\"http://a\",\"@index\":\"2\"}]", &set,
	            "conflicting indexes", "http://a");
	check_error("[{\"@id\":\"http://s\",\"rel\":[{\"@list\":[]}]}]", &safe_set, "safe mode violation",
	            "relative predicate reference");
	check_error("[{\"@id\":\"rel\",\"@graph\":[]}]", &safe_set, "safe mode violation",
	            "relative graph reference");
	/* the unsafe cases of the previous test drop to nothing in set mode too */
	check_nq("[{\"@id\":\"rel\",\"http://p\":[{\"@value\":1}]}]", &set, "");
}

static int setup(void **state)
{
	mc_arena_init(&arena, 0);
	return 0;
}

static int teardown(void **state)
{
	mc_arena_release(&arena);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(numbers),  cmocka_unit_test(strings_and_json),
	    cmocka_unit_test(lists),    cmocka_unit_test(direction),
	    cmocka_unit_test(node_map), cmocka_unit_test(drops_and_safe_mode),
	    cmocka_unit_test(set_mode),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
