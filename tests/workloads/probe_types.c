// SPDX-License-Identifier: GPL-2.0
/*
 * Variables of many C types, for the fetch types of ptool probe
 * (tests/integration/probe-types.sh compares them with perf probe's).
 */
#include <stdbool.h>
#include <stdio.h>

enum color { RED, GREEN, BLUE };

struct flags {
	unsigned int a : 3;
	unsigned int b : 5;
	int c;
};

struct big {
	long v[4];
};

static volatile long sink;

__attribute__((noinline)) long
types(long sl, unsigned long ul, char c, unsigned char uc, short s,
      unsigned short us, int i, unsigned int ui, bool b, double d,
      const char *str, int *ptr, enum color col, struct flags *fl,
      struct big bg)
{
	char arr[8] = "abc";

	sink = arr[0] + sl + (long)ul + c + uc + s + us + i + ui + b +
	       (long)d + str[0] + *ptr + col + fl->a + fl->b + bg.v[1];
	return sink;
}

int main(void)
{
	struct flags fl = { 5, 17, -3 };
	struct big bg = { { 1, 2, 3, 4 } };
	int x = 7;

	printf("%ld\n", types(-200000, 200000, 'c', 200, -3, 3, -7, 7, true,
			      2.5, "hello", &x, BLUE, &fl, bg));
	return 0;
}
