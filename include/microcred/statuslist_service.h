/* The issuers' Bitstring Status Lists (src/app/status_lists.c): allocating a
 * credential's status entries, flipping bits on revocation / suspension, and serving
 * the signed list credentials.
 *
 * Each issuer has, per purpose ("revocation", "suspension"), lists of
 * MC_STATUS_MIN_ENTRIES (131,072) entries numbered seq = 1, 2, ...; entries are
 * handed out in a keyed pseudo-random order (so an index does not reveal when a
 * credential was issued, as the specification recommends), never reused, and list
 * seq+1 is created when seq is full.
 * A list is published at <base>/status/<issuer slug>/<purpose>-<seq>, which is its
 * credential id and the statusListCredential URL of the entries pointing into it.
 * The list credential (BitstringStatusListCredential, VC 2.0) is signed
 * eddsa-rdfc-2022 whenever it changes: with the issuer's active key, or — for a
 * list of an earlier did:key of the issuer (whose DID changes with its key) — with
 * that DID's key, so a list is always issued by the DID of the credentials in it.
 *
 * Functions named *_tx must run inside the caller's write transaction (mc_app_tx
 * with MC_TX_WRITE), so that the bit and whatever caused it (an award, a revocation
 * row) commit or roll back together; they fail with MC_ESTATE otherwise. */
#ifndef MICROCRED_STATUSLIST_SERVICE_H
#define MICROCRED_STATUSLIST_SERVICE_H

#include <stdbool.h>
#include <stdint.h>

#include "app.h"
#include "issuer.h"
#include "json.h"

#define MC_STATUS_PURPOSE_REVOCATION "revocation"
#define MC_STATUS_PURPOSE_SUSPENSION "suspension"

struct mc_status_alloc {
	const char *list_id;  /* status_lists.id */
	const char *list_url; /* the statusListCredential URL */
	int64_t seq;
	int64_t index;
};

/* The URL of list seq: <base>/status/<issuer_slug>/<purpose>-<seq>, in a. */
char *mc_statuslist_url(struct mc_app *app, struct mc_arena *a, const char *issuer_slug, const char *purpose,
                        int64_t seq);

/* Allocates the next entry of the issuer's list for purpose (creating and signing a
 * new list when none has room). In a write transaction. */
int mc_statuslist_allocate_tx(struct mc_app *app, struct mc_arena *a, const struct mc_issuer *is,
                              const char *purpose, struct mc_status_alloc *out, struct mc_err *err);

/* Sets (value true) or clears entry index of list list_id, then re-signs the list
 * credential with the issuer's active key (validFrom = now) and stores both. Writing
 * the value the entry already has changes nothing. In a write transaction. */
int mc_statuslist_set_tx(struct mc_app *app, const char *list_id, int64_t index, bool value,
                         struct mc_err *err);
/* The same in a transaction of its own. */
int mc_statuslist_set(struct mc_app *app, const char *list_id, int64_t index, bool value, struct mc_err *err);
/* The value of entry index of list list_id. */
int mc_statuslist_get_bit(struct mc_app *app, const char *list_id, int64_t index, bool *value,
                          struct mc_err *err);

/* The signed list credential (JSON text, as stored, in a) by the path after
 * <base>/status/: "<issuer slug>/<purpose>-<seq>". MC_ENOTFOUND for an unknown list,
 * MC_EINVAL for a path of another shape. */
int mc_statuslist_get_by_path(struct mc_app *app, struct mc_arena *a, const char *path, const char **json,
                              struct mc_err *err);
/* The same by full URL (<base>/status/...). */
int mc_statuslist_get_by_url(struct mc_app *app, struct mc_arena *a, const char *url, const char **json,
                             struct mc_err *err);
/* A struct mc_resolver status_list callback answering from this installation's
 * lists; ctx is the struct mc_app *. URLs of other sites are MC_EUNSUPPORTED. */
int mc_statuslist_resolve(void *ctx, const char *url, struct mc_arena *a, const struct mc_json **out,
                          struct mc_err *err);

#endif
