// SPDX-License-Identifier: GPL-2.0
#include "ptool/workload.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptool/readall.h"

int workload_prepare(struct workload *w, const char *const *argv)
{
	int go[2], ep[2];
	pid_t pid;

	memset(w, 0, sizeof(*w));
	w->go_fd = w->err_fd = -1;
	w->argv0 = argv[0];
	if (pipe2(go, O_CLOEXEC))
		return -errno;
	if (pipe2(ep, O_CLOEXEC)) {
		int err = -errno;

		close(go[0]);
		close(go[1]);
		return err;
	}
	pid = fork();
	if (pid < 0) {
		int err = -errno;

		close(go[0]);
		close(go[1]);
		close(ep[0]);
		close(ep[1]);
		return err;
	}
	if (pid == 0) {
		char c;
		int e;

		close(go[1]);
		close(ep[0]);
		sigset_t none;

		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGCHLD, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		/* EOF without a byte: released by the parent */
		if (read_all(go[0], &c, 1) != 0)
			_exit(127);
		execvp(argv[0], (char *const *)argv);
		e = errno;
		if (write(ep[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(go[0]);
	close(ep[1]);
	w->pid = pid;
	w->go_fd = go[1];
	w->err_fd = ep[0];
	return 0;
}

static void reap(struct workload *w)
{
	pid_t r;

	if (w->pid <= 0 || w->exited)
		return;
	do {
		r = wait4(w->pid, &w->status, 0, &w->ru);
	} while (r < 0 && errno == EINTR);
	w->exited = true;
}

int workload_start(struct workload *w)
{
	int e = 0;
	ssize_t n;

	if (w->go_fd < 0)
		return -EINVAL;
	close(w->go_fd);
	w->go_fd = -1;
	n = read_all(w->err_fd, &e, sizeof(e));
	close(w->err_fd);
	w->err_fd = -1;
	if (n == (ssize_t)sizeof(e) && e) {
		w->exec_err = e;
		reap(w);
		return -e;
	}
	return 0;
}

int workload_wait(struct workload *w, volatile sig_atomic_t *stop)
{
	bool sent = false;

	if (w->pid <= 0)
		return -ECHILD;
	while (!w->exited) {
		pid_t r = wait4(w->pid, &w->status, 0, &w->ru);

		if (r == w->pid) {
			w->exited = true;
			break;
		}
		if (r < 0 && errno != EINTR)
			return -errno;
		if (stop && *stop && !sent) {
			/*
			 * A terminal's Ctrl-C already reached the child (same
			 * process group); anything else is passed on once.
			 */
			if (*stop != SIGINT)
				kill(w->pid, SIGTERM);
			sent = true;
		}
	}
	return 0;
}

int workload_poll(struct workload *w)
{
	pid_t r;

	if (w->pid <= 0)
		return -ECHILD;
	if (w->exited)
		return 1;
	r = wait4(w->pid, &w->status, WNOHANG, &w->ru);
	if (r == w->pid) {
		w->exited = true;
		return 1;
	}
	if (r < 0 && errno != EINTR)
		return -errno;
	return 0;
}

int workload_signal(struct workload *w, int sig)
{
	if (w->pid <= 0 || w->exited)
		return -ESRCH;
	return kill(w->pid, sig) ? -errno : 0;
}

int workload_exit_status(const struct workload *w)
{
	if (w->exec_err)
		return 127;
	if (!w->exited)
		return 0;
	if (WIFEXITED(w->status))
		return WEXITSTATUS(w->status);
	if (WIFSIGNALED(w->status))
		return 128 + WTERMSIG(w->status);
	return 1;
}

int workload_term_signal(const struct workload *w)
{
	if (w->exited && !w->exec_err && WIFSIGNALED(w->status))
		return WTERMSIG(w->status);
	return 0;
}

void workload_release(struct workload *w)
{
	/* a zeroed struct never prepared: nothing to do (fd 0 is not ours) */
	if (w->pid <= 0)
		return;
	if (w->go_fd >= 0) {
		/* never started: make the child leave without exec'ing */
		kill(w->pid, SIGKILL);
		close(w->go_fd);
		w->go_fd = -1;
		reap(w);
	}
	if (w->err_fd >= 0) {
		close(w->err_fd);
		w->err_fd = -1;
	}
}
