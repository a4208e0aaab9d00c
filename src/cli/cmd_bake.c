/* microcred bake / unbake: put an Open Badges credential into its PNG or SVG image,
 * and take it out again (bake.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/bake.h"
#include "microcred/buf.h"
#include "microcred/json.h"

#include "cli/cli.h"

static void bake_usage(FILE *f)
{
	fprintf(f, "usage: microcred bake -o OUT IMAGE CREDENTIAL\n"
	           "\n"
	           "Bakes CREDENTIAL into IMAGE as Open Badges 3.0 prescribes and writes the baked\n"
	           "image to OUT ('-' for standard output). IMAGE is a PNG or an SVG (recognised by\n"
	           "content); CREDENTIAL is a file holding a signed credential as JSON (Data Integrity\n"
	           "proof) or as a compact JWS (VC-JWT). PNG: an iTXt chunk 'openbadgecredential'\n"
	           "after IHDR. SVG: an <openbadges:credential> element as the first child of <svg>,\n"
	           "JSON in CDATA, a JWS in its verify attribute. A badge already in the image (3.0\n"
	           "or 2.0) is replaced. The image itself is not changed.\n"
	           "\n"
	           "Options:\n"
	           "  -o, --output OUT   where to write the baked image (required)\n"
	           "\n"
	           "Exit status: 0 baked, 2 bad usage or input (not a PNG/SVG, corrupt image,\n"
	           "not a credential), 3 a file could not be read or written.\n"
	           "\n"
	           "Examples:\n"
	           "  microcred bake -o badge-baked.png badge.png credential.json\n"
	           "  microcred bake -o badge-baked.svg badge.svg credential.jwt\n");
}

static void unbake_usage(FILE *f)
{
	fprintf(
	    f, "usage: microcred unbake [--json] [-o OUT] IMAGE\n"
	       "\n"
	       "Prints the credential baked into IMAGE (a PNG or SVG, '-' for standard input)\n"
	       "exactly as it is embedded: JSON, or a compact JWS. Reads Open Badges 3.0\n"
	       "(PNG iTXt 'openbadgecredential', SVG <openbadges:credential>) and 2.0 (PNG iTXt or\n"
	       "tEXt 'openbadges', SVG <openbadges:assertion>). Nothing is fetched: an SVG's\n"
	       "external DTD is ignored, and DTD entity declarations are refused.\n"
	       "\n"
	       "Options:\n"
	       "  -o, --output OUT   write the credential to OUT, byte for byte, instead of\n"
	       "                     printing it\n"
	       "  --json             print {\"image\", \"form\", \"kind\", \"text\"[, \"verify\"]} instead,\n"
	       "                     saying where the credential was found and what it is\n"
	       "\n"
	       "Exit status: 0 found, 2 no badge in the image, a corrupt image or bad usage,\n"
	       "3 the file could not be read.\n"
	       "\n"
	       "Examples:\n"
	       "  microcred unbake badge.png > credential.json\n"
	       "  microcred unbake badge.svg | microcred verify -\n"
	       "  microcred unbake --json badge.png\n");
}

int mc__cmd_bake(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *outpath = NULL;
	struct mc_err err = {0};
	struct mc_buf img, cred, out;
	bool replaced = false;
	int c, status;

	optind = 1;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'o': outpath = optarg; break;
		case 'h': bake_usage(stdout); return MC_EXIT_OK;
		default: return mc__cli_usage_error("bake", "unknown option");
		}
	}
	if (argc - optind != 2)
		return mc__cli_usage_error("bake", "give an IMAGE and a CREDENTIAL file");
	if (!outpath)
		return mc__cli_usage_error("bake",
		                           "give the output file with -o OUT ('-' for standard output)");
	const char *imgpath = argv[optind], *credpath = argv[optind + 1];

	mc_buf_init(&img, MC_BAKE_MAX_IMAGE);
	mc_buf_init(&cred, MC_BAKE_MAX_CREDENTIAL);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	if (mc_buf_read_file(&img, imgpath, &err)) {
		status = mc__cli_fail("bake", &err);
		goto out;
	}
	if (mc_buf_read_file(&cred, credpath, &err)) {
		status = mc__cli_fail("bake", &err);
		goto out;
	}
	if (mc_bake(&out, img.ptr, img.len, cred.ptr, cred.len, &replaced, &err)) {
		/* Say which file the problem is in: mc_bake's messages about the
		 * credential start with "the credential". */
		bool about_cred = strncmp(err.msg, "the credential", 14) == 0;
		mc_err_prefix(&err, "%s", about_cred ? credpath : imgpath);
		status = mc__cli_fail("bake", &err);
		goto out;
	}
	if (mc__cli_write_file(outpath, out.ptr, out.len, 0644, &err)) {
		status = mc__cli_fail("bake", &err);
		goto out;
	}
	if (replaced)
		fprintf(stderr, "microcred bake: note: %s already carried a badge; it was replaced\n",
		        imgpath);
	status = MC_EXIT_OK;
out:
	mc_buf_release(&out);
	mc_buf_release(&cred);
	mc_buf_release(&img);
	return status;
}

static void set_str(struct mc_arena *a, struct mc_json *obj, const char *key, const char *s, size_t n)
{
	struct mc_json v;
	mc_json_set_string(a, &v, s, n);
	mc_json_object_set(a, obj, key, strlen(key), &v);
}

int mc__cmd_unbake(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"json", no_argument, NULL, 'j'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	const char *outpath = NULL;
	bool json = false;
	struct mc_err err = {0};
	struct mc_buf img, out;
	struct mc_arena a;
	struct mc_unbaked u;
	int c, status;

	optind = 1;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'o': outpath = optarg; break;
		case 'j': json = true; break;
		case 'h': unbake_usage(stdout); return MC_EXIT_OK;
		default: return mc__cli_usage_error("unbake", "unknown option");
		}
	}
	if (argc - optind != 1)
		return mc__cli_usage_error("unbake",
		                           "give one IMAGE (a PNG or SVG file, or - for standard input)");
	const char *imgpath = argv[optind];

	mc_arena_init(&a, 0);
	mc_buf_init(&img, MC_BAKE_MAX_IMAGE);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	if (mc_buf_read_file(&img, imgpath, &err)) {
		status = mc__cli_fail("unbake", &err);
		goto out;
	}
	if (mc_unbake(img.ptr, img.len, &a, &u, &err)) {
		mc_err_prefix(&err, "%s", imgpath);
		status = mc__cli_fail("unbake", &err);
		goto out;
	}
	if (json) {
		struct mc_json *doc = mc_json_new_object(&a);
		const char *image = u.image == MC_IMAGE_PNG ? "png" : "svg";
		set_str(&a, doc, "image", image, strlen(image));
		set_str(&a, doc, "form", mc_baked_form_id(u.form), strlen(mc_baked_form_id(u.form)));
		set_str(&a, doc, "kind", mc_baked_kind_id(u.kind), strlen(mc_baked_kind_id(u.kind)));
		set_str(&a, doc, "text", u.text.ptr, u.text.len);
		if (u.verify.ptr)
			set_str(&a, doc, "verify", u.verify.ptr, u.verify.len);
		mc_json_write(&out, doc, MC_JSON_PRETTY);
		mc_buf_putc(&out, '\n');
	} else {
		mc_buf_append(&out, u.text.ptr, u.text.len);
		/* On a terminal or in a pipe a final newline is kept tidy; -o writes exactly
		 * what was embedded. */
		if (!outpath && (!out.len || out.ptr[out.len - 1] != '\n'))
			mc_buf_putc(&out, '\n');
	}
	if (mc__cli_write_file(outpath, out.ptr, out.len, 0644, &err)) {
		status = mc__cli_fail("unbake", &err);
		goto out;
	}
	status = MC_EXIT_OK;
out:
	mc_buf_release(&out);
	mc_buf_release(&img);
	mc_arena_release(&a);
	return status;
}
