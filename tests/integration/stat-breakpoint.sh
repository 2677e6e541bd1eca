#!/usr/bin/env bash
# a hardware breakpoint event (mem:ADDR:x) on a workload's main(), with
# address randomization off so that the PIE base is the same every run.
. "$(dirname "$0")/lib.sh"
need_root
BIN=$WORKLOADS/touchpages
command -v setarch >/dev/null || skip "no setarch"
norand() { setarch "$(uname -m)" -R "$@"; }
norand true 2>/dev/null || skip "cannot turn address randomization off"
main=$(nm "$BIN" | awk '$3 == "main" { print $1 }')
[ -n "$main" ] || fail "no main in $BIN"
if readelf -h "$BIN" | grep -q 'DYN'; then
	base=0x555555554000	# where an unrandomized PIE is loaded on x86_64
else
	base=0
fi
addr=$(printf '0x%x' $((base + 16#$main)))
if [ -n "$PERF" ]; then
	pn=$(norand "$PERF" stat -x, -e "mem:$addr:x" -- "$BIN" 10 2>&1 >/dev/null | cut -d, -f1)
	[ "$pn" = 1 ] || skip "perf counts '$pn' for mem:$addr:x here"
fi
norand "$PTOOL" stat -x, -e "mem:$addr:x" -- "$BIN" 10 2>"$TMPD/b" || { cat "$TMPD/b"; fail "stat mem:"; }
n=$(cut -d, -f1 "$TMPD/b")
[ "$n" = 1 ] || { cat "$TMPD/b"; fail "main entered $n times, want 1"; }
assert_match "name" ",mem:$addr:x," "$TMPD/b"
ok "mem:$addr:x hit once"
