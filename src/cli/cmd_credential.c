/* microcred credential create|update|publish|archive|list|show — the micro-credential
 * catalogue (include/microcred/achievement.h). Flags are turned into the JSON shape
 * of docs/micro-credentials.md, so flags and --from FILE are checked by the same
 * service code and its messages name both the member and the flag. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "microcred/achievement.h"
#include "microcred/app.h"
#include "microcred/json.h"

#include "cli/cli.h"

#define CMD "credential"

enum {
	OPT_DB = 256,
	OPT_BASE_URL,
	OPT_JSON,
	OPT_FROM,
	OPT_CLEAR,
	OPT_ACHIEVEMENT,
	OPT_STATE,
	OPT_SEARCH,
	OPT_LIMIT,
	OPT_OFFSET,
	OPT_MEMBER, /* + index into members[] */
};

/* Flags that set one member of the spec. Lists (outcomes, tags, alignments) repeat. */
static const struct {
	const char *flag, *member;
	char type; /* s text, n number, l list of texts, a alignment */
} members[] = {
    {"issuer", "issuer", 's'},
    {"slug", "slug", 's'},
    {"title", "title", 's'},
    {"description", "description", 's'},
    {"criteria", "criteria", 's'},
    {"outcome", "outcomes", 'l'},
    {"align", "alignments", 'a'},
    {"eqf-level", "eqf_level", 'n'},
    {"workload-hours", "workload_hours", 'n'},
    {"ects", "ects", 'n'},
    {"cost", "cost", 'n'},
    {"currency", "currency", 's'},
    {"delivery-mode", "delivery_mode", 's'},
    {"duration", "duration", 's'},
    {"assessment-type", "assessment_type", 's'},
    {"participation-form", "participation_form", 's'},
    {"quality-assurance", "quality_assurance", 's'},
    {"prerequisites", "prerequisites", 's'},
    {"category", "category", 's'},
    {"language", "language", 's'},
    {"tag", "tags", 'l'},
    {"image", "image", 's'},
    {"validity-months", "validity_months", 'n'},
};
#define N_MEMBERS (sizeof(members) / sizeof(members[0]))

static void usage(FILE *f)
{
	fprintf(f, "usage: microcred credential create --issuer ISSUER [--from FILE] [FIELDS...] [--json]\n"
	           "       microcred credential update CREDENTIAL [--from FILE] [FIELDS...] [--clear "
	           "MEMBER]... [--json]\n"
	           "       microcred credential publish|archive CREDENTIAL [--json]\n"
	           "       microcred credential list [--issuer I] [--state S] [--category C] [--language L]\n"
	           "                                 [--delivery-mode M] [--search TEXT] [--limit N] "
	           "[--offset N] [--json]\n"
	           "       microcred credential show CREDENTIAL [--json | --achievement]\n"
	           "(all take --db PATH and --base-url URL; CREDENTIAL is a slug or id)\n\n"
	           "The catalogue of micro-credentials (Open Badges 3.0 Achievements of type\n"
	           "MicroCredential). A new one is a draft; 'publish' checks that every mandatory\n"
	           "element of the EU Council Recommendation on micro-credentials (2022) is there,\n"
	           "and at least one requirement ('microcred requirement add'), and lists what is\n"
	           "missing. Published ones take only changes that keep them complete; 'archive'\n"
	           "hides one from the catalogue. --from FILE reads the JSON shape described in\n"
	           "docs/micro-credentials.md; flags given too override its members.\n\n"
	           "FIELDS (each sets the JSON member of the same name, '-' for '_'):\n"
	           "  --title TEXT --slug SLUG --description TEXT --criteria MARKDOWN\n"
	           "  --outcome TEXT                 a learning outcome (repeat)\n"
	           "  --align 'FRAMEWORK|CODE|NAME|URL[|TYPE]'  a skill / alignment, e.g. ESCO (repeat)\n"
	           "  --eqf-level 1-8  --workload-hours H  --ects N  --cost AMOUNT --currency EUR\n"
	           "  --delivery-mode online|in-person|blended  --duration P6W (ISO 8601)\n"
	           "  --assessment-type TEXT --participation-form TEXT --quality-assurance TEXT\n"
	           "  --prerequisites TEXT --language en-GB --tag TEXT (repeat) --image URL\n"
	           "  --category digital-skills|soft-skills|industry-specific|emerging-technologies\n"
	           "  --validity-months N            awards expire N months after issuing\n"
	           "  --clear MEMBER                 (update) remove a member, e.g. --clear prerequisites\n\n"
	           "show --achievement prints the OB 3.0 Achievement that awards embed.\n\n"
	           "Examples:\n"
	           "  microcred credential create --issuer example-university --title \"Data Analysis with "
	           "Python\" \\\n"
	           "      --outcome \"Clean a data set with pandas\" --eqf-level 5 --ects 3 --delivery-mode "
	           "online \\\n"
	           "      --assessment-type \"project\" --quality-assurance \"internal QA\" --language en\n"
	           "  microcred credential create --issuer example-university --from data-analysis.json\n"
	           "  microcred credential publish data-analysis-with-python\n"
	           "  microcred credential list --category digital-skills --search python --json\n");
}

/* A flag's text as a JSON value: a number when it reads as one, else a string (so
 * the service can say "must be a number, not the text ..."). */
static void flag_value(struct mc_arena *a, struct mc_json *dst, const char *text, bool numeric)
{
	struct mc_json *v;
	if (numeric && mc_json_parse(a, text, strlen(text), NULL, &v, NULL) == 0 && mc_json_is_number(v)) {
		*dst = *v;
		return;
	}
	mc_json_set_string(a, dst, text, strlen(text));
}

static struct mc_json *spec_member(struct mc_arena *a, struct mc_json *spec, const char *member)
{
	struct mc_json *m = (struct mc_json *)mc_json_get(spec, member);
	if (!m) {
		struct mc_json null;
		mc_json_set_null(&null);
		mc_json_object_set(a, spec, member, strlen(member), &null);
		m = (struct mc_json *)mc_json_get(spec, member);
	}
	return m;
}

/* "FRAMEWORK|CODE|NAME|URL[|TYPE]" -> {"framework", "code", "name", "url", "type"}. */
static int parse_align(struct mc_arena *a, const char *text, struct mc_json *out)
{
	static const char *const keys[] = {"framework", "code", "name", "url", "type"};
	const char *parts[6];
	size_t lens[6], n = 0;
	const char *p = text;
	for (;;) {
		const char *bar = strchr(p, '|');
		if (n == 5)
			return -1;
		parts[n] = p;
		lens[n++] = bar ? (size_t)(bar - p) : strlen(p);
		if (!bar)
			break;
		p = bar + 1;
	}
	if (n < 4)
		return -1;
	mc_json_set_object(out);
	for (size_t i = 0; i < n; i++) {
		if (!lens[i])
			continue;
		struct mc_json v;
		mc_json_set_string(a, &v, parts[i], lens[i]);
		mc_json_object_set(a, out, keys[i], strlen(keys[i]), &v);
	}
	return 0;
}

static int print_record(struct mc_app *app, struct mc_arena *a, const struct mc_achievement *x,
                        struct mc_err *err)
{
	struct mc_json *j;
	int rc = mc_achievement_to_json(app, a, x, &j, err);
	if (rc)
		return mc__cli_fail(CMD, err);
	return mc__cli_print_json(CMD, j);
}

/* After a refused publish, one line per missing element with the flag to set it. */
static void explain_missing(struct mc_app *app, struct mc_arena *a, const char *ref)
{
	struct mc_achievement *x;
	const struct mc_eu_element **missing;
	size_t n;
	struct mc_err err = {0};
	if (mc_achievement_get(app, a, ref, &x, &err) ||
	    mc_achievement_missing(app, a, x, &missing, &n, &err))
		return;
	for (size_t i = 0; i < n; i++)
		fprintf(stderr, "  missing: %s%s — set with %s\n", missing[i]->name,
		        missing[i]->eu ? " [EU]" : "", missing[i]->flag);
}

static void print_human(struct mc_app *app, struct mc_arena *a, const struct mc_achievement *x)
{
	struct mc_requirement *reqs;
	size_t n = 0;
	struct mc_err err = {0};
	printf("%s  (%s, %s)\n", x->title, x->slug, x->state);
	printf("  issuer: %s\n", x->issuer_slug);
	if (x->description)
		printf("  description: %s\n", x->description);
	for (size_t i = 0; i < x->n_outcomes; i++)
		printf("  outcome: %s\n", x->outcomes[i]);
	for (size_t i = 0; i < x->n_alignments; i++)
		printf("  alignment: %s%s%s (%s)\n",
		       x->alignments[i].framework ? x->alignments[i].framework : "",
		       x->alignments[i].framework ? ": " : "", x->alignments[i].name, x->alignments[i].url);
	if (x->level_eqf)
		printf("  level: EQF %d\n", x->level_eqf);
	if (x->has_ects)
		printf("  ECTS: %g\n", x->ects);
	if (x->has_workload_hours)
		printf("  workload: %g hours\n", x->workload_hours);
	if (x->has_cost)
		printf("  cost: %.2f %s\n", x->cost_amount, x->cost_currency ? x->cost_currency : "");
	if (x->delivery_mode)
		printf("  delivery mode: %s\n", x->delivery_mode);
	if (x->duration)
		printf("  duration: %s\n", x->duration);
	if (x->category)
		printf("  category: %s\n", x->category);
	if (x->language)
		printf("  language: %s\n", x->language);
	if (mc_requirement_list(app, a, x->slug, &reqs, &n, &err) == 0)
		for (size_t i = 0; i < n; i++)
			printf("  requirement %lld: %s (%s)\n", (long long)reqs[i].position, reqs[i].title,
			       mc_requirement_summary(a, &reqs[i]));
}

int mc__cmd_credential(int argc, char **argv)
{
	static struct option opts[N_MEMBERS + 16];
	const char *db = NULL, *base_url = NULL, *from = NULL;
	bool json = false, as_achievement = false;
	struct mc_achievement_filter filter = {0};
	int c;

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? MC_EXIT_USAGE : 0;
	}
	size_t k = 0;
	opts[k++] = (struct option){"db", required_argument, NULL, OPT_DB};
	opts[k++] = (struct option){"base-url", required_argument, NULL, OPT_BASE_URL};
	opts[k++] = (struct option){"json", no_argument, NULL, OPT_JSON};
	opts[k++] = (struct option){"help", no_argument, NULL, 'h'};
	opts[k++] = (struct option){"from", required_argument, NULL, OPT_FROM};
	opts[k++] = (struct option){"clear", required_argument, NULL, OPT_CLEAR};
	opts[k++] = (struct option){"achievement", no_argument, NULL, OPT_ACHIEVEMENT};
	opts[k++] = (struct option){"state", required_argument, NULL, OPT_STATE};
	opts[k++] = (struct option){"search", required_argument, NULL, OPT_SEARCH};
	opts[k++] = (struct option){"limit", required_argument, NULL, OPT_LIMIT};
	opts[k++] = (struct option){"offset", required_argument, NULL, OPT_OFFSET};
	for (size_t i = 0; i < N_MEMBERS; i++)
		opts[k++] = (struct option){members[i].flag, required_argument, NULL, OPT_MEMBER + (int)i};
	opts[k] = (struct option){NULL, 0, NULL, 0};

	const char *sub = argv[1];
	bool is_create = strcmp(sub, "create") == 0, is_update = strcmp(sub, "update") == 0;
	bool is_list = strcmp(sub, "list") == 0;
	if (!is_create && !is_update && !is_list && strcmp(sub, "publish") != 0 &&
	    strcmp(sub, "archive") != 0 && strcmp(sub, "show") != 0)
		return mc__cli_usage_error(
		    CMD, "unknown subcommand '%s' (create, update, publish, archive, list, show)", sub);

	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_json *flags = mc_json_new_object(&a);
	int st = 0;
	bool spec_flags = false;
	optind = 2;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if (c >= OPT_MEMBER && c < OPT_MEMBER + (int)N_MEMBERS) {
			size_t i = (size_t)(c - OPT_MEMBER);
			/* For list, --issuer/--category/--language/--delivery-mode filter. */
			if (is_list) {
				if (strcmp(members[i].member, "issuer") == 0)
					filter.issuer_ref = optarg;
				else if (strcmp(members[i].member, "category") == 0)
					filter.category = optarg;
				else if (strcmp(members[i].member, "language") == 0)
					filter.language = optarg;
				else if (strcmp(members[i].member, "delivery_mode") == 0)
					filter.delivery_mode = optarg;
				else
					st = mc__cli_usage_error(CMD, "list does not take --%s",
					                         members[i].flag);
				if (st)
					goto out;
				continue;
			}
			spec_flags = true;
			struct mc_json *m = spec_member(&a, flags, members[i].member);
			switch (members[i].type) {
			case 's': mc_json_set_string(&a, m, optarg, strlen(optarg)); break;
			case 'n': flag_value(&a, m, optarg, true); break;
			case 'l':
				if (!mc_json_is_array(m))
					mc_json_set_array(m);
				mc_json_set_string(&a, mc_json_array_push(&a, m), optarg, strlen(optarg));
				break;
			case 'a':
				if (!mc_json_is_array(m))
					mc_json_set_array(m);
				if (parse_align(&a, optarg, mc_json_array_push(&a, m)) != 0) {
					st = mc__cli_usage_error(
					    CMD,
					    "--align '%s': write 'FRAMEWORK|CODE|NAME|URL[|TYPE]', e.g. "
					    "'ESCO|S5.6.1|use spreadsheets software|http://data.europa.eu/"
					    "esco/skill/...' (FRAMEWORK and CODE may be empty)",
					    optarg);
					goto out;
				}
				break;
			}
			continue;
		}
		switch (c) {
		case OPT_DB: db = optarg; break;
		case OPT_BASE_URL: base_url = optarg; break;
		case OPT_JSON: json = true; break;
		case OPT_FROM: from = optarg; break;
		case OPT_CLEAR: {
			struct mc_json null;
			mc_json_set_null(&null);
			mc_json_object_set(&a, flags, optarg, strlen(optarg), &null);
			spec_flags = true;
			break;
		}
		case OPT_ACHIEVEMENT: as_achievement = true; break;
		case OPT_STATE: filter.state = optarg; break;
		case OPT_SEARCH: filter.text = optarg; break;
		case OPT_LIMIT:
		case OPT_OFFSET: {
			char *end;
			unsigned long long v = strtoull(optarg, &end, 10);
			if (!*optarg || *end || optarg[0] == '-') {
				st = mc__cli_usage_error(CMD, "--%s '%s' must be a whole number",
				                         c == OPT_LIMIT ? "limit" : "offset", optarg);
				goto out;
			}
			if (c == OPT_LIMIT)
				filter.limit = (size_t)v;
			else
				filter.offset = (size_t)v;
			break;
		}
		case 'h': usage(stdout); goto out;
		default: st = mc__cli_usage_error(CMD, "unknown option '%s'", argv[optind - 1]); goto out;
		}
	}

	bool needs_ref = !is_create && !is_list;
	if (needs_ref && optind != argc - 1) {
		st = mc__cli_usage_error(CMD, "%s needs one CREDENTIAL (its slug or id)", sub);
		goto out;
	}
	if (!needs_ref && optind != argc) {
		st = mc__cli_usage_error(CMD, "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	if ((from || spec_flags) && !is_create && !is_update) {
		st = mc__cli_usage_error(CMD, "%s takes no fields; use 'credential update'", sub);
		goto out;
	}
	const char *ref = needs_ref ? argv[optind] : NULL;

	/* The spec: the file's members, then the flags over them. */
	struct mc_json *spec = flags;
	struct mc_err err = {0};
	if (from) {
		struct mc_buf b;
		mc_buf_init(&b, MC_CLI_MAX_INPUT);
		int rc = mc__cli_read(from, &b, &err);
		if (!rc)
			rc = mc_json_parse(&a, b.ptr, b.len, NULL, &spec, &err);
		mc_buf_release(&b);
		if (rc) {
			mc_err_prefix(&err, "%s", from);
			st = mc__cli_fail(CMD, &err);
			goto out;
		}
		if (!mc_json_is_object(spec)) {
			mc_err_set(&err, MC_EINVAL,
			           "%s: a micro-credential file holds one JSON object (see "
			           "docs/micro-credentials.md)",
			           from);
			st = mc__cli_fail(CMD, &err);
			goto out;
		}
		for (uint32_t i = 0; i < flags->len; i++)
			mc_json_object_set(&a, spec, flags->v.members[i].key.ptr, flags->v.members[i].key.len,
			                   &flags->v.members[i].value);
	}

	struct mc_app app;
	if ((st = mc__cli_open_app(CMD, &app, db, base_url)))
		goto out;
	struct mc_achievement *x = NULL;
	int rc = 0;
	if (is_create) {
		rc = mc_achievement_create(&app, &a, NULL, spec, &x, &err);
		if (!rc && !json)
			printf("created micro-credential %s (draft); add requirements with 'microcred "
			       "requirement add %s', "
			       "then 'microcred credential publish %s'\n",
			       x->slug, x->slug, x->slug);
	} else if (is_update) {
		rc = mc_achievement_update(&app, &a, ref, spec, &x, &err);
		if (!rc && !json)
			printf("updated micro-credential %s (%s)\n", x->slug, x->state);
	} else if (strcmp(sub, "publish") == 0) {
		rc = mc_achievement_publish(&app, &a, ref, &x, &err);
		if (!rc && !json)
			printf("published micro-credential %s (achievement id %s/achievements/%s)\n", x->slug,
			       app.base_url, x->slug);
		if (rc == MC_ESTATE) {
			st = mc__cli_fail(CMD, &err);
			explain_missing(&app, &a, ref);
			mc_app_close(&app);
			goto out;
		}
	} else if (strcmp(sub, "archive") == 0) {
		rc = mc_achievement_archive(&app, &a, ref, &x, &err);
		if (!rc && !json)
			printf(
			    "archived micro-credential %s (hidden from the catalogue; awards stay valid)\n",
			    x->slug);
	} else if (strcmp(sub, "show") == 0) {
		rc = mc_achievement_get(&app, &a, ref, &x, &err);
		if (!rc && as_achievement) {
			struct mc_json *ob;
			if (!(rc = mc_achievement_json(&app, &a, x, &ob, &err)))
				st = mc__cli_print_json(CMD, ob);
			x = NULL;
		} else if (!rc && !json) {
			print_human(&app, &a, x);
		}
	} else { /* list */
		struct mc_achievement **list;
		size_t n, total;
		rc = mc_achievement_list(&app, &a, &filter, &list, &n, &total, &err);
		if (!rc && json) {
			struct mc_json *o = mc_json_new_object(&a), *items = mc_json_new_array(&a), v;
			for (size_t i = 0; i < n && !rc; i++) {
				struct mc_json *j;
				if (!(rc = mc_achievement_to_json(&app, &a, list[i], &j, &err)))
					mc_json_array_append(&a, items, j);
			}
			mc_json_set_int(&a, &v, (int64_t)total);
			mc_json_object_set(&a, o, "total", 5, &v);
			mc_json_set_int(&a, &v, (int64_t)filter.offset);
			mc_json_object_set(&a, o, "offset", 6, &v);
			mc_json_object_set(&a, o, "items", 5, items);
			if (!rc)
				st = mc__cli_print_json(CMD, o);
		} else if (!rc) {
			for (size_t i = 0; i < n; i++)
				printf("%-32s %-9s %-21s %-6s %s\n", list[i]->slug, list[i]->state,
				       list[i]->category ? list[i]->category : "-",
				       list[i]->language ? list[i]->language : "-", list[i]->title);
			printf("(%zu of %zu shown)\n", n, total);
		}
		x = NULL;
	}
	if (rc)
		st = mc__cli_fail(CMD, &err);
	else if (json && x)
		st = print_record(&app, &a, x, &err);
	mc_app_close(&app);
out:
	mc_arena_release(&a);
	return st;
}
