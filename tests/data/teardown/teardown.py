# A Python program that grows a cache of parsed rows, then exits (the interpreter frees it).
import json
import time

cache = {}


def parse(i):
    return json.loads('{"id": %d, "name": "row %d", "tags": ["a", "b", "c"], "pad": "%s"}' % (i, i, "p" * 100))


for i in range(20000):
    cache[i] = parse(i)
    if i % 1000 == 0:
        time.sleep(0.02)
time.sleep(0.05)
