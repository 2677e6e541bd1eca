/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_DIFF_H
#define PTOOL_DIFF_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ptool/hist.h"
#include "ptool/session.h"

/*
 * Comparison of profiles, as perf diff does it: each file's samples are
 * folded into entries by the sort keys (dso,sym by default), entries of
 * the other files are matched to the baseline's (the first file) by the
 * text of their keys, an entry missing from the baseline is added to it
 * as an empty ("dummy") row, and every row gets the computed column of
 * each other file.
 *
 * Usage:
 *	struct diff *d = diff_new(&o);
 *	for (i = 0; i < nr_files; i++)
 *		diff_add_file(d, sessions[i], paths[i]);
 *	diff_print(d, stdout);
 *	diff_free(d);
 */

enum diff_compute {
	DIFF_DELTA_ABS,		/* perf's default */
	DIFF_DELTA,
	DIFF_RATIO,
	DIFF_WDIFF,
};

/**
 * struct diff_opts - what to compute and show
 * @compute: the computed column of the files after the first
 * @w1, @w2: wdiff weights (new period * @w2 - old period * @w1)
 * @keys: the sort keys (hist_opts' keys and nr_keys only)
 * @order: the file whose computed column sorts first (-o, default 1;
 *         0 sorts by the baseline)
 * @period: the Base period and Period columns (-p)
 * @formula: the Formula column (-F)
 * @baseline_only: drop entries that are in no other file (-b)
 * @quiet: no header lines
 * @show_files: print the "# Data files:" block (default with 3+ files)
 * @comms, @dsos, @syms, @pids, @tids: NULL or comma-separated lists: a
 *         sample whose command, object, symbol (of its own IP), process
 *         or thread is not listed counts in the file's total but in no
 *         shown entry (perf diff's -C, -d, -S, --pid, --tid)
 * @cpus: NULL or the cpus whose samples are read at all (--cpu)
 * @nr_cpus: the length of @cpus
 * @relative: percentages of the samples the filters let through, not of
 *            all (--percentage relative; the same without filters)
 *
 * A key column whose filter lets one value through gets no column (it
 * still tells entries apart), as in perf, unless no column would be left.
 */
struct diff_opts {
	enum diff_compute compute;
	int64_t w1, w2;
	struct hist_opts keys;
	unsigned int order;
	bool period;
	bool formula;
	bool baseline_only;
	bool quiet;
	bool show_files;
	const char *comms, *dsos, *syms, *pids, *tids;
	const int *cpus;
	int nr_cpus;
	bool relative;
};


struct diff;

/** diff_new - an empty comparison (free with diff_free()) */
struct diff *diff_new(const struct diff_opts *o);

/** diff_free - release; NULL is a no-op */
void diff_free(struct diff *d);

/**
 * diff_parse_compute - parse perf's -c: "delta", "delta-abs", "ratio" or
 * "wdiff:W1,W2" (non-zero weights) into @o
 * Returns 0 or -EINVAL.
 */
int diff_parse_compute(const char *s, struct diff_opts *o);

/**
 * diff_add_file - read the samples of @s into per-event entries; the
 * first file added is the baseline
 * @path: the name printed in "# Data files:"
 * Returns 0 or -errno with session_strerror(@s) saying why.
 */
int diff_add_file(struct diff *d, struct session *s, const char *path);

/**
 * diff_has_cpu - whether every event of @s records the sample's cpu
 * (what --cpu needs)
 */
bool diff_has_cpu(struct session *s);

/**
 * struct diff_entry - an entry given as text (diff_add_entries())
 * @col: the key columns as printed, indexed by enum hist_key
 * @sym_name: the symbol's name, NULL when unresolved (sorts last)
 * @period: its period
 */
struct diff_entry {
	const char *col[HIST_KEY_MAX];
	const char *sym_name;
	uint64_t period;
};

/**
 * diff_add_entries - add a file of one event (type 0, config 0, @event)
 * whose entries are given, all copied; its total is the sum of their
 * periods. For callers that aggregate themselves, and for tests.
 */
void diff_add_entries(struct diff *d, const char *path, const char *event,
		      const struct diff_entry *e, size_t n);

/**
 * diff_nr_common - the number of events of the baseline that file @idx
 * (> 0) has too (same type and config)
 */
size_t diff_nr_common(const struct diff *d, size_t idx);

/**
 * diff_print - match, compute, sort and print every event of the
 * baseline in perf diff's layout
 * Returns 0 or -EIO.
 */
int diff_print(struct diff *d, FILE *fp);

#endif
