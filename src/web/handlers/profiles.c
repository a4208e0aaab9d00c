/* Public learner profiles (`/learners/{id}`, also `/profiles/{id}`) and the
 * employer search (`/search/profiles?skill=`). Every badge shown has just been
 * verified (the verification cache of badge pages): one that does not verify is
 * left out, never shown with a warning. */
#include "microcred/profiles.h"

#include <string.h>

#include "web/handlers/handlers.h"
#include "web/pages.h"

static const char *uuid_of(const char *id)
{
	return strncmp(id, "urn:uuid:", 9) == 0 ? id + 9 : id;
}

/* The badge as page data, or NULL when it does not verify now. */
static struct mc_json *verified_badge(struct mc_web_req *req, const struct mc_award *aw)
{
	struct mc_json *report, *cred;
	if (!aw->json || mc__web_verify_cached(req, aw->id, aw->state, aw->json, &report) != 0)
		return NULL;
	const struct mc_json *v = mc_json_get(report, "verified");
	if (!v || v->type != MC_JSON_TRUE ||
	    mc_json_parse(req->a, aw->json, strlen(aw->json), NULL, &cred, NULL) != 0)
		return NULL;
	const struct mc_json *iss = mc_json_get(cred, "issuer");
	struct mc_json *o = mc_json_new_object(req->a);
	mc_web_put(
	    req, o, "title",
	    mc_json_get_str(mc_json_get(mc_json_get(cred, "credentialSubject"), "achievement"), "name"));
	mc_web_put(req, o, "issuer", mc_json_is_string(iss) ? iss->v.str : mc_json_get_str(iss, "name"));
	mc_web_put(req, o, "issued", mc__page_date(req->a, aw->issued_at));
	mc_web_put(req, o, "url", mc_arena_printf(req->a, "/credentials/%s", uuid_of(aw->id)));
	mc_web_put(req, o, "image", mc_arena_printf(req->a, "/credentials/%s/badge.svg", uuid_of(aw->id)));
	return o;
}

int mc__h_learner(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_public_profile p;
	int rc = mc_profile_get(req->app, req->a, req->params[0], &p, &req->err);
	if (rc)
		return rc;
	struct mc_json *d = mc_json_new_object(req->a), *badges = mc_json_new_array(req->a);
	for (size_t i = 0; i < p.n; i++) {
		struct mc_json *b = verified_badge(req, p.credentials[i]);
		if (b)
			mc_json_array_append(req->a, badges, b);
	}
	mc_web_put(req, d, "name", p.name);
	unsigned char c0 = (unsigned char)p.name[0]; /* a monogram: the first character */
	size_t cl = c0 < 0x80 ? 1 : c0 < 0xE0 ? 2 : c0 < 0xF0 ? 3 : 4;
	mc_web_put(req, d, "initial", mc_arena_strndup(req->a, p.name, strnlen(p.name, cl)));
	mc_web_put(req, d, "since", mc__page_date(req->a, p.since));
	mc_json_object_set(req->a, d, "badges", 6, badges);
	mc_web_put_int(req, d, "count", badges->len);
	mc_web_put_bool(req, d, "one", badges->len == 1);
	return mc_web_res_page(req, res, 200, "learner", p.name, d);
}

int mc__h_profile_search(struct mc_web_req *req, struct mc_web_res *res)
{
	const char *skill = mc_web_query(req, "skill");
	struct mc_json *d = mc_json_new_object(req->a), *people = mc_json_new_array(req->a);
	mc_json_object_set(req->a, d, "people", 6, people);
	if (!skill || !*skill)
		return mc_web_res_page(req, res, 200, "profiles", "Find people by skill", d);
	struct mc_profile_hit *hits;
	size_t n;
	int rc = mc_profile_search(req->app, req->a, skill, &hits, &n, &req->err);
	mc_web_put(req, d, "skill", skill);
	if (rc == MC_EINVAL) {
		mc_web_put(req, d, "error", req->err.msg);
		return mc_web_res_page(req, res, 400, "profiles", "Find people by skill", d);
	}
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++) {
		struct mc_json *badges = mc_json_new_array(req->a);
		for (size_t k = 0; k < hits[i].n; k++) {
			struct mc_json *b = verified_badge(req, hits[i].credentials[k]);
			if (b)
				mc_json_array_append(req->a, badges, b);
		}
		if (!badges->len) /* nothing verifiable: not a match */
			continue;
		struct mc_json *o = mc_json_array_push(req->a, people);
		mc_json_set_object(o);
		mc_web_put(req, o, "name", hits[i].name);
		mc_web_put(req, o, "url", mc_arena_printf(req->a, "/learners/%s", hits[i].user_id));
		mc_json_object_set(req->a, o, "badges", 6, badges);
	}
	mc_json_object_set(req->a, d, "people", 6, people);
	mc_web_put_int(req, d, "count", people->len);
	mc_web_put_bool(req, d, "one", people->len == 1);
	return mc_web_res_page(req, res, 200, "profiles", mc_arena_printf(req->a, "People with “%s”", skill),
	                       d);
}
