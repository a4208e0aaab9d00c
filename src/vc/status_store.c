/* Status list documents given by the caller, by URL: see mc_status_store in
 * include/microcred/status.h. */
#include <stdlib.h>
#include <string.h>

#include "microcred/status.h"

struct mc__status_doc {
	const char *url;
	const struct mc_json *doc;
};

void mc_status_store_init(struct mc_status_store *s)
{
	memset(s, 0, sizeof(*s));
	mc_arena_init(&s->arena, 0);
}

void mc_status_store_release(struct mc_status_store *s)
{
	free(s->docs);
	mc_arena_release(&s->arena);
	memset(s, 0, sizeof(*s));
}

int mc_status_store_add(struct mc_status_store *s, const char *url, const struct mc_json *doc,
                        struct mc_err *err)
{
	if (!mc_json_is_object(doc))
		return mc_err_set(err, MC_EINVAL, "a status list must be a JSON object");
	if (!url && !(url = mc_json_get_str(doc, "id")))
		return mc_err_set(err, MC_EINVAL,
		                  "the status list has no \"id\"; give the URL it is served at as "
		                  "URL=FILE");
	if (s->len == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4;
		s->docs = mc_xrealloc(s->docs, s->cap * sizeof(*s->docs));
	}
	s->docs[s->len].url = mc_arena_strdup(&s->arena, url);
	s->docs[s->len].doc = mc_json_copy(&s->arena, doc);
	s->len++;
	return 0;
}

int mc_status_store_add_file(struct mc_status_store *s, const char *spec, struct mc_err *err)
{
	const char *path = spec, *url = NULL;
	const char *eq = strchr(spec, '=');
	struct mc_json *doc;
	struct mc_buf in;
	struct mc_arena tmp;
	int rc;

	/* "URL=FILE": a URL has "://" or starts "did:" / "urn:" before the '='. */
	if (eq && (memmem(spec, (size_t)(eq - spec), "://", 3) || strncmp(spec, "urn:", 4) == 0)) {
		url = mc_arena_strndup(&s->arena, spec, (size_t)(eq - spec));
		path = eq + 1;
	}
	mc_buf_init(&in, (size_t)64 * 1024 * 1024);
	mc_arena_init(&tmp, 0);
	if ((rc = mc_buf_read_file(&in, path, err)) == 0 &&
	    (rc = mc_json_parse(&tmp, in.ptr, in.len, NULL, &doc, err)) == 0)
		rc = mc_status_store_add(s, url, doc, err);
	if (rc)
		mc_err_prefix(err, "%s", path);
	mc_arena_release(&tmp);
	mc_buf_release(&in);
	return rc;
}

int mc_status_store_lookup(void *ctx, const char *url, struct mc_arena *a, const struct mc_json **out,
                           struct mc_err *err)
{
	struct mc_status_store *s = ctx;
	(void)a;
	if (!s || s->len == 0)
		return mc_err_set(err, MC_EUNSUPPORTED, "no status list was given (offline)");
	for (size_t i = 0; i < s->len; i++) {
		if (strcmp(s->docs[i].url, url) == 0) {
			*out = s->docs[i].doc;
			return 0;
		}
	}
	return mc_err_set(err, MC_ENOTFOUND, "it is not among the %zu status list%s given", s->len,
	                  s->len == 1 ? "" : "s");
}
