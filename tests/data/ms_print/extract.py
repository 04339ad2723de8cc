#!/usr/bin/env python3
"""Extracts what the tests compare from ms_print's output (kept small instead of whole outputs).

usage: ms_print massif.out.X | extract.py > massif.out.X.golden

Output lines:
  snapshot N TIME TOTAL USEFUL_HEAP EXTRA_HEAP STACKS   one per row of ms_print's snapshot tables
  detailed N N N ...                                     the detailed snapshots
  peak N                                                 the peak snapshot (absent: none)
  top BYTES LABEL                                        the first-level entries of the peak tree that
                                                         ms_print shows (its own below-threshold line left out)
"""
import re
import sys

ROW = re.compile(r"^\s*(\d+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)\s*$")
TREE_ROOT = re.compile(r"^\d+\.\d+% \(([\d,]+)B\) \((heap allocation functions|page allocation syscalls)\)")
TOP = re.compile(r"^->\d+\.\d+% \(([\d,]+)B\) (.*)$")


def number(text):
    return int(text.replace(",", ""))


def main():
    rows = []
    detailed = []
    peak = None
    trees = {}
    current_tree = None
    last_row = None
    for line in sys.stdin:
        line = line.rstrip("\n")
        m = ROW.match(line)
        if m:
            last_row = number(m.group(1))
            rows.append([m.group(1)] + [str(number(g)) for g in m.groups()[1:]])
            current_tree = None
            continue
        if line.startswith(" Detailed snapshots: ["):
            for item in line[line.index("[") + 1:line.rindex("]")].split(","):
                item = item.strip()
                if not item:
                    continue
                if item.endswith("(peak)"):
                    item = item.split()[0]
                    peak = int(item)
                detailed.append(item)
            continue
        if TREE_ROOT.match(line):
            current_tree = trees.setdefault(last_row, [])
            continue
        m = TOP.match(line)
        if m and current_tree is not None and "ms_print's threshold" not in m.group(2):
            current_tree.append((number(m.group(1)), m.group(2)))
    seen = set()
    for row in rows:
        if row[0] in seen:  # ms_print repeats no row, but be safe
            continue
        seen.add(row[0])
        print("snapshot " + " ".join(row))
    print("detailed " + " ".join(detailed))
    if peak is not None:
        print("peak %d" % peak)
        for bytes_, label in trees.get(peak, []):
            print("top %d %s" % (bytes_, label))


main()
