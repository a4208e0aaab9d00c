/* Text helpers shared by badge images and certificates: input checks, a pango
 * context with resolution-independent layout, ellipsizing, XML escaping. */
#include <glib.h>
#include <stdint.h>
#include <string.h>

#include "microcred/buf.h"
#include "microcred/err.h"

#include "artifact/render_internal.h"

/* Decodes one UTF-8 sequence at s[0..n); returns its length and sets *cp, or 0 when
 * malformed (overlong, surrogate, beyond U+10FFFF, truncated). */
static size_t utf8_next(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	uint32_t v, min;
	if ((c & 0xe0) == 0xc0) {
		len = 2, v = c & 0x1f, min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3, v = c & 0x0f, min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4, v = c & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

int mc__render_check_text(const char *field, const char *s, size_t max_chars, bool allow_newlines,
                          size_t *chars, struct mc_err *err)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), count = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = utf8_next(p + i, n - i, &cp);
		if (!k)
			return mc_err_set(err, MC_EINVAL,
			                  "%s is not valid UTF-8 (byte %zu); save the text as UTF-8", field,
			                  i + 1);
		/* XML 1.0 cannot carry C0 controls or U+FFFE/U+FFFF, and on a badge or a
		 * certificate they would show as boxes. */
		bool control = cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0xfffe || cp == 0xffff;
		if (control && !(allow_newlines && cp == '\n'))
			return mc_err_set(
			    err, MC_EINVAL,
			    "%s contains a control character (U+%04X at byte %zu); use plain text", field,
			    (unsigned)cp, i + 1);
		i += k;
		count++;
	}
	if (count > max_chars)
		return mc_err_set(err, MC_EINVAL, "%s is %zu characters long; at most %zu fit, shorten it",
		                  field, count, max_chars);
	if (chars)
		*chars = count;
	return 0;
}

PangoContext *mc__render_pango_context(void)
{
	PangoContext *ctx = pango_font_map_create_context(pango_cairo_font_map_get_default());
	cairo_font_options_t *fo = cairo_font_options_create();
	/* Unhinted metrics and unrounded positions make a layout measured here the same
	 * at any scale, so SVG, PNG of any size and PDF agree on where lines break. */
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	pango_context_set_round_glyph_positions(ctx, FALSE);
	pango_cairo_context_set_resolution(ctx, 72.0);
	return ctx;
}

double mc__render_text_width(PangoContext *ctx, const PangoFontDescription *fd, const char *text, size_t len)
{
	PangoLayout *l = pango_layout_new(ctx);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, text, (int)len);
	PangoRectangle logical;
	pango_layout_get_extents(l, NULL, &logical);
	g_object_unref(l);
	return (double)logical.width / PANGO_SCALE;
}

char *mc__render_ellipsize(PangoContext *ctx, const PangoFontDescription *fd, const char *text,
                           double max_width)
{
	static const char ellipsis[] = "\xe2\x80\xa6"; /* U+2026 */
	size_t n = strlen(text);
	/* Character boundaries, then a binary search for the longest prefix that fits. */
	size_t lo = 0, hi = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)text[i] & 0xc0) != 0x80)
			hi++;
	GString *s = g_string_sized_new(n + 4);
	while (lo < hi) {
		size_t mid = (lo + hi + 1) / 2;
		const char *end = g_utf8_offset_to_pointer(text, (glong)mid);
		g_string_truncate(s, 0);
		g_string_append_len(s, text, end - text);
		g_string_append(s, ellipsis);
		if (mc__render_text_width(ctx, fd, s->str, s->len) <= max_width)
			lo = mid;
		else
			hi = mid - 1;
	}
	size_t cut = (size_t)(g_utf8_offset_to_pointer(text, (glong)lo) - text);
	/* Prefer ending at a space when one is within the last third of what fits. */
	for (size_t i = cut; i > cut * 2 / 3 && i > 0; i--) {
		if (text[i - 1] == ' ') {
			cut = i - 1;
			break;
		}
	}
	while (cut > 0 && text[cut - 1] == ' ')
		cut--;
	g_string_truncate(s, 0);
	g_string_append_len(s, text, (gssize)cut);
	g_string_append(s, ellipsis);
	return g_string_free(s, FALSE);
}

cairo_status_t mc__render_buf_write(void *closure, const unsigned char *data, unsigned int length)
{
	return mc_buf_append(closure, data, length) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

int mc__xml_escape(struct mc_buf *out, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&apos;"; break;
		default: continue;
		}
		int rc = mc_buf_append(out, s + start, i - start);
		if (rc == 0)
			rc = mc_buf_puts(out, rep);
		if (rc)
			return rc;
		start = i + 1;
	}
	return mc_buf_append(out, s + start, n - start);
}
