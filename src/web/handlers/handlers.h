/* Private to src/web: the request handlers the route table (routes.c) names.
 * Each parses the request, calls one app/ service, and renders. */
#ifndef MC_WEB_HANDLERS_H
#define MC_WEB_HANDLERS_H

#include "web/web.h"

int mc__h_static(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_openapi(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_health(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_home(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_issuer(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_issuer_did(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_well_known_did(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_achievement(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_credential(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_status_list(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_log_sth(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_log_inclusion(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_log_consistency(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_log_entries(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_api_verify(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_verify_page(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_verify_form(struct mc_web_req *req, struct mc_web_res *res);
int mc__h_problem_type(struct mc_web_req *req, struct mc_web_res *res);

#endif
