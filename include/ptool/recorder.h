/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_RECORDER_H
#define PTOOL_RECORDER_H

#include <stddef.h>
#include <stdint.h>

#include "ptool/evlist.h"
#include "ptool/pdata.h"
#include "ptool/ring.h"
#include "ptool/strbuf.h"
#include "ptool/synth.h"

/*
 * The data path of a recording: ring buffers drained into a perf.data
 * writer, a FINISHED_ROUND after each round that moved something, the
 * counts perf prints at the end (samples, lost chunks), the sample time
 * range, and the executable files that the recorded processes map (for
 * the BUILD_ID feature). Also the synthesized records, written through the
 * same writer: synth_*() items with recorder_synth_ops(), and the kernel
 * map.
 *
 *	rc = recorder_new(w, attr.sample_type);
 *	recorder_add_ring(rc, ring);		// the recorder owns it now
 *	recorder_kernel_map(rc, NULL);
 *	struct synth s = { NULL, false, recorder_synth_ops(), rc };
 *	synth_all(&s, NULL);
 *	while (...) n = recorder_drain(rc);
 *	recorder_free(rc);			// the writer stays the caller's
 */

struct recorder;

struct recorder_stats {
	uint64_t events;	/* records drained from the rings */
	uint64_t samples;	/* PERF_RECORD_SAMPLE among them */
	uint64_t lost_chunks;	/* PERF_RECORD_LOST records */
	uint64_t lost;		/* ... and the records they say were dropped */
	uint64_t lost_samples;	/* the sum of PERF_RECORD_LOST_SAMPLES */
	uint64_t first_time;	/* of the samples; 0 when none */
	uint64_t last_time;
};

/**
 * recorder_new - a recorder writing into @w
 * @w: the writer, or NULL to give it later with recorder_set_writer()
 *     (before anything is drained or synthesized)
 * @sample_type: the sample_type that every attr of the recording shares
 *               for TIME and the id fields (to read sample times)
 * Returns the recorder (free with recorder_free()).
 */
struct recorder *recorder_new(struct pdata_writer *w, uint64_t sample_type);

/** recorder_set_writer - the writer of a recorder made without one */
void recorder_set_writer(struct recorder *rc, struct pdata_writer *w);

/** recorder_free - free the rings and the recorder (not the writer); NULL is a no-op */
void recorder_free(struct recorder *rc);

/** recorder_add_ring - drain @ring too; the recorder frees it */
void recorder_add_ring(struct recorder *rc, struct ring *ring);

/**
 * recorder_map_rings - one ring per cpu of @el's maps, mapped on the first
 * event's fd of that cpu (first thread); every other fd of the cpu (other
 * threads, other events) sends its records there (PERF_EVENT_IOC_SET_OUTPUT)
 * @el: opened events
 * @pages: data pages per ring (a power of two)
 * @err: on failure, what failed and why, one line (evlist_map_rings())
 * Returns 0 or -errno (-EPERM: more pages than perf_event_mlock_kb allows).
 */
int recorder_map_rings(struct recorder *rc, const struct evlist *el,
		       unsigned int pages, struct strbuf *err);

/**
 * recorder_tracing_data - give the writer the TRACING_DATA feature for the
 * tracepoints among @el's events (nothing when there are none), reading
 * their formats from tracefs (mounted when needed)
 * Returns 0 or -errno.
 */
int recorder_tracing_data(struct recorder *rc, const struct evlist *el);

/**
 * recorder_compress - write what the rings hold as zstd-compressed records
 * (perf record -z): the records of each ring read, at most @mmap_len bytes
 * at a time, go to pdata_write_compressed(); synthesized records stay
 * uncompressed, as perf writes them. Call after recorder_set_writer() and
 * before anything is drained.
 * @level: zstd level, 1 to 22
 * @mmap_len: perf's ring mmap size, (data pages + 1) * page size
 * Returns 0 or pdata_writer_set_compression()'s -errno.
 */
int recorder_compress(struct recorder *rc, int level, uint32_t mmap_len);

/**
 * recorder_switch_writer - go on into another file (--switch-output):
 * the rings' next records go to @w, compressed as before, and the sample
 * time range starts again
 * Returns 0 or pdata_writer_set_compression()'s -errno.
 */
int recorder_switch_writer(struct recorder *rc, struct pdata_writer *w);

/**
 * recorder_drain - one round: every ring emptied into the writer, then a
 * FINISHED_ROUND when anything was written
 * Returns the number of records moved, -EBADMSG when a ring holds a
 * corrupt record, or the writer's -errno.
 */
long recorder_drain(struct recorder *rc);

/** recorder_stats - the counts so far (lent) */
const struct recorder_stats *recorder_stats(const struct recorder *rc);

/**
 * recorder_synth_ops - callbacks for struct synth whose arg is a recorder:
 * COMM, FORK and MMAP2 records with perf's synthesized id trailer
 */
const struct synth_ops *recorder_synth_ops(void);

/**
 * recorder_kernel_map - write the kernel map as perf does: PERF_RECORD_MMAP,
 * pid -1, "[kernel.kallsyms]_text", from _text to _etext, pgoff _text
 * @proc: NULL for "/proc" (see synth_kernel_map())
 * Returns 0, synth_kernel_map()'s -ENOENT/-EPERM (nothing written), or the
 * writer's -errno.
 */
int recorder_kernel_map(struct recorder *rc, const char *proc);

/**
 * recorder_dso - the executable files mapped by the recorded processes, as
 * seen in MMAP/MMAP2 records (synthesized or from the kernel): absolute
 * paths only, each once, in the order first seen, and only while the path
 * still names the file that was mapped (same device and inode, when the
 * record gave them)
 * @iter: 0 for the first call, then passed back unchanged
 * Returns a path (lent until recorder_free()), or NULL after the last.
 */
const char *recorder_dso(const struct recorder *rc, size_t *iter);

/**
 * recorder_add_build_ids - the build-id table of the recording (perf's
 * HEADER_BUILD_ID): the running kernel's (from /sys/kernel/notes), each
 * recorder_dso() file's that has one, and the vdso's as "[vdso]"; files
 * without a build-id are left out
 */
void recorder_add_build_ids(struct recorder *rc);

/**
 * recorder_read_lost - perf's end-of-recording loss report for one event fd:
 * read the fd's lost count (attr.read_format has PERF_FORMAT_LOST, Linux
 * 6.0+) and, when it is not zero, write a PERF_RECORD_LOST_SAMPLES record
 * whose id trailer names the fd's id (perf report shows the sum as "Total
 * Lost Samples")
 * @attr: the event's attr (read_format, sample_type, sample_id_all)
 * @fd: the event fd
 * @id: its kernel id
 * Returns the lost count (0 when the attr has no PERF_FORMAT_LOST) or -errno.
 */
long long recorder_read_lost(struct recorder *rc,
			     const struct perf_event_attr *attr, int fd,
			     uint64_t id);

/**
 * recorder_save_lost - recorder_read_lost() for every fd of @el
 * Returns the total lost count or -errno.
 */
long long recorder_save_lost(struct recorder *rc, const struct evlist *el);

/**
 * recorder_create_file - create a recording's output file as perf does
 * @path: the file name
 * @err: on failure, the step that failed ("cannot rename 'perf.data' to
 *       'perf.data.old': ...", "cannot remove ...", "cannot create ...")
 *
 * An existing @path is renamed to "<path>.old" (an empty regular file is
 * removed instead); the new file is created with mode 0600 and
 * O_EXCL|O_NOFOLLOW, so a symbolic link put there is never followed; when
 * root runs it under sudo, the file is given to $SUDO_UID:$SUDO_GID.
 * Returns the open file descriptor (read-write) or -errno.
 */
int recorder_create_file(const char *path, struct strbuf *err);

#endif
