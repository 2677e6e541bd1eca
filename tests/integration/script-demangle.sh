#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool prints C++ names as perf does: a C++ workload with lambdas,
# operators, GCC clones (.isra, .constprop, .part, .cold), templates,
# anonymous namespaces and thunks, recorded by perf and by ptool; the
# names in the report's symbol column, in script callchains and in
# inlined frames must be the ones perf prints.
. "$(dirname "$0")/lib.sh"
need_perf
command -v g++ >/dev/null 2>&1 || skip "g++ is not installed"

BIN=$TMPD/demangle
g++ -O2 -g -fno-omit-frame-pointer -o "$BIN" \
	"$TOP/tests/workloads/demangle.cpp" ||
	fail "cannot build tests/workloads/demangle.cpp"

# the sorted set of symbol names in a report or script listing
report_names() {	# TOOL FILE
	"$1" report -i "$2" --stdio --no-children -g none --sort sym 2>"$TMPD/err" |
		sed -n 's/^ *[0-9.]*% *\[.\] *//p' | sed 's/ *$//' | sort -u
}
script_names() {	# TOOL FILE ARGS...
	local tool=$1 file=$2
	shift 2
	"$tool" script -i "$file" -F ip,sym,dso "$@" 2>"$TMPD/err" |
		grep -F "$DSO_ONLY" |
		sed -E 's/^[[:space:]]*[0-9a-f]+ //; s/ \([^()]*\)$//' |
		sed 's/ *$//' | sort -u
}

same_set() {	# DESC PERF-LIST PTOOL-LIST
	local desc=$1
	[ -s "$2" ] || fail "$desc: perf printed no names"
	if ! cmp -s "$2" "$3" &&
	   ! python3 "$TOP/tests/integration/plt-init.py" --sets "$2" "$3"; then
		diff -u "$2" "$3" | head -40
		fail "$desc: ptool's names differ from perf's"
	fi
	ok "$desc ($(wc -l <"$2") names)"
}

# Which frames a script comparison takes: all of them, or with DWARF
# unwinding only the workload's own. The unwinders of both tools fall
# back on the frame-pointer chain in code without CFI (the libc and
# ld.so exit paths); the rare sample there can give the two tools
# different outer frames, which says nothing about names.
DSO_ONLY=
check_file() {	# WHAT FILE
	local what=$1 f=$2

	report_names "$PERF" "$f" >"$TMPD/perf.rep"
	report_names "$PTOOL" "$f" >"$TMPD/ptool.rep" ||
		{ cat "$TMPD/err"; fail "$what: ptool report failed"; }
	same_set "$what: report symbol column" "$TMPD/perf.rep" "$TMPD/ptool.rep"

	script_names "$PERF" "$f" --no-inline >"$TMPD/perf.scr"
	script_names "$PTOOL" "$f" --no-inline >"$TMPD/ptool.scr" ||
		{ cat "$TMPD/err"; fail "$what: ptool script failed"; }
	same_set "$what: script -F ip,sym" "$TMPD/perf.scr" "$TMPD/ptool.scr"

	# inlined frames whose text comes from the demangler: qualified
	# or template names (which inlined frames a tool shows, and how it
	# names a frame that is not C++, is another matter)
	script_names "$PERF" "$f" --inline | grep -E '::|<.*\(inlined\)$' |
		grep '(inlined)$' >"$TMPD/perf.inl"
	script_names "$PTOOL" "$f" --inline | grep -E '::|<.*\(inlined\)$' |
		grep '(inlined)$' >"$TMPD/ptool.inl"
	if [ -s "$TMPD/perf.inl" ]; then
		same_set "$what: C++ inlined frames" "$TMPD/perf.inl" "$TMPD/ptool.inl"
	fi

	# the shapes the workload exists for
	for re in '^geo::operator< <long>$' '::\{lambda\(long\)#1\}::operator\(\)$' \
		  '^\(anonymous namespace\)::constprop_work$' '^part_work$'; do
		grep -Eq "$re" "$TMPD/perf.rep" "$TMPD/perf.scr" ||
			echo "note: $what: no sample in /$re/"
	done
}

"$PERF" record -q -e cpu-clock:u -g -F 1999 -o "$TMPD/fp.data" -- "$BIN" 1 \
	>/dev/null 2>&1 || skip "perf record -g does not work here"
check_file "perf record -g" "$TMPD/fp.data"

"$PERF" record -q -e cpu-clock:u --call-graph dwarf -F 499 \
	-o "$TMPD/dw.data" -- "$BIN" 1 >/dev/null 2>&1 ||
	fail "perf record --call-graph dwarf failed"
DSO_ONLY="($BIN)"
check_file "perf record --call-graph dwarf" "$TMPD/dw.data"
DSO_ONLY=

"$PTOOL" record -q -e cpu-clock:u -g -F 1999 -o "$TMPD/pt.data" -- "$BIN" 1 \
	>/dev/null 2>"$TMPD/err" ||
	{ cat "$TMPD/err"; fail "ptool record -g failed"; }
check_file "ptool record -g" "$TMPD/pt.data"
