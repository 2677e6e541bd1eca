// SPDX-License-Identifier: GPL-2.0
/*
 * The roots of tracefs, sysfs and procfs, from the environment: the one
 * place that reads $PTOOL_TRACEFS, $PTOOL_SYSFS and $PTOOL_PROCFS.
 */
#include "ptool/cmd.h"

#include <stdlib.h>

#include "ptool/sysroots.h"

void cmd_sysroots_from_env(struct sysroots *r)
{
	r->tracefs = getenv("PTOOL_TRACEFS");
	r->sysfs = getenv("PTOOL_SYSFS");
	r->procfs = getenv("PTOOL_PROCFS");
}
