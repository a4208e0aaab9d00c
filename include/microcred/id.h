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
/* The same as 16 bytes (network order). v7 ids from one process are strictly
 * increasing (as bytes and as text), also across threads. */
void mc_uuid_v4_bytes(uint8_t bytes[16]);
void mc_uuid_v7_bytes(uint8_t bytes[16]);
/* Writes the lower-case canonical text of bytes to out[37]. */
void mc_uuid_format(const uint8_t bytes[16], char out[MC_UUID_STR_LEN + 1]);
/* Random bytes from the OS (getrandom); aborts if the OS cannot supply them. */
void mc_random_bytes(void *p, size_t n);
/* Parses canonical UUID text (8-4-4-4-12 hex digits, either case, no "urn:uuid:"
 * prefix or braces); returns 0, or MC_EINVAL. bytes and version may be NULL;
 * version gets the version nibble: 1..8 for RFC 9562 UUIDs, 0 for the nil UUID,
 * 15 for the max UUID. */
int mc_uuid_parse(const char *s, size_t n, uint8_t bytes[16], int *version);

#endif
