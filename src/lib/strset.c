// SPDX-License-Identifier: GPL-2.0
#include "ptool/strset.h"

#include <stdlib.h>
#include <string.h>

#include "ptool/hash.h"
#include "ptool/strbuf.h"

uint32_t strset_find(const struct strset *set, const char *s)
{
	size_t pos;
	uint32_t id;

	hmap_for_each_hash(&set->idx, hash_str(s), pos, id)
		if (!strcmp(set->v[id], s))
			return id;
	return HMAP_NONE;
}

uint32_t strset_add(struct strset *set, const char *s, bool *fresh)
{
	uint32_t id = strset_find(set, s);

	if (fresh)
		*fresh = id == HMAP_NONE;
	if (id != HMAP_NONE)
		return id;
	ALLOC_GROW(set->v, set->nr + 1, set->alloc);
	set->v[set->nr] = xstrdup(s);
	hmap_add(&set->idx, hash_str(s), (uint32_t)set->nr);
	return (uint32_t)set->nr++;
}

const char *strset_intern(struct strset *set, const char *s)
{
	uint32_t id = strset_add(set, s, NULL);

	/* not set->v[strset_add()]: the call may move set->v */
	return set->v[id];
}

void strset_release(struct strset *set)
{
	for (size_t i = 0; i < set->nr; i++)
		free(set->v[i]);
	free(set->v);
	hmap_release(&set->idx);
	set->v = NULL;
	set->nr = set->alloc = 0;
}
