// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ptool/evlist.h"
#include "ptool/evsel.h"
#include "ptool/pdata.h"
#include "ptool/recdesc.h"
#include "ptool/recorder.h"

static char path[64];

static int setup(void **state)
{
	int fd;

	strcpy(path, "/tmp/ptool-recdesc.XXXXXX");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int teardown(void **state)
{
	return unlink(path);
}

static struct evsel *sw_event(struct evlist *el, uint64_t config,
			      const char *name, uint64_t sample_type)
{
	struct perf_event_attr a = {
		.type = PERF_TYPE_SOFTWARE, .size = sizeof(a), .config = config,
		.sample_type = sample_type, .sample_id_all = 1,
	};
	struct evsel *e = evsel_new(&a, name, EVSEL_SOFTWARE);

	evlist_add(el, e);
	return e;
}

static void test_write(void **state)
{
	const uint64_t st = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_ID;
	const char *argv[] = { "record", "-e", "{cpu-clock,task-clock}" };
	struct evlist *el = evlist_new();
	const struct pdata_info *info;
	struct pdata_writer *w;
	struct recdesc_err de;
	struct recorder *rc;
	struct pdata *p;
	char exe[PATH_MAX];
	ssize_t n;
	int fd;

	sw_event(el, PERF_COUNT_SW_CPU_CLOCK, "cpu-clock", st);
	sw_event(el, PERF_COUNT_SW_TASK_CLOCK, "task-clock", st);
	evlist_set_leader(el, 0, 2);
	fd = open(path, O_RDWR | O_TRUNC);
	assert_true(fd >= 0);
	w = pdata_writer_new(fd, 0);
	assert_non_null(w);
	rc = recorder_new(w, st);
	assert_int_equal(recdesc_write(w, rc, el, 3, argv, "9.9", &de), 0);
	assert_int_equal(pdata_writer_finish(w), 0);
	pdata_writer_free(w);
	recorder_free(rc);
	close(fd);
	evlist_free(el);

	p = pdata_open(path, NULL);
	assert_non_null(p);
	assert_int_equal(pdata_nr_attrs(p), 2);
	assert_string_equal(pdata_attr(p, 0)->name, "cpu-clock");
	assert_string_equal(pdata_attr(p, 1)->name, "task-clock");
	info = pdata_info(p);
	/* perf's GROUP_DESC: one group of two led by the first */
	assert_int_equal(info->nr_groups, 1);
	assert_int_equal(info->groups[0].leader, 0);
	assert_int_equal(info->groups[0].nr_members, 2);
	/* the command line: this program's path, then the arguments */
	assert_int_equal(info->cmdline_nr, 4);
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	assert_true(n > 0);
	exe[n] = '\0';
	assert_string_equal(info->cmdline[0], exe);
	assert_string_equal(info->cmdline[1], "record");
	assert_string_equal(info->cmdline[3], "{cpu-clock,task-clock}");
	assert_non_null(info->hostname);
	assert_non_null(info->osrelease);
	pdata_close(p);
}

/* an event the writer refuses: its name and the step come back */
static void test_event_err(void **state)
{
	const uint64_t st = PERF_SAMPLE_IP | PERF_SAMPLE_TID;
	const char *argv[] = { "record" };
	struct evlist *el = evlist_new();
	struct pdata_writer *w;
	struct recdesc_err de;
	struct recorder *rc;
	struct evsel *e;
	int fd;

	sw_event(el, PERF_COUNT_SW_CPU_CLOCK, "cpu-clock", st);
	e = sw_event(el, PERF_COUNT_SW_TASK_CLOCK, "task-clock", st);
	/* no id fields in the same place as the first event's */
	e->attr.sample_id_all = 0;
	fd = open(path, O_RDWR | O_TRUNC);
	assert_true(fd >= 0);
	w = pdata_writer_new(fd, 0);
	rc = recorder_new(w, st);
	assert_int_equal(recdesc_write(w, rc, el, 1, argv, "9.9", &de), -EINVAL);
	assert_int_equal(de.step, RECDESC_EVENT);
	assert_string_equal(de.event, "task-clock");
	pdata_writer_free(w);
	recorder_free(rc);
	close(fd);
	evlist_free(el);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_event_err),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
