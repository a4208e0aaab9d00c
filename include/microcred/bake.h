/* Baked badges: an Open Badges credential carried inside its PNG or SVG image.
 *
 * Open Badges 3.0 (docformat "Baked Badge"):
 *   PNG  one iTXt chunk, keyword "openbadgecredential", uncompressed, no language
 *        tag; the text is the credential's JSON or its compact JWS (VC-JWT).
 *   SVG  xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" on the root and an
 *        <openbadges:credential> element as its first child, holding the JSON in
 *        CDATA, or the compact JWS in a verify="..." attribute.
 * Open Badges 2.0, read for older badges:
 *   PNG  iTXt "openbadges" (assertion JSON, a JWS or a URL); legacy tEXt
 *        "openbadges" with a URL.
 *   SVG  xmlns:openbadges="http://openbadges.org" and <openbadges:assertion
 *        verify="URL or JWS">, optionally with the assertion JSON in CDATA.
 *
 * Unbaking reads images from strangers, so it is strict: every PNG chunk CRC is
 * checked, chunk lengths are checked against what is there before anything is
 * copied, and the SVG reader is a small well-formedness scanner that refuses
 * DOCTYPE internal subsets (entity declarations: billion laughs, external
 * entities), knows only the five predefined and numeric character references,
 * and never fetches anything (an external DTD named in a DOCTYPE is ignored).
 *
 * Baking never changes the image itself: PNG chunks other than the credential's
 * are copied byte for byte (only bytes after IEND are dropped); SVG text outside
 * the root start tag and the credential element is kept as it was. */
#ifndef MICROCRED_BAKE_H
#define MICROCRED_BAKE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "err.h"

/* Largest image mc_unbake and mc_bake read, and largest credential they carry. */
#define MC_BAKE_MAX_IMAGE ((size_t)64 * 1024 * 1024)
#define MC_BAKE_MAX_CREDENTIAL ((size_t)8 * 1024 * 1024)
/* SVG element nesting limit. */
#define MC_BAKE_SVG_MAX_DEPTH 256

#define MC_OB3_SVG_NS "https://purl.imsglobal.org/ob/v3p0"
#define MC_OB2_SVG_NS "http://openbadges.org"

enum mc_image_type {
	MC_IMAGE_OTHER = 0, /* neither: not an image microcred bakes */
	MC_IMAGE_PNG,
	MC_IMAGE_SVG,
};

/* What the bytes are, by content (the PNG signature; for SVG, an XML document
 * whose root element is named svg, seen within the first 64 KiB). Cheap: it does
 * not validate the image. */
enum mc_image_type mc_bake_detect(const void *data, size_t n);

/* Where in the image the credential was found. */
enum mc_baked_form {
	MC_BAKED_PNG_OB3_ITXT = 1, /* PNG iTXt "openbadgecredential" (OB 3.0) */
	MC_BAKED_PNG_OB2_ITXT,     /* PNG iTXt "openbadges" (OB 2.0) */
	MC_BAKED_PNG_OB2_TEXT,     /* PNG tEXt "openbadges" (OB 2.0 legacy, a URL) */
	MC_BAKED_SVG_OB3,          /* SVG <openbadges:credential> (OB 3.0) */
	MC_BAKED_SVG_OB2,          /* SVG <openbadges:assertion> (OB 2.0) */
};

/* What the embedded text is. */
enum mc_baked_kind {
	MC_BAKED_UNKNOWN = 0, /* none of the below: returned as is, cannot be verified */
	MC_BAKED_JSON,        /* starts with '{': a credential or assertion as JSON (not validated) */
	MC_BAKED_JWS,         /* a compact JWS: three base64url parts */
	MC_BAKED_URL,         /* an http(s) URL: an OB 2.0 hosted assertion */
};

struct mc_unbaked {
	enum mc_image_type image;
	enum mc_baked_form form;
	enum mc_baked_kind kind;
	/* The credential exactly as embedded: the PNG text, or the SVG element's
	 * content (CDATA and character data, references decoded, surrounding XML
	 * whitespace trimmed) or verify attribute. In the arena, NUL-terminated. */
	struct mc_slice text;
	/* SVG only: the verify attribute when the element has one (OB 2.0 keeps its
	 * URL or JWS there next to the JSON), else {NULL, 0}. In the arena. */
	struct mc_slice verify;
};

/* Finds the credential baked into the image data[0..n) (borrowed). Results are
 * allocated in a. Returns 0; MC_ENOTFOUND when the image is valid but carries no
 * credential; MC_EINVAL when it is not a PNG or SVG, is corrupt (bad CRC,
 * truncated, malformed XML), or is ambiguous (two credentials); MC_ELIMIT when a
 * size or depth limit is exceeded; MC_EUNSUPPORTED for valid things microcred
 * does not read (compressed iTXt, an XML encoding other than UTF-8, a DOCTYPE with
 * an internal subset). err says which and where. */
int mc_unbake(const void *data, size_t n, struct mc_arena *a, struct mc_unbaked *out, struct mc_err *err);

/* Short descriptions for messages: "PNG iTXt openbadgecredential (Open Badges 3.0)",
 * "JSON", "compact JWS", ... Static strings. */
const char *mc_baked_form_name(enum mc_baked_form f);
const char *mc_baked_kind_name(enum mc_baked_kind k);
/* Stable identifiers for machine output: "png-itxt-ob3", "svg-ob2", ...; "json", "jws". */
const char *mc_baked_form_id(enum mc_baked_form f);
const char *mc_baked_kind_id(enum mc_baked_kind k);

/* What mc_verify should be handed for input[0..n) (borrowed): when the input is a
 * PNG or SVG image, the credential baked into it (JSON or compact JWS, allocated
 * in a; *from, if not NULL, is set to a description such as "PNG iTXt
 * openbadgecredential (Open Badges 3.0)"); otherwise the input itself, unchanged
 * (*text = input, *from = NULL). Fails with the mc_unbake errors, and with
 * MC_EUNSUPPORTED when the image only links to a hosted OB 2.0 assertion (a URL:
 * verifying it would need the network) or holds something that is neither JSON nor
 * a JWS. This is the one call verification front ends (CLI, web upload) need. */
int mc_unbake_for_verify(struct mc_arena *a, const char *input, size_t n, const char **text, size_t *len,
                         const char **from, struct mc_err *err);

/* Bakes credential[0..len) — a JSON object (Data Integrity) or a compact JWS
 * (VC-JWT); surrounding whitespace is ignored — into the PNG or SVG image[0..n)
 * (both borrowed) as Open Badges 3.0 prescribes, and appends the baked image to
 * out. Any credential or OB 2.0 assertion already in the image is replaced (one
 * credential per image); *replaced (optional) says whether there was one.
 * PNG: the iTXt chunk goes right after IHDR. SVG: the namespace declaration goes
 * on the root element, the element becomes its first child; "]]>" inside the JSON
 * is split across CDATA sections. Errors: MC_EINVAL for an image mc_unbake would
 * refuse or a credential that is neither JSON object nor JWS, MC_ELIMIT for sizes. */
int mc_bake(struct mc_buf *out, const void *image, size_t n, const char *credential, size_t len,
            bool *replaced, struct mc_err *err);

#endif
