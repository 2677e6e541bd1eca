// SPDX-License-Identifier: GPL-2.0
/*
 * evsel open/read/close through a wrapped sys_perf_event_open(): every
 * "counter" is the read end of a pipe holding what read(2) should return.
 */
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
#include <unistd.h>
#include <cmocka.h>

#include "ptool/counts.h"
#include "ptool/evlist.h"
#include "ptool/evsel.h"
#include "ptool/evspec.h"
#include "ptool/sysroots.h"

#define MAX_CALLS 64

struct call {
	struct perf_event_attr attr;
	pid_t pid;
	int cpu;
	int group_fd;
	unsigned long flags;
	int fd;
};

static struct call calls[MAX_CALLS];
static int nr_calls;
static int fail_at = -1;	/* fail the call with this index */
static int fail_errno;
static int fail_precise_above = -1;	/* EINVAL while precise_ip > this */
static uint64_t payload[8];	/* what each new fd will read */
static size_t payload_words;

int __wrap_sys_perf_event_open(struct perf_event_attr *attr, pid_t pid,
			       int cpu, int group_fd, unsigned long flags);

int __wrap_sys_perf_event_open(struct perf_event_attr *attr, pid_t pid,
			       int cpu, int group_fd, unsigned long flags)
{
	int p[2];
	struct call *c;

	if (nr_calls >= MAX_CALLS) {
		errno = EMFILE;
		return -1;
	}
	c = &calls[nr_calls];
	c->attr = *attr;
	c->pid = pid;
	c->cpu = cpu;
	c->group_fd = group_fd;
	c->flags = flags;
	c->fd = -1;
	if (nr_calls++ == fail_at) {
		errno = fail_errno;
		return -1;
	}
	if (fail_precise_above >= 0 && attr->precise_ip > fail_precise_above) {
		errno = EINVAL;
		return -1;
	}
	if (pipe(p))
		return -1;
	if (payload_words &&
	    write(p[1], payload, payload_words * sizeof(uint64_t)) < 0)
		return -1;
	close(p[1]);
	c->fd = p[0];
	return p[0];
}

static int reset(void **state)
{
	nr_calls = 0;
	fail_at = -1;
	fail_errno = 0;
	fail_precise_above = -1;
	payload_words = 0;
	return 0;
}

static bool fd_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

static struct evsel *sw_event(const char *spec, struct evlist **elp)
{
	struct evlist *el = evlist_new();
	struct evspec_err err;

	assert_int_equal(evspec_parse(el, spec, NULL, &err), 0);
	*elp = el;
	return el->entry[0];
}

static void test_open_maps(void **state)
{
	int cpus_v[] = { 0, 1 };
	pid_t tids[] = { 100, 101, 102 };
	struct cpumap cpus = { 2, cpus_v };
	struct threadmap threads = { 3, tids };
	struct evlist *el;
	struct evsel *e = sw_event("cs:u", &el);

	assert_int_equal(evsel_open(e, &cpus, &threads), 0);
	assert_int_equal(nr_calls, 6);
	for (int c = 0; c < 2; c++)
		for (int t = 0; t < 3; t++) {
			struct call *k = &calls[c * 3 + t];

			assert_int_equal(k->cpu, c);
			assert_int_equal(k->pid, tids[t]);
			assert_int_equal(k->group_fd, -1);
			assert_true(k->flags & PERF_FLAG_FD_CLOEXEC);
			assert_int_equal(k->attr.type, PERF_TYPE_SOFTWARE);
			assert_int_equal(k->attr.exclude_kernel, 1);
			assert_int_equal(evsel_fd(e, c, t), k->fd);
			assert_true(fd_open(k->fd));
		}
	assert_int_equal(evsel_fd(e, 2, 0), -1);
	assert_int_equal(evsel_fd(e, 0, 3), -1);
	evsel_close(e);
	for (int i = 0; i < 6; i++)
		assert_false(fd_open(calls[i].fd));
	assert_int_equal(evsel_fd(e, 0, 0), -1);
	evlist_free(el);
}

static void test_open_failure_closes(void **state)
{
	int cpus_v[] = { -1 };
	pid_t tids[] = { 1, 2, 3, 4 };
	struct cpumap cpus = { 1, cpus_v };
	struct threadmap threads = { 4, tids };
	struct evlist *el;
	struct evsel *e = sw_event("faults", &el);

	fail_at = 2;
	fail_errno = EACCES;
	assert_int_equal(evsel_open(e, &cpus, &threads), -EACCES);
	assert_int_equal(nr_calls, 3);
	assert_false(fd_open(calls[0].fd));
	assert_false(fd_open(calls[1].fd));
	assert_null(e->fd);
	assert_int_equal(e->open_err, -EACCES);
	evlist_free(el);
}

static void test_group(void **state)
{
	int cpus_v[] = { 0, 1 };
	pid_t tids[] = { -1 };
	struct cpumap cpus = { 2, cpus_v };
	struct threadmap threads = { 1, tids };
	struct evlist *el = evlist_new();
	struct evspec_err err;
	struct evsel *failed;

	assert_int_equal(evspec_parse(el, "{cs,faults}", NULL, &err), 0);
	for (int i = 0; i < el->nr; i++) {
		el->entry[i]->attr.disabled = 1;
		el->entry[i]->attr.enable_on_exec = 1;
	}
	/* evlist_open() with maps from the test */
	el->cpus = &cpus;
	el->threads = &threads;
	assert_int_equal(evlist_open(el, &failed), 0);
	assert_null(failed);
	assert_int_equal(nr_calls, 4);
	/* leader on cpu 0, 1, then the member with the leader's fd per cpu */
	assert_int_equal(calls[0].group_fd, -1);
	assert_int_equal(calls[2].group_fd, calls[0].fd);
	assert_int_equal(calls[3].group_fd, calls[1].fd);
	assert_int_equal(calls[2].cpu, 0);
	assert_int_equal(calls[3].cpu, 1);
	assert_int_equal(calls[0].attr.disabled, 1);
	assert_int_equal(calls[2].attr.disabled, 0);
	assert_int_equal(calls[2].attr.enable_on_exec, 0);
	el->cpus = NULL;
	el->threads = NULL;
	evlist_free(el);
}

static void test_member_needs_leader(void **state)
{
	int cpus_v[] = { -1 };
	pid_t tids[] = { 7 };
	struct cpumap cpus = { 1, cpus_v };
	struct threadmap threads = { 1, tids };
	struct evlist *el = evlist_new();
	struct evspec_err err;

	assert_int_equal(evspec_parse(el, "{cs,faults}", NULL, &err), 0);
	/* the member alone: the leader is not open */
	assert_int_equal(evsel_open(el->entry[1], &cpus, &threads), -EINVAL);
	assert_int_equal(nr_calls, 0);
	evlist_free(el);
}

static void test_precise_max(void **state)
{
	int cpus_v[] = { -1 };
	pid_t tids[] = { 7 };
	struct cpumap cpus = { 1, cpus_v };
	struct threadmap threads = { 1, tids };
	struct evlist *el;
	struct evsel *e = sw_event("cycles:P", &el);

	fail_precise_above = 1;
	assert_int_equal(evsel_open(e, &cpus, &threads), 0);
	assert_int_equal(nr_calls, 3);	/* 3, 2, then 1 */
	assert_int_equal(calls[2].attr.precise_ip, 1);
	assert_int_equal(e->attr.precise_ip, 1);
	evlist_free(el);
}

static void test_cgroup(void **state)
{
	int cpus_v[] = { 0, 1 };
	struct cpumap cpus = { 2, cpus_v }, any = { 1, (int[]){ -1 } };
	struct evlist *el;
	struct evsel *e = sw_event("cs", &el);

	assert_int_equal(evsel_open_cgroup(e, &cpus, 42), 0);
	assert_int_equal(nr_calls, 2);
	assert_int_equal(calls[1].pid, 42);
	assert_int_equal(calls[1].cpu, 1);
	assert_true(calls[1].flags & PERF_FLAG_PID_CGROUP);
	evsel_close(e);
	assert_int_equal(evsel_open_cgroup(e, &any, 42), -EINVAL);
	evlist_free(el);
}

static void test_fallback(void **state)
{
	struct evlist *el;
	struct evsel *e = sw_event("cycles:u", &el);
	char msg[256];

	e->attr.sample_freq = 4000;
	e->attr.freq = 1;
	assert_true(evsel_fallback(e, -ENOENT, msg, sizeof(msg)));
	assert_string_equal(msg, "cycles:u is not supported here, falling back to cpu-clock:u");
	assert_string_equal(e->name, "cpu-clock:u");
	assert_string_equal(e->orig_name, "cycles:u");
	assert_int_equal(e->attr.type, PERF_TYPE_SOFTWARE);
	assert_int_equal(e->attr.config, PERF_COUNT_SW_CPU_CLOCK);
	assert_int_equal(e->attr.sample_freq, 4000);
	assert_int_equal(e->attr.freq, 1);
	assert_int_equal(e->attr.exclude_kernel, 1);
	assert_false(evsel_fallback(e, -ENOENT, msg, sizeof(msg)));
	evlist_free(el);

	e = sw_event("instructions", &el);
	assert_false(evsel_fallback(e, -ENOENT, msg, sizeof(msg)));
	evlist_free(el);
	e = sw_event("cycles:k", &el);
	assert_false(evsel_fallback(e, -EACCES, msg, sizeof(msg)));
	evlist_free(el);
	e = sw_event("cycles", &el);
	assert_true(evsel_fallback(e, -EOPNOTSUPP, msg, sizeof(msg)));
	evlist_free(el);
	e = sw_event("cycles:pp", &el);
	assert_true(evsel_fallback(e, -EINVAL, msg, sizeof(msg)));
	assert_int_equal(e->attr.precise_ip, 1);
	assert_int_equal(e->attr.type, PERF_TYPE_HARDWARE);
	evlist_free(el);
	e = sw_event("task-clock", &el);
	assert_false(evsel_fallback(e, -ENOENT, msg, sizeof(msg)));
	evlist_free(el);
}

static void set_paranoid(const char *dir, const char *level)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/sys", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/sys/kernel", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/sys/kernel/perf_event_paranoid", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(level, f);
	fclose(f);
	sysroots_set(&(struct sysroots){ .procfs = dir });
}

static void test_fallback_user_only(void **state)
{
	char dir[] = "/tmp/ptool-evsel.XXXXXX", cmd[64];
	struct evlist *el;
	struct evsel *e;
	char msg[256];

	assert_non_null(mkdtemp(dir));
	set_paranoid(dir, "2\n");
	e = sw_event("cs", &el);
	assert_false(evsel_fallback_user_only(e, -ENOENT, msg, sizeof(msg)));
	assert_true(evsel_fallback_user_only(e, -EACCES, msg, sizeof(msg)));
	assert_string_equal(e->name, "cs:u");
	assert_int_equal(e->attr.exclude_kernel, 1);
	assert_int_equal(e->attr.exclude_hv, 1);
	assert_non_null(strstr(msg, "perf_event_paranoid=2"));
	/* already user only: nothing more to give up */
	assert_false(evsel_fallback_user_only(e, -EACCES, msg, sizeof(msg)));
	evlist_free(el);
	e = sw_event("cs:k", &el);	/* kernel only was asked for */
	assert_false(evsel_fallback_user_only(e, -EPERM, msg, sizeof(msg)));
	evlist_free(el);
	e = sw_event("cycles", &el);	/* evsel_fallback() tries it first */
	assert_true(evsel_fallback(e, -EPERM, msg, sizeof(msg)));
	assert_string_equal(e->name, "cycles:u");
	assert_int_equal(e->attr.type, PERF_TYPE_HARDWARE);
	evlist_free(el);
	set_paranoid(dir, "1\n");
	e = sw_event("cs", &el);
	assert_false(evsel_fallback_user_only(e, -EACCES, msg, sizeof(msg)));
	evlist_free(el);
	sysroots_set(NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_strerror(void **state)
{
	struct evlist *el;
	struct evsel *e = sw_event("cycles", &el);
	char buf[1024];

	evsel_strerror(e, -EACCES, buf, sizeof(buf));
	assert_non_null(strstr(buf, "perf_event_paranoid"));
	assert_non_null(strstr(buf, "CAP_PERFMON"));
	evsel_strerror(e, -EPERM, buf, sizeof(buf));
	assert_non_null(strstr(buf, "perf_event_paranoid"));
	evsel_strerror(e, -ENOENT, buf, sizeof(buf));
	assert_non_null(strstr(buf, "no such event on this PMU"));
	evsel_strerror(e, -EOPNOTSUPP, buf, sizeof(buf));
	assert_non_null(strstr(buf, "not supported by this kernel"));
	evsel_strerror(e, -EMFILE, buf, sizeof(buf));
	assert_non_null(strstr(buf, "ulimit -n"));
	evsel_strerror(e, -ESRCH, buf, sizeof(buf));
	assert_non_null(strstr(buf, "no such process"));
	evsel_strerror(e, -EIO, buf, sizeof(buf));
	assert_non_null(strstr(buf, strerror(EIO)));
	assert_true(evsel_is_unsupported_err(-ENOENT));
	assert_true(evsel_is_unsupported_err(-EOPNOTSUPP));
	assert_false(evsel_is_unsupported_err(-EACCES));
	evlist_free(el);
}

static void test_read(void **state)
{
	int cpus_v[] = { -1 };
	pid_t tids[] = { 7, 8 };
	struct cpumap cpus = { 1, cpus_v };
	struct threadmap threads = { 2, tids };
	struct evlist *el;
	struct evsel *e = sw_event("cs", &el);
	struct evsel_count c;
	struct counts *cn;

	e->attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
			      PERF_FORMAT_TOTAL_TIME_RUNNING;
	payload[0] = 100;
	payload[1] = 2000;
	payload[2] = 1000;
	payload_words = 3;
	assert_int_equal(evsel_open(e, &cpus, &threads), 0);
	assert_int_equal(evsel_read(e, 0, 0, &c), 0);
	assert_int_equal(c.val, 100);
	assert_int_equal(c.ena, 2000);
	assert_int_equal(c.run, 1000);
	/* the second thread through counts: each fd scaled, then summed */
	cn = counts_new(1, 2);
	cn->cur[0] = c;	/* already read above: the pipe is drained */
	assert_int_equal(evsel_read(e, 0, 1, &cn->cur[1]), 0);
	{
		struct evsel_count sum;

		counts_sum(cn, -1, false, &sum);
		assert_int_equal(sum.val, 400);
		assert_int_equal(sum.ena, 4000);
		assert_int_equal(sum.run, 2000);
	}
	counts_free(cn);
	assert_int_equal(evsel_read(e, 0, 2, &c), -EBADF);
	evlist_free(el);
}

static void test_read_group(void **state)
{
	int cpus_v[] = { -1 };
	pid_t tids[] = { 7 };
	struct cpumap cpus = { 1, cpus_v };
	struct threadmap threads = { 1, tids };
	struct evlist *el = evlist_new();
	struct evspec_err err;
	struct counts *lc, *mc;

	assert_int_equal(evspec_parse(el, "{cs,faults}", NULL, &err), 0);
	for (int i = 0; i < 2; i++)
		el->entry[i]->attr.read_format = PERF_FORMAT_GROUP |
			PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
	/* nr, enabled, running, then one value per member */
	payload[0] = 2;
	payload[1] = 500;
	payload[2] = 250;
	payload[3] = 11;
	payload[4] = 22;
	payload_words = 5;
	assert_int_equal(evsel_open(el->entry[0], &cpus, &threads), 0);
	assert_int_equal(evsel_open(el->entry[1], &cpus, &threads), 0);
	lc = counts_new(1, 1);
	mc = counts_new(1, 1);
	assert_int_equal(counts_read(lc, el->entry[0], &mc), 0);
	assert_int_equal(lc->cur[0].val, 11);
	assert_int_equal(mc->cur[0].val, 22);
	assert_int_equal(mc->cur[0].ena, 500);
	assert_int_equal(mc->cur[0].run, 250);
	/* a plain read of a GROUP fd is refused */
	assert_int_equal(evsel_read(el->entry[0], 0, 0, &lc->cur[0]), -EINVAL);
	counts_free(lc);
	counts_free(mc);
	evlist_free(el);
}

static void test_read_group_ids(void **state)
{
	int cpus_v[] = { -1 };
	pid_t tids[] = { 7 };
	struct cpumap cpus = { 1, cpus_v };
	struct threadmap threads = { 1, tids };
	struct evlist *el = evlist_new();
	struct evspec_err err;
	struct evsel_count c[2];

	assert_int_equal(evspec_parse(el, "{cs,faults}", NULL, &err), 0);
	el->entry[0]->attr.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_ID |
		PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
	/* nr, enabled, running, then value and id per member */
	payload[0] = 2;
	payload[1] = 900;
	payload[2] = 300;
	payload[3] = 5;
	payload[4] = 1001;
	payload[5] = 6;
	payload[6] = 1002;
	payload_words = 7;
	assert_int_equal(evsel_open(el->entry[0], &cpus, &threads), 0);
	assert_int_equal(evsel_read_group(el->entry[0], 0, 0, c), 0);
	assert_int_equal(c[0].val, 5);
	assert_int_equal(c[1].val, 6);
	assert_int_equal(c[1].ena, 900);
	assert_int_equal(c[1].run, 300);
	evlist_free(el);
}

static void test_scaling(void **state)
{
	struct {
		struct evsel_count c;
		uint64_t want;
		double pct;
	} t[] = {
		{ { 100, 1000, 1000 }, 100, 100.0 },
		{ { 100, 1000, 500 }, 200, 50.0 },
		{ { 333, 1000, 333 }, 1000, 33.3 },
		{ { 100, 1000, 0 }, 0, 0.0 },
		{ { 100, 0, 0 }, 100, 100.0 },
		{ { 7, 3, 2 }, 11, 66.666 },	/* 10.5 rounds up */
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		double pct;

		assert_int_equal(evsel_count_scaled(&t[i].c, &pct), t[i].want);
		assert_true(pct > t[i].pct - 0.01 && pct < t[i].pct + 0.01);
	}
	assert_int_equal(evsel_count_scaled(&t[1].c, NULL), 200);
}

static void test_fprintf_attr(void **state)
{
	struct evlist *el;
	struct evsel *e = sw_event("cs:u", &el);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	e->attr.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME;
	e->attr.sample_freq = 4000;
	e->attr.freq = 1;
	e->attr.read_format = PERF_FORMAT_ID;
	assert_true(evsel_fprintf_attr(e, f) > 0);
	fclose(f);
	assert_non_null(strstr(buf, "perf_event_attr:\n"));
	assert_non_null(strstr(buf, "  type                             1\n"));
	assert_non_null(strstr(buf, "  size                             128\n"));
	assert_non_null(strstr(buf, "  config                           0x3\n"));
	assert_non_null(strstr(buf, "  { sample_period, sample_freq }   4000\n"));
	assert_non_null(strstr(buf, "  sample_type                      IP|TID|TIME\n"));
	assert_non_null(strstr(buf, "  read_format                      ID\n"));
	assert_non_null(strstr(buf, "  exclude_kernel                   1\n"));
	assert_non_null(strstr(buf, "  freq                             1\n"));
	assert_null(strstr(buf, "exclude_user"));
	free(buf);
	evlist_free(el);
}

static void test_filter(void **state)
{
	int cpus_v[] = { -1 };
	pid_t tids[] = { 7 };
	struct cpumap cpus = { 1, cpus_v };
	struct threadmap threads = { 1, tids };
	struct evlist *el;
	struct evsel *e = sw_event("cs", &el);
	char buf[512];

	evsel_set_filter(e, "fd == 1");
	assert_string_equal(e->filter, "fd == 1");
	/* a pipe is no perf event: the kernel side of SET_FILTER fails */
	assert_int_equal(evsel_open(e, &cpus, &threads), -ENOTTY);
	assert_true(e->filter_failed);
	assert_false(fd_open(calls[0].fd));
	evsel_strerror(e, -ENOTTY, buf, sizeof(buf));
	assert_non_null(strstr(buf, "cannot set filter \"fd == 1\" on 'cs'"));
	evsel_set_filter(e, NULL);
	assert_null(e->filter);
	assert_int_equal(evsel_open(e, &cpus, &threads), 0);
	assert_false(e->filter_failed);
	evlist_free(el);
}

/* system-wide --per-thread: a thread gone before its open is left out */
static void test_missing_thread(void **state)
{
	int cpus_v[] = { -1 };
	pid_t tids[] = { 7, 8, 9 };
	struct cpumap cpus = { 1, cpus_v };
	struct threadmap threads = { 3, tids };
	struct evlist *el;
	struct evsel *e = sw_event("cs", &el);

	fail_at = 1;
	fail_errno = ESRCH;
	assert_int_equal(evsel_open(e, &cpus, &threads), -ESRCH);
	assert_null(e->fd);
	reset(state);
	fail_at = 1;
	fail_errno = ESRCH;
	e->ignore_missing_thread = true;
	assert_int_equal(evsel_open(e, &cpus, &threads), 0);
	assert_true(evsel_fd(e, 0, 0) >= 0);
	assert_int_equal(evsel_fd(e, 0, 1), -1);
	assert_true(evsel_fd(e, 0, 2) >= 0);
	assert_int_equal(calls[2].pid, 9);
	/* any other error still fails the open */
	reset(state);
	fail_at = 1;
	fail_errno = EACCES;
	assert_int_equal(evsel_open(e, &cpus, &threads), -EACCES);
	evlist_free(el);
}

static void test_probe(void **state)
{
	assert_int_equal(evsel_probe(PERF_TYPE_HARDWARE, 0), 0);
	assert_int_equal(calls[0].pid, 0);
	assert_int_equal(calls[0].cpu, -1);
	assert_int_equal(calls[0].attr.exclude_kernel, 1);
	assert_int_equal(calls[0].attr.disabled, 1);
	assert_false(fd_open(calls[0].fd));
	fail_at = 1;
	fail_errno = ENOENT;
	assert_int_equal(evsel_probe(PERF_TYPE_HARDWARE, 1), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_open_maps, reset),
		cmocka_unit_test_setup(test_open_failure_closes, reset),
		cmocka_unit_test_setup(test_group, reset),
		cmocka_unit_test_setup(test_member_needs_leader, reset),
		cmocka_unit_test_setup(test_precise_max, reset),
		cmocka_unit_test_setup(test_cgroup, reset),
		cmocka_unit_test_setup(test_fallback, reset),
		cmocka_unit_test_setup(test_fallback_user_only, reset),
		cmocka_unit_test_setup(test_strerror, reset),
		cmocka_unit_test_setup(test_read, reset),
		cmocka_unit_test_setup(test_read_group, reset),
		cmocka_unit_test_setup(test_read_group_ids, reset),
		cmocka_unit_test_setup(test_scaling, reset),
		cmocka_unit_test_setup(test_fprintf_attr, reset),
		cmocka_unit_test_setup(test_filter, reset),
		cmocka_unit_test_setup(test_probe, reset),
		cmocka_unit_test_setup(test_missing_thread, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
