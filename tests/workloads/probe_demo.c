// SPDX-License-Identifier: GPL-2.0
/*
 * The probe example: main loops five times over work() and usleep().
 * tests/integration/probe-*.sh probe its lines by relative number
 * (ptool probe -L main), so keep the layout of main stable.
 */
#include <stdio.h>
#include <unistd.h>

struct pt {
	int x;
	long y;
};

int work(int n)
{
	int i, s = 0;

	for (i = 0; i < n; i++)
		s += i & 7;
	return s;
}

int main(int argc, char **argv)
{
	long total = 0;
	struct pt p = { 3, 4 };
	int k;

	for (k = 0; k < 5; k++) {
		total += work(1000000);
		usleep(1000);
	}
	printf("%ld %d %ld\n", total, p.x, p.y);
	return 0;
}
