#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Corrupted perf.data files (scripts/corrupt.sh with a small N): byte flips,
# truncations at every record boundary, absurd sizes, offsets and counts,
# unknown ids, duplicated records, swapped sections. ptool report, script
# and script --folded must end every run with success or an error: any
# crash (signal) or hang (timeout) fails. perf's figures are printed too.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null || skip "python3 is not installed"
[ -d /sys/kernel/tracing/events/syscalls ] || [ -d /sys/kernel/debug/tracing/events/syscalls ] ||
	"$PTOOL" list 2>/dev/null | grep -q 'syscalls:sys_enter_write' ||
	skip "no syscalls tracepoints on this kernel"
"$PTOOL" record -o "$TMPD/probe.data" -- true >/dev/null 2>&1 ||
	skip "ptool record cannot sample here"
PERF=$PERF CORRUPT_KEEP="$TMPD/c" "$TOP/scripts/corrupt.sh" "${PTOOL_CORRUPT_N:-60}" 7 \
	>"$TMPD/out" 2>&1
rc=$?
grep -v '^HANG  perf\|^CRASH perf' "$TMPD/out"
[ $rc -eq 0 ] || fail "ptool crashed or hung on a corrupted file (above)"
grep -q '^ptool script --folded' "$TMPD/out" || fail "corrupt.sh printed no summary"
ok "no crash or hang on $(sed -n 's/ mutated files.*//p' "$TMPD/out") corrupted files"
