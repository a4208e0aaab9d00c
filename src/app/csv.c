/* An RFC 4180 CSV reader: see src/app/csv.h. */
#include "app/csv.h"

#include <stdbool.h>
#include <string.h>

#include "microcred/buf.h"

bool mc__utf8_valid(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t len = c >= 0xf0 && c <= 0xf4 ? 4 : c >= 0xe0 ? 3 : c >= 0xc2 && c <= 0xdf ? 2 : 0;
		if (!len || (len == 3 && c > 0xef) || i + len > n)
			return false;
		for (size_t k = 1; k < len; k++)
			if ((s[i + k] & 0xc0) != 0x80)
				return false;
		if ((c == 0xe0 && s[i + 1] < 0xa0) || (c == 0xed && s[i + 1] >= 0xa0) ||
		    (c == 0xf0 && s[i + 1] < 0x90) || (c == 0xf4 && s[i + 1] >= 0x90))
			return false; /* overlong, surrogate, or beyond U+10FFFF */
		i += len;
	}
	return true;
}

static struct mc__csv_field make_field(struct mc_arena *a, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return (struct mc__csv_field){mc_arena_strndup(a, s, n), n};
}

/* Parses one record starting at *pos; advances *pos past its line end. */
static void parse_record(struct mc_arena *a, const char *d, size_t len, size_t max_field, size_t *pos,
                         struct mc__csv_row *r, struct mc_buf *tmp)
{
	size_t i = *pos, cap = 0;
	r->f = NULL;
	r->nf = 0;
	r->error = NULL;
	for (;;) {
		struct mc__csv_field fl;
		mc_buf_clear(tmp);
		if (i < len && d[i] == '"') {
			size_t open = i++;
			bool closed = false;
			while (i < len) {
				if (d[i] == '"') {
					if (i + 1 < len && d[i + 1] == '"') {
						mc_buf_putc(tmp, '"');
						i += 2;
						continue;
					}
					i++;
					closed = true;
					break;
				}
				mc_buf_putc(tmp, d[i++]);
			}
			if (!closed) {
				r->error = mc_arena_printf(
				    a,
				    "field %zu: the quoted field opened here is never closed (a \" is "
				    "missing; everything after it was read as that field)",
				    r->nf + 1);
				*pos = len;
				return;
			}
			(void)open;
			if (i < len && d[i] != ',' && d[i] != '\n' &&
			    !(d[i] == '\r' && i + 1 < len && d[i + 1] == '\n') &&
			    !(d[i] == '\r' && i + 1 == len)) {
				r->error = mc_arena_printf(
				    a,
				    "field %zu: text after a closing quote; a quoted field must end "
				    "at a comma or the end of the line (double a \" inside it)",
				    r->nf + 1);
				goto skip_line;
			}
			fl = make_field(a, tmp->ptr, tmp->len);
		} else {
			size_t start = i;
			while (i < len && d[i] != ',' && d[i] != '\n' &&
			       !(d[i] == '\r' && (i + 1 == len || d[i + 1] == '\n'))) {
				if (d[i] == '"') {
					r->error = mc_arena_printf(
					    a,
					    "field %zu: a \" inside an unquoted field; enclose the "
					    "field in double quotes and double the quote (\"\")",
					    r->nf + 1);
					goto skip_line;
				}
				i++;
			}
			fl = make_field(a, d + start, i - start);
		}
		if (fl.n > max_field) {
			r->error = mc_arena_printf(a, "field %zu is %zu bytes long; at most %zu are allowed",
			                           r->nf + 1, fl.n, max_field);
			goto skip_line;
		}
		if (!mc__utf8_valid((const unsigned char *)fl.s, fl.n)) {
			r->error = mc_arena_printf(
			    a, "field %zu is not valid UTF-8; save the file as UTF-8 (CSV UTF-8)", r->nf + 1);
			goto skip_line;
		}
		r->f = mc_arena_grow(a, r->f, r->nf, &cap, sizeof(*r->f));
		r->f[r->nf++] = fl;
		if (i < len && d[i] == ',') {
			i++;
			continue;
		}
		/* End of record: LF, CRLF, a CR at the very end, or the end of the data. */
		if (i < len && d[i] == '\r')
			i++;
		if (i < len && d[i] == '\n')
			i++;
		*pos = i;
		return;
	}
skip_line:
	while (i < len && d[i] != '\n')
		i++;
	*pos = i < len ? i + 1 : len;
}

static bool blank_row(const struct mc__csv_row *r)
{
	return !r->error && r->nf == 1 && r->f[0].n == 0;
}

int mc__csv_parse(struct mc_arena *a, const char *data, size_t len, size_t max_rows, size_t max_field,
                  struct mc__csv_row **rows, size_t *n, struct mc_err *err)
{
	struct mc_buf tmp;
	size_t cap = 0, pos = 0;
	int64_t num = 0;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;
		len -= 3;
	}
	*rows = NULL;
	*n = 0;
	mc_buf_init(&tmp, MC_BUF_NOLIMIT);
	while (pos < len) {
		*rows = mc_arena_grow(a, *rows, *n, &cap, sizeof(**rows));
		struct mc__csv_row *r = &(*rows)[*n];
		parse_record(a, data, len, max_field, &pos, r, &tmp);
		r->num = ++num;
		if (blank_row(r))
			continue;
		if (++*n > max_rows) {
			mc_buf_release(&tmp);
			return mc_err_set(err, MC_ELIMIT, "more than %zu records", max_rows);
		}
	}
	mc_buf_release(&tmp);
	return 0;
}
