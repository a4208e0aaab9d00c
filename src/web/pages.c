/* Helpers of the public pages: see pages.h. */
#include "web/pages.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/lifecycle.h"
#include "microcred/render.h"
#include "microcred/time.h"

void mc__page_percent_encode(struct mc_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '.' || c == '_' || c == '~') {
			mc_buf_putc(b, (char)c);
		} else {
			mc_buf_putc(b, '%');
			mc_buf_putc(b, hex[c >> 4]);
			mc_buf_putc(b, hex[c & 15]);
		}
	}
}

char *mc__page_encode(struct mc_arena *a, const char *s)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc__page_percent_encode(&b, s ? s : "");
	char *out = mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return out;
}

const char *mc__page_excerpt(struct mc_arena *a, const char *text, size_t max)
{
	if (!text)
		return NULL;
	size_t n = strlen(text);
	if (n <= max)
		return text;
	size_t cut = max;
	while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80) /* inside a character */
		cut--;
	size_t sp = cut;
	while (sp > max / 2 && text[sp] != ' ')
		sp--;
	if (text[sp] == ' ')
		cut = sp;
	while (cut > 0 && strchr(" ,;:.-", text[cut - 1]))
		cut--;
	return mc_arena_printf(a, "%.*s…", (int)cut, text);
}

/* Whole part with thousands separators. */
static void group(struct mc_buf *b, long long v)
{
	char digits[32];
	int n = snprintf(digits, sizeof digits, "%lld", v);
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			mc_buf_putc(b, ',');
		mc_buf_putc(b, digits[i]);
	}
}

const char *mc__page_num(struct mc_arena *a, double d)
{
	if (!isfinite(d))
		return "?";
	if (d == floor(d) && fabs(d) < 1e15) {
		if (fabs(d) < 10000)
			return mc_arena_printf(a, "%lld", (long long)d);
		struct mc_buf b;
		mc_buf_init(&b, 64);
		if (d < 0)
			mc_buf_putc(&b, '-');
		group(&b, (long long)fabs(d));
		char *s = mc_arena_strdup(a, b.ptr);
		mc_buf_release(&b);
		return s;
	}
	return mc_arena_printf(a, "%g", d);
}

const char *mc__page_cost(struct mc_arena *a, double amount, const char *currency)
{
	if (amount <= 0)
		return "Free";
	struct mc_buf b;
	mc_buf_init(&b, 64);
	group(&b, (long long)floor(amount));
	long long cents = llround((amount - floor(amount)) * 100);
	if (cents > 0 && cents < 100)
		mc_buf_printf(&b, ".%02lld", cents);
	if (currency && *currency)
		mc_buf_printf(&b, " %s", currency);
	char *s = mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return s;
}

const char *mc__page_date(struct mc_arena *a, const char *rfc3339)
{
	struct mc_time t;
	if (!rfc3339 || mc_time_parse(&t, rfc3339, strlen(rfc3339), NULL))
		return rfc3339;
	struct mc_buf b;
	mc_buf_init(&b, 64);
	const char *out = mc_date_in_words(&b, &t) ? rfc3339 : mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return out;
}

static void param(struct mc_buf *b, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	mc_buf_printf(b, "&%s=", name);
	mc__page_percent_encode(b, value);
}

/* Year and month (1..12) of an RFC 3339 time, in UTC. */
static bool year_month(const char *s, int *year, int *month)
{
	struct mc_time t;
	if (!s || mc_time_parse(&t, s, strlen(s), NULL))
		return false;
	struct mc_buf b;
	mc_buf_init(&b, 64);
	t.offset = 0;
	t.nsec = 0;
	t.frac_digits = 0;
	mc_time_format(&b, &t);
	bool ok = sscanf(b.ptr, "%4d-%2d", year, month) == 2;
	mc_buf_release(&b);
	return ok;
}

const char *mc__page_linkedin_add(struct mc_arena *a, const char *name, const char *organization,
                                  const char *issued, const char *expires, const char *cert_url,
                                  const char *cert_id)
{
	struct mc_buf b;
	int y, m;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_buf_puts(&b, "https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME");
	param(&b, "name", name);
	param(&b, "organizationName", organization);
	if (year_month(issued, &y, &m))
		mc_buf_printf(&b, "&issueYear=%d&issueMonth=%d", y, m);
	if (year_month(expires, &y, &m))
		mc_buf_printf(&b, "&expirationYear=%d&expirationMonth=%d", y, m);
	param(&b, "certUrl", cert_url);
	param(&b, "certId", cert_id);
	char *s = mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return s;
}

static const char *check_title(const char *id)
{
	static const struct {
		const char *prefix, *title;
	} t[] = {
	    {"format", "Format"},
	    {"structure.validity", "Validity rules"},
	    {"structure", "Open Badges rules"},
	    {"jwt.signature", "Signature"},
	    {"jwt.key.issuer", "Issuer's key"},
	    {"jwt.key", "Signing key"},
	    {"jwt", "Token"},
	    {"issuer", "Issuer"},
	    {"validity", "Dates"},
	    {"status.revocation", "Not revoked"},
	    {"status.suspension", "Not suspended"},
	    {"status", "Status"},
	    {"recipient", "Recipient"},
	    {"endorsement", "Endorsement"},
	};
	if (!id)
		return "Check";
	if (strncmp(id, "proof", 5) == 0) {
		const char *dot = strrchr(id, '.');
		if (!dot)
			return "Proof";
		dot++;
		if (strcmp(dot, "signature") == 0)
			return "Signature";
		if (strcmp(dot, "method") == 0)
			return "Signing key";
		if (strcmp(dot, "purpose") == 0)
			return "Key's purpose";
		if (strcmp(dot, "created") == 0 || strcmp(dot, "expires") == 0)
			return "Proof dates";
		return "Proof";
	}
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (strncmp(id, t[i].prefix, strlen(t[i].prefix)) == 0)
			return t[i].title;
	return "Check";
}

static void put(struct mc_arena *a, struct mc_json *o, const char *k, const char *v)
{
	mc_json_object_set(a, o, k, strlen(k), mc_json_new_cstr(a, v));
}

static void put_int(struct mc_arena *a, struct mc_json *o, const char *k, int64_t v)
{
	mc_json_object_set(a, o, k, strlen(k), mc_json_new_int(a, v));
}

void mc__page_report_view(struct mc_arena *a, struct mc_json *report)
{
	if (!report || !mc_json_is_object(report))
		return;
	const struct mc_json *checks = mc_json_get(report, "checks");
	int64_t n[4] = {0};
	for (uint32_t i = 0; checks && mc_json_is_array(checks) && i < checks->len; i++) {
		struct mc_json *c = &checks->v.items[i];
		const char *st = mc_json_get_str(c, "status");
		int k = !st                          ? 3
		        : strcmp(st, "passed") == 0  ? 0
		        : strcmp(st, "failed") == 0  ? 1
		        : strcmp(st, "warning") == 0 ? 2
		                                     : 3;
		static const char *const labels[] = {"Passed", "Failed", "Warning", "Not checked"};
		static const char *const tones[] = {"ok", "bad", "warn", "skip"};
		n[k]++;
		put(a, c, "title", check_title(mc_json_get_str(c, "id")));
		put(a, c, "label", labels[k]);
		put(a, c, "tone", tones[k]);
	}
	put_int(a, report, "n_passed", n[0]);
	put_int(a, report, "n_failed", n[1]);
	put_int(a, report, "n_warnings", n[2]);
	put_int(a, report, "n_skipped", n[3]);
	const struct mc_json *v = mc_json_get(report, "verified");
	bool ok = v && v->type == MC_JSON_TRUE;
	put(a, report, "summary",
	    n[1]   ? "At least one check failed: do not rely on this credential."
	    : !ok  ? "This credential could not be verified."
	    : n[3] ? "The signature is valid and nothing failed; some checks could not be made here."
	           : "The issuer's signature is valid, the credential is unchanged, and it has not been "
	             "revoked.");
}

int mc__page_endorsements(struct mc_web_req *req, const char *type, const char *id, struct mc_json **out)
{
	struct mc_json *list;
	*out = mc_json_new_array(req->a);
	int rc = mc_endorsements_for(req->app, req->a, type, id, &list, &req->err);
	if (rc)
		return rc;
	for (uint32_t i = 0; mc_json_is_array(list) && i < list->len; i++) {
		const struct mc_json *e = &list->v.items[i];
		const struct mc_json *iss = mc_json_get(e, "issuer");
		struct mc_json *o = mc_json_array_push(req->a, *out);
		mc_json_set_object(o);
		mc_web_put(req, o, "endorser",
		           mc_json_is_string(iss) ? iss->v.str : mc_json_get_str(iss, "name"));
		mc_web_put(req, o, "endorser_url", mc_json_get_str(iss, "url"));
		mc_web_put(req, o, "comment",
		           mc_json_get_str(mc_json_get(e, "credentialSubject"), "endorsementComment"));
		mc_web_put(req, o, "date", mc__page_date(req->a, mc_json_get_str(e, "validFrom")));
	}
	return 0;
}
