// SPDX-License-Identifier: GPL-2.0
#include "ptool/strset.h"

#include <stdlib.h>
#include <string.h>

#include "ptool/hash.h"
#include "ptool/strbuf.h"

const char *strset_intern(struct strset *set, const char *s)
{
	uint64_t h = hash_str(s);
	size_t pos;
	uint32_t id;

	hmap_for_each_hash(&set->idx, h, pos, id)
		if (!strcmp(set->v[id], s))
			return set->v[id];
	ALLOC_GROW(set->v, set->nr + 1, set->alloc);
	set->v[set->nr] = xstrdup(s);
	hmap_add(&set->idx, h, (uint32_t)set->nr);
	return set->v[set->nr++];
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
