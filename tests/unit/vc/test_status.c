/* Bitstring Status List, StatusList2021 and 1EdTech Revocation List
 * (include/microcred/status.h): bits, encoding, list credentials, status checks.
 * Vectors in tests/vectors/status/ (see its README for sources and what each holds). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <cmocka.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/encoding.h"
#include "microcred/json.h"
#include "microcred/keys.h"
#include "microcred/proof.h"
#include "microcred/report.h"
#include "microcred/resolver.h"
#include "microcred/status.h"
#include "microcred/time.h"

#define VEC "tests/vectors/status/"
#define JS_LIST_URL "https://example.edu/status/revocation/1"
#define ISSUER "https://example.edu/issuers/565049"

/* ---- helpers ---- */

static const char *path_of(struct mc_arena *a, const char *rel)
{
	const char *root = getenv("MC_SOURCE_DIR");
	return root ? mc_arena_printf(a, "%s/%s", root, rel) : rel;
}

static char *read_text(struct mc_arena *a, const char *rel, size_t *len)
{
	struct mc_buf b;
	struct mc_err err = {0};
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	if (mc_buf_read_file(&b, path_of(a, rel), &err) != 0)
		fail_msg("%s: %s", rel, err.msg);
	char *s = mc_arena_memdup(a, b.ptr, b.len + 1);
	*len = b.len;
	mc_buf_release(&b);
	return s;
}

static struct mc_json *json_file(struct mc_arena *a, const char *rel)
{
	struct mc_err err = {0};
	struct mc_json *v;
	size_t n;
	char *s = read_text(a, rel, &n);
	if (mc_json_parse(a, s, n, NULL, &v, &err) != 0)
		fail_msg("%s: %s", rel, err.msg);
	return v;
}

static struct mc_json *json_text(struct mc_arena *a, const char *s)
{
	struct mc_err err = {0};
	struct mc_json *v;
	if (mc_json_parse(a, s, strlen(s), NULL, &v, &err) != 0)
		fail_msg("bad test JSON: %s", err.msg);
	return v;
}

static const char *encoded_list(const struct mc_json *cred)
{
	return mc_json_get_str(mc_json_get(cred, "credentialSubject"), "encodedList");
}

/* GZIP (windowBits 31) or zlib (15) or raw deflate (-15) of p, as 'u' + base64url. */
static char *compress_encode(struct mc_arena *a, const void *p, size_t n, int window_bits)
{
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
	size_t bound = deflateBound(&zs, n);
	unsigned char *out = mc_arena_alloc(a, bound);
	zs.next_in = (Bytef *)p;
	zs.avail_in = (uInt)n;
	zs.next_out = out;
	zs.avail_out = (uInt)bound;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	size_t len = bound - zs.avail_out;
	deflateEnd(&zs);
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_multibase_encode(&b, MC_MULTIBASE_BASE64URL, out, len);
	char *s = mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return s;
}

static size_t count_status(const struct mc_report *r, const char *id, enum mc_check_status st)
{
	size_t n = 0;
	for (size_t i = 0; i < r->len; i++)
		n += strcmp(r->checks[i].id, id) == 0 && r->checks[i].status == st;
	return n;
}

/* The message of the only check with this id (fails the test otherwise). */
static const char *message_of(const struct mc_report *r, const char *id)
{
	const char *m = NULL;
	for (size_t i = 0; i < r->len; i++) {
		if (strcmp(r->checks[i].id, id) == 0) {
			if (m)
				fail_msg("two checks with id %s", id);
			m = r->checks[i].message;
		}
	}
	if (!m)
		fail_msg("no check with id %s", id);
	return m;
}

static void assert_contains(const char *s, const char *part)
{
	if (!s || !strstr(s, part))
		fail_msg("\"%s\" does not contain \"%s\"", s ? s : "(null)", part);
}

/* Keys from a local resolver, lists from a store: one ctx for both callbacks. */
struct both {
	struct mc_local_resolver keys;
	struct mc_resolver key_resolver;
	struct mc_status_store store;
	int forced; /* when non-zero, status_list answers this error */
};

static int both_method(void *ctx, const char *vm_id, struct mc_arena *a, struct mc_resolved_method *out,
                       struct mc_err *err)
{
	struct both *b = ctx;
	return b->key_resolver.method(b->key_resolver.ctx, vm_id, a, out, err);
}

static int both_status(void *ctx, const char *url, struct mc_arena *a, const struct mc_json **out,
                       struct mc_err *err)
{
	struct both *b = ctx;
	if (b->forced)
		return mc_err_set(err, b->forced, "forced by the test");
	return mc_status_store_lookup(&b->store, url, a, out, err);
}

static struct mc_resolver both_init(struct both *b)
{
	memset(b, 0, sizeof(*b));
	mc_local_resolver_init(&b->keys);
	mc_status_store_init(&b->store);
	b->key_resolver = mc_local_resolver(&b->keys);
	return (struct mc_resolver){.method = both_method, .status_list = both_status, .ctx = b};
}

static void both_release(struct both *b)
{
	mc_status_store_release(&b->store);
	mc_local_resolver_release(&b->keys);
}

static void add_list(struct both *b, const char *url, const struct mc_json *doc)
{
	struct mc_err err = {0};
	if (mc_status_store_add(&b->store, url, doc, &err) != 0)
		fail_msg("store: %s", err.msg);
}

static struct mc_time at(const char *s)
{
	struct mc_time t;
	struct mc_err err = {0};
	if (mc_time_parse(&t, s, strlen(s), &err) != 0)
		fail_msg("%s", err.msg);
	return t;
}

/* A credential of issuer with one credentialStatus entry given as JSON text. */
static struct mc_json *cred_with(struct mc_arena *a, const char *issuer, const char *status_json)
{
	return json_text(a, mc_arena_printf(a,
	                                    "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],"
	                                    "\"id\":\"urn:uuid:2f1d7d3e-8a51-4a8f-9a55-0d6f1c1b7a21\","
	                                    "\"type\":[\"VerifiableCredential\"],\"issuer\":\"%s\","
	                                    "\"credentialSubject\":{\"id\":\"did:example:6789\"},"
	                                    "\"credentialStatus\":%s}",
	                                    issuer, status_json));
}

static const char *entry(struct mc_arena *a, const char *purpose, const char *index, const char *url)
{
	return mc_arena_printf(
	    a,
	    "{\"id\":\"%s#%s\",\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"%s\","
	    "\"statusListIndex\":\"%s\",\"statusListCredential\":\"%s\"}",
	    url, index, purpose, index, url);
}

/* An unsigned list (spec example-03 re-encoded) with the given purpose and bits. */
static struct mc_json *unsigned_list(struct mc_arena *a, const char *url, const char *purpose, size_t entries,
                                     unsigned size, const uint64_t *set, const uint64_t *values, size_t n_set)
{
	struct mc_err err = {0};
	struct mc_bitstring bs;
	struct mc_json *doc;
	assert_int_equal(mc_bitstring_new(a, entries * size, &bs, &err), 0);
	for (size_t i = 0; i < n_set; i++)
		assert_int_equal(mc_bitstring_set(&bs, set[i], size, values ? values[i] : 1, &err), 0);
	struct mc_status_list_opts o = {.id = url,
	                                .issuer = "did:example:12345",
	                                .purpose = purpose,
	                                .entries = entries,
	                                .status_size = size,
	                                .valid_from = "2021-04-05T14:27:40Z"};
	if (mc_status_list_new(a, &o, &bs, &doc, &err) != 0)
		fail_msg("%s", err.msg);
	return doc;
}

/* ---- the bitstring ---- */

static void test_bits(void **state)
{
	(void)state;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_bitstring bs;
	uint64_t v;

	mc_arena_init(&a, 0);
	assert_int_equal(mc_bitstring_new(&a, 131072, &bs, &err), 0);
	assert_int_equal(bs.nbits, 131072);
	assert_int_equal(mc_bitstring_count(&bs), 0);
	/* Index 0 is the left-most bit of the first byte (spec §7.1). */
	assert_int_equal(mc_bitstring_set(&bs, 0, 1, 1, &err), 0);
	assert_int_equal(mc_bitstring_set(&bs, 7, 1, 1, &err), 0);
	assert_int_equal(mc_bitstring_set(&bs, 8, 1, 1, &err), 0);
	assert_int_equal(mc_bitstring_set(&bs, 131071, 1, 1, &err), 0);
	assert_int_equal(bs.bits[0], 0x81);
	assert_int_equal(bs.bits[1], 0x80);
	assert_int_equal(bs.bits[16383], 0x01);
	assert_int_equal(mc_bitstring_count(&bs), 4);
	assert_int_equal(mc_bitstring_get(&bs, 7, 1, &v, &err), 0);
	assert_int_equal(v, 1);
	assert_int_equal(mc_bitstring_get(&bs, 6, 1, &v, &err), 0);
	assert_int_equal(v, 0);
	assert_int_equal(mc_bitstring_set(&bs, 7, 1, 0, &err), 0);
	assert_int_equal(bs.bits[0], 0x80);
	/* Range. */
	assert_int_equal(mc_bitstring_get(&bs, 131072, 1, &v, &err), MC_ELIMIT);
	assert_contains(err.msg, "131072 is outside the status list");
	assert_int_equal(mc_bitstring_set(&bs, UINT64_MAX, 1, 1, &err), MC_ELIMIT);
	/* Multi-bit entries: entry i occupies bits i*size.., most significant first. */
	memset(bs.bits, 0, 16384);
	assert_int_equal(mc_bitstring_set(&bs, 3, 2, 2, &err), 0); /* bits 6,7 = 1,0 */
	assert_int_equal(bs.bits[0], 0x02);
	assert_int_equal(mc_bitstring_set(&bs, 4, 3, 5, &err), 0); /* bits 12..14 = 1,0,1 */
	assert_int_equal(bs.bits[1], 0x0a);
	assert_int_equal(mc_bitstring_get(&bs, 3, 2, &v, &err), 0);
	assert_int_equal(v, 2);
	assert_int_equal(mc_bitstring_get(&bs, 4, 3, &v, &err), 0);
	assert_int_equal(v, 5);
	assert_int_equal(mc_bitstring_set(&bs, 3, 2, 4, &err), MC_EINVAL);
	assert_contains(err.msg, "does not fit in 2 bits");
	assert_int_equal(mc_bitstring_get(&bs, 65536, 2, &v, &err), MC_ELIMIT);
	assert_int_equal(mc_bitstring_get(&bs, 65535, 2, &v, &err), 0);
	assert_int_equal(mc_bitstring_get(&bs, 0, 0, &v, &err), MC_EINVAL);
	assert_int_equal(mc_bitstring_get(&bs, 0, MC_STATUS_MAX_SIZE + 1, &v, &err), MC_EINVAL);
	/* Sizes. */
	assert_int_equal(mc_bitstring_new(&a, 0, &bs, &err), MC_EINVAL);
	assert_int_equal(mc_bitstring_new(&a, 12, &bs, &err), MC_EINVAL);
	assert_int_equal(mc_bitstring_new(&a, (MC_STATUS_MAX_LIST_BYTES + 1) * 8, &bs, &err), MC_ELIMIT);
	mc_arena_release(&a);
}

static void test_encode_known_answer(void **state)
{
	(void)state;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_bitstring bs;
	struct mc_buf out;

	mc_arena_init(&a, 0);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	const char *spec = encoded_list(json_file(&a, VEC "spec/example-03.json"));
	assert_non_null(spec);
	assert_int_equal(mc_bitstring_new(&a, 131072, &bs, &err), 0);
	assert_int_equal(mc_bitstring_encode(&bs, &out, &err), 0);
	/* 16 KB of zeros encodes exactly as the specification's example (GZIP mtime 0,
	 * OS 3, zlib level 6): the output is deterministic. */
	assert_string_equal(out.ptr, spec);
	/* And as the reference's list with bit 94567 set. */
	const char *js = encoded_list(json_file(&a, VEC "interop/js-list-94567.json"));
	assert_int_equal(mc_bitstring_set(&bs, 94567, 1, 1, &err), 0);
	mc_buf_clear(&out);
	assert_int_equal(mc_bitstring_encode(&bs, &out, &err), 0);
	assert_string_equal(out.ptr, js);
	mc_buf_release(&out);
	mc_arena_release(&a);
}

static void test_roundtrip(void **state)
{
	(void)state;
	static const size_t sizes[] = {8, 131072, 1048576, (size_t)8 * 1024 * 1024};
	struct mc_arena a;
	struct mc_err err = {0};

	mc_arena_init(&a, 0);
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		struct mc_bitstring bs, back;
		struct mc_buf out;
		mc_buf_init(&out, MC_BUF_NOLIMIT);
		assert_int_equal(mc_bitstring_new(&a, sizes[k], &bs, &err), 0);
		/* A deterministic scatter of set bits (an LCG), plus both ends. */
		uint64_t x = 12345;
		for (size_t i = 0; i < sizes[k] / 97 + 1; i++) {
			x = x * 6364136223846793005u + 1442695040888963407u;
			assert_int_equal(mc_bitstring_set(&bs, (x >> 11) % sizes[k], 1, 1, &err), 0);
		}
		mc_bitstring_set(&bs, 0, 1, 1, &err);
		mc_bitstring_set(&bs, sizes[k] - 1, 1, 1, &err);
		assert_int_equal(mc_bitstring_encode(&bs, &out, &err), 0);
		assert_int_equal(out.ptr[0], 'u');
		assert_int_equal(mc_bitstring_decode(&a, out.ptr, out.len, &back, &err), 0);
		assert_int_equal(back.nbits, bs.nbits);
		assert_memory_equal(back.bits, bs.bits, bs.nbits / 8);
		assert_int_equal(mc_bitstring_count(&back), mc_bitstring_count(&bs));
		mc_buf_release(&out);
	}
	mc_arena_release(&a);
}

/* Decodes each sample and compares the set bits with the expected ones. */
static void expect_bits(struct mc_arena *a, const char *rel, size_t nbits, const uint64_t *set, size_t n_set)
{
	struct mc_err err = {0};
	struct mc_status_list l;
	uint64_t v;
	if (mc_status_list_read(a, json_file(a, rel), &l, &err) != 0)
		fail_msg("%s: %s", rel, err.msg);
	assert_int_equal(l.bits.nbits, nbits);
	assert_int_equal(mc_bitstring_count(&l.bits), n_set);
	for (size_t i = 0; i < n_set; i++) {
		assert_int_equal(mc_bitstring_get(&l.bits, set[i], 1, &v, &err), 0);
		assert_int_equal(v, 1);
		if (set[i] > 0) {
			assert_int_equal(mc_bitstring_get(&l.bits, set[i] - 1, 1, &v, &err), 0);
			assert_int_equal(v, 0);
		}
	}
}

static void test_decode_samples(void **state)
{
	(void)state;
	struct mc_arena a;
	mc_arena_init(&a, 0);
	expect_bits(&a, VEC "spec/example-03.json", 131072, NULL, 0);
	expect_bits(&a, VEC "1edtech/testlist.json", 131072, (const uint64_t[]){23}, 1);
	expect_bits(&a, VEC "dcc/list-e5WK8CbZ1GjycuPombrj.json", 100000, (const uint64_t[]){2, 6, 8}, 3);
	expect_bits(&a, VEC "interop/js-list-94567.json", 131072, (const uint64_t[]){94567}, 1);

	struct mc_status_list l;
	struct mc_err err = {0};
	assert_int_equal(mc_status_list_read(&a, json_file(&a, VEC "spec/example-03.json"), &l, &err), 0);
	assert_int_equal(l.type, MC_STATUS_LIST_BITSTRING);
	assert_string_equal(l.id, "https://example.com/credentials/status/3");
	assert_string_equal(l.issuer, "did:example:12345");
	assert_string_equal(l.valid_from, "2021-04-05T14:27:40Z");
	assert_true(mc_status_list_has_purpose(&l, "revocation"));
	assert_false(mc_status_list_has_purpose(&l, "suspension"));
	mc_arena_release(&a);
}

static void test_decode_errors(void **state)
{
	(void)state;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_bitstring bs;
	mc_arena_init(&a, 0);

	/* A zip bomb: 17 MiB of zeros compress to ~17 KB; inflating stops at 16 MiB. */
	size_t big = (size_t)17 * 1024 * 1024;
	unsigned char *zeros = calloc(1, big);
	assert_non_null(zeros);
	char *bomb = compress_encode(&a, zeros, big, 31);
	assert_true(strlen(bomb) < 40000);
	assert_int_equal(mc_bitstring_decode(&a, bomb, strlen(bomb), &bs, &err), MC_ELIMIT);
	assert_contains(err.msg, "more than 16 MiB");
	assert_contains(err.msg, "decompression bomb");
	/* Exactly the limit is accepted. */
	char *max = compress_encode(&a, zeros, MC_STATUS_MAX_LIST_BYTES, 31);
	assert_int_equal(mc_bitstring_decode(&a, max, strlen(max), &bs, &err), 0);
	assert_int_equal(bs.nbits, MC_STATUS_MAX_LIST_BYTES * 8);
	free(zeros);

	unsigned char some[64] = {0x80};
	/* zlib-wrapped data, as pako's ungzip accepts it too. */
	char *z = compress_encode(&a, some, sizeof(some), 15);
	assert_int_equal(mc_bitstring_decode(&a, z, strlen(z), &bs, &err), 0);
	assert_int_equal(bs.nbits, 512);
	assert_int_equal(bs.bits[0], 0x80);
	/* Raw deflate (no header) is not GZIP. */
	char *raw = compress_encode(&a, some, sizeof(some), -15);
	assert_int_equal(mc_bitstring_decode(&a, raw, strlen(raw), &bs, &err), MC_EINVAL);
	/* Bare base64url (StatusList2021 form) decodes; the spec's 'u' form too. */
	char *gz = compress_encode(&a, some, sizeof(some), 31);
	assert_int_equal(mc_bitstring_decode(&a, gz + 1, strlen(gz) - 1, &bs, &err), 0);
	assert_int_equal(bs.nbits, 512);
	/* Truncated GZIP (the last 6 bytes of the trailer cut off). */
	struct mc_buf b, rawb;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_buf_init(&rawb, MC_BUF_NOLIMIT);
	assert_int_equal(mc_base64url_decode(&rawb, gz + 1, strlen(gz) - 1, &err), 0);
	mc_multibase_encode(&b, MC_MULTIBASE_BASE64URL, rawb.ptr, rawb.len - 6);
	assert_int_equal(mc_bitstring_decode(&a, b.ptr, b.len, &bs, &err), MC_EINVAL);
	assert_contains(err.msg, "truncated");
	mc_buf_clear(&b);
	/* Data after the GZIP member. */
	mc_buf_append(&rawb, "junk", 4);
	mc_multibase_encode(&b, MC_MULTIBASE_BASE64URL, rawb.ptr, rawb.len);
	assert_int_equal(mc_bitstring_decode(&a, b.ptr, b.len, &bs, &err), MC_EINVAL);
	assert_contains(err.msg, "after the end of its GZIP data");
	mc_buf_release(&b);
	mc_buf_release(&rawb);
	/* An empty list. */
	char *empty = compress_encode(&a, "", 0, 31);
	assert_int_equal(mc_bitstring_decode(&a, empty, strlen(empty), &bs, &err), MC_EINVAL);
	assert_contains(err.msg, "empty");
	/* Not base64url; base58btc; nothing at all. */
	assert_int_equal(mc_bitstring_decode(&a, "uH4sI!!!", 8, &bs, &err), MC_EINVAL);
	assert_contains(err.msg, "not base64url");
	assert_int_equal(mc_bitstring_decode(&a, "z3bT", 4, &bs, &err), MC_EINVAL);
	assert_contains(err.msg, "base58btc");
	assert_int_equal(mc_bitstring_decode(&a, "", 0, &bs, &err), MC_EINVAL);
	assert_int_equal(mc_bitstring_decode(&a, "u", 1, &bs, &err), MC_EINVAL);
	/* Not GZIP at all. */
	assert_int_equal(mc_bitstring_decode(&a, "uAAAAAAAA", 9, &bs, &err), MC_EINVAL);
	mc_arena_release(&a);
}

/* ---- list credentials ---- */

static void test_list_new(void **state)
{
	(void)state;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_json *doc;
	struct mc_status_list l;
	mc_arena_init(&a, 0);

	struct mc_status_list_opts o = {
	    .id = JS_LIST_URL, .issuer = ISSUER, .valid_from = "2025-01-01T00:00:00Z"};
	assert_int_equal(mc_status_list_new(&a, &o, NULL, &doc, &err), 0);
	assert_int_equal(mc_status_list_read(&a, doc, &l, &err), 0);
	assert_int_equal(l.bits.nbits, 131072);
	assert_int_equal(mc_bitstring_count(&l.bits), 0);
	assert_string_equal(l.subject_id, JS_LIST_URL "#list");
	assert_true(mc_status_list_has_purpose(&l, "revocation"));

	/* Member order and text as the reference's createCredential + statuslist.mjs. */
	struct mc_json *js = json_file(&a, VEC "interop/js-list-94567.json");
	struct mc_bitstring bs;
	assert_int_equal(mc_bitstring_new(&a, 131072, &bs, &err), 0);
	mc_bitstring_set(&bs, 94567, 1, 1, &err);
	assert_int_equal(mc_status_list_new(&a, &o, &bs, &doc, &err), 0);
	struct mc_buf mine, theirs;
	mc_buf_init(&mine, MC_BUF_NOLIMIT);
	mc_buf_init(&theirs, MC_BUF_NOLIMIT);
	mc_json_write(&mine, doc, MC_JSON_PRETTY);
	struct mc_json *js_unsigned = mc_json_copy(&a, js);
	assert_true(mc_json_object_remove(js_unsigned, "proof"));
	mc_json_write(&theirs, js_unsigned, MC_JSON_PRETTY);
	assert_string_equal(mine.ptr, theirs.ptr);

	/* Signed with the same key and time, it is the reference's file byte for byte. */
	struct mc_key key;
	size_t n;
	char *ktext = read_text(&a, VEC "interop/issuer-key.json", &n);
	mc_key_init(&key);
	assert_int_equal(mc_key_parse(&key, ktext, n, &err), 0);
	struct mc_proof_opts po = {.created = "2025-01-02T00:00:00Z"};
	struct mc_json *signed_doc;
	if (mc_proof_add(&a, doc, &key, &po, &signed_doc, &err) != 0)
		fail_msg("mc_proof_add: %s", err.msg);
	mc_buf_clear(&mine);
	mc_json_write(&mine, signed_doc, MC_JSON_PRETTY);
	mc_buf_putc(&mine, '\n');
	char *js_text = read_text(&a, VEC "interop/js-list-94567.json", &n);
	assert_string_equal(mine.ptr, js_text);
	mc_key_release(&key);
	mc_buf_release(&mine);
	mc_buf_release(&theirs);

	/* Refusals. */
	o.entries = 100000;
	assert_int_equal(mc_status_list_new(&a, &o, NULL, &doc, &err), MC_EINVAL);
	assert_contains(err.msg, "herd privacy");
	assert_contains(err.msg, "131,072");
	o.entries = 131073;
	assert_int_equal(mc_status_list_new(&a, &o, NULL, &doc, &err), MC_EINVAL);
	assert_contains(err.msg, "multiple of 8");
	o.entries = 0;
	o.status_size = 2;
	assert_int_equal(mc_status_list_new(&a, &o, &bs, &doc, &err),
	                 MC_EINVAL); /* 131072 bits, needs 262144 */
	assert_int_equal(mc_status_list_new(&a, &o, NULL, &doc, &err), 0);
	assert_int_equal(mc_status_list_read(&a, doc, &l, &err), 0);
	assert_int_equal(l.bits.nbits, 262144);
	o.status_size = 0;
	o.valid_from = "2025-01-01";
	assert_int_equal(mc_status_list_new(&a, &o, NULL, &doc, &err), MC_EINVAL);
	assert_contains(err.msg, "validFrom");
	o.valid_from = NULL;
	o.id = NULL;
	assert_int_equal(mc_status_list_new(&a, &o, NULL, &doc, &err), MC_EINVAL);
	assert_contains(err.msg, "needs an id");
	o.id = JS_LIST_URL;
	o.issuer = NULL;
	assert_int_equal(mc_status_list_new(&a, &o, NULL, &doc, &err), MC_EINVAL);
	assert_contains(err.msg, "needs an issuer");
	/* Default validFrom: now, a valid RFC 3339 time. */
	o.issuer = ISSUER;
	assert_int_equal(mc_status_list_new(&a, &o, NULL, &doc, &err), 0);
	struct mc_time t;
	const char *vf = mc_json_get_str(doc, "validFrom");
	assert_non_null(vf);
	assert_int_equal(mc_time_parse(&t, vf, strlen(vf), &err), 0);
	mc_arena_release(&a);
}

static void test_list_read_errors(void **state)
{
	(void)state;
	static const struct {
		const char *json, *msg;
	} cases[] = {
	    {"[]", "must be a JSON object"},
	    {"{\"type\":[\"VerifiableCredential\"],\"credentialSubject\":{}}",
	     "BitstringStatusListCredential"},
	    {"{\"type\":\"BitstringStatusListCredential\"}", "credentialSubject"},
	    {"{\"type\":\"BitstringStatusListCredential\",\"credentialSubject\":{\"type\":\"StatusList2021\"}"
	     "}",
	     "must be \"BitstringStatusList\""},
	    {"{\"type\":\"BitstringStatusListCredential\",\"credentialSubject\":{\"type\":"
	     "\"BitstringStatusList\","
	     "\"statusPurpose\":3,\"encodedList\":\"u\"}}",
	     "statusPurpose"},
	    {"{\"type\":\"BitstringStatusListCredential\",\"credentialSubject\":{\"type\":"
	     "\"BitstringStatusList\","
	     "\"statusPurpose\":[],\"encodedList\":\"u\"}}",
	     "statusPurpose"},
	    {"{\"type\":\"BitstringStatusListCredential\",\"credentialSubject\":{\"type\":"
	     "\"BitstringStatusList\","
	     "\"statusPurpose\":\"revocation\"}}",
	     "encodedList is missing"},
	    /* Bitstring Status List requires the 'u'; the reference refuses it too. */
	    {"{\"type\":\"BitstringStatusListCredential\",\"credentialSubject\":{\"type\":"
	     "\"BitstringStatusList\","
	     "\"statusPurpose\":\"revocation\",\"encodedList\":\"H4sIAAAAAAAAA-"
	     "3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAA"
	     "AAAIC3AYbSVKsAQAAA\"}}",
	     "must start with 'u'"},
	    {"{\"type\":\"BitstringStatusListCredential\",\"credentialSubject\":{\"type\":"
	     "\"BitstringStatusList\","
	     "\"statusPurpose\":\"revocation\",\"encodedList\":\"uAAAA\"}}",
	     "credentialSubject.encodedList: "},
	};
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_status_list l;
	mc_arena_init(&a, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err.msg[0] = 0;
		assert_int_equal(mc_status_list_read(&a, json_text(&a, cases[i].json), &l, &err), MC_EINVAL);
		assert_contains(err.msg, cases[i].msg);
	}
	/* StatusList2021: bare base64url, VC 1.1 dates, purpose array. */
	assert_int_equal(mc_status_list_read(
	                     &a,
	                     json_text(&a, "{\"type\":[\"VerifiableCredential\","
	                                   "\"StatusList2021Credential\"],\"issuer\":{\"id\":\"did:ex:1\"},"
	                                   "\"issuanceDate\":\"2021-01-01T00:00:00Z\","
	                                   "\"credentialSubject\":{\"type\":\"StatusList2021\","
	                                   "\"statusPurpose\":[\"revocation\",\"suspension\"],"
	                                   "\"encodedList\":\"H4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAA"
	                                   "AAAAAAAAAAAAAAAIC3AYbSVKsAQAAA\"}}"),
	                     &l, &err),
	                 0);
	assert_int_equal(l.type, MC_STATUS_LIST_2021);
	assert_string_equal(l.issuer, "did:ex:1");
	assert_string_equal(l.valid_from, "2021-01-01T00:00:00Z");
	assert_true(mc_status_list_has_purpose(&l, "suspension"));
	assert_int_equal(l.bits.nbits, 131072);
	mc_arena_release(&a);
}

static void test_list_update(void **state)
{
	(void)state;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_status_list l, l2;
	struct mc_json *out;
	mc_arena_init(&a, 0);
	struct mc_json *js = json_file(&a, VEC "interop/js-list-94567.json");
	assert_int_equal(mc_status_list_read(&a, js, &l, &err), 0);
	assert_int_equal(mc_bitstring_set(&l.bits, 94567, 1, 0, &err), 0);
	assert_int_equal(mc_bitstring_set(&l.bits, 5, 1, 1, &err), 0);
	assert_int_equal(mc_status_list_update(&a, js, &l.bits, "2025-03-01T00:00:00Z", &out, &err), 0);
	assert_null(mc_json_get(out, "proof"));
	assert_non_null(mc_json_get(js, "proof")); /* the input is untouched */
	assert_string_equal(mc_json_get_str(out, "validFrom"), "2025-03-01T00:00:00Z");
	assert_int_equal(mc_status_list_read(&a, out, &l2, &err), 0);
	assert_int_equal(mc_bitstring_count(&l2.bits), 1);
	uint64_t v;
	mc_bitstring_get(&l2.bits, 5, 1, &v, &err);
	assert_int_equal(v, 1);
	assert_string_not_equal(encoded_list(out), encoded_list(js));
	assert_int_equal(mc_status_list_update(&a, js, &l.bits, "yesterday", &out, &err), MC_EINVAL);

	/* The entry helper. */
	struct mc_json *e = mc_status_entry_new(&a, JS_LIST_URL, "suspension", 42);
	assert_string_equal(mc_json_get_str(e, "id"), JS_LIST_URL "#42");
	assert_string_equal(mc_json_get_str(e, "type"), "BitstringStatusListEntry");
	assert_string_equal(mc_json_get_str(e, "statusPurpose"), "suspension");
	assert_string_equal(mc_json_get_str(e, "statusListIndex"), "42");
	assert_string_equal(mc_json_get_str(e, "statusListCredential"), JS_LIST_URL);
	mc_arena_release(&a);
}

/* ---- checks ---- */

static void test_check_spec_examples(void **state)
{
	(void)state;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_report r;
	struct both b;
	struct mc_resolver res = both_init(&b);
	struct mc_status_check_opts so = {.skip_list_proof = true};
	struct mc_time now = at("2026-01-01T00:00:00Z");
	so.now = &now;
	mc_arena_init(&a, 0);

	/* Example 4 (index 94567) against example 3 (nothing set). */
	struct mc_json *cred = json_file(&a, VEC "spec/example-04.json");
	add_list(&b, NULL, json_file(&a, VEC "spec/example-03.json"));
	mc_report_init(&r, &a);
	assert_int_equal(mc_status_check(&a, cred, &res, &r, &so, &err), 0);
	assert_int_equal(r.len, 1);
	assert_int_equal(count_status(&r, "status.revocation", MC_CHECK_PASSED), 1);
	assert_string_equal(message_of(&r, "status.revocation"),
	                    "The credential has not been revoked (checked against "
	                    "https://example.com/credentials/status/3, list updated 2021-04-05T14:27:40Z).");

	/* The same list with 94567 set. */
	both_release(&b);
	res = both_init(&b);
	struct mc_json *list = unsigned_list(&a, "https://example.com/credentials/status/3", "revocation",
	                                     131072, 1, (const uint64_t[]){94567}, NULL, 1);
	add_list(&b, NULL, list);
	mc_report_init(&r, &a);
	assert_int_equal(mc_status_check(&a, cred, &res, &r, &so, &err), MC_EVERIFY);
	assert_int_equal(count_status(&r, "status.revocation", MC_CHECK_FAILED), 1);
	assert_contains(message_of(&r, "status.revocation"), "The issuer has revoked this credential");
	assert_contains(err.msg, "The issuer has revoked this credential");
	assert_false(mc_report_verified(&r));

	/* Example 1: revocation (list 3) and suspension (list 4) entries. */
	struct mc_json *cred1 = json_file(&a, VEC "spec/example-01.json");
	add_list(&b, NULL,
	         unsigned_list(&a, "https://example.com/credentials/status/4", "suspension", 131072, 1,
	                       (const uint64_t[]){23452}, NULL, 1));
	mc_report_init(&r, &a);
	assert_int_equal(mc_status_check(&a, cred1, &res, &r, &so, &err), MC_EVERIFY);
	assert_int_equal(count_status(&r, "status.revocation", MC_CHECK_FAILED), 1);
	assert_int_equal(count_status(&r, "status.suspension", MC_CHECK_FAILED), 1);
	assert_contains(message_of(&r, "status.suspension"), "suspended");
	both_release(&b);
	mc_arena_release(&a);
}

static void test_check_rules(void **state)
{
	(void)state;
	const char *url = "https://example.com/status/9";
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_report r;
	struct both b;
	struct mc_resolver res = both_init(&b);
	struct mc_time now = at("2026-01-01T00:00:00Z");
	struct mc_status_check_opts so = {.skip_list_proof = true, .now = &now};
	mc_arena_init(&a, 0);
	add_list(&b, NULL, unsigned_list(&a, url, "revocation", 131072, 1, (const uint64_t[]){10}, NULL, 1));

#define CHECK(issuer, status_json, want_rc, id, st, part)                                                    \
	do {                                                                                                 \
		mc_report_init(&r, &a);                                                                      \
		assert_int_equal(                                                                            \
		    mc_status_check(&a, cred_with(&a, issuer, status_json), &res, &r, &so, &err), want_rc);  \
		assert_int_equal(count_status(&r, id, st), 1);                                               \
		assert_contains(message_of(&r, id), part);                                                   \
	} while (0)

	CHECK("did:example:12345", entry(&a, "revocation", "10", url), MC_EVERIFY, "status.revocation",
	      MC_CHECK_FAILED, "revoked");
	CHECK("did:example:12345", entry(&a, "revocation", "11", url), 0, "status.revocation",
	      MC_CHECK_PASSED, "has not been revoked");
	/* Purpose must match the list's. */
	CHECK("did:example:12345", entry(&a, "suspension", "11", url), MC_EVERIFY, "status.suspension",
	      MC_CHECK_FAILED, "different purpose");
	/* Index in range, written as base-10 digits (or a JSON integer). */
	CHECK("did:example:12345", entry(&a, "revocation", "131072", url), MC_EVERIFY, "status.revocation",
	      MC_CHECK_FAILED, "outside the status list");
	CHECK("did:example:12345", entry(&a, "revocation", "12abc", url), MC_EVERIFY, "status.revocation",
	      MC_CHECK_FAILED, "non-negative integer");
	CHECK("did:example:12345", entry(&a, "revocation", "-1", url), MC_EVERIFY, "status.revocation",
	      MC_CHECK_FAILED, "non-negative integer");
	CHECK("did:example:12345",
	      mc_arena_printf(&a,
	                      "{\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\","
	                      "\"statusListIndex\":10,\"statusListCredential\":\"%s\"}",
	                      url),
	      MC_EVERIFY, "status.revocation", MC_CHECK_FAILED, "revoked");
	/* The entry's id must not be the list's URL. */
	CHECK("did:example:12345",
	      mc_arena_printf(
	          &a,
	          "{\"id\":\"%s\",\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\","
	          "\"statusListIndex\":\"1\",\"statusListCredential\":\"%s\"}",
	          url, url),
	      MC_EVERIFY, "status.revocation", MC_CHECK_FAILED, "must not be");
	/* Missing members. */
	CHECK("did:example:12345", "{\"type\":\"BitstringStatusListEntry\",\"statusListIndex\":\"1\"}",
	      MC_EVERIFY, "status", MC_CHECK_FAILED, "no statusPurpose");
	CHECK("did:example:12345",
	      "{\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"revocation\",\"statusListIndex\":"
	      "\"1\"}",
	      MC_EVERIFY, "status.revocation", MC_CHECK_FAILED, "no statusListCredential");
	CHECK("did:example:12345", "{\"statusPurpose\":\"revocation\"}", MC_EVERIFY, "status",
	      MC_CHECK_FAILED, "no type");
	CHECK("did:example:12345", "[]", MC_EVERIFY, "status", MC_CHECK_FAILED, "empty array");
	/* The list's issuer must be the credential's (as the reference verifier requires). */
	CHECK("did:example:other", entry(&a, "revocation", "11", url), MC_EVERIFY, "status.revocation",
	      MC_CHECK_FAILED, "not by the credential's issuer");
	so.allow_other_issuer = true;
	CHECK("did:example:other", entry(&a, "revocation", "11", url), 0, "status.revocation",
	      MC_CHECK_PASSED, "has not been revoked");
	so.allow_other_issuer = false;
	/* Unknown method: skipped, not failed. */
	CHECK("did:example:12345", "{\"type\":\"CRLPlain2023Entry\"}", 0, "status", MC_CHECK_SKIPPED,
	      "CRLPlain2023Entry");
	/* Retrieval: unknown URL fails; offline skips; no callback skips. */
	CHECK("did:example:12345", entry(&a, "revocation", "11", "https://example.com/status/unknown"),
	      MC_EVERIFY, "status.revocation", MC_CHECK_FAILED, "could not be obtained");
	b.forced = MC_EUNSUPPORTED;
	CHECK("did:example:12345", entry(&a, "revocation", "11", url), 0, "status.revocation",
	      MC_CHECK_SKIPPED, "not available offline");
	b.forced = 0;
	mc_report_init(&r, &a);
	assert_int_equal(
	    mc_status_check(&a, cred_with(&a, "did:example:12345", entry(&a, "revocation", "11", url)), NULL,
	                    &r, &so, &err),
	    0);
	assert_int_equal(count_status(&r, "status.revocation", MC_CHECK_SKIPPED), 1);
	/* No credentialStatus: nothing to say. Not an object: an error. */
	mc_report_init(&r, &a);
	assert_int_equal(mc_status_check(&a, json_text(&a, "{\"id\":\"urn:x\"}"), &res, &r, &so, &err), 0);
	assert_int_equal(r.len, 0);
	assert_int_equal(mc_status_check(&a, json_text(&a, "[1]"), &res, &r, &so, &err), MC_EINVAL);

	/* The list's validity period. */
	struct mc_json *list =
	    unsigned_list(&a, "https://example.com/status/v", "revocation", 131072, 1, NULL, NULL, 0);
	struct mc_json v;
	mc_json_set_string(&a, &v, "2025-06-01T00:00:00Z", 20);
	mc_json_object_set(&a, list, "validUntil", 10, &v);
	add_list(&b, NULL, list);
	CHECK("did:example:12345", entry(&a, "revocation", "1", "https://example.com/status/v"), MC_EVERIFY,
	      "status.revocation", MC_CHECK_FAILED, "expired on 2025-06-01T00:00:00Z");
	now = at("2021-01-01T00:00:00Z");
	CHECK("did:example:12345", entry(&a, "revocation", "1", "https://example.com/status/v"), MC_EVERIFY,
	      "status.revocation", MC_CHECK_FAILED, "not valid before 2021-04-05T14:27:40Z");
	now = at("2024-01-01T00:00:00Z");
	CHECK("did:example:12345", entry(&a, "revocation", "1", "https://example.com/status/v"), 0,
	      "status.revocation", MC_CHECK_PASSED, "has not been revoked");
	both_release(&b);
	mc_arena_release(&a);
}

static void test_check_purposes(void **state)
{
	(void)state;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_report r;
	struct both b;
	struct mc_resolver res = both_init(&b);
	struct mc_time now = at("2026-01-01T00:00:00Z");
	struct mc_status_check_opts so = {.skip_list_proof = true, .now = &now};
	mc_arena_init(&a, 0);
	add_list(&b, NULL,
	         unsigned_list(&a, "https://example.com/s/refresh", "refresh", 131072, 1,
	                       (const uint64_t[]){3}, NULL, 1));
	add_list(&b, NULL,
	         unsigned_list(&a, "https://example.com/s/msg", "message", 131072, 2,
	                       (const uint64_t[]){7, 8}, (const uint64_t[]){2, 1}, 2));
	add_list(&b, NULL,
	         unsigned_list(&a, "https://example.com/s/custom", "custom", 131072, 1, (const uint64_t[]){4},
	                       NULL, 1));

	/* refresh: a set bit is a warning; the credential stays valid. */
	CHECK("did:example:12345", entry(&a, "refresh", "3", "https://example.com/s/refresh"), 0,
	      "status.refresh", MC_CHECK_WARNING, "updated version");
	CHECK("did:example:12345", entry(&a, "refresh", "4", "https://example.com/s/refresh"), 0,
	      "status.refresh", MC_CHECK_PASSED, "No updated version");
	/* message with 2-bit entries: the issuer's message for the value. */
	const char *msgs =
	    "[{\"status\":\"0x0\",\"message\":\"pending_review\"},{\"status\":\"0x1\","
	    "\"message\":\"accepted\"},{\"status\":\"0x2\",\"message\":\"rejected\"},{\"status\":"
	    "\"0x3\",\"message\":\"undefined\"}]";
	const char *fmt =
	    "{\"type\":\"BitstringStatusListEntry\",\"statusPurpose\":\"message\",\"statusListIndex\":"
	    "\"%s\",\"statusSize\":2,\"statusListCredential\":\"https://example.com/s/msg\","
	    "\"statusMessage\":%s}";
	CHECK("did:example:12345", mc_arena_printf(&a, fmt, "7", msgs), 0, "status.message", MC_CHECK_WARNING,
	      "\"rejected\" (0x2)");
	CHECK("did:example:12345", mc_arena_printf(&a, fmt, "8", msgs), 0, "status.message", MC_CHECK_WARNING,
	      "\"accepted\" (0x1)");
	CHECK("did:example:12345", mc_arena_printf(&a, fmt, "9", msgs), 0, "status.message", MC_CHECK_PASSED,
	      "\"pending_review\" (0x0)");
	/* Index 65536 * 2 bits is past the end of 131072 entries of 2 bits? No: 262144 bits
	 * hold 131072 entries, so 131072 is the first index outside. */
	CHECK("did:example:12345", mc_arena_printf(&a, fmt, "131072", msgs), MC_EVERIFY, "status.message",
	      MC_CHECK_FAILED, "outside");
	/* statusSize > 1 needs 2^size messages. */
	CHECK("did:example:12345", mc_arena_printf(&a, fmt, "7", "[{\"status\":\"0x0\",\"message\":\"a\"}]"),
	      MC_EVERIFY, "status.message", MC_CHECK_FAILED, "must list 4 messages");
	/* Another purpose: set = failed. */
	CHECK("did:example:12345", entry(&a, "custom", "4", "https://example.com/s/custom"), MC_EVERIFY,
	      "status.custom", MC_CHECK_FAILED, "\"custom\" status");
	CHECK("did:example:12345", entry(&a, "custom", "5", "https://example.com/s/custom"), 0,
	      "status.custom", MC_CHECK_PASSED, "is not set");
	both_release(&b);
	mc_arena_release(&a);
}

static void test_check_short_list_warns(void **state)
{
	(void)state;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_report r;
	struct both b;
	struct mc_resolver res = both_init(&b);
	struct mc_time now = at("2026-01-01T00:00:00Z");
	struct mc_status_check_opts so = {.now = &now, .allow_other_issuer = true};
	mc_arena_init(&a, 0);
	/* DCC: 100,000 entries, bits 2, 6, 8; signed Ed25519Signature2020 by a did:key. */
	/* Served at another URL than its id (testing.dcconsortium.org). */
	add_list(
	    &b,
	    "https://digitalcredentials.github.io/vc-test-fixtures/statusLists/didkey-ed25519Signature2020/"
	    "e5WK8CbZ1GjycuPombrj",
	    json_file(&a, VEC "dcc/list-e5WK8CbZ1GjycuPombrj.json"));
	mc_report_init(&r, &a);
	assert_int_equal(
	    mc_status_check(&a, json_file(&a, VEC "dcc/cred-validStatus.json"), &res, &r, &so, &err), 0);
	assert_int_equal(count_status(&r, "status.revocation", MC_CHECK_PASSED), 1);
	assert_int_equal(count_status(&r, "status.list", MC_CHECK_WARNING), 1);
	assert_contains(message_of(&r, "status.list"), "only 100000 entries");
	assert_true(mc_report_verified(&r));
	mc_report_init(&r, &a);
	assert_int_equal(
	    mc_status_check(&a, json_file(&a, VEC "dcc/cred-revokedStatus.json"), &res, &r, &so, &err),
	    MC_EVERIFY);
	assert_int_equal(count_status(&r, "status.revocation", MC_CHECK_FAILED), 1);
	/* The reference verifier refuses a list from another issuer; so does microcred. */
	so.allow_other_issuer = false;
	mc_report_init(&r, &a);
	assert_int_equal(
	    mc_status_check(&a, json_file(&a, VEC "dcc/cred-validStatus.json"), &res, &r, &so, &err),
	    MC_EVERIFY);
	assert_contains(message_of(&r, "status.revocation"), "not by the credential's issuer");
	so.quiet_short_list = true;
	so.allow_other_issuer = true;
	mc_report_init(&r, &a);
	assert_int_equal(
	    mc_status_check(&a, json_file(&a, VEC "dcc/cred-validStatus.json"), &res, &r, &so, &err), 0);
	assert_int_equal(r.len, 1);
	both_release(&b);
	mc_arena_release(&a);
}

static void test_check_dcc_bad_lists(void **state)
{
	(void)state;
	static const struct {
		const char *cred, *list, *msg;
	} cases[] = {
	    {"cred-expiredStatus", "list-expired", "expired on 2021-01-09T15:20:02.183Z"},
	    {"cred-notYetValidStatus", "list-notYetValid", "not valid before 3000-01-09"},
	    {"cred-tamperedStatus", "list-tampered", "signature did not verify"},
	    {"cred-missingTypeStatus", "list-missingBitStringType",
	     "must include \"BitstringStatusListCredential\""},
	};
	struct mc_arena a;
	struct mc_time now = at("2026-01-01T00:00:00Z");
	struct mc_status_check_opts so = {.now = &now};
	mc_arena_init(&a, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mc_err err = {0};
		struct mc_report r;
		struct both b;
		struct mc_resolver res = both_init(&b);
		add_list(&b, NULL, json_file(&a, mc_arena_printf(&a, VEC "dcc/%s.json", cases[i].list)));
		mc_report_init(&r, &a);
		struct mc_json *cred = json_file(&a, mc_arena_printf(&a, VEC "dcc/%s.json", cases[i].cred));
		assert_int_equal(mc_status_check(&a, cred, &res, &r, &so, &err), MC_EVERIFY);
		assert_int_equal(count_status(&r, "status.revocation", MC_CHECK_FAILED), 1);
		assert_contains(message_of(&r, "status.revocation"), cases[i].msg);
		both_release(&b);
	}
	mc_arena_release(&a);
}

static void test_check_signed_lists(void **state)
{
	(void)state;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_report r;
	struct both b;
	struct mc_resolver res = both_init(&b);
	struct mc_time now = at("2026-01-01T00:00:00Z");
	struct mc_status_check_opts so = {.now = &now};
	mc_arena_init(&a, 0);
	assert_int_equal(
	    mc_local_resolver_add_keys_file(&b.keys, path_of(&a, VEC "interop/issuer-key.pub.json"), &err),
	    0);
	struct mc_json *js = json_file(&a, VEC "interop/js-list-94567.json");
	add_list(&b, NULL, js);
	/* The reference's signed list: 94567 revoked, 94566 not. */
	CHECK(ISSUER, entry(&a, "revocation", "94567", JS_LIST_URL), MC_EVERIFY, "status.revocation",
	      MC_CHECK_FAILED, "The issuer has revoked this credential (index 94567 of " JS_LIST_URL ")");
	CHECK(ISSUER, entry(&a, "revocation", "94566", JS_LIST_URL), 0, "status.revocation", MC_CHECK_PASSED,
	      "list updated 2025-01-01T00:00:00Z");

	/* The bits changed but the old proof kept: the signature no longer matches. */
	struct mc_status_list l;
	struct mc_json *changed;
	assert_int_equal(mc_status_list_read(&a, js, &l, &err), 0);
	mc_bitstring_set(&l.bits, 94567, 1, 0, &err);
	assert_int_equal(mc_status_list_update(&a, js, &l.bits, NULL, &changed, &err), 0);
	struct mc_json *forged = mc_json_copy(&a, changed);
	mc_json_object_set(&a, forged, "proof", 5, mc_json_get(js, "proof"));
	both_release(&b);
	res = both_init(&b);
	assert_int_equal(
	    mc_local_resolver_add_keys_file(&b.keys, path_of(&a, VEC "interop/issuer-key.pub.json"), &err),
	    0);
	add_list(&b, NULL, forged);
	CHECK(ISSUER, entry(&a, "revocation", "94567", JS_LIST_URL), MC_EVERIFY, "status.revocation",
	      MC_CHECK_FAILED, "cannot be trusted: its signature did not verify");
	/* Unsigned: not trusted either. */
	both_release(&b);
	res = both_init(&b);
	add_list(&b, NULL, changed);
	CHECK(ISSUER, entry(&a, "revocation", "94567", JS_LIST_URL), MC_EVERIFY, "status.revocation",
	      MC_CHECK_FAILED, "cannot be trusted");
	/* Unknown key: not trusted. */
	both_release(&b);
	res = both_init(&b);
	add_list(&b, NULL, js);
	CHECK(ISSUER, entry(&a, "revocation", "94566", JS_LIST_URL), MC_EVERIFY, "status.revocation",
	      MC_CHECK_FAILED, "cannot be trusted");

	/* 1EdTech validator sample: index as a JSON number, a fragment key. */
	both_release(&b);
	res = both_init(&b);
	b.keys.fragment_keys = true;
	add_list(
	    &b,
	    "https://raw.githubusercontent.com/1EdTech/digital-credentials-public-validator/refs/heads/main/"
	    "inspector-vc/src/test/resources/ob30/bit-string-list/testlist",
	    json_file(&a, VEC "1edtech/testlist.json"));
	mc_report_init(&r, &a);
	assert_int_equal(mc_status_check(&a, json_file(&a, VEC "1edtech/credential-status-revoked.json"),
	                                 &res, &r, &so, &err),
	                 MC_EVERIFY);
	assert_int_equal(count_status(&r, "status.revocation", MC_CHECK_FAILED), 1);
	assert_contains(message_of(&r, "status.revocation"),
	                "The issuer has revoked this credential (index 23");
	both_release(&b);
	mc_arena_release(&a);
}

static void test_check_1edtech_revocation_list(void **state)
{
	(void)state;
	const char *url = "https://example.edu/credentials/3732/revocations";
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_report r;
	struct both b;
	struct mc_resolver res = both_init(&b);
	struct mc_status_check_opts so = {0};
	mc_arena_init(&a, 0);
	add_list(&b, NULL,
	         json_text(&a,
	                   "{\"id\":\"https://example.edu/credentials/3732/revocations\",\"issuer\":\"" ISSUER
	                   "\","
	                   "\"revokedCredentials\":[{\"id\":\"urn:uuid:a\",\"revocationReason\":\"Awarded in "
	                   "error\"},\"urn:uuid:b\"]}"));
	const char *st = mc_arena_printf(&a, "{\"id\":\"%s\",\"type\":\"1EdTechRevocationList\"}", url);
	const char *fmt = "{\"id\":\"%s\",\"issuer\":{\"id\":\"%s\"},\"credentialStatus\":%s}";
	mc_report_init(&r, &a);
	assert_int_equal(mc_status_check(&a,
	                                 json_text(&a, mc_arena_printf(&a, fmt, "urn:uuid:a", ISSUER, st)),
	                                 &res, &r, &so, &err),
	                 MC_EVERIFY);
	assert_string_equal(message_of(&r, "status.revocation"),
	                    "The issuer has revoked this credential (listed in "
	                    "https://example.edu/credentials/3732/revocations: \"Awarded in error\").");
	mc_report_init(&r, &a);
	assert_int_equal(mc_status_check(&a,
	                                 json_text(&a, mc_arena_printf(&a, fmt, "urn:uuid:b", ISSUER, st)),
	                                 &res, &r, &so, &err),
	                 MC_EVERIFY);
	assert_int_equal(count_status(&r, "status.revocation", MC_CHECK_FAILED), 1);
	mc_report_init(&r, &a);
	assert_int_equal(mc_status_check(&a,
	                                 json_text(&a, mc_arena_printf(&a, fmt, "urn:uuid:c", ISSUER, st)),
	                                 &res, &r, &so, &err),
	                 0);
	assert_int_equal(count_status(&r, "status.revocation", MC_CHECK_PASSED), 1);
	mc_report_init(&r, &a);
	assert_int_equal(
	    mc_status_check(
	        &a, json_text(&a, mc_arena_printf(&a, fmt, "urn:uuid:c", "https://other.example", st)), &res,
	        &r, &so, &err),
	    MC_EVERIFY);
	assert_contains(message_of(&r, "status.revocation"), "was issued by");
	mc_report_init(&r, &a);
	assert_int_equal(
	    mc_status_check(
	        &a,
	        json_text(&a, mc_arena_printf(&a, "{\"issuer\":\"%s\",\"credentialStatus\":%s}", ISSUER, st)),
	        &res, &r, &so, &err),
	    MC_EVERIFY);
	assert_contains(message_of(&r, "status.revocation"), "has no id");
	mc_status_store_add(&b.store, "https://example.edu/rl/bad", json_text(&a, "{\"revoked\":[]}"), &err);
	mc_report_init(&r, &a);
	assert_int_equal(
	    mc_status_check(&a,
	                    json_text(&a, mc_arena_printf(&a, fmt, "urn:uuid:c", ISSUER,
	                                                  "{\"id\":\"https://example.edu/rl/bad\","
	                                                  "\"type\":\"1EdTechRevocationList\"}")),
	                    &res, &r, &so, &err),
	    MC_EVERIFY);
	assert_contains(message_of(&r, "status.revocation"), "revokedCredentials");
	both_release(&b);
	mc_arena_release(&a);
}

static void test_store(void **state)
{
	(void)state;
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_status_store s;
	const struct mc_json *out;
	mc_arena_init(&a, 0);
	mc_status_store_init(&s);
	assert_int_equal(mc_status_store_lookup(&s, "https://x", &a, &out, &err), MC_EUNSUPPORTED);
	assert_int_equal(mc_status_store_add_file(&s, path_of(&a, VEC "spec/example-03.json"), &err), 0);
	assert_int_equal(
	    mc_status_store_lookup(&s, "https://example.com/credentials/status/3", &a, &out, &err), 0);
	assert_string_equal(mc_json_get_str(out, "issuer"), "did:example:12345");
	assert_int_equal(mc_status_store_lookup(&s, "https://x", &a, &out, &err), MC_ENOTFOUND);
	assert_int_equal(
	    mc_status_store_add_file(
	        &s, mc_arena_printf(&a, "https://x=%s", path_of(&a, VEC "1edtech/testlist.json")), &err),
	    0);
	assert_int_equal(mc_status_store_lookup(&s, "https://x", &a, &out, &err), 0);
	assert_int_equal(mc_status_store_add(&s, NULL, json_text(&a, "{}"), &err), MC_EINVAL);
	assert_contains(err.msg, "URL=FILE");
	assert_int_not_equal(mc_status_store_add_file(&s, "/nonexistent/list.json", &err), 0);
	mc_status_store_release(&s);
	mc_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bits),
	    cmocka_unit_test(test_encode_known_answer),
	    cmocka_unit_test(test_roundtrip),
	    cmocka_unit_test(test_decode_samples),
	    cmocka_unit_test(test_decode_errors),
	    cmocka_unit_test(test_list_new),
	    cmocka_unit_test(test_list_read_errors),
	    cmocka_unit_test(test_list_update),
	    cmocka_unit_test(test_check_spec_examples),
	    cmocka_unit_test(test_check_rules),
	    cmocka_unit_test(test_check_purposes),
	    cmocka_unit_test(test_check_short_list_warns),
	    cmocka_unit_test(test_check_dcc_bad_lists),
	    cmocka_unit_test(test_check_signed_lists),
	    cmocka_unit_test(test_check_1edtech_revocation_list),
	    cmocka_unit_test(test_store),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
