/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_TARGET_H
#define PTOOL_TARGET_H

/*
 * What to measure: a workload (the default), processes (-p), threads (-t),
 * all cpus (-a) or some cpus (-C), optionally restricted to a cgroup (-G).
 * Shared by stat and record; the cmd layer fills it with OPT_TARGET().
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ptool/cpumap.h"
#include "ptool/strbuf.h"

struct target {
	const char *pid;	/* -p: comma list of process ids */
	const char *tid;	/* -t: comma list of thread ids */
	const char *cpu_list;	/* -C: cpu list */
	const char *cgroup;	/* -G: cgroup name (relative to the cgroup fs) */
	bool system_wide;	/* -a */
	bool skip_gone;		/* a -p process that has ended is left out */
};

/*
 * OPT_TARGET - the -p -t -a -C options, for an option table in src/cmd/
 * (that file includes ptool/opt.h).
 */
#define OPT_TARGET(t)							\
	OPT_STR('p', "pid", &(t)->pid, "pid",				\
		"events on existing process id (comma list)"),	\
	OPT_STR('t', "tid", &(t)->tid, "tid",				\
		"events on existing thread id (comma list)"),	\
	OPT_BOOL('a', "all-cpus", &(t)->system_wide,			\
		 "system-wide collection from all CPUs"),		\
	OPT_STR('C', "cpu", &(t)->cpu_list, "cpu",			\
		"list of cpus to monitor in system-wide")

/** target_has_task - -p or -t given */
bool target_has_task(const struct target *t);

/** target_has_cpu - -a or -C given (per-cpu counting) */
bool target_has_cpu(const struct target *t);

/** target_none - nothing given: a workload is measured */
bool target_none(const struct target *t);

/**
 * target_validate - check option combinations, and drop -a/-C when -p/-t
 * is given (perf's rule: the task target wins)
 * @err: on failure, what is wrong ("-p and -t cannot be used together")
 * @warn: perf's warning when -a or -C was dropped ("PID/TID switch
 *	overriding SYSTEM"), else left as it was
 * Returns 0 or -EINVAL.
 */
int target_validate(struct target *t, struct strbuf *err, struct strbuf *warn);

/**
 * target_maps - the cpu and thread maps for @t
 * @workload: the workload's pid when target_none(), else ignored
 * @cpus: set to a new map (cpumap_free())
 * @threads: set to a new map (threadmap_free())
 *
 * -a: online cpus x any thread; -C: those cpus x any thread; -p/-t: any cpu
 * x those threads; otherwise any cpu x { workload }.
 * Returns 0 or -errno (-EINVAL bad list, -ESRCH no such process, -ENODEV cpu
 * not online).
 */
int target_maps(const struct target *t, pid_t workload,
		struct cpumap **cpus, struct threadmap **threads);

/**
 * target_describe - perf's header text for @t into @buf:
 * "'./app args'" is the cmd layer's; this gives "system wide",
 * "CPU(s) 0-1", "process id '123'", "thread id '123'".
 * Returns @buf.
 */
char *target_describe(const struct target *t, char *buf, size_t len);

/**
 * target_cgroup_open - open the directory of cgroup @name (a path relative
 * to the cgroup hierarchy, "/" for the root) for PERF_FLAG_PID_CGROUP.
 * Looks in <sysfs>/fs/cgroup/unified (cgroup v2 next to v1),
 * <sysfs>/fs/cgroup/perf_event (v1) and <sysfs>/fs/cgroup (v2), where
 * <sysfs> is sysroots_sysfs().
 * Returns an fd (the caller closes it) or -errno: -ENOENT when no
 * hierarchy has such a cgroup.
 */
int target_cgroup_open(const char *name);

/**
 * target_cgroup_name - the cgroup of the @idx-th event under perf's -G
 * rule: one name is every event's; with a list, the first event is in the
 * first cgroup, the second in the second, and an empty name or an event
 * past the list is not restricted
 * @buf: receives the name
 * Returns @buf, or NULL when the event has no cgroup.
 */
const char *target_cgroup_name(const struct target *t, int idx, char *buf,
			       size_t len);

#endif
