# Chunks of an export collected by collect(), then joined into one blob by finish(), which is kept.
import time
parts = []
def collect(i):
    parts.append(("%08d,user%d,%s\n" % (i, i % 977, "x" * 80)).encode())
def finish():
    blob = b"".join(parts)
    parts.clear()
    return blob
for i in range(200000):
    collect(i)
    if i % 40000 == 0:
        time.sleep(0.05)
blob = finish()
for i in range(10):
    time.sleep(0.03)
    _ = blob[i * 100:(i + 1) * 100]
print(len(blob))
