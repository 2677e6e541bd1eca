// SPDX-License-Identifier: GPL-2.0
#include "ptool/sysroots.h"

#include <stddef.h>

/* set once by the command layer before a command runs (see the header) */
static struct sysroots roots;

static const char *or_null(const char *s)
{
	return s && *s ? s : NULL;
}

void sysroots_set(const struct sysroots *r)
{
	roots.tracefs = r ? or_null(r->tracefs) : NULL;
	roots.sysfs = r ? or_null(r->sysfs) : NULL;
	roots.procfs = r ? or_null(r->procfs) : NULL;
}

const char *sysroots_tracefs(void)
{
	return roots.tracefs;
}

const char *sysroots_sysfs(void)
{
	return roots.sysfs ? roots.sysfs : "/sys";
}

const char *sysroots_procfs(void)
{
	return roots.procfs ? roots.procfs : "/proc";
}
