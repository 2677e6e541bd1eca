#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool record -g and --call-graph dwarf on a CPU-bound workload: real
# perf reads the file, shows the known call tree and the same sample count.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/record.inc"
need_sampling
W=$WORKLOADS/cpuloop
[ -x "$W" ] || skip "workload $W not built"

# frame pointers
"$PTOOL" record -g -o "$TMPD/fp.data" -- "$W" 0.5 >"$TMPD/fp.out" 2>"$TMPD/fp.err" ||
	{ cat "$TMPD/fp.err"; fail "record -g exit status"; }
assert_match "workload ran" '^cpuloop: done' "$TMPD/fp.out"
assert_match "woken line" '^\[ ptool record: Woken up [0-9]+ times to write data \]$' "$TMPD/fp.err"
assert_match "captured line" '^\[ ptool record: Captured and wrote [0-9]+\.[0-9]{3} MB .*fp\.data \([0-9]+ samples\) \]$' "$TMPD/fp.err"
n=$(same_count "$TMPD/fp.err" "$TMPD/fp.data")
perf_reads "$TMPD/fp.data" --no-children --sort sym -g caller
for f in hot warm spin main; do
	assert_match "perf report -g shows $f" "$f" "$TMPD/report.out"
done
# the hottest symbol is spin, called from hot and warm
assert_match "spin is hot" '^ +[5-9][0-9]\.[0-9]+%.*\[\.\] spin' "$TMPD/report.out"
assert_match "main in the callchain" '\-\-[0-9.]+%\-\-main|main$' "$TMPD/report.out"
ok "-g: $n samples, perf shows hot/warm/spin/main"

# DWARF: perf unwinds the copied user stacks down to main
"$PTOOL" record --call-graph dwarf -F 999 -m 1M -o "$TMPD/dw.data" -- "$W" 0.3 >/dev/null 2>"$TMPD/dw.err" ||
	{ cat "$TMPD/dw.err"; fail "record --call-graph dwarf exit status"; }
n=$(same_count "$TMPD/dw.err" "$TMPD/dw.data")
"$PERF" report -D -i "$TMPD/dw.data" 2>/dev/null | grep -m1 -A3 'PERF_RECORD_SAMPLE(' >"$TMPD/dw.d"
"$PERF" report --header-only -i "$TMPD/dw.data" >"$TMPD/dw.h" 2>&1
assert_match "regs and stack sampled" 'REGS_USER\|STACK_USER' "$TMPD/dw.h"
assert_match "perf's x86_64 register mask" 'sample_regs_user = 0xff0fff' "$TMPD/dw.h"
assert_match "8192 bytes of stack" 'sample_stack_user = 8192' "$TMPD/dw.h"
perf_reads "$TMPD/dw.data" --no-children --sort sym -g caller
"$PERF" script -F comm,ip,sym -i "$TMPD/dw.data" 2>/dev/null >"$TMPD/dw.script"
unwound=$(grep -c ' main$' "$TMPD/dw.script" || true)
[ "$unwound" -gt 0 ] || { head -40 "$TMPD/dw.script"; fail "perf did not unwind to main"; }
grep -B8 ' main$' "$TMPD/dw.script" | grep -q ' hot$\| warm$' ||
	fail "dwarf callchains do not go main -> run -> hot/warm"
ok "dwarf: $n samples, perf unwinds $unwound of them to main"

# a size that is not a multiple of 8 is rounded up, as in perf
"$PTOOL" record --call-graph dwarf,1001 --dry-run -v -- true 2>"$TMPD/dr.err" ||
	fail "dwarf,1001 dry run"
assert_match "size rounded up to 8" 'sample_stack_user +1008$' "$TMPD/dr.err"
exit 0
