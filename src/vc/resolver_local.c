/* The local, offline resolver of verification methods: see include/microcred/resolver.h. */
#include <stdlib.h>
#include <string.h>

#include "microcred/buf.h"
#include "microcred/did.h"
#include "microcred/resolver.h"

struct mc__local_key {
	struct mc_key key;      /* public only; its own id/controller are unused */
	const char *id;         /* in r->arena */
	const char *controller; /* in r->arena */
	bool assertion_method;
};

/* Verification relationships whose arrays may embed verification methods. */
static const char *const relationships[] = {"assertionMethod", "authentication", "capabilityInvocation",
                                            "capabilityDelegation", "keyAgreement"};

/* Limit on nesting of arrays of key documents, to bound recursion on odd input. */
#define MAX_DEPTH 8

void mc_local_resolver_init(struct mc_local_resolver *r)
{
	memset(r, 0, sizeof(*r));
	mc_arena_init(&r->arena, 0);
	r->did_key = true;
}

void mc_local_resolver_release(struct mc_local_resolver *r)
{
	for (size_t i = 0; i < r->len; i++)
		mc_key_release(&r->keys[i].key);
	free(r->keys);
	mc_arena_release(&r->arena);
	memset(r, 0, sizeof(*r));
}

/* The id up to '#' (the whole id when there is none), in the arena. */
static const char *id_base(struct mc_arena *a, const char *id)
{
	const char *hash = strchr(id, '#');
	return hash ? mc_arena_strndup(a, id, (size_t)(hash - id)) : mc_arena_strdup(a, id);
}

int mc_local_resolver_add_key(struct mc_local_resolver *r, const struct mc_key *k, const char *id,
                              const char *controller, bool assertion_method, struct mc_err *err)
{
	if (!id)
		id = k->id;
	if (!controller)
		controller = k->controller;
	if (!id || !*id)
		return mc_err_set(err, MC_EINVAL,
		                  "a trusted key needs an \"id\" (its verification method URL, e.g. "
		                  "\"https://example.edu/issuers/1#key-1\")");
	if (r->len == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 8;
		r->keys = mc_xrealloc(r->keys, cap * sizeof(*r->keys));
		r->cap = cap;
	}
	struct mc__local_key *e = &r->keys[r->len];
	mc_key_init(&e->key);
	int rc = mc_key_from_public(&e->key, k->type, k->pub, k->pub_len, err);
	if (rc) {
		mc_key_release(&e->key);
		return mc_err_prefix(err, "trusted key %s", id);
	}
	e->id = mc_arena_strdup(&r->arena, id);
	e->controller =
	    controller && *controller ? mc_arena_strdup(&r->arena, controller) : id_base(&r->arena, id);
	e->assertion_method = assertion_method;
	r->len++;
	return 0;
}

/* Parses one verification method object vm and adds it. id/controller override the
 * object's own members when not NULL. */
static int add_method(struct mc_local_resolver *r, const struct mc_json *vm, const char *id,
                      const char *controller, bool assertion_method, struct mc_err *err)
{
	struct mc_key k;
	mc_key_init(&k);
	int rc = mc_key_from_json(&k, vm, err);
	if (rc) {
		mc_err_prefix(err, "trusted key %s", id ? id : k.id ? k.id : "(no id)");
		goto out;
	}
	mc_key_drop_secret(&k); /* trusted keys are public keys; the secret is never needed */
	rc = mc_local_resolver_add_key(r, &k, id ? id : k.id, controller ? controller : k.controller,
	                               assertion_method, err);
out:
	mc_key_release(&k);
	return rc;
}

/* A reference inside a DID document: "#frag" and "frag"-less relative forms resolve
 * against the document's id. Returns an arena string. */
static const char *doc_ref(struct mc_arena *a, const char *doc_id, const char *ref)
{
	if (doc_id && ref[0] == '#')
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

static bool is_did_document(const struct mc_json *v)
{
	if (mc_json_is_array(mc_json_get(v, "verificationMethod")))
		return true;
	for (size_t i = 0; i < sizeof(relationships) / sizeof(relationships[0]); i++) {
		const struct mc_json *rel = mc_json_get(v, relationships[i]);
		if (mc_json_is_array(rel))
			for (uint32_t j = 0; j < rel->len; j++)
				if (mc_json_is_object(&rel->v.items[j]))
					return true;
	}
	return false;
}

static int add_did_document(struct mc_local_resolver *r, const struct mc_json *doc, struct mc_err *err)
{
	struct mc_arena tmp;
	const char *doc_id = mc_json_get_str(doc, "id");
	const struct mc_json *am = mc_json_get(doc, "assertionMethod");
	int rc = 0;

	mc_arena_init(&tmp, 0);
	/* verificationMethod first, then methods embedded in each relationship. */
	for (int pass = -1; pass < (int)(sizeof(relationships) / sizeof(relationships[0])) && !rc; pass++) {
		const struct mc_json *list =
		    mc_json_get(doc, pass < 0 ? "verificationMethod" : relationships[pass]);
		if (!mc_json_is_array(list))
			continue;
		for (uint32_t i = 0; i < list->len && !rc; i++) {
			const struct mc_json *vm = &list->v.items[i];
			if (!mc_json_is_object(vm))
				continue;
			const char *vid = mc_json_get_str(vm, "id");
			if (!vid) {
				rc = mc_err_set(err, MC_EINVAL,
				                "DID document %s: a verification method has no \"id\"",
				                doc_id ? doc_id : "(no id)");
				break;
			}
			vid = doc_ref(&tmp, doc_id, vid);
			const char *ctl = mc_json_get_str(vm, "controller");
			if (!ctl)
				ctl = doc_id;
			/* A document without assertionMethod is vouched for as a whole. */
			bool authorised = !am || listed_in(&tmp, am, doc_id, vid);
			rc = add_method(r, vm, vid, ctl, authorised, err);
		}
	}
	mc_arena_release(&tmp);
	return rc;
}

static int add_json(struct mc_local_resolver *r, const struct mc_json *v, int depth, struct mc_err *err)
{
	if (depth > MAX_DEPTH)
		return mc_err_set(err, MC_ELIMIT, "trusted keys nest deeper than %d arrays", MAX_DEPTH);
	if (mc_json_is_array(v)) {
		for (uint32_t i = 0; i < v->len; i++) {
			int rc = add_json(r, &v->v.items[i], depth + 1, err);
			if (rc)
				return rc;
		}
		return 0;
	}
	if (!mc_json_is_object(v))
		return mc_err_set(err, MC_EINVAL,
		                  "trusted keys: expected a key, a list of keys, a DID document or a map "
		                  "{\"<vm id>\": \"z6Mk...\"}, got %s",
		                  mc_json_type_name((enum mc_json_type)v->type));
	if (is_did_document(v))
		return add_did_document(r, v, err);
	if (mc_json_get(v, "publicKeyMultibase") || mc_json_get(v, "publicKeyJwk") ||
	    mc_json_get(v, "publicKeyBase58") || mc_json_get(v, "secretKeyMultibase"))
		return add_method(r, v, NULL, NULL, true, err);
	/* A map from verification method id to a key. */
	for (uint32_t i = 0; i < v->len; i++) {
		const struct mc_json_member *m = &v->v.members[i];
		const char *id = m->key.ptr;
		int rc;
		if (mc_json_is_string(&m->value)) {
			struct mc_key k;
			mc_key_init(&k);
			rc = mc_key_from_multibase(&k, m->value.v.str, m->value.len, err);
			if (rc)
				mc_err_prefix(err, "trusted key %s", id);
			else
				rc = mc_local_resolver_add_key(r, &k, id, NULL, true, err);
			mc_key_release(&k);
		} else if (mc_json_is_object(&m->value)) {
			rc =
			    add_method(r, &m->value, id, mc_json_get_str(&m->value, "controller"), true, err);
		} else {
			rc = mc_err_set(
			    err, MC_EINVAL,
			    "trusted keys: the entry for \"%s\" must be a publicKeyMultibase string or "
			    "a key object",
			    id);
		}
		if (rc)
			return rc;
	}
	return 0;
}

int mc_local_resolver_add_keys_json(struct mc_local_resolver *r, const struct mc_json *v, struct mc_err *err)
{
	return add_json(r, v, 0, err);
}

int mc_local_resolver_add_keys_file(struct mc_local_resolver *r, const char *path, struct mc_err *err)
{
	struct mc_buf b;
	struct mc_arena a;
	struct mc_json *v;
	int rc;

	mc_buf_init(&b, (size_t)16 * 1024 * 1024);
	mc_arena_init(&a, 0);
	rc = mc_buf_read_file(&b, path, err);
	if (!rc)
		rc = mc_json_parse(&a, b.ptr, b.len, NULL, &v, err);
	if (!rc)
		rc = add_json(r, v, 0, err);
	if (rc)
		mc_err_prefix(err, "%s", path);
	mc_arena_release(&a);
	mc_buf_release(&b);
	return rc;
}

/* Copies a public key into out->key. An Ed25519 key is copied as bytes: it was
 * validated when it was added, and mc_key_from_public's curve-point check (a scalar
 * multiplication, as long as the signature check itself) would double the cost of
 * every verification. */
static int copy_public(const struct mc_key *k, struct mc_key *out, struct mc_err *err)
{
	mc_key_init(out);
	if (k->type != MC_KEY_ED25519)
		return mc_key_from_public(out, k->type, k->pub, k->pub_len, err);
	out->type = MC_KEY_ED25519;
	out->bits = 256;
	out->pub_len = 32;
	memcpy(out->pub, k->pub, 32);
	return 0;
}

static int fill(struct mc_arena *a, const struct mc_key *k, const char *id, const char *controller, bool am,
                struct mc_resolved_method *out, struct mc_err *err)
{
	int rc = copy_public(k, &out->key, err);
	if (rc)
		return rc;
	out->id = mc_arena_strdup(a, id);
	out->controller = mc_arena_strdup(a, controller);
	out->assertion_method = am;
	return 0;
}

/* The key of a did:key. Ed25519 keys are taken from the decoded bytes without the
 * curve-point check (see copy_public): libsodium's signature verification rejects
 * non-canonical, off-curve and small-order public keys itself. */
static int did_key(const char *vm_id, struct mc_key *out, struct mc_err *err)
{
	struct mc_did_key dk;
	int rc = mc_did_key_decode(vm_id, strlen(vm_id), &dk, err);
	if (rc)
		return rc;
	mc_key_init(out);
	if (dk.codec == MC_CODEC_ED25519_PUB && dk.len == 32) {
		out->type = MC_KEY_ED25519;
		out->bits = 256;
		out->pub_len = 32;
		memcpy(out->pub, dk.bytes, 32);
		return 0;
	}
	return mc_key_from_did_key(out, vm_id, strlen(vm_id), err);
}

static int resolve(void *ctx, const char *vm_id, struct mc_arena *a, struct mc_resolved_method *out,
                   struct mc_err *err)
{
	struct mc_local_resolver *r = ctx;
	const char *hash = strchr(vm_id, '#');
	size_t base_len = hash ? (size_t)(hash - vm_id) : strlen(vm_id);
	int rc;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < r->len; i++)
		if (strcmp(r->keys[i].id, vm_id) == 0)
			return fill(a, &r->keys[i].key, r->keys[i].id, r->keys[i].controller,
			            r->keys[i].assertion_method, out, err);
	/* A bare controller id names its first trusted key. */
	if (!hash)
		for (size_t i = 0; i < r->len; i++)
			if (strcmp(r->keys[i].controller, vm_id) == 0)
				return fill(a, &r->keys[i].key, r->keys[i].id, r->keys[i].controller,
				            r->keys[i].assertion_method, out, err);

	if (r->did_key && strncmp(vm_id, "did:key:", 8) == 0) {
		rc = did_key(vm_id, &out->key, err);
		if (rc) {
			mc_key_release(&out->key);
			return rc;
		}
		/* did:key documents name their one key by its own multibase. */
		if (hash &&
		    (strlen(hash + 1) != base_len - 8 || memcmp(hash + 1, vm_id + 8, base_len - 8) != 0)) {
			mc_key_release(&out->key);
			return mc_err_set(err, MC_ENOTFOUND,
			                  "%s: a did:key document has only the key #%.*s, not #%s", vm_id,
			                  (int)(base_len - 8), vm_id + 8, hash + 1);
		}
		out->id = hash ? mc_arena_strdup(a, vm_id) : mc_arena_printf(a, "%s#%s", vm_id, vm_id + 8);
		out->controller = mc_arena_strndup(a, vm_id, base_len);
		out->assertion_method = true;
		return 0;
	}

	if (r->fragment_keys && hash && strncmp(hash + 1, "z6Mk", 4) == 0) {
		mc_key_init(&out->key);
		rc = mc_key_from_multibase(&out->key, hash + 1, strlen(hash + 1), err);
		if (rc) {
			mc_key_release(&out->key);
			return mc_err_prefix(err, "%s", vm_id);
		}
		out->id = mc_arena_strdup(a, vm_id);
		out->controller = mc_arena_strndup(a, vm_id, base_len);
		out->assertion_method = true;
		return 0;
	}
	return mc_err_set(err, MC_ENOTFOUND,
	                  "the key %s is not known: it is not a did:key and is not among the trusted keys "
	                  "(give its key file or its issuer's DID document as a trusted key)",
	                  vm_id);
}

struct mc_resolver mc_local_resolver(struct mc_local_resolver *r)
{
	return (struct mc_resolver){.method = resolve, .status_list = NULL, .ctx = r};
}
