#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# kprobes: the clear refusal on a kernel without kprobe events, and the
# exact kprobe_events lines through a temporary tracefs (PTOOL_TRACEFS).
. "$(dirname "$0")/lib.sh"

need_root
grep -q ' [tT] vfs_read$' /proc/kallsyms || skip "no vfs_read in /proc/kallsyms"

# the real kernel
"$PTOOL" probe -l >/dev/null 2>&1
if [ -d /sys/kernel/tracing ] && [ ! -e /sys/kernel/tracing/kprobe_events ]; then
	expect_fail "no kprobes" "$PTOOL" probe vfs_read >/dev/null
	[ "$(cat "$TMPD/ef.err")" = "ptool probe: this kernel has no kprobe events (CONFIG_KPROBE_EVENTS is not set)" ] ||
		fail "unexpected message: $(cat "$TMPD/ef.err")"
	ok "this kernel: one clear line about CONFIG_KPROBE_EVENTS"
else
	echo "note: this kernel has kprobe events; the refusal is checked on the fake tracefs only"
fi

# -F without -x lists kernel functions, as perf probe -F does
"$PTOOL" probe -F 'vfs_re*' >"$TMPD/F" 2>&1 || fail "-F kernel"
assert_match "-F" "^vfs_read$" "$TMPD/F"
if [ -n "$PERF" ]; then
	"$PERF" probe -F 'vfs_re*' >"$TMPD/F.perf" 2>/dev/null &&
		{ cmp -s "$TMPD/F" "$TMPD/F.perf" || { diff "$TMPD/F" "$TMPD/F.perf"; fail "-F differs from perf"; }; }
fi
ok "-F lists kernel functions"

# a fake tracefs without kprobe_events: the same refusal
mkdir -p "$TMPD/nok"
: >"$TMPD/nok/uprobe_events"
PTOOL_TRACEFS="$TMPD/nok" expect_fail "fake: no kprobes" "$PTOOL" probe vfs_read >/dev/null
assert_match "message" "CONFIG_KPROBE_EVENTS is not set" "$TMPD/ef.err"
[ ! -e "$TMPD/nok/kprobe_events" ] || fail "kprobe_events was created"

# a fake tracefs with kprobe_events: the lines perf would write
mkdir -p "$TMPD/k"
: >"$TMPD/k/uprobe_events"
: >"$TMPD/k/kprobe_events"
export PTOOL_TRACEFS="$TMPD/k"
"$PTOOL" probe -q vfs_read 'vfs_read%return $retval' || fail "kprobe add"
# vfs_read+4 is named vfs_read too: the call is refused, nothing written
expect_fail "clash" "$PTOOL" probe -q 'vfs_read+4 buf=%si:x64' >/dev/null
assert_match "clash" "already exists" "$TMPD/ef.err"
cat >"$TMPD/expect" <<'EOT'
p:probe/vfs_read vfs_read
r:probe/vfs_read__return vfs_read $retval
EOT
head -2 "$TMPD/k/kprobe_events" | cmp -s - "$TMPD/expect" ||
	{ cat "$TMPD/k/kprobe_events"; fail "kprobe_events lines"; }
[ "$(wc -l <"$TMPD/k/kprobe_events")" -eq 2 ] || fail "vfs_read+4 should clash"
"$PTOOL" probe -q -f 'vfs_read+4 buf=%si:x64' || fail "kprobe -f"
tail -1 "$TMPD/k/kprobe_events" | grep -qx 'p:probe/vfs_read_1 vfs_read+4 buf=%si:x64' ||
	{ cat "$TMPD/k/kprobe_events"; fail "kprobe with offset and -f"; }
"$PTOOL" probe -l >"$TMPD/l" 2>&1
assert_match "list" "^  probe:vfs_read +\(on vfs_read\)" "$TMPD/l"
"$PTOOL" probe -q -d 'probe:vfs_read__return' || fail "kprobe -d"
tail -1 "$TMPD/k/kprobe_events" | grep -qx -- '-:probe/vfs_read__return' ||
	fail "kprobe -d line"
expect_fail "unknown kernel function" "$PTOOL" probe no_such_kernel_function_x >/dev/null
assert_match "message" "no kernel function 'no_such_kernel_function_x'" "$TMPD/ef.err"
expect_fail "line without vmlinux" "$PTOOL" probe vfs_read:3 >/dev/null
assert_match "message" "pass it with -k vmlinux" "$TMPD/ef.err"
[ ! -s "$TMPD/k/uprobe_events" ] || fail "uprobe_events written"
ok "kprobe_events lines through PTOOL_TRACEFS"

# -k: lines and variables from an ELF's DWARF, written as symbol+offset
# (the -O0 demo stands in for a vmlinux: the same code path)
DEMO=$WORKLOADS/probe_demo
[ -x "$DEMO" ] || fail "$DEMO is not built"
L=$("$PTOOL" probe -x "$DEMO" -L main | awk '/usleep/ { print $1 }')
off=$("$PTOOL" probe -n -v -x "$DEMO" "main:$L" 2>&1 | sed -n 's/^Writing event: .*:0x\([0-9a-f]*\)$/\1/p')
main=$(nm "$DEMO" | awk '$3 == "main" { print $1 }')
[ -n "$off" ] && [ -n "$main" ] || fail "cannot find main:$L in $DEMO"
want="p:probe/main_L$L main+$(( 0x$off - 0x$main ))"
: >"$TMPD/k/kprobe_events"
"$PTOOL" probe -q -k "$DEMO" "main:$L" || fail "-k add"
[ "$(cat "$TMPD/k/kprobe_events")" = "$want" ] ||
	fail "-k: got '$(cat "$TMPD/k/kprobe_events")', want '$want'"
ok "-k: $want"
exit 0
