# Forks a child three times; each child builds a batch and exits normally (sys.exit runs the
# atexit handlers, the recorder's among them). The parent keeps 500 kB per round.
import os
import sys
import time

kept = []
for round in range(3):
    pid = os.fork()
    if pid == 0:
        junk = [bytearray(1000) for _ in range(1000)]
        time.sleep(0.2)
        sys.exit(0)
    kept.append(bytearray(500000))
    os.waitpid(pid, 0)
    time.sleep(0.1)
print("parent done", len(kept))
