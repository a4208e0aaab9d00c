/* Errors as values.
 *
 * Functions return int: 0 on success, a negative MC_E* code on failure. When they
 * take a struct mc_err *, they also fill it with one human sentence that says what
 * went wrong, where, and how to fix it. Library code never prints; the faces (cli/,
 * web/) decide how to show the message. */
#ifndef MICROCRED_ERR_H
#define MICROCRED_ERR_H

#include <stddef.h>

enum {
	MC_OK = 0,
	MC_EINVAL = -1,       /* the input is malformed or not allowed (exit 2, HTTP 400) */
	MC_ENOMEM = -2,       /* out of memory */
	MC_EIO = -3,          /* file, network or database trouble (exit 3) */
	MC_ELIMIT = -4,       /* a size, depth or count limit was exceeded (HTTP 413/400) */
	MC_ENOTFOUND = -5,    /* a named thing does not exist (HTTP 404) */
	MC_EUNSUPPORTED = -6, /* valid, but something microcred does not do */
	MC_EVERIFY = -7,      /* a negative result: signature or check failed (exit 1) */
	MC_EEXIST = -8,       /* already exists (HTTP 409) */
	MC_ESTATE = -9,       /* not allowed in the current state (HTTP 409) */
	MC_EAUTH = -10,       /* not authenticated or not authorised (HTTP 401/403) */
};

#define MC_ERR_MSG_MAX 512

struct mc_err {
	int code;
	char msg[MC_ERR_MSG_MAX];
};

/* Sets code and a printf-formatted message; returns code so callers can write
 * `return mc_err_set(err, MC_EINVAL, "...")`. err may be NULL. */
int mc_err_set(struct mc_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Puts "prefix: " in front of the existing message (adds context on the way out,
 * e.g. the file name). Returns err->code. */
int mc_err_prefix(struct mc_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void mc_err_clear(struct mc_err *err);

/* A short name for a code, e.g. "invalid input". */
const char *mc_err_name(int code);

/* The CLI exit status for a code: 0 ok, 1 negative result, 2 bad input, 3 environment. */
int mc_err_exit_status(int code);

#endif
