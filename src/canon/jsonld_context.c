/* JSON-LD 1.1 context processing (API §4.1), term definitions (§4.2) and IRI
 * expansion (§5.2), with a cache of processed contexts.
 *
 * Speed comes from never processing the same context twice: the active context
 * that results from applying a local context to an active context is cached under
 * (active context, local context JSON pointer, flags). When both come from built-in
 * documents the entry is process-wide: computed once under a mutex, then read
 * without locking by every thread. Other entries live in the call's arena. Active
 * contexts are immutable once built, so identity (a pointer) is a sound key.
 *
 * Error messages start with the JSON-LD error code ("invalid term definition: ...")
 * so that mc_jsonld_error_code can recover it. */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "canon/jsonld_internal.h"

/* ---- keywords and error codes ---- */

static const char *const keywords[] = {
    "@base",      "@container", "@context",  "@direction", "@graph", "@id",      "@import", "@included",
    "@index",     "@json",      "@language", "@list",      "@nest",  "@none",    "@prefix", "@propagate",
    "@protected", "@reverse",   "@set",      "@type",      "@value", "@version", "@vocab",
};

static size_t keyword_len[sizeof keywords / sizeof keywords[0]];
static pthread_once_t keyword_once = PTHREAD_ONCE_INIT;

static void keyword_init(void)
{
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		keyword_len[i] = strlen(keywords[i]);
}

/* The static copy of a keyword, so expanded output can point at it; NULL when s
 * is not a keyword. */
static const char *keyword_str(const char *s, size_t len)
{
	if (len < 3 || len > 11 || s[0] != '@')
		return NULL;
	pthread_once(&keyword_once, keyword_init);
	/* keywords[] is sorted: start at the first one with the same second letter. */
	for (size_t i = 0; i < sizeof keywords / sizeof keywords[0]; i++) {
		if (keywords[i][1] < s[1])
			continue;
		if (keywords[i][1] > s[1])
			break;
		if (keyword_len[i] == len && memcmp(keywords[i], s, len) == 0)
			return keywords[i];
	}
	return NULL;
}

bool mc__jld_is_keyword(const char *s, size_t len)
{
	return keyword_str(s, len) != NULL;
}

bool mc__jld_has_keyword_form(const char *s, size_t len)
{
	if (len < 2 || s[0] != '@')
		return false;
	for (size_t i = 1; i < len; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return false;
	}
	return true;
}

/* Every error code of JSON-LD 1.1 API §9.4.2, plus microcred's safe-mode code. */
static const char *const error_codes[] = {
    "colliding keywords",
    "conflicting indexes",
    "context overflow",
    "cyclic IRI mapping",
    "invalid @id value",
    "invalid @import value",
    "invalid @included value",
    "invalid @index value",
    "invalid @nest value",
    "invalid @prefix value",
    "invalid @propagate value",
    "invalid @protected value",
    "invalid @reverse value",
    "invalid @version value",
    "invalid base direction",
    "invalid base IRI",
    "invalid container mapping",
    "invalid context entry",
    "invalid context nullification",
    "invalid default language",
    "invalid IRI mapping",
    "invalid JSON literal",
    "invalid keyword alias",
    "invalid language map value",
    "invalid language mapping",
    "invalid language-tagged string",
    "invalid language-tagged value",
    "invalid local context",
    "invalid remote context",
    "invalid reverse property",
    "invalid reverse property map",
    "invalid reverse property value",
    "invalid scoped context",
    "invalid script element",
    "invalid set or list object",
    "invalid term definition",
    "invalid type mapping",
    "invalid type value",
    "invalid typed value",
    "invalid value object",
    "invalid value object value",
    "invalid vocab mapping",
    "IRI confused with prefix",
    "keyword redefinition",
    "loading document failed",
    "loading remote context failed",
    "multiple context link headers",
    "processing mode conflict",
    "protected term redefinition",
    "safe mode violation",
};

int mc__jld_fail(struct mc_err *err, int code, const char *jld_code, const char *fmt, ...)
{
	if (!err)
		return code;
	char detail[MC_ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	return mc_err_set(err, code, "%s: %s", jld_code, detail);
}

const char *mc_jsonld_error_code(const struct mc_err *err)
{
	if (!err || err->code == 0)
		return NULL;
	/* The code opens the message, possibly after prefixes added by callers
	 * ("file.json: invalid term definition: ..."): take the earliest match that
	 * starts the message or follows ": " and is followed by ':'. */
	const char *best = NULL;
	const char *best_pos = NULL;
	for (size_t i = 0; i < sizeof error_codes / sizeof error_codes[0]; i++) {
		size_t n = strlen(error_codes[i]);
		for (const char *p = err->msg; (p = strstr(p, error_codes[i])) != NULL; p++) {
			bool start = p == err->msg || (p - err->msg >= 2 && p[-2] == ':' && p[-1] == ' ');
			if (start && p[n] == ':') {
				if (!best_pos || p < best_pos || (p == best_pos && n > strlen(best))) {
					best = error_codes[i];
					best_pos = p;
				}
				break;
			}
		}
	}
	return best;
}

/* ---- term table ---- */

/* Arena of everything shared by the whole process (see process()). */
static struct mc_arena g_arena;

/* A removed entry: keeps probe chains intact. */
static const struct mc__jld_term tombstone;

/* Hash of a term: 8 bytes per step (keys and IRIs are often 20-60 bytes). */
static uint32_t hash_str(const char *s, size_t len)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ len;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
		h ^= h >> 31;
	}
	uint64_t w = 0;
	for (size_t k = 0; i + k < len; k++)
		w |= (uint64_t)(unsigned char)s[i + k] << (8 * k);
	h = (h ^ w) * 0x94D049BB133111EBull;
	h ^= h >> 29;
	return (uint32_t)(h ^ (h >> 32));
}

const struct mc__jld_term *mc__jld_lookup(const struct mc__jld_ctx *ctx, const char *term, size_t len)
{
	if (ctx->cap == 0)
		return NULL;
	uint32_t mask = ctx->cap - 1;
	uint32_t h = hash_str(term, len);
	for (uint32_t i = h & mask;; i = (i + 1) & mask) {
		const struct mc__jld_slot *s = &ctx->slots[i];
		if (!s->t)
			return NULL;
		if (s->hash == h && s->t != &tombstone && s->t->term_len == len &&
		    memcmp(s->t->term, term, len) == 0)
			return s->t;
	}
}

static void table_insert_raw(struct mc__jld_slot *slots, uint32_t cap, const struct mc__jld_term *t,
                             uint32_t h)
{
	uint32_t mask = cap - 1;
	uint32_t i = h & mask;
	while (slots[i].t)
		i = (i + 1) & mask;
	slots[i].t = t;
	slots[i].hash = h;
}

static void table_grow(struct mc_arena *a, struct mc__jld_ctx *ctx)
{
	uint32_t ncap = ctx->cap ? ctx->cap * 2 : 32;
	struct mc__jld_slot *ns = mc_arena_zalloc(a, sizeof *ns * ncap);
	uint32_t live = 0;
	for (uint32_t i = 0; i < ctx->cap; i++) {
		const struct mc__jld_slot *s = &ctx->slots[i];
		if (s->t && s->t != &tombstone) {
			table_insert_raw(ns, ncap, s->t, s->hash);
			live++;
		}
	}
	ctx->slots = ns;
	ctx->cap = ncap;
	ctx->count = live;
}

/* Sets or replaces the definition of t->term. The table stays at most half full:
 * lookups that miss (most keys of a document miss in some context) stay short. */
static void table_put(struct mc_arena *a, struct mc__jld_ctx *ctx, const struct mc__jld_term *t)
{
	if ((ctx->count + 1) * 2 > ctx->cap)
		table_grow(a, ctx);
	uint32_t mask = ctx->cap - 1;
	uint32_t h = hash_str(t->term, t->term_len);
	uint32_t i = h & mask;
	uint32_t free_slot = UINT32_MAX;
	for (;; i = (i + 1) & mask) {
		const struct mc__jld_slot *s = &ctx->slots[i];
		if (!s->t)
			break;
		if (s->t == &tombstone) {
			if (free_slot == UINT32_MAX)
				free_slot = i;
			continue;
		}
		if (s->hash == h && s->t->term_len == t->term_len &&
		    memcmp(s->t->term, t->term, t->term_len) == 0) {
			ctx->slots[i].t = t;
			return;
		}
	}
	if (free_slot != UINT32_MAX) {
		i = free_slot;
	} else {
		ctx->count++;
	}
	ctx->slots[i].t = t;
	ctx->slots[i].hash = h;
}

static void table_remove(struct mc__jld_ctx *ctx, const char *term, size_t len)
{
	if (ctx->cap == 0)
		return;
	uint32_t mask = ctx->cap - 1;
	uint32_t h = hash_str(term, len);
	for (uint32_t i = h & mask;; i = (i + 1) & mask) {
		const struct mc__jld_slot *s = &ctx->slots[i];
		if (!s->t)
			return;
		if (s->hash == h && s->t != &tombstone && s->t->term_len == len &&
		    memcmp(s->t->term, term, len) == 0) {
			ctx->slots[i].t = &tombstone;
			return;
		}
	}
}

const char *mc__jld_key_keyword(const struct mc__jld_ctx *ctx, const char *key, size_t len)
{
	if (len > 0 && key[0] == '@')
		return keyword_str(key, len);
	/* Only a term can map to a keyword (compact IRIs and @vocab never do), and
	 * contexts have few such aliases: scanning them beats hashing the key. */
	for (uint32_t i = 0; i < ctx->naliases; i++) {
		const struct mc__jld_term *t = ctx->aliases[i];
		if (t->term_len == len && memcmp(t->term, key, len) == 0)
			return t->iri;
	}
	return NULL;
}

/* A private, mutable copy of src (terms are shared: they are immutable). */
static struct mc__jld_ctx *ctx_clone(struct mc_arena *a, const struct mc__jld_ctx *src)
{
	struct mc__jld_ctx *c = mc_arena_alloc(a, sizeof *c);
	*c = *src;
	if (src->cap) {
		c->slots = mc_arena_memdup(a, src->slots, sizeof *c->slots * src->cap);
	}
	c->frozen = false;
	/* Everything built in the global arena is shared; nothing else is. */
	c->persistent = a == &g_arena;
	return c;
}

/* Finishes a context built by apply_definition: lists its keyword aliases. */
static void freeze(struct mc_arena *a, struct mc__jld_ctx *c)
{
	uint32_t n = 0;
	for (uint32_t i = 0; i < c->cap; i++) {
		const struct mc__jld_term *t = c->slots[i].t;
		if (t && t != &tombstone && t->iri && t->iri[0] == '@')
			n++;
	}
	c->aliases = n ? mc_arena_alloc(a, sizeof *c->aliases * n) : NULL;
	c->naliases = 0;
	for (uint32_t i = 0; i < c->cap; i++) {
		const struct mc__jld_term *t = c->slots[i].t;
		if (t && t != &tombstone && t->iri && t->iri[0] == '@')
			c->aliases[c->naliases++] = t;
	}
	c->frozen = true;
}

/* ---- initial contexts ---- */

static const struct mc__jld_ctx initial_11 = {.persistent = true, .frozen = true};
static const struct mc__jld_ctx initial_10 = {.json_ld_10 = true, .persistent = true, .frozen = true};

const struct mc__jld_ctx *mc__jld_initial_ctx(struct mc__jld_state *st)
{
	bool v10 = st->opts && st->opts->json_ld_10;
	const char *base = st->opts ? st->opts->base : NULL;
	if (!base)
		return v10 ? &initial_10 : &initial_11;
	struct mc__jld_ctx *c = MC_ARENA_NEW(st->a, struct mc__jld_ctx);
	c->json_ld_10 = v10;
	c->base = c->original_base = mc_arena_strdup(st->a, base);
	c->frozen = true;
	return c;
}

/* ---- cache of processed contexts ---- */

enum {
	F_REMOTE = 1 << 8, /* the local context came from a remote document: ignore @base */
	F_SAFE = 1 << 9,
};

struct centry {
	const struct mc__jld_ctx *parent;
	const struct mc_json *local;
	const char *base_url;
	unsigned flags;
	const struct mc__jld_ctx *result; /* NULL: processing failed with code/msg */
	int code;
	const char *msg;
	struct centry *next;
};

#define CACHE_BUCKETS 64
struct mc__jld_ccache {
	struct centry *b[CACHE_BUCKETS];
};

#define GCACHE_BUCKETS 4096
static _Atomic(struct centry *) g_buckets[GCACHE_BUCKETS];
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;
static bool g_arena_ready;
#define MAX_GLOBAL_ENTRIES 4096
static atomic_uint g_entries;
/* Depth of global computations this thread is inside (it then holds g_lock). */
static _Thread_local unsigned g_held;

static uint32_t key_hash(const void *parent, const void *local, unsigned flags)
{
	uintptr_t h = (uintptr_t)parent * 0x9E3779B97F4A7C15ull;
	h ^= (uintptr_t)local + 0x7F4A7C15u + (h << 6) + (h >> 2);
	h ^= flags * 0x85EBCA6Bu;
	h ^= h >> 29;
	return (uint32_t)(h * 0xBF58476D1CE4E5B9ull >> 32);
}

static const struct centry *centry_find(const struct centry *e, const struct mc__jld_ctx *parent,
                                        const struct mc_json *local, const char *base_url, unsigned flags)
{
	for (; e; e = e->next)
		if (e->parent == parent && e->local == local && e->flags == flags && e->base_url == base_url)
			return e;
	return NULL;
}

/* ---- context processing ---- */

/* A remote-context chain, for cycle detection (on the stack). */
struct remote {
	const struct remote *up;
	const char *url;
};

static unsigned remote_depth(const struct remote *r)
{
	unsigned n = 0;
	for (; r; r = r->up)
		n++;
	return n;
}

#define MAX_REMOTE_DEPTH 32

/* The local context being processed: a context definition, possibly merged with
 * an imported one (entries of obj win). defined[] tracks API §4.2 "defined". */
struct lctx {
	const struct mc_json *obj;
	const struct mc_json *imp; /* NULL when no @import */
	uint8_t *def_obj;          /* 0 undefined, 1 being defined, 2 defined */
	uint8_t *def_imp;
	const char *base_url;
	unsigned flags;
	const struct remote *remote;
	bool protect_default;
	const char *where; /* for messages: the context URL or "an inline context" */
};

/* The value of key in the local context, with its "defined" slot. */
static const struct mc_json *lget(const struct lctx *lc, const char *key, size_t len, uint8_t **def)
{
	const struct mc_json *o = lc->obj;
	for (uint32_t i = 0; i < o->len; i++) {
		const struct mc_json_member *m = &o->v.members[i];
		if (m->key.len == len && memcmp(m->key.ptr, key, len) == 0) {
			if (def)
				*def = &lc->def_obj[i];
			return &m->value;
		}
	}
	if (lc->imp) {
		o = lc->imp;
		for (uint32_t i = 0; i < o->len; i++) {
			const struct mc_json_member *m = &o->v.members[i];
			if (m->key.len == len && memcmp(m->key.ptr, key, len) == 0) {
				if (def)
					*def = &lc->def_imp[i];
				return &m->value;
			}
		}
	}
	return NULL;
}

static int process(struct mc__jld_state *st, const struct mc__jld_ctx *active, const struct mc_json *local,
                   const char *base_url, unsigned flags, const struct remote *remote,
                   const struct mc__jld_ctx **out);

static int create_term(struct mc__jld_state *st, struct mc__jld_ctx *res, const struct lctx *lc,
                       const char *term, size_t term_len, uint8_t *def);

static const char *concat(struct mc_arena *a, const char *x, size_t xl, const char *y, size_t yl)
{
	char *s = mc_arena_alloc(a, xl + yl + 1);
	memcpy(s, x, xl);
	memcpy(s + xl, y, yl);
	s[xl + yl] = '\0';
	return s;
}

/* IRI expansion (API §5.2). lc may be NULL (outside context processing); then
 * res may be a frozen context and the call cannot fail. */
static int expand_iri(struct mc__jld_state *st, struct mc_arena *a, const struct mc__jld_ctx *res,
                      const struct lctx *lc, const char *value, size_t len, bool doc_relative, bool vocab,
                      const char **out, size_t *out_len)
{
	*out_len = len;
	if (len > 0 && value[0] == '@') {
		const char *kw = keyword_str(value, len);
		if (kw) {
			*out = kw;
			return 0;
		}
		if (mc__jld_has_keyword_form(value, len)) {
			*out = NULL;
			*out_len = 0;
			return 0;
		}
	}
	if (lc) {
		uint8_t *def;
		if (lget(lc, value, len, &def) && *def != 2) {
			int rc = create_term(st, (struct mc__jld_ctx *)res, lc, value, len, def);
			if (rc)
				return rc;
		}
	}
	const struct mc__jld_term *t = mc__jld_lookup(res, value, len);
	if (t && t->iri && t->iri[0] == '@') {
		*out = t->iri;
		*out_len = t->iri_len;
		return 0;
	}
	if (vocab && t) {
		*out = t->iri;
		*out_len = t->iri ? t->iri_len : 0;
		return 0;
	}
	const char *colon = len > 1 ? memchr(value + 1, ':', len - 1) : NULL;
	if (colon) {
		size_t pl = (size_t)(colon - value);
		const char *suffix = colon + 1;
		size_t sl = len - pl - 1;
		if ((pl == 1 && value[0] == '_') || (sl >= 2 && suffix[0] == '/' && suffix[1] == '/')) {
			*out = value;
			return 0;
		}
		if (lc) {
			uint8_t *def;
			if (lget(lc, value, pl, &def) && *def != 2) {
				int rc = create_term(st, (struct mc__jld_ctx *)res, lc, value, pl, def);
				if (rc)
					return rc;
			}
		}
		const struct mc__jld_term *pt = mc__jld_lookup(res, value, pl);
		if (pt && pt->iri && pt->prefix) {
			*out = concat(a, pt->iri, pt->iri_len, suffix, sl);
			*out_len = pt->iri_len + sl;
			return 0;
		}
		if (mc__iri_is_absolute(value, len)) {
			*out = value;
			return 0;
		}
	}
	if (vocab && res->vocab) {
		*out = concat(a, res->vocab, res->vocab_len, value, len);
		*out_len = res->vocab_len + len;
		return 0;
	}
	if (doc_relative && res->base) {
		*out = mc__iri_resolve(a, res->base, value, len);
		*out_len = strlen(*out);
		return 0;
	}
	*out = value;
	return 0;
}

void mc__jld_expand_iri(struct mc_arena *a, const struct mc__jld_ctx *ctx, const char *value, size_t len,
                        bool doc_relative, bool vocab, const char **out, size_t *out_len)
{
	(void)expand_iri(NULL, a, ctx, NULL, value, len, doc_relative, vocab, out, out_len);
}

static bool is_bcp47ish(const char *s, size_t len)
{
	/* The shape jsonld.js checks: 1*8ALPHA *("-" 1*8ALNUM). */
	size_t i = 0, n = 0;
	while (i < len && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z'))) {
		i++;
		n++;
	}
	if (n < 1 || n > 8)
		return false;
	while (i < len) {
		if (s[i] != '-')
			return false;
		i++;
		n = 0;
		while (i < len && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		                   (s[i] >= '0' && s[i] <= '9'))) {
			i++;
			n++;
		}
		if (n < 1 || n > 8)
			return false;
	}
	return true;
}

bool mc__jld_language_ok(const char *s, size_t len)
{
	return is_bcp47ish(s, len);
}

static const char *lower_dup(struct mc_arena *a, const char *s, size_t len)
{
	char *d = mc_arena_alloc(a, len + 1);
	for (size_t i = 0; i < len; i++)
		d[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
	d[len] = '\0';
	return d;
}

static bool same_str(const char *x, const char *y)
{
	return x == y || (x && y && strcmp(x, y) == 0);
}

/* Equality of two definitions apart from "protected" (API §4.2 step 27.1). */
static bool same_definition(const struct mc__jld_term *x, const struct mc__jld_term *y)
{
	if (!same_str(x->iri, y->iri) || !same_str(x->type, y->type) || x->has_language != y->has_language ||
	    (x->has_language && !same_str(x->language, y->language)) || !same_str(x->index, y->index) ||
	    !same_str(x->nest, y->nest) || x->container != y->container || x->direction != y->direction ||
	    x->prefix != y->prefix || x->reverse != y->reverse || x->has_context != y->has_context)
		return false;
	if (x->has_context && x->context != y->context && !mc_json_equal(x->context, y->context))
		return false;
	return true;
}

static int safe_fail(struct mc__jld_state *st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int safe_fail(struct mc__jld_state *st, const char *fmt, ...)
{
	char detail[MC_ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	return mc__jld_fail(st->err, MC_EINVAL, "safe mode violation", "%s", detail);
}

static bool safe(const struct lctx *lc)
{
	return (lc->flags & F_SAFE) != 0;
}

static int parse_container(struct mc__jld_state *st, const struct lctx *lc, const struct mc__jld_ctx *res,
                           const char *term, const struct mc_json *v, uint16_t *out)
{
	static const struct {
		const char *name;
		uint16_t bit;
	} names[] = {
	    {"@list", MC__JLD_C_LIST},   {"@set", MC__JLD_C_SET}, {"@language", MC__JLD_C_LANGUAGE},
	    {"@index", MC__JLD_C_INDEX}, {"@id", MC__JLD_C_ID},   {"@type", MC__JLD_C_TYPE},
	    {"@graph", MC__JLD_C_GRAPH},
	};
	const struct mc_json *items = v;
	uint32_t n = 1;
	if (v->type == MC_JSON_ARRAY) {
		if (res->json_ld_10)
			goto bad;
		items = v->v.items;
		n = v->len;
	}
	uint16_t c = 0;
	for (uint32_t i = 0; i < n; i++) {
		const struct mc_json *it = &items[i];
		if (it->type != MC_JSON_STRING)
			goto bad;
		uint16_t bit = 0;
		for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
			if (mc_slice_eq_cstr(mc_json_slice(it), names[k].name))
				bit = names[k].bit;
		if (!bit || (c & bit))
			goto bad;
		if (res->json_ld_10 && (bit & (MC__JLD_C_GRAPH | MC__JLD_C_ID | MC__JLD_C_TYPE)))
			goto bad;
		c |= bit;
	}
	if (c & MC__JLD_C_LIST) {
		if (c != MC__JLD_C_LIST)
			goto bad;
	} else if (c & MC__JLD_C_GRAPH) {
		if (c & ~(MC__JLD_C_GRAPH | MC__JLD_C_ID | MC__JLD_C_INDEX | MC__JLD_C_SET))
			goto bad;
		if ((c & MC__JLD_C_ID) && (c & MC__JLD_C_INDEX))
			goto bad;
	} else {
		uint16_t rest = c & ~MC__JLD_C_SET;
		if (rest & (rest - 1))
			goto bad;
	}
	*out = c;
	return 0;
bad:
	return mc__jld_fail(
	    st->err, MC_EINVAL, "invalid container mapping",
	    "term '%s' in %s has an invalid @container; use one of @list, @set, @language, @index, "
	    "@id, @type, @graph (or an allowed combination)",
	    term, lc->where);
}

/* API §4.2 Create Term Definition. res is the context under construction. */
static int create_term(struct mc__jld_state *st, struct mc__jld_ctx *res, const struct lctx *lc,
                       const char *term, size_t term_len, uint8_t *def)
{
	struct mc_arena *a = st->a;
	if (*def == 2)
		return 0;
	if (*def == 1)
		return mc__jld_fail(st->err, MC_EINVAL, "cyclic IRI mapping",
		                    "term '%s' in %s is defined in terms of itself", term, lc->where);
	if (term_len == 0)
		return mc__jld_fail(st->err, MC_EINVAL, "invalid term definition",
		                    "the empty string cannot be a term (in %s)", lc->where);
	*def = 1;
	const struct mc_json *value = lget(lc, term, term_len, NULL);

	bool is_type = term_len == 5 && memcmp(term, "@type", 5) == 0;
	if (is_type) {
		bool ok = !res->json_ld_10 && value->type == MC_JSON_OBJECT && value->len > 0;
		for (uint32_t i = 0; ok && i < value->len; i++) {
			const struct mc_json_member *m = &value->v.members[i];
			if (mc_slice_eq_cstr(m->key, "@container"))
				ok = mc_json_is_string(&m->value) &&
				     mc_slice_eq_cstr(mc_json_slice(&m->value), "@set");
			else if (!mc_slice_eq_cstr(m->key, "@protected"))
				ok = false;
		}
		if (!ok)
			return mc__jld_fail(st->err, MC_EINVAL, "keyword redefinition",
			                    "@type in %s may only be given @container @set and @protected",
			                    lc->where);
	} else if (mc__jld_is_keyword(term, term_len)) {
		return mc__jld_fail(st->err, MC_EINVAL, "keyword redefinition",
		                    "keyword %s cannot be redefined (in %s)", term, lc->where);
	} else if (mc__jld_has_keyword_form(term, term_len)) {
		if (safe(lc))
			return safe_fail(
			    st, "term '%s' in %s has the form of a keyword and would be ignored; rename it",
			    term, lc->where);
		*def = 2;
		return 0;
	}

	const struct mc__jld_term *prev = mc__jld_lookup(res, term, term_len);
	if (prev)
		table_remove(res, term, term_len);

	struct mc__jld_term *d = MC_ARENA_NEW(a, struct mc__jld_term);
	d->term = term;
	d->term_len = (uint32_t)term_len;
	d->protect = lc->protect_default;

	bool simple = false;
	const struct mc_json *id_v = NULL, *rev_v = NULL, *type_v = NULL, *cont_v = NULL, *idx_v = NULL,
	                     *ctx_v = NULL, *lang_v = NULL, *dir_v = NULL, *nest_v = NULL, *prefix_v = NULL,
	                     *prot_v = NULL;
	bool has_id = false;
	struct mc_json idnull = {.type = MC_JSON_NULL};
	if (value->type == MC_JSON_NULL) {
		id_v = &idnull;
		has_id = true;
	} else if (value->type == MC_JSON_STRING) {
		id_v = value;
		has_id = true;
		simple = true;
	} else if (value->type == MC_JSON_OBJECT) {
		for (uint32_t i = 0; i < value->len; i++) {
			const struct mc_json_member *m = &value->v.members[i];
			struct mc_slice k = m->key;
			const struct mc_json *mv = &m->value;
			if (mc_slice_eq_cstr(k, "@id"))
				id_v = mv, has_id = true;
			else if (mc_slice_eq_cstr(k, "@reverse"))
				rev_v = mv;
			else if (mc_slice_eq_cstr(k, "@type"))
				type_v = mv;
			else if (mc_slice_eq_cstr(k, "@container"))
				cont_v = mv;
			else if (mc_slice_eq_cstr(k, "@index"))
				idx_v = mv;
			else if (mc_slice_eq_cstr(k, "@context"))
				ctx_v = mv;
			else if (mc_slice_eq_cstr(k, "@language"))
				lang_v = mv;
			else if (mc_slice_eq_cstr(k, "@direction"))
				dir_v = mv;
			else if (mc_slice_eq_cstr(k, "@nest"))
				nest_v = mv;
			else if (mc_slice_eq_cstr(k, "@prefix"))
				prefix_v = mv;
			else if (mc_slice_eq_cstr(k, "@protected"))
				prot_v = mv;
			else
				return mc__jld_fail(st->err, MC_EINVAL, "invalid term definition",
				                    "term '%s' in %s has an unknown entry '%s'", term,
				                    lc->where, m->key.ptr);
		}
	} else {
		return mc__jld_fail(st->err, MC_EINVAL, "invalid term definition",
		                    "term '%s' in %s must be defined by a string, an object or null", term,
		                    lc->where);
	}

	if (prot_v) {
		if (res->json_ld_10)
			return mc__jld_fail(st->err, MC_EINVAL, "invalid term definition",
			                    "@protected on term '%s' needs JSON-LD 1.1", term);
		if (!mc_json_is_bool(prot_v))
			return mc__jld_fail(st->err, MC_EINVAL, "invalid @protected value",
			                    "@protected of term '%s' in %s must be true or false", term,
			                    lc->where);
		d->protect = prot_v->type == MC_JSON_TRUE;
	}

	if (type_v) {
		if (type_v->type != MC_JSON_STRING)
			return mc__jld_fail(st->err, MC_EINVAL, "invalid type mapping",
			                    "@type of term '%s' in %s must be a string", term, lc->where);
		const char *tv;
		size_t tl;
		int rc = expand_iri(st, a, res, lc, type_v->v.str, type_v->len, false, true, &tv, &tl);
		if (rc)
			return rc;
		bool kw = tv && (strcmp(tv, "@id") == 0 || strcmp(tv, "@vocab") == 0);
		bool kw11 = tv && (strcmp(tv, "@json") == 0 || strcmp(tv, "@none") == 0);
		if (kw11 && res->json_ld_10)
			return mc__jld_fail(st->err, MC_EINVAL, "invalid type mapping",
			                    "@type %s of term '%s' needs JSON-LD 1.1", tv, term);
		if (!kw && !kw11 && (!tv || !mc__iri_is_absolute(tv, tl) || mc__iri_is_bnode(tv, tl)))
			return mc__jld_fail(
			    st->err, MC_EINVAL, "invalid type mapping",
			    "@type '%s' of term '%s' in %s is not an absolute IRI, @id, @vocab, @json or "
			    "@none",
			    type_v->v.str, term, lc->where);
		d->type = tv;
	}

	if (rev_v) {
		if (has_id || nest_v)
			return mc__jld_fail(st->err, MC_EINVAL, "invalid reverse property",
			                    "term '%s' in %s has @reverse together with @id or @nest", term,
			                    lc->where);
		if (rev_v->type != MC_JSON_STRING)
			return mc__jld_fail(st->err, MC_EINVAL, "invalid IRI mapping",
			                    "@reverse of term '%s' in %s must be a string", term, lc->where);
		if (mc__jld_has_keyword_form(rev_v->v.str, rev_v->len)) {
			if (safe(lc))
				return safe_fail(st,
				                 "@reverse '%s' of term '%s' in %s has the form of a keyword",
				                 rev_v->v.str, term, lc->where);
			if (prev)
				table_put(a, res, prev);
			*def = 2;
			return 0;
		}
		const char *iv;
		size_t il;
		int rc = expand_iri(st, a, res, lc, rev_v->v.str, rev_v->len, false, true, &iv, &il);
		if (rc)
			return rc;
		if (!iv || !(mc__iri_is_absolute(iv, il) || mc__iri_is_bnode(iv, il)))
			return mc__jld_fail(st->err, MC_EINVAL, "invalid IRI mapping",
			                    "@reverse '%s' of term '%s' in %s is not an IRI", rev_v->v.str,
			                    term, lc->where);
		d->iri = iv;
		d->iri_len = (uint32_t)il;
		d->reverse = true;
	} else if (has_id && !(id_v->type == MC_JSON_STRING && id_v->len == term_len &&
	                       memcmp(id_v->v.str, term, term_len) == 0)) {
		if (id_v->type == MC_JSON_NULL) {
			d->iri = NULL;
		} else if (id_v->type != MC_JSON_STRING) {
			return mc__jld_fail(st->err, MC_EINVAL, "invalid IRI mapping",
			                    "@id of term '%s' in %s must be a string or null", term,
			                    lc->where);
		} else if (!mc__jld_is_keyword(id_v->v.str, id_v->len) &&
		           mc__jld_has_keyword_form(id_v->v.str, id_v->len)) {
			if (safe(lc))
				return safe_fail(st, "@id '%s' of term '%s' in %s has the form of a keyword",
				                 id_v->v.str, term, lc->where);
			if (prev)
				table_put(a, res, prev);
			*def = 2;
			return 0;
		} else {
			const char *iv;
			size_t il;
			int rc = expand_iri(st, a, res, lc, id_v->v.str, id_v->len, false, true, &iv, &il);
			if (rc)
				return rc;
			if (!iv || !(mc__jld_is_keyword(iv, il) || mc__iri_is_absolute(iv, il) ||
			             mc__iri_is_bnode(iv, il)))
				return mc__jld_fail(
				    st->err, MC_EINVAL, "invalid IRI mapping",
				    "@id '%s' of term '%s' in %s is not an IRI, blank node or keyword",
				    id_v->v.str, term, lc->where);
			if (strcmp(iv, "@context") == 0)
				return mc__jld_fail(st->err, MC_EINVAL, "invalid keyword alias",
				                    "term '%s' in %s cannot alias @context", term, lc->where);
			d->iri = iv;
			d->iri_len = (uint32_t)il;
			const char *c1 = term_len > 2 ? memchr(term + 1, ':', term_len - 2) : NULL;
			if (c1 || memchr(term, '/', term_len)) {
				*def = 2;
				const char *tv;
				size_t tl;
				rc = expand_iri(st, a, res, lc, term, term_len, false, true, &tv, &tl);
				if (rc)
					return rc;
				if (!tv || !same_str(tv, iv))
					return mc__jld_fail(
					    st->err, MC_EINVAL, "invalid IRI mapping",
					    "term '%s' in %s looks like an IRI but maps to '%s'", term,
					    lc->where, iv);
				*def = 1;
			}
			if (!memchr(term, ':', term_len) && !memchr(term, '/', term_len) && simple &&
			    (mc__iri_ends_with_gen_delim(iv, il) || mc__iri_is_bnode(iv, il)))
				d->prefix = true;
		}
	} else {
		const char *colon = term_len > 1 ? memchr(term + 1, ':', term_len - 1) : NULL;
		if (colon) {
			size_t pl = (size_t)(colon - term);
			uint8_t *pdef;
			if (lget(lc, term, pl, &pdef) && *pdef != 2) {
				int rc = create_term(st, res, lc, term, pl, pdef);
				if (rc)
					return rc;
			}
			const struct mc__jld_term *pt = mc__jld_lookup(res, term, pl);
			if (pt && pt->iri) {
				d->iri = concat(a, pt->iri, pt->iri_len, colon + 1, term_len - pl - 1);
				d->iri_len = (uint32_t)(pt->iri_len + term_len - pl - 1);
			} else {
				d->iri = term;
				d->iri_len = (uint32_t)term_len;
			}
		} else if (memchr(term, '/', term_len)) {
			const char *iv;
			size_t il;
			/* Without the local context: the term itself is being defined. */
			int rc = expand_iri(st, a, res, NULL, term, term_len, false, true, &iv, &il);
			if (rc)
				return rc;
			if (!iv || !mc__iri_is_absolute(iv, il))
				return mc__jld_fail(
				    st->err, MC_EINVAL, "invalid IRI mapping",
				    "term '%s' in %s is a relative IRI and there is no @vocab to "
				    "resolve it",
				    term, lc->where);
			d->iri = iv;
			d->iri_len = (uint32_t)il;
		} else if (is_type) {
			d->iri = keyword_str("@type", 5);
			d->iri_len = 5;
		} else if (res->vocab) {
			d->iri = concat(a, res->vocab, res->vocab_len, term, term_len);
			d->iri_len = (uint32_t)(res->vocab_len + term_len);
		} else {
			return mc__jld_fail(
			    st->err, MC_EINVAL, "invalid IRI mapping",
			    "term '%s' in %s has no @id and there is no @vocab to give it one", term,
			    lc->where);
		}
	}
	*def = 2;

	if (cont_v) {
		uint16_t c = 0;
		int rc = parse_container(st, lc, res, term, cont_v, &c);
		if (rc)
			return rc;
		if (d->reverse && (c & ~(MC__JLD_C_SET | MC__JLD_C_INDEX)))
			return mc__jld_fail(
			    st->err, MC_EINVAL, "invalid reverse property",
			    "reverse term '%s' in %s can only have a @set or @index container", term,
			    lc->where);
		d->container = c;
		if (c & MC__JLD_C_TYPE) {
			if (!d->type)
				d->type = "@id";
			if (strcmp(d->type, "@id") != 0 && strcmp(d->type, "@vocab") != 0)
				return mc__jld_fail(
				    st->err, MC_EINVAL, "invalid type mapping",
				    "term '%s' in %s has @container @type, so its @type must be @id "
				    "or @vocab",
				    term, lc->where);
		}
	}

	if (idx_v) {
		if (res->json_ld_10 || !(d->container & MC__JLD_C_INDEX))
			return mc__jld_fail(st->err, MC_EINVAL, "invalid term definition",
			                    "@index on term '%s' in %s needs @container @index", term,
			                    lc->where);
		if (idx_v->type != MC_JSON_STRING || (idx_v->len > 0 && idx_v->v.str[0] == '@'))
			return mc__jld_fail(st->err, MC_EINVAL, "invalid term definition",
			                    "@index of term '%s' in %s must be a property name", term,
			                    lc->where);
		const char *iv;
		size_t il;
		int rc = expand_iri(st, a, res, lc, idx_v->v.str, idx_v->len, false, true, &iv, &il);
		if (rc)
			return rc;
		if (!iv || !mc__iri_is_absolute(iv, il))
			return mc__jld_fail(st->err, MC_EINVAL, "invalid term definition",
			                    "@index '%s' of term '%s' in %s does not expand to an IRI",
			                    idx_v->v.str, term, lc->where);
		d->index = idx_v->v.str;
	}

	if (ctx_v) {
		if (res->json_ld_10)
			return mc__jld_fail(st->err, MC_EINVAL, "invalid term definition",
			                    "scoped @context on term '%s' needs JSON-LD 1.1", term);
		d->has_context = true;
		d->context = ctx_v;
		d->context_base = lc->base_url;
		d->context_builtin = (lc->flags & MC__JLD_BUILTIN) != 0;
	}

	if (lang_v && !type_v) {
		if (lang_v->type == MC_JSON_NULL) {
			d->language = NULL;
		} else if (lang_v->type == MC_JSON_STRING) {
			if (safe(lc) && !is_bcp47ish(lang_v->v.str, lang_v->len))
				return safe_fail(
				    st, "@language '%s' of term '%s' in %s is not a valid language tag",
				    lang_v->v.str, term, lc->where);
			d->language = lower_dup(a, lang_v->v.str, lang_v->len);
		} else {
			return mc__jld_fail(st->err, MC_EINVAL, "invalid language mapping",
			                    "@language of term '%s' in %s must be a string or null", term,
			                    lc->where);
		}
		d->has_language = true;
	}

	if (dir_v && !type_v) {
		if (dir_v->type == MC_JSON_NULL)
			d->direction = MC__JLD_DIR_NULL;
		else if (mc_json_is_string(dir_v) && mc_slice_eq_cstr(mc_json_slice(dir_v), "ltr"))
			d->direction = MC__JLD_DIR_LTR;
		else if (mc_json_is_string(dir_v) && mc_slice_eq_cstr(mc_json_slice(dir_v), "rtl"))
			d->direction = MC__JLD_DIR_RTL;
		else
			return mc__jld_fail(st->err, MC_EINVAL, "invalid base direction",
			                    "@direction of term '%s' in %s must be \"ltr\", \"rtl\" or null",
			                    term, lc->where);
	}

	if (nest_v) {
		if (res->json_ld_10)
			return mc__jld_fail(st->err, MC_EINVAL, "invalid term definition",
			                    "@nest on term '%s' needs JSON-LD 1.1", term);
		if (nest_v->type != MC_JSON_STRING ||
		    (nest_v->len > 0 && nest_v->v.str[0] == '@' && strcmp(nest_v->v.str, "@nest") != 0))
			return mc__jld_fail(st->err, MC_EINVAL, "invalid @nest value",
			                    "@nest of term '%s' in %s must be @nest or a term", term,
			                    lc->where);
		d->nest = nest_v->v.str;
	}

	if (prefix_v) {
		if (res->json_ld_10 || memchr(term, ':', term_len) || memchr(term, '/', term_len))
			return mc__jld_fail(st->err, MC_EINVAL, "invalid term definition",
			                    "@prefix is not allowed on term '%s' in %s", term, lc->where);
		if (!mc_json_is_bool(prefix_v))
			return mc__jld_fail(st->err, MC_EINVAL, "invalid @prefix value",
			                    "@prefix of term '%s' in %s must be true or false", term,
			                    lc->where);
		d->prefix = prefix_v->type == MC_JSON_TRUE;
		if (d->prefix && d->iri && d->iri[0] == '@')
			return mc__jld_fail(st->err, MC_EINVAL, "invalid term definition",
			                    "term '%s' in %s maps to a keyword and cannot be a prefix", term,
			                    lc->where);
	}

	d->iri_absolute = d->iri && mc__iri_is_strict_absolute(d->iri, d->iri_len);
	if (d->protect)
		res->has_protected = true;
	if (prev && prev->protect && !(lc->flags & MC__JLD_OVERRIDE_PROTECTED)) {
		d->protect = true;
		if (!same_definition(prev, d))
			return mc__jld_fail(
			    st->err, MC_EINVAL, "protected term redefinition",
			    "term '%s' is protected by an earlier context and %s defines it "
			    "differently; drop the redefinition or change the order of contexts",
			    term, lc->where);
		d = (struct mc__jld_term *)prev;
	}
	table_put(a, res, d);
	return 0;
}

/* Loads a remote context document: built-in set first, then the caller's loader. */
static int load_remote(struct mc__jld_state *st, const char *url, const struct mc_json **doc, bool *builtin,
                       const char **canon)
{
	*doc = mc__jld_builtin_lookup(url, strlen(url), canon);
	if (*doc) {
		*builtin = true;
		return 0;
	}
	*builtin = false;
	*canon = url;
	const struct mc_jsonld_loader *ld = st->opts ? st->opts->loader : NULL;
	if (ld && ld->load) {
		struct mc_err e;
		mc_err_clear(&e);
		int rc = ld->load(ld->ctx, url, st->a, doc, &e);
		if (rc == 0 && *doc)
			return 0;
		return mc__jld_fail(st->err, MC_EINVAL, "loading remote context failed", "context %s: %s",
		                    url, rc ? e.msg : "the loader returned nothing");
	}
	return mc__jld_fail(
	    st->err, MC_EINVAL, "loading remote context failed",
	    "context %s is not built in, and microcred does not fetch contexts over the network; "
	    "use a built-in context (see contexts/README.md) or supply the document",
	    url);
}

/* Applies one context definition (an object) to cur. */
static int apply_definition(struct mc__jld_state *st, const struct mc__jld_ctx *cur,
                            const struct mc_json *obj, const char *base_url, unsigned flags,
                            const struct remote *remote, const struct mc__jld_ctx **out)
{
	struct mc_arena *a = st->a;
	struct mc__jld_ctx *res = ctx_clone(a, cur);
	struct lctx lc = {.obj = obj, .base_url = base_url, .flags = flags, .remote = remote};
	lc.where = base_url && (flags & F_REMOTE) ? base_url : "an inline context";
	bool imp_builtin = true;

	const struct mc_json *v;
	if ((v = mc_json_get(obj, "@version")) != NULL) {
		if (!(v->type == MC_JSON_NUMBER && v->len == 3 && memcmp(v->v.raw, "1.1", 3) == 0) &&
		    !(v->type == MC_JSON_NUMBER && mc_json_number(v) == 1.1))
			return mc__jld_fail(st->err, MC_EINVAL, "invalid @version value",
			                    "@version in %s must be the number 1.1", lc.where);
		if (res->json_ld_10)
			return mc__jld_fail(
			    st->err, MC_EINVAL, "processing mode conflict",
			    "%s asks for JSON-LD 1.1 (@version 1.1) but processing mode is 1.0", lc.where);
	}
	if ((v = mc_json_get(obj, "@import")) != NULL) {
		if (res->json_ld_10)
			return mc__jld_fail(st->err, MC_EINVAL, "invalid context entry",
			                    "@import in %s needs JSON-LD 1.1", lc.where);
		if (v->type != MC_JSON_STRING)
			return mc__jld_fail(st->err, MC_EINVAL, "invalid @import value",
			                    "@import in %s must be a string", lc.where);
		const char *url = mc__iri_resolve(a, base_url, v->v.str, v->len);
		const struct mc_json *doc;
		const char *canon;
		int rc = load_remote(st, url, &doc, &imp_builtin, &canon);
		if (rc)
			return rc;
		const struct mc_json *ic = mc_json_get(doc, "@context");
		if (!mc_json_is_object(ic))
			return mc__jld_fail(st->err, MC_EINVAL, "invalid remote context",
			                    "@import %s is not a document with a context definition", url);
		if (mc_json_get(ic, "@import"))
			return mc__jld_fail(st->err, MC_EINVAL, "invalid context entry",
			                    "@import %s itself has an @import", url);
		lc.imp = ic;
		lc.def_imp = mc_arena_zalloc(a, ic->len + 1);
	}
	if (!imp_builtin)
		lc.flags &= ~(unsigned)MC__JLD_BUILTIN;
	lc.def_obj = mc_arena_zalloc(a, obj->len + 1);

	if ((v = lget(&lc, "@base", 5, NULL)) != NULL && !(flags & F_REMOTE)) {
		if (v->type == MC_JSON_NULL) {
			res->base = NULL;
		} else if (v->type == MC_JSON_STRING && mc__iri_is_absolute(v->v.str, v->len)) {
			res->base = v->v.str;
		} else if (v->type == MC_JSON_STRING && res->base) {
			res->base = mc__iri_resolve(a, res->base, v->v.str, v->len);
		} else if (v->type == MC_JSON_STRING) {
			/* Relative with no base to resolve against: kept as written, as
			 * jsonld.js does. */
			res->base = v->v.str;
		} else {
			return mc__jld_fail(st->err, MC_EINVAL, "invalid base IRI",
			                    "@base in %s must be an IRI or null", lc.where);
		}
	}
	if ((v = lget(&lc, "@vocab", 6, NULL)) != NULL) {
		if (v->type == MC_JSON_NULL) {
			res->vocab = NULL;
			res->vocab_len = 0;
		} else if (v->type == MC_JSON_STRING) {
			const char *iv;
			size_t il;
			int rc = expand_iri(st, a, res, NULL, v->v.str, v->len, true, true, &iv, &il);
			if (rc)
				return rc;
			if (!iv)
				return mc__jld_fail(st->err, MC_EINVAL, "invalid vocab mapping",
				                    "@vocab in %s must be an IRI", lc.where);
			if (res->json_ld_10 && !mc__iri_is_absolute(v->v.str, v->len) &&
			    !mc__iri_is_bnode(v->v.str, v->len))
				return mc__jld_fail(st->err, MC_EINVAL, "invalid vocab mapping",
				                    "@vocab in %s must be an absolute IRI in JSON-LD 1.0",
				                    lc.where);
			if ((flags & F_SAFE) && !mc__iri_is_absolute(iv, il) && !mc__iri_is_bnode(iv, il))
				return safe_fail(st,
				                 "@vocab '%s' in %s is a relative IRI and there is no base",
				                 iv, lc.where);
			res->vocab = iv;
			res->vocab_len = (uint32_t)il;
		} else {
			return mc__jld_fail(st->err, MC_EINVAL, "invalid vocab mapping",
			                    "@vocab in %s must be an IRI or null", lc.where);
		}
	}
	if ((v = lget(&lc, "@language", 9, NULL)) != NULL) {
		if (v->type == MC_JSON_NULL) {
			res->language = NULL;
		} else if (v->type == MC_JSON_STRING) {
			if ((flags & F_SAFE) && !is_bcp47ish(v->v.str, v->len))
				return safe_fail(st, "@language '%s' in %s is not a valid language tag",
				                 v->v.str, lc.where);
			res->language = lower_dup(a, v->v.str, v->len);
		} else {
			return mc__jld_fail(st->err, MC_EINVAL, "invalid default language",
			                    "@language in %s must be a string or null", lc.where);
		}
	}
	if ((v = lget(&lc, "@direction", 10, NULL)) != NULL) {
		if (res->json_ld_10)
			return mc__jld_fail(st->err, MC_EINVAL, "invalid context entry",
			                    "@direction in %s needs JSON-LD 1.1", lc.where);
		if (v->type == MC_JSON_NULL)
			res->direction = MC__JLD_DIR_UNSET;
		else if (mc_json_is_string(v) && mc_slice_eq_cstr(mc_json_slice(v), "ltr"))
			res->direction = MC__JLD_DIR_LTR;
		else if (mc_json_is_string(v) && mc_slice_eq_cstr(mc_json_slice(v), "rtl"))
			res->direction = MC__JLD_DIR_RTL;
		else
			return mc__jld_fail(st->err, MC_EINVAL, "invalid base direction",
			                    "@direction in %s must be \"ltr\", \"rtl\" or null", lc.where);
	}
	if ((v = lget(&lc, "@propagate", 10, NULL)) != NULL) {
		if (res->json_ld_10)
			return mc__jld_fail(st->err, MC_EINVAL, "invalid context entry",
			                    "@propagate in %s needs JSON-LD 1.1", lc.where);
		if (!mc_json_is_bool(v))
			return mc__jld_fail(st->err, MC_EINVAL, "invalid @propagate value",
			                    "@propagate in %s must be true or false", lc.where);
	}
	if ((v = lget(&lc, "@protected", 10, NULL)) != NULL) {
		if (!mc_json_is_bool(v))
			return mc__jld_fail(st->err, MC_EINVAL, "invalid @protected value",
			                    "@protected in %s must be true or false", lc.where);
		lc.protect_default = v->type == MC_JSON_TRUE;
	}

	/* Terms: the imported ones not overridden, then this context's own. */
	for (int pass = 0; pass < 2; pass++) {
		const struct mc_json *o = pass == 0 ? lc.imp : lc.obj;
		if (!o)
			continue;
		for (uint32_t i = 0; i < o->len; i++) {
			const struct mc_json_member *m = &o->v.members[i];
			const char *k = m->key.ptr;
			size_t kl = m->key.len;
			if (kl > 0 && k[0] == '@' &&
			    (mc_slice_eq_cstr(m->key, "@base") || mc_slice_eq_cstr(m->key, "@direction") ||
			     mc_slice_eq_cstr(m->key, "@import") || mc_slice_eq_cstr(m->key, "@language") ||
			     mc_slice_eq_cstr(m->key, "@propagate") ||
			     mc_slice_eq_cstr(m->key, "@protected") || mc_slice_eq_cstr(m->key, "@version") ||
			     mc_slice_eq_cstr(m->key, "@vocab")))
				continue;
			uint8_t *def;
			const struct mc_json *val = lget(&lc, k, kl, &def);
			if (pass == 0 && val != &m->value)
				continue; /* overridden by the importing context */
			int rc = create_term(st, res, &lc, k, kl, def);
			if (rc)
				return rc;
			/* Validate a scoped context now, as API §4.2 step 21.3 asks, so that
			 * errors surface at definition time; its result is discarded. */
			if (val->type == MC_JSON_OBJECT && !(flags & MC__JLD_NO_VALIDATE_SCOPED)) {
				const struct mc_json *sc = mc_json_get(val, "@context");
				if (sc) {
					bool skip = false;
					if (sc->type == MC_JSON_STRING) {
						const char *u =
						    mc__iri_resolve(a, base_url, sc->v.str, sc->len);
						for (const struct remote *r = remote; r; r = r->up)
							if (strcmp(r->url, u) == 0)
								skip = true;
					}
					const struct mc__jld_ctx *ignored;
					res->frozen = false;
					rc = skip ? 0
					          : process(st, res, sc, base_url,
					                    MC__JLD_OVERRIDE_PROTECTED |
					                        MC__JLD_NO_VALIDATE_SCOPED | (flags & F_SAFE),
					                    remote, &ignored);
					if (rc) {
						if (st->err &&
						    strncmp(st->err->msg, "invalid scoped context", 22) != 0)
							mc_err_prefix(
							    st->err,
							    "invalid scoped context: the @context of "
							    "term '%s' in %s",
							    k, lc.where);
						return rc;
					}
				}
			}
		}
	}
	freeze(a, res);
	*out = res;
	return 0;
}

static int process_one(struct mc__jld_state *st, const struct mc__jld_ctx *cur,
                       const struct mc__jld_ctx *active, const struct mc_json *item, const char *base_url,
                       unsigned flags, const struct remote *remote, const struct mc__jld_ctx **out)
{
	if (item->type == MC_JSON_NULL) {
		if (!(flags & MC__JLD_OVERRIDE_PROTECTED) && cur->has_protected)
			return mc__jld_fail(
			    st->err, MC_EINVAL, "invalid context nullification",
			    "a null @context would remove protected terms; remove the null or the "
			    "protection");
		if (!active->original_base) {
			*out = active->json_ld_10 ? &initial_10 : &initial_11;
			return 0;
		}
		struct mc__jld_ctx *c = MC_ARENA_NEW(st->a, struct mc__jld_ctx);
		c->persistent = st->a == &g_arena;
		c->base = c->original_base = active->original_base;
		c->json_ld_10 = active->json_ld_10;
		c->frozen = true;
		*out = c;
		return 0;
	}
	if (item->type == MC_JSON_STRING) {
		const char *url = mc__iri_resolve(st->a, base_url, item->v.str, item->len);
		if (!base_url && !mc__iri_is_absolute(url, strlen(url)))
			return mc__jld_fail(st->err, MC_EINVAL, "loading remote context failed",
			                    "context reference '%s' is relative and there is no base IRI",
			                    url);
		if ((flags & MC__JLD_NO_VALIDATE_SCOPED)) {
			for (const struct remote *r = remote; r; r = r->up)
				if (strcmp(r->url, url) == 0) {
					*out = cur;
					return 0;
				}
		}
		if (remote_depth(remote) >= MAX_REMOTE_DEPTH)
			return mc__jld_fail(st->err, MC_ELIMIT, "context overflow",
			                    "more than %d nested remote contexts at %s (a cycle?)",
			                    MAX_REMOTE_DEPTH, url);
		const struct mc_json *doc;
		bool builtin;
		const char *canon;
		int rc = load_remote(st, url, &doc, &builtin, &canon);
		if (rc)
			return rc;
		const struct mc_json *ctx = mc_json_get(doc, "@context");
		if (!ctx)
			return mc__jld_fail(st->err, MC_EINVAL, "invalid remote context",
			                    "%s has no top-level @context", url);
		struct remote r = {remote, canon};
		unsigned f = (flags & (MC__JLD_NO_VALIDATE_SCOPED | F_SAFE)) | F_REMOTE |
		             (builtin ? MC__JLD_BUILTIN : 0);
		return process(st, cur, ctx, canon, f, &r, out);
	}
	if (item->type != MC_JSON_OBJECT)
		return mc__jld_fail(st->err, MC_EINVAL, "invalid local context",
		                    "a @context must be null, a string, an object or an array of those");
	return apply_definition(st, cur, item, base_url, flags, remote, out);
}

/* The fold of API §4.1 step 5 over local, without caching at this level. */
static int process_uncached(struct mc__jld_state *st, const struct mc__jld_ctx *active,
                            const struct mc_json *local, const char *base_url, unsigned flags,
                            const struct remote *remote, const struct mc__jld_ctx **out)
{
	bool propagate = !(flags & MC__JLD_NO_PROPAGATE);
	if (local->type == MC_JSON_OBJECT) {
		const struct mc_json *p = mc_json_get(local, "@propagate");
		if (p && mc_json_is_bool(p))
			propagate = p->type == MC_JSON_TRUE;
	}
	const struct mc__jld_ctx *cur = active;
	const struct mc_json *items = local;
	uint32_t n = 1;
	if (local->type == MC_JSON_ARRAY) {
		items = local->v.items;
		n = local->len;
	}
	for (uint32_t i = 0; i < n; i++) {
		int rc = process_one(st, cur, active, &items[i], base_url, flags, remote, &cur);
		if (rc)
			return rc;
	}
	if (!propagate && !cur->previous) {
		struct mc__jld_ctx *c = ctx_clone(st->a, cur);
		c->previous = active;
		c->frozen = true;
		cur = c;
	}
	*out = cur;
	return 0;
}

static void global_arena_ready(void)
{
	if (!g_arena_ready) {
		mc_arena_init(&g_arena, 64 * 1024);
		g_arena_ready = true;
	}
}

static int process(struct mc__jld_state *st, const struct mc__jld_ctx *active, const struct mc_json *local,
                   const char *base_url, unsigned flags, const struct remote *remote,
                   const struct mc__jld_ctx **out)
{
	if (st->opts && st->opts->safe)
		flags |= F_SAFE;
	if (!active->frozen)
		return process_uncached(st, active, local, base_url, flags, remote, out);
	uint32_t h = key_hash(active, local, flags);

	/* Process-wide entries are capped: documents can chain built-in contexts in
	 * endlessly many orders, and each chain would otherwise stay for good. Past the
	 * cap, new combinations are computed per call like inline contexts. */
	_Atomic(struct centry *) *bucket = &g_buckets[h % GCACHE_BUCKETS];
	const struct centry *e = NULL;
	if (active->persistent && (flags & MC__JLD_BUILTIN))
		e = centry_find(atomic_load_explicit(bucket, memory_order_acquire), active, local, base_url,
		                flags);
	if (e ||
	    (active->persistent && (flags & MC__JLD_BUILTIN) &&
	     (g_held > 0 || atomic_load_explicit(&g_entries, memory_order_relaxed) < MAX_GLOBAL_ENTRIES))) {
		/* Process-wide entry. */
		if (!e) {
			if (g_held++ == 0)
				pthread_mutex_lock(&g_lock);
			e = centry_find(atomic_load_explicit(bucket, memory_order_acquire), active, local,
			                base_url, flags);
			if (!e) {
				global_arena_ready();
				struct mc_err gerr;
				mc_err_clear(&gerr);
				/* Shared results must not depend on this caller's loader: built-in
				 * documents may only refer to built-in documents. */
				struct mc_jsonld_opts gopts = {.safe = (flags & F_SAFE) != 0};
				if (st->opts) {
					gopts = *st->opts;
					gopts.loader = NULL;
				}
				struct mc__jld_state gst = {.a = &g_arena, .opts = &gopts, .err = &gerr};
				const struct mc__jld_ctx *res = NULL;
				int rc = process_uncached(&gst, active, local, base_url, flags, remote, &res);
				struct centry *ne = MC_ARENA_NEW(&g_arena, struct centry);
				ne->parent = active;
				ne->local = local;
				ne->base_url = base_url;
				ne->flags = flags;
				if (rc == 0) {
					ne->result = res;
				} else {
					ne->code = rc;
					ne->msg = mc_arena_strdup(&g_arena, gerr.msg);
				}
				ne->next = atomic_load_explicit(bucket, memory_order_relaxed);
				atomic_store_explicit(bucket, ne, memory_order_release);
				atomic_fetch_add_explicit(&g_entries, 1, memory_order_relaxed);
				e = ne;
			}
			if (--g_held == 0)
				pthread_mutex_unlock(&g_lock);
		}
		if (!e->result)
			return mc_err_set(st->err, e->code, "%s", e->msg);
		*out = e->result;
		return 0;
	}

	if (!st->cache)
		st->cache = MC_ARENA_NEW(st->a, struct mc__jld_ccache);
	struct centry **lbucket = &st->cache->b[h % CACHE_BUCKETS];
	e = centry_find(*lbucket, active, local, base_url, flags);
	if (e) {
		*out = e->result;
		return 0;
	}
	int rc = process_uncached(st, active, local, base_url, flags, remote, out);
	if (rc)
		return rc;
	struct centry *ne = MC_ARENA_NEW(st->a, struct centry);
	ne->parent = active;
	ne->local = local;
	ne->base_url = base_url;
	ne->flags = flags;
	ne->result = *out;
	ne->next = *lbucket;
	*lbucket = ne;
	return 0;
}

size_t mc__jld_shared_entries(void)
{
	return atomic_load_explicit(&g_entries, memory_order_relaxed);
}

int mc__jld_process(struct mc__jld_state *st, const struct mc__jld_ctx *active, const struct mc_json *local,
                    const char *base_url, unsigned flags, const struct mc__jld_ctx **out)
{
	return process(st, active, local, base_url, flags, NULL, out);
}
