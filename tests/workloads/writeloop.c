// SPDX-License-Identifier: GPL-2.0
/*
 * write(2) one byte to /dev/null in a tight loop: a tracepoint
 * (syscalls:sys_enter_write) that fires as fast as the machine allows.
 * Usage: writeloop [count] (default 100000)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100000;
	int fd = open("/dev/null", O_WRONLY);
	long done = 0;

	if (fd < 0) {
		perror("/dev/null");
		return 1;
	}
	for (long i = 0; i < n; i++)
		done += write(fd, "x", 1) == 1;
	close(fd);
	printf("writeloop: %ld writes\n", done);
	return done == n ? 0 : 1;
}
