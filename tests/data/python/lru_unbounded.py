# An lru_cache without a bound: every distinct argument stays cached for ever.
import functools
import time
import heapline_recorder as recorder


@functools.lru_cache(maxsize=None)
def render(key):
    return "<div>%d %s</div>" % (key, "z" * 300)


recorder.mark("warm")
for step in range(40):
    for i in range(300):
        render(step * 300 + i)
    recorder.snapshot()
    time.sleep(0.01)
recorder.mark("done")
