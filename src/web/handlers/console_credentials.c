/* The console's micro-credentials (list, create, edit, requirements, publish,
 * archive) and pathways: forms in, the catalogue service (achievement.h,
 * lifecycle.h) does every check, its messages come back next to the field they
 * name. Editors and owners only. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/achievement.h"
#include "microcred/lifecycle.h"

#include "web/handlers/console.h"

enum ftype { F_TEXT, F_AREA, F_NUM, F_INT, F_SELECT, F_LINES, F_COMMA, F_ALIGN };

static const char *const delivery_opts[] = {"",          "—",         "online",  "Online",
                                            "in-person", "In person", "blended", "Blended"};
static const char *const category_opts[] = {"",
                                            "—",
                                            "digital-skills",
                                            "Digital skills",
                                            "soft-skills",
                                            "Soft skills",
                                            "industry-specific",
                                            "Industry-specific skills",
                                            "emerging-technologies",
                                            "Emerging technologies"};

static const struct field {
	const char *name, *label, *hint, *group;
	enum ftype type;
	bool eu; /* an EU mandatory element (or needed to publish) */
} fields[] = {
    {"title", "Title", "What the learner earns, in a few words.", "basics", F_TEXT, true},
    {"slug", "Address", "Letters, digits and '-': the page is /achievements/<address>. Fixed once published.",
     "basics", F_TEXT, false},
    {"description", "Description", "Required to publish (Open Badges 3.0).", "basics", F_AREA, true},
    {"criteria", "Criteria", "How it is earned, in your words (Markdown).", "basics", F_AREA, false},
    {"outcomes", "Learning outcomes", "One per line.", "eu", F_LINES, true},
    {"eqf_level", "EQF level", "1 to 8.", "eu", F_INT, true},
    {"ects", "ECTS credits", "Notional workload: give ECTS, hours, or both.", "eu", F_NUM, true},
    {"workload_hours", "Workload (hours)", "Greater than 0, at most 1800.", "eu", F_NUM, true},
    {"assessment_type", "Type of assessment", "e.g. project and proctored online test.", "eu", F_TEXT, true},
    {"participation_form", "Form of participation", "e.g. online, self-paced.", "eu", F_TEXT, true},
    {"quality_assurance", "Type of quality assurance", "e.g. internal QA, programme accredited.", "eu",
     F_TEXT, true},
    {"alignments", "Skills and alignments",
     "One per line: FRAMEWORK|CODE|NAME|URL (framework and code may be empty).", "details", F_ALIGN, false},
    {"delivery_mode", "Delivery mode", NULL, "details", F_SELECT, false},
    {"category", "Category", NULL, "details", F_SELECT, false},
    {"duration", "Typical duration", "ISO 8601: P6W (6 weeks), P3M, PT40H.", "details", F_TEXT, false},
    {"language", "Language", "A language tag: en, en-GB, de.", "details", F_TEXT, false},
    {"cost", "Cost", "0 means free.", "details", F_NUM, false},
    {"currency", "Currency", "ISO 4217: EUR, USD, GBP.", "details", F_TEXT, false},
    {"prerequisites", "Prerequisites", NULL, "details", F_AREA, false},
    {"tags", "Tags", "Comma-separated.", "details", F_COMMA, false},
    {"image", "Image URL", "An https:// address of the badge image.", "details", F_TEXT, false},
    {"validity_months", "Valid for (months)", "Empty: awards do not expire.", "details", F_INT, false},
};
#define NFIELDS (sizeof fields / sizeof fields[0])

static const struct field *field_named(const char *s, size_t n)
{
	for (size_t i = 0; i < NFIELDS; i++)
		if (strlen(fields[i].name) == n && memcmp(fields[i].name, s, n) == 0)
			return &fields[i];
	return NULL;
}

/* The member a catalogue message is about: messages begin with it ("ects (--ects)
 * is 75 ...", "alignments[2] ..."). */
static const struct field *field_of_message(const char *msg)
{
	size_t n = 0;
	while (msg[n] == '_' || islower((unsigned char)msg[n]))
		n++;
	return n ? field_named(msg, n) : NULL;
}

static char *trim(struct mc_web_req *req, const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return mc_arena_strndup(req->a, s, n);
}

/* The text of a member of a catalogue record, as the form shows it. */
static const char *field_text(struct mc_web_req *req, const struct field *f, const struct mc_json *rec)
{
	const struct mc_json *v = rec ? mc_json_get(rec, f->name) : NULL;
	if (!v || mc_json_is_null(v))
		return "";
	if (mc_json_is_string(v))
		return mc_arena_strndup(req->a, mc_json_slice(v).ptr, mc_json_slice(v).len);
	if (mc_json_is_number(v)) {
		double d = mc_json_number(v);
		return d == (double)(int64_t)d ? mc_arena_printf(req->a, "%lld", (long long)d)
		                               : mc_arena_printf(req->a, "%g", d);
	}
	if (!mc_json_is_array(v))
		return "";
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	for (uint32_t i = 0; i < v->len; i++) {
		const struct mc_json *it = &v->v.items[i];
		if (i)
			mc_buf_puts(&b, f->type == F_COMMA ? ", " : "\n");
		if (mc_json_is_string(it)) {
			mc_buf_append(&b, mc_json_slice(it).ptr, mc_json_slice(it).len);
		} else if (mc_json_is_object(it)) {
			const char *k[] = {"framework", "code", "name", "url", "type"};
			for (int j = 0; j < 5; j++) {
				const char *s = mc_json_get_str(it, k[j]);
				if (j == 4 && !s)
					break;
				if (j)
					mc_buf_putc(&b, '|');
				mc_buf_puts(&b, s ? s : "");
			}
		}
	}
	char *s = mc_arena_strndup(req->a, b.ptr, b.len);
	mc_buf_release(&b);
	return s;
}

/* Builds the catalogue's JSON from the form. create: empty fields are left out;
 * update: they clear the member. An alignment line that is not FRAMEWORK|CODE|NAME|URL
 * is an error here (named "alignments ..."). */
static int form_spec(struct mc_web_req *req, bool create, bool slug_fixed, struct mc_json **out)
{
	struct mc_json *spec = mc_json_new_object(req->a);
	for (size_t i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];
		if (slug_fixed && strcmp(f->name, "slug") == 0)
			continue;
		const char *raw = mc_web_form(req, f->name);
		char *v = trim(req, raw ? raw : "", raw ? strlen(raw) : 0);
		struct mc_json *j;
		if (!*v) {
			if (create || strcmp(f->name, "slug") == 0)
				continue;
			j = mc_json_new_null(req->a);
		} else if (f->type == F_NUM || f->type == F_INT) {
			char *end;
			double d = strtod(v, &end);
			if (*end || end == v) /* the service says what a number must look like */
				j = mc_json_new_cstr(req->a, v);
			else if (d == (double)(int64_t)d)
				j = mc_json_new_int(req->a, (int64_t)d);
			else
				j = mc_json_new_double(req->a, d);
		} else if (f->type == F_LINES || f->type == F_COMMA || f->type == F_ALIGN) {
			j = mc_json_new_array(req->a);
			char sep = f->type == F_COMMA ? ',' : '\n';
			int line = 0;
			for (const char *p = v; p;) {
				const char *e = strchr(p, sep);
				char *item = trim(req, p, e ? (size_t)(e - p) : strlen(p));
				p = e ? e + 1 : NULL;
				line++;
				if (!*item)
					continue;
				if (f->type != F_ALIGN) {
					mc_json_array_append(req->a, j, mc_json_new_cstr(req->a, item));
					continue;
				}
				char *parts[5] = {0};
				int np = 0;
				for (char *q = item; q && np < 5;) {
					char *bar = strchr(q, '|');
					if (bar)
						*bar = 0;
					parts[np++] = trim(req, q, strlen(q));
					q = bar ? bar + 1 : NULL;
				}
				if (np < 4)
					return mc_err_set(&req->err, MC_EINVAL,
					                  "alignments line %d has %d part%s; write "
					                  "FRAMEWORK|CODE|NAME|URL, e.g. "
					                  "ESCO||use spreadsheets "
					                  "software|http://data.europa.eu/esco/skill/...",
					                  line, np, np == 1 ? "" : "s");
				struct mc_json *o = mc_json_array_push(req->a, j);
				mc_json_set_object(o);
				const char *k[] = {"framework", "code", "name", "url", "type"};
				for (int x = 0; x < np; x++)
					if (*parts[x])
						mc_json_object_set(req->a, o, k[x], strlen(k[x]),
						                   mc_json_new_cstr(req->a, parts[x]));
			}
		} else {
			j = mc_json_new_cstr(req->a, v);
		}
		mc_json_object_set(req->a, spec, f->name, strlen(f->name), j);
	}
	*out = spec;
	return 0;
}

/* The catalogue's messages name command-line flags too ("ects (--ects) is 75");
 * on a web form the flag means nothing, so " (--flag)" is left out. */
static const char *without_flags(struct mc_web_req *req, const char *msg)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	for (const char *p = msg; *p;) {
		const char *close;
		if (strncmp(p, " (--", 4) == 0 && (close = strchr(p, ')')) &&
		    !memchr(p + 1, ' ', (size_t)(close - p - 1))) {
			p = close + 1;
			continue;
		}
		mc_buf_putc(&b, *p++);
	}
	char *s = mc_arena_strndup(req->a, b.ptr, b.len);
	mc_buf_release(&b);
	return s;
}

/* The form's fields with values (rec, or what was posted when posted) and the
 * error next to the field its message names. */
static void put_form(struct mc_web_req *req, struct mc__console *c, const struct mc_json *rec, bool posted,
                     bool slug_fixed, const char *error)
{
	const struct field *bad = error ? field_of_message(error) : NULL;
	if (error)
		error = without_flags(req, error);
	struct mc_json *groups = mc_json_new_object(req->a);
	for (size_t i = 0; i < NFIELDS; i++) {
		const struct field *f = &fields[i];
		struct mc_json *g = (struct mc_json *)mc_json_get(groups, f->group);
		if (!g) {
			g = mc_json_new_array(req->a);
			mc_json_object_set(req->a, groups, f->group, strlen(f->group), g);
			g = (struct mc_json *)mc_json_get(groups, f->group);
		}
		struct mc_json *o = mc_json_array_push(req->a, g);
		mc_json_set_object(o);
		const char *val = posted ? mc_web_form(req, f->name) : field_text(req, f, rec);
		mc__console_put(req, o, "name", f->name);
		mc__console_put(req, o, "label", f->label);
		mc__console_put(req, o, "hint", f->hint);
		mc__console_put(req, o, "value", val ? val : "");
		mc_web_put_bool(req, o, "eu", f->eu);
		mc_web_put_bool(req, o, "area",
		                f->type == F_AREA || f->type == F_LINES || f->type == F_ALIGN);
		mc_web_put_bool(req, o, "number", f->type == F_NUM || f->type == F_INT);
		mc_web_put_bool(req, o, "readonly", slug_fixed && strcmp(f->name, "slug") == 0);
		mc_web_put_bool(req, o, "required", strcmp(f->name, "title") == 0);
		if (f->type == F_SELECT) {
			bool d = strcmp(f->name, "delivery_mode") == 0;
			mc_json_object_set(
			    req->a, o, "options", 7,
			    mc__console_options(req, d ? delivery_opts : category_opts, d ? 4 : 5, val));
		}
		if (f->type != F_SELECT)
			mc_web_put_bool(req, o, "options", false);
		mc__console_put(req, o, "error", f == bad ? error : NULL);
		if (f == bad) {
			mc_web_put_bool(req, c->d, "error_at_field", true);
		}
	}
	mc_json_object_set(req->a, c->d, "groups", 6, groups);
	if (error) {
		mc__console_put(req, c->d, "error", error);
		if (bad)
			mc__console_put(req, c->d, "error_field", bad->name);
	}
}

/* The micro-credential of the URL (params[1]), which must be this issuer's. */
static int load(struct mc_web_req *req, struct mc__console *c, struct mc_achievement **x)
{
	int rc = mc_achievement_get(req->app, req->a, req->params[1], x, &req->err);
	if (!rc && strcmp((*x)->issuer_id, c->is->id) != 0)
		rc = mc_err_set(&req->err, MC_ENOTFOUND, "%s has no micro-credential '%s'", c->is->name,
		                req->params[1]);
	return rc;
}

/* ---- list ---- */

int mc__h_console_credentials(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	int rc = mc__console_open(req, res, MC_ROLE_EDITOR, "credentials", &c);
	if (rc)
		return rc;
	const char *state = mc_web_query(req, "state");
	struct mc_achievement_filter f = {
	    .issuer_ref = c.is->id, .state = state && *state ? state : "all", .limit = 1000};
	struct mc_achievement **list;
	size_t n, total;
	if ((rc = mc_achievement_list(req->app, req->a, &f, &list, &n, &total, &req->err)))
		return rc;
	struct mc_json *items = mc_json_new_array(req->a);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(list[i]->kind, "micro") != 0)
			continue;
		struct mc_json *it = mc_json_array_push(req->a, items);
		mc_json_set_object(it);
		mc__console_put(req, it, "slug", list[i]->slug);
		mc__console_put(req, it, "title", list[i]->title);
		mc__console_put(req, it, "state", list[i]->state);
		mc__console_put(req, it, "category", list[i]->category);
		mc__console_put(req, it, "updated", mc__console_date(req, list[i]->updated_at));
		mc_web_put_bool(req, it, "published", strcmp(list[i]->state, "published") == 0);
	}
	mc_json_object_set(req->a, c.d, "items", 5, items);
	static const char *const states[] = {"all",       "All",       "draft",    "Drafts",
	                                     "published", "Published", "archived", "Archived"};
	mc_json_object_set(req->a, c.d, "states", 6, mc__console_options(req, states, 4, f.state));
	return mc__console_page(req, res, &c, 200, "console_credentials", "Micro-credentials");
}

/* ---- create ---- */

int mc__h_console_credential_new(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	int rc = mc__console_open(req, res, MC_ROLE_EDITOR, "credentials", &c);
	if (rc)
		return rc;
	put_form(req, &c, NULL, false, false, NULL);
	mc_web_put_bool(req, c.d, "creating", true);
	return mc__console_page(req, res, &c, 200, "console_credential", "New micro-credential");
}

int mc__h_console_credential_create(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	int rc = mc__console_open(req, res, MC_ROLE_EDITOR, "credentials", &c);
	if (rc)
		return rc;
	struct mc_json *spec = NULL;
	struct mc_achievement *x;
	if (!(rc = form_spec(req, true, false, &spec)))
		rc = mc_achievement_create(req->app, req->a, c.is->id, spec, &x, &req->err);
	if (rc) {
		int st = mc__console_form_error(req, rc, &c);
		if (st < 0)
			return st;
		if (rc == MC_EEXIST && !strstr(req->err.msg, "slug"))
			mc_err_prefix(&req->err, "slug");
		put_form(req, &c, NULL, true, false, req->err.msg);
		mc_web_put_bool(req, c.d, "creating", true);
		return mc__console_page(req, res, &c, st, "console_credential", "New micro-credential");
	}
	return mc__console_redirect(
	    req, res,
	    mc_arena_printf(req->a, "/console/%s/credentials/%s?done=created", c.is->slug, x->slug));
}

/* ---- edit, publish, archive, requirements ---- */

static const char *const kind_opts[] = {"assignment", "Assignment (rubric, pass threshold)",
                                        "attendance", "Lecture or seminar attendance",
                                        "portfolio",  "Portfolio",
                                        "assessment", "Assessment or skill test",
                                        "conference", "Conference attendance",
                                        "workplace",  "Workplace demonstration"};
static const char *const mode_opts[] = {"online", "Online", "in-person", "In person"};
static const char *const idv_opts[] = {"none",
                                       "None",
                                       "photo-id",
                                       "Photo ID",
                                       "online-proctoring",
                                       "Online proctoring",
                                       "in-person-check",
                                       "In-person check",
                                       "eid",
                                       "eID"};

/* Renders the edit page of x; missing (may be NULL) lists what stops publishing. */
static int edit_page(struct mc_web_req *req, struct mc_web_res *res, struct mc__console *c,
                     struct mc_achievement *x, int status, bool posted, const char *error,
                     const char *req_error, bool show_missing)
{
	struct mc_json *rec;
	int rc = mc_achievement_to_json(req->app, req->a, x, &rec, &req->err);
	if (rc)
		return rc;
	bool fixed = strcmp(x->state, "draft") != 0;
	put_form(req, c, rec, posted, fixed, error);
	mc_json_object_set(req->a, c->d, "credential", 10, rec);
	mc_web_put_bool(req, c->d, "is_draft", strcmp(x->state, "draft") == 0);
	mc_web_put_bool(req, c->d, "is_published", strcmp(x->state, "published") == 0);
	mc_web_put_bool(req, c->d, "is_archived", strcmp(x->state, "archived") == 0);
	struct mc_requirement *reqs;
	size_t nr;
	if ((rc = mc_requirement_list(req->app, req->a, x->id, &reqs, &nr, &req->err)))
		return rc;
	struct mc_json *ra = mc_json_new_array(req->a);
	for (size_t i = 0; i < nr; i++) {
		struct mc_json *o = mc_json_array_push(req->a, ra);
		mc_json_set_object(o);
		mc_web_put_int(req, o, "position", reqs[i].position);
		mc__console_put(req, o, "id", reqs[i].id);
		mc__console_put(req, o, "title", reqs[i].title);
		mc__console_put(req, o, "kind", reqs[i].kind);
		mc__console_put(req, o, "summary", mc_requirement_summary(req->a, &reqs[i]));
	}
	mc_json_object_set(req->a, c->d, "requirements", 12, ra);
	const char *k = req_error ? mc_web_form(req, "kind") : NULL;
	mc_json_object_set(req->a, c->d, "kinds", 5, mc__console_options(req, kind_opts, 6, k));
	mc_json_object_set(
	    req->a, c->d, "modes", 5,
	    mc__console_options(req, mode_opts, 2, req_error ? mc_web_form(req, "mode") : NULL));
	mc_json_object_set(req->a, c->d, "idvs", 4,
	                   mc__console_options(req, idv_opts, 5,
	                                       req_error ? mc_web_form(req, "identity_verification") : NULL));
	if (req_error)
		mc__console_put(req, c->d, "req_error", req_error);

	/* What publishing still needs, always shown on drafts so editors see it coming. */
	const struct mc_eu_element **miss;
	size_t nm;
	if ((rc = mc_achievement_missing(req->app, req->a, x, &miss, &nm, &req->err)))
		return rc;
	struct mc_json *ma = mc_json_new_array(req->a);
	for (size_t i = 0; i < nm; i++) {
		struct mc_json *o = mc_json_array_push(req->a, ma);
		mc_json_set_object(o);
		mc__console_put(req, o, "name", miss[i]->name);
		mc_web_put_bool(req, o, "eu", miss[i]->eu);
		const struct field *f = field_named(miss[i]->field, strlen(miss[i]->field));
		mc__console_put(req, o, "field", f ? f->name : NULL);
		mc__console_put(req, o, "how",
		                f                                       ? NULL
		                : miss[i]->source == MC_EU_FROM_ISSUER  ? "set on the issuer's profile"
		                : strstr(miss[i]->field, "requirement") ? "add a requirement below"
		                                                        : miss[i]->flag);
	}
	mc_json_object_set(req->a, c->d, "missing", 7, ma);
	mc_web_put_bool(req, c->d, "publish_refused", show_missing && nm > 0);
	return mc__console_page(req, res, c, status, "console_credential", x->title);
}

int mc__h_console_credential(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	struct mc_achievement *x;
	int rc = mc__console_open(req, res, MC_ROLE_EDITOR, "credentials", &c);
	if (rc || (rc = load(req, &c, &x)))
		return rc;
	return edit_page(req, res, &c, x, 200, false, NULL, NULL, false);
}

int mc__h_console_credential_update(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	struct mc_achievement *x, *y;
	int rc = mc__console_open(req, res, MC_ROLE_EDITOR, "credentials", &c);
	if (rc || (rc = load(req, &c, &x)))
		return rc;
	struct mc_json *spec = NULL;
	if (!(rc = form_spec(req, false, strcmp(x->state, "draft") != 0, &spec)))
		rc = mc_achievement_update(req->app, req->a, x->id, spec, &y, &req->err);
	if (rc) {
		int st = mc__console_form_error(req, rc, &c);
		return st < 0 ? st : edit_page(req, res, &c, x, st, true, req->err.msg, NULL, false);
	}
	return mc__console_redirect(
	    req, res, mc_arena_printf(req->a, "/console/%s/credentials/%s?done=saved", c.is->slug, y->slug));
}

static int transition(struct mc_web_req *req, struct mc_web_res *res, bool publish)
{
	struct mc__console c;
	struct mc_achievement *x, *y;
	int rc = mc__console_open(req, res, MC_ROLE_EDITOR, "credentials", &c);
	if (rc || (rc = load(req, &c, &x)))
		return rc;
	rc = publish ? mc_achievement_publish(req->app, req->a, x->id, &y, &req->err)
	             : mc_achievement_archive(req->app, req->a, x->id, &y, &req->err);
	if (rc) {
		int st = mc__console_form_error(req, rc, &c);
		return st < 0 ? st : edit_page(req, res, &c, x, st, false, NULL, NULL, publish);
	}
	return mc__console_redirect(req, res,
	                            mc_arena_printf(req->a, "/console/%s/credentials/%s?done=%s", c.is->slug,
	                                            x->slug, publish ? "published" : "archived"));
}

int mc__h_console_credential_publish(struct mc_web_req *req, struct mc_web_res *res)
{
	return transition(req, res, true);
}

int mc__h_console_credential_archive(struct mc_web_req *req, struct mc_web_res *res)
{
	return transition(req, res, false);
}

/* The config members each kind takes (form field = config member). */
static const char *const kind_members[][6] = {
    {"assignment", "rubric", "pass_threshold", NULL},
    {"attendance", "sessions", "session_type", NULL},
    {"portfolio", "min_items", NULL},
    {"assessment", "pass_score", "max_score", "max_attempts", "proctored", "identity_verification"},
    {"conference", "count", NULL},
    {"workplace", NULL},
};

static struct mc_json *number_or_text(struct mc_web_req *req, const char *v)
{
	char *end;
	double d = strtod(v, &end);
	if (*end || end == v)
		return mc_json_new_cstr(req->a, v);
	return d == (double)(int64_t)d ? mc_json_new_int(req->a, (int64_t)d) : mc_json_new_double(req->a, d);
}

static int requirement_spec(struct mc_web_req *req, struct mc_json **out)
{
	const char *kind = mc_web_form(req, "kind");
	struct mc_json *r = mc_json_new_object(req->a), *cfg = mc_json_new_object(req->a);
	const char *k[] = {"kind", "title", "description", "mode"};
	for (int i = 0; i < 4; i++) {
		const char *v = mc_web_form(req, k[i]);
		if (v && *v)
			mc_json_object_set(req->a, r, k[i], strlen(k[i]), mc_json_new_cstr(req->a, v));
	}
	for (size_t i = 0; kind && i < sizeof kind_members / sizeof kind_members[0]; i++) {
		if (strcmp(kind, kind_members[i][0]) != 0)
			continue;
		for (int j = 1; j < 6 && kind_members[i][j]; j++) {
			const char *m = kind_members[i][j], *v = mc_web_form(req, m);
			struct mc_json *jv = NULL;
			if (strcmp(m, "proctored") == 0) {
				jv = mc_json_new_bool(req->a, v && *v);
			} else if (!v || !*(v = trim(req, v, strlen(v)))) {
				continue;
			} else if (strcmp(m, "rubric") == 0) {
				jv = mc_json_new_array(req->a);
				int line = 0;
				for (const char *p = v; p;) {
					const char *e = strchr(p, '\n');
					char *item = trim(req, p, e ? (size_t)(e - p) : strlen(p));
					p = e ? e + 1 : NULL;
					line++;
					if (!*item)
						continue;
					char *eq = strrchr(item, '=');
					if (!eq)
						return mc_err_set(&req->err, MC_EINVAL,
						                  "rubric line %d ('%s') needs the form "
						                  "CRITERION=POINTS, e.g. Analysis=40",
						                  line, item);
					*eq = 0;
					struct mc_json *o = mc_json_array_push(req->a, jv);
					mc_json_set_object(o);
					mc_json_object_set(
					    req->a, o, "criterion", 9,
					    mc_json_new_cstr(req->a, trim(req, item, strlen(item))));
					mc_json_object_set(
					    req->a, o, "points", 6,
					    number_or_text(req, trim(req, eq + 1, strlen(eq + 1))));
				}
			} else if (strcmp(m, "session_type") == 0 ||
			           strcmp(m, "identity_verification") == 0) {
				jv = mc_json_new_cstr(req->a, v);
			} else {
				jv = number_or_text(req, v);
			}
			mc_json_object_set(req->a, cfg, m, strlen(m), jv);
		}
	}
	mc_json_object_set(req->a, r, "config", 6, cfg);
	*out = r;
	return 0;
}

int mc__h_console_requirement_add(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	struct mc_achievement *x;
	int rc = mc__console_open(req, res, MC_ROLE_EDITOR, "credentials", &c);
	if (rc || (rc = load(req, &c, &x)))
		return rc;
	struct mc_json *spec = NULL;
	struct mc_requirement *r;
	if (!(rc = requirement_spec(req, &spec)))
		rc = mc_requirement_add(req->app, req->a, x->id, spec, &r, &req->err);
	if (rc) {
		int st = mc__console_form_error(req, rc, &c);
		if (st < 0)
			return st;
		mc_json_object_remove(c.d, "error");
		return edit_page(req, res, &c, x, st, false, NULL, req->err.msg, false);
	}
	return mc__console_redirect(
	    req, res,
	    mc_arena_printf(req->a, "/console/%s/credentials/%s?done=requirement-added#requirements",
	                    c.is->slug, x->slug));
}

int mc__h_console_requirement_remove(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	struct mc_achievement *x;
	int rc = mc__console_open(req, res, MC_ROLE_EDITOR, "credentials", &c);
	if (rc || (rc = load(req, &c, &x)))
		return rc;
	if ((rc = mc_requirement_remove(req->app, x->id, req->params[2], &req->err))) {
		int st = mc__console_form_error(req, rc, &c);
		if (st < 0)
			return st;
		mc_json_object_remove(c.d, "error");
		return edit_page(req, res, &c, x, st, false, NULL, req->err.msg, false);
	}
	return mc__console_redirect(
	    req, res,
	    mc_arena_printf(req->a, "/console/%s/credentials/%s?done=requirement-removed#requirements",
	                    c.is->slug, x->slug));
}

/* ---- pathways ---- */

/* A rule tree in words, with the titles of the achievements it names. */
static void rule_text(struct mc_web_req *req, const struct mc_json *r, struct mc_buf *b, int depth)
{
	const struct mc_json *list = NULL;
	const char *id = mc_json_get_str(r, "achievement");
	if (id) {
		struct mc_achievement *x;
		struct mc_err ignored = {0};
		mc_buf_puts(b, mc_achievement_get(req->app, req->a, id, &x, &ignored) == 0 ? x->title : id);
		return;
	}
	size_t mark = b->len;
	mc_buf_puts(b, depth ? "(" : "");
	if ((list = mc_json_get(r, "all")))
		mc_buf_puts(b, "all of ");
	else if ((list = mc_json_get(r, "any")))
		mc_buf_puts(b, "any of ");
	else if ((list = mc_json_get(r, "of"))) {
		int64_t n = 0;
		mc_json_number_as_int(mc_json_get(r, "n"), &n);
		mc_buf_printf(b, "%lld of ", (long long)n);
	}
	if (!mc_json_is_array(list)) {
		b->len = mark; /* not a rule: say nothing */
		b->ptr[mark] = 0;
		return;
	}
	for (uint32_t i = 0; i < list->len; i++) {
		if (i)
			mc_buf_puts(b, ", ");
		rule_text(req, &list->v.items[i], b, depth + 1);
	}
	mc_buf_puts(b, depth ? ")" : "");
}

static int pathways_page(struct mc_web_req *req, struct mc_web_res *res, struct mc__console *c, int status)
{
	struct mc_pathway **list;
	size_t n;
	int rc = mc_pathway_list(req->app, req->a, c->is->id, &list, &n, &req->err);
	if (rc)
		return rc;
	struct mc_json *items = mc_json_new_array(req->a);
	for (size_t i = 0; i < n; i++) {
		struct mc_json *it = mc_json_array_push(req->a, items);
		mc_json_set_object(it);
		struct mc_buf b;
		mc_buf_init(&b, 64 * 1024);
		rule_text(req, list[i]->rule, &b, 0);
		mc__console_put(req, it, "title", list[i]->title);
		mc__console_put(req, it, "slug", list[i]->slug);
		mc__console_put(req, it, "state", list[i]->state);
		mc__console_put(req, it, "rule", b.ptr);
		mc__console_put(req, it, "created", mc__console_date(req, list[i]->created_at));
		mc_buf_release(&b);
	}
	mc_json_object_set(req->a, c->d, "pathways", 8, items);
	struct mc_achievement_filter f = {.issuer_ref = c->is->id, .state = "published", .limit = 1000};
	struct mc_achievement **al;
	size_t na, total;
	if ((rc = mc_achievement_list(req->app, req->a, &f, &al, &na, &total, &req->err)))
		return rc;
	struct mc_json *choices = mc_json_new_array(req->a);
	for (size_t i = 0; i < na; i++) {
		struct mc_json *o = mc_json_array_push(req->a, choices);
		mc_json_set_object(o);
		mc__console_put(req, o, "slug", al[i]->slug);
		mc__console_put(req, o, "title", al[i]->title);
		mc__console_put(req, o, "kind", strcmp(al[i]->kind, "pathway") == 0 ? "pathway" : NULL);
		const char *v = mc_web_form(req, mc_arena_printf(req->a, "m_%s", al[i]->slug));
		mc_web_put_bool(req, o, "checked", v && *v);
	}
	mc_json_object_set(req->a, c->d, "choices", 7, choices);
	static const char *const rule_opts[] = {
	    "all", "All of the selected", "any", "Any one of the selected", "n", "N of the selected"};
	mc_json_object_set(req->a, c->d, "rule_kinds", 10,
	                   mc__console_options(req, rule_opts, 3, mc_web_form(req, "rule")));
	return mc__console_page(req, res, c, status, "console_pathways", "Pathways");
}

int mc__h_console_pathways(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	int rc = mc__console_open(req, res, MC_ROLE_EDITOR, "pathways", &c);
	return rc ? rc : pathways_page(req, res, &c, 200);
}

int mc__h_console_pathway_create(struct mc_web_req *req, struct mc_web_res *res)
{
	struct mc__console c;
	int rc = mc__console_open(req, res, MC_ROLE_EDITOR, "pathways", &c);
	if (rc)
		return rc;
	const char *title = mc_web_form(req, "title"), *desc = mc_web_form(req, "description");
	const char *json = mc_web_form(req, "rule_json"), *kind = mc_web_form(req, "rule"),
	           *n_s = mc_web_form(req, "n");
	struct mc_json *form = mc_json_new_object(req->a);
	mc__console_put(req, form, "title", title);
	mc__console_put(req, form, "description", desc);
	mc__console_put(req, form, "rule_json", json);
	mc__console_put(req, form, "n", n_s);
	mc_json_object_set(req->a, c.d, "form", 4, form);

	struct mc_json *rule = NULL;
	if (json && *trim(req, json, strlen(json))) {
		struct mc_json_parse_opts o = {.max_depth = 2 * MC_PATHWAY_MAX_DEPTH + 4,
		                               .max_size = 64 * 1024};
		if ((rc = mc_json_parse(req->a, json, strlen(json), &o, &rule, &req->err)))
			mc_err_prefix(&req->err, "the rule (JSON) is not valid JSON");
	} else {
		/* The checkboxes: the issuer's published micro-credentials. */
		struct mc_achievement_filter f = {
		    .issuer_ref = c.is->id, .state = "published", .limit = 1000};
		struct mc_achievement **al;
		size_t na, total;
		if ((rc = mc_achievement_list(req->app, req->a, &f, &al, &na, &total, &req->err)))
			return rc;
		struct mc_buf b;
		mc_buf_init(&b, MC_BUF_NOLIMIT);
		for (size_t i = 0; i < na; i++) {
			const char *v = mc_web_form(req, mc_arena_printf(req->a, "m_%s", al[i]->slug));
			if (v && *v)
				mc_buf_printf(&b, "%s%s", b.len ? "," : "", al[i]->slug);
		}
		if (!b.len)
			rc = mc_err_set(
			    &req->err, MC_EINVAL,
			    "choose the micro-credentials the pathway is made of, or write the rule as JSON");
		else {
			int64_t n = n_s && *n_s ? strtoll(n_s, NULL, 10) : 0;
			bool nof = kind && strcmp(kind, "n") == 0;
			if (nof && n <= 0)
				rc = mc_err_set(&req->err, MC_EINVAL,
				                "say how many of the selected are needed (N)");
			else
				rule = mc_pathway_rule_from_list(req->a,
				                                 nof                            ? "n"
				                                 : kind && !strcmp(kind, "any") ? "any"
				                                                                : "all",
				                                 nof ? n : 0, mc_arena_strdup(req->a, b.ptr));
		}
		mc_buf_release(&b);
	}
	struct mc_pathway *p;
	if (!rc) {
		struct mc_pathway_input in = {.issuer_ref = c.is->id,
		                              .title = title && *title ? title : NULL,
		                              .description = desc && *desc ? desc : NULL,
		                              .rule = rule};
		if (!in.title)
			rc = mc_err_set(&req->err, MC_EINVAL, "give the pathway a title");
		else
			rc = mc_pathway_create(req->app, req->a, &in, &p, &req->err);
	}
	if (rc) {
		int st = mc__console_form_error(req, rc, &c);
		return st < 0 ? st : pathways_page(req, res, &c, st);
	}
	return mc__console_redirect(
	    req, res, mc_arena_printf(req->a, "/console/%s/pathways?done=pathway-created", c.is->slug));
}
