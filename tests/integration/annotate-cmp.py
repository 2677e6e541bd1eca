#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare ptool annotate with perf annotate --stdio.

annotate-cmp.py PERF_OUT PTOOL_OUT [--top N] [--tol PCT] [--skip LABEL_RE]

For every symbol (a "Percent |" header) both print: the same header, the
same label ("0000000000001159 <spin>:"), the same instruction rows (address and text), every share within 0.01 (two
decimals printed from the same numbers), the N hottest instructions equal
within --tol points. With --source-text the source rows
and instructions come in the same order with the same text (line numbers
are not compared: perf 6.1 numbers objdump's context lines wrongly); with
--source-rows the ptool output must have source rows at all. --skip
leaves out the symbols whose label matches LABEL_RE in both outputs.
"""
import re
import sys

ROW = re.compile(r'^ +([0-9]+\.[0-9]+) : +([0-9a-f]+):\s+(.*)$')
SRC = re.compile(r'^ {9}: [0-9]+ +\S')
SRCTEXT = re.compile(r'^ {9}: [0-9]* +(\S.*)$')
LABEL = re.compile(r'^ {9}: [0-9]+ +([0-9a-f]{16} <.*>:)$')


def parse(path):
    syms, cur = [], None
    for line in open(path, errors='replace'):
        line = line.rstrip('\n')
        if line.startswith(' Percent |'):
            cur = {'hdr': line, 'rows': [], 'src': 0, 'label': None, 'seq': []}
            syms.append(cur)
            continue
        if cur is None:
            continue
        t = SRCTEXT.match(line)
        if t:
            cur['seq'].append('S ' + t.group(1))
        m = ROW.match(line)
        if m:
            cur['seq'].append('I ' + m.group(2))
            # the layout after the share, spacing included
            cur['rows'].append((float(m.group(1)), m.group(2), m.group(3).rstrip(),
                                line[line.index(' : '):].rstrip()))
        elif LABEL.match(line) and cur['label'] is None:
            cur['label'] = LABEL.match(line).group(1)
        elif SRC.match(line):
            cur['src'] += 1
    return syms


def main():
    args = sys.argv[1:]
    top, tol, need_src = 5, 0.5, False
    if '--top' in args:
        i = args.index('--top')
        top = int(args[i + 1])
        del args[i:i + 2]
    if '--tol' in args:
        i = args.index('--tol')
        tol = float(args[i + 1])
        del args[i:i + 2]
    skip = None
    if '--skip' in args:
        i = args.index('--skip')
        skip = re.compile(args[i + 1])
        del args[i:i + 2]
    if '--source-rows' in args:
        args.remove('--source-rows')
        need_src = True
    same_text = '--source-text' in args
    if same_text:
        args.remove('--source-text')
    perf, ptool = parse(args[0]), parse(args[1])
    if skip:
        perf = [s for s in perf if not (s['label'] and skip.search(s['label']))]
        ptool = [s for s in ptool if not (s['label'] and skip.search(s['label']))]
    bad = 0
    if not perf:
        print('perf printed no annotation')
        return 1
    if [s['hdr'] for s in perf] != [s['hdr'] for s in ptool]:
        print('headers differ:\n perf:  %s\n ptool: %s' %
              ('\n        '.join(s['hdr'] for s in perf),
               '\n        '.join(s['hdr'] for s in ptool)))
        return 1
    # symbols with the same header (equal sample counts) are ties that
    # perf and ptool may print in either order: pair them by address
    def untie(syms):
        out, i = [], 0
        while i < len(syms):
            j = i
            while j < len(syms) and syms[j]['hdr'] == syms[i]['hdr']:
                j += 1
            out += sorted(syms[i:j], key=lambda s: int(s['rows'][0][1], 16) if s['rows'] else -1)
            i = j
        return out
    perf, ptool = untie(perf), untie(ptool)
    for p, q in zip(perf, ptool):
        if p['label'] != q['label']:
            print('%s: label\n perf:  %s\n ptool: %s' % (p['hdr'], p['label'], q['label']))
            bad += 1
        if len(p['rows']) != len(q['rows']):
            print('%s: %d instructions in perf, %d in ptool' %
                  (p['hdr'], len(p['rows']), len(q['rows'])))
            bad += 1
            continue
        for (pp, pa, pt, pl), (qp, qa, qt, ql) in zip(p['rows'], q['rows']):
            if pa != qa or pt != qt or pl != ql:
                print('%s:\n perf:  %s\n ptool: %s' % (p['hdr'], pl, ql))
                bad += 1
            elif abs(pp - qp) > 0.011:
                print('%s: %s: perf %.2f ptool %.2f' % (p['hdr'], pa, pp, qp))
                bad += 1
        hot = sorted(p['rows'], key=lambda r: -r[0])[:top]
        share = {r[1]: r[0] for r in q['rows']}
        for v, a, _, _ in hot:
            if abs(share.get(a, -100) - v) > tol:
                print('%s: hot %s: perf %.2f ptool %.2f' % (p['hdr'], a, v, share.get(a, -1)))
                bad += 1
        if same_text and p['seq'] != q['seq']:
            for i, (x, y) in enumerate(zip(p['seq'], q['seq'])):
                if x != y:
                    break
            print('%s: source rows differ at row %d:\n perf:  %s\n ptool: %s' %
                  (p['hdr'], i, p['seq'][i:i + 3], q['seq'][i:i + 3]))
            bad += 1
        if need_src and q['rows'] and not q['src']:
            print('%s: no source rows in ptool' % p['hdr'])
            bad += 1
        if bad > 20:
            break
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
