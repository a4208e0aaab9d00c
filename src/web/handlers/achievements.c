/* The public page of a micro-credential, and its OB 3.0 Achievement (JSON-LD). */
#include <string.h>

#include "microcred/achievement.h"
#include "microcred/issuer.h"

#include "web/handlers/handlers.h"

int mc__h_achievement(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_achievement *ach;
	struct mc_json *ob, *record, *profile;
	struct mc_issuer *is;
	int rc = mc_achievement_get(req->app, req->a, req->params[0], &ach, &req->err);
	if (!rc && strcmp(ach->state, "draft") == 0) /* drafts are not public yet */
		rc =
		    mc_err_set(&req->err, MC_ENOTFOUND, "no published micro-credential '%s'", req->params[0]);
	if (!rc)
		rc = mc_achievement_json(req->app, req->a, ach, &ob, &req->err);
	if (rc)
		return rc;
	if (mc_web_negotiate(req) != MC_WEB_HTML)
		return mc_web_res_json(req, res, 200, ob,
		                       mc_web_json_type(req, "application/ld+json, application/json"));
	if ((rc = mc_achievement_to_json(req->app, req->a, ach, &record, &req->err)) ||
	    (rc = mc_issuer_get(req->app, req->a, ach->issuer_id, &is, &req->err)) ||
	    (rc = mc_issuer_profile_json(req->app, req->a, is, &profile, &req->err)))
		return rc;
	struct mc_json *d = mc_json_new_object(req->a);
	mc_json_object_set(req->a, d, "achievement", 11, record);
	mc_json_object_set(req->a, d, "ob", 2, ob);
	mc_json_object_set(req->a, d, "issuer", 6, profile);
	mc_web_put(req, d, "issuer_slug", is->slug);
	mc_web_put_bool(req, d, "archived", strcmp(ach->state, "archived") == 0);
	return mc_web_res_page(req, res, 200, "achievement", ach->title, d);
}
