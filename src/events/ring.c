// SPDX-License-Identifier: GPL-2.0
#include "ptool/ring.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ptool/msg.h"
#include "ptool/strbuf.h"

struct ring {
	struct perf_event_mmap_page *meta;
	unsigned char *data;
	size_t size;		/* data area, a power of two */
	void *map;		/* the mmap, NULL for memory rings */
	size_t map_len;
	int fd;
	uint64_t pos;		/* next byte to read */
	uint64_t end;		/* data_head snapshot */
	uint64_t consumed;
	int err;
	unsigned char *scratch;	/* for records that wrap */
	size_t scratch_len;
};

static bool is_pow2(uint64_t x)
{
	return x && !(x & (x - 1));
}

unsigned int ring_default_pages(void)
{
	long psz = sysconf(_SC_PAGESIZE);
	unsigned long kb = 516, pages;
	FILE *f = fopen("/proc/sys/kernel/perf_event_mlock_kb", "r");

	if (f) {
		if (fscanf(f, "%lu", &kb) != 1)
			kb = 516;
		fclose(f);
	}
	if (kb * 1024 <= (unsigned long)psz)
		return 1;
	pages = (kb * 1024 - psz) / psz;
	while (pages & (pages - 1))
		pages &= pages - 1;
	return pages ? pages : 1;
}

static struct ring *ring_alloc(void)
{
	struct ring *r = xcalloc(1, sizeof(*r));

	r->fd = -1;
	return r;
}

struct ring *ring_mmap(int fd, unsigned int pages)
{
	long psz = sysconf(_SC_PAGESIZE);
	struct ring *r;
	void *m;
	size_t len;

	if (!is_pow2(pages) || pages > (1u << 24)) {
		errno = EINVAL;
		return NULL;
	}
	len = (size_t)(pages + 1) * psz;
	m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return NULL;
	r = ring_alloc();
	r->map = m;
	r->map_len = len;
	r->meta = m;
	r->data = (unsigned char *)m + psz;
	r->size = (size_t)pages * psz;
	r->fd = fd;
	r->pos = r->end = __atomic_load_n(&r->meta->data_tail, __ATOMIC_RELAXED);
	return r;
}

struct ring *ring_new_mem(struct perf_event_mmap_page *meta, void *data,
			  size_t size)
{
	struct ring *r;

	if (!meta || !data || !is_pow2(size)) {
		errno = EINVAL;
		return NULL;
	}
	r = ring_alloc();
	r->meta = meta;
	r->data = data;
	r->size = size;
	r->pos = r->end = meta->data_tail;
	return r;
}

void ring_free(struct ring *r)
{
	if (!r)
		return;
	if (r->map)
		munmap(r->map, r->map_len);
	free(r->scratch);
	free(r);
}

int ring_fd(const struct ring *r)
{
	return r->fd;
}

size_t ring_size(const struct ring *r)
{
	return r->size;
}

int ring_read_init(struct ring *r)
{
	/* pairs with the kernel's store of data_head after the record bytes */
	r->end = __atomic_load_n(&r->meta->data_head, __ATOMIC_ACQUIRE);
	return r->end == r->pos ? -EAGAIN : 0;
}

/* copy @len bytes at ring position @at, wrapping at the end of the area */
static void copy_out(const struct ring *r, uint64_t at, void *dst, size_t len)
{
	size_t mask = r->size - 1, off = at & mask;
	size_t first = r->size - off < len ? r->size - off : len;

	memcpy(dst, r->data + off, first);
	if (first < len)
		memcpy((unsigned char *)dst + first, r->data, len - first);
}

const struct perf_event_header *ring_read_event(struct ring *r)
{
	struct perf_event_header h;
	uint64_t avail = r->end - r->pos;
	size_t off = r->pos & (r->size - 1);
	const struct perf_event_header *ev;

	if (r->err || avail < sizeof(h))
		return NULL;
	copy_out(r, r->pos, &h, sizeof(h));
	if (h.size < sizeof(h) || h.size > r->size) {
		pr_debug("ring: corrupt record at %llu (size %u)",
			 (unsigned long long)r->pos, h.size);
		r->err = -EINVAL;
		return NULL;
	}
	if (avail < h.size)
		return NULL;	/* partial: not all of it is there yet */
	if (off + h.size <= r->size) {
		ev = (const void *)(r->data + off);
	} else {
		if (r->scratch_len < h.size) {
			free(r->scratch);
			r->scratch = xmalloc(h.size);
			r->scratch_len = h.size;
		}
		copy_out(r, r->pos, r->scratch, h.size);
		ev = (const void *)r->scratch;
	}
	r->pos += h.size;
	return ev;
}

void ring_consume(struct ring *r)
{
	uint64_t tail = __atomic_load_n(&r->meta->data_tail, __ATOMIC_RELAXED);

	r->consumed += r->pos - tail;
	/* the kernel may reuse the bytes only after we are done with them */
	__atomic_store_n(&r->meta->data_tail, r->pos, __ATOMIC_RELEASE);
}

int ring_error(const struct ring *r)
{
	return r->err;
}

uint64_t ring_bytes_read(const struct ring *r)
{
	return r->consumed;
}

int ring_set_output(int fd, int target_fd)
{
	if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, target_fd))
		return -errno;
	return 0;
}
