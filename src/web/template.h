/* Private to src/web: the HTML template engine. Escape by default.
 *
 * Syntax (a small Mustache/Handlebars dialect; data is one mc_json tree):
 *   {{a.b.c}}            the value, HTML-escaped (& < > " ' all escaped, so it is
 *                        safe in text and in quoted attribute values)
 *   {{{a.b}}}            the value unescaped: the one way to emit raw HTML, easy to grep
 *   {{url a}}            the value as a URL: javascript:, vbscript:, data: (other than
 *                        data:image/...) and unknown schemes become "about:invalid"
 *   {{#if x}}…{{else}}…{{/if}}, {{#unless x}}…{{/unless}}
 *   {{#each list}}…{{else}}…{{/each}}   arrays (and objects: {{@key}}); inside,
 *                        {{.}} is the item, {{@index}} counts from 0, {{@number}}
 *                        from 1, {{@first}} / {{@last}} are booleans
 *   {{#with x}}…{{/with}} x becomes the current value
 *   {{> name}}           another template of the set, with the current value;
 *                        {{> content}} is the page a layout wraps (render opts)
 *   {{! comment }}
 * Names are looked up in the current value, then in the enclosing ones up to the
 * root (so {{base_url}} works inside {{#each}}); {{@root.x}} names the root.
 * Falsy: missing, null, false, 0, "", []. A missing name renders as nothing and is
 * reported to the render's missing() callback (the server logs it in debug mode).
 *
 * The compiler follows the HTML context of every {{value}}: in a quoted attribute
 * whose name is a URL attribute (href, src, action, formaction, ...) a value at
 * the start of the attribute gets the URL filter automatically, later ones are
 * percent-encoded; a value in an unquoted attribute, a tag or attribute name, an
 * event handler (on*), a style attribute, or inside <script>/<style>/comments is
 * refused when the template is compiled, with its name and line. */
#ifndef MC_WEB_TEMPLATE_H
#define MC_WEB_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/json.h"

struct mc_tpl_set;

/* An empty set. Free with mc_tpl_set_free. */
struct mc_tpl_set *mc_tpl_set_new(void);
void mc_tpl_set_free(struct mc_tpl_set *s);

/* Compiles src[0..len) as template name (both copied). MC_EINVAL with
 * "template NAME line L: ..." on a syntax or context error; MC_EEXIST when the
 * name is taken. */
int mc_tpl_add(struct mc_tpl_set *s, const char *name, const char *src, size_t len, struct mc_err *err);

/* Checks that every {{> partial}} names a template of the set (except "content").
 * Call once after adding all templates. */
int mc_tpl_link(const struct mc_tpl_set *s, struct mc_err *err);

bool mc_tpl_has(const struct mc_tpl_set *s, const char *name);

struct mc_tpl_render_opts {
	const char *content; /* the template {{> content}} renders; NULL = nothing */
	/* Called for every name that is missing from the data (debugging aid). */
	void (*missing)(void *ctx, const char *tpl, int line, const char *name);
	void *missing_ctx;
};

/* Renders template name with data (borrowed) into out (appended). opts may be
 * NULL. MC_ENOTFOUND for an unknown template, MC_ELIMIT when out's cap is reached
 * or partials nest too deep. The set is only read: renders may run concurrently. */
int mc_tpl_render(const struct mc_tpl_set *s, const char *name, const struct mc_json *data,
                  const struct mc_tpl_render_opts *opts, struct mc_buf *out, struct mc_err *err);

/* The escapers the engine uses, for handlers that build HTML fragments by hand. */
int mc_html_escape(struct mc_buf *out, const char *s, size_t n);
/* Writes the URL (attribute-escaped) or "about:invalid" when its scheme is not
 * allowed (see above). Returns whether the URL was allowed (0/1) or a negative error. */
int mc_url_filter(struct mc_buf *out, const char *s, size_t n);
/* True when the URL's scheme is allowed in href/src. */
bool mc_url_is_safe(const char *s, size_t n);

#endif
