/* The loopback HTTP server for tests: see http_fixture.h. */
#include "support/http_fixture.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define HEAD_MAX 16384

struct route {
	struct route *next;
	char *path;
	int status;
	char *headers;
	char *content_type;
	char *body;
	size_t body_len;
	unsigned delay_ms;
	bool no_length;
};

struct logged {
	char *path;
	char *head; /* the request head as received */
};

struct mc_http_fixture {
	int fd;
	unsigned port;
	char base[64];
	int stop; /* set once, under mu */
	pthread_t acceptor;
	pthread_mutex_t mu;
	struct route *routes; /* newest first; never freed before stop, so responses stay valid */
	pthread_t *workers;
	size_t nworkers, capworkers;
	struct logged *log;
	size_t nlog, caplog;
};

struct conn {
	struct mc_http_fixture *f;
	int fd;
};

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p) {
		fprintf(stderr, "http_fixture: out of memory\n");
		abort();
	}
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

static bool stopping(struct mc_http_fixture *f)
{
	pthread_mutex_lock(&f->mu);
	bool s = f->stop != 0;
	pthread_mutex_unlock(&f->mu);
	return s;
}

/* Sleeps ms, waking early when the server stops. */
static void nap(struct mc_http_fixture *f, unsigned ms)
{
	while (ms > 0 && !stopping(f)) {
		unsigned step = ms < 10 ? ms : 10;
		struct timespec ts = {0, (long)step * 1000000L};
		nanosleep(&ts, NULL);
		ms -= step;
	}
}

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 301: return "Moved Permanently";
	case 302: return "Found";
	case 303: return "See Other";
	case 307: return "Temporary Redirect";
	case 308: return "Permanent Redirect";
	case 404: return "Not Found";
	case 410: return "Gone";
	case 500: return "Internal Server Error";
	default: return "Status";
	}
}

static bool send_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false; /* the client went away (e.g. it hit its size limit) */
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* Reads the request head (up to the blank line). Returns its length, or 0. */
static size_t read_head(struct mc_http_fixture *f, int fd, char *buf)
{
	size_t len = 0;
	for (int waited = 0; len < HEAD_MAX - 1 && waited < 5000 && !stopping(f);) {
		struct pollfd p = {fd, POLLIN, 0};
		int pr = poll(&p, 1, 50);
		if (pr == 0) {
			waited += 50;
			continue;
		}
		if (pr < 0 && errno == EINTR)
			continue;
		ssize_t r = recv(fd, buf + len, HEAD_MAX - 1 - len, 0);
		if (r <= 0)
			return 0;
		len += (size_t)r;
		buf[len] = '\0';
		/* Not HTTP (e.g. a TLS ClientHello): hang up at once, as a real server would. */
		if (buf[0] < 'A' || buf[0] > 'Z')
			return 0;
		if (strstr(buf, "\r\n\r\n"))
			return len;
	}
	return 0;
}

static void *serve(void *arg)
{
	struct conn *c = arg;
	struct mc_http_fixture *f = c->f;
	int fd = c->fd;
	char *head = xmalloc(HEAD_MAX);
	char path[2048];
	free(c);

	if (!read_head(f, fd, head) || sscanf(head, "%*s %2047s", path) != 1)
		goto out;

	pthread_mutex_lock(&f->mu);
	if (f->nlog == f->caplog) {
		f->caplog = f->caplog ? f->caplog * 2 : 16;
		struct logged *nl = realloc(f->log, f->caplog * sizeof(*f->log));
		if (!nl)
			abort();
		f->log = nl;
	}
	f->log[f->nlog].path = xstrdup(path);
	f->log[f->nlog].head = xstrdup(head);
	f->nlog++;
	struct route *r = f->routes;
	while (r && strcmp(r->path, path) != 0)
		r = r->next;
	pthread_mutex_unlock(&f->mu);

	static const char not_found[] = "{\"error\": \"not found\"}";
	int status = r ? r->status : 404;
	const char *body = r ? r->body : not_found;
	size_t body_len = r ? r->body_len : sizeof(not_found) - 1;
	if (r && r->delay_ms)
		nap(f, r->delay_ms);
	if (stopping(f))
		goto out;

	char resp[4096];
	int n = snprintf(resp, sizeof(resp), "HTTP/1.1 %d %s\r\nContent-Type: %s\r\n%s", status,
	                 reason(status), r && r->content_type ? r->content_type : "application/json",
	                 r && r->headers ? r->headers : "");
	if (!(r && r->no_length))
		n += snprintf(resp + n, sizeof(resp) - (size_t)n, "Content-Length: %zu\r\n", body_len);
	n += snprintf(resp + n, sizeof(resp) - (size_t)n, "Connection: close\r\n\r\n");
	if (send_all(fd, resp, (size_t)n) && body_len)
		send_all(fd, body, body_len);
	shutdown(fd, SHUT_WR);
out:
	free(head);
	close(fd);
	return NULL;
}

static void *accept_loop(void *arg)
{
	struct mc_http_fixture *f = arg;
	while (!stopping(f)) {
		struct pollfd p = {f->fd, POLLIN, 0};
		if (poll(&p, 1, 50) <= 0)
			continue;
		int cfd = accept(f->fd, NULL, NULL);
		if (cfd < 0)
			continue;
		struct conn *c = xmalloc(sizeof(*c));
		c->f = f;
		c->fd = cfd;
		pthread_t t;
		if (pthread_create(&t, NULL, serve, c) != 0) {
			close(cfd);
			free(c);
			continue;
		}
		pthread_mutex_lock(&f->mu);
		if (f->nworkers == f->capworkers) {
			f->capworkers = f->capworkers ? f->capworkers * 2 : 16;
			pthread_t *nw = realloc(f->workers, f->capworkers * sizeof(*f->workers));
			if (!nw)
				abort();
			f->workers = nw;
		}
		f->workers[f->nworkers++] = t;
		pthread_mutex_unlock(&f->mu);
	}
	return NULL;
}

struct mc_http_fixture *mc_http_fixture_start(void)
{
	struct mc_http_fixture *f = calloc(1, sizeof(*f));
	struct sockaddr_in sa;
	socklen_t salen = sizeof(sa);
	int one = 1;

	if (!f)
		return NULL;
	pthread_mutex_init(&f->mu, NULL);
	f->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (f->fd < 0)
		goto fail;
	setsockopt(f->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = 0;
	if (bind(f->fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 || listen(f->fd, 64) != 0 ||
	    getsockname(f->fd, (struct sockaddr *)&sa, &salen) != 0)
		goto fail;
	f->port = ntohs(sa.sin_port);
	snprintf(f->base, sizeof(f->base), "http://127.0.0.1:%u", f->port);
	if (pthread_create(&f->acceptor, NULL, accept_loop, f) != 0)
		goto fail;
	return f;
fail:
	fprintf(stderr, "http_fixture: cannot listen on 127.0.0.1: %s\n", strerror(errno));
	if (f->fd >= 0)
		close(f->fd);
	pthread_mutex_destroy(&f->mu);
	free(f);
	return NULL;
}

void mc_http_fixture_stop(struct mc_http_fixture *f)
{
	if (!f)
		return;
	pthread_mutex_lock(&f->mu);
	f->stop = 1;
	pthread_mutex_unlock(&f->mu);
	pthread_join(f->acceptor, NULL);
	/* The acceptor has stopped, so the worker list no longer changes. */
	for (size_t i = 0; i < f->nworkers; i++)
		pthread_join(f->workers[i], NULL);
	close(f->fd);
	while (f->routes) {
		struct route *r = f->routes;
		f->routes = r->next;
		free(r->path);
		free(r->headers);
		free(r->content_type);
		free(r->body);
		free(r);
	}
	mc_http_fixture_reset_log(f);
	free(f->log);
	free(f->workers);
	pthread_mutex_destroy(&f->mu);
	free(f);
}

unsigned mc_http_fixture_port(const struct mc_http_fixture *f)
{
	return f->port;
}

const char *mc_http_fixture_base(const struct mc_http_fixture *f)
{
	return f->base;
}

void mc_http_fixture_set(struct mc_http_fixture *f, const char *path, const struct mc_http_response *resp)
{
	struct route *r = calloc(1, sizeof(*r));
	if (!r)
		abort();
	r->path = xstrdup(path);
	r->status = resp->status ? resp->status : 200;
	r->headers = resp->headers ? xstrdup(resp->headers) : NULL;
	r->content_type = resp->content_type ? xstrdup(resp->content_type) : NULL;
	r->body_len = resp->body ? (resp->body_len ? resp->body_len : strlen(resp->body)) : 0;
	r->body = xmalloc(r->body_len + 1);
	if (r->body_len)
		memcpy(r->body, resp->body, r->body_len);
	r->body[r->body_len] = '\0';
	r->delay_ms = resp->delay_ms;
	r->no_length = resp->no_length;
	pthread_mutex_lock(&f->mu);
	r->next = f->routes; /* newest first: it shadows any earlier response for path */
	f->routes = r;
	pthread_mutex_unlock(&f->mu);
}

void mc_http_fixture_json(struct mc_http_fixture *f, const char *path, const char *body)
{
	struct mc_http_response r = {.status = 200, .body = body};
	mc_http_fixture_set(f, path, &r);
}

void mc_http_fixture_redirect(struct mc_http_fixture *f, const char *path, int status, const char *location)
{
	char hdr[2200];
	snprintf(hdr, sizeof(hdr), "Location: %s\r\n", location);
	struct mc_http_response r = {.status = status, .headers = hdr};
	mc_http_fixture_set(f, path, &r);
}

unsigned mc_http_fixture_hits(struct mc_http_fixture *f, const char *path)
{
	unsigned n = 0;
	pthread_mutex_lock(&f->mu);
	for (size_t i = 0; i < f->nlog; i++)
		if (strcmp(f->log[i].path, path) == 0)
			n++;
	pthread_mutex_unlock(&f->mu);
	return n;
}

unsigned mc_http_fixture_requests(struct mc_http_fixture *f)
{
	pthread_mutex_lock(&f->mu);
	unsigned n = (unsigned)f->nlog;
	pthread_mutex_unlock(&f->mu);
	return n;
}

bool mc_http_fixture_last_header(struct mc_http_fixture *f, const char *name, char *out, size_t n)
{
	bool found = false;
	size_t nl = strlen(name);

	pthread_mutex_lock(&f->mu);
	if (f->nlog > 0) {
		const char *line = strstr(f->log[f->nlog - 1].head, "\r\n");
		while (line && !found) {
			line += 2;
			if (strncasecmp(line, name, nl) == 0 && line[nl] == ':') {
				const char *v = line + nl + 1;
				v += strspn(v, " \t");
				size_t vl = strcspn(v, "\r\n");
				if (vl >= n)
					vl = n - 1;
				memcpy(out, v, vl);
				out[vl] = '\0';
				found = true;
			}
			line = strstr(line, "\r\n");
		}
	}
	pthread_mutex_unlock(&f->mu);
	return found;
}

void mc_http_fixture_reset_log(struct mc_http_fixture *f)
{
	pthread_mutex_lock(&f->mu);
	for (size_t i = 0; i < f->nlog; i++) {
		free(f->log[i].path);
		free(f->log[i].head);
	}
	f->nlog = 0;
	pthread_mutex_unlock(&f->mu);
}
