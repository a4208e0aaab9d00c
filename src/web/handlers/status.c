/* Bitstring Status List credentials, as signed by their issuer. */
#include <stdio.h>
#include <string.h>

#include "microcred/statuslist_service.h"

#include "web/handlers/handlers.h"

int mc__h_status_list(struct mc_web_req *req, struct mc_web_res *res)
{
	const char *json;
	const char *path = mc_arena_printf(req->a, "%s/%s", req->params[0], req->params[1]);
	int rc = mc_statuslist_get_by_path(req->app, req->a, path, &json, &req->err);
	if (rc == MC_EINVAL) /* a path of another shape names no list */
		rc = MC_ENOTFOUND;
	if (rc)
		return rc;
	size_t n = strlen(json);
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)json[i]) * 1099511628211ULL;
	mc_web_res_bytes(
	    res, 200,
	    mc_web_json_type(req,
	                     "application/vc+ld+json, application/ld+json, application/vc, application/json"),
	    json, n);
	/* Short: verifiers should see a revocation within a minute. */
	mc_web_res_cache(req, res, mc_arena_printf(req->a, "\"%016llx\"", (unsigned long long)h),
	                 "public, max-age=60");
	return 0;
}
