/* Public learner profiles (src/app/profiles.c): a learner who opted in
 * (account.h, public_profile) has a page listing their active badges, and
 * employers find such profiles by skill. Only opted-in learners are ever listed,
 * and only credentials that are active (not revoked or suspended); whoever shows
 * them (the web layer) verifies each one before showing it.
 *
 * Results are allocated in the arena given; inputs are borrowed. */
#ifndef MICROCRED_PROFILES_H
#define MICROCRED_PROFILES_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "award.h"

#define MC_PROFILE_SEARCH_MAX 50
#define MC_PROFILE_SKILL_MAX 200 /* bytes of the skill text considered */

struct mc_public_profile {
	const char *user_id;
	const char *name;
	const char *since;             /* the account's creation time, RFC 3339 */
	struct mc_award **credentials; /* active ones, newest first */
	size_t n;
};

/* The public profile of a user (id): MC_ENOTFOUND, the same as for an unknown
 * user, when the learner has not opted in. */
int mc_profile_get(struct mc_app *app, struct mc_arena *a, const char *user_id, struct mc_public_profile *out,
                   struct mc_err *err);

struct mc_profile_hit {
	const char *user_id;
	const char *name;
	/* Their active credentials that match the skill: the micro-credential is
	 * aligned to a skill whose name contains it, or its title does. */
	struct mc_award **credentials;
	const char **titles; /* the micro-credentials' titles, parallel to credentials */
	size_t n;
};

/* Opted-in learners with an active credential for skill (case-insensitive
 * substring of an alignment name or of the micro-credential's title), by name;
 * at most MC_PROFILE_SEARCH_MAX. MC_EINVAL for an empty skill. */
int mc_profile_search(struct mc_app *app, struct mc_arena *a, const char *skill, struct mc_profile_hit **out,
                      size_t *n, struct mc_err *err);

#endif
