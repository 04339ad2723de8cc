#!/usr/bin/env python3
"""The Python recorder's overhead, and how fast a converted profile opens again, in one run.

1. Two Python workloads — allocation-heavy (dicts, lists and strings kept and dropped) and one
   that allocates little (arithmetic in a loop) — run plainly, under bare tracemalloc with the
   same depth, under the recorder in its exact mode (tracemalloc, `record --exact`) and in its
   sampled mode (the native sampler, `record` with defaults); the wall times and the ratios to
   the plain run are printed side by side. Budget (issue 15): sampled <= 3x plain on the heavy
   workload, <= 1.3x on the light one.
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

# Dicts, lists and strings kept and dropped: the script recorded in tests/data/fresh (its exact
# recording once read as a plateau; tests/data/fresh/README.md).
with open(os.path.join(ROOT, "tests", "data", "fresh", "kept_from_batches.py"), encoding="utf-8") as _script:
    WORKLOAD = _script.read()

# CPU-bound: float arithmetic (floats come from a free list) and a sort of data made once, which
# allocates a merge buffer now and then; little else.
LIGHT_WORKLOAD = r'''
import itertools, random
random.seed(1)
data = [random.random() for _ in range(100000)]
x, total = 0.5, 0.0
for _ in itertools.repeat(None, 4000000):
    x = x * 0.999999 + 0.1
    total += x
for step in range(20):
    data.sort(reverse=step % 2 == 0)
print(total, data[0])
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
        print("Python recorder overhead (median of %d runs; ratio to the plain run)" % options.runs)
        print("  %-22s %16s %16s %16s %16s" % ("workload", "plain python", "tracemalloc", "record --exact", "record (sampled)"))
        for name, text in [("allocation-heavy", WORKLOAD), ("allocates little", LIGHT_WORKLOAD)]:
            script = os.path.join(folder, name.replace(" ", "_") + ".py")
            with open(script, "w") as f:
                f.write(text)
            out = os.path.join(folder, "w.heapline")
            plain = wall([sys.executable, script], options.runs)
            traced = wall([sys.executable, "-c", TRACEMALLOC, script], options.runs)
            exact = wall([options.cli, "record", "-o", out, "--exact", "--", sys.executable, script], options.runs)
            sampled = wall([options.cli, "record", "-o", out, "--", sys.executable, script], options.runs)
            with open(out, encoding="utf-8") as f:
                mode = "sampled" if any(line.startswith("sampling ") for line in f) else "EXACT: the sampler did not load"
            print("  %-22s %14.2f s %8.2f s %5.1fx %8.2f s %5.1fx %8.2f s %5.1fx  (%s)" % (
                name, plain, traced, traced / plain, exact, exact / plain, sampled, sampled / plain, mode))
        print()
        print("Opening again after heapline-cli convert (median of %d runs)" % options.runs)
        print("  %-34s %12s %12s %12s %7s" % ("file", "heaptrack_print", "heapline", "converted", "ratio"))
        for name in ["recorded/heaptrack.cc1plus.zst", "recorded/heaptrack.leakpy.zst", "recorded/heaptrack.cc1plus-40M.zst"]:
            path = os.path.join(options.corpus, name)
            if not os.path.exists(path):
                continue
            converted = os.path.join(folder, os.path.basename(name) + ".heapline.zst")
            subprocess.run([options.cli, "convert", path, converted], check=True, stderr=subprocess.DEVNULL)
            # heaptrack_print on cc1plus-40M alone takes longer than the rest (bench_heaptrack.py has it).
            timed = name.endswith("cc1plus.zst") or name.endswith("leakpy.zst")
            reference = "%10.2f s" % wall(["heaptrack_print", "-f", path], options.runs) if timed else "%12s" % "not run"
            original = wall([options.cli, "summary", path], options.runs)
            again = wall([options.cli, "summary", converted], options.runs)
            print("  %-34s %s %10.2f s %10.2f s %6.2fx   (%s, %.1f MB -> %.1f MB)" % (
                os.path.basename(name), reference, original, again, again / original, "converted/original",
                os.path.getsize(path) / 1e6, os.path.getsize(converted) / 1e6))


if __name__ == "__main__":
    main()
