/* microcred badge-image — draw a badge image (SVG or PNG) from a shape, colours and
 * texts. The drawing is in src/artifact/badge_image.c. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/render.h"

#include "cli/cli.h"

static const char *const CMD = "badge-image";

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: microcred badge-image --title TEXT [options] -o OUT.svg|OUT.png\n\n"
	    "Draws a badge image for an achievement: a shape in the issuer's colours with a title, an\n"
	    "optional short icon text (1-3 characters or a short word, in any script the fonts cover)\n"
	    "and an optional subtitle (issuer name, year). SVG keeps the texts as real, selectable\n"
	    "text and carries a <title> for screen readers; PNG is drawn from the same layout.\n"
	    "Long titles wrap onto up to three lines and shrink to fit.\n\n"
	    "Options:\n"
	    "  -t, --title TEXT        the achievement's name (required, up to %u characters)\n"
	    "  -s, --shape SHAPE       %s (default circle)\n"
	    "  -c, --color #RRGGBB     the primary colour of the face (default #1f4e8c)\n"
	    "      --secondary #RRGGBB the rim and ribbon colour (default a darker primary)\n"
	    "      --text-color #RRGGBB the lettering (default white or near-black, whichever reads better)\n"
	    "  -i, --icon-text TEXT    large text above the title (up to %u characters)\n"
	    "      --subtitle TEXT     small text below the title (up to %u characters)\n"
	    "      --size N            width and height in pixels, %u to %u (default %u; SVG scales anyway)\n"
	    "  -f, --format svg|png    the image format (default: from the -o file name's extension)\n"
	    "  -o, --output FILE       where to write ('-' for standard output, then --format is needed)\n"
	    "  -h, --help              this help\n\n"
	    "Examples:\n"
	    "  $ microcred badge-image --title 'Memory-Safe Data Structures in C' --shape shield \\\n"
	    "        --color '#1f6feb' --icon-text 'C' --subtitle 'Example University 2025' -o badge.png\n"
	    "  $ microcred badge-image -t 'Αρχαία Ελληνικά' -s hexagon -c '#7a2e8e' -i 'Ω' -o greek.svg\n\n"
	    "Exit status: 0 written, 2 bad usage or invalid input, 3 I/O error.\n",
	    MC_BADGE_TITLE_MAX, MC_BADGE_SHAPE_NAMES, MC_BADGE_ICON_MAX, MC_BADGE_SUBTITLE_MAX,
	    MC_BADGE_SIZE_MIN, MC_BADGE_SIZE_MAX, MC_BADGE_SIZE_DEFAULT);
}

enum { OPT_SECONDARY = 256, OPT_TEXT_COLOR, OPT_SUBTITLE, OPT_SIZE };

static int parse_format(const char *s, enum mc_image_format *f)
{
	if (strcasecmp(s, "svg") == 0)
		*f = MC_IMAGE_SVG;
	else if (strcasecmp(s, "png") == 0)
		*f = MC_IMAGE_PNG;
	else
		return -1;
	return 0;
}

int mc__cmd_badge_image(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"title", required_argument, NULL, 't'},
	    {"shape", required_argument, NULL, 's'},
	    {"color", required_argument, NULL, 'c'},
	    {"colour", required_argument, NULL, 'c'},
	    {"primary", required_argument, NULL, 'c'},
	    {"secondary", required_argument, NULL, OPT_SECONDARY},
	    {"text-color", required_argument, NULL, OPT_TEXT_COLOR},
	    {"icon-text", required_argument, NULL, 'i'},
	    {"subtitle", required_argument, NULL, OPT_SUBTITLE},
	    {"size", required_argument, NULL, OPT_SIZE},
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	if (mc__cli_wants_help(argc, argv)) {
		usage(stdout);
		return 0;
	}
	struct mc_badge_design d;
	mc_badge_design_init(&d);
	struct mc_err err = {0};
	const char *output = NULL, *format = NULL;
	unsigned size = MC_BADGE_SIZE_DEFAULT;
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, ":t:s:c:i:f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't': d.title = optarg; break;
		case 's':
			if (mc_badge_shape_parse(optarg, &d.shape, &err))
				return mc__cli_usage_error(CMD, "--shape: %s", err.msg);
			break;
		case 'c':
			if (mc_rgb_parse(optarg, &d.primary, &err))
				return mc__cli_usage_error(CMD, "--color: %s", err.msg);
			break;
		case OPT_SECONDARY:
			if (mc_rgb_parse(optarg, &d.secondary, &err))
				return mc__cli_usage_error(CMD, "--secondary: %s", err.msg);
			d.has_secondary = true;
			break;
		case OPT_TEXT_COLOR:
			if (mc_rgb_parse(optarg, &d.text, &err))
				return mc__cli_usage_error(CMD, "--text-color: %s", err.msg);
			d.has_text = true;
			break;
		case 'i': d.icon_text = optarg; break;
		case OPT_SUBTITLE: d.subtitle = optarg; break;
		case OPT_SIZE: {
			char *end;
			errno = 0;
			unsigned long v = strtoul(optarg, &end, 10);
			if (optarg[0] < '0' || optarg[0] > '9' || *end || errno || v < MC_BADGE_SIZE_MIN ||
			    v > MC_BADGE_SIZE_MAX)
				return mc__cli_usage_error(
				    CMD, "--size must be a whole number of pixels from %u to %u, not '%s'",
				    MC_BADGE_SIZE_MIN, MC_BADGE_SIZE_MAX, optarg);
			size = (unsigned)v;
			break;
		}
		case 'f': format = optarg; break;
		case 'o': output = optarg; break;
		case ':': return mc__cli_usage_error(CMD, "option %s needs a value", argv[optind - 1]);
		default: return mc__cli_usage_error(CMD, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return mc__cli_usage_error(
		    CMD, "unexpected argument '%s' (texts go in --title, --icon-text, --subtitle)",
		    argv[optind]);
	if (!d.title)
		return mc__cli_usage_error(CMD, "--title TEXT is required");
	if (!output)
		return mc__cli_usage_error(
		    CMD, "-o OUT.svg or -o OUT.png is required ('-o -' writes to standard output)");

	enum mc_image_format fmt;
	if (format) {
		if (parse_format(format, &fmt))
			return mc__cli_usage_error(CMD, "--format must be svg or png, not '%s'", format);
	} else {
		const char *dot = strrchr(output, '.');
		if (strcmp(output, "-") == 0 || !dot || parse_format(dot + 1, &fmt))
			return mc__cli_usage_error(
			    CMD,
			    "cannot tell the format from '%s'; name the file .svg or .png, or give --format",
			    output);
	}
	if (fmt == MC_IMAGE_PNG && strcmp(output, "-") == 0 && isatty(STDOUT_FILENO))
		return mc__cli_usage_error(
		    CMD, "not writing a PNG to a terminal; give -o FILE.png or redirect the output");

	struct mc_buf out;
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	int rc = mc_badge_render(&d, fmt, size, &out, &err);
	if (rc == 0)
		rc = mc__cli_write_file(output, out.ptr, out.len, 0644, &err);
	mc_buf_release(&out);
	return rc ? mc__cli_fail(CMD, &err) : 0;
}
