# Batches between snapshots: a list of 10 000 small tuples is built, summed and cleared, then the
# program sleeps 150 ms; again and again. Each batch lives a few milliseconds, most never at a
# snapshot. A count of batches rather than a span of time, and long sleeps: on a loaded machine
# each batch takes longer, a time span holds only one or two, and a program that holds a batch
# most of the time is seen holding one at every snapshot (a climb, not batches).
import sys
import time


def build_batch(n):
    return [(i, i * 2.5, "k%d" % i) for i in range(n)]


if __name__ == "__main__":
    import heapline_recorder as recorder

    # How many batches: the first argument, or 10.
    batches = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    recorder.mark("batches")
    total = 0
    for _ in range(batches):
        started = time.perf_counter()
        batch = build_batch(10000)
        total += sum(item[0] for item in batch)
        batch.clear()
        del batch
        # Idle three times as long as the batch took, and 150 ms at least: recorded exactly on a
        # slow machine a batch took 0.5 s, and after a fixed sleep the program held a batch at
        # nearly every snapshot.
        time.sleep(max(0.15, 3 * (time.perf_counter() - started)))
    recorder.mark("done")
