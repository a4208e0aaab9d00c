/* Private to src/app: the award engine's entry for callers that must write
 * something in the same transaction as the award (bulk.c records its row). */
#ifndef MC_APP_AWARD_INTERNAL_H
#define MC_APP_AWARD_INTERNAL_H

#include <stdbool.h>

#include "microcred/award.h"
#include "microcred/keys.h"

/* A parsed signing key kept across awards (bulk runs): parsing an Ed25519 key
 * (deriving and checking the public key, locking the secret in memory) costs as
 * much as a fifth of an award. Every award still reads which key is the issuer's
 * active one, in its transaction, and re-parses when that changed (a rotation by
 * another process). Initialise with mc__award_cache_init, release with
 * mc__award_cache_release (wipes the secret). */
struct mc__award_cache {
	bool have;
	char issuer_id[64];
	char key_id[512];
	struct mc_key key;
};
void mc__award_cache_init(struct mc__award_cache *c);
void mc__award_cache_release(struct mc__award_cache *c);

struct mc__award_hook {
	/* Runs inside the award's transaction, after the credential row was written
	 * (award->created true) or found (false: the award_key had been awarded). A
	 * non-zero return rolls the whole award back. */
	int (*after)(struct mc_app *app, void *ctx, const struct mc_award *award, struct mc_err *err);
	void *ctx;
	struct mc__award_cache *cache; /* optional */
};

int mc__award_issue_ex(struct mc_app *app, struct mc_arena *a, const struct mc_award_request *req,
                       const struct mc__award_hook *hook, struct mc_award **out, struct mc_err *err);

/* Normalises a date ("2025-01-15", or an RFC 3339 date-time) to RFC 3339 UTC
 * ("2025-01-15T00:00:00Z") in a; MC_EINVAL with an example when it is neither. */
int mc__award_date(struct mc_arena *a, const char *in, const char **out, struct mc_err *err);

#endif
