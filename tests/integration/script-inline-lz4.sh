#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Inline frames in third-party C code: LZ4 built -O2 -g as a shared
# library (scripts/thirdparty.sh, sources from npm's lz4 package) under a
# small driver. ptool script prints the callchains perf script prints,
# with inline frames (the default), with --no-inline, and folded, on
# files recorded by perf with --call-graph dwarf,32768 and with -g.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/script-inline.inc"
need_inline_reference
need_root
W=$("$TOP/scripts/thirdparty.sh" --quiet)
case $? in
0) ;;
77) printf '%s\n' "$W"; exit 77 ;;
*) fail "scripts/thirdparty.sh could not build the LZ4 driver" ;;
esac

# LZ4_compress_fast keeps its 16 KiB state on the stack: with perf's
# default 8 KiB stack dumps most of its samples could not be unwound to
# main, and that is not what this test is about
record_with perf dwarf "--call-graph dwarf,32768" "$W" ||
	skip "perf record --call-graph dwarf does not work here"
"$PERF" script -i "$TMPD/dwarf.data" 2>/dev/null | grep -q 'LZ4_.* (inlined)$' ||
	fail "perf script shows no inlined LZ4 frames: is liblz4.so built -O2 -g?"
cmp_all "perf dwarf:" "$TMPD/dwarf.data"

record_with perf fp -g "$W" || fail "perf record -g failed"
cmp_all "perf -g:" "$TMPD/fp.data"
finish
