/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_SYSCALLTBL_H
#define PTOOL_SYSCALLTBL_H
/*
 * System call numbers and names of x86_64, built in (from the uapi
 * <asm/unistd_64.h>): tracefs names the syscalls:sys_enter_* events but not
 * their numbers, and raw_syscalls:sys_enter carries only the number, so the
 * table cannot be learnt from the running kernel. perf does the same (its
 * table is generated from the kernel's syscall_64.tbl at build time).
 */
#include <stdbool.h>
#include <stddef.h>

struct strbuf;

/** syscalltbl_max - one past the highest number the table names */
int syscalltbl_max(void);

/** syscalltbl_name - the name of syscall @nr, or NULL when unknown */
const char *syscalltbl_name(long nr);

/** syscalltbl_id - the number of syscall @name, or -1 when unknown */
int syscalltbl_id(const char *name);

/**
 * syscalltbl_match - set @sel[nr] for every syscall whose name matches the
 * fnmatch(3) pattern @pat (a plain name matches itself)
 * @sel: syscalltbl_max() entries
 * Returns the number of syscalls matched (0: none, @sel unchanged).
 */
int syscalltbl_match(const char *pat, bool *sel);

/**
 * syscalltbl_suggest - the known name closest to @name (edit distance at
 * most 3), or NULL: for "did you mean" hints
 */
const char *syscalltbl_suggest(const char *name);

/**
 * syscalltbl_select - the syscalls that -e/--expr lists select
 * @exprs: @n comma-separated lists of names or fnmatch patterns; a '!'
 *	   before the first excludes everything listed instead
 * @sel: syscalltbl_max() entries, set to the selection (all when @n is 0)
 * @bad: set to the name that matched nothing
 * Returns 0, -ENOENT (a name that matches no syscall) or -EINVAL (an
 * event name such as "sched:sched_switch", which is not a syscall).
 */
int syscalltbl_select(const char *const *exprs, int n, bool *sel,
		      char *bad, size_t badlen);

/**
 * syscalltbl_filter - append a tracepoint filter on the "id" field of
 * raw_syscalls that keeps the @sel syscalls; nothing when all are kept
 */
void syscalltbl_filter(const bool *sel, struct strbuf *out);

#endif
