/* Printable certificates: one landscape PDF page drawn with cairo and pango, with a
 * QR code that leads to the credential's verification page. pango embeds subsets of
 * the fonts with a Unicode map, so the text can be selected, searched and read back
 * (pdftotext) in any script the fonts cover. */
#include <cairo-pdf.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/encoding.h"
#include "microcred/err.h"
#include "microcred/json.h"
#include "microcred/render.h"
#include "microcred/time.h"

#include "artifact/render_internal.h"

/* ---- dates ---- */

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};

int mc_date_in_words(struct mc_buf *out, const struct mc_time *t)
{
	/* Days since 1970-01-01 to a civil date (proleptic Gregorian), in the time's
	 * own zone: a credential issued late on the 15th in New York says the 15th. */
	int64_t s = t->sec + (int64_t)t->offset * 60;
	int64_t z = (s >= 0 ? s / 86400 : (s - 86399) / 86400) + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t day = doy - (153 * mp + 2) / 5 + 1;
	int64_t month = mp < 10 ? mp + 3 : mp - 9;
	int64_t year = yoe + era * 400 + (month <= 2);
	return mc_buf_printf(out, "%d %s %lld", (int)day, month_names[month - 1], (long long)year);
}

/* ---- options ---- */

int mc_paper_parse(const char *s, enum mc_paper *out, struct mc_err *err)
{
	if (s && strcasecmp(s, "a4") == 0)
		*out = MC_PAPER_A4;
	else if (s && strcasecmp(s, "letter") == 0)
		*out = MC_PAPER_LETTER;
	else
		return mc_err_set(err, MC_EINVAL, "paper size '%.40s' is not known; use a4 or letter",
		                  s ? s : "");
	return 0;
}

static bool is_unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '.' || c == '_' || c == '~' || c == ':';
}

static bool is_web_url(const char *s, bool https_only)
{
	if (strncasecmp(s, "https://", 8) == 0)
		return s[8] && s[8] != '/';
	return !https_only && strncasecmp(s, "http://", 7) == 0 && s[7] && s[7] != '/';
}

int mc_certificate_verify_url(struct mc_arena *a, const char *credential_id, const char *verify_url,
                              const char *base_url, const char **out, struct mc_err *err)
{
	if (verify_url) {
		if (!is_web_url(verify_url, false))
			return mc_err_set(
			    err, MC_EINVAL,
			    "the verification URL '%.200s' is not an http(s) address; give the page "
			    "where the credential can be checked, e.g. "
			    "https://badges.example.edu/credentials/123",
			    verify_url);
		*out = verify_url;
		return 0;
	}
	if (base_url) {
		if (!is_web_url(base_url, false))
			return mc_err_set(
			    err, MC_EINVAL,
			    "the base URL '%.200s' is not an http(s) address; give the platform's "
			    "address, e.g. https://badges.example.edu",
			    base_url);
		if (!credential_id)
			return mc_err_set(
			    err, MC_EINVAL,
			    "the credential has no id, so no verification address can be made from the "
			    "base URL; give --verify-url URL");
		struct mc_buf b;
		mc_buf_init(&b, MC_BUF_NOLIMIT);
		size_t n = strlen(base_url);
		while (n > 0 && base_url[n - 1] == '/')
			n--;
		mc_buf_append(&b, base_url, n);
		mc_buf_puts(&b, "/credentials/");
		for (const unsigned char *p = (const unsigned char *)credential_id; *p; p++) {
			if (is_unreserved(*p))
				mc_buf_putc(&b, (char)*p);
			else
				mc_buf_printf(&b, "%%%02X", *p);
		}
		*out = mc_arena_strndup(a, b.ptr, b.len);
		mc_buf_release(&b);
		return 0;
	}
	if (credential_id && is_web_url(credential_id, true)) {
		*out = credential_id;
		return 0;
	}
	return mc_err_set(
	    err, MC_EINVAL,
	    "the credential's id (%.120s) is not an https address, so the certificate's QR code needs "
	    "one: give --verify-url URL (its verification page) or --base-url URL (the platform's address)",
	    credential_id ? credential_id : "none");
}

/* ---- reading a credential ---- */

static const struct mc_json *first_object(const struct mc_json *v)
{
	if (mc_json_is_array(v))
		v = v->len ? &v->v.items[0] : NULL;
	return mc_json_is_object(v) ? v : NULL;
}

static const char *nonempty(const char *s)
{
	if (!s)
		return NULL;
	for (const char *p = s; *p; p++)
		if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
			return s;
	return NULL;
}

/* An unhashed IdentityObject of identityType "name" carries the name in clear. */
static const char *name_from_identifiers(const struct mc_json *ids)
{
	size_t n = mc_json_is_array(ids) ? ids->len : mc_json_is_object(ids) ? 1 : 0;
	for (size_t i = 0; i < n; i++) {
		const struct mc_json *id = mc_json_is_array(ids) ? &ids->v.items[i] : ids;
		const char *type = mc_json_get_str(id, "identityType");
		const struct mc_json *hashed = mc_json_get(id, "hashed");
		if (type && strcmp(type, "name") == 0 && hashed && hashed->type == MC_JSON_FALSE)
			return nonempty(mc_json_get_str(id, "identityHash"));
	}
	return NULL;
}

static const char *heading_for(const char *achievement_type)
{
	static const struct {
		const char *type, *heading;
	} map[] = {
	    {"Certificate", "Certificate of Achievement"},
	    {"MicroCredential", "Micro-credential Certificate"},
	    {"Certification", "Certificate of Certification"},
	    {"CourseCompletion", "Certificate of Completion"},
	    {"Course", "Certificate of Completion"},
	    {"Diploma", "Diploma"},
	    {"Award", "Certificate of Award"},
	    {"Competency", "Certificate of Competency"},
	    {"License", "Licence Certificate"},
	    {"Membership", "Certificate of Membership"},
	    {"Assessment", "Certificate of Assessment"},
	    {"Achievement", "Certificate of Achievement"},
	};
	for (size_t i = 0; achievement_type && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].type, achievement_type) == 0)
			return map[i].heading;
	return NULL;
}

#define LOGO_MAX ((size_t)2 << 20)

static void logo_from_image(struct mc_arena *a, const struct mc_json *image, struct mc_certificate *c)
{
	const char *url = mc_json_is_string(image) ? image->v.str : mc_json_get_str(image, "id");
	static const char prefix[] = "data:image/png;base64,";
	if (!url || strncasecmp(url, prefix, sizeof(prefix) - 1) != 0)
		return; /* only embedded PNGs: nothing is fetched to print a certificate */
	const char *b64 = url + sizeof(prefix) - 1;
	size_t n = strlen(b64);
	if (n / 4 * 3 > LOGO_MAX)
		return;
	struct mc_buf png;
	mc_buf_init(&png, LOGO_MAX);
	if (mc_base64_decode(&png, b64, n, NULL) == 0 && png.len > 8) {
		c->issuer_logo_png = mc_arena_memdup(a, png.ptr, png.len);
		c->issuer_logo_png_len = png.len;
	}
	mc_buf_release(&png);
}

int mc_certificate_from_credential(struct mc_arena *a, const struct mc_json *cred, struct mc_certificate *c,
                                   struct mc_err *err)
{
	memset(c, 0, sizeof(*c));
	if (!mc_json_is_object(cred))
		return mc_err_set(err, MC_EINVAL, "the credential is not a JSON object");
	const struct mc_json *cs = first_object(mc_json_get(cred, "credentialSubject"));
	const struct mc_json *ach =
	    mc_json_is_object(mc_json_get(cs, "achievement")) ? mc_json_get(cs, "achievement") : NULL;
	c->learner_name = nonempty(mc_json_get_str(cs, "name"));
	if (!c->learner_name)
		c->learner_name = name_from_identifiers(mc_json_get(cs, "identifier"));
	c->title = nonempty(mc_json_get_str(ach, "name"));
	if (!c->title)
		c->title = nonempty(mc_json_get_str(cred, "name"));
	c->description = nonempty(mc_json_get_str(ach, "description"));
	const struct mc_json *at = mc_json_get(ach, "achievementType");
	c->heading = heading_for(mc_json_is_string(at) ? at->v.str : NULL);

	const struct mc_json *issuer = mc_json_get(cred, "issuer");
	if (mc_json_is_string(issuer)) {
		c->issuer_name = nonempty(issuer->v.str);
	} else if (mc_json_is_object(issuer)) {
		c->issuer_name = nonempty(mc_json_get_str(issuer, "name"));
		if (!c->issuer_name)
			c->issuer_name = nonempty(mc_json_get_str(issuer, "id"));
		logo_from_image(a, mc_json_get(issuer, "image"), c);
	}

	static const char *const dates[] = {"validFrom", "issuanceDate", "awardedDate"};
	for (size_t i = 0; i < 3 && !c->has_issued; i++) {
		const char *s = mc_json_get_str(cred, dates[i]);
		if (s && mc_time_parse(&c->issued, s, strlen(s), NULL) == 0)
			c->has_issued = true;
	}

	const struct mc_json *al = mc_json_get(ach, "alignment");
	size_t n = mc_json_is_array(al) ? al->len : mc_json_is_object(al) ? 1 : 0;
	for (size_t i = 0; i < n && c->n_skills < MC_CERT_SKILLS_MAX; i++) {
		const char *name =
		    nonempty(mc_json_get_str(mc_json_is_array(al) ? &al->v.items[i] : al, "targetName"));
		if (name)
			c->skills[c->n_skills++] = name;
	}
	c->credential_id = nonempty(mc_json_get_str(cred, "id"));
	return 0;
}

/* ---- drawing ---- */

#define SERIF "EB Garamond, DejaVu Serif, serif"
#define SANS "DejaVu Sans, sans-serif"
#define MONO "DejaVu Sans Mono, monospace"

struct rgb {
	double r, g, b;
};

static const struct rgb NAVY = {0.11, 0.18, 0.29}, GOLD = {0.69, 0.55, 0.24}, INK = {0.22, 0.22, 0.24},
                        GREY = {0.42, 0.43, 0.46}, PAPER = {1.0, 0.992, 0.972};

struct style {
	const char *family;
	double size;
	PangoWeight weight;
	PangoStyle slant;
	struct rgb color;
};

/* A layout of text in the given style, width w (0: one line, no wrapping), aligned as
 * asked, at most max_lines lines (the last one ellipsized). */
static PangoLayout *layout(PangoContext *ctx, const char *text, const struct style *st, double w,
                           int max_lines, PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(ctx);
	PangoFontDescription *fd = pango_font_description_from_string(st->family);
	pango_font_description_set_absolute_size(fd, st->size * PANGO_SCALE);
	pango_font_description_set_weight(fd, st->weight);
	pango_font_description_set_style(fd, st->slant);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	pango_layout_set_alignment(l, align);
	if (w > 0) {
		pango_layout_set_width(l, (int)(w * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
		if (max_lines > 0) {
			pango_layout_set_height(l, -max_lines);
			pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
		}
	}
	pango_layout_set_text(l, text, -1);
	return l;
}

static double layout_height(PangoLayout *l)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	return (double)r.height / PANGO_SCALE;
}

static double layout_width(PangoLayout *l)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	return (double)r.width / PANGO_SCALE;
}

/* Draws l with its box's top edge at y: centred on cx (wrapped layouts are centred
 * in their own width), or from x when align_left, or ending at x when right. */
static void draw_at(cairo_t *cr, PangoLayout *l, const struct rgb *c, double x, double y, PangoAlignment how)
{
	PangoRectangle r;
	pango_layout_get_extents(l, NULL, &r);
	double w = pango_layout_get_width(l) > 0 ? (double)pango_layout_get_width(l) / PANGO_SCALE
	                                         : (double)r.width / PANGO_SCALE;
	double left = how == PANGO_ALIGN_CENTER ? x - w / 2 : how == PANGO_ALIGN_RIGHT ? x - w : x;
	if (pango_layout_get_width(l) <= 0)
		left -= (double)r.x / PANGO_SCALE;
	cairo_set_source_rgb(cr, c->r, c->g, c->b);
	cairo_move_to(cr, left, y);
	pango_cairo_show_layout(cr, l);
}

static void hline(cairo_t *cr, double x0, double x1, double y, double width, const struct rgb *c)
{
	cairo_set_source_rgb(cr, c->r, c->g, c->b);
	cairo_set_line_width(cr, width);
	cairo_move_to(cr, x0, y);
	cairo_line_to(cr, x1, y);
	cairo_stroke(cr);
}

static void diamond(cairo_t *cr, double x, double y, double r, const struct rgb *c)
{
	cairo_set_source_rgb(cr, c->r, c->g, c->b);
	cairo_move_to(cr, x, y - r);
	cairo_line_to(cr, x + r, y);
	cairo_line_to(cr, x, y + r);
	cairo_line_to(cr, x - r, y);
	cairo_close_path(cr);
	cairo_fill(cr);
}

static void draw_border(cairo_t *cr, double W, double H)
{
	cairo_set_source_rgb(cr, PAPER.r, PAPER.g, PAPER.b);
	cairo_paint(cr);
	const double o = 22, i = 30;
	cairo_set_source_rgb(cr, NAVY.r, NAVY.g, NAVY.b);
	cairo_set_line_width(cr, 3.2);
	cairo_rectangle(cr, o, o, W - 2 * o, H - 2 * o);
	cairo_stroke(cr);
	cairo_set_source_rgb(cr, GOLD.r, GOLD.g, GOLD.b);
	cairo_set_line_width(cr, 0.9);
	cairo_rectangle(cr, i, i, W - 2 * i, H - 2 * i);
	cairo_stroke(cr);
	const double corners[4][2] = {{i, i}, {W - i, i}, {i, H - i}, {W - i, H - i}};
	for (int k = 0; k < 4; k++)
		diamond(cr, corners[k][0], corners[k][1], 5, &GOLD);
}

struct png_reader {
	const uint8_t *p;
	size_t n, off;
};

static cairo_status_t read_png(void *closure, unsigned char *data, unsigned int length)
{
	struct png_reader *r = closure;
	if (r->n - r->off < length)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p + r->off, length);
	r->off += length;
	return CAIRO_STATUS_SUCCESS;
}

/* The issuer's logo, or NULL when absent or not a readable PNG (then it is left
 * out: a certificate without a logo is still a certificate). */
static cairo_surface_t *load_logo(const struct mc_certificate *c)
{
	if (!c->issuer_logo_png || c->issuer_logo_png_len < 8)
		return NULL;
	struct png_reader r = {c->issuer_logo_png, c->issuer_logo_png_len, 0};
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_png, &r);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS || cairo_image_surface_get_width(s) < 1 ||
	    cairo_image_surface_get_height(s) < 1) {
		cairo_surface_destroy(s);
		return NULL;
	}
	return s;
}

static char *skills_text(const struct mc_certificate *c)
{
	GString *s = g_string_new(NULL);
	for (size_t i = 0; i < c->n_skills; i++) {
		if (i)
			g_string_append(s, "  \xc2\xb7  "); /* middle dot */
		g_string_append(s, c->skills[i]);
	}
	return g_string_free(s, FALSE);
}

static int check_field(const char *what, const char *s, size_t max, bool newlines, struct mc_err *err)
{
	if (!s)
		return 0;
	return mc__render_check_text(what, s, max, newlines, NULL, err);
}

static int check_certificate(const struct mc_certificate *c, struct mc_err *err)
{
	if (!c->learner_name)
		return mc_err_set(
		    err, MC_EINVAL,
		    "the credential names no learner (credentialSubject.name, or an unhashed identifier "
		    "of identityType \"name\"); give the name to print (--name)");
	if (!c->title)
		return mc_err_set(
		    err, MC_EINVAL,
		    "the credential has no achievement name (credentialSubject.achievement.name or name)");
	if (!c->issuer_name)
		return mc_err_set(err, MC_EINVAL,
		                  "the credential has no issuer name (issuer.name or issuer)");
	if (!c->verify_url)
		return mc_err_set(err, MC_EINVAL, "a certificate needs a verification URL for its QR code");
	int rc = check_field("the learner's name", c->learner_name, 200, false, err);
	rc = rc ? rc : check_field("the achievement name", c->title, 400, true, err);
	rc = rc ? rc : check_field("the heading", c->heading, 100, false, err);
	rc = rc ? rc : check_field("the description", c->description, 20000, true, err);
	rc = rc ? rc : check_field("the issuer name", c->issuer_name, 400, false, err);
	rc = rc ? rc : check_field("the credential id", c->credential_id, 2000, false, err);
	rc = rc ? rc : check_field("the verification URL", c->verify_url, MC_QR_TEXT_MAX, false, err);
	for (size_t i = 0; rc == 0 && i < c->n_skills; i++)
		rc = check_field("a skill name", c->skills[i], 400, false, err);
	return rc;
}

struct page {
	cairo_t *cr;
	PangoContext *ctx;
	double W, H;
};

/* Returns the name's layout: one line at the largest size from 44 pt down to 24 pt
 * that fits w, else two lines at 24 pt. */
static PangoLayout *name_layout(PangoContext *ctx, const char *name, double w)
{
	struct style st = {SERIF, 44, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, NAVY};
	for (;; st.size = fmax(24, st.size * 0.94)) {
		PangoLayout *l = layout(ctx, name, &st, 0, 0, PANGO_ALIGN_CENTER);
		if (layout_width(l) <= w)
			return l;
		g_object_unref(l);
		if (st.size <= 24)
			return layout(ctx, name, &st, w, 2, PANGO_ALIGN_CENTER);
	}
}

static void draw_certificate(struct page *pg, const struct mc_certificate *c, const struct mc_qr *qr,
                             cairo_surface_t *logo)
{
	cairo_t *cr = pg->cr;
	PangoContext *ctx = pg->ctx;
	const double W = pg->W, H = pg->H, cx = W / 2;
	const double left = 64, right = W - 64, top = 56, bottom = H - 50;
	const double cw = right - left;

	draw_border(cr, W, H);

	/* Head: the issuer's logo and name. */
	double y = top;
	if (logo) {
		double lw = cairo_image_surface_get_width(logo), lh = cairo_image_surface_get_height(logo);
		double s = fmin(46 / lh, 160 / lw);
		cairo_save(cr);
		cairo_translate(cr, cx - lw * s / 2, y);
		cairo_scale(cr, s, s);
		cairo_set_source_surface(cr, logo, 0, 0);
		cairo_paint(cr);
		cairo_restore(cr);
		y += lh * s + 8;
	}
	struct style issuer_st = {SANS, 9.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, GOLD};
	char *issuer_up = g_utf8_strup(c->issuer_name, -1);
	PangoLayout *issuer = layout(ctx, issuer_up, &issuer_st, cw * 0.8, 1, PANGO_ALIGN_CENTER);
	g_free(issuer_up);
	draw_at(cr, issuer, &GOLD, cx, y, PANGO_ALIGN_CENTER);
	y += layout_height(issuer);
	g_object_unref(issuer);

	/* Foot: issuer and date over rules on the left, the QR code on the right. */
	const double qr_size = 84;
	const double foot_top = bottom - qr_size - 6;

	/* Body: heading, name, achievement, description, skills; centred vertically
	 * between head and foot. Long texts lose lines first, then spacing. */
	struct style heading_st = {SERIF, 32, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, NAVY};
	struct style lead_st = {SERIF, 13.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC, GREY};
	struct style title_st = {SERIF, 23, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, INK};
	struct style desc_st = {SERIF, 11.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, INK};
	struct style skills_label_st = {SANS, 7, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, GREY};
	struct style skills_st = {SANS, 8.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, INK};

	PangoLayout *heading = layout(ctx, c->heading ? c->heading : "Certificate of Achievement",
	                              &heading_st, cw, 1, PANGO_ALIGN_CENTER);
	PangoLayout *lead1 = layout(ctx, "This is to certify that", &lead_st, 0, 0, PANGO_ALIGN_CENTER);
	PangoLayout *name = name_layout(ctx, c->learner_name, cw * 0.86);
	PangoLayout *lead2 = layout(ctx, "has been awarded", &lead_st, 0, 0, PANGO_ALIGN_CENTER);
	PangoLayout *title = layout(ctx, c->title, &title_st, cw * 0.8, 2, PANGO_ALIGN_CENTER);
	char *skills_str = c->n_skills ? skills_text(c) : NULL;
	int desc_lines = 4, skills_lines = 2;
	double gap = 1.0;
	PangoLayout *desc = NULL, *skills = NULL, *skills_label = NULL;
	double total;
	for (int attempt = 0;; attempt++) {
		if (desc)
			g_object_unref(desc), desc = NULL;
		if (skills)
			g_object_unref(skills), skills = NULL;
		if (skills_label)
			g_object_unref(skills_label), skills_label = NULL;
		if (c->description && desc_lines > 0)
			desc =
			    layout(ctx, c->description, &desc_st, cw * 0.66, desc_lines, PANGO_ALIGN_CENTER);
		if (skills_str && skills_lines > 0) {
			skills_label = layout(ctx, c->n_skills > 1 ? "SKILLS" : "SKILL", &skills_label_st, 0,
			                      0, PANGO_ALIGN_CENTER);
			skills =
			    layout(ctx, skills_str, &skills_st, cw * 0.7, skills_lines, PANGO_ALIGN_CENTER);
		}
		total = layout_height(heading) + gap * 14 + 8 + gap * 14 + layout_height(lead1) + gap * 6 +
		        layout_height(name) + 5 + gap * 12 + layout_height(lead2) + gap * 6 +
		        layout_height(title);
		if (desc)
			total += gap * 10 + layout_height(desc);
		if (skills)
			total += gap * 12 + layout_height(skills_label) + 3 + layout_height(skills);
		double avail = foot_top - 14 - (y + 18);
		if (total <= avail || attempt > 6)
			break;
		if (desc_lines > 2)
			desc_lines--;
		else if (skills_lines > 1)
			skills_lines--;
		else if (gap > 0.5)
			gap -= 0.15;
		else if (desc_lines > 0)
			desc_lines--;
	}
	double body_top = y + 18, body_bottom = foot_top - 14;
	y = body_top + fmax(0, (body_bottom - body_top - total) / 2);

	draw_at(cr, heading, &NAVY, cx, y, PANGO_ALIGN_CENTER);
	y += layout_height(heading) + gap * 14;
	diamond(cr, cx, y + 4, 3.2, &GOLD);
	hline(cr, cx - 70, cx - 9, y + 4, 0.7, &GOLD);
	hline(cr, cx + 9, cx + 70, y + 4, 0.7, &GOLD);
	y += 8 + gap * 14;
	draw_at(cr, lead1, &GREY, cx, y, PANGO_ALIGN_CENTER);
	y += layout_height(lead1) + gap * 6;
	draw_at(cr, name, &NAVY, cx, y, PANGO_ALIGN_CENTER);
	y += layout_height(name);
	double nw = fmin(cw * 0.8, fmax(260, layout_width(name) + 60));
	hline(cr, cx - nw / 2, cx + nw / 2, y + 5, 0.6, &GOLD);
	y += 5 + gap * 12;
	draw_at(cr, lead2, &GREY, cx, y, PANGO_ALIGN_CENTER);
	y += layout_height(lead2) + gap * 6;
	draw_at(cr, title, &INK, cx, y, PANGO_ALIGN_CENTER);
	y += layout_height(title);
	if (desc) {
		y += gap * 10;
		draw_at(cr, desc, &INK, cx, y, PANGO_ALIGN_CENTER);
		y += layout_height(desc);
	}
	if (skills) {
		y += gap * 12;
		draw_at(cr, skills_label, &GREY, cx, y, PANGO_ALIGN_CENTER);
		y += layout_height(skills_label) + 3;
		draw_at(cr, skills, &INK, cx, y, PANGO_ALIGN_CENTER);
	}

	/* Foot, left: issuer and date as signature blocks. */
	struct style sig_st = {SERIF, 13, PANGO_WEIGHT_NORMAL, PANGO_STYLE_ITALIC, INK};
	struct style label_st = {SANS, 6.8, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, GREY};
	const double block_w = 190, rule_y = bottom - 26;
	double bx = left + 6;
	PangoLayout *iss = layout(ctx, c->issuer_name, &sig_st, block_w, 2, PANGO_ALIGN_LEFT);
	draw_at(cr, iss, &INK, bx, rule_y - 4 - layout_height(iss), PANGO_ALIGN_LEFT);
	hline(cr, bx, bx + block_w, rule_y, 0.6, &GREY);
	PangoLayout *iss_label = layout(ctx, "ISSUED BY", &label_st, 0, 0, PANGO_ALIGN_LEFT);
	draw_at(cr, iss_label, &GREY, bx, rule_y + 4, PANGO_ALIGN_LEFT);
	if (c->has_issued) {
		struct mc_buf date;
		mc_buf_init(&date, 64);
		mc_date_in_words(&date, &c->issued);
		double dx = bx + block_w + 30;
		PangoLayout *d = layout(ctx, date.ptr, &sig_st, 0, 0, PANGO_ALIGN_LEFT);
		draw_at(cr, d, &INK, dx, rule_y - 4 - layout_height(d), PANGO_ALIGN_LEFT);
		hline(cr, dx, dx + 140, rule_y, 0.6, &GREY);
		PangoLayout *dl = layout(ctx, "DATE OF ISSUE", &label_st, 0, 0, PANGO_ALIGN_LEFT);
		draw_at(cr, dl, &GREY, dx, rule_y + 4, PANGO_ALIGN_LEFT);
		g_object_unref(d);
		g_object_unref(dl);
		mc_buf_release(&date);
	}

	/* Foot, right: the QR code, and the address in words beside it. */
	double qx = right - qr_size + 4, qy = bottom - qr_size + 4;
	mc__qr_draw_cairo(cr, qr, qx, qy, qr_size);
	struct style verify_st = {SANS, 7.5, PANGO_WEIGHT_BOLD, PANGO_STYLE_NORMAL, NAVY};
	struct style url_st = {SANS, 7, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, GREY};
	PangoLayout *verify = layout(ctx, "VERIFY THIS CREDENTIAL", &verify_st, 0, 0, PANGO_ALIGN_RIGHT);
	PangoLayout *url = layout(ctx, c->verify_url, &url_st, 170, 3, PANGO_ALIGN_RIGHT);
	double tx = qx - 6;
	double th = layout_height(verify) + 3 + layout_height(url);
	double ty = qy + qr_size / 2 - th / 2;
	draw_at(cr, verify, &NAVY, tx, ty, PANGO_ALIGN_RIGHT);
	draw_at(cr, url, &GREY, tx, ty + layout_height(verify) + 3, PANGO_ALIGN_RIGHT);

	/* The credential id, small, along the bottom edge of the frame. */
	if (c->credential_id) {
		struct style id_st = {MONO, 6.5, PANGO_WEIGHT_NORMAL, PANGO_STYLE_NORMAL, GREY};
		char *t = g_strdup_printf("Credential ID %s", c->credential_id);
		PangoLayout *id = layout(ctx, t, &id_st, cw * 0.6, 2, PANGO_ALIGN_CENTER);
		draw_at(cr, id, &GREY, cx, H - 30 - 4 - layout_height(id), PANGO_ALIGN_CENTER);
		g_object_unref(id);
		g_free(t);
	}

	g_object_unref(iss);
	g_object_unref(iss_label);
	g_object_unref(verify);
	g_object_unref(url);
	g_object_unref(heading);
	g_object_unref(lead1);
	g_object_unref(name);
	g_object_unref(lead2);
	g_object_unref(title);
	if (desc)
		g_object_unref(desc);
	if (skills)
		g_object_unref(skills);
	if (skills_label)
		g_object_unref(skills_label);
	g_free(skills_str);
}

int mc_certificate_render_pdf(const struct mc_certificate *c, enum mc_paper paper, struct mc_buf *out,
                              struct mc_err *err)
{
	int rc = check_certificate(c, err);
	if (rc)
		return rc;
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_qr qr;
	rc = mc_qr_encode(&a, c->verify_url, strlen(c->verify_url), &qr, err);
	if (rc) {
		mc_arena_release(&a);
		return rc;
	}
	/* Landscape, in points: A4 297 × 210 mm, Letter 11 × 8.5 in. */
	double W = paper == MC_PAPER_LETTER ? 792 : 841.8898, H = paper == MC_PAPER_LETTER ? 612 : 595.2756;
	size_t before = out->len;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(mc__render_buf_write, out, W, H);
	char *title = g_strdup_printf("%s: %s", c->title, c->learner_name);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, title);
	g_free(title);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, c->issuer_name);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "microcred " MC_VERSION);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, c->verify_url);
	cairo_t *cr = cairo_create(s);
	PangoContext *ctx = mc__render_pango_context();
	pango_cairo_update_context(cr, ctx);
	cairo_surface_t *logo = load_logo(c);
	struct page pg = {cr, ctx, W, H};
	draw_certificate(&pg, c, &qr, logo);
	if (logo)
		cairo_surface_destroy(logo);
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_finish(s);
	cairo_status_t st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	g_object_unref(ctx);
	mc_arena_release(&a);
	if (st != CAIRO_STATUS_SUCCESS) {
		out->len = before, out->ptr[before] = 0;
		return mc_err_set(err, st == CAIRO_STATUS_NO_MEMORY ? MC_ENOMEM : MC_EIO,
		                  "cannot write the certificate PDF: %s", cairo_status_to_string(st));
	}
	return 0;
}
