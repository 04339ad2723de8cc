# A loader whose threads' target is a built-in: each thread extends the cache with the rows it is
# given, and the cache keeps them all. No frame of the program's is above what they make.
import threading
import time

cache = []
for batch in range(10):
    loader = threading.Thread(target=cache.extend, args=(map(str, range(batch * 100000, (batch + 1) * 100000)),))
    loader.start()
    loader.join()
    time.sleep(0.1)
