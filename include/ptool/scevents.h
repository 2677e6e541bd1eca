/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_SCEVENTS_H
#define PTOOL_SCEVENTS_H
/*
 * The live events of `ptool trace`: raw_syscalls:sys_enter and sys_exit
 * opened on a target (per cpu, as the kernel maps inherited task events
 * only that way), one ring buffer per cpu that both events share, a kernel
 * filter on the syscall ids, and a drain that hands every record over.
 *
 * Usage:
 *	err = scevents_open(&sc, &o, &why);	// "cannot <step> ...: <reason>"
 *	... workload_start() (enable_on_exec) or scevents_enable() ...
 *	while (...) {
 *		n = scevents_drain(sc, fn, arg);	// one round over the rings
 *		scevents_poll(sc, 100, &mask);
 *	}
 *	scevents_free(sc);
 */
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/perf_event.h>

#include "ptool/target.h"

struct scevents;
struct evlist;

struct scevents_opts {
	const struct target *target;
	pid_t workload;		/* the workload's pid when target_none() */
	bool inherit;		/* follow children (perf's default) */
	const char *filter;	/* tracepoint filter on "id", or NULL */
	unsigned int pages;	/* ring size per cpu in pages (power of two) */
};

struct strbuf;

/**
 * scevents_open - open the two events on the target and map the rings
 * @err: on failure, one line saying what failed and why: "cannot <step>
 *	 raw_syscalls:sys_enter/sys_exit: <reason>", the step being "find
 *	 tracefs for", "set up the target for", "open", "filter" or "map the
 *	 ring buffers of", the reason evsel_strerror()'s for a failed open,
 *	 else strerror()
 * Returns 0 (@out set, scevents_free()) or -errno.
 */
int scevents_open(struct scevents **out, const struct scevents_opts *o,
		  struct strbuf *err);

/** scevents_free - close everything; NULL is a no-op */
void scevents_free(struct scevents *sc);

/** scevents_evlist - the events (attrs and ids), lent */
const struct evlist *scevents_evlist(const struct scevents *sc);

/** scevents_enable - start counting (targets other than a new workload) */
int scevents_enable(struct scevents *sc);

/** scevents_disable - stop counting */
int scevents_disable(struct scevents *sc);

/** scevents_nr_rings - the number of rings (one per cpu) */
int scevents_nr_rings(const struct scevents *sc);

/** scevents_pages - the pages each ring has (after a smaller fallback) */
unsigned int scevents_pages(const struct scevents *sc);

typedef int (*scevents_fn)(const struct perf_event_header *rec, int ring,
			   void *arg);

/**
 * scevents_drain - one round: every record now in each ring, ring by ring,
 * handed to @fn (valid during the call only)
 * Returns the number of records, or -errno (-EBADMSG: a corrupt record,
 * or @fn's negative return).
 */
long scevents_drain(struct scevents *sc, scevents_fn fn, void *arg);

/**
 * scevents_poll - wait for data in any ring, at most @timeout_ms, taking
 * the signals not in @mask meanwhile
 * Returns 1 on data, 0 on timeout or signal, 2 when every fd was hung
 * up (the traced tasks are gone), or -errno.
 */
int scevents_poll(struct scevents *sc, int timeout_ms, const sigset_t *mask);

/**
 * scevents_lost - the samples the kernel dropped on the fds of ring @ring
 * (PERF_FORMAT_LOST, Linux 6.0; inherited children's losses are not
 * included, the kernel counts them on the child events)
 */
uint64_t scevents_lost(const struct scevents *sc, int ring);

#endif
