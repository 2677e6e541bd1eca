/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_OUT_STACKS_PRIV_H
#define PTOOL_OUT_STACKS_PRIV_H

#include <stdio.h>

#include "ptool/session.h"

/*
 * The pprof half of out_stacks (out_stacks-pprof.c): mappings per
 * MMAP/MMAP2 region, locations with their inline levels, samples with
 * their labels, written as a pprof profile.
 */
struct out_stacks_pprof;

/**
 * out_stacks_pprof_new - an empty collector for session @s
 * @flags: out_stacks_new()'s flags (OUT_STACKS_NO_INLINE, OUT_STACKS_LABEL_*)
 * Free with out_stacks_pprof_free().
 */
struct out_stacks_pprof *out_stacks_pprof_new(struct session *s,
					      unsigned int flags);

/** out_stacks_pprof_free - release @pp; NULL is a no-op */
void out_stacks_pprof_free(struct out_stacks_pprof *pp);

/** out_stacks_pprof_add - add one sample */
void out_stacks_pprof_add(struct out_stacks_pprof *pp,
			  const struct session_sample *ss);

/** out_stacks_pprof_write - write the gzip'd profile; 0 or -errno */
int out_stacks_pprof_write(const struct out_stacks_pprof *pp, FILE *fp);

#endif
