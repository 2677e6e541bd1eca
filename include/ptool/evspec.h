/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_EVSPEC_H
#define PTOOL_EVSPEC_H

/*
 * Event specifications in perf's -e syntax, turned into evsels:
 *
 *   spec     := item (',' item)*
 *   item     := event | '{' event (',' event)* '}' [':' mods]
 *   event    := hw | sw | cache | 'r'HEX | pmu '/' terms '/' | sys ':' name
 *               | (hw | sw | cache) '/' terms '/'
 *               | 'mem:' ADDR ['/' LEN] [':' [rwx]+]
 *               followed by [':' mods]
 *   mods     := [ukhpPGHSDIWe]+   (p up to three times)
 *
 * hw: cycles, instructions, cache-references, ... (perf's names and aliases);
 * sw: cpu-clock, task-clock, page-faults, ...; cache: L1-dcache-load-misses
 * and every combination perf accepts; pmu: a directory of
 * <sysfs>/bus/event_source/devices with terms config=, config1=, config2=,
 * event=, umask=, ... (from its format/ directory), name=, period=, freq=,
 * or one of its events/ aliases (cpu/cycles/); tracepoint: sys:name with
 * shell globs in either part, resolved to ids through tracefs
 * events/<sys>/<name>/id (kprobe and uprobe events included).
 *
 * Test seams: ctx->sysfs or sysroots_sysfs() replaces "/sys"; tracefs
 * comes from struct evspec_ctx or tfs_open(NULL) (which honours
 * sysroots_tracefs()).
 */

#include <stdbool.h>
#include <stddef.h>

#include "ptool/evlist.h"

struct tfs;

/* where names are resolved; all fields optional */
struct evspec_ctx {
	const char *sysfs;	/* sysroots_sysfs() when NULL */
	struct tfs *tfs;	/* tracefs to use; NULL: opened when needed */
	bool mount_tracefs;	/* when tfs is NULL: tfs_open_mount(), not tfs_open() */
	bool tool_events;	/* accept duration_time, user_time, system_time */
};

/* a parse error: what and where */
struct evspec_err {
	int pos;		/* byte offset in the spec of the bad part, -1 unknown */
	int kind;		/* EVSPEC_E_* */
	char msg[160];		/* "unknown modifier 'x'", "unknown event 'cyclez'" */
	char *spec;		/* the spec the position refers to (owned, evspec_err_release()) */
};

#define EVSPEC_E_SYNTAX		1	/* malformed: show spec and caret */
#define EVSPEC_E_UNKNOWN	2	/* well formed but no such event */
#define EVSPEC_E_SYSTEM		3	/* tracefs/sysfs unreadable (msg says why) */

/**
 * evspec_parse - parse @spec and append its events to @el
 * @spec: one -e argument (comma lists and groups allowed)
 * @ctx: resolution context, or NULL for the defaults
 * @err: filled on failure (release with evspec_err_release())
 *
 * Events get exclude_guest = 1 like perf unless :G/:H says otherwise, and
 * their display name (evsel->name) as perf prints it: the event's text
 * with its own modifiers ("cycles:u"), "sys:name" for tracepoints, the
 * name= term when given. A tracepoint glob adds one event per match,
 * sorted by sys then name. Tracepoints and breakpoints come with
 * sample_period = 1 (every hit, as perf samples them); period=/freq= terms
 * set sample_period or sample_freq + freq; :S sets evsel->sample_read
 * rather than any attr bit; tool events (ctx->tool_events) have kind
 * EVSEL_TOOL and are never opened.
 * Returns 0, -EINVAL (syntax or unknown event: see @err) or another -errno.
 * On failure @el is unchanged.
 */
int evspec_parse(struct evlist *el, const char *spec,
		 const struct evspec_ctx *ctx, struct evspec_err *err);

/**
 * evspec_err_format - perf-like report of @err for @prefix into @buf:
 *   "<prefix>: event syntax error: 'cycles:x'\n"
 *   "<spaces>^ unknown modifier 'x'"
 * or for an unknown event one line "<prefix>: unknown event 'cyclez'"
 * followed by "Run 'ptool list' for the events this machine offers".
 * No final newline. Returns @buf.
 */
char *evspec_err_format(const struct evspec_err *err, const char *prefix,
			char *buf, size_t len);

/** evspec_err_release - free err->spec */
void evspec_err_release(struct evspec_err *err);

/**
 * evspec_add - evspec_parse() @spec into @el, tracefs mounted when needed,
 * and on failure its error on stderr as the commands print it (the
 * evspec_err_format() text, else "<prefix>: cannot parse event 'x': why")
 * @system: set when the system failed (EVSPEC_E_SYSTEM: tracefs or sysfs
 *          unreadable) rather than the spec
 * Returns 0 or -errno.
 */
int evspec_add(struct evlist *el, const char *spec, bool *system);

/* the generic events the parser knows, for ptool list */
struct evspec_sym {
	const char *name;	/* "cpu-cycles" */
	const char *alias;	/* "cycles", or NULL */
	unsigned int type;	/* PERF_TYPE_HARDWARE or PERF_TYPE_SOFTWARE */
	unsigned long long config;
};

/**
 * evspec_symbols - the table of hardware and software event names
 * @nr: set to its length
 * Returns the table (static).
 */
const struct evspec_sym *evspec_symbols(int *nr);

/**
 * evspec_cache_name - perf's name of a cache event, for listing
 * @cache: PERF_COUNT_HW_CACHE_* id, @op: PERF_COUNT_HW_CACHE_OP_*,
 * @result: PERF_COUNT_HW_CACHE_RESULT_*
 * Returns false for combinations perf does not list; otherwise writes
 * "L1-dcache-load-misses" style text into @buf.
 */
bool evspec_cache_name(int cache, int op, int result, char *buf, size_t len);

#endif
