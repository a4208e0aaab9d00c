/* The console's analytics: per issuer and per micro-credential, the numbers of
 * analytics.h as figures, two SVG bar charts (awards per month, time to earn)
 * rendered here (svgchart.c), each followed by the same numbers as a table. */
#include <string.h>

#include "microcred/achievement.h"
#include "microcred/analytics.h"

#include "web/handlers/console.h"
#include "web/svgchart.h"

static const char *const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
static const char *const month_long[] = {"January",   "February", "March",    "April",
                                         "May",       "June",     "July",     "August",
                                         "September", "October",  "November", "December"};

static const char *days_text(struct mc_web_req *req, bool has, double d)
{
	if (!has)
		return "—";
	if (d < 1)
		return "under a day";
	return mc_arena_printf(req->a, d < 10 ? "%.1f days" : "%.0f days", d);
}

/* Renders a chart into the page data as raw SVG (svgchart.c escapes every text). */
static int put_chart(struct mc_web_req *req, struct mc_json *d, const char *key, const struct mc_svg_chart *c)
{
	struct mc_buf b;
	mc_buf_init(&b, 256 * 1024);
	int rc = mc__svg_bar_chart(&b, c, &req->err);
	if (!rc)
		mc__console_put(req, d, key, b.ptr);
	mc_buf_release(&b);
	return rc;
}

static int put_numbers(struct mc_web_req *req, struct mc_json *d, const struct mc_analytics *r,
                       const char *who)
{
	struct mc_json *s = mc_json_new_object(req->a);
	mc_web_put_int(req, s, "enrolments", r->enrolments);
	mc_web_put_int(req, s, "active", r->active);
	mc_web_put_int(req, s, "completed", r->completed);
	mc_web_put_int(req, s, "withdrawn", r->withdrawn);
	mc__console_put(req, s, "completion", mc_arena_printf(req->a, "%.0f%%", r->completion_rate * 100));
	mc__console_put(req, s, "median", days_text(req, r->has_median, r->median_days));
	mc_web_put_int(req, s, "earned", (int64_t)r->earned);
	mc_web_put_int(req, s, "awards", r->awards);
	mc_web_put_int(req, s, "awards_active", r->awards_active);
	mc_web_put_int(req, s, "awards_revoked", r->awards_revoked);
	mc_web_put_int(req, s, "awards_suspended", r->awards_suspended);
	mc_json_object_set(req->a, d, "stats", 5, s);

	/* Awards per month. */
	struct mc_svg_bar mb[MC_ANALYTICS_MONTHS];
	struct mc_json *mt = mc_json_new_array(req->a);
	int64_t sum = 0;
	for (int i = 0; i < MC_ANALYTICS_MONTHS; i++) {
		const struct mc_analytics_month *m = &r->months[i];
		int mo = (m->month[5] - '0') * 10 + (m->month[6] - '0');
		if (mo < 1 || mo > 12)
			mo = 1;
		const char *year = mc_arena_strndup(req->a, m->month, 4);
		mb[i].label = i == 0 || mo == 1
		                  ? mc_arena_printf(req->a, "%s %s", month_names[mo - 1], year + 2)
		                  : month_names[mo - 1];
		mb[i].long_label = mc_arena_printf(req->a, "%s %s", month_long[mo - 1], year);
		mb[i].value = (double)m->awards;
		sum += m->awards;
		struct mc_json *o = mc_json_array_push(req->a, mt);
		mc_json_set_object(o);
		mc__console_put(req, o, "label", mb[i].long_label);
		mc_web_put_int(req, o, "count", m->awards);
	}
	mc_json_object_set(req->a, d, "months", 6, mt);
	struct mc_svg_chart mc = {
	    .id = "awards-per-month",
	    .title = mc_arena_printf(req->a, "Credentials awarded per month, %s", who),
	    .desc = mc_arena_printf(req->a,
	                            "A bar per month from %s to %s; %lld credentials in all. The table below "
	                            "gives the same numbers.",
	                            mb[0].long_label, mb[MC_ANALYTICS_MONTHS - 1].long_label, (long long)sum),
	    .x_label = "Month of issue",
	    .y_label = "Credentials awarded",
	    .bars = mb,
	    .n = MC_ANALYTICS_MONTHS,
	    .unit = "credentials"};
	int rc = put_chart(req, d, "chart_months", &mc);
	if (rc)
		return rc;

	/* Time to earn. */
	struct mc_svg_bar hb[MC_ANALYTICS_BUCKETS];
	struct mc_json *ht = mc_json_new_array(req->a);
	static const char *const short_labels[MC_ANALYTICS_BUCKETS] = {"< 1 wk", "1–2 wk", "2–4 wk", "1–2 mo",
	                                                               "2–3 mo", "3–6 mo", "6+ mo"};
	for (int i = 0; i < MC_ANALYTICS_BUCKETS; i++) {
		hb[i].label = short_labels[i];
		hb[i].long_label = r->histogram[i].label;
		hb[i].value = (double)r->histogram[i].count;
		struct mc_json *o = mc_json_array_push(req->a, ht);
		mc_json_set_object(o);
		mc__console_put(req, o, "label", r->histogram[i].label);
		mc_web_put_int(req, o, "count", r->histogram[i].count);
	}
	mc_json_object_set(req->a, d, "histogram", 9, ht);
	struct mc_svg_chart hc = {
	    .id = "time-to-earn",
	    .title = mc_arena_printf(req->a, "Time to earn, %s", who),
	    .desc =
	        mc_arena_printf(req->a,
	                        "How long %zu learners took from enrolment to award, in seven ranges from "
	                        "under a week to six months or more; the median is %s. The table below "
	                        "gives the same numbers.",
	                        r->earned, days_text(req, r->has_median, r->median_days)),
	    .x_label = "Time from enrolment to award",
	    .y_label = "Learners",
	    .bars = hb,
	    .n = MC_ANALYTICS_BUCKETS,
	    .unit = "learners"};
	return put_chart(req, d, "chart_histogram", &hc);
}

int mc__h_console_analytics(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	int rc = mc__console_open(req, res, MC_ROLE_EDITOR, "analytics", &c);
	if (rc)
		return rc;
	struct mc_analytics *r;
	struct mc_analytics_row *rows;
	size_t n;
	if ((rc = mc_analytics_issuer(req->app, req->a, c.is->id, &r, &req->err)) ||
	    (rc = mc_analytics_by_achievement(req->app, req->a, c.is->id, &rows, &n, &req->err)) ||
	    (rc = put_numbers(req, c.d, r, c.is->name)))
		return rc;
	struct mc_json *items = mc_json_new_array(req->a);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(rows[i].state, "draft") == 0 && rows[i].enrolments == 0 && rows[i].awards == 0)
			continue; /* a fresh draft has nothing to count yet */
		struct mc_json *it = mc_json_array_push(req->a, items);
		mc_json_set_object(it);
		mc__console_put(req, it, "slug", rows[i].slug);
		mc__console_put(req, it, "title", rows[i].title);
		mc__console_put(req, it, "kind", strcmp(rows[i].kind, "pathway") == 0 ? "pathway" : NULL);
		mc__console_put(req, it, "state", rows[i].state);
		mc_web_put_int(req, it, "enrolments", rows[i].enrolments);
		mc_web_put_int(req, it, "completed", rows[i].completed);
		mc_web_put_int(req, it, "awards", rows[i].awards);
		mc__console_put(req, it, "completion",
		                rows[i].enrolments
		                    ? mc_arena_printf(req->a, "%.0f%%", rows[i].completion_rate * 100)
		                    : "—");
		mc__console_put(req, it, "median", days_text(req, rows[i].has_median, rows[i].median_days));
	}
	mc_json_object_set(req->a, c.d, "rows", 4, items);
	mc__console_put(req, c.d, "scope", c.is->name);
	return mc__console_page(req, res, &c, 200, "console_analytics", "Analytics");
}

int mc__h_console_analytics_credential(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	int rc = mc__console_open(req, res, MC_ROLE_EDITOR, "analytics", &c);
	if (rc)
		return rc;
	struct mc_achievement *x;
	struct mc_analytics *r;
	if ((rc = mc_achievement_get(req->app, req->a, req->params[1], &x, &req->err)))
		return rc;
	if (strcmp(x->issuer_id, c.is->id) != 0)
		return mc_err_set(&req->err, MC_ENOTFOUND, "%s has no micro-credential '%s'", c.is->name,
		                  req->params[1]);
	if ((rc = mc_analytics_achievement(req->app, req->a, x->id, &r, &req->err)) ||
	    (rc = put_numbers(req, c.d, r, x->title)))
		return rc;
	mc__console_put(req, c.d, "scope", x->title);
	mc__console_put(req, c.d, "scope_slug", x->slug);
	mc_web_put_bool(req, c.d, "one", true);
	return mc__console_page(req, res, &c, 200, "console_analytics",
	                        mc_arena_printf(req->a, "Analytics: %s", x->title));
}
