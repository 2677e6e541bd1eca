/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_TRACE_H
#define PTOOL_TRACE_H
/*
 * The engine of `ptool trace`: pairs raw_syscalls:sys_enter and sys_exit
 * per thread, prints perf trace's lines
 *
 *	time ( dur ms): comm/tid name(args) = ret
 *
 * and keeps perf trace -s's per-thread statistics. It is fed either live
 * records (trace_queue(), which orders the records of several ring
 * buffers by time, then trace_flush()) or already ordered samples of a
 * perf.data file (trace_sample()).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>
#include <linux/perf_event.h>

struct scargs;
struct tpfmt;
struct sample;
struct trace;

/* what a sample is */
enum trace_kind {
	TRACE_OTHER,
	TRACE_ENTER,	/* raw_syscalls:sys_enter */
	TRACE_EXIT,	/* raw_syscalls:sys_exit */
};

struct trace_opts {
	FILE *out;		/* where lines and the summary go */
	bool lines;		/* print one line per call (not -s) */
	bool summary;		/* -s / -S: keep and print the statistics */
	bool errno_summary;	/* --errno-summary: errnos per syscall too */
	bool failure_only;	/* --failure */
	bool full_time;		/* -T: absolute timestamps */
	bool show_comm;		/* --comm (perf's default) */
	bool show_tid;		/* comm/tid columns (perf: several threads) */
	bool live;		/* fd paths and commands from /proc */
	uint64_t duration_ns;	/* --duration: only calls at least this long */
	uint64_t max_events;	/* --max-events: stop after so many lines, 0: no limit */
	const bool *sel;	/* syscalltbl_max() entries, or NULL for all */
};

/**
 * trace_new - an engine printing with @o (copied; @o->sel is lent)
 * @sa: argument formatter (lent)
 * @tp: tracepoint formats that know raw_syscalls:sys_enter/sys_exit (lent)
 * Returns the engine (trace_free()).
 */
struct trace *trace_new(const struct trace_opts *o, struct scargs *sa,
			const struct tpfmt *tp);

/** trace_free - free @t; NULL is a no-op */
void trace_free(struct trace *t);

/**
 * trace_sample - one sample, in time order
 * @comm: the thread's command name, or NULL (then /proc when live, else
 *	  a COMM record seen before, else ":tid")
 */
void trace_sample(struct trace *t, enum trace_kind kind, const struct sample *s,
		  const char *comm);

/* ---- live input ---- */

/**
 * trace_note_task - learn the command name of task @tid now, from /proc
 * (a task traced with -p may be gone when its first event is read)
 */
void trace_note_task(struct trace *t, int32_t tid);

/**
 * trace_set_attr - the attr of the live events (all share sample_type), and
 * which id is which event
 */
void trace_set_attr(struct trace *t, const struct perf_event_attr *attr);
void trace_add_id(struct trace *t, uint64_t id, enum trace_kind kind);

/**
 * trace_queue - copy record @rec read from the ring of cpu index @ring
 * into the time-ordering queue; also counts every record (perf's
 * "events" in the summary) and LOST records per ring
 * Returns 0 or -EBADMSG for a record that cannot be parsed.
 */
int trace_queue(struct trace *t, const struct perf_event_header *rec,
		int ring);

/**
 * trace_round - a round of reads over all rings is complete: what is no
 * newer than the previous round's newest record is now final (perf's
 * ordered events: a record older than that cannot arrive any more)
 */
void trace_round(struct trace *t);

/**
 * trace_flush - deliver queued records in time order: the final ones, or
 * with @all everything; at most @max of them (0: no limit), so that a
 * caller can go back to draining the rings between batches
 * Returns the number delivered.
 */
size_t trace_flush(struct trace *t, bool all, size_t max);

/** trace_lost - events the kernel dropped in ring @ring (0 when none) */
uint64_t trace_lost(const struct trace *t, int ring);

/* ---- the end ---- */

/** trace_summary - print perf trace -s's summary to the output */
void trace_summary(struct trace *t);

/** trace_done - --max-events lines were printed: nothing more is */
bool trace_done(const struct trace *t);

/** trace_nr_calls - syscalls completed (exits) seen, for tests and -v */
uint64_t trace_nr_calls(const struct trace *t);

#endif
