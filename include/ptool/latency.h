/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_LATENCY_H
#define PTOOL_LATENCY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ptool/strbuf.h"

/*
 * Durations between two events (ptool report --latency BEGIN,END): per
 * thread, from each BEGIN to the next END of the same thread. Feed the
 * samples in time order, then print count, min, avg, p50, p90, p99, max
 * and a log2 histogram (bpftrace's hist() layout), optionally one table
 * per command or per thread.
 */

enum latency_by {
	LATENCY_BY_NONE,
	LATENCY_BY_COMM,
	LATENCY_BY_TID,
};

struct latency;

/**
 * latency_new - an empty accumulator
 * @by: how to split the results
 * Returns the accumulator; free with latency_free().
 */
struct latency *latency_new(enum latency_by by);

/** latency_free - release @l; NULL is a no-op */
void latency_free(struct latency *l);

/**
 * latency_parse_by - "comm" or "tid" (or "none") into @by
 * Returns 0 or -EINVAL.
 */
int latency_parse_by(const char *s, enum latency_by *by);

/**
 * latency_parse_pair - split "BEGIN,END" into two new strings (free()
 * them). Returns 0 or -EINVAL (no comma, an empty side, a third part).
 */
int latency_parse_pair(const char *s, char **begin, char **end);

/**
 * latency_feed - one sample of the BEGIN and/or END event
 * @tid: the thread
 * @comm: its command name (copied when first seen), or NULL
 * @time: the sample time in nanoseconds
 * @is_begin: the sample is a BEGIN event
 * @is_end: the sample is an END event (both: consecutive hits of one
 *          event measure the time between them)
 *
 * An END closes the thread's open BEGIN, if any (else it is counted as
 * unmatched); a BEGIN opens a new measurement, replacing an open one.
 */
void latency_feed(struct latency *l, uint32_t tid, const char *comm,
		  uint64_t time, bool is_begin, bool is_end);

/** latency_count - number of durations measured so far */
uint64_t latency_count(const struct latency *l);

/**
 * latency_print - the tables and histograms (sorts the groups in place)
 * @begin, @end: the event names for the heading
 * Returns 0, or -errno when writing fails.
 */
int latency_print(struct latency *l, FILE *out, const char *begin,
		  const char *end);

struct session;

/**
 * latency_session - read @s and print the latency between two of its
 * events (ptool report --latency BEGIN,END)
 * @pair: "BEGIN,END", event names as in the file ("probe_a:main_L4")
 * @by: how to split the results
 * @out: where to print
 * @err: on failure, a one-line reason ("no event 'x' in the file", "the
 *       events have no timestamps")
 * Returns 0, -EINVAL (bad @pair, unknown event, no time) or the reader's
 * error.
 */
int latency_session(struct session *s, const char *pair, enum latency_by by,
		    FILE *out, struct strbuf *err);

/**
 * latency_percentile - the nearest-rank @p-th percentile of @v (sorted,
 * @n > 0): the smallest value with at least p% of the values <= it
 */
uint64_t latency_percentile(const uint64_t *v, size_t n, double p);

#endif
