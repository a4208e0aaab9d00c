/* Private to src/app/downloads*.c: render.h and bake.h both define
 * MC_IMAGE_PNG / MC_IMAGE_SVG (in different enums), so no file can include both;
 * baking lives in downloads_bake.c behind this one function. */
#ifndef MC_APP_DOWNLOADS_INTERNAL_H
#define MC_APP_DOWNLOADS_INTERNAL_H

#include <stddef.h>

#include "microcred/buf.h"
#include "microcred/err.h"

/* mc_bake: the credential (JSON or JWS) into the PNG or SVG image, appended to out. */
int mc__downloads_bake(struct mc_buf *out, const void *image, size_t n, const char *credential, size_t len,
                       struct mc_err *err);

#endif
