/* Arena (region) allocator: many small allocations, freed together in one call.
 * Each request, verification or parse gets one. Allocations are 16-byte aligned.
 *
 * Out of memory aborts the process with a message, in the arena and in mc_buf:
 * callers are spared an error path on every allocation, and limits on input size,
 * applied at the edges, keep legitimate use far from the machine's memory. */
#ifndef MICROCRED_ARENA_H
#define MICROCRED_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct mc_buf;
struct mc_slice;

struct mc_arena_chunk;

struct mc_arena {
	struct mc_arena_chunk *head; /* current chunk; older ones linked behind */
	char *cur;                   /* next free byte in head */
	char *end;                   /* end of head */
	size_t chunk_size;           /* size of the next ordinary chunk */
	size_t total;                /* bytes obtained from malloc, for statistics */
};

/* chunk_size 0 means a default (4 KiB, doubling up to 64 KiB as the arena grows). */
void mc_arena_init(struct mc_arena *a, size_t chunk_size);
void mc_arena_release(struct mc_arena *a);
/* Frees all but the first chunk and makes the arena empty again, ready for reuse. */
void mc_arena_clear(struct mc_arena *a);

void *mc_arena_alloc(struct mc_arena *a, size_t n);  /* uninitialised */
void *mc_arena_zalloc(struct mc_arena *a, size_t n); /* zeroed */
/* Grows an allocation. old may be NULL. Only the most recent allocation grows in
 * place; others are copied (the old space stays until the arena is cleared). */
void *mc_arena_realloc(struct mc_arena *a, void *old, size_t old_n, size_t new_n);
/* Room for one more item in an arena array p of elem-sized items, len of them used
 * out of *cap: returns p, or a copy with twice the room (*cap updated). */
void *mc_arena_grow(struct mc_arena *a, void *p, size_t len, size_t *cap, size_t elem);
char *mc_arena_strdup(struct mc_arena *a, const char *s);
char *mc_arena_strndup(struct mc_arena *a, const char *s, size_t n); /* NUL-terminated */
void *mc_arena_memdup(struct mc_arena *a, const void *p, size_t n);
char *mc_arena_printf(struct mc_arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
char *mc_arena_vprintf(struct mc_arena *a, const char *fmt, va_list ap);

#define MC_ARENA_NEW(a, type) ((type *)mc_arena_zalloc((a), sizeof(type)))
#define MC_ARENA_NEW_ARRAY(a, type, n) ((type *)mc_arena_alloc((a), sizeof(type) * (n)))

/* For long-running processes and batches (the server, `microcred verify` of many
 * inputs): keeps memory that is freed at the end of one request for the next
 * instead of giving it back to the kernel. glibc otherwise trims the top of its heap
 * whenever more than 128 KiB is free, so each verification would fault the same
 * pages in again (about 1 us of a 65 us verification). Call once, early in main. */
void mc_malloc_keep_freed(void);

/* Aborts with "out of memory" — for the few places outside arenas that allocate. */
void *mc_xmalloc(size_t n);
void *mc_xrealloc(void *p, size_t n);
void *mc_xcalloc(size_t n, size_t size);
char *mc_xstrdup(const char *s);

#endif
