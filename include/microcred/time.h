/* RFC 3339 date-times, as VC validFrom/validUntil and proofs carry them.
 *
 * Form: YYYY-MM-DD "T" hh:mm:ss [.fraction] zone, years 0000..9999, 'T' and 'Z' in
 * either case. A time zone ('Z' or ±hh:mm) is required; fractional seconds are kept
 * to the nanosecond (further digits are read and dropped). Month lengths and leap
 * years are checked. Leap second 60 is accepted and folded into the next second.
 * The calendar arithmetic is microcred's own: nothing depends on TZ or locale. */
#ifndef MICROCRED_TIME_H
#define MICROCRED_TIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "err.h"

struct mc_time {
	int64_t sec;         /* seconds since 1970-01-01T00:00:00Z (UTC) */
	int32_t nsec;        /* 0..999,999,999 */
	int16_t offset;      /* the written zone offset in minutes (kept for re-printing) */
	uint8_t frac_digits; /* number of fractional digits written (0..9) */
};

/* Parses s[0..n). On error: MC_EINVAL with a message quoting the input, saying what
 * is wrong and showing a valid example. */
int mc_time_parse(struct mc_time *t, const char *s, size_t n, struct mc_err *err);
/* Appends the time as UTC with 'Z'; frac_digits fractional digits, as parsed (none
 * for a whole second). MC_EINVAL when the UTC year falls outside 0000..9999. */
int mc_time_format(struct mc_buf *out, const struct mc_time *t);
/* Current time, whole seconds (the form proofs use). */
struct mc_time mc_time_now(void);
/* <0, 0, >0 like strcmp. */
int mc_time_cmp(const struct mc_time *a, const struct mc_time *b);
struct mc_time mc_time_from_unix(int64_t sec);

#endif
