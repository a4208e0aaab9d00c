/* Matching a request against the static route table (routes.c): patterns are
 * literal segments and {param} segments; the first route whose pattern matches
 * and whose method fits wins, so literal routes come before parameter routes in
 * the table. HEAD is served by GET routes. */
#include <string.h>

#include "web/web.h"

/* Matches path against pattern; fills params (in a). suffix handling: when the
 * route allows .json / .jwt, a last parameter ending with it is stripped. */
static bool match(struct mc_web_req *req, const struct mc_web_route *r, const char *path, const char **params,
                  const char **suffix)
{
	const char *p = r->pattern, *s = path;
	size_t np = 0;
	*suffix = NULL;
	while (*p && *s) {
		if (*p == '{') {
			const char *pe = strchr(p, '}');
			const char *se = strchr(s, '/');
			if (!se)
				se = s + strlen(s);
			if (se == s || np == MC_WEB_MAX_PARAMS)
				return false;
			size_t n = (size_t)(se - s);
			bool last = pe[1] == 0 && *se == 0;
			if (last && (r->flags & MC_ROUTE_JSON_SUFFIX) && n > 5 && !memcmp(se - 5, ".json", 5))
				*suffix = ".json", n -= 5;
			else if (last && (r->flags & MC_ROUTE_JWT_SUFFIX) && n > 4 &&
			         !memcmp(se - 4, ".jwt", 4))
				*suffix = ".jwt", n -= 4;
			params[np++] = mc_arena_strndup(req->a, s, n);
			p = pe + 1;
			s = se;
			continue;
		}
		if (*p != *s)
			return false;
		p++, s++;
	}
	if (*p || *s)
		return false;
	for (size_t i = 0; i < np; i++)
		req->params[i] = params[i];
	return true;
}

static bool method_fits(const char *route_method, const char *method)
{
	return strcmp(route_method, method) == 0 ||
	       (strcmp(method, "HEAD") == 0 && strcmp(route_method, "GET") == 0);
}

const struct mc_web_route *mc__web_route_find(struct mc_web_req *req, const char *method, const char *path,
                                              const char **allowed)
{
	const char *params[MC_WEB_MAX_PARAMS];
	const char *suffix;
	char allow[64] = "";
	*allowed = NULL;
	for (const struct mc_web_route *r = mc__web_routes; r->pattern; r++) {
		if (!match(req, r, path, params, &suffix))
			continue;
		if (method_fits(r->method, method)) {
			req->suffix = suffix;
			return r;
		}
		if (!strstr(allow, r->method) && strlen(allow) + strlen(r->method) + 8 < sizeof allow) {
			if (*allow)
				strcat(allow, ", ");
			strcat(allow, r->method);
			if (!strcmp(r->method, "GET"))
				strcat(allow, ", HEAD");
		}
	}
	if (*allow)
		*allowed = mc_arena_strdup(req->a, allow);
	return NULL;
}
