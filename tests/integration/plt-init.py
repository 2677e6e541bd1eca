#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare perf's output with ptool's, allowing perf 6.1's PLT naming.

perf 6.1 names a sample in a PLT entry `_init` when its symbol lookup
meets the zero-size `_init` (stretched over `.plt`) before the entry's
own `name@plt`; which entries that hits depends on the shape of perf's
symbol tree, so it can change from one program to the next. ptool
always prints `name@plt`.

plt-init.py PERF PTOOL         the files hold the same lines, except
                               lines where perf's `_init` stands for
                               ptool's `...@plt`
plt-init.py --sets PERF PTOOL  sorted name lists: the only names perf
                               alone has are `_init`, and those ptool
                               alone has all end in `@plt`
Exit 0 when they match so; a note on stderr counts the lines excused.
"""
import sys


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().split("\n")


def excused(p, t):
    """perf line p is ptool line t with one `...@plt` named `_init`"""
    start = 0
    while True:
        i = p.find("_init", start)
        if i < 0:
            return False
        head, tail = p[:i], p[i + 5:]
        if (t.startswith(head) and t.endswith(tail) and
                len(t) > len(head) + len(tail) and
                t[len(head):len(t) - len(tail)].endswith("@plt")):
            return True
        start = i + 1


def main(argv):
    sets = argv[1:2] == ["--sets"]
    args = argv[2:] if sets else argv[1:]
    if len(args) != 2:
        sys.exit("usage: plt-init.py [--sets] PERF PTOOL")
    perf, ptool = read(args[0]), read(args[1])
    if sets:
        only_p = set(perf) - set(ptool)
        only_t = set(ptool) - set(perf)
        if only_p - {"_init"} or not only_t or \
                any(not n.endswith("@plt") for n in only_t):
            return 1
        print("note: perf names %s `_init`" % ", ".join(sorted(only_t)),
              file=sys.stderr)
        return 0
    if len(perf) != len(ptool):
        return 1
    n = 0
    for p, t in zip(perf, ptool):
        if p != t:
            if not excused(p, t):
                return 1
            n += 1
    if n:
        print("note: %d line(s) where perf names a PLT entry `_init`" % n,
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
