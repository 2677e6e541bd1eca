/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_PMU_H
#define PTOOL_PMU_H

/*
 * Performance monitoring units as sysfs describes them in
 * <sysfs>/bus/event_source/devices/<pmu>/: "type" (the attr.type number),
 * format/<term> ("config:0-7", "config1:0-63", "config:8-15,32-35"), and
 * events/<alias> ("event=0x3c,umask=0x01" style term lists).
 *
 * Test seam: @sysfs arguments (or sysroots_sysfs() when NULL) replace "/sys".
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct perf_event_attr;

/** pmu_sysfs_root - @sysfs, else sysroots_sysfs() ("/sys" unless set) */
const char *pmu_sysfs_root(const char *sysfs);

/**
 * pmu_type - attr.type of the PMU @name
 * Returns the type (>= 0) or -errno: -ENOENT when there is no such PMU.
 */
int pmu_type(const char *sysfs, const char *name);

/**
 * pmu_names - the names of every PMU, sorted
 * @names: set to a new array of new strings (free each, then the array)
 * Returns their number or -errno.
 */
int pmu_names(const char *sysfs, char ***names);

/**
 * pmu_apply_term - set attr bits for term @term = @val through the PMU's
 * format/<term> file
 * Returns 0, -ENOENT (no such format term), -ERANGE (@val does not fit the
 * bits) or another -errno.
 */
int pmu_apply_term(const char *sysfs, const char *pmu, const char *term,
		   uint64_t val, struct perf_event_attr *attr);

/**
 * pmu_event_alias - the term list of events/<@event> of PMU @pmu
 * Returns a new string (free()), or NULL with errno set (ENOENT).
 */
char *pmu_event_alias(const char *sysfs, const char *pmu, const char *event);

/**
 * pmu_events - the events/ aliases of @pmu, sorted
 * @names: set to a new array of new strings (free each, then the array)
 * Returns their number (0 when the PMU has no events directory) or -errno.
 */
int pmu_events(const char *sysfs, const char *pmu, char ***names);

/** pmu_strv_free - free an array returned by pmu_names()/pmu_events() */
void pmu_strv_free(char **v, int n);

#endif
