/* Private to src/web (and the `serve` command): the HTTP face of microcred.
 *
 * Layers: server.c (libmicrohttpd: threads, limits, per-request arena, per-thread
 * database connection, access log, shutdown) -> router.c (a static route table:
 * method + path pattern with {param} segments, optional .json/.jwt suffix) ->
 * handlers/<area>.c (~20 lines each: parse, call one app/ service, render) using the
 * helpers of request.c (query, form, JSON body, content negotiation) and
 * response.c (JSON, pages through template.c, RFC 9457 problems, caching headers).
 * Nothing below web/ includes this header. */
#ifndef MC_WEB_WEB_H
#define MC_WEB_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "microcred/app.h"
#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/json.h"

/* ---- the server ---- */

#define MC_WEB_DEFAULT_MAX_BODY ((size_t)1024 * 1024)
#define MC_WEB_DEFAULT_CONN_MEMORY ((size_t)32 * 1024) /* bounds the request headers too */
#define MC_WEB_DEFAULT_TIMEOUT 30                      /* seconds of inactivity */
#define MC_WEB_MAX_JSON_DEPTH 64

struct mc_web_config {
	const char *addr;          /* listen address, "127.0.0.1" or "::1" or "0.0.0.0" */
	uint16_t port;             /* 0 = any free port (see mc_web_server_port) */
	const char *db_url;        /* NULL = mc_db_default_url() */
	const char *base_url;      /* NULL = the installation's setting, else http://ADDR:PORT */
	unsigned threads;          /* 0 = number of CPUs */
	size_t max_body;           /* 0 = MC_WEB_DEFAULT_MAX_BODY (routes may set their own) */
	size_t conn_memory;        /* 0 = MC_WEB_DEFAULT_CONN_MEMORY */
	unsigned timeout;          /* 0 = MC_WEB_DEFAULT_TIMEOUT */
	int access_log_fd;         /* -1 = no access log */
	bool debug;                /* log missing template names and handler errors */
	bool offline_verify;       /* never fetch keys or status lists of other sites */
	bool fetch_private;        /* may fetch from loopback and private networks (else public
	                              addresses only: no requests into the server's own network) */
	unsigned verify_ttl;       /* seconds a badge page's verification is reused; 0 = 10 */
	const char *templates_dir; /* read templates from here instead of the embedded ones */
	int verify_rate;           /* verifications per second per client IP (burst: twice that);
	                              0 = 20, negative = no limit (benchmarks) */
	int login_limit;           /* log-in attempts per 5 minutes per client IP and per account;
	                              0 = 10, negative = no limit */
};

struct mc_web_server;

/* Opens the database once (migrations, base URL), compiles the templates, and
 * starts listening. */
int mc_web_server_start(const struct mc_web_config *cfg, struct mc_web_server **out, struct mc_err *err);
uint16_t mc_web_server_port(const struct mc_web_server *s);
const char *mc_web_server_base_url(const struct mc_web_server *s);
/* Stops accepting, waits (up to grace_ms) for requests in flight, stops the
 * threads and closes every database connection. */
void mc_web_server_stop(struct mc_web_server *s, unsigned grace_ms);

/* ---- what every request sees ---- */

/* Shared, read-only after start (site.c). */
struct mc_web_site {
	char *base_url;
	char *db_url;
	struct mc_tpl_set *templates;
	const struct mc_web_config *cfg;
	struct mc_web_static *statics; /* web/static files with their ETags */
	size_t nstatics;
	struct mc_http_resolver *http_resolver; /* NULL when offline_verify */
	struct mc__web_cache *verify_cache;     /* reports of stored credentials */
	struct mc__web_cache *page_cache;       /* rendered badge pages */
	bool https;
};

struct mc_web_static {
	const char *name; /* "style.css" */
	const char *data;
	size_t len;
	const char *content_type;
	char etag[24]; /* "\"<16 hex>\"" */
};

int mc__web_site_init(struct mc_web_site *site, const struct mc_web_config *cfg, const char *base_url,
                      const char *db_url, struct mc_err *err);
void mc__web_site_release(struct mc_web_site *site);
const struct mc_web_static *mc__web_static_find(const struct mc_web_site *site, const char *name);

#define MC_WEB_MAX_PARAMS 4

struct mc_web_req {
	struct mc_arena *a; /* freed when the request completes */
	struct mc_app *app; /* this thread's connection */
	const struct mc_web_site *site;
	const char *method;                    /* as received ("HEAD" stays "HEAD"; routes treat it as GET) */
	const char *path;                      /* decoded, without the query */
	const char *params[MC_WEB_MAX_PARAMS]; /* the {param} segments, in order */
	const char *suffix; /* ".json" / ".jwt" when the route allows it and the path had it */
	struct mc_slice body;
	void *conn;                /* struct MHD_Connection * */
	struct mc_err err;         /* set by a handler that returns an error */
	const char *problem_type;  /* optional: a more specific problem type than the code's */
	struct mc__web_auth *auth; /* auth.c: the session/token, CSRF state (lazily filled) */
};

#define MC_WEB_MAX_HEADERS 12

struct mc_web_res {
	int status;
	const char *content_type;
	const char *body; /* lives in the request arena or is static */
	size_t len;
	const char *cache_control; /* NULL = "no-store" for dynamic content */
	const char *etag;
	struct {
		const char *name, *value;
	} headers[MC_WEB_MAX_HEADERS];
	size_t nheaders;
};

/* A handler fills res and returns 0, or returns a negative MC_E* code with req->err
 * set; the server turns that into a problem (API, JSON clients) or an error page. */
typedef int (*mc_web_handler)(struct mc_web_req *req, struct mc_web_res *res);

/* ---- routing (router.c, routes in routes.c) ---- */

enum {
	MC_ROUTE_JSON_SUFFIX = 1, /* /x/{id}.json is /x/{id} asking for JSON */
	MC_ROUTE_JWT_SUFFIX = 2,  /* /x/{id}.jwt asks for the VC-JWT */
	MC_ROUTE_API = 4,         /* errors are always problem+json */
	MC_ROUTE_NO_CSRF = 8,     /* never checked for CSRF (public, stateless: the verify API) */
	MC_ROUTE_CSRF = 16,       /* checked for CSRF even without a session (log-in, sign-up) */
};

struct mc_web_route {
	const char *method;  /* "GET" (HEAD too), "POST", ... */
	const char *pattern; /* "/issuers/{slug}" */
	mc_web_handler handler;
	unsigned flags;
	size_t max_body; /* 0 = the server's */
};

extern const struct mc_web_route mc__web_routes[];

/* Finds the route for method and path, filling req->params and req->suffix
 * (allocated in req->a). NULL when none matches; *allowed then names the methods
 * the path accepts ("GET, HEAD") or is NULL for an unknown path. */
const struct mc_web_route *mc__web_route_find(struct mc_web_req *req, const char *method, const char *path,
                                              const char **allowed);

/* ---- requests (request.c) ---- */

const char *mc_web_header(const struct mc_web_req *req, const char *name);
const char *mc_web_query(const struct mc_web_req *req, const char *name);
/* A field of an application/x-www-form-urlencoded body (decoded, in req->a), or NULL. */
const char *mc_web_form(struct mc_web_req *req, const char *name);
/* Parses the body as JSON (depth MC_WEB_MAX_JSON_DEPTH): MC_EINVAL / MC_ELIMIT with
 * req->err set. */
int mc_web_body_json(struct mc_web_req *req, struct mc_json **out);

enum mc_web_fmt { MC_WEB_HTML = 0, MC_WEB_JSON, MC_WEB_JWT };
/* What the client wants: the .json/.jwt suffix, else Accept (application/ld+json,
 * application/vc+ld+json, application/vc, application/json -> JSON; text/html or
 * nothing specific -> HTML). */
enum mc_web_fmt mc_web_negotiate(const struct mc_web_req *req);
/* The JSON media type to answer with: the one the client asked for among those
 * offered (comma-separated, first = default). */
const char *mc_web_json_type(const struct mc_web_req *req, const char *offered);
/* True when an error should be a problem+json rather than an HTML page. */
bool mc_web_wants_problem(const struct mc_web_req *req, const struct mc_web_route *route);

/* ---- responses (response.c) ---- */

void mc_web_res_header(struct mc_web_res *res, const char *name, const char *value);
/* Bytes as they are (borrowed: static or in req->a). */
void mc_web_res_bytes(struct mc_web_res *res, int status, const char *content_type, const char *body,
                      size_t len);
/* A JSON value, compact; content_type NULL = application/json. */
int mc_web_res_json(struct mc_web_req *req, struct mc_web_res *res, int status, const struct mc_json *v,
                    const char *content_type);
/* A page: template page inside the layout, with data (an object; "site" and
 * "title" are added). */
int mc_web_res_page(struct mc_web_req *req, struct mc_web_res *res, int status, const char *page,
                    const char *title, struct mc_json *data);
/* RFC 9457 problem: {type, title, status, detail, instance}. type_name NULL =
 * about:blank, else <base>/problems/<type_name>. */
void mc_web_res_problem(struct mc_web_req *req, struct mc_web_res *res, int status, const char *type_name,
                        const char *detail);
/* The response for an error code (req->err has the message): problem+json or an
 * error page, by route and negotiation. */
void mc_web_res_error(struct mc_web_req *req, struct mc_web_res *res, const struct mc_web_route *route,
                      int code);
int mc_web_status_of(int code);
const char *mc_web_reason(int status);
/* Sets ETag and Cache-Control; returns true (and makes res a 304) when the
 * request's If-None-Match matches. */
bool mc_web_res_cache(struct mc_web_req *req, struct mc_web_res *res, const char *etag,
                      const char *cache_control);

/* ---- verification for pages and the API (verifier.c) ---- */

struct mc_report;
/* Verifies input with this installation's keys and status lists (and, unless
 * offline, those of other sites over HTTPS). Returns mc_verify's result. */
int mc__web_verify(struct mc_web_req *req, const char *input, size_t n, struct mc_report *report,
                   struct mc_json **credential, struct mc_err *err);
/* The verification report (JSON, in req->a) of a stored credential, reused for
 * cfg->verify_ttl seconds while its state is unchanged. */
int mc__web_verify_cached(struct mc_web_req *req, const char *key, const char *state, const char *json,
                          struct mc_json **report);

/* Small process-wide caches (512 slots, mutex-protected) of text by key, valid
 * while the state given with it is unchanged and for cfg->verify_ttl seconds:
 * verification reports, and badge pages (whose content depends only on the
 * credential, its state and its report). get copies the text into req->a. */
struct mc__web_cache *mc__web_cache_new(void);
void mc__web_cache_free(struct mc__web_cache *c);
bool mc__web_cache_get(struct mc_web_req *req, struct mc__web_cache *c, const char *key, const char *state,
                       const char **text, size_t *len);
void mc__web_cache_put(struct mc__web_cache *c, const char *key, const char *state, const char *text,
                       size_t len);

/* JSON building shorthands for handlers. */
void mc_web_put(struct mc_web_req *req, struct mc_json *obj, const char *key, const char *s);
void mc_web_put_int(struct mc_web_req *req, struct mc_json *obj, const char *key, int64_t v);
void mc_web_put_bool(struct mc_web_req *req, struct mc_json *obj, const char *key, bool v);

#endif
