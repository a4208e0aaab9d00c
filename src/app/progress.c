/* Progress of an enrolment, computed from the requirement states, and completion:
 * when every requirement is met the enrolment is awarded (mc__award_issue_ex with
 * award_key "enrolment:<id>") and marked completed in the award's own transaction.
 * See include/microcred/learning.h. */
#include <math.h>
#include <sodium.h>
#include <string.h>

#include "microcred/encoding.h"
#include "microcred/lifecycle.h"

#include "app/award_internal.h"
#include "app/learning_internal.h"

const char *mc_req_state_name(enum mc_req_state s)
{
	switch (s) {
	case MC_REQ_NOT_STARTED: return "not started";
	case MC_REQ_IN_PROGRESS: return "in progress";
	case MC_REQ_SUBMITTED: return "submitted";
	case MC_REQ_MET: return "met";
	case MC_REQ_FAILED: return "failed";
	}
	return "unknown";
}

/* What the enrolment has done, loaded once for all requirements. */
struct activity {
	struct mc_evidence **ev;
	size_t nev;
	struct mc__count_row *att;
	size_t natt;
	struct mc__result_row *res;
	size_t nres;
};

static const char *plural(int64_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static void eval_evidence(struct mc_arena *a, const struct activity *act, const struct mc__req_row *r,
                          const struct mc_json *cfg, struct mc_requirement_progress *p)
{
	int64_t accepted = 0, pending = 0, rejected = 0;
	bool has_best = false, has_last_rej = false;
	double best = 0, last_rej = 0;
	for (size_t i = 0; i < act->nev; i++) {
		const struct mc_evidence *e = act->ev[i];
		if (strcmp(e->requirement_id, r->id) != 0)
			continue;
		if (strcmp(e->state, "accepted") == 0) {
			accepted++;
			if (e->has_score && (!has_best || e->score > best))
				best = e->score, has_best = true;
		} else if (strcmp(e->state, "submitted") == 0) {
			pending++;
		} else {
			rejected++;
			has_last_rej = e->has_score;
			last_rej = e->score;
		}
	}
	if (strcmp(r->kind, "assignment") == 0) {
		const char *thr = mc__learning_cfg_has(cfg, "pass_threshold")
		                      ? mc__learning_num(a, mc__learning_cfg_num(cfg, "pass_threshold", 0))
		                      : NULL;
		if (accepted) {
			p->state = MC_REQ_MET;
			p->fraction = 1;
			p->description =
			    has_best && thr ? mc_arena_printf(a, "accepted, score %s / pass %s",
			                                      mc__learning_num(a, best), thr)
			    : has_best ? mc_arena_printf(a, "accepted, score %s", mc__learning_num(a, best))
			               : "accepted";
		} else if (pending) {
			p->state = MC_REQ_SUBMITTED;
			p->description = pending == 1 ? "awaiting review"
			                              : mc_arena_printf(a, "awaiting review (%lld items)",
			                                                (long long)pending);
		} else if (rejected) {
			p->state = MC_REQ_IN_PROGRESS;
			p->description =
			    has_last_rej && thr
			        ? mc_arena_printf(a, "rejected (score %s / pass %s) — submit again",
			                          mc__learning_num(a, last_rej), thr)
			        : "rejected — submit again";
		} else {
			p->state = MC_REQ_NOT_STARTED;
			p->description =
			    thr ? mc_arena_printf(a, "nothing submitted yet (pass threshold %s)", thr)
			        : "nothing submitted yet";
		}
		return;
	}
	/* portfolio: accepted items count toward min_items */
	int64_t min = (int64_t)mc__learning_cfg_num(cfg, "min_items", 1);
	if (min < 1)
		min = 1;
	p->fraction = accepted >= min ? 1 : (double)accepted / (double)min;
	const char *base = mc_arena_printf(a, "%lld of %lld %s accepted", (long long)accepted, (long long)min,
	                                   plural(min, "item", "items"));
	if (accepted >= min)
		p->state = MC_REQ_MET;
	else if (pending && accepted + pending >= min)
		p->state = MC_REQ_SUBMITTED;
	else if (accepted + pending + rejected)
		p->state = MC_REQ_IN_PROGRESS;
	else
		p->state = MC_REQ_NOT_STARTED;
	p->description = pending && p->state != MC_REQ_MET
	                     ? mc_arena_printf(a, "%s, %lld awaiting review", base, (long long)pending)
	                     : base;
}

static void eval_attendance(struct mc_arena *a, const struct activity *act, const struct mc__req_row *r,
                            const struct mc_json *cfg, struct mc_requirement_progress *p)
{
	bool conf = strcmp(r->kind, "conference") == 0;
	int64_t need = (int64_t)mc__learning_cfg_num(cfg, conf ? "count" : "sessions", 1), got = 0;
	if (need < 1)
		need = 1;
	for (size_t i = 0; i < act->natt; i++)
		if (strcmp(act->att[i].requirement_id, r->id) == 0)
			got = act->att[i].count;
	p->state = got >= need ? MC_REQ_MET : got ? MC_REQ_IN_PROGRESS : MC_REQ_NOT_STARTED;
	p->fraction = got >= need ? 1 : (double)got / (double)need;
	p->description =
	    mc_arena_printf(a, "%lld of %lld %s attended", (long long)got, (long long)need,
	                    conf ? plural(need, "event", "events") : plural(need, "session", "sessions"));
}

static void eval_result(struct mc_arena *a, const struct activity *act, const struct mc__req_row *r,
                        const struct mc_json *cfg, struct mc_requirement_progress *p)
{
	const struct mc__result_row *pass = NULL, *last = NULL;
	int64_t attempts = 0;
	for (size_t i = 0; i < act->nres; i++) {
		if (strcmp(act->res[i].requirement_id, r->id) != 0)
			continue;
		attempts++;
		last = &act->res[i];
		if (last->passed && !pass)
			pass = last;
	}
	if (strcmp(r->kind, "workplace") == 0) {
		if (pass) {
			p->state = MC_REQ_MET;
			p->fraction = 1;
			p->description = mc_arena_printf(a, "attested by %s (%s)", pass->supervisor_name,
			                                 pass->supervisor_email);
		} else {
			p->description = "awaiting a supervisor's attestation";
		}
		return;
	}
	const char *ps = mc__learning_num(a, mc__learning_cfg_num(cfg, "pass_score", 0));
	bool has_max = mc__learning_cfg_has(cfg, "max_attempts");
	int64_t max = (int64_t)mc__learning_cfg_num(cfg, "max_attempts", 0);
	if (pass) {
		p->state = MC_REQ_MET;
		p->fraction = 1;
		p->description = mc_arena_printf(
		    a, "score %s / pass %s — passed%s%s%s", mc__learning_num(a, pass->score), ps,
		    pass->proctored ? " (proctored, identity: " : "",
		    pass->proctored ? (pass->identity_verification ? pass->identity_verification : "?") : "",
		    pass->proctored ? ")" : "");
	} else if (last) {
		bool out = has_max && attempts >= max;
		p->state = out ? MC_REQ_FAILED : MC_REQ_IN_PROGRESS;
		p->description = out ? mc_arena_printf(a, "score %s / pass %s — failed; all %lld %s used",
		                                       mc__learning_num(a, last->score), ps, (long long)max,
		                                       plural(max, "attempt", "attempts"))
		                 : has_max ? mc_arena_printf(a, "score %s / pass %s — failed; %lld %s left",
		                                             mc__learning_num(a, last->score), ps,
		                                             (long long)(max - attempts),
		                                             plural(max - attempts, "attempt", "attempts"))
		                           : mc_arena_printf(a, "score %s / pass %s — failed; may try again",
		                                             mc__learning_num(a, last->score), ps);
	} else {
		p->description = has_max
		                     ? mc_arena_printf(a, "not taken yet (pass score %s, at most %lld %s)",
		                                       ps, (long long)max, plural(max, "attempt", "attempts"))
		                     : mc_arena_printf(a, "not taken yet (pass score %s)", ps);
	}
}

static int load_progress(struct mc_app *app, struct mc_arena *a, struct mc_enrolment *e,
                         struct mc_progress **out, struct activity *act, struct mc__req_row **reqs_out,
                         struct mc_err *err)
{
	struct mc__req_row *reqs;
	size_t n;
	char *cred;
	int rc;
	if ((rc = mc__store_learning_requirements(app->db, a, e->achievement_id, &reqs, &n, err)) ||
	    (rc = mc__store_evidence_list(app->db, a, e->id, &act->ev, &act->nev, err)) ||
	    (rc = mc__store_attendance_counts(app->db, a, e->id, &act->att, &act->natt, err)) ||
	    (rc = mc__store_result_list(app->db, a, e->id, &act->res, &act->nres, err)) ||
	    (rc = mc__store_credential_by_key(app->db, a, mc_arena_printf(a, "enrolment:%s", e->id), &cred,
	                                      err)))
		return rc;
	struct mc_progress *p = MC_ARENA_NEW(a, struct mc_progress);
	p->enrolment = e;
	p->n = n;
	p->reqs = mc_arena_zalloc(a, (n ? n : 1) * sizeof(*p->reqs));
	p->credential_id = cred;
	double sum = 0;
	size_t met = 0;
	for (size_t i = 0; i < n; i++) {
		struct mc_requirement_progress *rp = &p->reqs[i];
		struct mc_json *cfg = mc__learning_config(a, &reqs[i]);
		rp->id = reqs[i].id;
		rp->number = (int)i + 1;
		rp->kind = reqs[i].kind;
		rp->title = reqs[i].title;
		rp->mode = reqs[i].mode;
		rp->state = MC_REQ_NOT_STARTED;
		rp->description = "not started";
		if (strcmp(rp->kind, "assignment") == 0 || strcmp(rp->kind, "portfolio") == 0)
			eval_evidence(a, act, &reqs[i], cfg, rp);
		else if (strcmp(rp->kind, "attendance") == 0 || strcmp(rp->kind, "conference") == 0)
			eval_attendance(a, act, &reqs[i], cfg, rp);
		else
			eval_result(a, act, &reqs[i], cfg, rp);
		sum += rp->fraction;
		met += rp->state == MC_REQ_MET;
	}
	p->complete = n > 0 && met == n;
	p->percent = n ? (int)lround(100.0 * sum / (double)n) : 0;
	if (p->percent == 100 && !p->complete)
		p->percent = 99; /* rounding must not claim completion */
	*out = p;
	if (reqs_out)
		*reqs_out = reqs;
	return 0;
}

int mc_progress_get(struct mc_app *app, struct mc_arena *a, const char *enrolment_id,
                    struct mc_progress **out, struct mc_err *err)
{
	struct mc_enrolment *e;
	struct activity act = {0};
	int rc = mc_enrolment_get(app, a, enrolment_id, &e, err);
	if (rc)
		return rc;
	return load_progress(app, a, e, out, &act, NULL, err);
}

static void set_str(struct mc_arena *a, struct mc_json *o, const char *k, const char *v)
{
	struct mc_json j;
	if (!v)
		mc_json_set_null(&j);
	else
		mc_json_set_string(a, &j, v, strlen(v));
	mc_json_object_set(a, o, k, strlen(k), &j);
}

struct mc_json *mc_progress_json(struct mc_arena *a, const struct mc_progress *p)
{
	const struct mc_enrolment *e = p->enrolment;
	struct mc_json *o = mc_json_new_object(a), *en = mc_json_new_object(a), *reqs = mc_json_new_array(a);
	set_str(a, en, "id", e->id);
	set_str(a, en, "credential", e->achievement_slug);
	set_str(a, en, "title", e->achievement_title);
	set_str(a, en, "email", e->email);
	set_str(a, en, "name", e->name);
	set_str(a, en, "state", e->state);
	set_str(a, en, "started", e->started_at);
	set_str(a, en, "targetDate", e->target_date);
	set_str(a, en, "completed", e->completed_at);
	set_str(a, en, "withdrawn", e->withdrawn_at);
	mc_json_object_set(a, o, "enrolment", 9, en);
	mc_json_object_set(a, o, "percent", 7, mc_json_new_int(a, p->percent));
	mc_json_object_set(a, o, "complete", 8, mc_json_new_bool(a, p->complete));
	set_str(a, o, "credentialId", p->credential_id);
	for (size_t i = 0; i < p->n; i++) {
		const struct mc_requirement_progress *r = &p->reqs[i];
		struct mc_json *x = mc_json_new_object(a);
		mc_json_object_set(a, x, "number", 6, mc_json_new_int(a, r->number));
		set_str(a, x, "id", r->id);
		set_str(a, x, "kind", r->kind);
		set_str(a, x, "title", r->title);
		set_str(a, x, "mode", r->mode);
		set_str(a, x, "state", mc_req_state_name(r->state));
		set_str(a, x, "description", r->description);
		mc_json_array_append(a, reqs, x);
	}
	mc_json_object_set(a, o, "requirements", 12, reqs);
	return o;
}

/* ---- completion ---- */

/* OB 3.0 Evidence for the accepted public evidence of the enrolment. */
static struct mc_json *evidence_json(struct mc_app *app, struct mc_arena *a, const struct activity *act,
                                     const struct mc__req_row *reqs, size_t nreqs)
{
	struct mc_json *arr = mc_json_new_array(a);
	for (size_t i = 0; i < act->nev; i++) {
		const struct mc_evidence *e = act->ev[i];
		if (!e->is_public || strcmp(e->state, "accepted") != 0)
			continue;
		int num = mc__learning_requirement_number(reqs, nreqs, e->requirement_id);
		struct mc_json *o = mc_json_new_object(a), *type = mc_json_new_array(a);
		set_str(a, o, "id",
		        strcmp(e->kind, "url") == 0
		            ? e->url
		            : mc_arena_printf(a, "%s/evidence/%s", app->base_url, e->id));
		mc_json_set_string_ref(mc_json_array_push(a, type), "Evidence", 8);
		mc_json_object_set(a, o, "type", 4, type);
		const char *name = e->title ? e->title : strcmp(e->kind, "file") == 0 ? e->file_name : NULL;
		set_str(a, o, "name", name ? name : e->requirement_title);
		if (e->text)
			set_str(a, o, "narrative", e->text);
		set_str(a, o, "description",
		        mc_arena_printf(a, "Submitted for requirement %d, %s; accepted by an assessor.", num,
		                        e->requirement_title));
		set_str(a, o, "genre",
		        strcmp(e->requirement_kind, "portfolio") == 0 ? "Portfolio item" : "Assignment");
		if (e->file_sha256 && strlen(e->file_sha256) == 64) {
			/* digestSRI (VC Data Model 2.0 related resources): the verifier can check the
			 * file it fetches from the id. */
			struct mc_buf raw, b64;
			mc_buf_init(&raw, 64);
			mc_buf_init(&b64, 128);
			if (mc_hex_decode(&raw, e->file_sha256, 64, NULL) == 0) {
				mc_base64_encode(&b64, raw.ptr, raw.len);
				set_str(a, o, "digestSRI", mc_arena_printf(a, "sha256-%s", b64.ptr));
			}
			mc_buf_release(&raw);
			mc_buf_release(&b64);
		}
		mc_json_array_append(a, arr, o);
	}
	return arr;
}

struct mc_json *mc__learning_results(struct mc_arena *a, const struct mc_json *achievement,
                                     const struct mc_progress *p, const struct mc__result_row *res,
                                     size_t nres)
{
	const struct mc_json *rds = mc_json_get(achievement, "resultDescription");
	struct mc_json *arr = mc_json_new_array(a);
	if (!mc_json_is_array(rds))
		return arr;
	for (size_t i = 0; i < p->n; i++) {
		const struct mc_requirement_progress *r = &p->reqs[i];
		if (strcmp(r->kind, "assessment") != 0 || r->state != MC_REQ_MET)
			continue;
		const struct mc__result_row *pass = NULL;
		for (size_t k = 0; k < nres && !pass; k++)
			if (strcmp(res[k].requirement_id, r->id) == 0 && res[k].passed)
				pass = &res[k];
		/* A ResultDescription matches when its id names the requirement (ends in
		 * "#requirement-<number>" or contains the requirement id) or its name is the
		 * requirement's title. */
		const char *frag = mc_arena_printf(a, "#requirement-%d", r->number);
		const struct mc_json *rd = NULL;
		for (uint32_t k = 0; k < rds->len && !rd; k++) {
			const char *id = mc_json_get_str(&rds->v.items[k], "id");
			const char *name = mc_json_get_str(&rds->v.items[k], "name");
			size_t il = id ? strlen(id) : 0, fl = strlen(frag);
			if ((id && il >= fl && strcmp(id + il - fl, frag) == 0) ||
			    (id && strstr(id, r->id)) || (name && strcmp(name, r->title) == 0))
				rd = &rds->v.items[k];
		}
		if (!pass || !rd || !mc_json_get_str(rd, "id"))
			continue;
		struct mc_json *o = mc_json_new_object(a), *type = mc_json_new_array(a);
		mc_json_set_string_ref(mc_json_array_push(a, type), "Result", 6);
		mc_json_object_set(a, o, "type", 4, type);
		set_str(a, o, "resultDescription", mc_json_get_str(rd, "id"));
		const char *rt = mc_json_get_str(rd, "resultType");
		if (rt && strcmp(rt, "Status") == 0)
			set_str(a, o, "status", "Completed");
		else
			set_str(a, o, "value", mc__learning_num(a, pass->score));
		mc_json_array_append(a, arr, o);
	}
	return arr;
}

struct hook_ctx {
	const char *enrolment_id;
	char now[32];
};

/* Inside the award's transaction: the enrolment is completed exactly when its
 * credential exists. */
static int mark_completed(struct mc_app *app, void *p, const struct mc_award *award, struct mc_err *err)
{
	struct hook_ctx *h = p;
	bool changed;
	(void)award;
	return mc__store_enrolment_complete(app->db, h->enrolment_id, h->now, &changed, err);
}

static int complete(struct mc_app *app, struct mc_arena *a, struct mc_progress *p, const struct activity *act,
                    const struct mc__req_row *reqs, struct mc_learning_outcome *out, struct mc_err *err)
{
	struct mc_enrolment *e = p->enrolment;
	if (p->credential_id && strcmp(e->state, "completed") == 0) {
		out->credential_id = p->credential_id;
		return 0;
	}
	struct mc_user *u;
	int rc = mc_user_get(app, a, e->user_id, &u, err);
	if (rc)
		return rc;
	struct mc_award_request req = {
	    .achievement_ref = e->achievement_id,
	    .email = u->email,
	    .name = u->name && strcmp(u->name, u->email) != 0 ? u->name : NULL,
	    .did = u->did,
	    .award_key = mc_arena_printf(a, "enrolment:%s", e->id),
	    .enrolment_id = e->id,
	    .evidence = evidence_json(app, a, act, reqs, p->n),
	    /* The Achievement microcred awards carries no ResultDescriptions (see
	     * award.c), and OB 3.0 ties each Result to one: so no Results yet.
	     * mc__learning_results builds them once an achievement describes some. */
	    .results = NULL,
	};
	struct hook_ctx h = {.enrolment_id = e->id};
	mc_app_now_text(app, h.now);
	struct mc__award_hook hook = {.after = mark_completed, .ctx = &h};
	struct mc_award *award;
	if ((rc = mc__award_issue_ex(app, a, &req, &hook, &award, err)))
		return rc;
	out->credential_id = award->id;
	out->awarded_now = award->created;
	if (award->created) {
		/* A new credential may complete a pathway (stacked credential); that award
		 * is separate and idempotent, and its failure does not undo this one. */
		struct mc_err pe = {0};
		mc_pathways_on_award(app, a, award->user_id, award->achievement_id, &pe);
	}
	p->credential_id = award->id;
	if (strcmp(e->state, "active") == 0) {
		e->state = "completed";
		e->completed_at = mc_arena_strdup(a, h.now);
	}
	return 0;
}

void mc__learning_after_event(struct mc_app *app, struct mc_arena *a, struct mc_learning_outcome *out)
{
	struct mc_enrolment *e;
	struct mc__req_row *reqs;
	struct activity act = {0};
	struct mc_progress *p;
	mc_err_clear(&out->award_err);
	out->award_rc = mc_enrolment_get(app, a, out->enrolment_id, &e, &out->award_err);
	if (out->award_rc || (out->award_rc = load_progress(app, a, e, &p, &act, &reqs, &out->award_err)))
		return;
	out->progress = p;
	if (!p->complete || strcmp(e->state, "withdrawn") == 0)
		return;
	out->award_rc = complete(app, a, p, &act, reqs, out, &out->award_err);
}

int mc_enrolment_complete(struct mc_app *app, struct mc_arena *a, const char *enrolment_id,
                          struct mc_learning_outcome **out, struct mc_err *err)
{
	struct mc_enrolment *e;
	struct mc__req_row *reqs;
	struct activity act = {0};
	struct mc_progress *p;
	int rc = mc_enrolment_get(app, a, enrolment_id, &e, err);
	if (rc || (rc = load_progress(app, a, e, &p, &act, &reqs, err)))
		return rc;
	if (strcmp(e->state, "withdrawn") == 0)
		return mc_err_set(err, MC_ESTATE, "enrolment %s was withdrawn; it cannot be completed",
		                  e->id);
	if (!p->complete) {
		struct mc_buf open;
		mc_buf_init(&open, 2048);
		for (size_t i = 0; i < p->n; i++)
			if (p->reqs[i].state != MC_REQ_MET)
				mc_buf_printf(&open, "%s%d (%s: %s)", open.len ? ", " : "", p->reqs[i].number,
				              p->reqs[i].title, p->reqs[i].description);
		rc = mc_err_set(err, MC_ESTATE, "enrolment %s is not complete; open requirements: %s", e->id,
		                p->n ? open.ptr : "the micro-credential has no requirements");
		mc_buf_release(&open);
		return rc;
	}
	struct mc_learning_outcome *o = MC_ARENA_NEW(a, struct mc_learning_outcome);
	o->enrolment_id = e->id;
	o->progress = p;
	if ((rc = complete(app, a, p, &act, reqs, o, err)))
		return rc;
	*out = o;
	return 0;
}
