/* Private to src/web: a strict, limited parser of multipart/form-data bodies
 * (RFC 7578) for forms that upload files (evidence, badges to verify, CSV files).
 *
 * Strict: the body must begin with the first delimiter (no preamble), every part
 * must have `Content-Disposition: form-data; name="..."`, header lines end in CRLF,
 * and the body must end with the close delimiter. Limited: at most
 * MC_MULTIPART_MAX_PARTS parts and MC_MULTIPART_MAX_HEADER bytes of headers per
 * part (the body size itself is bounded by the route's body limit before this
 * runs). Anything else is MC_EINVAL with a message saying what is wrong.
 *
 * Parts point into the body (not copied): they live as long as the request. */
#ifndef MC_WEB_MULTIPART_H
#define MC_WEB_MULTIPART_H

#include <stdbool.h>
#include <stddef.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"

#define MC_MULTIPART_MAX_PARTS 32
#define MC_MULTIPART_MAX_HEADER 4096
#define MC_MULTIPART_MAX_BOUNDARY 70 /* RFC 2046 */

struct mc_web_part {
	const char *name;         /* the form field's name (in the arena) */
	const char *filename;     /* NULL for a plain field; the base name (no directories) */
	const char *content_type; /* NULL when the part had none */
	struct mc_slice data;     /* the bytes, borrowed from the body */
};

/* Parses body (len bytes, borrowed) sent with content_type ("multipart/form-data;
 * boundary=..."). *parts (in a) has *n entries. */
int mc__web_multipart_parse(struct mc_arena *a, const char *content_type, const char *body, size_t len,
                            struct mc_web_part **parts, size_t *n, struct mc_err *err);

/* True when content_type is multipart/form-data. */
bool mc__web_is_multipart(const char *content_type);

/* The first part named name, or NULL. */
const struct mc_web_part *mc__web_part(const struct mc_web_part *parts, size_t n, const char *name);
/* A plain field's value as a NUL-terminated string in a, or NULL when absent (or
 * when it contains a NUL byte). */
const char *mc__web_part_text(struct mc_arena *a, const struct mc_web_part *parts, size_t n,
                              const char *name);

#endif
