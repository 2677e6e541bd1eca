// SPDX-License-Identifier: GPL-2.0
/*
 * A workload for hostile-ELF tests (tests/integration/hostile-elf.sh): spends
 * its time in hostile_hot() for about the seconds given (default 0.3).
 *   hostile_hot SECS            loop in hostile_hot()
 *   hostile_hot SECS CODEFILE   also run raw x86-64 code mapped from CODEFILE
 *                               (a non-ELF file mapped executable); "-" for
 *                               none. Later arguments are ignored (long argv).
 * HOSTILE_COMM=NAME in the environment sets the comm with PR_SET_NAME first.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long sink;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

unsigned long hostile_hot(unsigned long n);

unsigned long hostile_hot(unsigned long n)
{
	unsigned long x = 0;

	for (unsigned long i = 0; i < n; i++)
		x += i * i ^ (x >> 3);
	return x;
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 0.3;
	double end = now() + secs;
	void (*code)(unsigned long) = NULL;

	if (getenv("HOSTILE_COMM"))
		prctl(PR_SET_NAME, getenv("HOSTILE_COMM"), 0, 0, 0);
	if (argc > 2 && strcmp(argv[2], "-")) {
#if defined(__x86_64__)
		int fd = open(argv[2], O_RDONLY);
		void *p = fd < 0 ? MAP_FAILED :
			mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);

		if (p == MAP_FAILED) {
			perror(argv[2]);
			return 1;
		}
		code = (void (*)(unsigned long))p;
#else
		fprintf(stderr, "hostile_hot: raw code needs x86-64\n");
		return 2;
#endif
	}
	while (now() < end) {
		sink += hostile_hot(200000);
		if (code)
			code(2000000);
	}
	printf("hostile_hot: done (%lu)\n", sink & 0xff);
	return 0;
}
