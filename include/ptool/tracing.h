/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_TRACING_H
#define PTOOL_TRACING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptool/strbuf.h"
#include "ptool/tfs.h"

/*
 * The TRACING_DATA feature of perf.data (HEADER_TRACING_DATA): the
 * tracefs description of the tracepoints in a recording, so that a reader
 * can decode PERF_SAMPLE_RAW fields. Layout, version "0.6", all numbers in
 * the recorder's byte order:
 *
 *	"\x17\x08\x44tracing" "0.6\0" u8 big_endian u8 sizeof_long u32 page_size
 *	"header_page\0"  u64 size, events/header_page
 *	"header_event\0" u64 size, events/header_event
 *	u32 nr, { u64 size, events/ftrace/<name>/format }	(ftrace system)
 *	u32 nr_systems, { "<system>\0" u32 nr, { u64 size, format } }
 *	u32 size, kallsyms (ptool writes 0, as perf 6.1 does)
 *	u32 size, printk_formats
 *	u64 size, saved_cmdlines
 */

/** One tracepoint of a recording: events/<system>/<name>/format */
struct tracing_tp {
	const char *system;
	const char *name;
};

/**
 * tracing_data_write - append the TRACING_DATA blob for @tps to @out
 * @t: the tracefs to read the format files from
 * @tps: the tracepoints (duplicates are written once)
 * @nr: how many
 *
 * Returns 0 or -errno: -ENOENT when a tracepoint's format file is missing.
 * On failure @out is left as it was.
 */
int tracing_data_write(const struct tfs *t, const struct tracing_tp *tps,
		       size_t nr, struct strbuf *out);

/** One event format found in a blob; strings point into the parsed copy */
struct tracing_event {
	const char *system;	/* "ftrace" for the ftrace section */
	const char *name;	/* from the "name:" line */
	int id;			/* from the "ID:" line, -1 when absent */
	const char *format;	/* the whole format file, not NUL-terminated */
	size_t format_len;
};

/** A parsed blob; every pointer points into memory it owns */
struct tracing_data {
	char version[16];
	bool big_endian;	/* byte order of the recorder */
	unsigned int long_size;
	unsigned int page_size;
	const char *header_page;
	size_t header_page_len;
	const char *header_event;
	size_t header_event_len;
	struct tracing_event *events;
	size_t nr_events;
	const char *kallsyms;	/* may be empty */
	size_t kallsyms_len;
	const char *printk;	/* printk_formats, may be empty */
	size_t printk_len;
	const char *cmdlines;	/* saved_cmdlines (version >= 0.6), may be empty */
	size_t cmdlines_len;
	/* private */
	unsigned char *buf;
	size_t len;
};

/**
 * tracing_data_parse - parse a TRACING_DATA blob
 * @blob: the feature section's bytes (copied; the caller keeps @blob)
 * @len: its size
 *
 * Every string that the parse returns (format, header_page, printk ...)
 * is NUL-terminated after its length as well, for libtraceevent.
 * Returns a new struct (free with tracing_data_free()) or NULL with errno
 * EINVAL (not a tracing blob, or truncated).
 */
struct tracing_data *tracing_data_parse(const void *blob, size_t len);

/** tracing_data_free - free a parse; NULL is a no-op */
void tracing_data_free(struct tracing_data *td);

/**
 * tracing_data_find - the event @system:@name, or NULL (lent from @td)
 * @system: NULL matches any system
 */
const struct tracing_event *tracing_data_find(const struct tracing_data *td,
					       const char *system,
					       const char *name);

/** tracing_data_find_id - the event with tracepoint id @id, or NULL */
const struct tracing_event *tracing_data_find_id(const struct tracing_data *td,
						  int id);

#endif
