/* Private to src/web: who is asking, and may they? (auth.c, ratelimit.c)
 *
 * A request is authenticated by the session cookie `mc_session` (browsers) or by
 * `Authorization: Bearer mc_...` (an issuer's API token; cookies are then
 * ignored). Handlers ask:
 *
 *     struct mc_web_user *u = mc__web_current_user(req);    // NULL = anonymous
 *     if ((rc = mc__web_require_user(req, res)))               // log-in needed
 *             return rc;
 *     if ((rc = mc__web_require_role(req, res, issuer_id, MC_ROLE_EDITOR)))
 *             return rc;
 *
 * The require functions return 0 when allowed, else MC_EAUTH with req->err set —
 * just return it: the server answers an anonymous browser with a redirect to
 * /login?next=<path>, an anonymous API client with 401 problem+json (and
 * WWW-Authenticate), and a signed-in user without the role with 403.
 *
 * CSRF: every page gets `csrf` in its template data (and `user` when signed in);
 * forms include it with {{> csrf}} (a hidden field named csrf). The server checks
 * the token before the handler runs on every POST/PUT/PATCH/DELETE made with a
 * session cookie (form field `csrf` or header X-CSRF-Token), and on the routes
 * flagged MC_ROUTE_CSRF (log-in, sign-up: bound to an anonymous `mc_csrf` cookie).
 * Not checked: requests with a bearer token, routes flagged MC_ROUTE_NO_CSRF (the
 * public verify API), requests without any session (nothing to forge). A failed
 * check is 403 problems/csrf. */
#ifndef MC_WEB_AUTH_H
#define MC_WEB_AUTH_H

#include "microcred/account.h"
#include "microcred/issuer.h"

#include "web/web.h"

#define MC_SESSION_COOKIE "mc_session"
#define MC_CSRF_COOKIE "mc_csrf"

struct mc_web_user {
	const char *id;
	const char *email;
	const char *name;
	const char *did; /* may be NULL */
	bool is_admin;   /* always false for an API token */
	bool public_profile;
	/* Set when the request carries an API token: it acts for the user above, but
	 * only at token_issuer_id and with token_role (never as an administrator). */
	const char *token_id;
	const char *token_issuer_id;
	enum mc_role token_role;
};

/* The signed-in user (in req->a), or NULL when anonymous (no, unknown, expired or
 * revoked session / token). Looked up once per request. */
struct mc_web_user *mc__web_current_user(struct mc_web_req *req);
/* 0 when a user is signed in (or a valid token came), else MC_EAUTH (see above). */
int mc__web_require_user(struct mc_web_req *req, struct mc_web_res *res);
/* 0 when the user has at least min_role at the issuer (its id), or is an
 * administrator; else MC_EAUTH (401 anonymous, 403 otherwise). A token must be
 * scoped to that issuer with at least min_role. min_role MC_ROLE_NONE = any
 * signed-in user. */
int mc__web_require_role(struct mc_web_req *req, struct mc_web_res *res, const char *issuer_id,
                         enum mc_role min_role);
/* 0 for an administrator (never a token), else MC_EAUTH. */
int mc__web_require_admin(struct mc_web_req *req, struct mc_web_res *res);
/* The user's role at the issuer (MC_ROLE_NONE when anonymous or not staff; an
 * administrator counts as MC_ROLE_OWNER). */
enum mc_role mc__web_user_role(struct mc_web_req *req, const char *issuer_id);

/* The CSRF token of this request's session (or of the anonymous mc_csrf cookie,
 * which is then set on the response of the page). Never NULL. */
const char *mc__web_csrf_token(struct mc_web_req *req);
/* True when the request authenticated with a bearer token. */
bool mc__web_is_token(struct mc_web_req *req);
/* The client's address as text ("127.0.0.1", "::1"), in req->a. */
const char *mc__web_client_ip(struct mc_web_req *req);

/* Sets a cookie on res: HttpOnly, SameSite=Lax, Path=/, Secure when the base URL
 * is https; max_age < 0 = a session cookie, 0 = delete. */
void mc__web_set_cookie(struct mc_web_req *req, struct mc_web_res *res, const char *name, const char *value,
                        long max_age);
/* The value of a request cookie (in req->a), or NULL. */
const char *mc__web_cookie(struct mc_web_req *req, const char *name);
/* Logs the user in: starts a session and sets the cookie on res. */
int mc__web_login(struct mc_web_req *req, struct mc_web_res *res, const char *user_id);
/* Ends the request's session and deletes the cookie. */
int mc__web_logout(struct mc_web_req *req, struct mc_web_res *res);
/* A local path to go to after logging in: next when it is a path on this site
 * ("/x", not "//host" or a URL), else "/account". */
const char *mc__web_safe_next(const char *next);

/* ---- hooks of the server (server.c, response.c) ---- */

/* Before the handler: bearer token, CSRF. 0 or an error to answer with. */
int mc__web_auth_before(struct mc_web_req *req, const struct mc_web_route *route);
/* Adds `csrf` and `user` to a page's data (and the anonymous CSRF cookie to res). */
void mc__web_auth_page_data(struct mc_web_req *req, struct mc_web_res *res, struct mc_json *data);
/* After the handler: a response that depends on the session (a page for a
 * signed-in user) gets Cache-Control: private, no-store. */
void mc__web_auth_after(struct mc_web_req *req, struct mc_web_res *res);
/* Answers authentication errors and rate limits (redirect to /login, 401, 429 with
 * Retry-After). Returns true when it filled res. */
bool mc__web_auth_error(struct mc_web_req *req, struct mc_web_res *res, const struct mc_web_route *route,
                        int code);

/* ---- rate limits (ratelimit.c) ---- */

/* Token buckets by key (an IP address, an account), process-wide, thread-safe,
 * fixed memory (the least recently used key is forgotten when full). */
struct mc__ratelimit;
struct mc__ratelimit *mc__ratelimit_new(size_t slots, double per_sec, double burst);
void mc__ratelimit_free(struct mc__ratelimit *rl);
/* Takes one token for key at time now (seconds, monotonic): true when allowed;
 * else *retry_after = whole seconds until a token is back. */
bool mc__ratelimit_take(struct mc__ratelimit *rl, const char *key, double now, unsigned *retry_after);
/* Puts back the tokens of key (a successful log-in forgives the account's
 * failures). */
void mc__ratelimit_reset(struct mc__ratelimit *rl, const char *key);

/* The server's limiters (auth.c): log-in attempts per IP and per account (10 / 5 min),
 * verifications per IP (20/s, burst 40; --verify-rate). Each returns 0, or
 * MC_ELIMIT with req->err and problem_type "rate-limited" set (answered 429 with
 * Retry-After). */
int mc__web_limit_login(struct mc_web_req *req, const char *email);
void mc__web_limit_login_ok(struct mc_web_req *req, const char *email);
int mc__web_limit_verify(struct mc_web_req *req);

#endif
