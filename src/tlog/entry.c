/* Log entries: the canonical text a leaf commits to, and the credential digest it
 * carries. See include/microcred/tlog.h and docs/transparency-log.md (the format is
 * stable: changing it would change every leaf hash). */
#include <sodium.h>
#include <string.h>

#include "microcred/encoding.h"
#include "microcred/time.h"
#include "microcred/tlog.h"

#define ENTRY_VERSION 1
#define CREDENTIAL_ID_MAX 1024

static const char *const type_names[] = {NULL, "issue", "revoke", "suspend", "reinstate"};

const char *mc_tlog_type_name(enum mc_tlog_type t)
{
	return t >= MC_TLOG_ISSUE && t <= MC_TLOG_REINSTATE ? type_names[t] : NULL;
}

int mc_tlog_type_parse(const char *s, enum mc_tlog_type *t, struct mc_err *err)
{
	for (int i = MC_TLOG_ISSUE; i <= MC_TLOG_REINSTATE; i++)
		if (s && strcmp(s, type_names[i]) == 0) {
			*t = (enum mc_tlog_type)i;
			return 0;
		}
	return mc_err_set(err, MC_EINVAL,
	                  "unknown log entry type '%s'; use issue, revoke, suspend or reinstate", s ? s : "");
}

int mc_tlog_credential_digest(const struct mc_json *credential, uint8_t out[MC_TLOG_HASH_SIZE],
                              struct mc_err *err)
{
	if (!mc_json_is_object(credential))
		return mc_err_set(err, MC_EINVAL, "a credential must be a JSON object to be logged");
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	int rc = mc_jcs_write(&b, credential, err);
	if (!rc)
		crypto_hash_sha256(out, (const unsigned char *)b.ptr, b.len);
	mc_buf_release(&b);
	return rc;
}

int mc_tlog_credential_digest_text(const char *json, size_t len, uint8_t out[MC_TLOG_HASH_SIZE],
                                   struct mc_err *err)
{
	struct mc_arena a;
	struct mc_json *v;
	mc_arena_init(&a, 0);
	int rc = mc_json_parse(&a, json, len, NULL, &v, err);
	if (!rc)
		rc = mc_tlog_credential_digest(v, out, err);
	mc_arena_release(&a);
	return rc;
}

static int check_id(const char *id, struct mc_err *err)
{
	size_t n = id ? strlen(id) : 0;
	if (n == 0)
		return mc_err_set(err, MC_EINVAL,
		                  "a log entry needs the credential's id (e.g. urn:uuid:...)");
	if (n > CREDENTIAL_ID_MAX)
		return mc_err_set(err, MC_EINVAL,
		                  "credential id of %zu bytes is too long for a log entry (limit %d)", n,
		                  CREDENTIAL_ID_MAX);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)id[i];
		if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\')
			return mc_err_set(
			    err, MC_EINVAL,
			    "credential id '%s' has a space, quote, backslash or non-ASCII byte at "
			    "offset %zu; ids are URIs",
			    id, i);
	}
	return 0;
}

/* The time as UTC whole seconds, the only form entries hold. */
static int normal_time(struct mc_arena *a, const char *s, char **out, struct mc_err *err)
{
	struct mc_time t;
	int rc = mc_time_parse(&t, s, strlen(s), err);
	if (rc)
		return mc_err_prefix(err, "log entry time");
	t.nsec = 0;
	t.frac_digits = 0;
	t.offset = 0;
	struct mc_buf b;
	mc_buf_init(&b, 64);
	rc = mc_time_format(&b, &t);
	*out = rc ? NULL : mc_arena_strdup(a, b.ptr);
	mc_buf_release(&b);
	return rc ? mc_err_set(err, MC_EINVAL, "log entry time '%s' is outside the years 0000..9999", s) : 0;
}

static void put_str(struct mc_arena *a, struct mc_json *o, const char *k, const char *v)
{
	mc_json_object_set(a, o, k, strlen(k), mc_json_new_cstr(a, v));
}

int mc_tlog_entry_encode(struct mc_arena *a, const struct mc_tlog_entry *e, char **text, size_t *len,
                         struct mc_err *err)
{
	const char *type = mc_tlog_type_name(e->type);
	if (!type)
		return mc_err_set(err, MC_EINVAL, "unknown log entry type %d", (int)e->type);
	int rc = check_id(e->credential_id, err);
	if (rc)
		return rc;
	if (!e->time)
		return mc_err_set(err, MC_EINVAL,
		                  "a log entry needs a time (RFC 3339, e.g. 2025-01-15T09:00:00Z)");
	char *time;
	if ((rc = normal_time(a, e->time, &time, err)))
		return rc;
	struct mc_buf hex;
	mc_buf_init(&hex, 128);
	mc_hex_encode(&hex, e->sha256, MC_TLOG_HASH_SIZE);
	struct mc_json *o = mc_json_new_object(a);
	put_str(a, o, "credential", e->credential_id);
	put_str(a, o, "sha256", hex.ptr);
	put_str(a, o, "time", time);
	put_str(a, o, "type", type);
	mc_json_object_set(a, o, "v", 1, mc_json_new_int(a, ENTRY_VERSION));
	mc_buf_release(&hex);
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	rc = mc_jcs_write(&b, o, err);
	if (!rc) {
		*len = b.len;
		*text = mc_arena_memdup(a, b.ptr, b.len + 1);
	}
	mc_buf_release(&b);
	return rc;
}

int mc_tlog_entry_decode(struct mc_arena *a, const char *text, size_t len, struct mc_tlog_entry *e,
                         struct mc_err *err)
{
	struct mc_json *v;
	struct mc_json_parse_opts po = {.max_depth = 4, .max_size = 4096};
	memset(e, 0, sizeof(*e));
	int rc = mc_json_parse(a, text, len, &po, &v, err);
	if (rc)
		return mc_err_prefix(err, "log entry");
	const struct mc_json *ver = mc_json_get(v, "v");
	int64_t version = 0;
	if (!mc_json_is_object(v) || v->len != 5 || !ver || !mc_json_number_as_int(ver, &version))
		return mc_err_set(err, MC_EINVAL,
		                  "log entry: want an object of credential, sha256, time, type and v");
	if (version != ENTRY_VERSION)
		return mc_err_set(err, MC_EUNSUPPORTED,
		                  "log entry version %lld; this microcred reads version %d",
		                  (long long)version, ENTRY_VERSION);
	const char *type = mc_json_get_str(v, "type"), *hex = mc_json_get_str(v, "sha256");
	e->credential_id = mc_json_get_str(v, "credential");
	e->time = mc_json_get_str(v, "time");
	if ((rc = mc_tlog_type_parse(type, &e->type, err)))
		return mc_err_prefix(err, "log entry");
	if (!e->credential_id || !e->time || !hex)
		return mc_err_set(err, MC_EINVAL, "log entry: credential, sha256 and time must be strings");
	struct mc_buf raw;
	mc_buf_init(&raw, 64);
	rc = strlen(hex) == 2 * MC_TLOG_HASH_SIZE ? mc_hex_decode(&raw, hex, strlen(hex), err)
	                                          : mc_err_set(err, MC_EINVAL, "want 64 hex digits");
	if (!rc)
		memcpy(e->sha256, raw.ptr, MC_TLOG_HASH_SIZE);
	mc_buf_release(&raw);
	if (rc)
		return mc_err_prefix(err, "log entry sha256");
	/* Only the canonical text is an entry: re-encode and compare. */
	char *canon;
	size_t canon_len;
	if ((rc = mc_tlog_entry_encode(a, e, &canon, &canon_len, err)))
		return mc_err_prefix(err, "log entry");
	if (canon_len != len || memcmp(canon, text, len) != 0)
		return mc_err_set(
		    err, MC_EINVAL,
		    "log entry is not in canonical form (JCS, lower-case hex, UTC time in whole seconds)");
	return 0;
}
