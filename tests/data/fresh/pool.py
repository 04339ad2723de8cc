# A buffer pool that maps anonymous memory for each new connection and never unmaps it, while
# Python objects stay bounded (a deque of the last 100 requests).
import collections
import mmap
import time

pool = []
recent = collections.deque(maxlen=100)
for conn in range(60):
    buf = mmap.mmap(-1, 1 << 20)
    buf.write(b"x" * (1 << 20))
    pool.append(buf)
    for r in range(200):
        recent.append({"conn": conn, "req": r, "payload": "p" * 200})
    time.sleep(0.03)
