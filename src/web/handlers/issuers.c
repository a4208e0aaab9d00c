/* Issuer profiles (HTML and OB 3.0 Profile JSON-LD) and their did:web documents. */
#include <string.h>

#include "microcred/achievement.h"
#include "microcred/catalogue.h"
#include "microcred/issuer.h"

#include "web/handlers/handlers.h"
#include "web/pages.h"

#define PROFILE_TYPES "application/ld+json, application/json"

int mc__h_issuer(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_issuer *is;
	struct mc_json *profile;
	int rc = mc_issuer_get(req->app, req->a, req->params[0], &is, &req->err);
	if (!rc)
		rc = mc_issuer_profile_json(req->app, req->a, is, &profile, &req->err);
	if (rc)
		return rc;
	if (mc_web_negotiate(req) != MC_WEB_HTML)
		return mc_web_res_json(req, res, 200, profile, mc_web_json_type(req, PROFILE_TYPES));

	struct mc_achievement_filter f = {.issuer_ref = is->id, .state = "published", .limit = 200};
	struct mc_achievement **list;
	size_t n, total;
	if ((rc = mc_achievement_list(req->app, req->a, &f, &list, &n, &total, &req->err)))
		return rc;
	struct mc_json *d = mc_json_new_object(req->a), *items = mc_json_new_array(req->a), *endo;
	for (size_t i = 0; i < n; i++) {
		struct mc_json *it = mc_json_array_push(req->a, items);
		mc_json_set_object(it);
		mc_web_put(req, it, "slug", list[i]->slug);
		mc_web_put(req, it, "title", list[i]->title);
		mc_web_put(req, it, "category_id", list[i]->category);
		mc_web_put(req, it, "category", mc_catalogue_bucket_label("category", list[i]->category));
		mc_web_put(req, it, "summary", mc__page_excerpt(req->a, list[i]->description, 160));
		if (list[i]->level_eqf)
			mc_web_put_int(req, it, "level", list[i]->level_eqf);
		if (list[i]->duration)
			mc_web_put(req, it, "duration",
			           mc_catalogue_duration_words(req->a, list[i]->duration));
		if (list[i]->has_ects)
			mc_web_put(req, it, "ects", mc__page_num(req->a, list[i]->ects));
		if (list[i]->has_cost)
			mc_web_put(req, it, "cost",
			           mc__page_cost(req->a, list[i]->cost_amount, list[i]->cost_currency));
		mc_web_put(req, it, "mode", mc_catalogue_bucket_label("mode", list[i]->delivery_mode));
	}
	if ((rc = mc__page_endorsements(req, "issuer", is->id, &endo)))
		return rc;
	mc_json_object_set(req->a, d, "issuer", 6, profile);
	mc_web_put(req, d, "slug", is->slug);
	mc_web_put(req, d, "did", is->did);
	unsigned char c0 = (unsigned char)is->name[0]; /* a monogram: the first character */
	size_t cl = c0 < 0x80 ? 1 : c0 < 0xE0 ? 2 : c0 < 0xF0 ? 3 : 4;
	mc_web_put(req, d, "initial", mc_arena_strndup(req->a, is->name, strnlen(is->name, cl)));
	mc_web_put_int(req, d, "count", (int64_t)total);
	mc_web_put_bool(req, d, "one", total == 1);
	mc_web_put_bool(req, d, "did_web", strncmp(is->did, "did:web:", 8) == 0);
	mc_json_object_set(req->a, d, "achievements", 12, items);
	mc_json_object_set(req->a, d, "endorsements", 12, endo);
	return mc_web_res_page(req, res, 200, "issuer", is->name, d);
}

static int did_document(struct mc_web_req *req, struct mc_web_res *res, const char *ref)
{
	struct mc_issuer *is;
	struct mc_json *doc;
	int rc = mc_issuer_get(req->app, req->a, ref, &is, &req->err);
	if (!rc && strncmp(is->did, "did:web:", 8) != 0)
		rc = mc_err_set(&req->err, MC_ENOTFOUND,
		                "issuer %s is identified by %s, not did:web, so it has no did.json; did:key "
		                "documents are derived from the DID itself",
		                is->slug, is->did);
	if (!rc)
		rc = mc_issuer_did_document(req->app, req->a, is, &doc, &req->err);
	if (rc)
		return rc;
	rc = mc_web_res_json(req, res, 200, doc,
	                     mc_web_json_type(req, "application/did+json, application/json, "
	                                           "application/did+ld+json"));
	res->cache_control = "public, max-age=300";
	return rc;
}

int mc__h_issuer_did(struct mc_web_req *req, struct mc_web_res *res)
{
	return did_document(req, res, req->params[0]);
}

/* /.well-known/did.json is the document of did:web:<host>, the bare host of the
 * base URL. It exists only when an issuer holds exactly that DID (issuers made by
 * microcred have did:web:<host>:issuers:<slug>); otherwise 404, with a hint. */
int mc__h_well_known_did(struct mc_web_req *req, struct mc_web_res *res)
{
	const char *b = req->site->base_url;
	const char *host = strstr(b, "://");
	host = host ? host + 3 : b;
	size_t hl = strcspn(host, "/");
	struct mc_buf did;
	mc_buf_init(&did, 512);
	mc_buf_puts(&did, "did:web:");
	for (size_t i = 0; i < hl; i++)
		host[i] == ':' ? mc_buf_puts(&did, "%3A") : mc_buf_putc(&did, host[i]);
	char *d = mc_arena_strdup(req->a, did.ptr);
	mc_buf_release(&did);
	struct mc_issuer *is;
	int rc = mc_issuer_get(req->app, req->a, d, &is, &req->err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(
		    &req->err, MC_ENOTFOUND,
		    "no issuer here is %s; each issuer's DID document is at /issuers/<slug>/did.json", d);
	return rc ? rc : did_document(req, res, is->id);
}
