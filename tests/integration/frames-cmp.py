#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Compare the callchains of two `perf script` texts (default output: a
# header line per sample, then indented frame lines "addr sym+off (dso)",
# then a blank line). Each frame is reduced to its name: the address, the
# +0x offset and the dso are dropped, an " (inlined)" mark is kept. The
# samples are paired in order (both texts must hold as many), and
#   N/M samples identical (P%)
# is printed with the first differing samples side by side. Exit 1 when P
# is below --min (default 99), or when the sample counts differ.
#
#   frames-cmp.py [--min P] [--show N] [--no-header] [--labels A,B] A.txt B.txt
#   frames-cmp.py --folded [--min P] [--show N] A.folded B.folded
#
# --folded compares two folded-stack files ("stack count" lines) as
# multisets: counts of equal stacks are summed, and P is the share of the
# total weight the two files have in common; the default --min is then 100
# (equal multisets).
import re
import sys

frame_re = re.compile(r"^\s+([0-9a-f]+)\s+(.*?)\s*"
                      r"\(((?:[^()]|\([^()]*\))*)\)$")
offset_re = re.compile(r"\+0x[0-9a-f]+$")


def usage(msg=None):
    if msg:
        sys.stderr.write("frames-cmp.py: %s\n" % msg)
    sys.stderr.write("usage: frames-cmp.py [--min P] [--show N] [--no-header] "
                     "[--labels A,B] A.txt B.txt\n"
                     "       frames-cmp.py --folded [--min P] [--show N] "
                     "A.folded B.folded\n")
    sys.exit(2)


def read_text(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "surrogateescape").splitlines()


def frame_name(line):
    """the name of one frame line: sym without +off, with ' (inlined)'"""
    m = frame_re.match(line)
    if not m:
        return line.strip()
    sym, dso = m.group(2), m.group(3)
    sym = offset_re.sub("", sym)
    if dso == "inlined":
        return sym + " (inlined)"
    return sym


def samples(path, with_header):
    """a list of samples, each a list of strings: [header,] frame names"""
    out = []
    cur = None
    for line in read_text(path):
        if line.startswith("#"):
            continue
        if line.strip() == "":
            if cur is not None:
                out.append(cur)
            cur = None
            continue
        if not line[0].isspace():
            # a new header ends a sample printed without a blank line
            # (samples without callchains are one line each)
            if cur is not None:
                out.append(cur)
            cur = [" ".join(line.split())] if with_header else []
            continue
        if cur is None:
            cur = []
        cur.append(frame_name(line))
    if cur is not None:
        out.append(cur)
    return out


def shorten(s, width):
    """s in at most width characters: the middle elided"""
    if len(s) <= width:
        return s
    keep = width - 3
    head = keep // 3
    return s[:head] + "..." + s[len(s) - (keep - head):]


def side_by_side(a, b, labels, width):
    col = max(20, (width - 3) // 2)
    lines = ["  %-*s   %s" % (col, labels[0], labels[1])]
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else ""
        y = b[i] if i < len(b) else ""
        mark = "|" if x == y else "*"
        lines.append("  %-*s %s %s" % (col, shorten(x, col), mark,
                                        shorten(y, col)))
    return "\n".join(lines)


def cmp_script(a_path, b_path, minp, show, with_header, labels, width):
    a = samples(a_path, with_header)
    b = samples(b_path, with_header)
    if len(a) != len(b):
        print("sample counts differ: %s has %d, %s has %d"
              % (labels[0], len(a), labels[1], len(b)))
        return 1
    if not a:
        print("no samples in either text")
        return 1
    diffs = [i for i in range(len(a)) if a[i] != b[i]]
    same = len(a) - len(diffs)
    pct = 100.0 * same / len(a)
    print("%d/%d samples identical (%.2f%%)" % (same, len(a), pct))
    for i in diffs[:show]:
        print("sample %d:" % (i + 1))
        print(side_by_side(a[i], b[i], labels, width))
    if len(diffs) > show > 0:
        print("(%d more differing samples)" % (len(diffs) - show))
    return 0 if pct >= minp else 1


def read_folded(path):
    stacks = {}
    for n, line in enumerate(read_text(path), 1):
        if not line.strip():
            continue
        stack, _, count = line.rpartition(" ")
        try:
            c = int(count)
        except ValueError:
            sys.stderr.write("%s:%d: not 'stack count': %s\n" % (path, n, line))
            sys.exit(2)
        stacks[stack] = stacks.get(stack, 0) + c
    return stacks


def cmp_folded(a_path, b_path, minp, show, labels):
    a = read_folded(a_path)
    b = read_folded(b_path)
    ta, tb = sum(a.values()), sum(b.values())
    common = sum(min(a[k], b.get(k, 0)) for k in a)
    total = max(ta, tb)
    pct = 100.0 * common / total if total else 100.0
    same = sum(1 for k in a if b.get(k) == a[k])
    keys = sorted(set(a) | set(b))
    print("%d/%d stacks identical, weight %d/%d in common (%.2f%%)"
          % (same, len(keys), common, total, pct))
    if ta != tb:
        print("totals differ: %s %d, %s %d" % (labels[0], ta, labels[1], tb))
    diff = [k for k in keys if a.get(k, 0) != b.get(k, 0)]
    diff.sort(key=lambda k: -abs(a.get(k, 0) - b.get(k, 0)))
    for k in diff[:show]:
        print("  %s %d, %s %d: %s" % (labels[0], a.get(k, 0), labels[1],
                                      b.get(k, 0), k))
    if len(diff) > show > 0:
        print("(%d more differing stacks)" % (len(diff) - show))
    return 0 if pct >= minp else 1


def main(argv):
    folded = False
    minp = None
    show = 3
    with_header = True
    labels = ["A", "B"]
    width = 160
    files = []
    it = iter(argv)
    for arg in it:
        try:
            if arg == "--folded":
                folded = True
            elif arg == "--min":
                minp = float(next(it))
            elif arg == "--show":
                show = int(next(it))
            elif arg == "--no-header":
                with_header = False
            elif arg == "--labels":
                labels = next(it).split(",", 1)
                if len(labels) != 2:
                    usage("--labels wants A,B")
            elif arg == "--width":
                width = int(next(it))
            elif arg.startswith("-") and arg != "-":
                usage("unknown option '%s'" % arg)
            else:
                files.append(arg)
        except (StopIteration, ValueError):
            usage("bad or missing value for '%s'" % arg)
    if len(files) != 2:
        usage("two files wanted")
    if folded:
        return cmp_folded(files[0], files[1],
                          100.0 if minp is None else minp, show, labels)
    return cmp_script(files[0], files[1], 99.0 if minp is None else minp,
                      show, with_header, labels, width)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
