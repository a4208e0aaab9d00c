/* Private to src/vc/validate.c and src/vc/model_*.c: the validation walk.
 *
 * The model is a set of static tables (model_ob3.c): one per class, listing each
 * property with its value kind, cardinality and whether it is required. The walk
 * keeps the JSONPath of the current value as a stack of segments and renders it
 * only when a problem is reported, so a valid credential costs no allocation. */
#ifndef MC_VC_MODEL_INTERNAL_H
#define MC_VC_MODEL_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "microcred/credential.h"

#define MC__VPATH_MAX 48 /* nesting deeper than this is reported, not walked */

struct mc__vseg {
	const char *key; /* member name, or NULL for an array index */
	size_t key_len;
	size_t index;
};

struct mc__vctx {
	struct mc_problems *out;
	enum mc_vc_version version; /* of the credential being walked (embedded ones push their own) */
	bool ob;                    /* an OB 3.0 credential kind: the OB schemas apply */
	struct mc__vseg path[MC__VPATH_MAX];
	size_t depth;
	bool overflow_reported;
};

/* Path stack. push returns false (and reports once) when too deep: skip the value. */
bool mc__vpush_key(struct mc__vctx *c, const char *key, size_t len);
bool mc__vpush_index(struct mc__vctx *c, size_t index);
static inline void mc__vpop(struct mc__vctx *c)
{
	c->depth--;
}

/* Reports a problem at the current path (plus an optional last key, not pushed). */
void mc__vreport(struct mc__vctx *c, const char *key, enum mc_severity sev, const char *code, const char *fmt,
                 ...) __attribute__((format(printf, 5, 6)));

/* The validation of embedded credentials (endorsement) and of the top level. */
void mc__validate_credential(struct mc__vctx *c, const struct mc_json *cred, enum mc_cred_kind kind,
                             struct mc_cred_info *info);

/* Lexical checks. */
bool mc__is_absolute_iri(const char *s, size_t n);
bool mc__is_language_code(const char *s, size_t n);
bool mc__is_compact_jws(const char *s, size_t n);
bool mc__is_date(const char *s, size_t n);

/* ---- the model tables (model_ob3.c) ---- */

enum mc__vkind {
	MC__V_ANY = 0,     /* any JSON value */
	MC__V_STRING,      /* String, Markdown, NormalizedString, ... */
	MC__V_URI,         /* URI / URL: an absolute IRI */
	MC__V_DATETIME,    /* DateTime(Z): RFC 3339 with a zone */
	MC__V_DATE,        /* Date: YYYY-MM-DD */
	MC__V_NUMBER,      /* Float */
	MC__V_BOOL,        /* Boolean */
	MC__V_LANG,        /* LanguageCode (the schema's pattern) */
	MC__V_JWS,         /* CompactJws (the schema's pattern) */
	MC__V_ENUM,        /* a term of arg (struct mc__venum) */
	MC__V_OBJECT,      /* an object of class arg (struct mc__vclass) */
	MC__V_PROFILE_REF, /* a URI or a Profile object (issuer) */
	MC__V_ENDORSEMENT, /* an embedded EndorsementCredential */
};

enum {
	MC__P_REQUIRED = 1, /* [1] or [1..*] */
	MC__P_MANY = 2,     /* [0..*] / [1..*]: a single value or an array */
	MC__P_OB_ONLY = 4,  /* required only in OB 3.0 kinds (generic VCs relax it) */
};

struct mc__venum {
	const char *name; /* "AchievementType" */
	const char *const *terms;
	size_t n;
	bool extensible;     /* "ext:" terms allowed */
	const char *example; /* a term to suggest */
};

struct mc__vclass;

struct mc__vprop {
	const char *name;
	uint8_t kind;  /* enum mc__vkind */
	uint8_t flags; /* MC__P_* */
	const void *arg;
	const char *hint; /* what to put there, for messages ("a Criteria object with ...") */
};

enum mc__vtype_rule {
	MC__T_NONE = 0, /* no type property in the model (Criteria) */
	MC__T_CONTAINS, /* [1..*] IRI, must contain class->type_name */
	MC__T_EQUALS,   /* [1] IRI, must be the string class->type_name */
	MC__T_STRING,   /* [1] IRI, any string (Proof, CredentialStatus, ...) */
};

struct mc__vclass {
	const char *name;      /* for messages: "Achievement" */
	const char *type_name; /* the type value the object must carry */
	uint8_t type_rule;     /* enum mc__vtype_rule */
	bool closed;           /* additionalProperties: false */
	bool closed_v1;        /* closed in the VC 1.1 form only (AchievementSubjectv1p1) */
	const struct mc__vprop *props;
	size_t nprops;
	void (*extra)(struct mc__vctx *c, const struct mc_json *obj); /* checks beyond the table */
};

extern const struct mc__vclass mc__class_achievement_subject;
extern const struct mc__vclass mc__class_endorsement_subject;
extern const struct mc__vclass mc__class_profile;
extern const struct mc__vclass mc__class_image;
extern const struct mc__vclass mc__class_evidence;
extern const struct mc__vclass mc__class_proof;
extern const struct mc__vclass mc__class_credential_schema;
extern const struct mc__vclass mc__class_credential_status;
extern const struct mc__vclass mc__class_refresh_service;
extern const struct mc__vclass mc__class_terms_of_use;
extern const struct mc__vclass mc__class_vc_issuer;
extern const struct mc__vclass mc__class_vc_subject;
extern const struct mc__vclass mc__class_vc_status;

/* Checks one object against a class (the current path is the object's). */
void mc__vobject(struct mc__vctx *c, const struct mc_json *obj, const struct mc__vclass *cls);
/* Checks a property value (current path = the property) against a table entry. */
void mc__vvalue(struct mc__vctx *c, const struct mc_json *v, const struct mc__vprop *p, const char *owner);
/* Checks a member list of obj against props (plus required). Members not in the table
 * are skipped when closed is 0, errors when 1, warnings when 2. */
void mc__vmembers(struct mc__vctx *c, const struct mc_json *obj, const struct mc__vprop *props, size_t n,
                  const char *owner, int closed);

#endif
