/* The issuers' Bitstring Status Lists: see include/microcred/statuslist_service.h. */
#include "store/status_lists.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/proof.h"
#include "microcred/status.h"
#include "microcred/statuslist_service.h"

static int check_purpose(const char *purpose, struct mc_err *err)
{
	if (purpose && (strcmp(purpose, MC_STATUS_PURPOSE_REVOCATION) == 0 ||
	                strcmp(purpose, MC_STATUS_PURPOSE_SUSPENSION) == 0))
		return 0;
	return mc_err_set(err, MC_EINVAL, "unknown status purpose '%s'; use revocation or suspension",
	                  purpose ? purpose : "");
}

static int need_tx(struct mc_app *app, const char *what, struct mc_err *err)
{
	if (mc_db_in_tx(app->db))
		return 0;
	return mc_err_set(err, MC_ESTATE, "%s must run inside a write transaction (mc_app_tx)", what);
}

char *mc_statuslist_url(struct mc_app *app, struct mc_arena *a, const char *issuer_slug, const char *purpose,
                        int64_t seq)
{
	return mc_arena_printf(a, "%s/status/%s/%s-%lld", app->base_url, issuer_slug, purpose,
	                       (long long)seq);
}

/* The key that signs a list issued under list_did: the issuer's active key, or —
 * for a list of an earlier did:key of the issuer (the DID changes with the key) —
 * the newest stored key of that DID, so the list stays issued by the same DID as
 * the credentials pointing into it. */
static int list_key(struct mc_app *app, const struct mc_issuer *is, const char *list_did, struct mc_key *key,
                    struct mc_err *err)
{
	if (!list_did || strcmp(list_did, is->did) == 0)
		return mc_issuer_signing_key(app, is, key, err);
	struct mc_arena a;
	char *id, *secret;
	mc_arena_init(&a, 0);
	int rc = mc__store_status_list_key(app->db, &a, is->id, list_did, &id, &secret, err);
	if (rc == MC_ENOTFOUND)
		rc = mc_err_set(err, MC_ESTATE,
		                "the status list was issued under %s, an earlier DID of issuer %s, whose key "
		                "secret is no longer stored; it cannot be re-signed",
		                list_did, is->slug);
	if (!rc) {
		rc = mc_key_parse(key, secret, strlen(secret), err);
		sodium_memzero(secret, strlen(secret));
		if (!rc)
			mc_key_set_id(key, id, list_did);
	}
	mc_arena_release(&a);
	return rc;
}

/* Signs doc (a list credential without proof, issued under list_did) and returns
 * its compact JSON text in a. */
static int sign_list(struct mc_app *app, struct mc_arena *a, const struct mc_issuer *is, const char *list_did,
                     const struct mc_json *doc, const char *now, char **text, struct mc_err *err)
{
	struct mc_key key;
	struct mc_json *signed_doc;
	struct mc_proof_opts po = {.created = now};
	mc_key_init(&key);
	int rc = list_key(app, is, list_did, &key, err);
	if (!rc)
		rc = mc_proof_add(a, doc, &key, &po, &signed_doc, err);
	mc_key_release(&key);
	if (rc)
		return mc_err_prefix(err, "signing the status list of issuer %s", is->slug);
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_json_write(&b, signed_doc, MC_JSON_COMPACT);
	*text = mc_arena_memdup(a, b.ptr, b.len + 1);
	mc_buf_release(&b);
	return 0;
}

/* The entry index of the n-th allocation of a list: a keyed pseudo-random
 * permutation of [0, size), so that an index tells nothing about when a credential
 * was issued or how many were (Bitstring Status List §"statusListIndex": indexes
 * SHOULD be assigned randomly). The allocation cursor stays sequential, which keeps
 * allocation a single UPDATE and indexes unique without retries. A 4-round Feistel
 * network over 2h bits (SipHash rounds keyed by the list's id, which is never
 * published) is a permutation of [0, 2^2h); cycle-walking restricts it to
 * [0, size). */
static int64_t scatter(const char *list_id, int64_t n, int64_t size)
{
	unsigned char key[crypto_shorthash_KEYBYTES], digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(digest, (const unsigned char *)list_id, strlen(list_id));
	memcpy(key, digest, sizeof(key));
	unsigned bits = 1;
	while (bits < 62 && ((int64_t)1 << bits) < size)
		bits++;
	unsigned h = (bits + 1) / 2;
	uint64_t mask = ((uint64_t)1 << h) - 1, x = (uint64_t)n;
	do {
		uint64_t l = x >> h, r = x & mask;
		for (unsigned char round = 0; round < 4; round++) {
			unsigned char in[9], out[crypto_shorthash_BYTES];
			uint64_t f;
			in[0] = round;
			for (int i = 0; i < 8; i++)
				in[1 + i] = (unsigned char)(r >> (8 * i));
			crypto_shorthash(out, in, sizeof(in), key);
			memcpy(&f, out, sizeof(f));
			uint64_t t = r;
			r = l ^ (f & mask);
			l = t;
		}
		x = (l << h) | r;
	} while (x >= (uint64_t)size);
	return (int64_t)x;
}

/* Creates list seq with its entry 0 already taken by the caller. *inserted is false
 * when another process created that list first. */
static int create_list(struct mc_app *app, struct mc_arena *a, const struct mc_issuer *is,
                       const char *purpose, int64_t seq, struct mc_status_alloc *out, int *inserted,
                       struct mc_err *err)
{
	char now[32];
	struct mc_bitstring bs;
	struct mc_json *doc;
	char *text;
	mc_app_now_text(app, now);
	int rc = mc_bitstring_new(a, MC_STATUS_MIN_ENTRIES, &bs, err);
	if (rc)
		return rc;
	char *url = mc_statuslist_url(app, a, is->slug, purpose, seq);
	struct mc_status_list_opts o = {.id = url, .issuer = is->did, .purpose = purpose, .valid_from = now};
	if ((rc = mc_status_list_new(a, &o, &bs, &doc, err)))
		return rc;
	if ((rc = sign_list(app, a, is, is->did, doc, now, &text, err)))
		return rc;
	struct mc__status_list_row row = {
	    .id = mc_app_new_id(a),
	    .issuer_id = is->id,
	    .purpose = purpose,
	    .seq = seq,
	    .size = MC_STATUS_MIN_ENTRIES,
	    .next_index = 1,
	    .bits = bs.bits,
	    .bits_len = bs.nbits / 8,
	    .credential_json = text,
	    .updated_at = now,
	    .issuer_did = is->did,
	};
	if ((rc = mc__store_status_list_insert(app->db, &row, inserted, err)))
		return rc;
	out->list_id = row.id;
	out->list_url = url;
	out->seq = seq;
	out->index = scatter(row.id, 0, row.size);
	return 0;
}

int mc_statuslist_allocate_tx(struct mc_app *app, struct mc_arena *a, const struct mc_issuer *is,
                              const char *purpose, struct mc_status_alloc *out, struct mc_err *err)
{
	int rc;
	if ((rc = check_purpose(purpose, err)) || (rc = need_tx(app, "allocating a status list entry", err)))
		return rc;
	/* A few rounds: on PostgreSQL another transaction may create the next list
	 * between our attempt to take an index and our insert of that list. */
	for (int round = 0; round < 4; round++) {
		char *list_id;
		int64_t seq, cursor, size, max;
		rc = mc__store_status_list_take(app->db, a, is->id, is->did, purpose, &list_id, &seq, &cursor,
		                                &size, err);
		if (!rc) {
			out->list_id = list_id;
			out->list_url = mc_statuslist_url(app, a, is->slug, purpose, seq);
			out->seq = seq;
			out->index = scatter(list_id, cursor, size);
			return 0;
		}
		if (rc != MC_ENOTFOUND)
			return rc;
		if ((rc = mc__store_status_list_max_seq(app->db, is->id, purpose, &max, err)))
			return rc;
		int inserted = 0;
		if ((rc = create_list(app, a, is, purpose, max + 1, out, &inserted, err)))
			return rc;
		if (inserted)
			return 0;
	}
	return mc_err_set(
	    err, MC_ESTATE,
	    "could not allocate a %s status entry for issuer %s: other processes keep filling the lists; "
	    "retry",
	    purpose, is->slug);
}

static int load_bits(struct mc_app *app, struct mc_arena *a, const char *list_id,
                     struct mc__status_list_row *row, struct mc_bitstring *bs, int64_t index,
                     struct mc_err *err)
{
	int rc = mc__store_status_list_get(app->db, a, list_id, 1, row, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(err, MC_ENOTFOUND, "no status list with id %s", list_id);
	if (rc)
		return rc;
	if (index < 0 || index >= row->size || (size_t)row->size > row->bits_len * 8)
		return mc_err_set(err, MC_EINVAL, "index %lld is outside status list %s (%lld entries)",
		                  (long long)index, list_id, (long long)row->size);
	bs->bits = (unsigned char *)row->bits;
	bs->nbits = row->bits_len * 8;
	return 0;
}

int mc_statuslist_get_bit(struct mc_app *app, const char *list_id, int64_t index, bool *value,
                          struct mc_err *err)
{
	struct mc_arena a;
	struct mc__status_list_row row;
	struct mc_bitstring bs;
	uint64_t v = 0;
	mc_arena_init(&a, 0);
	int rc = load_bits(app, &a, list_id, &row, &bs, index, err);
	if (!rc)
		rc = mc_bitstring_get(&bs, (uint64_t)index, 1, &v, err);
	*value = v != 0;
	mc_arena_release(&a);
	return rc;
}

int mc_statuslist_set_tx(struct mc_app *app, const char *list_id, int64_t index, bool value,
                         struct mc_err *err)
{
	struct mc_arena a;
	struct mc__status_list_row row;
	struct mc_bitstring bs;
	struct mc_issuer *is;
	struct mc_json *stored, *doc;
	char now[32], *text;
	uint64_t old = 0;
	int rc = need_tx(app, "changing a status list entry", err);
	if (rc)
		return rc;
	mc_arena_init(&a, 0);
	/* Lock before reading: another process may be changing the same list. */
	if ((rc = mc__store_status_list_lock(app->db, list_id, err)) ||
	    (rc = load_bits(app, &a, list_id, &row, &bs, index, err)))
		goto out;
	if ((rc = mc_bitstring_get(&bs, (uint64_t)index, 1, &old, err)) || (old != 0) == value)
		goto out;
	if ((rc = mc_bitstring_set(&bs, (uint64_t)index, 1, value ? 1 : 0, err)))
		goto out;
	if ((rc = mc_issuer_get(app, &a, row.issuer_id, &is, err)))
		goto out;
	if (!row.credential_json) {
		rc = mc_err_set(err, MC_ESTATE, "status list %s has no list credential to update", list_id);
		goto out;
	}
	rc = mc_json_parse(&a, row.credential_json, strlen(row.credential_json), NULL, &stored, err);
	if (rc) {
		mc_err_prefix(err, "stored status list %s", list_id);
		goto out;
	}
	mc_app_now_text(app, now);
	if ((rc = mc_status_list_update(&a, stored, &bs, now, &doc, err)))
		goto out;
	if ((rc = sign_list(app, &a, is, row.issuer_did, doc, now, &text, err)))
		goto out;
	rc = mc__store_status_list_update(app->db, list_id, bs.bits, bs.nbits / 8, text, now, err);
out:
	mc_arena_release(&a);
	return rc;
}

struct set_ctx {
	const char *list_id;
	int64_t index;
	bool value;
};

static int set_in_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct set_ctx *c = p;
	return mc_statuslist_set_tx(app, c->list_id, c->index, c->value, err);
}

int mc_statuslist_set(struct mc_app *app, const char *list_id, int64_t index, bool value, struct mc_err *err)
{
	struct set_ctx c = {list_id, index, value};
	return mc_app_tx(app, MC_TX_WRITE, set_in_tx, &c, err);
}

int mc_statuslist_get_by_path(struct mc_app *app, struct mc_arena *a, const char *path, const char **json,
                              struct mc_err *err)
{
	const char *slash = strchr(path, '/');
	const char *purpose = NULL, *num = "";
	if (slash && strncmp(slash + 1, "revocation-", 11) == 0) {
		purpose = MC_STATUS_PURPOSE_REVOCATION;
		num = slash + 12;
	} else if (slash && strncmp(slash + 1, "suspension-", 11) == 0) {
		purpose = MC_STATUS_PURPOSE_SUSPENSION;
		num = slash + 12;
	}
	int64_t seq = 0;
	bool digits = purpose && *num && strlen(num) <= 12;
	for (const char *p = num; digits && *p; p++) {
		if (*p < '0' || *p > '9')
			digits = false;
		else
			seq = seq * 10 + (*p - '0');
	}
	if (!digits || seq < 1 || slash == path)
		return mc_err_set(err, MC_EINVAL,
		                  "'%s' is not a status list path; it looks like <issuer>/revocation-1 or "
		                  "<issuer>/suspension-1",
		                  path);
	char *slug = mc_arena_strndup(a, path, (size_t)(slash - path));
	struct mc_issuer *is;
	struct mc__status_list_row row;
	int rc = mc_issuer_get(app, a, slug, &is, err);
	if (rc)
		return rc;
	rc = mc__store_status_list_find(app->db, a, is->id, purpose, seq, 0, &row, err);
	if (rc == MC_ENOTFOUND || (!rc && !row.credential_json))
		return mc_err_set(err, MC_ENOTFOUND, "issuer %s has no %s status list %lld", is->slug,
		                  purpose, (long long)seq);
	if (rc)
		return rc;
	*json = row.credential_json;
	return 0;
}

int mc_statuslist_get_by_url(struct mc_app *app, struct mc_arena *a, const char *url, const char **json,
                             struct mc_err *err)
{
	size_t n = strlen(app->base_url);
	if (strncmp(url, app->base_url, n) != 0 || strncmp(url + n, "/status/", 8) != 0)
		return mc_err_set(err, MC_ENOTFOUND,
		                  "%s is not a status list of this installation (%s/status/...)", url,
		                  app->base_url);
	return mc_statuslist_get_by_path(app, a, url + n + 8, json, err);
}

int mc_statuslist_resolve(void *ctx, const char *url, struct mc_arena *a, const struct mc_json **out,
                          struct mc_err *err)
{
	struct mc_app *app = ctx;
	const char *text;
	struct mc_json *v;
	size_t n = strlen(app->base_url);
	if (strncmp(url, app->base_url, n) != 0)
		return mc_err_set(err, MC_EUNSUPPORTED, "status list %s is not kept here", url);
	int rc = mc_statuslist_get_by_url(app, a, url, &text, err);
	if (!rc)
		rc = mc_json_parse(a, text, strlen(text), NULL, &v, err);
	if (!rc)
		*out = v;
	return rc;
}
