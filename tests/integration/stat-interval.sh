#!/usr/bin/env bash
# ptool stat -I: perf's interval layout.
. "$(dirname "$0")/lib.sh"

"$PTOOL" stat -I 100 -e task-clock,cs -- sleep 0.55 2>"$TMPD/i" || fail "-I"
assert_match "header" '^#           time             counts unit events$' "$TMPD/i"
assert_no_match "no summary" 'Performance counter stats' "$TMPD/i"
n=$(grep -c 'task-clock' "$TMPD/i")
# five full intervals and the last partial one; a loaded machine may lose one
[ "$n" -ge 5 ] && [ "$n" -le 7 ] || { cat "$TMPD/i"; fail "$n intervals"; }
awk '/task-clock|cs/ && $1 !~ /^[0-9]+\.[0-9]{9}$/ { exit 1 }' "$TMPD/i" || fail "timestamps"
ok "-I 100: $n intervals"

"$PTOOL" stat -I 100 -x, -e cs -- sleep 0.25 2>"$TMPD/c" || fail "-I -x,"
awk -F, 'NF != 8 || $4 != "cs" { exit 1 }' "$TMPD/c" || { cat "$TMPD/c"; fail "interval CSV"; }
"$PTOOL" stat -I 100 -j -e cs -- sleep 0.15 2>"$TMPD/j" || fail "-I -j"
python3 -c 'import json,sys; [json.loads(l)["interval"] for l in open(sys.argv[1])]' "$TMPD/j" ||
	fail "interval JSON"

if [ "$(id -u)" -eq 0 ]; then
	"$PTOOL" stat -a -I 50 --interval-count 3 -e cs 2>"$TMPD/n" || fail "--interval-count"
	[ "$(grep -c ' cs ' "$TMPD/n")" -eq 3 ] || { cat "$TMPD/n"; fail "--interval-count 3"; }
fi
ok "interval CSV, JSON, count"
