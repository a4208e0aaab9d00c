/* The HTML template engine (template.h): templates are compiled once into trees
 * of nodes, following the HTML context so that every {{value}} gets the escaping
 * its place needs (or the template is refused); rendering walks the tree over an
 * mc_json value and only reads the set, so worker threads share it. */
#include "web/template.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "microcred/arena.h"

#define MAX_FRAMES 64
#define MAX_PARTIAL_DEPTH 16
#define MAX_PATH_SEGS 16

enum kind { N_TEXT, N_VAR, N_IF, N_EACH, N_WITH, N_PARTIAL };
enum esc { E_HTML, E_RAW, E_URL, E_URLPART };

struct path {
	const char *text; /* as written, for messages */
	const char **seg;
	size_t n;
	bool root; /* @root.… */
	bool self; /* . or this */
};

struct node {
	enum kind kind;
	enum esc esc;
	bool negate; /* unless */
	int line;
	const char *text; /* N_TEXT bytes; N_PARTIAL name */
	size_t len;
	struct path path;
	struct node *body, *alt;
	size_t nbody, nalt;
};

struct tpl {
	const char *name;
	struct node *nodes;
	size_t n;
};

struct mc_tpl_set {
	struct mc_arena arena;
	struct tpl *tpls;
	size_t n, cap;
};

/* ---- escaping ---- */

/* Bytes that need escaping in HTML text and attribute values. */
static const unsigned char special[256] = {['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, ['\''] = 1, [0] = 1};

int mc_html_escape(struct mc_buf *out, const char *s, size_t n)
{
	size_t start = 0;
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		if (!special[(unsigned char)s[i]])
			continue;
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: rep = "\xEF\xBF\xBD"; break; /* U+FFFD: NUL has no place in HTML */
		}
		if (i > start)
			rc = mc_buf_append(out, s + start, i - start);
		if (!rc)
			rc = mc_buf_puts(out, rep);
		start = i + 1;
	}
	if (!rc && n > start)
		rc = mc_buf_append(out, s + start, n - start);
	return rc;
}

bool mc_url_is_safe(const char *s, size_t n)
{
	size_t i = 0;
	/* Browsers strip leading spaces and controls, and tabs/newlines anywhere. */
	while (i < n && (unsigned char)s[i] <= 0x20)
		i++;
	char scheme[16];
	size_t k = 0;
	for (size_t j = i; j < n; j++) {
		char c = s[j];
		if (c == '/' || c == '?' || c == '#')
			return true; /* relative reference: no scheme */
		if (c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == ':') {
			scheme[k] = 0;
			if (!strcmp(scheme, "http") || !strcmp(scheme, "https") || !strcmp(scheme, "mailto"))
				return true;
			if (!strcmp(scheme, "data")) {
				/* Images only: they cannot run scripts where they are shown. */
				size_t rest = n - j - 1;
				return rest >= 6 && strncasecmp(s + j + 1, "image/", 6) == 0;
			}
			return false;
		}
		if (k + 1 >= sizeof scheme)
			return false; /* an unknown long scheme, or text with a colon: refuse */
		scheme[k++] = (char)tolower((unsigned char)c);
	}
	return true; /* no colon at all: a relative path */
}

int mc_url_filter(struct mc_buf *out, const char *s, size_t n)
{
	if (!mc_url_is_safe(s, n)) {
		int rc = mc_buf_puts(out, "about:invalid");
		return rc ? rc : 0;
	}
	int rc = mc_html_escape(out, s, n);
	return rc ? rc : 1;
}

/* A value in the middle of a URL attribute: percent-encode what a URL cannot hold
 * as is (spaces, quotes, <>, non-ASCII), escape & for HTML. */
static int url_part(struct mc_buf *out, const char *s, size_t n)
{
	static const char keep[] = "-._~/?#[]@!$()*+,;=:%";
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		unsigned char c = (unsigned char)s[i];
		if (isalnum(c) || (c && strchr(keep, c)))
			rc = mc_buf_putc(out, (char)c);
		else if (c == '&')
			rc = mc_buf_puts(out, "&amp;");
		else
			rc = mc_buf_printf(out, "%%%02X", c);
	}
	return rc;
}

/* ---- HTML context, followed through the template's text ---- */

enum hstate {
	H_DATA,
	H_TAG_OPEN,
	H_TAG_NAME,
	H_IN_TAG,
	H_ATTR_NAME,
	H_AFTER_ATTR,
	H_BEFORE_VAL,
	H_VAL_DQ,
	H_VAL_SQ,
	H_VAL_UNQ,
	H_COMMENT,
	H_RAWTEXT
};

struct hctx {
	enum hstate st;
	char tag[16];
	size_t tag_len;
	char attr[24];
	size_t attr_len;
	bool val_empty;      /* nothing written in the current attribute value yet */
	bool closing;        /* </tag */
	const char *raw_end; /* "</script" or "</style" while in H_RAWTEXT */
	int dashes;          /* comment end detection */
};

static void tag_done(struct hctx *h)
{
	h->tag[h->tag_len] = 0;
	if (!h->closing && (!strcmp(h->tag, "script") || !strcmp(h->tag, "style"))) {
		h->st = H_RAWTEXT;
		h->raw_end = !strcmp(h->tag, "script") ? "</script" : "</style";
	} else {
		h->st = H_DATA;
	}
}

static void hfeed(struct hctx *h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
		switch (h->st) {
		case H_DATA:
			if (c == '<')
				h->st = H_TAG_OPEN;
			break;
		case H_TAG_OPEN:
			h->closing = false;
			h->tag_len = 0;
			if (c == '!' && i + 2 < n && s[i + 1] == '-' && s[i + 2] == '-') {
				h->st = H_COMMENT;
				h->dashes = 0;
				i += 2;
			} else if (c == '/') {
				h->closing = true;
				h->st = H_TAG_NAME;
			} else if (isalpha((unsigned char)c)) {
				h->tag[h->tag_len++] = (char)tolower((unsigned char)c);
				h->st = H_TAG_NAME;
			} else if (c == '!') {
				h->st = H_IN_TAG; /* <!DOCTYPE ...> */
			} else {
				h->st = H_DATA;
			}
			break;
		case H_TAG_NAME:
			if (space) {
				h->st = H_IN_TAG;
			} else if (c == '>') {
				tag_done(h);
			} else if (c == '/') {
				h->st = H_IN_TAG;
			} else if (h->tag_len + 1 < sizeof h->tag) {
				h->tag[h->tag_len++] = (char)tolower((unsigned char)c);
			}
			break;
		case H_IN_TAG:
			if (c == '>')
				tag_done(h);
			else if (!space && c != '/') {
				h->st = H_ATTR_NAME;
				h->attr_len = 0;
				h->attr[h->attr_len++] = (char)tolower((unsigned char)c);
			}
			break;
		case H_ATTR_NAME:
			if (c == '=')
				h->st = H_BEFORE_VAL;
			else if (space)
				h->st = H_AFTER_ATTR;
			else if (c == '>')
				tag_done(h);
			else if (h->attr_len + 1 < sizeof h->attr)
				h->attr[h->attr_len++] = (char)tolower((unsigned char)c);
			break;
		case H_AFTER_ATTR:
			if (c == '=') {
				h->st = H_BEFORE_VAL;
			} else if (c == '>') {
				tag_done(h);
			} else if (!space && c != '/') {
				h->st = H_ATTR_NAME;
				h->attr_len = 0;
				h->attr[h->attr_len++] = (char)tolower((unsigned char)c);
			}
			break;
		case H_BEFORE_VAL:
			h->val_empty = true;
			if (c == '"')
				h->st = H_VAL_DQ;
			else if (c == '\'')
				h->st = H_VAL_SQ;
			else if (c == '>')
				tag_done(h);
			else if (!space) {
				h->st = H_VAL_UNQ;
				h->val_empty = false;
			}
			break;
		case H_VAL_DQ:
		case H_VAL_SQ:
			if (c == (h->st == H_VAL_DQ ? '"' : '\''))
				h->st = H_IN_TAG;
			else
				h->val_empty = false;
			break;
		case H_VAL_UNQ:
			if (space)
				h->st = H_IN_TAG;
			else if (c == '>')
				tag_done(h);
			break;
		case H_COMMENT:
			if (c == '-')
				h->dashes++;
			else if (c == '>' && h->dashes >= 2)
				h->st = H_DATA;
			else
				h->dashes = 0;
			break;
		case H_RAWTEXT: {
			size_t m = strlen(h->raw_end);
			if (c == '<' && i + m <= n && strncasecmp(s + i, h->raw_end, m) == 0) {
				h->st = H_TAG_NAME;
				h->closing = true;
				h->tag_len = 0;
				i++; /* skip '/'; the name follows */
			}
			break;
		}
		}
	}
}

static bool is_url_attr(const char *a)
{
	static const char *const names[] = {"href",   "src",        "action", "formaction", "poster",
	                                    "cite",   "background", "data",   "codebase",   "longdesc",
	                                    "usemap", "manifest",   "icon",   "ping",       "xlink:href"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(a, names[i]))
			return true;
	return false;
}

/* ---- compiling ---- */

struct parser {
	struct mc_arena *a;
	const char *name;
	const char *s;
	size_t len, pos;
	int line;
	struct hctx h;
	struct mc_err *err;
};

enum stop { STOP_EOF, STOP_ELSE, STOP_CLOSE };

static int perr(struct parser *p, int line, const char *fmt, const char *arg)
{
	char msg[256];
	snprintf(msg, sizeof msg, fmt, arg);
	return mc_err_set(p->err, MC_EINVAL, "template %s line %d: %s", p->name, line, msg);
}

static int count_lines(const char *s, size_t n)
{
	int k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

static struct node *push_node(struct parser *p, struct node **v, size_t *n, size_t *cap)
{
	*v = mc_arena_grow(p->a, *v, *n, cap, sizeof **v);
	struct node *nd = &(*v)[(*n)++];
	memset(nd, 0, sizeof *nd);
	return nd;
}

static int parse_path(struct parser *p, int line, const char *s, size_t n, struct path *out)
{
	memset(out, 0, sizeof *out);
	out->text = mc_arena_strndup(p->a, s, n);
	if (n == 0)
		return perr(p, line, "%s{{}} names nothing", "");
	if ((n == 1 && s[0] == '.') || (n == 4 && !memcmp(s, "this", 4))) {
		out->self = true;
		return 0;
	}
	if (n > 6 && !memcmp(s, "@root.", 6)) {
		out->root = true;
		s += 6;
		n -= 6;
	}
	out->seg = mc_arena_alloc(p->a, MAX_PATH_SEGS * sizeof *out->seg);
	size_t start = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '.') {
			char c = s[i];
			if (!(isalnum((unsigned char)c) || c == '_' || c == '-' || (c == '@' && i == start)))
				return perr(p, line, "'%s' is not a name (letters, digits, _ - and dots)",
				            out->text);
			continue;
		}
		if (i == start)
			return perr(p, line, "'%s' has an empty part", out->text);
		if (out->n == MAX_PATH_SEGS)
			return perr(p, line, "'%s' is too deep", out->text);
		out->seg[out->n++] = mc_arena_strndup(p->a, s + start, i - start);
		start = i + 1;
	}
	return 0;
}

static void trim(const char **s, size_t *n)
{
	while (*n && isspace((unsigned char)**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n && isspace((unsigned char)(*s)[*n - 1]))
		(*n)--;
}

/* The escaping a {{value}} gets where it stands, or an error. */
static int var_escape(struct parser *p, int line, bool explicit_url, const char *what, enum esc *esc)
{
	switch (p->h.st) {
	case H_DATA: *esc = explicit_url ? E_URL : E_HTML; return 0;
	case H_VAL_DQ:
	case H_VAL_SQ:
		p->h.attr[p->h.attr_len] = 0;
		if (!strcmp(p->h.attr, "style") || !strncmp(p->h.attr, "on", 2))
			return perr(
			    p, line,
			    "%s stands in a style or event-handler attribute, where escaping cannot make it "
			    "safe; compute the value in the handler instead",
			    what);
		if (explicit_url || is_url_attr(p->h.attr))
			*esc = p->h.val_empty ? E_URL : E_URLPART;
		else
			*esc = E_HTML;
		p->h.val_empty = false;
		return 0;
	case H_VAL_UNQ:
	case H_BEFORE_VAL:
		return perr(p, line,
		            "%s stands in an unquoted attribute value; put the value in double quotes", what);
	case H_RAWTEXT:
		return perr(p, line, "%s stands inside <script> or <style>; pages carry no inline code",
		            what);
	case H_COMMENT: return perr(p, line, "%s stands inside an HTML comment", what);
	default:
		return perr(p, line,
		            "%s stands inside a tag (as a tag or attribute name); only quoted attribute "
		            "values and text may hold values",
		            what);
	}
}

static int parse_nodes(struct parser *p, struct node **out, size_t *nout, enum stop *stop,
                       const char **close_name, int *stop_line);

static int parse_block(struct parser *p, struct node *nd, const char *kw, int line)
{
	enum stop st;
	const char *close = NULL;
	int sl = line;
	int rc = parse_nodes(p, &nd->body, &nd->nbody, &st, &close, &sl);
	if (rc)
		return rc;
	if (st == STOP_ELSE) {
		if (nd->kind == N_WITH)
			return perr(p, sl, "{{else}} inside {{#with}}; use {{#if}} for alternatives%s", "");
		rc = parse_nodes(p, &nd->alt, &nd->nalt, &st, &close, &sl);
		if (rc)
			return rc;
		if (st == STOP_ELSE)
			return perr(p, sl, "a second {{else}} in {{#%s}}", kw);
	}
	if (st == STOP_EOF)
		return perr(p, line, "{{#%s}} is never closed", kw);
	if (strcmp(close, kw) != 0) {
		char msg[64];
		snprintf(msg, sizeof msg, "{{/%.20s}} closes {{#%.20s}}", close, kw);
		return perr(p, sl, "%s", msg);
	}
	return 0;
}

static int parse_tag(struct parser *p, const char *in, size_t n, int line, struct node **out, size_t *nout,
                     size_t *cap, enum stop *stop, const char **close_name)
{
	trim(&in, &n);
	if (n && in[0] == '!')
		return 0;
	if (n && in[0] == '/') {
		in++, n--;
		trim(&in, &n);
		*stop = STOP_CLOSE;
		*close_name = mc_arena_strndup(p->a, in, n);
		return 1;
	}
	if (n == 4 && !memcmp(in, "else", 4)) {
		*stop = STOP_ELSE;
		return 1;
	}
	if (n && in[0] == '>') {
		in++, n--;
		trim(&in, &n);
		if (!n)
			return perr(p, line, "{{>}} names no template%s", "");
		if (p->h.st != H_DATA)
			return perr(p, line, "{{> %s}} must stand in text, not inside a tag",
			            mc_arena_strndup(p->a, in, n));
		struct node *nd = push_node(p, out, nout, cap);
		nd->kind = N_PARTIAL;
		nd->line = line;
		nd->text = mc_arena_strndup(p->a, in, n);
		return 0;
	}
	if (n && in[0] == '#') {
		in++, n--;
		size_t kl = 0;
		while (kl < n && !isspace((unsigned char)in[kl]))
			kl++;
		const char *kw = mc_arena_strndup(p->a, in, kl);
		const char *arg = in + kl;
		size_t an = n - kl;
		trim(&arg, &an);
		enum kind k;
		bool neg = false;
		if (!strcmp(kw, "if"))
			k = N_IF;
		else if (!strcmp(kw, "unless"))
			k = N_IF, neg = true;
		else if (!strcmp(kw, "each"))
			k = N_EACH;
		else if (!strcmp(kw, "with"))
			k = N_WITH;
		else
			return perr(p, line, "unknown block {{#%s}} (if, unless, each, with)", kw);
		/* Resolve the node's path before parse_block, which may move *out. */
		struct path path;
		int rc = parse_path(p, line, arg, an, &path);
		if (rc)
			return rc;
		struct node tmp = {.kind = k, .negate = neg, .line = line, .path = path};
		if ((rc = parse_block(p, &tmp, kw, line)))
			return rc;
		*push_node(p, out, nout, cap) = tmp;
		return 0;
	}
	bool url = n > 4 && !memcmp(in, "url", 3) && isspace((unsigned char)in[3]);
	if (url) {
		in += 4, n -= 4;
		trim(&in, &n);
	}
	struct node nd = {.kind = N_VAR, .line = line};
	int rc = parse_path(p, line, in, n, &nd.path);
	if (rc)
		return rc;
	char what[80];
	snprintf(what, sizeof what, "{{%.60s}}", nd.path.text);
	if ((rc = var_escape(p, line, url, what, &nd.esc)))
		return rc;
	*push_node(p, out, nout, cap) = nd;
	return 0;
}

static int parse_nodes(struct parser *p, struct node **out, size_t *nout, enum stop *stop,
                       const char **close_name, int *stop_line)
{
	size_t cap = 0;
	*out = NULL;
	*nout = 0;
	while (p->pos < p->len) {
		const char *s = p->s + p->pos;
		size_t rest = p->len - p->pos;
		const char *open = memmem(s, rest, "{{", 2);
		size_t tlen = open ? (size_t)(open - s) : rest;
		if (tlen) {
			struct node *nd = push_node(p, out, nout, &cap);
			nd->kind = N_TEXT;
			nd->line = p->line;
			nd->text = s;
			nd->len = tlen;
			hfeed(&p->h, s, tlen);
			p->line += count_lines(s, tlen);
			p->pos += tlen;
		}
		if (!open)
			break;
		int line = p->line;
		bool raw = rest - tlen >= 3 && open[2] == '{';
		const char *body = open + (raw ? 3 : 2);
		const char *end =
		    memmem(body, p->len - (size_t)(body - p->s), raw ? "}}}" : "}}", raw ? 3 : 2);
		if (!end)
			return perr(p, line, "%s is never closed", raw ? "{{{" : "{{");
		size_t bn = (size_t)(end - body);
		p->line += count_lines(open, (size_t)(end - open));
		p->pos = (size_t)(end - p->s) + (raw ? 3 : 2);
		if (raw) {
			const char *in = body;
			trim(&in, &bn);
			struct node nd = {.kind = N_VAR, .esc = E_RAW, .line = line};
			int rc = parse_path(p, line, in, bn, &nd.path);
			if (rc)
				return rc;
			*push_node(p, out, nout, &cap) = nd;
			continue;
		}
		int rc = parse_tag(p, body, bn, line, out, nout, &cap, stop, close_name);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			*stop_line = line;
			return 0;
		}
	}
	*stop = STOP_EOF;
	return 0;
}

struct mc_tpl_set *mc_tpl_set_new(void)
{
	struct mc_tpl_set *s = mc_xcalloc(1, sizeof *s);
	mc_arena_init(&s->arena, 0);
	return s;
}

void mc_tpl_set_free(struct mc_tpl_set *s)
{
	if (!s)
		return;
	mc_arena_release(&s->arena);
	free(s->tpls);
	free(s);
}

static const struct tpl *find(const struct mc_tpl_set *s, const char *name)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->tpls[i].name, name))
			return &s->tpls[i];
	return NULL;
}

bool mc_tpl_has(const struct mc_tpl_set *s, const char *name)
{
	return find(s, name) != NULL;
}

int mc_tpl_add(struct mc_tpl_set *s, const char *name, const char *src, size_t len, struct mc_err *err)
{
	if (find(s, name))
		return mc_err_set(err, MC_EEXIST, "template %s is defined twice", name);
	struct parser p = {.a = &s->arena,
	                   .name = mc_arena_strdup(&s->arena, name),
	                   .s = mc_arena_strndup(&s->arena, src, len),
	                   .len = len,
	                   .line = 1,
	                   .err = err};
	struct tpl t = {.name = p.name};
	enum stop st;
	const char *close = NULL;
	int sl = 1;
	int rc = parse_nodes(&p, &t.nodes, &t.n, &st, &close, &sl);
	if (rc)
		return rc;
	if (st == STOP_ELSE)
		return perr(&p, sl, "{{else}} outside a block%s", "");
	if (st == STOP_CLOSE)
		return perr(&p, sl, "{{/%s}} closes nothing", close);
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->tpls = mc_xrealloc(s->tpls, s->cap * sizeof *s->tpls);
	}
	s->tpls[s->n++] = t;
	return 0;
}

static int link_nodes(const struct mc_tpl_set *s, const struct tpl *t, const struct node *v, size_t n,
                      struct mc_err *err)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i].kind == N_PARTIAL && strcmp(v[i].text, "content") != 0 && !find(s, v[i].text))
			return mc_err_set(err, MC_EINVAL, "template %s line %d: {{> %s}} names no template",
			                  t->name, v[i].line, v[i].text);
		int rc = link_nodes(s, t, v[i].body, v[i].nbody, err);
		if (!rc)
			rc = link_nodes(s, t, v[i].alt, v[i].nalt, err);
		if (rc)
			return rc;
	}
	return 0;
}

int mc_tpl_link(const struct mc_tpl_set *s, struct mc_err *err)
{
	for (size_t i = 0; i < s->n; i++) {
		int rc = link_nodes(s, &s->tpls[i], s->tpls[i].nodes, s->tpls[i].n, err);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- rendering ---- */

struct frame {
	const struct mc_json *v;
	bool iter;
	size_t index, count;
	const char *key;
	size_t key_len;
};

struct render {
	const struct mc_tpl_set *s;
	const struct mc_tpl_render_opts *o;
	struct mc_buf *out;
	struct frame f[MAX_FRAMES];
	size_t nf;
	int depth;
	const char *tpl;
	struct mc_err *err;
};

static const struct mc_json *walk(const struct mc_json *v, const char *const *seg, size_t n)
{
	for (size_t i = 0; i < n && v; i++) {
		if (v->type == MC_JSON_OBJECT) {
			v = mc_json_get(v, seg[i]);
		} else if (v->type == MC_JSON_ARRAY && isdigit((unsigned char)seg[i][0])) {
			size_t k = strtoul(seg[i], NULL, 10);
			v = k < v->len ? &v->v.items[k] : NULL;
		} else if (v->type == MC_JSON_ARRAY && !strcmp(seg[i], "length")) {
			return NULL; /* not supported: keep lookups predictable */
		} else {
			return NULL;
		}
	}
	return v;
}

/* Looks path up; specials (@index ...) are built in *tmp with its text in num. */
static const struct mc_json *lookup(struct render *r, const struct path *p, struct mc_json *tmp, char num[24])
{
	if (p->self)
		return r->f[r->nf - 1].v;
	if (p->root)
		return walk(r->f[0].v, p->seg, p->n);
	const char *first = p->seg[0];
	if (first[0] == '@') {
		const struct frame *it = NULL;
		for (size_t i = r->nf; i-- > 0;)
			if (r->f[i].iter) {
				it = &r->f[i];
				break;
			}
		if (!it || p->n != 1)
			return NULL;
		memset(tmp, 0, sizeof *tmp);
		if (!strcmp(first, "@index") || !strcmp(first, "@number")) {
			int64_t v = (int64_t)it->index + (first[1] == 'n');
			tmp->type = MC_JSON_NUMBER;
			tmp->flags = MC_JSON_F_INT;
			tmp->n.i = v;
			tmp->len = (uint32_t)snprintf(num, 24, "%lld", (long long)v);
			tmp->v.raw = num;
		} else if (!strcmp(first, "@first")) {
			tmp->type = it->index == 0 ? MC_JSON_TRUE : MC_JSON_FALSE;
		} else if (!strcmp(first, "@last")) {
			tmp->type = it->index + 1 == it->count ? MC_JSON_TRUE : MC_JSON_FALSE;
		} else if (!strcmp(first, "@key") && it->key) {
			tmp->type = MC_JSON_STRING;
			tmp->v.str = it->key;
			tmp->len = (uint32_t)it->key_len;
		} else {
			return NULL;
		}
		return tmp;
	}
	for (size_t i = r->nf; i-- > 0;) {
		const struct mc_json *v = r->f[i].v;
		if (v && v->type == MC_JSON_OBJECT) {
			const struct mc_json *m = mc_json_get(v, first);
			if (m)
				return walk(m, p->seg + 1, p->n - 1);
		}
	}
	return NULL;
}

static bool truthy(const struct mc_json *v)
{
	if (!v)
		return false;
	switch (v->type) {
	case MC_JSON_NULL:
	case MC_JSON_FALSE: return false;
	case MC_JSON_TRUE: return true;
	case MC_JSON_NUMBER: return mc_json_number(v) != 0;
	case MC_JSON_STRING:
	case MC_JSON_ARRAY: return v->len > 0;
	default: return true;
	}
}

static void missing(struct render *r, const struct node *nd)
{
	if (r->o && r->o->missing)
		r->o->missing(r->o->missing_ctx, r->tpl, nd->line, nd->path.text);
}

static int emit(struct render *r, const struct node *nd, const struct mc_json *v)
{
	const char *s;
	size_t n;
	switch (v->type) {
	case MC_JSON_STRING: s = v->v.str, n = v->len; break;
	case MC_JSON_NUMBER: s = v->v.raw, n = v->len; break;
	case MC_JSON_TRUE: s = "true", n = 4; break;
	case MC_JSON_FALSE: s = "false", n = 5; break;
	default: return 0; /* null, arrays and objects print nothing */
	}
	switch (nd->esc) {
	case E_RAW: return mc_buf_append(r->out, s, n);
	case E_URL: {
		int rc = mc_url_filter(r->out, s, n);
		return rc < 0 ? rc : 0;
	}
	case E_URLPART: return url_part(r->out, s, n);
	default: return mc_html_escape(r->out, s, n);
	}
}

static int render_nodes(struct render *r, const struct node *v, size_t n);

static int push_frame(struct render *r, struct frame f)
{
	if (r->nf == MAX_FRAMES)
		return mc_err_set(r->err, MC_ELIMIT, "template %s: blocks nest deeper than %d", r->tpl,
		                  MAX_FRAMES);
	r->f[r->nf++] = f;
	return 0;
}

static int render_each(struct render *r, const struct node *nd, const struct mc_json *v)
{
	int rc = 0;
	size_t count = v->len;
	for (size_t i = 0; i < count && !rc; i++) {
		struct frame f = {.iter = true, .index = i, .count = count};
		if (v->type == MC_JSON_ARRAY) {
			f.v = &v->v.items[i];
		} else {
			f.v = &v->v.members[i].value;
			f.key = v->v.members[i].key.ptr;
			f.key_len = v->v.members[i].key.len;
		}
		if ((rc = push_frame(r, f)))
			break;
		rc = render_nodes(r, nd->body, nd->nbody);
		r->nf--;
	}
	return rc;
}

static int render_partial(struct render *r, const char *name)
{
	if (!strcmp(name, "content")) {
		if (!r->o || !r->o->content)
			return 0;
		name = r->o->content;
	}
	const struct tpl *t = find(r->s, name);
	if (!t)
		return mc_err_set(r->err, MC_ENOTFOUND, "template %s: no template %s", r->tpl, name);
	if (r->depth >= MAX_PARTIAL_DEPTH)
		return mc_err_set(r->err, MC_ELIMIT, "template %s: partials nest deeper than %d", name,
		                  MAX_PARTIAL_DEPTH);
	const char *saved = r->tpl;
	r->tpl = t->name;
	r->depth++;
	int rc = render_nodes(r, t->nodes, t->n);
	r->depth--;
	r->tpl = saved;
	return rc;
}

static int render_nodes(struct render *r, const struct node *v, size_t n)
{
	int rc = 0;
	for (size_t i = 0; i < n && !rc; i++) {
		const struct node *nd = &v[i];
		struct mc_json tmp;
		char num[24];
		const struct mc_json *val;
		switch (nd->kind) {
		case N_TEXT: rc = mc_buf_append(r->out, nd->text, nd->len); break;
		case N_VAR:
			val = lookup(r, &nd->path, &tmp, num);
			if (!val)
				missing(r, nd);
			else
				rc = emit(r, nd, val);
			break;
		case N_IF:
			val = lookup(r, &nd->path, &tmp, num);
			if (truthy(val) != nd->negate)
				rc = render_nodes(r, nd->body, nd->nbody);
			else
				rc = render_nodes(r, nd->alt, nd->nalt);
			break;
		case N_EACH:
			val = lookup(r, &nd->path, &tmp, num);
			if (val && (val->type == MC_JSON_ARRAY || val->type == MC_JSON_OBJECT) && val->len)
				rc = render_each(r, nd, val);
			else
				rc = render_nodes(r, nd->alt, nd->nalt);
			break;
		case N_WITH:
			val = lookup(r, &nd->path, &tmp, num);
			if (!truthy(val))
				break;
			if (!(rc = push_frame(r, (struct frame){.v = val}))) {
				rc = render_nodes(r, nd->body, nd->nbody);
				r->nf--;
			}
			break;
		case N_PARTIAL: rc = render_partial(r, nd->text); break;
		}
	}
	if (rc == MC_ELIMIT && r->err && r->err->code != MC_ELIMIT)
		mc_err_set(r->err, MC_ELIMIT, "template %s: the page is larger than its limit", r->tpl);
	return rc;
}

int mc_tpl_render(const struct mc_tpl_set *s, const char *name, const struct mc_json *data,
                  const struct mc_tpl_render_opts *opts, struct mc_buf *out, struct mc_err *err)
{
	const struct tpl *t = find(s, name);
	if (!t)
		return mc_err_set(err, MC_ENOTFOUND, "no template %s", name);
	struct render r = {.s = s, .o = opts, .out = out, .tpl = t->name, .err = err};
	r.f[r.nf++] = (struct frame){.v = data};
	if (err)
		err->code = 0;
	return render_nodes(&r, t->nodes, t->n);
}
