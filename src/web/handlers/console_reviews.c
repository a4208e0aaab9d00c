/* The console's review queue: evidence waiting at the issuer, each item with the
 * learner, the requirement, the content (text, link, file download) and the
 * review form (accept or reject, score, rubric points, comment). Assessors and up;
 * the evidence must belong to an enrolment in one of the issuer's micro-credentials. */
#include <stdlib.h>
#include <string.h>

#include "microcred/achievement.h"
#include "microcred/analytics.h"
#include "microcred/learning.h"

#include "web/handlers/console.h"

int mc__h_console_reviews(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	int rc = mc__console_open(req, res, MC_ROLE_ASSESSOR, "reviews", &c);
	if (rc)
		return rc;
	struct mc_console_review_item *q;
	size_t n, total;
	if ((rc = mc_console_review_queue(req->app, req->a, c.is->id, 200, &q, &n, &total, &req->err)))
		return rc;
	struct mc_json *items = mc_json_new_array(req->a);
	for (size_t i = 0; i < n; i++) {
		struct mc_json *it = mc_json_array_push(req->a, items);
		mc_json_set_object(it);
		mc__console_put(req, it, "id", q[i].evidence_id);
		mc__console_put(req, it, "learner", q[i].learner_name);
		mc__console_put(req, it, "email", q[i].learner_email);
		mc__console_put(req, it, "title", q[i].achievement_title);
		mc__console_put(req, it, "submitted", mc__console_date(req, q[i].submitted_at));
	}
	mc_json_object_set(req->a, c.d, "items", 5, items);
	mc_web_put_int(req, c.d, "total", (int64_t)total);
	mc_web_put_bool(req, c.d, "more", total > n);
	return mc__console_page(req, res, &c, 200, "console_reviews", "Review queue");
}

/* The evidence of the URL (params[1]), its enrolment, and its requirement; MC_ENOTFOUND
 * when it is not this issuer's (said the same way as an unknown id). */
static int load(struct mc_web_req *req, struct mc__console *c, struct mc_evidence **ev,
                struct mc_enrolment **en, struct mc_requirement **rq)
{
	struct mc_err e = {0};
	int rc = mc_evidence_get(req->app, req->a, req->params[1], c->user->id, ev, &e);
	if (!rc)
		rc = mc_enrolment_get(req->app, req->a, (*ev)->enrolment_id, en, &e);
	if (rc == MC_EAUTH || rc == MC_ENOTFOUND || (!rc && strcmp((*en)->issuer_id, c->is->id) != 0))
		return mc_err_set(&req->err, MC_ENOTFOUND, "%s has no evidence '%s' to review", c->is->name,
		                  req->params[1]);
	if (rc)
		return mc_err_set(&req->err, rc, "%s", e.msg);
	struct mc_requirement *list;
	size_t n;
	if ((rc = mc_requirement_list(req->app, req->a, (*en)->achievement_id, &list, &n, &req->err)))
		return rc;
	*rq = NULL;
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].id, (*ev)->requirement_id) == 0)
			*rq = &list[i];
	return 0;
}

static int review_page(struct mc_web_req *req, struct mc_web_res *res, struct mc__console *c,
                       struct mc_evidence *ev, struct mc_enrolment *en, struct mc_requirement *rq, int status)
{
	struct mc_json *e = mc_json_new_object(req->a);
	mc__console_put(req, e, "id", ev->id);
	mc__console_put(req, e, "kind", ev->kind);
	mc__console_put(req, e, "title", ev->title);
	mc__console_put(req, e, "text", ev->text);
	mc__console_put(req, e, "url", ev->url);
	mc__console_put(req, e, "file_name", ev->file_name);
	mc__console_put(req, e, "file_type", ev->file_media_type);
	mc_web_put_int(req, e, "file_size", ev->file_size);
	mc__console_put(req, e, "state", ev->state);
	mc_web_put_bool(req, e, "pending", strcmp(ev->state, "submitted") == 0);
	mc_web_put_bool(req, e, "public", ev->is_public);
	mc__console_put(req, e, "submitted", mc__console_date(req, ev->submitted_at));
	mc__console_put(req, e, "learner", en->name);
	mc__console_put(req, e, "email", en->email);
	mc__console_put(req, e, "credential", en->achievement_title);
	mc__console_put(req, e, "credential_slug", en->achievement_slug);
	mc__console_put(req, e, "requirement", ev->requirement_title);
	mc__console_put(req, e, "requirement_kind", ev->requirement_kind);
	mc_web_put_int(req, e, "requirement_number", ev->requirement_number);
	if (rq)
		mc__console_put(req, e, "requirement_summary", mc_requirement_summary(req->a, rq));
	if (ev->review_id) {
		mc__console_put(req, e, "decision", ev->decision);
		mc__console_put(req, e, "reviewer", ev->reviewer_email);
		if (ev->has_score)
			mc__console_put(req, e, "score", mc_arena_printf(req->a, "%g", ev->score));
	}
	mc_json_object_set(req->a, c->d, "evidence", 8, e);
	/* The rubric of an assignment: one points field per criterion. */
	const struct mc_json *rubric = rq ? mc_json_get(rq->config, "rubric") : NULL;
	struct mc_json *ra = mc_json_new_array(req->a);
	for (uint32_t i = 0; mc_json_is_array(rubric) && i < rubric->len; i++) {
		const struct mc_json *cr = &rubric->v.items[i];
		struct mc_json *o = mc_json_array_push(req->a, ra);
		mc_json_set_object(o);
		mc__console_put(req, o, "criterion", mc_json_get_str(cr, "criterion"));
		mc__console_put(req, o, "max",
		                mc_arena_printf(req->a, "%g", mc_json_number(mc_json_get(cr, "points"))));
		mc_web_put_int(req, o, "i", i);
		const char *v = mc_web_form(req, mc_arena_printf(req->a, "rubric_%u", i));
		mc__console_put(req, o, "value", v);
	}
	mc_json_object_set(req->a, c->d, "rubric", 6, ra);
	const struct mc_json *thr = rq ? mc_json_get(rq->config, "pass_threshold") : NULL;
	if (thr && mc_json_is_number(thr))
		mc__console_put(req, c->d, "threshold", mc_arena_printf(req->a, "%g", mc_json_number(thr)));
	struct mc_json *form = mc_json_new_object(req->a);
	mc__console_put(req, form, "score", mc_web_form(req, "score"));
	mc__console_put(req, form, "comment", mc_web_form(req, "comment"));
	mc_json_object_set(req->a, c->d, "form", 4, form);
	return mc__console_page(req, res, c, status, "console_review", "Review evidence");
}

int mc__h_console_review(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	struct mc_evidence *ev;
	struct mc_enrolment *en;
	struct mc_requirement *rq;
	int rc = mc__console_open(req, res, MC_ROLE_ASSESSOR, "reviews", &c);
	if (rc || (rc = load(req, &c, &ev, &en, &rq)))
		return rc;
	return review_page(req, res, &c, ev, en, rq, 200);
}

int mc__h_console_review_record(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	struct mc_evidence *ev;
	struct mc_enrolment *en;
	struct mc_requirement *rq;
	int rc = mc__console_open(req, res, MC_ROLE_ASSESSOR, "reviews", &c);
	if (rc || (rc = load(req, &c, &ev, &en, &rq)))
		return rc;
	const char *decision = mc_web_form(req, "decision"), *score = mc_web_form(req, "score");
	const char *comment = mc_web_form(req, "comment");
	struct mc_review_input in = {.evidence_id = ev->id,
	                             .reviewer = c.user->id,
	                             .accept = decision && strcmp(decision, "accept") == 0,
	                             .comment = comment && *comment ? comment : NULL};
	const struct mc_json *rubric = rq ? mc_json_get(rq->config, "rubric") : NULL;
	size_t nr = mc_json_is_array(rubric) ? rubric->len : 0;
	struct mc_rubric_score *scores = MC_ARENA_NEW_ARRAY(req->a, struct mc_rubric_score, nr ? nr : 1);
	size_t given = 0;
	for (size_t i = 0; i < nr; i++) {
		const char *v = mc_web_form(req, mc_arena_printf(req->a, "rubric_%zu", i));
		if (!v || !*v)
			continue;
		char *end;
		scores[given].criterion = mc_json_get_str(&rubric->v.items[i], "criterion");
		scores[given].points = strtod(v, &end);
		if (*end) {
			rc = mc_err_set(&req->err, MC_EINVAL, "points for '%s' must be a number, not '%s'",
			                scores[given].criterion, v);
			break;
		}
		given++;
	}
	in.rubric = given ? scores : NULL;
	in.rubric_n = given;
	if (!rc && score && *score) {
		char *end;
		in.score = strtod(score, &end);
		in.has_score = true;
		if (*end)
			rc = mc_err_set(&req->err, MC_EINVAL, "the score must be a number, not '%s'", score);
	}
	if (!rc && (!decision || (strcmp(decision, "accept") && strcmp(decision, "reject"))))
		rc = mc_err_set(&req->err, MC_EINVAL, "press Accept or Reject");
	struct mc_learning_outcome *out;
	if (!rc)
		rc = mc_review_record(req->app, req->a, &in, &out, &req->err);
	if (rc) {
		int st = mc__console_form_error(req, rc, &c);
		return st < 0 ? st : review_page(req, res, &c, ev, en, rq, st);
	}
	return mc__console_redirect(req, res,
	                            mc_arena_printf(req->a, "/console/%s/reviews?done=reviewed", c.is->slug));
}

/* The evidence file, as an attachment (never rendered inline: it is the learner's
 * upload). */
int mc__h_console_review_file(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	struct mc_evidence *ev;
	struct mc_enrolment *en;
	struct mc_requirement *rq;
	int rc = mc__console_open(req, res, MC_ROLE_ASSESSOR, "reviews", &c);
	if (rc || (rc = load(req, &c, &ev, &en, &rq)))
		return rc;
	if (!ev->file_sha256)
		return mc_err_set(&req->err, MC_ENOTFOUND, "evidence '%s' is not a file", ev->id);
	const void *bytes;
	size_t len;
	const char *type;
	if ((rc = mc_evidence_file(req->app, req->a, ev->file_sha256, &bytes, &len, &type, &req->err)))
		return rc;
	/* The stored name is the learner's: keep only safe characters in the header. */
	char *name = mc_arena_strdup(req->a, ev->file_name ? ev->file_name : "evidence");
	for (char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '-' || *p == '_'))
			*p = '_';
	mc_web_res_header(res, "Content-Disposition",
	                  mc_arena_printf(req->a, "attachment; filename=\"%s\"", name));
	mc_web_res_bytes(res, 200, type, bytes, len);
	res->cache_control = "private, no-store";
	return 0;
}
