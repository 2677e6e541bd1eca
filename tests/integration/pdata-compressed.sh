#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# zstd-compressed perf.data files (perf record -z), both ways:
#  - ptool report and ptool script print perf's text for perf's -z files;
#  - perf reads ptool record -z files (file and pipe) with the report
#    ptool prints, and the COMPRESSED feature says the level;
#  - a corrupt frame, or output past the size the COMPRESSED feature
#    announces, fails with one line naming the record's offset.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/report-common.inc"
need_perf
can_open cpu-clock || skip "cannot open cpu-clock events"
command -v python3 >/dev/null || skip "python3 is not installed"
CPULOOP=$WORKLOADS/cpuloop
[ -x "$CPULOOP" ] || skip "$CPULOOP is not built (make workloads)"
"$PERF" version --build-options 2>/dev/null | grep -Eq 'zstd: +\[ on' ||
	skip "perf is built without zstd"

cd "$TMPD"

# same_text DESC CMD1 CMD2 FILE: both commands print the same text
same_report() {
	local desc=$1 f=$2
	shift 2
	"$PERF" report -i "$f" --stdio "$@" >perf.out 2>perf.err ||
		{ cat perf.err; fail "$desc: perf report failed"; }
	grep -Ev '^ *$|Tip|^#$' perf.err | grep . && fail "$desc: perf report warned"
	"$PTOOL" report -i "$f" "$@" >ptool.out 2>ptool.err ||
		{ cat ptool.err; fail "$desc: ptool report failed"; }
	[ -s ptool.err ] && { cat ptool.err; fail "$desc: ptool report warned"; }
	strip_tip perf.out >perf.txt
	strip_tip ptool.out >ptool.txt
	diff -u perf.txt ptool.txt >d.diff || { head -40 d.diff; fail "$desc: report differs"; }
	grep -q 'cpuloop' ptool.txt || fail "$desc: no cpuloop samples"
}

same_script() {
	local desc=$1 f=$2
	"$PERF" script -i "$f" >perf.out 2>/dev/null </dev/null || fail "$desc: perf script failed"
	"$PTOOL" script -i "$f" >ptool.out 2>ptool.err || { cat ptool.err; fail "$desc: ptool script failed"; }
	diff -u perf.out ptool.out >d.diff || { head -40 d.diff; fail "$desc: script differs"; }
	[ -s ptool.out ] || fail "$desc: no samples"
}

# --- perf's -z files ---
"$PERF" record -q -z -g -e cpu-clock -c 100000 -o perf-z.data "$CPULOOP" 0.5 >/dev/null 2>rec.err ||
	{ cat rec.err; skip "perf record -z failed"; }
n=$("$PERF" report -D -i perf-z.data 2>/dev/null | awk '/COMPRESSED events:/ { print $3 }')
[ "${n:-0}" -gt 0 ] || fail "perf -z wrote no COMPRESSED records"
same_report "perf -z, --no-children" perf-z.data --no-children
same_report "perf -z, children" perf-z.data
same_script "perf -z" perf-z.data
ok "perf's -z file ($n compressed records): ptool report and script print perf's text"

# --- ptool's -z files, read by perf ---
"$PTOOL" record -z -g -e cpu-clock -c 100000 -o ptool-z.data "$CPULOOP" 0.5 >/dev/null 2>rec.err ||
	{ cat rec.err; fail "ptool record -z failed"; }
grep -q 'compressed (original [0-9.]* MB, ratio is [0-9.]*) ]' rec.err ||
	{ cat rec.err; fail "ptool record -z: no compression ratio in its summary"; }
n=$("$PERF" report -D -i ptool-z.data 2>/dev/null | awk '/COMPRESSED events:/ { print $3 }')
[ "${n:-0}" -gt 0 ] || fail "ptool record -z wrote no COMPRESSED records"
"$PERF" report --header-only -i ptool-z.data >hdr 2>&1
assert_match "COMPRESSED feature" '^# compressed : Zstd, level = 1, ratio = [1-9]' hdr
same_report "ptool -z, --no-children" ptool-z.data --no-children
same_report "ptool -z, children" ptool-z.data
same_script "ptool -z" ptool-z.data
ok "ptool's -z file ($n compressed records): perf report and script print ptool's text"

# the level reaches zstd and the header; the file is smaller than without -z
"$PTOOL" record -q --compression-level=9 -e cpu-clock -c 100000 -o l9.data "$CPULOOP" 0.3 >/dev/null ||
	fail "ptool record --compression-level=9 failed"
"$PTOOL" record -q -e cpu-clock -c 100000 -o plain.data "$CPULOOP" 0.3 >/dev/null ||
	fail "ptool record failed"
"$PERF" report --header-only -i l9.data >hdr 2>&1
assert_match "level 9" '^# compressed : Zstd, level = 9,' hdr
[ "$(stat -c %s l9.data)" -lt "$(stat -c %s plain.data)" ] ||
	fail "the -z file is not smaller than the plain one"
same_report "level 9" l9.data --no-children
ok "--compression-level=9 is in the header, and perf reads the file"

# a pipe: perf reads ptool's compressed stream
"$PTOOL" record -z -g -e cpu-clock -c 100000 -o - "$CPULOOP" 0.3 >pipe.data 2>rec.err ||
	{ cat rec.err; fail "ptool record -z -o - failed"; }
"$PERF" report -i - --stdio <pipe.data >perf.out 2>/dev/null || fail "perf report of the -z pipe failed"
"$PTOOL" report -i - <pipe.data >ptool.out 2>ptool.err || { cat ptool.err; fail "ptool report of the -z pipe failed"; }
strip_tip perf.out >perf.txt
strip_tip ptool.out >ptool.txt
diff -u perf.txt ptool.txt >d.diff || { head -40 d.diff; fail "-z pipe: report differs"; }
grep -q cpuloop ptool.txt || fail "-z pipe: no samples"
ok "a -z pipe reads the same in perf and ptool"

# --- hostile compressed records ---
# mutate FILE MODE: MODE=frame flips bytes inside the first COMPRESSED
# record's zstd data, MODE=mmap makes the COMPRESSED feature announce a
# 64-byte buffer; prints the record's offset in hex
mutate() {
	python3 - "$1" "$2" <<'EOF'
import struct, sys
path, mode = sys.argv[1], sys.argv[2]
b = bytearray(open(path, 'rb').read())
data_off, data_size = struct.unpack_from('<QQ', b, 40)
off, end = data_off, data_off + data_size
while off < end:
    typ, misc, size = struct.unpack_from('<IHH', b, off)
    if typ == 81:
        break
    off += size
else:
    sys.exit('no COMPRESSED record')
if mode == 'frame':
    for i in range(8, min(size, 48)):
        b[off + i] ^= 0x5a
else:
    feats = struct.unpack_from('<4Q', b, 72)
    bits = [i for i in range(256) if feats[i // 64] >> (i % 64) & 1]
    sec = data_off + data_size + 16 * bits.index(27)
    foff, fsize = struct.unpack_from('<QQ', b, sec)
    struct.pack_into('<I', b, foff + 16, 64)
open(path, 'wb').write(b)
print('0x%x' % off)
EOF
}

for f in perf-z.data ptool-z.data; do
	for mode in frame mmap; do
		cp $f bad.data
		off=$(mutate bad.data $mode) || fail "cannot mutate $f"
		for cmd in report script; do
			"$PTOOL" $cmd -i bad.data >out 2>err </dev/null
			rc=$?
			[ $rc -eq 1 ] || { cat err; fail "$f $mode: ptool $cmd exited $rc, want 1"; }
			[ "$(wc -l <err)" -eq 1 ] || { cat err; fail "$f $mode: ptool $cmd: not one line"; }
			assert_match "$f $mode $cmd" "compressed record at offset $off (is corrupt|decompresses to more than 64 bytes)" err
		done
	done
done
ok "corrupt frames and lying sizes: one line naming the offset, exit 1"
