// SPDX-License-Identifier: GPL-2.0
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ptool/sched.h"

static void check(uint64_t ns, int width, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	sched_fmt_time(&sb, ns, width);
	assert_string_equal(sb.buf, want);
	strbuf_release(&sb);
}

/* perf's print_sched_time: msec.usec, truncated, and a space */
static void test_fmt_time(void **state)
{
	check(0, 6, "     0.000 ");
	check(999, 6, "     0.000 ");
	check(1000, 6, "     0.001 ");
	check(12345678, 6, "    12.345 ");
	check(1999999, 2, " 1.999 ");
	check(123456789012ull, 2, "123456.789 ");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fmt_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
