/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_EVSEL_H
#define PTOOL_EVSEL_H

/*
 * One event (an evsel): its perf_event_attr, the name perf prints for it,
 * and once opened, one file descriptor per (cpu, thread) pair of the maps
 * it was opened on.
 *
 * Usage:
 *	evsel = evlist->entry[i];          // from evspec_parse()
 *	evsel->attr.sample_type = ...;     // caller sets sampling fields
 *	err = evsel_open(evsel, cpus, threads);
 *	if (err && evsel_fallback(evsel, err, msg, sizeof(msg)))
 *		err = evsel_open(evsel, cpus, threads);  // now cpu-clock
 *	if (err)
 *		evsel_strerror(evsel, err, buf, sizeof(buf));
 *	... evsel_fd(evsel, cpu, thread), evsel_id(evsel, cpu, thread)
 *	evsel_close(evsel);
 *
 * perf_event_open(2) is called only by sys_perf_event_open(), which unit
 * tests replace with -Wl,--wrap=sys_perf_event_open.
 */

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "ptool/cpumap.h"

/* kinds of event, for listing and display (attr.type says the rest) */
enum evsel_kind {
	EVSEL_HARDWARE,		/* PERF_TYPE_HARDWARE */
	EVSEL_SOFTWARE,		/* PERF_TYPE_SOFTWARE */
	EVSEL_HW_CACHE,		/* PERF_TYPE_HW_CACHE */
	EVSEL_RAW,		/* PERF_TYPE_RAW, rNNNN */
	EVSEL_PMU,		/* a sysfs PMU: pmu/config=.../ */
	EVSEL_TRACEPOINT,	/* PERF_TYPE_TRACEPOINT, sys:name */
	EVSEL_BREAKPOINT,	/* PERF_TYPE_BREAKPOINT, mem:addr */
	EVSEL_TOOL,		/* counted by the tool, never opened (stat's duration_time) */
};

/* attr.config of an EVSEL_TOOL event */
enum evsel_tool {
	EVSEL_TOOL_DURATION,	/* duration_time: wall time, ns */
	EVSEL_TOOL_USER,	/* user_time: the workload's user time, ns */
	EVSEL_TOOL_SYSTEM,	/* system_time: its system time, ns */
};

/* one count as read(2) returns it with TOTAL_TIME_ENABLED|RUNNING */
struct evsel_count {
	uint64_t val;
	uint64_t ena;
	uint64_t run;
};

struct evsel {
	struct perf_event_attr attr;
	char *name;		/* display name as perf prints it: "cycles:u" */
	enum evsel_kind kind;
	int idx;		/* position in its evlist */
	struct evsel *leader;	/* group leader; itself when not in a group */
	int nr_members;		/* leader only: 1 + members in the group */
	bool exclude_guest_default; /* no modifier applied yet: perf's exclude_guest = 1 */
	bool exclude_gh;	/* :G or :H given: they decide exclude_guest/host */
	char *tp_sys;		/* tracepoint only: subsystem (owned) */
	char *tp_name;		/* tracepoint only: event name (owned) */
	int precise_max;	/* :P given: evsel_open() tries precise_ip 3, 2, 1, 0
				 * and keeps the first that opens in attr */
	bool sample_read;	/* :S given: sample with PERF_SAMPLE_READ (record) */
	char *filter;		/* tracepoint filter, set with evsel_set_filter() */
	bool filter_failed;	/* the kernel refused the filter (open_err says how) */
	bool ignore_missing_thread; /* a thread gone before its open (ESRCH)
				     * leaves its fd -1 (system-wide
				     * --per-thread) */

	/* after evsel_open() */
	int nr_cpus;		/* the maps it was opened on */
	int nr_threads;
	int *fd;		/* [cpu * nr_threads + thread]; -1 when closed */
	uint64_t *id;		/* kernel sample ids, same layout */
	int open_err;		/* -errno of the last evsel_open(), 0 if open */
	bool fell_back;		/* evsel_fallback() rewrote it */
	char *orig_name;	/* before the fallback (owned) */
};

/**
 * sys_perf_event_open - the one call of perf_event_open(2)
 * Returns a file descriptor, or -1 with errno set.
 */
int sys_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu,
			int group_fd, unsigned long flags);

/**
 * evsel_new - an event with @attr and @name (copied)
 * Returns the event (free with evsel_free()); leader is itself.
 */
struct evsel *evsel_new(const struct perf_event_attr *attr, const char *name,
			enum evsel_kind kind);

/** evsel_free - close and release @evsel; NULL is a no-op */
void evsel_free(struct evsel *evsel);

/** evsel_is_leader - whether @evsel leads its group (or is alone) */
bool evsel_is_leader(const struct evsel *evsel);

/**
 * evsel_open - open @evsel on every (cpu, thread) pair of the maps
 * @cpus: cpus ({ -1 } for any cpu)
 * @threads: threads ({ -1 } for any thread)
 *
 * A group member is opened with its leader's fd of the same pair as
 * group_fd, so the leader must be opened first. A cgroup target is opened
 * with evsel_open_cgroup(). Each fd's PERF_EVENT_IOC_ID is read into id[].
 * An EVSEL_TOOL event is never opened: -EOPNOTSUPP. A filter the kernel
 * refuses fails the open too (filter_failed is set).
 * On failure every fd opened so far is closed and open_err is set.
 * Returns 0 or -errno of the first failing open (see evsel_strerror()).
 */
int evsel_open(struct evsel *evsel, const struct cpumap *cpus,
	       const struct threadmap *threads);

/**
 * evsel_open_cgroup - like evsel_open() for a cgroup: pid is the fd of the
 * cgroup directory and PERF_FLAG_PID_CGROUP is given (needs per-cpu maps)
 * @cgroup_fd: an open cgroup directory (the caller closes it)
 */
int evsel_open_cgroup(struct evsel *evsel, const struct cpumap *cpus,
		      int cgroup_fd);

/**
 * evsel_set_filter - a filter expression (tracefs filter syntax, e.g.
 * "fd == 1 && count > 10") that evsel_open() applies to every fd with
 * PERF_EVENT_IOC_SET_FILTER; NULL clears it. The string is copied.
 */
void evsel_set_filter(struct evsel *evsel, const char *filter);

/** evsel_close - close every fd; the maps are forgotten */
void evsel_close(struct evsel *evsel);

/** evsel_fd - the fd of (@cpu_idx, @thread_idx), or -1 (indexes into the maps) */
int evsel_fd(const struct evsel *evsel, int cpu_idx, int thread_idx);

/** evsel_id - the kernel sample id of (@cpu_idx, @thread_idx), or 0 */
uint64_t evsel_id(const struct evsel *evsel, int cpu_idx, int thread_idx);

/** evsel_enable - PERF_EVENT_IOC_ENABLE on every fd; returns 0 or -errno */
int evsel_enable(struct evsel *evsel);

/** evsel_disable - PERF_EVENT_IOC_DISABLE on every fd; returns 0 or -errno */
int evsel_disable(struct evsel *evsel);

/**
 * evsel_read - read one fd's count
 * The attr must have read_format TOTAL_TIME_ENABLED|TOTAL_TIME_RUNNING and
 * not PERF_FORMAT_GROUP (ena and run are 0 otherwise).
 * Returns 0 or -errno.
 */
int evsel_read(struct evsel *evsel, int cpu_idx, int thread_idx,
	       struct evsel_count *count);

/**
 * evsel_read_group - read a leader's fd with PERF_FORMAT_GROUP
 * @counts: nr_members entries, one per group member in group order
 * Returns 0 or -errno.
 */
int evsel_read_group(struct evsel *leader, int cpu_idx, int thread_idx,
		     struct evsel_count *counts);

/**
 * evsel_count_scaled - the count corrected for multiplexing:
 * val * ena / run (val when run == ena or ena == 0; 0 when run == 0)
 * @pct: if not NULL, set to 100 * run / ena (100 when ena == 0)
 */
uint64_t evsel_count_scaled(const struct evsel_count *c, double *pct);

/**
 * evsel_fallback - perf's fallback for a hardware event that cannot be
 * opened: cycles (or any PERF_TYPE_HARDWARE / HW_CACHE / RAW event that
 * failed with ENOENT, EOPNOTSUPP, ENODEV, EINVAL on a non-precise event)
 * becomes the software event cpu-clock with the same sampling settings and
 * modifiers; the display name becomes "cpu-clock" (plus its modifiers).
 * A precise event (precise_ip > 0) first loses one level of precision.
 * @err: the -errno evsel_open() returned
 * @msg: set to what was done, e.g. "cycles is not supported here, falling
 *       back to cpu-clock" (the caller prints it with its prefix)
 * Returns true when @evsel was changed and may be opened again.
 */
bool evsel_fallback(struct evsel *evsel, int err, char *msg, size_t len);

/**
 * evsel_fallback_user_only - perf's answer to perf_event_paranoid >= 2 for
 * unprivileged users: an event that asked for kernel counts too and got
 * EACCES/EPERM is limited to user space (exclude_kernel, exclude_hv) and
 * its name gets ":u" when it had no modifiers ("cs" becomes "cs:u").
 * The paranoid level is read from <procfs>/sys/kernel/perf_event_paranoid
 * (<procfs> is sysroots_procfs()).
 * @msg: set to what was done (printed under -v)
 * Returns true when @evsel was changed and may be opened again.
 * evsel_fallback() tries this first.
 */
bool evsel_fallback_user_only(struct evsel *evsel, int err, char *msg,
			      size_t len);

/**
 * evsel_strerror - explain why @evsel could not be opened
 * @err: the -errno evsel_open() returned
 *
 * EACCES/EPERM: perf_event_paranoid's value and CAP_PERFMON advice;
 * ENOENT/EOPNOTSUPP/ENODEV: no such event on this PMU / not supported by
 * this kernel; EMFILE: too many open files (ulimit -n); EINVAL: bad
 * attribute combination; ESRCH: no such process; others: strerror().
 * The text has no prefix and no final newline, and may span lines.
 * Returns @buf.
 */
char *evsel_strerror(const struct evsel *evsel, int err, char *buf,
		     size_t len);

/**
 * evsel_probe - whether this kernel opens (@type, @config) for the calling
 * task, counting user space only (allowed at every perf_event_paranoid
 * level). The event is opened disabled and closed at once.
 * Returns 0 or the -errno of perf_event_open(2).
 */
int evsel_probe(uint32_t type, uint64_t config);

/** evsel_is_unsupported_err - whether -@err means "this event is not supported" */
bool evsel_is_unsupported_err(int err);

/**
 * evsel_fprintf_attr - print @evsel's perf_event_attr as perf -vv does:
 * a dashed line, "perf_event_attr:", one "  field   value" line per
 * non-zero field, a dashed line. Returns the number of bytes written.
 */
int evsel_fprintf_attr(const struct evsel *evsel, FILE *fp);

#endif
