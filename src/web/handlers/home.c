/* The home page: published micro-credentials with links, and the issuers (a
 * first version: search and facets come with the catalogue pages). */
#include <stdlib.h>

#include "microcred/achievement.h"
#include "microcred/issuer.h"

#include "web/handlers/handlers.h"

#define PAGE_SIZE 24

int mc__h_home(struct mc_web_req *req, struct mc_web_res *res)
{
	const char *q = mc_web_query(req, "q");
	const char *pg = mc_web_query(req, "page");
	long page = pg ? strtol(pg, NULL, 10) : 1;
	if (page < 1 || page > 100000)
		page = 1;
	struct mc_achievement_filter f = {.state = "published",
	                                  .text = q && *q ? q : NULL,
	                                  .limit = PAGE_SIZE,
	                                  .offset = (size_t)(page - 1) * PAGE_SIZE};
	struct mc_achievement **list;
	size_t n, total;
	int rc = mc_achievement_list(req->app, req->a, &f, &list, &n, &total, &req->err);
	if (rc)
		return rc;
	struct mc_json *d = mc_json_new_object(req->a), *items = mc_json_new_array(req->a);
	for (size_t i = 0; i < n; i++) {
		struct mc_json *it = mc_json_array_push(req->a, items);
		mc_json_set_object(it);
		mc_web_put(req, it, "slug", list[i]->slug);
		mc_web_put(req, it, "title", list[i]->title);
		mc_web_put(req, it, "description", list[i]->description);
		mc_web_put(req, it, "category", list[i]->category);
		mc_web_put(req, it, "issuer_slug", list[i]->issuer_slug);
		mc_web_put(req, it, "duration", list[i]->duration);
		if (list[i]->level_eqf)
			mc_web_put_int(req, it, "level", list[i]->level_eqf);
	}
	mc_json_object_set(req->a, d, "achievements", 12, items);
	mc_web_put(req, d, "q", q);
	mc_web_put_int(req, d, "total", (int64_t)total);
	if (page > 1)
		mc_web_put_int(req, d, "prev_page", page - 1);
	if ((size_t)page * PAGE_SIZE < total)
		mc_web_put_int(req, d, "next_page", page + 1);

	struct mc_issuer **issuers;
	size_t ni;
	if ((rc = mc_issuer_list(req->app, req->a, &issuers, &ni, &req->err)))
		return rc;
	struct mc_json *isj = mc_json_new_array(req->a);
	for (size_t i = 0; i < ni; i++) {
		struct mc_json *it = mc_json_array_push(req->a, isj);
		mc_json_set_object(it);
		mc_web_put(req, it, "slug", issuers[i]->slug);
		mc_web_put(req, it, "name", issuers[i]->name);
	}
	mc_json_object_set(req->a, d, "issuers", 7, isj);
	return mc_web_res_page(req, res, 200, "home", "Micro-credentials", d);
}
