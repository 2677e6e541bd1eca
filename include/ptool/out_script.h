/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_OUT_SCRIPT_H
#define PTOOL_OUT_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptool/pdata.h"
#include "ptool/session.h"
#include "ptool/strbuf.h"

/*
 * `perf script` lines: one sample per line ("comm tid [cpu] time: period
 * event: ip sym+off (dso)"), or a header line followed by an indented
 * callchain block and a blank line, with perf's column widths and its
 * rules for which fields each kind of event shows by default and which
 * a file can show at all (a field needs its PERF_SAMPLE_* bit).
 */

enum out_script_field {
	OUT_SF_COMM, OUT_SF_TID, OUT_SF_PID, OUT_SF_TIME, OUT_SF_CPU,
	OUT_SF_EVENT, OUT_SF_IP, OUT_SF_SYM, OUT_SF_SYMOFF, OUT_SF_DSO,
	OUT_SF_PERIOD, OUT_SF_TRACE, OUT_SF_ADDR, OUT_SF_SRCLINE,
	OUT_SF_TOD, OUT_SF_MISC, OUT_SF_CALLINDENT, OUT_SF_SRCCODE,
	OUT_SF_INSN, OUT_SF_INSNLEN, OUT_SF_BRSTACK, OUT_SF_IREGS,
	OUT_SF_UREGS, OUT_SF_NR
};

#define OUT_SF(f) (1u << OUT_SF_##f)

/* the kinds of event -F can name ("sw:comm,tid") */
enum out_script_type {
	OUT_ST_HW, OUT_ST_SW, OUT_ST_TRACE, OUT_ST_RAW, OUT_ST_BREAK, OUT_ST_NR
};

/* out_script_opts.show: which records that are not samples are printed */
#define OUT_SHOW_TASK	(1u << 0)	/* COMM, FORK, EXIT */
#define OUT_SHOW_MMAP	(1u << 1)	/* MMAP, MMAP2 */
#define OUT_SHOW_SWITCH	(1u << 2)	/* SWITCH, SWITCH_CPU_WIDE */
#define OUT_SHOW_LOST	(1u << 3)	/* LOST */

struct out_script_opts {
	bool ns;		/* --ns: nanosecond timestamps */
	bool reltime;		/* --reltime: times from the first sample */
	bool deltatime;		/* --deltatime: times from the previous sample */
	bool hide_callchain;	/* -G: one line per sample */
	const char *fields;	/* -F spec, NULL for perf's defaults */
	unsigned int show;	/* OUT_SHOW_* (--show-*-events) */
};

struct out_script;
struct tpfmt;

/**
 * out_script_new - the formatter for the events of session @s
 * @o: options (copied; fields parsed now)
 * @tp: tracepoint formats for the trace field, or NULL (borrowed; must
 *      outlive the formatter)
 * @err: gets a one-line message appended on failure (an unknown field, a
 *       field the file cannot provide), may be NULL
 * Returns the formatter (free with out_script_free()) or NULL.
 */
struct out_script *out_script_new(struct session *s,
				  const struct out_script_opts *o,
				  const struct tpfmt *tp, struct strbuf *err);

/** out_script_free - release @sc; NULL is a no-op */
void out_script_free(struct out_script *sc);

/**
 * out_script_fields - the fields shown for event @idx (OUT_SF() bits);
 * 0 when the event is not shown at all
 */
unsigned int out_script_fields(const struct out_script *sc, int idx);

/**
 * out_script_sample - append the text of one sample (its line(s), the
 * trailing newline and, after a callchain, the blank line)
 */
void out_script_sample(struct out_script *sc, const struct session_sample *ss,
		       struct strbuf *out);

/**
 * out_script_event - append the line perf script prints for a record that
 * is not a sample (--show-task-events ...: "comm tid time: PERF_RECORD_..."),
 * when the options select its kind; nothing otherwise
 */
void out_script_event(struct out_script *sc, const struct pdata_event *ev,
		      struct strbuf *out);

/**
 * out_script_header_line - append the first line of a sample that has a
 * callchain block, without the newline, as the folded-stack collapser
 * sees it ("comm  1234 [001] 12.345678:     250000 cpu-clock: ", with the
 * trace fields after the name for a tracepoint)
 */
void out_script_header_line(struct out_script *sc,
			    const struct session_sample *ss,
			    struct strbuf *out);

/**
 * out_script_shows_callchain - whether samples of event @idx are printed
 * with a callchain block (the event has callchains, the ip field is on,
 * and -G was not given)
 */
bool out_script_shows_callchain(const struct out_script *sc, int idx);

/**
 * out_script_type_of - the -F kind of an attr (hw, sw, trace, raw,
 * breakpoint); OUT_ST_SW for anything else
 */
enum out_script_type out_script_type_of(uint32_t attr_type);

#endif
