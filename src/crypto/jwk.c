/* JWK (RFC 7517 / 7518 / 8037) import and export for Ed25519, P-256 and RSA keys. */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <sodium.h>
#include <string.h>

#include "microcred/encoding.h"
#include "microcred/json.h"
#include "microcred/keys.h"

#include "crypto/crypto_int.h"

/* Decodes base64url member `name` into b (which the caller wipes). Required unless
 * optional is set; *present tells which. */
static int get_b64u(const struct mc_json *jwk, const char *where, const char *name, bool optional,
                    struct mc_buf *b, bool *present, struct mc_err *err)
{
	const struct mc_json *v;
	int rc = mc__json_opt_str(jwk, name, where, &v, err);
	*present = false;
	if (rc)
		return rc;
	if (!v) {
		if (optional)
			return 0;
		return mc_err_set(err, MC_EINVAL, "%s: missing \"%s\"", where, name);
	}
	/* RFC 7518 wants unpadded base64url, but published keys (one did:key vector's
	 * RSA "d") carry '=' padding; a key is not a signature, so tolerate it. */
	size_t len = v->len;
	while (len > 0 && len > v->len - 2 && v->v.str[len - 1] == '=')
		len--;
	rc = mc_base64url_decode(b, v->v.str, len, err);
	if (rc) {
		mc_err_prefix(err, "%s.%s", where, name);
		return rc;
	}
	*present = true;
	return 0;
}

static int check_alg(const struct mc_json *jwk, const char *where, const char *want, struct mc_err *err)
{
	const struct mc_json *alg;
	int rc = mc__json_opt_str(jwk, "alg", where, &alg, err);
	if (rc || !alg)
		return rc;
	if (strcmp(alg->v.str, want) != 0)
		return mc_err_set(err, MC_EINVAL, "%s: \"alg\" is \"%s\" but this key is used with %s", where,
		                  alg->v.str, want);
	return 0;
}

static int okp_from_jwk(struct mc_key *k, const struct mc_json *jwk, const char *where, struct mc_err *err)
{
	const struct mc_json *crv;
	struct mc_buf x, d;
	bool has_x, has_d;
	int rc;

	if ((rc = mc__json_opt_str(jwk, "crv", where, &crv, err)))
		return rc;
	if (!crv)
		return mc_err_set(err, MC_EINVAL, "%s: OKP key without \"crv\"", where);
	if (strcmp(crv->v.str, "Ed25519") != 0)
		return mc_err_set(err, MC_EUNSUPPORTED,
		                  "%s: OKP curve \"%s\" is not supported; microcred signs with "
		                  "Ed25519",
		                  where, crv->v.str);
	if ((rc = check_alg(jwk, where, "EdDSA", err)))
		return rc;
	mc_buf_init(&x, 64);
	mc_buf_init(&d, 64);
	rc = get_b64u(jwk, where, "x", false, &x, &has_x, err);
	if (!rc)
		rc = get_b64u(jwk, where, "d", true, &d, &has_d, err);
	if (rc == MC_ELIMIT)
		rc = mc_err_set(err, MC_EINVAL, "%s: Ed25519 \"x\" and \"d\" must be 32 bytes", where);
	if (rc)
		goto out;
	if (x.len != 32 || (has_d && d.len != 32)) {
		rc = mc_err_set(err, MC_EINVAL, "%s: Ed25519 \"%s\" must be 32 bytes, got %zu", where,
		                x.len != 32 ? "x" : "d", x.len != 32 ? x.len : d.len);
		goto out;
	}
	if (has_d)
		rc = mc__ed25519_from_seed(k, (unsigned char *)d.ptr, (unsigned char *)x.ptr, err);
	else
		rc = mc_key_from_public(k, MC_KEY_ED25519, x.ptr, 32, err);
	if (rc)
		mc_err_prefix(err, "%s", where);
out:
	mc_buf_release(&x);
	mc__buf_wipe_release(&d);
	return rc;
}

static int ec_from_jwk(struct mc_key *k, const struct mc_json *jwk, const char *where, struct mc_err *err)
{
	const struct mc_json *crv;
	struct mc_buf x, y, d;
	bool has, has_d;
	unsigned char pub[65];
	int rc;

	if ((rc = mc__json_opt_str(jwk, "crv", where, &crv, err)))
		return rc;
	if (!crv)
		return mc_err_set(err, MC_EINVAL, "%s: EC key without \"crv\"", where);
	if (strcmp(crv->v.str, "P-256") != 0)
		return mc_err_set(err, MC_EUNSUPPORTED,
		                  "%s: EC curve \"%s\" is not supported; microcred signs with "
		                  "P-256",
		                  where, crv->v.str);
	if ((rc = check_alg(jwk, where, "ES256", err)))
		return rc;
	mc_buf_init(&x, 64);
	mc_buf_init(&y, 64);
	mc_buf_init(&d, 64);
	rc = get_b64u(jwk, where, "x", false, &x, &has, err);
	if (!rc)
		rc = get_b64u(jwk, where, "y", false, &y, &has, err);
	if (!rc)
		rc = get_b64u(jwk, where, "d", true, &d, &has_d, err);
	if (rc == MC_ELIMIT)
		rc = mc_err_set(err, MC_EINVAL, "%s: P-256 \"x\", \"y\" and \"d\" must be 32 bytes", where);
	if (rc)
		goto out;
	if (x.len != 32 || y.len != 32 || (has_d && d.len != 32)) {
		rc = mc_err_set(err, MC_EINVAL, "%s: P-256 \"x\", \"y\" and \"d\" must be 32 bytes", where);
		goto out;
	}
	pub[0] = 0x04;
	memcpy(pub + 1, x.ptr, 32);
	memcpy(pub + 33, y.ptr, 32);
	rc = mc__p256_set(k, pub, 65, has_d ? (unsigned char *)d.ptr : NULL, has_d ? 32 : 0, err);
	if (rc)
		mc_err_prefix(err, "%s", where);
out:
	mc_buf_release(&x);
	mc_buf_release(&y);
	mc__buf_wipe_release(&d);
	return rc;
}

static const struct {
	const char *jwk;
	const char *param;
} rsa_members[] = {
    {"n", OSSL_PKEY_PARAM_RSA_N},          {"e", OSSL_PKEY_PARAM_RSA_E},
    {"d", OSSL_PKEY_PARAM_RSA_D},          {"p", OSSL_PKEY_PARAM_RSA_FACTOR1},
    {"q", OSSL_PKEY_PARAM_RSA_FACTOR2},    {"dp", OSSL_PKEY_PARAM_RSA_EXPONENT1},
    {"dq", OSSL_PKEY_PARAM_RSA_EXPONENT2}, {"qi", OSSL_PKEY_PARAM_RSA_COEFFICIENT1},
};
#define RSA_NMEMBERS (sizeof(rsa_members) / sizeof(rsa_members[0]))

static int rsa_from_jwk(struct mc_key *k, const struct mc_json *jwk, const char *where, struct mc_err *err)
{
	BIGNUM *bn[RSA_NMEMBERS] = {0};
	bool present[RSA_NMEMBERS] = {0};
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL;
	EVP_PKEY *pkey = NULL;
	struct mc_buf b;
	int rc;

	if ((rc = check_alg(jwk, where, "RS256", err)))
		return rc;
	mc_buf_init(&b, 2048);
	for (size_t i = 0; i < RSA_NMEMBERS; i++) {
		mc_buf_clear(&b);
		rc = get_b64u(jwk, where, rsa_members[i].jwk, i >= 2, &b, &present[i], err);
		if (rc == MC_ELIMIT)
			rc = mc_err_set(err, MC_EINVAL, "%s: RSA \"%s\" is too large", where,
			                rsa_members[i].jwk);
		if (rc)
			goto out;
		if (!present[i])
			continue;
		if (b.len == 0) {
			rc = mc_err_set(err, MC_EINVAL, "%s: RSA \"%s\" is empty", where, rsa_members[i].jwk);
			goto out;
		}
		bn[i] = i >= 2 ? BN_secure_new() : BN_new();
		if (!bn[i] || !BN_bin2bn((unsigned char *)b.ptr, (int)b.len, bn[i])) {
			rc = mc__ossl_fail(err, MC_ENOMEM, "cannot read an RSA number");
			goto out;
		}
		sodium_memzero(b.ptr, b.len);
	}
	bool crt = present[3] || present[4] || present[5] || present[6] || present[7];
	bool all_crt = present[3] && present[4] && present[5] && present[6] && present[7];
	if (crt && (!all_crt || !present[2])) {
		rc = mc_err_set(err, MC_EINVAL,
		                "%s: RSA private key needs \"d\" and all of p, q, dp, dq, qi (or none)",
		                where);
		goto out;
	}
	bld = OSSL_PARAM_BLD_new();
	if (!bld) {
		rc = mc__ossl_fail(err, MC_ENOMEM, "cannot build an RSA key");
		goto out;
	}
	for (size_t i = 0; i < RSA_NMEMBERS; i++) {
		if (bn[i] && !OSSL_PARAM_BLD_push_BN(bld, rsa_members[i].param, bn[i])) {
			rc = mc__ossl_fail(err, MC_ENOMEM, "cannot build an RSA key");
			goto out;
		}
	}
	params = OSSL_PARAM_BLD_to_param(bld);
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	if (!params || !ctx || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pkey, present[2] ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) != 1) {
		rc = mc__ossl_fail(err, MC_EINVAL, "RSA key rejected by OpenSSL");
		mc_err_prefix(err, "%s", where);
		goto out;
	}
	rc = mc__rsa_from_pkey(k, pkey, present[2], err);
	pkey = NULL;
	if (rc) {
		mc_err_prefix(err, "%s", where);
		goto out;
	}
	if (k->has_secret) {
		/* A wrong d (or p, q...) would only show when a signature fails to verify
		 * elsewhere; find out now with one round trip. */
		static const char probe[] = "microcred key check";
		unsigned char sig[MC_KEY_SIG_MAX];
		size_t sig_len = 0;
		if (mc_key_sign(k, probe, sizeof(probe) - 1, sig, &sig_len, NULL) != 0 ||
		    mc_key_verify(k, probe, sizeof(probe) - 1, sig, sig_len, NULL) != 0) {
			mc__key_clear(k);
			rc = mc_err_set(err, MC_EINVAL, "%s: RSA private key does not match its public key",
			                where);
		}
	}
out:
	for (size_t i = 0; i < RSA_NMEMBERS; i++)
		BN_clear_free(bn[i]);
	EVP_PKEY_free(pkey);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	mc__buf_wipe_release(&b);
	return rc;
}

int mc__key_from_jwk(struct mc_key *k, const struct mc_json *jwk, const char *where, struct mc_err *err)
{
	const struct mc_json *kty;
	int rc;

	mc__key_clear(k);
	if (!mc_json_is_object(jwk))
		return mc_err_set(err, MC_EINVAL, "%s must be a JSON object (a JWK)", where);
	if ((rc = mc__json_opt_str(jwk, "kty", where, &kty, err)))
		return rc;
	if (!kty)
		return mc_err_set(err, MC_EINVAL, "%s: missing \"kty\" (OKP, EC or RSA)", where);
	if (strcmp(kty->v.str, "OKP") == 0)
		return okp_from_jwk(k, jwk, where, err);
	if (strcmp(kty->v.str, "EC") == 0)
		return ec_from_jwk(k, jwk, where, err);
	if (strcmp(kty->v.str, "RSA") == 0)
		return rsa_from_jwk(k, jwk, where, err);
	return mc_err_set(err, MC_EUNSUPPORTED, "%s: unknown \"kty\" \"%s\"; expected OKP, EC or RSA", where,
	                  kty->v.str);
}

static int put_bn_param(struct mc_arena *a, struct mc_json *o, const struct mc_key *k, const char *name,
                        const char *param, struct mc_err *err)
{
	BIGNUM *bn = NULL;
	if (EVP_PKEY_get_bn_param(k->pkey, param, &bn) != 1 || !bn) {
		ERR_clear_error();
		return mc_err_set(err, MC_EUNSUPPORTED, "RSA key has no \"%s\" to export", name);
	}
	size_t n = (size_t)BN_num_bytes(bn);
	unsigned char *tmp = mc__secret_alloc(n ? n : 1);
	BN_bn2bin(bn, tmp);
	mc__json_put_b64u(a, o, name, tmp, n);
	mc__secret_free(tmp);
	BN_clear_free(bn);
	return 0;
}

int mc_key_to_jwk(struct mc_arena *a, const struct mc_key *k, unsigned flags, bool with_alg,
                  struct mc_json **out, struct mc_err *err)
{
	bool secret = (flags & MC_KEY_EXPORT_SECRET) && k->has_secret;
	struct mc_json *o = mc_json_new_object(a);
	int rc = 0;

	switch (k->type) {
	case MC_KEY_ED25519:
		mc__json_put_cstr(a, o, "kty", "OKP");
		mc__json_put_cstr(a, o, "crv", "Ed25519");
		mc__json_put_b64u(a, o, "x", k->pub, 32);
		if (secret)
			mc__json_put_b64u(a, o, "d", k->secret, 32); /* the seed (RFC 8037) */
		break;
	case MC_KEY_P256: {
		unsigned char unc[65];
		size_t len;
		rc = mc__ec_point_convert("P-256", k->pub, k->pub_len, false, unc, sizeof(unc), &len, err);
		if (rc)
			return rc;
		mc__json_put_cstr(a, o, "kty", "EC");
		mc__json_put_cstr(a, o, "crv", "P-256");
		mc__json_put_b64u(a, o, "x", unc + 1, 32);
		mc__json_put_b64u(a, o, "y", unc + 33, 32);
		if (secret)
			mc__json_put_b64u(a, o, "d", k->secret, 32);
		break;
	}
	case MC_KEY_RSA:
		mc__json_put_cstr(a, o, "kty", "RSA");
		for (size_t i = 0; i < (secret ? RSA_NMEMBERS : 2) && !rc; i++)
			rc = put_bn_param(a, o, k, rsa_members[i].jwk, rsa_members[i].param, err);
		if (rc)
			return rc;
		break;
	default: return mc_err_set(err, MC_EINVAL, "no key to export");
	}
	if (with_alg)
		mc__json_put_cstr(a, o, "alg", mc_key_jose_alg(k));
	*out = o;
	return 0;
}
