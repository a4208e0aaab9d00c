/* What a visitor can download of a micro-credential and of an awarded credential
 * (src/app/downloads.c): the badge image drawn from the achievement (its title
 * and issuer; the shape and colour by category), the same image with the signed
 * credential baked in (Open Badges 3.0 baking: PNG iTXt, SVG element), and the
 * PDF certificate whose QR code leads to the badge page.
 *
 * Results are appended to the caller's buffer; strings are borrowed. */
#ifndef MICROCRED_DOWNLOADS_H
#define MICROCRED_DOWNLOADS_H

#include "achievement.h"
#include "app.h"
#include "award.h"
#include "buf.h"
#include "render.h"

/* The badge design of a micro-credential: title, the issuer's name as subtitle,
 * shape and colour by category (digital skills: a blue hexagon; soft skills: a
 * teal circle; industry-specific: a rust shield; emerging technologies: a violet
 * rounded square; pathways: a gold rosette). Strings in a. */
void mc_achievement_badge_design(const struct mc_achievement *ach, const char *issuer_name,
                                 struct mc_badge_design *out);

/* The micro-credential's badge image (nothing baked in). */
int mc_achievement_badge_image(struct mc_app *app, struct mc_arena *a, const struct mc_achievement *ach,
                               enum mc_image_format format, unsigned size, struct mc_buf *out,
                               struct mc_err *err);

/* The awarded credential's badge image with the credential baked in: the stored
 * signed JSON (what the holder downloads and anyone can verify by uploading it). */
int mc_award_baked_badge(struct mc_app *app, struct mc_arena *a, const struct mc_award *aw,
                         enum mc_image_format format, unsigned size, struct mc_buf *out, struct mc_err *err);

/* The one-page PDF certificate (A4 landscape) of an awarded credential: the
 * learner's name from the award (else from the credential), and verify_url printed
 * and in the QR code (NULL: <base>/credentials/<uuid>). */
int mc_award_certificate_pdf(struct mc_app *app, struct mc_arena *a, const struct mc_award *aw,
                             const char *verify_url, struct mc_buf *out, struct mc_err *err);

#endif
