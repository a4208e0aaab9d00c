/* microcred sign --key KEY.json [options] CREDENTIAL.json — adds a Data Integrity
 * proof (eddsa-rdfc-2022 or eddsa-jcs-2022) and writes the signed credential, or
 * (--format jwt) writes the credential as a VC-JWT. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/json.h"
#include "microcred/jwt.h"
#include "microcred/keys.h"
#include "microcred/proof.h"

#include "cli/cli.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: microcred sign --key KEY.json [options] CREDENTIAL.json|-\n\n"
	           "Adds a Data Integrity proof to the credential (a JSON object) and writes the\n"
	           "signed credential to standard output. The key is an Ed25519 key file with its\n"
	           "secret, as 'microcred keys new' or the interop harness's keygen.mjs write it; its\n"
	           "\"id\" becomes the proof's verificationMethod (a key without one is named by its\n"
	           "did:key). A credential that already has a proof gets a second one (a proof set).\n\n"
	           "Options:\n"
	           "  -k, --key FILE          the signing key (required)\n"
	           "  -f, --format rdfc|jcs|jwt  eddsa-rdfc-2022 (default; RDF canonical form, what\n"
	           "                          Open Badges 3.0 requires), eddsa-jcs-2022 (JSON), or a\n"
	           "                          VC-JWT (compact JWS; Ed25519, P-256 or RSA keys)\n"
	           "      --alg EdDSA|ES256|RS256  JWT: the algorithm (default: the key's)\n"
	           "      --jwt-profile ob3|vc-jose-cose  JWT: Open Badges 3.0 section 8.2 (default) or\n"
	           "                          W3C VC-JOSE-COSE (typ vc+jwt)\n"
	           "      --jwk               JWT: put the public key in the header instead of kid\n"
	           "      --created TIME      proof creation time, RFC 3339 (default: now, whole seconds);\n"
	           "                          with a fixed key and time the output is reproducible\n"
	           "      --verification-method URL   override the key's id\n"
	           "      --purpose NAME      proofPurpose (default assertionMethod)\n"
	           "      --proof-id URL      an id for this proof (so later proofs can chain to it)\n"
	           "      --previous-proof URL  make a proof chain: build on the proof with this id\n"
	           "                          (repeatable)\n"
	           "  -h, --help              this help\n\n"
	           "Example:\n"
	           "  $ microcred keys new --type ed25519 --controller https://example.edu/issuers/565049 -o "
	           "issuer-key.json\n"
	           "  $ microcred sign --key issuer-key.json --created 2025-01-15T09:00:00Z badge.json > "
	           "signed.json\n"
	           "  $ microcred sign --key issuer-key.json --format jwt --alg EdDSA badge.json > badge.jwt\n\n"
	           "Exit status: 0 signed, 2 bad usage or invalid input (the message names the file\n"
	           "and what is wrong, e.g. a term the JSON-LD contexts do not define), 3 I/O error.\n");
}

static int load_key(const char *path, struct mc_key *k, struct mc_err *err)
{
	struct mc_buf in;
	mc_buf_init(&in, MC_CLI_MAX_INPUT);
	int rc = mc__cli_read(path, &in, err);
	if (!rc && (rc = mc_key_parse(k, in.ptr, in.len, err)))
		mc_err_prefix(err, "%s", path);
	mc_key_wipe(in.ptr, in.len); /* the file holds the secret */
	mc_buf_release(&in);
	return rc;
}

enum { OPT_CREATED = 256, OPT_VM, OPT_PURPOSE, OPT_PROOF_ID, OPT_PREVIOUS, OPT_ALG, OPT_PROFILE, OPT_JWK };

int mc__cmd_sign(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"key", required_argument, NULL, 'k'},
	    {"format", required_argument, NULL, 'f'},
	    {"created", required_argument, NULL, OPT_CREATED},
	    {"verification-method", required_argument, NULL, OPT_VM},
	    {"purpose", required_argument, NULL, OPT_PURPOSE},
	    {"proof-id", required_argument, NULL, OPT_PROOF_ID},
	    {"previous-proof", required_argument, NULL, OPT_PREVIOUS},
	    {"alg", required_argument, NULL, OPT_ALG},
	    {"jwt-profile", required_argument, NULL, OPT_PROFILE},
	    {"jwk", no_argument, NULL, OPT_JWK},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct mc_proof_opts po = {.cryptosuite = MC_CRYPTOSUITE_EDDSA_RDFC_2022};
	struct mc_err err = {0};
	struct mc_key key;
	struct mc_arena a;
	struct mc_buf in, out;
	const char *key_path = NULL;
	const char *prev[32];
	size_t n_prev = 0;
	struct mc_json *doc, *signed_doc;
	struct mc_jwt_sign_opts jo = {0};
	bool jwt = false;
	int c, status;

	if (mc__cli_wants_help(argc, argv)) {
		usage(stdout);
		return MC_EXIT_OK;
	}
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "k:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'k': key_path = optarg; break;
		case 'f':
			if (strcmp(optarg, "rdfc") == 0 || strcmp(optarg, "eddsa-rdfc-2022") == 0)
				po.cryptosuite = MC_CRYPTOSUITE_EDDSA_RDFC_2022;
			else if (strcmp(optarg, "jcs") == 0 || strcmp(optarg, "eddsa-jcs-2022") == 0)
				po.cryptosuite = MC_CRYPTOSUITE_EDDSA_JCS_2022;
			else if (strcmp(optarg, "jwt") == 0)
				jwt = true;
			else
				return mc__cli_usage_error("sign", "--format must be rdfc, jcs or jwt, not '%s'",
				                           optarg);
			break;
		case OPT_CREATED: po.created = optarg; break;
		case OPT_VM: po.verification_method = optarg; break;
		case OPT_PURPOSE: po.proof_purpose = optarg; break;
		case OPT_PROOF_ID: po.id = optarg; break;
		case OPT_PREVIOUS:
			if (n_prev == sizeof(prev) / sizeof(prev[0]))
				return mc__cli_usage_error("sign",
				                           "too many --previous-proof options (at most %zu)",
				                           sizeof(prev) / sizeof(prev[0]));
			prev[n_prev++] = optarg;
			break;
		case OPT_ALG: jo.alg = optarg; break;
		case OPT_PROFILE:
			if (mc_jwt_profile_parse(optarg, &jo.profile, &err) != 0)
				return mc__cli_usage_error("sign", "--jwt-profile: %s", err.msg);
			break;
		case OPT_JWK: jo.embed_jwk = true; break;
		case 'h': usage(stdout); return MC_EXIT_OK;
		default: return mc__cli_usage_error("sign", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (!key_path)
		return mc__cli_usage_error("sign", "--key KEY.json is required (the Ed25519 signing key)");
	if (argc - optind != 1)
		return mc__cli_usage_error("sign", "takes one CREDENTIAL.json (or - for standard input)");
	const char *path = argv[optind];
	if (n_prev == 1)
		po.previous_proof = prev[0];
	else if (n_prev > 1) {
		po.previous_proofs = prev;
		po.n_previous_proofs = n_prev;
	}

	mc_key_init(&key);
	mc_arena_init(&a, 0);
	mc_buf_init(&in, MC_CLI_MAX_INPUT);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	if (load_key(key_path, &key, &err) != 0)
		goto fail;
	if (!key.has_secret) {
		mc_err_set(&err, MC_EINVAL,
		           "%s: this is a public key; signing needs the key file with its secret "
		           "(secretKeyMultibase), as 'microcred keys new' writes it",
		           key_path);
		goto fail;
	}
	if (mc__cli_read(path, &in, &err) != 0)
		goto fail;
	if (jwt) {
		const char *token;
		jo.kid = po.verification_method;
		if (mc_json_parse(&a, in.ptr, in.len, NULL, &doc, &err) != 0 ||
		    mc_jwt_sign_credential(&a, doc, &key, &jo, &token, &err) != 0) {
			mc_err_prefix(&err, "%s", strcmp(path, "-") == 0 ? "<stdin>" : path);
			goto fail;
		}
		if (mc_buf_puts(&out, token) != 0 || mc_buf_putc(&out, '\n') != 0 ||
		    mc__cli_write_stdout(out.ptr, out.len, &err) != 0)
			goto fail;
		status = MC_EXIT_OK;
		goto out;
	}
	if (mc_json_parse(&a, in.ptr, in.len, NULL, &doc, &err) != 0 ||
	    mc_proof_add(&a, doc, &key, &po, &signed_doc, &err) != 0) {
		mc_err_prefix(&err, "%s", strcmp(path, "-") == 0 ? "<stdin>" : path);
		goto fail;
	}
	if (mc_json_write(&out, signed_doc, MC_JSON_PRETTY) != 0 || mc_buf_putc(&out, '\n') != 0) {
		mc_err_set(&err, MC_ELIMIT, "the signed credential is too large to write");
		goto fail;
	}
	if (mc__cli_write_stdout(out.ptr, out.len, &err) != 0)
		goto fail;
	status = MC_EXIT_OK;
	goto out;
fail:
	status = mc__cli_fail("sign", &err);
out:
	mc_buf_release(&out);
	mc_buf_release(&in);
	mc_arena_release(&a);
	mc_key_release(&key);
	return status;
}
