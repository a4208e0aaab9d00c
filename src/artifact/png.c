/* PNG baking: reading and writing the chunk stream directly (no decoding needed).
 *
 * A PNG is an 8-byte signature and chunks: length (4 bytes, big-endian, at most
 * 2^31-1), type (4 ASCII letters), data, CRC-32 of type + data. Every chunk is
 * checked — length against the bytes actually present, type letters, CRC — before
 * its data is looked at, and the stream must start with IHDR and end with IEND.
 * Only the credential text is copied out, after its length is checked. */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"

#include "artifact/bake_internal.h"

static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

#define OB3_KEYWORD "openbadgecredential"
#define OB2_KEYWORD "openbadges"

struct chunk {
	size_t off; /* of the length field */
	uint32_t len;
	char type[5];
	const unsigned char *data;
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static bool is_letter(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Reads and checks the chunk at *off; advances *off past it. */
static int next_chunk(const unsigned char *p, size_t n, size_t *off, struct chunk *c, struct mc_err *err)
{
	size_t o = *off;
	if (n - o < 12)
		return mc_err_set(err, MC_EINVAL,
		                  "PNG is truncated at byte %zu (a chunk needs at least 12 bytes; the file "
		                  "ends before IEND)",
		                  o);
	c->off = o;
	c->len = be32(p + o);
	memcpy(c->type, p + o + 4, 4);
	c->type[4] = '\0';
	for (int i = 0; i < 4; i++)
		if (!is_letter((unsigned char)c->type[i]))
			return mc_err_set(
			    err, MC_EINVAL,
			    "PNG chunk at byte %zu has an invalid type (not four ASCII letters): "
			    "the file is corrupt",
			    o);
	if (c->len > 0x7fffffffu)
		return mc_err_set(err, MC_EINVAL,
		                  "PNG chunk %s at byte %zu claims %" PRIu32
		                  " bytes, more than the 2^31-1 the format allows: the file is corrupt",
		                  c->type, o, c->len);
	if (c->len > n - o - 12)
		return mc_err_set(err, MC_EINVAL,
		                  "PNG chunk %s at byte %zu claims %" PRIu32
		                  " bytes but only %zu remain: the file is truncated or corrupt",
		                  c->type, o, c->len, n - o - 12);
	c->data = p + o + 8;
	uint32_t want = be32(p + o + 8 + c->len);
	uint32_t got = (uint32_t)crc32(0L, p + o + 4, 4);
	/* zlib's crc32 takes uInt lengths; chunk lengths fit (checked above). */
	got = (uint32_t)crc32(got, c->data, (uInt)c->len);
	if (got != want)
		return mc_err_set(err, MC_EINVAL,
		                  "PNG chunk %s at byte %zu has a bad CRC (stored %08" PRIx32
		                  ", computed %08" PRIx32 "): the file is corrupt",
		                  c->type, o, want, got);
	*off = o + 12 + c->len;
	return 0;
}

/* The keyword of a tEXt/iTXt/zTXt chunk (up to the first NUL), or an empty slice. */
static struct mc_slice text_keyword(const struct chunk *c)
{
	const unsigned char *nul = memchr(c->data, 0, c->len);
	if (!nul)
		return (struct mc_slice){NULL, 0};
	return (struct mc_slice){(const char *)c->data, (size_t)(nul - c->data)};
}

static bool is_text_chunk(const struct chunk *c)
{
	return !strcmp(c->type, "tEXt") || !strcmp(c->type, "iTXt") || !strcmp(c->type, "zTXt");
}

/* True for a text chunk that carries a badge (ours to find or replace). */
static bool is_badge_chunk(const struct chunk *c)
{
	if (!is_text_chunk(c))
		return false;
	struct mc_slice k = text_keyword(c);
	return mc_slice_eq_cstr(k, OB3_KEYWORD) || mc_slice_eq_cstr(k, OB2_KEYWORD);
}

/* Walks the whole stream, checking it; calls visit on each chunk up to IEND. */
static int walk(const unsigned char *p, size_t n,
                int (*visit)(void *ctx, const struct chunk *c, struct mc_err *err), void *ctx,
                struct mc_err *err)
{
	size_t off = sizeof(png_sig);
	struct chunk c;
	int rc;

	if (n < sizeof(png_sig) || memcmp(p, png_sig, sizeof(png_sig)) != 0)
		return mc_err_set(err, MC_EINVAL, "not a PNG: the 8-byte PNG signature is missing");
	if (n > MC_BAKE_MAX_IMAGE)
		return mc_err_set(err, MC_ELIMIT, "PNG is %zu bytes, more than the %zu bytes microcred reads",
		                  n, MC_BAKE_MAX_IMAGE);
	for (bool first = true;; first = false) {
		if ((rc = next_chunk(p, n, &off, &c, err)))
			return rc;
		if (first && (strcmp(c.type, "IHDR") != 0 || c.len != 13))
			return mc_err_set(err, MC_EINVAL,
			                  "PNG does not start with a 13-byte IHDR chunk (found %s, %" PRIu32
			                  " bytes): the file is corrupt",
			                  c.type, c.len);
		if (!first && !strcmp(c.type, "IHDR"))
			return mc_err_set(err, MC_EINVAL, "PNG has a second IHDR chunk at byte %zu", c.off);
		if ((rc = visit(ctx, &c, err)))
			return rc;
		if (!strcmp(c.type, "IEND"))
			return 0; /* bytes after IEND are not part of the image */
	}
}

/* ---- unbaking ---- */

struct found {
	struct chunk ob3, ob2_itxt, ob2_text;
	bool have_ob3, have_ob2_itxt, have_ob2_text;
};

/* Splits an iTXt chunk: keyword\0 flag method lang\0 translated\0 text. */
static int itxt_text(const struct chunk *c, struct mc_slice *text, struct mc_err *err)
{
	const unsigned char *d = c->data, *end = d + c->len;
	const unsigned char *p = memchr(d, 0, c->len);
	if (!p || end - p < 3)
		return mc_err_set(err, MC_EINVAL, "PNG iTXt chunk at byte %zu is malformed (too short)",
		                  c->off);
	unsigned flag = p[1], method = p[2];
	p += 3;
	const unsigned char *lang_end = memchr(p, 0, (size_t)(end - p));
	if (!lang_end)
		return mc_err_set(err, MC_EINVAL,
		                  "PNG iTXt chunk at byte %zu is malformed (no language tag end)", c->off);
	p = lang_end + 1;
	const unsigned char *tk_end = memchr(p, 0, (size_t)(end - p));
	if (!tk_end)
		return mc_err_set(err, MC_EINVAL,
		                  "PNG iTXt chunk at byte %zu is malformed (no translated keyword end)",
		                  c->off);
	p = tk_end + 1;
	if (flag > 1 || method != 0)
		return mc_err_set(err, MC_EINVAL,
		                  "PNG iTXt chunk at byte %zu has an invalid compression flag %u / method %u",
		                  c->off, flag, method);
	if (flag == 1)
		return mc_err_set(err, MC_EUNSUPPORTED,
		                  "PNG iTXt chunk at byte %zu holds its badge compressed, which Open Badges "
		                  "forbids; microcred reads only uncompressed badge text",
		                  c->off);
	*text = (struct mc_slice){(const char *)p, (size_t)(end - p)};
	return 0;
}

static int find_visit(void *ctx, const struct chunk *c, struct mc_err *err)
{
	struct found *f = ctx;
	if (!is_badge_chunk(c))
		return 0;
	struct mc_slice k = text_keyword(c);
	bool ob3 = mc_slice_eq_cstr(k, OB3_KEYWORD);
	if (!strcmp(c->type, "zTXt"))
		return mc_err_set(err, MC_EUNSUPPORTED,
		                  "PNG has a compressed zTXt %.*s chunk at byte %zu; Open Badges uses iTXt "
		                  "(uncompressed) and microcred reads only that",
		                  MC_SLICE_ARG(k), c->off);
	if (!strcmp(c->type, "tEXt") && ob3)
		return mc_err_set(err, MC_EINVAL,
		                  "PNG has a tEXt openbadgecredential chunk at byte %zu; Open Badges 3.0 "
		                  "requires an iTXt chunk",
		                  c->off);
	struct chunk *slot = ob3 ? &f->ob3 : !strcmp(c->type, "iTXt") ? &f->ob2_itxt : &f->ob2_text;
	bool *have = ob3 ? &f->have_ob3 : !strcmp(c->type, "iTXt") ? &f->have_ob2_itxt : &f->have_ob2_text;
	if (*have)
		return mc_err_set(err, MC_EINVAL,
		                  "PNG has two %s %.*s chunks (bytes %zu and %zu): an image carries one "
		                  "badge, and which one is meant is ambiguous",
		                  c->type, MC_SLICE_ARG(k), slot->off, c->off);
	*slot = *c;
	*have = true;
	return 0;
}

int mc__png_unbake(const unsigned char *p, size_t n, struct mc_arena *a, struct mc_unbaked *out,
                   struct mc_err *err)
{
	struct found f = {0};
	struct mc_slice text = {NULL, 0};
	const struct chunk *c;
	int rc;

	if ((rc = walk(p, n, find_visit, &f, err)))
		return rc;
	memset(out, 0, sizeof(*out));
	out->image = MC_IMAGE_PNG;
	if (f.have_ob3 || f.have_ob2_itxt) {
		c = f.have_ob3 ? &f.ob3 : &f.ob2_itxt;
		out->form = f.have_ob3 ? MC_BAKED_PNG_OB3_ITXT : MC_BAKED_PNG_OB2_ITXT;
		if ((rc = itxt_text(c, &text, err)))
			return rc;
	} else if (f.have_ob2_text) {
		c = &f.ob2_text;
		out->form = MC_BAKED_PNG_OB2_TEXT;
		size_t klen = strlen(OB2_KEYWORD) + 1;
		text = (struct mc_slice){(const char *)c->data + klen, c->len - klen};
	} else {
		return mc_err_set(
		    err, MC_ENOTFOUND,
		    "the PNG carries no badge (no iTXt openbadgecredential or openbadges chunk)");
	}
	if (!text.len)
		return mc_err_set(err, MC_ENOTFOUND,
		                  "the PNG %s %s chunk at byte %zu is empty: it holds no credential", c->type,
		                  out->form == MC_BAKED_PNG_OB3_ITXT ? OB3_KEYWORD : OB2_KEYWORD, c->off);
	if (text.len > MC_BAKE_MAX_CREDENTIAL)
		return mc_err_set(err, MC_ELIMIT,
		                  "the badge in the PNG is %zu bytes, more than the %zu allowed", text.len,
		                  MC_BAKE_MAX_CREDENTIAL);
	if (memchr(text.ptr, 0, text.len))
		return mc_err_set(err, MC_EINVAL,
		                  "the badge text in PNG chunk %s at byte %zu contains a NUL byte: it is "
		                  "neither JSON nor a JWS",
		                  c->type, c->off);
	out->text.ptr = mc_arena_strndup(a, text.ptr, text.len);
	out->text.len = text.len;
	out->kind = mc__baked_classify(out->text.ptr, out->text.len);
	return 0;
}

/* ---- baking ---- */

struct bake_ctx {
	struct mc_buf *out;
	const unsigned char *p;
	const char *text;
	size_t len;
	bool replaced;
};

static int put_chunk(struct mc_buf *out, const char type[4], const void *d1, size_t n1, const void *d2,
                     size_t n2)
{
	unsigned char hdr[8], crc[4];
	uLong c = crc32(0L, (const Bytef *)type, 4);
	c = crc32(c, d1, (uInt)n1);
	c = crc32(c, d2, (uInt)n2);
	put_be32(hdr, (uint32_t)(n1 + n2));
	memcpy(hdr + 4, type, 4);
	put_be32(crc, (uint32_t)c);
	int rc = mc_buf_append(out, hdr, 8);
	if (!rc)
		rc = mc_buf_append(out, d1, n1);
	if (!rc)
		rc = mc_buf_append(out, d2, n2);
	if (!rc)
		rc = mc_buf_append(out, crc, 4);
	return rc;
}

static int bake_visit(void *ctx, const struct chunk *c, struct mc_err *err)
{
	struct bake_ctx *b = ctx;
	int rc;
	if (is_badge_chunk(c)) {
		b->replaced = true;
		return 0;
	}
	rc = mc_buf_append(b->out, b->p + c->off, 12 + (size_t)c->len);
	if (!rc && !strcmp(c->type, "IHDR")) {
		/* keyword, NUL, compression flag 0, method 0, empty language tag and
		 * translated keyword (each NUL-terminated), then the text. */
		static const char head[] = OB3_KEYWORD "\0\0\0\0";
		rc = put_chunk(b->out, "iTXt", head, sizeof(head), b->text, b->len);
	}
	if (rc)
		return mc_err_set(err, rc, "the baked PNG would exceed the output size limit");
	return 0;
}

int mc__png_bake(struct mc_buf *out, const unsigned char *p, size_t n, const char *text, size_t len,
                 bool *replaced, struct mc_err *err)
{
	struct bake_ctx b = {.out = out, .p = p, .text = text, .len = len};
	size_t start = out->len;
	int rc;

	if (len > MC_BAKE_MAX_CREDENTIAL)
		return mc_err_set(err, MC_ELIMIT,
		                  "the credential is %zu bytes, more than the %zu that can be baked", len,
		                  MC_BAKE_MAX_CREDENTIAL);
	if ((rc = mc_buf_append(out, png_sig, sizeof(png_sig))))
		return mc_err_set(err, rc, "the baked PNG would exceed the output size limit");
	if ((rc = walk(p, n, bake_visit, &b, err))) {
		out->len = start;
		out->ptr[start] = '\0';
		return rc;
	}
	if (replaced)
		*replaced = b.replaced;
	return 0;
}
