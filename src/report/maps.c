// SPDX-License-Identifier: GPL-2.0
#include "ptool/maps.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ptool/strbuf.h"
#include "ptool/sym.h"

struct maps *maps_new(void)
{
	struct maps *m = xcalloc(1, sizeof(*m));

	m->refcnt = 1;
	return m;
}

struct maps *maps_get(struct maps *m)
{
	m->refcnt++;
	return m;
}

void maps_put(struct maps *m)
{
	if (!m || --m->refcnt)
		return;
	free(m->v);
	free(m);
}

struct maps *maps_copy(const struct maps *m)
{
	struct maps *c = maps_new();

	if (m->nr) {
		c->v = xmalloc(m->nr * sizeof(*c->v));
		memcpy(c->v, m->v, m->nr * sizeof(*c->v));
		c->nr = c->alloc = m->nr;
	}
	return c;
}

/* index of the first map whose end is above @addr */
static size_t first_above(const struct maps *m, uint64_t addr)
{
	size_t lo = 0, hi = m->nr;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (m->v[mid].end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int maps_insert(struct maps *m, const struct map *map)
{
	struct map left, right;
	bool has_left = false, has_right = false;
	size_t i, j;

	if (map->end < map->start)
		return -EINVAL;
	if (map->end == map->start)
		return 0;
	i = first_above(m, map->start);
	/* maps [i, j) overlap the new one */
	for (j = i; j < m->nr && m->v[j].start < map->end; j++)
		;
	if (i < j && m->v[i].start < map->start) {
		left = m->v[i];
		left.end = map->start;
		has_left = true;
	}
	if (i < j && m->v[j - 1].end > map->end) {
		right = m->v[j - 1];
		right.pgoff += map->end - right.start;
		right.start = map->end;
		has_right = true;
	}
	/* replace [i, j) by left? map right? */
	size_t nnew = 1 + has_left + has_right;

	ALLOC_GROW(m->v, m->nr - (j - i) + nnew, m->alloc);
	memmove(&m->v[i + nnew], &m->v[j], (m->nr - j) * sizeof(*m->v));
	m->nr = m->nr - (j - i) + nnew;
	if (has_left)
		m->v[i++] = left;
	m->v[i++] = *map;
	if (has_right)
		m->v[i] = right;
	m->gen++;
	return 0;
}

const struct map *maps_find(const struct maps *m, uint64_t addr)
{
	size_t i = first_above(m, addr);

	if (i < m->nr && m->v[i].start <= addr)
		return &m->v[i];
	return NULL;
}

uint64_t maps_dso_addr(const struct map *map, uint64_t addr)
{
	if (map->identity)
		return addr;
	return sym_dso_off_to_addr(map->dso, addr - map->start + map->pgoff);
}
