/* The template engine: escaping by context, hostile data (<script>, quotes in
 * attributes, javascript: URLs), blocks, partials, missing names, and templates
 * refused at compile time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "microcred/arena.h"
#include "microcred/json.h"

#include "web/template.h"

static const char *hostile_json =
    "{\"name\": \"<script>alert(1)</script>\","
    " \"quote\": \"x\\\" onmouseover=\\\"alert(1)\","
    " \"squote\": \"x' onload='alert(1)\","
    " \"js\": \"javascript:alert(1)\","
    " \"js2\": \"  JaVa\\tScRiPt:alert(1)\","
    " \"vb\": \"vbscript:msgbox(1)\","
    " \"datahtml\": \"data:text/html,<script>alert(1)</script>\","
    " \"dataimg\": \"data:image/png;base64,iVBOR\","
    " \"good\": \"https://example.org/a?b=1&c=2\","
    " \"rel\": \"/issuers/x\","
    " \"slug\": \"a b\\\"<c>\","
    " \"amp\": \"Tom & Jerry\","
    " \"n\": 42, \"zero\": 0, \"t\": true, \"f\": false, \"empty\": \"\", \"nul\": null,"
    " \"list\": [\"a\", \"<b>\", \"c\"], \"none\": [],"
    " \"obj\": {\"k1\": \"v1\", \"k2\": \"v2\"},"
    " \"user\": {\"name\": \"Ada\", \"address\": {\"city\": \"Z&rich\"}},"
    " \"html\": \"<em>trusted</em>\","
    " \"base_url\": \"http://h\","
    " \"items\": [{\"title\": \"one\"}, {\"title\": \"two\", \"base_url\": \"http://inner\"}]}";

struct fixture {
	struct mc_arena a;
	struct mc_json *data;
	struct mc_tpl_set *set;
	struct mc_buf out;
	int missing;
	char last_missing[64];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct mc_err err;
	mc_arena_init(&f->a, 0);
	assert_int_equal(mc_json_parse(&f->a, hostile_json, strlen(hostile_json), NULL, &f->data, &err), 0);
	f->set = mc_tpl_set_new();
	mc_buf_init(&f->out, 1 << 20);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	mc_buf_release(&f->out);
	mc_tpl_set_free(f->set);
	mc_arena_release(&f->a);
	free(f);
	return 0;
}

static void on_missing(void *ctx, const char *tpl, int line, const char *name)
{
	struct fixture *f = ctx;
	f->missing++;
	snprintf(f->last_missing, sizeof f->last_missing, "%s:%d:%s", tpl, line, name);
}

/* Compiles src as template "t" (a fresh name each time) and renders it. */
static const char *render(struct fixture *f, const char *src)
{
	static int k;
	char name[32];
	struct mc_err err = {0};
	snprintf(name, sizeof name, "t%d", k++);
	int rc = mc_tpl_add(f->set, name, src, strlen(src), &err);
	if (rc)
		fail_msg("compile %s: %s", src, err.msg);
	mc_buf_clear(&f->out);
	struct mc_tpl_render_opts o = {.missing = on_missing, .missing_ctx = f};
	rc = mc_tpl_render(f->set, name, f->data, &o, &f->out, &err);
	if (rc)
		fail_msg("render %s: %s", src, err.msg);
	return f->out.ptr;
}

static void refused(struct fixture *f, const char *src, const char *want)
{
	struct mc_err err = {0};
	int rc = mc_tpl_add(f->set, "bad", src, strlen(src), &err);
	assert_int_equal(rc, MC_EINVAL);
	if (!strstr(err.msg, want))
		fail_msg("compile %s: message '%s' lacks '%s'", src, err.msg, want);
}

static void test_text_escaping(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(render(f, "<p>{{name}}</p>"), "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
	assert_string_equal(render(f, "{{amp}}"), "Tom &amp; Jerry");
	assert_string_equal(render(f, "{{user.address.city}}"), "Z&amp;rich");
	assert_string_equal(render(f, "{{n}} {{t}} {{f}} [{{nul}}]"), "42 true false []");
	/* The explicit raw form is the only way to emit markup. */
	assert_string_equal(render(f, "<div>{{{html}}}</div>"), "<div><em>trusted</em></div>");
	assert_string_equal(render(f, "{{! a comment }}x"), "x");
}

static void test_attribute_escaping(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(render(f, "<a title=\"{{quote}}\">"),
	                    "<a title=\"x&quot; onmouseover=&quot;alert(1)\">");
	assert_string_equal(render(f, "<a title='{{squote}}'>"), "<a title='x&#39; onload=&#39;alert(1)'>");
	assert_null(strstr(render(f, "<input value=\"{{name}}\">"), "<script"));
}

static void test_url_filter(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(render(f, "<a href=\"{{js}}\">"), "<a href=\"about:invalid\">");
	assert_string_equal(render(f, "<a href=\"{{js2}}\">"), "<a href=\"about:invalid\">");
	assert_string_equal(render(f, "<a href=\"{{vb}}\">"), "<a href=\"about:invalid\">");
	assert_string_equal(render(f, "<iframe src=\"{{datahtml}}\">"), "<iframe src=\"about:invalid\">");
	assert_string_equal(render(f, "<img src=\"{{dataimg}}\">"),
	                    "<img src=\"data:image/png;base64,iVBOR\">");
	assert_string_equal(render(f, "<a href=\"{{good}}\">"),
	                    "<a href=\"https://example.org/a?b=1&amp;c=2\">");
	assert_string_equal(render(f, "<form action='{{rel}}'>"), "<form action='/issuers/x'>");
	/* Later in a URL attribute: percent-encoded, so it cannot end the attribute. */
	assert_string_equal(render(f, "<a href=\"/issuers/{{slug}}\">"),
	                    "<a href=\"/issuers/a%20b%22%3Cc%3E\">");
	/* Explicit filter in text. */
	assert_string_equal(render(f, "{{url js}} {{url good}}"),
	                    "about:invalid https://example.org/a?b=1&amp;c=2");
	assert_true(mc_url_is_safe("mailto:a@b.c", 12));
	assert_false(mc_url_is_safe("jav\nascript:x", 13));
	assert_true(mc_url_is_safe("page.html", 9));
}

static void test_blocks(void **state)
{
	struct fixture *f = *state;
	assert_string_equal(render(f, "{{#if t}}yes{{else}}no{{/if}}"), "yes");
	assert_string_equal(render(f, "{{#if f}}yes{{else}}no{{/if}}"), "no");
	assert_string_equal(render(f, "{{#if zero}}yes{{else}}no{{/if}}{{#if empty}}y{{else}}n{{/if}}"),
	                    "non");
	assert_string_equal(render(f, "{{#if nothing_here}}yes{{/if}}"), "");
	assert_string_equal(render(f, "{{#unless none}}empty{{/unless}}"), "empty");
	assert_string_equal(
	    render(
	        f,
	        "<ul>{{#each list}}<li>{{@index}}/{{@number}}:{{.}}{{#if @last}}!{{/if}}</li>{{/each}}</ul>"),
	    "<ul><li>0/1:a</li><li>1/2:&lt;b&gt;</li><li>2/3:c!</li></ul>");
	assert_string_equal(render(f, "{{#each none}}x{{else}}nothing{{/each}}"), "nothing");
	assert_string_equal(render(f, "{{#each obj}}{{@key}}={{.}};{{/each}}"), "k1=v1;k2=v2;");
	assert_string_equal(render(f, "{{#with user}}{{name}} in {{address.city}}{{/with}}"),
	                    "Ada in Z&amp;rich");
	/* Names resolve outward; the innermost wins; @root reaches the top. */
	assert_string_equal(render(f, "{{#each items}}{{title}}@{{base_url}}|{{@root.base_url}} {{/each}}"),
	                    "one@http://h|http://h two@http://inner|http://h ");
	assert_string_equal(render(f, "<option{{#if t}} selected{{/if}}>x</option>"),
	                    "<option selected>x</option>");
}

static void test_partials_and_layout(void **state)
{
	struct fixture *f = *state;
	struct mc_err err;
	const char *layout = "<html><title>{{user.name}}</title><body>{{> content}}</body></html>";
	const char *page = "<h1>{{name}}</h1>{{> footer}}";
	const char *footer = "<footer>{{amp}}</footer>";
	assert_int_equal(mc_tpl_add(f->set, "layout", layout, strlen(layout), &err), 0);
	assert_int_equal(mc_tpl_add(f->set, "page", page, strlen(page), &err), 0);
	assert_int_equal(mc_tpl_add(f->set, "footer", footer, strlen(footer), &err), 0);
	assert_int_equal(mc_tpl_link(f->set, &err), 0);
	struct mc_tpl_render_opts o = {.content = "page"};
	mc_buf_clear(&f->out);
	assert_int_equal(mc_tpl_render(f->set, "layout", f->data, &o, &f->out, &err), 0);
	assert_string_equal(f->out.ptr,
	                    "<html><title>Ada</title><body><h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"
	                    "<footer>Tom &amp; Jerry</footer></body></html>");
	/* A partial that names a missing template is caught by link. */
	assert_int_equal(mc_tpl_add(f->set, "dangling", "{{> nope}}", 10, &err), 0);
	assert_int_equal(mc_tpl_link(f->set, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "nope"));
	/* Self-recursion is stopped. */
	assert_int_equal(mc_tpl_add(f->set, "loop", "x{{> loop}}", 11, &err), 0);
	mc_buf_clear(&f->out);
	assert_int_equal(mc_tpl_render(f->set, "loop", f->data, NULL, &f->out, &err), MC_ELIMIT);
	assert_int_equal(mc_tpl_render(f->set, "unknown", f->data, NULL, &f->out, &err), MC_ENOTFOUND);
}

static void test_missing_reported(void **state)
{
	struct fixture *f = *state;
	f->missing = 0;
	assert_string_equal(render(f, "a\n[{{user.nickname}}]"), "a\n[]");
	assert_int_equal(f->missing, 1);
	assert_non_null(strstr(f->last_missing, ":2:user.nickname"));
}

static void test_refused_contexts(void **state)
{
	struct fixture *f = *state;
	refused(f, "<a href={{good}}>", "unquoted");
	refused(f, "<a {{name}}>", "inside a tag");
	refused(f, "<{{name}}>", "inside a tag");
	refused(f, "<a onclick=\"{{name}}\">", "event-handler");
	refused(f, "<p style=\"color: {{name}}\">", "style");
	refused(f, "<script>var x = \"{{name}}\";</script>", "<script>");
	refused(f, "<style>p { color: {{name}} }</style>", "<script>");
	refused(f, "<!-- {{name}} -->", "comment");
	refused(f, "{{#if x}}never closed", "never closed");
	refused(f, "{{#if x}}a{{/each}}", "closes");
	refused(f, "{{/if}}", "closes nothing");
	refused(f, "{{else}}", "outside a block");
	refused(f, "{{#loop x}}{{/loop}}", "unknown block");
	refused(f, "{{a b}}", "not a name");
	refused(f, "{{name", "never closed");
	/* After a script element ends, text is text again. */
	assert_string_equal(render(f, "<script src=\"/s.js\"></script><p>{{amp}}</p>"),
	                    "<script src=\"/s.js\"></script><p>Tom &amp; Jerry</p>");
	assert_string_equal(render(f, "<!-- c --><p>{{n}}</p>"), "<!-- c --><p>42</p>");
}

static void test_output_limit(void **state)
{
	struct fixture *f = *state;
	struct mc_err err;
	struct mc_buf small;
	mc_buf_init(&small, 8);
	assert_int_equal(mc_tpl_add(f->set, "big", "{{name}}{{name}}", 16, &err), 0);
	assert_int_equal(mc_tpl_render(f->set, "big", f->data, NULL, &small, &err), MC_ELIMIT);
	mc_buf_release(&small);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_text_escaping, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_attribute_escaping, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_url_filter, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_blocks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_partials_and_layout, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_missing_reported, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_refused_contexts, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_output_limit, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
