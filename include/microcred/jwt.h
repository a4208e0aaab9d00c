/* VC-JWT: credentials secured as a compact JWS (RFC 7515), as Open Badges 3.0 §8.2
 * ("JSON Web Token Proof Format") and VC-JOSE-COSE describe them.
 *
 * Two layers:
 * - mc_jws_*: the compact JWS itself — strict parsing (three base64url parts without
 *   padding, a JSON object header, size limits checked before decoding, "crit"
 *   refused), signing and signature checks for RS256, ES256 and EdDSA. "none", HMAC
 *   and any alg that does not match the key type are refused with a message.
 * - mc_jwt_*: credentials. Signing produces what the interop harness's
 *   `sign.mjs --jwt` produces (same header and payload bytes, so RS256 and EdDSA
 *   signatures are byte-identical for the same key). Verification accepts the OB 3.0
 *   form (the credential is the payload, plus iss/jti/sub/nbf/exp), the
 *   VC-JOSE-COSE form (typ "vc+jwt", the payload is the credential) and the VC 1.1
 *   form (the credential in a "vc" claim), and fills a report (report.h).
 *
 * Everything returned is allocated in the arena passed in. */
#ifndef MICROCRED_JWT_H
#define MICROCRED_JWT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "json.h"
#include "keys.h"
#include "report.h"
#include "time.h"

/* Default limit on a whole compact JWS: credentials with embedded images reach a few
 * hundred KB; anything near this is an attack or a mistake. */
#define MC_JWS_MAX_DEFAULT ((size_t)8 << 20)
/* Limit on the encoded header: an RSA-8192 jwk fits with room to spare. */
#define MC_JWS_HEADER_MAX ((size_t)16 << 10)

/* A parsed compact JWS. The slices point into the input, which must outlive this;
 * decoded parts live in the arena. Parsing checks the form only: call
 * mc_jws_check_header for the alg / crit rules and mc_jws_verify for the signature. */
struct mc_jws {
	struct mc_slice signing_input; /* "header.payload" as written: what was signed */
	struct mc_slice header_b64, payload_b64, sig_b64;
	const char *header_text; /* decoded header JSON, NUL-terminated */
	size_t header_len;
	struct mc_json *header; /* a JSON object */
	const char *payload;    /* decoded payload bytes, NUL-terminated */
	size_t payload_len;
	const unsigned char *sig;
	size_t sig_len;
	/* Header members, NULL when absent (or not a string / object). */
	const char *alg, *kid, *typ, *cty;
	const struct mc_json *jwk;
};

/* Parses text[0..n) (surrounding ASCII whitespace, e.g. a trailing newline, is
 * ignored). max_size 0 means MC_JWS_MAX_DEFAULT. MC_ELIMIT when too large (checked
 * before anything is decoded), MC_EINVAL when not a compact JWS, with a message naming
 * the part and the problem. */
int mc_jws_parse(struct mc_arena *a, const char *text, size_t n, size_t max_size, struct mc_jws *out,
                 struct mc_err *err);

/* Header rules every verification applies: alg present and one of RS256, ES256,
 * EdDSA ("none" and HMAC refused with a reason); no "crit" (microcred implements no
 * JWS extension, so RFC 7515 §4.1.11 requires refusing any it lists); a jwk, if any,
 * is an object without private members. MC_EVERIFY with a message when broken. */
int mc_jws_check_header(const struct mc_jws *jws, struct mc_err *err);

/* MC_EVERIFY unless alg is the JOSE alg of key's type (RS256 = RSA, ES256 = P-256,
 * EdDSA = Ed25519): a verifier must never let the token choose how a key is used. */
int mc_jws_alg_matches_key(const char *alg, const struct mc_key *key, struct mc_err *err);

/* Checks the signature with key (alg must match it). 0 or MC_EVERIFY. */
int mc_jws_verify(const struct mc_jws *jws, const struct mc_key *key, struct mc_err *err);

/* Signs payload[0..n) with key (which must hold a secret) under header, a JSON object
 * whose "alg" must match the key (mc_jws_alg_matches_key). The header is serialised
 * compactly in member order. *out is NUL-terminated, in a. */
int mc_jws_sign(struct mc_arena *a, const struct mc_json *header, const void *payload, size_t n,
                const struct mc_key *key, const char **out, size_t *out_len, struct mc_err *err);

/* Writes v as JavaScript's JSON.stringify(JSON.parse(text of v)) would: numbers in
 * ECMAScript form, and object members whose names are array indices ("0", "42")
 * first, in numeric order, as JavaScript objects keep them. This is what makes our
 * JWTs byte-identical to the JS reference's. */
int mc_jwt_json_write(struct mc_arena *a, struct mc_buf *out, const struct mc_json *v);

/* ---- credentials ---- */

enum mc_jwt_profile {
	/* OB 3.0 §8.2: header {alg, typ "JWT", kid | jwk}; payload = the credential plus
	 * iss (issuer id), jti (id), sub (credentialSubject.id), nbf (validFrom, or VC 1.1
	 * issuanceDate) and exp (validUntil, or expirationDate) as NumericDates. */
	MC_JWT_PROFILE_OB3 = 0,
	/* VC-JOSE-COSE: header {alg, typ "vc+jwt", cty "vc", kid | jwk}; payload = the
	 * credential only. */
	MC_JWT_PROFILE_VC_JOSE_COSE,
};

/* "ob3", "vc-jose-cose". */
int mc_jwt_profile_parse(const char *s, enum mc_jwt_profile *p, struct mc_err *err);
const char *mc_jwt_profile_name(enum mc_jwt_profile p);

struct mc_jwt_sign_opts {
	enum mc_jwt_profile profile;
	const char *alg; /* NULL: the key's (mc_key_jose_alg); else must match it */
	const char *kid; /* NULL: key->id (required unless embed_jwk) */
	bool embed_jwk;  /* put the public key in the header ("jwk") instead of kid */
	/* With embed_jwk: the JWK to embed as is (e.g. the key file's publicKeyJwk, to
	 * match the reference byte for byte). NULL: mc_key_to_jwk (RSA with "alg"). Must
	 * hold no private member. Borrowed. */
	const struct mc_json *jwk;
};

/* Signs credential (a JSON object, borrowed, not modified) with key as a compact JWS.
 * opts may be NULL (OB 3.0, kid = key->id). *compact is NUL-terminated, in a.
 * MC_EINVAL for a credential the profile cannot express (e.g. a validFrom that is not
 * an RFC 3339 date-time), with the member named. */
int mc_jwt_sign_credential(struct mc_arena *a, const struct mc_json *credential, const struct mc_key *key,
                           const struct mc_jwt_sign_opts *opts, const char **compact, struct mc_err *err);

struct mc_jwt_verify_opts {
	const struct mc_time *now; /* NULL: the clock */
	size_t max_size;           /* 0: MC_JWS_MAX_DEFAULT */
	/* Seconds of clock skew allowed for an nbf in the future; 0: 300 (as the
	 * reference allows). Negative: none. exp has no leeway, as in the reference. */
	int64_t leeway;
	/* OB 3.0 §8.2 requires nbf, and exp when validUntil is set. The spec's own
	 * examples (Appendix D) carry neither, so by default a missing nbf/exp is a
	 * warning; strict makes it a failure (as the JS reference does). */
	bool strict;
	/* A key the caller trusts for this issuer (e.g. `verify --key`): used instead of
	 * kid / jwk resolution. Borrowed. */
	const struct mc_key *key;
};

/* Verifies a compact JWS credential and adds checks to report (ids "jwt.format",
 * "jwt.header", "jwt.key", "jwt.key.issuer", "jwt.signature", "jwt.payload",
 * "jwt.claims.iss", "jwt.claims.jti", "jwt.claims.sub", "jwt.claims.nbf",
 * "jwt.claims.exp"); report->format becomes "vc-jwt".
 *
 * Keys: opts->key if given; else a kid — a did:key resolves locally, anything else
 * through resolver->method (resolver may be NULL); else the header jwk, which is
 * self-asserted: then "jwt.key.issuer" warns unless the issuer is a did:key of the
 * same key. A key that cannot be obtained makes "jwt.signature" fail (not checked is
 * never verified).
 *
 * Returns 0 when the token was processed: the verdict is mc_report_verified(report).
 * MC_EINVAL / MC_ELIMIT (err set, "jwt.format" failed) when the input is not a compact
 * JWS at all. *credential (may be NULL) receives the credential — the payload, its
 * "vc" claim, or the payload without the JWT claims — whenever the payload is a JSON
 * object, for the caller's structure and status checks; it is trustworthy only when
 * the report is verified. */
int mc_jwt_verify(struct mc_arena *a, const char *compact, size_t n, const struct mc_resolver *resolver,
                  struct mc_report *report, const struct mc_jwt_verify_opts *opts,
                  struct mc_json **credential, struct mc_err *err);

/* True when text (after trimming whitespace) looks like a compact JWS — three dot-
 * separated base64url runs — for format detection before parsing. */
bool mc_jws_looks_compact(const char *text, size_t n);

#endif
