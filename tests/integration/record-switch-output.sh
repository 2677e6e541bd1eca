#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# record --switch-output: a recording cut into complete files named as perf
# names them (<output>.<YYYYMMDDHHMMSScc>), on SIGUSR2, a time, a size or an
# event, --switch-max-files keeping the newest; perf reads every file, and
# ptool report prints perf report's lines on them.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/record.inc"
. "$(dirname "$0")/report-common.inc"
need_sampling
W=$WORKLOADS/cpuloop
cd "$TMPD" || fail "no tmpdir"

# every Dump line names a file that perf and ptool read
check_files() {
	local err=$1 f
	grep -q '^\[ ptool record: Captured and wrote .* [a-z.]*\.<timestamp> \]$' "$err" ||
		{ cat "$err"; fail "no perf-style summary line"; }
	for f in $(sed -n 's/^\[ ptool record: Dump \(.*\) \]$/\1/p' "$err"); do
		[ -f "$f" ] || [ -n "${2:-}" ] || fail "'$f' was announced but is missing"
		[ -f "$f" ] || continue
		case $f in
		*.data.[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]) ;;
		*) fail "'$f' is not named <output>.<YYYYMMDDHHMMSScc>" ;;
		esac
		"$PERF" report --stdio -i "$f" >"$f.perf" 2>"$f.perr" ||
			grep -q 'has no samples' "$f.perr" ||
			{ cat "$f.perr"; fail "perf report cannot read '$f'"; }
		"$PTOOL" report --stdio -i "$f" >"$f.ptool" 2>"$f.terr" ||
			grep -q 'has no samples' "$f.terr" ||
			{ cat "$f.terr"; fail "ptool report cannot read '$f'"; }
	done
}

# wait_files PATTERN N: until N files match (the rename is the switch)
wait_files() {
	local i
	for i in $(seq 300); do
		# shellcheck disable=SC2086
		[ "$(ls $1 2>/dev/null | wc -l)" -ge "$2" ] && return 0
		sleep 0.1
	done
	fail "no file $2 matching $1"
}

# SIGUSR2 twice, then Ctrl-C: three files, the last one valid too
"$PTOOL" record --switch-output -e cpu-clock -o s.data -- "$W" 60 >/dev/null 2>s.err &
pid=$!
wait_files s.data 1
sleep 0.3
kill -USR2 $pid
wait_files 's.data.*' 1
sleep 0.3
kill -USR2 $pid
wait_files 's.data.*' 2
sleep 0.3
kill -INT $pid
wait $pid
[ -e s.data ] && fail "s.data left behind"
n=$(find . -name 's.data.*' ! -name '*.p*' ! -name '*.t*' | wc -l)
[ "$n" -eq 3 ] || { ls; cat s.err; fail "SIGUSR2 twice gave $n files, not 3"; }
[ "$(grep -c 'dump data: Woken up' s.err)" -eq 2 ] || { cat s.err; fail "dump lines"; }
check_files s.err
first=$(sed -n 's/^\[ ptool record: Dump \(.*\) \]$/\1/p' s.err | head -1)
grep -q 'cpuloop' "$first.perf" || { cat "$first.perf"; fail "no workload samples in '$first'"; }
diff <(strip_tip "$first.perf") "$first.ptool" >s.diff ||
	{ cat s.diff; fail "ptool report differs from perf report on '$first'"; }
last=$(sed -n 's/^\[ ptool record: Dump \(.*\) \]$/\1/p' s.err | tail -1)
diff <(strip_tip "$last.perf") "$last.ptool" >s.diff ||
	{ cat s.diff; fail "ptool report differs from perf report on '$last'"; }
ok "SIGUSR2 twice and Ctrl-C: 3 files, each read by perf as by ptool"

# a second file stands alone: the workload's process is described again
"$PERF" script -i "$last" --show-task-events 2>/dev/null | grep -q 'PERF_RECORD_COMM: cpuloop' ||
	fail "'$last' does not describe the workload's process"
ok "later files carry the process state"

# =1s on a 3.5 s workload: a file a second and one for the end; the
# timer and the workload both run on wall time, so 3 switches are due
"$PTOOL" record --switch-output=1s -e cpu-clock -o t.data -- sleep 3.5 >/dev/null 2>t.err ||
	{ cat t.err; fail "record --switch-output=1s"; }
n=$(grep -c '^\[ ptool record: Dump' t.err)
[ "$n" -ge 3 ] && [ "$n" -le 5 ] || { cat t.err; fail "=1s on 3.5 s gave $n files"; }
[ "$(grep -c 'dump data' t.err)" -eq $((n - 1)) ] || { cat t.err; fail "dump data lines"; }
check_files t.err
ok "--switch-output=1s: $n files"

# a size: each file but the last holds at least that much data;
# --switch-max-files=2 keeps the two newest
"$PTOOL" record --switch-output=300K --switch-max-files=2 -m 16 -F 4000 \
	--call-graph dwarf,2048 -e cpu-clock -o z.data -- "$W" 1 >/dev/null 2>z.err ||
	{ cat z.err; fail "record --switch-output=300K"; }
n=$(grep -c '^\[ ptool record: Dump' z.err)
[ "$n" -ge 3 ] || { cat z.err; fail "300K gave $n switches only"; }
left=$(find . -name 'z.data.*' ! -name '*.p*' ! -name '*.t*' | sort)
want=$(sed -n 's/^\[ ptool record: Dump \(.*\) \]$/.\/\1/p' z.err | tail -2 | sort)
[ "$left" = "$want" ] || { echo "left: $left"; echo "want: $want"; fail "--switch-max-files=2 kept the wrong files"; }
check_files z.err old
for f in $(sed -n 's/^\[ ptool record: Dump \(.*\) \]$/\1/p' z.err | tail -2 | head -1); do
	size=$("$PERF" report --header-only -i "$f" 2>/dev/null | sed -n 's/^# data size *: //p')
	[ "${size:-0}" -ge $((300 * 1024)) ] || fail "'$f' holds $size bytes, under 300K"
done
ok "--switch-output=300K, --switch-max-files=2 keeps the newest"

# an event: each exec switches (system-wide, as perf's side band)
"$PTOOL" record --switch-output-event=sched:sched_process_exec -e cpu-clock -o e.data -- \
	sh -c 'sleep 0.2; /bin/true; sleep 0.2' >/dev/null 2>e.err ||
	{ cat e.err; fail "record --switch-output-event"; }
n=$(grep -c '^\[ ptool record: Dump' e.err)
[ "$n" -ge 3 ] || { cat e.err; fail "3 execs gave $n files"; }
check_files e.err
ok "--switch-output-event: $n files"

# bad arguments
expect_fail "a number without a unit" "$PTOOL" record --switch-output=10 -o x.data -- true
expect_fail "a lowercase size" "$PTOOL" record --switch-output=1k -o x.data -- true
expect_fail "a pipe" "$PTOOL" record --switch-output -o - -- true
expect_fail "an unknown event" "$PTOOL" record --switch-output-event=no:such_event -o x.data -- true
[ -e x.data ] && fail "a failed record left x.data"
ok "bad --switch-output arguments"
exit 0
