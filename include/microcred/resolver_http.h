/* A resolver (struct mc_resolver, report.h) that fetches what verification needs over
 * HTTPS (fetch.h): did:web DID documents, verification methods published at https://
 * URLs with their controller documents, and status list credentials.
 *
 * It composes with another resolver rather than duplicating it: `next` (typically the
 * local resolver of resolver.h, for did:key and trusted keys) is consulted first, and
 * the network is used only when next answers MC_ENOTFOUND (or has no callback). Like
 * the local resolver, next must leave its out-parameter empty when it fails.
 *
 * Verification methods (Controlled Identifiers v1.0, "retrieve verification method",
 * which Data Integrity refers to):
 *   - did:web:example.com[:path]#frag: the DID document is fetched from
 *     https://example.com[/path | /.well-known]/did.json; its "id" must be the DID.
 *     The method is looked up by id (absolute, or relative "#frag" against the DID)
 *     among "verificationMethod" and the methods embedded in verification
 *     relationships. A bare DID (no fragment) names the first method listed under
 *     assertionMethod.
 *   - https://host/path#frag: the URL without the fragment is fetched. It is either
 *     a controller document (its "id" is that URL; the method is found in it as
 *     above), or the verification method itself (its "id" is the method URL), in
 *     which case its "controller" is fetched as the controller document (an https
 *     URL or a did:web) and must list the method.
 *   The method's "controller" must be the controller document's id (when absent, it
 *   is). Keys: Multikey (publicKeyMultibase), JsonWebKey / JsonWebKey2020
 *   (publicKeyJwk) and Ed25519VerificationKey2020, through mc_key_from_json.
 *   out->assertion_method says whether the controller document lists the method under
 *   assertionMethod (by reference or embedded); a method that is not listed is still
 *   returned, with assertion_method false, so that the verifier reports it as not
 *   authorised to issue credentials (and can check other proof purposes).
 *
 * Status lists: the credential at the URL (fragment removed) is fetched as JSON,
 * honouring the answer's Cache-Control max-age / no-store in the cache.
 *
 * Offline: with `offline` set, anything that would need the network returns
 * MC_EUNSUPPORTED with "offline mode: would need to fetch https://..." (verifiers
 * report such checks as skipped, never as passed); next is still consulted.
 *
 * Thread-safe once set up: resolution reads the configuration only, the cache locks
 * itself, and every fetch uses its own connection. */
#ifndef MICROCRED_RESOLVER_HTTP_H
#define MICROCRED_RESOLVER_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "err.h"
#include "fetch.h"
#include "json.h"
#include "report.h"

struct mc_http_resolver {
	/* Consulted first (copied by value; its ctx must outlive this resolver). Zeroed
	 * after init: no next resolver. */
	struct mc_resolver next;
	bool offline;
	/* Timeouts and size limit for every fetch (the Accept header is set per use). */
	struct mc_fetch_opts fetch;
	/* Owned; made by init with the default limits (5 minutes, 256 entries). Free it
	 * and set NULL to fetch every time, or replace it with one from mc_fetch_cache_new. */
	struct mc_fetch_cache *cache;
	/* For tests and local mirrors: when set (e.g. "http://127.0.0.1:8080"), the
	 * https://<domain[:port]> part of every did:web URL is replaced by this base, so
	 * did:web:example.com:issuers:1 is fetched from
	 * http://127.0.0.1:8080/issuers/1/did.json. Borrowed. */
	const char *did_web_base_override;
};

/* Defaults: online, no next resolver, default fetch limits, a fresh cache. */
void mc_http_resolver_init(struct mc_http_resolver *r);
void mc_http_resolver_release(struct mc_http_resolver *r);
/* The struct mc_resolver to pass to verification; r must outlive it. */
struct mc_resolver mc_http_resolver(struct mc_http_resolver *r);

/* The building block of the method callback, for callers that want a DID or
 * controller document itself (e.g. to show it): fetches and parses the document
 * that url or DID names (did:web or https://; fragment ignored) into a, checking
 * that its "id" matches. */
int mc_http_resolver_document(struct mc_http_resolver *r, const char *url_or_did, struct mc_arena *a,
                              const struct mc_json **doc, struct mc_err *err);

#endif
