"""Loads a 40 MB reference table at start-up, then serves requests for 5 s; each request's
audit entry (300 bytes) is kept in a module-level list: a slow leak beside a large warm-up."""
import time
table = {i: ("ref-%06d" % i) * 4 for i in range(150_000)}
audit = []
def serve(i):
    row = table[i % 150_000]
    audit.append(("req-%d" % i).ljust(300))
    return len(row)
start = time.time(); i = 0
while time.time() - start < 5:
    serve(i); i += 1
    if i % 200 == 0: time.sleep(0.004)
print(i, len(audit))
