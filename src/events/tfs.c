// SPDX-License-Identifier: GPL-2.0
#include "ptool/tfs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "ptool/msg.h"
#include "ptool/sysroots.h"

#ifndef TRACEFS_MAGIC
#define TRACEFS_MAGIC 0x74726163
#endif

struct tfs {
	char *root;
};

static bool is_dir(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

/* a mounted tracefs has its own magic and always an "events" directory */
static bool is_tracefs(const char *p)
{
	struct statfs sf;
	char ev[4096];

	if (statfs(p, &sf) || sf.f_type != TRACEFS_MAGIC)
		return false;
	snprintf(ev, sizeof(ev), "%s/events", p);
	return is_dir(ev);
}

static struct tfs *new_tfs(const char *root)
{
	struct tfs *t = xcalloc(1, sizeof(*t));

	t->root = xstrdup(root);
	return t;
}

struct tfs *tfs_open(const char *root)
{
	static const char *const places[] = {
		"/sys/kernel/tracing",
		"/sys/kernel/debug/tracing",
	};

	if (!root)
		root = sysroots_tracefs();
	if (root) {
		if (!is_dir(root)) {
			errno = ENOENT;
			return NULL;
		}
		return new_tfs(root);
	}
	for (size_t i = 0; i < ARRAY_SIZE(places); i++) {
		if (is_tracefs(places[i])) {
			pr_debug("tracefs: using %s", places[i]);
			return new_tfs(places[i]);
		}
	}
	errno = ENOENT;
	return NULL;
}

int tfs_mount(void)
{
	if (mount("nodev", "/sys/kernel/tracing", "tracefs", 0, NULL)) {
		int err = errno;

		if (err == EBUSY && is_tracefs("/sys/kernel/tracing"))
			return 0;
		return -err;
	}
	pr_debug("tracefs: mounted on /sys/kernel/tracing");
	return 0;
}

struct tfs *tfs_open_mount(void)
{
	struct tfs *t = tfs_open(NULL);
	int err;

	if (t || errno != ENOENT || sysroots_tracefs())
		return t;
	if (geteuid() != 0) {
		errno = ENOENT;
		return NULL;
	}
	err = tfs_mount();
	if (err) {
		errno = -err;
		return NULL;
	}
	return tfs_open(NULL);
}

void tfs_free(struct tfs *t)
{
	if (!t)
		return;
	free(t->root);
	free(t);
}

const char *tfs_root(const struct tfs *t)
{
	return t->root;
}

char *tfs_path(const struct tfs *t, const char *rel)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s", t->root, rel);
	return strbuf_detach(&sb, NULL);
}

bool tfs_exists(const struct tfs *t, const char *rel)
{
	char *p = tfs_path(t, rel);
	bool ok = !access(p, F_OK);

	free(p);
	return ok;
}

long tfs_read(const struct tfs *t, const char *rel, struct strbuf *out)
{
	char *p = tfs_path(t, rel);
	long n = strbuf_read_file(out, p, 0);

	free(p);
	return n;
}

int tfs_write(const struct tfs *t, const char *rel, const char *data,
	      bool append)
{
	char *p = tfs_path(t, rel);
	int flags = O_WRONLY | O_CLOEXEC | (append ? O_APPEND : O_TRUNC);
	size_t len = strlen(data);
	ssize_t n;
	int fd, err = 0;

	fd = open(p, flags);
	free(p);
	if (fd < 0)
		return -errno;
	do {
		n = write(fd, data, len);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}
