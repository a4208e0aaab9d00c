/* A small test driver for the VC-JWT layer (include/microcred/jwt.h), used by
 * tests/interop/jwt_interop.sh until `microcred sign/verify --format jwt` exist.
 *
 *   jwt_tool sign [--profile ob3|vc-jose-cose] [--alg ALG] [--jwk] [--kid ID] KEY CRED
 *   jwt_tool verify [--keys KEY]... [--now ISO] [--strict] [--json] TOKEN
 *
 * KEY files are what keygen.mjs / `microcred keys new` write. verify resolves a kid
 * with the local resolver (resolver.h): the --keys files, did:key locally. Exit: 0 signed / verified, 1 not
 * verified, 2 bad input or usage. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/json.h"
#include "microcred/jwt.h"
#include "microcred/keys.h"
#include "microcred/report.h"
#include "microcred/resolver.h"
#include "microcred/time.h"

static int read_json(struct mc_arena *a, const char *path, struct mc_json **out)
{
	struct mc_buf b;
	struct mc_err e = {0};
	mc_buf_init(&b, (size_t)64 << 20);
	int rc = mc_buf_read_file(&b, path, &e);
	if (!rc)
		rc = mc_json_parse(a, b.ptr, b.len, NULL, out, &e);
	if (rc)
		fprintf(stderr, "jwt_tool: %s: %s\n", path, e.msg);
	mc_buf_release(&b);
	return rc;
}

static int load_key(struct mc_arena *a, const char *path, struct mc_key *k, struct mc_json **json)
{
	struct mc_err e = {0};
	if (read_json(a, path, json))
		return 2;
	if (mc_key_from_json(k, *json, &e)) {
		fprintf(stderr, "jwt_tool: %s: %s\n", path, e.msg);
		return 2;
	}
	return 0;
}

static int cmd_sign(int argc, char **argv)
{
	static const struct option lo[] = {{"profile", required_argument, 0, 'p'},
	                                   {"alg", required_argument, 0, 'a'},
	                                   {"jwk", no_argument, 0, 'j'},
	                                   {"kid", required_argument, 0, 'k'},
	                                   {0, 0, 0, 0}};
	struct mc_jwt_sign_opts o = {0};
	struct mc_err e = {0};
	int c, rc = 2;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'p':
			if (mc_jwt_profile_parse(optarg, &o.profile, &e)) {
				fprintf(stderr, "jwt_tool: %s\n", e.msg);
				return 2;
			}
			break;
		case 'a': o.alg = optarg; break;
		case 'j': o.embed_jwk = true; break;
		case 'k': o.kid = optarg; break;
		default: return 2;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr, "usage: jwt_tool sign [--profile P] [--alg A] [--jwk] [--kid ID] KEY CRED\n");
		return 2;
	}
	struct mc_arena a;
	struct mc_key k;
	struct mc_json *kj, *cred;
	const char *out;
	mc_arena_init(&a, 0);
	mc_key_init(&k);
	if (load_key(&a, argv[optind], &k, &kj) || read_json(&a, argv[optind + 1], &cred))
		goto done;
	/* The key file's own public JWK, as the reference embeds it. */
	if (o.embed_jwk && mc_json_is_object(mc_json_get(kj, "publicKeyJwk")))
		o.jwk = mc_json_get(kj, "publicKeyJwk");
	if (mc_jwt_sign_credential(&a, cred, &k, &o, &out, &e)) {
		fprintf(stderr, "jwt_tool: %s\n", e.msg);
		goto done;
	}
	printf("%s\n", out);
	rc = 0;
done:
	mc_key_json_wipe(kj);
	mc_key_release(&k);
	mc_arena_release(&a);
	return rc;
}

static int cmd_verify(int argc, char **argv)
{
	static const struct option lo[] = {{"keys", required_argument, 0, 'k'},
	                                   {"now", required_argument, 0, 'n'},
	                                   {"strict", no_argument, 0, 's'},
	                                   {"json", no_argument, 0, 'j'},
	                                   {0, 0, 0, 0}};
	struct mc_local_resolver lr;
	struct mc_jwt_verify_opts o = {0};
	struct mc_time now;
	struct mc_err e = {0};
	struct mc_arena a;
	bool json = false;
	int c, rc = 2;
	mc_arena_init(&a, 0);
	mc_local_resolver_init(&lr);
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'k':
			if (mc_local_resolver_add_keys_file(&lr, optarg, &e)) {
				fprintf(stderr, "jwt_tool: %s\n", e.msg);
				goto done;
			}
			break;
		case 'n':
			if (mc_time_parse(&now, optarg, strlen(optarg), &e)) {
				fprintf(stderr, "jwt_tool: --now: %s\n", e.msg);
				goto done;
			}
			o.now = &now;
			break;
		case 's': o.strict = true; break;
		case 'j': json = true; break;
		default: goto done;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr,
		        "usage: jwt_tool verify [--keys KEY]... [--now ISO] [--strict] [--json] TOKEN\n");
		goto done;
	}
	struct mc_buf tok, out;
	mc_buf_init(&tok, (size_t)64 << 20);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	if (mc_buf_read_file(&tok, argv[optind], &e)) {
		fprintf(stderr, "jwt_tool: %s\n", e.msg);
		mc_buf_release(&tok);
		mc_buf_release(&out);
		goto done;
	}
	struct mc_resolver res = mc_local_resolver(&lr);
	struct mc_report r;
	struct mc_json *cred;
	mc_report_init(&r, &a);
	int vrc = mc_jwt_verify(&a, tok.ptr, tok.len, &res, &r, &o, &cred, &e);
	if (json) {
		struct mc_json *j;
		mc_report_to_json(&r, &j);
		mc_json_write(&out, j, MC_JSON_PRETTY);
		mc_buf_putc(&out, '\n');
	} else {
		mc_report_write_text(&r, &out);
	}
	fputs(out.ptr, stdout);
	rc = vrc ? 2 : mc_report_verified(&r) ? 0 : 1;
	mc_buf_release(&tok);
	mc_buf_release(&out);
done:
	mc_local_resolver_release(&lr);
	mc_arena_release(&a);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: jwt_tool sign|verify ...\n");
		return 2;
	}
	if (strcmp(argv[1], "sign") == 0)
		return cmd_sign(argc - 1, argv + 1);
	if (strcmp(argv[1], "verify") == 0)
		return cmd_verify(argc - 1, argv + 1);
	fprintf(stderr, "jwt_tool: unknown command \"%s\" (sign or verify)\n", argv[1]);
	return 2;
}
