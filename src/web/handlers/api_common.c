/* The shared parts of the JSON API (see api.h): body members, pagination with a
 * `next` link, role checks that respect a token's scope, and the JSON records. */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "web/handlers/api.h"

/* ---- requests ---- */

static bool listed(const char *list, const char *key, size_t kl)
{
	const char *p = list;
	while (*p) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == kl && memcmp(p, key, n) == 0)
			return true;
		if (!e)
			break;
		p = e + 1;
	}
	return false;
}

int mc__api_body(struct mc_web_req *req, const char *allowed, struct mc_json **out)
{
	int rc = mc_web_body_json(req, out);
	if (rc)
		return rc;
	if (!mc_json_is_object(*out))
		return mc_err_set(&req->err, MC_EINVAL, "the request body must be a JSON object, not %s",
		                  mc_json_type_name((enum mc_json_type)(*out)->type));
	if (!allowed)
		return 0;
	for (uint32_t i = 0; i < (*out)->len; i++) {
		const struct mc_slice k = (*out)->v.members[i].key;
		if (!listed(allowed, k.ptr, k.len))
			return mc_err_set(
			    &req->err, MC_EINVAL,
			    "the request body has an unknown member \"%.*s\"; accepted members: %s",
			    (int)(k.len > 64 ? 64 : k.len), k.ptr, allowed);
	}
	return 0;
}

int mc__api_str(struct mc_web_req *req, const struct mc_json *obj, const char *key, bool required,
                const char **out)
{
	const struct mc_json *v = mc_json_get(obj, key);
	*out = NULL;
	if (!v || mc_json_is_null(v)) {
		if (required)
			return mc_err_set(&req->err, MC_EINVAL, "the request body needs \"%s\" (a string)",
			                  key);
		return 0;
	}
	if (!mc_json_is_string(v) || strlen(v->v.str) != v->len)
		return mc_err_set(&req->err, MC_EINVAL, "\"%s\" must be a string without NUL characters",
		                  key);
	if (required && !*v->v.str)
		return mc_err_set(&req->err, MC_EINVAL, "\"%s\" must not be empty", key);
	*out = v->v.str;
	return 0;
}

int mc__api_bool(struct mc_web_req *req, const struct mc_json *obj, const char *key, bool dflt, bool *out)
{
	const struct mc_json *v = mc_json_get(obj, key);
	*out = dflt;
	if (!v || mc_json_is_null(v))
		return 0;
	if (!mc_json_is_bool(v))
		return mc_err_set(&req->err, MC_EINVAL, "\"%s\" must be true or false", key);
	*out = v->type == MC_JSON_TRUE;
	return 0;
}

int mc__api_num(struct mc_web_req *req, const struct mc_json *obj, const char *key, bool *has, double *out)
{
	const struct mc_json *v = mc_json_get(obj, key);
	*has = false;
	*out = 0;
	if (!v || mc_json_is_null(v))
		return 0;
	if (!mc_json_is_number(v))
		return mc_err_set(&req->err, MC_EINVAL, "\"%s\" must be a number", key);
	*has = true;
	*out = mc_json_number(v);
	return 0;
}

int mc__api_query_bool(struct mc_web_req *req, const char *name, bool dflt, bool *out)
{
	const char *s = mc_web_query(req, name);
	*out = dflt;
	if (!s)
		return 0;
	if (!strcmp(s, "true") || !strcmp(s, "1") || !*s)
		*out = true;
	else if (!strcmp(s, "false") || !strcmp(s, "0"))
		*out = false;
	else
		return mc_err_set(&req->err, MC_EINVAL, "?%s= takes true or false, not '%.64s'", name, s);
	return 0;
}

/* ---- pagination ---- */

static int query_size(struct mc_web_req *req, const char *name, size_t min, size_t max, size_t *out)
{
	const char *s = mc_web_query(req, name);
	if (!s)
		return 0;
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (!*s || *end || *s == '-' || *s == '+' || v < min || v > max)
		return mc_err_set(&req->err, MC_EINVAL,
		                  "?%s= takes a whole number from %zu to %zu, not '%.64s'", name, min, max,
		                  s);
	*out = (size_t)v;
	return 0;
}

int mc__api_page(struct mc_web_req *req, struct mc_api_page *pg)
{
	pg->limit = MC_API_DEFAULT_LIMIT;
	pg->offset = 0;
	int rc = query_size(req, "limit", 1, MC_API_MAX_LIMIT, &pg->limit);
	return rc ? rc : query_size(req, "offset", 0, 1000000000, &pg->offset);
}

static void pct_encode(struct mc_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p))
			mc_buf_putc(b, (char)*p);
		else {
			mc_buf_putc(b, '%');
			mc_buf_putc(b, hex[*p >> 4]);
			mc_buf_putc(b, hex[*p & 15]);
		}
	}
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	(void)kind;
	struct mc_buf *b = cls;
	if (!key || !strcmp(key, "offset"))
		return MHD_YES;
	pct_encode(b, key);
	if (value) {
		mc_buf_putc(b, '=');
		pct_encode(b, value);
	}
	mc_buf_putc(b, '&');
	return MHD_YES;
}

/* The same request with offset moved on: every other query parameter is kept. */
static char *next_url(struct mc_web_req *req, size_t offset)
{
	struct mc_buf b;
	mc_buf_init(&b, 64 * 1024);
	mc_buf_puts(&b, req->site->base_url);
	mc_buf_puts(&b, req->path);
	mc_buf_putc(&b, '?');
	if (req->conn)
		MHD_get_connection_values(req->conn, MHD_GET_ARGUMENT_KIND, add_arg, &b);
	mc_buf_printf(&b, "offset=%zu", offset);
	char *s = mc_arena_strdup(req->a, b.ptr);
	mc_buf_release(&b);
	return s;
}

struct mc_json *mc__api_list(struct mc_web_req *req, const struct mc_api_page *pg, struct mc_json *items,
                             bool more, int64_t total)
{
	struct mc_json *o = mc_json_new_object(req->a);
	mc_json_object_set(req->a, o, "items", 5, items);
	mc_web_put_int(req, o, "limit", (int64_t)pg->limit);
	mc_web_put_int(req, o, "offset", (int64_t)pg->offset);
	if (total >= 0)
		mc_web_put_int(req, o, "total", total);
	if (more)
		mc_web_put(req, o, "next", next_url(req, pg->offset + items->len));
	else
		mc_json_object_set(req->a, o, "next", 4, mc_json_new_null(req->a));
	return o;
}

void mc__api_window(const struct mc_api_page *pg, size_t n, size_t *start, size_t *count, bool *more)
{
	*start = pg->offset < n ? pg->offset : n;
	*count = n - *start < pg->limit ? n - *start : pg->limit;
	*more = *start + *count < n;
}

/* ---- answers ---- */

int mc__api_json(struct mc_web_req *req, struct mc_web_res *res, int status, const struct mc_json *v)
{
	return mc_web_res_json(req, res, status, v, NULL);
}

int mc__api_created(struct mc_web_req *req, struct mc_web_res *res, const struct mc_json *v,
                    const char *location)
{
	int rc = mc_web_res_json(req, res, 201, v, NULL);
	if (!rc && location)
		mc_web_res_header(res, "Location", location);
	return rc;
}

/* ---- who may ---- */

enum mc_role mc__api_role(struct mc_web_req *req, const char *issuer_id)
{
	return mc__web_user_role(req, issuer_id); /* scoped for tokens, owner for administrators */
}

int mc__api_self_or_staff(struct mc_web_req *req, struct mc_web_res *res, const char *user_id,
                          const char *issuer_id, enum mc_role min_role)
{
	struct mc_web_user *u = mc__web_current_user(req);
	if (u && !u->token_id && user_id && strcmp(u->id, user_id) == 0)
		return 0;
	return mc__web_require_role(req, res, issuer_id, min_role);
}

const char *mc__api_actor(struct mc_web_req *req)
{
	struct mc_web_user *u = mc__web_current_user(req);
	return u ? u->id : NULL;
}

/* ---- records ---- */

/* Members of records are always present: a missing value is null, so every record
 * of a kind has the same members. */
static void put(struct mc_web_req *req, struct mc_json *o, const char *key, const char *s)
{
	if (s)
		mc_web_put(req, o, key, s);
	else
		mc_json_object_set(req->a, o, key, strlen(key), mc_json_new_null(req->a));
}

struct mc_json *mc__api_issuer_json(struct mc_web_req *req, const struct mc_issuer *is)
{
	struct mc_json *o = mc_json_new_object(req->a);
	put(req, o, "id", is->id);
	put(req, o, "slug", is->slug);
	put(req, o, "name", is->name);
	put(req, o, "did", is->did);
	put(req, o, "url", is->url);
	put(req, o, "email", is->email);
	put(req, o, "country", is->country);
	put(req, o, "region", is->region);
	put(req, o, "description", is->description);
	put(req, o, "image", is->image);
	mc_web_put_bool(req, o, "issue_jwt", is->issue_jwt);
	put(req, o, "profile", mc_arena_printf(req->a, "%s/issuers/%s", req->site->base_url, is->slug));
	put(req, o, "created_at", is->created_at);
	put(req, o, "updated_at", is->updated_at);
	return o;
}

struct mc_json *mc__api_key_json(struct mc_web_req *req, const struct mc_issuer_key *k)
{
	struct mc_json *o = mc_json_new_object(req->a);
	put(req, o, "id", k->id);
	put(req, o, "type", k->type);
	put(req, o, "state", k->state);
	put(req, o, "created_at", k->created_at);
	put(req, o, "retired_at", k->retired_at);
	if (k->public_json)
		mc_json_object_set(req->a, o, "public_key", 10, k->public_json);
	return o;
}

struct mc_json *mc__api_enrolment_json(struct mc_web_req *req, const struct mc_enrolment *e)
{
	struct mc_json *o = mc_json_new_object(req->a);
	put(req, o, "id", e->id);
	put(req, o, "micro_credential", e->achievement_slug);
	put(req, o, "micro_credential_id", e->achievement_id);
	put(req, o, "title", e->achievement_title);
	put(req, o, "issuer_id", e->issuer_id);
	put(req, o, "user_id", e->user_id);
	put(req, o, "email", e->email);
	put(req, o, "name", e->name);
	put(req, o, "state", e->state);
	put(req, o, "started_at", e->started_at);
	put(req, o, "target_date", e->target_date);
	put(req, o, "completed_at", e->completed_at);
	put(req, o, "withdrawn_at", e->withdrawn_at);
	put(req, o, "created_at", e->created_at);
	return o;
}

struct mc_json *mc__api_evidence_json(struct mc_web_req *req, const struct mc_evidence *e)
{
	struct mc_json *o = mc_json_new_object(req->a);
	put(req, o, "id", e->id);
	put(req, o, "enrolment_id", e->enrolment_id);
	put(req, o, "requirement_id", e->requirement_id);
	mc_web_put_int(req, o, "requirement", e->requirement_number);
	put(req, o, "requirement_title", e->requirement_title);
	put(req, o, "kind", e->kind);
	put(req, o, "title", e->title);
	put(req, o, "text", e->text);
	put(req, o, "url", e->url);
	if (e->file_sha256) {
		struct mc_json *f = mc_json_new_object(req->a);
		put(req, f, "sha256", e->file_sha256);
		put(req, f, "name", e->file_name);
		put(req, f, "media_type", e->file_media_type);
		mc_web_put_int(req, f, "size", e->file_size);
		put(req, f, "href", mc_arena_printf(req->a, "/api/v1/evidence/%s/file", e->id));
		mc_json_object_set(req->a, o, "file", 4, f);
	}
	put(req, o, "state", e->state);
	mc_web_put_bool(req, o, "public", e->is_public);
	put(req, o, "submitted_at", e->submitted_at);
	if (e->review_id) {
		struct mc_json *r = mc_json_new_object(req->a);
		put(req, r, "id", e->review_id);
		put(req, r, "reviewer", e->reviewer_email);
		put(req, r, "decision", e->decision);
		if (e->has_score)
			mc_json_object_set(req->a, r, "score", 5, mc_json_new_double(req->a, e->score));
		struct mc_json *fb = NULL;
		struct mc_err ignore = {0};
		if (e->feedback_json &&
		    !mc_json_parse(req->a, e->feedback_json, strlen(e->feedback_json), NULL, &fb, &ignore))
			mc_json_object_set(req->a, r, "feedback", 8, fb);
		put(req, r, "reviewed_at", e->reviewed_at);
		mc_json_object_set(req->a, o, "review", 6, r);
	}
	return o;
}

struct mc_json *mc__api_award_json(struct mc_web_req *req, const struct mc_award *w)
{
	struct mc_json *o = mc_json_new_object(req->a);
	struct mc_time now = mc_app_now(req->app);
	put(req, o, "id", w->id);
	mc_web_put_int(req, o, "number", w->number);
	put(req, o, "issuer_id", w->issuer_id);
	put(req, o, "micro_credential_id", w->achievement_id);
	put(req, o, "user_id", w->user_id);
	put(req, o, "email", w->email);
	put(req, o, "name", w->name);
	put(req, o, "award_key", w->award_key);
	put(req, o, "state", w->state);
	put(req, o, "shown_state", mc_credential_effective_state(w, &now));
	put(req, o, "state_reason", w->state_reason);
	put(req, o, "issued_at", w->issued_at);
	put(req, o, "valid_until", w->valid_until);
	put(req, o, "sha256", w->sha256);
	mc_web_put_bool(req, o, "has_jwt", w->jwt != NULL);
	const char *uuid = strncmp(w->id, "urn:uuid:", 9) == 0 ? w->id + 9 : w->id;
	put(req, o, "url", mc_arena_printf(req->a, "%s/credentials/%s", req->site->base_url, uuid));
	return o;
}

struct mc_json *mc__api_endorsement_json(struct mc_web_req *req, const struct mc_endorsement *e)
{
	struct mc_json *o = mc_json_new_object(req->a);
	put(req, o, "id", e->id);
	put(req, o, "endorser_id", e->endorser_id);
	put(req, o, "subject_type", e->subject_type);
	put(req, o, "subject_id", e->subject_id);
	put(req, o, "comment", e->comment);
	put(req, o, "created_at", e->created_at);
	put(req, o, "withdrawn_at", e->withdrawn_at);
	struct mc_json *cred = NULL;
	struct mc_err ignore = {0};
	if (e->json && !mc_json_parse(req->a, e->json, strlen(e->json), NULL, &cred, &ignore))
		mc_json_object_set(req->a, o, "credential", 10, cred);
	return o;
}

struct mc_json *mc__api_outcome_json(struct mc_web_req *req, const struct mc_learning_outcome *o)
{
	struct mc_json *j = mc_json_new_object(req->a);
	put(req, j, "id", o->id);
	put(req, j, "enrolment_id", o->enrolment_id);
	mc_web_put_bool(req, j, "duplicate", o->duplicate);
	if (o->progress)
		mc_json_object_set(req->a, j, "progress", 8, mc_progress_json(req->a, o->progress));
	put(req, j, "credential", o->credential_id);
	mc_web_put_bool(req, j, "awarded_now", o->awarded_now);
	if (o->award_rc)
		put(req, j, "award_error", o->award_err.msg);
	return j;
}
