// SPDX-License-Identifier: GPL-2.0
/*
 * Touch N fresh anonymous pages (default 10000), one write each: at least
 * N page faults. Exits with the status given as second argument (default 0).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 10000;
	int status = argc > 2 ? atoi(argv[2]) : 0;
	long pg = sysconf(_SC_PAGESIZE);
	char *p;

	p = mmap(NULL, (size_t)(n * pg), PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	for (long i = 0; i < n; i++)
		p[i * pg] = 1;
	munmap(p, (size_t)(n * pg));
	return status;
}
