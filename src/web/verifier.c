/* Verification as the server does it: keys of this installation's issuers and
 * its status lists come from the database (never over HTTP to itself); keys and
 * status lists of other sites are fetched over HTTPS unless the server runs with
 * --offline-verify. Badge pages reuse a stored credential's report for a few
 * seconds (verify_ttl) while its state is unchanged, so a popular badge does not
 * cost a signature check per view; a revocation here changes the state and is
 * shown at once. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "microcred/issuer.h"
#include "microcred/report.h"
#include "microcred/resolver.h"
#include "microcred/resolver_http.h"
#include "microcred/statuslist_service.h"
#include "microcred/verify.h"

#include "web/web.h"

struct vctx {
	struct mc_web_req *req;
	struct mc_local_resolver local;
};

/* True when id (a DID or URL) names something of this installation, which must be
 * answered from the database and never fetched from ourselves. */
static bool ours(const struct mc_web_site *site, const char *id)
{
	const char *b = site->base_url;
	if (strncmp(id, b, strlen(b)) == 0)
		return true;
	if (strncmp(id, "did:web:", 8) != 0)
		return false;
	const char *host = strstr(b, "://");
	host = host ? host + 3 : b;
	const char *p = id + 8;
	for (; *host && *host != '/'; host++) {
		if (*host == ':') { /* the port is percent-encoded in did:web */
			if (strncmp(p, "%3A", 3) != 0 && strncmp(p, "%3a", 3) != 0)
				return false;
			p += 3;
		} else if (*p++ != *host) {
			return false;
		}
	}
	return *p == 0 || *p == ':' || *p == '#';
}

static int method(void *ctx, const char *vm_id, struct mc_arena *a, struct mc_resolved_method *out,
                  struct mc_err *err)
{
	struct vctx *v = ctx;
	struct mc_resolver local = mc_local_resolver(&v->local);
	if (strncmp(vm_id, "did:key:", 8) == 0)
		return local.method(local.ctx, vm_id, a, out, err);
	const char *hash = strchr(vm_id, '#');
	char *doc = mc_arena_strndup(a, vm_id, hash ? (size_t)(hash - vm_id) : strlen(vm_id));
	struct mc_issuer *is;
	int rc = mc_issuer_get(v->req->app, a, doc, &is, err);
	if (!rc) {
		struct mc_json *dd;
		if ((rc = mc_issuer_did_document(v->req->app, a, is, &dd, err)) ||
		    (rc = mc_local_resolver_add_keys_json(&v->local, dd, err)))
			return rc;
		return local.method(local.ctx, vm_id, a, out, err);
	}
	if (rc != MC_ENOTFOUND)
		return rc;
	if (ours(v->req->site, vm_id))
		return mc_err_set(err, MC_ENOTFOUND, "no issuer of this site has the key %s", vm_id);
	if (!v->req->site->http_resolver)
		return mc_err_set(
		    err, MC_EUNSUPPORTED,
		    "this server does not fetch keys of other sites (it runs with --offline-verify): %s",
		    vm_id);
	struct mc_resolver h = mc_http_resolver(v->req->site->http_resolver);
	return h.method(h.ctx, vm_id, a, out, err);
}

static int status_list(void *ctx, const char *url, struct mc_arena *a, const struct mc_json **out,
                       struct mc_err *err)
{
	struct vctx *v = ctx;
	int rc = mc_statuslist_resolve(v->req->app, url, a, out, err);
	if (rc != MC_EUNSUPPORTED)
		return rc;
	if (ours(v->req->site, url))
		return mc_err_set(err, MC_ENOTFOUND, "this site has no status list %s", url);
	if (!v->req->site->http_resolver)
		return mc_err_set(err, MC_EUNSUPPORTED,
		                  "this server does not fetch status lists of other sites (it runs with "
		                  "--offline-verify): %s",
		                  url);
	struct mc_resolver h = mc_http_resolver(v->req->site->http_resolver);
	return h.status_list(h.ctx, url, a, out, err);
}

int mc__web_verify(struct mc_web_req *req, const char *input, size_t n, struct mc_report *report,
                   struct mc_json **credential, struct mc_err *err)
{
	struct vctx v = {.req = req};
	mc_local_resolver_init(&v.local);
	struct mc_resolver r = {.method = method, .status_list = status_list, .ctx = &v};
	struct mc_time now = mc_app_now(req->app);
	struct mc_verify_opts o = {.resolver = &r, .now = &now, .max_input = MC_VERIFY_MAX_INPUT_DEFAULT};
	mc_report_init(report, req->a);
	int rc = mc_verify(req->a, input, n, &o, report, credential, err);
	mc_local_resolver_release(&v.local);
	return rc;
}

/* ---- caches of reports and pages ---- */

#define CACHE_SLOTS 512

struct slot {
	char *key, *state, *text; /* malloc'd */
	size_t len;
	uint64_t at;
};

struct mc__web_cache {
	pthread_mutex_t lock;
	struct slot slots[CACHE_SLOTS];
};

struct mc__web_cache *mc__web_cache_new(void)
{
	struct mc__web_cache *c = mc_xcalloc(1, sizeof *c);
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

void mc__web_cache_free(struct mc__web_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < CACHE_SLOTS; i++) {
		free(c->slots[i].key);
		free(c->slots[i].state);
		free(c->slots[i].text);
	}
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static uint64_t mono_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec;
}

static struct slot *slot_of(struct mc__web_cache *c, const char *key)
{
	uint64_t h = 14695981039346656037ULL;
	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return &c->slots[h % CACHE_SLOTS];
}

static unsigned ttl_of(const struct mc_web_req *req)
{
	return req->site->cfg->verify_ttl ? req->site->cfg->verify_ttl : 10;
}

bool mc__web_cache_get(struct mc_web_req *req, struct mc__web_cache *c, const char *key, const char *state,
                       const char **text, size_t *len)
{
	struct slot *s = slot_of(c, key);
	uint64_t now = mono_s();
	bool hit = false;
	pthread_mutex_lock(&c->lock);
	if (s->key && !strcmp(s->key, key) && !strcmp(s->state, state) && now - s->at < ttl_of(req)) {
		*len = s->len;
		*text = mc_arena_memdup(req->a, s->text, s->len + 1);
		hit = true;
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

void mc__web_cache_put(struct mc__web_cache *c, const char *key, const char *state, const char *text,
                       size_t len)
{
	struct slot *s = slot_of(c, key);
	char *k = mc_xstrdup(key), *st = mc_xstrdup(state), *t = mc_xmalloc(len + 1);
	memcpy(t, text, len);
	t[len] = 0;
	pthread_mutex_lock(&c->lock);
	char *ok = s->key, *ost = s->state, *ot = s->text;
	s->key = k;
	s->state = st;
	s->text = t;
	s->len = len;
	s->at = mono_s();
	pthread_mutex_unlock(&c->lock);
	free(ok);
	free(ost);
	free(ot);
}

int mc__web_verify_cached(struct mc_web_req *req, const char *key, const char *state, const char *json,
                          struct mc_json **report)
{
	const char *text;
	size_t len;
	if (mc__web_cache_get(req, req->site->verify_cache, key, state, &text, &len))
		return mc_json_parse(req->a, text, len, NULL, report, &req->err);
	struct mc_report r;
	struct mc_err err = {0};
	int rc = mc__web_verify(req, json, strlen(json), &r, NULL, &err);
	if (rc) /* a stored credential that is not one: say so in the report */
		mc_report_add(&r, "format", MC_CHECK_FAILED, "%s", err.msg);
	if ((rc = mc_report_to_json(&r, report)))
		return mc_err_set(&req->err, rc, "could not build the verification report");
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_json_write(&b, *report, MC_JSON_COMPACT);
	mc__web_cache_put(req->site->verify_cache, key, state, b.ptr, b.len);
	mc_buf_release(&b);
	return 0;
}
