#!/usr/bin/env bash
# -p/-t with -a or -C: the task target wins, with perf's warning, in
# ptool stat and ptool record.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/record.inc"
need_root
need_perf

# an idle process: counted alone it has no cpu time, system-wide a lot
sleep 30 &
idle=$!
"$WORKLOADS/cpuloop" 30 >/dev/null &
busy=$!
trap 'kill $idle $busy 2>/dev/null; rm -rf "$TMPD"' EXIT

for t in "-a" "-C 0" "-a -C 0"; do
	# shellcheck disable=SC2086
	"$PERF" stat -x, -p $idle $t -e task-clock,cs -- sleep 0.1 2>"$TMPD/p"
	# shellcheck disable=SC2086
	"$PTOOL" stat -x, -p $idle $t -e task-clock,cs -- sleep 0.1 2>"$TMPD/s" ||
		{ cat "$TMPD/s"; fail "stat -p $t refused"; }
	diff "$TMPD/p" "$TMPD/s" || fail "stat -p PID $t differs from perf"
	ok "stat -p PID $t: $(head -1 "$TMPD/s")"
done
"$PTOOL" stat -t $idle -a -e cs -- sleep 0.1 2>"$TMPD/t" || fail "stat -t -a"
assert_match "-t header" "^ Performance counter stats for thread id '$idle':$" "$TMPD/t"
"$PTOOL" stat -q -p $idle -a -x, -e cs -- sleep 0.1 2>"$TMPD/q" || fail "stat -q -p -a"
assert_no_match "-q: no warning" 'overriding' "$TMPD/q"
# what needs -a still does once -p has overridden it, as perf
expect_fail "-p -a -A" "$PTOOL" stat -p $idle -a -A -e cs -- sleep 0.1 >/dev/null
ok "stat -t -a, -q, -A"

# record: only the busy process's samples, not the rest of the machine
"$PTOOL" record -e cpu-clock -p $busy -a -o "$TMPD/r.data" -- sleep 0.3 \
	>/dev/null 2>"$TMPD/r.err" || { cat "$TMPD/r.err"; fail "record -p -a refused"; }
[ "$(head -2 "$TMPD/r.err")" = "Warning:
PID/TID switch overriding SYSTEM" ] || { cat "$TMPD/r.err"; fail "record -p -a: not perf's warning"; }
"$PERF" script -F pid -i "$TMPD/r.data" 2>/dev/null | sort -u >"$TMPD/pids"
[ "$(tr -d ' \n' <"$TMPD/pids")" = "$busy" ] ||
	{ cat "$TMPD/pids"; fail "record -p $busy -a: samples of other processes"; }
"$PERF" report --header-only -i "$TMPD/r.data" 2>/dev/null >"$TMPD/r.h"
"$PERF" record -q -e cpu-clock -p $busy -a -o "$TMPD/pr.data" -- sleep 0.1 >/dev/null 2>&1 ||
	fail "perf record -p -a"
"$PERF" report --header-only -i "$TMPD/pr.data" 2>/dev/null >"$TMPD/pr.h"
# the same attrs as perf's (sample_type without CPU: not system-wide)
grep -o 'sample_type = [A-Z_|]*' "$TMPD/r.h" >"$TMPD/r.st"
grep -o 'sample_type = [A-Z_|]*' "$TMPD/pr.h" >"$TMPD/pr.st"
diff "$TMPD/pr.st" "$TMPD/r.st" || fail "record -p -a: sample_type differs from perf's"
ok "record -p -a: samples of pid $busy only, $(cat "$TMPD/r.st")"
