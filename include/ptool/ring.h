/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PTOOL_RING_H
#define PTOOL_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/perf_event.h>

/*
 * The perf_event mmap ring buffer (perf_event_open(2), "MMAP layout"):
 * one metadata page (struct perf_event_mmap_page) followed by 2^n data
 * pages. The kernel writes records at data_head, the reader consumes them
 * and moves data_tail. data_head is loaded with acquire ordering (so the
 * record bytes are visible once the head is), data_tail is stored with
 * release ordering (so the kernel does not overwrite bytes still being
 * read), as the comments in include/uapi/linux/perf_event.h ask.
 *
 * Reading:
 *	if (ring_read_init(ring) == 0) {
 *		while ((ev = ring_read_event(ring)))
 *			use(ev);
 *		ring_consume(ring);
 *	}
 *
 * Test seam: ring_new_mem() reads from any memory buffer, so a test can
 * place a record that wraps around the end of the data area.
 */

struct ring;

/**
 * ring_default_pages - perf's default number of data pages per buffer:
 * /proc/sys/kernel/perf_event_mlock_kb minus one page, in pages, rounded
 * down to a power of two (128 pages = 512 KiB with the default 516 KiB)
 */
unsigned int ring_default_pages(void);

/**
 * ring_mmap - map the ring buffer of an event
 * @fd: a perf event file descriptor
 * @pages: number of data pages, a power of two (> 0)
 *
 * Returns a ring (free with ring_free()) or NULL with errno set: EINVAL for
 * a bad @pages, EPERM when the pages exceed perf_event_mlock_kb for an
 * unprivileged user, ENOMEM.
 */
struct ring *ring_mmap(int fd, unsigned int pages);

/**
 * ring_new_mem - a ring over memory that the caller owns (test seam)
 * @meta: the metadata page; data_head/data_tail are read and written there
 * @data: the data area
 * @size: its size in bytes, a power of two
 *
 * Returns a ring (free with ring_free(), which does not free @meta or
 * @data) or NULL with errno EINVAL.
 */
struct ring *ring_new_mem(struct perf_event_mmap_page *meta, void *data,
			  size_t size);

/** ring_free - unmap and free; NULL is a no-op */
void ring_free(struct ring *ring);

/** ring_fd - the event fd the ring was mapped from (-1 for memory rings) */
int ring_fd(const struct ring *ring);

/** ring_size - the size of the data area in bytes */
size_t ring_size(const struct ring *ring);

/**
 * ring_read_init - take a snapshot of data_head to read up to
 * Returns 0 when there is something to read, -EAGAIN when the ring is empty.
 */
int ring_read_init(struct ring *ring);

/**
 * ring_read_event - next record, or NULL when drained; valid until the
 * next ring_read_event() or ring_consume()
 * @ring: a ring prepared with ring_read_init()
 *
 * A record that wraps around the end of the data area is copied into the
 * ring's scratch buffer. A record whose bytes are not all there yet
 * (partial) ends the round: NULL, and it is read again after the next
 * ring_read_init(). A corrupt header (size < 8 or larger than the ring)
 * makes it return NULL and ring_error() return -EINVAL.
 */
const struct perf_event_header *ring_read_event(struct ring *ring);

/**
 * ring_consume - hand the bytes of every record read so far back to the
 * kernel (release store of data_tail)
 */
void ring_consume(struct ring *ring);

/** ring_error - 0, or -EINVAL after ring_read_event() met a corrupt record */
int ring_error(const struct ring *ring);

/** ring_bytes_read - total bytes consumed over the ring's life */
uint64_t ring_bytes_read(const struct ring *ring);

/**
 * ring_set_output - send the records of event @fd into the ring of event
 * @target_fd (PERF_EVENT_IOC_SET_OUTPUT; both on the same cpu or task)
 * Returns 0 or -errno.
 */
int ring_set_output(int fd, int target_fd);

#endif
