#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool trace on bad input: one clear line and a non-zero exit, never a
# crash or a hang: an unknown syscall in -e (with a did-you-mean), an event
# that is not a syscall, a pid that does not exist or exits at once, a -i
# file that is not a perf.data file or has no syscall events, a workload
# that cannot run.
. "$(dirname "$0")/lib.sh"
cd "$TMPD"

one_line() {
	local desc=$1 re=$2
	# one message, and for a usage error the hint to -h
	grep -v "^Run 'ptool trace -h'" "$TMPD/ef.err" > "$TMPD/ef.msg"
	[ "$(wc -l < "$TMPD/ef.msg")" = 1 ] || fail "$desc: not one line"
	grep -Eq -- "$re" "$TMPD/ef.msg" || fail "$desc: /$re/ not in the message"
}

expect_fail "unknown syscall" "$PTOOL" trace -e opnat -- true
one_line "unknown syscall" "^ptool trace: unknown syscall 'opnat'; did you mean 'openat'\?"
"$PTOOL" trace -e opnat -- true 2>/dev/null; [ $? = 2 ] || fail "unknown syscall: exit status not 2"
expect_fail "unknown syscall, no hint" "$PTOOL" trace -e 'zzzzzzzzzzqq' -- true
one_line "no hint" "unknown syscall 'zzzzzzzzzzqq'$"
expect_fail "an event, not a syscall" "$PTOOL" trace -e sched:sched_switch -- true
one_line "event" "'sched:sched_switch' is not a syscall"
expect_fail "bad duration" "$PTOOL" trace --duration=-1 -- true
expect_fail "-i with a command" "$PTOOL" trace -i x.data -- true
one_line "-i with a command" "-i replays a file"

need_root
[ -e /sys/kernel/tracing/events/raw_syscalls/sys_enter ] || skip "no raw_syscalls tracepoints"
expect_fail "no such pid" "$PTOOL" trace -p 2147483646
one_line "no such pid" "no such process in '2147483646'"
sleep 0 & gone=$!
wait $gone
expect_fail "pid that exited" "$PTOOL" trace -p $gone
one_line "pid that exited" "no such process"
expect_fail "bad pid list" "$PTOOL" trace -p 12x
expect_fail "missing command" "$PTOOL" trace -- /nonexistent/cmd
one_line "missing command" "cannot run '/nonexistent/cmd'"
"$PTOOL" trace -- /nonexistent/cmd 2>/dev/null; [ $? = 127 ] || fail "missing command: exit not 127"

echo 'not a perf.data file, not at all, no' > junk.data
expect_fail "junk -i" "$PTOOL" trace -i junk.data
one_line "junk -i" "junk.data"
expect_fail "missing -i" "$PTOOL" trace -i nothere.data
one_line "missing -i" "nothere.data"
"$PTOOL" record -q -e dummy -o nosc.data -- true 2>/dev/null ||
	"$PTOOL" record -q -e cpu-clock -o nosc.data -- true || fail "record failed"
expect_fail "-i without syscalls" "$PTOOL" trace -i nosc.data
one_line "-i without syscalls" "has no raw_syscalls:sys_enter/sys_exit events"
ok "bad input gives one line and a non-zero exit"
