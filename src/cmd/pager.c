// SPDX-License-Identifier: GPL-2.0
/*
 * The pager. Its mode and the pager's pid are the state of the process's
 * own stdout, set once: main() sets the mode from --no-pager/-P, and the
 * first pager_start() (main() for the paging commands, or a command for
 * a paging mode such as probe -L) starts it, as git's pager.c does.
 */
#include "ptool/pager.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ptool/cmd.h"
#include "ptool/strbuf.h"

static enum pager_mode mode;
static pid_t pager_pid = -1;

void pager_set_mode(enum pager_mode m)
{
	mode = m;
}

enum pager_mode pager_mode(void)
{
	return mode;
}

static const char *pager_cmd(void)
{
	const char *p = getenv("PTOOL_PAGER");

	if (!p)
		p = getenv("PAGER");
	if (!p)
		p = "less";
	if (!*p || !strcmp(p, "cat"))
		return NULL;
	return p;
}

/*
 * The reader is gone: the user has seen what they wanted. Nothing is
 * left to report, and the status is success. _exit() is async-signal-safe.
 */
static void pager_gone(int sig)
{
	_exit(PTOOL_EXIT_OK);
}

/*
 * Killed while the pager runs (Ctrl-C reaches both): let the pager see
 * the end of its input and wait for it before dying of the signal, so
 * the shell gets the terminal back only once the pager has let go of it.
 */
static void pager_killed(int sig)
{
	close(STDOUT_FILENO);
	close(STDERR_FILENO);
	if (pager_pid > 0)
		waitpid(pager_pid, NULL, 0);
	signal(sig, SIG_DFL);
	raise(sig);
}

void pager_start(void)
{
	static const int sigs[] = { SIGINT, SIGHUP, SIGTERM, SIGQUIT };
	sigset_t block, old_mask;
	const char *cmd;
	int fds[2];
	pid_t pid;

	if (mode == PAGER_NEVER || pager_pid > 0 || !isatty(STDOUT_FILENO))
		return;
	cmd = pager_cmd();
	if (!cmd)
		return;
	fflush(stdout);
	fflush(stderr);
	if (pipe2(fds, O_CLOEXEC))
		return;
	/* no signal before the handlers know the pager's pid */
	sigemptyset(&block);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++)
		sigaddset(&block, sigs[i]);
	sigprocmask(SIG_BLOCK, &block, &old_mask);
	pid = fork();
	if (pid < 0) {
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (!pid) {
		sigprocmask(SIG_SETMASK, &old_mask, NULL);
		dup2(fds[0], STDIN_FILENO);
		setenv("LESS", "FRX", 0);
		setenv("LV", "-c", 0);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	dup2(fds[1], STDOUT_FILENO);
	if (isatty(STDERR_FILENO))
		dup2(fds[1], STDERR_FILENO);
	close(fds[1]);
	pager_pid = pid;
	signal(SIGPIPE, pager_gone);
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
		struct sigaction old;

		/* a signal ignored by whoever started ptool stays ignored */
		if (!sigaction(sigs[i], NULL, &old) &&
		    old.sa_handler == SIG_DFL)
			signal(sigs[i], pager_killed);
	}
	sigprocmask(SIG_SETMASK, &old_mask, NULL);
}

void pager_finish(void)
{
	if (pager_pid <= 0)
		return;
	fflush(stdout);
	fflush(stderr);
	close(STDOUT_FILENO);
	close(STDERR_FILENO);
	while (waitpid(pager_pid, NULL, 0) < 0 && errno == EINTR)
		;
	pager_pid = -1;
}
