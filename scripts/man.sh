#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# docs/ptool-<cmd>.md -> a man page on stdout, through go-md2man (or
# pandoc). The page's first heading and paragraph become its NAME line
# ("ptool-list - List the events ..."), the ## sections its .SH sections.
#   scripts/man.sh docs/ptool-list.md VERSION > ptool-list.1
set -euo pipefail
md=$1
version=${2:-}
name=$(sed -n '1s/^# //p' "$md" | tr ' ' -)
[ -n "$name" ] || { echo "man.sh: $md does not start with '# ptool ...'" >&2; exit 1; }
title=$(printf '%s' "$name" | tr '[:lower:]' '[:upper:]')
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
awk -v name="$name" '
NR == 1 { print "# NAME"; state = 1; next }
state == 1 && /^$/ { next }
state == 1 { sub(/\.$/, ""); printf "%s - %s", name, $0; state = 2; next }
state == 2 && /^$/ { print "\n"; state = 0; next }
state == 2 { sub(/\.$/, ""); printf " %s", $0; next }
/^```/ { fence = !fence }
!fence && /^## / { print "# " toupper(substr($0, 4)); next }
{ print }
' "$md" > "$tmp"
if command -v go-md2man >/dev/null 2>&1; then
	{
		printf '%% %s 1 "" "ptool %s" "ptool Manual"\n\n' "$title" "$version"
		cat "$tmp"
	} | go-md2man
elif command -v pandoc >/dev/null 2>&1; then
	pandoc -s -f markdown -t man -M title="$title" -M section=1 \
		-M footer="ptool $version" -M header="ptool Manual" "$tmp"
else
	echo "man.sh: neither go-md2man nor pandoc is installed" >&2
	exit 1
fi
