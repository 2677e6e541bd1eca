#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool diff against perf diff on the same files: two and three files, every
# -c method, -p, -F, -b, -o, --sort, the filters with --percentage; then the numbers of the top symbols
# and the differential flame graph.
. "$(dirname "$0")/lib.sh"
need_perf
can_open cpu-clock || skip "cannot open cpu-clock events"
need_workloads diffwork

cd "$TMPD"
for n in 2 8 5; do
	"$PERF" record -q -o w$n.data "$WORKLOADS/diffwork" $n >/dev/null 2>rec.err ||
		{ cat rec.err; skip "perf record failed"; }
done

same() {
	local desc=$1; shift
	"$PERF" diff "$@" > perf.out 2>/dev/null
	"$PTOOL" diff "$@" > ptool.out 2>ptool.err || { cat ptool.err; fail "ptool diff $desc failed"; }
	diff -u perf.out ptool.out > d.diff || { head -40 d.diff; fail "ptool diff $desc differs from perf diff"; }
}

for a in "" "-c delta" "-c delta-abs" "-c ratio" "-c wdiff:1,2" "-p" "-F" \
	 "-F -c ratio" "-F -c wdiff:3,2" "-b" "-o 0" "-s sym" "-s comm,dso" "-s pid,sym" "-q"; do
	same "[$a] 2 files" $a w2.data w8.data
done
ok "two files: the whole output is perf diff's"

# the filters and --percentage: a filter that lets some samples through
# makes relative and absolute percentages differ; one value elides its column
for a in "-d diffwork" "-d diffwork --percentage relative" "-d diffwork --percentage absolute" \
	 "-S alpha,beta --percentage relative" "-S alpha,beta -F" "-S alpha" "-S alpha -s sym" \
	 "-C diffwork -s comm,sym --percentage relative" "-d [kernel.kallsyms] -s sym --percentage relative" \
	 "-b -d diffwork,[kernel.kallsyms] --percentage relative -F" "-c ratio -d diffwork --percentage relative" \
	 "-c wdiff:1,2 -S alpha,gamma_ -F --percentage relative" "-p -d diffwork --percentage relative" \
	 "--pid 1" "--tid 1 --percentage relative" "-C nosuch --percentage relative" \
	 "--percentage relative"; do
	same "[$a] 2 files" $a w2.data w8.data
done
# gamma_ is always outside -S alpha,beta: relative and absolute differ
"$PERF" diff -S alpha,beta --percentage relative w2.data w8.data > rel.out 2>/dev/null
"$PERF" diff -S alpha,beta --percentage absolute w2.data w8.data > abs.out 2>/dev/null
cmp -s rel.out abs.out && fail "perf diff: --percentage relative and absolute are the same with -S alpha,beta"
for a in "-d diffwork --percentage relative" "-C diffwork"; do
	same "[$a] 3 files" $a w2.data w8.data w5.data
done
ok "filters (-d -S -C --pid --tid) with --percentage relative and absolute: perf diff's output"

# --cpu needs the cpu of each sample: perf and ptool refuse files without it
"$PTOOL" diff --cpu 0 w2.data w8.data > /dev/null 2>err.out; rc=$?
[ $rc -eq 1 ] || fail "--cpu on files without cpu: exit $rc, expected 1"
assert_match "--cpu message" "has no cpu in its samples" err.out
"$PTOOL" diff --percentage r w2.data w8.data > /dev/null 2>err.out; rc=$?
[ $rc -eq 2 ] || fail "--percentage r: exit $rc, expected 2 (perf takes only the whole words)"
if "$PERF" record -q -a -o a2.data "$WORKLOADS/diffwork" 2 >/dev/null 2>&1 &&
   "$PERF" record -q -a -o a8.data "$WORKLOADS/diffwork" 8 >/dev/null 2>&1; then
	for a in "--cpu 0 -d diffwork" "--cpu 1 -C diffwork --percentage relative" \
		 "--cpu 0,1 -S alpha,beta,gamma_ --percentage relative -p"; do
		same "[$a] -a files" $a a2.data a8.data
	done
	ok "--cpu on -a files: perf diff's output (dummy:HG section included)"
else
	echo "perf record -a failed: --cpu comparison not run"
fi

for a in "" "-p" "-o 2" "-c ratio" "-o 0"; do
	same "[$a] 3 files" $a w2.data w8.data w5.data
done
ok "three files: the whole output is perf diff's"

# the numbers, read from each output: Baseline and Delta Abs of diffwork's
# symbols within 0.05 points
"$PERF" diff w2.data w8.data 2>/dev/null | awk '$3 == "diffwork" {print $5, $1, $2}' | sort > perf.num
"$PTOOL" diff w2.data w8.data | awk '$3 == "diffwork" {print $5, $1, $2}' | sort > ptool.num
[ "$(wc -l < perf.num)" -ge 3 ] || { cat perf.num; fail "perf diff shows fewer than 3 diffwork symbols"; }
join perf.num ptool.num | awk '{
	for (i = 2; i <= 3; i++) { a = $i; b = $(i + 2); sub("%", "", a); sub("%", "", b)
		d = a - b; if (d < 0) d = -d; if (d > 0.05) { print "off: " $0; bad = 1 } }
	n++ } END { exit bad || n < 3 }' || fail "Baseline or Delta Abs differ by more than 0.05"
grep -q '^alpha ' ptool.num && grep -q '^gamma_ ' ptool.num || fail "alpha or gamma_ missing"
ok "Baseline and Delta Abs of the top symbols equal perf's"

# alpha grew and gamma_ shrank
awk '$1 == "alpha" && $3 !~ /^\+/ {exit 1} $1 == "gamma_" && $3 !~ /^-/ {exit 1}' ptool.num ||
	{ cat ptool.num; fail "the deltas have the wrong sign"; }

# the differential flame graph is script --diff's
"$PTOOL" diff --flamegraph d.svg w2.data w8.data > /dev/null || fail "diff --flamegraph failed"
"$PTOOL" script -i w8.data --flamegraph s.svg --diff w2.data 2>/dev/null || fail "script --diff failed"
cmp -s d.svg s.svg || fail "diff --flamegraph differs from script --flamegraph --diff"
ok "--flamegraph writes script --diff's differential flame graph"

# errors: one file is a usage error, a missing file a failure
"$PTOOL" diff w2.data > /dev/null 2>err.out; rc=$?
[ $rc -eq 2 ] || fail "one file: exit $rc, expected 2"
"$PTOOL" diff w2.data missing.data > /dev/null 2>err.out; rc=$?
[ $rc -eq 1 ] || fail "a missing file: exit $rc, expected 1"
assert_match "missing file message" "cannot open 'missing.data'" err.out
"$PTOOL" diff -c wdiff:0,1 w2.data w8.data > /dev/null 2>err.out; rc=$?
[ $rc -eq 2 ] || fail "-c wdiff:0,1: exit $rc, expected 2"
ok "errors"
