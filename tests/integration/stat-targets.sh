#!/usr/bin/env bash
# ptool stat -a, -C, -A, -p (ended by SIGINT), -t, -G.
. "$(dirname "$0")/lib.sh"
need_root
ncpu=$(getconf _NPROCESSORS_ONLN)

"$PTOOL" stat -a -e cpu-clock,cs -- sleep 0.2 2>"$TMPD/a" || fail "-a"
assert_match "-a header" "^ Performance counter stats for 'system wide':$" "$TMPD/a"
util=$(awk '$3 == "cpu-clock" { print $5 }' "$TMPD/a")
# cpu-clock runs on every cpu for the whole time, busy or not
awk -v u="$util" -v n="$ncpu" 'BEGIN { exit !(u > 0.8 * n && u < 1.2 * n) }' ||
	fail "-a: $util CPUs utilized with $ncpu cpus"
assert_no_match "-a: no user/sys" 'seconds user' "$TMPD/a"
ok "-a: $util CPUs utilized"

"$PTOOL" stat -C 0 -e cs -- sleep 0.1 2>"$TMPD/c" || fail "-C 0"
assert_match "-C header" "^ Performance counter stats for 'CPU\(s\) 0':$" "$TMPD/c"
"$PTOOL" stat -a -A -x, -e cs -- sleep 0.1 2>"$TMPD/A" || fail "-A"
[ "$(grep -c '^CPU[0-9]*,' "$TMPD/A")" -eq "$ncpu" ] || fail "-A: one row per cpu"
"$PTOOL" stat -a --per-cpu -e cs -- sleep 0.1 2>"$TMPD/A2" || fail "--per-cpu"
assert_match "--per-cpu row" '^CPU0 +[0-9,]+ +cs ' "$TMPD/A2"
ok "-C, -A"

# --per-socket/die/core/node: perf's layout, one row per aggregate and event
if [ -n "$PERF" ]; then
	norm() { sed -E 's/ *[0-9][0-9.,]*/ N/g; s/ [KMG]?\/sec/ \/sec/; s/ +$//'; }
	for m in socket die core node; do
		"$PERF" stat --per-$m -a -e cs,cpu-clock -- sleep 0.05 2>&1 >/dev/null | norm >"$TMPD/pa"
		"$PTOOL" stat --per-$m -a -e cs,cpu-clock -- sleep 0.05 2>&1 >/dev/null | norm >"$TMPD/sa"
		diff "$TMPD/pa" "$TMPD/sa" || fail "--per-$m differs from perf"
	done
	ok "--per-socket, --per-die, --per-core, --per-node as perf"
fi

# -p on a running process, ended with SIGINT: still prints the counts
sleep 30 &
victim=$!
trap 'kill $victim 2>/dev/null; rm -rf "$TMPD"' EXIT
"$PTOOL" stat -p "$victim" -e task-clock,cs 2>"$TMPD/p" &
st=$!
wait_caught $st
sleep 0.5
kill -INT $st
wait $st
rc=$?
[ $rc -eq 0 ] || fail "-p with SIGINT: exit $rc"
assert_match "-p header" "^ Performance counter stats for process id '$victim':$" "$TMPD/p"
assert_match "-p row" ' task-clock' "$TMPD/p"
assert_match "-p elapsed" 'seconds time elapsed' "$TMPD/p"
kill -0 $victim || fail "the measured process must survive"
"$PTOOL" stat -t "$victim" -e cs -- sleep 0.1 2>"$TMPD/t" || fail "-t"
assert_match "-t header" "thread id '$victim'" "$TMPD/t"
kill $victim
ok "-p with SIGINT, -t"

# -p ends by itself when the process exits (even before it is reaped)
sleep 0.3 &
short=$!
timeout 20 "$PTOOL" stat -p "$short" -e cs 2>"$TMPD/pe"
rc=$?
[ $rc -eq 0 ] || fail "-p of an exiting process: exit $rc (124: it did not end)"
assert_match "-p end" 'seconds time elapsed' "$TMPD/pe"
wait $short
ok "-p ends with its process"

# a workload interrupted by Ctrl-C (SIGINT to the whole process group)
setsid bash -c "\"$PTOOL\" stat -e task-clock -- sleep 30 2>\"$TMPD/i\"" &
sid=$!
# until the workload runs (ptool's handlers are set by then)
for _ in $(seq 200); do pgrep -s $sid -x sleep >/dev/null && break; sleep 0.05; done
sleep 0.2
kill -INT -- -$sid 2>/dev/null || kill -INT $sid
wait $sid
assert_match "Ctrl-C still prints" 'task-clock' "$TMPD/i"
ok "Ctrl-C"

if [ -d /sys/fs/cgroup/unified ] || [ -f /sys/fs/cgroup/cgroup.procs ]; then
	"$PTOOL" stat -a -G / -x, -e cs -- sleep 0.1 2>"$TMPD/g" || fail "-G /"
	awk -F, '$3 == "cs" && $4 == "/" { f = 1 } END { exit !f }' "$TMPD/g" ||
		{ cat "$TMPD/g"; fail "-G / row"; }
	ok "-G"
fi
