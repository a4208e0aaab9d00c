/* JSON-LD 1.1 expansion (API §5.1) and value expansion (§5.3), with safe mode.
 *
 * Object entries are visited in lexicographic key order (the API's "ordered"
 * flag), as jsonld.js does, so the expanded output matches the reference.
 *
 * Safe mode (Data Integrity §2.4.3 / jsonld.js `safe: true`): every place where
 * expansion would silently drop or leave relative data is an error naming the JSON
 * path, instead of a warning. The expanded tree shares strings with the input
 * document and with built-in contexts. */
#include <stdio.h>
#include <string.h>

#include "canon/jsonld_internal.h"

#define UNDEFINED_TERMS_URL "https://www.w3.org/ns/credentials/undefined-terms/v2"
/* Each level of JSON nesting costs up to three C stack frames (~1 KiB): keep the
 * worst case well inside a small thread stack. */
#define MAX_DEPTH 160

struct xst {
	struct mc__jld_state st;
	const char *doc_base; /* base URL for @context entries of the document */
	bool safe;
	unsigned depth;
	struct mc__jld_observer *obs; /* NULL but for mc__jsonld_expand_observed */
};

/* The observer's record for a member value of the observed root object, or NULL. */
static struct mc__jld_obs_member *observed(const struct xst *x, const struct mc_json *value)
{
	const struct mc_json *root = x->obs->root;
	for (uint32_t i = 0; i < root->len; i++)
		if (value == &root->v.members[i].value)
			return &x->obs->m[i];
	return NULL;
}

/* ---- JSON paths in messages ---- */

static bool ident_like(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
		      (i == 0 && c == '@') || (i > 0 && c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

static void path_format(const struct mc__jld_path *p, char *out, size_t cap)
{
	const struct mc__jld_path *seg[64];
	size_t n = 0;
	bool cut = false;
	for (; p; p = p->up) {
		if (n == 64) {
			cut = true;
			break;
		}
		seg[n++] = p;
	}
	size_t o = 0;
	o += (size_t)snprintf(out + o, cap - o, "$%s", cut ? "..." : "");
	while (n-- > 0 && o < cap) {
		p = seg[n];
		if (!p->key)
			o += (size_t)snprintf(out + o, cap - o, "[%zu]", p->index);
		else if (ident_like(p->key, p->key_len))
			o += (size_t)snprintf(out + o, cap - o, ".%.*s", (int)p->key_len, p->key);
		else
			o += (size_t)snprintf(out + o, cap - o, "[\"%.*s\"]", (int)p->key_len, p->key);
	}
}

static int xfail(struct xst *x, const struct mc__jld_path *path, const char *code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int xfail(struct xst *x, const struct mc__jld_path *path, const char *code, const char *fmt, ...)
{
	char where[200];
	char detail[MC_ERR_MSG_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	path_format(path, where, sizeof where);
	return mc__jld_fail(x->st.err, MC_EINVAL, code, "at %s: %s", where, detail);
}

/* ---- small JSON helpers ---- */

static struct mc_json *oget(struct mc_json *obj, const char *key)
{
	size_t n = strlen(key);
	for (uint32_t i = 0; i < obj->len; i++) {
		struct mc_json_member *m = &obj->v.members[i];
		if (m->key.len == n && memcmp(m->key.ptr, key, n) == 0)
			return &m->value;
	}
	return NULL;
}

static struct mc_json *ogetn(struct mc_json *obj, const char *key, size_t n)
{
	/* Keys here are mostly IRIs sharing a long prefix: the same pointer (one term
	 * definition) or the last byte settles most comparisons. */
	for (uint32_t i = 0; i < obj->len; i++) {
		struct mc_json_member *m = &obj->v.members[i];
		if (m->key.len == n && (m->key.ptr == key || (n > 0 && m->key.ptr[n - 1] == key[n - 1] &&
		                                              memcmp(m->key.ptr, key, n) == 0)))
			return &m->value;
	}
	return NULL;
}

static bool ohas(const struct mc_json *obj, const char *key)
{
	return obj->type == MC_JSON_OBJECT && mc_json_get(obj, key) != NULL;
}

/* Sets key (a string that outlives the tree) to *v. */
static void oset(struct mc_arena *a, struct mc_json *obj, const char *key, size_t n, const struct mc_json *v)
{
	struct mc_json *slot = ogetn(obj, key, n);
	if (!slot)
		slot = mc_json_object_push_ref(a, obj, key, n);
	*slot = *v;
}

/* API "add value" with as array = true: obj[key] is an array; arrays are spliced. */
static void add_value(struct mc_arena *a, struct mc_json *obj, const char *key, size_t n,
                      const struct mc_json *v)
{
	struct mc_json *arr = ogetn(obj, key, n);
	if (!arr) {
		arr = mc_json_object_push_ref(a, obj, key, n);
		mc_json_set_array(arr);
	} else if (arr->type != MC_JSON_ARRAY) {
		struct mc_json old = *arr;
		mc_json_set_array(arr);
		mc_json_array_append(a, arr, &old);
	}
	if (v->type == MC_JSON_ARRAY) {
		for (uint32_t i = 0; i < v->len; i++)
			mc_json_array_append(a, arr, &v->v.items[i]);
	} else {
		mc_json_array_append(a, arr, v);
	}
}

static void set_str(struct mc_json *v, const char *s, size_t n)
{
	mc_json_set_string_ref(v, s, n);
}

static bool is_kw(const char *s, const char *kw)
{
	return s && s[0] == '@' && strcmp(s, kw) == 0;
}

static bool is_value_object(const struct mc_json *v)
{
	return v->type == MC_JSON_OBJECT && mc_json_get(v, "@value") != NULL;
}

static bool is_list_object(const struct mc_json *v)
{
	return v->type == MC_JSON_OBJECT && mc_json_get(v, "@list") != NULL;
}

static bool is_graph_object(const struct mc_json *v)
{
	if (v->type != MC_JSON_OBJECT || !mc_json_get(v, "@graph"))
		return false;
	for (uint32_t i = 0; i < v->len; i++) {
		struct mc_slice k = v->v.members[i].key;
		if (!mc_slice_eq_cstr(k, "@graph") && !mc_slice_eq_cstr(k, "@id") &&
		    !mc_slice_eq_cstr(k, "@index") && !mc_slice_eq_cstr(k, "@context"))
			return false;
	}
	return true;
}

/* a <= b bytewise (code point order for UTF-8). Keys usually differ early. */
static bool key_le(struct mc_slice a, struct mc_slice b)
{
	size_t m = a.len < b.len ? a.len : b.len;
	for (size_t i = 0; i < m; i++) {
		unsigned char x = (unsigned char)a.ptr[i], y = (unsigned char)b.ptr[i];
		if (x != y)
			return x < y;
	}
	return a.len <= b.len;
}

/* Member indices of obj in lexicographic key order (bytewise = code point order). */
static uint32_t *sorted_members(struct mc_arena *a, const struct mc_json *obj, uint32_t *stackbuf,
                                uint32_t cap)
{
	uint32_t n = obj->len;
	uint32_t *idx = n <= cap ? stackbuf : mc_arena_alloc(a, sizeof *idx * n);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t j = i;
		struct mc_slice k = obj->v.members[i].key;
		while (j > 0) {
			struct mc_slice p = obj->v.members[idx[j - 1]].key;
			if (key_le(p, k))
				break;
			idx[j] = idx[j - 1];
			j--;
		}
		idx[j] = i;
	}
	return idx;
}

/* IRI-expands a key or type (vocab = true), using the term table directly. */
static void expand_vocab(struct xst *x, const struct mc__jld_ctx *ctx, const char *s, size_t n,
                         const char **out, size_t *out_len)
{
	mc__jld_expand_iri(x->st.a, ctx, s, n, false, true, out, out_len);
}

/* Checks an expanded @id in safe mode. */
static int check_id(struct xst *x, const struct mc__jld_path *path, const char *raw, const char *iri,
                    size_t len, const char *what)
{
	if (!x->safe)
		return 0;
	if (!iri)
		return xfail(x, path, "safe mode violation",
		             "%s '%s' has the form of a keyword and would be dropped; use an absolute IRI",
		             what, raw);
	if (!mc__iri_is_strict_absolute(iri, len))
		return xfail(
		    x, path, "safe mode violation",
		    "%s '%s' is a relative IRI reference and there is no base IRI (it would be dropped "
		    "from the signed data); use an absolute IRI such as https://... or urn:...",
		    what, raw);
	return 0;
}

/* ---- value expansion (API §5.3) ---- */

static int expand_value(struct xst *x, const struct mc__jld_ctx *ctx, const struct mc__jld_term *td,
                        const struct mc_json *value, const struct mc__jld_path *path, struct mc_json *out)
{
	struct mc_arena *a = x->st.a;
	const char *type = td ? td->type : NULL;
	if (x->obs) {
		struct mc__jld_obs_member *om = observed(x, value);
		if (om) {
			om->values++;
			om->ctx = ctx;
			om->iri = type && value->type == MC_JSON_STRING &&
			          (is_kw(type, "@id") || is_kw(type, "@vocab"));
			om->vocab = type && is_kw(type, "@vocab");
		}
	}
	if (type && value->type == MC_JSON_STRING && (is_kw(type, "@id") || is_kw(type, "@vocab"))) {
		const char *iri;
		size_t il;
		mc__jld_expand_iri(a, ctx, value->v.str, value->len, true, is_kw(type, "@vocab"), &iri, &il);
		int rc = check_id(x, path, value->v.str, iri, il, "IRI value");
		if (rc)
			return rc;
		mc_json_set_object(out);
		if (iri)
			set_str(mc_json_object_push_ref(a, out, "@id", 3), iri, il);
		else
			mc_json_set_null(mc_json_object_push_ref(a, out, "@id", 3));
		return 0;
	}
	mc_json_set_object(out);
	*mc_json_object_push_ref(a, out, "@value", 6) = *value;
	if (type && !is_kw(type, "@id") && !is_kw(type, "@vocab") && !is_kw(type, "@none")) {
		set_str(mc_json_object_push_ref(a, out, "@type", 5), type, strlen(type));
	} else if (value->type == MC_JSON_STRING) {
		const char *lang = td && td->has_language ? td->language : ctx->language;
		uint8_t dir = td && td->direction != MC__JLD_DIR_UNSET ? td->direction : ctx->direction;
		if (lang)
			set_str(mc_json_object_push_ref(a, out, "@language", 9), lang, strlen(lang));
		if (dir == MC__JLD_DIR_LTR)
			set_str(mc_json_object_push_ref(a, out, "@direction", 10), "ltr", 3);
		else if (dir == MC__JLD_DIR_RTL)
			set_str(mc_json_object_push_ref(a, out, "@direction", 10), "rtl", 3);
	}
	return 0;
}

/* ---- expansion (API §5.1) ---- */

static int expand(struct xst *x, const struct mc__jld_ctx *ctx, const char *ap, size_t ap_len,
                  const struct mc__jld_term *ap_td, const struct mc_json *el, const struct mc__jld_path *path,
                  bool from_map, bool inside_list, struct mc_json *out);

/* Whether the active property is @graph (or absent): there free-floating values drop. */
static bool ap_graph(const char *ap, size_t ap_len, const struct mc__jld_term *ap_td)
{
	return !ap || (ap_len == 6 && memcmp(ap, "@graph", 6) == 0) || (ap_td && is_kw(ap_td->iri, "@graph"));
}

static bool ap_is_graph(const struct mc__jld_ctx *ctx, const char *ap, size_t ap_len)
{
	if (!ap)
		return false;
	if (ap_len == 6 && memcmp(ap, "@graph", 6) == 0)
		return true;
	const struct mc__jld_term *t = mc__jld_lookup(ctx, ap, ap_len);
	return t && is_kw(t->iri, "@graph");
}

static int expand_array(struct xst *x, const struct mc__jld_ctx *ctx, const char *ap, size_t ap_len,
                        const struct mc__jld_term *td, const struct mc_json *el,
                        const struct mc__jld_path *path, bool from_map, bool inside_list, struct mc_json *out)
{
	struct mc_arena *a = x->st.a;
	bool list = inside_list || (td && (td->container & MC__JLD_C_LIST));
	mc_json_set_array(out);
	for (uint32_t i = 0; i < el->len; i++) {
		struct mc__jld_path p = {path, NULL, 0, i};
		struct mc_json item;
		int rc = expand(x, ctx, ap, ap_len, td, &el->v.items[i], &p, from_map, list, &item);
		if (rc)
			return rc;
		if (list && item.type == MC_JSON_ARRAY) {
			struct mc_json wrapped;
			mc_json_set_object(&wrapped);
			*mc_json_object_push_ref(a, &wrapped, "@list", 5) = item;
			item = wrapped;
		}
		if (item.type == MC_JSON_ARRAY) {
			for (uint32_t j = 0; j < item.len; j++)
				mc_json_array_append(a, out, &item.v.items[j]);
		} else if (item.type != MC_JSON_NULL) {
			mc_json_array_append(a, out, &item);
		}
	}
	return 0;
}

struct nest_list {
	const char *keys[16];
	size_t lens[16];
	unsigned n;
};

static int expand_members(struct xst *x, const struct mc__jld_ctx *ctx, const struct mc__jld_ctx *type_ctx,
                          const char *ap, size_t ap_len, const struct mc_json *el, const uint32_t *idx,
                          bool input_json, const struct mc__jld_path *path, struct mc_json *result);

static int expand_language_map(struct xst *x, const struct mc__jld_ctx *ctx, const struct mc__jld_term *td,
                               const struct mc_json *value, const struct mc__jld_path *path,
                               struct mc_json *out)
{
	struct mc_arena *a = x->st.a;
	uint8_t dir = ctx->direction;
	if (td->direction != MC__JLD_DIR_UNSET)
		dir = td->direction;
	mc_json_set_array(out);
	uint32_t sbuf[32];
	uint32_t *idx = sorted_members(a, value, sbuf, 32);
	for (uint32_t k = 0; k < value->len; k++) {
		const struct mc_json_member *m = &value->v.members[idx[k]];
		struct mc__jld_path p = {path, m->key.ptr, m->key.len, 0};
		const struct mc_json *items = &m->value;
		uint32_t n = 1;
		if (items->type == MC_JSON_ARRAY) {
			n = items->len;
			items = items->v.items;
		}
		const char *lexp;
		size_t llen;
		expand_vocab(x, ctx, m->key.ptr, m->key.len, &lexp, &llen);
		bool none = mc_slice_eq_cstr(m->key, "@none") || is_kw(lexp, "@none");
		for (uint32_t i = 0; i < n; i++) {
			const struct mc_json *it = &items[i];
			if (it->type == MC_JSON_NULL)
				continue;
			if (it->type != MC_JSON_STRING)
				return xfail(x, &p, "invalid language map value",
				             "values of a language map must be strings");
			if (!none && x->safe && !mc__jld_language_ok(m->key.ptr, m->key.len))
				return xfail(x, &p, "safe mode violation", "'%s' is not a valid language tag",
				             m->key.ptr);
			struct mc_json *v = mc_json_array_push(a, out);
			mc_json_set_object(v);
			*mc_json_object_push_ref(a, v, "@value", 6) = *it;
			if (!none) {
				char *lang = mc_arena_strndup(a, m->key.ptr, m->key.len);
				for (char *c = lang; *c; c++)
					if (*c >= 'A' && *c <= 'Z')
						*c = (char)(*c + 32);
				set_str(mc_json_object_push_ref(a, v, "@language", 9), lang, m->key.len);
			}
			if (dir == MC__JLD_DIR_LTR)
				set_str(mc_json_object_push_ref(a, v, "@direction", 10), "ltr", 3);
			else if (dir == MC__JLD_DIR_RTL)
				set_str(mc_json_object_push_ref(a, v, "@direction", 10), "rtl", 3);
		}
	}
	return 0;
}

/* API §5.1 step 13.8: index, id and type maps. */
static int expand_index_map(struct xst *x, const struct mc__jld_ctx *ctx, const char *key, size_t key_len,
                            const struct mc__jld_term *td, const struct mc_json *value,
                            const struct mc__jld_path *path, struct mc_json *out)
{
	struct mc_arena *a = x->st.a;
	uint16_t c = td->container;
	const char *index_key = td->index ? td->index : "@index";
	bool plain_index = !td->index;
	mc_json_set_array(out);
	uint32_t sbuf[32];
	uint32_t *idx = sorted_members(a, value, sbuf, 32);
	for (uint32_t k = 0; k < value->len; k++) {
		const struct mc_json_member *m = &value->v.members[idx[k]];
		struct mc__jld_path p = {path, m->key.ptr, m->key.len, 0};
		const struct mc__jld_ctx *map_ctx = ctx;
		if (c & (MC__JLD_C_ID | MC__JLD_C_TYPE)) {
			map_ctx = ctx->previous ? ctx->previous : ctx;
			if (c & MC__JLD_C_TYPE) {
				const struct mc__jld_term *it =
				    mc__jld_lookup(map_ctx, m->key.ptr, m->key.len);
				if (it && it->has_context) {
					int rc = mc__jld_process(
					    &x->st, map_ctx, it->context, it->context_base,
					    it->context_builtin ? MC__JLD_BUILTIN : 0, &map_ctx);
					if (rc)
						return rc;
				}
			}
		}
		const char *eidx;
		size_t eidx_len;
		expand_vocab(x, ctx, m->key.ptr, m->key.len, &eidx, &eidx_len);
		bool none = is_kw(eidx, "@none");
		struct mc_json iv;
		const struct mc_json *src = &m->value;
		struct mc_json one;
		if (src->type != MC_JSON_ARRAY) {
			/* Wrap in a one-item array without copying the value. */
			mc_json_set_array(&one);
			one.v.items = (struct mc_json *)src;
			one.len = 1;
			one.n.cap = 1;
			src = &one;
		}
		int rc = expand(x, map_ctx, key, key_len, mc__jld_lookup(map_ctx, key, key_len), src, &p,
		                true, false, &iv);
		if (rc)
			return rc;
		if (iv.type != MC_JSON_ARRAY)
			continue;
		for (uint32_t i = 0; i < iv.len; i++) {
			struct mc_json item = iv.v.items[i];
			if ((c & MC__JLD_C_GRAPH) && !is_graph_object(&item)) {
				struct mc_json g;
				mc_json_set_object(&g);
				struct mc_json *arr = mc_json_object_push_ref(a, &g, "@graph", 6);
				mc_json_set_array(arr);
				mc_json_array_append(a, arr, &item);
				item = g;
			}
			if ((c & MC__JLD_C_INDEX) && !plain_index && !none) {
				if (is_value_object(&item))
					return xfail(x, &p, "invalid value object",
					             "a property-valued index map cannot hold value objects");
				if (item.type != MC_JSON_OBJECT)
					continue;
				const struct mc__jld_term *kt =
				    mc__jld_lookup(ctx, index_key, strlen(index_key));
				struct mc_json idxv;
				struct mc_json keystr;
				set_str(&keystr, m->key.ptr, m->key.len);
				rc = expand_value(x, ctx, kt, &keystr, &p, &idxv);
				if (rc)
					return rc;
				const char *eik;
				size_t eik_len;
				expand_vocab(x, ctx, index_key, strlen(index_key), &eik, &eik_len);
				if (!eik)
					continue;
				struct mc_json vals;
				mc_json_set_array(&vals);
				mc_json_array_append(a, &vals, &idxv);
				struct mc_json *old = ogetn(&item, eik, eik_len);
				if (old) {
					if (old->type == MC_JSON_ARRAY)
						for (uint32_t j = 0; j < old->len; j++)
							mc_json_array_append(a, &vals, &old->v.items[j]);
					else
						mc_json_array_append(a, &vals, old);
				}
				oset(a, &item, eik, eik_len, &vals);
			} else if ((c & MC__JLD_C_INDEX) && item.type == MC_JSON_OBJECT &&
			           !oget(&item, "@index") && !none) {
				struct mc_json s;
				set_str(&s, m->key.ptr, m->key.len);
				*mc_json_object_push_ref(a, &item, "@index", 6) = s;
			} else if ((c & MC__JLD_C_ID) && item.type == MC_JSON_OBJECT && !oget(&item, "@id") &&
			           !none) {
				const char *iri;
				size_t il;
				mc__jld_expand_iri(a, ctx, m->key.ptr, m->key.len, true, false, &iri, &il);
				rc = check_id(x, &p, m->key.ptr, iri, il, "@id map key");
				if (rc)
					return rc;
				if (iri)
					set_str(mc_json_object_push_ref(a, &item, "@id", 3), iri, il);
			} else if ((c & MC__JLD_C_TYPE) && item.type == MC_JSON_OBJECT && !none) {
				rc = check_id(x, &p, m->key.ptr, eidx, eidx_len, "@type map key");
				if (rc)
					return rc;
				struct mc_json types;
				mc_json_set_array(&types);
				struct mc_json s;
				set_str(&s, eidx, eidx_len);
				mc_json_array_append(a, &types, &s);
				struct mc_json *old = oget(&item, "@type");
				if (old) {
					if (old->type == MC_JSON_ARRAY)
						for (uint32_t j = 0; j < old->len; j++)
							mc_json_array_append(a, &types, &old->v.items[j]);
					else
						mc_json_array_append(a, &types, old);
				}
				oset(a, &item, "@type", 5, &types);
			}
			mc_json_array_append(a, out, &item);
		}
	}
	return 0;
}

static const char *const undefined_hint = "define it in a context or add " UNDEFINED_TERMS_URL " to @context";

/* Expands one keyword entry (API §5.1 step 13.4). */
static int expand_keyword(struct xst *x, const struct mc__jld_ctx *ctx, const struct mc__jld_ctx *type_ctx,
                          const char *ap, size_t ap_len, const char *kw, const struct mc_json *value,
                          bool input_json, const struct mc__jld_path *p, struct mc_json *result,
                          struct nest_list *nests, const char *key, size_t key_len)
{
	struct mc_arena *a = x->st.a;
	bool v10 = ctx->json_ld_10;
	if (ap && ap_len == 8 && memcmp(ap, "@reverse", 8) == 0)
		return xfail(x, p, "invalid reverse property map", "a @reverse map cannot contain keyword %s",
		             kw);
	if (oget(result, kw) && !(strcmp(kw, "@included") == 0 || (!v10 && strcmp(kw, "@type") == 0)))
		return xfail(x, p, "colliding keywords", "%s appears more than once (through an alias?)", kw);

	if (strcmp(kw, "@id") == 0) {
		if (value->type != MC_JSON_STRING)
			return xfail(x, p, "invalid @id value", "@id must be a string");
		const char *iri;
		size_t il;
		mc__jld_expand_iri(a, ctx, value->v.str, value->len, true, false, &iri, &il);
		int rc = check_id(x, p, value->v.str, iri, il, "@id");
		if (rc)
			return rc;
		struct mc_json s;
		if (iri)
			set_str(&s, iri, il);
		else
			mc_json_set_null(&s); /* kept, as the test suite expects */
		oset(a, result, "@id", 3, &s);
		return 0;
	}
	if (strcmp(kw, "@type") == 0) {
		const struct mc_json *items = value;
		uint32_t n = 1;
		if (value->type == MC_JSON_ARRAY) {
			items = value->v.items;
			n = value->len;
		}
		for (uint32_t i = 0; i < n; i++)
			if (items[i].type != MC_JSON_STRING)
				return xfail(x, p, "invalid type value",
				             "@type must be a string or an array of strings");
		struct mc_json ev;
		mc_json_set_null(&ev);
		if (value->type == MC_JSON_ARRAY)
			mc_json_set_array(&ev);
		for (uint32_t i = 0; i < n; i++) {
			const char *iri;
			size_t il;
			bool absolute;
			const struct mc__jld_term *tt =
			    mc__jld_lookup(type_ctx, items[i].v.str, items[i].len);
			if (tt && tt->iri) {
				iri = tt->iri;
				il = tt->iri_len;
				absolute = tt->iri_absolute;
			} else {
				mc__jld_expand_iri(a, type_ctx, items[i].v.str, items[i].len, true, true,
				                   &iri, &il);
				absolute = iri && mc__iri_is_strict_absolute(iri, il);
			}
			if (x->safe && !is_kw(iri, "@json")) {
				if (!absolute)
					return xfail(
					    x, p, "safe mode violation",
					    "type '%s' is not defined by any context and is not an absolute "
					    "IRI (it would be dropped); %s",
					    items[i].v.str, undefined_hint);
			}
			if (!iri)
				continue;
			if (value->type == MC_JSON_ARRAY) {
				struct mc_json s;
				set_str(&s, iri, il);
				mc_json_array_append(a, &ev, &s);
			} else {
				set_str(&ev, iri, il);
			}
		}
		if (value->type != MC_JSON_ARRAY && n == 1 && ev.type != MC_JSON_STRING)
			return 0;
		struct mc_json *old = oget(result, "@type");
		if (old) {
			struct mc_json merged;
			mc_json_set_array(&merged);
			if (old->type == MC_JSON_ARRAY)
				for (uint32_t j = 0; j < old->len; j++)
					mc_json_array_append(a, &merged, &old->v.items[j]);
			else
				mc_json_array_append(a, &merged, old);
			if (ev.type == MC_JSON_ARRAY)
				for (uint32_t j = 0; j < ev.len; j++)
					mc_json_array_append(a, &merged, &ev.v.items[j]);
			else
				mc_json_array_append(a, &merged, &ev);
			*old = merged;
		} else {
			oset(a, result, "@type", 5, &ev);
		}
		return 0;
	}
	if (strcmp(kw, "@graph") == 0) {
		if (value->type != MC_JSON_OBJECT && value->type != MC_JSON_ARRAY)
			return xfail(x, p, "invalid @graph value", "@graph must be an object or an array");
		struct mc_json ev;
		int rc = expand(x, ctx, "@graph", 6, NULL, value, p, false, false, &ev);
		if (rc)
			return rc;
		struct mc_json arr;
		if (ev.type == MC_JSON_ARRAY) {
			arr = ev;
		} else {
			mc_json_set_array(&arr);
			if (ev.type != MC_JSON_NULL)
				mc_json_array_append(a, &arr, &ev);
		}
		oset(a, result, "@graph", 6, &arr);
		return 0;
	}
	if (strcmp(kw, "@included") == 0) {
		if (v10)
			return 0;
		/* Check the input: a scalar, value or list object would be dropped as
		 * free-floating before the check on the expanded nodes could see it. */
		const struct mc_json *raw = value;
		uint32_t rn = 1;
		if (value->type == MC_JSON_ARRAY) {
			raw = value->v.items;
			rn = value->len;
		}
		for (uint32_t i = 0; i < rn; i++) {
			if (raw[i].type != MC_JSON_OBJECT)
				return xfail(x, p, "invalid @included value",
				             "@included must hold node objects");
			for (uint32_t q = 0; q < raw[i].len; q++) {
				const char *e = mc__jld_key_keyword(ctx, raw[i].v.members[q].key.ptr,
				                                    raw[i].v.members[q].key.len);
				if (is_kw(e, "@value") || is_kw(e, "@list") || is_kw(e, "@set"))
					return xfail(x, p, "invalid @included value",
					             "@included must hold node objects, not %s objects", e);
			}
		}
		struct mc_json ev;
		int rc = expand(x, ctx, NULL, 0, NULL, value, p, false, false, &ev);
		if (rc)
			return rc;
		struct mc_json arr;
		if (ev.type == MC_JSON_ARRAY) {
			arr = ev;
		} else {
			mc_json_set_array(&arr);
			if (ev.type != MC_JSON_NULL)
				mc_json_array_append(a, &arr, &ev);
		}
		for (uint32_t i = 0; i < arr.len; i++) {
			const struct mc_json *it = &arr.v.items[i];
			if (it->type != MC_JSON_OBJECT || ohas(it, "@value") || ohas(it, "@list") ||
			    ohas(it, "@set"))
				return xfail(x, p, "invalid @included value",
				             "@included must hold node objects");
		}
		add_value(a, result, "@included", 9, &arr);
		return 0;
	}
	if (strcmp(kw, "@value") == 0) {
		if (input_json) {
			if (v10)
				return xfail(x, p, "invalid value object value", "@json needs JSON-LD 1.1");
		} else if (value->type == MC_JSON_ARRAY || value->type == MC_JSON_OBJECT) {
			return xfail(x, p, "invalid value object value",
			             "@value must be a string, number, boolean or null");
		}
		oset(a, result, "@value", 6, value);
		return 0;
	}
	if (strcmp(kw, "@language") == 0) {
		if (value->type != MC_JSON_STRING)
			return xfail(x, p, "invalid language-tagged string", "@language must be a string");
		if (x->safe && !mc__jld_language_ok(value->v.str, value->len))
			return xfail(x, p, "safe mode violation", "'%s' is not a valid language tag",
			             value->v.str);
		char *lang = mc_arena_strndup(a, value->v.str, value->len);
		for (char *c = lang; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c + 32);
		struct mc_json s;
		set_str(&s, lang, value->len);
		oset(a, result, "@language", 9, &s);
		return 0;
	}
	if (strcmp(kw, "@direction") == 0) {
		if (v10)
			return 0;
		if (!(mc_json_is_string(value) && (mc_slice_eq_cstr(mc_json_slice(value), "ltr") ||
		                                   mc_slice_eq_cstr(mc_json_slice(value), "rtl"))))
			return xfail(x, p, "invalid base direction", "@direction must be \"ltr\" or \"rtl\"");
		oset(a, result, "@direction", 10, value);
		return 0;
	}
	if (strcmp(kw, "@index") == 0) {
		if (value->type != MC_JSON_STRING)
			return xfail(x, p, "invalid @index value", "@index must be a string");
		oset(a, result, "@index", 6, value);
		return 0;
	}
	if (strcmp(kw, "@list") == 0) {
		if (!ap || ap_is_graph(ctx, ap, ap_len)) {
			if (x->safe)
				return xfail(
				    x, p, "safe mode violation",
				    "a free-floating @list (not the value of a property) would be dropped");
			return 0;
		}
		struct mc_json ev;
		int rc =
		    expand(x, ctx, ap, ap_len, mc__jld_lookup(ctx, ap, ap_len), value, p, false, true, &ev);
		if (rc)
			return rc;
		struct mc_json arr;
		if (ev.type == MC_JSON_ARRAY) {
			arr = ev;
		} else {
			mc_json_set_array(&arr);
			if (ev.type != MC_JSON_NULL)
				mc_json_array_append(a, &arr, &ev);
		}
		oset(a, result, "@list", 5, &arr);
		return 0;
	}
	if (strcmp(kw, "@set") == 0) {
		struct mc_json ev;
		int rc = expand(x, ctx, ap, ap_len, ap ? mc__jld_lookup(ctx, ap, ap_len) : NULL, value, p,
		                false, false, &ev);
		if (rc)
			return rc;
		if (ev.type != MC_JSON_NULL)
			oset(a, result, "@set", 4, &ev);
		else {
			struct mc_json empty;
			mc_json_set_array(&empty);
			oset(a, result, "@set", 4, &empty);
		}
		return 0;
	}
	if (strcmp(kw, "@reverse") == 0) {
		if (value->type != MC_JSON_OBJECT)
			return xfail(x, p, "invalid @reverse value", "@reverse must be an object");
		struct mc_json ev;
		int rc = expand(x, ctx, "@reverse", 8, NULL, value, p, false, false, &ev);
		if (rc)
			return rc;
		if (ev.type != MC_JSON_OBJECT)
			return 0;
		for (uint32_t i = 0; i < ev.len; i++) {
			struct mc_json_member *m = &ev.v.members[i];
			if (mc_slice_eq_cstr(m->key, "@reverse")) {
				if (m->value.type != MC_JSON_OBJECT)
					continue;
				for (uint32_t j = 0; j < m->value.len; j++) {
					struct mc_json_member *rm = &m->value.v.members[j];
					add_value(a, result, rm->key.ptr, rm->key.len, &rm->value);
				}
				continue;
			}
			struct mc_json *rmap = oget(result, "@reverse");
			if (!rmap) {
				rmap = mc_json_object_push_ref(a, result, "@reverse", 8);
				mc_json_set_object(rmap);
			}
			const struct mc_json *items = &m->value;
			uint32_t n = 1;
			if (items->type == MC_JSON_ARRAY) {
				n = items->len;
				items = items->v.items;
			}
			for (uint32_t j = 0; j < n; j++) {
				if (is_value_object(&items[j]) || is_list_object(&items[j]))
					return xfail(
					    x, p, "invalid reverse property value",
					    "a reverse property cannot have a value or list object as value");
				rmap = oget(result, "@reverse");
				add_value(a, rmap, m->key.ptr, m->key.len, &items[j]);
			}
		}
		return 0;
	}
	if (strcmp(kw, "@nest") == 0) {
		if (v10)
			return 0;
		if (nests->n == sizeof nests->keys / sizeof nests->keys[0])
			return xfail(x, p, "invalid @nest value", "too many @nest entries in one object");
		nests->keys[nests->n] = key;
		nests->lens[nests->n] = key_len;
		nests->n++;
		return 0;
	}
	/* @context handled by the caller; other keywords (framing) are ignored. */
	if (x->safe)
		return xfail(x, p, "safe mode violation",
		             "keyword %s is not allowed here and would be dropped", kw);
	return 0;
}

static int expand_members(struct xst *x, const struct mc__jld_ctx *ctx, const struct mc__jld_ctx *type_ctx,
                          const char *ap, size_t ap_len, const struct mc_json *el, const uint32_t *idx,
                          bool input_json, const struct mc__jld_path *path, struct mc_json *result)
{
	struct mc_arena *a = x->st.a;
	struct nest_list nests = {.n = 0};
	uint32_t sbuf[48];
	if (!idx)
		idx = sorted_members(a, el, sbuf, 48);
	for (uint32_t k = 0; k < el->len; k++) {
		const struct mc_json_member *m = &el->v.members[idx[k]];
		const char *key = m->key.ptr;
		size_t key_len = m->key.len;
		const struct mc_json *value = &m->value;
		struct mc__jld_path p = {path, key, key_len, 0};
		if (key_len == 8 && memcmp(key, "@context", 8) == 0)
			continue;
		const struct mc__jld_term *td = mc__jld_lookup(ctx, key, key_len);
		const char *prop;
		size_t prop_len;
		if (td && !(key_len > 0 && key[0] == '@')) {
			prop = td->iri;
			prop_len = td->iri_len;
		} else {
			mc__jld_expand_iri(a, ctx, key, key_len, false, true, &prop, &prop_len);
		}
		if (x->obs && el == x->obs->root) {
			struct mc__jld_obs_member *om = &x->obs->m[idx[k]];
			om->prop = prop;
			om->prop_len = prop ? prop_len : 0;
		}
		/* Expansion only yields a string starting with '@' for a keyword: term
		 * definitions and expand_iri reject other keyword-like values. */
		bool keyword = prop && prop[0] == '@';
		if (!prop || (!keyword && !memchr(prop, ':', prop_len))) {
			if (x->safe) {
				char where[200];
				path_format(&p, where, sizeof where);
				return mc__jld_fail(
				    x->st.err, MC_EINVAL, "safe mode violation",
				    "term '%s' at %s is not defined by any context (it would be dropped); %s",
				    key, where, undefined_hint);
			}
			continue;
		}
		if (keyword) {
			int rc = expand_keyword(x, ctx, type_ctx, ap, ap_len, prop, value, input_json, &p,
			                        result, &nests, key, key_len);
			if (rc)
				return rc;
			continue;
		}
		if (x->safe &&
		    !(td && prop == td->iri ? td->iri_absolute : mc__iri_is_strict_absolute(prop, prop_len)))
			return xfail(x, &p, "safe mode violation",
			             "property '%s' expands to '%s', which is not an absolute IRI (it would "
			             "be dropped); %s",
			             key, prop, undefined_hint);

		uint16_t container = td ? td->container : 0;
		struct mc_json ev;
		int rc;
		if (td && is_kw(td->type, "@json")) {
			mc_json_set_object(&ev);
			*mc_json_object_push_ref(a, &ev, "@value", 6) = *value;
			set_str(mc_json_object_push_ref(a, &ev, "@type", 5), "@json", 5);
		} else if ((container & MC__JLD_C_LANGUAGE) && value->type == MC_JSON_OBJECT) {
			rc = expand_language_map(x, ctx, td, value, &p, &ev);
			if (rc)
				return rc;
		} else if ((container & (MC__JLD_C_INDEX | MC__JLD_C_TYPE | MC__JLD_C_ID)) &&
		           value->type == MC_JSON_OBJECT) {
			rc = expand_index_map(x, ctx, key, key_len, td, value, &p, &ev);
			if (rc)
				return rc;
		} else {
			rc = expand(x, ctx, key, key_len, td, value, &p, false, false, &ev);
			if (rc)
				return rc;
		}
		if (ev.type == MC_JSON_NULL)
			continue;
		if ((container & MC__JLD_C_LIST) && !is_list_object(&ev)) {
			struct mc_json l;
			mc_json_set_object(&l);
			struct mc_json *arr = mc_json_object_push_ref(a, &l, "@list", 5);
			if (ev.type == MC_JSON_ARRAY) {
				*arr = ev;
			} else {
				mc_json_set_array(arr);
				mc_json_array_append(a, arr, &ev);
			}
			ev = l;
		}
		if ((container & MC__JLD_C_GRAPH) && !(container & (MC__JLD_C_ID | MC__JLD_C_INDEX))) {
			struct mc_json items;
			if (ev.type == MC_JSON_ARRAY) {
				items = ev;
			} else {
				mc_json_set_array(&items);
				mc_json_array_append(a, &items, &ev);
			}
			struct mc_json g;
			mc_json_set_array(&g);
			for (uint32_t i = 0; i < items.len; i++) {
				struct mc_json *go = mc_json_array_push(a, &g);
				mc_json_set_object(go);
				struct mc_json *arr = mc_json_object_push_ref(a, go, "@graph", 6);
				if (items.v.items[i].type == MC_JSON_ARRAY) {
					*arr = items.v.items[i];
				} else {
					mc_json_set_array(arr);
					mc_json_array_append(a, arr, &items.v.items[i]);
				}
			}
			ev = g;
		}
		if (td && td->reverse) {
			struct mc_json *rmap = oget(result, "@reverse");
			if (!rmap) {
				rmap = mc_json_object_push_ref(a, result, "@reverse", 8);
				mc_json_set_object(rmap);
			}
			const struct mc_json *items = &ev;
			uint32_t n = 1;
			if (ev.type == MC_JSON_ARRAY) {
				n = ev.len;
				items = ev.v.items;
			}
			for (uint32_t j = 0; j < n; j++) {
				if (is_value_object(&items[j]) || is_list_object(&items[j]))
					return xfail(x, &p, "invalid reverse property value",
					             "reverse property '%s' cannot have a value or list "
					             "object as value",
					             key);
				rmap = oget(result, "@reverse");
				add_value(a, rmap, prop, prop_len, &items[j]);
			}
		} else {
			add_value(a, result, prop, prop_len, &ev);
		}
	}

	/* Step 14: nested properties. */
	for (unsigned i = 0; i < nests.n; i++) {
		struct mc__jld_path p = {path, nests.keys[i], nests.lens[i], 0};
		const struct mc_json *nv = ogetn((struct mc_json *)el, nests.keys[i], nests.lens[i]);
		const struct mc_json *items = nv;
		uint32_t n = 1;
		if (nv->type == MC_JSON_ARRAY) {
			n = nv->len;
			items = nv->v.items;
		}
		/* A term aliasing @nest may carry a property-scoped context. */
		const struct mc__jld_ctx *nctx = ctx;
		const struct mc__jld_term *nt = mc__jld_lookup(ctx, nests.keys[i], nests.lens[i]);
		if (nt && nt->has_context) {
			int rc = mc__jld_process(
			    &x->st, ctx, nt->context, nt->context_base,
			    MC__JLD_OVERRIDE_PROTECTED | (nt->context_builtin ? MC__JLD_BUILTIN : 0), &nctx);
			if (rc)
				return rc;
		}
		for (uint32_t j = 0; j < n; j++) {
			const struct mc_json *it = &items[j];
			if (it->type != MC_JSON_OBJECT)
				return xfail(x, &p, "invalid @nest value", "@nest values must be objects");
			for (uint32_t q = 0; q < it->len; q++) {
				const char *e = mc__jld_key_keyword(nctx, it->v.members[q].key.ptr,
				                                    it->v.members[q].key.len);
				if (is_kw(e, "@value"))
					return xfail(x, &p, "invalid @nest value",
					             "@nest values cannot hold @value");
			}
			int rc =
			    expand_members(x, nctx, type_ctx, ap, ap_len, it, NULL, input_json, &p, result);
			if (rc)
				return rc;
		}
	}
	return 0;
}

static int expand_object(struct xst *x, const struct mc__jld_ctx *ctx, const char *ap, size_t ap_len,
                         const struct mc__jld_term *ap_def, const struct mc_json *el,
                         const struct mc__jld_path *path, bool from_map, bool inside_list,
                         struct mc_json *out)
{
	struct mc_arena *a = x->st.a;
	bool top = ap_graph(ap, ap_len, ap_def);
	int rc;

	/* Step 7: a non-propagated (type-scoped) context ends at a new node object. */
	if (ctx->previous && !from_map) {
		bool revert = true;
		for (uint32_t i = 0; i < el->len && revert; i++) {
			const char *e =
			    mc__jld_key_keyword(ctx, el->v.members[i].key.ptr, el->v.members[i].key.len);
			if (is_kw(e, "@value") || (el->len == 1 && is_kw(e, "@id")))
				revert = false;
		}
		if (revert)
			ctx = ctx->previous;
	}
	if (ap_def && ap_def->has_context) {
		rc = mc__jld_process(
		    &x->st, ctx, ap_def->context, ap_def->context_base,
		    MC__JLD_OVERRIDE_PROTECTED | (ap_def->context_builtin ? MC__JLD_BUILTIN : 0), &ctx);
		if (rc)
			return rc;
	}
	const struct mc_json *local = mc_json_get(el, "@context");
	if (local) {
		rc = mc__jld_process(&x->st, ctx, local, x->doc_base, 0, &ctx);
		if (rc) {
			char where[200];
			path_format(path, where, sizeof where);
			mc_err_prefix(x->st.err, "%s.@context", where);
			return rc;
		}
	}
	const struct mc__jld_ctx *type_ctx = ctx;

	/* Steps 11-12: type-scoped contexts, in key order then value order. */
	uint32_t sbuf[48];
	uint32_t *idx = sorted_members(a, el, sbuf, 48);
	bool input_json = false;
	bool seen_type = false;
	for (uint32_t k = 0; k < el->len; k++) {
		const struct mc_json_member *m = &el->v.members[idx[k]];
		if (!is_kw(mc__jld_key_keyword(type_ctx, m->key.ptr, m->key.len), "@type"))
			continue;
		const struct mc_json *v = &m->value;
		const struct mc_json *items = v;
		uint32_t n = 1;
		if (v->type == MC_JSON_ARRAY) {
			n = v->len;
			items = v->v.items;
		}
		/* Sort the string values; small arrays, so insertion sort on pointers. */
		const struct mc_json *tbuf[16];
		const struct mc_json **tv = n <= 16 ? tbuf : mc_arena_alloc(a, sizeof *tv * n);
		uint32_t tn = 0;
		for (uint32_t i = 0; i < n; i++) {
			if (items[i].type != MC_JSON_STRING)
				continue;
			uint32_t j = tn++;
			while (j > 0 && strcmp(tv[j - 1]->v.str, items[i].v.str) > 0) {
				tv[j] = tv[j - 1];
				j--;
			}
			tv[j] = &items[i];
		}
		for (uint32_t i = 0; i < tn; i++) {
			const struct mc__jld_term *t = mc__jld_lookup(type_ctx, tv[i]->v.str, tv[i]->len);
			if (t && t->has_context) {
				rc = mc__jld_process(
				    &x->st, ctx, t->context, t->context_base,
				    MC__JLD_NO_PROPAGATE | (t->context_builtin ? MC__JLD_BUILTIN : 0), &ctx);
				if (rc)
					return rc;
			}
		}
		if (!seen_type && n > 0 && items[n - 1].type == MC_JSON_STRING) {
			const char *ti;
			size_t tl;
			mc__jld_expand_iri(a, ctx, items[n - 1].v.str, items[n - 1].len, true, true, &ti,
			                   &tl);
			input_json = is_kw(ti, "@json");
		}
		seen_type = true;
	}

	struct mc_json result;
	mc_json_set_object(&result);
	rc = expand_members(x, ctx, type_ctx, ap, ap_len, el, idx, input_json, path, &result);
	if (rc)
		return rc;

	/* Steps 15-19. One pass finds the keyword entries. */
	struct mc_json *val = NULL, *type = NULL, *set = NULL, *lang = NULL;
	bool has_dir = false, has_index = false, has_list = false, has_id = false, other = false;
	for (uint32_t i = 0; i < result.len; i++) {
		struct mc_json_member *m = &result.v.members[i];
		const char *k = m->key.ptr;
		size_t kl = m->key.len;
		if (kl < 3 || k[0] != '@') {
			other = true;
			continue;
		}
		switch (k[1]) {
		case 'v':
			if (kl == 6 && memcmp(k, "@value", 6) == 0) {
				val = &m->value;
				continue;
			}
			break;
		case 't':
			if (kl == 5 && memcmp(k, "@type", 5) == 0) {
				type = &m->value;
				continue;
			}
			break;
		case 's':
			if (kl == 4 && memcmp(k, "@set", 4) == 0) {
				set = &m->value;
				continue;
			}
			break;
		case 'l':
			if (kl == 9 && memcmp(k, "@language", 9) == 0) {
				lang = &m->value;
				continue;
			}
			if (kl == 5 && memcmp(k, "@list", 5) == 0) {
				has_list = true;
				continue;
			}
			break;
		case 'd':
			if (kl == 10 && memcmp(k, "@direction", 10) == 0) {
				has_dir = true;
				continue;
			}
			break;
		case 'i':
			if (kl == 6 && memcmp(k, "@index", 6) == 0) {
				has_index = true;
				continue;
			}
			if (kl == 3 && memcmp(k, "@id", 3) == 0) {
				has_id = true;
				continue;
			}
			break;
		}
		other = true;
	}
	if (val) {
		if (other || has_list || set || has_id) {
			for (uint32_t i = 0; i < result.len; i++) {
				struct mc_slice k = result.v.members[i].key;
				if (!mc_slice_eq_cstr(k, "@direction") && !mc_slice_eq_cstr(k, "@index") &&
				    !mc_slice_eq_cstr(k, "@language") && !mc_slice_eq_cstr(k, "@type") &&
				    !mc_slice_eq_cstr(k, "@value"))
					return xfail(x, path, "invalid value object",
					             "a value object cannot have the entry '%.*s'",
					             (int)k.len, k.ptr);
			}
		}
		if (type && (lang || has_dir))
			return xfail(x, path, "invalid value object",
			             "a value object cannot have both @type and @language/@direction");
		if (type && type->type == MC_JSON_STRING && strcmp(type->v.str, "@json") == 0) {
			/* JSON literal: any @value */
		} else if (val->type == MC_JSON_NULL) {
			if (x->safe)
				return xfail(x, path, "safe mode violation",
				             "a null @value would be dropped");
			mc_json_set_null(out);
			return 0;
		} else if (val->type != MC_JSON_STRING && lang) {
			return xfail(x, path, "invalid language-tagged value",
			             "only strings can have a @language");
		} else if (type && (type->type != MC_JSON_STRING ||
		                    !mc__iri_is_strict_absolute(type->v.str, type->len) ||
		                    mc__iri_is_bnode(type->v.str, type->len))) {
			return xfail(x, path, "invalid typed value", "the @type of a value must be an IRI");
		}
	} else if (type && type->type != MC_JSON_ARRAY) {
		struct mc_json arr;
		mc_json_set_array(&arr);
		mc_json_array_append(a, &arr, type);
		*type = arr;
	} else if (set || has_list) {
		if (result.len > 2 || (result.len == 2 && !has_index))
			return xfail(x, path, "invalid set or list object",
			             "@set and @list objects may only also have @index");
		if (set) {
			*out = *set;
			return 0;
		}
	}
	if (result.len == 1 && lang) {
		if (x->safe)
			return xfail(x, path, "safe mode violation",
			             "an object with only @language would be dropped");
		mc_json_set_null(out);
		return 0;
	}
	if (top) {
		const char *why = NULL;
		if (result.len == 0)
			why = "an empty object";
		else if (val)
			why = "a free-floating value";
		else if (has_list)
			why = "a free-floating list";
		else if (result.len == 1 && has_id)
			why = "an object with only @id";
		if (why && !inside_list) {
			if (x->safe)
				return xfail(x, path, "safe mode violation",
				             "%s at the top level (or in @graph) would be dropped", why);
			mc_json_set_null(out);
			return 0;
		}
	}
	*out = result;
	return 0;
}

static int expand(struct xst *x, const struct mc__jld_ctx *ctx, const char *ap, size_t ap_len,
                  const struct mc__jld_term *ap_td, const struct mc_json *el, const struct mc__jld_path *path,
                  bool from_map, bool inside_list, struct mc_json *out)
{
	if (el->type == MC_JSON_NULL) {
		mc_json_set_null(out);
		return 0;
	}
	if (++x->depth > MAX_DEPTH) {
		x->depth--;
		return mc_err_set(x->st.err, MC_ELIMIT, "JSON-LD expansion: nesting deeper than %d levels",
		                  MAX_DEPTH);
	}
	int rc;
	if (el->type == MC_JSON_ARRAY) {
		rc = expand_array(x, ctx, ap, ap_len, ap_td, el, path, from_map, inside_list, out);
	} else if (el->type == MC_JSON_OBJECT) {
		rc = expand_object(x, ctx, ap, ap_len, ap_td, el, path, from_map, inside_list, out);
	} else {
		rc = 0;
		if (!inside_list && ap_graph(ap, ap_len, ap_td)) {
			if (x->safe)
				rc = xfail(
				    x, path, "safe mode violation",
				    "a free-floating value (not the value of a property) would be dropped");
			else
				mc_json_set_null(out);
		} else {
			const struct mc__jld_term *td = ap_td;
			if (td && td->has_context) {
				rc = mc__jld_process(&x->st, ctx, td->context, td->context_base,
				                     MC__JLD_OVERRIDE_PROTECTED |
				                         (td->context_builtin ? MC__JLD_BUILTIN : 0),
				                     &ctx);
				if (rc == 0)
					td = mc__jld_lookup(ctx, ap, ap_len);
			}
			if (rc == 0)
				rc = expand_value(x, ctx, td, el, path, out);
		}
	}
	x->depth--;
	return rc;
}

int mc_jsonld_expand(struct mc_arena *a, const struct mc_json *doc, const struct mc_jsonld_opts *opts,
                     struct mc_json **out, struct mc_err *err)
{
	return mc__jsonld_expand_observed(a, doc, opts, NULL, out, err);
}

int mc__jsonld_expand_observed(struct mc_arena *a, const struct mc_json *doc,
                               const struct mc_jsonld_opts *opts, struct mc__jld_observer *obs,
                               struct mc_json **out, struct mc_err *err)
{
	static const struct mc_jsonld_opts defaults = {.safe = false};
	if (!opts)
		opts = &defaults;
	struct xst x = {
	    .st = {.a = a, .opts = opts, .err = err},
	    .doc_base = opts->base,
	    .safe = opts->safe,
	    .obs = obs && mc_json_is_object(obs->root) ? obs : NULL,
	};
	if (x.obs)
		memset(obs->m, 0, obs->root->len * sizeof(*obs->m));
	*out = NULL;
	const struct mc__jld_ctx *ctx = mc__jld_initial_ctx(&x.st);
	int rc;
	if (opts->expand_context) {
		const struct mc_json *ec = opts->expand_context;
		/* An expandContext may be given as a document with a @context entry. */
		if (ec->type == MC_JSON_OBJECT && mc_json_get(ec, "@context"))
			ec = mc_json_get(ec, "@context");
		rc = mc__jld_process(&x.st, ctx, ec, opts->base, 0, &ctx);
		if (rc)
			return mc_err_prefix(err, "expandContext");
	}
	struct mc_json r;
	rc = expand(&x, ctx, NULL, 0, NULL, doc, NULL, false, false, &r);
	if (rc)
		return rc;
	struct mc_json *res = mc_json_new_array(a);
	if (r.type == MC_JSON_OBJECT && r.len == 1 && oget(&r, "@graph")) {
		r = *oget(&r, "@graph");
	}
	if (r.type == MC_JSON_ARRAY) {
		*res = r;
	} else if (r.type != MC_JSON_NULL) {
		mc_json_array_append(a, res, &r);
	}
	*out = res;
	return 0;
}
