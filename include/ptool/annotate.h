/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_ANNOTATE_H
#define PTOOL_ANNOTATE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "ptool/strbuf.h"

/*
 * Annotation: the samples of each symbol folded by instruction address,
 * then printed as perf annotate --stdio does: the symbol's instructions
 * (disasm.h), each with its share of the symbol's samples, and the source
 * lines of the line table interleaved where it changes.
 *
 * Usage:
 *	struct annotate *a = annotate_new(&opts);
 *	session_for_each_sample(): annotate_add(a, ss->attr_idx, ss->ip_frame,
 *					       ss->period);
 *	annotate_print(a, stdout, event_name, &err);
 *	annotate_free(a);
 */

struct annotate;
struct session_frame;

enum annotate_percent {
	ANNOTATE_LOCAL_PERIOD,	/* of the symbol's period (perf's default) */
	ANNOTATE_GLOBAL_PERIOD,	/* of the event's period */
	ANNOTATE_LOCAL_HITS,	/* of the symbol's samples */
	ANNOTATE_GLOBAL_HITS,	/* of the event's samples */
};

/**
 * struct annotate_opts - what to print
 * @percent: which share the first column shows
 * @source: interleave source lines (--source, the default)
 * @print_line: a summary of source lines by share first (-l)
 * @asm_raw: the instruction bytes too (--asm-raw)
 * @intel: Intel syntax (-M intel)
 * @skip_missing: skip symbols whose object cannot be read, silently
 * @percent_limit: symbols with a smaller share of the event are left out
 * @objdump: the objdump program where objdump decodes (or NULL)
 */
struct annotate_opts {
	enum annotate_percent percent;
	bool source;
	bool print_line;
	bool asm_raw;
	bool intel;
	bool skip_missing;
	double percent_limit;
	const char *objdump;
};

/** annotate_new - an empty annotation (free with annotate_free()) */
struct annotate *annotate_new(const struct annotate_opts *o);

/** annotate_free - free @a; NULL is a no-op */
void annotate_free(struct annotate *a);

/**
 * annotate_add - count one sample
 * @event: the sample's event index
 * @f: the sample's own ip resolved to its ELF symbol (session_sample's
 *     ip_frame); a sample without a symbol only adds to the event total
 * @period: its period
 */
void annotate_add(struct annotate *a, int event, const struct session_frame *f,
		  uint64_t period);

/**
 * annotate_note - remember the object of a sample whose ip resolved to no
 * symbol (before any filter), for annotate_check_objects()
 */
void annotate_note(struct annotate *a, const struct session_frame *f);

/**
 * annotate_nr_syms - how many symbols have samples
 */
size_t annotate_nr_syms(const struct annotate *a);

/**
 * annotate_print - print the symbols of @event, hottest first
 * @event_name: as the header names it ("cpu-clock")
 * @err: one line per symbol that could not be annotated (object missing,
 *       changed since the recording, kernel without an image), appended
 * Returns the number of symbols printed, or -errno on a write error.
 */
int annotate_print(struct annotate *a, FILE *out, int event,
		   const char *event_name, struct strbuf *err);

/**
 * annotate_check_objects - for the objects annotate_note() saw, one line in @err for each whose file changed since the recording
 * (annotate_dso_mismatch()). Returns how many.
 */
int annotate_check_objects(struct annotate *a, struct strbuf *err);

/**
 * annotate_dso_mismatch - when @path's file on disk has another build-id
 * than @recorded, append "cannot annotate 'path': it changed since the recording
 * (build-id X, recorded Y)" to
 * @err and return true
 */
bool annotate_dso_mismatch(const char *path, const uint8_t *recorded,
			   size_t len, struct strbuf *err);

#endif
