/* Arena allocator: see include/microcred/arena.h. */
#include "microcred/arena.h"

#include <stdint.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN 16
#define DEFAULT_CHUNK 4096
#define MAX_CHUNK (64 * 1024)

struct mc_arena_chunk {
	struct mc_arena_chunk *next;
	size_t size; /* usable bytes after the header */
	             /* data follows, aligned */
};

#define HDR ((sizeof(struct mc_arena_chunk) + ALIGN - 1) & ~(size_t)(ALIGN - 1))

static void oom(size_t n)
{
	fprintf(stderr, "microcred: out of memory (allocating %zu bytes)\n", n);
	abort();
}

void mc_malloc_keep_freed(void)
{
#ifdef __GLIBC__
	/* Trim only above 64 MiB free, and grow the heap 1 MiB at a time. */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 1 << 20);
#endif
}

void *mc_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *mc_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

void *mc_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

char *mc_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(mc_xmalloc(n), s, n);
}

void mc_arena_init(struct mc_arena *a, size_t chunk_size)
{
	a->head = NULL;
	a->cur = NULL;
	a->end = NULL;
	a->chunk_size = chunk_size ? chunk_size : DEFAULT_CHUNK;
	a->total = 0;
}

void mc_arena_release(struct mc_arena *a)
{
	struct mc_arena_chunk *c = a->head;
	while (c) {
		struct mc_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
	a->head = NULL;
	a->cur = a->end = NULL;
	a->total = 0;
}

void mc_arena_clear(struct mc_arena *a)
{
	struct mc_arena_chunk *c = a->head;
	if (!c)
		return;
	/* Keep the oldest chunk (the first one allocated), free the rest. */
	while (c->next) {
		struct mc_arena_chunk *next = c->next;
		a->total -= c->size + HDR;
		free(c);
		c = next;
	}
	a->head = c;
	a->cur = (char *)c + HDR;
	a->end = a->cur + c->size;
}

static void *grow(struct mc_arena *a, size_t n)
{
	size_t size = a->chunk_size;
	struct mc_arena_chunk *c;

	if (n > size / 4) {
		/* A large allocation gets a chunk of its own, linked behind the current
		 * one so the current chunk's free space is not lost. */
		c = malloc(HDR + n);
		if (!c)
			oom(n);
		c->size = n;
		a->total += HDR + n;
		if (a->head) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = NULL;
			a->head = c;
			a->cur = a->end = (char *)c + HDR + n;
		}
		return (char *)c + HDR;
	}
	c = malloc(HDR + size);
	if (!c)
		oom(size);
	c->size = size;
	c->next = a->head;
	a->head = c;
	a->total += HDR + size;
	a->cur = (char *)c + HDR;
	a->end = a->cur + size;
	if (a->chunk_size < MAX_CHUNK)
		a->chunk_size *= 2;
	void *p = a->cur;
	a->cur += n;
	return p;
}

void *mc_arena_alloc(struct mc_arena *a, size_t n)
{
	n = (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (n == 0)
		n = ALIGN;
	if ((size_t)(a->end - a->cur) >= n && a->cur) {
		void *p = a->cur;
		a->cur += n;
		return p;
	}
	return grow(a, n);
}

void *mc_arena_grow(struct mc_arena *a, void *p, size_t len, size_t *cap, size_t elem)
{
	if (len < *cap)
		return p;
	size_t ncap = *cap ? *cap * 2 : 8;
	p = mc_arena_realloc(a, p, *cap * elem, ncap * elem);
	*cap = ncap;
	return p;
}

void *mc_arena_zalloc(struct mc_arena *a, size_t n)
{
	void *p = mc_arena_alloc(a, n);
	memset(p, 0, n);
	return p;
}

void *mc_arena_realloc(struct mc_arena *a, void *old, size_t old_n, size_t new_n)
{
	size_t old_al = (old_n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	size_t new_al = (new_n + ALIGN - 1) & ~(size_t)(ALIGN - 1);

	if (!old)
		return mc_arena_alloc(a, new_n);
	if (new_n <= old_n)
		return old;
	/* The last allocation in the current chunk can grow in place. */
	if ((char *)old + old_al == a->cur && (size_t)(a->end - (char *)old) >= new_al) {
		a->cur = (char *)old + new_al;
		return old;
	}
	void *p = mc_arena_alloc(a, new_n);
	memcpy(p, old, old_n);
	return p;
}

char *mc_arena_strndup(struct mc_arena *a, const char *s, size_t n)
{
	char *p = mc_arena_alloc(a, n + 1);
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *mc_arena_strdup(struct mc_arena *a, const char *s)
{
	return mc_arena_strndup(a, s, strlen(s));
}

void *mc_arena_memdup(struct mc_arena *a, const void *p, size_t n)
{
	void *q = mc_arena_alloc(a, n);
	if (n)
		memcpy(q, p, n);
	return q;
}

char *mc_arena_vprintf(struct mc_arena *a, const char *fmt, va_list ap)
{
	/* Most strings are short: format once into the stack and copy, instead of a
	 * measuring pass plus a formatting pass (each a full vsnprintf). */
	char small[256];
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(small, sizeof(small), fmt, ap2);
	va_end(ap2);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof(small))
		return mc_arena_memdup(a, small, (size_t)n + 1);
	char *p = mc_arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *mc_arena_printf(struct mc_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = mc_arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}
