/* Key lifecycle, Ed25519, and the sign/verify dispatch: see include/microcred/keys.h. */
#include <ctype.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "microcred/arena.h"
#include "microcred/keys.h"

#include "crypto/crypto_int.h"

void mc__crypto_init(void)
{
	/* sodium_init is idempotent and thread-safe; -1 only when no entropy source. */
	if (sodium_init() < 0) {
		fprintf(stderr, "microcred: libsodium could not initialise (no random source)\n");
		abort();
	}
}

unsigned char *mc__secret_alloc(size_t n)
{
	mc__crypto_init();
	unsigned char *p = sodium_malloc(n);
	if (!p) {
		fprintf(stderr, "microcred: out of memory (secure allocation of %zu bytes)\n", n);
		abort();
	}
	return p;
}

void mc__secret_free(void *p)
{
	if (p)
		sodium_free(p); /* wipes before unmapping */
}

void mc_key_wipe(void *p, size_t n)
{
	if (p && n)
		sodium_memzero(p, n);
}

void mc__buf_wipe_release(struct mc_buf *b)
{
	if (b->cap)
		sodium_memzero(b->ptr, b->cap);
	mc_buf_release(b);
}

void mc__fixed_buf(struct mc_buf *b, void *mem, size_t size)
{
	b->ptr = mem;
	b->ptr[0] = '\0';
	b->len = 0;
	b->cap = size;
	b->max = size - 1;
}

int mc__ossl_fail(struct mc_err *err, int code, const char *what)
{
	unsigned long e = ERR_get_error();
	char reason[256] = "unknown OpenSSL error";
	if (e)
		ERR_error_string_n(e, reason, sizeof(reason));
	ERR_clear_error();
	return mc_err_set(err, code, "%s (%s)", what, reason);
}

void mc_key_init(struct mc_key *k)
{
	memset(k, 0, sizeof(*k));
}

void mc__key_clear(struct mc_key *k)
{
	mc__secret_free(k->secret);
	EVP_PKEY_free(k->pkey);
	free(k->id);
	free(k->controller);
	memset(k, 0, sizeof(*k));
}

void mc_key_release(struct mc_key *k)
{
	mc__key_clear(k);
}

void mc_key_drop_secret(struct mc_key *k)
{
	mc__secret_free(k->secret);
	k->secret = NULL;
	k->secret_len = 0;
	if (k->has_secret && k->pkey) {
		/* Rebuild a public-only EVP_PKEY so no secret stays inside OpenSSL either. */
		struct mc_key pub;
		mc_key_init(&pub);
		if (mc_key_from_public(&pub, k->type, k->pub, k->pub_len, NULL) == 0) {
			EVP_PKEY_free(k->pkey);
			k->pkey = pub.pkey;
			pub.pkey = NULL;
		}
		mc__key_clear(&pub);
	}
	k->has_secret = false;
}

void mc_key_set_id(struct mc_key *k, const char *id, const char *controller)
{
	char *nid = id ? mc_xstrdup(id) : NULL;
	char *nc = controller ? mc_xstrdup(controller) : NULL;
	free(k->id);
	free(k->controller);
	k->id = nid;
	k->controller = nc;
}

const char *mc_key_type_name(enum mc_key_type t)
{
	switch (t) {
	case MC_KEY_ED25519: return "Ed25519";
	case MC_KEY_P256: return "P-256";
	case MC_KEY_RSA: return "RSA";
	default: return "none";
	}
}

const char *mc_key_jose_alg(const struct mc_key *k)
{
	switch (k->type) {
	case MC_KEY_ED25519: return "EdDSA";
	case MC_KEY_P256: return "ES256";
	case MC_KEY_RSA: return "RS256";
	default: return "none";
	}
}

int mc_key_type_parse(const char *s, enum mc_key_type *type, unsigned *bits, struct mc_err *err)
{
	static const struct {
		const char *name;
		enum mc_key_type type;
		unsigned bits;
	} names[] = {
	    {"ed25519", MC_KEY_ED25519, 256}, {"p256", MC_KEY_P256, 256},    {"p-256", MC_KEY_P256, 256},
	    {"rsa2048", MC_KEY_RSA, 2048},    {"rsa3072", MC_KEY_RSA, 3072}, {"rsa4096", MC_KEY_RSA, 4096},
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcasecmp(s, names[i].name) == 0) {
			*type = names[i].type;
			*bits = names[i].bits;
			return 0;
		}
	}
	return mc_err_set(err, MC_EINVAL,
	                  "unknown key type '%s'; use ed25519, p256, rsa2048, rsa3072 or rsa4096", s);
}

/* ---- Ed25519 ---- */

int mc__ed25519_from_seed(struct mc_key *k, const unsigned char seed[32], const unsigned char *pub,
                          struct mc_err *err)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char *sk = mc__secret_alloc(crypto_sign_SECRETKEYBYTES);

	mc__crypto_init();
	crypto_sign_seed_keypair(pk, sk, seed);
	if (pub && sodium_memcmp(pk, pub, sizeof(pk)) != 0) {
		mc__secret_free(sk);
		return mc_err_set(
		    err, MC_EINVAL,
		    "Ed25519 secret key does not match its public key; the key file is corrupt or "
		    "mixes two keys");
	}
	mc__key_clear(k);
	k->type = MC_KEY_ED25519;
	k->bits = 256;
	memcpy(k->pub, pk, sizeof(pk));
	k->pub_len = sizeof(pk);
	k->secret = sk;
	k->secret_len = crypto_sign_SECRETKEYBYTES;
	k->has_secret = true;
	return 0;
}

int mc_key_from_ed25519_seed(struct mc_key *k, const unsigned char seed[32], struct mc_err *err)
{
	return mc__ed25519_from_seed(k, seed, NULL, err);
}

int mc_ed25519_verify(const unsigned char pub[32], const void *msg, size_t n, const unsigned char sig[64])
{
	return crypto_sign_verify_detached(sig, msg, n, pub) == 0 ? 0 : MC_EVERIFY;
}

/* ---- generic ---- */

int mc_key_generate(struct mc_key *k, enum mc_key_type type, unsigned bits, struct mc_err *err)
{
	mc__key_clear(k);
	switch (type) {
	case MC_KEY_ED25519: {
		unsigned char *seed = mc__secret_alloc(32);
		randombytes_buf(seed, 32);
		int rc = mc__ed25519_from_seed(k, seed, NULL, err);
		mc__secret_free(seed);
		return rc;
	}
	case MC_KEY_P256: return mc__p256_generate(k, err);
	case MC_KEY_RSA: return mc__rsa_generate(k, bits, err);
	default: return mc_err_set(err, MC_EINVAL, "cannot generate a key of type %d", (int)type);
	}
}

int mc_key_from_public(struct mc_key *k, enum mc_key_type type, const void *p, size_t n, struct mc_err *err)
{
	mc__key_clear(k);
	switch (type) {
	case MC_KEY_ED25519:
		mc__crypto_init();
		if (n != 32)
			return mc_err_set(err, MC_EINVAL, "Ed25519 public key must be 32 bytes, got %zu", n);
		/* Rejects non-canonical encodings, points off the curve and small-order points. */
		if (!crypto_core_ed25519_is_valid_point(p))
			return mc_err_set(err, MC_EINVAL, "Ed25519 public key is not a valid curve point");
		k->type = MC_KEY_ED25519;
		k->bits = 256;
		memcpy(k->pub, p, 32);
		k->pub_len = 32;
		return 0;
	case MC_KEY_P256: return mc__p256_set(k, p, n, NULL, 0, err);
	case MC_KEY_RSA: return mc__rsa_from_pub_der(k, p, n, err);
	default: return mc_err_set(err, MC_EINVAL, "unknown key type %d", (int)type);
	}
}

size_t mc_key_sig_len(const struct mc_key *k)
{
	switch (k->type) {
	case MC_KEY_ED25519:
	case MC_KEY_P256: return 64;
	case MC_KEY_RSA: return (k->bits + 7) / 8;
	default: return 0;
	}
}

int mc_key_sign(const struct mc_key *k, const void *msg, size_t n, unsigned char *sig, size_t *sig_len,
                struct mc_err *err)
{
	if (!k->has_secret)
		return mc_err_set(err, MC_EINVAL,
		                  "cannot sign with a public key; use a key file that has the secret "
		                  "(secretKeyMultibase or secretKeyJwk)");
	switch (k->type) {
	case MC_KEY_ED25519:
		crypto_sign_detached(sig, NULL, msg, n, k->secret);
		*sig_len = 64;
		return 0;
	case MC_KEY_P256: *sig_len = 64; return mc__p256_sign(k, msg, n, sig, err);
	case MC_KEY_RSA: return mc__rsa_sign(k, msg, n, sig, sig_len, err);
	default: return mc_err_set(err, MC_EINVAL, "no key to sign with");
	}
}

int mc_key_verify(const struct mc_key *k, const void *msg, size_t n, const unsigned char *sig, size_t sig_len,
                  struct mc_err *err)
{
	switch (k->type) {
	case MC_KEY_ED25519:
		if (sig_len != 64)
			return mc_err_set(err, MC_EVERIFY, "Ed25519 signature must be 64 bytes, got %zu",
			                  sig_len);
		if (crypto_sign_verify_detached(sig, msg, n, k->pub) != 0)
			return mc_err_set(err, MC_EVERIFY, "Ed25519 signature does not verify");
		return 0;
	case MC_KEY_P256: return mc__p256_verify(k, msg, n, sig, sig_len, err);
	case MC_KEY_RSA: return mc__rsa_verify(k, msg, n, sig, sig_len, err);
	default: return mc_err_set(err, MC_EINVAL, "no key to verify with");
	}
}
