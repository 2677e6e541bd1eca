// SPDX-License-Identifier: GPL-2.0
/* ptool top's live profile: time order, decay, reaping, idle and filters. */
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

#include "ptool/session.h"
#include "ptool/sym.h"
#include "ptool/top.h"

#define ST (PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | \
	    PERF_SAMPLE_CPU | PERF_SAMPLE_PERIOD)

static struct session *s;
static struct top *t;

static void make(const char *sort, bool zero)
{
	static const char *const names[] = { "cpu-clock" };
	struct perf_event_attr a = { .type = PERF_TYPE_SOFTWARE,
				     .sample_type = ST, .sample_id_all = 1 };
	struct top_opts o = { .zero = zero };
	const char *bad;

	assert_int_equal(hist_parse_keys(sort, &o.ho, &bad), 0);
	s = session_new_live(NULL, 1, names);
	t = top_new(&o, s);
	top_add_event(t, &a, NULL, 0);
}

static void done(void)
{
	top_free(t);
	session_free(s);
}

/* a sample: ip, pid/tid, time, cpu, period */
static void sample(uint64_t ip, uint32_t tid, uint64_t time, uint64_t period)
{
	struct {
		struct perf_event_header h;
		uint64_t ip;
		uint32_t pid, tid;
		uint64_t time;
		uint32_t cpu, res;
		uint64_t period;
	} r = { { PERF_RECORD_SAMPLE, PERF_RECORD_MISC_USER, sizeof(r) },
		ip, tid, tid, time, 0, 0, period };

	top_queue(t, &r.h);
}

/* COMM or EXIT of a single-threaded process, with the id trailer */
static void comm(uint32_t pid, const char *name, uint64_t time)
{
	struct {
		struct perf_event_header h;
		uint32_t pid, tid;
		char comm[16];
		uint32_t tpid, ttid;
		uint64_t time;
		uint32_t cpu, res;
	} r = { { PERF_RECORD_COMM, 0, sizeof(r) }, pid, pid, "", pid, pid, time, 0, 0 };

	snprintf(r.comm, sizeof(r.comm), "%s", name);
	top_queue(t, &r.h);
}

static void exit_rec(uint32_t pid, uint64_t time)
{
	struct {
		struct perf_event_header h;
		uint32_t pid, ppid, tid, ptid;
		uint64_t ftime;
		uint32_t tpid, ttid;
		uint64_t time;
		uint32_t cpu, res;
	} r = { { PERF_RECORD_EXIT, 0, sizeof(r) }, pid, 1, pid, 1, time,
		pid, pid, time, 0, 0 };

	top_queue(t, &r.h);
}

static const char *first_comm(void)
{
	const struct hist_entry *e = hist_entry_at(top_hist(t), 0);

	return e ? e->comm : NULL;
}

/* a sample queued before its process's COMM, but taken after it */
static void test_time_order(void **state)
{
	make("comm", false);
	sample(0x1000, 100, 20, 100);
	comm(100, "worker", 10);
	assert_int_equal(top_flush(t), 2);
	top_snapshot(t);
	assert_string_equal(first_comm(), "worker");
	assert_int_equal(top_stats(t)->samples, 1);
	done();
}

/*
 * A sample newer than another ring's last record waits: that ring may
 * still bring the COMM that names it.
 */
static void test_ring_limit(void **state)
{
	bool found = false;

	make("comm", false);
	sample(0x1000, 100, 20, 100);	/* ring 0 */
	top_ring_end(t);
	sample(0x1000, 200, 10, 100);	/* ring 1 */
	top_ring_end(t);
	assert_int_equal(top_flush(t), 1);
	comm(100, "late", 15);		/* ring 1, next pass */
	top_ring_end(t);
	assert_int_equal(top_flush(t), 1);
	assert_int_equal(top_stats(t)->samples, 1);
	assert_int_equal(top_flush(t), 1);	/* nothing new: all of it */
	top_snapshot(t);
	for (size_t i = 0; i < hist_nr_entries(top_hist(t)); i++)
		found |= !strcmp(hist_entry_at(top_hist(t), i)->comm, "late");
	assert_true(found);
	done();
}

static void test_decay(void **state)
{
	make("comm", false);
	comm(100, "worker", 1);
	for (int i = 0; i < 8; i++)
		sample(0x1000, 100, 10 + i, 100);
	top_flush(t);
	top_snapshot(t);
	assert_int_equal(hist_total(top_hist(t)), 800);
	top_decay(t);
	assert_int_equal(top_stats(t)->samples, 0);
	top_snapshot(t);
	assert_int_equal(hist_total(top_hist(t)), 700);
	/* a second snapshot (new filters) keeps everything */
	top_snapshot(t);
	assert_int_equal(hist_total(top_hist(t)), 700);
	assert_int_equal(hist_nr_entries(top_hist(t)), 1);
	done();
}

static void test_zero(void **state)
{
	make("comm", true);
	comm(100, "worker", 1);
	sample(0x1000, 100, 10, 100);
	top_flush(t);
	top_snapshot(t);
	assert_int_equal(hist_nr_entries(top_hist(t)), 1);
	top_decay(t);
	top_snapshot(t);
	assert_int_equal(hist_nr_entries(top_hist(t)), 0);
	assert_int_equal(hist_total(top_hist(t)), 0);
	sample(0x1000, 100, 20, 50);
	top_flush(t);
	top_decay(t);
	top_snapshot(t);
	assert_int_equal(hist_total(top_hist(t)), 0);
	done();
}

/* an exited thread is forgotten, its samples keep their name */
static void test_reap(void **state)
{
	make("comm", false);
	comm(100, "shortlived", 1);
	sample(0x1000, 100, 5, 100);
	exit_rec(100, 9);
	top_flush(t);
	assert_int_equal(session_nr_threads(s) > 0, 1);
	top_decay(t);			/* marked */
	assert_int_equal(session_nr_threads(s) > 0, 1);
	top_decay(t);			/* forgotten */
	assert_int_equal(session_nr_threads(s), 0);
	top_snapshot(t);
	assert_string_equal(first_comm(), "shortlived");
	done();
}

static void test_hide_and_filter(void **state)
{
	struct top_line *l;
	size_t n;

	make("comm", false);
	comm(100, "worker", 1);
	sample(0x1000, 100, 10, 100);
	top_flush(t);
	top_set_hide(t, false, true);
	/* a hidden mode's samples count in the header only (perf top) */
	sample(0x1000, 100, 11, 100);
	top_flush(t);
	assert_int_equal(top_stats(t)->samples, 2);
	top_snapshot(t);
	assert_int_equal(hist_total(top_hist(t)), 100);
	assert_true(hist_entry_at(top_hist(t), 0)->filtered);
	assert_int_equal(top_lines(t, &l, &n), 0);
	assert_int_equal(n, 0);
	top_lines_free(l, n);
	top_set_hide(t, false, false);
	top_snapshot(t);
	assert_int_equal(top_lines(t, &l, &n), 0);
	assert_int_equal(n, 1);
	assert_non_null(strstr(l[0].text, "100.00%  worker"));
	top_lines_free(l, n);
	/* unresolved symbols never match a symbol filter */
	top_set_filter(t, "spin");
	top_snapshot(t);
	assert_true(hist_entry_at(top_hist(t), 0)->filtered);
	done();
}

static void test_idle(void **state)
{
	assert_true(top_is_idle("intel_idle"));
	assert_true(top_is_idle("default_idle"));
	assert_false(top_is_idle("pv_native_safe_halt"));
	assert_false(top_is_idle(NULL));
}

/* a JIT's perf-PID.map read again when it grows */
static void test_perfmap_grows(void **state)
{
	char path[64];
	struct sym_cache *c = sym_cache_new(NULL);
	struct sym_dso *d;
	const struct sym *a;
	FILE *f;

	snprintf(path, sizeof(path), "/tmp/perf-%d.map", 900000 + (int)(getpid() % 99999));
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "1000 100 jit_one\n");
	fclose(f);
	d = sym_cache_dso(c, path, NULL, 0);
	a = sym_dso_find(d, 0x1010);
	assert_non_null(a);
	assert_string_equal(a->name, "jit_one");
	assert_null(sym_dso_find(d, 0x2010));
	assert_int_equal(sym_dso_refresh(d), 0);	/* unchanged */
	f = fopen(path, "a");
	assert_non_null(f);
	fprintf(f, "2000 100 jit_two\n");
	fclose(f);
	assert_int_equal(sym_dso_refresh(d), 1);
	assert_string_equal(sym_dso_find(d, 0x2010)->name, "jit_two");
	/* what was handed out before stays valid */
	assert_string_equal(a->name, "jit_one");
	unlink(path);
	sym_cache_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_order),
		cmocka_unit_test(test_ring_limit),
		cmocka_unit_test(test_decay),
		cmocka_unit_test(test_zero),
		cmocka_unit_test(test_reap),
		cmocka_unit_test(test_hide_and_filter),
		cmocka_unit_test(test_idle),
		cmocka_unit_test(test_perfmap_grows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
