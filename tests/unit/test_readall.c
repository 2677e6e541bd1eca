// SPDX-License-Identifier: GPL-2.0
/*
 * read_all() and pread_all(): a pipe that delivers its bytes in pieces
 * while signals interrupt the reader, the end of a file, offsets, errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "ptool/readall.h"

static volatile sig_atomic_t nr_alarms;

static void on_alarm(int sig)
{
	(void)sig;
	nr_alarms++;
}

static void pause_ms(long ms)
{
	struct timespec ts = { 0, ms * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/*
 * A child writes 4000 bytes in pieces with pauses while a timer
 * interrupts the parent's reads (no SA_RESTART): read_all() returns all
 * of them, then the rest up to the end of the pipe.
 */
static void test_pipe_pieces(void **state)
{
	static const size_t pieces[] = { 1, 7, 500, 1492, 2000 };
	struct sigaction sa, old;
	struct itimerval it = { { 0, 2000 }, { 0, 2000 } }, off = { 0 };
	unsigned char want[4000], got[4100];
	int fds[2], status;
	pid_t pid;
	ssize_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(want); i++)
		want[i] = (unsigned char)(i * 31 + 7);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		size_t pos = 0;

		close(fds[0]);
		for (size_t i = 0; i < sizeof(pieces) / sizeof(*pieces); i++) {
			pause_ms(10);
			if (write(fds[1], want + pos, pieces[i]) !=
			    (ssize_t)pieces[i])
				_exit(1);
			pos += pieces[i];
		}
		_exit(0);
	}
	close(fds[1]);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGALRM, &sa, &old), 0);
	nr_alarms = 0;
	assert_int_equal(setitimer(ITIMER_REAL, &it, NULL), 0);
	n = read_all(fds[0], got, 3000);
	assert_int_equal(n, 3000);
	assert_memory_equal(got, want, 3000);
	/* the rest: 1000 bytes, then the end of the pipe */
	n = read_all(fds[0], got, sizeof(got));
	setitimer(ITIMER_REAL, &off, NULL);
	sigaction(SIGALRM, &old, NULL);
	assert_int_equal(n, 1000);
	assert_memory_equal(got, want + 3000, 1000);
	assert_int_equal(read_all(fds[0], got, 10), 0);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static void test_file(void **state)
{
	char path[] = "/tmp/ptool-test-readall.XXXXXX";
	unsigned char want[10000], got[10000];
	int fd;

	(void)state;
	for (size_t i = 0; i < sizeof(want); i++)
		want[i] = (unsigned char)(i ^ (i >> 8));
	fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(write(fd, want, sizeof(want)), sizeof(want));
	/* pread_all() leaves the position at the end of the file */
	assert_int_equal(pread_all(fd, got, 100, 9000), 100);
	assert_memory_equal(got, want + 9000, 100);
	assert_int_equal(read_all(fd, got, 10), 0);
	/* cut short by the end of the file; nothing past it */
	assert_int_equal(pread_all(fd, got, 500, 9800), 200);
	assert_memory_equal(got, want + 9800, 200);
	assert_int_equal(pread_all(fd, got, 500, 20000), 0);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(read_all(fd, got, sizeof(got)), sizeof(got));
	assert_memory_equal(got, want, sizeof(want));
	/* zero bytes asked: nothing read */
	assert_int_equal(read_all(fd, got, 0), 0);
	close(fd);
}

static void test_errors(void **state)
{
	char c;
	int fds[2];

	(void)state;
	assert_int_equal(read_all(-1, &c, 1), -EBADF);
	assert_int_equal(pread_all(-1, &c, 1, 0), -EBADF);
	/* a pipe cannot be read at an offset */
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(pread_all(fds[0], &c, 1, 0), -ESPIPE);
	/* nothing to read yet without blocking */
	assert_int_equal(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
	assert_int_equal(read_all(fds[0], &c, 1), -EAGAIN);
	close(fds[0]);
	close(fds[1]);
}

/* one read: what is there now, never a second read for the rest */
static void test_once(void **state)
{
	char got[8] = { 0 };
	int fds[2];

	(void)state;
	assert_int_equal(read_once(-1, got, 1), -EBADF);
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "abc", 3), 3);
	assert_int_equal(read_once(fds[0], got, 2), 2);
	assert_memory_equal(got, "ab", 2);
	/* the writer is still open: a read for more would block */
	assert_int_equal(read_once(fds[0], got, sizeof(got)), 1);
	assert_int_equal(got[0], 'c');
	assert_int_equal(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
	assert_int_equal(read_once(fds[0], got, 1), -EAGAIN);
	close(fds[1]);
	assert_int_equal(read_once(fds[0], got, 1), 0);
	close(fds[0]);
}

/* only regular files: a FIFO, a device or a directory fails at once */
static void test_open_regular(void **state)
{
	char dir[] = "/tmp/ptool-openreg-XXXXXX", path[64], fifo[64];
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/file", dir);
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "x", 1), 1);
	close(fd);
	fd = open_regular(path);
	assert_true(fd >= 0);
	/* a plain descriptor: O_NONBLOCK is gone */
	assert_int_equal(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
	close(fd);
	/* no writer: a blocking open would never return */
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(open_regular(fifo), -EINVAL);
	assert_int_equal(open_regular("/dev/zero"), -EINVAL);
	assert_int_equal(open_regular(dir), -EINVAL);
	assert_int_equal(open_regular("/nonexistent/x"), -ENOENT);
	unlink(fifo);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipe_pieces),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_once),
		cmocka_unit_test(test_open_regular),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
