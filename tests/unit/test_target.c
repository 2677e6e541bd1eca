// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ptool/target.h"

static void test_cgroup_name(void **state)
{
	struct target t = { .system_wide = true };
	char buf[64];

	assert_null(target_cgroup_name(&t, 0, buf, sizeof(buf)));
	/* one name: every event */
	t.cgroup = "app";
	assert_string_equal(target_cgroup_name(&t, 0, buf, sizeof(buf)), "app");
	assert_string_equal(target_cgroup_name(&t, 3, buf, sizeof(buf)), "app");
	/* a list: in order, empty names and events past it unrestricted */
	t.cgroup = "a,,c/d";
	assert_string_equal(target_cgroup_name(&t, 0, buf, sizeof(buf)), "a");
	assert_null(target_cgroup_name(&t, 1, buf, sizeof(buf)));
	assert_string_equal(target_cgroup_name(&t, 2, buf, sizeof(buf)), "c/d");
	assert_null(target_cgroup_name(&t, 3, buf, sizeof(buf)));
	t.cgroup = "";
	assert_null(target_cgroup_name(&t, 0, buf, sizeof(buf)));
}

static void test_validate_cgroup(void **state)
{
	struct target t = { .cgroup = "app" };
	struct strbuf msg = STRBUF_INIT, warn = STRBUF_INIT;

	assert_int_equal(target_validate(&t, &msg, &warn), -EINVAL);
	assert_string_equal(msg.buf, "cgroup monitoring (-G) needs system-wide mode (-a or -C)");
	strbuf_reset(&msg);
	t.system_wide = true;
	assert_int_equal(target_validate(&t, &msg, &warn), 0);
	assert_int_equal(msg.len, 0);
	assert_int_equal(warn.len, 0);
	strbuf_release(&msg);
	strbuf_release(&warn);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cgroup_name),
		cmocka_unit_test(test_validate_cgroup),
	};

	return cmocka_run_group_tests_name("target", tests, NULL, NULL);
}
