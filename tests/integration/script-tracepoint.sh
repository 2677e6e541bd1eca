#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Tracepoint and uprobe fields as perf script prints them, formatted from
# the file's tracing data with libtraceevent.
. "$(dirname "$0")/lib.sh"
need_perf
need_root
need_workloads foldloop

compare() {	# FILE DESC [ARGS...]
	local file=$1 desc=$2
	shift 2
	"$PERF" script -i "$file" "$@" >"$TMPD/perf.out" 2>/dev/null || fail "$desc: perf script failed"
	"$PTOOL" script -i "$file" "$@" >"$TMPD/ptool.out" 2>"$TMPD/ptool.err" ||
		{ cat "$TMPD/ptool.err"; fail "$2: ptool script failed"; }
	[ -s "$TMPD/perf.out" ] || fail "$desc: no samples"
	if ! cmp -s "$TMPD/perf.out" "$TMPD/ptool.out"; then
		diff -u "$TMPD/perf.out" "$TMPD/ptool.out" | head -30
		fail "$desc: output differs from perf script"
	fi
	ok "$desc ($(wc -l <"$TMPD/perf.out") lines)"
}

can_open syscalls:sys_enter_write || skip "no syscalls:sys_enter_write tracepoint"
"$PERF" record -q -e syscalls:sys_enter_write -e sched:sched_process_exec \
	-o "$TMPD/tp.data" -- sh -c 'echo one; echo two >&2' >/dev/null 2>&1 ||
	fail "perf record of tracepoints failed"
compare "$TMPD/tp.data" "tracepoints"
grep -q 'fd: 0x00000001, buf: 0x' "$TMPD/ptool.out" || fail "sys_enter_write fields missing"

# tracing data unreadable: the formats come from this machine's tracefs
cp "$TMPD/perf.out" "$TMPD/tp.expected"
python3 - "$TMPD/tp.data" "$TMPD/tp-bad.data" <<'PY' || fail "cannot damage the tracing data"
import sys
d = bytearray(open(sys.argv[1], "rb").read())
i = d.find(b"\x17\x08\x44tracing")
if i < 0:
    sys.exit(1)
d[i + 3:i + 10] = b"TRACING"
open(sys.argv[2], "wb").write(d)
PY
"$PTOOL" script -i "$TMPD/tp-bad.data" >"$TMPD/tp-bad.out" 2>"$TMPD/tp-bad.err" || fail "no fallback to tracefs"
grep -q "tracefs" "$TMPD/tp-bad.err" || fail "no warning about the tracing data"
cmp -s "$TMPD/tp.expected" "$TMPD/tp-bad.out" || { diff -u "$TMPD/tp.expected" "$TMPD/tp-bad.out"; fail "fields from tracefs differ"; }
ok "formats from tracefs when the file's are unreadable"

# with callchains: the trace text, then the callchain block
"$PERF" record -q -g -e syscalls:sys_enter_write -o "$TMPD/tpg.data" -- \
	sh -c 'echo one' >/dev/null 2>&1 || fail "perf record -g of a tracepoint failed"
compare "$TMPD/tpg.data" "tracepoint with callchains"

# a uprobe with an argument: "(address) n=0x..."
probe=probe_foldloop:alpha
cleanup() { "$PERF" probe -q -d "probe_foldloop:*" >/dev/null 2>&1; rm -rf "$TMPD"; }
trap cleanup EXIT
if "$PERF" probe -q -x "$WORKLOADS/foldloop" -a 'alpha n' >/dev/null 2>&1; then
	"$PERF" record -q -e "$probe" -o "$TMPD/up.data" -- "$WORKLOADS/foldloop" 20 \
		>/dev/null 2>&1 || fail "perf record of a uprobe failed"
	compare "$TMPD/up.data" "uprobe"
	grep -Eq 'probe_foldloop:alpha: \([0-9a-f]+\) n=0x30d40' "$TMPD/ptool.out" ||
		fail "uprobe argument not shown"
else
	echo "note: perf probe cannot add a uprobe here; uprobe part not run"
fi
exit 0
