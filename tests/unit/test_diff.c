// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/diff.h"

#define E(sym, p) { .col = { [HIST_KEY_DSO] = "app", [HIST_KEY_SYM] = "[.] " sym }, \
		    .sym_name = sym, .period = (p) }

static char *print(struct diff *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	assert_int_equal(diff_print(d, fp), 0);
	fclose(fp);
	return buf;
}

static void test_compute_parse(void **state)
{
	struct diff_opts o = { 0 };

	assert_int_equal(diff_parse_compute("delta", &o), 0);
	assert_int_equal(o.compute, DIFF_DELTA);
	assert_int_equal(diff_parse_compute("delta-abs", &o), 0);
	assert_int_equal(o.compute, DIFF_DELTA_ABS);
	assert_int_equal(diff_parse_compute("ratio", &o), 0);
	assert_int_equal(o.compute, DIFF_RATIO);
	assert_int_equal(diff_parse_compute("wdiff:3,-2", &o), 0);
	assert_int_equal(o.compute, DIFF_WDIFF);
	assert_int_equal(o.w1, 3);
	assert_int_equal(o.w2, -2);
	assert_int_equal(diff_parse_compute("wdiff", &o), -EINVAL);
	assert_int_equal(diff_parse_compute("wdiff:0,1", &o), -EINVAL);
	assert_int_equal(diff_parse_compute("wdiff:1,", &o), -EINVAL);
	assert_int_equal(diff_parse_compute("wdiff:1,2x", &o), -EINVAL);
	assert_int_equal(diff_parse_compute("ratio:1", &o), -EINVAL);
	assert_int_equal(diff_parse_compute("deltas", &o), -EINVAL);
	assert_int_equal(diff_parse_compute("", &o), -EINVAL);
}

/*
 * baseline a 50, b 30, c 20; new a 20, b 30, d 50: d is only new (+50),
 * a lost 30 points, b is unchanged and c is only in the baseline (last)
 */
static const struct diff_entry base[] = { E("a", 50), E("b", 30), E("c", 20) };
static const struct diff_entry next[] = { E("a", 20), E("b", 30), E("d", 50) };

static void test_delta_abs(void **state)
{
	struct diff_opts o = { .order = 1 };
	struct diff *d = diff_new(&o);
	char *out;

	diff_add_entries(d, "old", "cpu-clock", base, 3);
	diff_add_entries(d, "new", "cpu-clock", next, 3);
	out = print(d);
	assert_string_equal(out,
		"# Event 'cpu-clock'\n"
		"#\n"
		"# Baseline  Delta Abs  Shared Object  Symbol\n"
		"# ........  .........  .............  ......\n"
		"#\n"
		"              +50.00%  app            [.] d\n"
		"    50.00%    -30.00%  app            [.] a\n"
		"    30.00%     +0.00%  app            [.] b\n"
		"    20.00%             app            [.] c\n");
	free(out);
	diff_free(d);
}

/* a filter of one value hides its column, unless every column would go */
static void test_elide(void **state)
{
	struct diff_opts o = { .order = 1, .dsos = "app" };
	struct diff *d = diff_new(&o);
	char *out;

	diff_add_entries(d, "old", "cpu-clock", base, 3);
	diff_add_entries(d, "new", "cpu-clock", next, 3);
	out = print(d);
	assert_non_null(strstr(out, "# Baseline  Delta Abs  Symbol\n"));
	assert_non_null(strstr(out, "    50.00%    -30.00%  [.] a\n"));
	free(out);
	diff_free(d);

	o.dsos = "app,lib";	/* two values: the column stays */
	d = diff_new(&o);
	diff_add_entries(d, "old", "cpu-clock", base, 3);
	diff_add_entries(d, "new", "cpu-clock", next, 3);
	out = print(d);
	assert_non_null(strstr(out, "Shared Object"));
	free(out);
	diff_free(d);

	o.dsos = "app";		/* the only column: shown */
	o.keys.keys[0] = HIST_KEY_DSO;
	o.keys.nr_keys = 1;
	d = diff_new(&o);
	diff_add_entries(d, "old", "cpu-clock", base, 3);
	diff_add_entries(d, "new", "cpu-clock", next, 3);
	out = print(d);
	assert_non_null(strstr(out, "Shared Object"));
	free(out);
	diff_free(d);
}

static void test_ratio_baseline_only(void **state)
{
	struct diff_opts o = { .order = 1, .compute = DIFF_RATIO, .baseline_only = true,
			       .quiet = true };
	struct diff *d = diff_new(&o);
	char *out;

	diff_add_entries(d, "old", "cpu-clock", base, 3);
	diff_add_entries(d, "new", "cpu-clock", next, 3);
	out = print(d);
	/* -b: d is dropped, c (no pair) too, and the baseline is over a and b */
	assert_string_equal(out,
		"    37.50%        1.000000  app            [.] b\n"
		"    62.50%        0.400000  app            [.] a\n");
	free(out);
	diff_free(d);
}

static void test_three_files(void **state)
{
	static const struct diff_entry third[] = { E("c", 10), E("a", 90) };
	struct diff_opts o = { .order = 2, .show_files = true };
	struct diff *d = diff_new(&o);
	char *out;

	diff_add_entries(d, "old", "cpu-clock", base, 3);
	diff_add_entries(d, "new", "cpu-clock", next, 3);
	diff_add_entries(d, "x", "cpu-clock", third, 2);
	assert_int_equal(diff_nr_common(d, 2), 1);
	out = print(d);
	assert_non_null(strstr(out, "#  [0] old (Baseline)\n#  [1] new \n#  [2] x \n"));
	assert_non_null(strstr(out, "# Baseline/0  Delta Abs/1  Delta Abs/2"));
	/* -o 2: a (+40 in x) first, then c (-10), then what x lacks */
	assert_non_null(strstr(out,
		"      50.00%      -30.00%      +40.00%  app            [.] a\n"
		"      20.00%                   -10.00%  app            [.] c\n"));
	free(out);
	diff_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compute_parse),
		cmocka_unit_test(test_delta_abs),
		cmocka_unit_test(test_ratio_baseline_only),
		cmocka_unit_test(test_three_files),
		cmocka_unit_test(test_elide),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
