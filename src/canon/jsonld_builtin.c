/* The built-in JSON-LD context documents (contexts/, embedded by
 * cmake/contexts.cmake): looked up by URL, each parsed at most once per process on
 * first use and then shared read-only by all threads. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "canon/jsonld_internal.h"

#define URL_SLOTS 128 /* power of 2, comfortably above the number of URLs */

static pthread_once_t index_once = PTHREAD_ONCE_INIT;
static int16_t url_slots[URL_SLOTS]; /* index into mc__jld_builtin_urls + 1; 0 = empty */
static bool index_ok;

static pthread_mutex_t parse_lock = PTHREAD_MUTEX_INITIALIZER;
static struct mc_arena parse_arena;
static bool parse_arena_ready;
#define MAX_FILES 64
static _Atomic(const struct mc_json *) docs[MAX_FILES];

static uint32_t url_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

static void build_index(void)
{
	if (mc__jld_builtin_nurls >= URL_SLOTS || mc__jld_builtin_nfiles > MAX_FILES)
		return; /* caught by the unit tests: every built-in URL must resolve */
	for (size_t i = 0; i < mc__jld_builtin_nurls; i++) {
		const char *u = mc__jld_builtin_urls[i].url;
		uint32_t s = url_hash(u, strlen(u)) & (URL_SLOTS - 1);
		while (url_slots[s])
			s = (s + 1) & (URL_SLOTS - 1);
		url_slots[s] = (int16_t)(i + 1);
	}
	index_ok = true;
}

static const struct mc_json *doc_of(size_t file)
{
	const struct mc_json *d = atomic_load_explicit(&docs[file], memory_order_acquire);
	if (d)
		return d;
	pthread_mutex_lock(&parse_lock);
	d = atomic_load_explicit(&docs[file], memory_order_relaxed);
	if (!d) {
		if (!parse_arena_ready) {
			mc_arena_init(&parse_arena, 64 * 1024);
			parse_arena_ready = true;
		}
		const struct mc__jld_builtin_file *f = &mc__jld_builtin_files[file];
		struct mc_json *doc = NULL;
		struct mc_err err;
		if (mc_json_parse(&parse_arena, (const char *)f->data, f->len, NULL, &doc, &err) == 0) {
			d = doc;
			atomic_store_explicit(&docs[file], d, memory_order_release);
		}
	}
	pthread_mutex_unlock(&parse_lock);
	return d;
}

const struct mc_json *mc__jld_builtin_lookup(const char *url, size_t len, const char **canon_url)
{
	pthread_once(&index_once, build_index);
	if (!index_ok)
		return NULL;
	for (uint32_t s = url_hash(url, len) & (URL_SLOTS - 1); url_slots[s]; s = (s + 1) & (URL_SLOTS - 1)) {
		const struct mc__jld_builtin_url *u = &mc__jld_builtin_urls[url_slots[s] - 1];
		if (strncmp(u->url, url, len) == 0 && u->url[len] == '\0') {
			if (canon_url)
				*canon_url = u->url;
			return doc_of(u->file);
		}
	}
	return NULL;
}

const struct mc_json *mc_jsonld_builtin_context(const char *url)
{
	return url ? mc__jld_builtin_lookup(url, strlen(url), NULL) : NULL;
}
