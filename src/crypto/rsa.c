/* RSA keys and RS256 (RSASSA-PKCS1-v1_5 with SHA-256) with OpenSSL 3. */
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <string.h>

#include "microcred/keys.h"

#include "crypto/crypto_int.h"

int mc__rsa_from_pkey(struct mc_key *k, EVP_PKEY *pkey, bool secret, struct mc_err *err)
{
	int rc = 0;
	unsigned char *der = NULL;

	mc__key_clear(k);
	if (!EVP_PKEY_is_a(pkey, "RSA")) {
		rc = mc_err_set(err, MC_EUNSUPPORTED, "key is %s, not plain RSA",
		                EVP_PKEY_get0_type_name(pkey));
		goto out;
	}
	int bits = EVP_PKEY_get_bits(pkey);
	if (bits < MC_KEY_RSA_MIN_BITS || bits > MC_KEY_RSA_MAX_BITS) {
		rc = mc_err_set(err, MC_EINVAL, "RSA key has %d bits; microcred accepts %d to %d", bits,
		                MC_KEY_RSA_MIN_BITS, MC_KEY_RSA_MAX_BITS);
		goto out;
	}
	int len = i2d_PublicKey(pkey, &der);
	if (len <= 0 || (size_t)len > sizeof(k->pub)) {
		rc = mc__ossl_fail(err, MC_EINVAL, "cannot encode the RSA public key");
		goto out;
	}
	if (secret) {
		BIGNUM *d = NULL;
		if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_D, &d) != 1 || !d) {
			ERR_clear_error();
			rc = mc_err_set(err, MC_EINVAL, "RSA key has no private exponent");
			goto out;
		}
		BN_clear_free(d);
	}
	k->type = MC_KEY_RSA;
	k->bits = (unsigned)bits;
	memcpy(k->pub, der, (size_t)len);
	k->pub_len = (size_t)len;
	k->has_secret = secret;
	k->pkey = pkey;
	pkey = NULL;
out:
	OPENSSL_free(der);
	EVP_PKEY_free(pkey);
	return rc;
}

int mc__rsa_from_pub_der(struct mc_key *k, const unsigned char *der, size_t n, struct mc_err *err)
{
	const unsigned char *p = der;
	EVP_PKEY *pkey = d2i_PublicKey(EVP_PKEY_RSA, NULL, &p, (long)n);
	if (!pkey || p != der + n) {
		ERR_clear_error();
		EVP_PKEY_free(pkey);
		return mc_err_set(err, MC_EINVAL, "RSA public key is not a DER RSAPublicKey (PKCS #1)");
	}
	int rc = mc__rsa_from_pkey(k, pkey, false, err);
	/* did:key identifies keys by these bytes: only the one canonical encoding is valid. */
	if (!rc && (k->pub_len != n || memcmp(k->pub, der, n) != 0)) {
		mc__key_clear(k);
		return mc_err_set(err, MC_EINVAL, "RSA public key is not in canonical DER");
	}
	return rc;
}

int mc__rsa_generate(struct mc_key *k, unsigned bits, struct mc_err *err)
{
	if (bits < MC_KEY_RSA_MIN_BITS || bits > MC_KEY_RSA_MAX_BITS || bits % 8)
		return mc_err_set(err, MC_EINVAL, "RSA size %u bits: use 2048, 3072 or 4096", bits);
	EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)bits);
	if (!pkey)
		return mc__ossl_fail(err, MC_EIO, "cannot generate an RSA key");
	return mc__rsa_from_pkey(k, pkey, true, err);
}

int mc__rsa_sign(const struct mc_key *k, const void *msg, size_t n, unsigned char *sig, size_t *sig_len,
                 struct mc_err *err)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	size_t len = mc_key_sig_len(k);
	int rc = 0;

	if (!ctx || EVP_DigestSignInit(ctx, &pctx, EVP_sha256(), NULL, k->pkey) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1 ||
	    EVP_DigestSign(ctx, sig, &len, msg, n) != 1) {
		rc = mc__ossl_fail(err, MC_EIO, "RS256 signing failed");
		goto out;
	}
	*sig_len = len;
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}

int mc__rsa_verify(const struct mc_key *k, const void *msg, size_t n, const unsigned char *sig,
                   size_t sig_len, struct mc_err *err)
{
	EVP_MD_CTX *ctx = NULL;
	EVP_PKEY_CTX *pctx = NULL;
	int rc = 0;

	if (sig_len != mc_key_sig_len(k))
		return mc_err_set(err, MC_EVERIFY, "RS256 signature must be %zu bytes for this key, got %zu",
		                  mc_key_sig_len(k), sig_len);
	ctx = EVP_MD_CTX_new();
	if (!ctx || EVP_DigestVerifyInit(ctx, &pctx, EVP_sha256(), NULL, k->pkey) != 1 ||
	    EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1) {
		rc = mc__ossl_fail(err, MC_ENOMEM, "cannot set up RS256 verification");
		goto out;
	}
	if (EVP_DigestVerify(ctx, sig, sig_len, msg, n) != 1) {
		ERR_clear_error();
		rc = mc_err_set(err, MC_EVERIFY, "RS256 signature does not verify");
	}
out:
	EVP_MD_CTX_free(ctx);
	return rc;
}
