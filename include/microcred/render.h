/* Pictures of credentials: badge images (SVG and PNG) and printable PDF certificates
 * with a QR code that leads to the credential's verification page.
 *
 * Drawing uses cairo and pango; text goes through fontconfig, so any script the
 * installed fonts cover renders (the project installs DejaVu, EB Garamond, WenQuanYi
 * Micro Hei and Lohit Devanagari: Latin, Greek, Cyrillic, Hebrew, Arabic, CJK,
 * Devanagari). Text stays text: an SVG badge has real <text> elements, and a PDF
 * certificate embeds its fonts with a Unicode map, so both are selectable and
 * searchable.
 *
 * A badge is laid out once, in a 512-unit square, and that layout is either written
 * as SVG or painted with cairo: the two formats show the same design. Long titles
 * wrap (up to three lines) and shrink; what still does not fit ends in "…".
 *
 * Nothing here prints; every function that can fail takes a struct mc_err. Strings
 * are UTF-8 and borrowed for the duration of the call. */
#ifndef MICROCRED_RENDER_H
#define MICROCRED_RENDER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "json.h"
#include "time.h"

/* ---- colours ---- */

struct mc_rgb {
	uint8_t r, g, b;
};

/* Parses "#rrggbb" or "#rgb" (hex digits in either case). MC_EINVAL with a message
 * quoting the value and showing the form otherwise. */
int mc_rgb_parse(const char *s, struct mc_rgb *out, struct mc_err *err);

/* ---- badge images ---- */

enum mc_badge_shape {
	MC_BADGE_CIRCLE = 0,
	MC_BADGE_SHIELD,
	MC_BADGE_HEXAGON,
	MC_BADGE_RIBBON,  /* a rosette with two ribbon tails */
	MC_BADGE_ROUNDED, /* a square with rounded corners */
	MC_BADGE_SHAPE_COUNT,
};

/* Names accepted by mc_badge_shape_parse, for help texts. */
#define MC_BADGE_SHAPE_NAMES "circle, shield, hexagon, ribbon, rounded"

/* Parses a shape name (also "rosette" for ribbon, "square", "square-rounded" and
 * "rounded-square" for rounded). MC_EINVAL listing the names otherwise. */
int mc_badge_shape_parse(const char *s, enum mc_badge_shape *out, struct mc_err *err);
const char *mc_badge_shape_name(enum mc_badge_shape shape);

enum mc_image_format {
	MC_IMAGE_SVG = 0,
	MC_IMAGE_PNG,
};

#define MC_BADGE_SIZE_DEFAULT 512u
#define MC_BADGE_SIZE_MIN 32u
#define MC_BADGE_SIZE_MAX 4096u
/* Limits in characters (code points), checked by mc_badge_design_check. */
#define MC_BADGE_TITLE_MAX 160u
#define MC_BADGE_ICON_MAX 12u
#define MC_BADGE_SUBTITLE_MAX 80u

struct mc_badge_design {
	enum mc_badge_shape shape;
	struct mc_rgb primary;   /* the face of the badge */
	struct mc_rgb secondary; /* the rim and ribbons; used when has_secondary */
	struct mc_rgb text;      /* the lettering; used when has_text */
	bool has_secondary;      /* false: a darker shade of primary */
	bool has_text;           /* false: white or near-black, whichever contrasts more */
	const char *title;       /* required */
	const char *icon_text;   /* optional: 1-3 characters or a short word, drawn large */
	const char *subtitle;    /* optional: issuer name, year */
};

/* Defaults: a circle in a deep blue, no texts. */
void mc_badge_design_init(struct mc_badge_design *d);

/* Checks the texts: title present, valid UTF-8, no control characters, within the
 * limits above. MC_EINVAL naming the field. (Rendering checks too.) */
int mc_badge_design_check(const struct mc_badge_design *d, struct mc_err *err);

/* Renders the badge as a size × size image and appends it to out. SVG output scales
 * (viewBox 512) and has width/height size; PNG is RGBA. MC_EINVAL for a bad design
 * or a size outside MC_BADGE_SIZE_MIN..MAX. */
int mc_badge_render(const struct mc_badge_design *d, enum mc_image_format format, unsigned size,
                    struct mc_buf *out, struct mc_err *err);

/* ---- QR codes ---- */

/* A QR code symbol: width × width modules, row by row, 1 = dark. */
struct mc_qr {
	int width;
	const uint8_t *modules; /* in the arena given to mc_qr_encode */
};

/* Longest text mc_qr_encode takes: verification URLs, not documents. */
#define MC_QR_TEXT_MAX 1024u

/* Encodes text[0..n) as bytes with error correction level M (15% of the symbol can
 * be damaged), the smallest version that holds it. MC_ELIMIT when longer than
 * MC_QR_TEXT_MAX. */
int mc_qr_encode(struct mc_arena *a, const char *text, size_t n, struct mc_qr *out, struct mc_err *err);

/* Appends a standalone SVG of the symbol with a quiet zone of 4 modules, each module
 * `module` user units wide (the image is (width + 8) * module square). */
int mc_qr_write_svg(struct mc_buf *out, const struct mc_qr *qr, unsigned module);

/* ---- certificates ---- */

enum mc_paper {
	MC_PAPER_A4 = 0, /* 297 × 210 mm landscape */
	MC_PAPER_LETTER, /* 11 × 8.5 in landscape */
};

/* "a4" or "letter" (either case). */
int mc_paper_parse(const char *s, enum mc_paper *out, struct mc_err *err);

#define MC_CERT_SKILLS_MAX 12u

/* What a certificate shows. All strings borrowed; NULL means absent. */
struct mc_certificate {
	const char *learner_name;       /* required */
	const char *title;              /* the achievement's name; required */
	const char *heading;            /* e.g. "Certificate of Achievement"; NULL: that */
	const char *description;        /* the achievement's description; wrapped, at most 5 lines */
	const char *issuer_name;        /* required */
	const uint8_t *issuer_logo_png; /* optional: PNG bytes drawn above the heading */
	size_t issuer_logo_png_len;
	bool has_issued;
	struct mc_time issued;                  /* validFrom, printed in words in its own time zone */
	const char *skills[MC_CERT_SKILLS_MAX]; /* alignment target names */
	size_t n_skills;
	const char *credential_id; /* printed small at the foot */
	const char *verify_url;    /* required: printed, and encoded in the QR code */
};

/* Fills c from a credential (VC 2.0 or 1.1, Open Badges 3.0): learner name from
 * credentialSubject.name or an unhashed IdentityObject of identityType "name";
 * title, description, achievementType and alignments from
 * credentialSubject.achievement (the credential's name when the achievement has
 * none); issuer name and a data:image/png logo from issuer; issued from validFrom
 * (else issuanceDate, else awardedDate); credential_id from id. verify_url is left
 * NULL (see mc_certificate_verify_url). Strings point into cred or into a.
 * MC_EINVAL when cred is not an object. Missing fields stay NULL: render checks. */
int mc_certificate_from_credential(struct mc_arena *a, const struct mc_json *cred, struct mc_certificate *c,
                                   struct mc_err *err);

/* The verification URL a certificate should carry: verify_url if given; else
 * base_url + "/credentials/" + the percent-encoded id if base_url is given; else the
 * id itself when it is an https URL. MC_EINVAL with advice otherwise. *out in a. */
int mc_certificate_verify_url(struct mc_arena *a, const char *credential_id, const char *verify_url,
                              const char *base_url, const char **out, struct mc_err *err);

/* Renders a one-page landscape PDF and appends it to out. MC_EINVAL naming the
 * missing field when learner_name, title, issuer_name or verify_url is absent. */
int mc_certificate_render_pdf(const struct mc_certificate *c, enum mc_paper paper, struct mc_buf *out,
                              struct mc_err *err);

/* Appends a date in words in English, in the time's own zone: "15 January 2025". */
int mc_date_in_words(struct mc_buf *out, const struct mc_time *t);

#endif
