/* Sign-up, log-in, log-out and account settings (pages), and issuers' API tokens
 * (/api/v1/issuers/{slug}/tokens, owners only). Passwords never leave this file
 * except into mc_account_*; they are never echoed back into a form. */
#include "microcred/account.h"

#include <string.h>

#include "web/auth.h"
#include "web/handlers/handlers.h"

/* A message "field: text" from the account service, split so that the form can
 * show it beside the field: errors.<field> = text. */
static void field_error(struct mc_web_req *req, struct mc_json *d, const char *msg)
{
	static const char *const fields[] = {"email", "name", "password", "current_password", "did"};
	struct mc_json *errors = mc_json_new_object(req->a);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		size_t n = strlen(fields[i]);
		if (strncmp(msg, fields[i], n) == 0 && msg[n] == ':' && msg[n + 1] == ' ') {
			mc_web_put(req, errors, fields[i], msg + n + 2);
			mc_json_object_set(req->a, d, "errors", 6, errors);
			mc_web_put(req, d, "error", "Please correct the field marked below.");
			return;
		}
	}
	mc_web_put(req, d, "error", msg);
}

static int redirect(struct mc_web_res *res, const char *to)
{
	mc_web_res_bytes(res, 303, "text/plain; charset=utf-8", "See Other\n", 10);
	mc_web_res_header(res, "Location", to);
	return 0;
}

static struct mc_json *form_data(struct mc_web_req *req, const char *next)
{
	struct mc_json *d = mc_json_new_object(req->a);
	mc__web_csrf_token(req); /* these forms are posted before a session exists */
	mc_web_put(req, d, "next", mc__web_safe_next(next));
	return d;
}

int mc__h_login_page(struct mc_web_req *req, struct mc_web_res *res)
{
	return mc_web_res_page(req, res, 200, "login", "Log in", form_data(req, mc_web_query(req, "next")));
}

int mc__h_login(struct mc_web_req *req, struct mc_web_res *res)
{
	const char *email = mc_web_form(req, "email"), *password = mc_web_form(req, "password");
	const char *next = mc__web_safe_next(mc_web_form(req, "next"));
	int rc = mc__web_limit_login(req, email);
	if (rc)
		return rc;
	struct mc_user *u;
	rc = mc_account_authenticate(req->app, req->a, email, password, &u, &req->err);
	if (rc == MC_EAUTH) {
		struct mc_json *d = form_data(req, next);
		mc_web_put(req, d, "email", email);
		mc_web_put(req, d, "error", "Wrong email or password.");
		return mc_web_res_page(req, res, 401, "login", "Log in", d);
	}
	if (rc || (rc = mc__web_login(req, res, u->id)))
		return rc;
	mc__web_limit_login_ok(req, email);
	return redirect(res, next);
}

int mc__h_signup_page(struct mc_web_req *req, struct mc_web_res *res)
{
	return mc_web_res_page(req, res, 200, "signup", "Sign up", form_data(req, mc_web_query(req, "next")));
}

int mc__h_signup(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_signup_input in = {mc_web_form(req, "email"), mc_web_form(req, "name"),
	                             mc_web_form(req, "password")};
	const char *next = mc__web_safe_next(mc_web_form(req, "next"));
	/* Sign-ups count against the same per-address budget as log-ins. */
	int rc = mc__web_limit_login(req, NULL);
	if (rc)
		return rc;
	struct mc_user *u;
	rc = mc_account_signup(req->app, req->a, &in, &u, &req->err);
	if (rc == MC_EINVAL || rc == MC_EEXIST) {
		struct mc_json *d = form_data(req, next);
		mc_web_put(req, d, "email", in.email);
		mc_web_put(req, d, "name", in.name);
		field_error(req, d, req->err.msg);
		return mc_web_res_page(req, res, rc == MC_EEXIST ? 409 : 400, "signup", "Sign up", d);
	}
	if (rc || (rc = mc__web_login(req, res, u->id)))
		return rc;
	return redirect(res, next);
}

int mc__h_logout(struct mc_web_req *req, struct mc_web_res *res)
{
	int rc = mc__web_logout(req, res);
	return rc ? rc : redirect(res, "/");
}

static int account_page(struct mc_web_req *req, struct mc_web_res *res, int status, struct mc_json *d)
{
	struct mc_account *acc;
	int rc = mc_account_get(req->app, req->a, mc__web_current_user(req)->id, &acc, &req->err);
	if (rc)
		return rc;
	struct mc_json *o = mc_json_new_object(req->a);
	mc_web_put(req, o, "email", acc->user.email);
	mc_web_put(req, o, "name", acc->user.name);
	mc_web_put(req, o, "did", acc->user.did);
	mc_web_put_bool(req, o, "public_profile", acc->public_profile);
	mc_web_put_bool(req, o, "has_password", acc->has_password);
	if (!mc_json_get(d, "account"))
		mc_json_object_set(req->a, d, "account", 7, o);
	return mc_web_res_page(req, res, status, "account", "Account settings", d);
}

int mc__h_account(struct mc_web_req *req, struct mc_web_res *res)
{
	int rc = mc__web_require_user(req, res);
	if (rc)
		return rc;
	struct mc_json *d = mc_json_new_object(req->a);
	const char *saved = mc_web_query(req, "saved");
	if (saved && strcmp(saved, "profile") == 0)
		mc_web_put(req, d, "saved", "Your profile was saved.");
	else if (saved && strcmp(saved, "password") == 0)
		mc_web_put(req, d, "saved",
		           "Your password was changed; your other sessions were logged out.");
	return account_page(req, res, 200, d);
}

int mc__h_account_save(struct mc_web_req *req, struct mc_web_res *res)
{
	int rc = mc__web_require_user(req, res);
	if (rc)
		return rc;
	const char *pp = mc_web_form(req, "public_profile");
	struct mc_account_update in = {mc_web_form(req, "name"), mc_web_form(req, "did"), pp && *pp ? 1 : 0};
	if (!in.did)
		in.did = "";
	rc = mc_account_update(req->app, mc__web_current_user(req)->id, &in, &req->err);
	if (rc == MC_EINVAL) {
		struct mc_json *d = mc_json_new_object(req->a), *o = mc_json_new_object(req->a);
		field_error(req, d, req->err.msg);
		/* Show what was typed, to correct it. */
		mc_web_put(req, o, "email", mc__web_current_user(req)->email);
		mc_web_put(req, o, "name", in.name);
		mc_web_put(req, o, "did", in.did);
		mc_web_put_bool(req, o, "public_profile", in.public_profile == 1);
		mc_json_object_set(req->a, d, "account", 7, o);
		return account_page(req, res, 400, d);
	}
	return rc ? rc : redirect(res, "/account?saved=profile");
}

int mc__h_account_password(struct mc_web_req *req, struct mc_web_res *res)
{
	int rc = mc__web_require_user(req, res);
	if (rc)
		return rc;
	/* Password guesses through this form count like log-in attempts. */
	struct mc_web_user *u = mc__web_current_user(req);
	if ((rc = mc__web_limit_login(req, u->email)))
		return rc;
	rc = mc_account_change_password(req->app, u->id, mc_web_form(req, "current_password"),
	                                mc_web_form(req, "new_password"),
	                                mc__web_cookie(req, MC_SESSION_COOKIE), &req->err);
	if (rc == MC_EINVAL || rc == MC_EAUTH) {
		struct mc_json *d = mc_json_new_object(req->a);
		field_error(req, d, req->err.msg);
		return account_page(req, res, rc == MC_EAUTH ? 403 : 400, d);
	}
	return rc ? rc : redirect(res, "/account?saved=password");
}

/* ---- API tokens of an issuer ---- */

static struct mc_json *token_json(struct mc_web_req *req, const struct mc_api_token *t)
{
	struct mc_json *o = mc_json_new_object(req->a);
	mc_web_put(req, o, "id", t->id);
	mc_web_put(req, o, "issuer", t->issuer_slug);
	mc_web_put(req, o, "role", mc_role_name(t->role));
	mc_web_put(req, o, "name", t->name);
	mc_web_put(req, o, "prefix", t->prefix);
	mc_web_put(req, o, "user", t->user_email);
	mc_web_put(req, o, "created_at", t->created_at);
	mc_web_put(req, o, "last_used_at", t->last_used_at);
	mc_web_put(req, o, "revoked_at", t->revoked_at);
	return o;
}

/* The issuer of {slug}, once the caller is known to be its owner. */
static int owner_of(struct mc_web_req *req, struct mc_web_res *res, struct mc_issuer **is)
{
	int rc = mc__web_require_user(req, res);
	if (rc || (rc = mc_issuer_get(req->app, req->a, req->params[0], is, &req->err)))
		return rc;
	return mc__web_require_role(req, res, (*is)->id, MC_ROLE_OWNER);
}

int mc__h_api_tokens(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_issuer *is;
	struct mc_api_token **v;
	size_t n;
	int rc = owner_of(req, res, &is);
	if (rc || (rc = mc_api_token_list(req->app, req->a, is->id, &v, &n, &req->err)))
		return rc;
	struct mc_json *items = mc_json_new_array(req->a), *o = mc_json_new_object(req->a);
	for (size_t i = 0; i < n; i++)
		mc_json_array_append(req->a, items, token_json(req, v[i]));
	mc_json_object_set(req->a, o, "items", 5, items);
	return mc_web_res_json(req, res, 200, o, NULL);
}

int mc__h_api_token_create(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_issuer *is;
	struct mc_json *body;
	int rc = owner_of(req, res, &is);
	if (rc || (rc = mc_web_body_json(req, &body)))
		return rc;
	struct mc_api_token_input in = {.issuer_ref = is->id,
	                                .name = mc_json_get_str(body, "name"),
	                                .user_ref = mc_json_get_str(body, "user")};
	if ((rc = mc_role_parse(mc_json_get_str(body, "role"), &in.role, &req->err)))
		return mc_err_prefix(&req->err, "role");
	/* A token cannot hand out more than its own role. */
	if (mc__web_is_token(req) && in.role > mc__web_current_user(req)->token_role)
		return mc_err_set(&req->err, MC_EAUTH,
		                  "role: a token cannot create a token with a higher role");
	if (!in.user_ref)
		in.user_ref = mc__web_current_user(req)->id;
	char *secret;
	struct mc_api_token *t;
	if ((rc = mc_api_token_create(req->app, req->a, &in, &secret, &t, &req->err)))
		return rc;
	struct mc_json *o = token_json(req, t);
	mc_web_put(req, o, "token", secret); /* shown this once */
	mc_web_res_header(res, "Location",
	                  mc_arena_printf(req->a, "/api/v1/issuers/%s/tokens/%s", is->slug, t->id));
	return mc_web_res_json(req, res, 201, o, NULL);
}

int mc__h_api_token_revoke(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc_issuer *is;
	int rc = owner_of(req, res, &is);
	if (rc || (rc = mc_api_token_revoke(req->app, is->id, req->params[1], &req->err)))
		return rc;
	mc_web_res_bytes(res, 204, NULL, "", 0);
	return 0;
}
