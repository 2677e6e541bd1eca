#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Source lines of report and script as perf prints them where they are
# not plain lookups.
# 1. Addresses in an object with line information but none for them (the
# crt code: _init, _start), for which GNU addr2line answers "??:?".
# perf's report shows "??:0" for such a sample (-s srcline, both modes);
# its script prints the line as "??:0" for a frame of a DWARF-unwound
# callchain and prints none for a frame-pointer chain or the one-line
# form. Samples there are rare in a profile, so uprobes put them there:
# one at _init's first instruction, one inside _start. Recorded by perf
# and by ptool, with -g and with --call-graph dwarf.
# 2. DWARF-unwound callchains: perf's children entries take the line of
# each frame (of its own inline level), not the frame-pointer fallback;
# and an inlined function's entries stay apart per function it is
# inlined into.
. "$(dirname "$0")/lib.sh"
need_root
need_perf
need_workloads rtree
command -v objdump >/dev/null 2>&1 || skip "objdump is not installed"

# a binary (hence a probe group) of this test's own
U=$$
BIN=$TMPD/nolines_$U
G=probe_nolines_$U
cp "$WORKLOADS/rtree" "$BIN" || fail "cp"
"$PTOOL" probe -l >/dev/null 2>&1	# mounts tracefs when needed
[ -f /sys/kernel/tracing/uprobe_events ] || skip "no uprobe_events (CONFIG_UPROBE_EVENTS)"
cleanup() {
	"$PTOOL" probe -q -d "$G:*" >/dev/null 2>&1
	rm -rf "$TMPD"
}
trap cleanup EXIT

# _start's third instruction, as an offset in the file
start3=$(objdump -d --no-show-raw-insn "$BIN" |
	awk '/<_start>:$/ { on = 1; next } on && /^$/ { exit }
	     on && /^ *[0-9a-f]+:/ { if (++n == 3) { sub(":", "", $1); print $1; exit } }')
init=$(nm "$BIN" | awk '$3 == "_init" { print $1 }')
[ -n "$start3" ] && [ -n "$init" ] || fail "no _start or _init in $BIN"
# the premise: addr2line knows the object's lines, not these
addr2line -e "$BIN" "0x$start3" "0x$init" | grep -qvx '??:?' &&
	skip "addr2line finds a line in _start or _init here"
addr2line -e "$BIN" "$(nm "$BIN" | awk '$3 == "main" { print "0x" $1 }')" |
	grep -q 'rtree\.c:' || fail "addr2line finds no line for main"

"$PTOOL" probe -q -x "$BIN" -a "$G:st=0x$start3" -a "$G:in=0x$init" >"$TMPD/probe.out" 2>&1 ||
	{ cat "$TMPD/probe.out"; fail "probe -a"; }

cd "$TMPD"
"$PERF" record -q -e "$G:*" -g -o pfp.data -- "$BIN" 0.01 >/dev/null 2>&1 ||
	fail "perf record -g"
"$PERF" record -q -e "$G:*" --call-graph dwarf -o pdw.data -- "$BIN" 0.01 >/dev/null 2>&1 ||
	fail "perf record --call-graph dwarf"
"$PTOOL" record -q -e "$G:*" -g -o tfp.data -- "$BIN" 0.01 >/dev/null 2>rec.err ||
	{ cat rec.err; fail "ptool record -g"; }
"$PTOOL" record -q -e "$G:*" --call-graph dwarf -o tdw.data -- "$BIN" 0.01 >/dev/null 2>rec.err ||
	{ cat rec.err; fail "ptool record --call-graph dwarf"; }

same() {	# DESC FILE ARGS...: perf's and ptool's text, header aside
	local desc=$1 f=$2
	shift 2
	"$PERF" "$@" -i "$f" 2>/dev/null | grep -v '^#' >perf.txt
	"$PTOOL" "$@" -i "$f" 2>ptool.err | grep -v '^#' >ptool.txt ||
		{ cat ptool.err; fail "$desc: ptool $* failed"; }
	grep -q . perf.txt || fail "$desc: perf printed nothing"
	diff -u perf.txt ptool.txt >d.txt || { cat d.txt; fail "$desc: differs from perf"; }
}

for f in pfp.data pdw.data tfp.data tdw.data; do
	same "$f report --no-children -s srcline" "$f" report --stdio --no-children -s srcline
	# one table per probe, each with its one sample
	[ "$(grep -c '^ *100\.00% *??:0$' perf.txt)" -eq 2 ] ||
		{ cat perf.txt; fail "$f: perf's report has not two 100% ??:0 rows"; }
	same "$f report -s srcline,sym" "$f" report --stdio -s srcline,sym -g none
	same "$f script -F srcline" "$f" script -F event,ip,sym,srcline
	case $f in
	*dw.data) want=2 ;;
	*) want=0 ;;
	esac
	n=$(grep -c '^  ??:0$' perf.txt)
	[ "$n" -ge "$want" ] || { cat perf.txt; fail "$f: perf's script has $n '??:0' lines, expected $want or more"; }
	[ "$want" -gt 0 ] || [ "$n" -eq 0 ] || { cat perf.txt; fail "$f: '??:0' in a frame-pointer chain"; }
	same "$f script -G -F srcline" "$f" script -G -F event,ip,sym,srcline
	grep -q '??' perf.txt && { cat perf.txt; fail "$f: '??' in perf's one-line form"; }
	ok "$f: report and script agree with perf"
done

# ---- 2: DWARF-unwound chains ----
cat >inl2.c <<'EOF2'
#include <stdlib.h>
volatile long sink;
static inline void burn(long n)
{
	for (long i = 0; i < n; i++)
		sink += i;
}
__attribute__((noinline)) void first(long n) { burn(n); }
__attribute__((noinline)) void second(long n) { burn(n); }
int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 30000000;

	first(n);
	second(n);
	return 0;
}
EOF2
cc -O2 -g -o inl2 inl2.c || fail "cannot build inl2.c"
"$PERF" record -q -e cpu-clock:u --call-graph dwarf -o inl2.data -- ./inl2 >/dev/null 2>&1 ||
	fail "perf record --call-graph dwarf (inl2)"
"$PERF" record -q -e cpu-clock:u --call-graph dwarf -o rtdw.data -- "$WORKLOADS/rtree" 0.2 \
	>/dev/null 2>&1 || fail "perf record --call-graph dwarf (rtree)"
# the rows of at least 0.5% (a single sample's row can land in code whose
# line perf finds its own way), blanks squeezed (such a row sets widths)
same_big() {	# DESC FILE ARGS...
	local desc=$1 f=$2
	shift 2
	"$PERF" "$@" -i "$f" 2>/dev/null | grep -v '^#' |
		awk '$1 + 0 >= 0.5' | tr -s ' ' >perf.txt
	"$PTOOL" "$@" -i "$f" 2>ptool.err | grep -v '^#' |
		awk '$1 + 0 >= 0.5' | tr -s ' ' >ptool.txt ||
		{ cat ptool.err; fail "$desc: ptool $* failed"; }
	grep -q . perf.txt || fail "$desc: perf printed nothing"
	diff -u perf.txt ptool.txt >d.txt || { cat d.txt; fail "$desc: differs from perf"; }
}
for f in inl2.data rtdw.data; do
	for mode in "-s srcline,sym" "-s srcfile,sym" "--no-children -s srcline"; do
		same_big "$f report $mode" "$f" report --stdio $mode -g none
	done
done
# perf's own entries for one symbol can split (_start here), so only
# the inlined function's rows: one per function it is inlined into
"$PERF" report --stdio -s sym -g none -i inl2.data 2>/dev/null | tr -s ' ' |
	grep 'burn (inlined)$' >perf.burn
"$PTOOL" report --stdio -s sym -g none -i inl2.data 2>/dev/null | tr -s ' ' |
	grep 'burn (inlined)$' >ptool.burn
[ "$(wc -l <perf.burn)" -eq 2 ] ||
	{ cat perf.burn; fail "inl2: perf does not show burn (inlined) twice"; }
cmp -s perf.burn ptool.burn || { diff perf.burn ptool.burn; fail "inl2: burn (inlined) rows differ"; }
same_big "rtdw.data report -s srcline,sym" rtdw.data report --stdio -s srcline,sym -g none
grep -Eq '^ [0-9.]+% 0\.00% rtree\.c:[0-9]+ \[\.\] main$' perf.txt ||
	{ cat perf.txt; fail "rtree: perf shows no line of main's frame"; }
# script: the samples whose leaf is one of rtree's (the others are rare
# and end in whatever code the process was in)
rtree_samples() { awk -v RS= -v ORS='\n\n' '$2 ~ /^leaf_/'; }
"$PERF" script -i rtdw.data -F ip,sym,srcline 2>/dev/null | rtree_samples >perf.txt
"$PTOOL" script -i rtdw.data -F ip,sym,srcline 2>ptool.err | rtree_samples >ptool.txt ||
	{ cat ptool.err; fail "rtdw.data: ptool script failed"; }
grep -q '^  ??:0$' perf.txt || { head -30 perf.txt; fail "rtdw.data: no ??:0 line (_start) in perf's chains"; }
cmp -s perf.txt ptool.txt || python3 "$TOP/tests/integration/plt-init.py" perf.txt ptool.txt ||
	{ diff -u perf.txt ptool.txt | head -30; fail "rtdw.data script -F ip,sym,srcline differs from perf"; }
ok "DWARF-unwound chains: report and script lines agree with perf"
