/* Error values: see include/microcred/err.h. */
#include "microcred/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int mc_err_set(struct mc_err *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		err->code = code;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return code;
}

int mc_err_prefix(struct mc_err *err, const char *fmt, ...)
{
	char prefix[MC_ERR_MSG_MAX];
	char old[MC_ERR_MSG_MAX];
	va_list ap;

	if (!err)
		return MC_EINVAL;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* Truncation is acceptable: the message stays a valid, if shortened, sentence. */
	size_t n = strlen(prefix);
	if (n > sizeof(err->msg) - 3)
		n = sizeof(err->msg) - 3;
	memcpy(err->msg, prefix, n);
	memcpy(err->msg + n, ": ", 2);
	size_t rest = sizeof(err->msg) - n - 3;
	size_t m = strnlen(old, rest);
	memcpy(err->msg + n + 2, old, m);
	err->msg[n + 2 + m] = '\0';
	return err->code;
}

void mc_err_clear(struct mc_err *err)
{
	if (err) {
		err->code = 0;
		err->msg[0] = '\0';
	}
}

const char *mc_err_name(int code)
{
	switch (code) {
	case MC_OK: return "ok";
	case MC_EINVAL: return "invalid input";
	case MC_ENOMEM: return "out of memory";
	case MC_EIO: return "I/O error";
	case MC_ELIMIT: return "limit exceeded";
	case MC_ENOTFOUND: return "not found";
	case MC_EUNSUPPORTED: return "not supported";
	case MC_EVERIFY: return "verification failed";
	case MC_EEXIST: return "already exists";
	case MC_ESTATE: return "not allowed now";
	case MC_EAUTH: return "not authorised";
	default: return "error";
	}
}

int mc_err_exit_status(int code)
{
	switch (code) {
	case MC_OK: return 0;
	case MC_EVERIFY: return 1;
	case MC_EIO:
	case MC_ENOMEM: return 3;
	default: return 2;
	}
}
