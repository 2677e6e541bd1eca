/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_READVALS_H
#define PTOOL_READVALS_H

#include <stdio.h>

#include "ptool/pdata.h"

/*
 * perf report -T: the counter values of the PERF_RECORD_READ records a
 * recording with inherited per-thread counts (perf record -s) has, summed
 * per thread and event, printed as perf's "#   PID    TID  event" table.
 */

struct readvals;

/** readvals_new - an empty table (free with readvals_free()) */
struct readvals *readvals_new(void);

/** readvals_free - release; NULL is a no-op */
void readvals_free(struct readvals *v);

/**
 * readvals_add - add the value of a READ record (other records are
 * ignored) to its thread's column of event @name (lent: must outlive @v)
 */
void readvals_add(struct readvals *v, const struct pdata_event *ev,
		  const char *name);

/** readvals_write - the table, threads and events in order of appearance */
int readvals_write(const struct readvals *v, FILE *fp);

#endif
