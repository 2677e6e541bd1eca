// SPDX-License-Identifier: GPL-2.0
/* The 64-bit hash map: puts, gets, growth, key 0, iteration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "ptool/u64map.h"

static void sum_cb(uint64_t key, uint64_t val, void *arg)
{
	uint64_t *s = arg;

	s[0] += key;
	s[1] += val;
	s[2]++;
}

static void test_basic(void **state)
{
	struct u64map m = U64MAP_INIT;
	bool fresh;
	uint64_t *v, sums[3] = { 0 };
	const uint64_t n = 100000;

	assert_null(u64map_get(&m, 0));
	v = u64map_put(&m, 0, &fresh);
	assert_true(fresh);
	assert_int_equal(*v, 0);
	*v = 7;
	assert_int_equal(*u64map_get(&m, 0), 7);
	v = u64map_put(&m, 0, &fresh);
	assert_false(fresh);
	assert_int_equal(*v, 7);
	/* many keys, sharing low bits, through several growths */
	for (uint64_t k = 1; k <= n; k++) {
		v = u64map_put(&m, k << 12, &fresh);
		assert_true(fresh);
		*v = k;
	}
	assert_int_equal(m.nr, n + 1);
	for (uint64_t k = 1; k <= n; k++)
		assert_int_equal(*u64map_get(&m, k << 12), k);
	assert_null(u64map_get(&m, 1));
	assert_null(u64map_get(&m, (n + 1) << 12));
	u64map_for_each(&m, sum_cb, sums);
	assert_int_equal(sums[2], n + 1);
	assert_int_equal(sums[1], 7 + n * (n + 1) / 2);
	assert_int_equal(sums[0], (n * (n + 1) / 2) << 12);
	u64map_release(&m);
	assert_null(u64map_get(&m, 0));
	u64map_release(&m);	/* twice is fine */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
