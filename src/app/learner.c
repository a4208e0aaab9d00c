/* The learner's own view: their enrolments with progress, evidence and reviews,
 * withdrawing, submitting evidence, and their credentials. Ownership is checked
 * here, once, for every web page and API that acts for a learner. */
#include "microcred/learner.h"

#include <stdlib.h>
#include <string.h>

#include "microcred/issuer.h"
#include "microcred/lifecycle.h"

#include "store/learner.h"

#define MAX_ENROLMENTS 200
#define MAX_BACKPACK 500

/* The enrolment if it is the user's; someone else's looks like a missing one. */
static int own_enrolment(struct mc_app *app, struct mc_arena *a, const char *user_id, const char *id,
                         struct mc_enrolment **out, struct mc_err *err)
{
	if (!user_id || !*user_id)
		return mc_err_set(err, MC_EAUTH, "log in to see your enrolments");
	int rc = mc_enrolment_get(app, a, id, out, err);
	if (rc == MC_ENOTFOUND || (!rc && strcmp((*out)->user_id, user_id) != 0))
		return mc_err_set(err, MC_ENOTFOUND,
		                  "you have no enrolment '%s' (your dashboard lists your enrolments)", id);
	return rc;
}

int mc_learner_enrolments(struct mc_app *app, struct mc_arena *a, const char *user_id, bool include_withdrawn,
                          struct mc_progress ***out, size_t *n, struct mc_err *err)
{
	char **ids;
	size_t nids;
	*out = NULL;
	*n = 0;
	int rc = mc__store_learner_enrolment_ids(app->db, a, user_id, include_withdrawn, MAX_ENROLMENTS, &ids,
	                                         &nids, err);
	if (rc)
		return rc;
	*out = mc_arena_zalloc(a, (nids ? nids : 1) * sizeof(**out));
	for (size_t i = 0; i < nids; i++) {
		if ((rc = mc_progress_get(app, a, ids[i], &(*out)[i], err)))
			return mc_err_prefix(err, "enrolment %s", ids[i]);
	}
	*n = nids;
	return 0;
}

int mc_learner_enrolment(struct mc_app *app, struct mc_arena *a, const char *user_id,
                         const char *enrolment_id, struct mc_learner_enrolment **out, struct mc_err *err)
{
	struct mc_enrolment *e;
	struct mc_learner_enrolment *le = MC_ARENA_NEW(a, struct mc_learner_enrolment);
	size_t hidden;
	int rc;
	if ((rc = own_enrolment(app, a, user_id, enrolment_id, &e, err)) ||
	    (rc = mc_progress_get(app, a, e->id, &le->progress, err)) ||
	    (rc = mc_evidence_list(app, a, e->id, user_id, &le->evidence, &le->n_evidence, &hidden, err)))
		return rc;
	*out = le;
	return 0;
}

int mc_learner_withdraw(struct mc_app *app, struct mc_arena *a, const char *user_id, const char *enrolment_id,
                        struct mc_enrolment **out, struct mc_err *err)
{
	struct mc_enrolment *e;
	int rc = own_enrolment(app, a, user_id, enrolment_id, &e, err);
	if (rc)
		return rc;
	if (strcmp(e->state, "active") != 0)
		return mc_err_set(err, MC_ESTATE,
		                  "your enrolment in %s is %s, so there is nothing to withdraw from",
		                  e->achievement_title, e->state);
	return mc_enrolment_withdraw(app, a, e->id, out, err);
}

int mc_learner_submit_evidence(struct mc_app *app, struct mc_arena *a, const char *user_id,
                               const struct mc_evidence_input *in, struct mc_evidence **out,
                               struct mc_err *err)
{
	struct mc_enrolment *e;
	int rc = own_enrolment(app, a, user_id, in->enrolment_id ? in->enrolment_id : "", &e, err);
	if (rc)
		return rc;
	return mc_evidence_submit(app, a, in, out, err);
}

int mc_learner_evidence_file(struct mc_app *app, struct mc_arena *a, const char *user_id,
                             const char *evidence_id, const void **bytes, size_t *len,
                             const char **media_type, const char **file_name, struct mc_err *err)
{
	struct mc_evidence *ev;
	struct mc_enrolment *e;
	int rc = mc_evidence_get(app, a, evidence_id, user_id, &ev, err);
	if (rc == MC_ENOTFOUND || rc == MC_EAUTH || (!rc && !ev->file_sha256))
		return mc_err_set(err, MC_ENOTFOUND, "you have no evidence file '%s'", evidence_id);
	if (rc || (rc = own_enrolment(app, a, user_id, ev->enrolment_id, &e, err)))
		return rc == MC_ENOTFOUND ? mc_err_set(err, rc, "you have no evidence file '%s'", evidence_id)
		                          : rc;
	*file_name = ev->file_name;
	return mc_evidence_file(app, a, ev->file_sha256, bytes, len, media_type, err);
}

/* Adds the awards of list that are not in out yet. */
static void merge(struct mc_arena *a, struct mc_award **list, size_t n, struct mc_backpack_item **out,
                  size_t *nout, size_t *cap, const struct mc_time *now)
{
	for (size_t i = 0; i < n; i++) {
		bool seen = false;
		for (size_t j = 0; j < *nout && !seen; j++)
			seen = strcmp((*out)[j].award->id, list[i]->id) == 0;
		if (seen || *nout >= MAX_BACKPACK)
			continue;
		*out = mc_arena_grow(a, *out, *nout, cap, sizeof(**out));
		(*out)[*nout].award = list[i];
		(*out)[*nout].shown_state = mc_credential_effective_state(list[i], now);
		(*nout)++;
	}
}

static int newest_first(const void *x, const void *y)
{
	const struct mc_backpack_item *p = x, *q = y;
	return p->award->number < q->award->number ? 1 : p->award->number > q->award->number ? -1 : 0;
}

int mc_learner_backpack(struct mc_app *app, struct mc_arena *a, const char *user_id,
                        struct mc_backpack_item **out, size_t *n, struct mc_err *err)
{
	struct mc_user *u;
	struct mc_award **by_id, **by_email;
	size_t n_id, n_email, cap = 0;
	*out = NULL;
	*n = 0;
	if (!user_id || !*user_id)
		return mc_err_set(err, MC_EAUTH, "log in to see your badges");
	int rc = mc_user_get(app, a, user_id, &u, err);
	if (rc)
		return rc;
	/* Credentials awarded by email before the account existed carry no user id. */
	struct mc_award_filter f_id = {.user_id = u->id, .limit = MAX_BACKPACK};
	struct mc_award_filter f_email = {.email = u->email, .limit = MAX_BACKPACK};
	if ((rc = mc_award_list(app, a, &f_id, &by_id, &n_id, err)) ||
	    (rc = mc_award_list(app, a, &f_email, &by_email, &n_email, err)))
		return rc;
	struct mc_time now = mc_app_now(app);
	merge(a, by_id, n_id, out, n, &cap, &now);
	merge(a, by_email, n_email, out, n, &cap, &now);
	if (*n > 1)
		qsort(*out, *n, sizeof(**out), newest_first);
	/* Lists leave out the signed documents; the backpack shows (and offers) them. */
	for (size_t i = 0; i < *n; i++)
		if ((rc = mc_award_get(app, a, (*out)[i].award->id, &(*out)[i].award, err)))
			return rc;
	return 0;
}
