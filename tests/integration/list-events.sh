#!/usr/bin/env bash
# ptool list against perf list.
. "$(dirname "$0")/lib.sh"

"$PTOOL" list >"$TMPD/all" || fail "ptool list"
for e in cpu-clock task-clock 'page-faults OR faults' 'context-switches OR cs'; do
	grep -q "^  $e  *\[Software event\]$" "$TMPD/all" || fail "missing $e"
done
"$PTOOL" list sw >"$TMPD/sw" || fail "list sw"
if [ -n "$PERF" ]; then
	"$PERF" list sw 2>/dev/null | grep '\[Software event\]\|\[Tool event\]' >"$TMPD/psw"
	diff "$TMPD/psw" "$TMPD/sw" || fail "software events differ from perf list sw"
	"$PERF" list 'sched:*' 2>/dev/null >"$TMPD/psched"
	"$PTOOL" list 'sched:*' >"$TMPD/sched"
	diff "$TMPD/psched" "$TMPD/sched" || fail "sched:* differs from perf list"
	"$PERF" list cs 2>/dev/null >"$TMPD/pcs"
	"$PTOOL" list cs >"$TMPD/cs"
	diff "$TMPD/pcs" "$TMPD/cs" || fail "'list cs' differs from perf list"
	ok "sw, sched:*, cs as perf list"
fi
"$PTOOL" list hw >"$TMPD/hw"
assert_match "cycles listed" '^  cpu-cycles OR cycles  +\[Hardware event' "$TMPD/hw"
if can_open cycles; then
	assert_no_match "cycles supported" 'cycles .*not supported' "$TMPD/hw"
else
	assert_match "cycles marked" '^  cpu-cycles OR cycles  +\[Hardware event, not supported\]$' "$TMPD/hw"
fi
"$PTOOL" list cache | grep -q '^  L1-dcache-load-misses ' || fail "cache events"
"$PTOOL" list tracepoint >"$TMPD/tp"
grep -q '^  sched:sched_switch  *\[Tracepoint event\]$' "$TMPD/tp" || fail "tracepoints"
[ -z "$("$PTOOL" list 'ptool-no-such-event*')" ] || fail "filter"
ok "list"
