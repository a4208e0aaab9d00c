/* Private to src/web: bar charts as inline SVG, rendered on the server (no
 * scripts). The SVG is accessible: role="img" with a <title> and a <desc> that
 * aria-labelledby names, axis labels, a <title> on every bar (its label and value),
 * and the page shows the same numbers in a table under the chart. Every text is
 * HTML-escaped; colours come from classes (web/static/style.css, "chart-*") with
 * presentation attributes as a fallback, since the CSP forbids inline styles. */
#ifndef MC_WEB_SVGCHART_H
#define MC_WEB_SVGCHART_H

#include <stddef.h>

#include "microcred/buf.h"
#include "microcred/err.h"

struct mc_svg_bar {
	const char *label;      /* under the bar (keep it short: "Jan", "1–2 wk") */
	const char *long_label; /* in the bar's tooltip; NULL = label */
	double value;           /* >= 0 */
};

struct mc_svg_chart {
	const char *id;      /* unique in the page: ids "<id>-title", "<id>-desc"; [A-Za-z0-9-] */
	const char *title;   /* required */
	const char *desc;    /* what the chart shows, in words; required */
	const char *x_label; /* axis captions (may be NULL) */
	const char *y_label;
	const struct mc_svg_bar *bars;
	size_t n;         /* 1..60 */
	const char *unit; /* after values in the tooltips ("awards"); may be NULL */
};

/* Appends the <svg> element. MC_EINVAL for a missing title/desc, a bad id, no bars
 * or too many, a negative or non-finite value. */
int mc__svg_bar_chart(struct mc_buf *out, const struct mc_svg_chart *c, struct mc_err *err);

#endif
