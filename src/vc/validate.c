/* Credential validation: the problem list, JSONPath rendering, the credential-level
 * checks (@context, type, dates) and the report summary. The per-class tables and
 * the object walk are in model_ob3.c; see include/microcred/credential.h. */
#include <stdio.h>
#include <string.h>

#include "vc/model_internal.h"

#define VC_V1_CONTEXT "https://www.w3.org/2018/credentials/v1"
#define VC_V2_CONTEXT "https://www.w3.org/ns/credentials/v2"
#define OB_CONTEXT_CURRENT "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

/* ---- problems ---- */

void mc_problems_init(struct mc_problems *p, struct mc_arena *a)
{
	memset(p, 0, sizeof(*p));
	p->arena = a;
	p->limit = 100;
}

const struct mc_problem *mc_problems_find(const struct mc_problems *p, const char *path, const char *code)
{
	for (size_t i = 0; i < p->len; i++)
		if (strcmp(p->items[i].path, path) == 0 && (!code || strcmp(p->items[i].code, code) == 0))
			return &p->items[i];
	return NULL;
}

static bool is_plain_key(const char *k, size_t n)
{
	if (n == 0 || !((k[0] >= 'a' && k[0] <= 'z') || (k[0] >= 'A' && k[0] <= 'Z') || k[0] == '_'))
		return false;
	for (size_t i = 1; i < n; i++) {
		char ch = k[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      ch == '_'))
			return false;
	}
	return true;
}

static void path_key(struct mc_buf *b, const char *k, size_t n)
{
	if (is_plain_key(k, n)) {
		mc_buf_putc(b, '.');
		mc_buf_append(b, k, n);
		return;
	}
	mc_buf_puts(b, "['");
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)k[i];
		if (ch == '\'' || ch == '\\')
			mc_buf_putc(b, '\\');
		if (ch < 0x20)
			mc_buf_printf(b, "\\u%04x", ch);
		else
			mc_buf_putc(b, (char)ch);
	}
	mc_buf_puts(b, "']");
}

void mc__vreport(struct mc__vctx *c, const char *key, enum mc_severity sev, const char *code, const char *fmt,
                 ...)
{
	struct mc_problems *out = c->out;
	if (sev == MC_SEVERITY_ERROR)
		out->errors++;
	else
		out->warnings++;
	if (out->len >= (out->limit ? out->limit : 100))
		return;
	out->items = mc_arena_grow(out->arena, out->items, out->len, &out->cap, sizeof(*out->items));
	struct mc_buf b;
	mc_buf_init(&b, 4096);
	mc_buf_putc(&b, '$');
	for (size_t i = 0; i < c->depth; i++) {
		const struct mc__vseg *s = &c->path[i];
		if (s->key)
			path_key(&b, s->key, s->key_len);
		else
			mc_buf_printf(&b, "[%zu]", s->index);
	}
	if (key)
		path_key(&b, key, strlen(key));
	struct mc_problem *p = &out->items[out->len++];
	p->path = mc_arena_strndup(out->arena, b.ptr, b.len);
	mc_buf_release(&b);
	p->code = code;
	p->severity = sev;
	va_list ap;
	va_start(ap, fmt);
	p->message = mc_arena_vprintf(out->arena, fmt, ap);
	va_end(ap);
}

bool mc__vpush_key(struct mc__vctx *c, const char *key, size_t len)
{
	if (c->depth == MC__VPATH_MAX) {
		if (!c->overflow_reported) {
			c->overflow_reported = true;
			mc__vreport(
			    c, NULL, MC_SEVERITY_ERROR, "limit",
			    "The credential nests deeper than %d levels here, which no Open Badge needs; "
			    "flatten the embedded objects.",
			    MC__VPATH_MAX);
		}
		return false;
	}
	c->path[c->depth++] = (struct mc__vseg){key, len, 0};
	return true;
}

bool mc__vpush_index(struct mc__vctx *c, size_t index)
{
	if (!mc__vpush_key(c, NULL, 0))
		return false;
	c->path[c->depth - 1].index = index;
	return true;
}

/* ---- lexical rules ---- */

static bool is_alpha(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}
static bool is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/* RFC 3987 absolute IRI, as far as a verifier needs: a scheme (RFC 3986 §3.1), a
 * colon, something after it, and no character that no IRI may contain (controls,
 * space, <>"{}|\^`). Relative references are exactly what JSON-LD would resolve
 * against nothing and drop. */
bool mc__is_absolute_iri(const char *s, size_t n)
{
	size_t i = 0;
	if (n == 0 || !is_alpha(s[0]))
		return false;
	while (i < n && (is_alpha(s[i]) || is_digit(s[i]) || s[i] == '+' || s[i] == '-' || s[i] == '.'))
		i++;
	if (i == n || s[i] != ':' || i + 1 == n)
		return false;
	for (i++; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch <= 0x20 || ch == 0x7f)
			return false;
		switch (ch) {
		case '<':
		case '>':
		case '"':
		case '{':
		case '}':
		case '|':
		case '\\':
		case '^':
		case '`': return false;
		default: break;
		}
	}
	return true;
}

/* The OB schema's ^[a-z]{2,4}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$ */
bool mc__is_language_code(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && s[i] >= 'a' && s[i] <= 'z')
		i++;
	if (i < 2 || i > 4)
		return false;
	if (i + 5 <= n && s[i] == '-' && s[i + 1] >= 'A' && s[i + 1] <= 'Z' && s[i + 2] >= 'a' &&
	    s[i + 2] <= 'z' && s[i + 3] >= 'a' && s[i + 3] <= 'z' && s[i + 4] >= 'a' && s[i + 4] <= 'z' &&
	    (i + 5 == n || s[i + 5] == '-'))
		i += 5;
	if (i == n)
		return true;
	if (s[i] != '-')
		return false;
	i++;
	if (n - i == 2 && s[i] >= 'A' && s[i] <= 'Z' && s[i + 1] >= 'A' && s[i + 1] <= 'Z')
		return true;
	return n - i == 3 && is_digit(s[i]) && is_digit(s[i + 1]) && is_digit(s[i + 2]);
}

static bool is_b64url(char ch)
{
	return is_alpha(ch) || is_digit(ch) || ch == '-' || ch == '_';
}

/* ^[a-zA-Z0-9_-]+\.[a-zA-Z0-9_-]*\.[a-zA-Z0-9_-]+$ */
bool mc__is_compact_jws(const char *s, size_t n)
{
	size_t part_len[3] = {0, 0, 0};
	size_t part = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (++part > 2)
				return false;
		} else if (is_b64url(s[i])) {
			part_len[part]++;
		} else {
			return false;
		}
	}
	return part == 2 && part_len[0] > 0 && part_len[2] > 0;
}

bool mc__is_date(const char *s, size_t n)
{
	char buf[21];
	struct mc_time t;
	if (n != 10)
		return false;
	memcpy(buf, s, 10);
	memcpy(buf + 10, "T00:00:00Z", 11);
	return mc_time_parse(&t, buf, 20, NULL) == 0;
}

/* ---- credential-level checks ---- */

static bool str_is(const struct mc_json *v, const char *s)
{
	size_t n = strlen(s);
	return v && v->type == MC_JSON_STRING && v->len == n && memcmp(v->v.str, s, n) == 0;
}

static bool type_has(const struct mc_json *t, const char *name)
{
	if (!t)
		return false;
	if (t->type == MC_JSON_STRING)
		return str_is(t, name);
	if (t->type != MC_JSON_ARRAY)
		return false;
	for (uint32_t i = 0; i < t->len; i++)
		if (str_is(&t->v.items[i], name))
			return true;
	return false;
}

enum mc_cred_kind mc_credential_kind(const struct mc_json *cred)
{
	const struct mc_json *t = mc_json_get(cred, "type");
	if (type_has(t, "OpenBadgeCredential") || type_has(t, "AchievementCredential"))
		return MC_CRED_ACHIEVEMENT;
	if (type_has(t, "EndorsementCredential"))
		return MC_CRED_ENDORSEMENT;
	return MC_CRED_VC;
}

const char *mc_cred_kind_name(enum mc_cred_kind k)
{
	switch (k) {
	case MC_CRED_ACHIEVEMENT: return "OpenBadgeCredential";
	case MC_CRED_ENDORSEMENT: return "EndorsementCredential";
	case MC_CRED_VC: return "VerifiableCredential";
	default: return "credential";
	}
}

/* ^https://purl.imsglobal.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$ */
static bool is_ob_context(const struct mc_json *v)
{
	static const char prefix[] = "https://purl.imsglobal.org/spec/ob/v3p0/context";
	if (!v || v->type != MC_JSON_STRING || v->len < sizeof(prefix) - 1 + 5)
		return false;
	const char *s = v->v.str, *end = s + v->len;
	if (memcmp(s, prefix, sizeof(prefix) - 1) != 0)
		return false;
	s += sizeof(prefix) - 1;
	while (end - s >= 6 && s[0] == '-' && s[1] == '3' && s[2] == '.' && is_digit(s[3]) && s[4] == '.' &&
	       is_digit(s[5]))
		s += 6;
	return end - s == 5 && memcmp(s, ".json", 5) == 0;
}

static void check_context(struct mc__vctx *c, const struct mc_json *ctx, enum mc_cred_kind kind)
{
	bool ob = kind == MC_CRED_ACHIEVEMENT || kind == MC_CRED_ENDORSEMENT;
	if (!ctx) {
		mc__vreport(c, "@context", MC_SEVERITY_ERROR, "required",
		            "The credential has no \"@context\"; add [\"" VC_V2_CONTEXT "\"%s].",
		            ob ? ", \"" OB_CONTEXT_CURRENT "\"" : "");
		return;
	}
	if (!mc__vpush_key(c, "@context", 8))
		return;
	const struct mc_json *items = ctx;
	size_t n = 1;
	if (ctx->type == MC_JSON_ARRAY) {
		items = ctx->v.items;
		n = ctx->len;
	} else if (ob) {
		mc__vreport(
		    c, NULL, MC_SEVERITY_ERROR, "context",
		    "\"@context\" of an Open Badge must be an array that starts with the VC context and the "
		    "OB 3.0 context; write [\"" VC_V2_CONTEXT "\", \"" OB_CONTEXT_CURRENT "\"].");
	}
	if (n == 0) {
		mc__vreport(c, NULL, MC_SEVERITY_ERROR, "context",
		            "\"@context\" is empty; its first entry must be \"" VC_V2_CONTEXT "\".");
		mc__vpop(c);
		return;
	}
	/* The first entry decides the version: VC 2.0 or the VC 1.1 input form. */
	if (str_is(&items[0], VC_V2_CONTEXT)) {
		c->version = MC_VC_2_0;
	} else if (str_is(&items[0], VC_V1_CONTEXT)) {
		c->version = MC_VC_1_1;
	} else {
		bool elsewhere = false;
		for (size_t i = 1; i < n; i++)
			if (str_is(&items[i], VC_V2_CONTEXT) || str_is(&items[i], VC_V1_CONTEXT))
				elsewhere = true;
		bool pushed = ctx->type == MC_JSON_ARRAY && mc__vpush_index(c, 0);
		if (elsewhere)
			mc__vreport(
			    c, NULL, MC_SEVERITY_ERROR, "context",
			    "The VC context must be the first \"@context\" entry; move it to the front.");
		else
			mc__vreport(c, NULL, MC_SEVERITY_ERROR, "context",
			            "The first \"@context\" entry must be \"" VC_V2_CONTEXT
			            "\" (or \"" VC_V1_CONTEXT "\" for the VC 1.1 form); add it in front.");
		if (pushed)
			mc__vpop(c);
	}
	for (size_t i = 0; i < n && ctx->type == MC_JSON_ARRAY; i++) {
		if (items[i].type == MC_JSON_STRING || items[i].type == MC_JSON_OBJECT)
			continue;
		if (mc__vpush_index(c, i)) {
			mc__vreport(
			    c, NULL, MC_SEVERITY_ERROR, "json-type",
			    "Each \"@context\" entry must be a URL string or a context object, not %s.",
			    items[i].type == MC_JSON_ARRAY ? "an array" : "a number, boolean or null");
			mc__vpop(c);
		}
	}
	if (ob) {
		/* Position 2 is the OB context; the VC context checked above is position 1. */
		size_t at = n;
		for (size_t i = 0; i < n; i++)
			if (is_ob_context(&items[i])) {
				at = i;
				break;
			}
		if (at == n) {
			mc__vreport(c, NULL, MC_SEVERITY_ERROR, "context",
			            "\"@context\" has no Open Badges 3.0 context; add \"" OB_CONTEXT_CURRENT
			            "\" as its second entry.");
		} else if (at != 1 && n > 1 && (c->version != MC_VC_UNKNOWN || at != 0)) {
			if (mc__vpush_index(c, at)) {
				mc__vreport(c, NULL, MC_SEVERITY_ERROR, "context",
				            "The Open Badges 3.0 context must be the second \"@context\" "
				            "entry, right "
				            "after the VC context; move it there.");
				mc__vpop(c);
			}
		} else if (c->version == MC_VC_2_0 && !str_is(&items[at], OB_CONTEXT_CURRENT)) {
			if (mc__vpush_index(c, at)) {
				mc__vreport(
				    c, NULL, MC_SEVERITY_WARNING, "context",
				    "\"%.80s\" is an older Open Badges context; with the VC 2.0 context the "
				    "OB 3.0 specification requires \"" OB_CONTEXT_CURRENT "\".",
				    items[at].v.str);
				mc__vpop(c);
			}
		}
	}
	mc__vpop(c);
}

static void check_cred_type(struct mc__vctx *c, const struct mc_json *t, enum mc_cred_kind kind)
{
	if (!t) {
		mc__vreport(
		    c, "type", MC_SEVERITY_ERROR, "required",
		    "The credential has no \"type\"; add \"type\": [\"VerifiableCredential\", \"%s\"].",
		    kind == MC_CRED_VC ? "..." : mc_cred_kind_name(kind));
		return;
	}
	if (!mc__vpush_key(c, "type", 4))
		return;
	if (t->type == MC_JSON_ARRAY) {
		for (uint32_t i = 0; i < t->len; i++) {
			if (t->v.items[i].type == MC_JSON_STRING || !mc__vpush_index(c, i))
				continue;
			mc__vreport(c, NULL, MC_SEVERITY_ERROR, "json-type",
			            "Each credential \"type\" must be a string, not %s.",
			            t->v.items[i].type == MC_JSON_OBJECT ? "an object"
			                                                 : "another kind of value");
			mc__vpop(c);
		}
	} else if (t->type != MC_JSON_STRING) {
		mc__vreport(
		    c, NULL, MC_SEVERITY_ERROR, "json-type",
		    "The credential \"type\" must be an array of strings such as [\"VerifiableCredential\", "
		    "\"OpenBadgeCredential\"].");
		mc__vpop(c);
		return;
	}
	if (!type_has(t, "VerifiableCredential"))
		mc__vreport(c, NULL, MC_SEVERITY_ERROR, "class",
		            "The credential \"type\" must include \"VerifiableCredential\"; add it.");
	if (kind == MC_CRED_ACHIEVEMENT && !type_has(t, "OpenBadgeCredential") &&
	    !type_has(t, "AchievementCredential"))
		mc__vreport(c, NULL, MC_SEVERITY_ERROR, "class",
		            "The credential \"type\" must include \"OpenBadgeCredential\" (or its alias "
		            "\"AchievementCredential\") to be an Open Badge; add it.");
	if (kind == MC_CRED_ENDORSEMENT && !type_has(t, "EndorsementCredential"))
		mc__vreport(c, NULL, MC_SEVERITY_ERROR, "class",
		            "The credential \"type\" must include \"EndorsementCredential\"; add it.");
	mc__vpop(c);
}

#define REQ MC__P_REQUIRED
#define MANY MC__P_MANY

extern const struct mc__vclass mc__class_achievement_subject;

/* The credential classes. Dates are listed in both forms; which one is required
 * depends on the version and is checked in check_dates(). */
static const struct mc__vprop achievement_cred_props[] = {
    {"id", MC__V_URI, REQ, NULL, "a URI for the credential, e.g. \"urn:uuid:...\""},
    {"name", MC__V_STRING, 0, NULL, NULL},
    {"description", MC__V_STRING, 0, NULL, NULL},
    {"image", MC__V_OBJECT, 0, &mc__class_image, NULL},
    {"awardedDate", MC__V_DATETIME, 0, NULL, NULL},
    {"credentialSubject", MC__V_OBJECT, REQ, &mc__class_achievement_subject,
     "an AchievementSubject with the recipient and the achievement"},
    {"endorsement", MC__V_ENDORSEMENT, MANY, NULL, NULL},
    {"endorsementJwt", MC__V_JWS, MANY, NULL, NULL},
    {"evidence", MC__V_OBJECT, MANY, &mc__class_evidence, NULL},
    {"issuer", MC__V_PROFILE_REF, REQ, NULL, "the issuer's Profile (with id, type and name)"},
    {"validFrom", MC__V_DATETIME, 0, NULL, NULL},
    {"validUntil", MC__V_DATETIME, 0, NULL, NULL},
    {"issuanceDate", MC__V_DATETIME, 0, NULL, NULL},
    {"expirationDate", MC__V_DATETIME, 0, NULL, NULL},
    {"proof", MC__V_OBJECT, MANY, &mc__class_proof, NULL},
    {"credentialSchema", MC__V_OBJECT, MANY, &mc__class_credential_schema, NULL},
    {"credentialStatus", MC__V_OBJECT, 0, &mc__class_credential_status, NULL},
    {"refreshService", MC__V_OBJECT, 0, &mc__class_refresh_service, NULL},
    {"termsOfUse", MC__V_OBJECT, MANY, &mc__class_terms_of_use, NULL},
};

static const struct mc__vprop endorsement_cred_props[] = {
    {"id", MC__V_URI, REQ, NULL, "a URI for the endorsement, e.g. \"urn:uuid:...\""},
    {"name", MC__V_STRING, REQ, NULL, "a name for the endorsement"},
    {"description", MC__V_STRING, 0, NULL, NULL},
    {"credentialSubject", MC__V_OBJECT, REQ, &mc__class_endorsement_subject,
     "an EndorsementSubject naming what is endorsed"},
    {"awardedDate", MC__V_DATETIME, 0, NULL, NULL},
    {"issuer", MC__V_PROFILE_REF, REQ, NULL, "the endorser's Profile (with id, type and name)"},
    {"validFrom", MC__V_DATETIME, 0, NULL, NULL},
    {"validUntil", MC__V_DATETIME, 0, NULL, NULL},
    {"issuanceDate", MC__V_DATETIME, 0, NULL, NULL},
    {"expirationDate", MC__V_DATETIME, 0, NULL, NULL},
    {"proof", MC__V_OBJECT, MANY, &mc__class_proof, NULL},
    {"credentialSchema", MC__V_OBJECT, MANY, &mc__class_credential_schema, NULL},
    {"credentialStatus", MC__V_OBJECT, 0, &mc__class_credential_status, NULL},
    {"refreshService", MC__V_OBJECT, 0, &mc__class_refresh_service, NULL},
    {"termsOfUse", MC__V_OBJECT, MANY, &mc__class_terms_of_use, NULL},
};

/* VC Data Model 2.0 (and 1.1): several statuses, schemas and refresh services are
 * allowed; issuer is a URL or an object with an id. */
static const struct mc__vprop vc_props[] = {
    {"id", MC__V_URI, 0, NULL, NULL},
    {"name", MC__V_ANY, 0, NULL, NULL}, /* a string or language map in VC 2.0 */
    {"description", MC__V_ANY, 0, NULL, NULL},
    {"credentialSubject", MC__V_OBJECT, REQ | MANY, &mc__class_vc_subject, "an object with the claims"},
    {"issuer", MC__V_OBJECT, REQ, &mc__class_vc_issuer, "the issuer's URL or DID"},
    {"validFrom", MC__V_DATETIME, 0, NULL, NULL},
    {"validUntil", MC__V_DATETIME, 0, NULL, NULL},
    {"issuanceDate", MC__V_DATETIME, 0, NULL, NULL},
    {"expirationDate", MC__V_DATETIME, 0, NULL, NULL},
    {"evidence", MC__V_OBJECT, MANY, &mc__class_evidence, NULL},
    {"proof", MC__V_OBJECT, MANY, &mc__class_proof, NULL},
    {"credentialSchema", MC__V_OBJECT, MANY, &mc__class_credential_schema, NULL},
    {"credentialStatus", MC__V_OBJECT, MANY, &mc__class_vc_status, NULL},
    {"refreshService", MC__V_OBJECT, MANY, &mc__class_refresh_service, NULL},
    {"termsOfUse", MC__V_OBJECT, MANY, &mc__class_terms_of_use, NULL},
};

/* A generic VC's issuer may be a plain URL: check it here instead of as an object. */
static void check_vc_issuer(struct mc__vctx *c, const struct mc_json *cred)
{
	const struct mc_json *iss = mc_json_get(cred, "issuer");
	if (!iss || iss->type != MC_JSON_STRING)
		return;
	if (!mc__is_absolute_iri(iss->v.str, iss->len))
		mc__vreport(c, "issuer", MC_SEVERITY_ERROR, "uri",
		            "\"issuer\" is \"%.80s\", which is not an absolute URI; give the issuer's full "
		            "URL or DID.",
		            iss->v.str);
}

static bool read_time(const struct mc_json *cred, const char *key, struct mc_time *t)
{
	const struct mc_json *v = mc_json_get(cred, key);
	return mc_json_is_string(v) && mc_time_parse(t, v->v.str, v->len, NULL) == 0;
}

static void check_dates(struct mc__vctx *c, const struct mc_json *cred, enum mc_cred_kind kind,
                        struct mc_cred_info *info)
{
	bool v2_from = mc_json_get(cred, "validFrom") != NULL,
	     v2_until = mc_json_get(cred, "validUntil") != NULL;
	bool v1_from = mc_json_get(cred, "issuanceDate") != NULL,
	     v1_until = mc_json_get(cred, "expirationDate") != NULL;
	enum mc_vc_version ver = c->version;
	if (ver == MC_VC_UNKNOWN)
		ver = v1_from && !v2_from ? MC_VC_1_1 : MC_VC_2_0;
	const char *from_key = ver == MC_VC_1_1 ? "issuanceDate" : "validFrom";
	const char *until_key = ver == MC_VC_1_1 ? "expirationDate" : "validUntil";
	if (ver == MC_VC_1_1) {
		if (!v1_from)
			mc__vreport(
			    c, "issuanceDate", MC_SEVERITY_ERROR, "required",
			    "A VC 1.1 credential needs \"issuanceDate\" (an RFC 3339 date-time such as "
			    "\"2025-01-15T09:00:00Z\"); add it, or move to the VC 2.0 form with "
			    "\"validFrom\".");
		if (v2_from || v2_until)
			mc__vreport(c, v2_from ? "validFrom" : "validUntil", MC_SEVERITY_WARNING, "version",
			            "\"validFrom\"/\"validUntil\" are VC 2.0 names but the credential uses "
			            "the VC 1.1 "
			            "context, where the dates are \"issuanceDate\"/\"expirationDate\"; use "
			            "one form.");
	} else {
		if (!v2_from && kind != MC_CRED_VC)
			mc__vreport(
			    c, "validFrom", MC_SEVERITY_ERROR, "required",
			    "The credential has no \"validFrom\"; add the date-time from which it is valid, "
			    "e.g. \"2025-01-15T09:00:00Z\".");
		if (v1_from || v1_until)
			mc__vreport(
			    c, v1_from ? "issuanceDate" : "expirationDate", MC_SEVERITY_WARNING, "version",
			    "\"issuanceDate\"/\"expirationDate\" are VC 1.1 names that VC 2.0 replaced with "
			    "\"validFrom\"/\"validUntil\"; rename them.");
	}
	struct mc_time from, until;
	bool has_from = read_time(cred, from_key, &from);
	bool has_until = read_time(cred, until_key, &until);
	if (has_from && has_until && mc_time_cmp(&from, &until) > 0)
		mc__vreport(
		    c, until_key, MC_SEVERITY_ERROR, "order",
		    "\"%s\" is earlier than \"%s\", so the credential is never valid; correct one of the "
		    "two dates.",
		    until_key, from_key);
	if (info) {
		info->has_from = has_from;
		info->has_until = has_until;
		if (has_from)
			info->from = from;
		if (has_until)
			info->until = until;
	}
}

void mc__validate_credential(struct mc__vctx *c, const struct mc_json *cred, enum mc_cred_kind kind,
                             struct mc_cred_info *info)
{
	if (!mc_json_is_object(cred)) {
		mc__vreport(c, NULL, MC_SEVERITY_ERROR, "json-type",
		            "A credential must be a JSON object, not %s.",
		            cred && cred->type == MC_JSON_ARRAY ? "an array" : "this value");
		return;
	}
	enum mc_vc_version saved_version = c->version;
	bool saved_ob = c->ob;
	const struct mc_json *ctx = mc_json_get(cred, "@context");
	const struct mc_json *type = mc_json_get(cred, "type");
	if (kind == MC_CRED_UNKNOWN) {
		kind = mc_credential_kind(cred);
		if (kind == MC_CRED_VC && ctx && ctx->type == MC_JSON_ARRAY && ctx->len > 1 &&
		    is_ob_context(&ctx->v.items[1]))
			mc__vreport(
			    c, "type", MC_SEVERITY_WARNING, "class",
			    "The credential uses the Open Badges 3.0 context but its \"type\" has neither "
			    "\"OpenBadgeCredential\" nor \"EndorsementCredential\", so it is checked as a "
			    "plain "
			    "verifiable credential; add the Open Badge type if it is meant to be one.");
	}
	c->ob = kind == MC_CRED_ACHIEVEMENT || kind == MC_CRED_ENDORSEMENT;
	c->version = MC_VC_UNKNOWN;
	check_context(c, ctx, kind);
	if (c->version == MC_VC_1_1)
		mc__vreport(c, "@context", MC_SEVERITY_WARNING, "version",
		            "The credential uses the VC Data Model 1.1 form (\"" VC_V1_CONTEXT
		            "\"); it is accepted, but Open Badges 3.0 now issues VC 2.0 credentials.");
	check_cred_type(c, type, kind);

	const struct mc__vprop *props = vc_props;
	size_t n = sizeof(vc_props) / sizeof(vc_props[0]);
	const char *owner = "the credential";
	if (kind == MC_CRED_ACHIEVEMENT) {
		props = achievement_cred_props;
		n = sizeof(achievement_cred_props) / sizeof(achievement_cred_props[0]);
		owner = "the OpenBadgeCredential";
	} else if (kind == MC_CRED_ENDORSEMENT) {
		props = endorsement_cred_props;
		n = sizeof(endorsement_cred_props) / sizeof(endorsement_cred_props[0]);
		owner = "the EndorsementCredential";
	}
	if (kind == MC_CRED_VC) {
		/* Walk the members with issuer-as-string tolerated: skip issuer when it is a string. */
		const struct mc_json *iss = mc_json_get(cred, "issuer");
		if (iss && iss->type == MC_JSON_STRING) {
			static const struct mc__vprop issuer_any = {"issuer", MC__V_ANY, REQ, NULL, NULL};
			struct mc__vprop local[sizeof(vc_props) / sizeof(vc_props[0])];
			memcpy(local, vc_props, sizeof(vc_props));
			for (size_t i = 0; i < n; i++)
				if (strcmp(local[i].name, "issuer") == 0)
					local[i] = issuer_any;
			check_vc_issuer(c, cred);
			mc__vmembers(c, cred, local, n, owner, 0);
		} else {
			mc__vmembers(c, cred, props, n, owner, 0);
		}
	} else {
		mc__vmembers(c, cred, props, n, owner, 0);
	}
	check_dates(c, cred, kind, info);
	if (info) {
		info->kind = kind;
		info->version = c->version;
		info->type_name = mc_cred_kind_name(kind);
		if (kind == MC_CRED_ACHIEVEMENT && type_has(type, "AchievementCredential") &&
		    !type_has(type, "OpenBadgeCredential"))
			info->type_name = "AchievementCredential";
	}
	c->version = saved_version;
	c->ob = saved_ob;
}

int mc_credential_validate(const struct mc_json *cred, const struct mc_validate_opts *opts,
                           struct mc_problems *out, struct mc_cred_info *info)
{
	struct mc__vctx c;
	c.out = out;
	c.version = MC_VC_UNKNOWN;
	c.ob = false;
	c.depth = 0;
	c.overflow_reported = false;
	if (info)
		memset(info, 0, sizeof(*info));
	size_t errors_before = out->errors;
	mc__validate_credential(&c, cred, opts ? opts->kind : MC_CRED_UNKNOWN, info);
	return out->errors > errors_before ? MC_EVERIFY : 0;
}

/* ---- report ---- */

static const char *version_name(enum mc_vc_version v)
{
	return v == MC_VC_1_1   ? "VC Data Model 1.1"
	       : v == MC_VC_2_0 ? "VC Data Model 2.0"
	                        : "unknown VC version";
}

int mc_credential_check_structure(struct mc_report *r, const struct mc_json *cred,
                                  const struct mc_validate_opts *opts)
{
	struct mc_problems p;
	struct mc_cred_info info;
	mc_problems_init(&p, r->arena);
	int rc = mc_credential_validate(cred, opts, &p, &info);

	/* Date order gets its own check; everything else is "structure". */
	const struct mc_problem *first_err = NULL, *first_warn = NULL, *order = NULL;
	size_t order_errors = 0;
	for (size_t i = 0; i < p.len; i++) {
		const struct mc_problem *q = &p.items[i];
		if (q->severity == MC_SEVERITY_ERROR && strcmp(q->code, "order") == 0 &&
		    (strcmp(q->path, "$.validUntil") == 0 || strcmp(q->path, "$.expirationDate") == 0)) {
			order_errors++;
			if (!order)
				order = q;
		} else if (q->severity == MC_SEVERITY_ERROR && !first_err) {
			first_err = q;
		} else if (q->severity == MC_SEVERITY_WARNING && !first_warn) {
			first_warn = q;
		}
	}
	size_t errors = p.errors - order_errors;
	const char *what = info.kind == MC_CRED_VC ? "the W3C Verifiable Credentials data model"
	                                           : "the Open Badges 3.0 data model";
	if (errors == 0) {
		mc_report_add(r, "structure", MC_CHECK_PASSED, "The credential follows %s (%s, %s).", what,
		              info.type_name ? info.type_name : "credential", version_name(info.version));
	} else if (first_err) {
		if (errors > 1)
			mc_report_add(
			    r, "structure", MC_CHECK_FAILED,
			    "The credential does not follow %s: at %s, %s (and %zu more problem%s).", what,
			    first_err->path, first_err->message, errors - 1, errors == 2 ? "" : "s");
		else
			mc_report_add(r, "structure", MC_CHECK_FAILED,
			              "The credential does not follow %s: at %s, %s", what, first_err->path,
			              first_err->message);
	} else {
		mc_report_add(r, "structure", MC_CHECK_FAILED,
		              "The credential does not follow %s (%zu problems).", what, errors);
	}
	if (first_warn) {
		if (p.warnings > 1)
			mc_report_add(r, "structure.warnings", MC_CHECK_WARNING,
			              "At %s, %s (and %zu more warning%s).", first_warn->path,
			              first_warn->message, p.warnings - 1, p.warnings == 2 ? "" : "s");
		else
			mc_report_add(r, "structure.warnings", MC_CHECK_WARNING, "At %s, %s",
			              first_warn->path, first_warn->message);
	}
	if (order) {
		mc_report_add(r, "structure.validity", MC_CHECK_FAILED,
		              "The validity period is impossible: it ends before it begins (%s).",
		              order->path);
	} else if (info.has_from && info.has_until) {
		mc_report_add(r, "structure.validity", MC_CHECK_PASSED,
		              "The validity period is consistent: it begins before it ends.");
	}
	return rc;
}
