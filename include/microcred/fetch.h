/* Fetching documents over HTTPS for verification (libcurl): DID documents,
 * verification methods, controller documents and status lists, and an in-memory
 * cache in front of it.
 *
 * The rules every fetch follows, so that a credential cannot make a verifier talk to
 * just anything:
 *   - https:// only. Plain http:// is allowed only to loopback (127.0.0.0/8, [::1],
 *     localhost), for tests and local mirrors; any other http:// URL is refused
 *     before a connection is attempted.
 *   - TLS certificate and host name verification are always on (TLS 1.2 or later).
 *   - At most max_redirects redirects, each target checked against the same rule
 *     before it is followed.
 *   - Connect and total timeouts, and a response size limit enforced while the body
 *     arrives (the transfer is cut off as soon as it is exceeded).
 *   - GET only, no cookies, no credentials, User-Agent "microcred/VERSION". Proxies
 *     from the environment (https_proxy, no_proxy) are honoured, except for loopback.
 *   - With public_only (a server fetching what a visitor or a visitor's credential
 *     names), only public addresses: see mc_fetch_ip_is_public. The check is made on
 *     every address actually connected to, after name resolution and on each
 *     redirect, so a public name that resolves to a private address is refused too;
 *     such fetches connect directly (no proxy), or the address could not be checked.
 *
 * Thread-safe: libcurl is initialised once (pthread_once) and every call uses its own
 * easy handle, so calls may run concurrently from any number of threads. */
#ifndef MICROCRED_FETCH_H
#define MICROCRED_FETCH_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "err.h"

/* Accept headers for the things verification fetches. */
#define MC_FETCH_ACCEPT_DID                                                                                  \
	"application/did+json, application/did+ld+json;q=0.9, application/ld+json;q=0.8, "                   \
	"application/json;q=0.7"
#define MC_FETCH_ACCEPT_LD "application/ld+json, application/json;q=0.9"
#define MC_FETCH_ACCEPT_JSON "application/json"

#define MC_FETCH_CONNECT_TIMEOUT_MS 5000
#define MC_FETCH_TIMEOUT_MS 10000
#define MC_FETCH_MAX_SIZE ((size_t)1 << 20)
#define MC_FETCH_MAX_REDIRECTS 3
/* Longer URLs are refused outright (limits at the edge). */
#define MC_FETCH_URL_MAX 2048

/* Zero means the default for every field, so `struct mc_fetch_opts o = {0}` (or a
 * NULL opts) gives the defaults above. */
struct mc_fetch_opts {
	unsigned connect_timeout_ms; /* 0 = MC_FETCH_CONNECT_TIMEOUT_MS */
	unsigned timeout_ms;         /* whole transfer, redirects included; 0 = MC_FETCH_TIMEOUT_MS */
	size_t max_size;             /* body bytes; 0 = MC_FETCH_MAX_SIZE */
	int max_redirects;           /* 0 = MC_FETCH_MAX_REDIRECTS; negative = follow none */
	const char *accept;          /* NULL = MC_FETCH_ACCEPT_JSON */
	bool public_only;            /* refuse loopback, private and other non-public addresses */
};

/* What came back besides the body. */
struct mc_fetch_info {
	long status;                    /* the final HTTP status (2xx on success) */
	char url[MC_FETCH_URL_MAX + 1]; /* the URL finally answered (after redirects) */
	char content_type[128];         /* "" when the server sent none */
	long max_age;                   /* Cache-Control max-age in seconds, -1 when absent */
	bool no_store;                  /* Cache-Control no-store or no-cache */
	unsigned redirects;             /* redirects followed */
};

/* Checks url against the rules above without fetching: 0, or MC_EINVAL with a
 * message saying why it is refused. */
int mc_fetch_check_url(const char *url, struct mc_err *err);

/* Whether the IPv4 or IPv6 address ip (text) is a public unicast address. Not public:
 * unspecified, loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), shared
 * (100.64/10), link-local (169.254/16, fe80::/10, which holds cloud metadata
 * services), benchmarking, documentation and other reserved IPv4 blocks, multicast and
 * broadcast, and IPv4-mapped or -compatible IPv6 forms of these. Text that is not an
 * address is not public. */
bool mc_fetch_ip_is_public(const char *ip);

/* GETs url into body (cleared first; its own max is ignored, opts->max_size applies).
 * info may be NULL. Returns 0 for a 2xx answer, else:
 *   MC_EINVAL   the URL (or a redirect target) is refused by the rules above;
 *   MC_ENOTFOUND the server answered 404 or 410 ("https://... answered 404");
 *   MC_EIO      any other status, too many redirects, or a network failure
 *               ("could not reach https://...: connection timed out after 5 s");
 *   MC_ELIMIT   the body is larger than the limit ("https://... sent 3.2 MB; the
 *               limit is 1 MiB").
 * Every message names the URL. */
int mc_fetch(const char *url, const struct mc_fetch_opts *opts, struct mc_buf *body,
             struct mc_fetch_info *info, struct mc_err *err);

/* ---- cache ----
 *
 * An in-memory cache of successful fetches, keyed by URL (the Accept header is not
 * part of the key: each use of a URL asks for the same kind of document). It stores
 * the response bytes, not parsed JSON: every lookup copies the bytes into the
 * caller's arena and the caller parses them there. Parsing a DID document costs a few
 * microseconds, and this way no JSON tree is ever shared between threads or outlives
 * the arena of the verification that uses it.
 *
 * Entries live max_age seconds (default 5 minutes). A fetch may ask to honour the
 * answer's Cache-Control instead (status lists): max-age then sets the lifetime (up
 * to one day) and no-store / no-cache keep the answer out of the cache. The cache
 * holds at most max_entries entries and max_bytes bytes of bodies; beyond that the
 * least recently used entries are evicted. Errors are never cached. Thread-safe (one
 * mutex around lookups and inserts; it is not held during a fetch, so two threads
 * missing on the same URL at once both fetch it). */
struct mc_fetch_cache;

#define MC_FETCH_CACHE_MAX_AGE 300
#define MC_FETCH_CACHE_MAX_ENTRIES 256
#define MC_FETCH_CACHE_MAX_BYTES ((size_t)32 << 20)
#define MC_FETCH_CACHE_MAX_AGE_CAP 86400 /* longest lifetime a Cache-Control may set */

/* Zeros mean the defaults above. Allocation failure aborts (arena.h). */
struct mc_fetch_cache *mc_fetch_cache_new(unsigned max_age_s, size_t max_entries, size_t max_bytes);
void mc_fetch_cache_free(struct mc_fetch_cache *c);
/* Drops every entry. */
void mc_fetch_cache_clear(struct mc_fetch_cache *c);
/* Number of entries held now (expired ones included until they are evicted). */
size_t mc_fetch_cache_len(struct mc_fetch_cache *c);

/* Like mc_fetch, through the cache c (which may be NULL: then it just fetches). The
 * body is copied into a and NUL-terminated; *body points at it. info (may be NULL)
 * describes the answer as it was fetched; *hit (may be NULL) says whether it came
 * from the cache. use_cache_control: honour the answer's Cache-Control as described
 * above. */
int mc_fetch_cached(struct mc_fetch_cache *c, const char *url, const struct mc_fetch_opts *opts,
                    bool use_cache_control, struct mc_arena *a, struct mc_slice *body,
                    struct mc_fetch_info *info, bool *hit, struct mc_err *err);

#endif
