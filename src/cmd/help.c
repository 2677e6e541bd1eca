// SPDX-License-Identifier: GPL-2.0
/*
 * ptool help CMD and ptool CMD --help: the man page, as git and perf
 * show it; the caller falls back to the -h text when there is none.
 */
#include "ptool/help.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* whether man knows @page: "man -w" prints its path, or fails */
static int man_has(const char *page)
{
	posix_spawn_file_actions_t fa;
	char *const argv[] = { "man", "-w", (char *)page, NULL };
	pid_t pid;
	int err, st;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null",
					 O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
					 O_WRONLY, 0);
	err = posix_spawnp(&pid, "man", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err)
		return -err;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(st) && !WEXITSTATUS(st) ? 0 : -ENOENT;
}

int help_man(const char *page)
{
	int err = man_has(page);

	if (err)
		return err;
	fflush(stdout);
	execlp("man", "man", page, (char *)NULL);
	return -errno;
}
