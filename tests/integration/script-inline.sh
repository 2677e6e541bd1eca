#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Inline frames: on the -O2 -g C++ workload (std::map::operator[] and the
# templates below it inlined into main), ptool script prints the callchains
# perf script prints, sample for sample: with inline frames (perf script's
# default; perf 6.1 adds them to DWARF-unwound callchains only), with
# --no-inline, and folded. Files recorded by perf with --call-graph dwarf
# and with -g, and one recorded by ptool with --call-graph dwarf.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/script-inline.inc"
need_inline_reference
need_root
W=$WORKLOADS/inlinecxx
[ -x "$W" ] || skip "build/workloads/inlinecxx is not built (make workloads)"

record_with perf dwarf "--call-graph dwarf" "$W" ||
	skip "perf record --call-graph dwarf does not work here"
# the reference has what this test is about: operator[] inlined into main,
# then main itself
"$PERF" script -i "$TMPD/dwarf.data" >"$TMPD/ref.txt" 2>/dev/null
chain_then_main() {	# FILE: operator[] inline frames followed by main
	awk '/::operator\[\](\+0x[0-9a-f]+)? \(inlined\)$/ { prev = 1; next }
		prev && / main(\+0x[0-9a-f]+)? \(/ { n++ }
		{ prev = 0 }
		END { print n + 0 }' "$1"
}
want=$(chain_then_main "$TMPD/ref.txt")
[ "$want" -gt 0 ] || fail "perf script shows no operator[] inlined into main: is inlinecxx built -O2 -g?"
"$PTOOL" script -i "$TMPD/dwarf.data" >"$TMPD/ptool.txt" 2>&1
got=$(chain_then_main "$TMPD/ptool.txt")
note_result "dwarf: main follows operator[]'s inline frames in $got of perf's $want samples" \
	"$([ $((got * 100)) -ge $((want * MIN_MATCH)) ] && [ "$got" -le "$want" ] && echo 0 || echo 1)"
cmp_all "perf dwarf:" "$TMPD/dwarf.data"

record_with perf fp -g "$W" || fail "perf record -g failed"
cmp_all "perf -g:" "$TMPD/fp.data"

if record_with ptool pdwarf "--call-graph dwarf" "$W"; then
	cmp_all "ptool dwarf:" "$TMPD/pdwarf.data"
else
	note_result "ptool record --call-graph dwarf failed" 1
fi
finish
