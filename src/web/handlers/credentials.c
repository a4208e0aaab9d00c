/* A credential at its stable URL: the signed JSON exactly as issued, the VC-JWT
 * when one was issued, and the badge page (who earned what from whom and when,
 * its status, and a live verification summary). */
#include <string.h>

#include "microcred/award.h"

#include "web/handlers/handlers.h"

#define CREDENTIAL_TYPES "application/vc+ld+json, application/ld+json, application/vc, application/json"

static struct mc_json *award_view(struct mc_web_req *req, const struct mc_award *aw)
{
	struct mc_json *o = mc_json_new_object(req->a);
	const char *uuid = strncmp(aw->id, "urn:uuid:", 9) == 0 ? aw->id + 9 : aw->id;
	mc_web_put(req, o, "id", aw->id);
	mc_web_put(req, o, "uuid", uuid);
	mc_web_put_int(req, o, "number", aw->number);
	mc_web_put(req, o, "state", aw->state);
	mc_web_put_bool(req, o, "active", strcmp(aw->state, "active") == 0);
	mc_web_put(req, o, "state_reason", aw->state_reason);
	mc_web_put(req, o, "issued_at", aw->issued_at);
	mc_web_put(req, o, "valid_until", aw->valid_until);
	mc_web_put(req, o, "recipient", aw->name);
	mc_web_put_bool(req, o, "has_jwt", aw->jwt != NULL);
	mc_web_put(req, o, "url", mc_arena_printf(req->a, "%s/credentials/%s", req->site->base_url, uuid));
	return o;
}

int mc__h_credential(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_award *aw;
	int rc = mc_award_get(req->app, req->a, req->params[0], &aw, &req->err);
	if (rc)
		return rc;
	enum mc_web_fmt fmt = mc_web_negotiate(req);
	const char *etag = aw->sha256 ? mc_arena_printf(req->a, "\"%.32s\"", aw->sha256) : NULL;
	if (fmt == MC_WEB_JWT && !aw->jwt) {
		req->problem_type = "no-jwt";
		return mc_err_set(&req->err, MC_ENOTFOUND,
		                  "no VC-JWT was issued for credential %s; get %s.json", aw->id,
		                  req->params[0]);
	}
	if (fmt != MC_WEB_HTML) {
		/* The signed document never changes (status lives in the status list). */
		if (fmt == MC_WEB_JWT)
			mc_web_res_bytes(res, 200, "application/vc+jwt", aw->jwt, strlen(aw->jwt));
		else
			mc_web_res_bytes(res, 200, mc_web_json_type(req, CREDENTIAL_TYPES), aw->json,
			                 strlen(aw->json));
		mc_web_res_cache(req, res, fmt == MC_WEB_JWT ? NULL : etag, "public, max-age=3600");
		mc_web_res_header(res, "Vary", "Accept");
		return 0;
	}
	/* The page depends on the credential, its state and its report only. */
	const char *html;
	size_t len;
	mc_web_res_header(res, "Vary", "Accept");
	if (mc__web_cache_get(req, req->site->page_cache, aw->id, aw->state, &html, &len)) {
		mc_web_res_bytes(res, 200, "text/html; charset=utf-8", html, len);
		return 0;
	}
	struct mc_json *cred, *report;
	if ((rc = mc_json_parse(req->a, aw->json, strlen(aw->json), NULL, &cred, &req->err)) ||
	    (rc = mc__web_verify_cached(req, aw->id, aw->state, aw->json, &report)))
		return rc;
	struct mc_json *d = mc_json_new_object(req->a);
	mc_json_object_set(req->a, d, "credential", 10, cred);
	mc_json_object_set(req->a, d, "award", 5, award_view(req, aw));
	mc_json_object_set(req->a, d, "verification", 12, report);
	const struct mc_json *subj = mc_json_get(cred, "credentialSubject");
	const char *title = mc_json_get_str(mc_json_get(subj, "achievement"), "name");
	rc = mc_web_res_page(req, res, 200, "credential", title ? title : "Credential", d);
	if (!rc)
		mc__web_cache_put(req->site->page_cache, aw->id, aw->state, res->body, res->len);
	return rc;
}
