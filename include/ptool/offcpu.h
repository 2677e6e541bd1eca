/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_OFFCPU_H
#define PTOOL_OFFCPU_H

#include <stdbool.h>
#include <stdint.h>

#include <linux/perf_event.h>

#include "ptool/evlist.h"
#include "ptool/evspec.h"

/*
 * Off-CPU profiles with tracepoints only (record --off-cpu).
 *
 * The recording samples sched:sched_switch on every hit with the
 * sampling event's callchain settings (and user registers and stack with
 * --call-graph dwarf) and asks for context-switch records
 * (attr.context_switch, PERF_RECORD_SWITCH / SWITCH_CPU_WIDE) on it. A
 * sched_switch sample is taken in the context of the task that switches
 * out, so its tid and callchain are the blocked task's; the task's next
 * switch-in record (sample_id_all gives its tid and time) ends the
 * off-CPU span. The reader (session.h, SESSION_OFFCPU) turns each such
 * pair into one "offcpu-time" sample weighted by the span in ns.
 *
 * perf 6.1 does this in BPF (an "offcpu-time" event of synthesised
 * samples written at the end, one per task and stack, needing a perf
 * built with BUILD_BPF_SKEL=1); this is the same analysis from records
 * any perf can read.
 */

#define OFFCPU_TRACEPOINT	"sched:sched_switch"
#define OFFCPU_EVENT_NAME	"offcpu-time"	/* perf's name for it */

/**
 * offcpu_add - append the sched:sched_switch event of an off-CPU
 * recording to @el (nothing when @el has it already)
 * @ctx, @err: as for evspec_parse()
 * Returns 0 or -errno (tracefs missing: see @err).
 */
int offcpu_add(struct evlist *el, const struct evspec_ctx *ctx,
	       struct evspec_err *err);

/**
 * offcpu_config - after the common attr setup: every sched_switch hit
 * is sampled (period 1, whatever -F/-c said) with its raw data, and
 * context-switch records come with it
 */
void offcpu_config(struct evlist *el);

/**
 * offcpu_attr_is - whether an event of a recording (its @attr and
 * display @name) is the sched_switch event of an off-CPU recording:
 * a tracepoint sampled with raw data and context-switch records
 */
bool offcpu_attr_is(const struct perf_event_attr *attr, const char *name);

#endif
