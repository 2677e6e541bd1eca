#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool report against perf report on the same files: the sort keys cpu,
# socket, parent, srcfile, time, trace and pid (per thread), --max-stack
# in caller order, -g count/period/print_limit, the filters --tid, -C,
# --time (ranges, percentages), -U, and -T, --symfs.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-common.inc"
need_perf
can_open cpu-clock || skip "cannot open cpu-clock events"
need_workloads rtree stat_threads

cd "$TMPD"
"$PERF" record -q -g -o r.data "$WORKLOADS/rtree" 0.5 >/dev/null 2>&1 || skip "perf record -g failed"
"$PERF" record -q -g --sample-cpu -o cpu.data "$WORKLOADS/rtree" 0.5 >/dev/null 2>&1 ||
	skip "perf record --sample-cpu failed"
"$PERF" record -q -e page-faults -c 1 -g -o th.data "$WORKLOADS/stat_threads" 3 300 >/dev/null 2>&1 ||
	skip "perf record of page faults failed"

# same FILE MODE...: the whole text must be perf's (its tip line aside)
same() {
	local f=$1
	report_text "$@"
	shift
	diff -u perf.txt ptool.txt > d.txt || { head -40 d.txt; fail "[$f $*] differs from perf"; }
}

# srcfile and srcline in every object, glibc's included (see
# report-srcline-glibc.sh for a recording that spends its time there)
for mode in "-s cpu" "-s comm,cpu" "-s socket,sym" "-s srcfile" \
	    "-s srcfile,sym" "-s srcline" "-s parent" \
	    "-s time" "-s time,sym" "-s trace" "-s dso,cpu,sym"; do
	same cpu.data --no-children -g none $mode
done
same cpu.data -s cpu
same r.data -s srcfile -g none --no-children
# children mode: callchain frames no object maps are perf's "??:0" (the
# rest of this table varies with what the recording caught in libc)
"$PERF" report -i r.data --stdio -s srcline,sym -g none 2>/dev/null | grep -F '??:0' > perf.txt
"$PTOOL" report -i r.data -s srcline,sym -g none 2>/dev/null | grep -F '??:0' > ptool.txt
diff -u perf.txt ptool.txt || fail "children -s srcline: the ??:0 lines differ from perf"
same th.data --no-children -s pid -g none
same th.data --no-children -s pid,comm -g none
same th.data --no-children -s cpu -g none
# a --parent regex of one's own adds the parent key, as in perf
same r.data -p leaf -g none
same r.data -p leaf -s dso --no-children -g none
ok "sort keys cpu, socket, parent, srcfile, time, trace; pid per thread"

# the parent key needs callchains: perf says so (and exits 0), ptool fails
"$PERF" record -q -o nog.data "$WORKLOADS/rtree" 0.2 >/dev/null 2>&1 || fail "perf record without -g"
"$PERF" report --stdio -i nog.data -s parent 2>&1 | grep -q "Selected --sort parent, but no callchain data" ||
	fail "perf no longer refuses --sort parent without callchains"
for a in "-s parent" "-p leaf"; do
	# shellcheck disable=SC2086
	expect_fail "$a without callchains" "$PTOOL" report --stdio -i nog.data $a
	grep -qx "ptool report: selected --sort parent but no callchain data (record with -g)" "$TMPD/ef.err" ||
		fail "$a without callchains: no reason given"
done
ok "the parent key without callchains is refused"

# perf keeps the root side of a chain in caller order, the leaf side else
for mode in "--no-children --max-stack 2" "--no-children -G --max-stack 2" "--max-stack 2" \
	    "--children -g callee --max-stack 3" "--max-stack 1 -g caller"; do
	same r.data $mode
done
ok "--max-stack"

for mode in "-g graph,0.5,caller,function,count" "-g graph,0.5,callee,function,period" \
	    "-g flat,0.5,callee,function,count" "-g folded,0.5,callee,function,period" \
	    "-g graph,0.5,callee,function,percent,2" "-g flat,0.5,callee,function,percent,1" \
	    "-g folded,0.5,callee,function,count,1" "-g fractal,0.5,callee,function,count"; do
	same r.data --no-children $mode
done
same r.data -g graph,0.5,caller,function,count,3
expect_fail "-g address" "$PTOOL" report -i r.data -g graph,0.5,callee,address
grep -q "address" "$TMPD/ef.err" || fail "-g address: no reason given"
ok "-g count, period, print_limit; address refused"

tid=$("$PERF" script -i th.data -F tid,comm 2>/dev/null | awk '$1 == "worker-0" { print $2; exit }')
[ -n "$tid" ] || fail "no worker-0 thread in th.data"
same th.data --tid "$tid" --no-children
# children mode: entries of equal share may come in another order
"$PERF" report -i th.data --stdio --tid "$tid" > perf.out 2>/dev/null
"$PTOOL" report -i th.data --tid "$tid" > ptool.out || fail "--tid failed"
compare_pct "--tid (children)" perf.out ptool.out 0.01
same cpu.data -C 0 --no-children
same cpu.data -C 1
expect_fail "-C without CPU data" "$PTOOL" report -i th.data -C 0
grep -q "CPU" "$TMPD/ef.err" || fail "-C without CPU data: no reason given"
ok "--tid, -C"

t0=$("$PERF" script -i r.data -F time 2>/dev/null | head -1 | tr -d ' :')
t1=$("$PERF" script -i r.data -F time 2>/dev/null | tail -1 | tr -d ' :')
mid=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", (a + b) / 2 }')
mid2=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.6f", (a + b) / 2 + (b - a) / 8 }')
for t in "10%/2" "0%-10%,30%-40%" "50%" "10%/1,10%/3" ",$mid" "$mid," "$t0,$mid $mid2,"; do
	same r.data --time "$t" --no-children
done
same r.data --time "20%/3"
expect_fail "bad --time" "$PTOOL" report -i r.data --time 5,3
ok "--time ranges and percentages"

# -U: a stripped program of its own (no build-id cache copy has symbols)
if command -v cc >/dev/null; then
	cat > un.c <<'EOC'
#include <stdlib.h>
#include <time.h>
static volatile unsigned long sink;
__attribute__((noinline)) static void hot(unsigned long n) { for (unsigned long i = 0; i < n; i++) sink += i * 7; }
__attribute__((noinline)) static void mid(unsigned long n) { hot(n); hot(n / 2); }
int main(int argc, char **argv)
{
	double s = argc > 1 ? atof(argv[1]) : 0.3;
	struct timespec a, b;

	clock_gettime(CLOCK_MONOTONIC, &a);
	do {
		mid(100000);
		clock_gettime(CLOCK_MONOTONIC, &b);
	} while ((b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9 < s);
	return 0;
}
EOC
	cc -O1 -fno-omit-frame-pointer -o unx un.c && strip unx ||
		fail "cannot build the stripped program"
	"$PERF" record -q -g --no-buildid-cache -o un.data ./unx 0.3 >/dev/null 2>&1 ||
		fail "perf record of the stripped program failed"
	same un.data -U --no-children -g none
	# few samples: equal branches may come in another order, so the
	# folded chains (where unresolved frames must be gone) as sets
	for mode in "--no-children -g folded" "--no-children -G -g folded" "-g folded"; do
		"$PERF" report -i un.data --stdio -U $mode 2>/dev/null | grep -v '^#' | sort > perf.txt
		"$PTOOL" report -i un.data -U $mode | grep -v "^#" | sort > ptool.txt
		diff -u perf.txt ptool.txt || fail "-U $mode differs from perf"
	done
	grep -q ';0x' ptool.txt && fail "-U left an unresolved frame in a chain"
	"$PERF" report -i un.data --stdio -U > perf.out 2>/dev/null
	"$PTOOL" report -i un.data -U > ptool.out || fail "-U failed"
	compare_pct "-U (children)" perf.out ptool.out 0.01
	ok "-U"

	# --symfs: the unstripped program under DIR at its recorded path
	cc -O1 -g -fno-omit-frame-pointer -o uns un.c || fail "cannot build the program"
	"$PERF" record -q -g --no-buildid-cache -o sfs.data ./uns 0.2 >/dev/null 2>&1 ||
		fail "perf record failed"
	mkdir -p "symfs$TMPD" && mv uns "symfs$TMPD/uns"
	same sfs.data --no-children --symfs "$TMPD/symfs"
	grep -q '\] hot' ptool.txt || fail "--symfs: symbols not found under the directory"
	ok "--symfs"
else
	echo "note: no C compiler: -U and --symfs not checked"
fi

# -T: the READ records of perf record -s
"$PERF" record -q -s -e page-faults -c 1 -o rd.data "$WORKLOADS/stat_threads" 3 100 >/dev/null 2>&1 ||
	skip "perf record -s failed"
for f in rd.data r.data; do
	"$PERF" report -i $f --stdio -T -q > perf.out 2>/dev/null
	"$PTOOL" report -i $f -T -q > ptool.out || fail "-T failed"
	diff -u perf.out ptool.out || fail "-T on $f differs from perf"
done
grep -q '^#   PID    TID  page-faults' ptool.out && fail "-T: a table without READ records"
ok "-T"

# a tracepoint file: the trace key shows the events' print format
if "$PERF" record -q -e syscalls:sys_enter_write -o tp.data -- sh -c 'echo one; echo two' \
	>/dev/null 2>&1; then
	same tp.data --no-children -s trace
	same tp.data --no-children -s comm,trace
	ok "trace key on a tracepoint file"
fi

# branch keys need branch stacks (none here)
expect_fail "-s dso_from" "$PTOOL" report -i r.data -s dso_from
grep -q "branch" "$TMPD/ef.err" || fail "-s dso_from: no reason given"
expect_fail "-s tid (no such key in perf)" "$PTOOL" report -i r.data -s tid
ok "branch keys refused"
