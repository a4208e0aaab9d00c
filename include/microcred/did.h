/* DIDs: did:key (resolved locally, no network) and did:web (identifier <-> URL, and
 * the DID document an issuer publishes at that URL).
 *
 * did:key follows the did:key method v0.7 (w3c-ccg/did-method-key) and its test
 * vectors. The default document form is the one the VC Data Integrity 2.0 stack
 * uses (Multikey, as Digital Bazaar's did-method-key 5 resolves it); the older
 * suite-specific forms are available through mc_did_key_opts.format. */
#ifndef MICROCRED_DID_H
#define MICROCRED_DID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "json.h"
#include "keys.h"

enum mc_did_key_format {
	/* "Multikey" with publicKeyMultibase; @context did/v1 + multikey/v1. */
	MC_DID_KEY_MULTIKEY = 0,
	/* Ed25519VerificationKey2020 / X25519KeyAgreementKey2020 (Ed25519, X25519 only). */
	MC_DID_KEY_ED25519_2020,
	/* JsonWebKey2020 with publicKeyJwk (EC points decompressed to x and y). */
	MC_DID_KEY_JWK_2020,
	/* The 2018-2021 suites with publicKeyBase58: Ed25519VerificationKey2018,
	 * X25519KeyAgreementKey2019, EcdsaSecp256k1VerificationKey2019, P256Key2021,
	 * Bls12381G2Key2020 — the form of most published test vectors. */
	MC_DID_KEY_LEGACY,
};

struct mc_did_key_opts {
	enum mc_did_key_format format;
	/* Ed25519 only: add the X25519 key derived from it (the spec's
	 * enableEncryptionKeyDerivation) as a verification method and keyAgreement. */
	bool derive_key_agreement;
};

/* A did:key decoded to its multicodec and raw key bytes, without building JSON.
 * Decoding allocates nothing. */
struct mc_did_key {
	uint64_t codec; /* MC_CODEC_*_PUB */
	size_t len;     /* raw key bytes */
	unsigned char bytes[MC_KEY_PUB_MAX];
	size_t did_len; /* length of the DID part of the input (before any '#', '?', '/') */
};

/* Accepts a DID or a DID URL (did:key:z...#z...). Checks the multicodec is known and
 * the key length fits it (invalidPublicKeyLength); MC_EUNSUPPORTED for unknown codecs. */
int mc_did_key_decode(const char *did, size_t n, struct mc_did_key *out, struct mc_err *err);

/* The DID document for a did:key (a DID URL resolves to its DID's document). *doc is
 * allocated in a. opts may be NULL (Multikey, no key agreement derivation). */
int mc_did_key_resolve(struct mc_arena *a, const char *did, size_t n, const struct mc_did_key_opts *opts,
                       struct mc_json **doc, struct mc_err *err);

/* "multikey", "ed25519-2020", "jwk" (or "JsonWebKey2020"), "legacy". */
int mc_did_key_format_parse(const char *s, enum mc_did_key_format *f, struct mc_err *err);

/* did:web <-> URL (did:web method spec): https://example.com/issuers/42[/did.json]
 * <-> did:web:example.com:issuers:42; https://example.com[/.well-known/did.json] <->
 * did:web:example.com; a port's colon is %3A. Only https URLs, no query or fragment,
 * no IP addresses' worth of checking beyond host syntax. The host is lower-cased. */
int mc_did_web_from_url(const char *url, struct mc_buf *did, struct mc_err *err);
/* The did.json URL to fetch for a did:web DID (a DID URL's fragment is ignored). */
int mc_did_web_to_url(const char *did, size_t n, struct mc_buf *url, struct mc_err *err);

/* The DID document to publish for did (a did:web, or any DID), listing keys as
 * verification methods (Multikey for Ed25519 / P-256, JsonWebKey for RSA) authorised
 * for authentication and assertionMethod. A key whose id is "<did>#..." keeps it;
 * others get "<did>#<publicKeyMultibase>" (RSA: "<did>#key-<n>"). Secrets are never
 * written. */
int mc_did_web_document(struct mc_arena *a, const char *did, const struct mc_key *const *keys, size_t nkeys,
                        struct mc_json **doc, struct mc_err *err);

#endif
