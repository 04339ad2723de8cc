# String concatenation in a loop: one string that keeps growing, copied as it goes.
import time
import heapline_recorder as recorder

log = ""


def append_line(i):
    global log
    log += "line %08d of the log, kept in one string\n" % i


recorder.mark("warm")
for step in range(40):
    for i in range(250):
        append_line(step * 2000 + i)
    recorder.snapshot()
    time.sleep(0.01)
recorder.mark("done")
