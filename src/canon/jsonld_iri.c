/* IRIs for JSON-LD: the absolute-IRI test and RFC 3986 §5.2 reference resolution.
 *
 * Resolution is the basic algorithm only (no syntax- or scheme-based
 * normalisation), as JSON-LD 1.1 API §5.2 step 8 asks; IRI characters outside
 * ASCII are carried through untouched like unreserved characters (RFC 3987 §6.5). */
#include <string.h>

#include "canon/jsonld_internal.h"

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of the scheme including its ':' or 0 when s has none. */
static size_t scheme_len(const char *s, size_t len)
{
	if (len == 0 || !is_alpha(s[0]))
		return 0;
	for (size_t i = 1; i < len; i++) {
		char c = s[i];
		if (c == ':')
			return i + 1;
		if (!is_alpha(c) && !is_digit(c) && c != '+' && c != '-' && c != '.')
			return 0;
	}
	return 0;
}

bool mc__iri_is_absolute(const char *s, size_t len)
{
	return scheme_len(s, len) > 0;
}

bool mc__iri_is_strict_absolute(const char *s, size_t len)
{
	if (!mc__iri_is_absolute(s, len) && !mc__iri_is_bnode(s, len))
		return false;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		/* One compare for the common case: everything above ' ' but not DEL-range
		 * whitespace; ' ', \t, \n, \v, \f, \r are all <= ' '. */
		if (c <= ' ' && (c == ' ' || (c >= '\t' && c <= '\r')))
			return false;
	}
	return true;
}

bool mc__iri_ends_with_gen_delim(const char *s, size_t len)
{
	return len > 0 && strchr(":/?#[]@", s[len - 1]) != NULL;
}

/* The five components of RFC 3986 §3; a NULL ptr means "undefined". */
struct iri_parts {
	struct mc_slice scheme, authority, path, query, fragment;
};

static void iri_split(const char *s, size_t len, struct iri_parts *p)
{
	memset(p, 0, sizeof *p);
	size_t i = 0;
	size_t sl = scheme_len(s, len);
	if (sl) {
		p->scheme = (struct mc_slice){s, sl - 1};
		i = sl;
	}
	if (len - i >= 2 && s[i] == '/' && s[i + 1] == '/') {
		size_t j = i + 2;
		while (j < len && s[j] != '/' && s[j] != '?' && s[j] != '#')
			j++;
		p->authority = (struct mc_slice){s + i + 2, j - i - 2};
		i = j;
	}
	size_t j = i;
	while (j < len && s[j] != '?' && s[j] != '#')
		j++;
	p->path = (struct mc_slice){s + i, j - i};
	i = j;
	if (i < len && s[i] == '?') {
		j = i + 1;
		while (j < len && s[j] != '#')
			j++;
		p->query = (struct mc_slice){s + i + 1, j - i - 1};
		i = j;
	}
	if (i < len && s[i] == '#')
		p->fragment = (struct mc_slice){s + i + 1, len - i - 1};
}

/* RFC 3986 §5.2.4 remove_dot_segments, from in[0..n) to out; returns the length. */
static size_t remove_dots(const char *in, size_t n, char *out)
{
	size_t o = 0, i = 0;
	while (i < n) {
		const char *p = in + i;
		size_t rest = n - i;
		if (rest >= 3 && memcmp(p, "../", 3) == 0) {
			i += 3;
		} else if (rest >= 2 && memcmp(p, "./", 2) == 0) {
			i += 2;
		} else if (rest >= 3 && memcmp(p, "/./", 3) == 0) {
			i += 2;
		} else if (rest == 2 && memcmp(p, "/.", 2) == 0) {
			i += 1;
			/* "/." at the end becomes "/" */
			out[o++] = '/';
			i += 1;
		} else if ((rest >= 4 && memcmp(p, "/../", 4) == 0) ||
		           (rest == 3 && memcmp(p, "/..", 3) == 0)) {
			i += 3;
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
			if (rest == 3)
				out[o++] = '/';
		} else if ((rest == 1 && p[0] == '.') || (rest == 2 && memcmp(p, "..", 2) == 0)) {
			i = n;
		} else {
			size_t j = i;
			if (in[j] == '/')
				j++;
			while (j < n && in[j] != '/')
				j++;
			memcpy(out + o, in + i, j - i);
			o += j - i;
			i = j;
		}
	}
	return o;
}

static void put(char *buf, size_t *o, struct mc_slice s)
{
	memcpy(buf + *o, s.ptr, s.len);
	*o += s.len;
}

char *mc__iri_resolve(struct mc_arena *a, const char *base, const char *ref, size_t ref_len)
{
	if (!base)
		return mc_arena_strndup(a, ref, ref_len);
	struct iri_parts r, b;
	iri_split(ref, ref_len, &r);
	size_t base_len = strlen(base);
	iri_split(base, base_len, &b);

	/* Generous bound: every component of both, plus separators. */
	size_t cap = base_len + ref_len + 8;
	char *buf = mc_arena_alloc(a, cap);
	char *tmp = mc_arena_alloc(a, cap);
	size_t o = 0;
	struct mc_slice scheme, authority, query;
	bool has_authority, has_query;
	size_t tn = 0; /* merged path before dot removal, in tmp */

	if (r.scheme.ptr) {
		scheme = r.scheme;
		authority = r.authority;
		has_authority = r.authority.ptr != NULL;
		memcpy(tmp, r.path.ptr, r.path.len);
		tn = r.path.len;
		query = r.query;
		has_query = r.query.ptr != NULL;
	} else {
		scheme = b.scheme;
		if (r.authority.ptr) {
			authority = r.authority;
			has_authority = true;
			memcpy(tmp, r.path.ptr, r.path.len);
			tn = r.path.len;
			query = r.query;
			has_query = r.query.ptr != NULL;
		} else {
			authority = b.authority;
			has_authority = b.authority.ptr != NULL;
			if (r.path.len == 0) {
				memcpy(tmp, b.path.ptr, b.path.len);
				tn = b.path.len;
				if (r.query.ptr) {
					query = r.query;
					has_query = true;
				} else {
					query = b.query;
					has_query = b.query.ptr != NULL;
				}
				/* The base path is already free of dot segments in practice;
				 * copy it as is (RFC 3986 does not re-normalise it here). */
				goto assemble_no_dots;
			}
			if (r.path.ptr[0] == '/') {
				memcpy(tmp, r.path.ptr, r.path.len);
				tn = r.path.len;
			} else {
				/* §5.2.3 merge */
				if (has_authority && b.path.len == 0) {
					tmp[tn++] = '/';
				} else {
					size_t k = b.path.len;
					while (k > 0 && b.path.ptr[k - 1] != '/')
						k--;
					memcpy(tmp, b.path.ptr, k);
					tn = k;
				}
				memcpy(tmp + tn, r.path.ptr, r.path.len);
				tn += r.path.len;
			}
			query = r.query;
			has_query = r.query.ptr != NULL;
		}
	}
	{
		char *dots = mc_arena_alloc(a, tn + 1);
		size_t dn = remove_dots(tmp, tn, dots);
		memcpy(tmp, dots, dn);
		tn = dn;
	}
assemble_no_dots:
	if (scheme.ptr) {
		put(buf, &o, scheme);
		buf[o++] = ':';
	}
	if (has_authority) {
		buf[o++] = '/';
		buf[o++] = '/';
		put(buf, &o, authority);
	}
	memcpy(buf + o, tmp, tn);
	o += tn;
	if (has_query) {
		buf[o++] = '?';
		put(buf, &o, query);
	}
	if (r.fragment.ptr) {
		buf[o++] = '#';
		put(buf, &o, r.fragment);
	}
	buf[o] = '\0';
	return buf;
}
