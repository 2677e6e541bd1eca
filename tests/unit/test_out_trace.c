// SPDX-License-Identifier: GPL-2.0
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/out_trace.h"

static char *render(struct out_trace *ot, const struct out_trace_opts *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	assert_int_equal(out_trace_write(ot, fp, o), 0);
	fclose(fp);
	return buf;
}

static void test_order(void **state)
{
	struct out_trace_opts o = { 0 };
	struct out_trace *ot = out_trace_new();
	char *out;

	/* equal periods: texts ascending; larger periods first */
	out_trace_add(ot, "b=2", 1);
	out_trace_add(ot, "a=1 a long one", 1);
	out_trace_add(ot, "c=3", 1);
	out_trace_add(ot, "c=3", 1);
	out_trace_add(ot, NULL, 1);	/* counts in the total only */
	assert_int_equal(out_trace_nr_samples(ot), 5);
	assert_int_equal(out_trace_total(ot), 5);
	out = render(ot, &o);
	assert_string_equal(out,
		"# Overhead  Trace output  \n"
		"# ........  ..............\n"
		"#\n"
		"    40.00%  c=3\n"
		"    20.00%  a=1 a long one\n"
		"    20.00%  b=2\n");
	free(out);
	o.show_nr = true;
	o.quiet = true;
	o.percent_limit = 30;
	out = render(ot, &o);
	assert_string_equal(out, "    40.00%             2  c=3\n");
	free(out);
	out_trace_free(ot);
}

static void test_one_sample(void **state)
{
	struct out_trace_opts o = { 0 };
	struct out_trace *ot = out_trace_new();
	char *out;

	/* perf never formatted it before sizing the column: cut to the title */
	out_trace_add(ot, "filename=/usr/bin/true pid=1 old_pid=1", 1);
	out = render(ot, &o);
	assert_string_equal(out,
		"# Overhead  Trace output\n"
		"# ........  ............\n"
		"#\n"
		"   100.00%  filename=/us\n");
	free(out);
	out_trace_free(ot);
}

static void test_many(void **state)
{
	struct out_trace_opts o = { .quiet = true };
	struct out_trace *ot = out_trace_new();
	char text[32], *out;

	for (int i = 0; i < 3000; i++) {
		snprintf(text, sizeof(text), "n=%d", i % 1000);
		out_trace_add(ot, text, (uint64_t)(i % 1000 == 7 ? 100 : 1));
	}
	out = render(ot, &o);
	assert_int_equal(strncmp(out, "    ", 4), 0);
	assert_non_null(strstr(out, "n=7\n"));
	assert_true(strstr(out, "n=7\n") < strstr(out, "n=0\n"));
	free(out);
	out_trace_free(ot);
	out_trace_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_one_sample),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests_name("out_trace", tests, NULL, NULL);
}
