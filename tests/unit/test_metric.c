// SPDX-License-Identifier: GPL-2.0
/*
 * The metric table of a cpu, from /proc/cpuinfo text; the names are those
 * perf 6.1 lists on AMD family 19h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/metric.h"

static const char amd[] =
	"processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 25\n"
	"model\t\t: 1\n\nprocessor\t: 1\nvendor_id\t: AuthenticAMD\n";

static void test_table(void **state)
{
	const struct metric *m;
	int n;

	(void)state;
	m = metric_table(amd, &n);
	assert_non_null(m);
	assert_int_equal(n, 13);
	for (int i = 1; i < n; i++)
		assert_true(strcmp(m[i - 1].name, m[i].name) < 0);
	assert_string_equal(m[4].name, "branch_misprediction_ratio");
	assert_string_equal(m[4].expr, "d_ratio(ex_ret_brn_misp, ex_ret_brn)");
	assert_true(metric_known(m, n, "branch_misprediction_ratio"));
	assert_true(metric_known(m, n, "l2_cache"));
	assert_false(metric_known(m, n, "l2"));
	assert_false(metric_known(m, n, ""));
}

static void test_other_cpus(void **state)
{
	int n = -1;

	(void)state;
	assert_null(metric_table("vendor_id\t: GenuineIntel\ncpu family\t: 6\n", &n));
	assert_int_equal(n, 0);
	assert_null(metric_table("vendor_id\t: AuthenticAMD\ncpu family\t: 23\n", &n));
	assert_null(metric_table("vendor_id\t: AuthenticAMD\n", &n));
	assert_null(metric_table("", &n));
	/* "cpu family" must not match "cpu family2" or a value elsewhere */
	assert_null(metric_table("vendor_id\t: AuthenticAMD\ncpu familyx\t: 25\n", &n));
	assert_false(metric_known(NULL, 0, "tlb"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_other_cpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
