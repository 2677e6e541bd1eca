// SPDX-License-Identifier: GPL-2.0
/*
 * Syscall arguments as perf trace prints them: flag names and order, zero
 * arguments left out, masked arguments, argument names from a fake
 * tracefs, return values.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "ptool/scargs.h"
#include "ptool/strbuf.h"
#include "ptool/syscalltbl.h"
#include "ptool/tfs.h"
#include "testutil.h"

#define HDR "name: X\nID: 1\nformat:\n" \
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n" \
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n" \
	"\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;\n"

static char root[64];
static struct tfs *tfs;

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/ptool-scargs.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	tu_put_file(root, "events/syscalls/sys_enter_openat/format", HDR
		    "\tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;\n"
		    "\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;\n"
		    "\tfield:int flags;\toffset:32;\tsize:8;\tsigned:0;\n"
		    "\tfield:umode_t mode;\toffset:40;\tsize:8;\tsigned:0;\n\n"
		    "print fmt: \"\"\n");
	tu_put_file(root, "events/syscalls/sys_enter_mmap/format", HDR
		    "\tfield:unsigned long addr;\toffset:16;\tsize:8;\tsigned:0;\n"
		    "\tfield:unsigned long len;\toffset:24;\tsize:8;\tsigned:0;\n"
		    "\tfield:unsigned long prot;\toffset:32;\tsize:8;\tsigned:0;\n"
		    "\tfield:unsigned long flags;\toffset:40;\tsize:8;\tsigned:0;\n"
		    "\tfield:unsigned long fd;\toffset:48;\tsize:8;\tsigned:0;\n"
		    "\tfield:unsigned long off;\toffset:56;\tsize:8;\tsigned:0;\n");
	tu_put_file(root, "events/syscalls/sys_enter_read/format", HDR
		    "\tfield:unsigned int fd;\toffset:16;\tsize:8;\tsigned:0;\n"
		    "\tfield:char * buf;\toffset:24;\tsize:8;\tsigned:0;\n"
		    "\tfield:size_t count;\toffset:32;\tsize:8;\tsigned:0;\n");
	tu_put_file(root, "events/syscalls/sys_enter_lseek/format", HDR
		    "\tfield:unsigned int fd;\toffset:16;\tsize:8;\tsigned:0;\n"
		    "\tfield:off_t offset;\toffset:24;\tsize:8;\tsigned:0;\n"
		    "\tfield:unsigned int whence;\toffset:32;\tsize:8;\tsigned:0;\n");
	tfs = tfs_open(root);
	return tfs ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	tfs_free(tfs);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) ? -1 : 0;
}

static void test_flags(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	scargs_open_flags(0, &sb);
	assert_string_equal(sb.buf, "RDONLY");
	strbuf_reset(&sb);
	scargs_open_flags(02000000 | 01, &sb);	/* perf's order: CLOEXEC first */
	assert_string_equal(sb.buf, "CLOEXEC|WRONLY");
	strbuf_reset(&sb);
	scargs_open_flags(0100 | 01000 | 01, &sb);
	assert_string_equal(sb.buf, "CREAT|TRUNC|WRONLY");
	strbuf_reset(&sb);
	scargs_open_flags(0200000 | 04000, &sb);
	assert_string_equal(sb.buf, "RDONLY|DIRECTORY|NONBLOCK");
	strbuf_reset(&sb);
	scargs_mode(0644, &sb);
	assert_string_equal(sb.buf, "IRUGO|IWUSR");
	strbuf_reset(&sb);
	scargs_mode(0600, &sb);
	assert_string_equal(sb.buf, "IRUSR|IWUSR");
	strbuf_reset(&sb);
	scargs_mmap_prot(5, &sb);
	assert_string_equal(sb.buf, "READ|EXEC");
	strbuf_reset(&sb);
	scargs_mmap_prot(0, &sb);
	assert_string_equal(sb.buf, "NONE");
	strbuf_reset(&sb);
	scargs_mmap_flags(0x812, &sb);
	assert_string_equal(sb.buf, "PRIVATE|FIXED|DENYWRITE");
	strbuf_reset(&sb);
	scargs_mmap_flags(0x80000000, &sb);
	assert_string_equal(sb.buf, "0x80000000");
	assert_string_equal(scargs_signame(10), "USR1");
	assert_null(scargs_signame(0));
	strbuf_release(&sb);
}

static void test_enter(void **state)
{
	struct scargs *sa = scargs_new(tfs);
	struct strbuf sb = STRBUF_INIT;
	uint64_t open_args[6] = { (uint64_t)-100, 0x7f00001234, 02000000, 0644 };
	uint64_t creat_args[6] = { 3, 0x1000, 0100 | 01, 0600 };
	uint64_t mmap_args[6] = { 0, 8192, 3, 0x22, (uint64_t)-1, 0 };
	uint64_t mmap2_args[6] = { 0x7f0000, 4096, 5, 0x812, 3, 0x7000 };
	uint64_t read_args[6] = { 0, 0x7ffe00, 0 };
	uint64_t lseek_args[6] = { 3, 0, 0 };

	(void)state;
	/* mode is left out without O_CREAT, as perf does */
	scargs_enter(sa, 257, open_args, NULL, &sb);
	assert_string_equal(sb.buf, "openat(dfd: CWD, filename: 0x7f00001234, flags: RDONLY|CLOEXEC");
	strbuf_reset(&sb);
	scargs_enter(sa, 257, creat_args, NULL, &sb);
	assert_string_equal(sb.buf, "openat(dfd: 3, filename: 0x1000, flags: CREAT|WRONLY, mode: IRUSR|IWUSR");
	strbuf_reset(&sb);
	/* fd and offset of MAP_ANONYMOUS are left out, and addr 0 */
	scargs_enter(sa, 9, mmap_args, NULL, &sb);
	assert_string_equal(sb.buf, "mmap(len: 8192, prot: READ|WRITE, flags: PRIVATE|ANONYMOUS");
	strbuf_reset(&sb);
	scargs_enter(sa, 9, mmap2_args, NULL, &sb);
	assert_string_equal(sb.buf, "mmap(addr: 0x7f0000, len: 4096, prot: READ|EXEC, flags: PRIVATE|FIXED|DENYWRITE, fd: 3, off: 0x7000");
	strbuf_reset(&sb);
	/* fd 0 and count 0 are zeros, left out */
	scargs_enter(sa, 0, read_args, NULL, &sb);
	assert_string_equal(sb.buf, "read(buf: 0x7ffe00");
	strbuf_reset(&sb);
	/* whence SET is a name: shown although 0 */
	scargs_enter(sa, 8, lseek_args, NULL, &sb);
	assert_string_equal(sb.buf, "lseek(fd: 3, whence: SET");
	strbuf_reset(&sb);
	/* no format in tracefs: argN names */
	scargs_enter(sa, 39, read_args, NULL, &sb);	/* getpid */
	assert_string_equal(sb.buf, "getpid(arg1: 8388096");
	strbuf_reset(&sb);
	scargs_enter(sa, 100000, read_args, NULL, &sb);
	assert_string_equal(sb.buf, "syscall_100000(");
	strbuf_release(&sb);
	scargs_free(sa);
}

static const char *comm_of(void *arg, int pid)
{
	(void)arg;
	return pid == 42 ? "child" : NULL;
}

static void test_ret(void **state)
{
	struct scargs *sa = scargs_new(tfs);
	struct strbuf sb = STRBUF_INIT;
	struct scargs_ctx ctx = { .comm = comm_of };
	uint64_t getfl[6] = { 3, 3 };

	(void)state;
	scargs_ret(sa, 257, -ENOENT, NULL, &ctx, &sb);
	assert_string_equal(sb.buf, "-1 ENOENT (No such file or directory)");
	strbuf_reset(&sb);
	scargs_ret(sa, 9, 0x7f1234560000, NULL, &ctx, &sb);
	assert_string_equal(sb.buf, "0x7f1234560000");
	strbuf_reset(&sb);
	scargs_ret(sa, 56, 42, NULL, &ctx, &sb);	/* clone */
	assert_string_equal(sb.buf, "42 (child)");
	strbuf_reset(&sb);
	scargs_ret(sa, 72, 0x8001, getfl, &ctx, &sb);	/* fcntl F_GETFL */
	assert_string_equal(sb.buf, "LARGEFILE|WRONLY");
	strbuf_reset(&sb);
	scargs_ret(sa, 1, 5, NULL, &ctx, &sb);
	assert_string_equal(sb.buf, "5");
	assert_true(scargs_is_exit(231));
	assert_false(scargs_is_exit(1));
	strbuf_release(&sb);
	scargs_free(sa);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flags),
		cmocka_unit_test(test_enter),
		cmocka_unit_test(test_ret),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
