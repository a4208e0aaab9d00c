/* Private to src/store and src/tlog: the rows of the transparency log (tables
 * tlog_leaves, tlog_nodes, tlog_keys, tlog_sths of sql/050_tlog.sql). The only
 * place their SQL lives. Hashes are 32-byte blobs. */
#ifndef MC_STORE_TLOG_H
#define MC_STORE_TLOG_H

#include <stdint.h>

#include "microcred/db.h"
#include "microcred/tlog.h"

/* Takes the next leaf index (the 'tlog' counter), inside the write transaction. */
int mc__store_tlog_next_index(struct mc_db *db, int64_t *index, struct mc_err *err);
/* Leaves appended so far, by the counter. */
int mc__store_tlog_count(struct mc_db *db, int64_t *n, struct mc_err *err);

int mc__store_tlog_leaf_insert(struct mc_db *db, int64_t index, const char *entry, size_t entry_len,
                               const uint8_t hash[MC_TLOG_HASH_SIZE], const char *credential_id,
                               const char *type, struct mc_err *err);
/* MC_ENOTFOUND when there is no such leaf. */
int mc__store_tlog_leaf_hash(struct mc_db *db, int64_t index, uint8_t out[MC_TLOG_HASH_SIZE],
                             struct mc_err *err);
int mc__store_tlog_leaf_get(struct mc_db *db, struct mc_arena *a, int64_t index, struct mc_tlog_leaf *out,
                            struct mc_err *err);
/* The lowest index with this leaf hash; MC_ENOTFOUND when none. */
int mc__store_tlog_leaf_by_hash(struct mc_db *db, const uint8_t hash[MC_TLOG_HASH_SIZE], int64_t *index,
                                struct mc_err *err);
int mc__store_tlog_leaves_of(struct mc_db *db, struct mc_arena *a, const char *credential_id,
                             struct mc_tlog_leaf **out, size_t *n, struct mc_err *err);
/* Calls fn for each leaf with start <= index < end (end < 0: to the last), in index
 * order; a non-zero return from fn stops the scan and is returned. fn must not use
 * the leaf statements (it may read nodes). */
int mc__store_tlog_leaves_scan(struct mc_db *db, int64_t start, int64_t end,
                               int (*fn)(void *ctx, int64_t index, const char *entry, size_t len,
                                         const uint8_t *hash, size_t hash_len),
                               void *ctx, struct mc_err *err);

int mc__store_tlog_node_insert(struct mc_db *db, unsigned level, int64_t block,
                               const uint8_t hash[MC_TLOG_HASH_SIZE], struct mc_err *err);
/* MC_ENOTFOUND when the block has no stored hash. */
int mc__store_tlog_node_get(struct mc_db *db, unsigned level, int64_t block, uint8_t out[MC_TLOG_HASH_SIZE],
                            struct mc_err *err);

struct mc__tlog_key_row {
	const char *log_id;
	uint8_t public_key[32];
	char *secret_json; /* in the arena; wipe after use */
};
/* The active key; MC_ENOTFOUND when the log has none yet. */
int mc__store_tlog_key_active(struct mc_db *db, struct mc_arena *a, struct mc__tlog_key_row *out,
                              struct mc_err *err);
/* The public key of log_id (active or retired); MC_ENOTFOUND when unknown. */
int mc__store_tlog_key_public(struct mc_db *db, const char *log_id, uint8_t out[32], struct mc_err *err);
int mc__store_tlog_key_insert(struct mc_db *db, const struct mc__tlog_key_row *k, const char *now,
                              struct mc_err *err);

/* Inserts sth (its log_id given as base64 text). */
int mc__store_tlog_sth_insert(struct mc_db *db, const struct mc_tlog_sth *sth, const char *log_id,
                              struct mc_err *err);
/* The latest tree head with the public key that signed it; MC_ENOTFOUND when none. */
int mc__store_tlog_sth_latest(struct mc_db *db, struct mc_tlog_sth *out, struct mc_err *err);
/* Every tree head, oldest first, in a. */
int mc__store_tlog_sth_list(struct mc_db *db, struct mc_arena *a, struct mc_tlog_sth **out, size_t *n,
                            struct mc_err *err);

#endif
