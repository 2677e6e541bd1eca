// SPDX-License-Identifier: GPL-2.0
/*
 * N threads (default 3) besides main, each named "worker-<i>" and touching
 * P fresh pages (default 100, one page fault each), then all sleep S
 * seconds (default 0) before exiting: per-thread and inherited counts.
 * Usage: stat_threads [threads] [pages] [seconds]
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static long pages = 100;
static double secs;

static void *work(void *arg)
{
	long pg = sysconf(_SC_PAGESIZE);
	char name[16], *p;

	snprintf(name, sizeof(name), "worker-%ld", (long)arg);
	pthread_setname_np(pthread_self(), name);
	p = mmap(NULL, (size_t)(pages * pg), PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	for (long i = 0; i < pages; i++)
		p[i * pg] = 1;
	if (secs > 0)
		usleep((useconds_t)(secs * 1e6));
	munmap(p, (size_t)(pages * pg));
	return NULL;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 3;
	pthread_t *t;

	pages = argc > 2 ? atol(argv[2]) : 100;
	secs = argc > 3 ? atof(argv[3]) : 0;
	if (n < 0 || n > 64 || pages < 0)
		return 2;
	t = calloc((size_t)n + 1, sizeof(*t));
	for (long i = 0; i < n; i++)
		pthread_create(&t[i], NULL, work, (void *)i);
	for (long i = 0; i < n; i++)
		pthread_join(t[i], NULL);
	free(t);
	return 0;
}
