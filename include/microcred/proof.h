/* Data Integrity proofs (W3C VC Data Integrity 1.0, VC DI EdDSA 1.0): adding a proof
 * to a JSON(-LD) document, and verifying every proof of a proof set or chain.
 *
 * Cryptosuites: eddsa-rdfc-2022 (RDFC-1.0 canonical N-Quads, what Open Badges 3.0
 * and wallets use), eddsa-jcs-2022 (RFC 8785 JCS), and, for verification only, the
 * legacy Ed25519Signature2020 proof type (URDNA2015 = RDFC-1.0) and "eddsa-2022"
 * (the draft name of eddsa-rdfc-2022). In every case the Ed25519 signature covers
 * SHA-256(canonical proof configuration) || SHA-256(canonical document), 64 bytes.
 *
 * Documents are borrowed and never modified: the document "without its proof" is a
 * shallow object view that shares the caller's values, so verification copies no
 * part of the credential. Everything produced is allocated in the arena given. */
#ifndef MICROCRED_PROOF_H
#define MICROCRED_PROOF_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "json.h"
#include "jsonld.h"
#include "keys.h"
#include "report.h"
#include "time.h"

enum mc_cryptosuite {
	MC_CRYPTOSUITE_NONE = 0,
	MC_CRYPTOSUITE_EDDSA_RDFC_2022,
	MC_CRYPTOSUITE_EDDSA_JCS_2022,
	MC_CRYPTOSUITE_ED25519_SIGNATURE_2020, /* legacy proof type: verify only */
};

/* "eddsa-rdfc-2022", "eddsa-jcs-2022", "Ed25519Signature2020". */
const char *mc_cryptosuite_name(enum mc_cryptosuite s);
/* Accepts the names above and the short forms "rdfc" and "jcs" (case-sensitive). */
int mc_cryptosuite_parse(const char *s, enum mc_cryptosuite *out, struct mc_err *err);

/* The intermediate values of one proof's hashing, for tests and for finding which
 * step differs from another implementation (like canon.mjs --di-steps). */
struct mc_proof_trace {
	struct mc_buf *canonical_document; /* when not NULL: the canonical form is appended */
	struct mc_buf *canonical_config;   /* likewise, the canonical proof configuration */
	unsigned char config_hash[32];     /* SHA-256 of the canonical proof configuration */
	unsigned char document_hash[32];   /* SHA-256 of the canonical document */
	unsigned char signature[64];       /* set by mc_proof_add */
};

/* ---- signing ---- */

struct mc_proof_opts {
	enum mc_cryptosuite cryptosuite; /* NONE (0) = eddsa-rdfc-2022 */
	const char *created;             /* RFC 3339; NULL = now, whole seconds, 'Z' */
	const char *verification_method; /* NULL = key->id, else the key's did:key URL */
	const char *proof_purpose;       /* NULL = "assertionMethod" */
	const char *id;                  /* the proof's own id (a URL), for chains */
	/* Proof chain: the id(s) of earlier proofs this one builds on; each must be in
	 * the document's proof already. One id is written as a string, several (or
	 * previous_proofs with n = 1) as an array. */
	const char *previous_proof;
	const char *const *previous_proofs;
	size_t n_previous_proofs;
	const char *expires; /* RFC 3339, optional */
	const char *domain;  /* optional */
	const char *challenge;
	const char *nonce;
	/* JSON-LD options for eddsa-rdfc-2022; NULL = the Data Integrity defaults. */
	const struct mc_jsonld_opts *jsonld;
	struct mc_proof_trace *trace; /* optional */
};

/* Adds a proof made with key (Ed25519, with its secret) to doc, a JSON object,
 * borrowed. *signed_doc is a new object in a that shares doc's member values (the
 * caller keeps doc alive as long as *signed_doc). When doc already has a proof, the
 * new one joins it in a proof set (the "proof" member becomes an array); with
 * previous_proof it is a proof chain, the new signature covering the document and
 * the earlier proofs named. opts may be NULL for the defaults. */
int mc_proof_add(struct mc_arena *a, const struct mc_json *doc, const struct mc_key *key,
                 const struct mc_proof_opts *opts, struct mc_json **signed_doc, struct mc_err *err);

/* ---- verifying ---- */

enum mc_proof_status {
	MC_PROOF_VERIFIED = 0,
	MC_PROOF_BAD_SIGNATURE, /* well-formed, but the signature does not match */
	MC_PROOF_ERROR,         /* could not be checked or fails a rule: malformed, unknown
	                           key, canonicalization error, wrong purpose, expired */
	MC_PROOF_UNSUPPORTED,   /* a proof type or cryptosuite microcred does not know */
};

/* What became of one proof, in document order. Strings are in the arena (or borrowed
 * from the document); any may be NULL when the proof lacked it. */
struct mc_proof_result {
	const char *type;        /* "DataIntegrityProof", "Ed25519Signature2020", ... */
	const char *cryptosuite; /* "eddsa-rdfc-2022"...; the type for legacy proofs */
	const char *id;
	const char *verification_method;
	const char *controller; /* once the key was resolved */
	const char *purpose;
	enum mc_proof_status status;
	const char *message; /* one sentence: why it is not verified */
};

struct mc_proof_verify_opts {
	const struct mc_time *now;           /* for "expires"/"created"; NULL = the clock */
	const char *expected_purpose;        /* NULL = "assertionMethod" */
	const char *domain;                  /* when set, the proof's domain must contain it */
	const char *challenge;               /* when set, the proof's challenge must equal it */
	const struct mc_jsonld_opts *jsonld; /* NULL = Data Integrity defaults */
	/* Optional out: one result per proof, allocated in a. */
	struct mc_proof_result **results;
	size_t *n_results;
	/* Optional: the trace of the proof with this index (0-based; -1 or no trace = none). */
	struct mc_proof_trace *trace;
	int trace_index;
};

/* Verifies every proof of doc (one proof, a proof set, or a chain: a proof with
 * previousProof is checked over the document plus the proofs it names, and counts
 * as verified only when those do too). Keys come from resolver->method. Adds to
 * report checks "proof[i].signature", "proof[i].method", "proof[i].purpose",
 * "proof[i].created" (and ".expires", ".chain", ".domain", ".challenge" when they
 * apply) with plain sentences, plus "proof" when the document has no proof that
 * could be verified. A proof of an unknown type is reported as skipped, unless no
 * other proof verifies.
 *
 * Returns 0 when every proof verified, MC_EVERIFY (with a summary in err) when the
 * document is not verified; MC_EINVAL only when doc is not a JSON object. opts may
 * be NULL. */
int mc_proof_verify_all(struct mc_arena *a, const struct mc_json *doc, const struct mc_resolver *resolver,
                        struct mc_report *report, const struct mc_proof_verify_opts *opts,
                        struct mc_err *err);

/* ---- building blocks (also used by the tests) ---- */

/* The hash data of a proof: canonicalizes doc (already without its proof, plus any
 * previous proofs) and the proof configuration config (the proof without
 * proofValue; for eddsa-rdfc-2022 and Ed25519Signature2020 the document's
 * @context is used when config has none) the cryptosuite's way, and writes
 * SHA-256(config) || SHA-256(doc) to hash. trace and jsonld may be NULL. */
int mc_proof_hash_data(struct mc_arena *a, enum mc_cryptosuite suite, const struct mc_json *doc,
                       const struct mc_json *config, const struct mc_jsonld_opts *jsonld,
                       unsigned char hash[64], struct mc_proof_trace *trace, struct mc_err *err);

#endif
