/* The public page of a micro-credential, its OB 3.0 Achievement (JSON-LD), and
 * its badge image. */
#include <string.h>

#include "microcred/achievement.h"
#include "microcred/catalogue.h"
#include "microcred/downloads.h"
#include "microcred/issuer.h"
#include "microcred/lifecycle.h"

#include "web/handlers/handlers.h"
#include "web/pages.h"

static int published(struct mc_web_req *req, struct mc_achievement **ach)
{
	int rc = mc_achievement_get(req->app, req->a, req->params[0], ach, &req->err);
	if (!rc && strcmp((*ach)->state, "draft") == 0) /* drafts are not public yet */
		rc =
		    mc_err_set(&req->err, MC_ENOTFOUND, "no published micro-credential '%s'", req->params[0]);
	return rc;
}

static const char *kind_label(const char *kind)
{
	static const char *const t[][2] = {{"assignment", "Assignment"}, {"attendance", "Attendance"},
	                                   {"portfolio", "Portfolio"},   {"assessment", "Assessment"},
	                                   {"conference", "Conference"}, {"workplace", "Work-based"}};
	for (size_t i = 0; kind && i < sizeof t / sizeof t[0]; i++)
		if (strcmp(kind, t[i][0]) == 0)
			return t[i][1];
	return kind;
}

static struct mc_json *requirements_view(struct mc_web_req *req, const struct mc_achievement *ach, int *rc)
{
	struct mc_requirement *rs;
	size_t n;
	struct mc_json *arr = mc_json_new_array(req->a);
	if ((*rc = mc_requirement_list(req->app, req->a, ach->id, &rs, &n, &req->err)))
		return arr;
	for (size_t i = 0; i < n; i++) {
		struct mc_json *o = mc_json_array_push(req->a, arr);
		mc_json_set_object(o);
		mc_web_put(req, o, "title", rs[i].title);
		mc_web_put(req, o, "description", rs[i].description);
		mc_web_put(req, o, "kind", rs[i].kind);
		mc_web_put(req, o, "kind_label", kind_label(rs[i].kind));
		mc_web_put(req, o, "mode", strcmp(rs[i].mode, "in-person") == 0 ? "In person" : "Online");
		/* "assessment, online: pass score 70 of 100, ..." -> what it takes, after the colon. */
		const char *sum = mc_requirement_summary(req->a, &rs[i]);
		const char *colon = sum ? strstr(sum, ": ") : NULL;
		mc_web_put(req, o, "takes", colon ? colon + 2 : NULL);
	}
	return arr;
}

static void put_facts(struct mc_web_req *req, struct mc_json *d, const struct mc_achievement *ach)
{
	if (ach->has_workload_hours)
		mc_web_put(req, d, "workload",
		           mc_arena_printf(req->a, "%s hours", mc__page_num(req->a, ach->workload_hours)));
	if (ach->has_ects)
		mc_web_put(req, d, "ects", mc__page_num(req->a, ach->ects));
	if (ach->has_cost)
		mc_web_put(req, d, "cost", mc__page_cost(req->a, ach->cost_amount, ach->cost_currency));
	if (ach->duration)
		mc_web_put(req, d, "duration", mc_catalogue_duration_words(req->a, ach->duration));
	mc_web_put(req, d, "mode", mc_catalogue_bucket_label("mode", ach->delivery_mode));
	mc_web_put(req, d, "category", mc_catalogue_bucket_label("category", ach->category));
	mc_web_put(req, d, "language", mc_catalogue_bucket_label("language", ach->language) ?: ach->language);
	if (ach->validity_months)
		mc_web_put(
		    req, d, "validity",
		    mc_arena_printf(req->a, "%lld months after award", (long long)ach->validity_months));
	mc_web_put(req, d, "published", mc__page_date(req->a, ach->published_at));
}

int mc__h_achievement(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_achievement *ach;
	struct mc_json *ob, *record, *profile;
	struct mc_issuer *is;
	int rc = published(req, &ach);
	if (!rc)
		rc = mc_achievement_json(req->app, req->a, ach, &ob, &req->err);
	if (rc)
		return rc;
	if (mc_web_negotiate(req) != MC_WEB_HTML)
		return mc_web_res_json(req, res, 200, ob,
		                       mc_web_json_type(req, "application/ld+json, application/json"));
	if ((rc = mc_achievement_to_json(req->app, req->a, ach, &record, &req->err)) ||
	    (rc = mc_issuer_get(req->app, req->a, ach->issuer_id, &is, &req->err)) ||
	    (rc = mc_issuer_profile_json(req->app, req->a, is, &profile, &req->err)))
		return rc;
	struct mc_json *d = mc_json_new_object(req->a);
	mc_json_object_set(req->a, d, "achievement", 11, record);
	mc_json_object_set(req->a, d, "ob", 2, ob);
	mc_json_object_set(req->a, d, "issuer", 6, profile);
	mc_web_put(req, d, "issuer_slug", is->slug);
	mc_web_put_bool(req, d, "archived", strcmp(ach->state, "archived") == 0);
	mc_web_put_bool(req, d, "pathway", ach->kind && strcmp(ach->kind, "pathway") == 0);
	put_facts(req, d, ach);
	mc_json_object_set(req->a, d, "requirements", 12, requirements_view(req, ach, &rc));
	if (rc)
		return rc;
	struct mc_json *endo, *iendo;
	if ((rc = mc__page_endorsements(req, "achievement", ach->id, &endo)) ||
	    (rc = mc__page_endorsements(req, "issuer", is->id, &iendo)))
		return rc;
	for (uint32_t i = 0; i < iendo->len; i++) { /* who vouches for the issuer counts too */
		mc_web_put(req, &iendo->v.items[i], "about", "the issuer");
		mc_json_array_append(req->a, endo, &iendo->v.items[i]);
	}
	mc_json_object_set(req->a, d, "endorsements", 12, endo);
	mc_web_put(req, d, "badge", mc_arena_printf(req->a, "/achievements/%s/badge.svg", ach->slug));
	struct mc_json *meta = mc_json_new_object(req->a);
	mc_web_put(req, meta, "title", ach->title);
	mc_web_put(req, meta, "description",
	           mc__page_excerpt(req->a, ach->description ? ach->description : ach->title, 280));
	mc_web_put(req, meta, "image",
	           mc_arena_printf(req->a, "%s/achievements/%s/badge.png", req->site->base_url, ach->slug));
	mc_web_put(req, meta, "image_alt", mc_arena_printf(req->a, "Badge: %s", ach->title));
	mc_web_put(req, meta, "url",
	           mc_arena_printf(req->a, "%s/achievements/%s", req->site->base_url, ach->slug));
	mc_json_object_set(req->a, d, "meta", 4, meta);
	return mc_web_res_page(req, res, 200, "achievement", ach->title, d);
}

static int badge(struct mc_web_req *req, struct mc_web_res *res, enum mc_image_format fmt)
{
	struct mc_achievement *ach;
	struct mc_buf b;
	int rc = published(req, &ach);
	if (rc)
		return rc;
	/* The image follows the title, category and issuer: changes with updated_at. */
	const char *etag = mc_arena_printf(req->a, "\"%s-%s\"", ach->updated_at ? ach->updated_at : "0",
	                                   fmt == MC_IMAGE_PNG ? "png" : "svg");
	if (mc_web_res_cache(req, res, etag, "public, max-age=3600"))
		return 0;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	rc = mc_achievement_badge_image(req->app, req->a, ach, fmt, 512, &b, &req->err);
	if (!rc) {
		size_t len = b.len;
		mc_web_res_bytes(res, 200, fmt == MC_IMAGE_PNG ? "image/png" : "image/svg+xml",
		                 mc_arena_memdup(req->a, b.ptr, len), len);
		mc_web_res_cache(req, res, etag, "public, max-age=3600");
	}
	mc_buf_release(&b);
	return rc;
}

int mc__h_achievement_svg(struct mc_web_req *req, struct mc_web_res *res)
{
	return badge(req, res, MC_IMAGE_SVG);
}

int mc__h_achievement_png(struct mc_web_req *req, struct mc_web_res *res)
{
	return badge(req, res, MC_IMAGE_PNG);
}
