/* Arena and buffer: alignment, growth, large allocations, caps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"

static void arena_alignment_and_growth(void **state)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	char *prev = NULL;
	for (int i = 0; i < 10000; i++) {
		char *p = mc_arena_alloc(&a, (size_t)(i % 37) + 1);
		assert_int_equal((uintptr_t)p % 16, 0);
		memset(p, 0xab, (size_t)(i % 37) + 1);
		assert_ptr_not_equal(p, prev);
		prev = p;
	}
	char *big = mc_arena_alloc(&a, 1 << 20);
	memset(big, 1, 1 << 20);
	char *s = mc_arena_printf(&a, "%s-%d", "x", 42);
	assert_string_equal(s, "x-42");
	mc_arena_clear(&a);
	char *z = mc_arena_zalloc(&a, 100);
	for (int i = 0; i < 100; i++)
		assert_int_equal(z[i], 0);
	mc_arena_release(&a);
}

static void arena_realloc_in_place(void **state)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	char *p = mc_arena_alloc(&a, 16);
	memcpy(p, "0123456789abcdef", 16);
	char *q = mc_arena_realloc(&a, p, 16, 64);
	assert_ptr_equal(p, q);
	mc_arena_alloc(&a, 8);
	char *r = mc_arena_realloc(&a, q, 64, 128);
	assert_ptr_not_equal(q, r);
	assert_memory_equal(r, "0123456789abcdef", 16);
	mc_arena_release(&a);
}

static void buf_cap_and_nul(void **state)
{
	struct mc_buf b;
	mc_buf_init(&b, 10);
	assert_non_null(b.ptr);
	assert_string_equal(b.ptr, "");
	assert_int_equal(mc_buf_puts(&b, "hello"), 0);
	assert_int_equal(mc_buf_printf(&b, "%d", 1234), 0);
	assert_string_equal(b.ptr, "hello1234");
	assert_int_equal(mc_buf_puts(&b, "xx"), MC_ELIMIT);
	assert_string_equal(b.ptr, "hello1234"); /* unchanged on failure */
	assert_int_equal(mc_buf_putc(&b, '!'), 0);
	assert_int_equal(mc_buf_putc(&b, '!'), MC_ELIMIT);
	size_t n;
	char *s = mc_buf_detach(&b, &n);
	assert_int_equal(n, 10);
	assert_string_equal(s, "hello1234!");
	free(s);
	assert_int_equal(b.len, 0);
	mc_buf_release(&b);
}

static void err_messages(void **state)
{
	struct mc_err err;
	assert_int_equal(mc_err_set(&err, MC_EINVAL, "bad %s", "thing"), MC_EINVAL);
	mc_err_prefix(&err, "file.json");
	assert_string_equal(err.msg, "file.json: bad thing");
	assert_int_equal(mc_err_exit_status(MC_EVERIFY), 1);
	assert_int_equal(mc_err_exit_status(MC_EINVAL), 2);
	assert_int_equal(mc_err_exit_status(MC_EIO), 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(arena_alignment_and_growth),
	    cmocka_unit_test(arena_realloc_in_place),
	    cmocka_unit_test(buf_cap_and_nul),
	    cmocka_unit_test(err_messages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
