# An unbounded list of events: every request appends one, nothing ever removes them.
import sys
import time
import heapline_recorder as recorder

# How many rounds: the first argument, or 40 (tests record fewer).
STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 40

events = []


def handle(i):
    events.append({"id": i, "payload": "x" * 200, "tags": [i, i + 1]})


recorder.mark("warm")
for step in range(STEPS):
    for i in range(200):
        handle(step * 200 + i)
    recorder.counter("events", len(events))
    recorder.snapshot()
    time.sleep(0.01)
recorder.mark("done")
