#!/usr/bin/env bash
# ptool stat -x and -j: perf's field order, parsed field by field.
. "$(dirname "$0")/lib.sh"
TP=$WORKLOADS/touchpages

"$PTOOL" stat -x, -- "$TP" 3000 2>"$TMPD/c" || fail "-x, exit status"
[ "$(wc -l <"$TMPD/c")" -eq 8 ] || { cat "$TMPD/c"; fail "8 rows expected"; }
# value,unit,event,run-time,percent,metric-value,metric-unit
awk -F, '
NF != 7 { print "fields: " $0; bad = 1 }
$1 !~ /^([0-9]+(\.[0-9]+)?|<not supported>|<not counted>)$/ { print "value: " $0; bad = 1 }
$3 == "task-clock" && ($2 != "msec" || $7 != "CPUs utilized") { print "task-clock: " $0; bad = 1 }
$3 != "task-clock" && $2 != "" { print "unit: " $0; bad = 1 }
$4 !~ /^[0-9]+$/ || $5 != "100.00" { print "run: " $0; bad = 1 }
$1 ~ /^[0-9]/ && ($6 !~ /^[0-9]+\.[0-9]+$/ || $7 !~ /CPUs utilized|\/sec/) { print "metric: " $0; bad = 1 }
$1 ~ /^</ && ($6 != "" || $7 != "") { print "no metric: " $0; bad = 1 }
END { exit bad }' "$TMPD/c" || fail "CSV fields"
events=$(cut -d, -f3 "$TMPD/c" | tr '\n' ' ')
[ "$events" = "task-clock context-switches cpu-migrations page-faults cycles instructions branches branch-misses " ] ||
	fail "CSV event order: $events"
pf=$(awk -F, '$3 == "page-faults" { print $1 }' "$TMPD/c")
[ "$pf" -ge 3000 ] || fail "CSV page-faults $pf"
ok "-x, rows"

if [ -n "$PERF" ]; then
	"$PERF" stat -x, -- "$TP" 3000 2>"$TMPD/pc" >/dev/null
	diff <(cut -d, -f2,3,5 "$TMPD/pc") <(cut -d, -f2,3,5 "$TMPD/c") || fail "CSV columns differ from perf"
	ok "CSV unit/event/percent columns as perf"
fi

# another separator, repeats add the variation column
"$PTOOL" stat -x';' -r 3 -e page-faults -- "$TP" 100 2>"$TMPD/c2" || fail "-x; -r3"
awk -F';' 'NF != 8 || $3 != "page-faults" || $4 !~ /^[0-9]+\.[0-9]{2}%$/ { exit 1 }' "$TMPD/c2" ||
	{ cat "$TMPD/c2"; fail "-x; -r 3 row"; }
ok "-x; -r 3"

# JSON lines
"$PTOOL" stat -j -e task-clock,page-faults,cycles -- "$TP" 100 2>"$TMPD/j" || fail "-j"
python3 - "$TMPD/j" <<'PY' || fail "JSON rows"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [r["event"] for r in rows] == ["task-clock", "page-faults", "cycles"], rows
keys = ["counter-value", "unit", "event", "event-runtime", "pcnt-running",
        "metric-value", "metric-unit"]
for r in rows:
    assert list(r) == keys, list(r)
assert rows[0]["unit"] == "msec" and rows[0]["metric-unit"] == "CPUs utilized"
assert float(rows[1]["counter-value"]) >= 100
assert rows[2]["counter-value"] in ("<not supported>",) or float(rows[2]["counter-value"]) > 0
PY
ok "-j"

# perf's tool events: wall time and the command's user time, in ns
"$PTOOL" stat -x, -e duration_time,user_time -- "$WORKLOADS/cpuloop" 0.2 >/dev/null 2>"$TMPD/d" ||
	fail "duration_time"
awk -F, '$3 == "duration_time" && $2 == "ns" && $1 >= 200000000 { d = 1 }
	$3 == "user_time" && $2 == "ns" && $1 > 0 { u = 1 } END { exit !(d && u) }' "$TMPD/d" ||
	{ cat "$TMPD/d"; fail "tool events"; }
ok "duration_time, user_time"

expect_fail "-x with -j" "$PTOOL" stat -x, -j -- true >/dev/null
