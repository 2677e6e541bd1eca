/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_SFILTER_H
#define PTOOL_SFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptool/session.h"

/*
 * The sample filters of perf report and perf script: --comms, --pid,
 * --tid, --dsos, --symbols, --cpu, --time and --hide-unresolved.
 *
 * perf report counts a sample that --comms, --pid, --tid, --dsos or
 * --symbols reject in its totals (sfilter_hides()), and drops one that
 * --cpu, --time or --hide-unresolved reject (sfilter_drops()); perf script
 * prints neither.
 */

/**
 * struct sfilter_opts - the option strings, NULL when not given
 * @time: perf's --time: "START,STOP" in seconds (either may be empty),
 *        several such ranges separated by spaces, or percentages of the
 *        recording: "10%/2" (the second 10% slice), "0%-10%,30%-40%"
 * @hide_unresolved: drop samples whose own address has no symbol
 */
struct sfilter_opts {
	const char *comms, *pids, *tids, *cpus, *dsos, *syms, *time;
	bool hide_unresolved;
};

/** struct sfilter_range - a time range, inclusive; 0 is open */
struct sfilter_range {
	uint64_t start, end;
};

struct sfilter;

/**
 * sfilter_parse_time - parse a --time string
 * @first, @last: the first and last sample times of the recording (the
 *                SAMPLE_TIME header), for percentages; both 0 when unknown
 * @out: a malloc'd array of ranges (free() it), @nr of them
 * Returns 0, -EINVAL for a malformed string or overlapping ranges, or
 * -ENODATA for percentages without @first/@last.
 */
int sfilter_parse_time(const char *s, uint64_t first, uint64_t last,
		       struct sfilter_range **out, size_t *nr);

/**
 * sfilter_time_skip - whether time @t falls outside every range (a sample
 * without a time, 0, never does)
 */
bool sfilter_time_skip(const struct sfilter_range *r, size_t nr, uint64_t t);

/**
 * sfilter_new - the filters of @o for the samples of @s
 * @err: gets a one-line message appended on failure (a malformed list or
 *       --time, a file without CPU or time data), may be NULL
 * Returns the filter (free with sfilter_free()) or NULL.
 */
struct sfilter *sfilter_new(const struct sfilter_opts *o, struct session *s,
			    struct strbuf *err);

/** sfilter_free - release; NULL is a no-op */
void sfilter_free(struct sfilter *f);

/** sfilter_drops - whether --cpu, --time or --hide-unresolved reject @ss */
bool sfilter_drops(const struct sfilter *f, const struct session_sample *ss);

/**
 * sfilter_hides - whether --comms, --pid, --tid, --dsos or --symbols
 * reject @ss (its own frame for the last two)
 */
bool sfilter_hides(const struct sfilter *f, const struct session_sample *ss);

/**
 * sfilter_needs_frames - whether every sample must come with its own
 * frames: a filter looks at them, or drops samples (a chain a dropped
 * sample made known would come to the next one as SESSION_REUSE's
 * chain_seen, without frames)
 */
bool sfilter_needs_frames(const struct sfilter *f);

/** sfilter_cpu_ok - whether --cpu lets cpu @cpu through */
bool sfilter_cpu_ok(const struct sfilter *f, uint32_t cpu);

#endif
