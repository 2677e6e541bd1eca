// SPDX-License-Identifier: GPL-2.0
/*
 * The one call of perf_event_open(2). It lives alone in this file so that
 * unit tests can replace it with -Wl,--wrap=sys_perf_event_open: the
 * linker only redirects references between object files.
 */
#include "ptool/evsel.h"

#include <sys/syscall.h>
#include <unistd.h>

int sys_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu,
			int group_fd, unsigned long flags)
{
	return (int)syscall(__NR_perf_event_open, attr, pid, cpu, group_fd,
			    flags);
}
