/* Private to src/store and src/app: rows of user_passwords, sessions and
 * api_tokens, and the public_profile flag of users (sql/061_accounts.sql). The
 * only place their SQL lives. Strings come back allocated in the arena given.
 * Secrets never reach this layer: only their SHA-256 (hex). */
#ifndef MC_STORE_ACCOUNTS_H
#define MC_STORE_ACCOUNTS_H

#include "microcred/account.h"

/* *hash NULL when the user has no password. */
int mc__store_password_get(struct mc_db *db, struct mc_arena *a, const char *user_id, char **hash,
                           struct mc_err *err);
int mc__store_password_set(struct mc_db *db, const char *user_id, const char *hash, const char *now,
                           struct mc_err *err);

int mc__store_user_public_profile(struct mc_db *db, const char *user_id, bool *on, struct mc_err *err);
int mc__store_user_update(struct mc_db *db, const char *user_id, const char *name, const char *did,
                          bool set_did, int public_profile, struct mc_err *err);

int mc__store_session_insert(struct mc_db *db, const char *id_hash, const char *user_id, const char *now,
                             const char *expires_at, struct mc_err *err);
/* The session with its user; MC_ENOTFOUND when none or expired at now. */
int mc__store_session_find(struct mc_db *db, struct mc_arena *a, const char *id_hash, const char *now,
                           struct mc_session **out, struct mc_err *err);
int mc__store_session_touch(struct mc_db *db, const char *id_hash, const char *now, const char *expires_at,
                            struct mc_err *err);
int mc__store_session_delete(struct mc_db *db, const char *id_hash, struct mc_err *err);
/* keep_hash may be NULL. */
int mc__store_session_delete_user(struct mc_db *db, const char *user_id, const char *keep_hash,
                                  struct mc_err *err);
int mc__store_session_purge(struct mc_db *db, const char *now, size_t *n, struct mc_err *err);

int mc__store_token_insert(struct mc_db *db, const struct mc_api_token *t, const char *token_hash,
                           struct mc_err *err);
int mc__store_token_list(struct mc_db *db, struct mc_arena *a, const char *issuer_id,
                         struct mc_api_token ***out, size_t *n, struct mc_err *err);
/* The token by hash (revoked ones too); MC_ENOTFOUND. */
int mc__store_token_find(struct mc_db *db, struct mc_arena *a, const char *token_hash,
                         struct mc_api_token **out, struct mc_err *err);
/* Revokes the issuer's live token with this id or prefix: MC_ENOTFOUND when none. */
int mc__store_token_revoke(struct mc_db *db, const char *issuer_id, const char *ref, const char *now,
                           struct mc_err *err);
int mc__store_token_touch(struct mc_db *db, const char *id, const char *now, struct mc_err *err);
/* The id of the issuer's first owner (by staff created_at); MC_ENOTFOUND. */
int mc__store_first_owner(struct mc_db *db, struct mc_arena *a, const char *issuer_id, char **user_id,
                          struct mc_err *err);

#endif
