// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz the perf.data reader: open (header, attrs, ids, features), print
 * the header, load the tracing data, and read every record in time order,
 * parsing each sample. Any input must give a result or an error, never a
 * crash, a hang or a giant allocation.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ptool/pdata.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int touch(struct pdata *p, const struct pdata_event *ev, void *arg)
{
	const struct sample *s = &ev->sample;
	uint64_t *sum = arg, i;

	/* read everything the sample points to */
	for (i = 0; i < s->callchain_nr; i++)
		*sum += s->callchain[i];
	for (i = 0; i < s->raw_size; i++)
		*sum += ((const uint8_t *)s->raw)[i];
	for (i = 0; i < s->regs_user.nr; i++)
		*sum += s->regs_user.regs[i];
	for (i = 0; i < s->stack_size; i++)
		*sum += ((const uint8_t *)s->stack)[i];
	for (i = 0; i < s->branch.nr; i++)
		*sum += s->branch.entries[i].from;
	if (ev->attr)
		for (i = 0; i < s->read.nr; i++)
			*sum += sample_read_value(&s->read, &ev->attr->attr, i).value;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz", MFD_CLOEXEC);
	struct pdata *p;
	uint64_t sum = 0;
	const void *blob;
	size_t len;
	FILE *null;

	if (fd < 0)
		return 0;
	if (size && write(fd, data, size) != (ssize_t)size)
		goto out;
	p = pdata_open_fd(fd, "fuzz", NULL);
	if (p) {
		null = fopen("/dev/null", "w");
		if (null) {
			pdata_fprintf_header(p, null, 0);
			pdata_fprintf_header(p, null, PDATA_HDR_FULL);
			fclose(null);
		}
		pdata_tracing_data(p, &blob, &len);
		pdata_for_each_event(p, PDATA_ORDERED, touch, &sum);
		pdata_for_each_event(p, 0, touch, &sum);
		pdata_close(p);
	}
out:
	close(fd);
	return (int)(sum & 0);
}
