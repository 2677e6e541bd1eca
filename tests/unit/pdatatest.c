// SPDX-License-Identifier: GPL-2.0
#include "pdatatest.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

char tu_path[64];

int tu_tmp_open(void)
{
	int fd;

	strcpy(tu_path, "/tmp/ptool-test-pdata.XXXXXX");
	fd = mkstemp(tu_path);
	assert_true(fd >= 0);
	return fd;
}

void tu_attr_cpu_clock(struct perf_event_attr *a)
{
	memset(a, 0, sizeof(*a));
	a->type = PERF_TYPE_SOFTWARE;
	a->config = PERF_COUNT_SW_CPU_CLOCK;
	a->size = sizeof(*a);
	a->sample_period = 100000;
	a->sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_IP |
			 PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			 PERF_SAMPLE_CALLCHAIN | PERF_SAMPLE_CPU |
			 PERF_SAMPLE_PERIOD;
	a->read_format = PERF_FORMAT_ID;
	a->disabled = 1;
	a->mmap = 1;
	a->comm = 1;
	a->task = 1;
	a->sample_id_all = 1;
	a->mmap2 = 1;
	a->comm_exec = 1;
}

const char *tu_data_dir(void)
{
	static char buf[512];
	const char *top = getenv("TOP");

	if (top)
		snprintf(buf, sizeof(buf), "%s/tests/data", top);
	else
		snprintf(buf, sizeof(buf), "tests/data");
	return buf;
}

int tu_count_types(struct pdata *p, const struct pdata_event *ev, void *arg)
{
	struct tu_counts *c = arg;

	(void)p;
	if (ev->rec->type < PDATA_RECORD_HEADER_MAX)
		c->n[ev->rec->type]++;
	if (ev->rec->type == PERF_RECORD_SAMPLE) {
		assert_true(ev->attr_idx >= 0);
		assert_true(ev->sample.time != (uint64_t)-1);
	}
	return 0;
}
