/* Accounts on a real SQLite file: password policy and Argon2id hashing (including
 * rehash when the limits change), sign-up and log-in, sessions (hashed at rest,
 * idle and absolute expiry with an injected clock, ending them), password changes
 * ending other sessions, profile updates, and API tokens (hashed, scoped, revoked). */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "microcred/account.h"
#include "microcred/issuer.h"

static char path[256];

struct fx {
	struct mc_app app;
	struct mc_arena a;
	int64_t now; /* the injected clock, seconds */
};

static struct mc_time fx_clock(void *ctx)
{
	return mc_time_from_unix(((struct fx *)ctx)->now);
}

static void rm_db(void)
{
	char p[300];
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
}

static int setup(void **state)
{
	static int n;
	struct fx *f = calloc(1, sizeof(*f));
	struct mc_err err = {0};
	/* Fast hashes for the tests; the moderate default is checked separately. */
	setenv("MICROCRED_PASSWORD_LIMITS", "interactive", 1);
	snprintf(path, sizeof(path), "/tmp/mc-test-accounts-%d-%d.db", (int)getpid(), n++);
	rm_db();
	if (mc_app_open(&f->app, path, "http://127.0.0.1:8080", &err) != 0) {
		fprintf(stderr, "open: %s\n", err.msg);
		return -1;
	}
	f->now = 1767225600; /* 2026-01-01T00:00:00Z */
	f->app.clock = fx_clock;
	f->app.clock_ctx = f;
	mc_arena_init(&f->a, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	mc_arena_release(&f->a);
	mc_app_close(&f->app);
	free(f);
	rm_db();
	return 0;
}

static void password_policy(void **state)
{
	(void)state;
	struct mc_err err = {0};
	assert_int_equal(mc_password_check("correct horse battery", &err), 0);
	assert_int_equal(mc_password_check("", &err), MC_EINVAL);
	assert_int_equal(mc_password_check("short9", &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "too short"));
	assert_null(strstr(err.msg, "short9"));                              /* never quoted back */
	assert_int_equal(mc_password_check("Password123", &err), MC_EINVAL); /* common, any case */
	assert_non_null(strstr(err.msg, "most common"));
	assert_int_equal(mc_password_check("1234567890", &err), MC_EINVAL);
	assert_int_equal(mc_password_check("qwertyuiop", &err), MC_EINVAL);
	assert_int_equal(mc_password_check("zzzzzzzzzzzz", &err), MC_EINVAL);
	char *big = malloc(MC_PASSWORD_MAX + 2);
	memset(big, 'a', MC_PASSWORD_MAX + 1);
	big[MC_PASSWORD_MAX] = 'b';
	big[MC_PASSWORD_MAX + 1] = 0;
	assert_int_equal(mc_password_check(big, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "too long"));
	big[MC_PASSWORD_MAX - 1] = 'b';
	big[MC_PASSWORD_MAX] = 0;
	assert_int_equal(mc_password_check(big, &err), 0); /* exactly the maximum */
	free(big);
}

static void hashing_and_rehash(void **state)
{
	(void)state;
	struct mc_err err = {0};
	char h1[MC_PASSWORD_HASH_MAX], h2[MC_PASSWORD_HASH_MAX];
	bool rehash = true;
	setenv("MICROCRED_PASSWORD_LIMITS", "interactive", 1);
	assert_int_equal(mc_password_hash("correct horse battery", h1, &err), 0);
	assert_int_equal(strncmp(h1, "$argon2id$", 10), 0);
	assert_null(strstr(h1, "correct horse"));
	/* Salted: the same password hashes differently. */
	assert_int_equal(mc_password_hash("correct horse battery", h2, &err), 0);
	assert_string_not_equal(h1, h2);
	assert_int_equal(mc_password_verify(h1, "correct horse battery", &rehash, &err), 0);
	assert_false(rehash);
	assert_int_equal(mc_password_verify(h1, "correct horse batterY", NULL, &err), MC_EAUTH);
	assert_int_equal(mc_password_verify("plain", "plain", NULL, &err), MC_EINVAL);
	/* The limits change (interactive -> moderate): the old hash still verifies
	 * and asks to be rehashed. */
	setenv("MICROCRED_PASSWORD_LIMITS", "moderate", 1);
	assert_int_equal(mc_password_verify(h1, "correct horse battery", &rehash, &err), 0);
	assert_true(rehash);
	assert_non_null(strstr(h1, "m=65536,"));
	setenv("MICROCRED_PASSWORD_LIMITS", "interactive", 1);
}

static void signup_and_login(void **state)
{
	struct fx *f = *state;
	struct mc_err err = {0};
	struct mc_user *u, *v;
	struct mc_signup_input in = {"Ada@Example.org", "Ada Lovelace", "analytical engine 1843"};
	assert_int_equal(mc_account_signup(&f->app, &f->a, &in, &u, &err), 0);
	assert_string_equal(u->email, "ada@example.org");
	assert_string_equal(u->name, "Ada Lovelace");
	/* Twice: refused, naming the field. */
	assert_int_equal(mc_account_signup(&f->app, &f->a, &in, &u, &err), MC_EEXIST);
	assert_int_equal(strncmp(err.msg, "email: ", 7), 0);
	/* Bad fields: a specific message, nothing written. */
	struct mc_signup_input bad[] = {
	    {"not-an-email", "X", "analytical engine 1843"},
	    {"b@example.org", "  ", "analytical engine 1843"},
	    {"c@example.org", "C", "password123"},
	    {"d@example.org", "D", "d@example.org"},
	};
	const char *field[] = {"email: ", "name: ", "password: ", "password: "};
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(mc_account_signup(&f->app, &f->a, &bad[i], &u, &err), MC_EINVAL);
		assert_int_equal(strncmp(err.msg, field[i], strlen(field[i])), 0);
		assert_int_equal(mc_user_get(&f->app, &f->a, bad[i].email, &u, &err), MC_ENOTFOUND);
	}
	assert_int_equal(
	    mc_account_authenticate(&f->app, &f->a, "ADA@example.org", "analytical engine 1843", &v, &err),
	    0);
	assert_string_equal(v->email, "ada@example.org");
	assert_int_equal(
	    mc_account_authenticate(&f->app, &f->a, "ada@example.org", "analytical engine 1842", &v, &err),
	    MC_EAUTH);
	char wrong[MC_ERR_MSG_MAX];
	snprintf(wrong, sizeof wrong, "%s", err.msg);
	/* An unknown email gets the very same answer. */
	assert_int_equal(
	    mc_account_authenticate(&f->app, &f->a, "nobody@example.org", "analytical engine 1843", &v, &err),
	    MC_EAUTH);
	assert_string_equal(err.msg, wrong);
	/* An account made by staff (no password) cannot be claimed by signing up. */
	struct mc_user *staffmade;
	assert_int_equal(mc_user_ensure(&f->app, &f->a, "eve@example.org", "Eve", &staffmade, &err), 0);
	struct mc_signup_input claim = {"eve@example.org", "Mallory", "analytical engine 1843"};
	assert_int_equal(mc_account_signup(&f->app, &f->a, &claim, &u, &err), MC_EEXIST);
	assert_int_equal(
	    mc_account_authenticate(&f->app, &f->a, "eve@example.org", "analytical engine 1843", &v, &err),
	    MC_EAUTH);
	/* ... but an administrator can set its password. */
	assert_int_equal(mc_account_set_password(&f->app, "eve@example.org", "demo-password-2026", &err), 0);
	assert_int_equal(
	    mc_account_authenticate(&f->app, &f->a, "eve@example.org", "demo-password-2026", &v, &err), 0);
	assert_int_equal(mc_account_set_password(&f->app, "nobody@example.org", "demo-password-2026", &err),
	                 MC_ENOTFOUND);
}

static void outdated_hash_is_rehashed_at_login(void **state)
{
	struct fx *f = *state;
	struct mc_err err = {0};
	struct mc_user *u;
	struct mc_signup_input in = {"grace@example.org", "Grace Hopper", "compiler cobol 1959"};
	setenv("MICROCRED_PASSWORD_LIMITS", "interactive", 1);
	assert_int_equal(mc_account_signup(&f->app, &f->a, &in, &u, &err), 0);
	struct mc_db_stmt *st;
	assert_int_equal(
	    mc_db_prepare(f->app.db, "SELECT hash FROM user_passwords WHERE user_id = $1", &st, &err), 0);
	mc_db_bind_text(st, 1, u->id);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	char *before = mc_db_col_dup(st, 0, &f->a);
	mc_db_reset(st);
	assert_non_null(strstr(before, "m=65536,"));
	setenv("MICROCRED_PASSWORD_LIMITS", "moderate", 1);
	assert_int_equal(
	    mc_account_authenticate(&f->app, &f->a, "grace@example.org", "compiler cobol 1959", &u, &err), 0);
	assert_int_equal(
	    mc_db_prepare(f->app.db, "SELECT hash FROM user_passwords WHERE user_id = $1", &st, &err), 0);
	mc_db_bind_text(st, 1, u->id);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	char *after = mc_db_col_dup(st, 0, &f->a);
	mc_db_reset(st);
	assert_non_null(strstr(after, "m=262144,"));
	setenv("MICROCRED_PASSWORD_LIMITS", "interactive", 1);
	assert_int_equal(
	    mc_account_authenticate(&f->app, &f->a, "grace@example.org", "compiler cobol 1959", &u, &err), 0);
}

static int count_sessions(struct fx *f)
{
	struct mc_db_stmt *st;
	struct mc_err err = {0};
	assert_int_equal(mc_db_prepare(f->app.db, "SELECT COUNT(*) FROM sessions", &st, &err), 0);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	int n = (int)mc_db_col_int(st, 0);
	mc_db_reset(st);
	return n;
}

static void sessions_expire(void **state)
{
	struct fx *f = *state;
	struct mc_err err = {0};
	struct mc_user *u;
	struct mc_session *s;
	char *tok;
	struct mc_signup_input in = {"alan@example.org", "Alan Turing", "universal machine 1936"};
	assert_int_equal(mc_account_signup(&f->app, &f->a, &in, &u, &err), 0);
	assert_int_equal(mc_session_create(&f->app, &f->a, u->id, &tok, &s, &err), 0);
	assert_int_equal(strlen(tok), MC_SESSION_TOKEN_LEN);
	assert_string_equal(s->user->email, "alan@example.org");
	assert_string_equal(s->expires_at, "2026-01-15T00:00:00Z"); /* 14 days idle */
	/* Stored hashed: the cookie value is nowhere in the database. */
	struct mc_db_stmt *st;
	assert_int_equal(mc_db_prepare(f->app.db, "SELECT id_hash FROM sessions", &st, &err), 0);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	assert_int_equal(strlen(mc_db_col_text(st, 0)), 64);
	assert_string_not_equal(mc_db_col_text(st, 0), tok);
	mc_db_reset(st);

	/* Used after 13 days: still live, and the idle expiry moves on. */
	f->now += 13 * 86400;
	assert_int_equal(mc_session_lookup(&f->app, &f->a, tok, &s, &err), 0);
	assert_string_equal(s->expires_at, "2026-01-28T00:00:00Z");
	/* A lookup within the minute writes nothing. */
	f->now += 30;
	assert_int_equal(mc_session_lookup(&f->app, &f->a, tok, &s, &err), 0);
	assert_string_equal(s->last_seen_at, "2026-01-14T00:00:00Z");
	/* 14 days without use: expired. */
	f->now += 14 * 86400;
	assert_int_equal(mc_session_lookup(&f->app, &f->a, tok, &s, &err), MC_ENOTFOUND);
	size_t purged = 0;
	assert_int_equal(mc_session_purge(&f->app, &purged, &err), 0);
	assert_int_equal(purged, 1);

	/* Used every 10 days, a session still ends 90 days after it began. */
	assert_int_equal(mc_session_create(&f->app, &f->a, u->id, &tok, &s, &err), 0);
	int64_t start = f->now;
	for (int d = 10; d < 90; d += 10) {
		f->now = start + (int64_t)d * 86400;
		assert_int_equal(mc_session_lookup(&f->app, &f->a, tok, &s, &err), 0);
	}
	f->now = start + 90 * 86400 - 1;
	assert_int_equal(mc_session_lookup(&f->app, &f->a, tok, &s, &err), 0);
	f->now = start + 90 * 86400;
	assert_int_equal(mc_session_lookup(&f->app, &f->a, tok, &s, &err), MC_ENOTFOUND);

	/* Garbage and ended sessions are unknown. */
	assert_int_equal(mc_session_lookup(&f->app, &f->a, "x", &s, &err), MC_ENOTFOUND);
	assert_int_equal(mc_session_lookup(&f->app, &f->a, "' OR 1=1 --", &s, &err), MC_ENOTFOUND);
	assert_int_equal(mc_session_create(&f->app, &f->a, u->id, &tok, &s, &err), 0);
	assert_int_equal(mc_session_end(&f->app, tok, &err), 0);
	assert_int_equal(mc_session_lookup(&f->app, &f->a, tok, &s, &err), MC_ENOTFOUND);
}

static void password_change_ends_other_sessions(void **state)
{
	struct fx *f = *state;
	struct mc_err err = {0};
	struct mc_user *u;
	struct mc_session *s;
	char *mine, *other;
	struct mc_signup_input in = {"kat@example.org", "Katherine Johnson", "orbital mechanics 1962"};
	assert_int_equal(mc_account_signup(&f->app, &f->a, &in, &u, &err), 0);
	assert_int_equal(mc_session_create(&f->app, &f->a, u->id, &mine, NULL, &err), 0);
	assert_int_equal(mc_session_create(&f->app, &f->a, u->id, &other, NULL, &err), 0);
	assert_int_equal(count_sessions(f), 2);
	/* Wrong current password: nothing changes. */
	assert_int_equal(
	    mc_account_change_password(&f->app, u->id, "wrong one!!", "friendship 7 flight", mine, &err),
	    MC_EAUTH);
	assert_int_equal(strncmp(err.msg, "current_password: ", 18), 0);
	assert_int_equal(count_sessions(f), 2);
	/* A weak new password: nothing changes. */
	assert_int_equal(
	    mc_account_change_password(&f->app, u->id, "orbital mechanics 1962", "qwertyuiop", mine, &err),
	    MC_EINVAL);
	assert_int_equal(count_sessions(f), 2);
	assert_int_equal(mc_account_change_password(&f->app, u->id, "orbital mechanics 1962",
	                                            "friendship 7 flight", mine, &err),
	                 0);
	assert_int_equal(mc_session_lookup(&f->app, &f->a, mine, &s, &err), 0);
	assert_int_equal(mc_session_lookup(&f->app, &f->a, other, &s, &err), MC_ENOTFOUND);
	assert_int_equal(
	    mc_account_authenticate(&f->app, &f->a, "kat@example.org", "orbital mechanics 1962", &u, &err),
	    MC_EAUTH);
	assert_int_equal(
	    mc_account_authenticate(&f->app, &f->a, "kat@example.org", "friendship 7 flight", &u, &err), 0);
}

static void profile_update(void **state)
{
	struct fx *f = *state;
	struct mc_err err = {0};
	struct mc_user *u;
	struct mc_account *acc;
	struct mc_signup_input in = {"tim@example.org", "Tim", "world wide web 1989"};
	assert_int_equal(mc_account_signup(&f->app, &f->a, &in, &u, &err), 0);
	assert_int_equal(mc_account_get(&f->app, &f->a, u->id, &acc, &err), 0);
	assert_true(acc->has_password);
	assert_false(acc->public_profile);
	struct mc_account_update up = {"Tim Berners-Lee",
	                               "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", 1};
	assert_int_equal(mc_account_update(&f->app, u->id, &up, &err), 0);
	assert_int_equal(mc_account_get(&f->app, &f->a, "tim@example.org", &acc, &err), 0);
	assert_string_equal(acc->user.name, "Tim Berners-Lee");
	assert_string_equal(acc->user.did, up.did);
	assert_true(acc->public_profile);
	struct mc_account_update bad = {NULL, "not a did", -1};
	assert_int_equal(mc_account_update(&f->app, u->id, &bad, &err), MC_EINVAL);
	assert_int_equal(strncmp(err.msg, "did: ", 5), 0);
	struct mc_account_update clear = {NULL, "", 0};
	assert_int_equal(mc_account_update(&f->app, u->id, &clear, &err), 0);
	assert_int_equal(mc_account_get(&f->app, &f->a, u->id, &acc, &err), 0);
	assert_null(acc->user.did);
	assert_false(acc->public_profile);
	assert_string_equal(acc->user.name, "Tim Berners-Lee");
}

static void api_tokens(void **state)
{
	struct fx *f = *state;
	struct mc_err err = {0};
	struct mc_issuer *is, *other;
	struct mc_issuer_input ii = {
	    .name = "University of Testing", .did_method = "key", .owner_email = "own@example.org"};
	struct mc_issuer_input oi = {.name = "Other College", .did_method = "key"};
	assert_int_equal(mc_issuer_create(&f->app, &f->a, &ii, &is, &err), 0);
	assert_int_equal(mc_issuer_create(&f->app, &f->a, &oi, &other, &err), 0);
	char *secret;
	struct mc_api_token *t, *got;
	struct mc_api_token_input in = {is->slug, MC_ROLE_EDITOR, "SIS integration", NULL};
	assert_int_equal(mc_api_token_create(&f->app, &f->a, &in, &secret, &t, &err), 0);
	assert_int_equal(strlen(secret), MC_API_TOKEN_LEN);
	assert_int_equal(strncmp(secret, "mc_", 3), 0);
	assert_int_equal(strncmp(secret, t->prefix, strlen(t->prefix)), 0);
	assert_string_equal(t->user_email, "own@example.org"); /* the first owner */
	assert_int_equal(t->role, MC_ROLE_EDITOR);
	assert_int_equal(mc_api_token_authenticate(&f->app, &f->a, secret, &got, &err), 0);
	assert_string_equal(got->issuer_id, is->id);
	assert_int_equal(got->role, MC_ROLE_EDITOR);
	/* Stored hashed. */
	struct mc_db_stmt *st;
	assert_int_equal(
	    mc_db_prepare(f->app.db, "SELECT COUNT(*) FROM api_tokens WHERE token_hash = $1", &st, &err), 0);
	mc_db_bind_text(st, 1, secret);
	assert_int_equal(mc_db_step(st, &err), MC_DB_ROW);
	assert_int_equal(mc_db_col_int(st, 0), 0);
	mc_db_reset(st);
	/* Bad input. */
	struct mc_api_token_input noname = {is->slug, MC_ROLE_EDITOR, " ", NULL};
	assert_int_equal(mc_api_token_create(&f->app, &f->a, &noname, &secret, &t, &err), MC_EINVAL);
	struct mc_api_token_input noowner = {other->slug, MC_ROLE_EDITOR, "x", NULL};
	assert_int_equal(mc_api_token_create(&f->app, &f->a, &noowner, &secret, &t, &err), MC_EINVAL);
	struct mc_api_token_input notstaff = {other->slug, MC_ROLE_EDITOR, "x", "own@example.org"};
	assert_int_equal(mc_api_token_create(&f->app, &f->a, &notstaff, &secret, &t, &err), MC_EAUTH);
	assert_int_equal(mc_api_token_authenticate(&f->app, &f->a, "mc_short", &got, &err), MC_EAUTH);
	char forged[MC_API_TOKEN_LEN + 1];
	memcpy(forged, "mc_", 3);
	memset(forged + 3, 'A', MC_API_TOKEN_LEN - 3);
	forged[MC_API_TOKEN_LEN] = 0;
	assert_int_equal(mc_api_token_authenticate(&f->app, &f->a, forged, &got, &err), MC_EAUTH);
	/* List, revoke by prefix, revoked tokens stop working but stay listed. */
	struct mc_api_token **v;
	size_t n;
	assert_int_equal(mc_api_token_list(&f->app, &f->a, is->slug, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_null(v[0]->revoked_at);
	assert_int_equal(mc_api_token_revoke(&f->app, other->slug, v[0]->prefix, &err), MC_ENOTFOUND);
	assert_int_equal(mc_api_token_revoke(&f->app, is->slug, v[0]->prefix, &err), 0);
	assert_int_equal(mc_api_token_revoke(&f->app, is->slug, v[0]->prefix, &err), MC_ENOTFOUND);
	assert_int_equal(mc_api_token_authenticate(&f->app, &f->a, secret, &got, &err), MC_EAUTH);
	assert_non_null(strstr(err.msg, "revoked"));
	assert_int_equal(mc_api_token_list(&f->app, &f->a, is->slug, &v, &n, &err), 0);
	assert_int_equal(n, 1);
	assert_non_null(v[0]->revoked_at);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(password_policy),
	    cmocka_unit_test(hashing_and_rehash),
	    cmocka_unit_test_setup_teardown(signup_and_login, setup, teardown),
	    cmocka_unit_test_setup_teardown(outdated_hash_is_rehashed_at_login, setup, teardown),
	    cmocka_unit_test_setup_teardown(sessions_expire, setup, teardown),
	    cmocka_unit_test_setup_teardown(password_change_ends_other_sessions, setup, teardown),
	    cmocka_unit_test_setup_teardown(profile_update, setup, teardown),
	    cmocka_unit_test_setup_teardown(api_tokens, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
