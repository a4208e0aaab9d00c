/* /api/v1/pathways (stacked credentials; editors create them and change their rule)
 * and /api/v1/endorsements (an owner of the endorsing issuer issues or withdraws
 * them). Reading both is public. */
#include <string.h>

#include "web/handlers/api.h"

#define PATHWAY_MEMBERS "issuer,title,slug,description,criteria,language,rule"
#define ENDORSE_MEMBERS "endorser,subject_type,subject,comment,name"

int mc__h_api_pathway_list(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_api_page pg;
	struct mc_pathway **list;
	size_t n, start, count;
	bool more;
	int rc = mc__api_page(req, &pg);
	if (rc || (rc = mc_pathway_list(req->app, req->a, mc_web_query(req, "issuer"), &list, &n, &req->err)))
		return rc;
	mc__api_window(&pg, n, &start, &count, &more);
	struct mc_json *items = mc_json_new_array(req->a);
	for (size_t i = start; i < start + count; i++)
		mc_json_array_append(req->a, items, mc_pathway_json(req->app, req->a, list[i]));
	return mc__api_json(req, res, 200, mc__api_list(req, &pg, items, more, (int64_t)n));
}

int mc__h_api_pathway_get(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_pathway *p;
	int rc = mc_pathway_get(req->app, req->a, req->params[0], &p, &req->err);
	return rc ? rc : mc__api_json(req, res, 200, mc_pathway_json(req->app, req->a, p));
}

int mc__h_api_pathway_create(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_json *b;
	struct mc_pathway_input in = {0};
	struct mc_issuer *is;
	struct mc_pathway *p;
	int rc = mc__web_require_user(req, res);
	if (rc || (rc = mc__api_body(req, PATHWAY_MEMBERS, &b)) ||
	    (rc = mc__api_str(req, b, "issuer", true, &in.issuer_ref)) ||
	    (rc = mc__api_str(req, b, "title", true, &in.title)) ||
	    (rc = mc__api_str(req, b, "slug", false, &in.slug)) ||
	    (rc = mc__api_str(req, b, "description", false, &in.description)) ||
	    (rc = mc__api_str(req, b, "criteria", false, &in.criteria)) ||
	    (rc = mc__api_str(req, b, "language", false, &in.language)) ||
	    (rc = mc_issuer_get(req->app, req->a, in.issuer_ref, &is, &req->err)) ||
	    (rc = mc__web_require_role(req, res, is->id, MC_ROLE_EDITOR)))
		return rc;
	in.issuer_ref = is->id;
	if (!(in.rule = mc_json_get(b, "rule")))
		return mc_err_set(
		    &req->err, MC_EINVAL,
		    "the request body needs \"rule\", e.g. {\"all\": [{\"achievement\": \"slug\"}]}");
	if ((rc = mc_pathway_create(req->app, req->a, &in, &p, &req->err)))
		return rc;
	return mc__api_created(req, res, mc_pathway_json(req->app, req->a, p),
	                       mc_arena_printf(req->a, "/api/v1/pathways/%s", p->slug));
}

int mc__h_api_pathway_rule(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_pathway *p;
	struct mc_json *b;
	const struct mc_json *rule;
	int rc = mc_pathway_get(req->app, req->a, req->params[0], &p, &req->err);
	if (rc || (rc = mc__web_require_role(req, res, p->issuer_id, MC_ROLE_EDITOR)) ||
	    (rc = mc__api_body(req, "rule", &b)))
		return rc;
	if (!(rule = mc_json_get(b, "rule")))
		return mc_err_set(&req->err, MC_EINVAL, "the request body needs \"rule\"");
	if ((rc = mc_pathway_set_rule(req->app, req->a, p->id, rule, &p, &req->err)))
		return rc;
	return mc__api_json(req, res, 200, mc_pathway_json(req->app, req->a, p));
}

/* ---- endorsements ---- */

int mc__h_api_endorsement_list(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_api_page pg;
	struct mc_endorsement **list;
	size_t n, start, count;
	bool more, withdrawn;
	int rc = mc__api_page(req, &pg);
	if (rc || (rc = mc__api_query_bool(req, "withdrawn", false, &withdrawn)) ||
	    (rc = mc_endorsement_list(req->app, req->a, mc_web_query(req, "endorser"),
	                              mc_web_query(req, "subject_type"), mc_web_query(req, "subject"),
	                              withdrawn, &list, &n, &req->err)))
		return rc;
	mc__api_window(&pg, n, &start, &count, &more);
	struct mc_json *items = mc_json_new_array(req->a);
	for (size_t i = start; i < start + count; i++)
		mc_json_array_append(req->a, items, mc__api_endorsement_json(req, list[i]));
	return mc__api_json(req, res, 200, mc__api_list(req, &pg, items, more, (int64_t)n));
}

int mc__h_api_endorsement_create(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_json *b;
	struct mc_endorse_input in = {0};
	struct mc_issuer *is;
	struct mc_endorsement *e;
	int rc = mc__web_require_user(req, res);
	if (rc || (rc = mc__api_body(req, ENDORSE_MEMBERS, &b)) ||
	    (rc = mc__api_str(req, b, "endorser", true, &in.endorser_ref)) ||
	    (rc = mc__api_str(req, b, "subject_type", true, &in.subject_type)) ||
	    (rc = mc__api_str(req, b, "subject", true, &in.subject_ref)) ||
	    (rc = mc__api_str(req, b, "comment", true, &in.comment)) ||
	    (rc = mc__api_str(req, b, "name", false, &in.name)) ||
	    (rc = mc_issuer_get(req->app, req->a, in.endorser_ref, &is, &req->err)) ||
	    (rc = mc__web_require_role(req, res, is->id, MC_ROLE_OWNER)))
		return rc;
	in.endorser_ref = is->id;
	if ((rc = mc_endorse(req->app, req->a, &in, &e, &req->err)))
		return rc;
	return mc__api_created(req, res, mc__api_endorsement_json(req, e), NULL);
}

int mc__h_api_endorsement_withdraw(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_endorsement **list;
	size_t n;
	int rc = mc_endorsement_list(req->app, req->a, NULL, NULL, NULL, true, &list, &n, &req->err);
	if (rc)
		return rc;
	const struct mc_endorsement *e = NULL;
	for (size_t i = 0; i < n && !e; i++)
		if (!strcmp(list[i]->id, req->params[0]) ||
		    (!strncmp(list[i]->id, "urn:uuid:", 9) && !strcmp(list[i]->id + 9, req->params[0])))
			e = list[i];
	if (!e)
		return mc_err_set(&req->err, MC_ENOTFOUND, "no endorsement '%s'", req->params[0]);
	if ((rc = mc__web_require_role(req, res, e->endorser_id, MC_ROLE_OWNER)) ||
	    (rc = mc_endorsement_withdraw(req->app, e->id, &req->err)))
		return rc;
	mc_web_res_bytes(res, 204, NULL, "", 0);
	return 0;
}
