#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# valgrind: ptool report --stdio, ptool script and ptool script --folded on
# real files (perf's and ptool's, -g and --call-graph dwarf) make no memory
# error and leak nothing (definite or indirect).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/record.inc"
command -v valgrind >/dev/null || skip "valgrind is not installed (scripts/install-deps.sh installs it)"
grep -qa '__asan_init' "$PTOOL" && skip "ptool is built with sanitizers; valgrind needs a plain build"
need_sampling
cases=0

for rec in perf ptool; do
	[ $rec = perf ] && r=$PERF || r=$PTOOL
	"$r" record -q -g -F 499 -e cpu-clock -o "$TMPD/$rec-fp.data" -- "$WORKLOADS/cpuloop" 0.3 >/dev/null 2>&1 ||
		fail "$rec record -g failed"
	"$r" record -q --call-graph dwarf -F 199 -e cpu-clock -o "$TMPD/$rec-dwarf.data" -- "$WORKLOADS/cpuloop" 0.3 >/dev/null 2>&1 ||
		fail "$rec record --call-graph dwarf failed"
done

for f in perf-fp perf-dwarf ptool-fp ptool-dwarf; do
	for c in "report --stdio" "script" "script --folded"; do
		# shellcheck disable=SC2086
		valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
			--show-leak-kinds=definite,indirect --error-exitcode=99 \
			--log-file="$TMPD/vg.log" \
			"$PTOOL" $c -i "$TMPD/$f.data" >"$TMPD/out" 2>"$TMPD/err"
		rc=$?
		if [ $rc -ne 0 ]; then
			head -60 "$TMPD/vg.log"
			cat "$TMPD/err"
			fail "valgrind ptool $c -i $f.data: exit $rc"
		fi
		[ -s "$TMPD/out" ] || fail "ptool $c -i $f.data printed nothing"
		ok "ptool $c -i $f.data: no memory error, no leak"
		cases=$((cases + 1))
	done
done
# error paths free what they built too
printf 'a;b 1\nnot a folded line\n' >"$TMPD/bad.folded"
for c in "script --flamegraph $TMPD/fg.html --diff $TMPD/bad.folded -i $TMPD/ptool-fp.data" \
	"script --flamegraph $TMPD/fg.html --diff /etc/passwd -i $TMPD/ptool-fp.data" \
	"report --stdio -i /etc/passwd" "script -i /dev/null" "report --stdio --sort nosuchkey -i $TMPD/ptool-fp.data"; do
	# shellcheck disable=SC2086
	valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--show-leak-kinds=definite,indirect --error-exitcode=99 \
		--log-file="$TMPD/vg.log" "$PTOOL" $c >/dev/null 2>"$TMPD/err"
	rc=$?
	if [ $rc -eq 99 ] || [ $rc -ge 128 ] || [ -s "$TMPD/vg.log" ]; then
		head -60 "$TMPD/vg.log"
		fail "valgrind ptool $c: exit $rc"
	fi
	[ $rc -ne 0 ] || fail "ptool $c: exit 0, expected an error"
	ok "ptool $c: exit $rc ($(head -1 "$TMPD/err")), no memory error, no leak"
	cases=$((cases + 1))
done
echo "$cases valgrind cases"
