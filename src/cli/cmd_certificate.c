/* microcred certificate — a printable PDF certificate of a credential, with a QR code
 * that leads to its verification page. The drawing is in src/artifact/certificate.c. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "microcred/app.h"
#include "microcred/arena.h"
#include "microcred/award.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/json.h"
#include "microcred/jwt.h"
#include "microcred/render.h"

#include "cli/cli.h"

static const char *const CMD = "certificate";

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: microcred certificate CREDENTIAL_ID|FILE -o OUT.pdf [options]\n\n"
	        "Makes a one-page landscape PDF certificate from an awarded credential (its id in the\n"
	        "database: urn:uuid:..., the bare uuid or its number), or from a signed credential file\n"
	        "(JSON, or a VC-JWT\n"
	        "whose payload is the credential): the learner's name, the achievement, its description\n"
	        "and skills (alignments), the issuer, the date of issue in words, the credential's id,\n"
	        "and a QR code with the address where anyone can verify it. The text is real text: it\n"
	        "can be selected and searched, in any script the installed fonts cover.\n\n"
	        "The certificate does not verify the credential; the QR code sends readers to a page that\n"
	        "does. That address is the credential's id when it is an https URL; otherwise give\n"
	        "--verify-url, or --base-url to use BASE/credentials/ID. For a credential from the\n"
	        "database it is its badge page, BASE/credentials/UUID, with the recipient's name.\n\n"
	        "Options:\n"
	        "  -o, --output FILE     where to write the PDF (required; '-' for standard output)\n"
	        "  -p, --paper SIZE      a4 (default) or letter\n"
	        "      --verify-url URL  the verification page to encode in the QR code\n"
	        "      --base-url URL    the platform's address: the QR code leads to URL/credentials/ID\n"
	        "      --name NAME       the learner's name to print, when the credential carries none\n"
	        "                        (OB 3.0 often holds only a hashed email) or to override it\n"
	        "      --db PATH         the database to look CREDENTIAL_ID up in (default\n"
	        "                        $MICROCRED_DB or ./microcred.db)\n"
	        "  -h, --help            this help\n\n"
	        "Examples:\n"
	        "  $ microcred certificate urn:uuid:0190f1c2-... --db microcred.db -o certificate.pdf\n"
	        "  $ microcred certificate badge.json -o certificate.pdf\n"
	        "  $ microcred certificate badge.jwt --name 'Zoë Ångström' --paper letter \\\n"
	        "        --base-url https://badges.example.edu -o certificate.pdf\n\n"
	        "Exit status: 0 written, 2 bad usage or invalid input, 3 I/O error.\n");
}

enum { OPT_VERIFY_URL = 256, OPT_BASE_URL, OPT_NAME, OPT_DB };

/* Reads the credential from a JSON file or a compact JWS (whose payload is the
 * credential, or carries it in a "vc" claim as VC 1.1 JWTs do). */
static int load_credential(struct mc_arena *a, const char *path, struct mc_json **cred, struct mc_err *err)
{
	struct mc_buf in;
	mc_buf_init(&in, MC_CLI_MAX_INPUT);
	int rc = mc__cli_read(path, &in, err);
	if (rc)
		goto out;
	const char *text = in.ptr;
	size_t n = in.len;
	if (n >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		text += 3, n -= 3;
	if (mc_jws_looks_compact(text, n)) {
		struct mc_jws jws;
		rc = mc_jws_parse(a, text, n, 0, &jws, err);
		if (rc == 0)
			rc = mc_json_parse(a, jws.payload, jws.payload_len, NULL, cred, err);
		if (rc) {
			mc_err_prefix(err, "%s (a JWT)", path);
			goto out;
		}
		const struct mc_json *vc = mc_json_get(*cred, "vc");
		if (mc_json_is_object(vc))
			*cred = (struct mc_json *)vc;
	} else {
		rc = mc_json_parse(a, text, n, NULL, cred, err);
		if (rc) {
			mc_err_prefix(err, "%s", path);
			goto out;
		}
	}
	if (!mc_json_is_object(*cred))
		rc = mc_err_set(err, MC_EINVAL, "%s: not a credential (expected a JSON object or a VC-JWT)",
		                path);
out:
	mc_buf_release(&in);
	return rc;
}

/* An argument that names no file but looks like an identifier (urn:uuid:..., an
 * http(s) URL, a bare UUID) is meant as a credential id. */
static bool looks_like_id(const char *s)
{
	if (strncmp(s, "urn:", 4) == 0 || strncmp(s, "http://", 7) == 0 || strncmp(s, "https://", 8) == 0 ||
	    strncmp(s, "did:", 4) == 0)
		return true;
	size_t n = strlen(s);
	if (n != 36)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		char c = s[i];
		if (dash ? c != '-'
		         : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
			return false;
	}
	return true;
}

int mc__cmd_certificate(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"paper", required_argument, NULL, 'p'},
	    {"verify-url", required_argument, NULL, OPT_VERIFY_URL},
	    {"base-url", required_argument, NULL, OPT_BASE_URL},
	    {"name", required_argument, NULL, OPT_NAME},
	    {"db", required_argument, NULL, OPT_DB},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	if (mc__cli_wants_help(argc, argv)) {
		usage(stdout);
		return 0;
	}
	struct mc_err err = {0};
	const char *output = NULL, *verify_url = NULL, *base_url = NULL, *name = NULL, *db = NULL;
	enum mc_paper paper = MC_PAPER_A4;
	opterr = 0;
	optind = 1;
	int c;
	while ((c = getopt_long(argc, argv, ":o:p:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case 'p':
			if (mc_paper_parse(optarg, &paper, &err))
				return mc__cli_usage_error(CMD, "--paper: %s", err.msg);
			break;
		case OPT_VERIFY_URL: verify_url = optarg; break;
		case OPT_BASE_URL: base_url = optarg; break;
		case OPT_NAME: name = optarg; break;
		case OPT_DB: db = optarg; break;
		case ':': return mc__cli_usage_error(CMD, "option %s needs a value", argv[optind - 1]);
		default: return mc__cli_usage_error(CMD, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return mc__cli_usage_error(CMD,
		                           "takes one CREDENTIAL_ID or FILE (a credential as JSON or a VC-JWT)");
	const char *arg = argv[optind];
	if (!output)
		return mc__cli_usage_error(CMD, "-o OUT.pdf is required ('-o -' writes to standard output)");
	if (strcmp(output, "-") == 0 && isatty(STDOUT_FILENO))
		return mc__cli_usage_error(
		    CMD, "not writing a PDF to a terminal; give -o FILE.pdf or redirect the output");

	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_buf pdf;
	mc_buf_init(&pdf, MC_BUF_NOLIMIT);
	struct mc_json *cred = NULL;
	struct mc_certificate cert;
	int rc;
	struct stat st;
	if (strcmp(arg, "-") != 0 && stat(arg, &st) != 0 && (looks_like_id(arg) || db)) {
		/* Not a file: an awarded credential in the platform's database. The
		 * certificate's QR code leads to its public badge page. */
		struct mc_app app;
		struct mc_award *aw;
		const char *dbpath = db ? db : mc_db_default_url();
		if (strncmp(dbpath, "postgres", 8) != 0 &&
		    stat(strncmp(dbpath, "sqlite:", 7) == 0 ? dbpath + 7 : dbpath, &st) != 0) {
			/* Do not create an empty database as a side effect of a lookup. */
			mc_buf_release(&pdf);
			mc_arena_release(&a);
			mc_err_set(&err, MC_ENOTFOUND,
			           "no file named '%.200s', and no database at %s to look it up in as a "
			           "credential id (give the credential's file, or --db PATH)",
			           arg, dbpath);
			return mc__cli_fail(CMD, &err);
		}
		if ((rc = mc__cli_open_app(CMD, &app, db, base_url)) != 0) {
			mc_buf_release(&pdf);
			mc_arena_release(&a);
			return rc;
		}
		rc = mc_award_get(&app, &a, arg, &aw, &err);
		if (rc == MC_ENOTFOUND)
			mc_err_set(&err, MC_ENOTFOUND,
			           "'%.200s' is neither a file nor an awarded credential in %s ('microcred award "
			           "list' shows them)",
			           arg, db ? db : mc_db_default_url());
		if (rc == 0)
			rc = mc_json_parse(&a, aw->json, strlen(aw->json), NULL, &cred, &err);
		if (rc == 0)
			rc = mc_certificate_from_credential(&a, cred, &cert, &err);
		if (rc == 0 && !name && aw->name)
			name = aw->name;
		if (rc == 0 && !verify_url) {
			const char *uuid = strncmp(aw->id, "urn:uuid:", 9) == 0 ? aw->id + 9 : aw->id;
			verify_url = mc_arena_printf(&a, "%s/credentials/%s", app.base_url, uuid);
		}
		mc_app_close(&app);
	} else {
		rc = load_credential(&a, arg, &cred, &err);
		if (rc == 0)
			rc = mc_certificate_from_credential(&a, cred, &cert, &err);
	}
	if (rc == 0 && name)
		cert.learner_name = name;
	if (rc == 0)
		rc = mc_certificate_verify_url(&a, cert.credential_id, verify_url, base_url, &cert.verify_url,
		                               &err);
	if (rc == 0 && (rc = mc_certificate_render_pdf(&cert, paper, &pdf, &err)) != 0 && rc == MC_EINVAL)
		mc_err_prefix(&err, "%s", arg);
	if (rc == 0)
		rc = mc__cli_write_file(output, pdf.ptr, pdf.len, 0644, &err);
	mc_buf_release(&pdf);
	mc_arena_release(&a);
	return rc ? mc__cli_fail(CMD, &err) : 0;
}
