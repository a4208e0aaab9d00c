/* The HTTPS fetcher and its cache (include/microcred/fetch.h), over real HTTP on
 * loopback against tests/support/http_fixture: statuses, headers sent, timeouts, the
 * size limit with and without Content-Length, redirects and the https / loopback
 * rule, cache hits, expiry, Cache-Control and eviction, and concurrent use. */
/* cmocka needs these system headers before it. */
/* clang-format off */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
/* clang-format on */

#include "microcred/arena.h"
#include "microcred/buf.h"
#include "microcred/err.h"
#include "microcred/fetch.h"

#include "support/http_fixture.h"

static struct mc_http_fixture *fx;

static int setup(void **state)
{
	fx = mc_http_fixture_start();
	return fx ? 0 : -1;
}

static int teardown(void **state)
{
	mc_http_fixture_stop(fx);
	return 0;
}

static const char *url(const char *path)
{
	static char buf[256];
	snprintf(buf, sizeof(buf), "%s%s", mc_http_fixture_base(fx), path);
	return buf;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#define assert_contains(hay, needle)                                                                         \
	do {                                                                                                 \
		if (!strstr((hay), (needle)))                                                                \
			fail_msg("expected \"%s\" in \"%s\"", (needle), (hay));                              \
	} while (0)

static void test_get_ok_and_headers_sent(void **state)
{
	struct mc_buf b;
	struct mc_fetch_info info;
	struct mc_err e = {0};
	char v[256];

	mc_http_fixture_json(fx, "/ok.json", "{\"hello\": \"world\"}");
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	assert_int_equal(mc_fetch(url("/ok.json"), NULL, &b, &info, &e), 0);
	assert_string_equal(b.ptr, "{\"hello\": \"world\"}");
	assert_int_equal(info.status, 200);
	assert_string_equal(info.content_type, "application/json");
	assert_string_equal(info.url, url("/ok.json"));
	assert_int_equal(info.redirects, 0);
	assert_int_equal(info.max_age, -1);

	assert_true(mc_http_fixture_last_header(fx, "User-Agent", v, sizeof(v)));
	assert_string_equal(v, "microcred/" MC_VERSION);
	assert_true(mc_http_fixture_last_header(fx, "Accept", v, sizeof(v)));
	assert_string_equal(v, MC_FETCH_ACCEPT_JSON);
	assert_false(mc_http_fixture_last_header(fx, "Cookie", v, sizeof(v)));

	/* The Accept header follows the use. */
	struct mc_fetch_opts o = {.accept = MC_FETCH_ACCEPT_DID};
	assert_int_equal(mc_fetch(url("/ok.json"), &o, &b, NULL, &e), 0);
	assert_true(mc_http_fixture_last_header(fx, "Accept", v, sizeof(v)));
	assert_string_equal(v, MC_FETCH_ACCEPT_DID);
	mc_buf_release(&b);
}

static void test_cookies_never_sent(void **state)
{
	struct mc_buf b;
	struct mc_err e = {0};
	char v[256];
	struct mc_http_response r = {.body = "{}", .headers = "Set-Cookie: session=abc; Path=/\r\n"};

	struct mc_http_response redirect = {
	    .status = 302, .headers = "Set-Cookie: session=abc; Path=/\r\nLocation: /cookie\r\n"};

	mc_http_fixture_set(fx, "/cookie", &r);
	mc_http_fixture_set(fx, "/cookie-redirect", &redirect);
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	assert_int_equal(mc_fetch(url("/cookie"), NULL, &b, NULL, &e), 0);
	assert_int_equal(mc_fetch(url("/cookie"), NULL, &b, NULL, &e), 0);
	assert_false(mc_http_fixture_last_header(fx, "Cookie", v, sizeof(v)));
	/* Not even within one redirect chain. */
	unsigned before = mc_http_fixture_hits(fx, "/cookie");
	assert_int_equal(mc_fetch(url("/cookie-redirect"), NULL, &b, NULL, &e), 0);
	assert_int_equal(mc_http_fixture_hits(fx, "/cookie"), before + 1);
	assert_false(mc_http_fixture_last_header(fx, "Cookie", v, sizeof(v)));
	mc_buf_release(&b);
}

static void test_status_errors(void **state)
{
	struct mc_buf b;
	struct mc_err e = {0};
	struct mc_http_response r500 = {.status = 500, .body = "oops"};
	struct mc_http_response r410 = {.status = 410, .body = "gone"};
	char want[600];

	mc_http_fixture_set(fx, "/broken", &r500);
	mc_http_fixture_set(fx, "/gone", &r410);
	mc_buf_init(&b, MC_BUF_NOLIMIT);

	assert_int_equal(mc_fetch(url("/nothing-here"), NULL, &b, NULL, &e), MC_ENOTFOUND);
	snprintf(want, sizeof(want), "%s answered 404", url("/nothing-here"));
	assert_string_equal(e.msg, want);
	assert_int_equal(b.len, 0);

	assert_int_equal(mc_fetch(url("/gone"), NULL, &b, NULL, &e), MC_ENOTFOUND);
	assert_contains(e.msg, "answered 410");

	assert_int_equal(mc_fetch(url("/broken"), NULL, &b, NULL, &e), MC_EIO);
	snprintf(want, sizeof(want), "%s answered 500", url("/broken"));
	assert_string_equal(e.msg, want);
	mc_buf_release(&b);
}

static void test_timeout(void **state)
{
	struct mc_buf b;
	struct mc_err e = {0};
	struct mc_http_response slow = {.body = "{}", .delay_ms = 3000};
	struct mc_fetch_opts o = {.timeout_ms = 300};
	char want[600];

	mc_http_fixture_set(fx, "/slow", &slow);
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	double t0 = now_s();
	assert_int_equal(mc_fetch(url("/slow"), &o, &b, NULL, &e), MC_EIO);
	double took = now_s() - t0;
	snprintf(want, sizeof(want), "could not fetch %s: no complete answer within 0.3 s", url("/slow"));
	assert_string_equal(e.msg, want);
	assert_true(took >= 0.25 && took < 2.0);

	/* A delay within the limit is fine. */
	struct mc_http_response bit_slow = {.body = "{}", .delay_ms = 100};
	mc_http_fixture_set(fx, "/bit-slow", &bit_slow);
	o.timeout_ms = 3000;
	assert_int_equal(mc_fetch(url("/bit-slow"), &o, &b, NULL, &e), 0);
	mc_buf_release(&b);
}

static void test_connection_refused(void **state)
{
	struct mc_buf b;
	struct mc_err e = {0};

	mc_buf_init(&b, MC_BUF_NOLIMIT);
	/* Port 1 on loopback: nothing listens there. */
	assert_int_equal(mc_fetch("http://127.0.0.1:1/x", NULL, &b, NULL, &e), MC_EIO);
	assert_contains(e.msg, "could not reach http://127.0.0.1:1/x: ");
	mc_buf_release(&b);
}

/* A non-blocking connect to 127.0.0.1:port; true when it completes within ms. */
static bool connects(unsigned port, int ms, int *fd_out)
{
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	*fd_out = fd;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		return true;
	if (errno != EINPROGRESS)
		return false;
	struct pollfd p = {fd, POLLOUT, 0};
	return poll(&p, 1, ms) == 1;
}

static void test_connect_timeout(void **state)
{
	struct mc_buf b;
	struct mc_err e = {0};
	struct sockaddr_in sa = {.sin_family = AF_INET};
	socklen_t salen = sizeof(sa);
	int lfd, c[8], nc = 0;
	char u[128], want[300];

	/* A listening socket whose accept queue is full and never drained: Linux drops
	 * further SYNs, so a connect hangs as it does towards an unreachable host. */
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(lfd, 0), 0);
	assert_int_equal(getsockname(lfd, (struct sockaddr *)&sa, &salen), 0);
	unsigned port = ntohs(sa.sin_port);
	bool full = false;
	while (nc < 8) {
		bool ok = connects(port, 100, &c[nc]);
		nc++;
		if (!ok) {
			full = true;
			break;
		}
	}
	if (!full) {
		for (int i = 0; i < nc; i++)
			close(c[i]);
		close(lfd);
		skip(); /* this kernel accepts connections beyond the backlog */
	}

	snprintf(u, sizeof(u), "http://127.0.0.1:%u/x", port);
	struct mc_fetch_opts o = {.connect_timeout_ms = 300, .timeout_ms = 5000};
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	double t0 = now_s();
	assert_int_equal(mc_fetch(u, &o, &b, NULL, &e), MC_EIO);
	double took = now_s() - t0;
	snprintf(want, sizeof(want), "could not reach %s: connection timed out after 0.3 s", u);
	assert_string_equal(e.msg, want);
	assert_true(took < 2.0);
	mc_buf_release(&b);
	for (int i = 0; i < nc; i++)
		close(c[i]);
	close(lfd);
}

static void test_tls_always_verified(void **state)
{
	struct mc_buf b;
	struct mc_err e = {0};
	char https[256];

	/* The fixture speaks plain HTTP: an https:// URL to it must fail the TLS handshake
	 * rather than fall back. */
	mc_http_fixture_json(fx, "/tls.json", "{}");
	snprintf(https, sizeof(https), "https://127.0.0.1:%u/tls.json", mc_http_fixture_port(fx));
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	assert_int_equal(mc_fetch(https, NULL, &b, NULL, &e), MC_EIO);
	assert_contains(e.msg, https);
	assert_contains(e.msg, "securely");
	assert_int_equal(b.len, 0);
	mc_buf_release(&b);
}

static void test_size_limit(void **state)
{
	struct mc_buf b;
	struct mc_err e = {0};
	size_t big = 3200000;
	char *body = malloc(big);
	char want[600];

	memset(body, ' ', big);
	body[0] = '[';
	body[big - 1] = ']';
	struct mc_http_response with_len = {.body = body, .body_len = big};
	struct mc_http_response without_len = {.body = body, .body_len = big, .no_length = true};
	mc_http_fixture_set(fx, "/big", &with_len);
	mc_http_fixture_set(fx, "/big-nolen", &without_len);
	mc_buf_init(&b, MC_BUF_NOLIMIT);

	assert_int_equal(mc_fetch(url("/big"), NULL, &b, NULL, &e), MC_ELIMIT);
	snprintf(want, sizeof(want), "%s sent 3.2 MB; the limit is 1 MiB", url("/big"));
	assert_string_equal(e.msg, want);
	assert_int_equal(b.len, 0);

	assert_int_equal(mc_fetch(url("/big-nolen"), NULL, &b, NULL, &e), MC_ELIMIT);
	snprintf(want, sizeof(want), "%s sent more than 1 MiB; the limit is 1 MiB", url("/big-nolen"));
	assert_string_equal(e.msg, want);

	/* Exactly at the limit passes; one byte more does not. */
	struct mc_fetch_opts o = {.max_size = 1000};
	struct mc_http_response at = {.body = body, .body_len = 1000, .no_length = true};
	struct mc_http_response over = {.body = body, .body_len = 1001, .no_length = true};
	mc_http_fixture_set(fx, "/at-limit", &at);
	mc_http_fixture_set(fx, "/over-limit", &over);
	assert_int_equal(mc_fetch(url("/at-limit"), &o, &b, NULL, &e), 0);
	assert_int_equal(b.len, 1000);
	assert_int_equal(mc_fetch(url("/over-limit"), &o, &b, NULL, &e), MC_ELIMIT);
	assert_contains(e.msg, "the limit is 1000 bytes");

	/* The default limit accepts a body just under 1 MiB. */
	struct mc_http_response under = {.body = body, .body_len = ((size_t)1 << 20) - 1};
	mc_http_fixture_set(fx, "/under", &under);
	assert_int_equal(mc_fetch(url("/under"), NULL, &b, NULL, &e), 0);
	assert_int_equal(b.len, ((size_t)1 << 20) - 1);

	mc_buf_release(&b);
	free(body);
}

static void test_redirects(void **state)
{
	struct mc_buf b;
	struct mc_fetch_info info;
	struct mc_err e = {0};

	mc_http_fixture_json(fx, "/r/final.json", "{\"final\": true}");
	mc_http_fixture_redirect(fx, "/r/1", 301, "/r/2");
	mc_http_fixture_redirect(fx, "/r/2", 302, url("/r/3"));
	mc_http_fixture_redirect(fx, "/r/3", 307, "final.json");
	mc_http_fixture_redirect(fx, "/r/0", 308, "/r/1");
	mc_buf_init(&b, MC_BUF_NOLIMIT);

	/* Three redirects (relative and absolute Locations) are followed. */
	assert_int_equal(mc_fetch(url("/r/1"), NULL, &b, &info, &e), 0);
	assert_string_equal(b.ptr, "{\"final\": true}");
	assert_int_equal(info.redirects, 3);
	assert_string_equal(info.url, url("/r/final.json"));

	/* A fourth is not, and the final document is never requested. */
	unsigned before = mc_http_fixture_hits(fx, "/r/final.json");
	assert_int_equal(mc_fetch(url("/r/0"), NULL, &b, NULL, &e), MC_EIO);
	assert_contains(e.msg, "redirects more than 3 times");
	assert_int_equal(mc_http_fixture_hits(fx, "/r/final.json"), before);

	/* A smaller configured limit; and -1 follows none. */
	struct mc_fetch_opts one = {.max_redirects = 1};
	assert_int_equal(mc_fetch(url("/r/2"), &one, &b, NULL, &e), MC_EIO);
	assert_contains(e.msg, "redirects more than 1 times");
	struct mc_fetch_opts none = {.max_redirects = -1};
	assert_int_equal(mc_fetch(url("/r/3"), &none, &b, NULL, &e), MC_EIO);
	mc_buf_release(&b);
}

static void test_redirect_to_insecure_refused(void **state)
{
	struct mc_buf b;
	struct mc_err e = {0};

	mc_http_fixture_redirect(fx, "/to-plain", 302, "http://example.com/did.json");
	mc_http_fixture_redirect(fx, "/to-file", 302, "file:///etc/passwd");
	mc_buf_init(&b, MC_BUF_NOLIMIT);

	double t0 = now_s();
	assert_int_equal(mc_fetch(url("/to-plain"), NULL, &b, NULL, &e), MC_EINVAL);
	assert_true(now_s() - t0 < 2.0);
	assert_contains(e.msg, "redirected to http://example.com/did.json");
	assert_contains(e.msg, "refusing to fetch http://example.com/did.json: plain http:// is not secure");

	assert_int_equal(mc_fetch(url("/to-file"), NULL, &b, NULL, &e), MC_EINVAL);
	assert_contains(e.msg, "refusing to fetch file:///etc/passwd");
	mc_buf_release(&b);
}

static void test_url_rule(void **state)
{
	struct mc_buf b;
	struct mc_err e = {0};
	static const char *const allowed[] = {
	    "https://example.com/did.json", "http://localhost:8080/x", "http://127.0.0.1/x",
	    "http://127.1.2.3:9/x",         "http://[::1]:8080/x",     "HTTPS://Example.COM/x",
	};
	static const char *const refused[] = {
	    "http://example.com/did.json",
	    "http://128.0.0.1/x",
	    "http://[::2]/x",
	    "http://127.0.0.1.example.com/x",
	    "ftp://example.com/x",
	    "file:///etc/passwd",
	    "https://user:secret@example.com/x",
	    "not a url",
	    "",
	    "//example.com/x",
	};

	for (size_t i = 0; i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (mc_fetch_check_url(allowed[i], &e) != 0)
			fail_msg("%s refused: %s", allowed[i], e.msg);
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		if (mc_fetch_check_url(refused[i], &e) != MC_EINVAL)
			fail_msg("%s was not refused", refused[i]);

	/* Plain http to another host is refused before any connection: no DNS lookup, no
	 * connect (192.0.2.1 is TEST-NET-1, which would hang until the connect timeout). */
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	double t0 = now_s();
	assert_int_equal(mc_fetch("http://192.0.2.1/did.json", NULL, &b, NULL, &e), MC_EINVAL);
	assert_true(now_s() - t0 < 0.5);
	assert_string_equal(e.msg,
	                    "refusing to fetch http://192.0.2.1/did.json: plain http:// is not secure (only "
	                    "https:// is allowed, and http:// only to this machine's loopback address)");

	/* Too long a URL. */
	char *longurl = malloc(MC_FETCH_URL_MAX + 100);
	memcpy(longurl, "https://example.com/", 20);
	memset(longurl + 20, 'a', MC_FETCH_URL_MAX + 50);
	longurl[MC_FETCH_URL_MAX + 70] = '\0';
	assert_int_equal(mc_fetch(longurl, NULL, &b, NULL, &e), MC_EINVAL);
	assert_contains(e.msg, "is longer than");
	free(longurl);
	mc_buf_release(&b);
}

static void test_cache_hit_and_expiry(void **state)
{
	struct mc_fetch_cache *c = mc_fetch_cache_new(1, 0, 0);
	struct mc_arena a;
	struct mc_slice body;
	struct mc_err e = {0};
	bool hit;

	mc_arena_init(&a, 0);
	mc_http_fixture_json(fx, "/cached.json", "{\"n\": 1}");
	assert_int_equal(mc_fetch_cached(c, url("/cached.json"), NULL, false, &a, &body, NULL, &hit, &e), 0);
	assert_false(hit);
	assert_int_equal(mc_fetch_cached(c, url("/cached.json"), NULL, false, &a, &body, NULL, &hit, &e), 0);
	assert_true(hit);
	assert_int_equal(body.len, 8);
	assert_memory_equal(body.ptr, "{\"n\": 1}", 9); /* NUL-terminated copy */
	assert_int_equal(mc_http_fixture_hits(fx, "/cached.json"), 1);
	assert_int_equal(mc_fetch_cache_len(c), 1);

	/* Errors are not cached. */
	assert_int_equal(mc_fetch_cached(c, url("/cache-404"), NULL, false, &a, &body, NULL, &hit, &e),
	                 MC_ENOTFOUND);
	assert_int_equal(mc_fetch_cached(c, url("/cache-404"), NULL, false, &a, &body, NULL, &hit, &e),
	                 MC_ENOTFOUND);
	assert_int_equal(mc_http_fixture_hits(fx, "/cache-404"), 2);

	/* After max_age (1 s here) the entry is fetched again. */
	struct timespec ts = {1, 200000000L};
	nanosleep(&ts, NULL);
	assert_int_equal(mc_fetch_cached(c, url("/cached.json"), NULL, false, &a, &body, NULL, &hit, &e), 0);
	assert_false(hit);
	assert_int_equal(mc_http_fixture_hits(fx, "/cached.json"), 2);

	/* Without a cache every call fetches. */
	assert_int_equal(mc_fetch_cached(NULL, url("/cached.json"), NULL, false, &a, &body, NULL, &hit, &e),
	                 0);
	assert_int_equal(mc_http_fixture_hits(fx, "/cached.json"), 3);

	mc_fetch_cache_clear(c);
	assert_int_equal(mc_fetch_cache_len(c), 0);
	mc_fetch_cache_free(c);
	mc_arena_release(&a);
}

static void test_cache_control(void **state)
{
	struct mc_fetch_cache *c = mc_fetch_cache_new(0, 0, 0);
	struct mc_arena a;
	struct mc_slice body;
	struct mc_fetch_info info;
	struct mc_err e = {0};
	bool hit;
	struct mc_http_response nostore = {.body = "{}", .headers = "Cache-Control: no-store\r\n"};
	struct mc_http_response short_age = {.body = "{}", .headers = "Cache-Control: public, max-age=1\r\n"};
	struct mc_http_response zero = {.body = "{}", .headers = "Cache-Control: max-age=0\r\n"};

	mc_arena_init(&a, 0);
	mc_http_fixture_set(fx, "/cc/nostore", &nostore);
	mc_http_fixture_set(fx, "/cc/short", &short_age);
	mc_http_fixture_set(fx, "/cc/zero", &zero);

	/* no-store, honoured: never cached. */
	for (int i = 0; i < 2; i++)
		assert_int_equal(
		    mc_fetch_cached(c, url("/cc/nostore"), NULL, true, &a, &body, &info, &hit, &e), 0);
	assert_true(info.no_store);
	assert_int_equal(mc_http_fixture_hits(fx, "/cc/nostore"), 2);
	/* ... but ignored by a use that does not ask for Cache-Control (DID documents). */
	for (int i = 0; i < 2; i++)
		assert_int_equal(mc_fetch_cached(c, url("/cc/zero"), NULL, false, &a, &body, &info, &hit, &e),
		                 0);
	assert_int_equal(mc_http_fixture_hits(fx, "/cc/zero"), 1);

	/* max-age=1 shortens the default 5 minutes. */
	assert_int_equal(mc_fetch_cached(c, url("/cc/short"), NULL, true, &a, &body, &info, &hit, &e), 0);
	assert_int_equal(info.max_age, 1);
	assert_int_equal(mc_fetch_cached(c, url("/cc/short"), NULL, true, &a, &body, &info, &hit, &e), 0);
	assert_true(hit);
	struct timespec ts = {1, 200000000L};
	nanosleep(&ts, NULL);
	assert_int_equal(mc_fetch_cached(c, url("/cc/short"), NULL, true, &a, &body, &info, &hit, &e), 0);
	assert_false(hit);
	assert_int_equal(mc_http_fixture_hits(fx, "/cc/short"), 2);

	mc_fetch_cache_free(c);
	mc_arena_release(&a);
}

static void test_cache_eviction(void **state)
{
	struct mc_fetch_cache *c = mc_fetch_cache_new(0, 2, 0);
	struct mc_arena a;
	struct mc_slice body;
	struct mc_err e = {0};
	bool hit;

	mc_arena_init(&a, 0);
	mc_http_fixture_json(fx, "/lru/a", "\"a\"");
	mc_http_fixture_json(fx, "/lru/b", "\"b\"");
	mc_http_fixture_json(fx, "/lru/c", "\"c\"");
	assert_int_equal(mc_fetch_cached(c, url("/lru/a"), NULL, false, &a, &body, NULL, &hit, &e), 0);
	assert_int_equal(mc_fetch_cached(c, url("/lru/b"), NULL, false, &a, &body, NULL, &hit, &e), 0);
	/* Touch a, so b is the least recently used when c arrives. */
	assert_int_equal(mc_fetch_cached(c, url("/lru/a"), NULL, false, &a, &body, NULL, &hit, &e), 0);
	assert_true(hit);
	assert_int_equal(mc_fetch_cached(c, url("/lru/c"), NULL, false, &a, &body, NULL, &hit, &e), 0);
	assert_int_equal(mc_fetch_cache_len(c), 2);
	assert_int_equal(mc_fetch_cached(c, url("/lru/a"), NULL, false, &a, &body, NULL, &hit, &e), 0);
	assert_true(hit);
	assert_int_equal(mc_fetch_cached(c, url("/lru/b"), NULL, false, &a, &body, NULL, &hit, &e), 0);
	assert_false(hit);
	assert_string_equal(body.ptr, "\"b\"");
	mc_fetch_cache_free(c);

	/* A byte budget: a body larger than the whole cache is simply not kept. */
	c = mc_fetch_cache_new(0, 0, 4);
	assert_int_equal(mc_fetch_cached(c, url("/lru/a"), NULL, false, &a, &body, NULL, &hit, &e), 0);
	assert_int_equal(mc_fetch_cache_len(c), 1);
	assert_int_equal(mc_fetch_cached(c, url("/lru/b"), NULL, false, &a, &body, NULL, &hit, &e), 0);
	assert_int_equal(mc_fetch_cache_len(c), 1); /* 3 + 3 bytes > 4: a went */
	assert_int_equal(mc_fetch_cached(c, url("/ok.json"), NULL, false, &a, &body, NULL, &hit, &e), 0);
	assert_int_equal(mc_fetch_cache_len(c), 1);
	mc_fetch_cache_free(c);
	mc_arena_release(&a);
}

struct worker {
	struct mc_fetch_cache *cache;
	int failures;
	char msg[MC_ERR_MSG_MAX];
};

static void *fetch_many(void *arg)
{
	struct worker *w = arg;
	struct mc_arena a;
	mc_arena_init(&a, 0);
	for (int i = 0; i < 20; i++) {
		char path[64], u[256];
		struct mc_slice body;
		struct mc_err e = {0};
		snprintf(path, sizeof(path), "/mt/%d", i % 5);
		snprintf(u, sizeof(u), "%s%s", mc_http_fixture_base(fx), path);
		if (mc_fetch_cached(w->cache, u, NULL, false, &a, &body, NULL, NULL, &e) != 0 ||
		    body.len != 9 || memcmp(body.ptr, "{\"mt\": ", 7) != 0) {
			w->failures++;
			snprintf(w->msg, sizeof(w->msg), "%s", e.msg);
		}
	}
	mc_arena_release(&a);
	return NULL;
}

static void test_public_addresses(void **state)
{
	static const char *const public_ips[] = {
	    "8.8.8.8",          "1.1.1.1",         "172.32.0.1",           "100.128.0.1",
	    "192.0.3.1",        "223.255.255.254", "2606:4700:4700::1111", "2a00:1450:4001:82a::200e",
	    "64:ff9b::808:808", "::ffff:8.8.8.8",
	};
	static const char *const private_ips[] = {
	    "0.0.0.0",
	    "10.0.0.1",
	    "100.64.0.1",
	    "127.0.0.1",
	    "127.255.0.9",
	    "169.254.169.254",
	    "172.16.0.1",
	    "172.31.255.255",
	    "192.168.1.1",
	    "192.0.2.7",
	    "198.18.0.1",
	    "198.51.100.1",
	    "203.0.113.5",
	    "224.0.0.1",
	    "240.0.0.1",
	    "255.255.255.255",
	    "::",
	    "::1",
	    "fe80::1",
	    "fc00::1",
	    "fd12:3456::1",
	    "ff02::1",
	    "2001:db8::1",
	    "::ffff:10.0.0.1",
	    "::ffff:127.0.0.1",
	    "::127.0.0.1",
	    "64:ff9b::a00:1",
	    "not an address",
	    "",
	};
	for (size_t i = 0; i < sizeof(public_ips) / sizeof(public_ips[0]); i++)
		if (!mc_fetch_ip_is_public(public_ips[i]))
			fail_msg("%s should be public", public_ips[i]);
	for (size_t i = 0; i < sizeof(private_ips) / sizeof(private_ips[0]); i++)
		if (mc_fetch_ip_is_public(private_ips[i]))
			fail_msg("%s should not be public", private_ips[i]);
}

/* public_only: nothing on this machine or a private network is fetched, whatever the
 * URL says; the address is checked where the connection is made. */
static void test_public_only(void **state)
{
	struct mc_buf b;
	struct mc_err e = {0};
	struct mc_fetch_opts o = {.public_only = true};

	mc_http_fixture_json(fx, "/pub", "{\"ok\": true}");
	mc_buf_init(&b, MC_BUF_NOLIMIT);
	assert_int_equal(mc_fetch(url("/pub"), NULL, &b, NULL, &e), 0); /* allowed without it */
	assert_int_equal(mc_fetch(url("/pub"), &o, &b, NULL, &e), MC_EINVAL);
	assert_contains(e.msg, "fetches only from public addresses");
	assert_int_equal(b.len, 0);
	/* https to private addresses: refused at the socket, before any byte is sent */
	assert_int_equal(mc_fetch("https://10.255.255.1/keys.json", &o, &b, NULL, &e), MC_EINVAL);
	assert_contains(e.msg, "resolves to 10.255.255.1, a private or local address");
	assert_int_equal(mc_fetch("https://[fd00::1]:8443/k", &o, &b, NULL, &e), MC_EINVAL);
	assert_contains(e.msg, "resolves to fd00::1");
	assert_int_equal(mc_fetch("https://169.254.169.254/latest/meta-data/", &o, &b, NULL, &e), MC_EINVAL);
	assert_contains(e.msg, "169.254.169.254");
	mc_buf_release(&b);
}

static void test_concurrent(void **state)
{
	struct mc_fetch_cache *c = mc_fetch_cache_new(0, 3, 0); /* small: forces evictions */
	pthread_t t[8];
	struct worker w[8];

	for (int i = 0; i < 5; i++) {
		char path[64], body[64];
		snprintf(path, sizeof(path), "/mt/%d", i);
		snprintf(body, sizeof(body), "{\"mt\": %d}", i);
		mc_http_fixture_json(fx, path, body);
	}
	for (int i = 0; i < 8; i++) {
		w[i] = (struct worker){.cache = c};
		assert_int_equal(pthread_create(&t[i], NULL, fetch_many, &w[i]), 0);
	}
	for (int i = 0; i < 8; i++) {
		pthread_join(t[i], NULL);
		if (w[i].failures)
			fail_msg("thread %d: %d failures, last: %s", i, w[i].failures, w[i].msg);
	}
	assert_true(mc_fetch_cache_len(c) <= 3);
	mc_fetch_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_get_ok_and_headers_sent),
	    cmocka_unit_test(test_cookies_never_sent),
	    cmocka_unit_test(test_status_errors),
	    cmocka_unit_test(test_timeout),
	    cmocka_unit_test(test_connection_refused),
	    cmocka_unit_test(test_public_addresses),
	    cmocka_unit_test(test_public_only),
	    cmocka_unit_test(test_connect_timeout),
	    cmocka_unit_test(test_tls_always_verified),
	    cmocka_unit_test(test_size_limit),
	    cmocka_unit_test(test_redirects),
	    cmocka_unit_test(test_redirect_to_insecure_refused),
	    cmocka_unit_test(test_url_rule),
	    cmocka_unit_test(test_cache_hit_and_expiry),
	    cmocka_unit_test(test_cache_control),
	    cmocka_unit_test(test_cache_eviction),
	    cmocka_unit_test(test_concurrent),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
