// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ptool/sfilter.h"

#define S 1000000000ull

static void test_abs(void **state)
{
	struct sfilter_range *r;
	size_t n;

	(void)state;
	assert_int_equal(sfilter_parse_time("10.5,11", 0, 0, &r, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].start, 10 * S + S / 2);
	assert_int_equal(r[0].end, 11 * S);
	assert_true(sfilter_time_skip(r, n, 10 * S));
	assert_false(sfilter_time_skip(r, n, 11 * S));
	assert_true(sfilter_time_skip(r, n, 11 * S + 1));
	assert_false(sfilter_time_skip(r, n, 0));	/* no time: kept */
	free(r);
	assert_int_equal(sfilter_parse_time(",5", 0, 0, &r, &n), 0);
	assert_int_equal(r[0].start, 0);
	assert_false(sfilter_time_skip(r, n, 1));
	free(r);
	/* several ranges, apart by spaces; an open end last */
	assert_int_equal(sfilter_parse_time("1,2 3,", 0, 0, &r, &n), 0);
	assert_int_equal(n, 2);
	assert_false(sfilter_time_skip(r, n, 1 * S));
	assert_true(sfilter_time_skip(r, n, 2 * S + 1));
	assert_false(sfilter_time_skip(r, n, 100 * S));
	free(r);
}

static void test_bad(void **state)
{
	struct sfilter_range *r;
	size_t n;

	(void)state;
	assert_int_equal(sfilter_parse_time("5,3", 0, 0, &r, &n), -EINVAL);
	assert_int_equal(sfilter_parse_time("1,3 2,4", 0, 0, &r, &n), -EINVAL);
	assert_int_equal(sfilter_parse_time("abc", 0, 0, &r, &n), -EINVAL);
	assert_int_equal(sfilter_parse_time("1.0123456789,2", 0, 0, &r, &n), -EINVAL);
	assert_int_equal(sfilter_parse_time("10%/2", 0, 0, &r, &n), -ENODATA);
	assert_int_equal(sfilter_parse_time("0%/2", 100, 200, &r, &n), -EINVAL);
	assert_int_equal(sfilter_parse_time("120%", 100, 200, &r, &n), -EINVAL);
}

static void test_percent(void **state)
{
	struct sfilter_range *r;
	size_t n;

	(void)state;
	/* the second tenth of [1000, 2000]: perf's end is one ns short */
	assert_int_equal(sfilter_parse_time("10%/2", 1000, 2000, &r, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].start, 1100);
	assert_int_equal(r[0].end, 1199);
	free(r);
	assert_int_equal(sfilter_parse_time("0%-10%,30%-40%", 1000, 2000, &r, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(r[1].start, 1300);
	assert_int_equal(r[1].end, 1399);
	assert_true(sfilter_time_skip(r, n, 1200));
	assert_false(sfilter_time_skip(r, n, 1350));
	free(r);
	/* up to the end: the last sample is kept */
	assert_int_equal(sfilter_parse_time("50%-100%", 1000, 2000, &r, &n), 0);
	assert_int_equal(r[0].end, 2000);
	free(r);
	assert_int_equal(sfilter_parse_time("50%", 1000, 2000, &r, &n), 0);
	assert_int_equal(r[0].start, 1000);
	assert_int_equal(r[0].end, 1499);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_abs),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_percent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
