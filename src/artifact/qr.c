/* QR codes for verification links (libqrencode), drawn as vectors. */
#include <errno.h>
#include <qrencode.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/render.h"

#include "artifact/render_internal.h"

/* ISO/IEC 18004 asks for a light margin of 4 modules around the symbol. */
#define QUIET 4

int mc_qr_encode(struct mc_arena *a, const char *text, size_t n, struct mc_qr *out, struct mc_err *err)
{
	if (n == 0)
		return mc_err_set(err, MC_EINVAL, "QR code: nothing to encode (the text is empty)");
	if (n > MC_QR_TEXT_MAX)
		return mc_err_set(err, MC_ELIMIT,
		                  "QR code: the text is %zu bytes; at most %u fit a readable code", n,
		                  MC_QR_TEXT_MAX);
	/* Byte mode for the whole text: URLs mix cases, and readers return bytes exactly. */
	QRcode *qr = QRcode_encodeData((int)n, (const unsigned char *)text, 0, QR_ECLEVEL_M);
	if (!qr) {
		if (errno == ENOMEM)
			return mc_err_set(err, MC_ENOMEM, "QR code: out of memory");
		return mc_err_set(err, MC_ELIMIT, "QR code: the text (%zu bytes) does not fit a QR code: %s",
		                  n, strerror(errno));
	}
	size_t cells = (size_t)qr->width * (size_t)qr->width;
	uint8_t *m = mc_arena_alloc(a, cells);
	for (size_t i = 0; i < cells; i++)
		m[i] = qr->data[i] & 1; /* bit 0 is "dark"; the others are encoder bookkeeping */
	out->width = qr->width;
	out->modules = m;
	QRcode_free(qr);
	return 0;
}

int mc_qr_write_svg(struct mc_buf *out, const struct mc_qr *qr, unsigned module)
{
	unsigned w = (unsigned)qr->width, total = (w + 2 * QUIET) * module;
	int rc = mc_buf_printf(out,
	                       "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %u %u\" width=\"%u\" "
	                       "height=\"%u\" shape-rendering=\"crispEdges\" role=\"img\">"
	                       "<rect width=\"%u\" height=\"%u\" fill=\"#fff\"/><path fill=\"#000\" d=\"",
	                       w + 2 * QUIET, w + 2 * QUIET, total, total, w + 2 * QUIET, w + 2 * QUIET);
	/* One horizontal run per subpath keeps the path short. */
	for (unsigned y = 0; rc == 0 && y < w; y++) {
		for (unsigned x = 0; rc == 0 && x < w;) {
			if (!qr->modules[y * w + x]) {
				x++;
				continue;
			}
			unsigned run = 1;
			while (x + run < w && qr->modules[y * w + x + run])
				run++;
			rc = mc_buf_printf(out, "M%u %uh%uv1h-%uz", x + QUIET, y + QUIET, run, run);
			x += run;
		}
	}
	if (rc == 0)
		rc = mc_buf_puts(out, "\"/></svg>\n");
	return rc;
}

void mc__qr_draw_cairo(cairo_t *cr, const struct mc_qr *qr, double x, double y, double size)
{
	int w = qr->width;
	double m = size / (w + 2 * QUIET);
	cairo_save(cr);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_rectangle(cr, x, y, size, size);
	cairo_fill(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	/* Runs overlap their neighbours by nothing; antialiasing off keeps the seams
	 * between adjacent rectangles from showing as hairlines in rasterised PDFs. */
	cairo_set_antialias(cr, CAIRO_ANTIALIAS_NONE);
	for (int row = 0; row < w; row++) {
		for (int col = 0; col < w;) {
			if (!qr->modules[row * w + col]) {
				col++;
				continue;
			}
			int run = 1;
			while (col + run < w && qr->modules[row * w + col + run])
				run++;
			cairo_rectangle(cr, x + (col + QUIET) * m, y + (row + QUIET) * m, run * m, m);
			col += run;
		}
	}
	cairo_fill(cr);
	cairo_restore(cr);
}
