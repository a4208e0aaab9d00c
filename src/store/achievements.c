/* SQL for achievements, alignments and requirements: see src/store/achievements.h. */
#include "store/achievements.h"

#include <stdlib.h>
#include <string.h>

#include "microcred/id.h"

/* db.h has no double binding: DOUBLE PRECISION values travel as their shortest
 * round-trip text, which both backends convert on the way in and print on the way
 * out. */
static int bind_double(struct mc_db_stmt *st, int i, bool has, double v)
{
	if (!has)
		return mc_db_bind_null(st, i);
	char txt[32];
	mc_jcs_format_double(v, txt);
	return mc_db_bind_text(st, i, txt);
}

static bool col_double(struct mc_db_stmt *st, int i, double *v)
{
	const char *t = mc_db_col_text(st, i);
	if (!t) {
		*v = 0;
		return false;
	}
	*v = strtod(t, NULL);
	return true;
}

/* A JSON array of strings as text, e.g. ["a","b"]. */
static char *strings_to_json(struct mc_arena *a, const char **v, size_t n)
{
	struct mc_json *arr = mc_json_new_array(a);
	for (size_t i = 0; i < n; i++)
		mc_json_set_string(a, mc_json_array_push(a, arr), v[i], strlen(v[i]));
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_json_write(&b, arr, MC_JSON_COMPACT);
	char *s = mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return s;
}

/* Reads a stored JSON array of strings; a corrupt value reads as empty. */
static void strings_from_json(struct mc_arena *a, const char *text, const char ***out, size_t *n)
{
	struct mc_json *v;
	*out = NULL;
	*n = 0;
	if (!text || mc_json_parse(a, text, strlen(text), NULL, &v, NULL) != 0 || v->type != MC_JSON_ARRAY)
		return;
	*out = mc_arena_alloc(a, (v->len ? v->len : 1) * sizeof(**out));
	for (uint32_t i = 0; i < v->len; i++)
		if (v->v.items[i].type == MC_JSON_STRING)
			(*out)[(*n)++] = v->v.items[i].v.str;
}

#define ACH_COLS                                                                                             \
	"a.id, a.issuer_id, i.slug, a.slug, a.kind, a.title, a.description, a.criteria, a.outcomes, "        \
	"a.level_eqf, "                                                                                      \
	"a.workload_hours, a.ects, a.cost_amount, a.cost_currency, a.delivery_mode, a.duration, "            \
	"a.assessment_type, a.participation_form, a.quality_assurance, a.prerequisites, a.category, "        \
	"a.language, a.tags, a.image, a.validity_months, a.state, a.published_at, a.created_at, "            \
	"a.updated_at"

static void read_achievement(struct mc_db_stmt *st, struct mc_arena *a, struct mc_achievement *x)
{
	x->id = mc_db_col_dup(st, 0, a);
	x->issuer_id = mc_db_col_dup(st, 1, a);
	x->issuer_slug = mc_db_col_dup(st, 2, a);
	x->slug = mc_db_col_dup(st, 3, a);
	x->kind = mc_db_col_dup(st, 4, a);
	x->title = mc_db_col_dup(st, 5, a);
	x->description = mc_db_col_dup(st, 6, a);
	x->criteria = mc_db_col_dup(st, 7, a);
	strings_from_json(a, mc_db_col_text(st, 8), &x->outcomes, &x->n_outcomes);
	x->level_eqf = mc_db_col_null(st, 9) ? 0 : (int)mc_db_col_int(st, 9);
	x->has_workload_hours = col_double(st, 10, &x->workload_hours);
	x->has_ects = col_double(st, 11, &x->ects);
	x->has_cost = col_double(st, 12, &x->cost_amount);
	x->cost_currency = mc_db_col_dup(st, 13, a);
	x->delivery_mode = mc_db_col_dup(st, 14, a);
	x->duration = mc_db_col_dup(st, 15, a);
	x->assessment_type = mc_db_col_dup(st, 16, a);
	x->participation_form = mc_db_col_dup(st, 17, a);
	x->quality_assurance = mc_db_col_dup(st, 18, a);
	x->prerequisites = mc_db_col_dup(st, 19, a);
	x->category = mc_db_col_dup(st, 20, a);
	x->language = mc_db_col_dup(st, 21, a);
	strings_from_json(a, mc_db_col_text(st, 22), &x->tags, &x->n_tags);
	x->image = mc_db_col_dup(st, 23, a);
	x->validity_months = mc_db_col_null(st, 24) ? 0 : mc_db_col_int(st, 24);
	x->state = mc_db_col_dup(st, 25, a);
	x->published_at = mc_db_col_dup(st, 26, a);
	x->created_at = mc_db_col_dup(st, 27, a);
	x->updated_at = mc_db_col_dup(st, 28, a);
}

/* Binds the mutable columns as $2..$26 in the order of the INSERT and UPDATE below. */
static void bind_mutable(struct mc_db_stmt *st, const struct mc_achievement *x)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	mc_db_bind_text(st, 2, x->slug);
	mc_db_bind_text(st, 3, x->kind ? x->kind : "micro");
	mc_db_bind_text(st, 4, x->title);
	mc_db_bind_text(st, 5, x->description);
	mc_db_bind_text(st, 6, x->criteria);
	/* bind_text copies (SQLITE_TRANSIENT), so the scratch arena may go. */
	mc_db_bind_text(st, 7, strings_to_json(&a, x->outcomes, x->n_outcomes));
	if (x->level_eqf)
		mc_db_bind_int(st, 8, x->level_eqf);
	else
		mc_db_bind_null(st, 8);
	bind_double(st, 9, x->has_workload_hours, x->workload_hours);
	bind_double(st, 10, x->has_ects, x->ects);
	bind_double(st, 11, x->has_cost, x->cost_amount);
	mc_db_bind_text(st, 12, x->cost_currency);
	mc_db_bind_text(st, 13, x->delivery_mode);
	mc_db_bind_text(st, 14, x->duration);
	mc_db_bind_text(st, 15, x->assessment_type);
	mc_db_bind_text(st, 16, x->participation_form);
	mc_db_bind_text(st, 17, x->quality_assurance);
	mc_db_bind_text(st, 18, x->prerequisites);
	mc_db_bind_text(st, 19, x->category);
	mc_db_bind_text(st, 20, x->language);
	mc_db_bind_text(st, 21, strings_to_json(&a, x->tags, x->n_tags));
	mc_db_bind_text(st, 22, x->image);
	if (x->validity_months)
		mc_db_bind_int(st, 23, x->validity_months);
	else
		mc_db_bind_null(st, 23);
	mc_db_bind_text(st, 24, x->state);
	mc_db_bind_text(st, 25, x->published_at);
	mc_db_bind_text(st, 26, x->updated_at);
	mc_arena_release(&a);
}

int mc__store_achievement_insert(struct mc_db *db, const struct mc_achievement *x, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db,
	    "INSERT INTO achievements (id, slug, kind, title, description, criteria, outcomes, "
	    "level_eqf, workload_hours, ects, cost_amount, cost_currency, delivery_mode, duration, "
	    "assessment_type, participation_form, quality_assurance, prerequisites, category, "
	    "language, tags, image, validity_months, state, published_at, updated_at, issuer_id, "
	    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
	    "$16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28)",
	    &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, x->id);
	bind_mutable(st, x);
	mc_db_bind_text(st, 27, x->issuer_id);
	mc_db_bind_text(st, 28, x->created_at);
	return mc_db_run(st, err);
}

int mc__store_achievement_update(struct mc_db *db, const struct mc_achievement *x, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db,
	    "UPDATE achievements SET slug = $2, kind = $3, title = $4, description = $5, "
	    "criteria = $6, outcomes = $7, level_eqf = $8, workload_hours = $9, ects = $10, "
	    "cost_amount = $11, cost_currency = $12, delivery_mode = $13, duration = $14, "
	    "assessment_type = $15, participation_form = $16, quality_assurance = $17, "
	    "prerequisites = $18, category = $19, language = $20, tags = $21, image = $22, "
	    "validity_months = $23, state = $24, published_at = $25, updated_at = $26 WHERE id = $1",
	    &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, x->id);
	bind_mutable(st, x);
	return mc_db_run(st, err);
}

static int load_alignments(struct mc_db *db, struct mc_arena *a, struct mc_achievement *x, struct mc_err *err)
{
	struct mc_db_stmt *st;
	size_t cap = 0;
	x->alignments = NULL;
	x->n_alignments = 0;
	int rc = mc_db_prepare(db,
	                       "SELECT framework, code, name, url, target_type FROM alignments "
	                       "WHERE achievement_id = $1 ORDER BY position",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, x->id);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		if (x->n_alignments == cap) {
			size_t ncap = cap ? cap * 2 : 4;
			x->alignments = mc_arena_realloc(a, x->alignments, cap * sizeof(*x->alignments),
			                                 ncap * sizeof(*x->alignments));
			cap = ncap;
		}
		struct mc_alignment *al = &x->alignments[x->n_alignments++];
		al->framework = mc_db_col_dup(st, 0, a);
		al->code = mc_db_col_dup(st, 1, a);
		al->name = mc_db_col_dup(st, 2, a);
		al->url = mc_db_col_dup(st, 3, a);
		al->target_type = mc_db_col_dup(st, 4, a);
	}
	return rc < 0 ? rc : 0;
}

int mc__store_achievement_ref(struct mc_db *db, struct mc_arena *a, const char *ref,
                              struct mc__achievement_ref *out, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "SELECT id, issuer_id, slug, kind, title, state FROM achievements "
	                       "WHERE id = $1 OR slug = $1",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, ref);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	out->id = mc_db_col_dup(st, 0, a);
	out->issuer_id = mc_db_col_dup(st, 1, a);
	out->slug = mc_db_col_dup(st, 2, a);
	out->kind = mc_db_col_dup(st, 3, a);
	out->title = mc_db_col_dup(st, 4, a);
	out->state = mc_db_col_dup(st, 5, a);
	mc_db_reset(st);
	return 0;
}

int mc__store_achievement_find(struct mc_db *db, struct mc_arena *a, const char *ref,
                               struct mc_achievement **out, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "SELECT " ACH_COLS " FROM achievements a JOIN issuers i ON i.id = a.issuer_id "
	                       "WHERE a.id = $1 OR a.slug = $1",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, ref);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_DONE)
		return MC_ENOTFOUND;
	struct mc_achievement *x = MC_ARENA_NEW(a, struct mc_achievement);
	read_achievement(st, a, x);
	mc_db_reset(st);
	if ((rc = load_alignments(db, a, x, err)))
		return rc;
	*out = x;
	return 0;
}

/* The filters as one statement: a NULL parameter disables its condition, so one
 * cached statement serves every combination. $6 is a LIKE pattern with '\' as the
 * escape character. */
#define FILTER_WHERE                                                                                         \
	" FROM achievements a JOIN issuers i ON i.id = a.issuer_id "                                         \
	"WHERE (CAST($1 AS TEXT) IS NULL OR a.issuer_id = $1) "                                              \
	"AND ((CAST($2 AS TEXT) IS NULL AND a.state <> 'archived') OR $2 = 'all' OR a.state = $2) "          \
	"AND (CAST($3 AS TEXT) IS NULL OR a.category = $3) "                                                 \
	"AND (CAST($4 AS TEXT) IS NULL OR lower(a.language) = lower($4) "                                    \
	"     OR lower(a.language) LIKE lower($4) || '-%') "                                                 \
	"AND (CAST($5 AS TEXT) IS NULL OR a.delivery_mode = $5) "                                            \
	"AND (CAST($6 AS TEXT) IS NULL OR lower(a.title) LIKE lower($6) ESCAPE '\\') "

static void bind_filter(struct mc_db_stmt *st, struct mc_arena *a, const struct mc_achievement_filter *f)
{
	mc_db_bind_text(st, 1, f->issuer_ref);
	mc_db_bind_text(st, 2, f->state);
	mc_db_bind_text(st, 3, f->category);
	mc_db_bind_text(st, 4, f->language);
	mc_db_bind_text(st, 5, f->delivery_mode);
	if (f->text) {
		size_t n = strlen(f->text), o = 0;
		char *pat = mc_arena_alloc(a, 2 * n + 3);
		pat[o++] = '%';
		for (size_t i = 0; i < n; i++) {
			if (f->text[i] == '%' || f->text[i] == '_' || f->text[i] == '\\')
				pat[o++] = '\\';
			pat[o++] = f->text[i];
		}
		pat[o++] = '%';
		pat[o] = '\0';
		mc_db_bind_text(st, 6, pat);
	} else {
		mc_db_bind_null(st, 6);
	}
}

int mc__store_achievement_list(struct mc_db *db, struct mc_arena *a, const struct mc_achievement_filter *f,
                               struct mc_achievement ***out, size_t *n, size_t *total, struct mc_err *err)
{
	struct mc_db_stmt *st;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	*total = 0;
	int rc = mc_db_prepare(db, "SELECT count(*)" FILTER_WHERE, &st, err);
	if (rc)
		return rc;
	bind_filter(st, a, f);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_ROW)
		*total = (size_t)mc_db_col_int(st, 0);
	mc_db_reset(st);

	rc = mc_db_prepare(
	    db, "SELECT " ACH_COLS FILTER_WHERE "ORDER BY lower(a.title), a.id LIMIT $7 OFFSET $8", &st, err);
	if (rc)
		return rc;
	bind_filter(st, a, f);
	mc_db_bind_int(st, 7, (int64_t)f->limit);
	mc_db_bind_int(st, 8, (int64_t)f->offset);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			*out = mc_arena_realloc(a, *out, cap * sizeof(**out), ncap * sizeof(**out));
			cap = ncap;
		}
		struct mc_achievement *x = MC_ARENA_NEW(a, struct mc_achievement);
		read_achievement(st, a, x);
		(*out)[(*n)++] = x;
	}
	return rc < 0 ? rc : 0;
}

int mc__store_alignments_replace(struct mc_db *db, const struct mc_achievement *x, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "DELETE FROM alignments WHERE achievement_id = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, x->id);
	if ((rc = mc_db_run(st, err)))
		return rc;
	for (size_t i = 0; i < x->n_alignments; i++) {
		const struct mc_alignment *al = &x->alignments[i];
		char id[MC_UUID_STR_LEN + 1];
		rc = mc_db_prepare(
		    db,
		    "INSERT INTO alignments (id, achievement_id, position, framework, code, name, url, "
		    "target_type) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
		    &st, err);
		if (rc)
			return rc;
		mc_uuid_v7(id);
		mc_db_bind_text(st, 1, id);
		mc_db_bind_text(st, 2, x->id);
		mc_db_bind_int(st, 3, (int64_t)i + 1);
		mc_db_bind_text(st, 4, al->framework);
		mc_db_bind_text(st, 5, al->code);
		mc_db_bind_text(st, 6, al->name);
		mc_db_bind_text(st, 7, al->url);
		mc_db_bind_text(st, 8, al->target_type);
		if ((rc = mc_db_run(st, err)))
			return rc;
	}
	return 0;
}

int mc__store_requirement_insert(struct mc_db *db, const struct mc_requirement *r, struct mc_err *err)
{
	struct mc_db_stmt *st;
	struct mc_buf cfg;
	int rc = mc_db_prepare(
	    db,
	    "INSERT INTO requirements (id, achievement_id, position, kind, title, description, mode, "
	    "config, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
	    &st, err);
	if (rc)
		return rc;
	mc_buf_init(&cfg, MC_BUF_NOLIMIT);
	if (r->config)
		mc_json_write(&cfg, r->config, MC_JSON_COMPACT);
	else
		mc_buf_puts(&cfg, "{}");
	mc_db_bind_text(st, 1, r->id);
	mc_db_bind_text(st, 2, r->achievement_id);
	mc_db_bind_int(st, 3, r->position);
	mc_db_bind_text(st, 4, r->kind);
	mc_db_bind_text(st, 5, r->title);
	mc_db_bind_text(st, 6, r->description);
	mc_db_bind_text(st, 7, r->mode);
	mc_db_bind_text(st, 8, cfg.ptr);
	mc_db_bind_text(st, 9, r->created_at);
	rc = mc_db_run(st, err);
	mc_buf_release(&cfg);
	return rc;
}

int mc__store_requirement_list(struct mc_db *db, struct mc_arena *a, const char *achievement_id,
                               struct mc_requirement **out, size_t *n, struct mc_err *err)
{
	struct mc_db_stmt *st;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc = mc_db_prepare(
	    db,
	    "SELECT id, achievement_id, position, kind, title, description, mode, config, created_at "
	    "FROM requirements WHERE achievement_id = $1 ORDER BY position",
	    &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, achievement_id);
	while ((rc = mc_db_step(st, err)) == MC_DB_ROW) {
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 8;
			*out = mc_arena_realloc(a, *out, cap * sizeof(**out), ncap * sizeof(**out));
			cap = ncap;
		}
		struct mc_requirement *r = &(*out)[(*n)++];
		struct mc_json *cfg = NULL;
		r->id = mc_db_col_dup(st, 0, a);
		r->achievement_id = mc_db_col_dup(st, 1, a);
		r->position = mc_db_col_int(st, 2);
		r->kind = mc_db_col_dup(st, 3, a);
		r->title = mc_db_col_dup(st, 4, a);
		r->description = mc_db_col_dup(st, 5, a);
		r->mode = mc_db_col_dup(st, 6, a);
		char *text = mc_db_col_dup(st, 7, a);
		if (!text || mc_json_parse(a, text, strlen(text), NULL, &cfg, NULL) != 0)
			cfg = mc_json_new_object(a);
		r->config = cfg;
		r->created_at = mc_db_col_dup(st, 8, a);
	}
	return rc < 0 ? rc : 0;
}

int mc__store_requirement_delete(struct mc_db *db, const char *id, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db, "DELETE FROM requirements WHERE id = $1", &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	return mc_db_run(st, err);
}

int mc__store_requirement_next_position(struct mc_db *db, const char *achievement_id, int64_t *pos,
                                        struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(
	    db, "SELECT COALESCE(MAX(position), 0) + 1 FROM requirements WHERE achievement_id = $1", &st,
	    err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, achievement_id);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	*pos = rc == MC_DB_ROW ? mc_db_col_int(st, 0) : 1;
	mc_db_reset(st);
	return 0;
}

int mc__store_requirement_uses(struct mc_db *db, const char *id, int64_t *uses, struct mc_err *err)
{
	struct mc_db_stmt *st;
	int rc = mc_db_prepare(db,
	                       "SELECT (SELECT count(*) FROM evidence WHERE requirement_id = $1) + "
	                       "(SELECT count(*) FROM attendance WHERE requirement_id = $1) + "
	                       "(SELECT count(*) FROM results WHERE requirement_id = $1)",
	                       &st, err);
	if (rc)
		return rc;
	mc_db_bind_text(st, 1, id);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	*uses = rc == MC_DB_ROW ? mc_db_col_int(st, 0) : 0;
	mc_db_reset(st);
	return 0;
}
