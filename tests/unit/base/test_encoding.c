/* Encodings: RFC 4648 vectors, base58btc vectors (draft-msporny-base58, did:key and
 * vc-di-eddsa test vectors in tests/vectors/base-encoding/), random round trips
 * against a slow reference base58, rejection cases with offsets, varints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cmocka.h needs the headers above first. */
/* clang-format off */
#include <cmocka.h>
/* clang-format on */

#include "microcred/buf.h"
#include "microcred/encoding.h"
#include "microcred/err.h"

/* ---- helpers ---- */

typedef int (*encode_fn)(struct mc_buf *, const void *, size_t);
typedef int (*decode_fn)(struct mc_buf *, const char *, size_t, struct mc_err *);

static void check_encode(encode_fn enc, const void *p, size_t n, const char *want)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	assert_int_equal(enc(&b, p, n), 0);
	assert_string_equal(b.ptr, want);
	mc_buf_release(&b);
}

static void check_decode(decode_fn dec, const char *text, const void *want, size_t want_n)
{
	struct mc_buf b;
	struct mc_err err = {0};
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	int rc = dec(&b, text, strlen(text), &err);
	if (rc != 0)
		fail_msg("decoding \"%s\" failed: %s", text, err.msg);
	assert_int_equal(b.len, want_n);
	if (want_n)
		assert_memory_equal(b.ptr, want, want_n);
	mc_buf_release(&b);
}

/* Decoding must fail with code and a message containing each of the needles. */
static void check_reject(decode_fn dec, const char *text, size_t n, int code, const char *needle1,
                         const char *needle2)
{
	struct mc_buf b;
	struct mc_err err = {0};
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	int rc = dec(&b, text, n, &err);
	if (rc != code)
		fail_msg("decoding \"%.*s\": expected %d, got %d (%s)", (int)n, text, code, rc, err.msg);
	assert_int_equal(err.code, code);
	if (needle1 && !strstr(err.msg, needle1))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, needle1);
	if (needle2 && !strstr(err.msg, needle2))
		fail_msg("message \"%s\" lacks \"%s\"", err.msg, needle2);
	assert_int_equal(b.len, 0); /* nothing appended on failure */
	mc_buf_release(&b);
}

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

/* xorshift64*: deterministic, so a failure reproduces. */
static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dull;
}

/* Textbook base58: repeated division of the whole byte string by 58. Slow and
 * obviously right, to check the fast limb-based encoder against. */
static char *slow_base58(const unsigned char *p, size_t n)
{
	static const char alpha[] = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
	unsigned char *num = malloc(n + 1);
	char *digits = malloc(n * 2 + 2);
	char *res = malloc(n * 2 + 2);
	size_t zeros = 0, nd = 0;
	memcpy(num, p, n);
	while (zeros < n && p[zeros] == 0)
		zeros++;
	for (;;) {
		bool nonzero = false;
		unsigned rem = 0;
		for (size_t i = 0; i < n; i++) {
			unsigned cur = rem * 256 + num[i];
			num[i] = (unsigned char)(cur / 58);
			rem = cur % 58;
			if (num[i])
				nonzero = true;
		}
		if (!nonzero && rem == 0)
			break;
		digits[nd++] = alpha[rem];
		if (!nonzero)
			break;
	}
	size_t o = 0;
	for (size_t i = 0; i < zeros; i++)
		res[o++] = '1';
	while (nd > 0)
		res[o++] = digits[--nd];
	res[o] = '\0';
	free(num);
	free(digits);
	return res;
}

static char *read_vector(const char *rel, size_t *len)
{
	const char *root = getenv("MC_SOURCE_DIR");
	char path[1024];
	struct mc_buf b;
	struct mc_err err = {0};
	snprintf(path, sizeof(path), "%s/tests/vectors/base-encoding/%s", root ? root : ".", rel);
	mc_buf_init(&b, 1 << 20);
	if (mc_buf_read_file(&b, path, &err) != 0)
		fail_msg("%s", err.msg);
	return mc_buf_detach(&b, len);
}

/* ---- RFC 4648 ---- */

static const char *const rfc4648_in[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};

static void rfc4648_base64(void **state)
{
	static const char *const padded[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
	static const char *const bare[] = {"", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"};
	for (size_t i = 0; i < 7; i++) {
		size_t n = strlen(rfc4648_in[i]);
		check_encode(mc_base64_encode, rfc4648_in[i], n, padded[i]);
		check_encode(mc_base64url_encode, rfc4648_in[i], n, bare[i]);
		check_decode(mc_base64_decode, padded[i], rfc4648_in[i], n);
		check_decode(mc_base64_decode, bare[i], rfc4648_in[i], n); /* padding optional */
		check_decode(mc_base64url_decode, bare[i], rfc4648_in[i], n);
	}
	/* The two alphabets differ in 62 and 63. */
	static const unsigned char hi[] = {0xfb, 0xff, 0xbf};
	check_encode(mc_base64_encode, hi, 3, "+/+/");
	check_encode(mc_base64url_encode, hi, 3, "-_-_");
	check_decode(mc_base64_decode, "+/+/", hi, 3);
	check_decode(mc_base64url_decode, "-_-_", hi, 3);
	check_encode(mc_base64_encode, hi, 2, "+/8=");
	check_encode(mc_base64url_encode, hi, 2, "-_8");
}

static void rfc4648_hex(void **state)
{
	static const char *const hex[] = {"",         "66",         "666f",        "666f6f",
	                                  "666f6f62", "666f6f6261", "666f6f626172"};
	for (size_t i = 0; i < 7; i++) {
		check_encode(mc_hex_encode, rfc4648_in[i], strlen(rfc4648_in[i]), hex[i]);
		check_decode(mc_hex_decode, hex[i], rfc4648_in[i], strlen(rfc4648_in[i]));
	}
	check_decode(mc_hex_decode, "666F6F626172", "foobar", 6); /* upper case accepted on input */
	static const unsigned char all[] = {0x00, 0x7f, 0x80, 0xff};
	check_encode(mc_hex_encode, all, 4, "007f80ff");
}

/* ---- base58btc ---- */

static void base58_known(void **state)
{
	/* draft-msporny-base58 examples. */
	check_encode(mc_base58btc_encode, "Hello World!", 12, "2NEpo7TZRRrLZSi2U");
	check_decode(mc_base58btc_decode, "2NEpo7TZRRrLZSi2U", "Hello World!", 12);
	const char *fox = "The quick brown fox jumps over the lazy dog.";
	const char *fox58 = "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z";
	check_encode(mc_base58btc_encode, fox, strlen(fox), fox58);
	check_decode(mc_base58btc_decode, fox58, fox, strlen(fox));
	static const unsigned char lz[] = {0x00, 0x00, 0x28, 0x7f, 0xb4, 0xcd};
	check_encode(mc_base58btc_encode, lz, 6, "11233QC4");
	check_decode(mc_base58btc_decode, "11233QC4", lz, 6);
	/* Edges: empty, all zeros, one byte. */
	check_encode(mc_base58btc_encode, "", 0, "");
	check_decode(mc_base58btc_decode, "", "", 0);
	check_encode(mc_base58btc_encode, "\0\0\0", 3, "111");
	check_decode(mc_base58btc_decode, "111", "\0\0\0", 3);
	check_encode(mc_base58btc_encode, "\0\0\xff", 3, "115Q");
	check_encode(mc_base58btc_encode, "\x39", 1, "z");
	check_encode(mc_base58btc_encode, "\x3a", 1, "21");
}

/* The same 64-byte signature in hex and in multibase base58btc. */
static void base58_signature_vectors(void **state)
{
	static const char *const names[] = {"DataInt", "JCS", "EdSig"};
	for (size_t k = 0; k < 3; k++) {
		char rel[128];
		size_t hex_n, b58_n;
		snprintf(rel, sizeof(rel), "vc-di-eddsa/sigHex%s.txt", names[k]);
		char *hex = read_vector(rel, &hex_n);
		snprintf(rel, sizeof(rel), "vc-di-eddsa/sigBTC58%s.txt", names[k]);
		char *b58 = read_vector(rel, &b58_n);
		while (hex_n && (hex[hex_n - 1] == '\n' || hex[hex_n - 1] == '\r'))
			hex_n--;
		while (b58_n && (b58[b58_n - 1] == '\n' || b58[b58_n - 1] == '\r'))
			b58_n--;

		struct mc_buf sig, txt, back;
		struct mc_err err = {0};
		mc_buf_init(&sig, 1024);
		mc_buf_init(&txt, 1024);
		mc_buf_init(&back, 1024);
		assert_int_equal(mc_hex_decode(&sig, hex, hex_n, &err), 0);
		assert_int_equal(sig.len, 64);
		assert_int_equal(mc_multibase_encode(&txt, MC_MULTIBASE_BASE58BTC, sig.ptr, sig.len), 0);
		assert_int_equal(txt.len, b58_n);
		assert_memory_equal(txt.ptr, b58, b58_n);
		assert_int_equal(mc_multibase_decode(&back, b58, b58_n, &err), 0);
		assert_int_equal(back.len, 64);
		assert_memory_equal(back.ptr, sig.ptr, 64);
		mc_buf_release(&sig);
		mc_buf_release(&txt);
		mc_buf_release(&back);
		free(hex);
		free(b58);
	}
}

/* Copies the JSON string value that starts at p (just after its opening quote). */
static size_t json_str(const char *p, char *out, size_t cap)
{
	size_t n = 0;
	while (p[n] && p[n] != '"' && n + 1 < cap) {
		out[n] = p[n];
		n++;
	}
	out[n] = '\0';
	return n;
}

/* did:key test vectors: each multibase key id round-trips; where a publicKeyBase58 of
 * the same key pair follows before the next "id", the multibase value must be the
 * multicodec varint followed by exactly those key bytes. */
static void base58_did_key_vectors(void **state)
{
	static const char *const files[] = {"bls12381.json", "ed25519-x25519.json", "nist-curves.json",
	                                    "rsa.json",      "secp256k1.json",      "x25519.json"};
	int roundtrips = 0, pairs = 0;
	for (size_t f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
		char rel[128];
		size_t len;
		snprintf(rel, sizeof(rel), "did-key/%s", files[f]);
		char *doc = read_vector(rel, &len);
		const char *p = doc;
		while ((p = strstr(p, "\"id\": \"")) != NULL) {
			p += 7;
			char id[4096];
			json_str(p, id, sizeof(id));
			char *z = strchr(id, '#');
			z = z ? z + 1 : (strncmp(id, "did:key:", 8) == 0 ? id + 8 : NULL);
			if (!z || z[0] != 'z')
				continue;
			size_t zn = strlen(z);

			struct mc_buf raw, again;
			struct mc_err err = {0};
			mc_buf_init(&raw, MC_BUF_NOLIMIT);
			mc_buf_init(&again, MC_BUF_NOLIMIT);
			if (mc_multibase_decode(&raw, z, zn, &err) != 0)
				fail_msg("%s: %s: %s", files[f], z, err.msg);
			assert_int_equal(
			    mc_multibase_encode(&again, MC_MULTIBASE_BASE58BTC, raw.ptr, raw.len), 0);
			assert_string_equal(again.ptr, z);
			roundtrips++;

			const char *next_id = strstr(p, "\"id\": \"");
			const char *pk = strstr(p, "\"publicKeyBase58\": \"");
			if (pk && (!next_id || pk < next_id)) {
				char pk58[4096];
				size_t pkn = json_str(pk + 20, pk58, sizeof(pk58));
				struct mc_buf key;
				mc_buf_init(&key, MC_BUF_NOLIMIT);
				assert_int_equal(mc_base58btc_decode(&key, pk58, pkn, &err), 0);
				uint64_t codec = 0;
				int vn = mc_varint_decode((const unsigned char *)raw.ptr, raw.len, &codec);
				assert_true(vn > 0);
				if (codec != 0xed && codec != 0xec && codec != 0xe7 && codec != 0xea &&
				    codec != 0xeb && codec != 0x1200 && codec != 0x1201 && codec != 0x1202)
					fail_msg("%s: %s: unexpected multicodec 0x%llx", files[f], z,
					         (unsigned long long)codec);
				assert_int_equal(raw.len - (size_t)vn, key.len);
				assert_memory_equal(raw.ptr + vn, key.ptr, key.len);
				/* And the key bytes re-encode to the same publicKeyBase58. */
				mc_buf_clear(&again);
				assert_int_equal(mc_base58btc_encode(&again, key.ptr, key.len), 0);
				assert_string_equal(again.ptr, pk58);
				mc_buf_release(&key);
				pairs++;
			}
			mc_buf_release(&raw);
			mc_buf_release(&again);
		}
		free(doc);
	}
	/* The vector files hold dozens of each; a scan that found none would prove nothing. */
	assert_true(roundtrips >= 50);
	assert_true(pairs >= 15);
}

/* ---- round trips of random data, every length 0..100 ---- */

static void roundtrip_random(void **state)
{
	unsigned char data[101];
	for (size_t n = 0; n <= 100; n++) {
		for (int trial = 0; trial < 24; trial++) {
			for (size_t i = 0; i < n; i++)
				data[i] = (unsigned char)rng();
			/* Some trials start with zero bytes (base58's special case) or are
			 * all 0x00 / all 0xff. */
			if (trial % 4 == 1)
				for (size_t i = 0; i < n && i < (size_t)trial / 4 + 1; i++)
					data[i] = 0;
			if (trial == 22)
				memset(data, 0, n);
			if (trial == 23)
				memset(data, 0xff, n);

			struct {
				encode_fn enc;
				decode_fn dec;
			} codecs[] = {
			    {mc_hex_encode, mc_hex_decode},
			    {mc_base64_encode, mc_base64_decode},
			    {mc_base64url_encode, mc_base64url_decode},
			    {mc_base58btc_encode, mc_base58btc_decode},
			};
			for (size_t c = 0; c < sizeof(codecs) / sizeof(codecs[0]); c++) {
				struct mc_buf txt, back;
				struct mc_err err = {0};
				mc_buf_init(&txt, MC_BUF_NOLIMIT);
				mc_buf_init(&back, MC_BUF_NOLIMIT);
				assert_int_equal(codecs[c].enc(&txt, data, n), 0);
				assert_int_equal(strlen(txt.ptr), txt.len);
				if (codecs[c].dec(&back, txt.ptr, txt.len, &err) != 0)
					fail_msg("codec %zu, length %zu: %s", c, n, err.msg);
				assert_int_equal(back.len, n);
				if (n)
					assert_memory_equal(back.ptr, data, n);
				if (codecs[c].enc == mc_base58btc_encode) {
					char *ref = slow_base58(data, n);
					assert_string_equal(txt.ptr, ref);
					free(ref);
				}
				mc_buf_release(&txt);
				mc_buf_release(&back);
			}
			for (int mb = 0; mb < 2; mb++) {
				struct mc_buf txt, back;
				struct mc_err err = {0};
				mc_buf_init(&txt, MC_BUF_NOLIMIT);
				mc_buf_init(&back, MC_BUF_NOLIMIT);
				enum mc_multibase base = mb ? MC_MULTIBASE_BASE64URL : MC_MULTIBASE_BASE58BTC;
				assert_int_equal(mc_multibase_encode(&txt, base, data, n), 0);
				assert_int_equal(txt.ptr[0], (char)base);
				assert_int_equal(mc_multibase_decode(&back, txt.ptr, txt.len, &err), 0);
				assert_int_equal(back.len, n);
				if (n)
					assert_memory_equal(back.ptr, data, n);
				mc_buf_release(&txt);
				mc_buf_release(&back);
			}
		}
	}
}

/* Large inputs take the heap path of the base58 coder. */
static void base58_large(void **state)
{
	size_t n = 1500;
	unsigned char *data = malloc(n);
	for (size_t i = 0; i < n; i++)
		data[i] = (unsigned char)rng();
	data[0] = 0;
	struct mc_buf txt, back;
	struct mc_err err = {0};
	mc_buf_init(&txt, MC_BUF_NOLIMIT);
	mc_buf_init(&back, MC_BUF_NOLIMIT);
	assert_int_equal(mc_base58btc_encode(&txt, data, n), 0);
	char *ref = slow_base58(data, n);
	assert_string_equal(txt.ptr, ref);
	free(ref);
	assert_int_equal(mc_base58btc_decode(&back, txt.ptr, txt.len, &err), 0);
	assert_int_equal(back.len, n);
	assert_memory_equal(back.ptr, data, n);
	mc_buf_release(&txt);
	mc_buf_release(&back);
	free(data);
}

/* Appends go after what the buffer already holds. */
static void appends_to_existing(void **state)
{
	struct mc_buf b;
	struct mc_err err = {0};
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_buf_puts(&b, "x=");
	assert_int_equal(mc_base58btc_encode(&b, "Hello World!", 12), 0);
	assert_string_equal(b.ptr, "x=2NEpo7TZRRrLZSi2U");
	mc_buf_clear(&b);
	mc_buf_puts(&b, "ab");
	assert_int_equal(mc_base64url_decode(&b, "Zm9v", 4, &err), 0);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.ptr, "abfoo", 5);
	mc_buf_release(&b);
}

/* ---- rejection ---- */

static void reject_base64url(void **state)
{
	check_reject(mc_base64url_decode, "Zg==", 4, MC_EINVAL, "'='", "offset 2");
	check_reject(mc_base64url_decode, "Zm+v", 4, MC_EINVAL, "'+'", "offset 2");
	check_reject(mc_base64url_decode, "Zm9/", 4, MC_EINVAL, "'/'", "offset 3");
	check_reject(mc_base64url_decode, "Zm9v Zm9v", 9, MC_EINVAL, "space", "offset 4");
	check_reject(mc_base64url_decode, "Zm9v\nZm9v", 9, MC_EINVAL, "\\x0a", "offset 4");
	check_reject(mc_base64url_decode, "Zm9\0", 4, MC_EINVAL, "\\x00", "offset 3");
	check_reject(mc_base64url_decode, "Zm9v\xc3\xa9", 6, MC_EINVAL, "\\xc3", "offset 4");
	/* Non-canonical trailing bits: "Zh" and "Zg" both would give "f". */
	check_reject(mc_base64url_decode, "Zh", 2, MC_EINVAL, "non-canonical", "offset 1");
	check_reject(mc_base64url_decode, "Zm9", 3, MC_EINVAL, "non-canonical", "offset 2");
	check_decode(mc_base64url_decode, "Zm8", "fo", 2);
	check_reject(mc_base64url_decode, "Zm9vZ", 5, MC_EINVAL, "length 5", NULL);
}

static void reject_base64(void **state)
{
	check_reject(mc_base64_decode, "Zg=", 3, MC_EINVAL, "padding", "offset 2");
	check_reject(mc_base64_decode, "Z===", 4, MC_EINVAL, "'='", "offset 1");
	check_reject(mc_base64_decode, "Zg==Zg==", 8, MC_EINVAL, "'='", "offset 2");
	check_reject(mc_base64_decode, "Zm-v", 4, MC_EINVAL, "'-'", "offset 2");
	check_reject(mc_base64_decode, "Zh==", 4, MC_EINVAL, "non-canonical", NULL);
	check_reject(mc_base64_decode, "Zm9v\r\n", 6, MC_EINVAL, "whitespace", "offset 4");
}

static void reject_base58(void **state)
{
	check_reject(mc_base58btc_decode, "2NEpo0TZ", 8, MC_EINVAL, "'0'", "offset 5");
	check_reject(mc_base58btc_decode, "O", 1, MC_EINVAL, "'O'", "offset 0");
	check_reject(mc_base58btc_decode, "11I", 3, MC_EINVAL, "'I'", "offset 2");
	check_reject(mc_base58btc_decode, "abcl", 4, MC_EINVAL, "'l'", "leaves out 0, O, I and l");
	check_reject(mc_base58btc_decode, "ab+", 3, MC_EINVAL, "'+'", "offset 2");
	check_reject(mc_base58btc_decode, "ab\xff", 3, MC_EINVAL, "\\xff", "offset 2");
	check_reject(mc_base58btc_decode, "ab cd", 5, MC_EINVAL, "space", "offset 2");
}

static void reject_hex(void **state)
{
	check_reject(mc_hex_decode, "abc", 3, MC_EINVAL, "odd length", NULL);
	check_reject(mc_hex_decode, "abgd", 4, MC_EINVAL, "'g'", "offset 2");
	check_reject(mc_hex_decode, "0x12", 4, MC_EINVAL, "'x'", "offset 1");
}

static void reject_multibase(void **state)
{
	check_reject(mc_multibase_decode, "", 0, MC_EINVAL, "empty", NULL);
	check_reject(mc_multibase_decode, "f00", 3, MC_EUNSUPPORTED, "'f'", "base16");
	check_reject(mc_multibase_decode, "m", 1, MC_EUNSUPPORTED, "'m'", "'z'");
	/* Offsets count the prefix. */
	check_reject(mc_multibase_decode, "z6Mk0", 5, MC_EINVAL, "'0'", "offset 4");
	check_reject(mc_multibase_decode, "uZg==", 5, MC_EINVAL, "'='", "offset 3");
	check_decode(mc_multibase_decode, "uZm9v", "foo", 3);
	check_decode(mc_multibase_decode, "z", "", 0);
}

static void limit_respected(void **state)
{
	struct mc_buf b;
	struct mc_err err = {0};
	mc_buf_init(&b, 4);
	assert_int_equal(mc_base58btc_decode(&b, "2NEpo7TZRRrLZSi2U", 17, &err), MC_ELIMIT);
	assert_int_equal(b.len, 0);
	assert_int_equal(mc_base64url_decode(&b, "Zm9vYmFy", 8, &err), MC_ELIMIT);
	assert_int_equal(mc_hex_encode(&b, "abc", 3), MC_ELIMIT);
	assert_int_equal(mc_base58btc_encode(&b, "Hello World!", 12), MC_ELIMIT);
	assert_int_equal(mc_multibase_encode(&b, MC_MULTIBASE_BASE58BTC, "Hello", 5), MC_ELIMIT);
	assert_int_equal(b.len, 0);
	assert_int_equal(mc_base64url_decode(&b, "Zm9v", 4, &err), 0);
	assert_int_equal(b.len, 3);
	mc_buf_release(&b);
}

/* ---- varint ---- */

static void varint(void **state)
{
	static const struct {
		uint64_t v;
		size_t n;
		unsigned char b[10];
	} cases[] = {
	    {0, 1, {0x00}},
	    {1, 1, {0x01}},
	    {127, 1, {0x7f}},
	    {128, 2, {0x80, 0x01}},
	    {255, 2, {0xff, 0x01}},
	    {300, 2, {0xac, 0x02}},
	    {0xed, 2, {0xed, 0x01}},   /* ed25519-pub */
	    {0x1200, 2, {0x80, 0x24}}, /* p256-pub */
	    {16384, 3, {0x80, 0x80, 0x01}},
	    {UINT64_MAX, 10, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mc_buf b;
		mc_buf_init(&b, MC_BUF_NOLIMIT);
		assert_int_equal(mc_varint_encode(&b, cases[i].v), 0);
		assert_int_equal(b.len, cases[i].n);
		assert_memory_equal(b.ptr, cases[i].b, cases[i].n);
		uint64_t v = 12345;
		/* Trailing bytes after the varint are not read. */
		unsigned char withtail[12];
		memcpy(withtail, cases[i].b, cases[i].n);
		withtail[cases[i].n] = 0xaa;
		assert_int_equal(mc_varint_decode(withtail, cases[i].n + 1, &v), (int)cases[i].n);
		assert_true(v == cases[i].v);
		mc_buf_release(&b);
	}
	uint64_t v;
	static const unsigned char truncated[] = {0x80};
	static const unsigned char nonminimal[] = {0x80, 0x00};
	static const unsigned char nonminimal2[] = {0xed, 0x81, 0x00};
	static const unsigned char toobig[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02};
	static const unsigned char toolong[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	                                        0x80, 0x80, 0x80, 0x80, 0x01};
	assert_int_equal(mc_varint_decode(truncated, 1, &v), MC_EINVAL);
	assert_int_equal(mc_varint_decode(truncated, 0, &v), MC_EINVAL);
	assert_int_equal(mc_varint_decode(nonminimal, 2, &v), MC_EINVAL);
	assert_int_equal(mc_varint_decode(nonminimal2, 3, &v), MC_EINVAL);
	assert_int_equal(mc_varint_decode(toobig, 10, &v), MC_EINVAL);
	assert_int_equal(mc_varint_decode(toolong, 11, &v), MC_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(rfc4648_base64),
	    cmocka_unit_test(rfc4648_hex),
	    cmocka_unit_test(base58_known),
	    cmocka_unit_test(base58_signature_vectors),
	    cmocka_unit_test(base58_did_key_vectors),
	    cmocka_unit_test(roundtrip_random),
	    cmocka_unit_test(base58_large),
	    cmocka_unit_test(appends_to_existing),
	    cmocka_unit_test(reject_base64url),
	    cmocka_unit_test(reject_base64),
	    cmocka_unit_test(reject_base58),
	    cmocka_unit_test(reject_hex),
	    cmocka_unit_test(reject_multibase),
	    cmocka_unit_test(limit_respected),
	    cmocka_unit_test(varint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
