/* Requirements of a micro-credential: what earning it takes. See
 * include/microcred/achievement.h; the config of each kind is documented in
 * sql/001_core.sql and docs/micro-credentials.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/achievement.h"

#include "app/catalogue.h"
#include "store/achievements.h"

static const char *const kind_names[] = {"assignment", "attendance", "portfolio",
                                         "assessment", "conference", "workplace"};

const char *mc_requirement_kind_name(enum mc_requirement_kind k)
{
	return (unsigned)k < sizeof(kind_names) / sizeof(kind_names[0]) ? kind_names[k] : "unknown";
}

int mc_requirement_kind_parse(const char *s, enum mc_requirement_kind *k, struct mc_err *err)
{
	for (size_t i = 0; s && i < sizeof(kind_names) / sizeof(kind_names[0]); i++) {
		if (strcmp(s, kind_names[i]) == 0) {
			*k = (enum mc_requirement_kind)i;
			return 0;
		}
	}
	return mc_err_set(err, MC_EINVAL,
	                  "unknown requirement kind '%s'; use assignment, attendance, portfolio, assessment, "
	                  "conference or workplace (--kind)",
	                  s ? s : "");
}

/* ---- config checks ---- */

/* The members each kind takes, for unknown-member messages. */
static const char *const kind_members[] = {
    "rubric, pass_threshold",
    "sessions, session_type",
    "min_items",
    "pass_score, max_score, max_attempts, proctored, identity_verification",
    "count",
    "supervisor_required",
};

static const char *const identity_methods[] = {"none", "photo-id", "online-proctoring", "in-person-check",
                                               "eid"};

static bool member_known(enum mc_requirement_kind k, const char *key)
{
	const char *list = kind_members[k];
	size_t n = strlen(key);
	for (const char *p = list; (p = strstr(p, key)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
			return true;
	return false;
}

/* An integer member in [lo, hi]; *v = def when absent and def >= 0, else required. */
static int get_int(const struct mc_json *cfg, enum mc_requirement_kind k, const char *key, int64_t lo,
                   int64_t hi, int64_t def, int64_t *v, struct mc_err *err)
{
	const struct mc_json *m = mc_json_get(cfg, key);
	const char *flag = mc__catalogue_flag(key);
	if (!m) {
		if (def >= 0) {
			*v = def;
			return 0;
		}
		return mc_err_set(
		    err, MC_EINVAL, "a%s %s requirement needs %s (%s), a whole number from %lld to %lld",
		    k == MC_REQ_ASSIGNMENT || k == MC_REQ_ATTENDANCE || k == MC_REQ_ASSESSMENT ? "n" : "",
		    kind_names[k], key, flag, (long long)lo, (long long)hi);
	}
	if (!mc_json_is_number(m) || !mc_json_number_as_int(m, v))
		return mc_err_set(err, MC_EINVAL,
		                  "%s requirement: %s (%s) must be a whole number from %lld to %lld",
		                  kind_names[k], key, flag, (long long)lo, (long long)hi);
	if (*v < lo || *v > hi)
		return mc_err_set(err, MC_EINVAL,
		                  "%s requirement: %s (%s) is %lld; it must be from %lld to %lld",
		                  kind_names[k], key, flag, (long long)*v, (long long)lo, (long long)hi);
	return 0;
}

/* A number member in (0, hi]; required. */
static int get_num(const struct mc_json *cfg, enum mc_requirement_kind k, const char *key, double hi,
                   double *v, struct mc_err *err)
{
	const struct mc_json *m = mc_json_get(cfg, key);
	const char *flag = mc__catalogue_flag(key);
	if (!m)
		return mc_err_set(err, MC_EINVAL, "a%s %s requirement needs %s (%s), a number greater than 0",
		                  k == MC_REQ_ASSIGNMENT || k == MC_REQ_ASSESSMENT ? "n" : "", kind_names[k],
		                  key, flag);
	if (!mc_json_is_number(m))
		return mc_err_set(err, MC_EINVAL, "%s requirement: %s (%s) must be a number, not %s",
		                  kind_names[k], key, flag, mc_json_type_name((enum mc_json_type)m->type));
	*v = mc_json_number(m);
	if (!(*v > 0) || *v > hi)
		return mc_err_set(err, MC_EINVAL,
		                  "%s requirement: %s (%s) is %.*s; it must be greater than 0 and at most %g",
		                  kind_names[k], key, flag, (int)m->len, m->v.raw, hi);
	return 0;
}

static void put_int(struct mc_arena *a, struct mc_json *o, const char *key, int64_t v)
{
	mc_json_set_int(a, mc_json_object_push_ref(a, o, key, strlen(key)), v);
}

static void put_num(struct mc_arena *a, struct mc_json *o, const char *key, double v)
{
	int64_t i = (int64_t)v;
	if ((double)i == v)
		mc_json_set_int(a, mc_json_object_push_ref(a, o, key, strlen(key)), i);
	else
		mc_json_set_double(a, mc_json_object_push_ref(a, o, key, strlen(key)), v);
}

static void put_str(struct mc_arena *a, struct mc_json *o, const char *key, const char *v)
{
	mc_json_set_string(a, mc_json_object_push_ref(a, o, key, strlen(key)), v, strlen(v));
}

static int check_assignment(struct mc_arena *a, const struct mc_json *cfg, struct mc_json *out,
                            struct mc_err *err)
{
	const struct mc_json *rubric = mc_json_get(cfg, "rubric");
	double total = 0, threshold;
	int rc;
	if (!rubric || !mc_json_is_array(rubric) || rubric->len == 0)
		return mc_err_set(
		    err, MC_EINVAL,
		    "an assignment requirement needs a rubric (--rubric \"CRITERION=POINTS\", repeated): "
		    "a non-empty array of {\"criterion\", \"points\"}");
	if (rubric->len > 50)
		return mc_err_set(
		    err, MC_EINVAL,
		    "assignment requirement: the rubric has %u criteria; at most 50 are allowed",
		    rubric->len);
	struct mc_json *r = mc_json_new_array(a);
	for (uint32_t i = 0; i < rubric->len; i++) {
		const struct mc_json *c = &rubric->v.items[i];
		const char *name = mc_json_get_str(c, "criterion");
		const struct mc_json *pts = mc_json_get(c, "points");
		if (!mc_json_is_object(c))
			return mc_err_set(err, MC_EINVAL,
			                  "assignment requirement: rubric[%u] must be an object "
			                  "{\"criterion\", \"points\"}",
			                  i);
		for (uint32_t j = 0; j < c->len; j++)
			if (!mc_slice_eq_cstr(c->v.members[j].key, "criterion") &&
			    !mc_slice_eq_cstr(c->v.members[j].key, "points"))
				return mc_err_set(
				    err, MC_EINVAL,
				    "assignment requirement: rubric[%u] has an unknown member '%s' (use "
				    "criterion and points)",
				    i, c->v.members[j].key.ptr);
		if (!name || !*name || strlen(name) > 200)
			return mc_err_set(err, MC_EINVAL,
			                  "assignment requirement: rubric[%u] needs a criterion name of 1 to "
			                  "200 characters",
			                  i);
		for (uint32_t j = 0; j < i; j++)
			if (strcmp(mc_json_get_str(&rubric->v.items[j], "criterion"), name) == 0)
				return mc_err_set(
				    err, MC_EINVAL,
				    "assignment requirement: rubric criterion '%s' appears twice; name each "
				    "criterion once",
				    name);
		if (!mc_json_is_number(pts) || !(mc_json_number(pts) > 0) || mc_json_number(pts) > 1000)
			return mc_err_set(err, MC_EINVAL,
			                  "assignment requirement: rubric criterion '%s' needs points "
			                  "greater than 0 and at "
			                  "most 1000 (--rubric \"%s=POINTS\")",
			                  name, name);
		struct mc_json *o = mc_json_array_push(a, r);
		mc_json_set_object(o);
		put_str(a, o, "criterion", name);
		put_num(a, o, "points", mc_json_number(pts));
		total += mc_json_number(pts);
	}
	if ((rc = get_num(cfg, MC_REQ_ASSIGNMENT, "pass_threshold", 1e9, &threshold, err)))
		return rc;
	if (threshold > total)
		return mc_err_set(
		    err, MC_EINVAL,
		    "assignment requirement: pass_threshold (--pass-threshold) %s is more than the rubric's "
		    "%s points in total; lower it or add rubric points",
		    mc__catalogue_num(a, threshold), mc__catalogue_num(a, total));
	mc_json_object_set(a, out, "rubric", 6, r);
	put_num(a, out, "pass_threshold", threshold);
	return 0;
}

static int check_attendance(struct mc_arena *a, const struct mc_json *cfg, struct mc_json *out,
                            struct mc_err *err)
{
	int64_t sessions;
	int rc = get_int(cfg, MC_REQ_ATTENDANCE, "sessions", 1, 500, -1, &sessions, err);
	if (rc)
		return rc;
	const struct mc_json *t = mc_json_get(cfg, "session_type");
	const char *type = "lecture";
	if (t) {
		if (!mc_json_is_string(t) ||
		    (strcmp(t->v.str, "lecture") != 0 && strcmp(t->v.str, "seminar") != 0))
			return mc_err_set(err, MC_EINVAL,
			                  "attendance requirement: session_type (--session-type) must be "
			                  "lecture or seminar");
		type = t->v.str;
	}
	put_int(a, out, "sessions", sessions);
	put_str(a, out, "session_type", type);
	return 0;
}

static int check_assessment(struct mc_arena *a, const struct mc_json *cfg, const char *mode,
                            struct mc_json *out, struct mc_err *err)
{
	double pass, max;
	int64_t attempts;
	int rc;
	if ((rc = get_num(cfg, MC_REQ_ASSESSMENT, "max_score", 1e6, &max, err)) ||
	    (rc = get_num(cfg, MC_REQ_ASSESSMENT, "pass_score", 1e6, &pass, err)) ||
	    (rc = get_int(cfg, MC_REQ_ASSESSMENT, "max_attempts", 1, 100, 1, &attempts, err)))
		return rc;
	if (pass > max)
		return mc_err_set(
		    err, MC_EINVAL,
		    "assessment requirement: pass_score (--pass-score) %s is more than max_score "
		    "(--max-score) %s; the pass score must be at most the maximum score",
		    mc__catalogue_num(a, pass), mc__catalogue_num(a, max));
	const struct mc_json *p = mc_json_get(cfg, "proctored");
	if (p && !mc_json_is_bool(p))
		return mc_err_set(err, MC_EINVAL,
		                  "assessment requirement: proctored (--proctored) must be true or false");
	bool proctored = p && p->type == MC_JSON_TRUE;
	const struct mc_json *idv = mc_json_get(cfg, "identity_verification");
	const char *method = NULL;
	if (idv) {
		if (mc_json_is_string(idv))
			for (size_t i = 0; i < sizeof(identity_methods) / sizeof(identity_methods[0]); i++)
				if (strcmp(idv->v.str, identity_methods[i]) == 0)
					method = identity_methods[i];
		if (!method)
			return mc_err_set(
			    err, MC_EINVAL,
			    "assessment requirement: identity_verification (--identity-verification) must be "
			    "none, photo-id, online-proctoring, in-person-check or eid");
	}
	if (proctored && (!method || strcmp(method, "none") == 0))
		return mc_err_set(
		    err, MC_EINVAL,
		    "a proctored assessment must say how the learner's identity is verified: set "
		    "identity_verification (--identity-verification) to photo-id, online-proctoring, "
		    "in-person-check or eid");
	if (method && strcmp(method, "online-proctoring") == 0 && strcmp(mode, "online") != 0)
		return mc_err_set(
		    err, MC_EINVAL,
		    "assessment requirement: identity_verification online-proctoring needs mode online, "
		    "but the mode is %s; use --mode online, or photo-id / in-person-check",
		    mode);
	if (method && strcmp(method, "in-person-check") == 0 && strcmp(mode, "in-person") != 0)
		return mc_err_set(
		    err, MC_EINVAL,
		    "assessment requirement: identity_verification in-person-check needs mode in-person, "
		    "but the mode is %s; use --mode in-person, or online-proctoring / eid",
		    mode);
	put_num(a, out, "pass_score", pass);
	put_num(a, out, "max_score", max);
	put_int(a, out, "max_attempts", attempts);
	mc_json_set_bool(mc_json_object_push_ref(a, out, "proctored", 9), proctored);
	put_str(a, out, "identity_verification", method ? method : "none");
	return 0;
}

int mc_requirement_check(struct mc_arena *a, const struct mc_json *req, struct mc_json **config,
                         struct mc_err *err)
{
	static const char *const allowed[] = {"kind", "title", "description", "mode", "config"};
	enum mc_requirement_kind k;
	int rc;
	if (!mc_json_is_object(req))
		return mc_err_set(
		    err, MC_EINVAL,
		    "a requirement must be an object {\"kind\", \"title\", \"mode\", \"config\"}");
	for (uint32_t i = 0; i < req->len; i++) {
		bool ok = false;
		for (size_t j = 0; j < sizeof(allowed) / sizeof(allowed[0]); j++)
			ok |= mc_slice_eq_cstr(req->v.members[i].key, allowed[j]);
		if (!ok)
			return mc_err_set(
			    err, MC_EINVAL,
			    "unknown requirement member '%s'; a requirement has kind, title, description, "
			    "mode and config",
			    req->v.members[i].key.ptr);
	}
	const struct mc_json *kind = mc_json_get(req, "kind");
	if (!kind)
		return mc_err_set(
		    err, MC_EINVAL,
		    "a requirement needs a kind (--kind): assignment, attendance, portfolio, assessment, "
		    "conference or workplace");
	if (!mc_json_is_string(kind))
		return mc_err_set(err, MC_EINVAL, "requirement kind must be a string");
	if ((rc = mc_requirement_kind_parse(kind->v.str, &k, err)))
		return rc;
	const struct mc_json *title = mc_json_get(req, "title");
	if (title && (!mc_json_is_string(title) || title->len == 0 || title->len > 200))
		return mc_err_set(err, MC_EINVAL,
		                  "requirement title (--title) must be a text of 1 to 200 characters");
	const struct mc_json *desc = mc_json_get(req, "description");
	if (desc && !mc_json_is_null(desc) && (!mc_json_is_string(desc) || desc->len > 5000))
		return mc_err_set(err, MC_EINVAL,
		                  "requirement description (--description) must be a text of at most 5000 "
		                  "characters");
	const struct mc_json *mode = mc_json_get(req, "mode");
	const char *m = "online";
	if (mode) {
		if (!mc_json_is_string(mode) ||
		    (strcmp(mode->v.str, "online") != 0 && strcmp(mode->v.str, "in-person") != 0))
			return mc_err_set(err, MC_EINVAL,
			                  "requirement mode (--mode) must be online or in-person");
		m = mode->v.str;
	}
	const struct mc_json *cfg = mc_json_get(req, "config");
	static const struct mc_json empty = {.type = MC_JSON_OBJECT};
	if (!cfg || mc_json_is_null(cfg))
		cfg = &empty;
	if (!mc_json_is_object(cfg))
		return mc_err_set(err, MC_EINVAL, "%s requirement: config must be a JSON object",
		                  kind_names[k]);
	for (uint32_t i = 0; i < cfg->len; i++)
		if (!member_known(k, cfg->v.members[i].key.ptr))
			return mc_err_set(err, MC_EINVAL,
			                  "%s requirement: config member '%s' (%s) is not used by %s "
			                  "requirements; they take %s",
			                  kind_names[k], cfg->v.members[i].key.ptr,
			                  mc__catalogue_flag(cfg->v.members[i].key.ptr), kind_names[k],
			                  kind_members[k]);

	struct mc_json *out = mc_json_new_object(a);
	int64_t v;
	switch (k) {
	case MC_REQ_ASSIGNMENT: rc = check_assignment(a, cfg, out, err); break;
	case MC_REQ_ATTENDANCE: rc = check_attendance(a, cfg, out, err); break;
	case MC_REQ_PORTFOLIO:
		if (!(rc = get_int(cfg, k, "min_items", 1, 100, -1, &v, err)))
			put_int(a, out, "min_items", v);
		break;
	case MC_REQ_ASSESSMENT: rc = check_assessment(a, cfg, m, out, err); break;
	case MC_REQ_CONFERENCE:
		if (!(rc = get_int(cfg, k, "count", 1, 50, -1, &v, err)))
			put_int(a, out, "count", v);
		break;
	case MC_REQ_WORKPLACE: {
		const struct mc_json *s = mc_json_get(cfg, "supervisor_required");
		if (s && s->type != MC_JSON_TRUE)
			return mc_err_set(
			    err, MC_EINVAL,
			    "workplace requirement: supervisor_required must be true: a workplace "
			    "demonstration is attested by a named supervisor");
		mc_json_set_bool(mc_json_object_push_ref(a, out, "supervisor_required", 19), true);
		break;
	}
	}
	if (rc)
		return rc;
	*config = out;
	return 0;
}

/* ---- storage ---- */

static const char *default_title(enum mc_requirement_kind k, const struct mc_json *config)
{
	switch (k) {
	case MC_REQ_ASSIGNMENT: return "Assignment";
	case MC_REQ_ATTENDANCE: {
		const char *t = mc_json_get_str(config, "session_type");
		return t && strcmp(t, "seminar") == 0 ? "Seminar attendance" : "Lecture attendance";
	}
	case MC_REQ_PORTFOLIO: return "Portfolio";
	case MC_REQ_ASSESSMENT: return "Assessment";
	case MC_REQ_CONFERENCE: return "Conference attendance";
	case MC_REQ_WORKPLACE: return "Workplace demonstration";
	}
	return "Requirement";
}

int mc__catalogue_requirements(struct mc_app *app, struct mc_arena *a, const char *achievement_id,
                               struct mc_requirement **out, size_t *n, struct mc_err *err)
{
	return mc__store_requirement_list(app->db, a, achievement_id, out, n, err);
}

int mc__catalogue_requirement_insert(struct mc_app *app, struct mc_arena *a, const char *achievement_id,
                                     const struct mc_json *req, const char *where,
                                     struct mc_requirement **out, struct mc_err *err)
{
	struct mc_json *config;
	enum mc_requirement_kind k;
	char now[32];
	int rc = mc_requirement_check(a, req, &config, err);
	if (rc)
		return where ? mc_err_prefix(err, "%s", where) : rc;
	mc_requirement_kind_parse(mc_json_get_str(req, "kind"), &k, NULL);
	struct mc_requirement *r = MC_ARENA_NEW(a, struct mc_requirement);
	mc_app_now_text(app, now);
	r->id = mc_app_new_id(a);
	r->achievement_id = achievement_id;
	r->kind = kind_names[k];
	r->title = mc_json_get_str(req, "title");
	if (!r->title)
		r->title = default_title(k, config);
	r->description = mc_json_get_str(req, "description");
	r->mode = mc_json_get_str(req, "mode");
	if (!r->mode)
		r->mode = "online";
	r->config = config;
	r->created_at = mc_arena_strdup(a, now);
	if ((rc = mc__store_requirement_next_position(app->db, achievement_id, &r->position, err)) ||
	    (rc = mc__store_requirement_insert(app->db, r, err)))
		return rc;
	if (out)
		*out = r;
	return 0;
}

struct add_ctx {
	struct mc_arena *a;
	const char *ref;
	const struct mc_json *req;
	struct mc_requirement *out;
};

static int add_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct add_ctx *c = p;
	struct mc_achievement *x;
	int rc = mc_achievement_get(app, c->a, c->ref, &x, err);
	if (rc)
		return rc;
	if (strcmp(x->state, "archived") == 0)
		return mc_err_set(
		    err, MC_ESTATE,
		    "micro-credential '%s' is archived; publish it again before adding requirements",
		    x->slug);
	return mc__catalogue_requirement_insert(app, c->a, x->id, c->req, NULL, &c->out, err);
}

int mc_requirement_add(struct mc_app *app, struct mc_arena *a, const char *achievement_ref,
                       const struct mc_json *req, struct mc_requirement **out, struct mc_err *err)
{
	struct mc_json *config;
	/* Check before taking the write lock: most mistakes are in the input. */
	int rc = mc_requirement_check(a, req, &config, err);
	if (rc)
		return rc;
	struct add_ctx c = {.a = a, .ref = achievement_ref, .req = req};
	rc = mc_app_tx(app, MC_TX_WRITE, add_tx, &c, err);
	if (!rc && out)
		*out = c.out;
	return rc;
}

int mc_requirement_list(struct mc_app *app, struct mc_arena *a, const char *achievement_ref,
                        struct mc_requirement **out, size_t *n, struct mc_err *err)
{
	struct mc_achievement *x;
	int rc = mc_achievement_get(app, a, achievement_ref, &x, err);
	if (rc)
		return rc;
	return mc__store_requirement_list(app->db, a, x->id, out, n, err);
}

struct remove_ctx {
	struct mc_arena *a;
	const char *ref, *req_ref;
};

static int remove_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct remove_ctx *c = p;
	struct mc_achievement *x;
	struct mc_requirement *reqs, *r = NULL;
	size_t n;
	int64_t uses;
	int rc = mc_achievement_get(app, c->a, c->ref, &x, err);
	if (rc || (rc = mc__store_requirement_list(app->db, c->a, x->id, &reqs, &n, err)))
		return rc;
	char *end;
	long long pos = strtoll(c->req_ref, &end, 10);
	for (size_t i = 0; i < n && !r; i++)
		if (strcmp(reqs[i].id, c->req_ref) == 0 || (*c->req_ref && !*end && reqs[i].position == pos))
			r = &reqs[i];
	if (!r)
		return mc_err_set(
		    err, MC_ENOTFOUND,
		    "micro-credential '%s' has no requirement '%s' (give its id or its number from "
		    "'microcred requirement list %s')",
		    x->slug, c->req_ref, x->slug);
	if (n == 1 && strcmp(x->state, "published") == 0)
		return mc_err_set(
		    err, MC_ESTATE,
		    "requirement %lld is the only one of published micro-credential '%s'; a published "
		    "micro-credential needs at least one (add another first, or archive it)",
		    (long long)r->position, x->slug);
	if ((rc = mc__store_requirement_uses(app->db, r->id, &uses, err)))
		return rc;
	if (uses > 0)
		return mc_err_set(
		    err, MC_ESTATE,
		    "requirement %lld of '%s' has %lld evidence, attendance or result records of learners; "
		    "it cannot be removed",
		    (long long)r->position, x->slug, (long long)uses);
	return mc__store_requirement_delete(app->db, r->id, err);
}

int mc_requirement_remove(struct mc_app *app, const char *achievement_ref, const char *requirement_ref,
                          struct mc_err *err)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct remove_ctx c = {.a = &a, .ref = achievement_ref, .req_ref = requirement_ref};
	int rc = mc_app_tx(app, MC_TX_WRITE, remove_tx, &c, err);
	mc_arena_release(&a);
	return rc;
}

/* ---- presentation ---- */

static double cfg_num(const struct mc_json *cfg, const char *key)
{
	const struct mc_json *v = mc_json_get(cfg, key);
	return mc_json_is_number(v) ? mc_json_number(v) : 0;
}

char *mc_requirement_summary(struct mc_arena *a, const struct mc_requirement *r)
{
	const struct mc_json *cfg = r->config;
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_buf_printf(&b, "%s, %s: ", r->kind, r->mode);
	if (strcmp(r->kind, "assignment") == 0) {
		const struct mc_json *rubric = mc_json_get(cfg, "rubric");
		double total = 0;
		mc_buf_puts(&b, "rubric ");
		for (uint32_t i = 0; rubric && mc_json_is_array(rubric) && i < rubric->len; i++) {
			double pts = cfg_num(&rubric->v.items[i], "points");
			total += pts;
			mc_buf_printf(&b, "%s%s %s", i ? ", " : "",
			              mc_json_get_str(&rubric->v.items[i], "criterion"),
			              mc__catalogue_num(a, pts));
		}
		mc_buf_printf(&b, "; pass with %s of %s points",
		              mc__catalogue_num(a, cfg_num(cfg, "pass_threshold")),
		              mc__catalogue_num(a, total));
	} else if (strcmp(r->kind, "attendance") == 0) {
		const char *t = mc_json_get_str(cfg, "session_type");
		mc_buf_printf(&b, "attend %s %s session%s", mc__catalogue_num(a, cfg_num(cfg, "sessions")),
		              t ? t : "lecture", cfg_num(cfg, "sessions") == 1 ? "" : "s");
	} else if (strcmp(r->kind, "portfolio") == 0) {
		mc_buf_printf(&b, "at least %s portfolio item%s",
		              mc__catalogue_num(a, cfg_num(cfg, "min_items")),
		              cfg_num(cfg, "min_items") == 1 ? "" : "s");
	} else if (strcmp(r->kind, "assessment") == 0) {
		const struct mc_json *p = mc_json_get(cfg, "proctored");
		const char *idv = mc_json_get_str(cfg, "identity_verification");
		double att = cfg_num(cfg, "max_attempts");
		mc_buf_printf(&b, "pass score %s of %s, at most %s attempt%s",
		              mc__catalogue_num(a, cfg_num(cfg, "pass_score")),
		              mc__catalogue_num(a, cfg_num(cfg, "max_score")), mc__catalogue_num(a, att),
		              att == 1 ? "" : "s");
		if (p && p->type == MC_JSON_TRUE)
			mc_buf_puts(&b, ", proctored");
		if (idv && strcmp(idv, "none") != 0)
			mc_buf_printf(&b, ", identity verified by %s", idv);
	} else if (strcmp(r->kind, "conference") == 0) {
		mc_buf_printf(&b, "attend %s conference%s", mc__catalogue_num(a, cfg_num(cfg, "count")),
		              cfg_num(cfg, "count") == 1 ? "" : "s");
	} else if (strcmp(r->kind, "workplace") == 0) {
		mc_buf_puts(&b, "demonstrate the skill at work, attested by a named supervisor");
	}
	char *s = mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return s;
}

int mc_requirement_to_json(struct mc_arena *a, const struct mc_requirement *r, struct mc_json **out)
{
	struct mc_json *o = mc_json_new_object(a);
	put_str(a, o, "id", r->id);
	put_int(a, o, "position", r->position);
	put_str(a, o, "kind", r->kind);
	put_str(a, o, "title", r->title);
	if (r->description)
		put_str(a, o, "description", r->description);
	put_str(a, o, "mode", r->mode);
	mc_json_object_set(a, o, "config", 6, r->config ? r->config : mc_json_new_object(a));
	put_str(a, o, "summary", mc_requirement_summary(a, r));
	*out = o;
	return 0;
}
