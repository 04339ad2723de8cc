# String concatenation in a loop: one string that keeps growing, copied as it goes.
import sys
import time
import heapline_recorder as recorder

# How many rounds: the first argument, or 40 (tests record fewer).
STEPS = int(sys.argv[1]) if len(sys.argv) > 1 else 40

log = ""


def append_line(i):
    global log
    log += "line %08d of the log, kept in one string\n" % i


recorder.mark("warm")
for step in range(STEPS):
    for i in range(250):
        append_line(step * 2000 + i)
    recorder.snapshot()
    time.sleep(0.01)
recorder.mark("done")
