// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "ptool/ring.h"

#define SIZE 256

struct fixture {
	struct perf_event_mmap_page meta;
	unsigned char data[SIZE];
	uint64_t head;		/* where the fake kernel writes next */
};

/* write one record of @size bytes (type @type, payload bytes = @fill) */
static void put(struct fixture *f, uint32_t type, uint16_t size,
		unsigned char fill)
{
	unsigned char rec[512];
	struct perf_event_header h = { .type = type, .misc = 0, .size = size };

	memset(rec, fill, size);
	memcpy(rec, &h, sizeof(h));
	for (uint16_t i = 0; i < size; i++)
		f->data[(f->head + i) % SIZE] = rec[i];
	f->head += size;
}

static void publish(struct fixture *f)
{
	f->meta.data_head = f->head;
}

static void check_rec(const struct perf_event_header *ev, uint32_t type,
		      uint16_t size, unsigned char fill)
{
	const unsigned char *p = (const void *)ev;

	assert_non_null(ev);
	assert_int_equal(ev->type, type);
	assert_int_equal(ev->size, size);
	for (uint16_t i = sizeof(*ev); i < size; i++)
		assert_int_equal(p[i], fill);
}

static struct fixture *fx_new(uint64_t start)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->head = start;
	f->meta.data_head = start;
	f->meta.data_tail = start;
	return f;
}

static void test_empty(void **state)
{
	struct fixture *f = fx_new(0);
	struct ring *r = ring_new_mem(&f->meta, f->data, SIZE);

	assert_non_null(r);
	assert_int_equal(ring_read_init(r), -EAGAIN);
	assert_null(ring_read_event(r));
	ring_consume(r);
	assert_int_equal(f->meta.data_tail, 0);
	assert_int_equal(ring_fd(r), -1);
	assert_int_equal(ring_size(r), SIZE);
	ring_free(r);
	free(f);
}

static void test_bad_args(void **state)
{
	struct fixture *f = fx_new(0);

	assert_null(ring_new_mem(&f->meta, f->data, 100));
	assert_int_equal(errno, EINVAL);
	assert_null(ring_new_mem(NULL, f->data, SIZE));
	assert_null(ring_mmap(-1, 3));
	assert_int_equal(errno, EINVAL);
	assert_null(ring_mmap(-1, 0));
	ring_free(NULL);
	free(f);
}

static void test_simple(void **state)
{
	struct fixture *f = fx_new(0);
	struct ring *r = ring_new_mem(&f->meta, f->data, SIZE);

	put(f, PERF_RECORD_SAMPLE, 16, 0xaa);
	put(f, PERF_RECORD_COMM, 32, 0xbb);
	publish(f);
	assert_int_equal(ring_read_init(r), 0);
	check_rec(ring_read_event(r), PERF_RECORD_SAMPLE, 16, 0xaa);
	check_rec(ring_read_event(r), PERF_RECORD_COMM, 32, 0xbb);
	assert_null(ring_read_event(r));
	/* nothing is handed back before ring_consume() */
	assert_int_equal(f->meta.data_tail, 0);
	ring_consume(r);
	assert_int_equal(f->meta.data_tail, 48);
	assert_int_equal(ring_bytes_read(r), 48);
	assert_int_equal(ring_error(r), 0);
	assert_int_equal(ring_read_init(r), -EAGAIN);
	ring_free(r);
	free(f);
}

/* a record that straddles the end of the data area comes out whole */
static void test_wrap(void **state)
{
	struct fixture *f = fx_new(SIZE - 24);
	struct ring *r = ring_new_mem(&f->meta, f->data, SIZE);
	const struct perf_event_header *ev;

	put(f, PERF_RECORD_SAMPLE, 64, 0x5a);	/* 24 bytes at the end, 40 at the start */
	put(f, PERF_RECORD_LOST, 24, 0x11);
	publish(f);
	assert_int_equal(ring_read_init(r), 0);
	ev = ring_read_event(r);
	check_rec(ev, PERF_RECORD_SAMPLE, 64, 0x5a);
	/* it was copied, not handed out from the ring */
	assert_true((const unsigned char *)ev < f->data ||
		    (const unsigned char *)ev >= f->data + SIZE);
	ev = ring_read_event(r);
	check_rec(ev, PERF_RECORD_LOST, 24, 0x11);
	assert_ptr_equal(ev, f->data + 40);
	assert_null(ring_read_event(r));
	ring_consume(r);
	assert_int_equal(f->meta.data_tail, SIZE - 24 + 88);
	ring_free(r);
	free(f);
}

/* the header itself split by the end of the buffer */
static void test_wrap_header(void **state)
{
	struct fixture *f = fx_new(SIZE - 4);
	struct ring *r = ring_new_mem(&f->meta, f->data, SIZE);

	put(f, 77, 40, 0x33);
	publish(f);
	assert_int_equal(ring_read_init(r), 0);
	check_rec(ring_read_event(r), 77, 40, 0x33);
	assert_null(ring_read_event(r));
	ring_free(r);
	free(f);
}

/* data_head published in the middle of a record: it is read next round */
static void test_partial(void **state)
{
	struct fixture *f = fx_new(0);
	struct ring *r = ring_new_mem(&f->meta, f->data, SIZE);

	put(f, PERF_RECORD_SAMPLE, 16, 1);
	put(f, PERF_RECORD_SAMPLE, 48, 2);
	f->meta.data_head = 16 + 20;	/* only 20 of the 48 bytes */
	assert_int_equal(ring_read_init(r), 0);
	check_rec(ring_read_event(r), PERF_RECORD_SAMPLE, 16, 1);
	assert_null(ring_read_event(r));
	ring_consume(r);
	assert_int_equal(f->meta.data_tail, 16);
	assert_int_equal(ring_error(r), 0);

	f->meta.data_head = 16 + 4;	/* not even a whole header */
	assert_int_equal(ring_read_init(r), 0);
	assert_null(ring_read_event(r));

	publish(f);
	assert_int_equal(ring_read_init(r), 0);
	check_rec(ring_read_event(r), PERF_RECORD_SAMPLE, 48, 2);
	assert_null(ring_read_event(r));
	ring_consume(r);
	assert_int_equal(f->meta.data_tail, 64);
	ring_free(r);
	free(f);
}

/* positions are 64-bit and keep counting past 2^32 */
static void test_past_4g(void **state)
{
	uint64_t start = (1ull << 32) - 8;
	struct fixture *f = fx_new(start);
	struct ring *r = ring_new_mem(&f->meta, f->data, SIZE);

	for (int round = 0; round < 40; round++) {
		put(f, PERF_RECORD_SAMPLE, 24, (unsigned char)round);
		put(f, PERF_RECORD_MMAP2, 40, (unsigned char)(round + 100));
		publish(f);
		assert_int_equal(ring_read_init(r), 0);
		check_rec(ring_read_event(r), PERF_RECORD_SAMPLE, 24,
			  (unsigned char)round);
		check_rec(ring_read_event(r), PERF_RECORD_MMAP2, 40,
			  (unsigned char)(round + 100));
		assert_null(ring_read_event(r));
		ring_consume(r);
		assert_true(f->meta.data_tail == f->head);
	}
	assert_true(f->meta.data_tail > (1ull << 32));
	assert_int_equal(ring_bytes_read(r), 40 * 64);
	ring_free(r);
	free(f);
}

static void test_corrupt(void **state)
{
	struct fixture *f = fx_new(0);
	struct ring *r = ring_new_mem(&f->meta, f->data, SIZE);

	put(f, PERF_RECORD_SAMPLE, 16, 1);
	f->data[16 + 6] = 4;	/* a record of size 4: impossible */
	f->data[16 + 7] = 0;
	f->head += 16;
	publish(f);
	assert_int_equal(ring_read_init(r), 0);
	check_rec(ring_read_event(r), PERF_RECORD_SAMPLE, 16, 1);
	assert_null(ring_read_event(r));
	assert_int_equal(ring_error(r), -EINVAL);
	ring_free(r);
	free(f);
}

static void test_default_pages(void **state)
{
	unsigned int p = ring_default_pages();

	assert_true(p >= 1);
	assert_int_equal(p & (p - 1), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_bad_args),
		cmocka_unit_test(test_simple),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_wrap_header),
		cmocka_unit_test(test_partial),
		cmocka_unit_test(test_past_4g),
		cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_default_pages),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
