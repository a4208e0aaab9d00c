/* PEM import and export (SPKI "PUBLIC KEY", PKCS#8 "PRIVATE KEY", and the
 * traditional "EC PRIVATE KEY" / "RSA PRIVATE KEY" on input) through OpenSSL. */
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <string.h>

#include "microcred/keys.h"

#include "crypto/crypto_int.h"

/* OpenSSL's default would prompt on the terminal for an encrypted key. */
static int no_password(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

int mc__key_from_pem(struct mc_key *k, const char *text, size_t n, struct mc_err *err)
{
	bool secret = memmem(text, n, "PRIVATE KEY-----", 16) != NULL;
	BIO *bio = BIO_new_mem_buf(text, (int)n);
	EVP_PKEY *pkey = NULL;
	int rc = 0;

	mc__key_clear(k);
	if (!bio)
		return mc__ossl_fail(err, MC_ENOMEM, "cannot read PEM");
	if (memmem(text, n, "ENCRYPTED", 9)) {
		BIO_free(bio);
		return mc_err_set(err, MC_EUNSUPPORTED,
		                  "PEM key is encrypted; decrypt it first (openssl pkey -in KEY -out PLAIN)");
	}
	pkey = secret ? PEM_read_bio_PrivateKey(bio, NULL, no_password, NULL)
	              : PEM_read_bio_PUBKEY(bio, NULL, no_password, NULL);
	BIO_free(bio);
	if (!pkey)
		return mc__ossl_fail(err, MC_EINVAL,
		                     secret
		                         ? "PEM is not a readable private key (expected PKCS#8 PRIVATE KEY)"
		                         : "PEM is not a readable public key (expected SPKI PUBLIC KEY)");
	if (EVP_PKEY_is_a(pkey, "ED25519")) {
		unsigned char raw[32];
		size_t len = sizeof(raw);
		if (secret) {
			if (EVP_PKEY_get_raw_private_key(pkey, raw, &len) != 1 || len != 32)
				rc = mc__ossl_fail(err, MC_EINVAL, "cannot read the Ed25519 private key");
			else
				rc = mc__ed25519_from_seed(k, raw, NULL, err);
		} else {
			if (EVP_PKEY_get_raw_public_key(pkey, raw, &len) != 1 || len != 32)
				rc = mc__ossl_fail(err, MC_EINVAL, "cannot read the Ed25519 public key");
			else
				rc = mc_key_from_public(k, MC_KEY_ED25519, raw, 32, err);
		}
		OPENSSL_cleanse(raw, sizeof(raw));
		EVP_PKEY_free(pkey);
	} else if (EVP_PKEY_is_a(pkey, "EC")) {
		rc = mc__p256_from_pkey(k, pkey, err);
	} else if (EVP_PKEY_is_a(pkey, "RSA")) {
		rc = mc__rsa_from_pkey(k, pkey, secret, err);
	} else {
		rc = mc_err_set(err, MC_EUNSUPPORTED,
		                "PEM holds a %s key; microcred uses Ed25519, P-256 and RSA",
		                EVP_PKEY_get0_type_name(pkey));
		EVP_PKEY_free(pkey);
	}
	if (rc)
		mc_err_prefix(err, "PEM");
	return rc;
}

int mc_key_to_pem(const struct mc_key *k, unsigned flags, struct mc_buf *out, struct mc_err *err)
{
	bool secret = (flags & MC_KEY_EXPORT_SECRET) != 0;
	EVP_PKEY *own = NULL;
	EVP_PKEY *pkey = k->pkey;
	BIO *bio = NULL;
	int rc = 0;

	if (secret && !k->has_secret)
		return mc_err_set(err, MC_EINVAL, "the key has no secret part to write as PEM");
	if (k->type == MC_KEY_ED25519) {
		own = secret ? EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, k->secret, 32)
		             : EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, k->pub, 32);
		pkey = own;
	}
	if (!pkey)
		return mc__ossl_fail(err, MC_EINVAL, "no key to write as PEM");
	/* A secure-memory BIO, so the PKCS#8 text is cleared when freed. */
	bio = BIO_new(BIO_s_secmem());
	if (!bio) {
		rc = mc__ossl_fail(err, MC_ENOMEM, "cannot write PEM");
		goto out;
	}
	if ((secret ? PEM_write_bio_PrivateKey(bio, pkey, NULL, NULL, 0, NULL, NULL)
	            : PEM_write_bio_PUBKEY(bio, pkey)) != 1) {
		rc = mc__ossl_fail(err, MC_EIO, "cannot write PEM");
		goto out;
	}
	char *data = NULL;
	long len = BIO_get_mem_data(bio, &data);
	rc = mc_buf_append(out, data, (size_t)len);
out:
	BIO_free(bio);
	EVP_PKEY_free(own);
	return rc;
}
