/* microcred jcs — placeholder until the command is written. */
#include <stdio.h>

#include "cli/cli.h"

int mc__cmd_jcs(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "microcred jcs: not implemented yet\n");
	return MC_EXIT_USAGE;
}
