// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "ptool/evlist.h"
#include "ptool/evsel.h"
#include "ptool/recattr.h"

static void test_clockid(void **state)
{
	static const struct {
		const char *s;
		int id;
	} t[] = {
		{ "monotonic", CLOCK_MONOTONIC }, { "mono", CLOCK_MONOTONIC },
		{ "CLOCK_MONOTONIC", CLOCK_MONOTONIC }, { "1", 1 },
		{ "monotonic_raw", CLOCK_MONOTONIC_RAW }, { "raw", CLOCK_MONOTONIC_RAW },
		{ "realtime", CLOCK_REALTIME }, { "Real", CLOCK_REALTIME },
		{ "boottime", CLOCK_BOOTTIME }, { "boot", CLOCK_BOOTTIME },
		{ "tai", 11 }, { "clock_tai", 11 }, { "7", 7 },
	};
	int id;

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		id = -5;
		assert_int_equal(recattr_parse_clockid(t[i].s, &id), 0);
		assert_int_equal(id, t[i].id);
	}
	id = -5;
	assert_int_equal(recattr_parse_clockid("bogus", &id), -EINVAL);
	assert_int_equal(recattr_parse_clockid("", &id), -EINVAL);
	assert_int_equal(recattr_parse_clockid("1x", &id), -EINVAL);
	assert_int_equal(recattr_parse_clockid("-1", &id), -EINVAL);
	assert_int_equal(recattr_parse_clockid("CLOCK_", &id), -EINVAL);
	assert_int_equal(id, -5);
	assert_string_equal(recattr_clockid_name(CLOCK_MONOTONIC), "monotonic");
	assert_string_equal(recattr_clockid_name(CLOCK_MONOTONIC_RAW), "monotonic_raw");
	assert_string_equal(recattr_clockid_name(11), "tai");
	assert_null(recattr_clockid_name(99));
}

static void test_regs(void **state)
{
	uint64_t m = 0;
	size_t bad = 99;

	assert_int_equal(recattr_parse_regs("ax,bx", &m, &bad), 0);
	assert_int_equal(m, 0x3);
	assert_int_equal(recattr_parse_regs("SP,ip,R15,flags", &m, &bad), 0);
	assert_int_equal(m, (1ull << 7) | (1ull << 8) | (1ull << 23) | (1ull << 9));
	assert_int_equal(recattr_parse_regs(NULL, &m, &bad), 0);
	assert_int_equal(m, 0xff0fff);
	assert_int_equal(recattr_parse_regs("", &m, &bad), 0);
	assert_int_equal(m, RECATTR_REGS_ALL);
	assert_int_equal(recattr_parse_regs("ax,bogus", &m, &bad), -EINVAL);
	assert_int_equal(bad, 3);
	assert_int_equal(recattr_parse_regs("ds", &m, &bad), -EINVAL);
	assert_int_equal(bad, 0);
	assert_int_equal(recattr_parse_regs("ax,", &m, &bad), -EINVAL);
	assert_int_equal(recattr_parse_regs("xmm0", &m, &bad), -EINVAL);
	assert_string_equal(recattr_reg_name(0), "AX");
	assert_string_equal(recattr_reg_name(16), "R8");
	assert_null(recattr_reg_name(12));
	assert_null(recattr_reg_name(24));
	assert_null(recattr_reg_name(-1));
}

static void test_branch(void **state)
{
	uint64_t m = 0;
	size_t bad = 99;

	assert_int_equal(recattr_parse_branch(NULL, &m, &bad), 0);
	assert_int_equal(m, PERF_SAMPLE_BRANCH_ANY);
	assert_int_equal(recattr_parse_branch("any_call,u", &m, &bad), 0);
	assert_int_equal(m, PERF_SAMPLE_BRANCH_ANY_CALL | PERF_SAMPLE_BRANCH_USER);
	assert_int_equal(recattr_parse_branch("ANY_RET,ind_call,k", &m, &bad), 0);
	assert_int_equal(m, PERF_SAMPLE_BRANCH_ANY_RETURN | PERF_SAMPLE_BRANCH_IND_CALL |
			 PERF_SAMPLE_BRANCH_KERNEL);
	/* privilege levels alone: any, and they are dropped (perf's rule) */
	assert_int_equal(recattr_parse_branch("u", &m, &bad), 0);
	assert_int_equal(m, PERF_SAMPLE_BRANCH_ANY);
	assert_int_equal(recattr_parse_branch("u,k,hv", &m, &bad), 0);
	assert_int_equal(m, PERF_SAMPLE_BRANCH_ANY);
	assert_int_equal(recattr_parse_branch("stack,save_type,cond,ind_jmp,call", &m, &bad), 0);
	assert_int_equal(m, PERF_SAMPLE_BRANCH_CALL_STACK | PERF_SAMPLE_BRANCH_TYPE_SAVE |
			 PERF_SAMPLE_BRANCH_COND | PERF_SAMPLE_BRANCH_IND_JUMP |
			 PERF_SAMPLE_BRANCH_CALL);
	assert_int_equal(recattr_parse_branch("any,hw_index", &m, &bad), -EINVAL);
	assert_int_equal(bad, 4);
	assert_int_equal(recattr_parse_branch("any|u", &m, &bad), -EINVAL);
	assert_int_equal(recattr_parse_branch("", &m, &bad), -EINVAL);
}

static void test_apply(void **state)
{
	struct recattr ra = {
		.no_timestamp = true, .use_clockid = true, .clockid = 1,
		.regs_user = 3, .regs_intr = 0x10, .branch = PERF_SAMPLE_BRANCH_ANY,
		.switch_events = true,
	};
	struct perf_event_attr a = { .sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TIME };
	struct perf_event_attr d = a;

	recattr_apply(&ra, &a, false, false);
	assert_int_equal(a.sample_type, PERF_SAMPLE_IP | PERF_SAMPLE_REGS_USER |
			 PERF_SAMPLE_REGS_INTR | PERF_SAMPLE_BRANCH_STACK);
	assert_int_equal(a.use_clockid, 1);
	assert_int_equal(a.clockid, 1);
	assert_int_equal(a.sample_regs_user, 3);
	assert_int_equal(a.sample_regs_intr, 0x10);
	assert_int_equal(a.branch_sample_type, PERF_SAMPLE_BRANCH_ANY);
	assert_int_equal(a.context_switch, 0);
	/* the tracking dummy: the clock and switches, no registers or branches */
	recattr_apply(&ra, &d, true, true);
	assert_int_equal(d.sample_type, PERF_SAMPLE_IP);
	assert_int_equal(d.use_clockid, 1);
	assert_int_equal(d.context_switch, 1);
	assert_int_equal(d.sample_regs_user, 0);
	assert_int_equal(d.branch_sample_type, 0);
	/* dwarf callchains: the registers asked for, IP and SP, not all */
	memset(&a, 0, sizeof(a));
	a.sample_type = PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
	a.sample_regs_user = RECATTR_REGS_ALL;
	ra.regs_user = 1;
	recattr_apply(&ra, &a, false, false);
	assert_int_equal(a.sample_regs_user, 0x181);
}

static void test_delay(void **state)
{
	struct recattr_delay d;
	bool en = false;
	long wait;
	int step = 0;

	assert_int_equal(recattr_parse_delay("100", &d), 0);
	assert_int_equal(d.nr, 0);
	assert_int_equal(d.delay_ms, 100);
	assert_int_equal(recattr_delay_step(&d, 30, &step, &en, &wait), 0);
	assert_int_equal(wait, 70);
	assert_int_equal(recattr_delay_step(&d, 100, &step, &en, &wait), 1);
	assert_true(en);
	assert_int_equal(recattr_delay_step(&d, 500, &step, &en, &wait), 0);
	assert_int_equal(wait, -1);

	assert_int_equal(recattr_parse_delay("-1", &d), 0);
	assert_int_equal(d.delay_ms, -1);
	step = 0;
	assert_int_equal(recattr_delay_step(&d, 1000000, &step, &en, &wait), 0);
	assert_int_equal(wait, -1);

	assert_int_equal(recattr_parse_delay("10-20,30-40", &d), 0);
	assert_int_equal(d.nr, 2);
	step = 0;
	assert_int_equal(recattr_delay_step(&d, 0, &step, &en, &wait), 0);
	assert_int_equal(wait, 10);
	assert_int_equal(recattr_delay_step(&d, 12, &step, &en, &wait), 1);
	assert_true(en);
	assert_int_equal(recattr_delay_step(&d, 12, &step, &en, &wait), 0);
	assert_int_equal(wait, 8);
	assert_int_equal(recattr_delay_step(&d, 25, &step, &en, &wait), 1);
	assert_false(en);
	/* late: both switches of the second range at once, then the end */
	assert_int_equal(recattr_delay_step(&d, 50, &step, &en, &wait), 1);
	assert_true(en);
	assert_int_equal(recattr_delay_step(&d, 50, &step, &en, &wait), 1);
	assert_false(en);
	assert_int_equal(recattr_delay_step(&d, 50, &step, &en, &wait), 2);

	assert_int_equal(recattr_parse_delay("x", &d), -EINVAL);
	assert_int_equal(recattr_parse_delay("", &d), -EINVAL);
	assert_int_equal(recattr_parse_delay("-2", &d), -EINVAL);
	assert_int_equal(recattr_parse_delay("20-10", &d), -EINVAL);
	assert_int_equal(recattr_parse_delay("10-20,15-30", &d), -EINVAL);
	assert_int_equal(recattr_parse_delay("10-20,", &d), -EINVAL);
	assert_int_equal(recattr_parse_delay("10-", &d), -EINVAL);
	assert_int_equal(recattr_parse_delay("10x", &d), -EINVAL);
}

static struct evsel *sw_event(struct evlist *el, uint64_t config,
			      const char *name)
{
	struct perf_event_attr a = {
		.type = PERF_TYPE_SOFTWARE, .size = sizeof(a), .config = config,
	};
	struct evsel *e = evsel_new(&a, name, EVSEL_SOFTWARE);

	evlist_add(el, e);
	return e;
}

static void test_configure(void **state)
{
	struct evlist *el = evlist_new();
	struct recattr ra = { .switch_events = true };
	struct recattr_cfg c = {
		.ra = &ra, .inherit = true, .workload_only = true,
		.freq = 4000, .read_lost = true, .ksymbol = true,
	};
	struct evsel *e = sw_event(el, PERF_COUNT_SW_CPU_CLOCK, "cpu-clock");
	uint64_t st;

	/* one event on a command: perf's default attrs */
	st = recattr_configure(el, &c);
	assert_int_equal(st, PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME |
			 PERF_SAMPLE_PERIOD);
	assert_int_equal(e->attr.sample_type, st);
	assert_int_equal(e->attr.freq, 1);
	assert_int_equal(e->attr.sample_freq, 4000);
	assert_int_equal(e->attr.disabled, 1);
	assert_int_equal(e->attr.enable_on_exec, 1);
	assert_int_equal(e->attr.inherit, 1);
	assert_int_equal(e->attr.read_format, PERF_FORMAT_ID | PERF_FORMAT_LOST);
	assert_int_equal(e->attr.mmap2 & e->attr.comm & e->attr.task, 1);
	assert_int_equal(e->attr.ksymbol, 1);
	assert_int_equal(e->attr.context_switch, 1);
	evlist_free(el);

	/* -a -D with a dummy: side band and switches on the dummy */
	el = evlist_new();
	e = sw_event(el, PERF_COUNT_SW_CPU_CLOCK, "cpu-clock");
	c.track = sw_event(el, PERF_COUNT_SW_DUMMY, "dummy:HG");
	c.workload_only = false;
	c.per_cpu = true;
	c.delayed = true;
	c.period_given = true;
	c.period = 1000;
	c.cg = RECATTR_CG_DWARF;
	c.dump_size = 1024;
	recattr_configure(el, &c);
	/* the same sample type (no PERIOD with -c): ID, by perf's rule */
	assert_int_equal(e->attr.sample_type & (PERF_SAMPLE_ID | PERF_SAMPLE_IDENTIFIER),
			 PERF_SAMPLE_ID);
	assert_int_equal(c.track->attr.sample_type, e->attr.sample_type);
	assert_int_equal(e->attr.sample_type & PERF_SAMPLE_STACK_USER,
			 PERF_SAMPLE_STACK_USER);
	assert_int_equal(e->attr.sample_regs_user, RECATTR_REGS_ALL);
	assert_int_equal(e->attr.sample_stack_user, 1024);
	assert_int_equal(e->attr.sample_period, 1000);
	assert_int_equal(e->attr.freq, 0);
	assert_int_equal(e->attr.disabled, 1);
	assert_int_equal(e->attr.enable_on_exec, 0);
	assert_int_equal(e->attr.mmap, 0);
	assert_int_equal(e->attr.context_switch, 0);
	assert_int_equal(c.track->attr.disabled, 0);
	assert_int_equal(c.track->attr.mmap & c.track->attr.mmap_data, 1);
	assert_int_equal(c.track->attr.context_switch, 1);
	assert_int_equal(c.track->attr.sample_period, 1000);
	assert_int_equal(c.track->attr.sample_type & PERF_SAMPLE_CPU, PERF_SAMPLE_CPU);
	evlist_free(el);

	/* -D on a command: the dummy alone starts at the exec */
	el = evlist_new();
	e = sw_event(el, PERF_COUNT_SW_CPU_CLOCK, "cpu-clock");
	c.track = sw_event(el, PERF_COUNT_SW_DUMMY, "dummy:HG");
	c.workload_only = true;
	c.per_cpu = false;
	recattr_configure(el, &c);
	assert_int_equal(e->attr.enable_on_exec, 0);
	assert_int_equal(e->attr.disabled, 1);
	assert_int_equal(c.track->attr.enable_on_exec, 1);
	assert_int_equal(c.track->attr.disabled, 1);
	evlist_free(el);
}

static void test_configure_top(void **state)
{
	struct evlist *el = evlist_new();
	struct evsel *e = sw_event(el, PERF_COUNT_SW_CPU_CLOCK, "cpu-clock");
	struct evsel *f;
	const uint64_t base = PERF_SAMPLE_IP | PERF_SAMPLE_TID |
			      PERF_SAMPLE_TIME | PERF_SAMPLE_CPU |
			      PERF_SAMPLE_PERIOD;

	/* one event at -F 4000: perf top's attrs */
	e->attr.disabled = 1;
	recattr_configure_top(el, 0, 4000, false);
	assert_int_equal(e->attr.sample_type, base);
	assert_int_equal(e->attr.freq, 1);
	assert_int_equal(e->attr.sample_freq, 4000);
	assert_int_equal(e->attr.disabled, 0);
	assert_int_equal(e->attr.inherit, 1);
	assert_int_equal(e->attr.sample_id_all, 1);
	assert_int_equal(e->attr.read_format, 0);
	assert_int_equal(e->attr.mmap & e->attr.mmap2 & e->attr.comm &
			 e->attr.comm_exec & e->attr.task, 1);
	evlist_free(el);

	/* two events, -c 1000 -g; a period= term stays */
	el = evlist_new();
	e = sw_event(el, PERF_COUNT_SW_CPU_CLOCK, "cpu-clock");
	f = sw_event(el, PERF_COUNT_SW_TASK_CLOCK, "task-clock");
	f->attr.sample_period = 77;
	recattr_configure_top(el, 1000, 4000, true);
	assert_int_equal(e->attr.sample_type,
			 base | PERF_SAMPLE_IDENTIFIER | PERF_SAMPLE_CALLCHAIN);
	assert_int_equal(f->attr.sample_type, e->attr.sample_type);
	assert_int_equal(e->attr.freq, 0);
	assert_int_equal(e->attr.sample_period, 1000);
	assert_int_equal(f->attr.freq, 0);
	assert_int_equal(f->attr.sample_period, 77);
	/* the side band on the first event only */
	assert_int_equal(e->attr.mmap, 1);
	assert_int_equal(f->attr.mmap | f->attr.comm | f->attr.task, 0);
	evlist_free(el);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clockid),
		cmocka_unit_test(test_regs),
		cmocka_unit_test(test_branch),
		cmocka_unit_test(test_apply),
		cmocka_unit_test(test_delay),
		cmocka_unit_test(test_configure),
		cmocka_unit_test(test_configure_top),
	};

	return cmocka_run_group_tests_name("recattr", tests, NULL, NULL);
}
