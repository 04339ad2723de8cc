# Batches between snapshots: a list of 20 000 small tuples is built, summed and cleared, then the
# program sleeps 50 ms; again and again. Each batch lives a few milliseconds, never at a snapshot.
import sys
import time


def build_batch(n):
    return [(i, i * 2.5, "k%d" % i) for i in range(n)]


if __name__ == "__main__":
    import heapline_recorder as recorder

    # How long the batch phase lasts, in seconds: the first argument, or 2.
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    recorder.mark("batches")
    end = time.monotonic() + seconds
    total = 0
    while time.monotonic() < end:
        batch = build_batch(20000)
        total += sum(item[0] for item in batch)
        batch.clear()
        del batch
        time.sleep(0.05)
    recorder.mark("done")
