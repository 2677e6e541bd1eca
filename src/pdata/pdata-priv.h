/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_PDATA_PRIV_H
#define PTOOL_PDATA_PRIV_H

/*
 * On-disk layouts of perf.data (perf's perf.data-file-format.txt) and the
 * reader's private state, shared by the files of src/pdata/.
 */
#include <stdint.h>
#include <sys/types.h>

#include "ptool/pdata.h"
#include "ptool/strbuf.h"
#include "ptool/u64map.h"

#define PDATA_MAGIC2	0x32454c4946524550ULL	/* "PERFILE2" little endian */
#define PDATA_MAGIC2_SW	0x50455246494c4532ULL	/* the same, byte-swapped */
#define PDATA_MAGIC1	0x454c494646524550ULL	/* "PERFFILE", version 1 */

struct pdata_file_section {
	uint64_t offset;
	uint64_t size;
};

struct pdata_file_header {
	uint64_t magic;
	uint64_t size;		/* sizeof(struct pdata_file_header) */
	uint64_t attr_size;	/* one attrs entry: attr + ids section */
	struct pdata_file_section attrs;
	struct pdata_file_section data;
	struct pdata_file_section event_types;	/* unused */
	uint64_t features[PDATA_FEAT_BITS / 64];
};

/* the header of perf versions before the feature bitmap */
#define PDATA_HEADER_SIZE_NOFEAT 72

struct pdata_pipe_header {
	uint64_t magic;
	uint64_t size;		/* 16 */
};

/* PERF_RECORD_HEADER_BUILD_ID and the BUILD_ID feature entries */
struct pdata_build_id_rec {
	struct perf_event_header header;
	int32_t pid;
	uint8_t build_id[24];	/* [20] size, when misc has the size bit */
	/* char filename[] up to header.size */
};
#define PDATA_MISC_BUILD_ID_SIZE (1 << 15)

/* EVENT_UPDATE types */
#define PDATA_EVENT_UPDATE_UNIT	0
#define PDATA_EVENT_UPDATE_SCALE 1
#define PDATA_EVENT_UPDATE_NAME	2
#define PDATA_EVENT_UPDATE_CPUS	3

/* ordered-events queue: one copied record */
struct pdata_qev {
	uint64_t time;
	uint64_t seq;
	uint64_t offset;
	struct pdata_qchunk *chunk;
	struct perf_event_header *rec;
};

struct pdata_qchunk {
	struct pdata_qchunk *next;
	size_t used, size;
	size_t live;
	/* records follow, 8-byte aligned */
};

/*
 * The ordered-events queue (pdata-order.c): records copied into chunks, a
 * binary heap by time and arrival. A FINISHED_ROUND flushes what is older
 * than the newest time of the round before, as perf does.
 */
struct pdata_queue {
	struct pdata_qev *heap;
	size_t nr, alloc;
	struct pdata_qchunk *chunks, *free_chunks;
	uint64_t seq;
	uint64_t max_time, next_flush, last_flush;
};

typedef int (*pdata_queue_fn)(void *arg, const struct perf_event_header *rec,
			      uint64_t off);

struct pdata {
	int fd;
	int own_fd;
	char *name;
	bool pipe;
	bool recovered;		/* an unfinished file: read to EOF */
	const char *unfinished;	/* why, for pdata_unfinished() */
	/* perf's directory format: the data.<n> files */
	int dir_fd;		/* the directory, when the reader opened it */
	char **dir_names;
	int *dir_fds;
	uint64_t *dir_sizes;
	size_t nr_dir_files;
	uint64_t file_size;
	struct pdata_file_header hdr;
	uint64_t data_off, data_size;

	struct pdata_attr *attrs;
	size_t nr_attrs, alloc_attrs;
	struct u64map ids;	/* event id -> index in attrs */
	size_t nr_ids;
	uint64_t id_sample_type;
	bool id_sample_id_all;

	/* features */
	struct pdata_file_section feat[PDATA_FEAT_BITS];
	uint64_t feat_bits[PDATA_FEAT_BITS / 64];
	struct pdata_info info;
	char **strings;		/* every string the reader owns */
	size_t nr_strings, alloc_strings;
	struct pdata_build_id *build_ids;
	size_t alloc_build_ids;
	char **cmdline;
	struct pdata_group *groups;
	uint32_t comp[5];	/* COMPRESSED: version, type, level, ratio, mmap */
	bool has_comp;
	uint64_t dir_version;	/* DIR_FORMAT */
	uint32_t pmu_nr;
	struct { uint32_t type; const char *name; } *pmus;
	void *tracing;		/* loaded tracing data */
	size_t tracing_size;
	bool tracing_loaded;
	uint64_t tracing_rec_off;	/* a HEADER_TRACING_DATA record's payload */
	uint64_t tracing_rec_size;
	void *feat_pipe[PDATA_FEAT_BITS];	/* pipe: HEADER_FEATURE payloads */
	size_t feat_pipe_size[PDATA_FEAT_BITS];

	/* pipe reading */
	uint8_t *pbuf;
	size_t pbuf_size, pbuf_head, pbuf_tail;
	uint64_t pipe_pos;	/* stream offset of pbuf[pbuf_head] */
	bool pipe_eof;
	struct strbuf prologue;	/* records consumed by pdata_open() */
	uint64_t *prologue_offs;	/* stream offset of each record */
	size_t prologue_nr, prologue_alloc;
	bool prologue_done;
	uint64_t pipe_start;	/* for re-reading a pipe-format file */
	bool pipe_start_ok;	/* a regular file: can seek back */
	uint64_t prologue_end;	/* stream offset after the prologue */
	uint64_t applied_upto;	/* records before this offset were applied */

	/* iteration */
	struct pdata_stats stats;
	uint64_t *scratch;	/* aligned copy of a misaligned record */
	struct pdata_queue queue;	/* PDATA_ORDERED */

	/* PERF_RECORD_COMPRESSED: one zstd stream per data file */
	void *zds;		/* ZSTD_DStream */
	uint8_t *zbuf;		/* decompressed records, PDATA_ZBUF bytes */
	size_t zfill;		/* bytes in zbuf, a partial record at most */
	uint64_t zoff;		/* the compressed record zbuf's tail came from */
	bool in_compressed;

	char err[256];
};

#define PDATA_MAX_BLOB	(1u << 30)	/* tracing data */

/* one pass over the records: pdata_for_each_event()'s arguments */
struct pdata_iter {
	struct pdata *p;
	pdata_event_fn fn;
	void *arg;
	unsigned int flags;
};

/* pdata.c */
int pdata_err(struct pdata *p, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
char *pdata_keep_str(struct pdata *p, const char *s, size_t len);
int pdata_add_attr(struct pdata *p, const struct perf_event_attr *attr,
		   size_t attr_bytes, const uint64_t *ids, size_t nr_ids);
int pdata_set_name_by_id(struct pdata *p, uint64_t id, const char *name,
			 size_t len);
int pdata_process(struct pdata_iter *it, const struct perf_event_header *rec,
		  uint64_t off);
const struct perf_event_header *pdata_aligned(struct pdata *p,
					     const void *rec);
uint64_t pdata_payload_size(const struct perf_event_header *rec);
void pdata_zstream_reset(struct pdata *p);
int pdata_zstream_end(struct pdata *p, bool recovered);

/* pdata-order.c */
uint64_t pdata_record_time(const struct pdata *p,
			   const struct perf_event_header *rec);
/* queue a copy of @rec at @time; true when @time is before the last flush */
bool pdata_queue_push(struct pdata_queue *q,
		      const struct perf_event_header *rec, uint64_t time,
		      uint64_t off);
/* deliver the records up to @limit in order; the first error stops it */
int pdata_queue_flush(struct pdata_queue *q, uint64_t limit,
		      pdata_queue_fn fn, void *arg);
/* at a FINISHED_ROUND: flush up to the newest time of the round before */
int pdata_queue_round(struct pdata_queue *q, pdata_queue_fn fn, void *arg);
/* free everything and start over empty */
void pdata_queue_release(struct pdata_queue *q);

/* pdata-pipe.c */
int pdata_open_pipe(struct pdata *p);
int pdata_iterate_pipe(struct pdata_iter *it);

/* pdata-header.c */
int pdata_parse_feat(struct pdata *p, int feat, const uint8_t *buf,
		     size_t len);
int pdata_add_build_id_rec(struct pdata *p, const uint8_t *buf, size_t len);

#endif
