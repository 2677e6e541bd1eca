// SPDX-License-Identifier: GPL-2.0
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "ptool/msg.h"
#include "ptool/strbuf.h"

static void test_add_err(void **state)
{
	struct strbuf err = STRBUF_INIT;

	(void)state;
	msg_add_err(&err, "cannot open '%s': %s", "x", "No such file");
	assert_string_equal(err.buf, "cannot open 'x': No such file");
	/* appended, never truncated */
	msg_add_err(&err, "%0300d", 7);
	assert_int_equal(err.len, 29 + 300);
	assert_int_equal(err.buf[err.len - 1], '7');
	strbuf_release(&err);
	/* a caller that wants no text */
	msg_add_err(NULL, "%s", "dropped");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_err),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
