# An lru_cache without a bound: every distinct argument stays cached for ever.
import functools
import sys
import time
import heapline_recorder as recorder

# How many rounds: the first argument, or 40 (tests record fewer).
STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 40


@functools.lru_cache(maxsize=None)
def render(key):
    return "<div>%d %s</div>" % (key, "z" * 300)


recorder.mark("warm")
for step in range(STEPS):
    for i in range(300):
        render(step * 300 + i)
    recorder.snapshot()
    time.sleep(0.01)
recorder.mark("done")
