/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_SYSROOTS_H
#define PTOOL_SYSROOTS_H

/*
 * Where the event layer finds the kernel's pseudo filesystems: tracefs,
 * sysfs ("/sys") and procfs ("/proc"). A root that is not set means the
 * real one. The command layer fills a struct sysroots once (from
 * $PTOOL_TRACEFS, $PTOOL_SYSFS and $PTOOL_PROCFS, which tests use to point
 * ptool at fake trees) and hands it to the layer with sysroots_set() before
 * any command runs; tfs, tp, pmu, cpumap, target and evsel read it through
 * the accessors below. Unit tests call sysroots_set() with temporary
 * directories and sysroots_set(NULL) afterwards.
 *
 * The roots change where files are looked for, never how they are used:
 * a tracefs root is used as it is (never mounted, nothing created in it).
 */

struct sysroots {
	const char *tracefs;	/* used as tracefs; NULL: the mounted one */
	const char *sysfs;	/* replaces "/sys"; NULL: "/sys" */
	const char *procfs;	/* replaces "/proc"; NULL: "/proc" */
};

/**
 * sysroots_set - the roots the event layer uses from now on
 * @r: copied (the strings are not: they must stay valid), or NULL for the
 *     real filesystems; an empty string counts as not set
 */
void sysroots_set(const struct sysroots *r);

/** sysroots_tracefs - the tracefs root set, or NULL (find the mounted one) */
const char *sysroots_tracefs(void);

/** sysroots_sysfs - the sysfs root: the one set, else "/sys" */
const char *sysroots_sysfs(void);

/** sysroots_procfs - the procfs root: the one set, else "/proc" */
const char *sysroots_procfs(void);

#endif
