#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool report --folded/--flamegraph/--pprof give what ptool script gives,
# on a file recorded by perf and on one recorded by ptool.
. "$(dirname "$0")/lib.sh"
need_workloads foldloop

check() {	# FILE DESC
	local f=$1 d=$2
	"$PTOOL" script -i "$f" --folded >"$TMPD/s.folded" || fail "$d: script --folded"
	"$PTOOL" report -i "$f" --folded >"$TMPD/r.folded" || fail "$d: report --folded"
	[ -s "$TMPD/r.folded" ] || fail "$d: no folded stacks"
	cmp -s "$TMPD/s.folded" "$TMPD/r.folded" || { diff -u "$TMPD/s.folded" "$TMPD/r.folded" | head; fail "$d: folded differ"; }
	"$PTOOL" script -i "$f" --flamegraph "$TMPD/s.svg" 2>/dev/null || fail "$d: script --flamegraph"
	"$PTOOL" report -i "$f" --flamegraph "$TMPD/r.svg" || fail "$d: report --flamegraph"
	cmp -s "$TMPD/s.svg" "$TMPD/r.svg" || fail "$d: flame graphs differ"
	"$PTOOL" report -i "$f" --pprof "$TMPD/r.pb.gz" || fail "$d: report --pprof"
	[ "$(head -c2 "$TMPD/r.pb.gz" | od -An -tx1 | tr -d ' ')" = 1f8b ] || fail "$d: pprof not gzip'd"
	"$PTOOL" report -i "$f" --folded --comm nosuchcomm >"$TMPD/none" || fail "$d: filter"
	[ ! -s "$TMPD/none" ] || fail "$d: --comm filter ignored"
	ok "$d: $(wc -l <"$TMPD/r.folded") stacks"
}

if [ -n "$PERF" ] && "$PERF" record -q -g -D 20 -F 997 -o "$TMPD/perf.data" -- \
	"$WORKLOADS/foldloop" 200 >/dev/null 2>&1; then
	check "$TMPD/perf.data" "perf's file"
else
	echo "note: no perf recording (perf missing or not working)"
fi
if "$PTOOL" record -g -F 997 -o "$TMPD/ptool.data" -- "$WORKLOADS/foldloop" 200 >/dev/null 2>&1; then
	check "$TMPD/ptool.data" "ptool's file"
	assert_match "workload stack" '^foldloop;.*main;work;(alpha|beta)' "$TMPD/r.folded"
else
	skip "ptool record -g does not work here"
fi
expect_fail "--diff without --flamegraph" "$PTOOL" report -i "$TMPD/ptool.data" --folded --diff "$TMPD/ptool.data"
exit 0
