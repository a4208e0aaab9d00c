/* Who is asking, and may they: sessions (cookie mc_session), API tokens (bearer),
 * roles, CSRF tokens, and the answers to "log in first" (see web/auth.h). */
#include "web/auth.h"

#include "microcred/issuer.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "microcred/encoding.h"

#include "web/multipart.h"

/* Per-request state, in req->a. */
struct mc__web_auth {
	bool resolved;
	struct mc_web_user *user;
	const char *session_token; /* the cookie value of a live session */
	bool bearer;               /* an Authorization header came (cookies are then ignored) */
	const char *bearer_error;  /* why the bearer token was refused */
	const char *csrf;
	const char *anon_seed; /* mc_csrf cookie value (or a new one) */
	bool set_anon_cookie;
	bool login_needed; /* MC_EAUTH because nobody is signed in: 401 / redirect */
	bool personal;     /* the response shows the user's data or token */
	unsigned retry_after;
};

static struct mc__web_auth *state(struct mc_web_req *req)
{
	if (!req->auth)
		req->auth = MC_ARENA_NEW(req->a, struct mc__web_auth);
	return req->auth;
}

const char *mc__web_cookie(struct mc_web_req *req, const char *name)
{
	if (!req->conn)
		return NULL;
	const char *v = MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
	return v ? mc_arena_strdup(req->a, v) : NULL;
}

const char *mc__web_client_ip(struct mc_web_req *req)
{
	const union MHD_ConnectionInfo *ci =
	    req->conn ? MHD_get_connection_info(req->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS) : NULL;
	char buf[INET6_ADDRSTRLEN] = "unknown";
	if (ci && ci->client_addr) {
		if (ci->client_addr->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)ci->client_addr)->sin_addr, buf,
			          sizeof buf);
		else if (ci->client_addr->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)ci->client_addr)->sin6_addr, buf,
			          sizeof buf);
	}
	return mc_arena_strdup(req->a, buf);
}

static void resolve(struct mc_web_req *req)
{
	struct mc__web_auth *st = state(req);
	if (st->resolved)
		return;
	st->resolved = true;
	struct mc_err err = {0};
	if (!req->app) /* answered before the database was opened (404, 413) */
		return;
	const char *authz = mc_web_header(req, "Authorization");
	if (authz) {
		st->bearer = true;
		if (strncasecmp(authz, "Bearer ", 7) != 0) {
			st->bearer_error = "the Authorization header must be 'Bearer mc_...' (an API token)";
			return;
		}
		const char *secret = authz + 7;
		while (*secret == ' ')
			secret++;
		struct mc_api_token *t;
		struct mc_user *u;
		if (mc_api_token_authenticate(req->app, req->a, secret, &t, &err) ||
		    mc_user_get(req->app, req->a, t->user_id, &u, &err)) {
			st->bearer_error = mc_arena_strdup(req->a, err.msg);
			return;
		}
		struct mc_web_user *w = MC_ARENA_NEW(req->a, struct mc_web_user);
		w->id = u->id;
		w->email = u->email;
		w->name = u->name;
		w->did = u->did;
		w->token_id = t->id;
		w->token_issuer_id = t->issuer_id;
		w->token_role = t->role;
		st->user = w;
		return;
	}
	const char *token = mc__web_cookie(req, MC_SESSION_COOKIE);
	if (!token)
		return;
	struct mc_session *s;
	if (mc_session_lookup(req->app, req->a, token, &s, &err))
		return; /* unknown or expired: anonymous (the reason is never logged) */
	struct mc_web_user *w = MC_ARENA_NEW(req->a, struct mc_web_user);
	w->id = s->user->id;
	w->email = s->user->email;
	w->name = s->user->name;
	w->did = s->user->did;
	w->is_admin = s->user->is_admin;
	w->public_profile = s->public_profile;
	st->user = w;
	st->session_token = token;
}

struct mc_web_user *mc__web_current_user(struct mc_web_req *req)
{
	resolve(req);
	return req->auth->user;
}

bool mc__web_is_token(struct mc_web_req *req)
{
	resolve(req);
	return req->auth->bearer;
}

int mc__web_require_user(struct mc_web_req *req, struct mc_web_res *res)
{
	(void)res;
	if (mc__web_current_user(req))
		return 0;
	struct mc__web_auth *st = req->auth;
	st->login_needed = true;
	if (st->bearer_error) {
		req->problem_type = "invalid-token";
		return mc_err_set(&req->err, MC_EAUTH, "%s", st->bearer_error);
	}
	req->problem_type = "login-required";
	return mc_err_set(
	    &req->err, MC_EAUTH,
	    "log in first: send the session cookie, or an API token as 'Authorization: Bearer mc_...'");
}

enum mc_role mc__web_user_role(struct mc_web_req *req, const char *issuer_id)
{
	struct mc_web_user *u = mc__web_current_user(req);
	if (!u || !issuer_id)
		return MC_ROLE_NONE;
	if (u->token_id)
		return strcmp(u->token_issuer_id, issuer_id) == 0 ? u->token_role : MC_ROLE_NONE;
	if (u->is_admin)
		return MC_ROLE_OWNER;
	enum mc_role r = MC_ROLE_NONE;
	struct mc_err err = {0};
	if (mc_staff_role(req->app, issuer_id, u->id, &r, &err))
		return MC_ROLE_NONE;
	return r;
}

int mc__web_require_role(struct mc_web_req *req, struct mc_web_res *res, const char *issuer_id,
                         enum mc_role min_role)
{
	int rc = mc__web_require_user(req, res);
	if (rc || min_role == MC_ROLE_NONE)
		return rc;
	struct mc_web_user *u = req->auth->user;
	if (mc__web_user_role(req, issuer_id) >= min_role)
		return 0;
	req->problem_type = "forbidden";
	if (u->token_id)
		return mc_err_set(
		    &req->err, MC_EAUTH,
		    "this API token does not allow that: it needs the %s role at this issuer (tokens "
		    "are scoped to one issuer and one role)",
		    mc_role_name(min_role));
	return mc_err_set(
	    &req->err, MC_EAUTH,
	    "you are signed in as %s, but this needs the %s role at the issuer; ask one of its owners",
	    u->email, mc_role_name(min_role));
}

int mc__web_require_admin(struct mc_web_req *req, struct mc_web_res *res)
{
	int rc = mc__web_require_user(req, res);
	if (rc)
		return rc;
	if (req->auth->user->is_admin && !req->auth->user->token_id)
		return 0;
	req->problem_type = "forbidden";
	return mc_err_set(&req->err, MC_EAUTH, "this is for administrators only");
}

/* ---- CSRF ---- */

/* A well-formed seed: 43 base64url characters (32 random bytes). */
static bool seed_shape(const char *s)
{
	if (!s || strlen(s) != 43)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '-' || *s == '_'))
			return false;
	return true;
}

/* The token is derived from a secret the browser holds in an HttpOnly cookie (the
 * session id, or the anonymous mc_csrf value): another site can neither read the
 * cookie nor compute the token, and no server-side state is needed. */
static const char *derive(struct mc_web_req *req, const char *seed)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_state s;
	crypto_hash_sha256_init(&s);
	crypto_hash_sha256_update(&s, (const unsigned char *)"microcred csrf v1\n", 18);
	crypto_hash_sha256_update(&s, (const unsigned char *)seed, strlen(seed));
	crypto_hash_sha256_final(&s, h);
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_base64url_encode(&b, h, sizeof h);
	const char *t = mc_arena_strdup(req->a, b.ptr);
	mc_buf_release(&b);
	return t;
}

const char *mc__web_csrf_token(struct mc_web_req *req)
{
	resolve(req);
	struct mc__web_auth *st = req->auth;
	if (st->csrf)
		return st->csrf;
	if (st->session_token) {
		st->csrf = derive(req, st->session_token);
		return st->csrf;
	}
	if (!st->anon_seed) {
		const char *c = mc__web_cookie(req, MC_CSRF_COOKIE);
		if (seed_shape(c)) {
			st->anon_seed = c;
		} else {
			unsigned char r[32];
			struct mc_buf b;
			randombytes_buf(r, sizeof r);
			mc_buf_init(&b, MC_BUF_NOLIMIT);
			mc_base64url_encode(&b, r, sizeof r);
			st->anon_seed = mc_arena_strdup(req->a, b.ptr);
			mc_buf_release(&b);
			st->set_anon_cookie = true;
		}
	}
	st->csrf = derive(req, st->anon_seed);
	return st->csrf;
}

static bool unsafe_method(const char *m)
{
	return strcmp(m, "GET") != 0 && strcmp(m, "HEAD") != 0 && strcmp(m, "OPTIONS") != 0;
}

/* The token the client sent: header X-CSRF-Token, form field csrf (urlencoded or
 * multipart), or the query parameter csrf of a multipart upload. */
static const char *sent_token(struct mc_web_req *req)
{
	const char *t = mc_web_header(req, "X-CSRF-Token");
	if (t)
		return t;
	if ((t = mc_web_form(req, "csrf")))
		return t;
	const char *ct = mc_web_header(req, "Content-Type");
	if (ct && mc__web_is_multipart(ct)) {
		struct mc_web_part *parts;
		size_t n;
		struct mc_err e2 = {0};
		if (!mc__web_multipart_parse(req->a, ct, req->body.ptr, req->body.len, &parts, &n, &e2) &&
		    (t = mc__web_part_text(req->a, parts, n, "csrf")))
			return t;
		return mc_web_query(req, "csrf");
	}
	return NULL;
}

int mc__web_auth_before(struct mc_web_req *req, const struct mc_web_route *route)
{
	if (!unsafe_method(req->method) || (route->flags & MC_ROUTE_NO_CSRF))
		return 0;
	resolve(req);
	struct mc__web_auth *st = req->auth;
	if (st->bearer) /* no cookies involved: nothing to forge */
		return 0;
	if (!st->session_token && !(route->flags & MC_ROUTE_CSRF))
		return 0; /* anonymous: the request carries no authority */
	bool had_anon = seed_shape(mc__web_cookie(req, MC_CSRF_COOKIE));
	const char *want = mc__web_csrf_token(req), *got = sent_token(req);
	if (got && strlen(got) == strlen(want) && sodium_memcmp(got, want, strlen(want)) == 0)
		return 0;
	req->problem_type = "csrf";
	if (!st->session_token && !had_anon)
		return mc_err_set(
		    &req->err, MC_EAUTH,
		    "the form's security cookie is missing: allow cookies for this site, reload the "
		    "page and send the form again");
	return mc_err_set(
	    &req->err, MC_EAUTH,
	    got ? "the form's security token does not match (the page is out of date, or another "
	          "site sent this request); reload the page and send the form again"
	        : "the form's security token (csrf) is missing; reload the page and send the form "
	          "again, or send the X-CSRF-Token header");
}

/* ---- cookies, log-in, log-out ---- */

void mc__web_set_cookie(struct mc_web_req *req, struct mc_web_res *res, const char *name, const char *value,
                        long max_age)
{
	char age[48] = "";
	if (max_age >= 0)
		snprintf(age, sizeof age, "; Max-Age=%ld", max_age);
	mc_web_res_header(res, "Set-Cookie",
	                  mc_arena_printf(req->a, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", name,
	                                  max_age == 0 ? "" : value, age,
	                                  req->site->https ? "; Secure" : ""));
}

int mc__web_login(struct mc_web_req *req, struct mc_web_res *res, const char *user_id)
{
	struct mc_err e2 = {0};
	/* Never keep a session id from before log-in (session fixation). */
	const char *old = mc__web_cookie(req, MC_SESSION_COOKIE);
	if (old)
		(void)mc_session_end(req->app, old, &e2);
	char *token;
	int rc = mc_session_create(req->app, req->a, user_id, &token, NULL, &req->err);
	if (rc)
		return rc;
	mc__web_set_cookie(req, res, MC_SESSION_COOKIE, token, MC_SESSION_MAX_SECS);
	struct mc__web_auth *st = state(req);
	st->resolved = false; /* the next question sees the new session */
	st->csrf = NULL;
	return 0;
}

int mc__web_logout(struct mc_web_req *req, struct mc_web_res *res)
{
	const char *token = mc__web_cookie(req, MC_SESSION_COOKIE);
	int rc = token ? mc_session_end(req->app, token, &req->err) : 0;
	mc__web_set_cookie(req, res, MC_SESSION_COOKIE, "", 0);
	if (req->auth) {
		req->auth->user = NULL;
		req->auth->session_token = NULL;
		req->auth->csrf = NULL;
	}
	return rc;
}

const char *mc__web_safe_next(const char *next)
{
	if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strlen(next) > 1024)
		return "/account";
	for (const char *p = next; *p; p++)
		if ((unsigned char)*p < ' ' || *p == '\\')
			return "/account";
	return next;
}

/* ---- pages and errors ---- */

void mc__web_auth_page_data(struct mc_web_req *req, struct mc_web_res *res, struct mc_json *data)
{
	struct mc_web_user *u = mc__web_current_user(req);
	struct mc__web_auth *st = req->auth;
	/* Anonymous pages carry a token only when their handler asked for one (log-in,
	 * sign-up): others stay the same for every visitor, so they can be cached. */
	const char *csrf = u && st->session_token ? mc__web_csrf_token(req) : st->csrf;
	st->personal = st->personal || u || csrf;
	if (csrf && !mc_json_get(data, "csrf"))
		mc_web_put(req, data, "csrf", csrf);
	if (u && !mc_json_get(data, "current_user")) {
		struct mc_json *o = mc_json_new_object(req->a);
		mc_web_put(req, o, "id", u->id);
		mc_web_put(req, o, "email", u->email);
		mc_web_put(req, o, "name", u->name);
		mc_web_put_bool(req, o, "is_admin", u->is_admin);
		/* Staff see a link to the issuer console. */
		bool staff = false;
		struct mc_err serr = {0};
		mc_user_is_staff(req->app, u->id, &staff, &serr);
		mc_web_put_bool(req, o, "is_staff", staff || u->is_admin);
		mc_json_object_set(req->a, data, "current_user", 12, o);
	}
	if (st->set_anon_cookie) {
		mc__web_set_cookie(req, res, MC_CSRF_COOKIE, st->anon_seed, -1);
		st->set_anon_cookie = false;
	}
}

void mc__web_auth_after(struct mc_web_req *req, struct mc_web_res *res)
{
	if (req->auth && (req->auth->personal || req->auth->user)) {
		res->cache_control = "private, no-store";
		res->etag = NULL;
	}
}

/* "/x?y" percent-encoded for a query value. */
static const char *query_escape(struct mc_web_req *req, const char *s)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("/-_.~", *p)) {
			mc_buf_append(&b, p, 1);
		} else {
			char h[4];
			snprintf(h, sizeof h, "%%%02X", *p);
			mc_buf_append(&b, h, 3);
		}
	}
	const char *r = mc_arena_strdup(req->a, b.ptr);
	mc_buf_release(&b);
	return r;
}

bool mc__web_auth_error(struct mc_web_req *req, struct mc_web_res *res, const struct mc_web_route *route,
                        int code)
{
	struct mc__web_auth *st = req->auth;
	if (!st)
		return false;
	const char *detail = req->err.code ? req->err.msg : mc_err_name(code);
	if (code == MC_ELIMIT && st->retry_after) {
		res->nheaders = 0;
		if (mc_web_wants_problem(req, route) || !req->site->templates) {
			mc_web_res_problem(req, res, 429, "rate-limited", detail);
		} else {
			struct mc_json *d = mc_json_new_object(req->a);
			mc_web_put_int(req, d, "status", 429);
			mc_web_put(req, d, "reason", mc_web_reason(429));
			mc_web_put(req, d, "detail", detail);
			if (mc_web_res_page(req, res, 429, "error", mc_web_reason(429), d))
				mc_web_res_problem(req, res, 429, "rate-limited", detail);
		}
		mc_web_res_header(res, "Retry-After", mc_arena_printf(req->a, "%u", st->retry_after));
		return true;
	}
	if (code != MC_EAUTH || !st->login_needed)
		return false;
	res->nheaders = 0;
	if (st->bearer || mc_web_wants_problem(req, route) || !req->site->templates) {
		mc_web_res_problem(req, res, 401, req->problem_type, detail);
		mc_web_res_header(res, "WWW-Authenticate",
		                  st->bearer_error ? "Bearer realm=\"microcred\", error=\"invalid_token\""
		                                   : "Bearer realm=\"microcred\"");
		return true;
	}
	/* A browser: to the log-in page, and back here afterwards. */
	const char *next =
	    strcmp(req->method, "GET") == 0 || strcmp(req->method, "HEAD") == 0 ? req->path : "/";
	mc_web_res_bytes(res, 303, "text/plain; charset=utf-8", "Log in first.\n", 14);
	mc_web_res_header(res, "Location",
	                  mc_arena_printf(req->a, "/login?next=%s", query_escape(req, next)));
	res->cache_control = "no-store";
	return true;
}

/* ---- rate limits ---- */

static struct mc__ratelimit *login_ip, *login_account, *verify_ip;
static pthread_once_t limits_once = PTHREAD_ONCE_INIT;
static const struct mc_web_config *limits_cfg;

#define LOGIN_WINDOW 300.0

/* Process-wide (the limits hold across worker threads), made at first use. */
static void make_limits(void)
{
	int n = limits_cfg->login_limit ? limits_cfg->login_limit : 10;
	int v = limits_cfg->verify_rate ? limits_cfg->verify_rate : 20;
	if (n > 0) {
		login_ip = mc__ratelimit_new(4096, n / LOGIN_WINDOW, n);
		login_account = mc__ratelimit_new(4096, n / LOGIN_WINDOW, n);
	}
	if (v > 0)
		verify_ip = mc__ratelimit_new(4096, v, 2.0 * v);
}

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int limited(struct mc_web_req *req, unsigned retry_after, const char *what)
{
	state(req)->retry_after = retry_after;
	req->problem_type = "rate-limited";
	return mc_err_set(&req->err, MC_ELIMIT, "too many %s; try again in %u second%s", what, retry_after,
	                  retry_after == 1 ? "" : "s");
}

static void limits_init(struct mc_web_req *req)
{
	static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&m);
	if (!limits_cfg)
		limits_cfg = req->site->cfg;
	pthread_mutex_unlock(&m);
	pthread_once(&limits_once, make_limits);
}

/* Accounts are counted by email, which is case-insensitive. */
static const char *lower(struct mc_web_req *req, const char *s)
{
	char *r = mc_arena_strdup(req->a, s);
	for (char *p = r; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return r;
}

int mc__web_limit_login(struct mc_web_req *req, const char *email)
{
	limits_init(req);
	unsigned ra = 0;
	double now = mono_now();
	if (login_ip && !mc__ratelimit_take(login_ip, mc__web_client_ip(req), now, &ra))
		return limited(req, ra, "log-in attempts from your address");
	if (login_account && email && *email &&
	    !mc__ratelimit_take(login_account, lower(req, email), now, &ra))
		return limited(req, ra, "log-in attempts for this account");
	return 0;
}

void mc__web_limit_login_ok(struct mc_web_req *req, const char *email)
{
	limits_init(req);
	if (login_account && email)
		mc__ratelimit_reset(login_account, lower(req, email));
}

int mc__web_limit_verify(struct mc_web_req *req)
{
	limits_init(req);
	unsigned ra = 0;
	if (verify_ip && !mc__ratelimit_take(verify_ip, mc__web_client_ip(req), mono_now(), &ra))
		return limited(req, ra, "verifications from your address");
	return 0;
}
