/* JSON text writers (compact and pretty): see include/microcred/json.h. The
 * canonical (RFC 8785) writer is in jcs.c; string escaping is shared with it. */
#include <stdint.h>
#include <string.h>

#include "canon/json_internal.h"
#include "microcred/json.h"

static const char hexdig[] = "0123456789abcdef";

int mc__json_write_string(struct mc_buf *out, const char *s, size_t n)
{
	int rc = mc_buf_reserve(out, n + 2);
	if (rc)
		return rc;
	out->ptr[out->len++] = '"';
	size_t run = 0; /* start of the pending run of bytes that need no escaping */
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if (i > run && (rc = mc_buf_append(out, s + run, i - run)))
			return rc;
		run = i + 1;
		char esc[6] = {'\\', 0};
		size_t en = 2;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			esc[1] = 'u';
			esc[2] = '0';
			esc[3] = '0';
			esc[4] = hexdig[c >> 4];
			esc[5] = hexdig[c & 15];
			en = 6;
		}
		if ((rc = mc_buf_append(out, esc, en)))
			return rc;
	}
	if (n > run && (rc = mc_buf_append(out, s + run, n - run)))
		return rc;
	return mc_buf_putc(out, '"');
}

static int indent(struct mc_buf *out, int level)
{
	int rc = mc_buf_putc(out, '\n');
	for (int i = 0; !rc && i < level; i++)
		rc = mc_buf_append(out, "  ", 2);
	return rc;
}

static int write_value(struct mc_buf *out, const struct mc_json *v, bool pretty, int level)
{
	int rc = 0;
	switch (v->type) {
	case MC_JSON_NULL: return mc_buf_append(out, "null", 4);
	case MC_JSON_TRUE: return mc_buf_append(out, "true", 4);
	case MC_JSON_FALSE: return mc_buf_append(out, "false", 5);
	case MC_JSON_NUMBER: return mc_buf_append(out, v->v.raw, v->len);
	case MC_JSON_STRING: return mc__json_write_string(out, v->v.str, v->len);
	case MC_JSON_ARRAY:
		if ((rc = mc_buf_putc(out, '[')))
			return rc;
		for (uint32_t i = 0; i < v->len; i++) {
			if (i && (rc = mc_buf_putc(out, ',')))
				return rc;
			if (pretty && (rc = indent(out, level + 1)))
				return rc;
			if ((rc = write_value(out, &v->v.items[i], pretty, level + 1)))
				return rc;
		}
		if (pretty && v->len && (rc = indent(out, level)))
			return rc;
		return mc_buf_putc(out, ']');
	case MC_JSON_OBJECT:
		if ((rc = mc_buf_putc(out, '{')))
			return rc;
		for (uint32_t i = 0; i < v->len; i++) {
			const struct mc_json_member *m = &v->v.members[i];
			if (i && (rc = mc_buf_putc(out, ',')))
				return rc;
			if (pretty && (rc = indent(out, level + 1)))
				return rc;
			if ((rc = mc__json_write_string(out, m->key.ptr, m->key.len)))
				return rc;
			if ((rc = pretty ? mc_buf_append(out, ": ", 2) : mc_buf_putc(out, ':')))
				return rc;
			if ((rc = write_value(out, &m->value, pretty, level + 1)))
				return rc;
		}
		if (pretty && v->len && (rc = indent(out, level)))
			return rc;
		return mc_buf_putc(out, '}');
	}
	return MC_EINVAL;
}

int mc_json_write(struct mc_buf *out, const struct mc_json *v, unsigned flags)
{
	return write_value(out, v, (flags & MC_JSON_PRETTY) != 0, 0);
}
