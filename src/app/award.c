/* The award engine: builds, signs and stores Open Badges 3.0 credentials,
 * idempotently by award key. See include/microcred/award.h.
 *
 * One award is one write transaction: the award key is looked up, the credential
 * number (gap-free counter) and two status entries (revocation, suspension) are
 * allocated, the credential is built, checked against the OB 3.0 model, signed
 * (eddsa-rdfc-2022, plus a VC-JWT when the issuer wants one), stored with the SHA-256
 * of its bytes, and announced as an event. Signing inside the transaction keeps the
 * rule simple (nothing is allocated that is not used) and costs about a millisecond
 * of lock time per award. A lost race on the UNIQUE award_key rolls everything back
 * and returns the winner's credential. */
#include "microcred/award.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/achievement.h"
#include "microcred/credential.h"
#include "microcred/encoding.h"
#include "microcred/id.h"
#include "microcred/issuer.h"
#include "microcred/jwt.h"
#include "microcred/proof.h"
#include "microcred/status.h"
#include "microcred/statuslist_service.h"
#include "microcred/tlog.h"

#include "app/award_internal.h"
#include "app/csv.h"
#include "store/achievements.h"
#include "store/awards.h"
#include "store/issuers.h"

#define VC2_CONTEXT "https://www.w3.org/ns/credentials/v2"
#define OB3_CONTEXT "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

/* Limits on caller-given text, checked before anything is built. */
#define MAX_NAME 500
#define MAX_NARRATIVE 20000

/* ---- small JSON helpers (children are complete before they are attached: a
 * container holds a copy of the child's struct) ---- */

static void put_str(struct mc_arena *a, struct mc_json *obj, const char *key, const char *val)
{
	if (!val || !*val)
		return;
	mc_json_object_set(a, obj, key, strlen(key), mc_json_new_cstr(a, val));
}

static void put(struct mc_arena *a, struct mc_json *obj, const char *key, const struct mc_json *v)
{
	mc_json_object_set(a, obj, key, strlen(key), v);
}

static struct mc_json *str_array1(struct mc_arena *a, const char *s)
{
	struct mc_json *arr = mc_json_new_array(a);
	mc_json_array_append(a, arr, mc_json_new_cstr(a, s));
	return arr;
}

/* ---- dates ---- */

static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static unsigned month_days(int64_t y, unsigned m)
{
	static const unsigned n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : n[m - 1];
}

/* t plus months calendar months; the day is clamped to the target month's length
 * (31 January + 1 month = 28/29 February), as people count validity periods. */
static struct mc_time add_months(struct mc_time t, int64_t months)
{
	int64_t days = t.sec >= 0 ? t.sec / 86400 : -((-t.sec + 86399) / 86400);
	int64_t secs = t.sec - days * 86400;
	int64_t y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	int64_t mi = y * 12 + (m - 1) + months;
	y = mi >= 0 ? mi / 12 : -((-mi + 11) / 12);
	m = (unsigned)(mi - y * 12) + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	struct mc_time r = t;
	r.sec = days_from_civil(y, m, d) * 86400 + secs;
	return r;
}

static char *format_time(struct mc_arena *a, const struct mc_time *t)
{
	struct mc_buf b;
	struct mc_time u = *t;
	u.nsec = 0;
	u.frac_digits = 0;
	u.offset = 0;
	mc_buf_init(&b, 64);
	int rc = mc_time_format(&b, &u);
	char *s = rc ? NULL : mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return s;
}

int mc__award_date(struct mc_arena *a, const char *in, const char **out, struct mc_err *err)
{
	struct mc_time t;
	size_t n = strlen(in);
	const char *text = in;
	/* A bare date (what a spreadsheet holds) means midnight UTC of that day. */
	if (n == 10 && in[4] == '-' && in[7] == '-')
		text = mc_arena_printf(a, "%sT00:00:00Z", in);
	if (mc_time_parse(&t, text, strlen(text), NULL) != 0)
		return mc_err_set(err, MC_EINVAL,
		                  "date '%s' is not a date (2025-01-15) or an RFC 3339 date-time "
		                  "(2025-01-15T09:00:00Z)",
		                  in);
	char *s = format_time(a, &t);
	if (!s)
		return mc_err_set(err, MC_EINVAL, "date '%s' is outside the years 0000-9999", in);
	*out = s;
	return 0;
}

/* ---- the achievement ---- */

/* Adds the current endorsements of (subject_type, subject_id) to obj.endorsement. */
static int add_endorsements(struct mc_app *app, struct mc_arena *a, struct mc_json *obj,
                            const char *subject_type, const char *subject_id, struct mc_err *err)
{
	const char **texts;
	size_t n;
	int rc = mc__store_award_endorsements(app->db, a, subject_type, subject_id, &texts, &n, err);
	if (rc || !n)
		return rc;
	struct mc_json *arr = mc_json_new_array(a);
	for (size_t i = 0; i < n; i++) {
		struct mc_json *e;
		if ((rc = mc_json_parse(a, texts[i], strlen(texts[i]), NULL, &e, err)))
			return mc_err_prefix(err, "a stored endorsement of %s %s", subject_type, subject_id);
		mc_json_array_append(a, arr, e);
	}
	put(a, obj, "endorsement", arr);
	return 0;
}

/* ---- request checks ---- */

static bool valid_utf8_text(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n > max || !mc__utf8_valid((const unsigned char *)s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t')
			return false;
	}
	return true;
}

/* A DID is ASCII: "did:", a method name, ':', a method-specific id. */
static bool did_shaped(const char *d)
{
	const char *colon = strncmp(d, "did:", 4) == 0 ? strchr(d + 4, ':') : NULL;
	if (!colon || colon == d + 4 || !colon[1] || strlen(d) > 2000)
		return false;
	for (const char *p = d; *p; p++)
		if ((unsigned char)*p <= ' ' || (unsigned char)*p >= 0x7f)
			return false;
	return true;
}

static int check_request(const struct mc_award_request *req, struct mc_err *err)
{
	int rc;
	if (!req->achievement_ref || !*req->achievement_ref)
		return mc_err_set(
		    err, MC_EINVAL,
		    "which micro-credential? give its slug or id (--credential data-analysis-101)");
	if ((rc = mc_email_check(req->email, err)))
		return rc;
	if (req->name && !valid_utf8_text(req->name, MAX_NAME))
		return mc_err_set(
		    err, MC_EINVAL,
		    "the recipient's name is longer than %d bytes, not UTF-8, or contains control characters",
		    MAX_NAME);
	if (req->narrative && !valid_utf8_text(req->narrative, MAX_NARRATIVE))
		return mc_err_set(
		    err, MC_EINVAL,
		    "the narrative is longer than %d bytes, not UTF-8, or contains control characters",
		    MAX_NARRATIVE);
	if (req->did && !did_shaped(req->did))
		return mc_err_set(
		    err, MC_EINVAL,
		    "'%s' is not a DID; a DID looks like did:key:z6Mk... or did:web:example.com", req->did);
	if (req->award_key && (!*req->award_key || strlen(req->award_key) > 300))
		return mc_err_set(err, MC_EINVAL, "the award key must be 1 to 300 characters");
	if (req->evidence && !mc_json_is_array(req->evidence))
		return mc_err_set(err, MC_EINVAL, "evidence must be a JSON array of OB 3.0 Evidence objects");
	if (req->results && !mc_json_is_array(req->results))
		return mc_err_set(err, MC_EINVAL, "results must be a JSON array of OB 3.0 Result objects");
	if (req->components && !mc_json_is_array(req->components))
		return mc_err_set(err, MC_EINVAL,
		                  "components must be a JSON array of {\"id\", \"digestSRI\" | \"sha256\"}");
	return 0;
}

/* Every Result that names a resultDescription must name one the achievement has. */
static int check_results(const struct mc_json *results, const struct mc_json *achievement, struct mc_err *err)
{
	const struct mc_json *rd = mc_json_get(achievement, "resultDescription");
	for (uint32_t i = 0; results && i < results->len; i++) {
		const char *want = mc_json_get_str(&results->v.items[i], "resultDescription");
		if (!want)
			continue;
		bool found = false;
		for (uint32_t j = 0; rd && mc_json_is_array(rd) && j < rd->len && !found; j++) {
			const char *id = mc_json_get_str(&rd->v.items[j], "id");
			found = id && strcmp(id, want) == 0;
		}
		if (!found)
			return mc_err_set(
			    err, MC_EINVAL,
			    "result %u names resultDescription %s, which the micro-credential does not "
			    "describe; add that ResultDescription to it or leave resultDescription out",
			    i + 1, want);
	}
	return 0;
}

/* Component credentials of a stacked credential become Evidence objects with
 * digestSRI (a VC 2.0 term, so the credential canonicalizes in safe mode), which a
 * verifier compares with the SHA-256 of each component's bytes. */
static int component_evidence(struct mc_arena *a, const struct mc_json *components, struct mc_json *evidence,
                              struct mc_err *err)
{
	for (uint32_t i = 0; components && i < components->len; i++) {
		const struct mc_json *c = &components->v.items[i];
		const char *id = mc_json_get_str(c, "id");
		const char *sri = mc_json_get_str(c, "digestSRI");
		const char *hex = mc_json_get_str(c, "sha256");
		if (!id || (!sri && !hex))
			return mc_err_set(err, MC_EINVAL,
			                  "component %u needs \"id\" and \"digestSRI\" or \"sha256\"", i + 1);
		if (!sri) {
			struct mc_buf raw, b64;
			mc_buf_init(&raw, 64);
			mc_buf_init(&b64, 128);
			int rc = strlen(hex) == 64 ? mc_hex_decode(&raw, hex, 64, NULL) : MC_EINVAL;
			if (!rc) {
				mc_base64_encode(&b64, raw.ptr, raw.len);
				sri = mc_arena_printf(a, "sha256-%s", b64.ptr);
			}
			mc_buf_release(&raw);
			mc_buf_release(&b64);
			if (rc)
				return mc_err_set(err, MC_EINVAL,
				                  "component %u: sha256 must be 64 hex digits", i + 1);
		}
		struct mc_json *e = mc_json_new_object(a);
		put_str(a, e, "id", id);
		put(a, e, "type", str_array1(a, "Evidence"));
		put_str(a, e, "name", mc_arena_printf(a, "Component credential %u", i + 1));
		put_str(a, e, "genre", "Component credential");
		put_str(a, e, "digestSRI", sri);
		mc_json_array_append(a, evidence, e);
	}
	return 0;
}

/* ---- issuing ---- */

struct issue_ctx {
	struct mc_arena *a;
	const struct mc_award_request *req;
	const struct mc__award_hook *hook;
	const char *award_key;
	const char *issued_at;
	const char *email; /* lower-cased, as users.email stores it */
	struct mc_achievement *ach;
	struct mc_issuer *issuer;
	struct mc_award *out;
	bool lost_race; /* the insert hit the UNIQUE award_key */
};

static struct mc_award *award_of(struct mc__credential_row *r)
{
	return &r->a;
}

static char *hex_sha256(struct mc_arena *a, const void *p, size_t n)
{
	unsigned char h[crypto_hash_sha256_BYTES];
	struct mc_buf b;
	crypto_hash_sha256(h, p, n);
	mc_buf_init(&b, 80);
	mc_hex_encode(&b, h, sizeof(h));
	char *s = mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return s;
}

static struct mc_json *identity_object(struct mc_arena *a, const char *email)
{
	unsigned char salt_bytes[16];
	struct mc_buf salt, in;
	mc_random_bytes(salt_bytes, sizeof(salt_bytes));
	mc_buf_init(&salt, 64);
	mc_hex_encode(&salt, salt_bytes, sizeof(salt_bytes));
	/* email is lower-cased (verifiers try the lower-cased form of what they are
	 * given too). */
	mc_buf_init(&in, MC_BUF_NOLIMIT);
	mc_buf_puts(&in, email);
	mc_buf_puts(&in, salt.ptr);
	struct mc_json *io = mc_json_new_object(a);
	put_str(a, io, "type", "IdentityObject");
	put(a, io, "hashed", mc_json_new_bool(a, true));
	put_str(a, io, "identityHash", mc_arena_printf(a, "sha256$%s", hex_sha256(a, in.ptr, in.len)));
	put_str(a, io, "identityType", "emailAddress");
	put_str(a, io, "salt", salt.ptr);
	mc_buf_release(&salt);
	mc_buf_release(&in);
	return io;
}

static int build_credential(struct mc_app *app, struct issue_ctx *c, const char *uuid, const char *did,
                            const struct mc_status_alloc *rev, const struct mc_status_alloc *sus,
                            struct mc_json **out, const char **valid_until, struct mc_err *err)
{
	struct mc_arena *a = c->a;
	const struct mc_award_request *req = c->req;
	struct mc_json *issuer, *achievement;
	int rc = mc_issuer_profile_json(app, a, c->issuer, &issuer, err);
	if (rc || (rc = add_endorsements(app, a, issuer, "issuer", c->issuer->id, err)))
		return rc;
	/* The catalogue's Achievement (with its creator, alignments, EU elements), plus
	 * the endorsements it has now. */
	if ((rc = mc_achievement_json(app, a, c->ach, &achievement, err)) ||
	    (rc = add_endorsements(app, a, achievement, "achievement", c->ach->id, err)))
		return rc;
	if ((rc = check_results(req->results, achievement, err)))
		return rc;

	*valid_until = NULL;
	if (c->ach->validity_months > 0) {
		struct mc_time from;
		mc_time_parse(&from, c->issued_at, strlen(c->issued_at), NULL);
		struct mc_time until = add_months(from, c->ach->validity_months);
		*valid_until = format_time(a, &until);
	}

	struct mc_json *subject = mc_json_new_object(a);
	put_str(a, subject, "id", did);
	put(a, subject, "type", str_array1(a, "AchievementSubject"));
	struct mc_json *ids = mc_json_new_array(a);
	mc_json_array_append(a, ids, identity_object(a, c->email));
	put(a, subject, "identifier", ids);
	put(a, subject, "achievement", achievement);
	if (req->results && req->results->len)
		put(a, subject, "result", req->results);
	put_str(a, subject, "narrative", req->narrative);

	struct mc_json *evidence = mc_json_new_array(a);
	for (uint32_t i = 0; req->evidence && i < req->evidence->len; i++)
		mc_json_array_append(a, evidence, &req->evidence->v.items[i]);
	if ((rc = component_evidence(a, req->components, evidence, err)))
		return rc;

	/* OB 3.0 allows one credentialStatus ([0..1]; the OB JSON Schema, the 1EdTech
	 * validator and mc_credential_validate refuse an array), so the credential
	 * carries its revocation entry only. The suspension entry is allocated and
	 * recorded all the same (credentials.suspension_list/index) so that suspending
	 * flips a bit of a signed list; embedding it waits for OB to allow several. */
	(void)sus;
	struct mc_json *status =
	    mc_status_entry_new(a, rev->list_url, MC_STATUS_PURPOSE_REVOCATION, (uint64_t)rev->index);

	struct mc_json *ctx = mc_json_new_array(a);
	mc_json_array_append(a, ctx, mc_json_new_cstr(a, VC2_CONTEXT));
	mc_json_array_append(a, ctx, mc_json_new_cstr(a, OB3_CONTEXT));
	struct mc_json *type = mc_json_new_array(a);
	mc_json_array_append(a, type, mc_json_new_cstr(a, "VerifiableCredential"));
	mc_json_array_append(a, type, mc_json_new_cstr(a, "OpenBadgeCredential"));

	struct mc_json *vc = mc_json_new_object(a);
	put(a, vc, "@context", ctx);
	put_str(a, vc, "id", mc_arena_printf(a, "urn:uuid:%s", uuid));
	put(a, vc, "type", type);
	put_str(a, vc, "name", c->ach->title);
	put(a, vc, "issuer", issuer);
	put_str(a, vc, "validFrom", c->issued_at);
	put_str(a, vc, "validUntil", *valid_until);
	put_str(a, vc, "awardedDate", c->issued_at);
	put(a, vc, "credentialSubject", subject);
	if (evidence->len)
		put(a, vc, "evidence", evidence);
	put(a, vc, "credentialStatus", status);

	/* The model check catches what callers passed in (evidence, results) before a
	 * signature makes it permanent. */
	struct mc_problems probs;
	mc_problems_init(&probs, a);
	if (mc_credential_validate(vc, NULL, &probs, NULL) != 0) {
		for (size_t i = 0; i < probs.len; i++)
			if (probs.items[i].severity == MC_SEVERITY_ERROR)
				return mc_err_set(err, MC_EINVAL,
				                  "the credential would not be valid Open Badges 3.0: %s: %s",
				                  probs.items[i].path, probs.items[i].message);
		return mc_err_set(err, MC_EINVAL, "the credential would not be valid Open Badges 3.0");
	}
	*out = vc;
	return 0;
}

void mc__award_cache_init(struct mc__award_cache *c)
{
	memset(c, 0, sizeof(*c));
	mc_key_init(&c->key);
}

void mc__award_cache_release(struct mc__award_cache *c)
{
	mc_key_release(&c->key);
	memset(c, 0, sizeof(*c));
}

static bool row_ok(int rc, const struct mc__key_row *row)
{
	return rc == 0 && row->secret_json != NULL;
}

/* The issuer's active signing key from the cache, re-read when the active key is
 * another (or another issuer's is wanted). */
static int cached_key(struct mc_app *app, const struct mc_issuer *is, struct mc__award_cache *c,
                      struct mc_key **key, struct mc_err *err)
{
	struct mc_arena ta;
	struct mc__key_row row;
	mc_arena_init(&ta, 0);
	int rc = mc__store_key_active(app->db, &ta, is->id, &row, err);
	if (row_ok(rc, &row) && c->have && strcmp(c->issuer_id, is->id) == 0 &&
	    strcmp(c->key_id, row.id) == 0) {
		sodium_memzero((char *)row.secret_json, strlen(row.secret_json));
		mc_arena_release(&ta);
		*key = &c->key;
		return 0;
	}
	if (rc == 0 && row.secret_json)
		sodium_memzero((char *)row.secret_json, strlen(row.secret_json));
	mc_arena_release(&ta);
	/* Not cached (or rotated): parse it the ordinary way, which also words the
	 * errors (no active key, secret not stored here). */
	mc__award_cache_release(c);
	mc__award_cache_init(c);
	if ((rc = mc_issuer_signing_key(app, is, &c->key, err)))
		return rc;
	if (strlen(is->id) >= sizeof(c->issuer_id) || strlen(c->key.id) >= sizeof(c->key_id)) {
		*key = &c->key; /* too long to cache: use it this once */
		c->have = false;
		return 0;
	}
	strcpy(c->issuer_id, is->id);
	strcpy(c->key_id, c->key.id);
	c->have = true;
	*key = &c->key;
	return 0;
}

static int issue_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct issue_ctx *c = p;
	struct mc_arena *a = c->a;
	const struct mc_award_request *req = c->req;
	struct mc__credential_row *existing;
	int rc = mc__store_credential_find(app->db, a, MC__CRED_BY_AWARD_KEY, c->award_key, &existing, err);
	if (rc == 0) {
		c->out = award_of(existing);
		c->out->created = false;
		return c->hook ? c->hook->after(app, c->hook->ctx, c->out, err) : 0;
	}
	if (rc != MC_ENOTFOUND)
		return rc;

	struct mc_user *user;
	if ((rc = mc_user_ensure(app, a, c->email, req->name, &user, err)))
		return rc;
	const char *did = req->did ? req->did : user->did;
	if (req->did && !user->did && (rc = mc_user_set_did(app, user->id, req->did, err)))
		return rc;

	struct mc__credential_row *row = MC_ARENA_NEW(a, struct mc__credential_row);
	struct mc_status_alloc rev, sus;
	if ((rc = mc__store_award_counter_next(app->db, "credential", &row->a.number, err)) ||
	    (rc = mc_statuslist_allocate_tx(app, a, c->issuer, MC_STATUS_PURPOSE_REVOCATION, &rev, err)) ||
	    (rc = mc_statuslist_allocate_tx(app, a, c->issuer, MC_STATUS_PURPOSE_SUSPENSION, &sus, err)))
		return rc;

	char uuid[MC_UUID_STR_LEN + 1];
	mc_uuid_v4(uuid);
	struct mc_json *vc = NULL, *signed_vc = NULL;
	const char *valid_until;
	if ((rc = build_credential(app, c, uuid, did, &rev, &sus, &vc, &valid_until, err)))
		return rc;

	struct mc_key own, *key = &own;
	char now[32];
	mc_app_now_text(app, now);
	struct mc_proof_opts po = {.created = now};
	const char *jwt = NULL;
	mc_key_init(&own);
	struct mc__award_cache *cache = c->hook ? c->hook->cache : NULL;
	rc = cache ? cached_key(app, c->issuer, cache, &key, err)
	           : mc_issuer_signing_key(app, c->issuer, &own, err);
	if (!rc && (rc = mc_proof_add(a, vc, key, &po, &signed_vc, err)))
		mc_err_prefix(err, "signing the credential");
	if (!rc && c->issuer->issue_jwt && (rc = mc_jwt_sign_credential(a, vc, key, NULL, &jwt, err)))
		mc_err_prefix(err, "signing the VC-JWT");
	mc_key_release(&own);
	if (rc)
		return rc;

	struct mc_buf text;
	mc_buf_init(&text, MC_BUF_NOLIMIT);
	mc_json_write(&text, signed_vc, MC_JSON_COMPACT);
	row->a.id = mc_json_get_str(vc, "id");
	row->a.issuer_id = c->issuer->id;
	row->a.achievement_id = c->ach->id;
	row->a.user_id = user->id;
	row->a.email = c->email;
	row->a.name = req->name && *req->name ? req->name : NULL;
	row->a.award_key = c->award_key;
	row->a.state = "active";
	row->a.json = mc_arena_memdup(a, text.ptr, text.len + 1);
	row->a.jwt = jwt;
	row->a.sha256 = hex_sha256(a, text.ptr, text.len);
	row->a.issued_at = c->issued_at;
	row->a.valid_until = valid_until;
	row->a.created = true;
	row->enrolment_id = req->enrolment_id;
	row->revocation_list = rev.list_id;
	row->revocation_index = rev.index;
	row->suspension_list = sus.list_id;
	row->suspension_index = sus.index;
	mc_buf_release(&text);

	rc = mc__store_credential_insert(app->db, row, err);
	if (rc == MC_EEXIST) {
		/* PostgreSQL: another transaction committed the same award_key after our
		 * look-up. Roll back (giving back the number and the status entries) and
		 * read the winner's credential outside. */
		c->lost_race = true;
		return rc;
	}
	if (rc)
		return rc;

	struct mc_json *ev = mc_json_new_object(a);
	put_str(a, ev, "credential", row->a.id);
	put(a, ev, "number", mc_json_new_int(a, row->a.number));
	put_str(a, ev, "issuer", row->a.issuer_id);
	put_str(a, ev, "achievement", row->a.achievement_id);
	put_str(a, ev, "user", row->a.user_id);
	put_str(a, ev, "award_key", row->a.award_key);
	struct mc_buf evb;
	mc_buf_init(&evb, MC_BUF_NOLIMIT);
	mc_json_write(&evb, ev, MC_JSON_COMPACT);
	rc = mc__store_award_event(app->db, "credential.awarded", row->a.id, evb.ptr, now, err);
	mc_buf_release(&evb);
	if (rc)
		return rc;

	/* The issuance goes into the transparency log in this same transaction: the
	 * credential exists if and only if its log entry does. */
	struct mc_tlog_entry le = {.type = MC_TLOG_ISSUE, .credential_id = row->a.id, .time = now};
	if ((rc = mc_tlog_credential_digest_text(row->a.json, strlen(row->a.json), le.sha256, err)) ||
	    (rc = mc_tlog_append_tx(app, &le, NULL, err)))
		return mc_err_prefix(err, "recording credential %s in the transparency log", row->a.id);
	c->out = &row->a;
	return c->hook ? c->hook->after(app, c->hook->ctx, c->out, err) : 0;
}

int mc__award_issue_ex(struct mc_app *app, struct mc_arena *a, const struct mc_award_request *req,
                       const struct mc__award_hook *hook, struct mc_award **out, struct mc_err *err)
{
	int rc = check_request(req, err);
	if (rc)
		return rc;
	struct issue_ctx c = {.a = a, .req = req, .hook = hook};
	char *email = mc_arena_strdup(a, req->email);
	for (char *p = email; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	c.email = email;
	char now[32];
	mc_app_now_text(app, now);
	if (req->issued_at) {
		if ((rc = mc__award_date(a, req->issued_at, &c.issued_at, err)))
			return mc_err_prefix(err, "award date");
		/* A day of slack for time zones; a later date would make a credential that
		 * is not yet valid. */
		struct mc_time t, n;
		mc_time_parse(&t, c.issued_at, strlen(c.issued_at), NULL);
		mc_time_parse(&n, now, strlen(now), NULL);
		if (t.sec > n.sec + 86400)
			return mc_err_set(
			    err, MC_EINVAL,
			    "award date %s is in the future; give the date the learner earned it",
			    req->issued_at);
	} else {
		c.issued_at = mc_arena_strdup(a, now);
	}
	if (req->award_key) {
		c.award_key = req->award_key;
	} else {
		char uuid[MC_UUID_STR_LEN + 1];
		mc_uuid_v4(uuid);
		c.award_key = mc_arena_printf(a, "direct:%s", uuid);
	}

	if ((rc = mc_achievement_get(app, a, req->achievement_ref, &c.ach, err)))
		return rc;
	if (strcmp(c.ach->state, "published") != 0)
		return mc_err_set(
		    err, MC_ESTATE,
		    "micro-credential '%s' is %s, not published: only published micro-credentials can be "
		    "awarded ('microcred credential publish %s')",
		    c.ach->slug, c.ach->state, c.ach->slug);
	if ((rc = mc_issuer_get(app, a, c.ach->issuer_id, &c.issuer, err)))
		return rc;

	rc = mc_app_tx(app, MC_TX_WRITE, issue_tx, &c, err);
	if (rc == MC_EEXIST && c.lost_race) {
		struct mc__credential_row *existing;
		rc =
		    mc__store_credential_find(app->db, a, MC__CRED_BY_AWARD_KEY, c.award_key, &existing, err);
		if (rc == MC_ENOTFOUND)
			return mc_err_set(err, MC_ESTATE,
			                  "award key %s collided but no credential holds it; retry",
			                  c.award_key);
		if (rc)
			return rc;
		c.out = award_of(existing);
		c.out->created = false;
	} else if (rc) {
		return rc;
	} else {
		/* A new signed tree head at most every few seconds; the award stands even
		 * when this fails (the next award or 'microcred log sth' signs one). */
		struct mc_err sth_err = {0};
		mc_tlog_sth_update(app, MC_TLOG_STH_INTERVAL_MS, NULL, NULL, &sth_err);
	}
	*out = c.out;
	return 0;
}

int mc_award_issue(struct mc_app *app, struct mc_arena *a, const struct mc_award_request *req,
                   struct mc_award **out, struct mc_err *err)
{
	return mc__award_issue_ex(app, a, req, NULL, out, err);
}

int mc_award_get(struct mc_app *app, struct mc_arena *a, const char *ref, struct mc_award **out,
                 struct mc_err *err)
{
	struct mc__credential_row *r;
	int rc;
	size_t n = ref ? strlen(ref) : 0;
	bool digits = n > 0 && n < 19;
	for (size_t i = 0; digits && i < n; i++)
		digits = ref[i] >= '0' && ref[i] <= '9';
	if (digits)
		rc = mc__store_credential_find(app->db, a, MC__CRED_BY_NUMBER, ref, &r, err);
	else if (n == MC_UUID_STR_LEN && mc_uuid_parse(ref, n, NULL, NULL) == 0)
		rc = mc__store_credential_find(app->db, a, MC__CRED_BY_ID,
		                               mc_arena_printf(a, "urn:uuid:%s", ref), &r, err);
	else
		rc = mc__store_credential_find(app->db, a, MC__CRED_BY_ID, ref ? ref : "", &r, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(
		    err, MC_ENOTFOUND,
		    "no credential '%s' (give its id urn:uuid:..., the bare uuid, or its number; "
		    "'microcred award list' shows them)",
		    ref ? ref : "");
	if (rc)
		return rc;
	r->a.created = false;
	*out = &r->a;
	return 0;
}

int mc_award_list(struct mc_app *app, struct mc_arena *a, const struct mc_award_filter *f,
                  struct mc_award ***out, size_t *n, struct mc_err *err)
{
	struct mc__credential_query q = {.email = f->email,
	                                 .user_id = f->user_id,
	                                 .state = f->state,
	                                 .limit = f->limit ? (int64_t)f->limit : 100,
	                                 .offset = (int64_t)f->offset};
	int rc;
	if (f->state && strcmp(f->state, "active") != 0 && strcmp(f->state, "revoked") != 0 &&
	    strcmp(f->state, "suspended") != 0)
		return mc_err_set(err, MC_EINVAL, "unknown state '%s'; use active, revoked or suspended",
		                  f->state);
	if (f->issuer_ref) {
		struct mc_issuer *is;
		if ((rc = mc_issuer_get(app, a, f->issuer_ref, &is, err)))
			return rc;
		q.issuer_id = is->id;
	}
	if (f->achievement_ref) {
		struct mc__achievement_ref achv, *ach = &achv;
		rc = mc__store_achievement_ref(app->db, a, f->achievement_ref, ach, err);
		if (rc == MC_ENOTFOUND)
			return mc_err_set(err, MC_ENOTFOUND, "no micro-credential '%s' (give its slug or id)",
			                  f->achievement_ref);
		if (rc)
			return rc;
		q.achievement_id = ach->id;
	}
	struct mc__credential_row *rows;
	if ((rc = mc__store_credential_list(app->db, a, &q, &rows, n, err)))
		return rc;
	*out = mc_arena_alloc(a, (*n ? *n : 1) * sizeof(**out));
	for (size_t i = 0; i < *n; i++)
		(*out)[i] = &rows[i].a;
	return 0;
}
