/* The Open Badges 3.0 classes as tables, and the walk that checks an object against
 * them. The tables follow Appendix B of the spec (doc 1.0.14) and the JSON Schemas
 * in refdata/ob3-spec/json-schema{,-embedded-1.0.14}; where the two differ the
 * newer model wins (see include/microcred/credential.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "vc/model_internal.h"

/* ---- enumerations ---- */

static const char *const achievement_types[] = {
    "Achievement",
    "ApprenticeshipCertificate",
    "Assessment",
    "Assignment",
    "AssociateDegree",
    "Award",
    "Badge",
    "BachelorDegree",
    "Certificate",
    "CertificateOfCompletion",
    "Certification",
    "CommunityService",
    "Competency",
    "Course",
    "CoCurricular",
    "Degree",
    "Diploma",
    "DoctoralDegree",
    "Fieldwork",
    "GeneralEducationDevelopment",
    "JourneymanCertificate",
    "LearningProgram",
    "License",
    "Membership",
    "ProfessionalDoctorate",
    "QualityAssuranceCredential",
    "MasterCertificate",
    "MasterDegree",
    "MicroCredential",
    "ResearchDoctorate",
    "SecondarySchoolDiploma",
};
static const char *const alignment_target_types[] = {
    "ceasn:Competency",  "ceterms:Credential",     "CFItem", "CFRubric",
    "CFRubricCriterion", "CFRubricCriterionLevel", "CTDL",
};
static const char *const identifier_types[] = {
    "name",          "sourcedId",    "systemId",        "productId",
    "userName",      "accountId",    "emailAddress",    "nationalIdentityNumber",
    "isbn",          "issn",         "lisSourcedId",    "oneRosterSourcedId",
    "sisSourcedId",  "ltiContextId", "ltiDeploymentId", "ltiToolId",
    "ltiPlatformId", "ltiUserId",    "identifier",
};
static const char *const result_types[] = {
    "GradePointAverage",    "LetterGrade", "Percent",     "PerformanceLevel",
    "PredictedScore",       "RawScore",    "Result",      "RubricCriterion",
    "RubricCriterionLevel", "RubricScore", "ScaledScore", "Status",
};
static const char *const result_status_types[] = {
    "Completed", "Enrolled", "Failed", "InProgress", "OnHold", "Provisional", "Withdrew",
};

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

static const struct mc__venum enum_achievement_type = {"AchievementType", achievement_types,
                                                       NELEMS(achievement_types), true, "MicroCredential"};
static const struct mc__venum enum_alignment_target_type = {
    "AlignmentTargetType", alignment_target_types, NELEMS(alignment_target_types), true, "ceasn:Competency"};
static const struct mc__venum enum_identifier_type = {"IdentifierTypeEnum", identifier_types,
                                                      NELEMS(identifier_types), true, "emailAddress"};
static const struct mc__venum enum_result_type = {"ResultType", result_types, NELEMS(result_types), true,
                                                  "LetterGrade"};
static const struct mc__venum enum_result_status = {"ResultStatusType", result_status_types,
                                                    NELEMS(result_status_types), false, "Completed"};

/* ---- classes ---- */

#define REQ MC__P_REQUIRED
#define MANY MC__P_MANY
#define CLASS(var) static const struct mc__vclass var
#define PROPS(var) static const struct mc__vprop var[]

extern const struct mc__vclass mc__class_alignment, mc__class_criteria, mc__class_achievement,
    mc__class_identity_object, mc__class_identifier_entry, mc__class_address, mc__class_geo,
    mc__class_related, mc__class_result, mc__class_result_description, mc__class_rubric_level;

PROPS(alignment_props) = {
    {"targetCode", MC__V_STRING, 0, NULL, NULL},
    {"targetDescription", MC__V_STRING, 0, NULL, NULL},
    {"targetName", MC__V_STRING, REQ, NULL, "the name of the aligned competency or standard"},
    {"targetFramework", MC__V_STRING, 0, NULL, NULL},
    {"targetType", MC__V_ENUM, 0, &enum_alignment_target_type, NULL},
    {"targetUrl", MC__V_URI, REQ, NULL, "the URL of the aligned competency or standard"},
};
const struct mc__vclass mc__class_alignment = {"Alignment", "Alignment",     MC__T_CONTAINS,          false,
                                               false,       alignment_props, NELEMS(alignment_props), NULL};

static void criteria_extra(struct mc__vctx *c, const struct mc_json *obj)
{
	if (!mc_json_get(obj, "id") && !mc_json_get(obj, "narrative"))
		mc__vreport(
		    c, NULL, MC_SEVERITY_WARNING, "required",
		    "The criteria have neither \"id\" nor \"narrative\"; add the URL of a criteria page as "
		    "\"id\" or describe how to earn the achievement in \"narrative\".");
}
PROPS(criteria_props) = {
    {"id", MC__V_URI, 0, NULL, NULL},
    {"narrative", MC__V_STRING, 0, NULL, NULL},
};
const struct mc__vclass mc__class_criteria = {
    "Criteria", NULL, MC__T_NONE, false, false, criteria_props, NELEMS(criteria_props), criteria_extra};

PROPS(identifier_entry_props) = {
    {"identifier", MC__V_STRING, REQ, NULL, "the identifier value"},
    {"identifierType", MC__V_ENUM, REQ, &enum_identifier_type, "its kind, e.g. \"sourcedId\""},
};
const struct mc__vclass mc__class_identifier_entry = {"IdentifierEntry",
                                                      "IdentifierEntry",
                                                      MC__T_EQUALS,
                                                      true,
                                                      false,
                                                      identifier_entry_props,
                                                      NELEMS(identifier_entry_props),
                                                      NULL};

PROPS(image_props) = {
    {"id", MC__V_URI, REQ, NULL, "the image URL or a data: URI"},
    {"caption", MC__V_STRING, 0, NULL, NULL},
};
const struct mc__vclass mc__class_image = {"Image", "Image",     MC__T_EQUALS,        true,
                                           false,   image_props, NELEMS(image_props), NULL};

PROPS(geo_props) = {
    {"latitude", MC__V_NUMBER, REQ, NULL, "a number"},
    {"longitude", MC__V_NUMBER, REQ, NULL, "a number"},
};
const struct mc__vclass mc__class_geo = {"GeoCoordinates", "GeoCoordinates",  MC__T_EQUALS, false, false,
                                         geo_props,        NELEMS(geo_props), NULL};

PROPS(address_props) = {
    {"addressCountry", MC__V_STRING, 0, NULL, NULL}, {"addressCountryCode", MC__V_STRING, 0, NULL, NULL},
    {"addressRegion", MC__V_STRING, 0, NULL, NULL},  {"addressLocality", MC__V_STRING, 0, NULL, NULL},
    {"streetAddress", MC__V_STRING, 0, NULL, NULL},  {"postOfficeBoxNumber", MC__V_STRING, 0, NULL, NULL},
    {"postalCode", MC__V_STRING, 0, NULL, NULL},     {"geo", MC__V_OBJECT, 0, &mc__class_geo, NULL},
};
const struct mc__vclass mc__class_address = {"Address", "Address",     MC__T_CONTAINS,        false,
                                             false,     address_props, NELEMS(address_props), NULL};

PROPS(profile_props) = {
    {"id", MC__V_URI, REQ, NULL, "the issuer's URL or DID"},
    {"name", MC__V_STRING, 0, NULL, NULL},
    {"url", MC__V_URI, 0, NULL, NULL},
    {"phone", MC__V_STRING, 0, NULL, NULL},
    {"description", MC__V_STRING, 0, NULL, NULL},
    {"endorsement", MC__V_ENDORSEMENT, MANY, NULL, NULL},
    {"endorsementJwt", MC__V_JWS, MANY, NULL, NULL},
    {"image", MC__V_OBJECT, 0, &mc__class_image, NULL},
    {"email", MC__V_STRING, 0, NULL, NULL},
    {"address", MC__V_OBJECT, 0, &mc__class_address, NULL},
    {"otherIdentifier", MC__V_OBJECT, MANY, &mc__class_identifier_entry, NULL},
    {"official", MC__V_STRING, 0, NULL, NULL},
    {"parentOrg", MC__V_OBJECT, 0, &mc__class_profile, NULL},
    {"familyName", MC__V_STRING, 0, NULL, NULL},
    {"givenName", MC__V_STRING, 0, NULL, NULL},
    {"additionalName", MC__V_STRING, 0, NULL, NULL},
    {"patronymicName", MC__V_STRING, 0, NULL, NULL},
    {"honorificPrefix", MC__V_STRING, 0, NULL, NULL},
    {"honorificSuffix", MC__V_STRING, 0, NULL, NULL},
    {"familyNamePrefix", MC__V_STRING, 0, NULL, NULL},
    {"dateOfBirth", MC__V_DATE, 0, NULL, NULL},
};
const struct mc__vclass mc__class_profile = {"Profile", "Profile",     MC__T_CONTAINS,        false,
                                             false,     profile_props, NELEMS(profile_props), NULL};

PROPS(related_props) = {
    {"id", MC__V_URI, REQ, NULL, "the URI of the related Achievement"},
    {"inLanguage", MC__V_LANG, 0, NULL, NULL},
    {"version", MC__V_STRING, 0, NULL, NULL},
};
const struct mc__vclass mc__class_related = {"Related", "Related",     MC__T_CONTAINS,        false,
                                             false,     related_props, NELEMS(related_props), NULL};

PROPS(rubric_level_props) = {
    {"id", MC__V_URI, REQ, NULL, "a URI identifying the level"},
    {"alignment", MC__V_OBJECT, MANY, &mc__class_alignment, NULL},
    {"description", MC__V_STRING, 0, NULL, NULL},
    {"level", MC__V_STRING, 0, NULL, NULL},
    {"name", MC__V_STRING, REQ, NULL, "the name of the level"},
    {"points", MC__V_STRING, 0, NULL, NULL},
};
const struct mc__vclass mc__class_rubric_level = {"RubricCriterionLevel",
                                                  "RubricCriterionLevel",
                                                  MC__T_CONTAINS,
                                                  false,
                                                  false,
                                                  rubric_level_props,
                                                  NELEMS(rubric_level_props),
                                                  NULL};

PROPS(result_description_props) = {
    {"id", MC__V_URI, REQ, NULL, "a URI that results refer to"},
    {"alignment", MC__V_OBJECT, MANY, &mc__class_alignment, NULL},
    {"allowedValue", MC__V_STRING, MANY, NULL, NULL},
    {"name", MC__V_STRING, REQ, NULL, "the name of the result, e.g. \"Final Project Grade\""},
    {"requiredLevel", MC__V_URI, 0, NULL, NULL},
    {"requiredValue", MC__V_STRING, 0, NULL, NULL},
    {"resultType", MC__V_ENUM, REQ, &enum_result_type, "the kind of result, e.g. \"LetterGrade\""},
    {"rubricCriterionLevel", MC__V_OBJECT, MANY, &mc__class_rubric_level, NULL},
    {"valueMax", MC__V_STRING, 0, NULL, NULL},
    {"valueMin", MC__V_STRING, 0, NULL, NULL},
};
const struct mc__vclass mc__class_result_description = {"ResultDescription",
                                                        "ResultDescription",
                                                        MC__T_CONTAINS,
                                                        false,
                                                        false,
                                                        result_description_props,
                                                        NELEMS(result_description_props),
                                                        NULL};

PROPS(result_props) = {
    {"achievedLevel", MC__V_URI, 0, NULL, NULL},
    {"alignment", MC__V_OBJECT, MANY, &mc__class_alignment, NULL},
    {"resultDescription", MC__V_URI, 0, NULL, NULL},
    {"status", MC__V_ENUM, 0, &enum_result_status, NULL},
    {"value", MC__V_STRING, 0, NULL, NULL},
};
const struct mc__vclass mc__class_result = {"Result", "Result",     MC__T_CONTAINS,       false,
                                            false,    result_props, NELEMS(result_props), NULL};

PROPS(achievement_props) = {
    {"id", MC__V_URI, REQ, NULL, "a URI that identifies the achievement"},
    {"alignment", MC__V_OBJECT, MANY, &mc__class_alignment, NULL},
    {"achievementType", MC__V_ENUM, 0, &enum_achievement_type, NULL},
    {"creator", MC__V_OBJECT, 0, &mc__class_profile, NULL},
    {"creditsAvailable", MC__V_NUMBER, 0, NULL, NULL},
    {"criteria", MC__V_OBJECT, REQ, &mc__class_criteria,
     "a Criteria object with the URL of a criteria page as \"id\" or a \"narrative\""},
    {"description", MC__V_STRING, REQ, NULL, "a short description of the achievement"},
    {"endorsement", MC__V_ENDORSEMENT, MANY, NULL, NULL},
    {"endorsementJwt", MC__V_JWS, MANY, NULL, NULL},
    {"fieldOfStudy", MC__V_STRING, 0, NULL, NULL},
    {"humanCode", MC__V_STRING, 0, NULL, NULL},
    {"image", MC__V_OBJECT, 0, &mc__class_image, NULL},
    {"inLanguage", MC__V_LANG, 0, NULL, NULL},
    {"name", MC__V_STRING, REQ, NULL, "the name of the achievement"},
    {"otherIdentifier", MC__V_OBJECT, MANY, &mc__class_identifier_entry, NULL},
    {"related", MC__V_OBJECT, MANY, &mc__class_related, NULL},
    {"resultDescription", MC__V_OBJECT, MANY, &mc__class_result_description, NULL},
    {"specialization", MC__V_STRING, 0, NULL, NULL},
    {"tag", MC__V_STRING, MANY, NULL, NULL},
    {"version", MC__V_STRING, 0, NULL, NULL},
};
const struct mc__vclass mc__class_achievement = {
    "Achievement", "Achievement", MC__T_CONTAINS, false, false, achievement_props, NELEMS(achievement_props),
    NULL};

static bool all_hex(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		      (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	return true;
}

static void identity_object_extra(struct mc__vctx *c, const struct mc_json *obj)
{
	const struct mc_json *hashed = mc_json_get(obj, "hashed");
	const struct mc_json *h = mc_json_get(obj, "identityHash");
	if (!mc_json_is_string(h) || !mc_json_is_bool(hashed))
		return; /* already reported by the table */
	bool looks_sha256 =
	    h->len == 7 + 64 && memcmp(h->v.str, "sha256$", 7) == 0 && all_hex(h->v.str + 7, 64);
	bool looks_md5 = h->len == 4 + 32 && memcmp(h->v.str, "md5$", 4) == 0 && all_hex(h->v.str + 4, 32);
	if (hashed->type == MC_JSON_TRUE) {
		if (looks_md5)
			mc__vreport(
			    c, "identityHash", MC_SEVERITY_WARNING, "format",
			    "The identityHash uses MD5, which is easy to reverse for e-mail addresses; "
			    "re-issue with \"sha256$\" followed by the hex SHA-256 of the identifier and "
			    "salt.");
		else if (!looks_sha256)
			mc__vreport(
			    c, "identityHash", MC_SEVERITY_ERROR, "format",
			    "\"hashed\" is true but identityHash is not \"sha256$\" followed by 64 hex "
			    "digits "
			    "(the SHA-256 of the identifier followed by the salt); fix the hash or set "
			    "\"hashed\" to false for a plain value.");
	} else if (looks_sha256 || looks_md5) {
		mc__vreport(
		    c, "hashed", MC_SEVERITY_WARNING, "format",
		    "\"hashed\" is false but identityHash looks like a hash, so it will be compared as plain "
		    "text; set \"hashed\" to true.");
	}
}
PROPS(identity_object_props) = {
    {"hashed", MC__V_BOOL, REQ, NULL, "true when identityHash is a salted hash, false for a plain value"},
    {"identityHash", MC__V_STRING, REQ, NULL, "\"sha256$\" and the hex SHA-256 of the identifier and salt"},
    {"identityType", MC__V_ENUM, REQ, &enum_identifier_type, "the kind of identifier, e.g. \"emailAddress\""},
    {"salt", MC__V_STRING, 0, NULL, NULL},
};
const struct mc__vclass mc__class_identity_object = {"IdentityObject",
                                                     "IdentityObject",
                                                     MC__T_EQUALS,
                                                     true,
                                                     false,
                                                     identity_object_props,
                                                     NELEMS(identity_object_props),
                                                     identity_object_extra};

static void achievement_subject_extra(struct mc__vctx *c, const struct mc_json *obj)
{
	const struct mc_json *ident = mc_json_get(obj, "identifier");
	bool has_ident = ident && !(mc_json_is_array(ident) && ident->len == 0);
	/* A MUST in the prose that the schemas do not enforce, and that many wallet-issued
	 * badges (DCC fixtures) leave out: a warning, since such a badge can still be
	 * verified but not tied to a person. */
	if (!mc_json_get(obj, "id") && !has_ident)
		mc__vreport(
		    c, NULL, MC_SEVERITY_WARNING, "required",
		    "The credentialSubject names no recipient, so the badge cannot be tied to a person; add "
		    "\"id\" (e.g. the learner's DID) or at least one \"identifier\" (an IdentityObject such "
		    "as "
		    "a hashed e-mail address).");
}
PROPS(achievement_subject_props) = {
    {"id", MC__V_URI, 0, NULL, NULL},
    {"activityEndDate", MC__V_DATETIME, 0, NULL, NULL},
    {"activityStartDate", MC__V_DATETIME, 0, NULL, NULL},
    {"creditsEarned", MC__V_NUMBER, 0, NULL, NULL},
    {"achievement", MC__V_OBJECT, REQ, &mc__class_achievement,
     "the Achievement (with id, type, name, description and criteria)"},
    {"identifier", MC__V_OBJECT, MANY, &mc__class_identity_object, NULL},
    {"image", MC__V_OBJECT, 0, &mc__class_image, NULL},
    {"licenseNumber", MC__V_STRING, 0, NULL, NULL},
    {"narrative", MC__V_STRING, 0, NULL, NULL},
    {"result", MC__V_OBJECT, MANY, &mc__class_result, NULL},
    {"role", MC__V_STRING, 0, NULL, NULL},
    {"source", MC__V_OBJECT, 0, &mc__class_profile, NULL},
    {"term", MC__V_STRING, 0, NULL, NULL},
};
const struct mc__vclass mc__class_achievement_subject = {"AchievementSubject",
                                                         "AchievementSubject",
                                                         MC__T_CONTAINS,
                                                         false,
                                                         true,
                                                         achievement_subject_props,
                                                         NELEMS(achievement_subject_props),
                                                         achievement_subject_extra};

PROPS(endorsement_subject_props) = {
    {"id", MC__V_URI, REQ, NULL, "the URI of what is endorsed (a credential, achievement or issuer)"},
    {"endorsementComment", MC__V_STRING, 0, NULL, NULL},
};
const struct mc__vclass mc__class_endorsement_subject = {"EndorsementSubject",
                                                         "EndorsementSubject",
                                                         MC__T_CONTAINS,
                                                         false,
                                                         false,
                                                         endorsement_subject_props,
                                                         NELEMS(endorsement_subject_props),
                                                         NULL};

PROPS(evidence_props) = {
    {"id", MC__V_URI, 0, NULL, NULL},       {"narrative", MC__V_STRING, 0, NULL, NULL},
    {"name", MC__V_STRING, 0, NULL, NULL},  {"description", MC__V_STRING, 0, NULL, NULL},
    {"genre", MC__V_STRING, 0, NULL, NULL}, {"audience", MC__V_STRING, 0, NULL, NULL},
};
const struct mc__vclass mc__class_evidence = {"Evidence", "Evidence",     MC__T_CONTAINS,         false,
                                              false,      evidence_props, NELEMS(evidence_props), NULL};

/* Proof contents beyond their JSON types are the proof checker's business: a
 * verificationMethod without a scheme is a proof failure, not a model one. */
PROPS(proof_props) = {
    {"created", MC__V_DATETIME, 0, NULL, NULL},  {"cryptosuite", MC__V_STRING, 0, NULL, NULL},
    {"challenge", MC__V_STRING, 0, NULL, NULL},  {"domain", MC__V_STRING, 0, NULL, NULL},
    {"nonce", MC__V_STRING, 0, NULL, NULL},      {"proofPurpose", MC__V_STRING, 0, NULL, NULL},
    {"proofValue", MC__V_STRING, 0, NULL, NULL}, {"verificationMethod", MC__V_STRING, 0, NULL, NULL},
};
const struct mc__vclass mc__class_proof = {"Proof", NULL,        MC__T_STRING,        false,
                                           false,   proof_props, NELEMS(proof_props), NULL};

PROPS(id_type_props) = {
    {"id", MC__V_URI, REQ, NULL, "its URL"},
};
PROPS(id_opt_props) = {
    {"id", MC__V_URI, 0, NULL, NULL},
};
const struct mc__vclass mc__class_credential_schema = {"CredentialSchema", NULL, MC__T_STRING, false, false,
                                                       id_type_props,      1,    NULL};
const struct mc__vclass mc__class_credential_status = {"CredentialStatus", NULL, MC__T_STRING, false, false,
                                                       id_type_props,      1,    NULL};
const struct mc__vclass mc__class_refresh_service = {"RefreshService", NULL, MC__T_STRING, false, false,
                                                     id_type_props,    1,    NULL};
const struct mc__vclass mc__class_terms_of_use = {"TermsOfUse", NULL, MC__T_STRING, false, false,
                                                  id_opt_props, 1,    NULL};
/* VC Data Model 2.0 makes credentialStatus.id optional (BitstringStatusListEntry). */
const struct mc__vclass mc__class_vc_status = {"CredentialStatus", NULL, MC__T_STRING, false, false,
                                               id_opt_props,       1,    NULL};
/* Generic VC: issuer and subject need only what the VC Data Model needs. */
const struct mc__vclass mc__class_vc_issuer = {"issuer", NULL,          MC__T_NONE, false,
                                               false,    id_type_props, 1,          NULL};
const struct mc__vclass mc__class_vc_subject = {"credentialSubject", NULL, MC__T_NONE, false, false,
                                                id_opt_props,        1,    NULL};

/* ---- the walk ---- */

static const char *json_type_phrase(const struct mc_json *v)
{
	switch (v->type) {
	case MC_JSON_NULL: return "null";
	case MC_JSON_FALSE:
	case MC_JSON_TRUE: return "a boolean";
	case MC_JSON_NUMBER: return "a number";
	case MC_JSON_STRING: return "a string";
	case MC_JSON_ARRAY: return "an array";
	case MC_JSON_OBJECT: return "an object";
	}
	return "a value";
}

static bool slice_is(const struct mc_json *v, const char *s)
{
	size_t n = strlen(s);
	return v->type == MC_JSON_STRING && v->len == n && memcmp(v->v.str, s, n) == 0;
}

/* The unanchored schema pattern "(ext:)[a-z|A-Z|0-9|.|-|_]+" as the prose states it:
 * extension terms start with "ext:". */
static bool is_ext_term(const char *s, size_t n)
{
	if (n < 5 || memcmp(s, "ext:", 4) != 0)
		return false;
	char ch = s[4];
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '.' || ch == '-' || ch == '_' || ch == '|';
}

static void check_enum(struct mc__vctx *c, const struct mc_json *v, const struct mc__venum *e,
                       const char *prop)
{
	for (size_t i = 0; i < e->n; i++)
		if (slice_is(v, e->terms[i]))
			return;
	if (e->extensible && is_ext_term(v->v.str, v->len))
		return;
	const char *near = NULL;
	for (size_t i = 0; i < e->n && !near; i++)
		if (strlen(e->terms[i]) == v->len && strncasecmp(e->terms[i], v->v.str, v->len) == 0)
			near = e->terms[i];
	if (near)
		mc__vreport(c, NULL, MC_SEVERITY_ERROR, "enum",
		            "\"%s\" is \"%.80s\", which is not a term of the %s vocabulary; terms are "
		            "case-sensitive: use \"%s\".",
		            prop, v->v.str, e->name, near);
	else if (e->extensible)
		mc__vreport(
		    c, NULL, MC_SEVERITY_ERROR, "enum",
		    "\"%s\" is \"%.80s\", which is not a term of the %s vocabulary; use one of its terms "
		    "(e.g. \"%s\") or an extension term that starts with \"ext:\".",
		    prop, v->v.str, e->name, e->example);
	else
		mc__vreport(
		    c, NULL, MC_SEVERITY_ERROR, "enum",
		    "\"%s\" is \"%.80s\", which is not a term of the %s vocabulary; use one of its terms "
		    "(e.g. \"%s\").",
		    prop, v->v.str, e->name, e->example);
}

static const char *kind_phrase(uint8_t kind)
{
	switch (kind) {
	case MC__V_STRING: return "a string";
	case MC__V_URI: return "an absolute URI string";
	case MC__V_DATETIME: return "an RFC 3339 date-time string";
	case MC__V_DATE: return "a date string (YYYY-MM-DD)";
	case MC__V_NUMBER: return "a number";
	case MC__V_BOOL: return "true or false";
	case MC__V_LANG: return "a language code string";
	case MC__V_JWS: return "a compact JWS string";
	case MC__V_ENUM: return "a string";
	case MC__V_OBJECT: return "an object";
	case MC__V_PROFILE_REF: return "a URI string or a Profile object";
	case MC__V_ENDORSEMENT: return "an EndorsementCredential object";
	}
	return "a value";
}

static void check_single(struct mc__vctx *c, const struct mc_json *v, const struct mc__vprop *p,
                         const char *owner)
{
	bool ok;
	switch (p->kind) {
	case MC__V_ANY: return;
	case MC__V_STRING:
	case MC__V_URI:
	case MC__V_DATETIME:
	case MC__V_DATE:
	case MC__V_LANG:
	case MC__V_JWS:
	case MC__V_ENUM: ok = v->type == MC_JSON_STRING; break;
	case MC__V_NUMBER: ok = v->type == MC_JSON_NUMBER; break;
	case MC__V_BOOL: ok = mc_json_is_bool(v); break;
	case MC__V_OBJECT:
	case MC__V_ENDORSEMENT: ok = v->type == MC_JSON_OBJECT; break;
	case MC__V_PROFILE_REF: ok = v->type == MC_JSON_OBJECT || v->type == MC_JSON_STRING; break;
	default: return;
	}
	if (!ok && p->kind == MC__V_OBJECT && p->arg == &mc__class_image && v->type == MC_JSON_STRING &&
	    c->version == MC_VC_1_1 && mc__is_absolute_iri(v->v.str, v->len)) {
		mc__vreport(c, NULL, MC_SEVERITY_WARNING, "json-type",
		            "\"%s\" of %s is a plain URL, the VC 1.1-era form; OB 3.0 wants an Image object: "
		            "{\"id\": \"<url>\", \"type\": \"Image\"}.",
		            p->name, owner);
		return;
	}
	if (!ok) {
		const struct mc__vclass *cls = p->kind == MC__V_OBJECT ? p->arg : NULL;
		if (cls)
			mc__vreport(c, NULL, MC_SEVERITY_ERROR, "json-type",
			            "\"%s\" of %s must be %s object, not %s.", p->name, owner,
			            cls->name[0] == 'A' || cls->name[0] == 'E' || cls->name[0] == 'I' ? "an"
			                                                                              : "a",
			            json_type_phrase(v));
		else
			mc__vreport(c, NULL, MC_SEVERITY_ERROR, "json-type",
			            "\"%s\" of %s must be %s, not %s.", p->name, owner, kind_phrase(p->kind),
			            json_type_phrase(v));
		return;
	}
	switch (p->kind) {
	case MC__V_URI:
	uri:
		if (!mc__is_absolute_iri(v->v.str, v->len))
			mc__vreport(
			    c, NULL, MC_SEVERITY_ERROR, "uri",
			    "\"%s\" of %s is \"%.80s\", which is not an absolute URI; give the full form "
			    "with a scheme, e.g. \"https://example.org/...\", \"urn:uuid:...\" or "
			    "\"did:...\".",
			    p->name, owner, v->v.str);
		break;
	case MC__V_DATETIME: {
		struct mc_time t;
		struct mc_err e;
		if (mc_time_parse(&t, v->v.str, v->len, &e) != 0)
			mc__vreport(c, NULL, MC_SEVERITY_ERROR, "datetime", "\"%s\" of %s: %s", p->name,
			            owner, e.msg);
		break;
	}
	case MC__V_DATE:
		if (!mc__is_date(v->v.str, v->len))
			mc__vreport(c, NULL, MC_SEVERITY_ERROR, "datetime",
			            "\"%s\" of %s is \"%.40s\", which is not a calendar date; write it as "
			            "YYYY-MM-DD, "
			            "e.g. \"1990-04-21\".",
			            p->name, owner, v->v.str);
		break;
	case MC__V_LANG:
		if (!mc__is_language_code(v->v.str, v->len))
			mc__vreport(
			    c, NULL, MC_SEVERITY_ERROR, "format",
			    "\"%s\" of %s is \"%.40s\", which is not a language code of the form the OB "
			    "schema accepts; use e.g. \"en\", \"en-US\" or \"zh-Hant-TW\".",
			    p->name, owner, v->v.str);
		break;
	case MC__V_JWS:
		if (!mc__is_compact_jws(v->v.str, v->len))
			mc__vreport(
			    c, NULL, MC_SEVERITY_ERROR, "format",
			    "\"%s\" of %s is not a compact JWS (three base64url parts separated by dots); "
			    "embed the endorsement's VC-JWT exactly as issued.",
			    p->name, owner);
		break;
	case MC__V_ENUM: check_enum(c, v, p->arg, p->name); break;
	case MC__V_OBJECT: mc__vobject(c, v, p->arg); break;
	case MC__V_PROFILE_REF:
		if (v->type == MC_JSON_STRING)
			goto uri;
		mc__vobject(c, v, &mc__class_profile);
		break;
	case MC__V_ENDORSEMENT: mc__validate_credential(c, v, MC_CRED_ENDORSEMENT, NULL); break;
	default: break;
	}
}

void mc__vvalue(struct mc__vctx *c, const struct mc_json *v, const struct mc__vprop *p, const char *owner)
{
	if (v->type != MC_JSON_ARRAY || p->kind == MC__V_ANY) {
		check_single(c, v, p, owner);
		return;
	}
	if (!(p->flags & MC__P_MANY)) {
		mc__vreport(c, NULL, MC_SEVERITY_ERROR, "json-type",
		            "\"%s\" of %s must be a single value (%s), not an array; keep one value.",
		            p->name, owner, kind_phrase(p->kind));
		return;
	}
	for (uint32_t i = 0; i < v->len; i++) {
		if (!mc__vpush_index(c, i))
			return;
		check_single(c, &v->v.items[i], p, owner);
		mc__vpop(c);
	}
}

void mc__vmembers(struct mc__vctx *c, const struct mc_json *obj, const struct mc__vprop *props, size_t n,
                  const char *owner, int closed)
{
	enum mc_severity closed_sev = closed == 2 ? MC_SEVERITY_WARNING : MC_SEVERITY_ERROR;
	uint64_t seen = 0;
	for (uint32_t m = 0; m < obj->len; m++) {
		const struct mc_json_member *mem = &obj->v.members[m];
		size_t i;
		for (i = 0; i < n; i++) {
			const char *name = props[i].name;
			/* strnlen stops at the shorter of the two: no full strlen per candidate. */
			if (name[0] == mem->key.ptr[0] && strnlen(name, mem->key.len + 1) == mem->key.len &&
			    memcmp(name, mem->key.ptr, mem->key.len) == 0)
				break;
		}
		if (i == n) {
			if (closed && !mc_slice_eq_cstr(mem->key, "type"))
				mc__vreport(
				    c, mem->key.ptr, closed_sev, "unknown",
				    "%s does not allow the property \"%.60s\"; remove it (the OB 3.0 schema "
				    "closes this class%s).",
				    owner, mem->key.ptr,
				    closed_sev == MC_SEVERITY_WARNING ? " in the VC 1.1 form" : "");
			continue;
		}
		seen |= (uint64_t)1 << i;
		if (!mc__vpush_key(c, mem->key.ptr, mem->key.len))
			continue;
		mc__vvalue(c, &mem->value, &props[i], owner);
		mc__vpop(c);
	}
	for (size_t i = 0; i < n; i++) {
		const struct mc__vprop *p = &props[i];
		if (!(p->flags & MC__P_REQUIRED) || (seen >> i & 1))
			continue;
		if ((p->flags & MC__P_OB_ONLY) && !c->ob)
			continue;
		mc__vreport(c, p->name, MC_SEVERITY_ERROR, "required",
		            "The required property \"%s\" of %s is missing; add %s.", p->name, owner,
		            p->hint ? p->hint : kind_phrase(p->kind));
	}
}

/* Writes up to three type values for a message. */
static void type_values(const struct mc_json *t, char *buf, size_t cap)
{
	buf[0] = 0;
	size_t len = 0;
	const struct mc_json *items = t->type == MC_JSON_ARRAY ? t->v.items : t;
	size_t n = t->type == MC_JSON_ARRAY ? t->len : 1;
	for (size_t i = 0; i < n && i < 3 && len < cap; i++) {
		if (items[i].type != MC_JSON_STRING)
			continue;
		int w = snprintf(buf + len, cap - len, "%s\"%.40s\"", len ? ", " : "", items[i].v.str);
		if (w < 0)
			break;
		len += (size_t)w;
	}
	if (n > 3 && len < cap)
		snprintf(buf + len, cap - len, ", ...");
}

/* Checks "type" of an object of class cls. */
static void check_class_type(struct mc__vctx *c, const struct mc_json *obj, const struct mc__vclass *cls)
{
	const struct mc_json *t = mc_json_get(obj, "type");
	if (!t) {
		if (cls->type_rule == MC__T_CONTAINS)
			mc__vreport(c, "type", MC_SEVERITY_ERROR, "required",
			            "The %s has no \"type\"; add \"type\": [\"%s\"].", cls->name,
			            cls->type_name);
		else if (cls->type_rule == MC__T_EQUALS)
			mc__vreport(c, "type", MC_SEVERITY_ERROR, "required",
			            "The %s has no \"type\"; add \"type\": \"%s\".", cls->name,
			            cls->type_name);
		else
			mc__vreport(
			    c, "type", MC_SEVERITY_ERROR, "required",
			    "The %s has no \"type\"; add the name of its method or suite as \"type\".",
			    cls->name);
		return;
	}
	if (!mc__vpush_key(c, "type", 4))
		return;
	char found[160];
	switch (cls->type_rule) {
	case MC__T_CONTAINS: {
		bool has = false;
		if (t->type == MC_JSON_STRING) {
			has = slice_is(t, cls->type_name);
		} else if (t->type == MC_JSON_ARRAY) {
			for (uint32_t i = 0; i < t->len; i++) {
				const struct mc_json *it = &t->v.items[i];
				if (it->type != MC_JSON_STRING) {
					if (mc__vpush_index(c, i)) {
						mc__vreport(
						    c, NULL, MC_SEVERITY_ERROR, "json-type",
						    "Each \"type\" of the %s must be a string, not %s.",
						    cls->name, json_type_phrase(it));
						mc__vpop(c);
					}
					continue;
				}
				has = has || slice_is(it, cls->type_name);
			}
		} else {
			mc__vreport(
			    c, NULL, MC_SEVERITY_ERROR, "json-type",
			    "\"type\" of the %s must be a string or an array of strings, not %s; write "
			    "\"type\": [\"%s\"].",
			    cls->name, json_type_phrase(t), cls->type_name);
			break;
		}
		if (!has) {
			type_values(t, found, sizeof found);
			mc__vreport(c, NULL, MC_SEVERITY_ERROR, "class",
			            "The \"type\" of this %s must include \"%s\" (found %s); add \"%s\".",
			            cls->name, cls->type_name, found[0] ? found : "nothing", cls->type_name);
		}
		break;
	}
	case MC__T_EQUALS:
		if (t->type != MC_JSON_STRING) {
			mc__vreport(c, NULL, MC_SEVERITY_ERROR, "json-type",
			            "\"type\" of the %s must be the string \"%s\", not %s.", cls->name,
			            cls->type_name, json_type_phrase(t));
		} else if (!slice_is(t, cls->type_name)) {
			mc__vreport(c, NULL, MC_SEVERITY_ERROR, "class",
			            "The \"type\" of this %s must be \"%s\" (found \"%.40s\"); write "
			            "\"type\": \"%s\".",
			            cls->name, cls->type_name, t->v.str, cls->type_name);
		}
		break;
	case MC__T_STRING:
		if (t->type != MC_JSON_STRING || t->len == 0)
			mc__vreport(c, NULL, MC_SEVERITY_ERROR, "json-type",
			            "\"type\" of the %s must be a non-empty string naming its method or "
			            "suite, not %s.",
			            cls->name,
			            t->type == MC_JSON_STRING ? "an empty string" : json_type_phrase(t));
		break;
	default: break;
	}
	mc__vpop(c);
}

void mc__vobject(struct mc__vctx *c, const struct mc_json *obj, const struct mc__vclass *cls)
{
	if (cls->type_rule != MC__T_NONE)
		check_class_type(c, obj, cls);
	/* AchievementSubjectv1p1 is closed in the 1.0.14 schema, but the 1EdTech validator
	 * itself only warns about VC 1.1-form schema failures: do the same. */
	int closed = cls->closed ? 1 : (cls->closed_v1 && c->version == MC_VC_1_1) ? 2 : 0;
	mc__vmembers(c, obj, cls->props, cls->nprops, cls->name, closed);
	if (cls->extra)
		cls->extra(c, obj);
}
