/* The credential model checks (src/vc/validate.c, model_*.c) against samples with a
 * known verdict (tests/vectors/ob3-samples, see its README), hand-made broken variants
 * of the interop example, the validity period and recipient matching. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "microcred/credential.h"

#define SAMPLES "tests/vectors/ob3-samples/"
#define INTEROP "tests/vectors/interop/example-unsigned.json"

static const char *path_of(struct mc_arena *a, const char *rel)
{
	const char *root = getenv("MC_SOURCE_DIR");
	return root && rel[0] != '/' ? mc_arena_printf(a, "%s/%s", root, rel) : rel;
}

static struct mc_json *load(struct mc_arena *a, const char *rel)
{
	struct mc_buf b;
	struct mc_err err = {0};
	struct mc_json *v;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	if (mc_buf_read_file(&b, path_of(a, rel), &err) != 0)
		fail_msg("%s: %s", rel, err.msg);
	char *s = mc_arena_memdup(a, b.ptr, b.len + 1);
	size_t n = b.len;
	mc_buf_release(&b);
	if (mc_json_parse(a, s, n, NULL, &v, &err) != 0)
		fail_msg("%s: %s", rel, err.msg);
	return v;
}

static struct mc_json *parse(struct mc_arena *a, const char *text)
{
	struct mc_json *v;
	struct mc_err err = {0};
	if (mc_json_parse(a, text, strlen(text), NULL, &v, &err) != 0)
		fail_msg("test JSON: %s", err.msg);
	return v;
}

static void dump(const char *what, const struct mc_problems *p)
{
	fprintf(stderr, "%s: %zu errors, %zu warnings\n", what, p->errors, p->warnings);
	for (size_t i = 0; i < p->len; i++)
		fprintf(stderr, "  %s %s [%s] %s\n", p->items[i].severity == MC_SEVERITY_ERROR ? "E" : "W",
		        p->items[i].path, p->items[i].code, p->items[i].message);
}

static size_t validate(struct mc_arena *a, const struct mc_json *cred, enum mc_cred_kind kind,
                       struct mc_problems *p, struct mc_cred_info *info)
{
	struct mc_validate_opts o = {kind};
	mc_problems_init(p, a);
	int rc = mc_credential_validate(cred, &o, p, info);
	assert_int_equal(rc, p->errors ? MC_EVERIFY : 0);
	return p->errors;
}

/* Asserts a problem with this path and code exists, with this severity, and that its
 * message names the property (the last path segment) so a reader can find it. */
static void expect_problem(const struct mc_problems *p, const char *path, const char *code,
                           enum mc_severity sev, const char *what)
{
	const struct mc_problem *q = mc_problems_find(p, path, code);
	if (!q) {
		dump(what, p);
		fail_msg("%s: expected a \"%s\" problem at %s", what, code, path);
	}
	if (q->severity != sev) {
		dump(what, p);
		fail_msg("%s: problem at %s has the wrong severity", what, path);
	}
	const char *last = strrchr(path, '.');
	if (last && !strchr(last, '[') && !strchr(last, '\'') && strcmp(code, "required") != 0 &&
	    strcmp(code, "class") != 0 && !strstr(q->message, last + 1))
		fail_msg("%s: message at %s does not name \"%s\": %s", what, path, last + 1, q->message);
	assert_true(strlen(q->message) > 20);
}

/* ---- samples ---- */

static void test_spec_examples(void **state)
{
	static const struct {
		const char *file;
		enum mc_cred_kind kind;
	} files[] = {
	    {"D1-basic-credential.json", MC_CRED_ACHIEVEMENT},
	    {"D2-complete-credential.json", MC_CRED_ACHIEVEMENT},
	    {"D3-endorsement-credential.json", MC_CRED_ENDORSEMENT},
	    {"D4-alignment-case-credential.json", MC_CRED_ACHIEVEMENT},
	    {"D5-alignment-ce-credential.json", MC_CRED_ACHIEVEMENT},
	    {"D6-skill-case-credential.json", MC_CRED_ACHIEVEMENT},
	    {"D7-skill-ce-credential.json", MC_CRED_ACHIEVEMENT},
	};
	(void)state;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		struct mc_arena a;
		mc_arena_init(&a, 0);
		const char *rel = mc_arena_printf(&a, SAMPLES "ob3-spec/examples-1.0.14/%s", files[i].file);
		struct mc_problems p;
		struct mc_cred_info info;
		if (validate(&a, load(&a, rel), MC_CRED_UNKNOWN, &p, &info) || p.warnings) {
			dump(rel, &p);
			fail_msg("%s: expected no problems", rel);
		}
		assert_int_equal(info.kind, files[i].kind);
		assert_int_equal(info.version, MC_VC_2_0);
		assert_true(info.has_from);
		mc_arena_release(&a);
	}
}

static void test_interop_example(void **state)
{
	(void)state;
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_problems p;
	struct mc_cred_info info;
	struct mc_json *cred = load(&a, INTEROP);
	size_t used = a.total;
	if (validate(&a, cred, MC_CRED_UNKNOWN, &p, &info) || p.warnings) {
		dump(INTEROP, &p);
		fail_msg("interop example: expected no problems");
	}
	/* A valid credential is checked without allocating. */
	assert_int_equal(a.total, used);
	assert_int_equal(p.len, 0);
	assert_string_equal(info.type_name, "OpenBadgeCredential");
	assert_true(info.has_from && info.has_until);
	struct mc_time from;
	assert_int_equal(mc_time_parse(&from, "2025-01-15T09:00:00Z", 20, NULL), 0);
	assert_int_equal(mc_time_cmp(&info.from, &from), 0);
	mc_arena_release(&a);
}

static void test_1edtech_valid(void **state)
{
	static const char *const valid[] = {
	    "complete.json",
	    "credential-status-revoked.json",
	    "endorsement-err-schema-status-refresh.json", /* fails on fetching schema/status, not structure */
	    "endorsement-valid.json",
	    "simple-context-alias.json",
	    "simple-did-key-method.json",
	    "simple-did-web-method.json",
	    "simple-eddsa-2022.json",
	    "simple-err-expired.json", /* fails the validity check */
	    "simple-err-proof-method-no-scheme.json",
	    "simple-err-proof-method-unknown-did-method.json",
	    "simple-err-proof-method-unknown-scheme.json",
	    "simple-err-proof-method.json",
	    "simple-err-proof-value.json",
	    "simple-multiple-proofs.json",
	    "simple.json",
	    "simple_v1.json",
	    "simple-context-version.json",
	};
	(void)state;
	for (size_t i = 0; i < sizeof valid / sizeof valid[0]; i++) {
		struct mc_arena a;
		mc_arena_init(&a, 0);
		const char *rel = mc_arena_printf(&a, SAMPLES "1edtech-validator/ob30/%s", valid[i]);
		struct mc_problems p;
		if (validate(&a, load(&a, rel), MC_CRED_UNKNOWN, &p, NULL)) {
			dump(rel, &p);
			fail_msg("%s: expected no errors", rel);
		}
		mc_arena_release(&a);
	}
	/* The OB context version sample: an older OB context with VC 2.0 is a warning. */
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_problems p;
	validate(&a, load(&a, SAMPLES "1edtech-validator/ob30/simple-context-version.json"), MC_CRED_UNKNOWN,
	         &p, NULL);
	expect_problem(&p, "$['@context'][1]", "context", MC_SEVERITY_WARNING, "simple-context-version");
	/* VC 1.1 input is accepted with a warning. */
	validate(&a, load(&a, SAMPLES "1edtech-validator/ob30/simple_v1.json"), MC_CRED_UNKNOWN, &p, NULL);
	expect_problem(&p, "$['@context']", "version", MC_SEVERITY_WARNING, "simple_v1");
	mc_arena_release(&a);
}

static void test_1edtech_errors(void **state)
{
	static const struct {
		const char *file;
		enum mc_cred_kind kind;
		const char *path;
		const char *code;
	} cases[] = {
	    {"simple-err-context.json", 0, "$['@context'][0]", "context"},
	    {"simple-err-credential-subject-achievement-result-description-type.json", 0,
	     "$.credentialSubject.achievement.resultDescription[2].type", "class"},
	    {"simple-err-credential-subject-identifier-type.json", 0,
	     "$.credentialSubject.identifier[0].type", "class"},
	    {"simple-err-credential-subject-profile-type.json", 0, "$.credentialSubject.source.type",
	     "class"},
	    {"simple-err-credential-subject-result-type.json", 0, "$.credentialSubject.result[1].type",
	     "class"},
	    {"simple-err-credential-subject-type.json", 0, "$.credentialSubject.type", "class"},
	    {"simple-err-evidence-type.json", 0, "$.evidence[1].type", "class"},
	    {"simple-err-issuer-otheridentifier-type.json", 0, "$.issuer.otherIdentifier[1].type", "class"},
	    {"simple-err-issuer-parentorg-type.json", 0, "$.issuer.parentOrg.type", "class"},
	    {"simple-err-issuer-type.json", 0, "$.issuer.type", "class"},
	    {"simple-err-issuer.json", 0, "$.issuer", "required"},
	    /* As the 1EdTech OB 3.0 inspector does: checked as an Open Badge. */
	    {"simple-err-type.json", MC_CRED_ACHIEVEMENT, "$.type", "class"},
	    /* Not structurally valid, see the README. */
	    {"complete_v1.json", 0, "$.credentialSubject.identifier[0].identityType", "enum"},
	    {"complete_v1.json", 0, "$.endorsement[0].id", "required"},
	    {"simple-noproof.json", 0, "$.credentialSubject.achievement", "required"},
	    {"simple-err-issued.json", 0, "$.credentialSubject.achievement", "required"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct mc_arena a;
		mc_arena_init(&a, 0);
		const char *rel = mc_arena_printf(&a, SAMPLES "1edtech-validator/ob30/%s", cases[i].file);
		struct mc_problems p;
		assert_true(validate(&a, load(&a, rel), cases[i].kind, &p, NULL) > 0);
		expect_problem(&p, cases[i].path, cases[i].code, MC_SEVERITY_ERROR, rel);
		mc_arena_release(&a);
	}
	/* Without forcing the kind, simple-err-type is a plain VC with a warning. */
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_problems p;
	struct mc_cred_info info;
	assert_int_equal(
	    validate(&a, load(&a, SAMPLES "1edtech-validator/ob30/simple-err-type.json"), 0, &p, &info), 0);
	assert_int_equal(info.kind, MC_CRED_VC);
	expect_problem(&p, "$.type", "class", MC_SEVERITY_WARNING, "simple-err-type");
	mc_arena_release(&a);
}

/* DCC fixtures: every file under the folder, all valid except the listed ones. */
static const struct {
	const char *suffix;
	const char *path;
	const char *code;
} dcc_invalid[] = {
    {"legacyRegistry-noStatus-noExpiry-credName.json", "$.credentialSubject.achievement.achievementType",
     "enum"},
    {"legacyRegistry-noStatus- noExpiry-credSubjName.json", "$.credentialSubject.achievement.achievementType",
     "enum"},
    {"legacyRegistry-noStatus-noExpiry-credSubjName.json", "$.credentialSubject.achievement.achievementType",
     "enum"},
    {"legacyRegistry-noStatus-noExpiry-identityHash.json", "$.credentialSubject.achievement.achievementType",
     "enum"},
    {"twoOIDF-revoked-notExpired-badSchema.json", "$.validFrom", "required"},
};

static void walk_dcc(const char *dir, size_t *files, size_t *invalid)
{
	DIR *d = opendir(dir);
	if (!d)
		fail_msg("cannot open %s", dir);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char path[1024];
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		struct stat st;
		assert_int_equal(stat(path, &st), 0);
		if (S_ISDIR(st.st_mode)) {
			walk_dcc(path, files, invalid);
			continue;
		}
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 5, ".json") != 0)
			continue;
		struct mc_arena a;
		mc_arena_init(&a, 0);
		struct mc_problems p;
		size_t errors = validate(&a, load(&a, path), MC_CRED_UNKNOWN, &p, NULL);
		size_t k;
		for (k = 0; k < sizeof dcc_invalid / sizeof dcc_invalid[0]; k++)
			if (strcmp(e->d_name, dcc_invalid[k].suffix) == 0)
				break;
		if (k < sizeof dcc_invalid / sizeof dcc_invalid[0]) {
			assert_true(errors > 0);
			expect_problem(&p, dcc_invalid[k].path, dcc_invalid[k].code, MC_SEVERITY_ERROR, path);
			++*invalid;
		} else if (errors) {
			dump(path, &p);
			fail_msg("%s: expected no errors", path);
		}
		++*files;
		mc_arena_release(&a);
	}
	closedir(d);
}

static void test_dcc_fixtures(void **state)
{
	(void)state;
	struct mc_arena a;
	mc_arena_init(&a, 0);
	size_t files = 0, invalid = 0;
	walk_dcc(path_of(&a, SAMPLES "dcc-vc-test-fixtures/verifiableCredentials"), &files, &invalid);
	assert_int_equal(files, 90);
	assert_int_equal(invalid, 5); /* credSubjName exists with and without a space */
	mc_arena_release(&a);
}

/* ---- broken variants of the interop example ---- */

static struct mc_json *getp(struct mc_json *v, const char *dotted)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", dotted);
	for (char *tok = strtok(buf, "."); tok && v; tok = strtok(NULL, ".")) {
		if (tok[0] >= '0' && tok[0] <= '9') {
			size_t i = (size_t)atoi(tok);
			v = v->type == MC_JSON_ARRAY && i < v->len ? &v->v.items[i] : NULL;
		} else {
			v = (struct mc_json *)mc_json_get(v, tok);
		}
	}
	if (!v)
		fail_msg("no %s in the example", dotted);
	return v;
}

/* Sets (json != NULL) or removes a member: "parent.path" + key. */
static void edit(struct mc_arena *a, struct mc_json *root, const char *parent, const char *key,
                 const char *json)
{
	struct mc_json *obj = parent[0] ? getp(root, parent) : root;
	if (!json) {
		if (!mc_json_object_remove(obj, key))
			fail_msg("no %s.%s to remove", parent, key);
		return;
	}
	mc_json_object_set(a, obj, key, strlen(key), parse(a, json));
}

static void test_broken_variants(void **state)
{
	static const struct {
		const char *parent, *key, *json; /* json NULL: remove */
		const char *path, *code;
		enum mc_severity sev;
	} cases[] = {
	    {"credentialSubject.achievement", "criteria", NULL, "$.credentialSubject.achievement.criteria",
	     "required", 0},
	    {"credentialSubject.achievement", "name", NULL, "$.credentialSubject.achievement.name",
	     "required", 0},
	    {"credentialSubject.achievement", "description", NULL,
	     "$.credentialSubject.achievement.description", "required", 0},
	    {"credentialSubject.achievement", "id", "\"cs-214\"", "$.credentialSubject.achievement.id", "uri",
	     0},
	    {"credentialSubject.achievement", "type", "[\"Badge\"]", "$.credentialSubject.achievement.type",
	     "class", 0},
	    {"credentialSubject.achievement", "achievementType", "\"Microcredential\"",
	     "$.credentialSubject.achievement.achievementType", "enum", 0},
	    {"credentialSubject.achievement", "achievementType", "\"Nanodegree\"",
	     "$.credentialSubject.achievement.achievementType", "enum", 0},
	    {"credentialSubject.achievement", "inLanguage", "\"english\"",
	     "$.credentialSubject.achievement.inLanguage", "format", 0},
	    {"credentialSubject.achievement", "creditsAvailable", "\"3\"",
	     "$.credentialSubject.achievement.creditsAvailable", "json-type", 0},
	    {"credentialSubject.achievement", "endorsementJwt", "[\"not a jws\"]",
	     "$.credentialSubject.achievement.endorsementJwt[0]", "format", 0},
	    {"credentialSubject.achievement", "criteria", "{}", "$.credentialSubject.achievement.criteria",
	     "required", MC_SEVERITY_WARNING},
	    {"credentialSubject.achievement", "resultDescription",
	     "[{\"id\":\"urn:uuid:1\",\"type\":[\"ResultDescription\"],\"name\":\"Grade\"}]",
	     "$.credentialSubject.achievement.resultDescription[0].resultType", "required", 0},
	    {"credentialSubject.achievement.alignment.0", "targetUrl", NULL,
	     "$.credentialSubject.achievement.alignment[0].targetUrl", "required", 0},
	    {"credentialSubject.achievement.alignment.0", "targetType", "\"competency\"",
	     "$.credentialSubject.achievement.alignment[0].targetType", "enum", 0},
	    {"credentialSubject.achievement.image", "type", "[\"Image\"]",
	     "$.credentialSubject.achievement.image.type", "json-type", 0},
	    {"credentialSubject.achievement.image", "url", "\"https://example.edu/x.png\"",
	     "$.credentialSubject.achievement.image.url", "unknown", 0},
	    {"credentialSubject.identifier.0", "identityHash", "\"sha256$abc\"",
	     "$.credentialSubject.identifier[0].identityHash", "format", 0},
	    {"credentialSubject.identifier.0", "identityType", "\"email\"",
	     "$.credentialSubject.identifier[0].identityType", "enum", 0},
	    {"credentialSubject.identifier.0", "hashed", "\"true\"",
	     "$.credentialSubject.identifier[0].hashed", "json-type", 0},
	    {"credentialSubject.identifier.0", "it's", "1", "$.credentialSubject.identifier[0]['it\\'s']",
	     "unknown", 0},
	    {"credentialSubject", "result", "{\"type\":\"Result\",\"status\":\"Passed\"}",
	     "$.credentialSubject.result.status", "enum", 0},
	    {"credentialSubject", "activityEndDate", "\"2025-01-15\"", "$.credentialSubject.activityEndDate",
	     "datetime", 0},
	    {"credentialSubject", "achievement", NULL, "$.credentialSubject.achievement", "required", 0},
	    {"credentialSubject", "type", "\"CredentialSubject\"", "$.credentialSubject.type", "class", 0},
	    {"", "credentialSubject", "[]", "$.credentialSubject", "json-type", 0},
	    {"issuer", "id", NULL, "$.issuer.id", "required", 0},
	    {"issuer", "type", "[\"Organization\"]", "$.issuer.type", "class", 0},
	    {"issuer", "url", "\"www.example.edu\"", "$.issuer.url", "uri", 0},
	    {"issuer", "dateOfBirth", "\"1990-02-30\"", "$.issuer.dateOfBirth", "datetime", 0},
	    {"issuer", "address",
	     "{\"type\":[\"Address\"],\"geo\":{\"type\":\"GeoCoordinates\",\"latitude\":\"1\"}}",
	     "$.issuer.address.geo.latitude", "json-type", 0},
	    {"", "issuer", "42", "$.issuer", "json-type", 0},
	    {"", "issuer", "\"not a uri\"", "$.issuer", "uri", 0},
	    {"", "validFrom", "\"2025-01-15T09:00:00\"", "$.validFrom", "datetime", 0},
	    {"", "validFrom", NULL, "$.validFrom", "required", 0},
	    {"", "validUntil", "\"2024-01-15T09:00:00Z\"", "$.validUntil", "order", 0},
	    {"", "issuanceDate", "\"2025-01-15T09:00:00Z\"", "$.issuanceDate", "version",
	     MC_SEVERITY_WARNING},
	    {"", "id", NULL, "$.id", "required", 0},
	    {"", "name", "[\"a\", \"b\"]", "$.name", "json-type", 0},
	    {"", "@context",
	     "[\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\", "
	     "\"https://www.w3.org/ns/credentials/v2\"]",
	     "$['@context'][0]", "context", 0},
	    {"", "@context", "[\"https://www.w3.org/ns/credentials/v2\"]", "$['@context']", "context", 0},
	    {"", "@context",
	     "[\"https://www.w3.org/ns/credentials/v2\", 7, "
	     "\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"]",
	     "$['@context'][1]", "json-type", 0},
	    {"", "@context", NULL, "$['@context']", "required", 0},
	    {"", "type", "[\"OpenBadgeCredential\"]", "$.type", "class", 0},
	    {"", "type", NULL, "$.type", "required", 0},
	    {"evidence.0", "type", "\"Proof\"", "$.evidence[0].type", "class", 0},
	    {"evidence.0", "id", "\"evidence/1\"", "$.evidence[0].id", "uri", 0},
	    {"credentialStatus", "type", NULL, "$.credentialStatus.type", "required", 0},
	    {"", "credentialStatus",
	     "[{\"id\":\"https://x.example/1\",\"type\":\"BitstringStatusListEntry\"}]", "$.credentialStatus",
	     "json-type", 0},
	    {"", "proof", "{\"type\":\"DataIntegrityProof\",\"created\":\"yesterday\"}", "$.proof.created",
	     "datetime", 0},
	    {"", "endorsement",
	     "[{\"@context\":[\"https://www.w3.org/ns/credentials/v2\","
	     "\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"],"
	     "\"id\":\"urn:uuid:e1\",\"type\":[\"VerifiableCredential\",\"EndorsementCredential\"],"
	     "\"name\":\"E\",\"validFrom\":\"2025-01-01T00:00:00Z\","
	     "\"credentialSubject\":{\"id\":\"https://example.edu/issuers/565049\","
	     "\"type\":[\"EndorsementSubject\"]}}]",
	     "$.endorsement[0].issuer", "required", 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct mc_arena a;
		mc_arena_init(&a, 0);
		struct mc_json *cred = load(&a, INTEROP);
		edit(&a, cred, cases[i].parent, cases[i].key, cases[i].json);
		struct mc_problems p;
		char what[160];
		snprintf(what, sizeof what, "variant %zu (%s.%s)", i, cases[i].parent, cases[i].key);
		size_t errors = validate(&a, cred, MC_CRED_UNKNOWN, &p, NULL);
		expect_problem(&p, cases[i].path, cases[i].code, cases[i].sev, what);
		if (cases[i].sev == MC_SEVERITY_WARNING && errors) {
			dump(what, &p);
			fail_msg("%s: expected only a warning", what);
		}
		mc_arena_release(&a);
	}
}

static void test_messages_and_leniency(void **state)
{
	(void)state;
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_problems p;
	struct mc_json *cred = load(&a, INTEROP);
	/* Case slip in a term: the message suggests the right spelling. */
	edit(&a, cred, "credentialSubject.achievement", "achievementType", "\"Microcredential\"");
	validate(&a, cred, 0, &p, NULL);
	const struct mc_problem *q =
	    mc_problems_find(&p, "$.credentialSubject.achievement.achievementType", "enum");
	assert_non_null(q);
	assert_non_null(strstr(q->message, "\"MicroCredential\""));
	/* ext: terms, the real MicroCredential term, single values for arrays, issuer as URI. */
	edit(&a, cred, "credentialSubject.achievement", "achievementType", "\"ext:Nanodegree\"");
	edit(&a, cred, "credentialSubject.achievement", "tag", "\"single\"");
	edit(&a, cred, "credentialSubject.achievement.alignment.0", "targetType", "\"ext:ESCO-skill\"");
	edit(&a, cred, "", "issuer", "\"did:web:example.edu\"");
	edit(&a, cred, "", "evidence", "{\"type\":\"Evidence\",\"narrative\":\"x\"}");
	if (validate(&a, cred, 0, &p, NULL) || p.warnings) {
		dump("lenient forms", &p);
		fail_msg("lenient forms: expected no problems");
	}
	edit(&a, cred, "credentialSubject.achievement", "achievementType", "\"MicroCredential\"");
	assert_int_equal(validate(&a, cred, 0, &p, NULL), 0);
	/* No recipient: a warning only. */
	edit(&a, cred, "credentialSubject", "id", NULL);
	edit(&a, cred, "credentialSubject", "identifier", NULL);
	assert_int_equal(validate(&a, cred, 0, &p, NULL), 0);
	expect_problem(&p, "$.credentialSubject", "required", MC_SEVERITY_WARNING, "no recipient");
	/* Not an object at all. */
	validate(&a, parse(&a, "[1]"), 0, &p, NULL);
	expect_problem(&p, "$", "json-type", MC_SEVERITY_ERROR, "array");
	/* Deep nesting is reported, not walked. */
	struct mc_buf b;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	mc_buf_puts(&b, "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\","
	                "\"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json\"],"
	                "\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],\"issuer\":");
	for (int i = 0; i < 200; i++)
		mc_buf_puts(&b, "{\"id\":\"https://x.example\",\"type\":\"Profile\",\"parentOrg\":");
	mc_buf_puts(&b, "{}");
	for (int i = 0; i < 200; i++)
		mc_buf_putc(&b, '}');
	mc_buf_putc(&b, '}');
	validate(&a, parse(&a, b.ptr), 0, &p, NULL);
	size_t limits = 0;
	for (size_t i = 0; i < p.len; i++)
		limits += strcmp(p.items[i].code, "limit") == 0;
	assert_int_equal(limits, 1);
	mc_buf_release(&b);
	mc_arena_release(&a);
}

/* ---- report, validity ---- */

static const struct mc_check *find_check(const struct mc_report *r, const char *id)
{
	for (size_t i = 0; i < r->len; i++)
		if (strcmp(r->checks[i].id, id) == 0)
			return &r->checks[i];
	return NULL;
}

static void test_report_structure(void **state)
{
	(void)state;
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_report r;
	mc_report_init(&r, &a);
	struct mc_json *cred = load(&a, INTEROP);
	assert_int_equal(mc_credential_check_structure(&r, cred, NULL), 0);
	assert_int_equal(find_check(&r, "structure")->status, MC_CHECK_PASSED);
	assert_int_equal(find_check(&r, "structure.validity")->status, MC_CHECK_PASSED);
	assert_null(find_check(&r, "structure.warnings"));
	assert_true(mc_report_verified(&r));

	mc_report_init(&r, &a);
	edit(&a, cred, "credentialSubject.achievement", "criteria", NULL);
	edit(&a, cred, "", "validUntil", "\"2020-01-01T00:00:00Z\"");
	edit(&a, cred, "", "issuanceDate", "\"2025-01-15T09:00:00Z\"");
	assert_int_equal(mc_credential_check_structure(&r, cred, NULL), MC_EVERIFY);
	const struct mc_check *c = find_check(&r, "structure");
	assert_int_equal(c->status, MC_CHECK_FAILED);
	assert_non_null(strstr(c->message, "$.credentialSubject.achievement.criteria"));
	assert_null(strstr(c->message, "more problem")); /* the order error is counted apart */
	assert_int_equal(find_check(&r, "structure.validity")->status, MC_CHECK_FAILED);
	assert_int_equal(find_check(&r, "structure.warnings")->status, MC_CHECK_WARNING);
	assert_false(mc_report_verified(&r));
	mc_arena_release(&a);
}

static struct mc_time at(const char *s)
{
	struct mc_time t;
	if (mc_time_parse(&t, s, strlen(s), NULL) != 0)
		fail_msg("bad time %s", s);
	return t;
}

static void test_validity(void **state)
{
	(void)state;
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_json *cred = load(&a, INTEROP); /* 2025-01-15T09:00:00Z .. 2035-01-15T09:00:00Z */
	struct mc_time t;
	t = at("2026-03-01T12:00:00Z");
	assert_int_equal(mc_credential_validity(cred, &t, NULL), MC_VALIDITY_VALID);
	t = at("2025-01-15T08:59:59Z");
	assert_int_equal(mc_credential_validity(cred, &t, NULL), MC_VALIDITY_NOT_YET_VALID);
	t = at("2025-01-15T09:00:00Z");
	assert_int_equal(mc_credential_validity(cred, &t, NULL), MC_VALIDITY_VALID);
	t = at("2035-01-15T09:00:00Z");
	assert_int_equal(mc_credential_validity(cred, &t, NULL), MC_VALIDITY_VALID);
	t = at("2035-01-15T09:00:00.001Z");
	assert_int_equal(mc_credential_validity(cred, &t, NULL), MC_VALIDITY_EXPIRED);

	struct mc_report r;
	mc_report_init(&r, &a);
	t = at("2026-03-01T12:00:00Z");
	mc_credential_check_validity(&r, cred, &t);
	assert_int_equal(r.checks[0].status, MC_CHECK_PASSED);
	assert_string_equal(
	    r.checks[0].message,
	    "The credential is valid from 15 January 2025, 09:00 UTC until 15 January 2035, 09:00 UTC.");

	mc_report_init(&r, &a);
	mc_credential_check_validity(&r, load(&a, SAMPLES "1edtech-validator/ob30/simple-err-expired.json"),
	                             &t);
	assert_int_equal(r.checks[0].status, MC_CHECK_FAILED);
	assert_string_equal(r.checks[0].id, "validity");
	assert_non_null(strstr(r.checks[0].message, "expired on 1 January 2010, 00:00 UTC"));
	assert_non_null(strstr(r.checks[0].message, "checked on 1 March 2026, 12:00 UTC"));

	mc_report_init(&r, &a);
	mc_credential_check_validity(&r, load(&a, SAMPLES "1edtech-validator/ob30/simple-err-issued.json"),
	                             &t);
	assert_int_equal(r.checks[0].status, MC_CHECK_FAILED);
	assert_non_null(
	    strstr(r.checks[0].message, "not valid yet: it becomes valid on 1 January 2040, 00:00 UTC"));

	/* VC 1.1 names. */
	struct mc_json *v1 =
	    load(&a, SAMPLES "1edtech-validator/ob30/endorsement-err-schema-status-refresh.json");
	t = at("2031-01-01T00:00:00+01:00");
	assert_int_equal(mc_credential_validity(v1, &t, NULL), MC_VALIDITY_EXPIRED);
	t = at("2029-12-31T18:59:59-05:00"); /* 23:59:59Z */
	assert_int_equal(mc_credential_validity(v1, &t, NULL), MC_VALIDITY_VALID);

	/* Unreadable dates fail rather than pass. */
	edit(&a, cred, "", "validUntil", "\"soon\"");
	assert_int_equal(mc_credential_validity(cred, &t, NULL), MC_VALIDITY_UNREADABLE);

	struct mc_buf b;
	mc_buf_init(&b, 256);
	t = at("2024-02-29T23:05:07.5+02:00");
	assert_int_equal(mc_time_format_words(&b, &t), 0);
	assert_string_equal(b.ptr, "29 February 2024, 21:05:07 UTC");
	mc_buf_release(&b);
	mc_arena_release(&a);
}

/* ---- recipient ---- */

static void test_identity_object(void **state)
{
	(void)state;
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_err err = {0};
	bool m, folded;
	/* The IdentityHash example of the spec (B.7): 'a@example.com' salted with 'Kosher'. */
	struct mc_json *io =
	    parse(&a, "{\"type\":\"IdentityObject\",\"hashed\":true,\"identityType\":\"emailAddress\","
	              "\"identityHash\":\"sha256$b5809d8a92f8858436d7e6b87c12ebc0ae1eac4baecc2c0b913aee2c9"
	              "22ef399\",\"salt\":\"Kosher\"}");
	assert_int_equal(mc_identity_object_match(io, "emailAddress", "a@example.com", 13, &m, &folded, &err),
	                 0);
	assert_true(m && !folded);
	assert_int_equal(mc_identity_object_match(io, NULL, "A@Example.COM", 13, &m, &folded, &err), 0);
	assert_true(m && folded);
	assert_int_equal(mc_identity_object_match(io, NULL, "b@example.com", 13, &m, &folded, &err), 0);
	assert_false(m);
	assert_int_equal(mc_identity_object_match(io, "sourcedId", "a@example.com", 13, &m, &folded, &err),
	                 0);
	assert_false(m); /* another identifier type is skipped */
	/* Upper-case hex is allowed; without the salt the hash differs. */
	io = parse(
	    &a,
	    "{\"type\":\"IdentityObject\",\"hashed\":true,\"identityType\":\"emailAddress\","
	    "\"identityHash\":\"sha256$B5809D8A92F8858436D7E6B87C12EBC0AE1EAC4BAECC2C0B913AEE2C922EF399\","
	    "\"salt\":\"Kosher\"}");
	assert_int_equal(mc_identity_object_match(io, NULL, "a@example.com", 13, &m, NULL, &err), 0);
	assert_true(m);
	io = parse(
	    &a,
	    "{\"type\":\"IdentityObject\",\"hashed\":true,\"identityType\":\"emailAddress\","
	    "\"identityHash\":\"sha256$08168cd80dfd534ab0f10af10f1303fe00af2d43ab5c1432360d137f8197e17a\"}");
	assert_int_equal(mc_identity_object_match(io, NULL, "a@example.com", 13, &m, NULL, &err), 0);
	assert_true(m);
	/* MD5 (allowed by the spec). */
	io = parse(&a, "{\"type\":\"IdentityObject\",\"hashed\":true,\"identityType\":\"emailAddress\","
	               "\"identityHash\":\"md5$ddd142639a792e74751ee7e129237efa\",\"salt\":\"Kosher\"}");
	assert_int_equal(mc_identity_object_match(io, NULL, "a@example.com", 13, &m, NULL, &err), 0);
	assert_true(m);
	/* Unknown algorithm and malformed objects are errors. */
	io = parse(&a, "{\"hashed\":true,\"identityType\":\"emailAddress\",\"identityHash\":\"sha1$abcd\"}");
	assert_int_equal(mc_identity_object_match(io, NULL, "a@example.com", 13, &m, NULL, &err), MC_EINVAL);
	assert_non_null(strstr(err.msg, "sha256$"));
	io = parse(&a, "{\"hashed\":\"yes\",\"identityHash\":\"x\"}");
	assert_int_equal(mc_identity_object_match(io, NULL, "x", 1, &m, NULL, &err), MC_EINVAL);
	/* Plain values compare exactly. */
	io = parse(
	    &a,
	    "{\"hashed\":false,\"identityType\":\"emailAddress\",\"identityHash\":\"student@1edtech.edu\"}");
	assert_int_equal(mc_identity_object_match(io, NULL, "student@1edtech.edu", 19, &m, NULL, &err), 0);
	assert_true(m);
	assert_int_equal(mc_identity_object_match(io, NULL, "student@1edtech.ed", 18, &m, NULL, &err), 0);
	assert_false(m);
	mc_arena_release(&a);
}

static void test_recipient(void **state)
{
	(void)state;
	struct mc_arena a;
	mc_arena_init(&a, 0);
	struct mc_err err = {0};
	struct mc_recipient_match m;
	struct mc_json *cred = load(&a, INTEROP);
	const char *did = "did:example:ebfeb1f712ebc6f1c276e12ec21";
	assert_int_equal(mc_credential_match_recipient(cred, NULL, did, strlen(did), &a, &m, &err), 0);
	assert_true(m.matched);
	assert_string_equal(m.path, "$.credentialSubject.id");

	/* The getting-started example of the implementation guide. */
	edit(
	    &a, cred, "credentialSubject", "identifier",
	    "{\"type\":\"IdentityObject\",\"hashed\":true,\"identityType\":\"emailAddress\",\"identityHash\":"
	    "\"sha256$658625b25ab3d75d613ca97d9a5a77f70e2192feca5557f4ad09a4d4f121f5fc\",\"salt\":"
	    "\"FleurDeSel\"}");
	const char *email = "  jjefferson18@example.com\n";
	assert_int_equal(
	    mc_credential_match_recipient(cred, "emailAddress", email, strlen(email), &a, &m, &err), 0);
	assert_true(m.matched);
	assert_string_equal(m.path, "$.credentialSubject.identifier");

	struct mc_report r;
	mc_report_init(&r, &a);
	mc_credential_check_recipient(&r, cred, NULL, "jjefferson18@example.com");
	assert_int_equal(r.checks[0].status, MC_CHECK_PASSED);
	assert_string_equal(r.checks[0].id, "recipient");
	mc_credential_check_recipient(&r, cred, NULL, "someone@example.com");
	assert_int_equal(r.checks[1].status, MC_CHECK_FAILED);
	for (size_t i = 0; i < 2; i++) {
		assert_null(strstr(r.checks[i].message, "FleurDeSel"));
		assert_null(strstr(r.checks[i].message, "658625b2"));
	}

	/* D.2: unhashed identifiers, the second one matches. */
	struct mc_json *d2 = load(&a, SAMPLES "ob3-spec/examples-1.0.14/D2-complete-credential.json");
	assert_int_equal(
	    mc_credential_match_recipient(d2, "emailAddress", "somebody@gmail.com", 18, &a, &m, &err), 0);
	assert_true(m.matched);
	assert_string_equal(m.path, "$.credentialSubject.identifier[1]");
	assert_string_equal(m.how, "plain identifier");

	/* No subject: cannot be checked. */
	mc_json_object_remove(cred, "credentialSubject");
	assert_int_equal(mc_credential_match_recipient(cred, NULL, "x@y.z", 5, &a, &m, &err), MC_EINVAL);
	mc_report_init(&r, &a);
	mc_credential_check_recipient(&r, cred, NULL, "x@y.z");
	assert_int_equal(r.checks[0].status, MC_CHECK_FAILED);
	mc_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_spec_examples),
	    cmocka_unit_test(test_interop_example),
	    cmocka_unit_test(test_1edtech_valid),
	    cmocka_unit_test(test_1edtech_errors),
	    cmocka_unit_test(test_dcc_fixtures),
	    cmocka_unit_test(test_broken_variants),
	    cmocka_unit_test(test_messages_and_leniency),
	    cmocka_unit_test(test_report_structure),
	    cmocka_unit_test(test_validity),
	    cmocka_unit_test(test_identity_object),
	    cmocka_unit_test(test_recipient),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
