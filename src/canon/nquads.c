/* N-Quads (RDF 1.1) parsing and canonical serialization: see include/microcred/rdf.h.
 *
 * The parser copies the whole text into the arena once and decodes escapes in place
 * (a decoded escape is never longer than its encoding), so terms are slices into that
 * copy and parsing allocates nothing per term. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "microcred/rdf.h"

#include "canon/rdf_internal.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Bytes that may need escaping in a literal: controls, '"', '\\', DEL, and 0xEF,
 * which starts U+FFFE / U+FFFF (not XML 1.1 Chars, so RDFC-1.0 Appendix A wants
 * them as UCHAR). */
static const unsigned char lit_special[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

static const unsigned char iri_special[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Scanning 16 bytes at a time matters: term text is most of what the parser reads
 * and the serializer writes, and almost all of it is plain. */
size_t mc__nquads_plain_run(const unsigned char *s, size_t n, bool iri, bool stop_high)
{
	const unsigned char *p = s, *e = s + n;
	const unsigned char *table = iri ? iri_special : lit_special;
#ifdef __SSE2__
	const __m128i zero = _mm_setzero_si128();
	while (e - p >= 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)p), m;
		if (iri) {
			m = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x20)), x); /* <= 0x20 */
			m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('<')));
			m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('>')));
			m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('"')));
			m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('{')));
			m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('}')));
			m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('|')));
			m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('^')));
			m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('`')));
			m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
		} else {
			m = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x); /* <= 0x1F */
			m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('"')));
			m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8('\\')));
			m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7F)));
			m = _mm_or_si128(m, _mm_cmpeq_epi8(x, _mm_set1_epi8((char)0xEF)));
		}
		if (stop_high)
			m = _mm_or_si128(m, _mm_cmplt_epi8(x, zero)); /* >= 0x80 */
		unsigned mask = (unsigned)_mm_movemask_epi8(m);
		if (mask)
			return (size_t)(p - s) + (size_t)__builtin_ctz(mask);
		p += 16;
		if (p < e && e - p < 16 && n >= 16)
			p = e - 16; /* one last, overlapping block instead of a byte loop */
	}
#endif
	while (p < e && !table[*p] && !(stop_high && *p >= 0x80))
		p++;
	return (size_t)(p - s);
}

/* ---- dataset ---- */

void mc_rdf_dataset_add(struct mc_arena *a, struct mc_rdf_dataset *ds, const struct mc_quad *q)
{
	if (ds->len == ds->cap) {
		size_t cap = ds->cap ? ds->cap * 2 : 64;
		ds->quads =
		    mc_arena_realloc(a, ds->quads, ds->cap * sizeof(*ds->quads), cap * sizeof(*ds->quads));
		ds->cap = cap;
	}
	ds->quads[ds->len++] = *q;
}

/* ---- UTF-8 ---- */

/* Decodes one UTF-8 sequence at p (p < end). Returns its length and sets *cp, or 0
 * when the bytes are not well-formed UTF-8 (overlong, surrogate, > U+10FFFF). */
static size_t utf8_decode(const unsigned char *p, const unsigned char *end, uint32_t *cp)
{
	unsigned c = p[0];
	size_t n;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if (c >= 0xC2 && c <= 0xDF) {
		n = 2, v = c & 0x1F, min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3, v = c & 0x0F, min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return n;
}

static size_t utf8_encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* ---- parser ---- */

struct parser {
	char *p; /* next byte (inside the arena copy) */
	char *end;
	const char *line_start; /* for column numbers */
	size_t line;
	struct mc_err *err;
};

/* Reports an error at position at. The column counts characters, not bytes. */
__attribute__((format(printf, 3, 4))) static int fail(struct parser *ps, const char *at, const char *fmt, ...)
{
	char msg[MC_ERR_MSG_MAX];
	va_list ap;
	size_t col = 1;

	for (const char *q = ps->line_start; q < at; q++)
		if (((unsigned char)*q & 0xC0) != 0x80)
			col++;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return mc_err_set(ps->err, MC_EINVAL, "N-Quads line %zu, column %zu: %s", ps->line, col, msg);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Parses the UCHAR at ps->p (which points at the backslash, followed by u or U) and
 * writes its UTF-8 encoding at *w. */
static int read_uchar(struct parser *ps, char **w)
{
	char *start = ps->p;
	size_t n = start[1] == 'u' ? 4 : 8;
	uint32_t cp = 0;

	if ((size_t)(ps->end - start) < 2 + n)
		return fail(ps, start, "\\%c escape needs %zu hex digits", start[1], n);
	for (size_t i = 0; i < n; i++) {
		int h = hexval((unsigned char)start[2 + i]);
		if (h < 0)
			return fail(ps, start, "\\%c escape needs %zu hex digits", start[1], n);
		cp = (cp << 4) | (uint32_t)h;
	}
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return fail(ps, start,
		            "escape \\%c%.*s is not a Unicode scalar value (surrogate or above U+10FFFF)",
		            start[1], (int)n, start + 2);
	ps->p = start + 2 + n;
	*w += utf8_encode(cp, *w);
	return 0;
}

/* Characters IRIREF does not allow unescaped. */
static bool iri_forbidden(unsigned char c)
{
	return c <= 0x20 || c == '<' || c == '>' || c == '"' || c == '{' || c == '}' || c == '|' ||
	       c == '^' || c == '`' || c == '\\';
}

/* IRIREF, with ps->p at '<'. The value is decoded in place. */
static int read_iri(struct parser *ps, struct mc_slice *out)
{
	char *start = ps->p;
	char *w = ++ps->p;
	char *value = w;

	for (;;) {
		/* Plain ASCII runs move only when an earlier escape shrank the text. */
		size_t run =
		    mc__nquads_plain_run((const unsigned char *)ps->p, (size_t)(ps->end - ps->p), true, true);
		if (w != ps->p)
			memmove(w, ps->p, run);
		w += run;
		ps->p += run;
		if (ps->p >= ps->end)
			return fail(ps, start, "IRI is not closed with '>'");
		unsigned char c = (unsigned char)*ps->p;
		if (c == '>')
			break;
		if (c == '\\') {
			if (ps->p + 1 < ps->end && (ps->p[1] == 'u' || ps->p[1] == 'U')) {
				int rc = read_uchar(ps, &w);
				if (rc)
					return rc;
				continue;
			}
			return fail(ps, ps->p, "only \\u and \\U escapes are allowed in an IRI");
		}
		if (c < 0x80) {
			if (iri_forbidden(c)) {
				if (c == '\n' || c == '\r')
					return fail(ps, start,
					            "IRI is not closed with '>' before the end of the line");
				if (c == ' ')
					return fail(
					    ps, ps->p,
					    "a space is not allowed in an IRI: close the IRI with '>' "
					    "or write the space as \\u0020");
				return fail(ps, ps->p,
				            "character U+%04X is not allowed in an IRI; write it as \\u%04X",
				            c, c);
			}
			*w++ = (char)c;
			ps->p++;
			continue;
		}
		uint32_t cp;
		size_t n = utf8_decode((const unsigned char *)ps->p, (const unsigned char *)ps->end, &cp);
		if (!n)
			return fail(ps, ps->p, "invalid UTF-8 in an IRI");
		memmove(w, ps->p, n);
		w += n;
		ps->p += n;
	}
	ps->p++; /* '>' */
	out->ptr = value;
	out->len = (size_t)(w - value);

	/* N-Quads IRIs are absolute: they start with a scheme and ':'. */
	size_t i = 0;
	unsigned char c0 = out->len ? (unsigned char)value[0] : 0;
	if ((c0 | 0x20) >= 'a' && (c0 | 0x20) <= 'z') {
		for (i = 1; i < out->len; i++) {
			unsigned char c = (unsigned char)value[i];
			if (!((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !(c >= '0' && c <= '9') &&
			    c != '+' && c != '-' && c != '.')
				break;
		}
	}
	if (i == 0 || i >= out->len || value[i] != ':')
		return fail(ps, start,
		            "<%.*s> is not an absolute IRI (N-Quads needs a scheme such as https:)",
		            (int)(out->len > 80 ? 80 : out->len), value);
	return 0;
}

static bool pn_chars_base(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0xD6) ||
	       (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x2FF) || (c >= 0x370 && c <= 0x37D) ||
	       (c >= 0x37F && c <= 0x1FFF) || (c >= 0x200C && c <= 0x200D) || (c >= 0x2070 && c <= 0x218F) ||
	       (c >= 0x2C00 && c <= 0x2FEF) || (c >= 0x3001 && c <= 0xD7FF) || (c >= 0xF900 && c <= 0xFDCF) ||
	       (c >= 0xFDF0 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0xEFFFF);
}

static bool pn_chars_u(uint32_t c)
{
	return pn_chars_base(c) || c == '_' || c == ':';
}

static bool pn_chars(uint32_t c)
{
	return pn_chars_u(c) || c == '-' || (c >= '0' && c <= '9') || c == 0xB7 ||
	       (c >= 0x300 && c <= 0x36F) || (c >= 0x203F && c <= 0x2040);
}

/* BLANK_NODE_LABEL, with ps->p at '_'. The label excludes "_:". */
static int read_bnode(struct parser *ps, struct mc_slice *out)
{
	char *start = ps->p;
	uint32_t cp;
	size_t n;

	if (ps->end - ps->p < 3 || ps->p[1] != ':')
		return fail(ps, start, "a blank node label starts with \"_:\" and at least one character");
	ps->p += 2;
	n = utf8_decode((const unsigned char *)ps->p, (const unsigned char *)ps->end, &cp);
	if (!n || !(pn_chars_u(cp) || (cp >= '0' && cp <= '9')))
		return fail(ps, ps->p, "a blank node label must start with a letter, digit, '_' or ':'");
	ps->p += n;
	char *last_ok = ps->p; /* end of the label so far, not counting trailing dots */
	while (ps->p < ps->end) {
		n = utf8_decode((const unsigned char *)ps->p, (const unsigned char *)ps->end, &cp);
		if (!n)
			return fail(ps, ps->p, "invalid UTF-8 in a blank node label");
		if (cp == '.') {
			ps->p += n;
			continue;
		}
		if (!pn_chars(cp))
			break;
		ps->p += n;
		last_ok = ps->p;
	}
	/* A label cannot end with '.': trailing dots belong to what follows (the
	 * statement's final '.'). */
	ps->p = last_ok;
	out->ptr = start + 2;
	out->len = (size_t)(last_ok - (start + 2));
	return 0;
}

/* STRING_LITERAL_QUOTE, with ps->p at '"'; decodes in place. */
static int read_string(struct parser *ps, struct mc_slice *out)
{
	char *start = ps->p;
	char *w = ++ps->p;
	char *value = w;

	for (;;) {
		/* Runs without controls, quotes, backslashes or non-ASCII bytes. */
		size_t run = mc__nquads_plain_run((const unsigned char *)ps->p, (size_t)(ps->end - ps->p),
		                                  false, true);
		if (w != ps->p)
			memmove(w, ps->p, run);
		w += run;
		ps->p += run;
		if (ps->p >= ps->end)
			return fail(ps, start, "string literal is not closed with '\"'");
		unsigned char c = (unsigned char)*ps->p;
		if (c == '"')
			break;
		if (c == '\n' || c == '\r')
			return fail(ps, start,
			            "string literal is not closed with '\"' before the end of the line");
		if (c == '\\') {
			if (ps->p + 1 >= ps->end)
				return fail(ps, ps->p, "incomplete escape at the end of the input");
			char e = ps->p[1], d;
			switch (e) {
			case 't': d = '\t'; break;
			case 'b': d = '\b'; break;
			case 'n': d = '\n'; break;
			case 'r': d = '\r'; break;
			case 'f': d = '\f'; break;
			case '"': d = '"'; break;
			case '\'': d = '\''; break;
			case '\\': d = '\\'; break;
			case 'u':
			case 'U': {
				int rc = read_uchar(ps, &w);
				if (rc)
					return rc;
				continue;
			}
			default:
				return fail(ps, ps->p,
				            "unknown escape \\%c in a string literal (allowed: \\t \\b \\n "
				            "\\r \\f \\\" \\' \\\\ \\u \\U)",
				            e);
			}
			*w++ = d;
			ps->p += 2;
			continue;
		}
		if (c < 0x80) {
			*w++ = (char)c;
			ps->p++;
			continue;
		}
		uint32_t cp;
		size_t n = utf8_decode((const unsigned char *)ps->p, (const unsigned char *)ps->end, &cp);
		if (!n)
			return fail(ps, ps->p, "invalid UTF-8 in a string literal");
		memmove(w, ps->p, n);
		w += n;
		ps->p += n;
	}
	ps->p++;
	out->ptr = value;
	out->len = (size_t)(w - value);
	return 0;
}

static bool is_alpha(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

/* LANGTAG after the '@' at ps->p. */
static int read_langtag(struct parser *ps, struct mc_slice *out)
{
	char *start = ++ps->p;
	while (ps->p < ps->end && is_alpha((unsigned char)*ps->p))
		ps->p++;
	if (ps->p == start)
		return fail(ps, start - 1, "a language tag needs letters after '@'");
	while (ps->p < ps->end && *ps->p == '-') {
		char *sub = ++ps->p;
		while (ps->p < ps->end &&
		       (is_alpha((unsigned char)*ps->p) || (*ps->p >= '0' && *ps->p <= '9')))
			ps->p++;
		if (ps->p == sub)
			return fail(ps, sub - 1, "a language tag subtag needs letters or digits after '-'");
	}
	out->ptr = start;
	out->len = (size_t)(ps->p - start);
	return 0;
}

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t'))
		ps->p++;
}

static int read_literal(struct parser *ps, struct mc_rdf_term *t)
{
	int rc = read_string(ps, &t->value);
	if (rc)
		return rc;
	t->kind = MC_RDF_LITERAL;
	t->lang = (struct mc_slice){NULL, 0};
	if (ps->p < ps->end && *ps->p == '@') {
		rc = read_langtag(ps, &t->lang);
		t->datatype = MC_SLICE_LIT(MC_RDF_LANGSTRING);
		return rc;
	}
	if (ps->end - ps->p >= 2 && ps->p[0] == '^' && ps->p[1] == '^') {
		ps->p += 2;
		if (ps->p >= ps->end || *ps->p != '<')
			return fail(ps, ps->p, "expected a datatype IRI in <...> after \"^^\"");
		char *at = ps->p;
		rc = read_iri(ps, &t->datatype);
		if (rc)
			return rc;
		if (mc_slice_eq_cstr(t->datatype, MC_RDF_LANGSTRING))
			return fail(
			    ps, at,
			    "a literal with datatype rdf:langString needs a language tag (\"...\"@en)");
		return 0;
	}
	t->datatype = MC_SLICE_LIT(MC_XSD_STRING);
	return 0;
}

static int read_statement(struct parser *ps, struct mc_quad *q)
{
	int rc;
	char c = *ps->p;

	memset(q, 0, sizeof(*q));
	if (c == '<') {
		q->s.kind = MC_RDF_IRI;
		rc = read_iri(ps, &q->s.value);
	} else if (c == '_') {
		q->s.kind = MC_RDF_BLANK;
		rc = read_bnode(ps, &q->s.value);
	} else {
		return fail(ps, ps->p, "expected a subject: an IRI in <...> or a blank node _:label");
	}
	if (rc)
		return rc;
	skip_ws(ps);
	if (ps->p >= ps->end || *ps->p != '<')
		return fail(ps, ps->p, "expected a predicate: an IRI in <...>");
	q->p.kind = MC_RDF_IRI;
	if ((rc = read_iri(ps, &q->p.value)))
		return rc;
	skip_ws(ps);
	c = ps->p < ps->end ? *ps->p : '\0';
	if (c == '<') {
		q->o.kind = MC_RDF_IRI;
		rc = read_iri(ps, &q->o.value);
	} else if (c == '_') {
		q->o.kind = MC_RDF_BLANK;
		rc = read_bnode(ps, &q->o.value);
	} else if (c == '"') {
		rc = read_literal(ps, &q->o);
	} else {
		return fail(ps, ps->p,
		            "expected an object: an IRI in <...>, a blank node _:label or a \"literal\"");
	}
	if (rc)
		return rc;
	skip_ws(ps);
	c = ps->p < ps->end ? *ps->p : '\0';
	if (c == '<') {
		q->g.kind = MC_RDF_IRI;
		rc = read_iri(ps, &q->g.value);
	} else if (c == '_') {
		q->g.kind = MC_RDF_BLANK;
		rc = read_bnode(ps, &q->g.value);
	}
	if (rc)
		return rc;
	skip_ws(ps);
	if (ps->p >= ps->end || *ps->p != '.')
		return fail(ps, ps->p, "expected '.' at the end of the statement");
	ps->p++;
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '#')
		while (ps->p < ps->end && *ps->p != '\n' && *ps->p != '\r')
			ps->p++;
	if (ps->p < ps->end && *ps->p != '\n' && *ps->p != '\r')
		return fail(ps, ps->p, "expected the end of the line after '.' (one statement per line)");
	return 0;
}

int mc_nquads_parse(struct mc_arena *a, const char *text, size_t len, struct mc_rdf_dataset *out,
                    struct mc_err *err)
{
	struct parser ps;
	char *copy = mc_arena_memdup(a, text, len);

	ps.p = copy;
	ps.end = copy + len;
	ps.line_start = copy;
	ps.line = 1;
	ps.err = err;
	while (ps.p < ps.end) {
		char c = *ps.p;
		if (c == ' ' || c == '\t') {
			ps.p++;
		} else if (c == '\n' || c == '\r') {
			/* CR LF counts as one line end. */
			if (c == '\r' && ps.p + 1 < ps.end && ps.p[1] == '\n')
				ps.p++;
			ps.p++;
			ps.line++;
			ps.line_start = ps.p;
		} else if (c == '#') {
			while (ps.p < ps.end && *ps.p != '\n' && *ps.p != '\r')
				ps.p++;
		} else {
			struct mc_quad q;
			int rc = read_statement(&ps, &q);
			if (rc)
				return rc;
			mc_rdf_dataset_add(a, out, &q);
		}
	}
	return 0;
}

/* ---- canonical serialization ---- */

static const char hex_upper[] = "0123456789ABCDEF";

static char *put_uchar4(char *d, unsigned v)
{
	d[0] = '\\';
	d[1] = 'u';
	d[2] = hex_upper[(v >> 12) & 15];
	d[3] = hex_upper[(v >> 8) & 15];
	d[4] = hex_upper[(v >> 4) & 15];
	d[5] = hex_upper[v & 15];
	return d + 6;
}

static char *put_iri(char *d, struct mc_slice v)
{
	const unsigned char *s = (const unsigned char *)v.ptr, *e = s + v.len;
	*d++ = '<';
	while (s < e) {
		const unsigned char *run = s;
		s += mc__nquads_plain_run(s, (size_t)(e - s), true, false);
		memcpy(d, run, (size_t)(s - run));
		d += s - run;
		if (s < e)
			d = put_uchar4(d, *s++);
	}
	*d++ = '>';
	return d;
}

static char *put_string(char *d, struct mc_slice v)
{
	const unsigned char *s = (const unsigned char *)v.ptr, *e = s + v.len;
	*d++ = '"';
	while (s < e) {
		const unsigned char *run = s;
		s += mc__nquads_plain_run(s, (size_t)(e - s), false, false);
		memcpy(d, run, (size_t)(s - run));
		d += s - run;
		if (s >= e)
			break;
		unsigned char c = *s++;
		switch (c) {
		case '\b': *d++ = '\\', *d++ = 'b'; break;
		case '\t': *d++ = '\\', *d++ = 't'; break;
		case '\n': *d++ = '\\', *d++ = 'n'; break;
		case '\f': *d++ = '\\', *d++ = 'f'; break;
		case '\r': *d++ = '\\', *d++ = 'r'; break;
		case '"': *d++ = '\\', *d++ = '"'; break;
		case '\\': *d++ = '\\', *d++ = '\\'; break;
		case 0xEF:
			if (e - s >= 2 && s[0] == 0xBF && (s[1] == 0xBE || s[1] == 0xBF)) {
				d = put_uchar4(d, s[1] == 0xBE ? 0xFFFE : 0xFFFF);
				s += 2;
			} else {
				*d++ = (char)c;
			}
			break;
		default: d = put_uchar4(d, c); break;
		}
	}
	*d++ = '"';
	return d;
}

size_t mc__nquads_put_term(char *dst, const struct mc_rdf_term *t)
{
	char *d = dst;
	switch (t->kind) {
	case MC_RDF_NONE: break;
	case MC_RDF_IRI: d = put_iri(d, t->value); break;
	case MC_RDF_BLANK:
		*d++ = '_';
		*d++ = ':';
		memcpy(d, t->value.ptr, t->value.len);
		d += t->value.len;
		break;
	case MC_RDF_LITERAL:
		d = put_string(d, t->value);
		if (t->lang.len) {
			*d++ = '@';
			memcpy(d, t->lang.ptr, t->lang.len);
			d += t->lang.len;
		} else if (t->datatype.len && !mc_slice_eq_cstr(t->datatype, MC_XSD_STRING)) {
			*d++ = '^';
			*d++ = '^';
			d = put_iri(d, t->datatype);
		}
		break;
	}
	return (size_t)(d - dst);
}

int mc_nquads_write_quad(struct mc_buf *out, const struct mc_quad *q)
{
	size_t max = mc__nquads_term_max(&q->s) + mc__nquads_term_max(&q->p) + mc__nquads_term_max(&q->o) +
	             mc__nquads_term_max(&q->g) + 8;
	int rc = mc_buf_reserve(out, max);
	if (rc)
		return rc;
	char *d = out->ptr + out->len;
	d += mc__nquads_put_term(d, &q->s);
	*d++ = ' ';
	d += mc__nquads_put_term(d, &q->p);
	*d++ = ' ';
	d += mc__nquads_put_term(d, &q->o);
	*d++ = ' ';
	if (q->g.kind != MC_RDF_NONE) {
		d += mc__nquads_put_term(d, &q->g);
		*d++ = ' ';
	}
	*d++ = '.';
	*d++ = '\n';
	out->len = (size_t)(d - out->ptr);
	out->ptr[out->len] = '\0';
	return 0;
}

int mc_nquads_write(struct mc_buf *out, const struct mc_rdf_dataset *ds)
{
	for (size_t i = 0; i < ds->len; i++) {
		int rc = mc_nquads_write_quad(out, &ds->quads[i]);
		if (rc)
			return rc;
	}
	return 0;
}
