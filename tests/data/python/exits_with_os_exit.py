# Ends with os._exit, as a server's worker or a program that skips its cleanup does: no atexit
# handler runs. It keeps 400 kB, and says how it ended in its exit status.
import os
import time

kept = []
for round in range(4):
    kept.append(bytearray(100000))
    time.sleep(0.05)
print("done", len(kept), flush=True)
os._exit(3)
