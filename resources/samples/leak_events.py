# An unbounded list of events: every request appends one, nothing ever removes them.
import time
import heapline_recorder as recorder

events = []


def handle(i):
    events.append({"id": i, "payload": "x" * 200, "tags": [i, i + 1]})


recorder.mark("warm")
for step in range(40):
    for i in range(200):
        handle(step * 200 + i)
    recorder.counter("events", len(events))
    recorder.snapshot()
    time.sleep(0.01)
recorder.mark("done")
