/* Private to src/artifact: helpers shared by the badge images, the certificates and
 * the QR codes (badge_image.c, certificate.c, qr.c, render_text.c). */
#ifndef MC_ARTIFACT_RENDER_INTERNAL_H
#define MC_ARTIFACT_RENDER_INTERNAL_H

#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdbool.h>
#include <stddef.h>

#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/render.h"

/* Checks that s is valid UTF-8 of at most max_chars code points with no control
 * characters (tabs and newlines count as controls unless allow_newlines, which
 * allows "\n"). *chars gets the count (may be NULL). MC_EINVAL naming field. */
int mc__render_check_text(const char *field, const char *s, size_t max_chars, bool allow_newlines,
                          size_t *chars, struct mc_err *err);

/* A pango context whose layouts do not depend on the output's resolution or scale:
 * no hinting of metrics, no rounding of glyph positions. Free with g_object_unref. */
PangoContext *mc__render_pango_context(void);

/* Width of text in user units at the given font, as one line. */
double mc__render_text_width(PangoContext *ctx, const PangoFontDescription *fd, const char *text, size_t len);

/* Cuts text so that text + "…" fits max_width on one line (at a word boundary when
 * one is near). Returns an allocated string (g_free), never NULL. */
char *mc__render_ellipsize(PangoContext *ctx, const PangoFontDescription *fd, const char *text,
                           double max_width);

/* cairo write callback that appends to a struct mc_buf (closure). */
cairo_status_t mc__render_buf_write(void *closure, const unsigned char *data, unsigned int length);

/* Appends s as XML character data / attribute value: & < > " ' escaped. */
int mc__xml_escape(struct mc_buf *out, const char *s, size_t n);

/* Fills the QR symbol with its quiet zone of 4 modules as vector rectangles in the
 * square (x, y, size, size): a white background, then the dark modules in black. */
void mc__qr_draw_cairo(cairo_t *cr, const struct mc_qr *qr, double x, double y, double size);

#endif
