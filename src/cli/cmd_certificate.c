/* microcred certificate — a printable PDF certificate of a credential (stub while the
 * renderer lands). */
#include <stdio.h>

#include "microcred/err.h"

#include "cli/cli.h"

int mc__cmd_certificate(int argc, char **argv)
{
	struct mc_err err = {0};
	mc_err_set(&err, MC_EUNSUPPORTED, "certificates are not available yet");
	return mc__cli_fail("certificate", &err);
}
