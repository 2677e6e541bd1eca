/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_SAMPLE_H
#define PTOOL_SAMPLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/perf_event.h>

#include "ptool/strbuf.h"

/*
 * Sample decoding: the kernel's record layouts (perf_event_open(2),
 * include/uapi/linux/perf_event.h). Knows the ABI, never a file.
 *
 * sample_parse() decodes the body of a PERF_RECORD_SAMPLE, or the
 * sample_id trailer of any other kernel record when attr.sample_id_all is
 * set. It never copies: pointers in struct sample point into the record and
 * are valid as long as the record is. Every read is checked against
 * hdr->size; a record that lies about a size gives -EINVAL, never a read
 * past its end.
 *
 * sample_synth() is the reverse, for writers and tests: it lays out a
 * PERF_RECORD_SAMPLE body (or an id trailer) from a struct sample.
 */

/* Newer than the installed uapi header may know: define the bits we parse. */
#ifndef PERF_SAMPLE_BRANCH_COUNTERS
#define PERF_SAMPLE_BRANCH_COUNTERS (1U << 19)	/* Linux 6.8: counters[nr] */
#endif
#ifndef PERF_FORMAT_LOST
#define PERF_FORMAT_LOST (1U << 4)		/* Linux 6.0 */
#endif

/* The kernel record types that exist as of Linux 6.x (for older headers). */
#ifndef PERF_RECORD_KSYMBOL
#define PERF_RECORD_KSYMBOL 17
#endif
#ifndef PERF_RECORD_BPF_EVENT
#define PERF_RECORD_BPF_EVENT 18
#endif
#ifndef PERF_RECORD_CGROUP
#define PERF_RECORD_CGROUP 19
#endif
#ifndef PERF_RECORD_TEXT_POKE
#define PERF_RECORD_TEXT_POKE 20
#endif
#ifndef PERF_RECORD_AUX_OUTPUT_HW_ID
#define PERF_RECORD_AUX_OUTPUT_HW_ID 21
#endif

/** Fields of struct sample set by the id trailer (sample_id_all). */
#define SAMPLE_ID_TYPES (PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_ID | \
			 PERF_SAMPLE_STREAM_ID | PERF_SAMPLE_CPU |	     \
			 PERF_SAMPLE_IDENTIFIER)

/** struct sample_read_value - one decoded counter of a read block */
struct sample_read_value {
	uint64_t value;
	uint64_t id;	/* 0 without PERF_FORMAT_ID */
	uint64_t lost;	/* 0 without PERF_FORMAT_LOST */
};

/**
 * struct sample_read - the PERF_SAMPLE_READ block (attr.read_format)
 * @time_enabled: with PERF_FORMAT_TOTAL_TIME_ENABLED, else 0
 * @time_running: with PERF_FORMAT_TOTAL_TIME_RUNNING, else 0
 * @nr: number of values: the group size with PERF_FORMAT_GROUP, else 1
 * @stride: u64 words per value: 1 + has id + has lost
 * @values: with PERF_FORMAT_GROUP, @nr entries of @stride words each:
 *          { value; id?; lost? }, pointing into the record; NULL otherwise
 * @one: without PERF_FORMAT_GROUP, the single counter (its words are not
 *       contiguous in the record: enabled/running sit between them)
 *
 * Read counter i with sample_read_value(), which handles both layouts.
 */
struct sample_read {
	uint64_t time_enabled;
	uint64_t time_running;
	uint64_t nr;
	unsigned int stride;
	const uint64_t *values;
	struct sample_read_value one;
};


/**
 * struct sample_branch - PERF_SAMPLE_BRANCH_STACK
 * @nr: number of entries
 * @hw_idx: with PERF_SAMPLE_BRANCH_HW_INDEX in branch_sample_type, else -1
 * @entries: @nr entries (struct perf_branch_entry) in the record
 * @counters: with PERF_SAMPLE_BRANCH_COUNTERS, @nr u64 words, else NULL
 */
struct sample_branch {
	uint64_t nr;
	uint64_t hw_idx;
	const struct perf_branch_entry *entries;
	const uint64_t *counters;
};

/**
 * struct sample_regs - PERF_SAMPLE_REGS_USER or PERF_SAMPLE_REGS_INTR
 * @abi: PERF_SAMPLE_REGS_ABI_NONE (no registers: kernel thread, ...),
 *       PERF_SAMPLE_REGS_ABI_32 or PERF_SAMPLE_REGS_ABI_64
 * @mask: attr.sample_regs_user / sample_regs_intr: which registers
 * @nr: number of values (popcount of @mask when @abi != NONE, else 0)
 * @regs: @nr values, lowest mask bit first, pointing into the record
 */
struct sample_regs {
	uint64_t abi;
	uint64_t mask;
	unsigned int nr;
	const uint64_t *regs;
};

/**
 * struct sample - a decoded PERF_RECORD_SAMPLE or id trailer
 *
 * @type is the set of PERF_SAMPLE_* bits that were present (attr.sample_type
 * for a sample; only the SAMPLE_ID_TYPES bits of it for a trailer). A field
 * whose bit is absent is 0 / NULL, except @time, @cpu, @id which are
 * (uint64_t)-1 / (uint32_t)-1 / 0 when absent so that "no time" sorts last
 * and is distinguishable from time 0 of a synthesized record.
 * Pointers point into the record (zero copy).
 */
struct sample {
	uint64_t type;		/* PERF_SAMPLE_* bits decoded */
	uint32_t rec_type;	/* header.type of the record */
	uint16_t misc;		/* header.misc (PERF_RECORD_MISC_*) */

	uint64_t identifier;	/* PERF_SAMPLE_IDENTIFIER */
	uint64_t ip;		/* PERF_SAMPLE_IP */
	uint32_t pid, tid;	/* PERF_SAMPLE_TID */
	uint64_t time;		/* PERF_SAMPLE_TIME, or (uint64_t)-1 */
	uint64_t addr;		/* PERF_SAMPLE_ADDR */
	uint64_t id;		/* PERF_SAMPLE_ID or _IDENTIFIER, 0 if none */
	uint64_t stream_id;	/* PERF_SAMPLE_STREAM_ID */
	uint32_t cpu, cpu_res;	/* PERF_SAMPLE_CPU, cpu (uint32_t)-1 if none */
	uint64_t period;	/* PERF_SAMPLE_PERIOD, else attr.sample_period
				 * (when not attr.freq), else 1 */
	struct sample_read read;	/* PERF_SAMPLE_READ */

	uint64_t callchain_nr;		/* PERF_SAMPLE_CALLCHAIN */
	const uint64_t *callchain;	/* ips, with PERF_CONTEXT_* markers */

	uint32_t raw_size;		/* PERF_SAMPLE_RAW */
	const void *raw;		/* (tracepoint data: common_type first) */

	struct sample_branch branch;	/* PERF_SAMPLE_BRANCH_STACK */
	struct sample_regs regs_user;	/* PERF_SAMPLE_REGS_USER */

	/* PERF_SAMPLE_STACK_USER: @stack_size bytes copied, @stack_dyn_size
	 * of them valid (0 when @stack_size is 0) */
	uint64_t stack_size;
	const void *stack;
	uint64_t stack_dyn_size;

	/* PERF_SAMPLE_WEIGHT: @weight is the u64; PERF_SAMPLE_WEIGHT_STRUCT:
	 * @weight is var1_dw, @weight_var2/@weight_var3 the two u16 halves */
	uint64_t weight;
	uint16_t weight_var2, weight_var3;

	uint64_t data_src;		/* PERF_SAMPLE_DATA_SRC */
	uint64_t transaction;		/* PERF_SAMPLE_TRANSACTION */
	struct sample_regs regs_intr;	/* PERF_SAMPLE_REGS_INTR */
	uint64_t phys_addr;		/* PERF_SAMPLE_PHYS_ADDR */
	uint64_t cgroup;		/* PERF_SAMPLE_CGROUP */
	uint64_t data_page_size;	/* PERF_SAMPLE_DATA_PAGE_SIZE */
	uint64_t code_page_size;	/* PERF_SAMPLE_CODE_PAGE_SIZE */

	uint64_t aux_size;		/* PERF_SAMPLE_AUX */
	const void *aux;
};

/**
 * sample_parse - decode a record's sample body or id trailer
 * @attr: the attr of the event the record belongs to (sample_type,
 *        read_format, sample_regs_*, branch_sample_type, sample_id_all,
 *        sample_period/freq are used)
 * @rec: a whole record; hdr->size bytes must be readable
 * @out: filled; on error its contents are unspecified
 *
 * For PERF_RECORD_SAMPLE decodes every attr.sample_type field. For any other
 * kernel record (type < 64) with attr.sample_id_all decodes the
 * trailer at the end of the record; without sample_id_all, and for
 * user-space record types (>= 64), only @out->rec_type/misc are set and
 * @out->type is 0. Returns 0, or -EINVAL when the record is too short
 * for what its attr and its own size fields announce.
 */
int sample_parse(const struct perf_event_attr *attr,
		 const struct perf_event_header *rec, struct sample *out);

/**
 * sample_read_value - counter @i of a PERF_SAMPLE_READ block
 * @r: a parsed read block; @i must be < @r->nr
 * @attr: the attr whose read_format laid it out
 */
struct sample_read_value sample_read_value(const struct sample_read *r,
					   const struct perf_event_attr *attr,
					   uint64_t i);

/**
 * sample_id_size - bytes of the sample_id trailer for @sample_type
 * (0 when no SAMPLE_ID_TYPES bit is set). Only meaningful with
 * attr.sample_id_all; a writer appends this many bytes to every
 * non-sample record.
 */
size_t sample_id_size(uint64_t sample_type);

/**
 * sample_id_pos - where the event id sits in a PERF_RECORD_SAMPLE body
 * @sample_type: attr.sample_type
 *
 * Returns the index in u64 words after the header of IDENTIFIER (0) or of
 * ID (after IP, TID, TIME, ADDR), or -1 when the sample carries no id.
 * Lets a reader find a record's attr before parsing it fully.
 */
int sample_id_pos(uint64_t sample_type);

/**
 * sample_id_is_pos - where the event id sits in a sample_id trailer
 * @sample_type: attr.sample_type (with sample_id_all)
 *
 * Returns the position counted in u64 words back from the end of the
 * record (1 = last word), or -1 when the trailer carries no id.
 */
int sample_id_is_pos(uint64_t sample_type);

/**
 * sample_record_id - the event id of @rec without parsing it fully
 * @sample_type: the sample_type shared by every attr of the stream (perf
 *               requires all attrs of a file to agree on the id position)
 * @sample_id_all: attr.sample_id_all
 * @rec: the record
 * @id: set to the id
 *
 * Returns 0, -ENOENT when this record carries no id (no ID/IDENTIFIER
 * bit, a non-sample record without sample_id_all, or a user-space record
 * type), or -EINVAL when the record is too short to hold it.
 */
int sample_record_id(uint64_t sample_type, bool sample_id_all,
		     const struct perf_event_header *rec, uint64_t *id);

/**
 * sample_record_time - the timestamp of @rec, or (uint64_t)-1 when it has
 * none; same rules and arguments as sample_record_id() (cheap: no full
 * parse). For ordering records.
 */
uint64_t sample_record_time(uint64_t sample_type, bool sample_id_all,
			    const struct perf_event_header *rec);

/**
 * sample_synth_size - bytes sample_synth() writes for @s under @attr
 * @attr: the attr (sample_type, read_format, regs masks, branch_sample_type)
 * @s: the sample to lay out (nr/size fields are used)
 * @trailer: true for a sample_id trailer (only SAMPLE_ID_TYPES fields),
 *           false for a PERF_RECORD_SAMPLE body
 */
size_t sample_synth_size(const struct perf_event_attr *attr,
			 const struct sample *s, bool trailer);

/**
 * sample_synth - lay out a sample body or id trailer from @s
 * @attr: the attr whose sample_type decides which fields are written
 * @s: the values; pointers (callchain, raw, regs, stack, read values...)
 *     are copied from
 * @trailer: see sample_synth_size()
 * @buf: destination of at least @size bytes
 * @size: room in @buf
 *
 * Raw data is padded with zeros to a multiple of 8 bytes as the kernel
 * does (raw_size + its u32 size field). Returns the number of bytes
 * written (a multiple of 8), or -ENOSPC when @size is too small.
 */
long sample_synth(const struct perf_event_attr *attr, const struct sample *s,
		  bool trailer, void *buf, size_t size);

/**
 * sample_record_name - "SAMPLE", "MMAP2", "COMM" ... for a kernel record
 * type (< PERF_RECORD_MAX), or NULL when unknown. perf's -D output prints
 * "PERF_RECORD_" followed by this.
 */
const char *sample_record_name(uint32_t type);

/* the bit sets of a perf_event_attr that sample_bits_str() names */
enum sample_bitset {
	SAMPLE_BITS_TYPE,		/* sample_type: PERF_SAMPLE_* */
	SAMPLE_BITS_READ_FORMAT,	/* read_format: PERF_FORMAT_* */
	SAMPLE_BITS_BRANCH,		/* branch_sample_type: PERF_SAMPLE_BRANCH_* */
};

/**
 * sample_bits_str - append the names of the bits set in @v, as perf
 * prints them ("IP|TID|TIME"); bits without a name follow in hex
 * @out: appended to
 * @set: which bit set @v is
 */
void sample_bits_str(struct strbuf *out, enum sample_bitset set, uint64_t v);

#endif
