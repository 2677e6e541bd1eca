/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_WORKLOAD_H
#define PTOOL_WORKLOAD_H

/*
 * The command a profiler runs: forked early, held before exec(3) until the
 * counters are open on its pid (with enable_on_exec), then released.
 *
 * Usage:
 *	struct workload w;
 *	err = workload_prepare(&w, argv);	// child waits on a pipe
 *	... open counters on w.pid, attr.enable_on_exec = 1 ...
 *	err = workload_start(&w);		// child execs
 *	if (err)	// -ENOENT etc.: exec failed, child exited 127
 *		"cannot run '%s': %s"
 *	err = workload_wait(&w, &stop_flag);	// returns when it ends
 *	status = workload_exit_status(&w);	// code, or 128 + signal
 *	workload_release(&w);
 */

#include <signal.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/types.h>

struct workload {
	pid_t pid;		/* the child, 0 when none */
	int go_fd;		/* write end: closing it lets the child exec */
	int err_fd;		/* read end: the child's exec errno, EOF on success */
	int exec_err;		/* errno of a failed exec, 0 otherwise */
	bool exited;		/* wait status collected */
	int status;		/* wait4() status */
	struct rusage ru;	/* wait4() resource usage (user, sys time) */
	const char *argv0;	/* for messages (lent from argv) */
};

/**
 * workload_prepare - fork a child that waits before running @argv
 * @argv: NULL-terminated command; argv[0] is searched in $PATH
 *
 * The child runs in ptool's process group (so Ctrl-C reaches both), starts
 * with an empty signal mask and default SIGINT/SIGTERM/SIGCHLD/SIGPIPE
 * dispositions whatever the caller blocked or caught, waits
 * until workload_start() or workload_release(), then execvp()s @argv. If
 * the exec fails it reports errno through a close-on-exec pipe and exits 127.
 * Returns 0 or -errno (fork or pipe failure).
 */
int workload_prepare(struct workload *w, const char *const *argv);

/**
 * workload_start - let the child exec, and wait until it has (or failed)
 * Returns 0 once the exec succeeded, or the exec's -errno (the child has
 * then exited 127 and has been reaped).
 */
int workload_start(struct workload *w);

/**
 * workload_wait - wait until the child ends
 * @stop: optional flag a signal handler sets to the signal's number. A
 *        SIGINT is not forwarded (a terminal's Ctrl-C already reached the
 *        child's process group); any other value sends the child SIGTERM
 *        once, and the child is still waited for. The handler must be
 *        installed without SA_RESTART so that wait4() is interrupted.
 * Collects status and rusage. Returns 0 or -errno.
 */
int workload_wait(struct workload *w, volatile sig_atomic_t *stop);

/**
 * workload_poll - collect the child's status if it has ended, without
 * blocking. Returns 1 when it has ended, 0 while it runs, or -errno.
 */
int workload_poll(struct workload *w);

/**
 * workload_signal - send @sig to the child if it still runs
 * Returns 0 or -errno.
 */
int workload_signal(struct workload *w, int sig);

/**
 * workload_exit_status - the status a shell would give: the exit code, or
 * 128 + the signal number when a signal killed it, 127 when exec failed
 */
int workload_exit_status(const struct workload *w);

/**
 * workload_term_signal - the signal that killed the child, or 0
 * (the caller prints perf's "./app: Killed" line with strsignal())
 */
int workload_term_signal(const struct workload *w);

/**
 * workload_release - close the pipes; a child that was never started is
 * killed and reaped. Safe to call twice, and on a zeroed struct workload
 * that was never prepared (it does nothing then).
 */
void workload_release(struct workload *w);

#endif
