# Batches that are built and cleared: the heap rises and drops back (spiky).
import time
import heapline_recorder as recorder

batch = []


def fill_batch():
    for i in range(5000):
        batch.append("item %d %s" % (i, "y" * 100))


recorder.mark("warm")
for step in range(20):
    fill_batch()
    recorder.snapshot()
    batch.clear()
    recorder.snapshot()
    time.sleep(0.01)
recorder.mark("done")
