// SPDX-License-Identifier: GPL-2.0
#include "ptool/u64map.h"

#include <stdlib.h>

#include "ptool/hash.h"
#include "ptool/strbuf.h"

uint64_t *u64map_get(const struct u64map *m, uint64_t key)
{
	size_t pos;
	uint32_t id;

	hmap_for_each_hash(&m->idx, hash_u64(key), pos, id)
		if (m->keys[id] == key)
			return &m->vals[id];
	return NULL;
}

uint64_t *u64map_put(struct u64map *m, uint64_t key, bool *fresh)
{
	uint64_t h = hash_u64(key);
	size_t pos;
	uint32_t id;

	hmap_for_each_hash(&m->idx, h, pos, id) {
		if (m->keys[id] == key) {
			*fresh = false;
			return &m->vals[id];
		}
	}
	*fresh = true;
	if (m->nr == m->alloc) {
		m->alloc = m->alloc ? m->alloc * 2 : 32;
		m->keys = xrealloc(m->keys, m->alloc * sizeof(*m->keys));
		m->vals = xrealloc(m->vals, m->alloc * sizeof(*m->vals));
	}
	m->keys[m->nr] = key;
	m->vals[m->nr] = 0;
	hmap_add(&m->idx, h, (uint32_t)m->nr);
	return &m->vals[m->nr++];
}

void u64map_release(struct u64map *m)
{
	hmap_release(&m->idx);
	free(m->keys);
	free(m->vals);
	*m = (struct u64map)U64MAP_INIT;
}

void u64map_for_each(const struct u64map *m,
		     void (*fn)(uint64_t key, uint64_t val, void *arg), void *arg)
{
	for (size_t i = 0; i < m->nr; i++)
		fn(m->keys[i], m->vals[i], arg);
}
