#!/usr/bin/env bash
# ptool's dispatcher: --version, help, unknown commands, -h per command.
. "$(dirname "$0")/lib.sh"

"$PTOOL" --version >"$TMPD/v" || fail "--version exit status"
assert_match "--version" '^ptool version [0-9]+\.[0-9]+' "$TMPD/v"

"$PTOOL" --help >"$TMPD/h" || fail "--help exit status"
for c in stat record report script probe list; do
	assert_match "--help lists $c" "^   $c " "$TMPD/h"
done

"$PTOOL" recrod >"$TMPD/o" 2>"$TMPD/e"
[ $? -eq 2 ] || fail "unknown command must exit 2"
assert_match "unknown command named" "'recrod' is not a ptool command" "$TMPD/e"
assert_match "close match suggested" 'record' "$TMPD/e"

"$PTOOL" --bogus >/dev/null 2>"$TMPD/e"
[ $? -eq 2 ] || fail "unknown global option must exit 2"

for c in stat record report script probe list; do
	"$PTOOL" "$c" -h >"$TMPD/ch" 2>&1 || fail "ptool $c -h exit status"
	assert_match "ptool $c -h usage" "Usage: ptool $c" "$TMPD/ch"
	"$PTOOL" help "$c" >"$TMPD/ch2" 2>&1 || fail "ptool help $c exit status"
	cmp -s "$TMPD/ch" "$TMPD/ch2" || fail "ptool help $c differs from ptool $c -h"
done

# a closed stdout must not be reported as success
if [ -w /dev/full ]; then
	"$PTOOL" --help >/dev/full 2>"$TMPD/e" && fail "write to a full disk exited 0"
	assert_match "full disk error" 'write error' "$TMPD/e"
fi
ok dispatch
