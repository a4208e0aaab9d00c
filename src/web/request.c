/* Reading requests: headers, query, form and JSON bodies, content negotiation. */
#include <ctype.h>
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web/web.h"

const char *mc_web_header(const struct mc_web_req *req, const char *name)
{
	if (!req->conn)
		return NULL;
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *mc_web_query(const struct mc_web_req *req, const char *name)
{
	if (!req->conn)
		return NULL;
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, name);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes application/x-www-form-urlencoded text (+ is a space, %XX a byte). */
static char *form_decode(struct mc_arena *a, const char *s, size_t n)
{
	char *out = mc_arena_alloc(a, n + 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
			*o++ = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = 0;
	return out;
}

const char *mc_web_form(struct mc_web_req *req, const char *name)
{
	const char *ct = mc_web_header(req, "Content-Type");
	if (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)
		return NULL;
	const char *p = req->body.ptr, *end = p + req->body.len;
	size_t nl = strlen(name);
	while (p && p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p));
		const char *fe = amp ? amp : end;
		const char *eq = memchr(p, '=', (size_t)(fe - p));
		const char *ke = eq ? eq : fe;
		char *key = form_decode(req->a, p, (size_t)(ke - p));
		if (strlen(key) == nl && memcmp(key, name, nl) == 0)
			return eq ? form_decode(req->a, eq + 1, (size_t)(fe - eq - 1)) : "";
		p = amp ? amp + 1 : NULL;
	}
	return NULL;
}

int mc_web_body_json(struct mc_web_req *req, struct mc_json **out)
{
	struct mc_json_parse_opts o = {.max_depth = MC_WEB_MAX_JSON_DEPTH, .max_size = req->body.len + 1};
	if (req->body.len == 0)
		return mc_err_set(&req->err, MC_EINVAL, "the request has no body; send a JSON document");
	int rc = mc_json_parse(req->a, req->body.ptr, req->body.len, &o, out, &req->err);
	if (rc == MC_ELIMIT)
		req->problem_type = "json-too-deep";
	else if (rc)
		req->problem_type = "invalid-json";
	if (rc)
		mc_err_prefix(&req->err, "the request body is not acceptable JSON");
	return rc;
}

/* The q value of the best range in accept matching type ("text/html"): exact
 * match 3, type/(any) 2, (any)/(any) 1 (specificity), 0 = not accepted. */
static void accept_score(const char *accept, const char *type, double *q, int *spec)
{
	*q = 0;
	*spec = 0;
	size_t tl = strlen(type);
	const char *slash = strchr(type, '/');
	size_t major = (size_t)(slash - type);
	const char *p = accept;
	while (*p) {
		while (*p == ' ' || *p == ',')
			p++;
		const char *e = p;
		while (*e && *e != ',' && *e != ';' && *e != ' ')
			e++;
		size_t n = (size_t)(e - p);
		int s = 0;
		if (n == tl && strncasecmp(p, type, n) == 0)
			s = 3;
		else if (n == major + 2 && strncasecmp(p, type, major + 1) == 0 && p[major + 1] == '*')
			s = 2;
		else if (n == 3 && memcmp(p, "*/*", 3) == 0)
			s = 1;
		double qv = 1;
		const char *end = strchr(e, ',');
		if (!end)
			end = e + strlen(e);
		const char *qp = strstr(e, ";q=");
		if (!qp)
			qp = strstr(e, "; q=");
		if (qp && qp < end)
			qv = strtod(strchr(qp, '=') + 1, NULL);
		if (s > *spec) {
			*spec = s;
			*q = qv;
		}
		p = end;
	}
}

static const char *const json_types[] = {"application/ld+json",  "application/vc+ld+json",
                                         "application/vc",       "application/json",
                                         "application/did+json", "application/did+ld+json"};

enum mc_web_fmt mc_web_negotiate(const struct mc_web_req *req)
{
	if (req->suffix)
		return strcmp(req->suffix, ".jwt") == 0 ? MC_WEB_JWT : MC_WEB_JSON;
	const char *accept = mc_web_header(req, "Accept");
	if (!accept || !*accept)
		return MC_WEB_HTML;
	double qh, qj = 0, q;
	int sh, sj = 0, s;
	accept_score(accept, "text/html", &qh, &sh);
	for (size_t i = 0; i < sizeof json_types / sizeof json_types[0]; i++) {
		accept_score(accept, json_types[i], &q, &s);
		if (s == 3 && (sj < 3 || q > qj))
			qj = q, sj = 3;
	}
	double qt;
	int st;
	accept_score(accept, "application/vc+jwt", &qt, &st);
	if (st == 3 && qt > 0 && qt >= qj && qt >= qh)
		return MC_WEB_JWT;
	/* Only a JSON type named explicitly wins; wildcards fall to the page. */
	if (sj == 3 && qj > 0 && (qj > qh || (qj == qh && sh < 3)))
		return MC_WEB_JSON;
	return MC_WEB_HTML;
}

const char *mc_web_json_type(const struct mc_web_req *req, const char *offered)
{
	const char *accept = mc_web_header(req, "Accept");
	const char *best = NULL;
	double bq = 0;
	const char *p = offered;
	while (accept && *p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *t = mc_arena_strndup(req->a, p, n);
		double q;
		int s;
		accept_score(accept, t, &q, &s);
		if (s == 3 && q > bq)
			best = t, bq = q;
		p = e ? e + 1 : p + n;
		while (*p == ' ')
			p++;
	}
	if (best)
		return best;
	const char *comma = strchr(offered, ',');
	return comma ? mc_arena_strndup(req->a, offered, (size_t)(comma - offered)) : offered;
}

bool mc_web_wants_problem(const struct mc_web_req *req, const struct mc_web_route *route)
{
	if (route && (route->flags & MC_ROUTE_API))
		return true;
	if (strncmp(req->path, "/api/", 5) == 0)
		return true;
	return mc_web_negotiate(req) != MC_WEB_HTML;
}
