/* The transparency log (src/tlog): an append-only Merkle tree of issuance events,
 * RFC 9162 style, with signed tree heads, inclusion and consistency proofs.
 *
 * Hashing (RFC 9162 §2.1.1, SHA-256): a leaf is SHA-256(0x00 || entry), an inner
 * node SHA-256(0x01 || left || right); the tree head of n leaves splits at the
 * largest power of two below n; the head of the empty tree is SHA-256("").
 *
 * Two halves:
 *   - pure algorithms (src/tlog/merkle.c): tree heads, inclusion and consistency
 *     proofs over a callback that returns the hash of a complete, aligned block of
 *     2^level leaves, and the RFC 9162 §2.1.3.2 / §2.1.4.2 verifications. No I/O.
 *   - the log over the database (src/app/tlog.c): leaves and the hashes of every
 *     complete aligned block are stored as leaves arrive, so any proof costs
 *     O(log n) reads; tree heads are signed with the log's own Ed25519 key.
 *
 * The entry (what a leaf commits to) is documented in docs/transparency-log.md and
 * is stable: the JCS (RFC 8785) text of
 *   {"credential": ID, "sha256": HEX, "time": RFC3339, "type": TYPE, "v": 1}
 * with TYPE one of issue, revoke, suspend, reinstate, HEX the lower-case SHA-256 of
 * the JCS form of the signed credential (mc_tlog_credential_digest) and time in
 * UTC whole seconds. */
#ifndef MICROCRED_TLOG_H
#define MICROCRED_TLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "arena.h"
#include "err.h"
#include "json.h"

#define MC_TLOG_HASH_SIZE 32
/* Nodes in a proof: an inclusion path has at most 63 for 2^63 leaves, a
 * consistency path one more. */
#define MC_TLOG_PATH_MAX 65
/* How often, at most, a new tree head is signed under load (the GET /log/v1/sth
 * handler and the award path pass it to mc_tlog_sth_update). */
#define MC_TLOG_STH_INTERVAL_MS 5000
/* Entries per /log/v1/entries answer (the client asks again for the rest). */
#define MC_TLOG_ENTRIES_MAX 1000

/* ---- pure Merkle tree algorithms (merkle.c) ---- */

/* Writes the hash of the complete block of 2^level leaves [index << level,
 * (index + 1) << level) to out. Returns 0 or an error (MC_ENOTFOUND for a block
 * that is not there). */
typedef int (*mc_tlog_block_fn)(void *ctx, unsigned level, uint64_t index, uint8_t out[MC_TLOG_HASH_SIZE],
                                struct mc_err *err);

struct mc_tlog_source {
	mc_tlog_block_fn block;
	void *ctx;
};

struct mc_tlog_path {
	size_t len;
	uint8_t node[MC_TLOG_PATH_MAX][MC_TLOG_HASH_SIZE];
};

void mc_tlog_leaf_hash(const void *entry, size_t n, uint8_t out[MC_TLOG_HASH_SIZE]);
void mc_tlog_node_hash(const uint8_t left[MC_TLOG_HASH_SIZE], const uint8_t right[MC_TLOG_HASH_SIZE],
                       uint8_t out[MC_TLOG_HASH_SIZE]);

/* MTH(D[begin:end)), begin <= end. Ranges that occur in the tree (begin aligned to
 * a power of two at least end - begin) take at most log2 reads. */
int mc_tlog_range_hash(const struct mc_tlog_source *src, uint64_t begin, uint64_t end,
                       uint8_t out[MC_TLOG_HASH_SIZE], struct mc_err *err);
/* The tree head MTH(D[0:size)). */
int mc_tlog_root(const struct mc_tlog_source *src, uint64_t size, uint8_t out[MC_TLOG_HASH_SIZE],
                 struct mc_err *err);
/* PATH(index, D[0:size)) of RFC 9162 §2.1.3.1; MC_EINVAL unless index < size. */
int mc_tlog_inclusion_proof(const struct mc_tlog_source *src, uint64_t index, uint64_t size,
                            struct mc_tlog_path *out, struct mc_err *err);
/* PROOF(first, D[0:second)) of RFC 9162 §2.1.4.1; empty when first == second;
 * MC_EINVAL unless 0 < first <= second. */
int mc_tlog_consistency_proof(const struct mc_tlog_source *src, uint64_t first, uint64_t second,
                              struct mc_tlog_path *out, struct mc_err *err);

/* RFC 9162 §2.1.3.2: 0 when leaf_hash is at index in the tree of size whose head is
 * root, else MC_EVERIFY with a reason. err may be NULL. */
int mc_tlog_verify_inclusion(uint64_t index, uint64_t size, const uint8_t leaf_hash[MC_TLOG_HASH_SIZE],
                             const struct mc_tlog_path *path, const uint8_t root[MC_TLOG_HASH_SIZE],
                             struct mc_err *err);
/* RFC 9162 §2.1.4.2, plus the trivial case first == second (empty path, equal
 * roots): 0 when the tree of size second (head second_root) extends the tree of
 * size first (head first_root), else MC_EVERIFY with a reason. */
int mc_tlog_verify_consistency(uint64_t first, uint64_t second, const uint8_t first_root[MC_TLOG_HASH_SIZE],
                               const uint8_t second_root[MC_TLOG_HASH_SIZE], const struct mc_tlog_path *path,
                               struct mc_err *err);

/* Incremental tree head over leaves given in order (RFC 9162 §2.1.2): memory
 * O(log n), any prefix's head on demand. */
struct mc_tlog_stack {
	uint64_t size;
	unsigned depth;
	uint8_t hash[64][MC_TLOG_HASH_SIZE]; /* complete subtrees, largest first */
};
void mc_tlog_stack_init(struct mc_tlog_stack *s);
/* Adds the next leaf hash. When block is not NULL, it is called for every block of
 * 2^level leaves (level >= 1) that this leaf completes, lowest first, with its hash
 * (for checking or storing); the first non-zero return is returned (later blocks are not reported; the stack
 * stays right). */
int mc_tlog_stack_push(struct mc_tlog_stack *s, const uint8_t leaf_hash[MC_TLOG_HASH_SIZE],
                       int (*block)(void *ctx, unsigned level, uint64_t index,
                                    const uint8_t hash[MC_TLOG_HASH_SIZE]),
                       void *ctx);
/* MTH of the leaves pushed so far. */
void mc_tlog_stack_root(const struct mc_tlog_stack *s, uint8_t out[MC_TLOG_HASH_SIZE]);

/* ---- entries ---- */

enum mc_tlog_type {
	MC_TLOG_ISSUE = 1, /* a credential was issued */
	MC_TLOG_REVOKE,
	MC_TLOG_SUSPEND,
	MC_TLOG_REINSTATE,
};

struct mc_tlog_entry {
	enum mc_tlog_type type;
	const char *credential_id; /* the credential's id, e.g. urn:uuid:...; borrowed */
	uint8_t sha256[MC_TLOG_HASH_SIZE];
	const char *time; /* RFC 3339; NULL = now (mc_app_now). Stored as UTC whole seconds */
};

/* "issue", "revoke", "suspend", "reinstate" (NULL for other values). */
const char *mc_tlog_type_name(enum mc_tlog_type t);
int mc_tlog_type_parse(const char *s, enum mc_tlog_type *t, struct mc_err *err);

/* The SHA-256 of the JCS (RFC 8785) form of a credential: the digest entries carry,
 * the same whatever whitespace or member order a copy of the credential has. */
int mc_tlog_credential_digest(const struct mc_json *credential, uint8_t out[MC_TLOG_HASH_SIZE],
                              struct mc_err *err);
/* The same, from JSON text (parsed first). */
int mc_tlog_credential_digest_text(const char *json, size_t len, uint8_t out[MC_TLOG_HASH_SIZE],
                                   struct mc_err *err);

/* The canonical entry text, in a. e->time must be set (RFC 3339). */
int mc_tlog_entry_encode(struct mc_arena *a, const struct mc_tlog_entry *e, char **text, size_t *len,
                         struct mc_err *err);
/* Parses an entry; MC_EINVAL unless text is exactly the canonical encoding of a
 * valid entry. Strings point into a. */
int mc_tlog_entry_decode(struct mc_arena *a, const char *text, size_t len, struct mc_tlog_entry *e,
                         struct mc_err *err);

/* ---- the log (log.c) ---- */

/* Appends e as the next leaf and stores the hashes of the blocks it completes.
 * Must run inside the caller's write transaction (mc_app_tx with MC_TX_WRITE) —
 * e.g. the award's, so that credential and log entry commit or roll back together
 * — else MC_ESTATE. The index comes from a counter row updated in the same
 * transaction: indexes never collide across processes and a rollback leaves no
 * hole. index may be NULL. */
int mc_tlog_append_tx(struct mc_app *app, const struct mc_tlog_entry *e, int64_t *index, struct mc_err *err);
/* The same in a transaction of its own. */
int mc_tlog_append(struct mc_app *app, const struct mc_tlog_entry *e, int64_t *index, struct mc_err *err);

/* Number of leaves. */
int mc_tlog_size(struct mc_app *app, int64_t *size, struct mc_err *err);

struct mc_tlog_sth {
	int64_t tree_size;
	int64_t timestamp; /* milliseconds since 1970-01-01T00:00:00Z */
	uint8_t root[MC_TLOG_HASH_SIZE];
	uint8_t signature[64];             /* Ed25519 over mc_tlog_sth_message() */
	uint8_t public_key[32];            /* the log's Ed25519 key */
	uint8_t log_id[MC_TLOG_HASH_SIZE]; /* SHA-256 of public_key */
};

#define MC_TLOG_STH_MESSAGE_LEN 51
/* The signed bytes: RFC 9162 §4.9 TreeHeadDataV2 in TLS encoding —
 * uint64 timestamp, uint64 tree_size (big-endian), uint8 32, root hash, uint16 0
 * (no extensions). */
void mc_tlog_sth_message(const struct mc_tlog_sth *sth, uint8_t out[MC_TLOG_STH_MESSAGE_LEN]);
/* 0 when the signature is valid for public_key and log_id is its hash; else
 * MC_EVERIFY. err may be NULL. */
int mc_tlog_sth_verify(const struct mc_tlog_sth *sth, struct mc_err *err);

/* Signs a new tree head when leaves were added since the latest one and it is at
 * least min_interval_ms old (the rate limit under load); otherwise returns the
 * latest. The first call creates the log's key. Runs in a transaction of its own
 * (call it after committing the appends), or inside the caller's write transaction.
 * out may be NULL; *created (may be NULL) says whether a new head was signed. */
int mc_tlog_sth_update(struct mc_app *app, int64_t min_interval_ms, struct mc_tlog_sth *out, bool *created,
                       struct mc_err *err);
/* The latest signed tree head; MC_ENOTFOUND when there is none yet. */
int mc_tlog_sth_latest(struct mc_app *app, struct mc_tlog_sth *out, struct mc_err *err);

/* Proofs over the stored tree (O(log n) reads). */
int mc_tlog_prove_inclusion(struct mc_app *app, int64_t index, int64_t tree_size, struct mc_tlog_path *out,
                            struct mc_err *err);
int mc_tlog_prove_consistency(struct mc_app *app, int64_t first, int64_t second, struct mc_tlog_path *out,
                              struct mc_err *err);

struct mc_tlog_leaf {
	int64_t index;
	const char *entry; /* canonical entry text, in the arena */
	size_t entry_len;
	uint8_t leaf_hash[MC_TLOG_HASH_SIZE];
};
int mc_tlog_leaf_get(struct mc_app *app, struct mc_arena *a, int64_t index, struct mc_tlog_leaf *out,
                     struct mc_err *err);
/* The leaves of one credential (issue, then revocations ...), in index order. */
int mc_tlog_leaves_of(struct mc_app *app, struct mc_arena *a, const char *credential_id,
                      struct mc_tlog_leaf **out, size_t *n, struct mc_err *err);

/* ---- the verify hook ---- */

/* "Recorded in the issuer's log at index i (tree size n)": the issue entry of
 * credential_id whose sha256 is digest, proven by an inclusion proof against the
 * latest signed tree head (whose signature is checked). */
struct mc_tlog_record {
	int64_t index;
	struct mc_tlog_sth sth;
	struct mc_tlog_path path;
	const char *entry; /* canonical text, in the arena */
	const char *time;  /* the entry's time */
};
/* 0 and *out when proven; MC_ENOTFOUND when the log has no issue entry for the
 * credential (or none with this digest); MC_ESTATE when the entry is newer than the
 * latest signed tree head; MC_EVERIFY when a proof or signature fails. The message
 * says which, in words a verification report can show. */
int mc_tlog_check_credential(struct mc_app *app, struct mc_arena *a, const char *credential_id,
                             const uint8_t digest[MC_TLOG_HASH_SIZE], struct mc_tlog_record *out,
                             struct mc_err *err);

/* ---- JSON documents of the HTTP interface (docs/transparency-log.md) ----
 * Each builds the answer of one GET in a; query values are passed as the text
 * received (NULL when absent) and checked here: MC_EINVAL names the bad parameter,
 * MC_ENOTFOUND an unknown hash or an empty log. Hashes are standard base64. */

/* GET /log/v1/sth: {"tree_size", "timestamp", "sha256_root_hash",
 * "tree_head_signature", "log_id", "public_key"} — the latest head, signing a new one
 * first when the log grew and the latest is MC_TLOG_STH_INTERVAL_MS old. */
int mc_tlog_json_sth(struct mc_app *app, struct mc_arena *a, struct mc_json **out, struct mc_err *err);
/* GET /log/v1/proof/inclusion?hash=&tree_size=: {"leaf_index", "tree_size", "audit_path"}
 * hash: the leaf hash (base64, or base64url without padding); tree_size: that of a
 * signed head (absent: the latest). */
int mc_tlog_json_inclusion(struct mc_app *app, struct mc_arena *a, const char *hash, const char *tree_size,
                           struct mc_json **out, struct mc_err *err);
/* GET /log/v1/proof/consistency?first=&second=: {"first", "second", "consistency"}
 * second absent: the latest signed head's size. */
int mc_tlog_json_consistency(struct mc_app *app, struct mc_arena *a, const char *first, const char *second,
                             struct mc_json **out, struct mc_err *err);
/* GET /log/v1/entries?start=&end= (end inclusive, at most MC_TLOG_ENTRIES_MAX):
 * {"entries": [{"index", "leaf_input"}]} with leaf_input the base64 entry bytes. */
int mc_tlog_json_entries(struct mc_app *app, struct mc_arena *a, const char *start, const char *end,
                         struct mc_json **out, struct mc_err *err);

/* STH <-> JSON (the /log/v1/sth document; also what `microcred log sth --json`
 * prints and `log audit --since-sth` reads). from_json checks the shape, not the
 * signature. */
struct mc_json *mc_tlog_sth_to_json(struct mc_arena *a, const struct mc_tlog_sth *sth);
int mc_tlog_sth_from_json(const struct mc_json *v, struct mc_tlog_sth *out, struct mc_err *err);
/* A base64 path array <-> struct mc_tlog_path. */
struct mc_json *mc_tlog_path_to_json(struct mc_arena *a, const struct mc_tlog_path *p);
int mc_tlog_path_from_json(const struct mc_json *v, struct mc_tlog_path *out, struct mc_err *err);

/* ---- audit ---- */

#define MC_TLOG_AUDIT_MAX_FINDINGS 16

struct mc_tlog_audit {
	bool ok;
	int64_t tree_size;       /* leaves replayed */
	int64_t sths_checked;    /* stored tree heads whose signature and root were checked */
	int64_t first_bad_index; /* -1 when none was named */
	uint8_t root[MC_TLOG_HASH_SIZE];
	size_t n_findings;
	const char *findings[MC_TLOG_AUDIT_MAX_FINDINGS]; /* sentences, in the arena */
};

/* Replays the whole log from the database: every entry against its leaf hash,
 * indexes without gaps, every stored block hash, every stored tree head (signature,
 * and root against the replayed entries), the latest tree head, and — when since is
 * not NULL — the tree head an auditor kept earlier (its signature, same log, root of
 * the first since->tree_size replayed entries, and a consistency proof from it to
 * the latest head). A rewritten, removed or reordered entry makes r->ok false and
 * r->first_bad_index name the first index proven bad. Returns 0 when the audit ran
 * (whatever it found), an error when it could not. */
int mc_tlog_audit_db(struct mc_app *app, struct mc_arena *a, const struct mc_tlog_sth *since,
                     struct mc_tlog_audit *r, struct mc_err *err);
/* The same over HTTP against a log's /log/v1 documents at base (e.g.
 * https://badges.example.edu/log/v1): entries, latest tree head, consistency proof
 * from since. Stored block hashes are not visible there, so a bad entry is named
 * only through the tree heads. */
int mc_tlog_audit_url(struct mc_arena *a, const char *base, const struct mc_tlog_sth *since,
                      struct mc_tlog_audit *r, struct mc_err *err);

#endif
