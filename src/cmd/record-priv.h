/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_RECORD_PRIV_H
#define PTOOL_RECORD_PRIV_H

/*
 * ptool record's attribute options (-T -k -D --filter -G --switch-events
 * --user-regs -I -b -j), kept out of record.c: their table entries,
 * checks, and what they add to opening, enabling and the header.
 */

#include <stdbool.h>
#include <stdint.h>

#include "ptool/evlist.h"
#include "ptool/opt.h"
#include "ptool/pdata.h"
#include "ptool/recattr.h"
#include "ptool/target.h"

struct record_attr_opts {
	const struct opt_strlist *events;	/* record's -e list, for --filter */
	bool timestamp;			/* -T; --no-timestamp clears it */
	const char *clockid;		/* -k */
	const char *user_regs;		/* --user-regs, "" for all */
	const char *intr_regs;		/* -I, "" for all */
	bool branch_any;		/* -b */
	const char *branch_filter;	/* -j */
	const char *delay;		/* -D */
	bool switch_events;		/* --switch-events */
	struct {
		int spec;		/* index of the -e before it */
		const char *expr;
	} *filters;			/* --filter, in order */
	int nr_filters, alloc_filters;

	/* after record_attr_check() */
	struct recattr ra;
	struct recattr_delay sched;
	bool delayed;			/* -D other than 0: events start disabled */
	int *cg_fd;			/* per event after record_attr_cgroups() */
	int nr_cg_fd;
};

int record_filter_cb(const struct opt *opt, const char *arg, bool unset);
int record_regs_cb(const struct opt *opt, const char *arg, bool unset);

/* the table entries; @ao: struct record_attr_opts *, @t: struct target * */
#define OPT_RECORD_ATTR(ao, t)						\
	OPT_BOOL('T', "timestamp", &(ao)->timestamp,			\
		 "record the sample timestamps (--no-timestamp: none)"),	\
	OPT_STR('k', "clockid", &(ao)->clockid, "clockid",		\
		"clock for the event times: monotonic, monotonic_raw, realtime, boottime, tai or a number"), \
	OPT_STR('D', "delay", &(ao)->delay, "ms",			\
		"wait ms after the program starts before enabling (-1: start disabled), or enable in ranges 'A-B,C-D'"), \
	OPT_CALLBACK(0, "filter", (ao), "filter",			\
		     "tracepoint filter for the -e event before it", record_filter_cb), \
	OPT_STR('G', "cgroup", &(t)->cgroup, "name",			\
		"monitor events in cgroup name only (with -a; name,name: one per event)"), \
	OPT_BOOL(0, "switch-events", &(ao)->switch_events,		\
		 "record context switch events"),			\
	{ OPT_T_CALLBACK, 0, "user-regs", &(ao)->user_regs, "regs",	\
	  "sample these user registers ('?' lists them; default all)",	\
	  OPT_OPTARG | OPT_NONEG, record_regs_cb },			\
	{ OPT_T_CALLBACK, 'I', "intr-regs", &(ao)->intr_regs, "regs",	\
	  "sample these registers at the interrupt ('?' lists them; default all)", \
	  OPT_OPTARG | OPT_NONEG, record_regs_cb },			\
	{ OPT_T_BOOL, 'b', "branch-any", &(ao)->branch_any, NULL,	\
	  "sample any taken branches (a branch stack)", OPT_NONEG, NULL }, \
	OPT_STR('j', "branch-filter", &(ao)->branch_filter, "filter",	\
		"branch stack filter: any, any_call, any_ret, ind_call, ind_jmp, call, cond, u, k, hv, ...")

/**
 * record_attr_check - parse the options into @ao->ra and @ao->sched;
 * prints what is wrong, and perf's warning about --user-regs with
 * --call-graph dwarf (@dwarf) unless @quiet. Returns 0 or an exit status.
 */
int record_attr_check(struct record_attr_opts *ao, bool dwarf, bool quiet);

/**
 * record_attr_filters - give the --filter expressions of -e spec @spec to
 * the events it made (from index @first on). Returns 0 or an exit status.
 */
int record_attr_filters(const struct record_attr_opts *ao, struct evlist *el,
			int spec, int first);

/**
 * record_attr_cgroups - open the -G cgroups of the first @nr events (those
 * of -e). Returns 0 or an exit status.
 */
int record_attr_cgroups(struct record_attr_opts *ao, const struct evlist *el,
			int nr, const struct target *t);

/** record_attr_open - evsel_open(), in its -G cgroup if it has one */
int record_attr_open(const struct record_attr_opts *ao, struct evsel *e,
		     const struct evlist *el);

/** record_attr_describe - the CLOCKID and CLOCK_DATA features for -k */
int record_attr_describe(const struct record_attr_opts *ao,
			 struct pdata_writer *w);

/**
 * record_attr_tick - run the -D schedule @ms after the start: enable or
 * disable @el's events except @track (with perf's messages unless @quiet)
 * @step: the schedule's position, 0 at the start
 * Returns the ms until the next switch, -1 for none, or -2 when the
 * schedule is over and the recording ends.
 */
long record_attr_tick(const struct record_attr_opts *ao, struct evlist *el,
		      const struct evsel *track, long ms, int *step, bool quiet);

/** record_attr_release - close the cgroups, free the lists */
void record_attr_release(struct record_attr_opts *ao);

#endif
