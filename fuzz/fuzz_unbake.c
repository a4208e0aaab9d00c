/* Fuzz target for baked badges (bake.h): arbitrary bytes through mc_bake_detect,
 * mc_unbake, mc_unbake_for_verify and mc_bake. Invariants, any violation aborts:
 * - mc_unbake succeeds only on what mc_bake_detect calls an image, and then returns
 *   NUL-terminated text within the size limit, of the kind mc_unbake reports;
 * - every error carries a message;
 * - mc_unbake_for_verify agrees with mc_unbake on images and passes other input
 *   through untouched;
 * - baking a fixed credential into an image either fails with a message and leaves
 *   the output empty, or gives an image that unbakes to exactly that credential. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/bake.h"
#include "microcred/buf.h"
#include "microcred/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
	if (!ok) {
		fprintf(stderr, "fuzz_unbake: %s\n", what);
		abort();
	}
}

static const char jws[] = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2ln";
static const char json[] = "{\"@context\": [\"https://www.w3.org/ns/credentials/v2\"], \"note\": \"]]>\"}";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mc_arena a;
	struct mc_err err = {0};
	struct mc_unbaked u;
	const char *t, *from;
	size_t tn;

	mc_arena_init(&a, 0);
	enum mc_image_type type = mc_bake_detect(data, size);
	int rc = mc_unbake(data, size, &a, &u, &err);
	check(rc <= 0, "positive return");
	if (rc) {
		check(err.code == rc && err.msg[0], "error without a message");
	} else {
		check(type != MC_IMAGE_OTHER && u.image == type, "unbaked a non-image");
		check(u.text.ptr && u.text.ptr[u.text.len] == '\0', "text not NUL-terminated");
		check(u.text.len <= MC_BAKE_MAX_CREDENTIAL, "text over the limit");
		check(u.text.len > 0, "empty badge text");
		check(mc_baked_form_id(u.form)[0] && mc_baked_kind_id(u.kind)[0], "unnamed form or kind");
	}

	err.msg[0] = '\0';
	int vrc = mc_unbake_for_verify(&a, (const char *)data, size, &t, &tn, &from, &err);
	if (type == MC_IMAGE_OTHER) {
		check(vrc == 0 && t == (const char *)data && tn == size && !from,
		      "non-image not passed through");
	} else if (rc) {
		check(vrc == rc, "unbake_for_verify disagrees with unbake");
	} else if (!vrc) {
		check(tn == u.text.len && memcmp(t, u.text.ptr, tn) == 0 && from,
		      "unbake_for_verify text differs");
		check(u.kind == MC_BAKED_JSON || u.kind == MC_BAKED_JWS,
		      "unverifiable text handed to verify");
	}

	if (type != MC_IMAGE_OTHER) {
		for (int i = 0; i < 2; i++) {
			const char *cred = i ? json : jws;
			size_t cn = strlen(cred);
			struct mc_buf out;
			struct mc_unbaked back;
			mc_buf_init(&out, MC_BUF_NOLIMIT);
			err.msg[0] = '\0';
			int brc = mc_bake(&out, data, size, cred, cn, NULL, &err);
			if (brc) {
				check(err.msg[0] && out.len == 0,
				      "failed bake without a message or with output");
			} else {
				check(mc_unbake(out.ptr, out.len, &a, &back, &err) == 0,
				      "baked image does not unbake");
				check(back.text.len == cn && memcmp(back.text.ptr, cred, cn) == 0,
				      "baked image unbakes to something else");
			}
			mc_buf_release(&out);
		}
	}
	mc_arena_release(&a);
	return 0;
}
