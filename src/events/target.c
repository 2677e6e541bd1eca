// SPDX-License-Identifier: GPL-2.0
#include "ptool/target.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptool/sysroots.h"

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

int target_validate(struct target *t, struct strbuf *err, struct strbuf *warn)
{
	bool dropped_cpus = false;

	if (t->pid && t->tid) {
		strbuf_addstr(err, "-p and -t cannot be used together");
		return -EINVAL;
	}
	/* -p/-t win over -C, then over -a, as perf's target__validate() */
	if (target_has_task(t) && t->cpu_list) {
		t->cpu_list = NULL;
		strbuf_addstr(warn, "PID/TID switch overriding CPU");
		dropped_cpus = true;
	}
	if (target_has_task(t) && t->system_wide) {
		t->system_wide = false;
		if (!dropped_cpus)
			strbuf_addstr(warn, "PID/TID switch overriding SYSTEM");
	}
	if (t->cgroup && !target_has_cpu(t)) {
		strbuf_addstr(err, "cgroup monitoring (-G) needs system-wide mode (-a or -C)");
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
			th = t->skip_gone ? threadmap_new_live(t->pid) :
			     threadmap_new_str(t->pid, true);
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

int target_cgroup_open(const char *name)
{
	static const char *const dirs[] = {
		"fs/cgroup/unified", "fs/cgroup/perf_event", "fs/cgroup",
	};
	const char *sys = sysroots_sysfs();
	char path[4096];
	int err = -ENOENT;

	if (!*name || strstr(name, ".."))
		return -ENOENT;
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		struct stat st;
		int fd;

		/* a cgroup directory has cgroup.procs */
		snprintf(path, sizeof(path), "%s/%s/%s/cgroup.procs", sys,
			 dirs[i], name);
		if (stat(path, &st))
			continue;
		snprintf(path, sizeof(path), "%s/%s/%s", sys, dirs[i], name);
		fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0)
			return fd;
		err = -errno;
	}
	return err;
}

const char *target_cgroup_name(const struct target *t, int idx, char *buf,
			       size_t len)
{
	const char *p = t->cgroup;
	size_t n;

	if (!p)
		return NULL;
	if (!strchr(p, ',')) {
		snprintf(buf, len, "%s", p);
		return *buf ? buf : NULL;
	}
	for (; idx > 0; idx--) {
		p = strchr(p, ',');
		if (!p)
			return NULL;
		p++;
	}
	n = strcspn(p, ",");
	if (!n)
		return NULL;
	snprintf(buf, len, "%.*s", (int)n, p);
	return buf;
}
