/* /api/v1/enrolments and /api/v1/evidence: the learner's path. A learner acts on
 * their own enrolments (with a session: tokens belong to issuers' systems); the
 * issuer's staff see them (assessor) and record reviews, attendance and results
 * (assessor); enrolling someone else or withdrawing them takes an editor. Private
 * evidence is shown to the learner and the issuer's staff only. */
#include <string.h>
#include <strings.h>

#include "microcred/achievement.h"
#include "microcred/learner.h"

#include "web/handlers/api.h"
#include "web/multipart.h"

#define EVIDENCE_MEMBERS "requirement,title,text,url,public"

/* The enrolment {id} when the caller is its learner or staff with min_role. */
static int enrolment(struct mc_web_req *req, struct mc_web_res *res, enum mc_role min_role,
                     struct mc_enrolment **e)
{
	int rc = mc_enrolment_get(req->app, req->a, req->params[0], e, &req->err);
	return rc ? rc : mc__api_self_or_staff(req, res, (*e)->user_id, (*e)->issuer_id, min_role);
}

/* The enrolment {id} when the caller is the issuer's staff with min_role. */
static int enrolment_staff(struct mc_web_req *req, struct mc_web_res *res, enum mc_role min_role,
                           struct mc_enrolment **e)
{
	int rc = mc_enrolment_get(req->app, req->a, req->params[0], e, &req->err);
	return rc ? rc : mc__web_require_role(req, res, (*e)->issuer_id, min_role);
}

/* "requirement": its id, or its number (1-based) as a number or a string. */
static int requirement_ref(struct mc_web_req *req, const struct mc_json *b, const char **out)
{
	const struct mc_json *v = mc_json_get(b, "requirement");
	int64_t i;
	if (v && mc_json_is_number(v) && mc_json_number_as_int(v, &i) && i > 0) {
		*out = mc_arena_printf(req->a, "%lld", (long long)i);
		return 0;
	}
	return mc__api_str(req, b, "requirement", true, out);
}

static int outcome(struct mc_web_req *req, struct mc_web_res *res, int rc,
                   const struct mc_learning_outcome *o)
{
	return rc ? rc : mc__api_json(req, res, 200, mc__api_outcome_json(req, o));
}

int mc__h_api_enrol(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_json *b;
	struct mc_enrol_input in = {0};
	struct mc_achievement *ach;
	struct mc_enrolment *e;
	int rc = mc__web_require_user(req, res);
	if (rc || (rc = mc__api_body(req, "credential,email,name,start_date,target_date", &b)) ||
	    (rc = mc__api_str(req, b, "credential", true, &in.achievement_ref)) ||
	    (rc = mc__api_str(req, b, "email", false, &in.email)) ||
	    (rc = mc__api_str(req, b, "name", false, &in.name)) ||
	    (rc = mc__api_str(req, b, "start_date", false, &in.start_date)) ||
	    (rc = mc__api_str(req, b, "target_date", false, &in.target_date)) ||
	    (rc = mc_achievement_get(req->app, req->a, in.achievement_ref, &ach, &req->err)))
		return rc;
	/* A learner enrols themselves; enrolling someone else is an editor's job. */
	struct mc_web_user *u = mc__web_current_user(req);
	if (u->token_id || (in.email && strcasecmp(in.email, u->email) != 0)) {
		if ((rc = mc__web_require_role(req, res, ach->issuer_id, MC_ROLE_EDITOR)))
			return rc;
		if (!in.email)
			return mc_err_set(&req->err, MC_EINVAL,
			                  "say whom to enrol: \"email\" of the learner");
	} else {
		in.email = u->email;
		in.name = in.name ? in.name : u->name;
	}
	if ((rc = mc_enrol(req->app, req->a, &in, &e, &req->err)))
		return rc;
	return mc__api_created(req, res, mc__api_enrolment_json(req, e),
	                       mc_arena_printf(req->a, "/api/v1/enrolments/%s", e->id));
}

int mc__h_api_enrolment(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_enrolment *e;
	int rc = enrolment(req, res, MC_ROLE_ASSESSOR, &e);
	return rc ? rc : mc__api_json(req, res, 200, mc__api_enrolment_json(req, e));
}

int mc__h_api_enrolment_withdraw(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_enrolment *e;
	int rc = enrolment(req, res, MC_ROLE_EDITOR, &e);
	if (rc || (rc = mc_enrolment_withdraw(req->app, req->a, e->id, &e, &req->err)))
		return rc;
	return mc__api_json(req, res, 200, mc__api_enrolment_json(req, e));
}

int mc__h_api_enrolment_progress(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_enrolment *e;
	struct mc_progress *p;
	int rc = enrolment(req, res, MC_ROLE_ASSESSOR, &e);
	if (rc || (rc = mc_progress_get(req->app, req->a, e->id, &p, &req->err)))
		return rc;
	return mc__api_json(req, res, 200, mc_progress_json(req->a, p));
}

int mc__h_api_enrolment_complete(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_enrolment *e;
	struct mc_learning_outcome *o = NULL;
	int rc = enrolment_staff(req, res, MC_ROLE_ASSESSOR, &e);
	if (!rc)
		rc = mc_enrolment_complete(req->app, req->a, e->id, &o, &req->err);
	return outcome(req, res, rc, o);
}

/* ---- evidence ---- */

/* multipart/form-data: fields requirement, title, text, url, public, and a part
 * "file" with a filename. */
static int evidence_multipart(struct mc_web_req *req, const char *ct, struct mc_evidence_input *in)
{
	struct mc_web_part *parts;
	size_t n;
	int rc = mc__web_multipart_parse(req->a, ct, req->body.ptr, req->body.len, &parts, &n, &req->err);
	if (rc)
		return rc;
	in->requirement_ref = mc__web_part_text(req->a, parts, n, "requirement");
	in->title = mc__web_part_text(req->a, parts, n, "title");
	in->text = mc__web_part_text(req->a, parts, n, "text");
	in->url = mc__web_part_text(req->a, parts, n, "url");
	const char *pub = mc__web_part_text(req->a, parts, n, "public");
	in->is_public = pub && (!strcmp(pub, "true") || !strcmp(pub, "1") || !strcmp(pub, "on"));
	const struct mc_web_part *f = mc__web_part(parts, n, "file");
	if (f && f->filename && f->data.len) {
		in->file = f->data.ptr;
		in->file_len = f->data.len;
		in->file_name = f->filename;
	}
	if (!in->requirement_ref)
		return mc_err_set(&req->err, MC_EINVAL,
		                  "the form needs a field \"requirement\" (its number or id)");
	return 0;
}

/* A JSON body {requirement, title?, text | url, public?}, a multipart form, or the
 * file itself as the body (any other Content-Type) with
 * ?requirement=&file_name=&title=&public=. */
static int evidence_input(struct mc_web_req *req, struct mc_evidence_input *in)
{
	const char *ct = mc_web_header(req, "Content-Type");
	struct mc_json *b;
	int rc;
	if (ct && strncasecmp(ct, "application/json", 16) == 0) {
		if ((rc = mc__api_body(req, EVIDENCE_MEMBERS, &b)) ||
		    (rc = requirement_ref(req, b, &in->requirement_ref)) ||
		    (rc = mc__api_str(req, b, "title", false, &in->title)) ||
		    (rc = mc__api_str(req, b, "text", false, &in->text)) ||
		    (rc = mc__api_str(req, b, "url", false, &in->url)))
			return rc;
		return mc__api_bool(req, b, "public", false, &in->is_public);
	}
	if (mc__web_is_multipart(ct))
		return evidence_multipart(req, ct, in);
	in->requirement_ref = mc_web_query(req, "requirement");
	in->file_name = mc_web_query(req, "file_name");
	in->title = mc_web_query(req, "title");
	in->file = req->body.ptr;
	in->file_len = req->body.len;
	if (!in->requirement_ref || !in->file_name || !req->body.len)
		return mc_err_set(&req->err, MC_EINVAL,
		                  "a file upload is the file as the body with ?requirement=N&file_name=NAME; "
		                  "text and URLs come as JSON (Content-Type: application/json)");
	return mc__api_query_bool(req, "public", false, &in->is_public);
}

int mc__h_api_evidence_submit(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_evidence_input in = {.enrolment_id = req->params[0]};
	struct mc_evidence *ev;
	int rc = mc__web_require_user(req, res);
	if (rc || (rc = evidence_input(req, &in)) ||
	    (rc = mc_learner_submit_evidence(req->app, req->a, mc__api_actor(req), &in, &ev, &req->err)))
		return rc;
	return mc__api_created(req, res, mc__api_evidence_json(req, ev),
	                       mc_arena_printf(req->a, "/api/v1/evidence/%s", ev->id));
}

int mc__h_api_evidence_list(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_enrolment *e;
	struct mc_evidence **list;
	size_t n, hidden, start, count;
	bool more;
	struct mc_api_page pg;
	int rc = enrolment(req, res, MC_ROLE_ASSESSOR, &e);
	if (rc || (rc = mc__api_page(req, &pg)) ||
	    (rc = mc_evidence_list(req->app, req->a, e->id, mc__api_actor(req), &list, &n, &hidden,
	                           &req->err)))
		return rc;
	mc__api_window(&pg, n, &start, &count, &more);
	struct mc_json *items = mc_json_new_array(req->a);
	for (size_t i = start; i < start + count; i++)
		mc_json_array_append(req->a, items, mc__api_evidence_json(req, list[i]));
	return mc__api_json(req, res, 200, mc__api_list(req, &pg, items, more, (int64_t)n));
}

/* Evidence {id} as the caller may see it: public evidence for anyone; private
 * evidence for its learner and the issuer's staff (a token only at its issuer). */
static int evidence(struct mc_web_req *req, struct mc_web_res *res, struct mc_evidence **ev,
                    struct mc_enrolment **e)
{
	int rc = mc_evidence_get(req->app, req->a, req->params[0], mc__api_actor(req), ev, &req->err);
	if (rc == MC_EAUTH && !mc__web_current_user(req))
		return mc__web_require_user(req, res);
	if (rc || (rc = mc_enrolment_get(req->app, req->a, (*ev)->enrolment_id, e, &req->err)))
		return rc;
	return (*ev)->is_public
	           ? 0
	           : mc__api_self_or_staff(req, res, (*e)->user_id, (*e)->issuer_id, MC_ROLE_ASSESSOR);
}

int mc__h_api_evidence_get(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_evidence *ev;
	struct mc_enrolment *e;
	int rc = evidence(req, res, &ev, &e);
	return rc ? rc : mc__api_json(req, res, 200, mc__api_evidence_json(req, ev));
}

int mc__h_api_evidence_file(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_evidence *ev;
	struct mc_enrolment *e;
	const void *bytes;
	size_t len;
	const char *type;
	int rc = evidence(req, res, &ev, &e);
	if (!rc && !ev->file_sha256)
		rc = mc_err_set(&req->err, MC_ENOTFOUND, "evidence %s is %s, not a file", ev->id, ev->kind);
	if (rc || (rc = mc_evidence_file(req->app, req->a, ev->file_sha256, &bytes, &len, &type, &req->err)))
		return rc;
	mc_web_res_bytes(res, 200, type, bytes, len);
	mc_web_res_header(res, "Content-Disposition", "attachment");
	res->cache_control = "private, no-store";
	return 0;
}

/* {decision: accept|reject, score?, rubric?: [{criterion, points}], comment?} */
static int review_input(struct mc_web_req *req, struct mc_review_input *in)
{
	struct mc_json *b;
	const char *decision;
	int rc = mc__api_body(req, "decision,score,rubric,comment", &b);
	if (rc || (rc = mc__api_str(req, b, "decision", true, &decision)) ||
	    (rc = mc__api_num(req, b, "score", &in->has_score, &in->score)) ||
	    (rc = mc__api_str(req, b, "comment", false, &in->comment)))
		return rc;
	if (strcmp(decision, "accept") != 0 && strcmp(decision, "reject") != 0)
		return mc_err_set(&req->err, MC_EINVAL, "\"decision\" is accept or reject, not '%.32s'",
		                  decision);
	in->accept = decision[0] == 'a';
	const struct mc_json *r = mc_json_get(b, "rubric");
	if (!r || mc_json_is_null(r))
		return 0;
	if (!mc_json_is_array(r) || r->len > 100)
		return mc_err_set(&req->err, MC_EINVAL,
		                  "\"rubric\" is an array of {criterion, points} (at most 100)");
	struct mc_rubric_score *s = mc_arena_zalloc(req->a, (r->len + 1) * sizeof *s);
	for (uint32_t i = 0; i < r->len; i++) {
		bool has;
		if ((rc = mc__api_str(req, &r->v.items[i], "criterion", true, &s[i].criterion)) ||
		    (rc = mc__api_num(req, &r->v.items[i], "points", &has, &s[i].points))) {
			mc_err_prefix(&req->err, "rubric[%u]", i);
			return rc;
		}
		if (!has)
			return mc_err_set(&req->err, MC_EINVAL, "rubric[%u] needs \"points\" (a number)", i);
	}
	in->rubric = s;
	in->rubric_n = r->len;
	return 0;
}

int mc__h_api_evidence_review(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_evidence *ev;
	struct mc_enrolment *e;
	struct mc_review_input in = {.evidence_id = req->params[0]};
	struct mc_learning_outcome *o = NULL;
	int rc = evidence(req, res, &ev, &e);
	if (!rc && !(rc = mc__web_require_role(req, res, e->issuer_id, MC_ROLE_ASSESSOR)) &&
	    !(rc = review_input(req, &in))) {
		in.reviewer = mc__api_actor(req);
		rc = mc_review_record(req->app, req->a, &in, &o, &req->err);
	}
	return outcome(req, res, rc, o);
}

/* ---- attendance and results (staff) ---- */

int mc__h_api_attendance(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_enrolment *e;
	struct mc_json *b;
	struct mc_attendance_input in = {.enrolment_id = req->params[0]};
	struct mc_learning_outcome *o = NULL;
	int rc = enrolment_staff(req, res, MC_ROLE_ASSESSOR, &e);
	if (!rc && !(rc = mc__api_body(req, "requirement,session", &b)) &&
	    !(rc = requirement_ref(req, b, &in.requirement_ref)) &&
	    !(rc = mc__api_str(req, b, "session", true, &in.session))) {
		in.staff = mc__api_actor(req);
		rc = mc_attendance_record(req->app, req->a, &in, &o, &req->err);
	}
	return outcome(req, res, rc, o);
}

int mc__h_api_result(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_enrolment *e;
	struct mc_json *b;
	struct mc_result_input in = {.enrolment_id = req->params[0]};
	struct mc_learning_outcome *o = NULL;
	int rc = enrolment_staff(req, res, MC_ROLE_ASSESSOR, &e);
	if (!rc &&
	    !(rc = mc__api_body(req,
	                        "requirement,score,proctored,identity_verification,supervisor_name,"
	                        "supervisor_email,statement",
	                        &b)) &&
	    !(rc = requirement_ref(req, b, &in.requirement_ref)) &&
	    !(rc = mc__api_num(req, b, "score", &in.has_score, &in.score)) &&
	    !(rc = mc__api_bool(req, b, "proctored", false, &in.proctored)) &&
	    !(rc = mc__api_str(req, b, "identity_verification", false, &in.identity_verification)) &&
	    !(rc = mc__api_str(req, b, "supervisor_name", false, &in.supervisor_name)) &&
	    !(rc = mc__api_str(req, b, "supervisor_email", false, &in.supervisor_email)) &&
	    !(rc = mc__api_str(req, b, "statement", false, &in.statement))) {
		in.staff = mc__api_actor(req);
		rc = mc_result_record(req->app, req->a, &in, &o, &req->err);
	}
	return outcome(req, res, rc, o);
}
