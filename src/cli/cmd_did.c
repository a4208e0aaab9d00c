/* microcred did — placeholder until the command is written. */
#include <stdio.h>

#include "cli/cli.h"

int mc__cmd_did(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "microcred did: not implemented yet\n");
	return MC_EXIT_USAGE;
}
