// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ptool/statagg.h"

/* cpu index -> place: two sockets, socket 1 on node 1, two dies on socket 0 */
static const struct cpu_topo topo[] = {
	{ .socket = 1, .die = 0, .core = 0, .node = 1 },	/* cpu 0 */
	{ .socket = 0, .die = 1, .core = 2, .node = 0 },	/* cpu 1 */
	{ .socket = 0, .die = 0, .core = 1, .node = 0 },	/* cpu 2 */
	{ .socket = 0, .die = 0, .core = 1, .node = 0 },	/* cpu 3: sibling of 2 */
};

static void test_scopes(void **state)
{
	struct statagg a;

	statagg_init(&a, STATAGG_GLOBAL, NULL, 4, 3);
	assert_int_equal(a.nr_scopes, 1);
	statagg_release(&a);
	statagg_init(&a, STATAGG_CPU, NULL, 4, 3);
	assert_int_equal(a.nr_scopes, 4);
	statagg_release(&a);
	statagg_init(&a, STATAGG_THREAD, NULL, 4, 3);
	assert_int_equal(a.nr_scopes, 3);
	statagg_release(&a);

	/* sockets in perf's order: node 0's socket 0 first */
	statagg_init(&a, STATAGG_SOCKET, topo, 4, 1);
	assert_int_equal(a.nr_scopes, 2);
	assert_int_equal(a.aggr[0].socket, 0);
	assert_int_equal(a.aggr[1].socket, 1);
	assert_int_equal(a.cpu_aggr[0], 1);
	assert_int_equal(a.cpu_aggr[1], 0);
	assert_int_equal(statagg_nr_cpus(&a, 0), 3);
	assert_int_equal(statagg_nr_cpus(&a, 1), 1);
	statagg_release(&a);

	/* dies: S0-D0, S0-D1, S1-D0 */
	statagg_init(&a, STATAGG_DIE, topo, 4, 1);
	assert_int_equal(a.nr_scopes, 3);
	assert_int_equal(a.aggr[0].die, 0);
	assert_int_equal(a.aggr[1].die, 1);
	assert_int_equal(a.aggr[2].socket, 1);
	assert_int_equal(statagg_nr_cpus(&a, 0), 2);
	statagg_release(&a);

	/* cores: cpus 2 and 3 share core 1 */
	statagg_init(&a, STATAGG_CORE, topo, 4, 1);
	assert_int_equal(a.nr_scopes, 3);
	assert_int_equal(a.aggr[0].core, 1);
	assert_int_equal(a.aggr[1].core, 2);
	assert_int_equal(a.cpu_aggr[2], 0);
	assert_int_equal(a.cpu_aggr[3], 0);
	statagg_release(&a);

	statagg_init(&a, STATAGG_NODE, topo, 4, 1);
	assert_int_equal(a.nr_scopes, 2);
	assert_int_equal(a.aggr[1].node, 1);
	statagg_release(&a);
	statagg_release(&a);	/* twice is fine */
}

static void test_sum(void **state)
{
	struct counts *c = counts_new(4, 1);
	struct evsel_count s;
	struct statagg a;

	c->cur[0] = (struct evsel_count){ 100, 10, 10 };
	c->cur[1] = (struct evsel_count){ 20, 10, 10 };
	/* multiplexed half the time: scaled to 60 */
	c->cur[2] = (struct evsel_count){ 30, 10, 5 };
	c->cur[3] = (struct evsel_count){ 4, 10, 10 };
	c->prev[2] = (struct evsel_count){ 10, 5, 0 };

	statagg_init(&a, STATAGG_SOCKET, topo, 4, 1);
	statagg_sum(&a, c, 0, false, &s);	/* socket 0: cpus 1-3 */
	assert_int_equal(s.val, 20 + 60 + 4);
	assert_int_equal(s.ena, 30);
	assert_int_equal(s.run, 25);
	statagg_sum(&a, c, 1, false, &s);
	assert_int_equal(s.val, 100);
	statagg_sum(&a, c, 0, true, &s);	/* cpu 2: 20 more, unscaled */
	assert_int_equal(s.val, 20 + 20 + 4);
	statagg_release(&a);

	statagg_init(&a, STATAGG_GLOBAL, NULL, 4, 1);
	statagg_sum(&a, c, 0, false, &s);
	assert_int_equal(s.val, 184);
	statagg_release(&a);
	statagg_init(&a, STATAGG_CPU, NULL, 4, 1);
	statagg_sum(&a, c, 2, false, &s);
	assert_int_equal(s.val, 60);
	statagg_release(&a);
	statagg_init(&a, STATAGG_THREAD, NULL, 4, 1);
	statagg_sum(&a, c, 0, false, &s);
	assert_int_equal(s.val, 184);
	statagg_release(&a);
	counts_free(c);
}

static void test_runs(void **state)
{
	struct statagg_runs r = { 0 };
	struct statagg_value v;
	const double vals[] = { 90, 100, 110 };

	statagg_runs_init(&r, 2);
	assert_false(statagg_runs_value(&r, 0, 0, &v));
	for (int i = 0; i < 3; i++) {
		struct evsel_count c = { (uint64_t)vals[i], 200, 100 };

		statagg_runs_add(&r, 0, &c);
	}
	/* scope 1 never ran: perf's <not counted> */
	statagg_runs_add(&r, 1, &(struct evsel_count){ 0, 50, 0 });
	assert_true(statagg_runs_value(&r, 0, 3, &v));
	assert_true(v.value == 100);
	assert_int_equal(v.run, 100);
	assert_true(v.pct_running == 50);
	/* stddev of the mean: sqrt(100 / 3) over a mean of 100 */
	assert_true(fabs(v.noise_pct - sqrt(100.0 / 3)) < 1e-9);
	assert_false(statagg_runs_value(&r, 1, 3, &v));
	statagg_runs_release(&r);
	statagg_runs_release(&r);

	/* one reading: no noise; never enabled counts as fully running */
	assert_true(statagg_count_value(&(struct evsel_count){ 7, 0, 3 }, &v));
	assert_true(v.value == 7);
	assert_int_equal(v.run, 3);
	assert_true(v.pct_running == 100);
	assert_true(v.noise_pct == 0);
	assert_true(statagg_count_value(&(struct evsel_count){ 7, 4, 3 }, &v));
	assert_true(v.pct_running == 75);
	assert_false(statagg_count_value(&(struct evsel_count){ 7, 4, 0 }, &v));
}

static void test_tool(void **state)
{
	struct rusage ru = { 0 };
	struct evsel_count c;

	ru.ru_utime.tv_sec = 1;
	ru.ru_utime.tv_usec = 5;
	ru.ru_stime.tv_usec = 250000;
	statagg_tool_count(EVSEL_TOOL_DURATION, 1234.9, &ru, &c);
	assert_int_equal(c.val, 1234);
	assert_int_equal(c.ena, 1234);
	assert_int_equal(c.run, 1234);
	statagg_tool_count(EVSEL_TOOL_USER, 1234, &ru, &c);
	assert_int_equal(c.val, 1000005000ULL);
	statagg_tool_count(EVSEL_TOOL_SYSTEM, 1234, &ru, &c);
	assert_int_equal(c.val, 250000000ULL);
	assert_int_equal(c.run, 250000000ULL);
	/* no workload: no user or system time */
	statagg_tool_count(EVSEL_TOOL_USER, 1234, NULL, &c);
	assert_int_equal(c.val, 0);
	assert_int_equal(c.run, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scopes),
		cmocka_unit_test(test_sum),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_tool),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
