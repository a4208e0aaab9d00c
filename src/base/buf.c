/* Growable capped buffer: see include/microcred/buf.h. */
#include "microcred/buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/err.h"

/* Empty buffers point here so ptr is never NULL and always a valid C string. */
static char empty[1];

void mc_buf_init(struct mc_buf *b, size_t max)
{
	b->ptr = empty;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

void mc_buf_release(struct mc_buf *b)
{
	if (b->cap)
		free(b->ptr);
	b->ptr = empty;
	b->len = 0;
	b->cap = 0;
}

void mc_buf_clear(struct mc_buf *b)
{
	b->len = 0;
	if (b->cap)
		b->ptr[0] = '\0';
}

int mc_buf_reserve(struct mc_buf *b, size_t extra)
{
	size_t need;

	if (extra > b->max || b->len > b->max - extra)
		return MC_ELIMIT;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap < ((size_t)1 << 62) ? cap * 2 : need;
	if (b->cap) {
		b->ptr = mc_xrealloc(b->ptr, cap);
	} else {
		b->ptr = mc_xmalloc(cap);
		b->ptr[0] = '\0';
	}
	b->cap = cap;
	return 0;
}

int mc_buf_append(struct mc_buf *b, const void *p, size_t n)
{
	int rc = mc_buf_reserve(b, n);
	if (rc)
		return rc;
	if (n)
		memcpy(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
	return 0;
}

int mc_buf_puts(struct mc_buf *b, const char *s)
{
	return mc_buf_append(b, s, strlen(s));
}

int mc_buf_putc(struct mc_buf *b, char c)
{
	if (b->len + 1 < b->cap && b->len < b->max) {
		b->ptr[b->len++] = c;
		b->ptr[b->len] = '\0';
		return 0;
	}
	return mc_buf_append(b, &c, 1);
}

int mc_buf_vprintf(struct mc_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char small[256];

	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return MC_EINVAL;
	if ((size_t)n < sizeof(small))
		return mc_buf_append(b, small, (size_t)n);
	int rc = mc_buf_reserve(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int mc_buf_printf(struct mc_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = mc_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

char *mc_buf_detach(struct mc_buf *b, size_t *len)
{
	char *p;
	if (len)
		*len = b->len;
	if (b->cap) {
		p = b->ptr;
	} else {
		p = mc_xmalloc(1);
		p[0] = '\0';
	}
	b->ptr = empty;
	b->len = 0;
	b->cap = 0;
	return p;
}

int mc_buf_read_file(struct mc_buf *b, const char *path, struct mc_err *err)
{
	FILE *f;
	int rc = 0;
	char chunk[65536];
	bool is_stdin = strcmp(path, "-") == 0;

	f = is_stdin ? stdin : fopen(path, "rb");
	if (!f)
		return mc_err_set(err, MC_EIO, "cannot open %s: %s", path, strerror(errno));
	for (;;) {
		size_t n = fread(chunk, 1, sizeof(chunk), f);
		if (n > 0 && mc_buf_append(b, chunk, n) != 0) {
			rc = mc_err_set(err, MC_ELIMIT, "%s is larger than the limit of %zu bytes; give a smaller file",
					is_stdin ? "standard input" : path, b->max);
			break;
		}
		if (n < sizeof(chunk)) {
			if (ferror(f))
				rc = mc_err_set(err, MC_EIO, "cannot read %s: %s", path, strerror(errno));
			break;
		}
	}
	if (!is_stdin)
		fclose(f);
	return rc;
}
