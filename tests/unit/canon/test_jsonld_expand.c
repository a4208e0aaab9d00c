/* JSON-LD expansion: the Open Badges 3.0 example against jsonld.js output, safe-mode
 * verdicts and messages for the interop pitfall variants, remote contexts,
 * protected terms, error codes, IRI resolution, and the shared context cache under
 * concurrent first use. Vectors: tests/vectors/jsonld-safe (see its README). */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* cmocka.h needs stdarg.h, stddef.h and setjmp.h first. */
#include <cmocka.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/json.h"
#include "microcred/jsonld.h"

#include "canon/jsonld_internal.h"

#define VEC "tests/vectors/jsonld-safe/"

static struct mc_json *load(struct mc_arena *a, const char *path)
{
	struct mc_buf b;
	struct mc_err err = {0};
	struct mc_json *doc = NULL;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	if (mc_buf_read_file(&b, path, &err) != 0)
		fail_msg("%s: %s", path, err.msg);
	if (mc_json_parse(a, b.ptr, b.len, NULL, &doc, &err) != 0)
		fail_msg("%s: %s", path, err.msg);
	mc_buf_release(&b);
	return doc;
}

static struct mc_json *parse(struct mc_arena *a, const char *text)
{
	struct mc_err err = {0};
	struct mc_json *doc = NULL;
	if (mc_json_parse(a, text, strlen(text), NULL, &doc, &err) != 0)
		fail_msg("test JSON: %s", err.msg);
	return doc;
}

static int expand_text(struct mc_arena *a, const char *text, bool safe, struct mc_json **out,
                       struct mc_err *err)
{
	struct mc_jsonld_opts o = {.safe = safe};
	return mc_jsonld_expand(a, parse(a, text), &o, out, err);
}

/* ---- concurrency: must run first, while the caches are cold ---- */

struct thread_arg {
	const struct mc_json *doc;
	const struct mc_json *want;
	int ok;
};

static void *expand_thread(void *p)
{
	struct thread_arg *t = p;
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_jsonld_opts o = {.safe = true};
	t->ok = 1;
	for (int i = 0; i < 50; i++) {
		struct mc_json *out;
		struct mc_err err = {0};
		if (mc_jsonld_expand(&a, t->doc, &o, &out, &err) != 0 || !mc_json_equal(out, t->want))
			t->ok = 0;
		mc_arena_clear(&a);
	}
	mc_arena_release(&a);
	return NULL;
}

static void concurrent_first_use(void **state)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct thread_arg arg = {load(&a, VEC "baseline.json"), load(&a, VEC "baseline.expanded.json"), 0};
	pthread_t th[4];
	struct thread_arg args[4];
	for (int i = 0; i < 4; i++) {
		args[i] = arg;
		assert_int_equal(pthread_create(&th[i], NULL, expand_thread, &args[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(args[i].ok, 1);
	}
	mc_arena_release(&a);
}

/* ---- the interop example and its variants ---- */

static void ob_example_matches_jsonld_js(void **state)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_json *doc = load(&a, VEC "baseline.json");
	struct mc_json *want = load(&a, VEC "baseline.expanded.json");
	struct mc_jsonld_opts o = {.safe = true};
	struct mc_json *out;
	struct mc_err err = {0};
	assert_int_equal(mc_jsonld_expand(&a, doc, &o, &out, &err), 0);
	assert_true(mc_json_equal(out, want));
	/* A second expansion (warm caches) gives the same tree. */
	assert_int_equal(mc_jsonld_expand(&a, doc, &o, &out, &err), 0);
	assert_true(mc_json_equal(out, want));
	/* And so does unsafe mode on a clean document. */
	o.safe = false;
	assert_int_equal(mc_jsonld_expand(&a, doc, &o, &out, &err), 0);
	assert_true(mc_json_equal(out, want));
	mc_arena_release(&a);
}

/* Expected path in the error message of each failing variant. */
static const struct {
	const char *name;
	const char *where;
} fail_paths[] = {
    {"credentialSchema-1EdTech", "$.credentialSchema[0].type"},
    {"undefined-top-level-term", "$.gpa"},
    {"extra-type", "$.type"},
    {"achievement-no-type", "$.credentialSubject.achievement."},
    {"subject-no-type", "$.credentialSubject.achievement"},
    {"issuer-no-type", "$.issuer.email"},
    {"relative-achievement-id", "$.credentialSubject.achievement.id"},
    {"relative-image-string", "$.credentialSubject.achievement.image"},
    {"vc1.1+ob3.0.0", "$.awardedDate"},
    {"jwt-claims-in-body", "$.jti"},
};

static void pitfall_variants(void **state)
{
	FILE *f = fopen(VEC "expect.txt", "r");
	assert_non_null(f);
	char name[128], expect[16];
	int ok_count = 0, fail_count = 0;
	while (fscanf(f, "%127s %15s", name, expect) == 2) {
		struct mc_arena a;
		mc_arena_init(&a, 0);
		char path[256];
		snprintf(path, sizeof path, VEC "%s.json", name);
		struct mc_json *doc = load(&a, path);
		struct mc_jsonld_opts o = {.safe = true};
		struct mc_json *out;
		struct mc_err err = {0};
		int rc = mc_jsonld_expand(&a, doc, &o, &out, &err);
		if (strcmp(expect, "ok") == 0) {
			if (rc != 0)
				fail_msg("%s: expected success, got: %s", name, err.msg);
			snprintf(path, sizeof path, VEC "%s.expanded.json", name);
			if (!mc_json_equal(out, load(&a, path)))
				fail_msg("%s: expanded form differs from jsonld.js", name);
			ok_count++;
		} else {
			if (rc != MC_EINVAL)
				fail_msg("%s: expected a safe-mode error, got rc %d", name, rc);
			const char *code = mc_jsonld_error_code(&err);
			assert_non_null(code);
			assert_string_equal(code, "safe mode violation");
			for (size_t i = 0; i < sizeof fail_paths / sizeof fail_paths[0]; i++)
				if (strcmp(fail_paths[i].name, name) == 0 &&
				    !strstr(err.msg, fail_paths[i].where))
					fail_msg("%s: message lacks %s: %s", name, fail_paths[i].where,
					         err.msg);
			/* Without safe mode the same document expands (data is dropped). */
			o.safe = false;
			if (mc_jsonld_expand(&a, doc, &o, &out, &err) != 0)
				fail_msg("%s: unsafe expansion failed: %s", name, err.msg);
			fail_count++;
		}
		mc_arena_release(&a);
	}
	fclose(f);
	assert_int_equal(ok_count, 16);
	assert_int_equal(fail_count, 11);
}

static void safe_mode_messages(void **state)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_json *out;
	struct mc_err err = {0};
	const char *doc =
	    "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"type\": "
	    "\"VerifiableCredential\", \"credentialSubject\": {\"id\": \"did:ex:1\", \"foo\": 1}}";
	assert_int_equal(expand_text(&a, doc, true, &out, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "term 'foo' at $.credentialSubject.foo"));
	assert_non_null(strstr(err.msg, "https://www.w3.org/ns/credentials/undefined-terms/v2"));
	/* Unsafe: foo is dropped silently. */
	assert_int_equal(expand_text(&a, doc, false, &out, &err), 0);

	/* Relative @id with no base; free-floating value; bad language tag; null @value. */
	assert_int_equal(expand_text(&a, "{\"@id\": \"rel\", \"http://ex.org/p\": 1}", true, &out, &err),
	                 MC_EINVAL);
	assert_non_null(strstr(err.msg, "$.@id"));
	assert_int_equal(expand_text(&a, "{\"@graph\": [\"x\"]}", true, &out, &err), MC_EINVAL);
	assert_int_equal(
	    expand_text(&a, "{\"http://ex.org/p\": {\"@value\": \"x\", \"@language\": \"not a tag\"}}", true,
	                &out, &err),
	    MC_EINVAL);
	assert_int_equal(expand_text(&a, "{\"http://ex.org/p\": {\"@value\": null}}", true, &out, &err),
	                 MC_EINVAL);
	/* Relative @type and relative @vocab. */
	assert_int_equal(expand_text(&a, "{\"@type\": \"Thing\", \"http://ex.org/p\": 1}", true, &out, &err),
	                 MC_EINVAL);
	assert_int_equal(
	    expand_text(&a, "{\"@context\": {\"@vocab\": \"rel/\"}, \"p\": 1}", true, &out, &err), MC_EINVAL);
	/* The same documents pass without safe mode. */
	assert_int_equal(expand_text(&a, "{\"@type\": \"Thing\", \"http://ex.org/p\": 1}", false, &out, &err),
	                 0);
	mc_arena_release(&a);
}

/* ---- contexts ---- */

static void builtin_contexts_all_load(void **state)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	assert_true(mc__jld_builtin_nurls >= 20);
	for (size_t i = 0; i < mc__jld_builtin_nurls; i++) {
		const char *url = mc__jld_builtin_urls[i].url;
		const struct mc_json *doc = mc_jsonld_builtin_context(url);
		if (!doc)
			fail_msg("built-in context %s does not parse", url);
		assert_non_null(mc_json_get(doc, "@context"));
		/* Each one processes on its own. */
		char *text =
		    mc_arena_printf(&a, "{\"@context\": \"%s\", \"@id\": \"urn:x\", \"urn:p\": 1}", url);
		struct mc_json *out;
		struct mc_err err = {0};
		if (expand_text(&a, text, true, &out, &err) != 0)
			fail_msg("%s: %s", url, err.msg);
	}
	assert_null(mc_jsonld_builtin_context("https://example.com/not-built-in"));
	mc_arena_release(&a);
}

static void unknown_context_is_not_fetched(void **state)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_json *out;
	struct mc_err err = {0};
	assert_int_equal(expand_text(&a, "{\"@context\": \"https://example.com/ctx.jsonld\", \"a\": 1}",
	                             false, &out, &err),
	                 MC_EINVAL);
	assert_string_equal(mc_jsonld_error_code(&err), "loading remote context failed");
	assert_non_null(strstr(err.msg, "https://example.com/ctx.jsonld"));
	assert_non_null(strstr(err.msg, "does not fetch"));
	mc_arena_release(&a);
}

static int cyclic_loader(void *ctx, const char *url, struct mc_arena *a, const struct mc_json **doc,
                         struct mc_err *err)
{
	(void)ctx;
	const char *next = strcmp(url, "https://ex.org/a") == 0 ? "https://ex.org/b" : "https://ex.org/a";
	*doc = parse(a, mc_arena_printf(a, "{\"@context\": [\"%s\", {\"x\": \"urn:x\"}]}", next));
	(void)err;
	return 0;
}

static void cyclic_remote_contexts(void **state)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_jsonld_loader ld = {cyclic_loader, NULL};
	struct mc_jsonld_opts o = {.loader = &ld};
	struct mc_json *out;
	struct mc_err err = {0};
	int rc =
	    mc_jsonld_expand(&a, parse(&a, "{\"@context\": \"https://ex.org/a\", \"x\": 1}"), &o, &out, &err);
	assert_int_equal(rc, MC_ELIMIT);
	assert_string_equal(mc_jsonld_error_code(&err), "context overflow");
	mc_arena_release(&a);
}

static void protected_terms(void **state)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_json *out;
	struct mc_err err = {0};
	/* VC 2.0 protects its terms: redefining one differently is an error... */
	assert_int_equal(expand_text(&a,
	                             "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\", {\"name\": "
	                             "\"https://ex.org/name\"}], \"name\": \"x\"}",
	                             false, &out, &err),
	                 MC_EINVAL);
	assert_string_equal(mc_jsonld_error_code(&err), "protected term redefinition");
	assert_non_null(strstr(err.msg, "'name'"));
	/* ...as is nulling the context... */
	assert_int_equal(expand_text(&a, "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\", null]}",
	                             false, &out, &err),
	                 MC_EINVAL);
	assert_string_equal(mc_jsonld_error_code(&err), "invalid context nullification");
	/* ...but the same definition again (VC 2.0 after itself, or Data Integrity
	 * after VC 2.0) is allowed. */
	assert_int_equal(expand_text(&a,
	                             "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\", "
	                             "\"https://www.w3.org/ns/credentials/v2\", "
	                             "\"https://w3id.org/security/data-integrity/v2\"], \"@id\": \"urn:x\", "
	                             "\"type\": \"VerifiableCredential\"}",
	                             true, &out, &err),
	                 0);
	mc_arena_release(&a);
}

static void error_codes(void **state)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_json *out;
	struct mc_err err = {0};
	static const struct {
		const char *doc;
		const char *code;
	} cases[] = {
	    {"{\"@context\": {\"a\": {\"@id\": 5}}}", "invalid IRI mapping"},
	    {"{\"@context\": {\"a\": {\"@id\": \"urn:a\", \"@foo\": 1}}}", "invalid term definition"},
	    {"{\"@context\": {\"a\": {\"@id\": \"urn:a\", \"@container\": \"@bogus\"}}}",
	     "invalid container mapping"},
	    {"{\"@context\": {\"@version\": 1.0}}", "invalid @version value"},
	    {"{\"@context\": {\"a\": \"b:c\", \"b\": \"a:d\"}}", "cyclic IRI mapping"},
	    {"{\"@context\": {\"@id\": \"urn:x\"}}", "keyword redefinition"},
	    {"{\"@id\": 5}", "invalid @id value"},
	    {"{\"http://ex.org/p\": {\"@value\": \"x\", \"@type\": \"urn:t\", \"@language\": \"en\"}}",
	     "invalid value object"},
	    {"{\"@context\": 5}", "invalid local context"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (expand_text(&a, cases[i].doc, false, &out, &err) == 0)
			fail_msg("%s: expected %s, got success", cases[i].doc, cases[i].code);
		const char *code = mc_jsonld_error_code(&err);
		if (!code || strcmp(code, cases[i].code) != 0)
			fail_msg("%s: expected %s, got: %s", cases[i].doc, cases[i].code, err.msg);
	}
	/* The code survives a prefix added later. */
	mc_err_prefix(&err, "credential.json");
	assert_string_equal(mc_jsonld_error_code(&err), "invalid local context");
	struct mc_err none = {0};
	mc_err_set(&none, MC_EINVAL, "unrelated failure");
	assert_null(mc_jsonld_error_code(&none));
	mc_arena_release(&a);
}

static void scoped_contexts_and_containers(void **state)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_json *out;
	struct mc_err err = {0};
	const char *doc =
	    "{\"@context\": {\"@vocab\": \"http://ex.org/\", \"Person\": {\"@context\": {\"name\": "
	    "\"http://schema.org/name\"}}, \"tags\": {\"@container\": \"@language\"}, \"items\": "
	    "{\"@container\": "
	    "\"@list\"}, \"byId\": {\"@container\": \"@id\"}, \"data\": {\"@type\": \"@json\"}},"
	    " \"@type\": \"Person\", \"name\": \"Ada\", \"tags\": {\"EN\": \"x\"}, \"items\": [1, [2]],"
	    " \"byId\": {\"http://ex.org/n1\": {\"name\": \"n\"}}, \"data\": {\"b\": [1, true]}}";
	assert_int_equal(expand_text(&a, doc, true, &out, &err), 0);
	const char *want =
	    "[{\"@type\": [\"http://ex.org/Person\"], \"http://schema.org/name\": [{\"@value\": \"Ada\"}],"
	    " \"http://ex.org/tags\": [{\"@value\": \"x\", \"@language\": \"en\"}],"
	    " \"http://ex.org/items\": [{\"@list\": [{\"@value\": 1}, {\"@list\": [{\"@value\": 2}]}]}],"
	    " \"http://ex.org/byId\": [{\"@id\": \"http://ex.org/n1\", \"http://ex.org/name\": [{\"@value\": "
	    "\"n\"}]}],"
	    " \"http://ex.org/data\": [{\"@value\": {\"b\": [1, true]}, \"@type\": \"@json\"}]}]";
	/* The type-scoped "name" does not reach into the byId node (not propagated). */
	if (!mc_json_equal(out, parse(&a, want))) {
		struct mc_buf b;
		mc_buf_init(&b, MC_BUF_NOLIMIT);
		mc_json_write(&b, out, MC_JSON_COMPACT);
		fail_msg("got %s", b.ptr);
	}
	mc_arena_release(&a);
}

/* A context chain of built-in URLs makes one shared cache entry per step; the
 * cache stops at its cap and expansion still works (and agrees) beyond it. */
static void shared_cache_is_capped(void **state)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_buf_puts(&b, "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"");
	for (int i = 0; i < 5000; i++)
		mc_buf_puts(&b, ", \"https://www.w3.org/ns/credentials/undefined-terms/v2\"");
	mc_buf_puts(&b, "], \"@id\": \"urn:x\", \"gpa\": \"3.9\"}");
	struct mc_json *out, *again;
	struct mc_err err = {0};
	assert_int_equal(expand_text(&a, b.ptr, true, &out, &err), 0);
	size_t n = mc__jld_shared_entries();
	assert_true(n > 1000);
	assert_true(n <= 4096 + 64);
	assert_int_equal(expand_text(&a, b.ptr, true, &again, &err), 0);
	assert_true(mc_json_equal(out, again));
	assert_int_equal(mc__jld_shared_entries(), n);
	assert_true(mc_json_equal(out, parse(&a, "[{\"@id\": \"urn:x\", "
	                                         "\"https://www.w3.org/ns/credentials/undefined-term#gpa\": "
	                                         "[{\"@value\": \"3.9\"}]}]")));
	mc_buf_release(&b);
	mc_arena_release(&a);
}

static void iri_resolution(void **state)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	const char *base = "http://a/b/c/d;p?q";
	/* RFC 3986 §5.4.1 normal and §5.4.2 abnormal examples. */
	static const char *const cases[][2] = {
	    {"g:h", "g:h"},
	    {"g", "http://a/b/c/g"},
	    {"./g", "http://a/b/c/g"},
	    {"g/", "http://a/b/c/g/"},
	    {"/g", "http://a/g"},
	    {"//g", "http://g"},
	    {"?y", "http://a/b/c/d;p?y"},
	    {"g?y", "http://a/b/c/g?y"},
	    {"#s", "http://a/b/c/d;p?q#s"},
	    {"g#s", "http://a/b/c/g#s"},
	    {";x", "http://a/b/c/;x"},
	    {"", "http://a/b/c/d;p?q"},
	    {".", "http://a/b/c/"},
	    {"./", "http://a/b/c/"},
	    {"..", "http://a/b/"},
	    {"../g", "http://a/b/g"},
	    {"../..", "http://a/"},
	    {"../../g", "http://a/g"},
	    {"../../../g", "http://a/g"},
	    {"/./g", "http://a/g"},
	    {"/../g", "http://a/g"},
	    {"g.", "http://a/b/c/g."},
	    {"..g", "http://a/b/c/..g"},
	    {"./../g", "http://a/b/g"},
	    {"g/./h", "http://a/b/c/g/h"},
	    {"g/../h", "http://a/b/c/h"},
	    {"g;x=1/../y", "http://a/b/c/y"},
	    {"g?y/./x", "http://a/b/c/g?y/./x"},
	    {"g#s/../x", "http://a/b/c/g#s/../x"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *got = mc__iri_resolve(&a, base, cases[i][0], strlen(cases[i][0]));
		if (strcmp(got, cases[i][1]) != 0)
			fail_msg("resolve(%s) = %s, want %s", cases[i][0], got, cases[i][1]);
	}
	assert_true(mc__iri_is_absolute("urn:uuid:1", 10));
	assert_false(mc__iri_is_absolute("a b:c", 5));
	assert_false(mc__iri_is_strict_absolute("http://ex.org/a b", 17));
	assert_true(mc__iri_is_strict_absolute("_:b0", 4));
	mc_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(concurrent_first_use),
	    cmocka_unit_test(ob_example_matches_jsonld_js),
	    cmocka_unit_test(pitfall_variants),
	    cmocka_unit_test(safe_mode_messages),
	    cmocka_unit_test(builtin_contexts_all_load),
	    cmocka_unit_test(unknown_context_is_not_fetched),
	    cmocka_unit_test(cyclic_remote_contexts),
	    cmocka_unit_test(protected_terms),
	    cmocka_unit_test(error_codes),
	    cmocka_unit_test(scoped_contexts_and_containers),
	    cmocka_unit_test(iri_resolution),
	    cmocka_unit_test(shared_cache_is_capped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
