/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_EVLIST_H
#define PTOOL_EVLIST_H

/*
 * An ordered list of events (evsels) and the cpu and thread maps they are
 * opened on. evspec_parse() fills it from -e specs.
 *
 * Usage (record):
 *	struct evlist *el = evlist_new();
 *	err = evspec_parse(el, "cycles:u,{a,b}", NULL, &perr);
 *	evlist_for_each(el, evsel)
 *		evsel->attr.sample_type = ...;	// sampling fields
 *	err = evlist_set_maps(el, &target, workload.pid);
 *	err = evlist_open(el, &failed);		// or evsel_open() per event
 *	evlist_enable(el);  ...  evlist_disable(el);
 *	evlist_free(el);
 */

#include <stdbool.h>
#include <sys/types.h>

#include "ptool/cpumap.h"
#include "ptool/evsel.h"
#include "ptool/target.h"

struct evlist {
	struct evsel **entry;	/* nr events, in spec order */
	int nr;
	int alloc;
	int nr_groups;		/* groups with more than one member */
	struct cpumap *cpus;	/* set by evlist_set_maps() (owned) */
	struct threadmap *threads;
};

#define evlist_for_each(el, evsel)					\
	for (int _i_##evsel = 0; _i_##evsel < (el)->nr &&		\
	     ((evsel) = (el)->entry[_i_##evsel], 1); _i_##evsel++)

/** evlist_new - an empty list (free with evlist_free()) */
struct evlist *evlist_new(void);

/** evlist_free - close and free every event, the maps and @el; NULL is a no-op */
void evlist_free(struct evlist *el);

/** evlist_add - append @evsel (the list owns it); sets evsel->idx */
void evlist_add(struct evlist *el, struct evsel *evsel);

/** evlist_first - the first event, or NULL */
struct evsel *evlist_first(const struct evlist *el);

/**
 * evlist_find - the first event named @name, or NULL
 */
struct evsel *evlist_find(const struct evlist *el, const char *name);

/**
 * evlist_set_maps - build the cpu and thread maps of @t (see target_maps())
 * @workload: the workload's pid when no -p/-t/-a/-C was given
 * Returns 0 or -errno.
 */
int evlist_set_maps(struct evlist *el, const struct target *t, pid_t workload);

/**
 * evlist_set_filter - give the tracepoint filter @expr (tracefs syntax) to
 * the events from index @first on (those that one -e spec made); the
 * kernel checks it when they are opened (PERF_EVENT_IOC_SET_FILTER)
 * @bad: set to the first of them that is not a tracepoint
 * Returns 0, or -EINVAL when one is not (nothing is set then).
 */
int evlist_set_filter(struct evlist *el, int first, const char *expr,
		      struct evsel **bad);

/**
 * evlist_set_maps_direct - take ownership of given maps (tests, callers
 * that build their own)
 */
void evlist_set_maps_direct(struct evlist *el, struct cpumap *cpus,
			    struct threadmap *threads);

/**
 * evlist_open - open every event on the maps, leaders before members
 * @failed: set to the event that failed (NULL on success)
 * Stops at the first failure. Returns 0 or -errno; explain with
 * evsel_strerror(*failed, err, ...). Events that record may fall back for
 * are better opened one by one with evsel_open()/evsel_fallback().
 */
int evlist_open(struct evlist *el, struct evsel **failed);

/** evlist_close - close every event */
void evlist_close(struct evlist *el);

/** evlist_enable - enable every open event; returns 0 or the first -errno */
int evlist_enable(struct evlist *el);

/** evlist_disable - disable every open event; returns 0 or the first -errno */
int evlist_disable(struct evlist *el);

/**
 * evlist_set_leader - make el->entry[@first..@first+@n-1] one group led by
 * entry[@first] (used by the spec parser for {a,b})
 */
void evlist_set_leader(struct evlist *el, int first, int n);

/** evlist_open_fn - open one event of @el (evlist_open_fallback()) */
typedef int (*evlist_open_fn)(struct evsel *e, struct evlist *el, void *arg);

/**
 * evlist_open_fallback - open every event of @el, each falling back as perf
 * does (evsel_fallback()) until it opens or cannot fall back; the fallback
 * from cycles to cpu-clock is told once per event with pr_info() ("ptool
 * CMD: cycles is not supported here, falling back to cpu-clock"), the
 * other steps with pr_debug()
 * @open: opens one event (NULL: evsel_open() on @el's maps), @arg its own
 * @is_default: the list is perf's default event, which is then named
 *              "cpu-clock:ppp" as perf names it
 * @quiet: no notice of the fallback
 * @failed: set to the event that did not open (NULL on success)
 * Stops at the first failure. Returns 0 or its -errno.
 */
int evlist_open_fallback(struct evlist *el, evlist_open_fn open, void *arg,
			 bool is_default, bool quiet, struct evsel **failed);

/**
 * evlist_set_maps_per_cpu - evlist_set_maps(), with a task target opened on
 * every online cpu: the kernel refuses to mmap an inherited per-task event
 * that is not bound to a cpu, so perf does the same
 * Returns 0 or -errno.
 */
int evlist_set_maps_per_cpu(struct evlist *el, const struct target *t,
			    pid_t workload);

struct ring;
struct strbuf;

/**
 * evlist_map_rings - one ring buffer of @pages per cpu of @el's maps: the
 * first event's fd of that cpu is mapped and every other fd of that cpu
 * sends its records into it
 * @rings: el->cpus->nr slots, filled in cpu order (the rings mapped before
 *         a failure stay there for the caller to unmap)
 * @err: on failure, one line saying what failed and why: "cannot map the
 *       ring buffer (N pages): <strerror>" or "cannot share a ring buffer
 *       between events: <strerror>"
 * Returns 0 or -errno (-EPERM from mapping: more pages than
 * perf_event_mlock_kb allows).
 */
int evlist_map_rings(const struct evlist *el, unsigned int pages,
		     struct ring **rings, struct strbuf *err);

/**
 * evlist_map_rings_shrink - evlist_map_rings(), but a ring that the mlock
 * limit refuses (EPERM, ENOMEM) is tried again at half the size while it
 * is larger than @min_pages; the smaller size carries on to the next cpus
 * @pages: the size to try, set to the size of the last ring mapped
 */
int evlist_map_rings_shrink(const struct evlist *el, unsigned int *pages,
			    unsigned int min_pages, struct ring **rings,
			    struct strbuf *err);

#endif
