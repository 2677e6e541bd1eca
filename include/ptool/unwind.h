/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_UNWIND_H
#define PTOOL_UNWIND_H

#include <stddef.h>
#include <stdint.h>

#include "ptool/sample.h"

struct maps;

/*
 * DWARF unwinding of a sample's user stack (--call-graph dwarf): the
 * sample carries the user registers (PERF_SAMPLE_REGS_USER) and a copy of
 * the top of the user stack (PERF_SAMPLE_STACK_USER). Each frame's row of
 * call frame information (.eh_frame through libdw, else .debug_frame)
 * gives the caller's registers; memory reads are served from the stack
 * copy, or from the mapped files for code and data outside it. Rows are
 * cached per object and address. As in perf's unwinder (libdwfl), a
 * caller's pc is looked up and reported as the return address - 1, reads
 * above the stack copy give zero, a zero return address makes a last
 * frame 0 - 1, and a frame without call frame information is unwound by
 * its frame pointer (rbp).
 */

struct unwind;

/** unwind_new - an unwinder with empty caches (free with unwind_free()) */
struct unwind *unwind_new(void);

/** unwind_free - release; NULL is a no-op */
void unwind_free(struct unwind *u);

/**
 * unwind_sample - unwind one sample's user stack
 * @u: the unwinder
 * @maps: the thread's address space at the time of the sample
 * @regs: the sample's user registers (x86_64 perf_regs layout)
 * @stack: the stack copy, valid from the sample's SP
 * @stack_len: valid bytes of @stack (stack_dyn_size)
 * @ips: filled with return addresses, the sampled IP first
 * @max: room in @ips
 *
 * Returns the number of frames (>= 1 when the registers hold an IP: a
 * stack that cannot be unwound keeps the frames found so far), or -errno
 * (-ENOENT without registers, -ENOTSUP on an architecture without support).
 */
int unwind_sample(struct unwind *u, const struct maps *maps,
		  const struct sample_regs *regs, const void *stack,
		  uint64_t stack_len, uint64_t *ips, int max);

#endif
