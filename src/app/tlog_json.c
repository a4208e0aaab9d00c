/* The JSON documents of the log's HTTP interface (GET /log/v1/...), built here so
 * the web handlers only parse the query and write the answer. Shapes follow RFC
 * 6962's JSON API (names, standard base64 hashes); see docs/transparency-log.md. */
#include <stdio.h>
#include <string.h>

#include "microcred/encoding.h"
#include "microcred/tlog.h"

#include "store/tlog.h"
#include "app/tlog_internal.h"

static struct mc_json *b64(struct mc_arena *a, const void *p, size_t n)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_base64_encode(&b, p, n);
	struct mc_json *v = mc_json_new_string(a, b.ptr, b.len);
	mc_buf_release(&b);
	return v;
}

static void put(struct mc_arena *a, struct mc_json *o, const char *k, const struct mc_json *v)
{
	mc_json_object_set(a, o, k, strlen(k), v);
}

/* Decodes standard base64 (padded or not) or base64url without padding, into
 * exactly n bytes. */
static int unb64(const char *s, size_t slen, void *out, size_t n, const char *what, struct mc_err *err)
{
	struct mc_buf b;
	struct mc_err e2 = {0};
	mc_buf_init(&b, 4096);
	int rc = mc_base64_decode(&b, s, slen, &e2);
	if (rc) {
		mc_buf_clear(&b);
		rc = mc_base64url_decode(&b, s, slen, &e2);
	}
	if (!rc && b.len != n)
		rc = mc_err_set(&e2, MC_EINVAL, "%zu bytes instead of %zu", b.len, n);
	if (!rc)
		memcpy(out, b.ptr, n);
	mc_buf_release(&b);
	if (rc)
		return mc_err_set(err, MC_EINVAL, "%s must be base64 of %zu bytes: %s", what, n, e2.msg);
	return 0;
}

struct mc_json *mc_tlog_sth_to_json(struct mc_arena *a, const struct mc_tlog_sth *sth)
{
	struct mc_json *o = mc_json_new_object(a);
	put(a, o, "tree_size", mc_json_new_int(a, sth->tree_size));
	put(a, o, "timestamp", mc_json_new_int(a, sth->timestamp));
	put(a, o, "sha256_root_hash", b64(a, sth->root, sizeof(sth->root)));
	put(a, o, "tree_head_signature", b64(a, sth->signature, sizeof(sth->signature)));
	put(a, o, "log_id", b64(a, sth->log_id, sizeof(sth->log_id)));
	put(a, o, "public_key", b64(a, sth->public_key, sizeof(sth->public_key)));
	return o;
}

static int get_int(const struct mc_json *v, const char *k, int64_t *out, struct mc_err *err)
{
	const struct mc_json *m = mc_json_get(v, k);
	if (!m || !mc_json_number_as_int(m, out) || *out < 0)
		return mc_err_set(err, MC_EINVAL, "tree head: \"%s\" must be a non-negative integer", k);
	return 0;
}

static int get_b64(const struct mc_json *v, const char *k, void *out, size_t n, struct mc_err *err)
{
	const struct mc_json *m = mc_json_get(v, k);
	if (!mc_json_is_string(m))
		return mc_err_set(err, MC_EINVAL, "tree head: \"%s\" is missing (want base64 of %zu bytes)",
		                  k, n);
	char what[64];
	snprintf(what, sizeof(what), "tree head \"%s\"", k);
	return unb64(m->v.str, m->len, out, n, what, err);
}

int mc_tlog_sth_from_json(const struct mc_json *v, struct mc_tlog_sth *out, struct mc_err *err)
{
	memset(out, 0, sizeof(*out));
	if (!mc_json_is_object(v))
		return mc_err_set(err, MC_EINVAL,
		                  "a tree head must be a JSON object (as 'microcred log sth --json' prints)");
	int rc;
	if ((rc = get_int(v, "tree_size", &out->tree_size, err)) ||
	    (rc = get_int(v, "timestamp", &out->timestamp, err)) ||
	    (rc = get_b64(v, "sha256_root_hash", out->root, sizeof(out->root), err)) ||
	    (rc = get_b64(v, "tree_head_signature", out->signature, sizeof(out->signature), err)) ||
	    (rc = get_b64(v, "log_id", out->log_id, sizeof(out->log_id), err)) ||
	    (rc = get_b64(v, "public_key", out->public_key, sizeof(out->public_key), err)))
		return rc;
	return 0;
}

struct mc_json *mc_tlog_path_to_json(struct mc_arena *a, const struct mc_tlog_path *p)
{
	struct mc_json *arr = mc_json_new_array(a);
	for (size_t i = 0; i < p->len; i++)
		mc_json_array_append(a, arr, b64(a, p->node[i], MC_TLOG_HASH_SIZE));
	return arr;
}

int mc_tlog_path_from_json(const struct mc_json *v, struct mc_tlog_path *out, struct mc_err *err)
{
	out->len = 0;
	if (!mc_json_is_array(v))
		return mc_err_set(err, MC_EINVAL, "a proof path must be an array of base64 hashes");
	if (v->len > MC_TLOG_PATH_MAX)
		return mc_err_set(err, MC_ELIMIT,
		                  "a proof path of %u nodes is longer than any tree needs (%d)", v->len,
		                  MC_TLOG_PATH_MAX);
	for (uint32_t i = 0; i < v->len; i++) {
		const struct mc_json *h = &v->v.items[i];
		char what[48];
		snprintf(what, sizeof(what), "proof node %u", i);
		if (!mc_json_is_string(h))
			return mc_err_set(err, MC_EINVAL, "%s must be a base64 string", what);
		int rc = unb64(h->v.str, h->len, out->node[i], MC_TLOG_HASH_SIZE, what, err);
		if (rc)
			return rc;
		out->len++;
	}
	return 0;
}

/* A query parameter holding a size or index: decimal digits, no sign, no leading
 * zeros. */
static int parse_count(const char *s, const char *name, int64_t *out, struct mc_err *err)
{
	size_t n = s ? strlen(s) : 0;
	bool ok = n > 0 && n <= 18 && !(n > 1 && s[0] == '0');
	int64_t v = 0;
	for (size_t i = 0; ok && i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			ok = false;
		else
			v = v * 10 + (s[i] - '0');
	}
	if (!ok)
		return mc_err_set(err, MC_EINVAL, "%s=%s: want a non-negative decimal integer, e.g. %s=10",
		                  name, s ? s : "", name);
	*out = v;
	return 0;
}

int mc_tlog_json_sth(struct mc_app *app, struct mc_arena *a, struct mc_json **out, struct mc_err *err)
{
	struct mc_tlog_sth sth;
	int rc = mc_tlog_sth_update(app, MC_TLOG_STH_INTERVAL_MS, &sth, NULL, err);
	if (rc)
		return rc;
	*out = mc_tlog_sth_to_json(a, &sth);
	return 0;
}

/* The latest signed size, which proofs may not go beyond. */
static int signed_size(struct mc_app *app, int64_t *size, struct mc_err *err)
{
	struct mc_tlog_sth sth;
	int rc = mc_tlog_sth_latest(app, &sth, err);
	if (rc == MC_ENOTFOUND)
		rc = mc_tlog_sth_update(app, MC_TLOG_STH_INTERVAL_MS, &sth, NULL, err);
	if (!rc)
		*size = sth.tree_size;
	return rc;
}

int mc_tlog_json_inclusion(struct mc_app *app, struct mc_arena *a, const char *hash, const char *tree_size,
                           struct mc_json **out, struct mc_err *err)
{
	uint8_t leaf[MC_TLOG_HASH_SIZE];
	int64_t size, latest, index;
	int rc;
	if (!hash)
		return mc_err_set(err, MC_EINVAL,
		                  "hash is missing: give the leaf hash, base64, e.g. ?hash=...&tree_size=10");
	if ((rc = unb64(hash, strlen(hash), leaf, sizeof(leaf), "hash", err)) ||
	    (rc = signed_size(app, &latest, err)))
		return rc;
	size = latest;
	if (tree_size && (rc = parse_count(tree_size, "tree_size", &size, err)))
		return rc;
	if (size > latest)
		return mc_err_set(err, MC_EINVAL,
		                  "tree_size=%lld is beyond the latest signed tree head (size %lld)",
		                  (long long)size, (long long)latest);
	if ((rc = mc__store_tlog_leaf_by_hash(app->db, leaf, &index, err)))
		return rc;
	if (index >= size)
		return mc_err_set(err, MC_ENOTFOUND,
		                  "the leaf is at index %lld, not in the tree of size %lld", (long long)index,
		                  (long long)size);
	struct mc_tlog_path path;
	if ((rc = mc_tlog_prove_inclusion(app, index, size, &path, err)))
		return rc;
	struct mc_json *o = mc_json_new_object(a);
	put(a, o, "leaf_index", mc_json_new_int(a, index));
	put(a, o, "tree_size", mc_json_new_int(a, size));
	put(a, o, "audit_path", mc_tlog_path_to_json(a, &path));
	*out = o;
	return 0;
}

int mc_tlog_json_consistency(struct mc_app *app, struct mc_arena *a, const char *first, const char *second,
                             struct mc_json **out, struct mc_err *err)
{
	int64_t f, s, latest;
	int rc;
	if (!first)
		return mc_err_set(err, MC_EINVAL,
		                  "first is missing: give the older tree size, e.g. ?first=10&second=20");
	if ((rc = parse_count(first, "first", &f, err)) || (rc = signed_size(app, &latest, err)))
		return rc;
	s = latest;
	if (second && (rc = parse_count(second, "second", &s, err)))
		return rc;
	if (f == 0 || f > s)
		return mc_err_set(err, MC_EINVAL, "first=%lld, second=%lld: want 0 < first <= second",
		                  (long long)f, (long long)s);
	if (s > latest)
		return mc_err_set(err, MC_EINVAL,
		                  "second=%lld is beyond the latest signed tree head (size %lld)",
		                  (long long)s, (long long)latest);
	struct mc_tlog_path path;
	if ((rc = mc_tlog_prove_consistency(app, f, s, &path, err)))
		return rc;
	struct mc_json *o = mc_json_new_object(a);
	put(a, o, "first", mc_json_new_int(a, f));
	put(a, o, "second", mc_json_new_int(a, s));
	put(a, o, "consistency", mc_tlog_path_to_json(a, &path));
	*out = o;
	return 0;
}

struct entries_ctx {
	struct mc_arena *a;
	struct mc_json *arr;
	int64_t next;
	struct mc_err *err;
};

static int entry_row(void *p, int64_t index, const char *entry, size_t len, const uint8_t *hash,
                     size_t hash_len)
{
	struct entries_ctx *c = p;
	if (index != c->next)
		return mc_err_set(c->err, MC_EIO,
		                  "the log has no entry %lld: it is damaged (run 'microcred log audit')",
		                  (long long)c->next);
	struct mc_json *o = mc_json_new_object(c->a);
	put(c->a, o, "index", mc_json_new_int(c->a, index));
	put(c->a, o, "leaf_input", b64(c->a, entry, len));
	mc_json_array_append(c->a, c->arr, o);
	c->next++;
	return 0;
}

int mc_tlog_json_entries(struct mc_app *app, struct mc_arena *a, const char *start, const char *end,
                         struct mc_json **out, struct mc_err *err)
{
	int64_t s, e, size;
	int rc;
	if (!start)
		return mc_err_set(err, MC_EINVAL,
		                  "start is missing: give the first index, e.g. ?start=0&end=99");
	if ((rc = parse_count(start, "start", &s, err)) || (rc = mc_tlog_size(app, &size, err)))
		return rc;
	e = s + MC_TLOG_ENTRIES_MAX - 1;
	if (end && (rc = parse_count(end, "end", &e, err)))
		return rc;
	if (e < s)
		return mc_err_set(err, MC_EINVAL, "start=%lld, end=%lld: end must not be below start",
		                  (long long)s, (long long)e);
	if (s >= size)
		return mc_err_set(err, MC_EINVAL, "start=%lld is beyond the last entry (the log has %lld)",
		                  (long long)s, (long long)size);
	/* Fewer than asked is allowed (RFC 9162 §5.6): the client asks for the rest. */
	if (e >= size)
		e = size - 1;
	if (e - s >= MC_TLOG_ENTRIES_MAX)
		e = s + MC_TLOG_ENTRIES_MAX - 1;
	struct entries_ctx c = {a, mc_json_new_array(a), s, err};
	if ((rc = mc__store_tlog_leaves_scan(app->db, s, e + 1, entry_row, &c, err)))
		return rc;
	if (c.next != e + 1)
		return mc_err_set(err, MC_EIO,
		                  "the log has no entry %lld: it is damaged (run 'microcred log audit')",
		                  (long long)c.next);
	struct mc_json *o = mc_json_new_object(a);
	put(a, o, "entries", c.arr);
	*out = o;
	return 0;
}
