/* Endorsements: an organisation (an issuer here) vouches for another issuer or for
 * a micro-credential with an Open Badges 3.0 EndorsementCredential, signed with its
 * own key. Awards made later embed the current ones (Profile.endorsement,
 * Achievement.endorsement). See include/microcred/lifecycle.h. */
#include <string.h>

#include "microcred/credential.h"
#include "microcred/id.h"
#include "microcred/issuer.h"
#include "microcred/lifecycle.h"
#include "microcred/proof.h"

#include "store/achievements.h"
#include "store/lifecycle.h"

#define VC2_CONTEXT "https://www.w3.org/ns/credentials/v2"
#define OB3_CONTEXT "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"

static void put_str(struct mc_arena *a, struct mc_json *o, const char *k, const char *v)
{
	if (v)
		mc_json_object_set(a, o, k, strlen(k), mc_json_new_cstr(a, v));
}

static void put(struct mc_arena *a, struct mc_json *o, const char *k, const struct mc_json *v)
{
	mc_json_object_set(a, o, k, strlen(k), v);
}

static struct mc_json *strs(struct mc_arena *a, const char *s1, const char *s2)
{
	struct mc_json *arr = mc_json_new_array(a);
	mc_json_array_append(a, arr, mc_json_new_cstr(a, s1));
	if (s2)
		mc_json_array_append(a, arr, mc_json_new_cstr(a, s2));
	return arr;
}

static char *to_text(struct mc_arena *a, const struct mc_json *v)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_json_write(&b, v, MC_JSON_COMPACT);
	char *s = mc_arena_memdup(a, b.ptr, b.len + 1);
	mc_buf_release(&b);
	return s;
}

static bool text_ok(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

/* What is endorsed: its database id, its id in credentials (a DID or an
 * achievement URL), its name and its issuer. */
struct subject {
	const char *db_id, *uri, *name, *issuer_id;
};

static int resolve_subject(struct mc_app *app, struct mc_arena *a, const char *type, const char *ref,
                           struct subject *out, struct mc_err *err)
{
	int rc;
	if (!ref || !*ref)
		return mc_err_set(err, MC_EINVAL,
		                  "what is endorsed? give --issuer SLUG or --credential SLUG");
	if (type && strcmp(type, "issuer") == 0) {
		struct mc_issuer *is;
		if ((rc = mc_issuer_get(app, a, ref, &is, err)))
			return rc;
		*out = (struct subject){is->id, is->did, is->name, is->id};
		return 0;
	}
	if (type && strcmp(type, "achievement") == 0) {
		struct mc__achievement_ref ach;
		rc = mc__store_achievement_ref(app->db, a, ref, &ach, err);
		if (rc == MC_ENOTFOUND)
			return mc_err_set(
			    err, MC_ENOTFOUND,
			    "no micro-credential '%s' to endorse (give its slug or id; 'microcred credential "
			    "list' shows them)",
			    ref);
		if (rc)
			return rc;
		*out = (struct subject){ach.id,
		                        mc_arena_printf(a, "%s/achievements/%s", app->base_url, ach.slug),
		                        ach.title, ach.issuer_id};
		return 0;
	}
	return mc_err_set(err, MC_EINVAL, "unknown endorsement subject type '%s'; use issuer or achievement",
	                  type ? type : "");
}

struct endorse_ctx {
	struct mc_arena *a;
	const struct mc__endorsement_row *row;
	int64_t replaced;
};

static int endorse_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct endorse_ctx *c = p;
	const struct mc__endorsement_row *r = c->row;
	int rc = mc__store_endorsement_withdraw_current(app->db, r->endorser_id, r->subject_type,
	                                                r->subject_id, r->created_at, &c->replaced, err);
	if (rc || (rc = mc__store_endorsement_insert(app->db, r, err)))
		return rc;
	struct mc_json *ev = mc_json_new_object(c->a);
	put_str(c->a, ev, "endorsement", r->id);
	put_str(c->a, ev, "endorser", r->endorser_id);
	put_str(c->a, ev, "subject_type", r->subject_type);
	put_str(c->a, ev, "subject", r->subject_id);
	put(c->a, ev, "replaced", mc_json_new_int(c->a, c->replaced));
	return mc__store_lifecycle_event(app->db, "endorsement.issued", r->id, to_text(c->a, ev),
	                                 r->created_at, err);
}

int mc_endorse(struct mc_app *app, struct mc_arena *a, const struct mc_endorse_input *in,
               struct mc_endorsement **out, struct mc_err *err)
{
	int rc;
	if (!in->endorser_ref || !*in->endorser_ref)
		return mc_err_set(err, MC_EINVAL,
		                  "who endorses? give --by ISSUER (an issuer of this installation)");
	if (!in->comment || !*in->comment)
		return mc_err_set(
		    err, MC_EINVAL,
		    "say why you endorse it: --comment \"...\" (the endorsementComment verifiers show)");
	if (!text_ok(in->comment, MC_ENDORSEMENT_COMMENT_MAX))
		return mc_err_set(err, MC_EINVAL,
		                  "the comment must be at most %d bytes without control characters",
		                  MC_ENDORSEMENT_COMMENT_MAX);
	if (in->name && !text_ok(in->name, 300))
		return mc_err_set(err, MC_EINVAL,
		                  "the name must be at most 300 bytes without control characters");
	struct mc_issuer *endorser;
	struct subject subj;
	if ((rc = mc_issuer_get(app, a, in->endorser_ref, &endorser, err)))
		return mc_err_prefix(err, "endorser");
	if ((rc = resolve_subject(app, a, in->subject_type, in->subject_ref, &subj, err)))
		return rc;
	/* Vouching for oneself says nothing a verifier could rely on. */
	if (strcmp(subj.issuer_id, endorser->id) == 0)
		return mc_err_set(
		    err, MC_EINVAL,
		    "%s cannot endorse %s: an endorsement must come from another organisation than the "
		    "issuer",
		    endorser->slug,
		    strcmp(in->subject_type, "issuer") == 0 ? "itself" : "its own micro-credential");

	char now[32], uuid[MC_UUID_STR_LEN + 1];
	mc_app_now_text(app, now);
	mc_uuid_v4(uuid);
	struct mc_json *profile;
	if ((rc = mc_issuer_profile_json(app, a, endorser, &profile, err)))
		return rc;
	struct mc_json *subject = mc_json_new_object(a);
	put_str(a, subject, "id", subj.uri);
	put(a, subject, "type", strs(a, "EndorsementSubject", NULL));
	put_str(a, subject, "endorsementComment", in->comment);
	struct mc_json *vc = mc_json_new_object(a);
	put(a, vc, "@context", strs(a, VC2_CONTEXT, OB3_CONTEXT));
	put_str(a, vc, "id", mc_arena_printf(a, "urn:uuid:%s", uuid));
	put(a, vc, "type", strs(a, "VerifiableCredential", "EndorsementCredential"));
	put_str(a, vc, "name",
	        in->name && *in->name ? in->name
	                              : mc_arena_printf(a, "%s endorses %s", endorser->name, subj.name));
	put(a, vc, "issuer", profile);
	put_str(a, vc, "validFrom", now);
	put_str(a, vc, "awardedDate", now);
	put(a, vc, "credentialSubject", subject);

	struct mc_problems probs;
	struct mc_validate_opts vo = {.kind = MC_CRED_ENDORSEMENT};
	mc_problems_init(&probs, a);
	if (mc_credential_validate(vc, &vo, &probs, NULL) != 0) {
		for (size_t i = 0; i < probs.len; i++)
			if (probs.items[i].severity == MC_SEVERITY_ERROR)
				return mc_err_set(
				    err, MC_EINVAL,
				    "the endorsement would not be a valid EndorsementCredential: %s: %s",
				    probs.items[i].path, probs.items[i].message);
		return mc_err_set(err, MC_EINVAL,
		                  "the endorsement would not be a valid EndorsementCredential");
	}

	struct mc_key key;
	struct mc_json *signed_vc;
	struct mc_proof_opts po = {.created = now};
	mc_key_init(&key);
	rc = mc_issuer_signing_key(app, endorser, &key, err);
	if (!rc && (rc = mc_proof_add(a, vc, &key, &po, &signed_vc, err)))
		mc_err_prefix(err, "signing the endorsement");
	mc_key_release(&key);
	if (rc)
		return rc;

	struct mc__endorsement_row *row = MC_ARENA_NEW(a, struct mc__endorsement_row);
	row->id = mc_json_get_str(vc, "id");
	row->endorser_id = endorser->id;
	row->subject_type = strcmp(in->subject_type, "issuer") == 0 ? "issuer" : "achievement";
	row->subject_id = subj.db_id;
	row->comment = in->comment;
	row->json = to_text(a, signed_vc);
	row->created_at = mc_arena_strdup(a, now);
	struct endorse_ctx c = {.a = a, .row = row};
	if ((rc = mc_app_tx(app, MC_TX_WRITE, endorse_tx, &c, err)))
		return rc;
	struct mc_endorsement *e = MC_ARENA_NEW(a, struct mc_endorsement);
	*e = (struct mc_endorsement){row->id,      row->endorser_id, row->subject_type, row->subject_id,
	                             row->comment, row->json,        row->created_at,   NULL};
	*out = e;
	return 0;
}

struct withdraw_ctx {
	const char *id;
};

static int withdraw_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct withdraw_ctx *c = p;
	char now[32];
	bool changed = false;
	mc_app_now_text(app, now);
	int rc = mc__store_endorsement_withdraw(app->db, c->id, now, &changed, err);
	if (rc)
		return rc;
	if (!changed)
		return mc_err_set(
		    err, MC_ENOTFOUND,
		    "no current endorsement '%s' (unknown, or withdrawn already; 'microcred endorse list' "
		    "shows them)",
		    c->id);
	return mc__store_lifecycle_event(app->db, "endorsement.withdrawn", c->id, "{}", now, err);
}

int mc_endorsement_withdraw(struct mc_app *app, const char *id, struct mc_err *err)
{
	struct withdraw_ctx c = {id ? id : ""};
	return mc_app_tx(app, MC_TX_WRITE, withdraw_tx, &c, err);
}

int mc_endorsement_list(struct mc_app *app, struct mc_arena *a, const char *endorser_ref,
                        const char *subject_type, const char *subject_ref, bool include_withdrawn,
                        struct mc_endorsement ***out, size_t *n, struct mc_err *err)
{
	const char *endorser_id = NULL, *subject_id = NULL;
	int rc;
	if (endorser_ref) {
		struct mc_issuer *is;
		if ((rc = mc_issuer_get(app, a, endorser_ref, &is, err)))
			return rc;
		endorser_id = is->id;
	}
	if (subject_ref) {
		struct subject s;
		if ((rc = resolve_subject(app, a, subject_type, subject_ref, &s, err)))
			return rc;
		subject_id = s.db_id;
	} else if (subject_type && strcmp(subject_type, "issuer") && strcmp(subject_type, "achievement")) {
		return mc_err_set(err, MC_EINVAL,
		                  "unknown endorsement subject type '%s'; use issuer or achievement",
		                  subject_type);
	}
	struct mc__endorsement_row *rows;
	if ((rc = mc__store_endorsement_list(app->db, a, endorser_id, subject_type, subject_id,
	                                     include_withdrawn, &rows, n, err)))
		return rc;
	*out = mc_arena_alloc(a, (*n ? *n : 1) * sizeof(**out));
	for (size_t i = 0; i < *n; i++) {
		struct mc_endorsement *e = MC_ARENA_NEW(a, struct mc_endorsement);
		*e = (struct mc_endorsement){rows[i].id,         rows[i].endorser_id, rows[i].subject_type,
		                             rows[i].subject_id, rows[i].comment,     rows[i].json,
		                             rows[i].created_at, rows[i].withdrawn_at};
		(*out)[i] = e;
	}
	return 0;
}

int mc_endorsements_for(struct mc_app *app, struct mc_arena *a, const char *subject_type,
                        const char *subject_id, struct mc_json **json_array, struct mc_err *err)
{
	struct mc__endorsement_row *rows;
	size_t n;
	int rc =
	    mc__store_endorsement_list(app->db, a, NULL, subject_type, subject_id, false, &rows, &n, err);
	if (rc)
		return rc;
	struct mc_json *arr = mc_json_new_array(a);
	/* The list is newest first; embed oldest first. */
	for (size_t i = n; i-- > 0;) {
		struct mc_json *e;
		if (mc_json_parse(a, rows[i].json, strlen(rows[i].json), NULL, &e, err) != 0)
			return mc_err_prefix(err, "stored endorsement %s", rows[i].id);
		mc_json_array_append(a, arr, e);
	}
	*json_array = arr;
	return 0;
}
