/* /api/v1/micro-credentials and their requirements: the catalogue. Reading is
 * public for published and archived micro-credentials; drafts only for the issuer's
 * staff (others get 404, as if there were none). Changes need an editor. */
#include <string.h>

#include "microcred/achievement.h"

#include "web/handlers/api.h"

/* The micro-credential of {ref}; a draft is visible only to the issuer's staff. */
static int find(struct mc_web_req *req, const char *ref, struct mc_achievement **out)
{
	int rc = mc_achievement_get(req->app, req->a, ref, out, &req->err);
	if (!rc && strcmp((*out)->state, "draft") == 0 &&
	    mc__api_role(req, (*out)->issuer_id) == MC_ROLE_NONE)
		rc = mc_err_set(&req->err, MC_ENOTFOUND,
		                "no micro-credential '%s' (drafts are shown to the "
		                "issuer's staff only)",
		                ref);
	return rc;
}

/* The micro-credential of {ref} when the caller may change it (editor). */
static int find_editable(struct mc_web_req *req, struct mc_web_res *res, struct mc_achievement **out)
{
	int rc = mc_achievement_get(req->app, req->a, req->params[0], out, &req->err);
	return rc ? rc : mc__web_require_role(req, res, (*out)->issuer_id, MC_ROLE_EDITOR);
}

static int answer(struct mc_web_req *req, struct mc_web_res *res, int status,
                  const struct mc_achievement *ach)
{
	struct mc_json *j;
	int rc = mc_achievement_to_json(req->app, req->a, ach, &j, &req->err);
	if (rc)
		return rc;
	if (status == 201)
		return mc__api_created(req, res, j,
		                       mc_arena_printf(req->a, "/api/v1/micro-credentials/%s", ach->slug));
	return mc__api_json(req, res, status, j);
}

/* Drafts are listed only for the staff of the issuer asked about (?issuer=); for
 * everyone else the list is of published micro-credentials, or archived ones. */
static int visible_states(struct mc_web_req *req, struct mc_achievement_filter *f)
{
	struct mc_issuer *is = NULL;
	int rc = f->issuer_ref ? mc_issuer_get(req->app, req->a, f->issuer_ref, &is, &req->err) : 0;
	if (rc || (is && mc__api_role(req, is->id) != MC_ROLE_NONE))
		return rc;
	if (!f->state)
		f->state = "published";
	else if (strcmp(f->state, "published") != 0 && strcmp(f->state, "archived") != 0)
		return mc_err_set(&req->err, MC_EAUTH,
		                  "?state=%s lists drafts, which only the issuer's staff may see; give "
		                  "?issuer=SLUG and authenticate as its staff, or ask for state=published",
		                  f->state);
	return 0;
}

int mc__h_api_mc_list(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_api_page pg;
	struct mc_achievement_filter f = {
	    .issuer_ref = mc_web_query(req, "issuer"),
	    .state = mc_web_query(req, "state"),
	    .category = mc_web_query(req, "category"),
	    .language = mc_web_query(req, "language"),
	    .delivery_mode = mc_web_query(req, "delivery_mode"),
	    .text = mc_web_query(req, "q"),
	};
	int rc = mc__api_page(req, &pg);
	if (rc)
		return rc;
	f.limit = pg.limit, f.offset = pg.offset;
	struct mc_achievement **list;
	size_t n, total;
	if ((rc = visible_states(req, &f)) ||
	    (rc = mc_achievement_list(req->app, req->a, &f, &list, &n, &total, &req->err)))
		return rc;
	struct mc_json *items = mc_json_new_array(req->a), *j;
	for (size_t i = 0; i < n; i++) {
		if ((rc = mc_achievement_to_json(req->app, req->a, list[i], &j, &req->err)))
			return rc;
		mc_json_array_append(req->a, items, j);
	}
	return mc__api_json(req, res, 200,
	                    mc__api_list(req, &pg, items, pg.offset + n < total, (int64_t)total));
}

int mc__h_api_mc_get(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_achievement *ach;
	int rc = find(req, req->params[0], &ach);
	return rc ? rc : answer(req, res, 200, ach);
}

/* The body is the micro-credential's JSON shape (docs/micro-credentials.md) with its
 * "issuer"; "requirements" may come along. */
int mc__h_api_mc_create(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_json *b;
	const char *issuer;
	struct mc_issuer *is;
	struct mc_achievement *ach;
	int rc = mc__web_require_user(req, res);
	if (rc || (rc = mc__api_body(req, NULL, &b)) || (rc = mc__api_str(req, b, "issuer", true, &issuer)) ||
	    (rc = mc_issuer_get(req->app, req->a, issuer, &is, &req->err)) ||
	    (rc = mc__web_require_role(req, res, is->id, MC_ROLE_EDITOR)) ||
	    (rc = mc_achievement_create(req->app, req->a, NULL, b, &ach, &req->err)))
		return rc;
	return answer(req, res, 201, ach);
}

int mc__h_api_mc_update(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_achievement *ach;
	struct mc_json *b;
	int rc = find_editable(req, res, &ach);
	if (rc || (rc = mc__api_body(req, NULL, &b)) ||
	    (rc = mc_achievement_update(req->app, req->a, ach->id, b, &ach, &req->err)))
		return rc;
	return answer(req, res, 200, ach);
}

int mc__h_api_mc_publish(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_achievement *ach;
	int rc = find_editable(req, res, &ach);
	if (rc || (rc = mc_achievement_publish(req->app, req->a, ach->id, &ach, &req->err)))
		return rc;
	return answer(req, res, 200, ach);
}

int mc__h_api_mc_archive(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_achievement *ach;
	int rc = find_editable(req, res, &ach);
	if (rc || (rc = mc_achievement_archive(req->app, req->a, ach->id, &ach, &req->err)))
		return rc;
	return answer(req, res, 200, ach);
}

/* ---- requirements ---- */

int mc__h_api_req_list(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_achievement *ach;
	struct mc_requirement *list;
	size_t n;
	int rc = find(req, req->params[0], &ach);
	if (rc || (rc = mc_requirement_list(req->app, req->a, ach->id, &list, &n, &req->err)))
		return rc;
	struct mc_json *items = mc_json_new_array(req->a), *j;
	for (size_t i = 0; i < n; i++) {
		if ((rc = mc_requirement_to_json(req->a, &list[i], &j)))
			return mc_err_set(&req->err, rc, "could not write requirement %zu", i + 1);
		mc_json_array_append(req->a, items, j);
	}
	struct mc_api_page all = {.limit = n, .offset = 0};
	return mc__api_json(req, res, 200, mc__api_list(req, &all, items, false, (int64_t)n));
}

int mc__h_api_req_add(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_achievement *ach;
	struct mc_requirement *r;
	struct mc_json *b, *j;
	int rc = find_editable(req, res, &ach);
	if (rc || (rc = mc__api_body(req, NULL, &b)) ||
	    (rc = mc_requirement_add(req->app, req->a, ach->id, b, &r, &req->err)))
		return rc;
	if ((rc = mc_requirement_to_json(req->a, r, &j)))
		return mc_err_set(&req->err, rc, "could not write the requirement");
	return mc__api_created(
	    req, res, j, mc_arena_printf(req->a, "/api/v1/micro-credentials/%s/requirements", ach->slug));
}

int mc__h_api_req_remove(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_achievement *ach;
	int rc = find_editable(req, res, &ach);
	if (rc || (rc = mc_requirement_remove(req->app, ach->id, req->params[1], &req->err)))
		return rc;
	mc_web_res_bytes(res, 204, NULL, "", 0);
	return 0;
}
