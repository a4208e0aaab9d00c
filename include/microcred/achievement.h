/* The micro-credential catalogue (src/app/achievements.c, src/app/eu_elements.c):
 * micro-credentials (Open Badges 3.0 Achievements with achievementType
 * MicroCredential) and the requirements that earning one takes.
 *
 * Input is one JSON shape for every face (CLI flags are turned into it, `--from FILE`
 * reads it, the web layer will post it): an object whose members are listed in
 * docs/micro-credentials.md. Each member has a CLI flag of the same name with '-'
 * for '_' (workload_hours <-> --workload-hours; the lists outcomes, tags and
 * alignments are --outcome, --tag and --align). Unknown members are an error naming
 * them; every value is checked and the message names the member and how to fix it.
 *
 * Life cycle: draft -> published -> archived (publish again to bring an archived
 * one back). Publishing requires every mandatory element of the EU Council
 * Recommendation on micro-credentials (2022, Annex I), an OB 3.0 description, and at
 * least one requirement; the error lists each missing element. A published
 * micro-credential accepts only changes that keep it publishable, and never changes
 * its slug (its id, <base>/achievements/<slug>, is in the credentials it awarded).
 * Archived ones are hidden from the catalogue listing unless asked for.
 *
 * Every change runs in one transaction: an error leaves the database unchanged.
 * Results are allocated in the arena given; inputs are borrowed. */
#ifndef MICROCRED_ACHIEVEMENT_H
#define MICROCRED_ACHIEVEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "issuer.h"
#include "json.h"

struct mc_alignment {
	const char *framework;   /* targetFramework, e.g. "ESCO" (may be NULL) */
	const char *code;        /* targetCode (may be NULL) */
	const char *name;        /* targetName (required) */
	const char *url;         /* targetUrl (required, absolute http(s) URL) */
	const char *target_type; /* targetType: an AlignmentTargetType term or "ext:..." (may be NULL) */
};

struct mc_achievement {
	const char *id;
	const char *issuer_id;
	const char *issuer_slug;
	const char *slug;
	const char *kind; /* "micro" or "pathway" */
	const char *title;
	const char *description;
	const char *criteria; /* Markdown narrative written by the issuer */
	const char **outcomes;
	size_t n_outcomes;
	struct mc_alignment *alignments;
	size_t n_alignments;
	int level_eqf; /* 1..8; 0 = not set */
	bool has_workload_hours, has_ects, has_cost;
	double workload_hours, ects, cost_amount;
	const char *cost_currency; /* ISO 4217 */
	const char *delivery_mode; /* "online" | "in-person" | "blended" */
	const char *duration;      /* ISO 8601 duration: P6W, P3M, P1Y ... */
	const char *assessment_type;
	const char *participation_form;
	const char *quality_assurance;
	const char *prerequisites;
	const char *category; /* digital-skills | soft-skills | industry-specific | emerging-technologies */
	const char *language; /* BCP 47 */
	const char **tags;
	size_t n_tags;
	const char *image;       /* URL or data: URL */
	int64_t validity_months; /* 0 = awards do not expire */
	const char *state;       /* "draft" | "published" | "archived" */
	const char *published_at;
	const char *created_at;
	const char *updated_at;
};

/* Creates a draft micro-credential for the issuer (id, slug or DID) from spec, a JSON
 * object of the documented shape (borrowed). spec may also hold "requirements": an
 * array of requirement objects ({"kind", "title", "description", "mode", "config"}),
 * added in the same transaction. MC_EEXIST when the slug is taken. */
int mc_achievement_create(struct mc_app *app, struct mc_arena *a, const char *issuer_ref,
                          const struct mc_json *spec, struct mc_achievement **out, struct mc_err *err);

/* Applies patch (same shape; a member set to null clears it, arrays replace the
 * whole list) to the micro-credential with this id or slug. On a published one the
 * result must still be publishable, and the slug may not change. */
int mc_achievement_update(struct mc_app *app, struct mc_arena *a, const char *ref,
                          const struct mc_json *patch, struct mc_achievement **out, struct mc_err *err);

/* draft/archived -> published; MC_ESTATE listing every missing element (see
 * mc_achievement_missing) when it is not publishable, or when already published. */
int mc_achievement_publish(struct mc_app *app, struct mc_arena *a, const char *ref,
                           struct mc_achievement **out, struct mc_err *err);
/* draft/published -> archived: hidden from the catalogue; awards already made stay valid. */
int mc_achievement_archive(struct mc_app *app, struct mc_arena *a, const char *ref,
                           struct mc_achievement **out, struct mc_err *err);

/* By id or slug. MC_ENOTFOUND names what was looked for. */
int mc_achievement_get(struct mc_app *app, struct mc_arena *a, const char *ref, struct mc_achievement **out,
                       struct mc_err *err);

struct mc_achievement_filter {
	const char *issuer_ref; /* id, slug or DID */
	const char *state;      /* NULL: draft and published (archived hidden); or one state, or "all" */
	const char *category;
	const char *language; /* "en" matches en, en-GB, ... */
	const char *delivery_mode;
	const char *text; /* case-insensitive substring of the title */
	size_t limit;     /* 0 = 50; at most 1000 */
	size_t offset;
};

/* Lists in title order; *total is the number of matches without limit/offset. */
int mc_achievement_list(struct mc_app *app, struct mc_arena *a, const struct mc_achievement_filter *f,
                        struct mc_achievement ***out, size_t *n, size_t *total, struct mc_err *err);

/* The catalogue record as JSON: the input shape plus the read-only members id,
 * issuer, state, published_at, created_at, updated_at, and requirements. */
int mc_achievement_to_json(struct mc_app *app, struct mc_arena *a, const struct mc_achievement *ach,
                           struct mc_json **out, struct mc_err *err);

/* ---- the EU Council Recommendation on micro-credentials (2022), Annex I ---- */

enum mc_eu_source {
	MC_EU_FROM_ACHIEVEMENT = 0, /* a field of the micro-credential */
	MC_EU_FROM_ISSUER,          /* a field of the issuer (awarding body) */
	MC_EU_FROM_AWARD,           /* supplied by each award (learner, date of issuing) */
};

/* One condition of publishing. The first ones are the mandatory elements of Annex
 * I (eu = true), in its order; then microcred's own conditions (eu = false): an OB
 * 3.0 description and at least one requirement. */
struct mc_eu_element {
	bool eu;
	const char *name; /* the element as Annex I names it */
	enum mc_eu_source source;
	const char *field;       /* the spec member (or issuer field) that supplies it */
	const char *flag;        /* how to set it on the command line */
	const char *ob_property; /* where it appears in the OB 3.0 credential */
};

/* Every condition, in order. */
const struct mc_eu_element *mc_eu_elements(size_t *n);

/* What stops ach from being published: pointers into the mc_eu_elements() table, in
 * its order (*n = 0 when it can be published). The issuer is read for its country
 * and name, the requirements are counted. */
int mc_achievement_missing(struct mc_app *app, struct mc_arena *a, const struct mc_achievement *ach,
                           const struct mc_eu_element ***out, size_t *n, struct mc_err *err);

/* ---- the Open Badges 3.0 Achievement ---- */

/* The OB 3.0 Achievement for a micro-credential: {id: <base>/achievements/<slug>,
 * type: ["Achievement"], achievementType: "MicroCredential", name, description,
 * criteria: {id: <achievement id>#criteria, narrative}, image?, alignment?, tag?, inLanguage?,
 * creditsAvailable?, fieldOfStudy?, humanCode, creator}. Only terms the OB 3.0 context defines are used, so a
 * credential embedding it canonicalizes in JSON-LD safe mode; EU elements that have no OB property are
 * written into the criteria narrative (see docs/micro-credentials.md). */
int mc_achievement_json(struct mc_app *app, struct mc_arena *a, const struct mc_achievement *ach,
                        struct mc_json **out, struct mc_err *err);

/* ---- requirements ---- */

enum mc_requirement_kind {
	MC_REQ_ASSIGNMENT = 0, /* {"rubric": [{"criterion", "points"}], "pass_threshold"} */
	MC_REQ_ATTENDANCE,     /* {"sessions", "session_type": "lecture" | "seminar"} */
	MC_REQ_PORTFOLIO,      /* {"min_items"} */
	MC_REQ_ASSESSMENT,     /* {"pass_score", "max_score", "max_attempts", "proctored",
	                          "identity_verification"} */
	MC_REQ_CONFERENCE,     /* {"count"} */
	MC_REQ_WORKPLACE,      /* {"supervisor_required": true} */
};

const char *mc_requirement_kind_name(enum mc_requirement_kind k);
int mc_requirement_kind_parse(const char *s, enum mc_requirement_kind *k, struct mc_err *err);

struct mc_requirement {
	const char *id;
	const char *achievement_id;
	int64_t position; /* 1, 2, ... in the order added */
	const char *kind;
	const char *title;
	const char *description;
	const char *mode;             /* "online" | "in-person" */
	const struct mc_json *config; /* normalised: every member present */
	const char *created_at;
};

/* Checks a requirement object {"kind", "title", "description"?, "mode"?, "config"?}
 * (borrowed) and returns its normalised config (defaults filled in) in a. The
 * message names the member, its allowed range and the flag that sets it. */
int mc_requirement_check(struct mc_arena *a, const struct mc_json *req, struct mc_json **config,
                         struct mc_err *err);

/* Adds a requirement (object as above) to a micro-credential (id or slug). */
int mc_requirement_add(struct mc_app *app, struct mc_arena *a, const char *achievement_ref,
                       const struct mc_json *req, struct mc_requirement **out, struct mc_err *err);
int mc_requirement_list(struct mc_app *app, struct mc_arena *a, const char *achievement_ref,
                        struct mc_requirement **out, size_t *n, struct mc_err *err);
/* Removes a requirement (its id, or its position "2"). Refused when it is the last
 * one of a published micro-credential, or when learners have evidence, attendance
 * or results recorded against it. */
int mc_requirement_remove(struct mc_app *app, const char *achievement_ref, const char *requirement_ref,
                          struct mc_err *err);
/* One line in words: "assessment, online: pass score 70 of 100, at most 3 attempts,
 * proctored (identity: online-proctoring)". */
char *mc_requirement_summary(struct mc_arena *a, const struct mc_requirement *r);
int mc_requirement_to_json(struct mc_arena *a, const struct mc_requirement *r, struct mc_json **out);

#endif
