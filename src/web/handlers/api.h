/* Private to the JSON API handlers (src/web/handlers/api_*.c): the shared parts of
 * /api/v1 — request bodies, pagination, who may do what, and the JSON records of
 * the domain objects. Described for clients in docs/api.md and
 * web/static/openapi.json.
 *
 * Pagination (every list): ?limit=N (1..1000, default 50) and ?offset=N; the answer
 * is {"items": [...], "limit", "offset", "total"? (when the service counts it),
 * "next": the URL of the next page with the same filters, or null on the last}. */
#ifndef MC_WEB_HANDLERS_API_H
#define MC_WEB_HANDLERS_API_H

#include "microcred/award.h"
#include "microcred/issuer.h"
#include "microcred/learning.h"
#include "microcred/lifecycle.h"

#include "web/auth.h"
#include "web/handlers/handlers.h"

#define MC_API_DEFAULT_LIMIT 50
#define MC_API_MAX_LIMIT 1000

/* ---- requests ---- */

/* The body as a JSON object (400 otherwise). When allowed is not NULL it is a
 * comma-separated list of the members accepted; another member is a 400 naming it. */
int mc__api_body(struct mc_web_req *req, const char *allowed, struct mc_json **out);
/* Member key of obj as a string: *out NULL when absent or null; MC_EINVAL when it
 * is another type or (required) missing. */
int mc__api_str(struct mc_web_req *req, const struct mc_json *obj, const char *key, bool required,
                const char **out);
/* Member key as a boolean (absent = dflt). */
int mc__api_bool(struct mc_web_req *req, const struct mc_json *obj, const char *key, bool dflt, bool *out);
/* Member key as a number: *has false when absent or null. */
int mc__api_num(struct mc_web_req *req, const struct mc_json *obj, const char *key, bool *has, double *out);
/* A boolean query parameter ("true"/"false"/"1"/"0"; absent = dflt). */
int mc__api_query_bool(struct mc_web_req *req, const char *name, bool dflt, bool *out);

/* ---- pagination ---- */

struct mc_api_page {
	size_t limit, offset;
};
/* Reads ?limit and ?offset (400 for bad values). */
int mc__api_page(struct mc_web_req *req, struct mc_api_page *pg);
/* The envelope around items (an array holding at most pg->limit items). more: there
 * are items after these; total < 0 = not counted. */
struct mc_json *mc__api_list(struct mc_web_req *req, const struct mc_api_page *pg, struct mc_json *items,
                             bool more, int64_t total);
/* For services that return everything: the window [*start, *start + *count) of n. */
void mc__api_window(const struct mc_api_page *pg, size_t n, size_t *start, size_t *count, bool *more);

/* ---- answers ---- */

/* 200 (or status) with v as application/json. */
int mc__api_json(struct mc_web_req *req, struct mc_web_res *res, int status, const struct mc_json *v);
/* 201 Created with a Location header. */
int mc__api_created(struct mc_web_req *req, struct mc_web_res *res, const struct mc_json *v,
                    const char *location);

/* ---- who may ---- */

/* The caller's role at the issuer (its id): a bearer token counts only at its own
 * issuer and with its own role; an administrator (never a token) counts as owner;
 * anonymous is MC_ROLE_NONE. */
enum mc_role mc__api_role(struct mc_web_req *req, const char *issuer_id);
/* 0 when the caller is the user user_id themselves (a session, not a token), or has
 * at least min_role at the issuer; else MC_EAUTH (401 anonymous, 403 otherwise). */
int mc__api_self_or_staff(struct mc_web_req *req, struct mc_web_res *res, const char *user_id,
                          const char *issuer_id, enum mc_role min_role);
/* The acting user's id for services that record who did it; NULL when anonymous. */
const char *mc__api_actor(struct mc_web_req *req);

/* ---- records (JSON) ---- */

struct mc_json *mc__api_issuer_json(struct mc_web_req *req, const struct mc_issuer *is);
struct mc_json *mc__api_key_json(struct mc_web_req *req, const struct mc_issuer_key *k);
struct mc_json *mc__api_enrolment_json(struct mc_web_req *req, const struct mc_enrolment *e);
struct mc_json *mc__api_evidence_json(struct mc_web_req *req, const struct mc_evidence *e);
struct mc_json *mc__api_award_json(struct mc_web_req *req, const struct mc_award *w);
struct mc_json *mc__api_endorsement_json(struct mc_web_req *req, const struct mc_endorsement *e);
struct mc_json *mc__api_outcome_json(struct mc_web_req *req, const struct mc_learning_outcome *o);

#endif
