/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_OUT_H
#define PTOOL_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ptool/hist.h"

/*
 * Text output of an aggregation in perf report's --stdio layout: the
 * column header, one line per entry ("    73.32%  rtree  rtree  [.] leaf_a"),
 * and the call graph under each entry drawn as perf draws it.
 */

enum out_graph {
	OUT_GRAPH_NONE,
	OUT_GRAPH_GRAPH,	/* perf's default: absolute percentages */
	OUT_GRAPH_FRACTAL,	/* relative to the parent */
	OUT_GRAPH_FLAT,
	OUT_GRAPH_FOLDED,
};

/* what call graph lines show (perf's -g ...,percent|period|count) */
enum out_value {
	OUT_VALUE_PERCENT,
	OUT_VALUE_PERIOD,
	OUT_VALUE_COUNT,
};

/**
 * struct out_report_opts - how to print
 * @graph: call graph style
 * @show_nr: the Samples column (-n)
 * @percent_limit: hide entries under this percentage
 * @min_percent: call graph threshold (percent of the total)
 * @quiet: no header lines (-q)
 * @skip_first_frame: the first frame of a single root equals the entry
 *                    (perf skips it when the sort order starts with sym)
 * @value: percentages, periods or sample counts on call graph lines
 * @print_limit: 0, or the number of call chains (graph: of branches at
 *               each level and of frames in a single root) printed per
 *               entry, as perf's -g print_limit
 */
struct out_report_opts {
	enum out_graph graph;
	bool show_nr;
	double percent_limit;
	double min_percent;
	bool quiet;
	bool skip_first_frame;
	enum out_value value;
	unsigned int print_limit;
};

/**
 * out_report_hist - print the column header and the entries of @h
 * Returns 0 or -errno (write error).
 */
int out_report_hist(FILE *fp, const struct hist *h,
		    const struct out_report_opts *o);

/**
 * out_report_hierarchy - perf report --hierarchy: one column of indented
 * levels, a level per sort key, each line the share of the entries under
 * it (self periods; callchains under the last level)
 * Returns 0 or -errno (write error).
 */
int out_report_hierarchy(FILE *fp, const struct hist *h,
			 const struct out_report_opts *o);

/**
 * out_report_group - perf report's group view: the entries of every member
 * of an event group (@hs[0] the leader, NULL for a member without samples)
 * in one table, with one overhead column per member (its share of that
 * member's total), sorted by the leader's period, then each member's, then
 * the sort keys; no call graphs
 * Returns 0 or -errno (write error).
 */
int out_report_group(FILE *fp, const struct hist *const *hs, int n,
		     const struct out_report_opts *o);

/**
 * out_report_event_header - "# Samples: 4K of event 'x'" and
 * "# Event count (approx.): N" as perf prints them
 * @closed: @name brings its own closing quote and what follows it
 */
void out_report_event_header(FILE *fp, const char *name, uint64_t nr_samples,
			     uint64_t total, bool closed);

/**
 * out_report_group_header - the same with perf's "of events", for a group
 * ("anon group { a, b }") or its leader alone
 */
void out_report_group_header(FILE *fp, const char *name, uint64_t nr_samples,
			     uint64_t total, bool closed);

#endif
