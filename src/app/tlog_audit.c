/* Auditing the log: replay every entry and check everything the log stores or
 * signed against it. See mc_tlog_audit_db in include/microcred/tlog.h.
 *
 * What a finding can say about where the log went wrong:
 *   - exactly: entry i does not hash to its stored leaf hash, is not a canonical
 *     entry, or is missing (a gap, or fewer entries than a signed head covers);
 *   - a range: a stored block hash does not match its leaves, or a signed tree head
 *     does not match the replayed entries — some entry in [lo, hi) was changed.
 * The first bad index is the lowest exact one, unless a range ends before it, in
 * which case that range's start (nothing finer can be known from what is stored). */
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/encoding.h"
#include "microcred/fetch.h"
#include "microcred/tlog.h"

#include "store/tlog.h"
#include "app/tlog_internal.h"

#define MAX_RANGES 64
#define STOP_SCAN 1 /* a scan callback's "stop here", not an error */

struct checkpoint {
	int64_t size;
	uint8_t root[MC_TLOG_HASH_SIZE];
	const char *label;
};

struct audit {
	struct mc_arena *a;
	struct mc_tlog_audit *r;
	struct mc_db *db; /* NULL over HTTP */
	struct mc_err *err;
	int64_t next; /* the index the next entry must have */
	struct mc_tlog_stack stored, replay;
	struct checkpoint *cps;
	size_t n_cps, cp_pos;
	int64_t good_size; /* the largest checkpoint the replay matched */
	int64_t exact;     /* lowest exactly named bad index, -1 */
	int64_t range_lo[MAX_RANGES], range_hi[MAX_RANGES];
	size_t n_ranges;
	bool stopped;
};

static void finding(struct audit *au, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void finding(struct audit *au, const char *fmt, ...)
{
	au->r->ok = false;
	if (au->r->n_findings >= MC_TLOG_AUDIT_MAX_FINDINGS)
		return;
	va_list ap;
	va_start(ap, fmt);
	au->r->findings[au->r->n_findings++] = mc_arena_vprintf(au->a, fmt, ap);
	va_end(ap);
}

static void bad_exact(struct audit *au, int64_t i)
{
	if (au->exact < 0 || i < au->exact)
		au->exact = i;
}

static void bad_range(struct audit *au, int64_t lo, int64_t hi)
{
	if (au->n_ranges < MAX_RANGES) {
		au->range_lo[au->n_ranges] = lo;
		au->range_hi[au->n_ranges++] = hi;
	}
}

static int64_t first_bad(const struct audit *au)
{
	int64_t best = au->exact;
	for (bool changed = true; changed;) {
		changed = false;
		for (size_t i = 0; i < au->n_ranges; i++)
			if ((best < 0 || au->range_hi[i] <= best) && (best < 0 || au->range_lo[i] < best)) {
				best = au->range_lo[i];
				changed = true;
			}
	}
	return best;
}

static int cmp_cp(const void *x, const void *y)
{
	const struct checkpoint *a = x, *b = y;
	return a->size < b->size ? -1 : a->size > b->size;
}

/* Compares the replayed root with every checkpoint of the current size. */
static void check_checkpoints(struct audit *au)
{
	uint8_t root[MC_TLOG_HASH_SIZE];
	bool have_root = false;
	while (au->cp_pos < au->n_cps && au->cps[au->cp_pos].size == au->next) {
		struct checkpoint *cp = &au->cps[au->cp_pos++];
		if (!have_root) {
			mc_tlog_stack_root(&au->replay, root);
			have_root = true;
		}
		if (sodium_memcmp(root, cp->root, MC_TLOG_HASH_SIZE) == 0) {
			if (cp->size > au->good_size)
				au->good_size = cp->size;
			continue;
		}
		finding(au,
		        "%s does not match the entries: one of entries %lld..%lld was changed, removed or "
		        "reordered "
		        "after it was signed",
		        cp->label, (long long)au->good_size, (long long)cp->size - 1);
		bad_range(au, au->good_size, cp->size);
	}
}

static int stored_block(void *ctx, unsigned level, uint64_t index, const uint8_t hash[MC_TLOG_HASH_SIZE])
{
	struct audit *au = ctx;
	uint8_t stored[MC_TLOG_HASH_SIZE];
	struct mc_err e = {0};
	int64_t lo = (int64_t)(index << level), hi = (int64_t)((index + 1) << level);
	int rc = mc__store_tlog_node_get(au->db, level, (int64_t)index, stored, &e);
	if (rc == MC_ENOTFOUND) {
		finding(au, "the log has no stored hash for entries %lld..%lld (its proofs fail)",
		        (long long)lo, (long long)hi - 1);
		bad_range(au, lo, hi);
		return 0;
	}
	if (rc) {
		*au->err = e;
		return rc;
	}
	if (sodium_memcmp(stored, hash, MC_TLOG_HASH_SIZE) != 0) {
		finding(
		    au,
		    "the stored hash of entries %lld..%lld does not match their leaf hashes: one of them was "
		    "rewritten, removed or moved",
		    (long long)lo, (long long)hi - 1);
		bad_range(au, lo, hi);
	}
	return 0;
}

/* One entry, in index order: its bytes, and (from the database) its stored hash. */
static int replay_entry(struct audit *au, int64_t index, const char *entry, size_t len, const uint8_t *hash,
                        size_t hash_len)
{
	if (index != au->next) {
		finding(au, "entry %lld is missing (deleted): the next stored entry is %lld",
		        (long long)au->next, (long long)index);
		bad_exact(au, au->next);
		au->stopped = true;
		return STOP_SCAN;
	}
	uint8_t leaf[MC_TLOG_HASH_SIZE];
	mc_tlog_leaf_hash(entry, len, leaf);
	struct mc_arena scratch;
	struct mc_tlog_entry e;
	struct mc_err de = {0};
	mc_arena_init(&scratch, 1024);
	if (mc_tlog_entry_decode(&scratch, entry, len, &e, &de)) {
		finding(au, "entry %lld is not a valid log entry (%s)", (long long)index, de.msg);
		bad_exact(au, index);
	}
	mc_arena_release(&scratch);
	if (au->db) {
		if (!hash || hash_len != MC_TLOG_HASH_SIZE) {
			finding(au, "entry %lld has a damaged leaf hash (%zu bytes)", (long long)index,
			        hash_len);
			bad_exact(au, index);
			hash = leaf;
		} else if (sodium_memcmp(hash, leaf, MC_TLOG_HASH_SIZE) != 0) {
			finding(au, "entry %lld does not match its leaf hash: the entry was rewritten",
			        (long long)index);
			bad_exact(au, index);
		}
		int rc = mc_tlog_stack_push(&au->stored, hash, stored_block, au);
		if (rc)
			return rc;
	}
	mc_tlog_stack_push(&au->replay, leaf, NULL, NULL);
	au->next++;
	check_checkpoints(au);
	return 0;
}

static int db_row(void *ctx, int64_t index, const char *entry, size_t len, const uint8_t *hash,
                  size_t hash_len)
{
	return replay_entry(ctx, index, entry, len, hash, hash_len);
}

static const char *sth_label(struct mc_arena *a, const struct mc_tlog_sth *sth, const char *who)
{
	char t[40];
	mc__tlog_time_text(sth->timestamp, t);
	return mc_arena_printf(a, "%s of %s (size %lld)", who, t, (long long)sth->tree_size);
}

static void audit_init(struct audit *au, struct mc_arena *a, struct mc_tlog_audit *r, struct mc_err *err)
{
	memset(au, 0, sizeof(*au));
	memset(r, 0, sizeof(*r));
	r->ok = true;
	r->first_bad_index = -1;
	au->a = a;
	au->r = r;
	au->err = err;
	au->exact = -1;
	mc_tlog_stack_init(&au->stored);
	mc_tlog_stack_init(&au->replay);
}

/* Signed heads the replay cannot reach name the first missing entry. */
static void finish(struct audit *au)
{
	if (!au->stopped)
		for (; au->cp_pos < au->n_cps; au->cp_pos++) {
			const struct checkpoint *cp = &au->cps[au->cp_pos];
			finding(au, "%s covers entries the log no longer has: entry %lld is missing",
			        cp->label, (long long)au->next);
			bad_exact(au, au->next);
		}
	au->r->tree_size = au->next;
	mc_tlog_stack_root(&au->replay, au->r->root);
	au->r->first_bad_index = first_bad(au);
	if (au->r->first_bad_index >= 0)
		au->r->ok = false;
}

/* The since head: signed by this log (pinned by log id), then a checkpoint. */
static bool check_since(struct audit *au, const struct mc_tlog_sth *since, const uint8_t *log_id)
{
	struct mc_err e = {0};
	if (mc_tlog_sth_verify(since, &e)) {
		finding(au, "the saved tree head: %s", e.msg);
		return false;
	}
	if (log_id && sodium_memcmp(log_id, since->log_id, MC_TLOG_HASH_SIZE) != 0) {
		finding(au, "the saved tree head is from another log (its log id differs from this log's)");
		return false;
	}
	return true;
}

static void check_consistency(struct audit *au, const struct mc_tlog_sth *since,
                              const struct mc_tlog_sth *latest, const struct mc_tlog_path *path,
                              const char *why)
{
	struct mc_err e = {0};
	if (since->tree_size > latest->tree_size) {
		finding(au,
		        "the saved tree head (size %lld) is larger than the latest signed head (size %lld): "
		        "the log "
		        "was truncated",
		        (long long)since->tree_size, (long long)latest->tree_size);
		return; /* the replay named the first missing entry against the saved head */
	}
	if (since->tree_size == 0)
		return;
	if (why) {
		finding(au, "no consistency proof from the saved tree head to the latest: %s", why);
		return;
	}
	if (mc_tlog_verify_consistency((uint64_t)since->tree_size, (uint64_t)latest->tree_size, since->root,
	                               latest->root, path, &e))
		finding(au, "the latest tree head is not consistent with the saved one: %s", e.msg);
}

struct db_audit_ctx {
	struct mc_arena *a;
	const struct mc_tlog_sth *since;
	struct mc_tlog_audit *r;
};

static int audit_db_fn(struct mc_app *app, void *p, struct mc_err *err)
{
	struct db_audit_ctx *c = p;
	struct audit au;
	audit_init(&au, c->a, c->r, err);
	au.db = app->db;
	struct mc_tlog_sth *sths;
	size_t n_sths;
	int64_t count;
	int rc;
	if ((rc = mc__store_tlog_sth_list(app->db, c->a, &sths, &n_sths, err)) ||
	    (rc = mc__store_tlog_count(app->db, &count, err)))
		return rc;
	au.cps = MC_ARENA_NEW_ARRAY(c->a, struct checkpoint, n_sths + 1);
	int64_t prev_size = 0;
	for (size_t i = 0; i < n_sths; i++) {
		const char *label = sth_label(c->a, &sths[i], "the tree head");
		struct mc_err e = {0};
		if (mc_tlog_sth_verify(&sths[i], &e)) {
			finding(&au, "%s: %s", label, e.msg);
			continue;
		}
		c->r->sths_checked++;
		if (sths[i].tree_size < prev_size) {
			finding(&au, "%s is smaller than an earlier head (size %lld): the log shrank", label,
			        (long long)prev_size);
			bad_range(&au, sths[i].tree_size, prev_size);
		}
		prev_size = sths[i].tree_size > prev_size ? sths[i].tree_size : prev_size;
		au.cps[au.n_cps++] = (struct checkpoint){sths[i].tree_size, {0}, label};
		memcpy(au.cps[au.n_cps - 1].root, sths[i].root, MC_TLOG_HASH_SIZE);
	}
	uint8_t log_id[MC_TLOG_HASH_SIZE];
	bool have_key = false, since_ok = false;
	if (c->since) {
		char id_text[48];
		struct mc_buf b;
		mc_buf_init(&b, 64);
		mc_base64_encode(&b, c->since->log_id, MC_TLOG_HASH_SIZE);
		snprintf(id_text, sizeof(id_text), "%s", b.ptr);
		mc_buf_release(&b);
		uint8_t pub[32];
		struct mc_err e = {0};
		have_key = mc__store_tlog_key_public(app->db, id_text, pub, &e) == 0;
		if (have_key)
			crypto_hash_sha256(log_id, pub, sizeof(pub));
		else if (e.code != MC_ENOTFOUND)
			return *err = e, e.code;
		if (!have_key)
			finding(&au,
			        "the saved tree head is from another log (log id %s is not one of this log's "
			        "keys)",
			        id_text);
		else if ((since_ok = check_since(&au, c->since, log_id))) {
			au.cps[au.n_cps++] = (struct checkpoint){
			    c->since->tree_size, {0}, sth_label(c->a, c->since, "the saved tree head")};
			memcpy(au.cps[au.n_cps - 1].root, c->since->root, MC_TLOG_HASH_SIZE);
		}
	}
	qsort(au.cps, au.n_cps, sizeof(*au.cps), cmp_cp);
	check_checkpoints(&au); /* heads of the empty tree */
	rc = mc__store_tlog_leaves_scan(app->db, 0, -1, db_row, &au, err);
	if (rc && rc != STOP_SCAN)
		return rc;
	if (!au.stopped && au.next < count) {
		finding(&au, "the log counted %lld entries but has %lld: entry %lld is missing",
		        (long long)count, (long long)au.next, (long long)au.next);
		bad_exact(&au, au.next);
	}
	finish(&au);
	if (since_ok && n_sths > 0) {
		const struct mc_tlog_sth *latest = &sths[n_sths - 1];
		struct mc_tlog_path path;
		struct mc_err e = {0};
		const char *why = NULL;
		if (c->since->tree_size > 0 && c->since->tree_size <= latest->tree_size &&
		    mc_tlog_prove_consistency(app, c->since->tree_size, latest->tree_size, &path, &e))
			why = mc_arena_strdup(c->a, e.msg);
		check_consistency(&au, c->since, latest, &path, why);
		c->r->first_bad_index = first_bad(&au);
	}
	return 0;
}

int mc_tlog_audit_db(struct mc_app *app, struct mc_arena *a, const struct mc_tlog_sth *since,
                     struct mc_tlog_audit *r, struct mc_err *err)
{
	struct db_audit_ctx c = {a, since, r};
	/* One read transaction: a consistent snapshot even while awards go on. */
	return mc__tlog_in_tx(app, MC_TX_READ, audit_db_fn, &c, err);
}

/* ---- over HTTP ---- */

static int fetch_json(struct mc_arena *a, const char *url, struct mc_json **out, struct mc_err *err)
{
	struct mc_buf body;
	struct mc_fetch_opts o = {.max_size = (size_t)4 << 20};
	mc_buf_init(&body, MC_BUF_NOLIMIT);
	int rc = mc_fetch(url, &o, &body, NULL, err);
	if (!rc && (rc = mc_json_parse(a, body.ptr, body.len, NULL, out, err)))
		mc_err_prefix(err, "%s", url);
	mc_buf_release(&body);
	return rc;
}

int mc_tlog_audit_url(struct mc_arena *a, const char *base, const struct mc_tlog_sth *since,
                      struct mc_tlog_audit *r, struct mc_err *err)
{
	struct audit au;
	audit_init(&au, a, r, err);
	size_t bl = strlen(base);
	while (bl > 0 && base[bl - 1] == '/')
		bl--;
	struct mc_json *doc;
	struct mc_tlog_sth latest;
	int rc = fetch_json(a, mc_arena_printf(a, "%.*s/sth", (int)bl, base), &doc, err);
	if (rc || (rc = mc_tlog_sth_from_json(doc, &latest, err)))
		return rc;
	struct mc_err e = {0};
	au.cps = MC_ARENA_NEW_ARRAY(a, struct checkpoint, 2);
	if (mc_tlog_sth_verify(&latest, &e)) {
		finding(&au, "the latest tree head: %s", e.msg);
	} else {
		r->sths_checked++;
		au.cps[au.n_cps++] =
		    (struct checkpoint){latest.tree_size, {0}, sth_label(a, &latest, "the latest tree head")};
		memcpy(au.cps[au.n_cps - 1].root, latest.root, MC_TLOG_HASH_SIZE);
	}
	bool since_ok = since && check_since(&au, since, latest.log_id);
	if (since_ok) {
		au.cps[au.n_cps++] =
		    (struct checkpoint){since->tree_size, {0}, sth_label(a, since, "the saved tree head")};
		memcpy(au.cps[au.n_cps - 1].root, since->root, MC_TLOG_HASH_SIZE);
	}
	qsort(au.cps, au.n_cps, sizeof(*au.cps), cmp_cp);
	check_checkpoints(&au);
	while (!au.stopped && au.next < latest.tree_size) {
		const char *url = mc_arena_printf(a, "%.*s/entries?start=%lld&end=%lld", (int)bl, base,
		                                  (long long)au.next, (long long)latest.tree_size - 1);
		struct mc_arena page;
		mc_arena_init(&page, 0);
		rc = fetch_json(&page, url, &doc, err);
		const struct mc_json *entries = rc ? NULL : mc_json_get(doc, "entries");
		if (!rc && (!mc_json_is_array(entries) || entries->len == 0))
			rc = mc_err_set(err, MC_EIO, "%s: no \"entries\" array in the answer", url);
		for (uint32_t i = 0; !rc && !au.stopped && i < entries->len; i++) {
			const struct mc_json *it = &entries->v.items[i];
			const struct mc_json *idx = mc_json_get(it, "index"),
			                     *input = mc_json_get(it, "leaf_input");
			int64_t index;
			struct mc_buf bytes;
			if (!idx || !mc_json_number_as_int(idx, &index) || !mc_json_is_string(input)) {
				rc = mc_err_set(err, MC_EIO, "%s: entry %u lacks \"index\" or \"leaf_input\"",
				                url, i);
				break;
			}
			mc_buf_init(&bytes, 1 << 16);
			if (mc_base64_decode(&bytes, input->v.str, input->len, &e)) {
				finding(&au, "entry %lld: leaf_input is not base64 (%s)", (long long)index,
				        e.msg);
				bad_exact(&au, index);
				au.stopped = true;
			} else {
				replay_entry(&au, index, bytes.ptr, bytes.len, NULL, 0);
			}
			mc_buf_release(&bytes);
		}
		mc_arena_release(&page);
		if (rc)
			return rc;
	}
	finish(&au);
	if (since_ok) {
		struct mc_tlog_path path = {0};
		const char *why = NULL;
		if (since->tree_size > 0 && since->tree_size <= latest.tree_size) {
			const char *url =
			    mc_arena_printf(a, "%.*s/proof/consistency?first=%lld&second=%lld", (int)bl, base,
			                    (long long)since->tree_size, (long long)latest.tree_size);
			struct mc_err pe = {0};
			if (fetch_json(a, url, &doc, &pe) ||
			    mc_tlog_path_from_json(mc_json_get(doc, "consistency"), &path, &pe))
				why = mc_arena_strdup(a, pe.msg);
		}
		check_consistency(&au, since, &latest, &path, why);
		r->first_bad_index = first_bad(&au);
	}
	return 0;
}
