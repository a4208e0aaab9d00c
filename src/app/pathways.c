/* Pathways: stacked credentials earned by satisfying a rule tree over other
 * achievements, awarded automatically. See include/microcred/lifecycle.h.
 *
 * The rule is checked and normalised once (slugs -> ids) when it is stored, so the
 * evaluation after each award reads ids only. A pathway may name other pathways'
 * achievements (stacks of stacks); a pathway that, through others, requires itself
 * could never be earned, so it is refused when its rule is stored. */
#include <stdio.h>
#include <string.h>

#include "microcred/achievement.h"
#include "microcred/issuer.h"
#include "microcred/lifecycle.h"

#include "store/achievements.h"
#include "store/lifecycle.h"

/* ---- small helpers ---- */

static void put_str(struct mc_arena *a, struct mc_json *o, const char *k, const char *v)
{
	if (v)
		mc_json_object_set(a, o, k, strlen(k), mc_json_new_cstr(a, v));
}

static void put(struct mc_arena *a, struct mc_json *o, const char *k, const struct mc_json *v)
{
	mc_json_object_set(a, o, k, strlen(k), v);
}

static char *to_text(struct mc_arena *a, const struct mc_json *v)
{
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_json_write(&b, v, MC_JSON_COMPACT);
	char *s = mc_arena_memdup(a, b.ptr, b.len + 1);
	mc_buf_release(&b);
	return s;
}

struct mc_json *mc_pathway_rule_from_list(struct mc_arena *a, const char *kind, int64_t n, const char *list)
{
	struct mc_json *of = mc_json_new_array(a);
	const char *p = list ? list : "";
	while (*p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		while (len && (*p == ' ' || *p == '\t'))
			p++, len--;
		while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		struct mc_json *leaf = mc_json_new_object(a);
		mc_json_object_set(a, leaf, "achievement", 11, mc_json_new_string(a, p, len));
		mc_json_array_append(a, of, leaf);
		if (!comma)
			break;
		p = comma + 1;
	}
	struct mc_json *rule = mc_json_new_object(a);
	if (n > 0) {
		put(a, rule, "n", mc_json_new_int(a, n));
		put(a, rule, "of", of);
	} else {
		put(a, rule, kind && strcmp(kind, "any") == 0 ? "any" : "all", of);
	}
	return rule;
}

/* ---- checking and normalising a rule ---- */

struct check {
	struct mc_app *app;
	struct mc_arena *a;
	const char *self_id, *self_slug;
	size_t nodes;
};

static int check_node(struct check *k, const struct mc_json *node, const char *path, unsigned depth,
                      struct mc_json **out, struct mc_err *err);

static int check_list(struct check *k, const struct mc_json *list, const char *path, unsigned depth,
                      struct mc_json **out, struct mc_err *err)
{
	if (!mc_json_is_array(list) || list->len == 0)
		return mc_err_set(err, MC_EINVAL, "%s must be a non-empty array of rules", path);
	struct mc_json *arr = mc_json_new_array(k->a);
	for (uint32_t i = 0; i < list->len; i++) {
		struct mc_json *child;
		char *cp = mc_arena_printf(k->a, "%s[%u]", path, i);
		int rc = check_node(k, &list->v.items[i], cp, depth + 1, &child, err);
		if (rc)
			return rc;
		/* The same achievement twice in one list would count one credential twice. */
		const char *id = mc_json_get_str(child, "achievement");
		for (uint32_t j = 0; id && j < arr->len; j++) {
			const char *other = mc_json_get_str(&arr->v.items[j], "achievement");
			if (other && strcmp(other, id) == 0)
				return mc_err_set(err, MC_EINVAL,
				                  "%s names the same achievement as %s[%u]; name each once",
				                  cp, path, j);
		}
		mc_json_array_append(k->a, arr, child);
	}
	*out = arr;
	return 0;
}

static int check_leaf(struct check *k, const struct mc_json *v, const char *path, struct mc_json **out,
                      struct mc_err *err)
{
	if (!mc_json_is_string(v) || v->len == 0)
		return mc_err_set(err, MC_EINVAL,
		                  "%s.achievement must be a micro-credential's slug or id (a string)", path);
	const char *ref = v->v.str;
	if ((k->self_id && strcmp(ref, k->self_id) == 0) || (k->self_slug && strcmp(ref, k->self_slug) == 0))
		return mc_err_set(
		    err, MC_EINVAL,
		    "%s: the pathway names itself ('%s'), a cycle: a pathway cannot be one of its own "
		    "components",
		    path, ref);
	struct mc__achievement_ref ach;
	int rc = mc__store_achievement_ref(k->app->db, k->a, ref, &ach, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(
		    err, MC_ENOTFOUND,
		    "%s: no micro-credential or pathway '%s' (give its slug or id; 'microcred credential "
		    "list' shows them)",
		    path, ref);
	if (rc)
		return rc;
	if (k->self_id && strcmp(ach.id, k->self_id) == 0)
		return mc_err_set(err, MC_EINVAL, "%s: the pathway names itself ('%s'), a cycle", path, ref);
	struct mc_json *leaf = mc_json_new_object(k->a);
	put_str(k->a, leaf, "achievement", ach.id);
	*out = leaf;
	return 0;
}

static int check_node(struct check *k, const struct mc_json *node, const char *path, unsigned depth,
                      struct mc_json **out, struct mc_err *err)
{
	if (depth > MC_PATHWAY_MAX_DEPTH)
		return mc_err_set(err, MC_ELIMIT, "%s: the rule is nested more than %d levels deep", path,
		                  MC_PATHWAY_MAX_DEPTH);
	if (++k->nodes > MC_PATHWAY_MAX_NODES)
		return mc_err_set(err, MC_ELIMIT, "the rule has more than %d parts", MC_PATHWAY_MAX_NODES);
	if (!mc_json_is_object(node))
		return mc_err_set(
		    err, MC_EINVAL,
		    "%s must be an object: {\"all\": [...]}, {\"any\": [...]}, {\"n\": N, \"of\": [...]} "
		    "or {\"achievement\": \"slug\"}",
		    path);
	const struct mc_json *all = mc_json_get(node, "all"), *any = mc_json_get(node, "any"),
	                     *n = mc_json_get(node, "n"), *of = mc_json_get(node, "of"),
	                     *leaf = mc_json_get(node, "achievement");
	for (uint32_t i = 0; i < node->len; i++) {
		const char *key = node->v.members[i].key.ptr;
		if (strcmp(key, "all") && strcmp(key, "any") && strcmp(key, "n") && strcmp(key, "of") &&
		    strcmp(key, "achievement"))
			return mc_err_set(
			    err, MC_EINVAL,
			    "%s has an unknown member \"%s\"; a rule has all, any, n + of, or achievement",
			    path, key);
	}
	int kinds = (all != NULL) + (any != NULL) + (n != NULL || of != NULL) + (leaf != NULL);
	if (kinds != 1)
		return mc_err_set(
		    err, MC_EINVAL,
		    "%s must have exactly one of \"all\", \"any\", \"n\" with \"of\", or \"achievement\"",
		    path);
	struct mc_json *o = mc_json_new_object(k->a), *list;
	int rc;
	if (leaf)
		return check_leaf(k, leaf, path, out, err);
	if (all || any) {
		const char *key = all ? "all" : "any";
		if ((rc = check_list(k, all ? all : any, mc_arena_printf(k->a, "%s.%s", path, key), depth,
		                     &list, err)))
			return rc;
		put(k->a, o, key, list);
		*out = o;
		return 0;
	}
	int64_t count;
	if (!n || !of)
		return mc_err_set(err, MC_EINVAL,
		                  "%s: \"n\" and \"of\" go together ({\"n\": 2, \"of\": [...]})", path);
	if (!mc_json_is_number(n) || !mc_json_number_as_int(n, &count))
		return mc_err_set(err, MC_EINVAL, "%s.n must be a whole number", path);
	if ((rc = check_list(k, of, mc_arena_printf(k->a, "%s.of", path), depth, &list, err)))
		return rc;
	if (count < 1 || count > (int64_t)list->len)
		return mc_err_set(
		    err, MC_EINVAL,
		    "%s.n is %lld but must be between 1 and %u (the number of choices in \"of\")", path,
		    (long long)count, list->len);
	put(k->a, o, "n", mc_json_new_int(k->a, count));
	put(k->a, o, "of", list);
	*out = o;
	return 0;
}

static void collect_leaves(const struct mc_json *node, struct mc_arena *a, const char ***ids, size_t *n,
                           size_t *cap)
{
	const char *leaf = mc_json_get_str(node, "achievement");
	if (leaf) {
		*ids = mc_arena_grow(a, *ids, *n, cap, sizeof(**ids));
		(*ids)[(*n)++] = leaf;
		return;
	}
	const struct mc_json *list = mc_json_get(node, "all");
	if (!list)
		list = mc_json_get(node, "any");
	if (!list)
		list = mc_json_get(node, "of");
	for (uint32_t i = 0; list && mc_json_is_array(list) && i < list->len; i++)
		collect_leaves(&list->v.items[i], a, ids, n, cap);
}

/* Depth-first search through the pathways the rule names, looking for self. chain
 * collects the titles on the way for the message. */
struct cycle {
	struct mc_app *app;
	struct mc_arena *a;
	const char *self;
	const char **seen;
	size_t n_seen, cap_seen;
	unsigned steps;
};

static int find_cycle(struct cycle *c, const struct mc_json *rule, const char *chain, struct mc_err *err)
{
	const char **ids = NULL;
	size_t n = 0, cap = 0;
	collect_leaves(rule, c->a, &ids, &n, &cap);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(ids[i], c->self) == 0)
			return mc_err_set(
			    err, MC_EINVAL,
			    "the rule makes a cycle: %s -> (this pathway); a pathway cannot require itself "
			    "through other pathways",
			    chain);
		bool seen = false;
		for (size_t j = 0; j < c->n_seen && !seen; j++)
			seen = strcmp(c->seen[j], ids[i]) == 0;
		if (seen)
			continue;
		c->seen = mc_arena_grow(c->a, c->seen, c->n_seen, &c->cap_seen, sizeof(*c->seen));
		c->seen[c->n_seen++] = ids[i];
		if (++c->steps > 10000)
			return mc_err_set(err, MC_ELIMIT, "the pathways nest too deeply to check for cycles");
		struct mc__pathway_row *row;
		int rc = mc__store_pathway_find(c->app->db, c->a, ids[i], &row, err);
		if (rc == MC_ENOTFOUND)
			continue; /* a micro-credential, not a pathway */
		if (rc)
			return rc;
		struct mc_json *sub;
		if (mc_json_parse(c->a, row->rule, strlen(row->rule), NULL, &sub, NULL) != 0)
			continue;
		if ((rc = find_cycle(c, sub, mc_arena_printf(c->a, "%s -> %s", chain, row->slug), err)))
			return rc;
	}
	return 0;
}

int mc_pathway_rule_check(struct mc_app *app, struct mc_arena *a, const struct mc_json *rule,
                          const char *self_achievement_id, const char *self_slug, struct mc_json **normalised,
                          struct mc_err *err)
{
	if (!rule)
		return mc_err_set(err, MC_EINVAL,
		                  "the pathway needs a rule: --all a,b,c, --any a,b, --n N --of a,b,c, or "
		                  "--rule FILE.json");
	struct check k = {.app = app, .a = a, .self_id = self_achievement_id, .self_slug = self_slug};
	struct mc_json *norm;
	int rc = check_node(&k, rule, "rule", 0, &norm, err);
	if (rc)
		return rc;
	if (self_achievement_id) {
		struct cycle c = {.app = app, .a = a, .self = self_achievement_id};
		const char *start = self_slug ? self_slug : self_achievement_id;
		if ((rc = find_cycle(&c, norm, start, err)))
			return rc;
	}
	*normalised = norm;
	return 0;
}

/* ---- reading ---- */

static int from_row(struct mc_arena *a, const struct mc__pathway_row *r, struct mc_pathway **out,
                    struct mc_err *err)
{
	struct mc_pathway *p = MC_ARENA_NEW(a, struct mc_pathway);
	p->id = r->id;
	p->achievement_id = r->achievement_id;
	p->slug = r->slug;
	p->title = r->title;
	p->issuer_id = r->issuer_id;
	p->state = r->state;
	p->created_at = r->created_at;
	if (mc_json_parse(a, r->rule, strlen(r->rule), NULL, &p->rule, err) != 0)
		return mc_err_prefix(err, "the stored rule of pathway %s", r->slug);
	*out = p;
	return 0;
}

int mc_pathway_get(struct mc_app *app, struct mc_arena *a, const char *ref, struct mc_pathway **out,
                   struct mc_err *err)
{
	struct mc__pathway_row *r;
	int rc = mc__store_pathway_find(app->db, a, ref ? ref : "", &r, err);
	if (rc == MC_ENOTFOUND)
		return mc_err_set(
		    err, MC_ENOTFOUND,
		    "no pathway '%s' (give its slug or id; 'microcred pathway list' shows them)",
		    ref ? ref : "");
	if (rc)
		return rc;
	return from_row(a, r, out, err);
}

int mc_pathway_list(struct mc_app *app, struct mc_arena *a, const char *issuer_ref, struct mc_pathway ***out,
                    size_t *n, struct mc_err *err)
{
	const char *issuer_id = NULL;
	int rc;
	if (issuer_ref) {
		struct mc_issuer *is;
		if ((rc = mc_issuer_get(app, a, issuer_ref, &is, err)))
			return rc;
		issuer_id = is->id;
	}
	struct mc__pathway_row *rows;
	if ((rc = mc__store_pathway_list(app->db, a, issuer_id, &rows, n, err)))
		return rc;
	*out = mc_arena_alloc(a, (*n ? *n : 1) * sizeof(**out));
	for (size_t i = 0; i < *n; i++)
		if ((rc = from_row(a, &rows[i], &(*out)[i], err)))
			return rc;
	return 0;
}

struct mc_json *mc_pathway_json(struct mc_app *app, struct mc_arena *a, const struct mc_pathway *p)
{
	struct mc_json *o = mc_json_new_object(a);
	put_str(a, o, "id", p->id);
	put_str(a, o, "achievement", p->achievement_id);
	put_str(a, o, "achievementUrl", mc_arena_printf(a, "%s/achievements/%s", app->base_url, p->slug));
	put_str(a, o, "slug", p->slug);
	put_str(a, o, "title", p->title);
	put_str(a, o, "issuer", p->issuer_id);
	put_str(a, o, "state", p->state);
	put(a, o, "rule", p->rule);
	put_str(a, o, "created", p->created_at);
	return o;
}

/* The rule in words, with titles: "all of: A, B and C". */
static void describe(struct mc_app *app, struct mc_arena *a, const struct mc_json *node, struct mc_buf *b)
{
	const char *leaf = mc_json_get_str(node, "achievement");
	if (leaf) {
		struct mc__achievement_ref ach;
		struct mc_err e = {0};
		if (mc__store_achievement_ref(app->db, a, leaf, &ach, &e) == 0)
			mc_buf_printf(b, "\"%s\"", ach.title);
		else
			mc_buf_puts(b, leaf);
		return;
	}
	const struct mc_json *list = mc_json_get(node, "all");
	int64_t n = 0;
	if (list) {
		mc_buf_puts(b, "all of (");
	} else if ((list = mc_json_get(node, "any"))) {
		mc_buf_puts(b, "any one of (");
	} else {
		list = mc_json_get(node, "of");
		mc_json_number_as_int(mc_json_get(node, "n"), &n);
		mc_buf_printf(b, "%lld of (", (long long)n);
	}
	for (uint32_t i = 0; list && i < list->len; i++) {
		if (i)
			mc_buf_puts(b, ", ");
		describe(app, a, &list->v.items[i], b);
	}
	mc_buf_putc(b, ')');
}

/* ---- creating ---- */

struct create_ctx {
	struct mc_arena *a;
	const struct mc_pathway_input *in;
	const struct mc_issuer *issuer;
	const char *slug;
	struct mc_pathway *out;
};

static int create_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct create_ctx *c = p;
	struct mc_arena *a = c->a;
	struct mc__achievement_ref existing;
	int rc = mc__store_achievement_ref(app->db, a, c->slug, &existing, err);
	if (rc == 0)
		return mc_err_set(
		    err, MC_EEXIST,
		    "a micro-credential or pathway with slug '%s' already exists; choose another with "
		    "--slug",
		    c->slug);
	if (rc != MC_ENOTFOUND)
		return rc;
	struct mc_json *rule;
	if ((rc = mc_pathway_rule_check(app, a, c->in->rule, NULL, c->slug, &rule, err)))
		return rc;

	char now[32];
	mc_app_now_text(app, now);
	struct mc_buf words;
	mc_buf_init(&words, MC_BUF_NOLIMIT);
	describe(app, a, rule, &words);
	struct mc_achievement *ach = MC_ARENA_NEW(a, struct mc_achievement);
	ach->id = mc_app_new_id(a);
	ach->issuer_id = c->issuer->id;
	ach->slug = c->slug;
	ach->kind = "pathway";
	ach->title = c->in->title;
	ach->description = c->in->description && *c->in->description
	                       ? c->in->description
	                       : mc_arena_printf(a, "A stacked credential for holding %s.", words.ptr);
	ach->criteria = c->in->criteria && *c->in->criteria
	                    ? c->in->criteria
	                    : mc_arena_printf(a,
	                                      "Awarded automatically to learners who hold %s, each an active "
	                                      "credential that has not expired.",
	                                      words.ptr);
	ach->language = c->in->language ? c->in->language : "en";
	/* Published at once: a pathway has no requirements of its own to review, and
	 * the award engine awards only published achievements. */
	ach->state = "published";
	ach->published_at = mc_arena_strdup(a, now);
	ach->created_at = ach->published_at;
	ach->updated_at = ach->published_at;
	mc_buf_release(&words);
	if ((rc = mc__store_achievement_insert(app->db, ach, err)))
		return rc;
	const char *pid = mc_app_new_id(a);
	const char *rule_text = to_text(a, rule);
	if ((rc = mc__store_pathway_insert(app->db, pid, ach->id, rule_text, now, err)))
		return rc;
	struct mc_json *ev = mc_json_new_object(a);
	put_str(a, ev, "pathway", pid);
	put_str(a, ev, "achievement", ach->id);
	put(a, ev, "rule", rule);
	if ((rc = mc__store_lifecycle_event(app->db, "pathway.created", pid, to_text(a, ev), now, err)))
		return rc;
	struct mc_pathway *pw = MC_ARENA_NEW(a, struct mc_pathway);
	pw->id = pid;
	pw->achievement_id = ach->id;
	pw->slug = ach->slug;
	pw->title = ach->title;
	pw->issuer_id = ach->issuer_id;
	pw->state = ach->state;
	pw->rule = rule;
	pw->created_at = ach->created_at;
	c->out = pw;
	return 0;
}

static bool text_ok(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (n > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 && s[i] != '\n' && s[i] != '\t' && s[i] != '\r')
			return false;
	return true;
}

int mc_pathway_create(struct mc_app *app, struct mc_arena *a, const struct mc_pathway_input *in,
                      struct mc_pathway **out, struct mc_err *err)
{
	int rc;
	if (!in->issuer_ref || !*in->issuer_ref)
		return mc_err_set(err, MC_EINVAL, "which issuer awards the pathway? give --issuer SLUG");
	if (!in->title || !*in->title)
		return mc_err_set(err, MC_EINVAL,
		                  "the pathway needs a title (--title \"Data Science Foundations\")");
	if (!text_ok(in->title, 200))
		return mc_err_set(err, MC_EINVAL,
		                  "the title must be at most 200 bytes without control characters");
	if ((in->description && !text_ok(in->description, 20000)) ||
	    (in->criteria && !text_ok(in->criteria, 20000)))
		return mc_err_set(
		    err, MC_EINVAL,
		    "the description and criteria must be at most 20000 bytes without control characters");
	struct create_ctx c = {.a = a, .in = in};
	struct mc_issuer *is;
	if ((rc = mc_issuer_get(app, a, in->issuer_ref, &is, err)))
		return rc;
	c.issuer = is;
	c.slug = in->slug && *in->slug ? in->slug : mc_app_slugify(a, in->title);
	if (!c.slug || !*c.slug)
		return mc_err_set(err, MC_EINVAL, "could not make a slug from the title; give --slug");
	for (const char *p = c.slug; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
			return mc_err_set(err, MC_EINVAL,
			                  "slug '%s' may contain only lower-case letters, digits and '-'",
			                  c.slug);
	if ((rc = mc_app_tx(app, MC_TX_WRITE, create_tx, &c, err)))
		return rc;
	*out = c.out;
	return 0;
}

struct set_rule_ctx {
	struct mc_arena *a;
	const char *ref;
	const struct mc_json *rule;
	struct mc_pathway *out;
};

static int set_rule_tx(struct mc_app *app, void *p, struct mc_err *err)
{
	struct set_rule_ctx *c = p;
	struct mc_pathway *pw;
	struct mc_json *rule;
	int rc = mc_pathway_get(app, c->a, c->ref, &pw, err);
	if (rc || (rc = mc_pathway_rule_check(app, c->a, c->rule, pw->achievement_id, pw->slug, &rule, err)))
		return rc;
	const char *text = to_text(c->a, rule);
	if ((rc = mc__store_pathway_set_rule(app->db, pw->id, text, err)))
		return rc;
	char now[32];
	mc_app_now_text(app, now);
	struct mc_json *ev = mc_json_new_object(c->a);
	put_str(c->a, ev, "pathway", pw->id);
	put(c->a, ev, "rule", rule);
	if ((rc = mc__store_lifecycle_event(app->db, "pathway.rule_changed", pw->id, to_text(c->a, ev), now,
	                                    err)))
		return rc;
	pw->rule = rule;
	c->out = pw;
	return 0;
}

int mc_pathway_set_rule(struct mc_app *app, struct mc_arena *a, const char *ref, const struct mc_json *rule,
                        struct mc_pathway **out, struct mc_err *err)
{
	struct set_rule_ctx c = {.a = a, .ref = ref, .rule = rule};
	int rc = mc_app_tx(app, MC_TX_WRITE, set_rule_tx, &c, err);
	if (!rc)
		*out = c.out;
	return rc;
}

/* ---- evaluating ---- */

struct held {
	struct mc__held_credential *items;
	size_t n;
};

static const struct mc__held_credential *held_find(const struct held *h, const char *achievement_id)
{
	/* The newest credential for the achievement: items are oldest first. */
	for (size_t i = h->n; i-- > 0;)
		if (strcmp(h->items[i].achievement_id, achievement_id) == 0)
			return &h->items[i];
	return NULL;
}

struct comp_list {
	struct mc_pathway_component *items;
	size_t n, cap;
};

static void comp_add(struct mc_arena *a, struct comp_list *l, const struct mc__held_credential *h)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->items[i].credential_id, h->credential_id) == 0)
			return;
	l->items = mc_arena_grow(a, l->items, l->n, &l->cap, sizeof(*l->items));
	l->items[l->n++] = (struct mc_pathway_component){h->achievement_id, h->credential_id, h->sha256};
}

static void comp_concat(struct mc_arena *a, struct comp_list *to, const struct comp_list *from)
{
	for (size_t i = 0; i < from->n; i++) {
		struct mc__held_credential h = {from->items[i].achievement_id, from->items[i].credential_id,
		                                from->items[i].sha256, NULL};
		comp_add(a, to, &h);
	}
}

/* Evaluates node: *ok when satisfied; out gets the credentials that satisfy it (or,
 * when not satisfied, those that count towards it); *leaves counts the leaves. */
static void eval(struct mc_arena *a, const struct held *h, const struct mc_json *node, bool *ok,
                 struct comp_list *out, size_t *leaves)
{
	const char *leaf = mc_json_get_str(node, "achievement");
	if (leaf) {
		const struct mc__held_credential *c = held_find(h, leaf);
		(*leaves)++;
		*ok = c != NULL;
		if (c)
			comp_add(a, out, c);
		return;
	}
	const struct mc_json *list = mc_json_get(node, "all");
	int64_t need;
	if (list) {
		need = list->len;
	} else if ((list = mc_json_get(node, "any"))) {
		need = 1;
	} else {
		list = mc_json_get(node, "of");
		if (!mc_json_number_as_int(mc_json_get(node, "n"), &need))
			need = 1;
	}
	int64_t got = 0;
	struct comp_list sat = {0}, partial = {0};
	for (uint32_t i = 0; list && mc_json_is_array(list) && i < list->len; i++) {
		struct comp_list sub = {0};
		bool sub_ok = false;
		eval(a, h, &list->v.items[i], &sub_ok, &sub, leaves);
		/* Only as many satisfied children as needed name their credentials: the
		 * stack lists what earned it, in rule order. */
		if (sub_ok && got < need) {
			got++;
			comp_concat(a, &sat, &sub);
		}
		comp_concat(a, &partial, &sub);
	}
	*ok = list && got >= need;
	comp_concat(a, out, *ok ? &sat : &partial);
}

static bool expired(const char *valid_until, const struct mc_time *now)
{
	struct mc_time t;
	return valid_until && mc_time_parse(&t, valid_until, strlen(valid_until), NULL) == 0 &&
	       mc_time_cmp(now, &t) > 0;
}

static int load_held(struct mc_app *app, struct mc_arena *a, const char *user_id, struct held *h,
                     struct mc_err *err)
{
	int rc = mc__store_held_credentials(app->db, a, user_id, &h->items, &h->n, err);
	if (rc)
		return rc;
	struct mc_time now = mc_app_now(app);
	size_t k = 0;
	for (size_t i = 0; i < h->n; i++)
		if (!expired(h->items[i].valid_until, &now))
			h->items[k++] = h->items[i];
	h->n = k;
	return 0;
}

static void evaluate_with(struct mc_arena *a, const struct held *h, const struct mc_pathway *p,
                          struct mc_pathway_status *out)
{
	struct comp_list l = {0};
	size_t leaves = 0;
	bool ok = false;
	eval(a, h, p->rule, &ok, &l, &leaves);
	out->satisfied = ok;
	out->components = l.items;
	out->n = l.n;
	out->needed_total = leaves;
}

int mc_pathway_evaluate(struct mc_app *app, struct mc_arena *a, const struct mc_pathway *p,
                        const char *user_id, struct mc_pathway_status *out, struct mc_err *err)
{
	struct held h;
	int rc = load_held(app, a, user_id, &h, err);
	if (rc)
		return rc;
	evaluate_with(a, &h, p, out);
	return 0;
}

/* ---- the award hook ---- */

static int on_award(struct mc_app *app, struct mc_arena *a, const char *user_id, const char *achievement_id,
                    unsigned depth, size_t *awarded, struct mc_err *err)
{
	if (depth > MC_PATHWAY_MAX_DEPTH)
		return 0; /* rules are acyclic; this only bounds a database edited by hand */
	struct mc__pathway_row *rows;
	size_t n;
	int rc = mc__store_pathways_mentioning(app->db, a, achievement_id, &rows, &n, err);
	if (rc || n == 0)
		return rc;
	struct held h;
	if ((rc = load_held(app, a, user_id, &h, err)))
		return rc;
	struct mc_user *user = NULL;
	int first_rc = 0;
	struct mc_err first_err = {0};
	for (size_t i = 0; i < n; i++) {
		struct mc_pathway *p;
		struct mc_pathway_status st;
		struct mc_err e = {0};
		if (strcmp(rows[i].state, "published") != 0)
			continue;
		if ((rc = from_row(a, &rows[i], &p, &e)) == 0) {
			evaluate_with(a, &h, p, &st);
			if (!st.satisfied)
				continue;
			if (!user)
				rc = mc_user_get(app, a, user_id, &user, &e);
		}
		if (!rc) {
			struct mc_json *comps = mc_json_new_array(a);
			for (size_t j = 0; j < st.n; j++) {
				struct mc_json *c = mc_json_new_object(a);
				put_str(a, c, "id", st.components[j].credential_id);
				put_str(a, c, "sha256", st.components[j].sha256);
				mc_json_array_append(a, comps, c);
			}
			struct mc_award_request req = {
			    .achievement_ref = p->achievement_id,
			    .email = user->email,
			    .name = user->name,
			    .did = user->did,
			    .award_key = mc_arena_printf(a, "pathway:%s:%s", p->id, user_id),
			    .narrative =
			        mc_arena_printf(a,
			                        "Completed the pathway \"%s\": every component credential is "
			                        "listed as evidence with its SHA-256 digest.",
			                        p->title),
			    .components = comps,
			};
			struct mc_award *w;
			rc = mc_award_issue(app, a, &req, &w, &e);
			if (!rc && w->created) {
				if (awarded)
					(*awarded)++;
				rc = on_award(app, a, user_id, p->achievement_id, depth + 1, awarded, &e);
			}
		}
		if (rc && !first_rc) {
			/* Keep going: one pathway's trouble (e.g. its issuer has no key) must not
			 * keep the learner from the others. */
			first_rc = rc;
			first_err = e;
			mc_err_prefix(&first_err, "awarding pathway %s", rows[i].slug);
		}
	}
	if (first_rc && err)
		*err = first_err;
	return first_rc;
}

int mc_pathways_on_award_n(struct mc_app *app, struct mc_arena *a, const char *user_id,
                           const char *achievement_id, size_t *awarded, struct mc_err *err)
{
	if (awarded)
		*awarded = 0;
	if (!user_id || !achievement_id)
		return 0;
	return on_award(app, a, user_id, achievement_id, 0, awarded, err);
}

int mc_pathways_on_award(struct mc_app *app, struct mc_arena *a, const char *user_id,
                         const char *achievement_id, struct mc_err *err)
{
	return mc_pathways_on_award_n(app, a, user_id, achievement_id, NULL, err);
}
