/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_OUT_FOLDED_PRIV_H
#define PTOOL_OUT_FOLDED_PRIV_H

#include <stdint.h>

#include "ptool/hmap.h"
#include "ptool/out_folded.h"

/* The trie behind struct out_fold, shared with the flame graph writer. */
struct fold_node {
	uint32_t parent;
	uint32_t name;		/* interned id; unused for the root */
	uint32_t first_child;	/* 0: none (the root is never a child) */
	uint32_t next_sibling;	/* 0: none */
	uint64_t self;		/* count of stacks ending here */
	uint64_t off;		/* the part of @self from off-CPU samples */
};

struct out_fold {
	struct fold_node *nodes;
	uint32_t nr_nodes, alloc_nodes;

	/* interned names: NUL-terminated in one arena */
	char *arena;
	size_t arena_len, arena_alloc;
	uint32_t *name_off;	/* id -> arena offset */
	uint32_t *name_len;
	uint32_t nr_names, alloc_names;
	struct hmap names;	/* hash_bytes() of a name -> id */
	struct hmap edges;	/* (parent, name id) -> node */

	uint64_t total;
	uint64_t total_off;	/* of which off-CPU */
};

#endif
