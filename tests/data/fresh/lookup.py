# A lookup service: answers requests through a bounded lru_cache whose entries turn over.
import functools, random, time

@functools.lru_cache(maxsize=400)
def lookup(key):
    return [key * i for i in range(280)]  # about 2.3 kB per answer (list + ints)

def serve(seconds):
    rng = random.Random(1)
    end = time.time() + seconds
    served = 0
    while time.time() < end:
        for _ in range(500):
            lookup(rng.randrange(20000))
            served += 1
        time.sleep(0.001)
    return served

print("served", serve(4.0))
