// SPDX-License-Identifier: GPL-2.0
/*
 * ptool stat's rows in perf stat's layouts; the expected lines were taken
 * from perf 6.1 on the same events.
 */
#include <linux/perf_event.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/statfmt.h"

static void test_num(void **state)
{
	static const struct {
		double v;
		int dec;
		const char *sep;
		const char *want;
	} t[] = {
		{ 0, 0, ",", "0" },
		{ 999, 0, ",", "999" },
		{ 1000, 0, ",", "1,000" },
		{ 1234567, 0, ",", "1,234,567" },
		{ 12345678901.0, 0, ",", "12,345,678,901" },
		{ 1234.5678, 2, ",", "1,234.57" },
		{ 999999.996, 2, ",", "1,000,000.00" },
		{ -1234567, 0, ",", "-1,234,567" },
		{ 100000, 0, ".", "100.000" },
		{ 1234567, 0, "\xe2\x80\xaf", "1\xe2\x80\xaf" "234\xe2\x80\xaf" "567" },
		{ 1234567, 0, "", "1234567" },
		{ 1234567, 0, NULL, "1234567" },
		{ 0.52, 2, ",", "0.52" },
	};
	char buf[64];

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_string_equal(statfmt_num(t[i].v, t[i].dec, t[i].sep, buf,
						sizeof(buf)), t[i].want);
	assert_string_equal(statfmt_num(INFINITY, 0, ",", buf, sizeof(buf)), "inf");
	/* truncation keeps a terminated string */
	assert_string_equal(statfmt_num(1234567, 0, ",", buf, 4), "1,2");
}

static struct statfmt std = { .mode = STATFMT_STD, .sep = ",", .thousands = "" };

static void row(const struct statfmt *f, const struct statfmt_row *r,
		const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	statfmt_row(f, r, &sb);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

static void test_std_rows(void **state)
{
	struct statfmt_shadow sh = { .elapsed_ns = 1559029 };
	struct statfmt_row clk = {
		.event = "task-clock", .msec = true, .value = 516000,
		.run = 516000, .pct_running = 100,
	};
	struct statfmt_row cs = {
		.event = "cs", .value = 0, .run = 516000, .pct_running = 100,
	};
	struct statfmt_row pf = {
		.event = "page-faults", .value = 50, .run = 516000, .pct_running = 100,
	};
	struct statfmt_row ns = {
		.event = "cycles", .state = STATFMT_NOT_SUPPORTED, .pct_running = 100,
	};

	statfmt_shadow_add(&sh, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, clk.value);
	statfmt_metric(&sh, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, &clk);
	statfmt_metric(&sh, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES, &cs);
	statfmt_metric(&sh, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS, &pf);
	statfmt_metric(&sh, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, &ns);
	/* perf stat -e task-clock,cs,page-faults,cycles -- true */
	row(&std, &clk, "              0.52 msec task-clock                       #    0.331 CPUs utilized          \n");
	row(&std, &cs, "                 0      cs                               #    0.000 /sec                   \n");
	row(&std, &pf, "                50      page-faults                      #   96.899 K/sec                  \n");
	row(&std, &ns, "   <not supported>      cycles                                                      \n");
	/* no clock event: no rate */
	{
		struct statfmt_shadow none = { .elapsed_ns = 1e6 };

		statfmt_metric(&none, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES, &cs);
		row(&std, &cs, "                 0      cs                                                                 \n");
	}
}

static void test_std_noise_running_cpu_interval(void **state)
{
	struct statfmt f = std;
	struct statfmt_row r = {
		.event = "task-clock", .msec = true, .value = 400000,
		.metric_fmt = "%8.3f", .metric = 0.464, .metric_unit = "CPUs utilized",
		.noise_pct = 18.17, .pct_running = 100,
	};

	f.noise = true;
	row(&f, &r, "              0.40 msec task-clock                       #    0.464 CPUs utilized            ( +- 18.17% )\n");
	r.noise_pct = 0;
	row(&f, &r, "              0.40 msec task-clock                       #    0.464 CPUs utilized          \n");
	r.pct_running = 49.95;
	row(&std, &r, "              0.40 msec task-clock                       #    0.464 CPUs utilized            (49.95%)\n");

	f = std;
	f.per_cpu = true;
	{
		struct statfmt_row c = { .event = "cs", .cpu = 0, .value = 21,
					 .metric_fmt = "%8.3f", .metric = 204.936,
					 .metric_unit = "/sec", .pct_running = 100 };

		row(&f, &c, "CPU0                       21      cs                               #  204.936 /sec                   \n");
		f.interval = true;
		c.ts = 0.100234111;
		c.metric_fmt = NULL;
		c.value = 14;
		row(&f, &c, "     0.100234111 CPU0                       14      cs                                                                 \n");
	}
	f = std;
	f.interval = true;
	{
		struct statfmt_row nc = { .event = "task-clock", .msec = true,
					  .ts = 0.402211862,
					  .state = STATFMT_NOT_COUNTED };

		row(&f, &nc, "     0.402211862      <not counted> msec task-clock                                                  \n");
	}
}

static void test_per_thread(void **state)
{
	struct statfmt f = std;
	struct statfmt_row r = { .event = "cs", .comm = "cpuloop", .tid = 20115,
				 .value = 29, .metric_fmt = "%8.3f",
				 .metric = 354.397, .metric_unit = "/sec",
				 .pct_running = 100 };
	struct strbuf sb = STRBUF_INIT;

	f.per_thread = true;
	/* perf stat --per-thread -p PID -e cs,task-clock */
	row(&f, &r, "         cpuloop-20115                    29      cs                               #  354.397 /sec                   \n");
	r.state = STATFMT_NOT_COUNTED;
	r.comm = "worker-0";
	r.tid = 21490;
	row(&f, &r, "        worker-0-21490         <not counted>      cs                                                          \n");
	f.mode = STATFMT_CSV;
	row(&f, &r, "worker-0-21490,<not counted>,,cs,0,100.00,,\n");
	f.mode = STATFMT_JSON;
	row(&f, &r, "{\"thread\" : \"worker-0-21490\", \"counter-value\" : \"<not counted>\", \"unit\" : \"\", \"event\" : \"cs\", \"event-runtime\" : 0, \"pcnt-running\" : 100.00, \"metric-value\" : 0.000000, \"metric-unit\" : \"\"}\n");
	f.mode = STATFMT_STD;
	statfmt_interval_header(&f, &sb);
	assert_string_equal(sb.buf, "#           time             comm-pid                  counts unit events\n");
	strbuf_release(&sb);
}

static void test_aggr(void **state)
{
	struct statfmt f = std;
	struct statfmt_row r = { .event = "cs", .socket = 0, .die = 0, .core = 1,
				 .node = 0, .aggr_nr = 1, .value = 24,
				 .metric_fmt = "%8.3f", .metric = 429.565,
				 .metric_unit = "/sec", .pct_running = 100,
				 .run = 55870000 };
	struct strbuf sb = STRBUF_INIT;

	/* perf stat --per-core -a -e cs,cpu-clock */
	f.aggr = STATFMT_AGGR_CORE;
	row(&f, &r, "S0-D0-C1           1                 24      cs                               #  429.565 /sec                   \n");
	r.aggr_nr = 2;
	r.metric_fmt = NULL;
	f.aggr = STATFMT_AGGR_SOCKET;
	row(&f, &r, "S0        2                 24      cs                                                                 \n");
	f.aggr = STATFMT_AGGR_DIE;
	row(&f, &r, "S0-D0           2                 24      cs                                                                 \n");
	f.aggr = STATFMT_AGGR_NODE;
	row(&f, &r, "N0        2                 24      cs                                                                 \n");
	statfmt_interval_header(&f, &sb);
	assert_string_equal(sb.buf, "#           time node   cpus             counts unit events\n");
	strbuf_release(&sb);
	f.mode = STATFMT_CSV;
	f.aggr = STATFMT_AGGR_DIE;
	row(&f, &r, "S0-D0,2,24,,cs,55870000,100.00,,\n");
	f.mode = STATFMT_JSON;
	f.aggr = STATFMT_AGGR_SOCKET;
	row(&f, &r, "{\"socket\" : \"S0\", \"aggregate-number\" : 2, \"counter-value\" : \"24.000000\", \"unit\" : \"\", \"event\" : \"cs\", \"event-runtime\" : 55870000, \"pcnt-running\" : 100.00, \"metric-value\" : 0.000000, \"metric-unit\" : \"\"}\n");
}

static void test_tool_unit(void **state)
{
	struct statfmt f = { .mode = STATFMT_CSV, .sep = "," };
	struct statfmt_row r = { .event = "duration_time", .unit = "ns",
				 .value = 1037023, .run = 1037023,
				 .pct_running = 100 };
	struct statfmt_shadow sh = { .elapsed_ns = 1e6, .nr_clock = 1, .clock_ns = 1e6 };

	statfmt_metric(&sh, PERF_TYPE_MAX, 0, &r);	/* tool events: no rate */
	row(&f, &r, "1037023,ns,duration_time,1037023,100.00,,\n");
	f.mode = STATFMT_STD;
	row(&f, &r, "           1037023 ns   duration_time                                                      \n");
}

static void test_big_num(void **state)
{
	struct statfmt f = std;
	struct statfmt_row r = { .event = "page-faults", .value = 1234567,
				 .pct_running = 100 };

	f.thousands = ",";
	row(&f, &r, "         1,234,567      page-faults                                                        \n");
	f.thousands = "";
	row(&f, &r, "           1234567      page-faults                                                        \n");
}

static void test_csv(void **state)
{
	struct statfmt f = { .mode = STATFMT_CSV, .sep = ",", .thousands = "," };
	struct statfmt_row clk = {
		.event = "task-clock", .msec = true, .value = 3015136,
		.run = 3015136, .pct_running = 100, .metric_fmt = "%8.3f",
		.metric = 0.867, .metric_unit = "CPUs utilized",
	};
	struct statfmt_row pf = {
		.event = "page-faults", .value = 1053, .run = 3015136,
		.pct_running = 100, .metric_fmt = "%8.3f", .metric = 349.238,
		.metric_unit = "K/sec",
	};
	struct statfmt_row ns = { .event = "cycles", .state = STATFMT_NOT_SUPPORTED,
				  .pct_running = 100 };
	struct statfmt_row br = { .event = "branch-misses", .value = 5, .run = 10,
				  .pct_running = 100, .metric_fmt = "%7.2f%%",
				  .metric = 1.5, .metric_unit = "of all branches" };

	row(&f, &clk, "3.02,msec,task-clock,3015136,100.00,0.867,CPUs utilized\n");
	row(&f, &pf, "1053,,page-faults,3015136,100.00,349.238,K/sec\n");
	row(&f, &ns, "<not supported>,,cycles,0,100.00,,\n");
	row(&f, &br, "5,,branch-misses,10,100.00,1.50,of all branches\n");
	f.noise = true;
	clk.noise_pct = 3.49;
	row(&f, &clk, "3.02,msec,task-clock,3.49%,3015136,100.00,0.867,CPUs utilized\n");
	f.noise = false;
	f.sep = ";";
	f.interval = true;
	pf.ts = 0.200394422;
	row(&f, &pf, "     0.200394422;1053;;page-faults;3015136;100.00;349.238;K/sec\n");
	f.interval = false;
	f.per_cpu = true;
	f.sep = ",";
	pf.cpu = 1;
	pf.cgroup = "/";
	pf.metric_fmt = NULL;
	row(&f, &pf, "CPU1,1053,,page-faults,/,3015136,100.00,,\n");
}

static void test_json(void **state)
{
	struct statfmt f = { .mode = STATFMT_JSON, .sep = ",", .thousands = "," };
	struct statfmt_row clk = {
		.event = "task-clock", .msec = true, .value = 2952262,
		.run = 2952262, .pct_running = 100, .metric_fmt = "%8.3f",
		.metric = 0.866935, .metric_unit = "CPUs utilized",
	};
	struct statfmt_row ns = { .event = "cycles", .state = STATFMT_NOT_SUPPORTED,
				  .pct_running = 100 };
	struct statfmt_row q = { .event = "a\"b\\c", .value = 1, .run = 5,
				 .pct_running = 100 };

	row(&f, &clk, "{\"counter-value\" : \"2.952262\", \"unit\" : \"msec\", \"event\" : \"task-clock\", \"event-runtime\" : 2952262, \"pcnt-running\" : 100.00, \"metric-value\" : 0.866935, \"metric-unit\" : \"CPUs utilized\"}\n");
	row(&f, &ns, "{\"counter-value\" : \"<not supported>\", \"unit\" : \"\", \"event\" : \"cycles\", \"event-runtime\" : 0, \"pcnt-running\" : 100.00, \"metric-value\" : 0.000000, \"metric-unit\" : \"\"}\n");
	row(&f, &q, "{\"counter-value\" : \"1.000000\", \"unit\" : \"\", \"event\" : \"a\\\"b\\\\c\", \"event-runtime\" : 5, \"pcnt-running\" : 100.00, \"metric-value\" : 0.000000, \"metric-unit\" : \"\"}\n");
	f.interval = true;
	f.per_cpu = true;
	f.noise = true;
	clk.ts = 0.100225077;
	clk.cpu = 1;
	clk.noise_pct = 4.41;
	row(&f, &clk, "{\"interval\" : 0.100225077, \"cpu\" : \"1\", \"counter-value\" : \"2.952262\", \"unit\" : \"msec\", \"event\" : \"task-clock\", \"variance\" : 4.41, \"event-runtime\" : 2952262, \"pcnt-running\" : 100.00, \"metric-value\" : 0.866935, \"metric-unit\" : \"CPUs utilized\"}\n");
}

static void test_metrics(void **state)
{
	struct statfmt_shadow sh = { .elapsed_ns = 1e9 };
	struct statfmt_row r = { .pct_running = 100 };

	statfmt_shadow_add(&sh, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, 2e9);
	statfmt_shadow_add(&sh, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, 1e9);
	assert_true(fabs(sh.clock_ns - 1.5e9) < 1);	/* mean of the clocks */
	statfmt_shadow_add(&sh, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, 3e9);
	statfmt_shadow_add(&sh, PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS, 1000);
	statfmt_shadow_add(&sh, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES, 200);
	statfmt_shadow_add(&sh, PERF_TYPE_HW_CACHE, 0, 400);	/* L1-dcache-loads */

	r.value = 2e9;
	statfmt_metric(&sh, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, &r);
	assert_string_equal(r.metric_unit, "CPUs utilized");
	assert_true(fabs(r.metric - 2.0) < 1e-9);
	r.value = 3e9;
	statfmt_metric(&sh, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, &r);
	assert_string_equal(r.metric_unit, "GHz");
	assert_true(fabs(r.metric - 2.0) < 1e-9);
	r.value = 6e9;
	statfmt_metric(&sh, PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS, &r);
	assert_string_equal(r.metric_unit, "insn per cycle");
	assert_string_equal(r.metric_fmt, "%7.2f ");
	assert_true(fabs(r.metric - 2.0) < 1e-9);
	r.value = 50;
	statfmt_metric(&sh, PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES, &r);
	assert_string_equal(r.metric_unit, "of all branches");
	assert_true(fabs(r.metric - 5.0) < 1e-9);
	statfmt_metric(&sh, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES, &r);
	assert_string_equal(r.metric_unit, "of all cache refs");
	assert_true(fabs(r.metric - 25.0) < 1e-9);
	statfmt_metric(&sh, PERF_TYPE_HW_CACHE, 0x10000, &r);
	assert_string_equal(r.metric_unit, "of all L1-dcache accesses");
	assert_true(fabs(r.metric - 12.5) < 1e-9);
	/* LLC misses without LLC loads: nothing */
	statfmt_metric(&sh, PERF_TYPE_HW_CACHE, 0x10002, &r);
	assert_null(r.metric_fmt);
	/* rates: per second of clock time, with K/M/G steps */
	r.value = 1.5e3;
	statfmt_metric(&sh, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS, &r);
	assert_string_equal(r.metric_unit, "/sec");
	assert_true(fabs(r.metric - 1000) < 1e-6);
	r.value = 1.5e6;	/* exactly 1e6/sec: perf steps up only above */
	statfmt_metric(&sh, PERF_TYPE_TRACEPOINT, 316, &r);
	assert_string_equal(r.metric_unit, "K/sec");
	assert_true(fabs(r.metric - 1000.0) < 1e-9);
	r.value = 3e6;
	statfmt_metric(&sh, PERF_TYPE_TRACEPOINT, 316, &r);
	assert_string_equal(r.metric_unit, "M/sec");
	assert_true(fabs(r.metric - 2.0) < 1e-9);
	r.value = 3e12;
	statfmt_metric(&sh, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS, &r);
	assert_string_equal(r.metric_unit, "G/sec");
	r.value = 1.5e4;
	statfmt_metric(&sh, PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS, &r);
	assert_string_equal(r.metric_unit, "K/sec");
	assert_true(fabs(r.metric - 10) < 1e-9);
	/* not counted rows get no metric */
	r.state = STATFMT_NOT_COUNTED;
	statfmt_metric(&sh, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS, &r);
	assert_null(r.metric_fmt);
	assert_true(statfmt_is_clock(PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK));
	assert_false(statfmt_is_clock(PERF_TYPE_HARDWARE, PERF_COUNT_SW_CPU_CLOCK));
}

static void test_interval_header(void **state)
{
	struct statfmt f = std;
	struct strbuf sb = STRBUF_INIT;

	statfmt_interval_header(&f, &sb);
	assert_string_equal(sb.buf, "#           time             counts unit events\n");
	strbuf_reset(&sb);
	f.per_cpu = true;
	statfmt_interval_header(&f, &sb);
	assert_string_equal(sb.buf, "#           time CPU                    counts unit events\n");
	strbuf_reset(&sb);
	f.mode = STATFMT_CSV;
	statfmt_interval_header(&f, &sb);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
}

/* --metric-only lines, as perf 6.1 prints them for these rows */
static void test_metric_only(void **state)
{
	struct statfmt f = std;
	struct strbuf sb = STRBUF_INIT;
	struct statfmt_row rows[3] = {
		{ .event = "task-clock", .value = 1e6, .msec = true,
		  .metric_fmt = "%8.3f", .metric = 0.5,
		  .metric_unit = "CPUs utilized" },
		{ .event = "cs", .value = 3, .metric_fmt = "%8.3f",
		  .metric = 3, .metric_unit = "K/sec" },
		{ .event = "cycles", .state = STATFMT_NOT_SUPPORTED },
	};
	char spaces[22];

	(void)state;
	memset(spaces, ' ', 21);
	spaces[21] = '\0';
	/* rates and CPUs utilized are left out; an uncounted row is blank */
	statfmt_metric_only_header(&f, rows, 3, &sb);
	assert_string_equal(sb.buf, "\n");
	strbuf_reset(&sb);
	statfmt_metric_only_line(&f, rows, 3, &sb);
	assert_int_equal(sb.len, 22);
	assert_memory_equal(sb.buf, spaces, 21);
	strbuf_reset(&sb);
	f.mode = STATFMT_CSV;
	f.interval = true;
	rows[0].ts = rows[1].ts = rows[2].ts = 0.1;
	statfmt_metric_only_header(&f, rows, 3, &sb);
	assert_string_equal(sb.buf, " time,\n");
	strbuf_reset(&sb);
	statfmt_metric_only_line(&f, rows, 3, &sb);
	assert_string_equal(sb.buf, "     0.100000000,,\n");
	strbuf_reset(&sb);
	f.mode = STATFMT_JSON;
	statfmt_metric_only_header(&f, rows, 3, &sb);
	assert_string_equal(sb.buf, "{}\n");
	strbuf_reset(&sb);
	statfmt_metric_only_line(&f, rows, 3, &sb);
	assert_string_equal(sb.buf, "{\"interval\" : 0.100000000}{\"metric-value\" : \"\"}\n");
	strbuf_reset(&sb);
	/* a metric with a unit perf keeps: its column */
	f = std;
	rows[1].metric_unit = "insn per cycle";
	rows[1].metric_fmt = "%7.2f ";
	rows[1].metric = 1.5;
	statfmt_metric_only_header(&f, rows, 3, &sb);
	assert_string_equal(sb.buf, "      insn per cycle \n");
	strbuf_reset(&sb);
	statfmt_metric_only_line(&f, rows, 3, &sb);
	assert_string_equal(sb.buf, "                1.50                      \n");
	strbuf_release(&sb);
}

/* --summary after -I: CSV rows say "summary" where the time was */
static void test_csv_summary(void **state)
{
	struct statfmt f = std;
	struct strbuf sb = STRBUF_INIT;
	struct statfmt_row r = { .event = "cs", .value = 2, .run = 1000,
				 .pct_running = 100 };

	(void)state;
	f.mode = STATFMT_CSV;
	f.sep = ",";
	f.summary = true;
	statfmt_row(&f, &r, &sb);
	assert_string_equal(sb.buf, "         summary,2,,cs,1000,100.00,,\n");
	strbuf_reset(&sb);
	f.summary = false;
	statfmt_row(&f, &r, &sb);
	assert_string_equal(sb.buf, "2,,cs,1000,100.00,,\n");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_num),
		cmocka_unit_test(test_std_rows),
		cmocka_unit_test(test_std_noise_running_cpu_interval),
		cmocka_unit_test(test_per_thread),
		cmocka_unit_test(test_aggr),
		cmocka_unit_test(test_tool_unit),
		cmocka_unit_test(test_big_num),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_metrics),
		cmocka_unit_test(test_interval_header),
		cmocka_unit_test(test_metric_only),
		cmocka_unit_test(test_csv_summary),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
