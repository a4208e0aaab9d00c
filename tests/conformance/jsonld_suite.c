/* JSON-LD 1.1 conformance runner for the w3c/json-ld-api test suite.
 *
 *   jsonld_suite [-v] [--min-pass PCT] [--dir DIR] expand|toRdf [ID-SUBSTRING]
 *
 * Reads <DIR>/<suite>-manifest.jsonld (DIR defaults to tests/vectors/json-ld-api under
 * $MC_SOURCE_DIR or the working directory), runs every test whose id contains the
 * filter, and prints one line per failure and per skip, then
 * "<suite>: passed P, failed F, skipped S (of N)". Exits 0 when P / (P + F) reaches
 * PCT percent (default 100), 1 when it does not, 2 on bad usage, 77 when the vectors
 * are missing.
 *
 * Comparison follows the suite README: expansion results by JSON-LD object comparison
 * (objects unordered, arrays unordered except @list values, language tags without
 * regard to case); toRdf results as isomorphic datasets, checked here by a blank-node
 * bijection search that depends on nothing in the library but the dataset structs, so
 * a canonicalizer bug cannot hide or fake a toRdf result (--rdfc compares through
 * mc_rdfc_canonize instead). */
#include <ctype.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/json.h"
#include "microcred/jsonld.h"
#include "microcred/rdf.h"

#define TEST_PREFIX "https://w3c.github.io/json-ld-api/tests/"
#define MAX_FILE (16u << 20)

enum outcome { PASS, FAIL, SKIP };

struct suite {
	const char *dir;
	const char *name; /* "expand" or "toRdf" */
	bool torrdf;
	bool verbose;
	const char *expanded_dir; /* --expanded: reference expansions instead of mc_jsonld_expand */
	bool rdfc;                /* --rdfc: compare canonical N-Quads instead of searching a bijection */
	bool as_set;              /* --as-set: mc_jsonld_to_rdf's set mode (what canonicalization uses) */
	struct mc_jsonld_loader loader;
	size_t loose; /* negative tests passed on "some error" because codes are unavailable */
};

struct result {
	enum outcome outcome;
	char reason[1024];
};

static enum outcome set_result(struct result *r, enum outcome o, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static enum outcome set_result(struct result *r, enum outcome o, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
	r->outcome = o;
	return o;
}

/* ---- files and the offline document loader ---- */

static int read_text(struct mc_arena *a, const char *path, char **text, size_t *len, struct mc_err *err)
{
	struct mc_buf b;
	mc_buf_init(&b, MAX_FILE);
	int rc = mc_buf_read_file(&b, path, err);
	if (rc == 0) {
		*text = mc_arena_memdup(a, b.ptr, b.len + 1);
		*len = b.len;
	}
	mc_buf_release(&b);
	return rc;
}

static int load_json_file(struct mc_arena *a, const char *path, struct mc_json **doc, struct mc_err *err)
{
	char *text;
	size_t len;
	int rc = read_text(a, path, &text, &len, err);
	if (rc)
		return rc;
	rc = mc_json_parse(a, text, len, NULL, doc, err);
	if (rc)
		mc_err_prefix(err, "%s", path);
	return rc;
}

/* Maps https://w3c.github.io/json-ld-api/tests/<path> to <dir>/<path>; anything else
 * (other hosts, fragments aside) is a failed load, as it would be offline. */
static int suite_load(void *ctx, const char *url, struct mc_arena *a, const struct mc_json **doc,
                      struct mc_err *err)
{
	const struct suite *s = ctx;
	size_t plen = strlen(TEST_PREFIX);
	if (strncmp(url, TEST_PREFIX, plen) != 0)
		return mc_err_set(err, MC_ENOTFOUND,
		                  "loading document failed: %s is outside the offline test suite", url);
	const char *rest = url + plen;
	size_t n = strcspn(rest, "#?");
	if (n == 0 || strstr(rest, ".."))
		return mc_err_set(err, MC_ENOTFOUND, "loading document failed: %s", url);
	char *path = mc_arena_printf(a, "%s/%.*s", s->dir, (int)n, rest);
	if (access(path, R_OK) != 0)
		return mc_err_set(err, MC_ENOTFOUND, "loading document failed: %s (no file %s)", url, path);
	struct mc_json *d;
	int rc = load_json_file(a, path, &d, err);
	if (rc)
		return rc;
	*doc = d;
	return 0;
}

/* ---- JSON-LD object comparison (suite README) ---- */

static bool jsonld_equal(const struct mc_json *a, const struct mc_json *b, bool ordered, bool lang);

static bool array_equal(const struct mc_json *a, const struct mc_json *b, bool ordered)
{
	if (a->len != b->len)
		return false;
	if (ordered) {
		for (uint32_t i = 0; i < a->len; i++)
			if (!jsonld_equal(&a->v.items[i], &b->v.items[i], false, false))
				return false;
		return true;
	}
	/* Equality is an equivalence relation, so greedy matching finds a perfect matching
	 * whenever one exists. */
	bool *used = calloc(b->len ? b->len : 1, sizeof(bool));
	if (!used)
		abort();
	bool ok = true;
	for (uint32_t i = 0; i < a->len && ok; i++) {
		ok = false;
		for (uint32_t j = 0; j < b->len; j++) {
			if (!used[j] && jsonld_equal(&a->v.items[i], &b->v.items[j], false, false)) {
				used[j] = true;
				ok = true;
				break;
			}
		}
	}
	free(used);
	return ok;
}

static bool jsonld_equal(const struct mc_json *a, const struct mc_json *b, bool ordered, bool lang)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case MC_JSON_NULL:
	case MC_JSON_TRUE:
	case MC_JSON_FALSE: return true;
	case MC_JSON_NUMBER: {
		int64_t x, y;
		bool xi = mc_json_number_as_int(a, &x), yi = mc_json_number_as_int(b, &y);
		if (xi && yi)
			return x == y;
		return mc_json_number(a) == mc_json_number(b);
	}
	case MC_JSON_STRING:
		if (a->len != b->len)
			return false;
		if (lang)
			return strncasecmp(a->v.str, b->v.str, a->len) == 0;
		return memcmp(a->v.str, b->v.str, a->len) == 0;
	case MC_JSON_ARRAY: return array_equal(a, b, ordered);
	case MC_JSON_OBJECT:
		if (a->len != b->len)
			return false;
		for (uint32_t i = 0; i < a->len; i++) {
			const struct mc_json_member *m = &a->v.members[i];
			const struct mc_json *o = mc_json_getn(b, m->key.ptr, m->key.len);
			if (!o)
				return false;
			bool is_list = mc_slice_eq_cstr(m->key, "@list");
			bool is_lang = mc_slice_eq_cstr(m->key, "@language");
			if (!jsonld_equal(&m->value, o, is_list, is_lang))
				return false;
		}
		return true;
	}
	return false;
}

/* ---- N-Quads for comparison ---- */

/* A quad as four comparable term strings ("<iri>", "_:label", "\"lex\"^^<dt>",
 * "\"lex\"@lang" with the tag lower-cased, "" for the default graph), unescaped. */
struct tquad {
	const char *t[4];
	int b[4]; /* blank node index per position, -1 when not blank */
};

struct tset {
	struct tquad *q;
	size_t len, cap;
	const char **blank; /* distinct blank labels ("_:x"), index = id */
	size_t nblank, capblank;
	const char **keys; /* sorted quad keys, for lookup */
};

static void put_utf8(struct mc_buf *b, uint32_t c)
{
	char o[4];
	int n;
	if (c < 0x80) {
		o[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		o[0] = (char)(0xC0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		o[0] = (char)(0xE0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		o[0] = (char)(0xF0 | (c >> 18));
		o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		o[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	mc_buf_append(b, o, (size_t)n);
}

/* Reads up to the closing delimiter, decoding ECHAR / UCHAR escapes. */
static bool read_escaped(const char **pp, const char *end, char close, struct mc_buf *b)
{
	const char *p = *pp;
	while (p < end && *p != close) {
		if (*p != '\\') {
			mc_buf_putc(b, *p++);
			continue;
		}
		if (++p >= end)
			return false;
		char e = *p++;
		switch (e) {
		case 't': mc_buf_putc(b, '\t'); break;
		case 'b': mc_buf_putc(b, '\b'); break;
		case 'n': mc_buf_putc(b, '\n'); break;
		case 'r': mc_buf_putc(b, '\r'); break;
		case 'f': mc_buf_putc(b, '\f'); break;
		case '"': mc_buf_putc(b, '"'); break;
		case '\'': mc_buf_putc(b, '\''); break;
		case '\\': mc_buf_putc(b, '\\'); break;
		case 'u':
		case 'U': {
			int n = e == 'u' ? 4 : 8;
			if (end - p < n)
				return false;
			char hex[9];
			memcpy(hex, p, (size_t)n);
			hex[n] = '\0';
			put_utf8(b, (uint32_t)strtoul(hex, NULL, 16));
			p += n;
			break;
		}
		default: return false;
		}
	}
	if (p >= end)
		return false;
	*pp = p + 1;
	return true;
}

static const char *term_key(struct mc_arena *a, const char *kind, const struct mc_slice v,
                            const struct mc_slice dt, const struct mc_slice lang)
{
	if (kind[0] == 'L') {
		if (lang.len) {
			char *s = mc_arena_printf(a, "\"" MC_SLICE_FMT "\"@" MC_SLICE_FMT, MC_SLICE_ARG(v),
			                          MC_SLICE_ARG(lang));
			for (char *c = s + v.len + 3; *c; c++)
				*c = (char)tolower((unsigned char)*c);
			return s;
		}
		return mc_arena_printf(a, "\"" MC_SLICE_FMT "\"^^<" MC_SLICE_FMT ">", MC_SLICE_ARG(v),
		                       MC_SLICE_ARG(dt));
	}
	if (kind[0] == 'I')
		return mc_arena_printf(a, "<" MC_SLICE_FMT ">", MC_SLICE_ARG(v));
	if (kind[0] == 'B')
		return mc_arena_printf(a, "_:" MC_SLICE_FMT, MC_SLICE_ARG(v));
	return "";
}

static void tset_add(struct mc_arena *a, struct tset *s, const char *t[4])
{
	if (s->len == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 32;
		s->q = mc_arena_realloc(a, s->q, s->cap * sizeof(*s->q), nc * sizeof(*s->q));
		s->cap = nc;
	}
	struct tquad *q = &s->q[s->len++];
	for (int i = 0; i < 4; i++) {
		q->t[i] = t[i];
		q->b[i] = -1;
	}
}

/* Parses N-Quads text (one statement per line) into s. */
static int parse_nquads(struct mc_arena *a, const char *text, size_t len, struct tset *s, char *why,
                        size_t whylen)
{
	const char *p = text, *end = text + len;
	int line = 0;
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	while (p < end) {
		line++;
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		const char *t[4] = {"", "", "", ""};
		int n = 0;
		bool done = false;
		while (p < eol) {
			while (p < eol && (*p == ' ' || *p == '\t' || *p == '\r'))
				p++;
			if (p >= eol || *p == '#')
				break;
			if (*p == '.') {
				done = true;
				break;
			}
			if (n == 4)
				goto bad;
			mc_buf_clear(&b);
			struct mc_slice none = {"", 0};
			if (*p == '<') {
				p++;
				if (!read_escaped(&p, eol, '>', &b))
					goto bad;
				t[n++] = term_key(a, "I", mc_buf_slice(&b), none, none);
			} else if (p[0] == '_' && p + 1 < eol && p[1] == ':') {
				const char *q = p + 2;
				while (q < eol && *q != ' ' && *q != '\t')
					q++;
				/* a trailing '.' directly after the label ends the statement */
				if (q[-1] == '.')
					q--;
				t[n++] = mc_arena_strndup(a, p, (size_t)(q - p));
				p = q;
			} else if (*p == '"') {
				p++;
				if (!read_escaped(&p, eol, '"', &b))
					goto bad;
				struct mc_slice lex = {mc_arena_strndup(a, b.ptr, b.len), b.len};
				if (p < eol && *p == '@') {
					const char *q = ++p;
					while (q < eol && (isalnum((unsigned char)*q) || *q == '-'))
						q++;
					t[n++] = term_key(a, "L", lex, none,
					                  (struct mc_slice){p, (size_t)(q - p)});
					p = q;
				} else if (p + 2 < eol && p[0] == '^' && p[1] == '^' && p[2] == '<') {
					p += 3;
					mc_buf_clear(&b);
					if (!read_escaped(&p, eol, '>', &b))
						goto bad;
					t[n++] = term_key(a, "L", lex, mc_buf_slice(&b), none);
				} else {
					t[n++] = term_key(a, "L", lex, mc_slice_of(MC_XSD_STRING), none);
				}
			} else {
				goto bad;
			}
		}
		if (n > 0 || done) {
			if (n < 3 || !done)
				goto bad;
			tset_add(a, s, t);
		}
		p = eol + 1;
	}
	mc_buf_release(&b);
	return 0;
bad:
	mc_buf_release(&b);
	snprintf(why, whylen, "cannot read expected N-Quads, line %d", line);
	return -1;
}

static const char *rdf_term_key(struct mc_arena *a, const struct mc_rdf_term *t)
{
	switch (t->kind) {
	case MC_RDF_IRI: return term_key(a, "I", t->value, t->datatype, t->lang);
	case MC_RDF_BLANK: return term_key(a, "B", t->value, t->datatype, t->lang);
	case MC_RDF_LITERAL: return term_key(a, "L", t->value, t->datatype, t->lang);
	default: return "";
	}
}

static void tset_from_dataset(struct mc_arena *a, const struct mc_rdf_dataset *ds, struct tset *s)
{
	for (size_t i = 0; i < ds->len; i++) {
		const struct mc_quad *q = &ds->quads[i];
		const char *t[4] = {rdf_term_key(a, &q->s), rdf_term_key(a, &q->p), rdf_term_key(a, &q->o),
		                    rdf_term_key(a, &q->g)};
		tset_add(a, s, t);
	}
}

static const char *quad_key(struct mc_arena *a, const char *const t[4])
{
	return mc_arena_printf(a, "%s %s %s %s", t[0], t[1], t[2], t[3]);
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int cmp_quad_key(const void *x, const void *y, void *unused);

/* Removes duplicate quads (datasets are sets), indexes blank nodes and builds the
 * sorted key array. */
static void tset_finish(struct mc_arena *a, struct tset *s)
{
	const char **keys = MC_ARENA_NEW_ARRAY(a, const char *, s->len + 1);
	size_t *order = MC_ARENA_NEW_ARRAY(a, size_t, s->len + 1);
	for (size_t i = 0; i < s->len; i++)
		keys[i] = quad_key(a, s->q[i].t);
	/* dedupe: sort indexes by key */
	for (size_t i = 0; i < s->len; i++)
		order[i] = i;
	qsort_r(order, s->len, sizeof(size_t), cmp_quad_key, keys);
	struct tquad *uq = MC_ARENA_NEW_ARRAY(a, struct tquad, s->len + 1);
	const char **uk = MC_ARENA_NEW_ARRAY(a, const char *, s->len + 1);
	size_t n = 0;
	for (size_t i = 0; i < s->len; i++) {
		if (n > 0 && strcmp(uk[n - 1], keys[order[i]]) == 0)
			continue;
		uk[n] = keys[order[i]];
		uq[n++] = s->q[order[i]];
	}
	s->q = uq;
	s->len = n;
	s->keys = uk;
	for (size_t i = 0; i < s->len; i++) {
		for (int j = 0; j < 4; j++) {
			const char *t = s->q[i].t[j];
			if (t[0] != '_' || t[1] != ':')
				continue;
			size_t k;
			for (k = 0; k < s->nblank; k++)
				if (strcmp(s->blank[k], t) == 0)
					break;
			if (k == s->nblank) {
				if (s->nblank == s->capblank) {
					size_t nc = s->capblank ? s->capblank * 2 : 16;
					s->blank = mc_arena_realloc(a, s->blank, s->capblank * sizeof(char *),
					                            nc * sizeof(char *));
					s->capblank = nc;
				}
				s->blank[s->nblank++] = t;
			}
			s->q[i].b[j] = (int)k;
		}
	}
}

static int cmp_quad_key(const void *x, const void *y, void *keys)
{
	const char **k = keys;
	return strcmp(k[*(const size_t *)x], k[*(const size_t *)y]);
}

static uint64_t fnv(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	h ^= 0xff;
	h *= 1099511628211ull;
	return h;
}

/* Colour refinement: a blank node's colour summarises the quads around it, with
 * other blank nodes represented by their previous colour. Isomorphic nodes get equal
 * colours, so the bijection search below only tries equal-coloured candidates. */
static uint64_t *colours(struct mc_arena *a, const struct tset *s)
{
	uint64_t *c = MC_ARENA_NEW_ARRAY(a, uint64_t, s->nblank + 1);
	uint64_t *nc = MC_ARENA_NEW_ARRAY(a, uint64_t, s->nblank + 1);
	for (size_t i = 0; i < s->nblank; i++)
		c[i] = 1;
	for (int round = 0; round < 4; round++) {
		for (size_t i = 0; i < s->nblank; i++)
			nc[i] = c[i] * 31;
		for (size_t q = 0; q < s->len; q++) {
			for (int self = 0; self < 4; self++) {
				int bs = s->q[q].b[self];
				if (bs < 0)
					continue;
				uint64_t h = 14695981039346656037ull;
				for (int j = 0; j < 4; j++) {
					char tmp[32];
					if (s->q[q].b[j] == bs)
						h = fnv(h, "*");
					else if (s->q[q].b[j] >= 0) {
						snprintf(tmp, sizeof(tmp), "_%llx",
						         (unsigned long long)c[s->q[q].b[j]]);
						h = fnv(h, tmp);
					} else
						h = fnv(h, s->q[q].t[j]);
				}
				nc[bs] += h * (uint64_t)(self + 1); /* commutative over quads */
			}
		}
		memcpy(c, nc, s->nblank * sizeof(uint64_t));
	}
	return c;
}

struct iso {
	struct mc_arena *a;
	const struct tset *x, *y;
	uint64_t *cx, *cy;
	int *map;   /* x blank -> y blank, -1 unset */
	bool *used; /* y blank taken */
	size_t *order;
	size_t steps;
	struct mc_buf buf;
};

static bool mapped_quad_exists(struct iso *st, const struct tquad *q)
{
	mc_buf_clear(&st->buf);
	for (int j = 0; j < 4; j++) {
		if (j)
			mc_buf_putc(&st->buf, ' ');
		if (q->b[j] >= 0)
			mc_buf_puts(&st->buf, st->y->blank[st->map[q->b[j]]]);
		else
			mc_buf_puts(&st->buf, q->t[j]);
	}
	const char *k = st->buf.ptr;
	return bsearch(&k, st->y->keys, st->y->len, sizeof(char *), cmp_str) != NULL;
}

/* Every x quad that mentions blank node bx and has all its blank nodes mapped must
 * exist in y under the mapping. */
static bool consistent(struct iso *st, int bx)
{
	for (size_t i = 0; i < st->x->len; i++) {
		const struct tquad *q = &st->x->q[i];
		bool mentions = false, complete = true;
		for (int j = 0; j < 4; j++) {
			if (q->b[j] == bx)
				mentions = true;
			if (q->b[j] >= 0 && st->map[q->b[j]] < 0)
				complete = false;
		}
		if (mentions && complete && !mapped_quad_exists(st, q))
			return false;
	}
	return true;
}

static bool search(struct iso *st, size_t depth)
{
	if (depth == st->x->nblank)
		return true;
	if (++st->steps > 2000000)
		return false;
	int bx = (int)st->order[depth];
	for (size_t by = 0; by < st->y->nblank; by++) {
		if (st->used[by] || st->cx[bx] != st->cy[by])
			continue;
		st->map[bx] = (int)by;
		st->used[by] = true;
		if (consistent(st, bx) && search(st, depth + 1))
			return true;
		st->map[bx] = -1;
		st->used[by] = false;
	}
	return false;
}

static int cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return a < b ? -1 : a > b;
}

/* True when x and y are isomorphic datasets; both must be tset_finish()ed. */
static bool isomorphic(struct mc_arena *a, const struct tset *x, const struct tset *y)
{
	if (x->len != y->len || x->nblank != y->nblank)
		return false;
	if (x->nblank == 0) {
		for (size_t i = 0; i < x->len; i++)
			if (strcmp(x->keys[i], y->keys[i]) != 0)
				return false;
		return true;
	}
	struct iso st = {.a = a, .x = x, .y = y};
	st.cx = colours(a, x);
	st.cy = colours(a, y);
	uint64_t *sx = mc_arena_memdup(a, st.cx, x->nblank * sizeof(uint64_t));
	uint64_t *sy = mc_arena_memdup(a, st.cy, y->nblank * sizeof(uint64_t));
	qsort(sx, x->nblank, sizeof(uint64_t), cmp_u64);
	qsort(sy, y->nblank, sizeof(uint64_t), cmp_u64);
	if (memcmp(sx, sy, x->nblank * sizeof(uint64_t)) != 0)
		return false;
	st.map = MC_ARENA_NEW_ARRAY(a, int, x->nblank);
	st.used = mc_arena_zalloc(a, y->nblank * sizeof(bool));
	st.order = MC_ARENA_NEW_ARRAY(a, size_t, x->nblank);
	for (size_t i = 0; i < x->nblank; i++) {
		st.map[i] = -1;
		st.order[i] = i;
	}
	/* Ground quads first: a mismatch there needs no search. */
	for (size_t i = 0; i < x->len; i++) {
		const struct tquad *q = &x->q[i];
		if (q->b[0] < 0 && q->b[1] < 0 && q->b[2] < 0 && q->b[3] < 0 &&
		    !bsearch(&x->keys[i], y->keys, y->len, sizeof(char *), cmp_str))
			return false;
	}
	mc_buf_init(&st.buf, MC_BUF_NOLIMIT);
	bool ok = search(&st, 0);
	mc_buf_release(&st.buf);
	return ok;
}

static void print_tset(const char *title, const struct tset *s)
{
	printf("    %s (%zu quads):\n", title, s->len);
	for (size_t i = 0; i < s->len; i++)
		printf("      %s .\n", s->keys[i]);
}

/* --check-compare: the comparator must accept each expected dataset against a copy
 * with blank nodes renamed and quads reversed, and reject it with one quad dropped. */
static enum outcome check_compare(struct mc_arena *a, const char *path, struct result *r)
{
	char *text;
	size_t len;
	struct mc_err err = {0};
	if (read_text(a, path, &text, &len, &err))
		return set_result(r, FAIL, "%s", err.msg);
	struct tset x = {0}, y = {0}, z = {0};
	char why[128];
	if (parse_nquads(a, text, len, &x, why, sizeof(why)))
		return set_result(r, FAIL, "%s: %s", path, why);
	tset_finish(a, &x);
	for (size_t i = x.len; i-- > 0;) {
		const char *t[4];
		for (int j = 0; j < 4; j++)
			t[j] = x.q[i].b[j] >= 0 ? mc_arena_printf(a, "_:renamed%d", x.q[i].b[j] * 7 + 3)
			                        : x.q[i].t[j];
		tset_add(a, &y, t);
		if (i > 0)
			tset_add(a, &z, t);
	}
	tset_finish(a, &y);
	tset_finish(a, &z);
	if (!isomorphic(a, &x, &y))
		return set_result(r, FAIL, "comparator rejects a relabelled copy of %s", path);
	if (x.len > 0 && isomorphic(a, &x, &z))
		return set_result(r, FAIL, "comparator accepts %s with a quad missing", path);
	return set_result(r, PASS, "ok");
}

/* ---- one test ---- */

struct test {
	const char *id;
	const char *name;
	const char *input;
	const char *expect;
	const char *error_code;
	bool negative, syntax;
	const struct mc_json *option;
};

static const char *error_code_of(const struct mc_err *err)
{
#ifdef MC_HAVE_JSONLD_ERROR_CODE
	return mc_jsonld_error_code(err);
#else
	(void)err;
	return NULL;
#endif
}

static enum outcome check_error(struct suite *s, const struct test *t, int rc, const struct mc_err *err,
                                struct result *r)
{
	if (rc == 0)
		return set_result(r, FAIL, "expected error \"%s\", but processing succeeded", t->error_code);
#ifdef MC_HAVE_JSONLD_ERROR_CODE
	const char *code = error_code_of(err);
	if (code && strcmp(code, t->error_code) == 0)
		return set_result(r, PASS, "ok");
	return set_result(r, FAIL, "expected error \"%s\", got \"%s\": %s", t->error_code,
	                  code ? code : "(none)", err->msg);
#else
	(void)error_code_of;
	if (strstr(err->msg, t->error_code))
		return set_result(r, PASS, "ok");
	/* Until jsonld.h can name the code, any error counts (reported in the summary). */
	s->loose++;
	if (s->verbose)
		printf("    loose pass %s: expected \"%s\", got: %s\n", t->id, t->error_code, err->msg);
	return set_result(r, PASS, "ok");
#endif
}

static enum outcome run_test(struct suite *s, struct mc_arena *a, const char *base_iri, const struct test *t,
                             struct result *r)
{
	struct mc_err err = {0};
	struct mc_jsonld_opts opts = {0};
	const struct mc_json *o = t->option;

	const char *spec = mc_json_get_str(o, "specVersion");
	if (spec && strcmp(spec, "json-ld-1.0") == 0)
		return set_result(r, SKIP, "json-ld-1.0 only (specVersion)");
	const char *pm = mc_json_get_str(o, "processingMode");
	if (pm && strcmp(pm, "json-ld-1.0") == 0)
		opts.json_ld_10 = true;
	opts.base = mc_arena_printf(a, "%s%s", base_iri, t->input);
	const char *base = mc_json_get_str(o, "base");
	if (base)
		opts.base = base;
	const struct mc_json *gen = mc_json_get(o, "produceGeneralizedRdf");
	opts.produce_generalized_rdf = gen && gen->type == MC_JSON_TRUE;
	opts.as_set = s->as_set;
	const char *dir = mc_json_get_str(o, "rdfDirection");
	if (dir && strcmp(dir, "i18n-datatype") == 0)
		opts.rdf_direction = MC_JSONLD_RDF_DIRECTION_I18N_DATATYPE;
	else if (dir && strcmp(dir, "compound-literal") == 0)
		opts.rdf_direction = MC_JSONLD_RDF_DIRECTION_COMPOUND_LITERAL;
	else if (dir)
		return set_result(r, SKIP, "unknown rdfDirection %s", dir);
	if (mc_json_get(o, "contentType") || mc_json_get(o, "httpLink") || mc_json_get(o, "redirectTo") ||
	    mc_json_get(o, "httpStatus"))
		return set_result(r, SKIP, "remote document (needs HTTP headers)");
	const char *ectx = mc_json_get_str(o, "expandContext");
	if (ectx) {
		struct mc_json *cdoc;
		char *path = mc_arena_printf(a, "%s/%s", s->dir, ectx);
		if (load_json_file(a, path, &cdoc, &err))
			return set_result(r, FAIL, "cannot load expandContext: %s", err.msg);
		const struct mc_json *inner = mc_json_get(cdoc, "@context");
		opts.expand_context = inner ? inner : cdoc;
	}
	opts.loader = &s->loader;

	const struct mc_json *doc;
	char *in_url = mc_arena_printf(a, "%s%s", TEST_PREFIX, t->input);
	if (s->loader.load(s, in_url, a, &doc, &err))
		return set_result(r, FAIL, "cannot load input: %s", err.msg);

	struct mc_json *expanded = NULL;
	int rc;
	if (s->expanded_dir) {
		/* <id>.json holds the reference expansion, <id>.err the reference's error */
		const char *id = t->id[0] == '#' ? t->id + 1 : t->id;
		char *epath = mc_arena_printf(a, "%s/%s.json", s->expanded_dir, id);
		char *text;
		size_t len;
		if (access(epath, R_OK) == 0) {
			rc = load_json_file(a, epath, &expanded, &err);
			if (rc)
				return set_result(r, FAIL, "cannot load reference expansion: %s", err.msg);
		} else if (read_text(a, mc_arena_printf(a, "%s/%s.err", s->expanded_dir, id), &text, &len,
		                     &err) == 0) {
			rc = mc_err_set(&err, MC_EINVAL, "%s", text);
		} else {
			return set_result(r, SKIP, "no reference expansion in %s", s->expanded_dir);
		}
	} else {
		rc = mc_jsonld_expand(a, doc, &opts, &expanded, &err);
	}
	if (rc == MC_EUNSUPPORTED && strstr(err.msg, "not implemented"))
		return set_result(r, FAIL, "%s", err.msg);

	if (!s->torrdf) {
		if (t->negative)
			return check_error(s, t, rc, &err, r);
		if (rc)
			return set_result(r, FAIL, "expansion failed: %s", err.msg);
		struct mc_json *want;
		char *path = mc_arena_printf(a, "%s/%s", s->dir, t->expect);
		if (load_json_file(a, path, &want, &err))
			return set_result(r, FAIL, "cannot load expected output: %s", err.msg);
		if (jsonld_equal(expanded, want, false, false))
			return set_result(r, PASS, "ok");
		if (s->verbose) {
			struct mc_buf b;
			mc_buf_init(&b, MC_BUF_NOLIMIT);
			mc_json_write(&b, want, MC_JSON_PRETTY);
			printf("    expected:\n%s\n", b.ptr);
			mc_buf_clear(&b);
			mc_json_write(&b, expanded, MC_JSON_PRETTY);
			printf("    actual:\n%s\n", b.ptr);
			mc_buf_release(&b);
		}
		return set_result(r, FAIL, "expanded output differs");
	}

	struct mc_rdf_dataset ds = {0};
	if (rc == 0) {
		rc = mc_jsonld_to_rdf(a, expanded, &opts, &ds, &err);
		if (rc == MC_EUNSUPPORTED && strstr(err.msg, "not implemented"))
			return set_result(r, FAIL, "%s", err.msg);
	}
	if (t->negative)
		return check_error(s, t, rc, &err, r);
	if (rc)
		return set_result(r, FAIL, "toRdf failed: %s", err.msg);
	if (t->syntax)
		return set_result(r, PASS, "ok");

	char *text;
	size_t len;
	char *path = mc_arena_printf(a, "%s/%s", s->dir, t->expect);
	if (read_text(a, path, &text, &len, &err))
		return set_result(r, FAIL, "cannot load expected output: %s", err.msg);
	if (s->rdfc) {
		/* both sides through mc_nquads_parse + mc_rdfc_canonize: equal canonical
		 * N-Quads mean isomorphic datasets (if RDFC-1.0 is right) */
		struct mc_rdf_dataset wds = {0};
		struct mc_buf cw, cg;
		if (mc_nquads_parse(a, text, len, &wds, &err))
			return set_result(r, FAIL, "%s: %s", path, err.msg);
		mc_buf_init(&cw, MC_BUF_NOLIMIT);
		mc_buf_init(&cg, MC_BUF_NOLIMIT);
		int c1 = mc_rdfc_canonize(a, &wds, NULL, &cw, NULL, &err);
		int c2 = c1 ? c1 : mc_rdfc_canonize(a, &ds, NULL, &cg, NULL, &err);
		bool same = !c1 && !c2 && cw.len == cg.len && memcmp(cw.ptr, cg.ptr, cw.len) == 0;
		if (!same && !c1 && !c2 && s->verbose)
			printf("    expected (canonical):\n%s    actual (canonical):\n%s", cw.ptr, cg.ptr);
		mc_buf_release(&cw);
		mc_buf_release(&cg);
		if (c1 || c2)
			return set_result(r, FAIL, "canonicalization failed: %s", err.msg);
		if (same)
			return set_result(r, PASS, "ok");
		return set_result(r, FAIL, "canonical N-Quads differ from the expected output's");
	}
	struct tset want = {0}, got = {0};
	char why[128];
	if (parse_nquads(a, text, len, &want, why, sizeof(why)))
		return set_result(r, FAIL, "%s: %s", path, why);
	tset_from_dataset(a, &ds, &got);
	tset_finish(a, &want);
	tset_finish(a, &got);
	if (isomorphic(a, &got, &want))
		return set_result(r, PASS, "ok");
	if (s->verbose) {
		print_tset("expected", &want);
		print_tset("actual", &got);
	}
	return set_result(r, FAIL, "dataset not isomorphic to expected (%zu quads, expected %zu)", got.len,
	                  want.len);
}

static bool has_type(const struct mc_json *types, const char *name)
{
	if (mc_json_is_string(types))
		return strcmp(types->v.str, name) == 0;
	if (!mc_json_is_array(types))
		return false;
	for (uint32_t i = 0; i < types->len; i++)
		if (mc_json_is_string(&types->v.items[i]) && strcmp(types->v.items[i].v.str, name) == 0)
			return true;
	return false;
}

static void usage(FILE *f)
{
	fprintf(f, "usage: jsonld_suite [-v] [--min-pass PCT] [--dir DIR] [--check-compare] expand|toRdf "
	           "[ID-SUBSTRING]\n"
	           "Runs the w3c/json-ld-api conformance tests of one manifest.\n"
	           "--check-compare tests the runner's dataset comparison on the expected files only.\n"
	           "--as-set runs toRdf in set mode (mc_jsonld_opts.as_set, as canonicalization does).\n"
	           "--expanded DIR takes expanded inputs from DIR/<test id>.json (or the error in\n"
	           "  DIR/<test id>.err) instead of mc_jsonld_expand, to test toRdf on its own.\n"
	           "example: build/jsonld_suite -v toRdf tli0   # list tests, verbose\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"verbose", no_argument, NULL, 'v'},
	    {"min-pass", required_argument, NULL, 'm'},
	    {"dir", required_argument, NULL, 'd'},
	    {"check-compare", no_argument, NULL, 'c'},
	    {"expanded", required_argument, NULL, 'e'},
	    {"rdfc", no_argument, NULL, 'r'},
	    {"as-set", no_argument, NULL, 's'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct suite s = {0};
	double min_pass = 100.0;
	bool check_only = false;
	int c;
	while ((c = getopt_long(argc, argv, "vm:d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'v': s.verbose = true; break;
		case 'm': min_pass = atof(optarg); break;
		case 'd': s.dir = optarg; break;
		case 'c': check_only = true; break;
		case 'e': s.expanded_dir = optarg; break;
		case 'r': s.rdfc = true; break;
		case 's': s.as_set = true; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind >= argc || optind + 2 < argc) {
		usage(stderr);
		return 2;
	}
	s.name = argv[optind];
	const char *filter = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (strcmp(s.name, "expand") == 0)
		s.torrdf = false;
	else if (strcmp(s.name, "toRdf") == 0)
		s.torrdf = true;
	else {
		fprintf(stderr, "jsonld_suite: unknown suite \"%s\" (expected expand or toRdf)\n", s.name);
		return 2;
	}
	char dirbuf[4096];
	if (!s.dir) {
		const char *src = getenv("MC_SOURCE_DIR");
		snprintf(dirbuf, sizeof(dirbuf), "%s%stests/vectors/json-ld-api", src ? src : "",
		         src ? "/" : "");
		s.dir = dirbuf;
	}
	s.loader.load = suite_load;
	s.loader.ctx = &s;

	struct mc_arena ma;
	mc_arena_init(&ma, 0);
	struct mc_err err = {0};
	struct mc_json *manifest;
	char *mpath = mc_arena_printf(&ma, "%s/%s-manifest.jsonld", s.dir, s.name);
	if (access(mpath, R_OK) != 0) {
		printf("SKIP: no test vectors at %s (run from the project root or set MC_SOURCE_DIR)\n",
		       mpath);
		mc_arena_release(&ma);
		return 77;
	}
	if (load_json_file(&ma, mpath, &manifest, &err)) {
		fprintf(stderr, "jsonld_suite: %s\n", err.msg);
		mc_arena_release(&ma);
		return 3;
	}
	const char *base_iri = mc_json_get_str(manifest, "baseIri");
	if (!base_iri)
		base_iri = TEST_PREFIX;
	const struct mc_json *seq = mc_json_get(manifest, "sequence");
	if (!mc_json_is_array(seq)) {
		fprintf(stderr, "jsonld_suite: %s has no \"sequence\" array\n", mpath);
		mc_arena_release(&ma);
		return 3;
	}

	size_t passed = 0, failed = 0, skipped = 0, total = 0;
	struct mc_arena ta;
	mc_arena_init(&ta, 0);
	for (uint32_t i = 0; i < seq->len; i++) {
		const struct mc_json *e = &seq->v.items[i];
		struct test t = {0};
		t.id = mc_json_get_str(e, "@id");
		t.name = mc_json_get_str(e, "name");
		t.input = mc_json_get_str(e, "input");
		t.expect = mc_json_get_str(e, "expect");
		t.error_code = mc_json_get_str(e, "expectErrorCode");
		t.option = mc_json_get(e, "option");
		const struct mc_json *types = mc_json_get(e, "@type");
		t.negative = has_type(types, "jld:NegativeEvaluationTest");
		t.syntax = has_type(types, "jld:PositiveSyntaxTest");
		if (!t.id)
			t.id = "(no id)";
		if (!t.name)
			t.name = "";
		if (filter && !strstr(t.id, filter))
			continue;
		total++;
		struct result r = {0};
		if (!t.input || (t.negative && !t.error_code) || (!t.negative && !t.syntax && !t.expect))
			set_result(&r, SKIP, "malformed manifest entry");
		else if (check_only && (!s.torrdf || !t.expect))
			set_result(&r, SKIP, "--check-compare: no expected N-Quads");
		else if (check_only)
			check_compare(&ta, mc_arena_printf(&ta, "%s/%s", s.dir, t.expect), &r);
		else
			run_test(&s, &ta, base_iri, &t, &r);
		switch (r.outcome) {
		case PASS:
			passed++;
			if (s.verbose)
				printf("PASS %s %s\n", t.id, t.name);
			break;
		case FAIL:
			failed++;
			printf("FAIL %s %s: %s\n", t.id, t.name, r.reason);
			break;
		case SKIP:
			skipped++;
			printf("SKIP %s %s: %s\n", t.id, t.name, r.reason);
			break;
		}
		fflush(stdout);
		mc_arena_clear(&ta);
	}
	mc_arena_release(&ta);
	mc_arena_release(&ma);

	if (s.loose)
		printf("note: %zu negative tests passed on any error (mc_jsonld_error_code not available)\n",
		       s.loose);
	printf("%s: passed %zu, failed %zu, skipped %zu (of %zu)\n", s.name, passed, failed, skipped, total);
	size_t applicable = passed + failed;
	if (applicable == 0)
		return total == 0 ? 2 : 0;
	double rate = 100.0 * (double)passed / (double)applicable;
	return rate + 1e-9 >= min_pass ? 0 : 1;
}
