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

static void heap_push(struct pdata_queue *q, struct pdata_qev e)
{
	size_t i;

	ALLOC_GROW(q->heap, q->nr + 1, q->alloc);
	i = q->nr++;
	while (i) {
		size_t parent = (i - 1) / 2;

		if (!qless(&e, &q->heap[parent]))
			break;
		q->heap[i] = q->heap[parent];
		i = parent;
	}
	q->heap[i] = e;
}

static struct pdata_qev heap_pop(struct pdata_queue *q)
{
	struct pdata_qev top = q->heap[0], last = q->heap[--q->nr];
	size_t i = 0, n = q->nr;

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= n)
			break;
		if (c + 1 < n && qless(&q->heap[c + 1], &q->heap[c]))
			c++;
		if (!qless(&q->heap[c], &last))
			break;
		q->heap[i] = q->heap[c];
		i = c;
	}
	if (n)
		q->heap[i] = last;
	return top;
}

static void chunk_put(struct pdata_queue *q, struct pdata_qchunk *c)
{
	struct pdata_qchunk **pp;

	if (--c->live || c == q->chunks)
		return;	/* the current chunk keeps filling */
	for (pp = &q->chunks; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	if (c->size == PDATA_CHUNK && !q->free_chunks) {
		c->next = NULL;
		q->free_chunks = c;
	} else {
		free(c);
	}
}

static struct perf_event_header *queue_copy(struct pdata_queue *q,
					    const struct perf_event_header *rec,
					    struct pdata_qchunk **chunk)
{
	size_t need = (rec->size + 7u) & ~7u;
	struct pdata_qchunk *c = q->chunks;
	void *dst;

	if (!c || c->size - c->used < need) {
		if (c && !c->live) {
			c->used = 0;	/* the current chunk is empty: reuse */
		} else if (q->free_chunks) {
			c = q->free_chunks;
			q->free_chunks = NULL;
			c->used = 0;
			c->live = 0;
			c->next = q->chunks;
			q->chunks = c;
		} else {
			c = xmalloc(sizeof(*c) + PDATA_CHUNK);
			c->size = PDATA_CHUNK;
			c->used = 0;
			c->live = 0;
			c->next = q->chunks;
			q->chunks = c;
		}
	}
	dst = (uint8_t *)(c + 1) + c->used;
	memcpy(dst, rec, rec->size);
	c->used += need;
	c->live++;
	*chunk = c;
	return dst;
}

bool pdata_queue_push(struct pdata_queue *q,
		      const struct perf_event_header *rec, uint64_t time,
		      uint64_t off)
{
	struct pdata_qev e;
	bool late = time < q->last_flush;

	if (time > q->max_time)
		q->max_time = time;
	e.time = time;
	e.seq = q->seq++;
	e.offset = off;
	e.rec = queue_copy(q, rec, &e.chunk);
	heap_push(q, e);
	return late;
}

int pdata_queue_flush(struct pdata_queue *q, uint64_t limit,
		      pdata_queue_fn fn, void *arg)
{
	int ret = 0;

	while (q->nr && q->heap[0].time <= limit) {
		struct pdata_qev e = heap_pop(q);

		ret = fn(arg, e.rec, e.offset);
		q->last_flush = e.time;
		chunk_put(q, e.chunk);
		if (ret)
			break;
	}
	return ret;
}

int pdata_queue_round(struct pdata_queue *q, pdata_queue_fn fn, void *arg)
{
	int ret = pdata_queue_flush(q, q->next_flush, fn, arg);

	q->next_flush = q->max_time;
	return ret;
}

void pdata_queue_release(struct pdata_queue *q)
{
	struct pdata_qchunk *c, *next;

	for (c = q->chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	for (c = q->free_chunks; c; c = next) {
		next = c->next;
		free(c);
	}
	free(q->heap);
	memset(q, 0, sizeof(*q));
}
