/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_TOP_H
#define PTOOL_TOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/perf_event.h>

#include "ptool/hist.h"
#include "ptool/out.h"
#include "ptool/session.h"

/*
 * The live profile of ptool top: records read from the ring buffers are
 * queued per pass, put in time order, fed to a live session (threads,
 * maps, symbols) and folded into a hist right away; at each refresh the
 * hist is finished into sorted entries, shown, and then decayed (perf
 * top keeps 7/8 of the history, or nothing with -z).
 *
 *	t = top_new(&o, session);
 *	top_add_event(t, &attr, ids, nr_ids);	// each event, in order
 *	for (;;) {
 *		while ((rec = ring_read_event(r)))	// every ring
 *			top_queue(t, rec);
 *		top_ring_end(t);			// after each ring
 *		top_flush(t);
 *		if (refresh_due) {
 *			top_snapshot(t);
 *			top_print(t, fp, entries);	// or top_lines()
 *			top_decay(t);
 *		}
 *	}
 *	top_free(t);
 */

struct top;

/**
 * struct top_opts - what to aggregate and show
 * @ho: sort keys and call graph settings (live is set by top_new())
 * @session_flags: SESSION_CALLCHAIN with -g
 * @zero: forget everything at each refresh (-z)
 * @hide_kernel, @hide_user: hide kernel or user entries (-K, -U)
 * @percent_limit: entries under this percentage are not shown
 * @count_filter: entries with no more samples than this are not shown (-f)
 * @graph: the call graph style under entries (OUT_GRAPH_NONE without -g)
 * @min_percent: call graph threshold
 */
struct top_opts {
	struct hist_opts ho;
	unsigned int session_flags;
	bool zero;
	bool hide_kernel, hide_user;
	double percent_limit;
	uint64_t count_filter;
	enum out_graph graph;
	double min_percent;
};

/**
 * struct top_stats - what the header line shows
 * @samples: samples fed since the last top_decay()
 * @kernel: of them, taken in kernel mode
 * @exact: of them, with PERF_RECORD_MISC_EXACT_IP
 * @lost: records the kernel lost since the last top_decay() (LOST)
 * @lost_total: since the start
 * @dropped, @dropped_total: samples the kernel dropped (LOST_SAMPLES)
 * @idle: samples in idle-loop functions, skipped as perf top does
 * @threads: threads the process model holds
 * @stacks: distinct stacks the aggregation holds
 */
struct top_stats {
	uint64_t samples, kernel, exact;
	uint64_t lost, lost_total;
	uint64_t dropped, dropped_total;
	uint64_t idle;
	size_t threads, stacks;
};

/** top_new - a live profile over @s (not owned); free with top_free() */
struct top *top_new(const struct top_opts *o, struct session *s);

/** top_free - free; NULL is a no-op (the session stays the caller's) */
void top_free(struct top *t);

/**
 * top_add_event - describe the next event: its attr (copied) and the ids
 * of its fds (records are matched to events by id when there are several)
 * Returns its index.
 */
int top_add_event(struct top *t, const struct perf_event_attr *attr,
		  const uint64_t *ids, size_t nr_ids);

/** top_queue - copy a record read from a ring; top_flush() processes it */
void top_queue(struct top *t, const struct perf_event_header *rec);

/**
 * top_ring_end - after the records of one ring: records newer than its
 * last one (when it had any) wait for the next top_flush(), as the ring
 * may still get records older than them
 */
void top_ring_end(struct top *t);

/**
 * top_flush - process the queued records in time order (records without
 * a time first), up to the oldest last record of the rings of this pass
 * (see top_ring_end()); the rest stays queued
 * Returns the number of records processed.
 */
size_t top_flush(struct top *t);

/**
 * top_is_idle - whether @name is one of the idle-loop functions perf top
 * leaves out (symbol__is_idle())
 */
bool top_is_idle(const char *name);

/** top_set_hide - change -K/-U at run time */
void top_set_hide(struct top *t, bool kernel, bool user);

/**
 * top_set_filter - show only entries whose symbol contains @substr
 * (copied; NULL or "" shows all)
 */
void top_set_filter(struct top *t, const char *substr);

/** top_opts_of - the options in force (after top_set_*()) */
const struct top_opts *top_opts_of(const struct top *t);

/**
 * top_snapshot - build the sorted entries of what was fed so far (again,
 * e.g. after top_set_filter(), when called twice before top_decay())
 */
void top_snapshot(struct top *t);

/** top_stats - the counters as of now, lent */
const struct top_stats *top_stats(const struct top *t);

/** top_hist - the aggregation (entries valid after top_snapshot()) */
const struct hist *top_hist(const struct top *t);

/**
 * top_print - the entries of the last top_snapshot() as perf top --stdio
 * prints them ("    99.53%  cpuloop  [.] spin"), with their call graphs
 * @entries: at most this many entries, 0 for all
 * Returns 0 or -errno.
 */
int top_print(struct top *t, FILE *fp, size_t entries);

/**
 * struct top_line - one entry of the display
 * @text: its line, without newline
 * @graph: its call graph lines ("" when none), joined by newlines
 * @nr_graph: how many lines @graph has
 */
struct top_line {
	char *text;
	char *graph;
	size_t nr_graph;
};

/**
 * top_lines - the entries of the last top_snapshot() as lines, for the
 * terminal UI; @out is set to an array of *@nr lines (free with
 * top_lines_free())
 * Returns 0 or -errno.
 */
int top_lines(struct top *t, struct top_line **out, size_t *nr);

/** top_lines_free - free what top_lines() made */
void top_lines_free(struct top_line *l, size_t nr);

/**
 * top_decay - after a refresh: decay (or with -z zero) the history,
 * reset the per-refresh counters, forget exited threads
 * (session_reap()) and reread grown perf-PID.map files
 */
void top_decay(struct top *t);

#endif
