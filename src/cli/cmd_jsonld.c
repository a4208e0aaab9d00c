/* microcred jsonld — placeholder until the command is written. */
#include <stdio.h>

#include "cli/cli.h"

int mc__cmd_jsonld(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "microcred jsonld: not implemented yet\n");
	return MC_EXIT_USAGE;
}
