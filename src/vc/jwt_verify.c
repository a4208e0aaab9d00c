/* VC-JWT verification: keys, signature and the OB 3.0 §8.2 claims, reported as checks.
 * See include/microcred/jwt.h. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "microcred/jwt.h"
#include "microcred/time.h"

/* Claims the JWT layer owns; they are not part of the credential (as the reference
 * strips them). */
static const char *const jwt_claims[] = {"iss", "jti", "sub", "nbf", "exp", "iat", "aud", "vc"};

enum style {
	STYLE_OB3,          /* the payload is the credential plus claims */
	STYLE_VC_JOSE_COSE, /* typ vc+jwt: the payload is the credential */
	STYLE_VC_CLAIM,     /* VC 1.1: the credential is in "vc" */
};

struct ctx {
	struct mc_arena *a;
	struct mc_report *r;
	const struct mc_jwt_verify_opts *opts;
	const struct mc_json *payload;
	struct mc_json *cred;
	enum style style;
	struct mc_time now;
};

static bool typ_is(const char *typ, const char *want)
{
	/* RFC 7515 §4.1.9: typ is a media type, compared case-insensitively, and the
	 * "application/" prefix may be left out. */
	if (strncasecmp(typ, "application/", 12) == 0)
		typ += 12;
	return strcasecmp(typ, want) == 0;
}

static bool typ_vc(const char *typ)
{
	return typ && (typ_is(typ, "vc+jwt") || typ_is(typ, "vc+ld+json+jwt") || typ_is(typ, "vc+ld+jwt"));
}

static const struct mc_json *id_of(const struct mc_json *v)
{
	if (mc_json_is_string(v))
		return v;
	if (mc_json_is_object(v)) {
		const struct mc_json *id = mc_json_get(v, "id");
		return mc_json_is_string(id) ? id : NULL;
	}
	return NULL;
}

static char *numeric_date_text(struct mc_arena *a, double d)
{
	struct mc_buf b;
	struct mc_time t = mc_time_from_unix((int64_t)floor(d));
	mc_buf_init(&b, 64);
	mc_time_format(&b, &t);
	char *s = mc_arena_strndup(a, b.ptr, b.len);
	mc_buf_release(&b);
	return s;
}

static void set_str(struct mc_arena *a, struct mc_json *obj, const char *key, const char *s)
{
	struct mc_json v;
	mc_json_set_string(a, &v, s, strlen(s));
	mc_json_object_set(a, obj, key, strlen(key), &v);
}

/* The credential the token carries, as the caller will check it. */
static struct mc_json *make_credential(struct ctx *c)
{
	struct mc_arena *a = c->a;
	const struct mc_json *p = c->payload;
	if (c->style == STYLE_VC_CLAIM) {
		/* VC 1.1 JWT decoding: claims fill what the "vc" object leaves out. */
		struct mc_json *cred = mc_json_copy(a, mc_json_get(p, "vc"));
		const char *iss = mc_json_get_str(p, "iss"), *jti = mc_json_get_str(p, "jti");
		const char *sub = mc_json_get_str(p, "sub");
		const struct mc_json *nbf = mc_json_get(p, "nbf"), *exp = mc_json_get(p, "exp");
		if (iss && !mc_json_get(cred, "issuer"))
			set_str(a, cred, "issuer", iss);
		if (jti && !mc_json_get(cred, "id"))
			set_str(a, cred, "id", jti);
		struct mc_json *cs = (struct mc_json *)mc_json_get(cred, "credentialSubject");
		if (sub && mc_json_is_object(cs) && !mc_json_get(cs, "id"))
			set_str(a, cs, "id", sub);
		if (mc_json_is_number(nbf) && !mc_json_get(cred, "issuanceDate") &&
		    !mc_json_get(cred, "validFrom"))
			set_str(a, cred, "issuanceDate", numeric_date_text(a, mc_json_number(nbf)));
		if (mc_json_is_number(exp) && !mc_json_get(cred, "expirationDate") &&
		    !mc_json_get(cred, "validUntil"))
			set_str(a, cred, "expirationDate", numeric_date_text(a, mc_json_number(exp)));
		return cred;
	}
	struct mc_json *cred = mc_json_new_object(a);
	for (uint32_t i = 0; i < p->len; i++) {
		const struct mc_json_member *m = &p->v.members[i];
		bool claim = false;
		for (size_t k = 0; k < sizeof(jwt_claims) / sizeof(jwt_claims[0]); k++)
			claim |= mc_slice_eq_cstr(m->key, jwt_claims[k]);
		if (claim)
			continue;
		struct mc_json *slot = mc_json_object_push_ref(a, cred, m->key.ptr, m->key.len);
		*slot = m->value;
	}
	/* OB 3.0 §8.2: exp "MUST be used to set the value of the validUntil". */
	const struct mc_json *exp = mc_json_get(p, "exp");
	if (c->style == STYLE_OB3 && mc_json_is_number(exp) && !mc_json_get(cred, "validUntil") &&
	    !mc_json_get(cred, "expirationDate"))
		set_str(a, cred, "validUntil", numeric_date_text(a, mc_json_number(exp)));
	return cred;
}

/* ---- claims ---- */

/* iss / jti / sub against the credential's value (expected may be NULL). */
static void check_id_claim(struct ctx *c, const char *claim, const struct mc_json *expected, const char *what)
{
	char id[32];
	snprintf(id, sizeof(id), "jwt.claims.%s", claim);
	const struct mc_json *v = mc_json_get(c->payload, claim);
	if (!v) {
		if (c->style != STYLE_OB3)
			return; /* optional outside the OB 3.0 profile */
		if (!expected && strcmp(claim, "sub") == 0) {
			mc_report_add(
			    c->r, id, MC_CHECK_WARNING,
			    "The token has no \"sub\" claim; the credential subject has no id to put "
			    "there either.");
			return;
		}
		mc_report_add(
		    c->r, id, MC_CHECK_FAILED,
		    "The token has no \"%s\" claim, which OB 3.0 §8.2 requires (it must repeat the %s).",
		    claim, what);
		return;
	}
	if (!mc_json_is_string(v)) {
		mc_report_add(c->r, id, MC_CHECK_FAILED, "The token's \"%s\" claim is not a string.", claim);
		return;
	}
	if (!expected) {
		mc_report_add(c->r, id, MC_CHECK_FAILED,
		              "The token's \"%s\" claim is \"%s\" but the credential has no %s to match.",
		              claim, v->v.str, what);
		return;
	}
	if (!mc_slice_eq(mc_json_slice(v), mc_json_slice(expected))) {
		mc_report_add(
		    c->r, id, MC_CHECK_FAILED,
		    "The token's \"%s\" claim (%s) is not the credential's %s (%s): the token and the "
		    "credential disagree.",
		    claim, v->v.str, what, expected->v.str);
		return;
	}
	mc_report_add(c->r, id, MC_CHECK_PASSED, "The token's \"%s\" claim matches the credential's %s.",
	              claim, what);
}

/* The subject id sub must match: the only subject's id, or, for a list of subjects,
 * the one whose id equals sub. */
static const struct mc_json *subject_id(const struct mc_json *cred, const struct mc_json *sub)
{
	const struct mc_json *cs = mc_json_get(cred, "credentialSubject");
	if (mc_json_is_array(cs)) {
		const struct mc_json *first = NULL;
		for (uint32_t i = 0; i < cs->len; i++) {
			const struct mc_json *id = id_of(&cs->v.items[i]);
			if (id && !first)
				first = id;
			if (id && mc_json_is_string(sub) &&
			    mc_slice_eq(mc_json_slice(id), mc_json_slice(sub)))
				return id;
		}
		return first;
	}
	return mc_json_is_object(cs) ? id_of(cs) : NULL;
}

/* Compares a NumericDate with a date-time member; *name_out says which member. */
static void check_date_claim(struct ctx *c, const char *claim, const char *v2_name, const char *v1_name)
{
	char id[32];
	snprintf(id, sizeof(id), "jwt.claims.%s", claim);
	const struct mc_json *v = mc_json_get(c->payload, claim);
	bool is_nbf = strcmp(claim, "nbf") == 0;
	/* VC 1.1 tokens tie nbf/exp to issuanceDate/expirationDate; 2.0 to
	 * validFrom/validUntil. Prefer the style's own name, fall back to the other. */
	const char *first = c->style == STYLE_VC_CLAIM ? v1_name : v2_name;
	const char *second = c->style == STYLE_VC_CLAIM ? v2_name : v1_name;
	const char *name = first;
	const struct mc_json *date = mc_json_get(c->cred, first);
	if (!date) {
		name = second;
		date = mc_json_get(c->cred, second);
	}

	if (!v) {
		if (c->style != STYLE_OB3)
			return;
		if (is_nbf || date) {
			enum mc_check_status st = c->opts->strict ? MC_CHECK_FAILED : MC_CHECK_WARNING;
			if (is_nbf)
				mc_report_add(
				    c->r, id, st,
				    "The token has no \"nbf\" claim, which OB 3.0 §8.2 requires (it should "
				    "repeat validFrom)%s.",
				    st == MC_CHECK_WARNING ? "; the credential's own dates still apply" : "");
			else
				mc_report_add(
				    c->r, id, st,
				    "The token has no \"exp\" claim although the credential has %s (OB 3.0 "
				    "§8.2 requires it)%s.",
				    name,
				    st == MC_CHECK_WARNING ? "; the credential's own dates still apply" : "");
		}
		return;
	}
	if (!mc_json_is_number(v)) {
		mc_report_add(c->r, id, MC_CHECK_FAILED,
		              "The token's \"%s\" claim is not a number (a NumericDate: seconds since 1970).",
		              claim);
		return;
	}
	double d = mc_json_number(v);
	char *when = numeric_date_text(c->a, d);
	bool failed = false;
	if (date) {
		struct mc_time t;
		if (!mc_json_is_string(date) || mc_time_parse(&t, date->v.str, date->len, NULL) != 0) {
			mc_report_add(
			    c->r, id, MC_CHECK_FAILED,
			    "The credential's %s is not a date-time, so the token's \"%s\" cannot be "
			    "compared with it.",
			    name, claim);
			return;
		}
		/* Issuers write floor(date) (NumericDate is whole seconds in practice); an
		 * exact fractional value is accepted too. */
		double exact = (double)t.sec + t.nsec / 1e9;
		if (d != (double)t.sec && fabs(d - exact) > 1e-6) {
			mc_report_add(c->r, id, MC_CHECK_FAILED,
			              "The token's \"%s\" claim (%s) is not the credential's %s (%s).", claim,
			              when, name, date->v.str);
			failed = true;
		}
	}
	int64_t now = c->now.sec;
	int64_t leeway = c->opts->leeway == 0 ? 300 : c->opts->leeway < 0 ? 0 : c->opts->leeway;
	if (is_nbf && d > (double)(now + leeway)) {
		mc_report_add(c->r, id, MC_CHECK_FAILED,
		              "The token is not valid before %s (its \"nbf\" claim).", when);
		return;
	}
	if (!is_nbf && d < (double)now) {
		mc_report_add(c->r, id, MC_CHECK_FAILED, "The token expired on %s (its \"exp\" claim).",
		              when);
		return;
	}
	if (failed)
		return;
	if (date)
		mc_report_add(c->r, id, MC_CHECK_PASSED,
		              "The token's \"%s\" claim (%s) matches the credential's %s.", claim, when,
		              name);
	else
		mc_report_add(c->r, id, MC_CHECK_PASSED, "The token's \"%s\" claim (%s) is %s.", claim, when,
		              is_nbf ? "in the past" : "in the future");
}

static void check_claims(struct ctx *c)
{
	const struct mc_json *cred = c->cred;
	check_id_claim(c, "iss", id_of(mc_json_get(cred, "issuer")), "issuer id");
	const struct mc_json *id = mc_json_get(cred, "id");
	check_id_claim(c, "jti", mc_json_is_string(id) ? id : NULL, "id");
	check_id_claim(c, "sub", subject_id(cred, mc_json_get(c->payload, "sub")), "credentialSubject id");
	check_date_claim(c, "nbf", "validFrom", "issuanceDate");
	check_date_claim(c, "exp", "validUntil", "expirationDate");
}

/* ---- keys ---- */

static bool same_key(const struct mc_key *x, const struct mc_key *y)
{
	return x->type == y->type && x->pub_len == y->pub_len && memcmp(x->pub, y->pub, x->pub_len) == 0;
}

/* Who controls the key: the issuer must. */
static void check_binding(struct ctx *c, const struct mc_key *key, const char *controller, bool self_asserted)
{
	const struct mc_json *iss = id_of(mc_json_get(c->cred, "issuer"));
	const char *issuer = iss ? iss->v.str : NULL;
	if (self_asserted) {
		if (issuer && strncmp(issuer, "did:key:", 8) == 0) {
			struct mc_key ik;
			mc_key_init(&ik);
			bool ok =
			    mc_key_from_did_key(&ik, issuer, strlen(issuer), NULL) == 0 && same_key(&ik, key);
			mc_key_release(&ik);
			if (ok)
				mc_report_add(c->r, "jwt.key.issuer", MC_CHECK_PASSED,
				              "The key in the token header is the issuer's own did:key.");
			else
				mc_report_add(
				    c->r, "jwt.key.issuer", MC_CHECK_FAILED,
				    "The key in the token header is not the issuer's did:key (%s): someone "
				    "else signed this credential.",
				    issuer);
			return;
		}
		mc_report_add(
		    c->r, "jwt.key.issuer", MC_CHECK_WARNING,
		    "The key was taken from the token itself (header \"jwk\"), so nothing ties it to the "
		    "issuer %s: the signature shows the credential is unchanged, not who signed it.",
		    issuer ? issuer : "(none)");
		return;
	}
	if (!controller)
		return; /* a key the caller vouches for */
	if (!issuer) {
		mc_report_add(
		    c->r, "jwt.key.issuer", MC_CHECK_FAILED,
		    "The credential names no issuer id, so the key's controller %s cannot be matched "
		    "to it.",
		    controller);
		return;
	}
	if (strcmp(controller, issuer) != 0) {
		mc_report_add(c->r, "jwt.key.issuer", MC_CHECK_FAILED,
		              "The signing key belongs to %s, not to the issuer %s: someone else signed this "
		              "credential.",
		              controller, issuer);
		return;
	}
	mc_report_add(c->r, "jwt.key.issuer", MC_CHECK_PASSED, "The signing key belongs to the issuer (%s).",
	              issuer);
}

/* Finds the verification key. Returns the key to use (key_store or the caller's), or
 * NULL with a "jwt.key" check explaining why. */
static const struct mc_key *find_key(struct ctx *c, const struct mc_jws *jws, const struct mc_resolver *res,
                                     struct mc_key *store, const char **controller, bool *self_asserted)
{
	struct mc_err e = {0};
	*controller = NULL;
	*self_asserted = false;
	if (c->opts->key) {
		*controller = c->opts->key->controller;
		mc_report_add(c->r, "jwt.key", MC_CHECK_PASSED,
		              "The %s key supplied for this issuer was used.",
		              mc_key_type_name(c->opts->key->type));
		return c->opts->key;
	}
	if (jws->kid) {
		const char *kid = jws->kid;
		if (strncmp(kid, "did:key:", 8) == 0) {
			if (mc_key_from_did_key(store, kid, strlen(kid), &e) != 0) {
				mc_report_add(c->r, "jwt.key", MC_CHECK_FAILED,
				              "The token's key %s is not a valid did:key: %s", kid, e.msg);
				return NULL;
			}
			/* A did:key document has one key, named by its own multibase. */
			const char *hash = strchr(kid, '#');
			size_t did_len = strlen(store->controller);
			if (hash && (strlen(hash + 1) != did_len - 8 ||
			             memcmp(hash + 1, kid + 8, did_len - 8) != 0)) {
				mc_report_add(
				    c->r, "jwt.key", MC_CHECK_FAILED,
				    "The token's key %s does not exist: a did:key document has only the key "
				    "#%s.",
				    kid, store->controller + 8);
				return NULL;
			}
			*controller = mc_arena_strdup(c->a, store->controller);
		} else if (!res || !res->method) {
			mc_report_add(
			    c->r, "jwt.key", MC_CHECK_SKIPPED,
			    "The token's key %s is not a did:key and no key source was given to look it up.",
			    kid);
			return NULL;
		} else {
			struct mc_resolved_method m;
			memset(&m, 0, sizeof(m));
			mc_key_init(&m.key);
			int rc = res->method(res->ctx, kid, c->a, &m, &e);
			if (rc) {
				mc_key_release(&m.key);
				if (rc == MC_EUNSUPPORTED)
					mc_report_add(c->r, "jwt.key", MC_CHECK_SKIPPED,
					              "The token's key %s could not be fetched: %s", kid,
					              e.msg);
				else if (rc == MC_ENOTFOUND)
					mc_report_add(c->r, "jwt.key", MC_CHECK_FAILED,
					              "The token's key %s was not found: %s", kid, e.msg);
				else
					mc_report_add(c->r, "jwt.key", MC_CHECK_FAILED,
					              "The token's key %s could not be resolved: %s", kid,
					              e.msg);
				return NULL;
			}
			*store = m.key; /* takes ownership */
			*controller =
			    m.controller
			        ? m.controller
			        : (store->controller ? mc_arena_strdup(c->a, store->controller) : NULL);
			if (!m.assertion_method) {
				mc_report_add(
				    c->r, "jwt.key", MC_CHECK_FAILED,
				    "The key %s is not authorised by its controller to issue credentials (it "
				    "is not listed under assertionMethod).",
				    kid);
				return NULL;
			}
		}
		if (jws->jwk) {
			struct mc_key hk;
			mc_key_init(&hk);
			bool same = mc_key_from_json(&hk, jws->jwk, NULL) == 0 && same_key(&hk, store);
			mc_key_release(&hk);
			if (!same) {
				mc_report_add(
				    c->r, "jwt.key", MC_CHECK_FAILED,
				    "The token header names key %s but embeds a different key (jwk).", kid);
				return NULL;
			}
		}
		mc_report_add(c->r, "jwt.key", MC_CHECK_PASSED, "The token's %s key %s was found.",
		              mc_key_type_name(store->type), kid);
		return store;
	}
	if (jws->jwk) {
		if (mc_key_from_json(store, jws->jwk, &e) != 0) {
			mc_report_add(c->r, "jwt.key", MC_CHECK_FAILED,
			              "The key in the token header (jwk) is not usable: %s", e.msg);
			return NULL;
		}
		*self_asserted = true;
		mc_report_add(c->r, "jwt.key", MC_CHECK_PASSED,
		              "The %s public key in the token header (jwk) was used.",
		              mc_key_type_name(store->type));
		return store;
	}
	mc_report_add(
	    c->r, "jwt.key", MC_CHECK_FAILED,
	    "The token names no key: its header has neither \"kid\" nor \"jwk\" (OB 3.0 §8.2 requires one "
	    "of them).");
	return NULL;
}

/* ---- header ---- */

/* typ and the members OB 3.0 §8.2 allows. Returns false (check failed) for a token
 * that is plainly not a credential JWT. */
static bool check_header(struct ctx *c, const struct mc_jws *jws)
{
	struct mc_err e = {0};
	if (mc_jws_check_header(jws, &e) != 0) {
		mc_report_add(c->r, "jwt.header", MC_CHECK_FAILED, "The token header is not acceptable: %s.",
		              e.msg);
		return false;
	}
	if (jws->typ && !typ_is(jws->typ, "JWT") && !typ_vc(jws->typ)) {
		mc_report_add(c->r, "jwt.header", MC_CHECK_FAILED,
		              "The token's type (typ \"%.60s\") is not a credential JWT (expected \"JWT\" or "
		              "\"vc+jwt\").",
		              jws->typ);
		return false;
	}
	if (mc_json_get(jws->header, "typ") && !jws->typ) {
		mc_report_add(c->r, "jwt.header", MC_CHECK_FAILED,
		              "The token header \"typ\" is not a string.");
		return false;
	}
	const char *how = jws->kid   ? "names its key (kid)"
	                  : jws->jwk ? "carries its key (jwk)"
	                             : "names no key";
	if (!typ_vc(jws->typ)) {
		/* "Additional JOSE Headers are NOT allowed" (OB 3.0 §8.2) — a warning:
		 * extra members change nothing we check, and other profiles allow them. */
		static const char *const allowed[] = {"alg", "kid", "jwk", "typ", "cty"};
		for (uint32_t i = 0; i < jws->header->len; i++) {
			const struct mc_json_member *m = &jws->header->v.members[i];
			bool ok = false;
			for (size_t k = 0; k < sizeof(allowed) / sizeof(allowed[0]); k++)
				ok |= mc_slice_eq_cstr(m->key, allowed[k]);
			if (!ok) {
				mc_report_add(c->r, "jwt.header", MC_CHECK_WARNING,
				              "The token header has a member OB 3.0 §8.2 does not allow "
				              "(\"%.40s\"); it "
				              "is ignored.",
				              m->key.ptr);
				break;
			}
		}
	}
	mc_report_add(c->r, "jwt.header", MC_CHECK_PASSED, "The token is signed with %s and %s.", jws->alg,
	              how);
	return true;
}

int mc_jwt_verify(struct mc_arena *a, const char *compact, size_t n, const struct mc_resolver *resolver,
                  struct mc_report *report, const struct mc_jwt_verify_opts *opts,
                  struct mc_json **credential, struct mc_err *err)
{
	static const struct mc_jwt_verify_opts defaults = {0};
	struct mc_jws jws;
	struct mc_key store;
	struct mc_err e = {0};
	int rc;

	if (credential)
		*credential = NULL;
	if (!opts)
		opts = &defaults;
	report->format = "vc-jwt";
	struct ctx c = {.a = a, .r = report, .opts = opts, .now = opts->now ? *opts->now : mc_time_now()};

	if ((rc = mc_jws_parse(a, compact, n, opts->max_size, &jws, &e))) {
		mc_report_add(report, "jwt.format", MC_CHECK_FAILED, "The input is not a usable JWT: %s.",
		              e.msg);
		if (err)
			*err = e;
		return rc;
	}
	mc_report_add(report, "jwt.format", MC_CHECK_PASSED,
	              "The input is a compact JWS (a signed JSON Web Token).");
	if (!check_header(&c, &jws))
		return 0;

	/* The payload is read before the signature is checked so that the key can be
	 * matched to the issuer; nothing in it is trusted until then. */
	struct mc_json *payload;
	struct mc_json_parse_opts po = {.max_size = opts->max_size ? opts->max_size : MC_JWS_MAX_DEFAULT};
	if (mc_json_parse(a, jws.payload, jws.payload_len, &po, &payload, &e) != 0) {
		mc_report_add(report, "jwt.payload", MC_CHECK_FAILED, "The token's payload is not JSON: %s.",
		              e.msg);
		return 0;
	}
	if (!mc_json_is_object(payload)) {
		mc_report_add(report, "jwt.payload", MC_CHECK_FAILED,
		              "The token's payload is a JSON %s, not an object holding a credential.",
		              mc_json_type_name((enum mc_json_type)payload->type));
		return 0;
	}
	c.payload = payload;
	const struct mc_json *vc = mc_json_get(payload, "vc");
	c.style = mc_json_is_object(vc) ? STYLE_VC_CLAIM : typ_vc(jws.typ) ? STYLE_VC_JOSE_COSE : STYLE_OB3;
	c.cred = make_credential(&c);
	if (credential)
		*credential = c.cred;
	static const char *const style_text[] = {
	    [STYLE_OB3] = "an Open Badges 3.0 JWT (the payload is the credential)",
	    [STYLE_VC_JOSE_COSE] = "a VC-JOSE-COSE token (the payload is the credential)",
	    [STYLE_VC_CLAIM] = "a VC 1.1 JWT (the credential is in the \"vc\" claim)",
	};
	mc_report_add(report, "jwt.payload", MC_CHECK_PASSED, "The token is %s.", style_text[c.style]);

	mc_key_init(&store);
	const char *controller;
	bool self_asserted;
	const struct mc_key *key = find_key(&c, &jws, resolver, &store, &controller, &self_asserted);
	if (!key) {
		mc_report_add(
		    report, "jwt.signature", MC_CHECK_FAILED,
		    "The signature could not be checked because the issuer's key is not available.");
		/* The claims are still compared, to say everything that is wrong. */
		check_claims(&c);
		goto out;
	}
	if (mc_jws_verify(&jws, key, &e) != 0) {
		mc_report_add(report, "jwt.signature", MC_CHECK_FAILED, "The signature is not valid: %s.",
		              e.msg);
		goto out;
	}
	mc_report_add(
	    report, "jwt.signature", MC_CHECK_PASSED,
	    "The issuer's signature is valid: the credential has not been changed since it was signed.");
	check_binding(&c, key, controller, self_asserted);
	check_claims(&c);
out:
	mc_key_release(&store);
	return 0;
}
