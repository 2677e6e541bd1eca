#!/usr/bin/env bash
# inherited counts of threads, -i, and --per-thread rows.
. "$(dirname "$0")/lib.sh"
ST=$WORKLOADS/stat_threads
[ -x "$ST" ] || fail "missing workload stat_threads"

# three threads fault 1000 pages each: counted through inheritance
"$PTOOL" stat -x, -e page-faults -- "$ST" 3 1000 2>"$TMPD/inh" || fail "stat threads"
n=$(awk -F, '$3 == "page-faults" { print $1 }' "$TMPD/inh")
[ "$n" -ge 3000 ] || fail "inherited page-faults $n < 3000"
# -i: the main thread only
"$PTOOL" stat -i -x, -e page-faults -- "$ST" 3 1000 2>"$TMPD/noinh" || fail "stat -i"
m=$(awk -F, '$3 == "page-faults" { print $1 }' "$TMPD/noinh")
[ "$m" -lt 3000 ] || fail "-i still counted the threads: $m"
ok "inherit: $n page-faults, -i: $m"

"$ST" 2 100 30 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$TMPD"' EXIT
sleep 0.3
"$PTOOL" stat --per-thread -p "$pid" -e cs,page-faults -- sleep 0.1 2>"$TMPD/pt" || fail "--per-thread"
for t in "stat_threads-$pid" "worker-0-" "worker-1-"; do
	assert_match "row of $t" "^ +$t[0-9]* +(<not counted>|[0-9,]+) +cs " "$TMPD/pt"
done
[ "$(grep -c ' page-faults ' "$TMPD/pt")" -eq 3 ] || fail "one page-faults row per thread"
if [ -n "$PERF" ]; then
	"$PERF" stat --per-thread -p "$pid" -e cs,page-faults -- sleep 0.1 2>"$TMPD/ppt" >/dev/null
	diff <(sed -E 's/ *(<not counted>|[0-9][0-9.,]*) +(cs|page)/ N \2/; s/[0-9]+\.[0-9]+ seconds/T seconds/' "$TMPD/ppt") \
	     <(sed -E 's/ *(<not counted>|[0-9][0-9.,]*) +(cs|page)/ N \2/; s/[0-9]+\.[0-9]+ seconds/T seconds/' "$TMPD/pt") ||
		fail "--per-thread layout differs from perf"
fi
"$PTOOL" stat --per-thread -x, -p "$pid" -e cs -- sleep 0.1 2>"$TMPD/ptc" || fail "--per-thread -x,"
awk -F, '$1 !~ /^(stat_threads|worker-[01])-[0-9]+$/ || $4 != "cs" { exit 1 }' "$TMPD/ptc" ||
	{ cat "$TMPD/ptc"; fail "--per-thread CSV"; }
kill $pid
"$PTOOL" stat --per-thread -e cs -- true 2>/dev/null
[ $? -eq 2 ] || fail "--per-thread without -p/-t is a usage error"
ok "--per-thread"

# --per-thread system-wide: every thread of the system that counted
# something, the largest count first, as perf
[ "$(id -u)" -eq 0 ] || skip "--per-thread -a needs root"
"$WORKLOADS/cpuloop" 2 >/dev/null &
cpid=$!
trap 'kill $cpid 2>/dev/null; rm -rf "$TMPD"' EXIT
sleep 0.2
"$PTOOL" stat --per-thread -a -e task-clock,cs -- sleep 0.3 2>"$TMPD/pta" ||
	fail "--per-thread -a"
assert_match "the busy thread" "^ +cpuloop-$cpid +[0-9.,]+ msec task-clock " "$TMPD/pta"
# each event's rows by count, largest first, none zero
for ev in task-clock cs; do
	awk -v ev="$ev" '$0 ~ " " ev " " { v = $2; gsub(",", "", v); v += 0
		if (v == 0 || (n++ && v > last)) bad = 1; last = v }
		END { exit bad || !n }' "$TMPD/pta" ||
		{ cat "$TMPD/pta"; fail "$ev rows not by count, or a zero row"; }
done
"$PTOOL" stat --per-thread -a -x, -e cs -- sleep 0.1 2>"$TMPD/ptac" || fail "--per-thread -a -x,"
awk -F, '$1 !~ /-[0-9]+$/ || $4 != "cs" { exit 1 }' "$TMPD/ptac" ||
	{ cat "$TMPD/ptac"; fail "--per-thread -a CSV"; }
if [ -n "$PERF" ]; then
	# the same shape: header, rows of comm-tid, count, event, metric
	shape() {	# perf's warnings of threads gone meanwhile left out
		grep -v "^Couldn't resolve comm name" "$1" | sed -E 's/^ *.+-[0-9]+ +[0-9.,]+ +(msec )?(task-clock|cs) .*/ROW \2/;
			s/[0-9]+\.[0-9]+ seconds/T seconds/' | uniq
	}
	# perf 6.1 fails now and then to list the threads ("failed to parse
	# CPUs map") when one ends meanwhile: a few tries
	for try in 1 2 3 4 5; do
		"$PERF" stat --per-thread -a -e task-clock,cs -- sleep 0.3 \
			2>"$TMPD/ppta" >/dev/null
		grep -q 'failed to parse CPUs map' "$TMPD/ppta" || break
	done
	diff <(shape "$TMPD/ppta") <(shape "$TMPD/pta") ||
		fail "--per-thread -a layout differs from perf (try $try)"
	for try in 1 2 3 4 5; do
		"$PERF" stat --per-thread -a -I 100 -e cs -- sleep 0.25 \
			2>"$TMPD/pptai" >/dev/null
		grep -q 'failed to parse CPUs map' "$TMPD/pptai" || break
	done
	"$PTOOL" stat --per-thread -a -I 100 -e cs -- sleep 0.25 2>"$TMPD/ptai"
	# perf may also warn of threads gone meanwhile, or fail to start
	if grep -q '^#' "$TMPD/pptai"; then
		grep '^#' "$TMPD/pptai" | head -1 >"$TMPD/h1"
		head -1 "$TMPD/ptai" | diff "$TMPD/h1" - || fail "--per-thread -a -I header"
	fi
fi
kill $cpid
"$PTOOL" stat --per-thread -C 0 -e cs -- true 2>/dev/null
[ $? -eq 2 ] || fail "--per-thread -C is a usage error, as perf"
ok "--per-thread -a"
