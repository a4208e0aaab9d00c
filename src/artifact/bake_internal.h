/* Private to src/artifact: the PNG and SVG halves of baking (bake.h). */
#ifndef MC_ARTIFACT_BAKE_INTERNAL_H
#define MC_ARTIFACT_BAKE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "microcred/bake.h"

/* SVG documents larger than this are refused before scanning (badge SVGs are
 * kilobytes; the cap bounds the scanner's worst case). */
#define MC__SVG_MAX_SIZE ((size_t)16 * 1024 * 1024)

/* png.c. data starts with the PNG signature (checked by the callers). */
int mc__png_unbake(const unsigned char *p, size_t n, struct mc_arena *a, struct mc_unbaked *out,
                   struct mc_err *err);
/* Appends the image with one iTXt "openbadgecredential" chunk holding text. */
int mc__png_bake(struct mc_buf *out, const unsigned char *p, size_t n, const char *text, size_t len,
                 bool *replaced, struct mc_err *err);

/* svg.c. */
bool mc__svg_sniff(const char *p, size_t n);
int mc__svg_unbake(const char *p, size_t n, struct mc_arena *a, struct mc_unbaked *out, struct mc_err *err);
/* Appends the document with an <openbadges:credential> holding text: in a verify
 * attribute when is_jws, else in CDATA. */
int mc__svg_bake(struct mc_buf *out, const char *p, size_t n, const char *text, size_t len, bool is_jws,
                 bool *replaced, struct mc_err *err);

/* bake.c: what the embedded text looks like. */
enum mc_baked_kind mc__baked_classify(const char *s, size_t n);

#endif
