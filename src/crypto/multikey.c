/* Multikey (multicodec + multibase) keys, the key-file JSON shapes, and the JSON /
 * PEM import dispatch. */
#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "microcred/encoding.h"
#include "microcred/json.h"
#include "microcred/keys.h"

#include "crypto/crypto_int.h"

#define MULTIKEY_CONTEXT "https://w3id.org/security/multikey/v1"
#define JWK_CONTEXT "https://w3id.org/security/jwk/v1"

static const struct {
	uint64_t codec;
	const char *name;
	long len; /* 0: variable */
} codecs[] = {
    {MC_CODEC_SECP256K1_PUB, "secp256k1-pub", 33},
    {MC_CODEC_BLS12381_G1_PUB, "bls12_381-g1-pub", 48},
    {MC_CODEC_BLS12381_G2_PUB, "bls12_381-g2-pub", 96},
    {MC_CODEC_X25519_PUB, "x25519-pub", 32},
    {MC_CODEC_ED25519_PUB, "ed25519-pub", 32},
    {MC_CODEC_BLS12381_G1G2_PUB, "bls12_381-g1g2-pub", 144},
    {MC_CODEC_P256_PUB, "p256-pub", 33},
    {MC_CODEC_P384_PUB, "p384-pub", 49},
    {MC_CODEC_P521_PUB, "p521-pub", 67},
    {MC_CODEC_RSA_PUB, "rsa-pub", 0},
    {MC_CODEC_ED25519_PRIV, "ed25519-priv", 32},
    {MC_CODEC_RSA_PRIV, "rsa-priv", 0},
    {MC_CODEC_P256_PRIV, "p256-priv", 32},
};

long mc__codec_key_len(uint64_t codec)
{
	for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++)
		if (codecs[i].codec == codec)
			return codecs[i].len;
	return -1;
}

const char *mc__codec_name(uint64_t codec)
{
	for (size_t i = 0; i < sizeof(codecs) / sizeof(codecs[0]); i++)
		if (codecs[i].codec == codec)
			return codecs[i].name;
	return NULL;
}

int mc__multikey_decode(const char *s, size_t n, const char *what, uint64_t *codec, unsigned char *bytes,
                        size_t cap, size_t *len, struct mc_err *err)
{
	unsigned char mem[MC_KEY_PUB_MAX + 16];
	struct mc_buf b;
	int rc;

	if (n == 0 || s[0] != 'z')
		return mc_err_set(
		    err, MC_EINVAL,
		    "%s must be multibase base58btc, starting with 'z' (e.g. z6Mk...), got '%.*s%s'", what,
		    (int)(n > 12 ? 12 : n), s, n > 12 ? "..." : "");
	mc__fixed_buf(&b, mem, sizeof(mem));
	rc = mc_multibase_decode(&b, s, n, err);
	if (rc) {
		sodium_memzero(mem, sizeof(mem));
		if (rc == MC_ELIMIT)
			return mc_err_set(err, MC_EINVAL, "%s is too long for a key (%zu characters)", what,
			                  n);
		mc_err_prefix(err, "%s", what);
		return rc;
	}
	int h = mc_varint_decode(mem, b.len, codec);
	if (h <= 0) {
		sodium_memzero(mem, sizeof(mem));
		return mc_err_set(err, MC_EINVAL, "%s: the multicodec header is not a valid varint", what);
	}
	size_t rest = b.len - (size_t)h;
	long want = mc__codec_key_len(*codec);
	if (want < 0)
		rc = mc_err_set(err, MC_EUNSUPPORTED,
		                "%s: unknown multicodec 0x%llx; expected ed25519-pub (z6Mk...), "
		                "p256-pub (zDn...) or rsa-pub",
		                what, (unsigned long long)*codec);
	else if (want > 0 && rest != (size_t)want)
		rc = mc_err_set(err, MC_EINVAL, "%s: a %s key must be %ld bytes, got %zu", what,
		                mc__codec_name(*codec), want, rest);
	else if (rest == 0 || rest > cap)
		rc = mc_err_set(err, MC_EINVAL, "%s: a %s key of %zu bytes is not supported", what,
		                mc__codec_name(*codec), rest);
	if (!rc) {
		memcpy(bytes, mem + h, rest);
		*len = rest;
	}
	sodium_memzero(mem, sizeof(mem));
	return rc;
}

int mc__multikey_encode(struct mc_buf *out, uint64_t codec, const unsigned char *p, size_t n)
{
	unsigned char mem[MC_KEY_PUB_MAX + 16];
	struct mc_buf b;
	int rc;

	mc__fixed_buf(&b, mem, sizeof(mem));
	rc = mc_varint_encode(&b, codec);
	if (!rc)
		rc = mc_buf_append(&b, p, n);
	if (!rc)
		rc = mc_multibase_encode(out, MC_MULTIBASE_BASE58BTC, b.ptr, b.len);
	sodium_memzero(mem, sizeof(mem));
	return rc;
}

/* ---- JSON helpers ---- */

struct mc_json *mc__json_put(struct mc_arena *a, struct mc_json *obj, const char *key)
{
	return mc_json_object_push_ref(a, obj, key, strlen(key));
}

void mc__json_put_str(struct mc_arena *a, struct mc_json *obj, const char *key, const char *s, size_t n)
{
	mc_json_set_string(a, mc__json_put(a, obj, key), s, n);
}

void mc__json_put_cstr(struct mc_arena *a, struct mc_json *obj, const char *key, const char *s)
{
	mc__json_put_str(a, obj, key, s, strlen(s));
}

void mc__json_put_b64u(struct mc_arena *a, struct mc_json *obj, const char *key, const void *p, size_t n)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_base64url_encode(&b, p, n);
	mc__json_put_str(a, obj, key, b.ptr, b.len);
	mc__buf_wipe_release(&b);
}

int mc__json_opt_str(const struct mc_json *obj, const char *key, const char *where, const struct mc_json **s,
                     struct mc_err *err)
{
	const struct mc_json *v = mc_json_get(obj, key);
	*s = NULL;
	if (!v)
		return 0;
	if (!mc_json_is_string(v))
		return mc_err_set(err, MC_EINVAL, "%s%s\"%s\" must be a string, got %s", where ? where : "",
		                  where ? ": " : "", key, mc_json_type_name((enum mc_json_type)v->type));
	*s = v;
	return 0;
}

/* ---- public / secret multibase ---- */

static uint64_t pub_codec(enum mc_key_type t)
{
	switch (t) {
	case MC_KEY_ED25519: return MC_CODEC_ED25519_PUB;
	case MC_KEY_P256: return MC_CODEC_P256_PUB;
	case MC_KEY_RSA: return MC_CODEC_RSA_PUB;
	default: return 0;
	}
}

int mc_key_public_multibase(const struct mc_key *k, struct mc_buf *out)
{
	if (k->type == MC_KEY_NONE)
		return MC_EINVAL;
	return mc__multikey_encode(out, pub_codec(k->type), k->pub, k->pub_len);
}

int mc_key_secret_multibase(const struct mc_key *k, struct mc_buf *out, struct mc_err *err)
{
	if (!k->has_secret)
		return mc_err_set(err, MC_EINVAL, "the key has no secret part");
	switch (k->type) {
	case MC_KEY_ED25519:
		return mc__multikey_encode(out, MC_CODEC_ED25519_PRIV, k->secret, 32); /* the seed */
	case MC_KEY_P256: return mc__multikey_encode(out, MC_CODEC_P256_PRIV, k->secret, 32);
	default:
		return mc_err_set(err, MC_EUNSUPPORTED,
		                  "%s secret keys are exported as JWK (secretKeyJwk), not secretKeyMultibase",
		                  mc_key_type_name(k->type));
	}
}

int mc_key_did_key(const struct mc_key *k, struct mc_buf *out)
{
	int rc = mc_buf_puts(out, "did:key:");
	return rc ? rc : mc_key_public_multibase(k, out);
}

int mc_key_from_multibase(struct mc_key *k, const char *s, size_t n, struct mc_err *err)
{
	unsigned char bytes[MC_KEY_PUB_MAX];
	uint64_t codec;
	size_t len;
	int rc;

	mc__key_clear(k);
	rc = mc__multikey_decode(s, n, "publicKeyMultibase", &codec, bytes, sizeof(bytes), &len, err);
	if (rc)
		return rc;
	switch (codec) {
	case MC_CODEC_ED25519_PUB: rc = mc_key_from_public(k, MC_KEY_ED25519, bytes, len, err); break;
	case MC_CODEC_P256_PUB: rc = mc_key_from_public(k, MC_KEY_P256, bytes, len, err); break;
	case MC_CODEC_RSA_PUB: rc = mc_key_from_public(k, MC_KEY_RSA, bytes, len, err); break;
	case MC_CODEC_ED25519_PRIV:
	case MC_CODEC_P256_PRIV:
	case MC_CODEC_RSA_PRIV:
		sodium_memzero(bytes, sizeof(bytes));
		return mc_err_set(err, MC_EINVAL,
		                  "publicKeyMultibase holds a secret key (%s); check the key file",
		                  mc__codec_name(codec));
	default:
		return mc_err_set(
		    err, MC_EUNSUPPORTED,
		    "publicKeyMultibase is a %s key; microcred signs and verifies with Ed25519, P-256 "
		    "and RSA",
		    mc__codec_name(codec));
	}
	if (rc)
		mc_err_prefix(err, "publicKeyMultibase");
	return rc;
}

int mc_key_from_did_key(struct mc_key *k, const char *did, size_t n, struct mc_err *err)
{
	size_t end = 0;
	mc__key_clear(k);
	if (n < 9 || memcmp(did, "did:key:", 8) != 0)
		return mc_err_set(err, MC_EINVAL, "'%.*s' is not a did:key DID", (int)(n > 40 ? 40 : n), did);
	end = 8;
	while (end < n && did[end] != '#' && did[end] != '?' && did[end] != '/')
		end++;
	int rc = mc_key_from_multibase(k, did + 8, end - 8, err);
	if (rc)
		return rc;
	char *id = mc_xcalloc(1, 2 * (end) + 2);
	memcpy(id, did, end);
	char *controller = mc_xstrdup(id);
	id[end] = '#';
	memcpy(id + end + 1, did + 8, end - 8);
	k->id = id;
	k->controller = controller;
	return 0;
}

/* ---- Multikey JSON ---- */

int mc_key_to_multikey_json(struct mc_arena *a, const struct mc_key *k, unsigned flags, struct mc_json **out,
                            struct mc_err *err)
{
	struct mc_buf b;
	int rc = 0;
	struct mc_json *o = mc_json_new_object(a);

	if (k->type == MC_KEY_NONE)
		return mc_err_set(err, MC_EINVAL, "no key to export");
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	if (flags & MC_KEY_EXPORT_CONTEXT)
		mc__json_put_cstr(a, o, "@context", MULTIKEY_CONTEXT);
	if (k->id)
		mc__json_put_cstr(a, o, "id", k->id);
	mc__json_put_cstr(a, o, "type", "Multikey");
	if (k->controller)
		mc__json_put_cstr(a, o, "controller", k->controller);
	mc_key_public_multibase(k, &b);
	mc__json_put_str(a, o, "publicKeyMultibase", b.ptr, b.len);
	if ((flags & MC_KEY_EXPORT_SECRET) && k->has_secret) {
		mc_buf_clear(&b);
		rc = mc_key_secret_multibase(k, &b, err);
		if (!rc)
			mc__json_put_str(a, o, "secretKeyMultibase", b.ptr, b.len);
	}
	mc__buf_wipe_release(&b);
	if (!rc)
		*out = o;
	return rc;
}

int mc_key_to_jwk_json(struct mc_arena *a, const struct mc_key *k, unsigned flags, struct mc_json **out,
                       struct mc_err *err)
{
	struct mc_json *pub, *sec = NULL;
	int rc = mc_key_to_jwk(a, k, 0, true, &pub, err);
	if (!rc && (flags & MC_KEY_EXPORT_SECRET) && k->has_secret)
		rc = mc_key_to_jwk(a, k, MC_KEY_EXPORT_SECRET, true, &sec, err);
	if (rc)
		return rc;
	struct mc_json *o = mc_json_new_object(a);
	if (flags & MC_KEY_EXPORT_CONTEXT)
		mc__json_put_cstr(a, o, "@context", JWK_CONTEXT);
	if (k->id)
		mc__json_put_cstr(a, o, "id", k->id);
	mc__json_put_cstr(a, o, "type", "JsonWebKey");
	if (k->controller)
		mc__json_put_cstr(a, o, "controller", k->controller);
	*mc__json_put(a, o, "publicKeyJwk") = *pub;
	if (sec)
		*mc__json_put(a, o, "secretKeyJwk") = *sec;
	*out = o;
	return 0;
}

int mc_key_to_json(struct mc_arena *a, const struct mc_key *k, unsigned flags, struct mc_json **out,
                   struct mc_err *err)
{
	if (k->type == MC_KEY_RSA)
		return mc_key_to_jwk_json(a, k, flags, out, err);
	return mc_key_to_multikey_json(a, k, flags, out, err);
}

static void wipe_str(const struct mc_json *v)
{
	if (mc_json_is_string(v) && v->len)
		sodium_memzero((char *)v->v.str, v->len);
}

void mc_key_json_wipe(struct mc_json *v)
{
	static const char *const jwk_secret[] = {"d", "p", "q", "dp", "dq", "qi"};
	if (mc_json_is_array(v)) {
		for (uint32_t i = 0; i < v->len; i++)
			mc_key_json_wipe(&v->v.items[i]);
		return;
	}
	if (!mc_json_is_object(v))
		return;
	for (uint32_t i = 0; i < v->len; i++) {
		struct mc_json_member *m = &v->v.members[i];
		if (mc_slice_eq_cstr(m->key, "secretKeyMultibase") ||
		    mc_slice_eq_cstr(m->key, "privateKeyMultibase") ||
		    mc_slice_eq_cstr(m->key, "privateKeyBase58"))
			wipe_str(&m->value);
		for (size_t j = 0; j < sizeof(jwk_secret) / sizeof(jwk_secret[0]); j++)
			if (mc_slice_eq_cstr(m->key, jwk_secret[j]))
				wipe_str(&m->value);
		mc_key_json_wipe(&m->value);
	}
}

/* ---- import ---- */

static int from_multikey_members(struct mc_key *k, const struct mc_json *pubv, const struct mc_json *secv,
                                 struct mc_err *err)
{
	unsigned char sec[64];
	uint64_t scodec = 0;
	size_t slen = 0;
	int rc;

	if (pubv) {
		rc = mc_key_from_multibase(k, pubv->v.str, pubv->len, err);
		if (rc)
			return rc;
	}
	if (!secv) {
		if (!pubv)
			return mc_err_set(err, MC_EINVAL, "key has no publicKeyMultibase");
		return 0;
	}
	rc = mc__multikey_decode(secv->v.str, secv->len, "secretKeyMultibase", &scodec, sec, sizeof(sec),
	                         &slen, err);
	if (rc == MC_EUNSUPPORTED || (rc == MC_EINVAL && slen == 0 && scodec == MC_CODEC_ED25519_PRIV)) {
		/* Digital Bazaar's legacy export: 0x1300 + seed||public, 64 bytes. */
		unsigned char mem[80];
		struct mc_buf b;
		mc__fixed_buf(&b, mem, sizeof(mem));
		struct mc_err e2;
		if (mc_multibase_decode(&b, secv->v.str, secv->len, &e2) == 0 && b.len == 66 &&
		    mem[0] == 0x80 && mem[1] == 0x26) {
			memcpy(sec, mem + 2, 64);
			scodec = MC_CODEC_ED25519_PRIV;
			slen = 64;
			rc = 0;
		}
		sodium_memzero(mem, sizeof(mem));
	}
	if (rc)
		goto out;
	if (scodec == MC_CODEC_ED25519_PRIV) {
		if (pubv && k->type != MC_KEY_ED25519) {
			rc = mc_err_set(err, MC_EINVAL,
			                "secretKeyMultibase is Ed25519 but publicKeyMultibase is %s",
			                mc_key_type_name(k->type));
			goto out;
		}
		if (slen == 64 && pubv && sodium_memcmp(sec + 32, k->pub, 32) != 0) {
			rc = mc_err_set(err, MC_EINVAL,
			                "secretKeyMultibase does not match publicKeyMultibase");
			goto out;
		}
		unsigned char pub[32];
		if (pubv)
			memcpy(pub, k->pub, 32);
		rc = mc__ed25519_from_seed(k, sec, pubv ? pub : NULL, err);
		if (rc)
			mc_err_prefix(err, "secretKeyMultibase");
	} else if (scodec == MC_CODEC_P256_PRIV) {
		unsigned char pub[33];
		size_t pub_len = k->pub_len;
		if (pubv && k->type != MC_KEY_P256) {
			rc = mc_err_set(err, MC_EINVAL,
			                "secretKeyMultibase is P-256 but publicKeyMultibase is %s",
			                mc_key_type_name(k->type));
			goto out;
		}
		if (pubv)
			memcpy(pub, k->pub, 33);
		rc = mc__p256_set(k, pubv ? pub : NULL, pub_len, sec, slen, err);
		if (rc)
			mc_err_prefix(err, "secretKeyMultibase");
	} else {
		rc = mc_err_set(err, MC_EUNSUPPORTED,
		                "secretKeyMultibase holds a %s key; expected ed25519-priv "
		                "(z3u2...) or p256-priv",
		                mc__codec_name(scodec) ? mc__codec_name(scodec) : "unknown");
	}
out:
	sodium_memzero(sec, sizeof(sec));
	if (rc)
		mc__key_clear(k);
	return rc;
}

static int from_base58_2018(struct mc_key *k, const struct mc_json *v, struct mc_err *err)
{
	unsigned char mem[40];
	struct mc_buf b;
	mc__fixed_buf(&b, mem, sizeof(mem));
	int rc = mc_base58btc_decode(&b, v->v.str, v->len, err);
	if (rc == MC_ELIMIT || (!rc && b.len != 32))
		return mc_err_set(err, MC_EINVAL, "publicKeyBase58: an Ed25519 key must be 32 bytes");
	if (rc)
		return mc_err_prefix(err, "publicKeyBase58");
	return mc_key_from_public(k, MC_KEY_ED25519, mem, 32, err);
}

static int same_public(const struct mc_key *a, const struct mc_key *b)
{
	return a->type == b->type && a->pub_len == b->pub_len && memcmp(a->pub, b->pub, a->pub_len) == 0;
}

int mc_key_from_json(struct mc_key *k, const struct mc_json *v, struct mc_err *err)
{
	const struct mc_json *type, *id, *controller, *pubmb, *secmb, *pub58;
	int rc;

	mc__key_clear(k);
	if (!mc_json_is_object(v))
		return mc_err_set(err, MC_EINVAL, "key JSON must be an object, got %s",
		                  v ? mc_json_type_name((enum mc_json_type)v->type) : "nothing");
	if ((rc = mc__json_opt_str(v, "type", NULL, &type, err)) ||
	    (rc = mc__json_opt_str(v, "id", NULL, &id, err)) ||
	    (rc = mc__json_opt_str(v, "controller", NULL, &controller, err)) ||
	    (rc = mc__json_opt_str(v, "publicKeyMultibase", NULL, &pubmb, err)) ||
	    (rc = mc__json_opt_str(v, "secretKeyMultibase", NULL, &secmb, err)) ||
	    (rc = mc__json_opt_str(v, "publicKeyBase58", NULL, &pub58, err)))
		return rc;
	const struct mc_json *pubjwk = mc_json_get(v, "publicKeyJwk");
	const struct mc_json *secjwk = mc_json_get(v, "secretKeyJwk");
	if (!secjwk)
		secjwk = mc_json_get(v, "privateKeyJwk");

	if (type) {
		static const char *const known[] = {"Multikey", "Ed25519VerificationKey2020",
		                                    "Ed25519VerificationKey2018", "JsonWebKey",
		                                    "JsonWebKey2020"};
		bool ok = false;
		for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
			ok = ok || strcmp(type->v.str, known[i]) == 0;
		if (!ok)
			return mc_err_set(
			    err, MC_EUNSUPPORTED,
			    "unknown key type \"%s\"; expected Multikey, JsonWebKey, JsonWebKey2020 or "
			    "Ed25519VerificationKey2020",
			    type->v.str);
	}

	if (pubmb || secmb) {
		rc = from_multikey_members(k, pubmb, secmb, err);
	} else if (pubjwk || secjwk) {
		rc = mc__key_from_jwk(k, secjwk ? secjwk : pubjwk, secjwk ? "secretKeyJwk" : "publicKeyJwk",
		                      err);
		if (!rc && secjwk && pubjwk) {
			struct mc_key p;
			mc_key_init(&p);
			rc = mc__key_from_jwk(&p, pubjwk, "publicKeyJwk", err);
			if (!rc && !same_public(k, &p))
				rc = mc_err_set(err, MC_EINVAL,
				                "secretKeyJwk and publicKeyJwk are different keys");
			mc__key_clear(&p);
		}
	} else if (pub58) {
		rc = from_base58_2018(k, pub58, err);
	} else if (mc_json_get(v, "kty")) {
		rc = mc__key_from_jwk(k, v, "JWK", err);
	} else {
		return mc_err_set(
		    err, MC_EINVAL,
		    "no key found: expected publicKeyMultibase / secretKeyMultibase (Multikey), "
		    "publicKeyJwk / secretKeyJwk, or a JWK with \"kty\"");
	}
	if (rc) {
		mc__key_clear(k);
		return rc;
	}
	mc_key_set_id(k, id ? id->v.str : NULL, controller ? controller->v.str : NULL);
	return 0;
}

int mc_key_parse(struct mc_key *k, const char *text, size_t n, struct mc_err *err)
{
	size_t i = 0;
	struct mc_arena a;
	struct mc_json *v = NULL;
	int rc;

	mc__key_clear(k);
	while (i < n && isspace((unsigned char)text[i]))
		i++;
	if (n - i >= 10 && memcmp(text + i, "-----BEGIN", 10) == 0)
		return mc__key_from_pem(k, text + i, n - i, err);
	if (i == n)
		return mc_err_set(err, MC_EINVAL, "key file is empty");
	mc_arena_init(&a, 0);
	rc = mc_json_parse(&a, text, n, NULL, &v, err);
	if (rc)
		mc_err_prefix(err, "key file is not valid JSON");
	else
		rc = mc_key_from_json(k, v, err);
	if (v)
		mc_key_json_wipe(v);
	mc_arena_release(&a);
	return rc;
}
