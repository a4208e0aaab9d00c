/* Verification of a credential as a pipeline that produces a report (report.h).
 *
 * Input is what a verifier is handed: a JSON credential secured with a Data
 * Integrity proof (eddsa-rdfc-2022, eddsa-jcs-2022, Ed25519Signature2020), or a
 * VC-JWT (compact JWS, bare or as a JSON string). The checks, in order:
 *   format      what the input is and how it is secured
 *   structure   Open Badges 3.0 / VC Data Model rules (credential.h)
 *   proof[i].*  each proof: key resolution, authorisation, signature (proof.h)
 *   jwt.*       for VC-JWT: header, key, signature, claims (jwt.h)
 *   issuer      the key that signed belongs to the credential's issuer
 *   validity    validFrom / validUntil against now
 *   status.*    revocation / suspension lists (status.h)
 *   recipient   when asked: the subject is the given email / DID / URL
 *   endorsement[i]  each embedded EndorsementCredential, verified the same way
 * The verdict is mc_report_verified(): no check failed. Anything that needed the
 * network in offline mode is "skipped", never "passed". */
#ifndef MICROCRED_VERIFY_H
#define MICROCRED_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "err.h"
#include "json.h"
#include "report.h"
#include "time.h"

#define MC_VERIFY_MAX_INPUT_DEFAULT ((size_t)8 * 1024 * 1024)

struct mc_verify_opts {
	const struct mc_resolver *resolver; /* keys and status lists; NULL = none */
	const struct mc_time *now;          /* NULL = the clock */
	const char *recipient;              /* email address, DID or URL to match; NULL = no check */
	const char *recipient_type;         /* IdentifierTypeEnum term, NULL = any */
	size_t max_input;                   /* bytes; 0 = MC_VERIFY_MAX_INPUT_DEFAULT */
	unsigned max_endorsement_depth;     /* 0 = 2 (endorsements of endorsements) */
	bool strict_jwt;                    /* missing OB 3.0 nbf/exp claims fail, not warn */
};

/* Verifies input[0..n) and appends the checks to report (initialised by the
 * caller, with the arena the results should live in). *credential (optional) gets
 * the credential that was verified (the JWT payload's credential for VC-JWT).
 *
 * Returns 0 when the input was a credential and was checked — the verdict is in the
 * report; MC_EINVAL (or MC_ELIMIT for oversized input) when it is not a credential
 * at all, with err saying what it is instead. */
int mc_verify(struct mc_arena *a, const char *input, size_t n, const struct mc_verify_opts *opts,
	      struct mc_report *report, struct mc_json **credential, struct mc_err *err);

/* The same for a credential already parsed (a JSON object or a JWS string). */
int mc_verify_json(struct mc_arena *a, const struct mc_json *input, const struct mc_verify_opts *opts,
		   struct mc_report *report, struct mc_json **credential, struct mc_err *err);

/* The issuer's id: "issuer" as a string, or issuer.id; NULL when absent. */
const char *mc_credential_issuer_id(const struct mc_json *cred);

#endif
