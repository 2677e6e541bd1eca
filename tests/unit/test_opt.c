// SPDX-License-Identifier: GPL-2.0
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ptool/opt.h"

struct o {
	bool inherit;
	int verbose;
	uint64_t freq;
	const char *output;
	struct opt_strlist events;
	int cb_calls;
};

static int count_cb(const struct opt *opt, const char *arg, bool unset)
{
	struct o *o = opt->value;

	o->cb_calls++;
	if (!strcmp(arg, "?"))
		return OPT_HELP;	/* it printed a list */
	return strcmp(arg, "bad") ? 0 : -1;
}

static const char *const usage[] = { "ptool test [<options>]", NULL };

static int run(struct o *o, int argc, const char **argv, unsigned flags)
{
	const struct opt options[] = {
		OPT_BOOL(0, "inherit", &o->inherit, "inherit"),
		OPT_INCR('v', "verbose", &o->verbose, "verbose"),
		OPT_U64('F', "freq", &o->freq, "hz", "frequency"),
		OPT_STR('o', "output", &o->output, "file", "output"),
		OPT_STRLIST('e', "event", &o->events, "event", "event"),
		OPT_CALLBACK('x', "cb", o, "arg", "callback", count_cb),
		OPT_END(),
	};

	return opt_parse(argc, argv, options, usage, flags);
}

static void test_basic(void **state)
{
	struct o o = { .inherit = true, .freq = 4000 };
	const char *argv[] = { "test", "-vv", "-F", "99", "--no-inherit",
			       "-e", "a", "--event=b", "-o", "f", "--", "cmd", "-x", NULL };
	int n = run(&o, 13, argv, OPT_STOP_AT_NON_OPTION);

	assert_int_equal(n, 2);
	assert_string_equal(argv[0], "cmd");
	assert_string_equal(argv[1], "-x");
	assert_false(o.inherit);
	assert_int_equal(o.verbose, 2);
	assert_int_equal(o.freq, 99);
	assert_string_equal(o.output, "f");
	assert_int_equal(o.events.nr, 2);
	assert_string_equal(o.events.v[1], "b");
	opt_strlist_release(&o.events);
}

static void test_stop_at_non_option(void **state)
{
	struct o o = { 0 };
	const char *argv[] = { "test", "sleep", "-v", NULL };

	assert_int_equal(run(&o, 3, argv, OPT_STOP_AT_NON_OPTION), 2);
	assert_int_equal(o.verbose, 0);
	assert_string_equal(argv[0], "sleep");
}

static void test_permute(void **state)
{
	struct o o = { 0 };
	const char *argv[] = { "test", "file", "-v", NULL };

	assert_int_equal(run(&o, 3, argv, 0), 1);
	assert_int_equal(o.verbose, 1);
	assert_string_equal(argv[0], "file");
}

static void test_errors(void **state)
{
	struct o o = { 0 };
	const char *a1[] = { "test", "--frq", "1", NULL };
	const char *a2[] = { "test", "-F", "1x", NULL };
	const char *a3[] = { "test", "-F", NULL };
	const char *a4[] = { "test", "-x", "bad", NULL };
	const char *a5[] = { "test", "-q", NULL };
	const char *a6[] = { "test", "-h", NULL };

	assert_int_equal(run(&o, 3, a1, 0), OPT_ERR);
	assert_int_equal(run(&o, 3, a2, 0), OPT_ERR);
	assert_int_equal(run(&o, 2, a3, 0), OPT_ERR);
	assert_int_equal(run(&o, 3, a4, 0), OPT_ERR);
	assert_int_equal(o.cb_calls, 1);
	assert_int_equal(run(&o, 2, a5, 0), OPT_ERR);
	assert_int_equal(run(&o, 2, a6, 0), OPT_HELP);
	assert_int_equal(opt_exit_status(OPT_HELP), 0);
	assert_int_equal(opt_exit_status(OPT_ERR), 2);
}

/* run @argv against a table with a hidden option, stdout into @out */
static int list_run(int argc, const char **argv, char *out, size_t len)
{
	bool hidden = false, b = false;
	const char *s = NULL;
	const struct opt options[] = {
		OPT_GROUP("a heading"),
		OPT_BOOL('b', "bool", &b, "a flag"),
		OPT_STR('s', "str", &s, "S", "a value"),
		{ OPT_T_BOOL, 0, "secret", &hidden, NULL, "hidden", OPT_HIDDEN },
		OPT_END(),
	};
	FILE *f = tmpfile();
	int saved = dup(1), ret;
	size_t n;

	assert_non_null(f);
	fflush(stdout);
	dup2(fileno(f), 1);
	ret = opt_parse(argc, argv, options, usage, OPT_STOP_AT_NON_OPTION);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	rewind(f);
	n = fread(out, 1, len - 1, f);
	out[n] = 0;
	fclose(f);
	return ret;
}

static void test_list_opts(void **state)
{
	const char *a1[] = { "test", "--list-opts", NULL };
	const char *a2[] = { "test", "cmd", "--list-opts", NULL };
	char out[256];

	assert_int_equal(list_run(2, a1, out, sizeof(out)), OPT_HELP);
	assert_string_equal(out, "--bool\n--str=\n");
	/* a workload's own argument is not ours */
	assert_int_equal(list_run(3, a2, out, sizeof(out)), 2);
	assert_string_equal(out, "");
	assert_string_equal(a2[1], "--list-opts");
}

/* a callback that printed what was asked ('?') ends parsing like -h */
static void test_cb_help(void **state)
{
	struct o o = { 0 };
	const char *argv[] = { "test", "-v", "-x", "?", "-F", "1", NULL };
	const char *bad[] = { "test", "-v", "--cb=ok", "--bogus", NULL };

	assert_int_equal(run(&o, 6, argv, 0), OPT_HELP);
	assert_int_equal(opt_exit_status(OPT_HELP), 0);
	assert_int_equal(o.cb_calls, 1);
	assert_int_equal(o.freq, 0);
	/* an unknown option after a callback that took its value */
	assert_int_equal(run(&o, 4, bad, 0), OPT_ERR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_stop_at_non_option),
		cmocka_unit_test(test_permute),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_list_opts),
		cmocka_unit_test(test_cb_help),
	};

	return cmocka_run_group_tests_name("opt", tests, NULL, NULL);
}
