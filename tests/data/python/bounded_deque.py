# A bounded deque: it fills up to its maxlen, then holds (a plateau, not a leak).
import collections
import sys
import time
import heapline_recorder as recorder

# How many rounds: the first argument, or 40 (tests record fewer).
STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 40

recent = collections.deque(maxlen=4000)


def remember(i):
    recent.append(bytearray(256))


recorder.mark("warm")
for step in range(STEPS):
    for i in range(400):
        remember(step * 400 + i)
    recorder.snapshot()
    time.sleep(0.01)
recorder.mark("done")
