/* The home page and the catalogue (`/` and `/catalogue`): full-text search over
 * the published micro-credentials with facets and pages (mc_catalogue_search).
 * Facets are plain links that add or remove one filter, so everything works
 * without JavaScript; the URLs carry the whole state (bookmarkable, shareable). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/catalogue.h"
#include "microcred/issuer.h"

#include "web/handlers/handlers.h"
#include "web/pages.h"

/* The query parameters, in the order URLs are written. */
static const char *const params[] = {"q",    "category", "skill", "issuer",  "level",
                                     "mode", "duration", "cost",  "language"};
#define NPARAMS (sizeof params / sizeof params[0])

struct state {
	const char *v[NPARAMS];
};

/* This page's URL with param `name` set to value (NULL removes it) and page n
 * (1 = none). */
static const char *url_with(struct mc_web_req *req, const char *path, const struct state *s, const char *name,
                            const char *value, size_t page)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_buf_puts(&b, path);
	char sep = '?';
	for (size_t i = 0; i < NPARAMS; i++) {
		const char *v = name && strcmp(name, params[i]) == 0 ? value : s->v[i];
		if (!v || !*v)
			continue;
		mc_buf_putc(&b, sep);
		sep = '&';
		mc_buf_puts(&b, params[i]);
		mc_buf_putc(&b, '=');
		mc__page_percent_encode(&b, v);
	}
	if (page > 1)
		mc_buf_printf(&b, "%cpage=%zu", sep, page);
	const char *u = mc_arena_strdup(req->a, b.ptr);
	mc_buf_release(&b);
	return u;
}

static const char *param(struct mc_web_req *req, const char *name)
{
	const char *v = mc_web_query(req, name);
	return v && *v ? v : NULL;
}

static struct mc_json *item_view(struct mc_web_req *req, const struct mc_catalogue_item *it)
{
	struct mc_json *o = mc_json_new_object(req->a);
	mc_web_put(req, o, "slug", it->slug);
	mc_web_put(req, o, "title", it->title);
	mc_web_put(req, o, "summary", mc__page_excerpt(req->a, it->description, 180));
	mc_web_put(req, o, "issuer_slug", it->issuer_slug);
	mc_web_put(req, o, "issuer_name", it->issuer_name);
	mc_web_put(req, o, "category", mc_catalogue_bucket_label("category", it->category));
	mc_web_put(req, o, "category_id", it->category);
	mc_web_put_bool(req, o, "pathway", it->kind && strcmp(it->kind, "pathway") == 0);
	if (it->level_eqf)
		mc_web_put_int(req, o, "level", it->level_eqf);
	if (it->has_workload_hours)
		mc_web_put(req, o, "workload",
		           mc_arena_printf(req->a, "%s h", mc__page_num(req->a, it->workload_hours)));
	if (it->has_ects)
		mc_web_put(req, o, "ects", mc__page_num(req->a, it->ects));
	if (it->has_cost)
		mc_web_put(req, o, "cost", mc__page_cost(req->a, it->cost_amount, it->cost_currency));
	if (it->duration)
		mc_web_put(req, o, "duration", mc_catalogue_duration_words(req->a, it->duration));
	mc_web_put(req, o, "mode", mc_catalogue_bucket_label("mode", it->delivery_mode));
	struct mc_json *sk = mc_json_new_array(req->a);
	for (size_t i = 0; i < it->n_skills && i < 4; i++)
		mc_json_set_string(req->a, mc_json_array_push(req->a, sk), it->skills[i],
		                   strlen(it->skills[i]));
	mc_json_object_set(req->a, o, "skills", 6, sk);
	return o;
}

/* Facets with few values show them all; skills show the most frequent. */
#define FACET_MAX_VALUES 8

static struct mc_json *facets_view(struct mc_web_req *req, const char *path, const struct state *s,
                                   const struct mc_catalogue_result *r, struct mc_json *active)
{
	struct mc_json *arr = mc_json_new_array(req->a);
	for (size_t f = 0; f < MC_CATALOGUE_FACETS; f++) {
		const struct mc_catalogue_facet *fc = &r->facets[f];
		if (fc->n == 0)
			continue;
		struct mc_json *o = mc_json_array_push(req->a, arr), *vals = mc_json_new_array(req->a);
		mc_json_set_object(o);
		mc_web_put(req, o, "name", fc->name);
		mc_web_put(req, o, "label", fc->label);
		for (size_t i = 0; i < fc->n; i++) {
			const struct mc_catalogue_facet_value *v = &fc->values[i];
			if (i >= FACET_MAX_VALUES && !v->selected)
				continue;
			struct mc_json *vo = mc_json_array_push(req->a, vals);
			mc_json_set_object(vo);
			mc_web_put(req, vo, "label", v->label);
			mc_web_put_int(req, vo, "count", (int64_t)v->count);
			mc_web_put_bool(req, vo, "selected", v->selected);
			/* A selected value's link removes it; others select it (one value per facet). */
			mc_web_put(req, vo, "url",
			           url_with(req, path, s, fc->name, v->selected ? NULL : v->value, 1));
			if (v->selected) {
				struct mc_json *ao = mc_json_array_push(req->a, active);
				mc_json_set_object(ao);
				mc_web_put(req, ao, "label",
				           mc_arena_printf(req->a, "%s: %s", fc->label, v->label));
				mc_web_put(req, ao, "url", url_with(req, path, s, fc->name, NULL, 1));
			}
		}
		mc_json_object_set(req->a, o, "values", 6, vals);
	}
	return arr;
}

static int catalogue(struct mc_web_req *req, struct mc_web_res *res, bool home)
{
	const char *path = home ? "/" : "/catalogue";
	struct state s;
	for (size_t i = 0; i < NPARAMS; i++)
		s.v[i] = param(req, params[i]);
	const char *pg = param(req, "page"), *lv = s.v[4];
	long page = pg ? strtol(pg, NULL, 10) : 1;
	struct mc_catalogue_query q = {.text = s.v[0],
	                               .category = s.v[1],
	                               .skill = s.v[2],
	                               .issuer = s.v[3],
	                               .level = lv ? atoi(lv) : 0,
	                               .delivery_mode = s.v[5],
	                               .duration = s.v[6],
	                               .cost = s.v[7],
	                               .language = s.v[8],
	                               .page = page >= 1 && page <= 100000 ? (size_t)page : 1};
	struct mc_catalogue_result r;
	int rc = mc_catalogue_search(req->app, req->a, &q, &r, &req->err);
	if (rc)
		return rc;

	struct mc_json *d = mc_json_new_object(req->a), *items = mc_json_new_array(req->a);
	for (size_t i = 0; i < r.n; i++)
		mc_json_array_append(req->a, items, item_view(req, &r.items[i]));
	mc_json_object_set(req->a, d, "achievements", 12, items);
	struct mc_json *active = mc_json_new_array(req->a);
	mc_json_object_set(req->a, d, "facets", 6, facets_view(req, path, &s, &r, active));
	mc_json_object_set(req->a, d, "active", 6, active);
	mc_web_put(req, d, "q", s.v[0]);
	mc_web_put(req, d, "path", path);
	mc_web_put_bool(req, d, "home", home);
	mc_web_put_int(req, d, "total", (int64_t)r.total);
	mc_web_put_bool(req, d, "one", r.total == 1);
	mc_web_put_bool(req, d, "filtered", s.v[0] || active->len);
	/* The other filters ride along with a new text search as hidden fields. */
	struct mc_json *hidden = mc_json_new_array(req->a);
	for (size_t i = 1; i < NPARAMS; i++) {
		if (!s.v[i])
			continue;
		struct mc_json *h = mc_json_array_push(req->a, hidden);
		mc_json_set_object(h);
		mc_web_put(req, h, "name", params[i]);
		mc_web_put(req, h, "value", s.v[i]);
	}
	mc_json_object_set(req->a, d, "hidden", 6, hidden);
	if (r.pages > 1) {
		mc_web_put_int(req, d, "page", (int64_t)r.page);
		mc_web_put_int(req, d, "pages", (int64_t)r.pages);
	}
	if (r.page > 1 && r.page <= r.pages + 1)
		mc_web_put(req, d, "prev_url", url_with(req, path, &s, NULL, NULL, r.page - 1));
	if (r.page < r.pages)
		mc_web_put(req, d, "next_url", url_with(req, path, &s, NULL, NULL, r.page + 1));
	mc_web_put(req, d, "clear_url", path);

	if (home) {
		struct mc_issuer **issuers;
		size_t ni;
		if ((rc = mc_issuer_list(req->app, req->a, &issuers, &ni, &req->err)))
			return rc;
		struct mc_json *isj = mc_json_new_array(req->a);
		for (size_t i = 0; i < ni; i++) {
			struct mc_json *it = mc_json_array_push(req->a, isj);
			mc_json_set_object(it);
			mc_web_put(req, it, "slug", issuers[i]->slug);
			mc_web_put(req, it, "name", issuers[i]->name);
		}
		mc_json_object_set(req->a, d, "issuers", 7, isj);
	}
	const char *title =
	    s.v[0] ? mc_arena_printf(req->a, "“%s” · Micro-credentials", s.v[0]) : "Micro-credentials";
	return mc_web_res_page(req, res, 200, "home", title, d);
}

int mc__h_home(struct mc_web_req *req, struct mc_web_res *res)
{
	return catalogue(req, res, true);
}

int mc__h_catalogue(struct mc_web_req *req, struct mc_web_res *res)
{
	return catalogue(req, res, false);
}
