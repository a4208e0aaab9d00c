/* Private to src/web/handlers/console*.c: what every page of the issuer console
 * (/console/{issuer}/...) shares — the issuer and role check, the page data, the
 * redirect after a form, notices. Roles: owner > editor > assessor; each handler
 * names the least role its action needs, and every object it touches (a
 * micro-credential, evidence, a credential) is checked to belong to the issuer of
 * the URL, so an editor of one issuer cannot reach another's through its own
 * console. */
#ifndef MC_WEB_HANDLERS_CONSOLE_H
#define MC_WEB_HANDLERS_CONSOLE_H

#include "microcred/issuer.h"

#include "web/auth.h"
#include "web/handlers/handlers.h"

struct mc__console {
	struct mc_issuer *is;
	enum mc_role role; /* the user's role at the issuer (admins count as owner) */
	struct mc_web_user *user;
	struct mc_json *d; /* the page's template data */
};

/* Loads the issuer of req->params[0], requires min_role there, and starts the page
 * data: issuer, role, can_edit, can_own, nav.<section>, done (the notice of a
 * ?done=<code> redirect), csrf. */
int mc__console_open(struct mc_web_req *req, struct mc_web_res *res, enum mc_role min_role,
                     const char *section, struct mc__console *c);
/* Renders console_<page> in the layout. */
int mc__console_page(struct mc_web_req *req, struct mc_web_res *res, struct mc__console *c, int status,
                     const char *page, const char *title);
/* 303 See Other to location (a path on this site). */
int mc__console_redirect(struct mc_web_req *req, struct mc_web_res *res, const char *location);
/* A form page that failed: status 400 (409 for a state conflict) with the message
 * in "error" of the page data. Other errors are returned as they are. */
int mc__console_form_error(struct mc_web_req *req, int rc, struct mc__console *c);
/* True when the (multipart) form's csrf field matches the session's token; the
 * server checks urlencoded forms itself. */
bool mc__console_csrf_ok(struct mc_web_req *req, const char *token);

/* Sets key to s, or to "" when s is NULL: a missing name in a template would be
 * looked up in the enclosing values (a list item's "title" would become the
 * page's), so console data always says "nothing" explicitly. */
void mc__console_put(struct mc_web_req *req, struct mc_json *obj, const char *key, const char *s);

/* "2025-01-15T09:00:00Z" -> "2025-01-15" (in req->a). */
const char *mc__console_date(struct mc_web_req *req, const char *rfc3339);
/* An option list for a <select>: [{value, label, selected}] from value/label pairs. */
struct mc_json *mc__console_options(struct mc_web_req *req, const char *const *pairs, size_t npairs,
                                    const char *current);

#endif
