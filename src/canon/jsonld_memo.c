/* Memoized canonicalization of small flat JSON-LD objects: see jsonld_memo.h.
 *
 * A Data Integrity proof configuration ({"@context": [...], "type": ...,
 * "cryptosuite": ..., "created": ..., "verificationMethod": ..., "proofPurpose":
 * ...}) is canonicalized twice per proof (sign and verify), each time through a
 * full expansion, deserialization and RDFC-1.0 run, for five quads. Proofs of one
 * issuer differ only in "created" and "verificationMethod", so the first run's
 * output is kept as a template in which those values are holes.
 *
 * Why a filled template is byte-identical to the general path. A template is used
 * only for an object with the same members in the same order, the same @context
 * strings (context URLs: with no options, only the built-in, immutable documents
 * can be loaded) and the same value for every member that is not a hole; so the
 * general path would take the same steps, except where a hole's value is read.
 * A member becomes a hole only when watching the first run showed that its value
 * was read in exactly one place, value expansion (API §5.3), with the string
 * passed through unchanged:
 * - a literal hole: the string became the lexical form of one literal (term with
 *   no type mapping or a datatype). That step and deserialization to RDF do not
 *   look at the string's content: only the lexical form changes.
 * - an IRI hole (type mapping @id or @vocab): IRI expansion returned the string
 *   itself. For a new value the template runs the same IRI expansion, in the same
 *   (process-lifetime) active context, and the same safe-mode and well-formedness
 *   tests the general path would apply, and is used only when the value again
 *   comes back unchanged and passes them; otherwise the general path runs (and
 *   reports the error, if any).
 * The hole's statement must be the only one with its subject and predicate, and no
 * other member may expand to the same property (so values never merge or
 * deduplicate). The output then has one line per statement, sorted: a hole's line
 * begins with a subject-predicate prefix no other line has, so its place in the
 * order is fixed by that prefix whatever the value. With at most one blank node,
 * RDFC-1.0 always labels it _:c14n0, whatever its hash. Terms are written by the
 * canonical N-Quads term writer RDFC-1.0 itself uses.
 *
 * The table is small and process-wide, behind one mutex (a hit costs well under a
 * microsecond, the general path several); the least recently used entry makes
 * room for a new shape. */
#include "canon/jsonld_memo.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "canon/jsonld_internal.h"
#include "canon/rdf_internal.h"

#define MEMO_SLOTS 16
#define MEMO_MAX_MEMBERS 12
#define MEMO_MAX_CONTEXTS 8
#define MEMO_MAX_STRING 2048 /* longer strings: not memoized */
#define MEMO_MAX_TEXT 8192   /* canonical forms larger than this: not memoized */
#define MEMO_MIN_ROOM ((size_t)64 << 20)

enum mkind {
	M_CONTEXT, /* the @context member */
	M_FIXED,   /* a string that must be equal */
	M_LITERAL, /* hole: a literal's lexical form */
	M_IRI,     /* hole: an IRI */
};

struct mmember {
	struct mc_slice key;
	enum mkind kind;
	struct mc_slice val;              /* M_FIXED: the value */
	bool ctx_array;                   /* M_CONTEXT: an array (else one string) */
	uint32_t nctx;                    /* M_CONTEXT: strings */
	struct mc_slice *ctx;             /* M_CONTEXT */
	size_t off, len;                  /* holes: the sample's term in text */
	struct mc_slice dt, lang;         /* M_LITERAL: datatype and language of the literal */
	const struct mc__jld_ctx *active; /* M_IRI: the context the value is expanded in */
	bool vocab;                       /* M_IRI: @vocab (else @id) */
};

struct memo {
	struct mc_arena a; /* everything below */
	uint64_t stamp;    /* last use, for eviction */
	uint32_t n;
	struct mmember m[MEMO_MAX_MEMBERS];
	uint32_t holes[MEMO_MAX_MEMBERS]; /* member indices, by increasing off */
	uint32_t nholes;
	struct mc_slice text; /* the canonical form of the first object */
};

static struct memo *g_slots[MEMO_SLOTS];
static uint64_t g_clock;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

static bool slice_eq(struct mc_slice s, const char *p, size_t n)
{
	return s.len == n && memcmp(s.ptr, p, n) == 0;
}

static bool is_context_key(struct mc_slice k)
{
	return slice_eq(k, "@context", 8);
}

/* A flat object the table can hold: string members, and a @context of strings. */
static bool shape_ok(const struct mc_json *doc)
{
	if (!mc_json_is_object(doc) || doc->len == 0 || doc->len > MEMO_MAX_MEMBERS)
		return false;
	for (uint32_t i = 0; i < doc->len; i++) {
		const struct mc_json_member *m = &doc->v.members[i];
		const struct mc_json *v = &m->value;
		if (m->key.len > MEMO_MAX_STRING)
			return false;
		if (is_context_key(m->key) && v->type == MC_JSON_ARRAY) {
			if (v->len == 0 || v->len > MEMO_MAX_CONTEXTS)
				return false;
			for (uint32_t j = 0; j < v->len; j++)
				if (v->v.items[j].type != MC_JSON_STRING ||
				    v->v.items[j].len > MEMO_MAX_STRING)
					return false;
		} else if (v->type != MC_JSON_STRING || v->len > MEMO_MAX_STRING) {
			return false;
		}
	}
	return true;
}

static bool matches(const struct memo *e, const struct mc_json *doc)
{
	if (e->n != doc->len)
		return false;
	for (uint32_t i = 0; i < e->n; i++) {
		const struct mmember *mm = &e->m[i];
		const struct mc_json_member *m = &doc->v.members[i];
		const struct mc_json *v = &m->value;
		if (!mc_slice_eq(mm->key, m->key))
			return false;
		switch (mm->kind) {
		case M_CONTEXT:
			if (mm->ctx_array != (v->type == MC_JSON_ARRAY))
				return false;
			if (!mm->ctx_array) {
				if (!slice_eq(mm->ctx[0], v->v.str, v->len))
					return false;
				break;
			}
			if (mm->nctx != v->len)
				return false;
			for (uint32_t j = 0; j < v->len; j++)
				if (!slice_eq(mm->ctx[j], v->v.items[j].v.str, v->v.items[j].len))
					return false;
			break;
		case M_FIXED:
			if (!slice_eq(mm->val, v->v.str, v->len))
				return false;
			break;
		case M_LITERAL:
		case M_IRI: break;
		}
	}
	return true;
}

/* The hole's term for value v, or false when the general path must decide. */
static bool hole_term(struct mc_arena *a, const struct mmember *mm, const struct mc_json *v,
                      struct mc_rdf_term *t)
{
	struct mc_slice s = {v->v.str, v->len};
	if (mm->kind == M_LITERAL) {
		*t = (struct mc_rdf_term){
		    .kind = MC_RDF_LITERAL, .value = s, .datatype = mm->dt, .lang = mm->lang};
		return true;
	}
	/* What value expansion does (API §5.3 with safe mode), then deserialization. */
	const char *iri;
	size_t il;
	mc__jld_expand_iri(a, mm->active, s.ptr, s.len, true, mm->vocab, &iri, &il);
	if (iri != s.ptr || il != s.len || !mc__iri_is_strict_absolute(s.ptr, s.len) ||
	    mc__iri_is_bnode(s.ptr, s.len) || !mc__jld_iri_well_formed(s))
		return false;
	*t = (struct mc_rdf_term){.kind = MC_RDF_IRI, .value = s};
	return true;
}

/* Fills e's holes with doc's values into out. False: not applicable (out unchanged). */
static bool fill(struct mc_arena *a, const struct memo *e, const struct mc_json *doc, struct mc_buf *out)
{
	struct mc_rdf_term terms[MEMO_MAX_MEMBERS];
	size_t need = e->text.len;
	for (uint32_t h = 0; h < e->nholes; h++) {
		uint32_t i = e->holes[h];
		if (!hole_term(a, &e->m[i], &doc->v.members[i].value, &terms[h]))
			return false;
		need += mc__nquads_term_max(&terms[h]);
	}
	if (mc_buf_reserve(out, need) != 0)
		return false; /* the general path reports the limit */
	char *d = out->ptr + out->len;
	size_t at = 0;
	for (uint32_t h = 0; h < e->nholes; h++) {
		const struct mmember *mm = &e->m[e->holes[h]];
		memcpy(d, e->text.ptr + at, mm->off - at);
		d += mm->off - at;
		d += mc__nquads_put_term(d, &terms[h]);
		at = mm->off + mm->len;
	}
	memcpy(d, e->text.ptr + at, e->text.len - at);
	d += e->text.len - at;
	out->len = (size_t)(d - out->ptr);
	out->ptr[out->len] = '\0';
	return true;
}

static struct mc_slice keep(struct memo *e, const char *p, size_t n)
{
	return (struct mc_slice){mc_arena_strndup(&e->a, p, n), n};
}

static bool term_eq(const struct mc_rdf_term *x, const struct mc_rdf_term *y)
{
	return x->kind == y->kind && mc_slice_eq(x->value, y->value);
}

/* Writes the canonical text of t into buf (room: mc__nquads_term_max), blank nodes
 * under their only possible canonical label. */
static size_t put_canon(char *buf, const struct mc_rdf_term *t)
{
	if (t->kind == MC_RDF_BLANK) {
		memcpy(buf, "_:c14n0", 7);
		return 7;
	}
	return mc__nquads_put_term(buf, t);
}

/* True when s points into the string v (or just past it). */
static bool points_into(struct mc_slice s, const struct mc_json *v)
{
	uintptr_t p = (uintptr_t)s.ptr, b = (uintptr_t)v->v.str;
	return s.ptr && p >= b && p <= b + v->len;
}

/* Decides whether member i of doc (value v) can be a hole, from how the sample run
 * treated it; sets mm's hole fields. text is the canonical form of the sample. */
static bool make_hole(struct memo *e, struct mc_arena *a, const struct mc_json *doc,
                      const struct mc__jld_observer *obs, uint32_t i, const struct mc_rdf_dataset *ds,
                      struct mc_slice text)
{
	const struct mc__jld_obs_member *om = &obs->m[i];
	const struct mc_json *v = &doc->v.members[i].value;
	struct mmember *mm = &e->m[i];
	if (om->values != 1 || !om->prop || om->prop[0] == '@' || !om->ctx || !om->ctx->persistent)
		return false;
	for (uint32_t j = 0; j < doc->len; j++)
		if (j != i && obs->m[j].prop && obs->m[j].prop_len == om->prop_len &&
		    memcmp(obs->m[j].prop, om->prop, om->prop_len) == 0)
			return false; /* two members, one property: values could merge */

	/* The one statement the value went into, unchanged (same string). */
	const struct mc_quad *hit = NULL;
	for (size_t k = 0; k < ds->len; k++) {
		const struct mc_quad *q = &ds->quads[k];
		const struct mc_rdf_term *t[4] = {&q->s, &q->p, &q->o, &q->g};
		for (int c = 0; c < 4; c++) {
			if (!points_into(t[c]->value, v) && !points_into(t[c]->datatype, v) &&
			    !points_into(t[c]->lang, v))
				continue;
			if (hit || c != 2 || t[c]->value.ptr != v->v.str || t[c]->value.len != v->len)
				return false;
			hit = q;
		}
	}
	if (!hit || hit->g.kind != MC_RDF_NONE || hit->p.kind != MC_RDF_IRI ||
	    !slice_eq(hit->p.value, om->prop, om->prop_len) ||
	    hit->o.kind != (om->iri ? MC_RDF_IRI : MC_RDF_LITERAL))
		return false;
	for (size_t k = 0; k < ds->len; k++) {
		const struct mc_quad *q = &ds->quads[k];
		if (q != hit && term_eq(&q->s, &hit->s) && term_eq(&q->p, &hit->p))
			return false;
	}

	/* Its line in the canonical form: "S P O .\n", the only line starting "S P ". */
	char *line = mc_arena_alloc(a, mc__nquads_term_max(&hit->s) + mc__nquads_term_max(&hit->p) +
	                                   mc__nquads_term_max(&hit->o) + 8);
	size_t pre = put_canon(line, &hit->s);
	line[pre++] = ' ';
	pre += put_canon(line + pre, &hit->p);
	line[pre++] = ' ';
	size_t olen = put_canon(line + pre, &hit->o);
	memcpy(line + pre + olen, " .\n", 3);
	size_t llen = pre + olen + 3;
	size_t found = SIZE_MAX;
	for (size_t at = 0; at < text.len;) {
		const char *nl = memchr(text.ptr + at, '\n', text.len - at);
		size_t end = nl ? (size_t)(nl - text.ptr) + 1 : text.len;
		if (end - at >= pre && memcmp(text.ptr + at, line, pre) == 0) {
			if (found != SIZE_MAX || end - at != llen || memcmp(text.ptr + at, line, llen) != 0)
				return false;
			found = at;
		}
		at = end;
	}
	if (found == SIZE_MAX)
		return false;
	mm->off = found + pre;
	mm->len = olen;
	if (om->iri) {
		mm->kind = M_IRI;
		mm->active = om->ctx;
		mm->vocab = om->vocab;
	} else {
		mm->kind = M_LITERAL;
		if (hit->o.datatype.len)
			mm->dt = keep(e, hit->o.datatype.ptr, hit->o.datatype.len);
		if (hit->o.lang.len)
			mm->lang = keep(e, hit->o.lang.ptr, hit->o.lang.len);
	}
	return true;
}

/* A template from the sample doc and its canonical form, or NULL. */
static struct memo *make_memo(struct mc_arena *a, const struct mc_json *doc,
                              const struct mc__jld_observer *obs, const struct mc_rdf_dataset *ds,
                              struct mc_slice text)
{
	if (text.len > MEMO_MAX_TEXT)
		return NULL;
	/* A node's own @id (a proof's "id") is unique to it: no later object would
	 * match, and it would only push a useful entry out. */
	for (uint32_t i = 0; i < doc->len; i++)
		if (obs->m[i].prop && obs->m[i].prop_len == 3 && memcmp(obs->m[i].prop, "@id", 3) == 0)
			return NULL;
	/* At most one blank node: its canonical label cannot depend on the values. */
	struct mc_slice blank = {NULL, 0};
	for (size_t k = 0; k < ds->len; k++) {
		const struct mc_quad *q = &ds->quads[k];
		const struct mc_rdf_term *t[4] = {&q->s, &q->p, &q->o, &q->g};
		for (int c = 0; c < 4; c++) {
			if (t[c]->kind != MC_RDF_BLANK)
				continue;
			if (blank.ptr && !mc_slice_eq(blank, t[c]->value))
				return NULL;
			blank = t[c]->value;
		}
	}

	struct memo *e = mc_xcalloc(1, sizeof(*e));
	mc_arena_init(&e->a, 0);
	e->n = doc->len;
	e->text = keep(e, text.ptr, text.len);
	for (uint32_t i = 0; i < doc->len; i++) {
		const struct mc_json_member *m = &doc->v.members[i];
		struct mmember *mm = &e->m[i];
		mm->key = keep(e, m->key.ptr, m->key.len);
		if (is_context_key(m->key)) {
			mm->kind = M_CONTEXT;
			mm->ctx_array = m->value.type == MC_JSON_ARRAY;
			mm->nctx = mm->ctx_array ? m->value.len : 1;
			mm->ctx = MC_ARENA_NEW_ARRAY(&e->a, struct mc_slice, mm->nctx);
			for (uint32_t j = 0; j < mm->nctx; j++) {
				const struct mc_json *s = mm->ctx_array ? &m->value.v.items[j] : &m->value;
				mm->ctx[j] = keep(e, s->v.str, s->len);
			}
		} else if (!make_hole(e, a, doc, obs, i, ds, text)) {
			mm->kind = M_FIXED;
			mm->val = keep(e, m->value.v.str, m->value.len);
		}
	}
	/* Holes in text order; their lines are distinct, so the spans do not overlap. */
	for (uint32_t i = 0; i < e->n; i++) {
		if (e->m[i].kind != M_LITERAL && e->m[i].kind != M_IRI)
			continue;
		uint32_t h = e->nholes++;
		while (h > 0 && e->m[e->holes[h - 1]].off > e->m[i].off) {
			e->holes[h] = e->holes[h - 1];
			h--;
		}
		e->holes[h] = i;
	}
	return e;
}

static void memo_free(struct memo *e)
{
	if (!e)
		return;
	mc_arena_release(&e->a);
	free(e);
}

static void remember(struct memo *e)
{
	pthread_mutex_lock(&g_lock);
	size_t victim = 0;
	for (size_t i = 0; i < MEMO_SLOTS; i++) {
		if (!g_slots[i]) {
			victim = i;
			break;
		}
		if (g_slots[i]->stamp < g_slots[victim]->stamp)
			victim = i;
	}
	memo_free(g_slots[victim]);
	e->stamp = ++g_clock;
	g_slots[victim] = e;
	pthread_mutex_unlock(&g_lock);
}

int mc__jsonld_canonize_memo(struct mc_arena *a, const struct mc_json *doc, struct mc_buf *out,
                             struct mc_err *err)
{
	/* Below a generous output limit both paths fit (the general path reserves by
	 * upper bounds of its own); near a limit, only the general path decides. */
	if (!shape_ok(doc) || out->max - out->len < MEMO_MIN_ROOM)
		return mc_jsonld_canonize(a, doc, NULL, out, err);

	pthread_mutex_lock(&g_lock);
	bool done = false;
	for (size_t i = 0; i < MEMO_SLOTS && !done; i++) {
		struct memo *e = g_slots[i];
		if (e && matches(e, doc) && fill(a, e, doc, out)) {
			e->stamp = ++g_clock;
			done = true;
		}
	}
	pthread_mutex_unlock(&g_lock);
	if (done)
		return 0;

	/* The general path, watched. */
	struct mc__jld_observer obs = {
	    .root = doc,
	    .m = MC_ARENA_NEW_ARRAY(a, struct mc__jld_obs_member, doc->len),
	};
	struct mc_json *expanded = NULL;
	struct mc_rdf_dataset ds = {0};
	size_t start = out->len;
	int rc = mc__jsonld_expand_observed(a, doc, &mc__jld_di_defaults, &obs, &expanded, err);
	if (rc)
		return rc;
	rc = mc_jsonld_to_rdf(a, expanded, &mc__jld_di_defaults, &ds, err);
	if (rc)
		return rc;
	rc = mc_rdfc_canonize(a, &ds, NULL, out, NULL, err);
	if (rc)
		return rc;
	struct memo *e = make_memo(a, doc, &obs, &ds, (struct mc_slice){out->ptr + start, out->len - start});
	if (e)
		remember(e);
	return 0;
}

size_t mc__jsonld_memo_entries(void)
{
	size_t n = 0;
	pthread_mutex_lock(&g_lock);
	for (size_t i = 0; i < MEMO_SLOTS; i++)
		n += g_slots[i] != NULL;
	pthread_mutex_unlock(&g_lock);
	return n;
}
