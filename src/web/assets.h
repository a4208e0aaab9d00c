/* Private to src/web: the files of web/ embedded into the binary by
 * cmake/templates.cmake — "templates/<name>.html" and "static/<name>". */
#ifndef MC_WEB_ASSETS_H
#define MC_WEB_ASSETS_H

#include <stddef.h>

struct mc__web_asset {
	const char *path; /* relative to web/, e.g. "static/style.css" */
	const char *data; /* NUL-terminated after len bytes */
	size_t len;
};

/* Ends with an entry whose path is NULL. */
extern const struct mc__web_asset mc__web_assets[];

#endif
