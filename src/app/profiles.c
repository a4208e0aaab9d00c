/* Public learner profiles and the employer search: see include/microcred/profiles.h. */
#include "store/profiles.h"

#include <string.h>

#include "microcred/lifecycle.h"

int mc_profile_get(struct mc_app *app, struct mc_arena *a, const char *user_id, struct mc_public_profile *out,
                   struct mc_err *err)
{
	memset(out, 0, sizeof(*out));
	int rc = mc__store_public_user(app->db, a, user_id, &out->name, &out->since, err);
	if (rc == MC_ENOTFOUND) /* private and unknown look the same */
		return mc_err_set(err, MC_ENOTFOUND, "no public profile '%s'", user_id);
	if (rc)
		return rc;
	out->user_id = mc_arena_strdup(a, user_id);
	struct mc_award_filter f = {.user_id = user_id, .state = "active", .limit = 1000};
	struct mc_award **all;
	size_t n;
	if ((rc = mc_award_list(app, a, &f, &all, &n, err)))
		return rc;
	struct mc_time now = mc_app_now(app);
	out->credentials = MC_ARENA_NEW_ARRAY(a, struct mc_award *, n ? n : 1);
	for (size_t i = 0; i < n; i++) {
		struct mc_award *full; /* listings leave the signed JSON out */
		if (strcmp(mc_credential_effective_state(all[i], &now), "active") != 0) /* expired */
			continue;
		if ((rc = mc_award_get(app, a, all[i]->id, &full, err)))
			return rc;
		out->credentials[out->n++] = full;
	}
	return 0;
}

int mc_profile_search(struct mc_app *app, struct mc_arena *a, const char *skill, struct mc_profile_hit **out,
                      size_t *n, struct mc_err *err)
{
	*out = NULL;
	*n = 0;
	size_t len = skill ? strnlen(skill, MC_PROFILE_SKILL_MAX) : 0;
	while (len && (skill[len - 1] == ' ' || skill[len - 1] == '\t'))
		len--;
	while (len && (*skill == ' ' || *skill == '\t'))
		skill++, len--;
	if (!len)
		return mc_err_set(err, MC_EINVAL, "skill: give a skill to look for, e.g. skill=data");
	char *pat = mc_arena_alloc(a, 2 * len + 3), *p = pat;
	*p++ = '%';
	for (size_t i = 0; i < len; i++) {
		char c = skill[i];
		if (c == '%' || c == '_' || c == '\\')
			*p++ = '\\';
		*p++ = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	*p++ = '%';
	*p = 0;
	struct mc__profile_match *m;
	size_t nm;
	int rc = mc__store_profile_matches(app->db, a, pat, 2000, &m, &nm, err);
	if (rc)
		return rc;
	struct mc_profile_hit *hits = MC_ARENA_NEW_ARRAY(a, struct mc_profile_hit, nm ? nm : 1);
	struct mc_time now = mc_app_now(app);
	for (size_t i = 0; i < nm; i++) {
		struct mc_award *aw;
		if ((rc = mc_award_get(app, a, m[i].credential_id, &aw, err)))
			return rc;
		if (strcmp(mc_credential_effective_state(aw, &now), "active") != 0)
			continue;
		struct mc_profile_hit *h = *n ? &hits[*n - 1] : NULL;
		if (!h || strcmp(h->user_id, m[i].user_id) != 0) {
			if (*n == MC_PROFILE_SEARCH_MAX)
				break;
			h = &hits[(*n)++];
			*h = (struct mc_profile_hit){.user_id = m[i].user_id, .name = m[i].name};
			h->credentials = MC_ARENA_NEW_ARRAY(a, struct mc_award *, nm - i);
			h->titles = MC_ARENA_NEW_ARRAY(a, const char *, nm - i);
		}
		h->credentials[h->n] = aw;
		h->titles[h->n++] = m[i].title;
	}
	*out = hits;
	return 0;
}
