/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_OUT_FOLDED_H
#define PTOOL_OUT_FOLDED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ptool/strbuf.h"

/*
 * Folded stacks: "comm;root;...;leaf count" lines, one per unique stack,
 * sorted bytewise, as FlameGraph's stackcollapse-perf.pl writes them from
 * `perf script` output. The aggregate is a trie of frames whose nodes
 * carry the count of the stacks that end there; it feeds the folded text,
 * the SVG flame graph (out_flamegraph.h) and can be read back from text.
 *
 * Frame names are interned: out_fold_intern() turns a name into an id
 * that a caller may cache (per symbol), and out_fold_child() walks one
 * step down the trie by id, so adding a stack costs one hash probe per
 * frame and no string work.
 */

struct out_fold;

/** OUT_FOLD_ROOT - the node above every stack (the empty stack) */
#define OUT_FOLD_ROOT 0u

/** out_fold_new - an empty aggregate (free with out_fold_free()) */
struct out_fold *out_fold_new(void);

/** out_fold_free - release @f; NULL is a no-op */
void out_fold_free(struct out_fold *f);

/**
 * out_fold_intern - the id of frame name @name[0..@len)
 * The name is copied; ids are small dense integers stable for @f's life.
 */
uint32_t out_fold_intern(struct out_fold *f, const char *name, size_t len);

/** out_fold_name - the name of interned id @id (lent, lives as long as @f) */
const char *out_fold_name(const struct out_fold *f, uint32_t id);

/**
 * out_fold_lookup - the id of @name[0..@len) if interned, else -1
 */
int64_t out_fold_lookup(const struct out_fold *f, const char *name, size_t len);

/**
 * out_fold_find_child - the child of @parent named by @id, or -1 when
 * @f has none (nothing is created)
 */
int64_t out_fold_find_child(const struct out_fold *f, uint32_t parent,
			    uint32_t id);

/**
 * out_fold_child - the child of node @parent named by interned id @id,
 * created with a zero count when missing. Returns the child's node.
 */
uint32_t out_fold_child(struct out_fold *f, uint32_t parent, uint32_t id);

/** out_fold_count - add @count to the stacks ending at @node */
void out_fold_count(struct out_fold *f, uint32_t node, uint64_t count);

/**
 * out_fold_count_off - add @count of off-CPU time to the stacks ending at
 * @node (counted in the totals too; the flame graph colours frames whose
 * whole count is off-CPU time apart)
 */
void out_fold_count_off(struct out_fold *f, uint32_t node, uint64_t count);

/** out_fold_total_off - the part of out_fold_total() that is off-CPU time */
uint64_t out_fold_total_off(const struct out_fold *f);

/**
 * out_fold_add - add @count to the stack @frames[0..@n), root first
 * (frames[0] is usually the comm). A convenience over intern/child/count.
 */
void out_fold_add(struct out_fold *f, const char *const *frames, size_t n,
		  uint64_t count);

/** out_fold_total - the sum of every count added */
uint64_t out_fold_total(const struct out_fold *f);

/** out_fold_nr_stacks - how many unique stacks have a non-zero count */
size_t out_fold_nr_stacks(const struct out_fold *f);

/**
 * out_fold_write - write the folded lines, sorted bytewise by stack
 * Returns 0 or -EIO when @fp reports a write error.
 */
int out_fold_write(const struct out_fold *f, FILE *fp);

/**
 * out_fold_read - add the folded lines of @fp ("a;b;c 12") to @f
 * Blank lines are skipped. The count is the last space-separated field
 * (flamegraph.pl also accepts a fractional count; it is rounded here).
 * @lineno: set to the number of the first bad line on -EINVAL (may be NULL)
 * Returns the number of lines added or -EINVAL on a line without a count
 * (or with a NUL byte: binary input is not read to its end).
 */
long out_fold_read(struct out_fold *f, FILE *fp, unsigned long *lineno);

/*
 * Frame names as stackcollapse-perf.pl derives them from one callchain
 * line of `perf script` ("ip sym+off (dso)").
 */
#define OUT_FOLD_ANN_KERNEL	(1u << 0)	/* "_[k]" on kernel frames (--kernel) */
#define OUT_FOLD_ANN_JIT	(1u << 1)	/* "_[j]" on /tmp/perf-PID.map frames (--jit) */
#define OUT_FOLD_ANN_ALL	(OUT_FOLD_ANN_KERNEL | OUT_FOLD_ANN_JIT)

/**
 * out_fold_frame - append the folded name(s) of one callchain entry
 * @out: receives the names; several (inlined "a->b") are joined by ';'
 * @sym: the symbol as perf script prints it without "+0x..", or NULL
 *       for "[unknown]"
 * @dso: the dso as printed between the parentheses, or NULL for
 *       "[unknown]"
 * @java: the process name starts with "java" (Java signature tidying)
 * @ann: OUT_FOLD_ANN_* annotations
 *
 * Applies the tidying rules: an unknown symbol becomes "[dso basename]"
 * (or "[unknown]"), ';' becomes ':', anything from the first '(' is
 * dropped unless the name looks like a Go method or the '(' opens
 * "(anonymous namespace)", quotes are deleted.
 * Returns false (and appends nothing) when the frame is skipped, as a
 * symbol that starts with '(' is.
 */
bool out_fold_frame(struct strbuf *out, const char *sym, const char *dso,
		    bool java, unsigned int ann);

/**
 * out_fold_pname - append the process-name frame stackcollapse-perf.pl
 * makes of the sample header line @line ("comm  1234 [000] 1.5: ..."):
 * the shortest leading text followed by a pid or pid/tid column, with
 * spaces as '_'. Appends nothing and returns false when @line is no
 * sample header for it (one that starts with a blank, as a padded comm
 * does).
 */
bool out_fold_pname(struct strbuf *out, const char *line);

#endif
