/* Private to src/app: an RFC 4180 CSV reader for bulk imports (bulk.c).
 *
 * Fields are separated by commas and records by LF or CRLF; a field may be enclosed
 * in double quotes, and then may hold commas, line breaks and doubled quotes ("").
 * Unquoted fields keep everything but surrounding spaces and tabs, which are
 * trimmed from every field. Each field must be valid UTF-8 and at most max_field
 * bytes. A record that breaks a rule is kept with its error (and the reader goes on
 * at the next line); an unterminated quoted field takes the rest of the input. */
#ifndef MC_APP_CSV_H
#define MC_APP_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "microcred/arena.h"
#include "microcred/err.h"

struct mc__csv_field {
	const char *s; /* NUL-terminated copy in the arena, unquoted and trimmed */
	size_t n;
};

struct mc__csv_row {
	int64_t num; /* record number, counting blank lines: the first record is 1 */
	struct mc__csv_field *f;
	size_t nf;
	const char *error; /* what is wrong with this record, or NULL */
};

/* Parses data[0..len) (a leading UTF-8 byte-order mark is skipped) into *rows (in
 * a), leaving out blank records (one empty field). MC_ELIMIT when there are more
 * than max_rows non-blank records. */
int mc__csv_parse(struct mc_arena *a, const char *data, size_t len, size_t max_rows, size_t max_field,
                  struct mc__csv_row **rows, size_t *n, struct mc_err *err);

/* Whether s[0..n) is well-formed UTF-8 (no overlong forms, surrogates, or code
 * points past U+10FFFF). */
bool mc__utf8_valid(const unsigned char *s, size_t n);

#endif
