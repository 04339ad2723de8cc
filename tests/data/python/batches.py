# Batches that are built and cleared: the heap rises and drops back (spiky).
import sys
import time
import heapline_recorder as recorder

# How many rounds: the first argument, or 20 (tests record fewer).
STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 20

batch = []


def fill_batch():
    for i in range(5000):
        batch.append("item %d %s" % (i, "y" * 100))


recorder.mark("warm")
for step in range(STEPS):
    fill_batch()
    recorder.snapshot()
    batch.clear()
    recorder.snapshot()
    time.sleep(0.01)
recorder.mark("done")
