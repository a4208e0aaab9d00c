/* Baking for downloads.c (see downloads_internal.h for why it is apart). */
#include "microcred/bake.h"

#include "app/downloads_internal.h"

int mc__downloads_bake(struct mc_buf *out, const void *image, size_t n, const char *credential, size_t len,
                       struct mc_err *err)
{
	return mc_bake(out, image, n, credential, len, NULL, err);
}
