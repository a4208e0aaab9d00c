/* JSON-LD 1.1 deserialization to RDF: API §7.2 Node Map Generation, §8.1 Deserialize
 * JSON-LD to RDF, §8.2 Object to RDF Conversion, §8.3 List to RDF Conversion.
 *
 * The node map is built in private structs rather than JSON trees: nodes and
 * properties are allocated one by one (so pointers to them stay valid while the
 * recursion adds to the same node), nodes are found through a hash table, and
 * values point into the expanded input instead of copying it. Blank node labels are
 * issued as the spec does (_:b0, _:b1, ... in the order the algorithms ask for them),
 * so the output matches jsonld.js label for label. In set mode (opts->as_set, what
 * RDFC-1.0 canonicalization uses) the node map is skipped: see "as a set" below.
 *
 * Where the spec says to drop something (relative IRIs, blank node predicates,
 * malformed language tags, @direction without rdfDirection), safe mode makes it an
 * error instead: "safe mode violation: <jsonld.js event code>: detail". */
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "microcred/jsonld.h"

#include "canon/jsonld_internal.h"

#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define XSD_NS "http://www.w3.org/2001/XMLSchema#"
#define I18N_NS "https://www.w3.org/ns/i18n#"

static const struct mc_slice RDF_TYPE = MC_SLICE_LIT(RDF_NS "type");
static const struct mc_slice RDF_FIRST = MC_SLICE_LIT(RDF_NS "first");
static const struct mc_slice RDF_REST = MC_SLICE_LIT(RDF_NS "rest");
static const struct mc_slice RDF_NIL = MC_SLICE_LIT(RDF_NS "nil");
static const struct mc_slice RDF_VALUE = MC_SLICE_LIT(RDF_NS "value");
static const struct mc_slice RDF_LANGUAGE = MC_SLICE_LIT(RDF_NS "language");
static const struct mc_slice RDF_DIRECTION = MC_SLICE_LIT(RDF_NS "direction");
static const struct mc_slice RDF_JSON = MC_SLICE_LIT(RDF_NS "JSON");
static const struct mc_slice RDF_LANGSTRING = MC_SLICE_LIT(RDF_NS "langString");
static const struct mc_slice XSD_STRING = MC_SLICE_LIT(XSD_NS "string");
static const struct mc_slice XSD_BOOLEAN = MC_SLICE_LIT(XSD_NS "boolean");
static const struct mc_slice XSD_INTEGER = MC_SLICE_LIT(XSD_NS "integer");
static const struct mc_slice XSD_DOUBLE = MC_SLICE_LIT(XSD_NS "double");

/* ---- a string-keyed hash table in the arena ---- */

struct smap_ent {
	struct mc_slice key; /* ptr NULL: empty slot */
	void *val;
};

struct smap {
	struct smap_ent *e;
	size_t cap; /* power of 2, or 0 */
	size_t len;
};

/* Random per process, so that nobody can prepare node identifiers that all land in
 * one slot. */
static uint64_t hash_seed;
static pthread_once_t hash_seed_once = PTHREAD_ONCE_INIT;

static void hash_seed_init(void)
{
	if (getrandom(&hash_seed, sizeof(hash_seed), GRND_NONBLOCK) != (ssize_t)sizeof(hash_seed))
		hash_seed = (uint64_t)(uintptr_t)&hash_seed ^ (uint64_t)time(NULL);
}

/* Eight bytes per step: node identifiers are long IRIs. */
static uint64_t hash_bytes(const char *p, size_t n)
{
	uint64_t h = hash_seed ^ (n * 0x9E3779B97F4A7C15ull), w;
	while (n >= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
		p += 8;
		n -= 8;
	}
	w = 0;
	for (size_t i = 0; i < n; i++)
		w |= (uint64_t)(unsigned char)p[i] << (8 * i);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 29);
}

/* The slot for key: found (val set) or empty, after growing so that one more entry
 * fits. The caller fills an empty slot's key and val and increments len. */
static struct smap_ent *smap_slot(struct mc_arena *a, struct smap *m, struct mc_slice key)
{
	if (2 * (m->len + 1) > m->cap) {
		size_t ncap = m->cap ? m->cap * 2 : 16;
		struct smap_ent *ne = mc_arena_zalloc(a, ncap * sizeof(*ne));
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->e[i].key.ptr)
				continue;
			size_t j = hash_bytes(m->e[i].key.ptr, m->e[i].key.len) & (ncap - 1);
			while (ne[j].key.ptr)
				j = (j + 1) & (ncap - 1);
			ne[j] = m->e[i];
		}
		m->e = ne;
		m->cap = ncap;
	}
	size_t j = hash_bytes(key.ptr, key.len) & (m->cap - 1);
	while (m->e[j].key.ptr && !mc_slice_eq(m->e[j].key, key))
		j = (j + 1) & (m->cap - 1);
	return &m->e[j];
}

/* ---- node map ---- */

enum nv_kind { NV_REF, NV_VALUE, NV_LIST };

struct nvlist;

/* One entry of a property's value array: a node reference {"@id": id}, a value
 * object (pointing into the expanded input), or a list object. */
struct nv {
	enum nv_kind kind;
	struct mc_slice id;
	const struct mc_json *value;
	struct nvlist *list;
};

struct nvec {
	struct nv *v;
	size_t len, cap;
};

struct nvlist {
	struct nvec items;
};

struct nprop {
	struct mc_slice name;
	struct nvec vals;
};

struct nnode {
	struct mc_slice id;
	struct mc_slice *types;
	size_t ntypes, captypes;
	struct nprop **props;
	size_t nprops, capprops;
	const struct mc_json *index;
};

struct ngraph {
	struct mc_slice name;
	struct smap nodes;
	struct nnode **list; /* in creation order; sorted before output */
	size_t len, cap;
};

struct torrdf {
	struct mc_arena *a;
	const struct mc_jsonld_opts *opts;
	struct mc_err *err;
	struct smap graphs;
	struct ngraph **glist;
	size_t nglist, capglist;
	struct smap issued; /* input blank node label -> struct mc_slice * (new label) */
	size_t counter;
	struct mc_rdf_dataset *out;
	struct mc_buf jbuf; /* @json literals */
	/* IRIs already found well-formed, by address: expansion hands out the same
	 * string for every use of a term, so most repeats are caught without a scan. */
	struct mc_slice iri_ok[64];
};

/* Sorts n pointers with cmp: insertion sort for the small arrays that are the rule
 * here (a node's properties, a document's nodes), qsort beyond. */
static void sort_ptrs(void *base, size_t n, int (*cmp)(const void *, const void *))
{
	void **v = base;
	if (n > 24) {
		qsort(v, n, sizeof(*v), cmp);
		return;
	}
	for (size_t i = 1; i < n; i++) {
		void *x = v[i];
		size_t j = i;
		while (j > 0 && cmp(&v[j - 1], &x) > 0) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

static bool is_bnode(struct mc_slice s)
{
	return s.len >= 2 && s.ptr[0] == '_' && s.ptr[1] == ':';
}

/* Generate Blank Node Identifier (API §7.3 of the spec's issuer): "_:b" + counter. */
static struct mc_slice new_bnode(struct torrdf *t)
{
	char tmp[24];
	size_t n = 0, c = t->counter++;
	do {
		tmp[n++] = (char)('0' + c % 10);
		c /= 10;
	} while (c);
	char *s = mc_arena_alloc(t->a, n + 4);
	s[0] = '_';
	s[1] = ':';
	s[2] = 'b';
	for (size_t i = 0; i < n; i++)
		s[3 + i] = tmp[n - 1 - i];
	s[n + 3] = '\0';
	return (struct mc_slice){s, n + 3};
}

/* The issued label for an input blank node label, issuing one on first sight. */
static struct mc_slice relabel(struct torrdf *t, struct mc_slice old)
{
	struct smap_ent *e = smap_slot(t->a, &t->issued, old);
	if (!e->key.ptr) {
		struct mc_slice *nl = MC_ARENA_NEW(t->a, struct mc_slice);
		*nl = new_bnode(t);
		e->key = old;
		e->val = nl;
		t->issued.len++;
	}
	return *(struct mc_slice *)e->val;
}

static struct ngraph *get_graph(struct torrdf *t, struct mc_slice name)
{
	struct smap_ent *e = smap_slot(t->a, &t->graphs, name);
	if (e->key.ptr)
		return e->val;
	struct ngraph *g = MC_ARENA_NEW(t->a, struct ngraph);
	g->name = name;
	e->key = name;
	e->val = g;
	t->graphs.len++;
	t->glist = mc_arena_grow(t->a, t->glist, t->nglist, &t->capglist, sizeof(*t->glist));
	t->glist[t->nglist++] = g;
	return g;
}

static struct nnode *get_node(struct torrdf *t, struct ngraph *g, struct mc_slice id)
{
	struct smap_ent *e = smap_slot(t->a, &g->nodes, id);
	if (e->key.ptr)
		return e->val;
	struct nnode *n = MC_ARENA_NEW(t->a, struct nnode);
	n->id = id;
	e->key = id;
	e->val = n;
	g->nodes.len++;
	g->list = mc_arena_grow(t->a, g->list, g->len, &g->cap, sizeof(*g->list));
	g->list[g->len++] = n;
	return n;
}

/* Nodes rarely have more than a few dozen properties: a linear search beats hashing. */
static struct nprop *get_prop(struct torrdf *t, struct nnode *n, struct mc_slice name)
{
	for (size_t i = 0; i < n->nprops; i++)
		if (n->props[i]->name.ptr == name.ptr ? n->props[i]->name.len == name.len
		                                      : mc_slice_eq(n->props[i]->name, name))
			return n->props[i];
	struct nprop *p = MC_ARENA_NEW(t->a, struct nprop);
	p->name = name;
	n->props = mc_arena_grow(t->a, n->props, n->nprops, &n->capprops, sizeof(*n->props));
	n->props[n->nprops++] = p;
	return p;
}

static void nvec_push(struct torrdf *t, struct nvec *v, const struct nv *x)
{
	v->v = mc_arena_grow(t->a, v->v, v->len, &v->cap, sizeof(*v->v));
	v->v[v->len++] = *x;
}

/* Appends x unless an equivalent entry is there (API §7.2 steps 4.1.2, 6.5.2, 6.6.2.2). */
static void nvec_add_unique(struct torrdf *t, struct nvec *v, const struct nv *x)
{
	for (size_t i = 0; i < v->len; i++) {
		const struct nv *y = &v->v[i];
		if (y->kind != x->kind)
			continue;
		if (x->kind == NV_REF && mc_slice_eq(x->id, y->id))
			return;
		if (x->kind == NV_VALUE && mc_json_equal(x->value, y->value))
			return;
	}
	nvec_push(t, v, x);
}

static int cmp_member_key(const void *x, const void *y)
{
	const struct mc_json_member *a = *(const struct mc_json_member *const *)x;
	const struct mc_json_member *b = *(const struct mc_json_member *const *)y;
	size_t n = a->key.len < b->key.len ? a->key.len : b->key.len;
	int c = memcmp(a->key.ptr, b->key.ptr, n);
	if (c)
		return c;
	return a->key.len < b->key.len ? -1 : a->key.len > b->key.len;
}

/* The keyword entries of an expanded object, found in one pass over its members. */
struct kw {
	const struct mc_json *value, *list, *id, *type, *index, *reverse, *graph, *included, *language,
	    *direction;
	size_t nprops; /* members that are not keywords */
};

static bool key_is(struct mc_slice k, const char *kw, size_t n)
{
	return k.len == n && memcmp(k.ptr, kw, n) == 0;
}

static void scan_keywords(const struct mc_json *el, struct kw *kw)
{
	memset(kw, 0, sizeof(*kw));
	for (uint32_t i = 0; i < el->len; i++) {
		const struct mc_json_member *m = &el->v.members[i];
		struct mc_slice k = m->key;
		if (k.len < 2 || k.ptr[0] != '@') {
			kw->nprops++;
			continue;
		}
		const struct mc_json **slot = NULL;
		switch (k.ptr[1]) {
		case 'v': slot = key_is(k, "@value", 6) ? &kw->value : NULL; break;
		case 'l':
			slot = key_is(k, "@list", 5)       ? &kw->list
			       : key_is(k, "@language", 9) ? &kw->language
			                                   : NULL;
			break;
		case 'i':
			slot = key_is(k, "@id", 3)         ? &kw->id
			       : key_is(k, "@index", 6)    ? &kw->index
			       : key_is(k, "@included", 9) ? &kw->included
			                                   : NULL;
			break;
		case 't': slot = key_is(k, "@type", 5) ? &kw->type : NULL; break;
		case 'r': slot = key_is(k, "@reverse", 8) ? &kw->reverse : NULL; break;
		case 'g': slot = key_is(k, "@graph", 6) ? &kw->graph : NULL; break;
		case 'd': slot = key_is(k, "@direction", 10) ? &kw->direction : NULL; break;
		default: break;
		}
		if (slot)
			*slot = &m->value;
	}
}

/* API §7.2. subject is the active subject's node, or NULL; rev_id is set instead when
 * a reverse property is being processed (the active subject is then a map {"@id"}).
 * prop.ptr == NULL means no active property. */
static int node_map(struct torrdf *t, const struct mc_json *el, struct ngraph *g, struct nnode *subject,
                    const struct mc_slice *rev_id, struct mc_slice prop, struct nvlist *list)
{
	int rc;
	if (el->type == MC_JSON_ARRAY) {
		for (uint32_t i = 0; i < el->len; i++)
			if ((rc = node_map(t, &el->v.items[i], g, subject, rev_id, prop, list)))
				return rc;
		return 0;
	}
	if (el->type != MC_JSON_OBJECT)
		return 0; /* not in expanded form (a free-floating scalar): nothing to record */

	struct kw kw;
	scan_keywords(el, &kw);
	if (kw.value) {
		struct nv x = {.kind = NV_VALUE, .value = el};
		if (list)
			nvec_push(t, &list->items, &x);
		else if (subject && prop.ptr)
			nvec_add_unique(t, &get_prop(t, subject, prop)->vals, &x);
		return 0;
	}

	const struct mc_json *lv = kw.list;
	if (lv) {
		struct nvlist *result = MC_ARENA_NEW(t->a, struct nvlist);
		if ((rc = node_map(t, lv, g, subject, rev_id, prop, result)))
			return rc;
		struct nv x = {.kind = NV_LIST, .list = result};
		if (list)
			nvec_push(t, &list->items, &x);
		else if (subject && prop.ptr)
			nvec_push(t, &get_prop(t, subject, prop)->vals, &x);
		return 0;
	}

	/* a node object */
	struct mc_slice id;
	const struct mc_json *idv = kw.id;
	if (mc_json_is_string(idv)) {
		id = mc_json_slice(idv);
		if (is_bnode(id))
			id = relabel(t, id);
	} else if (idv) {
		/* "@id": null (an ignored keyword-like IRI): a node that cannot be named in
		 * RDF, so its statements are dropped, as jsonld.js does */
		id = MC_SLICE_LIT("null");
	} else {
		id = new_bnode(t);
	}
	struct nnode *node = get_node(t, g, id);

	if (rev_id && prop.ptr) {
		struct nv x = {.kind = NV_REF, .id = *rev_id};
		nvec_add_unique(t, &get_prop(t, node, prop)->vals, &x);
	} else if (prop.ptr) {
		struct nv x = {.kind = NV_REF, .id = id};
		if (list)
			nvec_push(t, &list->items, &x);
		else if (subject)
			nvec_add_unique(t, &get_prop(t, subject, prop)->vals, &x);
	}

	const struct mc_json *types = kw.type;
	if (types) {
		uint32_t nt = types->type == MC_JSON_ARRAY ? types->len : 1;
		for (uint32_t i = 0; i < nt; i++) {
			const struct mc_json *ty = types->type == MC_JSON_ARRAY ? &types->v.items[i] : types;
			if (!mc_json_is_string(ty))
				continue;
			struct mc_slice s = mc_json_slice(ty);
			if (is_bnode(s))
				s = relabel(t, s);
			size_t k;
			for (k = 0; k < node->ntypes; k++)
				if (mc_slice_eq(node->types[k], s))
					break;
			if (k == node->ntypes) {
				node->types = mc_arena_grow(t->a, node->types, node->ntypes, &node->captypes,
				                            sizeof(*node->types));
				node->types[node->ntypes++] = s;
			}
		}
	}

	const struct mc_json *index = kw.index;
	if (index) {
		if (node->index && !mc_json_equal(node->index, index))
			return mc_err_set(
			    t->err, MC_EINVAL,
			    "conflicting indexes: node %.*s has two different @index values; give "
			    "each node one @index",
			    (int)id.len, id.ptr);
		node->index = index;
	}

	const struct mc_json *rev = kw.reverse;
	if (mc_json_is_object(rev)) {
		struct mc_slice *ref = MC_ARENA_NEW(t->a, struct mc_slice);
		*ref = id;
		for (uint32_t i = 0; i < rev->len; i++) {
			const struct mc_json_member *m = &rev->v.members[i];
			if ((rc = node_map(t, &m->value, g, NULL, ref, m->key, NULL)))
				return rc;
		}
	}

	const struct mc_json *gr = kw.graph;
	if (gr && (rc = node_map(t, gr, get_graph(t, id), NULL, NULL, (struct mc_slice){NULL, 0}, NULL)))
		return rc;

	const struct mc_json *inc = kw.included;
	if (inc && (rc = node_map(t, inc, g, NULL, NULL, (struct mc_slice){NULL, 0}, NULL)))
		return rc;

	/* properties, in lexicographic order (step 6.12) so labels are issued as the
	 * spec orders them */
	const struct mc_json_member *stackbuf[32];
	const struct mc_json_member **keys = stackbuf;
	if (kw.nprops > 32)
		keys = MC_ARENA_NEW_ARRAY(t->a, const struct mc_json_member *, kw.nprops);
	size_t nk = 0;
	for (uint32_t i = 0; i < el->len; i++) {
		const struct mc_json_member *m = &el->v.members[i];
		if (m->key.len >= 2 && m->key.ptr[0] == '@')
			continue;
		keys[nk++] = m;
	}
	if (nk > 1)
		sort_ptrs((void *)keys, nk, cmp_member_key);
	for (size_t i = 0; i < nk; i++) {
		struct mc_slice p = keys[i]->key;
		if (is_bnode(p))
			p = relabel(t, p);
		get_prop(t, node, p);
		if ((rc = node_map(t, &keys[i]->value, g, node, NULL, p, NULL)))
			return rc;
	}
	return 0;
}

/* ---- well-formedness ---- */

/* Characters of an IRI after its scheme: 1 = excluded by RFC 3987 (controls, space,
 * <>"{}|\^`), 2 = '#', which may appear once. A table keeps this check, run on every
 * term, to one load per byte. */
#define CTL16 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
static const unsigned char iri_class[256] = {
    CTL16,     CTL16,     [' '] = 1,  ['<'] = 1, ['>'] = 1, ['"'] = 1,  ['{'] = 1,
    ['}'] = 1, ['|'] = 1, ['\\'] = 1, ['^'] = 1, ['`'] = 1, [0x7F] = 1, ['#'] = 2,
};
#undef CTL16

#ifdef __SSE2__
/* Bit i set when byte i of the 16 at p has a nonzero iri_class. */
static inline unsigned special16(const unsigned char *p)
{
	__m128i v = _mm_loadu_si128((const __m128i *)p);
	__m128i m = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x20)), v); /* <= 0x20 */
	__m128i x =
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('<')), _mm_cmpeq_epi8(v, _mm_set1_epi8('>')));
	__m128i y =
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')), _mm_cmpeq_epi8(v, _mm_set1_epi8('{')));
	__m128i z =
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('}')), _mm_cmpeq_epi8(v, _mm_set1_epi8('|')));
	__m128i w =
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\\')), _mm_cmpeq_epi8(v, _mm_set1_epi8('^')));
	__m128i u =
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('`')), _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F)));
	m = _mm_or_si128(_mm_or_si128(m, _mm_cmpeq_epi8(v, _mm_set1_epi8('#'))), _mm_or_si128(x, y));
	m = _mm_or_si128(_mm_or_si128(m, z), _mm_or_si128(w, u));
	return (unsigned)_mm_movemask_epi8(m);
}
#endif

/* The first byte in [p, end) with a nonzero iri_class, or end; base <= p is where
 * the string starts (a last partial block is tested as the 16 bytes before end). */
static inline const unsigned char *iri_special(const unsigned char *base, const unsigned char *p,
                                               const unsigned char *end)
{
#ifdef __SSE2__
	/* Sixteen bytes per test: almost every IRI has no special byte at all, or one '#'. */
	while (end - p >= 16) {
		unsigned bits = special16(p);
		if (bits)
			return p + __builtin_ctz(bits);
		p += 16;
	}
	if (p < end && end - base >= 16) {
		unsigned bits = special16(end - 16) >> (16 - (end - p));
		return bits ? p + __builtin_ctz(bits) : end;
	}
#else
	(void)base;
	while (end - p >= 8 && !(iri_class[p[0]] | iri_class[p[1]] | iri_class[p[2]] | iri_class[p[3]] |
	                         iri_class[p[4]] | iri_class[p[5]] | iri_class[p[6]] | iri_class[p[7]]))
		p += 8;
#endif
	while (p < end && !iri_class[*p])
		p++;
	return p;
}

/* An absolute IRI: a scheme, ':', none of the characters RFC 3987 excludes and at
 * most one '#'. */
static bool iri_well_formed(struct mc_slice s)
{
	const unsigned char *p = (const unsigned char *)s.ptr, *end = p + s.len;
	size_t i;
	if (s.len == 0 || !((p[0] | 0x20) >= 'a' && (p[0] | 0x20) <= 'z'))
		return false;
	for (i = 1; i < s.len && p[i] != ':'; i++) {
		unsigned char c = p[i];
		if (!(((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
		      c == '-' || c == '.'))
			return false;
	}
	if (i == s.len)
		return false;
	bool fragment = false;
	for (const unsigned char *q = p + i;; q++) {
		q = iri_special(p, q, end);
		if (q == end)
			return true;
		if (iri_class[*q] == 1 || fragment)
			return false;
		fragment = true;
	}
}

bool mc__jld_iri_well_formed(struct mc_slice s)
{
	return iri_well_formed(s);
}

static bool iri_ok(struct torrdf *t, struct mc_slice s)
{
	if (!s.ptr)
		return false; /* a null left by expansion (and the cache's empty slots match it) */
	struct mc_slice *c = &t->iri_ok[((uintptr_t)s.ptr >> 3) & 63];
	if (c->ptr == s.ptr && c->len == s.len)
		return true;
	if (!iri_well_formed(s))
		return false;
	*c = s;
	return true;
}

/* True for a well-formed blank node identifier or absolute IRI. */
static bool id_ok(struct torrdf *t, struct mc_slice s);

/* A blank node label "_:" + at least one character, none of them white space. */
static bool bnode_well_formed(struct mc_slice s)
{
	if (!is_bnode(s) || s.len == 2)
		return false;
	for (size_t i = 2; i < s.len; i++)
		if ((unsigned char)s.ptr[i] <= 0x20)
			return false;
	return true;
}

static bool id_ok(struct torrdf *t, struct mc_slice s)
{
	return is_bnode(s) ? bnode_well_formed(s) : iri_ok(t, s);
}

/* BCP 47 shape: 1-8 letters, then "-" and 1-8 letters or digits, repeated. */
static bool lang_well_formed(struct mc_slice s)
{
	size_t run = 0;
	bool first = true;
	if (s.len == 0)
		return false;
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.ptr[i];
		if (c == '-') {
			if (run == 0)
				return false;
			run = 0;
			first = false;
			continue;
		}
		bool alpha = (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
		if (!(alpha || (!first && c >= '0' && c <= '9')) || ++run > 8)
			return false;
	}
	return run > 0;
}

/* ---- output ---- */

static struct mc_rdf_term iri_term(struct mc_slice s)
{
	return (struct mc_rdf_term){.kind = MC_RDF_IRI, .value = s};
}

/* A subject/object term for a node identifier, known to be well-formed. */
static struct mc_rdf_term id_term(struct mc_slice s)
{
	if (is_bnode(s))
		return (struct mc_rdf_term){.kind = MC_RDF_BLANK, .value = {s.ptr + 2, s.len - 2}};
	return iri_term(s);
}

static void emit(struct torrdf *t, const struct mc_rdf_term *s, const struct mc_rdf_term *p,
                 const struct mc_rdf_term *o, const struct mc_rdf_term *g)
{
	struct mc_quad q = {*s, *p, *o, *g};
	mc_rdf_dataset_add(t->a, t->out, &q);
}

/* In safe mode a dropped statement is an error; otherwise it is dropped silently. */
static int dropped(struct torrdf *t, const char *code, const char *what, struct mc_slice s)
{
	if (!t->opts->safe)
		return 0;
	return mc_err_set(t->err, MC_EINVAL,
	                  "safe mode violation: %s: %s \"%.*s\" cannot be expressed in RDF and would be "
	                  "dropped, which safe mode (Data Integrity) does not allow; use an absolute IRI or "
	                  "define the term in a context",
	                  code, what, (int)(s.len > 200 ? 200 : s.len), s.ptr);
}

static struct mc_slice arena_slice(struct mc_arena *a, const char *p, size_t n)
{
	return (struct mc_slice){mc_arena_strndup(a, p, n), n};
}

/* Writes the canonical xsd:double form of d (API §8.6: toExponential(15) with trailing
 * mantissa zeros and the exponent's '+' and leading zeros removed), e.g. "3.5E0",
 * "1.0E21", "-1.25E-7". */
static size_t format_double(double d, char out[40])
{
	if (d == 0) {
		memcpy(out, "0.0E0", 6);
		return 5;
	}
	char m[96];
	bool neg = d < 0;
	snprintf(m, sizeof(m), "%.15e", fabs(d)); /* "D.DDDDDDDDDDDDDDDe[+-]XX" */
	char dig[16];
	dig[0] = m[0];
	memcpy(dig + 1, m + 2, 15);
	long exp10 = strtol(m + 18, NULL, 10);

	/* JavaScript rounds a tie at the 16th significant digit up, printf to even:
	 * when the 17th digit is a 5 followed only by zeros, round up by hand. */
	snprintf(m, sizeof(m), "%.16e", fabs(d));
	if (m[17] == '5') {
		char w[96];
		snprintf(w, sizeof(w), "%.60e", fabs(d));
		bool tie = w[17] == '5';
		for (int i = 18; tie && w[i] && w[i] != 'e'; i++)
			if (w[i] != '0')
				tie = false;
		/* printf rounded a tie down exactly when the 16th digit was even */
		if (tie && (w[16] - '0') % 2 == 0) {
			int i = 15;
			while (i >= 0 && dig[i] == '9')
				dig[i--] = '0';
			if (i >= 0) {
				dig[i]++;
			} else {
				dig[0] = '1';
				exp10++;
			}
		}
	}
	size_t n = 0, last = 15;
	while (last > 1 && dig[last] == '0')
		last--;
	if (neg)
		out[n++] = '-';
	out[n++] = dig[0];
	out[n++] = '.';
	for (size_t i = 1; i <= last; i++)
		out[n++] = dig[i];
	n += (size_t)snprintf(out + n, 40 - n, "E%ld", exp10);
	return n;
}

static size_t format_int(int64_t v, char out[40])
{
	char tmp[24];
	size_t n = 0, k = 0;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		out[k++] = '-';
	while (n)
		out[k++] = tmp[--n];
	out[k] = '\0';
	return k;
}

/* The lexical form of a native number (API §8.2 steps 10-11). *is_double tells which
 * default datatype applies. */
static struct mc_slice number_lexical(struct torrdf *t, const struct mc_json *v, bool force_double,
                                      bool *is_double)
{
	char buf[40];
	size_t n;
	/* JSON-LD's reference works on IEEE doubles: integers beyond 2^53 are rounded as
	 * it rounds them, so that both produce the same RDF. */
	if ((v->flags & MC_JSON_F_INT) && !force_double && v->n.i <= (INT64_C(1) << 53) &&
	    v->n.i >= -(INT64_C(1) << 53)) {
		*is_double = false;
		n = format_int(v->n.i, buf);
		return arena_slice(t->a, buf, n);
	}
	double d = mc_json_number(v);
	if (force_double || d != floor(d) || fabs(d) >= 1e21) {
		*is_double = true;
		n = format_double(d, buf);
	} else {
		*is_double = false;
		if (d == 0) /* -0 too: toFixed(0) prints "0" */
			n = (size_t)snprintf(buf, sizeof(buf), "0");
		else
			n = (size_t)snprintf(buf, sizeof(buf), "%.0f", d);
	}
	return arena_slice(t->a, buf, n);
}

static struct mc_slice lower_copy(struct torrdf *t, struct mc_slice s)
{
	char *p = mc_arena_alloc(t->a, s.len + 1);
	for (size_t i = 0; i < s.len; i++) {
		char c = s.ptr[i];
		p[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
	}
	p[s.len] = '\0';
	return (struct mc_slice){p, s.len};
}

static int list_to_rdf(struct torrdf *t, const struct nvlist *l, const struct mc_rdf_term *g,
                       struct mc_rdf_term *out);
static int value_to_rdf(struct torrdf *t, const struct mc_json *el, const struct mc_rdf_term *g,
                        struct mc_rdf_term *out);

/* API §8.2. Returns 1 and sets *out, 0 for null (nothing to say), or an error. */
static int object_to_rdf(struct torrdf *t, const struct nv *item, const struct mc_rdf_term *g,
                         struct mc_rdf_term *out)
{
	if (item->kind == NV_REF) {
		if (!id_ok(t, item->id))
			return dropped(t, "relative object reference", "node reference", item->id);
		*out = id_term(item->id);
		return 1;
	}
	if (item->kind == NV_LIST)
		return list_to_rdf(t, item->list, g, out);
	return value_to_rdf(t, item->value, g, out);
}

static int value_kw_to_rdf(struct torrdf *t, const struct kw *kw, const struct mc_rdf_term *g,
                           struct mc_rdf_term *out);

/* API §8.2 for a value object el. Returns 1 and sets *out, 0 for nothing to say, or
 * an error. */
static int value_to_rdf(struct torrdf *t, const struct mc_json *el, const struct mc_rdf_term *g,
                        struct mc_rdf_term *out)
{
	struct kw kw;
	scan_keywords(el, &kw);
	return value_kw_to_rdf(t, &kw, g, out);
}

/* value_to_rdf for a value object whose keywords kw holds. */
static int value_kw_to_rdf(struct torrdf *t, const struct kw *kw, const struct mc_rdf_term *g,
                           struct mc_rdf_term *out)
{
	const struct mc_json *value = kw->value, *type = kw->type, *lang = kw->language, *dir = kw->direction;
	struct mc_slice datatype = {NULL, 0};
	bool json = false;

	if (mc_json_is_string(type)) {
		datatype = mc_json_slice(type);
		if (mc_slice_eq_cstr(datatype, "@json"))
			json = true;
		else if (!iri_ok(t, datatype))
			return dropped(t, "invalid datatype", "datatype IRI", datatype);
	}
	if (lang && (!mc_json_is_string(lang) || !lang_well_formed(mc_json_slice(lang))))
		return dropped(t, "invalid language tag", "language tag",
		               mc_json_is_string(lang) ? mc_json_slice(lang)
		                                       : MC_SLICE_LIT("(not a string)"));

	struct mc_slice lex;
	if (json) {
		mc_buf_clear(&t->jbuf);
		int rc = mc_jcs_write(&t->jbuf, value, t->err);
		if (rc)
			return rc;
		lex = arena_slice(t->a, t->jbuf.ptr, t->jbuf.len);
		datatype = RDF_JSON;
	} else if (value && (value->type == MC_JSON_TRUE || value->type == MC_JSON_FALSE)) {
		lex = value->type == MC_JSON_TRUE ? MC_SLICE_LIT("true") : MC_SLICE_LIT("false");
		if (!datatype.ptr)
			datatype = XSD_BOOLEAN;
	} else if (value && value->type == MC_JSON_NUMBER) {
		bool is_double;
		lex = number_lexical(t, value, datatype.ptr && mc_slice_eq(datatype, XSD_DOUBLE), &is_double);
		if (!datatype.ptr)
			datatype = is_double ? XSD_DOUBLE : XSD_INTEGER;
	} else if (mc_json_is_string(value)) {
		lex = mc_json_slice(value);
		if (!datatype.ptr)
			datatype = lang ? RDF_LANGSTRING : XSD_STRING;
	} else {
		return 0; /* not a value object expansion produces */
	}

	if (mc_json_is_string(dir) && t->opts->rdf_direction != MC_JSONLD_RDF_DIRECTION_NONE) {
		struct mc_slice l = lang ? lower_copy(t, mc_json_slice(lang)) : MC_SLICE_LIT("");
		struct mc_slice d = mc_json_slice(dir);
		if (t->opts->rdf_direction == MC_JSONLD_RDF_DIRECTION_I18N_DATATYPE) {
			size_t n = sizeof(I18N_NS) - 1 + l.len + 1 + d.len;
			char *p = mc_arena_alloc(t->a, n + 1);
			memcpy(p, I18N_NS, sizeof(I18N_NS) - 1);
			memcpy(p + sizeof(I18N_NS) - 1, l.ptr, l.len);
			p[sizeof(I18N_NS) - 1 + l.len] = '_';
			memcpy(p + sizeof(I18N_NS) + l.len, d.ptr, d.len);
			p[n] = '\0';
			*out = (struct mc_rdf_term){.kind = MC_RDF_LITERAL, .value = lex, .datatype = {p, n}};
			return 1;
		}
		struct mc_rdf_term node = id_term(new_bnode(t));
		struct mc_rdf_term p = iri_term(RDF_VALUE);
		struct mc_rdf_term o = {.kind = MC_RDF_LITERAL, .value = lex, .datatype = XSD_STRING};
		emit(t, &node, &p, &o, g);
		if (lang) {
			p = iri_term(RDF_LANGUAGE);
			o = (struct mc_rdf_term){.kind = MC_RDF_LITERAL, .value = l, .datatype = XSD_STRING};
			emit(t, &node, &p, &o, g);
		}
		p = iri_term(RDF_DIRECTION);
		o = (struct mc_rdf_term){.kind = MC_RDF_LITERAL, .value = d, .datatype = XSD_STRING};
		emit(t, &node, &p, &o, g);
		*out = node;
		return 1;
	}
	if (dir && t->opts->safe)
		return mc_err_set(t->err, MC_EINVAL,
		                  "safe mode violation: rdfDirection not set: the value \"%.*s\" has "
		                  "@direction, which is lost without "
		                  "an rdfDirection; safe mode does not allow that",
		                  (int)(lex.len > 200 ? 200 : lex.len), lex.ptr);

	*out = (struct mc_rdf_term){.kind = MC_RDF_LITERAL, .value = lex, .datatype = datatype};
	if (lang && !json)
		out->lang = mc_json_slice(lang);
	return 1;
}

/* API §8.3: emits the collection's quads and sets *out to its head. */
static int list_to_rdf(struct torrdf *t, const struct nvlist *l, const struct mc_rdf_term *g,
                       struct mc_rdf_term *out)
{
	size_t n = l->items.len;
	if (n == 0) {
		*out = iri_term(RDF_NIL);
		return 1;
	}
	struct mc_rdf_term *bn = MC_ARENA_NEW_ARRAY(t->a, struct mc_rdf_term, n);
	for (size_t i = 0; i < n; i++)
		bn[i] = id_term(new_bnode(t));
	struct mc_rdf_term first = iri_term(RDF_FIRST), rest = iri_term(RDF_REST), nil = iri_term(RDF_NIL);
	for (size_t i = 0; i < n; i++) {
		struct mc_rdf_term o;
		int rc = object_to_rdf(t, &l->items.v[i], g, &o);
		if (rc < 0)
			return rc;
		if (rc > 0)
			emit(t, &bn[i], &first, &o, g);
		emit(t, &bn[i], &rest, i + 1 < n ? &bn[i + 1] : &nil, g);
	}
	*out = bn[0];
	return 1;
}

static int cmp_slice(struct mc_slice a, struct mc_slice b)
{
	size_t n = a.len < b.len ? a.len : b.len;
	int c = memcmp(a.ptr, b.ptr, n);
	if (c)
		return c;
	return a.len < b.len ? -1 : a.len > b.len;
}

static int cmp_graph(const void *x, const void *y)
{
	return cmp_slice((*(struct ngraph *const *)x)->name, (*(struct ngraph *const *)y)->name);
}

static int cmp_node(const void *x, const void *y)
{
	return cmp_slice((*(struct nnode *const *)x)->id, (*(struct nnode *const *)y)->id);
}

static int cmp_prop(const void *x, const void *y)
{
	return cmp_slice((*(struct nprop *const *)x)->name, (*(struct nprop *const *)y)->name);
}

/* API §8.1 for one node. */
static int node_to_rdf(struct torrdf *t, const struct nnode *n, const struct mc_rdf_term *g)
{
	int rc;
	bool has_values = n->ntypes > 0;
	for (size_t i = 0; i < n->nprops && !has_values; i++)
		has_values = n->props[i]->vals.len > 0;
	if (!has_values)
		return 0; /* a bare reference target: nothing to say about it */
	if (!id_ok(t, n->id))
		return dropped(t, "relative subject reference", "subject", n->id);
	struct mc_rdf_term s = id_term(n->id);

	struct mc_rdf_term p = iri_term(RDF_TYPE);
	for (size_t i = 0; i < n->ntypes; i++) {
		struct mc_slice ty = n->types[i];
		if (!id_ok(t, ty)) {
			if ((rc = dropped(t, "relative type reference", "type", ty)))
				return rc;
			continue;
		}
		struct mc_rdf_term o = id_term(ty);
		emit(t, &s, &p, &o, g);
	}

	if (n->nprops > 1)
		sort_ptrs(n->props, n->nprops, cmp_prop);
	for (size_t i = 0; i < n->nprops; i++) {
		const struct nprop *pr = n->props[i];
		if (pr->vals.len == 0)
			continue;
		if (is_bnode(pr->name)) {
			if (!t->opts->produce_generalized_rdf) {
				if ((rc = dropped(t, "blank node predicate", "property", pr->name)))
					return rc;
				continue;
			}
			p = id_term(pr->name);
		} else if (!iri_ok(t, pr->name)) {
			if ((rc = dropped(t, "relative predicate reference", "property", pr->name)))
				return rc;
			continue;
		} else {
			p = iri_term(pr->name);
		}
		for (size_t j = 0; j < pr->vals.len; j++) {
			struct mc_rdf_term o;
			rc = object_to_rdf(t, &pr->vals.v[j], g, &o);
			if (rc < 0)
				return rc;
			if (rc > 0)
				emit(t, &s, &p, &o, g);
		}
	}
	return 0;
}

/* ---- as a set: statements straight from the expanded form ----
 *
 * A consumer that treats the dataset as a set (RDFC-1.0 does: it drops repeated
 * quads and issues its own blank node labels) has no use for the node map: the map
 * gathers the statements of a node written in several places, orders nodes and
 * properties, and drops repeats, none of which changes the set. So the expanded
 * form is walked once and each statement is emitted where it is found. The walk
 * follows node_map case by case and makes node_to_rdf's checks before anything is
 * emitted for a statement (subject, then predicate, then object), so the same
 * statements are kept, dropped, or refused in safe mode. Blank node labels are
 * issued in walk order. */

struct sgraph {
	struct mc_slice name;    /* "@default" or the graph's node id */
	struct mc_rdf_term term; /* MC_RDF_NONE for the default graph */
	bool dropped;            /* a name RDF cannot carry: nothing in it is emitted */
};

/* Object terms of a list being walked; kind MC_RDF_NONE for an item that says
 * nothing. Not attached (a list that is no statement's object): nodes inside are
 * still walked, values are not converted and the list itself is not emitted. */
struct slist {
	struct mc_rdf_term *items;
	size_t len, cap;
	bool attached;
};

static void slist_push(struct torrdf *t, struct slist *l, const struct mc_rdf_term *x)
{
	l->items = mc_arena_grow(t->a, l->items, l->len, &l->cap, sizeof(*l->items));
	l->items[l->len++] = *x;
}

/* Whether statements about subject with predicate pred can be emitted in g: 1 yes,
 * 0 dropped, or a safe-mode error (node_to_rdf's checks, in its order). */
static int stmt_ok(struct torrdf *t, const struct sgraph *g, struct mc_slice subject, struct mc_slice pred)
{
	if (g->dropped)
		return 0;
	if (!id_ok(t, subject)) {
		int rc = dropped(t, "relative subject reference", "subject", subject);
		return rc ? rc : 0;
	}
	if (is_bnode(pred)) {
		if (t->opts->produce_generalized_rdf)
			return 1;
		int rc = dropped(t, "blank node predicate", "property", pred);
		return rc ? rc : 0;
	}
	if (!iri_ok(t, pred)) {
		int rc = dropped(t, "relative predicate reference", "property", pred);
		return rc ? rc : 0;
	}
	return 1;
}

/* The statements one property of one node makes, checked as stmt_ok does but once,
 * when the first is emitted (a property that says nothing is never checked, as in
 * node_to_rdf). */
struct sstmt {
	struct mc_slice subject, pred;
	int8_t *subject_ok; /* the node's, shared by its properties: -1 = not checked yet */
	int8_t pred_ok;     /* -1 = not checked yet */
};

static int sstmt_ok(struct torrdf *t, const struct sgraph *g, struct sstmt *st)
{
	if (g->dropped)
		return 0;
	if (*st->subject_ok < 0)
		*st->subject_ok = id_ok(t, st->subject);
	if (st->pred_ok < 0)
		st->pred_ok = is_bnode(st->pred) ? t->opts->produce_generalized_rdf : iri_ok(t, st->pred);
	if (*st->subject_ok && st->pred_ok)
		return 1;
	return stmt_ok(t, g, st->subject, st->pred); /* the error, or 0 (dropped) */
}

static void set_emit(struct torrdf *t, const struct sgraph *g, struct mc_slice subject, struct mc_slice pred,
                     const struct mc_rdf_term *o)
{
	struct mc_rdf_term s = id_term(subject);
	struct mc_rdf_term p = is_bnode(pred) ? id_term(pred) : iri_term(pred);
	emit(t, &s, &p, o, &g->term);
}

/* A node reference as an object: 1 and *out, 0 dropped, or an error. */
static int ref_term(struct torrdf *t, struct mc_slice id, struct mc_rdf_term *out)
{
	if (!id_ok(t, id))
		return dropped(t, "relative object reference", "node reference", id);
	*out = id_term(id);
	return 1;
}

/* Emits the collection of l's items (API §8.3) and sets *head. */
static void set_list_emit(struct torrdf *t, const struct sgraph *g, const struct slist *l,
                          struct mc_rdf_term *head)
{
	if (l->len == 0) {
		*head = iri_term(RDF_NIL);
		return;
	}
	struct mc_rdf_term first = iri_term(RDF_FIRST), rest = iri_term(RDF_REST);
	struct mc_rdf_term cur = id_term(new_bnode(t));
	*head = cur;
	for (size_t i = 0; i < l->len; i++) {
		struct mc_rdf_term next = i + 1 < l->len ? id_term(new_bnode(t)) : iri_term(RDF_NIL);
		if (l->items[i].kind != MC_RDF_NONE)
			emit(t, &cur, &first, &l->items[i], &g->term);
		emit(t, &cur, &rest, &next, &g->term);
		cur = next;
	}
}

/* node_map's cases for el in graph g: st the statements el's values complete (NULL:
 * none; then st->pred == pred), rev the node el's nodes point to through pred (a
 * reverse property), list the list being collected. */
static int set_walk(struct torrdf *t, const struct mc_json *el, const struct sgraph *g, struct sstmt *st,
                    const struct mc_slice *rev, struct mc_slice pred, struct slist *list)
{
	int rc;
	if (el->type == MC_JSON_ARRAY) {
		for (uint32_t i = 0; i < el->len; i++)
			if ((rc = set_walk(t, &el->v.items[i], g, st, rev, pred, list)))
				return rc;
		return 0;
	}
	if (el->type != MC_JSON_OBJECT)
		return 0;

	struct kw kw;
	scan_keywords(el, &kw);
	if (kw.value) {
		struct mc_rdf_term o = {.kind = MC_RDF_NONE};
		if (list) {
			if (list->attached && (rc = value_kw_to_rdf(t, &kw, &g->term, &o)) < 0)
				return rc;
			slist_push(t, list, &o);
		} else if (st) {
			if ((rc = sstmt_ok(t, g, st)) <= 0)
				return rc;
			if ((rc = value_kw_to_rdf(t, &kw, &g->term, &o)) < 0)
				return rc;
			if (rc > 0)
				set_emit(t, g, st->subject, st->pred, &o);
		}
		return 0;
	}

	if (kw.list) {
		struct slist inner = {.attached = false};
		if (list) {
			inner.attached = list->attached;
		} else if (st) {
			if ((rc = sstmt_ok(t, g, st)) < 0)
				return rc;
			inner.attached = rc > 0;
		}
		if ((rc = set_walk(t, kw.list, g, st, rev, pred, &inner)))
			return rc;
		struct mc_rdf_term head = {.kind = MC_RDF_NONE};
		if (inner.attached)
			set_list_emit(t, g, &inner, &head);
		if (list)
			slist_push(t, list, &head);
		else if (inner.attached)
			set_emit(t, g, st->subject, st->pred, &head);
		return 0;
	}

	/* a node object */
	struct mc_slice id;
	if (mc_json_is_string(kw.id)) {
		id = mc_json_slice(kw.id);
		if (is_bnode(id))
			id = relabel(t, id);
	} else if (kw.id) {
		id = MC_SLICE_LIT("null"); /* as node_map: its statements are dropped */
	} else {
		id = new_bnode(t);
	}

	struct mc_rdf_term o;
	if (rev && pred.ptr) {
		if ((rc = stmt_ok(t, g, id, pred)) < 0)
			return rc;
		if (rc > 0 && (rc = ref_term(t, *rev, &o)) < 0)
			return rc;
		if (rc > 0)
			set_emit(t, g, id, pred, &o);
	} else if (pred.ptr) {
		if (list) {
			o.kind = MC_RDF_NONE;
			if (list->attached && (rc = ref_term(t, id, &o)) < 0)
				return rc;
			slist_push(t, list, &o);
		} else if (st) {
			if ((rc = sstmt_ok(t, g, st)) < 0)
				return rc;
			if (rc > 0 && (rc = ref_term(t, id, &o)) < 0)
				return rc;
			if (rc > 0)
				set_emit(t, g, st->subject, st->pred, &o);
		}
	}

	const struct mc_json *types = kw.type;
	if (types) {
		uint32_t nt = types->type == MC_JSON_ARRAY ? types->len : 1;
		int ok = -1; /* the subject, checked at the first type */
		for (uint32_t i = 0; i < nt; i++) {
			const struct mc_json *ty = types->type == MC_JSON_ARRAY ? &types->v.items[i] : types;
			if (!mc_json_is_string(ty))
				continue;
			if (ok < 0 && (ok = stmt_ok(t, g, id, RDF_TYPE)) < 0)
				return ok;
			if (!ok)
				break;
			struct mc_slice ts = mc_json_slice(ty);
			if (is_bnode(ts))
				ts = relabel(t, ts);
			if (!id_ok(t, ts)) {
				if ((rc = dropped(t, "relative type reference", "type", ts)))
					return rc;
				continue;
			}
			o = id_term(ts);
			set_emit(t, g, id, RDF_TYPE, &o);
		}
	}

	if (kw.index) {
		/* Only the check of API §7.2 step 6.7: one node, one @index per graph. */
		struct ngraph *ng = get_graph(t, g->name);
		struct smap_ent *e = smap_slot(t->a, &ng->nodes, id);
		if (!e->key.ptr) {
			e->key = id;
			e->val = (void *)kw.index;
			ng->nodes.len++;
		} else if (!mc_json_equal(e->val, kw.index)) {
			return mc_err_set(t->err, MC_EINVAL,
			                  "conflicting indexes: node %.*s has two different @index values; "
			                  "give each node one @index",
			                  (int)id.len, id.ptr);
		}
	}

	if (mc_json_is_object(kw.reverse)) {
		struct mc_slice *ref = MC_ARENA_NEW(t->a, struct mc_slice);
		*ref = id;
		for (uint32_t i = 0; i < kw.reverse->len; i++) {
			const struct mc_json_member *m = &kw.reverse->v.members[i];
			if ((rc = set_walk(t, &m->value, g, NULL, ref, m->key, NULL)))
				return rc;
		}
	}

	if (kw.graph) {
		struct sgraph ng = {.name = id};
		if (id_ok(t, id)) {
			ng.term = id_term(id);
		} else {
			if ((rc = dropped(t, "relative graph reference", "graph name", id)))
				return rc;
			ng.dropped = true;
		}
		if ((rc = set_walk(t, kw.graph, &ng, NULL, NULL, (struct mc_slice){NULL, 0}, NULL)))
			return rc;
	}

	if (kw.included && (rc = set_walk(t, kw.included, g, NULL, NULL, (struct mc_slice){NULL, 0}, NULL)))
		return rc;

	int8_t id_checked = -1;
	for (uint32_t i = 0; i < el->len; i++) {
		const struct mc_json_member *m = &el->v.members[i];
		if (m->key.len >= 2 && m->key.ptr[0] == '@')
			continue;
		struct mc_slice p = m->key;
		if (is_bnode(p))
			p = relabel(t, p);
		struct sstmt ps = {.subject = id, .pred = p, .subject_ok = &id_checked, .pred_ok = -1};
		if ((rc = set_walk(t, &m->value, g, &ps, NULL, p, NULL)))
			return rc;
	}
	return 0;
}

int mc_jsonld_to_rdf(struct mc_arena *a, const struct mc_json *expanded, const struct mc_jsonld_opts *opts,
                     struct mc_rdf_dataset *out, struct mc_err *err)
{
	static const struct mc_jsonld_opts defaults = {.safe = true};
	struct torrdf t = {.a = a, .opts = opts ? opts : &defaults, .err = err, .out = out};
	int rc;

	pthread_once(&hash_seed_once, hash_seed_init);
	if (!expanded)
		return mc_err_set(err, MC_EINVAL, "JSON-LD to RDF: no expanded document given");
	mc_buf_init(&t.jbuf, MC_BUF_NOLIMIT);
	if (t.opts->as_set) {
		struct sgraph g = {.name = MC_SLICE_LIT("@default"), .term = {.kind = MC_RDF_NONE}};
		rc = set_walk(&t, expanded, &g, NULL, NULL, (struct mc_slice){NULL, 0}, NULL);
		goto out;
	}
	struct ngraph *dflt = get_graph(&t, MC_SLICE_LIT("@default"));
	rc = node_map(&t, expanded, dflt, NULL, NULL, (struct mc_slice){NULL, 0}, NULL);
	if (rc)
		goto out;

	if (t.nglist > 1)
		sort_ptrs(t.glist, t.nglist, cmp_graph);
	for (size_t i = 0; i < t.nglist; i++) {
		struct ngraph *g = t.glist[i];
		struct mc_rdf_term gt = {.kind = MC_RDF_NONE};
		if (g != dflt) {
			if (!id_ok(&t, g->name)) {
				if ((rc = dropped(&t, "relative graph reference", "graph name", g->name)))
					goto out;
				continue;
			}
			gt = id_term(g->name);
		}
		if (g->len > 1)
			sort_ptrs(g->list, g->len, cmp_node);
		for (size_t j = 0; j < g->len; j++)
			if ((rc = node_to_rdf(&t, g->list[j], &gt)))
				goto out;
	}
out:
	mc_buf_release(&t.jbuf);
	return rc;
}
