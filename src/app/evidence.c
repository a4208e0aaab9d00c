/* Evidence: text, URL or file, for an assignment or portfolio requirement. Files are
 * stored content-addressed (SHA-256) with size and type limits. See
 * include/microcred/learning.h for the accepted types and why. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "microcred/encoding.h"

#include "app/learning_internal.h"
#include "store/issuers.h"

/* ---- media types ---- */

struct media {
	const char *type;
	const char *label; /* for messages */
	const char *exts;  /* space-separated, lower case */
};

static const struct media MEDIA[] = {
    {"application/pdf", "a PDF document", "pdf"},      {"image/png", "a PNG image", "png"},
    {"image/jpeg", "a JPEG image", "jpg jpeg"},        {"image/webp", "a WebP image", "webp"},
    {"application/zip", "a ZIP archive", "zip"},       {"text/plain", "plain text", "txt text"},
    {"text/markdown", "Markdown text", "md markdown"},
};
#define N_MEDIA (sizeof(MEDIA) / sizeof(MEDIA[0]))
#define ACCEPTED "PDF, PNG, JPEG, WebP, ZIP, plain text (.txt) or Markdown (.md)"

/* Valid UTF-8 (no overlongs, surrogates or code points past U+10FFFF) without NUL
 * or control characters other than tab, LF and CR. */
static bool is_text(const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = p[i];
		if (c < 0x80) {
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
				return false;
			i++;
			continue;
		}
		size_t len;
		unsigned cp, min;
		if ((c & 0xe0) == 0xc0) {
			len = 2, cp = c & 0x1f, min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			len = 3, cp = c & 0x0f, min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			len = 4, cp = c & 0x07, min = 0x10000;
		} else {
			return false;
		}
		if (i + len > n)
			return false;
		for (size_t k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		i += len;
	}
	return true;
}

static const struct media *media_of_content(const unsigned char *p, size_t n)
{
	if (n >= 5 && memcmp(p, "%PDF-", 5) == 0)
		return &MEDIA[0];
	if (n >= 8 && memcmp(p, "\x89PNG\r\n\x1a\n", 8) == 0)
		return &MEDIA[1];
	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return &MEDIA[2];
	if (n >= 12 && memcmp(p, "RIFF", 4) == 0 && memcmp(p + 8, "WEBP", 4) == 0)
		return &MEDIA[3];
	if (n >= 4 && (memcmp(p, "PK\x03\x04", 4) == 0 || memcmp(p, "PK\x05\x06", 4) == 0))
		return &MEDIA[4];
	if (is_text(p, n))
		return &MEDIA[5];
	return NULL;
}

static const struct media *media_of_ext(const char *ext)
{
	size_t el = strlen(ext);
	for (size_t i = 0; i < N_MEDIA; i++) {
		const char *e = MEDIA[i].exts;
		while (*e) {
			size_t l = strcspn(e, " ");
			if (l == el && strncasecmp(e, ext, l) == 0)
				return &MEDIA[i];
			e += l;
			while (*e == ' ')
				e++;
		}
	}
	return NULL;
}

int mc_evidence_detect_type(const void *p, size_t n, const char *name, const char **media_type,
                            struct mc_err *err)
{
	const char *shown = name && *name ? name : "the file";
	if (n == 0)
		return mc_err_set(err, MC_EINVAL, "%s is empty; upload the file with its content", shown);
	const struct media *m = media_of_content(p, n);
	if (!m)
		return mc_err_set(
		    err, MC_EINVAL,
		    "%s is not of an accepted type (its content is binary data of no accepted kind); "
		    "accepted: " ACCEPTED,
		    shown);
	const char *base = name ? strrchr(name, '/') : NULL;
	base = base ? base + 1 : name;
	const char *dot = base ? strrchr(base, '.') : NULL;
	if (dot && dot != base && dot[1]) {
		const struct media *by_name = media_of_ext(dot + 1);
		if (!by_name)
			return mc_err_set(err, MC_EINVAL,
			                  "files named '*%s' are not accepted (%s); accepted: " ACCEPTED, dot,
			                  shown);
		bool texty = m == &MEDIA[5] && (by_name == &MEDIA[5] || by_name == &MEDIA[6]);
		if (by_name != m && !texty)
			return mc_err_set(
			    err, MC_EINVAL,
			    "%s is named as %s but its content is %s; rename it or upload the right file",
			    shown, by_name->label, m->label);
		m = by_name;
	}
	*media_type = m->type;
	return 0;
}

int mc_evidence_max_file_size(struct mc_app *app, size_t *max, struct mc_err *err)
{
	struct mc_arena a;
	char *v;
	mc_arena_init(&a, 256);
	int rc = mc_setting_get(app, &a, "evidence.max_file_bytes", &v, err);
	*max = MC_EVIDENCE_DEFAULT_MAX_FILE;
	if (!rc && v) {
		char *end;
		unsigned long long n = strtoull(v, &end, 10);
		if (*v >= '0' && *v <= '9' && *end == '\0' && n > 0)
			*max = (size_t)n;
		else
			rc = mc_err_set(
			    err, MC_EINVAL,
			    "setting evidence.max_file_bytes is '%s'; it must be a positive number of bytes",
			    v);
	}
	mc_arena_release(&a);
	return rc;
}

static const char *size_text(struct mc_arena *a, size_t n)
{
	if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
		return mc_arena_printf(a, "%zu MiB", n / (1024 * 1024));
	if (n >= 1024 && n % 1024 == 0)
		return mc_arena_printf(a, "%zu KiB", n / 1024);
	return mc_arena_printf(a, "%zu bytes", n);
}

/* ---- submit ---- */

struct submit_ctx {
	struct mc_evidence *ev;
	const void *file;
	size_t file_len;
};

static int submit_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct submit_ctx *c = p;
	int rc;
	if (c->ev->file_sha256 && (rc = mc__store_file_put(app->db, c->ev->file_sha256, c->file, c->file_len,
	                                                   c->ev->file_media_type, c->ev->submitted_at, err)))
		return rc;
	return mc__store_evidence_insert(app->db, c->ev, err);
}

static int check_url(const char *url, struct mc_err *err)
{
	size_t n = strlen(url);
	if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)
		return mc_err_set(err, MC_EINVAL,
		                  "evidence URL '%s' must be an absolute http(s) URL (https://...)", url);
	if (n > MC_EVIDENCE_MAX_URL)
		return mc_err_set(err, MC_ELIMIT,
		                  "evidence URL is %zu characters long; at most %zu are accepted", n,
		                  MC_EVIDENCE_MAX_URL);
	const char *host = strstr(url, "://") + 3;
	if (!*host || *host == '/')
		return mc_err_set(err, MC_EINVAL, "evidence URL '%s' has no host name", url);
	for (const char *q = url; *q; q++)
		if ((unsigned char)*q <= ' ' || *q == 0x7f)
			return mc_err_set(
			    err, MC_EINVAL,
			    "evidence URL '%s' contains a space or control character; percent-encode it "
			    "(%%20)",
			    url);
	return 0;
}

int mc_evidence_submit(struct mc_app *app, struct mc_arena *a, const struct mc_evidence_input *in,
                       struct mc_evidence **out, struct mc_err *err)
{
	struct mc_enrolment *e;
	struct mc__req_row *req;
	int number, rc;
	int given = (in->text != NULL) + (in->url != NULL) + (in->file != NULL || in->file_name != NULL);
	if (given != 1)
		return mc_err_set(
		    err, MC_EINVAL,
		    "give exactly one of text, URL or file as evidence (--text, --url, --file)");
	if ((rc = mc__learning_active_enrolment(app, a, in->enrolment_id, &e, err)))
		return rc;
	if ((rc = mc__learning_requirement(app, a, e, in->requirement_ref, &req, &number, err)))
		return rc;
	if (strcmp(req->kind, "assignment") != 0 && strcmp(req->kind, "portfolio") != 0) {
		const char *how = strcmp(req->kind, "attendance") == 0 || strcmp(req->kind, "conference") == 0
		                      ? "staff record it with 'microcred attendance record'"
		                      : "staff record it with 'microcred result record'";
		return mc_err_set(
		    err, MC_EINVAL,
		    "requirement %d (%s) is a %s requirement and takes no submitted evidence; %s", number,
		    req->title, req->kind, how);
	}
	if (in->title && strlen(in->title) > 300)
		return mc_err_set(err, MC_EINVAL, "evidence title is %zu bytes long; keep it under 300",
		                  strlen(in->title));

	char now[32];
	mc_app_now_text(app, now);
	struct mc_evidence *ev = MC_ARENA_NEW(a, struct mc_evidence);
	ev->id = mc_app_new_id(a);
	ev->enrolment_id = e->id;
	ev->requirement_id = req->id;
	ev->requirement_title = req->title;
	ev->requirement_kind = req->kind;
	ev->requirement_number = number;
	ev->title = in->title && *in->title ? in->title : NULL;
	ev->state = "submitted";
	ev->is_public = in->is_public;
	ev->submitted_at = mc_arena_strdup(a, now);
	struct submit_ctx c = {.ev = ev};

	if (in->text) {
		size_t n = strlen(in->text);
		if (n == 0)
			return mc_err_set(err, MC_EINVAL, "evidence text is empty; write what you did");
		if (n > MC_EVIDENCE_MAX_TEXT)
			return mc_err_set(
			    err, MC_ELIMIT,
			    "evidence text is %zu bytes; at most %zu are accepted (upload a file instead)", n,
			    MC_EVIDENCE_MAX_TEXT);
		if (!is_text((const unsigned char *)in->text, n))
			return mc_err_set(err, MC_EINVAL,
			                  "evidence text is not valid UTF-8 or contains control characters");
		ev->kind = "text";
		ev->text = in->text;
	} else if (in->url) {
		if ((rc = check_url(in->url, err)))
			return rc;
		ev->kind = "url";
		ev->url = in->url;
	} else {
		size_t max;
		const char *shown = in->file_name && *in->file_name ? in->file_name : "the file";
		if ((rc = mc_evidence_max_file_size(app, &max, err)))
			return rc;
		if (in->file_len > max)
			return mc_err_set(err, MC_ELIMIT,
			                  "%s is %zu bytes, over the upload limit of %s; make it smaller",
			                  shown, in->file_len, size_text(a, max));
		if ((rc = mc_evidence_detect_type(in->file ? in->file : "", in->file_len, in->file_name,
		                                  &ev->file_media_type, err)))
			return rc;
		unsigned char d[crypto_hash_sha256_BYTES];
		crypto_hash_sha256(d, in->file, in->file_len);
		struct mc_buf hex;
		mc_buf_init(&hex, MC_BUF_NOLIMIT);
		mc_hex_encode(&hex, d, sizeof(d));
		ev->file_sha256 = mc_arena_strdup(a, hex.ptr);
		mc_buf_release(&hex);
		const char *base = in->file_name ? strrchr(in->file_name, '/') : NULL;
		ev->file_name = base ? base + 1 : in->file_name;
		ev->file_size = (int64_t)in->file_len;
		ev->kind = "file";
		c.file = in->file;
		c.file_len = in->file_len;
	}
	if ((rc = mc_app_tx(app, MC_TX_WRITE, submit_tx, &c, err)))
		return rc;
	*out = ev;
	return 0;
}

/* ---- reading ---- */

/* May viewer (user id or email, NULL = anyone) see the private evidence of e? */
static int may_see_private(struct mc_app *app, struct mc_arena *a, const struct mc_enrolment *e,
                           const char *viewer, bool *ok, struct mc_err *err)
{
	struct mc_user *u;
	*ok = false;
	if (!viewer || !*viewer)
		return 0;
	int rc = mc__store_user_find(app->db, a, viewer, &u, err);
	if (rc == MC_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	if (strcmp(u->id, e->user_id) == 0) {
		*ok = true;
		return 0;
	}
	enum mc_role role;
	if ((rc = mc_staff_role(app, e->issuer_id, u->id, &role, err)))
		return rc;
	*ok = role != MC_ROLE_NONE;
	return 0;
}

static int number_evidence(struct mc_app *app, struct mc_arena *a, const struct mc_enrolment *e,
                           struct mc_evidence **list, size_t n, struct mc_err *err)
{
	struct mc__req_row *reqs;
	size_t nr;
	int rc = mc__store_learning_requirements(app->db, a, e->achievement_id, &reqs, &nr, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		list[i]->requirement_number =
		    mc__learning_requirement_number(reqs, nr, list[i]->requirement_id);
	return 0;
}

int mc_evidence_get(struct mc_app *app, struct mc_arena *a, const char *id, const char *viewer_user_id,
                    struct mc_evidence **out, struct mc_err *err)
{
	struct mc_evidence *ev;
	struct mc_enrolment *e;
	bool ok;
	int rc = mc__store_evidence_get(app->db, a, id ? id : "", &ev, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(err, MC_ENOTFOUND,
		                  "no evidence '%s' ('microcred evidence list --enrolment ID' lists it)",
		                  id ? id : "");
	if (rc || (rc = mc_enrolment_get(app, a, ev->enrolment_id, &e, err)))
		return rc;
	if (!ev->is_public) {
		if ((rc = may_see_private(app, a, e, viewer_user_id, &ok, err)))
			return rc;
		if (!ok)
			return mc_err_set(
			    err, MC_EAUTH,
			    "evidence %s is private to the learner and the issuer's staff; view it as one "
			    "of them (--as EMAIL)",
			    id);
	}
	if ((rc = number_evidence(app, a, e, &ev, 1, err)))
		return rc;
	*out = ev;
	return 0;
}

int mc_evidence_list(struct mc_app *app, struct mc_arena *a, const char *enrolment_id,
                     const char *viewer_user_id, struct mc_evidence ***out, size_t *n, size_t *hidden,
                     struct mc_err *err)
{
	struct mc_enrolment *e;
	struct mc_evidence **all;
	size_t na;
	bool ok;
	int rc = mc_enrolment_get(app, a, enrolment_id, &e, err);
	if (rc || (rc = mc__store_evidence_list(app->db, a, e->id, &all, &na, err)) ||
	    (rc = may_see_private(app, a, e, viewer_user_id, &ok, err)))
		return rc;
	*n = 0;
	*hidden = 0;
	*out = mc_arena_alloc(a, (na ? na : 1) * sizeof(**out));
	for (size_t i = 0; i < na; i++) {
		if (ok || all[i]->is_public)
			(*out)[(*n)++] = all[i];
		else
			(*hidden)++;
	}
	return number_evidence(app, a, e, *out, *n, err);
}

int mc_evidence_file(struct mc_app *app, struct mc_arena *a, const char *sha256_hex, const void **bytes,
                     size_t *len, const char **media_type, struct mc_err *err)
{
	int rc = mc__store_file_get(app->db, a, sha256_hex ? sha256_hex : "", bytes, len, media_type, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(err, MC_ENOTFOUND, "no stored file with SHA-256 %s",
		                  sha256_hex ? sha256_hex : "");
	return rc;
}
