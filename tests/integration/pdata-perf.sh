#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# perf.data interoperability with perf 6.1:
#  - a file made only by ptool's writer (file and pipe format) is read by
#    perf report, perf script, perf evlist and perf report --header-only
#    without a warning;
#  - ptool's reader counts every record type of fresh perf recordings
#    exactly as perf report -D does.
. "$(dirname "$0")/lib.sh"
need_perf
BUILD=${BUILD:-$TOP/build/default}
TP=$BUILD/tests/test_pdata
[ -x "$TP" ] || skip "$TP is not built (make unit-bins)"
CPULOOP=$WORKLOADS/cpuloop
[ -x "$CPULOOP" ] || skip "$CPULOOP is not built (make workloads)"

hot=$(nm "$CPULOOP" | awk '$3 == "hot" { print "0x" $1 }')
[ -n "$hot" ] || fail "no symbol 'hot' in $CPULOOP"

# --- perf reads the writer's files ---
for mode in file pipe; do
	f=$TMPD/w-$mode.data
	if [ $mode = pipe ]; then
		PDATA_WRITE_FIXTURE=$f PDATA_FIXTURE_PIPE=1 PDATA_FIXTURE_EXE=$CPULOOP \
			PDATA_FIXTURE_IP=$hot "$TP" || fail "writer ($mode) failed"
		"$PERF" report --stdio -i - <"$f" >"$TMPD/report" 2>"$TMPD/err"
	else
		PDATA_WRITE_FIXTURE=$f PDATA_FIXTURE_EXE=$CPULOOP \
			PDATA_FIXTURE_IP=$hot "$TP" || fail "writer ($mode) failed"
		"$PERF" report --stdio -i "$f" >"$TMPD/report" 2>"$TMPD/err"
	fi
	[ $? -eq 0 ] || { cat "$TMPD/err"; fail "perf report ($mode) failed"; }
	[ -s "$TMPD/err" ] && { cat "$TMPD/err"; fail "perf report ($mode) warned"; }
	assert_match "report ($mode): samples" "Samples: 10 +of event 'cpu-clock'" "$TMPD/report"
	assert_match "report ($mode): symbol" "cpuloop +cpuloop +\[\.\] hot" "$TMPD/report"

	"$PERF" script -i "$f" >"$TMPD/script" 2>"$TMPD/err" </dev/null ||
		{ cat "$TMPD/err"; fail "perf script ($mode) failed"; }
	[ -s "$TMPD/err" ] && { cat "$TMPD/err"; fail "perf script ($mode) warned"; }
	n=$(grep -c 'cpu-clock:' "$TMPD/script")
	[ "$n" -eq 10 ] || { cat "$TMPD/script"; fail "perf script ($mode): $n samples, want 10"; }
	n=$(grep -c 'hot+0x0 (.*cpuloop)' "$TMPD/script")
	[ "$n" -ge 10 ] || { cat "$TMPD/script"; fail "perf script ($mode): callchain not resolved"; }
	ok "perf report and perf script read the writer's $mode file"
done

f=$TMPD/w-file.data
"$PERF" report --header-only -i "$f" >"$TMPD/hdr" 2>"$TMPD/err" || fail "perf report --header-only failed"
[ -s "$TMPD/err" ] && { cat "$TMPD/err"; fail "perf report --header-only warned"; }
assert_match "header: hostname" "^# hostname : $(uname -n)\$" "$TMPD/hdr"
assert_match "header: os release" "^# os release : $(uname -r)\$" "$TMPD/hdr"
assert_match "header: nrcpus" "^# nrcpus online : $(nproc)\$" "$TMPD/hdr"
assert_match "header: cmdline" "^# cmdline : /usr/bin/ptool record cpuloop \$" "$TMPD/hdr"
assert_match "header: event" "^# event : name = cpu-clock, , id = \{ 77 \}, type = 1, size = 128, \{ sample_period, sample_freq \} = 100000, sample_type = IP\|TID\|TIME\|CALLCHAIN\|ID\|CPU\|PERIOD" "$TMPD/hdr"
assert_match "header: sample time" "^# sample duration : +0.009 ms" "$TMPD/hdr"
"$PERF" evlist -v -i "$f" >"$TMPD/evlist" 2>"$TMPD/err" || fail "perf evlist failed"
[ -s "$TMPD/err" ] && { cat "$TMPD/err"; fail "perf evlist warned"; }
assert_match "evlist" "^cpu-clock: .*sample_type: IP\|TID\|TIME\|CALLCHAIN\|ID\|CPU\|PERIOD" "$TMPD/evlist"
ok "perf report --header-only and perf evlist read the writer's header"

# --- the header printout is perf report --header-only's (and -I's) ---
header_match() {
	local f=$1 what=$2
	PDATA_HEADER=$f "$TP" >"$TMPD/ours" || fail "$what: header failed"
	"$PERF" report --header-only -i "$f" >"$TMPD/perf" 2>&1 </dev/null
	diff -u "$TMPD/perf" "$TMPD/ours" || fail "$what: header differs from perf report --header-only"
	PDATA_HEADER=$f PDATA_HEADER_FULL=1 "$TP" >"$TMPD/ours" || fail "$what: header -I failed"
	"$PERF" report -I --header-only -i "$f" >"$TMPD/perf" 2>&1 </dev/null
	diff -u "$TMPD/perf" "$TMPD/ours" || fail "$what: header differs from perf report -I --header-only"
	ok "$what: header as perf prints it"
}
for f in "$TOP"/tests/data/*.data; do
	header_match "$f" "$(basename "$f")"
done
header_match "$TMPD/w-file.data" "the writer's file"
header_match "$TMPD/w-pipe.data" "the writer's pipe file"

# --- the reader counts what perf counts ---
counts_match() {
	local f=$1 what=$2
	PDATA_COUNT=$f "$TP" | sort >"$TMPD/ours" || fail "$what: reader failed"
	"$PERF" report -D -i "$f" 2>/dev/null </dev/null |
		awk '/^Aggregated stats/ { on = 1; next } / stats:$/ { on = 0 }
		     on && $2 == "events:" && $1 != "TOTAL" { print $1, $3 }' |
		sort >"$TMPD/perf"
	[ -s "$TMPD/perf" ] || fail "$what: no stats from perf report -D"
	diff -u "$TMPD/perf" "$TMPD/ours" || fail "$what: record counts differ from perf report -D"
	ok "$what: $(grep SAMPLE "$TMPD/ours")"
}

r=$TMPD/perf-g.data
"$PERF" record -q -o "$r" -e cpu-clock -c 200000 -g -- "$CPULOOP" 0.2 >/dev/null 2>"$TMPD/err" ||
	{ cat "$TMPD/err"; fail "perf record -g failed"; }
counts_match "$r" "perf record -g"
header_match "$r" "perf record -g"

"$PERF" record -q -o - -e cpu-clock -c 200000 -g -- "$CPULOOP" 0.2 2>"$TMPD/err" >"$TMPD/pipe.data" ||
	{ cat "$TMPD/err"; fail "perf record -o - failed"; }
counts_match "$TMPD/pipe.data" "perf record -o - (pipe)"

r=$TMPD/perf-a.data
if "$PERF" record -q -o "$r" -a -e cpu-clock -c 1000000 -- "$CPULOOP" 0.2 >/dev/null 2>"$TMPD/err"; then
	counts_match "$r" "perf record -a"
	# time order across CPUs: the samples come as perf script shows them
	PDATA_TIMES=$r "$TP" >"$TMPD/ours" || fail "-a: reader failed"
	"$PERF" script -i "$r" -F time 2>/dev/null </dev/null | tr -d ' :' >"$TMPD/perf"
	diff -q "$TMPD/perf" "$TMPD/ours" >/dev/null ||
		fail "perf record -a: sample order differs from perf script"
	ok "perf record -a: $(wc -l <"$TMPD/ours") samples in perf script's order"
else
	cat "$TMPD/err"
	echo "note: perf record -a not possible here"
fi

if can_open syscalls:sys_enter_write; then
	r=$TMPD/perf-tp.data
	"$PERF" record -q -o "$r" -e syscalls:sys_enter_write -e cpu-clock -c 1 -- \
		sh -c 'for i in 1 2 3; do echo $i; done' >/dev/null 2>"$TMPD/err" ||
		{ cat "$TMPD/err"; fail "perf record tracepoint failed"; }
	counts_match "$r" "perf record two events (tracepoint + cpu-clock)"
	# a pipe carries the tracing data as a payload after its record
	"$PERF" record -q -o - -e syscalls:sys_enter_write -c 1 -- \
		sh -c 'for i in 1 2 3; do echo $i; done' 2>"$TMPD/err" >"$TMPD/tp-pipe.data" ||
		{ cat "$TMPD/err"; fail "perf record tracepoint -o - failed"; }
	counts_match "$TMPD/tp-pipe.data" "perf record tracepoint -o - (pipe)"
	header_match "$TMPD/tp-pipe.data" "perf record tracepoint -o - (pipe)"
fi
exit 0
