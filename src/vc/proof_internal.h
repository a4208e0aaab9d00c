/* Private to src/vc: helpers shared by the Data Integrity proof files
 * (proof_common.c, proof_sign.c, proof_verify.c). */
#ifndef MC_VC_PROOF_INTERNAL_H
#define MC_VC_PROOF_INTERNAL_H

#include "microcred/proof.h"

/* The context that defines the Ed25519Signature2020 proof terms. */
#define MC__ED25519_2020_CONTEXT "https://w3id.org/security/suites/ed25519-2020/v1"

/* A shallow view of object obj without the members named in keys[0..n): the
 * members array is new, every value is shared with obj. Returns obj itself (cast)
 * when none of the keys is present. */
struct mc_json *mc__json_without(struct mc_arena *a, const struct mc_json *obj, const char *const *keys,
                                 size_t n);

/* A shallow view of obj with member key set to *value: replaced in place when present,
 * appended otherwise. key must be a string literal or otherwise outlive the view. */
struct mc_json *mc__json_with(struct mc_arena *a, const struct mc_json *obj, const char *key,
                              const struct mc_json *value);

/* The proofs of a "proof" value as an array of n objects (an object is a set of one;
 * absent gives n = 0). Returns the items pointer, shared with the document. */
const struct mc_json *mc__proof_list(const struct mc_json *proof, size_t *n);

#endif
