/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_HMAP_H
#define PTOOL_HMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * An index over an array the caller keeps: each entry is a 32-bit id (an
 * index into that array) filed under its 64-bit hash (see hash.h). A slot
 * is 8 bytes, the id and the hash's low 32 bits, which pick the first
 * slot and tell most other entries apart; the caller checks each
 * candidate for equality, so any key shape works (strings, stacks,
 * tuples). Open addressing with linear probing, grown at half full, up
 * to 2^31 entries; ids are never moved by the map, and the caller's
 * array keeps the order entries were added in (iterate that, not the
 * map).
 *
 *	struct hmap idx = HMAP_INIT;
 *	uint64_t h = hash_str(name);
 *	size_t pos;
 *	uint32_t id;
 *
 *	hmap_for_each_hash(&idx, h, pos, id)
 *		if (!strcmp(names[id], name))
 *			return id;
 *	names[nr] = xstrdup(name);
 *	hmap_add(&idx, h, nr);
 *	return nr++;
 *	...
 *	hmap_release(&idx);
 *
 * For plain 64-bit keys and values, u64map.h is the same table with the
 * values kept for the caller.
 */
struct hmap_slot {
	uint32_t tag;		/* the hash's low 32 bits */
	uint32_t id;		/* HMAP_NONE: free */
};

struct hmap {
	struct hmap_slot *slot;
	size_t mask;		/* slots - 1, 0 while there are none */
	size_t nr;
};

#define HMAP_INIT { NULL, 0, 0 }
#define HMAP_NONE UINT32_MAX

/* the first id from slot *@pos on that may be filed under @hash */
static inline uint32_t hmap_scan(const struct hmap *m, uint64_t hash,
				 size_t *pos)
{
	for (size_t i = *pos;; i = (i + 1) & m->mask) {
		const struct hmap_slot *s = &m->slot[i];

		if (s->id == HMAP_NONE || s->tag == (uint32_t)hash) {
			*pos = i;
			return s->id;
		}
	}
}

/**
 * hmap_first - the first id filed under @hash (or under one whose low 32
 * bits are the same), or HMAP_NONE
 * @pos: set to its slot, for hmap_next() and hmap_del()
 */
static inline uint32_t hmap_first(const struct hmap *m, uint64_t hash,
				  size_t *pos)
{
	*pos = hash & m->mask;
	if (!m->nr)
		return HMAP_NONE;
	return hmap_scan(m, hash, pos);
}

/** hmap_next - the next candidate after the one at *@pos, or HMAP_NONE */
static inline uint32_t hmap_next(const struct hmap *m, uint64_t hash,
				 size_t *pos)
{
	*pos = (*pos + 1) & m->mask;
	return hmap_scan(m, hash, pos);
}

/**
 * hmap_for_each_hash - loop @id over the candidates for @hash (@pos is a
 * size_t holding the slot), which the caller compares with its key; the
 * map must not change inside the loop, except by a hmap_del() right
 * before leaving it
 */
#define hmap_for_each_hash(m, hash, pos, id)				\
	for ((id) = hmap_first((m), (hash), &(pos)); (id) != HMAP_NONE;	\
	     (id) = hmap_next((m), (hash), &(pos)))

/**
 * hmap_add - file @id (< HMAP_NONE) under @hash; does not look for it
 * first, so the caller adds each entry once. May grow the table.
 */
void hmap_add(struct hmap *m, uint64_t hash, uint32_t id);

/**
 * hmap_del - remove the entry at slot @pos (from hmap_first()/hmap_next());
 * later entries may move to other slots
 */
void hmap_del(struct hmap *m, size_t pos);

/**
 * hmap_move - the entry @from, filed under @hash, is now @to: for a
 * caller that moved it in its array (e.g. the last entry into a removed
 * one's place). Returns false when @from is not filed under @hash.
 */
bool hmap_move(struct hmap *m, uint64_t hash, uint32_t from, uint32_t to);

/** hmap_reserve - make room for @nr entries without growing */
void hmap_reserve(struct hmap *m, size_t nr);

/** hmap_reset - remove every entry, keeping the table's memory */
void hmap_reset(struct hmap *m);

/** hmap_release - free the table; @m is empty again and may be reused */
void hmap_release(struct hmap *m);

#endif
