/* did:web: identifier <-> did.json URL, and the DID document an issuer publishes. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "microcred/did.h"
#include "microcred/json.h"
#include "microcred/keys.h"

#include "crypto/crypto_int.h"

/* DID idchar (DID Core §3.1): ALPHA / DIGIT / "." / "-" / "_" / pct-encoded. */
static bool idchar(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '-' || c == '_';
}

static bool is_hex(char c)
{
	return isxdigit((unsigned char)c) != 0;
}

static bool all_digits_dots(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]) && s[i] != '.')
			return false;
	return true;
}

int mc_did_web_from_url(const char *url, struct mc_buf *did, struct mc_err *err)
{
	size_t n = strlen(url);
	static const char well_known[] = "/.well-known/did.json";

	if (n < 9 || strncasecmp(url, "https://", 8) != 0)
		return mc_err_set(err, MC_EINVAL, "did:web needs an https:// URL, got '%s'", url);
	if (strpbrk(url, "?#"))
		return mc_err_set(err, MC_EINVAL, "did:web URL '%s' must not have a query or fragment", url);
	const char *host = url + 8;
	size_t hlen = strcspn(host, "/");
	const char *path = host + hlen;
	size_t plen = n - 8 - hlen;
	size_t port_at = hlen;
	for (size_t i = 0; i < hlen; i++) {
		if (host[i] == ':') {
			port_at = i;
			break;
		}
	}
	if (port_at == 0)
		return mc_err_set(err, MC_EINVAL, "did:web URL '%s' has no host name", url);
	for (size_t i = 0; i < port_at; i++) {
		char c = host[i];
		if (!isalnum((unsigned char)c) && c != '.' && c != '-')
			return mc_err_set(
			    err, MC_EINVAL,
			    "did:web host '%.*s' may hold only letters, digits, '.' and '-' (no user "
			    "names, IP literals or '%c')",
			    (int)port_at, host, c);
	}
	if (all_digits_dots(host, port_at))
		return mc_err_set(err, MC_EINVAL, "did:web must use a domain name, not the IP address '%.*s'",
		                  (int)port_at, host);
	if (port_at < hlen) {
		size_t plen2 = hlen - port_at - 1;
		if (plen2 == 0 || plen2 > 5 || !all_digits_dots(host + port_at + 1, plen2) ||
		    memchr(host + port_at + 1, '.', plen2) || atol(host + port_at + 1) < 1 ||
		    atol(host + port_at + 1) > 65535)
			return mc_err_set(err, MC_EINVAL, "did:web URL '%s' has a bad port (1-65535)", url);
	}

	/* The path, without a final /did.json; /.well-known/did.json means none. */
	if (plen == sizeof(well_known) - 1 && memcmp(path, well_known, plen) == 0)
		plen = 0;
	if (plen >= 9 && memcmp(path + plen - 9, "/did.json", 9) == 0)
		plen -= 9;
	while (plen > 0 && path[plen - 1] == '/')
		plen--;

	int rc = mc_buf_puts(did, "did:web:");
	for (size_t i = 0; i < port_at && !rc; i++)
		rc = mc_buf_putc(did, (char)tolower((unsigned char)host[i]));
	if (!rc && port_at < hlen)
		rc = mc_buf_printf(did, "%%3A%.*s", (int)(hlen - port_at - 1), host + port_at + 1);
	for (size_t i = 0; i < plen && !rc; i++) {
		char c = path[i];
		if (c == '/') {
			if (i + 1 < plen && path[i + 1] == '/')
				return mc_err_set(err, MC_EINVAL,
				                  "did:web URL '%s' has an empty path segment", url);
			rc = mc_buf_putc(did, ':');
		} else if (c == '%' && i + 2 < plen && is_hex(path[i + 1]) && is_hex(path[i + 2])) {
			rc = mc_buf_putc(did, c);
		} else if (idchar(c)) {
			rc = mc_buf_putc(did, c);
		} else {
			rc = mc_buf_printf(did, "%%%02X", (unsigned char)c);
		}
	}
	return rc ? mc_err_set(err, rc, "did:web identifier too long") : 0;
}

int mc_did_web_to_url(const char *did, size_t n, struct mc_buf *url, struct mc_err *err)
{
	size_t end = 0;

	if (n < 9 || memcmp(did, "did:web:", 8) != 0)
		return mc_err_set(err, MC_EINVAL, "'%.*s' is not a did:web DID", (int)(n > 40 ? 40 : n), did);
	while (end < n && did[end] != '#' && did[end] != '?' && did[end] != '/')
		end++;
	const char *msid = did + 8;
	size_t mlen = end - 8;
	size_t hlen = 0;
	while (hlen < mlen && msid[hlen] != ':')
		hlen++;
	if (hlen == 0)
		return mc_err_set(err, MC_EINVAL, "did:web DID '%.*s' has no domain name", (int)end, did);
	for (size_t i = 0; i < mlen; i++) {
		char c = msid[i];
		if (c == '%' ? !(i + 2 < mlen && is_hex(msid[i + 1]) && is_hex(msid[i + 2]))
		             : !(idchar(c) || c == ':'))
			return mc_err_set(err, MC_EINVAL,
			                  "did:web DID '%.*s' has a character not allowed in a DID ('%c')",
			                  (int)end, did, c);
		if (c == ':' && (i + 1 == mlen || msid[i + 1] == ':'))
			return mc_err_set(err, MC_EINVAL, "did:web DID '%.*s' has an empty path segment",
			                  (int)end, did);
	}

	int rc = mc_buf_puts(url, "https://");
	for (size_t i = 0; i < hlen && !rc; i++) {
		/* Only the port colon may be percent-encoded in the domain part. */
		if (msid[i] == '%' && strncasecmp(msid + i, "%3A", 3) == 0) {
			rc = mc_buf_putc(url, ':');
			i += 2;
		} else if (msid[i] == '%') {
			return mc_err_set(err, MC_EINVAL,
			                  "did:web domain '%.*s' has a percent-encoding other than %%3A",
			                  (int)hlen, msid);
		} else {
			rc = mc_buf_putc(url, (char)tolower((unsigned char)msid[i]));
		}
	}
	if (!rc && hlen == mlen)
		rc = mc_buf_puts(url, "/.well-known/did.json");
	else if (!rc) {
		for (size_t i = hlen; i < mlen && !rc; i++)
			rc = mc_buf_putc(url, msid[i] == ':' ? '/' : msid[i]);
		if (!rc)
			rc = mc_buf_puts(url, "/did.json");
	}
	return rc ? mc_err_set(err, rc, "did:web URL too long") : 0;
}

int mc_did_web_document(struct mc_arena *a, const char *did, const struct mc_key *const *keys, size_t nkeys,
                        struct mc_json **doc_out, struct mc_err *err)
{
	size_t dlen = strlen(did);
	struct mc_json *doc = mc_json_new_object(a);
	struct mc_json *ctx = mc__json_put(a, doc, "@context");
	bool multikey = false, jwk = false;
	int rc = 0;

	if (dlen < 5 || memcmp(did, "did:", 4) != 0 || strpbrk(did, "#?"))
		return mc_err_set(err, MC_EINVAL, "'%s' is not a DID (expected did:web:...)", did);
	if (nkeys == 0)
		return mc_err_set(err, MC_EINVAL, "a DID document needs at least one key");
	mc_json_set_array(ctx);
	mc_json_set_string_ref(mc_json_array_push(a, ctx), "https://www.w3.org/ns/did/v1",
	                       strlen("https://www.w3.org/ns/did/v1"));
	mc__json_put_cstr(a, doc, "id", did);
	struct mc_json *vms = mc__json_put(a, doc, "verificationMethod");
	mc_json_set_array(vms);
	struct mc_json *ids = mc_json_new_array(a);

	for (size_t i = 0; i < nkeys; i++) {
		/* A copy that carries this document's id and controller. */
		const struct mc_key *k = keys[i];
		struct mc_key view = *k;
		struct mc_json *vm;
		char *id;
		if (k->id && strncmp(k->id, did, dlen) == 0 && k->id[dlen] == '#') {
			id = mc_arena_strdup(a, k->id);
		} else if (k->type == MC_KEY_RSA) {
			id = mc_arena_printf(a, "%s#key-%zu", did, i + 1);
		} else {
			struct mc_buf mb;
			mc_buf_init(&mb, MC_BUF_NOLIMIT);
			mc_key_public_multibase(k, &mb);
			id = mc_arena_printf(a, "%s#%s", did, mb.ptr);
			mc_buf_release(&mb);
		}
		view.id = id;
		view.controller = (char *)did;
		view.has_secret = false; /* never publish a secret */
		if (k->type == MC_KEY_RSA) {
			rc = mc_key_to_jwk_json(a, &view, 0, &vm, err);
			jwk = true;
		} else {
			rc = mc_key_to_multikey_json(a, &view, 0, &vm, err);
			multikey = true;
		}
		if (rc)
			return rc;
		mc_json_array_append(a, vms, vm);
		mc_json_set_string_ref(mc_json_array_push(a, ids), id, strlen(id));
	}
	if (multikey)
		mc_json_set_string_ref(mc_json_array_push(a, ctx), "https://w3id.org/security/multikey/v1",
		                       strlen("https://w3id.org/security/multikey/v1"));
	if (jwk)
		mc_json_set_string_ref(mc_json_array_push(a, ctx), "https://w3id.org/security/jwk/v1",
		                       strlen("https://w3id.org/security/jwk/v1"));
	*mc__json_put(a, doc, "authentication") = *ids;
	*mc__json_put(a, doc, "assertionMethod") = *mc_json_copy(a, ids);
	*doc_out = doc;
	return 0;
}
