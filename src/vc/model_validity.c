/* Validity period of a credential at a given time, with the dates in words. */
#include <stdio.h>
#include <string.h>

#include "microcred/credential.h"

static const char *const month_names[] = {"January",   "February", "March",    "April",
                                          "May",       "June",     "July",     "August",
                                          "September", "October",  "November", "December"};

int mc_time_format_words(struct mc_buf *out, const struct mc_time *t)
{
	/* mc_time_format owns the calendar arithmetic; read its fixed-width output back. */
	struct mc_buf iso;
	mc_buf_init(&iso, 64);
	int rc = mc_time_format(&iso, t);
	if (rc == 0 && iso.len >= 20) {
		const char *s = iso.ptr;
		int year = 0, month = 0, day = 0, hour = 0, min = 0, sec = 0;
		if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d", &year, &month, &day, &hour, &min, &sec) == 6 &&
		    month >= 1 && month <= 12) {
			if (sec)
				rc = mc_buf_printf(out, "%d %s %04d, %02d:%02d:%02d UTC", day,
				                   month_names[month - 1], year, hour, min, sec);
			else
				rc = mc_buf_printf(out, "%d %s %04d, %02d:%02d UTC", day,
				                   month_names[month - 1], year, hour, min);
		} else {
			rc = MC_EINVAL;
		}
	} else if (rc == 0) {
		rc = MC_EINVAL;
	}
	mc_buf_release(&iso);
	return rc;
}

static bool str_is(const struct mc_json *v, const char *s)
{
	size_t n = strlen(s);
	return v && v->type == MC_JSON_STRING && v->len == n && memcmp(v->v.str, s, n) == 0;
}

static enum mc_vc_version version_of(const struct mc_json *cred)
{
	const struct mc_json *ctx = mc_json_get(cred, "@context");
	const struct mc_json *first = mc_json_is_array(ctx) && ctx->len ? &ctx->v.items[0] : ctx;
	if (str_is(first, "https://www.w3.org/ns/credentials/v2"))
		return MC_VC_2_0;
	if (str_is(first, "https://www.w3.org/2018/credentials/v1"))
		return MC_VC_1_1;
	return MC_VC_UNKNOWN;
}

/* Reads one date; false with *bad set when present but unreadable. */
static bool read_date(const struct mc_json *cred, const char *key, struct mc_time *t, bool *bad)
{
	const struct mc_json *v = mc_json_get(cred, key);
	if (!v)
		return false;
	if (!mc_json_is_string(v) || mc_time_parse(t, v->v.str, v->len, NULL) != 0) {
		*bad = true;
		return false;
	}
	return true;
}

enum mc_validity mc_credential_validity(const struct mc_json *cred, const struct mc_time *now,
                                        struct mc_cred_info *info)
{
	struct mc_cred_info local;
	if (!info)
		info = &local;
	memset(info, 0, sizeof(*info));
	info->version = version_of(cred);
	bool v1 = info->version == MC_VC_1_1 ||
	          (info->version == MC_VC_UNKNOWN && !mc_json_get(cred, "validFrom") &&
	           mc_json_get(cred, "issuanceDate"));
	bool bad = false;
	info->has_from = read_date(cred, v1 ? "issuanceDate" : "validFrom", &info->from, &bad);
	info->has_until = read_date(cred, v1 ? "expirationDate" : "validUntil", &info->until, &bad);
	if (bad)
		return MC_VALIDITY_UNREADABLE;
	if (info->has_from && mc_time_cmp(now, &info->from) < 0)
		return MC_VALIDITY_NOT_YET_VALID;
	if (info->has_until && mc_time_cmp(now, &info->until) > 0)
		return MC_VALIDITY_EXPIRED;
	return MC_VALIDITY_VALID;
}

void mc_credential_check_validity(struct mc_report *r, const struct mc_json *cred, const struct mc_time *now)
{
	struct mc_time t = now ? *now : mc_time_now();
	struct mc_cred_info info;
	enum mc_validity v = mc_credential_validity(cred, &t, &info);
	struct mc_buf from, until, at;
	mc_buf_init(&from, 128);
	mc_buf_init(&until, 128);
	mc_buf_init(&at, 128);
	if (info.has_from && mc_time_format_words(&from, &info.from) != 0)
		mc_buf_puts(&from, "a date out of range");
	if (info.has_until && mc_time_format_words(&until, &info.until) != 0)
		mc_buf_puts(&until, "a date out of range");
	if (mc_time_format_words(&at, &t) != 0)
		mc_buf_puts(&at, "the given time");
	const char *from_key = info.version == MC_VC_1_1 ? "issuanceDate" : "validFrom";
	switch (v) {
	case MC_VALIDITY_UNREADABLE:
		mc_report_add(
		    r, "validity", MC_CHECK_FAILED,
		    "The credential's validity dates cannot be read as RFC 3339 date-times, so its validity "
		    "period is unknown.");
		break;
	case MC_VALIDITY_NOT_YET_VALID:
		mc_report_add(r, "validity", MC_CHECK_FAILED,
		              "The credential is not valid yet: it becomes valid on %s (checked on %s).",
		              from.ptr, at.ptr);
		break;
	case MC_VALIDITY_EXPIRED:
		mc_report_add(r, "validity", MC_CHECK_FAILED, "The credential expired on %s (checked on %s).",
		              until.ptr, at.ptr);
		break;
	case MC_VALIDITY_VALID:
		if (info.has_from && info.has_until)
			mc_report_add(r, "validity", MC_CHECK_PASSED,
			              "The credential is valid from %s until %s.", from.ptr, until.ptr);
		else if (info.has_from)
			mc_report_add(r, "validity", MC_CHECK_PASSED,
			              "The credential has been valid since %s and does not expire.",
			              from.ptr);
		else if (info.has_until)
			mc_report_add(r, "validity", MC_CHECK_PASSED, "The credential is valid until %s.",
			              until.ptr);
		else
			mc_report_add(
			    r, "validity", MC_CHECK_PASSED,
			    "The credential states no validity period (no \"%s\"), so it does not expire.",
			    from_key);
		break;
	}
	mc_buf_release(&from);
	mc_buf_release(&until);
	mc_buf_release(&at);
}
