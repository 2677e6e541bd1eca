#!/usr/bin/env bash
# ptool stat -I: perf's interval layout.
. "$(dirname "$0")/lib.sh"

"$PTOOL" stat -I 100 -e task-clock,cs -- sleep 0.55 2>"$TMPD/i" || fail "-I"
assert_match "header" '^#           time             counts unit events$' "$TMPD/i"
assert_no_match "no summary" 'Performance counter stats' "$TMPD/i"
n=$(grep -c 'task-clock' "$TMPD/i")
# five full intervals and the last partial one; a loaded machine may lose one
[ "$n" -ge 5 ] && [ "$n" -le 7 ] || { cat "$TMPD/i"; fail "$n intervals"; }
awk '/task-clock|cs/ && $1 !~ /^[0-9]+\.[0-9]{9}$/ { exit 1 }' "$TMPD/i" || fail "timestamps"
ok "-I 100: $n intervals"

"$PTOOL" stat -I 100 -x, -e cs -- sleep 0.25 2>"$TMPD/c" || fail "-I -x,"
awk -F, 'NF != 8 || $4 != "cs" { exit 1 }' "$TMPD/c" || { cat "$TMPD/c"; fail "interval CSV"; }
"$PTOOL" stat -I 100 -j -e cs -- sleep 0.15 2>"$TMPD/j" || fail "-I -j"
python3 -c 'import json,sys; [json.loads(l)["interval"] for l in open(sys.argv[1])]' "$TMPD/j" ||
	fail "interval JSON"

if [ "$(id -u)" -eq 0 ]; then
	"$PTOOL" stat -a -I 50 --interval-count 3 -e cs 2>"$TMPD/n" || fail "--interval-count"
	[ "$(grep -c ' cs ' "$TMPD/n")" -eq 3 ] || { cat "$TMPD/n"; fail "--interval-count 3"; }
fi
ok "interval CSV, JSON, count"

# --interval-count with a workload: perf prints that many intervals, then
# waits for the workload to end by itself and prints nothing more
CPU=$WORKLOADS/cpuloop
[ -x "$CPU" ] || fail "missing workload cpuloop"
"$PTOOL" stat -I 100 --interval-count 2 -e task-clock -- "$CPU" 0.6 \
	>"$TMPD/cnt.out" 2>"$TMPD/cnt" || fail "--interval-count with a workload"
grep -q '^cpuloop: done' "$TMPD/cnt.out" || fail "the workload did not run to its end"
assert_no_match "not terminated" 'Terminated' "$TMPD/cnt"
[ "$(grep -c ' task-clock ' "$TMPD/cnt")" -eq 2 ] || { cat "$TMPD/cnt"; fail "two intervals"; }
if [ -n "$PERF" ]; then
	"$PERF" stat -I 100 --interval-count 2 -e task-clock -- "$CPU" 0.6 \
		>"$TMPD/pcnt.out" 2>"$TMPD/pcnt" || fail "perf --interval-count"
	grep -q '^cpuloop: done' "$TMPD/pcnt.out" || fail "perf ended the workload"
	mask='s/[0-9][0-9.,]*/N/g; s/ +/ /g'
	diff <(sed -E "$mask" "$TMPD/pcnt") <(sed -E "$mask" "$TMPD/cnt") ||
		fail "--interval-count output differs from perf's"
fi
"$PTOOL" stat -I 100 --interval-count 1 -e task-clock -- sh -c 'sleep 0.3; exit 3' 2>/dev/null
[ $? -eq 3 ] || fail "--interval-count: the workload's exit status"
ok "--interval-count waits for the workload, as perf"

# "CPUs utilized" of every interval, the last partial one too, is over the
# nominal interval (perf's walltime_nsecs_stats = interval)
check_cpus() {
	awk '/task-clock/ {
		msec = $2; gsub(",", "", msec)
		# the count is printed rounded: one unit of the last digit
		d = $6 - msec / 100
		if (d > 0.0011 || d < -0.0011) { print "line " NR ": " $6 " for " msec; bad = 1 }
		n++
	} END { exit bad || n < 2 }' "$1"
}
"$PTOOL" stat -I 100 -e task-clock -- "$CPU" 0.25 2>"$TMPD/cu" >/dev/null || fail "-I cpuloop"
check_cpus "$TMPD/cu" || { cat "$TMPD/cu"; fail "CPUs utilized is not count / interval"; }
if [ -n "$PERF" ]; then
	"$PERF" stat -I 100 -e task-clock -- "$CPU" 0.25 2>"$TMPD/pcu" >/dev/null
	check_cpus "$TMPD/pcu" || { cat "$TMPD/pcu"; fail "perf's rule is not count / interval"; }
fi
ok "CPUs utilized over the nominal interval, as perf"
