# Floats made and dropped in one function, floats kept by another: CPython hands the dropped
# floats' memory to the kept ones through its free list, without an allocation. The kept floats
# are keep()'s (tst_recorder: on 3.13 the sampler gives a recycled block its new object's stack).
import sys
import heapline_recorder as recorder

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
kept = []


def scratch(n):
    values = [n * 0.5 + k for k in range(8)]  # eight floats, dropped on return
    return len(values)


def keep(n):
    kept.append(n * 1.5)  # one float kept a call


recorder.mark("warm")
for n in range(ROUNDS):
    scratch(n)
    keep(n)
recorder.mark("done")
