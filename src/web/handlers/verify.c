/* Verification for anyone: POST /api/v1/verify (a credential JSON or a VC-JWT in
 * the body -> the report, docs/verify-report.md) and the /verify page (paste,
 * submit, see every check). Rate limiting will hook in here (mc__web_verify is
 * the one place both call). */
#include <string.h>

#include "microcred/report.h"

#include "web/handlers/handlers.h"

/* Verifies input; fills *report (JSON) or returns the error for "not a credential". */
static int verify(struct mc_web_req *req, const char *input, size_t n, struct mc_json **report)
{
	struct mc_report r;
	struct mc_json *cred = NULL;
	int rc = mc__web_verify(req, input, n, &r, &cred, &req->err);
	if (rc == MC_EINVAL)
		req->problem_type = "not-a-credential";
	if (!rc && (rc = mc_report_to_json(&r, report)))
		mc_err_set(&req->err, rc, "could not build the report");
	return rc;
}

int mc__h_api_verify(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_json *report;
	if (req->body.len == 0) {
		req->problem_type = "not-a-credential";
		return mc_err_set(&req->err, MC_EINVAL,
		                  "the request body is empty; send a credential (JSON) or a VC-JWT");
	}
	/* A JSON body is parsed with the server's depth limit before verification. */
	const char *ct = mc_web_header(req, "Content-Type");
	if (ct && strstr(ct, "json")) {
		struct mc_json *v;
		int rc = mc_web_body_json(req, &v);
		if (rc)
			return rc;
	}
	int rc = verify(req, req->body.ptr, req->body.len, &report);
	return rc ? rc : mc_web_res_json(req, res, 200, report, NULL);
}

int mc__h_verify_page(struct mc_web_req *req, struct mc_web_res *res)
{
	return mc_web_res_page(req, res, 200, "verify", "Verify a credential", NULL);
}

int mc__h_verify_form(struct mc_web_req *req, struct mc_web_res *res)
{
	const char *input = mc_web_form(req, "credential");
	struct mc_json *d = mc_json_new_object(req->a), *report;
	if (!input || !*input) {
		mc_web_put(req, d, "error",
		           "Paste a credential (JSON) or a VC-JWT into the box, then press Verify.");
		return mc_web_res_page(req, res, 400, "verify", "Verify a credential", d);
	}
	mc_web_put(req, d, "input", input);
	int rc = verify(req, input, strlen(input), &report);
	if (rc == MC_EINVAL || rc == MC_ELIMIT) {
		mc_web_put(req, d, "error", req->err.msg);
		return mc_web_res_page(req, res, 400, "verify", "Verify a credential", d);
	}
	if (rc)
		return rc;
	mc_json_object_set(req->a, d, "report", 6, report);
	return mc_web_res_page(req, res, 200, "verify", "Verification result", d);
}
