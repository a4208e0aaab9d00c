/* The transparency log's read API (RFC 9162-style JSON, see docs/transparency-log.md):
 * thin wrappers over the tlog service's JSON documents. */
#include "microcred/tlog.h"

#include "web/handlers/handlers.h"

int mc__h_log_sth(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_json *v = NULL;
	int rc = mc_tlog_json_sth(req->app, req->a, &v, &req->err);
	return rc ? rc : mc_web_res_json(req, res, 200, v, NULL);
}

int mc__h_log_inclusion(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_json *v = NULL;
	int rc = mc_tlog_json_inclusion(req->app, req->a, mc_web_query(req, "hash"), mc_web_query(req, "tree_size"),
					&v, &req->err);
	return rc ? rc : mc_web_res_json(req, res, 200, v, NULL);
}

int mc__h_log_consistency(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_json *v = NULL;
	int rc = mc_tlog_json_consistency(req->app, req->a, mc_web_query(req, "first"), mc_web_query(req, "second"),
					  &v, &req->err);
	return rc ? rc : mc_web_res_json(req, res, 200, v, NULL);
}

int mc__h_log_entries(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_json *v = NULL;
	int rc = mc_tlog_json_entries(req->app, req->a, mc_web_query(req, "start"), mc_web_query(req, "end"), &v,
				      &req->err);
	return rc ? rc : mc_web_res_json(req, res, 200, v, NULL);
}
