#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# Reference folder for the tests: turns `perf script` text into folded
# stacks by the rules of FlameGraph's stackcollapse-perf.pl (default
# options, plus --all: "_[k]" on kernel frames, "_[j]" on JIT frames).
#   script-fold-ref.py [--plain] [--pid|--tid] < script.txt > folded.txt
import re
import sys

annotate = "--plain" not in sys.argv[1:]
with_pid = "--pid" in sys.argv[1:]
with_tid = "--tid" in sys.argv[1:]

header_re = re.compile(r"^(\S.+?)\s+(\d+)/*(\d+)*\s+")
event_re = re.compile(r":\s*(\d+)*\s+(\S+):\s*$")
frame_re = re.compile(r"^\s*(\w+)\s*(.+) \((.*)\)")
offset_re = re.compile(r"\+0x[\da-f]+$")
go_re = re.compile(r"\.\(.*\)\.")
paren_re = re.compile(r"\((?!anonymous namespace\)).*")
jit_re = re.compile(r"/tmp/perf-\d+\.map")
kernel_re = re.compile(r"(^\[|vmlinux$)")

folded = {}
stack = []
pname = None
period = 1
event_filter = None

def perl_split_arrow(s):
    parts = s.split("->")
    while parts and parts[-1] == "":
        parts.pop()
    return parts

for raw in sys.stdin.buffer:
    line = raw.decode("utf-8", "surrogateescape").rstrip("\n")
    if line.startswith("#"):
        continue
    if line == "":
        if pname is None:
            continue
        key = ";".join([pname] + stack)
        folded[key] = folded.get(key, 0) + period
        stack = []
        pname = None
        continue
    m = header_re.match(line)
    if m:
        comm = m.group(1)
        pid, tid = m.group(2), m.group(3)
        if not tid:
            pid, tid = "?", pid
        period = 1
        e = event_re.search(line)
        if e:
            ev = e.group(2)
            if event_filter is None:
                event_filter = ev
            elif ev != event_filter:
                continue
            if e.group(1):
                period = int(e.group(1))
        if not period:
            period = 1
        if with_tid:
            pname = "%s-%s/%s" % (comm, pid, tid)
        elif with_pid:
            pname = "%s-%s" % (comm, pid)
        else:
            pname = comm
        pname = pname.replace(" ", "_")
        continue
    m = frame_re.match(line)
    if m:
        if pname is None:
            continue
        pc, rawfunc, mod = m.group(1), m.group(2), m.group(3)
        rawfunc = offset_re.sub("", rawfunc)
        if rawfunc.startswith("("):
            continue
        pieces = []
        for func in perl_split_arrow(rawfunc):
            if func == "[unknown]":
                if mod != "[unknown]":
                    func = "[" + re.sub(r".*/", "", mod) + "]"
                else:
                    func = "[unknown]"
            func = func.replace(";", ":")
            if not go_re.search(func):
                func = paren_re.sub("", func, count=1)
            func = func.replace('"', "").replace("'", "")
            if pname.startswith("java") and "/" in func:
                func = re.sub(r"^L", "", func)
            if pieces:
                if "_[i]" not in func:
                    func += "_[i]"
            elif annotate and kernel_re.search(mod) and "unknown" not in mod:
                func += "_[k]"
            elif annotate and jit_re.search(mod):
                if "_[j]" not in func:
                    func += "_[j]"
            pieces.append(func)
        stack = pieces + stack
        continue
    sys.stderr.write("unrecognized line: %s\n" % line)

out = sys.stdout.buffer
for k in sorted(folded, key=lambda s: s.encode("utf-8", "surrogateescape")):
    out.write(("%s %d\n" % (k, folded[k])).encode("utf-8", "surrogateescape"))
