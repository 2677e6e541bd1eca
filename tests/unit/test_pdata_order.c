// SPDX-License-Identifier: GPL-2.0
/*
 * The ordered-events queue of the perf.data reader (pdata-order.c): time
 * order with ties kept in arrival order, perf's round-by-round flushing,
 * records that arrive after their time was flushed, chunks reused and
 * freed across many records, and a delivery error that stops a flush.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/pdata/pdata-priv.h"

#define MAX_REC 8192

/* a record of @size bytes whose body says @tag */
struct rec {
	struct perf_event_header h;
	uint64_t tag;
	uint8_t fill[MAX_REC];
};

static void make_rec(struct rec *r, uint64_t tag, uint16_t size)
{
	memset(r, 0, sizeof(*r));
	r->h.type = PERF_RECORD_SAMPLE;
	r->h.size = size;
	r->tag = tag;
	memset(r->fill, (int)(tag & 0xff), size - sizeof(r->h) - sizeof(tag));
}

struct seen {
	uint64_t tags[20000];
	uint64_t offs[20000];
	size_t nr;
	size_t fail_at;		/* return -EIO at this delivery (1-based) */
	bool bad_body;
};

static int collect(void *arg, const struct perf_event_header *h,
		   uint64_t off)
{
	struct seen *s = arg;
	const struct rec *r = (const struct rec *)h;
	size_t body = h->size - sizeof(*h) - sizeof(r->tag);

	for (size_t i = 0; i < body; i++)
		if (r->fill[i] != (uint8_t)(r->tag & 0xff))
			s->bad_body = true;
	if ((uintptr_t)h & 7)
		s->bad_body = true;
	s->tags[s->nr] = r->tag;
	s->offs[s->nr] = off;
	s->nr++;
	if (s->fail_at && s->nr == s->fail_at)
		return -EIO;
	return 0;
}

static void push(struct pdata_queue *q, uint64_t time, uint64_t tag,
		 bool late)
{
	struct rec r;

	make_rec(&r, tag, 24);
	assert_int_equal(pdata_queue_push(q, &r.h, time, tag * 8), late);
}

/* time order; equal times in arrival order; offsets kept */
static void test_order(void **state)
{
	struct pdata_queue q = { 0 };
	struct seen s = { .nr = 0 };
	static const uint64_t times[] = { 50, 10, 30, 10, 40, 20, 10, 30 };
	static const uint64_t want[] = { 1, 3, 6, 5, 2, 7, 4, 0 };

	(void)state;
	for (size_t i = 0; i < 8; i++)
		push(&q, times[i], i, false);
	assert_int_equal(pdata_queue_flush(&q, (uint64_t)-1, collect, &s), 0);
	assert_int_equal(s.nr, 8);
	for (size_t i = 0; i < 8; i++) {
		assert_int_equal(s.tags[i], want[i]);
		assert_int_equal(s.offs[i], want[i] * 8);
	}
	assert_false(s.bad_body);
	pdata_queue_release(&q);
}

/*
 * A round flushes what is not newer than the newest time of the round
 * before: a record of the current round may still be older than one
 * queued in it.
 */
static void test_rounds(void **state)
{
	struct pdata_queue q = { 0 };
	struct seen s = { .nr = 0 };

	(void)state;
	push(&q, 100, 1, false);
	push(&q, 50, 2, false);
	/* the first round: nothing was seen before it */
	assert_int_equal(pdata_queue_round(&q, collect, &s), 0);
	assert_int_equal(s.nr, 0);
	push(&q, 70, 3, false);
	push(&q, 200, 4, false);
	/* up to 100, the newest time of the round before */
	assert_int_equal(pdata_queue_round(&q, collect, &s), 0);
	assert_int_equal(s.nr, 3);
	assert_int_equal(s.tags[0], 2);
	assert_int_equal(s.tags[1], 3);
	assert_int_equal(s.tags[2], 1);
	/* older than what was flushed: delivered late, and said so */
	push(&q, 60, 5, true);
	push(&q, 100, 6, false);
	push(&q, 150, 7, false);
	assert_int_equal(pdata_queue_round(&q, collect, &s), 0);
	assert_int_equal(s.nr, 7);
	assert_int_equal(s.tags[3], 5);
	assert_int_equal(s.tags[4], 6);
	assert_int_equal(s.tags[5], 7);
	assert_int_equal(s.tags[6], 4);
	assert_int_equal(q.nr, 0);
	/* an empty round changes nothing */
	assert_int_equal(pdata_queue_round(&q, collect, &s), 0);
	assert_int_equal(s.nr, 7);
	pdata_queue_release(&q);
	/* released: a new pass starts from nothing */
	assert_int_equal(q.max_time, 0);
	assert_int_equal(q.last_flush, 0);
	push(&q, 1, 8, false);
	pdata_queue_release(&q);
}

/*
 * Several MiB of records of many sizes through the 1 MiB chunks, flushed
 * in rounds so chunks empty and are reused or freed while others fill:
 * every record comes back whole and 8-byte aligned.
 */
static void test_chunks(void **state)
{
	static struct seen s;
	struct pdata_queue q = { 0 };
	static struct rec r;
	uint64_t tag = 0, t = 1000;

	(void)state;
	memset(&s, 0, sizeof(s));
	for (int round = 0; round < 10; round++) {
		for (int i = 0; i < 1500; i++, tag++) {
			uint16_t size = (uint16_t)(sizeof(r.h) + sizeof(r.tag) +
						   (tag * 37) % 4000);

			make_rec(&r, tag, size);
			/* times go back and forth within a round */
			pdata_queue_push(&q, &r.h, t + (i % 7) * 3, tag);
			t++;
		}
		assert_int_equal(pdata_queue_round(&q, collect, &s), 0);
	}
	assert_int_equal(pdata_queue_flush(&q, (uint64_t)-1, collect, &s), 0);
	assert_int_equal(s.nr, tag);
	assert_false(s.bad_body);
	assert_int_equal(q.nr, 0);
	pdata_queue_release(&q);
	assert_null(q.chunks);
	assert_null(q.free_chunks);
}

/* the first error stops the flush; the rest stays queued until release */
static void test_error(void **state)
{
	struct pdata_queue q = { 0 };
	struct seen s = { .nr = 0, .fail_at = 2 };

	(void)state;
	for (uint64_t i = 0; i < 5; i++)
		push(&q, 10 + i, i, false);
	assert_int_equal(pdata_queue_flush(&q, (uint64_t)-1, collect, &s),
			 -EIO);
	assert_int_equal(s.nr, 2);
	assert_int_equal(q.nr, 3);
	assert_int_equal(q.last_flush, 11);
	s.fail_at = 0;
	assert_int_equal(pdata_queue_flush(&q, 12, collect, &s), 0);
	assert_int_equal(s.nr, 3);
	assert_int_equal(s.tags[2], 2);
	pdata_queue_release(&q);	/* frees the two left */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_rounds),
		cmocka_unit_test(test_chunks),
		cmocka_unit_test(test_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
