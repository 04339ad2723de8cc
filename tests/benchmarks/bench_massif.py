#!/usr/bin/env python3
"""heapline-cli summary next to ms_print on the corpus's massif files, largest first, in one run.

Prints the median wall time and peak memory (max RSS) of both and the ratios. ms_print cannot read
heaptrack's own massif export (it stops at "missing 'cmd' line"); that row shows only Heapline.

usage: bench_massif.py [--runs N] [--cli PATH] [--corpus DIR] [FILE ...]
"""
import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


MEASURE = os.path.join(ROOT, "build", "tests", "heapline-measure")


def measure(command):
    """Wall seconds, max RSS (KiB) and exit status of one run, measured by heapline-measure (a small
    parent, so that this interpreter's own memory does not leak into the child's figure)."""
    with open(os.devnull, "wb") as devnull:
        result = subprocess.run([MEASURE] + command, stdout=devnull, stderr=subprocess.PIPE, text=True)
    seconds, rss, status = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(rss), int(status)


def median_of(command, runs):
    samples = [measure(command) for _ in range(runs)]
    if any(s[2] != 0 for s in samples):
        return None
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cli", default=os.path.join(ROOT, "build", "app", "cli", "heapline-cli"))
    parser.add_argument("--corpus", default=os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus")))
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    if not os.path.exists(MEASURE):
        sys.exit("no heapline-measure at %s: build first (.ci/build.sh build)" % MEASURE)
    if not os.path.exists(args.cli):
        sys.exit("no heapline-cli at %s: build first (.ci/build.sh build)" % args.cli)
    reference = shutil.which("ms_print")
    if not reference:
        sys.exit("ms_print is not installed (apt install valgrind)")
    files = args.files or sorted(glob.glob(os.path.join(args.corpus, "*", "massif.out.*")), key=os.path.getsize, reverse=True)

    print("median of %d runs; memory is the peak RSS of the process" % args.runs)
    header = "%-36s %9s %10s %9s %8s   %10s %10s" % ("file", "size", "heapline", "ms_print", "ratio", "heapline", "ms_print")
    print(header)
    print("-" * len(header))
    for path in files:
        target = path
        if path.endswith(".bz2"):  # ms_print reads plain text only
            target = os.path.join("/tmp", os.path.basename(path)[:-4] + ".bench")
            with open(target, "wb") as out:
                subprocess.run(["bzcat", path], check=True, stdout=out)
        ours = median_of([args.cli, "summary", "--json", path], args.runs)
        theirs = median_of([reference, target], args.runs)
        size = os.path.getsize(target)
        if theirs is None:
            print("%-36s %8.0fK %9.3fs %9s %8s   %7.1f MiB %10s" % (os.path.basename(path), size / 1024, ours[0], "fails", "-", ours[1] / 1024, "-"))
        else:
            print("%-36s %8.0fK %9.3fs %8.3fs %7.1fx   %7.1f MiB %6.1f MiB" % (
                os.path.basename(path), size / 1024, ours[0], theirs[0], theirs[0] / ours[0], ours[1] / 1024, theirs[1] / 1024))
        if target != path:
            os.remove(target)
    print("(ratio: how many times faster Heapline is than ms_print)")


if __name__ == "__main__":
    main()
