/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_SYNTH_H
#define PTOOL_SYNTH_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * What the kernel would have reported, had the events been open when the
 * processes started: for threads that already run, the COMM, FORK and
 * MMAP2 records that perf synthesizes from /proc, and the kernel map.
 * This module reads /proc and hands each item to a callback; the caller
 * turns them into records (the perf.data writer lays them out).
 *
 * Order per thread, as perf: fork (system-wide only), comm, then for the
 * process's main thread its executable mappings (and, with mmap_data,
 * the others) from /proc/<pid>/maps.
 *
 * Test seam: struct synth's proc names the directory to read instead of
 * "/proc" (a tree of <pid>/status, <pid>/comm, <pid>/maps, <pid>/task/<tid>/
 * {status,comm} and kallsyms).
 */

/** One line of /proc/<pid>/maps */
struct synth_map {
	uint64_t start, len, pgoff;
	uint32_t maj, min;
	uint64_t ino;
	uint32_t prot;		/* PROT_READ | PROT_WRITE | PROT_EXEC */
	uint32_t flags;		/* MAP_PRIVATE or MAP_SHARED */
	bool exec;		/* PROT_EXEC set */
	const char *filename;	/* "//anon" for an anonymous mapping */
};

/* Callbacks; return 0 to go on, a negative errno to stop (it is returned). */
struct synth_ops {
	int (*comm)(void *arg, pid_t pid, pid_t tid, const char *comm);
	int (*fork)(void *arg, pid_t pid, pid_t ppid, pid_t tid, pid_t ptid);
	int (*mmap)(void *arg, pid_t pid, pid_t tid, const struct synth_map *m);
};

struct synth {
	const char *proc;	/* NULL for "/proc" */
	bool mmap_data;		/* non-executable mappings too */
	const struct synth_ops *ops;
	void *arg;
};

/** synth_counts - what a run handed out (for -v) */
struct synth_counts {
	unsigned long procs, threads, maps;
};

/**
 * synth_threads - records for the threads of a -p/-t/workload target
 * @tids: thread ids (a process's threads, or single threads)
 * @nr: how many
 * @counts: optional, incremented
 *
 * A comm per thread (pid = its thread group), and the mappings of each
 * thread group once (even for a -t thread that is not the leader, so its
 * samples resolve). A thread that has exited meanwhile is skipped.
 * Returns 0, or the first callback error, or -errno reading @proc.
 */
int synth_threads(const struct synth *s, const pid_t *tids, int nr,
		  struct synth_counts *counts);

/**
 * synth_all - records for every process and thread of the system (-a):
 * per thread fork + comm, per process its mappings. Kernel threads get
 * fork + comm only. Processes that exit meanwhile are skipped.
 * Returns 0, the first callback error, or -errno when @proc is unreadable.
 */
int synth_all(const struct synth *s, struct synth_counts *counts);

/**
 * synth_kernel_map - the kernel's text map as perf synthesizes it
 * @proc: NULL for "/proc"
 * @start: set to the address of _text (perf's reference symbol: the
 *         record's start and pgoff)
 * @end: set to the address of _etext (or of the highest kernel text
 *       symbol when _etext is absent)
 *
 * Returns 0, -ENOENT when kallsyms has no _text, -EPERM when kallsyms
 * shows zero addresses (kptr_restrict), or -errno.
 */
int synth_kernel_map(const char *proc, uint64_t *start, uint64_t *end);

/**
 * synth_parse_maps_line - parse one line of /proc/<pid>/maps into @m
 * @line: the line (no newline); @m->filename points into it
 * Returns 0 or -EINVAL.
 */
int synth_parse_maps_line(char *line, struct synth_map *m);

#endif
