/* RDFC-1.0 (W3C RDF Dataset Canonicalization): see include/microcred/rdf.h and
 * ../shared/specs/rdfc-1.0.md. Section numbers below refer to that spec.
 *
 * How it stays fast:
 * - every quad is serialized once into "segments" (canonical text of its non-blank
 *   terms) with blank node positions left as node numbers, so each N-Quads line the
 *   algorithm needs (first-degree lines with _:a/_:z, the final lines with _:c14nN)
 *   is a few memcpys;
 * - blank nodes are numbered once (hash table on the label) and carry their mention
 *   list as a slice of one shared array;
 * - equal IRIs are serialized once and share their text (interned);
 * - lines are sorted with a multikey quicksort on 8-byte words, which reads the
 *   long prefixes lines share about once instead of once per comparison;
 * - one reusable EVP_MD_CTX with a pre-fetched digest;
 * - Hash N-Degree Quads keeps its scratch (paths, issuers, permutation state) in one
 *   reusable record per recursion depth, so the recursion allocates nothing once
 *   warmed up.
 *
 * Blank node identifier issuers are lists of node numbers: the identifier issued to
 * list[i] is "b<i>" (temporary) — looking one up is a scan, but the lists are short
 * and copying one (which the algorithm does per permutation) is one memcpy. */
#include <openssl/evp.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "microcred/rdf.h"

#include "canon/rdf_internal.h"

#define MAX_HASH 48    /* SHA-384 */
#define MAX_DEPTH 1024 /* recursion of Hash N-Degree Quads: bounds the C stack and scratch memory */
#define NO_NODE (-1)

/* ---- digests ---- */

static EVP_MD *md_sha256, *md_sha384;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;

/* Seed of the lookup-table hashes, random per process, so that nobody can prepare
 * blank node labels or quads that all collide. */
static uint64_t table_seed;

/* Fetching the digests once saves the implicit per-init lookup EVP_sha256() costs
 * in OpenSSL 3 (about half of the time of hashing a short N-Quads line). */
static void md_fetch(void)
{
	md_sha256 = EVP_MD_fetch(NULL, "SHA2-256", NULL);
	md_sha384 = EVP_MD_fetch(NULL, "SHA2-384", NULL);
	if (getrandom(&table_seed, sizeof(table_seed), GRND_NONBLOCK) != (ssize_t)sizeof(table_seed))
		table_seed = (uint64_t)(uintptr_t)&table_seed ^ (uint64_t)time(NULL);
}

static const char hex_lower[] = "0123456789abcdef";

static char *put_hex(char *d, const unsigned char *h, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		*d++ = hex_lower[h[i] >> 4];
		*d++ = hex_lower[h[i] & 15];
	}
	return d;
}

static char *put_uint(char *d, uint32_t v)
{
	char tmp[10];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*d++ = tmp[--n];
	return d;
}

/* ---- state ---- */

struct node {
	struct mc_slice label;
	uint32_t first, count; /* mention quads: mentions[first .. first + count) */
	uint32_t last_quad;    /* while counting: the last quad counted, to count a quad once */
	int32_t canon;         /* canonical number (c14nN), or -1 */
	uint32_t rank;         /* position in label order (permutations start sorted) */
	unsigned char h1[MAX_HASH];
};

/* A quad with its non-blank terms pre-serialized into st->segs. */
struct tquad {
	uint32_t off[4], len[4];
	int32_t node[4]; /* blank node number per position (s, p, o, g), or NO_NODE */
	uint32_t iri[4]; /* interned IRI number + 1, or 0 (see setup) */
	uint32_t src;    /* index in the input dataset */
	uint8_t has_g, dead;
};

struct issuer {
	uint32_t *v;
	uint32_t len, cap;
};

struct rel {
	unsigned char h[MAX_HASH];
	uint32_t node;
};

/* Scratch for one depth of Hash N-Degree Quads. */
struct level {
	struct rel *rel;
	size_t nrel, relcap;
	uint32_t *vals, *cur, *rec; /* permutation values, current permutation, recursion list */
	unsigned char *dir;
	size_t permcap;
	struct issuer copy, chosen;
	struct mc_buf path, chosen_path, data;
};

struct st {
	struct mc_arena *a;
	const struct mc_rdf_dataset *in;
	EVP_MD_CTX *ctx;
	const EVP_MD *md;
	size_t hlen;
	bool hash_failed;

	struct tquad *q;
	size_t nq;
	struct mc_buf segs; /* serialized terms */
	struct node *nodes;
	size_t nnodes;
	uint32_t *mentions;

	uint32_t next_canon;
	uint32_t *canon_order; /* node numbers in issue order */

	size_t work, max_work;
	struct level **levels;
	size_t nlevels;
	struct mc_buf scratch;
	struct mc_err *err;
};

static void *xgrow(void *p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return p;
	size_t c = *cap ? *cap : 8;
	while (c < need)
		c *= 2;
	*cap = c;
	return mc_xrealloc(p, c * size);
}

static void hash_begin(struct st *st)
{
	if (EVP_DigestInit_ex2(st->ctx, st->md, NULL) != 1)
		st->hash_failed = true;
}

static void hash_update(struct st *st, const void *p, size_t n)
{
	if (EVP_DigestUpdate(st->ctx, p, n) != 1)
		st->hash_failed = true;
}

static void hash_end(struct st *st, unsigned char *out)
{
	unsigned int n;
	if (EVP_DigestFinal_ex(st->ctx, out, &n) != 1)
		st->hash_failed = true;
}

/* ---- issuers ---- */

static int32_t iss_find(const struct issuer *is, uint32_t node)
{
	for (uint32_t i = 0; i < is->len; i++)
		if (is->v[i] == node)
			return (int32_t)i;
	return -1;
}

static uint32_t iss_issue(struct issuer *is, uint32_t node)
{
	int32_t i = iss_find(is, node);
	if (i >= 0)
		return (uint32_t)i;
	if (is->len == is->cap) {
		is->cap = is->cap ? is->cap * 2 : 16;
		is->v = mc_xrealloc(is->v, is->cap * sizeof(*is->v));
	}
	is->v[is->len] = node;
	return is->len++;
}

static void iss_copy(struct issuer *dst, const struct issuer *src)
{
	if (dst->cap < src->len) {
		dst->cap = src->cap;
		dst->v = mc_xrealloc(dst->v, dst->cap * sizeof(*dst->v));
	}
	if (src->len)
		memcpy(dst->v, src->v, src->len * sizeof(*src->v));
	dst->len = src->len;
}

/* ---- lines ---- */

static int cmp_bytes(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);
	if (c)
		return c;
	return an < bn ? -1 : an > bn;
}

/* Upper bound of one line of quad t with labels of at most label_max bytes. */
static size_t line_max(const struct tquad *t, size_t label_max)
{
	return t->len[0] + t->len[1] + t->len[2] + t->len[3] + 4 * (label_max + 3) + 8;
}

/* Writes quad t as an N-Quads line at d and returns the end. Blank nodes are
 * written with their canonical label, or, when ref is a node number (first-degree
 * hashing, §4.6.3 step 3.1.1), as _:a for ref and _:z for any other. Inlined into
 * its two callers, each with ref constant in the one that matters. */
#define REF_CANONICAL UINT32_MAX

static inline char *put_line(const struct st *st, const struct tquad *t, char *d, uint32_t ref)
{
	for (int c = 0; c < 4; c++) {
		if (c == 3 && !t->has_g)
			break;
		int32_t k = t->node[c];
		if (k < 0) {
			memcpy(d, st->segs.ptr + t->off[c], t->len[c]);
			d += t->len[c];
		} else if (ref == REF_CANONICAL) {
			memcpy(d, "_:c14n", 6);
			d = put_uint(d + 6, (uint32_t)st->nodes[k].canon);
		} else {
			*d++ = '_';
			*d++ = ':';
			*d++ = (uint32_t)k == ref ? 'a' : 'z';
		}
		*d++ = ' ';
	}
	*d++ = '.';
	*d++ = '\n';
	return d;
}

/* ---- sorting lines ---- */

/* A serialized N-Quads line in a buffer. */
struct line {
	uint32_t off, len;
};

/* Word d of line l: 8 bytes, big-endian, zero-padded past the end. Lines hold no
 * NUL bytes, so padding sorts before every real byte, and no line is a proper
 * prefix of another (each ends with its only '\n'): comparing words compares the
 * lines in code point order. */
static inline uint64_t line_word(const char *base, const struct line *l, size_t d)
{
	size_t off = d * 8;
	uint64_t w = 0;
	if (off >= l->len)
		return 0;
	size_t n = l->len - off;
	if (n >= 8)
		memcpy(&w, base + l->off + off, 8); /* one load */
	else
		for (size_t i = 0; i < n; i++)
			w |= (uint64_t)(unsigned char)base[l->off + off + i] << (8 * i);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/* Compares two lines known to agree on their first skip bytes. */
static int cmp_line_from(const char *base, const struct line *a, const struct line *b, size_t skip)
{
	return cmp_bytes(base + a->off + skip, a->len - skip, base + b->off + skip, b->len - skip);
}

static void isort_lines(const char *base, const struct line *L, uint32_t *v, size_t n, size_t skip)
{
	for (size_t i = 1; i < n; i++) {
		uint32_t x = v[i];
		size_t j = i;
		while (j > 0 && cmp_line_from(base, &L[v[j - 1]], &L[x], skip) > 0) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
}

static void msort_lines(const char *base, const struct line *L, uint32_t *v, uint32_t *tmp, size_t n,
                        size_t skip)
{
	if (n <= 12) {
		isort_lines(base, L, v, n, skip);
		return;
	}
	size_t h = n / 2;
	msort_lines(base, L, v, tmp, h, skip);
	msort_lines(base, L, v + h, tmp, n - h, skip);
	if (cmp_line_from(base, &L[v[h - 1]], &L[v[h]], skip) <= 0)
		return;
	memcpy(tmp, v, h * sizeof(*v));
	size_t i = 0, j = h, k = 0;
	while (i < h && j < n)
		v[k++] = cmp_line_from(base, &L[v[j]], &L[tmp[i]], skip) < 0 ? v[j++] : tmp[i++];
	while (i < h)
		v[k++] = tmp[i++];
}

#define MKQS_SMALL 10
#define MKQS_MAX_WORDS 64 /* common prefixes longer than 512 bytes: merge sort instead */

static uint64_t median3(uint64_t a, uint64_t b, uint64_t c)
{
	if (a > b) {
		uint64_t t = a;
		a = b;
		b = t;
	}
	return c < a ? a : c > b ? b : c;
}

/* Multikey quicksort on 8-byte words (Bentley & Sedgewick, with words for
 * characters): lines share long IRI prefixes, which comparison sorts re-read on
 * every comparison and this reads about once. budget bounds the recursion; past
 * it (or past MKQS_MAX_WORDS of common prefix) a merge sort takes over, so
 * crafted input cannot make it quadratic or deep. */
static void mkqs_lines(const char *base, const struct line *L, uint32_t *v, uint32_t *tmp, size_t n, size_t d,
                       int budget)
{
	while (n > MKQS_SMALL) {
		if (d >= MKQS_MAX_WORDS || budget-- <= 0) {
			msort_lines(base, L, v, tmp, n, d * 8);
			return;
		}
		uint64_t p = median3(line_word(base, &L[v[0]], d), line_word(base, &L[v[n / 2]], d),
		                     line_word(base, &L[v[n - 1]], d));
		size_t lt = 0, i = 0, gt = n;
		while (i < gt) {
			uint64_t w = line_word(base, &L[v[i]], d);
			uint32_t t = v[i];
			if (w < p) {
				v[i++] = v[lt];
				v[lt++] = t;
			} else if (w > p) {
				v[i] = v[--gt];
				v[gt] = t;
			} else {
				i++;
			}
		}
		mkqs_lines(base, L, v, tmp, lt, d, budget);
		/* Equal words: sort on by the next word, unless the lines ended in this
		 * one (then they are equal). */
		if (p & 0xFF)
			mkqs_lines(base, L, v + lt, tmp, gt - lt, d + 1, budget);
		v += gt;
		n -= gt;
	}
	isort_lines(base, L, v, n, d * 8);
}

/* Sorts the lines L[0..n) into order[0..n) (indices into L). */
static void sort_lines(const char *base, const struct line *L, uint32_t *order, size_t n)
{
	for (size_t i = 0; i < n; i++)
		order[i] = (uint32_t)i;
	if (n <= MKQS_SMALL) {
		isort_lines(base, L, order, n, 0);
		return;
	}
	int budget = 16;
	for (size_t m = n; m > 1; m /= 2)
		budget += 2;
	uint32_t *tmp = mc_xmalloc((n / 2 + 1) * sizeof(*tmp));
	mkqs_lines(base, L, order, tmp, n, 0, budget);
	free(tmp);
}

/* ---- setup: blank nodes and pre-serialized quads ---- */

/* A fast non-cryptographic hash for the lookup tables: 8 bytes per step. */
static uint64_t bytes_hash(const char *p, size_t n)
{
	uint64_t h = table_seed ^ 0x9E3779B97F4A7C15ull ^ n, w = 0;
	const char *end = p + n;
	while (end - p > 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
		p += 8;
	}
	if (n >= 8) {
		memcpy(&w, end - 8, 8); /* the last 8 bytes, overlapping: one load */
	} else {
		w = 0;
		for (size_t i = 0; i < n; i++)
			w |= (uint64_t)(unsigned char)p[i] << (8 * i);
	}
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 29);
}

static uint64_t label_hash(struct mc_slice s)
{
	return bytes_hash(s.ptr, s.len);
}

/* Hash of an IRI from its length and three 8-byte samples (start, middle, end):
 * constant time, and IRIs that collide still compare by content. Probing gives up
 * after a few slots (the IRI is then simply serialized again), so crafted
 * collisions cost little. */
static uint64_t iri_hash(struct mc_slice v)
{
	uint64_t a = 0, b = 0, c = 0;
	size_t n = v.len;
	if (n >= 8) {
		memcpy(&a, v.ptr, 8);
		memcpy(&b, v.ptr + (n >= 16 ? n / 2 - 4 : 0), 8);
		memcpy(&c, v.ptr + n - 8, 8);
	} else {
		for (size_t i = 0; i < n; i++)
			a |= (uint64_t)(unsigned char)v.ptr[i] << (8 * i);
	}
	uint64_t h = ((a ^ table_seed) * 0x9E3779B97F4A7C15ull) ^ (b * 0xff51afd7ed558ccdull) ^
	             (c + n) * 0xc4ceb9fe1a85ec53ull;
	return h ^ (h >> 31);
}

#define IRI_PROBES 8

struct iri_seg {
	struct mc_slice value;
	uint32_t off, len;
};

/* Hash of a pre-serialized quad for duplicate detection (only quads with blank
 * nodes are hashed): equal IRIs share an interned number. */
static uint64_t tquad_hash(const struct st *st, const struct tquad *t)
{
	uint64_t h = 0;
	for (int c = 0; c < 4; c++) {
		/* Blank nodes by number, interned IRIs by their index, the rest by text. */
		uint64_t v = t->node[c] >= 0 ? (uint64_t)t->node[c] + 1
		             : t->iri[c]     ? (uint64_t)t->iri[c] << 20
		                             : bytes_hash(st->segs.ptr + t->off[c], t->len[c]);
		h = (h ^ v) * 0xff51afd7ed558ccdull;
		h ^= h >> 29;
	}
	return h;
}

static bool tquad_eq(const struct st *st, const struct tquad *x, const struct tquad *y)
{
	if (x->has_g != y->has_g)
		return false;
	for (int c = 0; c < 4; c++) {
		if (x->node[c] != y->node[c] || x->len[c] != y->len[c])
			return false;
		if (x->len[c] && memcmp(st->segs.ptr + x->off[c], st->segs.ptr + y->off[c], x->len[c]) != 0)
			return false;
	}
	return true;
}

static size_t pow2_at_least(size_t n)
{
	size_t p = 16;
	while (p < n)
		p *= 2;
	return p;
}

static int setup(struct st *st)
{
	const struct mc_rdf_dataset *in = st->in;
	size_t occ = 0, seg_bytes = 0, iris = 0;

	for (size_t i = 0; i < in->len; i++) {
		const struct mc_quad *q = &in->quads[i];
		const struct mc_rdf_term *t[4] = {&q->s, &q->p, &q->o, &q->g};
		for (int c = 0; c < 4; c++) {
			if (t[c]->kind == MC_RDF_BLANK)
				occ++;
			else
				seg_bytes += mc__nquads_term_max(t[c]);
			iris += t[c]->kind == MC_RDF_IRI;
		}
		if (q->p.kind == MC_RDF_BLANK)
			return mc_err_set(
			    st->err, MC_EUNSUPPORTED,
			    "RDFC-1.0: quad %zu has a blank node as predicate (generalized RDF), which "
			    "canonicalization does not handle",
			    i + 1);
		if (q->s.kind == MC_RDF_LITERAL || q->g.kind == MC_RDF_LITERAL || q->p.kind != MC_RDF_IRI ||
		    q->o.kind == MC_RDF_NONE || q->s.kind == MC_RDF_NONE)
			return mc_err_set(
			    st->err, MC_EINVAL,
			    "RDFC-1.0: quad %zu is not a valid RDF quad (literal subject or graph, or a "
			    "missing term)",
			    i + 1);
	}
	if (seg_bytes > UINT32_MAX / 2 || in->len > UINT32_MAX / 4)
		return mc_err_set(st->err, MC_ELIMIT, "RDFC-1.0: the dataset is too large (%zu quads)",
		                  in->len);
	if (mc_buf_reserve(&st->segs, seg_bytes) != 0)
		return mc_err_set(st->err, MC_ELIMIT, "RDFC-1.0: the dataset is too large (%zu quads)",
		                  in->len);

	st->nq = in->len;
	st->q = MC_ARENA_NEW_ARRAY(st->a, struct tquad, st->nq ? st->nq : 1);
	st->nodes = MC_ARENA_NEW_ARRAY(st->a, struct node, occ ? occ : 1);
	size_t tsize = pow2_at_least(occ * 2);
	int32_t *table = mc_arena_alloc(st->a, tsize * sizeof(*table));
	memset(table, 0xff, tsize * sizeof(*table));
	/* Quads with blank nodes go in a set, to drop duplicates before hashing (the
	 * dataset is a set; a repeated quad would change the hashes). Ground duplicates
	 * are dropped when the sorted output is written. */
	size_t qsize = pow2_at_least(occ * 2);
	int32_t *qset = mc_arena_alloc(st->a, qsize * sizeof(*qset));
	memset(qset, 0xff, qsize * sizeof(*qset));

	size_t isize = pow2_at_least(iris * 2), nseg = 0;
	int32_t *itab = mc_arena_alloc(st->a, isize * sizeof(*itab));
	memset(itab, 0xff, isize * sizeof(*itab));
	struct iri_seg *iseg = MC_ARENA_NEW_ARRAY(st->a, struct iri_seg, iris ? iris : 1);

	char *segs = st->segs.ptr;
	size_t seg_len = 0;
	for (size_t i = 0; i < in->len; i++) {
		const struct mc_quad *q = &in->quads[i];
		const struct mc_rdf_term *t[4] = {&q->s, &q->p, &q->o, &q->g};
		struct tquad *tq = &st->q[i];
		bool any_blank = false;

		tq->src = (uint32_t)i;
		tq->has_g = q->g.kind != MC_RDF_NONE;
		tq->dead = 0;
		for (int c = 0; c < 4; c++) {
			tq->off[c] = (uint32_t)seg_len;
			tq->iri[c] = 0;
			if (t[c]->kind == MC_RDF_IRI) {
				/* IRIs repeat (subjects, predicates, types): serialize each
				 * once, and let equal IRIs share a segment. */
				tq->node[c] = NO_NODE;
				struct mc_slice v = t[c]->value;
				size_t mask = isize - 1, h = (size_t)iri_hash(v) & mask;
				int probe;
				for (probe = 0; probe < IRI_PROBES; probe++, h = (h + 1) & mask) {
					int32_t x = itab[h];
					if (x < 0) {
						struct iri_seg *e = &iseg[nseg];
						itab[h] = (int32_t)nseg++;
						e->len = (uint32_t)mc__nquads_put_term(segs + seg_len, t[c]);
						e->off = (uint32_t)seg_len;
						e->value = v;
						seg_len += e->len;
						tq->off[c] = e->off;
						tq->len[c] = e->len;
						tq->iri[c] = (uint32_t)nseg;
						break;
					}
					if (mc_slice_eq(iseg[x].value, v)) {
						tq->off[c] = iseg[x].off;
						tq->len[c] = iseg[x].len;
						tq->iri[c] = (uint32_t)x + 1;
						break;
					}
				}
				if (probe < IRI_PROBES)
					continue;
			}
			if (t[c]->kind == MC_RDF_NONE) {
				tq->node[c] = NO_NODE;
				tq->len[c] = 0;
				continue;
			}
			if (t[c]->kind != MC_RDF_BLANK) {
				tq->node[c] = NO_NODE;
				tq->len[c] = (uint32_t)mc__nquads_put_term(segs + seg_len, t[c]);
				seg_len += tq->len[c];
				continue;
			}
			tq->len[c] = 0;
			any_blank = true;
			/* §4.4.3 step 2: number blank nodes in order of first mention. */
			size_t mask = tsize - 1, h = (size_t)label_hash(t[c]->value) & mask;
			for (;;) {
				int32_t k = table[h];
				if (k < 0) {
					k = (int32_t)st->nnodes++;
					struct node *n = &st->nodes[k];
					n->label = t[c]->value;
					n->count = 0;
					n->last_quad = UINT32_MAX;
					n->canon = -1;
					table[h] = k;
					tq->node[c] = k;
					break;
				}
				if (mc_slice_eq(st->nodes[k].label, t[c]->value)) {
					tq->node[c] = k;
					break;
				}
				h = (h + 1) & mask;
			}
		}
		if (!any_blank)
			continue;
		size_t mask = qsize - 1, h = (size_t)tquad_hash(st, tq) & mask;
		for (;;) {
			int32_t k = qset[h];
			if (k < 0) {
				qset[h] = (int32_t)i;
				break;
			}
			if (tquad_eq(st, &st->q[k], tq)) {
				tq->dead = 1;
				break;
			}
			h = (h + 1) & mask;
		}
		if (tq->dead)
			continue;
		for (int c = 0; c < 4; c++) {
			int32_t k = tq->node[c];
			if (c != 1 && k >= 0 && st->nodes[k].last_quad != (uint32_t)i) {
				st->nodes[k].last_quad = (uint32_t)i;
				st->nodes[k].count++;
			}
		}
	}
	st->segs.len = seg_len;

	/* Mention lists as slices of one array. */
	uint32_t total = 0;
	for (size_t k = 0; k < st->nnodes; k++) {
		st->nodes[k].first = total;
		total += st->nodes[k].count;
		st->nodes[k].count = 0;
		st->nodes[k].last_quad = UINT32_MAX;
	}
	st->mentions = MC_ARENA_NEW_ARRAY(st->a, uint32_t, total ? total : 1);
	for (size_t i = 0; i < st->nq; i++) {
		struct tquad *tq = &st->q[i];
		if (tq->dead)
			continue;
		for (int c = 0; c < 4; c++) {
			int32_t k = tq->node[c];
			if (c == 1 || k < 0 || st->nodes[k].last_quad == (uint32_t)i)
				continue;
			struct node *n = &st->nodes[k];
			n->last_quad = (uint32_t)i;
			st->mentions[n->first + n->count++] = (uint32_t)i;
		}
	}
	return 0;
}

/* ---- §4.6 Hash First Degree Quads ---- */

static void hash_first_degree(struct st *st, uint32_t k)
{
	struct node *n = &st->nodes[k];
	struct line small[16], *lines = small;
	uint32_t small_order[16], *order = small_order;
	size_t need = 0;

	for (uint32_t m = 0; m < n->count; m++)
		need += line_max(&st->q[st->mentions[n->first + m]], 1);
	mc_buf_clear(&st->scratch);
	if (mc_buf_reserve(&st->scratch, need) != 0) {
		st->hash_failed = true;
		return;
	}
	if (n->count > 16) {
		lines = mc_xmalloc(n->count * sizeof(*lines));
		order = mc_xmalloc(n->count * sizeof(*order));
	}
	char *base = st->scratch.ptr, *d = base;
	for (uint32_t m = 0; m < n->count; m++) {
		char *start = d;
		d = put_line(st, &st->q[st->mentions[n->first + m]], d, k);
		lines[m].off = (uint32_t)(start - base);
		lines[m].len = (uint32_t)(d - start);
	}
	sort_lines(base, lines, order, n->count);
	hash_begin(st);
	for (uint32_t m = 0; m < n->count; m++)
		hash_update(st, base + lines[order[m]].off, lines[order[m]].len);
	hash_end(st, n->h1);
	if (lines != small) {
		free(lines);
		free(order);
	}
}

/* ---- §4.8 Hash N-Degree Quads ---- */

static int too_complex(struct st *st)
{
	return mc_err_set(
	    st->err, MC_ELIMIT,
	    "RDFC-1.0: the dataset is too complex to canonicalize: its blank nodes need more than %zu "
	    "steps of N-degree hashing (possibly a poison graph made to exhaust canonicalizers); "
	    "reject it, or raise max_work only for trusted input",
	    st->max_work);
}

static int cmp_rank(const void *x, const void *y, const struct st *st)
{
	uint32_t a = st->nodes[*(const uint32_t *)x].rank, b = st->nodes[*(const uint32_t *)y].rank;
	return a < b ? -1 : a > b;
}

static int cmp_rank_q(const void *x, const void *y, void *ctx)
{
	return cmp_rank(x, y, ctx);
}

static int cmp_label(const void *x, const void *y, void *ctx)
{
	const struct st *st = ctx;
	const struct node *a = &st->nodes[*(const uint32_t *)x], *b = &st->nodes[*(const uint32_t *)y];
	return cmp_bytes(a->label.ptr, a->label.len, b->label.ptr, b->label.len);
}

/* Permutations start from the list sorted by label, as the reference
 * implementations do: when two permutations give the same path, the first one is
 * kept, and with it the order in which temporary identifiers were issued — which
 * shows in the issued identifier map. */
static void rank_nodes(struct st *st)
{
	uint32_t *order = mc_xmalloc(st->nnodes * sizeof(*order));
	for (uint32_t k = 0; k < st->nnodes; k++)
		order[k] = k;
	qsort_r(order, st->nnodes, sizeof(*order), cmp_label, st);
	for (uint32_t r = 0; r < st->nnodes; r++)
		st->nodes[order[r]].rank = r;
	free(order);
}

static struct level *level_at(struct st *st, size_t depth)
{
	if (depth >= st->nlevels) {
		st->levels = mc_xrealloc(st->levels, (depth + 1) * sizeof(*st->levels));
		while (st->nlevels <= depth) {
			struct level *l = mc_xcalloc(1, sizeof(*l));
			mc_buf_init(&l->path, MC_BUF_NOLIMIT);
			mc_buf_init(&l->chosen_path, MC_BUF_NOLIMIT);
			mc_buf_init(&l->data, MC_BUF_NOLIMIT);
			st->levels[st->nlevels++] = l;
		}
	}
	return st->levels[depth];
}

static void level_free(struct level *l)
{
	free(l->rel);
	free(l->vals);
	free(l->cur);
	free(l->rec);
	free(l->dir);
	free(l->copy.v);
	free(l->chosen.v);
	mc_buf_release(&l->path);
	mc_buf_release(&l->chosen_path);
	mc_buf_release(&l->data);
	free(l);
}

static int cmp_rel(const void *x, const void *y, size_t hlen)
{
	return memcmp(((const struct rel *)x)->h, ((const struct rel *)y)->h, hlen);
}

static int cmp_rel_q(const void *x, const void *y, void *ctx)
{
	return cmp_rel(x, y, ((const struct st *)ctx)->hlen);
}

/* §4.7 Hash Related Blank Node. */
static void hash_related(struct st *st, uint32_t related, const struct tquad *t, const struct issuer *issuer,
                         char position, unsigned char *out)
{
	char buf[2 + 2 * MAX_HASH + 16], *d = buf;
	const struct mc_slice pred = st->in->quads[t->src].p.value;
	const struct node *r = &st->nodes[related];

	hash_begin(st);
	*d++ = position;
	if (position != 'g') {
		*d++ = '<';
		hash_update(st, buf, (size_t)(d - buf));
		hash_update(st, pred.ptr, pred.len);
		d = buf;
		*d++ = '>';
	}
	int32_t tmp;
	if (r->canon >= 0) {
		memcpy(d, "_:c14n", 6);
		d = put_uint(d + 6, (uint32_t)r->canon);
	} else if ((tmp = iss_find(issuer, related)) >= 0) {
		memcpy(d, "_:b", 3);
		d = put_uint(d + 3, (uint32_t)tmp);
	} else {
		d = put_hex(d, r->h1, st->hlen);
	}
	hash_update(st, buf, (size_t)(d - buf));
	hash_end(st, out);
}

static void path_put_id(struct mc_buf *b, const char *prefix, size_t plen, uint32_t id)
{
	char tmp[24], *d = tmp;
	memcpy(d, prefix, plen);
	d = put_uint(d + plen, id);
	mc_buf_append(b, tmp, (size_t)(d - tmp));
}

/* §4.8.3 step 5.4.4.3 / 5.4.5.5: path can no longer become the chosen path. */
static bool path_lost(const struct mc_buf *path, const struct mc_buf *chosen, bool chosen_set)
{
	return chosen_set && path->len >= chosen->len &&
	       cmp_bytes(path->ptr, path->len, chosen->ptr, chosen->len) > 0;
}

/* Steinhaus–Johnson–Trotter, stepping cur (values are indices into the sorted
 * distinct values; equal values share a direction, as in the reference
 * implementation). Returns false when cur was the last permutation. */
static bool next_permutation(uint32_t *cur, unsigned char *dir, size_t m)
{
	int64_t k = -1;
	size_t pos = 0;
	for (size_t i = 0; i < m; i++) {
		uint32_t e = cur[i];
		bool left = dir[e];
		if ((k < 0 || e > k) &&
		    ((left && i > 0 && e > cur[i - 1]) || (!left && i + 1 < m && e > cur[i + 1]))) {
			k = e;
			pos = i;
		}
	}
	if (k < 0)
		return false;
	size_t swap = dir[k] ? pos - 1 : pos + 1;
	cur[pos] = cur[swap];
	cur[swap] = (uint32_t)k;
	for (size_t i = 0; i < m; i++)
		if (cur[i] > k)
			dir[cur[i]] = !dir[cur[i]];
	return true;
}

/* §4.8.3. issuer is updated in place to the chosen issuer (step 5.6); the hash
 * goes to out. */
static int hash_n_degree(struct st *st, uint32_t id, struct issuer *issuer, unsigned char *out, size_t depth)
{
	if (++st->work > st->max_work)
		return too_complex(st);
	if (depth >= MAX_DEPTH)
		return mc_err_set(
		    st->err, MC_ELIMIT,
		    "RDFC-1.0: the dataset is too complex to canonicalize: blank nodes are chained more "
		    "than %d deep with identical neighbourhoods",
		    MAX_DEPTH);
	struct level *L = level_at(st, depth);
	const struct node *n = &st->nodes[id];
	size_t hlen = st->hlen;

	/* Steps 1-3: related hashes. */
	L->nrel = 0;
	for (uint32_t m = 0; m < n->count; m++) {
		const struct tquad *t = &st->q[st->mentions[n->first + m]];
		static const char pos[4] = {'s', 'p', 'o', 'g'};
		for (int c = 0; c < 4; c++) {
			int32_t r = t->node[c];
			if (c == 1 || r < 0 || (uint32_t)r == id)
				continue;
			L->rel = xgrow(L->rel, &L->relcap, L->nrel + 1, sizeof(*L->rel));
			struct rel *e = &L->rel[L->nrel++];
			e->node = (uint32_t)r;
			hash_related(st, (uint32_t)r, t, issuer, pos[c], e->h);
		}
	}
	/* Work is counted in units of roughly one short hash (a fraction of a
	 * microsecond), so that the bound is a bound on time: the call, each related
	 * hash with its issuer lookup, and below each permutation with its issuer copy
	 * and lookups. Issuer lookups scan, hence the len / 64 terms. */
	st->work += L->nrel * (1 + issuer->len / 64);
	if (st->work > st->max_work)
		return too_complex(st);
	if (L->nrel > 1)
		qsort_r(L->rel, L->nrel, sizeof(*L->rel), cmp_rel_q, st);

	/* Steps 4-5. */
	mc_buf_clear(&L->data);
	for (size_t i = 0, j; i < L->nrel; i = j) {
		for (j = i + 1; j < L->nrel && cmp_rel(&L->rel[i], &L->rel[j], hlen) == 0; j++)
			;
		size_t m = j - i;
		char hex[2 * MAX_HASH];
		put_hex(hex, L->rel[i].h, hlen);
		mc_buf_append(&L->data, hex, 2 * hlen);

		/* The blank node list, sorted; vals holds the distinct nodes, cur the
		 * permutation as indices into vals. */
		if (m > L->permcap) {
			L->permcap = m;
			L->vals = mc_xrealloc(L->vals, m * sizeof(*L->vals));
			L->cur = mc_xrealloc(L->cur, m * sizeof(*L->cur));
			L->rec = mc_xrealloc(L->rec, m * sizeof(*L->rec));
			L->dir = mc_xrealloc(L->dir, m);
		}
		for (size_t x = 0; x < m; x++)
			L->vals[x] = L->rel[i + x].node;
		if (m > 16) {
			qsort_r(L->vals, m, sizeof(*L->vals), cmp_rank_q, st);
		} else {
			for (size_t x = 1; x < m; x++) {
				uint32_t v = L->vals[x];
				size_t y = x;
				while (y > 0 && cmp_rank(&L->vals[y - 1], &v, st) > 0) {
					L->vals[y] = L->vals[y - 1];
					y--;
				}
				L->vals[y] = v;
			}
		}
		size_t distinct = 0;
		for (size_t x = 0; x < m; x++) {
			if (x > 0 && L->vals[x] != L->vals[x - 1])
				distinct++;
			L->cur[x] = (uint32_t)distinct;
		}
		for (size_t x = 0, w = 0; x < m; x++)
			if (x == 0 || L->vals[x] != L->vals[x - 1])
				L->vals[w++] = L->vals[x];
		memset(L->dir, 1, m);

		bool chosen_set = false;
		mc_buf_clear(&L->chosen_path);
		do {
			st->work += 1 + issuer->len / 16 + m * (1 + (issuer->len + m) / 64);
			if (st->work > st->max_work)
				return too_complex(st);
			iss_copy(&L->copy, issuer);
			mc_buf_clear(&L->path);
			size_t nrec = 0;
			bool lost = false;
			for (size_t x = 0; x < m && !lost; x++) {
				uint32_t r = L->vals[L->cur[x]];
				const struct node *rn = &st->nodes[r];
				if (rn->canon >= 0) {
					path_put_id(&L->path, "_:c14n", 6, (uint32_t)rn->canon);
				} else {
					if (iss_find(&L->copy, r) < 0)
						L->rec[nrec++] = r;
					path_put_id(&L->path, "_:b", 3, iss_issue(&L->copy, r));
				}
				lost = path_lost(&L->path, &L->chosen_path, chosen_set);
			}
			for (size_t x = 0; x < nrec && !lost; x++) {
				unsigned char h[MAX_HASH];
				int rc = hash_n_degree(st, L->rec[x], &L->copy, h, depth + 1);
				if (rc)
					return rc;
				path_put_id(&L->path, "_:b", 3, (uint32_t)iss_find(&L->copy, L->rec[x]));
				mc_buf_putc(&L->path, '<');
				put_hex(hex, h, hlen);
				mc_buf_append(&L->path, hex, 2 * hlen);
				mc_buf_putc(&L->path, '>');
				lost = path_lost(&L->path, &L->chosen_path, chosen_set);
			}
			if (lost)
				continue;
			if (!chosen_set ||
			    cmp_bytes(L->path.ptr, L->path.len, L->chosen_path.ptr, L->chosen_path.len) < 0) {
				mc_buf_clear(&L->chosen_path);
				mc_buf_append(&L->chosen_path, L->path.ptr, L->path.len);
				iss_copy(&L->chosen, &L->copy);
				chosen_set = true;
			}
		} while (next_permutation(L->cur, L->dir, m));
		mc_buf_append(&L->data, L->chosen_path.ptr, L->chosen_path.len);
		iss_copy(issuer, &L->chosen);
	}
	hash_begin(st);
	hash_update(st, L->data.ptr, L->data.len);
	hash_end(st, out);
	return 0;
}

/* ---- §4.4 the canonicalization algorithm ---- */

size_t mc_rdfc_default_max_work(size_t nonunique)
{
	/* 64 n² units, at least 65536 and at most 2^20: the suite's hardest legitimate
	 * graphs (12 nodes, "poison - evil") need under 8000; 2^20 units take well
	 * under a second, so poison graphs fail fast. */
	size_t w = nonunique < 4096 ? 64 * nonunique * nonunique : (size_t)1 << 20;
	if (w < 65536)
		w = 65536;
	if (w > ((size_t)1 << 20))
		w = (size_t)1 << 20;
	return w;
}

struct path_result {
	unsigned char h[MAX_HASH];
	uint32_t *issued;
	uint32_t nissued;
	uint32_t seq;
};

static int cmp_result(const void *x, const void *y, void *ctx)
{
	const struct path_result *a = x, *b = y;
	int c = memcmp(a->h, b->h, ((const struct st *)ctx)->hlen);
	if (c)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq; /* stable, as the spec's list sort */
}

static void issue_canonical(struct st *st, uint32_t k)
{
	if (st->nodes[k].canon >= 0)
		return;
	st->nodes[k].canon = (int32_t)st->next_canon;
	st->canon_order[st->next_canon++] = k;
}

static int cmp_h1(const void *x, const void *y, void *ctx)
{
	const struct st *st = ctx;
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;
	int c = memcmp(st->nodes[a].h1, st->nodes[b].h1, st->hlen);
	if (c)
		return c;
	return a < b ? -1 : a > b; /* keeps first-mention order within a hash */
}

static int label_blank_nodes(struct st *st)
{
	size_t nn = st->nnodes;
	if (nn == 0)
		return 0;
	st->canon_order = MC_ARENA_NEW_ARRAY(st->a, uint32_t, nn);
	if (nn == 1) {
		/* One blank node: it gets c14n0 whatever its hash (steps 3-5 issue
		 * identifiers in hash order), so the hash need not be computed. */
		issue_canonical(st, 0);
		return 0;
	}
	for (uint32_t k = 0; k < nn; k++)
		hash_first_degree(st, k);

	/* Step 4: nodes in hash order; a hash held by one node issues its label. */
	uint32_t *order = MC_ARENA_NEW_ARRAY(st->a, uint32_t, nn);
	for (uint32_t k = 0; k < nn; k++)
		order[k] = k;
	qsort_r(order, nn, sizeof(*order), cmp_h1, st);
	size_t nonunique = 0;
	for (size_t i = 0, j; i < nn; i = j) {
		for (j = i + 1;
		     j < nn && memcmp(st->nodes[order[i]].h1, st->nodes[order[j]].h1, st->hlen) == 0; j++)
			;
		if (j - i == 1)
			issue_canonical(st, order[i]);
		else
			nonunique += j - i;
	}
	if (nonunique == 0)
		return 0;

	/* Step 5: groups sharing a hash, in hash order. */
	if (st->max_work == 0)
		st->max_work = mc_rdfc_default_max_work(nonunique);
	rank_nodes(st);
	struct issuer tmp = {0};
	struct path_result *results = MC_ARENA_NEW_ARRAY(st->a, struct path_result, nn);
	int rc = 0;
	for (size_t i = 0, j; i < nn; i = j) {
		for (j = i + 1;
		     j < nn && memcmp(st->nodes[order[i]].h1, st->nodes[order[j]].h1, st->hlen) == 0; j++)
			;
		if (j - i == 1)
			continue;
		size_t nres = 0;
		for (size_t x = i; x < j; x++) {
			uint32_t k = order[x];
			if (st->nodes[k].canon >= 0)
				continue;
			tmp.len = 0;
			iss_issue(&tmp, k);
			struct path_result *r = &results[nres];
			rc = hash_n_degree(st, k, &tmp, r->h, 0);
			if (rc)
				goto out;
			r->issued = mc_arena_memdup(st->a, tmp.v, tmp.len * sizeof(*tmp.v));
			r->nissued = tmp.len;
			r->seq = (uint32_t)nres++;
		}
		qsort_r(results, nres, sizeof(*results), cmp_result, st);
		for (size_t x = 0; x < nres; x++)
			for (uint32_t y = 0; y < results[x].nissued; y++)
				issue_canonical(st, results[x].issued[y]);
	}
out:
	free(tmp.v);
	return rc;
}

static int write_output(struct st *st, struct mc_buf *out)
{
	size_t need = 0, label_max = 4 + 10;
	for (size_t i = 0; i < st->nq; i++)
		need += line_max(&st->q[i], label_max);
	/* Shared IRIs are serialized once but written per line: the output can be far
	 * larger than the input (a long IRI repeated by a JSON-LD context). */
	if (need > UINT32_MAX || need > out->max - out->len)
		return mc_err_set(st->err, MC_ELIMIT,
		                  "RDFC-1.0: the canonical form would be larger than %zu bytes; the document "
		                  "repeats long terms too often",
		                  need > UINT32_MAX ? (size_t)UINT32_MAX : out->max - out->len);
	mc_buf_clear(&st->scratch);
	if (mc_buf_reserve(&st->scratch, need) != 0)
		return mc_err_set(st->err, MC_ELIMIT, "RDFC-1.0: the canonical form is too large");
	struct line *lines = MC_ARENA_NEW_ARRAY(st->a, struct line, st->nq ? st->nq : 1);
	uint32_t *order = MC_ARENA_NEW_ARRAY(st->a, uint32_t, st->nq ? st->nq : 1);
	char *base = st->scratch.ptr, *d = base;
	size_t nl = 0, total;
	for (size_t i = 0; i < st->nq; i++) {
		if (st->q[i].dead)
			continue;
		char *start = d;
		d = put_line(st, &st->q[i], d, REF_CANONICAL);
		lines[nl].off = (uint32_t)(start - base);
		lines[nl].len = (uint32_t)(d - start);
		nl++;
	}
	total = (size_t)(d - base);
	sort_lines(base, lines, order, nl);
	if (mc_buf_reserve(out, total) != 0)
		return mc_err_set(st->err, MC_ELIMIT,
		                  "RDFC-1.0: the canonical form is larger than the output limit");
	char *o = out->ptr + out->len;
	const struct line *prev = NULL;
	for (size_t i = 0; i < nl; i++) {
		const struct line *l = &lines[order[i]];
		if (prev && prev->len == l->len && memcmp(base + prev->off, base + l->off, l->len) == 0)
			continue; /* duplicate quad */
		memcpy(o, base + l->off, l->len);
		o += l->len;
		prev = l;
	}
	out->len = (size_t)(o - out->ptr);
	out->ptr[out->len] = '\0';
	return 0;
}

static struct mc_json *issued_map(struct st *st)
{
	struct mc_json *obj = mc_json_new_object(st->a);
	for (uint32_t i = 0; i < st->next_canon; i++) {
		const struct node *n = &st->nodes[st->canon_order[i]];
		char val[16], *d = val;
		memcpy(d, "c14n", 4);
		d = put_uint(d + 4, i);
		const char *key = mc_arena_strndup(st->a, n->label.ptr, n->label.len);
		struct mc_json *slot = mc_json_object_push_ref(st->a, obj, key, n->label.len);
		mc_json_set_string(st->a, slot, val, (size_t)(d - val));
	}
	return obj;
}

int mc_rdfc_canonize(struct mc_arena *a, const struct mc_rdf_dataset *in, const struct mc_rdfc_opts *opts,
                     struct mc_buf *out, struct mc_json **issued, struct mc_err *err)
{
	struct st st;
	int rc;

	memset(&st, 0, sizeof(st));
	st.a = a;
	st.in = in;
	st.err = err;
	st.max_work = opts ? opts->max_work : 0;
	mc_buf_init(&st.segs, MC_BUF_NOLIMIT);
	mc_buf_init(&st.scratch, MC_BUF_NOLIMIT);
	if (issued)
		*issued = NULL;

	pthread_once(&md_once, md_fetch);
	enum mc_rdfc_hash alg = opts ? opts->hash : MC_RDFC_SHA256;
	if (alg == MC_RDFC_SHA256) {
		st.md = md_sha256;
		st.hlen = 32;
	} else if (alg == MC_RDFC_SHA384) {
		st.md = md_sha384;
		st.hlen = 48;
	} else {
		return mc_err_set(err, MC_EINVAL,
		                  "RDFC-1.0: unknown hash algorithm %d (use SHA-256 or SHA-384)", (int)alg);
	}
	if (!st.md || !(st.ctx = EVP_MD_CTX_new()))
		return mc_err_set(err, MC_EUNSUPPORTED,
		                  "RDFC-1.0: OpenSSL does not provide %s here; check the OpenSSL providers",
		                  st.hlen == 32 ? "SHA-256" : "SHA-384");

	rc = setup(&st);
	if (rc == 0)
		rc = label_blank_nodes(&st);
	if (rc == 0 && st.hash_failed)
		rc = mc_err_set(err, MC_EIO, "RDFC-1.0: hashing failed inside OpenSSL");
	if (rc == 0)
		rc = write_output(&st, out);
	if (rc == 0 && issued)
		*issued = issued_map(&st);

	for (size_t i = 0; i < st.nlevels; i++)
		level_free(st.levels[i]);
	free(st.levels);
	mc_buf_release(&st.segs);
	mc_buf_release(&st.scratch);
	EVP_MD_CTX_free(st.ctx);
	return rc;
}
