/* Awarding: building, signing and storing Open Badges 3.0 credentials
 * (src/app/award.c), idempotently.
 *
 * Every award has an award_key; awarding twice with the same key returns the first
 * credential (created = false), even when two processes race: the key is UNIQUE in
 * the database and the insert happens in the same transaction as the allocation of
 * the credential number and the status list indexes, so a lost race rolls back and
 * reads the winner's credential. Keys in use:
 *   enrolment:<enrolment id>        completion of a micro-credential's requirements
 *   csv:<bulk job id>:<row number>  one row of a bulk award file
 *   pathway:<pathway id>:<user id>  a stacked credential
 *   direct:<uuid>                   a direct award (a fresh key unless the caller gives one) */
#ifndef MICROCRED_AWARD_H
#define MICROCRED_AWARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "json.h"

struct mc_award_request {
	const char *achievement_ref; /* micro-credential id or slug (must be published) */
	const char *email;           /* recipient; hashed with a salt in the credential */
	const char *name;            /* recipient's name (optional) */
	const char *did;             /* recipient's DID (optional): credentialSubject.id */
	const char *award_key;       /* NULL: "direct:<uuid>" */
	const char *enrolment_id;    /* set when awarding a completed enrolment */
	const char *issued_at;       /* validFrom, RFC 3339; NULL = now */
	const char *narrative;       /* credentialSubject narrative (optional) */
	/* OB 3.0 Evidence objects (array; each with id/name/narrative/genre..., digests
	 * added by the caller when it has them) and Result objects (array). Borrowed. */
	const struct mc_json *evidence;
	const struct mc_json *results;
	/* Stacked credentials: the component credentials, as an array of
	 * {"id", "digestSRI" or "sha256"} written into the credential. Borrowed. */
	const struct mc_json *components;
};

struct mc_award {
	const char *id; /* urn:uuid:... */
	int64_t number;
	const char *issuer_id;
	const char *achievement_id;
	const char *user_id;
	const char *email;
	const char *name;
	const char *award_key;
	const char *state; /* "active", "revoked", "suspended" */
	const char *json;  /* the signed credential */
	const char *jwt;   /* NULL unless the issuer issues VC-JWTs */
	const char *sha256;
	const char *issued_at;
	const char *valid_until;
	const char *state_reason;
	bool created; /* false when the award_key had been awarded before */
};

/* Builds, signs (eddsa-rdfc-2022, plus a VC-JWT when the issuer wants one),
 * stores and announces (event "credential.awarded") a credential. Idempotent by
 * award_key. */
int mc_award_issue(struct mc_app *app, struct mc_arena *a, const struct mc_award_request *req,
		   struct mc_award **out, struct mc_err *err);

/* By credential id (urn:uuid:...), the bare uuid, or the number. */
int mc_award_get(struct mc_app *app, struct mc_arena *a, const char *ref, struct mc_award **out,
		 struct mc_err *err);

struct mc_award_filter {
	const char *issuer_ref;
	const char *achievement_ref;
	const char *email;
	const char *user_id;
	const char *state;
	size_t limit; /* 0 = 100 */
	size_t offset;
};
int mc_award_list(struct mc_app *app, struct mc_arena *a, const struct mc_award_filter *f, struct mc_award ***out,
		  size_t *n, struct mc_err *err);

#endif
