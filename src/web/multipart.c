/* multipart/form-data (RFC 7578), strictly: see multipart.h for what is accepted. */
#include "web/multipart.h"

#include <string.h>
#include <strings.h>

bool mc__web_is_multipart(const char *ct)
{
	return ct && strncasecmp(ct, "multipart/form-data", 19) == 0 &&
	       (ct[19] == 0 || ct[19] == ';' || ct[19] == ' ');
}

/* RFC 2046 bchars (a space is allowed, but not last). */
static bool is_bchar(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       strchr("'()+_,-./:=? ", c) != NULL;
}

static int boundary_of(struct mc_arena *a, const char *ct, const char **out, struct mc_err *err)
{
	const char *p = ct + 19;
	while (*p) {
		while (*p == ';' || *p == ' ' || *p == '\t')
			p++;
		const char *name = p;
		while (*p && *p != '=' && *p != ';')
			p++;
		size_t nl = (size_t)(p - name);
		if (*p != '=') {
			continue;
		}
		p++;
		const char *v = p, *ve;
		if (*p == '"') {
			v = ++p;
			while (*p && *p != '"')
				p++;
			if (!*p)
				return mc_err_set(err, MC_EINVAL,
				                  "the Content-Type's boundary has no closing quote");
			ve = p++;
		} else {
			while (*p && *p != ';' && *p != ' ' && *p != '\t')
				p++;
			ve = p;
		}
		if (nl == 8 && strncasecmp(name, "boundary", 8) == 0) {
			size_t bl = (size_t)(ve - v);
			if (bl == 0 || bl > MC_MULTIPART_MAX_BOUNDARY || v[bl - 1] == ' ')
				return mc_err_set(
				    err, MC_EINVAL,
				    "the multipart boundary must be 1 to %d characters, not ending in a "
				    "space (got %zu)",
				    MC_MULTIPART_MAX_BOUNDARY, bl);
			for (size_t i = 0; i < bl; i++)
				if (!is_bchar(v[i]))
					return mc_err_set(
					    err, MC_EINVAL,
					    "the multipart boundary has a character RFC 2046 does "
					    "not allow (byte %zu)",
					    i + 1);
			*out = mc_arena_strndup(a, v, bl);
			return 0;
		}
	}
	return mc_err_set(err, MC_EINVAL,
	                  "the Content-Type multipart/form-data has no boundary parameter; send the form "
	                  "as a browser does (enctype=\"multipart/form-data\")");
}

/* A parameter value of Content-Disposition at *pp: quoted (with \" and \\
 * escapes) or a token. */
static int param_value(struct mc_arena *a, const char **pp, const char *end, const char **out,
                       struct mc_err *err)
{
	const char *p = *pp;
	if (p < end && *p == '"') {
		p++;
		char *v = mc_arena_alloc(a, (size_t)(end - p) + 1), *o = v;
		while (p < end && *p != '"') {
			if (*p == '\\' && p + 1 < end)
				p++;
			*o++ = *p++;
		}
		if (p >= end)
			return mc_err_set(err, MC_EINVAL, "a Content-Disposition value has no closing quote");
		*o = 0;
		*pp = p + 1;
		*out = v;
		return 0;
	}
	const char *v = p;
	while (p < end && *p != ';' && *p != ' ' && *p != '\t')
		p++;
	*out = mc_arena_strndup(a, v, (size_t)(p - v));
	*pp = p;
	return 0;
}

static bool has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

static int disposition(struct mc_arena *a, const char *v, const char *end, struct mc_web_part *part,
                       size_t no, struct mc_err *err)
{
	while (v < end && (*v == ' ' || *v == '\t'))
		v++;
	if ((size_t)(end - v) < 9 || strncasecmp(v, "form-data", 9) != 0 ||
	    (v + 9 < end && v[9] != ';' && v[9] != ' '))
		return mc_err_set(err, MC_EINVAL, "part %zu: Content-Disposition must be form-data", no);
	const char *p = v + 9;
	while (p < end) {
		while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
			p++;
		if (p >= end)
			break;
		const char *name = p;
		while (p < end && *p != '=' && *p != ';')
			p++;
		if (p >= end || *p != '=')
			return mc_err_set(err, MC_EINVAL,
			                  "part %zu: a Content-Disposition parameter has no value", no);
		size_t nl = (size_t)(p - name);
		p++;
		const char *val = NULL;
		int rc = param_value(a, &p, end, &val, err);
		if (rc)
			return mc_err_prefix(err, "part %zu", no);
		const char **slot = NULL;
		if (nl == 4 && strncasecmp(name, "name", 4) == 0)
			slot = &part->name;
		else if (nl == 8 && strncasecmp(name, "filename", 8) == 0)
			slot = &part->filename;
		if (!slot)
			continue; /* filename* and others: RFC 7578 says not to rely on them */
		if (*slot)
			return mc_err_set(err, MC_EINVAL, "part %zu: Content-Disposition names %.*s twice",
			                  no, (int)nl, name);
		*slot = val;
	}
	if (!part->name || !*part->name)
		return mc_err_set(err, MC_EINVAL, "part %zu: Content-Disposition has no name", no);
	if (has_control(part->name))
		return mc_err_set(err, MC_EINVAL, "part %zu: the field name has control characters", no);
	if (part->filename) {
		/* Some browsers send the whole path; only the base name is the file's name. */
		const char *base = part->filename;
		for (const char *s = part->filename; *s; s++)
			if (*s == '/' || *s == '\\')
				base = s + 1;
		part->filename = base;
		if (has_control(base))
			return mc_err_set(err, MC_EINVAL, "part %zu: the file name has control characters",
			                  no);
	}
	return 0;
}

static int headers(struct mc_arena *a, const char *p, const char *end, struct mc_web_part *part, size_t no,
                   struct mc_err *err)
{
	bool seen_cd = false;
	while (p < end) {
		const char *eol = memchr(p, '\r', (size_t)(end - p));
		if (!eol || eol + 1 >= end || eol[1] != '\n')
			return mc_err_set(err, MC_EINVAL, "part %zu: a header line does not end in CRLF", no);
		if (memchr(p, '\n', (size_t)(eol - p)))
			return mc_err_set(err, MC_EINVAL, "part %zu: a header line has a bare LF", no);
		const char *colon = memchr(p, ':', (size_t)(eol - p));
		if (!colon || colon == p || *p == ' ' || *p == '\t')
			return mc_err_set(err, MC_EINVAL, "part %zu: a header line is not 'Name: value'", no);
		size_t nl = (size_t)(colon - p);
		const char *v = colon + 1;
		while (v < eol && (*v == ' ' || *v == '\t'))
			v++;
		const char *ve = eol;
		while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
			ve--;
		if (nl == 19 && strncasecmp(p, "Content-Disposition", 19) == 0) {
			if (seen_cd)
				return mc_err_set(err, MC_EINVAL, "part %zu: two Content-Disposition headers",
				                  no);
			seen_cd = true;
			int rc = disposition(a, v, ve, part, no, err);
			if (rc)
				return rc;
		} else if (nl == 12 && strncasecmp(p, "Content-Type", 12) == 0) {
			part->content_type = mc_arena_strndup(a, v, (size_t)(ve - v));
			if (has_control(part->content_type))
				return mc_err_set(err, MC_EINVAL,
				                  "part %zu: the Content-Type has control characters", no);
		}
		p = eol + 2;
	}
	if (!seen_cd)
		return mc_err_set(err, MC_EINVAL, "part %zu has no Content-Disposition header", no);
	return 0;
}

int mc__web_multipart_parse(struct mc_arena *a, const char *content_type, const char *body, size_t len,
                            struct mc_web_part **parts, size_t *n, struct mc_err *err)
{
	const char *boundary = NULL;
	*parts = NULL;
	*n = 0;
	if (!mc__web_is_multipart(content_type))
		return mc_err_set(err, MC_EINVAL, "the form must be sent as multipart/form-data");
	int rc = boundary_of(a, content_type, &boundary, err);
	if (rc)
		return rc;
	/* "\r\n--boundary": the delimiter between parts; the first one has no CRLF. */
	char *delim = mc_arena_printf(a, "\r\n--%s", boundary);
	size_t dl = strlen(delim);
	const char *p = body, *end = body + len;
	if (len < dl - 2 || memcmp(p, delim + 2, dl - 2) != 0)
		return mc_err_set(err, MC_EINVAL, "the multipart body does not begin with its boundary");
	p += dl - 2;
	struct mc_web_part *out = mc_arena_zalloc(a, MC_MULTIPART_MAX_PARTS * sizeof(*out));
	size_t count = 0;
	for (;;) {
		if (end - p >= 2 && p[0] == '-' && p[1] == '-') {
			p += 2;
			/* After the close delimiter only a line end may follow (no epilogue). */
			if (p != end && !(end - p == 2 && p[0] == '\r' && p[1] == '\n'))
				return mc_err_set(err, MC_EINVAL,
				                  "the multipart body has data after its closing boundary");
			break;
		}
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return mc_err_set(err, MC_EINVAL, "a multipart boundary is not followed by CRLF");
		p += 2;
		if (count == MC_MULTIPART_MAX_PARTS)
			return mc_err_set(err, MC_ELIMIT, "the form has more than %d parts",
			                  MC_MULTIPART_MAX_PARTS);
		size_t no = count + 1;
		size_t window = (size_t)(end - p);
		if (window > MC_MULTIPART_MAX_HEADER + 4)
			window = MC_MULTIPART_MAX_HEADER + 4;
		const char *hend = memmem(p, window, "\r\n\r\n", 4);
		if (!hend)
			return mc_err_set(err, window > MC_MULTIPART_MAX_HEADER ? MC_ELIMIT : MC_EINVAL,
			                  window > MC_MULTIPART_MAX_HEADER
			                      ? "part %zu: its headers are longer than %d bytes"
			                      : "part %zu: its headers do not end with an empty line",
			                  no, MC_MULTIPART_MAX_HEADER);
		struct mc_web_part *part = &out[count];
		if ((rc = headers(a, p, hend + 2, part, no, err)))
			return rc;
		const char *data = hend + 4;
		const char *next = memmem(data, (size_t)(end - data), delim, dl);
		if (!next)
			return mc_err_set(
			    err, MC_EINVAL,
			    "part %zu is not followed by a boundary (the upload may have been cut off)", no);
		part->data.ptr = data;
		part->data.len = (size_t)(next - data);
		count++;
		p = next + dl;
	}
	*parts = out;
	*n = count;
	return 0;
}

const struct mc_web_part *mc__web_part(const struct mc_web_part *parts, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(parts[i].name, name) == 0)
			return &parts[i];
	return NULL;
}

const char *mc__web_part_text(struct mc_arena *a, const struct mc_web_part *parts, size_t n, const char *name)
{
	const struct mc_web_part *p = mc__web_part(parts, n, name);
	if (!p || memchr(p->data.ptr, 0, p->data.len))
		return NULL;
	return mc_arena_strndup(a, p->data.ptr, p->data.len);
}
