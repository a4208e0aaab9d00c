/* Signing keys: Ed25519 (libsodium), ECDSA P-256 and RSA (OpenSSL 3).
 *
 * One struct mc_key holds a public key and, optionally, its secret. Keys come in and
 * go out as Multikey (publicKeyMultibase / secretKeyMultibase), JWK, PEM (SPKI and
 * PKCS#8) and the key files written by `microcred keys new` or the interop harness's
 * keygen.mjs. Signatures use the JOSE forms: Ed25519 signs the message itself (64
 * bytes), ES256 is SHA-256 + ECDSA P-256 as raw r||s (64 bytes), RS256 is
 * RSASSA-PKCS1-v1_5 with SHA-256 (modulus-size bytes).
 *
 * Secrets: Ed25519 and P-256 secrets live in libsodium guarded memory
 * (sodium_malloc: locked, wiped and unmapped on release). RSA secrets live inside
 * OpenSSL, which clears private big numbers when the key is freed. Every temporary
 * copy of secret bytes is wiped before its memory is returned.
 *
 * Verification of an Ed25519 key does not allocate: mc_key_verify and
 * mc_ed25519_verify go straight to libsodium. */
#ifndef MICROCRED_KEYS_H
#define MICROCRED_KEYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "json.h"

enum mc_key_type {
	MC_KEY_NONE = 0,
	MC_KEY_ED25519, /* JOSE "EdDSA", Data Integrity eddsa-* */
	MC_KEY_P256,    /* JOSE "ES256" */
	MC_KEY_RSA,     /* JOSE "RS256" */
};

/* Multicodec codes for key bytes (github.com/multiformats/multicodec table.csv). */
enum {
	MC_CODEC_SECP256K1_PUB = 0xe7,
	MC_CODEC_BLS12381_G1_PUB = 0xea,
	MC_CODEC_BLS12381_G2_PUB = 0xeb,
	MC_CODEC_X25519_PUB = 0xec,
	MC_CODEC_ED25519_PUB = 0xed,
	MC_CODEC_BLS12381_G1G2_PUB = 0xee,
	MC_CODEC_P256_PUB = 0x1200,
	MC_CODEC_P384_PUB = 0x1201,
	MC_CODEC_P521_PUB = 0x1202,
	MC_CODEC_RSA_PUB = 0x1205,
	MC_CODEC_ED25519_PRIV = 0x1300,
	MC_CODEC_RSA_PRIV = 0x1305,
	MC_CODEC_P256_PRIV = 0x1306,
};

/* Largest public key held inline: an RSA-8192 PKCS#1 RSAPublicKey in DER. */
#define MC_KEY_PUB_MAX 1100
/* Largest signature: RSA-8192. */
#define MC_KEY_SIG_MAX 1024
#define MC_KEY_RSA_MIN_BITS 2048
#define MC_KEY_RSA_MAX_BITS 8192

struct mc_key {
	enum mc_key_type type;
	unsigned bits; /* RSA modulus bits; 256 for P-256 and Ed25519 */
	/* Ed25519: 32 raw bytes; P-256: 33-byte compressed point; RSA: PKCS#1
	 * RSAPublicKey DER (the did:key / Multikey form of each). */
	size_t pub_len;
	unsigned char pub[MC_KEY_PUB_MAX];
	/* NULL for a public key. Ed25519: 64 bytes seed||public (libsodium's secret key);
	 * P-256: 32-byte scalar d; RSA: NULL (the secret stays in pkey), has_secret says. */
	unsigned char *secret;
	size_t secret_len;
	bool has_secret;
	void *pkey;       /* EVP_PKEY * for P-256 and RSA; owned */
	char *id;         /* verification method id, malloc'd, may be NULL */
	char *controller; /* malloc'd, may be NULL */
};

void mc_key_init(struct mc_key *k);
/* Wipes and frees everything; k is left as after mc_key_init. */
void mc_key_release(struct mc_key *k);

/* "Ed25519", "P-256", "RSA". */
const char *mc_key_type_name(enum mc_key_type t);
/* JOSE alg: "EdDSA", "ES256", "RS256". */
const char *mc_key_jose_alg(const struct mc_key *k);
/* Parses ed25519, p256 (or p-256), rsa2048, rsa3072, rsa4096 (case-insensitive). */
int mc_key_type_parse(const char *s, enum mc_key_type *type, unsigned *bits, struct mc_err *err);

/* ---- making and importing (all reset k first; on error k is left empty) ---- */

/* bits: RSA modulus size (2048..8192, multiple of 8); ignored for the curves. */
int mc_key_generate(struct mc_key *k, enum mc_key_type type, unsigned bits, struct mc_err *err);
/* Deterministic Ed25519 key from a 32-byte seed (RFC 8032 private key). */
int mc_key_from_ed25519_seed(struct mc_key *k, const unsigned char seed[32], struct mc_err *err);
/* Public key from raw bytes: Ed25519 32 bytes; P-256 33 (compressed) or 65 bytes;
 * RSA PKCS#1 RSAPublicKey DER. */
int mc_key_from_public(struct mc_key *k, enum mc_key_type type, const void *p, size_t n, struct mc_err *err);
/* Public key from a publicKeyMultibase value (z6Mk... Ed25519, zDn... P-256, z4MX.../zgg... RSA). */
int mc_key_from_multibase(struct mc_key *k, const char *s, size_t n, struct mc_err *err);
/* Public key from a did:key DID or DID URL (fragment ignored); id and controller set. */
int mc_key_from_did_key(struct mc_key *k, const char *did, size_t n, struct mc_err *err);
/* Accepts: a Multikey verification method (publicKeyMultibase, optional
 * secretKeyMultibase), a key file as written by keygen.mjs or `microcred keys new`
 * (Multikey or JsonWebKey with publicKeyJwk / secretKeyJwk), a bare JWK (OKP
 * Ed25519, EC P-256, RSA; private when "d" is present), or a JsonWebKey2020 /
 * Ed25519VerificationKey2020 verification method. */
int mc_key_from_json(struct mc_key *k, const struct mc_json *v, struct mc_err *err);
/* Text: JSON as above, or PEM (PUBLIC KEY, PRIVATE KEY, EC/RSA PRIVATE KEY). */
int mc_key_parse(struct mc_key *k, const char *text, size_t n, struct mc_err *err);
/* Copies id and controller (either may be NULL to clear). */
void mc_key_set_id(struct mc_key *k, const char *id, const char *controller);
/* Drops the secret, wiping it; the key becomes public only. */
void mc_key_drop_secret(struct mc_key *k);

/* ---- exporting ---- */

enum {
	MC_KEY_EXPORT_SECRET = 1,  /* include secret members (secretKeyMultibase, JWK "d"...) */
	MC_KEY_EXPORT_CONTEXT = 2, /* add "@context" to verification-method JSON */
};

/* Multikey publicKeyMultibase: 'z' + base58btc(multicodec || public bytes). */
int mc_key_public_multibase(const struct mc_key *k, struct mc_buf *out);
/* Multikey secretKeyMultibase: Ed25519 z3u2... (0x1300 + seed), P-256 0x1306 + d.
 * RSA secrets are exported as JWK only (MC_EUNSUPPORTED here). */
int mc_key_secret_multibase(const struct mc_key *k, struct mc_buf *out, struct mc_err *err);
/* "did:key:" + publicKeyMultibase. */
int mc_key_did_key(const struct mc_key *k, struct mc_buf *out);

/* {"@context"?, "id", "type": "Multikey", "controller", "publicKeyMultibase",
 *  "secretKeyMultibase"?}: the keygen.mjs shape. id/controller are written when set. */
int mc_key_to_multikey_json(struct mc_arena *a, const struct mc_key *k, unsigned flags, struct mc_json **out,
                            struct mc_err *err);
/* A bare JWK: {"kty", "crv"?, "x", "y"?, "n", "e", "d"?...}. With alg when
 * with_alg is set ("EdDSA", "ES256", "RS256"). */
int mc_key_to_jwk(struct mc_arena *a, const struct mc_key *k, unsigned flags, bool with_alg,
                  struct mc_json **out, struct mc_err *err);
/* {"@context"?, "id", "type": "JsonWebKey", "controller", "publicKeyJwk",
 *  "secretKeyJwk"?}: the keygen.mjs --rsa shape (works for every key type). */
int mc_key_to_jwk_json(struct mc_arena *a, const struct mc_key *k, unsigned flags, struct mc_json **out,
                       struct mc_err *err);
/* The key file form: Multikey for Ed25519 and P-256, JsonWebKey for RSA. */
int mc_key_to_json(struct mc_arena *a, const struct mc_key *k, unsigned flags, struct mc_json **out,
                   struct mc_err *err);
/* Wipes, in place, the secret members of a key JSON tree (secretKeyMultibase,
 * secretKeyJwk, and a JWK's d, p, q, dp, dq, qi), for trees that held secrets:
 * arenas are freed without wiping. Call it before releasing the arena. */
void mc_key_json_wipe(struct mc_json *v);
/* Overwrites n bytes at p with zeros in a way the compiler cannot drop (for text
 * that held secrets, before it is freed). */
void mc_key_wipe(void *p, size_t n);
/* PEM: SPKI "PUBLIC KEY", or PKCS#8 "PRIVATE KEY" with MC_KEY_EXPORT_SECRET. */
int mc_key_to_pem(const struct mc_key *k, unsigned flags, struct mc_buf *out, struct mc_err *err);

/* ---- signatures ---- */

/* Signature size in bytes: 64 for Ed25519 and ES256, modulus bytes for RSA. */
size_t mc_key_sig_len(const struct mc_key *k);
/* Signs msg; sig must hold mc_key_sig_len(k) bytes (MC_KEY_SIG_MAX always fits). */
int mc_key_sign(const struct mc_key *k, const void *msg, size_t n, unsigned char *sig, size_t *sig_len,
                struct mc_err *err);
/* 0 when sig is a valid signature of msg, MC_EVERIFY when not (also for a wrong
 * length). err may be NULL. No allocation for Ed25519. */
int mc_key_verify(const struct mc_key *k, const void *msg, size_t n, const unsigned char *sig, size_t sig_len,
                  struct mc_err *err);
/* The bare Ed25519 check: 0 or MC_EVERIFY. */
int mc_ed25519_verify(const unsigned char pub[32], const void *msg, size_t n, const unsigned char sig[64]);

/* ECDSA signature forms: JOSE raw r||s (2 * half bytes, half = 32 for P-256) and
 * DER (ASN.1 SEQUENCE of two INTEGERs, what OpenSSL produces and expects). */
int mc_ecdsa_sig_der_to_raw(const unsigned char *der, size_t n, size_t half, unsigned char *raw,
                            struct mc_err *err);
int mc_ecdsa_sig_raw_to_der(const unsigned char *raw, size_t half, struct mc_buf *der, struct mc_err *err);

#endif
