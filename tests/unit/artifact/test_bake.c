/* Baked badges (include/microcred/bake.h): the 1EdTech and Mozilla bakery samples
 * (tests/vectors/bake/README.md) unbake to what they carry; credentials signed by
 * the JS reference (tests/vectors/verify) survive bake -> unbake -> mc_verify in
 * PNG and SVG; baking leaves the pixels (libpng decode) and every other chunk
 * alone and is idempotent; corrupt PNGs, hostile and malformed SVGs are refused
 * with the right code and a message. */
/* cmocka needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
/* clang-format on */

#include <png.h>
#include <zlib.h>

#include "microcred/arena.h"
#include "microcred/bake.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/json.h"
#include "microcred/report.h"
#include "microcred/resolver.h"
#include "microcred/time.h"
#include "microcred/verify.h"

#define VEC "tests/vectors/bake/"
#define VERIFY_VEC "tests/vectors/verify/"

static char *slurp(struct mc_arena *a, const char *path, size_t *len)
{
	struct mc_buf b;
	struct mc_err e = {0};
	mc_buf_init(&b, (size_t)64 << 20);
	if (mc_buf_read_file(&b, path, &e))
		fail_msg("%s: %s (run from the project root)", path, e.msg);
	char *s = mc_arena_memdup(a, b.ptr, b.len + 1);
	*len = b.len;
	mc_buf_release(&b);
	return s;
}

static struct mc_slice trimmed(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t'))
		n--;
	return (struct mc_slice){s, n};
}

/* Unbakes and expects failure with code and a message containing want. */
static void expect_unbake_error(const void *p, size_t n, int code, const char *want, const char *label)
{
	struct mc_arena a;
	struct mc_unbaked u;
	struct mc_err err = {0};
	mc_arena_init(&a, 0);
	int rc = mc_unbake(p, n, &a, &u, &err);
	if (rc != code || !err.msg[0] || (want && !strstr(err.msg, want)))
		fail_msg("%s: want %s containing \"%s\", got %d (%s)", label, mc_err_name(code),
		         want ? want : "", rc, err.msg);
	mc_arena_release(&a);
}

static void test_detect(void **state)
{
	(void)state;
	struct mc_arena a;
	size_t n;
	mc_arena_init(&a, 0);
	char *png = slurp(&a, VEC "bakery/unbaked.png", &n);
	assert_int_equal(mc_bake_detect(png, n), MC_IMAGE_PNG);
	assert_int_equal(mc_bake_detect(png, 7), MC_IMAGE_OTHER);
	char *svg = slurp(&a, VEC "1edtech/simple-json.svg", &n); /* XML decl + DOCTYPE */
	assert_int_equal(mc_bake_detect(svg, n), MC_IMAGE_SVG);
	svg = slurp(&a, VEC "hostile/billion-laughs.svg", &n); /* detected, refused later */
	assert_int_equal(mc_bake_detect(svg, n), MC_IMAGE_SVG);
	assert_int_equal(mc_bake_detect("<!-- c --><svg/>", 16), MC_IMAGE_SVG);
	assert_int_equal(mc_bake_detect("\xef\xbb\xbf<svg:svg xmlns:svg='x'/>", 26), MC_IMAGE_SVG);
	assert_int_equal(mc_bake_detect("<html><svg/></html>", 19), MC_IMAGE_OTHER);
	assert_int_equal(mc_bake_detect("{\"a\": \"<svg>\"}", 14), MC_IMAGE_OTHER);
	assert_int_equal(mc_bake_detect("eyJ.eyJ.sig", 11), MC_IMAGE_OTHER);
	assert_int_equal(mc_bake_detect("", 0), MC_IMAGE_OTHER);
	assert_int_equal(mc_bake_detect(NULL, 0), MC_IMAGE_OTHER);
	mc_arena_release(&a);
}

struct sample {
	const char *file;
	enum mc_image_type image;
	enum mc_baked_form form;
	enum mc_baked_kind kind;
	const char *id;   /* JSON: the "id" member; NULL: not checked */
	const char *text; /* exact text; NULL: not checked */
};

static const struct sample samples[] = {
    {"1edtech/simple-json.png", MC_IMAGE_PNG, MC_BAKED_PNG_OB3_ITXT, MC_BAKED_JSON,
     "http://example.com/credentials/3527", NULL},
    {"1edtech/simple-json.svg", MC_IMAGE_SVG, MC_BAKED_SVG_OB3, MC_BAKED_JSON,
     "http://example.com/credentials/3527", NULL},
    {"1edtech/simple-jwt.png", MC_IMAGE_PNG, MC_BAKED_PNG_OB3_ITXT, MC_BAKED_JWS, NULL, NULL},
    {"1edtech/simple-jwt.svg", MC_IMAGE_SVG, MC_BAKED_SVG_OB3, MC_BAKED_JWS, NULL, NULL},
    {"1edtech/simple-jwt_v1.png", MC_IMAGE_PNG, MC_BAKED_PNG_OB3_ITXT, MC_BAKED_JWS, NULL, NULL},
    {"1edtech/simple-jwt_v1.svg", MC_IMAGE_SVG, MC_BAKED_SVG_OB3, MC_BAKED_JWS, NULL, NULL},
    {"1edtech/ob20-simple-badge.png", MC_IMAGE_PNG, MC_BAKED_PNG_OB2_ITXT, MC_BAKED_JSON,
     "https://example.org/beths-robotics-badge.json", NULL},
    {"bakery/baked.svg", MC_IMAGE_SVG, MC_BAKED_SVG_OB2, MC_BAKED_JSON, NULL,
     "{\"verify\":{\"url\":\"http://example.org\"}}"},
    {"bakery/bad-json.svg", MC_IMAGE_SVG, MC_BAKED_SVG_OB2, MC_BAKED_JSON, NULL,
     "{verify:{\"url\":\"http://example.org\"}}"},
    {"bakery/no-json.svg", MC_IMAGE_SVG, MC_BAKED_SVG_OB2, MC_BAKED_URL, NULL, "http://example.org"},
    {"hostile/stylesheet-pi.svg", MC_IMAGE_SVG, MC_BAKED_SVG_OB3, MC_BAKED_JSON, "urn:example:pi-test", NULL},
};

static void test_unbake_samples(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		const struct sample *s = &samples[i];
		struct mc_arena a;
		struct mc_unbaked u;
		struct mc_err err = {0};
		char path[256];
		size_t n;
		mc_arena_init(&a, 0);
		snprintf(path, sizeof(path), VEC "%s", s->file);
		char *img = slurp(&a, path, &n);
		if (mc_unbake(img, n, &a, &u, &err))
			fail_msg("%s: %s", s->file, err.msg);
		assert_int_equal(u.image, s->image);
		assert_int_equal(u.form, s->form);
		assert_int_equal(u.kind, s->kind);
		assert_non_null(u.text.ptr);
		assert_int_equal(u.text.ptr[u.text.len], '\0');
		if (s->text && !mc_slice_eq_cstr(u.text, s->text))
			fail_msg("%s: text %.*s", s->file, MC_SLICE_ARG(u.text));
		if (s->id) {
			struct mc_json *doc;
			if (mc_json_parse(&a, u.text.ptr, u.text.len, NULL, &doc, &err))
				fail_msg("%s: %s", s->file, err.msg);
			assert_string_equal(mc_json_get_str(doc, "id"), s->id);
		}
		if (s->kind == MC_BAKED_JWS) {
			assert_true(mc_slice_starts_with(u.text, "eyJ"));
			if (s->image == MC_IMAGE_SVG)
				assert_true(mc_slice_eq(u.text, u.verify));
		}
		if (s->form == MC_BAKED_SVG_OB2)
			assert_true(mc_slice_eq_cstr(u.verify, "http://example.org"));
		mc_arena_release(&a);
	}
}

/* The 1EdTech PNG and SVG carry the same credential (written differently). */
static void test_png_svg_same_credential(void **state)
{
	(void)state;
	struct mc_arena a;
	struct mc_unbaked u1, u2;
	struct mc_json *j1, *j2;
	struct mc_err err = {0};
	size_t n;
	mc_arena_init(&a, 0);
	char *png = slurp(&a, VEC "1edtech/simple-json.png", &n);
	assert_int_equal(mc_unbake(png, n, &a, &u1, &err), 0);
	char *svg = slurp(&a, VEC "1edtech/simple-json.svg", &n);
	assert_int_equal(mc_unbake(svg, n, &a, &u2, &err), 0);
	assert_false(mc_slice_eq(u1.text, u2.text));
	assert_int_equal(mc_json_parse(&a, u1.text.ptr, u1.text.len, NULL, &j1, &err), 0);
	assert_int_equal(mc_json_parse(&a, u2.text.ptr, u2.text.len, NULL, &j2, &err), 0);
	assert_true(mc_json_equal(j1, j2));
	mc_arena_release(&a);
}

static void test_unbake_none(void **state)
{
	(void)state;
	struct mc_arena a;
	size_t n;
	mc_arena_init(&a, 0);
	char *p = slurp(&a, VEC "bakery/unbaked.png", &n);
	expect_unbake_error(p, n, MC_ENOTFOUND, "carries no badge", "unbaked.png");
	p = slurp(&a, VEC "bakery/unbaked.svg", &n);
	expect_unbake_error(p, n, MC_ENOTFOUND, "carries no badge", "unbaked.svg");
	expect_unbake_error("{\"a\": 1}", 8, MC_EINVAL, "not a PNG or SVG", "json");
	mc_arena_release(&a);
}

/* ---- round trips through mc_verify ---- */

static const char *const images[] = {
    "bakery/unbaked.png",     "bakery/unbaked.svg", "1edtech/simple-json.png",
    "1edtech/simple-jwt.svg", "bakery/baked.svg",   "1edtech/ob20-simple-badge.png",
};
static const char *const creds[] = {"signed-rdfc.json", "signed-jcs.json", "signed.jwt"};

static void verify_text(struct mc_arena *a, const char *text, size_t n, const char *label)
{
	struct mc_local_resolver local;
	struct mc_resolver res;
	struct mc_verify_opts vo = {0};
	struct mc_report report;
	struct mc_err err = {0};
	struct mc_time now = mc_time_from_unix(1767225600); /* 2026-01-01 */

	mc_local_resolver_init(&local);
	if (mc_local_resolver_add_keys_file(&local, VERIFY_VEC "issuer-key.pub.json", &err))
		fail_msg("%s", err.msg);
	res = mc_local_resolver(&local);
	vo.resolver = &res;
	vo.now = &now;
	mc_report_init(&report, a);
	if (mc_verify(a, text, n, &vo, &report, NULL, &err))
		fail_msg("%s: %s", label, err.msg);
	if (!mc_report_verified(&report)) {
		struct mc_buf b;
		mc_buf_init(&b, MC_BUF_NOLIMIT);
		mc_report_write_text(&report, &b);
		fail_msg("%s: not verified:\n%s", label, b.ptr);
	}
	mc_local_resolver_release(&local);
}

static void test_roundtrip_verify(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(images) / sizeof(images[0]); i++) {
		for (size_t j = 0; j < sizeof(creds) / sizeof(creds[0]); j++) {
			struct mc_arena a;
			struct mc_buf out;
			struct mc_unbaked u;
			struct mc_err err = {0};
			char path[256], label[256];
			size_t n, cn, vn;
			const char *vt, *from;
			bool replaced = true;

			mc_arena_init(&a, 0);
			mc_buf_init(&out, MC_BUF_NOLIMIT);
			snprintf(label, sizeof(label), "%s + %s", images[i], creds[j]);
			snprintf(path, sizeof(path), VEC "%s", images[i]);
			char *img = slurp(&a, path, &n);
			snprintf(path, sizeof(path), VERIFY_VEC "%s", creds[j]);
			char *cred = slurp(&a, path, &cn);
			struct mc_slice want = trimmed(cred, cn);

			if (mc_bake(&out, img, n, cred, cn, &replaced, &err))
				fail_msg("%s: bake: %s", label, err.msg);
			/* Only the bakery's blank images had no badge before. */
			assert_int_equal(replaced, strstr(images[i], "unbaked") == NULL);
			if (mc_unbake(out.ptr, out.len, &a, &u, &err))
				fail_msg("%s: unbake: %s", label, err.msg);
			assert_int_equal(u.form, strstr(images[i], ".png") ? MC_BAKED_PNG_OB3_ITXT
			                                                   : MC_BAKED_SVG_OB3);
			assert_int_equal(u.kind, strstr(creds[j], ".jwt") ? MC_BAKED_JWS : MC_BAKED_JSON);
			if (!mc_slice_eq(u.text, want))
				fail_msg("%s: unbaked text differs from the credential", label);
			/* The OB 2.0 namespace of baked.svg was rebound, not duplicated. */
			assert_null(strstr(out.ptr, MC_OB2_SVG_NS));

			assert_int_equal(mc_unbake_for_verify(&a, out.ptr, out.len, &vt, &vn, &from, &err),
			                 0);
			assert_non_null(from);
			assert_true(mc_slice_eq((struct mc_slice){vt, vn}, want));
			verify_text(&a, vt, vn, label);

			/* Baking again gives the same bytes: the old badge is replaced, not added. */
			struct mc_buf again;
			mc_buf_init(&again, MC_BUF_NOLIMIT);
			assert_int_equal(mc_bake(&again, out.ptr, out.len, cred, cn, &replaced, &err), 0);
			assert_true(replaced);
			assert_int_equal(again.len, out.len);
			assert_memory_equal(again.ptr, out.ptr, out.len);
			mc_buf_release(&again);
			mc_buf_release(&out);
			mc_arena_release(&a);
		}
	}
}

/* Anything that is not an image goes to mc_verify unchanged. */
static void test_unbake_for_verify_passthrough(void **state)
{
	(void)state;
	struct mc_arena a;
	struct mc_err err = {0};
	const char *t, *from = "x";
	size_t n, tn;
	mc_arena_init(&a, 0);
	char *cred = slurp(&a, VERIFY_VEC "signed.jwt", &n);
	assert_int_equal(mc_unbake_for_verify(&a, cred, n, &t, &tn, &from, &err), 0);
	assert_ptr_equal(t, cred);
	assert_int_equal(tn, n);
	assert_null(from);
	char *img = slurp(&a, VEC "bakery/no-json.svg", &n);
	assert_int_equal(mc_unbake_for_verify(&a, img, n, &t, &tn, &from, &err), MC_EUNSUPPORTED);
	assert_non_null(strstr(err.msg, "http://example.org"));
	img = slurp(&a, VEC "bakery/unbaked.png", &n);
	assert_int_equal(mc_unbake_for_verify(&a, img, n, &t, &tn, &from, &err), MC_ENOTFOUND);
	mc_arena_release(&a);
}

/* ---- PNG: pixels and chunks unchanged; corrupt input refused ---- */

static unsigned char *decode_rgba(const void *p, size_t n, png_uint_32 *w, png_uint_32 *h)
{
	png_image img;
	memset(&img, 0, sizeof(img));
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, p, n))
		fail_msg("libpng: %s", img.message);
	img.format = PNG_FORMAT_RGBA;
	unsigned char *px = malloc(PNG_IMAGE_SIZE(img));
	assert_non_null(px);
	if (!png_image_finish_read(&img, NULL, px, 0, NULL))
		fail_msg("libpng: %s", img.message);
	*w = img.width;
	*h = img.height;
	return px;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

/* The offset of the k-th chunk of the given type (k from 0), or 0. */
static size_t find_chunk(const unsigned char *p, size_t n, const char *type, int k)
{
	for (size_t off = 8; off + 12 <= n; off += 12 + be32(p + off)) {
		if (!memcmp(p + off + 4, type, 4) && k-- == 0)
			return off;
		if (!memcmp(p + off + 4, "IEND", 4))
			break;
	}
	return 0;
}

/* Concatenation of every chunk except the badge's iTXt. */
static void non_badge_chunks(const unsigned char *p, size_t n, struct mc_buf *out)
{
	for (size_t off = 8; off + 12 <= n; off += 12 + be32(p + off)) {
		size_t len = be32(p + off);
		bool badge =
		    !memcmp(p + off + 4, "iTXt", 4) && (!memcmp(p + off + 8, "openbadgecredential", 20) ||
		                                        !memcmp(p + off + 8, "openbadges", 11));
		if (!badge)
			mc_buf_append(out, p + off, 12 + len);
	}
}

static void test_png_pixels_unchanged(void **state)
{
	(void)state;
	static const char *const pngs[] = {"bakery/unbaked.png", "1edtech/simple-json.png",
	                                   "1edtech/ob20-simple-badge.png"};
	for (size_t i = 0; i < sizeof(pngs) / sizeof(pngs[0]); i++) {
		struct mc_arena a;
		struct mc_buf out, c1, c2;
		struct mc_err err = {0};
		char path[256];
		size_t n, cn;
		png_uint_32 w1, h1, w2, h2;

		mc_arena_init(&a, 0);
		mc_buf_init(&out, MC_BUF_NOLIMIT);
		snprintf(path, sizeof(path), VEC "%s", pngs[i]);
		unsigned char *img = (unsigned char *)slurp(&a, path, &n);
		char *cred = slurp(&a, VERIFY_VEC "signed-rdfc.json", &cn);
		if (mc_bake(&out, img, n, cred, cn, NULL, &err))
			fail_msg("%s: %s", pngs[i], err.msg);
		unsigned char *before = decode_rgba(img, n, &w1, &h1);
		unsigned char *after = decode_rgba(out.ptr, out.len, &w2, &h2);
		assert_int_equal(w1, w2);
		assert_int_equal(h1, h2);
		assert_memory_equal(before, after, (size_t)w1 * h1 * 4);
		free(before);
		free(after);

		/* Every other chunk is kept, byte for byte and in order. */
		mc_buf_init(&c1, MC_BUF_NOLIMIT);
		mc_buf_init(&c2, MC_BUF_NOLIMIT);
		non_badge_chunks(img, n, &c1);
		non_badge_chunks((unsigned char *)out.ptr, out.len, &c2);
		assert_int_equal(c1.len, c2.len);
		assert_memory_equal(c1.ptr, c2.ptr, c1.len);
		/* The badge sits right after IHDR: 8 (signature) + 25 (IHDR). */
		assert_memory_equal(out.ptr + 33 + 4, "iTXtopenbadgecredential\0\0\0\0\0", 28);
		assert_int_equal(find_chunk((unsigned char *)out.ptr, out.len, "iTXt", 0), 33);
		mc_buf_release(&c1);
		mc_buf_release(&c2);
		mc_buf_release(&out);
		mc_arena_release(&a);
	}
}

static void fix_crc(unsigned char *p, size_t off)
{
	uint32_t len = be32(p + off);
	put_be32(p + off + 8 + len, (uint32_t)crc32(0, p + off + 4, len + 4));
}

static void test_png_corrupt(void **state)
{
	(void)state;
	struct mc_arena a;
	struct mc_buf out;
	struct mc_err err = {0};
	size_t n, bn;
	mc_arena_init(&a, 0);
	const unsigned char *orig = (unsigned char *)slurp(&a, VEC "1edtech/ob20-simple-badge.png", &n);
	unsigned char *p = mc_arena_alloc(&a, n + 64);
	size_t idat = find_chunk(orig, n, "IDAT", 0), ihdr = 8, itxt = find_chunk(orig, n, "iTXt", 0);
	assert_true(idat > 0 && itxt > 0);

	/* A flipped bit in the pixel data, in a CRC, in the badge text. */
	memcpy(p, orig, n);
	p[idat + 8 + 10] ^= 1;
	expect_unbake_error(p, n, MC_EINVAL, "bad CRC", "IDAT bit");
	memcpy(p, orig, n);
	p[ihdr + 8 + 13] ^= 0x80;
	expect_unbake_error(p, n, MC_EINVAL, "bad CRC", "IHDR CRC");
	memcpy(p, orig, n);
	p[itxt + 8 + 30] ^= 1;
	expect_unbake_error(p, n, MC_EINVAL, "bad CRC", "iTXt bit");

	/* Every truncation is refused, none reads past the end (the sanitizer build). */
	for (size_t k = 0; k < n; k++) {
		struct mc_unbaked u;
		unsigned char *t = malloc(k ? k : 1);
		memcpy(t, orig, k);
		err.msg[0] = '\0';
		int rc = mc_unbake(t, k, &a, &u, &err);
		if (rc != MC_EINVAL || !err.msg[0])
			fail_msg("truncated at %zu: rc %d (%s)", k, rc, err.msg);
		free(t);
	}
	expect_unbake_error(orig, n - 12, MC_EINVAL, "truncated", "no IEND");

	/* Chunk lengths beyond the file and beyond what PNG allows. */
	memcpy(p, orig, n);
	put_be32(p + idat, 0x7ffffff0u);
	expect_unbake_error(p, n, MC_EINVAL, "remain", "huge IDAT");
	put_be32(p + idat, 0xfffffff0u);
	expect_unbake_error(p, n, MC_EINVAL, "2^31-1", "huge IDAT over 2^31");
	memcpy(p, orig, n);
	put_be32(p + itxt, 0xffffffffu);
	expect_unbake_error(p, n, MC_EINVAL, "claims", "huge iTXt");

	/* Structure: IHDR first, one badge, uncompressed. */
	memcpy(p, orig, n);
	memcpy(p + 12, "IHDx", 4);
	expect_unbake_error(p, n, MC_EINVAL, "bad CRC", "IHDR renamed");
	fix_crc(p, 8);
	expect_unbake_error(p, n, MC_EINVAL, "IHDR", "no IHDR");
	memcpy(p, orig, n);
	p[itxt + 8 + 11] = 1; /* compression flag of "openbadges\0" */
	fix_crc(p, itxt);
	expect_unbake_error(p, n, MC_EUNSUPPORTED, "compressed", "compressed iTXt");
	memcpy(p, orig, n);
	memcpy(p + itxt + 4, "zTXt", 4);
	fix_crc(p, itxt);
	expect_unbake_error(p, n, MC_EUNSUPPORTED, "zTXt", "zTXt");
	memcpy(p, orig, n);
	p[1] = 'x'; /* the signature */
	expect_unbake_error(p, n, MC_EINVAL, "not a PNG", "signature");

	/* Two badges: the one chunk twice. */
	size_t ilen = 12 + be32(orig + itxt);
	unsigned char *two = mc_arena_alloc(&a, n + ilen);
	memcpy(two, orig, itxt + ilen);
	memcpy(two + itxt + ilen, orig + itxt, n - itxt);
	expect_unbake_error(two, n + ilen, MC_EINVAL, "two iTXt openbadges", "two badges");

	/* Baking refuses a corrupt image and leaves out as it was. */
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	mc_buf_puts(&out, "keep");
	memcpy(p, orig, n);
	p[idat + 8 + 10] ^= 1;
	char *cred = slurp(&a, VERIFY_VEC "signed.jwt", &bn);
	assert_int_equal(mc_bake(&out, p, n, cred, bn, NULL, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "bad CRC"));
	assert_string_equal(out.ptr, "keep");
	mc_buf_release(&out);
	mc_arena_release(&a);
}

/* ---- SVG ---- */

struct svg_case {
	const char *doc;
	int rc;
	const char *msg; /* in the error, or the exact text when rc == 0 */
};

#define SVG_OPEN "<svg xmlns='http://www.w3.org/2000/svg' xmlns:openbadges='" MC_OB3_SVG_NS "'>"

static const struct svg_case svg_cases[] = {
    /* what is found */
    {SVG_OPEN "<openbadges:credential>{&quot;a&quot;: &#x31;&#50;}</openbadges:credential></svg>", 0,
     "{\"a\": 12}"},
    {SVG_OPEN "<openbadges:credential><![CDATA[{\"a\": \"]]]]><![CDATA[>\"}]]></openbadges:credential></svg>",
     0, "{\"a\": \"]]>\"}"},
    {"<svg xmlns:ob='" MC_OB3_SVG_NS "'><ob:credential verify='a.b.c'/></svg>", 0, "a.b.c"},
    {"<svg xmlns:ob='" MC_OB3_SVG_NS "'><ob:credential verify='\n a.b.c\t'/></svg>", 0, "a.b.c"},
    {"<svg><credential xmlns='" MC_OB3_SVG_NS "'>{}</credential></svg>", 0, "{}"},
    {"<svg xmlns:o2='" MC_OB2_SVG_NS "' xmlns:o3='" MC_OB3_SVG_NS "'><o2:assertion verify='http://x'/>"
     "<o3:credential>{\"v\":3}</o3:credential></svg>",
     0, "{\"v\":3}"},
    {"<svg xmlns:openbadges='" MC_OB2_SVG_NS "'><openbadges:assertion verify='h.p.s'>{\"x\":1}"
     "</openbadges:assertion></svg>",
     0, "h.p.s"},
    {"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n<!-- c -->\n" SVG_OPEN
     "<openbadges:credential><!-- note -->{}</openbadges:credential></svg>\n<!-- end -->\n",
     0, "{}"},
    /* nothing found */
    {"<svg "
     "xmlns:openbadges='http://example.org/wrong'><openbadges:credential>{}</openbadges:credential></svg>",
     MC_ENOTFOUND, "in the namespace \"http://example.org/wrong\""},
    {SVG_OPEN "<openbadges:credential>  </openbadges:credential></svg>", MC_ENOTFOUND, "is empty"},
    {SVG_OPEN "<openbadges:other>{}</openbadges:other></svg>", MC_ENOTFOUND, "carries no badge"},
    /* ambiguous */
    {SVG_OPEN "<openbadges:credential>{}</openbadges:credential><g><openbadges:credential>{}"
              "</openbadges:credential></g></svg>",
     MC_EINVAL, "second <openbadges:credential>"},
    /* not well-formed */
    {SVG_OPEN "<g></svg>", MC_EINVAL, "does not match"},
    {SVG_OPEN "<g>", MC_EINVAL, "truncated"},
    {SVG_OPEN "</svg><svg/>", MC_EINVAL, "after the end of the root"},
    {SVG_OPEN "</svg>text", MC_EINVAL, "outside the root"},
    {"<svg a='1' a='2'/>", MC_EINVAL, "appears twice"},
    {"<svg><x:g/></svg>", MC_EINVAL, "undeclared prefix x"},
    {"<svg xlink:href='#a'/>", MC_EINVAL, "undeclared prefix xlink"},
    {"<svg a='<'/>", MC_EINVAL, "'<' in an attribute"},
    {"<svg>&#0;</svg>", MC_EINVAL, "U+0000"},
    {"<svg>&#xD800;</svg>", MC_EINVAL, "U+D800"},
    {"<svg>&#99999999999;</svg>", MC_EINVAL, "beyond U+10FFFF"},
    {"<svg>a & b</svg>", MC_EINVAL, "does not start a reference"},
    {"<svg>]]></svg>", MC_EINVAL, "']]>'"},
    {"<svg>\x01</svg>", MC_EINVAL, "not allowed in XML"},
    {"<svg>\xc0\xaf</svg>", MC_EINVAL, "invalid UTF-8"},
    {"<svg><!-- a -- b --></svg>", MC_EINVAL, "'--' inside a comment"},
    {"<svg/><![CDATA[x]]>", MC_EINVAL, "CDATA section outside"},
    {"<svg/><?xml version='1.0'?>", MC_EINVAL, "XML declaration"},
    {"<svg><!ELEMENT x ANY></svg>", MC_EINVAL, "markup declaration"},
    {"<!DOCTYPE svg><!DOCTYPE svg><svg/>", MC_EINVAL, "DOCTYPE is allowed once"},
    {"<svg xmlns:p=''/>", MC_EINVAL, "undeclaring a prefix"},
    {"<svg", MC_EINVAL, "not closed"},
    {"", MC_EINVAL, "not a PNG or SVG"},
    /* not SVG, not supported */
    {"<?xml version='1.0' encoding='ISO-8859-1'?><svg/>", MC_EUNSUPPORTED, "ISO-8859-1"},
    {"\xff\xfe<\0s\0v\0g\0/\0>\0", MC_EINVAL, "not a PNG or SVG"},
    {"<!DOCTYPE svg [ ]><svg/>", MC_EUNSUPPORTED, "internal subset"},
};

static void test_svg_cases(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(svg_cases) / sizeof(svg_cases[0]); i++) {
		const struct svg_case *c = &svg_cases[i];
		size_t n = strlen(c->doc);
		if (c->doc[0] == '\xff')
			n = 14; /* UTF-16 with its NULs */
		if (c->rc) {
			expect_unbake_error(c->doc, n, c->rc, c->msg, c->doc);
			continue;
		}
		struct mc_arena a;
		struct mc_unbaked u;
		struct mc_err err = {0};
		mc_arena_init(&a, 0);
		if (mc_unbake(c->doc, n, &a, &u, &err))
			fail_msg("%s: %s", c->doc, err.msg);
		if (!mc_slice_eq_cstr(u.text, c->msg))
			fail_msg("%s: got \"%.*s\"", c->doc, MC_SLICE_ARG(u.text));
		assert_int_equal(u.text.ptr[u.text.len], '\0');
		mc_arena_release(&a);
	}
}

static void test_svg_hostile(void **state)
{
	(void)state;
	static const struct {
		const char *file;
		int rc;
		const char *msg;
	} files[] = {
	    {"billion-laughs.svg", MC_EUNSUPPORTED, "declaring entities"},
	    {"xxe-system.svg", MC_EUNSUPPORTED, "declaring entities"},
	    {"xxe-url.svg", MC_EUNSUPPORTED, "declaring entities"},
	    {"parameter-entity.svg", MC_EUNSUPPORTED, "declaring entities"},
	    {"external-dtd-entity.svg", MC_EINVAL, "&fromdtd; which is not declared"},
	    {"xinclude.svg", MC_EINVAL, "only text or CDATA"},
	};
	struct mc_arena a;
	struct mc_buf out;
	struct mc_err err = {0};
	size_t n, cn;
	mc_arena_init(&a, 0);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	char *cred = slurp(&a, VERIFY_VEC "signed-rdfc.json", &cn);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[256];
		snprintf(path, sizeof(path), VEC "hostile/%s", files[i].file);
		char *doc = slurp(&a, path, &n);
		expect_unbake_error(doc, n, files[i].rc, files[i].msg, files[i].file);
		/* Baking reads the same way. */
		assert_int_equal(mc_bake(&out, doc, n, cred, cn, NULL, &err), files[i].rc);
		assert_int_equal(out.len, 0);
	}

	/* Deep nesting stops at the limit, at once (not after reading 100k levels). */
	struct mc_buf deep;
	mc_buf_init(&deep, MC_BUF_NOLIMIT);
	mc_buf_puts(&deep, "<svg>");
	for (int i = 0; i < 100000; i++)
		mc_buf_puts(&deep, "<g>");
	expect_unbake_error(deep.ptr, deep.len, MC_ELIMIT, "nested more than", "deep");
	mc_buf_clear(&deep);
	mc_buf_puts(&deep, "<svg>");
	for (int i = 1; i < MC_BAKE_SVG_MAX_DEPTH; i++)
		mc_buf_puts(&deep, "<g>");
	for (int i = 1; i < MC_BAKE_SVG_MAX_DEPTH; i++)
		mc_buf_puts(&deep, "</g>");
	mc_buf_puts(&deep, "</svg>");
	expect_unbake_error(deep.ptr, deep.len, MC_ENOTFOUND, "carries no badge", "deep at the limit");

	/* Many attributes, many namespace declarations, a huge document. */
	mc_buf_clear(&deep);
	mc_buf_puts(&deep, "<svg");
	for (int i = 0; i < 300; i++)
		mc_buf_printf(&deep, " a%d='x'", i);
	mc_buf_puts(&deep, "/>");
	expect_unbake_error(deep.ptr, deep.len, MC_ELIMIT, "attributes", "attributes");
	mc_buf_clear(&deep);
	mc_buf_puts(&deep, "<svg>");
	for (int i = 0; i < 200; i++)
		mc_buf_printf(&deep, "<g xmlns:a%d='u:1' xmlns:b%d='u:2' xmlns:c%d='u:3'>", i, i, i);
	expect_unbake_error(deep.ptr, deep.len, MC_ELIMIT, "namespace declarations", "bindings");
	mc_buf_clear(&deep);
	mc_buf_puts(&deep, "<svg>");
	while (deep.len < (size_t)17 << 20)
		mc_buf_puts(&deep, "<g/><g/><g/><g/><g/><g/><g/><g/><g/><g/><g/><g/><g/><g/><g/><g/>");
	mc_buf_puts(&deep, "</svg>");
	expect_unbake_error(deep.ptr, deep.len, MC_ELIMIT, "bytes", "huge");
	mc_buf_release(&deep);
	mc_buf_release(&out);
	mc_arena_release(&a);
}

/* Baking SVG: namespace on the root, element first, CDATA splitting, edge roots. */
static void test_svg_bake(void **state)
{
	(void)state;
	static const struct {
		const char *doc, *cred, *want;
	} cases[] = {
	    {"<svg xmlns='http://www.w3.org/2000/svg'/>", "a.b.c",
	     "<svg xmlns='http://www.w3.org/2000/svg' xmlns:openbadges=\"" MC_OB3_SVG_NS "\">\n"
	     "<openbadges:credential verify=\"a.b.c\"></openbadges:credential>\n</svg>"},
	    {"<?xml version='1.0'?>\n<svg  viewBox='0 0 1 1' >\n  <openbadges:assertion "
	     "xmlns:openbadges='" MC_OB2_SVG_NS "' verify='http://x'/>\n  <g/>\n</svg>\n",
	     " {\"n\": \"x]]>y]]>\"}\n",
	     "<?xml version='1.0'?>\n<svg  viewBox='0 0 1 1' xmlns:openbadges=\"" MC_OB3_SVG_NS "\" >\n"
	     "<openbadges:credential><![CDATA[{\"n\": \"x]]]]><![CDATA[>y]]]]><![CDATA[>\"}]]>"
	     "</openbadges:credential>\n  <g/>\n</svg>\n"},
	    {"<svg xmlns:openbadges='" MC_OB2_SVG_NS "'><openbadges:assertion verify='http://x'/></svg>",
	     "{\"a\": 1}",
	     "<svg xmlns:openbadges='" MC_OB3_SVG_NS "'>\n<openbadges:credential><![CDATA[{\"a\": 1}]]>"
	     "</openbadges:credential></svg>"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mc_buf out;
		struct mc_err err = {0};
		mc_buf_init(&out, MC_BUF_NOLIMIT);
		if (mc_bake(&out, cases[i].doc, strlen(cases[i].doc), cases[i].cred, strlen(cases[i].cred),
		            NULL, &err))
			fail_msg("case %zu: %s", i, err.msg);
		if (strcmp(out.ptr, cases[i].want))
			fail_msg("case %zu: got\n%s\nwant\n%s", i, out.ptr, cases[i].want);
		mc_buf_release(&out);
	}
}

static void test_bake_rejects(void **state)
{
	(void)state;
	static const struct {
		const char *image, *cred;
		int rc;
		const char *msg;
	} cases[] = {
	    {"GIF89a", "{}", MC_EINVAL, "neither a PNG nor an SVG"},
	    {"<svg/>", "hello", MC_EINVAL, "neither a JSON object"},
	    {"<svg/>", "https://example.org/assertion", MC_EINVAL, "neither a JSON object"},
	    {"<svg/>", "", MC_EINVAL, "neither a JSON object"},
	    {"<svg/>", "[{}]", MC_EINVAL, "neither a JSON object"},
	    {"<svg/>", "{\"a\": }", MC_EINVAL, "not valid JSON"},
	    {"<svg/>", "a.b", MC_EINVAL, "neither a JSON object"},
	    {"<svg/>", "a..c", MC_EINVAL, "neither a JSON object"},
	    {"<svg/>", "a.b.c d", MC_EINVAL, "neither a JSON object"},
	    {"<svg><g></svg>", "{}", MC_EINVAL, "does not match"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mc_buf out;
		struct mc_err err = {0};
		mc_buf_init(&out, MC_BUF_NOLIMIT);
		int rc = mc_bake(&out, cases[i].image, strlen(cases[i].image), cases[i].cred,
		                 strlen(cases[i].cred), NULL, &err);
		if (rc != cases[i].rc || !strstr(err.msg, cases[i].msg))
			fail_msg("case %zu: want %d \"%s\", got %d \"%s\"", i, cases[i].rc, cases[i].msg, rc,
			         err.msg);
		assert_int_equal(out.len, 0);
		mc_buf_release(&out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_detect),
	    cmocka_unit_test(test_unbake_samples),
	    cmocka_unit_test(test_png_svg_same_credential),
	    cmocka_unit_test(test_unbake_none),
	    cmocka_unit_test(test_roundtrip_verify),
	    cmocka_unit_test(test_unbake_for_verify_passthrough),
	    cmocka_unit_test(test_png_pixels_unchanged),
	    cmocka_unit_test(test_png_corrupt),
	    cmocka_unit_test(test_svg_cases),
	    cmocka_unit_test(test_svg_hostile),
	    cmocka_unit_test(test_svg_bake),
	    cmocka_unit_test(test_bake_rejects),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
