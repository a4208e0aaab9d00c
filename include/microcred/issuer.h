/* Issuers (OB 3.0 Profiles), their signing keys with rotation, their staff, and
 * users (learners and staff). Services of src/app/issuers.c and src/app/users.c.
 *
 * An issuer's identifier is a DID that resolves: did:web under the installation's
 * base URL (did:web:badges.example.edu:issuers:<slug>, document served at
 * /issuers/<slug>/did.json) when the base URL is https, else did:key. Keys rotate:
 * the active key signs; retired keys stay listed (and authorised for
 * assertionMethod) so that credentials they signed keep verifying. A did:key issuer
 * *is* its key, so rotating it gives the issuer a new DID; old credentials keep
 * their old did:key issuer, which still resolves. */
#ifndef MICROCRED_ISSUER_H
#define MICROCRED_ISSUER_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "json.h"
#include "keys.h"

struct mc_user {
	const char *id;
	const char *email;
	const char *name;
	const char *did; /* may be NULL */
	bool is_admin;
	const char *created_at;
};

/* Finds the user with this email (case-insensitive), or creates one with name. */
int mc_user_ensure(struct mc_app *app, struct mc_arena *a, const char *email, const char *name,
		   struct mc_user **out, struct mc_err *err);
/* By id or email. */
int mc_user_get(struct mc_app *app, struct mc_arena *a, const char *id_or_email, struct mc_user **out,
		struct mc_err *err);
int mc_user_set_did(struct mc_app *app, const char *user_id, const char *did, struct mc_err *err);
/* Checks an email address's shape; the message says what is wrong. */
int mc_email_check(const char *email, struct mc_err *err);

struct mc_issuer {
	const char *id;
	const char *slug;
	const char *name;
	const char *url;
	const char *email;
	const char *country;
	const char *region;
	const char *description;
	const char *image;
	const char *did;
	bool issue_jwt;
	const char *created_at;
	const char *updated_at;
};

struct mc_issuer_input {
	const char *name; /* required */
	const char *slug; /* NULL: from the name */
	const char *url;
	const char *email;
	const char *country;
	const char *region;
	const char *description;
	const char *image;
	const char *did_method; /* "web", "key", or NULL: web when the base URL is https */
	const char *key_type;   /* "ed25519" (default); eddsa-rdfc-2022 needs Ed25519 */
	bool issue_jwt;
	const char *owner_email; /* optional: made owner (created as a user if needed) */
};

int mc_issuer_create(struct mc_app *app, struct mc_arena *a, const struct mc_issuer_input *in,
		     struct mc_issuer **out, struct mc_err *err);
/* By id, slug or DID. */
int mc_issuer_get(struct mc_app *app, struct mc_arena *a, const char *ref, struct mc_issuer **out,
		  struct mc_err *err);
int mc_issuer_list(struct mc_app *app, struct mc_arena *a, struct mc_issuer ***out, size_t *n, struct mc_err *err);

/* The issuer's public profile URL: <base>/issuers/<slug>. */
char *mc_issuer_url(struct mc_app *app, struct mc_arena *a, const struct mc_issuer *is);
/* The OB 3.0 Profile embedded in credentials: {id, type: ["Profile"], name, url?,
 * email?, description?, image?, address?}. */
int mc_issuer_profile_json(struct mc_app *app, struct mc_arena *a, const struct mc_issuer *is,
			   struct mc_json **out, struct mc_err *err);

struct mc_issuer_key {
	const char *id; /* verification method id */
	const char *type;
	const char *state; /* "active" | "retired" */
	const char *created_at;
	const char *retired_at;
	const struct mc_json *public_json; /* Multikey / JsonWebKey document */
};

int mc_issuer_keys(struct mc_app *app, struct mc_arena *a, const struct mc_issuer *is, struct mc_issuer_key **out,
		   size_t *n, struct mc_err *err);
/* The active signing key, with its secret, id and controller set. Release with
 * mc_key_release. */
int mc_issuer_signing_key(struct mc_app *app, const struct mc_issuer *is, struct mc_key *key, struct mc_err *err);
/* Retires the active key and makes a new one (same type unless key_type says). For
 * a did:key issuer the DID changes with it. */
int mc_issuer_rotate_key(struct mc_app *app, struct mc_arena *a, const char *issuer_ref, const char *key_type,
			 struct mc_issuer_key **new_key, struct mc_err *err);
/* Current and retired verification methods as a JSON array of Multikey/JsonWebKey
 * documents with controller — the shape `verify.mjs --keys` and `microcred verify
 * --keys` accept. */
int mc_issuer_keys_json(struct mc_app *app, struct mc_arena *a, const struct mc_issuer *is, struct mc_json **out,
			struct mc_err *err);
/* The issuer's DID document (did:web issuers: what /issuers/<slug>/did.json serves):
 * every key under verificationMethod and assertionMethod. */
int mc_issuer_did_document(struct mc_app *app, struct mc_arena *a, const struct mc_issuer *is,
			   struct mc_json **out, struct mc_err *err);

enum mc_role {
	MC_ROLE_NONE = 0,
	MC_ROLE_ASSESSOR,
	MC_ROLE_EDITOR,
	MC_ROLE_OWNER,
};
const char *mc_role_name(enum mc_role r);
int mc_role_parse(const char *s, enum mc_role *r, struct mc_err *err);
/* Adds or changes a staff member (the user is created from the email if needed). */
int mc_staff_set(struct mc_app *app, const char *issuer_ref, const char *email, const char *name, enum mc_role role,
		 struct mc_err *err);
/* The user's role at the issuer (MC_ROLE_NONE when not staff). */
int mc_staff_role(struct mc_app *app, const char *issuer_id, const char *user_id, enum mc_role *role,
		  struct mc_err *err);

/* True when the user has a role at any issuer (for showing the issuer console). */
int mc_user_is_staff(struct mc_app *app, const char *user_id, bool *is_staff, struct mc_err *err);

#endif
