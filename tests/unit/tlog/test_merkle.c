/* The Merkle tree algorithms of src/tlog/merkle.c against an independent, naive
 * implementation written here straight from RFC 9162's recursive definitions
 * (§2.1.1 MTH, §2.1.3.1 PATH, §2.1.4.1 PROOF), with its own SHA-256 (OpenSSL, where
 * the library uses libsodium): every tree of 1 to 64 leaves, every leaf and every
 * earlier size; the worked example of §2.1.5; random sizes up to 100,000 checked
 * with the RFC's verification algorithms and the §2.1.2 stack algorithm; and
 * tampered proofs, which must all fail. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
/* clang-format on */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/tlog.h"

#define H 32

/* ---- the naive reference ---- */

static void sha256(const void *p, size_t n, uint8_t out[H])
{
	unsigned int len = 0;
	assert_int_equal(EVP_Digest(p, n, out, &len, EVP_sha256(), NULL), 1);
}

static void ref_leaf(const char *entry, uint8_t out[H])
{
	uint8_t buf[256];
	size_t n = strlen(entry);
	buf[0] = 0;
	memcpy(buf + 1, entry, n);
	sha256(buf, n + 1, out);
}

static void ref_node(const uint8_t l[H], const uint8_t r[H], uint8_t out[H])
{
	uint8_t buf[1 + 2 * H];
	buf[0] = 1;
	memcpy(buf + 1, l, H);
	memcpy(buf + 1 + H, r, H);
	sha256(buf, sizeof(buf), out);
}

static uint8_t (*leaves)[H]; /* leaf hashes of the reference tree */
static size_t n_leaves;

static uint64_t largest_pow2_below(uint64_t n)
{
	uint64_t k = 1;
	while (k * 2 < n)
		k *= 2;
	return k;
}

/* MTH(D[lo:hi)) by the recursive definition, from the leaf hashes. */
static void ref_mth(uint64_t lo, uint64_t hi, uint8_t out[H])
{
	if (hi == lo) {
		sha256("", 0, out);
		return;
	}
	if (hi - lo == 1) {
		memcpy(out, leaves[lo], H);
		return;
	}
	uint64_t k = largest_pow2_below(hi - lo);
	uint8_t l[H], r[H];
	ref_mth(lo, lo + k, l);
	ref_mth(lo + k, hi, r);
	ref_node(l, r, out);
}

struct list {
	size_t len;
	uint8_t h[80][H];
};

static void list_add(struct list *l, uint64_t lo, uint64_t hi)
{
	assert_true(l->len < 80);
	ref_mth(lo, hi, l->h[l->len++]);
}

static void ref_path(uint64_t m, uint64_t lo, uint64_t hi, struct list *out)
{
	if (hi - lo <= 1)
		return;
	uint64_t k = largest_pow2_below(hi - lo);
	if (m - lo < k) {
		ref_path(m, lo, lo + k, out);
		list_add(out, lo + k, hi);
	} else {
		ref_path(m, lo + k, hi, out);
		list_add(out, lo, lo + k);
	}
}

static void ref_subproof(uint64_t m, uint64_t lo, uint64_t hi, bool b, struct list *out)
{
	if (m == hi - lo) {
		if (!b)
			list_add(out, lo, hi);
		return;
	}
	uint64_t k = largest_pow2_below(hi - lo);
	if (m <= k) {
		ref_subproof(m, lo, lo + k, b, out);
		list_add(out, lo + k, hi);
	} else {
		ref_subproof(m - k, lo + k, hi, false, out);
		list_add(out, lo, lo + k);
	}
}

/* ---- an in-memory source for the library: every complete aligned block,
 * computed level by level here ---- */

static uint8_t (*levels[64])[H];
static size_t level_len[64];
static unsigned n_levels;
static unsigned long reads;

static void build(size_t n)
{
	char e[64];
	free(leaves);
	leaves = malloc((n ? n : 1) * H);
	for (size_t i = 0; i < n; i++) {
		snprintf(e, sizeof(e), "entry %zu", i);
		ref_leaf(e, leaves[i]);
	}
	n_leaves = n;
	for (unsigned l = 1; l < n_levels; l++)
		free(levels[l]);
	levels[0] = leaves;
	level_len[0] = n;
	n_levels = 1;
	while (level_len[n_levels - 1] >= 2) {
		size_t m = level_len[n_levels - 1] / 2;
		levels[n_levels] = malloc(m * H);
		for (size_t j = 0; j < m; j++)
			ref_node(levels[n_levels - 1][2 * j], levels[n_levels - 1][2 * j + 1],
			         levels[n_levels][j]);
		level_len[n_levels++] = m;
	}
}

static int mem_block(void *ctx, unsigned level, uint64_t index, uint8_t out[MC_TLOG_HASH_SIZE],
                     struct mc_err *err)
{
	(void)ctx;
	reads++;
	if (level >= n_levels || index >= level_len[level])
		return mc_err_set(err, MC_ENOTFOUND, "no block %u/%llu", level, (unsigned long long)index);
	memcpy(out, levels[level][index], H);
	return 0;
}

static const struct mc_tlog_source src = {mem_block, NULL};

static void assert_path_eq(const struct mc_tlog_path *got, const struct list *want)
{
	assert_int_equal(got->len, want->len);
	for (size_t i = 0; i < want->len; i++)
		assert_memory_equal(got->node[i], want->h[i], H);
}

static unsigned ceil_log2(uint64_t n)
{
	unsigned l = 0;
	while (((uint64_t)1 << l) < n)
		l++;
	return l;
}

/* ---- tests ---- */

static void hashes_are_rfc9162(void **state)
{
	uint8_t a[H], b[H], x[H], y[H];
	mc_tlog_leaf_hash("hello", 5, a);
	ref_leaf("hello", b);
	assert_memory_equal(a, b, H);
	mc_tlog_node_hash(a, b, x);
	ref_node(a, b, y);
	assert_memory_equal(x, y, H);
	/* The empty tree's head is SHA-256 of nothing. */
	build(0);
	mc_tlog_root(&src, 0, x, NULL);
	sha256("", 0, y);
	assert_memory_equal(x, y, H);
}

/* RFC 9162 §2.1.5: seven leaves d0..d6. */
static void rfc_worked_example(void **state)
{
	build(7);
	uint8_t a[H], b[H], c[H], d[H], e[H], f[H], j[H], g[H], h[H], i[H], k[H], l[H], root[H];
	memcpy(a, leaves[0], H), memcpy(b, leaves[1], H), memcpy(c, leaves[2], H), memcpy(d, leaves[3], H);
	memcpy(e, leaves[4], H), memcpy(f, leaves[5], H), memcpy(j, leaves[6], H);
	ref_node(a, b, g), ref_node(c, d, h), ref_node(e, f, i), ref_node(g, h, k), ref_node(i, j, l);
	ref_node(k, l, root);
	struct mc_tlog_path p;
	struct mc_err err = {0};
	uint8_t got[H];
	assert_int_equal(mc_tlog_root(&src, 7, got, &err), 0);
	assert_memory_equal(got, root, H);
	struct {
		uint64_t m;
		size_t len;
		const uint8_t *nodes[3];
	} incl[] = {{0, 3, {b, h, l}}, {3, 3, {c, g, l}}, {4, 3, {f, j, k}}, {6, 2, {i, k}}};
	for (size_t t = 0; t < 4; t++) {
		assert_int_equal(mc_tlog_inclusion_proof(&src, incl[t].m, 7, &p, &err), 0);
		assert_int_equal(p.len, incl[t].len);
		for (size_t q = 0; q < p.len; q++)
			assert_memory_equal(p.node[q], incl[t].nodes[q], H);
	}
	/* hash0 = MTH(d0..d2), hash1 = k, hash2 = MTH(d0..d5). */
	uint8_t hash0[H], hash2[H];
	ref_node(g, c, hash0);
	ref_node(k, i, hash2);
	struct {
		uint64_t m;
		size_t len;
		const uint8_t *nodes[4];
		const uint8_t *old;
	} cons[] = {{3, 4, {c, d, g, l}, hash0}, {4, 1, {l}, k}, {6, 3, {i, j, k}, hash2}};
	for (size_t t = 0; t < 3; t++) {
		assert_int_equal(mc_tlog_consistency_proof(&src, cons[t].m, 7, &p, &err), 0);
		assert_int_equal(p.len, cons[t].len);
		for (size_t q = 0; q < p.len; q++)
			assert_memory_equal(p.node[q], cons[t].nodes[q], H);
		assert_int_equal(mc_tlog_verify_consistency(cons[t].m, 7, cons[t].old, root, &p, &err), 0);
	}
}

/* Every proof that can be asked of trees of 1..64 leaves equals the naive one,
 * verifies, and fails when any node, the index, the size or a root is changed. */
static void all_trees_up_to_64(void **state)
{
	build(64);
	struct mc_err err = {0};
	struct mc_tlog_path p;
	struct list want;
	for (uint64_t n = 1; n <= 64; n++) {
		uint8_t root[H], ref[H];
		assert_int_equal(mc_tlog_root(&src, n, root, &err), 0);
		ref_mth(0, n, ref);
		assert_memory_equal(root, ref, H);
		for (uint64_t m = 0; m < n; m++) {
			reads = 0;
			assert_int_equal(mc_tlog_inclusion_proof(&src, m, n, &p, &err), 0);
			assert_true(reads <= 2 * ceil_log2(n) + 1);
			want.len = 0;
			ref_path(m, 0, n, &want);
			assert_path_eq(&p, &want);
			assert_int_equal(mc_tlog_verify_inclusion(m, n, leaves[m], &p, root, &err), 0);
			for (size_t q = 0; q < p.len; q++) {
				p.node[q][q % H] ^= 0x40;
				assert_int_equal(mc_tlog_verify_inclusion(m, n, leaves[m], &p, root, NULL),
				                 MC_EVERIFY);
				p.node[q][q % H] ^= 0x40;
			}
			if (n > 1) {
				uint64_t other = (m + 1) % n;
				assert_int_equal(
				    mc_tlog_verify_inclusion(other, n, leaves[m], &p, root, NULL),
				    MC_EVERIFY);
				assert_int_equal(
				    mc_tlog_verify_inclusion(m, n, leaves[other], &p, root, NULL),
				    MC_EVERIFY);
			}
			/* (A different size may share the path's shape: the size is bound by the
			 * signed tree head, not by the proof.) An index past the size never passes. */
			assert_int_equal(mc_tlog_verify_inclusion(m, m, leaves[m], &p, root, NULL),
			                 MC_EVERIFY);
			if (p.len > 0) {
				p.len--;
				assert_int_equal(mc_tlog_verify_inclusion(m, n, leaves[m], &p, root, NULL),
				                 MC_EVERIFY);
				p.len++;
			}
		}
		for (uint64_t m = 1; m <= n; m++) {
			uint8_t old[H];
			ref_mth(0, m, old);
			assert_int_equal(mc_tlog_consistency_proof(&src, m, n, &p, &err), 0);
			want.len = 0;
			if (m < n)
				ref_subproof(m, 0, n, true, &want);
			assert_path_eq(&p, &want);
			assert_int_equal(mc_tlog_verify_consistency(m, n, old, root, &p, &err), 0);
			for (size_t q = 0; q < p.len; q++) {
				p.node[q][0] ^= 1;
				assert_int_equal(mc_tlog_verify_consistency(m, n, old, root, &p, NULL),
				                 MC_EVERIFY);
				p.node[q][0] ^= 1;
			}
			old[5] ^= 1;
			assert_int_equal(mc_tlog_verify_consistency(m, n, old, root, &p, NULL), MC_EVERIFY);
			old[5] ^= 1;
			root[7] ^= 1;
			assert_int_equal(mc_tlog_verify_consistency(m, n, old, root, &p, NULL), MC_EVERIFY);
			root[7] ^= 1;
			if (m < n && m > 1) {
				/* A proof for another first size must not pass for this one. */
				uint8_t old2[H];
				ref_mth(0, m - 1, old2);
				assert_int_equal(mc_tlog_verify_consistency(m - 1, n, old2, root, &p, NULL),
				                 MC_EVERIFY);
			}
		}
	}
}

/* The incremental stack (RFC 9162 §2.1.2) gives every prefix's head and reports each
 * completed block with the hash the levels hold. */
struct seen {
	unsigned long blocks;
};

static int on_block(void *ctx, unsigned level, uint64_t index, const uint8_t hash[MC_TLOG_HASH_SIZE])
{
	struct seen *s = ctx;
	assert_true(level < n_levels && index < level_len[level]);
	assert_memory_equal(hash, levels[level][index], H);
	s->blocks++;
	return 0;
}

static void stack_matches_prefixes(void **state)
{
	build(300);
	struct mc_tlog_stack st;
	struct seen s = {0};
	mc_tlog_stack_init(&st);
	for (size_t i = 0; i < 300; i++) {
		assert_int_equal(mc_tlog_stack_push(&st, leaves[i], on_block, &s), 0);
		uint8_t got[H], want[H];
		mc_tlog_stack_root(&st, got);
		ref_mth(0, i + 1, want);
		assert_memory_equal(got, want, H);
	}
	/* n leaves complete n - popcount(n) blocks. */
	assert_int_equal(s.blocks, 300 - __builtin_popcount(300));
}

/* The §2.1.2 algorithm, written here from the text. */
static void rfc_stack_root(uint64_t n, uint8_t out[H])
{
	static uint8_t stack[64][H];
	size_t sp = 0;
	for (uint64_t i = 0; i < n; i++) {
		memcpy(stack[sp++], leaves[i], H);
		for (uint64_t x = i; x & 1; x >>= 1) {
			ref_node(stack[sp - 2], stack[sp - 1], stack[sp - 2]);
			sp--;
		}
	}
	if (sp == 0) {
		sha256("", 0, out);
		return;
	}
	while (sp > 1) {
		ref_node(stack[sp - 2], stack[sp - 1], stack[sp - 2]);
		sp--;
	}
	memcpy(out, stack[0], H);
}

static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;
static uint64_t rnd(uint64_t bound)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state % bound;
}

static void random_sizes_to_100000(void **state)
{
	const uint64_t max = 100000;
	build(max);
	struct mc_err err = {0};
	struct mc_tlog_path p;
	struct list want;
	for (int t = 0; t < 40; t++) {
		uint64_t n = t == 0 ? max : 1 + rnd(max);
		uint8_t root[H], ref[H];
		assert_int_equal(mc_tlog_root(&src, n, root, &err), 0);
		rfc_stack_root(n, ref);
		assert_memory_equal(root, ref, H);
		for (int q = 0; q < 200; q++) {
			uint64_t m = q == 0 ? n - 1 : rnd(n);
			reads = 0;
			assert_int_equal(mc_tlog_inclusion_proof(&src, m, n, &p, &err), 0);
			assert_true(reads <= 2 * ceil_log2(n) + 1);
			assert_int_equal(mc_tlog_verify_inclusion(m, n, leaves[m], &p, root, &err), 0);
			p.node[rnd(p.len)][rnd(H)] ^= 0x80;
			assert_int_equal(mc_tlog_verify_inclusion(m, n, leaves[m], &p, root, NULL),
			                 MC_EVERIFY);
			uint64_t first = 1 + rnd(n);
			uint8_t old[H];
			reads = 0;
			assert_int_equal(mc_tlog_consistency_proof(&src, first, n, &p, &err), 0);
			assert_true(reads <= 3 * ceil_log2(n) + 2);
			assert_true(p.len <= ceil_log2(n) + 1);
			if (q == 0 && t < 12) {
				/* The naive recursion costs O(n) hashes: one check per size. */
				ref_mth(0, first, old);
				want.len = 0;
				if (first < n)
					ref_subproof(first, 0, n, true, &want);
				assert_path_eq(&p, &want);
				assert_int_equal(mc_tlog_verify_consistency(first, n, old, root, &p, &err),
				                 0);
				struct mc_tlog_path ip;
				assert_int_equal(mc_tlog_inclusion_proof(&src, m, n, &ip, &err), 0);
				want.len = 0;
				ref_path(m, 0, n, &want);
				assert_path_eq(&ip, &want);
			}
		}
	}
}

static void bad_arguments(void **state)
{
	build(8);
	struct mc_err err = {0};
	struct mc_tlog_path p = {0};
	uint8_t root[H];
	mc_tlog_root(&src, 8, root, NULL);
	assert_int_equal(mc_tlog_inclusion_proof(&src, 8, 8, &p, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "not in a tree of size 8"));
	assert_int_equal(mc_tlog_consistency_proof(&src, 0, 8, &p, &err), MC_EINVAL);
	assert_int_equal(mc_tlog_consistency_proof(&src, 9, 8, &p, &err), MC_EINVAL);
	/* A tree the source does not have: the callback's error comes through. */
	assert_int_equal(mc_tlog_root(&src, 9, root, &err), MC_ENOTFOUND);
	mc_tlog_root(&src, 8, root, NULL);
	/* Verification edge cases. */
	assert_int_equal(mc_tlog_verify_inclusion(3, 3, leaves[0], &p, root, &err), MC_EVERIFY);
	p.len = 0;
	assert_int_equal(mc_tlog_verify_inclusion(0, 8, leaves[0], &p, root, &err), MC_EVERIFY);
	assert_non_null(strstr(err.msg, "fewer"));
	assert_int_equal(mc_tlog_inclusion_proof(&src, 0, 8, &p, &err), 0);
	memcpy(p.node[p.len++], root, H);
	assert_int_equal(mc_tlog_verify_inclusion(0, 8, leaves[0], &p, root, &err), MC_EVERIFY);
	assert_non_null(strstr(err.msg, "more"));
	uint8_t r4[H];
	mc_tlog_root(&src, 4, r4, NULL);
	p.len = 0;
	assert_int_equal(mc_tlog_verify_consistency(4, 8, r4, root, &p, &err), MC_EVERIFY);
	assert_int_equal(mc_tlog_verify_consistency(0, 8, r4, root, &p, &err), MC_EVERIFY);
	assert_int_equal(mc_tlog_verify_consistency(8, 8, root, root, &p, &err), 0);
	assert_int_equal(mc_tlog_verify_consistency(8, 8, r4, root, &p, &err), MC_EVERIFY);
	assert_non_null(strstr(err.msg, "forked"));
	/* A single leaf's proof is empty and the leaf is the root. */
	assert_int_equal(mc_tlog_inclusion_proof(&src, 0, 1, &p, &err), 0);
	assert_int_equal(p.len, 0);
	assert_int_equal(mc_tlog_verify_inclusion(0, 1, leaves[0], &p, leaves[0], &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(hashes_are_rfc9162),     cmocka_unit_test(rfc_worked_example),
	    cmocka_unit_test(all_trees_up_to_64),     cmocka_unit_test(stack_matches_prefixes),
	    cmocka_unit_test(random_sizes_to_100000), cmocka_unit_test(bad_arguments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
