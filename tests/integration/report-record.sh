#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Files written by ptool record: ptool report and perf report agree.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-common.inc"
need_perf
can_open cpu-clock || skip "cannot open cpu-clock events"
need_workloads cpuloop

cd "$TMPD"
if ! "$PTOOL" record -q -g -o pt.data "$WORKLOADS/cpuloop" 1 >/dev/null 2>rec.err; then
	cat rec.err
	grep -q 'not available in this build' rec.err && skip "ptool record is not available"
	fail "ptool record -g failed"
fi
for mode in "" "--no-children" "--sort dso"; do
	"$PERF" report -i pt.data --stdio $mode > perf.out 2>perf.err ||
		{ cat perf.err; fail "perf cannot read ptool's file"; }
	"$PTOOL" report -i pt.data $mode > ptool.out 2>ptool.err ||
		{ cat ptool.err; fail "ptool report $mode failed"; }
	compare_pct "ptool record -g [$mode]" perf.out ptool.out 0.5
done
grep -q '\[\.\] hot' ptool.out || grep -q 'cpuloop' ptool.out || fail "no cpuloop entry"
ok "ptool record -g: same report in ptool and perf"

if "$PTOOL" record -q --call-graph dwarf -o ptdw.data "$WORKLOADS/rtree" 1 >/dev/null 2>rec.err; then
	"$PERF" report -i ptdw.data --stdio > perf.out 2>/dev/null ||
		fail "perf cannot read ptool's dwarf file"
	"$PTOOL" report -i ptdw.data > ptool.out 2>ptool.err ||
		{ cat ptool.err; fail "ptool report (dwarf) failed"; }
	compare_pct "ptool record --call-graph dwarf" perf.out ptool.out 0.5
	ok "ptool record --call-graph dwarf: same report"
else
	cat rec.err
	echo "note: ptool record --call-graph dwarf failed; DWARF part not checked"
fi
