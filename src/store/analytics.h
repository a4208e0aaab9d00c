/* Private to src/store and src/app: the SQL of the console's numbers and lists
 * (include/microcred/analytics.h). Portable: it runs on SQLite and PostgreSQL alike
 * (no date arithmetic in SQL: times come back as RFC 3339 text and the app does the
 * arithmetic). achievement_id "" means every achievement of the issuer. Strings come
 * back allocated in the arena given. */
#ifndef MC_STORE_ANALYTICS_H
#define MC_STORE_ANALYTICS_H

#include "microcred/analytics.h"

/* Enrolments by state: counts[0] active, [1] completed, [2] withdrawn. */
int mc__store_analytics_enrolments(struct mc_db *db, const char *issuer_id, const char *achievement_id,
                                   int64_t counts[3], struct mc_err *err);
/* Credentials by state: counts[0] active, [1] revoked, [2] suspended. */
int mc__store_analytics_awards(struct mc_db *db, const char *issuer_id, const char *achievement_id,
                               int64_t counts[3], struct mc_err *err);
/* (enrolment start, issue date) of every credential awarded for an enrolment. */
int mc__store_analytics_earn_times(struct mc_db *db, struct mc_arena *a, const char *issuer_id,
                                   const char *achievement_id, const char ***started, const char ***issued,
                                   size_t *n, struct mc_err *err);
/* Credentials issued from `since` (RFC 3339, inclusive) by month "YYYY-MM". */
int mc__store_analytics_awards_by_month(struct mc_db *db, struct mc_arena *a, const char *issuer_id,
                                        const char *achievement_id, const char *since, char ***months,
                                        int64_t **counts, size_t *n, struct mc_err *err);
/* The issuer's achievements (id, slug, title, kind, state), in title order. */
int mc__store_analytics_achievements(struct mc_db *db, struct mc_arena *a, const char *issuer_id,
                                     struct mc_analytics_row **out, size_t *n, struct mc_err *err);

int mc__store_review_queue(struct mc_db *db, struct mc_arena *a, const char *issuer_id, size_t limit,
                           struct mc_console_review_item **out, size_t *n, size_t *total, struct mc_err *err);
int mc__store_staff_list(struct mc_db *db, struct mc_arena *a, const char *issuer_id,
                         struct mc_console_staff_member **out, size_t *n, struct mc_err *err);

#endif
