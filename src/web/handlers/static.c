/* Embedded files (web/static), the OpenAPI document, a health check, and the
 * pages that explain the problem types of this API's errors. */
#include <string.h>

#include "web/handlers/handlers.h"

int mc__h_static(struct mc_web_req *req, struct mc_web_res *res)
{
	const struct mc_web_static *st = mc__web_static_find(req->site, req->params[0]);
	if (!st)
		return mc_err_set(&req->err, MC_ENOTFOUND, "there is no file /static/%s", req->params[0]);
	mc_web_res_bytes(res, 200, st->content_type, st->data, st->len);
	/* Pages link /static/x?v=<etag>: a new version has a new URL. */
	const char *cc =
	    mc_web_query(req, "v") ? "public, max-age=31536000, immutable" : "public, max-age=3600";
	mc_web_res_cache(req, res, st->etag, cc);
	return 0;
}

int mc__h_openapi(struct mc_web_req *req, struct mc_web_res *res)
{
	const struct mc_web_static *st = mc__web_static_find(req->site, "openapi.json");
	if (!st)
		return mc_err_set(&req->err, MC_ENOTFOUND, "this build has no OpenAPI document");
	mc_web_res_bytes(res, 200, "application/json", st->data, st->len);
	mc_web_res_cache(req, res, st->etag, "public, max-age=300");
	return 0;
}

int mc__h_health(struct mc_web_req *req, struct mc_web_res *res)
{
	int version = 0;
	int rc = mc_db_schema_version(req->app->db, &version, &req->err);
	if (rc)
		return rc;
	struct mc_json *o = mc_json_new_object(req->a);
	mc_web_put(req, o, "status", "ok");
	mc_web_put(req, o, "version", MC_VERSION);
	mc_web_put_int(req, o, "schema", version);
	return mc_web_res_json(req, res, 200, o, NULL);
}

static const struct {
	const char *name, *title, *text;
} problems[] = {
    {"body-too-large", "The request body is too large",
     "Each endpoint accepts a body up to a limit (1 MiB for verification). Send a smaller document."},
    {"invalid-json", "The request body is not valid JSON",
     "The detail names the line and column of the first error."},
    {"json-too-deep", "The JSON document nests too deeply",
     "Documents may nest at most 64 levels of arrays and objects."},
    {"not-a-credential", "The input is not a credential",
     "The verifier accepts a JSON credential with a Data Integrity proof, or a VC-JWT (compact JWS)."},
    {"no-jwt", "No VC-JWT was issued for this credential",
     "The issuer issues Data Integrity credentials only; fetch the .json form instead."},
    {"login-required", "Log in first",
     "This needs a signed-in user: log in at /login (browsers), or send an issuer's API token as "
     "'Authorization: Bearer mc_...' (created with 'microcred token create')."},
    {"invalid-token", "The API token was refused",
     "The bearer token is unknown, revoked or malformed. Ask the issuer's owner for a new one."},
    {"forbidden", "Not allowed",
     "You are signed in, but your role at the issuer (assessor, editor, owner) or your API token's "
     "scope does not allow this."},
    {"csrf", "The form's security token is missing or wrong",
     "Forms carry a token tied to your session so that other sites cannot send them in your name. "
     "Reload the page and send the form again; API clients send X-CSRF-Token or use a bearer token."},
    {"rate-limited", "Too many requests",
     "Log-in attempts and verifications are limited per address (and log-ins per account). Wait the "
     "number of seconds in the Retry-After header, then try again."},
};

int mc__h_problem_type(struct mc_web_req *req, struct mc_web_res *res)
{
	for (size_t i = 0; i < sizeof problems / sizeof problems[0]; i++) {
		if (strcmp(problems[i].name, req->params[0]) != 0)
			continue;
		struct mc_json *d = mc_json_new_object(req->a);
		mc_web_put(req, d, "reason", problems[i].title);
		mc_web_put(req, d, "detail", problems[i].text);
		int rc = mc_web_res_page(req, res, 200, "error", problems[i].title, d);
		if (!rc)
			res->cache_control = "public, max-age=3600";
		return rc;
	}
	return mc_err_set(&req->err, MC_ENOTFOUND, "there is no problem type '%s'", req->params[0]);
}
