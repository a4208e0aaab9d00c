/* Private to the transparency log service (src/app/tlog*.c): helpers shared by tlog.c, tlog_json.c and tlog_audit.c. */
#ifndef MC_APP_TLOG_INTERNAL_H
#define MC_APP_TLOG_INTERNAL_H

#include <stdint.h>

#include "microcred/app.h"
#include "microcred/tlog.h"

/* The block callback over the stored tree of db. */
struct mc_tlog_source mc__tlog_db_source(struct mc_db *db);
/* The app clock in milliseconds since the epoch. */
int64_t mc__tlog_now_ms(const struct mc_app *app);
/* RFC 3339 UTC with milliseconds, e.g. 2025-01-15T09:00:00.123Z. */
void mc__tlog_time_text(int64_t ms, char out[40]);
/* base64 SHA-256 of the public key: the log id as stored. */
void mc__tlog_log_id_text(const uint8_t public_key[32], char out[48]);
/* Runs fn in a transaction of mode, or inline when one is open. */
int mc__tlog_in_tx(struct mc_app *app, enum mc_tx mode, int (*fn)(struct mc_app *, void *, struct mc_err *),
                   void *ctx, struct mc_err *err);

#endif
