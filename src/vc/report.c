/* Verification reports: see include/microcred/report.h. */
#include "microcred/report.h"

#include <stdio.h>
#include <string.h>

void mc_report_init(struct mc_report *r, struct mc_arena *a)
{
	memset(r, 0, sizeof(*r));
	r->arena = a;
}

void mc_report_put(struct mc_report *r, const char *id, size_t id_len, enum mc_check_status status,
                   const char *message)
{
	r->checks = mc_arena_grow(r->arena, r->checks, r->len, &r->cap, sizeof(*r->checks));
	struct mc_check *c = &r->checks[r->len++];
	c->id = mc_arena_strndup(r->arena, id, id_len);
	c->status = status;
	c->message = message;
}

void mc_report_add(struct mc_report *r, const char *id, enum mc_check_status status, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *msg = mc_arena_vprintf(r->arena, fmt, ap);
	va_end(ap);
	mc_report_put(r, id, strlen(id), status, msg);
}

bool mc_report_verified(const struct mc_report *r)
{
	return mc_report_count(r, MC_CHECK_FAILED) == 0;
}

size_t mc_report_count(const struct mc_report *r, enum mc_check_status status)
{
	size_t n = 0;
	for (size_t i = 0; i < r->len; i++)
		n += r->checks[i].status == status;
	return n;
}

const char *mc_check_status_name(enum mc_check_status s)
{
	switch (s) {
	case MC_CHECK_PASSED: return "passed";
	case MC_CHECK_FAILED: return "failed";
	case MC_CHECK_WARNING: return "warning";
	case MC_CHECK_SKIPPED: return "skipped";
	}
	return "unknown";
}

int mc_report_to_json(const struct mc_report *r, struct mc_json **out)
{
	struct mc_arena *a = r->arena;
	struct mc_json *o = mc_json_new_object(a);
	struct mc_json v;
	mc_json_set_bool(&v, mc_report_verified(r));
	mc_json_object_set(a, o, "verified", 8, &v);
	if (r->format) {
		mc_json_set_string(a, &v, r->format, strlen(r->format));
		mc_json_object_set(a, o, "format", 6, &v);
	}
	struct mc_json *checks = mc_json_new_array(a);
	for (size_t i = 0; i < r->len; i++) {
		const struct mc_check *c = &r->checks[i];
		struct mc_json *item = mc_json_array_push(a, checks);
		const char *st = mc_check_status_name(c->status);
		mc_json_set_object(item);
		mc_json_set_string_ref(&v, c->id, strlen(c->id));
		mc_json_object_set(a, item, "id", 2, &v);
		mc_json_set_string_ref(&v, st, strlen(st));
		mc_json_object_set(a, item, "status", 6, &v);
		mc_json_set_string_ref(&v, c->message, strlen(c->message));
		mc_json_object_set(a, item, "message", 7, &v);
	}
	mc_json_object_set(a, o, "checks", 6, checks);
	*out = o;
	return 0;
}

int mc_report_write_text(const struct mc_report *r, struct mc_buf *out)
{
	static const char *marks[] = {"[ok]  ", "[FAIL]", "[warn]", "[skip]"};
	int rc = 0;
	for (size_t i = 0; i < r->len && !rc; i++) {
		const struct mc_check *c = &r->checks[i];
		rc = mc_buf_printf(out, "%s %s\n", marks[c->status], c->message);
	}
	if (rc)
		return rc;
	size_t skipped = mc_report_count(r, MC_CHECK_SKIPPED);
	if (mc_report_verified(r))
		return mc_buf_printf(out, "VERIFIED%s\n",
		                     skipped ? " (some checks were skipped; see above)" : "");
	return mc_buf_printf(out, "NOT VERIFIED: %zu check(s) failed\n", mc_report_count(r, MC_CHECK_FAILED));
}
