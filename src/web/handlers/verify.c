/* Verification for anyone: POST /api/v1/verify (a credential JSON, a VC-JWT or a
 * baked PNG/SVG badge — as the raw body or as a multipart upload — gives the
 * report, docs/verify-report.md) and the /verify page (upload a file, paste JSON or
 * a JWT, or give a URL; see the verdict and every check). Both are rate limited per
 * client address (mc__web_limit_verify, --verify-rate). */
#include <string.h>

#include "microcred/award.h"
#include "microcred/bake.h"
#include "microcred/fetch.h"
#include "microcred/report.h"

#include "web/auth.h"
#include "web/handlers/handlers.h"
#include "web/multipart.h"
#include "web/pages.h"

/* What was submitted, before unbaking. */
struct input {
	const char *data;
	size_t len;
	const char *source; /* "upload badge.png", "pasted text", "https://..." */
};

/* Verifies input (unbaking an image first); fills *report (JSON) and, when it was
 * read, *cred; or returns the error for "not a credential". */
static int verify(struct mc_web_req *req, const struct input *in, struct mc_json **report,
                  struct mc_json **cred, const char **from)
{
	struct mc_report r;
	const char *text;
	size_t len;
	*from = NULL;
	*cred = NULL;
	int rc = mc_unbake_for_verify(req->a, in->data, in->len, &text, &len, from, &req->err);
	if (rc == MC_ENOTFOUND) /* an image with nothing baked in */
		rc =
		    mc_err_set(&req->err, MC_EINVAL,
		               "the image carries no credential: it is not a baked badge (download the badge "
		               "image from the badge's page, not a screenshot)");
	if (!rc)
		rc = mc__web_verify(req, text, len, &r, cred, &req->err);
	if (rc == MC_EINVAL || rc == MC_EUNSUPPORTED) {
		req->problem_type = "not-a-credential";
		rc = MC_EINVAL;
	}
	if (!rc && (rc = mc_report_to_json(&r, report)))
		mc_err_set(&req->err, rc, "could not build the report");
	return rc;
}

/* ---- the API ---- */

int mc__h_api_verify(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_json *report, *cred;
	int lrc = mc__web_limit_verify(req); /* 429 with Retry-After */
	if (lrc)
		return lrc;
	if (req->body.len == 0) {
		req->problem_type = "not-a-credential";
		return mc_err_set(&req->err, MC_EINVAL,
		                  "the request body is empty; send a credential (JSON), a VC-JWT or a baked "
		                  "badge image (PNG or SVG)");
	}
	struct input in = {.data = req->body.ptr, .len = req->body.len, .source = "body"};
	const char *ct = mc_web_header(req, "Content-Type");
	if (mc__web_is_multipart(ct)) {
		struct mc_web_part *parts;
		size_t n;
		int rc =
		    mc__web_multipart_parse(req->a, ct, req->body.ptr, req->body.len, &parts, &n, &req->err);
		if (rc)
			return rc;
		const struct mc_web_part *p = mc__web_part(parts, n, "file");
		if (!p || p->data.len == 0)
			p = mc__web_part(parts, n, "credential");
		if (!p || p->data.len == 0) {
			req->problem_type = "not-a-credential";
			return mc_err_set(
			    &req->err, MC_EINVAL,
			    "the form has no part named file (a badge image or credential file) or "
			    "credential (JSON or a JWT)");
		}
		in.data = p->data.ptr;
		in.len = p->data.len;
	} else if (ct && strstr(ct, "json")) {
		/* A JSON body is parsed with the server's depth limit before verification. */
		struct mc_json *v;
		int rc = mc_web_body_json(req, &v);
		if (rc)
			return rc;
	}
	const char *from;
	int rc = verify(req, &in, &report, &cred, &from);
	if (rc)
		return rc;
	if (from)
		mc_web_put(req, report, "baked", from);
	return mc_web_res_json(req, res, 200, report, NULL);
}

/* ---- the page ---- */

#define PAGE_TITLE "Verify a credential"

static int page_error(struct mc_web_req *req, struct mc_web_res *res, struct mc_json *d, int status,
                      const char *msg)
{
	mc_web_put(req, d, "error", msg);
	return mc_web_res_page(req, res, status, "verify", PAGE_TITLE, d);
}

int mc__h_verify_page(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_json *d = mc_json_new_object(req->a);
	mc_web_put(req, d, "tab", "upload");
	return mc_web_res_page(req, res, 200, "verify", PAGE_TITLE, d);
}

/* A credential URL of this site is read from the database (never fetched from
 * ourselves); others are fetched over HTTPS unless the server is offline. */
static int fetch_input(struct mc_web_req *req, const char *url, struct input *in)
{
	const char *base = req->site->base_url;
	size_t bl = strlen(base);
	if (strncmp(url, base, bl) == 0 && strncmp(url + bl, "/credentials/", 13) == 0) {
		char *id = mc_arena_strdup(req->a, url + bl + 13);
		id[strcspn(id, "?#/")] = 0;
		size_t il = strlen(id);
		if (il > 5 && strcmp(id + il - 5, ".json") == 0)
			id[il - 5] = 0;
		struct mc_award *aw;
		int rc = mc_award_get(req->app, req->a, id, &aw, &req->err);
		if (rc)
			return rc;
		in->data = aw->json;
		in->len = strlen(aw->json);
		return 0;
	}
	if (!req->site->http_resolver)
		return mc_err_set(
		    &req->err, MC_EUNSUPPORTED,
		    "this server does not fetch from other sites (it runs with --offline-verify); "
		    "download the credential and upload it instead");
	struct mc_buf body;
	struct mc_fetch_info info;
	struct mc_fetch_opts o = {.accept = "application/vc+ld+json, application/ld+json;q=0.9, "
	                                    "application/json;q=0.8, image/png;q=0.7, image/svg+xml;q=0.7",
	                          .public_only = !req->site->cfg->fetch_private};
	mc_buf_init(&body, MC_FETCH_MAX_SIZE + 1);
	int rc = mc_fetch_check_url(url, &req->err);
	if (!rc)
		rc = mc_fetch(url, &o, &body, &info, &req->err);
	if (!rc) {
		in->len = body.len;
		in->data = mc_arena_memdup(req->a, body.ptr, body.len + 1);
	}
	mc_buf_release(&body);
	return rc;
}

/* What the verified credential says, for the summary above the checks. */
static void credential_summary(struct mc_web_req *req, struct mc_json *d, const struct mc_json *cred)
{
	if (!cred)
		return;
	const struct mc_json *subj = mc_json_get(cred, "credentialSubject");
	if (mc_json_is_array(subj) && subj->len)
		subj = &subj->v.items[0];
	const struct mc_json *ach = mc_json_get(subj, "achievement");
	const struct mc_json *iss = mc_json_get(cred, "issuer");
	struct mc_json *o = mc_json_new_object(req->a);
	mc_web_put(req, o, "title", mc_json_get_str(ach, "name") ?: mc_json_get_str(cred, "name"));
	mc_web_put(req, o, "issuer", mc_json_is_string(iss) ? iss->v.str : mc_json_get_str(iss, "name"));
	mc_web_put(req, o, "recipient", mc_json_get_str(subj, "name"));
	const char *from = mc_json_get_str(cred, "validFrom") ?: mc_json_get_str(cred, "issuanceDate");
	mc_web_put(req, o, "issued", mc__page_date(req->a, from));
	const char *id = mc_json_get_str(cred, "id");
	struct mc_award *aw;
	struct mc_err ignore = {0};
	if (id && mc_award_get(req->app, req->a, id, &aw, &ignore) == 0) /* one of ours: link its page */
		mc_web_put(req, o, "page",
		           mc_arena_printf(req->a, "/credentials/%s",
		                           strncmp(aw->id, "urn:uuid:", 9) == 0 ? aw->id + 9 : aw->id));
	mc_json_object_set(req->a, d, "credential", 10, o);
}

int mc__h_verify_form(struct mc_web_req *req, struct mc_web_res *res)
{
	int lrc = mc__web_limit_verify(req); /* 429 with Retry-After */
	if (lrc)
		return lrc;
	struct mc_json *d = mc_json_new_object(req->a), *report, *cred;
	struct input in = {0};
	const char *ct = mc_web_header(req, "Content-Type"), *text = NULL, *url = NULL;
	const char *tab = "paste";
	if (mc__web_is_multipart(ct)) {
		struct mc_web_part *parts;
		size_t n;
		if (mc__web_multipart_parse(req->a, ct, req->body.ptr, req->body.len, &parts, &n, &req->err))
			return page_error(req, res, d, 400, req->err.msg);
		const struct mc_web_part *f = mc__web_part(parts, n, "file");
		if (f && f->data.len) {
			in.data = f->data.ptr;
			in.len = f->data.len;
			in.source = f->filename ? f->filename : "the uploaded file";
			tab = "upload";
		}
		text = mc__web_part_text(req->a, parts, n, "credential");
		url = mc__web_part_text(req->a, parts, n, "url");
	} else {
		text = mc_web_form(req, "credential");
		url = mc_web_form(req, "url");
	}
	if (!in.data && text && *text) {
		in.data = text;
		in.len = strlen(text);
		in.source = "the pasted text";
		mc_web_put(req, d, "input", text);
	}
	if (!in.data && url && *url) {
		tab = "url";
		mc_web_put(req, d, "url", url);
		in.source = url;
		if (fetch_input(req, url, &in)) {
			mc_web_put(req, d, "tab", tab);
			return page_error(req, res, d, 400, req->err.msg);
		}
	}
	mc_web_put(req, d, "tab", tab);
	if (!in.data)
		return page_error(
		    req, res, d, 400,
		    "Choose a badge file to upload, paste a credential (JSON or a JWT), or give its "
		    "URL — then press Verify.");
	mc_web_put(req, d, "source", in.source);
	const char *from;
	int rc = verify(req, &in, &report, &cred, &from);
	if (rc == MC_EINVAL || rc == MC_ELIMIT || rc == MC_ENOTFOUND)
		return page_error(req, res, d, 400, req->err.msg);
	if (rc)
		return rc;
	mc__page_report_view(req->a, report);
	mc_web_put(req, d, "baked", from);
	credential_summary(req, d, cred);
	mc_json_object_set(req->a, d, "verification", 12, report);
	return mc_web_res_page(req, res, 200, "verify", "Verification result", d);
}
