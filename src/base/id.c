/* Random identifiers: see include/microcred/id.h. */
#include "microcred/id.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "microcred/err.h"

void mc_random_bytes(void *p, size_t n)
{
	unsigned char *b = p;
	while (n > 0) {
		/* getrandom returns at most 32 MiB per call and may be interrupted. */
		ssize_t got = getrandom(b, n, 0);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			/* Without randomness no key or id is safe to make: stop, like an
			 * allocation failure does (arena.h). */
			fprintf(stderr, "microcred: the operating system cannot supply random bytes: %s\n",
			        strerror(errno));
			abort();
		}
		b += got;
		n -= (size_t)got;
	}
}

void mc_uuid_format(const uint8_t bytes[16], char out[MC_UUID_STR_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	char *o = out;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*o++ = '-';
		*o++ = hex[bytes[i] >> 4];
		*o++ = hex[bytes[i] & 15];
	}
	*o = '\0';
}

void mc_uuid_v4_bytes(uint8_t b[16])
{
	mc_random_bytes(b, 16);
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80); /* variant 10 (RFC 9562) */
}

void mc_uuid_v4(char out[MC_UUID_STR_LEN + 1])
{
	uint8_t b[16];
	mc_uuid_v4_bytes(b);
	mc_uuid_format(b, out);
}

/* v7 monotonicity (RFC 9562 §6.2, method 1): after the 48-bit millisecond time
 * come 42 bits used as a counter (12 of rand_a, the top 30 of rand_b). A new
 * millisecond seeds the counter randomly with its top bit clear, so it has at
 * least 2^41 steps of room; within the same millisecond (or when the clock steps
 * back) the counter increments, and if it ever overflows the timestamp moves one
 * millisecond ahead. The lower 32 bits of rand_b are fresh random for each id. */
static pthread_mutex_t v7_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t v7_last_ms;
static uint64_t v7_counter;

#define V7_COUNTER_BITS 42
#define V7_COUNTER_MAX ((UINT64_C(1) << V7_COUNTER_BITS) - 1)

void mc_uuid_v7_bytes(uint8_t b[16])
{
	struct timespec ts;
	uint8_t rnd[10];

	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t now_ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	mc_random_bytes(rnd, sizeof(rnd));
	uint64_t seed = 0;
	for (int i = 0; i < 6; i++)
		seed = seed << 8 | rnd[4 + i];

	pthread_mutex_lock(&v7_lock);
	if (now_ms > v7_last_ms) {
		v7_last_ms = now_ms;
		v7_counter = seed & (V7_COUNTER_MAX >> 1);
	} else if (v7_counter < V7_COUNTER_MAX) {
		v7_counter++;
	} else {
		v7_last_ms++;
		v7_counter = seed & (V7_COUNTER_MAX >> 1);
	}
	uint64_t ms = v7_last_ms & ((UINT64_C(1) << 48) - 1);
	uint64_t ctr = v7_counter;
	pthread_mutex_unlock(&v7_lock);

	for (int i = 0; i < 6; i++)
		b[i] = (uint8_t)(ms >> (40 - 8 * i));
	uint16_t rand_a = (uint16_t)(ctr >> 30);           /* top 12 counter bits */
	uint32_t rand_b_hi = (uint32_t)(ctr & 0x3fffffff); /* low 30 counter bits */
	b[6] = (uint8_t)(0x70 | (rand_a >> 8));
	b[7] = (uint8_t)rand_a;
	b[8] = (uint8_t)(0x80 | (rand_b_hi >> 24));
	b[9] = (uint8_t)(rand_b_hi >> 16);
	b[10] = (uint8_t)(rand_b_hi >> 8);
	b[11] = (uint8_t)rand_b_hi;
	memcpy(b + 12, rnd, 4);
}

void mc_uuid_v7(char out[MC_UUID_STR_LEN + 1])
{
	uint8_t b[16];
	mc_uuid_v7_bytes(b);
	mc_uuid_format(b, out);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int mc_uuid_parse(const char *s, size_t n, uint8_t bytes[16], int *version)
{
	uint8_t b[16];
	size_t i = 0;

	if (n != MC_UUID_STR_LEN)
		return MC_EINVAL;
	for (int k = 0; k < 16; k++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return MC_EINVAL;
			i++;
		}
		int hi = hexval(s[i]), lo = hexval(s[i + 1]);
		if (hi < 0 || lo < 0)
			return MC_EINVAL;
		b[k] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	if (bytes)
		memcpy(bytes, b, 16);
	if (version)
		*version = b[6] >> 4;
	return 0;
}
