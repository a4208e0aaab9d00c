/* Two buffer types: a growable, capped, always NUL-terminated byte buffer that the
 * caller owns (struct mc_buf), and a non-owning view of bytes (struct mc_slice). */
#ifndef MICROCRED_BUF_H
#define MICROCRED_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* A view of len bytes at ptr. Borrowed: whoever made it keeps the bytes alive. The
 * bytes are not necessarily NUL-terminated. */
struct mc_slice {
	const char *ptr;
	size_t len;
};

#define MC_SLICE_LIT(s) ((struct mc_slice){(s), sizeof(s) - 1})
#define MC_SLICE_FMT "%.*s"
#define MC_SLICE_ARG(s) (int)(s).len, (s).ptr

static inline struct mc_slice mc_slice_of(const char *cstr)
{
	return (struct mc_slice){cstr, cstr ? strlen(cstr) : 0};
}

static inline bool mc_slice_eq(struct mc_slice a, struct mc_slice b)
{
	return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

static inline bool mc_slice_eq_cstr(struct mc_slice a, const char *b)
{
	return mc_slice_eq(a, mc_slice_of(b));
}

static inline bool mc_slice_starts_with(struct mc_slice a, const char *prefix)
{
	size_t n = strlen(prefix);
	return a.len >= n && memcmp(a.ptr, prefix, n) == 0;
}

/* Growable buffer. ptr is never NULL and always NUL-terminated (so it can be passed
 * as a C string when it holds text); len excludes the NUL. max caps len: appends that
 * would exceed it fail with MC_ELIMIT and leave the buffer unchanged. Allocation
 * failure aborts the process (see arena.h for why). */
struct mc_buf {
	char *ptr;
	size_t len;
	size_t cap;
	size_t max;
};

#define MC_BUF_NOLIMIT ((size_t)-1)

void mc_buf_init(struct mc_buf *b, size_t max);
void mc_buf_release(struct mc_buf *b);
void mc_buf_clear(struct mc_buf *b); /* len = 0, keeps the memory */
int mc_buf_reserve(struct mc_buf *b, size_t extra);
int mc_buf_append(struct mc_buf *b, const void *p, size_t n);
int mc_buf_puts(struct mc_buf *b, const char *s);
int mc_buf_putc(struct mc_buf *b, char c);
int mc_buf_printf(struct mc_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int mc_buf_vprintf(struct mc_buf *b, const char *fmt, va_list ap);
/* Takes the bytes out: the caller frees the result with free(); b is reset empty. */
char *mc_buf_detach(struct mc_buf *b, size_t *len);

static inline struct mc_slice mc_buf_slice(const struct mc_buf *b)
{
	return (struct mc_slice){b->ptr, b->len};
}

/* Reads a whole file ("-" is standard input) into b, up to b->max bytes. */
struct mc_err;
int mc_buf_read_file(struct mc_buf *b, const char *path, struct mc_err *err);

#endif
