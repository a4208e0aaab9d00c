/* Private to src/app: the award engine's entry for callers that must write
 * something in the same transaction as the award (bulk.c records its row). */
#ifndef MC_APP_AWARD_INTERNAL_H
#define MC_APP_AWARD_INTERNAL_H

#include "microcred/award.h"

struct mc__award_hook {
	/* Runs inside the award's transaction, after the credential row was written
	 * (award->created true) or found (false: the award_key had been awarded). A
	 * non-zero return rolls the whole award back. */
	int (*after)(struct mc_app *app, void *ctx, const struct mc_award *award, struct mc_err *err);
	void *ctx;
};

int mc__award_issue_ex(struct mc_app *app, struct mc_arena *a, const struct mc_award_request *req,
                       const struct mc__award_hook *hook, struct mc_award **out, struct mc_err *err);

/* Normalises a date ("2025-01-15", or an RFC 3339 date-time) to RFC 3339 UTC
 * ("2025-01-15T00:00:00Z") in a; MC_EINVAL with an example when it is neither. */
int mc__award_date(struct mc_arena *a, const char *in, const char **out, struct mc_err *err);

#endif
