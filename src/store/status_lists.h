/* Private to src/store and src/app: rows of status_lists (the issuers' Bitstring
 * Status Lists). The only place their SQL lives. Strings and bits come back
 * allocated in the arena given. */
#ifndef MC_STORE_STATUS_LISTS_H
#define MC_STORE_STATUS_LISTS_H

#include <stddef.h>
#include <stdint.h>

#include "microcred/db.h"

struct mc__status_list_row {
	const char *id;
	const char *issuer_id;
	const char *issuer_did; /* the DID the list is issued by (migration 030); may be NULL */
	const char *purpose;    /* "revocation" | "suspension" */
	int64_t seq;
	int64_t size; /* entries */
	int64_t next_index;
	const unsigned char *bits; /* size / 8 bytes */
	size_t bits_len;
	const char *credential_json; /* the signed list credential; may be NULL */
	const char *updated_at;
};

/* Takes the next allocation of the issuer's list for purpose, in the caller's
 * transaction: *list_id, *seq, *size and *cursor (the allocation's number, 0 ..
 * size - 1; status_lists.c turns it into the entry index) are set. Only lists issued by
 * issuer_did (or of unknown DID) count. MC_ENOTFOUND when no list has room
 * (none yet, or all full): the caller then creates list seq = max + 1. */
int mc__store_status_list_take(struct mc_db *db, struct mc_arena *a, const char *issuer_id,
                               const char *issuer_did, const char *purpose, char **list_id, int64_t *seq,
                               int64_t *cursor, int64_t *size, struct mc_err *err);
/* The highest seq of the issuer's lists for purpose (0 when there is none). */
int mc__store_status_list_max_seq(struct mc_db *db, const char *issuer_id, const char *purpose, int64_t *seq,
                                  struct mc_err *err);
/* Inserts a list; *inserted is false when another process created the same
 * (issuer, purpose, seq) first (nothing written then). */
int mc__store_status_list_insert(struct mc_db *db, const struct mc__status_list_row *r, int *inserted,
                                 struct mc_err *err);
/* Locks the list's row until the transaction ends (a no-op UPDATE: portable; on
 * PostgreSQL READ COMMITTED it makes a read-modify-write of the bits safe against a
 * concurrent one, which SQLite's single writer already is). */
int mc__store_status_list_lock(struct mc_db *db, const char *id, struct mc_err *err);
/* By id; MC_ENOTFOUND when absent. with_bits false leaves bits NULL (cheaper). */
int mc__store_status_list_get(struct mc_db *db, struct mc_arena *a, const char *id, int with_bits,
                              struct mc__status_list_row *out, struct mc_err *err);
/* By issuer, purpose and seq; MC_ENOTFOUND when absent. */
int mc__store_status_list_find(struct mc_db *db, struct mc_arena *a, const char *issuer_id,
                               const char *purpose, int64_t seq, int with_bits,
                               struct mc__status_list_row *out, struct mc_err *err);
/* Replaces the bits and the signed list credential. */
int mc__store_status_list_update(struct mc_db *db, const char *id, const unsigned char *bits, size_t bits_len,
                                 const char *credential_json, const char *updated_at, struct mc_err *err);

/* The id and secret key file (JSON text, in a; wipe it after use) of the issuer's
 * newest key whose id starts with did + "#", active or retired: the key that signs
 * a list issued under an earlier did:key. MC_ENOTFOUND when no such key's secret is
 * stored. */
int mc__store_status_list_key(struct mc_db *db, struct mc_arena *a, const char *issuer_id, const char *did,
                              char **key_id, char **secret_json, struct mc_err *err);

#endif
