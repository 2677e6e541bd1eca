/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_OUT_TRACE_H
#define PTOOL_OUT_TRACE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/*
 * perf report's "trace" sort key, the default for files whose events are
 * all tracepoints: one entry per distinct formatted record (the text perf
 * script prints after the event name), by period, then by text.
 *
 *	struct out_trace *ot = out_trace_new();
 *	out_trace_add(ot, "prev_comm=sh ...", 1);	// per sample
 *	out_trace_write(ot, stdout, &opts);
 *	out_trace_free(ot);
 */

struct out_trace;

/**
 * struct out_trace_opts - how to print
 * @show_nr: the Samples column (-n)
 * @percent_limit: hide entries under this percentage
 * @quiet: no column header (-q)
 */
struct out_trace_opts {
	bool show_nr;
	double percent_limit;
	bool quiet;
};

/** out_trace_new - an empty table (free with out_trace_free()) */
struct out_trace *out_trace_new(void);

/** out_trace_free - release; NULL is a no-op */
void out_trace_free(struct out_trace *ot);

/**
 * out_trace_add - count a sample of @period under @text (copied); a NULL
 * @text counts in the total only (a sample a filter hides)
 */
void out_trace_add(struct out_trace *ot, const char *text, uint64_t period);

/** out_trace_nr_samples - samples added */
uint64_t out_trace_nr_samples(const struct out_trace *ot);

/** out_trace_total - the sum of their periods */
uint64_t out_trace_total(const struct out_trace *ot);

/**
 * out_trace_write - perf's column header ("# Overhead  Trace output"
 * padded to the longest text) and one line per entry, by period and then
 * by text, as perf sorts them
 * Returns 0 or -EIO.
 */
int out_trace_write(struct out_trace *ot, FILE *fp,
		    const struct out_trace_opts *o);

#endif
