/* A tiny HTTP/1.1 server on 127.0.0.1 for tests (private to the tests).
 *
 * It listens on an ephemeral port, serves canned responses by exact request path
 * (query included), one thread per connection, each answer followed by closing the
 * connection. It records every request (path and headers) so tests can count hits and
 * check what the client sent. Unknown paths get 404. Not a general server: it reads
 * only the request head and ignores any request body. */
#ifndef MC_TESTS_HTTP_FIXTURE_H
#define MC_TESTS_HTTP_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

struct mc_http_fixture;

struct mc_http_response {
	int status;               /* 0 = 200 */
	const char *headers;      /* extra header lines, each ending "\r\n"; NULL = none */
	const char *content_type; /* NULL = "application/json" */
	const void *body;         /* copied; may be NULL */
	size_t body_len;          /* when 0 and body is set: strlen(body) */
	unsigned delay_ms;        /* wait this long before sending anything */
	bool no_length;           /* no Content-Length: the body ends when the connection closes */
};

/* Starts the server. Returns NULL (and prints why) when it cannot listen. */
struct mc_http_fixture *mc_http_fixture_start(void);
/* Stops the server (in-flight delays are cut short), joins its threads, frees it. */
void mc_http_fixture_stop(struct mc_http_fixture *f);

unsigned mc_http_fixture_port(const struct mc_http_fixture *f);
/* "http://127.0.0.1:PORT" */
const char *mc_http_fixture_base(const struct mc_http_fixture *f);

/* Serves r at path (replacing an earlier response for it). r is copied. */
void mc_http_fixture_set(struct mc_http_fixture *f, const char *path, const struct mc_http_response *r);
/* Shorthand: 200 application/json with body (a C string). */
void mc_http_fixture_json(struct mc_http_fixture *f, const char *path, const char *body);
/* Shorthand: a redirect (status 301..308) to location. */
void mc_http_fixture_redirect(struct mc_http_fixture *f, const char *path, int status, const char *location);

/* Requests received for path so far (any answer, 404 included). */
unsigned mc_http_fixture_hits(struct mc_http_fixture *f, const char *path);
/* Requests received in all. */
unsigned mc_http_fixture_requests(struct mc_http_fixture *f);
/* The value of header name (case-insensitive) in the last request, copied to out;
 * false when there was no request or no such header. */
bool mc_http_fixture_last_header(struct mc_http_fixture *f, const char *name, char *out, size_t n);
/* Forgets recorded requests (responses stay). */
void mc_http_fixture_reset_log(struct mc_http_fixture *f);

#endif
