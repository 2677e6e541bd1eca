/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_OUT_STACKS_H
#define PTOOL_OUT_STACKS_H

#include <stdbool.h>
#include <stdio.h>

#include "ptool/out_flamegraph.h"
#include "ptool/out_folded.h"
#include "ptool/session.h"

/*
 * Stacks of a session's samples, collected for folded text, flame graphs
 * and pprof profiles. Call out_stacks_add() from a session_for_each_sample()
 * callback (after your own filtering) for every sample, then write.
 *
 * The folded stacks are what FlameGraph's `stackcollapse-perf.pl --all`
 * makes of `perf script` output, derived from the same text rules without
 * printing it: "comm;root;...;leaf", the count being the period that perf
 * script prints on the sample line (1 when it prints none), kernel frames
 * marked "_[k]", only the samples of the first event whose sample line
 * ends with its name (the collapser's event filter). A sample without a
 * callchain counts as "comm;leaf" (the collapser would drop it).
 *
 * Usage (report):
 *	st = out_stacks_new(session, OUT_STACKS_FOLD, NULL);
 *	... in the sample callback: out_stacks_add(st, ss);
 *	out_fold_write(out_stacks_fold(st), stdout);
 *	out_stacks_free(st);
 */

#define OUT_STACKS_FOLD		(1u << 0)	/* collect folded stacks */
#define OUT_STACKS_PPROF	(1u << 1)	/* collect a pprof profile */
#define OUT_STACKS_PLAIN	(1u << 2)	/* no _[k]/_[j] marks (plain collapser) */
#define OUT_STACKS_PID		(1u << 3)	/* "comm-PID" roots (the collapser's --pid) */
#define OUT_STACKS_TID		(1u << 4)	/* "comm-PID/TID" roots (--tid) */
#define OUT_STACKS_NO_INLINE	(1u << 5)	/* pprof: no inline levels, the function's line */
#define OUT_STACKS_LABEL_COMM	(1u << 6)	/* pprof sample labels: comm, */
#define OUT_STACKS_LABEL_PID	(1u << 7)	/* pid, */
#define OUT_STACKS_LABEL_TID	(1u << 8)	/* tid, */
#define OUT_STACKS_LABEL_CPU	(1u << 9)	/* cpu (when the samples have it) */
#define OUT_STACKS_LABELS	(OUT_STACKS_LABEL_COMM | OUT_STACKS_LABEL_PID | \
				 OUT_STACKS_LABEL_TID | OUT_STACKS_LABEL_CPU)

struct out_stacks;
struct out_script;

/**
 * out_stacks_new - a collector for session @s
 * @flags: OUT_STACKS_FOLD and/or OUT_STACKS_PPROF, OUT_STACKS_PLAIN
 * @sc: the formatter whose sample lines the folding follows (the same -F
 *      and options as the text output), or NULL for perf script's defaults
 * Returns the collector (free with out_stacks_free()), or NULL with errno
 * set when the default formatter cannot be made.
 */
struct out_stacks *out_stacks_new(struct session *s, unsigned int flags,
				  struct out_script *sc);

/** out_stacks_free - release @st; NULL is a no-op */
void out_stacks_free(struct out_stacks *st);

/**
 * out_stacks_wall - fold every sample with its period as the count (the
 * nanoseconds of cpu-clock/task-clock samples) rather than the
 * collapser's count: the wall-clock view of an off-CPU recording, where
 * off-CPU samples (session.h, SESSION_OFFCPU) count their blocked
 * nanoseconds. Off-CPU samples always fold as "comm;root;...;leaf" with
 * those nanoseconds, marked as off-CPU time for the flame graph.
 */
void out_stacks_wall(struct out_stacks *st, bool wall);

/** out_stacks_add - add one sample (a session_for_each_sample() sample) */
void out_stacks_add(struct out_stacks *st, const struct session_sample *ss);

/** out_stacks_fold - the folded-stack aggregate (lent) */
const struct out_fold *out_stacks_fold(const struct out_stacks *st);

/**
 * out_stacks_detach_fold - hand the aggregate to the caller (free it with
 * out_fold_free()); @st keeps an empty one
 */
struct out_fold *out_stacks_detach_fold(struct out_stacks *st);

/**
 * out_stacks_write_pprof - write the gzip'd pprof profile of what was
 * added with OUT_STACKS_PPROF. Returns 0 or -errno (-EINVAL without
 * OUT_STACKS_PPROF).
 *
 * The profile has one mapping per MMAP/MMAP2 region sampled in (the main
 * program's first: the executable of the process with the most samples),
 * one location per address with all its inline levels as lines (innermost
 * first; with OUT_STACKS_NO_INLINE only the function's), functions with
 * their source file and declaration line, and one value per event: for a
 * single event "samples/count" and "cpu/nanoseconds" (cpu-clock,
 * task-clock) or "<event>/count"; for several, "<event>/nanoseconds" or
 * "<event>/count" each, the sums of their periods. Samples carry string
 * labels as the OUT_STACKS_LABEL_* flags ask.
 */
int out_stacks_write_pprof(const struct out_stacks *st, FILE *fp);

/**
 * out_stacks_parse_labels - set the OUT_STACKS_LABEL_* bits of *@flags
 * from @list: "comm,pid,tid,cpu" or a part of it, or "none"
 * Returns 0, or -EINVAL for an unknown name (*@flags is left alone).
 */
int out_stacks_parse_labels(const char *list, unsigned int *flags);

/** out_stacks_nr_samples - samples added (after the event filter) */
uint64_t out_stacks_nr_samples(const struct out_stacks *st);

#endif
