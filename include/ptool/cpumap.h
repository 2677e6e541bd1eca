/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_CPUMAP_H
#define PTOOL_CPUMAP_H

/*
 * Sets of cpus and of threads that events are opened on.
 *
 * A cpumap lists cpu numbers; the special "any cpu" map has one entry, -1
 * (per-thread counting: perf_event_open(pid, cpu = -1)). A threadmap lists
 * thread ids; the special "any thread" map has one entry, -1 (per-cpu,
 * system-wide counting: perf_event_open(pid = -1, cpu)).
 *
 * Test seam: the sysfs root of sysroots_set() replaces "/sys" when reading
 * devices/system/cpu/online and the topology, and its procfs root replaces
 * "/proc" when listing a process's threads.
 */

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct cpumap {
	int nr;
	int *cpu;	/* nr entries, ascending; { -1 } for "any cpu" */
};

struct threadmap {
	int nr;
	pid_t *tid;	/* nr entries; { -1 } for "any thread" */
};

/** cpumap_new_any - the one-entry map { -1 } (free with cpumap_free()) */
struct cpumap *cpumap_new_any(void);

/**
 * cpumap_new_online - every online cpu, from <sysfs>/devices/system/cpu/online
 * Returns a map (free with cpumap_free()) or NULL with errno set.
 */
struct cpumap *cpumap_new_online(void);

/**
 * cpumap_new_list - the cpus of a list such as "0-3,6"
 * @list: perf's -C syntax
 *
 * Every cpu must be online. Returns a map (free with cpumap_free()) or NULL
 * with errno set: EINVAL for bad syntax, ENODEV for a cpu that is not online.
 */
struct cpumap *cpumap_new_list(const char *list);

/** cpumap_free - release a map; NULL is a no-op */
void cpumap_free(struct cpumap *map);

/**
 * cpumap_format - "0-3,6" style text of @map into @buf
 * Returns @buf.
 */
char *cpumap_format(const struct cpumap *map, char *buf, size_t len);

/* where a cpu sits, from <sysfs>/devices/system/cpu/cpuN/topology */
struct cpu_topo {
	int socket;	/* physical_package_id */
	int die;	/* die_id (0 when the kernel has none) */
	int core;	/* core_id */
	int node;	/* the NUMA node listing it (0 without NUMA) */
};

/**
 * cpu_topology - the socket, die, core and node of @cpu
 * Returns 0, or -errno when the cpu has no topology directory.
 */
int cpu_topology(int cpu, struct cpu_topo *out);

/** threadmap_new_any - the one-entry map { -1 } (free with threadmap_free()) */
struct threadmap *threadmap_new_any(void);

/**
 * threadmap_new_all - every thread of every process in procfs, by tid
 * (system-wide --per-thread); NULL with errno set (free with threadmap_free())
 */
struct threadmap *threadmap_new_all(void);

/** threadmap_new_pid - the one-entry map { pid } (a workload) */
struct threadmap *threadmap_new_pid(pid_t pid);

/**
 * threadmap_new_str - threads of a -p or -t argument
 * @list: comma separated ids ("123,456")
 * @all_threads: true for -p: every thread of each process, listed from
 *               <procfs>/<pid>/task; false for -t: the ids themselves
 *
 * Returns a map (free with threadmap_free()) or NULL with errno set:
 * EINVAL for bad syntax, ESRCH for an id that does not exist.
 */
struct threadmap *threadmap_new_str(const char *list, bool all_threads);

/**
 * threadmap_new_live - the threads of the processes of @list (as -p) that
 * are still running: one that ended since the list was made is left out
 * (a user's processes, as perf's thread map of a uid). ESRCH when none is.
 */
struct threadmap *threadmap_new_live(const char *list);

/** threadmap_free - release a map; NULL is a no-op */
void threadmap_free(struct threadmap *map);

#endif
