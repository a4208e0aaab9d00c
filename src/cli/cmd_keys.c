/* microcred keys: make signing keys and show them as Multikey, JWK, PEM or did:key. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/encoding.h"
#include "microcred/json.h"
#include "microcred/keys.h"

#include "cli/cli.h"

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: microcred keys new --type TYPE [--controller URL] [--id ID] [-o FILE] [--force]\n"
	    "       microcred keys show FILE [--multikey | --jwk | --pem | --did] [--public]\n"
	    "       microcred keys sign KEYFILE DATAFILE\n"
	    "       microcred keys verify KEYFILE DATAFILE SIGNATURE\n"
	    "\n"
	    "new   makes a key pair. TYPE is ed25519, p256, rsa2048, rsa3072 or rsa4096.\n"
	    "      Ed25519 and P-256 keys are written as a Multikey verification method, the\n"
	    "      shape of the interop harness's keygen.mjs:\n"
	    "        {\"@context\", \"id\", \"type\": \"Multikey\", \"controller\",\n"
	    "         \"publicKeyMultibase\": \"z6Mk...\" (P-256: \"zDn...\"),\n"
	    "         \"secretKeyMultibase\": \"z3u2...\"}\n"
	    "      RSA keys are written as a JsonWebKey (keygen.mjs --rsa shape):\n"
	    "        {\"@context\", \"id\", \"type\": \"JsonWebKey\", \"controller\",\n"
	    "         \"publicKeyJwk\": {kty, n, e, alg}, \"secretKeyJwk\": {..., d, p, q, dp, dq, qi}}\n"
	    "      Without --controller the controller is the key's own did:key. The id is\n"
	    "      CONTROLLER#<publicKeyMultibase> (RSA: CONTROLLER#key-rsa-1) unless --id.\n"
	    "      -o FILE writes the key with mode 0600 (refuses to replace a file unless\n"
	    "      --force) and prints the key id; without -o the key goes to standard output.\n"
	    "show  reads a key file (the above, keygen.mjs output, a Multikey or JsonWebKey\n"
	    "      verification method, a bare JWK, or PEM) and prints, by default, its public\n"
	    "      part in the key-file form. --multikey, --jwk and --pem print that form\n"
	    "      including the secret when the file has one; --public leaves secrets out.\n"
	    "      --did prints the did:key of the public key.\n"
	    "sign  signs the bytes of DATAFILE (\"-\" = standard input) as JOSE does (EdDSA,\n"
	    "      ES256 as raw r||s, RS256) and prints the signature in base64url.\n"
	    "verify checks such a signature: exit 0 valid, 1 not valid.\n"
	    "\n"
	    "Examples:\n"
	    "  microcred keys new --type ed25519 --controller https://example.edu/issuers/1 -o issuer.key\n"
	    "  microcred keys show issuer.key --jwk --public\n"
	    "  microcred keys show issuer.key --did\n"
	    "  microcred keys sign issuer.key data.bin > data.sig\n"
	    "  microcred keys verify issuer.key data.bin \"$(cat data.sig)\"\n"
	    "\n"
	    "Exit status: 0 ok, 1 signature not valid, 2 bad usage or bad key file, 3 I/O error.\n");
}

static int fail(const char *cmd, struct mc_err *err)
{
	return mc__cli_fail(cmd, err);
}

/* Writes v as pretty JSON plus a newline to path (NULL = stdout), wiping the text. */
static int write_json(const struct mc_json *v, const char *path, unsigned mode, struct mc_err *err)
{
	struct mc_buf out;
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	int rc = mc_json_write(&out, v, MC_JSON_PRETTY);
	if (!rc)
		rc = mc_buf_putc(&out, '\n');
	if (!rc)
		rc = mc__cli_write_file(path, out.ptr, out.len, mode, err);
	else
		mc_err_set(err, rc, "cannot format the key");
	mc_key_wipe(out.ptr, out.len);
	mc_buf_release(&out);
	return rc;
}

static int cmd_new(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"type", required_argument, NULL, 't'}, {"controller", required_argument, NULL, 'c'},
	    {"id", required_argument, NULL, 'i'},   {"output", required_argument, NULL, 'o'},
	    {"force", no_argument, NULL, 'f'},      {NULL, 0, NULL, 0},
	};
	const char *type = NULL, *controller = NULL, *id = NULL, *out = NULL;
	bool force = false;
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "t:c:i:o:f", opts, NULL)) != -1) {
		switch (c) {
		case 't': type = optarg; break;
		case 'c': controller = optarg; break;
		case 'i': id = optarg; break;
		case 'o': out = optarg; break;
		case 'f': force = true; break;
		default:
			return mc__cli_usage_error("keys new", "unknown or incomplete option '%s'",
			                           argv[optind - 1]);
		}
	}
	if (optind < argc)
		return mc__cli_usage_error("keys new", "unexpected argument '%s'", argv[optind]);
	if (!type)
		return mc__cli_usage_error("keys new",
		                           "--type is required (ed25519, p256, rsa2048 or rsa3072)");
	if (id && !controller)
		return mc__cli_usage_error("keys new", "--id needs --controller");

	struct mc_err err = {0};
	enum mc_key_type kt;
	unsigned bits;
	if (mc_key_type_parse(type, &kt, &bits, &err))
		return mc__cli_usage_error("keys new", "%s", err.msg);
	struct stat st;
	if (out && strcmp(out, "-") != 0 && !force && stat(out, &st) == 0) {
		mc_err_set(&err, MC_EEXIST,
		           "%s already exists; use --force to replace it (the old key is lost)", out);
		return fail("keys new", &err);
	}

	struct mc_key k;
	struct mc_arena a;
	struct mc_buf mb, did;
	struct mc_json *v = NULL;
	int status = 0;
	mc_key_init(&k);
	mc_arena_init(&a, 0);
	mc_buf_init(&mb, MC_BUF_NOLIMIT);
	mc_buf_init(&did, MC_BUF_NOLIMIT);
	if (mc_key_generate(&k, kt, bits, &err)) {
		status = fail("keys new", &err);
		goto out;
	}
	mc_key_public_multibase(&k, &mb);
	if (!controller) {
		mc_key_did_key(&k, &did);
		controller = did.ptr;
	}
	char *vm_id = id                 ? mc_arena_strdup(&a, id)
	              : kt == MC_KEY_RSA ? mc_arena_printf(&a, "%s#key-rsa-1", controller)
	                                 : mc_arena_printf(&a, "%s#%s", controller, mb.ptr);
	mc_key_set_id(&k, vm_id, controller);
	if (mc_key_to_json(&a, &k, MC_KEY_EXPORT_SECRET | MC_KEY_EXPORT_CONTEXT, &v, &err) ||
	    write_json(v, out, 0600, &err)) {
		status = fail("keys new", &err);
	} else if (out && strcmp(out, "-") != 0) {
		printf("%s\n", vm_id);
	}
out:
	if (v)
		mc_key_json_wipe(v);
	mc_buf_release(&mb);
	mc_buf_release(&did);
	mc_arena_release(&a);
	mc_key_release(&k);
	return status;
}

enum show_form { SHOW_DEFAULT, SHOW_MULTIKEY, SHOW_JWK, SHOW_PEM, SHOW_DID };

static int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"multikey", no_argument, NULL, 'm'}, {"jwk", no_argument, NULL, 'j'},
	    {"pem", no_argument, NULL, 'p'},      {"did", no_argument, NULL, 'd'},
	    {"public", no_argument, NULL, 'P'},   {NULL, 0, NULL, 0},
	};
	enum show_form form = SHOW_DEFAULT;
	bool public_only = false;
	int c, nforms = 0;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'm': form = SHOW_MULTIKEY, nforms++; break;
		case 'j': form = SHOW_JWK, nforms++; break;
		case 'p': form = SHOW_PEM, nforms++; break;
		case 'd': form = SHOW_DID, nforms++; break;
		case 'P': public_only = true; break;
		default: return mc__cli_usage_error("keys show", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return mc__cli_usage_error("keys show",
		                           optind == argc ? "give one key FILE" : "give only one key FILE");
	if (nforms > 1)
		return mc__cli_usage_error("keys show", "choose one of --multikey, --jwk, --pem, --did");
	const char *path = argv[optind];

	struct mc_err err = {0};
	struct mc_buf in, text;
	struct mc_key k;
	struct mc_arena a;
	struct mc_json *v = NULL;
	int status = 0;
	unsigned flags = public_only ? 0 : MC_KEY_EXPORT_SECRET;

	mc_buf_init(&in, MC_CLI_MAX_INPUT);
	mc_buf_init(&text, MC_BUF_NOLIMIT);
	mc_key_init(&k);
	mc_arena_init(&a, 0);
	if (mc__cli_read(path, &in, &err)) {
		status = fail("keys show", &err);
		goto out;
	}
	if (mc_key_parse(&k, in.ptr, in.len, &err)) {
		mc_err_prefix(&err, "%s", path);
		status = fail("keys show", &err);
		goto out;
	}
	int rc = 0;
	switch (form) {
	case SHOW_DEFAULT: rc = mc_key_to_json(&a, &k, MC_KEY_EXPORT_CONTEXT, &v, &err); break;
	case SHOW_MULTIKEY:
		if (k.type == MC_KEY_RSA)
			flags &= ~(unsigned)MC_KEY_EXPORT_SECRET; /* RSA secrets have no Multikey form */
		rc = mc_key_to_multikey_json(&a, &k, flags | MC_KEY_EXPORT_CONTEXT, &v, &err);
		break;
	case SHOW_JWK: rc = mc_key_to_jwk(&a, &k, flags, true, &v, &err); break;
	case SHOW_PEM:
		rc = mc_key_to_pem(&k, k.has_secret ? flags : 0, &text, &err);
		if (!rc)
			rc = mc__cli_write_stdout(text.ptr, text.len, &err);
		break;
	case SHOW_DID:
		rc = mc_key_did_key(&k, &text);
		if (!rc)
			rc = mc_buf_putc(&text, '\n');
		if (!rc)
			rc = mc__cli_write_stdout(text.ptr, text.len, &err);
		break;
	}
	if (!rc && v)
		rc = write_json(v, NULL, 0, &err);
	if (rc)
		status = fail("keys show", &err);
out:
	if (v)
		mc_key_json_wipe(v);
	mc_key_wipe(in.ptr, in.len);
	mc_key_wipe(text.ptr, text.len);
	mc_buf_release(&in);
	mc_buf_release(&text);
	mc_arena_release(&a);
	mc_key_release(&k);
	return status;
}

/* Reads and parses a key file; err names the file on failure. */
static int load_key(const char *path, struct mc_key *k, struct mc_err *err)
{
	struct mc_buf in;
	mc_buf_init(&in, MC_CLI_MAX_INPUT);
	int rc = mc__cli_read(path, &in, err);
	if (!rc && (rc = mc_key_parse(k, in.ptr, in.len, err)))
		mc_err_prefix(err, "%s", path);
	mc_key_wipe(in.ptr, in.len);
	mc_buf_release(&in);
	return rc;
}

static int cmd_sign_verify(int argc, char **argv, bool verify)
{
	const char *cmd = verify ? "keys verify" : "keys sign";
	if (argc != (verify ? 4 : 3))
		return mc__cli_usage_error(cmd, verify ? "give KEYFILE DATAFILE SIGNATURE"
		                                       : "give KEYFILE DATAFILE");
	struct mc_err err = {0};
	struct mc_key k;
	struct mc_buf data, sig;
	unsigned char raw[MC_KEY_SIG_MAX];
	size_t n = 0;
	int status = 0, rc;

	mc_key_init(&k);
	mc_buf_init(&data, MC_CLI_MAX_INPUT);
	mc_buf_init(&sig, MC_KEY_SIG_MAX);
	rc = load_key(argv[1], &k, &err);
	if (!rc)
		rc = mc__cli_read(argv[2], &data, &err);
	if (!rc && verify) {
		rc = mc_base64url_decode(&sig, argv[3], strlen(argv[3]), &err);
		if (rc)
			mc_err_prefix(&err, "SIGNATURE");
		else
			rc = mc_key_verify(&k, data.ptr, data.len, (unsigned char *)sig.ptr, sig.len, &err);
		if (!rc)
			printf("valid %s signature by %s\n", mc_key_jose_alg(&k), k.id ? k.id : "the key");
	} else if (!rc) {
		rc = mc_key_sign(&k, data.ptr, data.len, raw, &n, &err);
		if (!rc)
			rc = mc_base64url_encode(&sig, raw, n);
		if (!rc)
			rc = mc_buf_putc(&sig, '\n');
		if (!rc)
			rc = mc__cli_write_stdout(sig.ptr, sig.len, &err);
	}
	if (rc)
		status = mc__cli_fail(cmd, &err);
	mc_buf_release(&data);
	mc_buf_release(&sig);
	mc_key_release(&k);
	return status;
}

int mc__cmd_keys(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? MC_EXIT_USAGE : MC_EXIT_OK;
	}
	if (mc__cli_wants_help(argc, argv)) {
		usage(stdout);
		return MC_EXIT_OK;
	}
	if (strcmp(argv[1], "new") == 0)
		return cmd_new(argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return cmd_show(argc - 1, argv + 1);
	if (strcmp(argv[1], "sign") == 0)
		return cmd_sign_verify(argc - 1, argv + 1, false);
	if (strcmp(argv[1], "verify") == 0)
		return cmd_sign_verify(argc - 1, argv + 1, true);
	return mc__cli_usage_error("keys", "unknown subcommand '%s'; use new, show, sign or verify", argv[1]);
}
