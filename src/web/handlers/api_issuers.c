/* /api/v1/issuers: list, show, create (administrators), keys, key rotation (owners),
 * staff (owners); and /api/v1/me, who the caller is. */
#include <string.h>

#include "microcred/learner.h"

#include "web/handlers/api.h"

int mc__h_api_me(struct mc_web_req *req, struct mc_web_res *res)
{
	int rc = mc__web_require_user(req, res);
	if (rc)
		return rc;
	struct mc_web_user *u = mc__web_current_user(req);
	struct mc_json *o = mc_json_new_object(req->a);
	mc_web_put(req, o, "id", u->id);
	mc_web_put(req, o, "email", u->email);
	mc_web_put(req, o, "name", u->name);
	mc_web_put(req, o, "did", u->did);
	mc_web_put_bool(req, o, "admin", u->is_admin);
	if (u->token_id) {
		struct mc_json *t = mc_json_new_object(req->a);
		mc_web_put(req, t, "id", u->token_id);
		mc_web_put(req, t, "issuer_id", u->token_issuer_id);
		mc_web_put(req, t, "role", mc_role_name(u->token_role));
		mc_json_object_set(req->a, o, "token", 5, t);
	} else {
		/* A script using a session cookie sends this back as X-CSRF-Token. */
		mc_web_put(req, o, "csrf", mc__web_csrf_token(req));
	}
	return mc__api_json(req, res, 200, o);
}

int mc__h_api_issuers(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_api_page pg;
	struct mc_issuer **list;
	size_t n, start, count;
	bool more;
	int rc = mc__api_page(req, &pg);
	if (rc || (rc = mc_issuer_list(req->app, req->a, &list, &n, &req->err)))
		return rc;
	mc__api_window(&pg, n, &start, &count, &more);
	struct mc_json *items = mc_json_new_array(req->a);
	for (size_t i = start; i < start + count; i++)
		mc_json_array_append(req->a, items, mc__api_issuer_json(req, list[i]));
	return mc__api_json(req, res, 200, mc__api_list(req, &pg, items, more, (int64_t)n));
}

int mc__h_api_issuer(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_issuer *is;
	int rc = mc_issuer_get(req->app, req->a, req->params[0], &is, &req->err);
	return rc ? rc : mc__api_json(req, res, 200, mc__api_issuer_json(req, is));
}

int mc__h_api_issuer_create(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_json *b;
	struct mc_issuer_input in = {0};
	struct mc_issuer *is;
	int rc = mc__web_require_admin(req, res);
	if (rc || (rc = mc__api_body(req,
	                             "name,slug,url,email,country,region,description,image,did_method,"
	                             "key_type,issue_jwt,owner_email",
	                             &b)))
		return rc;
	if ((rc = mc__api_str(req, b, "name", true, &in.name)) ||
	    (rc = mc__api_str(req, b, "slug", false, &in.slug)) ||
	    (rc = mc__api_str(req, b, "url", false, &in.url)) ||
	    (rc = mc__api_str(req, b, "email", false, &in.email)) ||
	    (rc = mc__api_str(req, b, "country", false, &in.country)) ||
	    (rc = mc__api_str(req, b, "region", false, &in.region)) ||
	    (rc = mc__api_str(req, b, "description", false, &in.description)) ||
	    (rc = mc__api_str(req, b, "image", false, &in.image)) ||
	    (rc = mc__api_str(req, b, "did_method", false, &in.did_method)) ||
	    (rc = mc__api_str(req, b, "key_type", false, &in.key_type)) ||
	    (rc = mc__api_bool(req, b, "issue_jwt", false, &in.issue_jwt)) ||
	    (rc = mc__api_str(req, b, "owner_email", false, &in.owner_email)))
		return rc;
	if ((rc = mc_issuer_create(req->app, req->a, &in, &is, &req->err)))
		return rc;
	return mc__api_created(req, res, mc__api_issuer_json(req, is),
	                       mc_arena_printf(req->a, "/api/v1/issuers/%s", is->slug));
}

int mc__h_api_issuer_keys(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_issuer *is;
	struct mc_issuer_key *keys;
	size_t n;
	int rc = mc_issuer_get(req->app, req->a, req->params[0], &is, &req->err);
	if (rc || (rc = mc_issuer_keys(req->app, req->a, is, &keys, &n, &req->err)))
		return rc;
	struct mc_json *items = mc_json_new_array(req->a);
	for (size_t i = 0; i < n; i++)
		mc_json_array_append(req->a, items, mc__api_key_json(req, &keys[i]));
	struct mc_json *o = mc_json_new_object(req->a);
	mc_web_put(req, o, "issuer", is->slug);
	mc_web_put(req, o, "did", is->did);
	mc_json_object_set(req->a, o, "keys", 4, items);
	return mc__api_json(req, res, 200, o);
}

int mc__h_api_issuer_rotate_key(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_issuer *is;
	struct mc_issuer_key *k;
	struct mc_json *b = NULL;
	const char *key_type = NULL;
	int rc = mc_issuer_get(req->app, req->a, req->params[0], &is, &req->err);
	if (rc || (rc = mc__web_require_role(req, res, is->id, MC_ROLE_OWNER)))
		return rc;
	if (req->body.len && ((rc = mc__api_body(req, "key_type", &b)) ||
	                      (rc = mc__api_str(req, b, "key_type", false, &key_type))))
		return rc;
	if ((rc = mc_issuer_rotate_key(req->app, req->a, is->id, key_type, &k, &req->err)) ||
	    (rc = mc_issuer_get(req->app, req->a, is->id, &is, &req->err)))
		return rc;
	struct mc_json *o = mc_json_new_object(req->a);
	mc_web_put(req, o, "did", is->did);
	mc_json_object_set(req->a, o, "key", 3, mc__api_key_json(req, k));
	return mc__api_json(req, res, 200, o);
}

int mc__h_api_issuer_staff(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_issuer *is;
	struct mc_json *b;
	const char *email, *name, *role_s;
	enum mc_role role;
	int rc = mc_issuer_get(req->app, req->a, req->params[0], &is, &req->err);
	if (rc || (rc = mc__web_require_role(req, res, is->id, MC_ROLE_OWNER)) ||
	    (rc = mc__api_body(req, "email,name,role", &b)) ||
	    (rc = mc__api_str(req, b, "email", true, &email)) ||
	    (rc = mc__api_str(req, b, "name", false, &name)) ||
	    (rc = mc__api_str(req, b, "role", true, &role_s)) ||
	    (rc = mc_role_parse(role_s, &role, &req->err)))
		return rc;
	if ((rc = mc_staff_set(req->app, is->id, email, name, role, &req->err)))
		return rc;
	struct mc_json *o = mc_json_new_object(req->a);
	mc_web_put(req, o, "issuer", is->slug);
	mc_web_put(req, o, "email", email);
	mc_web_put(req, o, "role", mc_role_name(role));
	return mc__api_json(req, res, 200, o);
}

/* The caller's own enrolments (with progress) and credentials. */
int mc__h_api_me_enrolments(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_progress **list;
	size_t n, start, count;
	bool more, withdrawn;
	struct mc_api_page pg;
	int rc = mc__web_require_user(req, res);
	if (rc || (rc = mc__api_page(req, &pg)) ||
	    (rc = mc__api_query_bool(req, "withdrawn", false, &withdrawn)) ||
	    (rc = mc_learner_enrolments(req->app, req->a, mc__api_actor(req), withdrawn, &list, &n,
	                                &req->err)))
		return rc;
	mc__api_window(&pg, n, &start, &count, &more);
	struct mc_json *items = mc_json_new_array(req->a);
	for (size_t i = start; i < start + count; i++)
		mc_json_array_append(req->a, items, mc_progress_json(req->a, list[i]));
	return mc__api_json(req, res, 200, mc__api_list(req, &pg, items, more, (int64_t)n));
}

int mc__h_api_me_credentials(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_backpack_item *list;
	size_t n, start, count;
	bool more;
	struct mc_api_page pg;
	int rc = mc__web_require_user(req, res);
	if (rc || (rc = mc__api_page(req, &pg)) ||
	    (rc = mc_learner_backpack(req->app, req->a, mc__api_actor(req), &list, &n, &req->err)))
		return rc;
	mc__api_window(&pg, n, &start, &count, &more);
	struct mc_json *items = mc_json_new_array(req->a);
	for (size_t i = start; i < start + count; i++)
		mc_json_array_append(req->a, items, mc__api_award_json(req, list[i].award));
	return mc__api_json(req, res, 200, mc__api_list(req, &pg, items, more, (int64_t)n));
}
