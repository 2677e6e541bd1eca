#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# sudo ptool record: the file belongs to the user who ran sudo (SUDO_UID,
# SUDO_GID), who can then read it with ptool report; with the variables
# unset or nonsense, the file stays root's and record still works.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/record.inc"
need_sampling
user=nobody
uid=$(id -u "$user" 2>/dev/null) || skip "no user '$user'"
gid=$(id -g "$user")
command -v setpriv >/dev/null || skip "setpriv (util-linux) is not installed"
chmod 755 "$TMPD"
cases=0

as_user() { setpriv --reuid="$uid" --regid="$gid" --clear-groups -- "$@"; }
as_user test -x "$PTOOL" || skip "$PTOOL is not reachable by '$user'"

for shape in "-e cpu-clock" "-g -e cpu-clock"; do
	f="$TMPD/sudo.data"
	# shellcheck disable=SC2086
	SUDO_UID=$uid SUDO_GID=$gid SUDO_USER=$user "$PTOOL" record -q -o "$f" $shape -- \
		"$WORKLOADS/cpuloop" 0.3 >/dev/null 2>"$TMPD/err" || { cat "$TMPD/err"; fail "record $shape failed"; }
	[ "$(stat -c %u:%g "$f")" = "$uid:$gid" ] ||
		fail "record $shape under sudo: file owned by $(stat -c %u:%g "$f"), want $uid:$gid"
	as_user "$PTOOL" report --stdio -i "$f" >"$TMPD/r.out" 2>"$TMPD/r.err" ||
		{ cat "$TMPD/r.err"; fail "$user cannot report the file"; }
	assert_match "report as $user" '^# Samples: ' "$TMPD/r.out"
	as_user "$PTOOL" script -i "$f" >/dev/null 2>"$TMPD/s.err" ||
		{ cat "$TMPD/s.err"; fail "$user cannot script the file"; }
	# a second recording: the first one becomes .old, owned by the user too
	SUDO_UID=$uid SUDO_GID=$gid "$PTOOL" record -q -o "$f" $shape -- true >/dev/null 2>&1 ||
		fail "second record failed"
	[ "$(stat -c %u "$f.old")" = "$uid" ] || fail "the .old file changed owner"
	[ "$(stat -c %u "$f")" = "$uid" ] || fail "the second file is not the user's"
	ok "record $shape with SUDO_UID=$uid: the file is $user's, who reads it"
	rm -f "$f" "$f.old"
	cases=$((cases + 1))
done

# nonsense in SUDO_UID: ignored, the file stays root's
SUDO_UID=x SUDO_GID=-1 "$PTOOL" record -q -o "$TMPD/n.data" -e cpu-clock -- true >/dev/null 2>"$TMPD/err" ||
	{ cat "$TMPD/err"; fail "record with a bad SUDO_UID failed"; }
[ "$(stat -c %u "$TMPD/n.data")" = 0 ] || fail "a bad SUDO_UID changed the owner"
ok "a nonsense SUDO_UID is ignored"
cases=$((cases + 1))
echo "$cases sudo cases"
