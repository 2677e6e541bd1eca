#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool script prints what perf script prints, line for line, on files
# recorded by perf: callchains, one-line samples, -F, -G, --ns, filters.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/script-common.inc"
need_perf
need_workloads foldloop

same() {	# DESC FILE ARGS...
	script_same "$@"
	ok "$1 ($(wc -l <"$TMPD/perf.out") lines)"
}

# user-space callchains (-D skips the dynamic loader's start-up)
"$PERF" record -q -e cpu-clock:u -g -D 20 -F 997 -o "$TMPD/g.data" -- \
	"$WORKLOADS/foldloop" 300 >/dev/null 2>&1 || skip "perf record -g does not work here"
same "callchains" "$TMPD/g.data"
same "-G" "$TMPD/g.data" -G
same "--ns" "$TMPD/g.data" --ns
same "--reltime" "$TMPD/g.data" --reltime
same "--deltatime" "$TMPD/g.data" --deltatime
same "-F comm,tid,time" "$TMPD/g.data" -F comm,tid,time
same "-F pid,tid,time,period,event,ip,sym,dso" "$TMPD/g.data" -F pid,tid,time,period,event,ip,sym,dso
same "-F +pid" "$TMPD/g.data" -F +pid
same "-F -period,-time" "$TMPD/g.data" -F -period,-time
same "--tid" "$TMPD/g.data" --tid "$("$PERF" script -i "$TMPD/g.data" -F tid | head -1 | tr -d ' ')"
same "--comm" "$TMPD/g.data" --comm foldloop
t1=$("$PERF" script -i "$TMPD/g.data" -F time | sed -n '10s/[ :]//gp')
t2=$("$PERF" script -i "$TMPD/g.data" -F time | sed -n '50s/[ :]//gp')
same "--time $t1,$t2" "$TMPD/g.data" --time "$t1,$t2"
same "--time $t2," "$TMPD/g.data" --time "$t2,"

# no callchains: one line per sample, comm padded
"$PERF" record -q -e cpu-clock:u -D 20 -F 997 -o "$TMPD/n.data" -- \
	"$WORKLOADS/foldloop" 200 >/dev/null 2>&1 || fail "perf record failed"
same "one-line samples" "$TMPD/n.data"
same "one-line -F comm,tid,ip,sym,symoff" "$TMPD/n.data" -F comm,tid,ip,sym,symoff

# a fixed-address executable (ET_EXEC): callchains show file offsets
if cc -no-pie -O0 -g -fno-omit-frame-pointer -o "$TMPD/nopie" "$TOP/tests/workloads/foldloop.c" 2>/dev/null; then
	"$PERF" record -q -e cpu-clock:u -g -D 20 -F 997 -o "$TMPD/e.data" -- "$TMPD/nopie" 150 \
		>/dev/null 2>&1 || fail "perf record of a non-PIE program failed"
	same "non-PIE executable" "$TMPD/e.data"
else
	echo "note: cannot build a non-PIE program here"
fi

# a fixed period (-c): no PERF_SAMPLE_PERIOD, perf prints the attr's period
"$PERF" record -q -e cpu-clock:u -c 1000000 -D 20 -o "$TMPD/c.data" -- \
	"$WORKLOADS/foldloop" 100 >/dev/null 2>&1 || fail "perf record -c failed"
same "fixed period" "$TMPD/c.data"

# a field the file cannot provide: an error, as with perf
expect_fail "-F +cpu without CPU samples" "$PTOOL" script -i "$TMPD/g.data" -F +cpu
grep -q "CPU attribute" "$TMPD/ef.err" || fail "no reason given for -F +cpu"
expect_fail "-F comm,cpu without CPU samples" "$PTOOL" script -i "$TMPD/g.data" -F comm,cpu
# named for one kind of event, perf drops the field it cannot print
"$PERF" script -i "$TMPD/g.data" -F sw:comm,tid,cpu,time >"$TMPD/p.sw" 2>/dev/null ||
	fail "perf script -F sw:comm,tid,cpu,time failed"
"$PTOOL" script -i "$TMPD/g.data" -F sw:comm,tid,cpu,time >"$TMPD/t.sw" ||
	fail "-F sw:comm,tid,cpu,time without CPU samples failed"
cmp -s "$TMPD/p.sw" "$TMPD/t.sw" || fail "-F sw:comm,tid,cpu,time differs from perf"
expect_fail "unknown field" "$PTOOL" script -i "$TMPD/g.data" -F comm,nosuch
grep -q "nosuch" "$TMPD/ef.err" || fail "the unknown field is not named"
expect_fail "missing file" "$PTOOL" script -i "$TMPD/none.data"
printf 'not a profile\n' >"$TMPD/junk"
expect_fail "not a perf.data file" "$PTOOL" script -i "$TMPD/junk"
[ "$(wc -l <"$TMPD/ef.err")" -eq 1 ] || fail "more than a one-line error for a bad file"
exit 0
