/* HTTPS GET for verification, with the rules of include/microcred/fetch.h, and the
 * in-memory cache in front of it.
 *
 * Redirects are followed here, not by libcurl, so that every target is checked
 * against the https / loopback rule before any connection is made to it. */
#include "microcred/fetch.h"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>

#ifndef MC_VERSION
#define MC_VERSION "0"
#endif

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static CURLcode curl_init_rc = CURLE_OK;

static void curl_init(void)
{
	/* Never cleaned up: other threads may still be fetching at exit, and the
	 * process's exit releases everything curl_global_init took. */
	curl_init_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* "5 s", "0.3 s", "2.5 s". */
static const char *fmt_secs(char out[32], long ms)
{
	if (ms % 1000 == 0)
		snprintf(out, 32, "%ld s", ms / 1000);
	else
		snprintf(out, 32, "%g s", (double)ms / 1000.0);
	return out;
}

/* An amount sent, in decimal units as people read them: "512 bytes", "3.2 MB". */
static const char *fmt_size(char out[32], double n)
{
	if (n < 1000)
		snprintf(out, 32, "%.0f bytes", n);
	else if (n < 1e6)
		snprintf(out, 32, "%.1f kB", n / 1e3);
	else if (n < 1e9)
		snprintf(out, 32, "%.1f MB", n / 1e6);
	else
		snprintf(out, 32, "%.1f GB", n / 1e9);
	return out;
}

/* A limit, exactly, in the binary units it is configured in: "1 MiB", "64 KiB". */
static const char *fmt_limit(char out[32], size_t n)
{
	if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
		snprintf(out, 32, "%zu MiB", n >> 20);
	else if (n >= 1024 && n % 1024 == 0)
		snprintf(out, 32, "%zu KiB", n >> 10);
	else
		snprintf(out, 32, "%zu bytes", n);
	return out;
}

/* ---- the URL rule ---- */

static bool is_loopback_host(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	char tmp[64];
	size_t n = strlen(host);

	if (strcasecmp(host, "localhost") == 0)
		return true; /* libcurl resolves it to loopback itself, without DNS */
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (n >= 2 && n < sizeof(tmp) && host[0] == '[' && host[n - 1] == ']') {
		memcpy(tmp, host + 1, n - 2);
		tmp[n - 2] = '\0';
		return inet_pton(AF_INET6, tmp, &a6) == 1 && memcmp(&a6, &in6addr_loopback, sizeof(a6)) == 0;
	}
	return false;
}

/* ---- public addresses ---- */

static bool ipv4_public(uint32_t a)
{
	static const struct {
		uint32_t net, mask;
	} blocked[] = {
	    {0x00000000, 0xff000000}, /* 0/8 "this network" */
	    {0x0a000000, 0xff000000}, /* 10/8 private */
	    {0x64400000, 0xffc00000}, /* 100.64/10 shared (carrier-grade NAT) */
	    {0x7f000000, 0xff000000}, /* 127/8 loopback */
	    {0xa9fe0000, 0xffff0000}, /* 169.254/16 link-local, cloud metadata */
	    {0xac100000, 0xfff00000}, /* 172.16/12 private */
	    {0xc0000000, 0xffffff00}, /* 192.0.0/24 IETF protocol assignments */
	    {0xc0000200, 0xffffff00}, /* 192.0.2/24 documentation */
	    {0xc0a80000, 0xffff0000}, /* 192.168/16 private */
	    {0xc6120000, 0xfffe0000}, /* 198.18/15 benchmarking */
	    {0xc6336400, 0xffffff00}, /* 198.51.100/24 documentation */
	    {0xcb007100, 0xffffff00}, /* 203.0.113/24 documentation */
	    {0xe0000000, 0xe0000000}, /* 224/3 multicast, reserved, broadcast */
	};
	for (size_t i = 0; i < sizeof(blocked) / sizeof(blocked[0]); i++)
		if ((a & blocked[i].mask) == blocked[i].net)
			return false;
	return true;
}

static bool ipv6_public(const unsigned char b[16])
{
	static const unsigned char zero12[12] = {0};
	static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
	if (memcmp(b, zero12, 12) == 0 || memcmp(b, mapped, 12) == 0) {
		/* ::a.b.c.d (also :: and ::1) and ::ffff:a.b.c.d: judged as IPv4 */
		uint32_t a = (uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 | b[15];
		return memcmp(b, zero12, 12) == 0 && a <= 1 ? false : ipv4_public(a);
	}
	if ((b[0] & 0xfe) == 0xfc)
		return false; /* fc00::/7 unique local */
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
		return false; /* fe80::/10 link-local */
	if (b[0] == 0xff)
		return false; /* multicast */
	if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8)
		return false; /* 2001:db8::/32 documentation */
	if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
		/* 64:ff9b::/96 NAT64: the IPv4 address it carries */
		return ipv4_public((uint32_t)b[12] << 24 | (uint32_t)b[13] << 16 | (uint32_t)b[14] << 8 |
		                   b[15]);
	return true;
}

bool mc_fetch_ip_is_public(const char *ip)
{
	struct in_addr a4;
	unsigned char a6[16];
	if (inet_pton(AF_INET, ip, &a4) == 1)
		return ipv4_public(ntohl(a4.s_addr));
	if (inet_pton(AF_INET6, ip, a6) == 1)
		return ipv6_public(a6);
	return false;
}

/* What the socket callback saw of a public_only fetch. */
struct guard {
	bool public_only;
	bool refused;
	char ip[INET6_ADDRSTRLEN];
};

/* libcurl's CURLOPT_OPENSOCKETFUNCTION: the one place every connection passes, with
 * the address it goes to. */
static curl_socket_t open_socket(void *ud, curlsocktype purpose, struct curl_sockaddr *addr)
{
	struct guard *g = ud;
	(void)purpose;
	if (g->public_only) {
		bool ok = false;
		if (addr->family == AF_INET) {
			const struct sockaddr_in *sin = (const void *)&addr->addr;
			inet_ntop(AF_INET, &sin->sin_addr, g->ip, sizeof(g->ip));
			ok = ipv4_public(ntohl(sin->sin_addr.s_addr));
		} else if (addr->family == AF_INET6) {
			const struct sockaddr_in6 *sin6 = (const void *)&addr->addr;
			inet_ntop(AF_INET6, &sin6->sin6_addr, g->ip, sizeof(g->ip));
			ok = ipv6_public(sin6->sin6_addr.s6_addr);
		} else {
			snprintf(g->ip, sizeof(g->ip), "(address family %d)", addr->family);
		}
		if (!ok) {
			g->refused = true;
			return CURL_SOCKET_BAD;
		}
	}
	return socket(addr->family, addr->socktype, addr->protocol);
}

/* Checks url; on success *loopback says whether its host is a loopback address. */
static int check_url(const char *url, bool *loopback, struct mc_err *err)
{
	CURLU *u;
	char *scheme = NULL, *host = NULL, *user = NULL;
	int rc = 0;

	*loopback = false;
	if (strlen(url) > MC_FETCH_URL_MAX)
		return mc_err_set(err, MC_EINVAL,
		                  "the URL %.60s... is longer than %d characters; refusing to fetch it", url,
		                  MC_FETCH_URL_MAX);
	u = curl_url();
	if (!u)
		return mc_err_set(err, MC_ENOMEM, "out of memory parsing the URL %s", url);
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
		rc = mc_err_set(err, MC_EINVAL,
		                "'%s' is not a URL microcred can fetch (expected https://host/...)", url);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK) {
		rc = mc_err_set(err, MC_EINVAL, "the URL %s has no scheme (expected https://)", url);
		goto out;
	}
	if (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0) {
		rc = mc_err_set(err, MC_EINVAL, "refusing to fetch %s: only https:// URLs are fetched", url);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK || !*host) {
		rc = mc_err_set(err, MC_EINVAL, "the URL %s has no host name", url);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK && user) {
		rc = mc_err_set(err, MC_EINVAL,
		                "the URL %s carries a user name; microcred never sends credentials when it "
		                "fetches keys or status lists",
		                url);
		goto out;
	}
	*loopback = is_loopback_host(host);
	if (strcmp(scheme, "https") == 0)
		goto out;
	if (strcmp(scheme, "http") == 0 && *loopback)
		goto out;
	rc = mc_err_set(err, MC_EINVAL,
	                "refusing to fetch %s: plain http:// is not secure (only https:// is allowed, "
	                "and http:// only to this machine's loopback address)",
	                url);
out:
	curl_free(user);
	curl_free(host);
	curl_free(scheme);
	curl_url_cleanup(u);
	return rc;
}

int mc_fetch_check_url(const char *url, struct mc_err *err)
{
	bool loopback;
	pthread_once(&curl_once, curl_init);
	return check_url(url, &loopback, err);
}

/* ---- one transfer ---- */

struct xfer {
	struct mc_buf *body;
	size_t limit;
	bool too_big;
	long max_age;
	bool no_store;
	long long content_length; /* of the current response, -1 when not announced */
};

static size_t on_body(char *p, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	if (n > x->limit - x->body->len || mc_buf_append(x->body, p, n) != 0) {
		x->too_big = true;
		return 0; /* makes libcurl abort the transfer with CURLE_WRITE_ERROR */
	}
	return n;
}

/* Reads Cache-Control of the final answer: each response (a redirect's too) starts
 * with its status line, which resets what an earlier one said. */
static size_t on_header(char *p, size_t size, size_t nmemb, void *ud)
{
	struct xfer *x = ud;
	size_t n = size * nmemb;
	static const char cc[] = "cache-control:";

	if (n >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		x->max_age = -1;
		x->no_store = false;
		x->content_length = -1;
		return n;
	}
	/* Kept for the message when the announced size is over the limit (libcurl stops
	 * before the body then, and does not report the length). */
	if (n > 15 && strncasecmp(p, "content-length:", 15) == 0) {
		char *end;
		long long v = strtoll(p + 15, &end, 10);
		if (end != p + 15 && v >= 0)
			x->content_length = v;
		return n;
	}
	if (n < sizeof(cc) - 1 || strncasecmp(p, cc, sizeof(cc) - 1) != 0)
		return n;
	char line[256];
	size_t len = n - (sizeof(cc) - 1);
	if (len >= sizeof(line))
		len = sizeof(line) - 1;
	memcpy(line, p + sizeof(cc) - 1, len);
	line[len] = '\0';
	for (char *save = NULL, *tok = strtok_r(line, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		tok += strspn(tok, " \t");
		if (strncasecmp(tok, "no-store", 8) == 0 || strncasecmp(tok, "no-cache", 8) == 0)
			x->no_store = true;
		else if (strncasecmp(tok, "max-age=", 8) == 0) {
			char *end;
			long v = strtol(tok + 8, &end, 10);
			if (end != tok + 8 && v >= 0)
				x->max_age = v;
		}
	}
	return n;
}

static bool is_redirect(long status)
{
	return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

/* Turns a failed transfer into a message naming url. */
static int transfer_error(CURL *h, CURLcode cc, const char *url, const struct xfer *x, long connect_ms,
                          long timeout_ms, size_t limit, const char *errbuf, struct mc_err *err)
{
	char s1[32], s2[32];
	curl_off_t clen = -1, connect_time = 0;

	if (cc == CURLE_FILESIZE_EXCEEDED || (cc == CURLE_WRITE_ERROR && x->too_big)) {
		curl_easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &clen);
		if (clen <= 0)
			clen = (curl_off_t)x->content_length;
		if (clen > 0 && (size_t)clen > limit)
			return mc_err_set(err, MC_ELIMIT, "%s sent %s; the limit is %s", url,
			                  fmt_size(s1, (double)clen), fmt_limit(s2, limit));
		return mc_err_set(err, MC_ELIMIT, "%s sent more than %s; the limit is %s", url,
		                  fmt_limit(s1, limit), fmt_limit(s2, limit));
	}
	switch (cc) {
	case CURLE_OPERATION_TIMEDOUT:
		curl_easy_getinfo(h, CURLINFO_CONNECT_TIME_T, &connect_time);
		if (connect_time == 0)
			return mc_err_set(err, MC_EIO, "could not reach %s: connection timed out after %s",
			                  url,
			                  fmt_secs(s1, connect_ms < timeout_ms ? connect_ms : timeout_ms));
		return mc_err_set(err, MC_EIO, "could not fetch %s: no complete answer within %s", url,
		                  fmt_secs(s1, timeout_ms));
	case CURLE_COULDNT_RESOLVE_HOST:
		return mc_err_set(err, MC_EIO, "could not reach %s: its host name was not found (%s)", url,
		                  errbuf[0] ? errbuf : curl_easy_strerror(cc));
	case CURLE_COULDNT_CONNECT:
		return mc_err_set(err, MC_EIO, "could not reach %s: connection refused or unreachable (%s)",
		                  url, errbuf[0] ? errbuf : curl_easy_strerror(cc));
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
		return mc_err_set(
		    err, MC_EIO,
		    "could not reach %s securely: the TLS connection or the server's certificate "
		    "is not valid (%s)",
		    url, errbuf[0] ? errbuf : curl_easy_strerror(cc));
	default:
		return mc_err_set(err, MC_EIO, "could not reach %s: %s", url,
		                  errbuf[0] ? errbuf : curl_easy_strerror(cc));
	}
}

int mc_fetch(const char *url, const struct mc_fetch_opts *opts, struct mc_buf *body,
             struct mc_fetch_info *info, struct mc_err *err)
{
	static const struct mc_fetch_opts defaults = {0};
	struct mc_fetch_info tmp_info;
	char cur[MC_FETCH_URL_MAX + 1];
	char errbuf[CURL_ERROR_SIZE];
	struct curl_slist *headers = NULL;
	struct xfer x;
	CURL *h = NULL;
	int rc = 0;

	if (!opts)
		opts = &defaults;
	if (!info)
		info = &tmp_info;
	memset(info, 0, sizeof(*info));
	info->max_age = -1;
	mc_buf_clear(body);

	long connect_ms =
	    opts->connect_timeout_ms ? (long)opts->connect_timeout_ms : MC_FETCH_CONNECT_TIMEOUT_MS;
	long timeout_ms = opts->timeout_ms ? (long)opts->timeout_ms : MC_FETCH_TIMEOUT_MS;
	size_t limit = opts->max_size ? opts->max_size : MC_FETCH_MAX_SIZE;
	int max_redirects = opts->max_redirects == 0  ? MC_FETCH_MAX_REDIRECTS
	                    : opts->max_redirects < 0 ? 0
	                                              : opts->max_redirects;
	if (body->max < limit)
		limit = body->max;

	pthread_once(&curl_once, curl_init);
	if (curl_init_rc != CURLE_OK)
		return mc_err_set(err, MC_EIO, "could not fetch %s: libcurl failed to start (%s)", url,
		                  curl_easy_strerror(curl_init_rc));
	if (strlen(url) > MC_FETCH_URL_MAX)
		return mc_err_set(err, MC_EINVAL,
		                  "the URL %.60s... is longer than %d characters; refusing to fetch it", url,
		                  MC_FETCH_URL_MAX);
	snprintf(cur, sizeof(cur), "%s", url);

	h = curl_easy_init();
	if (!h)
		return mc_err_set(err, MC_EIO, "could not fetch %s: libcurl could not make a handle", url);
	char accept[512];
	snprintf(accept, sizeof(accept), "Accept: %s", opts->accept ? opts->accept : MC_FETCH_ACCEPT_JSON);
	headers = curl_slist_append(NULL, accept);
	if (!headers) {
		curl_easy_cleanup(h);
		return mc_err_set(err, MC_ENOMEM, "could not fetch %s: out of memory", url);
	}

	memset(&x, 0, sizeof(x));
	x.body = body;
	x.limit = limit;
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L); /* signals and threads do not mix */
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "microcred/" MC_VERSION);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, connect_ms);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)limit);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &x);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, &x);
	struct guard guard = {.public_only = opts->public_only};
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, &guard);

	int64_t deadline = now_ms() + timeout_ms;
	for (unsigned hop = 0;; hop++) {
		bool loopback;
		long status = 0;
		char *location = NULL;

		rc = check_url(cur, &loopback, err);
		if (!rc && loopback && opts->public_only)
			rc = mc_err_set(err, MC_EINVAL,
			                "refusing to fetch %s: it is on this machine (loopback), and this "
			                "server fetches only from public addresses",
			                cur);
		if (rc) {
			if (hop > 0)
				mc_err_prefix(err, "%s redirected to %s", url, cur);
			goto out;
		}
		long left = (long)(deadline - now_ms());
		if (left < 1)
			left = 1;
		mc_buf_clear(body);
		x.too_big = false;
		x.max_age = -1;
		x.no_store = false;
		x.content_length = -1;
		errbuf[0] = '\0';
		curl_easy_setopt(h, CURLOPT_URL, cur);
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, left);
		/* A loopback URL must never go through a proxy from the environment, and a
		 * public-only fetch connects directly so that its address can be checked. */
		curl_easy_setopt(h, CURLOPT_NOPROXY, loopback || opts->public_only ? "*" : NULL);

		CURLcode cc = curl_easy_perform(h);
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
		if (cc != CURLE_OK && guard.refused) {
			rc = mc_err_set(err, MC_EINVAL,
			                "refusing to fetch %s: its host resolves to %s, a private or local "
			                "address, and this server fetches only from public addresses",
			                cur, guard.ip);
			goto out;
		}
		if (cc != CURLE_OK &&
		    !(cc == CURLE_FILESIZE_EXCEEDED && status != 0 && (status < 200 || status > 299))) {
			rc = transfer_error(h, cc, cur, &x, connect_ms, timeout_ms, limit, errbuf, err);
			goto out;
		}
		info->status = status;
		if (is_redirect(status)) {
			curl_easy_getinfo(h, CURLINFO_REDIRECT_URL, &location);
			if (!location || !*location) {
				rc = mc_err_set(err, MC_EIO,
				                "%s answered %ld without saying where to (no Location)", cur,
				                status);
				goto out;
			}
			if ((int)hop >= max_redirects) {
				rc = mc_err_set(err, MC_EIO, "%s redirects more than %d times (last to %s)",
				                url, max_redirects, location);
				goto out;
			}
			if (strlen(location) > MC_FETCH_URL_MAX) {
				rc = mc_err_set(err, MC_EINVAL,
				                "%s redirects to a URL longer than %d characters", cur,
				                MC_FETCH_URL_MAX);
				goto out;
			}
			snprintf(cur, sizeof(cur), "%s", location);
			info->redirects = hop + 1;
			continue;
		}
		if (status < 200 || status > 299) {
			rc = mc_err_set(err, status == 404 || status == 410 ? MC_ENOTFOUND : MC_EIO,
			                "%s answered %ld", cur, status);
			if (hop > 0)
				mc_err_prefix(err, "%s redirected to %s", url, cur);
			goto out;
		}
		const char *ct = NULL;
		curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct);
		snprintf(info->content_type, sizeof(info->content_type), "%s", ct ? ct : "");
		snprintf(info->url, sizeof(info->url), "%s", cur);
		info->max_age = x.max_age;
		info->no_store = x.no_store;
		break;
	}
out:
	if (rc)
		mc_buf_clear(body);
	curl_slist_free_all(headers);
	curl_easy_cleanup(h);
	return rc;
}

/* ---- cache ---- */

struct entry {
	struct entry *prev, *next; /* most recently used first */
	uint64_t hash;
	char *url;
	char *body;
	size_t len;
	int64_t expires; /* now_ms() clock */
	struct mc_fetch_info info;
};

struct mc_fetch_cache {
	pthread_mutex_t mu;
	struct entry *head, *tail;
	size_t len, bytes;
	unsigned max_age_s;
	size_t max_entries, max_bytes;
};

static uint64_t hash_url(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

struct mc_fetch_cache *mc_fetch_cache_new(unsigned max_age_s, size_t max_entries, size_t max_bytes)
{
	struct mc_fetch_cache *c = mc_xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->mu, NULL);
	c->max_age_s = max_age_s ? max_age_s : MC_FETCH_CACHE_MAX_AGE;
	c->max_entries = max_entries ? max_entries : MC_FETCH_CACHE_MAX_ENTRIES;
	c->max_bytes = max_bytes ? max_bytes : MC_FETCH_CACHE_MAX_BYTES;
	return c;
}

static void unlink_entry(struct mc_fetch_cache *c, struct entry *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		c->head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		c->tail = e->prev;
	e->prev = e->next = NULL;
}

static void push_front(struct mc_fetch_cache *c, struct entry *e)
{
	e->prev = NULL;
	e->next = c->head;
	if (c->head)
		c->head->prev = e;
	c->head = e;
	if (!c->tail)
		c->tail = e;
}

static void drop(struct mc_fetch_cache *c, struct entry *e)
{
	unlink_entry(c, e);
	c->len--;
	c->bytes -= e->len;
	free(e->url);
	free(e->body);
	free(e);
}

static void clear_locked(struct mc_fetch_cache *c)
{
	while (c->head)
		drop(c, c->head);
}

void mc_fetch_cache_free(struct mc_fetch_cache *c)
{
	if (!c)
		return;
	clear_locked(c);
	pthread_mutex_destroy(&c->mu);
	free(c);
}

void mc_fetch_cache_clear(struct mc_fetch_cache *c)
{
	pthread_mutex_lock(&c->mu);
	clear_locked(c);
	pthread_mutex_unlock(&c->mu);
}

size_t mc_fetch_cache_len(struct mc_fetch_cache *c)
{
	pthread_mutex_lock(&c->mu);
	size_t n = c->len;
	pthread_mutex_unlock(&c->mu);
	return n;
}

static struct entry *find_locked(struct mc_fetch_cache *c, const char *url, uint64_t hash)
{
	for (struct entry *e = c->head; e; e = e->next)
		if (e->hash == hash && strcmp(e->url, url) == 0)
			return e;
	return NULL;
}

/* Copies a live entry for url into a; false on a miss (an expired entry is dropped). */
static bool lookup(struct mc_fetch_cache *c, const char *url, struct mc_arena *a, struct mc_slice *body,
                   struct mc_fetch_info *info)
{
	uint64_t hash = hash_url(url);
	bool found = false;

	pthread_mutex_lock(&c->mu);
	struct entry *e = find_locked(c, url, hash);
	if (e && e->expires <= now_ms()) {
		drop(c, e);
		e = NULL;
	}
	if (e) {
		unlink_entry(c, e);
		push_front(c, e);
		/* Copied under the lock: once it is released another thread may evict e. */
		body->ptr = mc_arena_strndup(a, e->body, e->len);
		body->len = e->len;
		if (info)
			*info = e->info;
		found = true;
	}
	pthread_mutex_unlock(&c->mu);
	return found;
}

static void insert(struct mc_fetch_cache *c, const char *url, const struct mc_buf *body,
                   const struct mc_fetch_info *info, bool use_cache_control)
{
	long ttl = c->max_age_s;
	if (use_cache_control) {
		if (info->no_store)
			return;
		if (info->max_age >= 0)
			ttl = info->max_age < MC_FETCH_CACHE_MAX_AGE_CAP ? info->max_age
			                                                 : MC_FETCH_CACHE_MAX_AGE_CAP;
	}
	if (ttl <= 0 || body->len > c->max_bytes)
		return;

	struct entry *e = mc_xcalloc(1, sizeof(*e));
	e->hash = hash_url(url);
	e->url = mc_xstrdup(url);
	e->body = mc_xmalloc(body->len + 1);
	memcpy(e->body, body->ptr, body->len + 1);
	e->len = body->len;
	e->info = *info;
	e->expires = now_ms() + (int64_t)ttl * 1000;

	pthread_mutex_lock(&c->mu);
	struct entry *old = find_locked(c, url, e->hash);
	if (old)
		drop(c, old);
	push_front(c, e);
	c->len++;
	c->bytes += e->len;
	while (c->tail && c->tail != e && (c->len > c->max_entries || c->bytes > c->max_bytes))
		drop(c, c->tail);
	pthread_mutex_unlock(&c->mu);
}

int mc_fetch_cached(struct mc_fetch_cache *c, const char *url, const struct mc_fetch_opts *opts,
                    bool use_cache_control, struct mc_arena *a, struct mc_slice *body,
                    struct mc_fetch_info *info, bool *hit, struct mc_err *err)
{
	struct mc_buf b;
	struct mc_fetch_info tmp;
	int rc;

	if (hit)
		*hit = false;
	body->ptr = NULL;
	body->len = 0;
	if (c && lookup(c, url, a, body, info)) {
		if (hit)
			*hit = true;
		return 0;
	}
	if (!info)
		info = &tmp;
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	rc = mc_fetch(url, opts, &b, info, err);
	if (!rc) {
		if (c)
			insert(c, url, &b, info, use_cache_control);
		body->ptr = mc_arena_strndup(a, b.ptr, b.len);
		body->len = b.len;
	}
	mc_buf_release(&b);
	return rc;
}
