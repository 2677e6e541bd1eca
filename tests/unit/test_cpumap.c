// SPDX-License-Identifier: GPL-2.0
/* cpu and thread maps and targets over a fake sysfs and procfs */
#include <errno.h>
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

#include "ptool/cpumap.h"
#include "ptool/sysroots.h"
#include "ptool/target.h"

static char root[64], sysfs[80], procfs[80];

static void mk(const char *rel, const char *text)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", root, rel);
	if (text) {
		FILE *f = fopen(p, "w");

		assert_non_null(f);
		fputs(text, f);
		fclose(f);
	} else {
		mkdir(p, 0755);
	}
}

static int setup(void **state)
{
	snprintf(root, sizeof(root), "/tmp/ptool-cpumap.XXXXXX");
	assert_non_null(mkdtemp(root));
	mk("sys", NULL);
	mk("sys/devices", NULL);
	mk("sys/devices/system", NULL);
	mk("sys/devices/system/cpu", NULL);
	mk("sys/devices/system/cpu/online", "0-3,6\n");
	mk("sys/devices/system/cpu/cpu6", NULL);
	mk("sys/devices/system/cpu/cpu6/topology", NULL);
	mk("sys/devices/system/cpu/cpu6/topology/physical_package_id", "1\n");
	mk("sys/devices/system/cpu/cpu6/topology/core_id", "3\n");
	mk("sys/devices/system/cpu/cpu6/topology/die_id", "2\n");
	mk("sys/devices/system/cpu/cpu1", NULL);
	mk("sys/devices/system/cpu/cpu1/topology", NULL);
	mk("sys/devices/system/cpu/cpu1/topology/physical_package_id", "0\n");
	mk("sys/devices/system/cpu/cpu1/topology/core_id", "1\n");
	mk("sys/devices/system/node", NULL);
	mk("sys/devices/system/node/node0", NULL);
	mk("sys/devices/system/node/node0/cpulist", "0-3\n");
	mk("sys/devices/system/node/node1", NULL);
	mk("sys/devices/system/node/node1/cpulist", "6\n");
	mk("sys/fs", NULL);
	mk("sys/fs/cgroup", NULL);
	mk("sys/fs/cgroup/cgroup.procs", "");
	mk("sys/fs/cgroup/app.slice", NULL);
	mk("sys/fs/cgroup/app.slice/cgroup.procs", "");
	mk("sys/fs/cgroup/plain", NULL);
	mk("proc", NULL);
	mk("proc/100", NULL);
	mk("proc/100/task", NULL);
	mk("proc/100/task/100", NULL);
	mk("proc/100/task/102", NULL);
	mk("proc/100/task/101", NULL);
	mk("proc/200", NULL);
	mk("proc/200/task", NULL);
	mk("proc/200/task/200", NULL);
	snprintf(sysfs, sizeof(sysfs), "%s/sys", root);
	snprintf(procfs, sizeof(procfs), "%s/proc", root);
	sysroots_set(&(struct sysroots){ .sysfs = sysfs, .procfs = procfs });
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	sysroots_set(NULL);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_cpus(void **state)
{
	struct cpumap *m = cpumap_new_online();
	char buf[64];

	assert_non_null(m);
	assert_int_equal(m->nr, 5);
	assert_int_equal(m->cpu[4], 6);
	assert_string_equal(cpumap_format(m, buf, sizeof(buf)), "0-3,6");
	cpumap_free(m);
	m = cpumap_new_list("3,1");
	assert_non_null(m);
	assert_int_equal(m->nr, 2);
	assert_int_equal(m->cpu[0], 1);
	assert_string_equal(cpumap_format(m, buf, sizeof(buf)), "1,3");
	cpumap_free(m);
	assert_null(cpumap_new_list("4"));
	assert_int_equal(errno, ENODEV);
	assert_null(cpumap_new_list("1-"));
	assert_int_equal(errno, EINVAL);
	assert_null(cpumap_new_list("x"));
	assert_int_equal(errno, EINVAL);
	m = cpumap_new_any();
	assert_int_equal(m->nr, 1);
	assert_int_equal(m->cpu[0], -1);
	cpumap_free(m);
	cpumap_free(NULL);
}

static void test_threads(void **state)
{
	struct threadmap *t = threadmap_new_str("100,200", true);

	assert_non_null(t);
	assert_int_equal(t->nr, 4);
	assert_int_equal(t->tid[0], 100);
	assert_int_equal(t->tid[1], 101);
	assert_int_equal(t->tid[2], 102);
	assert_int_equal(t->tid[3], 200);
	threadmap_free(t);
	t = threadmap_new_str("101", false);
	assert_null(t);	/* -t: the id itself must exist in procfs */
	assert_int_equal(errno, ESRCH);
	t = threadmap_new_str("100", false);
	assert_int_equal(t->nr, 1);
	threadmap_free(t);
	assert_null(threadmap_new_str("300", true));
	assert_int_equal(errno, ESRCH);
	assert_null(threadmap_new_str("1,,2", true));
	assert_int_equal(errno, EINVAL);
	assert_null(threadmap_new_str("abc", true));
	assert_int_equal(errno, EINVAL);
	assert_null(threadmap_new_str("100,", true));
	assert_int_equal(errno, EINVAL);
	assert_null(threadmap_new_str("-5", true));
	assert_null(threadmap_new_str("", true));
	/* a listed process that has ended: an error, or left out (-u) */
	assert_null(threadmap_new_str("100,300,200", true));
	assert_int_equal(errno, ESRCH);
	t = threadmap_new_live("100,300,200");
	assert_non_null(t);
	assert_int_equal(t->nr, 4);
	assert_int_equal(t->tid[2], 102);
	assert_int_equal(t->tid[3], 200);
	threadmap_free(t);
	assert_null(threadmap_new_live("300,301"));
	assert_int_equal(errno, ESRCH);
	assert_null(threadmap_new_live("100,,200"));
	assert_int_equal(errno, EINVAL);
	/* system-wide --per-thread: every task of every process, by tid */
	t = threadmap_new_all();
	assert_non_null(t);
	assert_int_equal(t->nr, 4);
	assert_int_equal(t->tid[0], 100);
	assert_int_equal(t->tid[2], 102);
	assert_int_equal(t->tid[3], 200);
	threadmap_free(t);
}

static void test_target(void **state)
{
	struct target t = { 0 };
	struct cpumap *c;
	struct threadmap *th;
	struct strbuf msg = STRBUF_INIT, warn = STRBUF_INIT;
	char buf[64];

	assert_true(target_none(&t));
	assert_int_equal(target_maps(&t, 42, &c, &th), 0);
	assert_int_equal(c->cpu[0], -1);
	assert_int_equal(th->tid[0], 42);
	cpumap_free(c);
	threadmap_free(th);
	t.system_wide = true;
	assert_int_equal(target_maps(&t, 42, &c, &th), 0);
	assert_int_equal(c->nr, 5);
	assert_int_equal(th->nr, 1);
	assert_int_equal(th->tid[0], -1);
	cpumap_free(c);
	threadmap_free(th);
	assert_string_equal(target_describe(&t, buf, sizeof(buf)), "system wide");
	t.cpu_list = "9";
	assert_int_equal(target_maps(&t, 0, &c, &th), -ENODEV);
	t = (struct target){ .pid = "100" };
	assert_string_equal(target_describe(&t, buf, sizeof(buf)), "process id '100'");
	assert_int_equal(target_maps(&t, 0, &c, &th), 0);
	assert_int_equal(th->nr, 3);
	cpumap_free(c);
	threadmap_free(th);
	t.tid = "100";
	assert_int_equal(target_validate(&t, &msg, &warn), -EINVAL);
	assert_string_equal(msg.buf, "-p and -t cannot be used together");
	/* -p/-t override -a and -C, as perf */
	t = (struct target){ .pid = "1", .system_wide = true };
	strbuf_reset(&msg);
	assert_int_equal(target_validate(&t, &msg, &warn), 0);
	assert_string_equal(warn.buf, "PID/TID switch overriding SYSTEM");
	assert_false(t.system_wide);
	assert_true(target_has_task(&t) && !target_has_cpu(&t));
	t = (struct target){ .tid = "1", .cpu_list = "0", .system_wide = true };
	strbuf_reset(&warn);
	assert_int_equal(target_validate(&t, &msg, &warn), 0);
	assert_string_equal(warn.buf, "PID/TID switch overriding CPU");
	assert_false(target_has_cpu(&t));
	t = (struct target){ .pid = "1" };
	strbuf_reset(&warn);
	assert_int_equal(target_validate(&t, &msg, &warn), 0);
	assert_int_equal(warn.len, 0);
	assert_int_equal(msg.len, 0);
	t = (struct target){ .cgroup = "x" };
	assert_int_equal(target_validate(&t, &msg, &warn), -EINVAL);
	strbuf_reset(&msg);
	t.cpu_list = "0";
	assert_int_equal(target_validate(&t, &msg, &warn), 0);
	assert_int_equal(msg.len, 0);
	strbuf_release(&msg);
	strbuf_release(&warn);
}

static void test_topology(void **state)
{
	struct cpu_topo t;

	assert_int_equal(cpu_topology(6, &t), 0);
	assert_int_equal(t.socket, 1);
	assert_int_equal(t.die, 2);
	assert_int_equal(t.core, 3);
	assert_int_equal(t.node, 1);
	assert_int_equal(cpu_topology(1, &t), 0);	/* no die_id: die 0 */
	assert_int_equal(t.socket, 0);
	assert_int_equal(t.die, 0);
	assert_int_equal(t.core, 1);
	assert_int_equal(t.node, 0);
	assert_int_equal(cpu_topology(5, &t), -ENOENT);
}

static void test_cgroup(void **state)
{
	int fd = target_cgroup_open("app.slice");

	assert_true(fd >= 0);
	close(fd);
	fd = target_cgroup_open("/");
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(target_cgroup_open("plain"), -ENOENT);	/* no cgroup.procs */
	assert_int_equal(target_cgroup_open("nosuch"), -ENOENT);
	assert_int_equal(target_cgroup_open("../.."), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cpus),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_target),
		cmocka_unit_test(test_topology),
		cmocka_unit_test(test_cgroup),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
