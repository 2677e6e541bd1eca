/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_SCARGS_H
#define PTOOL_SCARGS_H
/*
 * System call arguments and return values as `perf trace` prints them:
 * the names and types of a syscall's arguments come from tracefs
 * (events/syscalls/sys_enter_<name>/format, read once per syscall), and
 * per-syscall rules name flags and enums (open flags and mode, mmap prot
 * and flags, access mode, lseek whence, fcntl cmd, signals, clone flags,
 * ...). Arguments that are 0 are left out unless they name something
 * (whence SET, fcntl DUPFD), as perf does.
 */
#include <stdbool.h>
#include <stdint.h>

#include "ptool/strbuf.h"

struct tfs;
struct scargs;

#define SCARGS_MAX 6

/**
 * struct scargs_ctx - what a formatter may ask its caller
 * @fd_path: the path an fd of thread @tid names, or NULL (may be NULL)
 * @fd_close: @tid closed @fd, forget its path (may be NULL)
 * @comm: the command name of task @pid, or NULL (may be NULL)
 */
struct scargs_ctx {
	const char *(*fd_path)(void *arg, int tid, int fd);
	void (*fd_close)(void *arg, int tid, int fd);
	const char *(*comm)(void *arg, int pid);
	void *arg;
	int tid;
};

/**
 * scargs_new - a table of argument descriptions, read from @tfs on demand
 * @tfs: tracefs (lent, must outlive the table), or NULL: arguments are then
 *	printed as arg0..arg5 without names
 * Returns the table (scargs_free()).
 */
struct scargs *scargs_new(const struct tfs *tfs);

/** scargs_free - free @t; NULL is a no-op */
void scargs_free(struct scargs *t);

/**
 * scargs_enter - append "name(arg: value, ...", the syscall's name and its
 * arguments without the closing parenthesis (perf's entry string), to @out
 * @nr: the syscall number; an unknown one prints as "syscall_<nr>"
 */
void scargs_enter(struct scargs *t, long nr, const uint64_t *args,
		  const struct scargs_ctx *ctx, struct strbuf *out);

/**
 * scargs_ret - append the return value @ret of syscall @nr as perf does:
 * "-1 ENOENT (No such file or directory)", a hex address (mmap, brk), a pid
 * with its command (clone, wait4), decoded flags (fcntl F_GETFL), else the
 * number
 * @args: the call's arguments, or NULL when its entry was not seen
 */
void scargs_ret(struct scargs *t, long nr, int64_t ret, const uint64_t *args,
		const struct scargs_ctx *ctx, struct strbuf *out);

/** scargs_is_exit - whether syscall @nr never returns (exit, exit_group) */
bool scargs_is_exit(long nr);

/**
 * scargs_open_flags - append open(2) flags @flags as perf names them
 * ("RDONLY|CLOEXEC"); exported for the unit tests
 */
void scargs_open_flags(uint64_t flags, struct strbuf *out);

/** scargs_mode - append a mode_t as perf names it ("IRUGO|IWUSR") */
void scargs_mode(uint64_t mode, struct strbuf *out);

/** scargs_mmap_flags - append mmap(2) flags ("PRIVATE|ANONYMOUS") */
void scargs_mmap_flags(uint64_t flags, struct strbuf *out);

/** scargs_mmap_prot - append mmap(2) protection bits ("READ|EXEC") */
void scargs_mmap_prot(uint64_t prot, struct strbuf *out);

/** scargs_signame - perf's name of signal @sig ("USR1"), or NULL */
const char *scargs_signame(int sig);

#endif
