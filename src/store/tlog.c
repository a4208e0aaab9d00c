/* SQL of the transparency log: see src/store/tlog.h. */
#include "store/tlog.h"

#include <string.h>

#include "microcred/encoding.h"

int mc__store_tlog_next_index(struct mc_db *db, int64_t *index, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db, "UPDATE counters SET value = value + 1 WHERE name = 'tlog' RETURNING value", &st, err);
	if (rc)
		return rc;
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return mc_err_set(err, MC_ESTATE,
		                  "the counter 'tlog' is missing from the database (migration 50 adds it)");
	*index = mc_db_col_int(st, 0) - 1;
	mc_db_reset(st);
	return 0;
}

int mc__store_tlog_count(struct mc_db *db, int64_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "SELECT value FROM counters WHERE name = 'tlog'", &st, err);
	if (rc)
		return rc;
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	*n = rc == MC_DB_ROW ? mc_db_col_int(st, 0) : 0;
	mc_db_reset(st);
	return 0;
}

int mc__store_tlog_leaf_insert(struct mc_db *db, int64_t index, const char *entry, size_t entry_len,
                               const uint8_t hash[MC_TLOG_HASH_SIZE], const char *credential_id,
                               const char *type, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "INSERT INTO tlog_leaves (leaf_index, entry, leaf_hash, credential_id, type) "
	                       "VALUES ($1, $2, $3, $4, $5)",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_int(st, 1, index);
	mc_db_bind_textn(st, 2, entry, entry_len);
	mc_db_bind_blob(st, 3, hash, MC_TLOG_HASH_SIZE);
	mc_db_bind_text(st, 4, credential_id);
	mc_db_bind_text(st, 5, type);
	return mc_db_run(st, err);
}

/* Copies a 32-byte hash column; a wrong length is damage worth naming. */
static int read_hash(struct mc_db_stmt *st, int col, uint8_t out[MC_TLOG_HASH_SIZE], const char *what,
                     int64_t i, struct mc_err *err)
{
	size_t n = 0;
	const void *p = mc_db_col_blob(st, col, &n);
	if (!p || n != MC_TLOG_HASH_SIZE)
		return mc_err_set(err, MC_EIO,
		                  "the stored hash of %s %lld has %zu bytes, not 32: the log is damaged",
		                  what, (long long)i, n);
	memcpy(out, p, MC_TLOG_HASH_SIZE);
	return 0;
}

int mc__store_tlog_leaf_hash(struct mc_db *db, int64_t index, uint8_t out[MC_TLOG_HASH_SIZE],
                             struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "SELECT leaf_hash FROM tlog_leaves WHERE leaf_index = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_int(st, 1, index);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return mc_err_set(err, MC_ENOTFOUND, "the log has no entry %lld", (long long)index);
	rc = read_hash(st, 0, out, "entry", index, err);
	mc_db_reset(st);
	return rc;
}

static int read_leaf(struct mc_db_stmt *st, struct mc_arena *a, struct mc_tlog_leaf *out, struct mc_err *err)
{
	out->index = mc_db_col_int(st, 0);
	out->entry_len = mc_db_col_len(st, 1);
	out->entry = mc_db_col_dup(st, 1, a);
	return read_hash(st, 2, out->leaf_hash, "entry", out->index, err);
}

int mc__store_tlog_leaf_get(struct mc_db *db, struct mc_arena *a, int64_t index, struct mc_tlog_leaf *out,
                            struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db, "SELECT leaf_index, entry, leaf_hash FROM tlog_leaves WHERE leaf_index = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_int(st, 1, index);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return mc_err_set(err, MC_ENOTFOUND, "the log has no entry %lld", (long long)index);
	rc = read_leaf(st, a, out, err);
	mc_db_reset(st);
	return rc;
}

int mc__store_tlog_leaf_by_hash(struct mc_db *db, const uint8_t hash[MC_TLOG_HASH_SIZE], int64_t *index,
                                struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "SELECT MIN(leaf_index) FROM tlog_leaves WHERE leaf_hash = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_blob(st, 1, hash, MC_TLOG_HASH_SIZE);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	bool found = rc == MC_DB_ROW && !mc_db_col_null(st, 0);
	if (found)
		*index = mc_db_col_int(st, 0);
	mc_db_reset(st);
	return found ? 0 : mc_err_set(err, MC_ENOTFOUND, "no log entry has this leaf hash");
}

int mc__store_tlog_leaves_of(struct mc_db *db, struct mc_arena *a, const char *credential_id,
                             struct mc_tlog_leaf **out, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc =
	    mc_db_prepare(db,
	                  "SELECT leaf_index, entry, leaf_hash FROM tlog_leaves WHERE credential_id = $1 "
	                  "ORDER BY leaf_index",
	                  &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, credential_id);
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? 2 * cap : 4;
			*out = mc_arena_realloc(a, *out, cap * sizeof(**out), ncap * sizeof(**out));
			cap = ncap;
		}
		if ((rc = read_leaf(st, a, &(*out)[*n], err))) {
			mc_db_reset(st);
			return rc;
		}
		(*n)++;
	}
	return rc < 0 ? rc : 0;
}

int mc__store_tlog_leaves_scan(struct mc_db *db, int64_t start, int64_t end,
                               int (*fn)(void *ctx, int64_t index, const char *entry, size_t len,
                                         const uint8_t *hash, size_t hash_len),
                               void *ctx, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "SELECT leaf_index, entry, leaf_hash FROM tlog_leaves WHERE leaf_index >= $1 "
	                       "AND ($2 < 0 OR leaf_index < $2) ORDER BY leaf_index",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_int(st, 1, start);
	mc_db_bind_int(st, 2, end);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		size_t hn = 0;
		const void *h = mc_db_col_blob(st, 2, &hn);
		const char *entry = mc_db_col_text(st, 1);
		rc = fn(ctx, mc_db_col_int(st, 0), entry ? entry : "", mc_db_col_len(st, 1), h, h ? hn : 0);
		if (rc) {
			mc_db_reset(st);
			return rc;
		}
	}
	return rc < 0 ? rc : 0;
}

int mc__store_tlog_node_insert(struct mc_db *db, unsigned level, int64_t block,
                               const uint8_t hash[MC_TLOG_HASH_SIZE], struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc =
	    mc_db_prepare(db, "INSERT INTO tlog_nodes (level, block, hash) VALUES ($1, $2, $3)", &st, err);
	if (rc)
		return rc;
	mc_db_bind_int(st, 1, level);
	mc_db_bind_int(st, 2, block);
	mc_db_bind_blob(st, 3, hash, MC_TLOG_HASH_SIZE);
	return mc_db_run(st, err);
}

int mc__store_tlog_node_get(struct mc_db *db, unsigned level, int64_t block, uint8_t out[MC_TLOG_HASH_SIZE],
                            struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "SELECT hash FROM tlog_nodes WHERE level = $1 AND block = $2", &st, err);
	if (rc)
		return rc;
	mc_db_bind_int(st, 1, level);
	mc_db_bind_int(st, 2, block);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return mc_err_set(err, MC_ENOTFOUND, "the log has no stored hash for entries %lld..%lld",
		                  (long long)(block << level), (long long)(((block + 1) << level) - 1));
	rc = read_hash(st, 0, out, "block at level", (int64_t)level, err);
	mc_db_reset(st);
	return rc;
}

static int decode_b64_32(const char *s, uint8_t out[32], struct mc_err *err)
{
	struct mc_buf b;
	mc_buf_init(&b, 64);
	int rc = s ? mc_base64_decode(&b, s, strlen(s), err) : MC_EINVAL;
	if (!rc && b.len != 32)
		rc = MC_EINVAL;
	if (!rc)
		memcpy(out, b.ptr, 32);
	mc_buf_release(&b);
	return rc ? mc_err_set(err, MC_EIO, "the stored log id '%s' is not base64 of 32 bytes", s ? s : "")
	          : 0;
}

static int read_public_key(struct mc_db_stmt *st, int col, uint8_t out[32], struct mc_err *err)
{
	size_t n = 0;
	const void *p = mc_db_col_blob(st, col, &n);
	if (!p || n != 32)
		return mc_err_set(err, MC_EIO, "the log's stored public key has %zu bytes, not 32", n);
	memcpy(out, p, 32);
	return 0;
}

int mc__store_tlog_key_active(struct mc_db *db, struct mc_arena *a, struct mc__tlog_key_row *out,
                              struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db, "SELECT log_id, public_key, secret_json FROM tlog_keys WHERE state = 'active'", &st, err);
	if (rc)
		return rc;
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	out->log_id = mc_db_col_dup(st, 0, a);
	out->secret_json = mc_db_col_dup(st, 2, a);
	rc = read_public_key(st, 1, out->public_key, err);
	mc_db_reset(st);
	return rc;
}

int mc__store_tlog_key_public(struct mc_db *db, const char *log_id, uint8_t out[32], struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "SELECT public_key FROM tlog_keys WHERE log_id = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, log_id);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return mc_err_set(err, MC_ENOTFOUND, "the log has no key with id %s", log_id);
	rc = read_public_key(st, 0, out, err);
	mc_db_reset(st);
	return rc;
}

int mc__store_tlog_key_insert(struct mc_db *db, const struct mc__tlog_key_row *k, const char *now,
                              struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "INSERT INTO tlog_keys (log_id, public_key, secret_json, state, created_at) "
	                       "VALUES ($1, $2, $3, 'active', $4)",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, k->log_id);
	mc_db_bind_blob(st, 2, k->public_key, 32);
	mc_db_bind_text(st, 3, k->secret_json);
	mc_db_bind_text(st, 4, now);
	return mc_db_run(st, err);
}

int mc__store_tlog_sth_insert(struct mc_db *db, const struct mc_tlog_sth *sth, const char *log_id,
                              struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc =
	    mc_db_prepare(db,
	                  "INSERT INTO tlog_sths (tree_size, timestamp_ms, root_hash, signature, log_id) "
	                  "VALUES ($1, $2, $3, $4, $5)",
	                  &st, err);
	if (rc)
		return rc;
	mc_db_bind_int(st, 1, sth->tree_size);
	mc_db_bind_int(st, 2, sth->timestamp);
	mc_db_bind_blob(st, 3, sth->root, MC_TLOG_HASH_SIZE);
	mc_db_bind_blob(st, 4, sth->signature, sizeof(sth->signature));
	mc_db_bind_text(st, 5, log_id);
	return mc_db_run(st, err);
}

#define STH_COLS                                                                                             \
	"s.tree_size, s.timestamp_ms, s.root_hash, s.signature, s.log_id, k.public_key FROM tlog_sths s "    \
	"JOIN tlog_keys k ON k.log_id = s.log_id"

static int read_sth(struct mc_db_stmt *st, struct mc_tlog_sth *out, struct mc_err *err)
{
	memset(out, 0, sizeof(*out));
	out->tree_size = mc_db_col_int(st, 0);
	out->timestamp = mc_db_col_int(st, 1);
	int rc = read_hash(st, 2, out->root, "tree head of size", out->tree_size, err);
	if (rc)
		return rc;
	size_t n = 0;
	const void *sig = mc_db_col_blob(st, 3, &n);
	if (!sig || n != sizeof(out->signature))
		return mc_err_set(err, MC_EIO,
		                  "the stored signature of the tree head of size %lld has %zu bytes, not 64",
		                  (long long)out->tree_size, n);
	memcpy(out->signature, sig, n);
	if ((rc = decode_b64_32(mc_db_col_text(st, 4), out->log_id, err)))
		return rc;
	return read_public_key(st, 5, out->public_key, err);
}

int mc__store_tlog_sth_latest(struct mc_db *db, struct mc_tlog_sth *out, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "SELECT " STH_COLS " ORDER BY s.timestamp_ms DESC LIMIT 1", &st, err);
	if (rc)
		return rc;
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return mc_err_set(err, MC_ENOTFOUND,
		                  "the log has no signed tree head yet; run 'microcred log sth'");
	rc = read_sth(st, out, err);
	mc_db_reset(st);
	return rc;
}

int mc__store_tlog_sth_list(struct mc_db *db, struct mc_arena *a, struct mc_tlog_sth **out, size_t *n,
                            struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "SELECT " STH_COLS " ORDER BY s.timestamp_ms", &st, err);
	if (rc)
		return rc;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			*out = mc_arena_realloc(a, *out, cap * sizeof(**out), ncap * sizeof(**out));
			cap = ncap;
		}
		if ((rc = read_sth(st, &(*out)[*n], err))) {
			mc_db_reset(st);
			return rc;
		}
		(*n)++;
	}
	return rc < 0 ? rc : 0;
}
