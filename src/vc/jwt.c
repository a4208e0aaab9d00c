/* Compact JWS (RFC 7515) and VC-JWT signing: see include/microcred/jwt.h.
 *
 * Verification of credentials (claims, keys, report) is in jwt_verify.c. */
#include "microcred/jwt.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "microcred/encoding.h"

/* base64url of MC_KEY_SIG_MAX bytes: a longer signature part cannot be valid. */
#define SIG_B64_MAX ((MC_KEY_SIG_MAX * 4 + 2) / 3)
/* A header is a flat object with at most a jwk inside; deep nesting is an attack. */
#define HEADER_MAX_DEPTH 8

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void trim(const char **p, size_t *n)
{
	while (*n > 0 && is_space((*p)[0])) {
		(*p)++;
		(*n)--;
	}
	while (*n > 0 && is_space((*p)[*n - 1]))
		(*n)--;
}

static bool is_b64u(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
	       c == '_';
}

bool mc_jws_looks_compact(const char *text, size_t n)
{
	size_t dots = 0, run = 0;
	trim(&text, &n);
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (text[i] == '.') {
			/* Only the payload may be empty (then it is detached, which we refuse
			 * later with a message; it is still recognisably a JWS). */
			if (run == 0 && dots != 1)
				return false;
			dots++;
			run = 0;
		} else if (is_b64u((unsigned char)text[i])) {
			run++;
		} else {
			return false;
		}
	}
	return dots == 2 && run > 0;
}

/* Checks the alphabet of one part before decoding, so the message can say which part
 * and why (padding gets its own explanation: it is the usual mistake). */
static int check_part(struct mc_slice s, const char *name, struct mc_err *err)
{
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.ptr[i];
		if (is_b64u(c))
			continue;
		if (c == '=')
			return mc_err_set(err, MC_EINVAL,
			                  "JWS %s: padding '=' at offset %zu is not allowed in a compact JWS "
			                  "(RFC 7515 §2: base64url without padding)",
			                  name, i);
		if (c == '+' || c == '/')
			return mc_err_set(
			    err, MC_EINVAL,
			    "JWS %s: '%c' at offset %zu is standard base64, not base64url (use '-' "
			    "and '_')",
			    name, c, i);
		if (c >= 0x21 && c < 0x7f)
			return mc_err_set(err, MC_EINVAL,
			                  "JWS %s: character '%c' at offset %zu is not base64url", name, c,
			                  i);
		return mc_err_set(err, MC_EINVAL, "JWS %s: byte 0x%02x at offset %zu is not base64url", name,
		                  c, i);
	}
	return 0;
}

/* Decodes a checked part into the arena, NUL-terminated. */
static int decode_part(struct mc_arena *a, struct mc_slice s, const char *name, const char **out, size_t *len,
                       struct mc_err *err)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	int rc = mc_base64url_decode(&b, s.ptr, s.len, err);
	if (rc) {
		mc_buf_release(&b);
		mc_err_prefix(err, "JWS %s", name);
		return rc;
	}
	*out = mc_arena_memdup(a, b.ptr, b.len + 1);
	*len = b.len;
	mc_buf_release(&b);
	return 0;
}

static const char *opt_str(const struct mc_json *obj, const char *key)
{
	return mc_json_get_str(obj, key);
}

int mc_jws_parse(struct mc_arena *a, const char *text, size_t n, size_t max_size, struct mc_jws *out,
                 struct mc_err *err)
{
	const char *dot1, *dot2;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!max_size)
		max_size = MC_JWS_MAX_DEFAULT;
	trim(&text, &n);
	/* Limits first: nothing is decoded or parsed for an oversized token. */
	if (n > max_size)
		return mc_err_set(err, MC_ELIMIT,
		                  "the token is %zu bytes, more than the limit of %zu bytes for a JWT "
		                  "credential",
		                  n, max_size);
	if (n == 0)
		return mc_err_set(err, MC_EINVAL,
		                  "empty input: expected a compact JWS (header.payload.signature)");
	dot1 = memchr(text, '.', n);
	dot2 = dot1 ? memchr(dot1 + 1, '.', n - (size_t)(dot1 + 1 - text)) : NULL;
	if (!dot1 || !dot2) {
		return mc_err_set(
		    err, MC_EINVAL,
		    "not a compact JWS: expected three base64url parts separated by '.', found %d",
		    dot1 ? 2 : 1);
	}
	if (memchr(dot2 + 1, '.', n - (size_t)(dot2 + 1 - text))) {
		size_t parts = 1;
		for (size_t i = 0; i < n; i++)
			parts += text[i] == '.';
		return mc_err_set(
		    err, MC_EINVAL, "not a compact JWS: %zu parts separated by '.', expected 3%s", parts,
		    parts == 5 ? " (5 parts is an encrypted JWE, which credentials do not use)" : "");
	}
	out->header_b64 = (struct mc_slice){text, (size_t)(dot1 - text)};
	out->payload_b64 = (struct mc_slice){dot1 + 1, (size_t)(dot2 - dot1 - 1)};
	out->sig_b64 = (struct mc_slice){dot2 + 1, n - (size_t)(dot2 + 1 - text)};
	out->signing_input = (struct mc_slice){text, (size_t)(dot2 - text)};

	if (out->header_b64.len == 0)
		return mc_err_set(err, MC_EINVAL, "JWS header is empty");
	if (out->header_b64.len > MC_JWS_HEADER_MAX)
		return mc_err_set(err, MC_ELIMIT, "JWS header is %zu characters, more than the limit of %zu",
		                  out->header_b64.len, MC_JWS_HEADER_MAX);
	if (out->payload_b64.len == 0)
		return mc_err_set(err, MC_EINVAL,
		                  "JWS payload is empty (a detached payload, RFC 7515 Appendix F): a "
		                  "credential must be inside the token");
	if (out->sig_b64.len == 0)
		return mc_err_set(err, MC_EINVAL, "JWS signature is empty: the token is not signed");
	if (out->sig_b64.len > SIG_B64_MAX)
		return mc_err_set(err, MC_EINVAL,
		                  "JWS signature is %zu characters, longer than any supported key's "
		                  "signature (%d)",
		                  out->sig_b64.len, SIG_B64_MAX);
	if ((rc = check_part(out->header_b64, "header", err)) ||
	    (rc = check_part(out->payload_b64, "payload", err)) ||
	    (rc = check_part(out->sig_b64, "signature", err)))
		return rc;

	if ((rc = decode_part(a, out->header_b64, "header", &out->header_text, &out->header_len, err)))
		return rc;
	struct mc_json_parse_opts po = {.max_depth = HEADER_MAX_DEPTH, .max_size = MC_JWS_HEADER_MAX};
	struct mc_json *h;
	if ((rc = mc_json_parse(a, out->header_text, out->header_len, &po, &h, err))) {
		mc_err_prefix(err, "JWS header is not valid JSON");
		return rc == MC_ELIMIT ? MC_EINVAL : rc;
	}
	if (!mc_json_is_object(h))
		return mc_err_set(err, MC_EINVAL, "JWS header must be a JSON object, got %s",
		                  mc_json_type_name((enum mc_json_type)h->type));
	out->header = h;
	const char *sig;
	size_t sig_len;
	if ((rc = decode_part(a, out->payload_b64, "payload", &out->payload, &out->payload_len, err)) ||
	    (rc = decode_part(a, out->sig_b64, "signature", &sig, &sig_len, err)))
		return rc;
	out->sig = (const unsigned char *)sig;
	out->sig_len = sig_len;
	out->alg = opt_str(h, "alg");
	out->kid = opt_str(h, "kid");
	out->typ = opt_str(h, "typ");
	out->cty = opt_str(h, "cty");
	const struct mc_json *jwk = mc_json_get(h, "jwk");
	out->jwk = mc_json_is_object(jwk) ? jwk : NULL;
	return 0;
}

int mc_jws_check_header(const struct mc_jws *jws, struct mc_err *err)
{
	const struct mc_json *h = jws->header;
	const struct mc_json *v;

	v = mc_json_get(h, "alg");
	if (!v)
		return mc_err_set(err, MC_EVERIFY,
		                  "the JWS header has no \"alg\": the signing algorithm is unknown");
	if (!mc_json_is_string(v))
		return mc_err_set(err, MC_EVERIFY, "the JWS header \"alg\" must be a string, got %s",
		                  mc_json_type_name((enum mc_json_type)v->type));
	const char *alg = v->v.str;
	if (strcmp(alg, "RS256") != 0 && strcmp(alg, "ES256") != 0 && strcmp(alg, "EdDSA") != 0) {
		if (strcasecmp(alg, "none") == 0)
			return mc_err_set(
			    err, MC_EVERIFY,
			    "alg \"%s\" means the token is not signed at all; unsigned credentials "
			    "are never accepted",
			    alg);
		if (strncmp(alg, "HS", 2) == 0)
			return mc_err_set(err, MC_EVERIFY,
			                  "alg \"%s\" is a shared-secret MAC, which cannot show who issued a "
			                  "credential; credentials are signed with RS256, ES256 or EdDSA",
			                  alg);
		return mc_err_set(err, MC_EVERIFY,
		                  "alg \"%.40s\" is not supported: microcred verifies RS256, ES256 and EdDSA "
		                  "tokens",
		                  alg);
	}
	if ((v = mc_json_get(h, "crit"))) {
		/* RFC 7515 §4.1.11: extensions listed in crit MUST be understood; we
		 * implement none (b64=false and friends change what is signed). */
		char names[160] = "";
		size_t used = 0;
		if (mc_json_is_array(v)) {
			for (uint32_t i = 0; i < v->len && used + 1 < sizeof(names); i++) {
				const struct mc_json *it = &v->v.items[i];
				if (!mc_json_is_string(it))
					continue;
				int w = snprintf(names + used, sizeof(names) - used, "%s\"%.40s\"",
				                 used ? ", " : "", it->v.str);
				if (w > 0)
					used += (size_t)w < sizeof(names) - used ? (size_t)w
					                                         : sizeof(names) - used - 1;
			}
		}
		return mc_err_set(
		    err, MC_EVERIFY,
		    "the JWS header lists critical extensions (\"crit\": [%s]) that microcred does "
		    "not implement, so RFC 7515 §4.1.11 requires refusing the token",
		    names);
	}
	if ((v = mc_json_get(h, "kid")) && !mc_json_is_string(v))
		return mc_err_set(err, MC_EVERIFY,
		                  "the JWS header \"kid\" must be a string (a key URL or DID URL)");
	if ((v = mc_json_get(h, "jwk"))) {
		if (!mc_json_is_object(v))
			return mc_err_set(err, MC_EVERIFY,
			                  "the JWS header \"jwk\" must be a JSON object (a JWK)");
		static const char *const secret[] = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"};
		for (size_t i = 0; i < sizeof(secret) / sizeof(secret[0]); i++)
			if (mc_json_get(v, secret[i]))
				return mc_err_set(
				    err, MC_EVERIFY,
				    "the JWS header \"jwk\" contains private key material (\"%s\"): "
				    "the issuer published its secret key, so the signature proves "
				    "nothing; the token is refused",
				    secret[i]);
	}
	return 0;
}

int mc_jws_alg_matches_key(const char *alg, const struct mc_key *key, struct mc_err *err)
{
	const char *want = mc_key_jose_alg(key);
	if (!want || key->type == MC_KEY_NONE)
		return mc_err_set(err, MC_EVERIFY, "no usable key to check alg \"%s\" against",
		                  alg ? alg : "");
	if (!alg || strcmp(alg, want) != 0)
		return mc_err_set(
		    err, MC_EVERIFY,
		    "alg \"%.40s\" does not fit the key: a %s key signs with %s only (the token "
		    "may not choose how a key is used)",
		    alg ? alg : "", mc_key_type_name(key->type), want);
	return 0;
}

int mc_jws_verify(const struct mc_jws *jws, const struct mc_key *key, struct mc_err *err)
{
	int rc = mc_jws_alg_matches_key(jws->alg, key, err);
	if (rc)
		return rc;
	rc = mc_key_verify(key, jws->signing_input.ptr, jws->signing_input.len, jws->sig, jws->sig_len, NULL);
	if (rc)
		return mc_err_set(
		    err, MC_EVERIFY,
		    "the %s signature does not match: the token was changed after it was signed, or "
		    "signed with a different key",
		    jws->alg);
	return 0;
}

/* ---- JSON as JavaScript writes it ---- */

/* An array index in the ECMAScript sense: a canonical decimal below 2^32 - 1. */
static bool array_index(struct mc_slice k, uint32_t *idx)
{
	uint64_t v = 0;
	if (k.len == 0 || k.len > 10 || (k.len > 1 && k.ptr[0] == '0'))
		return false;
	for (size_t i = 0; i < k.len; i++) {
		if (k.ptr[i] < '0' || k.ptr[i] > '9')
			return false;
		v = v * 10 + (uint64_t)(k.ptr[i] - '0');
	}
	if (v >= UINT32_MAX)
		return false;
	*idx = (uint32_t)v;
	return true;
}

struct index_member {
	uint32_t idx;
	const struct mc_json_member *m;
};

static int cmp_index(const void *x, const void *y)
{
	const struct index_member *a = x, *b = y;
	return a->idx < b->idx ? -1 : a->idx > b->idx;
}

static int js_write(struct mc_arena *a, struct mc_buf *out, const struct mc_json *v);

static int js_write_member(struct mc_arena *a, struct mc_buf *out, const struct mc_json_member *m,
                           bool *first)
{
	struct mc_json key;
	int rc;
	mc_json_set_string_ref(&key, m->key.ptr, m->key.len);
	if (!*first && (rc = mc_buf_putc(out, ',')))
		return rc;
	*first = false;
	if ((rc = mc_json_write(out, &key, MC_JSON_COMPACT)) || (rc = mc_buf_putc(out, ':')))
		return rc;
	return js_write(a, out, &m->value);
}

static int js_write(struct mc_arena *a, struct mc_buf *out, const struct mc_json *v)
{
	int rc = 0;
	switch (v->type) {
	case MC_JSON_NUMBER: {
		char tmp[32];
		int64_t i;
		/* JSON.parse makes every number a double; JSON.stringify prints the
		 * shortest form that reads back. */
		if ((v->flags & MC_JSON_F_INT) && v->n.i > -(INT64_C(1) << 53) &&
		    v->n.i < (INT64_C(1) << 53)) {
			i = v->n.i;
			int w = snprintf(tmp, sizeof(tmp), "%" PRId64, i);
			return mc_buf_append(out, tmp, (size_t)w);
		}
		size_t w = mc_jcs_format_double(mc_json_number(v), tmp);
		return mc_buf_append(out, tmp, w);
	}
	case MC_JSON_ARRAY:
		if ((rc = mc_buf_putc(out, '[')))
			return rc;
		for (uint32_t i = 0; i < v->len; i++) {
			if (i && (rc = mc_buf_putc(out, ',')))
				return rc;
			if ((rc = js_write(a, out, &v->v.items[i])))
				return rc;
		}
		return mc_buf_putc(out, ']');
	case MC_JSON_OBJECT: {
		size_t nidx = 0;
		uint32_t idx;
		bool first = true;
		for (uint32_t i = 0; i < v->len; i++)
			nidx += array_index(v->v.members[i].key, &idx);
		if ((rc = mc_buf_putc(out, '{')))
			return rc;
		if (nidx) {
			/* JavaScript objects list integer-like keys first, ascending. */
			struct index_member *im = MC_ARENA_NEW_ARRAY(a, struct index_member, nidx);
			size_t k = 0;
			for (uint32_t i = 0; i < v->len; i++)
				if (array_index(v->v.members[i].key, &idx))
					im[k++] = (struct index_member){idx, &v->v.members[i]};
			qsort(im, nidx, sizeof(*im), cmp_index);
			for (k = 0; k < nidx; k++)
				if ((rc = js_write_member(a, out, im[k].m, &first)))
					return rc;
		}
		for (uint32_t i = 0; i < v->len; i++) {
			if (nidx && array_index(v->v.members[i].key, &idx))
				continue;
			if ((rc = js_write_member(a, out, &v->v.members[i], &first)))
				return rc;
		}
		return mc_buf_putc(out, '}');
	}
	default: return mc_json_write(out, v, MC_JSON_COMPACT);
	}
}

int mc_jwt_json_write(struct mc_arena *a, struct mc_buf *out, const struct mc_json *v)
{
	return js_write(a, out, v);
}

int mc_jws_sign(struct mc_arena *a, const struct mc_json *header, const void *payload, size_t n,
                const struct mc_key *key, const char **out, size_t *out_len, struct mc_err *err)
{
	struct mc_buf text, b;
	unsigned char sig[MC_KEY_SIG_MAX];
	size_t sig_len = 0;
	int rc;

	*out = NULL;
	if (!mc_json_is_object(header))
		return mc_err_set(err, MC_EINVAL, "JWS header must be a JSON object");
	if (mc_jws_alg_matches_key(mc_json_get_str(header, "alg"), key, err))
		return err ? (err->code = MC_EINVAL) : MC_EINVAL; /* a caller's mistake, not a verdict */
	if (!key->has_secret)
		return mc_err_set(
		    err, MC_EINVAL,
		    "the %s key has no secret part, so it cannot sign; use the key file with its "
		    "secret",
		    mc_key_type_name(key->type));
	mc_buf_init(&text, MC_BUF_NOLIMIT);
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	if ((rc = js_write(a, &text, header)) || (rc = mc_base64url_encode(&b, text.ptr, text.len)) ||
	    (rc = mc_buf_putc(&b, '.')) || (rc = mc_base64url_encode(&b, payload, n)))
		goto out;
	if ((rc = mc_key_sign(key, b.ptr, b.len, sig, &sig_len, err)))
		goto out;
	if ((rc = mc_buf_putc(&b, '.')) || (rc = mc_base64url_encode(&b, sig, sig_len)))
		goto out;
	*out = mc_arena_memdup(a, b.ptr, b.len + 1);
	if (out_len)
		*out_len = b.len;
out:
	if (rc && rc != MC_EINVAL && err && !err->msg[0])
		mc_err_set(err, rc, "cannot build the JWS");
	mc_buf_release(&text);
	mc_buf_release(&b);
	return rc;
}

/* ---- credentials ---- */

int mc_jwt_profile_parse(const char *s, enum mc_jwt_profile *p, struct mc_err *err)
{
	if (s && strcasecmp(s, "ob3") == 0) {
		*p = MC_JWT_PROFILE_OB3;
		return 0;
	}
	if (s && (strcasecmp(s, "vc-jose-cose") == 0 || strcasecmp(s, "vc+jwt") == 0)) {
		*p = MC_JWT_PROFILE_VC_JOSE_COSE;
		return 0;
	}
	return mc_err_set(err, MC_EINVAL, "unknown JWT profile \"%s\": use ob3 or vc-jose-cose", s ? s : "");
}

const char *mc_jwt_profile_name(enum mc_jwt_profile p)
{
	return p == MC_JWT_PROFILE_VC_JOSE_COSE ? "vc-jose-cose" : "ob3";
}

/* The id of a member that is either an id string or an object with "id" (issuer,
 * credentialSubject), as the reference's idOf does: NULL when there is none. */
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

/* Sets claim to the NumericDate of the date-time in member name, when present. */
static int put_date_claim(struct mc_arena *a, struct mc_json *payload, const struct mc_json *cred,
                          const char *name, const char *claim, struct mc_err *err)
{
	const struct mc_json *v = mc_json_get(cred, name);
	struct mc_time t;
	struct mc_json n;
	if (!v)
		return 0;
	if (!mc_json_is_string(v) || mc_time_parse(&t, v->v.str, v->len, err) != 0)
		return mc_err_set(
		    err, MC_EINVAL,
		    "credential \"%s\" must be an RFC 3339 date-time (e.g. 2025-01-15T09:00:00Z) to "
		    "become the JWT \"%s\" claim",
		    name, claim);
	mc_json_set_int(a, &n, t.sec);
	mc_json_object_set(a, payload, claim, strlen(claim), &n);
	return 0;
}

int mc_jwt_sign_credential(struct mc_arena *a, const struct mc_json *credential, const struct mc_key *key,
                           const struct mc_jwt_sign_opts *opts, const char **compact, struct mc_err *err)
{
	static const struct mc_jwt_sign_opts defaults = {0};
	struct mc_json v;
	struct mc_buf text;
	int rc;

	*compact = NULL;
	if (!opts)
		opts = &defaults;
	if (!mc_json_is_object(credential))
		return mc_err_set(err, MC_EINVAL, "the credential to sign must be a JSON object");
	const char *alg = opts->alg ? opts->alg : mc_key_jose_alg(key);
	if (mc_jws_alg_matches_key(alg, key, err))
		return err ? (err->code = MC_EINVAL) : MC_EINVAL;

	/* Header member order is the reference's: alg, typ, (cty), kid | jwk. */
	struct mc_json *header = mc_json_new_object(a);
	mc_json_set_string_ref(&v, alg, strlen(alg));
	mc_json_object_set(a, header, "alg", 3, &v);
	if (opts->profile == MC_JWT_PROFILE_VC_JOSE_COSE) {
		mc_json_set_string_ref(&v, "vc+jwt", 6);
		mc_json_object_set(a, header, "typ", 3, &v);
		mc_json_set_string_ref(&v, "vc", 2);
		mc_json_object_set(a, header, "cty", 3, &v);
	} else {
		mc_json_set_string_ref(&v, "JWT", 3);
		mc_json_object_set(a, header, "typ", 3, &v);
	}
	if (opts->embed_jwk) {
		const struct mc_json *jwk = opts->jwk;
		struct mc_json *made = NULL;
		if (!jwk) {
			/* RSA with "alg", Ed25519 without: what keygen.mjs key files hold and
			 * the reference therefore embeds. */
			if ((rc = mc_key_to_jwk(a, key, 0, key->type == MC_KEY_RSA, &made, err)))
				return rc;
			jwk = made;
		}
		static const char *const secret[] = {"d", "p", "q", "dp", "dq", "qi", "oth", "k"};
		if (!mc_json_is_object(jwk))
			return mc_err_set(err, MC_EINVAL, "the jwk to embed must be a JSON object");
		for (size_t i = 0; i < sizeof(secret) / sizeof(secret[0]); i++)
			if (mc_json_get(jwk, secret[i]))
				return mc_err_set(
				    err, MC_EINVAL,
				    "the jwk to embed holds private member \"%s\"; only the public "
				    "key may go in a token header",
				    secret[i]);
		mc_json_object_set(a, header, "jwk", 3, jwk);
	} else {
		const char *kid = opts->kid ? opts->kid : key->id;
		if (!kid || !*kid)
			return mc_err_set(
			    err, MC_EINVAL,
			    "the key has no id to put in the JWT header \"kid\"; give a kid or embed "
			    "the public key (jwk)");
		mc_json_set_string_ref(&v, kid, strlen(kid));
		mc_json_object_set(a, header, "kid", 3, &v);
	}

	const struct mc_json *payload = credential;
	if (opts->profile == MC_JWT_PROFILE_OB3) {
		/* A shallow copy: the credential's members in order, then the claims
		 * (JavaScript's {...credential} followed by assignments). */
		struct mc_json *p = mc_json_new_object(a);
		for (uint32_t i = 0; i < credential->len; i++) {
			const struct mc_json_member *m = &credential->v.members[i];
			struct mc_json *slot = mc_json_object_push_ref(a, p, m->key.ptr, m->key.len);
			*slot = m->value;
		}
		const struct mc_json *iss = id_of(mc_json_get(credential, "issuer"));
		const struct mc_json *id = mc_json_get(credential, "id");
		const struct mc_json *sub = id_of(mc_json_get(credential, "credentialSubject"));
		if (iss && iss->len)
			mc_json_object_set(a, p, "iss", 3, iss);
		if (mc_json_is_string(id) && id->len)
			mc_json_object_set(a, p, "jti", 3, id);
		if (sub && sub->len)
			mc_json_object_set(a, p, "sub", 3, sub);
		/* VC 1.1 credentials carry issuanceDate / expirationDate instead (OB 3.0
		 * §8.2 note); the reference only looks at the 2.0 names. */
		const char *from = mc_json_get(credential, "validFrom") ? "validFrom" : "issuanceDate";
		const char *until = mc_json_get(credential, "validUntil") ? "validUntil" : "expirationDate";
		if ((rc = put_date_claim(a, p, credential, from, "nbf", err)) ||
		    (rc = put_date_claim(a, p, credential, until, "exp", err)))
			return rc;
		payload = p;
	}
	mc_buf_init(&text, MC_BUF_NOLIMIT);
	rc = js_write(a, &text, payload);
	if (!rc)
		rc = mc_jws_sign(a, header, text.ptr, text.len, key, compact, NULL, err);
	else
		mc_err_set(err, rc, "cannot serialise the credential");
	mc_buf_release(&text);
	return rc;
}
