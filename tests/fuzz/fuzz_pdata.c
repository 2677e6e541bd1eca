// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz the perf.data reader: open the input as a file, print its header,
 * walk every record in file order and in time order.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ptool/pdata.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int count(struct pdata *p, const struct pdata_event *ev, void *arg)
{
	(*(uint64_t *)arg) += ev->rec->size;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	char err[256];
	struct pdata *p;
	uint64_t sum = 0;
	int fd = memfd_create("fuzz", MFD_CLOEXEC);

	if (fd < 0)
		return 0;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	if (write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET)) {
		close(fd);
		return 0;
	}
	p = pdata_open_fd(fd, "fuzz.data", err, sizeof(err));
	if (p) {
		pdata_fprintf_header(p, devnull, 0);
		pdata_for_each_event(p, 0, count, &sum);
		pdata_for_each_event(p, PDATA_ORDERED, count, &sum);
		pdata_close(p);
	}
	close(fd);
	return 0;
}
