/* Token buckets by key, in fixed memory: an open-addressed table of hashed keys
 * (a key is never stored, only its keyed hash), a short probe window, and the
 * least recently used slot of the window given to a new key when it is full. One
 * mutex: a take is a few dozen instructions, far below a request's cost. */
#include <math.h>
#include <pthread.h>
#include <sodium.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"

#include "web/auth.h"

#define PROBE 8

struct slot {
	uint64_t key; /* 0 = empty */
	double tokens;
	double last; /* when tokens was computed */
};

struct mc__ratelimit {
	pthread_mutex_t lock;
	struct slot *slots;
	size_t n; /* a power of two */
	double per_sec, burst;
	unsigned char hash_key[crypto_shorthash_KEYBYTES];
};

struct mc__ratelimit *mc__ratelimit_new(size_t slots, double per_sec, double burst)
{
	struct mc__ratelimit *rl = mc_xcalloc(1, sizeof *rl);
	size_t n = 64;
	while (n < slots)
		n <<= 1;
	rl->slots = mc_xcalloc(n, sizeof *rl->slots);
	rl->n = n;
	rl->per_sec = per_sec;
	rl->burst = burst < 1 ? 1 : burst;
	/* A random key: nobody can choose addresses that collide on purpose. */
	if (sodium_init() >= 0)
		randombytes_buf(rl->hash_key, sizeof rl->hash_key);
	pthread_mutex_init(&rl->lock, NULL);
	return rl;
}

void mc__ratelimit_free(struct mc__ratelimit *rl)
{
	if (!rl)
		return;
	pthread_mutex_destroy(&rl->lock);
	free(rl->slots);
	free(rl);
}

static uint64_t key_hash(const struct mc__ratelimit *rl, const char *key)
{
	unsigned char h[crypto_shorthash_BYTES];
	uint64_t v;
	crypto_shorthash(h, (const unsigned char *)key, strlen(key), rl->hash_key);
	memcpy(&v, h, sizeof v);
	return v ? v : 1;
}

/* The slot of key (refilled to now), claiming one when it has none. */
static struct slot *find(struct mc__ratelimit *rl, uint64_t k, double now)
{
	size_t i = (size_t)k & (rl->n - 1);
	struct slot *victim = NULL;
	for (size_t j = 0; j < PROBE; j++) {
		struct slot *s = &rl->slots[(i + j) & (rl->n - 1)];
		if (s->key == k) {
			s->tokens = fmin(rl->burst, s->tokens + (now - s->last) * rl->per_sec);
			s->last = now;
			return s;
		}
		if (s->key == 0) {
			if (!victim || victim->key != 0)
				victim = s;
		} else if (!victim || (victim->key != 0 && s->last < victim->last)) {
			victim = s;
		}
	}
	victim->key = k;
	victim->tokens = rl->burst;
	victim->last = now;
	return victim;
}

bool mc__ratelimit_take(struct mc__ratelimit *rl, const char *key, double now, unsigned *retry_after)
{
	uint64_t k = key_hash(rl, key);
	pthread_mutex_lock(&rl->lock);
	struct slot *s = find(rl, k, now);
	bool ok = s->tokens >= 1;
	if (ok)
		s->tokens -= 1;
	else if (retry_after)
		*retry_after = (unsigned)ceil((1 - s->tokens) / rl->per_sec);
	pthread_mutex_unlock(&rl->lock);
	if (!ok && retry_after && *retry_after == 0)
		*retry_after = 1;
	return ok;
}

void mc__ratelimit_reset(struct mc__ratelimit *rl, const char *key)
{
	uint64_t k = key_hash(rl, key);
	pthread_mutex_lock(&rl->lock);
	struct slot *s = find(rl, k, 0);
	s->tokens = rl->burst;
	pthread_mutex_unlock(&rl->lock);
}
