/* The issuer console: shared helpers (console.h), the console home (the issuers
 * the user works for), an issuer's overview, staff management and endorsements.
 * Forms post back and redirect (303) with ?done=<code>, shown as a notice. */
#include "web/handlers/console.h"

#include <sodium.h>
#include <string.h>

#include "microcred/achievement.h"
#include "microcred/analytics.h"
#include "microcred/lifecycle.h"

static const struct {
	const char *code, *text;
} notices[] = {
    {"created", "The micro-credential was created as a draft."},
    {"saved", "Your changes were saved."},
    {"published", "Published: it is now in the public catalogue and can be awarded."},
    {"archived", "Archived: it is hidden from the catalogue; credentials already awarded stay valid."},
    {"requirement-added", "The requirement was added."},
    {"requirement-removed", "The requirement was removed."},
    {"pathway-created", "The pathway was created and published; it is awarded automatically."},
    {"reviewed", "The review was recorded."},
    {"awarded", "The credential was awarded and signed."},
    {"revoked", "The credential was revoked; its status list was updated and re-signed."},
    {"suspended", "The credential was suspended; its status list was updated and re-signed."},
    {"reinstated", "The credential was reinstated."},
    {"endorsed", "The endorsement was signed and issued."},
    {"staff-saved", "The staff member's role was saved."},
};

void mc__console_put(struct mc_web_req *req, struct mc_json *obj, const char *key, const char *s)
{
	mc_json_object_set(req->a, obj, key, strlen(key), mc_json_new_cstr(req->a, s ? s : ""));
}

const char *mc__console_date(struct mc_web_req *req, const char *t)
{
	if (!t)
		return "";
	return mc_arena_strndup(req->a, t, strlen(t) >= 10 ? 10 : strlen(t));
}

struct mc_json *mc__console_options(struct mc_web_req *req, const char *const *pairs, size_t npairs,
                                    const char *current)
{
	struct mc_json *arr = mc_json_new_array(req->a);
	for (size_t i = 0; i < npairs; i++) {
		struct mc_json *o = mc_json_array_push(req->a, arr);
		mc_json_set_object(o);
		mc__console_put(req, o, "value", pairs[2 * i]);
		mc__console_put(req, o, "label", pairs[2 * i + 1]);
		mc_web_put_bool(req, o, "selected", current && strcmp(current, pairs[2 * i]) == 0);
	}
	return arr;
}

int mc__console_open(struct mc_web_req *req, struct mc_web_res *res, enum mc_role min_role,
                     const char *section, struct mc__console *c)
{
	memset(c, 0, sizeof *c);
	int rc = mc__web_require_user(req, res);
	if (rc)
		return rc;
	struct mc_err nf = {0};
	if ((rc = mc_issuer_get(req->app, req->a, req->params[0], &c->is, &nf))) {
		if (rc != MC_ENOTFOUND)
			return mc_err_set(&req->err, rc, "%s", nf.msg);
		/* Unknown issuers answer like foreign ones: no probing for slugs. */
		return mc_err_set(&req->err, MC_EAUTH, "you are not staff of an issuer '%s'", req->params[0]);
	}
	if ((rc = mc__web_require_role(req, res, c->is->id, min_role)))
		return rc;
	c->user = mc__web_current_user(req);
	c->role = mc__web_user_role(req, c->is->id);
	c->d = mc_json_new_object(req->a);
	struct mc_json *is = mc_json_new_object(req->a), *nav = mc_json_new_object(req->a);
	mc__console_put(req, is, "slug", c->is->slug);
	mc__console_put(req, is, "name", c->is->name);
	mc__console_put(req, is, "did", c->is->did);
	mc_json_object_set(req->a, c->d, "issuer", 6, is);
	mc__console_put(req, c->d, "role", mc_role_name(c->role));
	mc_web_put_bool(req, c->d, "can_edit", c->role >= MC_ROLE_EDITOR);
	mc_web_put_bool(req, c->d, "can_own", c->role >= MC_ROLE_OWNER);
	mc_web_put_bool(req, nav, section, true);
	mc_json_object_set(req->a, c->d, "nav", 3, nav);
	mc__console_put(req, c->d, "csrf", mc__web_csrf_token(req));
	const char *done = mc_web_query(req, "done");
	for (size_t i = 0; done && i < sizeof notices / sizeof notices[0]; i++)
		if (strcmp(done, notices[i].code) == 0)
			mc__console_put(req, c->d, "done", notices[i].text);
	return 0;
}

int mc__console_page(struct mc_web_req *req, struct mc_web_res *res, struct mc__console *c, int status,
                     const char *page, const char *title)
{
	return mc_web_res_page(req, res, status, page, mc_arena_printf(req->a, "%s · %s", title, c->is->name),
	                       c->d);
}

int mc__console_redirect(struct mc_web_req *req, struct mc_web_res *res, const char *location)
{
	(void)req;
	mc_web_res_header(res, "Location", location);
	mc_web_res_bytes(res, 303, "text/plain; charset=utf-8", "See Other\n", 10);
	return 0;
}

int mc__console_form_error(struct mc_web_req *req, int rc, struct mc__console *c)
{
	if (rc != MC_EINVAL && rc != MC_ESTATE && rc != MC_EEXIST && rc != MC_ENOTFOUND && rc != MC_ELIMIT)
		return rc;
	mc__console_put(req, c->d, "error", req->err.msg);
	return rc == MC_EINVAL || rc == MC_ENOTFOUND ? 400 : rc == MC_ELIMIT ? 413 : 409;
}

bool mc__console_csrf_ok(struct mc_web_req *req, const char *token)
{
	const char *want = mc__web_csrf_token(req);
	size_t n = strlen(want);
	return token && strlen(token) == n && sodium_memcmp(token, want, n) == 0;
}

/* ---- /console: the issuers this user works for ---- */

int mc__h_console_home(struct mc_web_req *req, struct mc_web_res *res)
{
	int rc = mc__web_require_user(req, res);
	if (rc)
		return rc;
	struct mc_issuer **list;
	size_t n;
	if ((rc = mc_issuer_list(req->app, req->a, &list, &n, &req->err)))
		return rc;
	struct mc_json *d = mc_json_new_object(req->a), *items = mc_json_new_array(req->a);
	for (size_t i = 0; i < n; i++) {
		enum mc_role r = mc__web_user_role(req, list[i]->id);
		if (r == MC_ROLE_NONE)
			continue;
		struct mc_json *it = mc_json_array_push(req->a, items);
		mc_json_set_object(it);
		mc__console_put(req, it, "slug", list[i]->slug);
		mc__console_put(req, it, "name", list[i]->name);
		mc__console_put(req, it, "role", mc_role_name(r));
	}
	mc_json_object_set(req->a, d, "issuers", 7, items);
	return mc_web_res_page(req, res, 200, "console_home", "Issuer console", d);
}

/* ---- /console/{issuer}: overview ---- */

static void put_percent(struct mc_web_req *req, struct mc_json *o, const char *key, double rate)
{
	mc__console_put(req, o, key, mc_arena_printf(req->a, "%.0f%%", rate * 100));
}

static void put_days(struct mc_web_req *req, struct mc_json *o, const char *key, bool has, double days)
{
	mc__console_put(req, o, key,
	                !has       ? "—"
	                : days < 1 ? "under a day"
	                           : mc_arena_printf(req->a, days < 10 ? "%.1f days" : "%.0f days", days));
}

int mc__h_console_overview(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	int rc = mc__console_open(req, res, MC_ROLE_ASSESSOR, "overview", &c);
	if (rc)
		return rc;
	struct mc_console_review_item *q;
	size_t nq, total;
	struct mc_analytics *an;
	struct mc_achievement_filter f = {.issuer_ref = c.is->id, .state = "all", .limit = 1000};
	struct mc_achievement **list;
	size_t n, nall;
	if ((rc = mc_console_review_queue(req->app, req->a, c.is->id, 5, &q, &nq, &total, &req->err)) ||
	    (rc = mc_analytics_issuer(req->app, req->a, c.is->id, &an, &req->err)) ||
	    (rc = mc_achievement_list(req->app, req->a, &f, &list, &n, &nall, &req->err)))
		return rc;
	int64_t drafts = 0, published = 0;
	for (size_t i = 0; i < n; i++) {
		drafts += strcmp(list[i]->state, "draft") == 0;
		published += strcmp(list[i]->state, "published") == 0;
	}
	struct mc_json *s = mc_json_new_object(req->a);
	mc_web_put_int(req, s, "pending", (int64_t)total);
	mc_web_put_int(req, s, "drafts", drafts);
	mc_web_put_int(req, s, "published", published);
	mc_web_put_int(req, s, "enrolments", an->enrolments);
	mc_web_put_int(req, s, "awards", an->awards);
	put_percent(req, s, "completion", an->completion_rate);
	put_days(req, s, "median", an->has_median, an->median_days);
	mc_json_object_set(req->a, c.d, "stats", 5, s);
	struct mc_json *items = mc_json_new_array(req->a);
	for (size_t i = 0; i < nq; i++) {
		struct mc_json *it = mc_json_array_push(req->a, items);
		mc_json_set_object(it);
		mc__console_put(req, it, "id", q[i].evidence_id);
		mc__console_put(req, it, "learner", q[i].learner_name);
		mc__console_put(req, it, "title", q[i].achievement_title);
		mc__console_put(req, it, "submitted", mc__console_date(req, q[i].submitted_at));
	}
	mc_json_object_set(req->a, c.d, "queue", 5, items);
	return mc__console_page(req, res, &c, 200, "console_overview", "Console");
}

/* ---- staff (owner) ---- */

static const char *const role_options[] = {"assessor", "Assessor — reviews evidence",
                                           "editor",   "Editor — micro-credentials, pathways, awards",
                                           "owner",    "Owner — everything, staff and endorsements"};

static int staff_page(struct mc_web_req *req, struct mc_web_res *res, struct mc__console *c, int status)
{
	struct mc_console_staff_member *m;
	size_t n;
	int rc = mc_console_staff(req->app, req->a, c->is->id, &m, &n, &req->err);
	if (rc)
		return rc;
	struct mc_json *items = mc_json_new_array(req->a);
	for (size_t i = 0; i < n; i++) {
		struct mc_json *it = mc_json_array_push(req->a, items);
		mc_json_set_object(it);
		mc__console_put(req, it, "email", m[i].email);
		mc__console_put(req, it, "name", m[i].name);
		mc__console_put(req, it, "role", m[i].role);
		mc__console_put(req, it, "since", mc__console_date(req, m[i].since));
	}
	mc_json_object_set(req->a, c->d, "staff", 5, items);
	if (!mc_json_get(c->d, "roles"))
		mc_json_object_set(req->a, c->d, "roles", 5,
		                   mc__console_options(req, role_options, 3, "assessor"));
	return mc__console_page(req, res, c, status, "console_staff", "Staff");
}

int mc__h_console_staff(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	int rc = mc__console_open(req, res, MC_ROLE_OWNER, "staff", &c);
	return rc ? rc : staff_page(req, res, &c, 200);
}

int mc__h_console_staff_add(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	int rc = mc__console_open(req, res, MC_ROLE_OWNER, "staff", &c);
	if (rc)
		return rc;
	const char *email = mc_web_form(req, "email"), *name = mc_web_form(req, "name");
	const char *role_s = mc_web_form(req, "role");
	enum mc_role role;
	struct mc_json *form = mc_json_new_object(req->a);
	mc__console_put(req, form, "email", email);
	mc__console_put(req, form, "name", name);
	mc_json_object_set(req->a, c.d, "form", 4, form);
	mc_json_object_set(req->a, c.d, "roles", 5, mc__console_options(req, role_options, 3, role_s));
	if (!email || !*email)
		rc = mc_err_set(&req->err, MC_EINVAL, "give the person's email address");
	else if (!(rc = mc_email_check(email, &req->err)) &&
	         !(rc = mc_role_parse(role_s ? role_s : "", &role, &req->err)))
		rc = mc_staff_set(req->app, c.is->id, email, name && *name ? name : NULL, role, &req->err);
	if (rc) {
		int st = mc__console_form_error(req, rc, &c);
		return st < 0 ? st : staff_page(req, res, &c, st);
	}
	return mc__console_redirect(
	    req, res, mc_arena_printf(req->a, "/console/%s/staff?done=staff-saved", c.is->slug));
}

/* ---- endorsements (owner) ---- */

static const char *subject_name(struct mc_web_req *req, const char *type, const char *id, const char **href)
{
	struct mc_err ignored = {0};
	if (strcmp(type, "issuer") == 0) {
		struct mc_issuer *is;
		if (mc_issuer_get(req->app, req->a, id, &is, &ignored) == 0) {
			*href = mc_arena_printf(req->a, "/issuers/%s", is->slug);
			return is->name;
		}
	} else {
		struct mc_achievement *x;
		if (mc_achievement_get(req->app, req->a, id, &x, &ignored) == 0) {
			*href = mc_arena_printf(req->a, "/achievements/%s", x->slug);
			return x->title;
		}
	}
	*href = NULL;
	return id;
}

static void put_endorsements(struct mc_web_req *req, struct mc_json *d, const char *key,
                             struct mc_endorsement **e, size_t n, bool given)
{
	struct mc_json *items = mc_json_new_array(req->a);
	for (size_t i = 0; i < n; i++) {
		struct mc_json *it = mc_json_array_push(req->a, items);
		mc_json_set_object(it);
		const char *href;
		if (given) {
			mc__console_put(req, it, "name",
			                subject_name(req, e[i]->subject_type, e[i]->subject_id, &href));
		} else {
			mc__console_put(req, it, "name",
			                subject_name(req, "issuer", e[i]->endorser_id, &href));
			const char *sh;
			mc__console_put(req, it, "about",
			                subject_name(req, e[i]->subject_type, e[i]->subject_id, &sh));
		}
		mc__console_put(req, it, "href", href);
		mc__console_put(req, it, "type", e[i]->subject_type);
		mc__console_put(req, it, "comment", e[i]->comment);
		mc__console_put(req, it, "date", mc__console_date(req, e[i]->created_at));
	}
	mc_json_object_set(req->a, d, key, strlen(key), items);
}

static int endorsements_page(struct mc_web_req *req, struct mc_web_res *res, struct mc__console *c,
                             int status)
{
	struct mc_endorsement **given, **about_issuer;
	size_t ng, ni;
	int rc;
	if ((rc = mc_endorsement_list(req->app, req->a, c->is->id, NULL, NULL, false, &given, &ng,
	                              &req->err)) ||
	    (rc = mc_endorsement_list(req->app, req->a, NULL, "issuer", c->is->id, false, &about_issuer, &ni,
	                              &req->err)))
		return rc;
	/* Received: about the issuer, and about each of its micro-credentials. */
	struct mc_achievement_filter f = {.issuer_ref = c->is->id, .state = "all", .limit = 1000};
	struct mc_achievement **list;
	size_t n, total;
	if ((rc = mc_achievement_list(req->app, req->a, &f, &list, &n, &total, &req->err)))
		return rc;
	struct mc_endorsement **recv = MC_ARENA_NEW_ARRAY(req->a, struct mc_endorsement *, ni + 1);
	size_t nr = 0, cap = ni + 1;
	for (size_t i = 0; i < ni; i++)
		recv[nr++] = about_issuer[i];
	for (size_t i = 0; i < n; i++) {
		struct mc_endorsement **e;
		size_t ne;
		if ((rc = mc_endorsement_list(req->app, req->a, NULL, "achievement", list[i]->id, false, &e,
		                              &ne, &req->err)))
			return rc;
		if (nr + ne > cap) {
			size_t nc = (nr + ne) * 2;
			recv = mc_arena_realloc(req->a, recv, cap * sizeof *recv, nc * sizeof *recv);
			cap = nc;
		}
		for (size_t j = 0; j < ne; j++)
			recv[nr++] = e[j];
	}
	put_endorsements(req, c->d, "given", given, ng, true);
	put_endorsements(req, c->d, "received", recv, nr, false);

	/* What can be endorsed: other issuers and published micro-credentials. */
	struct mc_issuer **issuers;
	size_t nis;
	if ((rc = mc_issuer_list(req->app, req->a, &issuers, &nis, &req->err)))
		return rc;
	struct mc_json *opts = mc_json_new_array(req->a);
	for (size_t i = 0; i < nis; i++) {
		if (strcmp(issuers[i]->id, c->is->id) == 0)
			continue;
		struct mc_json *o = mc_json_array_push(req->a, opts);
		mc_json_set_object(o);
		mc__console_put(req, o, "value", mc_arena_printf(req->a, "issuer:%s", issuers[i]->slug));
		mc__console_put(req, o, "label", mc_arena_printf(req->a, "Issuer: %s", issuers[i]->name));
	}
	struct mc_achievement_filter pf = {.state = "published", .limit = 1000};
	if ((rc = mc_achievement_list(req->app, req->a, &pf, &list, &n, &total, &req->err)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(list[i]->issuer_id, c->is->id) == 0)
			continue; /* endorsing oneself says nothing */
		struct mc_json *o = mc_json_array_push(req->a, opts);
		mc_json_set_object(o);
		mc__console_put(req, o, "value", mc_arena_printf(req->a, "achievement:%s", list[i]->slug));
		mc__console_put(req, o, "label",
		                mc_arena_printf(req->a, "Micro-credential: %s", list[i]->title));
	}
	mc_json_object_set(req->a, c->d, "subjects", 8, opts);
	return mc__console_page(req, res, c, status, "console_endorsements", "Endorsements");
}

int mc__h_console_endorsements(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	int rc = mc__console_open(req, res, MC_ROLE_OWNER, "endorsements", &c);
	return rc ? rc : endorsements_page(req, res, &c, 200);
}

int mc__h_console_endorse(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	int rc = mc__console_open(req, res, MC_ROLE_OWNER, "endorsements", &c);
	if (rc)
		return rc;
	const char *subject = mc_web_form(req, "subject"), *comment = mc_web_form(req, "comment");
	const char *colon = subject ? strchr(subject, ':') : NULL;
	struct mc_json *form = mc_json_new_object(req->a);
	mc__console_put(req, form, "comment", comment);
	mc_json_object_set(req->a, c.d, "form", 4, form);
	struct mc_endorsement *e;
	if (!colon)
		rc = mc_err_set(&req->err, MC_EINVAL,
		                "choose what to endorse: an issuer or a micro-credential");
	else if (!comment || !*comment)
		rc = mc_err_set(&req->err, MC_EINVAL, "write the endorsement: what you vouch for, and why");
	else {
		struct mc_endorse_input in = {
		    .endorser_ref = c.is->id,
		    .subject_type = mc_arena_strndup(req->a, subject, (size_t)(colon - subject)),
		    .subject_ref = colon + 1,
		    .comment = comment};
		rc = mc_endorse(req->app, req->a, &in, &e, &req->err);
	}
	if (rc) {
		int st = mc__console_form_error(req, rc, &c);
		return st < 0 ? st : endorsements_page(req, res, &c, st);
	}
	return mc__console_redirect(
	    req, res, mc_arena_printf(req->a, "/console/%s/endorsements?done=endorsed", c.is->slug));
}
