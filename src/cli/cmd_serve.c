/* microcred serve: the web server (src/web) in the foreground until SIGTERM or
 * SIGINT, then a graceful stop. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "web/web.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: microcred serve [--listen ADDR:PORT] [--db PATH] [--base-url URL] [--threads N]\n"
	           "                       [--access-log FILE|-|off] [--offline-verify] [--fetch-private]\n"
	           "                       [--templates DIR] "
	           "[--debug]\n"
	           "                       [--verify-rate N|off] [--login-limit N|off]\n"
	           "\n"
	           "Serves the web application: public pages and JSON(-LD) of issuers, micro-credentials,\n"
	           "credentials and status lists, did:web documents, the verify page and the JSON API\n"
	           "(/api/openapi.json describes it). Runs until SIGTERM or SIGINT, then finishes the\n"
	           "requests in flight and stops.\n"
	           "\n"
	           "Options:\n"
	           "  --listen ADDR:PORT  address and port to listen on (default 127.0.0.1:8080; port 0\n"
	           "                      picks a free one; IPv6 as [::1]:8080)\n"
	           "  --db PATH           the database (default $MICROCRED_DB, else ./microcred.db)\n"
	           "  --base-url URL      the public URL of the site (default: the one recorded by\n"
	           "                      'microcred init', else http://ADDR:PORT)\n"
	           "  --threads N         worker threads, each with its own database connection\n"
	           "                      (default: the number of CPUs)\n"
	           "  --max-body BYTES    largest request body accepted (default 1048576; larger: 413)\n"
	           "  --access-log FILE   one line per request (time, method, path, status, bytes, us);\n"
	           "                      '-' is standard error (default), 'off' disables it\n"
	           "  --offline-verify    never fetch keys or status lists of other sites when verifying\n"
	           "  --fetch-private     let verification fetch from loopback and private networks (an\n"
	           "                      intranet issuer, tests); by default only public addresses are\n"
	           "                      fetched, so visitors cannot make the server call into its own\n"
	           "                      network, and such fetches bypass proxies to check addresses\n"
	           "  --verify-ttl SECS   how long a badge page reuses its verification (default 10)\n"
	           "  --templates DIR     read page templates from DIR instead of the built-in ones\n"
	           "  --debug             log template names missing from the data, and server errors\n"
	           "  --verify-rate N     verifications per second per client address, bursts of 2N\n"
	           "                      (default 20; more: 429 with Retry-After; 'off' for benchmarks)\n"
	           "  --login-limit N     log-in attempts per 5 minutes per client address and per\n"
	           "                      account (default 10; 'off' disables the limit)\n"
	           "\n"
	           "Example:\n"
	           "  microcred serve --listen 127.0.0.1:8080 --db ./microcred.db\n");
}

static int parse_listen(const char *s, char *addr, size_t addr_n, uint16_t *port)
{
	const char *colon;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':')
			return -1;
		snprintf(addr, addr_n, "%.*s", (int)(close - s - 1), s + 1);
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon)
			return -1;
		snprintf(addr, addr_n, "%.*s", (int)(colon - s), s);
	}
	char *end;
	errno = 0;
	long p = strtol(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || p < 0 || p > 65535 || !*addr)
		return -1;
	*port = (uint16_t)p;
	return 0;
}

enum {
	OPT_LISTEN = 1,
	OPT_DB,
	OPT_BASE,
	OPT_THREADS,
	OPT_MAXBODY,
	OPT_LOG,
	OPT_OFFLINE,
	OPT_FETCH_PRIVATE,
	OPT_TTL,
	OPT_TPL,
	OPT_DEBUG,
	OPT_VERIFY_RATE,
	OPT_LOGIN_LIMIT
};

/* "off" -> -1, else a whole number from 1 to max. */
static int parse_rate(const char *s, int max, int *out)
{
	char *end;
	if (strcmp(s, "off") == 0) {
		*out = -1;
		return 0;
	}
	long v = strtol(s, &end, 10);
	if (*end || end == s || v < 1 || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

int mc__cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"listen", required_argument, NULL, OPT_LISTEN},
	    {"db", required_argument, NULL, OPT_DB},
	    {"base-url", required_argument, NULL, OPT_BASE},
	    {"threads", required_argument, NULL, OPT_THREADS},
	    {"max-body", required_argument, NULL, OPT_MAXBODY},
	    {"access-log", required_argument, NULL, OPT_LOG},
	    {"offline-verify", no_argument, NULL, OPT_OFFLINE},
	    {"fetch-private", no_argument, NULL, OPT_FETCH_PRIVATE},
	    {"verify-ttl", required_argument, NULL, OPT_TTL},
	    {"templates", required_argument, NULL, OPT_TPL},
	    {"debug", no_argument, NULL, OPT_DEBUG},
	    {"verify-rate", required_argument, NULL, OPT_VERIFY_RATE},
	    {"login-limit", required_argument, NULL, OPT_LOGIN_LIMIT},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	char addr[64] = "127.0.0.1";
	struct mc_web_config cfg = {.addr = addr, .port = 8080, .access_log_fd = 2};
	const char *log_path = "-";
	char *end;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case OPT_LISTEN:
			if (parse_listen(optarg, addr, sizeof addr, &cfg.port))
				return mc__cli_usage_error(
				    "serve",
				    "--listen '%s': want ADDR:PORT, e.g. 127.0.0.1:8080 or [::1]:8080",
				    optarg);
			break;
		case OPT_DB: cfg.db_url = optarg; break;
		case OPT_BASE: cfg.base_url = optarg; break;
		case OPT_THREADS:
			cfg.threads = (unsigned)strtoul(optarg, &end, 10);
			if (*end || cfg.threads < 1 || cfg.threads > 256)
				return mc__cli_usage_error(
				    "serve", "--threads '%s': want a number from 1 to 256", optarg);
			break;
		case OPT_MAXBODY:
			cfg.max_body = strtoull(optarg, &end, 10);
			if (*end || cfg.max_body < 1024)
				return mc__cli_usage_error(
				    "serve", "--max-body '%s': want a number of bytes, at least 1024",
				    optarg);
			break;
		case OPT_LOG: log_path = optarg; break;
		case OPT_OFFLINE: cfg.offline_verify = true; break;
		case OPT_FETCH_PRIVATE: cfg.fetch_private = true; break;
		case OPT_TTL:
			cfg.verify_ttl = (unsigned)strtoul(optarg, &end, 10);
			if (*end || cfg.verify_ttl < 1)
				return mc__cli_usage_error(
				    "serve", "--verify-ttl '%s': want seconds, at least 1", optarg);
			break;
		case OPT_TPL: cfg.templates_dir = optarg; break;
		case OPT_DEBUG: cfg.debug = true; break;
		case OPT_VERIFY_RATE:
			if (parse_rate(optarg, 1000000, &cfg.verify_rate))
				return mc__cli_usage_error(
				    "serve",
				    "--verify-rate '%s': want a number per second (1 or more) or 'off'",
				    optarg);
			break;
		case OPT_LOGIN_LIMIT:
			if (parse_rate(optarg, 1000000, &cfg.login_limit))
				return mc__cli_usage_error(
				    "serve",
				    "--login-limit '%s': want a number of attempts (1 or more) or 'off'",
				    optarg);
			break;
		case 'h': usage(stdout); return MC_EXIT_OK;
		default: return mc__cli_usage_error("serve", "unknown option");
		}
	}
	if (optind < argc)
		return mc__cli_usage_error("serve", "unexpected argument '%s'", argv[optind]);
	if (strcmp(log_path, "off") == 0) {
		cfg.access_log_fd = -1;
	} else if (strcmp(log_path, "-") != 0) {
		cfg.access_log_fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (cfg.access_log_fd < 0) {
			struct mc_err err;
			mc_err_set(&err, MC_EIO, "--access-log %s: cannot open it for appending: %s",
			           log_path, strerror(errno));
			return mc__cli_fail("serve", &err);
		}
	}

	/* Block the stop signals in every thread (the server's threads inherit the
	 * mask) and wait for them here. */
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);

	struct mc_web_server *srv;
	struct mc_err err = {0};
	if (mc_web_server_start(&cfg, &srv, &err))
		return mc__cli_fail("serve", &err);
	const char *url_addr = addr;
	bool v6 = strchr(addr, ':') != NULL;
	printf(v6 ? "microcred serving on http://[%s]:%u\n" : "microcred serving on http://%s:%u\n", url_addr,
	       mc_web_server_port(srv));
	if (strncmp(mc_web_server_base_url(srv), "http://", 7) != 0 ||
	    !strstr(mc_web_server_base_url(srv), addr))
		printf("public base URL: %s\n", mc_web_server_base_url(srv));
	fflush(stdout);
	int sig = 0;
	sigwait(&set, &sig);
	fprintf(stderr, "microcred serve: %s received, finishing requests in flight\n",
	        sig == SIGTERM ? "SIGTERM" : "SIGINT");
	mc_web_server_stop(srv, 10000);
	if (cfg.access_log_fd > 2)
		close(cfg.access_log_fd);
	fprintf(stderr, "microcred serve: stopped\n");
	return MC_EXIT_OK;
}
