#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# srcline and srcfile in glibc's objects (ld.so and libc.so.6, DWARF 5 from
# the libc6-dbg debug files) against perf on the same recording: perf 6.1
# runs binutils' addr2line, which names the CU's primary file for the
# rows a line-table sequence has before its first DW_LNS_set_file, and
# the symbol table's STT_FILE where no DWARF covers an address (ld.so's
# _start). Also addr2line itself on the addresses ptool reports.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-common.inc"
need_perf
can_open cpu-clock || skip "cannot open cpu-clock events"
command -v addr2line >/dev/null || skip "binutils' addr2line is not installed"

LIBDIR=/lib/x86_64-linux-gnu
# debug_file OBJ: its libc6-dbg debug file, by build id
debug_file() {
	local id
	id=$(readelf -n "$1" 2>/dev/null | awk '/Build ID/ { print $3; exit }')
	[ -n "$id" ] || return 1
	echo "/usr/lib/debug/.build-id/${id:0:2}/${id:2}.debug"
}
for o in ld-linux-x86-64.so.2 libc.so.6; do
	[ -r "$LIBDIR/$o" ] || skip "no $LIBDIR/$o"
	dbg=$(debug_file "$LIBDIR/$o") && [ -r "$dbg" ] ||
		skip "no debug info for $o (install libc6-dbg)"
done
LDSO_DBG=$(debug_file "$LIBDIR/ld-linux-x86-64.so.2")

cd "$TMPD"
# every exec of a dynamic program runs the loader: its relocation,
# cpu-features and library lookup code
cat > loop.sh <<'EOF'
i=0
while [ $i -lt 300 ]; do /bin/true; i=$((i + 1)); done
EOF
"$PERF" record -q -g -o g.data -- sh loop.sh >/dev/null 2>&1 || skip "perf record -g failed"
DSOS=ld-linux-x86-64.so.2,libc.so.6

"$PERF" report -i g.data --stdio --no-children -g none -s dso > dso.out 2>/dev/null
grep -q 'ld-linux-x86-64.so.2' dso.out || skip "no samples in ld.so"

# tie_sort: runs of "[.] 0x..." lines with the same percentage, sorted
tie_sort() {
	awk 'function flush() { if (n) { cmd = "sort"; for (i = 1; i <= n; i++) print run[i] | cmd; close(cmd); n = 0 } }
	     /^ +[0-9.]+% .*\[\.\] 0x[0-9a-f]+ *$/ { p = $1; if (n && p != rp) flush(); rp = p; run[++n] = $0; next }
	     { flush(); print }
	     END { flush() }'
}

same() {
	"$PERF" report -i g.data --stdio "$@" > perf.out 2>/dev/null
	"$PTOOL" report -i g.data "$@" > ptool.out 2>ptool.err || { cat ptool.err; fail "[$*] failed"; }
	# among unresolved addresses of equal share perf's order is not
	# always by address: such runs are compared as sets
	strip_tip perf.out | tie_sort > perf.txt
	strip_tip ptool.out | tie_sort > ptool.txt
	grep -v '^#' perf.txt | grep -q '%' || fail "[$*]: perf reports nothing"
	diff -u perf.txt ptool.txt > d.txt || { head -40 d.txt; fail "[$*] differs from perf"; }
}
for mode in "-s srcline" "-s srcfile" "-s srcline,sym" "-s dso,srcfile" "-s srcline,dso"; do
	same --no-children -g none --dsos "$DSOS" $mode
done
same --no-children -g none -s srcline
same --no-children -g none -s srcfile,sym
ok "report -s srcline/srcfile in glibc's objects as perf"

# every frame of every sample: perf runs addr2line per callchain entry
"$PERF" script -i g.data -F ip,sym,dso,srcline > perf.out 2>/dev/null
"$PTOOL" script -i g.data -F ip,sym,dso,srcline > ptool.out 2>ptool.err ||
	{ cat ptool.err; fail "script -F srcline failed"; }
grep -q 'ld-linux-x86-64.so.2' perf.out || fail "perf script shows no ld.so frame"
diff -u perf.out ptool.out > d.txt || { head -40 d.txt; fail "script -F ip,sym,dso,srcline differs from perf"; }
ok "script -F srcline in glibc's objects as perf"

# addr2line on ld.so's addresses the recording has, one process as perf
# runs it: the innermost file:line must be ptool's srcline
awk '$NF == "(/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2)" ||
     $NF == "(/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2)" {
	getline src; sub(/^ +/, "", src); print "0x" $1 "\t" src }' ptool.out |
	sort -u > pairs.txt
[ -s pairs.txt ] || fail "no ld.so frame in ptool's script output"
cut -f1 pairs.txt | addr2line -e "$LDSO_DBG" -a -i -f > a2l.out
# perf's srcline from addr2line's innermost "file:line": base name, "?" as 0
awk '/^0x/ { a = $1; sub(/^0x0*/, "0x", a); n = 0; next }
     ++n == 2 { f = $0; sub(/ \(discriminator [0-9]+\)$/, "", f)
		c = match(f, /:[^:]*$/); file = substr(f, 1, c - 1)
		line = substr(f, c + 1); sub(/.*\//, "", file)
		print a "\t" (file == "??" ? "??" : file ":" line + 0) }' a2l.out > want.txt
n=$(wc -l < pairs.txt)
awk -F'\t' 'NR == FNR { want[$1] = $2; next }
	    !($1 in want) { print "no addr2line answer for " $1; next }
	    want[$1] != "??" && want[$1] != $2 { print $1 ": addr2line " want[$1] ", ptool " $2 }' \
	want.txt pairs.txt > bad.txt
[ ! -s bad.txt ] || { head bad.txt; fail "$(wc -l < bad.txt) of $n ld.so addresses: srcline differs from addr2line"; }
ok "ld.so srcline of $n addresses as addr2line"
