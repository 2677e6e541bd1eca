#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# DWARF unwinding through a signal frame: a handler runs on top of the
# interrupted code, and the chain goes through the kernel's sigreturn
# trampoline back into it. perf names the trampoline's return address
# "[unknown]" (no symbol covers __restore_rt - 1) and expands no inline
# frames there; ptool must print the same frames as perf, sample by sample.
. "$(dirname "$0")/lib.sh"
need_perf
need_root
command -v cc >/dev/null || skip "no C compiler"
command -v python3 >/dev/null || skip "python3 is not installed"

cat >"$TMPD/sig.c" <<'C'
#include <signal.h>
#include <sys/time.h>
static volatile long sink;
__attribute__((noinline)) static void spin(long n)
{
	for (long i = 0; i < n; i++)
		sink += i;
}
static void handler(int sig)
{
	(void)sig;
	spin(2000000);
}
__attribute__((noinline)) static void outer(long n)
{
	for (long i = 0; i < n; i++)
		sink ^= i * 3;
}
int main(void)
{
	struct itimerval it = { { 0, 20000 }, { 0, 20000 } };

	signal(SIGALRM, handler);
	setitimer(ITIMER_REAL, &it, 0);
	for (int k = 0; k < 20; k++)
		outer(20000000);
	return 0;
}
C
cc -O2 -g -o "$TMPD/sig" "$TMPD/sig.c" || fail "cannot build the workload"
"$PERF" record -q --call-graph dwarf -F 999 -o "$TMPD/s.data" -- "$TMPD/sig" \
	>/dev/null 2>"$TMPD/err" || { cat "$TMPD/err"; skip "perf record --call-graph dwarf does not work here"; }
"$PERF" script -i "$TMPD/s.data" >"$TMPD/perf.txt" 2>/dev/null
"$PTOOL" script -i "$TMPD/s.data" >"$TMPD/ptool.txt" || fail "ptool script failed"
grep -q '\[unknown\] (/.*libc' "$TMPD/perf.txt" ||
	echo "note: no sample went through the signal trampoline"
python3 "$(dirname "$0")/frames-cmp.py" --min 99 --labels perf,ptool \
	"$TMPD/perf.txt" "$TMPD/ptool.txt" || fail "frames differ from perf's through signal frames"
ok "signal frames: the same frames as perf"
