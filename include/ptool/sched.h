/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_SCHED_H
#define PTOOL_SCHED_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ptool/session.h"
#include "ptool/strbuf.h"

/*
 * Scheduler analyses of a recording of the sched tracepoints (ptool sched
 * record, perf sched record), as perf sched prints them.
 *
 * timehist: one line per context switch with the task switched out, the
 * time it waited since its previous switch-out, its scheduling delay (from
 * wakeup to switch-in) and how long it ran; wakeups and migrations on
 * request; a per-task summary with -s/-S.
 */

/**
 * struct sched_opts - timehist options (perf sched timehist's)
 * @summary_only: only the summary (-s)
 * @with_summary: the lines and the summary (-S)
 * @wakeups: wakeup lines (-w)
 * @migrations: migration lines (-M)
 * @cpu_visual: a column per cpu (-V)
 * @state: the state a task was switched out in (--state)
 * @next: the task switched in (-n)
 * @callchain: the switch-out's call chain when the file has one (-g,
 *             perf's default)
 * @max_stack: functions of that chain shown (default 5)
 * @pids, @tids: only these (comma lists), NULL for all
 */
struct sched_opts {
	bool summary_only;
	bool with_summary;
	bool wakeups;
	bool migrations;
	bool cpu_visual;
	bool state;
	bool next;
	bool callchain;
	unsigned int max_stack;
	const char *pids;
	const char *tids;
};

/**
 * sched_timehist - read @s and print perf sched timehist's report to @fp
 * @err: why it failed, one line
 * Returns 0, or -errno with @err set (-ENOENT: no sched_switch event).
 */
int sched_timehist(struct session *s, const struct sched_opts *o, FILE *fp,
		   struct strbuf *err);

/**
 * struct sched_lat_opts - latency options
 * @sort: perf's sort keys ("avg,max,switch,runtime" when NULL; also "pid")
 * @per_pid: a row per thread instead of per command name (-p)
 * @hist: a log2 histogram of the delays, in microseconds
 * @hist_per_task: one histogram under each row instead of one overall
 */
struct sched_lat_opts {
	const char *sort;
	bool per_pid;
	bool hist;
	bool hist_per_task;
};

/**
 * sched_latency - read @s and print perf sched latency's table to @fp:
 * per task (merged by name), the runtime (sched_stat_runtime), the number
 * of delays measured, their average and maximum and when the maximum was
 * Returns 0, or -errno with @err set.
 */
int sched_latency(struct session *s, const struct sched_lat_opts *o, FILE *fp,
		  struct strbuf *err);

/** sched_lat_parse_sort - 0 when @s is a valid latency --sort list */
int sched_lat_parse_sort(const char *s);

/**
 * struct sched_map_opts - map options
 * @compact: a column only per cpu that switched, in order of appearance
 */
struct sched_map_opts {
	bool compact;
};

/**
 * sched_map - read @s and print perf sched map's lines to @fp
 * Returns 0, or -errno with @err set.
 */
int sched_map(struct session *s, const struct sched_map_opts *o, FILE *fp,
	      struct strbuf *err);

/**
 * sched_fmt_time - append perf sched's "msec.usec" form of @ns, right
 * aligned with @width digits before the point, and a space
 */
void sched_fmt_time(struct strbuf *sb, uint64_t ns, int width);

#endif
