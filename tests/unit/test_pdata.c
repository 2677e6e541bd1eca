// SPDX-License-Identifier: GPL-2.0
/*
 * The perf.data reader and writer: round trips, ordering, hostile files,
 * compressed records, a full disk. perf's own files are read in
 * test_pdata_perf.c, feature sections in test_pdata_header.c, the
 * ordered-events queue alone in test_pdata_order.c.
 *
 * The binary doubles as a fixture tool for tests/integration/pdata-*.sh:
 *   PDATA_WRITE_FIXTURE=out.data [PDATA_FIXTURE_PIPE=1]
 *   [PDATA_FIXTURE_EXE=path PDATA_FIXTURE_IP=0x...] test_pdata
 * writes a file made only by the writer; PDATA_COUNT=file test_pdata
 * prints "<RECORD> <count>" per record type, like perf report -D's stats;
 * PDATA_HEADER=file [PDATA_HEADER_FULL=1] test_pdata prints the header as
 * pdata_fprintf_header() does; PDATA_TIMES=file test_pdata prints the
 * sample times in delivery order (PDATA_ORDERED).
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
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "ptool/pdata.h"
#include "pdatatest.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const uint64_t ids0[] = { 101, 102 };
static const uint64_t ids1[] = { 201, 202 };
static const uint8_t bid[20] = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6,
				 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
static const char tracing[] = "\x17\x08\x44tracing0.6 fake blob";

static void sample_at(struct sample *s, uint64_t id, uint64_t time,
		      uint32_t cpu)
{
	static const uint64_t cc[] = { PERF_CONTEXT_USER, 0x40119f, 0x401200 };

	memset(s, 0, sizeof(*s));
	s->id = id;
	s->ip = 0x40119f;
	s->pid = 1000;
	s->tid = 1001;
	s->time = time;
	s->cpu = cpu;
	s->period = 100000;
	s->callchain_nr = 3;
	s->callchain = cc;
}

/* the common file of the round-trip tests: 2 attrs, every feature */
static void write_file(int fd, unsigned int flags, bool finish)
{
	struct pdata_writer *w = pdata_writer_new(fd, flags);
	struct perf_event_attr a;
	const char *argv[] = { "/usr/bin/ptool", "record", "-g", "--", "ls" };
	struct pdata_mmap m = {
		.misc = PERF_RECORD_MISC_USER, .pid = 1000, .tid = 1001,
		.start = 0x400000, .len = 0x2000, .pgoff = 0x1000,
		.maj = 8, .min = 1, .ino = 1234, .prot = 5, .flags = 2,
		.filename = "/usr/bin/ls",
	};
	struct sample s, idv;
	int i;

	assert_non_null(w);
	tu_attr_cpu_clock(&a);
	assert_int_equal(pdata_writer_add_attr(w, &a, "cpu-clock", ids0, 1), 0);
	assert_int_equal(pdata_writer_add_ids(w, 0, ids0 + 1, 1), 0);
	a.config = PERF_COUNT_SW_TASK_CLOCK;
	assert_int_equal(pdata_writer_add_attr(w, &a, "task-clock", ids1, 2), 1);
	/* an attr whose id sits elsewhere is refused */
	a.sample_type &= ~PERF_SAMPLE_IDENTIFIER;
	a.sample_type |= PERF_SAMPLE_ID;
	assert_int_equal(pdata_writer_add_attr(w, &a, "x", NULL, 0), -EINVAL);

	assert_int_equal(pdata_writer_set_string(w, PDATA_FEAT_HOSTNAME, "box"), 0);
	assert_int_equal(pdata_writer_set_string(w, PDATA_FEAT_OSRELEASE, "6.1.0"), 0);
	assert_int_equal(pdata_writer_set_string(w, PDATA_FEAT_VERSION, "0.1.0"), 0);
	assert_int_equal(pdata_writer_set_string(w, PDATA_FEAT_ARCH, "x86_64"), 0);
	assert_int_equal(pdata_writer_set_string(w, PDATA_FEAT_CPUDESC, "Some CPU"), 0);
	assert_int_equal(pdata_writer_set_string(w, PDATA_FEAT_CPUID, "GenuineIntel,6,85,7"), 0);
	assert_int_equal(pdata_writer_set_string(w, PDATA_FEAT_CMDLINE, "x"), -EINVAL);
	assert_int_equal(pdata_writer_set_nrcpus(w, 3, 4), 0);
	assert_int_equal(pdata_writer_set_total_mem(w, 16384), 0);
	assert_int_equal(pdata_writer_set_cmdline(w, 5, argv), 0);
	assert_int_equal(pdata_writer_set_sample_time(w, 1000, 9000), 0);
	assert_int_equal(pdata_writer_set_clockid(w, 1), 0);
	assert_int_equal(pdata_writer_add_group(w, 0, 2, NULL), 0);
	assert_int_equal(pdata_writer_set_clock_data(w, 1, 1795308581173597000ULL,
						     3206763319275ULL), 0);
	assert_int_equal(pdata_writer_add_group(w, 1, 1, "g"), 0);
	assert_int_equal(pdata_writer_set_tracing_data(w, tracing, sizeof(tracing)), 0);
	assert_int_equal(pdata_writer_add_build_id(w, -1, PERF_RECORD_MISC_KERNEL,
						   bid, 20, "[kernel.kallsyms]"), 0);

	assert_int_equal(pdata_writer_begin(w), 0);
	assert_int_equal(pdata_write_comm(w, 1000, 1001, "ls", true, NULL), 0);
	assert_int_equal(pdata_write_mmap2(w, &m, NULL), 0);
	m.build_id = bid;
	m.build_id_size = 20;
	m.filename = "/usr/lib/libc.so.6";
	assert_int_equal(pdata_write_mmap2(w, &m, NULL), 0);
	assert_int_equal(pdata_write_kernel_mmap(w, 0xffffffff81000000ULL, NULL), 0);
	assert_int_equal(pdata_write_fork(w, false, 1002, 1000, 1002, 1001, 500, NULL), 0);
	assert_int_equal(pdata_write_finished_init(w), 0);
	for (i = 0; i < 6; i++) {
		sample_at(&s, i & 1 ? ids1[i % 2] : ids0[i % 2],
			  1000 + (uint64_t)i * 1000, (uint32_t)(i & 1));
		assert_int_equal(pdata_write_sample(w, i & 1, PERF_RECORD_MISC_USER, &s), 0);
	}
	memset(&idv, 0, sizeof(idv));
	idv.pid = 1002;
	idv.tid = 1002;
	idv.time = 9500;
	idv.id = 202;
	idv.cpu = 1;
	assert_int_equal(pdata_write_fork(w, true, 1002, 1000, 1002, 1001, 9500, &idv), 0);
	assert_int_equal(pdata_write_finished_round(w), 0);
	/* ids and features after begin: pipe mode refuses new ids */
	if (flags & PDATA_WRITER_PIPE)
		assert_int_equal(pdata_writer_add_ids(w, 0, ids0, 1), -EBUSY);
	assert_int_equal(pdata_writer_add_build_id(w, -1, PERF_RECORD_MISC_USER,
						   bid, 8, "/usr/bin/ls"), 0);
	if (finish)
		assert_int_equal(pdata_writer_finish(w), 0);
	pdata_writer_free(w);
}

struct seen {
	int n;
	uint32_t types[64];
	int idx[64];
	uint64_t times[64];
	uint64_t offsets[64];
	struct sample s[64];	/* pointers in it are stale after the callback */
	uint64_t cc2[64];	/* callchain[2], copied */
};

static int collect(struct pdata *p, const struct pdata_event *ev, void *arg)
{
	struct seen *seen = arg;

	assert_true(seen->n < 64);
	if (ev->rec->type < PDATA_RECORD_USER_TYPE_START)
		assert_int_equal(ev->rec->size % 8, 0);
	seen->types[seen->n] = ev->rec->type;
	seen->idx[seen->n] = ev->attr_idx;
	seen->times[seen->n] = ev->sample.time;
	seen->offsets[seen->n] = ev->offset;
	seen->s[seen->n] = ev->sample;
	if (ev->sample.callchain_nr > 2)
		seen->cc2[seen->n] = ev->sample.callchain[2];
	seen->n++;
	if (ev->attr_idx >= 0)
		assert_ptr_equal(ev->attr, pdata_attr(p, (size_t)ev->attr_idx));
	return 0;
}

static void check_header(struct pdata *p, bool pipe)
{
	const struct pdata_info *in = pdata_info(p);
	const struct pdata_attr *a0, *a1;

	assert_int_equal(pdata_is_pipe(p), pipe);
	assert_int_equal(pdata_nr_attrs(p), 2);
	a0 = pdata_attr(p, 0);
	a1 = pdata_attr(p, 1);
	assert_null(pdata_attr(p, 2));
	assert_string_equal(a0->name, "cpu-clock");
	assert_string_equal(a1->name, "task-clock");
	assert_int_equal(a0->nr_ids, 2);
	assert_int_equal(a0->ids[1], 102);
	assert_int_equal(a1->attr.config, PERF_COUNT_SW_TASK_CLOCK);
	assert_int_equal(a1->attr.sample_period, 100000);
	assert_int_equal(pdata_id_to_attr(p, 102), 0);
	assert_int_equal(pdata_id_to_attr(p, 201), 1);
	assert_int_equal(pdata_id_to_attr(p, 0), 0);
	assert_int_equal(pdata_id_to_attr(p, 999), -1);
	assert_string_equal(in->hostname, "box");
	assert_string_equal(in->osrelease, "6.1.0");
	assert_string_equal(in->version, "0.1.0");
	assert_string_equal(in->arch, "x86_64");
	assert_string_equal(in->cpudesc, "Some CPU");
	assert_string_equal(in->cpuid, "GenuineIntel,6,85,7");
	assert_int_equal(in->nr_cpus_online, 3);
	assert_int_equal(in->nr_cpus_avail, 4);
	assert_int_equal(in->total_mem, 16384);
	assert_int_equal(in->cmdline_nr, 5);
	assert_string_equal(in->cmdline[4], "ls");
	assert_int_equal(in->first_sample_time, 1000);
	assert_int_equal(in->last_sample_time, 9000);
	assert_int_equal(in->clockid_res_ns, 1);
	assert_true(pdata_has_feat(p, PDATA_FEAT_EVENT_DESC));
	assert_int_equal(in->nr_groups, 2);
	assert_null(in->groups[0].name);
	assert_int_equal(in->groups[0].nr_members, 2);
	assert_string_equal(in->groups[1].name, "g");
	assert_true(in->has_clock_data);
	assert_int_equal(in->clockid, 1);
	assert_int_equal(in->clock_tod_ns, 1795308581173597000ULL);
	assert_int_equal(in->clock_clockid_ns, 3206763319275ULL);
	assert_int_equal(in->groups[1].leader, 1);
	assert_false(pdata_has_feat(p, PDATA_FEAT_NUMA_TOPOLOGY));
	if (!pipe) {
		/* pipe mode: build ids follow the data */
		assert_int_equal(in->nr_build_ids, 2);
	}
}

static void check_build_ids(struct pdata *p)
{
	const struct pdata_info *in = pdata_info(p);

	assert_int_equal(in->nr_build_ids, 2);
	assert_int_equal(in->build_ids[0].pid, -1);
	assert_int_equal(in->build_ids[0].size, 20);
	assert_memory_equal(in->build_ids[0].id, bid, 20);
	assert_int_equal(in->build_ids[0].misc, PERF_RECORD_MISC_KERNEL);
	assert_string_equal(in->build_ids[0].filename, "[kernel.kallsyms]");
	assert_int_equal(in->build_ids[1].size, 8);
	assert_string_equal(in->build_ids[1].filename, "/usr/bin/ls");
}

static const uint32_t expect_types[] = {
	PERF_RECORD_COMM, PERF_RECORD_MMAP2, PERF_RECORD_MMAP2,
	PERF_RECORD_MMAP, PERF_RECORD_FORK, PDATA_RECORD_FINISHED_INIT,
	PERF_RECORD_SAMPLE, PERF_RECORD_SAMPLE, PERF_RECORD_SAMPLE,
	PERF_RECORD_SAMPLE, PERF_RECORD_SAMPLE, PERF_RECORD_SAMPLE,
	PERF_RECORD_EXIT, PDATA_RECORD_FINISHED_ROUND,
};


static void test_roundtrip(void **state)
{
	int fd = tu_tmp_open();
	struct seen seen = { 0 };
	const struct sample *s;
	const void *blob;
	size_t len;
	void *raw;
	struct pdata *p;
	int i;

	write_file(fd, 0, true);
	close(fd);
	p = pdata_open(tu_path, NULL);
	assert_non_null(p);
	check_header(p, false);
	check_build_ids(p);
	assert_int_equal(pdata_tracing_data(p, &blob, &len), 0);
	assert_int_equal(len, sizeof(tracing));
	assert_memory_equal(blob, tracing, sizeof(tracing));
	assert_int_equal(pdata_feat_raw(p, PDATA_FEAT_HOSTNAME, &raw, &len), 0);
	assert_int_equal(len, 4 + 64);	/* perf pads strings to 64 */
	free(raw);
	assert_int_equal(pdata_feat_raw(p, PDATA_FEAT_CACHE, &raw, &len), -ENOENT);

	assert_int_equal(pdata_for_each_event(p, 0, collect, &seen), 0);
	for (i = 0; i < seen.n; i++)
		assert_int_equal(seen.types[i], expect_types[i]);
	assert_int_equal(seen.n, 14);
	/* the synthesized COMM: perf's zero id trailer, pid/tid filled */
	assert_int_equal(seen.s[0].pid, 1000);
	assert_int_equal(seen.s[0].tid, 1001);
	assert_int_equal(seen.idx[0], 0);
	assert_int_equal(seen.s[0].misc, PERF_RECORD_MISC_COMM_EXEC);
	/* samples: attr by id, every field back */
	for (i = 0; i < 6; i++) {
		s = &seen.s[6 + i];
		assert_int_equal(seen.idx[6 + i], i & 1);
		assert_int_equal(s->time, 1000 + (uint64_t)i * 1000);
		assert_int_equal(s->cpu, (uint32_t)(i & 1));
		assert_int_equal(s->ip, 0x40119f);
		assert_int_equal(s->callchain_nr, 3);
		assert_int_equal(seen.cc2[6 + i], 0x401200);
		assert_int_equal(s->period, 100000);
	}
	/* the EXIT with its own trailer values */
	assert_int_equal(seen.idx[12], 1);
	assert_int_equal(seen.s[12].time, 9500);
	assert_int_equal(seen.s[12].cpu, 1);
	assert_int_equal(seen.idx[13], -1);
	assert_true(seen.offsets[1] > seen.offsets[0]);
	assert_int_equal(pdata_stats(p)->nr_records[PERF_RECORD_SAMPLE], 6);
	assert_int_equal(pdata_stats(p)->nr_unknown_id, 0);

	/* a second pass gives the same */
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(pdata_for_each_event(p, PDATA_ORDERED, collect, &seen), 0);
	assert_int_equal(seen.n, 14);
	pdata_close(p);
	unlink(tu_path);
}

static void test_roundtrip_pipe(void **state)
{
	int fd = tu_tmp_open(), pfd[2];
	struct seen seen = { 0 };
	const void *blob;
	size_t len;
	struct pdata *p;
	int i, first;

	write_file(fd, PDATA_WRITER_PIPE, true);
	close(fd);
	/* a pipe-format regular file */
	p = pdata_open(tu_path, NULL);
	assert_non_null(p);
	check_header(p, true);
	assert_int_equal(pdata_tracing_data(p, &blob, &len), 0);
	assert_memory_equal(blob, tracing, sizeof(tracing));
	assert_int_equal(pdata_for_each_event(p, 0, collect, &seen), 0);
	check_build_ids(p);
	/* prologue records come first, then the data as written */
	for (first = 0; first < seen.n; first++)
		if (seen.types[first] == PERF_RECORD_COMM)
			break;
	assert_true(first > 3);
	for (i = 0; i < first; i++)
		assert_true(seen.types[i] >= PDATA_RECORD_USER_TYPE_START);
	assert_int_equal(seen.types[0], PDATA_RECORD_HEADER_ATTR);
	for (i = 0; i < 14; i++)
		assert_int_equal(seen.types[first + i], expect_types[i]);
	assert_int_equal(seen.idx[first + 7], 1);
	pdata_close(p);

	/* through a real pipe */
	fd = open(tu_path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pipe(pfd), 0);
	{
		char buf[65536];
		ssize_t n = read(fd, buf, sizeof(buf));

		assert_true(n > 0 && n < (ssize_t)sizeof(buf));
		assert_int_equal(write(pfd[1], buf, (size_t)n), n);
		close(pfd[1]);
	}
	p = pdata_open_fd(pfd[0], "pipe", NULL);
	assert_non_null(p);
	check_header(p, true);
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(pdata_for_each_event(p, PDATA_ORDERED, collect, &seen), 0);
	check_build_ids(p);
	/* a pipe cannot be read twice */
	assert_int_equal(pdata_for_each_event(p, 0, collect, &seen), -ESPIPE);
	pdata_close(p);
	close(pfd[0]);
	close(fd);
	unlink(tu_path);
}

/* an unfinished file: the placeholder says "no data", the records are read */
static void test_unfinished(void **state)
{
	int fd = tu_tmp_open();
	struct seen seen = { 0 };
	struct pdata *p;

	write_file(fd, 0, false);
	close(fd);
	p = pdata_open(tu_path, NULL);
	assert_non_null(p);
	assert_int_equal(pdata_nr_attrs(p), 2);
	assert_null(pdata_info(p)->hostname);
	assert_non_null(strstr(pdata_unfinished(p), "data size 0"));
	assert_int_equal(pdata_for_each_event(p, 0, collect, &seen), 0);
	assert_int_equal(seen.n, 14);
	pdata_close(p);
	unlink(tu_path);
}

static uint64_t rd64(const uint8_t *b, size_t off);
static void wr64(uint8_t *b, size_t off, uint64_t v);
static size_t file_bytes(const char *fn, uint8_t **out);

/* a file cut inside its data: whole records, the rest counted as cut */
static void test_cut(void **state)
{
	int fd = tu_tmp_open();
	struct seen seen = { 0 };
	struct pdata *p;
	uint8_t *b;
	size_t cut;

	write_file(fd, 0, true);
	close(fd);
	file_bytes(tu_path, &b);
	p = pdata_open(tu_path, NULL);
	assert_non_null(p);
	assert_null(pdata_unfinished(p));
	pdata_close(p);
	/* 5 bytes into the data section's second half */
	cut = rd64(b, 40) + rd64(b, 48) / 2 + 5;
	fd = memfd_create("pdata", 0);
	assert_int_equal(write(fd, b, cut), (ssize_t)cut);
	p = pdata_open_fd(fd, "mem", NULL);
	assert_non_null(p);
	assert_non_null(strstr(pdata_unfinished(p), "runs past the end"));
	assert_false(pdata_has_feat(p, PDATA_FEAT_HOSTNAME));
	assert_int_equal(pdata_for_each_event(p, 0, collect, &seen), 0);
	assert_true(seen.n > 0 && seen.n < 14);
	assert_true(pdata_stats(p)->cut_bytes > 0);
	assert_true(pdata_stats(p)->cut_bytes < 200);
	pdata_close(p);
	close(fd);

	/* the header of a killed recorder: data size 0 */
	fd = memfd_create("pdata", 0);
	wr64(b, 48, 0);
	assert_int_equal(write(fd, b, cut), (ssize_t)cut);
	p = pdata_open_fd(fd, "mem", NULL);
	assert_non_null(p);
	assert_non_null(strstr(pdata_unfinished(p), "data size 0"));
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(pdata_for_each_event(p, 0, collect, &seen), 0);
	assert_true(seen.n > 0 && seen.n < 14);
	pdata_close(p);
	close(fd);
	free(b);
	unlink(tu_path);
}

/* a finished file without records is valid */
static void test_empty(void **state)
{
	int fd = tu_tmp_open();
	struct pdata_writer *w = pdata_writer_new(fd, 0);
	struct perf_event_attr a;
	struct seen seen = { 0 };
	struct pdata *p;

	tu_attr_cpu_clock(&a);
	assert_int_equal(pdata_writer_add_attr(w, &a, "cpu-clock", ids0, 2), 0);
	assert_int_equal(pdata_writer_finish(w), 0);
	assert_int_equal(pdata_writer_finish(w), 0);
	pdata_writer_free(w);
	close(fd);
	p = pdata_open(tu_path, NULL);
	assert_non_null(p);
	assert_string_equal(pdata_attr(p, 0)->name, "cpu-clock");
	assert_int_equal(pdata_for_each_event(p, 0, collect, &seen), 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.types[0], PDATA_RECORD_FINISHED_ROUND);
	pdata_close(p);
	unlink(tu_path);
}

/* file mode: events and ids added after the data began still land */
static void test_late_attrs(void **state)
{
	int fd = tu_tmp_open();
	struct pdata_writer *w = pdata_writer_new(fd, 0);
	struct perf_event_attr a;
	struct seen seen = { 0 };
	struct sample s;
	struct pdata *p;
	struct strbuf err = STRBUF_INIT;

	tu_attr_cpu_clock(&a);
	assert_int_equal(pdata_writer_add_attr(w, &a, "cpu-clock", ids0, 1), 0);
	sample_at(&s, ids0[0], 100, 0);
	assert_int_equal(pdata_write_sample(w, 0, 0, &s), 0);
	assert_int_equal(pdata_writer_add_ids(w, 0, ids0 + 1, 1), 0);
	assert_int_equal(pdata_writer_add_attr(w, &a, "late", ids1, 2), 1);
	sample_at(&s, ids1[1], 200, 1);
	assert_int_equal(pdata_write_sample(w, 1, 0, &s), 0);
	assert_int_equal(pdata_writer_finish(w), 0);
	assert_int_equal(pdata_write_sample(w, 1, 0, &s), -EINVAL);
	pdata_writer_free(w);
	close(fd);
	p = pdata_open(tu_path, &err);
	if (!p)
		fail_msg("%s", err.buf);
	strbuf_release(&err);
	assert_int_equal(pdata_nr_attrs(p), 2);
	assert_int_equal(pdata_attr(p, 0)->nr_ids, 2);
	assert_string_equal(pdata_attr(p, 1)->name, "late");
	assert_int_equal(pdata_for_each_event(p, 0, collect, &seen), 0);
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.idx[0], 0);
	assert_int_equal(seen.idx[1], 1);
	pdata_close(p);
	unlink(tu_path);
}

/* ---- ordering ---- */

static void test_ordering(void **state)
{
	int fd = tu_tmp_open();
	struct pdata_writer *w = pdata_writer_new(fd, 0);
	struct perf_event_attr a;
	struct seen seen = { 0 };
	struct sample s;
	struct pdata *p;
	/*
	 * times in file order; 0 = FINISHED_ROUND, 1 = FINISHED_INIT,
	 * 2 = a record at time 0 (synthesized)
	 */
	static const uint64_t in[] = {
		10, 30, 20, 0, 25, 2, 40, 0, 35, 5, 0, 50, 1, 45, 60, 55,
	};
	/*
	 * perf's order: a round delivers what is older than the last one;
	 * time 0 goes at once
	 */
	static const uint64_t want[] = {
		0, 2, 10, 20, 25, 30, 0, 5, 35, 40, 0, 1, 45, 50, 55, 60,
	};
	size_t i;

	tu_attr_cpu_clock(&a);
	pdata_writer_add_attr(w, &a, "cpu-clock", ids0, 2);
	for (i = 0; i < ARRAY_SIZE(in); i++) {
		if (in[i] == 0) {
			pdata_write_finished_round(w);
			continue;
		}
		if (in[i] == 1) {
			pdata_write_finished_init(w);
			continue;
		}
		sample_at(&s, ids0[i % 2], in[i] == 2 ? 0 : in[i],
			  (uint32_t)(i % 2));
		assert_int_equal(pdata_write_sample(w, 0, 0, &s), 0);
	}
	assert_int_equal(pdata_writer_finish(w), 0);
	pdata_writer_free(w);
	close(fd);

	p = pdata_open(tu_path, NULL);
	assert_non_null(p);
	assert_int_equal(pdata_for_each_event(p, PDATA_ORDERED, collect, &seen), 0);
	assert_int_equal(seen.n, ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		if (want[i] == 0)
			assert_int_equal(seen.types[i], PDATA_RECORD_FINISHED_ROUND);
		else if (want[i] == 1)
			assert_int_equal(seen.types[i], PDATA_RECORD_FINISHED_INIT);
		else if (want[i] == 2)
			assert_int_equal(seen.times[i], 0);
		else
			assert_int_equal(seen.times[i], want[i]);
	}
	/* 5 came after 30 had been delivered */
	assert_int_equal(pdata_stats(p)->nr_unordered, 1);

	/* unordered: file order */
	memset(&seen, 0, sizeof(seen));
	assert_int_equal(pdata_for_each_event(p, 0, collect, &seen), 0);
	assert_int_equal(seen.times[0], 10);
	assert_int_equal(seen.times[1], 30);
	pdata_close(p);
	unlink(tu_path);
}

/*
 * perf's attrs of different sample types (IDENTIFIER): a non-sample
 * record's trailer is the attr's its last word names, here with a CPU
 * field the first attr has not; its time orders it
 */
static void test_ordering_trailers(void **state)
{
	int fd = tu_tmp_open();
	struct pdata_writer *w = pdata_writer_new(fd, 0);
	struct perf_event_attr a0, a1;
	struct seen seen = { 0 };
	struct sample s;
	struct pdata *p;
	struct {
		struct perf_event_header h;
		uint32_t pid, tid;
		uint64_t time;
		uint32_t cpu, res;
		uint64_t id;
	} sw = { { PERF_RECORD_SWITCH, 0, sizeof(sw) }, 1000, 1001, 30, 0, 0, ids1[0] };

	tu_attr_cpu_clock(&a0);
	a0.sample_type &= ~(uint64_t)(PERF_SAMPLE_CPU | PERF_SAMPLE_CALLCHAIN);
	a1 = a0;
	a1.sample_type |= PERF_SAMPLE_CPU;
	pdata_writer_add_attr(w, &a0, "task-clock", ids0, 1);
	pdata_writer_add_attr(w, &a1, "sched:sched_switch", ids1, 1);
	sample_at(&s, ids0[0], 10, 0);
	s.callchain_nr = 0;
	assert_int_equal(pdata_write_sample(w, 0, 0, &s), 0);
	assert_int_equal(pdata_write_record(w, &sw.h), 0);
	s.time = 20;
	assert_int_equal(pdata_write_sample(w, 0, 0, &s), 0);
	pdata_write_finished_round(w);
	assert_int_equal(pdata_writer_finish(w), 0);
	pdata_writer_free(w);
	close(fd);

	p = pdata_open(tu_path, NULL);
	assert_non_null(p);
	assert_int_equal(pdata_for_each_event(p, PDATA_ORDERED, collect, &seen), 0);
	/* the round, then what it flushes, by time */
	assert_int_equal(seen.n, 4);
	assert_int_equal(seen.types[0], PDATA_RECORD_FINISHED_ROUND);
	assert_int_equal(seen.times[1], 10);
	assert_int_equal(seen.times[2], 20);
	assert_int_equal(seen.types[3], PERF_RECORD_SWITCH);
	assert_int_equal(seen.idx[3], 1);
	assert_int_equal(seen.times[3], 30);
	pdata_close(p);
	unlink(tu_path);
}

/* a callback's non-zero return stops the iteration and is returned */
static int stop_at_3(struct pdata *p, const struct pdata_event *ev, void *arg)
{
	int *n = arg;

	return ++*n == 3 ? 42 : 0;
}

static void test_stop(void **state)
{
	int fd = tu_tmp_open(), n = 0;
	struct pdata *p;

	write_file(fd, 0, true);
	close(fd);
	p = pdata_open(tu_path, NULL);
	assert_non_null(p);
	assert_int_equal(pdata_for_each_event(p, PDATA_ORDERED, stop_at_3, &n), 42);
	assert_int_equal(n, 3);
	pdata_close(p);
	unlink(tu_path);
}

/* ---- hostile files ---- */

static size_t file_bytes(const char *fn, uint8_t **out)
{
	struct stat st;
	int fd = open(fn, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	*out = malloc((size_t)st.st_size);
	assert_int_equal(read(fd, *out, (size_t)st.st_size), st.st_size);
	close(fd);
	return (size_t)st.st_size;
}

static int count_cb(struct pdata *p, const struct pdata_event *ev, void *arg)
{
	(*(int *)arg)++;
	return 0;
}

/*
 * open + iterate: never crash; an error always comes with a message, one
 * line in @err (emptied first)
 */
static int try_read_fd(int fd, const char *fn, struct strbuf *err)
{
	struct pdata *p;
	int n = 0, ret;

	strbuf_reset(err);
	p = fd >= 0 ? pdata_open_fd(fd, "mem", err) : pdata_open(fn, err);
	if (!p) {
		assert_true(err->len > 0);
		assert_null(strchr(err->buf, '\n'));
		assert_true(errno > 0);
		return -errno;
	}
	assert_int_equal(err->len, 0);
	ret = pdata_for_each_event(p, PDATA_ORDERED, count_cb, &n);
	if (ret) {
		assert_true(ret < 0);
		strbuf_addstr(err, pdata_strerror(p));
		assert_true(err->len > 0);
	}
	pdata_close(p);
	return ret;
}

static int try_read(const char *fn, struct strbuf *err)
{
	return try_read_fd(-1, fn, err);
}

/* @len bytes of @b as an in-memory file (the disk is slow and shared) */
static int try_read_mem(const uint8_t *b, size_t len, struct strbuf *err)
{
	int fd = memfd_create("pdata", 0), ret;

	assert_true(fd >= 0);
	if (len)
		assert_int_equal(write(fd, b, len), (ssize_t)len);
	ret = try_read_fd(fd, NULL, err);
	close(fd);
	return ret;
}

static void test_truncated(void **state)
{
	int fd = tu_tmp_open();
	struct strbuf err = STRBUF_INIT;
	uint8_t *b;
	size_t len, i;

	write_file(fd, 0, true);
	close(fd);
	len = file_bytes(tu_path, &b);
	for (i = 0; i < len; i++) {
		int ret;

		ret = try_read_mem(b, i, &err);
		/*
		 * a cut inside the data section reads as an unfinished
		 * recording, up to the last whole record; anywhere else the
		 * header's sections no longer fit and the cut fails
		 */
		if (i >= rd64(b, 40) && i < rd64(b, 40) + rd64(b, 48)) {
			if (ret < 0)
				fail_msg("cut at %zu of %zu: %s", i, len, err.buf);
			continue;
		}
		if (ret >= 0)
			fail_msg("cut at %zu of %zu: no error", i, len);
		if (i == 0)
			assert_int_equal(ret, -ENODATA);
		else if (i > 264)
			assert_non_null(strstr(err.buf, "past the end"));
	}
	assert_int_equal(try_read_mem(b, len, &err), 0);

	/* the pipe format, cut anywhere: an error or a clean end */
	free(b);
	unlink(tu_path);
	fd = tu_tmp_open();
	write_file(fd, PDATA_WRITER_PIPE, true);
	close(fd);
	len = file_bytes(tu_path, &b);
	for (i = 0; i < len; i++) {
		int ret;

		ret = try_read_mem(b, i, &err);
		assert_true(ret <= 0);
		if (ret < 0 && i > 16)
			assert_non_null(strstr(err.buf, "offset"));
	}
	strbuf_release(&err);
	free(b);
	unlink(tu_path);
}

static uint64_t rd64(const uint8_t *b, size_t off)
{
	uint64_t v;

	memcpy(&v, b + off, 8);
	return v;
}

static void wr64(uint8_t *b, size_t off, uint64_t v)
{
	memcpy(b + off, &v, 8);
}

/* apply @fn to a copy of the good file and expect a failure containing @msg */
static void corrupt(const uint8_t *good, size_t len, size_t off, uint64_t v,
		    const char *msg)
{
	uint8_t *b = malloc(len);
	struct strbuf err = STRBUF_INIT;
	int ret;

	memcpy(b, good, len);
	wr64(b, off, v);
	ret = try_read_mem(b, len, &err);
	if (msg) {
		assert_true(ret < 0);
		if (!strstr(err.buf, msg))
			fail_msg("expected '%s' in '%s'", msg, err.buf);
	}
	strbuf_release(&err);
	free(b);
}

static void test_corrupt(void **state)
{
	int fd = tu_tmp_open();
	uint8_t *b;
	size_t len;
	uint64_t data_off, data_size, attrs_off;

	write_file(fd, 0, true);
	close(fd);
	len = file_bytes(tu_path, &b);
	attrs_off = rd64(b, 24);
	data_off = rd64(b, 40);
	data_size = rd64(b, 48);

	corrupt(b, len, 0, 0x1122334455667788ULL, "bad magic");
	corrupt(b, len, 0, 0x50455246494c4532ULL, "byte order");
	corrupt(b, len, 0, 0x454c494646524550ULL, "PERFFILE");
	corrupt(b, len, 8, 4096, "bad header");
	corrupt(b, len, 16, 3, "bad attr size");
	corrupt(b, len, 16, 1ULL << 40, "bad attr size");
	corrupt(b, len, 24, 1ULL << 62, "past the end");		/* attrs */
	corrupt(b, len, 32, 1ULL << 62, "multiple");
	corrupt(b, len, 32, 144 * 100000ULL, "more than");
	corrupt(b, len, 40, (uint64_t)-8, "past the end");		/* data */
	/* a data size past the end is a file cut short: read, see test_cut */
	/* an attr's ids: offset and size absurd */
	corrupt(b, len, attrs_off + 128, (uint64_t)-1, "past the end");
	corrupt(b, len, attrs_off + 136, 1ULL << 50, "too many ids");
	corrupt(b, len, attrs_off + 136, 7, "multiple of 8");
	/* attr fields that would shift every later sample field */
	corrupt(b, len, attrs_off + 24, 1ULL << 40, "unknown sample_type");
	corrupt(b, len, attrs_off + 32, 1ULL << 10, "unknown read_format");
	/* records: size 0, size past the end */
	corrupt(b, len, data_off, 0, "has size 0");
	corrupt(b, len, data_off, (uint64_t)0xfff0 << 48 | 3, "runs past");
	/* feature table garbage */
	corrupt(b, len, data_off + data_size, (uint64_t)-1, "past the end");
	corrupt(b, len, data_off + data_size + 8, 1ULL << 60, "past the end");
	/* every u64 of the file set to junk values, one at a time */
	{
		size_t off;
		static const uint64_t junk[] = { 0, 1, 0xffff, 0x7fffffff,
						 (uint64_t)-1, 1ULL << 33 };
		size_t j;

		for (off = 0; off + 8 <= len; off += 8)
			for (j = 0; j < ARRAY_SIZE(junk); j++)
				corrupt(b, len, off, junk[j], NULL);
	}
	free(b);
	unlink(tu_path);
}

static void test_unknown_id(void **state)
{
	int fd = tu_tmp_open();
	struct pdata_writer *w = pdata_writer_new(fd, 0);
	struct perf_event_attr a;
	struct sample s;
	struct strbuf err = STRBUF_INIT;

	tu_attr_cpu_clock(&a);
	pdata_writer_add_attr(w, &a, "cpu-clock", ids0, 2);
	pdata_writer_add_attr(w, &a, "task-clock", ids1, 2);
	sample_at(&s, 777, 100, 0);
	pdata_write_sample(w, 0, 0, &s);
	assert_int_equal(pdata_writer_finish(w), 0);
	pdata_writer_free(w);
	close(fd);
	assert_int_equal(try_read(tu_path, &err), -EINVAL);
	assert_non_null(strstr(err.buf, "id 777"));
	strbuf_release(&err);
	unlink(tu_path);
}

static void test_not_perf(void **state)
{
	struct strbuf err = STRBUF_INIT;
	struct pdata *p;

	/* the message is appended to what @err holds */
	strbuf_addstr(&err, "before: ");
	p = pdata_open("/nonexistent/perf.data", &err);
	assert_null(p);
	assert_int_equal(errno, ENOENT);
	assert_string_equal(err.buf,
			    "before: cannot open '/nonexistent/perf.data': No such file or directory");
	strbuf_reset(&err);
	p = pdata_open("/tmp", &err);
	assert_null(p);
	assert_string_equal(err.buf,
			    "/tmp: is a directory without a 'data' file (not perf's directory format)");
	strbuf_reset(&err);
	p = pdata_open("/proc/self/cmdline", &err);
	assert_null(p);
	assert_string_equal(err.buf, "/proc/self/cmdline: file is empty");
	strbuf_release(&err);
	/* without a message */
	assert_null(pdata_open("/nonexistent/perf.data", NULL));
	assert_int_equal(errno, ENOENT);
	assert_null(pdata_open("/proc/self/cmdline", NULL));
	assert_int_equal(errno, ENODATA);
}

/* records straddling the mapping windows of a file larger than one */
static void test_large(void **state)
{
	int fd = tu_tmp_open();
	struct pdata_writer *w = pdata_writer_new(fd, 0);
	struct perf_event_attr a;
	static uint64_t cc[127];
	struct sample s;
	struct pdata *p;
	int i, n = 0, nr = 32000;

	tu_attr_cpu_clock(&a);
	pdata_writer_add_attr(w, &a, "cpu-clock", ids0, 2);
	for (i = 0; i < 127; i++)
		cc[i] = 0x400000 + (uint64_t)i;
	for (i = 0; i < nr; i++) {
		sample_at(&s, ids0[i & 1], (uint64_t)i, (uint32_t)(i & 1));
		s.callchain_nr = 1 + (uint64_t)(i % 127);	/* sizes vary */
		s.callchain = cc;
		assert_int_equal(pdata_write_sample(w, 0, 0, &s), 0);
		if (i % 100 == 99)
			pdata_write_finished_round(w);
	}
	assert_int_equal(pdata_writer_finish(w), 0);
	assert_true(pdata_writer_data_size(w) > (16u << 20));
	pdata_writer_free(w);
	close(fd);
	p = pdata_open(tu_path, NULL);
	assert_non_null(p);
	assert_int_equal(pdata_for_each_event(p, PDATA_ORDERED, count_cb, &n), 0);
	assert_int_equal(pdata_stats(p)->nr_records[PERF_RECORD_SAMPLE], nr);
	assert_int_equal(n, nr + nr / 100);
	pdata_close(p);
	unlink(tu_path);
}

/*
 * @nr samples in @buf as a ring read would hold them (8 bytes of id
 * trailer-free SAMPLE records of tu_attr_cpu_clock()); returns the bytes
 */
static size_t ring_samples(uint8_t *buf, size_t nr)
{
	struct perf_event_attr a;
	struct sample smp;
	size_t pos = 0, i;

	tu_attr_cpu_clock(&a);
	for (i = 0; i < nr; i++) {
		struct perf_event_header h = { PERF_RECORD_SAMPLE, 0, 0 };
		long len;

		sample_at(&smp, ids0[i & 1], 1000 + i, (uint32_t)(i & 1));
		len = sample_synth(&a, &smp, false, buf + pos + sizeof(h),
				   65536);
		assert_true(len > 0);
		h.size = (uint16_t)(sizeof(h) + len);
		memcpy(buf + pos, &h, sizeof(h));
		pos += h.size;
	}
	return pos;
}

/* a file whose samples are in compressed records; returns its bytes */
static size_t write_compressed(uint8_t **out, uint32_t mmap_len)
{
	int fd = tu_tmp_open();
	struct pdata_writer *w = pdata_writer_new(fd, 0);
	struct perf_event_attr a;
	uint8_t *buf = malloc(4000 * 256);
	uint64_t in, zout;
	size_t len, half;

	tu_attr_cpu_clock(&a);
	pdata_writer_add_attr(w, &a, "cpu-clock", ids0, 2);
	assert_int_equal(pdata_writer_set_compression(w, 0, mmap_len), -EINVAL);
	assert_int_equal(pdata_writer_set_compression(w, 3, mmap_len), 0);
	len = ring_samples(buf, 4000);
	/* two ring reads; the second one's records go on in a third call */
	half = len / 2;
	half -= half % 8;
	assert_int_equal(pdata_write_compressed(w, buf, half), 0);
	assert_int_equal(pdata_write_finished_round(w), 0);
	assert_int_equal(pdata_write_compressed(w, buf + half, len - half), 0);
	pdata_writer_compressed_bytes(w, &in, &zout);
	assert_int_equal(in, len);
	assert_true(zout < len / 4);
	assert_int_equal(pdata_writer_finish(w), 0);
	pdata_writer_free(w);
	close(fd);
	free(buf);
	len = file_bytes(tu_path, out);
	unlink(tu_path);
	return len;
}

/* the offset of the first record of @type in the data section of @b */
static size_t find_record(const uint8_t *b, size_t len, uint32_t type)
{
	uint64_t off = rd64(b, 40), end = off + rd64(b, 48);

	assert_true(end <= len);
	while (off + 8 <= end) {
		struct perf_event_header h;

		memcpy(&h, b + off, sizeof(h));
		assert_true(h.size >= 8);
		if (h.type == type)
			return off;
		off += h.size;
	}
	fail();
	return 0;
}

static void test_compressed(void **state)
{
	uint8_t *b, *c;
	size_t len = write_compressed(&b, 1u << 20), off, i;
	struct tu_counts n = { { 0 } };
	struct pdata *p;
	struct strbuf err = STRBUF_INIT;
	char want[64];
	int fd = memfd_create("pdata", 0);

	/* every sample back, in time order, from a stream of records */
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b, len), (ssize_t)len);
	p = pdata_open_fd(fd, "mem", NULL);
	assert_non_null(p);
	assert_true(pdata_has_feat(p, PDATA_FEAT_COMPRESSED));
	assert_int_equal(pdata_for_each_event(p, PDATA_ORDERED, tu_count_types, &n), 0);
	assert_int_equal(n.n[PERF_RECORD_SAMPLE], 4000);
	assert_int_equal(n.n[PDATA_RECORD_COMPRESSED], 0);
	assert_true(pdata_stats(p)->nr_records[PDATA_RECORD_COMPRESSED] >= 2);
	memset(&n, 0, sizeof(n));
	assert_int_equal(pdata_for_each_event(p, 0, tu_count_types, &n), 0);
	assert_int_equal(n.n[PERF_RECORD_SAMPLE], 4000);
	pdata_close(p);
	close(fd);

	off = find_record(b, len, PDATA_RECORD_COMPRESSED);
	snprintf(want, sizeof(want), "at offset 0x%zx", off);
	c = malloc(len);

	/* a corrupt frame: the error names the record */
	memcpy(c, b, len);
	for (i = 8; i < 40; i++)
		c[off + i] ^= 0x5a;
	assert_int_equal(try_read_mem(c, len, &err), -EINVAL);
	assert_non_null(strstr(err.buf, "compressed record"));
	assert_non_null(strstr(err.buf, want));

	/* a payload that is no zstd at all */
	memcpy(c, b, len);
	memset(c + off + 8, 0, 8);
	assert_int_equal(try_read_mem(c, len, &err), -EINVAL);
	assert_non_null(strstr(err.buf, want));
	assert_non_null(strstr(err.buf, "is corrupt"));
	free(b);

	/* more output than the COMPRESSED feature's mmap size allows */
	len = write_compressed(&b, 4096);
	off = find_record(b, len, PDATA_RECORD_COMPRESSED);
	snprintf(want, sizeof(want), "at offset 0x%zx", off);
	assert_int_equal(try_read_mem(b, len, &err), -EINVAL);
	assert_non_null(strstr(err.buf, "decompresses to more than 4096 bytes"));
	assert_non_null(strstr(err.buf, want));
	strbuf_release(&err);
	free(b);
	free(c);
}

/* -I details of malformed topology features: printed as far as they go */
/* ---- fixture tool for the integration tests ---- */

static int write_fixture(const char *out)
{
	bool pipe = getenv("PDATA_FIXTURE_PIPE") != NULL;
	const char *exe = getenv("PDATA_FIXTURE_EXE");
	const char *ipstr = getenv("PDATA_FIXTURE_IP");
	uint64_t base = 0x555555554000ULL;
	uint64_t ip = base + (ipstr ? strtoull(ipstr, NULL, 0) : 0x1000);
	int fd = strcmp(out, "-") ? open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644)
				  : 1;
	struct pdata_writer *w;
	struct perf_event_attr a;
	struct pdata_mmap m = {
		.misc = PERF_RECORD_MISC_USER, .pid = 4242, .tid = 4242,
		.start = base, .len = 0x5000, .pgoff = 0, .prot = 5,
		.flags = 2, .filename = exe ? exe : "/bin/true",
	};
	const char *argv[] = { "/usr/bin/ptool", "record", "cpuloop" };
	uint64_t text, id = 77;
	struct sample s;
	int i;

	if (fd < 0)
		return 1;
	w = pdata_writer_new(fd, pipe ? PDATA_WRITER_PIPE : 0);
	if (!w)
		return 1;
	tu_attr_cpu_clock(&a);
	a.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			PERF_SAMPLE_CALLCHAIN | PERF_SAMPLE_ID |
			PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD;
	pdata_writer_add_attr(w, &a, "cpu-clock", &id, 1);
	pdata_writer_add_host_features(w, "6.1.0");
	pdata_writer_set_cmdline(w, 3, argv);
	pdata_writer_set_sample_time(w, 1000000000ULL, 1000000000ULL + 9000);
	if (pdata_kernel_text_addr(&text) == 0)
		pdata_write_kernel_mmap(w, text, NULL);
	pdata_write_comm(w, 4242, 4242, "cpuloop", true, NULL);
	pdata_write_mmap2(w, &m, NULL);
	pdata_write_finished_init(w);
	for (i = 0; i < 10; i++) {
		uint64_t cc[] = { PERF_CONTEXT_USER, ip, ip };

		memset(&s, 0, sizeof(s));
		s.ip = ip;
		s.pid = s.tid = 4242;
		s.time = 1000000000ULL + (uint64_t)i * 1000;
		s.id = id;
		s.cpu = (uint32_t)(i & 1);
		s.period = 100000;
		s.callchain_nr = 2;
		s.callchain = cc;
		pdata_write_sample(w, 0, PERF_RECORD_MISC_USER, &s);
	}
	pdata_write_finished_round(w);
	if (pdata_writer_finish(w))
		return 1;
	pdata_writer_free(w);
	return fd == 1 ? 0 : close(fd) != 0;
}

static int print_counts(const char *fn)
{
	struct tu_counts c = { { 0 } };
	struct strbuf err = STRBUF_INIT;
	struct pdata *p = pdata_open(fn, &err);
	int i;

	if (!p) {
		fprintf(stderr, "%s\n", err.buf);
		strbuf_release(&err);
		return 1;
	}
	if (pdata_for_each_event(p, PDATA_ORDERED, tu_count_types, &c)) {
		fprintf(stderr, "%s\n", pdata_strerror(p));
		return 1;
	}
	for (i = 1; i < PDATA_RECORD_HEADER_MAX; i++)
		if (c.n[i])
			printf("%s %llu\n", pdata_record_name((uint32_t)i),
			       (unsigned long long)c.n[i]);
	pdata_close(p);
	return 0;
}

static int print_time(struct pdata *p, const struct pdata_event *ev,
		      void *arg)
{
	if (ev->rec->type == PERF_RECORD_SAMPLE)
		printf("%llu.%06llu\n",
		       (unsigned long long)(ev->sample.time / 1000000000),
		       (unsigned long long)(ev->sample.time % 1000000000 / 1000));
	return 0;
}

/* the sample times in delivery order, as perf script -F time prints them */
static int print_times(const char *fn)
{
	struct pdata *p = pdata_open(fn, NULL);

	if (!p || pdata_for_each_event(p, PDATA_ORDERED, print_time, NULL))
		return 1;
	pdata_close(p);
	return 0;
}

static int print_header(const char *fn, bool full)
{
	struct strbuf err = STRBUF_INIT;
	struct pdata *p = pdata_open(fn, &err);
	int ret;

	if (!p) {
		fprintf(stderr, "%s\n", err.buf);
		strbuf_release(&err);
		return 1;
	}
	ret = pdata_fprintf_header(p, stdout, full ? PDATA_HDR_FULL : 0);
	pdata_close(p);
	return ret != 0;
}

/* a disk that fills up at pwrite_limit bytes (-1: no limit) */
static long long pwrite_limit = -1;
ssize_t __real_pwrite(int fd, const void *buf, size_t n, off_t off);
ssize_t __wrap_pwrite(int fd, const void *buf, size_t n, off_t off);
ssize_t __wrap_pwrite(int fd, const void *buf, size_t n, off_t off)
{
	if (pwrite_limit >= 0 && off + (long long)n > pwrite_limit) {
		if (off >= pwrite_limit) {
			errno = ENOSPC;
			return -1;
		}
		n = (size_t)(pwrite_limit - off);
	}
	return __real_pwrite(fd, buf, n, off);
}

static int count_samples(struct pdata *p, const struct pdata_event *ev, void *arg)
{
	if (ev->rec->type == PERF_RECORD_SAMPLE)
		++*(int *)arg;
	return 0;
}

/* one attr, a hostname, 40 samples: the data is 400 to 4500 or so */
static struct pdata_writer *write40(int fd)
{
	struct pdata_writer *w = pdata_writer_new(fd, 0);
	struct perf_event_attr a;
	struct sample s;

	tu_attr_cpu_clock(&a);
	assert_int_equal(pdata_writer_add_attr(w, &a, "cpu-clock", ids0, 2), 0);
	assert_int_equal(pdata_writer_set_string(w, PDATA_FEAT_HOSTNAME, "box"), 0);
	assert_int_equal(pdata_writer_begin(w), 0);
	for (int i = 0; i < 40; i++) {
		sample_at(&s, ids0[0], 1000 + (uint64_t)i, 0);
		assert_int_equal(pdata_write_sample(w, 0, PERF_RECORD_MISC_USER, &s), 0);
	}
	return w;
}

/* a full disk: the whole records that reached the file stay readable */
static void test_disk_full(void **state)
{
	long long limits[3] = { 1500, 3000, 0 };
	uint64_t sec[2];
	int fd = tu_tmp_open();
	struct pdata_writer *w = write40(fd);

	/* the third limit falls in the features, just past the data */
	assert_int_equal(pdata_writer_finish(w), 0);
	pdata_writer_free(w);
	assert_int_equal(pread(fd, sec, sizeof(sec), 40), (ssize_t)sizeof(sec));
	limits[2] = (long long)(sec[0] + sec[1] + 8);
	assert_true(limits[1] < (long long)(sec[0] + sec[1]));
	close(fd);
	unlink(tu_path);
	for (size_t k = 0; k < ARRAY_SIZE(limits); k++) {
		int n = 0, err;
		struct pdata *p;
		struct strbuf msg = STRBUF_INIT;
		struct stat st;

		fd = tu_tmp_open();
		w = write40(fd);
		pwrite_limit = limits[k];
		err = pdata_writer_finish(w);
		pwrite_limit = -1;
		pdata_writer_free(w);
		close(fd);
		assert_int_equal(err, -ENOSPC);
		p = pdata_open(tu_path, &msg);
		if (!p)
			fail_msg("limit %lld: %s", limits[k], msg.buf);
		strbuf_release(&msg);
		assert_int_equal(pdata_for_each_event(p, 0, count_samples, &n), 0);
		if (k < 2 ? n <= 0 || n >= 40 : n != 40)
			fail_msg("limit %lld: %d samples", limits[k], n);
		/*
		 * the header says where the whole records end (perf reads no
		 * file whose data size is 0), and a partial one is cut off
		 */
		fd = open(tu_path, O_RDONLY);
		assert_int_equal(pread(fd, sec, sizeof(sec), 40), (ssize_t)sizeof(sec));
		close(fd);
		assert_int_equal(stat(tu_path, &st), 0);
		assert_true(sec[1] > 0);
		assert_int_equal(sec[0] + sec[1], (uint64_t)st.st_size);
		pdata_close(p);
		unlink(tu_path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_roundtrip_pipe),
		cmocka_unit_test(test_unfinished),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_late_attrs),
		cmocka_unit_test(test_ordering),
		cmocka_unit_test(test_ordering_trailers),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_unknown_id),
		cmocka_unit_test(test_not_perf),
		cmocka_unit_test(test_large),
		cmocka_unit_test(test_compressed),
		cmocka_unit_test(test_disk_full),
	};

	if (getenv("PDATA_WRITE_FIXTURE"))
		return write_fixture(getenv("PDATA_WRITE_FIXTURE"));
	if (getenv("PDATA_COUNT"))
		return print_counts(getenv("PDATA_COUNT"));
	if (getenv("PDATA_TIMES"))
		return print_times(getenv("PDATA_TIMES"));
	if (getenv("PDATA_HEADER"))
		return print_header(getenv("PDATA_HEADER"),
				    getenv("PDATA_HEADER_FULL") != NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
