/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_U64MAP_H
#define PTOOL_U64MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ptool/hmap.h"

/*
 * A hash map from 64-bit keys to 64-bit values (an index, a pointer cast
 * to uintptr_t, a count): a struct hmap (hmap.h) over the keys'
 * hash_u64(), with the keys and values in arrays in the order added. Any
 * key may be stored, 0 included.
 *
 *	struct u64map m = U64MAP_INIT;
 *	bool fresh;
 *	uint64_t *v = u64map_put(&m, addr, &fresh);
 *	if (fresh)
 *		*v = compute(addr);
 *	...
 *	u64map_release(&m);
 */
struct u64map {
	struct hmap idx;	/* hash_u64(key) -> index into keys, vals */
	uint64_t *keys;
	uint64_t *vals;
	size_t nr, alloc;
};

#define U64MAP_INIT { HMAP_INIT, NULL, NULL, 0, 0 }

/** u64map_get - the value stored for @key, or NULL; valid until the next put */
uint64_t *u64map_get(const struct u64map *m, uint64_t key);

/**
 * u64map_put - the value slot for @key, added (and zeroed) when missing
 * @fresh: set to whether it was added
 * The pointer is valid until the next put.
 */
uint64_t *u64map_put(struct u64map *m, uint64_t key, bool *fresh);

/** u64map_release - free the table (the values are the caller's to free) */
void u64map_release(struct u64map *m);

/**
 * u64map_for_each - call @fn for each key and value, in the order the keys
 * were added; for freeing what the values point to
 */
void u64map_for_each(const struct u64map *m,
		     void (*fn)(uint64_t key, uint64_t val, void *arg), void *arg);

#endif
