#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Hostile ELF and DWARF behind the samples: stripped binaries (.dynsym only,
# or no symbol at all), section headers that lie, truncated and non-ELF
# files where the binary was, raw code mapped from a non-ELF file, a binary
# deleted while it runs, compressed debug sections (-gz), a separate debug
# file (.gnu_debuglink), and random damage to .eh_frame/.debug_* under a
# DWARF call graph. ptool report, script and script --folded must never
# crash or hang, and the hottest symbol must be perf's (or the right one,
# hostile_hot, where ptool resolves what perf cannot).
. "$(dirname "$0")/lib.sh"
need_perf
command -v python3 >/dev/null || skip "python3 is not installed"
command -v objcopy >/dev/null && command -v strip >/dev/null || skip "binutils is not installed"
CC=${CC:-cc}
SRC=$TOP/tests/workloads/hostile_hot.c
CORRUPT=$TOP/scripts/corrupt-elf.py
"$PTOOL" record -o "$TMPD/probe.data" -- true >/dev/null 2>&1 || skip "ptool record cannot sample here"
cd "$TMPD" || exit 1
cases=0

build() {	# NAME CFLAGS...: compile the workload
	local n=$1; shift
	$CC -O0 -g -fno-omit-frame-pointer "$@" -o "$n" "$SRC" || fail "cannot compile $n"
}
rec() {	# NAME DATA ARGS...: record the workload into DATA
	local n=$1 d=$2; shift 2
	"$PTOOL" record -F 499 "$@" -o "$d" -- "./$n" 0.25 >/dev/null 2>"$d.err" ||
		{ cat "$d.err"; fail "record of $n"; }
}
# no_crash DESC DATA: report, script and script --folded end without a signal
no_crash() {
	local c rc
	for c in "report --stdio" "script" "script --folded"; do
		# shellcheck disable=SC2086
		timeout -k 2 30 "$PTOOL" $c -i "$2" >"$TMPD/nc.out" 2>"$TMPD/nc.err"
		rc=$?
		[ $rc -ne 124 ] && [ $rc -ne 137 ] || fail "$1: ptool $c hung"
		[ $rc -lt 128 ] || { cat "$TMPD/nc.err"; fail "$1: ptool $c died by signal ($rc)"; }
	done
	cases=$((cases + 1))
}
top_sym() {	# TOOL DATA: the hottest dso/symbol
	"$1" report --stdio --no-children -g none -s dso,sym -i "$2" 2>/dev/null |
		awk '/^ *[0-9.]+%/ { $1 = ""; sub(/^ +/, ""); print; exit }'
}
# check DESC DATA [EXPECT]: no crash, and the hottest symbol is perf's or EXPECT
check() {
	local desc=$1 d=$2 want=${3:-} p q
	no_crash "$desc" "$d"
	p=$(top_sym "$PTOOL" "$d")
	q=$(top_sym "$PERF" "$d")
	[ -n "$p" ] || fail "$desc: ptool report shows no symbol"
	if [ "$p" != "$q" ]; then
		[ -n "$want" ] && [ "${p##* }" = "$want" ] ||
			fail "$desc: ptool's hottest '$p', perf's '$q'"
	fi
	[ -z "$want" ] || [ "${p##* }" = "$want" ] || [ "${q##* }" != "$want" ] ||
		fail "$desc: ptool's hottest '$p' where perf finds $want"
	ok "$desc: $p"
}

# stripped: only .dynsym (-rdynamic exports hostile_hot), and no symbol at all
build dyn -rdynamic && strip -s dyn && rec dyn dyn.data -g
check "stripped, .dynsym only" dyn.data hostile_hot
build nosym && strip -s nosym && rec nosym nosym.data -g
check "stripped, no symbols" nosym.data
[ "$(top_sym "$PTOOL" nosym.data | awk '{print $NF}')" != hostile_hot ] ||
	fail "stripped binary: hostile_hot came from nowhere"

# the binary changed after the recording: lying headers, truncated, not ELF
build lie && rec lie lie.data -g && cp lie lie.orig
for what in shoff shnum shstrndx symsize symoff strlink; do
	cp lie.orig lie && python3 "$CORRUPT" lie "shdr:$what" || fail "corrupt-elf.py"
	check "section header lies ($what)" lie.data hostile_hot
done
for n in 0 10 64 1000 $(($(stat -c %s lie.orig) / 2)); do
	cp lie.orig lie && truncate -s "$n" lie
	check "binary truncated to $n bytes" lie.data
done
echo 'not an ELF file' >lie
check "binary replaced by a text file" lie.data

# raw code mapped from a non-ELF file, executed
if [ "$(uname -m)" = x86_64 ]; then
	printf '\x48\xff\xcf\x75\xfb\xc3' >code.bin && truncate -s 4096 code.bin	# dec %rdi; jnz; ret
	build raw && "$PTOOL" record -F 499 -g -o raw.data -- ./raw 0.25 code.bin >/dev/null 2>&1 ||
		fail "record of raw code"
	no_crash "raw code from a non-ELF file" raw.data
	"$PTOOL" report --stdio --no-children -g none -s dso -i raw.data >raw.out 2>&1
	"$PERF" report --stdio --no-children -g none -s dso -i raw.data >raw.perf 2>&1
	assert_match "raw code: dso code.bin" 'code\.bin' raw.out
	diff -b <(grep "%" raw.out | grep -v "^#") <(grep "%" raw.perf | grep -v "^#") || fail "raw code: dso table differs from perf"
	ok "raw code from a non-ELF file: as perf"
else
	echo "skip: raw code mapping needs x86-64"
fi

# deleted while running: maps say "(deleted)"
build del && { ./del 3 >/dev/null & }
pid=$!
for _ in $(seq 50); do grep -q "$TMPD/del" "/proc/$pid/maps" 2>/dev/null && break; sleep 0.05; done
rm -f del
grep -q '(deleted)' "/proc/$pid/maps" || { kill $pid; fail "maps do not say (deleted)"; }
"$PTOOL" record -g -p "$pid" -o del.data -- sleep 0.3 >/dev/null 2>&1
kill $pid 2>/dev/null; wait $pid 2>/dev/null
check "binary deleted while recording (-p)" del.data
a=$("$PTOOL" script -i del.data 2>/dev/null | grep -m1 '(deleted)')
b=$("$PERF" script -i del.data 2>/dev/null | grep -m1 '(deleted)')
[ "$a" = "$b" ] || fail "deleted binary: script frame '$a', perf '$b'"

# compressed debug sections: symbols and source lines as perf
build gz -gz
readelf -S gz | grep -A1 '\.debug_info' | grep -q ' C ' || echo "note: -gz left .debug_info uncompressed"
rec gz gz.data -g
check "compressed debug sections (-gz)" gz.data hostile_hot
s1=$("$PTOOL" report --stdio --no-children -g none -s srcline -i gz.data 2>/dev/null | grep -m1 '%')
s2=$("$PERF" report --stdio --no-children -g none -s srcline -i gz.data 2>/dev/null | grep -m1 '%')
[ "$s1" = "$s2" ] || fail "-gz srcline: ptool '$s1', perf '$s2'"
ok "compressed debug sections: srcline '$s1'"

# separate debug file through .gnu_debuglink, then missing, then truncated
build dl && objcopy --only-keep-debug dl dl.debug && strip -s dl &&
	objcopy --add-gnu-debuglink=dl.debug dl && rec dl dl.data -g
check "separate debug file (.gnu_debuglink)" dl.data hostile_hot
mv dl.debug dl.debug.orig
check "debug file missing" dl.data
head -c 3000 dl.debug.orig >dl.debug
check "debug file truncated" dl.data
echo "skip: debug file by build-id: ptool report has no debug-dir override (/usr/lib/debug is fixed)"

# probe_ptool DESC BIN: ptool probe's read-only views and a dry-run add
probe_ptool() {
	local c rc
	for c in "-F" "-L main" "-L hostile_hot" "-L hostile_hot:1-3" "-V hostile_hot" \
		"-n hostile_hot" "-n hostile_hot%return \$retval" "-n hostile_hot:3 x i"; do
		# shellcheck disable=SC2086
		timeout -k 2 30 "$PTOOL" probe -x "$2" $c >/dev/null 2>"$TMPD/pr.err"
		rc=$?
		[ $rc -lt 124 ] || { cat "$TMPD/pr.err"; fail "$1: ptool probe $c crashed or hung ($rc)"; }
		[ $rc -eq 0 ] || [ "$(wc -l <"$TMPD/pr.err")" -le 1 ] ||
			{ cat "$TMPD/pr.err"; fail "$1: probe $c: multi-line error"; }
	done
	cases=$((cases + 1))
}

# damaged unwind and debug sections under a DWARF call graph, and for probe
build uw && rec uw uw.data --call-graph dwarf && cp uw uw.orig
probe_ptool "intact binary" uw
for sec in .eh_frame .eh_frame_hdr .debug_frame .debug_info .debug_abbrev .debug_line .debug_str .symtab; do
	for seed in 1 2; do
		cp uw.orig uw
		python3 "$CORRUPT" uw "$sec" "$seed" 2>/dev/null || continue
		no_crash "$sec damaged (seed $seed)" uw.data
		timeout -k 2 30 "$PTOOL" report --stdio -s srcline -i uw.data >/dev/null 2>&1
		[ $? -lt 124 ] || fail "$sec damaged (seed $seed): report -s srcline crashed or hung"
		probe_ptool "$sec damaged (seed $seed)" uw
	done
done
for what in shoff shnum shstrndx symsize symoff strlink; do
	cp uw.orig uw && python3 "$CORRUPT" uw "shdr:$what" && probe_ptool "shdr:$what" uw
done
for n in 0 64 1000 5000; do
	cp uw.orig uw && truncate -s "$n" uw && probe_ptool "truncated to $n" uw
done
ok "damaged .eh_frame/.debug_*/headers: no crash in report, script or probe"
echo "$cases hostile ELF cases"
