// SPDX-License-Identifier: GPL-2.0
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <errno.h>
#include <unistd.h>
#include <cmocka.h>

#include "ptool/out_file.h"

static char dir[64];

static int setup(void **state)
{
	strcpy(dir, "/tmp/ptool-outfile.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static int nr_entries(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_commit(void **state)
{
	struct out_file of;
	char path[128], buf[32] = "";
	FILE *fp;

	snprintf(path, sizeof(path), "%s/out.svg", dir);
	assert_int_equal(out_file_open(&of, path), 0);
	fputs("whole", of.fp);
	assert_int_equal(access(path, F_OK), -1);	/* not there until done */
	assert_int_equal(out_file_commit(&of, 0), 0);
	fp = fopen(path, "r");
	assert_non_null(fp);
	assert_non_null(fgets(buf, sizeof(buf), fp));
	fclose(fp);
	assert_string_equal(buf, "whole");
	assert_int_equal(nr_entries(), 1);
}

static void test_failure_leaves_nothing(void **state)
{
	struct out_file of;
	char path[128];

	snprintf(path, sizeof(path), "%s/half.svg", dir);
	assert_int_equal(out_file_open(&of, path), 0);
	fputs("half", of.fp);
	assert_int_equal(out_file_commit(&of, -EIO), -EIO);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(nr_entries(), 1);	/* only out.svg of the first test */
	snprintf(path, sizeof(path), "%s/no/such/dir.svg", dir);
	assert_int_equal(out_file_open(&of, path), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commit),
		cmocka_unit_test(test_failure_leaves_nothing),
	};

	return cmocka_run_group_tests_name("out_file", tests, setup, teardown);
}
