// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/kallsyms: "ADDR TYPE NAME[\t[MODULE]]" lines (see
 * include/ptool/kallsyms.h).
 */
#include "ptool/kallsyms.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int kallsyms_parse_line(char *line, struct kallsyms_sym *out)
{
	char *end, *name, *mod;
	uint64_t addr = strtoull(line, &end, 16);

	if (end == line || *end != ' ')
		return -EINVAL;
	if (!end[1] || end[2] != ' ')
		return -EINVAL;
	out->type = end[1];
	name = end + 3;
	name[strcspn(name, "\n")] = 0;
	mod = strchr(name, '\t');
	if (mod) {
		*mod++ = 0;
		mod += strspn(mod, " [");
		mod[strcspn(mod, "]")] = 0;
	}
	out->addr = addr;
	out->name = name;
	out->mod = mod ? mod : "";
	return 0;
}

int kallsyms_read(const char *path, kallsyms_fn fn, void *arg)
{
	FILE *f;
	char line[1024], *iobuf;
	int ret = 0;

	if (!path)
		path = "/proc/kallsyms";
	f = fopen(path, "re");
	if (!f)
		return -errno;
	/*
	 * /proc/kallsyms returns a page a read at most, but stdio would ask
	 * for 1 KiB at a time (its st_blksize)
	 */
	iobuf = malloc(1 << 16);
	if (iobuf)
		setvbuf(f, iobuf, _IOFBF, 1 << 16);
	while (fgets(line, sizeof(line), f)) {
		struct kallsyms_sym s;

		if (kallsyms_parse_line(line, &s))
			continue;
		ret = fn(arg, &s);
		if (ret)
			break;
	}
	fclose(f);
	free(iobuf);
	return ret;
}
