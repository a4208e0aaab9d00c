/* SQL for status_lists: see src/store/status_lists.h. */
#include "store/status_lists.h"

#include <string.h>

#define LIST_COLS "id, issuer_id, purpose, seq, size, next_index, credential_json, updated_at, issuer_did"

static void read_list(struct mc_db_stmt *st, struct mc_arena *a, int with_bits, struct mc__status_list_row *r)
{
	memset(r, 0, sizeof(*r));
	r->id = mc_db_col_dup(st, 0, a);
	r->issuer_id = mc_db_col_dup(st, 1, a);
	r->purpose = mc_db_col_dup(st, 2, a);
	r->seq = mc_db_col_int(st, 3);
	r->size = mc_db_col_int(st, 4);
	r->next_index = mc_db_col_int(st, 5);
	r->credential_json = mc_db_col_dup(st, 6, a);
	r->updated_at = mc_db_col_dup(st, 7, a);
	r->issuer_did = mc_db_col_dup(st, 8, a);
	if (with_bits) {
		size_t n = 0;
		const void *p = mc_db_col_blob(st, 9, &n);
		r->bits = mc_arena_memdup(a, p ? p : "", n);
		r->bits_len = n;
	}
}

int mc__store_status_list_take(struct mc_db *db, struct mc_arena *a, const char *issuer_id,
                               const char *issuer_did, const char *purpose, char **list_id, int64_t *seq,
                               int64_t *cursor, int64_t *size, struct mc_err *err)
{
	struct mc_db_stmt *st;
	/* The outer "next_index < size" matters on PostgreSQL (READ COMMITTED re-checks
	 * the UPDATE's own WHERE after waiting for a concurrent allocation, not the
	 * subquery's). Lists fill in seq order, so the oldest with room is the current.
	 * The row holds the 16 KB bitstring too, but SQLite rewrites only the pages of a
	 * row that change (and PostgreSQL keeps unchanged TOAST values), so taking an
	 * index writes a page, not the list. */
	int rc = mc_db_prepare(db,
	                       "UPDATE status_lists SET next_index = next_index + 1 "
	                       "WHERE next_index < size AND id = (SELECT id FROM status_lists "
	                       "WHERE issuer_id = $1 AND purpose = $2 AND next_index < size "
	                       "AND (issuer_did IS NULL OR issuer_did = $3) ORDER BY seq LIMIT 1) "
	                       "RETURNING id, seq, next_index - 1, size",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	mc_db_bind_text(st, 2, purpose);
	mc_db_bind_text(st, 3, issuer_did);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	*list_id = mc_db_col_dup(st, 0, a);
	*seq = mc_db_col_int(st, 1);
	*cursor = mc_db_col_int(st, 2);
	*size = mc_db_col_int(st, 3);
	mc_db_reset(st);
	return 0;
}

int mc__store_status_list_max_seq(struct mc_db *db, const char *issuer_id, const char *purpose, int64_t *seq,
                                  struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db, "SELECT COALESCE(MAX(seq), 0) FROM status_lists WHERE issuer_id = $1 AND purpose = $2", &st,
	    err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	mc_db_bind_text(st, 2, purpose);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	*seq = rc == MC_DB_ROW ? mc_db_col_int(st, 0) : 0;
	mc_db_reset(st);
	return 0;
}

int mc__store_status_list_insert(struct mc_db *db, const struct mc__status_list_row *r, int *inserted,
                                 struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db,
	    "INSERT INTO status_lists (id, issuer_id, purpose, seq, size, next_index, bits, "
	    "credential_json, updated_at, issuer_did) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
	    "ON CONFLICT (issuer_id, purpose, seq) DO NOTHING",
	    &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, r->id);
	mc_db_bind_text(st, 2, r->issuer_id);
	mc_db_bind_text(st, 3, r->purpose);
	mc_db_bind_int(st, 4, r->seq);
	mc_db_bind_int(st, 5, r->size);
	mc_db_bind_int(st, 6, r->next_index);
	mc_db_bind_blob(st, 7, r->bits, r->bits_len);
	mc_db_bind_text(st, 8, r->credential_json);
	mc_db_bind_text(st, 9, r->updated_at);
	mc_db_bind_text(st, 10, r->issuer_did);
	rc = mc_db_run(st, err);
	if (!rc)
		*inserted = mc_db_changes(db) > 0;
	return rc;
}

static int get_one(struct mc_db_stmt *st, struct mc_arena *a, int with_bits, struct mc__status_list_row *out,
                   struct mc_err *err)
{
	int rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	read_list(st, a, with_bits, out);
	mc_db_reset(st);
	return 0;
}

int mc__store_status_list_lock(struct mc_db *db, const char *id, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "UPDATE status_lists SET next_index = next_index WHERE id = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	return mc_db_run(st, err);
}

int mc__store_status_list_get(struct mc_db *db, struct mc_arena *a, const char *id, int with_bits,
                              struct mc__status_list_row *out, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc =
	    with_bits
	        ? mc_db_prepare(db, "SELECT " LIST_COLS ", bits FROM status_lists WHERE id = $1", &st, err)
	        : mc_db_prepare(db, "SELECT " LIST_COLS " FROM status_lists WHERE id = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	return get_one(st, a, with_bits, out, err);
}

int mc__store_status_list_find(struct mc_db *db, struct mc_arena *a, const char *issuer_id,
                               const char *purpose, int64_t seq, int with_bits,
                               struct mc__status_list_row *out, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = with_bits ? mc_db_prepare(db,
	                                   "SELECT " LIST_COLS ", bits FROM status_lists "
	                                   "WHERE issuer_id = $1 AND purpose = $2 AND seq = $3",
	                                   &st, err)
	                   : mc_db_prepare(db,
	                                   "SELECT " LIST_COLS " FROM status_lists "
	                                   "WHERE issuer_id = $1 AND purpose = $2 AND seq = $3",
	                                   &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	mc_db_bind_text(st, 2, purpose);
	mc_db_bind_int(st, 3, seq);
	return get_one(st, a, with_bits, out, err);
}

int mc__store_status_list_update(struct mc_db *db, const char *id, const unsigned char *bits, size_t bits_len,
                                 const char *credential_json, const char *updated_at, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db, "UPDATE status_lists SET bits = $2, credential_json = $3, updated_at = $4 WHERE id = $1", &st,
	    err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	mc_db_bind_blob(st, 2, bits, bits_len);
	mc_db_bind_text(st, 3, credential_json);
	mc_db_bind_text(st, 4, updated_at);
	return mc_db_run(st, err);
}

int mc__store_status_list_key(struct mc_db *db, struct mc_arena *a, const char *issuer_id, const char *did,
                              char **key_id, char **secret_json, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db,
	    "SELECT id, secret_json FROM issuer_keys WHERE issuer_id = $1 AND secret_json IS NOT NULL "
	    "AND substr(id, 1, length($2)) = $2 ORDER BY created_at DESC, id DESC LIMIT 1",
	    &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, issuer_id);
	mc_db_bind_text(st, 2, mc_arena_printf(a, "%s#", did));
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	*key_id = mc_db_col_dup(st, 0, a);
	*secret_json = mc_db_col_dup(st, 1, a);
	mc_db_reset(st);
	return 0;
}
