/* The learner's own pages: the dashboard (enrolments with progress), one
 * enrolment (requirements, evidence and reviews, evidence forms), withdrawing
 * (with a confirmation step), enrolling from a micro-credential's page, their own
 * evidence files, and the backpack (earned badges, downloads, the public-profile
 * switch). Everything goes through microcred/learner.h, which answers only about
 * the signed-in learner's own data.
 *
 * Forms post back and redirect (303) to a page with ?done=<what> so a reload does
 * not post twice; a form with a mistake is shown again with the message beside it
 * and what was typed kept. */
#include <stdio.h>
#include <string.h>

#include "microcred/account.h"
#include "microcred/learner.h"

#include "web/auth.h"
#include "web/handlers/handlers.h"
#include "web/multipart.h"

#define ACCEPTED_FILES ".pdf,.png,.jpg,.jpeg,.webp,.zip,.txt,.md,.markdown"
#define ACCEPTED_FILES_TEXT "PDF, PNG, JPEG, WebP, ZIP, plain text or Markdown"

static struct mc_json *obj(struct mc_web_req *req)
{
	return mc_json_new_object(req->a);
}

/* A string member; NULL is stored as "" so that a template never falls back to
 * an outer value of the same name. */
static void put_s(struct mc_web_req *req, struct mc_json *o, const char *key, const char *s)
{
	mc_web_put(req, o, key, s ? s : "");
}

static void put_json(struct mc_web_req *req, struct mc_json *o, const char *key, struct mc_json *v)
{
	mc_json_object_set(req->a, o, key, strlen(key), v);
}

/* "2025-01-15" of an RFC 3339 time (or the text itself when shorter). */
static const char *day(struct mc_web_req *req, const char *t)
{
	return t ? mc_arena_strndup(req->a, t, strlen(t) < 10 ? strlen(t) : 10) : NULL;
}

static const char *uuid_of(const char *id)
{
	return strncmp(id, "urn:uuid:", 9) == 0 ? id + 9 : id;
}

static const char *size_text(struct mc_web_req *req, size_t n)
{
	if (n >= 1024 * 1024)
		return mc_arena_printf(req->a, "%.1f MB", (double)n / (1024.0 * 1024.0));
	if (n >= 1024)
		return mc_arena_printf(req->a, "%.0f KB", (double)n / 1024.0);
	return mc_arena_printf(req->a, "%zu bytes", n);
}

static const char *num_text(struct mc_web_req *req, double v)
{
	return mc_arena_printf(req->a, "%g", v);
}

/* The signed-in learner's id (mc__web_require_user has run). */
static const char *me(struct mc_web_req *req)
{
	struct mc_web_user *u = mc__web_current_user(req);
	return u ? u->id : NULL;
}

static int redirect(struct mc_web_req *req, struct mc_web_res *res, const char *location)
{
	mc_web_res_header(res, "Location", location);
	mc_web_res_bytes(res, 303, "text/plain; charset=utf-8", "See Other\n", 10);
	(void)req;
	return 0;
}

/* What a ?done= value means: the one notice a page shows after a form (a fixed
 * list, so nothing from the URL is echoed). */
static const char *done_notice(struct mc_web_req *req)
{
	static const struct {
		const char *key, *text;
	} notices[] = {
	    {"enrolled", "You are enrolled. Your progress starts here."},
	    {"evidence", "Evidence submitted. An assessor will review it; its status shows below."},
	    {"withdrawn", "You have withdrawn from the micro-credential. You can enrol again at any time."},
	    {"public", "Your public profile is on: employers can see your active badges."},
	    {"private", "Your public profile is off: only people you send a badge link to can see it."},
	};
	const char *k = mc_web_query(req, "done");
	for (size_t i = 0; k && i < sizeof notices / sizeof notices[0]; i++)
		if (strcmp(k, notices[i].key) == 0)
			return notices[i].text;
	return NULL;
}

/* ---- views ---- */

static const char *req_state_class(enum mc_req_state s)
{
	switch (s) {
	case MC_REQ_MET: return "met";
	case MC_REQ_SUBMITTED: return "submitted";
	case MC_REQ_IN_PROGRESS: return "in-progress";
	case MC_REQ_FAILED: return "failed";
	default: return "not-started";
	}
}

static const char *req_state_label(enum mc_req_state s)
{
	switch (s) {
	case MC_REQ_MET: return "Done";
	case MC_REQ_SUBMITTED: return "Awaiting review";
	case MC_REQ_IN_PROGRESS: return "In progress";
	case MC_REQ_FAILED: return "Not met";
	default: return "To do";
	}
}

static bool takes_evidence(const char *kind)
{
	return strcmp(kind, "assignment") == 0 || strcmp(kind, "portfolio") == 0;
}

static struct mc_json *requirement_view(struct mc_web_req *req, const struct mc_requirement_progress *r)
{
	struct mc_json *o = obj(req);
	put_s(req, o, "id", r->id);
	mc_web_put_int(req, o, "number", r->number);
	put_s(req, o, "title", r->title);
	put_s(req, o, "kind", r->kind);
	put_s(req, o, "mode", r->mode);
	put_s(req, o, "state", req_state_class(r->state));
	put_s(req, o, "state_label", req_state_label(r->state));
	put_s(req, o, "description", r->description);
	mc_web_put_bool(req, o, "met", r->state == MC_REQ_MET);
	mc_web_put_bool(req, o, "takes_evidence", takes_evidence(r->kind));
	return o;
}

/* The enrolment for a template; *reqs_out (may be NULL) is its requirements array,
 * for the enrolment page to add evidence to. */
static struct mc_json *enrolment_view(struct mc_web_req *req, const struct mc_progress *p,
                                      struct mc_json **reqs_out)
{
	const struct mc_enrolment *e = p->enrolment;
	struct mc_json *o = obj(req), *reqs = mc_json_new_array(req->a);
	char now[32];
	mc_app_now_text(req->app, now);
	size_t met = 0;
	for (size_t i = 0; i < p->n; i++) {
		mc_json_array_append(req->a, reqs, requirement_view(req, &p->reqs[i]));
		met += p->reqs[i].state == MC_REQ_MET;
	}
	bool active = strcmp(e->state, "active") == 0;
	put_s(req, o, "id", e->id);
	put_s(req, o, "title", e->achievement_title);
	put_s(req, o, "slug", e->achievement_slug);
	put_s(req, o, "state", e->state);
	mc_web_put_bool(req, o, "active", active);
	mc_web_put_bool(req, o, "completed", strcmp(e->state, "completed") == 0);
	mc_web_put_bool(req, o, "withdrawn", strcmp(e->state, "withdrawn") == 0);
	put_s(req, o, "started", day(req, e->started_at));
	put_s(req, o, "started_at", e->started_at);
	put_s(req, o, "target_date", day(req, e->target_date));
	put_s(req, o, "target_at", e->target_date);
	mc_web_put_bool(req, o, "overdue", active && e->target_date && strncmp(e->target_date, now, 10) < 0);
	put_s(req, o, "completed_on", day(req, e->completed_at));
	put_s(req, o, "withdrawn_on", day(req, e->withdrawn_at));
	mc_web_put_int(req, o, "percent", p->percent);
	mc_web_put_bool(req, o, "complete", p->complete);
	mc_web_put_int(req, o, "met", (int64_t)met);
	mc_web_put_int(req, o, "total", (int64_t)p->n);
	put_s(req, o, "req_word", p->n == 1 ? "requirement" : "requirements");
	if (p->credential_id)
		put_s(req, o, "credential", uuid_of(p->credential_id));
	put_json(req, o, "requirements", reqs);
	if (reqs_out)
		*reqs_out = (struct mc_json *)mc_json_get(o, "requirements");
	return o;
}

static struct mc_json *review_view(struct mc_web_req *req, const struct mc_evidence *ev)
{
	struct mc_json *o = obj(req), *fb = NULL;
	bool accepted = ev->decision && strcmp(ev->decision, "accept") == 0;
	mc_web_put_bool(req, o, "accepted", accepted);
	put_s(req, o, "decision", accepted ? "accepted" : "rejected");
	if (ev->has_score)
		put_s(req, o, "score", num_text(req, ev->score));
	put_s(req, o, "reviewed", day(req, ev->reviewed_at));
	put_s(req, o, "reviewed_at", ev->reviewed_at);
	if (ev->feedback_json &&
	    mc_json_parse(req->a, ev->feedback_json, strlen(ev->feedback_json), NULL, &fb, NULL) == 0) {
		put_s(req, o, "comment", mc_json_get_str(fb, "comment"));
		const struct mc_json *rubric = mc_json_get(fb, "rubric");
		struct mc_json *rows = mc_json_new_array(req->a);
		for (size_t i = 0; mc_json_is_array(rubric) && i < rubric->len; i++) {
			const struct mc_json *row = &rubric->v.items[i];
			struct mc_json *r = obj(req);
			put_s(req, r, "criterion", mc_json_get_str(row, "criterion"));
			const struct mc_json *pts = mc_json_get(row, "points");
			if (mc_json_is_number(pts))
				put_s(req, r, "points", num_text(req, mc_json_number(pts)));
			mc_json_array_append(req->a, rows, r);
		}
		if (rows->len)
			put_json(req, o, "rubric", rows);
	}
	return o;
}

static struct mc_json *evidence_view(struct mc_web_req *req, const struct mc_evidence *ev)
{
	struct mc_json *o = obj(req);
	put_s(req, o, "id", ev->id);
	put_s(req, o, "title", ev->title);
	put_s(req, o, "kind", ev->kind);
	put_s(req, o, "text", ev->text);
	put_s(req, o, "url", ev->url);
	if (ev->file_sha256) {
		put_s(req, o, "file_name", ev->file_name ? ev->file_name : "file");
		put_s(req, o, "file_type", ev->file_media_type);
		put_s(req, o, "file_size", size_text(req, (size_t)ev->file_size));
		put_s(req, o, "file_url", mc_arena_printf(req->a, "/evidence/%s/file", ev->id));
	}
	put_s(req, o, "state", ev->state);
	put_s(req, o, "state_label",
	      strcmp(ev->state, "accepted") == 0   ? "Accepted"
	      : strcmp(ev->state, "rejected") == 0 ? "Not accepted"
	                                           : "Awaiting review");
	mc_web_put_bool(req, o, "public", ev->is_public);
	put_s(req, o, "submitted", day(req, ev->submitted_at));
	put_s(req, o, "submitted_at", ev->submitted_at);
	if (ev->review_id)
		put_json(req, o, "review", review_view(req, ev));
	return o;
}

/* ---- /dashboard ---- */

int mc__h_dashboard(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_progress **list;
	struct mc_backpack_item *badges;
	size_t n, nb;
	int rc = mc__web_require_user(req, res);
	if (rc || (rc = mc_learner_enrolments(req->app, req->a, me(req), true, &list, &n, &req->err)) ||
	    (rc = mc_learner_backpack(req->app, req->a, me(req), &badges, &nb, &req->err)))
		return rc;
	struct mc_json *d = obj(req), *current = mc_json_new_array(req->a), *past = mc_json_new_array(req->a);
	int64_t active = 0, completed = 0, earned = 0;
	for (size_t i = 0; i < n; i++) {
		const char *st = list[i]->enrolment->state;
		active += strcmp(st, "active") == 0;
		completed += strcmp(st, "completed") == 0;
		mc_json_array_append(req->a, strcmp(st, "withdrawn") == 0 ? past : current,
		                     enrolment_view(req, list[i], NULL));
	}
	for (size_t i = 0; i < nb; i++)
		earned += strcmp(badges[i].shown_state, "active") == 0;
	put_json(req, d, "enrolments", current);
	put_json(req, d, "withdrawn", past);
	mc_web_put_int(req, d, "n_active", active);
	mc_web_put_int(req, d, "n_completed", completed);
	mc_web_put_int(req, d, "n_badges", earned);
	mc_web_put_int(req, d, "n_withdrawn", (int64_t)past->len);
	put_s(req, d, "notice", done_notice(req));
	return mc_web_res_page(req, res, 200, "dashboard", "Your learning", d);
}

/* ---- /enrolments/{id} ---- */

/* What a learner typed into an evidence form, shown again with its error. */
struct evidence_form {
	const char *requirement, *title, *text, *url, *error;
	bool is_public;
};

static int enrolment_page(struct mc_web_req *req, struct mc_web_res *res, int status,
                          const struct evidence_form *form)
{
	struct mc_learner_enrolment *le;
	size_t max_file;
	int rc = mc_learner_enrolment(req->app, req->a, me(req), req->params[0], &le, &req->err);
	if (rc || (rc = mc_evidence_max_file_size(req->app, &max_file, &req->err)))
		return rc;
	struct mc_json *reqs, *d = obj(req), *e = enrolment_view(req, le->progress, &reqs);
	bool active = strcmp(le->progress->enrolment->state, "active") == 0;
	for (size_t i = 0; i < reqs->len; i++) {
		const struct mc_requirement_progress *rp = &le->progress->reqs[i];
		struct mc_json *r = &reqs->v.items[i], *evs = mc_json_new_array(req->a);
		const char *rid = rp->id;
		for (size_t j = 0; j < le->n_evidence; j++)
			if (strcmp(le->evidence[j]->requirement_id, rid) == 0)
				mc_json_array_append(req->a, evs, evidence_view(req, le->evidence[j]));
		put_json(req, r, "evidence", evs);
		/* A portfolio takes more items after it is met; an assignment does not. */
		bool open = active && takes_evidence(rp->kind) &&
		            (strcmp(rp->kind, "portfolio") == 0 || rp->state != MC_REQ_MET);
		mc_web_put_bool(req, r, "form_open", open);
		if (form && form->requirement && strcmp(form->requirement, rid) == 0) {
			struct mc_json *f = obj(req);
			put_s(req, f, "error", form->error);
			put_s(req, f, "title", form->title);
			put_s(req, f, "text", form->text);
			put_s(req, f, "url", form->url);
			mc_web_put_bool(req, f, "public", form->is_public);
			put_json(req, r, "form", f);
		}
	}
	put_json(req, d, "enrolment", e);
	put_s(req, d, "max_file", size_text(req, max_file));
	put_s(req, d, "accept", ACCEPTED_FILES);
	put_s(req, d, "accept_text", ACCEPTED_FILES_TEXT);
	put_s(req, d, "notice", done_notice(req));
	if (form && form->error && !form->requirement)
		put_s(req, d, "error", form->error);
	return mc_web_res_page(req, res, status, "enrolment", le->progress->enrolment->achievement_title, d);
}

int mc__h_enrolment(struct mc_web_req *req, struct mc_web_res *res)
{
	int rc = mc__web_require_user(req, res);
	return rc ? rc : enrolment_page(req, res, 200, NULL);
}

/* The fields of an evidence form, from a multipart (or, without a file, an
 * urlencoded) body. */
struct evidence_fields {
	struct evidence_form form;
	const struct mc_web_part *file;
};

static int read_evidence_fields(struct mc_web_req *req, struct evidence_fields *f)
{
	const char *ct = mc_web_header(req, "Content-Type");
	memset(f, 0, sizeof *f);
	if (!mc__web_is_multipart(ct)) {
		f->form.requirement = mc_web_form(req, "requirement");
		f->form.title = mc_web_form(req, "title");
		f->form.text = mc_web_form(req, "text");
		f->form.url = mc_web_form(req, "url");
		f->form.is_public = mc_web_form(req, "public") != NULL;
		return 0;
	}
	struct mc_web_part *parts;
	size_t n;
	int rc = mc__web_multipart_parse(req->a, ct, req->body.ptr, req->body.len, &parts, &n, &req->err);
	if (rc)
		return rc;
	f->form.requirement = mc__web_part_text(req->a, parts, n, "requirement");
	f->form.title = mc__web_part_text(req->a, parts, n, "title");
	f->form.text = mc__web_part_text(req->a, parts, n, "text");
	f->form.url = mc__web_part_text(req->a, parts, n, "url");
	f->form.is_public = mc__web_part(parts, n, "public") != NULL;
	f->file = mc__web_part(parts, n, "file");
	/* A file input left empty still sends a part, with no name and no bytes. */
	if (f->file && (!f->file->filename || !*f->file->filename) && f->file->data.len == 0)
		f->file = NULL;
	return 0;
}

static bool blank(const char *s)
{
	while (s && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		s++;
	return !s || !*s;
}

int mc__h_evidence_submit(struct mc_web_req *req, struct mc_web_res *res)
{
	struct evidence_fields f;
	struct mc_evidence *ev;
	int rc = mc__web_require_user(req, res);
	if (rc)
		return rc;
	if ((rc = read_evidence_fields(req, &f))) {
		f.form.error = req->err.msg;
		return enrolment_page(req, res, mc_web_status_of(rc), &f.form);
	}
	struct mc_evidence_input in = {.enrolment_id = req->params[0],
	                               .requirement_ref = f.form.requirement,
	                               .title = blank(f.form.title) ? NULL : f.form.title,
	                               .is_public = f.form.is_public};
	int given = !blank(f.form.text) + !blank(f.form.url) + (f.file != NULL);
	if (given != 1) {
		f.form.error = given ? "Give one thing at a time: a text, a link, or a file."
		                     : "Write a text, give a link, or choose a file to submit.";
		return enrolment_page(req, res, 400, &f.form);
	}
	if (!blank(f.form.text))
		in.text = f.form.text;
	else if (!blank(f.form.url))
		in.url = f.form.url;
	else {
		in.file = f.file->data.ptr;
		in.file_len = f.file->data.len;
		in.file_name = f.file->filename && *f.file->filename ? f.file->filename : "upload";
	}
	rc = mc_learner_submit_evidence(req->app, req->a, me(req), &in, &ev, &req->err);
	if (rc == MC_EINVAL || rc == MC_ELIMIT || rc == MC_ESTATE) {
		f.form.error = req->err.msg;
		return enrolment_page(req, res, mc_web_status_of(rc), &f.form);
	}
	if (rc)
		return rc;
	return redirect(req, res,
	                mc_arena_printf(req->a, "/enrolments/%s?done=evidence#req-%d", req->params[0],
	                                ev->requirement_number));
}

/* ---- withdrawing ---- */

int mc__h_withdraw_confirm(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_learner_enrolment *le;
	int rc = mc__web_require_user(req, res);
	if (rc || (rc = mc_learner_enrolment(req->app, req->a, me(req), req->params[0], &le, &req->err)))
		return rc;
	struct mc_json *d = obj(req);
	put_json(req, d, "enrolment", enrolment_view(req, le->progress, NULL));
	return mc_web_res_page(req, res, 200, "enrolment_withdraw", "Withdraw from a micro-credential", d);
}

int mc__h_withdraw(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_enrolment *e;
	int rc = mc__web_require_user(req, res);
	if (rc || (rc = mc_learner_withdraw(req->app, req->a, me(req), req->params[0], &e, &req->err)))
		return rc;
	return redirect(req, res, "/dashboard?done=withdrawn");
}

/* ---- enrolling (the Enrol button of a micro-credential's page) ---- */

int mc__h_enrol(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_enrolment *e;
	int rc = mc__web_require_user(req, res);
	if (rc)
		return rc;
	struct mc_web_user *u = mc__web_current_user(req);
	const char *target = mc_web_form(req, "target_date");
	struct mc_enrol_input in = {.achievement_ref = req->params[0],
	                            .email = u->email,
	                            .name = u->name,
	                            .target_date = blank(target) ? NULL : target};
	rc = mc_enrol(req->app, req->a, &in, &e, &req->err);
	if (rc == MC_EEXIST) /* enrolled already: show that enrolment */
		rc = mc_enrolment_find(req->app, req->a, req->params[0], u->email, &e, &req->err);
	else if (!rc)
		return redirect(req, res, mc_arena_printf(req->a, "/enrolments/%s?done=enrolled", e->id));
	return rc ? rc : redirect(req, res, mc_arena_printf(req->a, "/enrolments/%s", e->id));
}

/* ---- the learner's own evidence files ---- */

int mc__h_evidence_file(struct mc_web_req *req, struct mc_web_res *res)
{
	const void *bytes;
	size_t len;
	const char *type, *name;
	int rc = mc__web_require_user(req, res);
	if (rc || (rc = mc_learner_evidence_file(req->app, req->a, me(req), req->params[0], &bytes, &len,
	                                         &type, &name, &req->err)))
		return rc;
	/* Always a download, never rendered in this site's origin. The name is
	 * reduced to safe characters for the header. */
	char *safe = mc_arena_strdup(req->a, name ? name : "evidence");
	for (char *s = safe; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '-' || *s == '_'))
			*s = '_';
	mc_web_res_header(res, "Content-Disposition",
	                  mc_arena_printf(req->a, "attachment; filename=\"%s\"", safe));
	mc_web_res_bytes(res, 200, type, bytes, len);
	res->cache_control = "private, no-store";
	return 0;
}

/* ---- /backpack ---- */

static struct mc_json *badge_view(struct mc_web_req *req, const struct mc_backpack_item *it)
{
	const struct mc_award *aw = it->award;
	struct mc_json *o = obj(req), *cred = NULL;
	const char *uuid = uuid_of(aw->id);
	put_s(req, o, "id", aw->id);
	put_s(req, o, "uuid", uuid);
	mc_web_put_int(req, o, "number", aw->number);
	put_s(req, o, "state", it->shown_state);
	mc_web_put_bool(req, o, "active", strcmp(it->shown_state, "active") == 0);
	put_s(req, o, "state_label",
	      strcmp(it->shown_state, "active") == 0      ? "Active"
	      : strcmp(it->shown_state, "revoked") == 0   ? "Revoked"
	      : strcmp(it->shown_state, "suspended") == 0 ? "Suspended"
	                                                  : "Expired");
	put_s(req, o, "state_reason", aw->state_reason);
	put_s(req, o, "issued", day(req, aw->issued_at));
	put_s(req, o, "issued_at", aw->issued_at);
	put_s(req, o, "valid_until", day(req, aw->valid_until));
	mc_web_put_bool(req, o, "has_jwt", aw->jwt != NULL);
	put_s(req, o, "url", mc_arena_printf(req->a, "%s/credentials/%s", req->site->base_url, uuid));
	if (mc_json_parse(req->a, aw->json, strlen(aw->json), NULL, &cred, NULL) == 0) {
		const struct mc_json *ach =
		    mc_json_get(mc_json_get(cred, "credentialSubject"), "achievement");
		const struct mc_json *img = mc_json_get(ach, "image");
		put_s(req, o, "title", mc_json_get_str(ach, "name"));
		put_s(req, o, "description", mc_json_get_str(ach, "description"));
		put_s(req, o, "image", mc_json_is_string(img) ? img->v.str : mc_json_get_str(img, "id"));
		put_s(req, o, "issuer", mc_json_get_str(mc_json_get(cred, "issuer"), "name"));
	}
	/* Without an image of its own, the badge the micro-credential's page shows. */
	const char *image = mc_json_get_str(o, "image");
	if (!image || !*image)
		put_s(req, o, "image",
		      mc_arena_printf(req->a, "/achievements/%s/badge.svg", aw->achievement_id));
	const char *title = mc_json_get_str(o, "title");
	if (!title || !*title)
		put_s(req, o, "title", "Credential");
	return o;
}

int mc__h_backpack(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_backpack_item *items;
	size_t n;
	int rc = mc__web_require_user(req, res);
	if (rc || (rc = mc_learner_backpack(req->app, req->a, me(req), &items, &n, &req->err)))
		return rc;
	struct mc_json *d = obj(req), *badges = mc_json_new_array(req->a);
	for (size_t i = 0; i < n; i++)
		mc_json_array_append(req->a, badges, badge_view(req, &items[i]));
	struct mc_web_user *u = mc__web_current_user(req);
	put_json(req, d, "badges", badges);
	mc_web_put_bool(req, d, "public_profile", u->public_profile);
	put_s(req, d, "profile_url", mc_arena_printf(req->a, "/profiles/%s", u->id));
	put_s(req, d, "notice", done_notice(req));
	return mc_web_res_page(req, res, 200, "backpack", "Your badges", d);
}

int mc__h_public_profile(struct mc_web_req *req, struct mc_web_res *res)
{
	int rc = mc__web_require_user(req, res);
	if (rc)
		return rc;
	const char *v = mc_web_form(req, "public");
	if (!v || (strcmp(v, "1") != 0 && strcmp(v, "0") != 0))
		return mc_err_set(&req->err, MC_EINVAL, "the form field 'public' must be 1 (on) or 0 (off)");
	struct mc_account_update up = {.public_profile = v[0] == '1'};
	if ((rc = mc_account_update(req->app, me(req), &up, &req->err)))
		return rc;
	return redirect(req, res, v[0] == '1' ? "/backpack?done=public" : "/backpack?done=private");
}
