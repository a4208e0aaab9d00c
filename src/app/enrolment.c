/* Enrolment: a learner enrols in a published micro-credential, works at their own
 * pace, may withdraw. See include/microcred/learning.h. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/learning_internal.h"
#include "store/achievements.h"
#include "store/issuers.h"

/* ---- shared helpers (declared in learning_internal.h) ---- */

int mc__learning_requirement_number(const struct mc__req_row *reqs, size_t n, const char *requirement_id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(reqs[i].id, requirement_id) == 0)
			return (int)i + 1;
	return 0;
}

int mc__learning_requirement(struct mc_app *app, struct mc_arena *a, const struct mc_enrolment *e,
                             const char *ref, struct mc__req_row **req, int *number, struct mc_err *err)
{
	struct mc__req_row *reqs;
	size_t n;
	if (!ref || !*ref)
		return mc_err_set(
		    err, MC_EINVAL,
		    "name the requirement (--requirement NUMBER or ID; 'microcred progress %s' lists them)",
		    e->id);
	int rc = mc__store_learning_requirements(app->db, a, e->achievement_id, &reqs, &n, err);
	if (rc)
		return rc;
	char *end;
	long num = strtol(ref, &end, 10);
	bool numeric = *ref >= '0' && *ref <= '9' && *end == '\0';
	for (size_t i = 0; i < n; i++) {
		if ((numeric && num == (long)i + 1) || strcmp(reqs[i].id, ref) == 0) {
			*req = &reqs[i];
			*number = (int)i + 1;
			return 0;
		}
	}
	if (numeric)
		return mc_err_set(err, MC_EINVAL,
		                  "micro-credential %s has %zu requirement%s; requirement %s does not exist",
		                  e->achievement_slug, n, n == 1 ? "" : "s", ref);
	/* An id of another micro-credential's requirement gets its own message: it is
	 * the likely mistake (evidence filed under the wrong enrolment). */
	struct mc_db_stmt *st;
	if ((rc = mc_db_prepare(app->db,
	                        "SELECT a.slug FROM requirements q JOIN achievements a "
	                        "ON a.id = q.achievement_id WHERE q.id = $1",
	                        &st, err)))
		return rc;
	mc_db_bind_text(st, 1, ref);
	rc = mc_db_step(st, err);
	if (rc < 0)
		return rc;
	if (rc == MC_DB_ROW) {
		char *other = mc_db_col_dup(st, 0, a);
		mc_db_reset(st);
		return mc_err_set(
		    err, MC_EINVAL,
		    "requirement %s belongs to micro-credential %s, not to %s (the micro-credential of "
		    "enrolment %s)",
		    ref, other, e->achievement_slug, e->id);
	}
	return mc_err_set(err, MC_EINVAL,
	                  "no requirement '%s' in micro-credential %s; give its number (1..%zu) or id "
	                  "('microcred progress %s' lists them)",
	                  ref, e->achievement_slug, n, e->id);
}

int mc__learning_staff(struct mc_app *app, struct mc_arena *a, const char *issuer_id, const char *actor,
                       const char *action, struct mc_user **out, struct mc_err *err)
{
	if (!actor || !*actor)
		return mc_err_set(err, MC_EAUTH, "%s needs the acting staff member (--as EMAIL)", action);
	int rc = mc__store_user_find(app->db, a, actor, out, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(
		    err, MC_EAUTH,
		    "'%s' is not a known user, so may not %s; add them with 'microcred staff add'", actor,
		    action);
	if (rc)
		return rc;
	enum mc_role role;
	if ((rc = mc_staff_role(app, issuer_id, (*out)->id, &role, err)))
		return rc;
	if (role == MC_ROLE_NONE) {
		struct mc_issuer *is;
		const char *slug =
		    mc__store_issuer_find(app->db, a, issuer_id, &is, err) == 0 ? is->slug : issuer_id;
		return mc_err_set(err, MC_EAUTH,
		                  "%s is not staff of issuer %s, so may not %s; an owner can add them with "
		                  "'microcred staff add %s %s --role assessor'",
		                  (*out)->email, slug, action, slug, (*out)->email);
	}
	return 0;
}

int mc__learning_active_enrolment(struct mc_app *app, struct mc_arena *a, const char *id,
                                  struct mc_enrolment **out, struct mc_err *err)
{
	int rc = mc_enrolment_get(app, a, id, out, err);
	if (rc)
		return rc;
	if (strcmp((*out)->state, "withdrawn") == 0)
		return mc_err_set(err, MC_ESTATE,
		                  "enrolment %s was withdrawn on %s; the learner can enrol again", id,
		                  (*out)->withdrawn_at ? (*out)->withdrawn_at : "an earlier date");
	if (strcmp((*out)->state, "completed") == 0)
		return mc_err_set(err, MC_ESTATE,
		                  "enrolment %s is already completed (on %s); nothing more to record", id,
		                  (*out)->completed_at ? (*out)->completed_at : "an earlier date");
	return 0;
}

struct mc_json *mc__learning_config(struct mc_arena *a, const struct mc__req_row *r)
{
	struct mc_json *cfg = NULL;
	struct mc_err err;
	if (!r->config || mc_json_parse(a, r->config, strlen(r->config), NULL, &cfg, &err) != 0 ||
	    !mc_json_is_object(cfg))
		cfg = mc_json_new_object(a);
	return cfg;
}

double mc__learning_cfg_num(const struct mc_json *cfg, const char *key, double def)
{
	const struct mc_json *v = mc_json_get(cfg, key);
	return mc_json_is_number(v) ? mc_json_number(v) : def;
}

bool mc__learning_cfg_has(const struct mc_json *cfg, const char *key)
{
	return mc_json_is_number(mc_json_get(cfg, key));
}

bool mc__learning_cfg_bool(const struct mc_json *cfg, const char *key)
{
	const struct mc_json *v = mc_json_get(cfg, key);
	return v && v->type == MC_JSON_TRUE;
}

const char *mc__learning_num(struct mc_arena *a, double v)
{
	if (v == floor(v) && fabs(v) < 1e15)
		return mc_arena_printf(a, "%lld", (long long)v);
	return mc_arena_printf(a, "%g", v);
}

/* ---- enrolment ---- */

/* "2025-06-30" or an RFC 3339 time, as RFC 3339 UTC text. */
static int parse_date(struct mc_arena *a, const char *field, const char *in, char **out, struct mc_err *err)
{
	struct mc_time t;
	struct mc_err e2;
	char buf[40];
	const char *s = in;
	size_t n = strlen(s);
	if (n == 10 && s[4] == '-' && s[7] == '-') {
		snprintf(buf, sizeof(buf), "%sT00:00:00Z", s);
		s = buf;
		n = strlen(buf);
	}
	if (mc_time_parse(&t, s, n, &e2) != 0)
		return mc_err_set(err, MC_EINVAL,
		                  "%s '%s' is not a date; write it as 2025-06-30 or 2025-06-30T17:00:00Z",
		                  field, in);
	struct mc_buf b;
	mc_buf_init(&b, 64);
	int rc = mc_time_format(&b, &t);
	if (rc) {
		mc_buf_release(&b);
		return mc_err_set(err, MC_EINVAL, "%s '%s' is out of range", field, in);
	}
	*out = mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return 0;
}

struct enrol_ctx {
	struct mc_arena *a;
	const struct mc_enrol_input *in;
	struct mc__achievement_ref *ach;
	struct mc_enrolment *e;
};

static int already_enrolled(struct mc_err *err, const struct mc_enrolment *old, const char *email,
                            const char *slug)
{
	return mc_err_set(
	    err, MC_EEXIST,
	    "%s is already enrolled in %s (enrolment %s, %s since %s); one live enrolment per learner "
	    "and micro-credential — withdraw it first to enrol again",
	    email, slug, old->id, old->state, old->started_at);
}

static int enrol_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct enrol_ctx *c = p;
	struct mc_user *u;
	struct mc_enrolment *old;
	int rc = mc_user_ensure(app, c->a, c->in->email, c->in->name, &u, err);
	if (rc)
		return rc;
	rc = mc__store_enrolment_live(app->db, c->a, c->ach->id, u->id, &old, err);
	if (rc == 0)
		return already_enrolled(err, old, u->email, c->ach->slug);
	if (rc != MC_ENOTFOUND)
		return rc;
	c->e->user_id = u->id;
	c->e->email = u->email;
	c->e->name = u->name;
	rc = mc__store_enrolment_insert(app->db, c->e, err);
	if (rc == MC_EEXIST && mc__store_enrolment_live(app->db, c->a, c->ach->id, u->id, &old, err) == 0)
		return already_enrolled(err, old, u->email, c->ach->slug);
	return rc;
}

int mc_enrol(struct mc_app *app, struct mc_arena *a, const struct mc_enrol_input *in,
             struct mc_enrolment **out, struct mc_err *err)
{
	struct mc__achievement_ref ach;
	char now[32];
	int rc;
	if (!in->achievement_ref || !*in->achievement_ref)
		return mc_err_set(err, MC_EINVAL,
		                  "name the micro-credential to enrol in (--credential SLUG)");
	if ((rc = mc_email_check(in->email, err)))
		return rc;
	rc = mc__store_achievement_ref(app->db, a, in->achievement_ref, &ach, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(
		    err, MC_ENOTFOUND,
		    "no micro-credential '%s' (give its slug or id; 'microcred credential list' shows them)",
		    in->achievement_ref);
	if (rc)
		return rc;
	if (strcmp(ach.kind, "pathway") == 0)
		return mc_err_set(
		    err, MC_EINVAL,
		    "%s is a pathway: it is earned by earning its component micro-credentials, not by "
		    "enrolling; enrol in those instead",
		    ach.slug);
	if (strcmp(ach.state, "published") != 0)
		return mc_err_set(
		    err, MC_ESTATE, "micro-credential %s is %s, not published; %s", ach.slug, ach.state,
		    strcmp(ach.state, "draft") == 0 ? "publish it first ('microcred credential publish' it)"
		                                    : "an archived micro-credential takes no new enrolments");

	mc_app_now_text(app, now);
	struct mc_enrolment *e = MC_ARENA_NEW(a, struct mc_enrolment);
	e->id = mc_app_new_id(a);
	e->achievement_id = ach.id;
	e->achievement_slug = ach.slug;
	e->achievement_title = ach.title;
	e->issuer_id = ach.issuer_id;
	e->state = "active";
	e->created_at = mc_arena_strdup(a, now);
	e->started_at = e->created_at;
	if (in->start_date && *in->start_date &&
	    (rc = parse_date(a, "start date", in->start_date, (char **)&e->started_at, err)))
		return rc;
	if (in->target_date && *in->target_date) {
		if ((rc = parse_date(a, "target date", in->target_date, (char **)&e->target_date, err)))
			return rc;
		/* RFC 3339 UTC text with whole seconds sorts as time. */
		if (strcmp(e->target_date, e->started_at) < 0)
			return mc_err_set(err, MC_EINVAL,
			                  "target date %s is before the start %s; give a later date",
			                  in->target_date, e->started_at);
	}
	struct enrol_ctx c = {.a = a, .in = in, .ach = &ach, .e = e};
	if ((rc = mc_app_tx(app, MC_TX_WRITE, enrol_tx, &c, err)))
		return rc;
	*out = e;
	return 0;
}

int mc_enrolment_get(struct mc_app *app, struct mc_arena *a, const char *id, struct mc_enrolment **out,
                     struct mc_err *err)
{
	if (!id || !*id)
		return mc_err_set(err, MC_EINVAL, "an enrolment id is required");
	int rc = mc__store_enrolment_get(app->db, a, id, out, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(
		    err, MC_ENOTFOUND,
		    "no enrolment '%s' ('microcred progress --email E --credential SLUG' finds one)", id);
	return rc;
}

int mc_enrolment_find(struct mc_app *app, struct mc_arena *a, const char *achievement_ref, const char *email,
                      struct mc_enrolment **out, struct mc_err *err)
{
	struct mc__achievement_ref ach;
	struct mc_user *u;
	int rc =
	    mc__store_achievement_ref(app->db, a, achievement_ref ? achievement_ref : "", &ach, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(
		    err, MC_ENOTFOUND,
		    "no micro-credential '%s' (give its slug or id; 'microcred credential list' shows them)",
		    achievement_ref ? achievement_ref : "");
	if (rc)
		return rc;
	rc = mc__store_user_find(app->db, a, email ? email : "", &u, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(err, MC_ENOTFOUND, "no learner with the email '%s'", email ? email : "");
	if (rc)
		return rc;
	rc = mc__store_enrolment_live(app->db, a, ach.id, u->id, out, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(
		    err, MC_ENOTFOUND,
		    "%s is not enrolled in %s; enrol with 'microcred enrol --credential %s --email %s'",
		    u->email, ach.slug, ach.slug, u->email);
	return rc;
}

int mc_enrolment_withdraw(struct mc_app *app, struct mc_arena *a, const char *id, struct mc_enrolment **out,
                          struct mc_err *err)
{
	struct mc_enrolment *e;
	char now[32];
	bool changed;
	int rc = mc_enrolment_get(app, a, id, &e, err);
	if (rc)
		return rc;
	if (strcmp(e->state, "active") != 0)
		return mc_err_set(err, MC_ESTATE,
		                  "enrolment %s is %s; only an active enrolment can be withdrawn", id,
		                  e->state);
	mc_app_now_text(app, now);
	if ((rc = mc__store_enrolment_withdraw(app->db, e->id, now, &changed, err)))
		return rc;
	if (!changed)
		return mc_err_set(err, MC_ESTATE, "enrolment %s changed meanwhile (completed or withdrawn)",
		                  id);
	e->state = "withdrawn";
	e->withdrawn_at = mc_arena_strdup(a, now);
	*out = e;
	return 0;
}
