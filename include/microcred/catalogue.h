/* Searching the catalogue of published micro-credentials (src/app/catalogue_search.c):
 * full-text search over titles, descriptions, skills (alignment names), tags and
 * issuer names, facets with counts, and pagination — what the home page, the
 * catalogue page and the search API show.
 *
 * Text search: the query is split into words; every word must match (a word also
 * matches as a prefix: "analy" finds "analysis"). On SQLite with the FTS5 module
 * the words are looked up in an FTS5 index ranked by BM25 (title matches weigh
 * most); without FTS5, and on other backends until they provide their own index,
 * each word is matched as a case-insensitive substring (LIKE). Whatever the user
 * typed is only ever data: quotes, operators and column filters of the FTS5 query
 * language are neutralised.
 *
 * Facets: category, skill, issuer, EQF level, delivery mode, duration bucket,
 * cost bucket and language. Each facet's counts apply every other selected filter
 * but not its own ("disjunctive" counts), so a visitor sees how many results each
 * alternative value would give.
 *
 * Results are allocated in the arena given; inputs are borrowed. */
#ifndef MICROCRED_CATALOGUE_H
#define MICROCRED_CATALOGUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"

#define MC_CATALOGUE_PER_PAGE 24
#define MC_CATALOGUE_MAX_PER_PAGE 100
#define MC_CATALOGUE_MAX_WORDS 8   /* words of a query beyond these are ignored */
#define MC_CATALOGUE_MAX_QUERY 200 /* bytes of query text considered */

/* What to look for; every member may be NULL / 0 (no condition). Filter values are
 * the facet values' ids (mc_catalogue_facet_value.value). */
struct mc_catalogue_query {
	const char *text;
	const char *category; /* digital-skills | soft-skills | industry-specific | emerging-technologies */
	const char *skill;    /* an alignment name, exactly */
	const char *issuer;   /* issuer slug */
	int level;            /* EQF level 1..8 */
	const char *delivery_mode; /* online | in-person | blended */
	const char *duration;      /* bucket: "1m" (up to a month), "3m", "6m", "12m", "long" (over a year) */
	const char *cost;          /* bucket: "free", "lt100", "100-500", "gt500" */
	const char *language;      /* primary language subtag: "en" also matches en-GB */
	size_t page;               /* 1-based; 0 = 1 */
	size_t per_page;           /* 0 = MC_CATALOGUE_PER_PAGE; at most MC_CATALOGUE_MAX_PER_PAGE */
};

/* One published micro-credential as a result row. */
struct mc_catalogue_item {
	const char *id, *slug, *kind, *title, *description;
	const char *issuer_slug, *issuer_name;
	const char *category, *delivery_mode, *duration, *language;
	int level_eqf; /* 0 = not set */
	bool has_workload_hours, has_ects, has_cost;
	double workload_hours, ects, cost_amount;
	const char *cost_currency;
	const char **skills; /* alignment names, in order */
	size_t n_skills;
	double rank; /* lower is better (BM25); 0 without a text query */
};

struct mc_catalogue_facet_value {
	const char *value; /* what to pass back in the query */
	const char *label; /* what to show */
	size_t count;
	bool selected;
};

struct mc_catalogue_facet {
	const char *name;  /* the query parameter: "category", "skill", "issuer", "level", "mode",
	                      "duration", "cost", "language" */
	const char *label; /* "Category", ... */
	struct mc_catalogue_facet_value *values;
	size_t n;
};

#define MC_CATALOGUE_FACETS 8

struct mc_catalogue_result {
	struct mc_catalogue_item *items; /* this page */
	size_t n;
	size_t total; /* matches of the whole query */
	size_t page, per_page, pages;
	struct mc_catalogue_facet facets[MC_CATALOGUE_FACETS];
	bool full_text; /* the FTS5 index answered (false: the LIKE fallback) */
};

/* Searches the published micro-credentials. Results come in relevance order with
 * a text query, else in title order. A page past the end gives no items (and the
 * right total). MC_EINVAL for a filter value that is not one of the documented
 * ones (a level outside 1..8, an unknown bucket). */
int mc_catalogue_search(struct mc_app *app, struct mc_arena *a, const struct mc_catalogue_query *q,
                        struct mc_catalogue_result *out, struct mc_err *err);

/* The bucket ids and labels of the facets that group values: duration of an ISO
 * 8601 duration ("P6W" -> "3m"), cost of an amount ("free" for 0). NULL when the
 * value cannot be placed (no duration, an unreadable one, no cost). */
const char *mc_catalogue_duration_bucket(const char *iso_duration);
const char *mc_catalogue_cost_bucket(bool has_cost, double amount);
/* The label of a bucket id ("lt100" -> "Under 100"); NULL for an unknown id. */
const char *mc_catalogue_bucket_label(const char *facet, const char *value);

/* An ISO 8601 duration in words: "P6W" -> "6 weeks", "P1Y6M" -> "1 year 6 months".
 * The input itself when it cannot be read. In a. */
const char *mc_catalogue_duration_words(struct mc_arena *a, const char *iso_duration);

#endif
