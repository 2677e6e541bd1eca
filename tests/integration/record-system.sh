#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# System-wide recording (-a) with synthesized processes and the kernel map,
# and a Ctrl-C in the middle of one: perf reads both files.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/record.inc"
need_sampling

# a process that runs before the recording starts
"$WORKLOADS/cpuloop" 5 >/dev/null &
old=$!
trap 'kill $old 2>/dev/null; rm -rf "$TMPD"' EXIT
sleep 0.2
"$PTOOL" record -a -o "$TMPD/a.data" -- "$WORKLOADS/cpuloop" 0.3 >/dev/null 2>"$TMPD/a.err" ||
	{ cat "$TMPD/a.err"; fail "record -a exit status"; }
kill $old
n=$(same_count "$TMPD/a.err" "$TMPD/a.data")
perf_reads "$TMPD/a.data" --sort comm,dso
assert_match "the workload is seen" 'cpuloop +cpuloop' "$TMPD/report.out"
assert_match "kernel samples resolve" '\[kernel\.kallsyms\]' "$TMPD/report.out"
"$PERF" script --show-mmap-events -i "$TMPD/a.data" 2>/dev/null >"$TMPD/a.mm"
assert_match "kernel map as perf writes it" \
	'PERF_RECORD_MMAP -1/0: \[0xffffffff[0-9a-f]+\([0-9a-fx]+\) @ 0xffffffff[0-9a-f]+\]: x \[kernel\.kallsyms\]_text' "$TMPD/a.mm"
# a process that already ran is known by name and by its executable
assert_match "synthesized maps" "PERF_RECORD_MMAP2 $old/$old: .* r-xp .*/cpuloop\$" "$TMPD/a.mm"
"$PERF" script --show-task-events -i "$TMPD/a.data" 2>/dev/null >"$TMPD/a.task"
assert_match "synthesized comm" "PERF_RECORD_COMM: cpuloop:$old/$old" "$TMPD/a.task"
assert_match "synthesized fork" "PERF_RECORD_FORK\\($old:$old\\):\\([0-9]+:[0-9]+\\)" "$TMPD/a.task"
"$PERF" report --header-only -i "$TMPD/a.data" >"$TMPD/a.h" 2>&1
assert_match "cpu in samples" 'sample_type = [A-Z|]*CPU' "$TMPD/a.h"
"$PERF" buildid-list -i "$TMPD/a.data" >"$TMPD/a.bid" 2>&1
assert_match "kernel build-id" '^[0-9a-f]{40} \[kernel\.kallsyms\]$' "$TMPD/a.bid"
assert_match "workload build-id" "^[0-9a-f]{40} .*/cpuloop\$" "$TMPD/a.bid"
# [vdso] with the id perf writes, which perf inject keeps (without it the
# injected file's build ids are blank)
"$PERF" record -q -e cpu-clock -o "$TMPD/pv.data" "$WORKLOADS/cpuloop" 0.1 >/dev/null 2>&1
vdso=$("$PERF" buildid-list -i "$TMPD/pv.data" 2>/dev/null | grep ' \[vdso\]$')
if [ -n "$vdso" ]; then
	grep -qxF "$vdso" "$TMPD/a.bid" || { cat "$TMPD/a.bid"; fail "no '$vdso' in ptool's build ids"; }
	"$PERF" inject -i "$TMPD/a.data" -o "$TMPD/inj.data" 2>/dev/null || fail "perf inject failed"
	"$PERF" buildid-list -i "$TMPD/inj.data" >"$TMPD/inj.bid" 2>&1
	grep -qxF "$vdso" "$TMPD/inj.bid" || { cat "$TMPD/inj.bid"; fail "perf inject lost the [vdso] build id"; }
	assert_no_match "no blank build ids after perf inject" '^ +[^ ]' "$TMPD/inj.bid"
fi
ok "-a: $n samples"

# Ctrl-C (SIGINT) to the recorder: the workload is ended, the file is whole
"$PTOOL" record -a -g -o "$TMPD/int.data" -- sleep 30 >/dev/null 2>"$TMPD/int.err" &
pid=$!
wait_caught $pid
sleep 1
kill -INT $pid
wait $pid
rc=$?
[ $rc -eq 143 ] || { cat "$TMPD/int.err"; fail "exit status $rc after SIGINT, expected 143 (sleep got SIGTERM, as with perf)"; }
n=$(same_count "$TMPD/int.err" "$TMPD/int.data")
perf_reads "$TMPD/int.data"
ok "SIGINT: $n samples, perf reads the file"

# SIGTERM without a workload ends the recording the same way
"$PTOOL" record -a -o "$TMPD/term.data" >/dev/null 2>"$TMPD/term.err" &
pid=$!
sleep 0.5
kill -TERM $pid
wait $pid
rc=$?
[ $rc -eq 0 ] || { cat "$TMPD/term.err"; fail "exit status $rc after SIGTERM"; }
perf_reads "$TMPD/term.data"
ok "SIGTERM without a workload"
exit 0
