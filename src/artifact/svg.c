/* SVG baking: a small, strict XML scanner for exactly what baking needs.
 *
 * The scanner checks that the whole document is well-formed XML 1.0 with
 * namespaces (UTF-8 only), tracks namespace bindings, and records the root <svg>
 * start tag and every Open Badges element (<credential> in the OB 3.0 namespace,
 * <assertion> in the OB 2.0 one, whatever the prefix) with its text and verify
 * attribute. It builds no tree and keeps only byte offsets into the input.
 *
 * Hostile documents: a DOCTYPE may name an external DTD (common in SVG files; it
 * is ignored, never fetched) but may not have an internal subset, the only place
 * entities could be declared — so entity expansion and external entities cannot
 * happen. References other than the five predefined entities and character
 * references are errors. Processing instructions are skipped, never acted on.
 * Size, nesting depth, attribute and namespace counts are limited. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"

#include "artifact/bake_internal.h"

#define MAX_ATTRS 256    /* per element */
#define MAX_BINDINGS 128 /* namespace bindings in scope at once (lookups scan them) */

struct attr {
	struct mc_slice name;
	size_t vstart, vend; /* the value between the quotes */
	size_t end;          /* after the closing quote */
};

struct binding {
	struct mc_slice prefix; /* empty: the default namespace */
	struct mc_slice uri;    /* decoded; empty: no namespace */
};

struct level {
	struct mc_slice qname;
	size_t bindings; /* ns_len before this element's declarations */
};

struct ob_elem {
	bool ob3;
	size_t start, end; /* from '<' to after the end tag's '>' */
	size_t cut;        /* start of the indentation before it, removed with it */
	struct mc_slice text;
	struct mc_slice verify;
	bool has_verify;
};

struct scan {
	const char *p;
	size_t n, pos;
	struct mc_arena *a;
	struct mc_err *err;

	struct binding ns[MAX_BINDINGS];
	size_t ns_len;
	struct level lv[MC_BAKE_SVG_MAX_DEPTH];
	size_t depth;
	size_t text_start; /* where the current run of character data began */
	bool doctype_seen, root_seen;

	/* The root start tag. */
	struct mc_slice root_qname;
	size_t root_attr_end; /* after the last attribute (or the name) */
	size_t root_close;    /* the '>' or the '/' of "/>" */
	bool root_empty;      /* <svg .../> */
	bool root_ob_decl;    /* has xmlns:openbadges */
	bool root_ob_is_ob3;
	size_t root_ob_vstart, root_ob_vend;

	/* Open Badges elements, in document order. */
	struct ob_elem *obs;
	size_t ob_len;
	struct ob_elem *cur; /* being read */
	size_t cur_depth;
	struct mc_buf content;

	/* An element that looks like a badge but is in another namespace, for the
	 * "no badge" message. */
	struct mc_slice near_qname, near_uri;
};

static void position(const struct scan *s, size_t at, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < at && i < s->n; i++) {
		if (s->p[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)s->p[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

static int serr(struct scan *s, size_t at, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int serr(struct scan *s, size_t at, int code, const char *fmt, ...)
{
	char msg[400];
	size_t line, col;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	position(s, at, &line, &col);
	return mc_err_set(s->err, code, "SVG line %zu, column %zu: %s", line, col, msg);
}

static bool starts(const struct scan *s, const char *lit)
{
	size_t l = strlen(lit);
	return s->n - s->pos >= l && memcmp(s->p + s->pos, lit, l) == 0;
}

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static size_t skip_ws(struct scan *s)
{
	size_t start = s->pos;
	while (s->pos < s->n && is_ws(s->p[s->pos]))
		s->pos++;
	return s->pos - start;
}

/* Names: ASCII letters, '_', ':' and any non-ASCII character may start one; digits,
 * '-' and '.' may follow. (Input is valid UTF-8 by then, so the non-ASCII bytes
 * are whole characters; XML's exact ranges do not matter for finding badges.) */
static bool name_start(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' || c >= 0x80;
}

static bool name_char(unsigned char c)
{
	return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static int parse_name(struct scan *s, struct mc_slice *out, const char *what)
{
	size_t start = s->pos;
	if (s->pos >= s->n || !name_start((unsigned char)s->p[s->pos]))
		return serr(s, s->pos, MC_EINVAL, "expected %s", what);
	while (s->pos < s->n && name_char((unsigned char)s->p[s->pos]))
		s->pos++;
	*out = (struct mc_slice){s->p + start, s->pos - start};
	return 0;
}

/* Decodes one UTF-8 character at p[0..n); returns its length, 0 if invalid. */
static size_t utf8_decode(const unsigned char *p, size_t n, uint32_t *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	size_t len;
	uint32_t min;
	if ((p[0] & 0xe0) == 0xc0) {
		len = 2, min = 0x80, *cp = p[0] & 0x1f;
	} else if ((p[0] & 0xf0) == 0xe0) {
		len = 3, min = 0x800, *cp = p[0] & 0x0f;
	} else if ((p[0] & 0xf8) == 0xf0) {
		len = 4, min = 0x10000, *cp = p[0] & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		*cp = *cp << 6 | (p[i] & 0x3f);
	}
	if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return len;
}

static bool xml_char(uint32_t c)
{
	return c == 0x9 || c == 0xa || c == 0xd || (c >= 0x20 && c <= 0xd7ff) ||
	       (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/* The whole document must be UTF-8 made of XML characters. */
static int check_chars(struct scan *s)
{
	const unsigned char *p = (const unsigned char *)s->p;
	for (size_t i = 0; i < s->n;) {
		uint32_t c;
		size_t l = utf8_decode(p + i, s->n - i, &c);
		if (!l)
			return serr(s, i, MC_EINVAL, "invalid UTF-8 (byte 0x%02x at offset %zu)", p[i], i);
		if (!xml_char(c))
			return serr(s, i, MC_EINVAL, "character U+%04X (offset %zu) is not allowed in XML",
			            (unsigned)c, i);
		i += l;
	}
	return 0;
}

static void put_utf8(struct mc_buf *b, uint32_t c)
{
	char u[4];
	size_t n;
	if (c < 0x80) {
		u[0] = (char)c, n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | c >> 6), u[1] = (char)(0x80 | (c & 0x3f)), n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | c >> 12), u[1] = (char)(0x80 | (c >> 6 & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f)), n = 3;
	} else {
		u[0] = (char)(0xf0 | c >> 18), u[1] = (char)(0x80 | (c >> 12 & 0x3f));
		u[2] = (char)(0x80 | (c >> 6 & 0x3f)), u[3] = (char)(0x80 | (c & 0x3f)), n = 4;
	}
	mc_buf_append(b, u, n);
}

/* Reads the reference at p[at] == '&'; returns its length, appends its value to out
 * (when not NULL). Only the predefined entities and character references exist. */
static int read_ref(struct scan *s, size_t at, size_t end, struct mc_buf *out, size_t *len)
{
	static const struct {
		const char *name;
		char c;
	} predefined[] = {{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"apos", '\''}, {"quot", '"'}};
	const char *p = s->p + at + 1;
	const char *semi = memchr(p, ';', end - at - 1 < 40 ? end - at - 1 : 40);
	if (!semi)
		return serr(s, at, MC_EINVAL, "'&' that does not start a reference (write &amp;)");
	size_t nl = (size_t)(semi - p);
	*len = nl + 2;
	if (nl >= 2 && p[0] == '#') {
		uint32_t c = 0;
		bool hex = p[1] == 'x';
		size_t i = hex ? 2 : 1;
		if (i == nl)
			return serr(s, at, MC_EINVAL, "empty character reference");
		for (; i < nl; i++) {
			unsigned d;
			char ch = p[i];
			if (ch >= '0' && ch <= '9')
				d = (unsigned)(ch - '0');
			else if (hex && ch >= 'a' && ch <= 'f')
				d = (unsigned)(ch - 'a' + 10);
			else if (hex && ch >= 'A' && ch <= 'F')
				d = (unsigned)(ch - 'A' + 10);
			else
				return serr(s, at, MC_EINVAL, "malformed character reference");
			c = c * (hex ? 16 : 10) + d;
			if (c > 0x10ffff)
				return serr(s, at, MC_EINVAL, "character reference beyond U+10FFFF");
		}
		if (!xml_char(c))
			return serr(s, at, MC_EINVAL,
			            "character reference to U+%04X, which XML does not allow", (unsigned)c);
		if (out)
			put_utf8(out, c);
		return 0;
	}
	for (size_t i = 0; i < sizeof(predefined) / sizeof(predefined[0]); i++) {
		if (strlen(predefined[i].name) == nl && memcmp(p, predefined[i].name, nl) == 0) {
			if (out)
				mc_buf_putc(out, predefined[i].c);
			return 0;
		}
	}
	return serr(s, at, MC_EINVAL,
	            "reference to the entity &%.*s; which is not declared; microcred expands only &lt; &gt; "
	            "&amp; &apos; &quot; and character references, never declared or external entities",
	            (int)nl, p);
}

/* Checks character data p[start..end) and, when out is not NULL, appends its
 * decoded value. In attribute values ('attr') '<' is not allowed and whitespace
 * characters become spaces (XML attribute-value normalisation). */
static int read_chars(struct scan *s, size_t start, size_t end, bool attr, struct mc_buf *out)
{
	size_t i = start, run = start;
	int rc;
	while (i < end) {
		char c = s->p[i];
		if (c == '&') {
			size_t len = 0;
			if (out)
				mc_buf_append(out, s->p + run, i - run);
			if ((rc = read_ref(s, i, end, out, &len)))
				return rc;
			i += len;
			run = i;
		} else if (attr && c == '<') {
			return serr(s, i, MC_EINVAL, "'<' in an attribute value (write &lt;)");
		} else if (attr && (c == '\t' || c == '\n' || c == '\r')) {
			if (out) {
				mc_buf_append(out, s->p + run, i - run);
				mc_buf_putc(out, ' ');
			}
			run = ++i;
		} else if (!attr && c == ']' && end - i >= 3 && s->p[i + 1] == ']' && s->p[i + 2] == '>') {
			return serr(s, i, MC_EINVAL, "']]>' in text outside a CDATA section");
		} else {
			i++;
		}
	}
	if (out)
		mc_buf_append(out, s->p + run, end - run);
	return 0;
}

static int skip_comment(struct scan *s)
{
	size_t start = s->pos;
	s->pos += 4;
	for (;;) {
		const char *d = memmem(s->p + s->pos, s->n - s->pos, "--", 2);
		if (!d)
			return serr(s, start, MC_EINVAL, "comment is not closed with '-->'");
		s->pos = (size_t)(d - s->p) + 2;
		if (s->pos < s->n && s->p[s->pos] == '>') {
			s->pos++;
			return 0;
		}
		return serr(s, s->pos - 2, MC_EINVAL, "'--' inside a comment");
	}
}

/* Processing instructions are skipped, whatever they ask for. */
static int skip_pi(struct scan *s)
{
	size_t start = s->pos;
	struct mc_slice target;
	int rc;
	s->pos += 2;
	if ((rc = parse_name(s, &target, "a processing instruction target after '<?'")))
		return rc;
	if (target.len == 3 && (target.ptr[0] | 0x20) == 'x' && (target.ptr[1] | 0x20) == 'm' &&
	    (target.ptr[2] | 0x20) == 'l')
		return serr(s, start, MC_EINVAL, "an XML declaration is allowed only at the very start");
	const char *e = memmem(s->p + s->pos, s->n - s->pos, "?>", 2);
	if (!e)
		return serr(s, start, MC_EINVAL, "processing instruction is not closed with '?>'");
	if ((size_t)(e - s->p) != s->pos && !is_ws(s->p[s->pos]))
		return serr(s, s->pos, MC_EINVAL, "malformed processing instruction");
	s->pos = (size_t)(e - s->p) + 2;
	return 0;
}

static int read_literal(struct scan *s, struct mc_slice *out)
{
	if (s->pos >= s->n || (s->p[s->pos] != '"' && s->p[s->pos] != '\''))
		return serr(s, s->pos, MC_EINVAL, "expected a quoted literal");
	char q = s->p[s->pos];
	const char *e = memchr(s->p + s->pos + 1, q, s->n - s->pos - 1);
	if (!e)
		return serr(s, s->pos, MC_EINVAL, "literal is not closed");
	*out = (struct mc_slice){s->p + s->pos + 1, (size_t)(e - s->p) - s->pos - 1};
	s->pos = (size_t)(e - s->p) + 1;
	return 0;
}

/* <?xml version="1.0" encoding="..." standalone="..."?> at the very start. */
static int read_xml_decl(struct scan *s)
{
	size_t start = s->pos;
	int rc;
	s->pos += 5;
	for (;;) {
		size_t ws = skip_ws(s);
		if (starts(s, "?>")) {
			s->pos += 2;
			return 0;
		}
		struct mc_slice name, value;
		if (!ws)
			return serr(s, s->pos, MC_EINVAL, "malformed XML declaration");
		if ((rc = parse_name(s, &name, "a name in the XML declaration")))
			return rc;
		skip_ws(s);
		if (s->pos >= s->n || s->p[s->pos] != '=')
			return serr(s, s->pos, MC_EINVAL, "malformed XML declaration (expected '=')");
		s->pos++;
		skip_ws(s);
		if ((rc = read_literal(s, &value)))
			return rc;
		if (mc_slice_eq_cstr(name, "encoding")) {
			static const char *ok[] = {"utf-8", "utf8", "us-ascii", "ascii"};
			bool fine = false;
			for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
				fine = fine || (value.len == strlen(ok[i]) &&
				                !strncasecmp(value.ptr, ok[i], value.len));
			if (!fine)
				return serr(s, start, MC_EUNSUPPORTED,
				            "the document is encoded in %.*s; microcred reads UTF-8 SVG only "
				            "(re-save the file as UTF-8)",
				            MC_SLICE_ARG(value));
		} else if (!mc_slice_eq_cstr(name, "version") && !mc_slice_eq_cstr(name, "standalone")) {
			return serr(s, s->pos, MC_EINVAL, "unknown item '%.*s' in the XML declaration",
			            MC_SLICE_ARG(name));
		}
	}
}

/* <!DOCTYPE name ExternalID? [internal subset]? >: the external DTD is ignored
 * (never fetched); an internal subset is refused. */
static int read_doctype(struct scan *s)
{
	size_t start = s->pos;
	struct mc_slice name, lit;
	int rc;
	if (s->doctype_seen || s->root_seen)
		return serr(s, start, MC_EINVAL, "DOCTYPE is allowed once, before the root element");
	s->doctype_seen = true;
	s->pos += 9;
	if (!skip_ws(s))
		return serr(s, s->pos, MC_EINVAL, "malformed DOCTYPE");
	if ((rc = parse_name(s, &name, "the document type name")))
		return rc;
	skip_ws(s);
	if (starts(s, "SYSTEM") || starts(s, "PUBLIC")) {
		bool pub = starts(s, "PUBLIC");
		s->pos += 6;
		if (!skip_ws(s))
			return serr(s, s->pos, MC_EINVAL, "malformed DOCTYPE");
		if ((rc = read_literal(s, &lit)))
			return rc;
		if (pub) {
			if (!skip_ws(s))
				return serr(s, s->pos, MC_EINVAL,
				            "malformed DOCTYPE (PUBLIC needs a system literal)");
			if ((rc = read_literal(s, &lit)))
				return rc;
		}
		skip_ws(s);
	}
	if (s->pos < s->n && s->p[s->pos] == '[') {
		bool entity = memmem(s->p + s->pos, s->n - s->pos, "<!ENTITY", 8) != NULL;
		return serr(s, start, MC_EUNSUPPORTED,
		            "the DOCTYPE has an internal subset%s; microcred refuses DTD declarations in "
		            "images (they enable entity-expansion and external-entity attacks); remove the "
		            "[...] part of the DOCTYPE",
		            entity ? " declaring entities (<!ENTITY ...>)" : "");
	}
	if (s->pos >= s->n || s->p[s->pos] != '>')
		return serr(s, s->pos, MC_EINVAL, "malformed DOCTYPE (expected '>')");
	s->pos++;
	return 0;
}

static int read_cdata(struct scan *s)
{
	size_t start = s->pos;
	s->pos += 9;
	const char *e = memmem(s->p + s->pos, s->n - s->pos, "]]>", 3);
	if (!e)
		return serr(s, start, MC_EINVAL, "CDATA section is not closed with ']]>'");
	if (s->cur)
		mc_buf_append(&s->content, s->p + s->pos, (size_t)(e - s->p) - s->pos);
	s->pos = (size_t)(e - s->p) + 3;
	return 0;
}

/* The namespace a prefix is bound to; NULL when unbound. */
static const struct binding *lookup(const struct scan *s, struct mc_slice prefix)
{
	for (size_t i = s->ns_len; i-- > 0;)
		if (mc_slice_eq(s->ns[i].prefix, prefix))
			return &s->ns[i];
	return NULL;
}

/* Splits a qualified name; fails for "a:b:c", ":a", "a:". */
static int split_qname(struct scan *s, size_t at, struct mc_slice q, struct mc_slice *prefix,
                       struct mc_slice *local)
{
	const char *colon = memchr(q.ptr, ':', q.len);
	if (!colon) {
		*prefix = (struct mc_slice){q.ptr, 0};
		*local = q;
		return 0;
	}
	*prefix = (struct mc_slice){q.ptr, (size_t)(colon - q.ptr)};
	*local = (struct mc_slice){colon + 1, q.len - prefix->len - 1};
	if (!prefix->len || !local->len || memchr(local->ptr, ':', local->len))
		return serr(s, at, MC_EINVAL, "'%.*s' is not a valid qualified name", MC_SLICE_ARG(q));
	return 0;
}

static int add_binding(struct scan *s, const struct attr *at, struct mc_slice prefix)
{
	struct mc_buf v;
	int rc;
	if (s->ns_len == MAX_BINDINGS)
		return serr(s, at->vstart, MC_ELIMIT, "more than %d namespace declarations in scope",
		            MAX_BINDINGS);
	mc_buf_init(&v, MC_BUF_NOLIMIT); /* bounded by the document size */
	rc = read_chars(s, at->vstart, at->vend, true, &v);
	if (!rc && mc_slice_eq_cstr(prefix, "xmlns"))
		rc = serr(s, at->vstart, MC_EINVAL, "the prefix xmlns cannot be declared");
	if (!rc && prefix.len && !v.len)
		rc = serr(s, at->vstart, MC_EINVAL,
		          "xmlns:%.*s=\"\" (undeclaring a prefix) is not allowed in XML 1.0",
		          MC_SLICE_ARG(prefix));
	if (!rc) {
		s->ns[s->ns_len].prefix = prefix;
		s->ns[s->ns_len].uri.ptr = mc_arena_strndup(s->a, v.ptr, v.len);
		s->ns[s->ns_len].uri.len = v.len;
		s->ns_len++;
	}
	mc_buf_release(&v);
	return rc;
}

static bool uri_is(struct mc_slice uri, const char *want)
{
	return mc_slice_eq_cstr(uri, want);
}

static int start_tag(struct scan *s)
{
	size_t lt = s->pos;
	struct attr attrs[MAX_ATTRS];
	size_t nattr = 0;
	struct mc_slice qname, prefix, local;
	bool empty = false;
	int rc;

	if (s->depth == 0 && s->root_seen)
		return serr(s, lt, MC_EINVAL, "content after the end of the root element");
	if (s->cur)
		return serr(s, lt, MC_EINVAL,
		            "an Open Badges element may hold only text or CDATA, but it contains an element");
	s->pos++;
	if ((rc = parse_name(s, &qname, "an element name after '<'")))
		return rc;
	size_t attr_end = s->pos;
	for (;;) {
		size_t ws = skip_ws(s);
		if (s->pos >= s->n)
			return serr(s, lt, MC_EINVAL, "start tag <%.*s> is not closed", MC_SLICE_ARG(qname));
		if (s->p[s->pos] == '>')
			break;
		if (starts(s, "/>")) {
			empty = true;
			break;
		}
		if (!ws)
			return serr(s, s->pos, MC_EINVAL, "expected whitespace, '>' or '/>' in <%.*s>",
			            MC_SLICE_ARG(qname));
		if (nattr == MAX_ATTRS)
			return serr(s, lt, MC_ELIMIT, "element <%.*s> has more than %d attributes",
			            MC_SLICE_ARG(qname), MAX_ATTRS);
		struct attr *at = &attrs[nattr];
		if ((rc = parse_name(s, &at->name, "an attribute name")))
			return rc;
		skip_ws(s);
		if (s->pos >= s->n || s->p[s->pos] != '=')
			return serr(s, s->pos, MC_EINVAL, "expected '=' after attribute %.*s",
			            MC_SLICE_ARG(at->name));
		s->pos++;
		skip_ws(s);
		struct mc_slice v;
		if ((rc = read_literal(s, &v)))
			return rc;
		at->vstart = (size_t)(v.ptr - s->p);
		at->vend = at->vstart + v.len;
		at->end = s->pos;
		if ((rc = read_chars(s, at->vstart, at->vend, true, NULL)))
			return rc;
		for (size_t i = 0; i < nattr; i++)
			if (mc_slice_eq(attrs[i].name, at->name))
				return serr(s, at->vstart, MC_EINVAL,
				            "attribute %.*s appears twice in <%.*s>", MC_SLICE_ARG(at->name),
				            MC_SLICE_ARG(qname));
		nattr++;
		attr_end = s->pos;
	}

	/* Namespace declarations take effect on the element itself. */
	size_t mark = s->ns_len;
	for (size_t i = 0; i < nattr; i++) {
		struct mc_slice ap, al;
		if (mc_slice_eq_cstr(attrs[i].name, "xmlns")) {
			if ((rc = add_binding(s, &attrs[i], (struct mc_slice){attrs[i].name.ptr, 0})))
				return rc;
			continue;
		}
		if ((rc = split_qname(s, attrs[i].vstart, attrs[i].name, &ap, &al)))
			return rc;
		if (mc_slice_eq_cstr(ap, "xmlns") && (rc = add_binding(s, &attrs[i], al)))
			return rc;
	}
	for (size_t i = 0; i < nattr; i++) {
		struct mc_slice ap, al;
		split_qname(s, attrs[i].vstart, attrs[i].name, &ap, &al);
		if (ap.len && !mc_slice_eq_cstr(ap, "xmlns") && !mc_slice_eq_cstr(ap, "xml") &&
		    !lookup(s, ap))
			return serr(s, attrs[i].vstart, MC_EINVAL,
			            "attribute %.*s uses the undeclared prefix %.*s",
			            MC_SLICE_ARG(attrs[i].name), MC_SLICE_ARG(ap));
	}
	if ((rc = split_qname(s, lt, qname, &prefix, &local)))
		return rc;
	const struct binding *b = lookup(s, prefix);
	if (prefix.len && !b)
		return serr(s, lt, MC_EINVAL, "element <%.*s> uses the undeclared prefix %.*s",
		            MC_SLICE_ARG(qname), MC_SLICE_ARG(prefix));
	struct mc_slice uri = b ? b->uri : (struct mc_slice){"", 0};

	if (s->depth == 0) {
		if (!mc_slice_eq_cstr(local, "svg"))
			return serr(s, lt, MC_EINVAL,
			            "the root element is <%.*s>, not <svg>: this is not an SVG image",
			            MC_SLICE_ARG(qname));
		s->root_seen = true;
		s->root_qname = qname;
		s->root_attr_end = attr_end;
		s->root_close = s->pos;
		s->root_empty = empty;
		for (size_t i = 0; i < nattr; i++) {
			if (mc_slice_eq_cstr(attrs[i].name, "xmlns:openbadges")) {
				s->root_ob_decl = true;
				s->root_ob_vstart = attrs[i].vstart;
				s->root_ob_vend = attrs[i].vend;
				s->root_ob_is_ob3 = uri_is(
				    lookup(s, (struct mc_slice){"openbadges", 10})->uri, MC_OB3_SVG_NS);
			}
		}
	} else {
		bool ob3 = uri_is(uri, MC_OB3_SVG_NS) && mc_slice_eq_cstr(local, "credential");
		bool ob2 = uri_is(uri, MC_OB2_SVG_NS) && mc_slice_eq_cstr(local, "assertion");
		if (ob3 || ob2) {
			struct ob_elem *e;
			s->obs = mc_arena_realloc(s->a, s->obs, s->ob_len * sizeof(*s->obs),
			                          (s->ob_len + 1) * sizeof(*s->obs));
			e = &s->obs[s->ob_len++];
			memset(e, 0, sizeof(*e));
			e->ob3 = ob3;
			e->start = lt;
			/* Indentation before the element goes with it when it is replaced. */
			size_t i = lt;
			while (i > s->text_start && (s->p[i - 1] == ' ' || s->p[i - 1] == '\t'))
				i--;
			if (i > s->text_start && s->p[i - 1] == '\n') {
				i--;
				if (i > s->text_start && s->p[i - 1] == '\r')
					i--;
				e->cut = i;
			} else {
				e->cut = lt;
			}
			for (size_t k = 0; k < nattr; k++) {
				if (mc_slice_eq_cstr(attrs[k].name, "verify")) {
					struct mc_buf v;
					mc_buf_init(&v, MC_BUF_NOLIMIT); /* bounded by the document size */
					read_chars(s, attrs[k].vstart, attrs[k].vend, true, &v);
					if (v.len > MC_BAKE_MAX_CREDENTIAL) {
						mc_buf_release(&v);
						return serr(s, lt, MC_ELIMIT,
						            "the verify attribute is more than %zu bytes",
						            MC_BAKE_MAX_CREDENTIAL);
					}
					e->verify.ptr = mc_arena_strndup(s->a, v.ptr, v.len);
					e->verify.len = v.len;
					e->has_verify = true;
					mc_buf_release(&v);
				}
			}
			if (empty) {
				e->end = s->pos + 2;
				e->text = (struct mc_slice){"", 0};
			} else {
				s->cur = e;
				s->cur_depth = s->depth + 1;
				mc_buf_clear(&s->content);
			}
		} else if ((mc_slice_eq_cstr(local, "credential") || mc_slice_eq_cstr(local, "assertion")) &&
		           !s->near_qname.len) {
			s->near_qname = qname;
			s->near_uri = uri;
		}
	}

	if (empty) {
		s->ns_len = mark;
		s->pos += 2;
		return 0;
	}
	if (s->depth == MC_BAKE_SVG_MAX_DEPTH)
		return serr(s, lt, MC_ELIMIT, "elements are nested more than %d deep", MC_BAKE_SVG_MAX_DEPTH);
	s->lv[s->depth].qname = qname;
	s->lv[s->depth].bindings = mark;
	s->depth++;
	s->pos++;
	return 0;
}

static bool is_space_only(struct mc_slice t)
{
	for (size_t i = 0; i < t.len; i++)
		if (!is_ws(t.ptr[i]))
			return false;
	return true;
}

static struct mc_slice trim(struct mc_slice t)
{
	while (t.len && is_ws(t.ptr[0]))
		t.ptr++, t.len--;
	while (t.len && is_ws(t.ptr[t.len - 1]))
		t.len--;
	return t;
}

static int end_tag(struct scan *s)
{
	size_t lt = s->pos;
	struct mc_slice qname;
	int rc;
	s->pos += 2;
	if ((rc = parse_name(s, &qname, "an element name after '</'")))
		return rc;
	skip_ws(s);
	if (s->pos >= s->n || s->p[s->pos] != '>')
		return serr(s, lt, MC_EINVAL, "end tag </%.*s> is not closed with '>'", MC_SLICE_ARG(qname));
	s->pos++;
	if (s->depth == 0)
		return serr(s, lt, MC_EINVAL, "end tag </%.*s> without a start tag", MC_SLICE_ARG(qname));
	struct level *l = &s->lv[s->depth - 1];
	if (!mc_slice_eq(l->qname, qname))
		return serr(s, lt, MC_EINVAL, "end tag </%.*s> does not match <%.*s>", MC_SLICE_ARG(qname),
		            MC_SLICE_ARG(l->qname));
	if (s->cur && s->cur_depth == s->depth) {
		struct mc_slice t = trim(mc_buf_slice(&s->content));
		if (t.len > MC_BAKE_MAX_CREDENTIAL)
			return serr(s, s->cur->start, MC_ELIMIT, "the badge text is more than %zu bytes",
			            MC_BAKE_MAX_CREDENTIAL);
		s->cur->text.ptr = mc_arena_strndup(s->a, t.ptr, t.len);
		s->cur->text.len = t.len;
		s->cur->end = s->pos;
		s->cur = NULL;
	}
	s->ns_len = l->bindings;
	s->depth--;
	return 0;
}

static int text(struct scan *s)
{
	size_t start = s->pos;
	const char *lt = memchr(s->p + s->pos, '<', s->n - s->pos);
	s->pos = lt ? (size_t)(lt - s->p) : s->n;
	if (s->depth == 0) {
		if (!is_space_only((struct mc_slice){s->p + start, s->pos - start}))
			return serr(s, start, MC_EINVAL, "text outside the root element");
		return 0;
	}
	return read_chars(s, start, s->pos, false, s->cur ? &s->content : NULL);
}

static int scan_document(struct scan *s)
{
	int rc = 0;

	if (s->n > MC__SVG_MAX_SIZE)
		return mc_err_set(s->err, MC_ELIMIT,
		                  "SVG is %zu bytes, more than the %zu bytes microcred reads", s->n,
		                  MC__SVG_MAX_SIZE);
	if (s->n >= 2 &&
	    ((s->p[0] == '\xfe' && s->p[1] == '\xff') || (s->p[0] == '\xff' && s->p[1] == '\xfe')))
		return mc_err_set(
		    s->err, MC_EUNSUPPORTED,
		    "the SVG is encoded in UTF-16; microcred reads UTF-8 SVG only (re-save it as "
		    "UTF-8)");
	if ((rc = check_chars(s)))
		return rc;
	if (starts(s, "\xef\xbb\xbf"))
		s->pos = 3;
	if (starts(s, "<?xml") && s->n - s->pos > 5 && is_ws(s->p[s->pos + 5]) && (rc = read_xml_decl(s)))
		return rc;
	s->text_start = s->pos;
	while (!rc && s->pos < s->n) {
		bool markup = s->p[s->pos] == '<';
		if (!markup)
			rc = text(s);
		else if (starts(s, "<!--"))
			rc = skip_comment(s);
		else if (starts(s, "<?"))
			rc = skip_pi(s);
		else if (starts(s, "<![CDATA["))
			rc = s->depth ? read_cdata(s)
			              : serr(s, s->pos, MC_EINVAL, "CDATA section outside the root element");
		else if (starts(s, "<!DOCTYPE"))
			rc = read_doctype(s);
		else if (starts(s, "</"))
			rc = end_tag(s);
		else if (starts(s, "<!"))
			rc = serr(s, s->pos, MC_EINVAL, "markup declaration outside a DOCTYPE");
		else
			rc = start_tag(s);
		if (markup)
			s->text_start = s->pos;
	}
	if (rc)
		return rc;
	if (!s->root_seen)
		return mc_err_set(s->err, MC_EINVAL,
		                  "SVG has no root element: the document is empty or not XML");
	if (s->depth)
		return serr(s, s->n, MC_EINVAL, "the document ends inside <%.*s>: it is truncated",
		            MC_SLICE_ARG(s->lv[s->depth - 1].qname));
	return 0;
}

static void scan_init(struct scan *s, const char *p, size_t n, struct mc_arena *a, struct mc_err *err)
{
	memset(s, 0, sizeof(*s));
	s->p = p;
	s->n = n;
	s->a = a;
	s->err = err;
	mc_buf_init(&s->content, MC_BUF_NOLIMIT); /* bounded by the document size */
	/* The xml prefix is always bound. */
	s->ns[0].prefix = (struct mc_slice){"xml", 3};
	s->ns[0].uri = MC_SLICE_LIT("http://www.w3.org/XML/1998/namespace");
	s->ns_len = 1;
}

static void scan_release(struct scan *s)
{
	mc_buf_release(&s->content);
}

/* The badge element to read: the OB 3.0 one, else the OB 2.0 one; two of a kind is
 * an error. */
static int pick(struct scan *s, const struct ob_elem **out)
{
	const struct ob_elem *ob3 = NULL, *ob2 = NULL;
	for (size_t i = 0; i < s->ob_len; i++) {
		const struct ob_elem **slot = s->obs[i].ob3 ? &ob3 : &ob2;
		if (*slot)
			return serr(s, s->obs[i].start, MC_EINVAL,
			            "a second <%s> element: an image carries one badge, and which one is "
			            "meant is ambiguous",
			            s->obs[i].ob3 ? "openbadges:credential" : "openbadges:assertion");
		*slot = &s->obs[i];
	}
	*out = ob3 ? ob3 : ob2;
	return 0;
}

int mc__svg_unbake(const char *p, size_t n, struct mc_arena *a, struct mc_unbaked *out, struct mc_err *err)
{
	struct scan *s = mc_xmalloc(sizeof(*s));
	const struct ob_elem *e = NULL;
	int rc;

	scan_init(s, p, n, a, err);
	rc = scan_document(s);
	if (!rc)
		rc = pick(s, &e);
	if (!rc && !e) {
		if (s->near_qname.len)
			rc = mc_err_set(
			    err, MC_ENOTFOUND,
			    "the SVG carries no badge: it has a <%.*s> element, but in the namespace "
			    "\"%.*s\" instead of " MC_OB3_SVG_NS " (Open Badges 3.0) or " MC_OB2_SVG_NS
			    " (2.0)",
			    MC_SLICE_ARG(s->near_qname), MC_SLICE_ARG(s->near_uri));
		else
			rc = mc_err_set(err, MC_ENOTFOUND,
			                "the SVG carries no badge (no <openbadges:credential> or "
			                "<openbadges:assertion> element)");
	}
	if (!rc) {
		memset(out, 0, sizeof(*out));
		out->image = MC_IMAGE_SVG;
		out->form = e->ob3 ? MC_BAKED_SVG_OB3 : MC_BAKED_SVG_OB2;
		if (e->has_verify)
			out->verify = e->verify;
		struct mc_slice v = trim(e->verify);
		/* OB 3.0: a JWS goes in verify, JSON in the content. OB 2.0: verify holds the
		 * hosted assertion's URL or the signed assertion (a JWS), and the content,
		 * when present, the assertion JSON. The signed form is preferred. */
		if (v.len && (e->ob3 || mc__baked_classify(v.ptr, v.len) == MC_BAKED_JWS || !e->text.len)) {
			out->text.ptr = mc_arena_strndup(a, v.ptr, v.len);
			out->text.len = v.len;
		} else {
			out->text = e->text;
		}
		if (!out->text.len) {
			rc = serr(
			    s, e->start, MC_ENOTFOUND,
			    "the <%s> element is empty: it holds no credential (no JSON inside, no verify "
			    "attribute)",
			    e->ob3 ? "openbadges:credential" : "openbadges:assertion");
		}
		out->kind = mc__baked_classify(out->text.ptr, out->text.len);
	}
	scan_release(s);
	free(s);
	return rc;
}

/* ---- baking ---- */

static void put_escaped_attr(struct mc_buf *b, const char *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (t[i]) {
		case '&': mc_buf_puts(b, "&amp;"); break;
		case '<': mc_buf_puts(b, "&lt;"); break;
		case '"': mc_buf_puts(b, "&quot;"); break;
		case '\t': mc_buf_puts(b, "&#9;"); break;
		case '\n': mc_buf_puts(b, "&#10;"); break;
		case '\r': mc_buf_puts(b, "&#13;"); break;
		default: mc_buf_putc(b, t[i]);
		}
	}
}

/* JSON in CDATA; a "]]>" inside it ends one section and starts the next between
 * "]]" and ">" so that the reader's concatenation gives the text back. */
static void put_cdata(struct mc_buf *b, const char *t, size_t n)
{
	mc_buf_puts(b, "<![CDATA[");
	for (;;) {
		const char *e = memmem(t, n, "]]>", 3);
		if (!e)
			break;
		size_t k = (size_t)(e - t) + 2;
		mc_buf_append(b, t, k);
		mc_buf_puts(b, "]]><![CDATA[");
		t += k;
		n -= k;
	}
	mc_buf_append(b, t, n);
	mc_buf_puts(b, "]]>");
}

int mc__svg_bake(struct mc_buf *out, const char *p, size_t n, const char *text, size_t len, bool is_jws,
                 bool *replaced, struct mc_err *err)
{
	struct mc_arena a;
	struct mc_buf el;
	struct scan *s = mc_xmalloc(sizeof(*s));
	size_t start = out->len;
	int rc;

	mc_arena_init(&a, 0);
	mc_buf_init(&el, MC_BUF_NOLIMIT);
	scan_init(s, p, n, &a, err);
	if ((rc = scan_document(s)))
		goto out;

	mc_buf_puts(&el, "<openbadges:credential");
	if (is_jws) {
		mc_buf_puts(&el, " verify=\"");
		put_escaped_attr(&el, text, len);
		mc_buf_puts(&el, "\"></openbadges:credential>");
	} else {
		mc_buf_putc(&el, '>');
		put_cdata(&el, text, len);
		mc_buf_puts(&el, "</openbadges:credential>");
	}

	/* The root start tag, with xmlns:openbadges bound to the OB 3.0 namespace. */
	if (s->root_ob_decl && !s->root_ob_is_ob3) {
		rc = mc_buf_append(out, p, s->root_ob_vstart);
		rc = rc ? rc : mc_buf_puts(out, MC_OB3_SVG_NS);
		rc = rc ? rc : mc_buf_append(out, p + s->root_ob_vend, s->root_attr_end - s->root_ob_vend);
	} else {
		rc = mc_buf_append(out, p, s->root_attr_end);
		if (!rc && !s->root_ob_decl)
			rc = mc_buf_puts(out, " xmlns:openbadges=\"" MC_OB3_SVG_NS "\"");
	}
	rc = rc ? rc : mc_buf_append(out, p + s->root_attr_end, s->root_close - s->root_attr_end);
	rc = rc ? rc : mc_buf_puts(out, ">\n");
	rc = rc ? rc : mc_buf_append(out, el.ptr, el.len);
	if (s->root_empty) {
		rc = rc ? rc : mc_buf_puts(out, "\n</");
		rc = rc ? rc : mc_buf_append(out, s->root_qname.ptr, s->root_qname.len);
		rc = rc ? rc : mc_buf_putc(out, '>');
		rc = rc ? rc : mc_buf_append(out, p + s->root_close + 2, n - s->root_close - 2);
	} else {
		/* The rest, without the badge elements that were there. */
		size_t at = s->root_close + 1;
		for (size_t i = 0; i < s->ob_len && !rc; i++) {
			rc = mc_buf_append(out, p + at, s->obs[i].cut - at);
			at = s->obs[i].end;
		}
		rc = rc ? rc : mc_buf_append(out, p + at, n - at);
	}
	if (rc) {
		rc = mc_err_set(err, rc, "the baked SVG would exceed the output size limit");
		goto out;
	}
	if (replaced)
		*replaced = s->ob_len > 0;
out:
	if (rc) {
		out->len = start;
		out->ptr[start] = '\0';
	}
	scan_release(s);
	free(s);
	mc_buf_release(&el);
	mc_arena_release(&a);
	return rc;
}

/* ---- detection ---- */

bool mc__svg_sniff(const char *p, size_t n)
{
	struct scan s = {.p = p, .n = n < 65536 ? n : 65536};
	if (starts(&s, "\xef\xbb\xbf"))
		s.pos = 3;
	for (;;) {
		skip_ws(&s);
		if (starts(&s, "<?") || starts(&s, "<!--")) {
			const char *end = starts(&s, "<?") ? "?>" : "-->";
			const char *e = memmem(s.p + s.pos, s.n - s.pos, end, strlen(end));
			if (!e)
				return false;
			s.pos = (size_t)(e - s.p) + strlen(end);
		} else if (starts(&s, "<!DOCTYPE")) {
			struct mc_slice name;
			s.pos += 9;
			skip_ws(&s);
			if (parse_name(&s, &name, "name"))
				return false;
			/* An internal subset may hide a '>' in brackets: any svg DOCTYPE will do. */
			if (mc_slice_eq_cstr(name, "svg") ||
			    (name.len > 4 && !memcmp(name.ptr + name.len - 4, ":svg", 4)))
				return true;
			const char *e = memchr(s.p + s.pos, '>', s.n - s.pos);
			if (!e || memchr(s.p + s.pos, '[', (size_t)(e - s.p) - s.pos))
				return false;
			s.pos = (size_t)(e - s.p) + 1;
		} else if (starts(&s, "<")) {
			struct mc_slice name;
			s.pos++;
			if (parse_name(&s, &name, "name"))
				return false;
			return mc_slice_eq_cstr(name, "svg") ||
			       (name.len > 4 && !memcmp(name.ptr + name.len - 4, ":svg", 4));
		} else {
			return false;
		}
	}
}
