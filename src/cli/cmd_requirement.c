/* microcred requirement add|list|remove — what earning a micro-credential takes
 * (include/microcred/achievement.h). The kind's flags become the requirement's
 * config object, checked by the service, which names member and flag. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "microcred/achievement.h"
#include "microcred/app.h"
#include "microcred/json.h"

#include "cli/cli.h"

#define CMD "requirement"

enum {
	OPT_DB = 256,
	OPT_BASE_URL,
	OPT_JSON,
	OPT_KIND,
	OPT_TITLE,
	OPT_DESCRIPTION,
	OPT_MODE,
	OPT_CONFIG,
	OPT_RUBRIC,
	OPT_PROCTORED,
	OPT_CFG, /* + index into cfg_flags[] */
};

/* Config members set by a flag with a value ('n' number, 's' text). */
static const struct {
	const char *flag, *member;
	char type;
} cfg_flags[] = {
    {"pass-threshold", "pass_threshold", 'n'},
    {"sessions", "sessions", 'n'},
    {"session-type", "session_type", 's'},
    {"min-items", "min_items", 'n'},
    {"pass-score", "pass_score", 'n'},
    {"max-score", "max_score", 'n'},
    {"max-attempts", "max_attempts", 'n'},
    {"identity-verification", "identity_verification", 's'},
    {"count", "count", 'n'},
};
#define N_CFG (sizeof(cfg_flags) / sizeof(cfg_flags[0]))

static void usage(FILE *f)
{
	fprintf(
	    f,
	    "usage: microcred requirement add CREDENTIAL --kind KIND [--title T] [--description D]\n"
	    "                                 [--mode online|in-person] [KIND OPTIONS] [--config JSON] "
	    "[--json]\n"
	    "       microcred requirement list CREDENTIAL [--json]\n"
	    "       microcred requirement remove CREDENTIAL REQUIREMENT   (its number or id)\n"
	    "(all take --db PATH and --base-url URL)\n\n"
	    "What earning a micro-credential takes. Kinds and their options:\n"
	    "  assignment  --rubric 'CRITERION=POINTS' (repeat) --pass-threshold POINTS\n"
	    "  attendance  --sessions N [--session-type lecture|seminar]\n"
	    "  portfolio   --min-items N\n"
	    "  assessment  --pass-score S --max-score M [--max-attempts N] [--proctored]\n"
	    "              [--identity-verification none|photo-id|online-proctoring|in-person-check|eid]\n"
	    "  conference  --count N\n"
	    "  workplace   (a demonstration at work, attested by a named supervisor)\n"
	    "--config JSON gives the same as a JSON object (flags override its members).\n\n"
	    "Examples:\n"
	    "  microcred requirement add data-analysis --kind assignment --title \"Final project\" \\\n"
	    "      --rubric \"Analysis=40\" --rubric \"Presentation=60\" --pass-threshold 60\n"
	    "  microcred requirement add data-analysis --kind assessment --pass-score 70 --max-score 100 \\\n"
	    "      --max-attempts 3 --proctored --identity-verification online-proctoring\n"
	    "  microcred requirement list data-analysis --json\n");
}

static struct mc_json *cfg_member(struct mc_arena *a, struct mc_json *cfg, const char *member)
{
	struct mc_json *m = (struct mc_json *)mc_json_get(cfg, member);
	if (!m) {
		struct mc_json null;
		mc_json_set_null(&null);
		mc_json_object_set(a, cfg, member, strlen(member), &null);
		m = (struct mc_json *)mc_json_get(cfg, member);
	}
	return m;
}

static void number_or_text(struct mc_arena *a, struct mc_json *dst, const char *text)
{
	struct mc_json *v;
	if (mc_json_parse(a, text, strlen(text), NULL, &v, NULL) == 0 && mc_json_is_number(v))
		*dst = *v;
	else
		mc_json_set_string(a, dst, text, strlen(text));
}

static void put(struct mc_arena *a, struct mc_json *o, const char *key, const char *v)
{
	struct mc_json j;
	mc_json_set_string(a, &j, v, strlen(v));
	mc_json_object_set(a, o, key, strlen(key), &j);
}

int mc__cmd_requirement(int argc, char **argv)
{
	static struct option opts[N_CFG + 16];
	const char *db = NULL, *base_url = NULL, *config_text = NULL;
	bool json = false;
	int c, st = 0;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? MC_EXIT_USAGE : 0;
	}
	size_t k = 0;
	opts[k++] = (struct option){"db", required_argument, NULL, OPT_DB};
	opts[k++] = (struct option){"base-url", required_argument, NULL, OPT_BASE_URL};
	opts[k++] = (struct option){"json", no_argument, NULL, OPT_JSON};
	opts[k++] = (struct option){"help", no_argument, NULL, 'h'};
	opts[k++] = (struct option){"kind", required_argument, NULL, OPT_KIND};
	opts[k++] = (struct option){"title", required_argument, NULL, OPT_TITLE};
	opts[k++] = (struct option){"description", required_argument, NULL, OPT_DESCRIPTION};
	opts[k++] = (struct option){"mode", required_argument, NULL, OPT_MODE};
	opts[k++] = (struct option){"config", required_argument, NULL, OPT_CONFIG};
	opts[k++] = (struct option){"rubric", required_argument, NULL, OPT_RUBRIC};
	opts[k++] = (struct option){"proctored", no_argument, NULL, OPT_PROCTORED};
	for (size_t i = 0; i < N_CFG; i++)
		opts[k++] = (struct option){cfg_flags[i].flag, required_argument, NULL, OPT_CFG + (int)i};
	opts[k] = (struct option){NULL, 0, NULL, 0};

	const char *sub = argv[1];
	bool is_add = strcmp(sub, "add") == 0, is_list = strcmp(sub, "list") == 0;
	bool is_remove = strcmp(sub, "remove") == 0;
	if (!is_add && !is_list && !is_remove)
		return mc__cli_usage_error(CMD, "unknown subcommand '%s' (add, list, remove)", sub);

	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_json *req = mc_json_new_object(&a), *cfg = mc_json_new_object(&a);
	bool has_req_flags = false;
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c >= OPT_CFG && c < OPT_CFG + (int)N_CFG) {
			size_t i = (size_t)(c - OPT_CFG);
			struct mc_json *m = cfg_member(&a, cfg, cfg_flags[i].member);
			if (cfg_flags[i].type == 'n')
				number_or_text(&a, m, optarg);
			else
				mc_json_set_string(&a, m, optarg, strlen(optarg));
			has_req_flags = true;
			continue;
		}
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_BASE_URL: base_url = optarg; break;
		case OPT_JSON: json = true; break;
		case OPT_KIND:
			put(&a, req, "kind", optarg);
			has_req_flags = true;
			break;
		case OPT_TITLE:
			put(&a, req, "title", optarg);
			has_req_flags = true;
			break;
		case OPT_DESCRIPTION:
			put(&a, req, "description", optarg);
			has_req_flags = true;
			break;
		case OPT_MODE:
			put(&a, req, "mode", optarg);
			has_req_flags = true;
			break;
		case OPT_CONFIG:
			config_text = optarg;
			has_req_flags = true;
			break;
		case OPT_PROCTORED:
			mc_json_set_bool(cfg_member(&a, cfg, "proctored"), true);
			has_req_flags = true;
			break;
		case OPT_RUBRIC: {
			const char *eq = strrchr(optarg, '=');
			if (!eq || eq == optarg || !eq[1]) {
				st = mc__cli_usage_error(
				    CMD, "--rubric '%s': write 'CRITERION=POINTS', e.g. 'Analysis=40'",
				    optarg);
				goto out;
			}
			struct mc_json *r = cfg_member(&a, cfg, "rubric");
			if (!mc_json_is_array(r))
				mc_json_set_array(r);
			struct mc_json *item = mc_json_array_push(&a, r);
			mc_json_set_object(item);
			struct mc_json name, pts;
			mc_json_set_string(&a, &name, optarg, (size_t)(eq - optarg));
			mc_json_object_set(&a, item, "criterion", 9, &name);
			number_or_text(&a, &pts, eq + 1);
			mc_json_object_set(&a, item, "points", 6, &pts);
			has_req_flags = true;
			break;
		}
		case 'h': usage(stdout); goto out;
		default: st = mc__cli_usage_error(CMD, "unknown option '%s'", argv[optind - 1]); goto out;
		}
	}
	int want_args = is_remove ? 2 : 1;
	if (argc - optind != want_args) {
		st = mc__cli_usage_error(CMD, "%s needs %s", sub,
		                         is_remove ? "CREDENTIAL and REQUIREMENT (its number or id)"
		                                   : "one CREDENTIAL (slug or id)");
		goto out;
	}
	if (!is_add && has_req_flags) {
		st = mc__cli_usage_error(CMD, "%s takes no requirement options", sub);
		goto out;
	}
	const char *ref = argv[optind];
	struct mc_err err = {0};

	if (is_add) {
		/* --config first, then the flags over it. */
		struct mc_json *config = cfg;
		if (config_text) {
			if (mc_json_parse(&a, config_text, strlen(config_text), NULL, &config, &err) != 0) {
				mc_err_prefix(&err, "--config");
				st = mc__cli_fail(CMD, &err);
				goto out;
			}
			if (mc_json_is_object(config))
				for (uint32_t i = 0; i < cfg->len; i++)
					mc_json_object_set(&a, config, cfg->v.members[i].key.ptr,
					                   cfg->v.members[i].key.len,
					                   &cfg->v.members[i].value);
		}
		if (config_text || cfg->len)
			mc_json_object_set(&a, req, "config", 6, config);
	}

	struct mc_app app;
	if ((st = mc__cli_open_app(CMD, &app, db, base_url)))
		goto out;
	int rc;
	if (is_add) {
		struct mc_requirement *r;
		rc = mc_requirement_add(&app, &a, ref, req, &r, &err);
		if (!rc && json) {
			struct mc_json *j;
			mc_requirement_to_json(&a, r, &j);
			st = mc__cli_print_json(CMD, j);
		} else if (!rc) {
			printf("added requirement %lld to %s: %s (%s)\n", (long long)r->position, ref,
			       r->title, mc_requirement_summary(&a, r));
		}
	} else if (is_list) {
		struct mc_requirement *reqs;
		size_t n;
		rc = mc_requirement_list(&app, &a, ref, &reqs, &n, &err);
		if (!rc && json) {
			struct mc_json *arr = mc_json_new_array(&a);
			for (size_t i = 0; i < n; i++) {
				struct mc_json *j;
				mc_requirement_to_json(&a, &reqs[i], &j);
				mc_json_array_append(&a, arr, j);
			}
			st = mc__cli_print_json(CMD, arr);
		} else if (!rc) {
			for (size_t i = 0; i < n; i++)
				printf("%lld. %s (%s)  [%s]\n", (long long)reqs[i].position, reqs[i].title,
				       mc_requirement_summary(&a, &reqs[i]), reqs[i].id);
			if (n == 0)
				printf("no requirements yet; add one with 'microcred requirement add %s "
				       "--kind ...'\n",
				       ref);
		}
	} else {
		rc = mc_requirement_remove(&app, ref, argv[optind + 1], &err);
		if (!rc)
			printf("removed requirement %s of %s\n", argv[optind + 1], ref);
	}
	if (rc)
		st = mc__cli_fail(CMD, &err);
	mc_app_close(&app);
out:
	mc_arena_release(&a);
	return st;
}
