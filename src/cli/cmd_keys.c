/* microcred keys — placeholder until the command is written. */
#include <stdio.h>

#include "cli/cli.h"

int mc__cmd_keys(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "microcred keys: not implemented yet\n");
	return MC_EXIT_USAGE;
}
