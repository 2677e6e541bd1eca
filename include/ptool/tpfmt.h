/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_TPFMT_H
#define PTOOL_TPFMT_H

#include <stdbool.h>
#include <stddef.h>

#include "ptool/strbuf.h"

struct tfs;

/*
 * Tracepoint field formatting: the kernel's event "format" descriptions
 * (from a perf.data file's TRACING_DATA, or from tracefs) parsed by
 * libtraceevent, the library perf itself uses, so that the text of a
 * raw sample reads as `perf script` prints it ("fd: 0x00000001, buf: ...",
 * "(401136) n=1000000" for a uprobe).
 */

struct tpfmt;

/**
 * tpfmt_new - an empty set of event formats
 * @long_size: sizeof(long) of the recording machine (8 or 4)
 * @big_endian: the recorded data is big-endian
 * Returns a set (free with tpfmt_free()) or NULL with errno set.
 */
struct tpfmt *tpfmt_new(int long_size, bool big_endian);

/** tpfmt_free - release @t; NULL is a no-op */
void tpfmt_free(struct tpfmt *t);

/**
 * tpfmt_add_format - parse the text of one event's "format" file
 * @system: its subsystem ("syscalls", "probe_cpuloop", "ftrace", ...)
 * Returns the event's id (>= 0), or -EINVAL when libtraceevent cannot
 * parse it, -EEXIST when an event of the same id is already known.
 */
int tpfmt_add_format(struct tpfmt *t, const char *system, const char *text,
		     size_t len);

/**
 * tpfmt_add_printk - the "printk formats" section of the tracing data
 * ("0xffffffff8a0b1c2d : \"fmt\"" lines), used by events that print
 * through trace_printk. Returns 0 or -EINVAL.
 */
int tpfmt_add_printk(struct tpfmt *t, const char *text, size_t len);

/**
 * tpfmt_add_kallsyms - kernel symbols ("ffffffff81000000 T name [mod]"
 * lines, as /proc/kallsyms) used for %pS-style fields. Returns 0 or
 * -EINVAL.
 */
int tpfmt_add_kallsyms(struct tpfmt *t, const char *text, size_t len);

/**
 * tpfmt_load_tracefs - read events/<system>/<name>/format from tracefs
 * and add it. Returns the event's id or -errno (-ENOENT: no such event).
 */
int tpfmt_load_tracefs(struct tpfmt *t, const struct tfs *tfs,
		       const char *system, const char *name);

/** tpfmt_has - whether the format of event @id is known */
bool tpfmt_has(const struct tpfmt *t, int id);

/**
 * tpfmt_name - "system:name" of event @id into @out; returns false when
 * the event is unknown
 */
bool tpfmt_name(const struct tpfmt *t, int id, struct strbuf *out);

/**
 * tpfmt_format - append the fields of raw sample @raw (PERF_SAMPLE_RAW
 * data, starting with the common_type field) as perf script prints them
 * @cpu: the sample's cpu (for events that print it)
 * Returns 0, -ENOENT when the event's format is unknown, -EINVAL when
 * @size is too short for the common header.
 */
int tpfmt_format(const struct tpfmt *t, const void *raw, size_t size, int cpu,
		 struct strbuf *out);

/**
 * tpfmt_field_str - append the text of a char-array or __data_loc string
 * field of a raw tracepoint record (up to its first NUL) to @out
 * Returns 0, or -ENOENT (unknown event or field, or out of the record).
 */
int tpfmt_field_str(const struct tpfmt *t, const void *raw, size_t size,
		    const char *field, struct strbuf *out);

/**
 * tpfmt_field_u64 - the value of numeric field @field of @raw
 * Returns 0, or -ENOENT when the event or the field is unknown.
 */
int tpfmt_field_u64(const struct tpfmt *t, const void *raw, size_t size,
		    const char *field, unsigned long long *val);

/**
 * tpfmt_field_array - the elements of numeric array field @field of @raw
 * (a scalar field is an array of one), at most @max of them, into @val
 * Returns the number stored, or -ENOENT when the event or the field is
 * unknown or its elements are not 1, 2, 4 or 8 bytes wide.
 */
int tpfmt_field_array(const struct tpfmt *t, const void *raw, size_t size,
		      const char *field, unsigned long long *val, int max);

#endif
