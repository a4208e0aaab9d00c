/* /api/v1/awards: direct and bulk (CSV) awards (editors), listing (staff; a learner
 * sees their own), one award (its recipient or staff), the signed credential
 * (public, like /credentials/{id}), and revoke / suspend / reinstate (editors). */
#include <string.h>

#include "microcred/achievement.h"
#include "microcred/bulk.h"

#include "web/handlers/api.h"
#include "web/multipart.h"

#define AWARD_MEMBERS "credential,email,name,did,evidence_url,date,award_key,narrative"

/* The Evidence array for an evidence URL (as `microcred award --evidence-url`). */
static struct mc_json *evidence_of(struct mc_web_req *req, const char *url)
{
	struct mc_json *evs = mc_json_new_array(req->a), *e = mc_json_new_object(req->a),
	               *t = mc_json_new_array(req->a);
	mc_json_array_append(req->a, t, mc_json_new_cstr(req->a, "Evidence"));
	mc_web_put(req, e, "id", url);
	mc_json_object_set(req->a, e, "type", 4, t);
	mc_json_array_append(req->a, evs, e);
	return evs;
}

/* The direct award's body, as `microcred award` takes it. */
static int award_input(struct mc_web_req *req, struct mc_award_request *in)
{
	struct mc_json *b;
	const char *evidence_url;
	int rc = mc__api_body(req, AWARD_MEMBERS, &b);
	if (rc || (rc = mc__api_str(req, b, "credential", true, &in->achievement_ref)) ||
	    (rc = mc__api_str(req, b, "email", true, &in->email)) ||
	    (rc = mc__api_str(req, b, "name", false, &in->name)) ||
	    (rc = mc__api_str(req, b, "did", false, &in->did)) ||
	    (rc = mc__api_str(req, b, "evidence_url", false, &evidence_url)) ||
	    (rc = mc__api_str(req, b, "date", false, &in->issued_at)) ||
	    (rc = mc__api_str(req, b, "award_key", false, &in->award_key)) ||
	    (rc = mc__api_str(req, b, "narrative", false, &in->narrative)))
		return rc;
	in->evidence = evidence_url ? evidence_of(req, evidence_url) : NULL;
	return 0;
}

/* A new credential may complete pathways (stacked credentials): award them too.
 * The award stands if that fails; the answer says so. */
static struct mc_json *award_answer(struct mc_web_req *req, const struct mc_award *w)
{
	size_t pathways = 0;
	struct mc_err pe = {0};
	int prc = w->created ? mc_pathways_on_award_n(req->app, req->a, w->user_id, w->achievement_id,
	                                              &pathways, &pe)
	                     : 0;
	struct mc_json *o = mc__api_award_json(req, w);
	mc_web_put_bool(req, o, "created", w->created);
	mc_web_put_int(req, o, "pathways_awarded", (int64_t)pathways);
	if (prc)
		mc_web_put(req, o, "pathway_error", pe.msg);
	return o;
}

int mc__h_api_award_create(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_award_request in = {0};
	struct mc_achievement *ach;
	struct mc_award *w;
	int rc = mc__web_require_user(req, res);
	if (rc || (rc = award_input(req, &in)) ||
	    (rc = mc_achievement_get(req->app, req->a, in.achievement_ref, &ach, &req->err)) ||
	    (rc = mc__web_require_role(req, res, ach->issuer_id, MC_ROLE_EDITOR)) ||
	    (rc = mc_award_issue(req->app, req->a, &in, &w, &req->err)))
		return rc;
	struct mc_json *o = award_answer(req, w);
	if (!w->created) /* the award key had been used: the first credential */
		return mc__api_json(req, res, 200, o);
	return mc__api_created(req, res, o, mc_arena_printf(req->a, "/api/v1/awards/%s", w->id));
}

/* The CSV: the body itself (text/csv), or the part "file" of a multipart form. */
static int csv_of(struct mc_web_req *req, struct mc_slice *csv, const char **file_name)
{
	const char *ct = mc_web_header(req, "Content-Type");
	struct mc_web_part *parts;
	size_t n;
	if (!mc__web_is_multipart(ct))
		return 0;
	int rc = mc__web_multipart_parse(req->a, ct, req->body.ptr, req->body.len, &parts, &n, &req->err);
	if (rc)
		return rc;
	const struct mc_web_part *f = mc__web_part(parts, n, "file");
	if (!f)
		return mc_err_set(&req->err, MC_EINVAL, "the form has no part \"file\" with the CSV file");
	*csv = f->data;
	if (f->filename && !*file_name)
		*file_name = f->filename;
	return 0;
}

/* What a bulk run did: counts, and each failed row (row, column, message). */
static struct mc_json *bulk_json(struct mc_web_req *req, const struct mc_bulk_result *r)
{
	struct mc_json *j = mc_json_new_object(req->a), *errs = mc_json_new_array(req->a);
	mc_web_put(req, j, "job", r->job_id);
	mc_web_put_bool(req, j, "resumed", r->resumed);
	mc_web_put_int(req, j, "rows", (int64_t)r->total);
	mc_web_put_int(req, j, "awarded", (int64_t)r->awarded);
	mc_web_put_int(req, j, "skipped", (int64_t)r->skipped);
	mc_web_put_int(req, j, "failed", (int64_t)r->failed);
	mc_web_put_int(req, j, "pathways", (int64_t)r->pathways);
	for (size_t i = 0; i < r->n_errors; i++) {
		struct mc_json *e = mc_json_array_push(req->a, errs);
		mc_json_set_object(e);
		mc_web_put_int(req, e, "row", r->errors[i].row);
		mc_web_put(req, e, "column", r->errors[i].column);
		mc_web_put(req, e, "message", r->errors[i].message);
	}
	mc_json_object_set(req->a, j, "errors", 6, errs);
	return j;
}

/* The CSV file is the body; ?issuer= names the issuer every row must belong to.
 * 200 even when rows failed: the answer lists them. */
int mc__h_api_award_bulk(struct mc_web_req *req, struct mc_web_res *res)
{
	const char *issuer = mc_web_query(req, "issuer");
	struct mc_issuer *is;
	struct mc_bulk_result r;
	int rc = mc__web_require_user(req, res);
	if (!rc && !issuer)
		rc = mc_err_set(&req->err, MC_EINVAL,
		                "say which issuer awards: ?issuer=SLUG (every row must be its)");
	if (rc || (rc = mc_issuer_get(req->app, req->a, issuer, &is, &req->err)) ||
	    (rc = mc__web_require_role(req, res, is->id, MC_ROLE_EDITOR)))
		return rc;
	struct mc_bulk_opts o = {.issuer_ref = is->id, .file_name = mc_web_query(req, "file_name")};
	struct mc_slice csv = req->body;
	if ((rc = csv_of(req, &csv, &o.file_name)) ||
	    (rc = mc_bulk_award_csv(req->app, req->a, csv.ptr ? csv.ptr : "", csv.len, &o, &r, &req->err)))
		return rc;
	return mc__api_json(req, res, 200, bulk_json(req, &r));
}

/* Staff list their issuer's awards (?issuer=, required with a token, whose issuer
 * it defaults to); a signed-in learner lists their own; an administrator, all. */
static int list_scope(struct mc_web_req *req, struct mc_web_res *res, struct mc_award_filter *f)
{
	struct mc_web_user *u = mc__web_current_user(req);
	struct mc_issuer *is;
	int rc = mc__web_require_user(req, res);
	if (rc)
		return rc;
	if (!f->issuer_ref && u->token_id)
		f->issuer_ref = u->token_issuer_id;
	if (f->issuer_ref) {
		if ((rc = mc_issuer_get(req->app, req->a, f->issuer_ref, &is, &req->err)))
			return rc;
		f->issuer_ref = is->id;
		return mc__web_require_role(req, res, is->id, MC_ROLE_ASSESSOR);
	}
	if (!u->is_admin)
		f->user_id = u->id;
	return 0;
}

int mc__h_api_award_list(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_api_page pg;
	struct mc_award_filter f = {.issuer_ref = mc_web_query(req, "issuer"),
	                            .achievement_ref = mc_web_query(req, "credential"),
	                            .email = mc_web_query(req, "email"),
	                            .state = mc_web_query(req, "state")};
	struct mc_award **list;
	size_t n;
	int rc = mc__api_page(req, &pg);
	if (rc || (rc = list_scope(req, res, &f)))
		return rc;
	f.limit = pg.limit + 1; /* one more than asked tells whether there is a next page */
	f.offset = pg.offset;
	if ((rc = mc_award_list(req->app, req->a, &f, &list, &n, &req->err)))
		return rc;
	struct mc_json *items = mc_json_new_array(req->a);
	for (size_t i = 0; i < n && i < pg.limit; i++)
		mc_json_array_append(req->a, items, mc__api_award_json(req, list[i]));
	return mc__api_json(req, res, 200, mc__api_list(req, &pg, items, n > pg.limit, -1));
}

int mc__h_api_award_get(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_award *w;
	int rc = mc_award_get(req->app, req->a, req->params[0], &w, &req->err);
	if (rc || (rc = mc__api_self_or_staff(req, res, w->user_id, w->issuer_id, MC_ROLE_ASSESSOR)))
		return rc;
	return mc__api_json(req, res, 200, mc__api_award_json(req, w));
}

/* The signed credential exactly as stored: ?format=json (default) or jwt. */
int mc__h_api_award_export(struct mc_web_req *req, struct mc_web_res *res)
{
	const char *format = mc_web_query(req, "format");
	struct mc_award *w;
	int rc = mc_award_get(req->app, req->a, req->params[0], &w, &req->err);
	if (rc)
		return rc;
	if (!format || !strcmp(format, "json")) {
		mc_web_res_bytes(res, 200, "application/vc+ld+json", w->json, strlen(w->json));
		return 0;
	}
	if (strcmp(format, "jwt") != 0)
		return mc_err_set(&req->err, MC_EINVAL, "?format= is json or jwt, not '%.32s'", format);
	if (!w->jwt) {
		req->problem_type = "no-jwt";
		return mc_err_set(&req->err, MC_ENOTFOUND,
		                  "credential %s has no VC-JWT: its issuer does not issue them", w->id);
	}
	mc_web_res_bytes(res, 200, "application/vc+jwt", w->jwt, strlen(w->jwt));
	return 0;
}

typedef int (*state_fn)(struct mc_app *, struct mc_arena *, const struct mc_state_change *,
                        struct mc_award **, struct mc_err *);

/* {reason} -> the award after the change; editors of its issuer. */
static int change_state(struct mc_web_req *req, struct mc_web_res *res, state_fn fn)
{
	struct mc_award *w;
	struct mc_json *b = NULL;
	struct mc_state_change in = {.credential_ref = req->params[0]};
	int rc = mc_award_get(req->app, req->a, req->params[0], &w, &req->err);
	if (rc || (rc = mc__web_require_role(req, res, w->issuer_id, MC_ROLE_EDITOR)))
		return rc;
	if (req->body.len && ((rc = mc__api_body(req, "reason", &b)) ||
	                      (rc = mc__api_str(req, b, "reason", false, &in.reason))))
		return rc;
	/* The service checks the actor's role; an administrator (NULL) may act anywhere. */
	struct mc_web_user *u = mc__web_current_user(req);
	in.actor = u->is_admin ? NULL : u->id;
	if ((rc = fn(req->app, req->a, &in, &w, &req->err)))
		return rc;
	return mc__api_json(req, res, 200, mc__api_award_json(req, w));
}

int mc__h_api_award_revoke(struct mc_web_req *req, struct mc_web_res *res)
{
	return change_state(req, res, mc_credential_revoke);
}

int mc__h_api_award_suspend(struct mc_web_req *req, struct mc_web_res *res)
{
	return change_state(req, res, mc_credential_suspend);
}

int mc__h_api_award_reinstate(struct mc_web_req *req, struct mc_web_res *res)
{
	return change_state(req, res, mc_credential_reinstate);
}
