/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_HIST_H
#define PTOOL_HIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptool/session.h"

/*
 * Aggregation of samples into report entries, as perf report does it.
 *
 * Samples are first folded into unique stacks (thread key + resolved
 * frames), so a million samples cost a million hash lookups and nothing
 * more. hist_finish() turns the stacks into entries keyed by the sort keys
 * (self period, and with children mode the period of every sample whose
 * chain contains the entry), and builds call trees only for the entries
 * that will show one.
 */

enum hist_key {
	HIST_KEY_COMM,
	HIST_KEY_PID,
	HIST_KEY_DSO,
	HIST_KEY_SYM,
	HIST_KEY_SRCLINE,
	HIST_KEY_CPU,
	HIST_KEY_SOCKET,
	HIST_KEY_PARENT,
	HIST_KEY_SRCFILE,
	HIST_KEY_TIME,
	HIST_KEY_TRACE,
	HIST_KEY_MAX
};

/*
 * perf's output fields, which -F lists among the sort keys: numbered
 * after the keys so that one list holds both
 */
enum hist_field {
	HIST_FIELD_OVERHEAD = HIST_KEY_MAX,	/* self share */
	HIST_FIELD_OVERHEAD_SYS,	/* self share in the kernel */
	HIST_FIELD_OVERHEAD_US,		/* self share in user space */
	HIST_FIELD_OVERHEAD_CHILDREN,	/* children share */
	HIST_FIELD_SAMPLE,		/* number of samples */
	HIST_FIELD_PERIOD,		/* self period */
	HIST_FIELD_MAX
};

enum hist_order {
	HIST_ORDER_CALLEE,	/* leaf first */
	HIST_ORDER_CALLER,	/* root first */
};

/**
 * struct hist_opts - what to aggregate
 * @keys: sort keys in order, @nr_keys of them
 * @elide: keys that still sort and tell entries apart but get no column
 *         (perf's elided columns: a filter that lets one value through)
 * @children: accumulate callers' entries (perf's --children)
 * @callchain: keep call trees for entries (graph output)
 * @order: order of the frames in the call trees
 * @min_percent: call tree nodes under this percentage of the total are
 *               dropped (perf's -g ...,0.5)
 * @fractal: call tree thresholds relative to the parent (-g fractal)
 * @parent_re: the parent key's regular expression (perf's --parent), NULL
 *             for perf's "^sys_|^do_page_fault"
 * @time_quantum: the time key's bucket in ns, 0 for perf's 100ms
 * @tp: tracepoint formats for the trace key (borrowed), or NULL
 * @sockets: socket id per cpu for the socket key (borrowed), @nr_sockets
 *           of them; a cpu past the end is socket -1
 * @fields: with @nr_fields > 0, perf's -F: the columns in order, sort keys
 *          (enum hist_key) and output fields (enum hist_field); entries
 *          are then sorted by @sort_fields (@nr_fields of them) first
 * @live: samples of a live session (ptool top): command names are copied
 *        as samples come (session_reap() frees them), and hist_finish()
 *        may be called again after each hist_decay()
 */
struct hist_opts {
	enum hist_key keys[HIST_KEY_MAX];
	int nr_keys;
	bool elide[HIST_KEY_MAX];
	bool children;
	bool callchain;
	enum hist_order order;
	double min_percent;
	bool fractal;
	const char *parent_re;
	uint64_t time_quantum;
	const struct tpfmt *tp;
	const int32_t *sockets;
	size_t nr_sockets;
	int fields[HIST_FIELD_MAX];
	int sort_fields[HIST_FIELD_MAX];
	int nr_fields;
	bool live;
};

struct tpfmt;

/**
 * hist_parse_keys - fill @ho's keys from a --sort list ("comm,dso,sym";
 * "symbol" is "sym"; repeated keys count once): comm, pid, dso, sym,
 * srcline, cpu, socket, parent, srcfile, time, trace
 * @bad: set to the first unknown key (a pointer into a static copy: use it
 *       before the next call), or NULL for an empty list
 * Returns 0, or -EINVAL.
 */
int hist_parse_keys(const char *s, struct hist_opts *ho, const char **bad);

/**
 * hist_parse_fields - fill @ho's fields from a -F list ("overhead,comm,sym"):
 * output fields (overhead, overhead_sys, overhead_us, overhead_children,
 * sample, period) and sort keys in any order, repeats counting once
 * @keys_given: @ho's keys come from --sort: they are appended as columns
 *              when -F lacks them and sort first; otherwise the keys are
 *              the -F list's keys, and the -F order is the sort order
 * @bad: set to the first unknown name (static copy), NULL for an empty list
 * Returns 0 or -EINVAL.
 */
int hist_parse_fields(const char *s, struct hist_opts *ho, bool keys_given,
		      const char **bad);

/**
 * hist_field_name - the -F name of field or key @f ("overhead", "sym" ...)
 */
const char *hist_field_name(int f);

/**
 * hist_key_name - the --sort name of @k ("comm", "sym" ...)
 */
const char *hist_key_name(enum hist_key k);

/**
 * hist_key_is_branch - whether @name is one of perf's branch-mode sort
 * keys (dso_from, symbol_to, mispredict ...), which need branch stacks
 */
bool hist_key_is_branch(const char *name);

/**
 * hist_parse_regex - whether @re compiles as a parent regular expression
 * (POSIX extended, as perf's --parent); 0 or -EINVAL
 */
int hist_parse_regex(const char *re);

/** struct hist_frame - a distinct frame of the call trees */
struct hist_frame {
	struct sym_dso *dso;
	const struct sym *sym;
	const char *name;	/* symbol or inline name, NULL unresolved */
	uint64_t ip;		/* run-time address (unresolved: printed) */
	uint64_t addr;		/* dso address */
	bool kernel;
	bool inlined;
};

/** struct hist_node - a call tree node (perf's callchain_node) */
struct hist_node {
	uint32_t *frames;	/* frame ids of this node's run */
	uint32_t nr_frames;
	uint64_t hit;		/* period of chains ending here */
	uint64_t children_hit;	/* period of chains going through */
	uint64_t count;		/* samples of chains ending here */
	uint64_t children_count;	/* samples of chains going through */
	struct hist_node **kids;	/* sorted by cumulated hits, desc */
	uint32_t nr_kids;
	struct hist_node *parent;
	uint32_t seq;		/* creation order (ties) */
};

/** struct hist_entry - one report line */
struct hist_entry {
	const char *comm;
	const char *pid_comm;	/* the thread's last name (the pid column) */
	int32_t pid;
	struct sym_dso *dso;
	uint32_t frame;		/* frame id of the symbol (dso, sym) */
	const char *srcline;	/* with HIST_KEY_SRCLINE */
	bool kernel;
	bool raw;		/* unresolved, from a callchain: shown and
				 * keyed by run-time address, as perf does */
	uint64_t uaddr;		/* unresolved: the address it is keyed by */
	uint64_t inl_base;	/* an inlined frame: the start of the
				 * function it is inlined into (perf keeps
				 * those apart) */
	int32_t cpu;		/* with HIST_KEY_CPU or HIST_KEY_SOCKET */
	int32_t socket;		/* with HIST_KEY_SOCKET */
	uint64_t time;		/* with HIST_KEY_TIME: the bucket's start */
	const char *trace;	/* with HIST_KEY_TRACE ("N/A": no raw data) */
	const char *parent;	/* with HIST_KEY_PARENT ("[other]": none) */
	const char *srcfile;	/* with HIST_KEY_SRCFILE ("": unknown) */

	uint64_t self;		/* period where this is the leaf */
	uint64_t self_sys;	/* of @self, samples in the kernel */
	uint64_t children;	/* period of samples going through (>= self) */
	uint64_t nr_samples;	/* samples where this is the leaf */
	bool filtered;		/* hidden by --comm/--dso/--symbols/--pid */

	struct hist_node *root;	/* call tree, NULL when not built */
	uint32_t stamp;
	int32_t tid;		/* thread of the first sample (children mode) */
	const void *thread;	/* that thread under its name then (identity) */
	uint32_t max_depth;	/* longest chain through it (children mode) */
	uint32_t seq;		/* creation order */
};

struct hist;

/** hist_new - an empty aggregation (free with hist_free()) */
struct hist *hist_new(const struct hist_opts *o);

/** hist_free - release; NULL is a no-op */
void hist_free(struct hist *h);

struct strbuf;

/**
 * hist_trace_text - append perf's "trace" key text of @ss: its tracepoint
 * record's fields as perf script prints them, or "N/A" for a sample of an
 * event that is no tracepoint or a record @tp cannot format (the text of
 * HIST_KEY_TRACE and of out_trace.h's table)
 */
void hist_trace_text(struct session *s, const struct tpfmt *tp,
		     const struct session_sample *ss, struct strbuf *out);

/**
 * hist_add - fold one sample in
 * @s: the session (for srclines)
 * @ss: the sample with its frames
 */
void hist_add(struct hist *h, struct session *s, const struct session_sample *ss);

/**
 * hist_add_hidden - fold in a sample that a filter (--comms, --dsos ...)
 * rejects: it counts in the totals, and it adds to the entries of its
 * chain, but an entry it creates stays hidden, as in perf (where whether
 * an entry shows depends on the first sample that made it)
 */
void hist_add_hidden(struct hist *h, struct session *s,
		     const struct session_sample *ss);

/**
 * hist_add_period - count a sample in the totals only (a sample hidden by
 * a --comm/--pid filter still counts in perf's absolute percentages)
 */
void hist_add_period(struct hist *h, uint64_t period);

/**
 * hist_filter_fn - return true to hide an entry (applied in hist_finish)
 */
typedef bool (*hist_filter_fn)(const struct hist_entry *e,
			       const char *sym_name, void *arg);

/**
 * hist_finish - build and sort the entries; call once after the last
 * hist_add()
 * @filter: NULL or a predicate hiding entries (they still count in totals)
 * @min_show: entries whose percentage (children in children mode, else
 *            self) is under this get no call tree (--percent-limit)
 */
void hist_finish(struct hist *h, hist_filter_fn filter, void *arg,
		 double min_show);

/** hist_total - sum of periods of all samples added */
uint64_t hist_total(const struct hist *h);

/** hist_nr_samples - number of samples added */
uint64_t hist_nr_samples(const struct hist *h);

/** hist_nr_entries - number of entries after hist_finish() */
size_t hist_nr_entries(const struct hist *h);

/** hist_entry_at - entry @i in display order, lent */
const struct hist_entry *hist_entry_at(const struct hist *h, size_t i);

/** hist_frame_at - the frame of id @id, lent */
const struct hist_frame *hist_frame_at(const struct hist *h, uint32_t id);

/**
 * hist_entry_cmp_keys - compare two entries, of @hx and @hy (made with the
 * same sort keys), by their sort keys only, in perf's tie order
 * Returns <0, 0 (the same keys: one line in perf) or >0.
 */
int hist_entry_cmp_keys(const struct hist *hx, const struct hist_entry *x,
			const struct hist *hy, const struct hist_entry *y);

/**
 * hist_entry_cmp_key - compare two entries of @h by sort key @k alone
 * Returns <0, 0 (the same value) or >0.
 */
int hist_entry_cmp_key(const struct hist *h, const struct hist_entry *x,
		       const struct hist_entry *y, enum hist_key k);

/**
 * hist_node_key_cmp - the order perf keeps two sibling call-tree nodes of
 * @h in before it sorts them by period (its tie order), as in
 * hist_node.kids for equal periods
 * Returns <0 when @x comes first, >0 when @y does (0: the same node).
 */
int hist_node_key_cmp(const struct hist *h, const struct hist_node *x,
		      const struct hist_node *y);

/** hist_opts_of - the options @h was made with */
const struct hist_opts *hist_opts_of(const struct hist *h);

/**
 * hist_frame_name - the name perf prints for a frame in call trees:
 * "sym", "sym (inlined)", or the address "0x7f12..." when unresolved;
 * written to @buf (returned)
 */
const char *hist_frame_name(const struct hist_frame *f, char *buf, size_t len);

/**
 * hist_decay - with @live, after a hist_finish(): forget its entries and
 * call trees, and keep @num/@den of each folded stack's period and count
 * (7/8 is perf top's decay between refreshes, 0/1 its -z, 1/1 keeps all
 * to finish again with other filters); stacks that come to zero are
 * dropped. hist_add() and hist_finish() may follow.
 */
void hist_decay(struct hist *h, unsigned int num, unsigned int den);

/** hist_nr_stacks - the distinct folded stacks held now */
size_t hist_nr_stacks(const struct hist *h);

#endif
