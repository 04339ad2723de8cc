#!/usr/bin/env python3
"""heapline-cli summary next to heaptrack_print and `zstd -dc` on the same heaptrack files, in one run.

Prints, per file, the median wall time and the peak memory (max RSS) of both tools over N runs,
the time `zstd -dc` takes just to decompress the file (the floor for a streamed file; the two run in
turn, one run of each per round, so that their ratio holds when the machine's speed moves), and the
ratios: Heapline against heaptrack_print (issue 18's target: at most 0.15x) and against zstd -dc
(target: at most 1.5x); a file that loads in a few milliseconds is run more rounds there (about half
a second of it, up to 51), and its row says how many. Targets (issue 2): Heapline at most one fifth of heaptrack_print's wall time, and
no more memory; a file ten times longer in time with the same callsites needs at most ~1.5x the
memory of the original (the "x10" row, made here by replaying the original's events ten times).

The three large files are then converted to Heapline's format (heapline-cli convert) and opened
against `zstd -dc` of the converted file, with their peak memory.

usage: bench_heaptrack.py [--runs N] [--cli PATH] [--corpus DIR] [--no-long] [--no-heapline] [FILE ...]
"""
import argparse
import os
import shutil
import stat
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DEFAULT_FILES = ["recorded/heaptrack.cc1plus.zst", "recorded/heaptrack.leakpy.zst", "recorded/heaptrack.cc1plus-40M.zst"]


MEASURE = os.path.join(ROOT, "build", "tests", "heapline-measure")


def measure(command):
    """Wall seconds, max RSS (KiB) and exit status of one run, measured by heapline-measure (a small
    parent, so that this interpreter's own memory does not leak into the child's figure)."""
    with open(os.devnull, "wb") as devnull:
        result = subprocess.run([MEASURE] + command, stdout=devnull, stderr=subprocess.PIPE, text=True)
    seconds, rss, status = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(rss), int(status)


def median_of(command, runs, allow_failure=False):
    samples = [measure(command) for _ in range(runs)]
    if not allow_failure and any(s[2] != 0 for s in samples):
        raise RuntimeError("failed: " + " ".join(command))
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


def interleaved_medians(commands, runs, allow_failure=()):
    """Median wall seconds and max RSS of each command, run in turn, one run of each per round: a
    ratio between them then holds when the machine's speed moves during the measurement (on the
    virtual machines we work on it moves by half within an hour, and runs of one command back to
    back, then of the other, measured the drift as much as the tools)."""
    samples = [[] for _ in commands]
    # A round first whose figures are not kept: the rounds measure a load on warm memory, as
    # back-to-back runs do. heaptrack_print's 50-80 MB, freed before a file's rounds, go back to
    # the host, and the pages made of them cost a host's fault each when they are next touched
    # (README, "Cold and warm memory"): leakpy's first loads after cc1plus's heaptrack_print took
    # 86 ms where the rest took 34, and a median of 5 held three of them.
    for command in commands:
        measure(command)
    for _ in range(runs):
        for k, command in enumerate(commands):
            samples[k].append(measure(command))
    for k, command in enumerate(commands):
        if k not in allow_failure and any(s[2] != 0 for s in samples[k]):
            raise RuntimeError("failed: " + " ".join(command))
    return [(statistics.median(s[0] for s in runs_of), max(s[1] for s in runs_of)) for runs_of in samples]


def rounds_for(command, runs, seconds=0.5, most=51):
    """At least `runs` rounds, more for a command that takes a few milliseconds: about `seconds`
    of it in all, up to `most`. A file that loads in 1-2 ms moved its ratio to `zstd -dc` by a
    third from one median of 5 to the next (scheduling and page-cache noise of that size)."""
    once = measure(command)[0]
    return max(runs, min(most, int(seconds / max(once, 1e-4))))


def rounds_note(rounds, runs):
    """What a row adds where rounds_for() gave it more rounds than the others."""
    return "   (median of %d)" % rounds if rounds != runs else ""


def blocks_of_lines(path):
    """The file's lines in blocks, without holding the whole file (memory of this script would
    otherwise show up in the children's max RSS, which Linux carries across exec)."""
    with open(path, "rb") as f:
        carry = b""
        while True:
            block = f.read(1 << 24)
            if not block:
                if carry:
                    yield [carry]
                return
            lines = (carry + block).split(b"\n")
            carry = lines.pop()
            yield lines


def make_longer(source, factor, directory):
    """The recording's events replayed `factor` times, times shifted: same callsites, longer run."""
    text_path = os.path.join(directory, "heaptrack.x%d" % factor)
    decompress = ["zstd", "-dcq", source] if source.endswith(".zst") else ["zcat", source]
    with open(text_path, "wb") as out:
        subprocess.run(decompress, check=True, stdout=out)
    duration = 0
    for lines in blocks_of_lines(text_path):
        for line in lines:
            if line.startswith(b"c "):
                duration = int(line[2:], 16)
    events = text_path + ".events"
    with open(events, "wb") as out:
        for lines in blocks_of_lines(text_path):
            kept = [line for line in lines if line[:1] in (b"+", b"-", b"R", b"c")]
            out.write(b"\n".join(kept) + b"\n")
    with open(text_path, "ab") as out:
        for k in range(1, factor):
            shift = k * (duration + 1)
            for lines in blocks_of_lines(events):
                shifted = [b"c %x" % (int(line[2:], 16) + shift) if line[:1] == b"c" else line for line in lines]
                out.write(b"\n".join(shifted) + b"\n")
    os.remove(events)
    if shutil.which("zstd"):
        subprocess.run(["zstd", "-q", "-1", "--rm", "-f", text_path], check=True)
        return text_path + ".zst"
    return text_path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cli", default=os.path.join(ROOT, "build", "app", "cli", "heapline-cli"))
    parser.add_argument("--corpus", default=os.path.normpath(os.path.join(ROOT, "..", "shared", "corpus")))
    parser.add_argument("--no-long", action="store_true", help="skip the ten-times-longer file")
    parser.add_argument("--no-heapline", action="store_true", help="skip the files converted to Heapline's format")
    parser.add_argument("--make-longer", nargs=2, metavar=("SOURCE", "DIRECTORY"), help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    if args.make_longer:
        print(make_longer(args.make_longer[0], 10, args.make_longer[1]))
        return

    if not os.path.exists(MEASURE):
        sys.exit("no heapline-measure at %s: build first (.ci/build.sh build)" % MEASURE)
    # Every tool's output goes to /dev/null: where it has become a regular file (a root process
    # once renamed a file over it), `zstd -dc` writes its 100+ MB into it, and the floor doubles.
    if not stat.S_ISCHR(os.stat(os.devnull).st_mode):
        sys.exit("%s is not a character device: the figures would include writing every output to a "
                 "file (as root: rm %s && mknod -m 666 %s c 1 3)" % (os.devnull, os.devnull, os.devnull))
    if not os.path.exists(args.cli):
        sys.exit("no heapline-cli at %s: build first (.ci/build.sh build)" % args.cli)
    reference = shutil.which("heaptrack_print")
    if not reference:
        sys.exit("heaptrack_print is not installed (apt install heaptrack)")
    files = args.files or [os.path.join(args.corpus, f) for f in DEFAULT_FILES]
    if not args.files:
        # Issue 18 asks for every corpus heaptrack file: the others after the three big ones.
        for folder in ("recorded", "external"):
            directory = os.path.join(args.corpus, folder)
            if os.path.isdir(directory):
                for name in sorted(os.listdir(directory)):
                    path = os.path.join(directory, name)
                    if name.startswith("heaptrack.") and path not in files:
                        files.append(path)

    print("median of %d runs; memory is the peak RSS of the process" % args.runs)
    header = "%-46s %10s %10s %8s   %10s %10s %8s" % ("file", "heapline", "heaptrack", "ratio", "heapline", "heaptrack", "ratio")
    print(header)
    print("-" * len(header))
    baseline_memory = {}
    for path in files:
        ours = median_of([args.cli, "summary", "--json", path], args.runs)
        theirs = median_of([reference, path], args.runs)
        baseline_memory[path] = ours[1]
        print("%-46s %9.3fs %9.3fs %7.2fx   %7.1f MiB %6.1f MiB %7.2fx" % (
            os.path.basename(path), ours[0], theirs[0], theirs[0] / ours[0],
            ours[1] / 1024, theirs[1] / 1024, ours[1] / theirs[1]))
    print("(time ratio: how many times faster Heapline is; target >= 5.00x. memory ratio: target <= 1.00x)")

    # The floor: decompressing the file and nothing else.
    zstd = shutil.which("zstd")
    if zstd:
        print()
        header = "%-46s %10s %10s %10s %14s %18s" % ("file", "heapline", "zstd -dc", "heaptrack", "vs zstd -dc", "vs heaptrack_print")
        print(header)
        print("-" * len(header))
        for path in files:
            if not path.endswith((".zst", ".gz")):  # zstd -dc reads gzip too
                continue
            # A cut file: zstd reads up to the cut and then fails; that is still the floor.
            rounds = rounds_for([args.cli, "summary", path], args.runs)
            (ours, _), (floor, _) = interleaved_medians([[args.cli, "summary", path], [zstd, "-dcq", path]], rounds,
                                                        allow_failure=(1,))
            # Not in turn with the two: heaptrack_print's 50-80 MB, freed just before, make the
            # next load's fresh pages cold (README, "Cold and warm memory").
            theirs = median_of([reference, path], max(1, args.runs // 2))[0]
            print("%-46s %9.4fs %9.4fs %9.3fs %13.2fx %17.2fx%s" % (
                os.path.basename(path), ours, floor, theirs, ours / floor, ours / theirs,
                rounds_note(rounds, args.runs)))
        print("(issue 18's targets: within 1.50x of zstd -dc, at most 0.15x heaptrack_print)")

        # "The same for Heapline files": the large files converted to Heapline's format, each
        # against `zstd -dc` of itself.
        large = [path for path in files if os.path.basename(path) in [os.path.basename(f) for f in DEFAULT_FILES]]
        if large and not args.no_heapline:
            print()
            header = "%-46s %10s %10s %14s %12s" % ("converted to .heapline.zst", "heapline", "zstd -dc", "vs zstd -dc", "memory")
            print(header)
            print("-" * len(header))
            with tempfile.TemporaryDirectory() as directory:
                for path in large:
                    converted = os.path.join(directory, os.path.basename(path) + ".heapline.zst")
                    subprocess.run([args.cli, "convert", path, converted], check=True, stderr=subprocess.DEVNULL)
                    rounds = rounds_for([args.cli, "summary", converted], args.runs)
                    (ours, memory), (floor, _) = interleaved_medians(
                        [[args.cli, "summary", converted], [zstd, "-dcq", converted]], rounds)
                    print("%-46s %9.4fs %9.4fs %13.2fx %8.1f MiB%s" % (
                        os.path.basename(converted), ours, floor, ours / floor, memory / 1024,
                        rounds_note(rounds, args.runs)))

    if not args.no_long and files:
        with tempfile.TemporaryDirectory() as directory:
            source = files[0]
            # In a process of its own: Linux carries a parent's peak RSS into its children's, and
            # this script would otherwise grow while it writes the long file.
            longer = subprocess.run([sys.executable, os.path.abspath(__file__), "--make-longer", source, directory],
                                    check=True, stdout=subprocess.PIPE, text=True).stdout.strip()
            ours = median_of([args.cli, "summary", "--json", longer], max(1, args.runs // 2))
            theirs = median_of([reference, longer], 1)
            base = baseline_memory[source]
            print()
            print("ten times longer, same callsites (%s replayed 10x):" % os.path.basename(source))
            print("  heapline %.2fs %.1f MiB (%.2fx the original's memory; target <= 1.5x)   heaptrack_print %.2fs %.1f MiB" % (
                ours[0], ours[1] / 1024, ours[1] / base, theirs[0], theirs[1] / 1024))


if __name__ == "__main__":
    main()
