# Floats and a dict made and dropped in one function, a float and a dict kept by another: CPython
# hands the dropped ones' memory to the kept ones through its free lists, without an allocation
# (the dict's key table through a free list of its own). What is kept is keep()'s (tst_recorder:
# on 3.13 the sampler gives a recycled block the stack of the object that took it).
import sys
import heapline_recorder as recorder

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
kept = []


def scratch(n):
    values = [n * 0.5 + k for k in range(8)]  # eight floats, dropped on return
    total = {"sum": sum(values)}  # a dict and its key table, dropped on return
    return len(values) + len(total)


def keep(n):
    kept.append(n * 1.5)  # one float kept a call
    kept.append({"n": n})  # and one dict


recorder.mark("warm")
for n in range(ROUNDS):
    scratch(n)
    keep(n)
recorder.mark("done")
