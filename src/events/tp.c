// SPDX-License-Identifier: GPL-2.0
#include "ptool/tp.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ptool/strbuf.h"
#include "ptool/sysroots.h"
#include "ptool/tfs.h"

int tp_tracefs_errno(int err)
{
	static const char *const places[] = {
		"/sys/kernel/tracing/events", "/sys/kernel/debug/tracing/events",
	};

	if (err != -ENOENT || sysroots_tracefs())
		return err;
	for (size_t i = 0; i < ARRAY_SIZE(places); i++) {
		struct stat st;

		if (stat(places[i], &st) && errno == EACCES)
			return -EACCES;
	}
	return err;
}

bool tp_is_glob(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static bool safe(const char *s)
{
	return *s && !strchr(s, '/') && strcmp(s, ".") && strcmp(s, "..");
}

int64_t tp_id(const struct tfs *t, const char *sys, const char *name)
{
	struct strbuf sb = STRBUF_INIT, rel = STRBUF_INIT;
	int64_t id = -ENOENT;
	char *end;
	long n;

	if (!safe(sys) || !safe(name))
		return -ENOENT;
	strbuf_addf(&rel, "events/%s/%s/id", sys, name);
	n = tfs_read(t, rel.buf, &sb);
	if (n < 0) {
		id = n == -ENOTDIR ? -ENOENT : n;
		goto out;
	}
	errno = 0;
	id = (int64_t)strtoull(sb.buf, &end, 10);
	if (end == sb.buf || errno || (*end && *end != '\n'))
		id = -EINVAL;
out:
	strbuf_release(&sb);
	strbuf_release(&rel);
	return id;
}

static int cmp_tp(const void *a, const void *b)
{
	const struct tp_name *x = a, *y = b;
	int c = strcmp(x->sys, y->sys);

	return c ? c : strcmp(x->name, y->name);
}

/* the names in "<root>/@rel" matching @glob that are directories */
static int match_dir(const struct tfs *t, const char *rel, const char *glob,
		     char ***out)
{
	char *path = tfs_path(t, rel);
	DIR *d = opendir(path);
	struct dirent *de;
	char **v = NULL;
	int n = 0, alloc = 0;

	free(path);
	*out = NULL;
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' ||
		    (de->d_type != DT_DIR && de->d_type != DT_UNKNOWN))
			continue;
		if (fnmatch(glob, de->d_name, 0))
			continue;
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	*out = v;
	return n;
}

static void strv_free(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int tp_glob(const struct tfs *t, const char *sys_glob, const char *name_glob,
	    struct tp_name **out)
{
	struct tp_name *v = NULL;
	int n = 0, alloc = 0, ns;
	char **sys = NULL;

	*out = NULL;
	if (!tp_is_glob(sys_glob)) {
		ns = 1;
		sys = xmalloc(sizeof(*sys));
		sys[0] = xstrdup(sys_glob);
	} else {
		ns = match_dir(t, "events", sys_glob, &sys);
		if (ns < 0)
			return ns;
	}
	for (int i = 0; i < ns; i++) {
		char **names = NULL;
		int nn;

		if (!tp_is_glob(name_glob)) {
			int64_t id = tp_id(t, sys[i], name_glob);

			if (id < 0)
				continue;
			ALLOC_GROW(v, n + 1, alloc);
			v[n].sys = xstrdup(sys[i]);
			v[n].name = xstrdup(name_glob);
			v[n++].id = (uint64_t)id;
			continue;
		}
		{
			struct strbuf rel = STRBUF_INIT;

			strbuf_addf(&rel, "events/%s", sys[i]);
			nn = safe(sys[i]) ? match_dir(t, rel.buf, name_glob, &names) : 0;
			strbuf_release(&rel);
		}
		for (int j = 0; j < nn; j++) {
			int64_t id = tp_id(t, sys[i], names[j]);

			if (id < 0)
				continue;	/* e.g. "enable", "filter" */
			ALLOC_GROW(v, n + 1, alloc);
			v[n].sys = xstrdup(sys[i]);
			v[n].name = xstrdup(names[j]);
			v[n++].id = (uint64_t)id;
		}
		if (nn > 0)
			strv_free(names, nn);
	}
	strv_free(sys, ns);
	if (n > 1)
		qsort(v, (size_t)n, sizeof(*v), cmp_tp);
	*out = v;
	return n;
}

void tp_names_free(struct tp_name *v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i].sys);
		free(v[i].name);
	}
	free(v);
}
