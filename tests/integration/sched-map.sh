#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool sched map against perf sched map on perf's and ptool's recordings.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/sched.inc"
need_sched

work="$WORKLOADS/diffwork 3 & $WORKLOADS/diffwork 7 & sleep 0.05; wait"
sched_record perf perf.data "$work"
sched_record ptool ptool.data "$work"
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
