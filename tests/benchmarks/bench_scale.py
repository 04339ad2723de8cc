#!/usr/bin/env python3
"""Memory and time as a recording grows, on synthetic heaptrack files (heapline-gen-heaptrack):
ten times longer with the same callsites should cost about the same memory; ten times the
callsites no more than ten times. Prints, per file, heapline-cli summary's and the GUI's first
screen (heapline-bench-gui) time and peak RSS, and heaptrack_print's for reference.

usage: bench_scale.py [--build DIR] [--events-per-ms N]
"""
import argparse
import os
import shutil
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def measure(build, command):
    result = subprocess.run([os.path.join(build, "tests", "heapline-measure")] + command, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    seconds, rss, status = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(rss) // 1024, int(status)


def gui_first_screen(build, path):
    out = subprocess.run([os.path.join(build, "tests", "heapline-bench-gui"), path], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True).stdout
    for line in out.splitlines():
        if line.startswith("heapline: first screen"):
            fields = line.split()
            return float(fields[3]), int(fields[4])
    return float("nan"), 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--events-per-ms", type=int, default=100)
    args = parser.parse_args()
    generator = os.path.join(args.build, "tests", "heapline-gen-heaptrack")
    cli = os.path.join(args.build, "app", "cli", "heapline-cli")
    has_print = shutil.which("heaptrack_print") is not None
    # 10 000 callsites for 500 s: past the caps (series points, checkpoint entries), memory stays put.
    shapes = [(10_000, 5), (10_000, 50), (10_000, 500), (100_000, 5), (100_000, 50)]
    print(f"{'callsites':>9} {'seconds':>7} {'events':>10} | {'cli s':>6} {'cli MB':>6} | {'gui s':>6} {'gui MB':>6} |"
          f" {'heaptrack_print s':>17} {'MB':>5}")
    with tempfile.TemporaryDirectory() as tmp:
        for callsites, seconds in shapes:
            path = os.path.join(tmp, f"heaptrack.synthetic-{callsites}-{seconds}.txt")
            subprocess.run([generator, "--callsites", str(callsites), "--seconds", str(seconds), "--events-per-ms",
                            str(args.events_per_ms), path], check=True)
            events = callsites + seconds * 1000 * args.events_per_ms
            cli_s, cli_mb, _ = measure(args.build, [cli, "summary", path])
            gui_s, gui_mb = gui_first_screen(args.build, path)
            ref = measure(args.build, ["heaptrack_print", "-p", "0", "-a", "0", "-t", "0", "-l", "0", path]) if has_print else None
            ref_text = f"{ref[0]:>17.2f} {ref[1]:>5}" if ref else f"{'not installed':>17} {'':>5}"
            print(f"{callsites:>9} {seconds:>7} {events:>10} | {cli_s:>6.2f} {cli_mb:>6} | {gui_s:>6.2f} {gui_mb:>6} | {ref_text}",
                  flush=True)
            os.unlink(path)


if __name__ == "__main__":
    main()
