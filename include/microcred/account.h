/* Accounts: passwords, sessions and API tokens. Services of src/app/accounts.c,
 * rows in src/store/accounts.c, tables in sql/061_accounts.sql.
 *
 * Passwords are hashed with Argon2id (libsodium crypto_pwhash_str, "moderate"
 * limits: 3 passes, 256 MiB). A stored hash made with other limits is rehashed at
 * the next successful log-in. Policy: 10 to 1024 bytes, not one of the 100 most
 * common passwords. Log-in failures say "wrong email or password" whether the
 * email is unknown or the password wrong, and cost the same time in both cases.
 *
 * Sessions: the cookie value is 32 random bytes (base64url, 43 characters); the
 * database keeps only its SHA-256 (hex), so a copy of the database does not let
 * anyone log in. A session expires MC_SESSION_IDLE_SECS after it was last used,
 * and MC_SESSION_MAX_SECS after it was created, whichever comes first; its
 * last-seen time is written at most once a minute.
 *
 * API tokens, for issuers' systems: "mc_" + 43 base64url characters, shown once
 * when created, stored as SHA-256 (hex). Each is scoped to one issuer and one role
 * (assessor, editor, owner) and acts for a user (who created it, or the issuer's
 * first owner). Revoked tokens stay listed.
 *
 * Secrets (passwords, session ids, tokens) are wiped after use where this code
 * copied them, compared in constant time, and never put in messages. */
#ifndef MICROCRED_ACCOUNT_H
#define MICROCRED_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "app.h"
#include "issuer.h"

#define MC_PASSWORD_MIN 10
#define MC_PASSWORD_MAX 1024
/* Long enough for any crypto_pwhash_str() result (crypto_pwhash_STRBYTES). */
#define MC_PASSWORD_HASH_MAX 128

#define MC_SESSION_IDLE_SECS (14 * 24 * 3600)
#define MC_SESSION_MAX_SECS (90 * 24 * 3600)
/* Length of a session cookie value and of an API token ("mc_" + 43). */
#define MC_SESSION_TOKEN_LEN 43
#define MC_API_TOKEN_LEN 46

/* ---- passwords ---- */

/* 0 when password satisfies the policy; MC_EINVAL with a message saying what to
 * change otherwise (never quoting the password). */
int mc_password_check(const char *password, struct mc_err *err);
/* Hashes password (Argon2id, moderate limits) into out (NUL-terminated). */
int mc_password_hash(const char *password, char out[MC_PASSWORD_HASH_MAX], struct mc_err *err);
/* Checks password against a stored hash: 0 when it matches (then *needs_rehash
 * tells whether the hash was made with other limits), MC_EAUTH when it does not,
 * MC_EINVAL when hash is not a hash this code understands. needs_rehash may be
 * NULL. */
int mc_password_verify(const char *hash, const char *password, bool *needs_rehash, struct mc_err *err);

/* ---- accounts ---- */

struct mc_account {
	struct mc_user user;
	bool has_password;
	bool public_profile; /* opted in to a public profile of verified badges */
};

struct mc_signup_input {
	const char *email;    /* required */
	const char *name;     /* required */
	const char *password; /* required: mc_password_check */
};

/* Creates a user with a password. MC_EEXIST when the email already has an account
 * (with or without password: an account created by staff is claimed through an
 * administrator, `microcred user passwd`, never by whoever signs up first).
 * Messages name the field ("email: ...", "name: ...", "password: ..."). */
int mc_account_signup(struct mc_app *app, struct mc_arena *a, const struct mc_signup_input *in,
                      struct mc_user **out, struct mc_err *err);
/* Checks email and password: the user on success, MC_EAUTH ("wrong email or
 * password") otherwise. Rehashes an outdated hash. */
int mc_account_authenticate(struct mc_app *app, struct mc_arena *a, const char *email, const char *password,
                            struct mc_user **out, struct mc_err *err);
/* By user id or email. */
int mc_account_get(struct mc_app *app, struct mc_arena *a, const char *id_or_email, struct mc_account **out,
                   struct mc_err *err);

struct mc_account_update {
	const char *name;   /* NULL = unchanged; must not be empty */
	const char *did;    /* NULL = unchanged; "" = remove; else must start with did: */
	int public_profile; /* -1 = unchanged, 0 or 1 */
};
int mc_account_update(struct mc_app *app, const char *user_id, const struct mc_account_update *in,
                      struct mc_err *err);
/* Changes the password after checking the current one (MC_EAUTH when wrong), and
 * ends every other session of the user (keep_session_token: the caller's own
 * session cookie value, or NULL to end them all). */
int mc_account_change_password(struct mc_app *app, const char *user_id, const char *current,
                               const char *new_password, const char *keep_session_token, struct mc_err *err);
/* Sets a password without knowing the old one (administrators, the CLI, the demo)
 * and ends the user's sessions. The user must exist (by id or email). */
int mc_account_set_password(struct mc_app *app, const char *id_or_email, const char *password,
                            struct mc_err *err);

/* The password of every account `microcred demo` creates (published: demo only). */
#define MC_DEMO_PASSWORD "demo-password-2026"
/* Sets one password for several users (by id or email) in one transaction, hashed
 * once: the accounts share a salt, which is acceptable only for a published
 * password such as the demo's. Their sessions end. */
int mc_account_set_passwords(struct mc_app *app, const char *const *ids_or_emails, size_t n,
                             const char *password, struct mc_err *err);

/* ---- sessions ---- */

struct mc_session {
	struct mc_user *user;
	bool public_profile; /* the user's */
	const char *created_at;
	const char *last_seen_at;
	const char *expires_at;
};

/* Starts a session for the user: *token (in a) is the cookie value, to be given to
 * the browser and nowhere else. */
int mc_session_create(struct mc_app *app, struct mc_arena *a, const char *user_id, char **token,
                      struct mc_session **out, struct mc_err *err);
/* The live session of a cookie value: MC_ENOTFOUND when there is none (unknown,
 * ended or expired). Records the use (at most once a minute). */
int mc_session_lookup(struct mc_app *app, struct mc_arena *a, const char *token, struct mc_session **out,
                      struct mc_err *err);
/* Ends the session of a cookie value (no error when there is none). */
int mc_session_end(struct mc_app *app, const char *token, struct mc_err *err);
/* Ends all sessions of the user except the one of keep_token (may be NULL). */
int mc_session_end_all(struct mc_app *app, const char *user_id, const char *keep_token, struct mc_err *err);
/* Deletes expired sessions; *n (may be NULL) = how many. */
int mc_session_purge(struct mc_app *app, size_t *n, struct mc_err *err);

/* ---- API tokens ---- */

struct mc_api_token {
	const char *id;
	const char *issuer_id;
	const char *issuer_slug;
	enum mc_role role;
	const char *name;
	const char *prefix; /* "mc_" + the first 8 characters: enough to recognise it */
	const char *user_id;
	const char *user_email;
	const char *created_at;
	const char *last_used_at; /* NULL = never used */
	const char *revoked_at;   /* NULL = live */
};

struct mc_api_token_input {
	const char *issuer_ref; /* id, slug or DID */
	enum mc_role role;      /* assessor, editor or owner */
	const char *name;       /* required: what it is for, e.g. "SIS integration" */
	const char *user_ref;   /* who it acts for (id or email, staff of the issuer);
	                           NULL = the issuer's first owner */
};

/* Creates a token: *secret (in a) is shown once and never stored. */
int mc_api_token_create(struct mc_app *app, struct mc_arena *a, const struct mc_api_token_input *in,
                        char **secret, struct mc_api_token **out, struct mc_err *err);
/* The issuer's tokens, newest first, revoked ones included. */
int mc_api_token_list(struct mc_app *app, struct mc_arena *a, const char *issuer_ref,
                      struct mc_api_token ***out, size_t *n, struct mc_err *err);
/* Revokes a token of the issuer named by id or prefix. MC_ENOTFOUND when none. */
int mc_api_token_revoke(struct mc_app *app, const char *issuer_ref, const char *token_ref,
                        struct mc_err *err);
/* The live token of a secret ("mc_..."): MC_EAUTH when unknown or revoked.
 * Records the use (at most once a minute). */
int mc_api_token_authenticate(struct mc_app *app, struct mc_arena *a, const char *secret,
                              struct mc_api_token **out, struct mc_err *err);

#endif
