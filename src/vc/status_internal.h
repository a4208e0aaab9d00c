/* Private to src/vc/status_*.c: helpers the status list files share. */
#ifndef MC_VC_STATUS_INTERNAL_H
#define MC_VC_STATUS_INTERNAL_H

#include <stdbool.h>

#include "microcred/json.h"

/* Whether a "type" value (a string or an array of strings) names name. */
bool mc__status_type_has(const struct mc_json *type, const char *name);
/* A credential's issuer: "issuer" when a string, else issuer.id; NULL when neither. */
const char *mc__status_issuer(const struct mc_json *cred);

#endif
