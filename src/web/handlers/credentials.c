/* A credential at its stable URL: the signed JSON exactly as issued, the VC-JWT
 * when one was issued, and the badge page — what an employer sees: who earned
 * what skill from whom and when, its status, the public evidence, a live
 * verification summary, share and "Add to LinkedIn" links, and the downloads
 * (the badge image with the credential baked in as PNG and SVG, the PDF
 * certificate). */
#include <string.h>

#include "microcred/achievement.h"
#include "microcred/award.h"
#include "microcred/downloads.h"
#include "microcred/issuer.h"
#include "microcred/lifecycle.h"

#include "web/handlers/handlers.h"
#include "web/pages.h"

#define CREDENTIAL_TYPES "application/vc+ld+json, application/ld+json, application/vc, application/json"
#define OG_IMAGE_SIZE 512u

static const char *uuid_of(const struct mc_award *aw)
{
	return strncmp(aw->id, "urn:uuid:", 9) == 0 ? aw->id + 9 : aw->id;
}

static const char *state_label(const char *state)
{
	if (strcmp(state, "active") == 0)
		return "Active";
	if (strcmp(state, "revoked") == 0)
		return "Revoked";
	if (strcmp(state, "suspended") == 0)
		return "Suspended";
	if (strcmp(state, "expired") == 0)
		return "Expired";
	return state;
}

static const char *state_text(const char *state)
{
	if (strcmp(state, "active") == 0)
		return "This credential is valid.";
	if (strcmp(state, "revoked") == 0)
		return "The issuer has revoked this credential. It no longer certifies anything.";
	if (strcmp(state, "suspended") == 0)
		return "The issuer has suspended this credential for now.";
	if (strcmp(state, "expired") == 0)
		return "This credential has expired.";
	return "";
}

static struct mc_json *award_view(struct mc_web_req *req, const struct mc_award *aw, const char *state)
{
	struct mc_json *o = mc_json_new_object(req->a);
	mc_web_put(req, o, "id", aw->id);
	mc_web_put(req, o, "uuid", uuid_of(aw));
	mc_web_put_int(req, o, "number", aw->number);
	mc_web_put(req, o, "state", state);
	mc_web_put(req, o, "state_label", state_label(state));
	mc_web_put(req, o, "state_text", state_text(state));
	mc_web_put_bool(req, o, "active", strcmp(state, "active") == 0);
	mc_web_put(req, o, "state_reason", aw->state_reason);
	mc_web_put(req, o, "issued_at", aw->issued_at);
	mc_web_put(req, o, "issued", mc__page_date(req->a, aw->issued_at));
	mc_web_put(req, o, "valid_until", aw->valid_until);
	mc_web_put(req, o, "valid_until_words", mc__page_date(req->a, aw->valid_until));
	mc_web_put(req, o, "recipient", aw->name);
	mc_web_put_bool(req, o, "has_jwt", aw->jwt != NULL);
	mc_web_put(req, o, "url",
	           mc_arena_printf(req->a, "%s/credentials/%s", req->site->base_url, uuid_of(aw)));
	return o;
}

/* Public evidence as the credential carries it (OB 3.0 Evidence objects). Only
 * what the learner marked public is ever put into a credential. */
static struct mc_json *evidence_view(struct mc_web_req *req, const struct mc_json *cred)
{
	struct mc_json *out = mc_json_new_array(req->a);
	const struct mc_json *ev = mc_json_get(cred, "evidence");
	for (uint32_t i = 0; ev && mc_json_is_array(ev) && i < ev->len; i++) {
		const struct mc_json *e = &ev->v.items[i];
		const char *id = mc_json_get_str(e, "id");
		const char *name = mc_json_get_str(e, "name");
		/* Component credentials of a pathway are evidence too: show them as such. */
		struct mc_json *o = mc_json_array_push(req->a, out);
		mc_json_set_object(o);
		mc_web_put(req, o, "name", name ? name : "Evidence");
		mc_web_put(req, o, "narrative", mc_json_get_str(e, "narrative"));
		mc_web_put(req, o, "description", mc_json_get_str(e, "description"));
		mc_web_put(req, o, "genre", mc_json_get_str(e, "genre"));
		if (id && (strncmp(id, "https://", 8) == 0 || strncmp(id, "http://", 7) == 0))
			mc_web_put(req, o, "url", id);
	}
	return out;
}

static void put_links(struct mc_web_req *req, struct mc_json *d, const struct mc_award *aw, const char *title,
                      const char *issuer_name)
{
	const char *url = mc_arena_printf(req->a, "%s/credentials/%s", req->site->base_url, uuid_of(aw));
	const char *u = mc__page_encode(req->a, url);
	const char *text = mc_arena_printf(req->a, "I earned “%s” from %s", title, issuer_name);
	struct mc_json *l = mc_json_new_object(req->a);
	mc_web_put(
	    req, l, "linkedin_add",
	    mc__page_linkedin_add(req->a, title, issuer_name, aw->issued_at, aw->valid_until, url, aw->id));
	mc_web_put(req, l, "linkedin_share",
	           mc_arena_printf(req->a, "https://www.linkedin.com/sharing/share-offsite/?url=%s", u));
	mc_web_put(req, l, "x_share",
	           mc_arena_printf(req->a, "https://twitter.com/intent/tweet?text=%s&url=%s",
	                           mc__page_encode(req->a, text), u));
	mc_web_put(req, l, "email",
	           mc_arena_printf(req->a, "mailto:?subject=%s&body=%s", mc__page_encode(req->a, text),
	                           mc__page_encode(req->a, mc_arena_printf(req->a, "%s — verify it here: %s",
	                                                                   text, url))));
	mc_web_put(req, l, "png", mc_arena_printf(req->a, "/credentials/%s/badge.png", uuid_of(aw)));
	mc_web_put(req, l, "svg", mc_arena_printf(req->a, "/credentials/%s/badge.svg", uuid_of(aw)));
	mc_web_put(req, l, "pdf", mc_arena_printf(req->a, "/credentials/%s/certificate.pdf", uuid_of(aw)));
	mc_web_put(req, l, "json", mc_arena_printf(req->a, "/credentials/%s.json", uuid_of(aw)));
	if (aw->jwt)
		mc_web_put(req, l, "jwt", mc_arena_printf(req->a, "/credentials/%s.jwt", uuid_of(aw)));
	mc_web_put(req, l, "og_image",
	           mc_arena_printf(req->a, "%s/credentials/%s/badge.png", req->site->base_url, uuid_of(aw)));
	mc_web_put(req, l, "page", url);
	mc_json_object_set(req->a, d, "links", 5, l);
}

/* A page that shows who is signed in must not be served from the shared cache. */
static bool cacheable(struct mc_web_req *req)
{
	const char *c = mc_web_header(req, "Cookie");
	return !c || !strstr(c, "mc_session=");
}

static int badge_page(struct mc_web_req *req, struct mc_web_res *res, const struct mc_award *aw)
{
	struct mc_time now = mc_app_now(req->app);
	const char *state = mc_credential_effective_state(aw, &now);
	const char *html;
	size_t len;
	int rc;
	bool cache = cacheable(req);
	if (cache && mc__web_cache_get(req, req->site->page_cache, aw->id, state, &html, &len)) {
		mc_web_res_bytes(res, 200, "text/html; charset=utf-8", html, len);
		return 0;
	}
	struct mc_json *cred, *report;
	struct mc_achievement *ach;
	struct mc_issuer *is;
	if ((rc = mc_json_parse(req->a, aw->json, strlen(aw->json), NULL, &cred, &req->err)) ||
	    (rc = mc__web_verify_cached(req, aw->id, state, aw->json, &report)) ||
	    (rc = mc_achievement_get(req->app, req->a, aw->achievement_id, &ach, &req->err)) ||
	    (rc = mc_issuer_get(req->app, req->a, aw->issuer_id, &is, &req->err)))
		return rc;
	mc__page_report_view(req->a, report);
	const struct mc_json *subj = mc_json_get(cred, "credentialSubject");
	const char *title = mc_json_get_str(mc_json_get(subj, "achievement"), "name");
	if (!title)
		title = ach->title;
	struct mc_json *d = mc_json_new_object(req->a);
	mc_json_object_set(req->a, d, "credential", 10, cred);
	mc_json_object_set(req->a, d, "award", 5, award_view(req, aw, state));
	mc_json_object_set(req->a, d, "verification", 12, report);
	mc_json_object_set(req->a, d, "evidence", 8, evidence_view(req, cred));
	mc_web_put(req, d, "achievement_slug", ach->slug);
	mc_web_put(req, d, "achievement_title", title);
	mc_web_put(req, d, "issuer_slug", is->slug);
	mc_web_put(req, d, "issuer_name", is->name);
	if (ach->level_eqf)
		mc_web_put_int(req, d, "level", ach->level_eqf);
	if (ach->has_workload_hours)
		mc_web_put(req, d, "workload", mc__page_num(req->a, ach->workload_hours));
	if (ach->has_ects)
		mc_web_put(req, d, "ects", mc__page_num(req->a, ach->ects));
	put_links(req, d, aw, title, is->name);
	/* Open Graph / Twitter cards: what a link preview shows. */
	struct mc_json *meta = mc_json_new_object(req->a);
	mc_web_put(req, meta, "title",
	           aw->name ? mc_arena_printf(req->a, "%s earned %s", aw->name, title) : title);
	mc_web_put(req, meta, "description",
	           mc__page_excerpt(req->a,
	                            ach->description ? mc_arena_printf(req->a, "Issued by %s. %s", is->name,
	                                                               ach->description)
	                                             : mc_arena_printf(req->a, "Issued by %s.", is->name),
	                            280));
	mc_web_put(req, meta, "image", mc_json_get_str(mc_json_get(d, "links"), "og_image"));
	mc_web_put(req, meta, "image_alt",
	           mc_arena_printf(req->a, "Badge: %s, issued by %s", title, is->name));
	mc_web_put(req, meta, "url", mc_json_get_str(mc_json_get(d, "links"), "page"));
	mc_json_object_set(req->a, d, "meta", 4, meta);
	rc = mc_web_res_page(req, res, 200, "credential", title, d);
	if (!rc && cache)
		mc__web_cache_put(req->site->page_cache, aw->id, state, res->body, res->len);
	return rc;
}

int mc__h_credential(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_award *aw;
	int rc = mc_award_get(req->app, req->a, req->params[0], &aw, &req->err);
	if (rc)
		return rc;
	enum mc_web_fmt fmt = mc_web_negotiate(req);
	const char *etag = aw->sha256 ? mc_arena_printf(req->a, "\"%.32s\"", aw->sha256) : NULL;
	if (fmt == MC_WEB_JWT && !aw->jwt) {
		req->problem_type = "no-jwt";
		return mc_err_set(&req->err, MC_ENOTFOUND,
		                  "no VC-JWT was issued for credential %s; get %s.json", aw->id,
		                  req->params[0]);
	}
	if (fmt != MC_WEB_HTML) {
		/* The signed document never changes (status lives in the status list). */
		if (fmt == MC_WEB_JWT)
			mc_web_res_bytes(res, 200, "application/vc+jwt", aw->jwt, strlen(aw->jwt));
		else
			mc_web_res_bytes(res, 200, mc_web_json_type(req, CREDENTIAL_TYPES), aw->json,
			                 strlen(aw->json));
		mc_web_res_cache(req, res, fmt == MC_WEB_JWT ? NULL : etag, "public, max-age=3600");
		mc_web_res_header(res, "Vary", "Accept");
		return 0;
	}
	mc_web_res_header(res, "Vary", "Accept");
	return badge_page(req, res, aw);
}

/* The badge image with the credential baked in. It depends only on the signed
 * credential (which never changes) and the achievement's title and issuer. */
static int baked(struct mc_web_req *req, struct mc_web_res *res, enum mc_image_format fmt)
{
	struct mc_award *aw;
	struct mc_buf b;
	int rc = mc_award_get(req->app, req->a, req->params[0], &aw, &req->err);
	if (rc)
		return rc;
	const char *ext = fmt == MC_IMAGE_PNG ? "png" : "svg";
	const char *etag = mc_arena_printf(req->a, "\"%.24s-%s\"", aw->sha256 ? aw->sha256 : "x", ext);
	if (mc_web_res_cache(req, res, etag, "public, max-age=86400"))
		return 0;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	rc = mc_award_baked_badge(req->app, req->a, aw, fmt, OG_IMAGE_SIZE, &b, &req->err);
	if (!rc) {
		size_t len = b.len;
		const char *body = mc_arena_memdup(req->a, b.ptr, len);
		mc_web_res_bytes(res, 200, fmt == MC_IMAGE_PNG ? "image/png" : "image/svg+xml", body, len);
		mc_web_res_cache(req, res, etag, "public, max-age=86400");
		mc_web_res_header(
		    res, "Content-Disposition",
		    mc_arena_printf(req->a, "inline; filename=\"badge-%s.%s\"", uuid_of(aw), ext));
	}
	mc_buf_release(&b);
	return rc;
}

int mc__h_credential_png(struct mc_web_req *req, struct mc_web_res *res)
{
	return baked(req, res, MC_IMAGE_PNG);
}

int mc__h_credential_svg(struct mc_web_req *req, struct mc_web_res *res)
{
	return baked(req, res, MC_IMAGE_SVG);
}

int mc__h_credential_pdf(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_award *aw;
	struct mc_buf b;
	int rc = mc_award_get(req->app, req->a, req->params[0], &aw, &req->err);
	if (rc)
		return rc;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	const char *url = mc_arena_printf(req->a, "%s/credentials/%s", req->site->base_url, uuid_of(aw));
	rc = mc_award_certificate_pdf(req->app, req->a, aw, url, &b, &req->err);
	if (!rc) {
		size_t len = b.len;
		const char *body = mc_arena_memdup(req->a, b.ptr, len);
		mc_web_res_bytes(res, 200, "application/pdf", body, len);
		mc_web_res_header(
		    res, "Content-Disposition",
		    mc_arena_printf(req->a, "inline; filename=\"certificate-%s.pdf\"", uuid_of(aw)));
		/* The certificate shows the name from the award, which an administrator may
		 * correct: a short public lifetime. */
		res->cache_control = "public, max-age=300";
	}
	mc_buf_release(&b);
	return rc;
}
