/* Catalogue search: see include/microcred/catalogue.h. The store finds the
 * published micro-credentials matching the words (src/store/catalogue_search.c);
 * here the filters, the facet counts and the page are worked out. A catalogue is
 * thousands of rows, not millions, so this pass over the matches costs far less
 * than the query that found them. */
#include "store/catalogue_search.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "microcred/catalogue.h"

enum { F_CATEGORY, F_SKILL, F_ISSUER, F_LEVEL, F_MODE, F_DURATION, F_COST, F_LANGUAGE };

static const struct {
	const char *name, *label;
} facet_names[MC_CATALOGUE_FACETS] = {
    {"category", "Category"}, {"skill", "Skill"},       {"issuer", "Issuer"}, {"level", "EQF level"},
    {"mode", "Delivery"},     {"duration", "Duration"}, {"cost", "Cost"},     {"language", "Language"},
};

/* Values of the facets with fixed values, in display order. */
static const char *const categories[][2] = {{"digital-skills", "Digital skills"},
                                            {"soft-skills", "Soft skills"},
                                            {"industry-specific", "Industry-specific"},
                                            {"emerging-technologies", "Emerging technologies"},
                                            {NULL, NULL}};
static const char *const modes[][2] = {
    {"online", "Online"}, {"blended", "Blended"}, {"in-person", "In person"}, {NULL, NULL}};
static const char *const durations[][2] = {{"1m", "Up to 1 month"}, {"3m", "1–3 months"},
                                           {"6m", "3–6 months"},    {"12m", "6–12 months"},
                                           {"long", "Over a year"}, {NULL, NULL}};
static const char *const costs[][2] = {
    {"free", "Free"}, {"lt100", "Under 100"}, {"100-500", "100–500"}, {"gt500", "Over 500"}, {NULL, NULL}};
static const char *const languages[][2] = {
    {"en", "English"}, {"de", "German"},   {"fr", "French"},     {"es", "Spanish"},
    {"it", "Italian"}, {"nl", "Dutch"},    {"pt", "Portuguese"}, {"pl", "Polish"},
    {"sv", "Swedish"}, {"fi", "Finnish"},  {"da", "Danish"},     {"el", "Greek"},
    {"cs", "Czech"},   {"ro", "Romanian"}, {"hu", "Hungarian"},  {NULL, NULL}};

static int table_index(const char *const t[][2], const char *v)
{
	for (int i = 0; v && t[i][0]; i++)
		if (strcmp(t[i][0], v) == 0)
			return i;
	return -1;
}

static const char *table_label(const char *const t[][2], const char *v)
{
	int i = table_index(t, v);
	return i < 0 ? NULL : t[i][1];
}

const char *mc_catalogue_bucket_label(const char *facet, const char *value)
{
	if (!facet || !value)
		return NULL;
	if (strcmp(facet, "duration") == 0)
		return table_label(durations, value);
	if (strcmp(facet, "cost") == 0)
		return table_label(costs, value);
	if (strcmp(facet, "category") == 0)
		return table_label(categories, value);
	if (strcmp(facet, "mode") == 0)
		return table_label(modes, value);
	if (strcmp(facet, "language") == 0)
		return table_label(languages, value);
	return NULL;
}

/* ---- durations ---- */

struct dur {
	long years, months, weeks, days, hours;
};

/* Reads PnYnMnWnDTnH (minutes and seconds are accepted and ignored). */
static bool parse_duration(const char *s, struct dur *d)
{
	memset(d, 0, sizeof(*d));
	if (!s || (*s != 'P' && *s != 'p'))
		return false;
	bool time = false, any = false;
	for (const char *p = s + 1; *p;) {
		if (*p == 'T' || *p == 't') {
			time = true;
			p++;
			continue;
		}
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p || v < 0 || v > 100000 || !*end)
			return false;
		switch (*end) {
		case 'Y': d->years = v; break;
		case 'M':
			if (time)
				break; /* minutes */
			d->months = v;
			break;
		case 'W': d->weeks = v; break;
		case 'D': d->days = v; break;
		case 'H': d->hours = v; break;
		case 'S': break;
		default: return false;
		}
		any = true;
		p = end + 1;
	}
	return any;
}

const char *mc_catalogue_duration_bucket(const char *iso)
{
	struct dur d;
	if (!parse_duration(iso, &d))
		return NULL;
	double days = (double)d.years * 365 + (double)d.months * 30.4 + (double)d.weeks * 7 + (double)d.days +
	              (double)d.hours / 24;
	if (days <= 31)
		return "1m";
	if (days <= 92)
		return "3m";
	if (days <= 183)
		return "6m";
	if (days <= 366)
		return "12m";
	return "long";
}

const char *mc_catalogue_duration_words(struct mc_arena *a, const char *iso)
{
	struct dur d;
	if (!iso || !parse_duration(iso, &d))
		return iso;
	const long v[] = {d.years, d.months, d.weeks, d.days, d.hours};
	const char *unit[] = {"year", "month", "week", "day", "hour"};
	char *out = mc_arena_strdup(a, "");
	for (size_t i = 0; i < 5; i++)
		if (v[i])
			out = mc_arena_printf(a, "%s%s%ld %s%s", out, *out ? " " : "", v[i], unit[i],
			                      v[i] == 1 ? "" : "s");
	return *out ? out : iso;
}

const char *mc_catalogue_cost_bucket(bool has_cost, double amount)
{
	if (!has_cost)
		return NULL;
	if (amount <= 0)
		return "free";
	if (amount < 100)
		return "lt100";
	if (amount <= 500)
		return "100-500";
	return "gt500";
}

/* ---- the query ---- */

/* Splits text into at most MC_CATALOGUE_MAX_WORDS words: runs of ASCII letters
 * and digits and of non-ASCII bytes (UTF-8 letters), so punctuation and query
 * operators never reach the store. */
static size_t split_words(struct mc_arena *a, const char *text, const char **words)
{
	size_t n = 0, len = text ? strnlen(text, MC_CATALOGUE_MAX_QUERY) : 0;
	for (size_t i = 0; i < len && n < MC_CATALOGUE_MAX_WORDS;) {
		unsigned char c = (unsigned char)text[i];
		bool w = c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
		if (!w) {
			i++;
			continue;
		}
		size_t j = i;
		while (j < len) {
			unsigned char d = (unsigned char)text[j];
			if (!(d >= 0x80 || (d >= '0' && d <= '9') ||
			      ((d | 0x20) >= 'a' && (d | 0x20) <= 'z')))
				break;
			j++;
		}
		/* A query cut at MC_CATALOGUE_MAX_QUERY may end inside a UTF-8 sequence:
		 * drop the partial character. */
		size_t k = j;
		if (j == len && len == MC_CATALOGUE_MAX_QUERY)
			while (k > i && ((unsigned char)text[k - 1] & 0xC0) == 0x80)
				k--;
		if (k > i && k < j && ((unsigned char)text[k - 1] & 0xC0) == 0xC0)
			k--;
		if (k > i)
			words[n++] = mc_arena_strndup(a, text + i, k - i);
		i = j;
	}
	return n;
}

static int check_query(const struct mc_catalogue_query *q, struct mc_err *err)
{
	if (q->level < 0 || q->level > 8)
		return mc_err_set(err, MC_EINVAL, "level %d: an EQF level is 1 to 8", q->level);
	if (q->category && table_index(categories, q->category) < 0)
		return mc_err_set(
		    err, MC_EINVAL,
		    "category '%s' is not one of digital-skills, soft-skills, industry-specific, "
		    "emerging-technologies",
		    q->category);
	if (q->delivery_mode && table_index(modes, q->delivery_mode) < 0)
		return mc_err_set(err, MC_EINVAL,
		                  "delivery mode '%s' is not one of online, blended, in-person",
		                  q->delivery_mode);
	if (q->duration && table_index(durations, q->duration) < 0)
		return mc_err_set(err, MC_EINVAL, "duration '%s' is not one of 1m, 3m, 6m, 12m, long",
		                  q->duration);
	if (q->cost && table_index(costs, q->cost) < 0)
		return mc_err_set(err, MC_EINVAL, "cost '%s' is not one of free, lt100, 100-500, gt500",
		                  q->cost);
	return 0;
}

/* The language's primary subtag, lower-cased ("en-GB" -> "en"), in a. */
static const char *primary_language(struct mc_arena *a, const char *tag)
{
	if (!tag || !*tag)
		return NULL;
	size_t n = strcspn(tag, "-_");
	char *s = mc_arena_strndup(a, tag, n);
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

/* The item's value for each facet (skills: one row can have several). */
struct keyed {
	const char *v[MC_CATALOGUE_FACETS];
	const char *issuer_name;
};

static bool has_skill(const struct mc_catalogue_item *it, const char *skill)
{
	for (size_t i = 0; i < it->n_skills; i++)
		if (strcmp(it->skills[i], skill) == 0)
			return true;
	return false;
}

/* Which filters the item fails: a bit per facet. */
static unsigned failures(const struct mc_catalogue_query *q, const struct mc_catalogue_item *it,
                         const struct keyed *k, const char *level_text)
{
	unsigned f = 0;
	const char *want[MC_CATALOGUE_FACETS] = {q->category,      NULL,        q->issuer, level_text,
	                                         q->delivery_mode, q->duration, q->cost,   q->language};
	for (int i = 0; i < MC_CATALOGUE_FACETS; i++) {
		if (i == F_SKILL) {
			if (q->skill && !has_skill(it, q->skill))
				f |= 1u << i;
			continue;
		}
		if (want[i] && (!k->v[i] || strcasecmp(want[i], k->v[i]) != 0))
			f |= 1u << i;
	}
	return f;
}

static void count_value(struct mc_arena *a, struct mc_catalogue_facet *fc, size_t *cap, const char *value,
                        const char *label)
{
	if (!value)
		return;
	for (size_t i = 0; i < fc->n; i++)
		if (strcmp(fc->values[i].value, value) == 0) {
			fc->values[i].count++;
			return;
		}
	fc->values = mc_arena_grow(a, fc->values, fc->n, cap, sizeof(*fc->values));
	fc->values[fc->n++] =
	    (struct mc_catalogue_facet_value){.value = value, .label = label ? label : value, .count = 1};
}

static const char *const (*order_table(int facet))[2]
{
	switch (facet) {
	case F_CATEGORY: return categories;
	case F_MODE: return modes;
	case F_DURATION: return durations;
	case F_COST: return costs;
	default: return NULL;
	}
}

/* qsort has no context argument: the facet being sorted, per thread (the server
 * searches on several threads at once). */
static _Thread_local int sort_facet;

static int cmp_values(const void *x, const void *y)
{
	const struct mc_catalogue_facet_value *p = x, *q = y;
	const char *const(*t)[2] = order_table(sort_facet);
	if (t)
		return table_index(t, p->value) - table_index(t, q->value);
	if (sort_facet == F_LEVEL)
		return atoi(p->value) - atoi(q->value);
	if (p->count != q->count)
		return p->count < q->count ? 1 : -1;
	return strcasecmp(p->label, q->label);
}

static void sort_values(struct mc_catalogue_facet *fc, int facet)
{
	sort_facet = facet;
	if (fc->n > 1) /* values is NULL when there are none */
		qsort(fc->values, fc->n, sizeof(*fc->values), cmp_values);
}

int mc_catalogue_search(struct mc_app *app, struct mc_arena *a, const struct mc_catalogue_query *q,
                        struct mc_catalogue_result *out, struct mc_err *err)
{
	memset(out, 0, sizeof(*out));
	int rc = check_query(q, err);
	if (rc)
		return rc;
	const char *words[MC_CATALOGUE_MAX_WORDS];
	size_t nwords = split_words(a, q->text, words);
	struct mc_catalogue_item *all;
	size_t n;
	if ((rc = mc__store_catalogue_search(app->db, a, words, nwords, &all, &n, &out->full_text, err)))
		return rc;

	const char *level_text = q->level ? mc_arena_printf(a, "%d", q->level) : NULL;
	const char *lang = q->language ? primary_language(a, q->language) : NULL;
	struct mc_catalogue_query qq = *q;
	qq.language = lang;
	size_t caps[MC_CATALOGUE_FACETS] = {0};
	for (int i = 0; i < MC_CATALOGUE_FACETS; i++) {
		out->facets[i].name = facet_names[i].name;
		out->facets[i].label = facet_names[i].label;
	}
	struct mc_catalogue_item *hits = MC_ARENA_NEW_ARRAY(a, struct mc_catalogue_item, n ? n : 1);
	size_t nh = 0;
	for (size_t r = 0; r < n; r++) {
		struct mc_catalogue_item *it = &all[r];
		struct keyed k = {.issuer_name = it->issuer_name};
		k.v[F_CATEGORY] = it->category;
		k.v[F_ISSUER] = it->issuer_slug;
		k.v[F_LEVEL] = it->level_eqf ? mc_arena_printf(a, "%d", it->level_eqf) : NULL;
		k.v[F_MODE] = it->delivery_mode;
		k.v[F_DURATION] = mc_catalogue_duration_bucket(it->duration);
		k.v[F_COST] = mc_catalogue_cost_bucket(it->has_cost, it->cost_amount);
		k.v[F_LANGUAGE] = primary_language(a, it->language);
		unsigned f = failures(&qq, it, &k, level_text);
		if (f == 0)
			hits[nh++] = *it;
		/* A facet's counts ignore its own filter: count where every other filter holds. */
		for (int i = 0; i < MC_CATALOGUE_FACETS; i++) {
			if (f & ~(1u << i))
				continue;
			struct mc_catalogue_facet *fc = &out->facets[i];
			if (i == F_SKILL) {
				for (size_t s = 0; s < it->n_skills; s++)
					count_value(a, fc, &caps[i], it->skills[s], NULL);
				continue;
			}
			const char *label = NULL;
			if (i == F_ISSUER)
				label = k.issuer_name;
			else if (i == F_LEVEL && k.v[i])
				label = mc_arena_printf(a, "Level %s", k.v[i]);
			else
				label = mc_catalogue_bucket_label(facet_names[i].name, k.v[i]);
			count_value(a, fc, &caps[i], k.v[i], label);
		}
	}
	/* Selected values stay visible (to be unselected) even with no matches. */
	const char *sel[MC_CATALOGUE_FACETS] = {q->category,      q->skill,    q->issuer, level_text,
	                                        q->delivery_mode, q->duration, q->cost,   lang};
	for (int i = 0; i < MC_CATALOGUE_FACETS; i++) {
		struct mc_catalogue_facet *fc = &out->facets[i];
		bool found = false;
		for (size_t v = 0; v < fc->n; v++)
			if (sel[i] && strcasecmp(fc->values[v].value, sel[i]) == 0)
				fc->values[v].selected = found = true;
		if (sel[i] && !found) {
			const char *label = i == F_LEVEL
			                        ? mc_arena_printf(a, "Level %s", sel[i])
			                        : mc_catalogue_bucket_label(facet_names[i].name, sel[i]);
			count_value(a, fc, &caps[i], mc_arena_strdup(a, sel[i]), label);
			fc->values[fc->n - 1].count = 0;
			fc->values[fc->n - 1].selected = true;
		}
		sort_values(fc, i);
	}

	out->per_page = q->per_page ? q->per_page : MC_CATALOGUE_PER_PAGE;
	if (out->per_page > MC_CATALOGUE_MAX_PER_PAGE)
		out->per_page = MC_CATALOGUE_MAX_PER_PAGE;
	out->page = q->page ? q->page : 1;
	out->total = nh;
	out->pages = (nh + out->per_page - 1) / out->per_page;
	size_t first = (out->page - 1) * out->per_page;
	if (out->page > 1 && first / out->per_page + 1 != out->page) /* overflow */
		first = nh;
	if (first < nh) {
		out->items = hits + first;
		out->n = nh - first < out->per_page ? nh - first : out->per_page;
	}
	return 0;
}
