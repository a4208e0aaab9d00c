/* Badge images, baked badges and certificates of micro-credentials and awards:
 * see include/microcred/downloads.h. */
#include "microcred/downloads.h"

#include <string.h>

#include "microcred/issuer.h"

#include "app/downloads_internal.h"

/* At most max bytes of s, cut at a UTF-8 character boundary (in a). */
static const char *clip(struct mc_arena *a, const char *s, size_t max)
{
	if (!s || strlen(s) <= max)
		return s;
	size_t n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return mc_arena_strndup(a, s, n);
}

static const struct {
	const char *category;
	enum mc_badge_shape shape;
	struct mc_rgb colour;
} looks[] = {
    {"digital-skills", MC_BADGE_HEXAGON, {0x1f, 0x4f, 0xc0}},
    {"soft-skills", MC_BADGE_CIRCLE, {0x0f, 0x76, 0x6e}},
    {"industry-specific", MC_BADGE_SHIELD, {0x9a, 0x34, 0x12}},
    {"emerging-technologies", MC_BADGE_ROUNDED, {0x6d, 0x28, 0xd9}},
};

void mc_achievement_badge_design(const struct mc_achievement *ach, const char *issuer_name,
                                 struct mc_badge_design *out)
{
	mc_badge_design_init(out);
	out->primary = (struct mc_rgb){0x33, 0x41, 0x55};
	for (size_t i = 0; i < sizeof looks / sizeof looks[0]; i++)
		if (ach->category && strcmp(ach->category, looks[i].category) == 0) {
			out->shape = looks[i].shape;
			out->primary = looks[i].colour;
		}
	if (ach->kind && strcmp(ach->kind, "pathway") == 0) { /* stacked credentials stand out */
		out->shape = MC_BADGE_RIBBON;
		out->primary = (struct mc_rgb){0xb4, 0x53, 0x09};
	}
	out->title = ach->title;
	out->subtitle = issuer_name;
}

static int design_of(struct mc_app *app, struct mc_arena *a, const struct mc_achievement *ach,
                     struct mc_badge_design *d, struct mc_err *err)
{
	struct mc_issuer *is;
	int rc = mc_issuer_get(app, a, ach->issuer_id, &is, err);
	if (rc)
		return rc;
	mc_achievement_badge_design(ach, clip(a, is->name, MC_BADGE_SUBTITLE_MAX), d);
	d->title = clip(a, ach->title, MC_BADGE_TITLE_MAX);
	return 0;
}

int mc_achievement_badge_image(struct mc_app *app, struct mc_arena *a, const struct mc_achievement *ach,
                               enum mc_image_format format, unsigned size, struct mc_buf *out,
                               struct mc_err *err)
{
	struct mc_badge_design d;
	int rc = design_of(app, a, ach, &d, err);
	return rc ? rc : mc_badge_render(&d, format, size, out, err);
}

int mc_award_baked_badge(struct mc_app *app, struct mc_arena *a, const struct mc_award *aw,
                         enum mc_image_format format, unsigned size, struct mc_buf *out, struct mc_err *err)
{
	struct mc_achievement *ach;
	struct mc_buf img;
	int rc = mc_achievement_get(app, a, aw->achievement_id, &ach, err);
	if (rc)
		return rc;
	mc_buf_init(&img, MC_BUF_NOLIMIT);
	rc = mc_achievement_badge_image(app, a, ach, format, size, &img, err);
	if (!rc)
		rc = mc__downloads_bake(out, img.ptr, img.len, aw->json, strlen(aw->json), err);
	mc_buf_release(&img);
	return rc;
}

int mc_award_certificate_pdf(struct mc_app *app, struct mc_arena *a, const struct mc_award *aw,
                             const char *verify_url, struct mc_buf *out, struct mc_err *err)
{
	struct mc_json *cred;
	struct mc_certificate c;
	int rc = mc_json_parse(a, aw->json, strlen(aw->json), NULL, &cred, err);
	if (!rc)
		rc = mc_certificate_from_credential(a, cred, &c, err);
	if (rc)
		return rc;
	if (aw->name && *aw->name)
		c.learner_name = aw->name;
	if (!c.learner_name) /* the credential only has a hashed identity */
		c.learner_name = "the holder of this credential";
	if (!verify_url) {
		const char *uuid = strncmp(aw->id, "urn:uuid:", 9) == 0 ? aw->id + 9 : aw->id;
		verify_url = mc_arena_printf(a, "%s/credentials/%s", app->base_url, uuid);
	}
	c.verify_url = verify_url;
	return mc_certificate_render_pdf(&c, MC_PAPER_A4, out, err);
}
