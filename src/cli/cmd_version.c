/* microcred version */
#include <openssl/opensslv.h>
#include <sodium.h>
#include <stdio.h>

#include "cli/cli.h"

int mc__cmd_version(int argc, char **argv)
{
	if (mc__cli_wants_help(argc, argv)) {
		printf("usage: microcred version\n\nPrints microcred's version and the versions of the libraries it\n"
		       "was built with.\n\nExample:\n  microcred version\n");
		return 0;
	}
	if (argc > 1)
		return mc__cli_usage_error("version", "takes no arguments (got '%s')", argv[1]);
	printf("microcred %s\n", MC_VERSION);
	printf("libsodium %s, %s\n", sodium_version_string(), OPENSSL_VERSION_TEXT);
	return 0;
}
