/* The HTTP server on libmicrohttpd: epoll with a thread pool (one per CPU),
 * limits at the edge (connection memory, which bounds the request headers; body
 * size per route, answered with 413 before the body is read when Content-Length
 * says so; inactivity timeout), a per-request arena freed when the request
 * completes, one database connection per worker thread (the driver is not
 * thread-safe), an access log line per request, and a graceful stop. */
#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "microcred/app.h"

#include "web/auth.h"
#include "web/web.h"

struct worker {
	struct mc_app app;
	bool open;
	struct worker *next;
};

struct mc_web_server {
	struct MHD_Daemon *d;
	struct mc_web_config cfg;
	struct mc_web_site site;
	pthread_key_t key;
	pthread_mutex_t lock;
	struct worker *workers;
	atomic_long inflight;
	uint16_t port;
};

struct reqctx {
	struct mc_arena arena;
	struct mc_web_req req;
	const struct mc_web_route *route;
	const char *allowed;
	struct mc_buf body;
	bool too_large, responded;
	uint64_t t0;
	int status;
	size_t bytes;
	struct mc_web_server *srv;
};

static uint64_t now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* This thread's application context, opened on first use. */
static struct mc_app *thread_app(struct mc_web_server *s, struct mc_err *err)
{
	struct worker *w = pthread_getspecific(s->key);
	if (!w) {
		w = mc_xcalloc(1, sizeof *w);
		pthread_setspecific(s->key, w);
		pthread_mutex_lock(&s->lock);
		w->next = s->workers;
		s->workers = w;
		pthread_mutex_unlock(&s->lock);
	}
	if (!w->open) {
		if (mc_app_open(&w->app, s->site.db_url, s->site.base_url, err))
			return NULL;
		w->open = true;
	}
	return &w->app;
}

/* Headers on every response (CSP forbids inline scripts and styles: pages use
 * /static/style.css only and work without JavaScript). */
static const char *const security_headers[][2] = {
    {"Content-Security-Policy",
     "default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
     "form-action 'self'"},
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "strict-origin-when-cross-origin"},
    {"X-Frame-Options", "DENY"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"},
};

static enum MHD_Result send_res(struct MHD_Connection *c, struct reqctx *rq, struct mc_web_res *res)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    res->len, (void *)(res->body ? res->body : ""), MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	if (res->content_type && res->status != 304)
		MHD_add_response_header(r, "Content-Type", res->content_type);
	for (size_t i = 0; i < sizeof security_headers / sizeof security_headers[0]; i++)
		MHD_add_response_header(r, security_headers[i][0], security_headers[i][1]);
	if (rq->srv->site.https)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
	MHD_add_response_header(r, "Cache-Control", res->cache_control ? res->cache_control : "no-store");
	if (res->etag)
		MHD_add_response_header(r, "ETag", res->etag);
	for (size_t i = 0; i < res->nheaders; i++)
		MHD_add_response_header(r, res->headers[i].name, res->headers[i].value);
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)res->status, r);
	MHD_destroy_response(r);
	rq->status = res->status;
	rq->bytes = res->len;
	rq->responded = true;
	return ret;
}

static enum MHD_Result fail(struct MHD_Connection *c, struct reqctx *rq, int code, const char *type,
                            const char *fmt, const char *arg)
{
	struct mc_web_res res = {0};
	mc_err_set(&rq->req.err, code, fmt, arg);
	rq->req.problem_type = type;
	mc_web_res_error(&rq->req, &res, rq->route, code);
	return send_res(c, rq, &res);
}

static enum MHD_Result dispatch(struct MHD_Connection *c, struct reqctx *rq)
{
	struct mc_web_req *req = &rq->req;
	struct mc_web_res res = {0};
	if (!rq->route) {
		if (rq->allowed) {
			mc_err_set(&req->err, MC_EINVAL, "%s is not allowed on %s; use %s", req->method,
			           req->path, rq->allowed);
			mc_web_res_problem(req, &res, 405, NULL, req->err.msg);
			mc_web_res_header(&res, "Allow", rq->allowed);
			return send_res(c, rq, &res);
		}
		return fail(c, rq, MC_ENOTFOUND, NULL, "there is nothing at %s", req->path);
	}
	struct mc_err err = {0};
	req->app = thread_app(rq->srv, &err);
	if (!req->app)
		return fail(c, rq, MC_EIO, NULL, "the database is not available: %s", err.msg);
	req->body = mc_buf_slice(&rq->body);
	/* Bearer token and CSRF checks (auth.c) come before any handler runs. */
	int rc = mc__web_auth_before(req, rq->route);
	if (!rc)
		rc = rq->route->handler(req, &res);
	if (!rc && res.status == 0)
		rc = mc_err_set(&req->err, MC_EINVAL, "the handler of %s gave no answer", rq->route->pattern);
	if (rc) {
		if (req->app->db && mc_db_in_tx(req->app->db))
			mc_db_rollback(req->app->db);
		memset(&res, 0, sizeof res);
		mc_web_res_error(req, &res, rq->route, rc);
	}
	mc__web_auth_after(req, &res); /* a page made for a signed-in user is never cached */
	return send_res(c, rq, &res);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size,
                                  void **con_cls)
{
	struct mc_web_server *s = cls;
	struct reqctx *rq = *con_cls;
	if (!rq) {
		rq = mc_xcalloc(1, sizeof *rq);
		rq->t0 = now_us();
		rq->srv = s;
		mc_arena_init(&rq->arena, 16 * 1024);
		rq->req.a = &rq->arena;
		rq->req.site = &s->site;
		rq->req.conn = c;
		rq->req.method = mc_arena_strdup(&rq->arena, method);
		rq->req.path = mc_arena_strdup(&rq->arena, url);
		*con_cls = rq;
		atomic_fetch_add(&s->inflight, 1);
		rq->route = mc__web_route_find(&rq->req, method, url, &rq->allowed);
		size_t limit = rq->route && rq->route->max_body ? rq->route->max_body : s->cfg.max_body;
		mc_buf_init(&rq->body, limit);
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > limit) {
			rq->too_large = true;
			/* Answer before reading the body; the connection closes after. */
			return fail(c, rq, MC_ELIMIT, "body-too-large",
			            "the request body is larger than %s bytes",
			            mc_arena_printf(&rq->arena, "%zu", limit));
		}
		return MHD_YES;
	}
	if (rq->responded) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!rq->too_large && mc_buf_append(&rq->body, upload, *upload_size))
			rq->too_large = true;
		*upload_size = 0;
		return MHD_YES;
	}
	if (rq->too_large)
		return fail(c, rq, MC_ELIMIT, "body-too-large", "the request body is larger than %s bytes",
		            mc_arena_printf(&rq->arena, "%zu", rq->body.max));
	return dispatch(c, rq);
}

static void access_log(struct mc_web_server *s, struct reqctx *rq, enum MHD_RequestTerminationCode toe)
{
	if (s->cfg.access_log_fd < 0)
		return;
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	char line[1024];
	int n = snprintf(line, sizeof line, "%04d-%02d-%02dT%02d:%02d:%02dZ %s %.700s %d %zu %lluus%s\n",
	                 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
	                 rq->req.method, rq->req.path, rq->status, rq->bytes,
	                 (unsigned long long)(now_us() - rq->t0),
	                 toe == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (aborted)");
	if (n > (int)sizeof line - 1)
		n = (int)sizeof line - 1;
	/* One write per line: lines from different threads never interleave. */
	ssize_t w = write(s->cfg.access_log_fd, line, (size_t)n);
	(void)w;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct mc_web_server *s = cls;
	struct reqctx *rq = *con_cls;
	if (!rq)
		return;
	access_log(s, rq, toe);
	mc_buf_release(&rq->body);
	mc_arena_release(&rq->arena);
	free(rq);
	*con_cls = NULL;
	atomic_fetch_sub(&s->inflight, 1);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	fprintf(stderr, "microcred serve: libmicrohttpd: ");
	vfprintf(stderr, fmt, ap);
}

static int resolve_base_url(const struct mc_web_config *cfg, const char *db_url, char **out,
                            struct mc_err *err)
{
	struct mc_app app;
	int rc = mc_app_open(&app, db_url, cfg->base_url, err);
	if (rc)
		return rc;
	if (app.base_url && *app.base_url) {
		*out = mc_xstrdup(app.base_url);
	} else {
		bool v6 = strchr(cfg->addr, ':') != NULL;
		char buf[128];
		snprintf(buf, sizeof buf, v6 ? "http://[%s]:%u" : "http://%s:%u", cfg->addr, cfg->port);
		*out = mc_xstrdup(buf);
	}
	mc_app_close(&app);
	return 0;
}

int mc_web_server_start(const struct mc_web_config *cfg, struct mc_web_server **out, struct mc_err *err)
{
	struct mc_web_server *s = mc_xcalloc(1, sizeof *s);
	s->cfg = *cfg;
	if (!s->cfg.max_body)
		s->cfg.max_body = MC_WEB_DEFAULT_MAX_BODY;
	if (!s->cfg.conn_memory)
		s->cfg.conn_memory = MC_WEB_DEFAULT_CONN_MEMORY;
	if (!s->cfg.timeout)
		s->cfg.timeout = MC_WEB_DEFAULT_TIMEOUT;
	if (!s->cfg.threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		s->cfg.threads = n > 0 ? (unsigned)n : 1;
	}
	if (!s->cfg.addr)
		s->cfg.addr = "127.0.0.1";
	const char *db_url = cfg->db_url ? cfg->db_url : mc_db_default_url();

	struct sockaddr_storage ss = {0};
	bool v6 = strchr(s->cfg.addr, ':') != NULL;
	if (v6) {
		struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons(s->cfg.port);
		if (inet_pton(AF_INET6, s->cfg.addr, &a6->sin6_addr) != 1)
			goto bad_addr;
	} else {
		struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
		a4->sin_family = AF_INET;
		a4->sin_port = htons(s->cfg.port);
		if (inet_pton(AF_INET, s->cfg.addr, &a4->sin_addr) != 1)
			goto bad_addr;
	}

	/* Bind here, before the daemon starts: with port 0 the base URL depends on the
	 * port, and the site must be ready before the first request can arrive. */
	char *base_url = NULL;
	int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int one = 1;
	socklen_t sl = v6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
	    bind(fd, (struct sockaddr *)&ss, sl) || listen(fd, 1024) ||
	    getsockname(fd, (struct sockaddr *)&ss, &sl)) {
		mc_err_set(
		    err, MC_EIO,
		    "cannot listen on %s:%u: %s; choose another address or port with --listen ADDR:PORT",
		    s->cfg.addr, s->cfg.port, strerror(errno));
		goto fail;
	}
	s->port = ntohs(v6 ? ((struct sockaddr_in6 *)&ss)->sin6_port : ((struct sockaddr_in *)&ss)->sin_port);
	s->cfg.port = s->port;
	if (resolve_base_url(&s->cfg, db_url, &base_url, err))
		goto fail;
	if (mc__web_site_init(&s->site, &s->cfg, base_url, db_url, err))
		goto fail;
	pthread_key_create(&s->key, NULL);
	pthread_mutex_init(&s->lock, NULL);
	unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_TURBO |
	                 (v6 ? MHD_USE_IPv6 : 0) | (s->cfg.debug ? MHD_USE_ERROR_LOG : 0);
	s->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_LISTEN_SOCKET, fd,
	                        MHD_OPTION_THREAD_POOL_SIZE, s->cfg.threads,
	                        MHD_OPTION_CONNECTION_MEMORY_LIMIT, s->cfg.conn_memory,
	                        MHD_OPTION_CONNECTION_TIMEOUT, s->cfg.timeout, MHD_OPTION_NOTIFY_COMPLETED,
	                        on_completed, s, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL, MHD_OPTION_END);
	if (!s->d) {
		mc_err_set(err, MC_EIO, "libmicrohttpd could not start on %s:%u (threads: %u)", s->cfg.addr,
		           s->port, s->cfg.threads);
		pthread_key_delete(s->key);
		pthread_mutex_destroy(&s->lock);
		mc__web_site_release(&s->site);
		goto fail;
	}
	free(base_url);
	*out = s;
	return 0;
bad_addr:
	mc_err_set(err, MC_EINVAL, "--listen: '%s' is not an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::1)",
	           s->cfg.addr);
	free(s);
	return MC_EINVAL;
fail:
	free(base_url);
	if (fd >= 0)
		close(fd);
	free(s);
	return err->code;
}

uint16_t mc_web_server_port(const struct mc_web_server *s)
{
	return s->port;
}

const char *mc_web_server_base_url(const struct mc_web_server *s)
{
	return s->site.base_url;
}

void mc_web_server_stop(struct mc_web_server *s, unsigned grace_ms)
{
	if (!s)
		return;
	MHD_socket lfd = MHD_quiesce_daemon(s->d);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	uint64_t until = now_us() + (uint64_t)grace_ms * 1000u;
	while (atomic_load(&s->inflight) > 0 && now_us() < until)
		usleep(5000);
	MHD_stop_daemon(s->d);
	for (struct worker *w = s->workers, *next; w; w = next) {
		next = w->next;
		if (w->open)
			mc_app_close(&w->app);
		free(w);
	}
	pthread_key_delete(s->key);
	pthread_mutex_destroy(&s->lock);
	mc__web_site_release(&s->site);
	free(s);
}
