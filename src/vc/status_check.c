/* Checking a credential's status (Bitstring Status List v1.0 §3.2 Validate
 * Algorithm, StatusList2021, 1EdTech Revocation List): see include/microcred/status.h.
 *
 * The rules follow the spec and, where the spec leaves room, the reference verifier
 * (@digitalbazaar/vc-bitstring-status-list checkStatus with verifyMatchingIssuers),
 * so that microcred and the reference reach the same verdict on the same inputs. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "microcred/proof.h"
#include "microcred/status.h"

#include "vc/status_internal.h"

struct ctx {
	struct mc_arena *a;
	const struct mc_json *cred;
	const struct mc_resolver *resolver;
	struct mc_report *report;
	const struct mc_status_check_opts *opts;
	struct mc_time now;
	size_t failed;
	const char *first_failure;
};

static void add(struct ctx *c, const char *id, enum mc_check_status st, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void add(struct ctx *c, const char *id, enum mc_check_status st, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = mc_arena_vprintf(c->a, fmt, ap);
	va_end(ap);
	if (c->report)
		mc_report_add(c->report, id, st, "%s", msg);
	if (st == MC_CHECK_FAILED && c->failed++ == 0)
		c->first_failure = msg;
}

/* "status.<purpose>" when the purpose is a plain word, else "status". */
static const char *check_id(struct ctx *c, const char *purpose)
{
	if (!purpose || !*purpose || strlen(purpose) > 40)
		return "status";
	for (const char *p = purpose; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_'))
			return "status";
	return mc_arena_printf(c->a, "status.%s", purpose);
}

/* Strips a trailing '.' so an error message can sit inside a sentence. */
static const char *clause(struct ctx *c, const char *msg)
{
	size_t n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '.' || msg[n - 1] == ' '))
		n--;
	return mc_arena_strndup(c->a, msg, n);
}

/* statusListIndex: the spec's form is a base-10 string; a JSON integer (as in the
 * 1EdTech validator's samples) is read too, as the reference's parseInt does. */
static bool parse_index(const struct mc_json *v, uint64_t *out)
{
	int64_t i;
	if (mc_json_is_number(v))
		return (v->flags & MC_JSON_F_INT) && mc_json_number_as_int(v, &i) && i >= 0 &&
		       (*out = (uint64_t)i, true);
	if (!mc_json_is_string(v) || v->len == 0 || v->len > 19)
		return false;
	uint64_t n = 0;
	for (uint32_t k = 0; k < v->len; k++) {
		char ch = v->v.str[k];
		if (ch < '0' || ch > '9')
			return false;
		n = n * 10 + (uint64_t)(ch - '0');
	}
	*out = n;
	return true;
}

/* Fetches the document at url through the resolver. Returns 1 when found, 0 when a
 * check (skipped or failed) was added instead. */
static int fetch(struct ctx *c, const char *id, const char *purpose_word, const char *url,
                 const struct mc_json **doc)
{
	struct mc_err e = {0};
	if (!c->resolver || !c->resolver->status_list) {
		add(c, id, MC_CHECK_SKIPPED,
		    "The credential's %s status was not checked: no status list was provided for %s.",
		    purpose_word, url);
		return 0;
	}
	int rc = c->resolver->status_list(c->resolver->ctx, url, c->a, doc, &e);
	if (rc == MC_EUNSUPPORTED) {
		add(c, id, MC_CHECK_SKIPPED,
		    "The credential's %s status was not checked: the status list %s is not available offline "
		    "(give it with --status FILE).",
		    purpose_word, url);
		return 0;
	}
	if (rc != 0 || !*doc) {
		add(c, id, MC_CHECK_FAILED,
		    "The status list %s could not be obtained, so the credential's %s status is "
		    "unknown: %s.",
		    url, purpose_word, e.msg[0] ? clause(c, e.msg) : mc_err_name(rc ? rc : MC_ENOTFOUND));
		return 0;
	}
	return 1;
}

static bool same_issuer(struct ctx *c, const char *list_issuer)
{
	if (c->opts->allow_other_issuer)
		return true;
	const char *cred_issuer = mc__status_issuer(c->cred);
	return cred_issuer && list_issuer && strcmp(cred_issuer, list_issuer) == 0;
}

/* " (checked against URL, list updated DATE)". */
static const char *against(struct ctx *c, const char *url, const char *updated)
{
	if (updated)
		return mc_arena_printf(c->a, " (checked against %s, list updated %s)", url, updated);
	return mc_arena_printf(c->a, " (checked against %s)", url);
}

/* The status list credential's own trust: proof, validity period, issuer. */
static bool list_signed(struct ctx *c, const char *id, const char *url, const struct mc_json *doc)
{
	if (c->opts->skip_list_proof)
		return true;
	struct mc_proof_verify_opts po = {.now = &c->now, .trace_index = -1};
	struct mc_err e = {0};
	if (mc_proof_verify_all(c->a, doc, c->resolver, NULL, &po, &e) != 0) {
		add(c, id, MC_CHECK_FAILED,
		    "The status list %s cannot be trusted: its signature did not verify (%s).", url,
		    clause(c, e.msg));
		return false;
	}
	return true;
}

static bool list_trusted(struct ctx *c, const char *id, const char *url, const struct mc_status_list *l)
{
	struct mc_time t;
	struct mc_err e = {0};
	if (l->valid_from) {
		if (mc_time_parse(&t, l->valid_from, strlen(l->valid_from), &e) != 0) {
			add(c, id, MC_CHECK_FAILED, "The status list %s has an invalid validFrom: %s.", url,
			    clause(c, e.msg));
			return false;
		}
		if (mc_time_cmp(&c->now, &t) < 0) {
			add(c, id, MC_CHECK_FAILED,
			    "The status list %s is not valid before %s, so it cannot be used yet.", url,
			    l->valid_from);
			return false;
		}
	}
	if (l->valid_until) {
		if (mc_time_parse(&t, l->valid_until, strlen(l->valid_until), &e) != 0) {
			add(c, id, MC_CHECK_FAILED, "The status list %s has an invalid validUntil: %s.", url,
			    clause(c, e.msg));
			return false;
		}
		if (mc_time_cmp(&c->now, &t) > 0) {
			add(c, id, MC_CHECK_FAILED,
			    "The status list %s expired on %s; a current copy is needed to know the "
			    "credential's "
			    "status.",
			    url, l->valid_until);
			return false;
		}
	}
	if (!same_issuer(c, l->issuer)) {
		const char *ci = mc__status_issuer(c->cred);
		add(c, id, MC_CHECK_FAILED,
		    "The status list %s was issued by %s, not by the credential's issuer %s, so it does not "
		    "speak "
		    "for this credential.",
		    url, l->issuer ? l->issuer : "nobody named", ci ? ci : "(none named)");
		return false;
	}
	return true;
}

/* statusMessage[k] whose status is "0x<value>" (hex, any case, leading zeros ok). */
static const char *status_message(const struct mc_json *messages, uint64_t value)
{
	if (!mc_json_is_array(messages))
		return NULL;
	for (uint32_t k = 0; k < messages->len; k++) {
		const struct mc_json *m = &messages->v.items[k];
		const char *s = mc_json_get_str(m, "status");
		const char *msg = mc_json_get_str(m, "message");
		if (!s || !msg || (strncmp(s, "0x", 2) != 0 && strncmp(s, "0X", 2) != 0) || !s[2])
			continue;
		uint64_t v = 0;
		bool ok = true;
		for (const char *p = s + 2; *p && ok; p++) {
			int d = (*p >= '0' && *p <= '9')   ? *p - '0'
			        : (*p >= 'a' && *p <= 'f') ? *p - 'a' + 10
			        : (*p >= 'A' && *p <= 'F') ? *p - 'A' + 10
			                                   : -1;
			ok = d >= 0 && v >> 60 == 0;
			v = (v << 4) | (uint64_t)(d & 15);
		}
		if (ok && v == value)
			return msg;
	}
	return NULL;
}

static void bitstring_entry(struct ctx *c, const struct mc_json *e, enum mc_status_list_type kind)
{
	const char *purpose = mc_json_get_str(e, "statusPurpose");
	const char *id = check_id(c, purpose);
	const char *url = mc_json_get_str(e, "statusListCredential");
	const char *entry_type =
	    kind == MC_STATUS_LIST_BITSTRING ? "BitstringStatusListEntry" : "StatusList2021Entry";
	const struct mc_json *messages = mc_json_get(e, "statusMessage");
	uint64_t index, value;
	unsigned size = 1;

	if (!purpose) {
		add(c, id, MC_CHECK_FAILED,
		    "The credential's %s has no statusPurpose, so its status cannot be checked.", entry_type);
		return;
	}
	if (!url) {
		add(c, id, MC_CHECK_FAILED,
		    "The credential's %s has no statusListCredential URL, so its %s status cannot be "
		    "checked.",
		    entry_type, purpose);
		return;
	}
	if (!parse_index(mc_json_get(e, "statusListIndex"), &index)) {
		add(c, id, MC_CHECK_FAILED,
		    "The credential's statusListIndex must be a non-negative integer written as a string "
		    "(e.g. "
		    "\"94567\"); its %s status cannot be checked.",
		    purpose);
		return;
	}
	const char *entry_id = mc_json_get_str(e, "id");
	if (entry_id && strcmp(entry_id, url) == 0) {
		add(c, id, MC_CHECK_FAILED,
		    "The credential's status entry id must not be the status list's URL %s (Bitstring Status "
		    "List §2.1).",
		    url);
		return;
	}
	const struct mc_json *ss = mc_json_get(e, "statusSize");
	if (ss) {
		int64_t n;
		if (!mc_json_is_number(ss) || !mc_json_number_as_int(ss, &n) || n < 1 ||
		    n > MC_STATUS_MAX_SIZE) {
			add(c, id, MC_CHECK_FAILED,
			    "The credential's statusSize must be an integer from 1 to %u bits.",
			    MC_STATUS_MAX_SIZE);
			return;
		}
		size = (unsigned)n;
	}
	if (size > 1 && (!mc_json_is_array(messages) || messages->len != (1u << size))) {
		add(c, id, MC_CHECK_FAILED,
		    "The credential's statusSize is %u bits, so its statusMessage must list %u messages, one "
		    "per "
		    "value (Bitstring Status List §2.1).",
		    size, 1u << size);
		return;
	}

	const struct mc_json *doc;
	if (!fetch(c, id, purpose, url, &doc))
		return;
	/* The proof first, as the reference does: a tampered list is reported as
	 * such rather than by whatever the tampering broke. */
	if (!list_signed(c, id, url, doc))
		return;
	struct mc_status_list l;
	struct mc_err err = {0};
	if (mc_status_list_read(c->a, doc, &l, &err) != 0) {
		add(c, id, MC_CHECK_FAILED, "The status list %s is not usable: %s.", url, clause(c, err.msg));
		return;
	}
	if (kind == MC_STATUS_LIST_2021 && l.type != MC_STATUS_LIST_2021) {
		add(c, id, MC_CHECK_FAILED,
		    "The credential's StatusList2021Entry points to %s, which is not a "
		    "StatusList2021Credential.",
		    url);
		return;
	}
	if (kind == MC_STATUS_LIST_BITSTRING && l.type != MC_STATUS_LIST_BITSTRING) {
		add(c, id, MC_CHECK_FAILED,
		    "The credential's BitstringStatusListEntry points to %s, whose type does not include "
		    "BitstringStatusListCredential.",
		    url);
		return;
	}
	if (!list_trusted(c, id, url, &l))
		return;
	if (!mc_status_list_has_purpose(&l, purpose)) {
		add(c, id, MC_CHECK_FAILED,
		    "The status list %s is for a different purpose than the credential's \"%s\" entry, so it "
		    "cannot "
		    "tell this credential's %s status.",
		    url, purpose, purpose);
		return;
	}
	uint64_t entries = l.bits.nbits / size;
	if (entries < MC_STATUS_MIN_ENTRIES && !c->opts->quiet_short_list)
		add(c, "status.list", MC_CHECK_WARNING,
		    "The status list %s has only %" PRIu64
		    " entries, fewer than the 131,072 the specification "
		    "requires for herd privacy; microcred accepts it, as the reference verifier does.",
		    url, entries);
	if (mc_bitstring_get(&l.bits, index, size, &value, &err) != 0) {
		add(c, id, MC_CHECK_FAILED,
		    "The credential's status index %" PRIu64 " is outside the status list %s, "
		    "which has %" PRIu64 " entries.",
		    index, url, entries);
		return;
	}
	const char *where = against(c, url, l.valid_from);
	const char *msg = status_message(messages, value);
	if (strcmp(purpose, "revocation") == 0) {
		if (value)
			add(c, id, MC_CHECK_FAILED,
			    "The issuer has revoked this credential (index %" PRIu64 " of %s).", index, url);
		else
			add(c, id, MC_CHECK_PASSED, "The credential has not been revoked%s.", where);
	} else if (strcmp(purpose, "suspension") == 0) {
		if (value)
			add(c, id, MC_CHECK_FAILED,
			    "The issuer has suspended this credential for now (index %" PRIu64 " of %s).",
			    index, url);
		else
			add(c, id, MC_CHECK_PASSED, "The credential is not suspended%s.", where);
	} else if (strcmp(purpose, "refresh") == 0) {
		if (value)
			add(c, id, MC_CHECK_WARNING,
			    "The issuer has published an updated version of this credential; this one stays "
			    "valid%s.",
			    where);
		else
			add(c, id, MC_CHECK_PASSED,
			    "No updated version of the credential has been published%s.", where);
	} else if (strcmp(purpose, "message") == 0) {
		if (msg)
			add(c, id, value ? MC_CHECK_WARNING : MC_CHECK_PASSED,
			    "The issuer's status message for this credential is \"%s\" (0x%" PRIx64 ")%s.",
			    msg, value, where);
		else
			add(c, id, value ? MC_CHECK_WARNING : MC_CHECK_PASSED,
			    "The credential's status value is 0x%" PRIx64 "%s.", value, where);
	} else {
		if (value)
			add(c, id, MC_CHECK_FAILED,
			    "The issuer has set this credential's \"%s\" status (value 0x%" PRIx64
			    "%s%s%s)%s.",
			    purpose, value, msg ? ": \"" : "", msg ? msg : "", msg ? "\"" : "", where);
		else
			add(c, id, MC_CHECK_PASSED, "The credential's \"%s\" status is not set%s.", purpose,
			    where);
	}
}

/* 1EdTech Revocation List Status Method 1.0: credentialStatus {id: URL of the list,
 * type: "1EdTechRevocationList"}; the document at the URL is JSON {"id", "issuer",
 * "revokedCredentials": [{"id": credential id, "revocationReason"?}, ...]} (plain
 * id strings are read too). The credential is revoked when its id is listed. */
static void revocation_list_entry(struct ctx *c, const struct mc_json *e)
{
	const char *id = "status.revocation";
	const char *url = mc_json_get_str(e, "id");
	const char *cred_id = mc_json_get_str(c->cred, "id");
	const struct mc_json *doc;

	if (!url) {
		add(c, id, MC_CHECK_FAILED,
		    "The credential's 1EdTechRevocationList status has no id (the URL of the "
		    "revocation list), so it cannot be checked.");
		return;
	}
	if (!cred_id) {
		add(c, id, MC_CHECK_FAILED,
		    "The credential has no id, so it cannot be looked up in the revocation list %s.", url);
		return;
	}
	if (!fetch(c, id, "revocation", url, &doc))
		return;
	const struct mc_json *revoked = mc_json_get(doc, "revokedCredentials");
	if (!mc_json_is_array(revoked)) {
		add(c, id, MC_CHECK_FAILED,
		    "The revocation list %s is not usable: it has no \"revokedCredentials\" array.", url);
		return;
	}
	const char *list_issuer = mc__status_issuer(doc);
	if (list_issuer && !same_issuer(c, list_issuer)) {
		add(c, id, MC_CHECK_FAILED,
		    "The revocation list %s was issued by %s, not by the credential's issuer, so it does not "
		    "speak "
		    "for this credential.",
		    url, list_issuer);
		return;
	}
	for (uint32_t k = 0; k < revoked->len; k++) {
		const struct mc_json *r = &revoked->v.items[k];
		const char *rid = mc_json_is_string(r) ? r->v.str : mc_json_get_str(r, "id");
		if (rid && strcmp(rid, cred_id) == 0) {
			const char *reason = mc_json_get_str(r, "revocationReason");
			if (reason)
				add(c, id, MC_CHECK_FAILED,
				    "The issuer has revoked this credential (listed in %s: \"%s\").", url,
				    reason);
			else
				add(c, id, MC_CHECK_FAILED,
				    "The issuer has revoked this credential (listed in %s).", url);
			return;
		}
	}
	add(c, id, MC_CHECK_PASSED, "The credential has not been revoked%s.", against(c, url, NULL));
}

static void one_entry(struct ctx *c, const struct mc_json *e)
{
	const struct mc_json *type = mc_json_get(e, "type");
	if (!mc_json_is_object(e)) {
		add(c, "status", MC_CHECK_FAILED,
		    "The credential's credentialStatus must be an object (or an array of "
		    "objects).");
		return;
	}
	if (mc__status_type_has(type, "BitstringStatusListEntry"))
		bitstring_entry(c, e, MC_STATUS_LIST_BITSTRING);
	else if (mc__status_type_has(type, "StatusList2021Entry"))
		bitstring_entry(c, e, MC_STATUS_LIST_2021);
	else if (mc__status_type_has(type, "1EdTechRevocationList"))
		revocation_list_entry(c, e);
	else if (mc_json_is_string(type))
		add(c, "status", MC_CHECK_SKIPPED,
		    "The credential's status uses the method \"%s\", which microcred does not know, so it "
		    "was not "
		    "checked.",
		    type->v.str);
	else
		add(c, "status", MC_CHECK_FAILED,
		    "The credential's credentialStatus has no type, so its status cannot "
		    "be checked.");
}

int mc_status_check(struct mc_arena *a, const struct mc_json *credential, const struct mc_resolver *resolver,
                    struct mc_report *report, const struct mc_status_check_opts *opts, struct mc_err *err)
{
	static const struct mc_status_check_opts defaults;
	struct ctx c;

	if (!mc_json_is_object(credential))
		return mc_err_set(err, MC_EINVAL, "a credential must be a JSON object, not %s",
		                  credential ? mc_json_type_name((enum mc_json_type)credential->type)
		                             : "nothing");
	memset(&c, 0, sizeof(c));
	c.a = a;
	c.cred = credential;
	c.resolver = resolver;
	c.report = report;
	c.opts = opts ? opts : &defaults;
	c.now = c.opts->now ? *c.opts->now : mc_time_now();

	const struct mc_json *st = mc_json_get(credential, "credentialStatus");
	if (!st)
		return 0;
	if (mc_json_is_array(st)) {
		if (st->len == 0)
			add(&c, "status", MC_CHECK_FAILED,
			    "The credential's credentialStatus is an empty array.");
		for (uint32_t i = 0; i < st->len; i++)
			one_entry(&c, &st->v.items[i]);
	} else {
		one_entry(&c, st);
	}
	if (c.failed)
		return mc_err_set(err, MC_EVERIFY, "%s", c.first_failure);
	return 0;
}
