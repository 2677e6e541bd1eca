#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool script against perf script on the same files: -F tod, misc,
# callindent, srccode, insn, insnlen, brstack, iregs, uregs; a -F field
# named for one kind of event; -c/--comms, -S, --dsos, -C; --time ranges
# and percentages; --show-task/mmap/switch/lost-events.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/script-common.inc"
need_perf
can_open cpu-clock || skip "cannot open cpu-clock events"
need_workloads rtree stat_threads


cd "$TMPD"
"$PERF" record -q -g -o r.data "$WORKLOADS/rtree" 0.3 >/dev/null 2>&1 || skip "perf record -g failed"
"$PERF" record -q --call-graph dwarf -o dw.data "$WORKLOADS/rtree" 0.2 >/dev/null 2>&1 ||
	skip "perf record --call-graph dwarf failed"
"$PERF" record -q -g --sample-cpu -o cpu.data "$WORKLOADS/stat_threads" 3 300 >/dev/null 2>&1 ||
	skip "perf record --sample-cpu failed"
"$PERF" record -q -e cpu-clock --switch-events -o sw.data "$WORKLOADS/stat_threads" 2 10 0.05 \
	>/dev/null 2>&1 || skip "perf record --switch-events failed"

for f in r.data dw.data; do
	for F in "comm,misc,ip" "comm,ip,sym,insn" "comm,ip,sym,insnlen,insn" "ip,insn,insnlen" \
		 "comm,ip,sym,callindent" "comm,ip,sym,srccode" "comm,brstack"; do
		script_same "-F $F ($f)" $f -F $F
		script_same "-F $F -G ($f)" $f -F $F -G
	done
done
script_same "-F comm,ip,sym,uregs" dw.data -F comm,ip,sym,uregs
script_same "-F comm,ip,sym,uregs -G" dw.data -F comm,ip,sym,uregs -G
grep -q ' ABI:2 ' ptool.out || fail "uregs: no registers printed"
grep -q ' insn: ' ptool.out && fail "insn printed without -F insn"
script_same "-F comm,ip,sym,insn (check)" r.data -F comm,ip,sym,insn -G
grep -q ' insn: ' ptool.out || fail "insn: no instruction bytes printed"
expect_fail "-F uregs without user registers" "$PTOOL" script -i r.data -F comm,uregs
grep -q "UREGS" ef.err || fail "uregs: no reason given"
expect_fail "-F iregs without registers" "$PTOOL" script -i r.data -F comm,iregs
ok "-F misc, insn, insnlen, callindent, srccode, brstack, uregs, iregs"

# tod needs the clock data of record -k
if "$PERF" record -q -k mono -o k.data "$WORKLOADS/rtree" 0.1 >/dev/null 2>&1; then
	script_same "-F tod" k.data -F comm,tid,tod,time,ip
	script_same "-F tod --ns" k.data -F comm,tod,ip --ns
	expect_fail "-F tod without clock data" "$PTOOL" script -i r.data -F comm,tod
	grep -q "clock" ef.err || fail "tod: no reason given"
	ok "-F tod"
fi

# a field named for one kind of event that the file lacks: dropped
script_same "-F sw:comm,tid,cpu,time,ip" r.data -F sw:comm,tid,cpu,time,ip
script_same "-F sw:+cpu" r.data -F sw:+cpu
expect_fail "-F comm,cpu (every kind)" "$PTOOL" script -i r.data -F comm,cpu
ok "-F type:field without the data"

# filters
tid=$("$PERF" script -i cpu.data -F tid,comm 2>/dev/null | awk '$1 == "worker-1" { print $2; exit }')
[ -n "$tid" ] || fail "no worker-1 thread"
# the most frequent symbols and objects of the samples' own addresses
top() { "$PERF" script -i cpu.data -G -F "ip,$1" 2>/dev/null | awk '{ print $2 }' | sort | uniq -c |
	sort -rn | awk -v n="$2" 'NR == n { print $2 }' | tr -d '()' | sed 's,.*/,,'; }
s1=$(top sym 1) s2=$(top sym 2) d1=$(top dso 1)
c1=$("$PERF" script -i cpu.data -F cpu 2>/dev/null | head -1 | tr -dc '0-9' | sed 's/^0*//')
[ -n "$s1" ] && [ -n "$s2" ] && [ -n "$d1" ] || fail "no symbols in cpu.data"
for m in "-c worker-1" "--comms worker-1,worker-0 -G" "-S $s1" "-S $s1,$s2" "--dsos $d1" \
	 "--dsos $d1 -G" "-C ${c1:-0}" "-C 0-1 -G" "--tid $tid"; do
	script_same "$m" cpu.data $m
done
expect_fail "-C past the recorded cpus" "$PTOOL" script -i cpu.data -C 4096
expect_fail "-C without CPU data" "$PTOOL" script -i r.data -C 0
grep -q "CPU" ef.err || fail "-C without CPU data: no reason given"
expect_fail "-g (script generation)" "$PTOOL" script -i r.data -g python
[ ! -e perf-script.py ] || fail "-g python wrote a script"
ok "-c, -S, --dsos, -C, --tid"

t0=$("$PERF" script -i r.data -F time 2>/dev/null | head -1 | tr -d ' :')
t1=$("$PERF" script -i r.data -F time 2>/dev/null | tail -1 | tr -d ' :')
mid=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", (a + b) / 2 }')
mid2=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", (a + b) / 2 + (b - a) / 8 }')
for t in "10%/2" "0%-10%,30%-40%" "50%" "10%/1,10%/3" ",$mid" "$mid," "$t0,$mid $mid2,"; do
	script_same "--time $t" r.data --time "$t" -G
done
expect_fail "bad --time" "$PTOOL" script -i r.data --time 1,2x
expect_fail "overlapping --time ranges" "$PTOOL" script -i r.data --time "1,3 2,4"
ok "--time"

for f in r.data cpu.data sw.data dw.data; do
	script_same "--show-task-events ($f)" $f --show-task-events -G
	script_same "--show-*-events ($f)" $f --show-task-events --show-mmap-events \
		--show-switch-events --show-lost-events
	script_same "--show-mmap-events -F ($f)" $f --show-mmap-events -F comm,tid,time,event
	script_same "--show-task-events -F misc ($f)" $f --show-task-events -F comm,tid,misc,ip,sym
done
script_same "--show-switch-events" sw.data --show-switch-events
grep -q 'PERF_RECORD_SWITCH OUT' ptool.out || fail "--show-switch-events printed no switch"
ok "--show-task/mmap/switch/lost-events"
