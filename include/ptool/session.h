/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_SESSION_H
#define PTOOL_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptool/pdata.h"
#include "ptool/sample.h"
#include "ptool/strbuf.h"

/*
 * A session: a perf.data file read into the process model (threads, their
 * comms and address spaces, from COMM/FORK/EXIT/MMAP/MMAP2 records) and
 * its samples delivered in time order with their thread and a resolved
 * callchain. Frame-pointer callchains come from the kernel
 * (PERF_SAMPLE_CALLCHAIN, context markers dropped); samples with user
 * registers and a stack copy (--call-graph dwarf) are unwound with
 * libdw's call frame information. Symbols are resolved once per (dso,
 * address).
 *
 * Usage:
 *	struct session_opts o = { .path = "perf.data" };
 *	struct strbuf err = STRBUF_INIT;
 *	struct session *s = session_open(&o, &err);
 *	if (!s)
 *		ret = cmd_fail(0, "%s", err.buf);
 *	strbuf_release(&err);
 *	if (!s)
 *		return ret;
 *	ret = session_for_each_sample(s, SESSION_CALLCHAIN, my_fn, &state);
 *	session_free(s);
 */

struct session;
struct sym_dso;
struct sym;
struct sym_inline;
struct maps;

/**
 * struct session_opts - how to open and resolve
 * @path: the file ("perf.data" when NULL; "-" reads standard input)
 * @force: read a file owned by another user (-f); without it such a file
 *         is refused, as perf does
 * @vmlinux: a vmlinux for kernel symbols (-k), or NULL for kallsyms
 * @kallsyms: the kallsyms file, NULL for /proc/kallsyms
 * @no_demangle: keep C++ symbols mangled
 * @no_inline: do not add inline frames to callchains
 * @max_stack: frames kept per callchain, 0 for perf's default (127)
 * @debug_dir: perf's build-id cache, NULL for $HOME/.debug
 * @symfs: look the recorded object paths up under this directory
 */
struct session_opts {
	const char *path;
	bool force;
	const char *vmlinux;
	const char *kallsyms;
	bool no_demangle;
	bool no_inline;
	unsigned int max_stack;
	const char *debug_dir;
	const char *symfs;
};

/**
 * struct session_frame - one resolved frame
 * @ip: the run-time address (a callchain entry or an unwound pc)
 * @addr: @ip in the dso's address space (ELF vaddr; == @ip for the kernel)
 * @dso: the object, NULL when no map covers @ip
 * @dso_name: what perf prints in the Shared Object column: a basename,
 *            "[kernel.kallsyms]", "[vdso]", or "[unknown]"
 * @dso_path: the long name (path as recorded), "[unknown]" without a map
 * @sym: the symbol, NULL when unresolved
 * @sym_name: @sym's name, or NULL when unresolved (perf prints "[unknown]")
 * @sym_off: @addr - symbol start (0 when unresolved)
 * @kernel: a kernel address ("[k]"; user is "[.]")
 * @inlined: an inline frame expanded from the next (outer) frame; its
 *           @sym is NULL, @sym_name the inlined function and @sym_off the
 *           offset from the start of the ELF symbol it was inlined into
 * @src_file: for a frame expanded from DWARF's function nesting, the source
 *            file of its level (full path; addr2line -i), else NULL
 * @src_line: the line in @src_file
 * @level: the DWARF level the frame was expanded from (names as the
 *         object spells them, declaration file and line), else NULL;
 *         lent by the symbolizer for the life of the session
 * @map_start, @map_end: the mapping (MMAP/MMAP2 record, as later mappings
 *         left it) that holds @ip, [start, end); 0 and 0 when none does
 * @map_pgoff: the file offset of @map_start (for the kernel, what its MMAP
 *         record says)
 */
struct session_frame {
	uint64_t ip;
	uint64_t addr;
	struct sym_dso *dso;
	const char *dso_name;
	const char *dso_path;
	const struct sym *sym;
	const char *sym_name;
	uint64_t sym_off;
	bool kernel;
	bool inlined;
	const char *src_file;
	int src_line;
	const struct sym_inline *level;
	uint64_t map_start, map_end, map_pgoff;
};

/**
 * struct session_sample - what the iteration callback receives; valid
 * during the callback only
 * @s: the decoded sample (pointers into the record)
 * @attr_idx: index of its event (pdata_attr()), 0 when unknown
 * @comm: the thread's command name at the time of the sample. Unlike the
 *        rest, the pointer stays valid until session_free() or the next
 *        iteration, and one pointer is one command name of one thread: its
 *        text changes only when a thread's placeholder (":tid") gets the
 *        name of its first COMM record, as perf renames earlier samples
 * @pid, @tid: from the sample
 * @time, @cpu, @period: from the sample (time (uint64_t)-1 when absent)
 * @cpumode: PERF_RECORD_MISC_CPUMODE_MASK bits of the record
 * @nr_frames: number of @frames
 * @frames: leaf first, root last; frames[0] is the sample ip when the
 *          sample has no callchain (or SESSION_CALLCHAIN was not asked)
 * @unwound: the user part came from DWARF unwinding
 * @ip_frame: the sample's own IP resolved to its ELF symbol, never
 *            expanded into inline frames: what perf's self entry (the
 *            report line of the sample) shows
 * @chain_id: with SESSION_REUSE, nonzero for a sample whose frames come
 *            from its callchain alone (no DWARF unwinding): samples with
 *            the same id resolve to the same @frames and @ip_frame (same
 *            address space, event, cpu mode, ip and raw callchain); ids
 *            count from 1 in each iteration
 * @offcpu: with SESSION_OFFCPU, an off-CPU sample (session_offcpu_event())
 * @chain_seen: with SESSION_REUSE, the @chain_id was delivered before:
 *              @frames and @ip_frame are NULL and @nr_frames 0, and the
 *              consumer uses what it made of the first one
 */
struct session_sample {
	const struct sample *s;
	int attr_idx;
	const char *comm;
	int32_t pid, tid;
	uint64_t time;
	uint32_t cpu;
	uint64_t period;
	uint16_t cpumode;
	unsigned int nr_frames;
	const struct session_frame *frames;
	bool unwound;
	const struct session_frame *ip_frame;
	uint32_t chain_id;
	bool chain_seen;
	bool offcpu;
};

/* session_for_each_sample() flags */
#define SESSION_CALLCHAIN	(1u << 0)	/* resolve the whole callchain */
#define SESSION_NO_UNWIND	(1u << 1)	/* ignore user regs + stack */
#define SESSION_REUSE		(1u << 2)	/* chain ids; repeated chains
						 * are not resolved again */
#define SESSION_OFFCPU		(1u << 3)	/* off-CPU samples (below) */
#define SESSION_STACK_ROOT	(1u << 4)	/* --max-stack keeps the root
						 * side of a callchain (perf's
						 * caller order), not the leaf */

/**
 * session_sample_fn - callback; return 0 to go on, anything else stops the
 * iteration and is returned by session_for_each_sample()
 */
typedef int (*session_sample_fn)(struct session *s,
				 const struct session_sample *ss, void *arg);

/**
 * session_event_fn - callback for the records that are not samples
 * (COMM, FORK, EXIT, MMAP, SWITCH, LOST, READ ...), in the same time
 * order as the samples, after the session applied the record to its
 * threads and maps (so a COMM's thread has its new name); return 0 to go
 * on, anything else stops the iteration
 */
typedef int (*session_event_fn)(struct session *s,
				const struct pdata_event *ev, void *arg);

/**
 * session_set_event_fn - call @fn for every record that is not a sample
 * during the next iterations (NULL: none, the default)
 */
void session_set_event_fn(struct session *s, session_event_fn fn, void *arg);

/**
 * session_open - open a perf.data file
 * @o: options (copied)
 * @err: gets a one-line message appended on failure, e.g. "cannot open
 *       'perf.data': No such file or directory" or the reader's message;
 *       may be NULL
 *
 * Returns a session (free with session_free()) or NULL with errno set
 * (ENOENT, EACCES, EPERM for a file owned by someone else without @force,
 * EINVAL for a malformed file, ENODATA for an empty one).
 */
struct session *session_open(const struct session_opts *o,
			     struct strbuf *err);

/** session_free - release everything; NULL is a no-op */
void session_free(struct session *s);

/** session_pdata - the reader behind @s (attrs, header info), lent */
struct pdata *session_pdata(struct session *s);

/** session_nr_events - number of events (attrs) in the file */
size_t session_nr_events(const struct session *s);

/**
 * session_event_name - the event's name as perf prints it in
 * "# Samples: 4K of event 'cpu-clock:ppp'"; lent
 */
const char *session_event_name(struct session *s, size_t idx);

/**
 * session_for_each_sample - read the file once, in time order, updating
 * threads and maps, and call @fn for every sample
 * @flags: SESSION_CALLCHAIN, SESSION_NO_UNWIND, SESSION_REUSE,
 *         SESSION_STACK_ROOT
 * Returns 0 at the end, @fn's non-zero return, or -errno with
 * session_strerror() saying what went wrong (a malformed file).
 * May be called again (the process model is rebuilt from the start).
 */
int session_for_each_sample(struct session *s, unsigned int flags,
			    session_sample_fn fn, void *arg);

/**
 * session_comm_last - the last name of the thread a sample's @comm belongs
 * to (perf's --sort pid shows a thread under its last name)
 * @comm: a session_sample's comm, of this session's current iteration
 */
const char *session_comm_last(const char *comm);

/* the bytes of a PERF_RECORD_MMAP2 body before the filename */
#define SESSION_MMAP2_FIXED 64

/* the fields of a PERF_RECORD_MMAP2, as session_mmap2() decodes them */
struct session_mmap2 {
	uint32_t pid, tid;
	uint64_t start, len, pgoff;
	uint32_t maj, min;		/* without a build-id */
	uint64_t ino, ino_generation;
	bool has_build_id;		/* PERF_RECORD_MISC_MMAP_BUILD_ID */
	uint8_t build_id_size;		/* as recorded: may exceed 20 */
	uint8_t build_id[20];
	uint32_t prot, flags;
	const char *filename;		/* in the record, maybe no NUL */
	size_t filename_len;		/* to its NUL or the record's end */
	size_t filename_room;		/* bytes after the fixed fields */
};

/**
 * session_mmap2 - decode the MMAP2 record @h (header and body) into @m;
 * the filename stays in the record
 * Returns 0, or -EINVAL when the body is shorter than SESSION_MMAP2_FIXED.
 */
int session_mmap2(const struct perf_event_header *h, struct session_mmap2 *m);

/**
 * session_comm_thread - an identity of the thread a sample's @comm belongs
 * to, the same across its renames (exec) and different for a new thread
 * that reuses the tid
 */
const void *session_comm_thread(const char *comm);

/**
 * session_maps - the address space of process @pid as the last
 * session_for_each_sample() left it (the maps of its MMAP/MMAP2 records,
 * see maps.h), or NULL when the file shows no such process; lent until
 * the next iteration or session_free()
 */
const struct maps *session_maps(struct session *s, int32_t pid);

/** session_path - the file @s reads ("-" for standard input) */
const char *session_path(const struct session *s);

/**
 * struct session_thread - a thread of the process model
 * @pid, @tid: its ids (@pid -1 when no record told it)
 * @ppid: the tid of the thread that forked it, -1 when no FORK was seen
 * @dead: an EXIT record was seen
 * @comm: its current command name (":tid" before any COMM), lent until
 *        the next iteration or session_free()
 * @comm_set: @comm came from a COMM record or the parent
 */
struct session_thread {
	int32_t pid, tid, ppid;
	bool dead;
	const char *comm;
	bool comm_set;
};

/**
 * session_thread_find - the thread @tid as the iteration has it so far
 * (inside a callback: at the time of the sample; after it: at the end)
 * Returns 0, or -ENOENT when no record named it.
 */
int session_thread_find(struct session *s, int32_t tid,
			struct session_thread *out);

/** session_thread_fn - session_for_each_thread() callback; non-zero stops */
typedef int (*session_thread_fn)(const struct session_thread *t, void *arg);

/**
 * session_for_each_thread - every thread known, in no particular order
 * Returns 0 or @fn's non-zero return.
 */
int session_for_each_thread(struct session *s, session_thread_fn fn, void *arg);

struct tpfmt;

/**
 * session_tpfmt_new - the formats of the file's tracepoint events, for
 * tpfmt_format() and tpfmt_field_*(): from its TRACING_DATA section, else
 * (with a warning) from this machine's tracefs, which only fits while the
 * events keep their ids
 * Returns a tpfmt (free with tpfmt_free()), or NULL when the file has no
 * tracepoint event (or memory ran out).
 */
struct tpfmt *session_tpfmt_new(struct session *s);

/**
 * session_offcpu_event - the index of the sched:sched_switch event of an
 * off-CPU recording (record --off-cpu, offcpu.h), or -1 when @s has none
 *
 * With SESSION_OFFCPU, its samples are not delivered as they come: the
 * sample of a task that blocks (prev_state S or D, perf's off-CPU rule;
 * a preempted task is runnable, not blocked) is held until the task's
 * next switch-in (its PERF_RECORD_SWITCH, or failing that its next
 * sample of any event), then delivered with @offcpu set, @period the
 * nanoseconds in between and @time the switch-out time, its frames
 * resolved then. A task still blocked when the recording ends counts
 * nothing (perf's BPF does the same). Without the flag they come as
 * plain tracepoint samples.
 */
int session_offcpu_event(struct session *s);

/**
 * session_offcpu_wall - in an off-CPU recording, the event whose samples
 * off-CPU time adds to in a wall-clock view: the first cpu-clock or
 * task-clock event (its periods are nanoseconds too); -1 when there is
 * none or @s is no off-CPU recording
 */
int session_offcpu_wall(struct session *s);

/**
 * session_offcpu_name - the name of event @idx's samples under
 * SESSION_OFFCPU: "offcpu-time" (perf's name) for the off-CPU event,
 * "NAME + offcpu-time" for the session_offcpu_wall() event when @wall,
 * session_event_name() otherwise; lent
 */
const char *session_offcpu_name(struct session *s, size_t idx, bool wall);

/** session_strerror - the last error of @s, "" when none */
const char *session_strerror(const struct session *s);

/**
 * session_sample_dwarf - whether @ss is a sample perf unwinds with DWARF
 * (user registers and stack), whether or not its chain was asked for
 */
bool session_sample_dwarf(const struct session_sample *ss);

/**
 * session_srcline - append "file.c:12" for @f, as perf's srcline sort key
 * shows it; when there is no line information, perf's fallback:
 * "dso[+0x1234]" for a file ("[unknown]" without a dso).
 * Returns 0 when a real source line was found; -ENODATA, with nothing
 * appended, when the object has line information but addr2line would
 * answer "??:?" for the address (see sym_dso_srcline()); -ENOENT
 * otherwise.
 */
int session_srcline(struct session *s, const struct session_frame *f,
		    struct strbuf *out);

/**
 * struct session_stats - counters of the last iteration
 * @nr_samples: samples per event (index = attr index), @nr_events entries
 * @period: sum of periods per event
 * @nr_lost: PERF_RECORD_LOST events (perf's "Total Lost Samples")
 * @lost: lost samples (LOST + LOST_SAMPLES counts)
 * @nr_unwind_fail: dwarf samples whose unwinding stopped early
 */
struct session_stats {
	size_t nr_events;
	const uint64_t *nr_samples;
	const uint64_t *period;
	uint64_t nr_lost;
	uint64_t lost;
	uint64_t nr_unwind_fail;
};

/** session_stats - counters of the last session_for_each_sample(), lent */
const struct session_stats *session_stats(const struct session *s);

/*
 * Live sessions (ptool top): no file; the caller hands each record over
 * as it reads it from the ring buffers, and processes that already ran
 * come from synth_all()/synth_threads() with session_synth_ops().
 *
 *	s = session_new_live(&o, nr_events, names);
 *	session_kernel_map(s, NULL);
 *	struct synth sy = { NULL, false, session_synth_ops(), s };
 *	synth_all(&sy, NULL);
 *	for (;;) {
 *		session_feed(s, &ev, SESSION_CALLCHAIN, fn, arg);  // per record
 *		...
 *		session_reap(s);	// after each pass over all the rings
 *	}
 */

/**
 * session_new_live - a session without a file
 * @nr_events: the number of events (attr_idx of the fed records)
 * @names: their names (copied), for session_event_name()
 * Returns the session (free with session_free()); session_pdata() is NULL.
 */
struct session *session_new_live(const struct session_opts *o,
				 size_t nr_events, const char *const *names);

/**
 * session_feed - process one record: COMM/FORK/EXIT/MMAP/MMAP2 update the
 * process model, a sample is resolved and handed to @fn (@flags as for
 * session_for_each_sample(), without SESSION_REUSE)
 * @ev: the record with its attr index and parsed sample (or id trailer)
 * Returns 0 or @fn's return.
 */
int session_feed(struct session *s, const struct pdata_event *ev,
		 unsigned int flags, session_sample_fn fn, void *arg);

/**
 * session_reap - forget the threads whose EXIT came before the previous
 * call (their maps and names), so that a long live session with many
 * short-lived processes stays small; samples of such a thread still in
 * another cpu's ring when it exited were fed in between. Consumers must
 * not keep a sample's @comm pointer past this call (hist's live mode
 * copies it). Does nothing on a file session.
 * Returns the number of threads forgotten.
 */
size_t session_reap(struct session *s);

/** session_nr_threads - the threads the process model holds now */
size_t session_nr_threads(const struct session *s);

struct synth_ops;

/**
 * session_synth_ops - synth_*() callbacks that feed a live session
 * (the synth's arg is the session)
 */
const struct synth_ops *session_synth_ops(void);

/**
 * session_kernel_map - the kernel's text map from kallsyms, as record
 * synthesizes it (@proc: NULL for /proc), and the kernel's symbols read
 * now
 * Returns 0, or synth_kernel_map()'s -ENOENT/-EPERM/-errno.
 */
int session_kernel_map(struct session *s, const char *proc);

/**
 * session_refresh_jit - read again the perf-PID.map files that grew
 * Returns how many were reloaded.
 */
int session_refresh_jit(struct session *s);

#endif
