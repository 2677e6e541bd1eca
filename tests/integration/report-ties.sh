#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Call-graph branches of equal weight come in perf's order: page faults
# counted one by one (-c 1) give many branches of the same count, in
# different objects (the program, ld.so, libc, the kernel, no object at
# all), and the fractal graph's "[...]" rest only where samples are left.
# On perf's file and on ptool's, every -g display mode.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-common.inc"
need_perf
can_open page-faults || skip "cannot open page-faults events"
cd "$TMPD" || fail "no tmpdir"

# a shell starting a few short programs: the dynamic loader's and libc's
# page faults, reached from several objects
work=(sh -c 'for i in 1 2 3 4 5 6; do ls /usr >/dev/null; done')
"$PERF" record -q -g -e page-faults -c 1 -o perf.data -- "${work[@]}" >/dev/null 2>&1 ||
	skip "perf record -g of page faults failed"
"$PTOOL" record -q -g -e page-faults -c 1 -o ptool.data -- "${work[@]}" >/dev/null 2>&1 ||
	fail "ptool record -g of page faults failed"

for f in perf.data ptool.data; do
	for mode in "-g graph,0.5,callee,function,count" "-g graph,0.5,caller,function,period" \
		    "-g flat,0.5,callee,function,count" "-g folded,0.5,callee,function,count" \
		    "-g fractal,0.5,callee,function,count" "-g fractal,0.5,callee,function,percent" \
		    "-g fractal,0.5,caller,function,count" "-G -g flat" "-s dso,sym -g folded"; do
		report_text "$f" --no-children $mode
		diff -u perf.txt ptool.txt > d.txt || { head -40 d.txt; fail "[$f --no-children $mode] differs from perf"; }
	done
done
ok "equal branches in perf's order, on perf's file and on ptool's"
exit 0
