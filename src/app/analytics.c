/* The console's numbers (include/microcred/analytics.h): counts come from the
 * store, the arithmetic (times to earn, median, histogram, month series) is done
 * here so the SQL stays portable. */
#include "microcred/analytics.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/achievement.h"
#include "microcred/issuer.h"
#include "microcred/time.h"

#include "store/analytics.h"

#define DAY 86400.0

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

bool mc_analytics_median(double *v, size_t n, double *median)
{
	if (n == 0)
		return false;
	qsort(v, n, sizeof *v, cmp_double);
	*median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	return true;
}

static const struct {
	const char *label;
	double lo, hi;
} buckets[MC_ANALYTICS_BUCKETS] = {
    {"under 1 week", 0, 7}, {"1–2 weeks", 7, 14},    {"2–4 weeks", 14, 28},        {"1–2 months", 28, 60},
    {"2–3 months", 60, 90}, {"3–6 months", 90, 180}, {"6 months or more", 180, 0},
};

void mc_analytics_histogram(const double *days, size_t n, struct mc_analytics_bucket h[MC_ANALYTICS_BUCKETS])
{
	for (size_t b = 0; b < MC_ANALYTICS_BUCKETS; b++) {
		h[b].label = buckets[b].label;
		h[b].lo_days = buckets[b].lo;
		h[b].hi_days = buckets[b].hi;
		h[b].count = 0;
	}
	for (size_t i = 0; i < n; i++) {
		size_t b = 0;
		/* A negative time (award dated before the start) counts as the first bucket. */
		while (b + 1 < MC_ANALYTICS_BUCKETS && days[i] >= buckets[b].hi)
			b++;
		h[b].count++;
	}
}

int mc_analytics_days_between(const char *start, const char *end, double *days, struct mc_err *err)
{
	struct mc_time s, e;
	int rc;
	if (!start || !end)
		return mc_err_set(err, MC_EINVAL, "a time to earn needs both a start and an issue date");
	if ((rc = mc_time_parse(&s, start, strlen(start), err)) ||
	    (rc = mc_time_parse(&e, end, strlen(end), err)))
		return mc_err_prefix(err, "time to earn");
	*days = ((double)(e.sec - s.sec) + (e.nsec - s.nsec) / 1e9) / DAY;
	return 0;
}

/* Civil date of a Unix time (UTC): year and month. */
static void year_month(int64_t sec, int *y, int *m)
{
	int64_t z = (sec >= 0 ? sec / 86400 : (sec - 86399) / 86400) + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int64_t mm = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (mm <= 2));
	*m = (int)mm;
}

/* One snapshot for all the numbers of a page, unless the caller has a transaction open. */
static int read_begin(struct mc_app *app, bool *own, struct mc_err *err)
{
	*own = !mc_db_in_tx(app->db);
	return *own ? mc_db_begin(app->db, MC_TX_READ, err) : 0;
}

static int compute(struct mc_app *app, struct mc_arena *a, const char *issuer_id, const char *achievement_id,
                   struct mc_analytics **out, struct mc_err *err)
{
	struct mc_analytics *r = MC_ARENA_NEW(a, struct mc_analytics);
	r->issuer_id = issuer_id;
	r->achievement_id = achievement_id;
	int64_t e[3], w[3];
	int rc;
	if ((rc = mc__store_analytics_enrolments(app->db, issuer_id, achievement_id, e, err)) ||
	    (rc = mc__store_analytics_awards(app->db, issuer_id, achievement_id, w, err)))
		return rc;
	r->active = e[0], r->completed = e[1], r->withdrawn = e[2];
	r->enrolments = e[0] + e[1] + e[2];
	r->completion_rate = r->enrolments ? (double)r->completed / (double)r->enrolments : 0;
	r->awards_active = w[0], r->awards_revoked = w[1], r->awards_suspended = w[2];
	r->awards = w[0] + w[1] + w[2];

	const char **started, **issued;
	size_t n;
	if ((rc = mc__store_analytics_earn_times(app->db, a, issuer_id, achievement_id, &started, &issued, &n,
	                                         err)))
		return rc;
	double *days = MC_ARENA_NEW_ARRAY(a, double, n ? n : 1);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		struct mc_err ignored = {0};
		/* Times are written by microcred itself; one that does not parse is left out
		 * rather than failing the whole page. */
		if (mc_analytics_days_between(started[i], issued[i], &days[k], &ignored) == 0)
			k++;
	}
	r->earned = k;
	mc_analytics_histogram(days, k, r->histogram);
	r->has_median = mc_analytics_median(days, k, &r->median_days);

	/* The month series: MC_ANALYTICS_MONTHS months ending with the current one. */
	struct mc_time now = mc_app_now(app);
	int y, m;
	year_month(now.sec, &y, &m);
	int sy = y, sm = m - (MC_ANALYTICS_MONTHS - 1);
	while (sm < 1)
		sm += 12, sy--;
	for (int i = 0; i < MC_ANALYTICS_MONTHS; i++) {
		int yy = sy, mm = sm + i;
		while (mm > 12)
			mm -= 12, yy++;
		snprintf(r->months[i].month, sizeof r->months[i].month, "%04d-%02d",
		         (yy % 10000 + 10000) % 10000, (mm - 1) % 12 + 1);
		r->months[i].awards = 0;
	}
	char since[32];
	snprintf(since, sizeof since, "%s-01T00:00:00Z", r->months[0].month);
	char **months;
	int64_t *counts;
	size_t nm;
	if ((rc = mc__store_analytics_awards_by_month(app->db, a, issuer_id, achievement_id, since, &months,
	                                              &counts, &nm, err)))
		return rc;
	for (size_t i = 0; i < nm; i++)
		for (int j = 0; j < MC_ANALYTICS_MONTHS; j++)
			if (months[i] && strcmp(months[i], r->months[j].month) == 0)
				r->months[j].awards += counts[i];
	*out = r;
	return 0;
}

int mc_analytics_issuer(struct mc_app *app, struct mc_arena *a, const char *issuer_ref,
                        struct mc_analytics **out, struct mc_err *err)
{
	struct mc_issuer *is;
	int rc = mc_issuer_get(app, a, issuer_ref, &is, err);
	if (rc)
		return rc;
	bool own = false;
	if ((rc = read_begin(app, &own, err)))
		return rc;
	rc = compute(app, a, is->id, NULL, out, err);
	if (own)
		mc_db_rollback(app->db);
	return rc;
}

int mc_analytics_achievement(struct mc_app *app, struct mc_arena *a, const char *achievement_ref,
                             struct mc_analytics **out, struct mc_err *err)
{
	struct mc_achievement *ach;
	int rc = mc_achievement_get(app, a, achievement_ref, &ach, err);
	if (rc)
		return rc;
	bool own = false;
	if ((rc = read_begin(app, &own, err)))
		return rc;
	rc = compute(app, a, ach->issuer_id, ach->id, out, err);
	if (own)
		mc_db_rollback(app->db);
	return rc;
}

int mc_analytics_by_achievement(struct mc_app *app, struct mc_arena *a, const char *issuer_ref,
                                struct mc_analytics_row **out, size_t *n, struct mc_err *err)
{
	struct mc_issuer *is;
	int rc = mc_issuer_get(app, a, issuer_ref, &is, err);
	if (rc)
		return rc;
	bool own = false;
	if ((rc = read_begin(app, &own, err)))
		return rc;
	struct mc_analytics_row *rows;
	size_t nr;
	rc = mc__store_analytics_achievements(app->db, a, is->id, &rows, &nr, err);
	for (size_t i = 0; !rc && i < nr; i++) {
		struct mc_analytics *s;
		if ((rc = compute(app, a, is->id, rows[i].achievement_id, &s, err)))
			break;
		rows[i].enrolments = s->enrolments;
		rows[i].completed = s->completed;
		rows[i].awards = s->awards;
		rows[i].completion_rate = s->completion_rate;
		rows[i].has_median = s->has_median;
		rows[i].median_days = s->median_days;
	}
	if (own)
		mc_db_rollback(app->db);
	if (rc)
		return rc;
	*out = rows;
	*n = nr;
	return 0;
}

int mc_console_review_queue(struct mc_app *app, struct mc_arena *a, const char *issuer_ref, size_t limit,
                            struct mc_console_review_item **out, size_t *n, size_t *total, struct mc_err *err)
{
	struct mc_issuer *is;
	int rc = mc_issuer_get(app, a, issuer_ref, &is, err);
	if (rc)
		return rc;
	return mc__store_review_queue(app->db, a, is->id, limit ? limit : 100, out, n, total, err);
}

int mc_console_staff(struct mc_app *app, struct mc_arena *a, const char *issuer_ref,
                     struct mc_console_staff_member **out, size_t *n, struct mc_err *err)
{
	struct mc_issuer *is;
	int rc = mc_issuer_get(app, a, issuer_ref, &is, err);
	if (rc)
		return rc;
	return mc__store_staff_list(app->db, a, is->id, out, n, err);
}
