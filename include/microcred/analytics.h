/* Numbers for the issuer console (src/app/analytics.c, SQL in src/store/analytics.c):
 * how many learners enrol, how many finish, how long earning takes, and how many
 * credentials are awarded each month — per issuer and per micro-credential — plus
 * the read models the console lists (the review queue, the staff).
 *
 * Definitions (the same for an issuer and for one micro-credential):
 *   enrolments       every enrolment, whatever its state (active, completed, withdrawn)
 *   completion rate  completed / enrolments (0 when there are none)
 *   time to earn     from an enrolment's start (started_at) to the issue date of the
 *                    credential awarded for it (credentials.enrolment_id), in days;
 *                    direct, bulk and pathway awards have no enrolment and do not count
 *   median           of the times to earn (the mean of the middle two for an even count)
 *   histogram        times to earn in fixed buckets: under 1 week, 1-2 weeks,
 *                    2-4 weeks, 1-2 months, 2-3 months, 3-6 months, 6 months or more
 *                    (a month is 30 days; lower bounds inclusive)
 *   awards per month every credential issued (any route, any state), by the UTC
 *                    month of its issue date, for the MC_ANALYTICS_MONTHS months that
 *                    end with the current month (the app clock); months without
 *                    awards are present with 0
 *
 * Results are allocated in the arena given; inputs are borrowed. */
#ifndef MICROCRED_ANALYTICS_H
#define MICROCRED_ANALYTICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"

#define MC_ANALYTICS_MONTHS 12
#define MC_ANALYTICS_BUCKETS 7

struct mc_analytics_bucket {
	const char *label; /* "1–2 weeks" */
	double lo_days;    /* inclusive */
	double hi_days;    /* exclusive; 0 = no upper bound */
	int64_t count;
};

struct mc_analytics_month {
	char month[16]; /* "2025-01" (room for any int the formatter might print) */
	int64_t awards;
};

struct mc_analytics {
	const char *issuer_id;
	const char *achievement_id; /* NULL: the whole issuer */
	int64_t enrolments, active, completed, withdrawn;
	double completion_rate; /* 0..1 */
	int64_t awards, awards_active, awards_revoked, awards_suspended;
	size_t earned; /* times to earn counted */
	bool has_median;
	double median_days;
	struct mc_analytics_bucket histogram[MC_ANALYTICS_BUCKETS];
	struct mc_analytics_month months[MC_ANALYTICS_MONTHS];
};

/* The numbers of an issuer (id, slug or DID). */
int mc_analytics_issuer(struct mc_app *app, struct mc_arena *a, const char *issuer_ref,
                        struct mc_analytics **out, struct mc_err *err);
/* The numbers of one micro-credential (id or slug). */
int mc_analytics_achievement(struct mc_app *app, struct mc_arena *a, const char *achievement_ref,
                             struct mc_analytics **out, struct mc_err *err);

/* One line per micro-credential (and pathway) of an issuer, in title order. */
struct mc_analytics_row {
	const char *achievement_id;
	const char *slug;
	const char *title;
	const char *kind;  /* "micro" | "pathway" */
	const char *state; /* "draft" | "published" | "archived" */
	int64_t enrolments, completed, awards;
	double completion_rate;
	bool has_median;
	double median_days;
};
int mc_analytics_by_achievement(struct mc_app *app, struct mc_arena *a, const char *issuer_ref,
                                struct mc_analytics_row **out, size_t *n, struct mc_err *err);

/* ---- the arithmetic, exposed for tests ---- */

/* The median of v[0..n) (sorted in place). false when n == 0. */
bool mc_analytics_median(double *v, size_t n, double *median);
/* Sets the bucket labels and bounds of h and counts days[0..n) into them. */
void mc_analytics_histogram(const double *days, size_t n, struct mc_analytics_bucket h[MC_ANALYTICS_BUCKETS]);
/* Days from start to end (RFC 3339 texts); MC_EINVAL when either does not parse. */
int mc_analytics_days_between(const char *start, const char *end, double *days, struct mc_err *err);

/* ---- read models of the console ---- */

/* Evidence waiting for review at an issuer, oldest first. */
struct mc_console_review_item {
	const char *evidence_id;
	const char *enrolment_id;
	const char *learner_email;
	const char *learner_name;
	const char *achievement_slug;
	const char *achievement_title;
	const char *submitted_at;
};
/* At most limit items (0 = 100); *total counts them all. */
int mc_console_review_queue(struct mc_app *app, struct mc_arena *a, const char *issuer_ref, size_t limit,
                            struct mc_console_review_item **out, size_t *n, size_t *total,
                            struct mc_err *err);

struct mc_console_staff_member {
	const char *user_id;
	const char *email;
	const char *name;
	const char *role; /* "owner" | "editor" | "assessor" */
	const char *since;
};
/* The issuer's staff, owners first, then by email. */
int mc_console_staff(struct mc_app *app, struct mc_arena *a, const char *issuer_ref,
                     struct mc_console_staff_member **out, size_t *n, struct mc_err *err);

#endif
