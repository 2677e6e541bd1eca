// SPDX-License-Identifier: GPL-2.0
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ptool/counts.h"

static void test_runstat(void **state)
{
	struct runstat s = { 0 };
	double v[] = { 2, 4, 4, 4, 5, 5, 7, 9 };

	assert_true(runstat_stddev_mean(&s) == 0);
	assert_true(runstat_noise_pct(&s) == 0);
	runstat_add(&s, 10);
	assert_true(runstat_stddev_mean(&s) == 0);	/* one run: no spread */
	s = (struct runstat){ 0 };
	for (int i = 0; i < 8; i++)
		runstat_add(&s, v[i]);
	assert_true(fabs(s.mean - 5.0) < 1e-12);
	/* sample variance 32/7; of the mean / 8 */
	assert_true(fabs(runstat_stddev_mean(&s) - sqrt(32.0 / 7 / 8)) < 1e-12);
	assert_true(fabs(runstat_noise_pct(&s) - 100 * sqrt(32.0 / 7 / 8) / 5) < 1e-9);
	s = (struct runstat){ 0 };
	runstat_add(&s, 0);
	runstat_add(&s, 0);
	assert_true(runstat_noise_pct(&s) == 0);
}

static void test_sum(void **state)
{
	struct counts *c = counts_new(2, 2);

	/* cpu 0: fully running; cpu 1: half the time (multiplexed) */
	c->prev[0] = (struct evsel_count){ 10, 100, 100 };
	c->cur[0] = (struct evsel_count){ 30, 200, 200 };
	c->cur[1] = (struct evsel_count){ 5, 50, 50 };
	c->prev[2] = (struct evsel_count){ 100, 1000, 500 };
	c->cur[2] = (struct evsel_count){ 200, 2000, 1000 };
	c->cur[3] = (struct evsel_count){ 0, 0, 0 };

	struct evsel_count s;

	counts_sum(c, -1, false, &s);
	assert_int_equal(s.val, 30 + 5 + 400);
	assert_int_equal(s.ena, 2250);
	assert_int_equal(s.run, 1250);
	counts_sum(c, 0, false, &s);
	assert_int_equal(s.val, 35);
	counts_sum(c, 1, false, &s);
	assert_int_equal(s.val, 400);
	counts_sum(c, 1, true, &s);	/* delta 100 over 1000 ena, 500 run */
	assert_int_equal(s.val, 200);
	assert_int_equal(s.ena, 1000);
	assert_int_equal(s.run, 500);
	counts_sum(c, -1, true, &s);
	assert_int_equal(s.val, 20 + 5 + 200);
	/* thread 0 over both cpus: slots 0 and 2 */
	counts_sum_thread(c, 0, false, &s);
	assert_int_equal(s.val, 30 + 400);
	counts_sum_thread(c, 1, false, &s);
	assert_int_equal(s.val, 5);
	counts_sum_thread(c, 0, true, &s);
	assert_int_equal(s.val, 20 + 200);
	counts_free(c);
	counts_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runstat),
		cmocka_unit_test(test_sum),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
