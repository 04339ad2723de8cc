"""Recent events kept in a deque(maxlen=30 000) for a dashboard, for 5 s."""
import collections, random, time
recent = collections.deque(maxlen=30_000)
start = time.time(); i = 0
while time.time() - start < 5:
    recent.append({"id": i, "user": "u%d" % random.randrange(1000), "path": "/item/%d" % i})
    i += 1
    if i % 500 == 0:
        time.sleep(0.001)
print(len(recent))
