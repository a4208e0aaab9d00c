/* Data Integrity proofs: what signing and verifying share — cryptosuite names,
 * shallow document views, and the hash data (VC DI EdDSA §3.2.3-3.2.5, §3.3.3-3.3.5). */
#include <openssl/evp.h>
#include <pthread.h>
#include <string.h>

#include "canon/jsonld_memo.h"
#include "vc/proof_internal.h"

/* SHA-256 through a digest fetched once: the one-shot SHA256() looks the
 * algorithm up again on every call in OpenSSL 3. */
static EVP_MD *g_sha256;
static pthread_once_t g_sha256_once = PTHREAD_ONCE_INIT;

static void sha256_fetch(void)
{
	g_sha256 = EVP_MD_fetch(NULL, "SHA2-256", NULL);
}

static int sha256_two(const struct mc_buf *x, size_t x_start, const struct mc_buf *y, size_t y_start,
                      unsigned char hash[64], struct mc_err *err)
{
	pthread_once(&g_sha256_once, sha256_fetch);
	EVP_MD_CTX *ctx = g_sha256 ? EVP_MD_CTX_new() : NULL;
	bool ok = ctx && EVP_DigestInit_ex2(ctx, g_sha256, NULL) == 1 &&
	          EVP_DigestUpdate(ctx, x->ptr + x_start, x->len - x_start) == 1 &&
	          EVP_DigestFinal_ex(ctx, hash, NULL) == 1 && EVP_DigestInit_ex2(ctx, g_sha256, NULL) == 1 &&
	          EVP_DigestUpdate(ctx, y->ptr + y_start, y->len - y_start) == 1 &&
	          EVP_DigestFinal_ex(ctx, hash + 32, NULL) == 1;
	EVP_MD_CTX_free(ctx);
	if (!ok)
		return mc_err_set(err, MC_EIO, "SHA-256 is not available from OpenSSL; check its providers");
	return 0;
}

const char *mc_cryptosuite_name(enum mc_cryptosuite s)
{
	switch (s) {
	case MC_CRYPTOSUITE_EDDSA_RDFC_2022: return "eddsa-rdfc-2022";
	case MC_CRYPTOSUITE_EDDSA_JCS_2022: return "eddsa-jcs-2022";
	case MC_CRYPTOSUITE_ED25519_SIGNATURE_2020: return "Ed25519Signature2020";
	case MC_CRYPTOSUITE_NONE: break;
	}
	return "none";
}

int mc_cryptosuite_parse(const char *s, enum mc_cryptosuite *out, struct mc_err *err)
{
	if (strcmp(s, "eddsa-rdfc-2022") == 0 || strcmp(s, "rdfc") == 0)
		*out = MC_CRYPTOSUITE_EDDSA_RDFC_2022;
	else if (strcmp(s, "eddsa-jcs-2022") == 0 || strcmp(s, "jcs") == 0)
		*out = MC_CRYPTOSUITE_EDDSA_JCS_2022;
	else if (strcmp(s, "Ed25519Signature2020") == 0)
		*out = MC_CRYPTOSUITE_ED25519_SIGNATURE_2020;
	else
		return mc_err_set(
		    err, MC_EINVAL,
		    "unknown cryptosuite \"%s\"; expected eddsa-rdfc-2022 (rdfc) or eddsa-jcs-2022 (jcs)", s);
	return 0;
}

static bool key_in(struct mc_slice k, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (mc_slice_eq_cstr(k, keys[i]))
			return true;
	return false;
}

struct mc_json *mc__json_without(struct mc_arena *a, const struct mc_json *obj, const char *const *keys,
                                 size_t n)
{
	uint32_t drop = 0;
	for (uint32_t i = 0; i < obj->len; i++)
		drop += key_in(obj->v.members[i].key, keys, n);
	if (drop == 0)
		return (struct mc_json *)obj;
	struct mc_json *view = MC_ARENA_NEW(a, struct mc_json);
	view->type = MC_JSON_OBJECT;
	view->v.members = MC_ARENA_NEW_ARRAY(a, struct mc_json_member, obj->len - drop ? obj->len - drop : 1);
	for (uint32_t i = 0; i < obj->len; i++)
		if (!key_in(obj->v.members[i].key, keys, n))
			view->v.members[view->len++] = obj->v.members[i];
	view->n.cap = view->len;
	return view;
}

struct mc_json *mc__json_with(struct mc_arena *a, const struct mc_json *obj, const char *key,
                              const struct mc_json *value)
{
	struct mc_json *view = MC_ARENA_NEW(a, struct mc_json);
	view->type = MC_JSON_OBJECT;
	view->v.members = MC_ARENA_NEW_ARRAY(a, struct mc_json_member, obj->len + 1);
	bool replaced = false;
	for (uint32_t i = 0; i < obj->len; i++) {
		view->v.members[i] = obj->v.members[i];
		if (mc_slice_eq_cstr(obj->v.members[i].key, key)) {
			view->v.members[i].value = *value;
			replaced = true;
		}
	}
	view->len = obj->len;
	if (!replaced) {
		struct mc_json_member *m = &view->v.members[view->len++];
		m->key = mc_slice_of(key);
		m->value = *value;
	}
	view->n.cap = obj->len + 1;
	return view;
}

const struct mc_json *mc__proof_list(const struct mc_json *proof, size_t *n)
{
	if (mc_json_is_array(proof)) {
		*n = proof->len;
		return proof->v.items;
	}
	*n = proof && !mc_json_is_null(proof) ? 1 : 0;
	return *n ? proof : NULL;
}

/* True when ctx (a string or an array) contains the context URL. */
static bool context_has(const struct mc_json *ctx, const char *url)
{
	if (mc_json_is_string(ctx))
		return strcmp(ctx->v.str, url) == 0;
	if (mc_json_is_array(ctx))
		for (uint32_t i = 0; i < ctx->len; i++)
			if (mc_json_is_string(&ctx->v.items[i]) && strcmp(ctx->v.items[i].v.str, url) == 0)
				return true;
	return false;
}

/* The proof configuration for the RDF suites: the proof options with the document's
 * @context (VC DI EdDSA §3.2.5 step 4). A proof that brings its own @context keeps it,
 * as Digital Bazaar's implementation does. Ed25519Signature2020 proof terms are
 * defined by their suite context; a document that lacks it gets it appended, so the
 * proof type does not become a relative IRI. */
static const struct mc_json *rdf_config(struct mc_arena *a, enum mc_cryptosuite suite,
                                        const struct mc_json *doc, const struct mc_json *config)
{
	const struct mc_json *ctx = mc_json_get(config, "@context");
	if (!ctx)
		ctx = mc_json_get(doc, "@context");
	if (suite == MC_CRYPTOSUITE_ED25519_SIGNATURE_2020 && !context_has(ctx, MC__ED25519_2020_CONTEXT)) {
		struct mc_json *arr = mc_json_new_array(a);
		if (mc_json_is_array(ctx))
			for (uint32_t i = 0; i < ctx->len; i++)
				mc_json_array_append(a, arr, &ctx->v.items[i]);
		else if (ctx)
			mc_json_array_append(a, arr, ctx);
		struct mc_json url;
		mc_json_set_string_ref(&url, MC__ED25519_2020_CONTEXT, strlen(MC__ED25519_2020_CONTEXT));
		mc_json_array_append(a, arr, &url);
		ctx = arr;
	}
	if (!ctx || ctx == mc_json_get(config, "@context"))
		return config;
	return mc__json_with(a, config, "@context", ctx);
}

int mc_proof_hash_data(struct mc_arena *a, enum mc_cryptosuite suite, const struct mc_json *doc,
                       const struct mc_json *config, const struct mc_jsonld_opts *jsonld,
                       unsigned char hash[64], struct mc_proof_trace *trace, struct mc_err *err)
{
	struct mc_buf local_doc, local_cfg;
	struct mc_buf *cdoc = trace && trace->canonical_document ? trace->canonical_document : &local_doc;
	struct mc_buf *ccfg = trace && trace->canonical_config ? trace->canonical_config : &local_cfg;
	size_t doc_start, cfg_start;
	int rc;

	mc_buf_init(&local_doc, MC_BUF_NOLIMIT);
	mc_buf_init(&local_cfg, MC_BUF_NOLIMIT);
	doc_start = cdoc->len;
	cfg_start = ccfg->len;
	if (!mc_json_is_object(doc) || !mc_json_is_object(config)) {
		rc = mc_err_set(err, MC_EINVAL, "the document and the proof must be JSON objects");
		goto out;
	}
	switch (suite) {
	case MC_CRYPTOSUITE_EDDSA_RDFC_2022:
	case MC_CRYPTOSUITE_ED25519_SIGNATURE_2020:
		config = rdf_config(a, suite, doc, config);
		/* Proof configurations of one issuer share their shape: with the Data
		 * Integrity defaults, a remembered canonical form is filled in. */
		rc = jsonld ? mc_jsonld_canonize(a, config, jsonld, ccfg, err)
		            : mc__jsonld_canonize_memo(a, config, ccfg, err);
		if (rc) {
			mc_err_prefix(err, "the proof configuration cannot be canonicalized");
			goto out;
		}
		rc = mc_jsonld_canonize(a, doc, jsonld, cdoc, err);
		if (rc) {
			mc_err_prefix(err, "the document cannot be canonicalized");
			goto out;
		}
		break;
	case MC_CRYPTOSUITE_EDDSA_JCS_2022: {
		/* §3.3.2 step 4.2: the document is hashed with the proof's @context, which
		 * the verifier has checked is a prefix of the document's own. */
		const struct mc_json *ctx = mc_json_get(config, "@context");
		if (ctx)
			doc = mc__json_with(a, doc, "@context", ctx);
		rc = mc_jcs_write(ccfg, config, err);
		if (!rc)
			rc = mc_jcs_write(cdoc, doc, err);
		if (rc)
			goto out;
		break;
	}
	default:
		rc = mc_err_set(err, MC_EUNSUPPORTED, "cryptosuite %s cannot be hashed",
		                mc_cryptosuite_name(suite));
		goto out;
	}
	rc = sha256_two(ccfg, cfg_start, cdoc, doc_start, hash, err);
	if (rc)
		goto out;
	if (trace) {
		memcpy(trace->config_hash, hash, 32);
		memcpy(trace->document_hash, hash + 32, 32);
	}
	rc = 0;
out:
	mc_buf_release(&local_cfg);
	mc_buf_release(&local_doc);
	return rc;
}
