/* microcred: git-style subcommands dispatched from a table. */
#include <stdio.h>
#include <string.h>

#include "microcred/arena.h"

#include "cli/cli.h"

const struct mc__cli_cmd mc__cli_commands[] = {
    {"help", "show help for microcred or one command", mc__cmd_help},
    {"version", "print the version and the libraries in use", mc__cmd_version},
    {"jcs", "write the RFC 8785 canonical form of a JSON document", mc__cmd_jcs},
    {"keys", "create signing keys and show them as Multikey, JWK, DID", mc__cmd_keys},
    {"did", "resolve a did:key, or make a did:web document", mc__cmd_did},
    {"canon", "RDFC-1.0 canonical N-Quads of a JSON-LD document or N-Quads", mc__cmd_canon},
    {"jsonld", "JSON-LD 1.1 expansion and conversion to RDF", mc__cmd_jsonld},
    {"sign", "add a Data Integrity proof (eddsa-rdfc-2022 / eddsa-jcs-2022) to a credential", mc__cmd_sign},
    {"verify", "verify credentials and explain every check in plain words", mc__cmd_verify},
    {"init", "create the database and record the installation's base URL", mc__cmd_init},
    {"issuer", "create and list issuers, show their DIDs and keys, rotate keys", mc__cmd_issuer},
    {"staff", "give a person a role (owner, editor, assessor) at an issuer", mc__cmd_staff},
    {"credential", "define, publish, list and archive micro-credentials (the catalogue)", mc__cmd_credential},
    {"requirement", "add, list and remove the requirements of a micro-credential", mc__cmd_requirement},
    {"status", "make and update Bitstring Status Lists; revoke, suspend, check", mc__cmd_status},
    {"badge-image", "draw a badge image (SVG or PNG) from a shape, colours and texts", mc__cmd_badge_image},
    {"certificate", "make a printable PDF certificate with a QR code from a credential", mc__cmd_certificate},
    {"bake", "bake a credential into its PNG or SVG badge image (Open Badges baking)", mc__cmd_bake},
    {"unbake", "print the credential baked into a PNG or SVG badge image", mc__cmd_unbake},
    {"enrol", "enrol a learner in a micro-credential, or withdraw", mc__cmd_enrol},
    {"evidence", "submit, list and show a learner's evidence", mc__cmd_evidence},
    {"review", "accept or reject evidence with a score and rubric feedback", mc__cmd_review},
    {"attendance", "record attendance of a session or conference event", mc__cmd_attendance},
    {"result", "record an assessment result or a workplace attestation", mc__cmd_result},
    {"progress", "show an enrolment's progress, requirement by requirement", mc__cmd_progress},
    {"award", "award a micro-credential directly or from a CSV file; list awards", mc__cmd_award},
    {"export", "print an awarded credential as signed (JSON or VC-JWT)", mc__cmd_export},
    {"revoke", "revoke an awarded credential for good (status list updated and re-signed)", mc__cmd_revoke},
    {"suspend", "suspend an awarded credential until it is reinstated", mc__cmd_suspend},
    {"reinstate", "lift the suspension of a credential", mc__cmd_reinstate},
    {"pathway", "stacked credentials awarded automatically from a rule over others", mc__cmd_pathway},
    {"endorse", "issue, list and withdraw EndorsementCredentials about issuers or credentials",
     mc__cmd_endorse},
    {"demo", "seed a realistic demo (issuers, micro-credentials, learners, awards)", mc__cmd_demo},
    {"serve", "run the web server: pages, JSON-LD, did:web, status lists, verify API", mc__cmd_serve},
    {"token", "create, list and revoke API tokens for an issuer's systems", mc__cmd_token},
    {"user", "set the password of an account (user passwd EMAIL)", mc__cmd_user},
    {"log", "the transparency log: signed tree heads, inclusion proofs, audit", mc__cmd_log},
    {NULL, NULL, NULL},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: microcred COMMAND [ARGS...]\n\n"
	           "microcred issues, verifies and manages Open Badges 3.0 micro-credentials.\n\n"
	           "Commands:\n");
	for (const struct mc__cli_cmd *c = mc__cli_commands; c->name; c++)
		fprintf(f, "  %-13s %s\n", c->name, c->summary);
	fprintf(f, "\nRun 'microcred COMMAND --help' for the options of one command.\n"
	           "Exit status: 0 success or verified, 1 negative result (not verified),\n"
	           "2 bad usage or invalid input, 3 environment error (I/O, database).\n");
}

int mc__cmd_help(int argc, char **argv)
{
	if (argc < 2) {
		usage(stdout);
		return 0;
	}
	for (const struct mc__cli_cmd *c = mc__cli_commands; c->name; c++) {
		if (strcmp(c->name, argv[1]) == 0 && c->run != mc__cmd_help) {
			char *args[] = {argv[1], "--help", NULL};
			return c->run(2, args);
		}
	}
	fprintf(stderr, "microcred help: unknown command '%s'; run 'microcred help' for the list\n", argv[1]);
	return MC_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	mc_malloc_keep_freed();
	if (argc < 2) {
		usage(stderr);
		return MC_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0)
		return mc__cmd_version(1, argv + 1);
	for (const struct mc__cli_cmd *c = mc__cli_commands; c->name; c++)
		if (strcmp(c->name, argv[1]) == 0)
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "microcred: unknown command '%s'; run 'microcred help' for the list\n", argv[1]);
	return MC_EXIT_USAGE;
}
