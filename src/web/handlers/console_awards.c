/* The console's awards: the list with filters, a direct award, a bulk award from a
 * CSV upload (multipart) with its per-row report, and revoke / suspend / reinstate
 * with a reason. Editors and owners. */
#include <stdlib.h>
#include <string.h>

#include "microcred/achievement.h"
#include "microcred/award.h"
#include "microcred/bulk.h"
#include "microcred/lifecycle.h"

#include "web/handlers/console.h"
#include "web/multipart.h"

#define PAGE 50

static const char *bare_id(const char *id)
{
	return strncmp(id, "urn:uuid:", 9) == 0 ? id + 9 : id;
}

/* The list (filters from the query), the forms' choices, then the page. */
static int awards_page(struct mc_web_req *req, struct mc_web_res *res, struct mc__console *c, int status)
{
	struct mc_achievement_filter af = {.issuer_ref = c->is->id, .state = "all", .limit = 1000};
	struct mc_achievement **al;
	size_t na, total;
	int rc = mc_achievement_list(req->app, req->a, &af, &al, &na, &total, &req->err);
	if (rc)
		return rc;
	const char *fcred = mc_web_query(req, "credential"), *fstate = mc_web_query(req, "state");
	const char *femail = mc_web_query(req, "email"), *fpage = mc_web_query(req, "page");
	const char *chosen = mc_web_form(req, "credential");
	struct mc_json *creds = mc_json_new_array(req->a), *filter_creds = mc_json_new_array(req->a);
	for (size_t i = 0; i < na; i++) {
		struct mc_json *o = mc_json_array_push(req->a, filter_creds);
		mc_json_set_object(o);
		mc__console_put(req, o, "value", al[i]->slug);
		mc__console_put(req, o, "label", al[i]->title);
		mc_web_put_bool(req, o, "selected", fcred && strcmp(fcred, al[i]->slug) == 0);
		if (strcmp(al[i]->state, "published") != 0 || strcmp(al[i]->kind, "micro") != 0)
			continue; /* pathways are awarded by their rule, drafts cannot be */
		o = mc_json_array_push(req->a, creds);
		mc_json_set_object(o);
		mc__console_put(req, o, "value", al[i]->slug);
		mc__console_put(req, o, "label", al[i]->title);
		mc_web_put_bool(req, o, "selected", chosen && strcmp(chosen, al[i]->slug) == 0);
	}
	mc_json_object_set(req->a, c->d, "credentials", 11, creds);
	mc_json_object_set(req->a, c->d, "filter_credentials", 18, filter_creds);
	static const char *const states[] = {"",          "Any status", "active",  "Active",
	                                     "suspended", "Suspended",  "revoked", "Revoked"};
	mc_json_object_set(req->a, c->d, "states", 6,
	                   mc__console_options(req, states, 4, fstate ? fstate : ""));
	struct mc_json *filter = mc_json_new_object(req->a);
	mc__console_put(req, filter, "email", femail);
	mc_json_object_set(req->a, c->d, "filter", 6, filter);

	long page = fpage ? strtol(fpage, NULL, 10) : 1;
	if (page < 1 || page > 100000)
		page = 1;
	struct mc_award_filter f = {.issuer_ref = c->is->id,
	                            .achievement_ref = fcred && *fcred ? fcred : NULL,
	                            .email = femail && *femail ? femail : NULL,
	                            .state = fstate && *fstate ? fstate : NULL,
	                            .limit = PAGE + 1,
	                            .offset = (size_t)(page - 1) * PAGE};
	struct mc_award **w;
	size_t nw;
	struct mc_err e = {0};
	if ((rc = mc_award_list(req->app, req->a, &f, &w, &nw, &e))) {
		if (rc != MC_ENOTFOUND && rc != MC_EINVAL)
			return mc_err_set(&req->err, rc, "%s", e.msg);
		nw = 0; /* a filter naming nothing lists nothing */
	}
	struct mc_time now = mc_app_now(req->app);
	struct mc_json *items = mc_json_new_array(req->a);
	for (size_t i = 0; i < nw && i < PAGE; i++) {
		struct mc_json *it = mc_json_array_push(req->a, items);
		mc_json_set_object(it);
		const char *st = mc_credential_effective_state(w[i], &now);
		mc__console_put(req, it, "id", bare_id(w[i]->id));
		mc_web_put_int(req, it, "number", w[i]->number);
		mc__console_put(req, it, "name", w[i]->name);
		mc__console_put(req, it, "email", w[i]->email);
		mc__console_put(req, it, "state", st);
		mc__console_put(req, it, "reason", w[i]->state_reason);
		mc__console_put(req, it, "issued", mc__console_date(req, w[i]->issued_at));
		mc_web_put_bool(req, it, "can_revoke", strcmp(w[i]->state, "revoked") != 0);
		mc_web_put_bool(req, it, "can_suspend", strcmp(w[i]->state, "active") == 0);
		mc_web_put_bool(req, it, "can_reinstate", strcmp(w[i]->state, "suspended") == 0);
		for (size_t j = 0; j < na; j++)
			if (strcmp(al[j]->id, w[i]->achievement_id) == 0)
				mc__console_put(req, it, "credential", al[j]->title);
	}
	mc_json_object_set(req->a, c->d, "awards", 6, items);
	const char *q = mc_arena_printf(req->a, "credential=%s&state=%s&email=%s", fcred ? fcred : "",
	                                fstate ? fstate : "", femail ? femail : "");
	if (page > 1)
		mc__console_put(req, c->d, "prev", mc_arena_printf(req->a, "?%s&page=%ld", q, page - 1));
	if (nw > PAGE)
		mc__console_put(req, c->d, "next", mc_arena_printf(req->a, "?%s&page=%ld", q, page + 1));
	mc_web_put_int(req, c->d, "page", page);
	const char *awarded = mc_web_query(req, "awarded");
	if (awarded && strlen(awarded) <= 64)
		mc__console_put(req, c->d, "awarded", awarded);
	return mc__console_page(req, res, c, status, "console_awards", "Awards");
}

int mc__h_console_awards(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	int rc = mc__console_open(req, res, MC_ROLE_EDITOR, "awards", &c);
	return rc ? rc : awards_page(req, res, &c, 200);
}

int mc__h_console_award_direct(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	int rc = mc__console_open(req, res, MC_ROLE_EDITOR, "awards", &c);
	if (rc)
		return rc;
	const char *cred = mc_web_form(req, "credential"), *email = mc_web_form(req, "email");
	const char *name = mc_web_form(req, "name"), *date = mc_web_form(req, "date");
	const char *narrative = mc_web_form(req, "narrative");
	struct mc_json *form = mc_json_new_object(req->a);
	mc__console_put(req, form, "email", email);
	mc__console_put(req, form, "name", name);
	mc__console_put(req, form, "date", date);
	mc__console_put(req, form, "narrative", narrative);
	mc_json_object_set(req->a, c.d, "form", 4, form);
	struct mc_achievement *x;
	struct mc_award *w;
	if (!cred || !*cred)
		rc = mc_err_set(&req->err, MC_EINVAL, "choose the micro-credential to award");
	else if (!email || !*email)
		rc = mc_err_set(&req->err, MC_EINVAL, "give the recipient's email address");
	else if (!(rc = mc_email_check(email, &req->err)) &&
	         !(rc = mc_achievement_get(req->app, req->a, cred, &x, &req->err))) {
		if (strcmp(x->issuer_id, c.is->id) != 0)
			rc = mc_err_set(&req->err, MC_ENOTFOUND, "%s has no micro-credential '%s'",
			                c.is->name, cred);
		else {
			const char *issued = NULL;
			if (date && *date)
				issued =
				    strlen(date) == 10 ? mc_arena_printf(req->a, "%sT00:00:00Z", date) : date;
			struct mc_award_request r = {.achievement_ref = x->id,
			                             .email = email,
			                             .name = name && *name ? name : NULL,
			                             .issued_at = issued,
			                             .narrative = narrative && *narrative ? narrative : NULL};
			if (!(rc = mc_award_issue(req->app, req->a, &r, &w, &req->err))) {
				struct mc_err pe = {
				    0}; /* a pathway that cannot be awarded does not undo this award */
				mc_pathways_on_award(req->app, req->a, w->user_id, w->achievement_id, &pe);
			}
		}
	}
	if (rc) {
		int st = mc__console_form_error(req, rc, &c);
		if (st < 0)
			return st;
		mc__console_put(req, c.d, "award_error", req->err.msg);
		mc_json_object_remove(c.d, "error");
		return awards_page(req, res, &c, st);
	}
	return mc__console_redirect(req, res,
	                            mc_arena_printf(req->a, "/console/%s/awards?done=awarded&awarded=%s",
	                                            c.is->slug, bare_id(w->id)));
}

int mc__h_console_award_bulk(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	int rc = mc__console_open(req, res, MC_ROLE_EDITOR, "awards", &c);
	if (rc)
		return rc;
	const char *ct = mc_web_header(req, "Content-Type");
	struct mc_web_part *parts = NULL;
	size_t n = 0;
	if (!mc__web_is_multipart(ct))
		rc = mc_err_set(&req->err, MC_EINVAL,
		                "send the CSV file with the upload form (multipart/form-data)");
	else
		rc = mc__web_multipart_parse(req->a, ct, req->body.ptr, req->body.len, &parts, &n, &req->err);
	if (!rc && !mc__console_csrf_ok(req, mc__web_part_text(req->a, parts, n, "csrf"))) {
		req->problem_type = "csrf";
		return mc_err_set(
		    &req->err, MC_EAUTH,
		    "the form is out of date or was not sent by this site; reload it and try again");
	}
	const struct mc_web_part *file = rc ? NULL : mc__web_part(parts, n, "file");
	if (!rc && (!file || !file->data.len))
		rc = mc_err_set(&req->err, MC_EINVAL,
		                "choose a CSV file to upload (columns: email, name, micro_credential, "
		                "evidence_url, date)");
	struct mc_bulk_result r;
	memset(&r, 0, sizeof r);
	if (!rc) {
		struct mc_bulk_opts o = {.issuer_ref = c.is->id, .file_name = file->filename};
		rc = mc_bulk_award_csv(req->app, req->a, file->data.ptr, file->data.len, &o, &r, &req->err);
	}
	if (rc) {
		int st = mc__console_form_error(req, rc, &c);
		if (st < 0)
			return st;
		mc__console_put(req, c.d, "bulk_error", req->err.msg);
		mc_json_object_remove(c.d, "error");
		return awards_page(req, res, &c, st);
	}
	struct mc_json *rep = mc_json_new_object(req->a), *errs = mc_json_new_array(req->a);
	mc__console_put(req, rep, "file", file->filename);
	mc_web_put_int(req, rep, "total", (int64_t)r.total);
	mc_web_put_int(req, rep, "awarded", (int64_t)r.awarded);
	mc_web_put_int(req, rep, "skipped", (int64_t)r.skipped);
	mc_web_put_int(req, rep, "failed", (int64_t)r.failed);
	mc_web_put_int(req, rep, "pathways", (int64_t)r.pathways);
	mc_web_put_bool(req, rep, "resumed", r.resumed);
	for (size_t i = 0; i < r.n_errors; i++) {
		struct mc_json *o = mc_json_array_push(req->a, errs);
		mc_json_set_object(o);
		mc_web_put_int(req, o, "row", r.errors[i].row);
		mc__console_put(req, o, "column", r.errors[i].column);
		mc__console_put(req, o, "message", r.errors[i].message);
	}
	mc_json_object_set(req->a, rep, "errors", 6, errs);
	mc_json_object_set(req->a, c.d, "bulk", 4, rep);
	return awards_page(req, res, &c, 200);
}

/* POST /console/{issuer}/awards/{id}/status: action = revoke | suspend | reinstate. */
int mc__h_console_award_status(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	int rc = mc__console_open(req, res, MC_ROLE_EDITOR, "awards", &c);
	if (rc)
		return rc;
	struct mc_award *w;
	if ((rc = mc_award_get(req->app, req->a, req->params[1], &w, &req->err)))
		return rc;
	if (strcmp(w->issuer_id, c.is->id) != 0)
		return mc_err_set(&req->err, MC_ENOTFOUND, "%s has no credential '%s'", c.is->name,
		                  req->params[1]);
	const char *action = mc_web_form(req, "action"), *reason = mc_web_form(req, "reason");
	struct mc_state_change in = {
	    .credential_ref = w->id, .reason = reason && *reason ? reason : NULL, .actor = c.user->id};
	const char *done;
	if (action && strcmp(action, "revoke") == 0)
		rc = mc_credential_revoke(req->app, req->a, &in, &w, &req->err), done = "revoked";
	else if (action && strcmp(action, "suspend") == 0)
		rc = mc_credential_suspend(req->app, req->a, &in, &w, &req->err), done = "suspended";
	else if (action && strcmp(action, "reinstate") == 0)
		rc = mc_credential_reinstate(req->app, req->a, &in, &w, &req->err), done = "reinstated";
	else
		rc = mc_err_set(&req->err, MC_EINVAL, "choose Revoke, Suspend or Reinstate"), done = NULL;
	if (rc) {
		int st = mc__console_form_error(req, rc, &c);
		if (st < 0)
			return st;
		mc__console_put(
		    req, c.d, "status_error",
		    mc_arena_printf(req->a, "Credential #%lld: %s", (long long)w->number, req->err.msg));
		mc_json_object_remove(c.d, "error");
		return awards_page(req, res, &c, st);
	}
	return mc__console_redirect(req, res,
	                            mc_arena_printf(req->a, "/console/%s/awards?done=%s", c.is->slug, done));
}
