#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool version --build-options: perf's layout, line for line where perf
# lists the same feature, and a debuginfod line that tells the truth
# about the binary (linked with libdebuginfod or not).
. "$(dirname "$0")/lib.sh"
cd "$TMPD"
"$PTOOL" version > v.txt || fail "ptool version failed"
"$PTOOL" --version > v2.txt || fail "ptool --version failed"
cmp -s v.txt v2.txt || fail "version and --version differ"
assert_match "version" '^ptool version [0-9]+\.[0-9]+\.[0-9]+$' v.txt
"$PTOOL" version --build-options > b.txt || fail "ptool version --build-options failed"
head -1 b.txt | cmp -s - v.txt || fail "--build-options does not start with the version"
tail -n +2 b.txt > feat.txt
[ -s feat.txt ] || fail "no build options listed"
bad=$(grep -Evx ' *[a-z0-9_-]+: \[ (on |OFF) \]  # HAVE_[A-Z0-9_]+' feat.txt)
[ -z "$bad" ] || fail "not perf's layout: $bad"
awk -F: '{ if (length($1) != 22) exit 1 }' feat.txt || fail "names not right-aligned at 22 columns"
for f in debuginfod libunwind libtraceevent zstd libelf; do
	grep -q "^ *$f: " feat.txt || fail "no '$f' line"
done
if [ -n "$PERF" ] && "$PERF" version --build-options > perf.txt 2>/dev/null; then
	# the same feature with the same state is the same line as perf's
	while IFS= read -r line; do
		name=${line%%:*}
		p=$(grep -F -- "$name:" perf.txt | head -1)
		[ -n "$p" ] || continue
		lp=${line%%#*} pp=${p%%#*}
		if [ "${lp#*[}" = "${pp#*[}" ] && [ "$lp" != "$pp" ]; then
			fail "'$line' is not laid out as perf's '$p'"
		fi
	done < feat.txt
fi
linked=OFF
ldd "$PTOOL" 2>/dev/null | grep -q libdebuginfod && linked='on '
grep -q "debuginfod: \[ $linked \]" feat.txt ||
	fail "debuginfod line says $(grep debuginfod feat.txt), the binary is linked: $linked"
ok "version and --build-options"
