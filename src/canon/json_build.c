/* Building, reading and comparing JSON trees: see include/microcred/json.h. */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "microcred/json.h"

static struct mc_json *new_value(struct mc_arena *a, enum mc_json_type t)
{
	struct mc_json *v = mc_arena_alloc(a, sizeof(*v));
	v->type = (uint8_t)t;
	v->flags = 0;
	v->len = 0;
	v->v.str = NULL;
	v->n.i = 0;
	return v;
}

void mc_json_set_null(struct mc_json *v)
{
	memset(v, 0, sizeof(*v));
	v->type = MC_JSON_NULL;
}

void mc_json_set_bool(struct mc_json *v, bool b)
{
	memset(v, 0, sizeof(*v));
	v->type = b ? MC_JSON_TRUE : MC_JSON_FALSE;
}

void mc_json_set_int(struct mc_arena *a, struct mc_json *v, int64_t i)
{
	char tmp[24];
	int n = snprintf(tmp, sizeof(tmp), "%" PRId64, i);
	v->type = MC_JSON_NUMBER;
	v->flags = MC_JSON_F_INT;
	v->len = (uint32_t)n;
	v->v.raw = mc_arena_strndup(a, tmp, (size_t)n);
	v->n.i = i;
}

void mc_json_set_double(struct mc_arena *a, struct mc_json *v, double d)
{
	char tmp[32];
	size_t n = mc_jcs_format_double(isfinite(d) ? d : 0, tmp);
	v->type = MC_JSON_NUMBER;
	v->flags = 0;
	v->len = (uint32_t)n;
	v->v.raw = mc_arena_strndup(a, tmp, n);
	v->n.d = d;
}

void mc_json_set_string(struct mc_arena *a, struct mc_json *v, const char *s, size_t len)
{
	v->type = MC_JSON_STRING;
	v->flags = 0;
	v->len = (uint32_t)len;
	v->v.str = mc_arena_strndup(a, s, len);
	v->n.i = 0;
}

void mc_json_set_string_ref(struct mc_json *v, const char *s, size_t len)
{
	v->type = MC_JSON_STRING;
	v->flags = 0;
	v->len = (uint32_t)len;
	v->v.str = s;
	v->n.i = 0;
}

void mc_json_set_array(struct mc_json *v)
{
	memset(v, 0, sizeof(*v));
	v->type = MC_JSON_ARRAY;
}

void mc_json_set_object(struct mc_json *v)
{
	memset(v, 0, sizeof(*v));
	v->type = MC_JSON_OBJECT;
}

struct mc_json *mc_json_new_null(struct mc_arena *a)
{
	return new_value(a, MC_JSON_NULL);
}

struct mc_json *mc_json_new_bool(struct mc_arena *a, bool b)
{
	return new_value(a, b ? MC_JSON_TRUE : MC_JSON_FALSE);
}

struct mc_json *mc_json_new_int(struct mc_arena *a, int64_t i)
{
	struct mc_json *v = new_value(a, MC_JSON_NUMBER);
	mc_json_set_int(a, v, i);
	return v;
}

struct mc_json *mc_json_new_double(struct mc_arena *a, double d)
{
	struct mc_json *v = new_value(a, MC_JSON_NUMBER);
	mc_json_set_double(a, v, d);
	return v;
}

struct mc_json *mc_json_new_string(struct mc_arena *a, const char *s, size_t len)
{
	struct mc_json *v = new_value(a, MC_JSON_STRING);
	mc_json_set_string(a, v, s, len);
	return v;
}

struct mc_json *mc_json_new_cstr(struct mc_arena *a, const char *s)
{
	return mc_json_new_string(a, s, strlen(s));
}

struct mc_json *mc_json_new_string_ref(struct mc_arena *a, const char *s, size_t len)
{
	struct mc_json *v = new_value(a, MC_JSON_STRING);
	mc_json_set_string_ref(v, s, len);
	return v;
}

struct mc_json *mc_json_new_array(struct mc_arena *a)
{
	return new_value(a, MC_JSON_ARRAY);
}

struct mc_json *mc_json_new_object(struct mc_arena *a)
{
	return new_value(a, MC_JSON_OBJECT);
}

/* Makes room for one more child; containers double their capacity in the arena. */
static void grow(struct mc_arena *a, struct mc_json *c, size_t elem)
{
	if (c->len < c->n.cap)
		return;
	uint32_t cap = c->n.cap ? c->n.cap * 2 : 4;
	void *old = c->type == MC_JSON_ARRAY ? (void *)c->v.items : (void *)c->v.members;
	void *p = mc_arena_realloc(a, old, (size_t)c->n.cap * elem, (size_t)cap * elem);
	if (c->type == MC_JSON_ARRAY)
		c->v.items = p;
	else
		c->v.members = p;
	c->n.cap = cap;
}

struct mc_json *mc_json_array_push(struct mc_arena *a, struct mc_json *arr)
{
	grow(a, arr, sizeof(struct mc_json));
	struct mc_json *slot = &arr->v.items[arr->len++];
	mc_json_set_null(slot);
	return slot;
}

void mc_json_array_append(struct mc_arena *a, struct mc_json *arr, const struct mc_json *item)
{
	grow(a, arr, sizeof(struct mc_json));
	arr->v.items[arr->len++] = *item;
}

struct mc_json *mc_json_object_push_ref(struct mc_arena *a, struct mc_json *obj, const char *key, size_t key_len)
{
	grow(a, obj, sizeof(struct mc_json_member));
	struct mc_json_member *m = &obj->v.members[obj->len++];
	m->key.ptr = key;
	m->key.len = key_len;
	mc_json_set_null(&m->value);
	return &m->value;
}

void mc_json_object_set(struct mc_arena *a, struct mc_json *obj, const char *key, size_t key_len,
			const struct mc_json *value)
{
	for (uint32_t i = 0; i < obj->len; i++) {
		struct mc_json_member *m = &obj->v.members[i];
		if (m->key.len == key_len && memcmp(m->key.ptr, key, key_len) == 0) {
			m->value = *value;
			return;
		}
	}
	struct mc_json *slot = mc_json_object_push_ref(a, obj, mc_arena_strndup(a, key, key_len), key_len);
	*slot = *value;
}

bool mc_json_object_remove(struct mc_json *obj, const char *key)
{
	size_t n = strlen(key);
	if (!mc_json_is_object(obj))
		return false;
	for (uint32_t i = 0; i < obj->len; i++) {
		struct mc_json_member *m = &obj->v.members[i];
		if (m->key.len == n && memcmp(m->key.ptr, key, n) == 0) {
			memmove(m, m + 1, (obj->len - i - 1) * sizeof(*m));
			obj->len--;
			return true;
		}
	}
	return false;
}

static void copy_into(struct mc_arena *a, struct mc_json *dst, const struct mc_json *src)
{
	*dst = *src;
	switch (src->type) {
	case MC_JSON_STRING:
		dst->v.str = mc_arena_strndup(a, src->v.str, src->len);
		break;
	case MC_JSON_NUMBER:
		dst->v.raw = mc_arena_strndup(a, src->v.raw, src->len);
		break;
	case MC_JSON_ARRAY:
		dst->n.cap = src->len;
		dst->v.items = src->len ? mc_arena_alloc(a, src->len * sizeof(struct mc_json)) : NULL;
		for (uint32_t i = 0; i < src->len; i++)
			copy_into(a, &dst->v.items[i], &src->v.items[i]);
		break;
	case MC_JSON_OBJECT:
		dst->n.cap = src->len;
		dst->v.members = src->len ? mc_arena_alloc(a, src->len * sizeof(struct mc_json_member)) : NULL;
		for (uint32_t i = 0; i < src->len; i++) {
			const struct mc_json_member *m = &src->v.members[i];
			dst->v.members[i].key.ptr = mc_arena_strndup(a, m->key.ptr, m->key.len);
			dst->v.members[i].key.len = m->key.len;
			copy_into(a, &dst->v.members[i].value, &m->value);
		}
		break;
	default:
		break;
	}
}

struct mc_json *mc_json_copy(struct mc_arena *a, const struct mc_json *v)
{
	struct mc_json *c = mc_arena_alloc(a, sizeof(*c));
	copy_into(a, c, v);
	return c;
}

const struct mc_json *mc_json_getn(const struct mc_json *obj, const char *key, size_t key_len)
{
	if (!obj || obj->type != MC_JSON_OBJECT)
		return NULL;
	for (uint32_t i = 0; i < obj->len; i++) {
		const struct mc_json_member *m = &obj->v.members[i];
		if (m->key.len == key_len && memcmp(m->key.ptr, key, key_len) == 0)
			return &m->value;
	}
	return NULL;
}

const struct mc_json *mc_json_get(const struct mc_json *obj, const char *key)
{
	return mc_json_getn(obj, key, strlen(key));
}

const char *mc_json_get_str(const struct mc_json *obj, const char *key)
{
	const struct mc_json *v = mc_json_get(obj, key);
	return v && v->type == MC_JSON_STRING ? v->v.str : NULL;
}

double mc_json_number(const struct mc_json *v)
{
	if (!v || v->type != MC_JSON_NUMBER)
		return 0;
	return (v->flags & MC_JSON_F_INT) ? (double)v->n.i : v->n.d;
}

bool mc_json_number_as_int(const struct mc_json *v, int64_t *i)
{
	if (!v || v->type != MC_JSON_NUMBER)
		return false;
	if (v->flags & MC_JSON_F_INT) {
		*i = v->n.i;
		return true;
	}
	double d = v->n.d;
	if (d != floor(d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0)
		return false;
	*i = (int64_t)d;
	return true;
}

bool mc_json_equal(const struct mc_json *a, const struct mc_json *b)
{
	if (a == b)
		return true;
	if (!a || !b || a->type != b->type)
		return false;
	switch (a->type) {
	case MC_JSON_NULL:
	case MC_JSON_TRUE:
	case MC_JSON_FALSE:
		return true;
	case MC_JSON_NUMBER:
		if ((a->flags & MC_JSON_F_INT) && (b->flags & MC_JSON_F_INT))
			return a->n.i == b->n.i;
		return mc_json_number(a) == mc_json_number(b);
	case MC_JSON_STRING:
		return a->len == b->len && memcmp(a->v.str, b->v.str, a->len) == 0;
	case MC_JSON_ARRAY:
		if (a->len != b->len)
			return false;
		for (uint32_t i = 0; i < a->len; i++)
			if (!mc_json_equal(&a->v.items[i], &b->v.items[i]))
				return false;
		return true;
	case MC_JSON_OBJECT:
		if (a->len != b->len)
			return false;
		for (uint32_t i = 0; i < a->len; i++) {
			const struct mc_json_member *m = &a->v.members[i];
			if (!mc_json_equal(&m->value, mc_json_getn(b, m->key.ptr, m->key.len)))
				return false;
		}
		return true;
	}
	return false;
}

const char *mc_json_type_name(enum mc_json_type t)
{
	switch (t) {
	case MC_JSON_NULL: return "null";
	case MC_JSON_FALSE:
	case MC_JSON_TRUE: return "boolean";
	case MC_JSON_NUMBER: return "number";
	case MC_JSON_STRING: return "string";
	case MC_JSON_ARRAY: return "array";
	case MC_JSON_OBJECT: return "object";
	}
	return "unknown";
}
