/* Private to src/canon: helpers shared by the JSON writers. */
#ifndef MC_CANON_JSON_INTERNAL_H
#define MC_CANON_JSON_INTERNAL_H

#include <stddef.h>

#include "microcred/buf.h"

/* Appends s[0..n) as a JSON string literal, escaped as JSON.stringify (and RFC 8785)
 * do: \" \\ \b \f \n \r \t, other control characters as \u00xx, the rest as is. */
int mc__json_write_string(struct mc_buf *out, const char *s, size_t n);

#endif
