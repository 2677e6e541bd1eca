// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "ptool/strbuf.h"
#include "ptool/synth.h"

#include "testutil.h"

static char root[64];

static void put_file(const char *rel, const char *text)
{
	assert_int_equal(tu_put_file(root, rel, text), 0);
}

static const char maps100[] =
	"55d0c0000000-55d0c0001000 r--p 00000000 08:01 1234 /usr/bin/app\n"
	"55d0c0001000-55d0c0005000 r-xp 00001000 08:01 1234 /usr/bin/app\n"
	"55d0c0100000-55d0c0121000 rw-p 00000000 00:00 0 [heap]\n"
	"7f0000000000-7f0000010000 rw-p 00000000 00:00 0 \n"
	"7f0000010000-7f0000020000 r-xs 00002000 fd:02 77 /tmp/my lib.so (deleted)\n"
	"7f0000030000-7f0000031000 r-xp 00000000 00:00 0\n"
	"garbage line\n"
	"7ffc00000000-7ffc00002000 r-xp 00000000 00:00 0 [vdso]\n";

static int setup(void **state)
{
	strcpy(root, "/tmp/ptool-synth.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	/* a process with two threads */
	put_file("100/status", "Name:\tapp\nUmask:\t0022\nTgid:\t100\nPPid:\t1\nVmSize:\t 1000 kB\n");
	put_file("100/comm", "app\n");
	put_file("100/maps", maps100);
	put_file("100/task/100/status", "Name:\tapp\nTgid:\t100\nPPid:\t1\nVmSize:\t 1000 kB\n");
	put_file("100/task/100/comm", "app\n");
	put_file("100/task/101/status", "Name:\tworker\nTgid:\t100\nPPid:\t1\nVmSize:\t 1000 kB\n");
	put_file("100/task/101/comm", "worker 1\n");
	put_file("101/status", "Name:\tworker\nTgid:\t100\nPPid:\t1\nVmSize:\t 1000 kB\n");
	put_file("101/comm", "worker 1\n");
	/* a kernel thread: no VmSize, no maps */
	put_file("2/status", "Name:\tkthreadd\nTgid:\t2\nPPid:\t0\n");
	put_file("2/comm", "kthreadd\n");
	put_file("2/maps", "");
	put_file("2/task/2/status", "Name:\tkthreadd\nTgid:\t2\nPPid:\t0\n");
	put_file("2/task/2/comm", "kthreadd\n");
	/* a workqueue worker: /proc says more than task->comm holds */
	put_file("12/status", "Name:\tkworker/u8:0-ext4-rsv-conversion\nTgid:\t12\nPPid:\t2\n");
	put_file("12/comm", "kworker/u8:0-ext4-rsv-conversion\n");
	put_file("12/maps", "");
	put_file("12/task/12/status", "Name:\tkworker/u8:0-ext4-rsv-conversion\nTgid:\t12\nPPid:\t2\n");
	put_file("12/task/12/comm", "kworker/u8:0-ext4-rsv-conversion\n");
	/* not processes */
	put_file("self/status", "Name:\tnot me\n");
	put_file("kallsyms",
		 "0000000000000000 A fixed_percpu_data\n"
		 "ffffffff81000000 T _text\n"
		 "ffffffff81000000 T startup_64\n"
		 "ffffffff81a00000 t some_func\n"
		 "ffffffff8220bb08 T _etext\n"
		 "ffffffff83000000 D some_data\n"
		 "ffffffffc0000000 t mod_func\t[mymod]\n");
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

/* every callback appends a line to a log */
struct log {
	struct strbuf sb;
	int fail_at;	/* fail the n-th callback (1-based), 0 never */
	int calls;
};

static int count_call(struct log *l)
{
	return ++l->calls == l->fail_at ? -EIO : 0;
}

static int on_comm(void *arg, pid_t pid, pid_t tid, const char *comm)
{
	struct log *l = arg;

	strbuf_addf(&l->sb, "comm %d/%d %s\n", (int)pid, (int)tid, comm);
	return count_call(l);
}

static int on_fork(void *arg, pid_t pid, pid_t ppid, pid_t tid, pid_t ptid)
{
	struct log *l = arg;

	strbuf_addf(&l->sb, "fork %d/%d from %d/%d\n", (int)pid, (int)tid,
		    (int)ppid, (int)ptid);
	return count_call(l);
}

static int on_mmap(void *arg, pid_t pid, pid_t tid, const struct synth_map *m)
{
	struct log *l = arg;

	strbuf_addf(&l->sb, "mmap %d/%d %llx+%llx @%llx %x:%x %llu %c%c%c%c %s\n",
		    (int)pid, (int)tid, (unsigned long long)m->start,
		    (unsigned long long)m->len, (unsigned long long)m->pgoff,
		    m->maj, m->min, (unsigned long long)m->ino,
		    m->prot & PROT_READ ? 'r' : '-',
		    m->prot & PROT_WRITE ? 'w' : '-',
		    m->prot & PROT_EXEC ? 'x' : '-',
		    m->flags == MAP_SHARED ? 's' : 'p', m->filename);
	return count_call(l);
}

static const struct synth_ops ops = { on_comm, on_fork, on_mmap };

static const char maps_exec[] =
	"mmap 100/100 55d0c0001000+4000 @1000 8:1 1234 r-xp /usr/bin/app\n"
	"mmap 100/100 7f0000010000+10000 @2000 fd:2 77 r-xs /tmp/my lib.so (deleted)\n"
	"mmap 100/100 7f0000030000+1000 @0 0:0 0 r-xp //anon\n"
	"mmap 100/100 7ffc00000000+2000 @0 0:0 0 r-xp [vdso]\n";

static void test_threads(void **state)
{
	struct log l = { STRBUF_INIT, 0, 0 };
	struct synth s = { root, false, &ops, &l };
	struct synth_counts c = { 0 };
	/* a non-leader thread, a vanished one, then the leader */
	const pid_t tids[] = { 101, 4242, 100 };

	assert_int_equal(synth_threads(&s, tids, 3, &c), 0);
	assert_string_equal(l.sb.buf, "comm 100/101 worker 1\n"
			    "mmap 100/100 55d0c0001000+4000 @1000 8:1 1234 r-xp /usr/bin/app\n"
			    "mmap 100/100 7f0000010000+10000 @2000 fd:2 77 r-xs /tmp/my lib.so (deleted)\n"
			    "mmap 100/100 7f0000030000+1000 @0 0:0 0 r-xp //anon\n"
			    "mmap 100/100 7ffc00000000+2000 @0 0:0 0 r-xp [vdso]\n"
			    "comm 100/100 app\n");
	assert_int_equal(c.procs, 1);
	assert_int_equal(c.threads, 2);
	assert_int_equal(c.maps, 4);
	strbuf_release(&l.sb);
}

static void test_mmap_data(void **state)
{
	struct log l = { STRBUF_INIT, 0, 0 };
	struct synth s = { root, true, &ops, &l };
	const pid_t tids[] = { 100 };

	assert_int_equal(synth_threads(&s, tids, 1, NULL), 0);
	assert_non_null(strstr(l.sb.buf, "55d0c0000000+1000 @0 8:1 1234 r--p /usr/bin/app\n"));
	assert_non_null(strstr(l.sb.buf, "55d0c0100000+21000 @0 0:0 0 rw-p [heap]\n"));
	assert_non_null(strstr(l.sb.buf, "7f0000000000+10000 @0 0:0 0 rw-p //anon\n"));
	strbuf_release(&l.sb);
}

static void test_all(void **state)
{
	struct log l = { STRBUF_INIT, 0, 0 };
	struct synth s = { root, false, &ops, &l };
	struct synth_counts c = { 0 };
	char *pos;

	assert_int_equal(synth_all(&s, &c), 0);
	assert_int_equal(c.procs, 3);
	assert_int_equal(c.threads, 4);
	assert_int_equal(c.maps, 4);
	/* the kernel thread: fork + comm, nothing else */
	assert_non_null(strstr(l.sb.buf, "fork 2/2 from 0/0\ncomm 2/2 kthreadd\n"));
	/* cut to the kernel's TASK_COMM_LEN, as perf */
	assert_non_null(strstr(l.sb.buf, "\ncomm 12/12 kworker/u8:0-ex\n"));
	/* each thread's fork comes right before its comm */
	assert_non_null(strstr(l.sb.buf, "fork 100/100 from 1/1\ncomm 100/100 app\n"));
	assert_non_null(strstr(l.sb.buf, "fork 100/101 from 100/100\ncomm 100/101 worker 1\n"));
	/* the maps come after all of the process's threads */
	pos = strstr(l.sb.buf, "mmap 100/100");
	assert_non_null(pos);
	assert_true(pos > strstr(l.sb.buf, "comm 100/101"));
	assert_true(pos > strstr(l.sb.buf, "comm 100/100"));
	/* (the worker may come before or after: directory order) */
	assert_memory_equal(pos, maps_exec, strlen(maps_exec));
	assert_null(strstr(pos + strlen(maps_exec), "mmap"));
	assert_null(strstr(l.sb.buf, "not me"));
	strbuf_release(&l.sb);
}

static void test_callback_error(void **state)
{
	for (int n = 1; n <= 6; n++) {
		struct log l = { STRBUF_INIT, n, 0 };
		struct synth s = { root, false, &ops, &l };
		const pid_t tids[] = { 100, 101 };

		assert_int_equal(synth_all(&s, NULL), -EIO);
		assert_int_equal(l.calls, n);
		strbuf_reset(&l.sb);
		l.calls = 0;
		assert_int_equal(synth_threads(&s, tids, 2, NULL),
				 -EIO);
		strbuf_release(&l.sb);
	}
}

static void test_no_proc(void **state)
{
	struct log l = { STRBUF_INIT, 0, 0 };
	struct synth s = { "/nonexistent/proc", false, &ops, &l };
	uint64_t a, b;

	assert_int_equal(synth_all(&s, NULL), -ENOENT);
	assert_int_equal(synth_kernel_map("/nonexistent/proc", &a, &b), -ENOENT);
	strbuf_release(&l.sb);
}

static void test_kernel_map(void **state)
{
	uint64_t start = 0, end = 0;

	assert_int_equal(synth_kernel_map(root, &start, &end), 0);
	assert_true(start == 0xffffffff81000000ull);
	assert_true(end == 0xffffffff8220bb08ull);
}

static void test_kernel_map_restricted(void **state)
{
	char dir[128];
	uint64_t start, end;

	put_file("restricted/kallsyms",
		 "0000000000000000 T _text\n0000000000000000 T _etext\n");
	snprintf(dir, sizeof(dir), "%s/restricted", root);
	assert_int_equal(synth_kernel_map(dir, &start, &end), -EPERM);
	put_file("notext/kallsyms", "ffffffff81000000 T startup_64\n");
	snprintf(dir, sizeof(dir), "%s/notext", root);
	assert_int_equal(synth_kernel_map(dir, &start, &end), -ENOENT);
	/* no _etext: the highest text symbol */
	put_file("noetext/kallsyms",
		 "ffffffff81000000 T _text\nffffffff81000100 t a\n"
		 "ffffffff81000300 T b\nffffffff81000400 D c\n");
	snprintf(dir, sizeof(dir), "%s/noetext", root);
	assert_int_equal(synth_kernel_map(dir, &start, &end), 0);
	assert_true(end == 0xffffffff81000300ull);
}

static void test_parse_line(void **state)
{
	struct synth_map m;
	char bad1[] = "zzzz-1000 r-xp 0 00:00 0", bad2[] = "2000-1000 r-xp 0 00:00 0 x";
	char ok[] = "1000-3000 rwxs 10 0a:0b 99    /path with  spaces";

	assert_int_equal(synth_parse_maps_line(bad1, &m), -EINVAL);
	assert_int_equal(synth_parse_maps_line(bad2, &m), -EINVAL);
	assert_int_equal(synth_parse_maps_line(ok, &m), 0);
	assert_true(m.start == 0x1000 && m.len == 0x2000 && m.pgoff == 0x10);
	assert_int_equal(m.maj, 10);
	assert_int_equal(m.min, 11);
	assert_int_equal(m.ino, 99);
	assert_int_equal(m.prot, PROT_READ | PROT_WRITE | PROT_EXEC);
	assert_int_equal(m.flags, MAP_SHARED);
	assert_true(m.exec);
	assert_string_equal(m.filename, "/path with  spaces");
}

/* the real /proc: this process is found with its executable mapped */
static void test_self(void **state)
{
	struct log l = { STRBUF_INIT, 0, 0 };
	struct synth s = { NULL, false, &ops, &l };
	pid_t me = getpid();
	char want[64];

	assert_int_equal(synth_threads(&s, &me, 1, NULL), 0);
	snprintf(want, sizeof(want), "comm %d/%d test_synth\n", (int)me, (int)me);
	assert_non_null(strstr(l.sb.buf, want));
	assert_non_null(strstr(l.sb.buf, "/test_synth\n"));
	strbuf_release(&l.sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_mmap_data),
		cmocka_unit_test(test_all),
		cmocka_unit_test(test_callback_error),
		cmocka_unit_test(test_no_proc),
		cmocka_unit_test(test_kernel_map),
		cmocka_unit_test(test_kernel_map_restricted),
		cmocka_unit_test(test_parse_line),
		cmocka_unit_test(test_self),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
