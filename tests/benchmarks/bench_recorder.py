#!/usr/bin/env python3
"""The Python recorder's overhead, and how fast a converted profile opens again, in one run.

1. A Python workload (allocation-heavy: dicts, lists and strings kept and dropped) runs plainly,
   under the Heapline recorder (heapline-cli record), and under bare tracemalloc with the same
   depth; the wall times and the ratios are printed.
2. heapline-cli summary on heaptrack corpus files next to heaptrack_print, and on the same
   files after heapline-cli convert (.heapline.zst): the wall times and the ratio.

usage: bench_recorder.py [--runs N] [--cli PATH] [--corpus DIR]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))

WORKLOAD = r'''
import sys
kept = []
for step in range(60):
    batch = [{"id": i, "name": "item-%d" % i, "tags": [i, str(i)]} for i in range(4000)]
    kept.extend(batch[:200])
    text = "".join("%d," % i for i in range(5000))
    del batch, text
print(len(kept))
'''

TRACEMALLOC = "import runpy, sys, tracemalloc\ntracemalloc.start(16)\nsys.argv = sys.argv[1:]\nrunpy.run_path(sys.argv[0], run_name='__main__')\n"


def wall(command, runs):
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cli", default=os.path.join(ROOT, "build", "app", "cli", "heapline-cli"))
    parser.add_argument("--corpus", default=os.path.join(ROOT, "..", "shared", "corpus"))
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        script = os.path.join(folder, "workload.py")
        with open(script, "w") as f:
            f.write(WORKLOAD)
        plain = wall([sys.executable, script], options.runs)
        traced = wall([sys.executable, "-c", TRACEMALLOC, script], options.runs)
        recorded = wall([options.cli, "record", "-o", os.path.join(folder, "w.heapline"), "--", sys.executable, script], options.runs)
        print("Python recorder overhead (median of %d runs)" % options.runs)
        print("  %-34s %8.2f s" % ("plain python", plain))
        print("  %-34s %8.2f s  %5.1fx" % ("bare tracemalloc (16 frames)", traced, traced / plain))
        print("  %-34s %8.2f s  %5.1fx" % ("heapline-cli record (defaults)", recorded, recorded / plain))
        print()
        print("Opening again after heapline-cli convert (median of %d runs)" % options.runs)
        print("  %-34s %12s %12s %12s %7s" % ("file", "heaptrack_print", "heapline", "converted", "ratio"))
        for name in ["recorded/heaptrack.cc1plus.zst", "recorded/heaptrack.leakpy.zst", "recorded/heaptrack.cc1plus-40M.zst"]:
            path = os.path.join(options.corpus, name)
            if not os.path.exists(path):
                continue
            converted = os.path.join(folder, os.path.basename(name) + ".heapline.zst")
            subprocess.run([options.cli, "convert", path, converted], check=True, stderr=subprocess.DEVNULL)
            reference = wall(["heaptrack_print", "-f", path], options.runs) if name.endswith("cc1plus.zst") or name.endswith("leakpy.zst") else float("nan")
            original = wall([options.cli, "summary", path], options.runs)
            again = wall([options.cli, "summary", converted], options.runs)
            print("  %-34s %10.2f s %10.2f s %10.2f s %6.2fx   (%s, %.1f MB -> %.1f MB)" % (
                os.path.basename(name), reference, original, again, again / original, "converted/original",
                os.path.getsize(path) / 1e6, os.path.getsize(converted) / 1e6))


if __name__ == "__main__":
    main()
