/* The verification pipeline: see include/microcred/verify.h. Each step is one call
 * into the module that owns the rule; this file only decides the order, detects the
 * format, and relates the results (issuer vs signing key, endorsements). */
#include "microcred/verify.h"

#include <stdio.h>
#include <string.h>

#include "microcred/credential.h"
#include "microcred/jwt.h"
#include "microcred/proof.h"
#include "microcred/status.h"

const char *mc_credential_issuer_id(const struct mc_json *cred)
{
	const struct mc_json *iss = mc_json_get(cred, "issuer");
	if (mc_json_is_string(iss))
		return iss->v.str;
	return mc_json_get_str(iss, "id");
}

static bool has_type(const struct mc_json *cred, const char *type)
{
	const struct mc_json *t = mc_json_get(cred, "type");
	if (mc_json_is_string(t))
		return strcmp(t->v.str, type) == 0;
	if (mc_json_is_array(t))
		for (uint32_t i = 0; i < t->len; i++)
			if (mc_json_is_string(&t->v.items[i]) && strcmp(t->v.items[i].v.str, type) == 0)
				return true;
	return false;
}

static const char *first_proof_format(const struct mc_json *proof)
{
	if (mc_json_is_array(proof))
		proof = proof->len ? &proof->v.items[0] : NULL;
	if (!mc_json_is_object(proof))
		return "unknown proof";
	const char *suite = mc_json_get_str(proof, "cryptosuite");
	if (suite)
		return suite;
	const char *type = mc_json_get_str(proof, "type");
	return type ? type : "unknown proof";
}

static int verify_value(struct mc_arena *a, const struct mc_json *input, const struct mc_verify_opts *opts,
			unsigned depth, struct mc_report *report, struct mc_json **credential, struct mc_err *err);

/* Adds one "endorsement[i]" check per embedded endorsement found at the places the
 * OB 3.0 model allows them (credential, issuer Profile, Achievement and its creator). */
static void check_endorsements(struct mc_arena *a, const struct mc_json *cred, const struct mc_verify_opts *opts,
			       unsigned depth, struct mc_report *report)
{
	const struct mc_json *subject = mc_json_get(cred, "credentialSubject");
	if (mc_json_is_array(subject))
		subject = subject->len ? &subject->v.items[0] : NULL;
	const struct mc_json *achievement = mc_json_get(subject, "achievement");
	const struct mc_json *iss = mc_json_get(cred, "issuer");
	const struct {
		const struct mc_json *holder;
		const char *where;
	} holders[] = {
		{cred, "credential"},
		{iss, "issuer"},
		{achievement, "achievement"},
		{mc_json_get(achievement, "creator"), "achievement creator"},
	};
	unsigned max_depth = opts->max_endorsement_depth ? opts->max_endorsement_depth : 2;
	int index = 0;

	for (size_t h = 0; h < sizeof(holders) / sizeof(holders[0]); h++) {
		if (!mc_json_is_object(holders[h].holder))
			continue;
		static const char *const members[] = {"endorsement", "endorsementJwt"};
		for (int m = 0; m < 2; m++) {
			const struct mc_json *list = mc_json_get(holders[h].holder, members[m]);
			if (!list)
				continue;
			uint32_t count = mc_json_is_array(list) ? list->len : 1;
			for (uint32_t i = 0; i < count; i++, index++) {
				const struct mc_json *e = mc_json_is_array(list) ? &list->v.items[i] : list;
				char id[32];
				snprintf(id, sizeof(id), "endorsement[%d]", index);
				if (depth + 1 > max_depth) {
					mc_report_add(report, id, MC_CHECK_SKIPPED,
						      "An endorsement of the %s was not checked: endorsements nested "
						      "deeper than %u levels are not followed.",
						      holders[h].where, max_depth);
					continue;
				}
				struct mc_report sub;
				struct mc_err sub_err = {0};
				struct mc_json *ecred = NULL;
				mc_report_init(&sub, a);
				int rc = verify_value(a, e, opts, depth + 1, &sub, &ecred, &sub_err);
				const char *by = ecred ? mc_credential_issuer_id(ecred) : NULL;
				const struct mc_json *eiss = ecred ? mc_json_get(ecred, "issuer") : NULL;
				const char *name = mc_json_get_str(eiss, "name");
				if (rc) {
					mc_report_add(report, id, MC_CHECK_FAILED,
						      "An endorsement of the %s could not be read: %s", holders[h].where,
						      sub_err.msg);
				} else if (mc_report_verified(&sub)) {
					mc_report_add(report, id, MC_CHECK_PASSED,
						      "The endorsement of the %s by %s%s%s%s is verified.", holders[h].where,
						      name ? name : "", name ? " (" : "", by ? by : "an unnamed issuer",
						      name ? ")" : "");
				} else {
					const char *why = "";
					for (size_t k = 0; k < sub.len; k++)
						if (sub.checks[k].status == MC_CHECK_FAILED) {
							why = sub.checks[k].message;
							break;
						}
					mc_report_add(report, id, MC_CHECK_FAILED,
						      "The endorsement of the %s by %s is not verified: %s", holders[h].where,
						      by ? by : "an unnamed issuer", why);
				}
			}
		}
	}
}

/* The key that signed must belong to the issuer: the proof's controller (or the
 * JWT's resolved issuer, checked in jwt.c) equals the credential's issuer id. */
static void check_issuer_matches(struct mc_report *report, const struct mc_json *cred,
				 const struct mc_proof_result *results, size_t n)
{
	const char *issuer = mc_credential_issuer_id(cred);
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		const struct mc_proof_result *p = &results[i];
		if (p->status != MC_PROOF_VERIFIED || !p->controller)
			continue;
		any = true;
		if (!issuer) {
			mc_report_add(report, "issuer", MC_CHECK_FAILED,
				      "The credential names no issuer, so nobody vouches for it.");
			return;
		}
		if (strcmp(p->controller, issuer) != 0) {
			mc_report_add(report, "issuer", MC_CHECK_FAILED,
				      "The credential was signed with a key of %s, but it names %s as its issuer: "
				      "someone other than the issuer signed it.",
				      p->controller, issuer);
			return;
		}
	}
	if (any)
		mc_report_add(report, "issuer", MC_CHECK_PASSED, "The signing key belongs to the issuer, %s.", issuer);
}

static void check_content(struct mc_arena *a, const struct mc_json *cred, const struct mc_verify_opts *opts,
			  unsigned depth, struct mc_report *report)
{
	struct mc_err err = {0};
	mc_credential_check_validity(report, cred, opts->now);
	struct mc_status_check_opts so = {.now = opts->now};
	mc_status_check(a, cred, opts->resolver, report, &so, &err);
	if (opts->recipient && depth == 0)
		mc_credential_check_recipient(report, cred, opts->recipient_type, opts->recipient);
	check_endorsements(a, cred, opts, depth, report);
}

static int verify_jwt(struct mc_arena *a, const char *text, size_t n, const struct mc_verify_opts *opts,
		      unsigned depth, struct mc_report *report, struct mc_json **credential, struct mc_err *err)
{
	struct mc_jwt_verify_opts jo = {.now = opts->now, .max_size = opts->max_input, .strict = opts->strict_jwt};
	struct mc_json *cred = NULL;
	struct mc_err jerr = {0};

	report->format = "vc-jwt";
	mc_report_add(report, "format", MC_CHECK_PASSED,
		      "The input has the form of a JSON Web Token (compact JWS), the VC-JWT format.");
	/* A token that cannot be read is still a credential attempt: jwt.c reports why
	 * (jwt.format, jwt.header ...), and the verdict is "not verified". */
	mc_jwt_verify(a, text, n, opts->resolver, report, &jo, &cred, &jerr);
	if (!cred)
		return 0;
	if (credential)
		*credential = cred;
	mc_credential_check_structure(report, cred, NULL);
	check_content(a, cred, opts, depth, report);
	return 0;
}

static int verify_di(struct mc_arena *a, const struct mc_json *cred, const struct mc_verify_opts *opts,
		     unsigned depth, struct mc_report *report)
{
	const struct mc_json *proof = mc_json_get(cred, "proof");
	struct mc_err perr = {0};

	if (!proof) {
		report->format = "unsigned";
		mc_report_add(report, "format", MC_CHECK_FAILED,
			      "The credential carries no proof: it is not signed, so nothing shows who issued it "
			      "or that it is unchanged.");
		mc_credential_check_structure(report, cred, NULL);
		check_content(a, cred, opts, depth, report);
		return 0;
	}
	report->format = first_proof_format(proof);
	mc_report_add(report, "format", MC_CHECK_PASSED,
		      "The input is a credential secured with a Data Integrity proof (%s).", report->format);
	mc_credential_check_structure(report, cred, NULL);

	struct mc_proof_result *results = NULL;
	size_t n_results = 0;
	struct mc_proof_verify_opts po = {.now = opts->now, .results = &results, .n_results = &n_results,
					  .trace_index = -1};
	mc_proof_verify_all(a, cred, opts->resolver, report, &po, &perr);
	check_issuer_matches(report, cred, results, n_results);
	check_content(a, cred, opts, depth, report);
	return 0;
}

/* Looser than mc_jws_looks_compact: two dots between base64url runs, the signature
 * possibly empty, so that an unsecured token ("alg": "none") is recognised as a JWT
 * and refused with a reason rather than called "not a credential". */
static bool looks_like_jwt(const char *p, size_t n)
{
	size_t dots = 0, run = 0;
	while (n && (p[n - 1] == '\n' || p[n - 1] == '\r' || p[n - 1] == ' '))
		n--;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c == '.') {
			if (run == 0 || ++dots > 2)
				return false;
			run = 0;
		} else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
			   c == '_') {
			run++;
		} else {
			return false;
		}
	}
	return dots == 2;
}

static int verify_value(struct mc_arena *a, const struct mc_json *input, const struct mc_verify_opts *opts,
			unsigned depth, struct mc_report *report, struct mc_json **credential, struct mc_err *err)
{
	if (credential)
		*credential = NULL;
	if (mc_json_is_string(input)) {
		if (!mc_jws_looks_compact(input->v.str, input->len) && !looks_like_jwt(input->v.str, input->len))
			return mc_err_set(err, MC_EINVAL,
					  "the input is a JSON string but not a JSON Web Token; expected a credential "
					  "(a JSON object) or a compact JWS");
		return verify_jwt(a, input->v.str, input->len, opts, depth, report, credential, err);
	}
	if (!mc_json_is_object(input))
		return mc_err_set(err, MC_EINVAL, "the input is a JSON %s, not a credential (a JSON object)",
				  mc_json_type_name((enum mc_json_type)input->type));
	if (!mc_json_get(input, "@context") || !has_type(input, "VerifiableCredential"))
		return mc_err_set(err, MC_EINVAL,
				  "the JSON object is not a verifiable credential: it needs \"@context\" and a "
				  "\"type\" that includes \"VerifiableCredential\"");
	if (credential)
		*credential = (struct mc_json *)input;
	return verify_di(a, input, opts, depth, report);
}

int mc_verify_json(struct mc_arena *a, const struct mc_json *input, const struct mc_verify_opts *opts,
		   struct mc_report *report, struct mc_json **credential, struct mc_err *err)
{
	struct mc_verify_opts defaults = {0};
	return verify_value(a, input, opts ? opts : &defaults, 0, report, credential, err);
}

int mc_verify(struct mc_arena *a, const char *input, size_t n, const struct mc_verify_opts *opts,
	      struct mc_report *report, struct mc_json **credential, struct mc_err *err)
{
	struct mc_verify_opts defaults = {0};
	if (!opts)
		opts = &defaults;
	size_t max = opts->max_input ? opts->max_input : MC_VERIFY_MAX_INPUT_DEFAULT;
	if (credential)
		*credential = NULL;
	if (n > max)
		return mc_err_set(err, MC_ELIMIT, "the input is %zu bytes; the limit is %zu bytes", n, max);

	const char *p = input, *end = input + n;
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
		p++;
	if (p == end)
		return mc_err_set(err, MC_EINVAL, "the input is empty; expected a credential (JSON or a JWT)");
	if (*p != '{' && *p != '"' && *p != '[') {
		if (mc_jws_looks_compact(p, (size_t)(end - p)) || looks_like_jwt(p, (size_t)(end - p)))
			return verify_jwt(a, p, (size_t)(end - p), opts, 0, report, credential, err);
		return mc_err_set(err, MC_EINVAL,
				  "the input is neither JSON nor a JSON Web Token; expected a credential");
	}
	struct mc_json *doc;
	struct mc_json_parse_opts popts = {.max_size = max};
	int rc = mc_json_parse(a, input, n, &popts, &doc, err);
	if (rc)
		return mc_err_prefix(err, "the input is not valid JSON");
	return verify_value(a, doc, opts, 0, report, credential, err);
}
