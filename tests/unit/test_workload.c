// SPDX-License-Identifier: GPL-2.0
/* the workload launcher with ordinary programs (sh, a missing one) */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/workload.h"

static int run(const char *script, int *exec_err)
{
	const char *argv[] = { "sh", "-c", script, NULL };
	struct workload w;
	int st;

	assert_int_equal(workload_prepare(&w, argv), 0);
	assert_true(w.pid > 0);
	/* held before exec: still running, not exited */
	assert_int_equal(workload_poll(&w), 0);
	*exec_err = workload_start(&w);
	assert_int_equal(workload_wait(&w, NULL), 0);
	assert_int_equal(workload_poll(&w), 1);
	st = workload_exit_status(&w);
	workload_release(&w);
	workload_release(&w);
	return st;
}

static void test_status(void **state)
{
	int e;

	assert_int_equal(run("exit 0", &e), 0);
	assert_int_equal(e, 0);
	assert_int_equal(run("exit 3", &e), 3);
	assert_int_equal(run("kill -TERM $$", &e), 128 + SIGTERM);
}

static void test_term_signal(void **state)
{
	const char *argv[] = { "sh", "-c", "kill -KILL $$", NULL };
	struct workload w;

	assert_int_equal(workload_prepare(&w, argv), 0);
	assert_int_equal(workload_start(&w), 0);
	assert_int_equal(workload_wait(&w, NULL), 0);
	assert_int_equal(workload_term_signal(&w), SIGKILL);
	assert_int_equal(workload_exit_status(&w), 137);
	workload_release(&w);
}

static void test_exec_failure(void **state)
{
	const char *argv[] = { "/nonexistent/ptool-no-such-program", NULL };
	struct workload w;

	assert_int_equal(workload_prepare(&w, argv), 0);
	assert_int_equal(workload_start(&w), -ENOENT);
	assert_int_equal(workload_exit_status(&w), 127);
	assert_int_equal(workload_term_signal(&w), 0);
	workload_release(&w);
}

static void test_never_started(void **state)
{
	const char *argv[] = { "sh", "-c", "exit 5", NULL };
	struct workload w, zero;

	assert_int_equal(workload_prepare(&w, argv), 0);
	workload_release(&w);	/* kills and reaps the held child */
	assert_true(w.exited);
	assert_int_equal(workload_signal(&w, SIGTERM), -ESRCH);
	memset(&zero, 0, sizeof(zero));
	workload_release(&zero);	/* never prepared: nothing happens */
	assert_int_equal(workload_poll(&zero), -ECHILD);
}

static void test_stop_flag(void **state)
{
	const char *argv[] = { "sleep", "5", NULL };
	volatile sig_atomic_t stop = SIGTERM;
	struct workload w;

	assert_int_equal(workload_prepare(&w, argv), 0);
	assert_int_equal(workload_start(&w), 0);
	/* not interrupted, so this checks the flag only after the child ends */
	assert_int_equal(workload_signal(&w, SIGTERM), 0);
	assert_int_equal(workload_wait(&w, &stop), 0);
	assert_int_equal(workload_exit_status(&w), 128 + SIGTERM);
	workload_release(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status),
		cmocka_unit_test(test_term_signal),
		cmocka_unit_test(test_exec_failure),
		cmocka_unit_test(test_never_started),
		cmocka_unit_test(test_stop_flag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
