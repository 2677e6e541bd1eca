#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool report -F/--fields and --hierarchy against perf report on the same
# files: column order, sort order, the output fields, -F with --sort, the
# hierarchy's levels with and without callchains, filters and -n.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-common.inc"
need_perf
can_open cpu-clock || skip "cannot open cpu-clock events"
need_workloads rtree stat_threads

cd "$TMPD"
"$PERF" record -q -g -o r.data "$WORKLOADS/rtree" 0.5 >/dev/null 2>&1 || skip "perf record -g failed"
"$PERF" record -q -e page-faults -c 1 -o th.data "$WORKLOADS/stat_threads" 3 300 >/dev/null 2>&1 ||
	skip "perf record of page faults failed"

# same FILE MODE...: the whole text must be perf's (its tip line aside)
same() {
	local f=$1
	report_text "$@"
	shift
	grep -q '^ ' ptool.txt || fail "[$f $*] shows no entry"
	diff -u perf.txt ptool.txt > d.txt || { head -40 d.txt; fail "[$f $*] differs from perf"; }
}

for f in overhead,comm,sym overhead,sample,period,dso,sym sym,overhead \
	 overhead,overhead_sys,overhead_us,sample,period,comm overhead comm,overhead \
	 overhead_children,overhead,sym dso,sym,period; do
	same r.data --no-children -g none -F $f
	same r.data --no-children -F $f
	same r.data -F $f
done
same r.data --no-children -F overhead,comm -s sym,dso
same r.data --no-children -F dso,sample -s comm -g none
same r.data -F overhead_children,overhead,sym -s dso
same r.data --no-children -n -F overhead,sym -g none
same r.data --no-children -F sym,overhead --percent-limit 1
same th.data -F overhead,pid,sym
same th.data -F sample,comm,overhead -s pid
ok "-F: columns in order, output fields, sort order, with --sort"

for mode in "" "-g none" "--no-children" "--no-children -g none" "-n -s sym,comm" \
	    "-s dso,sym" "-G" "-g fractal" "-s sym -g flat" "-s cpu,pid -g none" \
	    "--percent-limit 1 -g none" "--comms rtree -g none" "--dsos rtree -g none" \
	    "-S leaf_a,acct_collect" "-n -s dso,sym -g none" \
	    "-q -g none"; do
	same r.data --hierarchy $mode
done
# a level whose entries are all below the limit: perf's "no entry" line
same r.data --hierarchy -s dso,sym --percent-limit 80 -g none
same r.data --hierarchy -n -s comm,dso,sym --percent-limit 80 -g none
grep -q '^ *no entry >= 80.00%$' ptool.txt || fail "--percent-limit 80: no 'no entry' line"
same th.data --hierarchy -s pid,sym
same th.data --hierarchy -n
ok "--hierarchy: levels, callchains, filters"

# bad_usage MSG ARGS...: exit 2 and MSG on stderr
bad_usage() {
	local msg=$1
	shift
	"$PTOOL" report -i r.data "$@" > bad.out 2> bad.err
	[ $? -eq 2 ] || fail "[$*]: exit status is not 2"
	assert_match "[$*]" "$msg" bad.err
}
bad_usage "unknown --fields key 'nosuch'" -F overhead,nosuch
bad_usage "empty --fields" -F ,
bad_usage "--hierarchy and --fields cannot be used together" --hierarchy -F overhead,sym
ok "bad -F lists and -F with --hierarchy"
