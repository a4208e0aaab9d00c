/* Test fixture for tests/web/api.sh: makes the credentials the API tests log in
 * with, through the account services (include/microcred/account.h), so the test
 * drives real sessions and API tokens without a browser:
 *
 *   api_fixture DB session EMAIL [NAME]        prints a session cookie value
 *   api_fixture DB token ISSUER ROLE EMAIL     prints "SECRET TOKEN-ID"
 *   api_fixture DB revoke-token ISSUER ID      revokes a token
 *   api_fixture DB admin EMAIL                 makes the user an administrator
 *
 * Exit 0 on success, 1 with the error on standard error otherwise. */
#include <stdio.h>
#include <string.h>

#include "microcred/account.h"
#include "microcred/app.h"
#include "microcred/issuer.h"

static int run(struct mc_app *app, struct mc_arena *a, int argc, char **argv, struct mc_err *err)
{
	const char *cmd = argv[2];
	struct mc_user *u;
	int rc;
	if (!strcmp(cmd, "session") && argc >= 4) {
		char *token;
		struct mc_session *s;
		if ((rc = mc_user_ensure(app, a, argv[3], argc > 4 ? argv[4] : argv[3], &u, err)) ||
		    (rc = mc_session_create(app, a, u->id, &token, &s, err)))
			return rc;
		printf("%s\n", token);
		return 0;
	}
	if (!strcmp(cmd, "token") && argc == 6) {
		struct mc_api_token_input in = {
		    .issuer_ref = argv[3], .name = "api test", .user_ref = argv[5]};
		char *secret;
		struct mc_api_token *t;
		if ((rc = mc_role_parse(argv[4], &in.role, err)) ||
		    (rc = mc_api_token_create(app, a, &in, &secret, &t, err)))
			return rc;
		printf("%s %s\n", secret, t->id);
		return 0;
	}
	if (!strcmp(cmd, "revoke-token") && argc == 5)
		return mc_api_token_revoke(app, argv[3], argv[4], err);
	if (!strcmp(cmd, "admin") && argc == 4) {
		struct mc_db_stmt *st;
		if ((rc = mc_user_ensure(app, a, argv[3], "Administrator", &u, err)) ||
		    (rc = mc_db_prepare(app->db, "UPDATE users SET is_admin = 1 WHERE id = $1", &st, err)))
			return rc;
		mc_db_bind_text(st, 1, u->id);
		return mc_db_run(st, err);
	}
	return mc_err_set(err, MC_EINVAL, "usage: api_fixture DB session|token|revoke-token|admin ARGS...");
}

int main(int argc, char **argv)
{
	struct mc_app app;
	struct mc_err err = {0};
	struct mc_arena a;
	if (argc < 3) {
		fprintf(stderr, "usage: api_fixture DB session|token|revoke-token|admin ARGS...\n");
		return 1;
	}
	if (mc_app_open(&app, argv[1], NULL, &err)) {
		fprintf(stderr, "api_fixture: %s\n", err.msg);
		return 1;
	}
	mc_arena_init(&a, 0);
	int rc = run(&app, &a, argc, argv, &err);
	if (rc)
		fprintf(stderr, "api_fixture %s: %s\n", argv[2], err.msg);
	mc_arena_release(&a);
	mc_app_close(&app);
	return rc ? 1 : 0;
}
