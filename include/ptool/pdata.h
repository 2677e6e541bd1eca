/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_PDATA_H
#define PTOOL_PDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/perf_event.h>

#include "ptool/sample.h"
#include "ptool/strbuf.h"

/*
 * perf.data files: the reader and the writer.
 *
 * Layout (perf's tools/perf/Documentation/perf.data-file-format.txt): a
 * 104-byte header ("PERFILE2", sections for attrs and data, a 256-bit
 * feature bitmap), the attrs with their ids, the data section (a stream of
 * kernel records and perf's own record types >= 64), then at
 * data.offset + data.size one section descriptor per feature bit set,
 * followed by the feature bodies.
 *
 * Pipe mode ("-o -") has a 16-byte header and carries attrs and features
 * as records in the stream (PDATA_RECORD_HEADER_ATTR, _HEADER_FEATURE ...).
 * Both are read and written here; the reader detects which it has.
 *
 * Only files in the machine's byte order are read; a file from a machine of
 * the other endianness is refused with a clear message.
 */

/* perf's own record types (user-space, >= 64), as in perf's event.h */
enum pdata_record_type {
	PDATA_RECORD_USER_TYPE_START	= 64,
	PDATA_RECORD_HEADER_ATTR	= 64,
	PDATA_RECORD_HEADER_EVENT_TYPE	= 65,	/* deprecated */
	PDATA_RECORD_HEADER_TRACING_DATA = 66,
	PDATA_RECORD_HEADER_BUILD_ID	= 67,
	PDATA_RECORD_FINISHED_ROUND	= 68,
	PDATA_RECORD_ID_INDEX		= 69,
	PDATA_RECORD_AUXTRACE_INFO	= 70,
	PDATA_RECORD_AUXTRACE		= 71,
	PDATA_RECORD_AUXTRACE_ERROR	= 72,
	PDATA_RECORD_THREAD_MAP		= 73,
	PDATA_RECORD_CPU_MAP		= 74,
	PDATA_RECORD_STAT_CONFIG	= 75,
	PDATA_RECORD_STAT		= 76,
	PDATA_RECORD_STAT_ROUND		= 77,
	PDATA_RECORD_EVENT_UPDATE	= 78,
	PDATA_RECORD_TIME_CONV		= 79,
	PDATA_RECORD_HEADER_FEATURE	= 80,
	PDATA_RECORD_COMPRESSED		= 81,
	PDATA_RECORD_FINISHED_INIT	= 82,
	PDATA_RECORD_HEADER_MAX
};

/* Feature bits of the header bitmap, as in perf's header.h */
enum pdata_feat {
	PDATA_FEAT_RESERVED	= 0,
	PDATA_FEAT_TRACING_DATA	= 1,
	PDATA_FEAT_BUILD_ID	= 2,
	PDATA_FEAT_HOSTNAME	= 3,
	PDATA_FEAT_OSRELEASE	= 4,
	PDATA_FEAT_VERSION	= 5,
	PDATA_FEAT_ARCH		= 6,
	PDATA_FEAT_NRCPUS	= 7,
	PDATA_FEAT_CPUDESC	= 8,
	PDATA_FEAT_CPUID	= 9,
	PDATA_FEAT_TOTAL_MEM	= 10,
	PDATA_FEAT_CMDLINE	= 11,
	PDATA_FEAT_EVENT_DESC	= 12,
	PDATA_FEAT_CPU_TOPOLOGY	= 13,
	PDATA_FEAT_NUMA_TOPOLOGY = 14,
	PDATA_FEAT_BRANCH_STACK	= 15,
	PDATA_FEAT_PMU_MAPPINGS	= 16,
	PDATA_FEAT_GROUP_DESC	= 17,
	PDATA_FEAT_AUXTRACE	= 18,
	PDATA_FEAT_STAT		= 19,
	PDATA_FEAT_CACHE	= 20,
	PDATA_FEAT_SAMPLE_TIME	= 21,
	PDATA_FEAT_MEM_TOPOLOGY	= 22,
	PDATA_FEAT_CLOCKID	= 23,
	PDATA_FEAT_DIR_FORMAT	= 24,
	PDATA_FEAT_BPF_PROG_INFO = 25,
	PDATA_FEAT_BPF_BTF	= 26,
	PDATA_FEAT_COMPRESSED	= 27,
	PDATA_FEAT_CPU_PMU_CAPS	= 28,
	PDATA_FEAT_CLOCK_DATA	= 29,
	PDATA_FEAT_HYBRID_TOPOLOGY = 30,
	PDATA_FEAT_PMU_CAPS	= 31,
	PDATA_FEAT_LAST_KNOWN,		/* first bit this code has no name for */
	PDATA_FEAT_BITS		= 256,
};

/**
 * pdata_feat_name - "HOSTNAME", "BUILD_ID" ... (perf's names), or NULL
 */
const char *pdata_feat_name(int feat);

/**
 * pdata_record_name - "SAMPLE", "MMAP2", "FINISHED_ROUND", "ATTR",
 * "FEATURE" ... (perf's names) for any record type, kernel or perf's own; "UNKNOWN" when unknown
 * (never NULL). perf -D prints "PERF_RECORD_" followed by this.
 */
const char *pdata_record_name(uint32_t type);

/*
 * ======================================================================
 * Writer
 * ======================================================================
 *
 * Usage (file mode):
 *	w = pdata_writer_new(fd, 0);		// writes a placeholder header
 *	pdata_writer_add_attr(w, &attr, "cpu-clock", ids, nr_ids);
 *	pdata_writer_add_host_features(w, PTOOL_VERSION);
 *	pdata_writer_set_cmdline(w, argc, argv);
 *	pdata_write_comm(w, ...); pdata_write_mmap2(w, ...);	// synthesized
 *	pdata_write(w, chunk, len);		// records from a ring buffer
 *	pdata_write_finished_round(w);
 *	pdata_writer_finish(w);			// attrs, features, final header
 *	pdata_writer_free(w);			// fd is the caller's to close
 *
 * In file mode the placeholder header says "no data": a file cut short
 * before pdata_writer_finish() is recognisable and reads as empty. After
 * finish the file is valid even when no record was written.
 *
 * In pipe mode (PDATA_WRITER_PIPE) nothing can be rewritten, so the attrs
 * and the features known up front are emitted as records by
 * pdata_writer_begin() (or by the first record written). Attrs must be
 * added before that; build ids added later are emitted at finish.
 *
 * Every function returns 0 (or a non-negative value as documented) or
 * -errno; after a write error the writer stays failed and returns it again.
 */
struct pdata_writer;

#define PDATA_WRITER_PIPE	(1u << 0)	/* perf's pipe format */

/**
 * pdata_writer_new - start a perf.data file on @fd
 * @fd: open for writing (the caller opened it, the caller closes it); in
 *      file mode it must be seekable and is written from offset 0
 * @flags: 0 or PDATA_WRITER_PIPE
 *
 * File mode writes the placeholder header now. Returns a writer (free with
 * pdata_writer_free()) or NULL with errno set.
 */
struct pdata_writer *pdata_writer_new(int fd, unsigned int flags);

/**
 * pdata_writer_free - release @w; NULL is a no-op. Without
 * pdata_writer_finish() the buffered records are flushed (best effort) and
 * the file stays as far as it got: its header says "no data", and the
 * reader reads the records up to the end of the file.
 */
void pdata_writer_free(struct pdata_writer *w);

/**
 * pdata_writer_add_attr - add an event
 * @attr: copied (attr->size is set to sizeof(struct perf_event_attr) in the
 *        file)
 * @name: the event's name as the user wrote it ("cpu-clock",
 *        "syscalls:sys_enter_write"), copied; NULL for none
 * @ids: the kernel ids of the event's fds (PERF_EVENT_IOC_ID), copied; may
 *       be NULL with @nr_ids 0 and added later with pdata_writer_add_ids()
 * @nr_ids: number of @ids
 *
 * All attrs of a file must agree on where the id sits (sample_id_pos() and
 * sample_id_is_pos()): -EINVAL otherwise. The first attr's sample_type
 * lays out the id trailers of the synthesized records.
 * Returns the attr's index (0, 1, ...) or -errno (-EBUSY in pipe mode once
 * records have been written).
 */
int pdata_writer_add_attr(struct pdata_writer *w,
			  const struct perf_event_attr *attr, const char *name,
			  const uint64_t *ids, size_t nr_ids);

/**
 * pdata_writer_add_ids - append ids to attr @idx (e.g. one per CPU as the
 * events are opened). Returns 0 or -errno (-EBUSY in pipe mode once
 * begun, -EINVAL for a bad index).
 */
int pdata_writer_add_ids(struct pdata_writer *w, int idx, const uint64_t *ids,
			 size_t nr_ids);

/**
 * pdata_writer_set_string - set a string feature
 * @feat: PDATA_FEAT_HOSTNAME, _OSRELEASE, _VERSION, _ARCH, _CPUDESC or
 *        _CPUID (-EINVAL for another)
 * @s: copied
 */
int pdata_writer_set_string(struct pdata_writer *w, enum pdata_feat feat,
			    const char *s);

/** pdata_writer_set_nrcpus - PDATA_FEAT_NRCPUS: CPUs online and available */
int pdata_writer_set_nrcpus(struct pdata_writer *w, uint32_t online,
			    uint32_t avail);

/** pdata_writer_set_total_mem - PDATA_FEAT_TOTAL_MEM, in kB (/proc/meminfo) */
int pdata_writer_set_total_mem(struct pdata_writer *w, uint64_t kb);

/**
 * pdata_writer_set_cmdline - PDATA_FEAT_CMDLINE: the recording command line
 * (argv[0] should be the program's path, as perf stores it); copied
 */
int pdata_writer_set_cmdline(struct pdata_writer *w, int argc,
			     const char *const *argv);

/**
 * pdata_writer_set_sample_time - PDATA_FEAT_SAMPLE_TIME: the times of the
 * first and last samples (perf shows them and the duration in the header)
 */
int pdata_writer_set_sample_time(struct pdata_writer *w, uint64_t first,
				 uint64_t last);

/**
 * pdata_writer_set_clockid - PDATA_FEAT_CLOCKID: attr.clockid's resolution
 * in ns (perf stores the clock's frequency as ns per tick ... 1 for
 * CLOCK_MONOTONIC); only meaningful when attrs set use_clockid
 */
int pdata_writer_set_clockid(struct pdata_writer *w, uint64_t res_ns);

/**
 * pdata_writer_set_clock_data - PDATA_FEAT_CLOCK_DATA: one instant read on
 * both clocks, so that sample times on @clockid convert to wall-clock time
 * (perf record -k writes it)
 * @clockid: attr.clockid of the events (CLOCK_MONOTONIC ...)
 * @tod_ns: the instant in ns since the epoch (CLOCK_REALTIME)
 * @clockid_ns: the same instant on @clockid
 */
int pdata_writer_set_clock_data(struct pdata_writer *w, uint32_t clockid,
				uint64_t tod_ns, uint64_t clockid_ns);

/**
 * pdata_writer_add_build_id - one entry of PDATA_FEAT_BUILD_ID
 * @pid: -1 for the kernel and its modules (perf's host machine pid),
 *       else the process (perf writes -1 for every host dso)
 * @misc: PERF_RECORD_MISC_KERNEL or PERF_RECORD_MISC_USER (cpumode of
 *        the dso); the size bit is added here
 * @id: the build id bytes, @size <= 20
 * @filename: the dso's path ("[kernel.kallsyms]" for the kernel), copied
 */
int pdata_writer_add_build_id(struct pdata_writer *w, int32_t pid,
			      uint16_t misc, const uint8_t *id, size_t size,
			      const char *filename);

/**
 * pdata_writer_add_group - one entry of PDATA_FEAT_GROUP_DESC: the attrs
 * @leader .. @leader + @nr_members - 1 form a group ("{a,b}" in perf's
 * event syntax)
 * @name: the group's name ("name" of "name{a,b}"), or NULL; copied
 */
int pdata_writer_add_group(struct pdata_writer *w, int leader,
			   uint32_t nr_members, const char *name);

/**
 * pdata_writer_set_tracing_data - PDATA_FEAT_TRACING_DATA: an opaque blob
 * in perf's tracing-data layout (made by the event layer), copied
 */
int pdata_writer_set_tracing_data(struct pdata_writer *w, const void *buf,
				  size_t len);

/**
 * pdata_writer_set_feat_raw - any feature as pre-encoded bytes (e.g. from
 * pdata_feat_raw() of another file); replaces what a setter stored. @len is
 * padded to 8 bytes with zeros in file mode. Copied.
 */
int pdata_writer_set_feat_raw(struct pdata_writer *w, enum pdata_feat feat,
			      const void *buf, size_t len);

/**
 * pdata_writer_add_host_features - describe this machine: HOSTNAME,
 * OSRELEASE, ARCH (uname), NRCPUS (sysconf), CPUDESC and CPUID
 * (/proc/cpuinfo), TOTAL_MEM (/proc/meminfo), CPU_TOPOLOGY, NUMA_TOPOLOGY,
 * PMU_MAPPINGS, CACHE and MEM_TOPOLOGY (sysfs), and VERSION = @version.
 * What cannot be read is left out. Returns 0 or -errno.
 */
int pdata_writer_add_host_features(struct pdata_writer *w,
				   const char *version);

/**
 * pdata_writer_begin - end of the prologue: in pipe mode write the header,
 * attrs and features known so far as records; in file mode nothing more
 * (the placeholder was written by pdata_writer_new()). Called implicitly by
 * the first record written. Returns 0 or -errno.
 */
int pdata_writer_begin(struct pdata_writer *w);

/**
 * pdata_write - append whole records to the data section
 * @buf: one or more complete records, back to back (a chunk straight from
 *       a ring buffer; a ring that wraps gives two calls)
 * @len: bytes
 *
 * Buffered: small writes are gathered into large ones; a chunk larger
 * than the buffer is written directly. Records are not checked here.
 * Returns 0 or -errno.
 */
int pdata_write(struct pdata_writer *w, const void *buf, size_t len);

/** pdata_write_record - pdata_write() of one record (hdr->size bytes) */
int pdata_write_record(struct pdata_writer *w,
		       const struct perf_event_header *rec);

/**
 * pdata_writer_set_compression - from now on pdata_write_compressed()
 * writes zstd-compressed PERF_RECORD_COMPRESSED records (perf record -z),
 * and finish adds the COMPRESSED feature
 * @level: zstd level, 1 to 22
 * @mmap_len: the most bytes one pdata_write_compressed() call is given
 *            (perf writes its ring buffer's mmap size; readers size their
 *            buffer by it)
 * Returns 0 or -EINVAL for a bad level. A pipe sends the feature with
 * ratio 0 (unknown yet), as perf does; call before pdata_writer_begin().
 */
int pdata_writer_set_compression(struct pdata_writer *w, int level,
				 uint32_t mmap_len);

/**
 * pdata_write_compressed - pdata_write() of whole records (at most the
 * @mmap_len of pdata_writer_set_compression()), compressed when that was
 * called: the next part of the file's zstd stream, flushed, in records of
 * at most 64 KiB
 */
int pdata_write_compressed(struct pdata_writer *w, const void *buf,
			   size_t len);

/**
 * pdata_writer_compressed_bytes - the bytes given to
 * pdata_write_compressed() (@in) and the compressed records written (@out)
 */
void pdata_writer_compressed_bytes(const struct pdata_writer *w,
				   uint64_t *in, uint64_t *out);

/**
 * pdata_writer_flush - write what is buffered, so that a recorder killed
 * afterwards leaves these records in the file (read back as an unfinished
 * recording, see pdata_unfinished())
 */
int pdata_writer_flush(struct pdata_writer *w);

/** pdata_writer_data_size - bytes of records written so far */
uint64_t pdata_writer_data_size(const struct pdata_writer *w);

/**
 * pdata_writer_finish - flush the data, write ids, attrs and feature
 * sections and the final header (file mode), or the remaining feature
 * records (pipe mode). After this the file is a valid perf.data file.
 * Returns 0 or -errno. The writer can only be freed afterwards.
 */
int pdata_writer_finish(struct pdata_writer *w);

/*
 * Synthesized records. Each builds the record with a sample_id trailer laid
 * out for the first attr (when it has sample_id_all) and appends it. @id
 * gives the trailer's values (pid, tid, time, id, stream_id, cpu); NULL
 * writes perf's "synthesized" trailer: pid/tid of the record, time 0,
 * id 0, cpu 0. perf maps id 0 to the first event.
 */

/** pdata_write_comm - PERF_RECORD_COMM; @exec sets PERF_RECORD_MISC_COMM_EXEC */
int pdata_write_comm(struct pdata_writer *w, uint32_t pid, uint32_t tid,
		     const char *comm, bool exec, const struct sample *id);

/**
 * struct pdata_mmap - the fields of PERF_RECORD_MMAP / PERF_RECORD_MMAP2
 * @misc: PERF_RECORD_MISC_USER or _KERNEL (cpumode), plus
 *        PERF_RECORD_MISC_MMAP_DATA for a non-executable map
 * @build_id/@build_id_size: with PERF_RECORD_MISC_MMAP_BUILD_ID (MMAP2
 *        only), the build id replaces maj/min/ino/ino_generation
 */
struct pdata_mmap {
	uint16_t misc;
	uint32_t pid, tid;
	uint64_t start, len, pgoff;
	uint32_t maj, min;
	uint64_t ino, ino_generation;
	uint32_t prot, flags;
	const uint8_t *build_id;
	uint8_t build_id_size;
	const char *filename;
};

/** pdata_write_mmap2 - PERF_RECORD_MMAP2 from @m */
int pdata_write_mmap2(struct pdata_writer *w, const struct pdata_mmap *m,
		      const struct sample *id);

/**
 * pdata_write_mmap - PERF_RECORD_MMAP (the old layout: pid, tid, start,
 * len, pgoff, filename) from @m; perf uses it for the kernel map
 */
int pdata_write_mmap(struct pdata_writer *w, const struct pdata_mmap *m,
		     const struct sample *id);

/**
 * pdata_write_kernel_mmap - the kernel map as perf synthesizes it: MMAP,
 * pid -1, filename "[kernel.kallsyms]_text", from @text (the address of
 * _text, see pdata_kernel_text_addr()) to the end of the address space,
 * pgoff = @text, misc = PERF_RECORD_MISC_KERNEL
 */
int pdata_write_kernel_mmap(struct pdata_writer *w, uint64_t text,
			    const struct sample *id);

/**
 * pdata_kernel_text_addr - the address of the kernel's _text symbol from
 * /proc/kallsyms, or -ENOENT (absent) / -EPERM (kptr_restrict shows 0)
 */
int pdata_kernel_text_addr(uint64_t *addr);

/**
 * pdata_write_fork - PERF_RECORD_FORK, or PERF_RECORD_EXIT when @exit
 */
int pdata_write_fork(struct pdata_writer *w, bool exit, uint32_t pid,
		     uint32_t ppid, uint32_t tid, uint32_t ptid, uint64_t time,
		     const struct sample *id);

/**
 * pdata_write_sample - PERF_RECORD_SAMPLE of attr @idx laid out from @s by
 * sample_synth() (for tests and converters; the record command writes the
 * kernel's records as they are). @misc is the header's misc (cpumode).
 */
int pdata_write_sample(struct pdata_writer *w, int idx, uint16_t misc,
		       const struct sample *s);

/** pdata_write_finished_round - PDATA_RECORD_FINISHED_ROUND (no payload) */
int pdata_write_finished_round(struct pdata_writer *w);

/**
 * pdata_write_finished_init - PDATA_RECORD_FINISHED_INIT: the synthesized
 * records are done (perf writes it after them)
 */
int pdata_write_finished_init(struct pdata_writer *w);

/*
 * ======================================================================
 * Reader
 * ======================================================================
 *
 * Usage:
 *	struct strbuf err = STRBUF_INIT;
 *	struct pdata *p = pdata_open("perf.data", &err);
 *	if (!p) {
 *		ret = cmd_fail(0, "%s", err.buf);
 *		strbuf_release(&err);
 *		return ret;
 *	}
 *	strbuf_release(&err);
 *	const struct pdata_info *info = pdata_info(p);
 *	ret = pdata_for_each_event(p, PDATA_ORDERED, my_fn, &state);
 *	if (ret < 0)
 *		return cmd_fail(ret, "%s", pdata_strerror(p));
 *	pdata_close(p);
 *
 * Errors name the file and the place: "perf.data: record at offset 0x1234
 * has size 0". The reader maps the data section in windows (it never
 * holds the whole file in memory) and survives hostile input: every read
 * is bounds-checked, counts are checked against the bytes that hold them.
 */
struct pdata;

/**
 * struct pdata_attr - one event of the file
 * @attr: the attr, zero-extended to this build's sizeof(perf_event_attr)
 * @name: from EVENT_DESC (or pipe-mode EVENT_UPDATE), else NULL
 * @ids: the event's ids (from the ids section, EVENT_DESC or HEADER_ATTR)
 * @nr_ids: number of @ids
 */
struct pdata_attr {
	struct perf_event_attr attr;
	const char *name;
	const uint64_t *ids;
	size_t nr_ids;
};

/**
 * struct pdata_build_id - one entry of the BUILD_ID feature (or a
 * HEADER_BUILD_ID record in pipe mode)
 */
struct pdata_build_id {
	int32_t pid;
	uint16_t misc;		/* cpumode bits of the entry */
	uint8_t size;		/* bytes of @id used (20 for SHA-1) */
	uint8_t id[20];
	const char *filename;
};

/**
 * struct pdata_group - one entry of the GROUP_DESC feature
 * @name: the group's name, NULL for an anonymous group
 * @leader: index of the leader's attr; the members follow it
 * @nr_members: number of attrs in the group, the leader included
 */
struct pdata_group {
	const char *name;
	uint32_t leader;
	uint32_t nr_members;
};

/**
 * struct pdata_info - the parsed feature sections (absent: NULL / 0)
 * Lent by the reader; valid until pdata_close(). In pipe mode, features
 * that perf sends after the data (build ids) appear once the stream has
 * been read by pdata_for_each_event().
 */
struct pdata_info {
	const char *hostname;
	const char *osrelease;
	const char *version;
	const char *arch;
	const char *cpudesc;
	const char *cpuid;
	uint32_t nr_cpus_online;
	uint32_t nr_cpus_avail;
	uint64_t total_mem;		/* kB */
	const char *const *cmdline;	/* argv as recorded */
	uint32_t cmdline_nr;
	const struct pdata_build_id *build_ids;
	size_t nr_build_ids;
	uint64_t first_sample_time;	/* SAMPLE_TIME, 0 when absent */
	uint64_t last_sample_time;
	uint64_t clockid_res_ns;	/* CLOCKID, 0 when absent */
	const struct pdata_group *groups;	/* GROUP_DESC */
	size_t nr_groups;
	/* CLOCK_DATA (perf record -k): one reference point of the clock */
	bool has_clock_data;
	uint32_t clockid;		/* of the samples' timestamps */
	uint64_t clock_tod_ns;		/* wall-clock time, ns since the epoch */
	uint64_t clock_clockid_ns;	/* the same instant on @clockid */
};

/**
 * pdata_open - open a perf.data file (regular or pipe format)
 * @path: the file; "-" reads standard input
 * @err: gets a one-line message appended on failure ("perf.data: not a
 *       perf.data file (bad magic)"), may be NULL
 *
 * Reads the header, the attrs and ids, and the feature sections (for a pipe,
 * the records before the first kernel record). Returns a reader (free with
 * pdata_close()) or NULL with errno set: ENOENT etc. from open(2), EINVAL
 * for a malformed file, EFBIG for sizes beyond the file (a truncated
 * file), EPROTO for a file of the other byte order, ENODATA for an empty
 * file.
 *
 * @path may be a directory in perf's directory format (perf record
 * --threads): the header file "data" and the record files "data.<n>",
 * read as one stream (ordered across the files with PDATA_ORDERED).
 *
 * A file whose header says "no data" and that has no features (a
 * recording that was interrupted before it could finish) is read up to
 * the last whole record.
 */
struct pdata *pdata_open(const char *path, struct strbuf *err);

/**
 * pdata_open_fd - pdata_open() on an open fd (a file, a pipe, or a
 * directory in perf's directory format); @name labels messages. The
 * reader does not close @fd.
 */
struct pdata *pdata_open_fd(int fd, const char *name, struct strbuf *err);

/** pdata_close - release the reader; NULL is a no-op */
void pdata_close(struct pdata *p);

/** pdata_strerror - the message of the last error of @p ("" when none) */
const char *pdata_strerror(const struct pdata *p);

/** pdata_is_pipe - whether @p is in perf's pipe format */
bool pdata_is_pipe(const struct pdata *p);

/** pdata_nr_attrs - number of events */
size_t pdata_nr_attrs(const struct pdata *p);

/**
 * pdata_has_sample_bit - whether every event's samples carry @bit
 * (PERF_SAMPLE_CPU, ...); false for a file without events
 */
bool pdata_has_sample_bit(const struct pdata *p, uint64_t bit);

/** pdata_attr - event @idx (< pdata_nr_attrs()), lent */
const struct pdata_attr *pdata_attr(const struct pdata *p, size_t idx);

/**
 * pdata_id_to_attr - the index of the attr that owns @id, or -1.
 * Id 0 (perf's synthesized records) and any id of a file with one attr
 * map to attr 0, as perf does.
 */
int pdata_id_to_attr(const struct pdata *p, uint64_t id);

/** pdata_info - the parsed features, lent (see struct pdata_info) */
const struct pdata_info *pdata_info(const struct pdata *p);

/** pdata_has_feat - whether the header's feature bit @feat is set */
bool pdata_has_feat(const struct pdata *p, int feat);

/**
 * pdata_cpu_sockets - the socket id of each cpu, from CPU_TOPOLOGY
 * @out: a malloc'd array of @nr ids (free() it), -1 where unknown
 * Returns 0, -ENOENT without the feature or its per-cpu ids, or -errno.
 */
int pdata_cpu_sockets(struct pdata *p, int32_t **out, size_t *nr);

/**
 * pdata_feat_raw - the raw bytes of feature @feat, read into @out
 * (a malloc'd buffer, free() it) of @len bytes. Returns 0, -ENOENT when
 * absent, or -errno. In pipe mode: the HEADER_FEATURE payload.
 */
int pdata_feat_raw(struct pdata *p, int feat, void **out, size_t *len);

/**
 * pdata_tracing_data - the TRACING_DATA blob (perf's tracing-data layout,
 * parsed by the event layer). Loaded on first call; lent until
 * pdata_close(). Returns 0, -ENOENT when the file has none, or -errno.
 */
int pdata_tracing_data(struct pdata *p, const void **buf, size_t *len);

/**
 * pdata_data_section - file offset and size of the data section (for
 * headers and -D output; 0/0 in pipe mode)
 */
void pdata_data_section(const struct pdata *p, uint64_t *offset,
			uint64_t *size);

/**
 * pdata_fprintf_header - print the header as perf report --header-only
 * does: "# captured on : ...", "# hostname : ...", ..., one
 * "# event : name = ..., id = { ... }, type = ..." line per attr, then the
 * feature lines and "# missing features: ...".
 * @flags: PDATA_HDR_FULL for the details perf prints with -I (cpu and numa
 *         topology), else a hint line as perf shows
 * Returns 0 or -errno (write error).
 */
#define PDATA_HDR_FULL	(1u << 0)
int pdata_fprintf_header(struct pdata *p, FILE *fp, unsigned int flags);

/**
 * pdata_fprintf_attr - one attr as perf prints it after "# event : ":
 * "name = cpu-clock, , id = { 50, 51 }, type = 1, size = 128, ..."
 * without the newline. Returns 0 or -errno.
 */
int pdata_fprintf_attr(const struct pdata_attr *a, FILE *fp);

/**
 * struct pdata_event - what the iteration callback receives
 * @rec: the whole record (rec->size bytes), valid during the callback only
 * @offset: its file offset (or stream offset for a pipe)
 * @attr_idx: index of its attr, -1 for perf's own record types and for a
 *            record whose id is not in the file
 * @attr: pdata_attr(@attr_idx) or NULL
 * @sample: for PERF_RECORD_SAMPLE the parsed sample; for other kernel
 *          records the parsed id trailer (sample.type 0 when none)
 */
struct pdata_event {
	const struct perf_event_header *rec;
	uint64_t offset;
	int attr_idx;
	const struct pdata_attr *attr;
	struct sample sample;
};

/**
 * pdata_event_fn - iteration callback: return 0 to go on, anything else
 * stops the iteration and is returned by pdata_for_each_event()
 */
typedef int (*pdata_event_fn)(struct pdata *p, const struct pdata_event *ev,
			      void *arg);

/* pdata_for_each_event() flags */
#define PDATA_ORDERED	(1u << 0)	/* deliver kernel records by time */

/**
 * pdata_for_each_event - read the data section once, calling @fn per record
 * @flags: PDATA_ORDERED sorts kernel records by timestamp the way perf does:
 *         records are queued, and at each FINISHED_ROUND (and
 *         FINISHED_INIT, also written between two passes over the ring
 *         buffers) the ones older than the previous round's newest are
 *         delivered; the end of the data delivers everything. Records
 *         without a timestamp or with timestamp 0 (synthesized) and perf's
 *         own record types are delivered at once, in file order. Without
 *         the flag: file order.
 *
 * Unknown record types are delivered (with attr_idx -1) and skipped by
 * their size. HEADER_ATTR / HEADER_FEATURE / EVENT_UPDATE / build-id
 * records of a pipe are applied to the reader and also delivered.
 * Returns 0 at the end of the data, @fn's non-zero return, or -errno with
 * pdata_strerror() saying what was wrong at which offset. The records
 * inside perf's zstd-compressed records (perf record -z) are delivered
 * in their place, with the compressed record's offset, and the
 * COMPRESSED record itself is not. A file may be iterated again (from
 * the start).
 */
int pdata_for_each_event(struct pdata *p, unsigned int flags,
			 pdata_event_fn fn, void *arg);

/**
 * struct pdata_stats - counters of the last pdata_for_each_event()
 * @nr_records: per record type (types >= PDATA_RECORD_HEADER_MAX counted
 *              in [0])
 * @nr_unordered: records older than what had already been delivered
 *                (perf's "out of order" warning)
 * @nr_unknown_id: records whose id is in no attr
 * @total_lost: sum of PERF_RECORD_LOST lost counts
 * @total_lost_samples: sum of PERF_RECORD_LOST_SAMPLES lost counts
 * @cut_bytes: an unfinished file (pdata_unfinished()): the bytes after
 *             the last whole record, not delivered
 */
struct pdata_stats {
	uint64_t nr_records[PDATA_RECORD_HEADER_MAX];
	uint64_t nr_unordered;
	uint64_t nr_unknown_id;
	uint64_t total_lost;
	uint64_t total_lost_samples;
	uint64_t cut_bytes;
};

/**
 * pdata_unfinished - why the file reads as an unfinished recording, or
 * NULL for a finished one. A recorder killed before its end (SIGKILL, the
 * OOM killer, a power loss) leaves data size 0 in the header, and a file
 * cut short has a data section that runs past its end: such a file is read
 * up to its last whole record (pdata_stats()->cut_bytes tells what was
 * left over) and without feature sections (no build ids, no tracing data).
 * Lent, static.
 */
const char *pdata_unfinished(const struct pdata *p);

/** pdata_stats - the counters of the last iteration, lent */
const struct pdata_stats *pdata_stats(const struct pdata *p);

/**
 * pdata_copy - write @p's attrs (with their ids) and every record that
 * reads, in file order, into @w, plus the SAMPLE_TIME feature: with
 * pdata_writer_finish() afterwards, an unfinished recording becomes a
 * finished file (compressed records are written decompressed)
 * @p: a regular file (-EINVAL for a pipe)
 * @names: NULL, or a name per attr that replaces the file's (a file
 *         without EVENT_DESC names no event); NULL entries keep it
 * Returns 0, the reader's -errno (pdata_strerror() says why) or the
 * writer's.
 */
int pdata_copy(struct pdata *p, struct pdata_writer *w,
	       const char *const *names);

#endif
