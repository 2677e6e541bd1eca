#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool report against perf report on files recorded by perf: frame-pointer
# callchains (-g) and DWARF unwinding (--call-graph dwarf) of an -O2
# -fomit-frame-pointer build.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-common.inc"
need_perf
can_open cpu-clock || skip "cannot open cpu-clock events"
need_workloads cpuloop

cd "$TMPD"
"$PERF" record -q -g -o fp.data "$WORKLOADS/cpuloop" 1 >/dev/null 2>rec.err ||
	{ cat rec.err; skip "perf record -g failed"; }

for mode in "" "--no-children" "--sort dso,sym" "--no-children --sort comm,dso"; do
	"$PERF" report -i fp.data --stdio $mode > perf.out 2>/dev/null
	"$PTOOL" report -i fp.data $mode > ptool.out 2>ptool.err ||
		{ cat ptool.err; fail "ptool report $mode failed"; }
	compare_pct "fp [$mode]" perf.out ptool.out 0.5
done
ok "frame-pointer callchains match perf"

# The whole --no-children text, graphs included, is perf's.
"$PERF" report -i fp.data --stdio --no-children > perf.out 2>/dev/null
"$PTOOL" report -i fp.data --no-children > ptool.out
strip_tip perf.out > perf.txt
strip_tip ptool.out > ptool.txt
diff -u perf.txt ptool.txt > layout.diff || { head -60 layout.diff; fail "--no-children output differs from perf"; }
ok "--no-children layout is perf's"

# Children mode: the whole text with -g none, and the hottest entries with
# their call graphs
"$PERF" report -i fp.data --stdio -g none > perf.out 2>/dev/null
"$PTOOL" report -i fp.data -g none > ptool.out
strip_tip perf.out > perf.txt
strip_tip ptool.out > ptool.txt
diff -u perf.txt ptool.txt > layout.diff || { head -60 layout.diff; fail "children -g none output differs from perf"; }
"$PERF" report -i fp.data --stdio > perf.out 2>/dev/null
"$PTOOL" report -i fp.data > ptool.out
awk '/^ +[0-9.]+%/ { n++ } n >= 1 && n <= 3' perf.out > perf.top
awk '/^ +[0-9.]+%/ { n++ } n >= 1 && n <= 3' ptool.out > ptool.top
diff -u perf.top ptool.top || fail "children: the top entries differ"
ok "children layout is perf's"

# The call graph of the hottest entry is perf's, in each display mode.
for g in graph fractal "folded" "caller"; do
	"$PERF" report -i fp.data --stdio --no-children -g $g > perf.out 2>/dev/null
	"$PTOOL" report -i fp.data --no-children -g $g > ptool.out
	strip_tip perf.out | awk '/^ +[0-9.]+%/ { n++ } n == 1' > perf.top
	awk '/^ +[0-9.]+%/ { n++ } n == 1' ptool.out > ptool.top
	diff -u perf.top ptool.top || fail "-g $g: the first entry's graph differs"
done
ok "call graph modes match perf"

# DWARF unwinding of code without frame pointers
command -v cc >/dev/null || skip "no C compiler for the -O2 workload"
cc -O2 -fomit-frame-pointer -g -o rtree-o2 "$TOP/tests/workloads/rtree.c" ||
	fail "cannot build rtree -O2"
"$PERF" record -q --call-graph dwarf -o dw.data ./rtree-o2 1 >/dev/null 2>rec.err ||
	{ cat rec.err; skip "perf record --call-graph dwarf failed"; }
"$PERF" report -i dw.data --stdio > perf.out 2>/dev/null
"$PTOOL" report -i dw.data > ptool.out 2>ptool.err || { cat ptool.err; fail "ptool report (dwarf) failed"; }
compare_pct "dwarf" perf.out ptool.out 0.5
main=$(entries ptool.out | awk -F'\t' '$1 ~ / \[\.\] main$/ { print $2; exit }')
[ -n "$main" ] || fail "dwarf: no main entry"
awk -v m="$main" 'BEGIN { exit !(m >= 95) }' || fail "dwarf: main has $main% children, expected ~100%"
"$PERF" report -i dw.data --stdio --no-children > perf.out 2>/dev/null
"$PTOOL" report -i dw.data --no-children > ptool.out
compare_pct "dwarf --no-children" perf.out ptool.out 0.5
grep -q 'leaf_a' ptool.out || fail "dwarf: leaf_a missing"
ok "dwarf unwinding matches perf (main $main%)"
