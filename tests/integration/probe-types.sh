#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool probe against perf probe: the fetch type of each C type (the
# uprobe_events line perf writes), --filter with -F and -V, the message and
# status of a duplicate add, and the -l order of %return probes.
. "$(dirname "$0")/lib.sh"

need_root
need_perf
need_workloads probe_types probe_demo
U=$$
BIN=$TMPD/ptypes_$U
DEMO=$TMPD/ptdemo_$U
cp "$WORKLOADS/probe_types" "$BIN" && cp "$WORKLOADS/probe_demo" "$DEMO" || fail "cp"
G=ptypes_$U
G2=ptypes2_$U
# perf probe caches the binaries it probes under $HOME/.debug: a cache
# of our own
export HOME=$TMPD
"$PTOOL" probe -l >/dev/null 2>&1	# mounts tracefs when needed
UE=/sys/kernel/tracing/uprobe_events
[ -f $UE ] || skip "no uprobe_events (CONFIG_UPROBE_EVENTS)"
cleanup() {
	"$PTOOL" probe -q -d "$G:*" >/dev/null 2>&1
	"$PTOOL" probe -q -d "$G2:*" >/dev/null 2>&1
	rm -rf "$TMPD"
}
trap cleanup EXIT
line() { grep -E "^[pr]:$G/t " $UE | sed 's/^[^ ]* [^ ]* //'; }

# each variable as perf fetches it: s for signed, x for the rest
n=0
for v in sl ul c uc s us i ui b d str ptr col fl 'fl->c' bg arr 'str:string' \
	 'ul:u' 'sl:x' 'ui:s' 'ul:u32'; do
	"$PERF" probe -q -x "$BIN" -a "$G:t=types $v" >/dev/null 2>&1 ||
		fail "perf probe '$v'"
	want=$(line)
	"$PERF" probe -q -d "$G:t" >/dev/null 2>&1
	"$PTOOL" probe -q -x "$BIN" -a "$G:t=types $v" ||
		fail "ptool probe '$v'"
	got=$(line)
	"$PTOOL" probe -q -d "$G:t" >/dev/null 2>&1
	[ -n "$want" ] && [ "$want" = "$got" ] ||
		fail "'$v': perf '$want', ptool '$got'"
	n=$((n + 1))
done
grep -q "^ul=.*:x64$" <<<"$(
	"$PTOOL" probe -q -x "$BIN" -a "$G:t=types ul" && line
	"$PTOOL" probe -q -d "$G:t" >/dev/null 2>&1)" ||
	fail "unsigned long is not x64"
ok "$n fetch types as perf's"

# a bitfield member: perf 6.1 reads DW_AT_bit_offset, which DWARF 5 has not
if "$PERF" probe -q -x "$BIN" -a "$G:t=types fl->a" >/dev/null 2>&1; then
	want=$(line)
	"$PERF" probe -q -d "$G:t" >/dev/null 2>&1
	"$PTOOL" probe -q -x "$BIN" -a "$G:t=types fl->a" || fail "bitfield"
	got=$(line)
	"$PTOOL" probe -q -d "$G:t" >/dev/null 2>&1
	[ "$want" = "$got" ] || fail "bitfield: perf '$want', ptool '$got'"
else
	expect_fail "bitfield" "$PTOOL" probe -x "$BIN" -a "$G:t=types fl->a" \
		>"$TMPD/bf"
	assert_match "bitfield message" "cannot get the offset of bitfield 'a'" "$TMPD/bf"
fi
ok "bitfield as perf"

# --filter: ignored by -F, applied by -V (perf's strfilter)
for args in "-F --filter w*" "--filter w* -F" "-F w*" "-V main --filter t*" \
	    "-V main --filter !t*" "-V main --filter a*|k" \
	    "-V main --filter (a*|k)&!argv"; do
	read -ra a <<<"$args"
	"$PERF" probe -x "$DEMO" "${a[@]}" >"$TMPD/pf" 2>&1
	"$PTOOL" probe -x "$DEMO" "${a[@]}" >"$TMPD/tf" 2>&1
	diff "$TMPD/pf" "$TMPD/tf" || fail "probe $args differs from perf"
done
ok "--filter with -F and -V as perf"

# a duplicate: perf's message (its own name for itself, no BPF); perf exits
# 239 (-EEXIST), which a shell reads as a signal: ptool exits 1
"$PTOOL" probe -q -x "$DEMO" -a "$G:w=work" || fail "add"
"$PERF" probe -x "$DEMO" -a "$G:w=work" >/dev/null 2>"$TMPD/pd"
pst=$?
"$PTOOL" probe -x "$DEMO" -a "$G:w=work" >/dev/null 2>"$TMPD/td"
tst=$?
[ $pst -ne 0 ] && [ $tst -eq 1 ] || fail "duplicate: status $tst, perf $pst"
diff <(sed 's/perf probe/ptool probe/g; /BPF source/d' "$TMPD/pd") "$TMPD/td" ||
	fail "duplicate message differs from perf's"
"$PTOOL" probe -q -d "$G:*" >/dev/null 2>&1
ok "duplicate add: message as perf (status $tst, perf $pst)"

# -l: perf sorts the raw lines, so "p:" probes come before "r:" ones
"$PTOOL" probe -q -x "$DEMO" -a "$G:a=work%return" -a "$G:z=main" \
	-a "$G2:b=work" || fail "add for -l"
"$PERF" probe -l "$G*" >"$TMPD/pl" 2>&1
"$PTOOL" probe -l "$G*" >"$TMPD/tl" 2>&1
diff "$TMPD/pl" "$TMPD/tl" || fail "-l order differs from perf"
tail -1 "$TMPD/tl" >"$TMPD/last"
assert_match "%return last" "^  $G:a +\\(on work%return" "$TMPD/last"
ok "-l order as perf"

# -D: the tracefs lines perf would write, nothing added
dcheck() {
	"$PERF" probe -x "$DEMO" "$@" >"$TMPD/pD" 2>/dev/null
	"$PTOOL" probe -x "$DEMO" "$@" >"$TMPD/tD" 2>/dev/null || fail "ptool $*"
	[ -s "$TMPD/tD" ] && diff "$TMPD/pD" "$TMPD/tD" || fail "probe $* differs from perf"
}
dcheck -D "$G:w=work n"
dcheck -D work:2 -D main
dcheck -D 'work%return $retval'
! grep -q "^p:$G/w " $UE || fail "-D added a probe"
expect_fail "--bootconfig -x" "$PTOOL" probe -x "$DEMO" --bootconfig -D work >"$TMPD/bc"
"$PERF" probe -x "$DEMO" --bootconfig -D work 2>&1 | grep -o "\-\-bootconfig doesn't support uprobes\." >"$TMPD/pbc"
grep -o "\-\-bootconfig doesn't support uprobes\." "$TMPD/bc" | diff "$TMPD/pbc" - ||
	fail "--bootconfig on a uprobe: not perf's message"
"$PTOOL" probe --bootconfig -D vfs_read -D 'vfs_read%return $retval' >"$TMPD/bk" ||
	fail "--bootconfig kprobes"
printf "ftrace.event.kprobes.vfs_read.probe = 'vfs_read'\nftrace.event.kprobes.vfs_read__return.probe = 'vfs_read \$retval'\n" |
	diff - "$TMPD/bk" || fail "--bootconfig layout"
ok "-D, --bootconfig"
