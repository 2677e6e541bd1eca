#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The instruction text of ptool annotate equals GNU objdump -d's, for every
# function with samples in a recording of the bundled workloads (-O0), of
# a symbol that spans two sections, and of LZ4 built -O2 -g
# (scripts/thirdparty.sh), in AT&T and Intel syntax. Symbol versions
# ("@@Base", "@GLIBC_2.2.5") are objdump's too.
. "$(dirname "$0")/lib.sh"
can_open cpu-clock || skip "cannot open cpu-clock events"
command -v objdump >/dev/null || skip "objdump is not installed"
cd "$TMPD"

# compare DATA FILE DSO [-M intel]: every symbol of DSO in DATA
compare() {
	local data=$1 file=$2 dso=$3; shift 3
	local mopt=""
	[ $# -gt 0 ] && mopt="-M$2"
	"$PTOOL" annotate -i "$data" -d "$dso" --no-source "$@" > ann.txt 2>ann.err ||
		{ cat ann.err; fail "ptool annotate -d $dso $* failed"; }
	# one block per symbol: its rows as "addr:<TAB>text"
	awk '/^ Percent \|/ { n++ } /^ +[0-9.]+ : +[0-9a-f]+:/ {
		sub(/^ +[0-9.]+ : +/, ""); a = $1; sub(/^[0-9a-f]+: +/, "");
		print a "\t" $0 > ("sym." n) }' ann.txt
	local nsym=0 ninsn=0
	for f in sym.*; do
		[ -e "$f" ] || fail "$dso: no symbols annotated"
		local first last
		first=$(head -1 "$f" | cut -d: -f1)
		last=$(tail -1 "$f" | cut -d: -f1)
		objdump -d -w --no-show-raw-insn $mopt --start-address=0x$first \
			--stop-address=$((0x$last + 16)) "$file" |
			grep -P '^\s*[0-9a-f]+:\t' | sed -E 's/^ +//; s/ +$//' |
			awk -F: -v last=$((0x$last)) 'strtonum("0x" $1) <= last' > ref.txt
		sed -E 's/ +$//' "$f" > got.txt
		diff -u ref.txt got.txt > d.txt || { head -40 d.txt; fail "$dso ${*:-att}: $f differs from objdump"; }
		nsym=$((nsym + 1))
		ninsn=$((ninsn + $(wc -l < got.txt)))
		rm -f "$f"
	done
	ok "$dso ${*:-(AT&T)}: $nsym functions, $ninsn instructions as objdump prints them"
}

"$PTOOL" record -q -e cpu-clock -F 20000 -o o0.data "$WORKLOADS/cpuloop" 1 >/dev/null 2>&1 ||
	skip "ptool record failed"
compare o0.data "$WORKLOADS/cpuloop" cpuloop
compare o0.data "$WORKLOADS/cpuloop" cpuloop -M intel

# a symbol that runs on into the next section (as _init does into .plt):
# both sections' instructions, not the padding between them
if [ -x "$WORKLOADS/sectionspan" ] && [ "$(uname -m)" = x86_64 ]; then
	"$PTOOL" record -q -e cpu-clock -o span.data "$WORKLOADS/sectionspan" 100000000 >/dev/null 2>&1 ||
		fail "ptool record of sectionspan failed"
	compare span.data "$WORKLOADS/sectionspan" sectionspan
	compare span.data "$WORKLOADS/sectionspan" sectionspan -M intel
	grep -q 'Disassembly of section .spin_loop:' ann.txt ||
		{ cat ann.txt; fail "sectionspan: no row for the second section"; }
fi

W=$("$TOP/scripts/thirdparty.sh" --quiet)
case $? in
0) ;;
77) printf '%s\n' "$W"; echo "ok: (LZ4 part skipped)"; exit 0 ;;
*) fail "scripts/thirdparty.sh could not build the LZ4 driver" ;;
esac
"$PTOOL" record -q -e cpu-clock -F 20000 -o lz4.data "$W" >/dev/null 2>&1 || fail "ptool record of the LZ4 driver failed"
compare lz4.data "$(dirname "$W")/liblz4.so" liblz4.so
compare lz4.data "$(dirname "$W")/liblz4.so" liblz4.so -M intel
