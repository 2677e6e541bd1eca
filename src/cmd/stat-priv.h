/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_STAT_PRIV_H
#define PTOOL_STAT_PRIV_H

/*
 * ptool stat's state, shared by stat.c (options, events, running) and
 * stat-out.c (turning the counts into rows).
 */

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "ptool/counts.h"
#include "ptool/evlist.h"
#include "ptool/opt.h"
#include "ptool/statagg.h"
#include "ptool/statfmt.h"
#include "ptool/target.h"
#include "ptool/workload.h"

struct stat_opts {
	struct opt_strlist events;
	struct {
		int spec;		/* index in events */
		const char *expr;
	} *filters;			/* --filter, in order */
	int nr_filters, alloc_filters;
	struct target target;
	int repeat;
	int interval;
	int interval_count;
	int timeout;
	int delay;
	int detailed;
	bool no_aggr;
	bool per_cpu;
	bool per_thread;
	bool per_socket, per_die, per_core, per_node;
	const char *csv_sep;
	bool json;
	const char *output;
	bool append;
	int verbose;
	bool quiet;
	bool big_num;
	bool null_run;
	bool no_inherit;
	bool scale;
	bool sync;
	int log_fd;
	bool metric_only;	/* --metric-only */
	bool all_user;		/* --all-user */
	bool all_kernel;	/* --all-kernel */
	bool topdown;		/* --topdown */
	const char *metrics;	/* -M list */
	bool group;		/* -g: the -e events in one group */
	bool summary;		/* --summary: the totals after -I */
	bool no_csv_summary;	/* --no-csv-summary */
	bool interval_clear;	/* --interval-clear */
	bool table;		/* --table: each run's wall time (-r) */
	const char *pre, *post;	/* --pre, --post: shell commands */
	bool transaction;	/* -T */
	bool smi_cost;		/* --smi-cost */
	const char *cputype;	/* --cputype */
};

/* what stat keeps per event */
struct ev_state {
	struct counts *counts;
	bool unsupported;	/* could not be opened here */
	bool not_counted;	/* in a group that could not be opened */
	struct statagg_runs runs;	/* sums over runs, per scope */
	const char *cgroup;	/* -G: its cgroup (points into cgroups) */
};

struct stat_run {
	struct stat_opts *o;
	struct evlist *el;
	struct ev_state *st;
	const char **argv;	/* the workload, or NULL */
	struct statfmt fmt;
	FILE *out;
	char thousands[8];
	struct runstat walltime;
	double walltime_run[100];	/* each run's, for --table */
	struct workload w;
	bool have_workload;
	int nr_intervals;
	struct timespec t0, last;
	double last_run_ns;	/* wall time of the last run */
	bool ended_by_us;	/* --timeout/--interval-count ended the workload */
	char *cgroups;		/* -G list, split at its commas */
	char **comms;		/* --per-thread: a name per thread */
	struct statagg agg;	/* the scopes: everything, -A, --per-* */
};

static inline double ts_diff(const struct timespec *a, const struct timespec *b)
{
	return (double)(a->tv_sec - b->tv_sec) +
	       (double)(a->tv_nsec - b->tv_nsec) / 1e9;
}

/* stat-opts.c */
/**
 * stat_check_opts - the checks that involve several options (and -M,
 * --topdown); 0, or an exit status after a message
 * @argc: the number of workload words
 */
int stat_check_opts(struct stat_opts *o, int argc);

/* stat-out.c */
/** stat_read_comms - the names of the measured threads, for --per-thread */
void stat_read_comms(struct stat_run *r);
/** stat_account_run - add this run's final counts to the statistics over runs */
void stat_account_run(struct stat_run *r);
/** stat_print_final - the summary after the last run (header, rows, times) */
void stat_print_final(struct stat_run *r, bool print_rusage);
/** stat_print_interval - print one -I interval at @now from the last reading */
void stat_print_interval(struct stat_run *r, const struct timespec *now);

#endif
