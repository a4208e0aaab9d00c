/* Server-side SVG bar charts: see svgchart.h. */
#include "web/svgchart.h"

#include <math.h>
#include <string.h>

#include "web/template.h"

#define W 560
#define H 300
#define LEFT 64.0
#define RIGHT 16.0
#define TOP 20.0
#define BOTTOM 72.0
#define MAX_BARS 60

static void esc(struct mc_buf *out, const char *s)
{
	if (s)
		mc_html_escape(out, s, strlen(s));
}

/* A number as people write it: whole numbers without decimals, else one decimal. */
static void num(struct mc_buf *out, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		mc_buf_printf(out, "%.0f", v);
	else
		mc_buf_printf(out, "%.1f", v);
}

/* A round tick step (1, 2 or 5 times a power of ten) giving about four intervals. */
static double nice_step(double max, bool integers)
{
	double raw = max / 4, mag = 1;
	if (raw <= 0)
		return 1;
	while (mag * 10 <= raw)
		mag *= 10;
	while (mag > raw)
		mag /= 10;
	double step = mag;
	if (step < raw)
		step = 2 * mag;
	if (step < raw)
		step = 5 * mag;
	if (step < raw)
		step = 10 * mag;
	if (integers && step < 1)
		step = 1;
	return step;
}

static bool id_ok(const char *id)
{
	if (!id || !*id || strlen(id) > 40)
		return false;
	for (const char *p = id; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-'))
			return false;
	return true;
}

static void render(struct mc_buf *out, const struct mc_svg_chart *c, double top, double step);

int mc__svg_bar_chart(struct mc_buf *out, const struct mc_svg_chart *c, struct mc_err *err)
{
	if (!c->title || !*c->title || !c->desc || !*c->desc)
		return mc_err_set(err, MC_EINVAL,
		                  "a chart needs a title and a description (for screen readers)");
	if (!id_ok(c->id))
		return mc_err_set(err, MC_EINVAL, "chart id '%s' must be 1-40 letters, digits or '-'",
		                  c->id ? c->id : "");
	if (c->n == 0 || c->n > MAX_BARS)
		return mc_err_set(err, MC_EINVAL, "a bar chart takes 1 to %d bars, not %zu", MAX_BARS, c->n);
	double max = 0;
	bool integers = true;
	for (size_t i = 0; i < c->n; i++) {
		double v = c->bars[i].value;
		if (!isfinite(v) || v < 0)
			return mc_err_set(err, MC_EINVAL,
			                  "bar %zu of chart '%s' has a negative or non-finite value", i + 1,
			                  c->id);
		if (v > max)
			max = v;
		if (v != floor(v))
			integers = false;
	}
	double step = nice_step(max, integers);
	double top = max > 0 ? ceil(max / step) * step : step;
	/* Rendered on the side so that a full out is an error, never half a chart. */
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	render(&b, c, top, step);
	int rc = mc_buf_append(out, b.ptr, b.len);
	mc_buf_release(&b);
	return rc ? mc_err_set(err, rc, "the chart '%s' does not fit in the page", c->id) : 0;
}

static void render(struct mc_buf *out, const struct mc_svg_chart *c, double top, double step)
{
	double px0 = LEFT, px1 = W - RIGHT, py0 = TOP, py1 = H - BOTTOM;
	double slot = (px1 - px0) / (double)c->n, bw = slot * 0.68;

	mc_buf_printf(
	    out,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" "
	    "role=\"img\" aria-labelledby=\"%s-title %s-desc\" font-family=\"system-ui, sans-serif\">",
	    W, H, c->id, c->id);
	mc_buf_printf(out, "<title id=\"%s-title\">", c->id);
	esc(out, c->title);
	mc_buf_printf(out, "</title><desc id=\"%s-desc\">", c->id);
	esc(out, c->desc);
	mc_buf_puts(out, "</desc>");

	/* Grid lines and y ticks. */
	mc_buf_puts(out, "<g class=\"chart-grid\" aria-hidden=\"true\">");
	for (double t = 0; t <= top + step / 2; t += step) {
		double y = py1 - (t / top) * (py1 - py0);
		mc_buf_printf(out,
		              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dde1ea\"/>",
		              px0, y, px1, y);
		mc_buf_printf(out,
		              "<text class=\"chart-tick\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
		              "font-size=\"12\" fill=\"#5b6577\">",
		              px0 - 8, y + 4);
		num(out, t);
		mc_buf_puts(out, "</text>");
	}
	mc_buf_puts(out, "</g>");

	/* Bars, their values and labels. */
	mc_buf_puts(out, "<g class=\"chart-bars\">");
	for (size_t i = 0; i < c->n; i++) {
		const struct mc_svg_bar *b = &c->bars[i];
		double h = (b->value / top) * (py1 - py0);
		double x = px0 + slot * (double)i + (slot - bw) / 2, cx = px0 + slot * ((double)i + 0.5);
		mc_buf_printf(
		    out,
		    "<rect class=\"chart-bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		    "rx=\"3\" fill=\"#2554c7\"><title>",
		    x, py1 - h, bw, h);
		esc(out, b->long_label ? b->long_label : b->label);
		mc_buf_puts(out, ": ");
		num(out, b->value);
		if (c->unit) {
			mc_buf_putc(out, ' ');
			esc(out, c->unit);
		}
		mc_buf_puts(out, "</title></rect>");
		if (b->value > 0) {
			mc_buf_printf(
			    out,
			    "<text class=\"chart-value\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
			    "font-size=\"12\" fill=\"#1d2433\" aria-hidden=\"true\">",
			    cx, py1 - h - 5);
			num(out, b->value);
			mc_buf_puts(out, "</text>");
		}
		mc_buf_printf(out,
		              "<text class=\"chart-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
		              "font-size=\"%d\" fill=\"#5b6577\" aria-hidden=\"true\">",
		              cx, py1 + 18, c->n > 8 ? 11 : 12);
		esc(out, b->label);
		mc_buf_puts(out, "</text>");
	}
	mc_buf_puts(out, "</g>");

	/* Axes and their captions. */
	mc_buf_printf(
	    out,
	    "<g class=\"chart-axis\" aria-hidden=\"true\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
	    "y2=\"%.1f\" stroke=\"#5b6577\"/><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
	    "stroke=\"#5b6577\"/>",
	    px0, py1, px1, py1, px0, py0, px0, py1);
	if (c->x_label) {
		mc_buf_printf(out,
		              "<text class=\"chart-caption\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" "
		              "font-size=\"13\" fill=\"#1d2433\">",
		              (px0 + px1) / 2, H - 14);
		esc(out, c->x_label);
		mc_buf_puts(out, "</text>");
	}
	if (c->y_label) {
		mc_buf_printf(out,
		              "<text class=\"chart-caption\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
		              "font-size=\"13\" fill=\"#1d2433\" transform=\"rotate(-90 %.1f %.1f)\">",
		              18.0, (py0 + py1) / 2, 18.0, (py0 + py1) / 2);
		esc(out, c->y_label);
		mc_buf_puts(out, "</text>");
	}
	mc_buf_puts(out, "</g></svg>");
}
