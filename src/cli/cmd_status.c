/* microcred status new|set|get|check — Bitstring Status Lists: make a list
 * credential, revoke or suspend credentials by setting their bits, read bits, and
 * check a credential's status against lists given as files. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/arena.h"
#include "microcred/json.h"
#include "microcred/keys.h"
#include "microcred/proof.h"
#include "microcred/report.h"
#include "microcred/resolver.h"
#include "microcred/status.h"
#include "microcred/time.h"

#include "cli/cli.h"

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: microcred status new --id URL (--key KEY.json | --issuer URL) [options]\n"
	    "       microcred status set LIST.json INDEX[=VALUE]... [--clear] [--key KEY.json] [options]\n"
	    "       microcred status get LIST.json [INDEX...]\n"
	    "       microcred status check CREDENTIAL.json --status LIST.json... [--keys KEYS.json]...\n\n"
	    "Bitstring Status Lists (W3C): an issuer publishes one signed list credential whose bits say\n"
	    "which of its credentials are revoked or suspended; each credential names the list and its\n"
	    "index in credentialStatus. Lists have at least 131,072 entries (16 KB) so that checking one\n"
	    "credential reveals nothing about which one it is (herd privacy); GZIP keeps them small.\n\n"
	    "  new     make a list credential with every entry 0 (signed with eddsa-rdfc-2022 when --key\n"
	    "          is given; the issuer is then the key's controller)\n"
	    "  set     set entries to 1 (revoke / suspend) or, with --clear, back to 0; writes the file\n"
	    "          in place (atomically) unless -o is given, and re-signs it with --key (a changed\n"
	    "          list loses its old signature; without --key it is written unsigned)\n"
	    "  get     print 'INDEX VALUE' for each INDEX, or, with no INDEX, a summary and the set ones\n"
	    "  check   check a credential's credentialStatus (BitstringStatusListEntry,\n"
	    "          StatusList2021Entry, 1EdTechRevocationList) against the lists given; the list's\n"
	    "          own proof is verified with the keys given (--keys) or did:key\n\n"
	    "Options:\n"
	    "      --id URL            (new) the list's URL = the credentials' statusListCredential\n"
	    "  -k, --key FILE          Ed25519 signing key (as 'microcred keys new' writes it)\n"
	    "      --issuer URL        (new, unsigned) the issuer; default the key's controller\n"
	    "      --purpose P         (new) revocation (default), suspension, refresh or message\n"
	    "      --size N            (new) number of entries (default and minimum 131072, multiple of 8)\n"
	    "      --status-size BITS  bits per entry (default 1; multi-bit lists with statusMessage)\n"
	    "      --set I[,I...]      (new) entries to set at once\n"
	    "      --clear             (set) clear the entries instead of setting them\n"
	    "      --valid-from TIME   validFrom of the list (RFC 3339; default now: 'list updated')\n"
	    "      --valid-until TIME  (new) validUntil of the list\n"
	    "      --created TIME      the proof's created time (default now)\n"
	    "  -f, --format rdfc|jcs   cryptosuite (default rdfc: eddsa-rdfc-2022)\n"
	    "  -o, --output FILE       where to write (new: default standard output; set: default the\n"
	    "                          input file)\n"
	    "      --status [URL=]FILE (check) a status list, keyed by its id or the URL given (repeatable)\n"
	    "      --keys FILE         (check) trusted keys for the lists' proofs (repeatable)\n"
	    "      --now TIME          (check) the time to check validity at (default now)\n"
	    "      --allow-other-issuer (check) accept a list issued by someone else than the credential\n"
	    "      --json              (check) print the report as JSON\n"
	    "  -h, --help              this help\n\n"
	    "Examples:\n"
	    "  $ microcred keys new --controller https://example.edu/issuers/565049 > issuer-key.json\n"
	    "  $ microcred status new --key issuer-key.json --id https://example.edu/status/1 -o "
	    "status-1.json\n"
	    "  $ microcred status set status-1.json 94567 --key issuer-key.json      # revoke index 94567\n"
	    "  $ microcred status get status-1.json 94567\n"
	    "  94567 1\n"
	    "  $ microcred status check badge.json --status status-1.json --keys issuer-key.json\n\n"
	    "Exit status: 0 done / status fine, 1 (check) revoked, suspended or the list cannot be\n"
	    "trusted, 2 bad usage or invalid input, 3 I/O error.\n");
}

enum {
	OPT_ID = 256,
	OPT_ISSUER,
	OPT_PURPOSE,
	OPT_SIZE,
	OPT_STATUS_SIZE,
	OPT_SET,
	OPT_CLEAR,
	OPT_VALID_FROM,
	OPT_VALID_UNTIL,
	OPT_CREATED,
	OPT_STATUS,
	OPT_KEYS,
	OPT_NOW,
	OPT_OTHER_ISSUER,
	OPT_JSON,
};

#define MAX_MULTI 64

struct args {
	const char *sub;
	const char *id, *key_path, *issuer, *purpose, *valid_from, *valid_until, *created, *output, *now;
	size_t size;
	unsigned status_size;
	const char *set_list;
	bool clear, json, other_issuer;
	enum mc_cryptosuite suite;
	const char *status[MAX_MULTI];
	size_t n_status;
	const char *keys[MAX_MULTI];
	size_t n_keys;
	char **pos; /* positional arguments after the subcommand */
	int n_pos;
};

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	if (!*s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

static int parse_args(int argc, char **argv, struct args *o)
{
	static const struct option longopts[] = {
	    {"id", required_argument, NULL, OPT_ID},
	    {"key", required_argument, NULL, 'k'},
	    {"issuer", required_argument, NULL, OPT_ISSUER},
	    {"purpose", required_argument, NULL, OPT_PURPOSE},
	    {"size", required_argument, NULL, OPT_SIZE},
	    {"status-size", required_argument, NULL, OPT_STATUS_SIZE},
	    {"set", required_argument, NULL, OPT_SET},
	    {"clear", no_argument, NULL, OPT_CLEAR},
	    {"valid-from", required_argument, NULL, OPT_VALID_FROM},
	    {"valid-until", required_argument, NULL, OPT_VALID_UNTIL},
	    {"created", required_argument, NULL, OPT_CREATED},
	    {"format", required_argument, NULL, 'f'},
	    {"output", required_argument, NULL, 'o'},
	    {"status", required_argument, NULL, OPT_STATUS},
	    {"keys", required_argument, NULL, OPT_KEYS},
	    {"now", required_argument, NULL, OPT_NOW},
	    {"allow-other-issuer", no_argument, NULL, OPT_OTHER_ISSUER},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int c;
	uint64_t n;

	memset(o, 0, sizeof(*o));
	o->suite = MC_CRYPTOSUITE_EDDSA_RDFC_2022;
	o->sub = argv[1];
	/* Options may come before or after the positional arguments (GNU getopt
	 * permutes); argv[1] is the subcommand. */
	optind = 2;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "k:f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_ID: o->id = optarg; break;
		case 'k': o->key_path = optarg; break;
		case OPT_ISSUER: o->issuer = optarg; break;
		case OPT_PURPOSE: o->purpose = optarg; break;
		case OPT_SIZE:
			if (parse_u64(optarg, &n) != 0 || n > SIZE_MAX)
				return mc__cli_usage_error(
				    "status", "--size must be a number of entries, not '%s'", optarg);
			o->size = (size_t)n;
			if (o->size == 0)
				return mc__cli_usage_error("status", "--size must be positive");
			break;
		case OPT_STATUS_SIZE:
			if (parse_u64(optarg, &n) != 0 || n < 1 || n > MC_STATUS_MAX_SIZE)
				return mc__cli_usage_error("status",
				                           "--status-size must be 1 to %u bits, not '%s'",
				                           MC_STATUS_MAX_SIZE, optarg);
			o->status_size = (unsigned)n;
			break;
		case OPT_SET: o->set_list = optarg; break;
		case OPT_CLEAR: o->clear = true; break;
		case OPT_VALID_FROM: o->valid_from = optarg; break;
		case OPT_VALID_UNTIL: o->valid_until = optarg; break;
		case OPT_CREATED: o->created = optarg; break;
		case 'f':
			if (strcmp(optarg, "rdfc") == 0 || strcmp(optarg, "eddsa-rdfc-2022") == 0)
				o->suite = MC_CRYPTOSUITE_EDDSA_RDFC_2022;
			else if (strcmp(optarg, "jcs") == 0 || strcmp(optarg, "eddsa-jcs-2022") == 0)
				o->suite = MC_CRYPTOSUITE_EDDSA_JCS_2022;
			else
				return mc__cli_usage_error("status", "--format must be rdfc or jcs, not '%s'",
				                           optarg);
			break;
		case 'o': o->output = optarg; break;
		case OPT_STATUS:
			if (o->n_status == MAX_MULTI)
				return mc__cli_usage_error("status", "too many --status options (at most %d)",
				                           MAX_MULTI);
			o->status[o->n_status++] = optarg;
			break;
		case OPT_KEYS:
			if (o->n_keys == MAX_MULTI)
				return mc__cli_usage_error("status", "too many --keys options (at most %d)",
				                           MAX_MULTI);
			o->keys[o->n_keys++] = optarg;
			break;
		case OPT_NOW: o->now = optarg; break;
		case OPT_OTHER_ISSUER: o->other_issuer = true; break;
		case OPT_JSON: o->json = true; break;
		case 'h': usage(stdout); return -1;
		default: return mc__cli_usage_error("status", "unknown option '%s'", argv[optind - 1]);
		}
	}
	o->pos = argv + optind;
	o->n_pos = argc - optind;
	return 0;
}

static const char *shown(const char *path)
{
	return strcmp(path, "-") == 0 ? "<stdin>" : path;
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
	if (!rc && (k->type != MC_KEY_ED25519 || !k->has_secret))
		rc = mc_err_set(err, MC_EINVAL,
		                "%s: status lists are signed with an Ed25519 key that has its secret", path);
	return rc;
}

static int read_json(struct mc_arena *a, const char *path, struct mc_json **out, struct mc_err *err)
{
	struct mc_buf in;
	mc_buf_init(&in, MC_CLI_MAX_INPUT);
	int rc = mc__cli_read(path, &in, err);
	if (!rc && (rc = mc_json_parse(a, in.ptr, in.len, NULL, out, err)))
		mc_err_prefix(err, "%s", shown(path));
	mc_buf_release(&in);
	return rc;
}

/* Signs doc when a key is given, then writes it (pretty, newline) to path. */
static int sign_and_write(struct mc_arena *a, const struct args *o, struct mc_json *doc, const char *path,
                          struct mc_err *err)
{
	struct mc_buf out;
	struct mc_key key;
	int rc = 0;

	mc_key_init(&key);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	if (o->key_path) {
		struct mc_proof_opts po = {.cryptosuite = o->suite, .created = o->created};
		if ((rc = load_key(o->key_path, &key, err)) != 0 ||
		    (rc = mc_proof_add(a, doc, &key, &po, &doc, err)) != 0)
			goto out;
	}
	if (mc_json_write(&out, doc, MC_JSON_PRETTY) != 0 || mc_buf_putc(&out, '\n') != 0) {
		rc = mc_err_set(err, MC_ELIMIT, "the status list is too large to write");
		goto out;
	}
	rc = mc__cli_write_file(path, out.ptr, out.len, 0644, err);
out:
	mc_buf_release(&out);
	mc_key_release(&key);
	return rc;
}

/* Applies "I[,I...]" or "I=V" to bs. */
static int apply_indexes(struct mc_bitstring *bs, const char *spec, unsigned size, bool clear,
                         struct mc_err *err)
{
	char *copy = mc_xstrdup(spec), *save = NULL;
	int rc = 0;
	for (char *tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
		uint64_t index, value = clear ? 0 : 1;
		char *eq = strchr(tok, '=');
		if (eq)
			*eq = '\0';
		if (parse_u64(tok, &index) != 0 || (eq && parse_u64(eq + 1, &value) != 0)) {
			rc = mc_err_set(err, MC_EINVAL,
			                "'%s%s%s' is not an index (a number such as 94567, or INDEX=VALUE)",
			                tok, eq ? "=" : "", eq ? eq + 1 : "");
			break;
		}
		rc = mc_bitstring_set(bs, index, size, value, err);
	}
	free(copy);
	return rc;
}

static int cmd_new(const struct args *o)
{
	struct mc_err err = {0};
	struct mc_arena a;
	struct mc_json *doc;
	struct mc_key key;
	struct mc_bitstring bits;
	int rc;

	if (!o->id)
		return mc__cli_usage_error("status",
		                           "new: --id URL is required (where the list will be published)");
	if (!o->key_path && !o->issuer)
		return mc__cli_usage_error("status",
		                           "new: give --key KEY.json to sign the list, or --issuer URL for "
		                           "an unsigned one");
	if (o->n_pos != 0)
		return mc__cli_usage_error("status", "new takes no arguments besides options ('%s')",
		                           o->pos[0]);
	mc_arena_init(&a, 0);
	mc_key_init(&key);
	struct mc_status_list_opts lo = {
	    .id = o->id,
	    .issuer = o->issuer,
	    .purpose = o->purpose,
	    .entries = o->size,
	    .status_size = o->status_size,
	    .valid_from = o->valid_from,
	    .valid_until = o->valid_until,
	};
	if (o->key_path && !o->issuer) {
		if ((rc = load_key(o->key_path, &key, &err)) != 0)
			goto fail;
		lo.issuer = key.controller;
		if (!lo.issuer) {
			mc_err_set(&err, MC_EINVAL,
			           "%s: the key has no controller to be the issuer; give --issuer URL",
			           o->key_path);
			goto fail;
		}
	}
	size_t entries = o->size ? o->size : MC_STATUS_MIN_ENTRIES;
	unsigned size = o->status_size ? o->status_size : 1;
	const struct mc_bitstring *pbits = NULL;
	if (o->set_list) {
		if (entries < MC_STATUS_MIN_ENTRIES || entries % 8 ||
		    entries > MC_STATUS_MAX_LIST_BYTES * 8 / size) {
			/* Let mc_status_list_new explain what is wrong with the size. */
		} else {
			if (mc_bitstring_new(&a, entries * size, &bits, &err) != 0 ||
			    apply_indexes(&bits, o->set_list, size, false, &err) != 0) {
				mc_err_prefix(&err, "--set");
				goto fail;
			}
			pbits = &bits;
		}
	}
	if (mc_status_list_new(&a, &lo, pbits, &doc, &err) != 0 ||
	    sign_and_write(&a, o, doc, o->output, &err) != 0)
		goto fail;
	mc_key_release(&key);
	mc_arena_release(&a);
	return MC_EXIT_OK;
fail:
	mc_key_release(&key);
	mc_arena_release(&a);
	return mc__cli_fail("status", &err);
}

/* The bits per entry: --status-size, else 1. (A list credential does not carry
 * statusSize: the credential's entry does.) */
static unsigned entry_size(const struct args *o)
{
	return o->status_size ? o->status_size : 1;
}

static void warn_short(const char *path, const struct mc_status_list *l, unsigned size)
{
	if (l->bits.nbits / size < MC_STATUS_MIN_ENTRIES)
		fprintf(stderr,
		        "microcred status: warning: %s has only %zu entries, fewer than the 131,072 the "
		        "specification requires for herd privacy\n",
		        shown(path), l->bits.nbits / size);
}

static int cmd_set(const struct args *o)
{
	struct mc_err err = {0};
	struct mc_arena a;
	struct mc_json *doc, *updated;
	struct mc_status_list l;
	unsigned size = entry_size(o);
	int rc;

	if (o->n_pos < 2)
		return mc__cli_usage_error("status", "set takes LIST.json and at least one INDEX");
	const char *path = o->pos[0];
	const char *out = o->output ? o->output : path;
	if (strcmp(out, "-") == 0)
		out = NULL;
	mc_arena_init(&a, 0);
	if ((rc = read_json(&a, path, &doc, &err)) != 0)
		goto fail;
	if (mc_status_list_read(&a, doc, &l, &err) != 0) {
		mc_err_prefix(&err, "%s", shown(path));
		goto fail;
	}
	warn_short(path, &l, size);
	for (int i = 1; i < o->n_pos; i++) {
		if (apply_indexes(&l.bits, o->pos[i], size, o->clear, &err) != 0) {
			mc_err_prefix(&err, "%s", shown(path));
			goto fail;
		}
	}
	const char *valid_from = o->valid_from;
	char now[40];
	if (!valid_from) {
		struct mc_time t = mc_time_now();
		struct mc_buf b;
		mc_buf_init(&b, sizeof(now) - 1);
		mc_time_format(&b, &t);
		snprintf(now, sizeof(now), "%s", b.ptr);
		mc_buf_release(&b);
		valid_from = now;
	}
	if (mc_status_list_update(&a, doc, &l.bits, valid_from, &updated, &err) != 0 ||
	    sign_and_write(&a, o, updated, out, &err) != 0)
		goto fail;
	if (!o->key_path && mc_json_get(doc, "proof"))
		fprintf(stderr,
		        "microcred status: warning: %s was signed; its proof no longer matched the changed "
		        "list and "
		        "was removed. Sign it again (give --key KEY.json) before publishing it.\n",
		        shown(path));
	mc_arena_release(&a);
	return MC_EXIT_OK;
fail:
	mc_arena_release(&a);
	return mc__cli_fail("status", &err);
}

static int cmd_get(const struct args *o)
{
	struct mc_err err = {0};
	struct mc_arena a;
	struct mc_json *doc;
	struct mc_status_list l;
	unsigned size = entry_size(o);
	uint64_t index, value;

	if (o->n_pos < 1)
		return mc__cli_usage_error("status", "get takes LIST.json [INDEX...]");
	const char *path = o->pos[0];
	mc_arena_init(&a, 0);
	if (read_json(&a, path, &doc, &err) != 0)
		goto fail;
	if (mc_status_list_read(&a, doc, &l, &err) != 0) {
		mc_err_prefix(&err, "%s", shown(path));
		goto fail;
	}
	warn_short(path, &l, size);
	if (o->n_pos == 1) {
		size_t entries = l.bits.nbits / size;
		size_t set = 0;
		for (uint64_t i = 0; i < entries; i++)
			if (mc_bitstring_get(&l.bits, i, size, &value, &err) == 0 && value)
				set++;
		const char *purpose = mc_json_is_string(l.purposes) ? l.purposes->v.str : "(several)";
		printf("list: %s\nissuer: %s\npurpose: %s\nupdated: %s\nentries: %zu\nset: %zu\n",
		       l.id ? l.id : "-", l.issuer ? l.issuer : "-", purpose,
		       l.valid_from ? l.valid_from : "-", entries, set);
		for (uint64_t i = 0; i < entries; i++)
			if (mc_bitstring_get(&l.bits, i, size, &value, &err) == 0 && value)
				printf("%" PRIu64 " %" PRIu64 "\n", i, value);
	} else {
		for (int i = 1; i < o->n_pos; i++) {
			if (parse_u64(o->pos[i], &index) != 0) {
				mc_arena_release(&a);
				return mc__cli_usage_error(
				    "status", "'%s' is not an index (a number such as 94567)", o->pos[i]);
			}
			if (mc_bitstring_get(&l.bits, index, size, &value, &err) != 0) {
				mc_err_prefix(&err, "%s", shown(path));
				goto fail;
			}
			printf("%" PRIu64 " %" PRIu64 "\n", index, value);
		}
	}
	if (fflush(stdout) != 0) {
		mc_err_set(&err, MC_EIO, "cannot write to standard output: %s", strerror(errno));
		goto fail;
	}
	mc_arena_release(&a);
	return MC_EXIT_OK;
fail:
	mc_arena_release(&a);
	return mc__cli_fail("status", &err);
}

/* The resolver has one ctx for both callbacks: keys from the local resolver, lists
 * from the store. */
struct check_ctx {
	struct mc_resolver keys;
	struct mc_status_store *store;
};

static int method_cb(void *ctx, const char *vm_id, struct mc_arena *a, struct mc_resolved_method *out,
                     struct mc_err *err)
{
	struct check_ctx *cc = ctx;
	return cc->keys.method(cc->keys.ctx, vm_id, a, out, err);
}

static int status_cb(void *ctx, const char *url, struct mc_arena *a, const struct mc_json **out,
                     struct mc_err *err)
{
	struct check_ctx *cc = ctx;
	return mc_status_store_lookup(cc->store, url, a, out, err);
}

static int cmd_check(const struct args *o)
{
	struct mc_err err = {0};
	struct mc_arena a;
	struct mc_json *doc;
	struct mc_local_resolver keys;
	struct mc_status_store store;
	struct mc_report report;
	struct mc_time now;
	struct mc_buf out;
	int status;

	if (o->n_pos != 1)
		return mc__cli_usage_error("status",
		                           "check takes one CREDENTIAL.json (and --status LIST.json...)");
	mc_arena_init(&a, 0);
	mc_local_resolver_init(&keys);
	mc_status_store_init(&store);
	mc_buf_init(&out, MC_BUF_NOLIMIT);
	mc_report_init(&report, &a);
	struct mc_status_check_opts so = {.allow_other_issuer = o->other_issuer};
	if (o->now) {
		if (mc_time_parse(&now, o->now, strlen(o->now), &err) != 0) {
			mc_err_prefix(&err, "--now");
			goto fail;
		}
		so.now = &now;
	}
	for (size_t i = 0; i < o->n_keys; i++)
		if (mc_local_resolver_add_keys_file(&keys, o->keys[i], &err) != 0)
			goto fail;
	for (size_t i = 0; i < o->n_status; i++)
		if (mc_status_store_add_file(&store, o->status[i], &err) != 0)
			goto fail;
	if (read_json(&a, o->pos[0], &doc, &err) != 0)
		goto fail;
	struct check_ctx cc = {.keys = mc_local_resolver(&keys), .store = &store};
	struct mc_resolver r = {.method = method_cb, .status_list = status_cb, .ctx = &cc};
	int rc = mc_status_check(&a, doc, &r, &report, &so, &err);
	if (rc != 0 && rc != MC_EVERIFY)
		goto fail;
	if (report.len == 0)
		mc_report_add(&report, "status", MC_CHECK_SKIPPED,
		              "The credential has no credentialStatus: there is "
		              "no status to check.");
	if (o->json) {
		struct mc_json *j;
		mc_report_to_json(&report, &j);
		mc_json_write(&out, j, MC_JSON_PRETTY);
		mc_buf_putc(&out, '\n');
	} else {
		mc_report_write_text(&report, &out);
	}
	if (mc__cli_write_stdout(out.ptr, out.len, &err) != 0)
		goto fail;
	status = mc_report_verified(&report) ? MC_EXIT_OK : MC_EXIT_NEGATIVE;
	goto done;
fail:
	status = mc__cli_fail("status", &err);
done:
	mc_buf_release(&out);
	mc_status_store_release(&store);
	mc_local_resolver_release(&keys);
	mc_arena_release(&a);
	return status;
}

int mc__cmd_status(int argc, char **argv)
{
	struct args o;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? MC_EXIT_USAGE : MC_EXIT_OK;
	}
	if (mc__cli_wants_help(argc, argv)) {
		usage(stdout);
		return MC_EXIT_OK;
	}
	int rc = parse_args(argc, argv, &o);
	if (rc)
		return rc < 0 ? MC_EXIT_OK : rc;
	if (strcmp(o.sub, "new") == 0)
		return cmd_new(&o);
	if (strcmp(o.sub, "set") == 0)
		return cmd_set(&o);
	if (strcmp(o.sub, "get") == 0)
		return cmd_get(&o);
	if (strcmp(o.sub, "check") == 0)
		return cmd_check(&o);
	return mc__cli_usage_error("status", "unknown subcommand '%s'; expected new, set, get or check",
	                           o.sub);
}
