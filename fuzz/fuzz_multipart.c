/* Fuzz target for the multipart/form-data parser (src/web/multipart.c).
 * The input's first line is the Content-Type (up to the first LF), the rest the body.
 * Invariants, any violation aborts:
 * - on success: at most MC_MULTIPART_MAX_PARTS parts, each with a non-empty name
 *   without control characters, data inside the body, a file name without '/' or '\';
 * - on failure: MC_EINVAL or MC_ELIMIT with a non-empty message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/err.h"

#include "web/multipart.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_multipart: invariant broken: %s\n", what);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc_arena a;
	mc_arena_init(&a, 0);
	const char *p = (const char *)data;
	const char *nl = memchr(p, '\n', size);
	size_t ctl = nl ? (size_t)(nl - p) : size;
	char *ct = mc_arena_strndup(&a, p, ctl);
	size_t off = nl ? ctl + 1 : size;
	/* The body in its own allocation, so reading past it is caught by ASan. */
	char *body = malloc(size - off + 1);
	memcpy(body, p + off, size - off);
	size_t len = size - off;
	struct mc_web_part *parts;
	size_t n;
	struct mc_err err = {0};
	int rc = mc__web_multipart_parse(&a, ct, body, len, &parts, &n, &err);
	if (rc == 0) {
		check(n <= MC_MULTIPART_MAX_PARTS, "too many parts");
		for (size_t i = 0; i < n; i++) {
			check(parts[i].name && *parts[i].name, "a part without a name");
			for (const char *s = parts[i].name; *s; s++)
				check((unsigned char)*s >= 0x20 && *s != 0x7f,
				      "a control character in a name");
			check(parts[i].data.ptr >= body &&
			          parts[i].data.ptr + parts[i].data.len <= body + len,
			      "data outside the body");
			check(!parts[i].filename ||
			          (!strchr(parts[i].filename, '/') && !strchr(parts[i].filename, '\\')),
			      "a file name with a directory");
		}
	} else {
		check(rc == MC_EINVAL || rc == MC_ELIMIT, "an unexpected error code");
		check(err.msg[0] != 0, "an error without a message");
	}
	free(body);
	mc_arena_release(&a);
	return 0;
}
