/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_STATAGG_H
#define PTOOL_STATAGG_H

/*
 * The counting side of stat: how the fds of a counting event add up into
 * scopes (everything, one cpu, one thread, or the cpus of one socket, die,
 * core or node, as perf stat's -A, --per-thread and --per-socket...), the
 * sums over repeated runs with their noise, and the values of perf's tool
 * events (duration_time, user_time, system_time).
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>

#include "ptool/counts.h"
#include "ptool/cpumap.h"

/* what one scope is */
enum statagg_mode {
	STATAGG_GLOBAL,		/* one scope: every fd */
	STATAGG_CPU,		/* -A: a scope per cpu */
	STATAGG_THREAD,		/* --per-thread: a scope per thread */
	STATAGG_SOCKET,		/* --per-socket */
	STATAGG_DIE,		/* --per-die */
	STATAGG_CORE,		/* --per-core */
	STATAGG_NODE,		/* --per-node */
};

struct statagg {
	enum statagg_mode mode;
	int nr_scopes;
	int nr_cpus;
	struct cpu_topo *aggr;	/* socket...node modes: each scope's place */
	int *cpu_aggr;		/* and the scope of each cpu index */
};

/**
 * statagg_init - the scopes of @mode over @nr_cpus cpus and @nr_threads
 * threads; for the socket, die, core and node modes @topo (one entry per
 * cpu index) groups the cpus into scopes in perf's order (by node, socket,
 * die, core). @topo may be NULL for the other modes. Release with
 * statagg_release().
 */
void statagg_init(struct statagg *a, enum statagg_mode mode,
		  const struct cpu_topo *topo, int nr_cpus, int nr_threads);

/**
 * statagg_init_cpus - statagg_init() with the topology of @cpus read from
 * sysfs (cpu_topology()); @a is initialised also on failure
 * Returns 0, or -errno when a cpu's topology cannot be read.
 */
int statagg_init_cpus(struct statagg *a, enum statagg_mode mode,
		      const struct cpumap *cpus, int nr_threads);

/** statagg_release - free what statagg_init() allocated; @a may be zeroed */
void statagg_release(struct statagg *a);

/** statagg_is_topo - whether @mode groups cpus by topology */
static inline bool statagg_is_topo(enum statagg_mode mode)
{
	return mode >= STATAGG_SOCKET;
}

/**
 * statagg_sum - the count of scope @k of @c: the last reading, or the
 * change since the one before when @delta; scaled for multiplexing as
 * counts_sum() does
 */
void statagg_sum(const struct statagg *a, const struct counts *c, int k,
		 bool delta, struct evsel_count *out);

/** statagg_nr_cpus - how many cpus scope @k of a topology mode adds up */
int statagg_nr_cpus(const struct statagg *a, int k);

/* one event's sums over repeated runs, per scope */
struct statagg_runs {
	int nr_scopes;
	struct runstat *val;	/* the counts */
	double *ena, *run;	/* time enabled and running, summed */
};

/** statagg_runs_init - zeroed sums for @nr_scopes scopes (statagg_runs_release()) */
void statagg_runs_init(struct statagg_runs *s, int nr_scopes);

/** statagg_runs_release - free @s's arrays; a zeroed @s is fine */
void statagg_runs_release(struct statagg_runs *s);

/** statagg_runs_add - add one run's count @c of scope @k */
void statagg_runs_add(struct statagg_runs *s, int k,
		      const struct evsel_count *c);

/* a scope's value as stat shows it */
struct statagg_value {
	double value;		/* the count (mean over runs) */
	uint64_t run;		/* time running, ns (mean over runs) */
	double pct_running;	/* 100 * running / enabled */
	double noise_pct;	/* stddev of the mean in % (0 for one run) */
};

/**
 * statagg_runs_value - the value of scope @k after @runs runs
 * Returns false when the event never ran there (perf's "<not counted>").
 */
bool statagg_runs_value(const struct statagg_runs *s, int k, int runs,
			struct statagg_value *v);

/**
 * statagg_count_value - the value of one reading @c (an interval's delta)
 * Returns false when the event did not run (perf's "<not counted>").
 */
bool statagg_count_value(const struct evsel_count *c,
			 struct statagg_value *v);

/**
 * statagg_tool_count - the reading of a tool event (EVSEL_TOOL_* in
 * @config): duration_time is @run_ns; user_time and system_time are the
 * workload's from @ru, or 0 without one (@ru NULL)
 */
void statagg_tool_count(uint64_t config, double run_ns,
			const struct rusage *ru, struct evsel_count *c);

#endif
