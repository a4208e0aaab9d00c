/* Assessment by staff: reviews of evidence (accept or reject, score, rubric
 * feedback), attendance of sessions and events, assessment results and workplace
 * attestations. Each action is one transaction; completion (and the award) follows
 * after it commits. See include/microcred/learning.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/learning_internal.h"

static struct mc_learning_outcome *new_outcome(struct mc_arena *a, const char *id, const char *enrolment_id)
{
	struct mc_learning_outcome *o = MC_ARENA_NEW(a, struct mc_learning_outcome);
	o->id = id;
	o->enrolment_id = enrolment_id;
	return o;
}

static bool blank(const char *s)
{
	return !s || !*s;
}

/* ---- rubric ---- */

int mc_rubric_parse(struct mc_arena *a, const char *s, struct mc_rubric_score **out, size_t *n,
                    struct mc_err *err)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	const char *p = s ? s : "";
	while (*p) {
		size_t len = strcspn(p, ",");
		const char *eq = memchr(p, '=', len);
		if (!eq || eq == p)
			return mc_err_set(
			    err, MC_EINVAL,
			    "rubric item '%.*s' is not criterion=points; write e.g. 'Design=8,Testing=9'",
			    (int)len, p);
		char *end;
		char *num = mc_arena_strndup(a, eq + 1, (size_t)(p + len - eq - 1));
		double v = strtod(num, &end);
		if (!*num || *end || !isfinite(v))
			return mc_err_set(err, MC_EINVAL,
			                  "rubric item '%.*s': '%s' is not a number of points", (int)len, p,
			                  num);
		*out = mc_arena_grow(a, *out, *n, &cap, sizeof(**out));
		(*out)[*n].criterion = mc_arena_strndup(a, p, (size_t)(eq - p));
		(*out)[*n].points = v;
		(*n)++;
		p += len;
		if (*p == ',')
			p++;
	}
	if (*n == 0)
		return mc_err_set(err, MC_EINVAL, "the rubric is empty; write e.g. 'Design=8,Testing=9'");
	return 0;
}

/* Checks the scores against the requirement's rubric [{criterion, points}] and
 * returns their sum. */
static int check_rubric(struct mc_arena *a, const struct mc_json *cfg, int number,
                        const struct mc__req_row *req, const struct mc_rubric_score *rs, size_t n,
                        double *sum, struct mc_err *err)
{
	const struct mc_json *rubric = mc_json_get(cfg, "rubric");
	if (!mc_json_is_array(rubric) || rubric->len == 0)
		return mc_err_set(err, MC_EINVAL, "requirement %d (%s) has no rubric; give --score only",
		                  number, req->title);
	*sum = 0;
	for (size_t i = 0; i < n; i++) {
		const struct mc_json *crit = NULL;
		for (size_t k = 0; k < rubric->len && !crit; k++) {
			const char *name = mc_json_get_str(&rubric->v.items[k], "criterion");
			if (name && strcasecmp(name, rs[i].criterion) == 0)
				crit = &rubric->v.items[k];
		}
		if (!crit) {
			struct mc_buf names;
			mc_buf_init(&names, 1024);
			for (size_t k = 0; k < rubric->len; k++) {
				const char *name = mc_json_get_str(&rubric->v.items[k], "criterion");
				mc_buf_printf(&names, "%s'%s'", k ? ", " : "", name ? name : "?");
			}
			int rc = mc_err_set(
			    err, MC_EINVAL,
			    "'%s' is not a criterion of the rubric of requirement %d (%s); its criteria "
			    "are %s",
			    rs[i].criterion, number, req->title, names.ptr);
			mc_buf_release(&names);
			return rc;
		}
		for (size_t j = 0; j < i; j++)
			if (strcasecmp(rs[j].criterion, rs[i].criterion) == 0)
				return mc_err_set(err, MC_EINVAL, "criterion '%s' is scored twice",
				                  rs[i].criterion);
		double max = mc__learning_cfg_num(crit, "points", INFINITY);
		if (rs[i].points < 0 || rs[i].points > max)
			return mc_err_set(err, MC_EINVAL, "criterion '%s' gets %s points; it has 0 to %s",
			                  rs[i].criterion, mc__learning_num(a, rs[i].points),
			                  mc__learning_num(a, max));
		*sum += rs[i].points;
	}
	for (size_t k = 0; k < rubric->len; k++) {
		const char *name = mc_json_get_str(&rubric->v.items[k], "criterion");
		bool scored = false;
		for (size_t i = 0; i < n && name; i++)
			scored |= strcasecmp(name, rs[i].criterion) == 0;
		if (name && !scored)
			return mc_err_set(
			    err, MC_EINVAL,
			    "rubric criterion '%s' of requirement %d is not scored; add '%s=POINTS'", name,
			    number, name);
	}
	return 0;
}

/* ---- review ---- */

struct review_ctx {
	struct mc__review_row row;
	const char *state;
	const char *previous; /* set when the evidence was decided meanwhile */
};

static int review_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct review_ctx *c = p;
	bool changed;
	int rc = mc__store_evidence_decide(app->db, c->row.evidence_id, c->state, &changed, err);
	if (rc)
		return rc;
	if (!changed)
		return mc_err_set(err, MC_ESTATE, "evidence %s was reviewed meanwhile by someone else",
		                  c->row.evidence_id);
	return mc__store_review_insert(app->db, &c->row, err);
}

int mc_review_record(struct mc_app *app, struct mc_arena *a, const struct mc_review_input *in,
                     struct mc_learning_outcome **out, struct mc_err *err)
{
	struct mc_evidence *ev;
	struct mc_enrolment *e;
	struct mc_user *reviewer;
	struct mc__req_row *req;
	int number, rc;
	rc = mc__store_evidence_get(app->db, a, in->evidence_id ? in->evidence_id : "", &ev, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(err, MC_ENOTFOUND,
		                  "no evidence '%s' to review ('microcred evidence list' shows it)",
		                  in->evidence_id ? in->evidence_id : "");
	if (rc || (rc = mc_enrolment_get(app, a, ev->enrolment_id, &e, err)))
		return rc;
	if ((rc = mc__learning_staff(app, a, e->issuer_id, in->reviewer, "review evidence", &reviewer, err)))
		return rc;
	if (strcmp(e->state, "withdrawn") == 0)
		return mc_err_set(err, MC_ESTATE,
		                  "enrolment %s was withdrawn; its evidence is no longer reviewed", e->id);
	if (strcmp(ev->state, "submitted") != 0)
		return mc_err_set(
		    err, MC_ESTATE,
		    "evidence %s was already %s by %s on %s; the learner can submit new evidence", ev->id,
		    ev->state, ev->reviewer_email ? ev->reviewer_email : "an assessor",
		    ev->reviewed_at ? ev->reviewed_at : "an earlier date");
	if ((rc = mc__learning_requirement(app, a, e, ev->requirement_id, &req, &number, err)))
		return rc;
	struct mc_json *cfg = mc__learning_config(a, req);

	bool has_score = in->has_score;
	double score = in->score;
	if (has_score && (!isfinite(score) || score < 0))
		return mc_err_set(err, MC_EINVAL, "score %s must be a number of 0 or more",
		                  mc__learning_num(a, score));
	if (in->rubric_n) {
		double sum = 0;
		if ((rc = check_rubric(a, cfg, number, req, in->rubric, in->rubric_n, &sum, err)))
			return rc;
		if (has_score && fabs(sum - score) > 1e-9)
			return mc_err_set(
			    err, MC_EINVAL,
			    "--score %s differs from the sum of the rubric points (%s); give one of them",
			    mc__learning_num(a, score), mc__learning_num(a, sum));
		has_score = true;
		score = sum;
	}
	bool is_assignment = strcmp(req->kind, "assignment") == 0;
	if (in->accept && is_assignment && mc__learning_cfg_has(cfg, "pass_threshold")) {
		double thr = mc__learning_cfg_num(cfg, "pass_threshold", 0);
		if (!has_score)
			return mc_err_set(
			    err, MC_EINVAL,
			    "requirement %d (%s) has a pass threshold of %s: give the score (--score S or "
			    "--rubric 'criterion=points,...')",
			    number, req->title, mc__learning_num(a, thr));
		if (score < thr)
			return mc_err_set(
			    err, MC_EINVAL,
			    "score %s is below the pass threshold %s of requirement %d (%s); reject the "
			    "evidence or check the score",
			    mc__learning_num(a, score), mc__learning_num(a, thr), number, req->title);
	}

	/* feedback: {"comment", "rubric": [{"criterion", "points"}]} */
	struct mc_json *fb = mc_json_new_object(a);
	if (!blank(in->comment))
		mc_json_object_set(a, fb, "comment", 7, mc_json_new_cstr(a, in->comment));
	if (in->rubric_n) {
		struct mc_json *arr = mc_json_new_array(a);
		for (size_t i = 0; i < in->rubric_n; i++) {
			struct mc_json *item = mc_json_new_object(a);
			mc_json_object_set(a, item, "criterion", 9,
			                   mc_json_new_cstr(a, in->rubric[i].criterion));
			mc_json_object_set(a, item, "points", 6, mc_json_new_double(a, in->rubric[i].points));
			mc_json_array_append(a, arr, item);
		}
		mc_json_object_set(a, fb, "rubric", 6, arr);
	}
	struct mc_buf fbtext;
	mc_buf_init(&fbtext, MC_BUF_NOLIMIT);
	mc_json_write(&fbtext, fb, MC_JSON_COMPACT);

	char now[32];
	mc_app_now_text(app, now);
	struct review_ctx c = {.state = in->accept ? "accepted" : "rejected"};
	c.row.id = mc_app_new_id(a);
	c.row.evidence_id = ev->id;
	c.row.reviewer_id = reviewer->id;
	c.row.decision = in->accept ? "accept" : "reject";
	c.row.has_score = has_score;
	c.row.score = score;
	c.row.feedback = mc_arena_strdup(a, fbtext.ptr);
	c.row.created_at = mc_arena_strdup(a, now);
	mc_buf_release(&fbtext);
	if ((rc = mc_app_tx(app, MC_TX_WRITE, review_tx, &c, err)))
		return rc;
	*out = new_outcome(a, c.row.id, e->id);
	if (strcmp(e->state, "active") == 0)
		mc__learning_after_event(app, a, *out);
	return 0;
}

/* ---- attendance ---- */

struct attend_ctx {
	const struct mc_attendance_input *in;
	struct mc_arena *a;
	const char *enrolment_id, *requirement_id, *staff_id;
	char *id;
	bool inserted;
};

static int attend_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct attend_ctx *c = p;
	char now[32];
	mc_app_now_text(app, now);
	int rc = mc__store_attendance_insert(app->db, c->id, c->enrolment_id, c->requirement_id,
	                                     c->in->session, c->staff_id, now, &c->inserted, err);
	if (!rc && !c->inserted)
		rc = mc__store_attendance_find(app->db, c->a, c->enrolment_id, c->requirement_id,
		                               c->in->session, &c->id, err);
	return rc;
}

int mc_attendance_record(struct mc_app *app, struct mc_arena *a, const struct mc_attendance_input *in,
                         struct mc_learning_outcome **out, struct mc_err *err)
{
	struct mc_enrolment *e;
	struct mc_user *staff;
	struct mc__req_row *req;
	int number, rc;
	if ((rc = mc_enrolment_get(app, a, in->enrolment_id, &e, err)) ||
	    (rc = mc__learning_requirement(app, a, e, in->requirement_ref, &req, &number, err)))
		return rc;
	if (strcmp(req->kind, "attendance") != 0 && strcmp(req->kind, "conference") != 0)
		return mc_err_set(
		    err, MC_EINVAL,
		    "requirement %d (%s) is a %s requirement, not attendance of sessions or a conference; %s",
		    number, req->title, req->kind,
		    strcmp(req->kind, "assessment") == 0 || strcmp(req->kind, "workplace") == 0
		        ? "record it with 'microcred result record'"
		        : "the learner submits evidence for it ('microcred evidence submit')");
	if ((rc = mc__learning_staff(app, a, e->issuer_id, in->staff, "record attendance", &staff, err)))
		return rc;
	if (blank(in->session))
		return mc_err_set(err, MC_EINVAL,
		                  "name the session or event attended (--session 'Lecture 3, 2025-03-04')");
	if (strlen(in->session) > 300)
		return mc_err_set(err, MC_EINVAL, "session name is %zu bytes long; keep it under 300",
		                  strlen(in->session));
	struct attend_ctx c = {.in = in,
	                       .a = a,
	                       .enrolment_id = e->id,
	                       .requirement_id = req->id,
	                       .staff_id = staff->id,
	                       .id = mc_app_new_id(a)};
	if (strcmp(e->state, "active") != 0) {
		/* A replay of an event already recorded before completion is answered as a
		 * duplicate (with the credential); anything new is refused. */
		if (strcmp(e->state, "completed") == 0 &&
		    mc__store_attendance_find(app->db, a, e->id, req->id, in->session, &c.id, err) == 0) {
			*out = new_outcome(a, c.id, e->id);
			(*out)->duplicate = true;
			mc__learning_after_event(app, a, *out);
			return 0;
		}
		return mc__learning_active_enrolment(app, a, e->id, &e, err);
	}
	if ((rc = mc_app_tx(app, MC_TX_WRITE, attend_tx, &c, err)))
		return rc;
	*out = new_outcome(a, c.id, e->id);
	(*out)->duplicate = !c.inserted;
	mc__learning_after_event(app, a, *out);
	return 0;
}

/* ---- results ---- */

struct result_ctx {
	struct mc_arena *a;
	struct mc__result_row row;
	const struct mc__req_row *req;
	const struct mc_json *cfg;
	int number;
	bool workplace;
};

static int result_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct result_ctx *c = p;
	struct mc__result_row *rows;
	size_t n, attempts = 0;
	int rc = mc__store_result_list(app->db, c->a, c->row.enrolment_id, &rows, &n, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(rows[i].requirement_id, c->req->id) != 0)
			continue;
		attempts++;
		if (c->workplace)
			return mc_err_set(
			    err, MC_ESTATE, "requirement %d (%s) was already attested by %s on %s", c->number,
			    c->req->title, rows[i].supervisor_name ? rows[i].supervisor_name : "a supervisor",
			    rows[i].created_at);
		if (rows[i].passed)
			return mc_err_set(
			    err, MC_ESTATE,
			    "requirement %d (%s) was already passed at attempt %lld (score %s); no more "
			    "attempts are recorded",
			    c->number, c->req->title, (long long)rows[i].attempt,
			    mc__learning_num(c->a, rows[i].score));
	}
	if (!c->workplace && mc__learning_cfg_has(c->cfg, "max_attempts")) {
		double max = mc__learning_cfg_num(c->cfg, "max_attempts", 0);
		if ((double)attempts >= max)
			return mc_err_set(
			    err, MC_ESTATE,
			    "all %s attempts at requirement %d (%s) are used; no further attempt can be "
			    "recorded",
			    mc__learning_num(c->a, max), c->number, c->req->title);
	}
	c->row.attempt = (int64_t)attempts + 1;
	return mc__store_result_insert(app->db, &c->row, err);
}

int mc_result_record(struct mc_app *app, struct mc_arena *a, const struct mc_result_input *in,
                     struct mc_learning_outcome **out, struct mc_err *err)
{
	struct mc_enrolment *e;
	struct mc_user *staff;
	struct mc__req_row *req;
	int number, rc;
	if ((rc = mc__learning_active_enrolment(app, a, in->enrolment_id, &e, err)) ||
	    (rc = mc__learning_requirement(app, a, e, in->requirement_ref, &req, &number, err)))
		return rc;
	bool workplace = strcmp(req->kind, "workplace") == 0;
	if (!workplace && strcmp(req->kind, "assessment") != 0)
		return mc_err_set(err, MC_EINVAL,
		                  "requirement %d (%s) is a %s requirement, not an assessment or workplace "
		                  "demonstration; %s",
		                  number, req->title, req->kind,
		                  strcmp(req->kind, "attendance") == 0 || strcmp(req->kind, "conference") == 0
		                      ? "record it with 'microcred attendance record'"
		                      : "the learner submits evidence for it ('microcred evidence submit')");
	if ((rc = mc__learning_staff(
	         app, a, e->issuer_id, in->staff,
	         workplace ? "record a workplace attestation" : "record assessment results", &staff, err)))
		return rc;
	struct mc_json *cfg = mc__learning_config(a, req);
	char now[32];
	mc_app_now_text(app, now);
	struct result_ctx c = {.a = a, .req = req, .cfg = cfg, .number = number, .workplace = workplace};
	c.row.id = mc_app_new_id(a);
	c.row.enrolment_id = e->id;
	c.row.requirement_id = req->id;
	c.row.recorded_by = staff->id;
	c.row.created_at = mc_arena_strdup(a, now);

	if (workplace) {
		if (in->has_score || in->proctored || !blank(in->identity_verification))
			return mc_err_set(
			    err, MC_EINVAL,
			    "requirement %d (%s) is a workplace demonstration: it takes a supervisor's "
			    "attestation (--supervisor, --supervisor-email, --statement), not a score",
			    number, req->title);
		if (blank(in->supervisor_name) || blank(in->supervisor_email) || blank(in->statement))
			return mc_err_set(
			    err, MC_EINVAL,
			    "a workplace demonstration is attested by a named supervisor: give --supervisor "
			    "NAME, --supervisor-email EMAIL and --statement TEXT");
		if ((rc = mc_email_check(in->supervisor_email, err)))
			return mc_err_prefix(err, "supervisor email");
		if (strlen(in->statement) > MC_EVIDENCE_MAX_TEXT)
			return mc_err_set(err, MC_ELIMIT,
			                  "the statement is %zu bytes; at most %zu are accepted",
			                  strlen(in->statement), MC_EVIDENCE_MAX_TEXT);
		c.row.passed = true;
		c.row.supervisor_name = in->supervisor_name;
		c.row.supervisor_email = in->supervisor_email;
		c.row.statement = in->statement;
	} else {
		if (!blank(in->supervisor_name) || !blank(in->supervisor_email) || !blank(in->statement))
			return mc_err_set(
			    err, MC_EINVAL,
			    "requirement %d (%s) is an assessment: it takes a score, not a supervisor's "
			    "attestation",
			    number, req->title);
		if (!in->has_score)
			return mc_err_set(err, MC_EINVAL, "give the assessment score (--score S)");
		double max = mc__learning_cfg_num(cfg, "max_score", INFINITY);
		if (!isfinite(in->score) || in->score < 0 || in->score > max)
			return mc_err_set(err, MC_EINVAL, "score %s is outside 0..%s of requirement %d (%s)",
			                  mc__learning_num(a, in->score),
			                  isfinite(max) ? mc__learning_num(a, max) : "", number, req->title);
		if (mc__learning_cfg_bool(cfg, "proctored") && !in->proctored)
			return mc_err_set(
			    err, MC_EINVAL,
			    "requirement %d (%s) must be proctored: record the attempt with --proctored "
			    "(and --identity-verification METHOD)",
			    number, req->title);
		/* The requirement names how identity is verified: the result uses that way
		 * (and may leave it out), never another one. */
		const char *method = mc_json_get_str(cfg, "identity_verification");
		const char *idv = in->identity_verification;
		if (method && strcmp(method, "none") == 0)
			method = NULL;
		if (in->proctored && blank(idv))
			idv = method;
		if (in->proctored && blank(idv))
			return mc_err_set(
			    err, MC_EINVAL,
			    "a proctored result needs the way identity was verified "
			    "(--identity-verification photo-id, online-proctoring, in-person-check or eid)");
		if (!blank(idv) && !in->proctored)
			return mc_err_set(err, MC_EINVAL,
			                  "--identity-verification goes with --proctored: say that the "
			                  "attempt was proctored");
		if (method && !blank(idv) && strcmp(idv, method) != 0)
			return mc_err_set(
			    err, MC_EINVAL,
			    "requirement %d (%s) verifies identity by %s; this result says '%s' — record "
			    "how it really was done, or fix the requirement",
			    number, req->title, method, idv);
		c.row.has_score = true;
		c.row.score = in->score;
		/* Without a pass score any recorded score passes: the catalogue requires one,
		 * so this only matters for hand-made data. */
		c.row.passed = in->score >= mc__learning_cfg_num(cfg, "pass_score", 0);
		c.row.proctored = in->proctored;
		c.row.identity_verification = blank(idv) ? NULL : idv;
	}
	if ((rc = mc_app_tx(app, MC_TX_WRITE, result_tx, &c, err)))
		return rc;
	*out = new_outcome(a, c.row.id, e->id);
	mc__learning_after_event(app, a, *out);
	return 0;
}
