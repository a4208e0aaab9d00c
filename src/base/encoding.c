/* Byte-to-text encodings: see include/microcred/encoding.h. */
#include "microcred/encoding.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"

/* Shows one input byte readably in an error message: 'x' or \xNN. */
static const char *show_char(char buf[8], unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	if (c >= 0x21 && c < 0x7f) {
		buf[0] = '\'';
		buf[1] = (char)c;
		buf[2] = '\'';
		buf[3] = '\0';
	} else if (c == ' ') {
		memcpy(buf, "space", 6);
	} else {
		buf[0] = '\\';
		buf[1] = 'x';
		buf[2] = hex[c >> 4];
		buf[3] = hex[c & 15];
		buf[4] = '\0';
	}
	return buf;
}

/* off is added to reported offsets, so that a multibase error counts the prefix. */
static int bad_char(struct mc_err *err, const char *what, const char *s, size_t i, size_t off,
                    const char *hint)
{
	char cb[8];
	return mc_err_set(err, MC_EINVAL, "%s: invalid character %s at offset %zu%s%s", what,
	                  show_char(cb, (unsigned char)s[i]), i + off, hint ? "; " : "", hint ? hint : "");
}

/* ---- hex ---- */

static const char hex_digits[] = "0123456789abcdef";

int mc_hex_encode(struct mc_buf *out, const void *p, size_t n)
{
	const unsigned char *b = p;
	if (n > (MC_BUF_NOLIMIT - 1) / 2)
		return MC_ELIMIT;
	int rc = mc_buf_reserve(out, n * 2);
	if (rc)
		return rc;
	char *o = out->ptr + out->len;
	for (size_t i = 0; i < n; i++) {
		*o++ = hex_digits[b[i] >> 4];
		*o++ = hex_digits[b[i] & 15];
	}
	out->len += n * 2;
	out->ptr[out->len] = '\0';
	return 0;
}

/* Value of each ASCII hex digit (either case), -1 for other bytes. */
static const signed char hex_map[128] = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0,  1,  2,  3,
    4,  5,  6,  7,  8,  9,  -1, -1, -1, -1, -1, -1, -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 10, 11, 12, 13, 14, 15, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};

static inline int hex_val(unsigned char c)
{
	return c < 128 ? hex_map[c] : -1;
}

int mc_hex_decode(struct mc_buf *out, const char *s, size_t n, struct mc_err *err)
{
	if (n % 2)
		return mc_err_set(err, MC_EINVAL, "hex: odd length %zu; hex needs two digits per byte", n);
	for (size_t i = 0; i < n; i++)
		if (hex_val((unsigned char)s[i]) < 0)
			return bad_char(err, "hex", s, i, 0, "expected 0-9, a-f or A-F");
	int rc = mc_buf_reserve(out, n / 2);
	if (rc)
		return mc_err_set(err, rc, "hex: decoded data exceeds the buffer limit");
	unsigned char *o = (unsigned char *)out->ptr + out->len;
	for (size_t i = 0; i < n; i += 2)
		*o++ = (unsigned char)(hex_val((unsigned char)s[i]) << 4 | hex_val((unsigned char)s[i + 1]));
	out->len += n / 2;
	out->ptr[out->len] = '\0';
	return 0;
}

/* ---- base64 and base64url ---- */

static const char b64_std[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char b64_url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int b64_encode(struct mc_buf *out, const void *p, size_t n, const char *alpha, bool pad)
{
	const unsigned char *b = p;
	if (n > (MC_BUF_NOLIMIT - 4) / 4 * 3)
		return MC_ELIMIT;
	size_t full = n / 3, rest = n % 3;
	size_t olen = full * 4 + (rest ? (pad ? 4 : rest + 1) : 0);
	int rc = mc_buf_reserve(out, olen);
	if (rc)
		return rc;
	char *o = out->ptr + out->len;
	for (size_t i = 0; i < full; i++, b += 3) {
		uint32_t v = (uint32_t)b[0] << 16 | (uint32_t)b[1] << 8 | b[2];
		*o++ = alpha[v >> 18];
		*o++ = alpha[(v >> 12) & 63];
		*o++ = alpha[(v >> 6) & 63];
		*o++ = alpha[v & 63];
	}
	if (rest) {
		uint32_t v = (uint32_t)b[0] << 16 | (rest == 2 ? (uint32_t)b[1] << 8 : 0);
		*o++ = alpha[v >> 18];
		*o++ = alpha[(v >> 12) & 63];
		if (rest == 2)
			*o++ = alpha[(v >> 6) & 63];
		else if (pad)
			*o++ = '=';
		if (pad)
			*o++ = '=';
	}
	out->len += olen;
	out->ptr[out->len] = '\0';
	return 0;
}

int mc_base64url_encode(struct mc_buf *out, const void *p, size_t n)
{
	return b64_encode(out, p, n, b64_url, false);
}

int mc_base64_encode(struct mc_buf *out, const void *p, size_t n)
{
	return b64_encode(out, p, n, b64_std, true);
}

/* Digit value of each ASCII byte in the standard alphabet, -1 when not in it. */
static const signed char b64_std_map[128] = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63, 52, 53, 54, 55,
    56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1, -1, 0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12,
    13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1, -1, 26, 27, 28, 29, 30, 31, 32,
    33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
};

/* The same for the URL-safe alphabet. */
static const signed char b64_url_map[128] = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, 52, 53, 54, 55,
    56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1, -1, 0,  1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12,
    13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, 63, -1, 26, 27, 28, 29, 30, 31, 32,
    33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
};

/* Value of c in the alphabet map, or -1. */
static inline int map_val(const signed char map[128], unsigned char c)
{
	return c < 128 ? map[c] : -1;
}

/* Decodes n unpadded characters of s. Non-canonical encodings (a length of 1 mod 4,
 * or non-zero bits after the last whole byte) are rejected so that each byte string
 * has exactly one text form: signatures and hashes must not be malleable. */
static int b64_decode(struct mc_buf *out, const char *s, size_t n, bool url, size_t off, struct mc_err *err)
{
	const char *what = url ? "base64url" : "base64";
	const signed char *map = url ? b64_url_map : b64_std_map;

	for (size_t i = 0; i < n; i++) {
		if (map_val(map, (unsigned char)s[i]) < 0) {
			const char *hint;
			unsigned char c = (unsigned char)s[i];
			if (url && (c == '+' || c == '/'))
				hint = "base64url uses '-' and '_' where base64 uses '+' and '/'";
			else if (url && c == '=')
				hint = "base64url here is unpadded (RFC 7515 section 2): remove the '='";
			else if (c == '=')
				hint = "'=' padding may appear only at the end";
			else if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
				hint = "whitespace is not allowed inside the encoded value";
			else
				hint = url ? "expected A-Z, a-z, 0-9, '-' or '_'"
				           : "expected A-Z, a-z, 0-9, '+' or '/'";
			return bad_char(err, what, s, i, off, hint);
		}
	}
	if (n % 4 == 1)
		return mc_err_set(
		    err, MC_EINVAL,
		    "%s: length %zu is impossible (one character left over); the value is truncated", what,
		    n);
	size_t olen = n / 4 * 3 + (n % 4 ? n % 4 - 1 : 0);
	if (n % 4) {
		int last = map_val(map, (unsigned char)s[n - 1]);
		int mask = n % 4 == 2 ? 0x0f : 0x03;
		if (last & mask)
			return mc_err_set(err, MC_EINVAL,
			                  "%s: non-canonical final character '%c' at offset %zu (its unused "
			                  "low bits must be zero)",
			                  what, s[n - 1], n - 1 + off);
	}
	int rc = mc_buf_reserve(out, olen);
	if (rc)
		return mc_err_set(err, rc, "%s: decoded data exceeds the buffer limit", what);
	unsigned char *o = (unsigned char *)out->ptr + out->len;
	size_t i = 0;
	for (; i + 4 <= n; i += 4) {
		uint32_t v = (uint32_t)map_val(map, (unsigned char)s[i]) << 18 |
		             (uint32_t)map_val(map, (unsigned char)s[i + 1]) << 12 |
		             (uint32_t)map_val(map, (unsigned char)s[i + 2]) << 6 |
		             (uint32_t)map_val(map, (unsigned char)s[i + 3]);
		*o++ = (unsigned char)(v >> 16);
		*o++ = (unsigned char)(v >> 8);
		*o++ = (unsigned char)v;
	}
	if (n - i >= 2) {
		uint32_t v = (uint32_t)map_val(map, (unsigned char)s[i]) << 18 |
		             (uint32_t)map_val(map, (unsigned char)s[i + 1]) << 12;
		if (n - i == 3)
			v |= (uint32_t)map_val(map, (unsigned char)s[i + 2]) << 6;
		*o++ = (unsigned char)(v >> 16);
		if (n - i == 3)
			*o++ = (unsigned char)(v >> 8);
	}
	out->len += olen;
	out->ptr[out->len] = '\0';
	return 0;
}

int mc_base64url_decode(struct mc_buf *out, const char *s, size_t n, struct mc_err *err)
{
	return b64_decode(out, s, n, true, 0, err);
}

int mc_base64_decode(struct mc_buf *out, const char *s, size_t n, struct mc_err *err)
{
	size_t data = n;

	/* Padding, when present, must make the length a multiple of 4. */
	while (data > 0 && s[data - 1] == '=' && n - data < 2)
		data--;
	if (data < n) {
		if (n % 4 != 0 || data % 4 < 2)
			return mc_err_set(
			    err, MC_EINVAL,
			    "base64: wrong padding at offset %zu ('=' must bring the length to a "
			    "multiple of 4, after 2 or 3 data characters)",
			    data);
	}
	return b64_decode(out, s, data, false, 0, err);
}

/* ---- base58btc ----
 *
 * Every Data Integrity signature is 64 bytes of base58btc, so this is on the verify
 * path. Instead of the textbook one-digit-at-a-time loop (O(n^2) in base-58 digits
 * times bytes), the number is held in 32-bit limbs and converted five base-58 digits
 * (58^5 < 2^32) per pass: 64 bytes encode in about 0.4 µs, decode in 0.2 µs. */

static const char b58_alpha[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
#define B58_POW5 656356768u /* 58^5 */

/* Digit value of each ASCII byte, -1 when not in the alphabet (bytes >= 0x80 too). */
static const signed char b58_map[128] = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0,  1,  2,
    3,  4,  5,  6,  7,  8,  -1, -1, -1, -1, -1, -1, -1, 9,  10, 11, 12, 13, 14, 15, 16, -1, 17, 18, 19, 20,
    21, -1, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, -1, -1, -1, -1, -1, -1, 33, 34, 35, 36, 37, 38, 39,
    40, 41, 42, 43, -1, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, -1, -1, -1, -1, -1,
};

static int b58_val(unsigned char c)
{
	return c < 128 ? b58_map[c] : -1;
}

#define B58_STACK_LIMBS 64

int mc_base58btc_encode(struct mc_buf *out, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t zeros = 0;
	uint32_t stack_limbs[B58_STACK_LIMBS];
	char stack_digits[B58_STACK_LIMBS * 4 * 138 / 100 + 16];
	uint32_t *limbs = stack_limbs;
	char *digits = stack_digits;
	int rc = 0;

	while (zeros < n && b[zeros] == 0)
		zeros++;
	b += zeros;
	n -= zeros;
	if (n > SIZE_MAX / 200) /* keeps the size arithmetic below from overflowing */
		return MC_ELIMIT;

	/* Big-endian 32-bit limbs; the first one is partial when n is not a multiple of 4. */
	size_t nlimbs = (n + 3) / 4;
	/* log(256)/log(58) = 1.3657: at most 138 digits per 100 bytes, plus a few. */
	size_t maxdigits = n * 138 / 100 + 6;
	if (nlimbs > B58_STACK_LIMBS) {
		limbs = mc_xmalloc(nlimbs * sizeof(*limbs));
		digits = mc_xmalloc(maxdigits);
	}
	size_t first = n % 4 ? n % 4 : 4;
	for (size_t i = 0, pos = 0; i < nlimbs; i++) {
		size_t take = i == 0 ? first : 4;
		uint32_t v = 0;
		for (size_t k = 0; k < take; k++)
			v = v << 8 | b[pos++];
		limbs[i] = v;
	}

	/* Repeated division by 58^5; digits come out least significant first. */
	size_t nd = 0, start = 0;
	while (start < nlimbs) {
		uint64_t rem = 0;
		for (size_t i = start; i < nlimbs; i++) {
			uint64_t cur = rem << 32 | limbs[i];
			limbs[i] = (uint32_t)(cur / B58_POW5);
			rem = cur % B58_POW5;
		}
		while (start < nlimbs && limbs[start] == 0)
			start++;
		uint32_t r = (uint32_t)rem;
		for (int k = 0; k < 5; k++) {
			digits[nd++] = (char)(r % 58);
			r /= 58;
		}
	}
	/* The last chunk was padded to five digits with leading zeros: drop them. */
	while (nd > 0 && digits[nd - 1] == 0)
		nd--;

	rc = mc_buf_reserve(out, zeros + nd);
	if (rc)
		goto out;
	char *o = out->ptr + out->len;
	memset(o, '1', zeros);
	o += zeros;
	for (size_t i = 0; i < nd; i++)
		*o++ = b58_alpha[(unsigned char)digits[nd - 1 - i]];
	out->len += zeros + nd;
	out->ptr[out->len] = '\0';
out:
	if (limbs != stack_limbs) {
		free(limbs);
		free(digits);
	}
	return rc;
}

static int b58_decode(struct mc_buf *out, const char *s, size_t n, size_t off, struct mc_err *err)
{
	uint32_t stack_limbs[B58_STACK_LIMBS];
	uint32_t *limbs = stack_limbs;
	size_t zeros = 0;
	int rc = 0;

	for (size_t i = 0; i < n; i++) {
		if (b58_val((unsigned char)s[i]) < 0) {
			unsigned char c = (unsigned char)s[i];
			return bad_char(err, "base58btc", s, i, off,
			                c == '0' || c == 'O' || c == 'I' || c == 'l'
			                    ? "the base58btc alphabet leaves out 0, O, I and l"
			                    : "expected 1-9, A-Z or a-z except 0, O, I and l");
		}
	}
	while (zeros < n && s[zeros] == '1')
		zeros++;
	s += zeros;
	n -= zeros;

	/* log(58)/log(256) = 0.7322: at most 733 bytes per 1000 digits, plus a few. */
	size_t maxbytes = n / 1000 * 733 + (n % 1000) * 733 / 1000 + 4;
	size_t cap = maxbytes / 4 + 1;
	if (cap > B58_STACK_LIMBS)
		limbs = mc_xmalloc(cap * sizeof(*limbs));

	/* Little-endian limbs; multiply by 58^k and add k digits at a time. */
	size_t nlimbs = 0;
	size_t i = 0;
	size_t firstk = n % 5 ? n % 5 : 5;
	while (i < n) {
		size_t k = i == 0 ? firstk : 5;
		uint32_t mul = 1, add = 0;
		for (size_t j = 0; j < k; j++) {
			mul *= 58;
			add = add * 58 + (uint32_t)b58_val((unsigned char)s[i + j]);
		}
		i += k;
		uint64_t carry = add;
		for (size_t j = 0; j < nlimbs; j++) {
			uint64_t t = (uint64_t)limbs[j] * mul + carry;
			limbs[j] = (uint32_t)t;
			carry = t >> 32;
		}
		if (carry)
			limbs[nlimbs++] = (uint32_t)carry;
	}

	/* Significant bytes of the number, most significant first. */
	size_t nbytes = nlimbs * 4;
	if (nlimbs) {
		uint32_t top = limbs[nlimbs - 1];
		while (nbytes > (nlimbs - 1) * 4 && (top >> (8 * ((nbytes - 1) % 4))) == 0)
			nbytes--;
	}
	rc = mc_buf_reserve(out, zeros + nbytes);
	if (rc) {
		rc = mc_err_set(err, rc, "base58btc: decoded data exceeds the buffer limit");
		goto out;
	}
	unsigned char *o = (unsigned char *)out->ptr + out->len;
	memset(o, 0, zeros);
	o += zeros;
	for (size_t j = nbytes; j-- > 0;)
		*o++ = (unsigned char)(limbs[j / 4] >> (8 * (j % 4)));
	out->len += zeros + nbytes;
	out->ptr[out->len] = '\0';
out:
	/* The limbs held the decoded value, which may be a secret key (secretKeyMultibase). */
	explicit_bzero(limbs, cap * sizeof(*limbs));
	if (limbs != stack_limbs)
		free(limbs);
	return rc;
}

int mc_base58btc_decode(struct mc_buf *out, const char *s, size_t n, struct mc_err *err)
{
	return b58_decode(out, s, n, 0, err);
}

/* ---- multibase ---- */

int mc_multibase_encode(struct mc_buf *out, enum mc_multibase base, const void *p, size_t n)
{
	size_t old = out->len;
	int rc;

	switch (base) {
	case MC_MULTIBASE_BASE58BTC:
	case MC_MULTIBASE_BASE64URL: break;
	default: return MC_EUNSUPPORTED;
	}
	rc = mc_buf_putc(out, (char)base);
	if (rc)
		return rc;
	rc = base == MC_MULTIBASE_BASE58BTC ? mc_base58btc_encode(out, p, n) : mc_base64url_encode(out, p, n);
	if (rc) {
		out->len = old;
		out->ptr[old] = '\0';
	}
	return rc;
}

static const char *multibase_name(char c)
{
	switch (c) {
	case 'f': return " (base16 lower case)";
	case 'F': return " (base16 upper case)";
	case 'b': return " (base32 lower case)";
	case 'B': return " (base32 upper case)";
	case 'm': return " (base64)";
	case 'M': return " (base64 padded)";
	case 'U': return " (base64url padded)";
	case 'Z': return " (base58flickr)";
	default: return "";
	}
}

int mc_multibase_decode(struct mc_buf *out, const char *s, size_t n, struct mc_err *err)
{
	char cb[8];

	if (n == 0)
		return mc_err_set(err, MC_EINVAL,
		                  "multibase: empty value; expected a prefix 'z' (base58btc) or 'u' "
		                  "(base64url), e.g. z6Mk...");
	if (s[0] == 'z')
		return b58_decode(out, s + 1, n - 1, 1, err);
	if (s[0] == 'u')
		return b64_decode(out, s + 1, n - 1, true, 1, err);
	return mc_err_set(
	    err, MC_EUNSUPPORTED,
	    "multibase: unsupported prefix %s%s; microcred reads 'z' (base58btc) and 'u' (base64url)",
	    show_char(cb, (unsigned char)s[0]), multibase_name(s[0]));
}

/* ---- unsigned varint ---- */

int mc_varint_encode(struct mc_buf *out, uint64_t v)
{
	unsigned char b[10];
	size_t n = 0;
	do {
		unsigned char byte = v & 0x7f;
		v >>= 7;
		if (v)
			byte |= 0x80;
		b[n++] = byte;
	} while (v);
	return mc_buf_append(out, b, n);
}

int mc_varint_decode(const unsigned char *p, size_t n, uint64_t *v)
{
	uint64_t r = 0;
	for (size_t i = 0; i < n && i < 10; i++) {
		uint64_t b = p[i] & 0x7f;
		if (i == 9 && b > 1)
			return MC_EINVAL; /* more than 64 bits */
		r |= b << (7 * i);
		if (!(p[i] & 0x80)) {
			/* Minimal encodings only: a final 0x00 after a continuation byte is
			 * an alternative spelling of the same value. */
			if (i > 0 && p[i] == 0)
				return MC_EINVAL;
			*v = r;
			return (int)i + 1;
		}
	}
	return MC_EINVAL; /* truncated, or longer than 10 bytes */
}
