#!/usr/bin/env bash
# ptool stat on bundled workloads: counts, layout against perf stat, exit
# status, repeats.
. "$(dirname "$0")/lib.sh"
TP=$WORKLOADS/touchpages
[ -x "$TP" ] || fail "build the workloads first (make workloads)"

# touchpages N faults at least N pages
"$PTOOL" stat -- "$TP" 5000 2>"$TMPD/s1" || fail "ptool stat exit status"
assert_match "header" "^ Performance counter stats for '$TP 5000':$" "$TMPD/s1"
pf=$(awk '$2 == "page-faults" { print $1 }' "$TMPD/s1" | tr -d ,)
[ -n "$pf" ] && [ "$pf" -ge 5000 ] || fail "page-faults $pf < 5000"
for ev in task-clock context-switches cpu-migrations page-faults cycles \
	instructions branches branch-misses; do
	assert_match "default event $ev" " $ev( |$)" "$TMPD/s1"
done
assert_match "CPUs utilized" 'msec task-clock +# +[0-9.]+ CPUs utilized' "$TMPD/s1"
assert_match "rate metric" 'page-faults +# +[0-9.]+ [KMG]?/sec' "$TMPD/s1"
assert_match "elapsed" '^ +[0-9]+\.[0-9]{9} seconds time elapsed$' "$TMPD/s1"
assert_match "user" '^ +[0-9]+\.[0-9]{9} seconds user$' "$TMPD/s1"
assert_match "sys" '^ +[0-9]+\.[0-9]{9} seconds sys$' "$TMPD/s1"

# cycles: <not supported> where perf cannot open it, a count where it can
if can_open cycles; then
	assert_match "cycles counted" '^ +[0-9][0-9,]* +cycles' "$TMPD/s1"
else
	assert_match "cycles not supported" '^ +<not supported> +cycles +$' "$TMPD/s1"
fi
ok "touchpages: $pf page-faults"

if [ -n "$PERF" ]; then
	# the same layout as perf stat once the numbers are masked
	norm() { sed -E 's/ *[0-9][0-9.,]*/ N/g; s/ [KMG]?\/sec/ \/sec/; s/ +$//' "$1"; }
	"$PERF" stat -- "$TP" 5000 2>"$TMPD/p1" >/dev/null
	"$PTOOL" stat -- "$TP" 5000 2>"$TMPD/s2" >/dev/null
	norm "$TMPD/p1" >"$TMPD/p1n"
	norm "$TMPD/s2" >"$TMPD/s2n"
	diff "$TMPD/p1n" "$TMPD/s2n" || fail "layout differs from perf stat"
	# line lengths too (columns, padding)
	awk '{ print length($0) }' "$TMPD/p1" | sed 1,3d >"$TMPD/p1l"
	awk '{ print length($0) }' "$TMPD/s2" | sed 1,3d >"$TMPD/s2l"
	diff "$TMPD/p1l" "$TMPD/s2l" >/dev/null ||
		{ paste "$TMPD/p1" "$TMPD/s2" | head -20; fail "line widths differ from perf stat"; }
	ok "layout matches perf stat"

	# counts in a band around perf's on the same workload
	"$PERF" stat -x, -e page-faults,task-clock -- "$TP" 20000 2>"$TMPD/pc" >/dev/null
	"$PTOOL" stat -x, -e page-faults,task-clock -- "$TP" 20000 2>"$TMPD/sc" >/dev/null
	ppf=$(awk -F, '$3 == "page-faults" { print $1 }' "$TMPD/pc")
	spf=$(awk -F, '$3 == "page-faults" { print $1 }' "$TMPD/sc")
	ptc=$(awk -F, '$3 == "task-clock" { print $1 }' "$TMPD/pc")
	stc=$(awk -F, '$3 == "task-clock" { print $1 }' "$TMPD/sc")
	awk -v a="$spf" -v b="$ppf" 'BEGIN { exit !(a >= 0.9 * b && a <= 1.1 * b) }' ||
		fail "page-faults $spf vs perf $ppf"
	awk -v a="$stc" -v b="$ptc" 'BEGIN { exit !(a >= b / 4 && a <= b * 4) }' ||
		fail "task-clock $stc msec vs perf $ptc msec"
	ok "page-faults $spf (perf $ppf), task-clock $stc msec (perf $ptc)"
fi

# a sleeping workload uses little cpu
"$PTOOL" stat -x, -e task-clock -- sleep 0.2 2>"$TMPD/sl" || fail "sleep"
util=$(awk -F, '$3 == "task-clock" { print $6 }' "$TMPD/sl")
awk -v u="$util" 'BEGIN { exit !(u < 0.5) }' || fail "sleep: $util CPUs utilized"
ok "sleep: $util CPUs utilized"

# the workload's exit status, and 128+signal with perf's message
"$PTOOL" stat -e cs -- "$TP" 10 7 2>/dev/null
[ $? -eq 7 ] || fail "exit status 7 not propagated"
"$PTOOL" stat -e cs -- sh -c 'kill -TERM $$' 2>"$TMPD/sig"
[ $? -eq 143 ] || fail "signal exit not 143"
assert_match "signal named" '^sh: Terminated$' "$TMPD/sig"
"$PTOOL" stat -e cs -- ptool-no-such-command 2>"$TMPD/nx"
[ $? -eq 127 ] || fail "missing command must exit 127"
assert_match "missing command" "^ptool stat: cannot run 'ptool-no-such-command': No such file or directory$" "$TMPD/nx"
ok "exit statuses"

# -r: averages with their variation
"$PTOOL" stat -r 5 -e task-clock,page-faults -- "$TP" 1000 2>"$TMPD/r"
assert_match "runs in header" "\(5 runs\):$" "$TMPD/r"
assert_match "stddev" 'task-clock .*\( \+- +[0-9]+\.[0-9]{2}% \)$' "$TMPD/r"
assert_match "elapsed stddev" 'seconds time elapsed  \( \+- +[0-9.]+% \)$' "$TMPD/r"
assert_no_match "no user/sys with -r" 'seconds user' "$TMPD/r"
ok "-r 5"

# -o and --append; -q prints nothing
"$PTOOL" stat -o "$TMPD/out" -e cs -- true 2>"$TMPD/err" || fail "-o"
[ -s "$TMPD/err" ] && fail "-o still wrote to stderr"
assert_match "-o file" ' cs ' "$TMPD/out"
assert_match "-o header" '^# started on [A-Z][a-z]{2} ' "$TMPD/out"
"$PTOOL" stat --append -o "$TMPD/out" -e faults -- true
[ "$(grep -c 'Performance counter stats' "$TMPD/out")" -eq 2 ] || fail "--append"
"$PTOOL" stat -q -e cs -- true 2>"$TMPD/q"
[ -s "$TMPD/q" ] && fail "-q printed"
"$PTOOL" stat --log-fd 5 -e cs -- true 5>"$TMPD/lfd" 2>"$TMPD/err" || fail "--log-fd"
[ -s "$TMPD/err" ] && fail "--log-fd still wrote to stderr"
assert_match "--log-fd" ' cs ' "$TMPD/lfd"
ok "-o, --append, -q, --log-fd"

# -d/-dd/-ddd append perf's cache events; --timeout ends the command (exit
# 0, as perf); -D starts counting later
"$PTOOL" stat -ddd -x, -- true 2>"$TMPD/d" || fail "-ddd"
[ "$(wc -l <"$TMPD/d")" -eq 20 ] || { cat "$TMPD/d"; fail "-ddd: 8 + 12 events expected"; }
assert_match "-ddd last" '^[^,]*,,L1-dcache-prefetch-misses,' "$TMPD/d"
"$PTOOL" stat -d -x, -e cs -- true 2>"$TMPD/d1" || fail "-d -e cs"
[ "$(cut -d, -f3 "$TMPD/d1" | tr '\n' ' ')" = "cs L1-dcache-loads L1-dcache-load-misses LLC-loads LLC-load-misses " ] ||
	fail "-d with -e: $(cut -d, -f3 "$TMPD/d1" | tr '\n' ' ')"
timeout 30 "$PTOOL" stat --timeout 200 -e cs -- sleep 20 2>"$TMPD/to"
rc=$?
[ $rc -eq 0 ] || fail "--timeout: exit $rc"
assert_match "--timeout ended the command" '^sleep: Terminated$' "$TMPD/to"
"$PTOOL" stat -D 100 -e task-clock -- sleep 0.3 2>"$TMPD/dl" || fail "-D"
assert_match "-D disabled" '^Events disabled$' "$TMPD/dl"
assert_match "-D enabled" '^Events enabled$' "$TMPD/dl"
ok "-d, --timeout, -D"

# -vv prints each perf_event_attr as perf stat -vv does
if [ -n "$PERF" ]; then
	ext() { sed -n '/^perf_event_attr:/,/^-----/p'; }
	evs='cs,page-faults:u,task-clock:k,mem:0x1000,cs:p,faults:D,cs:GH,{cs:G,faults:k}:u,minor-faults:h'
	"$PERF" stat -vv -e "$evs" -- true 2>&1 >/dev/null | ext >"$TMPD/pa"
	"$PTOOL" stat -vv -e "$evs" -- true 2>&1 >/dev/null | ext >"$TMPD/sa"
	[ -s "$TMPD/sa" ] || fail "-vv printed no attrs"
	diff "$TMPD/pa" "$TMPD/sa" || fail "-vv attrs differ from perf stat"
	ok "-vv attrs as perf"
fi
