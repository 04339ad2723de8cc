"""A metrics collector: a background thread appends a sample dict every millisecond to a list
that nobody trims (the leak); the main thread handles jobs in batches that are freed; a
concurrent.futures pool computes digests and its results are dropped."""
import threading, time, hashlib
from concurrent.futures import ThreadPoolExecutor

samples = []
stop = False

def collect():
    i = 0
    while not stop:
        samples.append({"t": time.time(), "i": i, "labels": ("svc", "eu-west", str(i % 50))})
        i += 1
        time.sleep(0.0005)

def digest(blob):
    return hashlib.sha256(blob).hexdigest()

t = threading.Thread(target=collect, daemon=True)
t.start()
pool = ThreadPoolExecutor(max_workers=2)
start = time.time()
while time.time() - start < 3.0:
    batch = [bytes(2000) + str(k).encode() for k in range(2000)]
    list(pool.map(digest, batch[:50]))
    del batch
stop = True
t.join()
pool.shutdown()
print(len(samples))
