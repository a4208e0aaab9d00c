/* Verification reports and the resolver interface of the credential engine (vc/).
 *
 * A report is a list of checks, each with a stable id (e.g. "proof.signature"), a
 * status, and one sentence a non-expert understands ("The issuer's signature is
 * valid: the credential has not been changed since it was signed."). The overall
 * verdict is derived: verified when no check failed. Skipped checks (e.g. anything
 * needing the network in offline mode) are never counted as passed.
 *
 * Everything in a report is allocated in the arena given to it. */
#ifndef MICROCRED_REPORT_H
#define MICROCRED_REPORT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "err.h"
#include "json.h"
#include "keys.h"

enum mc_check_status {
	MC_CHECK_PASSED = 0,
	MC_CHECK_FAILED,
	MC_CHECK_WARNING,
	MC_CHECK_SKIPPED,
};

struct mc_check {
	const char *id; /* stable, dotted: "format", "structure", "proof.signature", ... */
	enum mc_check_status status;
	const char *message; /* one plain sentence */
};

struct mc_report {
	struct mc_arena *arena;
	const char *format; /* "eddsa-rdfc-2022", "vc-jwt", ... once detected */
	struct mc_check *checks;
	size_t len, cap;
};

void mc_report_init(struct mc_report *r, struct mc_arena *a);
void mc_report_add(struct mc_report *r, const char *id, enum mc_check_status status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* mc_report_add for a finished message, which must live as long as the report (in
 * its arena): the id (id_len bytes) is copied, the message is not formatted again. */
void mc_report_put(struct mc_report *r, const char *id, size_t id_len, enum mc_check_status status,
                   const char *message);
/* True when no check failed (warnings and skips allowed). */
bool mc_report_verified(const struct mc_report *r);
/* Number of checks with the given status. */
size_t mc_report_count(const struct mc_report *r, enum mc_check_status status);
const char *mc_check_status_name(enum mc_check_status s); /* "passed", "failed", ... */
/* {"verified": bool, "format": "...", "checks": [{"id","status","message"}...]} */
int mc_report_to_json(const struct mc_report *r, struct mc_json **out);
/* Human-readable text: one line per check with a mark, then the verdict. */
int mc_report_write_text(const struct mc_report *r, struct mc_buf *out);

/* A verification method as resolved: the public key (caller releases it with
 * mc_key_release), its controller, and whether the controller document lists it
 * under assertionMethod (authorised to issue credentials). */
struct mc_resolved_method {
	struct mc_key key;
	const char *id;         /* in the arena */
	const char *controller; /* in the arena */
	bool assertion_method;
};

/* Where keys and status lists come from. Each callback returns 0, MC_ENOTFOUND
 * (unknown), MC_EUNSUPPORTED when it would need the network in offline mode (the
 * check is then reported as skipped), or another error. Any callback may be NULL. */
struct mc_resolver {
	int (*method)(void *ctx, const char *vm_id, struct mc_arena *a, struct mc_resolved_method *out,
	              struct mc_err *err);
	/* A status list credential by URL (already parsed, in a). */
	int (*status_list)(void *ctx, const char *url, struct mc_arena *a, const struct mc_json **out,
	                   struct mc_err *err);
	void *ctx;
};

#endif
