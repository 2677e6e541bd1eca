#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Event groups (-e '{a,b}'): perf report shows a group in one table, one
# overhead column per member; ptool report prints perf's lines, on perf's
# files and on ptool's.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-common.inc"
. "$(dirname "$0")/record.inc"
need_sampling
cd "$TMPD" || fail "no tmpdir"

for t in perf ptool; do
	bin=$PERF
	[ $t = ptool ] && bin=$PTOOL
	"$bin" record -q -e '{cpu-clock,task-clock,page-faults}' -e minor-faults \
		-o g-$t.data -- "$WORKLOADS/cpuloop" 0.3 >/dev/null 2>&1 ||
		fail "$t record of a group"
done
for t in perf ptool; do
	report_same g-$t.data "a group ($t's file)"
	grep -q "of events 'anon group { cpu-clock, task-clock, page-faults }'" ptool.out ||
		fail "no group header"
	report_same g-$t.data "-n ($t's file)" -n
	report_same g-$t.data "--no-group ($t's file)" --no-group
	report_same g-$t.data "--sort dso,sym ($t's file)" --sort dso,sym
	report_same g-$t.data "-q ($t's file)" -q
done
ok "group view as perf report's, grouped and not"
exit 0
