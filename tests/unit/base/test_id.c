/* UUIDs: text format, version and variant bits, v7 time stamp and ordering (also
 * across threads), uniqueness, parsing; random bytes. */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* cmocka.h needs the headers above first. */
/* clang-format off */
#include <cmocka.h>
/* clang-format on */

#include "microcred/err.h"
#include "microcred/id.h"

#define N_IDS 10000

static void check_text_form(const char *s, int version)
{
	assert_int_equal(strlen(s), MC_UUID_STR_LEN);
	for (int i = 0; i < MC_UUID_STR_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			assert_int_equal(s[i], '-');
		} else if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
			fail_msg("%s: character %d is not lower-case hex", s, i);
		}
	}
	assert_int_equal(s[14], '0' + version);
	/* Variant 10xx: the first digit of the fourth group is 8, 9, a or b. */
	assert_non_null(strchr("89ab", s[19]));
	uint8_t b[16];
	int v = -1;
	assert_int_equal(mc_uuid_parse(s, strlen(s), b, &v), 0);
	assert_int_equal(v, version);
	assert_int_equal(b[6] >> 4, version);
	assert_int_equal(b[8] >> 6, 2);
	char again[MC_UUID_STR_LEN + 1];
	mc_uuid_format(b, again);
	assert_string_equal(again, s);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static void v4_format_and_uniqueness(void **state)
{
	char(*ids)[MC_UUID_STR_LEN + 1] = malloc(N_IDS * sizeof(*ids));
	int bits_set[128] = {0};
	for (int i = 0; i < N_IDS; i++) {
		mc_uuid_v4(ids[i]);
		check_text_form(ids[i], 4);
		uint8_t b[16];
		mc_uuid_parse(ids[i], MC_UUID_STR_LEN, b, NULL);
		for (int k = 0; k < 128; k++)
			bits_set[k] += (b[k / 8] >> (7 - k % 8)) & 1;
	}
	qsort(ids, N_IDS, sizeof(*ids), cmp_str);
	for (int i = 1; i < N_IDS; i++)
		assert_true(strcmp(ids[i - 1], ids[i]) != 0);
	/* The 122 random bits are each set about half the time; the 6 fixed bits never
	 * vary. (Bounds are ±10% of N: a false alarm is practically impossible.) */
	for (int k = 0; k < 128; k++) {
		bool fixed = (k >= 48 && k < 52) || k == 64 || k == 65;
		if (fixed) {
			assert_true(bits_set[k] == 0 || bits_set[k] == N_IDS);
		} else if (bits_set[k] < N_IDS * 4 / 10 || bits_set[k] > N_IDS * 6 / 10) {
			fail_msg("bit %d set in %d of %d v4 ids", k, bits_set[k], N_IDS);
		}
	}
	free(ids);
}

static void v7_format_time_and_order(void **state)
{
	char(*ids)[MC_UUID_STR_LEN + 1] = malloc(N_IDS * sizeof(*ids));
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t before = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	for (int i = 0; i < N_IDS; i++)
		mc_uuid_v7(ids[i]);
	clock_gettime(CLOCK_REALTIME, &ts);
	uint64_t after = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;

	for (int i = 0; i < N_IDS; i++) {
		check_text_form(ids[i], 7);
		/* Strictly increasing as text (and so as bytes and time). */
		if (i > 0 && strcmp(ids[i - 1], ids[i]) >= 0)
			fail_msg("v7 ids out of order at %d: %s then %s", i, ids[i - 1], ids[i]);
		uint8_t b[16];
		mc_uuid_parse(ids[i], MC_UUID_STR_LEN, b, NULL);
		uint64_t ms = 0;
		for (int k = 0; k < 6; k++)
			ms = ms << 8 | b[k];
		/* The counter may borrow a millisecond or two from the future under load. */
		if (ms < before || ms > after + 2)
			fail_msg("v7 time %llu outside [%llu, %llu]", (unsigned long long)ms,
			         (unsigned long long)before, (unsigned long long)after);
	}
	free(ids);
}

struct thread_job {
	uint8_t ids[N_IDS][16];
};

static void *make_v7(void *arg)
{
	struct thread_job *job = arg;
	for (int i = 0; i < N_IDS; i++)
		mc_uuid_v7_bytes(job->ids[i]);
	return NULL;
}

static int cmp_16(const void *a, const void *b)
{
	return memcmp(a, b, 16);
}

static void v7_threads(void **state)
{
	enum { T = 4 };
	pthread_t th[T];
	struct thread_job *jobs = malloc(T * sizeof(*jobs));
	for (int t = 0; t < T; t++)
		assert_int_equal(pthread_create(&th[t], NULL, make_v7, &jobs[t]), 0);
	for (int t = 0; t < T; t++)
		pthread_join(th[t], NULL);
	uint8_t(*all)[16] = malloc(T * N_IDS * 16);
	for (int t = 0; t < T; t++) {
		for (int i = 0; i < N_IDS; i++) {
			if (i > 0 && memcmp(jobs[t].ids[i - 1], jobs[t].ids[i], 16) >= 0)
				fail_msg("thread %d: v7 ids out of order at %d", t, i);
			memcpy(all[t * N_IDS + i], jobs[t].ids[i], 16);
		}
	}
	qsort(all, T * N_IDS, 16, cmp_16);
	for (int i = 1; i < T * N_IDS; i++)
		assert_true(memcmp(all[i - 1], all[i], 16) != 0);
	free(all);
	free(jobs);
}

static void parse(void **state)
{
	uint8_t b[16];
	int v = -1;
	/* RFC 9562 appendix examples (v4 A.3, v7 A.6), upper case accepted. */
	assert_int_equal(mc_uuid_parse("919108f7-52d1-4320-9bac-f847db4148a8", 36, b, &v), 0);
	assert_int_equal(v, 4);
	assert_int_equal(b[0], 0x91);
	assert_int_equal(b[15], 0xa8);
	assert_int_equal(mc_uuid_parse("017F22E2-79B0-7CC3-98C4-DC0C0C07398F", 36, b, &v), 0);
	assert_int_equal(v, 7);
	char out[MC_UUID_STR_LEN + 1];
	mc_uuid_format(b, out);
	assert_string_equal(out, "017f22e2-79b0-7cc3-98c4-dc0c0c07398f");
	assert_int_equal(mc_uuid_parse("00000000-0000-0000-0000-000000000000", 36, b, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(mc_uuid_parse("ffffffff-ffff-ffff-ffff-ffffffffffff", 36, NULL, &v), 0);
	assert_int_equal(v, 15);

	static const char *const bad[] = {
	    "919108f7-52d1-4320-9bac-f847db4148a",   /* short */
	    "919108f7-52d1-4320-9bac-f847db4148a88", /* long */
	    "919108f752d1-4320-9bac-f847db4148a8a",  /* hyphen moved */
	    "919108f7-52d1-4320-9bac_f847db4148a8",  /* wrong separator */
	    "919108g7-52d1-4320-9bac-f847db4148a8",  /* not hex */
	    "{19108f7-52d1-4320-9bac-f847db4148a8",  "urn:uuid:919108f7-52d1-4320-9bac-f847",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (mc_uuid_parse(bad[i], strlen(bad[i]), b, &v) != MC_EINVAL)
			fail_msg("\"%s\" should be rejected", bad[i]);
	/* n is honoured. */
	assert_int_equal(mc_uuid_parse("919108f7-52d1-4320-9bac-f847db4148a8xyz", 36, b, &v), 0);
}

static void random_bytes(void **state)
{
	/* Larger than one getrandom chunk boundary is not needed; check it fills every
	 * byte (a buffer pre-set to one value does not stay that way) and varies. */
	size_t n = 1 << 16;
	unsigned char *a = malloc(n), *b = malloc(n);
	memset(a, 0, n);
	memset(b, 0, n);
	mc_random_bytes(a, n);
	mc_random_bytes(b, n);
	assert_true(memcmp(a, b, n) != 0);
	size_t zeros_tail = 0;
	for (size_t i = n - 64; i < n; i++)
		zeros_tail += a[i] == 0;
	assert_true(zeros_tail < 16);
	size_t ones = 0;
	for (size_t i = 0; i < n; i++)
		ones += (size_t)__builtin_popcount(a[i]);
	/* 524288 expected bits, sd ~362: ±1% is > 14 sd. */
	assert_true(ones > n * 4 * 99 / 100 && ones < n * 4 * 101 / 100);
	mc_random_bytes(a, 0);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(v4_format_and_uniqueness),
	    cmocka_unit_test(v7_format_time_and_order),
	    cmocka_unit_test(v7_threads),
	    cmocka_unit_test(parse),
	    cmocka_unit_test(random_bytes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
