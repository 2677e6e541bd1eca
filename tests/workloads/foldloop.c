// SPDX-License-Identifier: GPL-2.0
/*
 * A CPU-bound workload with a fixed amount of work and a known call tree,
 * for comparing stacks: no system calls in its loop. Runs about N
 * milliseconds of work (argument, default 300):
 * main -> work -> { alpha -> leaf (~2/3), beta -> gamma -> leaf (~1/3) }.
 */
#include <stdio.h>
#include <stdlib.h>

static volatile unsigned long sink;

unsigned long leaf(unsigned long n);
unsigned long alpha(unsigned long n);
unsigned long gamma_(unsigned long n);
unsigned long beta(unsigned long n);
void work(unsigned long units);

unsigned long leaf(unsigned long n)
{
	unsigned long x = 0;

	for (unsigned long i = 0; i < n; i++)
		x += i * i ^ (x >> 5);
	return x;
}

unsigned long alpha(unsigned long n)
{
	return leaf(2 * n);
}

unsigned long gamma_(unsigned long n)
{
	return leaf(n);
}

unsigned long beta(unsigned long n)
{
	return gamma_(n);
}

void work(unsigned long units)
{
	for (unsigned long u = 0; u < units; u++) {
		sink += alpha(200000);
		sink += beta(200000);
	}
}

int main(int argc, char **argv)
{
	long ms = argc > 1 ? atol(argv[1]) : 300;

	work(ms > 0 ? (unsigned long)ms : 1);
	printf("foldloop: done (%lu)\n", sink & 0xff);
	return 0;
}
