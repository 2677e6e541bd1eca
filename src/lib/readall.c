// SPDX-License-Identifier: GPL-2.0
#include "ptool/readall.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

/* @at: pread(2) at @off rather than read(2) */
static ssize_t read_loop(int fd, void *buf, size_t len, bool at, uint64_t off)
{
	size_t done = 0;

	while (done < len) {
		char *dst = (char *)buf + done;
		ssize_t n = at ? pread(fd, dst, len - done, (off_t)(off + done))
			       : read(fd, dst, len - done);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		done += (size_t)n;
	}
	return (ssize_t)done;
}

ssize_t read_all(int fd, void *buf, size_t len)
{
	return read_loop(fd, buf, len, false, 0);
}

ssize_t pread_all(int fd, void *buf, size_t len, uint64_t off)
{
	return read_loop(fd, buf, len, true, off);
}

int open_regular(const char *path)
{
	struct stat st;
	/* O_NONBLOCK: opening a FIFO returns at once (then fails the check) */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	/* reads of a regular file ignore it, but keep the descriptor plain */
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	return fd;
}

ssize_t read_once(int fd, void *buf, size_t len)
{
	ssize_t n;

	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}
