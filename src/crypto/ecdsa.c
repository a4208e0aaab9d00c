/* ECDSA P-256 (ES256) with OpenSSL 3, and EC point and signature conversions. */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>
#include <string.h>

#include "microcred/keys.h"

#include "crypto/crypto_int.h"

static int curve_nid(const char *curve)
{
	if (strcmp(curve, "P-256") == 0)
		return NID_X9_62_prime256v1;
	if (strcmp(curve, "P-384") == 0)
		return NID_secp384r1;
	if (strcmp(curve, "P-521") == 0)
		return NID_secp521r1;
	if (strcmp(curve, "secp256k1") == 0)
		return NID_secp256k1;
	return NID_undef;
}

int mc__ec_point_convert(const char *curve, const unsigned char *in, size_t n, bool compress,
                         unsigned char *out, size_t cap, size_t *out_len, struct mc_err *err)
{
	int nid = curve_nid(curve);
	int rc = 0;
	if (nid == NID_undef)
		return mc_err_set(err, MC_EUNSUPPORTED, "unknown elliptic curve '%s'", curve);
	/* A lone 0x00 is the point at infinity, which oct2point accepts: never a key. */
	if (n < 2)
		return mc_err_set(err, MC_EINVAL, "%s public key is %zu bytes, too short for a point", curve,
		                  n);
	EC_GROUP *g = EC_GROUP_new_by_curve_name(nid);
	EC_POINT *pt = g ? EC_POINT_new(g) : NULL;
	if (!pt) {
		rc = mc__ossl_fail(err, MC_ENOMEM, "cannot set up the elliptic curve");
		goto out;
	}
	if (EC_POINT_oct2point(g, pt, in, n, NULL) != 1) {
		ERR_clear_error();
		rc = mc_err_set(err, MC_EINVAL, "%s public key is not a valid point on the curve", curve);
		goto out;
	}
	size_t len = EC_POINT_point2oct(
	    g, pt, compress ? POINT_CONVERSION_COMPRESSED : POINT_CONVERSION_UNCOMPRESSED, out, cap, NULL);
	if (len == 0) {
		rc = mc__ossl_fail(err, MC_EINVAL, "cannot encode the curve point");
		goto out;
	}
	*out_len = len;
out:
	EC_POINT_free(pt);
	EC_GROUP_free(g);
	return rc;
}

/* pub = d·G on P-256, uncompressed. */
static int p256_pub_from_d(const unsigned char *d, size_t d_len, unsigned char out[65], struct mc_err *err)
{
	int rc = 0;
	EC_GROUP *g = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
	EC_POINT *pt = g ? EC_POINT_new(g) : NULL;
	BIGNUM *bn = BN_secure_new();
	if (!pt || !bn || !BN_bin2bn(d, (int)d_len, bn)) {
		rc = mc__ossl_fail(err, MC_ENOMEM, "cannot set up P-256");
		goto out;
	}
	if (BN_is_zero(bn) || BN_cmp(bn, EC_GROUP_get0_order(g)) >= 0) {
		rc = mc_err_set(err, MC_EINVAL, "P-256 secret key is out of range (must be 1..n-1)");
		goto out;
	}
	if (EC_POINT_mul(g, pt, bn, NULL, NULL, NULL) != 1 ||
	    EC_POINT_point2oct(g, pt, POINT_CONVERSION_UNCOMPRESSED, out, 65, NULL) != 65) {
		rc = mc__ossl_fail(err, MC_EINVAL, "cannot derive the P-256 public key");
		goto out;
	}
out:
	BN_clear_free(bn);
	EC_POINT_free(pt);
	EC_GROUP_free(g);
	return rc;
}

int mc__p256_set(struct mc_key *k, const unsigned char *pub, size_t pub_len, const unsigned char *d,
                 size_t d_len, struct mc_err *err)
{
	unsigned char unc[65], comp[33];
	size_t unc_len = 0, comp_len = 0;
	OSSL_PARAM_BLD *bld = NULL;
	OSSL_PARAM *params = NULL;
	EVP_PKEY_CTX *ctx = NULL, *cctx = NULL;
	EVP_PKEY *pkey = NULL;
	BIGNUM *bn = NULL;
	int rc;

	mc__key_clear(k);
	if (d && d_len != 32)
		return mc_err_set(err, MC_EINVAL, "P-256 secret key must be 32 bytes, got %zu", d_len);
	if (!pub && !d)
		return mc_err_set(err, MC_EINVAL, "P-256 key has neither a public nor a secret part");
	if (!pub) {
		rc = p256_pub_from_d(d, d_len, unc, err);
		if (rc)
			return rc;
		pub = unc;
		pub_len = 65;
	}
	if (pub_len != 33 && pub_len != 65)
		return mc_err_set(err, MC_EINVAL,
		                  "P-256 public key must be 33 (compressed) or 65 bytes, got %zu", pub_len);
	rc = mc__ec_point_convert("P-256", pub, pub_len, false, unc, sizeof(unc), &unc_len, err);
	if (!rc)
		rc = mc__ec_point_convert("P-256", pub, pub_len, true, comp, sizeof(comp), &comp_len, err);
	if (rc)
		return rc;

	bld = OSSL_PARAM_BLD_new();
	ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
	if (!bld || !ctx || !OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "P-256", 0) ||
	    !OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, unc, unc_len)) {
		rc = mc__ossl_fail(err, MC_ENOMEM, "cannot build a P-256 key");
		goto out;
	}
	if (d) {
		bn = BN_secure_new();
		if (!bn || !BN_bin2bn(d, (int)d_len, bn) ||
		    !OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, bn)) {
			rc = mc__ossl_fail(err, MC_ENOMEM, "cannot build a P-256 key");
			goto out;
		}
	}
	params = OSSL_PARAM_BLD_to_param(bld);
	if (!params || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pkey, d ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params) != 1) {
		rc = mc__ossl_fail(err, MC_EINVAL, "P-256 key rejected by OpenSSL");
		goto out;
	}
	if (d) {
		/* The secret must belong to the public point given with it. */
		cctx = EVP_PKEY_CTX_new_from_pkey(NULL, pkey, NULL);
		if (!cctx || EVP_PKEY_check(cctx) != 1) {
			ERR_clear_error();
			rc =
			    mc_err_set(err, MC_EINVAL,
			               "P-256 secret key does not match its public key (or is out of range)");
			goto out;
		}
		k->secret = mc__secret_alloc(32);
		memcpy(k->secret, d, 32);
		k->secret_len = 32;
		k->has_secret = true;
	}
	k->type = MC_KEY_P256;
	k->bits = 256;
	memcpy(k->pub, comp, comp_len);
	k->pub_len = comp_len;
	k->pkey = pkey;
	pkey = NULL;
	rc = 0;
out:
	EVP_PKEY_free(pkey);
	EVP_PKEY_CTX_free(cctx);
	EVP_PKEY_CTX_free(ctx);
	OSSL_PARAM_free(params);
	OSSL_PARAM_BLD_free(bld);
	BN_clear_free(bn);
	if (rc)
		mc__key_clear(k);
	return rc;
}

int mc__p256_from_pkey(struct mc_key *k, EVP_PKEY *pkey, struct mc_err *err)
{
	char group[64] = "";
	unsigned char pub[133];
	unsigned char *d = NULL;
	size_t pub_len = 0;
	BIGNUM *bn = NULL;
	int rc;

	if (!EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof(group), NULL) ||
	    (strcmp(group, "prime256v1") != 0 && strcmp(group, "P-256") != 0)) {
		ERR_clear_error();
		EVP_PKEY_free(pkey);
		return mc_err_set(err, MC_EUNSUPPORTED,
		                  "EC key on curve '%s'; microcred signs with P-256 only",
		                  group[0] ? group : "unknown");
	}
	if (!EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_PUB_KEY, pub, sizeof(pub), &pub_len)) {
		EVP_PKEY_free(pkey);
		return mc__ossl_fail(err, MC_EINVAL, "EC key has no public point");
	}
	if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_PRIV_KEY, &bn) == 1 && bn) {
		d = mc__secret_alloc(32);
		if (BN_bn2binpad(bn, d, 32) != 32) {
			BN_clear_free(bn);
			mc__secret_free(d);
			EVP_PKEY_free(pkey);
			return mc_err_set(err, MC_EINVAL, "P-256 secret key is out of range");
		}
	}
	ERR_clear_error();
	BN_clear_free(bn);
	EVP_PKEY_free(pkey);
	rc = mc__p256_set(k, pub, pub_len, d, d ? 32 : 0, err);
	mc__secret_free(d);
	return rc;
}

int mc__p256_generate(struct mc_key *k, struct mc_err *err)
{
	EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "EC", "P-256");
	if (!pkey)
		return mc__ossl_fail(err, MC_EIO, "cannot generate a P-256 key");
	return mc__p256_from_pkey(k, pkey, err);
}

int mc__p256_sign(const struct mc_key *k, const void *msg, size_t n, unsigned char sig[64],
                  struct mc_err *err)
{
	unsigned char der[80];
	size_t der_len = sizeof(der);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	int rc = 0;

	if (!ctx || EVP_DigestSignInit(ctx, NULL, EVP_sha256(), NULL, k->pkey) != 1 ||
	    EVP_DigestSign(ctx, der, &der_len, msg, n) != 1) {
		rc = mc__ossl_fail(err, MC_EIO, "ES256 signing failed");
		goto out;
	}
	rc = mc_ecdsa_sig_der_to_raw(der, der_len, 32, sig, err);
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

int mc__p256_verify(const struct mc_key *k, const void *msg, size_t n, const unsigned char *sig,
                    size_t sig_len, struct mc_err *err)
{
	unsigned char stack[96];
	struct mc_buf der;
	EVP_MD_CTX *ctx = NULL;
	int rc;

	if (sig_len != 64)
		return mc_err_set(err, MC_EVERIFY, "ES256 signature must be 64 bytes (r||s), got %zu",
		                  sig_len);
	mc__fixed_buf(&der, stack, sizeof(stack));
	rc = mc_ecdsa_sig_raw_to_der(sig, 32, &der, err);
	if (rc)
		return rc == MC_EINVAL ? mc_err_set(err, MC_EVERIFY, "ES256 signature is malformed") : rc;
	ctx = EVP_MD_CTX_new();
	if (!ctx || EVP_DigestVerifyInit(ctx, NULL, EVP_sha256(), NULL, k->pkey) != 1) {
		rc = mc__ossl_fail(err, MC_ENOMEM, "cannot set up ES256 verification");
		goto out;
	}
	if (EVP_DigestVerify(ctx, (unsigned char *)der.ptr, der.len, msg, n) != 1) {
		ERR_clear_error();
		rc = mc_err_set(err, MC_EVERIFY, "ES256 signature does not verify");
		goto out;
	}
	rc = 0;
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

int mc_ecdsa_sig_der_to_raw(const unsigned char *der, size_t n, size_t half, unsigned char *raw,
                            struct mc_err *err)
{
	const unsigned char *p = der;
	const BIGNUM *r, *s;
	int rc = 0;
	ECDSA_SIG *sig = d2i_ECDSA_SIG(NULL, &p, (long)n);

	if (!sig || p != der + n) {
		ERR_clear_error();
		rc = mc_err_set(err, MC_EINVAL, "ECDSA signature is not a DER SEQUENCE of two INTEGERs");
		goto out;
	}
	/* Strict DER only: the re-encoding must give back the same bytes. */
	if (i2d_ECDSA_SIG(sig, NULL) != (int)n) {
		rc = mc_err_set(err, MC_EINVAL, "ECDSA signature is not in canonical DER");
		goto out;
	}
	ECDSA_SIG_get0(sig, &r, &s);
	if (BN_is_negative(r) || BN_is_negative(s) || BN_num_bytes(r) > (int)half ||
	    BN_num_bytes(s) > (int)half) {
		rc = mc_err_set(err, MC_EINVAL, "ECDSA signature values are larger than %zu bytes", half);
		goto out;
	}
	BN_bn2binpad(r, raw, (int)half);
	BN_bn2binpad(s, raw + half, (int)half);
out:
	ECDSA_SIG_free(sig);
	return rc;
}

int mc_ecdsa_sig_raw_to_der(const unsigned char *raw, size_t half, struct mc_buf *der, struct mc_err *err)
{
	ECDSA_SIG *sig = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(raw, (int)half, NULL);
	BIGNUM *s = BN_bin2bn(raw + half, (int)half, NULL);
	int rc = 0;

	if (!sig || !r || !s || ECDSA_SIG_set0(sig, r, s) != 1) {
		BN_free(r);
		BN_free(s);
		rc = mc__ossl_fail(err, MC_ENOMEM, "cannot build an ECDSA signature");
		goto out;
	}
	int len = i2d_ECDSA_SIG(sig, NULL);
	if (len <= 0) {
		rc = mc__ossl_fail(err, MC_EINVAL, "cannot encode the ECDSA signature");
		goto out;
	}
	rc = mc_buf_reserve(der, (size_t)len);
	if (rc) {
		rc = mc_err_set(err, rc, "ECDSA signature does not fit the buffer");
		goto out;
	}
	unsigned char *p = (unsigned char *)der->ptr + der->len;
	i2d_ECDSA_SIG(sig, &p);
	der->len += (size_t)len;
	der->ptr[der->len] = '\0';
out:
	ECDSA_SIG_free(sig);
	return rc;
}
