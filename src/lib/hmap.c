// SPDX-License-Identifier: GPL-2.0
#include "ptool/hmap.h"

#include <stdlib.h>
#include <string.h>

#include "ptool/strbuf.h"

#define HMAP_MIN_SLOTS 64

static void put(struct hmap_slot *slot, size_t mask, uint32_t tag,
		uint32_t id)
{
	size_t i = tag & mask;

	while (slot[i].id != HMAP_NONE)
		i = (i + 1) & mask;
	slot[i].tag = tag;
	slot[i].id = id;
}

/* rebuild with @slots slots (a power of two, more than twice nr) */
static void resize(struct hmap *m, size_t slots)
{
	struct hmap_slot *n = xmalloc(slots * sizeof(*n));

	for (size_t i = 0; i < slots; i++)
		n[i].id = HMAP_NONE;
	for (size_t i = 0; m->slot && i <= m->mask; i++)
		if (m->slot[i].id != HMAP_NONE)
			put(n, slots - 1, m->slot[i].tag, m->slot[i].id);
	free(m->slot);
	m->slot = n;
	m->mask = slots - 1;
}

void hmap_reserve(struct hmap *m, size_t nr)
{
	size_t slots = m->slot ? m->mask + 1 : HMAP_MIN_SLOTS;

	while (nr * 2 > slots)
		slots *= 2;
	if (!m->slot || slots > m->mask + 1)
		resize(m, slots);
}

void hmap_add(struct hmap *m, uint64_t hash, uint32_t id)
{
	if (!m->slot || (m->nr + 1) * 2 > m->mask + 1)
		hmap_reserve(m, m->nr + 1);
	put(m->slot, m->mask, (uint32_t)hash, id);
	m->nr++;
}

void hmap_del(struct hmap *m, size_t pos)
{
	size_t hole = pos, mask = m->mask;

	/* shift back the entries of the run after @pos that may fill it */
	for (size_t j = (pos + 1) & mask; m->slot[j].id != HMAP_NONE;
	     j = (j + 1) & mask) {
		size_t home = m->slot[j].tag & mask;

		/* stays when its home lies cyclically in (hole, j] */
		if (((j - home) & mask) < ((j - hole) & mask))
			continue;
		m->slot[hole] = m->slot[j];
		hole = j;
	}
	m->slot[hole].id = HMAP_NONE;
	m->nr--;
}

bool hmap_move(struct hmap *m, uint64_t hash, uint32_t from, uint32_t to)
{
	size_t pos;
	uint32_t id;

	hmap_for_each_hash(m, hash, pos, id) {
		if (id == from) {
			m->slot[pos].id = to;
			return true;
		}
	}
	return false;
}

void hmap_reset(struct hmap *m)
{
	for (size_t i = 0; m->slot && i <= m->mask; i++)
		m->slot[i].id = HMAP_NONE;
	m->nr = 0;
}

void hmap_release(struct hmap *m)
{
	free(m->slot);
	*m = (struct hmap)HMAP_INIT;
}
