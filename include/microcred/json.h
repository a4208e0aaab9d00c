/* JSON: one tree representation for the whole program.
 *
 * Values live in an arena (arena.h) and are freed with it. The parser is strict
 * (RFC 8259 without extensions): duplicate keys, invalid UTF-8, lone surrogates,
 * leading zeros, trailing commas, excess depth and size are errors that give the
 * line and column. Object member order is kept. Numbers keep their exact written
 * text (raw) and a value: an int64 when the literal is an integer that fits, else
 * a double (always finite: literals that overflow a double are rejected).
 *
 * Strings are NUL-terminated UTF-8 but may contain U+0000: use len.
 *
 * Containers hold their children inline (items[] / members[]); appending to a
 * container may move its children, so pointers into a container are valid only
 * until the next append to that same container. */
#ifndef MICROCRED_JSON_H
#define MICROCRED_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "err.h"

enum mc_json_type {
	MC_JSON_NULL = 0,
	MC_JSON_FALSE,
	MC_JSON_TRUE,
	MC_JSON_NUMBER,
	MC_JSON_STRING,
	MC_JSON_ARRAY,
	MC_JSON_OBJECT,
};

enum {
	MC_JSON_F_INT = 1, /* number: u.i holds the exact integer value */
};

struct mc_json_member;

struct mc_json {
	uint8_t type;
	uint8_t flags;
	uint32_t len; /* string: bytes; number: length of raw; array: items; object: members */
	union {
		const char *str;                 /* MC_JSON_STRING */
		const char *raw;                 /* MC_JSON_NUMBER: exact text as written (or generated) */
		struct mc_json *items;           /* MC_JSON_ARRAY */
		struct mc_json_member *members;  /* MC_JSON_OBJECT */
	} v;
	union {
		double d;     /* number without MC_JSON_F_INT */
		int64_t i;    /* number with MC_JSON_F_INT */
		uint32_t cap; /* array/object: allocated slots */
	} n;
};

struct mc_json_member {
	struct mc_slice key; /* NUL-terminated too */
	struct mc_json value;
};

/* ---- parsing ---- */

struct mc_json_parse_opts {
	size_t max_depth; /* 0 = default 512 */
	size_t max_size;  /* bytes; 0 = default 64 MiB */
};

/* Parses text[0..len) into a tree allocated in a. *out points into the arena.
 * On error: MC_EINVAL (or MC_ELIMIT for depth/size) with "line L, column C: ...". */
int mc_json_parse(struct mc_arena *a, const char *text, size_t len, const struct mc_json_parse_opts *opts,
		  struct mc_json **out, struct mc_err *err);

/* ---- building (all allocate in a; strings are copied unless _ref) ---- */

struct mc_json *mc_json_new_null(struct mc_arena *a);
struct mc_json *mc_json_new_bool(struct mc_arena *a, bool b);
struct mc_json *mc_json_new_int(struct mc_arena *a, int64_t i);
struct mc_json *mc_json_new_double(struct mc_arena *a, double d); /* d must be finite */
struct mc_json *mc_json_new_string(struct mc_arena *a, const char *s, size_t len);
struct mc_json *mc_json_new_cstr(struct mc_arena *a, const char *s);
/* Borrows s (NUL-terminated at s[len]); it must outlive the tree. */
struct mc_json *mc_json_new_string_ref(struct mc_arena *a, const char *s, size_t len);
struct mc_json *mc_json_new_array(struct mc_arena *a);
struct mc_json *mc_json_new_object(struct mc_arena *a);

/* In-place initialisers, for values stored inside other structs or containers. */
void mc_json_set_null(struct mc_json *v);
void mc_json_set_bool(struct mc_json *v, bool b);
void mc_json_set_int(struct mc_arena *a, struct mc_json *v, int64_t i);
void mc_json_set_double(struct mc_arena *a, struct mc_json *v, double d);
void mc_json_set_string(struct mc_arena *a, struct mc_json *v, const char *s, size_t len);
void mc_json_set_string_ref(struct mc_json *v, const char *s, size_t len);
void mc_json_set_array(struct mc_json *v);
void mc_json_set_object(struct mc_json *v);

/* Appends a copy of the value struct *item (shallow: children are shared). */
void mc_json_array_append(struct mc_arena *a, struct mc_json *arr, const struct mc_json *item);
/* Appends an uninitialised-to-null slot and returns it, to fill in place. */
struct mc_json *mc_json_array_push(struct mc_arena *a, struct mc_json *arr);

/* Sets key to a shallow copy of *value: replaces an existing member (keeping its
 * position) or appends. The key is copied. */
void mc_json_object_set(struct mc_arena *a, struct mc_json *obj, const char *key, size_t key_len,
			const struct mc_json *value);
/* Appends without looking for an existing key (caller guarantees uniqueness);
 * borrows key, which must be NUL-terminated at key[key_len] and outlive the tree. */
struct mc_json *mc_json_object_push_ref(struct mc_arena *a, struct mc_json *obj, const char *key, size_t key_len);
/* Removes key if present; returns whether it was there. Keeps the order of the rest. */
bool mc_json_object_remove(struct mc_json *obj, const char *key);

/* Deep copy into a. */
struct mc_json *mc_json_copy(struct mc_arena *a, const struct mc_json *v);

/* ---- reading ---- */

/* Member value by key, or NULL when obj is not an object or has no such key. */
const struct mc_json *mc_json_get(const struct mc_json *obj, const char *key);
const struct mc_json *mc_json_getn(const struct mc_json *obj, const char *key, size_t key_len);
/* The string of member key, or NULL when absent or not a string. */
const char *mc_json_get_str(const struct mc_json *obj, const char *key);

static inline bool mc_json_is_string(const struct mc_json *v) { return v && v->type == MC_JSON_STRING; }
static inline bool mc_json_is_object(const struct mc_json *v) { return v && v->type == MC_JSON_OBJECT; }
static inline bool mc_json_is_array(const struct mc_json *v) { return v && v->type == MC_JSON_ARRAY; }
static inline bool mc_json_is_number(const struct mc_json *v) { return v && v->type == MC_JSON_NUMBER; }
static inline bool mc_json_is_bool(const struct mc_json *v)
{
	return v && (v->type == MC_JSON_TRUE || v->type == MC_JSON_FALSE);
}
static inline bool mc_json_is_null(const struct mc_json *v) { return v && v->type == MC_JSON_NULL; }
static inline struct mc_slice mc_json_slice(const struct mc_json *v)
{
	return (struct mc_slice){v->v.str, v->len};
}
/* A number's value as a double (an int64 converts with rounding). */
double mc_json_number(const struct mc_json *v);
/* True when the number is an integer value (1, 1.0, 1e2) that fits int64; sets *i. */
bool mc_json_number_as_int(const struct mc_json *v, int64_t *i);

/* Deep equality: same types; numbers by value; objects regardless of member order. */
bool mc_json_equal(const struct mc_json *a, const struct mc_json *b);

const char *mc_json_type_name(enum mc_json_type t);

/* ---- writing ---- */

enum {
	MC_JSON_COMPACT = 0,
	MC_JSON_PRETTY = 1, /* two-space indent, newline after each member */
};

/* Writes JSON text (no trailing newline). Strings are escaped as JSON.stringify does;
 * numbers are written as their raw text. */
int mc_json_write(struct mc_buf *out, const struct mc_json *v, unsigned flags);

/* RFC 8785 JSON Canonicalization Scheme: members sorted by UTF-16 code units,
 * numbers in ECMAScript Number.prototype.toString form, minimal string escaping. */
int mc_jcs_write(struct mc_buf *out, const struct mc_json *v, struct mc_err *err);

/* ECMAScript Number::toString(d) (radix 10) for finite d, as JSON.stringify prints
 * it: shortest round-trip digits. Writes a NUL-terminated string to out (at least
 * 32 bytes) and returns its length. */
size_t mc_jcs_format_double(double d, char out[32]);

#endif
