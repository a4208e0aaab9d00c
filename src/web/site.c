/* The shared, read-only state of a running server: templates compiled once at
 * startup (embedded, or from a directory while working on them), the static
 * files with their ETags, and the resolver used to verify credentials of other
 * sites. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/resolver_http.h"

#include "web/assets.h"
#include "web/template.h"
#include "web/web.h"

static const char *content_type_of(const char *name)
{
	const char *dot = strrchr(name, '.');
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {".css", "text/css; charset=utf-8"},
	    {".json", "application/json"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".ico", "image/x-icon"},
	    {".txt", "text/plain; charset=utf-8"},
	    {".html", "text/html; charset=utf-8"},
	    {".woff2", "font/woff2"},
	};
	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

/* FNV-1a 64: an ETag only needs to change when the bytes do. */
static void etag_of(const char *p, size_t n, char out[24])
{
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 1099511628211ULL;
	}
	snprintf(out, 24, "\"%016llx\"", (unsigned long long)h);
}

static int add_template(struct mc_tpl_set *set, const char *file, const char *data, size_t len,
                        struct mc_err *err)
{
	size_t n = strlen(file);
	if (n < 6 || strcmp(file + n - 5, ".html") != 0)
		return 0;
	char name[128];
	snprintf(name, sizeof name, "%.*s", (int)(n - 5), file);
	return mc_tpl_add(set, name, data, len, err);
}

static int load_templates_dir(struct mc_tpl_set *set, const char *dir, struct mc_err *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return mc_err_set(err, MC_EIO, "--templates %s: cannot open the directory", dir);
	struct dirent *e;
	int rc = 0;
	while (!rc && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct mc_buf b;
		mc_buf_init(&b, 4 * 1024 * 1024);
		rc = mc_buf_read_file(&b, path, err);
		if (!rc)
			rc = add_template(set, e->d_name, b.ptr, b.len, err);
		mc_buf_release(&b);
	}
	closedir(d);
	return rc;
}

int mc__web_site_init(struct mc_web_site *site, const struct mc_web_config *cfg, const char *base_url,
                      const char *db_url, struct mc_err *err)
{
	memset(site, 0, sizeof *site);
	site->cfg = cfg;
	site->base_url = mc_xstrdup(base_url);
	site->db_url = mc_xstrdup(db_url);
	site->https = strncmp(base_url, "https://", 8) == 0;
	site->templates = mc_tpl_set_new();
	int rc = 0;
	size_t ns = 0;
	for (const struct mc__web_asset *as = mc__web_assets; as->path; as++)
		ns += strncmp(as->path, "static/", 7) == 0;
	site->statics = mc_xcalloc(ns ? ns : 1, sizeof *site->statics);
	for (const struct mc__web_asset *as = mc__web_assets; as->path && !rc; as++) {
		if (strncmp(as->path, "templates/", 10) == 0) {
			if (!cfg->templates_dir)
				rc = add_template(site->templates, as->path + 10, as->data, as->len, err);
		} else if (strncmp(as->path, "static/", 7) == 0) {
			struct mc_web_static *st = &site->statics[site->nstatics++];
			st->name = as->path + 7;
			st->data = as->data;
			st->len = as->len;
			st->content_type = content_type_of(st->name);
			etag_of(as->data, as->len, st->etag);
		}
	}
	if (!rc && cfg->templates_dir)
		rc = load_templates_dir(site->templates, cfg->templates_dir, err);
	if (!rc)
		rc = mc_tpl_link(site->templates, err);
	if (!rc && (!mc_tpl_has(site->templates, "layout") || !mc_tpl_has(site->templates, "error")))
		rc = mc_err_set(err, MC_EINVAL, "the templates lack layout.html or error.html");
	if (rc) {
		mc__web_site_release(site);
		return rc;
	}
	if (!cfg->offline_verify) {
		site->http_resolver = mc_xcalloc(1, sizeof *site->http_resolver);
		mc_http_resolver_init(site->http_resolver);
		/* Keys and status lists named by a visitor's credential: never a request
		 * into the server's own network on a stranger's behalf. */
		site->http_resolver->fetch.public_only = !cfg->fetch_private;
	}
	site->verify_cache = mc__web_cache_new();
	site->page_cache = mc__web_cache_new();
	return 0;
}

void mc__web_site_release(struct mc_web_site *site)
{
	mc_tpl_set_free(site->templates);
	free(site->statics);
	if (site->http_resolver) {
		mc_http_resolver_release(site->http_resolver);
		free(site->http_resolver);
	}
	mc__web_cache_free(site->verify_cache);
	mc__web_cache_free(site->page_cache);
	free(site->base_url);
	free(site->db_url);
	memset(site, 0, sizeof *site);
}

const struct mc_web_static *mc__web_static_find(const struct mc_web_site *site, const char *name)
{
	for (size_t i = 0; i < site->nstatics; i++)
		if (!strcmp(site->statics[i].name, name))
			return &site->statics[i];
	return NULL;
}
