// SPDX-License-Identifier: GPL-2.0
/*
 * The trace engine: perf trace's lines for a completed call, a call
 * interrupted by another thread's, a call whose entry was not seen, an
 * exit_group; --failure and --duration; the -s statistics; records from
 * two rings put back in time order.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/sample.h"
#include "ptool/scargs.h"
#include "ptool/tpfmt.h"
#include "ptool/trace.h"

static const char enter_fmt[] =
	"name: sys_enter\nID: 21\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:long id;\toffset:8;\tsize:8;\tsigned:1;\n"
	"\tfield:unsigned long args[6];\toffset:16;\tsize:48;\tsigned:0;\n\n"
	"print fmt: \"NR %ld\", REC->id\n";
static const char exit_fmt[] =
	"name: sys_exit\nID: 22\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:long id;\toffset:8;\tsize:8;\tsigned:1;\n"
	"\tfield:long ret;\toffset:16;\tsize:8;\tsigned:1;\n\n"
	"print fmt: \"NR %ld = %ld\", REC->id, REC->ret\n";

struct fx {
	struct tpfmt *tp;
	struct scargs *sa;
	struct trace *t;
	char *buf;
	size_t len;
	FILE *fp;
};

static struct fx *fx_new(struct trace_opts *o)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->tp = tpfmt_new(8, false);
	assert_int_equal(tpfmt_add_format(f->tp, "raw_syscalls", enter_fmt, strlen(enter_fmt)), 21);
	assert_int_equal(tpfmt_add_format(f->tp, "raw_syscalls", exit_fmt, strlen(exit_fmt)), 22);
	f->sa = scargs_new(NULL);
	f->fp = open_memstream(&f->buf, &f->len);
	o->out = f->fp;
	o->show_tid = o->show_comm = true;
	f->t = trace_new(o, f->sa, f->tp);
	return f;
}

static const char *fx_text(struct fx *f)
{
	fflush(f->fp);
	return f->buf;
}

static void fx_free(struct fx *f)
{
	trace_free(f->t);
	fclose(f->fp);
	free(f->buf);
	scargs_free(f->sa);
	tpfmt_free(f->tp);
	free(f);
}

static void ev(struct fx *f, int tid, uint64_t ms_x1000, bool enter, long nr,
	       int64_t a0)
{
	uint64_t raw[8] = { 0 };
	struct sample s = { 0 };

	raw[0] = enter ? 21 : 22;
	raw[1] = (uint64_t)nr;
	raw[2] = (uint64_t)a0;
	s.pid = s.tid = (uint32_t)tid;
	s.time = 1000000000ull + ms_x1000 * 1000ull;
	s.raw = raw;
	s.raw_size = enter ? 64 : 24;
	trace_sample(f->t, enter ? TRACE_ENTER : TRACE_EXIT, &s, "app");
}

static void test_lines(void **state)
{
	struct trace_opts o = { .lines = true };
	struct fx *f = fx_new(&o);

	(void)state;
	ev(f, 10, 0, false, 59, 0);		/* execve's exit only */
	ev(f, 10, 1000, true, 3, 3);		/* close(3) */
	ev(f, 10, 1500, false, 3, 0);
	ev(f, 10, 2000, true, 61, -1);		/* wait4, interrupted */
	ev(f, 11, 2100, true, 39, 0);		/* getpid */
	ev(f, 11, 2200, false, 39, 11);
	ev(f, 10, 4000, false, 61, -10);	/* ECHILD */
	ev(f, 11, 5000, true, 231, 3);		/* exit_group(3) */
	assert_string_equal(fx_text(f),
		"         ? (         ): app/10  ... [continued]: execve())                                           = 0\n"
		"     1.000 ( 0.500 ms): app/10 close(arg0: 3)                                                        = 0\n"
		"     2.000 (         ): app/10 wait4(arg0: -1)                                                    ...\n"
		"     2.100 ( 0.100 ms): app/11 getpid()                                                              = 11 (app)\n"
		"     2.000 ( 2.000 ms): app/10  ... [continued]: wait4())                                            = -1 ECHILD (No child processes)\n"
		"     5.000 (         ): app/11 exit_group(arg0: 3)                                                   = ?\n");
	fx_free(f);
}

static void test_filters(void **state)
{
	struct trace_opts o = { .lines = true, .failure_only = true };
	struct fx *f = fx_new(&o);

	(void)state;
	ev(f, 10, 0, true, 2, 0);
	ev(f, 10, 1, false, 2, 3);
	ev(f, 10, 2, true, 2, 0);
	ev(f, 10, 3, false, 2, -2);
	assert_non_null(strstr(fx_text(f), "open()"));
	assert_non_null(strstr(fx_text(f), "= -1 ENOENT"));
	assert_null(strstr(fx_text(f), "= 3"));
	fx_free(f);

	o = (struct trace_opts){ .lines = true, .duration_ns = 1000000 };
	f = fx_new(&o);
	ev(f, 10, 0, true, 1, 1);
	ev(f, 10, 999, false, 1, 1);		/* 0.999 ms: left out */
	ev(f, 10, 2000, true, 1, 2);
	ev(f, 10, 3000, false, 1, 1);		/* 1 ms: shown */
	assert_null(strstr(fx_text(f), "arg0: 1)"));
	assert_non_null(strstr(fx_text(f), "( 1.000 ms): app/10 write(arg0: 2)"));
	fx_free(f);
}

static void test_summary(void **state)
{
	struct trace_opts o = { .summary = true };
	struct fx *f = fx_new(&o);

	(void)state;
	for (int i = 1; i <= 3; i++) {
		ev(f, 10, (uint64_t)i * 10000, true, 1, 1);
		ev(f, 10, (uint64_t)i * 10000 + (uint64_t)i * 1000, false, 1, i == 3 ? -9 : 1);
	}
	ev(f, 12, 50000, true, 0, 0);
	ev(f, 12, 50500, false, 0, 0);
	ev(f, 13, 60000, true, 231, 0);		/* exit_group only: no row */
	trace_summary(f->t);
	/* avg 2 ms; perf's stddev is that of the mean: sqrt(1 / 3) / 2 */
	assert_string_equal(fx_text(f),
		"\n Summary of events:\n\n"
		" app (10), 6 events, 66.7%\n\n"
		"   syscall            calls  errors  total       min       avg       max       stddev\n"
		"                                     (msec)    (msec)    (msec)    (msec)        (%)\n"
		"   --------------- --------  ------ -------- --------- --------- ---------     ------\n"
		"   write                  3      1     6.000     1.000     2.000     3.000     28.87%\n\n\n"
		" app (12), 2 events, 22.2%\n\n"
		"   syscall            calls  errors  total       min       avg       max       stddev\n"
		"                                     (msec)    (msec)    (msec)    (msec)        (%)\n"
		"   --------------- --------  ------ -------- --------- --------- ---------     ------\n"
		"   read                   1      0     0.500     0.500     0.500     0.500      0.00%\n\n\n"
		" app (13), 1 events, 11.1%\n\n"
		"   syscall            calls  errors  total       min       avg       max       stddev\n"
		"                                     (msec)    (msec)    (msec)    (msec)        (%)\n"
		"   --------------- --------  ------ -------- --------- --------- ---------     ------\n"
		"\n\n");
	fx_free(f);
}

/* a PERF_RECORD_SAMPLE: identifier, pid/tid, time, cpu, raw */
static size_t record(uint64_t *w, uint64_t id, int tid, uint64_t time,
		     bool enter, long nr, int64_t a0)
{
	struct perf_event_header *h = (void *)w;
	uint32_t *raw;
	/* the kernel pads the raw data so that the sample stays aligned */
	uint32_t rsize = enter ? 68 : 28;
	size_t n = 1;

	w[n++] = id;
	w[n] = (uint64_t)(uint32_t)tid << 32 | (uint32_t)tid;
	n++;
	w[n++] = time;
	w[n++] = 0;
	raw = (uint32_t *)&w[n];
	raw[0] = rsize;
	memset(raw + 1, 0, 64);
	/* the raw payload sits 4 bytes past an 8-byte boundary, as the kernel's */
	{
		uint64_t v[3] = { enter ? 21 : 22, (uint64_t)nr, (uint64_t)a0 };

		memcpy(raw + 1, v, sizeof(v));
	}
	n += (4 + rsize) / 8;
	h->type = PERF_RECORD_SAMPLE;
	h->misc = 0;
	h->size = (uint16_t)(n * 8);
	return n;
}

static void test_order(void **state)
{
	struct trace_opts o = { .lines = true };
	struct perf_event_attr attr = { 0 };
	struct fx *f = fx_new(&o);
	uint64_t w[32];

	(void)state;
	attr.sample_type = PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_TID |
			   PERF_SAMPLE_TIME | PERF_SAMPLE_CPU | PERF_SAMPLE_RAW;
	attr.sample_id_all = 1;
	trace_set_attr(f->t, &attr);
	trace_add_id(f->t, 100, TRACE_ENTER);
	trace_add_id(f->t, 101, TRACE_EXIT);
	trace_add_id(f->t, 200, TRACE_ENTER);
	trace_add_id(f->t, 201, TRACE_EXIT);
	/* the thread moved: its exit is in ring 1, read before ring 0 */
	record(w, 201, 10, 2000000, false, 3, 0);
	trace_queue(f->t, (void *)w, 1);
	record(w, 100, 10, 1000000, true, 3, 7);
	trace_queue(f->t, (void *)w, 0);
	trace_round(f->t);
	assert_int_equal(trace_flush(f->t, false, 0), 0);	/* nothing final yet */
	assert_true(!f->buf || !*fx_text(f));
	trace_round(f->t);	/* the next round: the first one's are final */
	assert_int_equal(trace_flush(f->t, false, 1), 1);
	assert_int_equal(trace_flush(f->t, false, 0), 1);
	assert_non_null(strstr(fx_text(f), "( 1.000 ms): :10/10 close(arg0: 7)"));
	assert_null(strstr(fx_text(f), "continued"));
	assert_int_equal(trace_nr_calls(f->t), 1);
	fx_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
