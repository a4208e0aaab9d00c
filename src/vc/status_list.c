/* Bitstring Status List v1.0 (and StatusList2021): the bitstring, its GZIP +
 * multibase encoding, and status list credentials. See include/microcred/status.h. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

#include "microcred/encoding.h"
#include "microcred/status.h"

#include "vc/status_internal.h"

/* ---- the bitstring ---- */

int mc_bitstring_new(struct mc_arena *a, size_t nbits, struct mc_bitstring *out, struct mc_err *err)
{
	if (nbits == 0 || nbits % 8 != 0)
		return mc_err_set(err, MC_EINVAL,
		                  "a status list must have a positive number of bits that is a "
		                  "multiple of 8, not %zu",
		                  nbits);
	if (nbits / 8 > MC_STATUS_MAX_LIST_BYTES)
		return mc_err_set(err, MC_ELIMIT,
		                  "a status list of %zu bits is larger than microcred's limit of %zu MiB",
		                  nbits, MC_STATUS_MAX_LIST_BYTES >> 20);
	out->bits = mc_arena_zalloc(a, nbits / 8);
	out->nbits = nbits;
	return 0;
}

/* Checks size and computes the first bit of entry index, guarding the multiplication. */
static int entry_position(const struct mc_bitstring *bs, uint64_t index, unsigned size, uint64_t *pos,
                          struct mc_err *err)
{
	if (size == 0 || size > MC_STATUS_MAX_SIZE)
		return mc_err_set(err, MC_EINVAL, "statusSize must be between 1 and %u bits, not %u",
		                  MC_STATUS_MAX_SIZE, size);
	uint64_t entries = bs->nbits / size;
	if (index >= entries)
		return mc_err_set(err, MC_ELIMIT,
		                  "status index %" PRIu64 " is outside the status list, which has %" PRIu64
		                  " entries (indexes 0 to %" PRIu64 ")",
		                  index, entries, entries ? entries - 1 : 0);
	*pos = index * size;
	return 0;
}

int mc_bitstring_get(const struct mc_bitstring *bs, uint64_t index, unsigned size, uint64_t *value,
                     struct mc_err *err)
{
	uint64_t pos, v = 0;
	int rc = entry_position(bs, index, size, &pos, err);
	if (rc)
		return rc;
	for (unsigned i = 0; i < size; i++, pos++)
		v = (v << 1) | ((bs->bits[pos / 8] >> (7 - pos % 8)) & 1u);
	*value = v;
	return 0;
}

int mc_bitstring_set(struct mc_bitstring *bs, uint64_t index, unsigned size, uint64_t value,
                     struct mc_err *err)
{
	uint64_t pos;
	int rc = entry_position(bs, index, size, &pos, err);
	if (rc)
		return rc;
	if (size < 64 && value >> size)
		return mc_err_set(err, MC_EINVAL, "status value %" PRIu64 " does not fit in %u bit%s", value,
		                  size, size == 1 ? "" : "s");
	for (unsigned i = 0; i < size; i++, pos++) {
		unsigned char bit = (unsigned char)(0x80u >> (pos % 8));
		if ((value >> (size - 1 - i)) & 1u)
			bs->bits[pos / 8] |= bit;
		else
			bs->bits[pos / 8] &= (unsigned char)~bit;
	}
	return 0;
}

size_t mc_bitstring_count(const struct mc_bitstring *bs)
{
	size_t n = 0;
	for (size_t i = 0; i < bs->nbits / 8; i++)
		n += (size_t)__builtin_popcount(bs->bits[i]);
	return n;
}

/* ---- GZIP + multibase ---- */

int mc_bitstring_encode(const struct mc_bitstring *bs, struct mc_buf *out, struct mc_err *err)
{
	z_stream zs;
	struct mc_buf gz;
	int rc = 0, zrc;

	memset(&zs, 0, sizeof(zs));
	/* windowBits 15 + 16 = a GZIP wrapper. Without deflateSetHeader zlib writes the
	 * minimal header: no name, mtime 0, OS 3 (Unix) — deterministic output. */
	if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return mc_err_set(err, MC_ENOMEM, "cannot start GZIP compression (zlib deflateInit2 failed)");
	mc_buf_init(&gz, MC_BUF_NOLIMIT);
	size_t bound = deflateBound(&zs, bs->nbits / 8);
	if (mc_buf_reserve(&gz, bound) != 0) {
		rc = mc_err_set(err, MC_ELIMIT, "the compressed status list is too large");
		goto out;
	}
	zs.next_in = bs->bits;
	zs.avail_in = (uInt)(bs->nbits / 8);
	zs.next_out = (Bytef *)gz.ptr;
	zs.avail_out = (uInt)bound;
	zrc = deflate(&zs, Z_FINISH);
	if (zrc != Z_STREAM_END) {
		rc = mc_err_set(err, MC_EIO, "GZIP compression of the status list failed (zlib: %s)",
		                zs.msg ? zs.msg : "no progress");
		goto out;
	}
	gz.len = bound - zs.avail_out;
	if (mc_multibase_encode(out, MC_MULTIBASE_BASE64URL, gz.ptr, gz.len) != 0)
		rc = mc_err_set(err, MC_ELIMIT, "the encoded status list does not fit in the output buffer");
out:
	deflateEnd(&zs);
	mc_buf_release(&gz);
	return rc;
}

/* Inflates src into out (max MC_STATUS_MAX_LIST_BYTES). GZIP or zlib, as pako's
 * ungzip auto-detects both. */
static int inflate_list(const unsigned char *src, size_t n, struct mc_buf *out, struct mc_err *err)
{
	z_stream zs;
	int rc = 0, zrc;
	const size_t step = 64 * 1024;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 15 + 32) != Z_OK)
		return mc_err_set(err, MC_ENOMEM,
		                  "cannot start GZIP decompression (zlib inflateInit2 failed)");
	zs.next_in = (Bytef *)src;
	zs.avail_in = (uInt)n;
	for (;;) {
		size_t room = MC_STATUS_MAX_LIST_BYTES - out->len;
		if (room == 0) {
			/* Full: anything more is over the limit (a zip bomb or a list no
			 * issuer needs); one extra byte tells which. */
			unsigned char probe;
			zs.next_out = &probe;
			zs.avail_out = 1;
			zrc = inflate(&zs, Z_NO_FLUSH);
			if (zrc == Z_STREAM_END && zs.avail_out == 1)
				break;
			if (zs.avail_out == 0) {
				rc = mc_err_set(
				    err, MC_ELIMIT,
				    "the status list expands to more than %zu MiB when decompressed; "
				    "refusing it (a list of 131,072 entries is 16 KB, so this is "
				    "either corrupt or a decompression bomb)",
				    MC_STATUS_MAX_LIST_BYTES >> 20);
				goto out;
			}
		} else {
			size_t chunk = room < step ? room : step;
			mc_buf_reserve(out, chunk);
			zs.next_out = (Bytef *)out->ptr + out->len;
			zs.avail_out = (uInt)chunk;
			zrc = inflate(&zs, Z_NO_FLUSH);
			out->len += chunk - zs.avail_out;
			out->ptr[out->len] = '\0';
		}
		if (zrc == Z_STREAM_END)
			break;
		if (zrc == Z_BUF_ERROR && zs.avail_in == 0) {
			rc = mc_err_set(err, MC_EINVAL,
			                "the compressed status list is truncated (the GZIP data "
			                "ends before the end of its stream)");
			goto out;
		}
		if (zrc != Z_OK && zrc != Z_BUF_ERROR) {
			rc = mc_err_set(err, MC_EINVAL, "the status list is not valid GZIP data (zlib: %s)",
			                zs.msg ? zs.msg : "corrupt input");
			goto out;
		}
	}
	if (zs.avail_in != 0)
		rc = mc_err_set(
		    err, MC_EINVAL,
		    "the status list has %u bytes after the end of its GZIP data; expected exactly one "
		    "GZIP member",
		    zs.avail_in);
out:
	inflateEnd(&zs);
	return rc;
}

int mc_bitstring_decode(struct mc_arena *a, const char *s, size_t n, struct mc_bitstring *out,
                        struct mc_err *err)
{
	struct mc_buf raw, list;
	int rc;

	if (n > MC_STATUS_MAX_ENCODED)
		return mc_err_set(err, MC_ELIMIT,
		                  "the encoded status list is %zu bytes, more than the limit of %zu MiB", n,
		                  MC_STATUS_MAX_ENCODED >> 20);
	if (n == 0)
		return mc_err_set(err, MC_EINVAL, "the encoded status list is empty");
	/* 'u' = multibase base64url (Bitstring Status List). Without it, StatusList2021's
	 * bare base64url: GZIP data always starts with 1f 8b, i.e. "H4sI", and no
	 * base64url text of GZIP or zlib data starts with 'u', so this is unambiguous. */
	if (s[0] == 'u') {
		s++;
		n--;
	} else if (s[0] == 'z') {
		return mc_err_set(err, MC_EINVAL,
		                  "the encoded status list is multibase base58btc ('z'); status lists "
		                  "are base64url ('u' followed by the GZIP data)");
	}
	/* Tolerate '=' padding, which some StatusList2021 issuers wrote. */
	while (n > 0 && s[n - 1] == '=')
		n--;
	mc_buf_init(&raw, MC_STATUS_MAX_ENCODED);
	mc_buf_init(&list, MC_STATUS_MAX_LIST_BYTES);
	if ((rc = mc_base64url_decode(&raw, s, n, err)) != 0) {
		mc_err_prefix(err, "the encoded status list is not base64url");
		goto out;
	}
	if ((rc = inflate_list((const unsigned char *)raw.ptr, raw.len, &list, err)) != 0)
		goto out;
	if (list.len == 0) {
		rc = mc_err_set(err, MC_EINVAL, "the status list is empty once decompressed");
		goto out;
	}
	out->bits = mc_arena_memdup(a, list.ptr, list.len);
	out->nbits = list.len * 8;
out:
	mc_buf_release(&raw);
	mc_buf_release(&list);
	return rc;
}

/* ---- reading list credentials ---- */

bool mc__status_type_has(const struct mc_json *type, const char *name)
{
	if (mc_json_is_string(type))
		return strcmp(type->v.str, name) == 0;
	if (mc_json_is_array(type))
		for (uint32_t i = 0; i < type->len; i++)
			if (mc_json_is_string(&type->v.items[i]) && strcmp(type->v.items[i].v.str, name) == 0)
				return true;
	return false;
}

const char *mc__status_issuer(const struct mc_json *cred)
{
	const struct mc_json *iss = mc_json_get(cred, "issuer");
	if (mc_json_is_string(iss))
		return iss->v.str;
	return mc_json_get_str(iss, "id");
}

int mc_status_list_read(struct mc_arena *a, const struct mc_json *v, struct mc_status_list *out,
                        struct mc_err *err)
{
	const struct mc_json *type, *cs, *purpose, *enc;

	memset(out, 0, sizeof(*out));
	if (!mc_json_is_object(v))
		return mc_err_set(err, MC_EINVAL, "a status list credential must be a JSON object, not %s",
		                  v ? mc_json_type_name((enum mc_json_type)v->type) : "nothing");
	type = mc_json_get(v, "type");
	if (mc__status_type_has(type, "BitstringStatusListCredential"))
		out->type = MC_STATUS_LIST_BITSTRING;
	else if (mc__status_type_has(type, "StatusList2021Credential"))
		out->type = MC_STATUS_LIST_2021;
	else
		return mc_err_set(err, MC_EINVAL,
		                  "the status list credential's \"type\" must include "
		                  "\"BitstringStatusListCredential\" (or the older "
		                  "\"StatusList2021Credential\")");
	const char *want_subject =
	    out->type == MC_STATUS_LIST_BITSTRING ? "BitstringStatusList" : "StatusList2021";
	cs = mc_json_get(v, "credentialSubject");
	if (mc_json_is_array(cs) && cs->len == 1)
		cs = &cs->v.items[0];
	if (!mc_json_is_object(cs))
		return mc_err_set(err, MC_EINVAL,
		                  "the status list credential has no \"credentialSubject\" object");
	/* The reference compares credentialSubject.type === "BitstringStatusList". */
	if (!mc__status_type_has(mc_json_get(cs, "type"), want_subject))
		return mc_err_set(err, MC_EINVAL, "the status list's credentialSubject.type must be \"%s\"",
		                  want_subject);
	purpose = mc_json_get(cs, "statusPurpose");
	bool purpose_ok = mc_json_is_string(purpose) || (mc_json_is_array(purpose) && purpose->len > 0);
	for (uint32_t i = 0; purpose_ok && mc_json_is_array(purpose) && i < purpose->len; i++)
		purpose_ok = mc_json_is_string(&purpose->v.items[i]);
	if (!purpose_ok)
		return mc_err_set(err, MC_EINVAL,
		                  "the status list's credentialSubject.statusPurpose must be a string "
		                  "(e.g. \"revocation\") or an array of strings");
	enc = mc_json_get(cs, "encodedList");
	if (!mc_json_is_string(enc))
		return mc_err_set(err, MC_EINVAL,
		                  "the status list's credentialSubject.encodedList is missing or not a "
		                  "string");
	/* Bitstring Status List requires the multibase prefix; the reference refuses
	 * a list without it, so microcred does too (StatusList2021 had none). */
	if (out->type == MC_STATUS_LIST_BITSTRING && (enc->len == 0 || enc->v.str[0] != 'u'))
		return mc_err_set(err, MC_EINVAL,
		                  "the status list's encodedList must start with 'u' (multibase "
		                  "base64url of the GZIP-compressed bitstring)");
	int rc = mc_bitstring_decode(a, enc->v.str, enc->len, &out->bits, err);
	if (rc)
		return mc_err_prefix(err, "credentialSubject.encodedList");
	out->id = mc_json_get_str(v, "id");
	out->subject_id = mc_json_get_str(cs, "id");
	out->issuer = mc__status_issuer(v);
	out->valid_from = mc_json_get_str(v, "validFrom");
	if (!out->valid_from)
		out->valid_from = mc_json_get_str(v, "issuanceDate");
	out->valid_until = mc_json_get_str(v, "validUntil");
	if (!out->valid_until)
		out->valid_until = mc_json_get_str(v, "expirationDate");
	out->purposes = purpose;
	return 0;
}

bool mc_status_list_has_purpose(const struct mc_status_list *l, const char *purpose)
{
	return l->purposes && mc__status_type_has(l->purposes, purpose);
}

/* ---- making list credentials ---- */

static void put_str(struct mc_arena *a, struct mc_json *obj, const char *key, const char *val)
{
	struct mc_json *slot = mc_json_object_push_ref(a, obj, key, strlen(key));
	mc_json_set_string(a, slot, val, strlen(val));
}

static int check_time(const char *what, const char *s, struct mc_err *err)
{
	struct mc_time t;
	if (mc_time_parse(&t, s, strlen(s), err) != 0)
		return mc_err_prefix(err, "%s", what);
	return 0;
}

int mc_status_list_new(struct mc_arena *a, const struct mc_status_list_opts *o,
                       const struct mc_bitstring *bits, struct mc_json **out, struct mc_err *err)
{
	size_t entries = o->entries ? o->entries : MC_STATUS_MIN_ENTRIES;
	unsigned size = o->status_size ? o->status_size : 1;
	const char *purpose = o->purpose ? o->purpose : "revocation";
	struct mc_bitstring zero;
	struct mc_buf enc;
	int rc;

	if (!o->id || !*o->id)
		return mc_err_set(err, MC_EINVAL,
		                  "a status list needs an id: the URL where it will be published "
		                  "(credentials point to it in statusListCredential)");
	if (!o->issuer || !*o->issuer)
		return mc_err_set(err, MC_EINVAL,
		                  "a status list needs an issuer (the URL or DID of the issuer that "
		                  "signs it)");
	if (!*purpose)
		return mc_err_set(err, MC_EINVAL, "statusPurpose must not be empty");
	if (size > MC_STATUS_MAX_SIZE)
		return mc_err_set(err, MC_EINVAL, "statusSize must be between 1 and %u bits, not %u",
		                  MC_STATUS_MAX_SIZE, size);
	if (entries < MC_STATUS_MIN_ENTRIES)
		return mc_err_set(
		    err, MC_EINVAL,
		    "refusing to make a status list of %zu entries: Bitstring Status List requires at "
		    "least 131,072 (16 KB) so that each credential hides in a large crowd (herd "
		    "privacy) and fetching the list reveals nothing about which credential is being "
		    "checked; use 131072 or more",
		    entries);
	if (entries % 8 != 0)
		return mc_err_set(err, MC_EINVAL,
		                  "the number of status list entries must be a multiple of 8, not %zu",
		                  entries);
	if (entries > MC_STATUS_MAX_LIST_BYTES * 8 / size)
		return mc_err_set(err, MC_ELIMIT,
		                  "a status list of %zu entries of %u bits is larger than microcred's "
		                  "limit of %zu MiB",
		                  entries, size, MC_STATUS_MAX_LIST_BYTES >> 20);
	if (o->valid_from && (rc = check_time("validFrom", o->valid_from, err)) != 0)
		return rc;
	if (o->valid_until && (rc = check_time("validUntil", o->valid_until, err)) != 0)
		return rc;
	if (bits) {
		if (bits->nbits != entries * size)
			return mc_err_set(err, MC_EINVAL,
			                  "the bitstring has %zu bits; a list of %zu entries of %u bits "
			                  "needs %zu",
			                  bits->nbits, entries, size, entries * size);
	} else {
		if ((rc = mc_bitstring_new(a, entries * size, &zero, err)) != 0)
			return rc;
		bits = &zero;
	}

	mc_buf_init(&enc, MC_BUF_NOLIMIT);
	if ((rc = mc_bitstring_encode(bits, &enc, err)) != 0) {
		mc_buf_release(&enc);
		return rc;
	}
	struct mc_json *cred = mc_json_new_object(a);
	struct mc_json *ctx = mc_json_object_push_ref(a, cred, "@context", 8);
	mc_json_set_array(ctx);
	mc_json_set_string_ref(mc_json_array_push(a, ctx), "https://www.w3.org/ns/credentials/v2", 36);
	put_str(a, cred, "id", o->id);
	struct mc_json *type = mc_json_object_push_ref(a, cred, "type", 4);
	mc_json_set_array(type);
	mc_json_set_string_ref(mc_json_array_push(a, type), "VerifiableCredential", 20);
	mc_json_set_string_ref(mc_json_array_push(a, type), "BitstringStatusListCredential", 29);
	struct mc_json *cs = mc_json_object_push_ref(a, cred, "credentialSubject", 17);
	mc_json_set_object(cs);
	put_str(a, cs, "id", mc_arena_printf(a, "%s#list", o->id));
	put_str(a, cs, "type", "BitstringStatusList");
	/* No statusSize here: the VC 2.0 context defines it only on the entry, and an
	 * undefined term would make eddsa-rdfc-2022 signing fail (safe mode). */
	struct mc_json *el = mc_json_object_push_ref(a, cs, "encodedList", 11);
	mc_json_set_string(a, el, enc.ptr, enc.len);
	put_str(a, cs, "statusPurpose", purpose);
	put_str(a, cred, "issuer", o->issuer);
	if (o->valid_from) {
		put_str(a, cred, "validFrom", o->valid_from);
	} else {
		struct mc_time now = mc_time_now();
		struct mc_buf t;
		mc_buf_init(&t, 64);
		mc_time_format(&t, &now);
		put_str(a, cred, "validFrom", t.ptr);
		mc_buf_release(&t);
	}
	if (o->valid_until)
		put_str(a, cred, "validUntil", o->valid_until);
	mc_buf_release(&enc);
	*out = cred;
	return 0;
}

int mc_status_list_update(struct mc_arena *a, const struct mc_json *v, const struct mc_bitstring *bits,
                          const char *valid_from, struct mc_json **out, struct mc_err *err)
{
	struct mc_status_list l;
	struct mc_buf enc;
	struct mc_json val;
	int rc;

	if ((rc = mc_status_list_read(a, v, &l, err)) != 0)
		return rc;
	if (valid_from && (rc = check_time("validFrom", valid_from, err)) != 0)
		return rc;
	mc_buf_init(&enc, MC_BUF_NOLIMIT);
	if ((rc = mc_bitstring_encode(bits, &enc, err)) != 0) {
		mc_buf_release(&enc);
		return rc;
	}
	/* StatusList2021 carried no multibase prefix; keep each form's own. */
	const char *text = enc.ptr;
	size_t len = enc.len;
	if (l.type == MC_STATUS_LIST_2021) {
		text++;
		len--;
	}
	struct mc_json *cred = mc_json_copy(a, v);
	struct mc_json *cs = (struct mc_json *)mc_json_get(cred, "credentialSubject");
	if (mc_json_is_array(cs))
		cs = &cs->v.items[0];
	mc_json_set_string(a, &val, text, len);
	mc_json_object_set(a, cs, "encodedList", 11, &val);
	mc_buf_release(&enc);
	if (valid_from) {
		/* A VC 1.1 list keeps issuanceDate; a VC 2.0 one uses validFrom. */
		const char *key = !mc_json_get(cred, "validFrom") && mc_json_get(cred, "issuanceDate")
		                      ? "issuanceDate"
		                      : "validFrom";
		mc_json_set_string(a, &val, valid_from, strlen(valid_from));
		mc_json_object_set(a, cred, key, strlen(key), &val);
	}
	mc_json_object_remove(cred, "proof");
	*out = cred;
	return 0;
}

struct mc_json *mc_status_entry_new(struct mc_arena *a, const char *list_url, const char *purpose,
                                    uint64_t index)
{
	struct mc_json *e = mc_json_new_object(a);
	put_str(a, e, "id", mc_arena_printf(a, "%s#%" PRIu64, list_url, index));
	put_str(a, e, "type", "BitstringStatusListEntry");
	put_str(a, e, "statusPurpose", purpose ? purpose : "revocation");
	put_str(a, e, "statusListIndex", mc_arena_printf(a, "%" PRIu64, index));
	put_str(a, e, "statusListCredential", list_url);
	return e;
}
