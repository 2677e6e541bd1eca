// SPDX-License-Identifier: GPL-2.0
#include "testutil.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int tu_put_file(const char *root, const char *rel, const char *text)
{
	char path[512], *slash;
	FILE *f;
	int err = 0;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	for (slash = strchr(path + strlen(root) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(path, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	if (!f)
		return -1;
	if (fputs(text, f) < 0)
		err = -1;
	if (fclose(f))
		err = -1;
	return err;
}

uint64_t tu_file_offset_of(const void *fn)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[4096];
	uint64_t r = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long lo, hi, off;
		char perms[8];

		if (sscanf(line, "%llx-%llx %7s %llx", &lo, &hi, perms, &off) != 4)
			continue;
		if ((uintptr_t)fn >= lo && (uintptr_t)fn < hi)
			r = (uintptr_t)fn - lo + off;
	}
	fclose(f);
	return r;
}
