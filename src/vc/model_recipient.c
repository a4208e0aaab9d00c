/* Recipient matching: a known identifier against credentialSubject.id and the
 * IdentityObjects of credentialSubject.identifier (OB 3.0 §9.3, IdentityHash in B.7). */
#include <openssl/evp.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "microcred/credential.h"

static bool str_is(const struct mc_json *v, const char *s)
{
	size_t n = strlen(s);
	return v && v->type == MC_JSON_STRING && v->len == n && memcmp(v->v.str, s, n) == 0;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	if (ch >= 'A' && ch <= 'F')
		return ch - 'A' + 10;
	return -1;
}

/* Compares digest bytes with hex text in either case. */
static bool hex_equal(const unsigned char *d, size_t dn, const char *hex, size_t hn)
{
	if (hn != dn * 2)
		return false;
	unsigned diff = 0;
	for (size_t i = 0; i < dn; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return false;
		diff |= (unsigned)(d[i] ^ (unsigned char)(hi << 4 | lo));
	}
	return diff == 0;
}

static bool looks_like_email(const char *v, size_t n)
{
	const char *at = memchr(v, '@', n);
	return at && at != v && !memchr(v, ':', n) && memchr(at, '.', n - (size_t)(at - v));
}

enum hash_alg { ALG_SHA256, ALG_MD5 };

static bool hash_match(enum hash_alg alg, const char *value, size_t len, const struct mc_json *salt,
                       const char *hex, size_t hex_len)
{
	unsigned char d[crypto_hash_sha256_BYTES];
	if (alg == ALG_SHA256) {
		crypto_hash_sha256_state st;
		crypto_hash_sha256_init(&st);
		crypto_hash_sha256_update(&st, (const unsigned char *)value, len);
		if (salt)
			crypto_hash_sha256_update(&st, (const unsigned char *)salt->v.str, salt->len);
		crypto_hash_sha256_final(&st, d);
		return hex_equal(d, sizeof d, hex, hex_len);
	}
	unsigned int dn = 0;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok = ctx && EVP_DigestInit_ex(ctx, EVP_md5(), NULL) == 1 &&
	          EVP_DigestUpdate(ctx, value, len) == 1 &&
	          (!salt || EVP_DigestUpdate(ctx, salt->v.str, salt->len) == 1) &&
	          EVP_DigestFinal_ex(ctx, d, &dn) == 1;
	EVP_MD_CTX_free(ctx);
	return ok && hex_equal(d, dn, hex, hex_len);
}

static bool compare_once(const struct mc_json *io_hash, bool hashed, enum hash_alg alg, const char *hex,
                         size_t hex_len, const struct mc_json *salt, const char *value, size_t len)
{
	if (!hashed)
		return io_hash->len == len && memcmp(io_hash->v.str, value, len) == 0;
	return hash_match(alg, value, len, salt, hex, hex_len);
}

int mc_identity_object_match(const struct mc_json *io, const char *identity_type, const char *value,
                             size_t len, bool *matched, bool *case_folded, struct mc_err *err)
{
	*matched = false;
	if (case_folded)
		*case_folded = false;
	const struct mc_json *h = mc_json_get(io, "identityHash");
	const struct mc_json *hashed = mc_json_get(io, "hashed");
	const struct mc_json *type = mc_json_get(io, "identityType");
	const struct mc_json *salt = mc_json_get(io, "salt");
	if (!mc_json_is_string(h) || !mc_json_is_bool(hashed))
		return mc_err_set(
		    err, MC_EINVAL,
		    "the IdentityObject has no string \"identityHash\" or no boolean \"hashed\", so it "
		    "cannot be compared; the credential must be fixed by its issuer");
	if (salt && !mc_json_is_string(salt))
		salt = NULL;
	if (identity_type && !str_is(type, identity_type))
		return 0;
	bool is_hashed = hashed->type == MC_JSON_TRUE;
	enum hash_alg alg = ALG_SHA256;
	const char *hex = NULL;
	size_t hex_len = 0;
	if (is_hashed) {
		const char *dollar = memchr(h->v.str, '$', h->len);
		size_t alg_len = dollar ? (size_t)(dollar - h->v.str) : 0;
		if (alg_len == 6 && strncasecmp(h->v.str, "sha256", 6) == 0)
			alg = ALG_SHA256;
		else if (alg_len == 3 && strncasecmp(h->v.str, "md5", 3) == 0)
			alg = ALG_MD5;
		else
			return mc_err_set(
			    err, MC_EINVAL,
			    "the identityHash does not start with \"sha256$\" or \"md5$\", the only "
			    "algorithms Open Badges 3.0 allows, so it cannot be checked");
		hex = dollar + 1;
		hex_len = h->len - alg_len - 1;
	}
	if (compare_once(h, is_hashed, alg, hex, hex_len, salt, value, len)) {
		*matched = true;
		return 0;
	}
	/* E-mail addresses: issuers often hash the normalised (lower-case) form. */
	bool email = identity_type ? strcmp(identity_type, "emailAddress") == 0
	                           : str_is(type, "emailAddress") || looks_like_email(value, len);
	if (!email || len > 320)
		return 0;
	char folded[321];
	bool changed = false;
	for (size_t i = 0; i < len; i++) {
		char ch = value[i];
		if (ch >= 'A' && ch <= 'Z') {
			ch = (char)(ch - 'A' + 'a');
			changed = true;
		}
		folded[i] = ch;
	}
	if (changed && compare_once(h, is_hashed, alg, hex, hex_len, salt, folded, len)) {
		*matched = true;
		if (case_folded)
			*case_folded = true;
	}
	sodium_memzero(folded, sizeof folded);
	return 0;
}

static void trim(const char **v, size_t *n)
{
	while (*n && (**v == ' ' || **v == '\t' || **v == '\n' || **v == '\r')) {
		(*v)++;
		(*n)--;
	}
	while (*n &&
	       ((*v)[*n - 1] == ' ' || (*v)[*n - 1] == '\t' || (*v)[*n - 1] == '\n' || (*v)[*n - 1] == '\r'))
		(*n)--;
}

static int match_subject(const struct mc_json *subj, const char *prefix, const char *identity_type,
                         const char *value, size_t len, struct mc_arena *a, struct mc_recipient_match *out,
                         struct mc_err *err)
{
	const struct mc_json *id = mc_json_get(subj, "id");
	if (mc_json_is_string(id) && id->len == len && memcmp(id->v.str, value, len) == 0) {
		out->matched = true;
		out->path = mc_arena_printf(a, "%s.id", prefix);
		out->how = "equal to credentialSubject.id";
		return 0;
	}
	const struct mc_json *ident = mc_json_get(subj, "identifier");
	if (!ident)
		return 0;
	const struct mc_json *items = ident;
	size_t n = 1;
	if (ident->type == MC_JSON_ARRAY) {
		items = ident->v.items;
		n = ident->len;
	}
	for (size_t i = 0; i < n; i++) {
		bool m = false, folded = false;
		struct mc_err e;
		if (mc_identity_object_match(&items[i], identity_type, value, len, &m, &folded, &e) != 0) {
			/* Remembered, not returned: another identifier may still match. */
			if (err && !err->msg[0])
				snprintf(err->msg, sizeof err->msg, "%s.identifier[%zu]: %.400s", prefix, i,
				         e.msg);
			continue;
		}
		if (!m)
			continue;
		const struct mc_json *hashed = mc_json_get(&items[i], "hashed");
		const struct mc_json *h = mc_json_get(&items[i], "identityHash");
		bool md5 = h->len > 3 && strncasecmp(h->v.str, "md5$", 4) == 0;
		out->matched = true;
		out->case_folded = folded;
		out->path = ident->type == MC_JSON_ARRAY ? mc_arena_printf(a, "%s.identifier[%zu]", prefix, i)
		                                         : mc_arena_printf(a, "%s.identifier", prefix);
		out->how = hashed->type == MC_JSON_TRUE
		               ? (md5 ? "MD5 hash with its salt" : "SHA-256 hash with its salt")
		               : "plain identifier";
		return 0;
	}
	return 0;
}

int mc_credential_match_recipient(const struct mc_json *cred, const char *identity_type, const char *value,
                                  size_t len, struct mc_arena *a, struct mc_recipient_match *out,
                                  struct mc_err *err)
{
	memset(out, 0, sizeof(*out));
	if (err)
		mc_err_clear(err);
	const struct mc_json *subj = mc_json_get(cred, "credentialSubject");
	if (!subj || !(subj->type == MC_JSON_OBJECT || subj->type == MC_JSON_ARRAY))
		return mc_err_set(
		    err, MC_EINVAL,
		    "the credential has no credentialSubject object, so it names no recipient to compare");
	trim(&value, &len);
	if (len == 0)
		return mc_err_set(err, MC_EINVAL,
		                  "the identifier to look for is empty; give an e-mail address, URL or DID");
	if (subj->type == MC_JSON_OBJECT)
		return match_subject(subj, "$.credentialSubject", identity_type, value, len, a, out, err);
	for (uint32_t i = 0; i < subj->len && !out->matched; i++) {
		char prefix[48];
		snprintf(prefix, sizeof prefix, "$.credentialSubject[%u]", i);
		match_subject(&subj->v.items[i], prefix, identity_type, value, len, a, out, err);
	}
	return 0;
}

void mc_credential_check_recipient(struct mc_report *r, const struct mc_json *cred, const char *identity_type,
                                   const char *value)
{
	struct mc_recipient_match m;
	struct mc_err err;
	mc_err_clear(&err);
	size_t len = value ? strlen(value) : 0;
	if (mc_credential_match_recipient(cred, identity_type, value ? value : "", len, r->arena, &m, &err) !=
	    0) {
		mc_report_add(r, "recipient", MC_CHECK_FAILED, "The recipient cannot be checked: %s.",
		              err.msg);
		return;
	}
	if (m.matched)
		mc_report_add(r, "recipient", MC_CHECK_PASSED,
		              "The credential was issued to %.200s: it matches %s (%s%s).", value, m.path,
		              m.how, m.case_folded ? ", after lower-casing the e-mail address" : "");
	else if (err.msg[0])
		mc_report_add(
		    r, "recipient", MC_CHECK_FAILED,
		    "The credential was not shown to be issued to %.200s: no recipient identifier matches "
		    "(and %s).",
		    value, err.msg);
	else
		mc_report_add(
		    r, "recipient", MC_CHECK_FAILED,
		    "The credential was not issued to %.200s: neither credentialSubject.id nor any of its "
		    "identifiers matches.",
		    value);
}
