// SPDX-License-Identifier: GPL-2.0
/*
 * SDT markers of the build-id cache, read as perf 6.1's print_sdt_events()
 * does: every valid .build-id link (its binary unchanged at its path), its
 * "probes" file, the SDT entries.
 */
#include "ptool/sdt.h"

#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ptool/buildid.h"
#include "ptool/strbuf.h"

char *sdt_cache_dir(void)
{
	const char *home = getenv("HOME");
	struct strbuf sb = STRBUF_INIT;

	/* perf 6.1 sets $PERF_BUILDID_DIR for its children, never reads it */
	if (!home || !*home)
		return NULL;
	strbuf_addf(&sb, "%s/.debug", home);
	return strbuf_detach(&sb, NULL);
}

void sdt_parse_probes(const char *text, const char *build_id, char ***v,
		      int *n, int *alloc)
{
	for (const char *p = text; p && *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		size_t name = strcspn(p, "=\n");

		/* "%provider:name=name": an SDT entry (perf's '#' is not) */
		if (p[0] == '%' && name < len && memchr(p, ':', name)) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addf(&sb, "%.*s@%s", (int)(name - 1), p + 1,
				    build_id);
			ALLOC_GROW(*v, *n + 1, *alloc);
			(*v)[(*n)++] = strbuf_detach(&sb, NULL);
		}
		p = eol ? eol + 1 : NULL;
	}
}

/* the link <dir>/.build-id/<id[0..1]>/<id[2..]>, read */
static int read_link(const char *dir, const char *id, char *buf, size_t len)
{
	char path[PATH_MAX];
	ssize_t n;

	snprintf(path, sizeof(path), "%s/.build-id/%.2s/%s", dir, id, id + 2);
	n = readlink(path, buf, len - 1);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

char *sdt_cache_origname(const char *dir, const char *build_id)
{
	char link[PATH_MAX], *slash;
	const char *p = link;

	if (read_link(dir, build_id, link, sizeof(link)))
		return NULL;
	/* "../../usr/lib/libx.so/<build-id>": the path between */
	while (!strncmp(p, "../", 3))
		p += 3;
	slash = strrchr(link, '/');
	if (!slash || slash < p)
		return NULL;
	*slash = '\0';
	/* "/usr/...", but a dso name as itself: "[vdso]" */
	return xstrdup(*p == '[' || p == link ? p : p - 1);
}

/*
 * perf's build_id_cache__valid_id(): the binary is still at its path with
 * the same build-id (the running kernel's for [kernel.kallsyms])
 */
static bool valid_id(const char *dir, const char *id)
{
	char *orig = sdt_cache_origname(dir, id), hex[2 * BUILDID_MAX + 1];
	struct buildid bid;
	int err = -EINVAL;

	if (!orig)
		return false;
	if (!strcmp(orig, "[kernel.kallsyms]"))
		err = buildid_read_notes("/sys/kernel/notes", &bid);
	else if (orig[0] == '/')
		err = buildid_read(orig, &bid);
	free(orig);
	return !err && !strcmp(buildid_hex(&bid, hex, sizeof(hex)), id);
}

/* the probes file of the cache entry of @id, when it is valid */
static void add_entry(const char *dir, const char *id, char ***v, int *n,
		      int *alloc)
{
	char link[PATH_MAX], path[PATH_MAX * 2];
	struct strbuf sb = STRBUF_INIT;

	if (read_link(dir, id, link, sizeof(link)) || !valid_id(dir, id))
		return;
	snprintf(path, sizeof(path), "%s/.build-id/%.2s/%s/probes", dir, id,
		 link);
	if (strbuf_read_regular(&sb, path, 1024) > 0)
		sdt_parse_probes(sb.buf, id, v, n, alloc);
	strbuf_release(&sb);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int sdt_cache_list(const char *dir, char ***out)
{
	char path[PATH_MAX];
	struct dirent *de;
	char **v = NULL;
	int n = 0, alloc = 0;
	DIR *d;

	*out = NULL;
	snprintf(path, sizeof(path), "%s/.build-id", dir);
	d = opendir(path);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		struct dirent *e;
		DIR *sub;

		if (strlen(de->d_name) != 2 || de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/.build-id/%s", dir, de->d_name);
		sub = opendir(path);
		if (!sub)
			continue;
		while ((e = readdir(sub))) {
			char id[256];

			if (e->d_name[0] == '.' || strlen(e->d_name) > 200)
				continue;
			snprintf(id, sizeof(id), "%s%s", de->d_name, e->d_name);
			add_entry(dir, id, &v, &n, &alloc);
		}
		closedir(sub);
	}
	closedir(d);
	/* perf's strlist: sorted and without duplicates */
	if (n > 1)
		qsort(v, (size_t)n, sizeof(*v), cmp_str);
	for (int i = 1; i < n; i++) {
		if (strcmp(v[i], v[i - 1]))
			continue;
		free(v[i]);
		memmove(&v[i], &v[i + 1], (size_t)(n - i - 1) * sizeof(*v));
		n--;
		i--;
	}
	*out = v;
	return n;
}

void sdt_strv_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
