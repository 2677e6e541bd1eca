#!/usr/bin/env bash
# counting tracepoints: a known number of write(2) calls.
. "$(dirname "$0")/lib.sh"
need_root
WL=$WORKLOADS/writeloop
[ -x "$WL" ] || fail "missing workload writeloop"

# 1000 writes to /dev/null, then one line to stdout
"$PTOOL" stat -x, -e syscalls:sys_enter_write -- "$WL" 1000 >/dev/null 2>"$TMPD/t" ||
	{ cat "$TMPD/t"; grep -q tracefs "$TMPD/t" && skip "tracefs unavailable"; fail "stat tracepoint"; }
n=$(awk -F, '$3 == "syscalls:sys_enter_write" { print $1 }' "$TMPD/t")
[ "$n" = 1001 ] || fail "sys_enter_write counted $n, want 1001"
if [ -n "$PERF" ]; then
	pn=$("$PERF" stat -x, -e syscalls:sys_enter_write -- "$WL" 1000 2>&1 >/dev/null |
		awk -F, '$3 == "syscalls:sys_enter_write" { print $1 }')
	[ "$pn" = "$n" ] || fail "perf counts $pn, ptool $n"
fi
ok "sys_enter_write: $n"

# --filter: only the write to stdout (fd 1) of the 1001
"$PTOOL" stat -x, -e syscalls:sys_enter_write --filter 'fd == 1' -- "$WL" 1000 >/dev/null 2>"$TMPD/f" ||
	{ cat "$TMPD/f"; fail "--filter"; }
[ "$(awk -F, '{ print $1 }' "$TMPD/f")" = 1 ] || { cat "$TMPD/f"; fail "--filter count"; }
"$PTOOL" stat -e syscalls:sys_enter_write --filter 'nosuchfield == 1' -- true 2>"$TMPD/fe"
[ $? -eq 1 ] || fail "a refused filter must fail"
assert_match "filter error" 'cannot set filter "nosuchfield == 1"' "$TMPD/fe"
ok "--filter"

"$PTOOL" stat -x, -e 'syscalls:sys_*_write' -- "$WL" 10 >/dev/null 2>"$TMPD/g" || fail "glob"
[ "$(cut -d, -f3 "$TMPD/g" | tr '\n' ' ')" = "syscalls:sys_enter_write syscalls:sys_exit_write " ] ||
	{ cat "$TMPD/g"; fail "glob rows"; }
"$PTOOL" stat -e '{syscalls:sys_enter_write,syscalls:sys_exit_write}:u' -- "$WL" 10 >/dev/null 2>"$TMPD/u" ||
	fail "group of tracepoints"
ok "globs and groups"
