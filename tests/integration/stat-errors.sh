#!/usr/bin/env bash
# ptool stat's errors: event specs, options, targets.
. "$(dirname "$0")/lib.sh"

"$PTOOL" stat -e cyclez -- true 2>"$TMPD/e"
[ $? -eq 2 ] || fail "unknown event must exit 2, as in record"
assert_match "unknown event" "^ptool stat: unknown event 'cyclez' \(did you mean 'cycles'\?\)$" "$TMPD/e"
assert_match "list hint" "ptool list" "$TMPD/e"

"$PTOOL" stat -e cycles:x -- true 2>"$TMPD/e"
[ $? -eq 2 ] || fail "bad modifier must exit 2"
assert_match "syntax error" "^ptool stat: event syntax error: 'cycles:x'$" "$TMPD/e"
# the caret sits under the x
line=$(sed -n 2p "$TMPD/e")
col=$(( $(sed -n 1p "$TMPD/e" | grep -bo "'cycles:x'" | cut -d: -f1) + 8 ))
[ "${line:$col:1}" = "^" ] || fail "caret not under the bad modifier: '$line'"
assert_match "modifier named" "\^ unknown modifier 'x'$" "$TMPD/e"

"$PTOOL" stat -e '{cs,faults' -- true 2>"$TMPD/e"
[ $? -eq 2 ] || fail "unterminated group"
assert_match "group" "'\}' expected" "$TMPD/e"
"$PTOOL" stat -e nopmu/event=1/ -- true 2>"$TMPD/e"
assert_match "unknown pmu" "unknown PMU 'nopmu'" "$TMPD/e"
"$PTOOL" stat -e sched:no_such_tracepoint -- true 2>"$TMPD/e"
[ $? -eq 2 ] || fail "unknown tracepoint"
assert_match "unknown tracepoint" "unknown tracepoint 'sched:no_such_tracepoint'" "$TMPD/e"
# a near miss gets a suggestion, in stat and record alike, with the same status
if [ -d /sys/kernel/tracing/events/sched/sched_switch ] || [ -d /sys/kernel/debug/tracing/events/sched/sched_switch ]; then
	for c in stat record; do
		if [ $c = stat ]; then
			"$PTOOL" stat -e sched:sched_swich -- true >/dev/null 2>"$TMPD/e"
		else
			"$PTOOL" record -e sched:sched_swich -o "$TMPD/x.data" -- true >/dev/null 2>"$TMPD/e"
		fi
		rc=$?
		[ $rc -eq 2 ] || { cat "$TMPD/e"; fail "$c: unknown tracepoint exits $rc, want 2"; }
		assert_match "$c: did you mean" "^ptool $c: unknown tracepoint 'sched:sched_swich' \(did you mean 'sched:sched_switch'\?\)\$" "$TMPD/e"
	done
fi

usage() {
	local desc=$1; shift
	"$PTOOL" stat "$@" >/dev/null 2>"$TMPD/u"
	[ $? -eq 2 ] || fail "$desc: exit status $? (usage error 2 expected)"
	grep -q '^ptool stat: ' "$TMPD/u" || fail "$desc: no message"
}
usage "no command" -e cs
usage "-r 0" -r 0 -- true
usage "-I 5" -I 5 -- true
usage "-x and -j" -x, -j -- true
usage "-A without -a" -A -- true
usage "-p and -t" -p 1 -t 1
usage "-p -a, then -A" -p 1 -a -A
usage "-G without -a" -G / -- true
usage "bad option" --frobnicate -- true

"$PTOOL" stat -p 2147483646 -e cs 2>"$TMPD/e"
[ $? -eq 1 ] || fail "missing pid"
assert_match "missing pid" "no such process" "$TMPD/e"
"$PTOOL" stat -C 4095 -e cs -- true 2>"$TMPD/e"
[ $? -eq 1 ] || fail "offline cpu"
assert_match "cpu list" "not online" "$TMPD/e"
"$PTOOL" stat -a -G ptool-no-such-cgroup -e cs -- true 2>"$TMPD/e"
[ $? -eq 1 ] || fail "missing cgroup"
ok "errors"

# an unprivileged user under perf_event_paranoid >= 2: user space only, as
# perf falls back; system-wide is refused with advice
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null &&
   [ "$(cat /proc/sys/kernel/perf_event_paranoid)" -ge 2 ]; then
	asuser() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	asuser "$PTOOL" stat -e cs,task-clock -- true 2>"$TMPD/n" || { cat "$TMPD/n"; fail "unprivileged stat"; }
	assert_match "fell back to :u" '^ +[0-9]+ +cs:u ' "$TMPD/n"
	assert_match "task-clock:u" 'msec task-clock:u ' "$TMPD/n"
	asuser "$PTOOL" stat -a -e cs -- true 2>"$TMPD/n"
	[ $? -eq 1 ] || fail "unprivileged -a must fail"
	assert_match "paranoid advice" 'perf_event_paranoid = [0-9]' "$TMPD/n"
	assert_match "capability advice" 'CAP_PERFMON' "$TMPD/n"
	if [ "$(stat -c %a /sys/kernel/tracing 2>/dev/null)" = 700 ]; then
		asuser "$PTOOL" stat -e sched:sched_switch -- true 2>"$TMPD/n"
		[ $? -eq 1 ] || fail "unprivileged tracepoint"
		assert_match "tracefs permission" 'no permission to read tracefs' "$TMPD/n"
	fi
	ok "unprivileged"
fi
