/* Private to src/store and src/app: the SQL of public learner profiles
 * (src/store/profiles.c). Strings come back allocated in the arena given. */
#ifndef MC_STORE_PROFILES_H
#define MC_STORE_PROFILES_H

#include <stddef.h>

#include "microcred/db.h"
#include "microcred/profiles.h"

/* The name and creation time of an opted-in user; MC_ENOTFOUND otherwise. */
int mc__store_public_user(struct mc_db *db, struct mc_arena *a, const char *user_id, const char **name,
                          const char **since, struct mc_err *err);

struct mc__profile_match {
	const char *user_id, *name, *credential_id, *title;
};

/* (user, credential) pairs: opted-in users' active credentials whose
 * micro-credential title or an alignment name contains pattern (a LIKE pattern,
 * lower-case, '\' escapes), ordered by user name, user, issue date (newest first);
 * at most limit rows. */
int mc__store_profile_matches(struct mc_db *db, struct mc_arena *a, const char *pattern, size_t limit,
                              struct mc__profile_match **out, size_t *n, struct mc_err *err);

#endif
