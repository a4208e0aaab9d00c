/* Private to src/crypto: helpers shared by the key, JWK, PEM and DID files. */
#ifndef MC_CRYPTO_CRYPTO_INT_H
#define MC_CRYPTO_CRYPTO_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/json.h"
#include "microcred/keys.h"

struct evp_pkey_st;

/* libsodium must be initialised once before use; cheap after the first call. */
void mc__crypto_init(void);

/* Guarded, locked memory for secrets (sodium_malloc); aborts when out of memory. */
unsigned char *mc__secret_alloc(size_t n);
void mc__secret_free(void *p); /* wipes; NULL is fine */

/* Wipes b's bytes, then releases it (for buffers that held secrets). */
void mc__buf_wipe_release(struct mc_buf *b);

/* Makes b a fixed-size buffer over mem (size bytes, including room for the NUL).
 * Appends past size - 1 bytes fail with MC_ELIMIT, so nothing is ever allocated;
 * never pass b to mc_buf_release. Used to decode keys without allocating. */
void mc__fixed_buf(struct mc_buf *b, void *mem, size_t size);

/* Sets err from OpenSSL's error queue (and clears it): "what: reason". */
int mc__ossl_fail(struct mc_err *err, int code, const char *what);

/* ---- multicodec / multibase ---- */

/* Expected raw length of a public key codec: >0 fixed, 0 variable (RSA), -1 unknown. */
long mc__codec_key_len(uint64_t codec);
/* Human name of a codec ("ed25519-pub"), or NULL when unknown. */
const char *mc__codec_name(uint64_t codec);
/* Decodes 'z' + base58btc(varint codec || bytes) into bytes[cap] without allocating.
 * what names the value in messages ("publicKeyMultibase"). */
int mc__multikey_decode(const char *s, size_t n, const char *what, uint64_t *codec, unsigned char *bytes,
                        size_t cap, size_t *len, struct mc_err *err);
/* Appends 'z' + base58btc(varint codec || bytes). */
int mc__multikey_encode(struct mc_buf *out, uint64_t codec, const unsigned char *p, size_t n);

/* ---- JSON building (keys are string literals, borrowed) ---- */

struct mc_json *mc__json_put(struct mc_arena *a, struct mc_json *obj, const char *key);
void mc__json_put_str(struct mc_arena *a, struct mc_json *obj, const char *key, const char *s, size_t n);
void mc__json_put_cstr(struct mc_arena *a, struct mc_json *obj, const char *key, const char *s);
/* Base64url of bytes as a new string member. */
void mc__json_put_b64u(struct mc_arena *a, struct mc_json *obj, const char *key, const void *p, size_t n);
/* A member that must be a string when present: 0 with *s NULL when absent. */
int mc__json_opt_str(const struct mc_json *obj, const char *key, const char *where, const struct mc_json **s,
                     struct mc_err *err);

/* ---- key internals ---- */

/* Resets k to empty after freeing what it holds (keeps nothing). */
void mc__key_clear(struct mc_key *k);
/* Ed25519 from a 32-byte seed; checks against pub when given. */
int mc__ed25519_from_seed(struct mc_key *k, const unsigned char seed[32], const unsigned char *pub,
                          struct mc_err *err);

/* P-256: builds k from a public point (33 or 65 bytes) and an optional 32-byte d. */
int mc__p256_set(struct mc_key *k, const unsigned char *pub, size_t pub_len, const unsigned char *d,
                 size_t d_len, struct mc_err *err);
int mc__p256_generate(struct mc_key *k, struct mc_err *err);
/* Takes ownership of an EC EVP_PKEY (P-256 only), private or public. */
int mc__p256_from_pkey(struct mc_key *k, struct evp_pkey_st *pkey, struct mc_err *err);
int mc__p256_sign(const struct mc_key *k, const void *msg, size_t n, unsigned char sig[64],
                  struct mc_err *err);
int mc__p256_verify(const struct mc_key *k, const void *msg, size_t n, const unsigned char *sig,
                    size_t sig_len, struct mc_err *err);
/* Converts an EC point between forms for a named curve ("P-256", "P-384", "P-521",
 * "secp256k1"): out gets the uncompressed form (0x04 || x || y) when compress is
 * false, else the 33/49/67-byte compressed form. Validates the point. */
int mc__ec_point_convert(const char *curve, const unsigned char *in, size_t n, bool compress,
                         unsigned char *out, size_t cap, size_t *out_len, struct mc_err *err);

/* RSA: takes ownership of an RSA EVP_PKEY, private or public. */
int mc__rsa_from_pkey(struct mc_key *k, struct evp_pkey_st *pkey, bool secret, struct mc_err *err);
int mc__rsa_from_pub_der(struct mc_key *k, const unsigned char *der, size_t n, struct mc_err *err);
int mc__rsa_generate(struct mc_key *k, unsigned bits, struct mc_err *err);
int mc__rsa_sign(const struct mc_key *k, const void *msg, size_t n, unsigned char *sig, size_t *sig_len,
                 struct mc_err *err);
int mc__rsa_verify(const struct mc_key *k, const void *msg, size_t n, const unsigned char *sig,
                   size_t sig_len, struct mc_err *err);

/* JWK import (jwk.c); "where" names the member in messages ("secretKeyJwk"). */
int mc__key_from_jwk(struct mc_key *k, const struct mc_json *jwk, const char *where, struct mc_err *err);
/* PEM import (pem.c). */
int mc__key_from_pem(struct mc_key *k, const char *text, size_t n, struct mc_err *err);

#endif
