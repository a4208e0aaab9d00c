/* A local, offline resolver of verification methods (struct mc_resolver, report.h):
 * did:key DIDs are decoded locally, and other keys come from a list of trusted
 * keys the caller loads (key files, DID / controller documents, maps).
 *
 * Trusted key JSON shapes (those ../shared/interop verify.mjs --keys accepts):
 *   - a key file as keygen.mjs or `microcred keys new` writes it (secrets ignored):
 *     {"id", "controller"?, "publicKeyMultibase" | "publicKeyJwk"};
 *   - an array of such keys (or of any shape below);
 *   - a DID / controller document {"id", "verificationMethod": [...],
 *     "assertionMethod": [...]?}: its methods, and methods embedded in its
 *     verification relationships; relative references ("#key-1") resolve against
 *     the document's id;
 *   - a map {"<vm id>": "z6Mk..."} or {"<vm id>": {"publicKeyJwk" | "publicKeyMultibase",
 *     "controller"?}}.
 * The controller defaults to the id up to '#'. Trusted keys are authorised for
 * assertionMethod (the caller vouches for them), except that a DID document that
 * lists assertionMethod authorises exactly the methods listed there.
 *
 * Not thread-safe while keys are being added; resolution only reads. */
#ifndef MICROCRED_RESOLVER_H
#define MICROCRED_RESOLVER_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "err.h"
#include "json.h"
#include "keys.h"
#include "report.h"

struct mc__local_key;

struct mc_local_resolver {
	struct mc_arena arena; /* ids and controllers of the trusted keys */
	struct mc__local_key *keys;
	size_t len, cap;
	bool did_key; /* resolve did:key locally; on after init */
	/* The rule the 1EdTech validator (and refdata/expected-proof-results.tsv) uses:
	 * a verification method URL that is not otherwise known but whose fragment is an
	 * Ed25519 publicKeyMultibase ("https://example.edu/issuers/565049#z6Mk...")
	 * resolves to that key, controlled by the URL before '#'. It proves nothing about
	 * who holds the key (anyone can write such a URL), so it is OFF after init; turn
	 * it on only to reproduce those validators' verdicts. */
	bool fragment_keys;
};

void mc_local_resolver_init(struct mc_local_resolver *r);
void mc_local_resolver_release(struct mc_local_resolver *r);
/* Adds the keys in v (any shape above; v is borrowed). */
int mc_local_resolver_add_keys_json(struct mc_local_resolver *r, const struct mc_json *v, struct mc_err *err);
/* Reads and adds a JSON file of keys; the error names the file. */
int mc_local_resolver_add_keys_file(struct mc_local_resolver *r, const char *path, struct mc_err *err);
/* Adds one key (its id and controller must be set, or passed here; the public part is
 * copied). */
int mc_local_resolver_add_key(struct mc_local_resolver *r, const struct mc_key *k, const char *id,
                              const char *controller, bool assertion_method, struct mc_err *err);
/* The struct mc_resolver to pass to verification; r must outlive it. */
struct mc_resolver mc_local_resolver(struct mc_local_resolver *r);

#endif
