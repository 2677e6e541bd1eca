/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_PDATATEST_H
#define PTOOL_PDATATEST_H

/* Helpers shared by the perf.data unit tests (tests/unit/test_pdata*.c). */

#include <stdint.h>
#include <linux/perf_event.h>

#include "ptool/pdata.h"

/* the file tu_tmp_open() made */
extern char tu_path[64];

/** tu_tmp_open - a new temporary file, named in tu_path; fails the test */
int tu_tmp_open(void);

/** tu_attr_cpu_clock - a cpu-clock sampling attr as perf record sets it */
void tu_attr_cpu_clock(struct perf_event_attr *a);

/** tu_data_dir - tests/data, under $TOP when set */
const char *tu_data_dir(void);

struct tu_counts {
	uint64_t n[PDATA_RECORD_HEADER_MAX];
};

/*
 * tu_count_types - a pdata_for_each_event() callback counting records by
 * type into a struct tu_counts; a sample must have an attr and a time
 */
int tu_count_types(struct pdata *p, const struct pdata_event *ev, void *arg);

#endif
