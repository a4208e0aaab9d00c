/* Random identifiers: UUID v4 (random) and v7 (time-ordered, RFC 9562), from the
 * operating system's CSPRNG. */
#ifndef MICROCRED_ID_H
#define MICROCRED_ID_H

#include <stddef.h>
#include <stdint.h>

#define MC_UUID_STR_LEN 36 /* without the NUL */

/* Fill out[37] with the lower-case canonical text form. */
void mc_uuid_v4(char out[MC_UUID_STR_LEN + 1]);
void mc_uuid_v7(char out[MC_UUID_STR_LEN + 1]);
/* Random bytes from the OS (getrandom); aborts if the OS cannot supply them. */
void mc_random_bytes(void *p, size_t n);
/* Parses a canonical UUID text; returns 0, or MC_EINVAL. version gets 1..8. */
int mc_uuid_parse(const char *s, size_t n, uint8_t bytes[16], int *version);

#endif
