/* The transparency log over the database: appends, signed tree heads, proofs and
 * the verify hook. See include/microcred/tlog.h; SQL in src/store/tlog.c. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "microcred/encoding.h"
#include "microcred/keys.h"
#include "microcred/tlog.h"

#include "store/tlog.h"
#include "app/tlog_internal.h"

/* The block callback over the stored tree: level 0 is a leaf hash, higher levels
 * are the stored block hashes. */
static int db_block(void *ctx, unsigned level, uint64_t index, uint8_t out[MC_TLOG_HASH_SIZE],
                    struct mc_err *err)
{
	struct mc_db *db = ctx;
	if (index > (uint64_t)INT64_MAX)
		return mc_err_set(err, MC_EINVAL, "block index out of range");
	int rc = level == 0 ? mc__store_tlog_leaf_hash(db, (int64_t)index, out, err)
	                    : mc__store_tlog_node_get(db, level, (int64_t)index, out, err);
	if (rc == MC_ENOTFOUND)
		mc_err_prefix(err, "the log is damaged (run 'microcred log audit')");
	return rc;
}

struct mc_tlog_source mc__tlog_db_source(struct mc_db *db)
{
	return (struct mc_tlog_source){db_block, db};
}

int64_t mc__tlog_now_ms(const struct mc_app *app)
{
	struct mc_time t = mc_app_now(app);
	return t.sec * 1000 + t.nsec / 1000000;
}

void mc__tlog_time_text(int64_t ms, char out[40])
{
	struct mc_time t = mc_time_from_unix(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
	int64_t rem = ms - t.sec * 1000;
	t.nsec = (int32_t)(rem * 1000000);
	t.frac_digits = 3;
	struct mc_buf b;
	mc_buf_init(&b, 39);
	if (mc_time_format(&b, &t))
		snprintf(out, 40, "%lld ms", (long long)ms);
	else
		snprintf(out, 40, "%s", b.ptr);
	mc_buf_release(&b);
}

/* Runs fn in a transaction of mode unless one is open (then inline). */
int mc__tlog_in_tx(struct mc_app *app, enum mc_tx mode, int (*fn)(struct mc_app *, void *, struct mc_err *),
                   void *ctx, struct mc_err *err)
{
	if (mc_db_in_tx(app->db))
		return fn(app, ctx, err);
	return mc_app_tx(app, mode, fn, ctx, err);
}

/* ---- appending ---- */

int mc_tlog_append_tx(struct mc_app *app, const struct mc_tlog_entry *e, int64_t *index, struct mc_err *err)
{
	if (!mc_db_in_tx(app->db))
		return mc_err_set(err, MC_ESTATE,
		                  "mc_tlog_append_tx must run inside a write transaction (mc_app_tx)");
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_tlog_entry copy = *e;
	char now[32];
	if (!copy.time) {
		mc_app_now_text(app, now);
		copy.time = now;
	}
	char *text;
	size_t len;
	int64_t idx;
	uint8_t cur[MC_TLOG_HASH_SIZE], left[MC_TLOG_HASH_SIZE];
	int rc = mc_tlog_entry_encode(&a, &copy, &text, &len, err);
	if (rc || (rc = mc__store_tlog_next_index(app->db, &idx, err)))
		goto out;
	mc_tlog_leaf_hash(text, len, cur);
	if ((rc = mc__store_tlog_leaf_insert(app->db, idx, text, len, cur, copy.credential_id,
	                                     mc_tlog_type_name(copy.type), err)))
		goto out;
	/* Leaf idx completes the block of level L when its L low bits are all ones:
	 * combine with the stored left sibling at each level on the way up. */
	uint64_t c = (uint64_t)idx;
	for (unsigned level = 1; c & 1; level++, c >>= 1) {
		if ((rc = db_block(app->db, level - 1, c - 1, left, err)))
			goto out;
		mc_tlog_node_hash(left, cur, cur);
		if ((rc = mc__store_tlog_node_insert(app->db, level, (int64_t)(c >> 1), cur, err)))
			goto out;
	}
	if (index)
		*index = idx;
out:
	mc_arena_release(&a);
	return rc;
}

struct append_ctx {
	const struct mc_tlog_entry *e;
	int64_t *index;
};

static int append_fn(struct mc_app *app, void *p, struct mc_err *err)
{
	struct append_ctx *c = p;
	return mc_tlog_append_tx(app, c->e, c->index, err);
}

int mc_tlog_append(struct mc_app *app, const struct mc_tlog_entry *e, int64_t *index, struct mc_err *err)
{
	struct append_ctx c = {e, index};
	return mc_app_tx(app, MC_TX_WRITE, append_fn, &c, err);
}

int mc_tlog_size(struct mc_app *app, int64_t *size, struct mc_err *err)
{
	return mc__store_tlog_count(app->db, size, err);
}

/* ---- tree heads ---- */

static void put_be(uint8_t *p, uint64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--, v >>= 8)
		p[i] = (uint8_t)v;
}

void mc_tlog_sth_message(const struct mc_tlog_sth *sth, uint8_t out[MC_TLOG_STH_MESSAGE_LEN])
{
	put_be(out, (uint64_t)sth->timestamp, 8);
	put_be(out + 8, (uint64_t)sth->tree_size, 8);
	out[16] = MC_TLOG_HASH_SIZE;
	memcpy(out + 17, sth->root, MC_TLOG_HASH_SIZE);
	put_be(out + 17 + MC_TLOG_HASH_SIZE, 0, 2); /* sth_extensions: none */
}

int mc_tlog_sth_verify(const struct mc_tlog_sth *sth, struct mc_err *err)
{
	uint8_t id[MC_TLOG_HASH_SIZE], msg[MC_TLOG_STH_MESSAGE_LEN];
	crypto_hash_sha256(id, sth->public_key, sizeof(sth->public_key));
	if (sodium_memcmp(id, sth->log_id, sizeof(id)) != 0)
		return mc_err_set(err, MC_EVERIFY,
		                  "the tree head's log id is not the hash of its public key");
	mc_tlog_sth_message(sth, msg);
	if (mc_ed25519_verify(sth->public_key, msg, sizeof(msg), sth->signature) != 0)
		return mc_err_set(err, MC_EVERIFY,
		                  "the signature of the tree head of size %lld does not verify",
		                  (long long)sth->tree_size);
	return 0;
}

void mc__tlog_log_id_text(const uint8_t public_key[32], char out[48])
{
	uint8_t id[MC_TLOG_HASH_SIZE];
	struct mc_buf b;
	crypto_hash_sha256(id, public_key, 32);
	mc_buf_init(&b, 47);
	mc_base64_encode(&b, id, sizeof(id));
	snprintf(out, 48, "%s", b.ptr);
	mc_buf_release(&b);
}

/* The active key with its secret, created on first use. */
static int signing_key(struct mc_app *app, struct mc_key *k, struct mc_err *err)
{
	struct mc_arena a;
	struct mc__tlog_key_row row;
	mc_arena_init(&a, 0);
	int rc = mc__store_tlog_key_active(app->db, &a, &row, err);
	if (rc == 0) {
		rc = mc_key_parse(k, row.secret_json, strlen(row.secret_json), err);
		mc_key_wipe(row.secret_json, strlen(row.secret_json));
		if (!rc && (k->type != MC_KEY_ED25519 || !k->has_secret ||
		            memcmp(k->pub, row.public_key, 32) != 0)) {
			mc_key_release(k);
			rc = mc_err_set(err, MC_EIO, "the log's stored key does not match its public key");
		}
		if (rc)
			mc_err_prefix(err, "the transparency log's signing key");
		goto out;
	}
	if (rc != MC_ENOTFOUND)
		goto out;
	struct mc_json *kj;
	struct mc_buf text;
	char log_id[48], now[32];
	if ((rc = mc_key_generate(k, MC_KEY_ED25519, 0, err)) ||
	    (rc = mc_key_to_json(&a, k, MC_KEY_EXPORT_SECRET, &kj, err)))
		goto out;
	mc_buf_init(&text, MC_BUF_NOLIMIT);
	mc_json_write(&text, kj, MC_JSON_COMPACT);
	mc_key_json_wipe(kj);
	mc__tlog_log_id_text(k->pub, log_id);
	mc_app_now_text(app, now);
	row.log_id = log_id;
	memcpy(row.public_key, k->pub, 32);
	row.secret_json = text.ptr;
	rc = mc__store_tlog_key_insert(app->db, &row, now, err);
	mc_key_wipe(text.ptr, text.len);
	mc_buf_release(&text);
	if (rc)
		mc_key_release(k);
out:
	mc_arena_release(&a);
	return rc;
}

/* Whether a grown log must wait for a new head. An interval of 0 (an explicit
 * request) never waits — not even when the latest head's timestamp lies ahead of the
 * clock, as it does when two heads were signed within one clock second and the second
 * got the first's timestamp + 1 ms. */
static bool too_recent(const struct mc_tlog_sth *latest, int64_t now, int64_t min_interval_ms)
{
	return min_interval_ms > 0 && now - latest->timestamp < min_interval_ms;
}

struct sth_ctx {
	int64_t min_interval_ms;
	struct mc_tlog_sth *out;
	bool created;
};

static int sth_update_fn(struct mc_app *app, void *p, struct mc_err *err)
{
	struct sth_ctx *c = p;
	struct mc_tlog_sth latest, sth;
	int64_t size, now = mc__tlog_now_ms(app);
	bool have = false;
	int rc = mc__store_tlog_count(app->db, &size, err);
	if (rc)
		return rc;
	rc = mc__store_tlog_sth_latest(app->db, &latest, err);
	if (rc && rc != MC_ENOTFOUND)
		return rc;
	have = rc == 0;
	if (have && (latest.tree_size == size || too_recent(&latest, now, c->min_interval_ms))) {
		*c->out = latest;
		return 0;
	}
	struct mc_key k;
	mc_key_init(&k);
	if ((rc = signing_key(app, &k, err)))
		return rc;
	memset(&sth, 0, sizeof(sth));
	sth.tree_size = size;
	/* Each head is newer than the last (RFC 9162 §4.10), even within a millisecond. */
	sth.timestamp = have && now <= latest.timestamp ? latest.timestamp + 1 : now;
	memcpy(sth.public_key, k.pub, 32);
	crypto_hash_sha256(sth.log_id, sth.public_key, 32);
	struct mc_tlog_source src = mc__tlog_db_source(app->db);
	uint8_t msg[MC_TLOG_STH_MESSAGE_LEN];
	size_t sig_len = 0;
	char log_id[48];
	rc = mc_tlog_root(&src, (uint64_t)size, sth.root, err);
	if (!rc) {
		mc_tlog_sth_message(&sth, msg);
		rc = mc_key_sign(&k, msg, sizeof(msg), sth.signature, &sig_len, err);
	}
	mc_key_release(&k);
	if (rc)
		return rc;
	mc__tlog_log_id_text(sth.public_key, log_id);
	if ((rc = mc__store_tlog_sth_insert(app->db, &sth, log_id, err)))
		return rc;
	*c->out = sth;
	c->created = true;
	return 0;
}

int mc_tlog_sth_update(struct mc_app *app, int64_t min_interval_ms, struct mc_tlog_sth *out, bool *created,
                       struct mc_err *err)
{
	struct mc_tlog_sth local;
	struct sth_ctx c = {min_interval_ms, out ? out : &local, false};
	if (created)
		*created = false;
	int rc;
	if (!mc_db_in_tx(app->db)) {
		/* Most calls (after every award) find nothing to do: decide that without
		 * taking the write lock. */
		int64_t size;
		if ((rc = mc__store_tlog_count(app->db, &size, err)))
			return rc;
		rc = mc__store_tlog_sth_latest(app->db, c.out, err);
		if (rc && rc != MC_ENOTFOUND)
			return rc;
		if (rc == 0 && (c.out->tree_size == size || too_recent(c.out, mc__tlog_now_ms(app), min_interval_ms)))
			return 0;
		mc_err_clear(err);
	}
	rc = mc__tlog_in_tx(app, MC_TX_WRITE, sth_update_fn, &c, err);
	if (!rc && created)
		*created = c.created;
	return rc;
}

int mc_tlog_sth_latest(struct mc_app *app, struct mc_tlog_sth *out, struct mc_err *err)
{
	return mc__store_tlog_sth_latest(app->db, out, err);
}

/* ---- proofs ---- */

static int check_sizes(struct mc_app *app, int64_t a, int64_t b, const char *what, struct mc_err *err)
{
	int64_t size;
	int rc = mc__store_tlog_count(app->db, &size, err);
	if (rc)
		return rc;
	if (a < 0 || b < 0 || b > size)
		return mc_err_set(err, MC_EINVAL, "%s %lld..%lld is outside the log of %lld entries", what,
		                  (long long)a, (long long)b, (long long)size);
	return 0;
}

int mc_tlog_prove_inclusion(struct mc_app *app, int64_t index, int64_t tree_size, struct mc_tlog_path *out,
                            struct mc_err *err)
{
	int rc = check_sizes(app, index, tree_size, "inclusion proof for entry/tree size", err);
	if (rc)
		return rc;
	struct mc_tlog_source src = mc__tlog_db_source(app->db);
	return mc_tlog_inclusion_proof(&src, (uint64_t)index, (uint64_t)tree_size, out, err);
}

int mc_tlog_prove_consistency(struct mc_app *app, int64_t first, int64_t second, struct mc_tlog_path *out,
                              struct mc_err *err)
{
	int rc = check_sizes(app, first, second, "consistency proof between tree sizes", err);
	if (rc)
		return rc;
	struct mc_tlog_source src = mc__tlog_db_source(app->db);
	return mc_tlog_consistency_proof(&src, (uint64_t)first, (uint64_t)second, out, err);
}

int mc_tlog_leaf_get(struct mc_app *app, struct mc_arena *a, int64_t index, struct mc_tlog_leaf *out,
                     struct mc_err *err)
{
	return mc__store_tlog_leaf_get(app->db, a, index, out, err);
}

int mc_tlog_leaves_of(struct mc_app *app, struct mc_arena *a, const char *credential_id,
                      struct mc_tlog_leaf **out, size_t *n, struct mc_err *err)
{
	return mc__store_tlog_leaves_of(app->db, a, credential_id, out, n, err);
}

/* ---- the verify hook ---- */

struct check_ctx {
	struct mc_arena *a;
	const char *credential_id;
	const uint8_t *digest;
	struct mc_tlog_record *out;
};

static int check_fn(struct mc_app *app, void *p, struct mc_err *err)
{
	struct check_ctx *c = p;
	struct mc_tlog_record *r = c->out;
	struct mc_tlog_leaf *leaves;
	size_t n;
	int rc = mc__store_tlog_leaves_of(app->db, c->a, c->credential_id, &leaves, &n, err);
	if (rc)
		return rc;
	const struct mc_tlog_leaf *hit = NULL;
	bool other_digest = false;
	for (size_t i = 0; i < n && !hit; i++) {
		struct mc_tlog_entry e;
		if (mc_tlog_entry_decode(c->a, leaves[i].entry, leaves[i].entry_len, &e, NULL) ||
		    e.type != MC_TLOG_ISSUE)
			continue;
		if (sodium_memcmp(e.sha256, c->digest, MC_TLOG_HASH_SIZE) == 0) {
			hit = &leaves[i];
			r->time = e.time;
		} else {
			other_digest = true;
		}
	}
	if (!hit && other_digest)
		return mc_err_set(
		    err, MC_EVERIFY,
		    "the issuer's log records credential %s with a different digest: this copy is not the "
		    "one that was issued",
		    c->credential_id);
	if (!hit)
		return mc_err_set(err, MC_ENOTFOUND, "credential %s is not recorded in the issuer's log",
		                  c->credential_id);
	if ((rc = mc__store_tlog_sth_latest(app->db, &r->sth, err)))
		return rc == MC_ENOTFOUND
		           ? mc_err_set(err, MC_ESTATE, "the issuer's log has no signed tree head yet")
		           : rc;
	if ((rc = mc_tlog_sth_verify(&r->sth, err)))
		return rc;
	if (hit->index >= r->sth.tree_size)
		return mc_err_set(
		    err, MC_ESTATE,
		    "recorded in the issuer's log at index %lld, not yet covered by a signed tree head "
		    "(size %lld); check again in a few seconds",
		    (long long)hit->index, (long long)r->sth.tree_size);
	if ((rc = mc_tlog_prove_inclusion(app, hit->index, r->sth.tree_size, &r->path, err)))
		return rc;
	/* Prove from the entry text itself, not the stored leaf hash. */
	uint8_t leaf[MC_TLOG_HASH_SIZE];
	mc_tlog_leaf_hash(hit->entry, hit->entry_len, leaf);
	if ((rc = mc_tlog_verify_inclusion((uint64_t)hit->index, (uint64_t)r->sth.tree_size, leaf, &r->path,
	                                   r->sth.root, err)))
		return rc;
	r->index = hit->index;
	r->entry = hit->entry;
	return 0;
}

int mc_tlog_check_credential(struct mc_app *app, struct mc_arena *a, const char *credential_id,
                             const uint8_t digest[MC_TLOG_HASH_SIZE], struct mc_tlog_record *out,
                             struct mc_err *err)
{
	struct check_ctx c = {a, credential_id, digest, out};
	memset(out, 0, sizeof(*out));
	if (!credential_id || !*credential_id)
		return mc_err_set(err, MC_EINVAL,
		                  "the credential has no id, so the issuer's log cannot be asked");
	return mc__tlog_in_tx(app, MC_TX_READ, check_fn, &c, err);
}
