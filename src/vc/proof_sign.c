/* Adding a Data Integrity proof (VC Data Integrity §4.2 Add Proof, §4.3 Add Proof
 * Set/Chain; VC DI EdDSA §3.2.1 / §3.3.1 Create Proof). */
#include <string.h>

#include "microcred/encoding.h"

#include "vc/proof_internal.h"

static void put_str(struct mc_arena *a, struct mc_json *obj, const char *key, const char *val)
{
	struct mc_json *v = mc_json_object_push_ref(a, obj, key, strlen(key));
	mc_json_set_string(a, v, val, strlen(val));
}

/* The proofs of all that previous names, in document order; an error names the first
 * id not found. */
static int matching_proofs(struct mc_arena *a, const struct mc_json *all, size_t n, const char *const *ids,
                           size_t n_ids, struct mc_json **out, struct mc_err *err)
{
	struct mc_json *arr = mc_json_new_array(a);
	for (size_t j = 0; j < n_ids; j++) {
		bool found = false;
		for (size_t i = 0; i < n && !found; i++) {
			const char *pid = mc_json_get_str(&all[i], "id");
			found = pid && strcmp(pid, ids[j]) == 0;
		}
		if (!found)
			return mc_err_set(
			    err, MC_EINVAL,
			    "previous proof \"%s\" is not in the document: a proof chain can only build "
			    "on a proof the document already has (give its \"id\")",
			    ids[j]);
	}
	for (size_t i = 0; i < n; i++) {
		const char *pid = mc_json_get_str(&all[i], "id");
		for (size_t j = 0; pid && j < n_ids; j++)
			if (strcmp(pid, ids[j]) == 0) {
				mc_json_array_append(a, arr, &all[i]);
				break;
			}
	}
	*out = arr;
	return 0;
}

int mc_proof_add(struct mc_arena *a, const struct mc_json *doc, const struct mc_key *key,
                 const struct mc_proof_opts *opts, struct mc_json **signed_doc, struct mc_err *err)
{
	static const struct mc_proof_opts defaults = {0};
	static const char *const proof_key[] = {"proof"};
	struct mc_buf text;
	unsigned char hash[64], sig[MC_KEY_SIG_MAX];
	size_t sig_len = 0;
	int rc;

	if (!opts)
		opts = &defaults;
	*signed_doc = NULL;
	if (!mc_json_is_object(doc))
		return mc_err_set(err, MC_EINVAL, "only a JSON object can be signed, not %s",
		                  doc ? mc_json_type_name((enum mc_json_type)doc->type) : "nothing");
	if (key->type != MC_KEY_ED25519)
		return mc_err_set(err, MC_EINVAL,
		                  "Data Integrity eddsa proofs need an Ed25519 key, not %s; make one with "
		                  "'microcred keys new --type ed25519'",
		                  mc_key_type_name(key->type));
	if (!key->has_secret)
		return mc_err_set(err, MC_EINVAL,
		                  "the key is a public key: signing needs the key file with its secret "
		                  "(secretKeyMultibase)");
	enum mc_cryptosuite suite = opts->cryptosuite ? opts->cryptosuite : MC_CRYPTOSUITE_EDDSA_RDFC_2022;
	if (suite != MC_CRYPTOSUITE_EDDSA_RDFC_2022 && suite != MC_CRYPTOSUITE_EDDSA_JCS_2022)
		return mc_err_set(
		    err, MC_EUNSUPPORTED,
		    "%s proofs can be verified but not made; sign with eddsa-rdfc-2022 or eddsa-jcs-2022",
		    mc_cryptosuite_name(suite));

	mc_buf_init(&text, 4096);
	/* created: whole seconds in UTC, as the JS reference writes it. */
	const char *created = opts->created;
	struct mc_time t;
	if (created) {
		if ((rc = mc_time_parse(&t, created, strlen(created), err)) != 0) {
			mc_err_prefix(err, "created");
			goto out;
		}
	} else {
		t = mc_time_now();
		if ((rc = mc_time_format(&text, &t)) != 0)
			goto out;
		created = mc_arena_strdup(a, text.ptr);
		mc_buf_clear(&text);
	}
	if (opts->expires && (rc = mc_time_parse(&t, opts->expires, strlen(opts->expires), err)) != 0) {
		mc_err_prefix(err, "expires");
		goto out;
	}
	const char *vm = opts->verification_method ? opts->verification_method : key->id;
	if (!vm) {
		if ((rc = mc_key_public_multibase(key, &text)) != 0)
			goto out;
		vm = mc_arena_printf(a, "did:key:%s#%s", text.ptr, text.ptr);
		mc_buf_clear(&text);
	}

	/* The existing proofs, and the document they secure. */
	size_t n_all;
	const struct mc_json *all = mc__proof_list(mc_json_get(doc, "proof"), &n_all);
	for (size_t i = 0; i < n_all; i++)
		if (!mc_json_is_object(&all[i])) {
			rc = mc_err_set(err, MC_EINVAL, "the document's proof[%zu] is not an object", i);
			goto out;
		}
	const struct mc_json *input = mc__json_without(a, doc, proof_key, 1);
	const char *const *prev = opts->previous_proofs;
	size_t n_prev = opts->n_previous_proofs;
	if (!prev && opts->previous_proof) {
		prev = &opts->previous_proof;
		n_prev = 1;
	}
	if (n_prev) {
		struct mc_json *matching = NULL;
		if ((rc = matching_proofs(a, all, n_all, prev, n_prev, &matching, err)) != 0)
			goto out;
		input = mc__json_with(a, input, "proof", matching);
	}

	/* The proof, in the member order Digital Bazaar's libraries write (so that our output
	 * and the JS reference's are the same bytes). */
	struct mc_json *proof = mc_json_new_object(a);
	put_str(a, proof, "type", "DataIntegrityProof");
	if (opts->id)
		put_str(a, proof, "id", opts->id);
	put_str(a, proof, "created", created);
	if (opts->expires)
		put_str(a, proof, "expires", opts->expires);
	put_str(a, proof, "verificationMethod", vm);
	put_str(a, proof, "cryptosuite", mc_cryptosuite_name(suite));
	put_str(a, proof, "proofPurpose", opts->proof_purpose ? opts->proof_purpose : "assertionMethod");
	if (opts->domain)
		put_str(a, proof, "domain", opts->domain);
	if (opts->challenge)
		put_str(a, proof, "challenge", opts->challenge);
	if (opts->nonce)
		put_str(a, proof, "nonce", opts->nonce);
	if (n_prev == 1 && !opts->previous_proofs) {
		put_str(a, proof, "previousProof", prev[0]);
	} else if (n_prev) {
		struct mc_json *arr = mc_json_object_push_ref(a, proof, "previousProof", 13);
		mc_json_set_array(arr);
		for (size_t i = 0; i < n_prev; i++)
			mc_json_set_string(a, mc_json_array_push(a, arr), prev[i], strlen(prev[i]));
	}
	const struct mc_json *ctx = mc_json_get(doc, "@context");
	if (suite == MC_CRYPTOSUITE_EDDSA_JCS_2022 && ctx) /* §3.3.1 step 2 */
		*mc_json_object_push_ref(a, proof, "@context", 8) = *ctx;

	if ((rc = mc_proof_hash_data(a, suite, input, proof, opts->jsonld, hash, opts->trace, err)) != 0)
		goto out;
	if ((rc = mc_key_sign(key, hash, sizeof(hash), sig, &sig_len, err)) != 0)
		goto out;
	if (opts->trace)
		memcpy(opts->trace->signature, sig, 64);
	if ((rc = mc_multibase_encode(&text, MC_MULTIBASE_BASE58BTC, sig, sig_len)) != 0)
		goto out;
	put_str(a, proof, "proofValue", text.ptr);

	/* The secured document: the proof joins any earlier ones, where "proof" was. */
	if (n_all == 0) {
		*signed_doc = mc__json_with(a, doc, "proof", proof);
	} else {
		struct mc_json *arr = mc_json_new_array(a);
		for (size_t i = 0; i < n_all; i++)
			mc_json_array_append(a, arr, &all[i]);
		mc_json_array_append(a, arr, proof);
		*signed_doc = mc__json_with(a, doc, "proof", arr);
	}
	rc = 0;
out:
	mc_buf_release(&text);
	return rc;
}
