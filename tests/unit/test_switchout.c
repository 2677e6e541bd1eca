// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "ptool/pdata.h"
#include "ptool/recorder.h"
#include "ptool/strbuf.h"
#include "ptool/switchout.h"

static void test_parse(void **state)
{
	static const struct {
		const char *arg;
		int err;
		bool signal;
		uint64_t size;
		unsigned int time;
	} t[] = {
		{ NULL, 0, true, 0, 0 },
		{ "signal", 0, true, 0, 0 },
		{ "100M", 0, false, 100ull << 20, 0 },
		{ "1G", 0, false, 1ull << 30, 0 },
		{ "512B", 0, false, 512, 0 },
		{ "4K", 0, false, 4096, 0 },
		{ "10s", 0, false, 0, 10 },
		{ "2m", 0, false, 0, 120 },
		{ "1h", 0, false, 0, 3600 },
		{ "1d", 0, false, 0, 86400 },
		/* perf's tags: a unit is needed, sizes upper case, times lower */
		{ "10", -EINVAL, false, 0, 0 },
		{ "1k", -EINVAL, false, 0, 0 },
		{ "1S", -EINVAL, false, 0, 0 },
		{ "M", -EINVAL, false, 0, 0 },
		{ "1MB", -EINVAL, false, 0, 0 },
		{ "-1s", -EINVAL, false, 0, 0 },
		{ "0s", -EINVAL, false, 0, 0 },
		{ "", -EINVAL, false, 0, 0 },
		{ "sig", -EINVAL, false, 0, 0 },
		{ "99999999999999999999G", -EINVAL, false, 0, 0 },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct switchout so = { 0 };

		assert_int_equal(switchout_parse(&so, t[i].arg), t[i].err);
		assert_int_equal(so.enabled, !t[i].err);
		if (t[i].err)
			continue;
		assert_int_equal(so.signal, t[i].signal);
		assert_int_equal(so.size, t[i].size);
		assert_int_equal(so.time, t[i].time);
	}
}

static void test_timestamp(void **state)
{
	char buf[32], small[8];
	time_t before = time(NULL);
	struct tm tm;
	char dt[32];

	assert_int_equal(switchout_timestamp(buf, sizeof(buf)), 0);
	assert_int_equal(strlen(buf), 16);
	for (int i = 0; i < 16; i++)
		assert_true(buf[i] >= '0' && buf[i] <= '9');
	/* the date and time are local, to the second */
	localtime_r(&before, &tm);
	strftime(dt, sizeof(dt), "%Y%m%d%H", &tm);
	assert_memory_equal(buf, dt, 8);
	assert_int_equal(switchout_timestamp(small, sizeof(small)), -ENOSPC);
}

static int count_files(const char *dir, const char *prefix)
{
	char cmd[512];
	int n = -1;
	FILE *f;

	snprintf(cmd, sizeof(cmd), "ls %s | grep -c '^%s'", dir, prefix);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%d", &n) != 1)
		n = -1;
	pclose(f);
	return n;
}

static void test_rotate(void **state)
{
	char dir[] = "/tmp/ptool-switchout-XXXXXX", path[256], name[300];
	char first[300] = "", last[300] = "";
	struct switchout so = { .max_files = 2 };
	struct stat st;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/perf.data", dir);
	for (int i = 0; i < 4; i++) {
		int fd = open(path, O_CREAT | O_WRONLY, 0600);

		assert_true(fd >= 0);
		close(fd);
		assert_int_equal(switchout_rotate(&so, path, name, sizeof(name)), 0);
		assert_int_equal(strncmp(name, path, strlen(path)), 0);
		assert_int_equal(strlen(name), strlen(path) + 17);
		assert_int_equal(stat(path, &st), -1);
		assert_int_equal(stat(name, &st), 0);
		if (!i)
			snprintf(first, sizeof(first), "%s", name);
		snprintf(last, sizeof(last), "%s", name);
		usleep(20000);	/* the names step every 10 ms */
	}
	/* the two newest are left */
	assert_int_equal(count_files(dir, "perf.data."), 2);
	assert_int_equal(stat(first, &st), -1);
	assert_int_equal(stat(last, &st), 0);
	/* a missing file: the name is still given, rename's error returned */
	assert_int_equal(switchout_rotate(&so, path, name, sizeof(name)), -ENOENT);
	assert_int_equal(switchout_rotate(&so, path, name, 8), -ENAMETOOLONG);
	switchout_release(&so);
	/* the two files left (one of them is not named here) */
	snprintf(name, sizeof(name), "rm -f %s/perf.data.*", dir);
	assert_int_not_equal(system(name), -1);
	assert_int_equal(rmdir(dir), 0);
}

static void test_next(void **state)
{
	char dir[] = "/tmp/ptool-switchout-XXXXXX", path[256], name[300];
	char want[700];
	struct switchout so = { 0 };
	struct strbuf err = STRBUF_INIT;
	struct pdata_writer *w;
	struct recorder *rc;
	struct stat st;
	int fd;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/perf.data", dir);
	fd = open(path, O_CREAT | O_RDWR | O_TRUNC, 0600);
	assert_true(fd >= 0);
	w = pdata_writer_new(fd, 0);
	assert_non_null(w);
	rc = recorder_new(w, PERF_SAMPLE_TIME);
	/* the file is finished and renamed, a new one is made at @path */
	assert_int_equal(switchout_next(&so, rc, &w, &fd, path, name,
					sizeof(name), &err), 0);
	assert_int_equal(err.len, 0);
	assert_int_equal(stat(name, &st), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_non_null(w);
	assert_true(fd >= 0);
	unlink(name);
	/* the file is gone: the rename fails, and the line names both files */
	assert_int_equal(unlink(path), 0);
	assert_int_equal(switchout_next(&so, rc, &w, &fd, path, name,
					sizeof(name), &err), -ENOENT);
	snprintf(want, sizeof(want), "cannot rename '%s' to '%s': %s", path,
		 name, strerror(ENOENT));
	assert_string_equal(err.buf, want);
	assert_null(w);
	assert_int_equal(fd, -1);
	strbuf_release(&err);
	recorder_free(rc);
	switchout_release(&so);
	assert_int_equal(rmdir(dir), 0);
}

static void test_size_hit(void **state)
{
	struct switchout so = { 0 };

	assert_false(switchout_size_hit(&so, UINT64_MAX));
	assert_int_equal(switchout_parse(&so, "1K"), 0);
	assert_false(switchout_size_hit(&so, 1023));
	assert_true(switchout_size_hit(&so, 1024));
	switchout_release(&so);
}

static void test_due(void **state)
{
	struct switchout so = { 0 };
	volatile sig_atomic_t flag = 1;

	assert_int_equal(switchout_parse(&so, "2K"), 0);
	/* the signal flag is taken and cleared */
	assert_true(switchout_due(&so, &flag, 0));
	assert_int_equal(flag, 0);
	assert_false(switchout_due(&so, &flag, 2047));
	assert_true(switchout_due(&so, &flag, 2048));
	switchout_release(&so);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_timestamp),
		cmocka_unit_test(test_rotate),
		cmocka_unit_test(test_next),
		cmocka_unit_test(test_size_hit),
		cmocka_unit_test(test_due),
	};

	return cmocka_run_group_tests_name("switchout", tests, NULL, NULL);
}
