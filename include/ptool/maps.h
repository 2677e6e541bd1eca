/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_MAPS_H
#define PTOOL_MAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sym_dso;

/*
 * The address space of a process, as MMAP/MMAP2 records describe it: a
 * sorted set of non-overlapping maps. A new map that overlaps older ones
 * cuts them (the kernel's mmap semantics: the newest mapping wins), so a
 * partly replaced map survives as the pieces left on either side.
 */

/**
 * struct map - one mapping
 * @start, @end: run-time addresses, [start, end)
 * @pgoff: file offset of @start
 * @dso: what is mapped (lent by the sym cache), never NULL
 * @identity: run-time address == dso address (kernel, perf-PID.map)
 * @prot: PROT_* (MMAP2), or PROT_EXEC for MMAP records
 */
struct map {
	uint64_t start;
	uint64_t end;
	uint64_t pgoff;
	struct sym_dso *dso;
	bool identity;
	uint32_t prot;
};

/** struct maps - a reference-counted, sorted map set */
struct maps {
	struct map *v;
	size_t nr;
	size_t alloc;
	unsigned int refcnt;
	uint64_t gen;		/* bumped on every change; the owner may
				 * start it anywhere (the session gives each
				 * set its own range) */
};

/** maps_new - an empty set with one reference; free with maps_put() */
struct maps *maps_new(void);

/** maps_get - take a reference */
struct maps *maps_get(struct maps *m);

/** maps_put - drop a reference; frees at zero; NULL is a no-op */
void maps_put(struct maps *m);

/** maps_copy - a new set (one reference) with the same maps (fork) */
struct maps *maps_copy(const struct maps *m);

/**
 * maps_insert - add @map, cutting whatever it overlaps
 * Zero-length maps are ignored. Returns 0 or -EINVAL (end < start).
 */
int maps_insert(struct maps *m, const struct map *map);

/** maps_find - the map containing @addr, or NULL (lent until the next change) */
const struct map *maps_find(const struct maps *m, uint64_t addr);

/**
 * maps_dso_addr - @addr (inside @map) in @map->dso's address space:
 * identity maps return @addr, file maps go through the file offset
 */
uint64_t maps_dso_addr(const struct map *map, uint64_t addr);

#endif
