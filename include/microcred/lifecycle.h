/* What happens to credentials after they are awarded: revocation, suspension and
 * reinstatement (src/app/revocation.c), stacking into pathways (src/app/pathways.c),
 * endorsements (src/app/endorsements.c), and the demo data (src/app/demo.c).
 *
 * Revocation and suspension flip the credential's entry in the issuer's Bitstring
 * Status Lists (statuslist_service.h), re-sign the list, change the credential's
 * state and record an event — all in one transaction. Revocation is permanent;
 * suspension can be undone by reinstatement. Expiry needs no change: a credential
 * past its validUntil is reported as "expired" (mc_credential_effective_state).
 *
 * A pathway is a stacked credential: an achievement of kind 'pathway' earned by
 * satisfying a rule tree over other achievements (sql/001_core.sql, table
 * pathways):
 *     {"all": [R...]} | {"any": [R...]} | {"n": N, "of": [R...]} | {"achievement": "<id>"}
 * Rules are stored with achievement ids (slugs given on input are resolved). After
 * every new award, mc_pathways_on_award awards each pathway the learner now
 * satisfies (award key pathway:<pathway id>:<user id>), naming the component
 * credentials with the SHA-256 digests of their stored JSON (Evidence objects with
 * digestSRI, see award.h).
 *
 * Results are allocated in the arena given; inputs are borrowed. */
#ifndef MICROCRED_LIFECYCLE_H
#define MICROCRED_LIFECYCLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "award.h"
#include "json.h"

/* ---- revocation, suspension, reinstatement ---- */

struct mc_state_change {
	const char *credential_ref; /* id (urn:uuid:...), bare uuid, or number */
	const char *reason;         /* required for revoke and suspend; optional for reinstate */
	const char *actor;          /* acting user (email or id): must be owner or editor of the
	                               issuer; NULL = the installation's administrator (CLI) */
};

#define MC_REASON_MAX 1000

/* active or suspended -> revoked: sets the revocation bit and re-signs the list.
 * Event "credential.revoked". MC_ESTATE when it is already revoked. */
int mc_credential_revoke(struct mc_app *app, struct mc_arena *a, const struct mc_state_change *in,
                         struct mc_award **out, struct mc_err *err);
/* active -> suspended: sets the suspension bit. Event "credential.suspended".
 * MC_ESTATE when it is suspended already or revoked. */
int mc_credential_suspend(struct mc_app *app, struct mc_arena *a, const struct mc_state_change *in,
                          struct mc_award **out, struct mc_err *err);
/* suspended -> active: clears the suspension bit. Event "credential.reinstated".
 * MC_ESTATE for a revoked credential (revocation is permanent) or an active one. */
int mc_credential_reinstate(struct mc_app *app, struct mc_arena *a, const struct mc_state_change *in,
                            struct mc_award **out, struct mc_err *err);

/* The state to show in listings: "revoked", "suspended", "expired" (active but past
 * validUntil at now), or "active". */
const char *mc_credential_effective_state(const struct mc_award *w, const struct mc_time *now);

/* ---- pathways ---- */

struct mc_pathway {
	const char *id;
	const char *achievement_id;
	const char *slug; /* the pathway achievement's slug */
	const char *title;
	const char *issuer_id;
	const char *state;    /* the achievement's state */
	struct mc_json *rule; /* normalised: achievement ids */
	const char *created_at;
};

struct mc_pathway_input {
	const char *issuer_ref; /* id, slug or DID */
	const char *title;
	const char *slug;        /* NULL: from the title */
	const char *description; /* NULL: generated from the rule */
	const char *criteria;    /* NULL: generated from the rule */
	const char *language;    /* NULL: "en" */
	/* The rule tree (borrowed); leaves may name achievements by id or slug. */
	const struct mc_json *rule;
};

/* The limits of a rule tree. */
#define MC_PATHWAY_MAX_DEPTH 8
#define MC_PATHWAY_MAX_NODES 200

/* Builds {"all": [{"achievement": r1}, ...]} (any: {"any": ...}; n > 0: {"n": n,
 * "of": ...}) from a comma-separated list of refs, in a. */
struct mc_json *mc_pathway_rule_from_list(struct mc_arena *a, const char *kind, int64_t n, const char *list);

/* Checks rule and returns it normalised (achievement ids) in a: the shape, every
 * referenced achievement exists (MC_ENOTFOUND naming it), n between 1 and the
 * number of choices, no achievement named twice in one list, and no cycle (a
 * pathway that, through other pathways, requires itself): self_achievement_id is
 * the pathway's own achievement (NULL for a new one). */
int mc_pathway_rule_check(struct mc_app *app, struct mc_arena *a, const struct mc_json *rule,
                          const char *self_achievement_id, const char *self_slug, struct mc_json **normalised,
                          struct mc_err *err);

/* Creates the pathway's achievement (kind 'pathway', published) and its rule in one
 * transaction. */
int mc_pathway_create(struct mc_app *app, struct mc_arena *a, const struct mc_pathway_input *in,
                      struct mc_pathway **out, struct mc_err *err);
/* Replaces the rule of a pathway (id or slug); the same checks, including cycles
 * through other pathways. Learners already awarded keep their credential. */
int mc_pathway_set_rule(struct mc_app *app, struct mc_arena *a, const char *ref, const struct mc_json *rule,
                        struct mc_pathway **out, struct mc_err *err);
/* By pathway id, achievement id or achievement slug. */
int mc_pathway_get(struct mc_app *app, struct mc_arena *a, const char *ref, struct mc_pathway **out,
                   struct mc_err *err);
/* issuer_ref NULL = all issuers. In title order. */
int mc_pathway_list(struct mc_app *app, struct mc_arena *a, const char *issuer_ref, struct mc_pathway ***out,
                    size_t *n, struct mc_err *err);

/* How far a learner is: satisfied, and the component credentials that satisfy the
 * rule (when satisfied) or count towards it (otherwise). Only active credentials
 * that have not expired count. */
struct mc_pathway_component {
	const char *achievement_id;
	const char *credential_id;
	const char *sha256; /* hex of the stored credential JSON */
};
struct mc_pathway_status {
	bool satisfied;
	struct mc_pathway_component *components;
	size_t n;
	size_t needed_total; /* leaves in the rule */
};
int mc_pathway_evaluate(struct mc_app *app, struct mc_arena *a, const struct mc_pathway *p,
                        const char *user_id, struct mc_pathway_status *out, struct mc_err *err);

/* The hook after a NEW award of achievement_id to user_id (call it after the
 * award's transaction committed): awards every pathway mentioning that achievement
 * that the learner now satisfies, recursively for pathways of pathways. Idempotent
 * (award keys). Keeps going past a pathway that cannot be awarded and returns the
 * first error. The _n form counts in *awarded the pathway credentials created. */
int mc_pathways_on_award(struct mc_app *app, struct mc_arena *a, const char *user_id,
                         const char *achievement_id, struct mc_err *err);
int mc_pathways_on_award_n(struct mc_app *app, struct mc_arena *a, const char *user_id,
                           const char *achievement_id, size_t *awarded, struct mc_err *err);

/* {id, achievement, slug, title, issuer, rule, created} */
struct mc_json *mc_pathway_json(struct mc_app *app, struct mc_arena *a, const struct mc_pathway *p);

/* ---- endorsements ---- */

struct mc_endorsement {
	const char *id; /* the EndorsementCredential's id (urn:uuid:...) */
	const char *endorser_id;
	const char *subject_type; /* "issuer" | "achievement" */
	const char *subject_id;   /* issuers.id or achievements.id */
	const char *comment;
	const char *json; /* the signed EndorsementCredential */
	const char *created_at;
	const char *withdrawn_at; /* NULL while current */
};

struct mc_endorse_input {
	const char *endorser_ref; /* issuer id, slug or DID */
	const char *subject_type; /* "issuer" | "achievement" */
	const char *subject_ref;  /* issuer id/slug/DID, or achievement id/slug */
	const char *comment;      /* endorsementComment (required, Markdown) */
	const char *name;         /* NULL: "<endorser> endorses <subject>" */
};

#define MC_ENDORSEMENT_COMMENT_MAX 5000

/* Issues an OB 3.0 EndorsementCredential signed by the endorser's active key and
 * stores it; an earlier current endorsement of the same subject by the same
 * endorser is withdrawn (replaced) in the same transaction. Event
 * "endorsement.issued". */
int mc_endorse(struct mc_app *app, struct mc_arena *a, const struct mc_endorse_input *in,
               struct mc_endorsement **out, struct mc_err *err);
/* Marks an endorsement withdrawn: later awards stop embedding it. */
int mc_endorsement_withdraw(struct mc_app *app, const char *id, struct mc_err *err);
/* Endorsements, newest first; filters may be NULL. include_withdrawn false = current ones. */
int mc_endorsement_list(struct mc_app *app, struct mc_arena *a, const char *endorser_ref,
                        const char *subject_type, const char *subject_ref, bool include_withdrawn,
                        struct mc_endorsement ***out, size_t *n, struct mc_err *err);
/* The current endorsements of a subject (subject_id: issuers.id or achievements.id)
 * as a JSON array of the parsed EndorsementCredentials, oldest first — what an award
 * embeds as Profile.endorsement / Achievement.endorsement. An empty array when there
 * is none. */
int mc_endorsements_for(struct mc_app *app, struct mc_arena *a, const char *subject_type,
                        const char *subject_id, struct mc_json **json_array, struct mc_err *err);

/* ---- demo data ---- */

struct mc_demo_summary {
	const char *base_url;
	const char **issuers; /* "<name> — <profile URL>" */
	size_t n_issuers;
	const char **accounts; /* "<email> — <what they show>" */
	size_t n_accounts;
	const char **urls; /* notable URLs (achievements, pathway, status lists) */
	size_t n_urls;
	size_t n_achievements, n_credentials, n_enrolments;
	bool already; /* the demo had been seeded before: nothing was written */
};

/* Seeds the demo into an empty database. MC_ESTATE (nothing written) when the
 * database already has issuers other than the demo's; when the demo was seeded
 * before, returns 0 with summary->already set. */
int mc_demo_seed(struct mc_app *app, struct mc_arena *a, struct mc_demo_summary *out, struct mc_err *err);

#endif
