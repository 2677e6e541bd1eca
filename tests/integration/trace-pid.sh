#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool trace -p on a running process: every call after the attach, the
# end when the process exits; Ctrl-C (SIGINT) ends a trace of a process
# that goes on, with exit 0 and the lines up to then.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/trace.inc"
cd "$TMPD"

mkfifo go
"$SYSLOOP" wait < go & wl=$!
exec 3> go
"$PTOOL" trace -s -p $wl -o p.out 2> p.err 3>&- & tr=$!
wait_attached $tr
exec 3>&-		# EOF: the workload makes its calls and exits
wait $wl || fail "sysloop failed"
wait $tr || { cat p.err; fail "ptool trace -p failed"; }
[ "$(row write p.out)" = "1000 0" ] || { cat p.out; fail "-p: write $(row write p.out), want 1000 0"; }
[ "$(row lseek p.out)" = "20 0" ] || fail "-p: lseek $(row lseek p.out)"
assert_match "-p: the thread's name" '^ sysloop \('$wl'\), ' p.out
ok "trace -p: every call of the attached process, ends with it"

"$SYSLOOP" forever & wl=$!
"$PTOOL" trace -e write,nanosleep,clock_nanosleep -p $wl 2> f.err & tr=$!
wait_attached $tr
sleep 0.3
kill -INT $tr
wait $tr || { tail f.err; fail "ptool trace -p ended by SIGINT: non-zero exit"; }
kill $wl; wait $wl 2>/dev/null
assert_match "-p forever: writes" "sysloop/$wl write\(fd: 3[^,]*, buf: 0x[0-9a-f]+, count: 1\) += 1$" f.err
assert_match "-p forever: sleeps" "sysloop/$wl (clock_)?nanosleep\(" f.err
ok "trace -p ends on SIGINT with the lines so far"

# a process that exits right after the attach: the trace ends with it
sleep 0.3 & sl=$!
timeout 20 "$PTOOL" trace -p $sl 2> s.err || { cat s.err; fail "trace -p of a short-lived process failed or hung"; }
assert_match "-p sleep: its last call" 'exit_group\(' s.err
ok "trace -p of a process that exits at once ends with it"

# the command's exit status is ptool trace's
"$PTOOL" trace -s -- sh -c 'exit 3' 2>/dev/null
[ $? = 3 ] || fail "trace -- sh -c 'exit 3': status not 3"
ok "trace returns the command's exit status"
