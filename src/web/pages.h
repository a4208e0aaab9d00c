/* Private to src/web: small helpers the public pages share (pages.c) — URL
 * encoding, excerpts, numbers and money in words, the share and "Add to LinkedIn"
 * links of a badge. */
#ifndef MC_WEB_PAGES_H
#define MC_WEB_PAGES_H

#include <stdbool.h>
#include <stddef.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/json.h"

#include "web/web.h"

/* Appends s percent-encoded for a query value: every byte except the RFC 3986
 * unreserved characters (A-Z a-z 0-9 - . _ ~) becomes %XX. */
void mc__page_percent_encode(struct mc_buf *b, const char *s);
/* The same, as a new string in a. */
char *mc__page_encode(struct mc_arena *a, const char *s);

/* The first max bytes of text (whole UTF-8 characters, cut at a word boundary when
 * there is one) with "…" when cut; NULL stays NULL. In a. */
const char *mc__page_excerpt(struct mc_arena *a, const char *text, size_t max);

/* "5", "2.5", "1,200" (thousands grouped for whole numbers >= 10000 only). In a. */
const char *mc__page_num(struct mc_arena *a, double d);
/* "Free", or "250 EUR" / "1,200.50 EUR". In a. */
const char *mc__page_cost(struct mc_arena *a, double amount, const char *currency);

/* The date part of an RFC 3339 time in words ("15 January 2025"); the input when
 * it cannot be read. In a. */
const char *mc__page_date(struct mc_arena *a, const char *rfc3339);

/* The "Add to profile" link of LinkedIn for a certification:
 * https://www.linkedin.com/profile/add?startTask=CERTIFICATION_NAME&name=...&
 * organizationName=...&issueYear=YYYY&issueMonth=M[&expirationYear=..&expirationMonth=..]
 * &certUrl=...&certId=... with every value percent-encoded. issued / expires are
 * RFC 3339 (expires may be NULL). In a. */
const char *mc__page_linkedin_add(struct mc_arena *a, const char *name, const char *organization,
                                  const char *issued, const char *expires, const char *cert_url,
                                  const char *cert_id);

/* Decorates a verification report (mc_report_to_json's shape, modified in place)
 * for pages: each check gets "title" (what was checked, in two or three words),
 * "label" (Passed / Failed / Warning / Not checked) and "tone" (ok / bad / warn /
 * skip); the report gets the counts "n_passed", "n_failed", "n_warnings",
 * "n_skipped" and "summary", one sentence on what the verdict means. */
void mc__page_report_view(struct mc_arena *a, struct mc_json *report);

/* The current endorsements of a subject ("issuer" or "achievement", its id) as
 * page data: [{endorser, endorser_url, comment, date}], from the signed
 * EndorsementCredentials (mc_endorsements_for). */
int mc__page_endorsements(struct mc_web_req *req, const char *type, const char *id, struct mc_json **out);

#endif
