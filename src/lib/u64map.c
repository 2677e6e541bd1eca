// SPDX-License-Identifier: GPL-2.0
#include "ptool/u64map.h"

#include <stdlib.h>

#include "ptool/strbuf.h"

static size_t slot_of(uint64_t key, size_t mask)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdull;
	key ^= key >> 33;
	key *= 0xc4ceb9fe1a85ec53ull;
	return (size_t)(key ^ (key >> 33)) & mask;
}

uint64_t *u64map_get(const struct u64map *m, uint64_t key)
{
	if (!m->nr)
		return NULL;
	for (size_t i = slot_of(key, m->mask); m->used[i]; i = (i + 1) & m->mask)
		if (m->keys[i] == key)
			return &m->vals[i];
	return NULL;
}

static void grow(struct u64map *m)
{
	size_t nm = m->mask ? m->mask * 2 + 1 : 63;
	uint64_t *keys = xmalloc((nm + 1) * sizeof(*keys));
	uint64_t *vals = xmalloc((nm + 1) * sizeof(*vals));
	uint8_t *used = xcalloc(nm + 1, 1);

	for (size_t i = 0; m->used && i <= m->mask; i++) {
		size_t j;

		if (!m->used[i])
			continue;
		for (j = slot_of(m->keys[i], nm); used[j]; j = (j + 1) & nm)
			;
		keys[j] = m->keys[i];
		vals[j] = m->vals[i];
		used[j] = 1;
	}
	free(m->keys);
	free(m->vals);
	free(m->used);
	m->keys = keys;
	m->vals = vals;
	m->used = used;
	m->mask = nm;
}

uint64_t *u64map_put(struct u64map *m, uint64_t key, bool *fresh)
{
	size_t i;

	if ((m->nr + 1) * 2 > m->mask + 1)
		grow(m);
	for (i = slot_of(key, m->mask); m->used[i]; i = (i + 1) & m->mask) {
		if (m->keys[i] == key) {
			*fresh = false;
			return &m->vals[i];
		}
	}
	m->used[i] = 1;
	m->keys[i] = key;
	m->vals[i] = 0;
	m->nr++;
	*fresh = true;
	return &m->vals[i];
}

void u64map_release(struct u64map *m)
{
	free(m->keys);
	free(m->vals);
	free(m->used);
	*m = (struct u64map)U64MAP_INIT;
}

void u64map_for_each(const struct u64map *m,
		     void (*fn)(uint64_t key, uint64_t val, void *arg), void *arg)
{
	for (size_t i = 0; m->used && i <= m->mask; i++)
		if (m->used[i])
			fn(m->keys[i], m->vals[i], arg);
}
