/* Badge images, QR codes and certificates (src/artifact/badge_image.c, qr.c,
 * certificate.c): colours and shapes, SVG structure and escaping, PNG size and
 * content for every shape, text fitting, QR symbols, dates in words, verification
 * URLs, reading a credential, and the PDF's page size. Decoding the QR code in the
 * PDF and extracting its text need poppler and zbar: tests/cli/render_cli.sh. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs the headers above first. */
/* clang-format off */
#include <cmocka.h>
/* clang-format on */

#include <cairo.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/json.h"
#include "microcred/render.h"
#include "microcred/time.h"

/* ---- helpers ---- */

static struct mc_badge_design design(enum mc_badge_shape shape, const char *title)
{
	struct mc_badge_design d;
	mc_badge_design_init(&d);
	d.shape = shape;
	d.title = title;
	d.primary = (struct mc_rgb){0x0b, 0x6e, 0x4f};
	d.icon_text = "R";
	d.subtitle = "Northwind Institute 2025";
	return d;
}

struct reader {
	const char *p;
	size_t n, off;
};

static cairo_status_t read_mem(void *closure, unsigned char *data, unsigned int length)
{
	struct reader *r = closure;
	if (r->n - r->off < length)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, r->p + r->off, length);
	r->off += length;
	return CAIRO_STATUS_SUCCESS;
}

/* Decodes a PNG with cairo (an independent reader of what we wrote). */
static cairo_surface_t *decode_png(const struct mc_buf *b)
{
	struct reader r = {b->ptr, b->len, 0};
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_mem, &r);
	assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
	return s;
}

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
	const unsigned char *data = cairo_image_surface_get_data(s);
	int stride = cairo_image_surface_get_stride(s);
	return *(const uint32_t *)(data + (size_t)y * (size_t)stride + (size_t)x * 4);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void render_ok(const struct mc_badge_design *d, enum mc_image_format f, unsigned size,
                      struct mc_buf *out)
{
	struct mc_err err = {0};
	mc_buf_init(out, MC_BUF_NOLIMIT);
	if (mc_badge_render(d, f, size, out, &err) != 0)
		fail_msg("render failed: %s", err.msg);
}

static void render_fails(const struct mc_badge_design *d, unsigned size, const char *needle)
{
	struct mc_err err = {0};
	struct mc_buf out;
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	int rc = mc_badge_render(d, MC_IMAGE_SVG, size, &out, &err);
	if (rc != MC_EINVAL)
		fail_msg("expected MC_EINVAL for '%s', got %d", needle, rc);
	if (!strstr(err.msg, needle))
		fail_msg("message lacks '%s': %s", needle, err.msg);
	assert_int_equal(out.len, 0);
	mc_buf_release(&out);
}

/* ---- colours and shapes ---- */

static void test_colours(void **state)
{
	(void)state;
	struct mc_rgb c;
	struct mc_err err = {0};
	assert_int_equal(mc_rgb_parse("#1f6FEb", &c, &err), 0);
	assert_int_equal(c.r, 0x1f);
	assert_int_equal(c.g, 0x6f);
	assert_int_equal(c.b, 0xeb);
	assert_int_equal(mc_rgb_parse("#f0a", &c, &err), 0);
	assert_int_equal(c.r, 0xff);
	assert_int_equal(c.g, 0x00);
	assert_int_equal(c.b, 0xaa);
	const char *bad[] = {"1f6feb", "#1f6fe", "#1f6febb", "#ggg", "blue", "", "#12345g", "# 12345"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(mc_rgb_parse(bad[i], &c, &err), MC_EINVAL);
		assert_non_null(strstr(err.msg, "#rrggbb"));
	}
}

static void test_shapes(void **state)
{
	(void)state;
	struct mc_err err = {0};
	enum mc_badge_shape s;
	for (int i = 0; i < MC_BADGE_SHAPE_COUNT; i++) {
		assert_int_equal(mc_badge_shape_parse(mc_badge_shape_name((enum mc_badge_shape)i), &s, &err),
		                 0);
		assert_int_equal(s, i);
	}
	assert_int_equal(mc_badge_shape_parse("rosette", &s, &err), 0);
	assert_int_equal(s, MC_BADGE_RIBBON);
	assert_int_equal(mc_badge_shape_parse("square-rounded", &s, &err), 0);
	assert_int_equal(s, MC_BADGE_ROUNDED);
	assert_int_equal(mc_badge_shape_parse("star", &s, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "circle, shield, hexagon"));
}

/* ---- SVG ---- */

/* Joins the texts of the title lines (bold text elements after the icon). */
static void title_lines(const char *svg, char *out, size_t cap, int *lines)
{
	out[0] = 0;
	*lines = 0;
	for (const char *p = strstr(svg, "<text"); p; p = strstr(p + 1, "<text")) {
		const char *gt = strchr(p, '>'), *end = strstr(p, "</text>");
		if (!strstr(p, "font-weight=\"bold\"") || strstr(p, "font-weight=\"bold\"") > gt)
			continue;
		if (*lines > 0 || strncmp(gt + 1, "R<", 2) != 0) {
			if (out[0])
				strncat(out, " ", cap - strlen(out) - 1);
			strncat(out, gt + 1,
			        (size_t)(end - gt - 1) < cap - strlen(out) - 1 ? (size_t)(end - gt - 1)
			                                                       : cap - strlen(out) - 1);
			(*lines)++;
		}
	}
}

static void test_svg_every_shape(void **state)
{
	(void)state;
	for (int i = 0; i < MC_BADGE_SHAPE_COUNT; i++) {
		struct mc_badge_design d = design((enum mc_badge_shape)i, "Applied Statistics");
		struct mc_buf b;
		render_ok(&d, MC_IMAGE_SVG, 300, &b);
		assert_true(strncmp(b.ptr,
		                    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"300\" height=\"300\"",
		                    63) == 0);
		assert_non_null(strstr(b.ptr, "role=\"img\""));
		assert_non_null(strstr(b.ptr, "<title id=\"badge-title\">Applied Statistics</title>"));
		char joined[256];
		int lines;
		title_lines(b.ptr, joined, sizeof(joined), &lines);
		assert_string_equal(joined, "Applied Statistics");
		assert_non_null(strstr(b.ptr, ">R</text>"));
		assert_non_null(strstr(b.ptr, ">Northwind Institute 2025</text>"));
		assert_non_null(strstr(b.ptr, "font-family=\"sans-serif\""));
		assert_non_null(strstr(b.ptr, "#0b6e4f")); /* the primary colour is used */
		assert_int_equal(count(b.ptr, "<svg"), 1);
		assert_int_equal(count(b.ptr, "<text"), count(b.ptr, "</text>"));
		assert_true(b.len > 6 && strcmp(b.ptr + b.len - 7, "</svg>\n") == 0);
		assert_true(b.len < 8000); /* small: no embedded fonts or rasters */
		mc_buf_release(&b);
	}
}

static void test_svg_escapes(void **state)
{
	(void)state;
	struct mc_badge_design d = design(MC_BADGE_SHIELD, "R&D <Lab> \"Q\" 'A'");
	d.subtitle = "Tom & Jerry's";
	struct mc_buf b;
	render_ok(&d, MC_IMAGE_SVG, 512, &b);
	assert_non_null(strstr(
	    b.ptr, "<title id=\"badge-title\">R&amp;D &lt;Lab&gt; &quot;Q&quot; &apos;A&apos;</title>"));
	assert_non_null(strstr(b.ptr, "Tom &amp; Jerry&apos;s"));
	assert_null(strstr(b.ptr, "<Lab>"));
	assert_null(strstr(b.ptr, "R&D"));
	/* Every '&' starts an entity. */
	for (const char *p = strchr(b.ptr, '&'); p; p = strchr(p + 1, '&'))
		assert_true(strncmp(p, "&amp;", 5) == 0 || strncmp(p, "&lt;", 4) == 0 ||
		            strncmp(p, "&gt;", 4) == 0 || strncmp(p, "&quot;", 6) == 0 ||
		            strncmp(p, "&apos;", 6) == 0);
	mc_buf_release(&b);
}

static void test_long_titles_wrap(void **state)
{
	(void)state;
	const char *title = "Memory-Safe Data Structures in C for Embedded Systems";
	for (int i = 0; i < MC_BADGE_SHAPE_COUNT; i++) {
		struct mc_badge_design d = design((enum mc_badge_shape)i, title);
		struct mc_buf b;
		render_ok(&d, MC_IMAGE_SVG, 512, &b);
		char joined[512];
		int lines;
		title_lines(b.ptr, joined, sizeof(joined), &lines);
		/* Wrapped onto 2-3 lines, nothing lost. */
		assert_in_range(lines, 2, 3);
		assert_string_equal(joined, title);
		mc_buf_release(&b);
	}
	/* Far too long for three lines: cut with an ellipsis, still three lines. */
	char huge[200] = "";
	while (strlen(huge) < 130)
		strcat(huge, "Interdisciplinary ");
	struct mc_badge_design d = design(MC_BADGE_RIBBON, huge);
	struct mc_buf b;
	render_ok(&d, MC_IMAGE_SVG, 512, &b);
	char joined[512];
	int lines;
	title_lines(b.ptr, joined, sizeof(joined), &lines);
	assert_int_equal(lines, 3);
	assert_non_null(strstr(joined, "\xe2\x80\xa6"));
	mc_buf_release(&b);
}

/* ---- PNG ---- */

static void test_png_every_shape(void **state)
{
	(void)state;
	for (int i = 0; i < MC_BADGE_SHAPE_COUNT; i++) {
		struct mc_badge_design d = design((enum mc_badge_shape)i, "Ἀρχαῖα Ἑλληνικά");
		struct mc_buf b;
		unsigned size = i == 0 ? 512 : 200 + 50 * (unsigned)i;
		render_ok(&d, MC_IMAGE_PNG, size, &b);
		assert_memory_equal(b.ptr, "\x89PNG\r\n\x1a\n", 8);
		cairo_surface_t *s = decode_png(&b);
		assert_int_equal(cairo_image_surface_get_width(s), (int)size);
		assert_int_equal(cairo_image_surface_get_height(s), (int)size);
		/* Not blank: the centre is opaque, a corner is transparent, and there are
		 * many colours (face, rim, gradient, antialiased text). */
		int c = (int)size / 2;
		assert_int_equal(pixel(s, c, c) >> 24, 0xff);
		assert_int_equal(pixel(s, 1, 1) >> 24, 0);
		uint32_t seen[64];
		size_t n_seen = 0;
		for (int y = 0; y < (int)size && n_seen < 64; y += 3) {
			uint32_t p = pixel(s, c, y);
			bool dup = false;
			for (size_t k = 0; k < n_seen && !dup; k++)
				dup = seen[k] == p;
			if (!dup)
				seen[n_seen++] = p;
		}
		assert_true(n_seen >= 12);
		/* Some pixel on the middle column is near white: the text. */
		bool light = false;
		for (int y = 0; y < (int)size && !light; y++) {
			uint32_t p = pixel(s, c, y);
			light = ((p >> 16) & 0xff) > 0xe0 && ((p >> 8) & 0xff) > 0xe0 && (p & 0xff) > 0xe0;
		}
		assert_true(light);
		cairo_surface_destroy(s);
		mc_buf_release(&b);
	}
}

static void test_text_colour_contrast(void **state)
{
	(void)state;
	/* On a light face the default lettering is dark, on a dark face white. */
	struct mc_badge_design d = design(MC_BADGE_CIRCLE, "Python");
	d.primary = (struct mc_rgb){0xf4, 0xc5, 0x42};
	struct mc_buf b;
	render_ok(&d, MC_IMAGE_SVG, 512, &b);
	assert_non_null(strstr(b.ptr, "fill=\"#1a1a1a\">Python</text>"));
	mc_buf_release(&b);
	d.primary = (struct mc_rgb){0x22, 0x22, 0x22};
	render_ok(&d, MC_IMAGE_SVG, 512, &b);
	assert_non_null(strstr(b.ptr, "fill=\"#ffffff\">Python</text>"));
	mc_buf_release(&b);
	d.has_text = true;
	d.text = (struct mc_rgb){0xff, 0x00, 0x80};
	render_ok(&d, MC_IMAGE_SVG, 512, &b);
	assert_non_null(strstr(b.ptr, "fill=\"#ff0080\">Python</text>"));
	mc_buf_release(&b);
}

static void test_bad_designs(void **state)
{
	(void)state;
	struct mc_badge_design d = design(MC_BADGE_CIRCLE, NULL);
	render_fails(&d, 512, "title");
	d.title = "   ";
	render_fails(&d, 512, "empty");
	d.title = "bad \xc3\x28 utf-8";
	render_fails(&d, 512, "UTF-8");
	d.title = "tab\there";
	render_fails(&d, 512, "control character");
	d.title = "ok";
	d.icon_text = "far too long for an icon";
	render_fails(&d, 512, "icon text");
	d.icon_text = "OK";
	render_fails(&d, 16, "size 16");
	render_fails(&d, 5000, "size 5000");
	d.shape = (enum mc_badge_shape)42;
	render_fails(&d, 512, "shape");
}

/* ---- QR ---- */

static void test_qr(void **state)
{
	(void)state;
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_err err = {0};
	struct mc_qr qr;
	const char *url = "https://badges.example.edu/credentials/8d0c6b6e-3f4a-4c1e-9b7a-2a51f0c3e914";
	assert_int_equal(mc_qr_encode(&a, url, strlen(url), &qr, &err), 0);
	/* 77 bytes at level M need version 5: 37 modules. */
	assert_int_equal(qr.width, 37);
	/* Finder patterns: the top-left 7x7 ring is dark, its inside ring light. */
	for (int k = 0; k < 7; k++) {
		assert_int_equal(qr.modules[k], 1);
		assert_int_equal(qr.modules[6 * qr.width + k], 1);
		assert_int_equal(qr.modules[k * qr.width + qr.width - 1], 1);
	}
	assert_int_equal(qr.modules[1 * qr.width + 1], 0);
	assert_int_equal(qr.modules[3 * qr.width + 3], 1);
	struct mc_buf svg;
	mc_buf_init(&svg, MC_BUF_NOLIMIT);
	assert_int_equal(mc_qr_write_svg(&svg, &qr, 4), 0);
	assert_non_null(strstr(svg.ptr, "viewBox=\"0 0 45 45\" width=\"180\""));
	assert_non_null(strstr(svg.ptr, "M4 4h7v1h-7z")); /* the finder's top row */
	mc_buf_release(&svg);

	assert_int_equal(mc_qr_encode(&a, "", 0, &qr, &err), MC_EINVAL);
	char big[MC_QR_TEXT_MAX + 2];
	memset(big, 'a', sizeof(big));
	assert_int_equal(mc_qr_encode(&a, big, sizeof(big), &qr, &err), MC_ELIMIT);
	mc_arena_release(&a);
}

/* ---- certificates ---- */

static void date_is(const char *rfc3339, const char *want)
{
	struct mc_time t;
	assert_int_equal(mc_time_parse(&t, rfc3339, strlen(rfc3339), NULL), 0);
	struct mc_buf b;
	mc_buf_init(&b, 64);
	assert_int_equal(mc_date_in_words(&b, &t), 0);
	assert_string_equal(b.ptr, want);
	mc_buf_release(&b);
}

static void test_dates(void **state)
{
	(void)state;
	date_is("2025-01-15T09:00:00Z", "15 January 2025");
	date_is("2024-02-29T12:00:00Z", "29 February 2024");
	date_is("2000-12-31T23:59:59Z", "31 December 2000");
	date_is("1969-12-31T00:00:00Z", "31 December 1969");
	date_is("1900-03-01T00:00:00Z", "1 March 1900");
	/* The date where the issuer wrote it, not in UTC. */
	date_is("2025-03-01T23:30:00-05:00", "1 March 2025");
	date_is("2025-03-01T00:30:00+02:00", "1 March 2025");
}

static void test_verify_url(void **state)
{
	(void)state;
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_err err = {0};
	const char *u = NULL;
	assert_int_equal(mc_certificate_verify_url(&a, "https://x.example/c/1", NULL, NULL, &u, &err), 0);
	assert_string_equal(u, "https://x.example/c/1");
	assert_int_equal(mc_certificate_verify_url(&a, "urn:uuid:1", "https://v.example/1", NULL, &u, &err),
	                 0);
	assert_string_equal(u, "https://v.example/1");
	assert_int_equal(
	    mc_certificate_verify_url(&a, "urn:uuid:a b/c?", NULL, "https://b.example/", &u, &err), 0);
	assert_string_equal(u, "https://b.example/credentials/urn:uuid:a%20b%2Fc%3F");
	assert_int_equal(mc_certificate_verify_url(&a, "urn:uuid:1", NULL, NULL, &u, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "--verify-url"));
	assert_non_null(strstr(err.msg, "urn:uuid:1"));
	/* An http id is not enough on its own: the printed link should be https. */
	assert_int_equal(mc_certificate_verify_url(&a, "http://x.example/c/1", NULL, NULL, &u, &err),
	                 MC_EINVAL);
	assert_int_equal(mc_certificate_verify_url(&a, "urn:uuid:1", "ftp://x", NULL, &u, &err), MC_EINVAL);
	assert_int_equal(mc_certificate_verify_url(&a, "urn:uuid:1", NULL, "badges.example", &u, &err),
	                 MC_EINVAL);
	mc_arena_release(&a);
}

static struct mc_json *parse(struct mc_arena *a, const char *text)
{
	struct mc_json *v;
	struct mc_err err = {0};
	if (mc_json_parse(a, text, strlen(text), NULL, &v, &err) != 0)
		fail_msg("test JSON: %s", err.msg);
	return v;
}

static void test_from_credential(void **state)
{
	(void)state;
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_err err = {0};
	struct mc_certificate c;
	struct mc_json *cred = parse(
	    &a,
	    "{\"id\":\"https://b.example/c/1\",\"name\":\"Outer\",\"validFrom\":\"2025-01-15T09:00:00Z\","
	    "\"issuer\":{\"id\":\"https://b.example/i\",\"name\":\"Northwind\","
	    "\"image\":\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNg"
	    "YPj/HwADAgH/eL9GtQAAAABJRU5ErkJggg==\"},"
	    "\"credentialSubject\":[{\"name\":\"Мария Иванова\",\"achievement\":{\"name\":\"Inner\","
	    "\"achievementType\":\"MicroCredential\",\"description\":\"Does things.\","
	    "\"alignment\":[{\"targetName\":\"A\"},{\"targetUrl\":\"x\"},{\"targetName\":\"B\"}]}}]}");
	assert_int_equal(mc_certificate_from_credential(&a, cred, &c, &err), 0);
	assert_string_equal(c.learner_name, "Мария Иванова");
	assert_string_equal(c.title, "Inner");
	assert_string_equal(c.heading, "Micro-credential Certificate");
	assert_string_equal(c.description, "Does things.");
	assert_string_equal(c.issuer_name, "Northwind");
	assert_non_null(c.issuer_logo_png);
	assert_memory_equal(c.issuer_logo_png, "\x89PNG", 4);
	assert_true(c.has_issued);
	assert_int_equal(c.issued.sec, 1736931600);
	assert_int_equal(c.n_skills, 2);
	assert_string_equal(c.skills[0], "A");
	assert_string_equal(c.skills[1], "B");
	assert_string_equal(c.credential_id, "https://b.example/c/1");
	assert_null(c.verify_url);

	/* VC 1.1: issuanceDate, a string issuer, the name in an unhashed identifier. */
	cred = parse(&a, "{\"issuer\":\"https://b.example/i\",\"issuanceDate\":\"2024-02-29T12:00:00Z\","
	                 "\"name\":\"Outer\",\"credentialSubject\":{\"identifier\":["
	                 "{\"identityType\":\"name\",\"hashed\":true,\"identityHash\":\"sha256$00\"},"
	                 "{\"identityType\":\"name\",\"hashed\":false,\"identityHash\":\"Ingrid Øvergård\"}],"
	                 "\"achievement\":{\"achievementType\":\"ext:Unknown\"}}}");
	assert_int_equal(mc_certificate_from_credential(&a, cred, &c, &err), 0);
	assert_string_equal(c.learner_name, "Ingrid Øvergård");
	assert_string_equal(c.title, "Outer");
	assert_null(c.heading);
	assert_string_equal(c.issuer_name, "https://b.example/i");
	assert_null(c.issuer_logo_png);
	assert_true(c.has_issued);
	assert_null(c.credential_id);

	/* A hashed name is not a name. */
	cred = parse(&a, "{\"credentialSubject\":{\"identifier\":{\"identityType\":\"name\",\"hashed\":true,"
	                 "\"identityHash\":\"sha256$00\"}}}");
	assert_int_equal(mc_certificate_from_credential(&a, cred, &c, &err), 0);
	assert_null(c.learner_name);
	assert_int_equal(mc_certificate_from_credential(&a, parse(&a, "[1]"), &c, &err), MC_EINVAL);
	mc_arena_release(&a);
}

/* The page's MediaBox ("/MediaBox [ 0 0 W H ]") in millimetres, within 0.1 mm. */
static void pdf_page_size(const struct mc_buf *pdf, double want_w_mm, double want_h_mm)
{
	const char *p = memmem(pdf->ptr, pdf->len, "/MediaBox [", 11);
	assert_non_null(p);
	double x0, y0, w, h;
	assert_int_equal(sscanf(p + 11, "%lf %lf %lf %lf", &x0, &y0, &w, &h), 4);
	assert_true(x0 == 0 && y0 == 0);
	if (fabs(w / 72 * 25.4 - want_w_mm) > 0.1 || fabs(h / 72 * 25.4 - want_h_mm) > 0.1)
		fail_msg("page is %.2f x %.2f mm, expected %.1f x %.1f", w / 72 * 25.4, h / 72 * 25.4,
		         want_w_mm, want_h_mm);
}

static void test_pdf(void **state)
{
	(void)state;
	struct mc_err err = {0};
	struct mc_certificate c = {0};
	c.learner_name = "Zoë Ångström-Łukasiewicz";
	c.title = "Applied Statistics with R";
	c.issuer_name = "Northwind Institute of Technology";
	c.description = "Fits, checks and explains linear models.";
	c.skills[0] = "Statistical modelling";
	c.n_skills = 1;
	c.credential_id = "https://b.example/c/1";
	c.verify_url = "https://b.example/c/1";
	c.has_issued = true;
	assert_int_equal(mc_time_parse(&c.issued, "2025-01-15T09:00:00Z", 20, NULL), 0);

	struct mc_buf pdf;
	mc_buf_init(&pdf, MC_BUF_NOLIMIT);
	assert_int_equal(mc_certificate_render_pdf(&c, MC_PAPER_A4, &pdf, &err), 0);
	assert_memory_equal(pdf.ptr, "%PDF-", 5);
	assert_non_null(memmem(pdf.ptr, pdf.len, "%%EOF", 5));
	pdf_page_size(&pdf, 297, 210); /* A4 landscape */
	/* Fonts are embedded (as subsets with a Unicode map), not referenced. */
	assert_non_null(memmem(pdf.ptr, pdf.len, "/FontFile", 9));
	assert_non_null(memmem(pdf.ptr, pdf.len, "/ToUnicode", 10));
	mc_buf_clear(&pdf);
	assert_int_equal(mc_certificate_render_pdf(&c, MC_PAPER_LETTER, &pdf, &err), 0);
	pdf_page_size(&pdf, 11 * 25.4, 8.5 * 25.4); /* Letter landscape */

	enum mc_paper paper;
	assert_int_equal(mc_paper_parse("Letter", &paper, &err), 0);
	assert_int_equal(paper, MC_PAPER_LETTER);
	assert_int_equal(mc_paper_parse("a5", &paper, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "a4 or letter"));

	mc_buf_clear(&pdf);
	struct mc_certificate bad = c;
	bad.learner_name = NULL;
	assert_int_equal(mc_certificate_render_pdf(&bad, MC_PAPER_A4, &pdf, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "--name"));
	bad = c;
	bad.verify_url = NULL;
	assert_int_equal(mc_certificate_render_pdf(&bad, MC_PAPER_A4, &pdf, &err), MC_EINVAL);
	bad = c;
	bad.learner_name = "bad\x01name";
	assert_int_equal(mc_certificate_render_pdf(&bad, MC_PAPER_A4, &pdf, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "learner"));
	assert_int_equal(pdf.len, 0);
	mc_buf_release(&pdf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_colours),
	    cmocka_unit_test(test_shapes),
	    cmocka_unit_test(test_svg_every_shape),
	    cmocka_unit_test(test_svg_escapes),
	    cmocka_unit_test(test_long_titles_wrap),
	    cmocka_unit_test(test_png_every_shape),
	    cmocka_unit_test(test_text_colour_contrast),
	    cmocka_unit_test(test_bad_designs),
	    cmocka_unit_test(test_qr),
	    cmocka_unit_test(test_dates),
	    cmocka_unit_test(test_verify_url),
	    cmocka_unit_test(test_from_credential),
	    cmocka_unit_test(test_pdf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
