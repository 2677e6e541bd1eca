#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# ptool annotate on hostile input: a symbol without samples, a bad option,
# a binary without debug info or without symbols, a binary rebuilt since
# the recording (build-id mismatch), bytes that are no instruction, and a
# function of 300000 bytes. Each gives a clear result or one error line,
# never a crash.
. "$(dirname "$0")/lib.sh"
can_open cpu-clock || skip "cannot open cpu-clock events"
need_workloads cpuloop
command -v gcc >/dev/null || skip "gcc is not installed"
command -v objdump >/dev/null || skip "objdump is not installed"
cd "$TMPD"
export HOME=$TMPD	# no build-id cache to fall back on

# one error line (a usage error adds the hint to -h), exit status $2
one_line() {
	local desc=$1 want=$2; shift 2
	"$@" >out.txt 2>err.txt
	local rc=$?
	[ $rc -eq "$want" ] || { cat err.txt; fail "$desc: exit $rc, expected $want"; }
	[ "$(grep -vc "^Run 'ptool annotate -h'" err.txt)" -eq 1 ] || { cat err.txt; fail "$desc: not one error line"; }
	grep -q '^ptool annotate: [a-z0-9-]' err.txt || { cat err.txt; fail "$desc: message not in ptool's form"; }
}

"$PTOOL" record -q -e cpu-clock -o o0.data "$WORKLOADS/cpuloop" 1 >/dev/null 2>&1 ||
	skip "ptool record failed"
one_line "unknown symbol" 1 "$PTOOL" annotate -i o0.data no_such_symbol
grep -q "no samples in symbol 'no_such_symbol'" err.txt || fail "unknown symbol: message does not name it"
one_line "missing file" 1 "$PTOOL" annotate -i nothing.data
one_line "bad --percent-type" 2 "$PTOOL" annotate -i o0.data --percent-type sideways
one_line "bad -M" 2 "$PTOOL" annotate -i o0.data -M arm
"$PTOOL" annotate -i o0.data spin > out.txt 2>err.txt || { cat err.txt; fail "ptool record's file: annotate failed"; }
grep -Eq '^ +[0-9.]+ : +[0-9a-f]+:\s+imul ' out.txt || fail "ptool record's file: no instructions"
ok "unknown symbol, bad options, a file of ptool record"

# without debug info: the instructions, no source; without symbols: a message
cp "$WORKLOADS/cpuloop" nodebug && strip --strip-debug nodebug
cp "$WORKLOADS/cpuloop" stripped && strip stripped
"$PTOOL" record -q -e cpu-clock -o nodebug.data ./nodebug 1 >/dev/null 2>&1 || fail "record nodebug failed"
"$PTOOL" annotate -i nodebug.data spin > out.txt 2>err.txt || { cat err.txt; fail "annotate without debug info failed"; }
grep -Eq '^ +[0-9.]+ : +[0-9a-f]+:\s+imul ' out.txt || { cat out.txt; fail "no instructions without debug info"; }
assert_no_match "source rows without debug info" '^ {9}: [0-9]+ +(for|x \+=)' out.txt
"$PTOOL" record -q -e cpu-clock -o stripped.data ./stripped 1 >/dev/null 2>&1 || fail "record stripped failed"
one_line "stripped binary" 1 "$PTOOL" annotate -i stripped.data spin
ok "binaries without debug info and without symbols"

# rebuilt since the recording: both build-ids named, nothing annotated
cat > prog.c <<'C'
static volatile long sink;
__attribute__((noinline)) long work(long n)
{
	long x = 0;

	for (long i = 0; i < n; i++)
		x += i ^ (x >> 2) ^ VARIANT;
	return x;
}
int main(void)
{
	for (int i = 0; i < 300; i++)
		sink += work(1000000);
	return 0;
}
C
gcc -O1 -g -DVARIANT=$$ -o prog prog.c || fail "cannot build prog"
"$PTOOL" record -q -e cpu-clock -o prog.data ./prog >/dev/null 2>&1 || fail "record prog failed"
"$PTOOL" annotate -i prog.data work > out.txt 2>err.txt || { cat err.txt; fail "annotate prog failed"; }
gcc -O1 -g -DVARIANT=$(($$ + 1)) -o prog prog.c || fail "cannot rebuild prog"
one_line "build-id mismatch" 1 "$PTOOL" annotate -i prog.data work
grep -Eq "'.*/prog': it changed since the recording \(build-id [0-9a-f]{40}, recorded [0-9a-f]{40}\)" err.txt ||
	{ cat err.txt; fail "build-id mismatch: both build-ids not named"; }
ok "build-id mismatch refused with both build-ids"

# bytes that are no instruction, and a huge function
cat > hostile.c <<'C'
__asm__(".text\n"
	".globl badfn\n.type badfn,@function\nbadfn:\n"
	"	mov %rdi,%rax\n1:	dec %rax\n	jnz 1b\n	ret\n"
	"	.byte 0x06, 0x07, 0x27, 0xd6\n"
	".size badfn,.-badfn\n"
	".globl bigfn\n.type bigfn,@function\nbigfn:\n"
	"	mov %rdi,%rax\n2:	dec %rax\n	jnz 2b\n	ret\n"
	"	.fill 300000,1,0x90\n"
	".size bigfn,.-bigfn\n");
long badfn(long n);
long bigfn(long n);
int main(void)
{
	for (int i = 0; i < 400; i++)
		badfn(1000000) + bigfn(1000000);
	return 0;
}
C
gcc -O0 -o hostile hostile.c 2>/dev/null || fail "cannot build the hostile workload"
"$PTOOL" record -q -e cpu-clock -o hostile.data ./hostile >/dev/null 2>&1 || fail "record hostile failed"
"$PTOOL" annotate -i hostile.data badfn > out.txt 2>err.txt || { cat err.txt; fail "annotate badfn failed"; }
grep -E '^ +[0-9.]+ : +[0-9a-f]+:' out.txt | sed -E 's/^ +[0-9.]+ : +//; s/: +/:\t/' > ours.txt
s=$(nm hostile | awk '$3 == "badfn" { print $1 }')
e=$(nm hostile | awk '$3 == "bigfn" { print $1 }')
objdump -d --no-show-raw-insn --start-address=0x$s --stop-address=0x$e hostile |
	grep -P '^\s+[0-9a-f]+:\t' | sed -E 's/^ +//; s/ +$//' > theirs.txt
diff -u theirs.txt ours.txt || fail "undecodable bytes: not objdump's text"
[ "$(grep -c '(bad)' ours.txt)" -ge 3 ] || fail "no (bad) rows"
"$PTOOL" annotate -i hostile.data bigfn > out.txt 2>err.txt || { cat err.txt; fail "annotate bigfn failed"; }
n=$(grep -cE '^ +[0-9.]+ : +[0-9a-f]+:\s+nop$' out.txt)
[ "$n" -eq 300000 ] || fail "huge function: $n nop rows, expected 300000"
ok "undecodable bytes as objdump, a 300000-byte function"
