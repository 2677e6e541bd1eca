// SPDX-License-Identifier: GPL-2.0
/*
 * The perf.data reader on perf's own files from tests/data/ (counts
 * checked against perf report -D, see tests/data/README.md): record
 * counts, tracepoints, group reads, a --threads directory, clock data and
 * compressed records, the header printout.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "ptool/pdata.h"
#include "pdatatest.h"

struct expect {
	uint32_t type;
	uint64_t n;
};

static void check_fixture(const char *name, const struct expect *e,
			  const char *event, unsigned int flags)
{
	char fn[600];
	struct strbuf err = STRBUF_INIT;
	struct tu_counts c = { { 0 } };
	struct pdata *p;

	snprintf(fn, sizeof(fn), "%s/%s", tu_data_dir(), name);
	p = pdata_open(fn, &err);
	if (!p)
		fail_msg("%s", err.buf);
	assert_int_equal(pdata_for_each_event(p, flags, tu_count_types, &c), 0);
	for (; e->type; e++)
		if (c.n[e->type] != e->n)
			fail_msg("%s: %s: %llu records, perf counts %llu", name,
				 pdata_record_name(e->type),
				 (unsigned long long)c.n[e->type],
				 (unsigned long long)e->n);
	assert_string_equal(pdata_attr(p, 0)->name, event);
	assert_string_equal(pdata_info(p)->version, "6.1.187");
	assert_int_equal(pdata_stats(p)->nr_unknown_id, 0);
	pdata_close(p);
	strbuf_release(&err);
}

/* the counts of perf report -D's "Aggregated stats" for each fixture */
static void test_perf_fixtures(void **state)
{
	static const struct expect cpuclock[] = {
		{ PERF_RECORD_MMAP, 1 }, { PERF_RECORD_COMM, 2 },
		{ PERF_RECORD_EXIT, 1 }, { PERF_RECORD_SAMPLE, 82 },
		{ PERF_RECORD_MMAP2, 4 }, { PDATA_RECORD_FINISHED_ROUND, 1 },
		{ PDATA_RECORD_EVENT_UPDATE, 2 },
		{ PDATA_RECORD_FINISHED_INIT, 1 }, { 0, 0 }
	};
	static const struct expect dwarf[] = {
		{ PERF_RECORD_SAMPLE, 20 }, { PERF_RECORD_MMAP2, 24 },
		{ PERF_RECORD_COMM, 2 }, { 0, 0 }
	};
	static const struct expect pipe[] = {
		{ PERF_RECORD_SAMPLE, 102 }, { PDATA_RECORD_HEADER_ATTR, 1 },
		{ PDATA_RECORD_HEADER_FEATURE, 19 },
		{ PDATA_RECORD_EVENT_UPDATE, 3 }, { PERF_RECORD_MMAP2, 4 },
		{ 0, 0 }
	};
	static const struct expect syswide[] = {
		{ PERF_RECORD_COMM, 132 }, { PERF_RECORD_EXIT, 46 },
		{ PERF_RECORD_FORK, 132 }, { PERF_RECORD_SAMPLE, 16 },
		{ PERF_RECORD_MMAP2, 459 }, { PDATA_RECORD_FINISHED_ROUND, 2 },
		{ 0, 0 }
	};
	static const struct expect tp[] = {
		{ PERF_RECORD_SAMPLE, 5 }, { PERF_RECORD_COMM, 2 },
		{ PERF_RECORD_MMAP2, 4 }, { 0, 0 }
	};

	check_fixture("cpuclock-g.data", cpuclock, "cpu-clock", 0);
	check_fixture("cpuclock-g.data", cpuclock, "cpu-clock", PDATA_ORDERED);
	check_fixture("dwarf.data", dwarf, "cpu-clock", PDATA_ORDERED);
	check_fixture("pipe-g.data", pipe, "cpu-clock", PDATA_ORDERED);
	check_fixture("syswide.data", syswide, "cpu-clock", PDATA_ORDERED);
	check_fixture("tp-write.data", tp, "syscalls:sys_enter_write",
		      PDATA_ORDERED);
}

/* the tracepoint fixture: raw data and the tracing-data blob */
static int check_tp(struct pdata *p, const struct pdata_event *ev, void *arg)
{
	uint16_t common_type;

	if (ev->rec->type != PERF_RECORD_SAMPLE)
		return 0;
	assert_true(ev->sample.raw_size >= 8);
	memcpy(&common_type, ev->sample.raw, 2);
	assert_int_equal(common_type, pdata_attr(p, 0)->attr.config);
	(*(int *)arg)++;
	return 0;
}

static void test_perf_tracepoint(void **state)
{
	char fn[600];
	const void *blob;
	size_t len;
	struct pdata *p;
	int n = 0;

	snprintf(fn, sizeof(fn), "%s/tp-write.data", tu_data_dir());
	p = pdata_open(fn, NULL);
	assert_non_null(p);
	assert_int_equal(pdata_tracing_data(p, &blob, &len), 0);
	assert_true(len > 16);
	assert_memory_equal(blob, "\x17\x08\x44tracing", 10);
	assert_int_equal(pdata_for_each_event(p, 0, check_tp, &n), 0);
	assert_int_equal(n, 5);
	pdata_close(p);
}

/* a group read with leader sampling: PERF_SAMPLE_READ with GROUP|ID|LOST */
struct group_state {
	int samples;
	uint64_t last[2];
};

static int check_group(struct pdata *p, const struct pdata_event *ev,
		       void *arg)
{
	struct group_state *g = arg;
	uint64_t i;

	if (ev->rec->type != PERF_RECORD_SAMPLE)
		return 0;
	assert_int_equal(ev->sample.read.nr, 2);
	for (i = 0; i < 2; i++) {
		struct sample_read_value v =
			sample_read_value(&ev->sample.read, &ev->attr->attr, i);

		/* member i is event i of the file */
		assert_int_equal(pdata_id_to_attr(p, v.id), (int)i);
		assert_int_equal(v.lost, 0);
		g->last[i] = v.value;
	}
	g->samples++;
	return 0;
}

static void test_perf_group_read(void **state)
{
	char fn[600];
	struct group_state g = { 0, { 0, 0 } };
	const struct pdata_info *in;
	struct pdata *p;

	snprintf(fn, sizeof(fn), "%s/group-read.data", tu_data_dir());
	p = pdata_open(fn, NULL);
	assert_non_null(p);
	in = pdata_info(p);
	assert_int_equal(in->nr_groups, 1);
	assert_null(in->groups[0].name);
	assert_int_equal(in->groups[0].leader, 0);
	assert_int_equal(in->groups[0].nr_members, 2);
	assert_string_equal(pdata_attr(p, 1)->name, "task-clock");
	assert_int_equal(pdata_for_each_event(p, PDATA_ORDERED, check_group, &g), 0);
	assert_int_equal(g.samples, 33);
	/* the last sample's values as perf report -D prints them */
	assert_int_equal(g.last[0], 0x1f93f02);
	assert_int_equal(g.last[1], 0x1f8778a);
	pdata_close(p);
}

struct order_state {
	uint64_t last;
	int samples, mmap2, backwards;
};

static int check_order(struct pdata *p, const struct pdata_event *ev,
		       void *arg)
{
	struct order_state *o = arg;

	if (ev->rec->type == PERF_RECORD_SAMPLE)
		o->samples++;
	if (ev->rec->type == PERF_RECORD_MMAP2)
		o->mmap2++;
	if (ev->sample.time == (uint64_t)-1)
		return 0;
	if (ev->sample.time < o->last)
		o->backwards++;
	o->last = ev->sample.time;
	return 0;
}

/* perf record --threads: a directory of a header file and data.<n> */
static void test_perf_directory(void **state)
{
	char fn[600];
	struct strbuf err = STRBUF_INIT;
	struct order_state o = { 0, 0, 0, 0 };
	struct pdata *p;
	int dfd;

	snprintf(fn, sizeof(fn), "%s/threads.data", tu_data_dir());
	p = pdata_open(fn, &err);
	if (!p)
		fail_msg("%s", err.buf);
	assert_true(pdata_has_feat(p, PDATA_FEAT_DIR_FORMAT));
	assert_string_equal(pdata_attr(p, 0)->name, "cpu-clock");
	assert_int_equal(pdata_for_each_event(p, PDATA_ORDERED, check_order, &o), 0);
	assert_int_equal(o.samples, 26);
	assert_int_equal(o.mmap2, 4);
	assert_int_equal(o.backwards, 0);
	pdata_close(p);

	/* the same through an fd of the directory */
	dfd = open(fn, O_RDONLY | O_DIRECTORY);
	assert_true(dfd >= 0);
	p = pdata_open_fd(dfd, "threads.data", &err);
	assert_non_null(p);
	memset(&o, 0, sizeof(o));
	assert_int_equal(pdata_for_each_event(p, 0, check_order, &o), 0);
	assert_int_equal(o.samples, 26);
	pdata_close(p);
	close(dfd);

	/* a directory that is not perf's */
	p = pdata_open("/tmp", &err);
	assert_null(p);
	assert_string_equal(err.buf,
			    "/tmp: is a directory without a 'data' file (not perf's directory format)");
	strbuf_release(&err);
}

static void test_perf_clock_compressed(void **state)
{
	char fn[600];
	const struct pdata_info *in;
	struct tu_counts c = { { 0 } };
	struct pdata *p;

	snprintf(fn, sizeof(fn), "%s/clock-mono.data", tu_data_dir());
	p = pdata_open(fn, NULL);
	assert_non_null(p);
	in = pdata_info(p);
	assert_true(in->has_clock_data);
	assert_int_equal(in->clockid, CLOCK_MONOTONIC);
	assert_true(in->clock_tod_ns > 1700000000ULL * 1000000000ULL);
	assert_int_equal(pdata_attr(p, 0)->attr.use_clockid, 1);
	assert_int_equal(pdata_for_each_event(p, PDATA_ORDERED, tu_count_types, &c), 0);
	assert_int_equal(c.n[PERF_RECORD_SAMPLE], 32);
	pdata_close(p);

	/* perf record -z: the samples are in COMPRESSED records */
	snprintf(fn, sizeof(fn), "%s/compressed.data", tu_data_dir());
	p = pdata_open(fn, NULL);
	assert_non_null(p);
	assert_true(pdata_has_feat(p, PDATA_FEAT_COMPRESSED));
	memset(&c, 0, sizeof(c));
	assert_int_equal(pdata_for_each_event(p, PDATA_ORDERED, tu_count_types, &c), 0);
	assert_int_equal(c.n[PERF_RECORD_SAMPLE], 49);
	assert_true(pdata_stats(p)->nr_records[PDATA_RECORD_COMPRESSED] > 0);
	pdata_close(p);
}

/* the header printout is perf report --header-only's */
static void test_fprintf_header(void **state)
{
	char fn[600], *buf = NULL;
	size_t len = 0;
	struct pdata *p;
	FILE *f;

	snprintf(fn, sizeof(fn), "%s/cpuclock-g.data", tu_data_dir());
	p = pdata_open(fn, NULL);
	assert_non_null(p);
	f = open_memstream(&buf, &len);
	assert_int_equal(pdata_fprintf_header(p, f, 0), 0);
	fclose(f);
	assert_non_null(strstr(buf, "# ========\n# captured on    : "));
	assert_non_null(strstr(buf, "# hostname : vm\n"));
	assert_non_null(strstr(buf, "# perf version : 6.1.187\n"));
	assert_non_null(strstr(buf, "# nrcpus online : 2\n# nrcpus avail : 2\n"));
	assert_non_null(strstr(buf, "# event : name = cpu-clock, , id = { "));
	assert_non_null(strstr(buf, ", sample_type = IP|TID|TIME|CALLCHAIN, read_format = ID|LOST, disabled = 1, inherit = 1, mmap = 1, comm = 1, enable_on_exec = 1, task = 1, sample_id_all = 1, exclude_guest = 1, mmap2 = 1, comm_exec = 1, ksymbol = 1, bpf_event = 1\n"));
	assert_non_null(strstr(buf, "# CPU_TOPOLOGY info available, use -I to display\n"));
	assert_non_null(strstr(buf, "# missing features: TRACING_DATA BRANCH_STACK "));
	free(buf);
	pdata_close(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perf_fixtures),
		cmocka_unit_test(test_perf_tracepoint),
		cmocka_unit_test(test_perf_group_read),
		cmocka_unit_test(test_perf_directory),
		cmocka_unit_test(test_perf_clock_compressed),
		cmocka_unit_test(test_fprintf_header),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
