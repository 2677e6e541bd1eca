/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_OUT_PPROF_H
#define PTOOL_OUT_PPROF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ptool/strbuf.h"

/*
 * A profile in pprof's format (github.com/google/pprof, proto/profile.proto),
 * encoded by hand (protobuf varints, length-delimited messages, packed
 * repeated scalars) and gzip-compressed through zlib, as `pprof`,
 * Pyroscope and Parca read it.
 *
 * Build it with ids that this builder hands out: mappings, functions and
 * locations are deduplicated (a location by mapping and address, a
 * function by name, system name, file and start line, a mapping by start, limit, offset and file),
 * and samples with the same locations and labels are merged by adding
 * their values. Ids start at 1; 0 means "none" (e.g. no mapping).
 */

struct out_pprof;

/** out_pprof_new - an empty profile (free with out_pprof_free()) */
struct out_pprof *out_pprof_new(void);

/** out_pprof_free - release @p; NULL is a no-op */
void out_pprof_free(struct out_pprof *p);

/**
 * out_pprof_string - the string-table index of @s (index 0 is "")
 */
int64_t out_pprof_string(struct out_pprof *p, const char *s);

/**
 * out_pprof_sample_type - append a value type, e.g. ("samples", "count"),
 * ("cpu", "nanoseconds"); every sample carries one value per type
 */
void out_pprof_sample_type(struct out_pprof *p, const char *type,
			   const char *unit);

/** out_pprof_period - the period type and the sampling period */
void out_pprof_period(struct out_pprof *p, const char *type, const char *unit,
		      int64_t period);

/** out_pprof_times - the start (ns since the epoch) and the duration (ns) */
void out_pprof_times(struct out_pprof *p, int64_t time_nanos,
		     int64_t duration_nanos);

/** out_pprof_comment - append a free-form comment */
void out_pprof_comment(struct out_pprof *p, const char *text);

/**
 * out_pprof_default_type - the sample type pprof shows first (one of the
 * types added with out_pprof_sample_type(); by default the last one)
 */
void out_pprof_default_type(struct out_pprof *p, const char *type);

/* out_pprof_mapping() flags: what the profile already resolved */
#define OUT_PPROF_HAS_FUNCTIONS		(1u << 0)
#define OUT_PPROF_HAS_FILENAMES		(1u << 1)
#define OUT_PPROF_HAS_LINE_NUMBERS	(1u << 2)
#define OUT_PPROF_HAS_INLINE_FRAMES	(1u << 3)

/**
 * out_pprof_mapping - the id of a mapped file
 * @start, @limit: the address range, @offset: the file offset of @start
 * @file: the file name (e.g. "/usr/lib/libc.so.6", "[kernel.kallsyms]")
 * @build_id: hex build id or NULL
 * @flags: OUT_PPROF_HAS_*; a mapping without OUT_PPROF_HAS_FUNCTIONS is
 *         one pprof may symbolize itself
 * The first mapping is the one pprof takes for the main program.
 */
uint64_t out_pprof_mapping(struct out_pprof *p, uint64_t start, uint64_t limit,
			   uint64_t offset, const char *file,
			   const char *build_id, unsigned int flags);

/**
 * out_pprof_function - the id of function @name (@system_name: as the
 * object spells it, e.g. mangled; NULL: @name) in source file @file
 * (NULL: unknown), @start_line 0 when unknown
 */
uint64_t out_pprof_function(struct out_pprof *p, const char *name,
			    const char *system_name, const char *file,
			    int64_t start_line);

/** One source line of a location; lines[0] is the innermost (inlined). */
struct out_pprof_line {
	uint64_t function_id;
	int64_t line;		/* 0: unknown */
};

/**
 * out_pprof_location - the id of the code address @address in mapping
 * @mapping_id (0: none) with @nr_lines source lines, innermost first.
 * The first call for a (mapping, address) pair defines its lines.
 */
uint64_t out_pprof_location(struct out_pprof *p, uint64_t mapping_id,
			    uint64_t address, const struct out_pprof_line *lines,
			    size_t nr_lines);

/** A sample label: a string value when @str is set, a number otherwise. */
struct out_pprof_label {
	const char *key;
	const char *str;
	int64_t num;
	const char *num_unit;	/* NULL: none */
};

/**
 * out_pprof_sample - add a sample: @locs leaf first, one value per
 * sample type; merged with an earlier sample of the same locations and
 * labels
 */
void out_pprof_sample(struct out_pprof *p, const uint64_t *locs, size_t nr_locs,
		      const int64_t *values, const struct out_pprof_label *labels,
		      size_t nr_labels);

/**
 * out_pprof_sample_distinct - add a sample that the caller knows differs
 * from every other in locations or labels (at most 8): encoded at once,
 * never merged, so that large profiles are not held twice
 */
void out_pprof_sample_distinct(struct out_pprof *p, const uint64_t *locs,
			       size_t nr_locs, const int64_t *values,
			       const struct out_pprof_label *labels,
			       size_t nr_labels);

/** out_pprof_nr_samples - the number of distinct samples */
size_t out_pprof_nr_samples(const struct out_pprof *p);

/** out_pprof_encode - append the uncompressed Profile message to @out */
void out_pprof_encode(const struct out_pprof *p, struct strbuf *out);

/**
 * out_pprof_write - write the gzip-compressed profile to @fp
 * Returns 0, -EIO on a write error, -ENOMEM when zlib fails.
 */
int out_pprof_write(const struct out_pprof *p, FILE *fp);

/* protobuf primitives, exported for the tests */

/** out_pb_varint - append @v as a base-128 varint */
void out_pb_varint(struct strbuf *out, uint64_t v);

/**
 * out_pb_read_varint - decode a varint at @buf[*pos..@len), advancing
 * *pos. Returns 0 or -EINVAL when truncated or longer than 10 bytes.
 */
int out_pb_read_varint(const unsigned char *buf, size_t len, size_t *pos,
		       uint64_t *v);

#endif
