/* The mandatory elements of the EU Council Recommendation on a European approach to
 * micro-credentials for lifelong learning and employability (2022/C 243/02), Annex I
 * "Mandatory elements", and where each comes from in microcred: see
 * include/microcred/achievement.h and docs/micro-credentials.md. */
#include <string.h>

#include "microcred/achievement.h"

#include "app/catalogue.h"
#include "store/issuers.h"

enum {
	EL_LEARNER,
	EL_TITLE,
	EL_COUNTRY,
	EL_AWARDING_BODY,
	EL_DATE,
	EL_OUTCOMES,
	EL_WORKLOAD,
	EL_LEVEL,
	EL_ASSESSMENT,
	EL_PARTICIPATION,
	EL_QUALITY,
	EL_DESCRIPTION,
	EL_REQUIREMENT,
	EL_COUNT
};

static const struct mc_eu_element elements[EL_COUNT] = {
    [EL_LEARNER] = {true, "identification of the learner", MC_EU_FROM_AWARD,
                    "the award's recipient (email, DID)", "microcred award --email",
                    "credentialSubject.identifier (salted email hash), credentialSubject.id"},
    [EL_TITLE] = {true, "title of the micro-credential", MC_EU_FROM_ACHIEVEMENT, "title", "--title",
                  "credentialSubject.achievement.name"},
    [EL_COUNTRY] = {true, "country/region of the issuer", MC_EU_FROM_ISSUER, "the issuer's country",
                    "microcred issuer create --country", "issuer.address.addressCountryCode, addressRegion"},
    [EL_AWARDING_BODY] = {true, "awarding body", MC_EU_FROM_ISSUER, "the issuer's name",
                          "microcred issuer create --name",
                          "issuer (Profile), credentialSubject.achievement.creator"},
    [EL_DATE] = {true, "date of issuing", MC_EU_FROM_AWARD, "the award's date", "microcred award --date",
                 "validFrom, awardedDate"},
    [EL_OUTCOMES] = {true, "learning outcomes", MC_EU_FROM_ACHIEVEMENT, "outcomes", "--outcome",
                     "credentialSubject.achievement.criteria.narrative"},
    [EL_WORKLOAD] = {true, "notional workload (ECTS where possible)", MC_EU_FROM_ACHIEVEMENT,
                     "ects or workload_hours", "--ects or --workload-hours",
                     "credentialSubject.achievement.creditsAvailable (ECTS) and criteria.narrative"},
    [EL_LEVEL] = {true, "level (EQF)", MC_EU_FROM_ACHIEVEMENT, "eqf_level", "--eqf-level",
                  "credentialSubject.achievement.alignment (http://data.europa.eu/snb/eqf/N)"},
    [EL_ASSESSMENT] = {true, "type of assessment", MC_EU_FROM_ACHIEVEMENT, "assessment_type",
                       "--assessment-type", "credentialSubject.achievement.criteria.narrative"},
    [EL_PARTICIPATION] = {true, "form of participation", MC_EU_FROM_ACHIEVEMENT,
                          "participation_form or delivery_mode", "--participation-form or --delivery-mode",
                          "credentialSubject.achievement.criteria.narrative"},
    [EL_QUALITY] = {true, "type of quality assurance", MC_EU_FROM_ACHIEVEMENT, "quality_assurance",
                    "--quality-assurance", "credentialSubject.achievement.criteria.narrative"},
    [EL_DESCRIPTION] = {false, "description (required by Open Badges 3.0)", MC_EU_FROM_ACHIEVEMENT,
                        "description", "--description", "credentialSubject.achievement.description"},
    [EL_REQUIREMENT] = {false, "at least one requirement", MC_EU_FROM_ACHIEVEMENT, "requirements",
                        "microcred requirement add", "credentialSubject.achievement.criteria.narrative"},
};

const struct mc_eu_element *mc_eu_elements(size_t *n)
{
	*n = EL_COUNT;
	return elements;
}

static bool blank(const char *s)
{
	if (!s)
		return true;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

int mc_achievement_missing(struct mc_app *app, struct mc_arena *a, const struct mc_achievement *x,
                           const struct mc_eu_element ***out, size_t *n, struct mc_err *err)
{
	struct mc_issuer *is;
	struct mc_requirement *reqs;
	size_t n_reqs = 0;
	bool missing[EL_COUNT] = {false};
	int rc = mc__store_issuer_find(app->db, a, x->issuer_id, &is, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(err, MC_ENOTFOUND, "the issuer of micro-credential '%s' is gone", x->slug);
	if (rc)
		return rc;
	if ((rc = mc__catalogue_requirements(app, a, x->id, &reqs, &n_reqs, err)))
		return rc;

	/* The learner and the date of issuing come with each award: never missing here. */
	missing[EL_TITLE] = blank(x->title);
	missing[EL_COUNTRY] = blank(is->country);
	missing[EL_AWARDING_BODY] = blank(is->name);
	missing[EL_OUTCOMES] = x->n_outcomes == 0;
	missing[EL_WORKLOAD] = !x->has_ects && !x->has_workload_hours;
	missing[EL_LEVEL] = x->level_eqf < 1 || x->level_eqf > 8;
	missing[EL_ASSESSMENT] = blank(x->assessment_type);
	missing[EL_PARTICIPATION] = blank(x->participation_form) && blank(x->delivery_mode);
	missing[EL_QUALITY] = blank(x->quality_assurance);
	missing[EL_DESCRIPTION] = blank(x->description);
	/* A pathway is earned by its rule over other micro-credentials, not requirements. */
	missing[EL_REQUIREMENT] = n_reqs == 0 && (!x->kind || strcmp(x->kind, "pathway") != 0);

	*n = 0;
	*out = mc_arena_alloc(a, EL_COUNT * sizeof(**out));
	for (int i = 0; i < EL_COUNT; i++)
		if (missing[i])
			(*out)[(*n)++] = &elements[i];
	return 0;
}

char *mc__catalogue_missing_text(struct mc_arena *a, const struct mc_eu_element *const *missing, size_t n)
{
	struct mc_buf b;
	size_t eu = 0;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	for (size_t i = 0; i < n; i++) {
		if (!missing[i]->eu)
			continue;
		mc_buf_printf(&b, "%s%s (%s)",
		              eu ? "; " : "missing EU mandatory elements: ", missing[i]->name,
		              missing[i]->field);
		eu++;
	}
	bool other = false;
	for (size_t i = 0; i < n; i++) {
		if (missing[i]->eu)
			continue;
		if (!other)
			mc_buf_puts(&b, eu ? "; also needed: " : "needed: ");
		else
			mc_buf_puts(&b, "; ");
		/* The requirement is not a spec member: say how to add one. */
		if (strcmp(missing[i]->field, "requirements") == 0)
			mc_buf_printf(&b, "%s (%s)", missing[i]->name, missing[i]->flag);
		else
			mc_buf_printf(&b, "%s (%s)", missing[i]->name, missing[i]->field);
		other = true;
	}
	char *s = mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return s;
}
