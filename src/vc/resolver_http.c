/* The HTTP resolver: did:web, https:// verification methods and status lists over the
 * network. See include/microcred/resolver_http.h for the rules it follows. */
#include "microcred/resolver_http.h"

#include <string.h>

#include "microcred/buf.h"
#include "microcred/did.h"
#include "microcred/keys.h"

#define ACCEPT_STATUS_LIST                                                                                   \
	"application/vc, application/vc+ld+json;q=0.9, application/ld+json;q=0.8, application/json;q=0.7"

/* Verification relationships whose arrays may embed verification methods. */
static const char *const relationships[] = {"assertionMethod", "authentication", "capabilityInvocation",
                                            "capabilityDelegation", "keyAgreement"};

void mc_http_resolver_init(struct mc_http_resolver *r)
{
	memset(r, 0, sizeof(*r));
	r->cache = mc_fetch_cache_new(0, 0, 0);
}

void mc_http_resolver_release(struct mc_http_resolver *r)
{
	mc_fetch_cache_free(r->cache);
	memset(r, 0, sizeof(*r));
}

static bool is_http_url(const char *s)
{
	return strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0;
}

/* The part of a DID URL that is the DID: up to the first '#', '?' or '/' after the
 * method name. */
static const char *did_of(struct mc_arena *a, const char *s)
{
	size_t n = 8 + strcspn(s + 8, "#?/");
	return mc_arena_strndup(a, s, n);
}

/* The id up to '#'. */
static const char *strip_fragment(struct mc_arena *a, const char *s)
{
	return mc_arena_strndup(a, s, strcspn(s, "#"));
}

/* Where the document of id (a did:web DID or an http(s) URL, no fragment) is fetched. */
static int document_url(const struct mc_http_resolver *r, const char *id, struct mc_arena *a,
                        const char **url, struct mc_err *err)
{
	if (is_http_url(id)) {
		*url = id;
		return 0;
	}
	if (strncmp(id, "did:web:", 8) != 0)
		return mc_err_set(err, MC_ENOTFOUND,
		                  "%s cannot be looked up: microcred resolves did:key, did:web and https:// "
		                  "key URLs, not this kind of identifier",
		                  id);
	struct mc_buf b;
	mc_buf_init(&b, MC_FETCH_URL_MAX);
	int rc = mc_did_web_to_url(id, strlen(id), &b, err);
	if (!rc && r->did_web_base_override) {
		/* Replace "https://host[:port]" by the base. */
		const char *path = b.ptr + 8 + strcspn(b.ptr + 8, "/");
		size_t blen = strlen(r->did_web_base_override);
		while (blen > 0 && r->did_web_base_override[blen - 1] == '/')
			blen--;
		*url = mc_arena_printf(a, "%.*s%s", (int)blen, r->did_web_base_override, path);
	} else if (!rc) {
		*url = mc_arena_strndup(a, b.ptr, b.len);
	}
	mc_buf_release(&b);
	return rc;
}

/* Fetches url (through the cache) and parses it as a JSON object into a. */
static int fetch_json(struct mc_http_resolver *r, const char *url, const char *accept, bool cache_control,
                      struct mc_arena *a, const struct mc_json **out, struct mc_err *err)
{
	struct mc_fetch_opts opts = r->fetch;
	struct mc_fetch_info info;
	struct mc_slice body;
	struct mc_json *v;
	struct mc_json_parse_opts popts = {0};
	int rc;

	if (r->offline)
		return mc_err_set(err, MC_EUNSUPPORTED, "offline mode: would need to fetch %s", url);
	opts.accept = accept;
	rc = mc_fetch_cached(r->cache, url, &opts, cache_control, a, &body, &info, NULL, err);
	if (rc)
		return rc;
	if (body.len >= 3 && memcmp(body.ptr, "eyJ", 3) == 0)
		return mc_err_set(err, MC_EUNSUPPORTED,
		                  "%s sent a JWT; microcred reads DID documents, keys and status lists as "
		                  "JSON only",
		                  url);
	popts.max_size = body.len + 1;
	rc = mc_json_parse(a, body.ptr, body.len, &popts, &v, err);
	if (rc) {
		mc_err_prefix(err, "%s sent something that is not JSON (Content-Type %s)", url,
		              info.content_type[0] ? info.content_type : "not given");
		return rc;
	}
	if (!mc_json_is_object(v))
		return mc_err_set(err, MC_EINVAL, "%s sent JSON %s, not a JSON object", url,
		                  mc_json_type_name((enum mc_json_type)v->type));
	*out = v;
	return 0;
}

/* Fetches the document of id (no fragment) and checks its "id" is id. */
static int load_document(struct mc_http_resolver *r, const char *id, struct mc_arena *a,
                         const struct mc_json **doc, const char **url_out, struct mc_err *err)
{
	const char *url;
	int rc = document_url(r, id, a, &url, err);
	if (rc)
		return rc;
	if (url_out)
		*url_out = url;
	rc = fetch_json(r, url, is_http_url(id) ? MC_FETCH_ACCEPT_LD : MC_FETCH_ACCEPT_DID, false, a, doc,
	                err);
	if (rc)
		return rc;
	const char *doc_id = mc_json_get_str(*doc, "id");
	if (!doc_id)
		return mc_err_set(err, MC_EINVAL,
		                  "the document at %s has no \"id\", so it cannot vouch for %s", url, id);
	if (strcmp(doc_id, id) != 0)
		return mc_err_set(err, MC_EVERIFY,
		                  "the document at %s says it is \"%s\", not %s; it cannot speak for %s", url,
		                  doc_id, id, id);
	return 0;
}

/* A reference inside a controller document: "#frag" resolves against the document's
 * id. */
static const char *doc_ref(struct mc_arena *a, const char *doc_id, const char *ref)
{
	if (ref[0] == '#')
		return mc_arena_printf(a, "%s%s", doc_id, ref);
	return ref;
}

static bool listed_in(struct mc_arena *a, const struct mc_json *rel, const char *doc_id, const char *vm_id)
{
	if (!mc_json_is_array(rel))
		return false;
	for (uint32_t i = 0; i < rel->len; i++) {
		const struct mc_json *it = &rel->v.items[i];
		const char *ref = mc_json_is_string(it) ? it->v.str : mc_json_get_str(it, "id");
		if (ref && strcmp(doc_ref(a, doc_id, ref), vm_id) == 0)
			return true;
	}
	return false;
}

/* The verification method vm_id in doc: in "verificationMethod" or embedded in a
 * verification relationship. */
static const struct mc_json *find_method(struct mc_arena *a, const struct mc_json *doc, const char *doc_id,
                                         const char *vm_id)
{
	for (int pass = -1; pass < (int)(sizeof(relationships) / sizeof(relationships[0])); pass++) {
		const struct mc_json *list =
		    mc_json_get(doc, pass < 0 ? "verificationMethod" : relationships[pass]);
		if (!mc_json_is_array(list))
			continue;
		for (uint32_t i = 0; i < list->len; i++) {
			const struct mc_json *vm = &list->v.items[i];
			const char *id = mc_json_get_str(vm, "id");
			if (id && strcmp(doc_ref(a, doc_id, id), vm_id) == 0)
				return vm;
		}
	}
	return NULL;
}

/* The id of the first method listed under assertionMethod, or NULL. */
static const char *first_assertion_method(struct mc_arena *a, const struct mc_json *doc, const char *doc_id)
{
	const struct mc_json *am = mc_json_get(doc, "assertionMethod");
	if (!mc_json_is_array(am) || am->len == 0)
		return NULL;
	const struct mc_json *it = &am->v.items[0];
	const char *ref = mc_json_is_string(it) ? it->v.str : mc_json_get_str(it, "id");
	return ref ? doc_ref(a, doc_id, ref) : NULL;
}

/* Reads the key of verification method vm (published as vm_id) into out. */
static int take_key(const struct mc_json *vm, const char *vm_id, const char *url,
                    struct mc_resolved_method *out, struct mc_err *err)
{
	int rc = mc_key_from_json(&out->key, vm, err);
	if (rc) {
		mc_key_release(&out->key);
		mc_key_init(&out->key);
		mc_err_prefix(err, "the key %s published at %s", vm_id, url);
		return rc;
	}
	/* A published document has no business holding a secret; never carry one on. */
	mc_key_drop_secret(&out->key);
	return 0;
}

/* Resolves vm_id inside doc, the controller document whose id is doc_id (fetched
 * from url). A bare vm_id equal to doc_id names the first assertionMethod. */
static int method_in_document(struct mc_arena *a, const struct mc_json *doc, const char *doc_id,
                              const char *url, const char *vm_id, struct mc_resolved_method *out,
                              struct mc_err *err)
{
	if (strcmp(vm_id, doc_id) == 0) {
		vm_id = first_assertion_method(a, doc, doc_id);
		if (!vm_id)
			return mc_err_set(
			    err, MC_ENOTFOUND,
			    "%s names no key, and its document (%s) lists none under assertionMethod", doc_id,
			    url);
	}
	const struct mc_json *vm = find_method(a, doc, doc_id, vm_id);
	if (!vm)
		return mc_err_set(err, MC_ENOTFOUND, "the document of %s (%s) has no verification method %s",
		                  doc_id, url, vm_id);
	const char *ctl = mc_json_get_str(vm, "controller");
	if (ctl && strcmp(doc_ref(a, doc_id, ctl), doc_id) != 0)
		return mc_err_set(
		    err, MC_EVERIFY,
		    "the key %s says its controller is %s, but it is published in the document of %s "
		    "(%s); a key is only vouched for by its own controller's document",
		    vm_id, ctl, doc_id, url);
	int rc = take_key(vm, vm_id, url, out, err);
	if (rc)
		return rc;
	out->id = mc_arena_strdup(a, vm_id);
	out->controller = mc_arena_strdup(a, doc_id);
	out->assertion_method = listed_in(a, mc_json_get(doc, "assertionMethod"), doc_id, vm_id);
	return 0;
}

static int resolve_did_web(struct mc_http_resolver *r, const char *vm_id, struct mc_arena *a,
                           struct mc_resolved_method *out, struct mc_err *err)
{
	const char *did = did_of(a, vm_id);
	const struct mc_json *doc;
	const char *url = NULL;
	int rc = load_document(r, did, a, &doc, &url, err);
	if (rc) {
		if (rc != MC_EUNSUPPORTED)
			mc_err_prefix(err, "could not get the DID document of %s", did);
		return rc;
	}
	/* A DID URL with a path or query but no fragment is not a verification method. */
	return method_in_document(a, doc, did, url, strchr(vm_id, '#') ? vm_id : did, out, err);
}

static int resolve_url(struct mc_http_resolver *r, const char *vm_id, struct mc_arena *a,
                       struct mc_resolved_method *out, struct mc_err *err)
{
	const char *base = strip_fragment(a, vm_id);
	const char *url;
	const struct mc_json *doc;
	int rc = document_url(r, base, a, &url, err);
	if (!rc)
		rc = fetch_json(r, url, MC_FETCH_ACCEPT_LD, false, a, &doc, err);
	if (rc)
		return rc;
	const char *doc_id = mc_json_get_str(doc, "id");
	if (!doc_id)
		return mc_err_set(err, MC_EINVAL,
		                  "the document at %s has no \"id\", so it cannot vouch for %s", url, vm_id);
	bool key_material = mc_json_get(doc, "publicKeyMultibase") || mc_json_get(doc, "publicKeyJwk") ||
	                    mc_json_get(doc, "publicKeyBase58");

	/* A controller document holding the method. */
	if (strcmp(doc_id, base) == 0 && !(strcmp(doc_id, vm_id) == 0 && key_material))
		return method_in_document(a, doc, doc_id, url, vm_id, out, err);

	if (strcmp(doc_id, vm_id) != 0 || !key_material)
		return mc_err_set(err, MC_EVERIFY,
		                  "the document at %s says it is \"%s\", which is neither the key %s nor its "
		                  "controller's document",
		                  url, doc_id, vm_id);

	/* The method itself: its controller's document must list it. */
	const char *ctl = mc_json_get_str(doc, "controller");
	if (!ctl)
		return mc_err_set(err, MC_EVERIFY,
		                  "the key %s (%s) does not name its controller, so nobody vouches for it",
		                  vm_id, url);
	ctl = strip_fragment(a, ctl);
	if (strcmp(ctl, base) == 0)
		return mc_err_set(err, MC_EVERIFY,
		                  "the key %s (%s) names itself as its controller; its controller must be a "
		                  "separate document that lists it",
		                  vm_id, url);
	const struct mc_json *cdoc;
	const char *curl = NULL;
	rc = load_document(r, ctl, a, &cdoc, &curl, err);
	if (rc) {
		if (rc != MC_EUNSUPPORTED)
			mc_err_prefix(err, "could not get the controller document of the key %s", vm_id);
		return rc;
	}
	bool listed = listed_in(a, mc_json_get(cdoc, "assertionMethod"), ctl, vm_id);
	bool known = listed || find_method(a, cdoc, ctl, vm_id);
	for (size_t i = 0; !known && i < sizeof(relationships) / sizeof(relationships[0]); i++)
		known = listed_in(a, mc_json_get(cdoc, relationships[i]), ctl, vm_id);
	if (!known)
		return mc_err_set(
		    err, MC_EVERIFY,
		    "the key %s names %s as its controller, but that controller's document (%s) does "
		    "not list it",
		    vm_id, ctl, curl);
	rc = take_key(doc, vm_id, url, out, err);
	if (rc)
		return rc;
	out->id = mc_arena_strdup(a, vm_id);
	out->controller = ctl;
	out->assertion_method = listed;
	return 0;
}

static int resolve_method(void *ctx, const char *vm_id, struct mc_arena *a, struct mc_resolved_method *out,
                          struct mc_err *err)
{
	struct mc_http_resolver *r = ctx;
	int rc;

	if (r->next.method) {
		rc = r->next.method(r->next.ctx, vm_id, a, out, err);
		if (rc != MC_ENOTFOUND)
			return rc;
		/* A resolver leaves out empty when it fails (the local one does), so there
		 * is nothing to release here. */
		mc_err_clear(err);
	}
	memset(out, 0, sizeof(*out));
	mc_key_init(&out->key);
	if (strncmp(vm_id, "did:web:", 8) == 0)
		rc = resolve_did_web(r, vm_id, a, out, err);
	else if (is_http_url(vm_id))
		rc = resolve_url(r, vm_id, a, out, err);
	else
		rc = mc_err_set(
		    err, MC_ENOTFOUND,
		    "the key %s cannot be looked up: microcred resolves did:key, did:web and https:// "
		    "key URLs (or give the key as a trusted key)",
		    vm_id);
	if (rc) {
		mc_key_release(&out->key);
		memset(out, 0, sizeof(*out));
		mc_key_init(&out->key);
	}
	return rc;
}

static int resolve_status_list(void *ctx, const char *url, struct mc_arena *a, const struct mc_json **out,
                               struct mc_err *err)
{
	struct mc_http_resolver *r = ctx;
	int rc;

	if (r->next.status_list) {
		rc = r->next.status_list(r->next.ctx, url, a, out, err);
		if (rc != MC_ENOTFOUND)
			return rc;
		mc_err_clear(err);
	}
	*out = NULL;
	rc = fetch_json(r, strip_fragment(a, url), ACCEPT_STATUS_LIST, true, a, out, err);
	if (rc && rc != MC_EUNSUPPORTED)
		mc_err_prefix(err, "could not get the status list %s", url);
	return rc;
}

struct mc_resolver mc_http_resolver(struct mc_http_resolver *r)
{
	return (struct mc_resolver){.method = resolve_method, .status_list = resolve_status_list, .ctx = r};
}

int mc_http_resolver_document(struct mc_http_resolver *r, const char *url_or_did, struct mc_arena *a,
                              const struct mc_json **doc, struct mc_err *err)
{
	const char *id =
	    strncmp(url_or_did, "did:web:", 8) == 0 ? did_of(a, url_or_did) : strip_fragment(a, url_or_did);
	return load_document(r, id, a, doc, NULL, err);
}
