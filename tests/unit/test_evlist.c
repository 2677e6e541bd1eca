// SPDX-License-Identifier: GPL-2.0
/*
 * evlist_map_rings() and evlist_map_rings_shrink() over wrapped
 * sys_perf_event_open(), ring_mmap() and ring_set_output(): which fd is
 * mapped at what size, which fds are sent into it, and the error line.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ptool/cpumap.h"
#include "ptool/evlist.h"
#include "ptool/evsel.h"
#include "ptool/evspec.h"
#include "ptool/ring.h"
#include "ptool/strbuf.h"

#define MAX_CALLS 32

static char fake_ring[4];	/* ring_mmap()'s result: never used as a ring */
static unsigned int mmap_pages[MAX_CALLS];
static int mmap_fd[MAX_CALLS], nr_mmaps;
static unsigned int mmap_limit;	/* EPERM above this many pages */
static int output_fd[MAX_CALLS], output_target[MAX_CALLS], nr_outputs;
static int fail_output = -1;	/* fail this ring_set_output() call */

int __wrap_sys_perf_event_open(struct perf_event_attr *attr, pid_t pid,
			       int cpu, int group_fd, unsigned long flags);
struct ring *__wrap_ring_mmap(int fd, unsigned int pages);
int __wrap_ring_set_output(int fd, int target_fd);

int __wrap_sys_perf_event_open(struct perf_event_attr *attr, pid_t pid,
			       int cpu, int group_fd, unsigned long flags)
{
	int p[2];

	if (pipe(p))
		return -1;
	close(p[1]);
	return p[0];
}

struct ring *__wrap_ring_mmap(int fd, unsigned int pages)
{
	assert_true(nr_mmaps < MAX_CALLS);
	mmap_fd[nr_mmaps] = fd;
	mmap_pages[nr_mmaps++] = pages;
	if (pages > mmap_limit) {
		errno = EPERM;
		return NULL;
	}
	return (struct ring *)fake_ring;
}

int __wrap_ring_set_output(int fd, int target_fd)
{
	assert_true(nr_outputs < MAX_CALLS);
	output_fd[nr_outputs] = fd;
	output_target[nr_outputs] = target_fd;
	return nr_outputs++ == fail_output ? -EINVAL : 0;
}

/* "cs,page-faults" opened on cpus 0 and 1, any thread */
static struct evlist *two_events_two_cpus(void)
{
	struct evlist *el = evlist_new();
	struct cpumap *cpus = xcalloc(1, sizeof(*cpus));
	struct evspec_err err;
	struct evsel *failed;

	assert_int_equal(evspec_parse(el, "cs,page-faults", NULL, &err), 0);
	cpus->nr = 2;
	cpus->cpu = xcalloc(2, sizeof(int));
	cpus->cpu[1] = 1;
	evlist_set_maps_direct(el, cpus, threadmap_new_any());
	assert_int_equal(evlist_open(el, &failed), 0);
	return el;
}

static int reset(void **state)
{
	nr_mmaps = nr_outputs = 0;
	mmap_limit = 1u << 20;
	fail_output = -1;
	return 0;
}

static void test_map_and_share(void **state)
{
	struct evlist *el = two_events_two_cpus();
	struct strbuf err = STRBUF_INIT;
	struct ring *rings[2] = { NULL, NULL };

	assert_int_equal(evlist_map_rings(el, 16, rings, &err), 0);
	assert_int_equal(err.len, 0);
	assert_non_null(rings[0]);
	assert_non_null(rings[1]);
	/* the first event's fd on each cpu is mapped ... */
	assert_int_equal(nr_mmaps, 2);
	for (int c = 0; c < 2; c++) {
		assert_int_equal(mmap_fd[c], evsel_fd(el->entry[0], c, 0));
		assert_int_equal(mmap_pages[c], 16);
	}
	/* ... and the second event's fd on that cpu sends into it */
	assert_int_equal(nr_outputs, 2);
	for (int c = 0; c < 2; c++) {
		assert_int_equal(output_fd[c], evsel_fd(el->entry[1], c, 0));
		assert_int_equal(output_target[c], evsel_fd(el->entry[0], c, 0));
	}
	evlist_free(el);
}

static void test_map_fails(void **state)
{
	struct evlist *el = two_events_two_cpus();
	struct strbuf err = STRBUF_INIT;
	struct ring *rings[2] = { NULL, NULL };

	mmap_limit = 8;
	assert_int_equal(evlist_map_rings(el, 16, rings, &err), -EPERM);
	assert_string_equal(err.buf,
			    "cannot map the ring buffer (16 pages): Operation not permitted");
	assert_int_equal(nr_mmaps, 1);	/* no smaller try */
	assert_null(rings[0]);
	strbuf_release(&err);
	evlist_free(el);
}

static void test_share_fails(void **state)
{
	struct evlist *el = two_events_two_cpus();
	struct strbuf err = STRBUF_INIT;
	struct ring *rings[2] = { NULL, NULL };

	fail_output = 1;	/* cpu 1's */
	assert_int_equal(evlist_map_rings(el, 16, rings, &err), -EINVAL);
	assert_string_equal(err.buf,
			    "cannot share a ring buffer between events: Invalid argument");
	/* the rings mapped so far stay for the caller */
	assert_non_null(rings[0]);
	assert_non_null(rings[1]);
	strbuf_release(&err);
	evlist_free(el);
}

static void test_shrink(void **state)
{
	struct evlist *el = two_events_two_cpus();
	struct strbuf err = STRBUF_INIT;
	struct ring *rings[2] = { NULL, NULL };
	unsigned int pages = 64;

	mmap_limit = 16;
	assert_int_equal(evlist_map_rings_shrink(el, &pages, 8, rings, &err), 0);
	assert_int_equal(pages, 16);
	/* cpu 0: 64, 32, 16; cpu 1 starts at the size that worked */
	assert_int_equal(nr_mmaps, 4);
	assert_int_equal(mmap_pages[0], 64);
	assert_int_equal(mmap_pages[1], 32);
	assert_int_equal(mmap_pages[2], 16);
	assert_int_equal(mmap_pages[3], 16);
	assert_int_equal(err.len, 0);

	/* never below @min_pages: the error names the last size tried */
	reset(state);
	mmap_limit = 4;
	pages = 64;
	rings[0] = rings[1] = NULL;
	assert_int_equal(evlist_map_rings_shrink(el, &pages, 8, rings, &err),
			 -EPERM);
	assert_int_equal(pages, 8);
	assert_int_equal(nr_mmaps, 4);	/* 64, 32, 16, 8 */
	assert_string_equal(err.buf,
			    "cannot map the ring buffer (8 pages): Operation not permitted");
	strbuf_release(&err);
	evlist_free(el);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_map_and_share, reset),
		cmocka_unit_test_setup(test_map_fails, reset),
		cmocka_unit_test_setup(test_share_fails, reset),
		cmocka_unit_test_setup(test_shrink, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
