// SPDX-License-Identifier: GPL-2.0
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/strbuf.h"

static void test_add(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	assert_string_equal(sb.buf, "");
	strbuf_addstr(&sb, "abc");
	strbuf_addch(&sb, 'd');
	strbuf_addf(&sb, "%d-%s", 42, "x");
	assert_string_equal(sb.buf, "abcd42-x");
	assert_int_equal(sb.len, 8);
	strbuf_setlen(&sb, 2);
	assert_string_equal(sb.buf, "ab");
	strbuf_release(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
}

static void test_long_format(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char big[5000];

	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	strbuf_addf(&sb, "<%s>", big);
	assert_int_equal(sb.len, sizeof(big) + 1);
	assert_int_equal(sb.buf[0], '<');
	assert_int_equal(sb.buf[sb.len - 1], '>');
	strbuf_release(&sb);
}

static void test_detach_trim(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t len;
	char *s;

	strbuf_addstr(&sb, "line \t\n");
	strbuf_rtrim(&sb);
	s = strbuf_detach(&sb, &len);
	assert_string_equal(s, "line");
	assert_int_equal(len, 4);
	assert_int_equal(sb.len, 0);
	free(s);
	s = strbuf_detach(&sb, NULL);	/* empty: still a malloc'ed "" */
	assert_string_equal(s, "");
	free(s);
}

static void test_read_file(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	assert_true(strbuf_read_file(&sb, "/proc/self/stat", 0) > 0);
	assert_non_null(strchr(sb.buf, '('));
	strbuf_release(&sb);
	assert_true(strbuf_read_file(&sb, "/nonexistent/x", 0) < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add),
		cmocka_unit_test(test_long_format),
		cmocka_unit_test(test_detach_trim),
		cmocka_unit_test(test_read_file),
	};

	return cmocka_run_group_tests_name("strbuf", tests, NULL, NULL);
}
