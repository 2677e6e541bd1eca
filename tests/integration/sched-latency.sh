#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool sched latency against perf sched latency on the same recording:
# the whole table with each sort and -p; --hist's counts add up to the
# Switches column's delays.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sched.inc"
need_sched

work="$WORKLOADS/diffwork 2 & $WORKLOADS/diffwork 8 & $WORKLOADS/diffwork 5 & sleep 0.05; wait"
sched_record perf perf.data "$work"
sched_record ptool ptool.data "$work"

for f in perf.data ptool.data; do
	for a in "" "-p" "-s max" "-s runtime,switch" "-s pid" "-p -s max"; do
		"$PERF" sched latency -i $f $a > perf.out 2>/dev/null
		"$PTOOL" sched latency -i $f $a > ptool.out 2>ptool.err ||
			{ cat ptool.err; fail "ptool sched latency $a failed"; }
		diff -u perf.out ptool.out > d.diff || { head -30 d.diff; fail "latency [$a] on $f differs from perf"; }
	done
done
"$PTOOL" sched latency -i perf.data > ptool.out
# the recording is system-wide: other diffwork processes running at the
# time join the row, so it has at least the workload's three
assert_match "a diffwork row" '^  diffwork:\(([3-9]|[1-9][0-9]+)\) ' ptool.out
ok "latency tables are perf's"

# --hist-per-task: each row's histogram counts its Switches
"$PTOOL" sched latency -i perf.data --hist-per-task > hist.out || fail "--hist-per-task failed"
awk '/^  [^ ].*\|/ && !/TOTAL:|Task +\|/ { if (want != "" && got != want) bad = 1; split($0, f, "|"); want = f[3] + 0; got = 0; next }
     /^ +[0-9]+ -> [0-9]+ +:/ { got += $5 }
     END { if (want != "" && got != want) bad = 1; exit bad }' hist.out ||
	{ head -40 hist.out; fail "histogram counts differ from the Switches column"; }
"$PTOOL" sched latency -i perf.data --hist > hist.out || fail "--hist failed"
assert_match "overall histogram" 'usecs : count +distribution' hist.out
ok "--hist"

"$PTOOL" sched latency -i perf.data -s bogus > /dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "-s bogus: exit $rc, expected 2"
ok "errors"
