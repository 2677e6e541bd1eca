#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool report options against perf report on the same file: sort keys,
# -n, -q, filters, --percent-limit, --header, pipes, several events.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-common.inc"
need_perf
can_open cpu-clock || skip "cannot open cpu-clock events"
need_workloads rtree

cd "$TMPD"
"$PERF" record -q -g -o t.data "$WORKLOADS/rtree" 1 >/dev/null 2>&1 || skip "perf record -g failed"

# whole texts that must be perf's, byte for byte (no children: no ties)
for mode in "--no-children -n" "--no-children -q" "--no-children --sort dso,sym -g none" \
	    "--no-children --sort srcline -g none --dsos rtree" "--no-children --comms rtree" \
	    "--no-children -g folded" "--no-children -g flat" "--no-children -g caller,0.5,callee"; do
	"$PERF" report -i t.data --stdio $mode > perf.out 2>/dev/null
	"$PTOOL" report -i t.data $mode > ptool.out 2>ptool.err || { cat ptool.err; fail "[$mode] failed"; }
	strip_tip perf.out > perf.txt
	strip_tip ptool.out > ptool.txt
	diff -u perf.txt ptool.txt > d.txt || { head -40 d.txt; fail "[$mode] differs from perf"; }
done
ok "layouts match perf"

for mode in "--percent-limit 5" "--sort comm" "--sort pid" "--symbols leaf_a,leaf_b" "-n"; do
	"$PERF" report -i t.data --stdio $mode > perf.out 2>/dev/null
	"$PTOOL" report -i t.data $mode > ptool.out 2>ptool.err || { cat ptool.err; fail "[$mode] failed"; }
	compare_pct "[$mode]" perf.out ptool.out 0.01
done
"$PTOOL" report -i t.data --percent-limit 5 > out.txt
entries out.txt | awk -F'\t' '$2 < 5 { print; bad = 1 } END { exit bad }' ||
	fail "--percent-limit 5 shows entries under 5%"
ok "sort keys and filters"

"$PTOOL" report -i t.data --header-only > hdr.txt || fail "--header-only failed"
assert_match "--header-only" '^# hostname : ' hdr.txt
assert_match "--header-only" '^# event : name = ' hdr.txt
assert_no_match "--header-only" '%' hdr.txt
"$PTOOL" report -i t.data --header > hdr.txt || fail "--header failed"
assert_match "--header" '^# hostname : ' hdr.txt
assert_match "--header" 'leaf_a' hdr.txt
for mode in "--header-only" "--header --no-children"; do
	"$PERF" report -i t.data --stdio $mode > perf.out 2>/dev/null
	"$PTOOL" report -i t.data $mode > ptool.out
	strip_tip perf.out > perf.txt
	strip_tip ptool.out > ptool.txt
	diff -u perf.txt ptool.txt > d.txt || { head -30 d.txt; fail "[$mode] differs from perf"; }
done
ok "--header, --header-only"

# a pipe: -i - and a FIFO on standard input
"$PERF" record -q -g -o - "$WORKLOADS/rtree" 0.5 2>/dev/null > pipe.data ||
	skip "perf record -o - failed"
"$PTOOL" report -i - < pipe.data > p1.txt 2>err.txt || { cat err.txt; fail "-i - failed"; }
cat pipe.data | "$PTOOL" report > p2.txt 2>err.txt || { cat err.txt; fail "report from a pipe failed"; }
"$PERF" report -i - --stdio < pipe.data > perf.out 2>/dev/null
compare_pct "pipe" perf.out p1.txt 0.5
cmp -s p1.txt p2.txt || fail "-i - and a pipe on stdin differ"
ok "pipes"

# two events: a block per event
"$PERF" record -q -e cpu-clock -e task-clock -o two.data "$WORKLOADS/rtree" 0.5 >/dev/null 2>&1 ||
	skip "perf record with two events failed"
"$PERF" report -i two.data --stdio > perf.out 2>/dev/null
"$PTOOL" report -i two.data > ptool.out
grep '^# Samples\|^# Event count' perf.out > a.txt
grep '^# Samples\|^# Event count' ptool.out > b.txt
diff -u a.txt b.txt || fail "per-event headers differ"
[ "$(grep -c '^# Samples' b.txt)" -eq 2 ] || fail "expected two event blocks"
ok "one block per event"

# a binary rebuilt after recording: symbols come from perf's build-id cache
if command -v cc >/dev/null && [ -n "${HOME:-}" ]; then
	cp "$WORKLOADS/rtree" ./rt
	"$PERF" record -q -g -o bid.data ./rt 0.3 >/dev/null 2>&1 || skip "perf record failed"
	bid=$(readelf -n rt 2>/dev/null | awk '/Build ID/ { print $3 }')
	[ -n "$bid" ] && [ -e "$HOME/.debug/.build-id/${bid:0:2}/${bid:2}" ] ||
		{ echo "note: perf kept no build-id cache copy; not checked"; exit 0; }
	echo 'int main(void) { return 0; }' > other.c
	cc -g -o rt other.c || fail "cannot build the replacement"
	"$PTOOL" report -i bid.data --no-children -q > out.txt
	grep -q '\[\.\] leaf_a' out.txt ||
		{ cat out.txt | head; fail "symbols of the recorded binary not found after a rebuild"; }
	ok "build-id cache"
fi
