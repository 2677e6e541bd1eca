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

void pager_start(void)
{
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
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (!pid) {
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
