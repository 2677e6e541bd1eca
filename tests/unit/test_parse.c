// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/parse.h"

static void test_u64(void **state)
{
	static const struct {
		const char *s;
		int err;
		uint64_t v;
	} t[] = {
		{ "0", 0, 0 }, { "42", 0, 42 }, { "0x10", 0, 16 }, { "010", 0, 8 },
		{ "18446744073709551615", 0, UINT64_MAX },
		{ "18446744073709551616", -ERANGE, 0 },
		{ "", -EINVAL, 0 }, { "-1", -EINVAL, 0 }, { "+1", -EINVAL, 0 },
		{ "1x", -EINVAL, 0 }, { " 1", -EINVAL, 0 }, { "1 ", -EINVAL, 0 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		uint64_t v = 7;

		assert_int_equal(parse_u64(t[i].s, &v), t[i].err);
		assert_int_equal(v, t[i].err ? 7 : t[i].v);
	}
	assert_int_equal(parse_u64(NULL, &(uint64_t){ 0 }), -EINVAL);
}

static void test_int(void **state)
{
	int v = 5;

	assert_int_equal(parse_int("10", 0, 10, &v), 0);
	assert_int_equal(v, 10);
	assert_int_equal(parse_int("11", 0, 10, &v), -ERANGE);
	assert_int_equal(parse_int("-1", 0, 10, &v), -ERANGE);
	assert_int_equal(parse_int("-1", -5, 10, &v), 0);
	assert_int_equal(v, -1);
	assert_int_equal(parse_int("abc", 0, 10, &v), -EINVAL);
	assert_int_equal(v, -1);
}

static void test_double(void **state)
{
	double d = 0;

	assert_int_equal(parse_double("0.5", &d), 0);
	assert_true(d == 0.5);
	assert_int_equal(parse_double("1e400", &d), -ERANGE);
	assert_int_equal(parse_double("nan", &d), -ERANGE);
	assert_int_equal(parse_double("1.5s", &d), -EINVAL);
}

static void test_size(void **state)
{
	uint64_t v = 0;

	assert_int_equal(parse_size("512", &v), 0);
	assert_int_equal(v, 512);
	assert_int_equal(parse_size("64K", &v), 0);
	assert_int_equal(v, 65536);
	assert_int_equal(parse_size("16MB", &v), 0);
	assert_int_equal(v, 16 << 20);
	assert_int_equal(parse_size("1g", &v), 0);
	assert_int_equal(v, 1 << 30);
	assert_int_equal(parse_size("1T", &v), -EINVAL);
	assert_int_equal(parse_size("K", &v), -EINVAL);
	assert_int_equal(parse_size("99999999999999999999", &v), -ERANGE);
	assert_int_equal(parse_size("18014398509481984K", &v), -ERANGE);
}

static void test_distance(void **state)
{
	char longer[80];

	(void)state;
	assert_int_equal(parse_distance("", ""), 0);
	assert_int_equal(parse_distance("record", "record"), 0);
	assert_int_equal(parse_distance("recrod", "record"), 2);
	assert_int_equal(parse_distance("opnat", "openat"), 1);
	assert_int_equal(parse_distance("stat", "stats"), 1);
	assert_int_equal(parse_distance("abc", ""), 3);
	assert_int_equal(parse_distance("kitten", "sitting"), 3);
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_int_equal(parse_distance(longer, "a"), 64);
}

static void test_int_list(void **state)
{
	int *v = NULL, n = 0;

	assert_int_equal(parse_int_list("3,0-2,2", 7, &v, &n), 0);
	assert_int_equal(n, 4);
	for (int i = 0; i < 4; i++)
		assert_int_equal(v[i], i);
	free(v);
	assert_int_equal(parse_int_list("5", 7, &v, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0], 5);
	free(v);
	assert_int_equal(parse_int_list("8", 7, &v, &n), -ERANGE);
	assert_int_equal(parse_int_list("3-1", 7, &v, &n), -EINVAL);
	assert_int_equal(parse_int_list("1,", 7, &v, &n), -EINVAL);
	assert_int_equal(parse_int_list(",1", 7, &v, &n), -EINVAL);
	assert_int_equal(parse_int_list("1-", 7, &v, &n), -EINVAL);
	assert_int_equal(parse_int_list("a", 7, &v, &n), -EINVAL);
	assert_int_equal(parse_int_list("", 7, &v, &n), -EINVAL);
	assert_int_equal(parse_int_list("-1", 7, &v, &n), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u64),
		cmocka_unit_test(test_int),
		cmocka_unit_test(test_double),
		cmocka_unit_test(test_size),
		cmocka_unit_test(test_int_list),
		cmocka_unit_test(test_distance),
	};

	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
