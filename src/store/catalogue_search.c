/* SQL of the catalogue search: see src/store/catalogue_search.h and
 * sql/065_catalogue_fts.sql.
 *
 * SQLite with FTS5: an FTS5 table catalogue_fts holds the words of every published
 * micro-credential; catalogue_search (portable) remembers what was indexed, so that
 * before each search one read query finds what changed since (usually nothing) and
 * only then a write transaction re-indexes those rows. Elsewhere, each word is
 * matched with LIKE against the catalogue tables themselves. PostgreSQL: the same
 * words, as prefixes, against tsvectors of the same columns (to_tsquery). */
#include "store/catalogue_search.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "microcred/buf.h"
#include "microcred/time.h"

/* Set once the SQLite library turned out to have no FTS5 module (a property of
 * the process, not of one database). */
static atomic_bool fts_unavailable;

#define ITEM_COLS                                                                                            \
	"a.id, a.slug, a.kind, a.title, a.description, i.slug, i.name, a.category, a.delivery_mode, "        \
	"a.duration, a.language, a.level_eqf, a.workload_hours, a.ects, a.cost_amount, a.cost_currency"
#define ITEM_NCOLS 16

static bool col_double(struct mc_db_stmt *st, int i, double *v)
{
	const char *t = mc_db_col_text(st, i);
	*v = t ? strtod(t, NULL) : 0;
	return t != NULL;
}

static void read_item(struct mc_db_stmt *st, struct mc_arena *a, struct mc_catalogue_item *x)
{
	memset(x, 0, sizeof(*x));
	x->id = mc_db_col_dup(st, 0, a);
	x->slug = mc_db_col_dup(st, 1, a);
	x->kind = mc_db_col_dup(st, 2, a);
	x->title = mc_db_col_dup(st, 3, a);
	x->description = mc_db_col_dup(st, 4, a);
	x->issuer_slug = mc_db_col_dup(st, 5, a);
	x->issuer_name = mc_db_col_dup(st, 6, a);
	x->category = mc_db_col_dup(st, 7, a);
	x->delivery_mode = mc_db_col_dup(st, 8, a);
	x->duration = mc_db_col_dup(st, 9, a);
	x->language = mc_db_col_dup(st, 10, a);
	x->level_eqf = mc_db_col_null(st, 11) ? 0 : (int)mc_db_col_int(st, 11);
	x->has_workload_hours = col_double(st, 12, &x->workload_hours);
	x->has_ects = col_double(st, 13, &x->ects);
	x->has_cost = col_double(st, 14, &x->cost_amount);
	x->cost_currency = mc_db_col_dup(st, 15, a);
	const char *rank = mc_db_col_text(st, ITEM_NCOLS);
	x->rank = rank ? strtod(rank, NULL) : 0;
}

/* Runs a prepared, bound statement and appends its rows to *out. */
static int read_items(struct mc_db_stmt *st, struct mc_arena *a, struct mc_catalogue_item **out, size_t *n,
                      struct mc_err *err)
{
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			*out = mc_arena_realloc(a, *out, cap * sizeof(**out), ncap * sizeof(**out));
			cap = ncap;
		}
		read_item(st, a, &(*out)[(*n)++]);
	}
	return rc < 0 ? rc : 0;
}

static int cmp_item_id(const void *x, const void *y)
{
	const struct mc_catalogue_item *const *p = x, *const *q = y;
	return strcmp((*p)->id, (*q)->id);
}

/* Fills every item's skills from one query over the alignments of published
 * micro-credentials (cheaper than a query per item). */
static int load_skills(struct mc_db *db, struct mc_arena *a, struct mc_catalogue_item *items, size_t n,
                       struct mc_err *err)
{
	if (n == 0)
		return 0;
	struct mc_catalogue_item **byid = MC_ARENA_NEW_ARRAY(a, struct mc_catalogue_item *, n);
	for (size_t i = 0; i < n; i++)
		byid[i] = &items[i];
	qsort(byid, n, sizeof(*byid), cmp_item_id);
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "SELECT al.achievement_id, al.name FROM alignments al "
	                       "JOIN achievements a ON a.id = al.achievement_id "
	                       "WHERE a.state = 'published' ORDER BY al.achievement_id, al.position",
	                       &st, err);
	if (rc)
		return rc;
	struct mc_catalogue_item *cur = NULL;
	size_t cap = 0;
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		const char *aid = mc_db_col_text(st, 0);
		if (!cur || strcmp(cur->id, aid) != 0) {
			struct mc_catalogue_item key = {.id = aid}, *kp = &key;
			struct mc_catalogue_item **hit = bsearch(&kp, byid, n, sizeof(*byid), cmp_item_id);
			cur = hit ? *hit : NULL;
			cap = 0;
			if (!cur)
				continue;
		}
		if (cur->n_skills == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			cur->skills = mc_arena_realloc(a, cur->skills, cap * sizeof(*cur->skills),
			                               ncap * sizeof(*cur->skills));
			cap = ncap;
		}
		cur->skills[cur->n_skills++] = mc_db_col_dup(st, 1, a);
	}
	return rc < 0 ? rc : 0;
}

/* ---- the FTS5 index (SQLite) ---- */

static int fts_exists(struct mc_db *db, bool *yes, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'catalogue_fts'", &st, err);
	if (rc)
		return rc;
	rc = mc_db_step(st, err);
	mc_db_reset(st);
	if (rc < 0)
		return rc;
	*yes = rc == MC_DB_ROW;
	return 0;
}

/* Creates the FTS5 table; the bookkeeping rows are cleared so the next sync
 * indexes everything. Returns MC_EUNSUPPORTED (and remembers it) when SQLite has
 * no FTS5. */
static int fts_create(struct mc_db *db, struct mc_err *err)
{
	int rc = mc_db_begin(db, MC_TX_WRITE, err);
	if (rc)
		return rc;
	rc = mc_db_exec_script(db,
	                       "CREATE VIRTUAL TABLE IF NOT EXISTS catalogue_fts USING fts5("
	                       "achievement_id UNINDEXED, title, description, skills, tags, issuer, "
	                       "tokenize = 'unicode61 remove_diacritics 2');"
	                       "DELETE FROM catalogue_search;",
	                       err);
	if (rc) {
		mc_db_rollback(db);
		if (err && strstr(err->msg, "no such module")) {
			atomic_store(&fts_unavailable, true);
			return MC_EUNSUPPORTED;
		}
		return rc;
	}
	return mc_db_commit(db, err);
}

struct stale {
	const char *id, *title, *description, *tags, *issuer, *skills_key;
};

#define STALE_SQL                                                                                            \
	"SELECT a.id, a.title, coalesce(a.description, ''), a.tags, i.name, "                                \
	"coalesce((SELECT max(al.id) FROM alignments al WHERE al.achievement_id = a.id), '') "               \
	"FROM achievements a JOIN issuers i ON i.id = a.issuer_id "                                          \
	"LEFT JOIN catalogue_search s ON s.achievement_id = a.id "                                           \
	"WHERE a.state = 'published' AND (s.achievement_id IS NULL OR s.title <> a.title "                   \
	"OR s.description <> coalesce(a.description, '') OR s.tags <> a.tags OR s.issuer <> i.name "         \
	"OR s.skills_key <> coalesce((SELECT max(al.id) FROM alignments al "                                 \
	"WHERE al.achievement_id = a.id), ''))"
#define GONE_SQL                                                                                             \
	"SELECT s.achievement_id FROM catalogue_search s LEFT JOIN achievements a ON a.id = "                \
	"s.achievement_id "                                                                                  \
	"WHERE a.id IS NULL OR a.state <> 'published'"

static int find_stale(struct mc_db *db, struct mc_arena *a, struct stale **out, size_t *n, const char ***gone,
                      size_t *ngone, struct mc_err *err)
{
	struct mc_db_stmt *st;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	*gone = NULL;
	*ngone = 0;
	int rc = mc_db_prepare(db, STALE_SQL, &st, err);
	if (rc)
		return rc;
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			*out = mc_arena_realloc(a, *out, cap * sizeof(**out), ncap * sizeof(**out));
			cap = ncap;
		}
		struct stale *s = &(*out)[(*n)++];
		s->id = mc_db_col_dup(st, 0, a);
		s->title = mc_db_col_dup(st, 1, a);
		s->description = mc_db_col_dup(st, 2, a);
		s->tags = mc_db_col_dup(st, 3, a);
		s->issuer = mc_db_col_dup(st, 4, a);
		s->skills_key = mc_db_col_dup(st, 5, a);
	}
	if (rc < 0 || (rc = mc_db_prepare(db, GONE_SQL, &st, err)))
		return rc;
	cap = 0;
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		if (*ngone == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			*gone = mc_arena_realloc(a, *gone, cap * sizeof(**gone), ncap * sizeof(**gone));
			cap = ncap;
		}
		(*gone)[(*ngone)++] = mc_db_col_dup(st, 0, a);
	}
	return rc < 0 ? rc : 0;
}

static int unindex(struct mc_db *db, const char *id, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "DELETE FROM catalogue_fts WHERE achievement_id = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	if ((rc = mc_db_run(st, err)) ||
	    (rc = mc_db_prepare(db, "DELETE FROM catalogue_search WHERE achievement_id = $1", &st, err)))
		return rc;
	mc_db_bind_text(st, 1, id);
	return mc_db_run(st, err);
}

static int index_one(struct mc_db *db, struct mc_arena *a, const struct stale *s, const char *now,
                     struct mc_err *err)
{
	struct mc_db_stmt *st;
	struct mc_buf skills;
	int rc = mc_db_prepare(db, "SELECT name FROM alignments WHERE achievement_id = $1 ORDER BY position",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, s->id);
	mc_buf_init(&skills, MC_BUF_NOLIMIT);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		if (skills.len)
			mc_buf_putc(&skills, '\n');
		mc_buf_puts(&skills, mc_db_col_text(st, 0));
	}
	char *sk = mc_arena_strdup(a, skills.ptr);
	mc_buf_release(&skills);
	if (rc < 0 || (rc = unindex(db, s->id, err)))
		return rc;
	rc = mc_db_prepare(
	    db,
	    "INSERT INTO catalogue_fts (achievement_id, title, description, skills, tags, issuer) "
	    "VALUES ($1, $2, $3, $4, $5, $6)",
	    &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, s->id);
	mc_db_bind_text(st, 2, s->title);
	mc_db_bind_text(st, 3, s->description);
	mc_db_bind_text(st, 4, sk);
	mc_db_bind_text(st, 5, s->tags);
	mc_db_bind_text(st, 6, s->issuer);
	if ((rc = mc_db_run(st, err)))
		return rc;
	rc = mc_db_prepare(
	    db,
	    "INSERT INTO catalogue_search (achievement_id, title, description, skills, skills_key, "
	    "tags, issuer, indexed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
	    &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, s->id);
	mc_db_bind_text(st, 2, s->title);
	mc_db_bind_text(st, 3, s->description);
	mc_db_bind_text(st, 4, sk);
	mc_db_bind_text(st, 5, s->skills_key);
	mc_db_bind_text(st, 6, s->tags);
	mc_db_bind_text(st, 7, s->issuer);
	mc_db_bind_text(st, 8, now);
	return mc_db_run(st, err);
}

/* Brings the index up to date with the catalogue. */
static int fts_sync(struct mc_db *db, struct mc_arena *a, struct mc_err *err)
{
	struct stale *rows;
	const char **gone;
	size_t n, ngone;
	int rc = find_stale(db, a, &rows, &n, &gone, &ngone, err);
	if (rc || (n == 0 && ngone == 0))
		return rc;
	/* Changes: look again under the write lock (another connection may have
	 * indexed them meanwhile) and index what is still stale. */
	if ((rc = mc_db_begin(db, MC_TX_WRITE, err)))
		return rc;
	if ((rc = find_stale(db, a, &rows, &n, &gone, &ngone, err)))
		goto fail;
	char now[40];
	struct mc_time t = mc_time_now();
	struct mc_buf nb;
	t.nsec = 0;
	t.frac_digits = 0;
	mc_buf_init(&nb, sizeof(now) - 1);
	mc_time_format(&nb, &t);
	memcpy(now, nb.ptr, nb.len + 1);
	mc_buf_release(&nb);
	for (size_t i = 0; i < ngone; i++)
		if ((rc = unindex(db, gone[i], err)))
			goto fail;
	for (size_t i = 0; i < n; i++)
		if ((rc = index_one(db, a, &rows[i], now, err)))
			goto fail;
	return mc_db_commit(db, err);
fail:
	mc_db_rollback(db);
	return rc;
}

/* Makes the index exist and be current. false in *ok: use LIKE instead. */
static int fts_ready(struct mc_db *db, struct mc_arena *a, bool *ok, struct mc_err *err)
{
	bool exists = false;
	*ok = false;
	if (strcmp(mc_db_backend(db), "sqlite") != 0 || atomic_load(&fts_unavailable) || mc_db_in_tx(db))
		return 0;
	int rc = fts_exists(db, &exists, err);
	if (!rc && !exists) {
		rc = fts_create(db, err);
		if (rc == MC_EUNSUPPORTED)
			return 0;
	}
	if (!rc)
		rc = fts_sync(db, a, err);
	if (rc == MC_ESTATE) { /* busy with another writer: answer from LIKE this time */
		if (err)
			mc_err_clear(err);
		return 0;
	}
	*ok = rc == 0;
	return rc;
}

/* The FTS5 query for plain words: each one quoted (so nothing the user typed is
 * query syntax) and matched as a prefix; all must match. */
static char *fts_query(struct mc_arena *a, const char *const *words, size_t nwords)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	for (size_t i = 0; i < nwords; i++) {
		if (i)
			mc_buf_putc(&b, ' ');
		mc_buf_putc(&b, '"');
		for (const char *p = words[i]; *p; p++) {
			if (*p == '"')
				mc_buf_putc(&b, '"');
			mc_buf_putc(&b, *p);
		}
		mc_buf_puts(&b, "\"*");
	}
	char *s = mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return s;
}

/* ---- LIKE ---- */

/* '%word%' lower-cased (ASCII: SQLite's lower() does no more), with % _ and \
 * escaped by '\'. */
static char *like_pattern(struct mc_arena *a, const char *w)
{
	size_t n = strlen(w), o = 0;
	char *p = mc_arena_alloc(a, 2 * n + 3);
	p[o++] = '%';
	for (size_t i = 0; i < n; i++) {
		char c = w[i];
		if (c == '%' || c == '_' || c == '\\')
			p[o++] = '\\';
		p[o++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	p[o++] = '%';
	p[o] = 0;
	return p;
}

/* ---- PostgreSQL full-text search ---- */

/* The tsquery for plain words, each a prefix ("analy" finds "analysis"), all
 * required — the same rule as the FTS5 query. Only letters and digits are kept from
 * what the user typed (tsquery operators never reach the parser); NULL when no word
 * is left. */
static char *pg_query(struct mc_arena *a, const char *const *words, size_t nwords)
{
	size_t cap = 8;
	for (size_t i = 0; i < nwords; i++)
		cap += strlen(words[i]) + 8;
	char *q = mc_arena_alloc(a, cap);
	size_t o = 0;
	for (size_t i = 0; i < nwords; i++) {
		size_t start = o;
		if (o)
			o += (size_t)snprintf(q + o, cap - o, " & ");
		size_t wstart = o;
		for (const char *p = words[i]; *p; p++) {
			unsigned char c = (unsigned char)*p;
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
				q[o++] = (char)c;
			else if (c >= 'A' && c <= 'Z')
				q[o++] = (char)(c - 'A' + 'a');
		}
		if (o == wstart) {
			o = start; /* nothing searchable in this word */
			continue;
		}
		o += (size_t)snprintf(q + o, cap - o, ":*");
	}
	q[o] = 0;
	return o ? q : NULL;
}

#define LIKE_WORD(n)                                                                                         \
	"AND (CAST($" #n " AS TEXT) IS NULL OR lower(a.title) LIKE $" #n " ESCAPE '\\' "                     \
	"OR lower(coalesce(a.description, '')) LIKE $" #n " ESCAPE '\\' "                                    \
	"OR lower(a.tags) LIKE $" #n " ESCAPE '\\' OR lower(i.name) LIKE $" #n " ESCAPE '\\' "               \
	"OR EXISTS (SELECT 1 FROM alignments al WHERE al.achievement_id = a.id "                             \
	"AND lower(al.name) LIKE $" #n " ESCAPE '\\')) "

int mc__store_catalogue_search(struct mc_db *db, struct mc_arena *a, const char *const *words, size_t nwords,
                               struct mc_catalogue_item **out, size_t *n, bool *full_text, struct mc_err *err)
{
	struct mc_db_stmt *st;
	bool fts = false;
	int rc;
	*full_text = false;
	if (nwords > MC_CATALOGUE_MAX_WORDS)
		nwords = MC_CATALOGUE_MAX_WORDS;
	if (nwords > 0 && (rc = fts_ready(db, a, &fts, err)))
		return rc;
	if (nwords == 0) {
		rc = mc_db_prepare(db,
		                   "SELECT " ITEM_COLS
		                   ", 0 FROM achievements a JOIN issuers i ON i.id = a.issuer_id "
		                   "WHERE a.state = 'published' ORDER BY lower(a.title), a.id",
		                   &st, err);
	} else if (strcmp(mc_db_backend(db), "postgres") == 0 && !atomic_load(&fts_unavailable) &&
	           pg_query(a, words, nwords)) {
		/* Weighted like the FTS5 ranking: title, then skills, tags and issuer,
		 * then the description; computed per query (a catalogue of thousands). */
		rc = mc_db_prepare(
		    db,
		    "SELECT " ITEM_COLS ", -ts_rank(d.doc, q.q) FROM achievements a "
		    "JOIN issuers i ON i.id = a.issuer_id "
		    "CROSS JOIN LATERAL (SELECT setweight(to_tsvector('simple', a.title), 'A') || "
		    "setweight(to_tsvector('simple', coalesce((SELECT string_agg(al.name, ' ') FROM alignments al "
		    "WHERE al.achievement_id = a.id), '')), 'B') || "
		    "setweight(to_tsvector('simple', a.tags), 'C') || setweight(to_tsvector('simple', i.name), 'C') || "
		    "setweight(to_tsvector('simple', coalesce(a.description, '')), 'D') AS doc) d "
		    "CROSS JOIN (SELECT to_tsquery('simple', $1) AS q) q "
		    "WHERE a.state = 'published' AND d.doc @@ q.q "
		    "ORDER BY ts_rank(d.doc, q.q) DESC, lower(a.title), a.id",
		    &st, err);
		if (!rc)
			mc_db_bind_text(st, 1, pg_query(a, words, nwords));
		fts = !rc;
	} else if (fts) {
		/* bm25 weights by column: a word in the title counts most, then skills,
		 * tags, the issuer's name, the description. */
		rc = mc_db_prepare(
		    db,
		    "SELECT " ITEM_COLS ", f.rank FROM (SELECT achievement_id, "
		    "bm25(catalogue_fts, 0.0, 10.0, 2.0, 5.0, 4.0, 3.0) AS rank FROM catalogue_fts "
		    "WHERE catalogue_fts MATCH $1) f "
		    "JOIN achievements a ON a.id = f.achievement_id "
		    "JOIN issuers i ON i.id = a.issuer_id "
		    "WHERE a.state = 'published' ORDER BY f.rank, lower(a.title), a.id",
		    &st, err);
		if (!rc)
			mc_db_bind_text(st, 1, fts_query(a, words, nwords));
	} else {
		rc = mc_db_prepare(
		    db,
		    "SELECT " ITEM_COLS ", 0 FROM achievements a JOIN issuers i ON i.id = a.issuer_id "
		    "WHERE a.state = 'published' " LIKE_WORD(1) LIKE_WORD(2) LIKE_WORD(3) LIKE_WORD(4)
		        LIKE_WORD(5) LIKE_WORD(6) LIKE_WORD(7) LIKE_WORD(8) "ORDER BY lower(a.title), a.id",
		    &st, err);
		for (int i = 0; !rc && i < MC_CATALOGUE_MAX_WORDS; i++)
			mc_db_bind_text(st, i + 1, (size_t)i < nwords ? like_pattern(a, words[i]) : NULL);
	}
	if (rc || (rc = read_items(st, a, out, n, err)))
		return rc;
	*full_text = fts;
	return load_skills(db, a, *out, *n, err);
}

int mc__store_catalogue_reindex(struct mc_db *db, struct mc_err *err)
{
	bool exists = false;
	if (strcmp(mc_db_backend(db), "sqlite") != 0 || atomic_load(&fts_unavailable))
		return 0;
	int rc = fts_exists(db, &exists, err);
	if (rc)
		return rc;
	if (exists) {
		if ((rc = mc_db_begin(db, MC_TX_WRITE, err)))
			return rc;
		if ((rc = mc_db_exec_script(db, "DROP TABLE catalogue_fts; DELETE FROM catalogue_search;",
		                            err))) {
			mc_db_rollback(db);
			return rc;
		}
		if ((rc = mc_db_commit(db, err)))
			return rc;
	}
	rc = fts_create(db, err);
	if (rc == MC_EUNSUPPORTED)
		return 0;
	if (rc)
		return rc;
	struct mc_arena a;
	mc_arena_init(&a, 0);
	rc = fts_sync(db, &a, err);
	mc_arena_release(&a);
	return rc;
}

void mc__store_catalogue_use_fts(bool on)
{
	atomic_store(&fts_unavailable, !on);
}
