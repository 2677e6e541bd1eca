/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_STATFMT_H
#define PTOOL_STATFMT_H

/*
 * ptool stat's output: one row per counter in perf stat's layouts (the
 * aligned table, -x CSV, -j JSON lines), number formatting with thousands
 * separators, and the derived metrics of the comment column ("CPUs
 * utilized", "/sec", "GHz", "insn per cycle", "% of all branches" ...).
 * Pure formatting: rows in, text out.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptool/strbuf.h"

enum statfmt_mode {
	STATFMT_STD,	/* perf's aligned table */
	STATFMT_CSV,	/* -x SEP */
	STATFMT_JSON,	/* -j */
};

/* --per-socket, --per-die, --per-core, --per-node */
enum statfmt_aggr {
	STATFMT_AGGR_NONE,
	STATFMT_AGGR_SOCKET,
	STATFMT_AGGR_DIE,
	STATFMT_AGGR_CORE,
	STATFMT_AGGR_NODE,
};

struct statfmt {
	enum statfmt_mode mode;
	const char *sep;	/* CSV separator */
	const char *thousands;	/* digit group separator, "" for none */
	bool interval;		/* rows start with a timestamp */
	bool per_cpu;		/* rows start with CPUn */
	bool per_thread;	/* rows start with comm-tid */
	enum statfmt_aggr aggr;	/* rows start with S0-D0-C1 and a cpu count */
	bool noise;		/* repeated runs: print the variation */
	bool summary;		/* CSV rows of --summary start with "summary" */
};

enum statfmt_state {
	STATFMT_COUNTED,
	STATFMT_NOT_COUNTED,	/* opened but never scheduled */
	STATFMT_NOT_SUPPORTED,	/* could not be opened here */
};

struct statfmt_row {
	double ts;		/* interval rows: seconds since start */
	int cpu;		/* per-cpu rows: the cpu */
	const char *comm;	/* per-thread rows: the thread's name */
	int tid;		/* and its id */
	int socket, die, core, node;	/* aggregated rows: where */
	int aggr_nr;		/* and how many cpus were added up */
	const char *event;
	const char *cgroup;	/* NULL unless -G */
	enum statfmt_state state;
	double value;		/* the count, or nanoseconds when @msec */
	bool msec;		/* a clock: printed as msec with 2 decimals */
	const char *unit;	/* unit of other values ("ns"), NULL for none */
	uint64_t run;		/* time running (ns) */
	double pct_running;	/* 100 * run / enabled */
	double noise_pct;	/* repeated runs: stddev of the mean, % */
	const char *metric_fmt;	/* printf format of the metric, NULL: none */
	double metric;
	const char *metric_unit;
};

/**
 * statfmt_num - @v with @decimals decimals and @thousands between groups of
 * three integer digits ("1,234,567.89"); NaN and infinities as printf does
 * Returns @buf.
 */
char *statfmt_num(double v, int decimals, const char *thousands, char *buf,
		  size_t len);

/** statfmt_row - append one row (with its newline) to @out */
void statfmt_row(const struct statfmt *f, const struct statfmt_row *r,
		 struct strbuf *out);

/** statfmt_interval_header - the "#  time  counts unit events" line (std only) */
void statfmt_interval_header(const struct statfmt *f, struct strbuf *out);

/**
 * statfmt_metric_only_header - --metric-only: the line of metric units of
 * one scope's @n rows (perf leaves out rates and "CPUs utilized")
 */
void statfmt_metric_only_header(const struct statfmt *f,
				const struct statfmt_row *rows, int n,
				struct strbuf *out);

/**
 * statfmt_metric_only_line - --metric-only: one line with the metrics of
 * one scope's @n rows; an event not counted keeps an empty column
 */
void statfmt_metric_only_line(const struct statfmt *f,
			      const struct statfmt_row *rows, int n,
			      struct strbuf *out);

/* values the derived metrics need, from the other counters of one scope */
struct statfmt_shadow {
	double elapsed_ns;	/* wall time of the measurement */
	double clock_ns;	/* mean of task-clock/cpu-clock counts */
	int nr_clock;
	double cycles, branches, cache_refs;
	double l1d_loads, l1i_loads, ll_loads, dtlb_loads, itlb_loads;
	bool has_cycles, has_branches, has_cache_refs;
	bool has_l1d, has_l1i, has_ll, has_dtlb, has_itlb;
};

/** statfmt_shadow_add - feed one counted event of the scope */
void statfmt_shadow_add(struct statfmt_shadow *s, uint32_t type,
			uint64_t config, double value);

/**
 * statfmt_metric - set @r's metric fields from @s for an event of
 * (@type, @config) whose value is r->value, as perf stat derives them;
 * types from PERF_TYPE_MAX on (the tool's own events) get none
 */
void statfmt_metric(const struct statfmt_shadow *s, uint32_t type,
		    uint64_t config, struct statfmt_row *r);

/** statfmt_is_clock - whether (@type, @config) is task-clock or cpu-clock */
bool statfmt_is_clock(uint32_t type, uint64_t config);

#endif
