/* Credential status: W3C Bitstring Status List v1.0 (BitstringStatusListCredential /
 * BitstringStatusListEntry), its predecessor StatusList2021 (read only), and the
 * 1EdTech Revocation List Status Method (1EdTechRevocationList, check only).
 *
 * A bitstring status list is a list of N entries of statusSize bits (usually 1),
 * published inside a credential as encodedList = 'u' + base64url(GZIP(bitstring)).
 * Bit 0 is the left-most (most significant) bit of the first byte; an entry of
 * statusSize bits at index i occupies bits i*statusSize .. i*statusSize+size-1, read
 * most significant first. A set revocation bit means revoked.
 *
 * Herd privacy: the specification requires at least 131,072 entries (16 KB) so that
 * a verifier fetching the list learns nothing about which credential it checks, and
 * the issuer cannot tell which credential is being checked. microcred refuses to
 * CREATE a smaller list. When READING one (lists made by other software, e.g. the
 * Digital Credentials Consortium's 100,000-entry lists) it accepts it with a warning,
 * because the reference verifier (@digitalbazaar/vc-bitstring-status-list) accepts it
 * too and verdicts must agree.
 *
 * Everything is allocated in the arena given; library code never prints. */
#ifndef MICROCRED_STATUS_H
#define MICROCRED_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "json.h"
#include "report.h"
#include "time.h"

/* The specification's minimum number of entries (16 KB of 1-bit entries). */
#define MC_STATUS_MIN_ENTRIES 131072u
/* Largest decompressed bitstring microcred accepts: 16 MiB (134 million 1-bit
 * entries, a thousand times the minimum). A GZIP "zip bomb" that expands beyond it
 * is refused after inflating at most this much, so it cannot exhaust memory. */
#define MC_STATUS_MAX_LIST_BYTES ((size_t)16 * 1024 * 1024)
/* Largest encodedList text accepted (base64url of the compressed list). */
#define MC_STATUS_MAX_ENCODED ((size_t)24 * 1024 * 1024)
/* Largest statusSize (bits per entry): statusMessage must then list 2^size values. */
#define MC_STATUS_MAX_SIZE 16u

/* ---- the bitstring ---- */

struct mc_bitstring {
	unsigned char *bits; /* in the arena; big-endian bit order (index 0 = 0x80 of bits[0]) */
	size_t nbits;        /* always a multiple of 8 */
};

/* A zeroed bitstring of nbits bits (a positive multiple of 8, at most
 * MC_STATUS_MAX_LIST_BYTES * 8). MC_EINVAL / MC_ELIMIT otherwise. */
int mc_bitstring_new(struct mc_arena *a, size_t nbits, struct mc_bitstring *out, struct mc_err *err);

/* The status value of entry index with size bits per entry (1..MC_STATUS_MAX_SIZE):
 * bits index*size .. index*size+size-1, most significant first. MC_ELIMIT (a range
 * error naming the index and the list's number of entries) when outside the list. */
int mc_bitstring_get(const struct mc_bitstring *bs, uint64_t index, unsigned size, uint64_t *value,
                     struct mc_err *err);
/* Writes value (which must fit in size bits) to entry index. */
int mc_bitstring_set(struct mc_bitstring *bs, uint64_t index, unsigned size, uint64_t value,
                     struct mc_err *err);
/* Number of bits set. */
size_t mc_bitstring_count(const struct mc_bitstring *bs);

/* Appends 'u' + base64url(GZIP(bits)) to out. The GZIP member is deterministic (no
 * file name, mtime 0, OS byte 3, deflate level 6 as zlib's default), so equal lists
 * encode to equal text; it is byte-identical to what the reference implementation
 * (pako, a port of zlib) writes. */
int mc_bitstring_encode(const struct mc_bitstring *bs, struct mc_buf *out, struct mc_err *err);

/* Decodes an encodedList: multibase base64url ('u' prefix, as Bitstring Status List
 * requires) or bare base64url (StatusList2021's form, which starts "H4sI"); GZIP (or,
 * as the reference's pako accepts, zlib) compressed. Refuses text longer than
 * MC_STATUS_MAX_ENCODED, output over MC_STATUS_MAX_LIST_BYTES (MC_ELIMIT), data
 * after the compressed stream, an empty list, and a list whose byte count is not
 * whole (never happens: bytes are whole). Does NOT enforce the 131,072-entry
 * minimum: the caller decides (see the top of this file). */
int mc_bitstring_decode(struct mc_arena *a, const char *s, size_t n, struct mc_bitstring *out,
                        struct mc_err *err);

/* ---- status list credentials ---- */

enum mc_status_list_type {
	MC_STATUS_LIST_BITSTRING = 1, /* BitstringStatusListCredential / BitstringStatusList */
	MC_STATUS_LIST_2021,          /* StatusList2021Credential / StatusList2021 */
};

/* A status list credential as read. Strings borrow from the credential's JSON. */
struct mc_status_list {
	enum mc_status_list_type type;
	const char *id;                 /* the credential's id; may be NULL */
	const char *subject_id;         /* credentialSubject.id; may be NULL */
	const char *issuer;             /* issuer, or issuer.id */
	const char *valid_from;         /* validFrom (or VC 1.1 issuanceDate); may be NULL */
	const char *valid_until;        /* validUntil (or expirationDate); may be NULL */
	const struct mc_json *purposes; /* credentialSubject.statusPurpose: a string or array */
	struct mc_bitstring bits;
};

/* Reads a BitstringStatusListCredential or StatusList2021Credential (v: a JSON
 * object, borrowed; it must outlive *out). Checks the credential type, the
 * subject type, statusPurpose (a string or non-empty array of strings) and decodes
 * encodedList. Does not verify the proof or the validity period (mc_status_check
 * does). MC_EINVAL with a message naming the member at fault. */
int mc_status_list_read(struct mc_arena *a, const struct mc_json *v, struct mc_status_list *out,
                        struct mc_err *err);
/* Whether the list's statusPurpose is purpose, or an array containing it. */
bool mc_status_list_has_purpose(const struct mc_status_list *l, const char *purpose);

struct mc_status_list_opts {
	const char *id;          /* required: the list credential's URL */
	const char *issuer;      /* required: the issuer's URL or DID */
	const char *purpose;     /* NULL = "revocation" */
	size_t entries;          /* 0 = MC_STATUS_MIN_ENTRIES; at least that, multiple of 8 */
	unsigned status_size;    /* bits per entry; 0 = 1 */
	const char *valid_from;  /* RFC 3339; NULL = now (whole seconds, 'Z') */
	const char *valid_until; /* RFC 3339, optional */
};

/* Makes an unsigned BitstringStatusListCredential (VC 2.0 context) with all entries
 * 0, or with the given bits (bits->nbits must equal entries * status_size). Members
 * are in the order the reference's createCredential writes them: @context, id,
 * type, credentialSubject {id: "<id>#list", type, encodedList, statusPurpose},
 * issuer, validFrom[, validUntil]. Refuses fewer than MC_STATUS_MIN_ENTRIES entries
 * with a message explaining herd privacy. */
int mc_status_list_new(struct mc_arena *a, const struct mc_status_list_opts *o,
                       const struct mc_bitstring *bits, struct mc_json **out, struct mc_err *err);

/* A copy of the list credential v (borrowed) with encodedList replaced by bits,
 * validFrom set to valid_from when not NULL, and any proof removed (it no longer
 * covers the content: sign the result again). Shares unchanged members with v. */
int mc_status_list_update(struct mc_arena *a, const struct mc_json *v, const struct mc_bitstring *bits,
                          const char *valid_from, struct mc_json **out, struct mc_err *err);

/* A BitstringStatusListEntry for a credential's credentialStatus:
 * {"id": "<list_url>#<index>", "type", "statusPurpose", "statusListIndex": "<index>",
 *  "statusListCredential": list_url}. */
struct mc_json *mc_status_entry_new(struct mc_arena *a, const char *list_url, const char *purpose,
                                    uint64_t index);

/* ---- checking a credential's status ---- */

struct mc_status_check_opts {
	const struct mc_time *now; /* for the list's validity period; NULL = the clock */
	/* Do not verify the status list credential's proof (tests with the unsigned
	 * specification examples only: an unverified list proves nothing). */
	bool skip_list_proof;
	/* Accept a status list issued by someone other than the credential's issuer.
	 * The specification allows it; the reference verifier refuses it, so microcred
	 * does by default. */
	bool allow_other_issuer;
	/* Accept a status list with fewer than MC_STATUS_MIN_ENTRIES entries without
	 * a warning check (never needed for a verdict: short lists only warn). */
	bool quiet_short_list;
};

/* Checks every credentialStatus entry of credential (a JSON object, borrowed):
 * BitstringStatusListEntry, StatusList2021Entry and 1EdTechRevocationList. Lists
 * come from resolver->status_list by URL (statusListCredential, or the 1EdTech
 * entry's id); a callback that answers MC_EUNSUPPORTED (offline) or a missing
 * callback makes the check skipped, MC_ENOTFOUND and other errors make it fail.
 * For each list: its proofs must verify (mc_proof_verify_all with the same
 * resolver), it must be within its validity period, issued by the credential's
 * issuer, of the right type, with the entry's statusPurpose; the index must be in
 * range. Adds one check per entry with id "status.<purpose>" ("status.revocation",
 * "status.suspension", ...; "status" for an unknown method) whose sentence says what
 * was found and against which list, plus "status.list" warnings (a list shorter than
 * the specification's minimum). A credential without credentialStatus adds nothing.
 *
 * Verdicts: a set revocation or suspension bit fails; a set refresh bit is a
 * warning (an updated credential is available; this one stays valid); a message
 * purpose reports the issuer's message (a warning when the value is not 0); any
 * other purpose with a non-zero value fails.
 *
 * Returns 0 when no status check failed, MC_EVERIFY (summary in err) when one did,
 * MC_EINVAL when credential is not an object. opts may be NULL. */
int mc_status_check(struct mc_arena *a, const struct mc_json *credential, const struct mc_resolver *resolver,
                    struct mc_report *report, const struct mc_status_check_opts *opts, struct mc_err *err);

/* ---- status lists given by the caller (offline: files, the local store) ---- */

struct mc__status_doc;

/* A set of status list documents by URL, to answer mc_resolver.status_list. With
 * no documents at all it answers MC_EUNSUPPORTED (status not checked, as the
 * reference verifier skips status when given no list); with some, an unknown URL is
 * MC_ENOTFOUND (the check fails: the list the credential names was not given). */
struct mc_status_store {
	struct mc_arena arena; /* the documents */
	struct mc__status_doc *docs;
	size_t len, cap;
};

void mc_status_store_init(struct mc_status_store *s);
void mc_status_store_release(struct mc_status_store *s);
/* Adds a copy of doc under url, or under doc's "id" when url is NULL. */
int mc_status_store_add(struct mc_status_store *s, const char *url, const struct mc_json *doc,
                        struct mc_err *err);
/* Reads a JSON file (up to 64 MiB) and adds it; spec is "FILE" (keyed by the
 * document's id) or "URL=FILE" (for a list served at another URL than its id). */
int mc_status_store_add_file(struct mc_status_store *s, const char *spec, struct mc_err *err);
/* The mc_resolver.status_list callback; ctx is the struct mc_status_store *. */
int mc_status_store_lookup(void *ctx, const char *url, struct mc_arena *a, const struct mc_json **out,
                           struct mc_err *err);

#endif
