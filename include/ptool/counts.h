/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_COUNTS_H
#define PTOOL_COUNTS_H

/*
 * Counter values of opened events, as counting tools (stat) read them:
 * one evsel_count per (cpu, thread) fd, the previous reading for interval
 * deltas, sums per cpu or in total, and running statistics over repeated
 * runs (mean, standard deviation of the mean).
 */

#include <stdbool.h>
#include <stdint.h>

#include "ptool/evsel.h"

struct counts {
	int nr_cpus;
	int nr_threads;
	struct evsel_count *cur;	/* [cpu * nr_threads + thread] */
	struct evsel_count *prev;	/* the reading before, for deltas */
	bool no_scale;		/* sums without the multiplexing correction */
};

/** counts_new - zeroed counts for @evsel's maps (free with counts_free()) */
struct counts *counts_new(int nr_cpus, int nr_threads);

/** counts_free - release @c; NULL is a no-op */
void counts_free(struct counts *c);

/**
 * counts_read - read every fd of @evsel into @c->cur, keeping the old
 * values in @c->prev. A group leader whose read_format has
 * PERF_FORMAT_GROUP is read with one read(2) per fd, and its members'
 * counts (@member_counts[k] for the k-th member after the leader, may be
 * NULL when the group has one event) are filled from it.
 * Returns 0 or -errno.
 */
int counts_read(struct counts *c, struct evsel *evsel,
		struct counts **member_counts);

/**
 * counts_sum - the sum over threads of one cpu (@cpu_idx >= 0) or over
 * every fd (@cpu_idx < 0); of the last reading, or of the change since the
 * one before when @delta. Each fd is scaled for multiplexing before it is
 * added (unless @c->no_scale), so @out->val is the scaled total; ena and
 * run are sums
 */
void counts_sum(const struct counts *c, int cpu_idx, bool delta,
		struct evsel_count *out);

/**
 * counts_sum_thread - like counts_sum() for one thread (@thread_idx) over
 * every cpu
 */
void counts_sum_thread(const struct counts *c, int thread_idx, bool delta,
		       struct evsel_count *out);

/* running statistics (Welford's method) */
struct runstat {
	double n;
	double mean;
	double m2;
};

/** runstat_add - add one observation */
void runstat_add(struct runstat *s, double v);

/** runstat_stddev_mean - standard deviation of the mean (0 for n < 2) */
double runstat_stddev_mean(const struct runstat *s);

/**
 * runstat_noise_pct - stddev of the mean as a percentage of the mean
 * (0 when the mean is 0), as perf's "( +- x.xx% )"
 */
double runstat_noise_pct(const struct runstat *s);

#endif
