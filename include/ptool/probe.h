/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_PROBE_H
#define PTOOL_PROBE_H

#include <stdbool.h>
#include <stdint.h>

#include "ptool/strbuf.h"
#include "ptool/tfs.h"

/*
 * Probe specs and the registrar.
 *
 * A probe spec is perf probe's syntax:
 *   [[GROUP:]EVENT=]FUNC[@SRC][:RLINE|+OFF|%return|;PATTERN] [ARG ...]
 *   [[GROUP:]EVENT=]SRC;PATTERN [ARG ...]
 *   [[GROUP:]EVENT=]SRC:ALINE [ARG ...]
 *   [[GROUP:]EVENT=]0xADDR [ARG ...]	(a virtual address in the binary)
 *   ARG: [NAME=]VAR[->FIELD|.FIELD|[IDX]]...[:TYPE] | $retval | $params |
 *        $vars | %REG | +OFF(...) | @SYM ...
 * probe_spec_parse() turns one into a struct probe_spec (a description);
 * the finder (probe_dwarf.h) turns a spec into struct probe_trace lines;
 * probe_add() writes those to uprobe_events/kprobe_events, probe_del()
 * removes events. uprobetracer.rst and kprobetrace.rst define the lines.
 */

/** One argument of a spec, as the user wrote it. */
struct probe_arg {
	char *name;	/* NAME= part, or NULL */
	char *var;	/* "n", "p->x", "arr[2]", "$retval", "%ax", "+8(%di)" */
	char *type;	/* cast without the colon ("u32", "string"), or NULL */
};

/** A parsed probe spec. */
struct probe_spec {
	char *group;	/* explicit GROUP, or NULL */
	char *event;	/* explicit EVENT, or NULL */
	char *func;	/* function, or NULL for SRC:LINE */
	char *file;	/* @SRC or SRC of SRC:LINE, or NULL */
	int line;	/* -1: none; relative to func when func is set */
	uint64_t offset;	/* +OFF */
	bool has_offset;
	bool ret;	/* %return */
	char *lazy;	/* ;PATTERN: lines whose text matches, or NULL */
	bool has_addr;	/* an absolute address (0x1149) instead of func */
	uint64_t addr;
	struct probe_arg *args;
	int nargs;
	int nalloc;
	char *text;	/* the spec as given, for messages */
};

/**
 * probe_spec_parse - parse @str into @spec
 * @str: one spec ("main:4", "work n", "x=a.c:7 total:s64")
 * @spec: filled on success (release with probe_spec_release()); left
 *        empty on failure (releasing it again is harmless)
 * @err: on failure, a one-line reason (e.g. "bad line number '4x'")
 *
 * Returns 0 or -EINVAL. Names, types and arguments are validated here, so
 * nothing that could smuggle a second definition into a tracefs file
 * (newline, ';', blanks inside a name) gets past this function.
 */
int probe_spec_parse(const char *str, struct probe_spec *spec,
		     struct strbuf *err);

/** probe_spec_release - free what probe_spec_parse() allocated */
void probe_spec_release(struct probe_spec *spec);

/**
 * probe_spec_starts_point - whether a command-line word begins a new probe
 * spec ("main:4", "a.c:7", "f%return", "f+8", "x=main:4") rather than
 * continuing the previous one with an argument ("n", "p->x", "n:u32")
 */
bool probe_spec_starts_point(const char *word);

/**
 * probe_spec_where - perf's description of the point after "(on":
 * "main:4", "work%return", "a.c:7", "0x1150"; appended to @out
 */
void probe_spec_where(const struct probe_spec *s, struct strbuf *out);

/**
 * probe_spec_with - perf's description of the arguments after "with":
 * "n x=p.x arr=arr[2]"; appended to @out
 */
void probe_spec_with(const struct probe_spec *s, struct strbuf *out);

/**
 * probe_printable - @s with control bytes escaped (\n, \xNN), for a
 * one-line message. Returns a new string (free() it).
 */
char *probe_printable(const char *s);

/** probe_name_valid - whether @s is [A-Za-z_][A-Za-z0-9_]* */
bool probe_name_valid(const char *s);

/**
 * probe_group_for - perf's default group for a binary: "probe_" plus the
 * base name cut at the first '.' or '-', other non-alnum bytes as '_';
 * "probe" for the kernel (@path NULL). Returns a new string (free() it).
 */
char *probe_group_for(const char *path);

/** One line of uprobe_events or kprobe_events. */
struct probe_trace {
	char type;	/* 'p' or 'r' */
	char *group;
	char *event;
	char *path;	/* binary for a uprobe, NULL for a kprobe */
	uint64_t offset;	/* uprobe: file offset; kprobe: symbol offset */
	char *symbol;	/* kprobe symbol, or NULL */
	char **args;	/* "n=-20(%bp):s32", as written */
	int nargs;
	/* for display only */
	char *where;	/* "main:4", "work%return", "main:4@a.c" */
	char *with;	/* "n x=p.x", or NULL */
};

/** probe_trace_release - free a probe_trace's members */
void probe_trace_release(struct probe_trace *t);

/**
 * probe_trace_format - the tracefs line for @t, without a newline
 * Returns 0, or -EINVAL when a name, path or argument would not survive
 * the trip (blank or newline in a path, bad name): nothing is written.
 */
int probe_trace_format(const struct probe_trace *t, struct strbuf *out);

/** An event found in uprobe_events/kprobe_events. */
struct probe_event {
	char type;	/* 'p' or 'r' */
	bool kprobe;
	char *group;
	char *event;
	char *target;	/* "/path:0x0000000000001149" or "sym+off" */
	char *path;	/* uprobe binary, or NULL */
	uint64_t offset;	/* uprobe file offset / kprobe offset */
	char *symbol;	/* kprobe symbol, or NULL */
	char *args;	/* the rest of the line, or "" */
};

/** A list of events, e.g. everything in uprobe_events and kprobe_events. */
struct probe_events {
	struct probe_event *v;
	int nr;
	int alloc;
};

/**
 * probe_events_read - append the events of uprobe_events and, when the
 * kernel has it, kprobe_events under @t to @list
 * Returns 0 or -errno.
 */
int probe_events_read(const struct tfs *t, struct probe_events *list);

/**
 * probe_events_parse - append the events of @text (the contents of
 * uprobe_events, or kprobe_events when @kprobe) to @list
 */
void probe_events_parse(const char *text, bool kprobe,
			struct probe_events *list);

/**
 * probe_event_arg_names - the argument names of a listed event's
 * arguments ("n=-20(%bp):s32 x=+0(%di):u8" gives "n x"), appended to @out
 */
void probe_event_arg_names(const char *args, struct strbuf *out);

/** probe_events_release - free the list's contents */
void probe_events_release(struct probe_events *list);

/** probe_events_has - whether GROUP/EVENT is in @list */
bool probe_events_has(const struct probe_events *list, const char *group,
		      const char *event);

/**
 * probe_unique_event - @base, or @base_1, @base_2 ... when @base is taken
 * in @group (in @list). Returns a new string (free() it).
 */
char *probe_unique_event(const struct probe_events *list, const char *group,
			 const char *base);

/** probe_kprobes_available - whether @t has kprobe_events */
bool probe_kprobes_available(const struct tfs *t);

/**
 * probe_add - append @tr's line to uprobe_events or kprobe_events
 * @err: on a refusal, the kernel's reason from error_log (one line)
 * Returns 0 or -errno (the write(2) error).
 */
int probe_add(const struct tfs *t, const struct probe_trace *tr,
	      struct strbuf *err);

/**
 * probe_del - remove GROUP/EVENT (all its probes) from the file it is in
 * @err: on a refusal, the kernel's reason from error_log (one line)
 * Returns 0 or -errno (-EBUSY when the event is in use).
 */
int probe_del(const struct tfs *t, const struct probe_event *ev,
	      struct strbuf *err);

/**
 * probe_error_log - the last error_log entry under @t as one line
 * ("Invalid fetch argument (in 'p:g/e /bin/x:0x10 n=%zz')"), appended
 * to @out
 * @cmd: only an entry about this command (the line written), or NULL
 *       for the last entry whatever it was about
 * Returns 0, or -ENOENT when there is none.
 */
int probe_error_log(const struct tfs *t, const char *cmd, struct strbuf *out);

/**
 * probe_glob_match - perf's event filter: "GROUP:EVENT" or "EVENT" glob
 * (fnmatch) against @group/@event. A pattern without ':' matches the
 * event name in any group.
 */
bool probe_glob_match(const char *pattern, const char *group,
		      const char *event);

#endif
