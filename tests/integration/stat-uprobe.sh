#!/usr/bin/env bash
# counting a uprobe event by its group:name, as perf stat -e probe_x:main.
. "$(dirname "$0")/lib.sh"
need_root
BIN=$WORKLOADS/touchpages
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T 2>/dev/null || skip "no tracefs"
[ -w $T/uprobe_events ] || skip "kernel without uprobe events"

# file offset of main: its address within the executable LOAD segment
addr=$(nm "$BIN" | awk '$3 == "main" { print $1 }')
off=
while read -r typ foff vaddr _ fsz _ flags; do
	[ "$typ" = LOAD ] && [[ "$flags" == *E* ]] || continue
	a=$((16#$addr)) v=$((vaddr)) o=$((foff)) s=$((fsz))
	[ $a -ge $v ] && [ $a -lt $((v + s)) ] && off=$(printf '0x%x' $((a - v + o)))
done < <(readelf -lW "$BIN")
[ -n "$off" ] || fail "cannot find main in $BIN"
group=ptool_stat_$$
trap 'echo "-:$group/main" >>$T/uprobe_events 2>/dev/null; rm -rf "$TMPD"' EXIT
echo "p:$group/main $BIN:$off" >>$T/uprobe_events || skip "cannot add a uprobe"

"$PTOOL" stat -x, -e "$group:main" -- "$BIN" 10 2>"$TMPD/u" || { cat "$TMPD/u"; fail "stat on a uprobe"; }
n=$(awk -F, -v e="$group:main" '$3 == e { print $1 }' "$TMPD/u")
[ "$n" = 1 ] || { cat "$TMPD/u"; fail "main entered $n times, want 1"; }
"$PTOOL" stat -x, -e "$group:*" -r 3 -- "$BIN" 10 2>"$TMPD/g" || fail "glob on the probe group"
[ "$(awk -F, '{ print $1 }' "$TMPD/g")" = 1 ] || { cat "$TMPD/g"; fail "glob count"; }
ok "uprobe $group:main counted once per run"
