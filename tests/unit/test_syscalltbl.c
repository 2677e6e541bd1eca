// SPDX-License-Identifier: GPL-2.0
/* The syscall table: names, numbers, globs, -e selections, filters, hints. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/strbuf.h"
#include "ptool/syscalltbl.h"

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(syscalltbl_name(0), "read");
	assert_string_equal(syscalltbl_name(1), "write");
	assert_string_equal(syscalltbl_name(257), "openat");
	assert_null(syscalltbl_name(-1));
	assert_null(syscalltbl_name(100000));
	assert_null(syscalltbl_name(400));	/* a hole in the numbers */
	assert_int_equal(syscalltbl_id("exit_group"), 231);
	assert_int_equal(syscalltbl_id("nosuchcall"), -1);
	assert_true(syscalltbl_max() > 400);
}

static void test_select(void **state)
{
	int max = syscalltbl_max();
	bool *sel = calloc((size_t)max, sizeof(*sel));
	const char *one[] = { "write,open*" };
	const char *neg[] = { "!write", "read" };
	const char *bad[] = { "write,opnat" };
	const char *ev[] = { "sched:sched_switch" };
	char name[64];
	int n = 0;

	(void)state;
	assert_int_equal(syscalltbl_select(NULL, 0, sel, name, sizeof(name)), 0);
	assert_true(sel[0] && sel[1] && !sel[400]);
	assert_int_equal(syscalltbl_select(one, 1, sel, name, sizeof(name)), 0);
	for (int i = 0; i < max; i++)
		n += sel[i];
	assert_true(sel[1] && sel[2] && sel[257] && sel[437] && !sel[0]);
	assert_int_equal(n, 6);	/* write, open, openat, openat2, open_tree, open_by_handle_at */
	assert_int_equal(syscalltbl_select(neg, 2, sel, name, sizeof(name)), 0);
	assert_false(sel[0]);
	assert_false(sel[1]);
	assert_true(sel[2]);
	assert_int_equal(syscalltbl_select(bad, 1, sel, name, sizeof(name)), -ENOENT);
	assert_string_equal(name, "opnat");
	assert_string_equal(syscalltbl_suggest("opnat"), "openat");
	assert_string_equal(syscalltbl_suggest("wrte"), "write");
	assert_null(syscalltbl_suggest("zzzzzzzzzzzz"));
	assert_int_equal(syscalltbl_select(ev, 1, sel, name, sizeof(name)), -EINVAL);
	free(sel);
}

static void test_filter(void **state)
{
	int max = syscalltbl_max();
	bool *sel = calloc((size_t)max, sizeof(*sel));
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	for (int i = 0; i < max; i++)
		sel[i] = syscalltbl_name(i) != NULL;
	syscalltbl_filter(sel, &sb);
	assert_int_equal(sb.len, 0);	/* everything: no filter */
	sel[1] = false;
	syscalltbl_filter(sel, &sb);
	assert_string_equal(sb.buf, "(id != 1)");
	memset(sel, 0, (size_t)max);
	sel[1] = sel[8] = true;
	strbuf_reset(&sb);
	syscalltbl_filter(sel, &sb);
	assert_string_equal(sb.buf, "(id == 1 || id == 8)");
	strbuf_release(&sb);
	free(sel);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_select),
		cmocka_unit_test(test_filter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
