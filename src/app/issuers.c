/* Users, issuers, signing keys with rotation, staff: see include/microcred/issuer.h. */
#include "microcred/issuer.h"

#include <sodium.h>
#include <string.h>

#include "microcred/did.h"
#include "store/issuers.h"

/* ---- users ---- */

int mc_email_check(const char *email, struct mc_err *err)
{
	const char *at = email ? strchr(email, '@') : NULL;
	if (!email || !*email)
		return mc_err_set(err, MC_EINVAL, "an email address is required, e.g. learner@example.com");
	if (!at || at == email || !at[1] || strchr(at + 1, '@') || !strchr(at + 1, '.') || strlen(email) > 254)
		return mc_err_set(err, MC_EINVAL, "'%s' is not an email address; write it like learner@example.com", email);
	for (const char *p = email; *p; p++)
		if ((unsigned char)*p <= ' ')
			return mc_err_set(err, MC_EINVAL, "email address '%s' contains a space or control character", email);
	return 0;
}

int mc_user_get(struct mc_app *app, struct mc_arena *a, const char *id_or_email, struct mc_user **out,
		struct mc_err *err)
{
	int rc = mc__store_user_find(app->db, a, id_or_email, out, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(err, MC_ENOTFOUND, "no user '%s'", id_or_email);
	return rc;
}

int mc_user_ensure(struct mc_app *app, struct mc_arena *a, const char *email, const char *name,
		   struct mc_user **out, struct mc_err *err)
{
	int rc = mc_email_check(email, err);
	if (rc)
		return rc;
	rc = mc__store_user_find(app->db, a, email, out, err);
	if (rc != MC_ENOTFOUND)
		return rc;
	char now[32];
	mc_app_now_text(app, now);
	struct mc_user *u = MC_ARENA_NEW(a, struct mc_user);
	u->id = mc_app_new_id(a);
	u->email = email;
	u->name = name && *name ? name : email;
	u->created_at = mc_arena_strdup(a, now);
	rc = mc__store_user_insert(app->db, u, err);
	if (rc == MC_EEXIST) /* created meanwhile by another process */
		return mc__store_user_find(app->db, a, email, out, err);
	if (rc)
		return rc;
	*out = u;
	return 0;
}

int mc_user_set_did(struct mc_app *app, const char *user_id, const char *did, struct mc_err *err)
{
	if (did && strncmp(did, "did:", 4) != 0)
		return mc_err_set(err, MC_EINVAL, "'%s' is not a DID (it must start with did:)", did);
	return mc__store_user_set_did(app->db, user_id, did, err);
}

/* ---- roles ---- */

const char *mc_role_name(enum mc_role r)
{
	switch (r) {
	case MC_ROLE_OWNER: return "owner";
	case MC_ROLE_EDITOR: return "editor";
	case MC_ROLE_ASSESSOR: return "assessor";
	default: return "none";
	}
}

int mc_role_parse(const char *s, enum mc_role *r, struct mc_err *err)
{
	if (s && strcmp(s, "owner") == 0)
		*r = MC_ROLE_OWNER;
	else if (s && strcmp(s, "editor") == 0)
		*r = MC_ROLE_EDITOR;
	else if (s && strcmp(s, "assessor") == 0)
		*r = MC_ROLE_ASSESSOR;
	else
		return mc_err_set(err, MC_EINVAL, "unknown role '%s'; use owner, editor or assessor", s ? s : "");
	return 0;
}

/* ---- keys ---- */

/* The verification method id of a new key: did:web issuers number their keys
 * (#key-1, #key-2 ...), a did:key issuer's method is did:key:z..#z... */
static int new_issuer_key(struct mc_app *app, struct mc_arena *a, struct mc_issuer *is, const char *key_type,
			  bool did_key, int seq, struct mc__key_row *row, struct mc_err *err)
{
	struct mc_key key;
	enum mc_key_type type;
	unsigned bits = 0;
	struct mc_json *pub, *sec;
	struct mc_buf b;
	int rc = mc_key_type_parse(key_type ? key_type : "ed25519", &type, &bits, err);
	if (rc)
		return rc;
	if (type != MC_KEY_ED25519)
		return mc_err_set(err, MC_EUNSUPPORTED,
				  "issuer keys must be Ed25519: Open Badges 3.0 credentials are signed with "
				  "eddsa-rdfc-2022 (got %s)",
				  key_type);
	mc_key_init(&key);
	if ((rc = mc_key_generate(&key, type, bits, err)))
		return rc;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	if (did_key) {
		mc_key_did_key(&key, &b);
		is->did = mc_arena_strdup(a, b.ptr);
		mc_buf_clear(&b);
		mc_key_public_multibase(&key, &b);
		char *id = mc_arena_printf(a, "%s#%s", is->did, b.ptr);
		mc_key_set_id(&key, id, is->did);
	} else {
		char *id = mc_arena_printf(a, "%s#key-%d", is->did, seq);
		mc_key_set_id(&key, id, is->did);
	}
	mc_buf_release(&b);

	struct mc_buf pj, sj;
	mc_buf_init(&pj, MC_BUF_NOLIMIT);
	mc_buf_init(&sj, MC_BUF_NOLIMIT);
	rc = mc_key_to_json(a, &key, MC_KEY_EXPORT_CONTEXT, &pub, err);
	if (!rc)
		rc = mc_key_to_json(a, &key, MC_KEY_EXPORT_CONTEXT | MC_KEY_EXPORT_SECRET, &sec, err);
	if (!rc) {
		mc_json_write(&pj, pub, MC_JSON_COMPACT);
		mc_json_write(&sj, sec, MC_JSON_COMPACT);
		mc_key_json_wipe(sec);
		char now[32];
		mc_app_now_text(app, now);
		row->id = mc_arena_strdup(a, key.id);
		row->issuer_id = is->id;
		row->type = mc_key_type_name(key.type);
		row->public_json = mc_arena_strdup(a, pj.ptr);
		row->secret_json = mc_arena_strdup(a, sj.ptr);
		row->state = "active";
		row->created_at = mc_arena_strdup(a, now);
		row->retired_at = NULL;
	}
	sodium_memzero(sj.ptr, sj.len);
	mc_buf_release(&pj);
	mc_buf_release(&sj);
	mc_key_release(&key);
	return rc;
}

/* ---- issuers ---- */

static bool wants_did_web(struct mc_app *app, const char *method)
{
	if (method && strcmp(method, "web") == 0)
		return true;
	if (method && strcmp(method, "key") == 0)
		return false;
	return strncmp(app->base_url, "https://", 8) == 0;
}

struct create_ctx {
	struct mc_arena *a;
	const struct mc_issuer_input *in;
	struct mc_issuer *is;
	bool did_key;
};

static int create_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct create_ctx *c = p;
	struct mc__key_row row;
	int rc = new_issuer_key(app, c->a, c->is, c->in->key_type, c->did_key, 1, &row, err);
	if (rc)
		return rc;
	if ((rc = mc__store_issuer_insert(app->db, c->is, err))) {
		if (rc == MC_EEXIST)
			return mc_err_set(err, MC_EEXIST,
					  "an issuer with the slug '%s' already exists; choose another name or --slug",
					  c->is->slug);
		return rc;
	}
	if ((rc = mc__store_key_insert(app->db, &row, err)))
		return rc;
	if (c->in->owner_email) {
		struct mc_user *u;
		if ((rc = mc_user_ensure(app, c->a, c->in->owner_email, NULL, &u, err)))
			return rc;
		rc = mc__store_staff_upsert(app->db, c->is->id, u->id, "owner", c->is->created_at, err);
	}
	return rc;
}

static int check_url_field(const char *name, const char *v, struct mc_err *err)
{
	if (v && *v && strncmp(v, "https://", 8) != 0 && strncmp(v, "http://", 7) != 0 && strncmp(v, "data:", 5) != 0)
		return mc_err_set(err, MC_EINVAL, "%s '%s' must be an absolute URL (https://...)", name, v);
	return 0;
}

int mc_issuer_create(struct mc_app *app, struct mc_arena *a, const struct mc_issuer_input *in,
		     struct mc_issuer **out, struct mc_err *err)
{
	int rc;
	if (!in->name || !*in->name)
		return mc_err_set(err, MC_EINVAL, "an issuer needs a name (--name \"University of Example\")");
	if ((rc = check_url_field("url", in->url, err)) || (rc = check_url_field("image", in->image, err)))
		return rc;
	if (in->email && (rc = mc_email_check(in->email, err)))
		return rc;
	if (in->country && (strlen(in->country) != 2 || in->country[0] < 'A' || in->country[0] > 'Z' ||
			    in->country[1] < 'A' || in->country[1] > 'Z'))
		return mc_err_set(err, MC_EINVAL, "country '%s' must be an ISO 3166-1 alpha-2 code such as DE or US",
				  in->country);
	if (in->did_method && strcmp(in->did_method, "web") != 0 && strcmp(in->did_method, "key") != 0)
		return mc_err_set(err, MC_EINVAL, "unknown DID method '%s'; use web or key", in->did_method);

	struct mc_issuer *is = MC_ARENA_NEW(a, struct mc_issuer);
	char now[32];
	mc_app_now_text(app, now);
	is->id = mc_app_new_id(a);
	is->slug = in->slug && *in->slug ? in->slug : mc_app_slugify(a, in->name);
	if (!*is->slug)
		is->slug = is->id; /* a name without ASCII letters or digits */
	for (const char *p = is->slug; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return mc_err_set(err, MC_EINVAL, "slug '%s' may contain only a-z, 0-9 and '-'", is->slug);
	is->name = in->name;
	is->url = in->url;
	is->email = in->email;
	is->country = in->country;
	is->region = in->region;
	is->description = in->description;
	is->image = in->image;
	is->issue_jwt = in->issue_jwt;
	is->created_at = is->updated_at = mc_arena_strdup(a, now);

	struct create_ctx c = {.a = a, .in = in, .is = is, .did_key = !wants_did_web(app, in->did_method)};
	if (!c.did_key) {
		struct mc_buf did;
		mc_buf_init(&did, MC_BUF_NOLIMIT);
		char *url = mc_arena_printf(a, "%s/issuers/%s", app->base_url, is->slug);
		rc = mc_did_web_from_url(url, &did, err);
		if (rc) {
			mc_buf_release(&did);
			return mc_err_prefix(err, "cannot make a did:web for the base URL %s (did:web needs https; "
						  "use --did-method key, or set an https base URL)",
					     app->base_url);
		}
		is->did = mc_arena_strdup(a, did.ptr);
		mc_buf_release(&did);
	}
	rc = mc_app_tx(app, MC_TX_WRITE, create_tx, &c, err);
	if (!rc)
		*out = is;
	return rc;
}

int mc_issuer_get(struct mc_app *app, struct mc_arena *a, const char *ref, struct mc_issuer **out,
		  struct mc_err *err)
{
	int rc = mc__store_issuer_find(app->db, a, ref, out, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(err, MC_ENOTFOUND,
				  "no issuer '%s' (give its slug, id or DID; 'microcred issuer list' shows them)", ref);
	return rc;
}

int mc_issuer_list(struct mc_app *app, struct mc_arena *a, struct mc_issuer ***out, size_t *n, struct mc_err *err)
{
	return mc__store_issuer_list(app->db, a, out, n, err);
}

char *mc_issuer_url(struct mc_app *app, struct mc_arena *a, const struct mc_issuer *is)
{
	return mc_arena_printf(a, "%s/issuers/%s", app->base_url, is->slug);
}

static void set_str(struct mc_arena *a, struct mc_json *obj, const char *key, const char *val)
{
	if (!val || !*val)
		return;
	struct mc_json v;
	mc_json_set_string(a, &v, val, strlen(val));
	mc_json_object_set(a, obj, key, strlen(key), &v);
}

int mc_issuer_profile_json(struct mc_app *app, struct mc_arena *a, const struct mc_issuer *is,
			   struct mc_json **out, struct mc_err *err)
{
	struct mc_json *p = mc_json_new_object(a);
	set_str(a, p, "id", is->did);
	struct mc_json *type = mc_json_new_array(a);
	mc_json_set_string_ref(mc_json_array_push(a, type), "Profile", 7);
	mc_json_object_set(a, p, "type", 4, type);
	set_str(a, p, "name", is->name);
	set_str(a, p, "url", is->url && *is->url ? is->url : mc_issuer_url(app, a, is));
	set_str(a, p, "email", is->email);
	set_str(a, p, "description", is->description);
	if (is->image && *is->image) {
		struct mc_json *img = mc_json_new_object(a);
		set_str(a, img, "id", is->image);
		set_str(a, img, "type", "Image");
		mc_json_object_set(a, p, "image", 5, img);
	}
	if (is->country || is->region) {
		struct mc_json *addr = mc_json_new_object(a);
		struct mc_json *at = mc_json_new_array(a);
		mc_json_set_string_ref(mc_json_array_push(a, at), "Address", 7);
		mc_json_object_set(a, addr, "type", 4, at);
		set_str(a, addr, "addressCountryCode", is->country);
		set_str(a, addr, "addressRegion", is->region);
		mc_json_object_set(a, p, "address", 7, addr);
	}
	*out = p;
	return 0;
}

int mc_issuer_keys(struct mc_app *app, struct mc_arena *a, const struct mc_issuer *is, struct mc_issuer_key **out,
		   size_t *n, struct mc_err *err)
{
	struct mc__key_row *rows;
	int rc = mc__store_key_list(app->db, a, is->id, &rows, n, err);
	if (rc)
		return rc;
	*out = mc_arena_alloc(a, (*n ? *n : 1) * sizeof(**out));
	for (size_t i = 0; i < *n; i++) {
		struct mc_issuer_key *k = &(*out)[i];
		struct mc_json *pj;
		if ((rc = mc_json_parse(a, rows[i].public_json, strlen(rows[i].public_json), NULL, &pj, err)))
			return mc_err_prefix(err, "stored key %s", rows[i].id);
		k->id = rows[i].id;
		k->type = rows[i].type;
		k->state = rows[i].state;
		k->created_at = rows[i].created_at;
		k->retired_at = rows[i].retired_at;
		k->public_json = pj;
	}
	return 0;
}

int mc_issuer_signing_key(struct mc_app *app, const struct mc_issuer *is, struct mc_key *key, struct mc_err *err)
{
	struct mc_arena a;
	struct mc__key_row row;
	mc_arena_init(&a, 0);
	int rc = mc__store_key_active(app->db, &a, is->id, &row, err);
	if (rc == MC_ENOTFOUND)
		rc = mc_err_set(err, MC_ESTATE, "issuer %s has no active signing key; run 'microcred issuer rotate-key %s'",
				is->slug, is->slug);
	else if (!rc && !row.secret_json)
		rc = mc_err_set(err, MC_ESTATE, "the secret of issuer %s's active key is not stored here", is->slug);
	if (!rc) {
		rc = mc_key_parse(key, row.secret_json, strlen(row.secret_json), err);
		sodium_memzero((char *)row.secret_json, strlen(row.secret_json));
		if (!rc)
			mc_key_set_id(key, row.id, is->did);
	}
	mc_arena_release(&a);
	return rc;
}

struct rotate_ctx {
	struct mc_arena *a;
	const char *ref;
	const char *key_type;
	struct mc_issuer_key *out;
};

static int rotate_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct rotate_ctx *c = p;
	struct mc_issuer *is;
	struct mc__key_row *rows, row;
	size_t n;
	char now[32];
	int rc = mc_issuer_get(app, c->a, c->ref, &is, err);
	if (rc || (rc = mc__store_key_list(app->db, c->a, is->id, &rows, &n, err)))
		return rc;
	bool did_key = strncmp(is->did, "did:key:", 8) == 0;
	mc_app_now_text(app, now);
	if ((rc = mc__store_key_retire(app->db, is->id, now, err)))
		return rc;
	if ((rc = new_issuer_key(app, c->a, is, c->key_type, did_key, (int)n + 1, &row, err)))
		return rc;
	if ((rc = mc__store_key_insert(app->db, &row, err)))
		return rc;
	if (did_key && (rc = mc__store_issuer_set_did(app->db, is->id, is->did, now, err)))
		return rc;
	if (c->out) {
		c->out->id = row.id;
		c->out->type = row.type;
		c->out->state = row.state;
		c->out->created_at = row.created_at;
		c->out->retired_at = NULL;
		c->out->public_json = NULL;
	}
	return 0;
}

int mc_issuer_rotate_key(struct mc_app *app, struct mc_arena *a, const char *issuer_ref, const char *key_type,
			 struct mc_issuer_key **new_key, struct mc_err *err)
{
	struct rotate_ctx c = {.a = a, .ref = issuer_ref, .key_type = key_type};
	if (new_key)
		c.out = *new_key = MC_ARENA_NEW(a, struct mc_issuer_key);
	return mc_app_tx(app, MC_TX_WRITE, rotate_tx, &c, err);
}

int mc_issuer_keys_json(struct mc_app *app, struct mc_arena *a, const struct mc_issuer *is, struct mc_json **out,
			struct mc_err *err)
{
	struct mc_issuer_key *keys;
	size_t n;
	int rc = mc_issuer_keys(app, a, is, &keys, &n, err);
	if (rc)
		return rc;
	struct mc_json *arr = mc_json_new_array(a);
	for (size_t i = 0; i < n; i++)
		mc_json_array_append(a, arr, keys[i].public_json);
	*out = arr;
	return 0;
}

int mc_issuer_did_document(struct mc_app *app, struct mc_arena *a, const struct mc_issuer *is,
			   struct mc_json **out, struct mc_err *err)
{
	struct mc_issuer_key *keys;
	size_t n;
	int rc = mc_issuer_keys(app, a, is, &keys, &n, err);
	if (rc)
		return rc;
	struct mc_key *k = mc_arena_alloc(a, (n ? n : 1) * sizeof(*k));
	const struct mc_key **kp = mc_arena_alloc(a, (n ? n : 1) * sizeof(*kp));
	size_t used = 0;
	for (size_t i = 0; i < n; i++) {
		mc_key_init(&k[used]);
		/* A did:key issuer's DID document names only its current key: older keys
		 * belong to the issuer's earlier DIDs, which resolve by themselves. */
		if (strncmp(keys[i].id, is->did, strlen(is->did)) != 0)
			continue;
		if ((rc = mc_key_from_json(&k[used], keys[i].public_json, err)))
			break;
		mc_key_set_id(&k[used], keys[i].id, is->did);
		kp[used] = &k[used];
		used++;
	}
	if (!rc)
		rc = mc_did_web_document(a, is->did, kp, used, out, err);
	for (size_t i = 0; i < used; i++)
		mc_key_release(&k[i]);
	return rc;
}

/* ---- staff ---- */

struct staff_ctx {
	struct mc_arena *a;
	const char *issuer_ref, *email, *name;
	enum mc_role role;
};

static int staff_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct staff_ctx *c = p;
	struct mc_issuer *is;
	struct mc_user *u;
	char now[32];
	int rc = mc_issuer_get(app, c->a, c->issuer_ref, &is, err);
	if (rc || (rc = mc_user_ensure(app, c->a, c->email, c->name, &u, err)))
		return rc;
	mc_app_now_text(app, now);
	return mc__store_staff_upsert(app->db, is->id, u->id, mc_role_name(c->role), now, err);
}

int mc_staff_set(struct mc_app *app, const char *issuer_ref, const char *email, const char *name, enum mc_role role,
		 struct mc_err *err)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct staff_ctx c = {.a = &a, .issuer_ref = issuer_ref, .email = email, .name = name, .role = role};
	int rc = mc_app_tx(app, MC_TX_WRITE, staff_tx, &c, err);
	mc_arena_release(&a);
	return rc;
}

int mc_staff_role(struct mc_app *app, const char *issuer_id, const char *user_id, enum mc_role *role,
		  struct mc_err *err)
{
	struct mc_arena a;
	char *r = NULL;
	mc_arena_init(&a, 0);
	int rc = mc__store_staff_role(app->db, &a, issuer_id, user_id, &r, err);
	*role = MC_ROLE_NONE;
	if (!rc && r)
		mc_role_parse(r, role, NULL);
	mc_arena_release(&a);
	return rc;
}

int mc_user_is_staff(struct mc_app *app, const char *user_id, bool *is_staff, struct mc_err *err)
{
	int64_t n = 0;
	int rc = mc__store_staff_count(app->db, user_id, &n, err);
	*is_staff = n > 0;
	return rc;
}
