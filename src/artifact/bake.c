/* Baked badges: detection, the common entry points, and the glue to verification
 * (bake.h). The formats themselves are in png.c and svg.c. */
#include "microcred/bake.h"

#include <string.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/json.h"

#include "artifact/bake_internal.h"

static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

enum mc_image_type mc_bake_detect(const void *data, size_t n)
{
	if (!data)
		return MC_IMAGE_OTHER;
	if (n >= sizeof(png_sig) && memcmp(data, png_sig, sizeof(png_sig)) == 0)
		return MC_IMAGE_PNG;
	if (mc__svg_sniff(data, n))
		return MC_IMAGE_SVG;
	return MC_IMAGE_OTHER;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static struct mc_slice trim(const char *s, size_t n)
{
	while (n && is_space(*s))
		s++, n--;
	while (n && is_space(s[n - 1]))
		n--;
	return (struct mc_slice){s, n};
}

static bool b64url_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_';
}

/* header.payload.signature, each part non-empty base64url (no padding). */
static bool looks_like_jws(struct mc_slice t)
{
	size_t dots = 0, part = 0;
	for (size_t i = 0; i < t.len; i++) {
		if (t.ptr[i] == '.') {
			if (part == 0)
				return false;
			dots++;
			part = 0;
		} else if (b64url_char(t.ptr[i])) {
			part++;
		} else {
			return false;
		}
	}
	return dots == 2 && part > 0;
}

enum mc_baked_kind mc__baked_classify(const char *s, size_t n)
{
	struct mc_slice t = trim(s, n);
	if (t.len && t.ptr[0] == '{')
		return MC_BAKED_JSON;
	if (mc_slice_starts_with(t, "https://") || mc_slice_starts_with(t, "http://"))
		return MC_BAKED_URL;
	if (looks_like_jws(t))
		return MC_BAKED_JWS;
	return MC_BAKED_UNKNOWN;
}

const char *mc_baked_form_name(enum mc_baked_form f)
{
	switch (f) {
	case MC_BAKED_PNG_OB3_ITXT: return "PNG iTXt openbadgecredential (Open Badges 3.0)";
	case MC_BAKED_PNG_OB2_ITXT: return "PNG iTXt openbadges (Open Badges 2.0)";
	case MC_BAKED_PNG_OB2_TEXT: return "PNG tEXt openbadges (Open Badges 2.0, legacy)";
	case MC_BAKED_SVG_OB3: return "SVG <openbadges:credential> (Open Badges 3.0)";
	case MC_BAKED_SVG_OB2: return "SVG <openbadges:assertion> (Open Badges 2.0)";
	}
	return "unknown";
}

const char *mc_baked_form_id(enum mc_baked_form f)
{
	switch (f) {
	case MC_BAKED_PNG_OB3_ITXT: return "png-itxt-ob3";
	case MC_BAKED_PNG_OB2_ITXT: return "png-itxt-ob2";
	case MC_BAKED_PNG_OB2_TEXT: return "png-text-ob2";
	case MC_BAKED_SVG_OB3: return "svg-ob3";
	case MC_BAKED_SVG_OB2: return "svg-ob2";
	}
	return "unknown";
}

const char *mc_baked_kind_name(enum mc_baked_kind k)
{
	switch (k) {
	case MC_BAKED_JSON: return "JSON";
	case MC_BAKED_JWS: return "compact JWS";
	case MC_BAKED_URL: return "URL";
	case MC_BAKED_UNKNOWN: break;
	}
	return "unrecognised text";
}

const char *mc_baked_kind_id(enum mc_baked_kind k)
{
	switch (k) {
	case MC_BAKED_JSON: return "json";
	case MC_BAKED_JWS: return "jws";
	case MC_BAKED_URL: return "url";
	case MC_BAKED_UNKNOWN: break;
	}
	return "unknown";
}

int mc_unbake(const void *data, size_t n, struct mc_arena *a, struct mc_unbaked *out, struct mc_err *err)
{
	switch (mc_bake_detect(data, n)) {
	case MC_IMAGE_PNG: return mc__png_unbake(data, n, a, out, err);
	case MC_IMAGE_SVG: return mc__svg_unbake(data, n, a, out, err);
	case MC_IMAGE_OTHER: break;
	}
	return mc_err_set(err, MC_EINVAL,
	                  "not a PNG or SVG image (neither the PNG signature nor an <svg> root)");
}

int mc_unbake_for_verify(struct mc_arena *a, const char *input, size_t n, const char **text, size_t *len,
                         const char **from, struct mc_err *err)
{
	struct mc_unbaked u;
	int rc;

	if (from)
		*from = NULL;
	if (mc_bake_detect(input, n) == MC_IMAGE_OTHER) {
		*text = input;
		*len = n;
		return 0;
	}
	if ((rc = mc_unbake(input, n, a, &u, err)))
		return rc;
	switch (u.kind) {
	case MC_BAKED_JSON:
	case MC_BAKED_JWS: break;
	case MC_BAKED_URL:
		return mc_err_set(err, MC_EUNSUPPORTED,
		                  "the %s holds only a link to a hosted assertion (%.*s); verifying it would "
		                  "mean fetching that URL, which microcred does not do for Open Badges 2.0",
		                  mc_baked_form_name(u.form), u.text.len > 200 ? 200 : (int)u.text.len,
		                  u.text.ptr);
	case MC_BAKED_UNKNOWN:
		return mc_err_set(err, MC_EINVAL,
		                  "the %s holds text that is neither JSON nor a compact JWS, so there is no "
		                  "credential to verify",
		                  mc_baked_form_name(u.form));
	}
	*text = u.text.ptr;
	*len = u.text.len;
	if (from)
		*from = mc_baked_form_name(u.form);
	return 0;
}

int mc_bake(struct mc_buf *out, const void *image, size_t n, const char *credential, size_t len,
            bool *replaced, struct mc_err *err)
{
	struct mc_slice cred = trim(credential, len);
	enum mc_image_type type = mc_bake_detect(image, n);
	enum mc_baked_kind kind = mc__baked_classify(cred.ptr, cred.len);
	struct mc_arena a;
	struct mc_json *doc;
	struct mc_unbaked back;
	size_t start = out->len;
	int rc;

	if (type == MC_IMAGE_OTHER)
		return mc_err_set(
		    err, MC_EINVAL,
		    "the image is neither a PNG nor an SVG; Open Badges can be baked only into those");
	if (n > MC_BAKE_MAX_IMAGE)
		return mc_err_set(err, MC_ELIMIT,
		                  "the image is %zu bytes, more than the %zu bytes microcred bakes", n,
		                  MC_BAKE_MAX_IMAGE);
	if (cred.len > MC_BAKE_MAX_CREDENTIAL)
		return mc_err_set(err, MC_ELIMIT,
		                  "the credential is %zu bytes, more than the %zu that can be baked",
		                  cred.len, MC_BAKE_MAX_CREDENTIAL);
	if (kind != MC_BAKED_JSON && kind != MC_BAKED_JWS)
		return mc_err_set(
		    err, MC_EINVAL,
		    "the credential is neither a JSON object (a credential with a Data Integrity "
		    "proof) nor a compact JWS (VC-JWT)");
	mc_arena_init(&a, 0);
	if (kind == MC_BAKED_JSON) {
		rc = mc_json_parse(&a, cred.ptr, cred.len, NULL, &doc, err);
		if (rc) {
			mc_err_prefix(err, "the credential is not valid JSON");
			goto out;
		}
		if (!mc_json_is_object(doc)) {
			rc = mc_err_set(err, MC_EINVAL, "the credential JSON is not an object");
			goto out;
		}
	}
	if (type == MC_IMAGE_PNG)
		rc = mc__png_bake(out, image, n, cred.ptr, cred.len, replaced, err);
	else
		rc = mc__svg_bake(out, image, n, cred.ptr, cred.len, kind == MC_BAKED_JWS, replaced, err);
	if (rc)
		goto out;
	/* Read it back: what was baked must be exactly what unbaking returns. */
	rc = mc_unbake(out->ptr + start, out->len - start, &a, &back, err);
	if (!rc && !(back.form == MC_BAKED_PNG_OB3_ITXT || back.form == MC_BAKED_SVG_OB3))
		rc = mc_err_set(err, MC_EINVAL, "internal error: the baked image reads back as %s",
		                mc_baked_form_name(back.form));
	if (!rc && !mc_slice_eq(back.text, cred))
		rc = mc_err_set(err, MC_EINVAL,
		                "internal error: the baked image does not read back the same "
		                "credential");
	if (rc) {
		mc_err_prefix(err, "checking the baked image");
		out->len = start;
		out->ptr[start] = '\0';
	}
out:
	mc_arena_release(&a);
	return rc;
}
