/* Revocation, suspension and reinstatement of awarded credentials: see
 * include/microcred/lifecycle.h.
 *
 * Each change is one write transaction: the credential row is read, its status
 * entry flipped through the status list service (which re-signs the list
 * credential), the row's state updated only if it still has the state read (a
 * concurrent change makes the update match nothing and the whole change roll back
 * with a message), and an event recorded. */
#include <string.h>

#include "microcred/issuer.h"
#include "microcred/lifecycle.h"
#include "microcred/statuslist_service.h"
#include "microcred/tlog.h"

#include "store/awards.h"
#include "store/lifecycle.h"

enum op { OP_REVOKE, OP_SUSPEND, OP_REINSTATE };

struct change_ctx {
	struct mc_arena *a;
	const struct mc_state_change *in;
	enum op op;
	struct mc_award *out;
};

static const char *op_verb(enum op op)
{
	return op == OP_REVOKE ? "revoke" : op == OP_SUSPEND ? "suspend" : "reinstate";
}

static int check_reason(const struct mc_state_change *in, enum op op, struct mc_err *err)
{
	const char *r = in->reason;
	if (!r || !*r) {
		if (op == OP_REINSTATE)
			return 0;
		return mc_err_set(
		    err, MC_EINVAL,
		    "give a reason to %s a credential (--reason \"...\"): it is recorded and shown to "
		    "the learner",
		    op_verb(op));
	}
	size_t n = strlen(r);
	if (n > MC_REASON_MAX)
		return mc_err_set(err, MC_EINVAL, "the reason is %zu bytes long; keep it under %d", n,
		                  MC_REASON_MAX);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)r[i];
		if (c < 0x20 && c != '\n' && c != '\t')
			return mc_err_set(err, MC_EINVAL,
			                  "the reason contains a control character (byte %zu)", i + 1);
	}
	return 0;
}

/* Owners and editors may change a credential's state; assessors may not. */
static int check_actor(struct mc_app *app, struct mc_arena *a, const char *actor, const char *issuer_id,
                       enum op op, struct mc_err *err)
{
	if (!actor)
		return 0;
	struct mc_user *u;
	enum mc_role role = MC_ROLE_NONE;
	int rc = mc_user_get(app, a, actor, &u, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(err, MC_EAUTH, "%s is not a user here, so may not %s credentials", actor,
		                  op_verb(op));
	if (rc || (rc = mc_staff_role(app, issuer_id, u->id, &role, err)))
		return rc;
	if (role < MC_ROLE_EDITOR)
		return mc_err_set(
		    err, MC_EAUTH,
		    "%s may not %s credentials of this issuer: that needs the owner or editor role "
		    "('microcred staff add')",
		    actor, op_verb(op));
	return 0;
}

static int json_text(struct mc_arena *a, const struct mc_json *v, const char **out)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_json_write(&b, v, MC_JSON_COMPACT);
	*out = mc_arena_memdup(a, b.ptr, b.len + 1);
	mc_buf_release(&b);
	return 0;
}

static void put_str(struct mc_arena *a, struct mc_json *o, const char *k, const char *v)
{
	if (v)
		mc_json_object_set(a, o, k, strlen(k), mc_json_new_cstr(a, v));
}

static int change_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct change_ctx *c = p;
	struct mc_arena *a = c->a;
	struct mc_award *w;
	struct mc__credential_row *row;
	int rc = mc_award_get(app, a, c->in->credential_ref, &w, err);
	if (rc)
		return rc;
	/* Lock, then read the state: a concurrent change waits here, not half-way. */
	if ((rc = mc__store_credential_lock(app->db, w->id, err)))
		return rc;
	rc = mc__store_credential_find(app->db, a, MC__CRED_BY_ID, w->id, &row, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(err, MC_ENOTFOUND, "credential %s disappeared while being changed; retry",
		                  w->id);
	if (rc)
		return rc;
	if ((rc = check_actor(app, a, c->in->actor, row->a.issuer_id, c->op, err)))
		return rc;

	const char *state = row->a.state, *to, *event, *list, *purpose;
	int64_t index;
	bool bit;
	const char *since = row->a.state_reason ? row->a.state_reason : "no reason recorded";
	switch (c->op) {
	case OP_REVOKE:
		if (strcmp(state, "revoked") == 0)
			return mc_err_set(err, MC_ESTATE,
			                  "credential %s is already revoked (%s); nothing changed", w->id,
			                  since);
		to = "revoked", event = "credential.revoked", purpose = MC_STATUS_PURPOSE_REVOCATION;
		list = row->revocation_list, index = row->revocation_index, bit = true;
		break;
	case OP_SUSPEND:
		if (strcmp(state, "revoked") == 0)
			return mc_err_set(
			    err, MC_ESTATE,
			    "credential %s is revoked (%s); a revoked credential cannot be suspended", w->id,
			    since);
		if (strcmp(state, "suspended") == 0)
			return mc_err_set(
			    err, MC_ESTATE,
			    "credential %s is already suspended (%s); 'microcred reinstate %s' lifts it",
			    w->id, since, c->in->credential_ref);
		to = "suspended", event = "credential.suspended", purpose = MC_STATUS_PURPOSE_SUSPENSION;
		list = row->suspension_list, index = row->suspension_index, bit = true;
		break;
	default:
		if (strcmp(state, "revoked") == 0)
			return mc_err_set(
			    err, MC_ESTATE,
			    "credential %s was revoked (%s): revocation is permanent, so it cannot be "
			    "reinstated; award a new credential instead",
			    w->id, since);
		if (strcmp(state, "suspended") != 0)
			return mc_err_set(err, MC_ESTATE,
			                  "credential %s is %s, not suspended: only a suspended credential "
			                  "can be reinstated",
			                  w->id, state);
		to = "active", event = "credential.reinstated", purpose = MC_STATUS_PURPOSE_SUSPENSION;
		list = row->suspension_list, index = row->suspension_index, bit = false;
		break;
	}
	if (!list || index < 0)
		return mc_err_set(
		    err, MC_ESTATE,
		    "credential %s has no %s status entry, so its %s cannot be published; it was "
		    "awarded without one",
		    w->id, purpose, purpose);

	char now[32];
	mc_app_now_text(app, now);
	if ((rc = mc_statuslist_set_tx(app, list, index, bit, err)))
		return mc_err_prefix(err, "updating the %s list of credential %s", purpose, w->id);
	bool changed = false;
	const char *reason = c->in->reason && *c->in->reason ? c->in->reason : NULL;
	if ((rc = mc__store_credential_set_state(app->db, w->id, state, to, reason, now, &changed, err)))
		return rc;
	if (!changed)
		return mc_err_set(err, MC_ESTATE,
		                  "credential %s was changed by someone else at the same time; retry", w->id);

	struct mc_json *ev = mc_json_new_object(a);
	const char *payload;
	put_str(a, ev, "credential", w->id);
	put_str(a, ev, "issuer", row->a.issuer_id);
	put_str(a, ev, "from", state);
	put_str(a, ev, "to", to);
	put_str(a, ev, "reason", reason);
	put_str(a, ev, "actor", c->in->actor);
	json_text(a, ev, &payload);
	if ((rc = mc__store_lifecycle_event(app->db, event, w->id, payload, now, err)))
		return rc;

	/* The change goes into the transparency log in the same transaction: it is
	 * recorded if and only if it happened. */
	struct mc_tlog_entry le = {
	    .type = c->op == OP_REVOKE ? MC_TLOG_REVOKE : c->op == OP_SUSPEND ? MC_TLOG_SUSPEND : MC_TLOG_REINSTATE,
	    .credential_id = w->id,
	    .time = now,
	};
	if (!row->a.json)
		return mc_err_set(err, MC_ESTATE, "credential %s has no stored JSON to log", w->id);
	if ((rc = mc_tlog_credential_digest_text(row->a.json, strlen(row->a.json), le.sha256, err)) ||
	    (rc = mc_tlog_append_tx(app, &le, NULL, err)))
		return mc_err_prefix(err, "recording the change of %s in the transparency log", w->id);

	row->a.state = to;
	row->a.state_reason = reason;
	row->a.created = false;
	c->out = &row->a;
	return 0;
}

static int change(struct mc_app *app, struct mc_arena *a, const struct mc_state_change *in, enum op op,
                  struct mc_award **out, struct mc_err *err)
{
	int rc;
	if (!in->credential_ref || !*in->credential_ref)
		return mc_err_set(
		    err, MC_EINVAL,
		    "which credential? give its id (urn:uuid:...), bare uuid or number ('microcred award "
		    "list' shows them)");
	if ((rc = check_reason(in, op, err)))
		return rc;
	struct change_ctx c = {.a = a, .in = in, .op = op};
	if ((rc = mc_app_tx(app, MC_TX_WRITE, change_tx, &c, err)))
		return rc;
	/* A new signed tree head at most every few seconds; the change stands either way. */
	struct mc_err sth_err = {0};
	mc_tlog_sth_update(app, MC_TLOG_STH_INTERVAL_MS, NULL, NULL, &sth_err);
	*out = c.out;
	return 0;
}

int mc_credential_revoke(struct mc_app *app, struct mc_arena *a, const struct mc_state_change *in,
                         struct mc_award **out, struct mc_err *err)
{
	return change(app, a, in, OP_REVOKE, out, err);
}

int mc_credential_suspend(struct mc_app *app, struct mc_arena *a, const struct mc_state_change *in,
                          struct mc_award **out, struct mc_err *err)
{
	return change(app, a, in, OP_SUSPEND, out, err);
}

int mc_credential_reinstate(struct mc_app *app, struct mc_arena *a, const struct mc_state_change *in,
                            struct mc_award **out, struct mc_err *err)
{
	return change(app, a, in, OP_REINSTATE, out, err);
}

const char *mc_credential_effective_state(const struct mc_award *w, const struct mc_time *now)
{
	if (!w->state || strcmp(w->state, "active") != 0)
		return w->state ? w->state : "active";
	if (w->valid_until && now) {
		struct mc_time until;
		if (mc_time_parse(&until, w->valid_until, strlen(w->valid_until), NULL) == 0 &&
		    mc_time_cmp(now, &until) > 0)
			return "expired";
	}
	return "active";
}
