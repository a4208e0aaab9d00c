/* Verifying Data Integrity proofs (VC Data Integrity §4.4 Verify Proof, §4.5 Verify
 * Proof Sets and Chains; VC DI EdDSA §3.2.2 / §3.3.2 Verify Proof). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "microcred/encoding.h"

#include "vc/proof_internal.h"

/* Clock skew tolerated before a proof "created" in the future draws a warning. */
#define CREATED_SKEW_SECONDS 300

struct ctx {
	struct mc_arena *a;
	struct mc_report *report;
	const struct mc_proof_verify_opts *opts;
	const struct mc_resolver *resolver;
	const struct mc_json *unsecured; /* the document without "proof" (a view) */
	const struct mc_json *all;       /* the proofs */
	size_t n;
	struct mc_time now;
};

struct one {
	size_t index;
	struct mc_proof_result *res;
	bool failed_rule;      /* some check other than the signature failed */
	bool bad_signature;    /* the signature was checked and does not match */
	const char *first_msg; /* the first failure */
};

static void check(struct ctx *c, struct one *o, const char *what, enum mc_check_status st, const char *fmt,
                  ...) __attribute__((format(printf, 5, 6)));

static void check(struct ctx *c, struct one *o, const char *what, enum mc_check_status st, const char *fmt,
                  ...)
{
	/* Formatted once, into a stack buffer when it fits (every message but one
	 * naming a huge key id does): each vsnprintf costs a fair share of a fast
	 * verification. */
	char buf[512], *msg;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(buf)) {
		msg = mc_arena_memdup(c->a, buf, (size_t)n + 1);
	} else {
		va_start(ap, fmt);
		msg = mc_arena_vprintf(c->a, fmt, ap);
		va_end(ap);
	}
	if (c->report) {
		/* "proof[N].what" without snprintf */
		char id[64], digits[24];
		size_t len = 0, nd = 0, wl = strlen(what);
		size_t v = o->index;
		do {
			digits[nd++] = (char)('0' + v % 10);
			v /= 10;
		} while (v);
		if (wl > sizeof(id) - nd - 10)
			wl = sizeof(id) - nd - 10;
		memcpy(id, "proof[", 6);
		len = 6;
		while (nd)
			id[len++] = digits[--nd];
		id[len++] = ']';
		id[len++] = '.';
		memcpy(id + len, what, wl);
		id[len + wl] = '\0';
		/* the report may live in an arena of its own */
		mc_report_put(c->report, id, len + wl, st,
		              c->report->arena == c->a ? msg : mc_arena_strdup(c->report->arena, msg));
	}
	if (st == MC_CHECK_SKIPPED && !o->first_msg)
		o->first_msg = msg;
	if (st == MC_CHECK_FAILED) {
		if (strcmp(what, "signature") == 0)
			o->bad_signature = true;
		else
			o->failed_rule = true;
		if (!o->first_msg)
			o->first_msg = msg;
	}
}

/* A failure that stops the checks of this proof (malformed, unknown key...). */
static void fail_rule(struct ctx *c, struct one *o, const char *what, const char *msg)
{
	check(c, o, what, MC_CHECK_FAILED, "%s", msg);
}

static enum mc_cryptosuite suite_of(const char *type, const char *cs)
{
	if (type && strcmp(type, "DataIntegrityProof") == 0 && cs) {
		/* "eddsa-2022" is the draft name of eddsa-rdfc-2022 (same algorithm), still
		 * found on credentials issued in 2023. */
		if (strcmp(cs, "eddsa-rdfc-2022") == 0 || strcmp(cs, "eddsa-2022") == 0)
			return MC_CRYPTOSUITE_EDDSA_RDFC_2022;
		if (strcmp(cs, "eddsa-jcs-2022") == 0)
			return MC_CRYPTOSUITE_EDDSA_JCS_2022;
	}
	if (type && strcmp(type, "Ed25519Signature2020") == 0)
		return MC_CRYPTOSUITE_ED25519_SIGNATURE_2020;
	return MC_CRYPTOSUITE_NONE;
}

/* The ids a previousProof value names (a string or an array of strings). */
static int previous_ids(struct ctx *c, const struct mc_json *prev, const char ***ids, size_t *n)
{
	*n = 0;
	*ids = NULL;
	if (!prev)
		return 0;
	if (mc_json_is_string(prev)) {
		*ids = MC_ARENA_NEW_ARRAY(c->a, const char *, 1);
		(*ids)[(*n)++] = prev->v.str;
		return 0;
	}
	if (!mc_json_is_array(prev))
		return -1;
	*ids = MC_ARENA_NEW_ARRAY(c->a, const char *, prev->len ? prev->len : 1);
	for (uint32_t i = 0; i < prev->len; i++) {
		if (!mc_json_is_string(&prev->v.items[i]))
			return -1;
		(*ids)[(*n)++] = prev->v.items[i].v.str;
	}
	return 0;
}

static ssize_t find_proof(struct ctx *c, const char *id)
{
	for (size_t i = 0; i < c->n; i++) {
		const char *pid = mc_json_get_str(&c->all[i], "id");
		if (pid && strcmp(pid, id) == 0)
			return (ssize_t)i;
	}
	return -1;
}

/* JCS §3.3.2 step 4.1: the document's @context must start with the proof's. */
static bool context_prefix(const struct mc_json *proof_ctx, const struct mc_json *doc_ctx)
{
	size_t np, nd;
	const struct mc_json *p = mc__proof_list(proof_ctx, &np);
	const struct mc_json *d = mc__proof_list(doc_ctx, &nd);
	if (np > nd)
		return false;
	for (size_t i = 0; i < np; i++)
		if (!mc_json_equal(&p[i], &d[i]))
			return false;
	return true;
}

static const char *who(const struct mc_proof_result *r)
{
	return r->controller ? r->controller : r->verification_method;
}

static void time_checks(struct ctx *c, struct one *o, const struct mc_json *proof)
{
	struct mc_err terr = {0};
	struct mc_time t;
	struct mc_buf fmt;
	const struct mc_json *created = mc_json_get(proof, "created");
	const struct mc_json *expires = mc_json_get(proof, "expires");

	mc_buf_init(&fmt, 64);
	if (created) {
		if (!mc_json_is_string(created) ||
		    mc_time_parse(&t, created->v.str, created->len, &terr) != 0) {
			check(c, o, "created", MC_CHECK_FAILED,
			      "The proof's creation time is not a valid date and time (%s).",
			      mc_json_is_string(created) ? terr.msg : "not a string");
		} else {
			mc_time_format(&fmt, &t);
			if (t.sec > c->now.sec + CREATED_SKEW_SECONDS)
				check(c, o, "created", MC_CHECK_WARNING,
				      "The proof claims to have been created on %s, which is in the future.",
				      fmt.ptr);
			else
				check(c, o, "created", MC_CHECK_PASSED, "The proof was created on %s.",
				      fmt.ptr);
		}
	}
	mc_buf_clear(&fmt);
	if (expires) {
		if (!mc_json_is_string(expires) ||
		    mc_time_parse(&t, expires->v.str, expires->len, &terr) != 0) {
			check(c, o, "expires", MC_CHECK_FAILED,
			      "The proof's expiry time is not a valid date and time (%s).",
			      mc_json_is_string(expires) ? terr.msg : "not a string");
		} else {
			mc_time_format(&fmt, &t);
			if (mc_time_cmp(&t, &c->now) <= 0)
				check(c, o, "expires", MC_CHECK_FAILED, "The proof expired on %s.", fmt.ptr);
			else
				check(c, o, "expires", MC_CHECK_PASSED, "The proof is valid until %s.",
				      fmt.ptr);
		}
	}
	mc_buf_release(&fmt);
}

static bool string_in(const struct mc_json *v, const char *s)
{
	size_t n;
	const struct mc_json *items = mc__proof_list(v, &n);
	for (size_t i = 0; i < n; i++)
		if (mc_json_is_string(&items[i]) && strcmp(items[i].v.str, s) == 0)
			return true;
	return false;
}

/* Checks one proof on its own (its chain is settled afterwards). */
static void verify_one(struct ctx *c, struct one *o)
{
	static const char *const strip[] = {"proofValue", "jws", "signatureValue"};
	const struct mc_json *proof = &c->all[o->index];
	struct mc_proof_result *r = o->res;
	struct mc_err err = {0};
	struct mc_resolved_method m;
	struct mc_buf sig;
	bool have_method = false;
	unsigned char hash[64];

	memset(&m, 0, sizeof(m));
	mc_buf_init(&sig, 1024);
	if (!mc_json_is_object(proof)) {
		fail_rule(c, o, "format", "The proof is not a JSON object, so it cannot be checked.");
		goto out;
	}
	r->type = mc_json_get_str(proof, "type");
	r->id = mc_json_get_str(proof, "id");
	r->verification_method = mc_json_get_str(proof, "verificationMethod");
	r->purpose = mc_json_get_str(proof, "proofPurpose");
	const char *cs = mc_json_get_str(proof, "cryptosuite");
	r->cryptosuite = cs ? cs : r->type;
	enum mc_cryptosuite suite = suite_of(r->type, cs);
	if (suite == MC_CRYPTOSUITE_NONE) {
		r->status = MC_PROOF_UNSUPPORTED;
		check(c, o, "type", MC_CHECK_SKIPPED,
		      "The proof of type %s%s%s is of a kind microcred cannot check, so it was not verified.",
		      r->type ? r->type : "(none)", cs ? " with cryptosuite " : "", cs ? cs : "");
		goto out;
	}
	const struct mc_json *pv = mc_json_get(proof, "proofValue");
	if (!r->verification_method || !r->purpose || !mc_json_is_string(pv)) {
		fail_rule(c, o, "format",
		          mc_arena_printf(c->a, "The proof has no %s, so it cannot be checked.",
		                          !r->verification_method
		                              ? "verificationMethod (the key to check it with)"
		                          : !r->purpose ? "proofPurpose"
		                                        : "proofValue (the signature)"));
		goto out;
	}

	/* Purpose, times, domain and challenge: rules on the proof itself. */
	const char *want = c->opts->expected_purpose ? c->opts->expected_purpose : "assertionMethod";
	if (strcmp(r->purpose, want) == 0)
		check(c, o, "purpose", MC_CHECK_PASSED, "The proof was made for %s%s.", want,
		      strcmp(want, "assertionMethod") == 0 ? " (issuing a credential)" : "");
	else
		check(c, o, "purpose", MC_CHECK_FAILED,
		      "The proof was made for %s, not for %s: it must not be used for this.", r->purpose,
		      want);
	time_checks(c, o, proof);
	if (c->opts->domain) {
		if (string_in(mc_json_get(proof, "domain"), c->opts->domain))
			check(c, o, "domain", MC_CHECK_PASSED, "The proof is meant for %s.", c->opts->domain);
		else
			check(c, o, "domain", MC_CHECK_FAILED,
			      "The proof is not meant for %s: it was made for another site or use.",
			      c->opts->domain);
	}
	if (c->opts->challenge) {
		const char *ch = mc_json_get_str(proof, "challenge");
		if (ch && strcmp(ch, c->opts->challenge) == 0)
			check(c, o, "challenge", MC_CHECK_PASSED,
			      "The proof answers the expected challenge.");
		else
			check(c, o, "challenge", MC_CHECK_FAILED,
			      "The proof does not answer the expected challenge: it may be a replay.");
	}

	/* The document this proof secures: without proofs, plus those it builds on. */
	const struct mc_json *input = c->unsecured;
	const char **ids;
	size_t n_ids;
	if (previous_ids(c, mc_json_get(proof, "previousProof"), &ids, &n_ids) != 0) {
		fail_rule(c, o, "chain", "The proof's previousProof must be a proof id or a list of them.");
		goto out;
	}
	if (n_ids) {
		struct mc_json *matching = mc_json_new_array(c->a);
		for (size_t j = 0; j < n_ids; j++)
			if (find_proof(c, ids[j]) < 0) {
				fail_rule(
				    c, o, "chain",
				    mc_arena_printf(c->a,
				                    "The proof builds on the proof %s, which is not in the "
				                    "credential: an earlier signature was removed.",
				                    ids[j]));
				goto out;
			}
		for (size_t i = 0; i < c->n; i++) {
			const char *pid = mc_json_get_str(&c->all[i], "id");
			for (size_t j = 0; pid && j < n_ids; j++)
				if (strcmp(pid, ids[j]) == 0) {
					mc_json_array_append(c->a, matching, &c->all[i]);
					break;
				}
		}
		input = mc__json_with(c->a, input, "proof", matching);
	}
	const struct mc_json *config = mc__json_without(c->a, proof, strip, 3);
	if (suite == MC_CRYPTOSUITE_EDDSA_JCS_2022) {
		const struct mc_json *pctx = mc_json_get(config, "@context");
		if (pctx && !context_prefix(pctx, mc_json_get(input, "@context"))) {
			fail_rule(c, o, "signature",
			          "The proof's @context is not the start of the credential's @context: the "
			          "credential's contexts were changed after signing.");
			goto out;
		}
	}

	/* The signature bytes. */
	if (pv->len < 2 || pv->v.str[0] != 'z' ||
	    mc_base58btc_decode(&sig, pv->v.str + 1, pv->len - 1, &err) != 0 || sig.len != 64) {
		fail_rule(
		    c, o, "format",
		    "The proof value is not an Ed25519 signature written in base58btc ('z' followed by 64 "
		    "bytes), so it cannot be checked.");
		goto out;
	}

	/* The key, and whether its controller allows this use. */
	if (!c->resolver || !c->resolver->method) {
		fail_rule(c, o, "method",
		          mc_arena_printf(c->a,
		                          "The key %s could not be looked up: no key resolver was given.",
		                          r->verification_method));
		goto out;
	}
	int rc = c->resolver->method(c->resolver->ctx, r->verification_method, c->a, &m, &err);
	if (rc) {
		fail_rule(c, o, "method",
		          mc_arena_printf(c->a, "The key %s could not be found (%s).", r->verification_method,
		                          err.msg[0] ? err.msg : mc_err_name(rc)));
		goto out;
	}
	have_method = true;
	r->controller = m.controller ? mc_arena_strdup(c->a, m.controller) : NULL;
	if (m.key.type != MC_KEY_ED25519) {
		fail_rule(c, o, "method",
		          mc_arena_printf(c->a, "The key %s is a %s key; %s proofs need an Ed25519 key.",
		                          r->verification_method, mc_key_type_name(m.key.type),
		                          mc_cryptosuite_name(suite)));
		goto out;
	}
	if (strcmp(r->purpose, "assertionMethod") == 0) {
		if (m.assertion_method)
			check(c, o, "method", MC_CHECK_PASSED,
			      "The key %s belongs to %s, which authorises it to issue credentials.",
			      r->verification_method, who(r));
		else
			check(
			    c, o, "method", MC_CHECK_FAILED,
			    "The key %s is not authorised by %s to issue credentials (it is not listed as an "
			    "assertionMethod).",
			    r->verification_method, who(r));
	} else {
		check(c, o, "method", MC_CHECK_WARNING,
		      "The key %s belongs to %s; whether it is authorised for %s was not checked.",
		      r->verification_method, who(r), r->purpose);
	}

	/* The signature over the hash data. */
	if (mc_proof_hash_data(
	        c->a, suite, input, config, c->opts->jsonld, hash,
	        c->opts->trace && c->opts->trace_index == (int)o->index ? c->opts->trace : NULL, &err) != 0) {
		fail_rule(
		    c, o, "signature",
		    mc_arena_printf(c->a,
		                    "The signature could not be checked: %s. The credential uses terms or "
		                    "values its JSON-LD contexts do not define.",
		                    err.msg));
		o->bad_signature = false; /* not a mismatch: the data could not be processed */
		o->failed_rule = true;
		goto out;
	}
	if (mc_ed25519_verify(m.key.pub, hash, sizeof(hash), (const unsigned char *)sig.ptr) == 0)
		check(
		    c, o, "signature", MC_CHECK_PASSED,
		    "The signature by %s is valid: the credential has not been changed since it was signed.",
		    who(r));
	else
		check(c, o, "signature", MC_CHECK_FAILED,
		      "The signature does not match: the credential was changed after signing, or it was "
		      "signed with another key.");
out:
	if (have_method)
		mc_key_release(&m.key);
	mc_buf_release(&sig);
	if (r->status != MC_PROOF_UNSUPPORTED)
		r->status = o->failed_rule     ? MC_PROOF_ERROR
		            : o->bad_signature ? MC_PROOF_BAD_SIGNATURE
		                               : MC_PROOF_VERIFIED;
	r->message = o->first_msg;
}

/* A proof in a chain counts only when the proofs it builds on do (§4.5). */
static void settle_chains(struct ctx *c, struct one *ones)
{
	bool changed = true;
	for (size_t round = 0; changed && round <= c->n; round++) {
		changed = false;
		for (size_t i = 0; i < c->n; i++) {
			struct mc_proof_result *r = ones[i].res;
			const char **ids;
			size_t n_ids;
			if (r->status != MC_PROOF_VERIFIED ||
			    previous_ids(c, mc_json_get(&c->all[i], "previousProof"), &ids, &n_ids) != 0)
				continue;
			for (size_t j = 0; j < n_ids; j++) {
				ssize_t k = find_proof(c, ids[j]);
				if (k >= 0 && ones[k].res->status != MC_PROOF_VERIFIED) {
					r->status = MC_PROOF_ERROR;
					r->message = mc_arena_printf(
					    c->a, "The proof builds on the proof %s, which is not valid.",
					    ids[j]);
					changed = true;
					break;
				}
			}
		}
	}
	for (size_t i = 0; i < c->n; i++) {
		const char **ids;
		size_t n_ids;
		struct one *o = &ones[i];
		if (!mc_json_is_object(&c->all[i]) || o->res->status == MC_PROOF_UNSUPPORTED ||
		    o->failed_rule || o->bad_signature ||
		    previous_ids(c, mc_json_get(&c->all[i], "previousProof"), &ids, &n_ids) != 0 ||
		    n_ids == 0)
			continue;
		if (o->res->status == MC_PROOF_VERIFIED)
			check(c, o, "chain", MC_CHECK_PASSED,
			      "The proof builds on %zu earlier proof%s, and %s valid.", n_ids,
			      n_ids == 1 ? "" : "s", n_ids == 1 ? "it is" : "they are all");
		else
			check(c, o, "chain", MC_CHECK_FAILED, "%s", o->res->message);
	}
}

int mc_proof_verify_all(struct mc_arena *a, const struct mc_json *doc, const struct mc_resolver *resolver,
                        struct mc_report *report, const struct mc_proof_verify_opts *opts, struct mc_err *err)
{
	static const struct mc_proof_verify_opts defaults = {.trace_index = -1};
	static const char *const proof_key[] = {"proof"};
	struct ctx c;

	if (!opts)
		opts = &defaults;
	if (!mc_json_is_object(doc))
		return mc_err_set(err, MC_EINVAL, "a credential with a proof must be a JSON object, not %s",
		                  doc ? mc_json_type_name((enum mc_json_type)doc->type) : "nothing");
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.report = report;
	c.opts = opts;
	c.resolver = resolver;
	c.now = opts->now ? *opts->now : mc_time_now();
	c.unsecured = mc__json_without(a, doc, proof_key, 1);
	c.all = mc__proof_list(mc_json_get(doc, "proof"), &c.n);
	if (opts->results) {
		*opts->results = NULL;
		*opts->n_results = 0;
	}
	if (c.n == 0) {
		if (report)
			mc_report_add(report, "proof", MC_CHECK_FAILED,
			              "The credential has no proof: nothing shows who issued it or that it "
			              "is unchanged.");
		return mc_err_set(err, MC_EVERIFY, "the credential has no proof");
	}

	struct one *ones = MC_ARENA_NEW_ARRAY(a, struct one, c.n);
	struct mc_proof_result *results = mc_arena_zalloc(a, c.n * sizeof(*results));
	for (size_t i = 0; i < c.n; i++) {
		memset(&ones[i], 0, sizeof(ones[i]));
		ones[i].index = i;
		ones[i].res = &results[i];
		verify_one(&c, &ones[i]);
	}
	settle_chains(&c, ones);

	size_t verified = 0, failed = 0;
	const char *first = NULL;
	for (size_t i = 0; i < c.n; i++) {
		if (results[i].status == MC_PROOF_VERIFIED)
			verified++;
		else if (results[i].status != MC_PROOF_UNSUPPORTED) {
			failed++;
			if (!first)
				first = results[i].message;
		}
	}
	if (opts->results) {
		*opts->results = results;
		*opts->n_results = c.n;
	}
	/* The report's format: the cryptosuite of the first proof that could be checked. */
	for (size_t i = 0; report && !report->format && i < c.n; i++)
		if (results[i].status != MC_PROOF_UNSUPPORTED && results[i].cryptosuite)
			report->format = results[i].cryptosuite;
	if (failed)
		return mc_err_set(err, MC_EVERIFY, "%zu of %zu proof%s not verified: %s", failed, c.n,
		                  c.n == 1 ? " is" : "s are", first ? first : "see the report");
	if (verified == 0) {
		if (report)
			mc_report_add(
			    report, "proof", MC_CHECK_FAILED,
			    "None of the credential's proofs is of a kind microcred can check, so it "
			    "could not be verified.");
		return mc_err_set(err, MC_EVERIFY, "no proof of a kind microcred can check");
	}
	return 0;
}
