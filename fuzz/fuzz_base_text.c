/* Fuzz target for the base layer's text parsers: hex, base64, base64url, base58btc,
 * multibase, varint, RFC 3339 date-times and UUIDs.
 *
 * The first byte picks the parser; the rest is its input. Besides not crashing, each
 * accepted input must round-trip: the canonical decoders (base64url, base58btc,
 * multibase) give back exactly the input when re-encoded; base64 and hex give back
 * the same bytes; a parsed time re-parses from its formatted form to the same
 * instant; a parsed UUID formats to the lower-cased input. A broken invariant aborts. */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/buf.h"
#include "microcred/encoding.h"
#include "microcred/err.h"
#include "microcred/id.h"
#include "microcred/time.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_base_text: invariant broken: %s\n", what);
		abort();
	}
}

typedef int (*encode_fn)(struct mc_buf *, const void *, size_t);
typedef int (*decode_fn)(struct mc_buf *, const char *, size_t, struct mc_err *);

/* Decode; if accepted, re-encode and compare (text when canonical, else bytes). */
static void roundtrip(decode_fn dec, encode_fn enc, const char *s, size_t n, int canonical)
{
	struct mc_buf raw, txt, again;
	struct mc_err err;
	mc_buf_init(&raw, 1 << 20);
	mc_buf_init(&txt, 1 << 22);
	mc_buf_init(&again, 1 << 20);
	if (dec(&raw, s, n, &err) == 0) {
		check(enc(&txt, raw.ptr, raw.len) == 0, "re-encode");
		if (canonical)
			check(txt.len == n && memcmp(txt.ptr, s, n) == 0, "canonical text round trip");
		check(dec(&again, txt.ptr, txt.len, &err) == 0, "decode of own encoding");
		check(again.len == raw.len && memcmp(again.ptr, raw.ptr, raw.len) == 0, "byte round trip");
	} else {
		check(err.msg[0] != '\0', "error without a message");
	}
	mc_buf_release(&raw);
	mc_buf_release(&txt);
	mc_buf_release(&again);
}

/* The multibase prefix of the current input, so re-encoding uses the same base. */
static char mb_prefix;

static int mb_encode_same(struct mc_buf *out, const void *p, size_t n)
{
	return mc_multibase_encode(out, (enum mc_multibase)mb_prefix, p, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 4096)
		return 0;
	const char *s = (const char *)data + 1;
	size_t n = size - 1;

	switch (data[0] % 8) {
	case 0: roundtrip(mc_hex_decode, mc_hex_encode, s, n, 0); break;
	case 1: roundtrip(mc_base64_decode, mc_base64_encode, s, n, 0); break;
	case 2: roundtrip(mc_base64url_decode, mc_base64url_encode, s, n, 1); break;
	case 3: roundtrip(mc_base58btc_decode, mc_base58btc_encode, s, n, 1); break;
	case 4:
		mb_prefix = n ? s[0] : 'z';
		roundtrip(mc_multibase_decode, mb_encode_same, s, n, 1);
		break;
	case 5: {
		uint64_t v;
		int k = mc_varint_decode((const unsigned char *)s, n, &v);
		if (k > 0) {
			struct mc_buf b;
			mc_buf_init(&b, 64);
			check(mc_varint_encode(&b, v) == 0, "varint encode");
			check(b.len == (size_t)k && memcmp(b.ptr, s, (size_t)k) == 0, "varint round trip");
			mc_buf_release(&b);
		}
		break;
	}
	case 6: {
		struct mc_time t, t2;
		struct mc_err err;
		if (mc_time_parse(&t, s, n, &err) == 0) {
			struct mc_buf b;
			mc_buf_init(&b, 256);
			/* Offsets can push year 0000 or 9999 outside what RFC 3339 can write. */
			if (mc_time_format(&b, &t) == 0) {
				check(mc_time_parse(&t2, b.ptr, b.len, &err) == 0, "re-parse formatted time");
				check(mc_time_cmp(&t, &t2) == 0, "time round trip");
			}
			mc_buf_release(&b);
		}
		break;
	}
	case 7: {
		uint8_t bytes[16];
		int version;
		if (mc_uuid_parse(s, n, bytes, &version) == 0) {
			char out[MC_UUID_STR_LEN + 1];
			mc_uuid_format(bytes, out);
			for (size_t i = 0; i < MC_UUID_STR_LEN; i++)
				check(out[i] == tolower((unsigned char)s[i]), "uuid round trip");
			check(version == bytes[6] >> 4, "uuid version");
		}
		break;
	}
	}
	return 0;
}
