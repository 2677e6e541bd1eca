/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_RECATTR_H
#define PTOOL_RECATTR_H

/*
 * record's optional sampling attributes, parsed from perf record's option
 * syntax: -k/--clockid names, --user-regs/--intr-regs register lists,
 * -b/-j branch filters, -D delays and enable ranges; recattr_apply() sets
 * them on an event's perf_event_attr the way perf 6.1's evsel__config()
 * does.
 */

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* what record's options ask of every event */
struct recattr {
	bool no_timestamp;	/* --no-timestamp: no PERF_SAMPLE_TIME */
	bool use_clockid;	/* -k */
	int clockid;
	uint64_t regs_user;	/* --user-regs mask, 0 for none */
	uint64_t regs_intr;	/* --intr-regs mask, 0 for none */
	uint64_t branch;	/* -b/-j: branch_sample_type, 0 for none */
	bool switch_events;	/* --switch-events */
};

/**
 * recattr_apply - set what @ra asks on @a, as perf does: the clock on
 * every event, registers and branch stacks on the sampling events (not on
 * @track, the side-band dummy), context switches on the event that carries
 * the side-band records (@side_band)
 */
void recattr_apply(const struct recattr *ra, struct perf_event_attr *a,
		   bool track, bool side_band);

struct evlist;
struct evsel;

enum recattr_cg { RECATTR_CG_NONE, RECATTR_CG_FP, RECATTR_CG_DWARF };

/* what record's options add up to, for recattr_configure() */
struct recattr_cfg {
	const struct recattr *ra;	/* -T -k --user-regs ... */
	struct evsel *track;	/* the side-band dummy:HG (last), or NULL */
	bool inherit;		/* not --no-inherit, not -t */
	bool per_cpu;		/* -a/-C: CPU in every sample */
	bool raw;		/* -R: RAW and CPU in every sample */
	bool workload_only;	/* a command and no other target */
	bool delayed;		/* -D: events start disabled */
	bool freq_given, period_given;	/* -F, -c */
	uint64_t freq, period;
	enum recattr_cg cg;	/* -g, --call-graph */
	uint32_t dump_size;	/* --call-graph dwarf's stack bytes */
	bool read_lost;		/* the kernel has PERF_FORMAT_LOST (6.0) */
	bool ksymbol;		/* the kernel has KSYMBOL/BPF_EVENT (5.1) */
};

/**
 * recattr_configure - perf record's perf_event_attr policy (perf 6.1's
 * evsel__config() for record) on every event of @el: enabling, inherit,
 * read_format, the sample type and period or frequency (a period=/freq=
 * term of an event's spec wins, except for tracepoints given -c/-F),
 * callchains and DWARF stacks, ID or IDENTIFIER for several events, the
 * same id fields in every sample, and the side-band records (mmap, comm,
 * task, ksymbol, context switches) on @c->track or else the first event
 * Returns the sample_type that every record's id fields follow.
 */
uint64_t recattr_configure(struct evlist *el, const struct recattr_cfg *c);

/**
 * recattr_configure_top - perf top's perf_event_attr policy on every event
 * of @el: enabled at once, inherited, IP, TID, TIME, CPU and PERIOD in
 * every sample (IDENTIFIER too for several events), callchains with
 * @callchain, the side-band records on the first event; an event without a
 * period= term samples every @period events, or @freq times a second when
 * @period is 0
 */
void recattr_configure_top(struct evlist *el, uint64_t period,
			   uint64_t freq, bool callchain);

/**
 * recattr_parse_clockid - -k's argument: a clock name as perf takes it
 * (monotonic, monotonic_raw, realtime, boottime, tai, with or without a
 * CLOCK_ prefix, in any case; mono, raw, real, boot for short) or a number
 * @id: set to the clockid
 * Returns 0 or -EINVAL.
 */
int recattr_parse_clockid(const char *s, int *id);

/** recattr_clockid_name - perf's name of clock @id, NULL when it has none */
const char *recattr_clockid_name(int id);

/* all registers perf samples by default on x86_64: AX..SS, R8..R15 */
#define RECATTR_REGS_ALL 0xff0fffull
/* SP and IP: what DWARF unwinding needs at least */
#define RECATTR_REGS_DWARF_MIN ((1ull << 7) | (1ull << 8))

/**
 * recattr_parse_regs - a register list as --user-regs/--intr-regs take it:
 * comma-separated names (AX, BX ... R15, any case); NULL or "" for all
 * @mask: set to the sample_regs_user/_intr mask
 * @bad: on -EINVAL, set to the offset of the unknown name in @s
 * Returns 0 or -EINVAL.
 */
int recattr_parse_regs(const char *s, uint64_t *mask, size_t *bad);

/** recattr_reg_name - the name of register @i (0..63), NULL for none */
const char *recattr_reg_name(int i);

/**
 * recattr_parse_branch - a -j filter list (any, any_call, any_ret,
 * ind_call, ind_jmp, call, cond, abort_tx, in_tx, no_tx, save_type, stack,
 * priv, u, k, hv; comma-separated, any case) into branch_sample_type. A
 * list with only u/k/hv means any branch (perf's rule, which then drops
 * the privilege bits). NULL (-b) is any.
 * @bad: on -EINVAL, set to the offset of the unknown name in @s
 * Returns 0 or -EINVAL.
 */
int recattr_parse_branch(const char *s, uint64_t *mode, size_t *bad);

/* -D: the delay before enabling, or ranges of time the events are on */
struct recattr_delay {
	int nr;			/* ranges; 0: a plain delay */
	long delay_ms;		/* a plain delay; -1: never enabled */
	struct { long on, off; } r[16];	/* ms after the start */
};

/**
 * recattr_parse_delay - -D's argument: msecs, -1, or ranges 'A-B,C-D'
 * (increasing, each B > A, in ms)
 * Returns 0 or -EINVAL.
 */
int recattr_parse_delay(const char *s, struct recattr_delay *d);

/**
 * recattr_delay_step - what to do @ms after the start
 * @step: the number of switches done so far (0 at the start); advanced
 *	when one is due
 * @enable: set to whether the events are to be on after this step
 * Returns 1 when a switch is due now (then @enable says which), 0 when
 * not: @wait_ms is set to the ms until the next one, or -1 when there is
 * none; 2 when the schedule is over (the recording stops).
 */
int recattr_delay_step(const struct recattr_delay *d, long ms, int *step,
		       bool *enable, long *wait_ms);

#endif
