/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_STRSET_H
#define PTOOL_STRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptool/hmap.h"

/*
 * A set of interned strings: one copy of each, at an address that stays
 * put until the set is released, so interned strings compare by pointer.
 *
 *	struct strset names = STRSET_INIT;
 *	const char *a = strset_intern(&names, "main");
 *	... a == strset_intern(&names, "main") ...
 *	strset_release(&names);
 */
struct strset {
	struct hmap idx;
	char **v;		/* in the order they were added */
	size_t nr, alloc;
};

#define STRSET_INIT { HMAP_INIT, NULL, 0, 0 }

/** strset_intern - the set's copy of @s, added on first sight */
const char *strset_intern(struct strset *set, const char *s);

/**
 * strset_add - the id of @s (its index in set->v, kept for good), added on
 * first sight; *@fresh (may be NULL) tells whether it was added now. A
 * caller keeps per-string data in an array of its own under the same ids.
 */
uint32_t strset_add(struct strset *set, const char *s, bool *fresh);

/** strset_find - the id of @s, or HMAP_NONE when it is not in the set */
uint32_t strset_find(const struct strset *set, const char *s);

/** strset_release - free every string and the set; @set is empty again */
void strset_release(struct strset *set);

#endif
