/* Building responses: JSON, pages (layout + page template), RFC 9457 problems,
 * caching headers. Bodies live in the request arena or are static. */
#include <stdio.h>
#include <string.h>

#include "microcred/json.h"

#include "web/auth.h"
#include "web/template.h"
#include "web/web.h"

void mc_web_res_header(struct mc_web_res *res, const char *name, const char *value)
{
	if (res->nheaders < MC_WEB_MAX_HEADERS) {
		res->headers[res->nheaders].name = name;
		res->headers[res->nheaders].value = value;
		res->nheaders++;
	}
}

void mc_web_res_bytes(struct mc_web_res *res, int status, const char *content_type, const char *body,
                      size_t len)
{
	res->status = status;
	res->content_type = content_type;
	res->body = body;
	res->len = len;
}

/* Copies b into the arena and releases it. */
static const char *to_arena(struct mc_arena *a, struct mc_buf *b, size_t *len)
{
	*len = b->len;
	const char *p = mc_arena_memdup(a, b->ptr, b->len + 1);
	mc_buf_release(b);
	return p;
}

int mc_web_res_json(struct mc_web_req *req, struct mc_web_res *res, int status, const struct mc_json *v,
                    const char *content_type)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	int rc = mc_json_write(&b, v, MC_JSON_COMPACT);
	if (rc) {
		mc_buf_release(&b);
		return mc_err_set(&req->err, rc, "could not write the JSON answer");
	}
	size_t len;
	const char *body = to_arena(req->a, &b, &len);
	mc_web_res_bytes(res, status, content_type ? content_type : "application/json", body, len);
	return 0;
}

void mc_web_put(struct mc_web_req *req, struct mc_json *obj, const char *key, const char *s)
{
	if (s)
		mc_json_object_set(req->a, obj, key, strlen(key), mc_json_new_cstr(req->a, s));
}

void mc_web_put_int(struct mc_web_req *req, struct mc_json *obj, const char *key, int64_t v)
{
	mc_json_object_set(req->a, obj, key, strlen(key), mc_json_new_int(req->a, v));
}

void mc_web_put_bool(struct mc_web_req *req, struct mc_json *obj, const char *key, bool v)
{
	mc_json_object_set(req->a, obj, key, strlen(key), mc_json_new_bool(req->a, v));
}

static void missing_name(void *ctx, const char *tpl, int line, const char *name)
{
	(void)ctx;
	fprintf(stderr, "microcred serve: debug: template %s line %d: {{%s}} is missing from the data\n", tpl,
	        line, name);
}

int mc_web_res_page(struct mc_web_req *req, struct mc_web_res *res, int status, const char *page,
                    const char *title, struct mc_json *data)
{
	if (!data)
		data = mc_json_new_object(req->a);
	struct mc_json *site = mc_json_new_object(req->a);
	mc_web_put(req, site, "base_url", req->site->base_url);
	mc_web_put(req, site, "name", "microcred");
	const struct mc_web_static *css = mc__web_static_find(req->site, "style.css");
	if (css) /* versioned URL: the stylesheet can be cached as immutable */
		mc_web_put(req, site, "css_version", mc_arena_strndup(req->a, css->etag + 1, 16));
	mc_json_object_set(req->a, data, "site", 4, site);
	mc_web_put(req, data, "title", title);
	mc_web_put(req, data, "path", req->path);
	mc__web_auth_page_data(req, res, data); /* csrf, current_user */

	struct mc_tpl_render_opts o = {.content = page};
	if (req->site->cfg->debug)
		o.missing = missing_name;
	struct mc_buf b;
	mc_buf_init(&b, 8 * 1024 * 1024);
	int rc = mc_tpl_render(req->site->templates, "layout", data, &o, &b, &req->err);
	if (rc) {
		mc_buf_release(&b);
		return rc;
	}
	size_t len;
	const char *body = to_arena(req->a, &b, &len);
	mc_web_res_bytes(res, status, "text/html; charset=utf-8", body, len);
	return 0;
}

const char *mc_web_reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 204: return "No Content";
	case 304: return "Not Modified";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 406: return "Not Acceptable";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 501: return "Not Implemented";
	case 503: return "Service Unavailable";
	default: return "Error";
	}
}

int mc_web_status_of(int code)
{
	switch (code) {
	case MC_EINVAL: return 400;
	case MC_ELIMIT: return 413;
	case MC_ENOTFOUND: return 404;
	case MC_EUNSUPPORTED: return 501;
	case MC_EVERIFY: return 422;
	case MC_EEXIST:
	case MC_ESTATE: return 409;
	case MC_EAUTH: return 403;
	case MC_EIO: return 503;
	default: return 500;
	}
}

void mc_web_res_problem(struct mc_web_req *req, struct mc_web_res *res, int status, const char *type_name,
                        const char *detail)
{
	struct mc_json *p = mc_json_new_object(req->a);
	mc_web_put(req, p, "type",
	           type_name ? mc_arena_printf(req->a, "%s/problems/%s", req->site->base_url, type_name)
	                     : "about:blank");
	mc_web_put(req, p, "title", mc_web_reason(status));
	mc_web_put_int(req, p, "status", status);
	if (detail && *detail)
		mc_web_put(req, p, "detail", detail);
	mc_web_put(req, p, "instance", req->path);
	mc_web_res_json(req, res, status, p, "application/problem+json");
	res->cache_control = "no-store";
	res->etag = NULL;
}

void mc_web_res_error(struct mc_web_req *req, struct mc_web_res *res, const struct mc_web_route *route,
                      int code)
{
	/* Log in first (redirect / 401), too many requests (429): auth.c. */
	if (mc__web_auth_error(req, res, route, code))
		return;
	int status = mc_web_status_of(code);
	/* A JSON depth limit is a bad request, not a body-size problem. */
	if (code == MC_ELIMIT && req->problem_type && strcmp(req->problem_type, "json-too-deep") == 0)
		status = 400;
	const char *detail = req->err.code ? req->err.msg : mc_err_name(code);
	if (status >= 500 && status != 501 && status != 503)
		fprintf(stderr, "microcred serve: %s %s: %s\n", req->method, req->path, detail);
	res->nheaders = 0;
	if (mc_web_wants_problem(req, route) || !req->site->templates) {
		mc_web_res_problem(req, res, status, req->problem_type, detail);
		return;
	}
	struct mc_json *d = mc_json_new_object(req->a);
	mc_web_put_int(req, d, "status", status);
	mc_web_put(req, d, "reason", mc_web_reason(status));
	mc_web_put(req, d, "detail", detail);
	if (mc_web_res_page(req, res, status, "error", mc_web_reason(status), d))
		mc_web_res_problem(req, res, status, req->problem_type, detail);
	res->cache_control = "no-store";
}

bool mc_web_res_cache(struct mc_web_req *req, struct mc_web_res *res, const char *etag,
                      const char *cache_control)
{
	res->etag = etag;
	res->cache_control = cache_control;
	const char *inm = etag ? mc_web_header(req, "If-None-Match") : NULL;
	if (!inm)
		return false;
	/* Weak comparison, as RFC 9110 asks for If-None-Match; also "*". */
	size_t el = strlen(etag);
	const char *p = inm;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '*')
			goto hit;
		if (p[0] == 'W' && p[1] == '/')
			p += 2;
		if (strncmp(p, etag, el) == 0 && (p[el] == 0 || p[el] == ',' || p[el] == ' '))
			goto hit;
		while (*p && *p != ',')
			p++;
	}
	return false;
hit:
	res->status = 304;
	res->body = "";
	res->len = 0;
	return true;
}
