#!/usr/bin/env python3
"""Mutates whole profiles a line at a time and runs them through a heapline-cli built with ASan +
UBSan: the reader, the analysis, the diff and the report writers, end to end.

    tests/fuzz/mutate_profiles.py --cli build-asan/app/cli/heapline-cli [--seconds 600] [FILE ...]

libFuzzer's targets (run_fuzzers.sh) mutate bytes and stop at the diff; this keeps the file's
shape (deletes, repeats, swaps and cuts lines, puts edge numbers into fields) so that the mutated
profile still loads and every later stage sees it. Each input that ends in a signal, a sanitizer's
report or a hang is kept in --out with the command and the end of its stderr; the exit status is 1
when there was one. The seeds default to the small profiles under tests/data (decompressed).
"""
import argparse
import glob
import os
import random
import subprocess
import sys
import time

EDGE_NUMBERS = [b"0", b"ffffffffffffffff", b"7fffffffffffffff", b"-1", b"", b"1" * 30, b"100000", b"4294967295",
                b"nan", b"1e308"]
COMMANDS = [
    ["report", "--format", "md", "-o", "/dev/null"],
    ["report", "--format", "html", "-o", "/dev/null"],
    ["diff", "--by", "type", "--json"],
    ["diff", "--by", "callsite"],
]


def read_seed(path):
    if path.endswith(".zst"):
        return subprocess.run(["zstd", "-dc", path], capture_output=True, check=False).stdout
    if path.endswith(".gz"):
        return subprocess.run(["gzip", "-dc", path], capture_output=True, check=False).stdout
    with open(path, "rb") as f:
        return f.read()


def default_seeds(root):
    found = []
    for pattern in ("tests/data/*.heapline", "tests/data/heaptrack.*", "tests/data/fresh/massif.out.*",
                    "tests/data/fresh/*.heapline", "tests/data/fresh/*.heapline.zst", "tests/data/fresh/heaptrack.*.zst"):
        found += glob.glob(os.path.join(root, pattern))
    return [f for f in found if os.path.getsize(f) < 400_000]


def mutate(rng, lines):
    for _ in range(rng.randint(1, 6)):
        if len(lines) < 2:
            break
        i = rng.randrange(len(lines))
        kind = rng.randrange(6)
        if kind == 0:
            del lines[i]
        elif kind == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif kind == 2 and lines[i]:
            line = bytearray(lines[i])
            line[rng.randrange(len(line))] = rng.choice(b"0123456789abcdef -x\t=:,()#")
            lines[i] = bytes(line)
        elif kind == 3:
            fields = lines[i].split(b" ")
            fields[rng.randrange(len(fields))] = rng.choice(EDGE_NUMBERS)
            lines[i] = b" ".join(fields)
        elif kind == 4:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            del lines[max(1, i):]
    return b"\n".join(lines)


def main():
    root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cli", required=True, help="heapline-cli built with -DHEAPLINE_SANITIZE=ON")
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--out", default="mutate-findings")
    parser.add_argument("--seed", type=int, default=None, help="random seed (printed when not given)")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    seeds = [(f, read_seed(f)) for f in (args.files or default_seeds(root))]
    seeds = [(f, data) for f, data in seeds if data]
    if not seeds:
        sys.exit("mutate_profiles.py: no seed profiles")
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    print(f"seed {seed}, {len(seeds)} profiles, {args.seconds:g} s", flush=True)
    rng = random.Random(seed)
    os.makedirs(args.out, exist_ok=True)
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0", UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
    scratch = os.path.join(args.out, "current")
    deadline = time.monotonic() + args.seconds
    runs = findings = 0
    while time.monotonic() < deadline:
        name, data = rng.choice(seeds)
        mutated = mutate(rng, data.split(b"\n"))
        with open(scratch, "wb") as f:
            f.write(mutated)
        for command in COMMANDS:
            runs += 1
            try:
                done = subprocess.run([args.cli] + command + [scratch], capture_output=True, timeout=60, env=env)
                bad = done.returncode not in (0, 1, 2) or b"Sanitizer" in done.stderr or b"runtime error" in done.stderr
                why = done.stderr[-4000:]
            except subprocess.TimeoutExpired:
                bad, why = True, b"no answer in 60 s\n"
            if bad:
                findings += 1
                kept = os.path.join(args.out, f"finding{findings}-{os.path.basename(name).replace('.zst', '')}")
                with open(kept, "wb") as f:
                    f.write(mutated)
                with open(kept + ".txt", "wb") as f:
                    f.write(" ".join(command).encode() + b"\n" + why)
                print(f"finding: {kept} ({command[0]})", flush=True)
                break
    print(f"{runs} runs, {findings} findings")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
