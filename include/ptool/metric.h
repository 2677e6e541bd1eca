/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_METRIC_H
#define PTOOL_METRIC_H

/*
 * The metrics perf 6.1 knows for this cpu (perf list metric), by name,
 * description and group. None of them is computed by ptool: each needs
 * the cpu's hardware counters, which ptool does not program.
 */

#include <stdbool.h>

struct metric {
	const char *name;
	const char *desc;
	const char *group;
	const char *expr;	/* perf's formula, of PMU event names */
};

/**
 * metric_table - the metrics of the cpu described by @cpuinfo (the text of
 * /proc/cpuinfo), sorted by name; *@n gets their number (0: none known)
 */
const struct metric *metric_table(const char *cpuinfo, int *n);

/** metric_table_local - metric_table() of this machine's /proc/cpuinfo */
const struct metric *metric_table_local(int *n);

/**
 * metric_known - whether -M @name names a metric or a metric group of
 * @tab (@n entries); all of them need hardware counters
 */
bool metric_known(const struct metric *tab, int n, const char *name);

#endif
