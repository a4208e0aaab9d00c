/* RFC 9162 Merkle tree algorithms: see include/microcred/tlog.h. Pure: every hash
 * of stored data comes through the caller's block callback. */
#include <sodium.h>
#include <string.h>

#include "microcred/tlog.h"

void mc_tlog_leaf_hash(const void *entry, size_t n, uint8_t out[MC_TLOG_HASH_SIZE])
{
	crypto_hash_sha256_state st;
	static const uint8_t prefix = 0x00;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, &prefix, 1);
	crypto_hash_sha256_update(&st, entry, n);
	crypto_hash_sha256_final(&st, out);
}

void mc_tlog_node_hash(const uint8_t left[MC_TLOG_HASH_SIZE], const uint8_t right[MC_TLOG_HASH_SIZE],
                       uint8_t out[MC_TLOG_HASH_SIZE])
{
	uint8_t buf[1 + 2 * MC_TLOG_HASH_SIZE];
	buf[0] = 0x01;
	memcpy(buf + 1, left, MC_TLOG_HASH_SIZE);
	memcpy(buf + 1 + MC_TLOG_HASH_SIZE, right, MC_TLOG_HASH_SIZE);
	crypto_hash_sha256(out, buf, sizeof(buf));
}

static void empty_hash(uint8_t out[MC_TLOG_HASH_SIZE])
{
	crypto_hash_sha256(out, (const unsigned char *)"", 0);
}

/* The largest power of two k with k < n <= 2k, for n >= 2 (RFC 9162 §2.1.1). */
static uint64_t split(uint64_t n)
{
	return (uint64_t)1 << (63 - __builtin_clzll(n - 1));
}

static bool is_pow2(uint64_t n)
{
	return n && (n & (n - 1)) == 0;
}

int mc_tlog_range_hash(const struct mc_tlog_source *src, uint64_t begin, uint64_t end,
                       uint8_t out[MC_TLOG_HASH_SIZE], struct mc_err *err)
{
	if (end < begin)
		return mc_err_set(err, MC_EINVAL, "tree range [%llu, %llu) is reversed",
		                  (unsigned long long)begin, (unsigned long long)end);
	uint64_t n = end - begin;
	if (n == 0) {
		empty_hash(out);
		return 0;
	}
	/* A complete aligned block is stored: one read. */
	if (is_pow2(n) && (begin & (n - 1)) == 0) {
		unsigned level = (unsigned)__builtin_ctzll(n);
		return src->block(src->ctx, level, begin >> level, out, err);
	}
	uint64_t k = split(n);
	uint8_t left[MC_TLOG_HASH_SIZE], right[MC_TLOG_HASH_SIZE];
	int rc = mc_tlog_range_hash(src, begin, begin + k, left, err);
	if (!rc)
		rc = mc_tlog_range_hash(src, begin + k, end, right, err);
	if (!rc)
		mc_tlog_node_hash(left, right, out);
	return rc;
}

int mc_tlog_root(const struct mc_tlog_source *src, uint64_t size, uint8_t out[MC_TLOG_HASH_SIZE],
                 struct mc_err *err)
{
	return mc_tlog_range_hash(src, 0, size, out, err);
}

static int path_add(const struct mc_tlog_source *src, uint64_t begin, uint64_t end, struct mc_tlog_path *out,
                    struct mc_err *err)
{
	if (out->len >= MC_TLOG_PATH_MAX)
		return mc_err_set(err, MC_ELIMIT, "proof longer than %d nodes", MC_TLOG_PATH_MAX);
	int rc = mc_tlog_range_hash(src, begin, end, out->node[out->len], err);
	if (!rc)
		out->len++;
	return rc;
}

/* PATH(m, D[lo:hi)): the sibling nearest the leaf comes first, so the recursion
 * goes down before it appends. */
static int inclusion(const struct mc_tlog_source *src, uint64_t m, uint64_t lo, uint64_t hi,
                     struct mc_tlog_path *out, struct mc_err *err)
{
	if (hi - lo <= 1)
		return 0;
	uint64_t k = split(hi - lo);
	int rc;
	if (m < lo + k) {
		if ((rc = inclusion(src, m, lo, lo + k, out, err)))
			return rc;
		return path_add(src, lo + k, hi, out, err);
	}
	if ((rc = inclusion(src, m, lo + k, hi, out, err)))
		return rc;
	return path_add(src, lo, lo + k, out, err);
}

int mc_tlog_inclusion_proof(const struct mc_tlog_source *src, uint64_t index, uint64_t size,
                            struct mc_tlog_path *out, struct mc_err *err)
{
	out->len = 0;
	if (index >= size)
		return mc_err_set(err, MC_EINVAL, "leaf index %llu is not in a tree of size %llu",
		                  (unsigned long long)index, (unsigned long long)size);
	return inclusion(src, index, 0, size, out, err);
}

/* SUBPROOF(m, D[lo:hi), b) of RFC 9162 §2.1.4.1. */
static int subproof(const struct mc_tlog_source *src, uint64_t m, uint64_t lo, uint64_t hi, bool b,
                    struct mc_tlog_path *out, struct mc_err *err)
{
	uint64_t n = hi - lo;
	if (m == n)
		return b ? 0 : path_add(src, lo, hi, out, err);
	uint64_t k = split(n);
	int rc;
	if (m <= k) {
		if ((rc = subproof(src, m, lo, lo + k, b, out, err)))
			return rc;
		return path_add(src, lo + k, hi, out, err);
	}
	if ((rc = subproof(src, m - k, lo + k, hi, false, out, err)))
		return rc;
	return path_add(src, lo, lo + k, out, err);
}

int mc_tlog_consistency_proof(const struct mc_tlog_source *src, uint64_t first, uint64_t second,
                              struct mc_tlog_path *out, struct mc_err *err)
{
	out->len = 0;
	if (first == 0 || first > second)
		return mc_err_set(
		    err, MC_EINVAL,
		    "no consistency proof from tree size %llu to %llu; the first size must be between 1 "
		    "and the second",
		    (unsigned long long)first, (unsigned long long)second);
	if (first == second)
		return 0;
	return subproof(src, first, 0, second, true, out, err);
}

static bool hash_eq(const uint8_t *a, const uint8_t *b)
{
	return sodium_memcmp(a, b, MC_TLOG_HASH_SIZE) == 0;
}

int mc_tlog_verify_inclusion(uint64_t index, uint64_t size, const uint8_t leaf_hash[MC_TLOG_HASH_SIZE],
                             const struct mc_tlog_path *path, const uint8_t root[MC_TLOG_HASH_SIZE],
                             struct mc_err *err)
{
	if (index >= size)
		return mc_err_set(err, MC_EVERIFY,
		                  "inclusion proof: leaf index %llu is not below tree size %llu",
		                  (unsigned long long)index, (unsigned long long)size);
	uint64_t fn = index, sn = size - 1;
	uint8_t r[MC_TLOG_HASH_SIZE];
	memcpy(r, leaf_hash, MC_TLOG_HASH_SIZE);
	for (size_t i = 0; i < path->len; i++) {
		if (sn == 0)
			return mc_err_set(err, MC_EVERIFY,
			                  "inclusion proof: %zu nodes, more than the tree has", path->len);
		if ((fn & 1) || fn == sn) {
			mc_tlog_node_hash(path->node[i], r, r);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			mc_tlog_node_hash(r, path->node[i], r);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		return mc_err_set(err, MC_EVERIFY, "inclusion proof: %zu nodes, fewer than the tree needs",
		                  path->len);
	if (!hash_eq(r, root))
		return mc_err_set(
		    err, MC_EVERIFY,
		    "inclusion proof: the path does not lead to the tree head (leaf %llu, size %llu)",
		    (unsigned long long)index, (unsigned long long)size);
	return 0;
}

int mc_tlog_verify_consistency(uint64_t first, uint64_t second, const uint8_t first_root[MC_TLOG_HASH_SIZE],
                               const uint8_t second_root[MC_TLOG_HASH_SIZE], const struct mc_tlog_path *path,
                               struct mc_err *err)
{
	if (first == 0 || first > second)
		return mc_err_set(err, MC_EVERIFY, "consistency proof: tree size %llu cannot precede %llu",
		                  (unsigned long long)first, (unsigned long long)second);
	if (first == second) {
		if (path->len != 0)
			return mc_err_set(err, MC_EVERIFY,
			                  "consistency proof between equal sizes must be empty");
		if (!hash_eq(first_root, second_root))
			return mc_err_set(err, MC_EVERIFY,
			                  "two tree heads of size %llu have different roots: the log forked",
			                  (unsigned long long)first);
		return 0;
	}
	if (path->len == 0)
		return mc_err_set(err, MC_EVERIFY, "consistency proof: empty path");
	if (path->len > MC_TLOG_PATH_MAX)
		return mc_err_set(err, MC_EVERIFY, "consistency proof: too long");
	/* Step 2: a power-of-two first tree is itself a node of the second. */
	const uint8_t *nodes[MC_TLOG_PATH_MAX + 1];
	size_t n = 0;
	if (is_pow2(first))
		nodes[n++] = first_root;
	for (size_t i = 0; i < path->len; i++)
		nodes[n++] = path->node[i];
	uint64_t fn = first - 1, sn = second - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	uint8_t fr[MC_TLOG_HASH_SIZE], sr[MC_TLOG_HASH_SIZE];
	memcpy(fr, nodes[0], MC_TLOG_HASH_SIZE);
	memcpy(sr, nodes[0], MC_TLOG_HASH_SIZE);
	for (size_t i = 1; i < n; i++) {
		if (sn == 0)
			return mc_err_set(err, MC_EVERIFY,
			                  "consistency proof: more nodes than the trees have");
		if ((fn & 1) || fn == sn) {
			mc_tlog_node_hash(nodes[i], fr, fr);
			mc_tlog_node_hash(nodes[i], sr, sr);
			while (!(fn & 1) && fn != 0) {
				fn >>= 1;
				sn >>= 1;
			}
		} else {
			mc_tlog_node_hash(sr, nodes[i], sr);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		return mc_err_set(err, MC_EVERIFY, "consistency proof: fewer nodes than the trees need");
	if (!hash_eq(fr, first_root))
		return mc_err_set(
		    err, MC_EVERIFY,
		    "consistency proof: the tree of size %llu is not a prefix of the tree of size %llu "
		    "(the earlier head does not match)",
		    (unsigned long long)first, (unsigned long long)second);
	if (!hash_eq(sr, second_root))
		return mc_err_set(
		    err, MC_EVERIFY,
		    "consistency proof: the path does not lead to the head of the tree of size %llu",
		    (unsigned long long)second);
	return 0;
}

void mc_tlog_stack_init(struct mc_tlog_stack *s)
{
	s->size = 0;
	s->depth = 0;
}

int mc_tlog_stack_push(struct mc_tlog_stack *s, const uint8_t leaf_hash[MC_TLOG_HASH_SIZE],
                       int (*block)(void *ctx, unsigned level, uint64_t index,
                                    const uint8_t hash[MC_TLOG_HASH_SIZE]),
                       void *ctx)
{
	uint64_t i = s->size;
	int rc = 0;
	memcpy(s->hash[s->depth++], leaf_hash, MC_TLOG_HASH_SIZE);
	/* Leaf i closes one block per trailing one bit of i (RFC 9162 §2.1.2). The
	 * merges always complete, so the stack stays right whatever block returns. */
	for (unsigned level = 1; (i & 1); level++, i >>= 1) {
		s->depth--;
		mc_tlog_node_hash(s->hash[s->depth - 1], s->hash[s->depth], s->hash[s->depth - 1]);
		if (block && !rc)
			rc = block(ctx, level, s->size >> level, s->hash[s->depth - 1]);
	}
	s->size++;
	return rc;
}

void mc_tlog_stack_root(const struct mc_tlog_stack *s, uint8_t out[MC_TLOG_HASH_SIZE])
{
	if (s->depth == 0) {
		empty_hash(out);
		return;
	}
	uint8_t r[MC_TLOG_HASH_SIZE];
	memcpy(r, s->hash[s->depth - 1], MC_TLOG_HASH_SIZE);
	for (unsigned j = s->depth - 1; j-- > 0;)
		mc_tlog_node_hash(s->hash[j], r, r);
	memcpy(out, r, MC_TLOG_HASH_SIZE);
}
