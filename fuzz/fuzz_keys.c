/* Fuzz target for the crypto layer's parsers: key files (JSON: Multikey, JWK,
 * keygen.mjs shapes; PEM), did:key identifiers, and did:web URLs / DIDs.
 *
 * The first byte picks the parser ('k' key text, 'd' did:key, 'u' did:web URL,
 * 'w' did:web DID; anything else: key text); the rest is its input. Besides not
 * crashing, accepted input must round-trip: a parsed key exported as a key file
 * (with its secret) parses back to the same public key and secret state, and its
 * publicKeyMultibase to the same public key; a resolved did:key document has the
 * input DID as id; a did:web identifier made from a URL gives back a URL that makes
 * the same identifier. A broken invariant aborts. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/did.h"
#include "microcred/json.h"
#include "microcred/keys.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_keys: invariant broken: %s\n", what);
		abort();
	}
}

static bool same_public(const struct mc_key *a, const struct mc_key *b)
{
	return a->type == b->type && a->pub_len == b->pub_len && memcmp(a->pub, b->pub, a->pub_len) == 0;
}

static void key_text(const char *s, size_t n)
{
	struct mc_key k, k2;
	struct mc_err err;
	mc_key_init(&k);
	mc_key_init(&k2);
	if (mc_key_parse(&k, s, n, &err) == 0) {
		struct mc_arena a;
		struct mc_json *v;
		struct mc_buf b;
		mc_arena_init(&a, 0);
		mc_buf_init(&b, MC_BUF_NOLIMIT);
		check(mc_key_to_json(&a, &k, MC_KEY_EXPORT_SECRET | MC_KEY_EXPORT_CONTEXT, &v, &err) == 0,
		      "export key file");
		check(mc_json_write(&b, v, 0) == 0, "write key file");
		check(mc_key_parse(&k2, b.ptr, b.len, &err) == 0, "re-parse key file");
		check(same_public(&k, &k2), "same public key after round trip");
		check(k.has_secret == k2.has_secret, "same secret state after round trip");
		mc_buf_clear(&b);
		check(mc_key_public_multibase(&k, &b) == 0, "publicKeyMultibase");
		check(mc_key_from_multibase(&k2, b.ptr, b.len, &err) == 0, "re-read publicKeyMultibase");
		check(same_public(&k, &k2), "same key from publicKeyMultibase");
		mc_buf_release(&b);
		mc_arena_release(&a);
	} else {
		check(err.msg[0] != '\0' && !strchr(err.msg, '\n'), "one-line error message");
	}
	mc_key_release(&k);
	mc_key_release(&k2);
}

static void did_key(const char *s, size_t n)
{
	struct mc_arena a;
	struct mc_json *doc;
	struct mc_err err;
	struct mc_did_key dk;
	mc_arena_init(&a, 0);
	static const enum mc_did_key_format formats[] = {MC_DID_KEY_MULTIKEY, MC_DID_KEY_ED25519_2020,
	                                                 MC_DID_KEY_JWK_2020, MC_DID_KEY_LEGACY};
	for (size_t f = 0; f < sizeof(formats) / sizeof(formats[0]); f++) {
		struct mc_did_key_opts o = {formats[f], true};
		if (mc_did_key_resolve(&a, s, n, &o, &doc, &err) == 0) {
			check(mc_did_key_decode(s, n, &dk, &err) == 0, "resolvable did:key decodes");
			const struct mc_json *id = mc_json_get(doc, "id");
			check(mc_json_is_string(id) && id->len == dk.did_len &&
			          memcmp(id->v.str, s, dk.did_len) == 0,
			      "document id is the DID");
		}
	}
	mc_arena_release(&a);
}

static void did_web_url(const char *s)
{
	struct mc_buf did, url, again;
	mc_buf_init(&did, MC_BUF_NOLIMIT);
	mc_buf_init(&url, MC_BUF_NOLIMIT);
	mc_buf_init(&again, MC_BUF_NOLIMIT);
	if (mc_did_web_from_url(s, &did, NULL) == 0) {
		check(mc_did_web_to_url(did.ptr, did.len, &url, NULL) == 0, "did:web from a URL has a URL");
		check(mc_did_web_from_url(url.ptr, &again, NULL) == 0, "did:web URL reparses");
		check(strcmp(did.ptr, again.ptr) == 0, "did:web round trip");
	}
	mc_buf_release(&did);
	mc_buf_release(&url);
	mc_buf_release(&again);
}

static void did_web_did(const char *s, size_t n)
{
	struct mc_buf url, did;
	mc_buf_init(&url, MC_BUF_NOLIMIT);
	mc_buf_init(&did, MC_BUF_NOLIMIT);
	if (mc_did_web_to_url(s, n, &url, NULL) == 0)
		(void)mc_did_web_from_url(url.ptr, &did, NULL);
	mc_buf_release(&url);
	mc_buf_release(&did);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || size > 1 << 16)
		return 0;
	/* A NUL-terminated copy: the did:web URL parser takes a C string. */
	char *s = malloc(size);
	memcpy(s, data + 1, size - 1);
	s[size - 1] = '\0';
	size_t n = size - 1;
	switch (data[0]) {
	case 'd': did_key(s, n); break;
	case 'u': did_web_url(s); break;
	case 'w': did_web_did(s, n); break;
	default: key_text(s, n); break;
	}
	free(s);
	return 0;
}
