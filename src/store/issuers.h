/* Private to src/store and src/app: rows of users, issuers, issuer_keys and staff.
 * The only place their SQL lives. Strings come back allocated in the arena given. */
#ifndef MC_STORE_ISSUERS_H
#define MC_STORE_ISSUERS_H

#include "microcred/issuer.h"

/* 0, MC_ENOTFOUND, or an error. */
int mc__store_user_find(struct mc_db *db, struct mc_arena *a, const char *id_or_email, struct mc_user **out,
			struct mc_err *err);
int mc__store_user_insert(struct mc_db *db, const struct mc_user *u, struct mc_err *err);
int mc__store_user_set_did(struct mc_db *db, const char *id, const char *did, struct mc_err *err);

int mc__store_issuer_insert(struct mc_db *db, const struct mc_issuer *is, struct mc_err *err);
int mc__store_issuer_find(struct mc_db *db, struct mc_arena *a, const char *ref, struct mc_issuer **out,
			  struct mc_err *err);
int mc__store_issuer_list(struct mc_db *db, struct mc_arena *a, struct mc_issuer ***out, size_t *n,
			  struct mc_err *err);
int mc__store_issuer_set_did(struct mc_db *db, const char *id, const char *did, const char *now, struct mc_err *err);

struct mc__key_row {
	const char *id, *issuer_id, *type, *public_json, *secret_json, *state, *created_at, *retired_at;
};
int mc__store_key_insert(struct mc_db *db, const struct mc__key_row *k, struct mc_err *err);
int mc__store_key_list(struct mc_db *db, struct mc_arena *a, const char *issuer_id, struct mc__key_row **out,
		       size_t *n, struct mc_err *err);
/* The active key with its secret; MC_ENOTFOUND when the issuer has none. */
int mc__store_key_active(struct mc_db *db, struct mc_arena *a, const char *issuer_id, struct mc__key_row *out,
			 struct mc_err *err);
int mc__store_key_retire(struct mc_db *db, const char *issuer_id, const char *now, struct mc_err *err);

int mc__store_staff_upsert(struct mc_db *db, const char *issuer_id, const char *user_id, const char *role,
			   const char *now, struct mc_err *err);
/* *role is NULL when the user is not staff of the issuer. */
int mc__store_staff_role(struct mc_db *db, struct mc_arena *a, const char *issuer_id, const char *user_id,
			 char **role, struct mc_err *err);

/* How many issuers the user is staff of. */
int mc__store_staff_count(struct mc_db *db, const char *user_id, int64_t *n, struct mc_err *err);

#endif
