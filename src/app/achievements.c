/* The micro-credential catalogue: see include/microcred/achievement.h and
 * docs/micro-credentials.md (the JSON shape, the EU elements, the OB 3.0 mapping). */
#include "store/achievements.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/achievement.h"

#include "app/catalogue.h"

/* ---- small helpers shared with requirements.c and eu_elements.c ---- */

static const char *const flag_table[][2] = {
    {"issuer", "--issuer"},
    {"slug", "--slug"},
    {"kind", "--kind"},
    {"title", "--title"},
    {"description", "--description"},
    {"criteria", "--criteria"},
    {"outcomes", "--outcome"},
    {"alignments", "--align"},
    {"eqf_level", "--eqf-level"},
    {"workload_hours", "--workload-hours"},
    {"ects", "--ects"},
    {"cost", "--cost"},
    {"currency", "--currency"},
    {"delivery_mode", "--delivery-mode"},
    {"duration", "--duration"},
    {"assessment_type", "--assessment-type"},
    {"participation_form", "--participation-form"},
    {"quality_assurance", "--quality-assurance"},
    {"prerequisites", "--prerequisites"},
    {"category", "--category"},
    {"language", "--language"},
    {"tags", "--tag"},
    {"image", "--image"},
    {"validity_months", "--validity-months"},
    {"requirements", "--from FILE"},
    {"rubric", "--rubric"},
    {"pass_threshold", "--pass-threshold"},
    {"sessions", "--sessions"},
    {"session_type", "--session-type"},
    {"min_items", "--min-items"},
    {"pass_score", "--pass-score"},
    {"max_score", "--max-score"},
    {"max_attempts", "--max-attempts"},
    {"proctored", "--proctored"},
    {"identity_verification", "--identity-verification"},
    {"count", "--count"},
    {"supervisor_required", "implied"},
};

const char *mc__catalogue_flag(const char *member)
{
	for (size_t i = 0; i < sizeof(flag_table) / sizeof(flag_table[0]); i++)
		if (strcmp(flag_table[i][0], member) == 0)
			return flag_table[i][1];
	return "no flag";
}

static bool is_spec_member(const char *key)
{
	/* The spec members are the first 25 rows of flag_table. */
	for (size_t i = 0; i < 25; i++)
		if (strcmp(flag_table[i][0], key) == 0)
			return true;
	return false;
}

bool mc__catalogue_url_ok(const char *s)
{
	const char *host;
	if (strncmp(s, "https://", 8) == 0)
		host = s + 8;
	else if (strncmp(s, "http://", 7) == 0)
		host = s + 7;
	else
		return false;
	if (!*host || *host == '/' || *host == '?' || *host == '#' || *host == ':')
		return false;
	for (const char *p = s; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>' || *p == '\\' ||
		    *p == '`' || *p == '{' || *p == '}' || *p == '|' || *p == '^' ||
		    (unsigned char)*p == 0x7f)
			return false;
	return true;
}

char *mc__catalogue_num(struct mc_arena *a, double d)
{
	char txt[32];
	mc_jcs_format_double(d, txt);
	return mc_arena_strdup(a, txt);
}

/* ---- value checks ---- */

/* Active ISO 4217 codes for prices (Debian iso-codes 4.15.0, iso_4217.json), without
 * the fund, precious-metal and testing codes (BOV, CHE, XAU, XDR, XTS, XXX, ...). */
static const char currencies[] = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF "
                                 "BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC "
                                 "CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL "
                                 "GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR "
                                 "ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR "
                                 "LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR "
                                 "MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR "
                                 "RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP "
                                 "STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD "
                                 "UYU UZS VED VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL ";

static bool currency_ok(const char *c)
{
	if (strlen(c) != 3 || !isupper((unsigned char)c[0]) || !isupper((unsigned char)c[1]) ||
	    !isupper((unsigned char)c[2]))
		return false;
	for (const char *p = currencies; *p; p += 4)
		if (memcmp(p, c, 3) == 0)
			return true;
	return false;
}

static bool all_of(const char *s, size_t n, int (*cls)(int))
{
	for (size_t i = 0; i < n; i++)
		if (!cls((unsigned char)s[i]))
			return false;
	return true;
}

/* RFC 5646 language tag syntax (not the registry): language (2-3 letters, optional
 * extlangs), script, region, variants, extensions, private use. */
static bool bcp47_ok(const char *tag)
{
	const char *subs[64];
	size_t lens[64], n = 0;
	const char *p = tag;
	if (!*tag || strlen(tag) > 80)
		return false;
	while (n < 64) {
		const char *e = strchr(p, '-');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		if (len == 0 || len > 8 || !all_of(p, len, isalnum))
			return false;
		subs[n] = p;
		lens[n++] = len;
		if (!e)
			break;
		p = e + 1;
	}
	if (n == 64)
		return false;
	size_t i = 0;
	if (lens[0] == 1 && tolower((unsigned char)subs[0][0]) == 'x')
		goto private_use;
	if (lens[0] < 2 || lens[0] > 3 || !all_of(subs[0], lens[0], isalpha))
		return false;
	i = 1;
	for (int ext = 0; ext < 3 && i < n && lens[i] == 3 && all_of(subs[i], 3, isalpha); ext++)
		i++;
	if (i < n && lens[i] == 4 && all_of(subs[i], 4, isalpha))
		i++;
	if (i < n &&
	    ((lens[i] == 2 && all_of(subs[i], 2, isalpha)) || (lens[i] == 3 && all_of(subs[i], 3, isdigit))))
		i++;
	while (i < n && ((lens[i] >= 5) || (lens[i] == 4 && isdigit((unsigned char)subs[i][0]))))
		i++;
	while (i < n && lens[i] == 1 && tolower((unsigned char)subs[i][0]) != 'x') {
		size_t start = ++i;
		while (i < n && lens[i] >= 2)
			i++;
		if (i == start)
			return false;
	}
	if (i == n)
		return true;
	if (lens[i] != 1 || tolower((unsigned char)subs[i][0]) != 'x')
		return false;
private_use:
	return i + 1 < n;
}

/* ISO 8601 duration: PnYnMnDTnHnMnS (whole numbers, at least one non-zero part, a
 * T only before time parts) or PnW on its own. */
static bool duration_ok(const char *s)
{
	const char *p = s;
	bool any = false, nonzero = false, time = false;
	if (*p++ != 'P')
		return false;
	const char *order = "YMWD";
	size_t at = 0;
	bool weeks = false;
	while (*p) {
		if (*p == 'T') {
			if (time || !p[1])
				return false;
			time = true;
			order = "HMS";
			at = 0;
			p++;
			continue;
		}
		if (!isdigit((unsigned char)*p))
			return false;
		long long v = 0;
		int digits = 0;
		while (isdigit((unsigned char)*p)) {
			if (++digits > 6)
				return false;
			v = v * 10 + (*p++ - '0');
		}
		const char *u = strchr(order + at, *p);
		if (!*p || !u)
			return false;
		if (!time && *p == 'W')
			weeks = true;
		at = (size_t)(u - order) + 1;
		p++;
		any = true;
		nonzero |= v > 0;
	}
	if (weeks && (strchr(s + 1, 'Y') || strchr(s + 1, 'D') || time || strchr(s + 1, 'M')))
		return false;
	return any && nonzero;
}

static bool slug_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 80 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return false;
	return true;
}

static const char *const delivery_modes[] = {"online", "in-person", "blended", NULL};
static const char *const categories[] = {"digital-skills", "soft-skills", "industry-specific",
                                         "emerging-technologies", NULL};
static const char *const target_types[] = {
    "ceasn:Competency",  "ceterms:Credential",     "CFItem", "CFRubric",
    "CFRubricCriterion", "CFRubricCriterionLevel", "CTDL",   NULL};

static bool in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return true;
	return false;
}

/* ---- reading the spec ---- */

enum spec_mode { SPEC_CREATE, SPEC_UPDATE };

struct spec_extra {
	const struct mc_json *requirements;
	const char *issuer;
	bool slug_set;
};

static int text_member(const struct mc_json *v, const char *key, size_t max, bool single_line,
                       const char **dst, struct mc_err *err)
{
	if (mc_json_is_null(v)) {
		*dst = NULL;
		return 0;
	}
	if (!mc_json_is_string(v))
		return mc_err_set(err, MC_EINVAL, "%s (%s) must be a text, not %s", key,
		                  mc__catalogue_flag(key), mc_json_type_name((enum mc_json_type)v->type));
	size_t i = 0;
	while (i < v->len && isspace((unsigned char)v->v.str[i]))
		i++;
	if (i == v->len)
		return mc_err_set(err, MC_EINVAL,
		                  "%s (%s) is empty; leave it out, or set it to null to clear it", key,
		                  mc__catalogue_flag(key));
	if (v->len > max)
		return mc_err_set(err, MC_EINVAL, "%s (%s) is %u bytes long; at most %zu are allowed", key,
		                  mc__catalogue_flag(key), v->len, max);
	for (i = 0; i < v->len; i++) {
		unsigned char c = (unsigned char)v->v.str[i];
		if (c < ' ' && (single_line || (c != '\n' && c != '\t' && c != '\r')))
			return mc_err_set(err, MC_EINVAL, "%s (%s) contains a control character%s", key,
			                  mc__catalogue_flag(key),
			                  single_line ? " or line break; keep it on one line" : "");
	}
	*dst = v->v.str;
	return 0;
}

/* A number in (0, hi] (or [0, hi] when zero_ok); null clears. */
static int number_member(const struct mc_json *v, const char *key, bool zero_ok, double hi, const char *why,
                         bool *has, double *dst, struct mc_err *err)
{
	if (mc_json_is_null(v)) {
		*has = false;
		*dst = 0;
		return 0;
	}
	if (!mc_json_is_number(v))
		return mc_err_set(err, MC_EINVAL, "%s (%s) must be a number%s%s", key,
		                  mc__catalogue_flag(key), mc_json_is_string(v) ? ", not the text " : "",
		                  mc_json_is_string(v) ? v->v.str : "");
	double d = mc_json_number(v);
	if (d < 0 || (!zero_ok && d == 0) || d > hi)
		return mc_err_set(err, MC_EINVAL, "%s (%s) is %.*s; it must be %s and at most %g%s", key,
		                  mc__catalogue_flag(key), (int)v->len, v->v.raw,
		                  zero_ok ? "0 or more" : "greater than 0", hi, why);
	*has = true;
	*dst = d;
	return 0;
}

static int int_member(const struct mc_json *v, const char *key, int64_t lo, int64_t hi, int64_t *dst,
                      struct mc_err *err)
{
	int64_t i;
	if (mc_json_is_null(v)) {
		*dst = 0;
		return 0;
	}
	if (!mc_json_is_number(v) || !mc_json_number_as_int(v, &i) || i < lo || i > hi)
		return mc_err_set(err, MC_EINVAL, "%s (%s) must be a whole number from %lld to %lld", key,
		                  mc__catalogue_flag(key), (long long)lo, (long long)hi);
	*dst = i;
	return 0;
}

static int enum_member(const struct mc_json *v, const char *key, const char *const *allowed,
                       const char *allowed_text, const char **dst, struct mc_err *err)
{
	if (mc_json_is_null(v)) {
		*dst = NULL;
		return 0;
	}
	if (!mc_json_is_string(v) || !in_list(allowed, v->v.str))
		return mc_err_set(err, MC_EINVAL, "%s (%s) must be one of %s%s%s%s", key,
		                  mc__catalogue_flag(key), allowed_text,
		                  mc_json_is_string(v) ? " (got '" : "", mc_json_is_string(v) ? v->v.str : "",
		                  mc_json_is_string(v) ? "')" : "");
	*dst = v->v.str;
	return 0;
}

/* A list of distinct single-line texts. */
static int texts_member(struct mc_arena *a, const struct mc_json *v, const char *key, size_t max_items,
                        size_t max_len, const char ***dst, size_t *n, struct mc_err *err)
{
	if (mc_json_is_null(v)) {
		*dst = NULL;
		*n = 0;
		return 0;
	}
	if (!mc_json_is_array(v))
		return mc_err_set(err, MC_EINVAL, "%s must be an array of texts (%s, repeated)", key,
		                  mc__catalogue_flag(key));
	if (v->len > max_items)
		return mc_err_set(err, MC_EINVAL, "%s has %u entries; at most %zu are allowed", key, v->len,
		                  max_items);
	const char **out = mc_arena_alloc(a, (v->len ? v->len : 1) * sizeof(*out));
	for (uint32_t i = 0; i < v->len; i++) {
		char where[64];
		snprintf(where, sizeof(where), "%s[%u]", key, i);
		int rc = text_member(&v->v.items[i], key, max_len, strcmp(key, "tags") == 0, &out[i], err);
		if (rc)
			return mc_err_prefix(err, "%s", where);
		if (!out[i])
			return mc_err_set(err, MC_EINVAL, "%s is null; remove it from the list", where);
		for (uint32_t j = 0; j < i; j++)
			if (strcmp(out[j], out[i]) == 0)
				return mc_err_set(err, MC_EINVAL, "%s: '%s' appears twice in %s", where,
				                  out[i], key);
	}
	*dst = out;
	*n = v->len;
	return 0;
}

static int alignments_member(struct mc_arena *a, const struct mc_json *v, struct mc_achievement *x,
                             struct mc_err *err)
{
	static const char *const keys[] = {"framework", "code", "name", "url", "type"};
	if (mc_json_is_null(v)) {
		x->alignments = NULL;
		x->n_alignments = 0;
		return 0;
	}
	if (!mc_json_is_array(v))
		return mc_err_set(
		    err, MC_EINVAL,
		    "alignments must be an array of {\"framework\", \"code\", \"name\", \"url\", \"type\"} "
		    "(--align \"FRAMEWORK|CODE|NAME|URL\", repeated)");
	if (v->len > 100)
		return mc_err_set(err, MC_EINVAL, "alignments has %u entries; at most 100 are allowed",
		                  v->len);
	struct mc_alignment *out = mc_arena_alloc(a, (v->len ? v->len : 1) * sizeof(*out));
	for (uint32_t i = 0; i < v->len; i++) {
		const struct mc_json *o = &v->v.items[i];
		struct mc_alignment *al = &out[i];
		int rc;
		memset(al, 0, sizeof(*al));
		if (!mc_json_is_object(o))
			return mc_err_set(err, MC_EINVAL,
			                  "alignments[%u] must be an object {\"name\", \"url\", ...}", i);
		for (uint32_t j = 0; j < o->len; j++) {
			bool ok = false;
			for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
				ok |= mc_slice_eq_cstr(o->v.members[j].key, keys[k]);
			if (!ok)
				return mc_err_set(
				    err, MC_EINVAL,
				    "alignments[%u] has an unknown member '%s'; an alignment has framework, "
				    "code, name, url and type",
				    i, o->v.members[j].key.ptr);
		}
		const struct mc_json *m;
		if ((m = mc_json_get(o, "framework")) &&
		    (rc = text_member(m, "framework", 200, true, &al->framework, err)))
			return mc_err_prefix(err, "alignments[%u]", i);
		if ((m = mc_json_get(o, "code")) && (rc = text_member(m, "code", 200, true, &al->code, err)))
			return mc_err_prefix(err, "alignments[%u]", i);
		if (!(m = mc_json_get(o, "name")) || mc_json_is_null(m))
			return mc_err_set(err, MC_EINVAL,
			                  "alignments[%u] needs a name (the skill or competency, targetName)",
			                  i);
		if ((rc = text_member(m, "name", 300, true, &al->name, err)))
			return mc_err_prefix(err, "alignments[%u]", i);
		if (!(m = mc_json_get(o, "url")) || mc_json_is_null(m))
			return mc_err_set(
			    err, MC_EINVAL,
			    "alignments[%u] ('%s') needs a url: the framework's page for it, e.g. "
			    "http://data.europa.eu/esco/skill/...",
			    i, al->name);
		if ((rc = text_member(m, "url", 2000, true, &al->url, err)))
			return mc_err_prefix(err, "alignments[%u]", i);
		if (!mc__catalogue_url_ok(al->url))
			return mc_err_set(
			    err, MC_EINVAL,
			    "alignments[%u] ('%s'): url '%s' is not an absolute http(s) URL; give the "
			    "framework's page, e.g. http://data.europa.eu/esco/skill/...",
			    i, al->name, al->url);
		if ((m = mc_json_get(o, "type")) &&
		    (rc = text_member(m, "type", 100, true, &al->target_type, err)))
			return mc_err_prefix(err, "alignments[%u]", i);
		if (al->target_type && !in_list(target_types, al->target_type) &&
		    strncmp(al->target_type, "ext:", 4) != 0)
			return mc_err_set(
			    err, MC_EINVAL,
			    "alignments[%u]: type '%s' is not an OB 3.0 alignment target type; use "
			    "ceasn:Competency, ceterms:Credential, CFItem, CFRubric, CFRubricCriterion, "
			    "CFRubricCriterionLevel, CTDL, or an extension 'ext:Name'",
			    i, al->target_type);
	}
	x->alignments = out;
	x->n_alignments = v->len;
	return 0;
}

/* Applies the members of spec to x. Values are checked one by one here; checks that
 * span members are in check_record. */
static int apply_spec(struct mc_arena *a, struct mc_achievement *x, const struct mc_json *spec,
                      enum spec_mode mode, struct spec_extra *extra, struct mc_err *err)
{
	int rc = 0;
	if (!mc_json_is_object(spec))
		return mc_err_set(err, MC_EINVAL,
		                  "a micro-credential must be given as a JSON object (see "
		                  "docs/micro-credentials.md)");
	/* Unknown members first, all of them, so one run shows every typo. */
	struct mc_buf unknown;
	size_t n_unknown = 0;
	mc_buf_init(&unknown, 400);
	for (uint32_t i = 0; i < spec->len; i++) {
		const char *key = spec->v.members[i].key.ptr;
		if (!is_spec_member(key)) {
			mc_buf_printf(&unknown, "%s'%s'", n_unknown ? ", " : "", key);
			n_unknown++;
		}
	}
	if (n_unknown) {
		rc = mc_err_set(
		    err, MC_EINVAL,
		    "unknown member%s %s in the micro-credential; the members are listed in "
		    "docs/micro-credentials.md (e.g. title, description, outcomes, eqf_level, ects)",
		    n_unknown > 1 ? "s" : "", unknown.ptr);
		mc_buf_release(&unknown);
		return rc;
	}
	mc_buf_release(&unknown);

	for (uint32_t i = 0; i < spec->len && !rc; i++) {
		const char *key = spec->v.members[i].key.ptr;
		const struct mc_json *v = &spec->v.members[i].value;
		int64_t iv;
		if (strcmp(key, "issuer") == 0) {
			if (!mc_json_is_string(v) || v->len == 0)
				return mc_err_set(err, MC_EINVAL,
				                  "issuer (--issuer) must be the issuer's slug, id or DID");
			extra->issuer = v->v.str;
		} else if (strcmp(key, "slug") == 0) {
			const char *s = NULL;
			if ((rc = text_member(v, key, 80, true, &s, err)))
				break;
			if (!s || !slug_ok(s))
				return mc_err_set(err, MC_EINVAL,
				                  "slug (--slug) '%s' may contain only a-z, 0-9 and '-' (not "
				                  "at either end), "
				                  "at most 80 characters",
				                  s ? s : "null");
			x->slug = s;
			extra->slug_set = true;
		} else if (strcmp(key, "kind") == 0) {
			static const char *const kinds[] = {"micro", "pathway", NULL};
			const char *k = NULL;
			if ((rc = enum_member(v, key, kinds, "micro or pathway", &k, err)))
				break;
			if (mode == SPEC_UPDATE && (!k || strcmp(k, x->kind) != 0))
				return mc_err_set(err, MC_EINVAL,
				                  "the kind of micro-credential '%s' (%s) cannot change",
				                  x->slug, x->kind);
			x->kind = k ? k : "micro";
		} else if (strcmp(key, "title") == 0) {
			if ((rc = text_member(v, key, 200, true, &x->title, err)))
				break;
			if (!x->title)
				return mc_err_set(
				    err, MC_EINVAL,
				    "title (--title) cannot be cleared: a micro-credential needs one");
		} else if (strcmp(key, "description") == 0) {
			rc = text_member(v, key, 4000, false, &x->description, err);
		} else if (strcmp(key, "criteria") == 0) {
			rc = text_member(v, key, 20000, false, &x->criteria, err);
		} else if (strcmp(key, "outcomes") == 0) {
			rc = texts_member(a, v, key, 50, 1000, &x->outcomes, &x->n_outcomes, err);
		} else if (strcmp(key, "alignments") == 0) {
			rc = alignments_member(a, v, x, err);
		} else if (strcmp(key, "eqf_level") == 0) {
			if (!(rc = int_member(v, key, 1, 8, &iv, err)))
				x->level_eqf = (int)iv;
		} else if (strcmp(key, "workload_hours") == 0) {
			rc = number_member(v, key, false, 1800,
			                   " (a micro-credential is at most a year of study)",
			                   &x->has_workload_hours, &x->workload_hours, err);
		} else if (strcmp(key, "ects") == 0) {
			rc = number_member(
			    v, key, false, 60,
			    " (60 ECTS is a full year of study; larger programmes are not micro-credentials)",
			    &x->has_ects, &x->ects, err);
		} else if (strcmp(key, "cost") == 0) {
			rc = number_member(v, key, true, 1e7, "", &x->has_cost, &x->cost_amount, err);
		} else if (strcmp(key, "currency") == 0) {
			if ((rc = text_member(v, key, 40, true, &x->cost_currency, err)))
				break;
			if (x->cost_currency && !currency_ok(x->cost_currency))
				return mc_err_set(
				    err, MC_EINVAL,
				    "currency (--currency) '%s' is not an ISO 4217 currency code; write it "
				    "like EUR, USD or GBP",
				    x->cost_currency);
		} else if (strcmp(key, "delivery_mode") == 0) {
			rc = enum_member(v, key, delivery_modes, "online, in-person or blended",
			                 &x->delivery_mode, err);
		} else if (strcmp(key, "duration") == 0) {
			if ((rc = text_member(v, key, 40, true, &x->duration, err)))
				break;
			if (x->duration && !duration_ok(x->duration))
				return mc_err_set(
				    err, MC_EINVAL,
				    "duration (--duration) '%s' is not an ISO 8601 duration; write e.g. P6W "
				    "(6 weeks), P3M (3 months), P1Y or P1M15D",
				    x->duration);
		} else if (strcmp(key, "assessment_type") == 0) {
			rc = text_member(v, key, 500, true, &x->assessment_type, err);
		} else if (strcmp(key, "participation_form") == 0) {
			rc = text_member(v, key, 500, true, &x->participation_form, err);
		} else if (strcmp(key, "quality_assurance") == 0) {
			rc = text_member(v, key, 1000, false, &x->quality_assurance, err);
		} else if (strcmp(key, "prerequisites") == 0) {
			rc = text_member(v, key, 2000, false, &x->prerequisites, err);
		} else if (strcmp(key, "category") == 0) {
			rc = enum_member(
			    v, key, categories,
			    "digital-skills, soft-skills, industry-specific or emerging-technologies",
			    &x->category, err);
		} else if (strcmp(key, "language") == 0) {
			if ((rc = text_member(v, key, 80, true, &x->language, err)))
				break;
			if (x->language && !bcp47_ok(x->language))
				return mc_err_set(
				    err, MC_EINVAL,
				    "language (--language) '%s' is not a BCP 47 language tag; write e.g. en, "
				    "en-GB, de-AT or pt-BR",
				    x->language);
		} else if (strcmp(key, "tags") == 0) {
			rc = texts_member(a, v, key, 20, 50, &x->tags, &x->n_tags, err);
		} else if (strcmp(key, "image") == 0) {
			if ((rc = text_member(v, key, 2 * 1024 * 1024, true, &x->image, err)))
				break;
			if (x->image && !mc__catalogue_url_ok(x->image) &&
			    strncmp(x->image, "data:image/", 11) != 0)
				return mc_err_set(err, MC_EINVAL,
				                  "image (--image) must be an absolute http(s) URL or a "
				                  "data:image/... URL");
		} else if (strcmp(key, "validity_months") == 0) {
			rc = int_member(v, key, 1, 600, &x->validity_months, err);
		} else if (strcmp(key, "requirements") == 0) {
			if (mode == SPEC_UPDATE)
				return mc_err_set(
				    err, MC_EINVAL,
				    "requirements cannot be changed by an update; use 'microcred requirement "
				    "add' and 'microcred requirement remove'");
			if (!mc_json_is_array(v))
				return mc_err_set(err, MC_EINVAL,
				                  "requirements must be an array of requirement objects");
			if (v->len > 100)
				return mc_err_set(err, MC_EINVAL,
				                  "requirements has %u entries; at most 100 are allowed",
				                  v->len);
			extra->requirements = v;
		}
	}
	return rc;
}

/* Checks that span members. */
static int check_record(const struct mc_achievement *x, struct mc_err *err)
{
	if (!x->title)
		return mc_err_set(err, MC_EINVAL,
		                  "a micro-credential needs a title (--title \"Data Analysis with Python\")");
	if (x->has_cost && x->cost_amount > 0 && !x->cost_currency)
		return mc_err_set(err, MC_EINVAL, "cost (--cost) %g needs a currency (--currency EUR)",
		                  x->cost_amount);
	if (x->cost_currency && !x->has_cost)
		return mc_err_set(err, MC_EINVAL, "currency (--currency) %s is given without a cost (--cost)",
		                  x->cost_currency);
	return 0;
}

/* ---- services ---- */

int mc_achievement_get(struct mc_app *app, struct mc_arena *a, const char *ref, struct mc_achievement **out,
                       struct mc_err *err)
{
	int rc = mc__store_achievement_find(app->db, a, ref, out, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(
		    err, MC_ENOTFOUND,
		    "no micro-credential '%s' (give its slug or id; 'microcred credential list' shows them)",
		    ref);
	return rc;
}

struct write_ctx {
	struct mc_arena *a;
	struct mc_achievement *x;
	const char *ref;
	const struct mc_json *spec;
	struct spec_extra extra;
	const char *issuer_ref;
	const char *action; /* publish / archive */
};

static int slug_taken(struct mc_err *err, const char *slug)
{
	return mc_err_set(
	    err, MC_EEXIST,
	    "a micro-credential with the slug '%s' already exists; choose another title or set --slug", slug);
}

static int create_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct write_ctx c = *(struct write_ctx *)p;
	struct mc_issuer *is;
	int rc = mc_issuer_get(app, c.a, c.issuer_ref, &is, err);
	if (rc)
		return rc;
	c.x->issuer_id = is->id;
	c.x->issuer_slug = is->slug;
	if ((rc = mc__store_achievement_insert(app->db, c.x, err)))
		return rc == MC_EEXIST ? slug_taken(err, c.x->slug) : rc;
	if ((rc = mc__store_alignments_replace(app->db, c.x, err)))
		return rc;
	const struct mc_json *reqs = c.extra.requirements;
	for (uint32_t i = 0; reqs && i < reqs->len; i++) {
		char where[32];
		snprintf(where, sizeof(where), "requirements[%u]", i);
		if ((rc = mc__catalogue_requirement_insert(app, c.a, c.x->id, &reqs->v.items[i], where, NULL,
		                                           err)))
			return rc;
	}
	return 0;
}

int mc_achievement_create(struct mc_app *app, struct mc_arena *a, const char *issuer_ref,
                          const struct mc_json *spec, struct mc_achievement **out, struct mc_err *err)
{
	char now[32];
	struct mc_achievement *x = MC_ARENA_NEW(a, struct mc_achievement);
	struct write_ctx c = {.a = a, .x = x, .spec = spec};
	x->kind = "micro";
	int rc = apply_spec(a, x, spec, SPEC_CREATE, &c.extra, err);
	if (rc || (rc = check_record(x, err)))
		return rc;
	if (issuer_ref && c.extra.issuer && strcmp(issuer_ref, c.extra.issuer) != 0)
		return mc_err_set(err, MC_EINVAL,
		                  "the issuer is given twice, as '%s' and as '%s' (issuer member); give one",
		                  issuer_ref, c.extra.issuer);
	c.issuer_ref = issuer_ref ? issuer_ref : c.extra.issuer;
	if (!c.issuer_ref)
		return mc_err_set(err, MC_EINVAL,
		                  "say which issuer offers the micro-credential (--issuer SLUG)");
	/* Requirements are checked before the transaction too, to fail fast. */
	for (uint32_t i = 0; c.extra.requirements && i < c.extra.requirements->len; i++) {
		struct mc_json *cfg;
		if ((rc = mc_requirement_check(a, &c.extra.requirements->v.items[i], &cfg, err)))
			return mc_err_prefix(err, "requirements[%u]", i);
	}
	mc_app_now_text(app, now);
	x->id = mc_app_new_id(a);
	if (!x->slug) {
		x->slug = mc_app_slugify(a, x->title);
		if (!*x->slug)
			x->slug = x->id;
	}
	x->state = "draft";
	x->created_at = x->updated_at = mc_arena_strdup(a, now);
	rc = mc_app_tx(app, MC_TX_WRITE, create_tx, &c, err);
	if (!rc)
		*out = x;
	return rc;
}

/* The one-sentence reason a micro-credential cannot be (or stay) published; NULL
 * when it can. */
static int publish_blockers(struct mc_app *app, struct mc_arena *a, const struct mc_achievement *x,
                            char **text, struct mc_err *err)
{
	const struct mc_eu_element **missing;
	size_t n;
	int rc = mc_achievement_missing(app, a, x, &missing, &n, err);
	if (rc)
		return rc;
	*text = n ? mc__catalogue_missing_text(a, missing, n) : NULL;
	return 0;
}

static int update_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct write_ctx *c = p;
	struct mc_achievement *x;
	char now[32];
	int rc = mc_achievement_get(app, c->a, c->ref, &x, err);
	if (rc)
		return rc;
	const char *old_slug = x->slug;
	memset(&c->extra, 0, sizeof(c->extra));
	if ((rc = apply_spec(c->a, x, c->spec, SPEC_UPDATE, &c->extra, err)) || (rc = check_record(x, err)))
		return rc;
	if (c->extra.issuer) {
		struct mc_issuer *is;
		if ((rc = mc_issuer_get(app, c->a, c->extra.issuer, &is, err)))
			return rc;
		if (strcmp(is->id, x->issuer_id) != 0)
			return mc_err_set(
			    err, MC_EINVAL,
			    "micro-credential '%s' belongs to issuer '%s'; it cannot move to another issuer",
			    old_slug, x->issuer_slug);
	}
	if (strcmp(old_slug, x->slug) != 0 && x->published_at)
		return mc_err_set(err, MC_ESTATE,
		                  "the slug of '%s' cannot change: it has been published, and its id "
		                  "%s/achievements/%s is in the credentials it awards",
		                  old_slug, app->base_url, old_slug);
	if (strcmp(x->state, "published") == 0) {
		char *why;
		if ((rc = publish_blockers(app, c->a, x, &why, err)))
			return rc;
		if (why)
			return mc_err_set(
			    err, MC_ESTATE,
			    "'%s' is published and must stay complete; this change leaves %s. Keep these "
			    "elements, or archive it first",
			    old_slug, why);
	}
	mc_app_now_text(app, now);
	x->updated_at = mc_arena_strdup(c->a, now);
	if ((rc = mc__store_achievement_update(app->db, x, err)))
		return rc == MC_EEXIST ? slug_taken(err, x->slug) : rc;
	if (mc_json_get(c->spec, "alignments") && (rc = mc__store_alignments_replace(app->db, x, err)))
		return rc;
	c->x = x;
	return 0;
}

int mc_achievement_update(struct mc_app *app, struct mc_arena *a, const char *ref,
                          const struct mc_json *patch, struct mc_achievement **out, struct mc_err *err)
{
	struct write_ctx c = {.a = a, .ref = ref, .spec = patch};
	if (!mc_json_is_object(patch) || patch->len == 0)
		return mc_err_set(err, MC_EINVAL,
		                  "nothing to update: give at least one member (or flag) to change");
	int rc = mc_app_tx(app, MC_TX_WRITE, update_tx, &c, err);
	if (!rc && out)
		*out = c.x;
	return rc;
}

static int state_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct write_ctx *c = p;
	struct mc_achievement *x;
	char now[32];
	int rc = mc_achievement_get(app, c->a, c->ref, &x, err);
	if (rc)
		return rc;
	mc_app_now_text(app, now);
	if (strcmp(c->action, "publish") == 0) {
		char *why;
		if (strcmp(x->state, "published") == 0)
			return mc_err_set(err, MC_ESTATE,
			                  "micro-credential '%s' is already published (since %s)", x->slug,
			                  x->published_at ? x->published_at : "?");
		if ((rc = publish_blockers(app, c->a, x, &why, err)))
			return rc;
		if (why)
			return mc_err_set(err, MC_ESTATE, "cannot publish '%s': %s", x->slug, why);
		x->state = "published";
		if (!x->published_at)
			x->published_at = mc_arena_strdup(c->a, now);
	} else {
		if (strcmp(x->state, "archived") == 0)
			return mc_err_set(err, MC_ESTATE, "micro-credential '%s' is already archived",
			                  x->slug);
		x->state = "archived";
	}
	x->updated_at = mc_arena_strdup(c->a, now);
	if ((rc = mc__store_achievement_update(app->db, x, err)))
		return rc;
	c->x = x;
	return 0;
}

int mc_achievement_publish(struct mc_app *app, struct mc_arena *a, const char *ref,
                           struct mc_achievement **out, struct mc_err *err)
{
	struct write_ctx c = {.a = a, .ref = ref, .action = "publish"};
	int rc = mc_app_tx(app, MC_TX_WRITE, state_tx, &c, err);
	if (!rc && out)
		*out = c.x;
	return rc;
}

int mc_achievement_archive(struct mc_app *app, struct mc_arena *a, const char *ref,
                           struct mc_achievement **out, struct mc_err *err)
{
	struct write_ctx c = {.a = a, .ref = ref, .action = "archive"};
	int rc = mc_app_tx(app, MC_TX_WRITE, state_tx, &c, err);
	if (!rc && out)
		*out = c.x;
	return rc;
}

int mc_achievement_list(struct mc_app *app, struct mc_arena *a, const struct mc_achievement_filter *f,
                        struct mc_achievement ***out, size_t *n, size_t *total, struct mc_err *err)
{
	static const char *const states[] = {"draft", "published", "archived", "all", NULL};
	struct mc_achievement_filter g = *f;
	int rc;
	if (g.state && !in_list(states, g.state))
		return mc_err_set(err, MC_EINVAL,
		                  "unknown state '%s'; use draft, published, archived or all (--state)",
		                  g.state);
	if (g.category && !in_list(categories, g.category))
		return mc_err_set(
		    err, MC_EINVAL,
		    "unknown category '%s'; use digital-skills, soft-skills, industry-specific or "
		    "emerging-technologies (--category)",
		    g.category);
	if (g.delivery_mode && !in_list(delivery_modes, g.delivery_mode))
		return mc_err_set(err, MC_EINVAL,
		                  "unknown delivery mode '%s'; use online, in-person or blended",
		                  g.delivery_mode);
	if (g.language && !bcp47_ok(g.language))
		return mc_err_set(err, MC_EINVAL,
		                  "language '%s' is not a BCP 47 language tag (e.g. en, de-AT)", g.language);
	if (g.limit > 1000)
		return mc_err_set(err, MC_ELIMIT,
		                  "limit %zu is too large; list at most 1000 at a time and page with "
		                  "--offset",
		                  g.limit);
	if (g.limit == 0)
		g.limit = 50;
	if (g.issuer_ref) {
		struct mc_issuer *is;
		if ((rc = mc_issuer_get(app, a, g.issuer_ref, &is, err)))
			return rc;
		g.issuer_ref = is->id;
	}
	return mc__store_achievement_list(app->db, a, &g, out, n, total, err);
}

/* ---- JSON ---- */

static void put_str(struct mc_arena *a, struct mc_json *o, const char *key, const char *v)
{
	if (v)
		mc_json_set_string(a, mc_json_object_push_ref(a, o, key, strlen(key)), v, strlen(v));
}

static void put_num(struct mc_arena *a, struct mc_json *o, const char *key, double v)
{
	int64_t i = (int64_t)v;
	if ((double)i == v && fabs(v) < 9e15)
		mc_json_set_int(a, mc_json_object_push_ref(a, o, key, strlen(key)), i);
	else
		mc_json_set_double(a, mc_json_object_push_ref(a, o, key, strlen(key)), v);
}

static void put_strings(struct mc_arena *a, struct mc_json *o, const char *key, const char **v, size_t n)
{
	struct mc_json *arr = mc_json_object_push_ref(a, o, key, strlen(key));
	mc_json_set_array(arr);
	for (size_t i = 0; i < n; i++)
		mc_json_set_string(a, mc_json_array_push(a, arr), v[i], strlen(v[i]));
}

int mc_achievement_to_json(struct mc_app *app, struct mc_arena *a, const struct mc_achievement *x,
                           struct mc_json **out, struct mc_err *err)
{
	struct mc_json *o = mc_json_new_object(a);
	struct mc_requirement *reqs;
	size_t n_reqs;
	int rc = mc__catalogue_requirements(app, a, x->id, &reqs, &n_reqs, err);
	if (rc)
		return rc;
	put_str(a, o, "id", x->id);
	put_str(a, o, "issuer", x->issuer_slug);
	put_str(a, o, "slug", x->slug);
	put_str(a, o, "kind", x->kind);
	put_str(a, o, "state", x->state);
	put_str(a, o, "title", x->title);
	put_str(a, o, "description", x->description);
	put_str(a, o, "criteria", x->criteria);
	put_strings(a, o, "outcomes", x->outcomes, x->n_outcomes);
	struct mc_json *al = mc_json_object_push_ref(a, o, "alignments", 10);
	mc_json_set_array(al);
	for (size_t i = 0; i < x->n_alignments; i++) {
		struct mc_json *e = mc_json_array_push(a, al);
		mc_json_set_object(e);
		put_str(a, e, "framework", x->alignments[i].framework);
		put_str(a, e, "code", x->alignments[i].code);
		put_str(a, e, "name", x->alignments[i].name);
		put_str(a, e, "url", x->alignments[i].url);
		put_str(a, e, "type", x->alignments[i].target_type);
	}
	if (x->level_eqf)
		put_num(a, o, "eqf_level", x->level_eqf);
	if (x->has_workload_hours)
		put_num(a, o, "workload_hours", x->workload_hours);
	if (x->has_ects)
		put_num(a, o, "ects", x->ects);
	if (x->has_cost)
		put_num(a, o, "cost", x->cost_amount);
	put_str(a, o, "currency", x->cost_currency);
	put_str(a, o, "delivery_mode", x->delivery_mode);
	put_str(a, o, "duration", x->duration);
	put_str(a, o, "assessment_type", x->assessment_type);
	put_str(a, o, "participation_form", x->participation_form);
	put_str(a, o, "quality_assurance", x->quality_assurance);
	put_str(a, o, "prerequisites", x->prerequisites);
	put_str(a, o, "category", x->category);
	put_str(a, o, "language", x->language);
	put_strings(a, o, "tags", x->tags, x->n_tags);
	put_str(a, o, "image", x->image);
	if (x->validity_months)
		put_num(a, o, "validity_months", (double)x->validity_months);
	put_str(a, o, "published_at", x->published_at);
	put_str(a, o, "created_at", x->created_at);
	put_str(a, o, "updated_at", x->updated_at);
	struct mc_json *ra = mc_json_object_push_ref(a, o, "requirements", 12);
	mc_json_set_array(ra);
	for (size_t i = 0; i < n_reqs; i++) {
		struct mc_json *r;
		mc_requirement_to_json(a, &reqs[i], &r);
		mc_json_array_append(a, ra, r);
	}
	*out = o;
	return 0;
}

static const char *category_label(const char *c)
{
	if (!c)
		return NULL;
	if (strcmp(c, "digital-skills") == 0)
		return "Digital skills";
	if (strcmp(c, "soft-skills") == 0)
		return "Soft skills";
	if (strcmp(c, "industry-specific") == 0)
		return "Industry-specific skills";
	if (strcmp(c, "emerging-technologies") == 0)
		return "Emerging technologies";
	return c;
}

/* "P6W" -> "6 weeks"; other forms are shown as written. */
static const char *duration_words(struct mc_arena *a, const char *d)
{
	static const struct {
		char unit;
		const char *one, *many;
	} units[] = {
	    {'Y', "year", "years"}, {'M', "month", "months"}, {'W', "week", "weeks"}, {'D', "day", "days"}};
	char *end;
	if (!d || d[0] != 'P' || !isdigit((unsigned char)d[1]))
		return d;
	long v = strtol(d + 1, &end, 10);
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (end[0] == units[i].unit && end[1] == '\0')
			return mc_arena_printf(a, "%ld %s", v, v == 1 ? units[i].one : units[i].many);
	return d;
}

/* The criteria narrative: the issuer's text, then what the credential's reader
 * needs and OB 3.0 has no property for — the requirements, the learning outcomes
 * and the EU elements (Markdown). */
static char *narrative(struct mc_arena *a, const struct mc_achievement *x, const struct mc_requirement *reqs,
                       size_t n_reqs)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	if (x->criteria)
		mc_buf_printf(&b, "%s\n\n", x->criteria);
	if (n_reqs) {
		mc_buf_puts(&b, "## Requirements\n\n");
		for (size_t i = 0; i < n_reqs; i++)
			mc_buf_printf(&b, "%zu. %s (%s)\n", i + 1, reqs[i].title,
			              mc_requirement_summary(a, &reqs[i]));
		mc_buf_putc(&b, '\n');
	}
	if (x->n_outcomes) {
		mc_buf_puts(&b, "## Learning outcomes\n\n");
		for (size_t i = 0; i < x->n_outcomes; i++)
			mc_buf_printf(&b, "- %s\n", x->outcomes[i]);
		mc_buf_putc(&b, '\n');
	}
	size_t before = b.len;
	mc_buf_puts(&b, "## About this micro-credential\n\n");
	size_t head = b.len;
	if (x->has_ects || x->has_workload_hours) {
		mc_buf_puts(&b, "- Notional workload: ");
		if (x->has_ects)
			mc_buf_printf(&b, "%s ECTS credits", mc__catalogue_num(a, x->ects));
		if (x->has_ects && x->has_workload_hours)
			mc_buf_puts(&b, ", ");
		if (x->has_workload_hours)
			mc_buf_printf(&b, "%s hours", mc__catalogue_num(a, x->workload_hours));
		mc_buf_putc(&b, '\n');
	}
	if (x->level_eqf)
		mc_buf_printf(&b, "- Level: EQF level %d\n", x->level_eqf);
	if (x->assessment_type)
		mc_buf_printf(&b, "- Type of assessment: %s\n", x->assessment_type);
	if (x->participation_form || x->delivery_mode)
		mc_buf_printf(&b, "- Form of participation: %s\n",
		              x->participation_form ? x->participation_form : x->delivery_mode);
	if (x->quality_assurance)
		mc_buf_printf(&b, "- Type of quality assurance: %s\n", x->quality_assurance);
	if (x->delivery_mode)
		mc_buf_printf(&b, "- Delivery mode: %s\n", x->delivery_mode);
	if (x->duration)
		mc_buf_printf(&b, "- Typical duration: %s\n", duration_words(a, x->duration));
	if (x->prerequisites)
		mc_buf_printf(&b, "- Prerequisites: %s\n", x->prerequisites);
	if (b.len == head)
		b.len = before, b.ptr[b.len] = '\0';
	while (b.len && b.ptr[b.len - 1] == '\n')
		b.ptr[--b.len] = '\0';
	char *s = mc_arena_strdup(a, b.len ? b.ptr : x->title);
	mc_buf_release(&b);
	return s;
}

static struct mc_json *types_of(struct mc_arena *a, const char *type)
{
	struct mc_json *t = mc_json_new_array(a);
	mc_json_set_string_ref(mc_json_array_push(a, t), type, strlen(type));
	return t;
}

static struct mc_json *alignment_json(struct mc_arena *a, const char *framework, const char *code,
                                      const char *name, const char *url, const char *type)
{
	struct mc_json *o = mc_json_new_object(a);
	mc_json_object_set(a, o, "type", 4, types_of(a, "Alignment"));
	put_str(a, o, "targetName", name);
	put_str(a, o, "targetUrl", url);
	put_str(a, o, "targetFramework", framework);
	put_str(a, o, "targetCode", code);
	put_str(a, o, "targetType", type);
	return o;
}

int mc_achievement_json(struct mc_app *app, struct mc_arena *a, const struct mc_achievement *x,
                        struct mc_json **out, struct mc_err *err)
{
	struct mc_issuer *is;
	struct mc_json *creator;
	struct mc_requirement *reqs;
	size_t n_reqs;
	int rc = mc_issuer_get(app, a, x->issuer_id, &is, err);
	if (rc || (rc = mc_issuer_profile_json(app, a, is, &creator, err)) ||
	    (rc = mc__catalogue_requirements(app, a, x->id, &reqs, &n_reqs, err)))
		return rc;

	struct mc_json *o = mc_json_new_object(a);
	put_str(a, o, "id", mc_arena_printf(a, "%s/achievements/%s", app->base_url, x->slug));
	mc_json_object_set(a, o, "type", 4, types_of(a, "Achievement"));
	put_str(a, o, "achievementType", "MicroCredential");
	put_str(a, o, "name", x->title);
	/* OB 3.0 requires a description; a draft without one shows its title. */
	put_str(a, o, "description", x->description ? x->description : x->title);
	struct mc_json *criteria = mc_json_new_object(a);
	/* The catalogue page of the micro-credential shows the criteria. */
	put_str(a, criteria, "id", mc_arena_printf(a, "%s/achievements/%s#criteria", app->base_url, x->slug));
	put_str(a, criteria, "narrative", narrative(a, x, reqs, n_reqs));
	mc_json_object_set(a, o, "criteria", 8, criteria);
	if (x->image) {
		struct mc_json *img = mc_json_new_object(a);
		put_str(a, img, "id", x->image);
		put_str(a, img, "type", "Image");
		mc_json_object_set(a, o, "image", 5, img);
	}
	if (x->n_alignments || x->level_eqf) {
		struct mc_json *al = mc_json_new_array(a);
		for (size_t i = 0; i < x->n_alignments; i++) {
			const struct mc_alignment *g = &x->alignments[i];
			mc_json_array_append(
			    a, al, alignment_json(a, g->framework, g->code, g->name, g->url, g->target_type));
		}
		/* The EQF level as the EU's own vocabulary names it (the European Learning
		 * Model uses these concept URIs for EQF levels). */
		if (x->level_eqf)
			mc_json_array_append(
			    a, al,
			    alignment_json(
			        a, "European Qualifications Framework",
			        mc_arena_printf(a, "%d", x->level_eqf),
			        mc_arena_printf(a, "EQF level %d", x->level_eqf),
			        mc_arena_printf(a, "http://data.europa.eu/snb/eqf/%d", x->level_eqf), NULL));
		mc_json_object_set(a, o, "alignment", 9, al);
	}
	if (x->n_tags)
		put_strings(a, o, "tag", x->tags, x->n_tags);
	put_str(a, o, "inLanguage", x->language);
	if (x->has_ects)
		put_num(a, o, "creditsAvailable", x->ects);
	put_str(a, o, "fieldOfStudy", category_label(x->category));
	put_str(a, o, "humanCode", x->slug);
	mc_json_object_set(a, o, "creator", 7, creator);
	*out = o;
	return 0;
}
