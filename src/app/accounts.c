/* Accounts: passwords (Argon2id), sessions, API tokens. See
 * include/microcred/account.h. */
#include "store/accounts.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "microcred/account.h"
#include "microcred/encoding.h"

#include "store/issuers.h"

/* ---- passwords ---- */

struct pw_limits {
	unsigned long long ops;
	size_t mem;
};

/* The limits new hashes are made with: moderate, unless the environment
 * (MICROCRED_PASSWORD_LIMITS=interactive|moderate|sensitive) says otherwise — the
 * test suites and demos use interactive to keep each hash near 0.1 s instead of 1 s
 * and 256 MiB. A hash made with other limits is rehashed at the next log-in. */
static struct pw_limits pw_limits(void)
{
	const char *e = getenv("MICROCRED_PASSWORD_LIMITS");
	if (e && strcmp(e, "interactive") == 0)
		return (struct pw_limits){crypto_pwhash_OPSLIMIT_INTERACTIVE,
		                          crypto_pwhash_MEMLIMIT_INTERACTIVE};
	if (e && strcmp(e, "sensitive") == 0)
		return (struct pw_limits){crypto_pwhash_OPSLIMIT_SENSITIVE, crypto_pwhash_MEMLIMIT_SENSITIVE};
	return (struct pw_limits){crypto_pwhash_OPSLIMIT_MODERATE, crypto_pwhash_MEMLIMIT_MODERATE};
}

/* The most common passwords of public breach lists that pass the length rule, and
 * the classics below it (kept so the list stands on its own if the minimum ever
 * drops). Compared case-insensitively. */
static const char *const common_passwords[] = {
    "1234567890",       "12345678910",   "123456789a",   "1234567891",   "0123456789",   "0987654321",
    "9876543210",       "1111111111",    "0000000000",   "1212121212",   "1122334455",   "1234554321",
    "1q2w3e4r5t",       "1q2w3e4r5t6y",  "q1w2e3r4t5",   "qwertyuiop",   "qwerty1234",   "qwerty12345",
    "qwerty123456",     "qwertyuiop1",   "asdfghjkl1",   "asdfghjkl;",   "zxcvbnm123",   "1qaz2wsx3edc",
    "zaq12wsxcde3",     "1qazxsw23edc",  "qazwsxedcrfv", "password12",   "password123",  "password1234",
    "password12345",    "password1!",    "password01",   "passw0rd123",  "p@ssw0rd123",  "p@ssword123",
    "passwordpassword", "mypassword",    "mypassword1",  "iloveyou12",   "iloveyou123",  "iloveyou1234",
    "letmein123",       "letmeinplease", "welcome123",   "welcome1234",  "welcome2024",  "welcome2025",
    "welcome2026",      "administrator", "admin12345",   "admin123456",  "adminadmin",   "changeme123",
    "changeme1234",     "football123",   "baseball123",  "basketball",   "basketball1",  "superman123",
    "princess123",      "sunshine123",   "starwars123",  "pokemon123",   "computer123",  "internet123",
    "abcdefghij",       "abcd123456",    "abc1234567",   "abcdef123456", "a123456789",   "aa12345678",
    "qwe1234567",       "trustno1234",   "michael123",   "jennifer123",  "jordan2323",   "charlie123",
    "monkey1234",       "dragon1234",    "master1234",   "summer2024",   "summer2025",   "summer2026",
    "winter2025",       "spring2026",    "autumn2025",   "microcred1",   "microcred123", "microcredential",
    "123456",           "password",      "12345678",     "qwerty",       "123456789",    "12345",
    "111111",           "1234567",       "iloveyou",     "123123",
};

int mc_password_check(const char *password, struct mc_err *err)
{
	size_t n = password ? strlen(password) : 0;
	if (n == 0)
		return mc_err_set(err, MC_EINVAL, "password: a password is required (at least %d characters)",
		                  MC_PASSWORD_MIN);
	if (n < MC_PASSWORD_MIN)
		return mc_err_set(
		    err, MC_EINVAL,
		    "password: too short (%zu characters); use at least %d, e.g. a few unrelated words", n,
		    MC_PASSWORD_MIN);
	if (n > MC_PASSWORD_MAX)
		return mc_err_set(err, MC_EINVAL, "password: too long (%zu bytes); use at most %d", n,
		                  MC_PASSWORD_MAX);
	for (size_t i = 0; i < sizeof common_passwords / sizeof common_passwords[0]; i++)
		if (strcasecmp(password, common_passwords[i]) == 0)
			return mc_err_set(
			    err, MC_EINVAL,
			    "password: this is one of the most common passwords and is guessed first; "
			    "choose another");
	bool same = true; /* "aaaaaaaaaa" */
	for (size_t i = 1; i < n && same; i++)
		same = password[i] == password[0];
	if (same)
		return mc_err_set(err, MC_EINVAL,
		                  "password: one character repeated is guessed at once; choose another");
	return 0;
}

static int ensure_sodium(struct mc_err *err)
{
	if (sodium_init() < 0)
		return mc_err_set(err, MC_EIO, "libsodium could not start (no entropy source?)");
	return 0;
}

static int hash_with(const char *password, struct pw_limits l, char out[MC_PASSWORD_HASH_MAX],
                     struct mc_err *err)
{
	_Static_assert(crypto_pwhash_STRBYTES <= MC_PASSWORD_HASH_MAX, "hash buffer too small");
	int rc = ensure_sodium(err);
	if (rc)
		return rc;
	if (crypto_pwhash_str(out, password, strlen(password), l.ops, l.mem) != 0)
		return mc_err_set(err, MC_ENOMEM,
		                  "could not hash the password: Argon2id needs %zu MiB of memory",
		                  l.mem >> 20);
	return 0;
}

int mc_password_hash(const char *password, char out[MC_PASSWORD_HASH_MAX], struct mc_err *err)
{
	return hash_with(password, pw_limits(), out, err);
}

int mc_password_verify(const char *hash, const char *password, bool *needs_rehash, struct mc_err *err)
{
	int rc = ensure_sodium(err);
	if (rc)
		return rc;
	if (!hash || strncmp(hash, "$argon2id$", 10) != 0 || strlen(hash) >= crypto_pwhash_STRBYTES)
		return mc_err_set(err, MC_EINVAL, "the stored password hash is not an Argon2id hash");
	/* crypto_pwhash_str_verify recomputes the hash and compares in constant time. */
	if (crypto_pwhash_str_verify(hash, password, strlen(password)) != 0)
		return mc_err_set(err, MC_EAUTH, "wrong email or password");
	if (needs_rehash) {
		struct pw_limits l = pw_limits();
		*needs_rehash = crypto_pwhash_str_needs_rehash(hash, l.ops, l.mem) != 0;
	}
	return 0;
}

/* A hash of a random password, made once: unknown emails are checked against it
 * so that they cost as much time as wrong passwords. */
static char dummy_hash[MC_PASSWORD_HASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static void make_dummy(void)
{
	unsigned char r[16];
	char pw[40];
	randombytes_buf(r, sizeof r);
	for (size_t i = 0; i < sizeof r; i++)
		snprintf(pw + 2 * i, 3, "%02x", r[i]);
	if (hash_with(pw, pw_limits(), dummy_hash, NULL))
		dummy_hash[0] = 0;
	sodium_memzero(pw, sizeof pw);
}

/* ---- helpers ---- */

static void time_text(struct mc_time t, char out[32])
{
	struct mc_buf b;
	t.nsec = 0;
	t.frac_digits = 0;
	t.offset = 0;
	mc_buf_init(&b, 31);
	mc_time_format(&b, &t);
	snprintf(out, 32, "%s", b.ptr);
	mc_buf_release(&b);
}

/* Hex SHA-256 of a secret, for lookup by hash. */
static void secret_hash(const char *secret, char out[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, (const unsigned char *)secret, strlen(secret));
	for (size_t i = 0; i < sizeof h; i++)
		snprintf(out + 2 * i, 3, "%02x", h[i]);
	sodium_memzero(h, sizeof h);
}

/* 32 random bytes, base64url without padding (43 characters), after prefix. */
static char *random_secret(struct mc_arena *a, const char *prefix)
{
	unsigned char r[32];
	struct mc_buf b;
	randombytes_buf(r, sizeof r);
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_buf_append(&b, prefix, strlen(prefix));
	mc_base64url_encode(&b, r, sizeof r);
	char *s = mc_arena_strdup(a, b.ptr);
	sodium_memzero(r, sizeof r);
	sodium_memzero(b.ptr, b.len);
	mc_buf_release(&b);
	return s;
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			return false;
	return true;
}

/* ---- accounts ---- */

struct signup_ctx {
	struct mc_arena *a;
	const struct mc_signup_input *in;
	const char *hash;
	struct mc_user *user;
};

static int signup_tx(struct mc_app *app, void *vc, struct mc_err *err)
{
	struct signup_ctx *c = vc;
	struct mc_user *u;
	int rc = mc__store_user_find(app->db, c->a, c->in->email, &u, err);
	if (rc == 0)
		return mc_err_set(
		    err, MC_EEXIST,
		    "email: there is already an account for %s; log in, or ask an administrator to "
		    "set its password",
		    c->in->email);
	if (rc != MC_ENOTFOUND)
		return rc;
	char now[32];
	mc_app_now_text(app, now);
	u = MC_ARENA_NEW(c->a, struct mc_user);
	u->id = mc_app_new_id(c->a);
	u->email = c->in->email;
	u->name = c->in->name;
	u->created_at = mc_arena_strdup(c->a, now);
	if ((rc = mc__store_user_insert(app->db, u, err)) == MC_EEXIST)
		return mc_err_set(err, MC_EEXIST, "email: there is already an account for %s; log in",
		                  c->in->email);
	if (rc || (rc = mc__store_password_set(app->db, u->id, c->hash, now, err)))
		return rc;
	c->user = u;
	return 0;
}

int mc_account_signup(struct mc_app *app, struct mc_arena *a, const struct mc_signup_input *in,
                      struct mc_user **out, struct mc_err *err)
{
	int rc = mc_email_check(in->email, err);
	if (rc)
		return mc_err_prefix(err, "email");
	if (blank(in->name))
		return mc_err_set(err, MC_EINVAL,
		                  "name: your name is required (as it should appear on your badges)");
	if (strlen(in->name) > 200)
		return mc_err_set(err, MC_EINVAL, "name: too long (%zu characters); use at most 200",
		                  strlen(in->name));
	if ((rc = mc_password_check(in->password, err)))
		return rc;
	if (strcasecmp(in->password, in->email) == 0)
		return mc_err_set(err, MC_EINVAL, "password: must not be your email address");
	char hash[MC_PASSWORD_HASH_MAX];
	if ((rc = mc_password_hash(in->password, hash, err)))
		return rc;
	struct signup_ctx c = {.a = a, .in = in, .hash = hash};
	rc = mc_app_tx(app, MC_TX_WRITE, signup_tx, &c, err);
	sodium_memzero(hash, sizeof hash);
	if (rc)
		return rc;
	/* Read it back: the email is stored lower-cased. */
	return mc__store_user_find(app->db, a, c.user->id, out, err);
}

int mc_account_authenticate(struct mc_app *app, struct mc_arena *a, const char *email, const char *password,
                            struct mc_user **out, struct mc_err *err)
{
	struct mc_user *u = NULL;
	char *hash = NULL;
	int rc = ensure_sodium(err);
	if (rc)
		return rc;
	if (!email || !password || !*email || !*password || strlen(password) > MC_PASSWORD_MAX)
		return mc_err_set(err, MC_EAUTH, "wrong email or password");
	rc = mc__store_user_find(app->db, a, email, &u, err);
	if (rc && rc != MC_ENOTFOUND)
		return rc;
	if (!rc && (rc = mc__store_password_get(app->db, a, u->id, &hash, err)))
		return rc;
	if (!hash) {
		/* Same work as a real check, so timing does not tell which emails exist. */
		pthread_once(&dummy_once, make_dummy);
		if (dummy_hash[0] && crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
			hash = NULL; /* a random password was guessed: still no account */
		return mc_err_set(err, MC_EAUTH, "wrong email or password");
	}
	bool rehash = false;
	struct mc_err e2 = {0};
	rc = mc_password_verify(hash, password, &rehash, &e2);
	if (rc == MC_EAUTH || rc == MC_EINVAL)
		return mc_err_set(err, MC_EAUTH, "wrong email or password");
	if (rc)
		return mc_err_set(err, rc, "%s", e2.msg);
	if (rehash) {
		/* Best effort: the log-in succeeds even when the new hash cannot be saved. */
		char h[MC_PASSWORD_HASH_MAX], now[32];
		mc_app_now_text(app, now);
		if (!mc_password_hash(password, h, &e2))
			(void)mc__store_password_set(app->db, u->id, h, now, &e2);
		sodium_memzero(h, sizeof h);
	}
	*out = u;
	return 0;
}

int mc_account_get(struct mc_app *app, struct mc_arena *a, const char *id_or_email, struct mc_account **out,
                   struct mc_err *err)
{
	struct mc_user *u;
	char *hash;
	int rc = mc_user_get(app, a, id_or_email, &u, err);
	if (rc)
		return rc;
	struct mc_account *acc = MC_ARENA_NEW(a, struct mc_account);
	acc->user = *u;
	if ((rc = mc__store_password_get(app->db, a, u->id, &hash, err)) ||
	    (rc = mc__store_user_public_profile(app->db, u->id, &acc->public_profile, err)))
		return rc;
	acc->has_password = hash != NULL;
	*out = acc;
	return 0;
}

int mc_account_update(struct mc_app *app, const char *user_id, const struct mc_account_update *in,
                      struct mc_err *err)
{
	if (in->name && blank(in->name))
		return mc_err_set(err, MC_EINVAL,
		                  "name: your name is required (as it should appear on your badges)");
	if (in->name && strlen(in->name) > 200)
		return mc_err_set(err, MC_EINVAL, "name: too long (%zu characters); use at most 200",
		                  strlen(in->name));
	if (in->did && *in->did) {
		if (strncmp(in->did, "did:", 4) != 0 || strlen(in->did) < 8 || strlen(in->did) > 2048)
			return mc_err_set(err, MC_EINVAL,
			                  "did: '%.80s' is not a DID; it starts with did: and a method, e.g. "
			                  "did:key:z6Mk...",
			                  in->did);
		for (const char *p = in->did; *p; p++)
			if ((unsigned char)*p <= ' ')
				return mc_err_set(err, MC_EINVAL,
				                  "did: a DID has no spaces or control characters");
	}
	if (in->public_profile < -1 || in->public_profile > 1)
		return mc_err_set(err, MC_EINVAL, "public_profile: must be 0 or 1");
	int rc = mc__store_user_update(app->db, user_id, in->name, in->did, in->did != NULL,
	                               in->public_profile, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(err, MC_ENOTFOUND, "no user '%s'", user_id);
	return rc;
}

struct setpw_ctx {
	const char *user_id;
	const char *hash;
	const char *keep_hash; /* NULL = end every session */
};

static int setpw_tx(struct mc_app *app, void *vc, struct mc_err *err)
{
	struct setpw_ctx *c = vc;
	char now[32];
	mc_app_now_text(app, now);
	int rc = mc__store_password_set(app->db, c->user_id, c->hash, now, err);
	return rc ? rc : mc__store_session_delete_user(app->db, c->user_id, c->keep_hash, err);
}

int mc_account_change_password(struct mc_app *app, const char *user_id, const char *current,
                               const char *new_password, const char *keep_session_token, struct mc_err *err)
{
	struct mc_arena a;
	char *hash = NULL;
	mc_arena_init(&a, 1024);
	int rc = mc__store_password_get(app->db, &a, user_id, &hash, err);
	if (!rc && hash && (rc = mc_password_verify(hash, current ? current : "", NULL, err)) == MC_EAUTH)
		mc_err_set(err, MC_EAUTH, "current_password: that is not your current password");
	if (!rc && (rc = mc_password_check(new_password, err)) == 0) {
		char h[MC_PASSWORD_HASH_MAX], keep[65];
		if (keep_session_token)
			secret_hash(keep_session_token, keep);
		if (!(rc = mc_password_hash(new_password, h, err))) {
			struct setpw_ctx c = {user_id, h, keep_session_token ? keep : NULL};
			rc = mc_app_tx(app, MC_TX_WRITE, setpw_tx, &c, err);
		}
		sodium_memzero(h, sizeof h);
	}
	mc_arena_release(&a);
	return rc;
}

int mc_account_set_password(struct mc_app *app, const char *id_or_email, const char *password,
                            struct mc_err *err)
{
	struct mc_arena a;
	struct mc_user *u;
	mc_arena_init(&a, 1024);
	int rc = mc_user_get(app, &a, id_or_email, &u, err);
	if (!rc)
		rc = mc_password_check(password, err);
	if (!rc) {
		char h[MC_PASSWORD_HASH_MAX];
		if (!(rc = mc_password_hash(password, h, err))) {
			struct setpw_ctx c = {u->id, h, NULL};
			rc = mc_app_tx(app, MC_TX_WRITE, setpw_tx, &c, err);
		}
		sodium_memzero(h, sizeof h);
	}
	mc_arena_release(&a);
	return rc;
}

struct setpws_ctx {
	const char *const *refs;
	size_t n;
	const char *hash;
};

static int setpws_tx(struct mc_app *app, void *vc, struct mc_err *err)
{
	struct setpws_ctx *c = vc;
	struct mc_arena a;
	int rc = 0;
	mc_arena_init(&a, 1024);
	for (size_t i = 0; i < c->n && !rc; i++) {
		struct mc_user *u;
		if (!(rc = mc_user_get(app, &a, c->refs[i], &u, err))) {
			struct setpw_ctx one = {u->id, c->hash, NULL};
			rc = setpw_tx(app, &one, err);
		}
	}
	mc_arena_release(&a);
	return rc;
}

int mc_account_set_passwords(struct mc_app *app, const char *const *ids_or_emails, size_t n,
                             const char *password, struct mc_err *err)
{
	char h[MC_PASSWORD_HASH_MAX];
	int rc = mc_password_check(password, err);
	if (rc || (rc = mc_password_hash(password, h, err)))
		return rc;
	struct setpws_ctx c = {ids_or_emails, n, h};
	rc = mc_app_tx(app, MC_TX_WRITE, setpws_tx, &c, err);
	sodium_memzero(h, sizeof h);
	return rc;
}

/* ---- sessions ---- */

/* The session's expiry when used at now: idle expiry, capped by the maximum age. */
static void session_expiry(struct mc_time now, const char *created_at, char out[32])
{
	struct mc_time t = mc_time_from_unix(now.sec + MC_SESSION_IDLE_SECS), c;
	if (created_at && !mc_time_parse(&c, created_at, strlen(created_at), NULL) &&
	    c.sec + MC_SESSION_MAX_SECS < t.sec)
		t = mc_time_from_unix(c.sec + MC_SESSION_MAX_SECS);
	time_text(t, out);
}

int mc_session_create(struct mc_app *app, struct mc_arena *a, const char *user_id, char **token,
                      struct mc_session **out, struct mc_err *err)
{
	int rc = ensure_sodium(err);
	if (rc)
		return rc;
	struct mc_time now = mc_app_now(app);
	char now_text[32], exp[32], h[65];
	time_text(now, now_text);
	session_expiry(now, NULL, exp);
	char *t = random_secret(a, "");
	secret_hash(t, h);
	if ((rc = mc__store_session_insert(app->db, h, user_id, now_text, exp, err)))
		return rc;
	*token = t;
	if (out)
		return mc__store_session_find(app->db, a, h, now_text, out, err);
	return 0;
}

/* A cookie value can only be one of ours if it has our shape: anything else is
 * refused before touching the database. */
static bool token_shape(const char *t, const char *prefix, size_t len)
{
	size_t pl = strlen(prefix);
	if (!t || strlen(t) != len || strncmp(t, prefix, pl) != 0)
		return false;
	for (const char *p = t + pl; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_')
			return false;
	return true;
}

int mc_session_lookup(struct mc_app *app, struct mc_arena *a, const char *token, struct mc_session **out,
                      struct mc_err *err)
{
	if (!token_shape(token, "", MC_SESSION_TOKEN_LEN))
		return mc_err_set(err, MC_ENOTFOUND, "no such session");
	char h[65], now_text[32];
	struct mc_time now = mc_app_now(app);
	time_text(now, now_text);
	secret_hash(token, h);
	int rc = mc__store_session_find(app->db, a, h, now_text, out, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(err, MC_ENOTFOUND, "the session has ended or expired; log in again");
	if (rc)
		return rc;
	/* Record the use at most once a minute: a page view is not a database write. */
	struct mc_time seen;
	const char *ls = (*out)->last_seen_at;
	if (mc_time_parse(&seen, ls, strlen(ls), NULL) || now.sec - seen.sec >= 60) {
		char exp[32];
		session_expiry(now, (*out)->created_at, exp);
		struct mc_err e2 = {0};
		if (!mc__store_session_touch(app->db, h, now_text, exp, &e2)) {
			(*out)->last_seen_at = mc_arena_strdup(a, now_text);
			(*out)->expires_at = mc_arena_strdup(a, exp);
		}
	}
	return 0;
}

int mc_session_end(struct mc_app *app, const char *token, struct mc_err *err)
{
	if (!token_shape(token, "", MC_SESSION_TOKEN_LEN))
		return 0;
	char h[65];
	secret_hash(token, h);
	return mc__store_session_delete(app->db, h, err);
}

int mc_session_end_all(struct mc_app *app, const char *user_id, const char *keep_token, struct mc_err *err)
{
	char h[65];
	if (keep_token)
		secret_hash(keep_token, h);
	return mc__store_session_delete_user(app->db, user_id, keep_token ? h : NULL, err);
}

int mc_session_purge(struct mc_app *app, size_t *n, struct mc_err *err)
{
	char now[32];
	mc_app_now_text(app, now);
	return mc__store_session_purge(app->db, now, n, err);
}

/* ---- API tokens ---- */

struct token_ctx {
	struct mc_arena *a;
	const struct mc_api_token_input *in;
	struct mc_api_token *t;
	const char *hash;
};

static int token_tx(struct mc_app *app, void *vc, struct mc_err *err)
{
	struct token_ctx *c = vc;
	return mc__store_token_insert(app->db, c->t, c->hash, err);
}

int mc_api_token_create(struct mc_app *app, struct mc_arena *a, const struct mc_api_token_input *in,
                        char **secret, struct mc_api_token **out, struct mc_err *err)
{
	struct mc_issuer *is;
	int rc = ensure_sodium(err);
	if (rc || (rc = mc_issuer_get(app, a, in->issuer_ref, &is, err)))
		return rc;
	if (in->role != MC_ROLE_ASSESSOR && in->role != MC_ROLE_EDITOR && in->role != MC_ROLE_OWNER)
		return mc_err_set(err, MC_EINVAL, "role: a token needs a role: assessor, editor or owner");
	if (blank(in->name))
		return mc_err_set(err, MC_EINVAL,
		                  "name: say what the token is for, e.g. --name \"SIS integration\"");
	if (strlen(in->name) > 200)
		return mc_err_set(err, MC_EINVAL, "name: too long (%zu characters); use at most 200",
		                  strlen(in->name));
	char *user_id = NULL;
	if (in->user_ref) {
		struct mc_user *u;
		enum mc_role r;
		if ((rc = mc_user_get(app, a, in->user_ref, &u, err)) ||
		    (rc = mc_staff_role(app, is->id, u->id, &r, err)))
			return rc;
		if (r == MC_ROLE_NONE && !u->is_admin)
			return mc_err_set(
			    err, MC_EAUTH,
			    "user: %s is not staff of %s; a token acts for a member of its staff "
			    "(microcred staff add)",
			    u->email, is->slug);
		user_id = (char *)u->id;
	} else if ((rc = mc__store_first_owner(app->db, a, is->id, &user_id, err))) {
		if (rc == MC_ENOTFOUND)
			return mc_err_set(
			    err, MC_EINVAL,
			    "issuer %s has no owner for the token to act for; name a staff member with "
			    "--user EMAIL or add an owner (microcred staff add)",
			    is->slug);
		return rc;
	}
	char now[32], h[65];
	mc_app_now_text(app, now);
	struct mc_api_token *t = MC_ARENA_NEW(a, struct mc_api_token);
	char *s = random_secret(a, "mc_");
	secret_hash(s, h);
	t->id = mc_app_new_id(a);
	t->issuer_id = is->id;
	t->issuer_slug = is->slug;
	t->role = in->role;
	t->name = in->name;
	t->prefix = mc_arena_strndup(a, s, 11);
	t->user_id = user_id;
	t->created_at = mc_arena_strdup(a, now);
	struct token_ctx c = {a, in, t, h};
	if ((rc = mc_app_tx(app, MC_TX_WRITE, token_tx, &c, err)))
		return rc;
	*secret = s;
	if (out)
		return mc__store_token_find(app->db, a, h, out, err);
	return 0;
}

int mc_api_token_list(struct mc_app *app, struct mc_arena *a, const char *issuer_ref,
                      struct mc_api_token ***out, size_t *n, struct mc_err *err)
{
	struct mc_issuer *is;
	int rc = mc_issuer_get(app, a, issuer_ref, &is, err);
	return rc ? rc : mc__store_token_list(app->db, a, is->id, out, n, err);
}

int mc_api_token_revoke(struct mc_app *app, const char *issuer_ref, const char *token_ref, struct mc_err *err)
{
	struct mc_arena a;
	struct mc_issuer *is;
	mc_arena_init(&a, 1024);
	int rc = mc_issuer_get(app, &a, issuer_ref, &is, err);
	if (!rc) {
		char now[32];
		mc_app_now_text(app, now);
		rc = mc__store_token_revoke(app->db, is->id, token_ref ? token_ref : "", now, err);
		if (rc == MC_ENOTFOUND)
			mc_err_set(
			    err, MC_ENOTFOUND,
			    "issuer %s has no live token '%s'; `microcred token list %s` shows id and prefix",
			    is->slug, token_ref ? token_ref : "", is->slug);
	}
	mc_arena_release(&a);
	return rc;
}

int mc_api_token_authenticate(struct mc_app *app, struct mc_arena *a, const char *secret,
                              struct mc_api_token **out, struct mc_err *err)
{
	if (!token_shape(secret, "mc_", MC_API_TOKEN_LEN))
		return mc_err_set(err, MC_EAUTH, "the bearer token is not a microcred API token (mc_...)");
	int rc = ensure_sodium(err);
	if (rc)
		return rc;
	char h[65];
	secret_hash(secret, h);
	struct mc_api_token *t;
	rc = mc__store_token_find(app->db, a, h, &t, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(err, MC_EAUTH, "the bearer token is unknown");
	if (rc)
		return rc;
	if (t->revoked_at)
		return mc_err_set(err, MC_EAUTH, "the bearer token %s... was revoked at %s", t->prefix,
		                  t->revoked_at);
	struct mc_time now = mc_app_now(app), used;
	if (!t->last_used_at || mc_time_parse(&used, t->last_used_at, strlen(t->last_used_at), NULL) ||
	    now.sec - used.sec >= 60) {
		char now_text[32];
		struct mc_err e2 = {0};
		time_text(now, now_text);
		(void)mc__store_token_touch(app->db, t->id, now_text, &e2);
	}
	*out = t;
	return 0;
}
