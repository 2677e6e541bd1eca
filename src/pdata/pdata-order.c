// SPDX-License-Identifier: GPL-2.0
/*
 * The ordered-events queue of the perf.data reader: records of a time are
 * copied into chunks and kept in a binary heap by time and arrival, and
 * flushed at each FINISHED_ROUND up to the newest time of the round
 * before. A chunk is freed as soon as every record in it was delivered.
 */
#include <stdlib.h>
#include <string.h>

#include "ptool/msg.h"
#include "pdata-priv.h"

#define PDATA_CHUNK	(1u << 20)

/*
 * The time of a record for ordering. With IDENTIFIER the attrs may differ
 * in the other id fields (perf writes them so for events of different
 * sample types): a non-sample record's trailer is laid out by the attr its
 * last word names, as perf reads it.
 */
uint64_t pdata_record_time(const struct pdata *p,
			   const struct perf_event_header *rec)
{
	uint64_t t = p->id_sample_type, id;
	int idx;

	if (rec->type != PERF_RECORD_SAMPLE && rec->type < 64 &&
	    p->id_sample_id_all && (t & PERF_SAMPLE_IDENTIFIER) &&
	    rec->size >= sizeof(*rec) + sizeof(id)) {
		memcpy(&id, (const char *)rec + rec->size - sizeof(id), sizeof(id));
		idx = pdata_id_to_attr(p, id);
		if (idx >= 0)
			t = p->attrs[idx].attr.sample_type;
	}
	return sample_record_time(t, p->id_sample_id_all, rec);
}


static bool qless(const struct pdata_qev *a, const struct pdata_qev *b)
{
	return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

void pdata_heap_push(struct pdata *p, struct pdata_qev e)
{
	size_t i;

	ALLOC_GROW(p->q, p->q_nr + 1, p->q_alloc);
	i = p->q_nr++;
	while (i) {
		size_t parent = (i - 1) / 2;

		if (!qless(&e, &p->q[parent]))
			break;
		p->q[i] = p->q[parent];
		i = parent;
	}
	p->q[i] = e;
}

struct pdata_qev pdata_heap_pop(struct pdata *p)
{
	struct pdata_qev top = p->q[0], last = p->q[--p->q_nr];
	size_t i = 0, n = p->q_nr;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && qless(&p->q[c + 1], &p->q[c]))
			c++;
		if (!qless(&p->q[c], &last))
			break;
		p->q[i] = p->q[c];
		i = c;
	}
	if (n)
		p->q[i] = last;
	return top;
}

void pdata_chunk_put(struct pdata *p, struct pdata_qchunk *c)
{
	struct pdata_qchunk **pp;

	if (--c->live || c == p->chunks)
		return;	/* the current chunk keeps filling */
	for (pp = &p->chunks; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	if (c->size == PDATA_CHUNK && !p->free_chunks) {
		c->next = NULL;
		p->free_chunks = c;
	} else {
		free(c);
	}
}

struct perf_event_header *pdata_queue_copy(struct pdata *p,
					   const struct perf_event_header *rec,
					   struct pdata_qchunk **chunk)
{
	size_t need = (rec->size + 7u) & ~7u;
	struct pdata_qchunk *c = p->chunks;
	void *dst;

	if (!c || c->size - c->used < need) {
		if (c && !c->live) {
			c->used = 0;	/* the current chunk is empty: reuse */
		} else if (p->free_chunks) {
			c = p->free_chunks;
			p->free_chunks = NULL;
			c->used = 0;
			c->live = 0;
			c->next = p->chunks;
			p->chunks = c;
		} else {
			c = xmalloc(sizeof(*c) + PDATA_CHUNK);
			c->size = PDATA_CHUNK;
			c->used = 0;
			c->live = 0;
			c->next = p->chunks;
			p->chunks = c;
		}
	}
	dst = (uint8_t *)(c + 1) + c->used;
	memcpy(dst, rec, rec->size);
	c->used += need;
	c->live++;
	*chunk = c;
	return dst;
}


void pdata_queue_release(struct pdata *p)
{
	struct pdata_qchunk *c, *next;

	for (c = p->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	for (c = p->free_chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	p->chunks = p->free_chunks = NULL;
	free(p->q);
	p->q = NULL;
	p->q_nr = p->q_alloc = 0;
}
