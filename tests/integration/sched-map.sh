#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool sched map against perf sched map on perf's and ptool's recordings.
. "$(dirname "$0")/lib.sh"
need_perf
need_root
[ -e /sys/kernel/tracing/events/sched/sched_switch ] ||
	[ -e /sys/kernel/debug/tracing/events/sched/sched_switch ] || skip "no sched tracepoints"
[ -x "$WORKLOADS/diffwork" ] || fail "missing workload diffwork"

cd "$TMPD"
work="$WORKLOADS/diffwork 3 & $WORKLOADS/diffwork 7 & sleep 0.05; wait"
"$PERF" sched record -o perf.data -- sh -c "$work" >/dev/null 2>rec.err ||
	{ cat rec.err; skip "perf sched record failed"; }
"$PTOOL" sched record -o ptool.data -- sh -c "$work" >/dev/null 2>rec.err ||
	{ cat rec.err; fail "ptool sched record failed"; }
for f in perf.data ptool.data; do
	for a in "" "--compact"; do
		"$PERF" sched map -i $f $a > perf.out 2>/dev/null
		"$PTOOL" sched map -i $f $a > ptool.out 2>ptool.err ||
			{ cat ptool.err; fail "ptool sched map $a failed"; }
		diff -u perf.out ptool.out > d.diff || { head -30 d.diff; fail "map [$a] on $f differs from perf"; }
	done
done
assert_match "diffwork is named" ' => diffwork:[0-9]+$' ptool.out
ok "sched map is perf's"
