/* The route table: every URL the server answers. Literal routes come before
 * parameter routes that could also match them (first match wins). */
#include "web/handlers/handlers.h"

#define VERIFY_MAX_BODY ((size_t)1024 * 1024)

const struct mc_web_route mc__web_routes[] = {
    {"GET", "/", mc__h_home, 0, 0},
    {"GET", "/healthz", mc__h_health, MC_ROUTE_API, 0},
    {"GET", "/static/{name}", mc__h_static, 0, 0},
    {"GET", "/api/openapi.json", mc__h_openapi, MC_ROUTE_API, 0},
    {"POST", "/api/v1/verify", mc__h_api_verify, MC_ROUTE_API, VERIFY_MAX_BODY},
    {"GET", "/verify", mc__h_verify_page, 0, 0},
    {"POST", "/verify", mc__h_verify_form, 0, VERIFY_MAX_BODY * 3},
    {"GET", "/.well-known/did.json", mc__h_well_known_did, MC_ROUTE_API, 0},
    {"GET", "/issuers/{slug}/did.json", mc__h_issuer_did, MC_ROUTE_API, 0},
    {"GET", "/issuers/{slug}", mc__h_issuer, MC_ROUTE_JSON_SUFFIX, 0},
    {"GET", "/achievements/{slug}", mc__h_achievement, MC_ROUTE_JSON_SUFFIX, 0},
    {"GET", "/credentials/{id}", mc__h_credential, MC_ROUTE_JSON_SUFFIX | MC_ROUTE_JWT_SUFFIX, 0},
    {"GET", "/status/{issuer}/{list}", mc__h_status_list, MC_ROUTE_API, 0},
    {"GET", "/log/v1/sth", mc__h_log_sth, MC_ROUTE_API, 0},
    {"GET", "/log/v1/proof/inclusion", mc__h_log_inclusion, MC_ROUTE_API, 0},
    {"GET", "/log/v1/proof/consistency", mc__h_log_consistency, MC_ROUTE_API, 0},
    {"GET", "/log/v1/entries", mc__h_log_entries, MC_ROUTE_API, 0},
    {"GET", "/problems/{name}", mc__h_problem_type, 0, 0},
    {NULL, NULL, NULL, 0, 0},
};
