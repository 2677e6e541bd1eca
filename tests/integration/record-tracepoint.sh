#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Tracepoint and uprobe recordings: PERF_SAMPLE_RAW plus the TRACING_DATA
# feature, so that real perf script prints the events' fields.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/record.inc"
need_sampling
TFS=
for d in /sys/kernel/tracing /sys/kernel/debug/tracing; do
	[ -e "$d/events/syscalls" ] && { TFS=$d; break; }
done
if [ -z "$TFS" ]; then
	"$PERF" list syscalls:sys_enter_write 2>/dev/null | grep -q sys_enter_write ||
		skip "no syscalls tracepoints on this kernel"
	for d in /sys/kernel/tracing /sys/kernel/debug/tracing; do
		[ -e "$d/events/syscalls" ] && { TFS=$d; break; }
	done
fi
[ -n "$TFS" ] || skip "tracefs is not mounted"

# a tracepoint: every write of the workload is one sample
"$PTOOL" record -e syscalls:sys_enter_write -o "$TMPD/tp.data" -- \
	"$WORKLOADS/writeloop" 50 >"$TMPD/tp.out" 2>"$TMPD/tp.err" ||
	{ cat "$TMPD/tp.err"; fail "tracepoint record exit status"; }
n=$(same_count "$TMPD/tp.err" "$TMPD/tp.data")
[ "$n" -ge 51 ] || fail "expected at least 51 writes (50 + the final printf), got $n"
perf_reads "$TMPD/tp.data"
assert_match "perf script shows the fields" \
	'writeloop +[0-9]+ .*syscalls:sys_enter_write: fd: 0x00000003, buf: 0x[0-9a-f]+, count: 0x00000001' \
	"$TMPD/script.out"
assert_match "and the stdout write" 'sys_enter_write: fd: 0x00000001' "$TMPD/script.out"
"$PERF" report --header-only -i "$TMPD/tp.data" >"$TMPD/tp.h" 2>&1
assert_match "period 1 like perf" 'name = syscalls:sys_enter_write.*sample_freq \} = 1,' "$TMPD/tp.h"
assert_match "raw samples" 'sample_type = [A-Z|]*RAW' "$TMPD/tp.h"
assert_no_match "tracing data present" 'missing features:.*TRACING_DATA' "$TMPD/tp.h"
ok "tracepoint: $n samples with fields"

# the same through a pipe: the tracing data travels as a record
"$PTOOL" record -q -e syscalls:sys_enter_write -o - -- "$WORKLOADS/writeloop" 5 2>/dev/null |
	"$PERF" script -i - >"$TMPD/pipe.out" 2>"$TMPD/pipe.err" || { cat "$TMPD/pipe.err"; fail "perf script -i - failed"; }
[ ! -s "$TMPD/pipe.err" ] || { cat "$TMPD/pipe.err"; fail "perf script -i - warned"; }
[ "$(grep -c 'sys_enter_write: fd: 0x0000000[0-9], buf: 0x[0-9a-f]*, count: 0x00000001' "$TMPD/pipe.out")" -ge 5 ] ||
	{ cat "$TMPD/pipe.out"; fail "pipe mode lost the tracepoint fields"; }
ok "tracepoint fields through a pipe"

# SIGINT while records never stop coming still ends the recording
"$WORKLOADS/writeloop" 50000000 >/dev/null &
wl=$!
"$PTOOL" record -q -e syscalls:sys_enter_write -p $wl -o "$TMPD/busy.data" 2>"$TMPD/busy.err" &
rec=$!
wait_caught $rec
sleep 0.5
kill -INT $rec
# a hang guard, not a timing check: a stuck recorder is killed after 60 s
( sleep 60; kill -9 $rec 2>/dev/null ) &
guard=$!
wait $rec
rc=$?
kill $guard $wl 2>/dev/null
wait $wl 2>/dev/null
[ $rc -eq 0 ] || { cat "$TMPD/busy.err"; fail "SIGINT under a constant flow of records: exit $rc"; }
"$PERF" report --stats -i "$TMPD/busy.data" >/dev/null 2>&1 || fail "perf cannot read the interrupted file"
rm -f "$TMPD/busy.data"
ok "SIGINT under a constant flow of records"

# a one-page buffer under a fast tracepoint: the kernel's LOST records are
# kept, and the count ptool prints is what perf finds in the file
"$PTOOL" record -m 1 -e syscalls:sys_enter_write -o "$TMPD/lost.data" -- \
	"$WORKLOADS/writeloop" 100000 >/dev/null 2>"$TMPD/lost.err" ||
	{ cat "$TMPD/lost.err"; fail "record -m 1 exit status"; }
n=$(same_count "$TMPD/lost.err" "$TMPD/lost.data")
chunks=$(sed -n 's/.*and lost \([0-9]*\) chunks!.*/\1/p' "$TMPD/lost.err")
theirs=$("$PERF" report --stats -i "$TMPD/lost.data" 2>/dev/null | awk '/^ *LOST events:/ { print $3; exit }')
if [ -n "$chunks" ]; then
	[ "$chunks" = "${theirs:-0}" ] || fail "ptool says $chunks lost chunks, perf counts ${theirs:-0}"
	mine=$(sed -n 's/.*warning: processed \([0-9]* samples and lost [0-9.]*%!\)$/\1/p' "$TMPD/lost.err")
	[ -n "$mine" ] || { cat "$TMPD/lost.err"; fail "no lost percentage printed"; }
	# perf reads the same loss from the LOST_SAMPLES records; its report
	# warns only above a 5% drop rate
	"$PERF" report --stdio -i "$TMPD/lost.data" >/dev/null 2>"$TMPD/lost.perr"
	pct=$(echo "$mine" | sed -n 's/.* lost \([0-9.]*\)%!$/\1/p')
	if awk -v p="$pct" 'BEGIN { exit !(p > 5) }'; then
		grep -q "Processed $mine" "$TMPD/lost.perr" ||
			{ cat "$TMPD/lost.perr"; fail "perf does not see '$mine'"; }
	else
		! grep -q "samples and lost" "$TMPD/lost.perr" ||
			{ cat "$TMPD/lost.perr"; fail "perf warns of a ${pct}% loss, which it should not"; }
	fi
	ok "loss: $chunks lost chunks reported and written, $n samples kept"
else
	[ -z "$theirs" ] || [ "$theirs" = 0 ] || fail "perf finds $theirs LOST records, ptool reported none"
	ok "no loss happened with -m 1 this time; nothing to compare"
fi

# a uprobe, added straight through tracefs under a group of our own
W=$WORKLOADS/cpuloop
[ -w "$TFS/uprobe_events" ] || skip "no uprobe_events (uprobes not in this kernel)"
G=ptrec_$$
vaddr=$(nm "$W" | awk '$3 == "warm" { print $1 }')
[ -n "$vaddr" ] || fail "no symbol warm in $W"
off=$(readelf -lW "$W" | awk -v a=$((16#$vaddr)) '
	$1 == "LOAD" { o = strtonum($2); v = strtonum($3); s = strtonum($5)
		if (a >= v && a < v + s) printf "0x%x\n", a - v + o }')
[ -n "$off" ] || fail "cannot place warm in a segment"
trap 'echo "-:$G/warm" >> "$TFS/uprobe_events" 2>/dev/null; rm -rf "$TMPD"' EXIT
echo "p:$G/warm $W:$off" >> "$TFS/uprobe_events" || skip "cannot add a uprobe"
"$PTOOL" record -e "$G:warm" -o "$TMPD/up.data" -- "$W" 0.2 >/dev/null 2>"$TMPD/up.err" ||
	{ cat "$TMPD/up.err"; fail "uprobe record exit status"; }
n=$(same_count "$TMPD/up.err" "$TMPD/up.data")
perf_reads "$TMPD/up.data"
assert_match "perf script shows the uprobe" "cpuloop +[0-9]+ .*$G:warm: \\(" "$TMPD/script.out"
ok "uprobe: $n hits of warm"
exit 0
