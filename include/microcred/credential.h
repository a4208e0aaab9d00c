/* The credential model: Open Badges 3.0 / VC Data Model checks over a parsed JSON tree.
 *
 * Validation is direct code over the tree (no JSON Schema engine): it checks what the
 * OB 3.0 JSON Schemas (AchievementCredential, EndorsementCredential and their VC 1.1
 * "v1p1" variants, spec doc 1.0.14 plus the later model changes listed in the spec
 * folder's README) check, plus the MUSTs the schemas leave to prose: absolute URIs
 * where the model says URI, RFC 3339 date-times with a zone, validFrom <= validUntil,
 * credentialSubject.id or identifier, the IdentityHash form, "ext:" extension terms.
 *
 * As the 1EdTech validator does, a property the model makes an array ([0..*], [1..*])
 * may also be given as a single value (JSON-LD reads both the same way); a property
 * the model makes single ([1], [0..1]) may not be an array.
 *
 * Two levels:
 *  - mc_credential_validate(): a list of problems, each with a JSONPath, a severity
 *    and one sentence that says what is wrong and how to fix it;
 *  - mc_credential_check_*(): the same, summarised as checks in a verification
 *    report ("structure", "structure.validity", "validity", "recipient").
 *
 * Nothing here allocates unless there is something to report: a valid credential is
 * checked without touching the arena. Everything reported lives in the arena given. */
#ifndef MICROCRED_CREDENTIAL_H
#define MICROCRED_CREDENTIAL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "err.h"
#include "json.h"
#include "report.h"
#include "time.h"

enum mc_cred_kind {
	MC_CRED_UNKNOWN = 0, /* as an option: detect from "type" */
	MC_CRED_VC,          /* a Verifiable Credential of no type microcred knows */
	MC_CRED_ACHIEVEMENT, /* OpenBadgeCredential / AchievementCredential */
	MC_CRED_ENDORSEMENT, /* EndorsementCredential */
};

enum mc_vc_version {
	MC_VC_UNKNOWN = 0, /* the first @context entry is neither VC context */
	MC_VC_1_1 = 1,     /* https://www.w3.org/2018/credentials/v1 (issuanceDate) */
	MC_VC_2_0 = 2,     /* https://www.w3.org/ns/credentials/v2 (validFrom) */
};

enum mc_severity {
	MC_SEVERITY_ERROR = 0, /* the credential does not follow the model */
	MC_SEVERITY_WARNING,   /* allowed, but likely a mistake or an outdated form */
};

struct mc_problem {
	const char *path; /* JSONPath of the value: "$.credentialSubject.achievement.criteria",
	                     "$['@context'][1]"; "$" for the credential itself */
	const char *code; /* stable short code (see below) */
	enum mc_severity severity;
	const char *message; /* one sentence: what is wrong and how to fix it */
};

/* Problem codes:
 *   "required"  a required property is missing
 *   "json-type" wrong JSON type (string / number / boolean / object / array)
 *   "class"     the "type" of an object lacks its class (e.g. "Profile")
 *   "context"   @context is wrong or incomplete
 *   "enum"      a value outside its vocabulary
 *   "uri"       not an absolute URI where the model needs one
 *   "datetime"  not an RFC 3339 date-time with a time zone (or not a date)
 *   "format"    another lexical rule (language code, compact JWS, IdentityHash)
 *   "order"     validFrom is after validUntil
 *   "unknown"   a property a closed class does not allow
 *   "version"   VC 1.1 / VC 2.0 forms mixed or outdated
 *   "limit"     nesting too deep to check */

struct mc_problems {
	struct mc_arena *arena;
	struct mc_problem *items;
	size_t len, cap;
	size_t errors, warnings; /* counted even when not stored */
	size_t limit;            /* most problems stored; 0 at init means 100 */
};

void mc_problems_init(struct mc_problems *p, struct mc_arena *a);
/* The first stored problem with this path (and code, unless NULL), or NULL. */
const struct mc_problem *mc_problems_find(const struct mc_problems *p, const char *path, const char *code);

/* What validation learned about the credential on the way. */
struct mc_cred_info {
	enum mc_cred_kind kind;
	enum mc_vc_version version;
	const char *type_name; /* "OpenBadgeCredential", "EndorsementCredential", ... (borrowed) */
	bool has_from, has_until;
	struct mc_time from, until; /* validFrom/issuanceDate, validUntil/expirationDate */
};

struct mc_validate_opts {
	enum mc_cred_kind kind; /* MC_CRED_UNKNOWN: detect; otherwise validate as this kind */
};

/* Validates cred (borrowed) and appends problems to out (which must be initialised).
 * opts and info may be NULL. Returns 0 when there is no error (warnings allowed),
 * MC_EVERIFY when there is at least one. */
int mc_credential_validate(const struct mc_json *cred, const struct mc_validate_opts *opts,
                           struct mc_problems *out, struct mc_cred_info *info);

/* Detects the kind from "type" (no other check). */
enum mc_cred_kind mc_credential_kind(const struct mc_json *cred);
const char *mc_cred_kind_name(enum mc_cred_kind k); /* "OpenBadgeCredential", ... */

/* Validates and adds to the report: "structure" (passed, or failed naming the first
 * error and how many more), "structure.warnings" (a warning when there are
 * warnings), "structure.validity" (whether validFrom <= validUntil, when both are
 * present). Returns what mc_credential_validate returned. */
int mc_credential_check_structure(struct mc_report *r, const struct mc_json *cred,
                                  const struct mc_validate_opts *opts);

/* ---- validity period ---- */

enum mc_validity {
	MC_VALIDITY_VALID = 0,
	MC_VALIDITY_NOT_YET_VALID, /* now < validFrom */
	MC_VALIDITY_EXPIRED,       /* now > validUntil (a credential is valid up to and at validUntil) */
	MC_VALIDITY_UNREADABLE,    /* a date is present but not an RFC 3339 date-time */
};

/* Reads validFrom/validUntil (issuanceDate/expirationDate for VC 1.1 forms) and
 * compares them with now. */
enum mc_validity mc_credential_validity(const struct mc_json *cred, const struct mc_time *now,
                                        struct mc_cred_info *info);

/* Adds check "validity": passed ("valid since 15 January 2025 until 15 January 2035"),
 * or failed with the dates in words ("not valid until 1 January 2040, 00:00 UTC" /
 * "expired on ..."). now NULL means the current time. */
void mc_credential_check_validity(struct mc_report *r, const struct mc_json *cred, const struct mc_time *now);

/* Writes t as "15 January 2025, 09:00 UTC" (seconds shown only when not zero). */
int mc_time_format_words(struct mc_buf *out, const struct mc_time *t);

/* ---- recipient ---- */

/* How the recipient was recognised. */
struct mc_recipient_match {
	bool matched;
	const char *path; /* "$.credentialSubject.id", "$.credentialSubject.identifier[0]" */
	const char *how;  /* "equal to credentialSubject.id", "sha256 hash with salt", ... */
	bool case_folded; /* matched only after lower-casing an email address */
};

/* Compares a known identifier with one IdentityObject (borrowed). identity_type is an
 * IdentifierTypeEnum term ("emailAddress") or NULL for any. hashed: the IdentityHash
 * "sha256$<hex>" or "md5$<hex>" (hex in either case) of value followed by salt, as
 * UTF-8 bytes, exactly as the OB 3.0 IdentityHash definition says; not hashed: plain
 * equality with identityHash. When identity_type is "emailAddress" (or NULL and value
 * looks like an email address) and the exact value does not match, the ASCII
 * lower-cased value is tried too (issuers often hash normalised addresses), and
 * *case_folded says so. Returns 0 (match or not in *matched), MC_EINVAL when io is not
 * a usable IdentityObject or the hash algorithm is unknown. */
int mc_identity_object_match(const struct mc_json *io, const char *identity_type, const char *value,
                             size_t len, bool *matched, bool *case_folded, struct mc_err *err);

/* Looks for value in a credential: credentialSubject.id (equality; DIDs and URLs),
 * then every credentialSubject.identifier. identity_type may be NULL (any). Path and
 * how are allocated in a. Returns 0, or MC_EINVAL when the credential has no
 * credentialSubject. */
int mc_credential_match_recipient(const struct mc_json *cred, const char *identity_type, const char *value,
                                  size_t len, struct mc_arena *a, struct mc_recipient_match *out,
                                  struct mc_err *err);

/* Adds check "recipient": passed when value is the credential's recipient, failed
 * otherwise (never quoting the salt or the hash). */
void mc_credential_check_recipient(struct mc_report *r, const struct mc_json *cred, const char *identity_type,
                                   const char *value);

#endif
