/* did:key: decoding to raw key bytes and expansion into a DID document (did:key
 * method v0.7, §3.1 Document Creation Algorithm). */
#include <sodium.h>
#include <string.h>

#include "microcred/did.h"
#include "microcred/encoding.h"
#include "microcred/json.h"
#include "microcred/keys.h"

#include "crypto/crypto_int.h"

#define CTX_DID "https://www.w3.org/ns/did/v1"
#define CTX_MULTIKEY "https://w3id.org/security/multikey/v1"
#define CTX_ED2020 "https://w3id.org/security/suites/ed25519-2020/v1"
#define CTX_X2020 "https://w3id.org/security/suites/x25519-2020/v1"
#define CTX_JWS2020 "https://w3id.org/security/suites/jws-2020/v1"
#define CTX_ED2018 "https://w3id.org/security/suites/ed25519-2018/v1"
#define CTX_X2019 "https://w3id.org/security/suites/x25519-2019/v1"
#define CTX_SECP2019 "https://w3id.org/security/suites/secp256k1-2019/v1"
#define CTX_MULTIKEY2021 "https://w3id.org/security/suites/multikey-2021/v1"
#define CTX_BLS2020 "https://w3id.org/security/suites/bls12381-2020/v1"

int mc_did_key_decode(const char *did, size_t n, struct mc_did_key *out, struct mc_err *err)
{
	size_t end;
	int rc;

	if (n < 9 || memcmp(did, "did:key:", 8) != 0)
		return mc_err_set(err, MC_EINVAL,
		                  "invalidDid: '%.*s%s' does not start with did:key:", (int)(n > 40 ? 40 : n),
		                  did, n > 40 ? "..." : "");
	for (end = 8; end < n && did[end] != '#' && did[end] != '?' && did[end] != '/'; end++)
		;
	rc = mc__multikey_decode(did + 8, end - 8, "did:key", &out->codec, out->bytes, sizeof(out->bytes),
	                         &out->len, err);
	if (rc)
		return rc;
	switch (out->codec) {
	case MC_CODEC_ED25519_PRIV:
	case MC_CODEC_P256_PRIV:
	case MC_CODEC_RSA_PRIV:
		sodium_memzero(out->bytes, out->len);
		return mc_err_set(err, MC_EINVAL, "invalidDid: the did:key holds a secret key (%s)",
		                  mc__codec_name(out->codec));
	default: break;
	}
	out->did_len = end;
	return 0;
}

int mc_did_key_format_parse(const char *s, enum mc_did_key_format *f, struct mc_err *err)
{
	if (strcmp(s, "multikey") == 0 || strcmp(s, "Multikey") == 0)
		*f = MC_DID_KEY_MULTIKEY;
	else if (strcmp(s, "ed25519-2020") == 0 || strcmp(s, "Ed25519VerificationKey2020") == 0)
		*f = MC_DID_KEY_ED25519_2020;
	else if (strcmp(s, "jwk") == 0 || strcmp(s, "JsonWebKey2020") == 0)
		*f = MC_DID_KEY_JWK_2020;
	else if (strcmp(s, "legacy") == 0)
		*f = MC_DID_KEY_LEGACY;
	else
		return mc_err_set(
		    err, MC_EINVAL,
		    "unknown did:key document format '%s'; use multikey, ed25519-2020, jwk or legacy", s);
	return 0;
}

/* Collects the @context array without duplicates. */
static void add_context(struct mc_arena *a, struct mc_json *ctx, const char *url)
{
	for (uint32_t i = 0; i < ctx->len; i++)
		if (strcmp(ctx->v.items[i].v.str, url) == 0)
			return;
	mc_json_set_string_ref(mc_json_array_push(a, ctx), url, strlen(url));
}

/* The public JWK of a did:key value (§3.1.4). */
static int jwk_of(struct mc_arena *a, uint64_t codec, const unsigned char *p, size_t n, struct mc_json **out,
                  struct mc_err *err)
{
	struct mc_json *o = mc_json_new_object(a);
	const char *curve = NULL;
	size_t half = 0;

	switch (codec) {
	case MC_CODEC_ED25519_PUB:
	case MC_CODEC_X25519_PUB:
		mc__json_put_cstr(a, o, "kty", "OKP");
		mc__json_put_cstr(a, o, "crv", codec == MC_CODEC_ED25519_PUB ? "Ed25519" : "X25519");
		mc__json_put_b64u(a, o, "x", p, n);
		*out = o;
		return 0;
	case MC_CODEC_P256_PUB:
		curve = "P-256";
		half = 32;
		break;
	case MC_CODEC_P384_PUB:
		curve = "P-384";
		half = 48;
		break;
	case MC_CODEC_P521_PUB:
		curve = "P-521";
		half = 66;
		break;
	case MC_CODEC_SECP256K1_PUB:
		curve = "secp256k1";
		half = 32;
		break;
	case MC_CODEC_BLS12381_G1_PUB:
	case MC_CODEC_BLS12381_G2_PUB:
		/* draft-looker-cose-bls-key-representations: the compressed point as x. */
		mc__json_put_cstr(a, o, "kty", "EC");
		mc__json_put_cstr(a, o, "crv",
		                  codec == MC_CODEC_BLS12381_G1_PUB ? "BLS12381_G1" : "BLS12381_G2");
		mc__json_put_b64u(a, o, "x", p, n);
		*out = o;
		return 0;
	case MC_CODEC_RSA_PUB: {
		struct mc_key k;
		mc_key_init(&k);
		int rc = mc_key_from_public(&k, MC_KEY_RSA, p, n, err);
		if (!rc)
			rc = mc_key_to_jwk(a, &k, 0, false, out, err);
		mc_key_release(&k);
		return rc;
	}
	default:
		return mc_err_set(err, MC_EUNSUPPORTED, "no JWK form for %s keys",
		                  mc__codec_name(codec) ? mc__codec_name(codec) : "these");
	}
	unsigned char unc[1 + 2 * 66];
	size_t len;
	int rc = mc__ec_point_convert(curve, p, n, false, unc, sizeof(unc), &len, err);
	if (rc)
		return mc_err_prefix(err, "invalidPublicKey");
	mc__json_put_cstr(a, o, "kty", "EC");
	mc__json_put_cstr(a, o, "crv", curve);
	mc__json_put_b64u(a, o, "x", unc + 1, half);
	mc__json_put_b64u(a, o, "y", unc + 1 + half, half);
	*out = o;
	return 0;
}

/* A verification method for one key; *ctx gains the context its type needs. */
static int make_vm(struct mc_arena *a, const char *did, size_t did_len, uint64_t codec,
                   const unsigned char *p, size_t n, enum mc_did_key_format format, struct mc_json *ctx,
                   struct mc_json **out, struct mc_err *err)
{
	struct mc_json *vm = mc_json_new_object(a);
	struct mc_buf mb;
	const char *type = NULL, *context = NULL;
	bool multibase = false, base58 = false;
	int rc = 0;

	/* BLS12-381 G1+G2 pairs appear in JWK form as their G1 half alone (test vectors). */
	if (codec == MC_CODEC_BLS12381_G1G2_PUB && format == MC_DID_KEY_JWK_2020) {
		codec = MC_CODEC_BLS12381_G1_PUB;
		n = 48;
	}
	switch (format) {
	case MC_DID_KEY_MULTIKEY:
		type = "Multikey";
		context = CTX_MULTIKEY;
		multibase = true;
		break;
	case MC_DID_KEY_ED25519_2020:
		if (codec == MC_CODEC_ED25519_PUB) {
			type = "Ed25519VerificationKey2020";
			context = CTX_ED2020;
		} else if (codec == MC_CODEC_X25519_PUB) {
			type = "X25519KeyAgreementKey2020";
			context = CTX_X2020;
		}
		multibase = true;
		break;
	case MC_DID_KEY_JWK_2020:
		type = "JsonWebKey2020";
		context = CTX_JWS2020;
		break;
	case MC_DID_KEY_LEGACY:
		base58 = true;
		switch (codec) {
		case MC_CODEC_ED25519_PUB: type = "Ed25519VerificationKey2018", context = CTX_ED2018; break;
		case MC_CODEC_X25519_PUB: type = "X25519KeyAgreementKey2019", context = CTX_X2019; break;
		case MC_CODEC_SECP256K1_PUB:
			type = "EcdsaSecp256k1VerificationKey2019", context = CTX_SECP2019;
			break;
		case MC_CODEC_P256_PUB: type = "P256Key2021", context = CTX_MULTIKEY2021; break;
		case MC_CODEC_BLS12381_G1_PUB: type = "Bls12381G1Key2020", context = CTX_BLS2020; break;
		case MC_CODEC_BLS12381_G2_PUB: type = "Bls12381G2Key2020", context = CTX_BLS2020; break;
		default: break;
		}
		break;
	}
	if (!type)
		return mc_err_set(err, MC_EUNSUPPORTED, "unsupportedPublicKeyType: %s keys have no %s form",
		                  mc__codec_name(codec),
		                  format == MC_DID_KEY_ED25519_2020 ? "Ed25519VerificationKey2020"
		                                                    : "legacy");

	mc_buf_init(&mb, MC_BUF_NOLIMIT);
	mc__multikey_encode(&mb, codec, p, n);
	char *id = mc_arena_printf(a, "%.*s#%s", (int)did_len, did, mb.ptr);
	mc_json_set_string_ref(mc__json_put(a, vm, "id"), id, strlen(id));
	mc__json_put_cstr(a, vm, "type", type);
	mc__json_put_str(a, vm, "controller", did, did_len);
	if (multibase) {
		mc__json_put_str(a, vm, "publicKeyMultibase", mb.ptr, mb.len);
	} else if (base58) {
		mc_buf_clear(&mb);
		mc_base58btc_encode(&mb, p, n);
		mc__json_put_str(a, vm, "publicKeyBase58", mb.ptr, mb.len);
	} else {
		struct mc_json *jwk;
		rc = jwk_of(a, codec, p, n, &jwk, err);
		if (!rc)
			*mc__json_put(a, vm, "publicKeyJwk") = *jwk;
	}
	mc_buf_release(&mb);
	if (rc)
		return rc;
	add_context(a, ctx, context);
	*out = vm;
	return 0;
}

static void put_ref_list(struct mc_arena *a, struct mc_json *doc, const char *rel, const struct mc_json *vm)
{
	struct mc_json *arr = mc__json_put(a, doc, rel);
	mc_json_set_array(arr);
	mc_json_array_append(a, arr, mc_json_get(vm, "id"));
}

/* invalidPublicKey checks (§3.1.2 step 4) where the library can do them. */
static int check_key(const struct mc_did_key *dk, struct mc_err *err)
{
	switch (dk->codec) {
	case MC_CODEC_ED25519_PUB:
		mc__crypto_init();
		if (!crypto_core_ed25519_is_valid_point(dk->bytes))
			return mc_err_set(err, MC_EINVAL,
			                  "invalidPublicKey: the Ed25519 key is not a valid curve point");
		return 0;
	case MC_CODEC_RSA_PUB: {
		struct mc_key k;
		mc_key_init(&k);
		int rc = mc_key_from_public(&k, MC_KEY_RSA, dk->bytes, dk->len, err);
		mc_key_release(&k);
		return rc ? mc_err_prefix(err, "invalidPublicKey") : 0;
	}
	case MC_CODEC_P256_PUB:
	case MC_CODEC_P384_PUB:
	case MC_CODEC_P521_PUB:
	case MC_CODEC_SECP256K1_PUB: {
		const char *curve = dk->codec == MC_CODEC_P256_PUB   ? "P-256"
		                    : dk->codec == MC_CODEC_P384_PUB ? "P-384"
		                    : dk->codec == MC_CODEC_P521_PUB ? "P-521"
		                                                     : "secp256k1";
		unsigned char tmp[1 + 2 * 66];
		size_t len;
		if (mc__ec_point_convert(curve, dk->bytes, dk->len, false, tmp, sizeof(tmp), &len, err))
			return mc_err_prefix(err, "invalidPublicKey");
		return 0;
	}
	default: return 0; /* X25519: every 32-byte string is a key; BLS: not checked */
	}
}

int mc_did_key_resolve(struct mc_arena *a, const char *did, size_t n, const struct mc_did_key_opts *opts,
                       struct mc_json **doc_out, struct mc_err *err)
{
	static const struct mc_did_key_opts defaults = {MC_DID_KEY_MULTIKEY, false};
	struct mc_did_key dk;
	struct mc_json *vm = NULL, *xvm = NULL;
	int rc;

	if (!opts)
		opts = &defaults;
	rc = mc_did_key_decode(did, n, &dk, err);
	if (!rc)
		rc = check_key(&dk, err);
	if (rc)
		return rc;

	struct mc_json *doc = mc_json_new_object(a);
	struct mc_json *ctx = mc__json_put(a, doc, "@context");
	mc_json_set_array(ctx);
	add_context(a, ctx, CTX_DID);
	mc__json_put_str(a, doc, "id", did, dk.did_len);
	const char *id = mc_json_get(doc, "id")->v.str;

	rc = make_vm(a, id, dk.did_len, dk.codec, dk.bytes, dk.len, opts->format, ctx, &vm, err);
	if (rc)
		return rc;
	if (opts->derive_key_agreement && dk.codec == MC_CODEC_ED25519_PUB) {
		unsigned char x[32];
		if (crypto_sign_ed25519_pk_to_curve25519(x, dk.bytes) != 0)
			return mc_err_set(err, MC_EINVAL,
			                  "invalidPublicKey: cannot derive an X25519 key from it");
		rc = make_vm(a, id, dk.did_len, MC_CODEC_X25519_PUB, x, 32, opts->format, ctx, &xvm, err);
		if (rc)
			return rc;
	}
	struct mc_json *vms = mc__json_put(a, doc, "verificationMethod");
	mc_json_set_array(vms);
	mc_json_array_append(a, vms, vm);
	if (xvm)
		mc_json_array_append(a, vms, xvm);

	/* X25519 keys only agree on keys; every other key signs. */
	if (dk.codec != MC_CODEC_X25519_PUB) {
		put_ref_list(a, doc, "authentication", vm);
		put_ref_list(a, doc, "assertionMethod", vm);
		put_ref_list(a, doc, "capabilityDelegation", vm);
		put_ref_list(a, doc, "capabilityInvocation", vm);
	}
	/* Key agreement: the derived X25519 key; X25519 itself; and, as the published
	 * vectors do, the ECDH-capable curves and RSA list their own key. */
	switch (dk.codec) {
	case MC_CODEC_X25519_PUB:
	case MC_CODEC_P256_PUB:
	case MC_CODEC_P384_PUB:
	case MC_CODEC_P521_PUB:
	case MC_CODEC_SECP256K1_PUB:
	case MC_CODEC_RSA_PUB: put_ref_list(a, doc, "keyAgreement", vm); break;
	case MC_CODEC_ED25519_PUB:
		if (xvm)
			put_ref_list(a, doc, "keyAgreement", xvm);
		break;
	default: break;
	}
	*doc_out = doc;
	return 0;
}
