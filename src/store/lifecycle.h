/* Private to src/store and src/app: the SQL of what happens to credentials after
 * award — state changes of credentials rows, pathways, endorsements, events, and
 * the few reads the pathway evaluation and the demo need. The only place their SQL
 * lives. Strings come back allocated in the arena given. */
#ifndef MC_STORE_LIFECYCLE_H
#define MC_STORE_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "microcred/db.h"

/* Sets state, state_reason and state_changed_at of a credential whose state is
 * from_state; *changed is false when no row matched (another process changed it). */
/* Locks a credential's row until the transaction ends (a no-op UPDATE), so that a
 * state change reads the state no concurrent change can alter before commit. */
int mc__store_credential_lock(struct mc_db *db, const char *id, struct mc_err *err);
int mc__store_credential_set_state(struct mc_db *db, const char *id, const char *from_state,
                                   const char *to_state, const char *reason, const char *now, bool *changed,
                                   struct mc_err *err);

/* Appends a domain event. */
int mc__store_lifecycle_event(struct mc_db *db, const char *type, const char *subject, const char *payload,
                              const char *now, struct mc_err *err);

/* ---- pathways ---- */

struct mc__pathway_row {
	const char *id, *achievement_id, *slug, *title, *issuer_id, *state, *rule, *created_at;
};

int mc__store_pathway_insert(struct mc_db *db, const char *id, const char *achievement_id, const char *rule,
                             const char *now, struct mc_err *err);
int mc__store_pathway_set_rule(struct mc_db *db, const char *id, const char *rule, struct mc_err *err);
/* By pathway id, achievement id or achievement slug: 0 or MC_ENOTFOUND. */
int mc__store_pathway_find(struct mc_db *db, struct mc_arena *a, const char *ref,
                           struct mc__pathway_row **out, struct mc_err *err);
/* issuer_id NULL = all; title order. */
int mc__store_pathway_list(struct mc_db *db, struct mc_arena *a, const char *issuer_id,
                           struct mc__pathway_row **out, size_t *n, struct mc_err *err);
/* Pathways whose rule mentions the achievement id. */
int mc__store_pathways_mentioning(struct mc_db *db, struct mc_arena *a, const char *achievement_id,
                                  struct mc__pathway_row **out, size_t *n, struct mc_err *err);

/* An achievement's id, slug, title, kind and issuer, by id or slug: 0 or MC_ENOTFOUND. */
/* The user's active credentials, oldest first (achievement id, credential id,
 * sha256, valid_until). */
struct mc__held_credential {
	const char *achievement_id, *credential_id, *sha256, *valid_until;
};
int mc__store_held_credentials(struct mc_db *db, struct mc_arena *a, const char *user_id,
                               struct mc__held_credential **out, size_t *n, struct mc_err *err);

/* ---- endorsements ---- */

struct mc__endorsement_row {
	const char *id, *endorser_id, *subject_type, *subject_id, *comment, *json, *created_at, *withdrawn_at;
};
int mc__store_endorsement_insert(struct mc_db *db, const struct mc__endorsement_row *r, struct mc_err *err);
/* Withdraws the current endorsements of the subject by the endorser; *n how many. */
int mc__store_endorsement_withdraw_current(struct mc_db *db, const char *endorser_id,
                                           const char *subject_type, const char *subject_id, const char *now,
                                           int64_t *n, struct mc_err *err);
/* Withdraws one by id; *changed false when it is unknown or withdrawn already. */
int mc__store_endorsement_withdraw(struct mc_db *db, const char *id, const char *now, bool *changed,
                                   struct mc_err *err);
/* Filters NULL = any; newest first. */
int mc__store_endorsement_list(struct mc_db *db, struct mc_arena *a, const char *endorser_id,
                               const char *subject_type, const char *subject_id, bool include_withdrawn,
                               struct mc__endorsement_row **out, size_t *n, struct mc_err *err);

/* ---- demo ---- */

/* The number of rows of issuers. */
int mc__store_issuer_count(struct mc_db *db, int64_t *n, struct mc_err *err);

#endif
