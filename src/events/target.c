// SPDX-License-Identifier: GPL-2.0
#include "ptool/target.h"

#include <errno.h>
#include <stdio.h>

bool target_has_task(const struct target *t)
{
	return t->pid || t->tid;
}

bool target_has_cpu(const struct target *t)
{
	return t->system_wide || t->cpu_list;
}

bool target_none(const struct target *t)
{
	return !target_has_task(t) && !target_has_cpu(t);
}

int target_validate(struct target *t, const char **msg)
{
	if (t->pid && t->tid) {
		*msg = "-p and -t cannot be used together";
		return -EINVAL;
	}
	if (target_has_task(t) && target_has_cpu(t)) {
		*msg = "-p/-t cannot be used with -a/-C";
		return -EINVAL;
	}
	if (t->cgroup && !target_has_cpu(t)) {
		*msg = "cgroup monitoring (-G) needs system-wide mode (-a or -C)";
		return -EINVAL;
	}
	return 0;
}

int target_maps(const struct target *t, pid_t workload,
		struct cpumap **cpus, struct threadmap **threads)
{
	struct cpumap *c;
	struct threadmap *th;

	if (target_has_cpu(t)) {
		c = t->cpu_list ? cpumap_new_list(t->cpu_list)
				: cpumap_new_online();
		if (!c)
			return -errno;
		th = threadmap_new_any();
	} else {
		if (t->pid)
			th = threadmap_new_str(t->pid, true);
		else if (t->tid)
			th = threadmap_new_str(t->tid, false);
		else
			th = threadmap_new_pid(workload);
		if (!th)
			return -errno;
		c = cpumap_new_any();
	}
	*cpus = c;
	*threads = th;
	return 0;
}

char *target_describe(const struct target *t, char *buf, size_t len)
{
	if (t->cpu_list)
		snprintf(buf, len, "CPU(s) %s", t->cpu_list);
	else if (t->system_wide)
		snprintf(buf, len, "system wide");
	else if (t->pid)
		snprintf(buf, len, "process id '%s'", t->pid);
	else if (t->tid)
		snprintf(buf, len, "thread id '%s'", t->tid);
	else
		snprintf(buf, len, "%s", "");
	return buf;
}
