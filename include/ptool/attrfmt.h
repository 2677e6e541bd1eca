/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_ATTRFMT_H
#define PTOOL_ATTRFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/perf_event.h>

#include "ptool/strbuf.h"

/*
 * The fields of a perf_event_attr as perf prints them, in perf's order
 * and with perf's labels (the unions as "{ bp_addr, config1 }"). Two
 * printers use the table: the attr dump of stat/record -vv
 * (evsel_fprintf_attr()) and the "# event :" lines of the perf.data
 * header (pdata_fprintf_attr(), perf report --header-only and perf
 * evlist -v).
 */

/* how a value is written */
enum attrfmt_kind {
	ATTRFMT_UNSIGNED,	/* decimal */
	ATTRFMT_SIGNED,		/* decimal, sign-extended */
	ATTRFMT_HEX,		/* 0x..., as %#llx */
	ATTRFMT_SAMPLE_TYPE,	/* PERF_SAMPLE_* names: IP|TID|TIME */
	ATTRFMT_READ_FORMAT,	/* PERF_FORMAT_* names */
	ATTRFMT_BRANCH_TYPE,	/* PERF_SAMPLE_BRANCH_* names */
};

/* which printer: the two differ in a few fields, as perf's did */
enum attrfmt_style {
	ATTRFMT_HEADER,		/* perf report --header-only, evlist -v */
	ATTRFMT_VERBOSE,	/* perf stat/record -vv */
};

struct attrfmt_field {
	const char *name;	/* perf's label */
	uint64_t (*get)(const struct perf_event_attr *a);
	enum attrfmt_kind kind;		/* in ATTRFMT_HEADER */
	enum attrfmt_kind vv_kind;	/* in ATTRFMT_VERBOSE */
	bool vv_always;		/* ATTRFMT_VERBOSE prints it when 0 too */
};

extern const struct attrfmt_field attrfmt_fields[];
extern const size_t attrfmt_nr_fields;

/**
 * attrfmt_value - append field @f of @a to @out as @style writes it
 * Returns false, appending nothing, when @style leaves the field out
 * (a zero value).
 */
bool attrfmt_value(const struct attrfmt_field *f,
		   const struct perf_event_attr *a, enum attrfmt_style style,
		   struct strbuf *out);

/**
 * attrfmt_for_each - call @fn with the label and value text of each field
 * of @a that @style prints, in perf's order
 */
void attrfmt_for_each(const struct perf_event_attr *a,
		      enum attrfmt_style style,
		      void (*fn)(const char *name, const char *value,
				 void *arg),
		      void *arg);

#endif
