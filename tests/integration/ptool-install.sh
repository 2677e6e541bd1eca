#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# make install DESTDIR=D PREFIX=/usr: the binary, the bash completion
# script and, when go-md2man or pandoc is there, a man page per command
# that man -l renders; ptool help CMD and CMD --help show that page, and
# the -h text when no page is installed.
. "$(dirname "$0")/lib.sh"
command -v make >/dev/null || skip "make is not installed"
[ -x "$TOP/ptool" ] || fail "build ptool first"

cd "$TMPD"
D=$TMPD/d
# -o ptool: install the binary as built, whatever its flavour
make -C "$TOP" --no-print-directory -o ptool install DESTDIR="$D" PREFIX=/usr \
	> make.log 2>&1 || { cat make.log; fail "make install failed"; }
[ -x "$D/usr/bin/ptool" ] || fail "no $D/usr/bin/ptool"
cmp -s "$TOP/ptool" "$D/usr/bin/ptool" || fail "the installed binary is not ./ptool"
[ -f "$D/usr/share/bash-completion/completions/ptool" ] ||
	fail "no bash completion script installed"
ok "binary and completion script"

# without a page, help is the -h text
MANPATH=$TMPD/none "$PTOOL" help report > h.txt 2>&1 || fail "ptool help report failed"
assert_match "help without a man page" '^ Usage: ptool report' h.txt
MANPATH=$TMPD/none "$PTOOL" report --help > h2.txt 2>&1 || fail "ptool report --help failed"
cmp -s h.txt h2.txt || fail "report --help is not help report"
ok "help falls back to -h"

if ! command -v go-md2man >/dev/null && ! command -v pandoc >/dev/null; then
	skip "neither go-md2man nor pandoc is installed: no man pages"
fi
command -v man >/dev/null || skip "man is not installed"
pages=$("$PTOOL" --list-cmds | grep -vx help | sed 's/^/ptool-/')
for page in ptool $pages; do
	f=$D/usr/share/man/man1/$page.1
	[ -f "$f" ] || fail "no man page $page.1"
	MANWIDTH=80 man -l "$f" > "$page.txt" 2> "$page.err" || fail "man -l $page.1 failed"
	assert_match "$page.1: title" "^${page^^}\\(1\\)" "$page.txt"
	assert_match "$page.1: NAME" "^ +$page +- +[A-Za-z]" "$page.txt"
	assert_match "$page.1: SYNOPSIS" '^SYNOPSIS' "$page.txt"
done
assert_match "ptool.1 names the pager" 'PTOOL_PAGER' ptool.txt
ok "man pages render"

export MANPATH=$D/usr/share/man MANPAGER=cat PAGER=cat MANWIDTH=80
"$PTOOL" help report > m.txt 2>&1 || fail "ptool help report failed"
assert_match "help report opens the man page" '^PTOOL-REPORT\(1\)' m.txt
"$PTOOL" report --help > m2.txt 2>&1 || fail "ptool report --help failed"
assert_match "report --help opens the man page" '^PTOOL-REPORT\(1\)' m2.txt
"$PTOOL" report -h > m3.txt 2>&1
assert_match "-h stays the option list" '^ Usage: ptool report' m3.txt
ok "help CMD and CMD --help open the man page"
