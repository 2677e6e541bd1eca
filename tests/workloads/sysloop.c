// SPDX-License-Identifier: GPL-2.0
/*
 * A workload with a known number of each of several system calls, for
 * `ptool trace`: 1000 write(2) of one byte to /dev/null, 200 openat(2) of a
 * file that does not exist (ENOENT), 50 mmap(2)/munmap(2) pairs of seven
 * anonymous pages (28672 bytes), 20 lseek(2) with SEEK_END and 10 access(2)
 * with W_OK.
 * With "wait", it first blocks reading its standard input until EOF, so a
 * tracer can attach with -p before the calls start; with "forever" it
 * repeats a write and a 10 ms nanosleep until killed; with "threads", two
 * threads each make 500 write(2) and 100 lseek(2) (SEEK_CUR) instead.
 */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static int null_fd;

static void *writer(void *arg)
{
	char c = 'y';

	(void)arg;
	for (int i = 0; i < 500; i++)
		if (write(null_fd, &c, 1) != 1)
			return arg;
	for (int i = 0; i < 100; i++)
		lseek(null_fd, 0, SEEK_CUR);
	return NULL;
}

static int threads(void)
{
	pthread_t t[2];

	null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (null_fd < 0)
		return 1;
	for (int i = 0; i < 2; i++)
		if (pthread_create(&t[i], NULL, writer, NULL))
			return 1;
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	return 0;
}

int main(int argc, char **argv)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	char c = 'x', buf[64];
	int fd;

	if (argc > 1 && !strcmp(argv[1], "forever")) {
		fd = open("/dev/null", O_WRONLY);
		for (;;) {
			if (write(fd, &c, 1) != 1)
				return 1;
			nanosleep(&ts, NULL);
		}
	}
	if (argc > 1 && !strcmp(argv[1], "threads"))
		return threads();
	if (argc > 1 && !strcmp(argv[1], "wait"))
		while (read(0, buf, sizeof(buf)) > 0)
			;
	fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return 1;
	for (int i = 0; i < 1000; i++)
		if (write(fd, &c, 1) != 1)
			return 1;
	for (int i = 0; i < 200; i++)
		if (openat(AT_FDCWD, "/nonexistent/ptool-sysloop",
			   O_RDONLY | O_CLOEXEC) >= 0)
			return 1;
	for (int i = 0; i < 50; i++) {
		void *p = mmap(NULL, 7 * 4096, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED || munmap(p, 7 * 4096))
			return 1;
	}
	for (int i = 0; i < 20; i++)
		lseek(fd, 0, SEEK_END);
	for (int i = 0; i < 10; i++)
		access("/nonexistent/ptool-sysloop", W_OK);
	close(fd);
	return 0;
}
