// SPDX-License-Identifier: GPL-2.0
/* The set of interned strings: one copy each, stable addresses, growth. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/strset.h"

static void test_intern(void **state)
{
	struct strset set = STRSET_INIT;
	const char *first[5000];
	char buf[32];
	const char *a, *e;

	(void)state;
	a = strset_intern(&set, "main");
	assert_string_equal(a, "main");
	/* a copy: the caller's buffer may change */
	snprintf(buf, sizeof(buf), "main");
	assert_ptr_equal(strset_intern(&set, buf), a);
	buf[0] = 'p';
	assert_ptr_not_equal(strset_intern(&set, buf), a);
	e = strset_intern(&set, "");
	assert_string_equal(e, "");
	assert_int_equal(set.nr, 3);
	/* the table grows; interned strings keep their addresses */
	for (int i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "sym_%d", i);
		first[i] = strset_intern(&set, buf);
	}
	assert_int_equal(set.nr, 5003);
	for (int i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "sym_%d", i);
		assert_ptr_equal(strset_intern(&set, buf), first[i]);
	}
	assert_ptr_equal(strset_intern(&set, "main"), a);
	assert_ptr_equal(strset_intern(&set, ""), e);
	/* the order they were added in */
	assert_string_equal(set.v[0], "main");
	assert_string_equal(set.v[3], "sym_0");
	strset_release(&set);
	assert_int_equal(set.nr, 0);
	/* usable again after a release */
	assert_string_equal(strset_intern(&set, "x"), "x");
	strset_release(&set);
}

/* ids: the index in set->v, for a caller's array kept alongside */
static void test_ids(void **state)
{
	struct strset set = STRSET_INIT;
	bool fresh = false;
	char buf[32];

	(void)state;
	assert_int_equal(strset_find(&set, "a"), HMAP_NONE);
	assert_int_equal(strset_add(&set, "a", &fresh), 0);
	assert_true(fresh);
	assert_int_equal(strset_add(&set, "b", &fresh), 1);
	assert_true(fresh);
	assert_int_equal(strset_add(&set, "a", &fresh), 0);
	assert_false(fresh);
	assert_int_equal(strset_add(&set, "b", NULL), 1);
	assert_int_equal(strset_find(&set, "b"), 1);
	assert_int_equal(strset_find(&set, "c"), HMAP_NONE);
	for (int i = 0; i < 3000; i++) {
		snprintf(buf, sizeof(buf), "/usr/lib/%d.so", i);
		assert_int_equal(strset_add(&set, buf, &fresh), 2 + i);
		assert_true(fresh);
	}
	for (int i = 0; i < 3000; i++) {
		snprintf(buf, sizeof(buf), "/usr/lib/%d.so", i);
		assert_int_equal(strset_find(&set, buf), 2 + i);
		assert_string_equal(set.v[2 + i], buf);
	}
	strset_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intern),
		cmocka_unit_test(test_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
